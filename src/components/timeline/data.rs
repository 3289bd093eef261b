//! What the timeline draws for a stretch of time, derived from the run: device and app lanes
//! from the state samples (equal neighbours merged, slivers too thin to see absorbed), and per
//! identifier the requests' bars (waiting, then running, coloured by outcome; bars too close to
//! tell apart merged). Pure, so it is tested natively; the view only places it.

use super::window::Span;
use engine::device::{Network, Screen, Thermal};
use engine::log::{CancelCause, EventKind, Outcome};
use engine::scenario::Input;
use engine::sim::{Lifecycle, Sim, StateSample, TaskRecord};
use engine::time::{Duration, Instant};
use engine::usage::UserAction;

/// A stretch of time in one state.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Segment<T> {
    /// Start.
    pub from: Instant,
    /// End.
    pub to: Instant,
    /// The state.
    pub value: T,
}

/// The state lanes over `span`: each sample's state lasts until the next sample; the last one
/// lasts to the end of `span` (the view clips it at now). Neighbours in the same state merge,
/// and a stretch shorter than `thinnest` is absorbed into the one before it.
pub fn segments<T: PartialEq + Copy>(
    samples: &[StateSample],
    span: Span,
    thinnest: Duration,
    value: impl Fn(&StateSample) -> T,
) -> Vec<Segment<T>> {
    let first = samples
        .partition_point(|sample| sample.at <= span.from)
        .saturating_sub(1);
    let in_view = samples[first..]
        .iter()
        .take_while(|sample| sample.at < span.to);
    let mut out: Vec<Segment<T>> = Vec::new();
    let mut starts = in_view.clone().map(|sample| sample.at).skip(1);
    for sample in in_view {
        let from = sample.at.max(span.from);
        let to = starts.next().unwrap_or(span.to).min(span.to);
        let value = value(sample);
        match out.last_mut() {
            Some(last) if last.value == value || to - from < thinnest => last.to = to,
            _ => out.push(Segment { from, to, value }),
        }
    }
    // Absorbing can leave equal neighbours: merge them.
    out.dedup_by(|next, previous| {
        let same = previous.value == next.value;
        if same {
            previous.to = next.to;
        }
        same
    });
    out
}

/// How a bar looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bar {
    /// Submitted, before its earliestBeginDate.
    Queued,
    /// Eligible and waiting for dasd.
    Waiting,
    /// Went away without running (canceled, replaced, window ended).
    Dropped,
    /// Running now.
    Running,
    /// Ran and ended so.
    Ended(Outcome),
}

impl Bar {
    /// The CSS class that colours it.
    pub fn class(self) -> &'static str {
        match self {
            Bar::Queued => "bar-queued",
            Bar::Waiting => "bar-waiting",
            Bar::Dropped => "bar-dropped",
            Bar::Running => "bar-running",
            Bar::Ended(Outcome::Completed) => "bar-completed",
            Bar::Ended(Outcome::Failed) => "bar-failed",
            Bar::Ended(Outcome::Expired) => "bar-expired",
            Bar::Ended(Outcome::Killed) => "bar-killed",
            Bar::Ended(Outcome::Canceled) => "bar-canceled",
        }
    }

    /// In words, for the tooltip.
    pub fn describe(self) -> &'static str {
        match self {
            Bar::Queued => "submitted, before its earliestBeginDate",
            Bar::Waiting => "waiting for dasd",
            Bar::Dropped => "went away without running",
            Bar::Running => "running",
            Bar::Ended(outcome) => outcome.label(),
        }
    }
}

/// One bar, or several merged because they are too close to tell apart at this zoom.
#[derive(Clone, Debug, PartialEq)]
pub struct Piece {
    /// Start.
    pub from: Instant,
    /// End (at least the thinnest visible width for runs).
    pub to: Instant,
    /// How it looks.
    pub bar: Bar,
    /// The dasd activity names it stands for, oldest first.
    pub activities: Vec<String>,
    /// A debugger launch is among them.
    pub by_debugger: bool,
}

/// One identifier's row.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The task identifier.
    pub identifier: String,
    /// Waiting bars (drawn first, light).
    pub waits: Vec<Piece>,
    /// Running bars (drawn on top).
    pub runs: Vec<Piece>,
}

/// Everything the timeline draws for one prepared stretch.
#[derive(Clone, Debug, PartialEq)]
pub struct Lanes {
    /// The stretch.
    pub span: Span,
    /// The device's and the app's lanes.
    pub device: DeviceLanes,
    /// One row per identifier.
    pub rows: Vec<Row>,
}

/// The device's and the app's lanes over a stretch.
#[derive(Clone, Debug, PartialEq)]
pub struct DeviceLanes {
    /// On the charger.
    pub charger: Vec<Segment<bool>>,
    /// Low Power Mode on.
    pub low_power: Vec<Segment<bool>>,
    /// Battery level (percent) at each sample.
    pub battery: Vec<(Instant, f64)>,
    /// The screen.
    pub screen: Vec<Segment<Screen>>,
    /// The network.
    pub network: Vec<Segment<Network>>,
    /// The thermal state.
    pub thermal: Vec<Segment<Thermal>>,
    /// The app's lifecycle.
    pub app: Vec<Segment<Lifecycle>>,
    /// When the person opened the app.
    pub opens: Vec<Instant>,
}

/// The shortest state stretch drawn in a view `view_length` long: about a pixel on a laptop.
pub fn sliver(view_length: Duration) -> Duration {
    view_length.mul_f64(0.0015)
}

impl Lanes {
    /// The lanes of `sim` over `span`, at the resolution of a view `view_length` long.
    pub fn of(sim: &Sim, span: Span, view_length: Duration) -> Lanes {
        let samples = sim.samples();
        let thin = sliver(view_length);
        let on = |segments: Vec<Segment<bool>>| {
            segments.into_iter().filter(|s| s.value).collect::<Vec<_>>()
        };
        let first = samples
            .partition_point(|sample| sample.at <= span.from)
            .saturating_sub(1);
        let battery = samples[first..]
            .iter()
            .take_while(|sample| sample.at < span.to)
            .map(|sample| (sample.at.max(span.from), sample.battery))
            .collect();
        let events = sim.events();
        let from = events.partition_point(|event| event.at < span.from);
        let opens = events[from..]
            .iter()
            .take_while(|event| event.at <= span.to)
            .filter(|event| {
                matches!(
                    event.kind,
                    EventKind::User(UserAction::OpenApp { .. }) | EventKind::Input(Input::OpenApp)
                )
            })
            .map(|event| event.at)
            .collect();
        Lanes {
            span,
            device: DeviceLanes {
                charger: on(segments(samples, span, thin, |s| s.plugged_in)),
                low_power: on(segments(samples, span, thin, |s| s.low_power_mode)),
                battery,
                screen: segments(samples, span, thin, |s| s.screen),
                network: segments(samples, span, thin, |s| s.network),
                thermal: segments(samples, span, thin, |s| s.thermal),
                app: segments(samples, span, thin, |s| s.app),
                opens,
            },
            rows: rows(sim, span, view_length),
        }
    }
}

/// The identifiers that get a row: the app's tasks, then any other identifier a request used,
/// in order of first appearance.
fn row_identifiers(sim: &Sim) -> Vec<String> {
    let mut identifiers: Vec<String> = Vec::new();
    let tasks = sim.scenario().app.tasks.iter();
    for identifier in tasks
        .map(|task| task.request.identifier.as_str())
        .chain(sim.records().iter().map(|r| r.identifier.as_str()))
    {
        if !identifiers.iter().any(|known| known == identifier) {
            identifiers.push(identifier.to_string());
        }
    }
    identifiers
}

/// The waiting and running pieces of one request, clipped to `span`.
fn pieces(record: &TaskRecord, span: Span) -> (Vec<Piece>, Option<Piece>) {
    let piece = |from: Instant, to: Instant, bar| Piece {
        from: from.max(span.from),
        to: to.min(span.to),
        bar,
        activities: vec![record.activity.clone()],
        by_debugger: record.by_debugger,
    };
    let waited_until = record.started_at.or(record.ended_at).unwrap_or(span.to);
    let mut waits = Vec::new();
    let eligible = record.window_start.clamp(record.submitted_at, waited_until);
    if eligible > record.submitted_at {
        waits.push(piece(record.submitted_at, eligible, Bar::Queued));
    }
    if waited_until > eligible {
        let dropped = record.started_at.is_none() && record.canceled.is_some();
        let bar = if dropped { Bar::Dropped } else { Bar::Waiting };
        waits.push(piece(eligible, waited_until, bar));
    }
    let run = record.started_at.map(|started| {
        let bar = record.outcome.map_or(Bar::Running, Bar::Ended);
        piece(started, record.ended_at.unwrap_or(span.to), bar)
    });
    waits.retain(|p| p.to > p.from);
    (waits, run.filter(|p| p.to >= p.from))
}

/// Merges pieces of the same look that are closer than `gap`; runs are first widened to
/// `thinnest` so that a run of a few seconds still shows.
fn merge(mut pieces: Vec<Piece>, thinnest: Duration, gap: Duration) -> Vec<Piece> {
    pieces.sort_by_key(|piece| piece.from);
    let mut out: Vec<Piece> = Vec::with_capacity(pieces.len());
    for mut piece in pieces {
        piece.to = piece.to.max(piece.from + thinnest);
        match out.last_mut() {
            Some(last) if last.bar == piece.bar && piece.from <= last.to + gap => {
                last.to = last.to.max(piece.to);
                last.by_debugger |= piece.by_debugger;
                last.activities.append(&mut piece.activities);
            }
            _ => out.push(piece),
        }
    }
    out
}

fn rows(sim: &Sim, span: Span, view_length: Duration) -> Vec<Row> {
    let thin = view_length.mul_f64(0.003);
    let gap = view_length.mul_f64(0.002);
    row_identifiers(sim)
        .into_iter()
        .map(|identifier| {
            let mut waits = Vec::new();
            let mut runs = Vec::new();
            for record in sim.records().iter().filter(|r| {
                r.identifier == identifier
                    && r.submitted_at <= span.to
                    && r.ended_at.is_none_or(|end| end >= span.from)
            }) {
                let (record_waits, run) = pieces(record, span);
                waits.extend(record_waits);
                runs.extend(run);
            }
            Row {
                identifier,
                waits: merge(waits, Duration::ZERO, gap),
                runs: merge(runs, thin, gap),
            }
        })
        .collect()
}

/// The last part of an identifier (after the app's bundle id), to fit a narrow label.
pub fn short_identifier<'a>(identifier: &'a str, bundle_id: &str) -> &'a str {
    identifier
        .strip_prefix(bundle_id)
        .and_then(|rest| rest.strip_prefix('.'))
        .filter(|rest| !rest.is_empty())
        .unwrap_or(identifier)
}

/// Whether a request went away without running because something replaced or canceled it.
pub fn dropped_because(record: &TaskRecord) -> Option<&'static str> {
    Some(match record.canceled? {
        CancelCause::Replaced => "replaced by a new request",
        CancelCause::CanceledByApp | CancelCause::CanceledAllByApp => "canceled by the app",
        CancelCause::SwipedAway => "canceled: the app was swiped away",
        CancelCause::Reinstalled => "gone with the deleted app",
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::scenario::Scenario;

    fn run(days: i64) -> Sim {
        let mut sim = Sim::new(&Scenario::default()).unwrap();
        sim.advance_by(Duration::from_days(days));
        sim
    }

    fn whole_run(sim: &Sim) -> Span {
        Span {
            from: sim.start(),
            to: sim.now(),
        }
    }

    #[test]
    fn segments_merge_equal_neighbours_and_cover_the_span() {
        let sim = run(1);
        let span = whole_run(&sim);
        let screen = segments(sim.samples(), span, Duration::ZERO, |s| s.screen);
        assert!(screen.len() < sim.samples().len());
        assert_eq!(screen.first().unwrap().from, span.from);
        assert_eq!(screen.last().unwrap().to, span.to);
        assert!(screen.windows(2).all(|pair| pair[0].value != pair[1].value));
        assert!(screen.windows(2).all(|pair| pair[0].to == pair[1].from));
    }

    #[test]
    fn slivers_are_absorbed_at_coarse_zoom() {
        let sim = run(2);
        let span = whole_run(&sim);
        let fine = segments(sim.samples(), span, Duration::ZERO, |s| s.app);
        let coarse = segments(sim.samples(), span, sliver(span.length()), |s| s.app);
        assert!(
            coarse.len() < fine.len(),
            "{} vs {}",
            coarse.len(),
            fine.len()
        );
        assert!(coarse
            .iter()
            .skip(1)
            .all(|s| s.to - s.from >= sliver(span.length()) || s.to == span.to));
    }

    #[test]
    fn the_refresh_row_has_completed_runs_after_a_day() {
        let sim = run(1);
        let span = whole_run(&sim);
        let lanes = Lanes::of(&sim, span, span.length());
        assert_eq!(lanes.rows.len(), 1);
        let row = &lanes.rows[0];
        assert_eq!(row.identifier, "com.example.news.refresh");
        assert!(row
            .runs
            .iter()
            .any(|p| p.bar == Bar::Ended(Outcome::Completed)));
        assert!(!row.waits.is_empty());
        // Merged bars stand for every run: none is lost.
        let runs: usize = row.runs.iter().map(|p| p.activities.len()).sum();
        let started = sim
            .records()
            .iter()
            .filter(|r| r.started_at.is_some())
            .count();
        assert_eq!(runs, started);
        assert!(!lanes.device.opens.is_empty());
    }

    #[test]
    fn a_week_stays_a_few_hundred_elements() {
        let sim = run(7);
        let span = whole_run(&sim);
        let lanes = Lanes::of(&sim, span, span.length());
        let bars: usize = lanes
            .rows
            .iter()
            .map(|r| r.waits.len() + r.runs.len())
            .sum();
        let device = &lanes.device;
        let segments = device.charger.len()
            + device.low_power.len()
            + device.screen.len()
            + device.network.len()
            + device.thermal.len()
            + device.app.len()
            + device.opens.len();
        assert!(bars + segments < 400, "{bars} bars and {segments} segments");
    }

    #[test]
    fn a_request_waits_then_runs() {
        let sim = run(1);
        let record = sim
            .records()
            .iter()
            .find(|r| r.outcome == Some(Outcome::Completed))
            .unwrap();
        let span = whole_run(&sim);
        let (waits, run) = pieces(record, span);
        assert_eq!(waits[0].bar, Bar::Queued);
        assert_eq!(waits[0].from, record.submitted_at);
        assert_eq!(waits.last().unwrap().to, record.started_at.unwrap());
        let run = run.unwrap();
        assert_eq!(run.bar, Bar::Ended(Outcome::Completed));
        assert_eq!(run.to, record.ended_at.unwrap());
    }

    #[test]
    fn labels_drop_the_bundle_id() {
        assert_eq!(
            short_identifier("com.example.news.refresh", "com.example.news"),
            "refresh"
        );
        assert_eq!(
            short_identifier("org.other.task", "com.example.news"),
            "org.other.task"
        );
        assert_eq!(
            short_identifier("com.example.news", "com.example.news"),
            "com.example.news"
        );
    }
}
