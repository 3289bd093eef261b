//! What the log and the console show, worked out from the run's events: the last lines that pass
//! the filters, an icon for each kind of event, and console lines split into columns. Pure, so it
//! is tested natively; the views only format what these return.

use engine::log::{Event, EventKind, Outcome};
use engine::params::Source;
use engine::scenario::Input;
use engine::sim::Sim;
use engine::time::Instant;
use std::collections::BTreeSet;

/// Changes whenever the run's history changes: an event, a sample or a record is added, old
/// detail is dropped (`engine::sim::DETAIL_DAYS`), or the run is replayed from a different
/// scenario. Cheap to compute on every render, so views can
/// memoize what they derive from the history on it rather than on every tick.
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryKey {
    events: EventsKey,
    samples: usize,
    records: usize,
    detail_since: Instant,
}

impl HistoryKey {
    /// The key of `sim`'s history so far.
    pub fn of(sim: &Sim) -> HistoryKey {
        HistoryKey {
            events: EventsKey::of(sim),
            samples: sim.samples().len(),
            records: sim.records().len(),
            detail_since: sim.detail_since(),
        }
    }
}

/// Changes whenever the run's events change: a new one, old ones dropped, or a replay from a
/// different scenario; not when only samples or records are added (at 3600x that is nearly
/// every tick), so the log formats and draws its lines again only when there is a new one.
#[derive(Clone, Debug, PartialEq)]
pub struct EventsKey {
    first: usize,
    events: usize,
    inputs: usize,
    start: Instant,
    seed: u64,
    last_event: Option<Event>,
}

impl EventsKey {
    /// The key of `sim`'s events so far.
    pub fn of(sim: &Sim) -> EventsKey {
        EventsKey {
            first: sim.first_event_number(),
            events: sim.event_count(),
            inputs: sim.scenario().inputs.len(),
            start: sim.start(),
            seed: sim.scenario().seed,
            last_event: sim.events().last().cloned(),
        }
    }
}

/// How many lines the log and the console show at first; "Show earlier" doubles what is shown.
/// Every shown line is drawn again when the run jumps to another time (a scrub), so this stays
/// small: the scrolling box holds about ten.
pub const PAGE: usize = 50;

/// The kind of thing an event is, for its icon and colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventIcon {
    /// A change to the device (charger, network, settings...).
    Device,
    /// Something the person did.
    Person,
    /// The app's process: launched, backgrounded, suspended, ended.
    App,
    /// The app submitted or canceled a request.
    Request,
    /// dasd evaluated a request.
    Decision,
    /// A task started.
    Start,
    /// A task's progress or a prompt about it.
    Progress,
    /// A task completed.
    Done,
    /// Something went wrong softly: expiration, failure.
    Warning,
    /// Something went wrong hard: an error thrown, a kill, a cancelation.
    Error,
    /// The debugger.
    Debugger,
    /// An input that changed nothing.
    Info,
}

impl EventIcon {
    /// The icon for `event`.
    pub fn of(event: &Event) -> EventIcon {
        match &event.kind {
            EventKind::Input(input) => match input {
                Input::OpenApp
                | Input::GoHome
                | Input::Lock
                | Input::PickUpPhone
                | Input::PutDown
                | Input::SwipeAppAway
                | Input::TapStop { .. }
                | Input::AnswerPrompt { .. }
                | Input::DismissFailed { .. } => EventIcon::Person,
                Input::Submit { .. } | Input::Cancel { .. } | Input::CancelAll => {
                    EventIcon::Request
                }
                Input::SimulateLaunch { .. } | Input::SimulateExpiration { .. } => {
                    EventIcon::Debugger
                }
                _ => EventIcon::Device,
            },
            EventKind::User(_) => EventIcon::Person,
            EventKind::AppLaunched { .. }
            | EventKind::AppBackgrounded
            | EventKind::AppSuspended
            | EventKind::AppTerminated(_)
            | EventKind::BackgroundTaskBegan { .. }
            | EventKind::BackgroundTaskEnded { .. } => EventIcon::App,
            EventKind::Submitted { .. } => EventIcon::Request,
            EventKind::SubmitRejected { .. } => EventIcon::Error,
            EventKind::Canceled { .. } => EventIcon::Warning,
            EventKind::Evaluated { .. } => EventIcon::Decision,
            EventKind::TaskStarted { .. } => EventIcon::Start,
            EventKind::Progress { .. } | EventKind::PromptShown { .. } => EventIcon::Progress,
            EventKind::ExpirationHandlerCalled { .. } => EventIcon::Warning,
            EventKind::TaskEnded { outcome, .. } => match outcome {
                Outcome::Completed => EventIcon::Done,
                Outcome::Failed | Outcome::Expired => EventIcon::Warning,
                Outcome::Killed | Outcome::Canceled => EventIcon::Error,
            },
            EventKind::DebuggerNoOp { .. } => EventIcon::Debugger,
            EventKind::Ignored { .. } => EventIcon::Info,
        }
    }

    /// The CSS class that colours it.
    pub fn class(self) -> &'static str {
        match self {
            EventIcon::Device => "icon-device",
            EventIcon::Person => "icon-person",
            EventIcon::App => "icon-app",
            EventIcon::Request => "icon-request",
            EventIcon::Decision => "icon-decision",
            EventIcon::Start => "icon-start",
            EventIcon::Progress => "icon-progress",
            EventIcon::Done => "icon-done",
            EventIcon::Warning => "icon-warning",
            EventIcon::Error => "icon-error",
            EventIcon::Debugger => "icon-debugger",
            EventIcon::Info => "icon-info",
        }
    }

    /// What the icon stands for, for screen readers.
    pub fn label(self) -> &'static str {
        match self {
            EventIcon::Device => "Device",
            EventIcon::Person => "Person",
            EventIcon::App => "App",
            EventIcon::Request => "Request",
            EventIcon::Decision => "Scheduler decision",
            EventIcon::Start => "Task started",
            EventIcon::Progress => "Progress",
            EventIcon::Done => "Completed",
            EventIcon::Warning => "Warning",
            EventIcon::Error => "Error",
            EventIcon::Debugger => "Debugger",
            EventIcon::Info => "Note",
        }
    }
}

/// One line of the log, formatted once when the history changes.
#[derive(Clone, Debug, PartialEq)]
pub struct LogEntry {
    /// The event's number in the run (`Sim::first_event_number` plus its index in
    /// `Sim::events`): a stable key, kept when older events are dropped.
    pub index: usize,
    /// When.
    pub at: Instant,
    /// Its icon.
    pub icon: EventIcon,
    /// What happened.
    pub headline: String,
    /// The true reason, if there is one.
    pub reason: Option<String>,
    /// What the app could observe.
    pub app_sees: Option<&'static str>,
    /// The rule's evidence.
    pub source: Option<Source>,
    /// A routine event (shown only with the scheduler's decisions).
    pub verbose: bool,
}

impl LogEntry {
    /// The line for event number `index` of the run (see [`LogEntry::index`]).
    pub fn of(index: usize, event: &Event) -> LogEntry {
        LogEntry {
            index,
            at: event.at,
            icon: EventIcon::of(event),
            headline: event.headline(),
            reason: event.reason(),
            app_sees: event.app_sees(),
            source: event.source(),
            verbose: event.is_verbose(),
        }
    }
}

/// Whether `event` passes the identifier filter (`None`: every event).
fn matches(event: &Event, identifier: Option<&str>) -> bool {
    identifier.is_none_or(|wanted| event.identifier() == Some(wanted))
}

/// The last `limit` events that pass the filters, oldest first, and whether earlier ones do too.
/// Walks back from the newest event only as far as it needs. `first_number` is the number of
/// `events[0]` in the run (`Sim::first_event_number`).
pub fn log_entries(
    events: &[Event],
    first_number: usize,
    identifier: Option<&str>,
    show_verbose: bool,
    limit: usize,
) -> (Vec<LogEntry>, bool) {
    let mut matching =
        events.iter().enumerate().rev().filter(|(_, event)| {
            (show_verbose || !event.is_verbose()) && matches(event, identifier)
        });
    let mut entries: Vec<LogEntry> = matching
        .by_ref()
        .take(limit)
        .map(|(index, event)| LogEntry::of(first_number + index, event))
        .collect();
    let more = matching.next().is_some();
    entries.reverse();
    (entries, more)
}

/// The last `limit` dasd console lines of the events that pass the filter, oldest first, and
/// whether earlier lines exist.
pub fn console_tail(
    events: &[Event],
    identifier: Option<&str>,
    limit: usize,
) -> (Vec<String>, bool) {
    let mut lines = Vec::new();
    let mut more = false;
    for event in events
        .iter()
        .rev()
        .filter(|event| matches(event, identifier))
    {
        let event_lines = event.console_lines();
        if event_lines.is_empty() {
            continue;
        }
        if lines.len() + event_lines.len() > limit {
            more = true;
            break;
        }
        lines.extend(event_lines.into_iter().rev());
    }
    lines.reverse();
    (lines, more)
}

/// A console line in Console.app's columns: the timestamp, the process, and the message. The
/// lines that continue a multi-line message have neither timestamp nor process.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConsoleColumns<'a> {
    /// `2026-11-23 08:10:10.000`.
    pub timestamp: Option<&'a str>,
    /// `dasd` or `App`.
    pub process: Option<&'a str>,
    /// The rest.
    pub message: &'a str,
}

/// Splits `line` into its columns.
pub fn console_columns(line: &str) -> ConsoleColumns<'_> {
    const TIMESTAMP: usize = "2026-11-23 08:10:10.000".len();
    let continuation = ConsoleColumns {
        timestamp: None,
        process: None,
        message: line,
    };
    if line.len() <= TIMESTAMP || !line.as_bytes()[0].is_ascii_digit() {
        return continuation;
    }
    let (timestamp, rest) = line.split_at(TIMESTAMP);
    match rest.trim_start().split_once(": ") {
        Some((process, message)) if !process.contains(' ') => ConsoleColumns {
            timestamp: Some(timestamp),
            process: Some(process),
            message,
        },
        _ => ConsoleColumns {
            timestamp: Some(timestamp),
            process: None,
            message: rest.trim_start(),
        },
    }
}

/// Every identifier the log can be filtered by: the app's tasks and every request so far, in the
/// order they first appear.
pub fn identifiers(sim: &Sim) -> Vec<String> {
    let mut seen = BTreeSet::new();
    sim.scenario()
        .app
        .tasks
        .iter()
        .map(|task| task.request.identifier.as_str())
        .chain(
            sim.records()
                .iter()
                .map(|record| record.identifier.as_str()),
        )
        .filter(|identifier| seen.insert(*identifier))
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::scenario::Scenario;
    use engine::time::Duration;

    fn a_day() -> Sim {
        let mut sim = Sim::new(&Scenario::default()).unwrap();
        sim.advance_by(Duration::from_days(1));
        sim
    }

    #[test]
    fn the_log_keeps_the_newest_lines_oldest_first() {
        let sim = a_day();
        let events = sim.events();
        let (all, more) = log_entries(events, 0, None, true, usize::MAX);
        assert!(!more);
        assert_eq!(all.len(), events.len());
        let (tail, more) = log_entries(events, 0, None, true, 5);
        assert!(more);
        assert_eq!(tail.len(), 5);
        assert_eq!(tail.last().unwrap().index, events.len() - 1);
        assert!(tail.windows(2).all(|pair| pair[0].index < pair[1].index));
    }

    #[test]
    fn routine_events_are_hidden_unless_asked_for() {
        let sim = a_day();
        let events = sim.events();
        assert!(events.iter().any(Event::is_verbose));
        let (quiet, _) = log_entries(events, 0, None, false, usize::MAX);
        assert!(quiet.iter().all(|entry| !entry.verbose));
        let (everything, _) = log_entries(events, 0, None, true, usize::MAX);
        assert!(everything.len() > quiet.len());
    }

    #[test]
    fn the_identifier_filter_keeps_only_that_task() {
        let sim = a_day();
        let identifier = "com.example.news.refresh";
        let (entries, _) = log_entries(sim.events(), 0, Some(identifier), true, usize::MAX);
        assert!(!entries.is_empty());
        assert!(entries
            .iter()
            .all(|entry| sim.events()[entry.index].identifier() == Some(identifier)));
        let (none, _) = log_entries(sim.events(), 0, Some("com.example.other"), true, 10);
        assert!(none.is_empty());
        assert_eq!(identifiers(&sim), vec![identifier.to_string()]);
    }

    #[test]
    fn lines_keep_their_numbers_when_old_events_are_dropped() {
        let mut sim = Sim::new(&Scenario::default()).unwrap();
        sim.advance_by(Duration::from_days(engine::sim::DETAIL_DAYS + 2));
        let first = sim.first_event_number();
        assert!(first > 0, "old events were dropped");
        let (before, _) = log_entries(sim.events(), first, None, true, 20);
        for entry in &before {
            assert_eq!(sim.events()[entry.index - first].at, entry.at);
        }
        let key = HistoryKey::of(&sim);
        sim.advance_by(Duration::from_days(1));
        assert!(sim.first_event_number() > first);
        assert_ne!(HistoryKey::of(&sim), key);
        let first = sim.first_event_number();
        let (after, _) = log_entries(sim.events(), first, None, true, usize::MAX);
        let newest_then = before.last().unwrap();
        let same = after.iter().find(|entry| entry.index == newest_then.index);
        assert_eq!(same, Some(newest_then));
    }

    #[test]
    fn the_console_shows_dasd_lines_capped_at_whole_events() {
        let sim = a_day();
        let (lines, more) = console_tail(sim.events(), None, usize::MAX);
        assert!(!more);
        assert!(lines
            .iter()
            .any(|line| line
                .contains("dasd: Submitted Activity: bgRefresh-com.example.news.refresh:")));
        assert!(lines.iter().any(|line| line.contains("CurrentScore:")));
        let (tail, more) = console_tail(sim.events(), None, 10);
        assert!(more);
        assert!(tail.len() <= 10);
        assert_eq!(tail.last(), lines.last());
    }

    #[test]
    fn console_lines_split_into_columns() {
        let line =
            "2026-11-23 08:10:10.000 dasd: Submitted Activity: bgRefresh-x:E7 at priority 10";
        assert_eq!(
            console_columns(line),
            ConsoleColumns {
                timestamp: Some("2026-11-23 08:10:10.000"),
                process: Some("dasd"),
                message: "Submitted Activity: bgRefresh-x:E7 at priority 10",
            }
        );
        let vote = "\t{name: Application Policy, policyWeight: 50.000, response: {0, 0.38}}";
        assert_eq!(console_columns(vote).timestamp, None);
        assert_eq!(console_columns(vote).message, vote);
        assert_eq!(console_columns("] sumScores:1").process, None);
    }

    #[test]
    fn icons_follow_the_kind_of_event() {
        let sim = a_day();
        let icons: BTreeSet<&str> = sim
            .events()
            .iter()
            .map(|event| EventIcon::of(event).class())
            .collect();
        for expected in [
            "icon-person",
            "icon-app",
            "icon-request",
            "icon-start",
            "icon-done",
        ] {
            assert!(
                icons.contains(expected),
                "{expected} missing from {icons:?}"
            );
        }
    }

    #[test]
    fn the_history_key_changes_with_the_run() {
        let mut sim = Sim::new(&Scenario::default()).unwrap();
        let before = HistoryKey::of(&sim);
        assert_eq!(before, HistoryKey::of(&sim));
        sim.advance_by(Duration::from_hours(2));
        assert_ne!(before, HistoryKey::of(&sim));
    }
}
