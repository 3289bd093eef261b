//! Events in plain language and in the shape of real `dasd` console lines.
//!
//! Events hold structured data; text is made only when something shows it, so running a month of
//! virtual time costs no string formatting.

use crate::app::TaskKind;
use crate::params::{Evidence, Source};
use crate::scenario::Input;
use crate::scheduler::{Evaluation, PriorityClass};
use crate::time::{Duration, Instant};
use crate::usage::UserAction;
use serde::Serialize;

/// Why `submit` threw (`BGTaskScheduler.Error.Code`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum SubmitError {
    /// 1: background tasks cannot be scheduled in this context.
    Unavailable(UnavailableCause),
    /// 2: too many pending requests of this type.
    TooManyPendingTaskRequests {
        /// The limit that applied.
        limit: u32,
    },
    /// 3: the app may not schedule this task.
    NotPermitted(NotPermittedCause),
    /// 4: a `.fail` continued request that cannot start now.
    ImmediateRunIneligible {
        /// Continued tasks running now.
        running: u32,
        /// The maximum.
        max: u32,
    },
}

/// Causes of `unavailable`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum UnavailableCause {
    /// The app runs in the Simulator.
    Simulator,
    /// Background App Refresh is off for the app.
    RefreshOffForApp,
    /// Background App Refresh is off for the device.
    RefreshOffGlobally,
    /// `BGContinuedProcessingTaskRequest` needs iOS 26.
    NeedsIos26,
}

/// Causes of `notPermitted`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum NotPermittedCause {
    /// The identifier is not in `BGTaskSchedulerPermittedIdentifiers`.
    NotInInfoPlist,
    /// `UIBackgroundModes` lacks `fetch`.
    MissingFetchMode,
    /// `UIBackgroundModes` lacks `processing`.
    MissingProcessingMode,
    /// The health-research entitlement is missing.
    MissingHealthEntitlement,
    /// `.gpu` asked for on a device without background GPU.
    GpuUnsupported,
    /// `.gpu` asked for without the entitlement.
    MissingGpuEntitlement,
    /// The person switched continued processing off for the app.
    ContinuedProcessingDenied,
    /// A continued request from an app that is not in the foreground.
    NotInForeground,
}

impl SubmitError {
    /// The raw error code.
    pub fn code(self) -> u8 {
        match self {
            SubmitError::Unavailable(_) => 1,
            SubmitError::TooManyPendingTaskRequests { .. } => 2,
            SubmitError::NotPermitted(_) => 3,
            SubmitError::ImmediateRunIneligible { .. } => 4,
        }
    }

    /// The Swift case name.
    pub fn name(self) -> &'static str {
        match self {
            SubmitError::Unavailable(_) => "unavailable",
            SubmitError::TooManyPendingTaskRequests { .. } => "tooManyPendingTaskRequests",
            SubmitError::NotPermitted(_) => "notPermitted",
            SubmitError::ImmediateRunIneligible { .. } => "immediateRunIneligible",
        }
    }

    /// What the error means and what caused it here.
    pub fn explain(self) -> String {
        match self {
            SubmitError::Unavailable(c) => match c {
                UnavailableCause::Simulator => "Background tasks are not available in the Simulator: test on a device.".into(),
                UnavailableCause::RefreshOffForApp => "Background App Refresh is off for this app.".into(),
                UnavailableCause::RefreshOffGlobally => "Background App Refresh is off for the device.".into(),
                UnavailableCause::NeedsIos26 => "BGContinuedProcessingTaskRequest exists only from iOS 26.".into(),
            },
            SubmitError::TooManyPendingTaskRequests { limit } => format!(
                "There are already {limit} pending request(s) of this type (1 refresh, 10 processing); submitting the same identifier would replace it."
            ),
            SubmitError::NotPermitted(c) => match c {
                NotPermittedCause::NotInInfoPlist => "The identifier is not listed in BGTaskSchedulerPermittedIdentifiers.".into(),
                NotPermittedCause::MissingFetchMode => "UIBackgroundModes lacks \"fetch\" (Background fetch), which refresh tasks need.".into(),
                NotPermittedCause::MissingProcessingMode => "UIBackgroundModes lacks \"processing\" (Background processing), which processing tasks need.".into(),
                NotPermittedCause::MissingHealthEntitlement => "The health-research entitlement is missing.".into(),
                NotPermittedCause::GpuUnsupported => "This device does not support background GPU use (supportedResources lacks .gpu).".into(),
                NotPermittedCause::MissingGpuEntitlement => "Asking for .gpu needs the Background GPU Access entitlement.".into(),
                NotPermittedCause::ContinuedProcessingDenied => "The person switched continued processing off for this app.".into(),
                NotPermittedCause::NotInForeground => "Continued tasks must be submitted from the foreground, in response to the person's action.".into(),
            },
            SubmitError::ImmediateRunIneligible { running, max } => format!(
                "The request uses .fail and cannot start now: {running} continued task(s) already run (the model's maximum is {max})."
            ),
        }
    }

    /// The evidence behind this error path.
    pub fn source(self) -> Source {
        match self {
            SubmitError::Unavailable(UnavailableCause::NeedsIos26) => {
                Source::new(Evidence::AppleDoc, "D-cpt (availability iOS 26)")
            }
            SubmitError::Unavailable(_) => Source::new(Evidence::AppleDoc, "D-errcode unavailable"),
            SubmitError::TooManyPendingTaskRequests { .. } => {
                Source::new(Evidence::AppleDoc, "D-submit, D-errcode")
            }
            SubmitError::NotPermitted(NotPermittedCause::NotInForeground) => Source::new(
                Evidence::Inferred,
                "D-cptreq (on behalf of the foreground app); the error code is inferred",
            ),
            SubmitError::NotPermitted(
                NotPermittedCause::GpuUnsupported
                | NotPermittedCause::MissingGpuEntitlement
                | NotPermittedCause::ContinuedProcessingDenied,
            ) => Source::new(
                Evidence::AppleHeader,
                "H-sched (Xcode 27 notPermitted causes)",
            ),
            SubmitError::NotPermitted(_) => {
                Source::new(Evidence::AppleDoc, "D-errcode notPermitted")
            }
            SubmitError::ImmediateRunIneligible { .. } => Source::new(
                Evidence::AppleDoc,
                "D-errcode immediateRunIneligible, D-longrun",
            ),
        }
    }
}

/// How a task came to start.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub enum LaunchPath {
    /// dasd decided: CurrentScore above ThresholdScore, or a must-proceed vote.
    Scheduler {
        /// CurrentScore.
        score: f64,
        /// ThresholdScore.
        threshold: f64,
    },
    /// The debugger's `_simulateLaunchForTaskWithIdentifier:`: no policy was asked.
    Debugger,
}

/// Why an app process ended.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub enum Termination {
    /// The person swiped it away.
    SwipedAway,
    /// Jetsam: above the background memory limit.
    Jetsam {
        /// The app's footprint.
        footprint_mb: f64,
        /// The limit at that moment.
        limit_mb: f64,
    },
    /// The CPU monitor: a processing task used too much CPU on battery rules.
    CpuMonitor {
        /// The task's CPU share.
        cpu_percent: f64,
    },
    /// A task did not call `setTaskCompleted` in time.
    TaskNotCompleted,
    /// `beginBackgroundTask` was not ended in time.
    BackgroundTaskNotEnded,
    /// The same identifier was registered twice.
    RegisteredTwice,
    /// A launch handler was registered after launch finished.
    RegisteredAfterLaunch,
    /// `submit` for an identifier with no registered launch handler.
    NoLaunchHandler,
    /// Suspended for hours: the system reclaimed its memory.
    MemoryReclaimed,
    /// Deleted for a reinstall.
    Reinstalled,
    /// The phone restarted.
    DeviceRestarted,
}

impl Termination {
    /// The true reason in plain words.
    pub fn explain(self) -> String {
        match self {
            Termination::SwipedAway => "The person swiped the app away in the app switcher.".into(),
            Termination::Jetsam { footprint_mb, limit_mb } => format!(
                "Jetsam: the app used {footprint_mb:.0} MB in the background, above the {limit_mb:.0} MB the system allowed at that moment. No expiration handler runs."
            ),
            Termination::CpuMonitor { cpu_percent } => format!(
                "The CPU monitor: the task used {cpu_percent:.0} % CPU, above 80 % over 60 s. Tasks that set requiresExternalPower are not watched."
            ),
            Termination::TaskNotCompleted => "The task's time ran out and the app never called setTaskCompleted(success:), so the system killed it.".into(),
            Termination::BackgroundTaskNotEnded => "beginBackgroundTask's time ran out before endBackgroundTask was called.".into(),
            Termination::RegisteredTwice => "The app registered the same task identifier twice: the system kills the app on the second registration.".into(),
            Termination::RegisteredAfterLaunch => "The app registered a launch handler after it finished launching; all handlers must be registered before didFinishLaunching returns.".into(),
            Termination::NoLaunchHandler => "The app submitted a request for an identifier with no registered launch handler: \"No launch handler registered for task with identifier\".".into(),
            Termination::MemoryReclaimed => "The app had been suspended for hours and the system reclaimed its memory; its next launch is a cold one.".into(),
            Termination::Reinstalled => "The app was deleted to be reinstalled.".into(),
            Termination::DeviceRestarted => "The phone restarted.".into(),
        }
    }

    /// The evidence behind it.
    pub fn source(self) -> Source {
        match self {
            Termination::SwipedAway => Source::new(Evidence::AppleWwdc, "W20-10063"),
            Termination::Jetsam { .. } => Source::new(
                Evidence::AppleWwdc,
                "W20-10078 (limits from community summaries)",
            ),
            Termination::CpuMonitor { .. } => {
                Source::new(Evidence::Observed, "forum 675166; H-req")
            }
            Termination::TaskNotCompleted => {
                Source::new(Evidence::AppleDoc, "D-complete, D-choose")
            }
            Termination::BackgroundTaskNotEnded => Source::new(Evidence::AppleDoc, "D-bgtask"),
            Termination::RegisteredTwice => Source::new(Evidence::AppleHeader, "H-sched"),
            Termination::RegisteredAfterLaunch => Source::new(
                Evidence::Inferred,
                "D-register (an error; the crash is inferred)",
            ),
            Termination::NoLaunchHandler => {
                Source::new(Evidence::Decompiled, "X-bgfw BGTaskScheduler.m")
            }
            Termination::MemoryReclaimed => Source::new(
                Evidence::Inferred,
                "reducing-terminations article (terminations are expected)",
            ),
            Termination::Reinstalled => {
                Source::new(Evidence::Observed, "flutter_workmanager PR #511")
            }
            Termination::DeviceRestarted => Source::new(Evidence::Inferred, "none"),
        }
    }
}

/// How a task ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Outcome {
    /// `setTaskCompleted(success: true)`.
    Completed,
    /// `setTaskCompleted(success: false)` without being expired (e.g. the fetch failed).
    Failed,
    /// Expired: the expiration handler ran (or the system marked it failed).
    Expired,
    /// The process was killed while the task ran.
    Killed,
    /// Canceled without telling the app (continued tasks when swiped away).
    Canceled,
}

impl Outcome {
    /// Short label.
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Completed => "completed",
            Outcome::Failed => "failed",
            Outcome::Expired => "expired",
            Outcome::Killed => "killed",
            Outcome::Canceled => "canceled",
        }
    }
}

/// The real reason a task ended (which iOS never tells the app).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub enum EndCause {
    /// The work finished and the handler called `setTaskCompleted(success: true)`.
    WorkDone,
    /// The handler's network request failed because there was no network.
    NoNetwork,
    /// The runtime allowance ran out.
    TimeLimit {
        /// The allowance.
        allowance: Duration,
    },
    /// A processing task: the person started using the device.
    DeviceBecameActive,
    /// A processing task that requires external power: the charger was disconnected.
    PowerDisconnected,
    /// A continued task: the person tapped Stop.
    UserStopped,
    /// A continued task: the person chose Stop in a slow-progress prompt.
    UserStoppedAtPrompt,
    /// A continued task: no progress for too long.
    Stalled {
        /// Seconds since the last progress.
        since_progress_s: f64,
        /// The limit.
        limit_s: f64,
    },
    /// A continued task: too warm.
    Thermal {
        /// dasd thermal level.
        level: u8,
        /// Highest allowed.
        allowed: u8,
    },
    /// The debugger's `_simulateExpirationForTaskWithIdentifier:`.
    DebuggerExpiration,
    /// The app process ended.
    ProcessEnded(Termination),
    /// Swiped away: continued tasks are canceled without notice.
    SwipedAway,
}

impl EndCause {
    /// The true reason in plain words.
    pub fn explain(self) -> String {
        match self {
            EndCause::WorkDone => "The work finished and the handler called setTaskCompleted(success: true).".into(),
            EndCause::NoNetwork => "There was no network, so the handler's request failed and it reported failure. (requiresNetworkConnectivity was not set, so the system was free to launch it offline.)".into(),
            EndCause::TimeLimit { allowance } => format!("Its runtime allowance of {allowance} ran out."),
            EndCause::DeviceBecameActive => "The person started using the device: processing tasks run only while it is idle.".into(),
            EndCause::PowerDisconnected => "The charger was disconnected and the request sets requiresExternalPower.".into(),
            EndCause::UserStopped => "The person tapped Stop in the Live Activity.".into(),
            EndCause::UserStoppedAtPrompt => "The system asked the person whether to continue a slow task, and they chose Stop.".into(),
            EndCause::Stalled { since_progress_s, limit_s } => format!(
                "No progress for {since_progress_s:.0} s (limit {limit_s:.0} s): the system treated the task as stalled."
            ),
            EndCause::Thermal { level, allowed } => format!(
                "The device got too warm (thermal level {level}, this task may run up to {allowed})."
            ),
            EndCause::DebuggerExpiration => "The debugger forced expiration (_simulateExpirationForTaskWithIdentifier:).".into(),
            EndCause::ProcessEnded(t) => t.explain(),
            EndCause::SwipedAway => "The person swiped the app away: the system cancels its continued tasks without telling it.".into(),
        }
    }

    /// The evidence behind it.
    pub fn source(self) -> Source {
        match self {
            EndCause::WorkDone => Source::new(Evidence::AppleDoc, "D-complete"),
            EndCause::NoNetwork => Source::new(
                Evidence::AppleHeader,
                "H-req requiresNetworkConnectivity; W19-707",
            ),
            EndCause::TimeLimit { .. } => Source::new(Evidence::AppleDoc, "D-choose, D-expire"),
            EndCause::DeviceBecameActive => Source::new(Evidence::AppleDoc, "D-processing"),
            EndCause::PowerDisconnected => Source::new(
                Evidence::Inferred,
                "H-req (runs only while charging; stopping on unplug is inferred)",
            ),
            EndCause::UserStopped => Source::new(Evidence::AppleDoc, "D-longrun"),
            EndCause::UserStoppedAtPrompt => {
                Source::new(Evidence::AppleWwdc, "W25-227; X-dasd26 prompts")
            }
            EndCause::Stalled { .. } => {
                Source::new(Evidence::Decompiled, "X-dasd26 _DASProgressTracker; H-task")
            }
            EndCause::Thermal { .. } => {
                Source::new(Evidence::Decompiled, "X-dasd26 _DASThermalPolicy")
            }
            EndCause::DebuggerExpiration => Source::new(Evidence::AppleDoc, "D-debug"),
            EndCause::ProcessEnded(t) => t.source(),
            EndCause::SwipedAway => Source::new(Evidence::AppleDoc, "D-longrun, D-strategy"),
        }
    }
}

/// Why a pending request went away without running.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum CancelCause {
    /// A new request with the same identifier replaced it.
    Replaced,
    /// The app called `cancel(taskRequestWithIdentifier:)`.
    CanceledByApp,
    /// The app called `cancelAllTaskRequests()`.
    CanceledAllByApp,
    /// Queued continued requests are canceled when the app is swiped away.
    SwipedAway,
    /// The app was deleted.
    Reinstalled,
}

/// A slow-progress prompt of a continued task.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Prompt {
    /// Progress is slower than the baseline.
    FirstRateOfProgress,
    /// Still 20 % below the baseline a minute later.
    SecondRateOfProgress,
    /// The task has run for a long time.
    ExtendedDuration,
}

impl Prompt {
    /// dasd's name.
    pub fn dasd_name(self) -> &'static str {
        match self {
            Prompt::FirstRateOfProgress => "FirstROPPrompt",
            Prompt::SecondRateOfProgress => "SecondROPPrompt",
            Prompt::ExtendedDuration => "ExtendedDurationPrompt",
        }
    }
}

/// Something that happened.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum EventKind {
    /// An input from the scenario (what the playground's user clicked).
    Input(Input),
    /// The simulated person did something.
    User(UserAction),
    /// The app process started.
    AppLaunched {
        /// Into the background, for a task.
        background: bool,
        /// From scratch (not resumed from suspension).
        cold: bool,
    },
    /// The app left the foreground.
    AppBackgrounded,
    /// The app was suspended.
    AppSuspended,
    /// The app process ended.
    AppTerminated(Termination),
    /// `submit` accepted a request.
    Submitted {
        /// dasd activity name.
        activity: String,
        /// Identifier.
        identifier: String,
        /// Kind.
        kind: TaskKind,
        /// Window start.
        window_start: Instant,
        /// Window end.
        window_end: Instant,
        /// Priority class.
        priority: PriorityClass,
        /// The predicted optimal score and when.
        optimal: (f64, Instant),
    },
    /// `submit` threw.
    SubmitRejected {
        /// Identifier.
        identifier: String,
        /// Kind.
        kind: TaskKind,
        /// The error.
        error: SubmitError,
    },
    /// A pending request went away.
    Canceled {
        /// dasd activity name.
        activity: String,
        /// Identifier.
        identifier: String,
        /// Why.
        cause: CancelCause,
    },
    /// dasd evaluated a waiting activity (logged when the verdict changes).
    Evaluated {
        /// dasd activity name.
        activity: String,
        /// Identifier.
        identifier: String,
        /// The evaluation.
        evaluation: Box<Evaluation>,
    },
    /// A task started: the launch handler was called.
    TaskStarted {
        /// dasd activity name.
        activity: String,
        /// Identifier.
        identifier: String,
        /// Kind.
        kind: TaskKind,
        /// How.
        path: LaunchPath,
        /// The runtime allowance, if limited.
        allowance: Option<Duration>,
    },
    /// A continued task reported progress.
    Progress {
        /// Identifier.
        identifier: String,
        /// Fraction done.
        fraction: f64,
    },
    /// The system asked the person about a slow continued task.
    PromptShown {
        /// Identifier.
        identifier: String,
        /// Which prompt.
        prompt: Prompt,
    },
    /// The task's `expirationHandler` was called.
    ExpirationHandlerCalled {
        /// Identifier.
        identifier: String,
        /// The real reason.
        cause: EndCause,
    },
    /// A task ended.
    TaskEnded {
        /// dasd activity name.
        activity: String,
        /// Identifier.
        identifier: String,
        /// Kind.
        kind: TaskKind,
        /// How it ended.
        outcome: Outcome,
        /// The real reason.
        cause: EndCause,
        /// How long it ran.
        ran_for: Duration,
        /// The app had set an expiration handler.
        had_expiration_handler: bool,
    },
    /// `beginBackgroundTask` started as the app left the foreground.
    BackgroundTaskBegan {
        /// Its allowance.
        allowance: Duration,
    },
    /// `beginBackgroundTask` ended.
    BackgroundTaskEnded {
        /// It ran out of time.
        expired: bool,
    },
    /// A debugger command found nothing to act on.
    DebuggerNoOp {
        /// Identifier.
        identifier: String,
        /// Launch (true) or expiration (false).
        launch: bool,
    },
    /// An input had no effect, and why.
    Ignored {
        /// Why.
        why: &'static str,
    },
}

/// One event of a run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Event {
    /// When.
    pub at: Instant,
    /// What.
    pub kind: EventKind,
}

fn input_headline(input: &Input) -> String {
    use crate::device::MemoryPressure;
    let on_off = |on: bool| if on { "on" } else { "off" };
    match input {
        Input::SetPluggedIn { on: true } => "Charger plugged in".into(),
        Input::SetPluggedIn { on: false } => "Charger unplugged".into(),
        Input::SetBattery { level } => format!("Battery set to {level:.0} %"),
        Input::SetLowPowerMode { on } => format!("Low Power Mode {}", on_off(*on)),
        Input::SetNetwork { network } => format!("Network: {}", network.label()),
        Input::SetLowDataMode { on } => format!("Low Data Mode {}", on_off(*on)),
        Input::SetThermal { thermal } => format!("Thermal state: {}", thermal.label()),
        Input::SetCpuLoad { percent } => format!("Foreground CPU load {percent:.0} %"),
        Input::SetMemoryPressure { pressure } => match pressure {
            MemoryPressure::High => "A heavy app in the foreground needs memory".into(),
            MemoryPressure::Normal => "Memory pressure back to normal".into(),
        },
        Input::OpenApp => "The person opens the app".into(),
        Input::GoHome => "The person goes to the home screen".into(),
        Input::Lock => "The person locks the phone".into(),
        Input::PickUpPhone => "The person picks up and unlocks the phone".into(),
        Input::PutDown => "The person puts the phone down".into(),
        Input::SetCall { on: true } => "A phone call starts".into(),
        Input::SetCall { on: false } => "The phone call ends".into(),
        Input::SetCamera { on: true } => "The camera opens".into(),
        Input::SetCamera { on: false } => "The camera closes".into(),
        Input::SwipeAppAway => "The person swipes the app away in the app switcher".into(),
        Input::SetAppBackgroundRefresh { on } => {
            format!("Background App Refresh for the app {}", on_off(*on))
        }
        Input::SetGlobalBackgroundRefresh { on } => {
            format!("Background App Refresh (all apps) {}", on_off(*on))
        }
        Input::SetContinuedProcessingAllowed { on } => {
            format!("Continued processing for the app {}", on_off(*on))
        }
        Input::Reinstall => "The app is deleted and reinstalled".into(),
        Input::RestartPhone => "The phone restarts".into(),
        Input::Submit { request } => format!(
            "The app calls submit({} \"{}\")",
            request.kind.request_class(),
            request.identifier
        ),
        Input::Cancel { identifier } => format!("The app cancels \"{identifier}\""),
        Input::CancelAll => "The app cancels all its requests".into(),
        Input::TapStop { identifier } => format!("The person taps Stop on \"{identifier}\""),
        Input::AnswerPrompt {
            identifier,
            keep_going,
        } => format!(
            "The person answers the prompt for \"{identifier}\": {}",
            if *keep_going { "Continue" } else { "Stop" }
        ),
        Input::DismissFailed { identifier } => format!("The person dismisses \"{identifier}\""),
        Input::SimulateLaunch { identifier } => {
            format!("Debugger: _simulateLaunchForTaskWithIdentifier:\"{identifier}\"")
        }
        Input::SimulateExpiration { identifier } => {
            format!("Debugger: _simulateExpirationForTaskWithIdentifier:\"{identifier}\"")
        }
    }
}

fn user_headline(action: &UserAction) -> String {
    match action {
        UserAction::OpenApp { minutes } => {
            format!("The person opens the app for about {minutes} min (their habit)")
        }
        UserAction::UsePhone { minutes } => {
            format!("The person uses other apps for about {minutes} min")
        }
        UserAction::GoToBed => "Bedtime: the phone is locked for the night".into(),
        UserAction::WakeUp => "The person wakes up".into(),
    }
}

impl Event {
    /// The identifier of the task this event is about, if any.
    pub fn identifier(&self) -> Option<&str> {
        match &self.kind {
            EventKind::Submitted { identifier, .. }
            | EventKind::SubmitRejected { identifier, .. }
            | EventKind::Canceled { identifier, .. }
            | EventKind::Evaluated { identifier, .. }
            | EventKind::TaskStarted { identifier, .. }
            | EventKind::Progress { identifier, .. }
            | EventKind::PromptShown { identifier, .. }
            | EventKind::ExpirationHandlerCalled { identifier, .. }
            | EventKind::TaskEnded { identifier, .. }
            | EventKind::DebuggerNoOp { identifier, .. } => Some(identifier),
            EventKind::Input(
                Input::Cancel { identifier }
                | Input::TapStop { identifier }
                | Input::AnswerPrompt { identifier, .. }
                | Input::DismissFailed { identifier }
                | Input::SimulateLaunch { identifier }
                | Input::SimulateExpiration { identifier },
            ) => Some(identifier),
            EventKind::Input(Input::Submit { request }) => Some(&request.identifier),
            _ => None,
        }
    }

    /// Routine events (evaluations, progress ticks) that a log may hide by default.
    pub fn is_verbose(&self) -> bool {
        matches!(
            self.kind,
            EventKind::Evaluated { .. } | EventKind::Progress { .. }
        )
    }

    /// What happened, in one plain sentence.
    pub fn headline(&self) -> String {
        match &self.kind {
            EventKind::Input(input) => input_headline(input),
            EventKind::User(action) => user_headline(action),
            EventKind::AppLaunched { background, cold } => format!(
                "The app {} {}",
                if *cold { "is launched" } else { "is resumed" },
                if *background { "in the background" } else { "in the foreground" }
            ),
            EventKind::AppBackgrounded => "The app moves to the background".into(),
            EventKind::AppSuspended => "The app is suspended".into(),
            EventKind::AppTerminated(t) => match t {
                Termination::SwipedAway => "The app is closed".into(),
                Termination::MemoryReclaimed => "The suspended app is removed from memory".into(),
                Termination::Reinstalled => "The app is deleted".into(),
                Termination::DeviceRestarted => "The app stops with the restart".into(),
                _ => "The app is killed".into(),
            },
            EventKind::Submitted { identifier, kind, window_start, .. } => format!(
                "{} \"{identifier}\" accepted; it may start from {} {}",
                kind.request_class(),
                window_start,
                window_start.hh_mm()
            ),
            EventKind::SubmitRejected { identifier, error, .. } => format!(
                "submit(\"{identifier}\") threw {} (code {})",
                error.name(),
                error.code()
            ),
            EventKind::Canceled { identifier, cause, .. } => match cause {
                CancelCause::Replaced => format!("The pending \"{identifier}\" is replaced by the new request"),
                CancelCause::CanceledByApp | CancelCause::CanceledAllByApp => {
                    format!("The pending \"{identifier}\" is canceled by the app")
                }
                CancelCause::SwipedAway => format!("The queued \"{identifier}\" is canceled: the app was swiped away"),
                CancelCause::Reinstalled => format!("The pending \"{identifier}\" is gone with the deleted app"),
            },
            EventKind::Evaluated { identifier, evaluation, .. } => {
                if evaluation.run {
                    format!("dasd decides to run \"{identifier}\"")
                } else if evaluation.final_decision.blocks() {
                    format!("\"{identifier}\" is blocked")
                } else {
                    format!(
                        "\"{identifier}\" waits: score {:.2} is not above the threshold {:.2}",
                        evaluation.current_score, evaluation.threshold.score
                    )
                }
            }
            EventKind::TaskStarted { identifier, kind, path, .. } => match path {
                LaunchPath::Debugger => format!(
                    "{} \"{identifier}\" starts because the debugger forced it (the scheduler was bypassed)",
                    kind.task_class()
                ),
                LaunchPath::Scheduler { .. } => {
                    format!("{} \"{identifier}\" starts", kind.task_class())
                }
            },
            EventKind::Progress { identifier, fraction } => {
                format!("\"{identifier}\" reports progress {:.0} %", fraction * 100.0)
            }
            EventKind::PromptShown { identifier, prompt } => match prompt {
                Prompt::ExtendedDuration => format!("The system asks whether \"{identifier}\" should keep running (it has run a long time)"),
                _ => format!("The system asks whether to continue the slow \"{identifier}\""),
            },
            EventKind::ExpirationHandlerCalled { identifier, .. } => {
                format!("The expirationHandler of \"{identifier}\" is called")
            }
            EventKind::TaskEnded { identifier, outcome, ran_for, .. } => {
                format!("\"{identifier}\" {} after {ran_for}", outcome.label())
            }
            EventKind::BackgroundTaskBegan { allowance } => {
                format!("The app calls beginBackgroundTask (about {allowance} allowed)")
            }
            EventKind::BackgroundTaskEnded { expired: true } => {
                "beginBackgroundTask ran out of time".into()
            }
            EventKind::BackgroundTaskEnded { expired: false } => {
                "The app calls endBackgroundTask".into()
            }
            EventKind::DebuggerNoOp { identifier, launch } => if *launch {
                format!("The debugger finds no pending request \"{identifier}\" to launch (submit it first)")
            } else {
                format!("The debugger finds no running task \"{identifier}\" to expire")
            },
            EventKind::Ignored { why } => (*why).to_string(),
        }
    }

    /// The true reason, where there is one beyond the headline.
    pub fn reason(&self) -> Option<String> {
        match &self.kind {
            EventKind::AppTerminated(t) => Some(t.explain()),
            EventKind::SubmitRejected { error, .. } => Some(error.explain()),
            EventKind::ExpirationHandlerCalled { cause, .. } => Some(cause.explain()),
            EventKind::TaskEnded { cause, .. } => Some(cause.explain()),
            EventKind::TaskStarted {
                path: LaunchPath::Scheduler { score, threshold },
                ..
            } => Some(if *threshold <= 0.0 || score > threshold {
                format!("CurrentScore {score:.2} is above ThresholdScore {threshold:.2}.")
            } else {
                "A policy voted must-proceed.".to_string()
            }),
            EventKind::Evaluated { evaluation, .. } => {
                let blocking: Vec<String> = evaluation
                    .blocking()
                    .map(|v| format!("{}: {}", v.policy().name(), v.response.rationale.plain()))
                    .collect();
                if blocking.is_empty() {
                    None
                } else {
                    Some(blocking.join(" "))
                }
            }
            _ => None,
        }
    }

    /// What the app itself could observe (usually much less than the reason).
    pub fn app_sees(&self) -> Option<&'static str> {
        Some(match &self.kind {
            EventKind::Submitted { .. } => "submit(_:) returned without error.",
            EventKind::SubmitRejected { .. } => "submit(_:) threw BGTaskScheduler.Error with this code; nothing more.",
            EventKind::Canceled { cause: CancelCause::Replaced, .. } => "Nothing: replacement is silent.",
            EventKind::Canceled { .. } => "Nothing.",
            EventKind::Evaluated { .. } => "Nothing: the app never sees dasd's decisions.",
            EventKind::TaskStarted { .. } => "Its launch handler is called with the task.",
            EventKind::ExpirationHandlerCalled { .. } => "Its expirationHandler is called, with no reason given.",
            EventKind::TaskEnded { outcome: Outcome::Killed, .. } => "Nothing: the process is gone. The next launch is cold; MetricKit may report the exit a day later.",
            EventKind::TaskEnded { outcome: Outcome::Canceled, .. } => "Nothing at all.",
            EventKind::TaskEnded { had_expiration_handler: false, outcome: Outcome::Expired, .. } => "Nothing: with no expirationHandler the system marked the task failed.",
            EventKind::TaskEnded { .. } => "Only what its own code did.",
            EventKind::AppTerminated(_) => "Nothing: a killed app gets no callback.",
            _ => return None,
        })
    }

    /// The evidence behind the rule this event follows.
    pub fn source(&self) -> Option<Source> {
        match &self.kind {
            EventKind::SubmitRejected { error, .. } => Some(error.source()),
            EventKind::AppTerminated(t) => Some(t.source()),
            EventKind::ExpirationHandlerCalled { cause, .. }
            | EventKind::TaskEnded { cause, .. } => Some(cause.source()),
            EventKind::Submitted { kind, .. } => Some(match kind {
                TaskKind::AppRefresh => {
                    Source::new(Evidence::Observed, "refresh window 24 h (low confidence)")
                }
                TaskKind::ContinuedProcessing => {
                    Source::new(Evidence::AppleHeader, "H-req (earliestBeginDate ignored)")
                }
                _ => Source::new(
                    Evidence::Observed,
                    "flutter_workmanager #557 (7-day window)",
                ),
            }),
            EventKind::Canceled {
                cause: CancelCause::Replaced,
                ..
            } => Some(Source::new(Evidence::AppleDoc, "D-submit")),
            EventKind::TaskStarted {
                path: LaunchPath::Debugger,
                ..
            } => Some(Source::new(Evidence::AppleDoc, "D-debug")),
            EventKind::TaskStarted { .. } | EventKind::Evaluated { .. } => Some(Source::new(
                Evidence::Decompiled,
                "X-dasd18 _DASDaemon, _DASConditionScore",
            )),
            EventKind::PromptShown { .. } => Some(Source::new(
                Evidence::Decompiled,
                "X-dasd26 _DASProgressTracker; W25-227",
            )),
            EventKind::BackgroundTaskBegan { .. } | EventKind::BackgroundTaskEnded { .. } => {
                Some(Source::new(Evidence::AppleDts, "forum 764762 (about 30 s)"))
            }
            EventKind::DebuggerNoOp { .. } => {
                Some(Source::new(Evidence::Observed, "transistorsoft #559"))
            }
            _ => None,
        }
    }

    /// The event as `dasd` console lines (reference 3.4), empty if dasd would print nothing.
    pub fn console_lines(&self) -> Vec<String> {
        let ts = self.at.log_timestamp();
        let mut out = Vec::new();
        match &self.kind {
            EventKind::Submitted {
                activity,
                window_start,
                window_end,
                ..
            } => out.push(format!(
                "{ts} dasd: Submitted Activity: {activity} at priority 10 ({} - {})",
                window_start.dasd_date(),
                window_end.dasd_date()
            )),
            EventKind::Canceled { activity, .. } => {
                out.push(format!("{ts} dasd: Daemon Canceling Activities: {{( {activity} )}}"));
                out.push(format!("{ts} dasd: CANCELED: {activity} at priority 10 <private>!"));
            }
            EventKind::Evaluated {
                activity,
                evaluation,
                ..
            } => {
                out.push(format!("{ts} dasd: {activity}:["));
                for vote in evaluation.votes.iter().filter(|v| v.is_logged()) {
                    out.push(format!(
                        "\t{{name: {}, policyWeight: {:.3}, response: {}}}",
                        vote.policy().name(),
                        vote.weight,
                        vote.response.dasd()
                    ));
                }
                if evaluation.final_decision.blocks() {
                    out.push(format!(" ], FinalDecision: {}}}", evaluation.final_decision.name()));
                } else if evaluation.final_decision == crate::scheduler::Decision::CanProceed {
                    out.push(format!(
                        "] sumScores:{:.6}, denominator:{:.6}, FinalDecision: Can Proceed FinalScore: {:.6}}}",
                        evaluation.sum_scores, evaluation.denominator, evaluation.current_score
                    ));
                } else {
                    out.push(format!(" ], FinalDecision: {}}}", evaluation.final_decision.name()));
                }
                if evaluation.threshold.relaxed_for_running {
                    out.push(format!(
                        "{ts} dasd: '{activity}' has compatibility score of 0.100000 with a running activity of the app. Relaxing scores."
                    ));
                }
                let bypass = if evaluation.threshold.bypass { " (Bypasses Predictions)" } else { "" };
                out.push(format!(
                    "{ts} dasd: '{activity}' CurrentScore: {:.6}, ThresholdScore: {:.6} DecisionToRun:{}{bypass}",
                    evaluation.current_score,
                    evaluation.threshold.score,
                    u8::from(evaluation.run)
                ));
            }
            EventKind::TaskStarted { activity, path, .. } => {
                if *path == LaunchPath::Debugger {
                    out.push(format!("{ts} App: Simulating launch for task: {activity}"));
                }
                out.push(format!("{ts} dasd: STARTED: {activity} at priority 10"));
                out.push(format!(
                    "{ts} App: Handling launch from daemon for activities: {activity}"
                ));
            }
            EventKind::TaskEnded { activity, outcome, .. } => match outcome {
                Outcome::Completed | Outcome::Failed => {
                    out.push(format!("{ts} dasd: COMPLETED {activity} at priority 10"))
                }
                Outcome::Expired | Outcome::Killed | Outcome::Canceled => {
                    out.push(format!("{ts} dasd: Daemon Canceling Activities: {{( {activity} )}}"));
                    out.push(format!("{ts} dasd: CANCELED: {activity} at priority 10 <private>!"));
                }
            },
            EventKind::PromptShown { identifier, prompt } => out.push(format!(
                "{ts} dasd: {identifier}: showing {}",
                prompt.dasd_name()
            )),
            EventKind::SubmitRejected { identifier, error, .. } => out.push(format!(
                "{ts} App: submitTaskRequest: {identifier} failed: Error Domain=BGTaskSchedulerErrorDomain Code={} \"(null)\"",
                error.code()
            )),
            _ => {}
        }
        out
    }
}

/// Seconds as a `Duration` for time limits.
pub(crate) fn secs(s: f64) -> Duration {
    Duration::from_secs_f64(s)
}
