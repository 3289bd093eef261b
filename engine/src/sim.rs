//! The simulation: a discrete-event loop over virtual time that applies inputs and the simulated
//! person's routine, lets dasd decide, runs tasks, and records events.

use crate::app::{
    AppConfig, HandlerBehavior, ProgressReporting, Registration, Resubmit, Strategy, TaskKind,
    TaskRequest,
};
use crate::device::{Capabilities, DeviceState, MemoryPressure, Network, Screen};
use crate::log::{
    secs, CancelCause, EndCause, Event, EventKind, LaunchPath, NotPermittedCause, Outcome, Prompt,
    SubmitError, Termination, UnavailableCause,
};
use crate::params::Params;
use crate::rng::Rng;
use crate::scenario::{Input, Scenario, ScenarioError};
use crate::scheduler::{
    self, Activity, AppStatus, BudgetStatus, Evaluation, PolicyContext, PriorityClass,
    ProgressStatus,
};
use crate::time::{Duration, Instant};
use crate::usage::{plan_day, UsagePredictor, UserAction};
use serde::Serialize;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};
use std::mem::size_of;

/// Whole calendar days before today for which a run keeps its full detail: every event (the
/// scheduler's evaluation changes included), every timeline record and every state sample. Once
/// per virtual day, detail older than midnight `DETAIL_DAYS` days ago is dropped from the front,
/// so a run holds between 14 and 15 days of it however long it runs (the timeline's widest view
/// is one week: this leaves a week to scroll back from a full week). Requests still waiting or
/// running keep their records whatever their age, and per-day counts ([`DaySummary`]) are kept
/// for the whole run.
///
/// This is a limit of the playground (its memory), not something iOS does: it is not a
/// parameter of the model, and nothing the scheduler decides reads the dropped detail (what it
/// learns and counts lives in the usage predictor, the rate-limit window and the budgets), so
/// trimming never changes a run's results.
pub const DETAIL_DAYS: i64 = 14;

/// Where the app is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Lifecycle {
    /// Not running (never launched, or removed from memory).
    NotRunning,
    /// On screen.
    Foreground,
    /// Running in the background.
    Background,
    /// In memory, not running.
    Suspended,
    /// Killed by the system; the next launch is cold.
    Terminated,
    /// Swiped away by the person.
    SwipedAway,
}

impl Lifecycle {
    /// Display name.
    pub fn label(self) -> &'static str {
        match self {
            Lifecycle::NotRunning => "not running",
            Lifecycle::Foreground => "foreground",
            Lifecycle::Background => "background",
            Lifecycle::Suspended => "suspended",
            Lifecycle::Terminated => "terminated",
            Lifecycle::SwipedAway => "swiped away",
        }
    }

    fn process_alive(self) -> bool {
        matches!(
            self,
            Lifecycle::Foreground | Lifecycle::Background | Lifecycle::Suspended
        )
    }
}

/// A task that is running (or launching).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RunningTask {
    /// Unique id within the run.
    pub id: u64,
    /// The activity it came from.
    pub activity: Activity,
    /// When dasd started it.
    pub launched_at: Instant,
    /// When the launch handler was called (None while the app is launching).
    pub handler_started_at: Option<Instant>,
    /// The runtime allowance, if limited.
    pub allowance: Option<Duration>,
    /// When the expiration handler was called, if it was.
    pub expiring_since: Option<Instant>,
    /// Fraction of the work done.
    pub fraction: f64,
    /// Last time progress went up (continued tasks).
    pub last_progress_at: Instant,
    /// Progress has been reported at least once.
    pub progress_reported: bool,
    /// The handler has finished its work (but may not have called setTaskCompleted).
    pub work_done: bool,
    /// How it was started.
    pub path: LaunchPath,
    /// Which slow-progress prompts were shown.
    pub prompts_shown: u8,
    /// An unanswered prompt.
    pub open_prompt: Option<Prompt>,
    behavior: HandlerBehavior,
}

impl RunningTask {
    /// The identifier.
    pub fn identifier(&self) -> &str {
        self.activity.identifier()
    }

    /// When its allowance ends, if limited and started.
    pub fn deadline(&self) -> Option<Instant> {
        Some(self.handler_started_at? + self.allowance?)
    }
}

/// A continued task's entry in the system UI.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LiveActivity {
    /// Identifier.
    pub identifier: String,
    /// Title.
    pub title: String,
    /// Subtitle.
    pub subtitle: String,
    /// State.
    pub state: LiveState,
    /// Fraction done; None while indeterminate.
    pub progress: Option<f64>,
    /// A prompt the system shows.
    pub prompt: Option<Prompt>,
    /// When it completed or failed. A failed entry stays until the person dismisses it, or
    /// [`DETAIL_DAYS`] days at most (a limit of the playground, like the rest of its history).
    pub ended_at: Option<Instant>,
}

/// The state of a continued task's system UI.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub enum LiveState {
    /// Waiting in the queue.
    Queued,
    /// Running.
    Running,
    /// Done: shown briefly.
    Completed,
    /// Failed: stays until dismissed.
    Failed(EndCause),
}

/// Where the system shows continued tasks right now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Presentation {
    /// On the lock screen as a Live Activity.
    LockScreen,
    /// In the Dynamic Island.
    DynamicIsland,
    /// As a banner at the top (devices without a Dynamic Island).
    Banner,
    /// The app is on screen: the app shows its own progress.
    InApp,
}

/// One request's life, for timeline bars: waiting, then running, then an outcome.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TaskRecord {
    /// dasd activity name.
    pub activity: String,
    /// Identifier.
    pub identifier: String,
    /// Kind.
    pub kind: TaskKind,
    /// Submitted.
    pub submitted_at: Instant,
    /// Window start.
    pub window_start: Instant,
    /// Started, if it did.
    pub started_at: Option<Instant>,
    /// Ended or canceled, if it did.
    pub ended_at: Option<Instant>,
    /// How it ended, if it ran.
    pub outcome: Option<Outcome>,
    /// Canceled before running.
    pub canceled: Option<CancelCause>,
    /// Started by the debugger.
    pub by_debugger: bool,
}

/// The device and app at one moment, for timeline lanes.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct StateSample {
    /// When.
    pub at: Instant,
    /// Charger.
    pub plugged_in: bool,
    /// Battery level.
    pub battery: f64,
    /// Low Power Mode.
    pub low_power_mode: bool,
    /// Screen.
    pub screen: Screen,
    /// Network.
    pub network: Network,
    /// Thermal level.
    pub thermal: crate::device::Thermal,
    /// App.
    pub app: Lifecycle,
    /// A call or the camera.
    pub call_or_camera: bool,
}

/// Why a pending request has not run, at this moment.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Explanation {
    /// The activity.
    pub activity: Activity,
    /// The window has not opened yet: nothing is evaluated before earliestBeginDate.
    pub waits_for_window: bool,
    /// The evaluation now.
    pub evaluation: Evaluation,
}

/// How many requests of one kind did what, over some stretch of a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct KindTally {
    /// Requests accepted by `submit`.
    pub submitted: u32,
    /// Requests `submit` threw on.
    pub rejected: u32,
    /// Requests canceled (by the app, by replacement or by the system) before they ran.
    pub canceled_waiting: u32,
    /// Tasks started.
    pub started: u32,
    /// Tasks that ended completed.
    pub completed: u32,
    /// Tasks that ended failed.
    pub failed: u32,
    /// Tasks that ended expired.
    pub expired: u32,
    /// Tasks killed with their process.
    pub killed: u32,
    /// Running tasks canceled (Stop, swiped away).
    pub canceled_running: u32,
}

impl KindTally {
    fn add(&mut self, other: &KindTally) {
        self.submitted += other.submitted;
        self.rejected += other.rejected;
        self.canceled_waiting += other.canceled_waiting;
        self.started += other.started;
        self.completed += other.completed;
        self.failed += other.failed;
        self.expired += other.expired;
        self.killed += other.killed;
        self.canceled_running += other.canceled_running;
    }
}

/// Counts of what happened over some stretch of a run: kept per day for the whole run, long
/// after the detail is dropped (see [`DETAIL_DAYS`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Events.
    pub events: u32,
    /// Of which the scheduler's evaluation changes.
    pub evaluations: u32,
    /// Per kind of request, in the order of [`TaskKind::ALL`].
    pub by_kind: [KindTally; 4],
}

impl Tally {
    /// The counts of one kind of request.
    pub fn of(&self, kind: TaskKind) -> &KindTally {
        &self.by_kind[kind_index(kind)]
    }

    fn add(&mut self, other: &Tally) {
        self.events += other.events;
        self.evaluations += other.evaluations;
        for (mine, theirs) in self.by_kind.iter_mut().zip(&other.by_kind) {
            mine.add(theirs);
        }
    }
}

/// What happened on one calendar day of a run (days without an event have none).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct DaySummary {
    /// The day ([`Instant::day_number`]).
    pub day: i64,
    /// Its counts.
    pub tally: Tally,
}

/// What a run holds in memory now: the sizes of everything that grows with a run, and an
/// estimate of their bytes. See [`DETAIL_DAYS`] for what is kept and for how long.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Retained {
    /// Events kept (full detail).
    pub events: usize,
    /// Of which the scheduler's evaluation changes.
    pub evaluations: usize,
    /// Timeline records kept.
    pub records: usize,
    /// State samples kept.
    pub samples: usize,
    /// Per-day summaries (one per day with an event, for the whole run).
    pub day_summaries: usize,
    /// Timers queued.
    pub timers: usize,
    /// Pending requests, running tasks and system UI entries.
    pub requests: usize,
    /// Launches remembered for the rate limit, and remembered evaluation verdicts.
    pub counters: usize,
    /// Days of usage the predictor keeps.
    pub predictor_days: usize,
    /// The scenario's inputs (kept for replay; at most `scenario::MAX_INPUTS`).
    pub inputs: usize,
    /// Events dropped so far (the number of the first event kept).
    pub events_dropped: usize,
    /// Records dropped so far.
    pub records_dropped: usize,
    /// Samples dropped so far.
    pub samples_dropped: usize,
    /// An estimate of the bytes all of the above take (allocated capacity, with the strings and
    /// evaluations events and records own).
    pub estimated_bytes: usize,
}

fn kind_index(kind: TaskKind) -> usize {
    match kind {
        TaskKind::AppRefresh => 0,
        TaskKind::Processing => 1,
        TaskKind::HealthResearch => 2,
        TaskKind::ContinuedProcessing => 3,
    }
}

fn input_heap_bytes(input: &Input) -> usize {
    match input {
        Input::Submit { request } => {
            request.identifier.capacity() + request.title.capacity() + request.subtitle.capacity()
        }
        Input::Cancel { identifier }
        | Input::TapStop { identifier }
        | Input::AnswerPrompt { identifier, .. }
        | Input::DismissFailed { identifier }
        | Input::SimulateLaunch { identifier }
        | Input::SimulateExpiration { identifier } => identifier.capacity(),
        _ => 0,
    }
}

/// The heap an event owns beyond its own size (strings, a boxed evaluation and its votes).
fn event_heap_bytes(event: &Event) -> usize {
    match &event.kind {
        EventKind::Input(input) => input_heap_bytes(input),
        EventKind::Submitted {
            activity,
            identifier,
            ..
        }
        | EventKind::Canceled {
            activity,
            identifier,
            ..
        }
        | EventKind::TaskStarted {
            activity,
            identifier,
            ..
        }
        | EventKind::TaskEnded {
            activity,
            identifier,
            ..
        } => activity.capacity() + identifier.capacity(),
        EventKind::Evaluated {
            activity,
            identifier,
            evaluation,
        } => {
            activity.capacity()
                + identifier.capacity()
                + size_of::<Evaluation>()
                + evaluation.votes.capacity() * size_of::<scheduler::Vote>()
        }
        EventKind::SubmitRejected { identifier, .. }
        | EventKind::Progress { identifier, .. }
        | EventKind::PromptShown { identifier, .. }
        | EventKind::ExpirationHandlerCalled { identifier, .. }
        | EventKind::DebuggerNoOp { identifier, .. } => identifier.capacity(),
        _ => 0,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Timer {
    Input(usize),
    PlanDay(i64),
    User(UserAction),
    SessionEnd(u64),
    AutoLock(u64),
    EvaluateAll,
    WindowOpens,
    HandlerStart(u64),
    WorkDone(u64),
    Progress(u64),
    TimeLimit(u64),
    Grace(u64),
    Jetsam(u64),
    CpuMonitor(u64),
    StallCheck(u64),
    PromptCheck(u64),
    CompleteAfterExpiration(u64),
    Suspend(u64),
    ReclaimSuspended(u64),
    BackgroundTaskEnd(u64),
    Sample,
    ClearCompleted,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Scheduled {
    at: Instant,
    /// Inputs sort after everything else due at the same millisecond: a click at time t lands
    /// after the run has reached t, so a replay from the scenario must order it the same way.
    is_input: bool,
    seq: u64,
    timer: Timer,
}

impl Ord for Scheduled {
    fn cmp(&self, other: &Self) -> Ordering {
        (other.at, other.is_input, other.seq).cmp(&(self.at, self.is_input, self.seq))
    }
}

impl PartialOrd for Scheduled {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A deterministic run of one scenario.
#[derive(Clone)]
pub struct Sim {
    scenario: Scenario,
    params: Params,
    caps: Capabilities,
    now: Instant,
    end_of_time: Instant,
    device: DeviceState,
    battery_at: Instant,
    low_power_since: Option<Instant>,
    screen_since: Instant,
    network_since: Instant,
    in_use_since: Option<Instant>,
    herd_trigger: Option<Instant>,
    lifecycle: Lifecycle,
    lifecycle_generation: u64,
    refresh_switch_app: bool,
    /// The person swiped the app away and has not opened it since (a background launch for a
    /// processing task does not undo it).
    swiped_away: bool,
    continued_allowed: bool,
    registered: BTreeSet<String>,
    predictor: UsagePredictor,
    pending: Vec<Activity>,
    running: Vec<RunningTask>,
    live: Vec<LiveActivity>,
    records: Vec<TaskRecord>,
    samples: Vec<StateSample>,
    events: Vec<Event>,
    /// How much detail was dropped from the front (see [`DETAIL_DAYS`]), and since when it is
    /// whole.
    events_dropped: usize,
    records_dropped: usize,
    samples_dropped: usize,
    detail_since: Instant,
    /// The first instant of the next day: detail is trimmed once the run reaches it.
    next_trim: Instant,
    keep_all_history: bool,
    days: Vec<DaySummary>,
    last_signature: Vec<(u64, u64)>,
    queue: BinaryHeap<Scheduled>,
    seq: u64,
    next_id: u64,
    session: u64,
    background_task_until: Option<Instant>,
    energy_used_s: f64,
    energy_at: Instant,
    data_used_mb: f64,
    data_day: i64,
    runs: Vec<(Instant, TaskKind)>,
    expiry_causes: BTreeMap<u64, EndCause>,
    rng: Rng,
    seed: u64,
}

fn class_of(kind: TaskKind) -> u8 {
    match kind {
        TaskKind::AppRefresh => 0,
        TaskKind::Processing | TaskKind::HealthResearch => 1,
        TaskKind::ContinuedProcessing => 2,
    }
}

fn mix(a: u64, b: u64) -> u64 {
    let mut z = a ^ b.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

impl Sim {
    /// Check a scenario and set up its run at its start time.
    pub fn new(scenario: &Scenario) -> Result<Sim, ScenarioError> {
        scenario.validate()?;
        let params = scenario.params()?;
        let mut device = scenario.initial_state.clone();
        device.sanitize();
        let start = scenario.start;
        let mut sim = Sim {
            scenario: scenario.clone(),
            caps: scenario.device.capabilities(),
            now: start,
            end_of_time: start + crate::scenario::MAX_SPAN,
            battery_at: start,
            low_power_since: device.low_power_mode.then_some(start),
            screen_since: start,
            network_since: start,
            in_use_since: (device.screen == Screen::InUse).then_some(start),
            herd_trigger: None,
            device,
            lifecycle: Lifecycle::NotRunning,
            lifecycle_generation: 0,
            refresh_switch_app: true,
            swiped_away: false,
            continued_allowed: true,
            registered: BTreeSet::new(),
            predictor: UsagePredictor::new(start),
            pending: Vec::new(),
            running: Vec::new(),
            live: Vec::new(),
            records: Vec::new(),
            samples: Vec::new(),
            events: Vec::new(),
            events_dropped: 0,
            records_dropped: 0,
            samples_dropped: 0,
            detail_since: start,
            next_trim: start,
            keep_all_history: false,
            days: Vec::new(),
            last_signature: Vec::new(),
            queue: BinaryHeap::new(),
            seq: 0,
            next_id: 1,
            session: 0,
            background_task_until: None,
            energy_used_s: 0.0,
            energy_at: start,
            data_used_mb: 0.0,
            data_day: start.day_number(),
            runs: Vec::new(),
            expiry_causes: BTreeMap::new(),
            rng: Rng::derive(scenario.seed, "sim"),
            seed: scenario.seed,
            params,
        };
        for index in 0..sim.scenario.inputs.len() {
            let at = start + sim.scenario.inputs[index].at;
            sim.schedule(at, Timer::Input(index));
        }
        if sim.scenario.user_routine {
            sim.schedule(start, Timer::PlanDay(start.day_number()));
        }
        sim.schedule(start, Timer::Sample);
        sim.schedule(
            start + secs(sim.params.evaluation_interval_s.max(60.0)),
            Timer::EvaluateAll,
        );
        Ok(sim)
    }

    // ---------------------------------------------------------------- public views

    /// The scenario being run.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The parameters in force.
    pub fn params(&self) -> &Params {
        &self.params
    }

    /// The current virtual time.
    pub fn now(&self) -> Instant {
        self.now
    }

    /// The scenario's start.
    pub fn start(&self) -> Instant {
        self.scenario.start
    }

    /// The events of the last [`DETAIL_DAYS`] days and today (every event, for a run no longer
    /// than that), in order.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// The number of `events()[0]` in the whole run. Events are numbered 0, 1, 2... in the order
    /// they happen and keep their number when older ones are dropped, so
    /// `first_event_number() + index` is a stable key for `events()[index]`.
    pub fn first_event_number(&self) -> usize {
        self.events_dropped
    }

    /// How many events the run has had, dropped ones included.
    pub fn event_count(&self) -> usize {
        self.events_dropped + self.events.len()
    }

    /// From when the run's detail (events, records, samples) is whole: the start, or after
    /// [`DETAIL_DAYS`] days the midnight that many days before today.
    pub fn detail_since(&self) -> Instant {
        self.detail_since
    }

    /// What happened each day of the run so far, oldest first (days without events have none).
    /// Kept for the whole run: at most one per day of `scenario::MAX_SPAN`.
    pub fn day_summaries(&self) -> &[DaySummary] {
        &self.days
    }

    /// What happened over the whole run so far.
    pub fn totals(&self) -> Tally {
        let mut totals = Tally::default();
        for day in &self.days {
            totals.add(&day.tally);
        }
        totals
    }

    /// Keep every event, record and sample from now on, never trimming to [`DETAIL_DAYS`]: for
    /// tools that print a whole run, and tests that compare with a trimmed run. (A run is at most
    /// `scenario::MAX_SPAN` long, so this is bounded too, just larger.)
    pub fn keep_all_history(&mut self) {
        self.keep_all_history = true;
    }

    /// The sizes of everything that grows with a run, and an estimate of their bytes.
    pub fn retained(&self) -> Retained {
        let event_bytes: usize = self.events.iter().map(event_heap_bytes).sum();
        let record_bytes: usize = self
            .records
            .iter()
            .map(|r| r.activity.capacity() + r.identifier.capacity())
            .sum();
        let input_bytes: usize = self
            .scenario
            .inputs
            .iter()
            .map(|timed| input_heap_bytes(&timed.input))
            .sum();
        let estimated_bytes = self.events.capacity() * size_of::<Event>()
            + event_bytes
            + self.records.capacity() * size_of::<TaskRecord>()
            + record_bytes
            + self.samples.capacity() * size_of::<StateSample>()
            + self.days.capacity() * size_of::<DaySummary>()
            + self.queue.capacity() * size_of::<Scheduled>()
            + self.pending.capacity() * size_of::<Activity>()
            + self.running.capacity() * size_of::<RunningTask>()
            + self.live.capacity() * size_of::<LiveActivity>()
            + self.runs.capacity() * size_of::<(Instant, TaskKind)>()
            + self.last_signature.capacity() * size_of::<(u64, u64)>()
            + self.predictor.footprint_bytes()
            + self.scenario.inputs.capacity() * size_of::<crate::scenario::TimedInput>()
            + input_bytes;
        Retained {
            events: self.events.len(),
            evaluations: self
                .events
                .iter()
                .filter(|e| matches!(e.kind, EventKind::Evaluated { .. }))
                .count(),
            records: self.records.len(),
            samples: self.samples.len(),
            day_summaries: self.days.len(),
            timers: self.queue.len(),
            requests: self.pending.len() + self.running.len() + self.live.len(),
            counters: self.runs.len() + self.last_signature.len() + self.expiry_causes.len(),
            predictor_days: self.predictor.days_kept(),
            inputs: self.scenario.inputs.len(),
            events_dropped: self.events_dropped,
            records_dropped: self.records_dropped,
            samples_dropped: self.samples_dropped,
            estimated_bytes,
        }
    }

    /// The device's state now, with the battery level brought up to this instant.
    pub fn device(&self) -> DeviceState {
        let mut device = self.device.clone();
        device.battery = self.battery_level_at(self.now);
        device
    }

    /// The device's capabilities.
    pub fn capabilities(&self) -> Capabilities {
        self.caps
    }

    /// The app's lifecycle state.
    pub fn lifecycle(&self) -> Lifecycle {
        self.lifecycle
    }

    /// Background App Refresh switch for the app.
    pub fn refresh_switch_app(&self) -> bool {
        self.refresh_switch_app
    }

    /// The person's switch for continued processing.
    pub fn continued_processing_allowed(&self) -> bool {
        self.continued_allowed
    }

    /// Identifiers whose launch handler is registered in the running process.
    pub fn registered(&self) -> impl Iterator<Item = &str> {
        self.registered.iter().map(String::as_str)
    }

    /// Pending requests (`getPendingTaskRequests`), oldest first.
    pub fn pending(&self) -> &[Activity] {
        &self.pending
    }

    /// Running tasks.
    pub fn running(&self) -> &[RunningTask] {
        &self.running
    }

    /// Continued tasks in the system UI.
    pub fn live_activities(&self) -> &[LiveActivity] {
        &self.live
    }

    /// Where continued tasks show right now.
    pub fn presentation(&self) -> Presentation {
        if self.device.screen == Screen::Locked {
            Presentation::LockScreen
        } else if self.lifecycle == Lifecycle::Foreground {
            Presentation::InApp
        } else if self.caps.dynamic_island {
            Presentation::DynamicIsland
        } else {
            Presentation::Banner
        }
    }

    /// The life of every request that is waiting or running, or ended since
    /// [`Sim::detail_since`], for timeline bars; in order of submission.
    pub fn records(&self) -> &[TaskRecord] {
        &self.records
    }

    /// Device and app state over time, for timeline lanes: every 15 minutes and at every change,
    /// from the last sample at or before [`Sim::detail_since`].
    pub fn samples(&self) -> &[StateSample] {
        &self.samples
    }

    /// What the system has learned about the person.
    pub fn predictor(&self) -> &UsagePredictor {
        &self.predictor
    }

    /// When the next thing happens, if anything is scheduled.
    pub fn next_event_time(&self) -> Option<Instant> {
        self.queue.peek().map(|s| s.at)
    }

    /// `BGTaskScheduler.supportedResources` contains `.gpu`.
    pub fn supports_gpu(&self) -> bool {
        self.caps.background_gpu
    }

    /// Why the pending request `serial` has not run, evaluated now (no side effects).
    pub fn explain(&self, serial: u64) -> Option<Explanation> {
        let activity = self.pending.iter().find(|a| a.serial == serial)?;
        let evaluation = self.evaluate_with(activity, &self.device());
        Some(Explanation {
            activity: activity.clone(),
            waits_for_window: self.now < activity.window_start,
            evaluation,
        })
    }

    // ---------------------------------------------------------------- running time

    /// Run until `target`, processing everything scheduled up to and including it. Returns the
    /// index in [`Sim::events`] of the first new event.
    pub fn advance_to(&mut self, target: Instant) -> usize {
        let first = self.event_count();
        let target = target.min(self.end_of_time);
        while let Some(next) = self.queue.peek().copied() {
            if next.at > target {
                break;
            }
            self.queue.pop();
            if next.at > self.now {
                self.update_battery(next.at);
                self.now = next.at;
            }
            if self.now >= self.next_trim {
                self.trim_history();
            }
            self.fire(next.timer);
        }
        // State changes only at scheduled instants, never at the caller's frame times, so a run
        // advanced in many small steps equals one advanced at once.
        self.now = self.now.max(target);
        first.saturating_sub(self.events_dropped)
    }

    /// Once per virtual day, drop the detail older than [`DETAIL_DAYS`] whole days. It runs at
    /// the first timer of each day, whatever steps the caller advances in, and only touches what
    /// is shown, never what the model decides from.
    fn trim_history(&mut self) {
        let today = self.now.day_number();
        let midnight = |day: i64| Instant::from_millis(day * Duration::from_days(1).as_millis());
        self.next_trim = midnight(today + 1);
        let cutoff = midnight(today - DETAIL_DAYS);
        // The system UI is state, not history, so this holds even when keeping all history.
        self.live.retain(|live| {
            !matches!(live.state, LiveState::Failed(_))
                || live.ended_at.is_none_or(|ended| ended >= cutoff)
        });
        if self.keep_all_history || cutoff <= self.detail_since {
            return;
        }
        self.detail_since = cutoff;
        let old = self.events.partition_point(|event| event.at < cutoff);
        self.events.drain(..old);
        self.events_dropped += old;
        // The last sample at or before the cutoff stays: it is the state at the cutoff.
        let old = self
            .samples
            .partition_point(|sample| sample.at <= cutoff)
            .saturating_sub(1);
        self.samples.drain(..old);
        self.samples_dropped += old;
        let before = self.records.len();
        self.records
            .retain(|record| record.ended_at.is_none_or(|ended| ended >= cutoff));
        self.records_dropped += before - self.records.len();
    }

    /// Run for `span` of virtual time.
    pub fn advance_by(&mut self, span: Duration) -> usize {
        self.advance_to(self.now + span)
    }

    /// Run until just after the next scheduled thing (the clock's "step").
    pub fn step(&mut self) -> usize {
        let first = self.event_count();
        while self.event_count() == first {
            match self.next_event_time() {
                Some(t) if t < self.end_of_time => {
                    self.advance_to(t);
                }
                _ => break,
            }
        }
        first.saturating_sub(self.events_dropped)
    }

    fn schedule(&mut self, at: Instant, timer: Timer) {
        self.seq += 1;
        self.queue.push(Scheduled {
            at: at.max(self.now),
            is_input: matches!(timer, Timer::Input(_)),
            seq: self.seq,
            timer,
        });
    }

    /// Apply an input now, as the playground's user clicking: it is appended to the scenario at
    /// the current time (so a replay of [`Sim::scenario`] gives the identical run) and takes
    /// effect at once. Returns the index of the first new event.
    pub fn push_input(&mut self, input: Input) -> Result<usize, ScenarioError> {
        crate::scenario::validate_input(&input)?;
        let at = self.now - self.scenario.start;
        if self.scenario.inputs.last().is_some_and(|last| last.at > at) {
            return Err(ScenarioError(
                "inputs can only be added at or after the last one".into(),
            ));
        }
        if self.scenario.inputs.len() >= crate::scenario::MAX_INPUTS {
            return Err(ScenarioError(format!(
                "a scenario holds at most {} inputs",
                crate::scenario::MAX_INPUTS
            )));
        }
        self.scenario
            .inputs
            .push(crate::scenario::TimedInput { at, input });
        let index = self.scenario.inputs.len() - 1;
        self.schedule(self.now, Timer::Input(index));
        Ok(self.advance_to(self.now))
    }

    fn emit(&mut self, kind: EventKind) {
        self.tally(&kind);
        self.events.push(Event { at: self.now, kind });
    }

    /// The counts of today's summary.
    fn today(&mut self) -> &mut Tally {
        let day = self.now.day_number();
        if self.days.last().is_none_or(|summary| summary.day != day) {
            self.days.push(DaySummary {
                day,
                tally: Tally::default(),
            });
        }
        let last = self.days.len() - 1;
        &mut self.days[last].tally
    }

    fn tally(&mut self, kind: &EventKind) {
        let today = self.today();
        today.events += 1;
        match kind {
            EventKind::Evaluated { .. } => today.evaluations += 1,
            EventKind::Submitted { kind, .. } => today.by_kind[kind_index(*kind)].submitted += 1,
            EventKind::SubmitRejected { kind, .. } => {
                today.by_kind[kind_index(*kind)].rejected += 1
            }
            EventKind::TaskStarted { kind, .. } => today.by_kind[kind_index(*kind)].started += 1,
            EventKind::TaskEnded { kind, outcome, .. } => {
                let counts = &mut today.by_kind[kind_index(*kind)];
                match outcome {
                    Outcome::Completed => counts.completed += 1,
                    Outcome::Failed => counts.failed += 1,
                    Outcome::Expired => counts.expired += 1,
                    Outcome::Killed => counts.killed += 1,
                    Outcome::Canceled => counts.canceled_running += 1,
                }
            }
            _ => {}
        }
    }

    fn fire(&mut self, timer: Timer) {
        match timer {
            Timer::Input(index) => {
                let input = self.scenario.inputs[index].input.clone();
                self.apply_input(input);
            }
            Timer::PlanDay(day) => self.plan_day(day),
            Timer::User(action) => self.user_action(action),
            Timer::SessionEnd(session) => {
                if session == self.session && self.device.screen != Screen::Locked {
                    self.lock();
                }
            }
            Timer::AutoLock(session) => {
                if session == self.session && self.device.screen == Screen::Idle {
                    self.lock();
                }
            }
            Timer::EvaluateAll => {
                self.evaluate_pending();
                self.schedule(
                    self.now + secs(self.params.evaluation_interval_s.max(60.0)),
                    Timer::EvaluateAll,
                );
            }
            Timer::WindowOpens => self.evaluate_pending(),
            Timer::HandlerStart(id) => self.handler_start(id),
            Timer::WorkDone(id) => self.work_done(id),
            Timer::Progress(id) => self.progress_tick(id),
            Timer::TimeLimit(id) => {
                if let Some(task) = self.task(id) {
                    if task.expiring_since.is_none() {
                        let allowance = task.allowance.unwrap_or_default();
                        self.expire(id, EndCause::TimeLimit { allowance });
                    }
                }
            }
            Timer::Grace(id) => {
                if self.task(id).is_some() {
                    self.terminate(Termination::TaskNotCompleted);
                }
            }
            Timer::CompleteAfterExpiration(id) => {
                if let Some(cause) = self.pending_expiry_cause(id) {
                    self.end_task(id, Outcome::Expired, cause);
                }
            }
            Timer::Jetsam(id) => self.check_jetsam(id),
            Timer::CpuMonitor(id) => {
                let monitor_off =
                    self.device.plugged_in && self.params.cpu_monitor_off_when_plugged_in > 0.0;
                if let Some(task) = self.task(id) {
                    if !task.work_done && task.expiring_since.is_none() && !monitor_off {
                        let cpu_percent = task.behavior.cpu_percent;
                        self.terminate(Termination::CpuMonitor { cpu_percent });
                    }
                }
            }
            Timer::StallCheck(id) => self.stall_check(id),
            Timer::PromptCheck(id) => self.prompt_check(id),
            Timer::Suspend(generation) => {
                if generation == self.lifecycle_generation
                    && self.lifecycle == Lifecycle::Background
                    && self.running.is_empty()
                    && self.background_task_until.is_none()
                {
                    self.set_lifecycle(Lifecycle::Suspended);
                    self.emit(EventKind::AppSuspended);
                    let at = self.now + secs(self.params.suspended_app_terminated_after_h * 3600.0);
                    let generation = self.lifecycle_generation;
                    self.schedule(at, Timer::ReclaimSuspended(generation));
                }
            }
            Timer::ReclaimSuspended(generation) => {
                if generation == self.lifecycle_generation && self.lifecycle == Lifecycle::Suspended
                {
                    self.set_lifecycle(Lifecycle::NotRunning);
                    self.registered.clear();
                    self.emit(EventKind::AppTerminated(Termination::MemoryReclaimed));
                }
            }
            Timer::BackgroundTaskEnd(generation) => {
                if generation == self.lifecycle_generation && self.background_task_until.is_some() {
                    self.background_task_until = None;
                    let work = self.scenario.app.background_task_on_exit_s.unwrap_or(0.0);
                    let expired = work > self.params.background_task_time_limit_s;
                    self.emit(EventKind::BackgroundTaskEnded { expired });
                    self.maybe_suspend();
                }
            }
            Timer::Sample => {
                self.sample();
                self.schedule(self.now + Duration::from_mins(15), Timer::Sample);
            }
            Timer::ClearCompleted => self.live.retain(|l| l.state != LiveState::Completed),
        }
    }

    // ---------------------------------------------------------------- device and battery

    /// The battery level at `to`, integrated from the last update with the current state.
    fn battery_level_at(&self, to: Instant) -> f64 {
        let hours = (to - self.battery_at).as_hours_f64();
        let p = &self.params;
        let d = &self.device;
        let mut battery = d.battery;
        if hours <= 0.0 {
            return battery;
        }
        if d.plugged_in {
            let mut remaining = hours;
            if battery < 80.0 {
                let to_knee = (80.0 - battery) / p.charge_fast_per_h.max(0.001);
                let used = remaining.min(to_knee);
                battery += used * p.charge_fast_per_h;
                remaining -= used;
            }
            if remaining > 0.0 {
                battery += remaining * p.charge_slow_per_h;
            }
        } else {
            let mut rate = if d.screen == Screen::InUse {
                p.drain_in_use_per_h
            } else {
                p.drain_idle_per_h
            };
            if !self.running.is_empty() {
                rate += p.drain_task_per_h;
            }
            battery -= hours * rate;
        }
        battery.clamp(0.0, 100.0)
    }

    fn update_battery(&mut self, to: Instant) {
        if to <= self.battery_at {
            return;
        }
        self.device.battery = self.battery_level_at(to);
        self.battery_at = to;
        // Energy budget replenishes evenly over the day.
        let elapsed_days = (to - self.energy_at).as_secs_f64() / 86400.0;
        self.energy_at = to;
        self.energy_used_s =
            (self.energy_used_s - elapsed_days * self.params.energy_budget_s_per_day).max(0.0);
        if to.day_number() != self.data_day {
            self.data_day = to.day_number();
            self.data_used_mb = 0.0;
        }
    }

    fn sample(&mut self) {
        let sample = StateSample {
            at: self.now,
            plugged_in: self.device.plugged_in,
            battery: self.device.battery,
            low_power_mode: self.device.low_power_mode,
            screen: self.device.screen,
            network: self.device.network,
            thermal: self.device.thermal,
            app: self.lifecycle,
            call_or_camera: self.device.call_active || self.device.camera_active,
        };
        if let Some(last) = self.samples.last_mut() {
            if last.at == self.now {
                *last = sample;
                return;
            }
        }
        self.samples.push(sample);
    }

    fn set_screen(&mut self, screen: Screen) {
        let old = self.device.screen;
        if old == screen {
            return;
        }
        // Thundering herd: unlocking after hours locked is a trigger.
        if old == Screen::Locked
            && (self.now - self.screen_since).as_secs_f64()
                >= self.params.thundering_herd_min_state_s
        {
            self.herd_trigger = Some(self.now);
        }
        self.device.screen = screen;
        self.screen_since = self.now;
        if screen == Screen::InUse {
            self.device.unlocked_since_boot = true;
            self.in_use_since.get_or_insert(self.now);
        } else if let Some(start) = self.in_use_since.take() {
            self.predictor.observe_device_use(start, self.now);
        }
    }

    fn set_network(&mut self, network: Network) {
        if self.device.network == network {
            return;
        }
        if self.device.network == Network::Offline
            && (self.now - self.network_since).as_secs_f64()
                >= self.params.thundering_herd_min_state_s
        {
            self.herd_trigger = Some(self.now);
        }
        self.device.network = network;
        self.network_since = self.now;
    }

    fn set_lifecycle(&mut self, lifecycle: Lifecycle) {
        self.lifecycle = lifecycle;
        self.lifecycle_generation += 1;
    }

    // ---------------------------------------------------------------- the person

    fn plan_day(&mut self, day: i64) {
        let day_start = Instant::from_millis(day * 86_400_000);
        for (at, action) in plan_day(&self.scenario.user, self.seed, day_start, &self.params) {
            if at >= self.now {
                self.schedule(at, Timer::User(action));
            }
        }
        self.schedule(
            Instant::from_millis((day + 1) * 86_400_000),
            Timer::PlanDay(day + 1),
        );
    }

    fn user_action(&mut self, action: UserAction) {
        self.emit(EventKind::User(action));
        match action {
            UserAction::OpenApp { minutes } => {
                self.open_app();
                self.session += 1;
                let at = self.now + Duration::from_mins(i64::from(minutes));
                self.schedule(at, Timer::SessionEnd(self.session));
            }
            UserAction::UsePhone { minutes } => {
                self.pick_up();
                self.session += 1;
                let at = self.now + Duration::from_mins(i64::from(minutes));
                self.schedule(at, Timer::SessionEnd(self.session));
            }
            UserAction::GoToBed => {
                if self.scenario.user.night_routine {
                    self.device.plugged_in = true;
                }
                self.lock();
            }
            UserAction::WakeUp => {
                if self.scenario.user.night_routine {
                    self.device.plugged_in = false;
                }
            }
        }
        self.after_state_change();
    }

    fn open_app(&mut self) {
        self.swiped_away = false;
        self.session += 1;
        self.set_screen(Screen::InUse);
        self.predictor.observe_app_open(self.now);
        match self.lifecycle {
            Lifecycle::Foreground => {}
            Lifecycle::Background | Lifecycle::Suspended => {
                self.set_lifecycle(Lifecycle::Foreground);
                self.emit(EventKind::AppLaunched {
                    background: false,
                    cold: false,
                });
            }
            Lifecycle::NotRunning | Lifecycle::Terminated | Lifecycle::SwipedAway => {
                self.set_lifecycle(Lifecycle::Foreground);
                self.emit(EventKind::AppLaunched {
                    background: false,
                    cold: true,
                });
                self.register_handlers();
            }
        }
        self.background_task_until = None;
    }

    fn go_home(&mut self) {
        if self.lifecycle != Lifecycle::Foreground {
            return;
        }
        self.set_lifecycle(Lifecycle::Background);
        self.emit(EventKind::AppBackgrounded);
        let to_submit: Vec<TaskRequest> = self
            .scenario
            .app
            .tasks
            .iter()
            .filter(|t| t.submit_when_backgrounded && !t.request.identifier.ends_with('*'))
            .filter(|t| t.request.kind != TaskKind::ContinuedProcessing)
            .map(|t| t.request.clone())
            .collect();
        for request in to_submit {
            if !self.lifecycle.process_alive() {
                break;
            }
            self.submit(request);
        }
        if let Some(work) = self.scenario.app.background_task_on_exit_s {
            if self.lifecycle.process_alive() {
                let allowance = secs(self.params.background_task_time_limit_s);
                self.emit(EventKind::BackgroundTaskBegan { allowance });
                let until = self.now + secs(work).min(allowance);
                self.background_task_until = Some(until);
                let generation = self.lifecycle_generation;
                self.schedule(until, Timer::BackgroundTaskEnd(generation));
            }
        }
        self.maybe_suspend();
    }

    fn lock(&mut self) {
        self.go_home();
        self.set_screen(Screen::Locked);
    }

    fn pick_up(&mut self) {
        self.session += 1;
        self.set_screen(Screen::InUse);
    }

    fn maybe_suspend(&mut self) {
        if self.lifecycle == Lifecycle::Background && self.running.is_empty() {
            let generation = self.lifecycle_generation;
            let at = self.background_task_until.unwrap_or(self.now).max(self.now)
                + secs(self.params.suspend_after_s);
            self.schedule(at, Timer::Suspend(generation));
        }
    }

    fn register_handlers(&mut self) {
        self.registered.clear();
        let tasks = self.scenario.app.tasks.clone();
        for task in tasks {
            let id = task.request.identifier.clone();
            let continued = task.request.kind == TaskKind::ContinuedProcessing;
            match task.behavior.registration {
                Registration::AtLaunch => {
                    if self.scenario.app.is_permitted(&id, task.request.kind) || continued {
                        self.registered.insert(id);
                    }
                }
                Registration::AfterLaunch if continued => {
                    self.registered.insert(id);
                }
                Registration::AfterLaunch => {
                    self.terminate(Termination::RegisteredAfterLaunch);
                    return;
                }
                Registration::Twice => {
                    self.terminate(Termination::RegisteredTwice);
                    return;
                }
                Registration::Never => {}
            }
        }
    }

    fn has_handler(&self, identifier: &str) -> bool {
        self.registered
            .iter()
            .any(|r| r == identifier || crate::app::identifier_matches(r, identifier))
    }

    // ---------------------------------------------------------------- inputs

    fn apply_input(&mut self, input: Input) {
        self.emit(EventKind::Input(input.clone()));
        match input {
            Input::SetPluggedIn { on } => self.device.plugged_in = on,
            Input::SetBattery { level } => self.device.battery = level.clamp(0.0, 100.0),
            Input::SetLowPowerMode { on } => {
                self.device.low_power_mode = on;
                self.low_power_since = on.then_some(self.now);
            }
            Input::SetNetwork { network } => self.set_network(network),
            Input::SetLowDataMode { on } => self.device.low_data_mode = on,
            Input::SetThermal { thermal } => self.device.thermal = thermal,
            Input::SetCpuLoad { percent } => self.device.foreground_cpu = percent.clamp(0.0, 100.0),
            Input::SetMemoryPressure { pressure } => self.device.memory_pressure = pressure,
            Input::OpenApp => self.open_app(),
            Input::GoHome => self.go_home(),
            Input::Lock => self.lock(),
            Input::PickUpPhone => self.pick_up(),
            Input::PutDown => {
                if self.device.screen == Screen::InUse {
                    self.go_home();
                    self.set_screen(Screen::Idle);
                    self.session += 1;
                    let at = self.now + Duration::from_secs(30);
                    self.schedule(at, Timer::AutoLock(self.session));
                }
            }
            Input::SetCall { on } => self.device.call_active = on,
            Input::SetCamera { on } => {
                self.device.camera_active = on;
                if on {
                    self.go_home();
                    self.set_screen(Screen::InUse);
                }
            }
            Input::SwipeAppAway => self.swipe_away(),
            Input::SetAppBackgroundRefresh { on } => self.refresh_switch_app = on,
            Input::SetGlobalBackgroundRefresh { on } => {
                self.device.background_app_refresh_global = on
            }
            Input::SetContinuedProcessingAllowed { on } => self.continued_allowed = on,
            Input::Reinstall => self.reinstall(),
            Input::RestartPhone => self.restart_phone(),
            Input::Submit { request } => self.submit(request),
            Input::Cancel { identifier } => {
                self.cancel(|a| a.identifier() == identifier, CancelCause::CanceledByApp)
            }
            Input::CancelAll => self.cancel(|_| true, CancelCause::CanceledAllByApp),
            Input::TapStop { identifier } => {
                if let Some(id) = self.running_id(&identifier, TaskKind::ContinuedProcessing) {
                    self.expire(id, EndCause::UserStopped);
                } else {
                    self.emit(EventKind::Ignored {
                        why: "There is no running continued task with that identifier to stop.",
                    });
                }
            }
            Input::AnswerPrompt {
                identifier,
                keep_going,
            } => {
                if let Some(id) = self.running_id(&identifier, TaskKind::ContinuedProcessing) {
                    if let Some(task) = self.task_mut(id) {
                        task.open_prompt = None;
                    }
                    self.sync_live(id);
                    if !keep_going {
                        self.expire(id, EndCause::UserStoppedAtPrompt);
                    }
                }
            }
            Input::DismissFailed { identifier } => self.live.retain(|l| {
                !(l.identifier == identifier && matches!(l.state, LiveState::Failed(_)))
            }),
            Input::SimulateLaunch { identifier } => {
                match self
                    .pending
                    .iter()
                    .position(|a| a.identifier() == identifier)
                {
                    Some(index) => self.start_task(index, LaunchPath::Debugger),
                    None => self.emit(EventKind::DebuggerNoOp {
                        identifier,
                        launch: true,
                    }),
                }
            }
            Input::SimulateExpiration { identifier } => {
                match self.running.iter().find(|t| t.identifier() == identifier) {
                    Some(task) => {
                        let id = task.id;
                        self.expire(id, EndCause::DebuggerExpiration);
                    }
                    None => self.emit(EventKind::DebuggerNoOp {
                        identifier,
                        launch: false,
                    }),
                }
            }
        }
        self.after_state_change();
    }

    /// Runtime consequences of a state change, then a re-evaluation (dasd's triggers).
    fn after_state_change(&mut self) {
        let active = self.device.is_active();
        let level = self.device.thermal.level();
        let mut to_expire = Vec::new();
        for task in &self.running {
            // A task whose app is still launching counts too: `expire` ends it before its
            // handler runs.
            if task.expiring_since.is_some() {
                continue;
            }
            match task.activity.kind() {
                TaskKind::Processing | TaskKind::HealthResearch if active => {
                    to_expire.push((task.id, EndCause::DeviceBecameActive));
                }
                TaskKind::Processing | TaskKind::HealthResearch
                    if task.activity.request.requires_external_power && !self.device.plugged_in =>
                {
                    to_expire.push((task.id, EndCause::PowerDisconnected));
                }
                TaskKind::ContinuedProcessing => {
                    let allowed = if active {
                        self.params.thermal_max_continued_in_use
                    } else {
                        self.params.thermal_max_continued_inactive
                    };
                    if f64::from(level) > allowed {
                        to_expire.push((
                            task.id,
                            EndCause::Thermal {
                                level,
                                allowed: allowed as u8,
                            },
                        ));
                    }
                }
                _ => {}
            }
        }
        for (id, cause) in to_expire {
            self.expire(id, cause);
        }
        let running_ids: Vec<u64> = self.running.iter().map(|t| t.id).collect();
        for id in running_ids {
            self.check_jetsam(id);
        }
        self.sample();
        self.evaluate_pending();
    }

    fn swipe_away(&mut self) {
        if !self.lifecycle.process_alive() && self.lifecycle != Lifecycle::NotRunning {
            self.emit(EventKind::Ignored {
                why: "The app is not in the app switcher.",
            });
        }
        let ids: Vec<u64> = self
            .running
            .iter()
            .filter(|t| t.activity.kind() == TaskKind::ContinuedProcessing)
            .map(|t| t.id)
            .collect();
        for id in ids {
            self.end_task(id, Outcome::Canceled, EndCause::SwipedAway);
        }
        self.cancel(
            |a| a.kind() == TaskKind::ContinuedProcessing,
            CancelCause::SwipedAway,
        );
        self.kill_running(EndCause::ProcessEnded(Termination::SwipedAway));
        self.set_lifecycle(Lifecycle::SwipedAway);
        self.swiped_away = true;
        self.registered.clear();
        self.background_task_until = None;
        if self.device.screen == Screen::InUse {
            // The person is on the home screen, still using the phone.
        }
        self.emit(EventKind::AppTerminated(Termination::SwipedAway));
    }

    fn restart_phone(&mut self) {
        self.kill_running(EndCause::ProcessEnded(Termination::DeviceRestarted));
        self.live.clear();
        if self.lifecycle.process_alive() {
            self.emit(EventKind::AppTerminated(Termination::DeviceRestarted));
        }
        self.set_lifecycle(Lifecycle::NotRunning);
        self.registered.clear();
        self.background_task_until = None;
        self.device.call_active = false;
        self.device.camera_active = false;
        self.set_screen(Screen::Locked);
        self.device.unlocked_since_boot = false;
    }

    fn reinstall(&mut self) {
        self.kill_running(EndCause::ProcessEnded(Termination::Reinstalled));
        self.cancel(|_| true, CancelCause::Reinstalled);
        self.live.clear();
        self.set_lifecycle(Lifecycle::NotRunning);
        self.registered.clear();
        self.refresh_switch_app = true;
        self.continued_allowed = true;
        self.predictor.reset_app(self.now);
        self.swiped_away = false;
        self.runs.clear();
        self.energy_used_s = 0.0;
        self.emit(EventKind::AppTerminated(Termination::Reinstalled));
    }

    // ---------------------------------------------------------------- the API

    fn submit_error(&self, request: &TaskRequest) -> Option<SubmitError> {
        let kind = request.kind;
        let app: &AppConfig = &self.scenario.app;
        let continued = kind == TaskKind::ContinuedProcessing;
        if continued && !self.scenario.os.has_continued_processing() {
            return Some(SubmitError::Unavailable(UnavailableCause::NeedsIos26));
        }
        if !self.caps.background_tasks_available {
            return Some(SubmitError::Unavailable(UnavailableCause::Simulator));
        }
        if !continued {
            if !self.device.background_app_refresh_global {
                return Some(SubmitError::Unavailable(
                    UnavailableCause::RefreshOffGlobally,
                ));
            }
            if !self.refresh_switch_app {
                return Some(SubmitError::Unavailable(UnavailableCause::RefreshOffForApp));
            }
        }
        if !app.is_permitted(&request.identifier, kind) {
            return Some(SubmitError::NotPermitted(NotPermittedCause::NotInInfoPlist));
        }
        match kind {
            TaskKind::AppRefresh if !app.background_modes.fetch => {
                return Some(SubmitError::NotPermitted(
                    NotPermittedCause::MissingFetchMode,
                ))
            }
            TaskKind::Processing | TaskKind::HealthResearch if !app.background_modes.processing => {
                return Some(SubmitError::NotPermitted(
                    NotPermittedCause::MissingProcessingMode,
                ))
            }
            TaskKind::HealthResearch if !app.entitlements.health_research => {
                return Some(SubmitError::NotPermitted(
                    NotPermittedCause::MissingHealthEntitlement,
                ))
            }
            _ => {}
        }
        if continued {
            if request.gpu && !app.entitlements.background_gpu {
                return Some(SubmitError::NotPermitted(
                    NotPermittedCause::MissingGpuEntitlement,
                ));
            }
            if request.gpu && !self.caps.background_gpu {
                return Some(SubmitError::NotPermitted(NotPermittedCause::GpuUnsupported));
            }
            if !self.continued_allowed {
                return Some(SubmitError::NotPermitted(
                    NotPermittedCause::ContinuedProcessingDenied,
                ));
            }
            if self.lifecycle != Lifecycle::Foreground {
                return Some(SubmitError::NotPermitted(
                    NotPermittedCause::NotInForeground,
                ));
            }
        }
        let limit = match class_of(kind) {
            0 => self.params.max_pending_refresh,
            1 => self.params.max_pending_processing,
            _ => f64::INFINITY,
        };
        let same_class = self
            .pending
            .iter()
            .filter(|a| {
                class_of(a.kind()) == class_of(kind) && a.identifier() != request.identifier
            })
            .count();
        if same_class as f64 >= limit {
            return Some(SubmitError::TooManyPendingTaskRequests {
                limit: limit as u32,
            });
        }
        None
    }

    fn submit(&mut self, request: TaskRequest) {
        if let Some(error) = self.submit_error(&request) {
            self.emit(EventKind::SubmitRejected {
                identifier: request.identifier.clone(),
                kind: request.kind,
                error,
            });
            return;
        }
        if self.lifecycle.process_alive() && !self.has_handler(&request.identifier) {
            self.terminate(Termination::NoLaunchHandler);
            return;
        }
        if let Some(index) = self
            .pending
            .iter()
            .position(|a| a.identifier() == request.identifier)
        {
            let old = self.pending.remove(index);
            self.record_cancel(&old, CancelCause::Replaced);
        }
        let serial = self.next_id;
        self.next_id += 1;
        let hex = (self.rng.next_u64() & 0xFF_FFFF) as u32;
        let name = format!(
            "{}-{}:{hex:06X}",
            request.kind.activity_prefix(),
            request.identifier
        );
        let p = &self.params;
        let (window_start, window_end, priority) = match request.kind {
            TaskKind::AppRefresh => {
                let start = self.now + request.earliest_begin_after.unwrap_or_default();
                (
                    start,
                    start + secs(p.refresh_window_h * 3600.0),
                    PriorityClass::from_param(p.refresh_priority_class),
                )
            }
            TaskKind::Processing | TaskKind::HealthResearch => {
                let start = self.now
                    + request.earliest_begin_after.unwrap_or_default()
                    + secs(p.processing_window_delay_s);
                (
                    start,
                    start + secs(p.processing_window_h * 3600.0),
                    PriorityClass::from_param(p.processing_priority_class),
                )
            }
            TaskKind::ContinuedProcessing => (
                self.now,
                self.now + Duration::from_days(7),
                PriorityClass::UserInitiated,
            ),
        };
        let mut activity = Activity {
            serial,
            name,
            request,
            submitted_at: self.now,
            window_start,
            window_end,
            priority,
            optimal: (self.params.optimal_score_min, window_start),
            submitted_in_low_power: self.device.low_power_mode,
        };
        let ctx_activity = activity.clone();
        activity.optimal = scheduler::predict_optimal(&self.context(&ctx_activity, None));
        self.emit(EventKind::Submitted {
            activity: activity.name.clone(),
            identifier: activity.request.identifier.clone(),
            kind: activity.kind(),
            window_start,
            window_end,
            priority,
            optimal: activity.optimal,
        });
        self.records.push(TaskRecord {
            activity: activity.name.clone(),
            identifier: activity.request.identifier.clone(),
            kind: activity.kind(),
            submitted_at: self.now,
            window_start,
            started_at: None,
            ended_at: None,
            outcome: None,
            canceled: None,
            by_debugger: false,
        });
        let continued = activity.kind() == TaskKind::ContinuedProcessing;
        if continued {
            self.live.push(LiveActivity {
                identifier: activity.request.identifier.clone(),
                title: activity.request.title.clone(),
                subtitle: activity.request.subtitle.clone(),
                state: LiveState::Queued,
                progress: None,
                prompt: None,
                ended_at: None,
            });
        }
        let strategy = activity.request.strategy;
        self.pending.push(activity);
        if window_start > self.now {
            self.schedule(window_start, Timer::WindowOpens);
        }
        if continued {
            let index = self.pending.len() - 1;
            let evaluation = self.evaluate_activity(&self.pending[index]);
            if evaluation.run {
                self.start_task(index, self.path_of(&evaluation));
            } else if strategy == Strategy::Fail {
                let activity = self.pending.remove(index);
                self.drop_queued_live(&activity.request.identifier);
                self.records.pop();
                self.emit(EventKind::SubmitRejected {
                    identifier: activity.request.identifier.clone(),
                    kind: activity.kind(),
                    error: SubmitError::ImmediateRunIneligible {
                        running: self.running_continued(),
                        max: self.params.continued_max_concurrent as u32,
                    },
                });
            }
        }
    }

    fn cancel(&mut self, matches: impl Fn(&Activity) -> bool, cause: CancelCause) {
        let mut index = 0;
        while index < self.pending.len() {
            if matches(&self.pending[index]) {
                let activity = self.pending.remove(index);
                self.record_cancel(&activity, cause);
                if activity.kind() == TaskKind::ContinuedProcessing {
                    self.drop_queued_live(&activity.request.identifier);
                }
            } else {
                index += 1;
            }
        }
    }

    /// The timeline record of a dasd activity (the newest with that name).
    fn record_of(&mut self, activity: &str) -> Option<&mut TaskRecord> {
        self.records
            .iter_mut()
            .rev()
            .find(|r| r.activity == activity)
    }

    /// Remove the system UI entry of a continued request that never started.
    fn drop_queued_live(&mut self, identifier: &str) {
        self.live
            .retain(|l| !(l.identifier == identifier && l.state == LiveState::Queued));
    }

    fn record_cancel(&mut self, activity: &Activity, cause: CancelCause) {
        // It is no longer evaluated: forget its last verdict, or the list grows all run long.
        self.last_signature.retain(|(s, _)| *s != activity.serial);
        let now = self.now;
        if let Some(record) = self.record_of(&activity.name) {
            record.ended_at = Some(now);
            record.canceled = Some(cause);
        }
        self.today().by_kind[kind_index(activity.kind())].canceled_waiting += 1;
        self.emit(EventKind::Canceled {
            activity: activity.name.clone(),
            identifier: activity.request.identifier.clone(),
            cause,
        });
    }

    // ---------------------------------------------------------------- deciding

    fn running_continued(&self) -> u32 {
        self.running
            .iter()
            .filter(|t| t.activity.kind() == TaskKind::ContinuedProcessing)
            .count() as u32
    }

    fn context<'a>(
        &'a self,
        activity: &'a Activity,
        progress: Option<ProgressStatus>,
    ) -> PolicyContext<'a> {
        let kind = activity.kind();
        let window = secs(self.params.rate_limit_window_h * 3600.0);
        let mut recent_runs = 0;
        let mut oldest: Option<Instant> = None;
        for &(at, k) in &self.runs {
            if class_of(k) == class_of(kind) && self.now - at < window {
                recent_runs += 1;
                oldest = Some(oldest.map_or(at, |o| o.min(at)));
            }
        }
        let jitter_ms = mix(
            self.seed ^ activity.serial,
            (self.now.as_millis() as u64) / 1000,
        ) % ((self.params.app_lookahead_jitter_max_s * 1000.0) as u64 + 1);
        PolicyContext {
            now: self.now,
            params: &self.params,
            caps: self.caps,
            device: &self.device,
            low_power_since: self.low_power_since,
            app: AppStatus {
                foreground: self.lifecycle == Lifecycle::Foreground,
                swiped_away: self.swiped_away,
                refresh_switch_app: self.refresh_switch_app,
                has_running_task: !self.running.is_empty(),
            },
            predictor: &self.predictor,
            budgets: BudgetStatus {
                energy_left_s: self.params.energy_budget_s_per_day - self.energy_used_s,
                data_left_mb: self.params.data_budget_mb_per_day - self.data_used_mb,
                recent_runs,
                rate_limit_clears_at: oldest.map(|o| o + window),
            },
            thundering_herd_trigger: self.herd_trigger,
            lookahead_jitter: Duration::from_millis(jitter_ms as i64),
            progress,
            running_continued: self.running_continued(),
            activity,
        }
    }

    fn evaluate_activity(&self, activity: &Activity) -> Evaluation {
        self.evaluate_with(activity, &self.device)
    }

    /// Evaluate with a given device state (the live one, or one brought up to now for display).
    fn evaluate_with(&self, activity: &Activity, device: &DeviceState) -> Evaluation {
        let ctx = PolicyContext {
            device,
            ..self.context(activity, None)
        };
        let compatible =
            !self.running.is_empty() && activity.kind() != TaskKind::ContinuedProcessing;
        scheduler::evaluate(&ctx, compatible)
    }

    fn path_of(&self, evaluation: &Evaluation) -> LaunchPath {
        LaunchPath::Scheduler {
            score: evaluation.current_score,
            threshold: evaluation.threshold.score,
        }
    }

    fn evaluate_pending(&mut self) {
        let mut index = 0;
        while index < self.pending.len() {
            let activity = &self.pending[index];
            if self.now < activity.window_start {
                index += 1;
                continue;
            }
            // Past its window's end a request stays pending, at the most relaxed threshold
            // (developers see old requests in getPendingTaskRequests; inferred).
            let evaluation = self.evaluate_activity(activity);
            let serial = activity.serial;
            let signature = signature_of(&evaluation);
            let changed = match self.last_signature.iter_mut().find(|(s, _)| *s == serial) {
                Some(entry) if entry.1 == signature => false,
                Some(entry) => {
                    entry.1 = signature;
                    true
                }
                None => {
                    self.last_signature.push((serial, signature));
                    true
                }
            };
            let run = evaluation.run;
            let path = self.path_of(&evaluation);
            if changed || run {
                let activity = &self.pending[index];
                let kind = EventKind::Evaluated {
                    activity: activity.name.clone(),
                    identifier: activity.request.identifier.clone(),
                    evaluation: Box::new(evaluation),
                };
                self.emit(kind);
            }
            if run {
                self.last_signature.retain(|(s, _)| *s != serial);
                self.start_task(index, path);
            } else {
                index += 1;
            }
        }
    }

    // ---------------------------------------------------------------- running tasks

    fn task(&self, id: u64) -> Option<&RunningTask> {
        self.running.iter().find(|t| t.id == id)
    }

    fn task_mut(&mut self, id: u64) -> Option<&mut RunningTask> {
        self.running.iter_mut().find(|t| t.id == id)
    }

    fn running_id(&self, identifier: &str, kind: TaskKind) -> Option<u64> {
        self.running
            .iter()
            .find(|t| t.identifier() == identifier && t.activity.kind() == kind)
            .map(|t| t.id)
    }

    fn start_task(&mut self, index: usize, path: LaunchPath) {
        let activity = self.pending.remove(index);
        let kind = activity.kind();
        let Some(definition) = self.scenario.app.definition_for(activity.identifier()) else {
            self.record_cancel(&activity, CancelCause::CanceledByApp);
            return;
        };
        let behavior = definition.behavior.clone();
        if kind != TaskKind::ContinuedProcessing && path != LaunchPath::Debugger {
            self.runs.push((self.now, kind));
            let window = secs(self.params.rate_limit_window_h * 3600.0);
            let now = self.now;
            self.runs.retain(|(at, _)| now - *at < window);
        }
        let now = self.now;
        if let Some(record) = self.record_of(&activity.name) {
            record.started_at = Some(now);
            record.by_debugger = path == LaunchPath::Debugger;
        }
        // Launch or resume the app for the task.
        let launch_delay = match self.lifecycle {
            Lifecycle::Foreground | Lifecycle::Background => Duration::ZERO,
            Lifecycle::Suspended => {
                self.set_lifecycle(Lifecycle::Background);
                self.emit(EventKind::AppLaunched {
                    background: true,
                    cold: false,
                });
                secs(self.params.warm_launch_s)
            }
            Lifecycle::NotRunning | Lifecycle::Terminated | Lifecycle::SwipedAway => {
                self.set_lifecycle(Lifecycle::Background);
                self.emit(EventKind::AppLaunched {
                    background: true,
                    cold: true,
                });
                self.register_handlers();
                secs(self.params.cold_launch_s)
            }
        };
        if !self.lifecycle.process_alive() {
            // The launch itself crashed (a registration mistake): the task is lost.
            if let Some(record) = self.record_of(&activity.name) {
                record.ended_at = Some(now);
                record.outcome = Some(Outcome::Killed);
            }
            return;
        }
        let allowance = match kind {
            TaskKind::AppRefresh => {
                let p = &self.params;
                let short = p.refresh_short_allowance_chance > 0.0
                    && self.rng.chance(p.refresh_short_allowance_chance);
                Some(if short {
                    let low = (p.refresh_short_allowance_min_s * 1000.0) as i64;
                    let high = (p.refresh_short_allowance_max_s * 1000.0) as i64;
                    Duration::from_millis(self.rng.range_i64(low, high))
                } else {
                    secs(p.refresh_time_limit_s)
                })
            }
            TaskKind::Processing | TaskKind::HealthResearch => {
                Some(secs(self.params.processing_time_limit_s))
            }
            TaskKind::ContinuedProcessing => None,
        };
        let id = self.next_id;
        self.next_id += 1;
        self.running.push(RunningTask {
            id,
            activity,
            launched_at: self.now,
            handler_started_at: None,
            allowance,
            expiring_since: None,
            fraction: 0.0,
            last_progress_at: self.now,
            progress_reported: false,
            work_done: false,
            path,
            prompts_shown: 0,
            open_prompt: None,
            behavior,
        });
        self.schedule(self.now + launch_delay, Timer::HandlerStart(id));
    }

    fn handler_start(&mut self, id: u64) {
        let now = self.now;
        let Some(task) = self.task_mut(id) else {
            return;
        };
        task.handler_started_at = Some(now);
        task.last_progress_at = now;
        let behavior = task.behavior.clone();
        let activity = task.activity.clone();
        let allowance = task.allowance;
        let path = task.path;
        let kind = activity.kind();
        self.emit(EventKind::TaskStarted {
            activity: activity.name.clone(),
            identifier: activity.request.identifier.clone(),
            kind,
            path,
            allowance,
        });
        self.sync_live(id);
        if behavior.resubmit == Resubmit::AtStart && kind != TaskKind::ContinuedProcessing {
            self.submit(self.resubmission(&activity));
            if self.task(id).is_none() {
                return;
            }
        }
        if behavior.needs_network && self.device.network == Network::Offline {
            let at = self.now + Duration::from_secs(1);
            self.schedule(at, Timer::WorkDone(id));
            return;
        }
        let work = secs(behavior.work_s);
        self.schedule(self.now + work, Timer::WorkDone(id));
        if let Some(allowance) = allowance {
            self.schedule(self.now + allowance, Timer::TimeLimit(id));
        }
        if kind == TaskKind::ContinuedProcessing {
            if let ProgressReporting::Every { seconds } = behavior.progress {
                self.schedule(self.now + secs(seconds), Timer::Progress(id));
            }
            self.schedule_stall_check(id);
            let warmup = if self.caps.is_ipad {
                self.params.progress_warmup_pad_s
            } else {
                self.params.progress_warmup_phone_s
            };
            self.schedule(self.now + secs(warmup), Timer::PromptCheck(id));
        }
        if behavior.peak_memory_mb > self.params.pressured_memory_limit_mb {
            // The footprint peaks halfway through the work.
            self.schedule(self.now + work.mul_f64(0.5), Timer::Jetsam(id));
        }
        let cpu_watched = kind.is_processing_like()
            && !activity.request.requires_external_power
            && behavior.cpu_percent > self.params.cpu_monitor_limit_percent;
        let window = secs(self.params.cpu_monitor_window_s);
        if cpu_watched && work > window {
            self.schedule(self.now + window, Timer::CpuMonitor(id));
        }
    }

    fn resubmission(&self, activity: &Activity) -> TaskRequest {
        self.scenario
            .request_for(activity.identifier())
            .filter(|r| r.identifier == activity.request.identifier)
            .unwrap_or_else(|| activity.request.clone())
    }

    fn work_done(&mut self, id: u64) {
        let offline = self.device.network == Network::Offline;
        let Some(task) = self.task_mut(id) else {
            return;
        };
        if task.expiring_since.is_some() {
            return;
        }
        let failed_offline = task.behavior.needs_network && offline;
        if !failed_offline {
            task.work_done = true;
            task.fraction = 1.0;
        }
        let behavior = task.behavior.clone();
        let activity = task.activity.clone();
        if activity.kind() == TaskKind::ContinuedProcessing && !failed_offline {
            let reports = matches!(behavior.progress, ProgressReporting::Every { .. })
                && behavior
                    .progress_stops_after_s
                    .is_none_or(|s| s >= behavior.work_s);
            if reports {
                self.note_progress(id, 1.0);
            }
        }
        if !behavior.calls_set_task_completed {
            // The work is over but the task stays open until something expires it.
            return;
        }
        if failed_offline {
            self.end_task(id, Outcome::Failed, EndCause::NoNetwork);
        } else {
            self.end_task(id, Outcome::Completed, EndCause::WorkDone);
        }
        if behavior.resubmit == Resubmit::AtEnd
            && activity.kind() != TaskKind::ContinuedProcessing
            && self.lifecycle.process_alive()
        {
            self.submit(self.resubmission(&activity));
        }
    }

    fn progress_tick(&mut self, id: u64) {
        let now = self.now;
        let Some(task) = self.task(id) else { return };
        if task.work_done || task.expiring_since.is_some() {
            return;
        }
        let started = task.handler_started_at.unwrap_or(now);
        let elapsed = (now - started).as_secs_f64();
        let behavior = &task.behavior;
        if behavior.progress_stops_after_s.is_some_and(|s| elapsed > s) {
            return;
        }
        let fraction = if behavior.work_s > 0.0 {
            (elapsed / behavior.work_s).min(1.0)
        } else {
            1.0
        };
        let ProgressReporting::Every { seconds } = behavior.progress else {
            return;
        };
        self.note_progress(id, fraction);
        self.schedule(now + secs(seconds), Timer::Progress(id));
    }

    fn note_progress(&mut self, id: u64, fraction: f64) {
        let now = self.now;
        let Some(task) = self.task_mut(id) else {
            return;
        };
        if fraction > task.fraction || !task.progress_reported {
            task.last_progress_at = now;
        }
        task.fraction = fraction;
        task.progress_reported = true;
        let identifier = task.identifier().to_string();
        self.emit(EventKind::Progress {
            identifier,
            fraction,
        });
        self.sync_live(id);
        self.schedule_stall_check(id);
    }

    fn stall_limit(&self, task: &RunningTask) -> f64 {
        if task.behavior.progress == ProgressReporting::Indeterminate && !task.progress_reported {
            self.params.stall_indeterminate_after_s
        } else {
            self.params.stall_after_s
        }
    }

    fn schedule_stall_check(&mut self, id: u64) {
        let Some(task) = self.task(id) else { return };
        let at = task.last_progress_at + secs(self.stall_limit(task)) + Duration::from_millis(1);
        self.schedule(at, Timer::StallCheck(id));
    }

    fn stall_check(&mut self, id: u64) {
        let Some(task) = self.task(id) else { return };
        if task.expiring_since.is_some() {
            return;
        }
        let limit_s = self.stall_limit(task);
        let since = (self.now - task.last_progress_at).as_secs_f64();
        if since > limit_s {
            self.expire(
                id,
                EndCause::Stalled {
                    since_progress_s: since,
                    limit_s,
                },
            );
        }
    }

    fn prompt_check(&mut self, id: u64) {
        let now = self.now;
        let ipad = self.caps.is_ipad;
        let p = self.params.clone();
        let Some(task) = self.task_mut(id) else {
            return;
        };
        if task.expiring_since.is_some() || task.work_done {
            return;
        }
        let started = task.handler_started_at.unwrap_or(now);
        let elapsed = (now - started).as_secs_f64();
        let warmup = if ipad {
            p.progress_warmup_pad_s
        } else {
            p.progress_warmup_phone_s
        };
        let expected = p.progress_baseline_per_warmup * elapsed / warmup.max(1.0);
        let extended = if ipad {
            p.extended_duration_pad_s
        } else {
            p.extended_duration_phone_s
        };
        let prompt = if task.prompts_shown == 0 && task.fraction < expected {
            Some(Prompt::FirstRateOfProgress)
        } else if task.prompts_shown == 1
            && task.fraction < expected * (1.0 - p.progress_second_prompt_deviation)
        {
            Some(Prompt::SecondRateOfProgress)
        } else if task.prompts_shown < 3 && elapsed >= extended {
            task.prompts_shown = 2;
            Some(Prompt::ExtendedDuration)
        } else {
            None
        };
        if let Some(prompt) = prompt {
            task.prompts_shown += 1;
            task.open_prompt = Some(prompt);
            let identifier = task.identifier().to_string();
            self.emit(EventKind::PromptShown { identifier, prompt });
            self.sync_live(id);
        }
        let next = if self
            .task(id)
            .is_some_and(|t| t.prompts_shown >= 1 && t.prompts_shown < 2)
        {
            p.progress_second_prompt_after_s
        } else {
            (extended - elapsed).max(p.progress_second_prompt_after_s)
        };
        if self.task(id).is_some_and(|t| t.prompts_shown < 3) {
            self.schedule(now + secs(next), Timer::PromptCheck(id));
        }
    }

    fn check_jetsam(&mut self, id: u64) {
        let Some(task) = self.task(id) else { return };
        if task.handler_started_at.is_none() || task.work_done {
            return;
        }
        let footprint_mb = task.behavior.peak_memory_mb;
        let started = task.handler_started_at.unwrap_or(self.now);
        let peaked = self.now - started >= secs(task.behavior.work_s).mul_f64(0.5);
        if !peaked || self.lifecycle == Lifecycle::Foreground {
            return;
        }
        let limit_mb =
            if self.device.memory_pressure == MemoryPressure::High || self.device.camera_active {
                self.params.pressured_memory_limit_mb
            } else {
                self.params.background_memory_limit_mb
            };
        if footprint_mb > limit_mb {
            self.terminate(Termination::Jetsam {
                footprint_mb,
                limit_mb,
            });
        }
    }

    fn pending_expiry_cause(&self, id: u64) -> Option<EndCause> {
        let task = self.task(id)?;
        task.expiring_since?;
        Some(
            self.expiry_causes
                .get(&id)
                .copied()
                .unwrap_or(EndCause::TimeLimit {
                    allowance: task.allowance.unwrap_or_default(),
                }),
        )
    }

    fn expire(&mut self, id: u64, cause: EndCause) {
        let now = self.now;
        let Some(task) = self.task_mut(id) else {
            return;
        };
        if task.expiring_since.is_some() {
            return;
        }
        if task.handler_started_at.is_none() {
            // Expired before its handler even ran: nothing to call.
            self.end_task(id, Outcome::Expired, cause);
            return;
        }
        task.expiring_since = Some(now);
        let behavior = task.behavior.clone();
        let identifier = task.identifier().to_string();
        let kind = task.activity.kind();
        if behavior.sets_expiration_handler {
            self.emit(EventKind::ExpirationHandlerCalled { identifier, cause });
            if behavior.calls_set_task_completed {
                self.expiry_causes.insert(id, cause);
                self.schedule(
                    now + Duration::from_millis(100),
                    Timer::CompleteAfterExpiration(id),
                );
            } else {
                self.schedule(now + secs(self.params.expiration_grace_s), Timer::Grace(id));
            }
        } else {
            // No handler: the system marks the task failed; unfinished refresh and processing work
            // then costs the app its process.
            // A task still running at its time limit has not completed: the app loses its process.
            self.end_task(id, Outcome::Expired, cause);
            if kind != TaskKind::ContinuedProcessing && matches!(cause, EndCause::TimeLimit { .. })
            {
                self.terminate(Termination::TaskNotCompleted);
            }
        }
    }

    fn end_task(&mut self, id: u64, outcome: Outcome, cause: EndCause) {
        let Some(index) = self.running.iter().position(|t| t.id == id) else {
            return;
        };
        let task = self.running.remove(index);
        self.expiry_causes.remove(&id);
        let started = task.handler_started_at.unwrap_or(task.launched_at);
        let ran_for = self.now - started;
        if !self.device.plugged_in && task.activity.kind() != TaskKind::ContinuedProcessing {
            self.energy_used_s += ran_for.as_secs_f64() * (0.5 + task.behavior.cpu_percent / 200.0);
        }
        if task.behavior.needs_network && self.device.network == Network::Cellular {
            self.data_used_mb += self.params.data_per_run_mb;
        }
        let now = self.now;
        if let Some(record) = self.record_of(&task.activity.name) {
            record.ended_at = Some(now);
            record.outcome = Some(outcome);
        }
        if task.activity.kind() == TaskKind::ContinuedProcessing {
            let identifier = task.identifier();
            if let Some(live) = self
                .live
                .iter_mut()
                .find(|l| l.identifier == identifier && !matches!(l.state, LiveState::Failed(_)))
            {
                if outcome == Outcome::Completed {
                    live.state = LiveState::Completed;
                    live.progress = Some(1.0);
                    live.prompt = None;
                } else {
                    live.state = LiveState::Failed(cause);
                    live.prompt = None;
                }
                live.ended_at = Some(self.now);
            }
            if outcome == Outcome::Canceled {
                let identifier = identifier.to_string();
                self.live.retain(|l| l.identifier != identifier);
            }
            if outcome == Outcome::Completed {
                self.schedule(self.now + Duration::from_secs(4), Timer::ClearCompleted);
            }
        }
        self.emit(EventKind::TaskEnded {
            activity: task.activity.name.clone(),
            identifier: task.activity.request.identifier.clone(),
            kind: task.activity.kind(),
            outcome,
            cause,
            ran_for,
            had_expiration_handler: task.behavior.sets_expiration_handler,
        });
        self.maybe_suspend();
        // A slot may have freed for a queued continued task.
        if task.activity.kind() == TaskKind::ContinuedProcessing {
            self.evaluate_pending();
        }
    }

    fn kill_running(&mut self, cause: EndCause) {
        let ids: Vec<u64> = self.running.iter().map(|t| t.id).collect();
        for id in ids {
            self.end_task(id, Outcome::Killed, cause);
        }
    }

    fn terminate(&mut self, termination: Termination) {
        self.kill_running(EndCause::ProcessEnded(termination));
        self.set_lifecycle(Lifecycle::Terminated);
        self.registered.clear();
        self.background_task_until = None;
        self.emit(EventKind::AppTerminated(termination));
    }

    fn sync_live(&mut self, id: u64) {
        let Some(task) = self.task(id) else { return };
        if task.activity.kind() != TaskKind::ContinuedProcessing {
            return;
        }
        let identifier = task.identifier().to_string();
        let progress = match task.behavior.progress {
            ProgressReporting::Indeterminate if !task.progress_reported => None,
            _ => Some(task.fraction),
        };
        let prompt = task.open_prompt;
        let running = task.handler_started_at.is_some();
        if let Some(live) = self
            .live
            .iter_mut()
            .find(|l| l.identifier == identifier && !matches!(l.state, LiveState::Failed(_)))
        {
            live.progress = progress;
            live.prompt = prompt;
            if running {
                live.state = LiveState::Running;
            }
        }
    }
}

fn signature_of(evaluation: &Evaluation) -> u64 {
    let mut blocking: u64 = 0;
    for vote in evaluation.blocking() {
        blocking |= 1 << vote.policy;
    }
    let score = (evaluation.current_score * 50.0) as u64;
    let threshold = (evaluation.threshold.score * 50.0) as u64;
    (blocking << 20) ^ (score << 10) ^ threshold ^ (u64::from(evaluation.run) << 63)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::TaskRequest;
    use crate::device::Thermal;

    fn events_json(sim: &Sim) -> String {
        serde_json::to_string(sim.events()).unwrap()
    }

    #[test]
    fn clicks_during_a_live_run_replay_identically() {
        let mut live = Sim::new(&Scenario::default()).unwrap();
        let clicks = [
            (Duration::from_mins(3), Input::OpenApp),
            (Duration::ZERO, Input::GoHome),
            (Duration::ZERO, Input::SetPluggedIn { on: true }),
            (
                Duration::from_mins(40),
                Input::SetThermal {
                    thermal: Thermal::Fair,
                },
            ),
            (
                Duration::from_hours(5),
                Input::Submit {
                    request: TaskRequest {
                        identifier: "com.example.news.refresh".into(),
                        ..TaskRequest::default()
                    },
                },
            ),
            (Duration::from_hours(20), Input::SwipeAppAway),
            (Duration::ZERO, Input::OpenApp),
        ];
        for (wait, input) in clicks {
            live.advance_by(wait);
            // Land exactly on the instant of the next scheduled timer, so the click shares its
            // millisecond with other work.
            live.step();
            live.push_input(input).unwrap();
        }
        live.advance_by(Duration::from_days(2));
        let mut replay = Sim::new(live.scenario()).unwrap();
        replay.advance_to(live.now());
        let first_difference = live
            .events()
            .iter()
            .zip(replay.events())
            .position(|(a, b)| a != b);
        assert_eq!(
            first_difference.map(|i| (&live.events()[i], &replay.events()[i])),
            None
        );
        assert_eq!(events_json(&live), events_json(&replay));
        assert!(live.events().len() > 20);
    }

    #[test]
    fn nothing_launches_after_a_restart_until_the_first_unlock() {
        let mut scenario = Scenario {
            user_routine: false,
            ..Scenario::default()
        };
        scenario.push_input(Duration::ZERO, Input::OpenApp);
        scenario.push_input(Duration::from_mins(1), Input::GoHome);
        scenario.push_input(Duration::from_mins(2), Input::RestartPhone);
        let mut sim = Sim::new(&scenario).unwrap();
        sim.advance_by(Duration::from_hours(6));
        assert!(
            !sim.events()
                .iter()
                .any(|e| matches!(e.kind, EventKind::TaskStarted { .. })),
            "a task started before the first unlock"
        );
        let serial = sim.pending()[0].serial;
        let why = sim.explain(serial).unwrap();
        assert!(why.evaluation.blocking().any(|v| matches!(
            v.response.rationale,
            crate::scheduler::Rationale::BeforeFirstUnlock
        )));
        sim.push_input(Input::PickUpPhone).unwrap();
        sim.push_input(Input::Lock).unwrap();
        sim.advance_by(Duration::from_hours(1));
        assert!(sim
            .events()
            .iter()
            .any(|e| matches!(e.kind, EventKind::TaskStarted { .. })));
    }

    #[test]
    fn inputs_cannot_be_added_before_the_last_one() {
        let mut scenario = Scenario::default();
        scenario.push_input(Duration::from_hours(1), Input::Lock);
        let mut sim = Sim::new(&scenario).unwrap();
        let error = sim.push_input(Input::OpenApp).unwrap_err();
        assert!(error.0.contains("after the last"), "{error}");
        assert!(sim.push_input(Input::SetBattery { level: 140.0 }).is_err());
    }
}
