//! A fingerprint of many random runs, to check that the engine gives byte-identical results on
//! every target: the test command computes it natively and inside Chromium (wasm) and compares.

use crate::app::{ProgressReporting, TaskDefinition, TaskKind, TaskRequest};
use crate::device::{DeviceModel, Network, Thermal};
use crate::rng::Rng;
use crate::scenario::{Input, Scenario};
use crate::sim::Sim;
use crate::time::Duration;
use crate::usage::UsagePattern;

/// A random but valid scenario: device, state, person, an app with a task of each common kind,
/// and a few dozen timed inputs over three days.
pub fn random_scenario(seed: u64) -> Scenario {
    let mut rng = Rng::derive(seed, "digest-scenario");
    let mut scenario = Scenario {
        seed,
        device: DeviceModel::ALL[rng.range_i64(0, 3) as usize],
        ..Scenario::default()
    };
    scenario.initial_state.battery = rng.range_i64(5, 100) as f64;
    scenario.initial_state.plugged_in = rng.chance(0.3);
    scenario.initial_state.low_power_mode = rng.chance(0.2);
    scenario.user.pattern = match rng.range_i64(0, 4) {
        0 => UsagePattern::DailyAt {
            hour: rng.range_i64(6, 22) as u8,
            minute: rng.range_i64(0, 59) as u8,
        },
        1 => UsagePattern::SeveralTimesADay,
        2 => UsagePattern::Evenings,
        3 => UsagePattern::Rarely,
        _ => UsagePattern::Never,
    };
    scenario.user.night_routine = rng.chance(0.7);
    let bundle = scenario.app.bundle_id.clone();
    let processing = format!("{bundle}.cleanup");
    let export = format!("{bundle}.export.*");
    scenario.app.permitted_identifiers.push(processing.clone());
    scenario.app.permitted_identifiers.push(export.clone());
    scenario.app.tasks.push(TaskDefinition {
        request: TaskRequest {
            identifier: processing,
            kind: TaskKind::Processing,
            requires_external_power: rng.chance(0.5),
            ..TaskRequest::default()
        },
        ..TaskDefinition::default()
    });
    let mut export_task = TaskDefinition {
        request: TaskRequest {
            identifier: export,
            kind: TaskKind::ContinuedProcessing,
            title: "Export".into(),
            ..TaskRequest::default()
        },
        submit_when_backgrounded: false,
        ..TaskDefinition::default()
    };
    export_task.behavior.work_s = rng.range_i64(10, 600) as f64;
    export_task.behavior.progress = ProgressReporting::Every {
        seconds: rng.range_i64(1, 40) as f64,
    };
    scenario.app.tasks.push(export_task);
    let mut at = Duration::ZERO;
    for n in 0..rng.range_i64(10, 40) {
        at = at + Duration::from_secs(rng.range_i64(1, 4 * 3600));
        let input = match rng.range_i64(0, 13) {
            0 => Input::SetPluggedIn {
                on: rng.chance(0.5),
            },
            1 => Input::SetLowPowerMode {
                on: rng.chance(0.3),
            },
            2 => Input::SetNetwork {
                network: [Network::Wifi, Network::Cellular, Network::Offline]
                    [rng.range_i64(0, 2) as usize],
            },
            3 => Input::SetThermal {
                thermal: Thermal::ALL[rng.range_i64(0, 3) as usize],
            },
            4 => Input::OpenApp,
            5 => Input::GoHome,
            6 => Input::Lock,
            7 => Input::PickUpPhone,
            8 => Input::SwipeAppAway,
            9 => Input::SetCall {
                on: rng.chance(0.5),
            },
            10 => Input::SetBattery {
                level: rng.range_i64(1, 100) as f64,
            },
            11 => Input::Submit {
                request: TaskRequest {
                    identifier: format!("{bundle}.export.N{n}"),
                    kind: TaskKind::ContinuedProcessing,
                    title: "Export".into(),
                    ..TaskRequest::default()
                },
            },
            12 => Input::SetAppBackgroundRefresh {
                on: rng.chance(0.7),
            },
            _ => Input::SetCamera {
                on: rng.chance(0.5),
            },
        };
        scenario.push_input(at, input);
    }
    scenario
}

/// FNV-1a over the JSON and the console lines of every event of `count` random runs of `span`.
pub fn digest(count: u64, span: Duration) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for &b in bytes {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for seed in 0..count {
        let scenario = random_scenario(seed);
        let Ok(mut sim) = Sim::new(&scenario) else {
            feed(b"invalid");
            continue;
        };
        sim.advance_by(span);
        for event in sim.events() {
            feed(serde_json::to_string(event).unwrap_or_default().as_bytes());
            for line in event.console_lines() {
                feed(line.as_bytes());
            }
        }
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_scenarios_are_valid_and_the_digest_is_stable() {
        for seed in 0..50 {
            random_scenario(seed).validate().unwrap();
        }
        let span = Duration::from_days(1);
        assert_eq!(digest(5, span), digest(5, span));
        assert_ne!(digest(5, span), digest(6, span));
    }
}
