//! The app's requests as BGTaskScheduler sees them: what the latest `submit` threw, the pending
//! requests (`getPendingTaskRequests`) with "Why?" and Cancel, Cancel all, and the tasks running.

use crate::app::{use_playground, PlaygroundHandle};
use crate::components::form::aria_bool;
use crate::state::{Action, Selection};
use engine::app::{identifier_matches, TaskKind, TaskRequest};
use engine::log::{Event, EventKind, SubmitError};
use engine::scenario::{Input, Scenario};
use engine::time::Instant;
use yew::prelude::*;

/// How far back the error banner looks for the latest `submit` (a bound on the work per render).
const ERROR_LOOKBACK_EVENTS: usize = 5_000;

/// Most pending or running rows shown.
const MOST_ROWS: usize = 20;

/// The request the app submits for `template`. A wildcard identifier (`….export.*`) becomes a
/// concrete one, its `*` replaced by `A1`, `A2`... counting the submits of that wildcard so far,
/// so a replay makes the same identifiers.
pub fn request_to_submit(template: &TaskRequest, scenario: &Scenario) -> TaskRequest {
    let mut request = template.clone();
    if let Some(stem) = template.identifier.strip_suffix('*') {
        let earlier = scenario
            .inputs
            .iter()
            .filter(|timed| {
                matches!(&timed.input, Input::Submit { request }
                    if identifier_matches(&template.identifier, &request.identifier))
            })
            .count();
        request.identifier = format!("{stem}A{}", earlier + 1);
    }
    request
}

/// A `submit` that threw.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RejectedSubmit<'a> {
    /// When.
    pub at: Instant,
    /// The request's identifier.
    pub identifier: &'a str,
    /// The request's kind.
    pub kind: TaskKind,
    /// What it threw.
    pub error: SubmitError,
}

/// The error thrown by the latest `submit`: the newest rejection since the person's last Submit
/// click (the app's own submits count too, when the person has not clicked Submit since).
pub fn latest_submit_error(events: &[Event]) -> Option<RejectedSubmit<'_>> {
    for event in events.iter().rev().take(ERROR_LOOKBACK_EVENTS) {
        match &event.kind {
            EventKind::SubmitRejected {
                identifier,
                kind,
                error,
            } => {
                return Some(RejectedSubmit {
                    at: event.at,
                    identifier,
                    kind: *kind,
                    error: *error,
                })
            }
            EventKind::Input(Input::Submit { .. }) => return None,
            _ => {}
        }
    }
    None
}

/// `08:10` today, or `Tue 08:10` on another day.
fn when(at: Instant, now: Instant) -> String {
    if at.day_number() == now.day_number() {
        at.hh_mm()
    } else {
        format!("{} {}", at.weekday().short_name(), at.hh_mm())
    }
}

fn apply_on_click(handle: &PlaygroundHandle, input: Input) -> Callback<MouseEvent> {
    let handle = handle.clone();
    Callback::from(move |_: MouseEvent| handle.dispatch(Action::Apply(input.clone())))
}

/// The requests card.
#[component]
pub fn RequestsCard() -> Html {
    let handle = use_playground();
    let sim = handle.sim();
    let now = sim.now();
    let error = latest_submit_error(sim.events()).map(|rejected| {
        let error = rejected.error;
        html! {
            <div class="submit-error" role="alert">
                <p class="submit-error-call">
                    <span>{ "submit(_:) threw" }</span>
                    <span class="submit-error-time">{ rejected.at.hh_mm_ss() }</span>
                </p>
                <p class="submit-error-request">
                    { format!("{} ", rejected.kind.request_class()) }
                    <code>{ format!("\"{}\"", rejected.identifier) }</code>
                </p>
                <p class="submit-error-code">
                    { format!("BGTaskScheduler.Error code {} \u{2014} {}", error.code(), error.name()) }
                </p>
                <p class="submit-error-meaning">{ error.explain() }</p>
            </div>
        }
    });
    let pending = sim.pending();
    let selected = match &handle.selection {
        Some(Selection::Pending(serial)) => Some(*serial),
        _ => None,
    };
    let pending_rows = pending.iter().take(MOST_ROWS).map(|activity| {
        let identifier = activity.identifier().to_string();
        let serial = activity.serial;
        let why = {
            let handle = handle.clone();
            let chosen = (selected != Some(serial)).then_some(Selection::Pending(serial));
            Callback::from(move |_: MouseEvent| handle.dispatch(Action::Select(chosen.clone())))
        };
        let window = if activity.window_start <= now {
            "may start now".to_string()
        } else {
            format!("not before {}", when(activity.window_start, now))
        };
        html! {
            <li class="request-row" key={serial.to_string()}>
                <div class="request-text">
                    <code class="identifier-text">{ identifier.clone() }</code>
                    <span class="request-meta">{ format!("{} · {window}", activity.kind().label()) }</span>
                </div>
                <div class="request-actions">
                    <button type="button" class="pill-button" aria-pressed={aria_bool(selected == Some(serial))}
                        aria-label={format!("Why has {identifier} not run?")} onclick={why}>{ "Why?" }</button>
                    <button type="button" class="pill-button pill-destructive"
                        aria-label={format!("Cancel {identifier}")}
                        onclick={apply_on_click(&handle, Input::Cancel { identifier: identifier.clone() })}>
                        { "Cancel" }
                    </button>
                </div>
            </li>
        }
    });
    let running = sim.running();
    let running_rows = running.iter().take(MOST_ROWS).map(|task| {
        let started = task.handler_started_at.unwrap_or(task.launched_at);
        let state = if task.expiring_since.is_some() {
            "expiring".to_string()
        } else if task.handler_started_at.is_none() {
            "launching the app".to_string()
        } else {
            let done = format!("{:.0} % done", task.fraction.clamp(0.0, 1.0) * 100.0);
            match task.deadline() {
                Some(deadline) => format!("{done}, {} s left", (deadline - now).as_secs().max(0)),
                None => format!("{done}, since {}", started.hh_mm_ss()),
            }
        };
        html! {
            <li class="request-row" key={task.id.to_string()}>
                <div class="request-text">
                    <code class="identifier-text">{ task.identifier().to_string() }</code>
                    <span class="request-meta">{ format!("{} · {state}", task.activity.kind().label()) }</span>
                </div>
                <progress class="request-progress" max="1" value={format!("{:.3}", task.fraction)}
                    aria-label={format!("{} done", task.identifier())}></progress>
            </li>
        }
    });
    html! {
        <section class="card app-card" aria-labelledby="requests-card-title">
            <h2 class="card-title" id="requests-card-title">{ "Requests" }</h2>
            { for error }
            <div class="list-head">
                <h3 class="panel-subheading">{ format!("Pending ({})", pending.len()) }</h3>
                <button type="button" class="pill-button pill-destructive" disabled={pending.is_empty()}
                    onclick={apply_on_click(&handle, Input::CancelAll)}>{ "Cancel all" }</button>
            </div>
            <ul class="request-list pending-list" aria-label="Pending requests">
                { for pending_rows }
                if pending.is_empty() {
                    <li class="list-empty">{ "Nothing pending: getPendingTaskRequests returns []." }</li>
                }
            </ul>
            if !running.is_empty() {
                <h3 class="panel-subheading">{ format!("Running ({})", running.len()) }</h3>
                <ul class="request-list running-list" aria-label="Running tasks">{ for running_rows }</ul>
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::log::NotPermittedCause;
    use engine::time::Duration;

    #[test]
    fn wildcard_submits_get_numbered_identifiers() {
        let template = TaskRequest {
            identifier: "com.a.export.*".into(),
            kind: TaskKind::ContinuedProcessing,
            ..TaskRequest::default()
        };
        let mut scenario = Scenario::default();
        assert_eq!(
            request_to_submit(&template, &scenario).identifier,
            "com.a.export.A1"
        );
        let first = request_to_submit(&template, &scenario);
        scenario.push_input(Duration::ZERO, Input::Submit { request: first });
        assert_eq!(
            request_to_submit(&template, &scenario).identifier,
            "com.a.export.A2"
        );
        let plain = TaskRequest {
            identifier: "com.a.refresh".into(),
            ..TaskRequest::default()
        };
        assert_eq!(request_to_submit(&plain, &scenario), plain);
    }

    #[test]
    fn the_error_shown_is_the_latest_since_the_last_submit_click() {
        let at = Instant::EPOCH;
        let rejected = Event {
            at,
            kind: EventKind::SubmitRejected {
                identifier: "x".into(),
                kind: TaskKind::AppRefresh,
                error: SubmitError::NotPermitted(NotPermittedCause::MissingFetchMode),
            },
        };
        let click = Event {
            at,
            kind: EventKind::Input(Input::Submit {
                request: TaskRequest::default(),
            }),
        };
        let events = [click.clone(), rejected.clone()];
        let shown = latest_submit_error(&events).unwrap();
        assert_eq!((shown.identifier, shown.kind), ("x", TaskKind::AppRefresh));
        assert_eq!(shown.error.code(), 3);
        assert_eq!(latest_submit_error(&[rejected, click]), None);
        assert_eq!(latest_submit_error(&[]), None);
    }
}
