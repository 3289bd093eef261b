//! Property tests over random scenarios: random seed, device, initial state, person, app and a
//! random list of timed inputs (submits of every kind, the charger, Low Power Mode, the Background
//! App Refresh switches, opening and leaving the app, swiping it away, heat, the debugger...).
//!
//! The run is advanced one scheduled instant at a time, and the device state each decision saw is
//! rebuilt from the events in order (inputs and the person's routine are events), so a check at a
//! decision uses the state of that moment, not of the end of the instant.

use engine::app::{
    AppConfig, Entitlements, HandlerBehavior, ProgressReporting, Registration, Resubmit,
    Strategy as SubmissionStrategy, TaskDefinition, TaskKind, TaskRequest,
};
use engine::device::{DeviceModel, DeviceState, MemoryPressure, Network, Screen, Thermal};
use engine::log::{Event, EventKind, LaunchPath, Termination};
use engine::params::OsVersion;
use engine::scenario::{Input, Scenario};
use engine::sim::Sim;
use engine::time::{Duration, Instant, Weekday};
use engine::usage::{UsagePattern, UserAction, UserProfile};
use proptest::prelude::*;
use std::collections::BTreeMap;

const REFRESH: &str = "com.example.news.refresh";
const CLEANUP: &str = "com.example.news.cleanup";
const SYNC: &str = "com.example.news.sync";
const STUDY: &str = "com.example.news.study";
const EXPORTS: &str = "com.example.news.export.*";
const UNLISTED: &str = "com.example.news.unlisted";
const EXPORT_SUFFIXES: [&str; 3] = ["A1", "B2", "C3"];

const DAYS: i64 = 3;

/// How long after its submission each identifier asks to start (its `earliestBeginDate`).
#[derive(Clone, Copy, Debug)]
struct Delays {
    refresh: Option<Duration>,
    cleanup: Option<Duration>,
    sync: Option<Duration>,
    study: Option<Duration>,
}

impl Delays {
    fn of(&self, identifier: &str) -> Option<Duration> {
        match identifier {
            REFRESH => self.refresh,
            CLEANUP => self.cleanup,
            SYNC => self.sync,
            STUDY => self.study,
            _ => None,
        }
    }
}

fn delay() -> BoxedStrategy<Option<Duration>> {
    prop_oneof![
        Just(None),
        (0i64..=6 * 3600).prop_map(|s| Some(Duration::from_secs(s))),
    ]
    .boxed()
}

fn delays() -> BoxedStrategy<Delays> {
    (delay(), delay(), delay(), delay())
        .prop_map(|(refresh, cleanup, sync, study)| Delays {
            refresh,
            cleanup,
            sync,
            study,
        })
        .boxed()
}

/// The request the app builds for `identifier` (continued ones get a concrete suffix).
fn request(identifier: &str, delays: &Delays, requires_power: bool) -> TaskRequest {
    let kind = match identifier {
        REFRESH | UNLISTED => TaskKind::AppRefresh,
        CLEANUP | SYNC => TaskKind::Processing,
        STUDY => TaskKind::HealthResearch,
        _ => TaskKind::ContinuedProcessing,
    };
    TaskRequest {
        identifier: identifier.into(),
        kind,
        earliest_begin_after: delays.of(identifier),
        requires_external_power: identifier == CLEANUP && requires_power,
        requires_network: identifier == SYNC,
        ..TaskRequest::default()
    }
}

fn behavior(kind: TaskKind) -> BoxedStrategy<HandlerBehavior> {
    let progress = prop_oneof![
        Just(ProgressReporting::Never),
        Just(ProgressReporting::Indeterminate),
        (1.0f64..60.0).prop_map(|seconds| ProgressReporting::Every { seconds }),
    ];
    let resubmit = prop_oneof![
        Just(Resubmit::AtStart),
        Just(Resubmit::AtEnd),
        Just(Resubmit::Never)
    ];
    let longest = if kind == TaskKind::AppRefresh {
        60.0
    } else {
        900.0
    };
    (
        1.0f64..longest,
        progress,
        proptest::option::weighted(0.3, 0.0f64..300.0),
        proptest::bool::weighted(0.9),
        proptest::bool::weighted(0.9),
        prop_oneof![4 => 0.0f64..50.0, 1 => 0.0f64..300.0],
        0.0f64..100.0,
        any::<bool>(),
        resubmit,
    )
        .prop_map(
            |(
                work_s,
                progress,
                progress_stops_after_s,
                calls_set_task_completed,
                sets_expiration_handler,
                peak_memory_mb,
                cpu_percent,
                needs_network,
                resubmit,
            )| HandlerBehavior {
                registration: Registration::AtLaunch,
                work_s,
                progress,
                progress_stops_after_s,
                calls_set_task_completed,
                sets_expiration_handler,
                peak_memory_mb,
                cpu_percent,
                needs_network,
                resubmit,
            },
        )
        .boxed()
}

fn task(
    identifier: &'static str,
    delays: Delays,
    requires_power: bool,
) -> BoxedStrategy<TaskDefinition> {
    let kind = request(identifier, &delays, requires_power).kind;
    (behavior(kind), any::<bool>())
        .prop_map(move |(behavior, submit_when_backgrounded)| TaskDefinition {
            request: request(identifier, &delays, requires_power),
            behavior,
            submit_when_backgrounded: submit_when_backgrounded
                && kind != TaskKind::ContinuedProcessing,
        })
        .boxed()
}

fn app(delays: Delays, requires_power: bool) -> BoxedStrategy<AppConfig> {
    (
        task(REFRESH, delays, requires_power),
        task(CLEANUP, delays, requires_power),
        task(SYNC, delays, requires_power),
        task(STUDY, delays, requires_power),
        task(EXPORTS, delays, requires_power),
        any::<bool>(),
        any::<bool>(),
        proptest::bool::weighted(0.9),
        proptest::bool::weighted(0.9),
        registration_mistake(),
    )
        .prop_map(
            |(refresh, cleanup, sync, study, export, gpu, health, fetch, processing, mistake)| {
                let mut tasks = vec![refresh, cleanup, sync, study, export];
                if let Some((index, registration)) = mistake {
                    tasks[index].behavior.registration = registration;
                }
                AppConfig {
                    bundle_id: "com.example.news".into(),
                    permitted_identifiers: vec![
                        REFRESH.into(),
                        CLEANUP.into(),
                        SYNC.into(),
                        STUDY.into(),
                        EXPORTS.into(),
                    ],
                    background_modes: engine::app::BackgroundModes { fetch, processing },
                    entitlements: Entitlements {
                        background_gpu: gpu,
                        health_research: health,
                    },
                    tasks,
                    background_task_on_exit_s: None,
                }
            },
        )
        .boxed()
}

/// Now and then one handler is registered wrongly (which costs the app its process).
fn registration_mistake() -> BoxedStrategy<Option<(usize, Registration)>> {
    let mistake = prop_oneof![
        Just(Registration::AfterLaunch),
        Just(Registration::Twice),
        Just(Registration::Never),
    ];
    proptest::option::weighted(0.1, (0usize..5, mistake)).boxed()
}

fn device_model() -> BoxedStrategy<DeviceModel> {
    prop_oneof![
        3 => Just(DeviceModel::IphoneDynamicIsland),
        2 => Just(DeviceModel::IphoneClassic),
        3 => Just(DeviceModel::IpadM),
        1 => Just(DeviceModel::Simulator),
    ]
    .boxed()
}

fn network() -> BoxedStrategy<Network> {
    prop_oneof![
        Just(Network::Wifi),
        Just(Network::Cellular),
        Just(Network::Offline)
    ]
    .boxed()
}

fn thermal() -> BoxedStrategy<Thermal> {
    prop_oneof![
        Just(Thermal::Nominal),
        Just(Thermal::Fair),
        Just(Thermal::Serious),
        Just(Thermal::Critical)
    ]
    .boxed()
}

fn initial_state() -> BoxedStrategy<DeviceState> {
    (
        any::<bool>(),
        0.0f64..=100.0,
        proptest::bool::weighted(0.2),
        network(),
        thermal(),
        prop_oneof![
            Just(Screen::Locked),
            Just(Screen::Idle),
            Just(Screen::InUse)
        ],
        proptest::bool::weighted(0.9),
        proptest::bool::weighted(0.9),
    )
        .prop_map(
            |(plugged_in, battery, low_power_mode, network, thermal, screen, unlocked, bar)| {
                DeviceState {
                    plugged_in,
                    battery,
                    low_power_mode,
                    network,
                    thermal,
                    screen,
                    unlocked_since_boot: unlocked,
                    background_app_refresh_global: bar,
                    ..DeviceState::default()
                }
            },
        )
        .boxed()
}

fn pattern() -> BoxedStrategy<UsagePattern> {
    prop_oneof![
        (0u8..24, 0u8..60).prop_map(|(hour, minute)| UsagePattern::DailyAt { hour, minute }),
        Just(UsagePattern::SeveralTimesADay),
        Just(UsagePattern::Evenings),
        (0usize..7, 0u8..24).prop_map(|(day, hour)| UsagePattern::Weekly {
            weekday: Weekday::ALL[day],
            hour,
            minute: 30
        }),
        Just(UsagePattern::Rarely),
        Just(UsagePattern::Never),
        proptest::collection::vec(0u8..24, 0..4)
            .prop_map(|hours| UsagePattern::CustomHours { hours }),
    ]
    .boxed()
}

fn user() -> BoxedStrategy<UserProfile> {
    (
        pattern(),
        any::<bool>(),
        prop_oneof![20u8..24, 0u8..2],
        5u8..10,
        any::<bool>(),
    )
        .prop_map(
            |(pattern, night_routine, bedtime_hour, wake_hour, daytime_phone_use)| UserProfile {
                pattern,
                night_routine,
                bedtime_hour,
                wake_hour,
                daytime_phone_use,
            },
        )
        .boxed()
}

fn identifier() -> BoxedStrategy<String> {
    prop_oneof![
        Just(REFRESH.to_string()),
        Just(CLEANUP.to_string()),
        Just(SYNC.to_string()),
        Just(STUDY.to_string()),
        Just(UNLISTED.to_string()),
        (0usize..3).prop_map(|n| format!("com.example.news.export.{}", EXPORT_SUFFIXES[n])),
    ]
    .boxed()
}

fn submit(delays: Delays, requires_power: bool) -> BoxedStrategy<Input> {
    (
        identifier(),
        prop_oneof![
            Just(SubmissionStrategy::Queue),
            Just(SubmissionStrategy::Fail)
        ],
        proptest::bool::weighted(0.2),
    )
        .prop_map(move |(identifier, strategy, gpu)| {
            let mut request = request(&identifier, &delays, requires_power);
            if request.kind == TaskKind::ContinuedProcessing {
                request.strategy = strategy;
                request.gpu = gpu;
                request.title = "Export".into();
            }
            Input::Submit { request }
        })
        .boxed()
}

fn device_input() -> BoxedStrategy<Input> {
    prop_oneof![
        any::<bool>().prop_map(|on| Input::SetPluggedIn { on }),
        (0.0f64..=100.0).prop_map(|level| Input::SetBattery { level }),
        any::<bool>().prop_map(|on| Input::SetLowPowerMode { on }),
        network().prop_map(|network| Input::SetNetwork { network }),
        any::<bool>().prop_map(|on| Input::SetLowDataMode { on }),
        thermal().prop_map(|thermal| Input::SetThermal { thermal }),
        (0.0f64..=100.0).prop_map(|percent| Input::SetCpuLoad { percent }),
        prop_oneof![Just(MemoryPressure::Normal), Just(MemoryPressure::High)]
            .prop_map(|pressure| Input::SetMemoryPressure { pressure }),
        any::<bool>().prop_map(|on| Input::SetCall { on }),
        any::<bool>().prop_map(|on| Input::SetCamera { on }),
        Just(Input::RestartPhone),
    ]
    .boxed()
}

fn person_input() -> BoxedStrategy<Input> {
    prop_oneof![
        Just(Input::OpenApp),
        Just(Input::GoHome),
        Just(Input::Lock),
        Just(Input::PickUpPhone),
        Just(Input::PutDown),
        Just(Input::SwipeAppAway),
        Just(Input::OpenApp),
        Just(Input::Lock),
        proptest::bool::weighted(0.7).prop_map(|on| Input::SetAppBackgroundRefresh { on }),
        proptest::bool::weighted(0.7).prop_map(|on| Input::SetGlobalBackgroundRefresh { on }),
        any::<bool>().prop_map(|on| Input::SetContinuedProcessingAllowed { on }),
        Just(Input::Reinstall),
    ]
    .boxed()
}

fn app_input() -> BoxedStrategy<Input> {
    prop_oneof![
        identifier().prop_map(|identifier| Input::Cancel { identifier }),
        Just(Input::CancelAll),
        identifier().prop_map(|identifier| Input::TapStop { identifier }),
        (identifier(), any::<bool>()).prop_map(|(identifier, keep_going)| Input::AnswerPrompt {
            identifier,
            keep_going
        }),
        identifier().prop_map(|identifier| Input::DismissFailed { identifier }),
        identifier().prop_map(|identifier| Input::SimulateLaunch { identifier }),
        identifier().prop_map(|identifier| Input::SimulateExpiration { identifier }),
    ]
    .boxed()
}

fn inputs(delays: Delays, requires_power: bool) -> BoxedStrategy<Vec<(Duration, Input)>> {
    let input = prop_oneof![
        4 => submit(delays, requires_power),
        4 => device_input(),
        4 => person_input(),
        2 => app_input(),
    ];
    let at = (0i64..DAYS * 86_400_000).prop_map(Duration::from_millis);
    proptest::collection::vec((at, input), 0..80).boxed()
}

fn scenario() -> BoxedStrategy<Scenario> {
    (delays(), any::<bool>())
        .prop_flat_map(|(delays, requires_power)| {
            (
                any::<u64>(),
                prop_oneof![1 => Just(OsVersion::Ios18), 4 => Just(OsVersion::Ios26)],
                device_model(),
                initial_state(),
                app(delays, requires_power),
                user(),
                proptest::bool::weighted(0.75),
                inputs(delays, requires_power),
            )
        })
        .prop_map(
            |(seed, os, device, initial_state, app, user, user_routine, inputs)| {
                let mut scenario = Scenario {
                    seed,
                    os,
                    device,
                    initial_state,
                    app,
                    user,
                    user_routine,
                    ..Scenario::default()
                };
                for (at, input) in inputs {
                    scenario.push_input(at, input);
                }
                scenario
            },
        )
        .boxed()
}

// ------------------------------------------------------------------ following a run

/// The state dasd's decisions depend on, rebuilt from the events in order.
struct Tracked {
    plugged_in: bool,
    low_power_mode: bool,
    refresh_switch_app: bool,
    refresh_switch_global: bool,
    swiped_away: bool,
    night_routine: bool,
}

impl Tracked {
    fn new(scenario: &Scenario) -> Tracked {
        Tracked {
            plugged_in: scenario.initial_state.plugged_in,
            low_power_mode: scenario.initial_state.low_power_mode,
            refresh_switch_app: true,
            refresh_switch_global: scenario.initial_state.background_app_refresh_global,
            swiped_away: false,
            night_routine: scenario.user.night_routine,
        }
    }

    fn follow(&mut self, kind: &EventKind) {
        match kind {
            EventKind::Input(Input::SetPluggedIn { on }) => self.plugged_in = *on,
            EventKind::Input(Input::SetLowPowerMode { on }) => self.low_power_mode = *on,
            EventKind::Input(Input::SetAppBackgroundRefresh { on }) => {
                self.refresh_switch_app = *on
            }
            EventKind::Input(Input::SetGlobalBackgroundRefresh { on }) => {
                self.refresh_switch_global = *on
            }
            EventKind::Input(Input::Reinstall) => {
                self.refresh_switch_app = true;
                self.swiped_away = false;
            }
            EventKind::User(UserAction::GoToBed) if self.night_routine => self.plugged_in = true,
            EventKind::User(UserAction::WakeUp) if self.night_routine => self.plugged_in = false,
            EventKind::AppTerminated(Termination::SwipedAway) => self.swiped_away = true,
            EventKind::AppLaunched {
                background: false, ..
            } => self.swiped_away = false,
            _ => {}
        }
    }
}

/// Whether an event may make the device active or change its battery level. Use and battery are
/// read from the sim at the end of an instant, so a check earlier in that instant is skipped when
/// such an event follows it.
fn may_activate_or_recharge(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Input(
            Input::OpenApp
                | Input::PickUpPhone
                | Input::SetCall { on: true }
                | Input::SetCamera { on: true }
                | Input::SetBattery { .. }
        ) | EventKind::User(UserAction::OpenApp { .. } | UserAction::UsePhone { .. })
    )
}

struct Submission {
    kind: TaskKind,
    identifier: String,
    submitted_at: Instant,
    window_start: Instant,
}

/// Runs `scenario` for [`DAYS`] one scheduled instant at a time and checks every invariant at the
/// moment it must hold. Returns the events.
fn run_checked(scenario: &Scenario) -> Result<Vec<Event>, TestCaseError> {
    let mut sim = Sim::new(scenario).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let end = scenario.start + Duration::from_days(DAYS);
    let ipad = sim.capabilities().is_ipad;
    let delays = delays_of(scenario);
    let mut tracked = Tracked::new(scenario);
    let mut submissions: BTreeMap<String, Submission> = BTreeMap::new();
    let mut seen = 0;
    while let Some(next) = sim.next_event_time() {
        if next > end {
            break;
        }
        sim.advance_to(next);
        let device = sim.device();
        let batch = &sim.events()[seen..];
        for (index, event) in batch.iter().enumerate() {
            tracked.follow(&event.kind);
            let state_changes_later = batch[index + 1..]
                .iter()
                .any(|e| may_activate_or_recharge(&e.kind));
            match &event.kind {
                EventKind::Submitted {
                    activity,
                    identifier,
                    kind,
                    window_start,
                    ..
                } => {
                    let expected = match kind {
                        TaskKind::ContinuedProcessing => event.at,
                        _ => event.at + delays.of(identifier).unwrap_or_default(),
                    };
                    prop_assert_eq!(
                        *window_start,
                        expected,
                        "the window of {} opens at earliestBeginDate",
                        activity
                    );
                    submissions.insert(
                        activity.clone(),
                        Submission {
                            kind: *kind,
                            identifier: identifier.clone(),
                            submitted_at: event.at,
                            window_start: *window_start,
                        },
                    );
                }
                EventKind::Evaluated {
                    activity,
                    evaluation,
                    ..
                } if evaluation.run => {
                    let Some(submission) = submissions.get(activity) else {
                        return Err(TestCaseError::fail(format!(
                            "{activity} was never submitted"
                        )));
                    };
                    let at = format!("{activity} at {} {}", event.at, event.at.hh_mm_ss());
                    prop_assert!(
                        event.at >= submission.window_start,
                        "{} before its window",
                        at
                    );
                    match submission.kind {
                        TaskKind::AppRefresh => {
                            prop_assert!(tracked.refresh_switch_app, "{}: app BAR off", at);
                            prop_assert!(tracked.refresh_switch_global, "{}: BAR off", at);
                            prop_assert!(!tracked.low_power_mode, "{}: Low Power Mode", at);
                            prop_assert!(!tracked.swiped_away, "{}: swiped away", at);
                        }
                        TaskKind::Processing | TaskKind::HealthResearch => {
                            if !ipad {
                                prop_assert!(tracked.plugged_in, "{}: iPhone unplugged", at);
                            } else if !tracked.plugged_in && !state_changes_later {
                                prop_assert!(device.battery >= 75.0, "{}: iPad below 75 %", at);
                            }
                            if !state_changes_later {
                                prop_assert!(!device.is_active(), "{}: device in use", at);
                            }
                        }
                        TaskKind::ContinuedProcessing => {}
                    }
                    if submission.identifier == CLEANUP && requires_power(scenario) {
                        prop_assert!(tracked.plugged_in, "{}: requires power, unplugged", at);
                    }
                }
                EventKind::TaskStarted {
                    activity,
                    kind,
                    path,
                    ..
                } => {
                    let Some(submission) = submissions.get(activity) else {
                        return Err(TestCaseError::fail(format!(
                            "{activity} was never submitted"
                        )));
                    };
                    prop_assert!(submission.submitted_at <= event.at);
                    if let LaunchPath::Scheduler { .. } = path {
                        let at = format!("{activity} at {} {}", event.at, event.at.hh_mm_ss());
                        prop_assert!(
                            event.at >= submission.window_start,
                            "{} before its window",
                            at
                        );
                        if kind.is_processing_like() {
                            if !ipad {
                                prop_assert!(
                                    tracked.plugged_in,
                                    "{}: handler starts unplugged",
                                    at
                                );
                            }
                            if !state_changes_later {
                                prop_assert!(!device.is_active(), "{}: handler starts in use", at);
                            }
                        }
                        if submission.identifier == CLEANUP && requires_power(scenario) {
                            prop_assert!(tracked.plugged_in, "{}: requires power, unplugged", at);
                        }
                    }
                }
                _ => {}
            }
        }
        seen = sim.events().len();
        let pending = sim.pending();
        let refreshes = pending
            .iter()
            .filter(|a| a.kind() == TaskKind::AppRefresh)
            .count();
        let processing = pending
            .iter()
            .filter(|a| a.kind().is_processing_like())
            .count();
        prop_assert!(refreshes <= 1, "{} refresh requests pending", refreshes);
        prop_assert!(
            processing <= 10,
            "{} processing requests pending",
            processing
        );
    }
    Ok(sim.events().to_vec())
}

/// The earliestBeginDate delays the scenario's app uses (every request of an identifier uses its
/// definition's).
fn delays_of(scenario: &Scenario) -> Delays {
    let of = |identifier: &str| {
        scenario
            .app
            .tasks
            .iter()
            .find(|t| t.request.identifier == identifier)
            .and_then(|t| t.request.earliest_begin_after)
    };
    Delays {
        refresh: of(REFRESH),
        cleanup: of(CLEANUP),
        sync: of(SYNC),
        study: of(STUDY),
    }
}

fn requires_power(scenario: &Scenario) -> bool {
    scenario
        .app
        .tasks
        .iter()
        .any(|t| t.request.identifier == CLEANUP && t.request.requires_external_power)
}

/// How long the steps test runs: longer than the scenarios' inputs, so that week-long steps and
/// the person's routine after the last input both count, and longer than the detail a run keeps
/// (`engine::sim::DETAIL_DAYS`), so that the daily trimming of old detail counts too.
const STEPPED_DAYS: i64 = 17;

/// One frame of the clock: a millisecond up to a second, up to an hour, up to a day, or a week.
fn step() -> BoxedStrategy<Duration> {
    prop_oneof![
        3 => (1i64..=1_000).prop_map(Duration::from_millis),
        3 => (1_000i64..=3_600_000).prop_map(Duration::from_millis),
        2 => (3_600_000i64..=86_400_000).prop_map(Duration::from_millis),
        1 => Just(Duration::from_days(7)),
    ]
    .boxed()
}

fn run_at_once(scenario: &Scenario) -> Sim {
    let mut sim = Sim::new(scenario).expect("a valid scenario");
    sim.advance_by(Duration::from_days(DAYS));
    sim
}

fn console(events: &[Event]) -> Vec<String> {
    events.iter().flat_map(Event::console_lines).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn decisions_respect_windows_switches_power_and_limits(scenario in scenario()) {
        run_checked(&scenario)?;
    }

    #[test]
    fn replaying_a_scenario_gives_the_identical_run(scenario in scenario()) {
        let first = run_at_once(&scenario);
        let second = run_at_once(&scenario);
        let json = |sim: &Sim| serde_json::to_string(sim.events()).expect("events serialize");
        prop_assert_eq!(json(&first), json(&second));
        prop_assert_eq!(console(first.events()), console(second.events()));
        // Advancing instant by instant changes nothing either.
        let stepped = run_checked(&scenario)?;
        prop_assert_eq!(
            serde_json::to_string(&stepped).expect("events serialize"),
            json(&first)
        );
    }

    #[test]
    fn advancing_in_steps_of_any_size_gives_the_identical_run(
        scenario in scenario(),
        steps in proptest::collection::vec(step(), 1..40),
    ) {
        // What the playground's clock does at every speed: frames of any length, from a
        // millisecond to a week, must give exactly the run advanced to the same end at once.
        let end = scenario.start + Duration::from_days(STEPPED_DAYS);
        let mut at_once = Sim::new(&scenario).expect("a valid scenario");
        at_once.advance_to(end);
        let mut stepped = Sim::new(&scenario).expect("a valid scenario");
        // The steps over and over (at most 5,000 frames: a list of milliseconds would take
        // forever), then one last step to the end.
        for step in steps.iter().cycle().take(5_000) {
            if stepped.now() >= end {
                break;
            }
            stepped.advance_to((stepped.now() + *step).min(end));
        }
        stepped.advance_to(end);
        prop_assert_eq!(stepped.now(), at_once.now());
        let json = |sim: &Sim| serde_json::to_string(sim.events()).expect("events serialize");
        prop_assert_eq!(json(&stepped), json(&at_once));
        prop_assert_eq!(stepped.records(), at_once.records());
        prop_assert_eq!(stepped.samples(), at_once.samples());
    }

    #[test]
    fn a_scenario_survives_a_json_round_trip(scenario in scenario()) {
        let text = scenario.to_json();
        let back = Scenario::from_json(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&back, &scenario);
        prop_assert_eq!(back.to_json(), text);
    }
}
