//! Benchmark: 30 virtual days of a busy scenario, run several times; prints the number of
//! events, the median wall time, events per second and how much faster than real time it runs.
//!
//! ```text
//! cargo run -p engine --release --example bench [-- RUNS]
//! cargo run -p engine --release --example bench -- --scenario > busy.json   # to run it in bgsim
//! ```
//!
//! The scenario: a refresh task, three processing tasks (one requiring external power, one the
//! network), a continued export submitted from the foreground every evening, a person who opens
//! the app several times a day and uses the phone in between, and the device changing every few
//! hours (charger, network, heat, Low Power Mode).

use engine::app::{
    AppConfig, HandlerBehavior, ProgressReporting, Resubmit, TaskDefinition, TaskKind, TaskRequest,
};
use engine::device::{Network, Thermal};
use engine::scenario::{Input, Scenario};
use engine::sim::Sim;
use engine::time::Duration;
use engine::usage::{UsagePattern, UserProfile};
use std::time::Instant as WallClock;

const DAYS: i64 = 30;
const DEFAULT_RUNS: usize = 21;

fn definition(
    identifier: &str,
    kind: TaskKind,
    configure: impl FnOnce(&mut TaskRequest, &mut HandlerBehavior),
) -> TaskDefinition {
    let mut request = TaskRequest {
        identifier: identifier.into(),
        kind,
        ..TaskRequest::default()
    };
    let mut behavior = HandlerBehavior::default();
    configure(&mut request, &mut behavior);
    TaskDefinition {
        request,
        behavior,
        submit_when_backgrounded: kind != TaskKind::ContinuedProcessing,
    }
}

fn busy_app() -> AppConfig {
    let tasks = vec![
        definition("com.example.news.refresh", TaskKind::AppRefresh, |r, b| {
            r.earliest_begin_after = Some(Duration::from_mins(15));
            b.work_s = 8.0;
        }),
        definition("com.example.news.index", TaskKind::Processing, |r, b| {
            r.requires_external_power = true;
            b.work_s = 300.0;
            b.cpu_percent = 90.0;
            b.needs_network = false;
        }),
        definition("com.example.news.sync", TaskKind::Processing, |r, b| {
            r.requires_network = true;
            r.earliest_begin_after = Some(Duration::from_hours(2));
            b.work_s = 120.0;
        }),
        definition("com.example.news.cleanup", TaskKind::Processing, |r, b| {
            r.earliest_begin_after = Some(Duration::from_hours(6));
            b.work_s = 60.0;
            b.needs_network = false;
            b.resubmit = Resubmit::AtEnd;
        }),
        definition(
            "com.example.news.export.*",
            TaskKind::ContinuedProcessing,
            |_, b| {
                b.work_s = 300.0;
                b.progress = ProgressReporting::Every { seconds: 5.0 };
                b.resubmit = Resubmit::Never;
            },
        ),
    ];
    AppConfig {
        permitted_identifiers: tasks.iter().map(|t| t.request.identifier.clone()).collect(),
        tasks,
        ..AppConfig::default()
    }
}

/// The device changes every few hours, and every evening the person exports from the app.
fn busy_inputs(scenario: &mut Scenario) {
    let networks = [
        Network::Wifi,
        Network::Cellular,
        Network::Offline,
        Network::Wifi,
    ];
    let thermals = [
        Thermal::Nominal,
        Thermal::Fair,
        Thermal::Serious,
        Thermal::Nominal,
    ];
    for step in 0..DAYS * 8 {
        let at = Duration::from_hours(3 * step) + Duration::from_mins(7);
        let n = step as usize;
        let input = match n % 4 {
            0 => Input::SetPluggedIn {
                on: n.is_multiple_of(8),
            },
            1 => Input::SetNetwork {
                network: networks[(n / 4) % networks.len()],
            },
            2 => Input::SetThermal {
                thermal: thermals[(n / 4) % thermals.len()],
            },
            _ => Input::SetLowPowerMode { on: n % 8 == 3 },
        };
        scenario.push_input(at, input);
    }
    for day in 0..DAYS {
        // The start is 07:55; 19:05 is 11 h 10 min later.
        let evening = Duration::from_days(day) + Duration::from_mins(11 * 60 + 10);
        let request = TaskRequest {
            identifier: format!("com.example.news.export.day{day}"),
            kind: TaskKind::ContinuedProcessing,
            title: "Exporting the day's photos".into(),
            ..TaskRequest::default()
        };
        scenario.push_input(evening, Input::OpenApp);
        scenario.push_input(evening + Duration::from_secs(20), Input::Submit { request });
        scenario.push_input(evening + Duration::from_secs(40), Input::GoHome);
    }
}

fn busy_scenario() -> Scenario {
    let mut scenario = Scenario {
        seed: 2026,
        app: busy_app(),
        user: UserProfile {
            pattern: UsagePattern::SeveralTimesADay,
            ..UserProfile::default()
        },
        ..Scenario::default()
    };
    busy_inputs(&mut scenario);
    scenario
}

fn main() {
    let argument = std::env::args().nth(1);
    let scenario = busy_scenario();
    if argument.as_deref() == Some("--scenario") {
        println!("{}", scenario.to_json());
        return;
    }
    let runs = argument
        .and_then(|n| n.parse().ok())
        .unwrap_or(DEFAULT_RUNS)
        .max(1);
    let span = Duration::from_days(DAYS);
    let mut times = Vec::with_capacity(runs);
    let mut events = 0;
    let mut starts = [0usize; 4];
    for _ in 0..runs {
        let clock = WallClock::now();
        let mut sim = Sim::new(&scenario).expect("the benchmark scenario is valid");
        sim.advance_by(span);
        times.push(clock.elapsed().as_secs_f64());
        events = sim.events().len();
        starts = TaskKind::ALL.map(|kind| {
            sim.records()
                .iter()
                .filter(|r| r.kind == kind && r.started_at.is_some())
                .count()
        });
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
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
