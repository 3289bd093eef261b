//! dasd's decision: activities, one type per policy behind the [`Policy`] trait, the weighted-mean
//! aggregation, and the threshold with its relaxation over the window (reference section 3.2).

use crate::app::{TaskKind, TaskRequest};
use crate::device::{Capabilities, DeviceState, Network};
use crate::params::{Evidence, Params, Source};
use crate::time::{Duration, Instant};
use crate::usage::UsagePredictor;
use serde::Serialize;

/// A policy's decision code (`_DASPolicyResponse`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Decision {
    /// 0: the score counts in the weighted mean.
    CanProceed = 0,
    /// 33: blocks this evaluation.
    MustNotProceed = 33,
    /// 67: run.
    MustProceed = 67,
    /// 100: blocks.
    AbsolutelyMustNotProceed = 100,
    /// 200: run.
    AbsolutelyMustProceed = 200,
}

impl Decision {
    /// The numeric code as logged (`{33, 0.00}`).
    pub fn code(self) -> u8 {
        self as u8
    }

    /// The name in older log formats.
    pub fn name(self) -> &'static str {
        match self {
            Decision::CanProceed => "Can Proceed",
            Decision::MustNotProceed => "Must Not Proceed",
            Decision::MustProceed => "Must Proceed",
            Decision::AbsolutelyMustNotProceed => "Absolutely Must Not Proceed",
            Decision::AbsolutelyMustProceed => "Absolutely Must Proceed",
        }
    }

    /// Whether it blocks (33 or 100).
    pub fn blocks(self) -> bool {
        matches!(
            self,
            Decision::MustNotProceed | Decision::AbsolutelyMustNotProceed
        )
    }
}

/// dasd's priority classes, which choose the relaxation curve.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum PriorityClass {
    /// Maintenance.
    Maintenance,
    /// Background.
    Background,
    /// Utility.
    Utility,
    /// Default.
    Default,
    /// UserInitiated and above: bypasses predictions.
    UserInitiated,
}

impl PriorityClass {
    /// From the numeric parameter (0 Maintenance ... 4 UserInitiated).
    pub fn from_param(value: f64) -> PriorityClass {
        match value.round() as i64 {
            i64::MIN..=0 => PriorityClass::Maintenance,
            1 => PriorityClass::Background,
            2 => PriorityClass::Utility,
            3 => PriorityClass::Default,
            _ => PriorityClass::UserInitiated,
        }
    }

    /// Name.
    pub fn label(self) -> &'static str {
        match self {
            PriorityClass::Maintenance => "Maintenance",
            PriorityClass::Background => "Background",
            PriorityClass::Utility => "Utility",
            PriorityClass::Default => "Default",
            PriorityClass::UserInitiated => "UserInitiated",
        }
    }

    /// The pre-optimal factor, K and p of the relaxation curve ([DECOMP] X-dasd18 `_DASDaemon`).
    fn curve(self) -> (f64, f64, f64) {
        match self {
            PriorityClass::UserInitiated => (0.75, 100.0, 1.0),
            PriorityClass::Utility => (0.925, 110.0, 1.35),
            PriorityClass::Default => (0.9, 105.0, 1.2),
            PriorityClass::Background => (0.95, 120.0, 1.5),
            PriorityClass::Maintenance => (0.975, 130.0, 1.7),
        }
    }

    /// The relaxation factor for time slot `k` (0..=10) after the predicted optimal time.
    pub fn relaxation_factor(self, slot: u8) -> f64 {
        let (pre, k_max, p) = self.curve();
        let ratio = 10.0 * f64::from(slot.min(10)) / k_max;
        pre * (1.0 - libm::pow(ratio, p))
    }

    /// The factor before the predicted optimal time.
    pub fn pre_optimal_factor(self) -> f64 {
        self.curve().0
    }
}

/// A request as dasd holds it: an activity with a window.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Activity {
    /// Unique number of this submission within the run.
    pub serial: u64,
    /// dasd's name, `bgRefresh-<identifier>:<HEX6>`.
    pub name: String,
    /// The request as submitted.
    pub request: TaskRequest,
    /// When it was submitted.
    pub submitted_at: Instant,
    /// The window start (`startAfter`).
    pub window_start: Instant,
    /// The window end (`startBefore`).
    pub window_end: Instant,
    /// Priority class for the threshold.
    pub priority: PriorityClass,
    /// The predicted optimal score and its time, computed at submission.
    pub optimal: (f64, Instant),
    /// Low Power Mode was already on when it was submitted (continued tasks may then run).
    pub submitted_in_low_power: bool,
}

impl Activity {
    /// The task kind.
    pub fn kind(&self) -> TaskKind {
        self.request.kind
    }

    /// The identifier.
    pub fn identifier(&self) -> &str {
        &self.request.identifier
    }

    /// Whether it bypasses predictions (threshold 0.01).
    pub fn bypasses_predictions(&self) -> bool {
        self.priority >= PriorityClass::UserInitiated
    }
}

/// What the app looks like to the scheduler.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct AppStatus {
    /// The app is in the foreground.
    pub foreground: bool,
    /// The person swiped the app away and has not opened it since.
    pub swiped_away: bool,
    /// Background App Refresh for this app.
    pub refresh_switch_app: bool,
    /// One of the app's tasks is running now.
    pub has_running_task: bool,
}

/// The app's budgets as the scheduler sees them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct BudgetStatus {
    /// Energy budget left, seconds of runtime.
    pub energy_left_s: f64,
    /// Cellular data budget left, MB.
    pub data_left_mb: f64,
    /// Launches of this activity's kind within the rate-limit window.
    pub recent_runs: u32,
    /// When the oldest of those runs leaves the window.
    pub rate_limit_clears_at: Option<Instant>,
}

/// A running continued task's progress, for the Activity Progress Policy.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ProgressStatus {
    /// Last time the completed count went up (or the start).
    pub last_progress_at: Instant,
    /// Progress was never reported and the total is unknown.
    pub indeterminate_never_reported: bool,
}

/// Everything a policy may read.
#[derive(Clone, Copy)]
pub struct PolicyContext<'a> {
    /// Now.
    pub now: Instant,
    /// Parameters in force.
    pub params: &'a Params,
    /// The device's capabilities.
    pub caps: Capabilities,
    /// The device's state.
    pub device: &'a DeviceState,
    /// When Low Power Mode was last turned on, if it is on.
    pub low_power_since: Option<Instant>,
    /// The app.
    pub app: AppStatus,
    /// What the system learned about the person.
    pub predictor: &'a UsagePredictor,
    /// Budgets and rate limits.
    pub budgets: BudgetStatus,
    /// The last thundering-herd trigger (unlock after hours locked, network back after hours).
    pub thundering_herd_trigger: Option<Instant>,
    /// Random jitter of the Application Policy's look-ahead for this evaluation.
    pub lookahead_jitter: Duration,
    /// Progress of a running continued task.
    pub progress: Option<ProgressStatus>,
    /// Continued tasks running now (their group has a concurrency maximum).
    pub running_continued: u32,
    /// The activity being evaluated.
    pub activity: &'a Activity,
}

/// Why a policy voted as it did: structured, formatted only when shown.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub enum Rationale {
    /// Nothing to say: the policy is content.
    Fine,
    /// The app is in the foreground, so a background launch makes no sense.
    AppIsForeground,
    /// A continued task with the app in the foreground must run.
    ContinuedFromForeground,
    /// Predicted probability that the person opens the app soon.
    PredictedLaunch {
        /// Probability of an open in the look-ahead.
        probability: f64,
        /// The system has learned the person's habits.
        learned: bool,
        /// The app is in the recently used set.
        recent: bool,
    },
    /// The app is neither used recently nor predicted: dasd will not launch it.
    LaunchUnlikely {
        /// Probability of an open in the look-ahead.
        probability: f64,
    },
    /// A processing launch while the device is in use.
    ProcessingWhileActive,
    /// Predicted device use soon.
    DeviceUse {
        /// Probability of use in the look-ahead.
        probability: f64,
        /// In use now.
        active: bool,
    },
    /// A processing launch on battery (iPhone, or iPad under 75 %).
    ProcessingOnBattery {
        /// Battery level.
        battery: f64,
        /// The device is an iPad.
        ipad: bool,
    },
    /// The battery score.
    BatteryLevel {
        /// Battery level.
        battery: f64,
        /// On the charger.
        plugged_in: bool,
    },
    /// The request requires external power and the device is on battery.
    RequiresPower,
    /// Charger state for requests that do not require it.
    ChargerState {
        /// On the charger.
        plugged_in: bool,
    },
    /// The foreground uses too much CPU.
    CpuTooHigh {
        /// Largest allowed level.
        allowed: f64,
        /// Level now.
        observed: f64,
    },
    /// CPU headroom.
    CpuLevel {
        /// Level now.
        observed: f64,
    },
    /// Low Power Mode throttles discretionary work.
    LowPowerMode {
        /// Battery level.
        battery: f64,
        /// On the charger.
        plugged_in: bool,
    },
    /// Too hot for this activity.
    ThermalTooHigh {
        /// dasd thermal level now.
        level: u8,
        /// Highest allowed.
        allowed: u8,
    },
    /// Thermal headroom.
    ThermalLevel {
        /// dasd thermal level now.
        level: u8,
    },
    /// The app's energy budget is spent and the device is on battery.
    EnergyBudgetSpent,
    /// Energy budget left.
    EnergyBudget {
        /// Fraction of the daily budget left.
        fraction_left: f64,
    },
    /// The cellular data budget is spent.
    DataBudgetSpent,
    /// Low Data Mode on cellular.
    LowDataMode,
    /// The request needs the network and there is none.
    NoNetwork,
    /// Network quality.
    NetworkKind {
        /// The network.
        network: Network,
    },
    /// A call is in progress.
    CallInProgress,
    /// The device came back after hours and is in use: deferred work must not all fire at once.
    ThunderingHerd {
        /// Seconds since the trigger.
        since_trigger_s: f64,
    },
    /// The camera is active.
    CameraActive,
    /// The foreground needs memory.
    MemoryPressure,
    /// Too many launches of this kind recently.
    RateLimited {
        /// Launches in the window.
        runs: u32,
        /// When the oldest leaves the window.
        clears_at: Option<Instant>,
    },
    /// A continued task made no progress for too long.
    Stalled {
        /// Seconds since the last progress.
        since_progress_s: f64,
        /// The limit that applied.
        limit_s: f64,
    },
    /// Background App Refresh is off for the app.
    RefreshOffForApp,
    /// Background App Refresh is off for the device.
    RefreshOffGlobally,
    /// Low Power Mode turns Background App Refresh off.
    RefreshOffByLowPowerMode,
    /// The person swiped the app away.
    SwipedAway,
    /// The phone restarted and has not been unlocked since: the app's data is still locked.
    BeforeFirstUnlock,
    /// The maximum number of continued tasks already run.
    GroupFull {
        /// Running now.
        running: u32,
        /// The maximum.
        max: u32,
    },
    /// The app was not used within the past week.
    NotUsedThisWeek {
        /// Days since the last use (None: never).
        days: Option<f64>,
    },
}

/// A change the user can make to lift a block, expressed as the input that makes it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Fix {
    /// Button label.
    pub label: &'static str,
    /// The input to apply, if a single input does it.
    pub input: Option<crate::scenario::Input>,
}

fn fix(label: &'static str, input: crate::scenario::Input) -> Fix {
    Fix {
        label,
        input: Some(input),
    }
}

fn wait(label: &'static str) -> Fix {
    Fix { label, input: None }
}

impl Rationale {
    /// The condition as dasd would print it in a `Rationale: [...]`, if it prints one.
    pub fn dasd(&self) -> Option<String> {
        use Rationale::*;
        Some(match *self {
            AppIsForeground => "{[appIsForeground]: Required:0.00, Observed:1.00}".into(),
            ContinuedFromForeground => "{[appIsForeground]: Required:1.00, Observed:1.00}".into(),
            LaunchUnlikely { probability } => {
                format!("{{[launchLikelihood]: Required:>0.01, Observed:{probability:.4}}}")
            }
            ProcessingWhileActive => "{launchType == PROCESSING AND deviceActive == 1}".into(),
            ProcessingOnBattery { battery, .. } => {
                format!("{{launchType == PROCESSING AND batteryLevel == {battery:.0}}}")
            }
            RequiresPower => "{[pluggedIn]: Required:1.00, Observed:0.00}".into(),
            CpuTooHigh { allowed, observed } => format!(
                "{{[Max allowed CPU Usage level]: Required:{allowed:.2}, Observed:{observed:.2}}}"
            ),
            LowPowerMode { battery, .. } => {
                format!("{{lowPowerMode == 1 AND (batteryLevel == {battery:.0} < 30 OR pluggedIn == 0)}}")
            }
            ThermalTooHigh { level, allowed } => {
                format!("{{[thermalLevel]: Required:<={allowed}.00, Observed:{level}.00}}")
            }
            EnergyBudgetSpent => "{[energyBudgetRemaining]: Required:>0.00, Observed:0.00}".into(),
            DataBudgetSpent => "{[dataBudgetRemaining]: Required:>0.00, Observed:0.00}".into(),
            LowDataMode => "{lowDataMode == 1 AND interface == cellular}".into(),
            NoNetwork => "{[networkAvailable]: Required:1.00, Observed:0.00}".into(),
            CallInProgress => "{callInProgress == 1}".into(),
            // The real log's text (Ably); the seconds since the trigger are in `plain`.
            ThunderingHerd { .. } => {
                "{deviceInUse == 1 AND timeSinceThunderingHerdTriggerEvent < 900}".into()
            }
            CameraActive => "{cameraIsActive == 1}".into(),
            MemoryPressure => "{memoryPressure == 1}".into(),
            RateLimited { runs, .. } => format!("{{[activityRateLimit]: runs:{runs}}}"),
            Stalled {
                since_progress_s,
                limit_s,
            } => format!("{{timeSinceLastProgress == {since_progress_s:.0} > {limit_s:.0}}}"),
            RefreshOffForApp => "{[backgroundAppRefreshApp]: Required:1.00, Observed:0.00}".into(),
            RefreshOffGlobally => "{[backgroundAppRefresh]: Required:1.00, Observed:0.00}".into(),
            RefreshOffByLowPowerMode => "{lowPowerMode == 1 => backgroundAppRefresh == 0}".into(),
            SwipedAway => "{[appForceQuit]: Required:0.00, Observed:1.00}".into(),
            BeforeFirstUnlock => "{[deviceUnlockedSinceBoot]: Required:1.00, Observed:0.00}".into(),
            NotUsedThisWeek { .. } => "{[daysSinceAppUse]: Required:<=7}".into(),
            GroupFull { running, max } => {
                format!("{{[groupConcurrency]: Required:<{max}, Observed:{running}}}")
            }
            Fine
            | PredictedLaunch { .. }
            | DeviceUse { .. }
            | BatteryLevel { .. }
            | ChargerState { .. }
            | CpuLevel { .. }
            | ThermalLevel { .. }
            | EnergyBudget { .. }
            | NetworkKind { .. } => return None,
        })
    }

    /// The vote in plain words.
    pub fn plain(&self) -> String {
        use Rationale::*;
        match *self {
            Fine => "No objection.".into(),
            AppIsForeground => "The app is open on screen, so there is nothing to launch in the background.".into(),
            ContinuedFromForeground => "A continued task submitted from the foreground starts right away.".into(),
            PredictedLaunch { probability, learned, recent } => {
                let chance = format!("{:.0} %", probability * 100.0);
                let basis = if learned {
                    format!("The system expects the person to open the app soon with a {chance} chance")
                } else {
                    "The system has not learned this person's habits yet (it needs about two days), so it assumes a tiny chance they open the app soon".to_string()
                };
                if recent {
                    format!("{basis}; the app was used recently, which adds a bonus.")
                } else {
                    format!("{basis}; the app has not been used recently.")
                }
            }
            LaunchUnlikely { probability } => format!(
                "The app has not been used recently and the chance it is opened soon is {:.2} %: dasd does not launch apps nobody uses.",
                probability * 100.0
            ),
            ProcessingWhileActive => "Processing tasks run only while the device is idle, and someone is using it.".into(),
            DeviceUse { probability, active } => if active {
                "The device is in use now.".into()
            } else {
                format!("The device is idle; the chance it is used soon is {:.0} %.", probability * 100.0)
            },
            ProcessingOnBattery { battery, ipad } => if ipad {
                format!("On an iPad a processing task on battery needs 75 % or more; the battery is at {battery:.0} % and no charger is connected.")
            } else {
                "On an iPhone processing tasks run only on the charger, and it is not plugged in.".into()
            },
            BatteryLevel { battery, plugged_in } => format!(
                "Battery at {battery:.0} %{}.",
                if plugged_in { ", charging" } else { "" }
            ),
            RequiresPower => "The request sets requiresExternalPower and the device is on battery.".into(),
            ChargerState { plugged_in } => if plugged_in {
                "On the charger.".into()
            } else {
                "On battery: a little less attractive than charging.".into()
            },
            CpuTooHigh { allowed, observed } => format!(
                "The foreground is busy: CPU at {observed:.0} % is above the {allowed:.0} % allowed now."
            ),
            CpuLevel { observed } => format!("Foreground CPU load {observed:.0} %."),
            LowPowerMode { battery, plugged_in } => format!(
                "Low Power Mode is on and the device is {} at {battery:.0} %: discretionary work waits.",
                if plugged_in { "charging but below 30 %" } else { "on battery" }
            ),
            ThermalTooHigh { level, allowed } => format!(
                "The device is too warm (thermal level {level}; this work is allowed up to {allowed})."
            ),
            ThermalLevel { level } => format!("Thermal level {level}."),
            EnergyBudgetSpent => "The app has spent its energy budget for now and the device is on battery.".into(),
            EnergyBudget { fraction_left } => format!("{:.0} % of the app's energy budget left.", fraction_left * 100.0),
            DataBudgetSpent => "The app has spent its cellular data budget.".into(),
            LowDataMode => "Low Data Mode is on and the device is on cellular.".into(),
            NoNetwork => "The request needs the network and there is none.".into(),
            NetworkKind { network } => format!("On {}.", network.label()),
            CallInProgress => "A phone call is in progress.".into(),
            ThunderingHerd { since_trigger_s } => format!(
                "The phone just came back after hours ({:.0} s ago) and is in use: deferred work is held back so it does not all fire at once.",
                since_trigger_s
            ),
            CameraActive => "The camera is in use and needs the memory.".into(),
            MemoryPressure => "The foreground app needs memory.".into(),
            RateLimited { runs, clears_at } => match clears_at {
                Some(t) => format!("{runs} launches of this kind recently: rate limited until {}.", t.hh_mm()),
                None => format!("{runs} launches of this kind recently: rate limited."),
            },
            Stalled { since_progress_s, limit_s } => format!(
                "No progress for {since_progress_s:.0} s (the limit is {limit_s:.0} s): the task looks stalled."
            ),
            RefreshOffForApp => "Background App Refresh is off for this app.".into(),
            RefreshOffGlobally => "Background App Refresh is off for the whole device.".into(),
            RefreshOffByLowPowerMode => "Low Power Mode turns Background App Refresh off.".into(),
            SwipedAway => "The person swiped the app away: the system takes that as \"do not run in the background\" until it is opened again.".into(),
            BeforeFirstUnlock => "The phone restarted and nobody has unlocked it since: the app's files are still encrypted, so it is not launched.".into(),
            GroupFull { running, max } => format!(
                "{running} continued task(s) already run and the maximum is {max}: this one waits its turn."
            ),
            NotUsedThisWeek { days } => match days {
                Some(d) => format!("The app was last used {d:.0} days ago; processing is promised only to apps used within the past week."),
                None => "The app has never been opened; processing is promised only to apps used within the past week.".into(),
            },
        }
    }

    /// What would lift this block or raise this score.
    pub fn fixes(&self) -> Vec<Fix> {
        use crate::device::{MemoryPressure as Mp, Thermal};
        use crate::scenario::Input;
        use Rationale::*;
        match *self {
            AppIsForeground => vec![fix("Go to the home screen", Input::GoHome)],
            LaunchUnlikely { .. } | PredictedLaunch { .. } | NotUsedThisWeek { .. } => {
                vec![fix("Open the app (teaches the system)", Input::OpenApp)]
            }
            ProcessingWhileActive | DeviceUse { active: true, .. } => {
                vec![fix("Lock the phone", Input::Lock)]
            }
            ProcessingOnBattery { .. } | RequiresPower | EnergyBudgetSpent => {
                vec![fix("Plug in the charger", Input::SetPluggedIn { on: true })]
            }
            ChargerState { plugged_in: false } => {
                vec![fix("Plug in the charger", Input::SetPluggedIn { on: true })]
            }
            BatteryLevel { .. } => {
                vec![fix("Plug in the charger", Input::SetPluggedIn { on: true })]
            }
            CpuTooHigh { .. } => vec![fix(
                "Stop the heavy foreground work",
                Input::SetCpuLoad { percent: 10.0 },
            )],
            LowPowerMode { .. } | RefreshOffByLowPowerMode => vec![
                fix(
                    "Turn Low Power Mode off",
                    Input::SetLowPowerMode { on: false },
                ),
                fix("Plug in the charger", Input::SetPluggedIn { on: true }),
            ],
            ThermalTooHigh { .. } | ThermalLevel { .. } => {
                vec![fix(
                    "Let it cool down",
                    Input::SetThermal {
                        thermal: Thermal::Nominal,
                    },
                )]
            }
            DataBudgetSpent | LowDataMode => vec![fix(
                "Join Wi-Fi",
                Input::SetNetwork {
                    network: Network::Wifi,
                },
            )],
            NoNetwork => vec![fix(
                "Join Wi-Fi",
                Input::SetNetwork {
                    network: Network::Wifi,
                },
            )],
            CallInProgress => vec![fix("Hang up", Input::SetCall { on: false })],
            ThunderingHerd { .. } => {
                vec![fix("Lock the phone", Input::Lock), wait("Wait 15 minutes")]
            }
            CameraActive => vec![fix("Close the camera", Input::SetCamera { on: false })],
            MemoryPressure => vec![fix(
                "Close the heavy app",
                Input::SetMemoryPressure {
                    pressure: Mp::Normal,
                },
            )],
            RateLimited { .. } => vec![wait("Wait for the rate limit to clear")],
            GroupFull { .. } => vec![wait("Wait for a running continued task to finish")],
            RefreshOffForApp => vec![fix(
                "Turn Background App Refresh on for the app",
                Input::SetAppBackgroundRefresh { on: true },
            )],
            RefreshOffGlobally => vec![fix(
                "Turn Background App Refresh on",
                Input::SetGlobalBackgroundRefresh { on: true },
            )],
            SwipedAway => vec![fix("Open the app again", Input::OpenApp)],
            BeforeFirstUnlock => vec![fix("Unlock the phone", Input::PickUpPhone)],
            Fine
            | ContinuedFromForeground
            | DeviceUse { .. }
            | ChargerState { .. }
            | CpuLevel { .. }
            | EnergyBudget { .. }
            | NetworkKind { .. }
            | Stalled { .. } => Vec::new(),
        }
    }
}

/// One policy's vote.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Response {
    /// Decision code.
    pub decision: Decision,
    /// Score in [0, 1].
    pub score: f64,
    /// Why.
    pub rationale: Rationale,
    /// The evidence behind this rule.
    pub source: Source,
}

impl Response {
    fn can(score: f64, rationale: Rationale, source: Source) -> Response {
        // dasd turns a score <= 0 into Must Not Proceed.
        let decision = if score <= 0.0 {
            Decision::MustNotProceed
        } else {
            Decision::CanProceed
        };
        Response {
            decision,
            score: score.clamp(0.0, 1.0),
            rationale,
            source,
        }
    }

    fn block(rationale: Rationale, source: Source) -> Response {
        Response {
            decision: Decision::MustNotProceed,
            score: 0.0,
            rationale,
            source,
        }
    }

    fn fine(source: Source) -> Response {
        Response {
            decision: Decision::CanProceed,
            score: 1.0,
            rationale: Rationale::Fine,
            source,
        }
    }

    /// `{33, 0.00}` as newer dasd builds print it.
    pub fn dasd(&self) -> String {
        match self.rationale.dasd() {
            Some(r) if self.decision != Decision::CanProceed || self.score < 0.9 => {
                format!("{{{}, {:.2}, [{}]}}", self.decision.code(), self.score, r)
            }
            _ => format!("{{{}, {:.2}}}", self.decision.code(), self.score),
        }
    }
}

/// One scheduling policy of dasd.
pub trait Policy: Sync {
    /// The name as logged (`Application Policy`).
    fn name(&self) -> &'static str;
    /// Whether dasd has this policy (false for settings the model enforces in the same shape).
    fn is_dasd_policy(&self) -> bool {
        true
    }
    /// Whether its block holds even against a must-proceed vote. The decompiled aggregation lets
    /// the highest code win, so the Application Policy's 200 for a continued task submitted from
    /// the foreground would outrank every block; yet Apple documents a maximum of concurrent
    /// continued tasks, and the decompiled Thermal Policy has maxima for them. The model treats
    /// those two blocks as gates outside the vote (inferred).
    fn is_gate(&self) -> bool {
        false
    }
    /// Whether it votes on this activity.
    fn applies_to(&self, activity: &Activity) -> bool;
    /// Its weight for this activity.
    fn weight(&self, activity: &Activity, params: &Params) -> f64;
    /// Its vote now.
    fn evaluate(&self, ctx: &PolicyContext) -> Response;
    /// Its predicted score at a future instant, if it is a predicting policy.
    fn predict(&self, _ctx: &PolicyContext, _at: Instant) -> Option<f64> {
        None
    }
}

const X26: &str = "X-dasd26";

fn decomp(reference: &'static str) -> Source {
    Source::new(Evidence::Decompiled, reference)
}

fn launch_probability(ctx: &PolicyContext, from: Instant) -> (f64, bool) {
    let p = ctx.params;
    let to = from + Duration::from_secs_f64(p.app_lookahead_s) + ctx.lookahead_jitter;
    match ctx.predictor.app_launch_probability(from, to, p) {
        Some(prob) => (prob, true),
        None => (p.app_default_likelihood, false),
    }
}

fn application_score(ctx: &PolicyContext, probability: f64) -> f64 {
    let p = ctx.params;
    let mut base = probability.max(0.0).sqrt();
    if base > p.app_base_saturation {
        base = 1.0;
    }
    let recent = ctx.predictor.is_recently_used(ctx.now, p);
    let mut score = base * p.app_now_factor + if recent { p.app_recent_bonus } else { 0.0 };
    if score > p.app_score_saturation {
        score = 1.0;
    }
    score
}

/// Application Policy: the person's predicted use of the app.
pub struct ApplicationPolicy;

impl Policy for ApplicationPolicy {
    fn name(&self) -> &'static str {
        "Application Policy"
    }
    fn applies_to(&self, a: &Activity) -> bool {
        matches!(
            a.kind(),
            TaskKind::AppRefresh | TaskKind::ContinuedProcessing
        )
    }
    fn weight(&self, _a: &Activity, p: &Params) -> f64 {
        p.weight_application
    }
    fn evaluate(&self, ctx: &PolicyContext) -> Response {
        let source = decomp("X-dasd26 _DASApplicationPolicy");
        if ctx.activity.kind() == TaskKind::ContinuedProcessing {
            return if ctx.app.foreground {
                Response {
                    decision: Decision::AbsolutelyMustProceed,
                    score: 1.0,
                    rationale: Rationale::ContinuedFromForeground,
                    source,
                }
            } else {
                Response::fine(source)
            };
        }
        if ctx.app.foreground {
            return Response::block(Rationale::AppIsForeground, source);
        }
        let (probability, learned) = launch_probability(ctx, ctx.now);
        let recent = ctx.predictor.is_recently_used(ctx.now, ctx.params);
        if !recent && probability < ctx.params.app_launch_unlikely_below {
            return Response::block(
                Rationale::LaunchUnlikely { probability },
                Source::new(
                    Evidence::Inferred,
                    "X-dasd26 (\"run when launch unlikely\" rules; the exact condition is inferred)",
                ),
            );
        }
        Response::can(
            application_score(ctx, probability),
            Rationale::PredictedLaunch {
                probability,
                learned,
                recent,
            },
            source,
        )
    }
    fn predict(&self, ctx: &PolicyContext, at: Instant) -> Option<f64> {
        if ctx.activity.kind() != TaskKind::AppRefresh {
            return None;
        }
        let (probability, _) = launch_probability(ctx, at);
        Some(application_score(ctx, probability))
    }
}

fn device_use_probability(ctx: &PolicyContext, from: Instant) -> f64 {
    let to = from + Duration::from_secs_f64(ctx.params.device_use_lookahead_s);
    ctx.predictor
        .device_use_probability(from, to, ctx.params)
        .unwrap_or(0.25)
}

fn device_activity_score(ctx: &PolicyContext, probability: f64, active: bool) -> f64 {
    let floor = ctx.params.device_activity_floor;
    if ctx.activity.kind().is_processing_like() {
        let base = if active { 0.1 } else { 0.5 };
        (base + 0.5 * (1.0 - probability)).max(floor)
    } else if active {
        1.0
    } else {
        probability.max(floor)
    }
}

/// Device Activity Policy: whether the device is (or soon will be) in use.
pub struct DeviceActivityPolicy;

impl Policy for DeviceActivityPolicy {
    fn name(&self) -> &'static str {
        "Device Activity Policy"
    }
    fn applies_to(&self, a: &Activity) -> bool {
        a.kind() != TaskKind::ContinuedProcessing
    }
    fn weight(&self, _a: &Activity, p: &Params) -> f64 {
        p.weight_device_activity
    }
    fn evaluate(&self, ctx: &PolicyContext) -> Response {
        let active = ctx.device.is_active();
        if ctx.activity.kind().is_processing_like() && active {
            return Response::block(Rationale::ProcessingWhileActive, decomp(X26));
        }
        let probability = device_use_probability(ctx, ctx.now);
        Response::can(
            device_activity_score(ctx, probability, active),
            Rationale::DeviceUse {
                probability,
                active,
            },
            Source::new(Evidence::Inferred, "X-dasd26 (score shape inferred)"),
        )
    }
    fn predict(&self, ctx: &PolicyContext, at: Instant) -> Option<f64> {
        let probability = device_use_probability(ctx, at);
        Some(device_activity_score(ctx, probability, false))
    }
}

/// Battery Level Policy: processing needs the charger on iPhone; low battery lowers the score.
pub struct BatteryLevelPolicy;

impl Policy for BatteryLevelPolicy {
    fn name(&self) -> &'static str {
        "Battery Level Policy"
    }
    fn applies_to(&self, _a: &Activity) -> bool {
        true
    }
    fn weight(&self, _a: &Activity, p: &Params) -> f64 {
        p.weight_battery_level
    }
    fn evaluate(&self, ctx: &PolicyContext) -> Response {
        let p = ctx.params;
        let d = ctx.device;
        let source = decomp("X-dasd26/X-dasd18 _DASBatteryLevelPolicy");
        if ctx.activity.kind().is_processing_like()
            && !d.plugged_in
            && (d.battery < p.ipad_processing_min_battery || !ctx.caps.is_ipad)
        {
            return Response::block(
                Rationale::ProcessingOnBattery {
                    battery: d.battery,
                    ipad: ctx.caps.is_ipad,
                },
                source,
            );
        }
        let (floor, exponent) = match ctx.activity.priority {
            PriorityClass::UserInitiated => (5.0, 0.25),
            PriorityClass::Utility | PriorityClass::Default => {
                (p.battery_floor_utility, p.battery_exponent_utility)
            }
            _ => (
                p.battery_floor_low_priority,
                p.battery_exponent_low_priority,
            ),
        };
        let ratio = ((d.battery - floor) / (100.0 - floor)).max(0.0);
        let mut score = libm::pow(ratio, exponent);
        if d.plugged_in {
            score = (score * p.battery_plugged_bonus).min(1.0);
        }
        Response::can(
            score,
            Rationale::BatteryLevel {
                battery: d.battery,
                plugged_in: d.plugged_in,
            },
            source,
        )
    }
}

/// Charger Plugged In Policy: `requiresExternalPower`.
pub struct RequiresPluggedInPolicy;

impl Policy for RequiresPluggedInPolicy {
    fn name(&self) -> &'static str {
        "Charger Plugged In Policy"
    }
    fn applies_to(&self, _a: &Activity) -> bool {
        true
    }
    fn weight(&self, a: &Activity, p: &Params) -> f64 {
        if a.request.requires_external_power {
            p.weight_plugged_in_required
        } else {
            p.weight_plugged_in
        }
    }
    fn evaluate(&self, ctx: &PolicyContext) -> Response {
        let plugged_in = ctx.device.plugged_in;
        if ctx.activity.request.requires_external_power && !plugged_in {
            return Response::block(
                Rationale::RequiresPower,
                Source::new(Evidence::AppleHeader, "H-req requiresExternalPower"),
            );
        }
        let score = if plugged_in {
            1.0
        } else {
            ctx.params.unplugged_score
        };
        Response::can(
            score,
            Rationale::ChargerState { plugged_in },
            decomp("X-dasd26 _DASRequiresPluggedInPolicy"),
        )
    }
}

/// CPU Usage Policy: the foreground's CPU load.
pub struct CpuUsagePolicy;

impl Policy for CpuUsagePolicy {
    fn name(&self) -> &'static str {
        "CPU Usage Policy"
    }
    fn applies_to(&self, _a: &Activity) -> bool {
        true
    }
    fn weight(&self, _a: &Activity, p: &Params) -> f64 {
        p.weight_cpu_usage
    }
    fn evaluate(&self, ctx: &PolicyContext) -> Response {
        let observed = ctx.device.foreground_cpu;
        let allowed = if ctx.device.is_active() {
            ctx.params.cpu_max_in_use
        } else {
            ctx.params.cpu_max_idle
        };
        let source = Source::new(Evidence::Decompiled, "_DASCPUUsagePolicy; cocoa #644");
        if observed > allowed {
            return Response::block(Rationale::CpuTooHigh { allowed, observed }, source);
        }
        Response::can(
            (100.0 - observed) / 100.0,
            Rationale::CpuLevel { observed },
            source,
        )
    }
}

/// Low Power Mode Policy.
pub struct LowPowerModePolicy;

impl Policy for LowPowerModePolicy {
    fn name(&self) -> &'static str {
        "Low Power Mode Policy"
    }
    fn applies_to(&self, _a: &Activity) -> bool {
        true
    }
    fn weight(&self, _a: &Activity, p: &Params) -> f64 {
        p.weight_blocking_only
    }
    fn evaluate(&self, ctx: &PolicyContext) -> Response {
        let d = ctx.device;
        let source = Source::new(
            Evidence::Decompiled,
            "X-dasd26 _DASLowPowerModePolicy; TN3163",
        );
        let enforced =
            d.low_power_mode && (d.battery < ctx.params.low_power_enforced_below || !d.plugged_in);
        let exempt = ctx.activity.kind() == TaskKind::ContinuedProcessing
            && ctx.activity.submitted_in_low_power;
        if enforced && !exempt {
            return Response::block(
                Rationale::LowPowerMode {
                    battery: d.battery,
                    plugged_in: d.plugged_in,
                },
                source,
            );
        }
        Response::fine(source)
    }
}

fn thermal_max(ctx: &PolicyContext) -> f64 {
    let p = ctx.params;
    match ctx.activity.kind() {
        TaskKind::AppRefresh => p.thermal_max_refresh,
        TaskKind::Processing | TaskKind::HealthResearch => p.thermal_max_processing,
        TaskKind::ContinuedProcessing if ctx.device.is_active() => p.thermal_max_continued_in_use,
        TaskKind::ContinuedProcessing => p.thermal_max_continued_inactive,
    }
}

/// Thermal Policy.
pub struct ThermalPolicy;

impl Policy for ThermalPolicy {
    fn name(&self) -> &'static str {
        "Thermal Policy"
    }
    fn is_gate(&self) -> bool {
        true
    }
    fn applies_to(&self, _a: &Activity) -> bool {
        true
    }
    fn weight(&self, _a: &Activity, p: &Params) -> f64 {
        p.weight_thermal
    }
    fn evaluate(&self, ctx: &PolicyContext) -> Response {
        let level = ctx.device.thermal.level();
        let allowed = thermal_max(ctx);
        if f64::from(level) > allowed {
            return Response::block(
                Rationale::ThermalTooHigh {
                    level,
                    allowed: allowed as u8,
                },
                Source::new(
                    Evidence::Inferred,
                    "X-dasd26 _DASThermalPolicy (maxima come from server-side factors)",
                ),
            );
        }
        let score = match level {
            0 => 1.0,
            1..=10 => 0.6,
            11..=20 => 0.2,
            21..=30 => 0.1,
            _ => 0.0,
        };
        Response::can(
            score,
            Rationale::ThermalLevel { level },
            decomp("X-dasd26 _DASThermalPolicy"),
        )
    }
}

/// Energy Budget Policy.
pub struct EnergyBudgetPolicy;

impl Policy for EnergyBudgetPolicy {
    fn name(&self) -> &'static str {
        "Energy Budget Policy"
    }
    fn applies_to(&self, a: &Activity) -> bool {
        a.kind() != TaskKind::ContinuedProcessing && !a.request.requires_external_power
    }
    fn weight(&self, _a: &Activity, p: &Params) -> f64 {
        p.weight_energy_budget
    }
    fn evaluate(&self, ctx: &PolicyContext) -> Response {
        let left = ctx.budgets.energy_left_s;
        if left <= 0.0 && !ctx.device.plugged_in {
            return Response::block(Rationale::EnergyBudgetSpent, decomp(X26));
        }
        let fraction_left = (left / ctx.params.energy_budget_s_per_day.max(1.0)).clamp(0.0, 1.0);
        Response::can(
            if ctx.device.plugged_in {
                1.0
            } else {
                0.5 + 0.5 * fraction_left
            },
            Rationale::EnergyBudget { fraction_left },
            Source::new(
                Evidence::Inferred,
                "W20-10063 (budget sizes are not public)",
            ),
        )
    }
}

/// Data Budget Policy: cellular data for network activities.
pub struct DataBudgetPolicy;

impl Policy for DataBudgetPolicy {
    fn name(&self) -> &'static str {
        "Data Budget Policy"
    }
    fn applies_to(&self, a: &Activity) -> bool {
        a.request.requires_network
    }
    fn weight(&self, _a: &Activity, p: &Params) -> f64 {
        p.weight_data_budget
    }
    fn evaluate(&self, ctx: &PolicyContext) -> Response {
        let source = Source::new(
            Evidence::Inferred,
            "X-dasd18 _DASDataBudgetPolicy; W20-10063",
        );
        if ctx.device.network == Network::Cellular {
            if ctx.device.low_data_mode {
                return Response::block(
                    Rationale::LowDataMode,
                    Source::new(Evidence::Inferred, "W25-227 (Low Data Mode is an input)"),
                );
            }
            if ctx.budgets.data_left_mb <= 0.0 {
                return Response::block(Rationale::DataBudgetSpent, source);
            }
        }
        Response::fine(source)
    }
}

/// The network requirement of `requiresNetworkConnectivity`.
pub struct NetworkPolicy;

impl Policy for NetworkPolicy {
    fn name(&self) -> &'static str {
        "Network Quality Policy"
    }
    fn applies_to(&self, a: &Activity) -> bool {
        a.request.requires_network
    }
    fn weight(&self, _a: &Activity, p: &Params) -> f64 {
        p.weight_network
    }
    fn evaluate(&self, ctx: &PolicyContext) -> Response {
        let network = ctx.device.network;
        if network == Network::Offline {
            return Response::block(
                Rationale::NoNetwork,
                Source::new(
                    Evidence::AppleHeader,
                    "H-req requiresNetworkConnectivity; W19-707",
                ),
            );
        }
        let score = if network == Network::Wifi { 1.0 } else { 0.7 };
        Response::can(
            score,
            Rationale::NetworkKind { network },
            Source::new(Evidence::Inferred, "none (network quality scores)"),
        )
    }
}

/// Call In Progress Policy.
pub struct CallInProgressPolicy;

impl Policy for CallInProgressPolicy {
    fn name(&self) -> &'static str {
        "Call In Progress Policy"
    }
    fn applies_to(&self, _a: &Activity) -> bool {
        true
    }
    fn weight(&self, _a: &Activity, p: &Params) -> f64 {
        p.weight_call_in_progress
    }
    fn evaluate(&self, ctx: &PolicyContext) -> Response {
        let source = decomp("X-dasd26 _DASCallInProgressPolicy");
        if ctx.device.call_active {
            return Response::block(Rationale::CallInProgress, source);
        }
        Response::fine(source)
    }
}

/// Thundering Herd Policy.
pub struct ThunderingHerdPolicy;

impl Policy for ThunderingHerdPolicy {
    fn name(&self) -> &'static str {
        "Thundering Herd Policy"
    }
    fn applies_to(&self, a: &Activity) -> bool {
        a.kind() != TaskKind::ContinuedProcessing
    }
    fn weight(&self, _a: &Activity, p: &Params) -> f64 {
        p.weight_thundering_herd
    }
    fn evaluate(&self, ctx: &PolicyContext) -> Response {
        let source = Source::new(
            Evidence::Observed,
            "Ably log; X-dasd26 _DASThunderingHerdPolicy",
        );
        if let Some(trigger) = ctx.thundering_herd_trigger {
            let since = (ctx.now - trigger).as_secs_f64();
            if ctx.device.is_active() && since < ctx.params.thundering_herd_block_s {
                return Response::block(
                    Rationale::ThunderingHerd {
                        since_trigger_s: since,
                    },
                    source,
                );
            }
        }
        Response::fine(source)
    }
}

/// Memory Pressure Policy.
pub struct MemoryPressurePolicy;

impl Policy for MemoryPressurePolicy {
    fn name(&self) -> &'static str {
        "Memory Pressure Policy"
    }
    fn applies_to(&self, _a: &Activity) -> bool {
        true
    }
    fn weight(&self, _a: &Activity, p: &Params) -> f64 {
        p.weight_memory_pressure
    }
    fn evaluate(&self, ctx: &PolicyContext) -> Response {
        if ctx.device.camera_active {
            return Response::block(
                Rationale::CameraActive,
                Source::new(Evidence::Observed, "Ably log"),
            );
        }
        if ctx.device.memory_pressure == crate::device::MemoryPressure::High {
            return Response::block(
                Rationale::MemoryPressure,
                Source::new(Evidence::Inferred, "Ably log (policy name); W20-10078"),
            );
        }
        Response::fine(Source::new(Evidence::Observed, "Ably log"))
    }
}

/// Activity Rate Limit Policy.
pub struct RateLimitPolicy;

impl Policy for RateLimitPolicy {
    fn name(&self) -> &'static str {
        "Activity Rate Limit Policy"
    }
    fn applies_to(&self, a: &Activity) -> bool {
        a.kind() != TaskKind::ContinuedProcessing
    }
    fn weight(&self, _a: &Activity, p: &Params) -> f64 {
        p.weight_blocking_only
    }
    fn evaluate(&self, ctx: &PolicyContext) -> Response {
        let source = Source::new(
            Evidence::Inferred,
            "TN3163 (rate-limit throttles can last hours; the limits are inferred)",
        );
        let runs = ctx.budgets.recent_runs;
        if f64::from(runs) >= ctx.params.rate_limit_max_runs {
            return Response::block(
                Rationale::RateLimited {
                    runs,
                    clears_at: ctx.budgets.rate_limit_clears_at,
                },
                source,
            );
        }
        Response::fine(source)
    }
}

/// Activity Progress Policy: continued tasks must show progress.
pub struct ActivityProgressPolicy;

impl Policy for ActivityProgressPolicy {
    fn name(&self) -> &'static str {
        "Activity Progress Policy"
    }
    fn applies_to(&self, a: &Activity) -> bool {
        a.kind() == TaskKind::ContinuedProcessing
    }
    fn weight(&self, _a: &Activity, p: &Params) -> f64 {
        p.weight_blocking_only
    }
    fn evaluate(&self, ctx: &PolicyContext) -> Response {
        let source = decomp("X-dasd26 _DASActivityProgressPolicy, _DASProgressTracker");
        let Some(progress) = ctx.progress else {
            return Response::fine(source);
        };
        let limit_s = if progress.indeterminate_never_reported {
            ctx.params.stall_indeterminate_after_s
        } else {
            ctx.params.stall_after_s
        };
        let since = (ctx.now - progress.last_progress_at).as_secs_f64();
        if since > limit_s {
            return Response {
                decision: Decision::AbsolutelyMustNotProceed,
                score: 0.0,
                rationale: Rationale::Stalled {
                    since_progress_s: since,
                    limit_s,
                },
                source,
            };
        }
        Response::fine(source)
    }
}

/// Activity Group Policy: continued tasks share a group with a concurrency maximum.
pub struct ActivityGroupPolicy;

impl Policy for ActivityGroupPolicy {
    fn name(&self) -> &'static str {
        "Activity Group Policy"
    }
    fn is_gate(&self) -> bool {
        true
    }
    fn applies_to(&self, a: &Activity) -> bool {
        a.kind() == TaskKind::ContinuedProcessing
    }
    fn weight(&self, _a: &Activity, p: &Params) -> f64 {
        p.weight_blocking_only
    }
    fn evaluate(&self, ctx: &PolicyContext) -> Response {
        let max = ctx.params.continued_max_concurrent;
        let source = Source::new(
            Evidence::Inferred,
            "TN3163 (group limits); D-longrun (a maximum exists; its value is inferred)",
        );
        if f64::from(ctx.running_continued) >= max {
            return Response::block(
                Rationale::GroupFull {
                    running: ctx.running_continued,
                    max: max as u32,
                },
                source,
            );
        }
        Response::fine(source)
    }
}

/// The Background App Refresh switches (enforced by the system as a hard block; not a dasd policy
/// by name).
pub struct BackgroundAppRefreshSetting;

impl Policy for BackgroundAppRefreshSetting {
    fn name(&self) -> &'static str {
        "Background App Refresh Setting"
    }
    fn is_dasd_policy(&self) -> bool {
        false
    }
    fn applies_to(&self, a: &Activity) -> bool {
        a.kind() != TaskKind::ContinuedProcessing
    }
    fn weight(&self, _a: &Activity, p: &Params) -> f64 {
        p.weight_blocking_only
    }
    fn evaluate(&self, ctx: &PolicyContext) -> Response {
        let switch = Source::new(Evidence::AppleWwdc, "W20-10063; D-errcode unavailable");
        if !ctx.device.background_app_refresh_global {
            return Response::block(Rationale::RefreshOffGlobally, switch);
        }
        if !ctx.app.refresh_switch_app {
            return Response::block(Rationale::RefreshOffForApp, switch);
        }
        if ctx.activity.kind() == TaskKind::AppRefresh && ctx.device.low_power_mode {
            return Response::block(
                Rationale::RefreshOffByLowPowerMode,
                Source::new(Evidence::AppleDoc, "D-barstatus"),
            );
        }
        Response::fine(switch)
    }
}

/// Swiping the app away in the app switcher (a belief for refresh, not a verified rule).
pub struct AppSwitcherPolicy;

impl Policy for AppSwitcherPolicy {
    fn name(&self) -> &'static str {
        "App Switcher (force quit)"
    }
    fn is_dasd_policy(&self) -> bool {
        false
    }
    fn applies_to(&self, a: &Activity) -> bool {
        a.kind() == TaskKind::AppRefresh
    }
    fn weight(&self, _a: &Activity, p: &Params) -> f64 {
        p.weight_blocking_only
    }
    fn evaluate(&self, ctx: &PolicyContext) -> Response {
        let source = Source::new(
            Evidence::Inferred,
            "W20-10063, forum 14855 (common belief for refresh; not verified)",
        );
        if ctx.app.swiped_away {
            return Response::block(Rationale::SwipedAway, source);
        }
        Response::fine(source)
    }
}

/// File Protection Policy: nothing launches before the first unlock after a restart.
pub struct FileProtectionPolicy;

impl Policy for FileProtectionPolicy {
    fn name(&self) -> &'static str {
        "File Protection Policy"
    }
    fn applies_to(&self, _a: &Activity) -> bool {
        true
    }
    fn weight(&self, _a: &Activity, p: &Params) -> f64 {
        p.weight_blocking_only
    }
    fn evaluate(&self, ctx: &PolicyContext) -> Response {
        let source = Source::new(
            Evidence::Inferred,
            "X-dasd26 (File Protection Policy exists); H-req (default protection: until first unlock)",
        );
        if !ctx.device.unlocked_since_boot {
            return Response::block(Rationale::BeforeFirstUnlock, source);
        }
        Response::fine(source)
    }
}

/// Processing is promised only to apps used within the past week.
pub struct RecentUsePolicy;

impl Policy for RecentUsePolicy {
    fn name(&self) -> &'static str {
        "Recent App Use Requirement"
    }
    fn is_dasd_policy(&self) -> bool {
        false
    }
    fn applies_to(&self, a: &Activity) -> bool {
        a.kind().is_processing_like()
    }
    fn weight(&self, _a: &Activity, p: &Params) -> f64 {
        p.weight_blocking_only
    }
    fn evaluate(&self, ctx: &PolicyContext) -> Response {
        let source = Source::new(
            Evidence::Inferred,
            "H-req (the promise holds if used within the past week; blocking otherwise is inferred)",
        );
        let days = ctx
            .predictor
            .last_app_open()
            .map(|t| (ctx.now - t).as_secs_f64() / 86400.0);
        match days {
            Some(d) if d <= ctx.params.processing_used_within_days => Response::fine(source),
            _ => Response::block(Rationale::NotUsedThisWeek { days }, source),
        }
    }
}

/// Every policy, in evaluation and log order.
pub static POLICIES: [&dyn Policy; 20] = [
    &ApplicationPolicy,
    &DeviceActivityPolicy,
    &BatteryLevelPolicy,
    &RequiresPluggedInPolicy,
    &CpuUsagePolicy,
    &LowPowerModePolicy,
    &ThermalPolicy,
    &EnergyBudgetPolicy,
    &DataBudgetPolicy,
    &NetworkPolicy,
    &CallInProgressPolicy,
    &ThunderingHerdPolicy,
    &MemoryPressurePolicy,
    &RateLimitPolicy,
    &ActivityProgressPolicy,
    &ActivityGroupPolicy,
    &BackgroundAppRefreshSetting,
    &AppSwitcherPolicy,
    &RecentUsePolicy,
    &FileProtectionPolicy,
];

/// One policy's weighted vote in an evaluation.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Vote {
    /// Index into [`POLICIES`].
    pub policy: u8,
    /// Weight for this activity.
    pub weight: f64,
    /// The response.
    pub response: Response,
}

impl Vote {
    /// The policy that voted.
    pub fn policy(&self) -> &'static dyn Policy {
        POLICIES[self.policy as usize]
    }

    /// dasd prints only interesting votes: a decision other than Can Proceed, or a score below 0.9.
    pub fn is_logged(&self) -> bool {
        self.response.decision != Decision::CanProceed || self.response.score < 0.9
    }
}

/// How the threshold was reached.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Threshold {
    /// The threshold score.
    pub score: f64,
    /// The activity bypasses predictions (threshold 0.01).
    pub bypass: bool,
    /// Predicted optimal score.
    pub optimal_score: f64,
    /// Predicted optimal time.
    pub optimal_at: Instant,
    /// Relaxation slot 0..=10 after the optimal time; None before it.
    pub slot: Option<u8>,
    /// The relaxation factor applied.
    pub factor: f64,
    /// Relaxed ×0.9 because a compatible activity is running.
    pub relaxed_for_running: bool,
}

/// One evaluation of one activity: every vote, the aggregate, the threshold and the verdict.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evaluation {
    /// Σ weight × score over the Can-Proceed votes.
    pub sum_scores: f64,
    /// Σ weight over the Can-Proceed votes.
    pub denominator: f64,
    /// The strongest decision.
    pub final_decision: Decision,
    /// CurrentScore.
    pub current_score: f64,
    /// ThresholdScore and how it was reached.
    pub threshold: Threshold,
    /// DecisionToRun.
    pub run: bool,
    /// Every applicable vote, in policy order.
    pub votes: Vec<Vote>,
}

impl Evaluation {
    /// The votes that block (33 / 100).
    pub fn blocking(&self) -> impl Iterator<Item = &Vote> {
        self.votes.iter().filter(|v| v.response.decision.blocks())
    }
}

/// Evaluate every applicable policy and aggregate (`_DASConditionScore`, reference 3.2.2).
pub fn evaluate(ctx: &PolicyContext, compatible_running: bool) -> Evaluation {
    let activity = ctx.activity;
    let mut votes = Vec::with_capacity(POLICIES.len());
    let mut sum_scores = 0.0;
    let mut denominator = 0.0;
    let mut final_decision = Decision::CanProceed;
    let mut gate_closed = None;
    for (index, policy) in POLICIES.iter().enumerate() {
        if !policy.applies_to(activity) {
            continue;
        }
        let weight = policy.weight(activity, ctx.params);
        let response = policy.evaluate(ctx);
        if response.decision > final_decision {
            final_decision = response.decision;
        }
        if policy.is_gate() && response.decision.blocks() {
            gate_closed = Some(response.decision);
        }
        if response.decision == Decision::CanProceed {
            sum_scores += weight * response.score;
            denominator += weight;
        }
        votes.push(Vote {
            policy: index as u8,
            weight,
            response,
        });
    }
    if let Some(block) = gate_closed {
        final_decision = block;
    }
    let current_score = if final_decision.blocks() {
        0.0
    } else if final_decision != Decision::CanProceed || denominator == 0.0 {
        1.0
    } else {
        sum_scores / denominator
    };
    let threshold = threshold(ctx, compatible_running);
    let run = match final_decision {
        Decision::CanProceed => current_score > threshold.score,
        d => !d.blocks(),
    };
    Evaluation {
        sum_scores,
        denominator,
        final_decision,
        current_score,
        threshold,
        run,
        votes,
    }
}

/// ThresholdScore = predicted optimal score × relaxation factor (reference 3.2.3).
pub fn threshold(ctx: &PolicyContext, compatible_running: bool) -> Threshold {
    let a = ctx.activity;
    let (optimal_score, optimal_at) = a.optimal;
    if a.bypasses_predictions() {
        return Threshold {
            score: ctx.params.bypass_threshold,
            bypass: true,
            optimal_score,
            optimal_at,
            slot: None,
            factor: 1.0,
            relaxed_for_running: false,
        };
    }
    let (slot, factor) = if ctx.now < optimal_at {
        (None, a.priority.pre_optimal_factor())
    } else {
        let span = (a.window_end - optimal_at).as_millis();
        let elapsed = (ctx.now - optimal_at).as_millis();
        let slot = if span <= 0 {
            10
        } else {
            ((elapsed * 10) / span).clamp(0, 10) as u8
        };
        (Some(slot), a.priority.relaxation_factor(slot))
    };
    let mut score = optimal_score * factor;
    if compatible_running {
        score *= ctx.params.compatibility_relaxation;
    }
    Threshold {
        score,
        bypass: false,
        optimal_score,
        optimal_at,
        slot,
        factor,
        relaxed_for_running: compatible_running,
    }
}

/// Scan the window for the best score the predicting policies expect (reference 3.2.3).
/// Predicting policies give their forecast; the others count with their current score, and a
/// policy that blocks now is left out of the forecast (the model assumes blocks clear).
pub fn predict_optimal(ctx: &PolicyContext) -> (f64, Instant) {
    let a = ctx.activity;
    let p = ctx.params;
    let start = a.window_start.max(ctx.now);
    if (a.window_start - ctx.now).as_secs_f64() > p.optimal_far_start_s {
        return (p.optimal_score_min, a.window_start);
    }
    let end = a
        .window_end
        .min(start + Duration::from_secs_f64(p.optimal_scan_cap_s));
    let window_s = (a.window_end - a.window_start).as_secs_f64();
    let step = Duration::from_secs(if window_s <= 900.0 { 300 } else { 900 });
    let mut fixed_sum = 0.0;
    let mut fixed_denominator = 0.0;
    let mut predicting: Vec<(&dyn Policy, f64)> = Vec::new();
    for policy in POLICIES.iter() {
        if !policy.applies_to(a) {
            continue;
        }
        let weight = policy.weight(a, p);
        if policy.predict(ctx, start).is_some() {
            predicting.push((*policy, weight));
            continue;
        }
        let response = policy.evaluate(ctx);
        if response.decision == Decision::CanProceed {
            fixed_sum += weight * response.score;
            fixed_denominator += weight;
        }
    }
    let mut best = (p.optimal_score_min, start);
    let mut t = start;
    while t <= end {
        let mut sum = fixed_sum;
        let mut denominator = fixed_denominator;
        for (policy, weight) in &predicting {
            sum += weight * policy.predict(ctx, t).unwrap_or(1.0);
            denominator += weight;
        }
        let score = if denominator > 0.0 {
            sum / denominator
        } else {
            1.0
        };
        if score > best.0 {
            best = (score, t);
        }
        if score > p.optimal_scan_good_enough {
            break;
        }
        t += step;
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relaxation_factors_match_the_reference_table() {
        let close = |a: f64, b: f64| (a - b).abs() < 0.0015;
        assert!(close(PriorityClass::Utility.relaxation_factor(1), 0.889));
        assert!(close(PriorityClass::Default.relaxation_factor(5), 0.531));
        assert!(close(
            PriorityClass::Background.relaxation_factor(10),
            0.227
        ));
        assert!(close(
            PriorityClass::Maintenance.relaxation_factor(7),
            0.635
        ));
        assert!(close(
            PriorityClass::UserInitiated.relaxation_factor(10),
            0.0
        ));
        assert_eq!(PriorityClass::Maintenance.pre_optimal_factor(), 0.975);
    }

    #[test]
    fn decisions_order_like_dasd_codes() {
        assert!(Decision::AbsolutelyMustProceed > Decision::AbsolutelyMustNotProceed);
        assert!(Decision::MustNotProceed.blocks());
        assert!(!Decision::MustProceed.blocks());
        assert_eq!(Decision::MustNotProceed.code(), 33);
    }
}
