//! Unit tests of every dasd policy, of the aggregation (`_DASConditionScore`, reference 3.2.2) and
//! of the threshold with its relaxation (reference 3.2.3), through the public API only.

use engine::app::{TaskKind, TaskRequest};
use engine::device::{
    Capabilities, DeviceModel, DeviceState, MemoryPressure, Network, Screen, Thermal,
};
use engine::params::Params;
use engine::scheduler::{
    evaluate, predict_optimal, threshold, Activity, ActivityGroupPolicy, ActivityProgressPolicy,
    AppStatus, AppSwitcherPolicy, ApplicationPolicy, BackgroundAppRefreshSetting,
    BatteryLevelPolicy, BudgetStatus, CallInProgressPolicy, CpuUsagePolicy, DataBudgetPolicy,
    Decision, DeviceActivityPolicy, EnergyBudgetPolicy, FileProtectionPolicy, LowPowerModePolicy,
    MemoryPressurePolicy, NetworkPolicy, Policy, PolicyContext, PriorityClass, ProgressStatus,
    RateLimitPolicy, Rationale, RecentUsePolicy, RequiresPluggedInPolicy, Response, ThermalPolicy,
    ThunderingHerdPolicy, POLICIES,
};
use engine::time::{Date, Duration, Instant};
use engine::usage::UsagePredictor;

/// Monday 2026-11-23 07:55, a few minutes before the habitual 08:00 open of [`daily_habit`].
fn now() -> Instant {
    let date = Date {
        year: 2026,
        month: 11,
        day: 23,
    };
    Instant::from_civil(date, 7, 55, 0).expect("a real date")
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// Everything a [`PolicyContext`] borrows, owned, with a quiet default: an iPhone on battery at
/// 80 %, locked, on Wi-Fi, the app in the background and opened yesterday.
struct World {
    now: Instant,
    params: Params,
    caps: Capabilities,
    device: DeviceState,
    low_power_since: Option<Instant>,
    app: AppStatus,
    predictor: UsagePredictor,
    budgets: BudgetStatus,
    thundering_herd_trigger: Option<Instant>,
    progress: Option<ProgressStatus>,
    running_continued: u32,
}

impl World {
    fn new() -> World {
        let params = Params::default();
        World {
            now: now(),
            caps: DeviceModel::IphoneDynamicIsland.capabilities(),
            device: DeviceState::default(),
            low_power_since: None,
            app: AppStatus {
                refresh_switch_app: true,
                ..AppStatus::default()
            },
            predictor: opened_recently(),
            budgets: BudgetStatus {
                energy_left_s: params.energy_budget_s_per_day,
                data_left_mb: params.data_budget_mb_per_day,
                recent_runs: 0,
                rate_limit_clears_at: None,
            },
            thundering_herd_trigger: None,
            progress: None,
            running_continued: 0,
            params,
        }
    }

    fn ipad() -> World {
        World {
            caps: DeviceModel::IpadM.capabilities(),
            ..World::new()
        }
    }

    fn ctx<'a>(&'a self, activity: &'a Activity) -> PolicyContext<'a> {
        PolicyContext {
            now: self.now,
            params: &self.params,
            caps: self.caps,
            device: &self.device,
            low_power_since: self.low_power_since,
            app: self.app,
            predictor: &self.predictor,
            budgets: self.budgets,
            thundering_herd_trigger: self.thundering_herd_trigger,
            lookahead_jitter: Duration::ZERO,
            progress: self.progress,
            running_continued: self.running_continued,
            activity,
        }
    }

    fn vote(&self, policy: &dyn Policy, activity: &Activity) -> Response {
        policy.evaluate(&self.ctx(activity))
    }
}

/// Installed yesterday morning, opened once then: recently used, no prediction learned yet.
fn opened_recently() -> UsagePredictor {
    let mut predictor = UsagePredictor::new(now() - Duration::from_hours(24));
    predictor.observe_app_open(now() - Duration::from_hours(20));
    predictor
}

/// Installed an hour ago and never opened.
fn never_opened() -> UsagePredictor {
    UsagePredictor::new(now() - Duration::from_hours(1))
}

/// Opened every day at 08:00 for ten days: the system predicts an open in the next minutes.
fn daily_habit() -> UsagePredictor {
    let today = now().start_of_day();
    let mut predictor = UsagePredictor::new(today - Duration::from_days(10));
    for days_ago in 1..=10 {
        predictor.observe_app_open(today - Duration::from_days(days_ago) + Duration::from_hours(8));
    }
    predictor
}

fn activity(kind: TaskKind) -> Activity {
    let priority = match kind {
        TaskKind::AppRefresh => PriorityClass::Utility,
        TaskKind::Processing | TaskKind::HealthResearch => PriorityClass::Maintenance,
        TaskKind::ContinuedProcessing => PriorityClass::UserInitiated,
    };
    let window_start = now() - Duration::from_mins(30);
    Activity {
        serial: 1,
        name: format!("{}-com.example.task:ABC123", kind.activity_prefix()),
        request: TaskRequest {
            identifier: "com.example.task".into(),
            kind,
            ..TaskRequest::default()
        },
        submitted_at: window_start,
        window_start,
        window_end: window_start + Duration::from_hours(24),
        priority,
        optimal: (0.8, now() + Duration::from_hours(1)),
        submitted_in_low_power: false,
    }
}

fn requiring_power(kind: TaskKind) -> Activity {
    let mut a = activity(kind);
    a.request.requires_external_power = true;
    a
}

fn requiring_network(kind: TaskKind) -> Activity {
    let mut a = activity(kind);
    a.request.requires_network = true;
    a
}

fn refresh() -> Activity {
    activity(TaskKind::AppRefresh)
}

fn processing() -> Activity {
    activity(TaskKind::Processing)
}

fn health() -> Activity {
    activity(TaskKind::HealthResearch)
}

fn continued() -> Activity {
    activity(TaskKind::ContinuedProcessing)
}

fn all_kinds() -> [Activity; 4] {
    [refresh(), processing(), health(), continued()]
}

/// Which of refresh, processing, health research and continued the policy votes on.
fn applies(policy: &dyn Policy) -> [bool; 4] {
    all_kinds().map(|a| policy.applies_to(&a))
}

fn assert_blocks(response: Response, rationale: impl Fn(&Rationale) -> bool) {
    assert_eq!(response.decision, Decision::MustNotProceed, "{response:?}");
    assert_eq!(response.score, 0.0, "{response:?}");
    assert!(rationale(&response.rationale), "{response:?}");
}

fn assert_scores(response: Response, score: f64) {
    assert_eq!(response.decision, Decision::CanProceed, "{response:?}");
    assert!(
        close(response.score, score),
        "{response:?}, expected {score}"
    );
}

// ------------------------------------------------------------------ the catalogue

#[test]
fn there_are_twenty_policies_with_distinct_names() {
    assert_eq!(POLICIES.len(), 20);
    let mut names: Vec<&str> = POLICIES.iter().map(|p| p.name()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), 20);
    let not_dasd: Vec<&str> = POLICIES
        .iter()
        .filter(|p| !p.is_dasd_policy())
        .map(|p| p.name())
        .collect();
    assert_eq!(
        not_dasd,
        [
            "Background App Refresh Setting",
            "App Switcher (force quit)",
            "Recent App Use Requirement"
        ]
    );
}

// ------------------------------------------------------------------ one test per policy

#[test]
fn application_policy() {
    let policy = ApplicationPolicy;
    assert_eq!(applies(&policy), [true, false, false, true]);
    let w = World::new();
    assert_eq!(policy.weight(&refresh(), &w.params), 50.0);

    // Blocks a refresh while the app is on screen.
    let mut foreground = World::new();
    foreground.app.foreground = true;
    assert_blocks(foreground.vote(&policy, &refresh()), |r| {
        *r == Rationale::AppIsForeground
    });
    // A continued task submitted from the foreground must run: 200.
    let vote = foreground.vote(&policy, &continued());
    assert_eq!(vote.decision, Decision::AbsolutelyMustProceed);
    assert_eq!(vote.rationale, Rationale::ContinuedFromForeground);
    assert_eq!(w.vote(&policy, &continued()).decision, Decision::CanProceed);

    // Never opened, nothing learned: the launch is unlikely, so dasd refuses it.
    let mut unused = World::new();
    unused.predictor = never_opened();
    assert_blocks(
        unused.vote(&policy, &refresh()),
        |r| matches!(r, Rationale::LaunchUnlikely { probability } if close(*probability, 0.0025)),
    );

    // Recently used, not learned: √0.0025 × 0.65 + 0.35 (real logs show `{0, 0.35}` at p ≈ 0).
    let vote = w.vote(&policy, &refresh());
    assert_scores(vote, 0.05 * 0.65 + 0.35);
    assert_eq!(
        vote.rationale,
        Rationale::PredictedLaunch {
            probability: 0.0025,
            learned: false,
            recent: true
        }
    );

    // A learned daily habit a few minutes before the usual time saturates to 1.0.
    let mut habit = World::new();
    habit.predictor = daily_habit();
    let vote = habit.vote(&policy, &refresh());
    assert_scores(vote, 1.0);
    assert!(
        matches!(vote.rationale, Rationale::PredictedLaunch { probability, learned: true, recent: true } if probability.sqrt() > 0.25),
        "{vote:?}"
    );
}

#[test]
fn device_activity_policy() {
    let policy = DeviceActivityPolicy;
    assert_eq!(applies(&policy), [true, true, true, false]);
    let w = World::new();
    assert_eq!(policy.weight(&processing(), &w.params), 5.0);

    let mut in_use = World::new();
    in_use.device.screen = Screen::InUse;
    assert_blocks(in_use.vote(&policy, &processing()), |r| {
        *r == Rationale::ProcessingWhileActive
    });
    assert_blocks(in_use.vote(&policy, &health()), |r| {
        *r == Rationale::ProcessingWhileActive
    });
    let mut calling = World::new();
    calling.device.call_active = true;
    assert_blocks(calling.vote(&policy, &processing()), |r| {
        *r == Rationale::ProcessingWhileActive
    });
    // Refresh is not blocked by use (reference 1.1: refresh is not affected).
    assert_scores(in_use.vote(&policy, &refresh()), 1.0);

    // Idle, device use not learned yet (p = 0.25): processing 0.5 + 0.5 × 0.75, refresh 0.25.
    assert_scores(w.vote(&policy, &processing()), 0.875);
    assert_scores(w.vote(&policy, &refresh()), 0.25);
    assert_eq!(
        w.vote(&policy, &refresh()).rationale,
        Rationale::DeviceUse {
            probability: 0.25,
            active: false
        }
    );
}

#[test]
fn battery_level_policy() {
    let policy = BatteryLevelPolicy;
    assert_eq!(applies(&policy), [true; 4]);
    let mut w = World::new();
    assert_eq!(policy.weight(&refresh(), &w.params), 10.0);

    // iPhone: a processing launch on battery is refused at any level.
    w.device.battery = 100.0;
    assert_blocks(
        w.vote(&policy, &processing()),
        |r| matches!(r, Rationale::ProcessingOnBattery { battery, ipad: false } if *battery == 100.0),
    );
    assert_blocks(w.vote(&policy, &health()), |r| {
        matches!(r, Rationale::ProcessingOnBattery { .. })
    });
    // iPad: on battery from 75 % up.
    let mut ipad = World::ipad();
    ipad.device.battery = 74.9;
    assert_blocks(ipad.vote(&policy, &processing()), |r| {
        matches!(r, Rationale::ProcessingOnBattery { ipad: true, .. })
    });
    ipad.device.battery = 75.0;
    assert_eq!(
        ipad.vote(&policy, &processing()).decision,
        Decision::CanProceed
    );
    // Plugged in, an iPhone may run processing.
    w.device.plugged_in = true;
    assert_scores(w.vote(&policy, &processing()), 1.0);

    // Score: ((level − floor) / (100 − floor))^exp; Utility (refresh) floor 10, exponent 0.4.
    let mut battery = World::new();
    battery.device.battery = 55.0;
    let vote = battery.vote(&policy, &refresh());
    assert_scores(vote, libm::pow(0.5, 0.4));
    assert_eq!(
        vote.rationale,
        Rationale::BatteryLevel {
            battery: 55.0,
            plugged_in: false
        }
    );
    // ×1.2 while charging, capped at 1.
    battery.device.plugged_in = true;
    assert_scores(battery.vote(&policy, &refresh()), libm::pow(0.5, 0.4) * 1.2);
    // At the floor the score is 0, which dasd turns into Must Not Proceed.
    let mut empty = World::new();
    empty.device.battery = 10.0;
    assert_blocks(empty.vote(&policy, &refresh()), |r| {
        matches!(r, Rationale::BatteryLevel { .. })
    });
}

#[test]
fn charger_plugged_in_policy() {
    let policy = RequiresPluggedInPolicy;
    assert_eq!(applies(&policy), [true; 4]);
    let mut w = World::new();
    assert_eq!(
        policy.weight(&requiring_power(TaskKind::Processing), &w.params),
        20.0
    );
    assert_eq!(policy.weight(&processing(), &w.params), 2.0);

    assert_blocks(
        w.vote(&policy, &requiring_power(TaskKind::Processing)),
        |r| *r == Rationale::RequiresPower,
    );
    let vote = w.vote(&policy, &processing());
    assert_scores(vote, 0.5);
    assert_eq!(
        vote.rationale,
        Rationale::ChargerState { plugged_in: false }
    );
    w.device.plugged_in = true;
    assert_scores(w.vote(&policy, &requiring_power(TaskKind::Processing)), 1.0);
}

#[test]
fn cpu_usage_policy() {
    let policy = CpuUsagePolicy;
    assert_eq!(applies(&policy), [true; 4]);
    let mut w = World::new();
    assert_eq!(policy.weight(&refresh(), &w.params), 5.0);

    // In use, the allowed level is 50 (the cocoa #644 log); idle, 90.
    w.device.screen = Screen::InUse;
    w.device.foreground_cpu = 90.0;
    assert_blocks(w.vote(&policy, &refresh()), |r| {
        *r == Rationale::CpuTooHigh {
            allowed: 50.0,
            observed: 90.0,
        }
    });
    w.device.screen = Screen::Locked;
    assert_scores(w.vote(&policy, &refresh()), 0.1);
    w.device.foreground_cpu = 95.0;
    assert_blocks(
        w.vote(&policy, &refresh()),
        |r| matches!(r, Rationale::CpuTooHigh { allowed, .. } if *allowed == 90.0),
    );
    w.device.foreground_cpu = 10.0;
    let vote = w.vote(&policy, &refresh());
    assert_scores(vote, 0.9);
    assert_eq!(vote.rationale, Rationale::CpuLevel { observed: 10.0 });
}

#[test]
fn low_power_mode_policy() {
    let policy = LowPowerModePolicy;
    assert_eq!(applies(&policy), [true; 4]);
    let mut w = World::new();
    assert_eq!(policy.weight(&refresh(), &w.params), 1.0);

    w.device.low_power_mode = true;
    w.low_power_since = Some(now() - Duration::from_hours(1));
    // On battery: enforced at any level.
    w.device.battery = 90.0;
    assert_blocks(w.vote(&policy, &processing()), |r| {
        *r == Rationale::LowPowerMode {
            battery: 90.0,
            plugged_in: false,
        }
    });
    // Plugged in: enforced only below 30 %.
    w.device.plugged_in = true;
    w.device.battery = 29.0;
    assert_blocks(w.vote(&policy, &processing()), |r| {
        matches!(
            r,
            Rationale::LowPowerMode {
                plugged_in: true,
                ..
            }
        )
    });
    w.device.battery = 30.0;
    assert_scores(w.vote(&policy, &processing()), 1.0);
    // A continued task submitted after Low Power Mode was turned on may run.
    w.device.plugged_in = false;
    let mut submitted_in_lpm = continued();
    submitted_in_lpm.submitted_in_low_power = true;
    assert_scores(w.vote(&policy, &submitted_in_lpm), 1.0);
    assert_blocks(w.vote(&policy, &continued()), |r| {
        matches!(r, Rationale::LowPowerMode { .. })
    });
}

#[test]
fn thermal_policy() {
    let policy = ThermalPolicy;
    assert_eq!(applies(&policy), [true; 4]);
    let mut w = World::new();
    assert_eq!(policy.weight(&refresh(), &w.params), 10.0);

    w.device.thermal = Thermal::Serious;
    assert_blocks(w.vote(&policy, &processing()), |r| {
        *r == Rationale::ThermalTooHigh {
            level: 20,
            allowed: 10,
        }
    });
    assert_scores(w.vote(&policy, &refresh()), 0.2);
    // Continued tasks: up to 20 while inactive, 10 while in use.
    assert_scores(w.vote(&policy, &continued()), 0.2);
    w.device.screen = Screen::InUse;
    assert_blocks(w.vote(&policy, &continued()), |r| {
        *r == Rationale::ThermalTooHigh {
            level: 20,
            allowed: 10,
        }
    });
    w.device.thermal = Thermal::Critical;
    assert_blocks(w.vote(&policy, &refresh()), |r| {
        matches!(
            r,
            Rationale::ThermalTooHigh {
                level: 30,
                allowed: 20
            }
        )
    });
    w.device.thermal = Thermal::Fair;
    let vote = w.vote(&policy, &refresh());
    assert_scores(vote, 0.6);
    assert_eq!(vote.rationale, Rationale::ThermalLevel { level: 10 });
    w.device.thermal = Thermal::Nominal;
    assert_scores(w.vote(&policy, &refresh()), 1.0);
}

#[test]
fn energy_budget_policy() {
    let policy = EnergyBudgetPolicy;
    assert_eq!(applies(&policy), [true, true, true, false]);
    assert!(!policy.applies_to(&requiring_power(TaskKind::Processing)));
    let mut w = World::new();
    assert_eq!(policy.weight(&refresh(), &w.params), 5.0);

    w.budgets.energy_left_s = 0.0;
    assert_blocks(w.vote(&policy, &refresh()), |r| {
        *r == Rationale::EnergyBudgetSpent
    });
    w.device.plugged_in = true;
    assert_scores(w.vote(&policy, &refresh()), 1.0);
    w.device.plugged_in = false;
    w.budgets.energy_left_s = w.params.energy_budget_s_per_day / 2.0;
    let vote = w.vote(&policy, &refresh());
    assert_scores(vote, 0.75);
    assert_eq!(
        vote.rationale,
        Rationale::EnergyBudget { fraction_left: 0.5 }
    );
}

#[test]
fn data_budget_policy() {
    let policy = DataBudgetPolicy;
    assert_eq!(applies(&policy), [false; 4]);
    let networked = requiring_network(TaskKind::Processing);
    assert!(policy.applies_to(&networked));
    let mut w = World::new();
    assert_eq!(policy.weight(&networked, &w.params), 5.0);

    w.device.network = Network::Cellular;
    w.device.low_data_mode = true;
    assert_blocks(w.vote(&policy, &networked), |r| {
        *r == Rationale::LowDataMode
    });
    w.device.low_data_mode = false;
    w.budgets.data_left_mb = 0.0;
    assert_blocks(w.vote(&policy, &networked), |r| {
        *r == Rationale::DataBudgetSpent
    });
    // On Wi-Fi the cellular budget does not matter.
    w.device.network = Network::Wifi;
    assert_scores(w.vote(&policy, &networked), 1.0);
}

#[test]
fn network_policy() {
    let policy = NetworkPolicy;
    assert_eq!(applies(&policy), [false; 4]);
    let networked = requiring_network(TaskKind::Processing);
    assert!(policy.applies_to(&networked));
    let mut w = World::new();
    assert_eq!(policy.weight(&networked, &w.params), 5.0);

    w.device.network = Network::Offline;
    assert_blocks(w.vote(&policy, &networked), |r| *r == Rationale::NoNetwork);
    w.device.network = Network::Cellular;
    let vote = w.vote(&policy, &networked);
    assert_scores(vote, 0.7);
    assert_eq!(
        vote.rationale,
        Rationale::NetworkKind {
            network: Network::Cellular
        }
    );
    w.device.network = Network::Wifi;
    assert_scores(w.vote(&policy, &networked), 1.0);
}

#[test]
fn call_in_progress_policy() {
    let policy = CallInProgressPolicy;
    assert_eq!(applies(&policy), [true; 4]);
    let mut w = World::new();
    assert_eq!(policy.weight(&refresh(), &w.params), 2.0);
    assert_scores(w.vote(&policy, &refresh()), 1.0);
    w.device.call_active = true;
    assert_blocks(w.vote(&policy, &refresh()), |r| {
        *r == Rationale::CallInProgress
    });
}

#[test]
fn thundering_herd_policy() {
    let policy = ThunderingHerdPolicy;
    assert_eq!(applies(&policy), [true, true, true, false]);
    let mut w = World::new();
    assert_eq!(policy.weight(&refresh(), &w.params), 1.0);

    w.thundering_herd_trigger = Some(now() - Duration::from_secs(300));
    // Locked: the herd does not matter.
    assert_scores(w.vote(&policy, &refresh()), 1.0);
    w.device.screen = Screen::InUse;
    assert_blocks(
        w.vote(&policy, &refresh()),
        |r| matches!(r, Rationale::ThunderingHerd { since_trigger_s } if close(*since_trigger_s, 300.0)),
    );
    w.thundering_herd_trigger = Some(now() - Duration::from_secs(900));
    assert_scores(w.vote(&policy, &refresh()), 1.0);
}

#[test]
fn memory_pressure_policy() {
    let policy = MemoryPressurePolicy;
    assert_eq!(applies(&policy), [true; 4]);
    let mut w = World::new();
    assert_eq!(policy.weight(&refresh(), &w.params), 5.0);
    assert_scores(w.vote(&policy, &refresh()), 1.0);
    w.device.memory_pressure = MemoryPressure::High;
    assert_blocks(w.vote(&policy, &refresh()), |r| {
        *r == Rationale::MemoryPressure
    });
    w.device.camera_active = true;
    assert_blocks(w.vote(&policy, &refresh()), |r| {
        *r == Rationale::CameraActive
    });
}

#[test]
fn activity_rate_limit_policy() {
    let policy = RateLimitPolicy;
    assert_eq!(applies(&policy), [true, true, true, false]);
    let mut w = World::new();
    assert_eq!(policy.weight(&refresh(), &w.params), 1.0);

    w.budgets.recent_runs = 7;
    assert_scores(w.vote(&policy, &refresh()), 1.0);
    let clears = now() + Duration::from_hours(3);
    w.budgets.recent_runs = 8;
    w.budgets.rate_limit_clears_at = Some(clears);
    assert_blocks(w.vote(&policy, &refresh()), |r| {
        *r == Rationale::RateLimited {
            runs: 8,
            clears_at: Some(clears),
        }
    });
}

#[test]
fn activity_progress_policy() {
    let policy = ActivityProgressPolicy;
    assert_eq!(applies(&policy), [false, false, false, true]);
    let mut w = World::new();
    assert_eq!(policy.weight(&continued(), &w.params), 1.0);

    // Not running yet: nothing to judge.
    assert_scores(w.vote(&policy, &continued()), 1.0);
    w.progress = Some(ProgressStatus {
        last_progress_at: now() - Duration::from_secs(30),
        indeterminate_never_reported: false,
    });
    assert_scores(w.vote(&policy, &continued()), 1.0);
    w.progress = Some(ProgressStatus {
        last_progress_at: now() - Duration::from_secs(31),
        indeterminate_never_reported: false,
    });
    let vote = w.vote(&policy, &continued());
    assert_eq!(vote.decision, Decision::AbsolutelyMustNotProceed);
    assert_eq!(
        vote.rationale,
        Rationale::Stalled {
            since_progress_s: 31.0,
            limit_s: 30.0
        }
    );
    // Indeterminate and never reported: 45 s.
    w.progress = Some(ProgressStatus {
        last_progress_at: now() - Duration::from_secs(40),
        indeterminate_never_reported: true,
    });
    assert_scores(w.vote(&policy, &continued()), 1.0);
    w.progress = Some(ProgressStatus {
        last_progress_at: now() - Duration::from_secs(46),
        indeterminate_never_reported: true,
    });
    let vote = w.vote(&policy, &continued());
    assert_eq!(vote.decision, Decision::AbsolutelyMustNotProceed);
    assert!(matches!(vote.rationale, Rationale::Stalled { limit_s, .. } if limit_s == 45.0));
}

#[test]
fn activity_group_policy() {
    let policy = ActivityGroupPolicy;
    assert_eq!(applies(&policy), [false, false, false, true]);
    let mut w = World::new();
    assert_eq!(policy.weight(&continued(), &w.params), 1.0);

    w.running_continued = 1;
    assert_scores(w.vote(&policy, &continued()), 1.0);
    w.running_continued = 2;
    assert_blocks(w.vote(&policy, &continued()), |r| {
        *r == Rationale::GroupFull { running: 2, max: 2 }
    });
}

#[test]
fn background_app_refresh_setting() {
    let policy = BackgroundAppRefreshSetting;
    assert_eq!(applies(&policy), [true, true, true, false]);
    let mut w = World::new();
    assert_eq!(policy.weight(&refresh(), &w.params), 1.0);
    assert_scores(w.vote(&policy, &refresh()), 1.0);

    w.device.background_app_refresh_global = false;
    assert_blocks(w.vote(&policy, &processing()), |r| {
        *r == Rationale::RefreshOffGlobally
    });
    w.device.background_app_refresh_global = true;
    w.app.refresh_switch_app = false;
    assert_blocks(w.vote(&policy, &refresh()), |r| {
        *r == Rationale::RefreshOffForApp
    });
    w.app.refresh_switch_app = true;
    // Low Power Mode turns refresh off, not processing.
    w.device.low_power_mode = true;
    assert_blocks(w.vote(&policy, &refresh()), |r| {
        *r == Rationale::RefreshOffByLowPowerMode
    });
    assert_scores(w.vote(&policy, &processing()), 1.0);
}

#[test]
fn app_switcher_policy() {
    let policy = AppSwitcherPolicy;
    assert_eq!(applies(&policy), [true, false, false, false]);
    let mut w = World::new();
    assert_eq!(policy.weight(&refresh(), &w.params), 1.0);
    assert_scores(w.vote(&policy, &refresh()), 1.0);
    w.app.swiped_away = true;
    assert_blocks(w.vote(&policy, &refresh()), |r| *r == Rationale::SwipedAway);
}

#[test]
fn recent_use_policy() {
    let policy = RecentUsePolicy;
    assert_eq!(applies(&policy), [false, true, true, false]);
    let mut w = World::new();
    assert_eq!(policy.weight(&processing(), &w.params), 1.0);

    assert_scores(w.vote(&policy, &processing()), 1.0);
    w.predictor = never_opened();
    assert_blocks(w.vote(&policy, &processing()), |r| {
        *r == Rationale::NotUsedThisWeek { days: None }
    });
    let mut predictor = UsagePredictor::new(now() - Duration::from_days(20));
    predictor.observe_app_open(now() - Duration::from_days(8));
    w.predictor = predictor;
    assert_blocks(
        w.vote(&policy, &health()),
        |r| matches!(r, Rationale::NotUsedThisWeek { days: Some(d) } if close(*d, 8.0)),
    );
}

#[test]
fn file_protection_policy() {
    let policy = FileProtectionPolicy;
    assert_eq!(applies(&policy), [true; 4]);
    let mut w = World::new();
    assert_eq!(policy.weight(&refresh(), &w.params), 1.0);
    assert_scores(w.vote(&policy, &processing()), 1.0);
    w.device.unlocked_since_boot = false;
    assert_blocks(w.vote(&policy, &processing()), |r| {
        *r == Rationale::BeforeFirstUnlock
    });
}

// ------------------------------------------------------------------ aggregation

#[test]
fn current_score_is_the_weighted_mean_of_the_can_proceed_votes() {
    let mut w = World::new();
    w.device.battery = 55.0;
    let a = refresh();
    let evaluation = evaluate(&w.ctx(&a), false);
    assert_eq!(evaluation.final_decision, Decision::CanProceed);

    // By hand (weight × score): Application 50 × 0.3825, Device Activity 5 × 0.25, Battery 10 ×
    // 0.5^0.4, Charger 2 × 0.5, CPU 5 × 0.9, Thermal 10 × 1, Energy 5 × 1, Call 2 × 1, Memory 5
    // × 1, and six blocking-only policies 1 × 1 (Low Power Mode, Thundering Herd, Rate Limit,
    // BAR, App Switcher, File Protection).
    let sum = 50.0 * 0.3825
        + 5.0 * 0.25
        + 10.0 * libm::pow(0.5, 0.4)
        + 2.0 * 0.5
        + 5.0 * 0.9
        + 10.0
        + 5.0
        + 2.0
        + 5.0
        + 6.0;
    let denominator = 50.0 + 5.0 + 10.0 + 2.0 + 5.0 + 10.0 + 5.0 + 2.0 + 5.0 + 6.0;
    assert!(close(evaluation.sum_scores, sum), "{evaluation:?}");
    assert!(close(evaluation.denominator, denominator), "{evaluation:?}");
    assert!(close(evaluation.current_score, sum / denominator));
    assert_eq!(evaluation.votes.len(), 15);
    // dasd prints only votes that are not Can Proceed or score below 0.9.
    let logged: Vec<&str> = evaluation
        .votes
        .iter()
        .filter(|v| v.is_logged())
        .map(|v| v.policy().name())
        .collect();
    assert_eq!(
        logged,
        [
            "Application Policy",
            "Device Activity Policy",
            "Battery Level Policy",
            "Charger Plugged In Policy"
        ]
    );
    // The verdict is the comparison with the threshold.
    assert_eq!(
        evaluation.run,
        evaluation.current_score > evaluation.threshold.score
    );
}

#[test]
fn one_must_not_proceed_vote_makes_the_score_zero_and_blocks() {
    let mut w = World::new();
    w.device.call_active = true;
    let mut a = refresh();
    // Even a bypassing activity (threshold 0.01) does not run.
    a.priority = PriorityClass::UserInitiated;
    let evaluation = evaluate(&w.ctx(&a), false);
    assert_eq!(evaluation.final_decision, Decision::MustNotProceed);
    assert_eq!(evaluation.current_score, 0.0);
    assert!(!evaluation.run);
    assert!(evaluation.threshold.bypass);
    let blocking: Vec<&str> = evaluation.blocking().map(|v| v.policy().name()).collect();
    assert_eq!(blocking, ["Call In Progress Policy"]);
    // The blocking vote's weight is not in the denominator.
    let can_proceed_weight: f64 = evaluation
        .votes
        .iter()
        .filter(|v| v.response.decision == Decision::CanProceed)
        .map(|v| v.weight)
        .sum();
    assert!(close(evaluation.denominator, can_proceed_weight));
}

#[test]
fn absolutely_must_not_proceed_outranks_must_not_proceed() {
    let mut w = World::new();
    w.device.call_active = true;
    w.progress = Some(ProgressStatus {
        last_progress_at: now() - Duration::from_mins(5),
        indeterminate_never_reported: false,
    });
    let a = continued();
    let evaluation = evaluate(&w.ctx(&a), false);
    assert_eq!(
        evaluation.final_decision,
        Decision::AbsolutelyMustNotProceed
    );
    assert_eq!(evaluation.current_score, 0.0);
    assert!(!evaluation.run);
}

#[test]
fn absolutely_must_proceed_beats_must_not_proceed_like_max_decision() {
    // A continued task submitted from the foreground (200) during a call (33).
    let mut w = World::new();
    w.app.foreground = true;
    w.device.call_active = true;
    let a = continued();
    let evaluation = evaluate(&w.ctx(&a), false);
    assert!(evaluation
        .votes
        .iter()
        .any(|v| v.response.decision == Decision::MustNotProceed));
    assert_eq!(evaluation.final_decision, Decision::AbsolutelyMustProceed);
    assert_eq!(evaluation.current_score, 1.0);
    assert!(evaluation.run);
}

#[test]
fn a_full_group_is_a_gate_even_against_absolutely_must_proceed() {
    // A continued task from the foreground (200) while the group is at its maximum (33).
    let mut w = World::new();
    w.app.foreground = true;
    w.running_continued = w.params.continued_max_concurrent as u32;
    let a = continued();
    let evaluation = evaluate(&w.ctx(&a), false);
    assert!(evaluation
        .votes
        .iter()
        .any(|v| v.response.decision == Decision::AbsolutelyMustProceed));
    assert_eq!(evaluation.final_decision, Decision::MustNotProceed);
    assert_eq!(evaluation.current_score, 0.0);
    assert!(!evaluation.run);
}

#[test]
fn with_no_weight_to_divide_by_the_score_is_one() {
    let mut w = World::new();
    for row in Params::default().catalogue() {
        if row.name.starts_with("weight_") {
            w.params.set(row.name, 0.0).expect("a known parameter");
        }
    }
    let a = refresh();
    let evaluation = evaluate(&w.ctx(&a), false);
    assert_eq!(evaluation.final_decision, Decision::CanProceed);
    assert_eq!(evaluation.denominator, 0.0);
    assert_eq!(evaluation.current_score, 1.0);
}

// ------------------------------------------------------------------ threshold

/// A refresh (Utility) whose predicted optimum of 0.8 is at `optimal_at`, window end 10 h later.
fn refresh_with_optimum(optimal_at: Instant) -> Activity {
    let mut a = refresh();
    a.optimal = (0.8, optimal_at);
    a.window_end = optimal_at + Duration::from_hours(10);
    a
}

#[test]
fn before_the_optimal_time_the_pre_optimal_factor_applies() {
    let w = World::new();
    let a = refresh_with_optimum(now() + Duration::from_mins(1));
    let t = threshold(&w.ctx(&a), false);
    assert!(!t.bypass);
    assert_eq!(t.slot, None);
    assert!(close(t.factor, 0.925));
    assert!(close(t.score, 0.8 * 0.925));
    assert!(!t.relaxed_for_running);

    let mut maintenance = a.clone();
    maintenance.priority = PriorityClass::Maintenance;
    assert!(close(threshold(&w.ctx(&maintenance), false).factor, 0.975));
}

#[test]
fn after_the_optimal_time_the_threshold_relaxes_by_tenths_of_the_window() {
    // Reference 3.2.3, Utility row: k = 1, 2, 3, 5, 7, 10.
    let table = [
        (0, 0.925),
        (1, 0.889),
        (2, 0.832),
        (3, 0.765),
        (5, 0.606),
        (7, 0.422),
        (10, 0.112),
    ];
    let w = World::new();
    for (slot, factor) in table {
        // The middle of slot k: k hours and a half into the 10 h from the optimum to the end.
        let elapsed = Duration::from_mins(60 * i64::from(slot) + 30).min(Duration::from_hours(10));
        let a = refresh_with_optimum(now() - elapsed);
        let t = threshold(&w.ctx(&a), false);
        assert_eq!(t.slot, Some(slot));
        assert!((t.factor - factor).abs() < 0.0015, "slot {slot}: {t:?}");
        assert!(close(t.score, 0.8 * t.factor));
    }
    // Past the end of the window: the last slot.
    let a = refresh_with_optimum(now() - Duration::from_hours(11));
    assert_eq!(threshold(&w.ctx(&a), false).slot, Some(10));
}

#[test]
fn continued_tasks_bypass_predictions_with_a_threshold_of_one_hundredth() {
    let w = World::new();
    let a = continued();
    for compatible_running in [false, true] {
        let t = threshold(&w.ctx(&a), compatible_running);
        assert!(t.bypass);
        assert_eq!(t.score, 0.01);
        assert_eq!(t.slot, None);
    }
}

#[test]
fn a_compatible_running_activity_relaxes_the_threshold_by_a_tenth() {
    let w = World::new();
    let a = refresh_with_optimum(now() - Duration::from_mins(150));
    let alone = threshold(&w.ctx(&a), false);
    let relaxed = threshold(&w.ctx(&a), true);
    assert!(relaxed.relaxed_for_running);
    assert!(close(relaxed.score, alone.score * 0.9));
    assert_eq!(relaxed.slot, alone.slot);
}

#[test]
fn a_window_starting_more_than_21_hours_away_predicts_the_minimum_at_its_start() {
    let w = World::new();
    let mut a = processing();
    a.window_start = now() + Duration::from_hours(22);
    a.window_end = a.window_start + Duration::from_days(7);
    assert_eq!(predict_optimal(&w.ctx(&a)), (0.01, a.window_start));
}

#[test]
fn the_predicted_optimum_of_a_daily_user_lies_before_their_usual_time() {
    // Refresh window 03:00–27:00 the next day; the person opens the app at about 08:00.
    let mut w = World::new();
    w.predictor = daily_habit();
    w.now = now().start_of_day() + Duration::from_hours(3);
    let mut a = refresh();
    a.window_start = w.now;
    a.window_end = w.now + Duration::from_hours(24);
    let (score, at) = predict_optimal(&w.ctx(&a));
    assert!(score > 0.9, "{score}");
    let usual = now().start_of_day() + Duration::from_hours(8);
    assert!(
        at <= usual && at >= usual - Duration::from_hours(1),
        "optimum at {}",
        at.hh_mm()
    );
}
