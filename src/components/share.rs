//! Share and start over: copy a link that replays this exact run (every click with its time,
//! and where you are in it), or start fresh from the default scenario.

use crate::app::use_playground;
use crate::persist::{forget, fragment_of, replace_fragment};
use crate::state::Action;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

/// What happened to the last copy.
#[derive(Clone, PartialEq)]
enum Copied {
    Nothing,
    Done(usize),
    /// The clipboard refused: the link is shown to copy by hand.
    ByHand(String),
}

/// The "Copy link" and "Start fresh" buttons.
#[component]
pub fn Share() -> Html {
    let state = use_playground();
    let copied = use_state(|| Copied::Nothing);
    let on_copy = {
        let state = state.clone();
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            let fragment = fragment_of(&state);
            replace_fragment(&fragment);
            let link = web_sys::window()
                .and_then(|w| w.location().href().ok())
                .unwrap_or_else(|| format!("#{fragment}"));
            let copied = copied.clone();
            let promise = web_sys::window().map(|w| w.navigator().clipboard().write_text(&link));
            wasm_bindgen_futures::spawn_local(async move {
                let ok = match promise {
                    Some(promise) => JsFuture::from(promise).await.is_ok(),
                    None => false,
                };
                copied.set(if ok {
                    Copied::Done(link.len())
                } else {
                    Copied::ByHand(link)
                });
            });
        })
    };
    let on_fresh = {
        let state = state.clone();
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            forget();
            copied.set(Copied::Nothing);
            state.dispatch(Action::StartFresh);
        })
    };
    let status = match &*copied {
        Copied::Nothing => html! {},
        Copied::Done(length) => html! {
            <span class="share-status" role="status">
                { format!("Link copied ({length} characters): it replays this run on any machine.") }
            </span>
        },
        Copied::ByHand(link) => html! {
            <label class="share-manual">
                <span>{ "Copy this link:" }</span>
                <input type="text" readonly=true value={link.clone()} />
            </label>
        },
    };
    html! {
        <div class="share">
            <button type="button" class="button button-primary" onclick={on_copy}>
                { "Copy link" }
            </button>
            <button type="button" class="button" onclick={on_fresh}
                title="Forget this session and start the default scenario again">
                { "Start fresh" }
            </button>
            { status }
        </div>
    }
}
