//! Play/pause and the speed menu.

use crate::state::Speed;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// Properties of [`Controls`].
#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    /// Whether virtual time is running (the button then offers to pause).
    pub running: bool,
    /// The selected speed.
    pub speed: Speed,
    /// Called when the play/pause button is pressed.
    pub on_toggle: Callback<()>,
    /// Called with the speed chosen in the menu.
    pub on_speed: Callback<Speed>,
}

/// The time controls.
#[component]
pub fn Controls(props: &ControlsProps) -> Html {
    let onclick = props.on_toggle.reform(|_: MouseEvent| ());
    let onchange = {
        let on_speed = props.on_speed.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            if let Some(speed) = Speed::from_id(&select.value()) {
                on_speed.emit(speed);
            }
        })
    };
    let (label, icon) = if props.running {
        ("Pause", html! { <path d="M6 4h4v16H6zM14 4h4v16h-4z" /> })
    } else {
        ("Play", html! { <path d="M7 4v16l13-8z" /> })
    };
    html! {
        <section class="card controls" aria-label="Time controls">
            <button type="button" class="play-pause" {onclick}>
                <svg viewBox="0 0 24 24" aria-hidden="true">{ icon }</svg>
                <span class="play-pause-label">{ label }</span>
            </button>
            <label class="speed">
                <span class="speed-label">{ "Speed" }</span>
                <select class="speed-select" {onchange}>
                    { for Speed::ALL.into_iter().map(|speed| html! {
                        <option value={speed.id()} selected={speed == props.speed}>
                            { speed.label() }
                        </option>
                    }) }
                </select>
            </label>
        </section>
    }
}
