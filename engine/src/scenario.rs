//! A scenario: everything needed to reproduce a run, as plain serializable data.
//!
//! The UI never changes the simulation directly: it appends a [`TimedInput`] and replays. A share
//! link is a scenario, compressed.

use crate::app::{AppConfig, TaskKind, TaskRequest};
use crate::device::{DeviceModel, DeviceState, MemoryPressure, Network, Thermal};
use crate::params::{OsVersion, ParamInfo, Params};
use crate::time::{Date, Duration, Instant};
use crate::usage::UserProfile;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// The scenario format version this build writes. Older versions are migrated on load.
pub const SCENARIO_VERSION: u32 = 1;

/// Longest run a scenario may ask for (inputs beyond it are refused).
pub const MAX_SPAN: Duration = Duration::from_days(400);

/// Most inputs a scenario may carry.
pub const MAX_INPUTS: usize = 20_000;

/// Everything needed to reproduce a run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Scenario {
    /// Format version.
    pub version: u32,
    /// Seed of every random draw.
    pub seed: u64,
    /// Date and time on the device's clock when the run starts.
    pub start: Instant,
    /// Modelled OS version.
    pub os: OsVersion,
    /// Device model.
    pub device: DeviceModel,
    /// Device state at the start.
    pub initial_state: DeviceState,
    /// The app.
    pub app: AppConfig,
    /// The person using the phone.
    pub user: UserProfile,
    /// The simulated person follows their routine (set false to drive every action by hand).
    pub user_routine: bool,
    /// Timed inputs: what was clicked and when.
    pub inputs: Vec<TimedInput>,
    /// Parameter overrides by name, for "what if" runs.
    pub params: BTreeMap<String, f64>,
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            version: SCENARIO_VERSION,
            seed: 1,
            start: Instant::from_civil(
                Date {
                    year: 2026,
                    month: 11,
                    day: 23,
                },
                7,
                55,
                0,
            )
            .unwrap_or_default(),
            os: OsVersion::Ios26,
            device: DeviceModel::IphoneDynamicIsland,
            initial_state: DeviceState::default(),
            app: AppConfig::default(),
            user: UserProfile::default(),
            user_routine: true,
            inputs: Vec::new(),
            params: BTreeMap::new(),
        }
    }
}

/// An input at a time, counted from the scenario start.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimedInput {
    /// When, after the start.
    pub at: Duration,
    /// What.
    pub input: Input,
}

/// Something the user of the playground (or the scenario) makes happen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "do", rename_all = "snake_case")]
pub enum Input {
    /// Connect or disconnect the charger.
    SetPluggedIn {
        /// Plugged in.
        on: bool,
    },
    /// Set the battery level.
    SetBattery {
        /// Percent.
        level: f64,
    },
    /// Low Power Mode switch.
    SetLowPowerMode {
        /// On.
        on: bool,
    },
    /// Network reachability.
    SetNetwork {
        /// The network.
        network: Network,
    },
    /// Low Data Mode switch.
    SetLowDataMode {
        /// On.
        on: bool,
    },
    /// Thermal state.
    SetThermal {
        /// The state.
        thermal: Thermal,
    },
    /// Foreground CPU load.
    SetCpuLoad {
        /// Percent.
        percent: f64,
    },
    /// Foreground memory pressure.
    SetMemoryPressure {
        /// The pressure.
        pressure: MemoryPressure,
    },
    /// The person opens the app (unlocks if needed).
    OpenApp,
    /// The person goes to the home screen (the app moves to the background).
    GoHome,
    /// The person locks the phone.
    Lock,
    /// The person picks up and unlocks the phone (without opening the app).
    PickUpPhone,
    /// The person puts the phone down: the screen is idle, then locks.
    PutDown,
    /// A phone call starts or ends.
    SetCall {
        /// In a call.
        on: bool,
    },
    /// The camera opens or closes.
    SetCamera {
        /// Camera in use.
        on: bool,
    },
    /// The person swipes the app away in the app switcher.
    SwipeAppAway,
    /// Background App Refresh for this app (Settings > the app).
    SetAppBackgroundRefresh {
        /// On.
        on: bool,
    },
    /// Background App Refresh for the whole device (Settings > General).
    SetGlobalBackgroundRefresh {
        /// On.
        on: bool,
    },
    /// The person's switch for the app's continued processing.
    SetContinuedProcessingAllowed {
        /// Allowed.
        on: bool,
    },
    /// Delete and reinstall the app: learning about its use starts over.
    Reinstall,
    /// Restart the phone: apps stop, and their data stays locked until the first unlock.
    RestartPhone,
    /// The app calls `submit` with this request.
    Submit {
        /// The request.
        request: TaskRequest,
    },
    /// The app calls `cancel(taskRequestWithIdentifier:)`.
    Cancel {
        /// Identifier.
        identifier: String,
    },
    /// The app calls `cancelAllTaskRequests()`.
    CancelAll,
    /// The person taps Stop on a continued task's Live Activity.
    TapStop {
        /// Identifier.
        identifier: String,
    },
    /// The person answers a slow-progress prompt.
    AnswerPrompt {
        /// Identifier.
        identifier: String,
        /// "Continue" (true) or "Stop" (false).
        keep_going: bool,
    },
    /// The person dismisses a failed continued-task entry.
    DismissFailed {
        /// Identifier.
        identifier: String,
    },
    /// Debugger: `_simulateLaunchForTaskWithIdentifier:` (bypasses the scheduler).
    SimulateLaunch {
        /// Identifier.
        identifier: String,
    },
    /// Debugger: `_simulateExpirationForTaskWithIdentifier:`.
    SimulateExpiration {
        /// Identifier.
        identifier: String,
    },
}

/// Why a scenario cannot be run, in words for the person who made it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError(pub String);

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ScenarioError {}

fn check_fraction(value: f64, what: &str, max: f64) -> Result<(), ScenarioError> {
    if value.is_finite() && (0.0..=max).contains(&value) {
        Ok(())
    } else {
        Err(ScenarioError(format!(
            "{what} must be between 0 and {max}, not {value}"
        )))
    }
}

/// A parameter override may be at most this many times the modelled value, or times one hour
/// (one unit, for values that are not spans of time) when that is larger: "what if" within
/// reason, and bounded work for the run (a look-ahead of years, or thousands of phone pickups an
/// hour, would stall it).
pub const MAX_OVERRIDE_FACTOR: f64 = 100.0;

/// Check a parameter override against the range the model can run: probabilities and fractions
/// up to 1, percentages up to 100, anything else up to [`MAX_OVERRIDE_FACTOR`] times the larger of
/// its modelled value and one hour (or one unit). A span of time modelled as positive may shrink
/// by the same factor but not to zero: periodic checks wait that long, and a zero wait would
/// repeat them at the same instant forever.
fn check_override(info: &ParamInfo, value: f64) -> Result<(), ScenarioError> {
    let unit_ms = match info.unit {
        "s" => 1e3,
        "min" => 6e4,
        "h" => 3.6e6,
        "days" => 8.64e7,
        _ => f64::INFINITY,
    };
    let one_hour_or_unit = (3.6e6 / unit_ms).max(1.0);
    let high = match info.unit {
        "probability" | "fraction" => 1.0,
        "%" => 100.0,
        _ => MAX_OVERRIDE_FACTOR * info.default.max(one_hour_or_unit),
    };
    let low = if unit_ms.is_finite() {
        info.default / MAX_OVERRIDE_FACTOR
    } else {
        0.0
    };
    if (low..=high).contains(&value) {
        Ok(())
    } else {
        Err(ScenarioError(format!(
            "the parameter {} must be between {low} and {high} ({}), not {value}",
            info.name, info.unit
        )))
    }
}

impl Scenario {
    /// Read a scenario from JSON, migrating older versions and checking every value.
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        let scenario: Scenario = serde_json::from_str(text)
            .map_err(|e| ScenarioError(format!("the scenario is not valid: {e}")))?;
        scenario.validate()?;
        Ok(scenario)
    }

    /// The scenario as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The parameters in force: the OS version's defaults with this scenario's overrides.
    pub fn params(&self) -> Result<Params, ScenarioError> {
        let mut params = Params::for_os(self.os);
        let catalogue = if self.params.is_empty() {
            Vec::new()
        } else {
            params.catalogue()
        };
        for (name, value) in &self.params {
            params
                .set(name, *value)
                .map_err(|e| ScenarioError(e.to_string()))?;
            if let Some(info) = catalogue.iter().find(|info| info.name == name) {
                check_override(info, *value)?;
            }
        }
        Ok(params)
    }

    /// Check every value, so a hand-edited file or a tampered link gets a clear message.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        if self.version == 0 || self.version > SCENARIO_VERSION {
            return Err(ScenarioError(format!(
                "scenario format version {} is not known to this build (it reads up to {SCENARIO_VERSION})",
                self.version
            )));
        }
        let year = self.start.date().year;
        if !(2000..=2100).contains(&year) {
            return Err(ScenarioError(format!(
                "the start date is in {year}; pick a year between 2000 and 2100"
            )));
        }
        check_fraction(self.initial_state.battery, "the battery level", 100.0)?;
        check_fraction(self.initial_state.foreground_cpu, "the CPU load", 100.0)?;
        self.params()?;
        if self.app.bundle_id.trim().is_empty() {
            return Err(ScenarioError("the app needs a bundle identifier".into()));
        }
        if self.app.tasks.len() > 64 || self.app.permitted_identifiers.len() > 64 {
            return Err(ScenarioError(
                "the app has more than 64 tasks or identifiers".into(),
            ));
        }
        if let Some(work) = self.app.background_task_on_exit_s {
            check_fraction(work, "the work after leaving the foreground (s)", 86400.0)?;
        }
        for task in &self.app.tasks {
            // A task's request template is what the app submits: the same rules as a submit.
            validate_input(&Input::Submit {
                request: task.request.clone(),
            })?;
            let b = &task.behavior;
            let id = &task.request.identifier;
            if id.trim().is_empty() || id.len() > 200 {
                return Err(ScenarioError(
                    "every task needs an identifier of 1 to 200 characters".into(),
                ));
            }
            if !(b.work_s.is_finite() && (0.0..=7.0 * 86400.0).contains(&b.work_s)) {
                return Err(ScenarioError(format!(
                    "the work of {id} must take between 0 s and 7 days"
                )));
            }
            check_fraction(b.cpu_percent, "a handler's CPU use", 100.0)?;
            check_fraction(b.peak_memory_mb, "a handler's memory (MB)", 100_000.0)?;
            if let crate::app::ProgressReporting::Every { seconds } = b.progress {
                if !(seconds.is_finite() && (0.1..=86400.0).contains(&seconds)) {
                    return Err(ScenarioError(format!(
                        "the progress interval of {id} must be between 0.1 s and a day"
                    )));
                }
            }
            if let Some(stop) = b.progress_stops_after_s {
                check_fraction(stop, "the time progress stops", 7.0 * 86400.0)?;
            }
        }
        if self.inputs.len() > MAX_INPUTS {
            return Err(ScenarioError(format!(
                "the scenario has {} inputs; at most {MAX_INPUTS} are allowed",
                self.inputs.len()
            )));
        }
        let mut last = Duration::ZERO;
        for timed in &self.inputs {
            if timed.at < last {
                return Err(ScenarioError(
                    "the inputs are not in time order".to_string(),
                ));
            }
            if timed.at > MAX_SPAN {
                return Err(ScenarioError(format!(
                    "an input is {} after the start; runs are limited to {}",
                    timed.at, MAX_SPAN
                )));
            }
            last = timed.at;
            validate_input(&timed.input)?;
        }
        Ok(())
    }

    /// Append an input at `at` after the start, keeping the list in time order.
    pub fn push_input(&mut self, at: Duration, input: Input) {
        let index = self.inputs.partition_point(|t| t.at <= at);
        self.inputs.insert(index, TimedInput { at, input });
    }

    /// The request template of the task definition with this identifier, if any.
    pub fn request_for(&self, identifier: &str) -> Option<TaskRequest> {
        self.app
            .definition_for(identifier)
            .map(|d| d.request.clone())
    }

    /// Kinds of task the app defines.
    pub fn task_kinds(&self) -> Vec<TaskKind> {
        let mut kinds: Vec<TaskKind> = self.app.tasks.iter().map(|t| t.request.kind).collect();
        kinds.sort();
        kinds.dedup();
        kinds
    }
}

/// Check one input's values (the same rules as [`Scenario::validate`]).
pub fn validate_input(input: &Input) -> Result<(), ScenarioError> {
    match input {
        Input::SetBattery { level } => check_fraction(*level, "the battery level", 100.0)?,
        Input::SetCpuLoad { percent } => check_fraction(*percent, "the CPU load", 100.0)?,
        Input::Submit { request } => {
            if request.identifier.trim().is_empty() || request.identifier.len() > 200 {
                return Err(ScenarioError(
                    "a submitted request needs an identifier of 1 to 200 characters".into(),
                ));
            }
            if let Some(delay) = request.earliest_begin_after {
                if delay < Duration::ZERO || delay > MAX_SPAN {
                    return Err(ScenarioError(format!(
                        "the earliestBeginDate of {} is out of range",
                        request.identifier
                    )));
                }
            }
            if request.title.len() > 500 || request.subtitle.len() > 500 {
                return Err(ScenarioError(
                    "a title or subtitle is longer than 500 characters".into(),
                ));
            }
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_override(name: &str, value: f64) -> Result<(), ScenarioError> {
        let mut scenario = Scenario::default();
        scenario.params.insert(name.into(), value);
        scenario.validate()
    }

    #[test]
    fn parameter_overrides_stay_in_a_range_the_model_can_run() {
        // Each of these validated once and then hung, panicked or ran out of memory in `Sim`.
        assert!(with_override("user_pickups_per_hour_max", 1e6).is_err());
        assert!(with_override("app_lookahead_s", 1e9).is_err());
        assert!(with_override("app_lookahead_jitter_max_s", 1e300).is_err());
        assert!(with_override("user_open_jitter_minutes", 1e300).is_err());
        assert!(with_override("progress_second_prompt_after_s", 0.0).is_err());
        assert!(with_override("refresh_short_allowance_chance", 2.0).is_err());
        assert!(with_override("battery_floor_utility", 101.0).is_err());
        // "What if" values stay open: switching a policy off, a certainty, a wider window.
        assert_eq!(with_override("weight_thermal", 0.0), Ok(()));
        assert_eq!(with_override("refresh_short_allowance_chance", 1.0), Ok(()));
        assert_eq!(with_override("processing_window_delay_s", 0.0), Ok(()));
        assert_eq!(with_override("processing_window_delay_s", 450.0), Ok(()));
        assert_eq!(with_override("refresh_window_h", 24.0 * 7.0), Ok(()));
        assert_eq!(with_override("stall_after_s", 0.3), Ok(()));
        assert!(with_override("stall_after_s", 0.001).is_err());
    }
}
