//! Guided lessons: real developer questions, each a preset that opens at the moment to watch,
//! with its story, what it teaches and Apple's documentation. Every lesson is also a link.

use crate::app::use_playground;
use crate::state::Action;
use engine::lessons::{all, Lesson};
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The `id` of the header's Lessons button, which gets the focus back when the drawer closes.
pub const LESSONS_BUTTON_ID: &str = "lessons-button";

/// Closes the drawer and puts the keyboard focus back on the button that opened it (the drawer's
/// own buttons, which had it, are about to go).
fn close_and_refocus(on_close: &Callback<()>) {
    on_close.emit(());
    let button = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id(LESSONS_BUTTON_ID));
    if let Some(button) = button.and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok()) {
        // Focusing a button that is in the page cannot fail.
        button.focus().ok();
    }
}

/// Properties of [`Lessons`].
#[derive(Properties, PartialEq)]
pub struct LessonsProps {
    /// Called to close the drawer.
    pub on_close: Callback<()>,
}

/// The list of lessons, and the story of the one opened.
#[component]
pub fn Lessons(props: &LessonsProps) -> Html {
    let state = use_playground();
    let lessons = use_memo((), |()| all());
    let opened = use_state(|| None::<&'static str>);
    let open = {
        let state = state.clone();
        let opened = opened.clone();
        Callback::from(move |lesson: Lesson| {
            opened.set(Some(lesson.id));
            state.dispatch(Action::OpenLink(lesson.link()));
        })
    };
    let current = opened.and_then(|id| lessons.iter().find(|l| l.id == id).copied());
    let on_close = {
        let on_close = props.on_close.clone();
        Callback::from(move |_: MouseEvent| close_and_refocus(&on_close))
    };
    // Escape closes the drawer when the focus is in it.
    let on_escape = {
        let on_close = props.on_close.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Escape" {
                event.prevent_default();
                close_and_refocus(&on_close);
            }
        })
    };
    html! {
        <section class="card lessons" aria-label="Lessons" onkeydown={on_escape}>
            <div class="lessons-head">
                <h2 class="card-title">{ "Lessons from real questions" }</h2>
                <button type="button" class="button button-quiet" onclick={on_close}
                    aria-label="Close the lessons">{ "Close" }</button>
            </div>
            if let Some(lesson) = current {
                <article class="lesson-story" aria-live="polite">
                    <h3>{ lesson.title }</h3>
                    <p class="lesson-asked">{ format!("Asked in {}", lesson.asked_in) }</p>
                    <p>{ lesson.story }</p>
                    <h4>{ "Watch" }</h4>
                    <p>{ lesson.watch }</p>
                    <h4>{ "What it teaches" }</h4>
                    <p>{ lesson.teaches }</p>
                    <h4>{ "Apple's documentation" }</h4>
                    <ul class="lesson-docs">
                        { for lesson.docs.iter().map(|doc| html! {
                            <li><a href={doc.url} target="_blank" rel="noopener noreferrer">{ doc.title }</a></li>
                        }) }
                    </ul>
                    <p class="lesson-hint">
                        { "The run is paused at the moment to watch: press Play (or Space), or pick a speed." }
                    </p>
                </article>
            }
            <ol class="lesson-list">
                { for lessons.iter().map(|lesson| {
                    let lesson = *lesson;
                    let onclick = open.reform(move |event: MouseEvent| {
                        event.prevent_default();
                        lesson
                    });
                    let active = current.is_some_and(|c| c.id == lesson.id);
                    html! {
                        <li class={classes!("lesson-item", active.then_some("is-active"))}>
                            <a href={format!("#{}", lesson.link())} {onclick}
                                aria-current={active.then_some("true")}>
                                { lesson.title }
                            </a>
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}
