//! Every modelled constant, in one table, each with the evidence behind it.
//!
//! The tags are those of `shared/domain/ios-background-tasks.md` (section 0): what Apple documents
//! is followed as a contract; what is only observed, decompiled from one iOS build, or inferred is
//! a parameter here, labelled as such, so the UI can tell users how sure each rule is.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The kind of evidence behind a rule or constant (the reference's tags).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Evidence {
    /// Apple developer documentation: a contract.
    AppleDoc,
    /// Comment text in Apple's SDK headers: a contract.
    AppleHeader,
    /// An Apple WWDC session: Apple's words, for that year.
    AppleWwdc,
    /// An answer by Apple Developer Technical Support: semi-official.
    AppleDts,
    /// An Apple technote: semi-official.
    AppleTechnote,
    /// What developers observed and reported.
    Observed,
    /// Decompiled iOS system code of one build (dasd, iOS 26.1 / iPadOS 18.0).
    Decompiled,
    /// An inference of the reference's author or of this model.
    Inferred,
}

/// How sure a rule is, in the three words the UI shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Certainty {
    /// Apple says so (documentation, headers, WWDC, DTS, technotes).
    Documented,
    /// Seen by developers or read in one build's decompiled code.
    Observed,
    /// A plausible guess of this model.
    Inferred,
}

impl Evidence {
    /// The tag as the reference writes it, e.g. `APPLE-DOC`.
    pub fn tag(self) -> &'static str {
        match self {
            Evidence::AppleDoc => "APPLE-DOC",
            Evidence::AppleHeader => "APPLE-HDR",
            Evidence::AppleWwdc => "APPLE-WWDC",
            Evidence::AppleDts => "APPLE-DTS",
            Evidence::AppleTechnote => "APPLE-TN",
            Evidence::Observed => "OBS",
            Evidence::Decompiled => "DECOMP",
            Evidence::Inferred => "INF",
        }
    }

    /// The certainty class shown to users.
    pub fn certainty(self) -> Certainty {
        match self {
            Evidence::AppleDoc
            | Evidence::AppleHeader
            | Evidence::AppleWwdc
            | Evidence::AppleDts
            | Evidence::AppleTechnote => Certainty::Documented,
            Evidence::Observed | Evidence::Decompiled => Certainty::Observed,
            Evidence::Inferred => Certainty::Inferred,
        }
    }
}

impl Certainty {
    /// Plain words for the UI.
    pub fn label(self) -> &'static str {
        match self {
            Certainty::Documented => "documented by Apple",
            Certainty::Observed => "observed",
            Certainty::Inferred => "inferred",
        }
    }
}

/// Where a rule comes from: its evidence tag and the reference's source key (`D-submit`, `X-dasd26`...).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Source {
    /// The kind of evidence.
    pub evidence: Evidence,
    /// The source key or address in the domain reference.
    pub reference: &'static str,
}

impl Source {
    /// A source with the given evidence and reference key.
    pub const fn new(evidence: Evidence, reference: &'static str) -> Self {
        Source {
            evidence,
            reference,
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] {}", self.evidence.tag(), self.reference)
    }
}

/// One row of the parameter table, for display.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ParamInfo {
    /// The field name, also the override key in a scenario.
    pub name: &'static str,
    /// The value in force.
    pub value: f64,
    /// The value of the modelled iOS build.
    pub default: f64,
    /// The unit (`s`, `%`, `weight`...).
    pub unit: &'static str,
    /// The evidence behind the value.
    pub source: Source,
    /// What the constant means.
    pub description: &'static str,
}

/// A scenario named a parameter the model does not have, or gave it a value it cannot take.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamError(pub String);

impl fmt::Display for ParamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

macro_rules! params {
    ($( $(#[doc = $doc:expr])+ $name:ident : $value:expr, $unit:expr, $ev:ident, $reference:expr ; )*) => {
        /// Every modelled constant. Defaults model iOS 26.1 (the decompiled build) unless noted.
        #[derive(Clone, Debug, PartialEq)]
        pub struct Params {
            $( $(#[doc = $doc])+ pub $name: f64, )*
        }

        impl Default for Params {
            fn default() -> Self {
                Params { $( $name: $value, )* }
            }
        }

        impl Params {
            /// The whole table with values, units, sources and meanings.
            pub fn catalogue(&self) -> Vec<ParamInfo> {
                vec![ $( ParamInfo {
                    name: stringify!($name),
                    value: self.$name,
                    default: $value,
                    unit: $unit,
                    source: Source::new(Evidence::$ev, $reference),
                    description: concat!($($doc),+).trim_ascii(),
                }, )* ]
            }

            /// The source of one parameter by name.
            pub fn source_of(name: &str) -> Option<Source> {
                match name {
                    $( stringify!($name) => Some(Source::new(Evidence::$ev, $reference)), )*
                    _ => None,
                }
            }

            /// Override one parameter by name (scenarios carry overrides for "what if" runs).
            pub fn set(&mut self, name: &str, value: f64) -> Result<(), ParamError> {
                if !value.is_finite() || value < 0.0 {
                    return Err(ParamError(format!(
                        "parameter {name} must be a finite number >= 0, not {value}"
                    )));
                }
                match name {
                    $( stringify!($name) => { self.$name = value; Ok(()) } )*
                    _ => Err(ParamError(format!("unknown parameter {name}"))),
                }
            }
        }
    };
}

params! {
    // ---- Submit limits and task time limits ----
    /// Refresh requests that may be pending at once.
    max_pending_refresh: 1.0, "requests", AppleDoc, "D-submit";
    /// Processing (and health research) requests that may be pending at once.
    max_pending_processing: 10.0, "requests", AppleDoc, "D-submit";
    /// A refresh task's runtime allowance ("up to 30 seconds").
    refresh_time_limit_s: 30.0, "s", AppleDoc, "D-choose";
    /// Probability that a refresh launch gets a short allowance instead (telemetry saw 2-5 s).
    refresh_short_allowance_chance: 0.0, "probability", Observed, "forum 780956";
    /// Shortest short allowance.
    refresh_short_allowance_min_s: 2.0, "s", Observed, "forum 780956";
    /// Longest short allowance.
    refresh_short_allowance_max_s: 5.0, "s", Observed, "forum 780956";
    /// A processing task's runtime allowance ("minutes"; the number is not documented).
    processing_time_limit_s: 600.0, "s", Inferred, "D-processing, W19-707 (\"several minutes\")";
    /// Time the app gets after its expiration handler runs before it is terminated.
    expiration_grace_s: 5.0, "s", Inferred, "D-expire (time for handlers is not given)";
    /// `beginBackgroundTask` allowance ("about 30 s" by default).
    background_task_time_limit_s: 30.0, "s", AppleDts, "forum 764762";
    /// A cold launch of the app into the background, before its handler runs.
    cold_launch_s: 1.0, "s", Inferred, "none (launch time is not documented)";
    /// Resuming a suspended app, before its handler runs.
    warm_launch_s: 0.2, "s", Inferred, "none";
    /// An app with no work left is suspended this long after it goes to the background.
    suspend_after_s: 5.0, "s", Inferred, "none";
    /// A suspended app is terminated by the system to reclaim memory after this long.
    suspended_app_terminated_after_h: 8.0, "h", Inferred, "D xcode reducing-terminations (terminations are expected)";

    // ---- Activity windows and priorities ----
    /// Length of the dasd window of a refresh activity (one log of unclear origin).
    refresh_window_h: 24.0, "h", Observed, "reference 3.2 step 1 (low confidence)";
    /// Length of the dasd window of a processing activity (one real log).
    processing_window_h: 168.0, "h", Observed, "flutter_workmanager #557";
    /// Delay between earliestBeginDate and the dasd window start (7.5 min in one log).
    processing_window_delay_s: 0.0, "s", Observed, "flutter_workmanager #557 (one data point)";
    /// Relaxation class of refresh activities: 0 Maintenance, 1 Background, 2 Utility, 3 Default, 4 UserInitiated.
    refresh_priority_class: 2.0, "class", Inferred, "reference 3.2.3 (BG task priority is a gap)";
    /// Relaxation class of processing activities (see refresh_priority_class).
    processing_priority_class: 0.0, "class", Inferred, "reference 3.2.3 (BG task priority is a gap)";
    /// Seconds between the periodic re-evaluations of waiting activities.
    evaluation_interval_s: 900.0, "s", Inferred, "reference 3.2 step 2 (\"from time to time\")";

    // ---- Threshold and relaxation (X-dasd18 _DASDaemon) ----
    /// Threshold of activities that bypass predictions.
    bypass_threshold: 0.01, "score", Decompiled, "X-dasd18 _DASDaemon";
    /// Longest stretch of a window scanned for the predicted optimal score.
    optimal_scan_cap_s: 86400.0, "s", Decompiled, "X-dasd18 _DASDaemon";
    /// The scan stops early once a score above this is found.
    optimal_scan_good_enough: 0.9, "score", Decompiled, "X-dasd18 _DASDaemon";
    /// Lowest predicted optimal score.
    optimal_score_min: 0.01, "score", Decompiled, "X-dasd18 _DASDaemon";
    /// If the window starts later than this, the optimal score is 0.01 at the window start.
    optimal_far_start_s: 75600.0, "s", Decompiled, "X-dasd18 _DASDaemon";
    /// Threshold multiplier while a compatible activity runs ("Relaxing scores").
    compatibility_relaxation: 0.9, "factor", Decompiled, "X-dasd18; cocoa #644";

    // ---- Policy weights (X-dasd26 unless noted) ----
    /// Application Policy weight for activities that launch an app.
    weight_application: 50.0, "weight", Decompiled, "X-dasd26 _DASApplicationPolicy; Ably log";
    /// Device Activity Policy weight for app launches (TN3163's older build shows 2.0).
    weight_device_activity: 5.0, "weight", Decompiled, "X-dasd26; cocoa #644";
    /// Battery Level Policy weight (not given in the reference).
    weight_battery_level: 10.0, "weight", Inferred, "none (chosen so totals match Ably's 97.02)";
    /// Charger Plugged In Policy weight when the request requires external power.
    weight_plugged_in_required: 20.0, "weight", Decompiled, "X-dasd26 _DASRequiresPluggedInPolicy";
    /// Charger Plugged In Policy weight for app launches otherwise.
    weight_plugged_in: 2.0, "weight", Decompiled, "X-dasd26 _DASRequiresPluggedInPolicy";
    /// CPU Usage Policy weight.
    weight_cpu_usage: 5.0, "weight", Observed, "cocoa #644";
    /// Thermal Policy weight (not given).
    weight_thermal: 10.0, "weight", Inferred, "none";
    /// Energy Budget Policy weight (not given).
    weight_energy_budget: 5.0, "weight", Inferred, "none";
    /// Data Budget Policy weight (not given).
    weight_data_budget: 5.0, "weight", Inferred, "none";
    /// Network policy weight for requests that need the network (not given).
    weight_network: 5.0, "weight", Inferred, "none";
    /// Call In Progress Policy weight (not given).
    weight_call_in_progress: 2.0, "weight", Inferred, "none";
    /// Thundering Herd Policy weight.
    weight_thundering_herd: 1.0, "weight", Observed, "Ably log";
    /// Memory Pressure Policy weight.
    weight_memory_pressure: 5.0, "weight", Observed, "Ably log";
    /// Weight of the policies that only ever block (rate limit, Low Power Mode, settings...).
    weight_blocking_only: 1.0, "weight", Inferred, "none";

    // ---- Application Policy and the learned prediction ----
    /// Look-ahead of the app-launch prediction.
    app_lookahead_s: 450.0, "s", Decompiled, "X-dasd26 _DASApplicationPolicy";
    /// Largest random jitter added to the look-ahead.
    app_lookahead_jitter_max_s: 1349.0, "s", Decompiled, "X-dasd26 _DASApplicationPolicy";
    /// Launch likelihood used while there is no prediction.
    app_default_likelihood: 0.0025, "probability", Decompiled, "X-dasd26 _DASApplicationPolicy";
    /// A base score above this becomes 1.0 for app-launch activities.
    app_base_saturation: 0.25, "score", Decompiled, "X-dasd26 _DASApplicationPolicy";
    /// Share of the score that comes from the prediction when evaluated now.
    app_now_factor: 0.65, "factor", Decompiled, "X-dasd26 _DASApplicationPolicy";
    /// Bonus for an app in the recently used set.
    app_recent_bonus: 0.35, "score", Decompiled, "X-dasd26 _DASApplicationPolicy";
    /// Scores above this become 1.0.
    app_score_saturation: 0.5, "score", Decompiled, "X-dasd26 _DASApplicationPolicy";
    /// Days after its last use an app stays in the recently used set (a set of at most 25 apps).
    recently_used_days: 3.0, "days", Inferred, "X-dasd26 (the set exists; its age rule is not known)";
    /// Predicted launch probability under which an app not used recently is refused (MNP).
    app_launch_unlikely_below: 0.01, "probability", Inferred, "X-dasd26 (\"run when launch unlikely\" rules)";
    /// Days of observed history before the system predicts the user's app use.
    prediction_learning_days: 2.0, "days", Observed, "flutter_workmanager PR #511";
    /// Days of history the prediction weighs (older days are forgotten).
    prediction_history_days: 14.0, "days", Inferred, "none";
    /// Weight of each older day relative to the next newer one.
    prediction_day_decay: 0.9, "factor", Inferred, "none";
    /// Share each neighbouring quarter-hour gets when the learned profiles are smoothed (the bin keeps the rest).
    prediction_smoothing: 0.25, "fraction", Inferred, "none";
    /// Days since the last use after which processing is no longer promised.
    processing_used_within_days: 7.0, "days", AppleHeader, "H-req BGProcessingTaskRequest";

    // ---- Device Activity Policy ----
    /// Lowest Device Activity score.
    device_activity_floor: 0.05, "score", Observed, "cocoa #644";
    /// Look-ahead for predicted device use.
    device_use_lookahead_s: 1800.0, "s", Inferred, "none";

    // ---- Battery ----
    /// Battery level a processing launch on battery needs on iPad.
    ipad_processing_min_battery: 75.0, "%", Decompiled, "X-dasd26/X-dasd18 _DASBatteryLevelPolicy";
    /// Battery floor of the score for work below Utility.
    battery_floor_low_priority: 20.0, "%", Decompiled, "_DASBatteryLevelPolicy";
    /// Exponent of the battery score below Utility.
    battery_exponent_low_priority: 0.5, "exponent", Decompiled, "_DASBatteryLevelPolicy";
    /// Battery floor of the score for Utility and above.
    battery_floor_utility: 10.0, "%", Decompiled, "_DASBatteryLevelPolicy";
    /// Exponent of the battery score for Utility and above.
    battery_exponent_utility: 0.4, "exponent", Decompiled, "_DASBatteryLevelPolicy";
    /// Battery score multiplier while plugged in.
    battery_plugged_bonus: 1.2, "factor", Decompiled, "_DASBatteryLevelPolicy";
    /// Charger Plugged In score when power is not required and the device is on battery.
    unplugged_score: 0.5, "score", Decompiled, "X-dasd26 _DASRequiresPluggedInPolicy";
    /// Battery drain per hour while the screen is in use.
    drain_in_use_per_h: 8.0, "%/h", Inferred, "none";
    /// Battery drain per hour while idle or locked.
    drain_idle_per_h: 0.6, "%/h", Inferred, "none";
    /// Extra drain per hour while a background task runs.
    drain_task_per_h: 6.0, "%/h", Inferred, "none";
    /// Charging per hour below 80 %.
    charge_fast_per_h: 45.0, "%/h", Inferred, "none";
    /// Charging per hour from 80 % to 100 %.
    charge_slow_per_h: 12.0, "%/h", Inferred, "none";

    // ---- CPU, thermal, memory ----
    /// Highest foreground CPU level (percent) below which discretionary work may run while idle.
    cpu_max_idle: 90.0, "%", Inferred, "_DASCPUUsagePolicy (levels depend on priority and use)";
    /// Highest foreground CPU level while the device is in use (a real log shows 50).
    cpu_max_in_use: 50.0, "%", Observed, "cocoa #644";
    /// CPU monitor: a processing task above this CPU share...
    cpu_monitor_limit_percent: 80.0, "%", Observed, "forum 675166";
    /// ...for this long is killed (when it does not require external power).
    cpu_monitor_window_s: 60.0, "s", Observed, "forum 675166";
    /// 1: the CPU monitor is also off for processing tasks while the device is plugged in.
    cpu_monitor_off_when_plugged_in: 1.0, "switch", AppleWwdc, "W19-707 (H-req says requiresExternalPower turns it off)";
    /// Highest thermal level (0/10/20/30) at which refresh may run.
    thermal_max_refresh: 20.0, "level", Inferred, "X-dasd26 _DASThermalPolicy (maxima come from Trial)";
    /// Highest thermal level at which processing may run.
    thermal_max_processing: 10.0, "level", Inferred, "X-dasd26 _DASThermalPolicy (maxima come from Trial)";
    /// Highest thermal level for continued tasks while the device is in use.
    thermal_max_continued_in_use: 10.0, "level", Decompiled, "X-dasd26 _DASThermalPolicy";
    /// Highest thermal level for continued tasks while the device is inactive.
    thermal_max_continued_inactive: 20.0, "level", Decompiled, "X-dasd26 _DASThermalPolicy";
    /// Background memory limit above which the app is killed by jetsam (older devices).
    background_memory_limit_mb: 200.0, "MB", AppleWwdc, "W20-10078 community summary";
    /// Background memory limit while the foreground is under memory pressure.
    pressured_memory_limit_mb: 50.0, "MB", AppleWwdc, "W20-10078 (\"keep below ~50 MB\")";

    // ---- Budgets and rate limits ----
    /// Energy budget of an app's background work per day (seconds of task runtime).
    energy_budget_s_per_day: 600.0, "s/day", Inferred, "W20-10063 (budgets exist; sizes are not public)";
    /// Cellular data budget per day for background work.
    data_budget_mb_per_day: 50.0, "MB/day", Inferred, "W20-10063 (budgets exist; sizes are not public)";
    /// Data one networked task run uses.
    data_per_run_mb: 2.0, "MB", Inferred, "none";
    /// Launches of one activity type allowed per rolling window before the rate limit blocks.
    rate_limit_max_runs: 8.0, "runs", Inferred, "TN3163 (throttles can last hours)";
    /// The rolling window of the rate limit.
    rate_limit_window_h: 24.0, "h", Inferred, "TN3163";
    /// Thundering Herd: blocked for this long after a trigger while the device is in use.
    thundering_herd_block_s: 900.0, "s", Observed, "Ably log; X-dasd26 _DASThunderingHerdPolicy";
    /// Thundering Herd: a state must have lasted this long for its change to be a trigger.
    thundering_herd_min_state_s: 14400.0, "s", Decompiled, "X-dasd26 _DASThunderingHerdPolicy";
    /// Low Power Mode Policy is enforced below this battery level (or when unplugged).
    low_power_enforced_below: 30.0, "%", Decompiled, "X-dasd26 _DASLowPowerModePolicy";

    // ---- Continued processing (iOS 26) ----
    /// Continued tasks that may run at once on the device (a maximum exists; its value is not documented).
    continued_max_concurrent: 2.0, "tasks", Inferred, "D-longrun (a maximum exists)";
    /// No progress for this long and the task counts as stalled.
    stall_after_s: 30.0, "s", Decompiled, "X-dasd26 _DASProgressTracker";
    /// Stall limit while progress is indeterminate and was never reported.
    stall_indeterminate_after_s: 45.0, "s", Decompiled, "X-dasd26 _DASProgressTracker";
    /// Warm-up before the rate of progress is judged, iPhone.
    progress_warmup_phone_s: 300.0, "s", Decompiled, "X-dasd26 _DASProgressTracker";
    /// Warm-up before the rate of progress is judged, iPad.
    progress_warmup_pad_s: 600.0, "s", Decompiled, "X-dasd26 _DASProgressTracker";
    /// Baseline progress expected per warm-up period.
    progress_baseline_per_warmup: 0.5, "fraction", Decompiled, "X-dasd26 _DASProgressTracker";
    /// Deviation below the baseline that leads to the second prompt...
    progress_second_prompt_deviation: 0.2, "fraction", Decompiled, "X-dasd26 _DASProgressTracker";
    /// ...when it lasts this long.
    progress_second_prompt_after_s: 60.0, "s", Decompiled, "X-dasd26 _DASProgressTracker";
    /// Extended-duration prompt, iPhone.
    extended_duration_phone_s: 3600.0, "s", Decompiled, "X-dasd26 _DASProgressTracker (feature flag)";
    /// Extended-duration prompt, iPad.
    extended_duration_pad_s: 28800.0, "s", Decompiled, "X-dasd26 _DASProgressTracker (feature flag)";

    // ---- The simulated user ----
    /// Largest shift, either way, of a habitual app open from its usual time.
    user_open_jitter_minutes: 12.0, "min", Inferred, "none";
    /// Shortest time the person keeps the app open.
    user_open_shortest_minutes: 2.0, "min", Inferred, "none";
    /// Longest time the person keeps the app open.
    user_open_longest_minutes: 6.0, "min", Inferred, "none";
    /// Chance that one habitual open (several-times-a-day and evening patterns) is skipped on a day.
    user_open_skip_chance: 0.2, "probability", Inferred, "none";
    /// Chance that a rare user opens the app on a given day.
    user_rare_open_chance: 0.1, "probability", Inferred, "none";
    /// Fewest pickups of the phone (other apps) per waking hour.
    user_pickups_per_hour_min: 1.0, "pickups", Inferred, "none";
    /// Most pickups of the phone (other apps) per waking hour.
    user_pickups_per_hour_max: 2.0, "pickups", Inferred, "none";
    /// Shortest pickup of the phone.
    user_pickup_shortest_minutes: 1.0, "min", Inferred, "none";
    /// Longest pickup of the phone.
    user_pickup_longest_minutes: 8.0, "min", Inferred, "none";
    /// Largest shift, either way, of the wake-up time.
    user_wake_jitter_minutes: 15.0, "min", Inferred, "none";
    /// Largest shift, either way, of bedtime.
    user_bedtime_jitter_minutes: 20.0, "min", Inferred, "none";
}

impl Params {
    /// The defaults of one modelled OS version: weights differ between builds.
    pub fn for_os(os: OsVersion) -> Params {
        let mut params = Params::default();
        if os == OsVersion::Ios18 {
            // TN3163's build logs Device Activity Policy with weight 2.0.
            params.weight_device_activity = 2.0;
        }
        params
    }
}

/// The OS version whose scheduler is modelled.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OsVersion {
    /// iOS / iPadOS 18: no continued processing; older policy weights (TN3163).
    Ios18,
    /// iOS / iPadOS 26: continued processing; the decompiled 26.1 constants.
    #[default]
    Ios26,
}

impl OsVersion {
    /// Display name.
    pub fn label(self) -> &'static str {
        match self {
            OsVersion::Ios18 => "iOS 18",
            OsVersion::Ios26 => "iOS 26",
        }
    }

    /// Whether `BGContinuedProcessingTaskRequest` exists.
    pub fn has_continued_processing(self) -> bool {
        self == OsVersion::Ios26
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_lists_every_parameter_with_a_source() {
        let params = Params::default();
        let rows = params.catalogue();
        assert!(rows.len() > 60);
        for row in &rows {
            assert!(
                !row.description.is_empty(),
                "{} has no description",
                row.name
            );
            assert!(
                !row.source.reference.is_empty(),
                "{} has no reference",
                row.name
            );
            assert_eq!(row.value, row.default);
        }
        let limit = rows
            .iter()
            .find(|r| r.name == "refresh_time_limit_s")
            .unwrap();
        assert_eq!(limit.source.evidence.certainty(), Certainty::Documented);
    }

    #[test]
    fn overrides_by_name_and_rejects_nonsense() {
        let mut params = Params::default();
        params.set("stall_after_s", 20.0).unwrap();
        assert_eq!(params.stall_after_s, 20.0);
        assert!(params.set("no_such_thing", 1.0).is_err());
        assert!(params.set("stall_after_s", f64::NAN).is_err());
        assert!(params.set("stall_after_s", -1.0).is_err());
        assert_eq!(Params::for_os(OsVersion::Ios18).weight_device_activity, 2.0);
    }
}
