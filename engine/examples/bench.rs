//! Benchmark: 30 virtual days of a busy scenario, run several times; prints the number of
//! events, the median wall time, events per second and how much faster than real time it runs.
//!
//! ```text
//! cargo run -p engine --release --example bench [-- RUNS]
//! cargo run -p engine --release --example bench -- --scenario > busy.json   # to run it in bgsim
//! ```
//!
//! The workload (the busy scenario and the run) lives in `engine::bench`, shared with the
//! `bench/` crate, which `scripts/bench.sh` times as wasm in Chromium. `--json` prints the
//! figures (and every run's time) as one line of JSON for that script.

use engine::app::TaskKind;
use engine::bench::{busy_scenario, run_days, DAYS};
use engine::time::Duration;
use std::time::Instant as WallClock;

const DEFAULT_RUNS: usize = 21;

fn main() {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let scenario = busy_scenario();
    if arguments.iter().any(|a| a == "--scenario") {
        println!("{}", scenario.to_json());
        return;
    }
    let json = arguments.iter().any(|a| a == "--json");
    let runs = arguments
        .iter()
        .find_map(|n| n.parse().ok())
        .unwrap_or(DEFAULT_RUNS)
        .max(1);
    let span = Duration::from_days(DAYS);
    let mut times = Vec::with_capacity(runs);
    let mut events = 0;
    let mut starts = [0usize; 4];
    for _ in 0..runs {
        let clock = WallClock::now();
        let sim = run_days(&scenario);
        times.push(clock.elapsed().as_secs_f64());
        // The whole run's counts: after `sim::DETAIL_DAYS` days the run keeps only the last
        // days' events and records.
        events = sim.event_count();
        let totals = sim.totals();
        starts = TaskKind::ALL.map(|kind| totals.of(kind).started as usize);
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    if json {
        println!(
            "{{\"runs\":{runs},\"events\":{events},\"median_ms\":{:.3},\"min_ms\":{:.3},\"max_ms\":{:.3},\"times_ms\":[{}]}}",
            median * 1e3,
            times[0] * 1e3,
            times[times.len() - 1] * 1e3,
            times
                .iter()
                .map(|t| format!("{:.3}", t * 1e3))
                .collect::<Vec<_>>()
                .join(",")
        );
        return;
    }
    println!(
        "scenario: {DAYS} virtual days, {} inputs, {runs} runs",
        scenario.inputs.len()
    );
    println!("events:               {events}");
    println!(
        "task starts:          {} refresh, {} processing, {} health, {} continued",
        starts[0], starts[1], starts[2], starts[3]
    );
    println!("wall time (median):   {:.2} ms", median * 1e3);
    println!(
        "wall time (min/max):  {:.2} / {:.2} ms",
        times[0] * 1e3,
        times[times.len() - 1] * 1e3
    );
    println!("events per second:    {:.0}", events as f64 / median);
    println!(
        "virtual : wall time:  {:.0} : 1",
        span.as_secs_f64() / median
    );
}
