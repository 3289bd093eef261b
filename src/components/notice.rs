//! The notice banner: the latest message for the person (an edit that could not be loaded, an
//! action that discarded later clicks), until they dismiss it.

use crate::app::use_playground;
use crate::state::Action;
use yew::prelude::*;

/// The latest notice, with a button to dismiss it; nothing when there is none.
#[component]
pub fn NoticeBanner() -> Html {
    let handle = use_playground();
    let Some(notice) = handle.notice.clone() else {
        return Html::default();
    };
    let dismiss = {
        let handle = handle.clone();
        Callback::from(move |_: MouseEvent| handle.dispatch(Action::DismissNotice))
    };
    html! {
        <div class="notice-banner" role="status">
            <svg class="notice-icon" viewBox="0 0 20 20" aria-hidden="true">
                <circle cx="10" cy="10" r="9" />
                <path d="M10 5.5v6M10 14.2v.3" stroke-width="2" stroke-linecap="round" />
            </svg>
            <p class="notice-text">{ notice.text }</p>
            <button type="button" class="notice-dismiss" aria-label="Dismiss the message" onclick={dismiss}>
                <svg viewBox="0 0 12 12" aria-hidden="true"><path d="M2 2l8 8M10 2l-8 8" /></svg>
            </button>
        </div>
    }
}
