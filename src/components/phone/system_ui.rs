//! The system UI of continued tasks (`BGContinuedProcessingTask`): Live Activity cards on the
//! lock screen, the Dynamic Island (compact and expanded), the banner on devices without an
//! island, and the slow-progress prompt. Every button dispatches an engine input.

use super::icons::our_app_icon;
use super::model::{Activity, Phase};
use engine::scenario::Input;
use yew::prelude::*;

/// Circumference of the island's progress ring (radius 8).
const RING_CIRCUMFERENCE: f64 = 2.0 * std::f64::consts::PI * 8.0;

/// A click handler that sends `input` and keeps the click from reaching the screen behind
/// (a tap on the lock screen unlocks; a tap on Stop must not).
fn send(apply: &Callback<Input>, input: Input) -> Callback<MouseEvent> {
    apply.reform(move |event: MouseEvent| {
        event.stop_propagation();
        input.clone()
    })
}

/// A horizontal progress bar: a fill as wide as the fraction done, or a sliding shimmer while
/// the progress is unknown.
pub fn progress_bar(activity: &Activity) -> Html {
    let percent = activity.percent();
    let indeterminate = matches!(
        activity.phase,
        Phase::Waiting | Phase::Running(None) | Phase::Stopping(None)
    );
    html! {
        <div class={classes!("progress", indeterminate.then_some("indeterminate"))}
            role="progressbar" aria-label={format!("{} progress", activity.title)}
            aria-valuemin="0" aria-valuemax="100"
            aria-valuenow={percent.map(|p| p.to_string())}>
            <svg viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true">
                <rect class="progress-track" width="100" height="6" />
                if let Some(percent) = percent {
                    <rect class="progress-fill" width={percent.to_string()} height="6" />
                } else {
                    <rect class="progress-shimmer" width="35" height="6" />
                }
            </svg>
        </div>
    }
}

/// The control at the right of an activity: Stop while it runs, Dismiss once it failed, a check
/// once it completed.
fn action(activity: &Activity, apply: &Callback<Input>) -> Html {
    let identifier = activity.identifier.clone();
    match activity.phase {
        Phase::Running(_) => html! {
            <button class="la-button la-stop" aria-label={format!("Stop {}", activity.title)}
                onclick={send(apply, Input::TapStop { identifier })}>
                <svg viewBox="0 0 12 12" aria-hidden="true"><rect x="2" y="2" width="8" height="8" rx="1.5" /></svg>
                { "Stop" }
            </button>
        },
        Phase::Failed(_) => html! {
            <button class="la-button" aria-label={format!("Dismiss {}", activity.title)}
                onclick={send(apply, Input::DismissFailed { identifier })}>
                { "Dismiss" }
            </button>
        },
        Phase::Completed => html! {
            <svg class="la-check" viewBox="0 0 20 20" role="img" aria-label="Completed">
                <circle cx="10" cy="10" r="10" />
                <path d="M5.5 10.5 8.5 13.5 14.5 7" fill="none" stroke="#fff" stroke-width="2"
                    stroke-linecap="round" stroke-linejoin="round" />
            </svg>
        },
        Phase::Waiting | Phase::Stopping(_) => Html::default(),
    }
}

/// The system's "taking longer than expected" alert, with Stop and Continue.
fn prompt(activity: &Activity, apply: &Callback<Input>) -> Html {
    let answer = |keep_going| {
        send(
            apply,
            Input::AnswerPrompt {
                identifier: activity.identifier.clone(),
                keep_going,
            },
        )
    };
    html! {
        <div class="la-prompt" role="alertdialog" aria-label="Continue?">
            <p>{ activity.prompt_text() }</p>
            <div class="la-prompt-buttons">
                <button class="la-prompt-stop" aria-label={format!("Stop {}", activity.title)}
                    onclick={answer(false)}>{ "Stop" }</button>
                <button class="la-prompt-continue" aria-label={format!("Continue {}", activity.title)}
                    onclick={answer(true)}>{ "Continue" }</button>
            </div>
        </div>
    }
}

fn phase_class(phase: &Phase) -> &'static str {
    match phase {
        Phase::Waiting => "waiting",
        Phase::Running(_) => "running",
        Phase::Stopping(_) => "stopping",
        Phase::Completed => "completed",
        Phase::Failed(_) => "failed",
    }
}

/// The body shared by the lock screen's card, the banner and the expanded island: icon, title
/// and detail beside the Stop (or Dismiss) button, the progress bar with its percentage, and the
/// prompt when the system asks one.
fn activity_body(activity: &Activity, app_name: &str, apply: &Callback<Input>) -> Html {
    html! {
        <>
            <div class="la-head">
                { our_app_icon(app_name, "icon-small") }
                <div class="la-text">
                    <p class="la-title">{ &activity.title }</p>
                    <p class="la-detail">{ activity.detail() }</p>
                </div>
                { action(activity, apply) }
            </div>
            if !matches!(activity.phase, Phase::Failed(_) | Phase::Completed) {
                <div class="la-progress-row">
                    { progress_bar(activity) }
                    if let Some(percent) = activity.percent() {
                        <span class="la-percent">{ format!("{percent}%") }</span>
                    }
                </div>
            }
            if activity.prompt {
                { prompt(activity, apply) }
            }
        </>
    }
}

/// A Live Activity card on the lock screen.
pub fn live_activity_card(activity: &Activity, app_name: &str, apply: &Callback<Input>) -> Html {
    html! {
        <article class={classes!("live-activity", phase_class(&activity.phase))}
            aria-label={format!("Live Activity: {}", activity.title)}>
            { activity_body(activity, app_name, apply) }
        </article>
    }
}

/// The banner at the top of the screen on devices without a Dynamic Island.
pub fn banner(activity: &Activity, app_name: &str, apply: &Callback<Input>) -> Html {
    html! {
        <section class={classes!("system-banner", phase_class(&activity.phase))}
            aria-label={format!("Banner: {}", activity.title)}>
            { activity_body(activity, app_name, apply) }
        </section>
    }
}

/// The Dynamic Island at rest: a black pill around the front camera, with the green camera
/// indicator when the camera is in use.
pub fn island_at_rest(camera: bool) -> Html {
    html! {
        <div class="dynamic-island" aria-hidden="true">
            if camera { <span class="island-camera-dot"></span> }
        </div>
    }
}

/// The Dynamic Island showing a continued task: compact (app icon and a progress ring; tap to
/// expand) or expanded (the whole activity, with its buttons).
pub fn island_activity(
    activity: &Activity,
    app_name: &str,
    expanded: bool,
    on_toggle: Callback<MouseEvent>,
    apply: &Callback<Input>,
) -> Html {
    let phase = phase_class(&activity.phase);
    if expanded {
        return html! {
            <div class={classes!("dynamic-island", "expanded", phase)} role="region"
                aria-label={format!("Dynamic Island: {}", activity.title)}>
                { activity_body(activity, app_name, apply) }
                <button class="island-collapse" aria-label="Collapse the Dynamic Island"
                    aria-expanded="true" onclick={on_toggle}>
                    <svg viewBox="0 0 16 8" aria-hidden="true"><path d="M2 7l6-5 6 5" /></svg>
                </button>
            </div>
        };
    }
    let summary = match activity.percent() {
        Some(percent) => format!("{}, {percent} %", activity.title),
        None => format!("{}, {}", activity.title, activity.detail()),
    };
    html! {
        <button class={classes!("dynamic-island", "compact", phase)} aria-expanded="false"
            aria-label={format!("{summary}: show details")} onclick={on_toggle}>
            { our_app_icon(app_name, "icon-tiny") }
            <span class="island-spacer"></span>
            { ring(activity) }
        </button>
    }
}

/// A second continued task beside the island: a detached black circle with its progress ring
/// (and how many are waiting there, when more than one). A tap brings it into the island.
pub fn island_minimal(activity: &Activity, count: usize, on_pick: Callback<MouseEvent>) -> Html {
    let label = match count {
        1 => format!("{}: show in the Dynamic Island", activity.title),
        n => format!(
            "{} and {} more: show in the Dynamic Island",
            activity.title,
            n - 1
        ),
    };
    html! {
        <button class={classes!("island-minimal", phase_class(&activity.phase))}
            aria-label={label} onclick={on_pick}>
            { ring(activity) }
            if count > 1 {
                <span class="island-minimal-count" aria-hidden="true">{ count }</span>
            }
        </button>
    }
}

/// The compact island's trailing mark: a progress ring, a check, or a red exclamation mark.
fn ring(activity: &Activity) -> Html {
    match activity.phase {
        Phase::Failed(_) => html! {
            <svg class="island-ring failed" viewBox="0 0 20 20" aria-hidden="true">
                <circle cx="10" cy="10" r="8" />
                <path d="M10 5.5v5.5M10 14v.5" />
            </svg>
        },
        Phase::Completed => html! {
            <svg class="island-ring completed" viewBox="0 0 20 20" aria-hidden="true">
                <circle cx="10" cy="10" r="8" />
                <path d="M6.5 10.5 9 13l4.5-5" />
            </svg>
        },
        Phase::Waiting | Phase::Running(_) | Phase::Stopping(_) => {
            let fraction = activity.percent().map(|p| f64::from(p) / 100.0);
            let spinning = fraction.is_none();
            let dash = fraction.unwrap_or(0.25) * RING_CIRCUMFERENCE;
            html! {
                <svg class={classes!("island-ring", spinning.then_some("spinning"))}
                    viewBox="0 0 20 20" aria-hidden="true">
                    <circle class="ring-track" cx="10" cy="10" r="8" />
                    <circle class="ring-fill" cx="10" cy="10" r="8" transform="rotate(-90 10 10)"
                        stroke-dasharray={format!("{dash:.2} {RING_CIRCUMFERENCE:.2}")} />
                </svg>
            }
        }
    }
}
