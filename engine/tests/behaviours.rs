//! Scenario tests of the behaviours in sections 4 and 5 of the domain reference. Each asserts the
//! outcome and the reason behind it (the end cause, the blocking policy's rationale, the submit
//! error or the termination), as the playground explains them.

use engine::app::{
    AppConfig, BackgroundModes, HandlerBehavior, ProgressReporting, Registration, Resubmit,
    Strategy, TaskDefinition, TaskKind, TaskRequest,
};
use engine::device::{DeviceModel, MemoryPressure, Thermal};
use engine::log::{
    CancelCause, EndCause, Event, EventKind, LaunchPath, NotPermittedCause, Outcome, SubmitError,
    Termination, UnavailableCause,
};
use engine::scenario::{Input, Scenario};
use engine::scheduler::Rationale;
use engine::sim::Sim;
use engine::time::{Duration, Instant};
use engine::usage::{UsagePattern, UserAction, UserProfile};
use regex::Regex;

const REFRESH: &str = "com.example.news.refresh";
const CLEANUP: &str = "com.example.news.cleanup";
const EXPORTS: &str = "com.example.news.export.*";

fn secs(s: i64) -> Duration {
    Duration::from_secs(s)
}

fn mins(m: i64) -> Duration {
    Duration::from_mins(m)
}

// ------------------------------------------------------------------ building scenarios

fn refresh_task() -> TaskDefinition {
    TaskDefinition {
        request: TaskRequest {
            identifier: REFRESH.into(),
            kind: TaskKind::AppRefresh,
            ..TaskRequest::default()
        },
        behavior: HandlerBehavior {
            work_s: 8.0,
            resubmit: Resubmit::Never,
            ..HandlerBehavior::default()
        },
        submit_when_backgrounded: true,
    }
}

fn processing_task(requires_external_power: bool) -> TaskDefinition {
    TaskDefinition {
        request: TaskRequest {
            identifier: CLEANUP.into(),
            kind: TaskKind::Processing,
            requires_external_power,
            ..TaskRequest::default()
        },
        behavior: HandlerBehavior {
            work_s: 300.0,
            needs_network: false,
            resubmit: Resubmit::Never,
            ..HandlerBehavior::default()
        },
        submit_when_backgrounded: true,
    }
}

fn continued_task(progress: ProgressReporting) -> TaskDefinition {
    TaskDefinition {
        request: TaskRequest {
            identifier: EXPORTS.into(),
            kind: TaskKind::ContinuedProcessing,
            ..TaskRequest::default()
        },
        behavior: HandlerBehavior {
            work_s: 120.0,
            progress,
            resubmit: Resubmit::Never,
            ..HandlerBehavior::default()
        },
        submit_when_backgrounded: false,
    }
}

/// The app with these tasks, each identifier in its Info.plist.
fn app_with(tasks: Vec<TaskDefinition>) -> AppConfig {
    AppConfig {
        permitted_identifiers: tasks.iter().map(|t| t.request.identifier.clone()).collect(),
        tasks,
        ..AppConfig::default()
    }
}

/// A scenario driven by hand: no simulated person.
fn by_hand(tasks: Vec<TaskDefinition>) -> Scenario {
    Scenario {
        user_routine: false,
        app: app_with(tasks),
        ..Scenario::default()
    }
}

fn continued_request(suffix: &str, strategy: Strategy) -> TaskRequest {
    TaskRequest {
        identifier: format!("com.example.news.export.{suffix}"),
        kind: TaskKind::ContinuedProcessing,
        strategy,
        title: format!("Export {suffix}"),
        ..TaskRequest::default()
    }
}

/// Inputs at offsets from the start.
fn with_inputs(mut scenario: Scenario, inputs: Vec<(Duration, Input)>) -> Scenario {
    for (at, input) in inputs {
        scenario.push_input(at, input);
    }
    scenario
}

fn run(scenario: &Scenario, span: Duration) -> Sim {
    let mut sim = Sim::new(scenario).expect("a valid scenario");
    sim.advance_by(span);
    sim
}

/// Open the app, then go home a little later (which submits the tasks that submit on exit) and
/// lock the phone.
fn open_briefly_then_lock() -> Vec<(Duration, Input)> {
    vec![
        (Duration::ZERO, Input::OpenApp),
        (secs(10), Input::GoHome),
        (secs(20), Input::Lock),
    ]
}

/// Open the app, submit a continued request from the foreground, go home.
fn export_from_foreground(request: TaskRequest) -> Vec<(Duration, Input)> {
    vec![
        (Duration::ZERO, Input::OpenApp),
        (secs(5), Input::Submit { request }),
        (secs(10), Input::GoHome),
    ]
}

// ------------------------------------------------------------------ reading the events

struct Started {
    at: Instant,
    activity: String,
    identifier: String,
    path: LaunchPath,
}

fn starts(sim: &Sim) -> Vec<Started> {
    sim.events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::TaskStarted {
                activity,
                identifier,
                path,
                ..
            } => Some(Started {
                at: e.at,
                activity: activity.clone(),
                identifier: identifier.clone(),
                path: *path,
            }),
            _ => None,
        })
        .collect()
}

fn starts_of(sim: &Sim, identifier: &str) -> Vec<Started> {
    starts(sim)
        .into_iter()
        .filter(|s| s.identifier == identifier)
        .collect()
}

/// Every end of a task with this identifier: when, the outcome and the real cause.
fn ends_of(sim: &Sim, identifier: &str) -> Vec<(Instant, Outcome, EndCause, Duration)> {
    sim.events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::TaskEnded {
                identifier: id,
                outcome,
                cause,
                ran_for,
                ..
            } if id == identifier => Some((e.at, *outcome, *cause, *ran_for)),
            _ => None,
        })
        .collect()
}

fn only_end(sim: &Sim, identifier: &str) -> (Instant, Outcome, EndCause, Duration) {
    let ends = ends_of(sim, identifier);
    assert_eq!(ends.len(), 1, "ends of {identifier}: {:?}", dump(sim));
    ends[0]
}

fn expiration_handler_calls(sim: &Sim, identifier: &str) -> Vec<(Instant, EndCause)> {
    sim.events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::ExpirationHandlerCalled {
                identifier: id,
                cause,
            } if id == identifier => Some((e.at, *cause)),
            _ => None,
        })
        .collect()
}

fn terminations(sim: &Sim) -> Vec<Termination> {
    sim.events()
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::AppTerminated(t) => Some(t),
            _ => None,
        })
        .collect()
}

fn rejections(sim: &Sim) -> Vec<(String, SubmitError)> {
    sim.events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::SubmitRejected {
                identifier, error, ..
            } => Some((identifier.clone(), *error)),
            _ => None,
        })
        .collect()
}

/// The (policy name, rationale) of every blocking vote on evaluations of `identifier`.
fn blocks_of(sim: &Sim, identifier: &str) -> Vec<(Instant, &'static str, Rationale)> {
    sim.events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Evaluated {
                identifier: id,
                evaluation,
                ..
            } if id == identifier => Some(
                evaluation
                    .blocking()
                    .map(|v| (e.at, v.policy().name(), v.response.rationale))
                    .collect::<Vec<_>>(),
            ),
            _ => None,
        })
        .flatten()
        .collect()
}

fn blocked_by(sim: &Sim, identifier: &str, wanted: impl Fn(&Rationale) -> bool) -> bool {
    blocks_of(sim, identifier).iter().any(|(_, _, r)| wanted(r))
}

/// The run as text, for assertion messages.
fn dump(sim: &Sim) -> String {
    sim.events()
        .iter()
        .filter(|e| !e.is_verbose())
        .map(|e| format!("{} {}", e.at.hh_mm_ss(), e.headline()))
        .collect::<Vec<_>>()
        .join("\n")
}

fn console(sim: &Sim) -> Vec<String> {
    sim.events().iter().flat_map(Event::console_lines).collect()
}

// ------------------------------------------------------------------ refresh

#[test]
fn refresh_runs_cluster_shortly_before_the_learned_open_time() {
    let scenario = Scenario {
        app: AppConfig {
            tasks: vec![TaskDefinition {
                request: TaskRequest {
                    earliest_begin_after: Some(mins(15)),
                    ..refresh_task().request
                },
                behavior: HandlerBehavior {
                    resubmit: Resubmit::AtStart,
                    ..refresh_task().behavior
                },
                submit_when_backgrounded: true,
            }],
            ..AppConfig::default()
        },
        ..Scenario::default()
    };
    assert_eq!(
        scenario.user.pattern,
        UsagePattern::DailyAt { hour: 8, minute: 0 }
    );
    let sim = run(&scenario, Duration::from_days(10));
    let opens: Vec<Instant> = sim
        .events()
        .iter()
        .filter(|e| matches!(e.kind, EventKind::User(UserAction::OpenApp { .. })))
        .map(|e| e.at)
        .collect();
    assert_eq!(opens.len(), 10, "{}", dump(&sim));
    // From the fourth day the system has learned the habit (about two days, PR #511).
    let learned_from = sim.start().start_of_day() + Duration::from_days(3);
    let runs: Vec<Started> = starts_of(&sim, REFRESH)
        .into_iter()
        .filter(|s| s.at >= learned_from)
        .collect();
    assert!(runs.len() >= 7, "{}", dump(&sim));
    let before_open = |s: &Started| {
        opens
            .iter()
            .any(|&open| s.at < open && open - s.at <= Duration::from_hours(1))
    };
    let clustered = runs.iter().filter(|s| before_open(s)).count();
    assert!(
        clustered * 3 >= runs.len() * 2,
        "{clustered} of {} runs in the hour before an open:\n{}",
        runs.len(),
        dump(&sim)
    );
    for open in opens.iter().filter(|&&o| o >= learned_from) {
        assert!(
            runs.iter()
                .any(|s| s.at < *open && *open - s.at <= Duration::from_hours(1)),
            "no refresh in the hour before the open at {open} {}",
            open.hh_mm()
        );
    }
    // The first run of each morning was not at earliestBeginDate: its window opened the day
    // before (later runs of a morning follow at once, as each run resubmits for 15 min later).
    for open in opens.iter().filter(|&&o| o >= learned_from) {
        let started = runs
            .iter()
            .find(|s| s.at < *open && *open - s.at <= Duration::from_hours(1))
            .expect("a run before the open");
        let record = sim
            .records()
            .iter()
            .find(|r| r.activity == started.activity)
            .expect("a record of the run");
        assert!(
            started.at - record.window_start > Duration::from_hours(12),
            "a run at {} waited only {} after its window opened",
            started.at.hh_mm(),
            started.at - record.window_start
        );
    }
    // The reason: the Application Policy predicted the open from what it learned.
    let learned_votes = sim
        .events()
        .iter()
        .filter(|e| e.at >= learned_from)
        .filter_map(|e| match &e.kind {
            EventKind::Evaluated { evaluation, .. } if evaluation.run => evaluation
                .votes
                .iter()
                .find_map(|v| match v.response.rationale {
                    Rationale::PredictedLaunch { learned, .. } => Some(learned),
                    _ => None,
                }),
            _ => None,
        })
        .collect::<Vec<_>>();
    assert!(!learned_votes.is_empty() && learned_votes.iter().all(|&learned| learned));
}

#[test]
fn refresh_never_runs_while_the_app_is_in_the_foreground() {
    let mut task = refresh_task();
    task.submit_when_backgrounded = false;
    let scenario = with_inputs(
        by_hand(vec![task]),
        vec![
            (Duration::ZERO, Input::OpenApp),
            (
                secs(5),
                Input::Submit {
                    request: refresh_task().request,
                },
            ),
            (Duration::from_hours(3), Input::GoHome),
        ],
    );
    let home = scenario.start + Duration::from_hours(3);
    let sim = run(&scenario, Duration::from_hours(4));
    let runs = starts_of(&sim, REFRESH);
    assert!(!runs.is_empty(), "{}", dump(&sim));
    assert!(runs.iter().all(|s| s.at >= home), "{}", dump(&sim));
    let blocks: Vec<_> = blocks_of(&sim, REFRESH)
        .into_iter()
        .filter(|(at, ..)| *at < home)
        .collect();
    assert!(!blocks.is_empty());
    assert!(
        blocks
            .iter()
            .all(|(_, policy, rationale)| *policy == "Application Policy"
                && *rationale == Rationale::AppIsForeground),
        "{blocks:?}"
    );
}

#[test]
fn the_refresh_time_limit_calls_the_expiration_handler_and_the_handler_completes() {
    let mut task = refresh_task();
    task.behavior.work_s = 60.0;
    let sim = run(&runtime_scenario(task), mins(5));
    let calls = expiration_handler_calls(&sim, REFRESH);
    let limit = EndCause::TimeLimit {
        allowance: secs(30),
    };
    assert_eq!(calls.len(), 1, "{}", dump(&sim));
    assert_eq!(calls[0].1, limit);
    let (_, outcome, cause, ran_for) = only_end(&sim, REFRESH);
    assert_eq!((outcome, cause), (Outcome::Expired, limit));
    assert!(ran_for >= secs(30) && ran_for < secs(31), "{ran_for}");
    assert!(terminations(&sim).is_empty(), "{}", dump(&sim));
}

#[test]
fn a_refresh_handler_that_never_completes_gets_the_app_killed_after_the_grace_period() {
    let mut task = refresh_task();
    task.behavior.work_s = 60.0;
    task.behavior.calls_set_task_completed = false;
    let sim = run(&runtime_scenario(task), mins(5));
    let calls = expiration_handler_calls(&sim, REFRESH);
    assert_eq!(calls.len(), 1, "{}", dump(&sim));
    let (ended_at, outcome, cause, _) = only_end(&sim, REFRESH);
    assert_eq!(outcome, Outcome::Killed);
    assert_eq!(cause, EndCause::ProcessEnded(Termination::TaskNotCompleted));
    assert_eq!(ended_at - calls[0].0, secs(5), "the grace period");
    assert_eq!(terminations(&sim), [Termination::TaskNotCompleted]);
}

#[test]
fn without_an_expiration_handler_the_task_expires_and_the_app_is_killed() {
    let mut task = refresh_task();
    task.behavior.work_s = 60.0;
    task.behavior.sets_expiration_handler = false;
    let sim = run(&runtime_scenario(task), mins(5));
    assert!(expiration_handler_calls(&sim, REFRESH).is_empty());
    let (_, outcome, cause, _) = only_end(&sim, REFRESH);
    assert_eq!(
        (outcome, cause),
        (
            Outcome::Expired,
            EndCause::TimeLimit {
                allowance: secs(30)
            }
        )
    );
    assert_eq!(terminations(&sim), [Termination::TaskNotCompleted]);
}

/// The app submits `task` (for an hour later) on going home, and the debugger launches it a
/// minute after the start.
fn runtime_scenario(mut task: TaskDefinition) -> Scenario {
    task.request.earliest_begin_after = Some(Duration::from_hours(1));
    let identifier = task.request.identifier.clone();
    let mut inputs = open_briefly_then_lock();
    inputs.push((mins(1), Input::SimulateLaunch { identifier }));
    with_inputs(by_hand(vec![task]), inputs)
}

#[test]
fn jetsam_kills_a_task_above_the_memory_limit_without_calling_its_expiration_handler() {
    let mut task = refresh_task();
    task.behavior.work_s = 20.0;
    task.behavior.peak_memory_mb = 300.0;
    let sim = run(&runtime_scenario(task), mins(5));
    assert!(expiration_handler_calls(&sim, REFRESH).is_empty());
    let (ended_at, outcome, cause, _) = only_end(&sim, REFRESH);
    let jetsam = Termination::Jetsam {
        footprint_mb: 300.0,
        limit_mb: 200.0,
    };
    assert_eq!(outcome, Outcome::Killed);
    assert_eq!(cause, EndCause::ProcessEnded(jetsam));
    assert_eq!(terminations(&sim), [jetsam]);
    let started = starts_of(&sim, REFRESH)[0].at;
    assert_eq!(ended_at - started, secs(10), "at the peak, halfway through");
}

#[test]
fn memory_pressure_in_the_foreground_lowers_the_limit_and_jetsam_follows() {
    let mut task = refresh_task();
    task.behavior.work_s = 25.0;
    task.behavior.peak_memory_mb = 80.0;
    let mut scenario = runtime_scenario(task);
    scenario.push_input(
        mins(1) + secs(20),
        Input::SetMemoryPressure {
            pressure: MemoryPressure::High,
        },
    );
    let sim = run(&scenario, mins(5));
    let (_, outcome, cause, _) = only_end(&sim, REFRESH);
    assert_eq!(outcome, Outcome::Killed, "{}", dump(&sim));
    assert_eq!(
        cause,
        EndCause::ProcessEnded(Termination::Jetsam {
            footprint_mb: 80.0,
            limit_mb: 50.0
        })
    );
    assert!(expiration_handler_calls(&sim, REFRESH).is_empty());
}

#[test]
fn refresh_is_rate_limited_after_eight_runs_in_a_day() {
    let task = TaskDefinition {
        request: TaskRequest {
            earliest_begin_after: Some(mins(15)),
            ..refresh_task().request
        },
        behavior: HandlerBehavior {
            resubmit: Resubmit::AtStart,
            ..refresh_task().behavior
        },
        submit_when_backgrounded: true,
    };
    let scenario = with_inputs(by_hand(vec![task]), open_briefly_then_lock());
    let sim = run(&scenario, Duration::from_hours(20));
    let runs = starts_of(&sim, REFRESH);
    assert_eq!(runs.len(), 8, "{}", dump(&sim));
    let eighth = runs[7].at;
    let limited: Vec<Rationale> = blocks_of(&sim, REFRESH)
        .into_iter()
        .filter(|(at, _, _)| *at > eighth)
        .map(|(_, _, r)| r)
        .collect();
    assert!(
        matches!(limited.first(), Some(Rationale::RateLimited { runs: 8, clears_at: Some(t) }) if runs[0].at + Duration::from_hours(24) - *t <= secs(1)),
        "{limited:?}"
    );
}

#[test]
fn an_app_nobody_opens_for_days_gets_launch_unlikely() {
    let task = TaskDefinition {
        behavior: HandlerBehavior {
            resubmit: Resubmit::AtStart,
            ..refresh_task().behavior
        },
        request: TaskRequest {
            earliest_begin_after: Some(Duration::from_hours(4)),
            ..refresh_task().request
        },
        submit_when_backgrounded: true,
    };
    let scenario = with_inputs(
        Scenario {
            user: UserProfile {
                pattern: UsagePattern::Never,
                ..UserProfile::default()
            },
            app: app_with(vec![task]),
            ..Scenario::default()
        },
        open_briefly_then_lock(),
    );
    let sim = run(&scenario, Duration::from_days(6));
    let last_open = sim.start();
    let stale = last_open + Duration::from_days(3) + secs(1);
    // Once out of the recently used set, the app is not launched.
    let unlikely = blocks_of(&sim, REFRESH).iter().any(|(at, policy, r)| {
        *at >= stale
            && *policy == "Application Policy"
            && matches!(r, Rationale::LaunchUnlikely { probability } if *probability < 0.01)
    });
    assert!(unlikely, "{}", dump(&sim));
    let late_runs: Vec<String> = starts_of(&sim, REFRESH)
        .iter()
        .filter(|s| s.at >= stale)
        .map(|s| s.at.to_string() + " " + &s.at.hh_mm())
        .collect();
    assert!(late_runs.is_empty(), "{late_runs:?}");
    assert!(!starts_of(&sim, REFRESH).is_empty(), "it ran while recent");
}

// ------------------------------------------------------------------ processing

#[test]
fn processing_runs_overnight_on_the_charger_and_never_on_an_unplugged_iphone() {
    let plugged_at_night = Scenario {
        app: app_with(vec![processing_task(false)]),
        ..Scenario::default()
    };
    let sim = run(&plugged_at_night, Duration::from_days(3));
    let beds: Vec<Instant> = sim
        .events()
        .iter()
        .filter(|e| matches!(e.kind, EventKind::User(UserAction::GoToBed)))
        .map(|e| e.at)
        .collect();
    let runs = starts_of(&sim, CLEANUP);
    assert!(runs.len() >= 2, "{}", dump(&sim));
    for started in &runs {
        let night = beds
            .iter()
            .any(|&bed| started.at >= bed && started.at - bed < Duration::from_hours(8));
        assert!(night, "ran at {} {}", started.at, started.at.hh_mm());
        let (_, outcome, cause, _) = ends_of(&sim, CLEANUP)
            .into_iter()
            .find(|(at, ..)| *at > started.at)
            .expect("an end");
        assert_eq!((outcome, cause), (Outcome::Completed, EndCause::WorkDone));
    }

    let never_plugged = Scenario {
        user: UserProfile {
            night_routine: false,
            ..UserProfile::default()
        },
        ..plugged_at_night
    };
    let sim = run(&never_plugged, Duration::from_days(3));
    assert!(starts_of(&sim, CLEANUP).is_empty(), "{}", dump(&sim));
    assert!(blocked_by(&sim, CLEANUP, |r| matches!(
        r,
        Rationale::ProcessingOnBattery { ipad: false, .. }
    )));
}

/// Plugged in and locked: processing submitted on going home runs at once.
fn plugged_in_processing(task: TaskDefinition) -> Scenario {
    let mut scenario = with_inputs(by_hand(vec![task]), open_briefly_then_lock());
    scenario.initial_state.plugged_in = true;
    scenario
}

#[test]
fn picking_up_the_phone_expires_a_running_processing_task() {
    let mut scenario = plugged_in_processing(processing_task(false));
    scenario.push_input(mins(2), Input::PickUpPhone);
    let sim = run(&scenario, mins(20));
    let runs = starts_of(&sim, CLEANUP);
    assert_eq!(runs.len(), 1, "{}", dump(&sim));
    assert!(runs[0].at < sim.start() + mins(2));
    let calls = expiration_handler_calls(&sim, CLEANUP);
    assert_eq!(calls.len(), 1);
    assert_eq!(
        calls[0],
        (sim.start() + mins(2), EndCause::DeviceBecameActive)
    );
    let (_, outcome, cause, _) = only_end(&sim, CLEANUP);
    assert_eq!(
        (outcome, cause),
        (Outcome::Expired, EndCause::DeviceBecameActive)
    );
    assert!(terminations(&sim).is_empty());
}

#[test]
fn picking_up_the_phone_while_the_app_launches_for_processing_expires_the_task() {
    // Swiped away (not running), then locked on the charger: dasd starts the task and the app
    // launches cold, which takes a second. The person picks the phone up half-way.
    let mut scenario = with_inputs(
        by_hand(vec![processing_task(false)]),
        vec![
            (Duration::ZERO, Input::OpenApp),
            (secs(10), Input::GoHome),
            (secs(15), Input::SwipeAppAway),
            (secs(20), Input::Lock),
            (secs(20) + Duration::from_millis(500), Input::PickUpPhone),
        ],
    );
    scenario.initial_state.plugged_in = true;
    let sim = run(&scenario, mins(20));
    let decided = sim.events().iter().any(|e| {
        e.at == sim.start() + secs(20)
            && matches!(&e.kind, EventKind::Evaluated { evaluation, .. } if evaluation.run)
    });
    assert!(decided, "{}", dump(&sim));
    // The handler must not start with the device in use (reference 1.2: processing runs only
    // while the device is idle).
    assert!(starts_of(&sim, CLEANUP).is_empty(), "{}", dump(&sim));
    let (ended_at, outcome, cause, _) = only_end(&sim, CLEANUP);
    assert_eq!(
        ended_at,
        sim.start() + secs(20) + Duration::from_millis(500)
    );
    assert_eq!(
        (outcome, cause),
        (Outcome::Expired, EndCause::DeviceBecameActive)
    );
}

#[test]
fn an_ipad_runs_processing_on_battery_from_seventy_five_percent() {
    let mut scenario = with_inputs(
        by_hand(vec![processing_task(false)]),
        open_briefly_then_lock(),
    );
    scenario.device = DeviceModel::IpadM;
    scenario.initial_state.battery = 90.0;
    let sim = run(&scenario, Duration::from_hours(2));
    assert_eq!(starts_of(&sim, CLEANUP).len(), 1, "{}", dump(&sim));
    assert_eq!(only_end(&sim, CLEANUP).1, Outcome::Completed);

    scenario.initial_state.battery = 70.0;
    let sim = run(&scenario, Duration::from_hours(2));
    assert!(starts_of(&sim, CLEANUP).is_empty(), "{}", dump(&sim));
    assert!(blocked_by(&sim, CLEANUP, |r| matches!(
        r,
        Rationale::ProcessingOnBattery { ipad: true, battery } if *battery < 75.0
    )));
}

#[test]
fn the_cpu_monitor_kills_heavy_processing_unless_it_requires_external_power() {
    let heavy = |requires_external_power: bool| {
        let mut task = processing_task(requires_external_power);
        task.behavior.cpu_percent = 95.0;
        task.behavior.work_s = 240.0;
        task
    };
    // iPad on battery, power not required: killed after 60 s.
    let mut scenario = with_inputs(by_hand(vec![heavy(false)]), open_briefly_then_lock());
    scenario.device = DeviceModel::IpadM;
    scenario.initial_state.battery = 95.0;
    let sim = run(&scenario, Duration::from_hours(1));
    let started = starts_of(&sim, CLEANUP);
    assert_eq!(started.len(), 1, "{}", dump(&sim));
    let monitor = Termination::CpuMonitor { cpu_percent: 95.0 };
    let (ended_at, outcome, cause, _) = only_end(&sim, CLEANUP);
    assert_eq!(
        (outcome, cause),
        (Outcome::Killed, EndCause::ProcessEnded(monitor))
    );
    assert_eq!(ended_at - started[0].at, secs(60));
    assert_eq!(terminations(&sim), [monitor]);

    // requiresExternalPower turns the monitor off.
    let mut scenario = plugged_in_processing(heavy(true));
    scenario.device = DeviceModel::IpadM;
    let sim = run(&scenario, Duration::from_hours(1));
    assert_eq!(starts_of(&sim, CLEANUP).len(), 1, "{}", dump(&sim));
    let (_, outcome, cause, ran_for) = only_end(&sim, CLEANUP);
    assert_eq!((outcome, cause), (Outcome::Completed, EndCause::WorkDone));
    assert_eq!(ran_for, secs(240));
    assert!(terminations(&sim).is_empty());
}

#[test]
fn the_cpu_monitor_is_off_while_plugged_in() {
    let mut task = processing_task(false);
    task.behavior.cpu_percent = 95.0;
    task.behavior.work_s = 240.0;
    let mut scenario = plugged_in_processing(task);
    scenario.device = DeviceModel::IpadM;
    let sim = run(&scenario, Duration::from_hours(1));
    assert_eq!(starts_of(&sim, CLEANUP).len(), 1, "{}", dump(&sim));
    let (_, outcome, cause, ran_for) = only_end(&sim, CLEANUP);
    assert_eq!((outcome, cause), (Outcome::Completed, EndCause::WorkDone));
    assert_eq!(ran_for, secs(240));
    assert!(terminations(&sim).is_empty());
}

#[test]
fn unplugging_expires_a_task_that_requires_external_power() {
    let mut task = processing_task(true);
    task.behavior.work_s = 240.0;
    let mut scenario = plugged_in_processing(task);
    let sim = run(&scenario, Duration::from_hours(1));
    let started = starts_of(&sim, CLEANUP);
    assert_eq!(started.len(), 1, "{}", dump(&sim));
    let unplug_at = started[0].at - sim.start() + secs(30);
    scenario.push_input(unplug_at, Input::SetPluggedIn { on: false });
    let sim = run(&scenario, Duration::from_hours(1));
    let (ended_at, outcome, cause, _) = only_end(&sim, CLEANUP);
    assert_eq!(
        (outcome, cause),
        (Outcome::Expired, EndCause::PowerDisconnected)
    );
    assert_eq!(
        ended_at,
        sim.start() + unplug_at + Duration::from_millis(100)
    );
}

// ------------------------------------------------------------------ continued processing

fn export(progress: ProgressReporting) -> Scenario {
    with_inputs(
        by_hand(vec![continued_task(progress)]),
        export_from_foreground(continued_request("A1", Strategy::Queue)),
    )
}

const A1: &str = "com.example.news.export.A1";

#[test]
fn a_continued_export_reporting_progress_every_five_seconds_completes() {
    let sim = run(&export(ProgressReporting::Every { seconds: 5.0 }), mins(10));
    let started = starts_of(&sim, A1);
    assert_eq!(started.len(), 1, "{}", dump(&sim));
    assert_eq!(started[0].at, sim.start() + secs(5), "starts at once");
    assert!(
        matches!(started[0].path, LaunchPath::Scheduler { threshold, .. } if threshold == 0.01)
    );
    let (_, outcome, cause, ran_for) = only_end(&sim, A1);
    assert_eq!((outcome, cause), (Outcome::Completed, EndCause::WorkDone));
    assert_eq!(ran_for, secs(120));
    assert!(expiration_handler_calls(&sim, A1).is_empty());
}

#[test]
fn a_continued_export_whose_progress_stops_expires_thirty_seconds_later() {
    let mut scenario = export(ProgressReporting::Every { seconds: 5.0 });
    scenario.app.tasks[0].behavior.progress_stops_after_s = Some(60.0);
    let sim = run(&scenario, mins(10));
    let last_progress = sim
        .events()
        .iter()
        .rev()
        .find(|e| matches!(e.kind, EventKind::Progress { .. }))
        .map(|e| e.at)
        .expect("progress was reported");
    assert_eq!(last_progress, sim.start() + secs(5) + secs(60));
    let calls = expiration_handler_calls(&sim, A1);
    assert_eq!(calls.len(), 1, "{}", dump(&sim));
    let (called_at, cause) = calls[0];
    assert!(
        matches!(cause, EndCause::Stalled { since_progress_s, limit_s } if limit_s == 30.0 && since_progress_s > 30.0 && since_progress_s < 30.1),
        "{cause:?}"
    );
    assert!(called_at - last_progress >= secs(30) && called_at - last_progress < secs(31));
    let (_, outcome, end_cause, _) = only_end(&sim, A1);
    assert_eq!((outcome, end_cause), (Outcome::Expired, cause));
}

#[test]
fn a_continued_export_that_never_reports_indeterminate_progress_expires_after_45_seconds() {
    let sim = run(&export(ProgressReporting::Indeterminate), mins(10));
    let started = starts_of(&sim, A1)[0].at;
    let calls = expiration_handler_calls(&sim, A1);
    assert_eq!(calls.len(), 1, "{}", dump(&sim));
    assert!(matches!(calls[0].1, EndCause::Stalled { limit_s, .. } if limit_s == 45.0));
    let after = calls[0].0 - started;
    assert!(after >= secs(45) && after < secs(46), "{after}");
    assert_eq!(only_end(&sim, A1).1, Outcome::Expired);
}

#[test]
fn tapping_stop_expires_a_continued_task() {
    let mut scenario = export(ProgressReporting::Every { seconds: 5.0 });
    scenario.push_input(
        secs(40),
        Input::TapStop {
            identifier: A1.into(),
        },
    );
    let sim = run(&scenario, mins(10));
    assert_eq!(
        expiration_handler_calls(&sim, A1),
        [(sim.start() + secs(40), EndCause::UserStopped)]
    );
    let (_, outcome, cause, _) = only_end(&sim, A1);
    assert_eq!((outcome, cause), (Outcome::Expired, EndCause::UserStopped));
}

#[test]
fn swiping_the_app_away_cancels_its_continued_task_without_telling_it() {
    let mut scenario = export(ProgressReporting::Every { seconds: 5.0 });
    scenario.push_input(secs(40), Input::SwipeAppAway);
    let sim = run(&scenario, mins(10));
    assert!(expiration_handler_calls(&sim, A1).is_empty());
    let (_, outcome, cause, _) = only_end(&sim, A1);
    assert_eq!((outcome, cause), (Outcome::Canceled, EndCause::SwipedAway));
    assert!(sim.live_activities().is_empty());
    assert_eq!(terminations(&sim), [Termination::SwipedAway]);
}

#[test]
fn getting_seriously_warm_while_in_use_expires_a_continued_task() {
    let mut scenario = export(ProgressReporting::Every { seconds: 5.0 });
    // After going home the person keeps using the phone.
    scenario.push_input(
        secs(30),
        Input::SetThermal {
            thermal: Thermal::Serious,
        },
    );
    let sim = run(&scenario, mins(10));
    let thermal = EndCause::Thermal {
        level: 20,
        allowed: 10,
    };
    assert_eq!(
        expiration_handler_calls(&sim, A1),
        [(sim.start() + secs(30), thermal)]
    );
    assert_eq!(only_end(&sim, A1).1, Outcome::Expired);
}

/// Two exports running (the modelled maximum), then a third submitted with `strategy`.
fn third_export(strategy: Strategy) -> Scenario {
    let mut long = continued_task(ProgressReporting::Every { seconds: 5.0 });
    long.behavior.work_s = 60.0;
    with_inputs(
        by_hand(vec![long]),
        vec![
            (Duration::ZERO, Input::OpenApp),
            (
                secs(1),
                Input::Submit {
                    request: continued_request("A1", Strategy::Queue),
                },
            ),
            (
                secs(2),
                Input::Submit {
                    request: continued_request("A2", Strategy::Queue),
                },
            ),
            (
                secs(3),
                Input::Submit {
                    request: continued_request("A3", strategy),
                },
            ),
            (secs(10), Input::GoHome),
        ],
    )
}

#[test]
fn a_fail_request_at_the_concurrency_maximum_is_rejected_with_code_4() {
    let sim = run(&third_export(Strategy::Fail), mins(5));
    let rejected = rejections(&sim);
    assert_eq!(
        rejected,
        [(
            "com.example.news.export.A3".to_string(),
            SubmitError::ImmediateRunIneligible { running: 2, max: 2 }
        )],
        "{}",
        dump(&sim)
    );
    assert_eq!(rejected[0].1.code(), 4);
    assert!(starts_of(&sim, "com.example.news.export.A3").is_empty());
}

#[test]
fn a_queued_request_waits_for_a_free_slot() {
    let sim = run(&third_export(Strategy::Queue), mins(5));
    assert!(rejections(&sim).is_empty());
    let first_end = only_end(&sim, A1).0;
    let third = starts_of(&sim, "com.example.news.export.A3");
    assert_eq!(third.len(), 1, "{}", dump(&sim));
    assert_eq!(
        third[0].at, first_end,
        "starts as soon as the first finishes"
    );
    assert!(blocked_by(&sim, "com.example.news.export.A3", |r| *r
        == Rationale::GroupFull { running: 2, max: 2 }));
}

// ------------------------------------------------------------------ Low Power Mode, swipe away

#[test]
fn low_power_mode_turns_refresh_off() {
    let mut scenario = with_inputs(by_hand(vec![refresh_task()]), open_briefly_then_lock());
    scenario.initial_state.low_power_mode = true;
    let sim = run(&scenario, Duration::from_hours(12));
    assert!(starts(&sim).is_empty(), "{}", dump(&sim));
    assert!(blocked_by(&sim, REFRESH, |r| *r == Rationale::RefreshOffByLowPowerMode));
}

#[test]
fn low_power_mode_blocks_processing_on_battery_but_not_on_the_charger_above_30_percent() {
    // An iPad on battery, which could otherwise run processing.
    let mut scenario = with_inputs(
        by_hand(vec![processing_task(false)]),
        open_briefly_then_lock(),
    );
    scenario.device = DeviceModel::IpadM;
    scenario.initial_state.battery = 90.0;
    scenario.initial_state.low_power_mode = true;
    let sim = run(&scenario, Duration::from_hours(2));
    assert!(starts(&sim).is_empty(), "{}", dump(&sim));
    let locked = sim.start() + secs(20);
    let blocks: Vec<_> = blocks_of(&sim, CLEANUP)
        .into_iter()
        .filter(|(at, ..)| *at >= locked)
        .collect();
    assert!(!blocks.is_empty());
    assert!(blocks
        .iter()
        .all(|(_, policy, rationale)| *policy == "Low Power Mode Policy"
            && matches!(
                rationale,
                Rationale::LowPowerMode {
                    plugged_in: false,
                    ..
                }
            )));

    // On the charger at 40 %, Low Power Mode does not hold processing back.
    scenario.initial_state.plugged_in = true;
    scenario.initial_state.battery = 40.0;
    let sim = run(&scenario, Duration::from_hours(2));
    assert_eq!(starts_of(&sim, CLEANUP).len(), 1, "{}", dump(&sim));
    assert!(!blocked_by(&sim, CLEANUP, |r| matches!(
        r,
        Rationale::LowPowerMode { .. }
    )));
}

#[test]
fn swiping_the_app_away_blocks_refresh_but_not_processing() {
    let mut refresh = refresh_task();
    refresh.request.earliest_begin_after = Some(Duration::from_hours(1));
    let mut scenario = with_inputs(
        by_hand(vec![refresh, processing_task(false)]),
        vec![
            (Duration::ZERO, Input::OpenApp),
            (secs(10), Input::GoHome),
            (secs(15), Input::SwipeAppAway),
            (secs(20), Input::Lock),
        ],
    );
    scenario.initial_state.plugged_in = true;
    let sim = run(&scenario, Duration::from_hours(12));
    assert!(starts_of(&sim, REFRESH).is_empty(), "{}", dump(&sim));
    assert!(blocked_by(&sim, REFRESH, |r| *r == Rationale::SwipedAway));
    assert_eq!(starts_of(&sim, CLEANUP).len(), 1, "{}", dump(&sim));
}

// ------------------------------------------------------------------ submit

#[test]
fn submit_errors_carry_their_codes() {
    let refresh_request = |identifier: &str| Input::Submit {
        request: TaskRequest {
            identifier: identifier.into(),
            ..refresh_task().request
        },
    };
    let mut scenario = by_hand(vec![refresh_task(), processing_task(false)]);
    scenario
        .app
        .permitted_identifiers
        .push("com.example.news.refresh.other".into());
    let scenario = with_inputs(
        scenario,
        vec![
            (Duration::ZERO, Input::OpenApp),
            (secs(1), refresh_request("com.example.news.unlisted")),
            (secs(2), refresh_request(REFRESH)),
            (secs(3), refresh_request("com.example.news.refresh.other")),
            (secs(4), Input::SetGlobalBackgroundRefresh { on: false }),
            (
                secs(5),
                Input::Submit {
                    request: processing_task(false).request,
                },
            ),
        ],
    );
    let sim = run(&scenario, mins(1));
    let codes: Vec<(String, u8, SubmitError)> = rejections(&sim)
        .into_iter()
        .map(|(id, e)| (id, e.code(), e))
        .collect();
    assert_eq!(
        codes,
        [
            (
                "com.example.news.unlisted".to_string(),
                3,
                SubmitError::NotPermitted(NotPermittedCause::NotInInfoPlist)
            ),
            (
                "com.example.news.refresh.other".to_string(),
                2,
                SubmitError::TooManyPendingTaskRequests { limit: 1 }
            ),
            (
                CLEANUP.to_string(),
                1,
                SubmitError::Unavailable(UnavailableCause::RefreshOffGlobally)
            ),
        ]
    );
}

#[test]
fn more_than_ten_pending_processing_requests_are_refused() {
    let identifiers: Vec<String> = (0..11)
        .map(|n| format!("com.example.news.job{n}"))
        .collect();
    let tasks = identifiers
        .iter()
        .map(|id| TaskDefinition {
            request: TaskRequest {
                identifier: id.clone(),
                earliest_begin_after: Some(Duration::from_days(1)),
                ..processing_task(false).request
            },
            ..processing_task(false)
        })
        .collect();
    let sim = run(
        &with_inputs(by_hand(tasks), open_briefly_then_lock()),
        mins(1),
    );
    assert_eq!(sim.pending().len(), 10);
    assert_eq!(
        rejections(&sim),
        [(
            "com.example.news.job10".to_string(),
            SubmitError::TooManyPendingTaskRequests { limit: 10 }
        )]
    );
}

#[test]
fn submit_errors_from_the_capabilities_and_the_device() {
    // No `fetch` background mode: notPermitted.
    let mut scenario = with_inputs(by_hand(vec![refresh_task()]), open_briefly_then_lock());
    scenario.app.background_modes = BackgroundModes {
        fetch: false,
        processing: true,
    };
    let sim = run(&scenario, mins(1));
    assert_eq!(
        rejections(&sim),
        [(
            REFRESH.to_string(),
            SubmitError::NotPermitted(NotPermittedCause::MissingFetchMode)
        )]
    );

    // The Simulator: unavailable.
    let mut scenario = with_inputs(by_hand(vec![refresh_task()]), open_briefly_then_lock());
    scenario.device = DeviceModel::Simulator;
    let sim = run(&scenario, mins(1));
    assert_eq!(
        rejections(&sim),
        [(
            REFRESH.to_string(),
            SubmitError::Unavailable(UnavailableCause::Simulator)
        )]
    );

    // `.gpu` on an iPhone, with the entitlement: notPermitted (not supported).
    let mut scenario = by_hand(vec![continued_task(ProgressReporting::Every {
        seconds: 5.0,
    })]);
    scenario.app.entitlements.background_gpu = true;
    let request = TaskRequest {
        gpu: true,
        ..continued_request("GPU", Strategy::Queue)
    };
    let sim = run(
        &with_inputs(scenario, export_from_foreground(request)),
        mins(1),
    );
    assert_eq!(
        rejections(&sim),
        [(
            "com.example.news.export.GPU".to_string(),
            SubmitError::NotPermitted(NotPermittedCause::GpuUnsupported)
        )]
    );
}

#[test]
fn submitting_the_same_identifier_replaces_the_pending_request() {
    let scenario = with_inputs(
        by_hand(vec![processing_task(false)]),
        vec![
            (Duration::ZERO, Input::OpenApp),
            (secs(10), Input::GoHome),
            (mins(1), Input::OpenApp),
            (mins(2), Input::GoHome),
        ],
    );
    let sim = run(&scenario, mins(3));
    let replaced: Vec<String> = sim
        .events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Canceled {
                activity,
                cause: CancelCause::Replaced,
                ..
            } => Some(activity.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(replaced.len(), 1, "{}", dump(&sim));
    assert_eq!(sim.pending().len(), 1);
    assert_ne!(sim.pending()[0].name, replaced[0], "a new activity name");
    let canceled = Regex::new(
        r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} dasd: CANCELED: bgProcessing-com\.example\.news\.cleanup:[0-9A-F]{6} at priority 10 <private>!$",
    )
    .unwrap();
    let lines = console(&sim);
    let line = lines
        .iter()
        .find(|l| canceled.is_match(l))
        .unwrap_or_else(|| panic!("{lines:#?}"));
    assert!(line.contains(&replaced[0]));
}

#[test]
fn registering_the_same_identifier_twice_kills_the_app() {
    let mut task = refresh_task();
    task.behavior.registration = Registration::Twice;
    let sim = run(
        &with_inputs(by_hand(vec![task]), open_briefly_then_lock()),
        mins(1),
    );
    assert_eq!(terminations(&sim), [Termination::RegisteredTwice]);
    assert!(sim.pending().is_empty());
}

// ------------------------------------------------------------------ the debugger

#[test]
fn the_debugger_launches_a_pending_task_that_policies_block() {
    let scenario = with_inputs(
        by_hand(vec![refresh_task()]),
        vec![
            (Duration::ZERO, Input::OpenApp),
            (
                secs(5),
                Input::Submit {
                    request: refresh_task().request,
                },
            ),
            (secs(6), Input::SetCall { on: true }),
            (
                mins(1),
                Input::SimulateLaunch {
                    identifier: REFRESH.into(),
                },
            ),
        ],
    );
    let sim = run(&scenario, mins(5));
    // Before the debugger: blocked (in the foreground, during a call).
    let blocking: Vec<&str> = blocks_of(&sim, REFRESH)
        .iter()
        .filter(|(at, ..)| *at < sim.start() + mins(1))
        .map(|(_, policy, _)| *policy)
        .collect();
    assert!(blocking.contains(&"Application Policy"), "{blocking:?}");
    assert!(
        blocking.contains(&"Call In Progress Policy"),
        "{blocking:?}"
    );
    let started = starts_of(&sim, REFRESH);
    assert_eq!(started.len(), 1, "{}", dump(&sim));
    assert_eq!(started[0].path, LaunchPath::Debugger);
    assert_eq!(started[0].at, sim.start() + mins(1));
    assert!(console(&sim).iter().any(
        |l| l.contains("App: Simulating launch for task: bgRefresh-com.example.news.refresh:")
    ));
}

#[test]
fn the_debugger_does_nothing_when_nothing_is_pending() {
    let scenario = with_inputs(
        by_hand(vec![refresh_task()]),
        vec![
            (Duration::ZERO, Input::OpenApp),
            (
                secs(5),
                Input::SimulateLaunch {
                    identifier: REFRESH.into(),
                },
            ),
            (
                secs(6),
                Input::SimulateExpiration {
                    identifier: REFRESH.into(),
                },
            ),
        ],
    );
    let sim = run(&scenario, mins(1));
    assert!(starts(&sim).is_empty());
    let no_ops: Vec<bool> = sim
        .events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::DebuggerNoOp { identifier, launch } if identifier == REFRESH => {
                Some(*launch)
            }
            _ => None,
        })
        .collect();
    assert_eq!(no_ops, [true, false]);
}

// ------------------------------------------------------------------ the console

#[test]
fn console_lines_have_the_shapes_of_real_dasd_logs() {
    let scenario = Scenario::default();
    let sim = run(&scenario, Duration::from_days(1));
    let lines = console(&sim);
    let timestamp = r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} ";
    let date = r"[A-Z][a-z]{2} [A-Z][a-z]{2} \d\d \d\d:\d\d:\d\d \d{4}";
    let submitted = Regex::new(&format!(
        r"{timestamp}dasd: Submitted Activity: bgRefresh-com\.example\.news\.refresh:[0-9A-F]{{6}} at priority 10 \({date} - {date}\)$"
    ))
    .unwrap();
    let vote = Regex::new(
        r"^\t\{name: [A-Za-z ()]+, policyWeight: \d+\.\d{3}, response: \{(0|33|67|100|200), \d\.\d\d(, \[\{.+\}\])?\}\}$",
    )
    .unwrap();
    let application = Regex::new(
        r"^\t\{name: Application Policy, policyWeight: 50\.000, response: \{0, 0\.\d\d\}\}$",
    )
    .unwrap();
    let decision = Regex::new(&format!(
        r"{timestamp}dasd: 'bg(Refresh|Processing)-[\w.]+:[0-9A-F]{{6}}' CurrentScore: \d\.\d{{6}}, ThresholdScore: \d\.\d{{6}} DecisionToRun:[01]$"
    ))
    .unwrap();
    let final_score = Regex::new(
        r"^\] sumScores:\d+\.\d{6}, denominator:\d+\.\d{6}, FinalDecision: Can Proceed FinalScore: \d\.\d{6}\}$",
    )
    .unwrap();
    for (name, pattern) in [
        ("Submitted Activity", &submitted),
        ("policy vote", &vote),
        ("Application Policy vote", &application),
        ("DecisionToRun", &decision),
        ("FinalScore", &final_score),
    ] {
        assert!(
            lines.iter().any(|l| pattern.is_match(l)),
            "no {name} line in:\n{}",
            lines.join("\n")
        );
    }
    // The default person opens the app at 08:08:10 for two minutes; the request asks for 15 min.
    assert!(lines.iter().any(|l| submitted.is_match(l)
        && l.ends_with("at priority 10 (Mon Nov 23 08:25:10 2026 - Tue Nov 24 08:25:10 2026)")));
    // Every vote line and every decision line has its shape.
    for line in &lines {
        if line.starts_with("\t{name:") {
            assert!(vote.is_match(line), "{line}");
        }
        if line.contains("DecisionToRun") {
            assert!(decision.is_match(line), "{line}");
        }
        if line.contains("Submitted Activity") {
            assert!(submitted.is_match(line), "{line}");
        }
    }
    assert!(lines
        .iter()
        .any(|l| l.contains("DecisionToRun:0") && decision.is_match(l)));
}
