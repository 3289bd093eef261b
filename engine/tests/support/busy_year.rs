//! A busy scenario as long as you like, shared by the soak test (`tests/soak.rs`) and the soak
//! benchmark (`examples/soak.rs`): a refresh task every 15 minutes at the earliest, three
//! processing tasks (one on external power, one needing the network, one resubmitting itself), a
//! continued export the person starts from the app every evening, a person who opens the app
//! several times a day and charges the phone every night, and the device changing every three
//! hours (network, heat, Low Power Mode).

use engine::app::{
    AppConfig, HandlerBehavior, ProgressReporting, Resubmit, TaskDefinition, TaskKind, TaskRequest,
};
use engine::device::{Network, Thermal};
use engine::scenario::{Input, Scenario};
use engine::time::Duration;
use engine::usage::{UsagePattern, UserProfile};

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

/// The busy scenario with inputs for `days` days (11 a day: a year is about 4,000 inputs).
pub fn busy_scenario(days: i64) -> Scenario {
    let mut scenario = Scenario {
        seed: 2026,
        app: busy_app(),
        user: UserProfile {
            pattern: UsagePattern::SeveralTimesADay,
            night_routine: true,
            ..UserProfile::default()
        },
        ..Scenario::default()
    };
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
    // Every three hours a change, in turn: network, heat, Low Power Mode; every evening an
    // export from the app (the start is 07:55, so 19:05 is 11 h 10 min after a day's start).
    for day in 0..days {
        let midnight = Duration::from_days(day);
        for step in 0..8 {
            let at = midnight + Duration::from_hours(3 * step) + Duration::from_mins(7);
            let n = (day * 8 + step) as usize;
            let input = match n % 3 {
                0 => Input::SetNetwork {
                    network: networks[(n / 3) % networks.len()],
                },
                1 => Input::SetThermal {
                    thermal: thermals[(n / 3) % thermals.len()],
                },
                _ => Input::SetLowPowerMode { on: n % 6 == 2 },
            };
            scenario.push_input(at, input);
        }
        let evening = midnight + Duration::from_mins(11 * 60 + 10);
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
    scenario
}
