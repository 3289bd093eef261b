//! The clock bar, sticky under the header: the virtual date and time, whether the clock runs and
//! how fast, and the controls that move it (restart, back an hour, play/pause, step, speed, and
//! "jump to" a typed time). Going back in time replays the run from its start: that is the scrub.

mod jump;

use jump::parse_jump;

use crate::app::use_playground;
use crate::shortcuts::{SHORTCUTS, SHORTCUTS_HELP_ID};
use crate::state::{Action, Speed};
use crate::ticker::wall_now;
use engine::time::{Duration, Instant};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Which day of the run `now` falls on, counting the start's day as day 1.
pub fn day_of_run(now: Instant, start: Instant) -> i64 {
    now.day_number() - start.day_number() + 1
}

/// The clock's status line: `Paused`, or `Running at 3600×`.
pub fn status_text(running: bool, speed: Speed) -> String {
    if running {
        format!("Running at {}\u{d7}", speed.id())
    } else {
        "Paused".into()
    }
}

/// The clock bar.
#[component]
pub fn ClockBar() -> Html {
    let state = use_playground();
    let now = state.now();
    let start = state.sim().start();
    let running = state.running;

    let toggle = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::TogglePlay { wall: wall_now() }))
    };
    let step = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Step))
    };
    let restart = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Restart))
    };
    let back_an_hour = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::JumpTo {
                at: now - Duration::from_hours(1),
                wall: wall_now(),
            })
        })
    };
    let change_speed = {
        let state = state.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            if let Some(speed) = Speed::from_id(&select.value()) {
                state.dispatch(Action::SetSpeed {
                    speed,
                    wall: wall_now(),
                });
            }
        })
    };

    let play_label = if running { "Pause" } else { "Play" };
    html! {
        <section class="clock-bar" aria-label="Virtual clock">
            <div class="clock-bar-inner">
                <div class="clock-readout">
                    <p class="clock-time">{ now.hh_mm_ss() }</p>
                    <p class="clock-meta">
                        <span class="clock-date">
                            { format!("{} {}", now.weekday().short_name(), now) }
                        </span>
                        <span class="clock-day">{ format!("Day {}", day_of_run(now, start)) }</span>
                        <span class={classes!("clock-status", running.then_some("is-running"))}
                            aria-live="polite">
                            <span class="clock-status-dot" aria-hidden="true"></span>
                            { status_text(running, state.speed) }
                        </span>
                    </p>
                </div>
                <div class="clock-controls" role="group" aria-label="Time controls">
                    <button type="button" class="icon-button" onclick={restart}
                        aria-label="Restart from the beginning" title="Restart from the beginning">
                        <svg viewBox="0 0 20 20" aria-hidden="true">
                            <rect x="3" y="4" width="2.4" height="12" rx="1" />
                            <path d="M16.5 4.6v10.8a.8.8 0 0 1-1.2.7L7.2 10.7a.8.8 0 0 1 0-1.4l8.1-5.4a.8.8 0 0 1 1.2.7z" />
                        </svg>
                    </button>
                    <button type="button" class="icon-button" onclick={back_an_hour}
                        aria-label="Back one hour" title="Back one hour (\u{2190})">
                        <svg viewBox="0 0 20 20" aria-hidden="true">
                            <path d="M4.2 7.5A6.5 6.5 0 1 1 3.6 12" fill="none" stroke="currentColor"
                                stroke-width="1.9" stroke-linecap="round" />
                            <path d="M2.6 3.6l1.4 4.6 4.5-1.5z" />
                            <path d="M10 6.6v3.8l2.6 1.6" fill="none" stroke="currentColor"
                                stroke-width="1.7" stroke-linecap="round" stroke-linejoin="round" />
                        </svg>
                    </button>
                    <button type="button" class="play-pause" onclick={toggle}
                        aria-label={play_label} title={format!("{play_label} (Space)")}>
                        <svg viewBox="0 0 20 20" aria-hidden="true">
                            if running {
                                <rect x="4.5" y="3.5" width="4" height="13" rx="1.2" />
                                <rect x="11.5" y="3.5" width="4" height="13" rx="1.2" />
                            } else {
                                <path d="M6 3.8v12.4a.9.9 0 0 0 1.4.8l9.6-6.2a.9.9 0 0 0 0-1.6L7.4 3a.9.9 0 0 0-1.4.8z" />
                            }
                        </svg>
                        <span class="play-pause-label">{ play_label }</span>
                    </button>
                    <button type="button" class="icon-button" onclick={step}
                        aria-label="Step to the next event" title="Step to the next event (\u{2192})">
                        <svg viewBox="0 0 20 20" aria-hidden="true">
                            <path d="M3.5 4.6v10.8a.8.8 0 0 0 1.2.7l8.1-5.4a.8.8 0 0 0 0-1.4L4.7 3.9a.8.8 0 0 0-1.2.7z" />
                            <rect x="14.6" y="4" width="2.4" height="12" rx="1" />
                        </svg>
                    </button>
                    <label class="speed">
                        <span class="speed-label">{ "Speed" }</span>
                        <select class="speed-select" onchange={change_speed}>
                            { for Speed::ALL.iter().map(|speed| html! {
                                <option value={speed.id()} selected={*speed == state.speed}>
                                    { speed.label() }
                                </option>
                            }) }
                        </select>
                    </label>
                </div>
                <JumpTo />
                <ShortcutsHelp />
            </div>
        </section>
    }
}

/// "Jump to": a text field read by [`parse_jump`], with its error shown inline.
#[component]
fn JumpTo() -> Html {
    let state = use_playground();
    let input = use_node_ref();
    let error = use_state(|| None::<String>);

    let submit = {
        let state = state.clone();
        let input = input.clone();
        let error = error.clone();
        Callback::from(move |event: SubmitEvent| {
            // The page's CSP forbids form submission: the form exists for Enter and semantics.
            event.prevent_default();
            let Some(field) = input.cast::<HtmlInputElement>() else {
                return;
            };
            // Read the run before dispatching: the reducer needs the run unborrowed.
            let start = state.sim().start();
            match parse_jump(&field.value(), state.now(), start) {
                Ok(at) => {
                    error.set(None);
                    state.dispatch(Action::JumpTo {
                        at,
                        wall: wall_now(),
                    });
                }
                Err(message) => error.set(Some(message)),
            }
        })
    };
    let clear_error = {
        let error = error.clone();
        Callback::from(move |_: InputEvent| {
            if error.is_some() {
                error.set(None);
            }
        })
    };

    html! {
        <form class="jump" onsubmit={submit} novalidate=true>
            <label class="jump-label" for="jump-to">{ "Jump to" }</label>
            <div class="jump-field">
                <input id="jump-to" ref={input} class="jump-input" type="text"
                    placeholder="tomorrow 07:00" autocomplete="off" spellcheck="false"
                    aria-describedby="jump-error" aria-invalid={error.is_some().to_string()}
                    oninput={clear_error} />
                <button type="submit" class="jump-go">{ "Go" }</button>
            </div>
            <p id="jump-error" class="jump-error" role="alert">
                { (*error).clone().unwrap_or_default() }
            </p>
        </form>
    }
}

/// The keyboard shortcuts, in a disclosure that `?` also toggles (see [`crate::shortcuts`]).
#[component]
fn ShortcutsHelp() -> Html {
    html! {
        <details class="shortcuts" id={SHORTCUTS_HELP_ID}>
            <summary class="icon-button shortcuts-toggle" aria-label="Keyboard shortcuts"
                title="Keyboard shortcuts (?)">
                <svg viewBox="0 0 20 20" aria-hidden="true">
                    <rect x="1.8" y="5" width="16.4" height="10.5" rx="2.2" fill="none"
                        stroke="currentColor" stroke-width="1.6" />
                    <path d="M5 8.2h1.4M8.6 8.2H10M12.2 8.2h1.4M15 8.2h.1M6.3 12.3h7.4" fill="none"
                        stroke="currentColor" stroke-width="1.6" stroke-linecap="round" />
                </svg>
            </summary>
            <div class="shortcuts-panel">
                <p class="shortcuts-title">{ "Keyboard shortcuts" }</p>
                <dl class="shortcuts-list">
                    { for SHORTCUTS.iter().map(|(keys, what)| html! {
                        <div class="shortcut">
                            <dt>{ for keys.iter().map(|key| html! { <kbd>{ *key }</kbd> }) }</dt>
                            <dd>{ *what }</dd>
                        </div>
                    }) }
                </dl>
            </div>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::time::Date;

    #[test]
    fn days_count_from_one_at_the_start() {
        let start = Instant::from_civil(
            Date {
                year: 2026,
                month: 11,
                day: 23,
            },
            7,
            55,
            0,
        )
        .unwrap();
        assert_eq!(day_of_run(start, start), 1);
        assert_eq!(day_of_run(start + Duration::from_hours(16), start), 1);
        assert_eq!(day_of_run(start + Duration::from_hours(17), start), 2);
        assert_eq!(day_of_run(start + Duration::from_days(6), start), 7);
    }

    #[test]
    fn status_says_paused_or_the_speed() {
        assert_eq!(status_text(false, Speed::HourPerSecond), "Paused");
        assert_eq!(
            status_text(true, Speed::HourPerSecond),
            "Running at 3600\u{d7}"
        );
        assert_eq!(status_text(true, Speed::RealTime), "Running at 1\u{d7}");
    }
}
