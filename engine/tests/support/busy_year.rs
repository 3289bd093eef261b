//! A busy scenario as long as you like, shared by the soak test (`tests/soak.rs`) and the soak
//! benchmark (`examples/soak.rs`): the benchmark's app (`engine::bench::busy_app`: refresh,
//! three processing tasks, a continued export), the person starting an export from the app every
//! evening, opening the app several times a day and charging the phone every night, and the
//! device changing every three hours (network, heat, Low Power Mode).

use engine::app::{TaskKind, TaskRequest};
use engine::bench::{busy_app, NETWORKS, THERMALS};
use engine::scenario::{Input, Scenario};
use engine::time::Duration;
use engine::usage::{UsagePattern, UserProfile};

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
    // Every three hours a change, in turn: network, heat, Low Power Mode; every evening an
    // export from the app (the start is 07:55, so 19:05 is 11 h 10 min after a day's start).
    for day in 0..days {
        let midnight = Duration::from_days(day);
        for step in 0..8 {
            let at = midnight + Duration::from_hours(3 * step) + Duration::from_mins(7);
            let n = (day * 8 + step) as usize;
            let input = match n % 3 {
                0 => Input::SetNetwork {
                    network: NETWORKS[(n / 3) % NETWORKS.len()],
                },
                1 => Input::SetThermal {
                    thermal: THERMALS[(n / 3) % THERMALS.len()],
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
