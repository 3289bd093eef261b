//! Work timed to the browser's frames, and views that wait while nobody can see them.

use crate::app::{use_playground, PlaygroundHandle};
use js_sys::Array;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};
use yew::prelude::*;

/// Runs `work` in a task of its own once the browser has drawn the next frame (an animation
/// frame, then a timeout), so that it does not delay what the person is waiting to see. Without
/// a window it runs at once.
pub fn after_next_paint(work: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return work();
    };
    let next_frame = Closure::once(move || {
        let task = Closure::once(work);
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback(task.as_ref().unchecked_ref());
        }
        // The browser calls each once, later: JavaScript owns them from now on.
        task.forget();
    });
    if window
        .request_animation_frame(next_frame.as_ref().unchecked_ref())
        .is_err()
    {
        return;
    }
    next_frame.forget();
}

/// [`after_next_paint`], but once however often it is asked before that frame: `pending` says
/// that one is already waiting, and later calls' `work` is dropped, so `work` must act on the
/// newest state when it runs.
pub fn after_next_paint_once(pending: &Rc<RefCell<bool>>, work: impl FnOnce() + 'static) {
    if pending.replace(true) {
        return;
    }
    let pending = pending.clone();
    after_next_paint(move || {
        pending.replace(false);
        work();
    });
}

/// `latest`, or while time runs, what `latest` was when the previous frame was drawn: a view
/// that renders from it draws its changes in a frame of its own, right after the one that
/// shows the tick, so that a tick with many changes is not drawn all in one frame. Paused, it
/// is `latest` at once. One catch-up at a time, to the newest value then (a hidden page draws
/// no frames, so its ticks must not pile them up).
#[hook]
pub fn use_caught_up<K: Clone + PartialEq + 'static>(latest: K, running: bool) -> K {
    let shown = use_mut_ref(|| latest.clone());
    let newest = use_mut_ref(|| latest.clone());
    let catching_up = use_mut_ref(|| false);
    let redraw = use_force_update();
    *newest.borrow_mut() = latest.clone();
    if !running {
        *shown.borrow_mut() = latest.clone();
    }
    {
        let shown = shown.clone();
        use_effect_with(latest, move |latest| {
            if *shown.borrow() != *latest {
                after_next_paint_once(&catching_up, move || {
                    *shown.borrow_mut() = newest.borrow().clone();
                    redraw.force_update();
                });
            }
        });
    }
    let key = shown.borrow().clone();
    key
}

/// Whether the element of `node` is on screen or within half a screen of it (where
/// `content-visibility: auto` starts drawing a card), as an `IntersectionObserver` reports;
/// true until its first report, and where there is none.
#[hook]
pub fn use_near_screen(node: NodeRef) -> bool {
    let near = use_state_eq(|| true);
    {
        let near = near.clone();
        use_effect_with(node, move |node| {
            let observed = node.cast::<web_sys::Element>().and_then(|element| {
                let report = Closure::<dyn FnMut(Array)>::new(move |entries: Array| {
                    if let Some(entry) = entries.iter().last() {
                        let entry: IntersectionObserverEntry = entry.unchecked_into();
                        near.set(entry.is_intersecting());
                    }
                });
                let options = IntersectionObserverInit::new();
                options.set_root_margin("50%");
                let observer = IntersectionObserver::new_with_options(
                    report.as_ref().unchecked_ref(),
                    &options,
                )
                .ok()?;
                observer.observe(&element);
                Some((observer, report))
            });
            move || {
                if let Some((observer, _report)) = observed {
                    observer.disconnect();
                }
            }
        });
    }
    *near
}

/// Properties of [`HeldOffScreen`].
#[derive(Properties, PartialEq)]
pub struct HeldOffScreenProps {
    /// The views to hold.
    pub children: Html,
}

/// Its views, not rendered again while time runs and they are far off screen: they are given
/// the playground's context as it was when the hold began, which Yew sees unchanged, and the
/// context as it is again as soon as they come near (half a screen away) or time stops. Off
/// screen the browser still lays out and paints what changes there (the phone is not a skipped
/// card) and `history.replaceState` lays out skipped cards whose content changed: at 3600x with
/// the timeline on screen, the phone, its controls and the app's cards above took about a
/// fifth of a tick's frame (p50 ~10 -> ~8 ms). A box of its own in the column, laid out as the
/// column lays out the views in it.
#[component]
pub fn HeldOffScreen(props: &HeldOffScreenProps) -> Html {
    let state = use_playground();
    let node = use_node_ref();
    let near = use_near_screen(node.clone());
    // The run as it was when the hold began, or as it is now.
    let held = use_mut_ref(|| None::<PlaygroundHandle>);
    let shown = {
        let mut held = held.borrow_mut();
        let hold = state.running && !near;
        if !hold {
            *held = None;
        }
        held.get_or_insert(state).clone()
    };
    html! {
        <div class="held-off-screen" ref={node}>
            <ContextProvider<PlaygroundHandle> context={shown}>
                { props.children.clone() }
            </ContextProvider<PlaygroundHandle>>
        </div>
    }
}
