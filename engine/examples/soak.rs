//! Soak benchmark: one virtual year of a busy scenario. Prints the wall time of the year and what
//! the run holds at days 30, 90, 180 and 365, with the normal retention (full detail for
//! `sim::DETAIL_DAYS` days) and, for comparison, keeping everything.
//!
//! ```text
//! cargo run -p engine --release --example soak
//! ```
//!
//! The scenario is `tests/support/busy_year.rs`, shared with the soak test.

#[path = "../tests/support/busy_year.rs"]
mod busy_year;

use engine::app::TaskKind;
use engine::sim::{Sim, DETAIL_DAYS};
use engine::time::Duration;
use std::time::Instant as WallClock;

const DAYS: i64 = 365;
const CHECKPOINTS: [i64; 4] = [30, 90, 180, 365];

fn run(keep_all: bool) {
    let scenario = busy_year::busy_scenario(DAYS);
    let mut sim = Sim::new(&scenario).expect("the soak scenario is valid");
    if keep_all {
        sim.keep_all_history();
    }
    println!(
        "{}",
        if keep_all {
            "keeping everything (no trimming):".to_string()
        } else {
            format!("normal retention ({DETAIL_DAYS} days of detail):")
        }
    );
    println!(
        "  {:>5} {:>9} {:>8} {:>8} {:>8} {:>6} {:>10} {:>10}",
        "day", "events", "evals", "records", "samples", "days", "dropped", "est. KiB"
    );
    let clock = WallClock::now();
    let mut stepping = std::time::Duration::ZERO;
    for day in 1..=DAYS {
        let step = WallClock::now();
        sim.advance_by(Duration::from_days(1));
        stepping += step.elapsed();
        if CHECKPOINTS.contains(&day) {
            let r = sim.retained();
            println!(
                "  {:>5} {:>9} {:>8} {:>8} {:>8} {:>6} {:>10} {:>10.0}",
                day,
                r.events,
                r.evaluations,
                r.records,
                r.samples,
                r.day_summaries,
                r.events_dropped,
                r.estimated_bytes as f64 / 1024.0
            );
        }
    }
    let total = clock.elapsed();
    let totals = sim.totals();
    let started: u32 = TaskKind::ALL
        .iter()
        .map(|&kind| totals.of(kind).started)
        .sum();
    println!(
        "  one virtual year: {:.0} ms simulating ({:.0} ms with the reports), {} events, {} task starts",
        stepping.as_secs_f64() * 1e3,
        total.as_secs_f64() * 1e3,
        sim.event_count(),
        started
    );
}

fn main() {
    run(false);
    run(true);
}
