//! When the app itself fails: a Rust panic puts a plain error panel in place of the page (never
//! a blank or frozen page), with a report to copy, "Reload this link" and "Start fresh".
//!
//! The release build aborts on panic (`panic = "abort"`), and by the time the hook runs Yew's
//! scheduler may be half-way through a render, so the panel is built with web-sys alone and its
//! buttons touch nothing of Yew's. Every piece of text is set with `text_content` or `set_value`,
//! never parsed as HTML. `assets/boot.js` shows a similar panel when the wasm cannot load at all,
//! or when it traps without a panic (out of memory, stack overflow).
//!
//! For the end-to-end test, opening the page at [`PANIC_FRAGMENT`] (`#debug=panic`) panics on
//! purpose once the app has rendered; see [`install`].

use std::panic::PanicHookInfo;
use std::sync::atomic::{AtomicBool, Ordering};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, HtmlElement, HtmlTextAreaElement};

/// The URL fragment that makes the app panic on purpose just after it has rendered: nothing a
/// visitor types or clicks produces it (share links start with `#s=`).
pub const PANIC_FRAGMENT: &str = "#debug=panic";

/// Set by the first panic: later ones (often consequences of the first) only go to the console.
static PANICKED: AtomicBool = AtomicBool::new(false);
/// Set by [`install`] when the page was opened at [`PANIC_FRAGMENT`].
static PANIC_REQUESTED: AtomicBool = AtomicBool::new(false);

/// Installs the panic hook; call it first thing in `main`. (Through Yew, which otherwise puts its
/// own hook in place when the app is rendered.) If the page was opened at [`PANIC_FRAGMENT`],
/// also takes that fragment out of the address bar (so reloading does not panic again) and arms
/// [`panic_if_requested`].
pub fn install() {
    yew::set_custom_panic_hook(Box::new(on_panic));
    if crate::link::current_fragment() == PANIC_FRAGMENT {
        crate::persist::replace_fragment("");
        PANIC_REQUESTED.store(true, Ordering::Relaxed);
    }
}

/// Panics if the page was opened at [`PANIC_FRAGMENT`] (once). The app calls it from an effect,
/// so the panic happens inside Yew's scheduler, as a real bug's would.
pub fn panic_if_requested() {
    if PANIC_REQUESTED.swap(false, Ordering::Relaxed) {
        panic!("a deliberate panic, asked for by opening the page at {PANIC_FRAGMENT}");
    }
}

fn on_panic(info: &PanicHookInfo<'_>) {
    // For developers: the message, where, and the JavaScript stack, in the console.
    console_error_panic_hook::hook(info);
    if PANICKED.swap(true, Ordering::Relaxed) {
        return;
    }
    // The run may be in a broken state: never save it over the last good one.
    crate::persist::stop_saving();
    let message = info
        .payload_as_str()
        .unwrap_or("(a panic without a message)");
    let place = info
        .location()
        .map(|at| format!("{}:{}:{}", at.file(), at.line(), at.column()))
        .unwrap_or_else(|| "(unknown)".to_owned());
    let _ = show_panel(&report(message, &place));
}

/// The plain-text report: what failed and where, which build, when, in which browser, and the
/// link to the run (so the bug can be replayed).
fn report(message: &str, place: &str) -> String {
    let window = web_sys::window();
    let document = window.as_ref().and_then(|w| w.document());
    let href = window
        .as_ref()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    // The address bar holds the run as a share link; when it has no fragment yet, the session
    // saved in this browser is the run.
    let link = match crate::persist::saved_fragment() {
        Some(saved) if !href.contains('#') => format!("{href}#{saved}"),
        _ => href,
    };
    let agent = window
        .as_ref()
        .and_then(|w| w.navigator().user_agent().ok())
        .unwrap_or_default();
    let build = document
        .and_then(|d| {
            d.query_selector("meta[name=\"playground-app\"]")
                .ok()
                .flatten()
        })
        .and_then(|meta| meta.get_attribute("data-wasm"))
        .map(|wasm| format!(" ({})", wasm.trim_start_matches("./")))
        .unwrap_or_default();
    let time = String::from(js_sys::Date::new_0().to_iso_string());
    format!(
        "Background Tasks Playground: internal error\n\
         Error: {message}\n\
         Where: {place}\n\
         Version: {version}{build}\n\
         Time: {time}\n\
         Browser: {agent}\n\
         Link: {link}\n",
        version = env!("CARGO_PKG_VERSION"),
    )
}

/// Creates `<tag class=...>` holding `text` (as text) at the end of `parent`.
fn add(
    document: &Document,
    parent: &Element,
    tag: &str,
    class: &str,
    text: &str,
) -> Option<Element> {
    let element = document.create_element(tag).ok()?;
    if !class.is_empty() {
        element.set_class_name(class);
    }
    if !text.is_empty() {
        element.set_text_content(Some(text));
    }
    parent.append_child(&element).ok()?;
    Some(element)
}

/// A `<button type="button">` that runs `on_click` (kept for the page's lifetime).
fn add_button(
    document: &Document,
    parent: &Element,
    class: &str,
    text: &str,
    on_click: impl FnMut() + 'static,
) -> Option<Element> {
    let button = add(document, parent, "button", class, text)?;
    button.set_attribute("type", "button").ok()?;
    let listener = Closure::<dyn FnMut()>::new(on_click);
    button
        .add_event_listener_with_callback("click", listener.as_ref().unchecked_ref())
        .ok()?;
    listener.forget();
    Some(button)
}

/// Selects the report so the visitor can copy it by hand, and says so.
fn copy_by_hand(report: &HtmlTextAreaElement, status: &Element) {
    let _ = report.focus();
    report.select();
    status.set_text_content(Some(
        "This browser did not let the page copy. The report is selected: press Ctrl+C (⌘C on a Mac) to copy it.",
    ));
}

/// Hides the page's content and shows the error panel instead, focused on its heading.
fn show_panel(report: &str) -> Option<()> {
    let window = web_sys::window()?;
    let document = window.document()?;
    let body = document.body()?;
    document.set_title("The playground stopped – Background Tasks Playground");

    let panel = add(&document, &body, "main", "failure", "")?;
    panel.set_id("failure");
    panel
        .set_attribute("aria-labelledby", "failure-title")
        .ok()?;
    let card = add(&document, &panel, "div", "failure-card", "")?;
    let heading = add(
        &document,
        &card,
        "h1",
        "failure-title",
        "The playground stopped",
    )?;
    heading.set_id("failure-title");
    heading.set_attribute("tabindex", "-1").ok()?;
    add(
        &document,
        &card,
        "p",
        "failure-text",
        "A bug in the playground stopped it. It was not something you did, and nothing has been \
         sent anywhere: the playground runs entirely in your browser.",
    )?;
    add(
        &document,
        &card,
        "p",
        "failure-text",
        "Reload this link to try again from where you were. If it stops again, start fresh: that \
         forgets the session saved in this browser and opens the default scenario. To report the \
         bug, copy the report below and include it.",
    )?;

    let label = add(&document, &card, "label", "failure-label", "Report")?;
    label.set_attribute("for", "failure-report").ok()?;
    // In a <div> of its own, so the label sits above it even without CSS.
    let area: HtmlTextAreaElement = add(&document, &card, "div", "", "")
        .and_then(|boxed| add(&document, &boxed, "textarea", "failure-report", ""))?
        .dyn_into()
        .ok()?;
    area.set_id("failure-report");
    area.set_read_only(true);
    area.set_rows(9);
    area.set_cols(80);
    area.set_attribute("spellcheck", "false").ok()?;
    area.set_value(report);

    let actions = add(&document, &card, "div", "failure-actions", "")?;
    let status = add(&document, &card, "p", "failure-status", "")?;
    status.set_attribute("role", "status").ok()?;

    let on_copied = {
        let status = status.clone();
        Closure::<dyn FnMut(JsValue)>::new(move |_| {
            status.set_text_content(Some("Report copied."));
        })
    };
    let on_refused = {
        let (area, status) = (area.clone(), status.clone());
        Closure::<dyn FnMut(JsValue)>::new(move |_| copy_by_hand(&area, &status))
    };
    {
        let (area, status, navigator) = (area.clone(), status.clone(), window.navigator());
        add_button(
            &document,
            &actions,
            "button button-primary",
            "Copy report",
            move || {
                // `navigator.clipboard` is missing outside secure contexts.
                let has_clipboard =
                    js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
                        .is_ok_and(|clipboard| !clipboard.is_undefined() && !clipboard.is_null());
                if has_clipboard {
                    let _ = navigator
                        .clipboard()
                        .write_text(&area.value())
                        .then2(&on_copied, &on_refused);
                } else {
                    copy_by_hand(&area, &status);
                }
            },
        )?;
    }
    let location = window.location();
    {
        let location = location.clone();
        add_button(
            &document,
            &actions,
            "button",
            "Reload this link",
            move || {
                let _ = location.reload();
            },
        )?;
    }
    add_button(&document, &actions, "button", "Start fresh", move || {
        crate::persist::forget_saved();
        // Load the page again without the fragment, in one navigation.
        let path = location.pathname().unwrap_or_default();
        let search = location.search().unwrap_or_default();
        let _ = location.replace(&format!("{path}{search}"));
    })?;

    // Only now that the panel stands, hide what the app drew (it may be half-updated), from
    // sight, the keyboard and screen readers.
    let mut child = body.first_element_child();
    while let Some(element) = child {
        if element != panel {
            let _ = element.set_attribute("hidden", "");
            let _ = element.set_attribute("inert", "");
        }
        child = element.next_element_sibling();
    }
    heading.dyn_ref::<HtmlElement>()?.focus().ok()
}
