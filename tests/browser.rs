//! The app mounted in a real browser (headless Chromium, through wasm-bindgen-test-runner):
//! each test mounts `App` into a fresh `<div>`, acts like a user and checks the DOM.
//!
//! Run with `cargo test -p playground --target wasm32-unknown-unknown --test browser`
//! (scripts/test.sh does). Natively this file compiles to nothing.
#![cfg(target_arch = "wasm32")]

use playground::App;
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, Event, EventInit, HtmlElement, HtmlSelectElement};
use yew::platform::time::sleep;
use yew::AppHandle;

wasm_bindgen_test_configure!(run_in_browser);

/// An app mounted in its own `<div>`, unmounted and removed when dropped.
struct Mounted {
    root: Element,
    handle: Option<AppHandle<App>>,
}

impl Mounted {
    async fn new() -> Mounted {
        // Every test starts like a first visit: no saved session, no link in the URL.
        playground::persist::forget();
        let document = web_sys::window().unwrap().document().unwrap();
        let root = document.create_element("div").unwrap();
        document.body().unwrap().append_child(&root).unwrap();
        let handle = yew::Renderer::<App>::with_root(root.clone()).render();
        // Yew renders asynchronously: let it mount before anyone reads the DOM.
        settle(50).await;
        Mounted {
            root,
            handle: Some(handle),
        }
    }

    fn find(&self, selector: &str) -> Element {
        self.root
            .query_selector(selector)
            .unwrap()
            .unwrap_or_else(|| panic!("nothing matches {selector}"))
    }

    fn text(&self, selector: &str) -> String {
        self.find(selector).text_content().unwrap_or_default()
    }

    async fn click(&self, selector: &str) {
        self.find(selector).unchecked_into::<HtmlElement>().click();
        settle(50).await;
    }

    /// Scrolls `selector` into the window, as a person looks at it: while time runs, a view
    /// far off screen is not drawn again (`HeldOffScreen`), and this page has no stylesheet,
    /// so everything is taller than on the site.
    async fn look_at(&self, selector: &str) {
        self.find(selector).scroll_into_view();
        settle(50).await;
    }

    async fn choose_speed(&self, value: &str) {
        let select: HtmlSelectElement = self.find(".speed-select").unchecked_into();
        select.set_value(value);
        let init = EventInit::new();
        init.set_bubbles(true);
        let change = Event::new_with_event_init_dict("change", &init).unwrap();
        select.dispatch_event(&change).unwrap();
        settle(50).await;
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.destroy();
        }
        self.root.remove();
    }
}

async fn settle(ms: u64) {
    sleep(Duration::from_millis(ms)).await;
}

/// Seconds since midnight of an `HH:MM:SS` clock text.
fn seconds_of(clock: &str) -> u32 {
    let parts: Vec<u32> = clock
        .split(':')
        .map(|part| {
            part.parse()
                .unwrap_or_else(|_| panic!("not a clock: {clock:?}"))
        })
        .collect();
    assert_eq!(parts.len(), 3, "not HH:MM:SS: {clock:?}");
    parts[0] * 3600 + parts[1] * 60 + parts[2]
}

#[wasm_bindgen_test]
async fn shows_the_phone_at_monday_morning() {
    let app = Mounted::new().await;
    app.find(".phone-frame");
    app.find(".phone-screen .dynamic-island");
    // The status bar reads HH:MM like an iPhone's; the seconds are in its datetime attribute.
    assert_eq!(app.text(".status-bar .status-time"), "07:55");
    let exact = app
        .find(".status-bar .status-time")
        .get_attribute("datetime")
        .unwrap_or_default();
    assert!(exact.starts_with("07:55:0"), "status bar time is {exact:?}");
    assert_eq!(app.text(".lock-time"), "07:55");
    let date = app.text(".lock-date");
    assert!(date.contains("23"), "lock screen date reads {date:?}");
    assert!(app.text(".clock-time").starts_with("07:55:0"));
    assert_eq!(app.text(".clock-date"), "Mon 2026-11-23");
    assert_eq!(app.text(".play-pause-label"), "Pause");
    assert!(app.text(".clock-status").contains("Running at 1×"));
}

#[wasm_bindgen_test]
async fn clock_runs_and_pause_stops_it() {
    let app = Mounted::new().await;
    app.look_at(".phone").await;
    let first = seconds_of(&app.text(".clock-time"));
    settle(1_300).await;
    let later = seconds_of(&app.text(".clock-time"));
    assert!(later > first, "clock did not advance: {first} then {later}");
    let exact = app
        .find(".status-time")
        .get_attribute("datetime")
        .unwrap_or_default();
    assert_eq!(exact, app.text(".clock-time"));

    app.click(".play-pause").await;
    assert_eq!(app.text(".play-pause-label"), "Play");
    assert_eq!(app.text(".clock-status"), "Paused");
    let paused = app.text(".clock-time");
    settle(1_300).await;
    assert_eq!(app.text(".clock-time"), paused, "clock moved while paused");

    app.click(".play-pause").await;
    settle(1_300).await;
    assert!(seconds_of(&app.text(".clock-time")) > seconds_of(&paused));
}

#[wasm_bindgen_test]
async fn speed_menu_makes_an_hour_pass_each_second() {
    let app = Mounted::new().await;
    app.look_at(".phone").await;
    app.choose_speed("3600").await;
    assert!(app.text(".clock-status").contains("3600×"));
    let before = seconds_of(&app.text(".clock-time"));
    settle(1_000).await;
    let after = seconds_of(&app.text(".clock-time"));
    // About 3600 virtual seconds; allow for timer jitter either way.
    assert!(
        (2_500..=5_400).contains(&(after - before)),
        "advanced {} s in one wall second",
        after - before
    );
    assert_eq!(&app.text(".lock-time")[..2], &app.text(".clock-time")[..2]);
}
