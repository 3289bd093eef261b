//! The browser side of share links: the page's URL fragment, read at start-up and whenever it
//! changes (pasting a link into the address bar of an open tab). The codec is
//! `engine::link`; opening a link is [`crate::state::Action::OpenLink`].

use crate::listener::Listener;
use crate::state::{Action, Playground};
use yew::prelude::*;

/// The URL fragment of the page, with its `#` (empty if none).
pub fn current_fragment() -> String {
    web_sys::window()
        .and_then(|window| window.location().hash().ok())
        .unwrap_or_default()
}

/// Opens every link the fragment changes to while the page is open.
#[hook]
pub fn use_link_opener(dispatcher: UseReducerDispatcher<Playground>) {
    use_effect_with((), move |()| {
        let listener = Listener::new(web_sys::window(), "hashchange", move |_| {
            dispatcher.dispatch(Action::OpenLink(current_fragment()));
        });
        move || drop(listener)
    });
}
