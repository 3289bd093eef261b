//! The app on the phone: its Info.plist and capabilities, its task handlers and what each one does
//! when it runs, and the task requests it submits.

use crate::time::Duration;
use serde::{Deserialize, Serialize};

/// The four kinds of BGTaskScheduler task.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskKind {
    /// `BGAppRefreshTask`: short, about 30 s.
    AppRefresh,
    /// `BGProcessingTask`: minutes, while the device is idle.
    Processing,
    /// `BGHealthResearchTask`: a processing task for health studies.
    HealthResearch,
    /// `BGContinuedProcessingTask` (iOS 26): user-started work with system UI.
    ContinuedProcessing,
}

impl TaskKind {
    /// Every kind.
    pub const ALL: [TaskKind; 4] = [
        TaskKind::AppRefresh,
        TaskKind::Processing,
        TaskKind::HealthResearch,
        TaskKind::ContinuedProcessing,
    ];

    /// The request class name.
    pub fn request_class(self) -> &'static str {
        match self {
            TaskKind::AppRefresh => "BGAppRefreshTaskRequest",
            TaskKind::Processing => "BGProcessingTaskRequest",
            TaskKind::HealthResearch => "BGHealthResearchTaskRequest",
            TaskKind::ContinuedProcessing => "BGContinuedProcessingTaskRequest",
        }
    }

    /// The task class name.
    pub fn task_class(self) -> &'static str {
        match self {
            TaskKind::AppRefresh => "BGAppRefreshTask",
            TaskKind::Processing => "BGProcessingTask",
            TaskKind::HealthResearch => "BGHealthResearchTask",
            TaskKind::ContinuedProcessing => "BGContinuedProcessingTask",
        }
    }

    /// The prefix of the dasd activity name (`bgRefresh`, `bgProcessing`; the others are inferred).
    pub fn activity_prefix(self) -> &'static str {
        match self {
            TaskKind::AppRefresh => "bgRefresh",
            TaskKind::Processing => "bgProcessing",
            TaskKind::HealthResearch => "bgHealthResearch",
            TaskKind::ContinuedProcessing => "bgContinuedProcessing",
        }
    }

    /// Whether dasd treats it as a PROCESSING launch (processing and its health subclass).
    pub fn is_processing_like(self) -> bool {
        matches!(self, TaskKind::Processing | TaskKind::HealthResearch)
    }

    /// Short display name.
    pub fn label(self) -> &'static str {
        match self {
            TaskKind::AppRefresh => "refresh",
            TaskKind::Processing => "processing",
            TaskKind::HealthResearch => "health research",
            TaskKind::ContinuedProcessing => "continued processing",
        }
    }
}

/// `BGContinuedProcessingTaskRequest.SubmissionStrategy`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    /// Wait in a queue if it cannot start now (the default).
    #[default]
    Queue,
    /// Fail with `immediateRunIneligible` if it cannot start now.
    Fail,
}

/// A task request as the app builds it and passes it to `submit`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TaskRequest {
    /// The task identifier (for continued tasks, a concrete one such as `com.example.export.A1B2`).
    pub identifier: String,
    /// The kind of request.
    pub kind: TaskKind,
    /// `earliestBeginDate`, as a delay after the submission; `None` means no delay.
    pub earliest_begin_after: Option<Duration>,
    /// `requiresExternalPower` (processing only).
    pub requires_external_power: bool,
    /// `requiresNetworkConnectivity` (processing only).
    pub requires_network: bool,
    /// Submission strategy (continued only).
    pub strategy: Strategy,
    /// `requiredResources` contains `.gpu` (continued only).
    pub gpu: bool,
    /// Title shown in the system UI (continued only).
    pub title: String,
    /// Subtitle shown in the system UI (continued only).
    pub subtitle: String,
}

impl Default for TaskRequest {
    fn default() -> Self {
        TaskRequest {
            identifier: String::new(),
            kind: TaskKind::AppRefresh,
            earliest_begin_after: None,
            requires_external_power: false,
            requires_network: false,
            strategy: Strategy::Queue,
            gpu: false,
            title: String::new(),
            subtitle: String::new(),
        }
    }
}

/// How a continued task reports progress.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum ProgressReporting {
    /// Sets a total but never updates the completed count.
    Never,
    /// Never sets a total: progress is indeterminate.
    Indeterminate,
    /// Updates the completed count every so many seconds.
    Every {
        /// Seconds between updates.
        seconds: f64,
    },
}

/// When the handler submits the next request for its identifier.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Resubmit {
    /// At the start of the handler (Apple's sample does this).
    #[default]
    AtStart,
    /// After the work is done.
    AtEnd,
    /// Never: one-shot.
    Never,
}

/// When the app registers the launch handler for an identifier.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Registration {
    /// In `application(_:didFinishLaunchingWithOptions:)`, on every launch: correct.
    #[default]
    AtLaunch,
    /// Later, after launch has finished (allowed only for continued tasks).
    AfterLaunch,
    /// Twice at launch: the system kills the app on the second registration.
    Twice,
    /// Never registered.
    Never,
}

/// What the handler does when its task runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct HandlerBehavior {
    /// When the launch handler is registered.
    pub registration: Registration,
    /// How long the work takes, in seconds.
    pub work_s: f64,
    /// How progress is reported (continued tasks must report it).
    pub progress: ProgressReporting,
    /// Progress reporting stops after this many seconds (a hung upload, say).
    pub progress_stops_after_s: Option<f64>,
    /// Calls `setTaskCompleted(success:)` when the work is done and in its expiration handler.
    pub calls_set_task_completed: bool,
    /// Sets an `expirationHandler`.
    pub sets_expiration_handler: bool,
    /// Peak memory footprint while working, in MB.
    pub peak_memory_mb: f64,
    /// CPU use while working, percent of one core.
    pub cpu_percent: f64,
    /// The work needs the network (a fetch, an upload).
    pub needs_network: bool,
    /// When it submits its next request.
    pub resubmit: Resubmit,
}

impl Default for HandlerBehavior {
    fn default() -> Self {
        HandlerBehavior {
            registration: Registration::AtLaunch,
            work_s: 10.0,
            progress: ProgressReporting::Every { seconds: 5.0 },
            progress_stops_after_s: None,
            calls_set_task_completed: true,
            sets_expiration_handler: true,
            peak_memory_mb: 30.0,
            cpu_percent: 20.0,
            needs_network: true,
            resubmit: Resubmit::AtStart,
        }
    }
}

/// One task the app knows about: its identifier, what it submits, and what its handler does.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TaskDefinition {
    /// The request the app submits (its identifier is the handler's identifier; for continued
    /// tasks it may end in `.*` to register a wildcard and submit concrete identifiers).
    pub request: TaskRequest,
    /// What the handler does.
    pub behavior: HandlerBehavior,
    /// The app submits this request whenever it moves to the background (Apple's sample pattern).
    pub submit_when_backgrounded: bool,
}

impl Default for TaskDefinition {
    fn default() -> Self {
        TaskDefinition {
            request: TaskRequest::default(),
            behavior: HandlerBehavior::default(),
            submit_when_backgrounded: true,
        }
    }
}

/// `UIBackgroundModes` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BackgroundModes {
    /// `fetch` (Background fetch): needed for refresh tasks.
    pub fetch: bool,
    /// `processing` (Background processing): needed for processing tasks.
    pub processing: bool,
}

impl Default for BackgroundModes {
    fn default() -> Self {
        BackgroundModes {
            fetch: true,
            processing: true,
        }
    }
}

/// Entitlements.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Entitlements {
    /// `com.apple.developer.background-tasks.continued-processing.gpu`.
    pub background_gpu: bool,
    /// `com.apple.developer.backgroundtasks.healthresearch`.
    pub health_research: bool,
}

/// The app: Info.plist, capabilities and tasks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AppConfig {
    /// Bundle identifier.
    pub bundle_id: String,
    /// `BGTaskSchedulerPermittedIdentifiers` (may hold wildcard entries `<bundle>.<context>.*`).
    pub permitted_identifiers: Vec<String>,
    /// `UIBackgroundModes`.
    pub background_modes: BackgroundModes,
    /// Entitlements.
    pub entitlements: Entitlements,
    /// The tasks the app registers and submits.
    pub tasks: Vec<TaskDefinition>,
    /// On moving to the background the app calls `beginBackgroundTask` for this much work (seconds).
    pub background_task_on_exit_s: Option<f64>,
}

impl Default for AppConfig {
    fn default() -> Self {
        let bundle = "com.example.news";
        AppConfig {
            bundle_id: bundle.to_string(),
            permitted_identifiers: vec![format!("{bundle}.refresh")],
            background_modes: BackgroundModes::default(),
            entitlements: Entitlements::default(),
            tasks: vec![TaskDefinition {
                request: TaskRequest {
                    identifier: format!("{bundle}.refresh"),
                    kind: TaskKind::AppRefresh,
                    earliest_begin_after: Some(Duration::from_mins(15)),
                    ..TaskRequest::default()
                },
                behavior: HandlerBehavior {
                    work_s: 8.0,
                    ..HandlerBehavior::default()
                },
                submit_when_backgrounded: true,
            }],
            background_task_on_exit_s: None,
        }
    }
}

/// Whether an identifier matches an Info.plist entry (exactly, or by a `prefix.*` wildcard).
pub fn identifier_matches(pattern: &str, identifier: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => identifier.starts_with(prefix) && identifier.len() > prefix.len(),
        None => pattern == identifier,
    }
}

impl AppConfig {
    /// Whether `identifier` is listed in `BGTaskSchedulerPermittedIdentifiers`. Wildcard entries
    /// count only for continued-processing requests.
    pub fn is_permitted(&self, identifier: &str, kind: TaskKind) -> bool {
        self.permitted_identifiers.iter().any(|p| {
            p == identifier
                || (kind == TaskKind::ContinuedProcessing
                    && p.ends_with(".*")
                    && identifier_matches(p, identifier))
        })
    }

    /// The task definition whose identifier (or wildcard) covers `identifier`.
    pub fn definition_for(&self, identifier: &str) -> Option<&TaskDefinition> {
        self.tasks
            .iter()
            .find(|t| t.request.identifier == identifier)
            .or_else(|| {
                self.tasks
                    .iter()
                    .find(|t| identifier_matches(&t.request.identifier, identifier))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_cover_only_continued_requests() {
        let app = AppConfig {
            permitted_identifiers: vec!["com.example.news.export.*".into()],
            ..AppConfig::default()
        };
        assert!(app.is_permitted("com.example.news.export.A1", TaskKind::ContinuedProcessing));
        assert!(!app.is_permitted("com.example.news.export.A1", TaskKind::Processing));
        assert!(!app.is_permitted("com.example.news.export.", TaskKind::ContinuedProcessing));
        assert!(!app.is_permitted("com.example.other", TaskKind::ContinuedProcessing));
    }
}
