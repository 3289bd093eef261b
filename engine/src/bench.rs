//! The benchmark workload, in one place so that every measurement of it runs the same thing:
//! 30 virtual days of a busy scenario. `examples/bench.rs` times it natively and the `bench/`
//! crate exports it from a bare WebAssembly module, which `scripts/bench.sh` times inside
//! Chromium; the ratio of the two medians is the cost of running the engine as wasm.
//!
//! The scenario: a refresh task, three processing tasks (one requiring external power, one the
//! network), a continued export submitted from the foreground every evening, a person who opens
//! the app several times a day and uses the phone in between, and the device changing every few
//! hours (charger, network, heat, Low Power Mode).

use crate::app::{
    AppConfig, HandlerBehavior, ProgressReporting, Resubmit, TaskDefinition, TaskKind, TaskRequest,
};
use crate::device::{Network, Thermal};
use crate::scenario::{Input, Scenario};
use crate::sim::Sim;
use crate::time::Duration;
use crate::usage::{UsagePattern, UserProfile};

/// How many virtual days the benchmark runs (and the busy scenario has inputs for).
pub const DAYS: i64 = 30;

/// The networks the busy device goes through, in turn (also the soak scenario's).
pub const NETWORKS: [Network; 4] = [
    Network::Wifi,
    Network::Cellular,
    Network::Offline,
    Network::Wifi,
];

/// The thermal states the busy device goes through, in turn (also the soak scenario's).
pub const THERMALS: [Thermal; 4] = [
    Thermal::Nominal,
    Thermal::Fair,
    Thermal::Serious,
    Thermal::Nominal,
];

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

/// The busy app: a refresh task, three processing tasks (one requiring external power, one the
/// network, one resubmitting itself) and a continued export. Also the app of the soak test's
/// busy year (`tests/support/busy_year.rs`).
pub fn busy_app() -> AppConfig {
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
    for step in 0..DAYS * 8 {
        let at = Duration::from_hours(3 * step) + Duration::from_mins(7);
        let n = step as usize;
        let input = match n % 4 {
            0 => Input::SetPluggedIn {
                on: n.is_multiple_of(8),
            },
            1 => Input::SetNetwork {
                network: NETWORKS[(n / 4) % NETWORKS.len()],
            },
            2 => Input::SetThermal {
                thermal: THERMALS[(n / 4) % THERMALS.len()],
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

/// The busy scenario, with inputs for [`DAYS`] days.
pub fn busy_scenario() -> Scenario {
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

/// The timed work: a fresh run of `scenario` advanced through [`DAYS`] virtual days.
pub fn run_days(scenario: &Scenario) -> Sim {
    let mut sim = Sim::new(scenario).expect("the benchmark scenario is valid");
    sim.advance_by(Duration::from_days(DAYS));
    sim
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_busy_scenario_is_valid() {
        busy_scenario().validate().unwrap();
    }
}
