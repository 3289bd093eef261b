//! The log, a card with two tabs. "Events": what happened in plain words, newest at the bottom,
//! each with its reason, what the app could see, and how sure the model is of the rule.
//! "Console": the same run as `dasd` would print it in Console.app, to copy.
//!
//! Lines are formatted only when there is a new event (memoized on [`select::EventsKey`]), the
//! last [`PAGE`] are shown at first ("Show earlier" doubles that), and only those in sight are
//! laid out and painted (`content-visibility` in timeline.css), and while time runs new lines
//! arrive in a frame of their own, right after the tick's, so ticking at speed and jumping stay
//! cheap. Copying the console copies all of its lines, shown or not.

mod select;

use select::{console_columns, console_tail, identifiers, log_entries, EventsKey, PAGE};
pub use select::{HistoryKey, LogEntry};

use crate::app::{use_playground, use_setup};
use crate::components::certainty::CertaintyBadge;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Events,
    Console,
}

/// The log and the console.
#[component]
pub fn EventLog() -> Html {
    let state = use_playground();
    let tab = use_state(|| Tab::Events);
    let identifier = use_state(|| None::<String>);
    let show_verbose = use_state(|| false);
    let limit = use_state(|| PAGE);

    let sim = state.sim();
    let known = use_memo(HistoryKey::of(&sim), |_| identifiers(&sim));
    // While time runs, new lines come in a frame of their own, right after the tick's.
    let key = crate::frames::use_caught_up(EventsKey::of(&sim), state.running);
    let filter = (*identifier).clone();
    let entries = use_memo(
        (key.clone(), filter.clone(), *show_verbose, *limit, *tab),
        |(_, filter, verbose, limit, tab)| match tab {
            Tab::Events => log_entries(
                sim.events(),
                sim.first_event_number(),
                filter.as_deref(),
                *verbose,
                *limit,
            ),
            Tab::Console => (Vec::new(), false),
        },
    );
    let console = use_memo(
        (key, filter.clone(), *limit, *tab),
        |(_, filter, limit, tab)| match tab {
            Tab::Console => console_tail(sim.events(), filter.as_deref(), *limit),
            Tab::Events => (Vec::new(), false),
        },
    );
    drop(sim);

    let choose_tab = |which: Tab| {
        let tab = tab.clone();
        let limit = limit.clone();
        Callback::from(move |_: MouseEvent| {
            tab.set(which);
            limit.set(PAGE);
        })
    };
    let choose_identifier = {
        let identifier = identifier.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            let value = select.value();
            identifier.set((!value.is_empty()).then_some(value));
        })
    };
    let toggle_verbose = {
        let show_verbose = show_verbose.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            show_verbose.set(input.checked());
        })
    };
    let show_earlier = {
        let limit = limit.clone();
        Callback::from(move |_: MouseEvent| limit.set(*limit * 2))
    };

    let tab_button = |which: Tab, label: &'static str| {
        html! {
            <button type="button" class="segment" aria-pressed={(*tab == which).to_string()}
                onclick={choose_tab(which)}>
                { label }
            </button>
        }
    };

    html! {
        <section class="card log-card" aria-labelledby="log-title">
            <div class="log-header">
                <h2 class="card-title" id="log-title">{ "What happened" }</h2>
                <div class="segmented" role="group" aria-label="Log view">
                    { tab_button(Tab::Events, "Events") }
                    { tab_button(Tab::Console, "Console") }
                </div>
            </div>
            <div class="log-toolbar">
                <label class="log-filter">
                    <span class="visually-hidden">{ "Show events of" }</span>
                    <select class="log-filter-select" onchange={choose_identifier}>
                        <option value="" selected={identifier.is_none()}>{ "All identifiers" }</option>
                        { for known.iter().map(|known| html! {
                            <option value={known.clone()}
                                selected={identifier.as_deref() == Some(known.as_str())}>
                                { known.clone() }
                            </option>
                        }) }
                    </select>
                </label>
                if *tab == Tab::Events {
                    <label class="log-verbose">
                        <input type="checkbox" checked={*show_verbose} onchange={toggle_verbose} />
                        { "Show scheduler decisions" }
                    </label>
                } else {
                    <CopyButton {filter} empty={console.0.is_empty()} />
                }
            </div>
            <div class="log-panel">
                if *tab == Tab::Events {
                    <ScrollToLatest content={entries.0.last().map(|e| e.index)}
                        class="log-scroll" label="Events">
                        if entries.1 {
                            <button type="button" class="show-earlier" onclick={show_earlier.clone()}>
                                { "Show earlier" }
                            </button>
                        }
                        <LogLines entries={entries.clone()} />
                    </ScrollToLatest>
                } else {
                    <ScrollToLatest content={console.0.last().map(|_| console.0.len())}
                        class="console" label="Console">
                        if console.1 {
                            <button type="button" class="show-earlier" onclick={show_earlier}>
                                { "Show earlier" }
                            </button>
                        }
                        <ConsoleLines lines={console.clone()} />
                    </ScrollToLatest>
                }
            </div>
        </section>
    }
}

/// Props of [`ScrollToLatest`].
#[derive(Properties, PartialEq)]
struct ScrollToLatestProps {
    /// Changes when a new line arrives.
    content: Option<usize>,
    class: &'static str,
    label: &'static str,
    children: Html,
}

/// A scrolling box that follows the newest line at the bottom, unless the person has scrolled up
/// to read; scrolling back to the bottom follows again.
#[component]
fn ScrollToLatest(props: &ScrollToLatestProps) -> Html {
    let node = use_node_ref();
    let follow = use_mut_ref(|| true);
    {
        let node = node.clone();
        let follow = follow.clone();
        use_effect_with(props.content, move |_| {
            if *follow.borrow() {
                if let Some(element) = node.cast::<Element>() {
                    // The browser clamps to the bottom; not reading the height avoids forcing a
                    // layout in the middle of the update.
                    element.set_scroll_top(i32::MAX);
                }
            }
        });
    }
    let onscroll = {
        let node = node.clone();
        Callback::from(move |_: Event| {
            if let Some(element) = node.cast::<Element>() {
                let gap = element.scroll_height() - element.scroll_top() - element.client_height();
                *follow.borrow_mut() = gap < 24;
            }
        })
    };
    html! {
        <div ref={node} class={props.class} {onscroll} tabindex="0" role="region"
            aria-label={props.label}>
            { props.children.clone() }
        </div>
    }
}

/// Props of [`LogLines`].
#[derive(Properties)]
struct LogLinesProps {
    entries: Rc<(Vec<LogEntry>, bool)>,
}

impl PartialEq for LogLinesProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.entries, &other.entries)
    }
}

/// The log's lines, re-rendered only when they change, with a heading where a new day begins.
#[component]
fn LogLines(props: &LogLinesProps) -> Html {
    let entries = &props.entries.0;
    if entries.is_empty() {
        return html! {
            <p class="log-empty">{ "Nothing has happened yet. Press play, or step to the next event." }</p>
        };
    }
    let mut previous_day = None;
    let mut items = Vec::with_capacity(entries.len() + 8);
    for entry in entries {
        let day = entry.at.day_number();
        if previous_day.replace(day) != Some(day) {
            items.push(html! {
                <li class="log-day" key={format!("day-{day}")}>
                    { format!("{} {}", entry.at.weekday().short_name(), entry.at) }
                </li>
            });
        }
        items.push(
            html! { <LogLine key={format!("event-{}", entry.index)} entry={entry.clone()} /> },
        );
    }
    html! { <ol class="log-list">{ for items }</ol> }
}

/// Props of [`LogLine`].
#[derive(Properties, PartialEq)]
pub struct LogLineProps {
    /// The line.
    pub entry: LogEntry,
}

/// One event: the time, an icon, the headline, the reason, what the app saw, the certainty.
#[component]
pub fn LogLine(props: &LogLineProps) -> Html {
    let entry = &props.entry;
    html! {
        <li class={classes!("log-entry", entry.verbose.then_some("is-verbose"))}>
            <span class={classes!("log-icon", entry.icon.class())} role="img"
                aria-label={entry.icon.label()}></span>
            <div class="log-body">
                <p class="log-head">
                    <time class="log-time">{ entry.at.hh_mm_ss() }</time>
                    <span class="log-headline">{ &entry.headline }</span>
                </p>
                if let Some(reason) = &entry.reason {
                    <p class="log-reason">{ reason }</p>
                }
                if let Some(sees) = entry.app_sees {
                    <p class="log-sees">
                        <span class="log-sees-label">{ "The app sees: " }</span>{ sees }
                    </p>
                }
            </div>
            if let Some(source) = entry.source {
                <CertaintyBadge {source} />
            }
        </li>
    }
}

/// Props of [`ConsoleLines`].
#[derive(Properties)]
struct ConsoleProps {
    lines: Rc<(Vec<String>, bool)>,
}

impl PartialEq for ConsoleProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.lines, &other.lines)
    }
}

/// The console's lines in Console.app's columns.
#[component]
fn ConsoleLines(props: &ConsoleProps) -> Html {
    let lines = &props.lines.0;
    if lines.is_empty() {
        return html! {
            <p class="console-empty">{ "dasd has printed nothing about this app yet." }</p>
        };
    }
    html! {
        <div class="console-lines">
            { for lines.iter().map(|line| {
                let columns = console_columns(line);
                html! {
                    <div class={classes!("console-line", columns.timestamp.is_none().then_some("is-continuation"))}>
                        if let Some(timestamp) = columns.timestamp {
                            <span class="console-time">{ timestamp }</span>
                        }
                        if let Some(process) = columns.process {
                            <span class={classes!("console-process", (process == "dasd").then_some("is-dasd"))}>
                                { process }
                            </span>
                        }
                        <span class="console-message">{ columns.message }</span>
                    </div>
                }
            }) }
        </div>
    }
}

/// Props of [`CopyButton`].
#[derive(Properties, PartialEq)]
struct CopyButtonProps {
    /// The identifier the log is filtered on, if any.
    filter: Option<String>,
    /// No line to copy.
    empty: bool,
}

/// What became of the last copy.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CopyState {
    Idle,
    Copied,
    Failed,
}

/// Copies all the console's lines, not only those shown, with the Clipboard API; says so when the
/// browser does not allow it (never throws: `navigator.clipboard` is missing outside secure
/// contexts).
#[component]
fn CopyButton(props: &CopyButtonProps) -> Html {
    // The set-up handle reads the run as it is at the click, and does not re-render the button
    // on every tick as the playground's context would.
    let state = use_setup();
    let status = use_state(|| CopyState::Idle);
    let onclick = {
        let status = status.clone();
        let filter = props.filter.clone();
        // The whole console of the run, worked out only when asked for.
        Callback::from(move |_: MouseEvent| {
            let (lines, _) = console_tail(state.sim().events(), filter.as_deref(), usize::MAX);
            copy_to_clipboard(&lines.join("\n"), status.setter());
        })
    };
    let label = match *status {
        CopyState::Idle => "Copy",
        CopyState::Copied => "Copied",
        CopyState::Failed => "Copying is blocked: select the lines instead",
    };
    html! {
        <button type="button" class={classes!("copy-button", (*status == CopyState::Copied).then_some("is-copied"))}
            {onclick} disabled={props.empty} aria-live="polite">
            <svg viewBox="0 0 16 16" aria-hidden="true">
                <rect x="5" y="5" width="9" height="9" rx="2" fill="none" stroke="currentColor" stroke-width="1.5" />
                <path d="M11 3.2V3a1.5 1.5 0 0 0-1.5-1.5h-6A1.5 1.5 0 0 0 2 3v6A1.5 1.5 0 0 0 3.5 10.5h.2"
                    fill="none" stroke="currentColor" stroke-width="1.5" />
            </svg>
            { label }
        </button>
    }
}

fn copy_to_clipboard(text: &str, status: UseStateSetter<CopyState>) {
    let clipboard = web_sys::window()
        .map(|window| window.navigator())
        .and_then(|navigator| {
            js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard")).ok()
        })
        .filter(|clipboard| !clipboard.is_undefined() && !clipboard.is_null())
        .map(|clipboard| clipboard.unchecked_into::<web_sys::Clipboard>());
    let Some(clipboard) = clipboard else {
        status.set(CopyState::Failed);
        return;
    };
    let copied = {
        let status = status.clone();
        Closure::<dyn FnMut(JsValue)>::once(move |_: JsValue| status.set(CopyState::Copied))
    };
    let refused =
        Closure::<dyn FnMut(JsValue)>::once(move |_: JsValue| status.set(CopyState::Failed));
    // The rejection is handled here, so a refused permission never reaches the console.
    let _ = clipboard.write_text(text).then2(&copied, &refused);
    // One of the two is called later, by the browser: let JavaScript own them from now on.
    copied.forget();
    refused.forget();
}
