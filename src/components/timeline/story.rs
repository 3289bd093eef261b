//! A request's story, shown when its bar is clicked: every event of its activity from submission
//! to its end, each with its reason, what the app saw, and how sure the rule is.

use super::data::dropped_because;
use crate::app::use_playground;
use crate::components::event_log::{LogEntry, LogLine};
use crate::state::Action;
use engine::log::{Event, EventKind};
use engine::sim::{Sim, TaskRecord};
use yew::prelude::*;

/// Most lines a story shows (a long continued task reports progress often).
const MOST_LINES: usize = 80;

/// Whether `event` belongs to the story of `record`.
fn belongs(event: &Event, record: &TaskRecord) -> bool {
    let ran = |event: &Event| {
        record.started_at.is_some_and(|started| event.at >= started)
            && record.ended_at.is_none_or(|ended| event.at <= ended)
    };
    match &event.kind {
        EventKind::Submitted { activity, .. }
        | EventKind::Canceled { activity, .. }
        | EventKind::Evaluated { activity, .. }
        | EventKind::TaskStarted { activity, .. }
        | EventKind::TaskEnded { activity, .. } => *activity == record.activity,
        EventKind::ExpirationHandlerCalled { identifier, .. }
        | EventKind::Progress { identifier, .. }
        | EventKind::PromptShown { identifier, .. } => {
            *identifier == record.identifier && ran(event)
        }
        EventKind::Input(_) => event.identifier() == Some(record.identifier.as_str()),
        _ => false,
    }
}

/// The indices of the events in the story of `record`, oldest first: only the stretch of the
/// run from its submission to its end (or now) is searched.
pub fn story_events(sim: &Sim, record: &TaskRecord) -> Vec<usize> {
    let events = sim.events();
    let from = events.partition_point(|event| event.at < record.submitted_at);
    let end = record.ended_at.unwrap_or(sim.now());
    let to = events.partition_point(|event| event.at <= end);
    (from..to)
        .filter(|&index| belongs(&events[index], record))
        .collect()
}

/// One line summing up the request's life.
pub fn summary(record: &TaskRecord) -> String {
    let mut parts = vec![
        format!("submitted {}", record.submitted_at.hh_mm_ss()),
        format!("eligible from {}", record.window_start.hh_mm()),
    ];
    if let Some(started) = record.started_at {
        parts.push(format!(
            "started {}{}",
            started.hh_mm_ss(),
            if record.by_debugger {
                " by the debugger"
            } else {
                ""
            }
        ));
    }
    match (record.outcome, record.ended_at, record.started_at) {
        (Some(outcome), Some(ended), Some(started)) => {
            parts.push(format!("{} after {}", outcome.label(), ended - started))
        }
        (None, _, Some(_)) => parts.push("running".into()),
        (None, _, None) => parts.push(dropped_because(record).unwrap_or("waiting").into()),
        _ => {}
    }
    parts.join(" \u{b7} ")
}

/// Props of [`Story`].
#[derive(Properties, PartialEq)]
pub struct StoryProps {
    /// The dasd activity name of the request.
    pub activity: String,
}

/// The story panel.
#[component]
pub fn Story(props: &StoryProps) -> Html {
    let state = use_playground();
    let sim = state.sim();
    let close = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Select(None)))
    };
    let Some(record) = sim.records().iter().find(|r| r.activity == props.activity) else {
        return html! {};
    };
    let indices = story_events(&sim, record);
    let hidden = indices.len().saturating_sub(MOST_LINES);
    let entries: Vec<LogEntry> = indices[hidden..]
        .iter()
        .map(|&index| LogEntry::of(sim.first_event_number() + index, &sim.events()[index]))
        .collect();
    html! {
        <section class="story" aria-labelledby="story-title">
            <div class="story-header">
                <div>
                    <h3 class="story-title" id="story-title">
                        { format!("The story of \u{201c}{}\u{201d}", record.identifier) }
                    </h3>
                    <p class="story-activity">{ &record.activity }</p>
                    <p class="story-summary">{ summary(record) }</p>
                </div>
                <button type="button" class="icon-button story-close" onclick={close}
                    aria-label="Close the story">
                    <svg viewBox="0 0 20 20" aria-hidden="true">
                        <path d="M5 5l10 10M15 5L5 15" fill="none" stroke="currentColor"
                            stroke-width="2" stroke-linecap="round" />
                    </svg>
                </button>
            </div>
            if hidden > 0 {
                <p class="story-more">{ format!("{hidden} earlier events are in the log.") }</p>
            }
            <ol class="log-list story-list">
                { for entries.into_iter().map(|entry| {
                    let key = format!("event-{}", entry.index);
                    html! { <LogLine {key} {entry} /> }
                }) }
            </ol>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::log::Outcome;
    use engine::scenario::Scenario;
    use engine::time::Duration;

    #[test]
    fn a_completed_refresh_tells_its_whole_story() {
        let mut sim = Sim::new(&Scenario::default()).unwrap();
        sim.advance_by(Duration::from_days(1));
        let record = sim
            .records()
            .iter()
            .find(|r| r.outcome == Some(Outcome::Completed))
            .unwrap()
            .clone();
        let story: Vec<&Event> = story_events(&sim, &record)
            .into_iter()
            .map(|i| &sim.events()[i])
            .collect();
        assert!(matches!(story[0].kind, EventKind::Submitted { .. }));
        assert!(story
            .iter()
            .any(|e| matches!(e.kind, EventKind::TaskStarted { .. })));
        assert!(matches!(
            story.last().unwrap().kind,
            EventKind::TaskEnded { .. }
        ));
        assert!(story
            .iter()
            .all(|e| e.identifier() == Some("com.example.news.refresh")));
        let words = summary(&record);
        assert!(words.contains("completed after 8"), "{words}");
    }
}
