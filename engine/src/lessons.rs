//! Guided lessons built from real developer questions (reference section 5): each is a preset
//! scenario with a short story, the moment to watch, what it teaches, Apple's documentation, and
//! a check that runs it and proves the claimed behaviour really happens in the model.

use crate::app::{
    AppConfig, BackgroundModes, HandlerBehavior, ProgressReporting, Registration, Resubmit,
    Strategy, TaskDefinition, TaskKind, TaskRequest,
};
use crate::device::{DeviceModel, MemoryPressure};
use crate::log::{
    EndCause, EventKind, LaunchPath, NotPermittedCause, Outcome, SubmitError, Termination,
    UnavailableCause,
};
use crate::scenario::{Input, Scenario};
use crate::scheduler::Rationale;
use crate::sim::{Presentation, Sim};
use crate::time::{Duration, Instant};
use crate::usage::{UsagePattern, UserProfile};

/// A page of Apple's documentation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DocLink {
    /// The page's title.
    pub title: &'static str,
    /// Its address.
    pub url: &'static str,
}

/// A guided lesson.
#[derive(Clone, Copy, Debug)]
pub struct Lesson {
    /// Stable short name (used in links and tests).
    pub id: &'static str,
    /// The question as developers ask it.
    pub title: &'static str,
    /// Where the question comes from.
    pub asked_in: &'static str,
    /// The short story of the preset.
    pub story: &'static str,
    /// What to watch, and when.
    pub watch: &'static str,
    /// What it teaches.
    pub teaches: &'static str,
    /// The lesson opens here (after the start), just before the moment to watch.
    pub opens_at: Duration,
    /// The run to make before checking the claim (after the start).
    pub run_for: Duration,
    /// Apple's documentation.
    pub docs: &'static [DocLink],
    scenario: fn() -> Scenario,
    check: fn(&Sim) -> Result<(), String>,
}

impl Lesson {
    /// The preset scenario.
    pub fn scenario(&self) -> Scenario {
        (self.scenario)()
    }

    /// Run the preset for [`Lesson::run_for`] and check that what the lesson claims happens.
    pub fn verify(&self) -> Result<Sim, String> {
        let mut sim = Sim::new(&self.scenario()).map_err(|e| e.to_string())?;
        sim.advance_by(self.run_for);
        (self.check)(&sim).map_err(|e| format!("lesson {}: {e}", self.id))?;
        Ok(sim)
    }

    /// The share-link fragment that opens this lesson at its moment.
    pub fn link(&self) -> String {
        crate::link::encode(&self.scenario(), Some(self.opens_at))
    }
}

const DOC_REFRESH: DocLink = DocLink {
    title: "BGAppRefreshTask",
    url: "https://developer.apple.com/documentation/backgroundtasks/bgapprefreshtask",
};
const DOC_PROCESSING: DocLink = DocLink {
    title: "BGProcessingTask",
    url: "https://developer.apple.com/documentation/backgroundtasks/bgprocessingtask",
};
const DOC_DEBUG: DocLink = DocLink {
    title: "Starting and Terminating Tasks During Development",
    url: "https://developer.apple.com/documentation/backgroundtasks/starting-and-terminating-tasks-during-development",
};
const DOC_CHOOSE: DocLink = DocLink {
    title: "Choosing Background Strategies for Your App",
    url: "https://developer.apple.com/documentation/backgroundtasks/choosing-background-strategies-for-your-app",
};
const DOC_ERRORS: DocLink = DocLink {
    title: "BGTaskScheduler.Error.Code",
    url: "https://developer.apple.com/documentation/backgroundtasks/bgtaskscheduler/error/code",
};
const DOC_SUBMIT: DocLink = DocLink {
    title: "submit(_:)",
    url: "https://developer.apple.com/documentation/backgroundtasks/bgtaskscheduler/submit(_:)",
};
const DOC_REGISTER: DocLink = DocLink {
    title: "register(forTaskWithIdentifier:using:launchHandler:)",
    url: "https://developer.apple.com/documentation/backgroundtasks/bgtaskscheduler/register(fortaskwithidentifier:using:launchhandler:)",
};
const DOC_COMPLETE: DocLink = DocLink {
    title: "setTaskCompleted(success:)",
    url: "https://developer.apple.com/documentation/backgroundtasks/bgtask/settaskcompleted(success:)",
};
const DOC_EXPIRE: DocLink = DocLink {
    title: "expirationHandler",
    url: "https://developer.apple.com/documentation/backgroundtasks/bgtask/expirationhandler",
};
const DOC_LONG_RUNNING: DocLink = DocLink {
    title: "Performing long-running tasks on iOS and iPadOS",
    url: "https://developer.apple.com/documentation/backgroundtasks/performing-long-running-tasks-on-ios-and-ipados",
};
const DOC_CONTINUED: DocLink = DocLink {
    title: "BGContinuedProcessingTask",
    url: "https://developer.apple.com/documentation/backgroundtasks/bgcontinuedprocessingtask",
};
const DOC_GPU: DocLink = DocLink {
    title: "BGContinuedProcessingTaskRequest.Resources.gpu",
    url: "https://developer.apple.com/documentation/backgroundtasks/bgcontinuedprocessingtaskrequest/resources/gpu",
};
const DOC_REFRESH_STATUS: DocLink = DocLink {
    title: "backgroundRefreshStatus",
    url: "https://developer.apple.com/documentation/uikit/uiapplication/backgroundrefreshstatus",
};
const DOC_LOW_POWER: DocLink = DocLink {
    title: "isLowPowerModeEnabled",
    url: "https://developer.apple.com/documentation/foundation/processinfo/islowpowermodeenabled",
};
const DOC_TERMINATIONS: DocLink = DocLink {
    title: "Reducing terminations in your app",
    url: "https://developer.apple.com/documentation/xcode/reducing-terminations-in-your-app",
};

const BUNDLE: &str = "com.example.news";
const REFRESH: &str = "com.example.news.refresh";
const CLEANUP: &str = "com.example.news.cleanup";
const EXPORT: &str = "com.example.news.export.*";

fn hours(h: i64) -> Duration {
    Duration::from_hours(h)
}

fn mins(m: i64) -> Duration {
    Duration::from_mins(m)
}

fn refresh_task() -> TaskDefinition {
    TaskDefinition {
        request: TaskRequest {
            identifier: REFRESH.into(),
            kind: TaskKind::AppRefresh,
            earliest_begin_after: Some(mins(15)),
            ..TaskRequest::default()
        },
        behavior: HandlerBehavior {
            work_s: 8.0,
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
            earliest_begin_after: Some(mins(15)),
            requires_external_power,
            ..TaskRequest::default()
        },
        behavior: HandlerBehavior {
            work_s: 120.0,
            cpu_percent: 40.0,
            needs_network: false,
            resubmit: Resubmit::AtEnd,
            ..HandlerBehavior::default()
        },
        submit_when_backgrounded: true,
    }
}

fn export_task(progress: ProgressReporting) -> TaskDefinition {
    TaskDefinition {
        request: TaskRequest {
            identifier: EXPORT.into(),
            kind: TaskKind::ContinuedProcessing,
            title: "Exporting video".into(),
            subtitle: "Holiday.mov".into(),
            ..TaskRequest::default()
        },
        behavior: HandlerBehavior {
            work_s: 180.0,
            progress,
            cpu_percent: 60.0,
            needs_network: false,
            resubmit: Resubmit::Never,
            ..HandlerBehavior::default()
        },
        submit_when_backgrounded: false,
    }
}

fn app(tasks: Vec<TaskDefinition>) -> AppConfig {
    let permitted = tasks.iter().map(|t| t.request.identifier.clone()).collect();
    AppConfig {
        bundle_id: BUNDLE.into(),
        permitted_identifiers: permitted,
        tasks,
        ..AppConfig::default()
    }
}

/// A scenario driven only by its inputs (no simulated routine).
fn by_hand(tasks: Vec<TaskDefinition>, inputs: Vec<(Duration, Input)>) -> Scenario {
    let mut scenario = Scenario {
        app: app(tasks),
        user_routine: false,
        ..Scenario::default()
    };
    for (at, input) in inputs {
        scenario.push_input(at, input);
    }
    scenario
}

fn export_request(suffix: &str) -> TaskRequest {
    TaskRequest {
        identifier: format!("com.example.news.export.{suffix}"),
        kind: TaskKind::ContinuedProcessing,
        title: "Exporting video".into(),
        subtitle: "Holiday.mov".into(),
        ..TaskRequest::default()
    }
}

// ---------------------------------------------------------------- reading a run

struct Start {
    at: Instant,
    identifier: String,
    path: LaunchPath,
}

fn starts(sim: &Sim) -> Vec<Start> {
    sim.events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::TaskStarted {
                identifier, path, ..
            } => Some(Start {
                at: e.at,
                identifier: identifier.clone(),
                path: *path,
            }),
            _ => None,
        })
        .collect()
}

fn ends(sim: &Sim, prefix: &str) -> Vec<(Instant, Outcome, EndCause)> {
    sim.events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::TaskEnded {
                identifier,
                outcome,
                cause,
                ..
            } if identifier.starts_with(prefix) => Some((e.at, *outcome, *cause)),
            _ => None,
        })
        .collect()
}

fn rejections(sim: &Sim) -> Vec<SubmitError> {
    sim.events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::SubmitRejected { error, .. } => Some(*error),
            _ => None,
        })
        .collect()
}

fn terminations(sim: &Sim) -> Vec<Termination> {
    sim.events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::AppTerminated(t) => Some(*t),
            _ => None,
        })
        .collect()
}

/// Whether some evaluation of `identifier` was blocked for a reason matching `wanted`.
fn blocked(sim: &Sim, identifier: &str, wanted: fn(&Rationale) -> bool) -> bool {
    sim.events().iter().any(|e| match &e.kind {
        EventKind::Evaluated {
            identifier: id,
            evaluation,
            ..
        } if id == identifier => evaluation.blocking().any(|v| wanted(&v.response.rationale)),
        _ => false,
    })
}

fn ensure(condition: bool, what: impl FnOnce() -> String) -> Result<(), String> {
    if condition {
        Ok(())
    } else {
        Err(what())
    }
}

fn day(sim: &Sim, at: Instant) -> i64 {
    at.day_number() - sim.start().day_number()
}

// ---------------------------------------------------------------- the lessons

fn never_fires() -> Scenario {
    let mut scenario = Scenario {
        app: app(vec![refresh_task()]),
        user: UserProfile {
            pattern: UsagePattern::Never,
            ..UserProfile::default()
        },
        ..Scenario::default()
    };
    scenario.push_input(mins(1), Input::OpenApp);
    scenario.push_input(mins(3), Input::GoHome);
    scenario.push_input(
        Duration::from_days(5) + hours(1),
        Input::SimulateLaunch {
            identifier: REFRESH.into(),
        },
    );
    scenario
}

fn check_never_fires(sim: &Sim) -> Result<(), String> {
    let all = starts(sim);
    let late_scheduled: Vec<&Start> = all
        .iter()
        .filter(|s| day(sim, s.at) >= 4 && matches!(s.path, LaunchPath::Scheduler { .. }))
        .collect();
    ensure(late_scheduled.is_empty(), || {
        format!("{} scheduler launches after day 4", late_scheduled.len())
    })?;
    ensure(
        all.iter()
            .any(|s| day(sim, s.at) < 2 && matches!(s.path, LaunchPath::Scheduler { .. })),
        || "no launch in the first days".into(),
    )?;
    ensure(
        blocked(sim, REFRESH, |r| {
            matches!(r, Rationale::LaunchUnlikely { .. })
        }),
        || "never blocked as launch-unlikely".into(),
    )?;
    ensure(
        all.iter()
            .any(|s| s.path == LaunchPath::Debugger && day(sim, s.at) == 5),
        || "the debugger did not launch it on day 5".into(),
    )
}

fn hours_late() -> Scenario {
    Scenario {
        app: app(vec![refresh_task()]),
        ..Scenario::default()
    }
}

fn check_hours_late(sim: &Sim) -> Result<(), String> {
    let learned: Vec<Start> = starts(sim)
        .into_iter()
        .filter(|s| day(sim, s.at) >= 3 && matches!(s.path, LaunchPath::Scheduler { .. }))
        .collect();
    ensure(learned.len() >= 4, || {
        format!("only {} refreshes from day 3 on", learned.len())
    })?;
    for start in &learned {
        let hour = start.at.hour_of_day_f64();
        ensure((6.5..9.0).contains(&hour), || {
            format!(
                "a refresh at {} {}, far from the 8:00 habit",
                start.at,
                start.at.hh_mm()
            )
        })?;
    }
    Ok(())
}

fn processing_never_runs() -> Scenario {
    let mut scenario = Scenario {
        app: app(vec![processing_task(false)]),
        user: UserProfile {
            night_routine: false,
            ..UserProfile::default()
        },
        ..Scenario::default()
    };
    // The second night the person does plug the phone in.
    scenario.push_input(
        Duration::from_days(1) + hours(15),
        Input::SetPluggedIn { on: true },
    );
    scenario
}

fn check_processing_never_runs(sim: &Sim) -> Result<(), String> {
    let plugged = sim.start() + Duration::from_days(1) + hours(15);
    let runs: Vec<Start> = starts(sim)
        .into_iter()
        .filter(|s| s.identifier == CLEANUP)
        .collect();
    ensure(runs.iter().all(|s| s.at > plugged), || {
        "processing ran before the charger was plugged in".into()
    })?;
    ensure(!runs.is_empty(), || {
        "processing never ran, even on the charger".into()
    })?;
    ensure(
        blocked(sim, CLEANUP, |r| {
            matches!(r, Rationale::ProcessingOnBattery { ipad: false, .. })
        }),
        || "never blocked for being on battery".into(),
    )
}

fn cpu_monitor() -> Scenario {
    let mut heavy = processing_task(false);
    heavy.behavior.cpu_percent = 95.0;
    heavy.behavior.work_s = 300.0;
    let mut scenario = by_hand(
        vec![heavy],
        vec![(Duration::ZERO, Input::OpenApp), (mins(1), Input::Lock)],
    );
    scenario.device = DeviceModel::IpadM;
    scenario.initial_state.battery = 95.0;
    scenario
}

fn check_cpu_monitor(sim: &Sim) -> Result<(), String> {
    let started = starts(sim)
        .into_iter()
        .find(|s| s.identifier == CLEANUP)
        .ok_or("the processing task never started")?;
    let ended = ends(sim, CLEANUP);
    let first = ended.first().ok_or("it never ended")?;
    ensure(
        first.1 == Outcome::Killed
            && matches!(
                first.2,
                EndCause::ProcessEnded(Termination::CpuMonitor { .. })
            ),
        || format!("it ended {:?} / {:?}", first.1, first.2),
    )?;
    ensure(first.0 - started.at == Duration::from_secs(60), || {
        format!("killed after {}", first.0 - started.at)
    })
}

fn short_refresh() -> Scenario {
    let mut task = refresh_task();
    task.behavior.work_s = 12.0;
    let mut scenario = by_hand(
        vec![task],
        vec![
            (Duration::ZERO, Input::OpenApp),
            (mins(1), Input::GoHome),
            (mins(2), Input::Lock),
        ],
    );
    scenario
        .params
        .insert("refresh_short_allowance_chance".into(), 1.0);
    scenario
}

fn check_short_refresh(sim: &Sim) -> Result<(), String> {
    let ended = ends(sim, REFRESH);
    let first = ended.first().ok_or("the refresh never ended")?;
    match first.2 {
        EndCause::TimeLimit { allowance }
            if allowance >= Duration::from_secs(2) && allowance <= Duration::from_secs(5) =>
        {
            ensure(first.1 == Outcome::Expired, || format!("{:?}", first.1))
        }
        other => Err(format!("it ended with {other:?}")),
    }
}

fn force_quit() -> Scenario {
    let mut scenario = Scenario {
        app: app(vec![refresh_task(), processing_task(false)]),
        ..Scenario::default()
    };
    scenario.push_input(hours(2), Input::SwipeAppAway);
    scenario
}

fn check_force_quit(sim: &Sim) -> Result<(), String> {
    let swipe = sim.start() + hours(2);
    let next_open = sim
        .events()
        .iter()
        .find(|e| {
            e.at > swipe
                && matches!(
                    e.kind,
                    EventKind::AppLaunched {
                        background: false,
                        ..
                    }
                )
        })
        .map(|e| e.at)
        .ok_or("the person never opened the app again")?;
    let between: Vec<Start> = starts(sim)
        .into_iter()
        .filter(|s| s.at > swipe && s.at < next_open)
        .collect();
    ensure(!between.iter().any(|s| s.identifier == REFRESH), || {
        "a refresh ran after the swipe".into()
    })?;
    ensure(between.iter().any(|s| s.identifier == CLEANUP), || {
        "processing did not run after the swipe".into()
    })?;
    ensure(
        blocked(sim, REFRESH, |r| matches!(r, Rationale::SwipedAway)),
        || "refresh was never blocked as swiped away".into(),
    )
}

fn low_power() -> Scenario {
    let mut scenario = Scenario {
        app: app(vec![refresh_task(), processing_task(false)]),
        ..Scenario::default()
    };
    scenario.initial_state.low_power_mode = true;
    scenario
}

fn check_low_power(sim: &Sim) -> Result<(), String> {
    let all = starts(sim);
    ensure(!all.iter().any(|s| s.identifier == REFRESH), || {
        "a refresh ran in Low Power Mode".into()
    })?;
    ensure(
        blocked(sim, REFRESH, |r| {
            matches!(r, Rationale::RefreshOffByLowPowerMode)
        }),
        || "refresh not blocked by Low Power Mode".into(),
    )?;
    ensure(
        blocked(sim, CLEANUP, |r| {
            matches!(r, Rationale::LowPowerMode { .. })
        }),
        || "processing never throttled by the Low Power Mode Policy".into(),
    )?;
    let bedtime = sim
        .events()
        .iter()
        .find(|e| matches!(e.kind, EventKind::User(crate::usage::UserAction::GoToBed)))
        .map(|e| e.at)
        .ok_or("the person never went to bed")?;
    let night = all
        .iter()
        .find(|s| s.identifier == CLEANUP)
        .ok_or("processing never ran, even on the charger at night")?;
    ensure(night.at >= bedtime, || {
        format!(
            "processing ran at {}, before bedtime ({})",
            night.at.hh_mm(),
            bedtime.hh_mm()
        )
    })
}

fn submit_errors() -> Scenario {
    let unlisted = TaskRequest {
        identifier: "com.example.news.sync".into(),
        kind: TaskKind::AppRefresh,
        ..TaskRequest::default()
    };
    let second_refresh = TaskDefinition {
        request: TaskRequest {
            identifier: "com.example.news.prefetch".into(),
            ..refresh_task().request
        },
        ..refresh_task()
    };
    let mut tasks = vec![refresh_task(), second_refresh];
    for task in &mut tasks {
        task.submit_when_backgrounded = false;
    }
    let mut scenario = by_hand(
        tasks,
        vec![
            (Duration::ZERO, Input::OpenApp),
            (mins(1), Input::Submit { request: unlisted }),
            (
                mins(2),
                Input::Submit {
                    request: refresh_task().request,
                },
            ),
            (
                mins(3),
                Input::Submit {
                    request: TaskRequest {
                        identifier: "com.example.news.prefetch".into(),
                        ..refresh_task().request
                    },
                },
            ),
            (mins(4), Input::SetAppBackgroundRefresh { on: false }),
            (
                mins(5),
                Input::Submit {
                    request: refresh_task().request,
                },
            ),
        ],
    );
    scenario.app.background_modes = BackgroundModes {
        fetch: true,
        processing: false,
    };
    scenario
}

fn check_submit_errors(sim: &Sim) -> Result<(), String> {
    let got = rejections(sim);
    let expected = [
        SubmitError::NotPermitted(NotPermittedCause::NotInInfoPlist),
        SubmitError::TooManyPendingTaskRequests { limit: 1 },
        SubmitError::Unavailable(UnavailableCause::RefreshOffForApp),
    ];
    ensure(got == expected, || format!("rejections {got:?}"))
}

fn registration() -> Scenario {
    let mut task = refresh_task();
    task.behavior.registration = Registration::Never;
    by_hand(
        vec![task],
        vec![(Duration::ZERO, Input::OpenApp), (mins(1), Input::GoHome)],
    )
}

fn check_registration(sim: &Sim) -> Result<(), String> {
    ensure(terminations(sim) == [Termination::NoLaunchHandler], || {
        format!("terminations {:?}", terminations(sim))
    })
}

fn continued_stalls() -> Scenario {
    by_hand(
        vec![export_task(ProgressReporting::Every { seconds: 40.0 })],
        vec![
            (Duration::ZERO, Input::OpenApp),
            (
                Duration::from_secs(20),
                Input::Submit {
                    request: export_request("A1"),
                },
            ),
            (Duration::from_secs(25), Input::GoHome),
            (Duration::from_secs(30), Input::Lock),
        ],
    )
}

fn check_continued_stalls(sim: &Sim) -> Result<(), String> {
    let started = starts(sim)
        .into_iter()
        .find(|s| s.identifier.starts_with("com.example.news.export"))
        .ok_or("the export never started")?;
    let ended = ends(sim, "com.example.news.export");
    let first = ended.first().ok_or("the export never ended")?;
    ensure(
        first.1 == Outcome::Expired && matches!(first.2, EndCause::Stalled { .. }),
        || format!("it ended {:?} / {:?}", first.1, first.2),
    )?;
    let after = first.0 - started.at;
    ensure(
        after > Duration::from_secs(30) && after < Duration::from_secs(32),
        || format!("expired {after} after it started"),
    )
}

fn continued_banner() -> Scenario {
    let mut scenario = by_hand(
        vec![export_task(ProgressReporting::Every { seconds: 5.0 })],
        vec![
            (Duration::ZERO, Input::OpenApp),
            (
                Duration::from_secs(20),
                Input::Submit {
                    request: export_request("B2"),
                },
            ),
            (Duration::from_secs(30), Input::GoHome),
            (
                Duration::from_secs(90),
                Input::TapStop {
                    identifier: "com.example.news.export.B2".into(),
                },
            ),
        ],
    );
    scenario.device = DeviceModel::IphoneClassic;
    scenario
}

fn check_continued_banner(sim: &Sim) -> Result<(), String> {
    let mut probe = Sim::new(sim.scenario()).map_err(|e| e.to_string())?;
    probe.advance_to(sim.start() + Duration::from_secs(60));
    ensure(probe.presentation() == Presentation::Banner, || {
        format!("shown as {:?}", probe.presentation())
    })?;
    ensure(!probe.live_activities().is_empty(), || {
        "no system UI for the running export".into()
    })?;
    let ended = ends(sim, "com.example.news.export");
    let first = ended.first().ok_or("the export never ended")?;
    ensure(
        first.1 == Outcome::Expired && first.2 == EndCause::UserStopped,
        || format!("it ended {:?} / {:?}", first.1, first.2),
    )
}

fn gpu_and_fail() -> Scenario {
    let mut task = export_task(ProgressReporting::Every { seconds: 5.0 });
    task.behavior.work_s = 600.0;
    let gpu = TaskRequest {
        gpu: true,
        ..export_request("G1")
    };
    let fail = |suffix: &str| TaskRequest {
        strategy: Strategy::Fail,
        ..export_request(suffix)
    };
    let mut scenario = by_hand(
        vec![task],
        vec![
            (Duration::ZERO, Input::OpenApp),
            (Duration::from_secs(10), Input::Submit { request: gpu }),
            (
                Duration::from_secs(20),
                Input::Submit {
                    request: fail("F1"),
                },
            ),
            (
                Duration::from_secs(30),
                Input::Submit {
                    request: fail("F2"),
                },
            ),
            (
                Duration::from_secs(40),
                Input::Submit {
                    request: fail("F3"),
                },
            ),
        ],
    );
    scenario.app.entitlements.background_gpu = true;
    scenario
}

fn check_gpu_and_fail(sim: &Sim) -> Result<(), String> {
    let got = rejections(sim);
    ensure(
        got.first()
            == Some(&SubmitError::NotPermitted(
                NotPermittedCause::GpuUnsupported,
            )),
        || format!("rejections {got:?}"),
    )?;
    ensure(
        got.iter()
            .any(|e| matches!(e, SubmitError::ImmediateRunIneligible { .. })),
        || format!("no immediateRunIneligible in {got:?}"),
    )
}

fn jetsam() -> Scenario {
    let mut task = processing_task(true);
    task.behavior.peak_memory_mb = 80.0;
    task.behavior.work_s = 240.0;
    let mut scenario = by_hand(
        vec![task],
        vec![
            (Duration::ZERO, Input::OpenApp),
            (mins(1), Input::Lock),
            (
                mins(20),
                Input::SetMemoryPressure {
                    pressure: MemoryPressure::High,
                },
            ),
        ],
    );
    scenario.initial_state.plugged_in = true;
    scenario
}

fn check_jetsam(sim: &Sim) -> Result<(), String> {
    let ended = ends(sim, CLEANUP);
    ensure(
        ended.iter().any(|(_, o, c)| {
            *o == Outcome::Killed && matches!(c, EndCause::ProcessEnded(Termination::Jetsam { .. }))
        }),
        || format!("ends {ended:?}"),
    )?;
    ensure(
        !sim.events().iter().any(|e| {
            matches!(&e.kind,
            EventKind::ExpirationHandlerCalled { identifier, .. } if identifier == CLEANUP)
        }),
        || "jetsam called the expiration handler".into(),
    )
}

/// Every lesson, in teaching order.
pub fn all() -> Vec<Lesson> {
    vec![
        Lesson {
            id: "never-fires",
            title: "\"My refresh task never fires — only when I trigger it from Xcode\"",
            asked_in: "transistorsoft/react-native-background-fetch #559, #572; flutter_workmanager #521",
            story: "A news app is installed and opened once. Its owner never opens it again. The app submits a refresh request every time it can, and five days later the developer forces a launch from the Xcode debugger.",
            watch: "Day 1 brings a few refreshes while the system knows nothing about the person. From day 4 the Application Policy refuses: the app is neither used recently nor predicted. Then, on day 5, the debugger's launch starts the task at once.",
            teaches: "dasd launches apps people use. `_simulateLaunchForTaskWithIdentifier:` bypasses every policy, so \"it works from Xcode\" proves only that the handler works.",
            opens_at: Duration::from_days(5),
            run_for: Duration::from_days(6),
            docs: &[DOC_REFRESH, DOC_DEBUG],
            scenario: never_fires,
            check: check_never_fires,
        },
        Lesson {
            id: "hours-late",
            title: "\"I asked for every 15 minutes, it runs once a day\"",
            asked_in: "transistorsoft #108, #164, #523; forum 729824",
            story: "The person opens the news app every morning around 8:00. The app asks for a refresh 15 minutes after each use.",
            watch: "The first day refreshes come every 15 minutes until the rate limit stops them. After about two days of learning, refreshes cluster just before 8:00, when the person is about to open the app.",
            teaches: "earliestBeginDate is only a lower bound. The Application Policy scores the chance that the person opens the app soon, and the threshold waits for the best moment of the window.",
            opens_at: Duration::from_days(3) - hours(1),
            run_for: Duration::from_days(6),
            docs: &[DOC_REFRESH, DOC_CHOOSE],
            scenario: hours_late,
            check: check_hours_late,
        },
        Lesson {
            id: "processing-needs-charger",
            title: "\"My BGProcessingTask never runs\"",
            asked_in: "flutter_workmanager #377, #557",
            story: "An app schedules database maintenance as a processing task. The person never charges overnight — until the second night.",
            watch: "All through the first day and night, the Battery Level Policy blocks it: on an iPhone a processing launch on battery is refused. The second night, minutes after the charger goes in and the phone is idle, it runs.",
            teaches: "On iPhone, processing tasks effectively need a charger and an idle device (observed in dasd's code), even without requiresExternalPower.",
            opens_at: Duration::from_days(1) + hours(14),
            run_for: Duration::from_days(3),
            docs: &[DOC_PROCESSING, DOC_CHOOSE],
            scenario: processing_never_runs,
            check: check_processing_never_runs,
        },
        Lesson {
            id: "cpu-monitor",
            title: "\"My processing task is killed after about a minute\"",
            asked_in: "Apple Developer Forums thread 675166",
            story: "On an iPad on battery, a processing task that does not require external power crunches at 95 % CPU for five minutes.",
            watch: "Exactly 60 s after it starts, the CPU monitor kills the app: no expiration handler, just gone.",
            teaches: "Heavy work belongs on the charger: requiresExternalPower turns the CPU monitor off (and WWDC19 says it is off while plugged in).",
            opens_at: mins(1),
            run_for: hours(2),
            docs: &[DOC_PROCESSING, DOC_TERMINATIONS],
            scenario: cpu_monitor,
            check: check_cpu_monitor,
        },
        Lesson {
            id: "refresh-expires-early",
            title: "\"My refresh expires after 2–5 seconds, not 30\"",
            asked_in: "Apple Developer Forums thread 780956",
            story: "One team's telemetry showed refreshes expiring 2 to 5 seconds after launch. This preset gives every refresh such a short allowance; the handler needs 12 s.",
            watch: "The refresh starts, and within five seconds its expirationHandler is called; the handler completes with success: false.",
            teaches: "\"Up to 30 seconds\" is a maximum. Do the most valuable work first and always handle expiration.",
            opens_at: mins(16),
            run_for: hours(3),
            docs: &[DOC_REFRESH, DOC_EXPIRE, DOC_COMPLETE],
            scenario: short_refresh,
            check: check_short_refresh,
        },
        Lesson {
            id: "force-quit",
            title: "\"After a force quit my task never runs — or still runs?\"",
            asked_in: "Apple Developer Forums threads 14855 and 793189",
            story: "The person swipes the news app away at 10:00. The app has a pending refresh and a pending processing task.",
            watch: "Refresh stays blocked until the person opens the app again; that night, processing runs anyway on the charger.",
            teaches: "A swipe tells the system \"not in the background\" for refresh (the common belief, not documented for BGAppRefreshTask), but Apple says processing may still run.",
            opens_at: hours(2),
            run_for: Duration::from_days(2),
            docs: &[DOC_CHOOSE, DOC_PROCESSING],
            scenario: force_quit,
            check: check_force_quit,
        },
        Lesson {
            id: "low-power-mode",
            title: "\"Nothing runs in Low Power Mode\"",
            asked_in: "UIApplication.backgroundRefreshStatus; TN3163",
            story: "The person keeps Low Power Mode on all day and night.",
            watch: "Refresh never runs: Low Power Mode turns Background App Refresh off. Processing is throttled on battery, then runs overnight on the charger.",
            teaches: "Background App Refresh is off in Low Power Mode (documented). dasd's Low Power Mode Policy only holds work back on battery or below 30 % (observed).",
            opens_at: hours(14),
            run_for: Duration::from_days(2),
            docs: &[DOC_REFRESH_STATUS, DOC_LOW_POWER],
            scenario: low_power,
            check: check_low_power,
        },
        Lesson {
            id: "submit-errors",
            title: "\"submit throws error 1, 2 or 3\"",
            asked_in: "transistorsoft #230, #536",
            story: "The app submits a request for an identifier missing from its Info.plist, then a second refresh identifier while one is pending, then a refresh after the person turned Background App Refresh off.",
            watch: "Each submit throws: notPermitted (3), tooManyPendingTaskRequests (2), unavailable (1), with the real cause next to each.",
            teaches: "Error codes map to causes: plist and background modes (3), the 1 refresh / 10 processing limits (2), the settings and the Simulator (1).",
            opens_at: Duration::ZERO,
            run_for: mins(10),
            docs: &[DOC_ERRORS, DOC_SUBMIT],
            scenario: submit_errors,
            check: check_submit_errors,
        },
        Lesson {
            id: "no-launch-handler",
            title: "\"Crash: No launch handler registered for task with identifier\"",
            asked_in: "transistorsoft #559; forum 728585",
            story: "The app submits its refresh request when it goes to the background — but never registered a launch handler for it.",
            watch: "The submit call kills the app on the spot.",
            teaches: "Register every handler in didFinishLaunching, on every launch, before submitting.",
            opens_at: Duration::ZERO,
            run_for: mins(5),
            docs: &[DOC_REGISTER],
            scenario: registration,
            check: check_registration,
        },
        Lesson {
            id: "continued-stalls",
            title: "\"My continued task expires seconds after going to the background\"",
            asked_in: "Apple Developer Forums threads 805554 and 818623",
            story: "A video export starts from a button tap and reports progress only every 40 seconds.",
            watch: "About 30 s after the start, with no progress reported yet, the system treats the task as stalled and expires it; the Live Activity shows it failed.",
            teaches: "BGContinuedProcessingTask must report progress often: the 26.1 stall detector allows 30 s without progress.",
            opens_at: Duration::from_secs(15),
            run_for: mins(10),
            docs: &[DOC_CONTINUED, DOC_LONG_RUNNING],
            scenario: continued_stalls,
            check: check_continued_stalls,
        },
        Lesson {
            id: "continued-banner",
            title: "\"The continued task looks different on every device\"",
            asked_in: "Apple Developer Forums thread 805088",
            story: "On an iPhone without a Dynamic Island, the person starts an export and goes to the home screen, then taps Stop.",
            watch: "The task shows as a banner (the island on newer phones, a Live Activity on the lock screen). Tapping Stop calls the expirationHandler.",
            teaches: "The system UI depends on the device; the person can stop the task at any moment, so handle expiration.",
            opens_at: Duration::from_secs(15),
            run_for: mins(10),
            docs: &[DOC_CONTINUED, DOC_LONG_RUNNING],
            scenario: continued_banner,
            check: check_continued_banner,
        },
        Lesson {
            id: "gpu-and-fail",
            title: "\"`.gpu` is not supported on my iPhone; what does .fail do?\"",
            asked_in: "Apple Developer Forums threads 797538 and 816774",
            story: "On an iPhone, the app asks for background GPU, then submits three exports with the .fail strategy.",
            watch: "The GPU request throws notPermitted (iPhones report no .gpu in supportedResources). The third .fail export throws immediateRunIneligible (4) because two already run.",
            teaches: "Check supportedResources before asking for .gpu; .fail means \"now or never\", .queue waits.",
            opens_at: Duration::ZERO,
            run_for: mins(5),
            docs: &[DOC_GPU, DOC_ERRORS],
            scenario: gpu_and_fail,
            check: check_gpu_and_fail,
        },
        Lesson {
            id: "jetsam",
            title: "\"My app is killed in the background, though it uses little memory\"",
            asked_in: "Apple Developer Forums thread 809661; WWDC20 \"Why is my app getting killed?\"",
            story: "A maintenance task peaks at 80 MB while the phone charges. Meanwhile the person opens a heavy app in the foreground.",
            watch: "With the foreground under memory pressure, the background limit drops and jetsam kills the app: no expiration handler, no callback.",
            teaches: "Foreground demand decides survival: keep background memory small.",
            opens_at: mins(15),
            run_for: hours(2),
            docs: &[DOC_TERMINATIONS, DOC_PROCESSING],
            scenario: jetsam,
            check: check_jetsam,
        },
    ]
}

/// The lesson with this id.
pub fn find(id: &str) -> Option<Lesson> {
    all().into_iter().find(|l| l.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lesson_shows_what_it_claims() {
        let lessons = all();
        assert!(lessons.len() >= 10);
        let mut failures = Vec::new();
        for lesson in &lessons {
            if let Err(e) = lesson.verify() {
                failures.push(e);
            }
        }
        assert!(failures.is_empty(), "{failures:#?}");
    }

    #[test]
    fn lesson_links_are_short_and_open_the_same_run() {
        for lesson in all() {
            let link = lesson.link();
            eprintln!("{:<26} {:>4} characters", lesson.id, link.len());
            assert!(
                link.len() < 1000,
                "{}: {} characters",
                lesson.id,
                link.len()
            );
            let opened = crate::link::decode(&link).unwrap().unwrap();
            assert_eq!(opened.scenario, lesson.scenario());
            assert_eq!(opened.at, Some(lesson.opens_at));
        }
    }

    #[test]
    fn ids_are_unique() {
        let mut ids: Vec<&str> = all().iter().map(|l| l.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), all().len());
    }
}
