//! Nothing lost: the scenario and the time position are kept in the page's URL (so the address
//! bar is always a share link) and in `localStorage` (so a reload restores the session): right
//! after the next frame when something is done while paused, every few seconds while time runs,
//! and once more when the page is hidden or goes away.

use crate::app::PlaygroundHandle;
use crate::listener::Listener;
use crate::ticker::wall_now;
use engine::scenario::Scenario;
use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, Ordering};
use wasm_bindgen::JsValue;
use yew::prelude::*;

/// The `localStorage` key of the saved session.
const STORAGE_KEY: &str = "background-tasks-playground.session";

/// Wall milliseconds between two saves while time runs (putting the URL in the address bar
/// can make the browser lay out what it skips off screen: milliseconds, not for every frame).
const SAVE_EVERY_MS: f64 = 5_000.0;

thread_local! {
    /// The scenario last put in a link, and its part of the link. While time runs the scenario
    /// changes only when the person does something, but encoding it takes milliseconds (1.5-5
    /// for the busy benchmark run): the save every few seconds reuses it and writes the time.
    static LAST_ENCODED: RefCell<Option<(Scenario, String)>> = const { RefCell::new(None) };
}

/// Set once the app has failed (see [`stop_saving`]).
static SAVING_STOPPED: AtomicBool = AtomicBool::new(false);

/// Never save again in this page: the app has failed and its run may be broken, so the last
/// good save must stay (and "Start fresh" must not be undone by the save on `pagehide`).
pub fn stop_saving() {
    SAVING_STOPPED.store(true, Ordering::Relaxed);
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The saved session's fragment, if any.
pub fn saved_fragment() -> Option<String> {
    storage()?.get_item(STORAGE_KEY).ok()?
}

/// Forget the saved session and clear the URL's fragment.
pub fn forget() {
    forget_saved();
    replace_fragment("");
}

/// Forget the session saved in this browser, leaving the URL alone.
pub fn forget_saved() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(STORAGE_KEY);
    }
}

/// Put `fragment` in the address bar without reloading or firing `hashchange`.
pub fn replace_fragment(fragment: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(history) = window.history() else {
        return;
    };
    let path = window.location().pathname().unwrap_or_default();
    let search = window.location().search().unwrap_or_default();
    let url = if fragment.is_empty() {
        format!("{path}{search}")
    } else {
        format!("{path}{search}#{fragment}")
    };
    let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
}

/// The fragment that reopens the playground exactly as it is now.
pub fn fragment_of(state: &PlaygroundHandle) -> String {
    let sim = state.sim();
    let scenario = sim.scenario();
    let at = sim.now() - scenario.start;
    LAST_ENCODED.with_borrow_mut(|last| {
        let (kept, encoded) = match last.take() {
            Some((kept, encoded)) if kept == *scenario => (kept, encoded),
            _ => (scenario.clone(), engine::link::encode_scenario(scenario)),
        };
        let fragment = engine::link::at_time(&encoded, Some(at));
        *last = Some((kept, encoded));
        fragment
    })
}

fn save(state: &PlaygroundHandle) {
    if SAVING_STOPPED.load(Ordering::Relaxed) {
        return;
    }
    let fragment = fragment_of(state);
    replace_fragment(&fragment);
    if let Some(storage) = storage() {
        let _ = storage.set_item(STORAGE_KEY, &fragment);
    }
}

/// Whether the page is hidden (a background tab, a minimised window).
fn page_hidden() -> bool {
    web_sys::window()
        .and_then(|window| window.document())
        .is_some_and(|document| document.hidden())
}

/// Keeps the URL and `localStorage` up to date with the run: throttled while time runs, and
/// once more when the page is hidden or goes away (a reload, a closed tab), so nothing is lost.
///
/// A `first_visit` (no link, no saved session) opens the default run: there is nothing to keep
/// until something changes, and encoding it would only slow the first render down. Any other
/// opening is saved right after its first frame, which also takes a `#debug=panic` trigger or
/// a broken link out of the address bar.
#[hook]
pub fn use_autosave(state: PlaygroundHandle, first_visit: bool) {
    let last_saved = use_mut_ref(|| {
        if first_visit {
            wall_now()
        } else {
            f64::NEG_INFINITY
        }
    });
    let latest = use_mut_ref(|| state.clone());
    *latest.borrow_mut() = state.clone();
    // Encoding the run takes milliseconds (10-20 for a busy week): after a change while paused
    // it waits until the change is on screen, and changes that come before it are saved
    // together, as they are then. A hidden page draws no frames: it saves at once.
    let save_pending = use_mut_ref(|| false);
    let save_after_paint = {
        let latest = latest.clone();
        move || {
            if page_hidden() {
                return save(&latest.borrow());
            }
            crate::frames::after_next_paint_once(&save_pending, move || save(&latest.borrow()));
        }
    };
    use_effect_with((), move |()| {
        // A page that goes away (a reload, a closed tab) or is hidden (another tab, another app:
        // on a phone, the last moment it surely runs) saves the run as it is, then and there.
        // (`pagehide` comes before the page counts as hidden.)
        let window = web_sys::window();
        let document = window.as_ref().and_then(|window| window.document());
        let on_pagehide = {
            let latest = latest.clone();
            Listener::new(window, "pagehide", move |_| save(&latest.borrow()))
        };
        let on_visibility = Listener::new(document, "visibilitychange", move |_| {
            if page_hidden() {
                save(&latest.borrow());
            }
        });
        move || drop((on_pagehide, on_visibility))
    });
    let revision = state.revision;
    let running = state.running;
    // A broken link leaves a notice and changes nothing else: saving then puts the kept
    // scenario back in the address bar.
    let notice = state.notice.clone();
    use_effect_with((revision, running, notice), move |_| {
        let wall = wall_now();
        if !state.running {
            // Every change while paused: a deliberate position.
            *last_saved.borrow_mut() = wall;
            save_after_paint();
        } else if wall - *last_saved.borrow() >= SAVE_EVERY_MS {
            // While time runs, every few seconds, also right after the next frame: putting the
            // URL in the address bar makes the browser lay the page out first, which right after
            // a tick's changes took 10-17 ms of that tick's frame. (A hidden page, where ticks go
            // on but no frame is drawn, saves at once.)
            *last_saved.borrow_mut() = wall;
            save_after_paint();
        }
    });
}
