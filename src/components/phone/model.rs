//! What the phone shows, derived from the run: a plain snapshot that the views render. Nothing
//! here touches the browser, so the rules ("a locked phone shows the lock screen", "a continued
//! task on a phone without a Dynamic Island shows a banner") are tested natively.

use crate::format::capitalized;
use engine::app::TaskKind;
use engine::device::{DeviceModel, Network, Screen, Thermal};
use engine::log::{EndCause, Termination};
use engine::scenario::Input;
use engine::sim::{Lifecycle, LiveState, Presentation, RunningTask, Sim};
use engine::time::Instant;

/// Which drawing of the device to use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Frame {
    /// A modern iPhone with a Dynamic Island.
    Island,
    /// An iPhone SE: thick bezels and a home button.
    Classic,
    /// An iPad Pro: wider, thin even bezels.
    Ipad,
    /// The Dynamic Island iPhone inside Xcode's Simulator window.
    Simulator,
}

impl Frame {
    /// The frame for a device model.
    pub fn of(model: DeviceModel) -> Frame {
        match model {
            DeviceModel::IphoneDynamicIsland => Frame::Island,
            DeviceModel::IphoneClassic => Frame::Classic,
            DeviceModel::IpadM => Frame::Ipad,
            DeviceModel::Simulator => Frame::Simulator,
        }
    }

    /// The CSS class that selects the frame's drawing.
    pub fn class(self) -> &'static str {
        match self {
            Frame::Island => "model-island",
            Frame::Classic => "model-classic",
            Frame::Ipad => "model-ipad",
            Frame::Simulator => "model-simulator",
        }
    }

    /// The device has a Dynamic Island.
    pub fn has_island(self) -> bool {
        matches!(self, Frame::Island | Frame::Simulator)
    }

    /// The device has a home button (otherwise a home bar).
    pub fn has_home_button(self) -> bool {
        self == Frame::Classic
    }

    /// What to call the device in sentences ("iPhone", "iPad").
    pub fn noun(self) -> &'static str {
        match self {
            Frame::Ipad => "iPad",
            _ => "iPhone",
        }
    }
}

/// What fills the screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScreenKind {
    /// The lock screen.
    Lock,
    /// The home screen with its grid of apps.
    Home,
    /// Our app, in the foreground.
    App,
    /// The camera, while it is in use.
    Camera,
    /// iOS's "Temperature" warning: the device must cool down.
    TooWarm,
}

/// The battery's colour, as iOS picks it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BatteryTint {
    /// White (or black on light backgrounds).
    Normal,
    /// Green while charging.
    Charging,
    /// Yellow in Low Power Mode.
    LowPower,
    /// Red at 20 % or less.
    Low,
}

impl BatteryTint {
    /// CSS class of the battery icon.
    pub fn class(self) -> &'static str {
        match self {
            BatteryTint::Normal => "battery-normal",
            BatteryTint::Charging => "battery-charging",
            BatteryTint::LowPower => "battery-low-power",
            BatteryTint::Low => "battery-low",
        }
    }
}

/// The right-hand side of the status bar and what sits beside the clock.
#[derive(Clone, Debug, PartialEq)]
pub struct Status {
    /// `HH:MM`, as the status bar shows it.
    pub time: String,
    /// `HH:MM:SS`, for the machine-readable `datetime` attribute.
    pub time_precise: String,
    /// Battery level, 0..=100, rounded.
    pub battery_percent: u8,
    /// The battery's colour.
    pub battery_tint: BatteryTint,
    /// The charger is connected (the bolt shows).
    pub charging: bool,
    /// Low Power Mode is on.
    pub low_power: bool,
    /// Network reachability.
    pub network: Network,
    /// Thermal state, when warm enough for a warning badge.
    pub thermal_warning: Option<Thermal>,
    /// A call is in progress (green pill).
    pub call: bool,
    /// The camera is in use (green dot).
    pub camera: bool,
}

/// Where a continued task is in its life, as its Live Activity shows it.
#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    /// Queued: "Waiting…".
    Waiting,
    /// Running, with the fraction done (None while indeterminate).
    Running(Option<f64>),
    /// Told to stop (its expiration handler runs); it ends in a moment.
    Stopping(Option<f64>),
    /// Finished: a check mark, briefly.
    Completed,
    /// Ended without finishing, with a short reason.
    Failed(&'static str),
}

/// One continued task in the system UI.
#[derive(Clone, Debug, PartialEq)]
pub struct Activity {
    /// The concrete identifier (what Stop, Continue and Dismiss refer to).
    pub identifier: String,
    /// The title the app gave it (the app's name if it gave none).
    pub title: String,
    /// The subtitle the app gave it.
    pub subtitle: String,
    /// Where it is.
    pub phase: Phase,
    /// The system is asking whether to continue a slow task.
    pub prompt: bool,
}

impl Activity {
    /// The line under the title: the state when it says more than the subtitle.
    pub fn detail(&self) -> String {
        match &self.phase {
            Phase::Waiting => "Waiting…".into(),
            Phase::Running(_) => self.subtitle.clone(),
            Phase::Stopping(_) => "Stopping…".into(),
            Phase::Completed => "Done".into(),
            Phase::Failed(reason) => format!("Failed — {reason}"),
        }
    }

    /// The percentage done, if known.
    pub fn percent(&self) -> Option<u8> {
        match self.phase {
            Phase::Running(Some(fraction)) | Phase::Stopping(Some(fraction)) => {
                Some(percent(fraction))
            }
            Phase::Completed => Some(100),
            _ => None,
        }
    }

    /// The slow-progress question the system asks.
    pub fn prompt_text(&self) -> String {
        format!("{} is taking longer than expected. Continue?", self.title)
    }
}

/// A refresh or processing task running in the background right now.
#[derive(Clone, Debug, PartialEq)]
pub struct BackgroundWork {
    /// The identifier.
    pub identifier: String,
    /// "Refresh", "Processing"...
    pub kind: &'static str,
    /// How far along it is.
    pub stage: WorkStage,
}

/// How far along a background task is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WorkStage {
    /// The app is being launched for it.
    Launching,
    /// The handler runs, with whole seconds left of its allowance (if limited).
    Running(Option<i64>),
    /// Its expiration handler was called.
    Expiring,
}

impl BackgroundWork {
    /// E.g. `Refresh · 23 s left`.
    pub fn summary(&self) -> String {
        let stage = match self.stage {
            WorkStage::Launching => "launching…".to_string(),
            WorkStage::Running(Some(left)) => format!("{} left", countdown(left)),
            WorkStage::Running(None) => "running".to_string(),
            WorkStage::Expiring => "expiring…".to_string(),
        };
        format!("{} · {stage}", self.kind)
    }
}

/// One of the app's registered launch handlers, as the app's own screen lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct Handler {
    /// The identifier it was registered for (may end in `.*`).
    pub identifier: String,
    /// The task class, e.g. `BGAppRefreshTask`.
    pub class: &'static str,
    /// What it is doing now, e.g. `Running in the background · 23 s left`.
    pub status: String,
    /// A task for it runs now.
    pub running: bool,
}

/// Everything the phone shows at one moment.
#[derive(Clone, Debug, PartialEq)]
pub struct PhoneModel {
    /// The device's drawing.
    pub frame: Frame,
    /// The device's display name (for the Simulator's title bar and captions).
    pub device_name: &'static str,
    /// The OS version, e.g. `iOS 26`.
    pub os: &'static str,
    /// The status bar.
    pub status: Status,
    /// What fills the screen.
    pub screen: ScreenKind,
    /// The phone is locked.
    pub locked: bool,
    /// Unlocked but untouched: the screen is dimmed.
    pub dimmed: bool,
    /// Our app's name (the bundle identifier's last component, capitalized).
    pub app_name: String,
    /// Our app's bundle identifier.
    pub bundle_id: String,
    /// Where continued tasks show.
    pub presentation: Presentation,
    /// Continued tasks in the system UI.
    pub activities: Vec<Activity>,
    /// Refresh and processing tasks running now.
    pub background_work: Vec<BackgroundWork>,
    /// The app's registered launch handlers.
    pub handlers: Vec<Handler>,
    /// The app has a card in the app switcher (its process is alive).
    pub in_switcher: bool,
    /// The app's lifecycle, in words.
    pub lifecycle: &'static str,
}

impl PhoneModel {
    /// The snapshot of `sim` now.
    pub fn of(sim: &Sim) -> PhoneModel {
        let scenario = sim.scenario();
        let device = sim.device();
        let now = sim.now();
        let frame = Frame::of(scenario.device);
        let lifecycle = sim.lifecycle();
        let app_name = app_name(&scenario.app.bundle_id);
        let screen = if device.thermal == Thermal::Critical {
            ScreenKind::TooWarm
        } else if device.screen == Screen::Locked {
            ScreenKind::Lock
        } else if device.camera_active {
            ScreenKind::Camera
        } else if lifecycle == Lifecycle::Foreground {
            ScreenKind::App
        } else {
            ScreenKind::Home
        };
        let activities = sim
            .live_activities()
            .iter()
            .map(|live| Activity {
                identifier: live.identifier.clone(),
                title: if live.title.trim().is_empty() {
                    app_name.clone()
                } else {
                    live.title.clone()
                },
                subtitle: live.subtitle.clone(),
                phase: match live.state {
                    LiveState::Queued => Phase::Waiting,
                    LiveState::Running if stopping(sim, &live.identifier) => {
                        Phase::Stopping(live.progress)
                    }
                    LiveState::Running => Phase::Running(live.progress),
                    LiveState::Completed => Phase::Completed,
                    LiveState::Failed(cause) => Phase::Failed(failure_reason(cause)),
                },
                prompt: live.prompt.is_some(),
            })
            .collect();
        let background_work: Vec<BackgroundWork> = sim
            .running()
            .iter()
            .filter(|task| task.activity.kind() != TaskKind::ContinuedProcessing)
            .map(|task| background_work(task, now))
            .collect();
        let handlers = sim
            .registered()
            .map(|identifier| handler(sim, identifier, now))
            .collect();
        PhoneModel {
            frame,
            device_name: device_name(frame),
            os: scenario.os.label(),
            status: Status {
                time: now.hh_mm(),
                time_precise: now.hh_mm_ss(),
                battery_percent: percent(device.battery / 100.0),
                battery_tint: battery_tint(
                    device.battery,
                    device.plugged_in,
                    device.low_power_mode,
                ),
                charging: device.plugged_in,
                low_power: device.low_power_mode,
                network: device.network,
                thermal_warning: (device.thermal >= Thermal::Serious).then_some(device.thermal),
                call: device.call_active,
                camera: device.camera_active,
            },
            screen,
            locked: device.screen == Screen::Locked,
            dimmed: device.screen == Screen::Idle,
            app_name,
            bundle_id: scenario.app.bundle_id.clone(),
            presentation: sim.presentation(),
            activities,
            background_work,
            handlers,
            in_switcher: matches!(
                lifecycle,
                Lifecycle::Foreground | Lifecycle::Background | Lifecycle::Suspended
            ),
            lifecycle: lifecycle.label(),
        }
    }

    /// What touching the screen's home control does: unlock a locked or dimmed phone, leave
    /// the app for the home screen, or nothing on the home screen.
    pub fn home_input(&self) -> Option<Input> {
        if self.locked || self.dimmed {
            Some(Input::PickUpPhone)
        } else if matches!(self.screen, ScreenKind::App | ScreenKind::Camera) {
            Some(Input::GoHome)
        } else {
            None
        }
    }

    /// What the side (or top) button does: lock an unlocked phone, wake a locked one.
    pub fn side_button_input(&self) -> Input {
        if self.locked {
            Input::PickUpPhone
        } else {
            Input::Lock
        }
    }

    /// The accessible name of the side button, saying what pressing it does now.
    pub fn side_button_label(&self) -> &'static str {
        if self.locked {
            "Side button (wake and unlock)"
        } else {
            "Side button (lock)"
        }
    }

    /// Continued tasks show in the Dynamic Island now.
    pub fn island_active(&self) -> bool {
        self.presentation == Presentation::DynamicIsland && !self.activities.is_empty()
    }

    /// Continued tasks show as a banner now.
    pub fn banner_active(&self) -> bool {
        self.presentation == Presentation::Banner
            && !self.activities.is_empty()
            && matches!(self.screen, ScreenKind::Home | ScreenKind::App)
    }

    /// A one-sentence description of the phone for screen readers.
    pub fn caption(&self) -> String {
        let place = match self.screen {
            ScreenKind::Lock => "on its lock screen".to_string(),
            ScreenKind::Home => "on its home screen".to_string(),
            ScreenKind::App => format!("showing {}", self.app_name),
            ScreenKind::Camera => "showing the camera".to_string(),
            ScreenKind::TooWarm => "too warm to use".to_string(),
        };
        format!(
            "A simulated {} {place}; its clock reads {}, battery {} %.",
            self.device_name, self.status.time, self.status.battery_percent
        )
    }
}

/// The running task with this identifier has been told to stop.
fn stopping(sim: &Sim, identifier: &str) -> bool {
    sim.running()
        .iter()
        .any(|task| task.identifier() == identifier && task.expiring_since.is_some())
}

fn device_name(frame: Frame) -> &'static str {
    match frame {
        Frame::Island | Frame::Simulator => "iPhone 17 Pro",
        Frame::Classic => "iPhone SE",
        Frame::Ipad => "iPad Pro",
    }
}

/// A fraction 0..=1 as a whole percentage.
pub fn percent(fraction: f64) -> u8 {
    if fraction.is_finite() {
        (fraction.clamp(0.0, 1.0) * 100.0).round() as u8
    } else {
        0
    }
}

/// The app's name on the home screen: the bundle identifier's last component, capitalized
/// (`com.example.news` → `News`).
pub fn app_name(bundle_id: &str) -> String {
    let last = bundle_id
        .rsplit('.')
        .find(|part| !part.trim().is_empty())
        .unwrap_or("App")
        .trim();
    capitalized(last)
}

/// The battery's colour: yellow in Low Power Mode (even while charging), green while charging,
/// red at 20 % or less.
pub fn battery_tint(level: f64, plugged_in: bool, low_power: bool) -> BatteryTint {
    if low_power {
        BatteryTint::LowPower
    } else if plugged_in {
        BatteryTint::Charging
    } else if level <= 20.0 {
        BatteryTint::Low
    } else {
        BatteryTint::Normal
    }
}

/// A Live Activity's short reason for failing, from why the task ended.
pub fn failure_reason(cause: EndCause) -> &'static str {
    match cause {
        EndCause::WorkDone => "finished",
        EndCause::NoNetwork => "no network",
        EndCause::TimeLimit { .. } => "time limit reached",
        EndCause::DeviceBecameActive => "device in use",
        EndCause::PowerDisconnected => "charger disconnected",
        EndCause::UserStopped => "stopped by user",
        EndCause::UserStoppedAtPrompt => "stopped at the prompt",
        EndCause::Stalled { .. } => "no progress",
        EndCause::Thermal { .. } => "device too warm",
        EndCause::DebuggerExpiration => "expired by the debugger",
        EndCause::SwipedAway | EndCause::ProcessEnded(Termination::SwipedAway) => "app swiped away",
        EndCause::ProcessEnded(Termination::Jetsam { .. }) => "used too much memory",
        EndCause::ProcessEnded(Termination::CpuMonitor { .. }) => "used too much CPU",
        EndCause::ProcessEnded(Termination::TaskNotCompleted) => "not completed in time",
        EndCause::ProcessEnded(Termination::DeviceRestarted) => "phone restarted",
        EndCause::ProcessEnded(_) => "app terminated",
    }
}

/// Whole seconds as a countdown: `23 s` under a minute, `9:41` above.
pub fn countdown(seconds: i64) -> String {
    let seconds = seconds.max(0);
    if seconds < 60 {
        format!("{seconds} s")
    } else {
        format!("{}:{:02}", seconds / 60, seconds % 60)
    }
}

/// Short name of a task kind for badges.
fn kind_name(kind: TaskKind) -> &'static str {
    match kind {
        TaskKind::AppRefresh => "Refresh",
        TaskKind::Processing => "Processing",
        TaskKind::HealthResearch => "Health research",
        TaskKind::ContinuedProcessing => "Continued",
    }
}

fn background_work(task: &RunningTask, now: Instant) -> BackgroundWork {
    let stage = if task.expiring_since.is_some() {
        WorkStage::Expiring
    } else if task.handler_started_at.is_none() {
        WorkStage::Launching
    } else {
        // Round up, so the countdown reads "1 s" until the very end, as countdowns do.
        WorkStage::Running(
            task.deadline()
                .map(|deadline| ((deadline - now).as_millis() + 999).div_euclid(1000)),
        )
    };
    BackgroundWork {
        identifier: task.identifier().to_string(),
        kind: kind_name(task.activity.kind()),
        stage,
    }
}

fn handler(sim: &Sim, identifier: &str, now: Instant) -> Handler {
    let covers = |id: &str| id == identifier || engine::app::identifier_matches(identifier, id);
    let kind = sim
        .scenario()
        .app
        .definition_for(identifier)
        .map_or(TaskKind::AppRefresh, |d| d.request.kind);
    let running = sim.running().iter().find(|t| covers(t.identifier()));
    let status = match running {
        Some(task) if task.activity.kind() == TaskKind::ContinuedProcessing => {
            "Running now".to_string()
        }
        Some(task) => format!("Running now · {}", background_work(task, now).summary()),
        None => match sim.pending().iter().find(|a| covers(a.identifier())) {
            Some(pending) if pending.window_start > now => {
                format!("Scheduled for {} or later", pending.window_start.hh_mm())
            }
            Some(_) => "Scheduled, waiting for the system".to_string(),
            None => "Not scheduled".to_string(),
        },
    };
    Handler {
        identifier: identifier.to_string(),
        class: kind.task_class(),
        status,
        running: running.is_some(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::app::TaskRequest;
    use engine::device::DeviceState;
    use engine::scenario::{Scenario, TimedInput};
    use engine::time::Duration;

    /// The continued export of engine/scenarios/continued_export.json on `device`, with the
    /// inputs given (at one-second steps) instead of that file's.
    fn export(device: DeviceModel, inputs: Vec<Input>) -> Sim {
        let mut scenario = Scenario::from_json(include_str!(
            "../../../engine/scenarios/continued_export.json"
        ))
        .unwrap();
        scenario.device = device;
        scenario.inputs = inputs
            .into_iter()
            .enumerate()
            .map(|(i, input)| TimedInput {
                at: Duration::from_secs(i as i64),
                input,
            })
            .collect();
        Sim::new(&scenario).unwrap()
    }

    fn submit_export() -> Input {
        Input::Submit {
            request: TaskRequest {
                identifier: "com.example.photos.export.A1B2".into(),
                kind: TaskKind::ContinuedProcessing,
                title: "Exporting 24 photos".into(),
                subtitle: "Holiday album".into(),
                ..TaskRequest::default()
            },
        }
    }

    fn quiet() -> Scenario {
        Scenario {
            user_routine: false,
            ..Scenario::default()
        }
    }

    #[test]
    fn app_names_come_from_the_bundle_identifier() {
        assert_eq!(app_name("com.example.news"), "News");
        assert_eq!(app_name("com.example.photos."), "Photos");
        assert_eq!(app_name("single"), "Single");
        assert_eq!(app_name("..."), "App");
        assert_eq!(app_name(""), "App");
    }

    #[test]
    fn the_battery_is_yellow_in_low_power_mode_green_charging_red_when_low() {
        assert_eq!(battery_tint(80.0, false, false), BatteryTint::Normal);
        assert_eq!(battery_tint(80.0, true, false), BatteryTint::Charging);
        assert_eq!(battery_tint(80.0, true, true), BatteryTint::LowPower);
        assert_eq!(battery_tint(15.0, false, true), BatteryTint::LowPower);
        assert_eq!(battery_tint(15.0, false, false), BatteryTint::Low);
        assert_eq!(percent(0.456), 46);
        assert_eq!(percent(f64::NAN), 0);
        assert_eq!(percent(1.7), 100);
    }

    #[test]
    fn countdowns_read_seconds_then_minutes() {
        assert_eq!(countdown(23), "23 s");
        assert_eq!(countdown(-2), "0 s");
        assert_eq!(countdown(581), "9:41");
        let work = BackgroundWork {
            identifier: "x".into(),
            kind: "Refresh",
            stage: WorkStage::Running(Some(23)),
        };
        assert_eq!(work.summary(), "Refresh · 23 s left");
    }

    #[test]
    fn a_locked_phone_shows_its_lock_screen_and_the_side_button_wakes_it() {
        let sim = Sim::new(&quiet()).unwrap();
        let model = PhoneModel::of(&sim);
        assert_eq!(model.screen, ScreenKind::Lock);
        assert_eq!(model.frame, Frame::Island);
        assert_eq!(model.side_button_input(), Input::PickUpPhone);
        assert_eq!(model.home_input(), Some(Input::PickUpPhone));
        assert_eq!(model.status.time, "07:55");
        assert_eq!(model.status.time_precise, "07:55:00");
        assert_eq!(model.app_name, "News");
        assert!(!model.in_switcher);
    }

    #[test]
    fn the_app_in_the_foreground_fills_the_screen_and_home_leaves_it() {
        let mut sim = Sim::new(&quiet()).unwrap();
        sim.push_input(Input::OpenApp).unwrap();
        let model = PhoneModel::of(&sim);
        assert_eq!(model.screen, ScreenKind::App);
        assert_eq!(model.home_input(), Some(Input::GoHome));
        assert_eq!(model.side_button_input(), Input::Lock);
        assert!(model.in_switcher);
        assert_eq!(model.handlers.len(), 1);
        assert_eq!(model.handlers[0].class, "BGAppRefreshTask");
        assert_eq!(model.handlers[0].status, "Not scheduled");

        sim.push_input(Input::GoHome).unwrap();
        let model = PhoneModel::of(&sim);
        assert_eq!(model.screen, ScreenKind::Home);
        assert_eq!(model.home_input(), None);
        // The default refresh asks for 15 minutes from now.
        assert_eq!(model.handlers[0].status, "Scheduled for 08:10 or later");
    }

    #[test]
    fn device_state_reaches_the_status_bar() {
        let scenario = Scenario {
            initial_state: DeviceState {
                plugged_in: true,
                low_power_mode: true,
                battery: 42.4,
                network: Network::Offline,
                thermal: Thermal::Serious,
                call_active: true,
                ..DeviceState::default()
            },
            ..quiet()
        };
        let model = PhoneModel::of(&Sim::new(&scenario).unwrap());
        let status = &model.status;
        assert!(status.charging && status.low_power && status.call);
        assert_eq!(status.battery_tint, BatteryTint::LowPower);
        assert_eq!(status.battery_percent, 42);
        assert_eq!(status.network, Network::Offline);
        assert_eq!(status.thermal_warning, Some(Thermal::Serious));
    }

    #[test]
    fn a_critical_temperature_takes_over_the_screen() {
        let mut sim = Sim::new(&quiet()).unwrap();
        sim.push_input(Input::SetThermal {
            thermal: Thermal::Critical,
        })
        .unwrap();
        assert_eq!(PhoneModel::of(&sim).screen, ScreenKind::TooWarm);
    }

    #[test]
    fn a_continued_task_shows_on_the_lock_screen_then_fails_when_stopped() {
        let mut sim = export(
            DeviceModel::IphoneDynamicIsland,
            vec![Input::OpenApp, submit_export(), Input::GoHome, Input::Lock],
        );
        sim.advance_by(Duration::from_secs(30));
        let model = PhoneModel::of(&sim);
        assert_eq!(model.screen, ScreenKind::Lock);
        assert_eq!(model.presentation, Presentation::LockScreen);
        let activity = &model.activities[0];
        assert_eq!(activity.title, "Exporting 24 photos");
        assert_eq!(activity.detail(), "Holiday album");
        let first = activity.percent().unwrap();
        assert!(first > 0 && first < 100, "{first} %");
        assert!(matches!(activity.phase, Phase::Running(Some(_))));

        sim.advance_by(Duration::from_secs(20));
        let later = PhoneModel::of(&sim).activities[0].percent().unwrap();
        assert!(later > first, "{first} % then {later} %");

        sim.push_input(Input::TapStop {
            identifier: activity.identifier.clone(),
        })
        .unwrap();
        let stopping = &PhoneModel::of(&sim).activities[0];
        assert_eq!(stopping.detail(), "Stopping…");
        assert!(matches!(stopping.phase, Phase::Stopping(Some(_))));
        sim.advance_by(Duration::from_secs(2));
        let model = PhoneModel::of(&sim);
        assert_eq!(model.activities[0].detail(), "Failed — stopped by user");
        assert_eq!(model.activities[0].phase, Phase::Failed("stopped by user"));
    }

    #[test]
    fn without_a_dynamic_island_an_unlocked_phone_shows_a_banner() {
        let mut sim = export(
            DeviceModel::IphoneClassic,
            vec![Input::OpenApp, submit_export(), Input::GoHome],
        );
        sim.advance_by(Duration::from_secs(10));
        let model = PhoneModel::of(&sim);
        assert_eq!(model.frame, Frame::Classic);
        assert!(model.frame.has_home_button() && !model.frame.has_island());
        assert_eq!(model.screen, ScreenKind::Home);
        assert!(model.banner_active());
        assert!(!model.island_active());
    }

    #[test]
    fn with_a_dynamic_island_the_same_task_shows_in_the_island() {
        let mut sim = export(
            DeviceModel::IphoneDynamicIsland,
            vec![Input::OpenApp, submit_export(), Input::GoHome],
        );
        sim.advance_by(Duration::from_secs(10));
        let model = PhoneModel::of(&sim);
        assert!(model.island_active());
        assert!(!model.banner_active());
    }

    #[test]
    fn swiping_the_app_away_removes_its_live_activity_and_its_card() {
        let mut sim = export(
            DeviceModel::IphoneDynamicIsland,
            vec![
                Input::OpenApp,
                submit_export(),
                Input::GoHome,
                Input::SwipeAppAway,
            ],
        );
        sim.advance_by(Duration::from_secs(10));
        let model = PhoneModel::of(&sim);
        assert!(model.activities.is_empty());
        assert!(!model.in_switcher);
    }

    #[test]
    fn a_running_refresh_counts_down_its_thirty_seconds() {
        let mut scenario = quiet();
        scenario.app.tasks[0].behavior.work_s = 25.0;
        let mut sim = Sim::new(&scenario).unwrap();
        sim.push_input(Input::OpenApp).unwrap();
        // The app submits its refresh on going home; the debugger launches it at once.
        sim.push_input(Input::GoHome).unwrap();
        sim.push_input(Input::SimulateLaunch {
            identifier: "com.example.news.refresh".into(),
        })
        .unwrap();
        sim.advance_by(Duration::from_secs(3));
        let model = PhoneModel::of(&sim);
        let work = &model.background_work[0];
        assert_eq!(work.kind, "Refresh");
        let WorkStage::Running(Some(left)) = work.stage else {
            panic!("not running: {work:?}");
        };
        assert!((20..=30).contains(&left), "{left} s left");
        assert!(model.handlers[0].running);
        assert!(model.handlers[0]
            .status
            .starts_with("Running now · Refresh · "));
        sim.advance_by(Duration::from_secs(5));
        let WorkStage::Running(Some(later)) = PhoneModel::of(&sim).background_work[0].stage else {
            panic!("not running");
        };
        assert_eq!(left - later, 5);
    }

    #[test]
    fn failure_reasons_are_short() {
        assert_eq!(failure_reason(EndCause::UserStopped), "stopped by user");
        assert_eq!(
            failure_reason(EndCause::ProcessEnded(Termination::Jetsam {
                footprint_mb: 90.0,
                limit_mb: 50.0
            })),
            "used too much memory"
        );
        assert_eq!(failure_reason(EndCause::SwipedAway), "app swiped away");
    }
}
