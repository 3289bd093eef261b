//! Soak: a virtual year of a busy scenario runs in bounded memory, and dropping old detail (see
//! `sim::DETAIL_DAYS`) never changes what happens.

#[path = "support/busy_year.rs"]
mod busy_year;

use engine::app::TaskKind;
use engine::sim::{Retained, Sim, DETAIL_DAYS};
use engine::time::Duration;

/// The sizes that must not grow with time, by name.
fn sizes(r: &Retained) -> [(&'static str, usize); 9] {
    [
        ("events", r.events),
        ("evaluations", r.evaluations),
        ("records", r.records),
        ("samples", r.samples),
        ("timers", r.timers),
        ("requests", r.requests),
        ("counters", r.counters),
        ("predictor days", r.predictor_days),
        ("estimated bytes", r.estimated_bytes),
    ]
}

/// Runs the busy scenario for `days` days, one day at a time, and checks after every day from
/// day 61 on that nothing holds more than the most it held on days 30 to 60, plus a quarter
/// (a busier day) and a little (a few requests more); the estimated bytes may double once (a
/// vector's capacity). Returns the first size that grew past its bound.
fn soak(days: i64, keep_all: bool) -> Result<Sim, String> {
    let scenario = busy_year::busy_scenario(days);
    let mut sim = Sim::new(&scenario).map_err(|e| e.to_string())?;
    if keep_all {
        sim.keep_all_history();
    }
    let mut most = [0usize; 9];
    for day in 1..=days {
        sim.advance_by(Duration::from_days(1));
        let retained = sim.retained();
        assert!(retained.day_summaries <= day as usize + 1);
        assert_eq!(retained.inputs, scenario.inputs.len());
        for (index, (name, size)) in sizes(&retained).into_iter().enumerate() {
            if (30..=60).contains(&day) {
                most[index] = most[index].max(size);
            } else if day > 60 {
                let bound = if name == "estimated bytes" {
                    most[index] * 2
                } else {
                    most[index] + most[index] / 4 + 8
                };
                if size > bound {
                    return Err(format!(
                        "on day {day}, {name} is {size}, above {bound} (most on days 30 to 60: {})",
                        most[index]
                    ));
                }
            }
        }
    }
    Ok(sim)
}

#[test]
fn a_busy_year_runs_in_bounded_memory_and_keeps_working() {
    let sim = soak(365, false).unwrap_or_else(|e| panic!("{e}"));
    let retained = sim.retained();
    // Full detail covers the last DETAIL_DAYS days and today; the rest was dropped.
    let detail = sim.now() - sim.detail_since();
    assert!(detail >= Duration::from_days(DETAIL_DAYS));
    assert!(detail <= Duration::from_days(DETAIL_DAYS + 1));
    assert!(sim.events().first().unwrap().at >= sim.detail_since());
    assert!(retained.events_dropped > 10 * retained.events);
    // Still busy at the end of the year: tasks of every kind the app uses started and completed
    // in its last week.
    let last_week = &sim.day_summaries()[sim.day_summaries().len() - 7..];
    for kind in [
        TaskKind::AppRefresh,
        TaskKind::Processing,
        TaskKind::ContinuedProcessing,
    ] {
        let started: u32 = last_week.iter().map(|d| d.tally.of(kind).started).sum();
        let completed: u32 = last_week.iter().map(|d| d.tally.of(kind).completed).sum();
        assert!(started > 0 && completed > 0, "{kind:?} stopped running");
    }
    let today = sim.now().day_number();
    assert!(sim.events().iter().any(|e| matches!(
        e.kind,
        engine::log::EventKind::TaskStarted { .. }
    ) && e.at.day_number() == today));
}

#[test]
fn without_trimming_the_soak_check_fails() {
    let grew = soak(100, true).err().expect("keeping everything grows");
    assert!(grew.contains("above"), "{grew}");
}

#[test]
fn trimming_never_changes_the_run() {
    let days = 40;
    let scenario = busy_year::busy_scenario(days);
    let mut full = Sim::new(&scenario).unwrap();
    full.keep_all_history();
    full.advance_by(Duration::from_days(days));
    // The trimmed run goes in uneven steps, as the playground's frames do.
    let mut trimmed = Sim::new(&scenario).unwrap();
    while trimmed.now() < full.now() {
        trimmed.advance_to(
            full.now()
                .min(trimmed.now() + Duration::from_mins(7 * 60 + 13)),
        );
    }
    assert_eq!(trimmed.now(), full.now());
    assert!(trimmed.detail_since() > scenario.start);
    assert_eq!(full.detail_since(), scenario.start);

    // The events kept are the full run's last ones, byte for byte, numbered as in the full run.
    let first = trimmed.first_event_number();
    assert!(first > 0);
    assert_eq!(trimmed.event_count(), full.events().len());
    let json = |events: &[engine::log::Event]| serde_json::to_string(events).unwrap();
    assert_eq!(json(trimmed.events()), json(&full.events()[first..]));
    assert!(full.events()[first - 1].at < trimmed.detail_since());
    assert!(trimmed.events()[0].at >= trimmed.detail_since());

    // The records kept are the full run's that still wait or run or ended since the cutoff.
    let since = trimmed.detail_since();
    let kept: Vec<_> = full
        .records()
        .iter()
        .filter(|r| r.ended_at.is_none_or(|ended| ended >= since))
        .cloned()
        .collect();
    assert_eq!(trimmed.records(), kept.as_slice());

    // The samples kept start with the state at the cutoff.
    let samples = trimmed.samples();
    assert!(samples[0].at <= since && samples[1].at > since);
    let from = full.samples().partition_point(|s| s.at < samples[0].at);
    assert_eq!(samples, &full.samples()[from..]);

    // The state and the counts are the same.
    assert_eq!(trimmed.device(), full.device());
    assert_eq!(trimmed.pending(), full.pending());
    assert_eq!(trimmed.running(), full.running());
    assert_eq!(trimmed.live_activities(), full.live_activities());
    assert_eq!(trimmed.day_summaries(), full.day_summaries());
    let totals = trimmed.totals();
    assert_eq!(totals.events as usize, full.events().len());
    for kind in TaskKind::ALL {
        let started = full
            .records()
            .iter()
            .filter(|r| r.kind == kind && r.started_at.is_some())
            .count();
        assert_eq!(totals.of(kind).started as usize, started, "{kind:?}");
    }
    assert!(trimmed.retained().estimated_bytes < full.retained().estimated_bytes / 2);

    // The index `step` returns still points at the first new event.
    let count = trimmed.event_count();
    let index = trimmed.step();
    assert_eq!(trimmed.first_event_number() + index, count);
    assert!(trimmed.events().len() > index);
}
