//! The large clock in the app shell: virtual date and time, and whether time runs.

use crate::state::Speed;
use engine::time::Instant;
use yew::prelude::*;

/// Properties of [`Clock`].
#[derive(Properties, PartialEq)]
pub struct ClockProps {
    /// The virtual time to show.
    pub now: Instant,
    /// Whether virtual time is running.
    pub running: bool,
    /// How fast it runs.
    pub speed: Speed,
}

/// The virtual clock, large.
#[component]
pub fn Clock(props: &ClockProps) -> Html {
    let now = props.now;
    let status = if props.running {
        format!("Running at {}×", props.speed.id())
    } else {
        "Paused".to_owned()
    };
    html! {
        <section class="card clock-card" aria-label="Virtual time">
            <h2 class="card-title">{ "Virtual time" }</h2>
            <p class="clock-time">{ now.hh_mm_ss() }</p>
            <p class="clock-date">{ format!("{} {}", now.weekday().short_name(), now) }</p>
            <p class={classes!("clock-status", props.running.then_some("is-running"))}>
                <span class="clock-status-dot" aria-hidden="true"></span>
                { status }
            </p>
        </section>
    }
}
