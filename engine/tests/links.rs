//! Share links: random scenarios survive `encode`/`decode` exactly; the decoder survives a
//! million hostile fragments without panicking, and whatever it accepts validates and runs (also
//! checked field by field and parameter by parameter with absurd values); the example scenarios
//! make short links.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use engine::app::{
    AppConfig, BackgroundModes, Entitlements, HandlerBehavior, ProgressReporting, Registration,
    Resubmit, Strategy as SubmissionStrategy, TaskDefinition, TaskKind, TaskRequest,
};
use engine::device::{DeviceModel, DeviceState, MemoryPressure, Network, Screen, Thermal};
use engine::link::{decode, encode, Link};
use engine::params::{OsVersion, Params};
use engine::scenario::{Input, Scenario, TimedInput, MAX_SPAN};
use engine::sim::Sim;
use engine::time::{Date, Duration, Instant, Weekday};
use engine::usage::{UsagePattern, UserProfile};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::PathBuf;

// ------------------------------------------------------------------ random scenarios

/// Identifiers, titles and bundle ids: plain reverse-DNS names and names full of characters that
/// need escaping somewhere (quotes, backslashes, markup, non-ASCII, a wildcard).
fn text() -> BoxedStrategy<String> {
    prop_oneof![
        3 => "com\\.[a-z]{1,8}\\.[a-z]{1,10}",
        1 => "com\\.[a-z]{1,8}\\.[a-z]{1,6}\\.\\*",
        1 => "x[a-zA-Z0-9 ._\\-\"\\\\<>&'%#=?/éü✓🙂*]{0,40}",
    ]
    .boxed()
}

/// Seconds in `0..=max`, with the edges and awkward decimals more likely than chance.
fn seconds(max: f64) -> BoxedStrategy<f64> {
    prop_oneof![
        4 => 0.0..=max,
        1 => Just(0.0),
        1 => Just(max),
        1 => (0u32..1000).prop_map(move |n| (n as f64 * 0.1).min(max)),
        1 => Just(5e-324),
    ]
    .boxed()
}

/// A duration in whole milliseconds from zero to `max`.
fn duration_up_to(max: Duration) -> BoxedStrategy<Duration> {
    (0..=max.as_millis())
        .prop_map(Duration::from_millis)
        .boxed()
}

/// A start instant in the years the scenario accepts (2000 to 2099).
fn start() -> BoxedStrategy<Instant> {
    let civil = |year| {
        Instant::from_civil(
            Date {
                year,
                month: 1,
                day: 1,
            },
            0,
            0,
            0,
        )
        .expect("a valid date")
    };
    (civil(2000).as_millis()..civil(2100).as_millis())
        .prop_map(Instant::from_millis)
        .boxed()
}

/// Any device model.
fn device_model() -> impl Strategy<Value = DeviceModel> {
    prop::sample::select(DeviceModel::ALL.to_vec())
}

/// Any network.
fn network() -> impl Strategy<Value = Network> {
    prop::sample::select(vec![Network::Wifi, Network::Cellular, Network::Offline])
}

/// Any thermal state.
fn thermal() -> impl Strategy<Value = Thermal> {
    prop::sample::select(Thermal::ALL.to_vec())
}

/// Any memory pressure.
fn pressure() -> impl Strategy<Value = MemoryPressure> {
    prop::sample::select(vec![MemoryPressure::Normal, MemoryPressure::High])
}

/// A device state with every switch and level random.
fn initial_state() -> BoxedStrategy<DeviceState> {
    (
        (any::<bool>(), seconds(100.0), any::<bool>(), network()),
        (any::<bool>(), thermal(), any::<bool>(), any::<bool>()),
        (any::<bool>(), any::<bool>(), seconds(100.0), pressure()),
        prop::sample::select(vec![Screen::InUse, Screen::Idle, Screen::Locked]),
    )
        .prop_map(
            |(
                (plugged_in, battery, low_power_mode, network),
                (low_data_mode, thermal, unlocked_since_boot, call_active),
                (camera_active, global, foreground_cpu, memory_pressure),
                screen,
            )| DeviceState {
                plugged_in,
                battery,
                low_power_mode,
                network,
                low_data_mode,
                thermal,
                screen,
                unlocked_since_boot,
                call_active,
                camera_active,
                foreground_cpu,
                memory_pressure,
                background_app_refresh_global: global,
            },
        )
        .boxed()
}

/// Any day of the week.
fn weekday() -> impl Strategy<Value = Weekday> {
    prop::sample::select(Weekday::ALL.to_vec())
}

/// A person with any usage pattern (custom hours included) and routine, hours out of range too.
fn user() -> BoxedStrategy<UserProfile> {
    let pattern = prop_oneof![
        (0u8..30, 0u8..70).prop_map(|(hour, minute)| UsagePattern::DailyAt { hour, minute }),
        Just(UsagePattern::SeveralTimesADay),
        Just(UsagePattern::Evenings),
        (weekday(), 0u8..24, 0u8..60).prop_map(|(weekday, hour, minute)| UsagePattern::Weekly {
            weekday,
            hour,
            minute
        }),
        Just(UsagePattern::Rarely),
        Just(UsagePattern::Never),
        prop::collection::vec(0u8..30, 0..8).prop_map(|hours| UsagePattern::CustomHours { hours }),
    ];
    (pattern, any::<bool>(), 0u8..30, 0u8..30, any::<bool>())
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

/// Any task kind.
fn kind() -> impl Strategy<Value = TaskKind> {
    prop::sample::select(TaskKind::ALL.to_vec())
}

/// A request of any kind with every option random.
fn request() -> BoxedStrategy<TaskRequest> {
    (
        (text(), kind(), prop::option::of(duration_up_to(MAX_SPAN))),
        (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()),
        (text(), text()),
    )
        .prop_map(
            |(
                (identifier, kind, earliest_begin_after),
                (requires_external_power, requires_network, fail, gpu),
                (title, subtitle),
            )| TaskRequest {
                identifier,
                kind,
                earliest_begin_after,
                requires_external_power,
                requires_network,
                strategy: if fail {
                    SubmissionStrategy::Fail
                } else {
                    SubmissionStrategy::Queue
                },
                gpu,
                title,
                subtitle,
            },
        )
        .boxed()
}

/// A handler behaviour with every choice random, mistakes included.
fn behavior() -> BoxedStrategy<HandlerBehavior> {
    let registration = prop::sample::select(vec![
        Registration::AtLaunch,
        Registration::AfterLaunch,
        Registration::Twice,
        Registration::Never,
    ]);
    let progress = prop_oneof![
        Just(ProgressReporting::Never),
        Just(ProgressReporting::Indeterminate),
        (0.1f64..=86400.0).prop_map(|seconds| ProgressReporting::Every { seconds }),
    ];
    let resubmit = prop::sample::select(vec![Resubmit::AtStart, Resubmit::AtEnd, Resubmit::Never]);
    (
        (registration, seconds(7.0 * 86400.0), progress),
        (
            prop::option::of(seconds(7.0 * 86400.0)),
            any::<bool>(),
            any::<bool>(),
        ),
        (seconds(100_000.0), seconds(100.0), any::<bool>(), resubmit),
    )
        .prop_map(
            |(
                (registration, work_s, progress),
                (progress_stops_after_s, calls_set_task_completed, sets_expiration_handler),
                (peak_memory_mb, cpu_percent, needs_network, resubmit),
            )| HandlerBehavior {
                registration,
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

/// A task definition: a random request and behaviour.
fn task() -> BoxedStrategy<TaskDefinition> {
    (request(), behavior(), any::<bool>())
        .prop_map(
            |(request, behavior, submit_when_backgrounded)| TaskDefinition {
                request,
                behavior,
                submit_when_backgrounded,
            },
        )
        .boxed()
}

/// An app with up to five tasks of any kinds, identifiers, modes and entitlements.
fn app() -> BoxedStrategy<AppConfig> {
    (
        text(),
        prop::collection::vec(text(), 0..6),
        (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()),
        prop::collection::vec(task(), 0..6),
        prop::option::of(seconds(3600.0)),
    )
        .prop_map(
            |(bundle_id, permitted_identifiers, (fetch, processing, gpu, health), tasks, exit)| {
                AppConfig {
                    bundle_id,
                    permitted_identifiers,
                    background_modes: BackgroundModes { fetch, processing },
                    entitlements: Entitlements {
                        background_gpu: gpu,
                        health_research: health,
                    },
                    tasks,
                    background_task_on_exit_s: exit,
                }
            },
        )
        .boxed()
}

/// One input of any kind (grouped because `prop_oneof!` takes at most ten arms).
fn input() -> BoxedStrategy<Input> {
    let device = prop_oneof![
        any::<bool>().prop_map(|on| Input::SetPluggedIn { on }),
        seconds(100.0).prop_map(|level| Input::SetBattery { level }),
        any::<bool>().prop_map(|on| Input::SetLowPowerMode { on }),
        network().prop_map(|network| Input::SetNetwork { network }),
        any::<bool>().prop_map(|on| Input::SetLowDataMode { on }),
        thermal().prop_map(|thermal| Input::SetThermal { thermal }),
        seconds(100.0).prop_map(|percent| Input::SetCpuLoad { percent }),
        pressure().prop_map(|pressure| Input::SetMemoryPressure { pressure }),
        any::<bool>().prop_map(|on| Input::SetCall { on }),
        any::<bool>().prop_map(|on| Input::SetCamera { on }),
    ];
    let person = prop_oneof![
        Just(Input::OpenApp),
        Just(Input::GoHome),
        Just(Input::Lock),
        Just(Input::PickUpPhone),
        Just(Input::PutDown),
        Just(Input::SwipeAppAway),
        any::<bool>().prop_map(|on| Input::SetAppBackgroundRefresh { on }),
        any::<bool>().prop_map(|on| Input::SetGlobalBackgroundRefresh { on }),
        any::<bool>().prop_map(|on| Input::SetContinuedProcessingAllowed { on }),
        prop_oneof![Just(Input::Reinstall), Just(Input::RestartPhone)],
    ];
    let api = prop_oneof![
        request().prop_map(|request| Input::Submit { request }),
        text().prop_map(|identifier| Input::Cancel { identifier }),
        Just(Input::CancelAll),
        text().prop_map(|identifier| Input::TapStop { identifier }),
        (text(), any::<bool>()).prop_map(|(identifier, keep_going)| Input::AnswerPrompt {
            identifier,
            keep_going
        }),
        text().prop_map(|identifier| Input::DismissFailed { identifier }),
        text().prop_map(|identifier| Input::SimulateLaunch { identifier }),
        text().prop_map(|identifier| Input::SimulateExpiration { identifier }),
    ];
    prop_oneof![device, person, api].boxed()
}

/// Inputs at random times, sorted (several may share an instant).
fn inputs() -> BoxedStrategy<Vec<TimedInput>> {
    prop::collection::vec((duration_up_to(MAX_SPAN), input()), 0..24)
        .prop_map(|mut pairs| {
            pairs.sort_by_key(|(at, _)| *at);
            pairs
                .into_iter()
                .map(|(at, input)| TimedInput { at, input })
                .collect()
        })
        .boxed()
}

/// A few overrides of real parameters, each between a hundredth and twice its modelled value
/// (probabilities and percentages capped at their limits), or up to 1 when that value is 0.
fn params() -> BoxedStrategy<BTreeMap<String, f64>> {
    let rows: Vec<(&'static str, f64, f64)> = Params::default()
        .catalogue()
        .iter()
        .map(|p| {
            let cap = match p.unit {
                "probability" | "fraction" => 1.0,
                "%" => 100.0,
                _ => f64::INFINITY,
            };
            (p.name, p.default, cap)
        })
        .collect();
    let overrides =
        (prop::sample::select(rows), 0.01f64..=2.0).prop_map(|((name, default, cap), factor)| {
            let value = if default > 0.0 {
                (default * factor).min(cap)
            } else {
                factor / 2.0
            };
            (name.to_string(), value)
        });
    prop::collection::vec(overrides, 0..4)
        .prop_map(|pairs| pairs.into_iter().collect())
        .boxed()
}

/// A valid scenario with every part random.
fn scenario() -> BoxedStrategy<Scenario> {
    (
        (any::<u64>(), start(), any::<bool>(), device_model()),
        (initial_state(), app(), user(), any::<bool>()),
        (inputs(), params()),
    )
        .prop_map(
            |(
                (seed, start, ios18, device),
                (initial_state, app, user, user_routine),
                (inputs, params),
            )| Scenario {
                seed,
                start,
                os: if ios18 {
                    OsVersion::Ios18
                } else {
                    OsVersion::Ios26
                },
                device,
                initial_state,
                app,
                user,
                user_routine,
                inputs,
                params,
                ..Scenario::default()
            },
        )
        .boxed()
}

/// A time position anywhere in the run, or none.
fn position() -> BoxedStrategy<Option<Duration>> {
    prop_oneof![
        1 => Just(None),
        1 => Just(Some(Duration::ZERO)),
        1 => Just(Some(MAX_SPAN)),
        4 => duration_up_to(MAX_SPAN).prop_map(Some),
    ]
    .boxed()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Whatever the scenario and the position, the link gives back exactly what went in.
    #[test]
    fn random_scenarios_round_trip_through_a_link(scenario in scenario(), at in position()) {
        prop_assert_eq!(scenario.validate(), Ok(()));
        let fragment = encode(&scenario, at);
        prop_assert_eq!(decode(&fragment), Ok(Some(Link { scenario, at })));
    }
}

// ------------------------------------------------------------------ decoder fuzzing

/// Total inputs the fuzz test feeds to the decoder.
const FUZZ_INPUTS: u64 = 1_000_000;

/// Every this many accepted links, the scenario is also run for an hour.
const RUN_EVERY_NTH_OK: u64 = 1000;

/// splitmix64: a tiny deterministic generator, so the fuzz inputs are the same on every run.
struct Prng(u64);

impl Prng {
    /// The next 64 random bits.
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True once in `one_in` draws.
    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }

    /// One of `items` (not empty).
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The base64url alphabet.
const BASE64URL: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Odd time positions, valid and not.
const TIMES: [&str; 22] = [
    "&t=0",
    "&t=-0",
    "&t=12.5",
    "&t=-5",
    "&t=NaN",
    "&t=nan",
    "&t=inf",
    "&t=-inf",
    "&t=infinity",
    "&t=1e400",
    "&t=1e-400",
    "&t=34560000",
    "&t=34560000.001",
    "&t=",
    "&t=0x10",
    "&t= 5",
    "&t=5&t=6",
    "&t=1_000",
    "&t=9999999999999999999999",
    "&t=%35",
    "&t=3.4559999999999998e7",
    "&&t=1&",
];

/// Values that have no business in a scenario, or sit right on a limit.
fn absurd(rng: &mut Prng) -> Value {
    match rng.below(30) {
        0 => json!(1e308),
        1 => json!(-1e308),
        2 => json!(f64::MAX),
        3 => json!(5e-324),
        4 => json!(-0.0),
        5 => json!(u64::MAX),
        6 => json!(i64::MIN),
        7 => json!(i64::MAX),
        8 => json!(-1),
        9 => json!(0),
        10 => json!(u32::MAX as u64 + 1),
        11 => json!(256),
        12 => json!("NaN"),
        13 => json!("Infinity"),
        14 => json!("-inf"),
        15 => json!(""),
        16 => json!("x".repeat(rng.below(5000))),
        17 => json!(true),
        18 => Value::Null,
        19 => json!([]),
        20 => json!({}),
        21 => json!(MAX_SPAN.as_millis()),
        22 => json!(MAX_SPAN.as_millis() + 1),
        23 => json!(-(rng.below(1 << 40) as i64)),
        24 => json!(rng.next()),
        25 => json!(rng.below(1000) as f64 / 7.0),
        26 => json!("\u{0}\"\\</>\u{202e}"),
        27 => json!(1e15),
        28 => json!(86400.0 * 7.0),
        _ => json!(100.000_000_000_1),
    }
}

/// Names of enum variants and fields a mutation may swap in.
const NAMES: [&str; 16] = [
    "do",
    "mode",
    "kind",
    "every",
    "custom_hours",
    "submit",
    "continued_processing",
    "health_research",
    "twice",
    "never",
    "at_end",
    "fail",
    "simulator",
    "ipad_m",
    "Ios18",
    "version",
];

/// Changes one random spot of a scenario's JSON: a value made absurd, a member removed or
/// renamed, an array made long, a tag swapped. Walks down a random path and stops at random.
fn mutate_json(node: &mut Value, rng: &mut Prng) {
    let descend = rng.below(4) != 0;
    match node {
        Value::Object(map) if descend && !map.is_empty() => {
            let key = map
                .keys()
                .nth(rng.below(map.len()))
                .cloned()
                .unwrap_or_default();
            if rng.chance(8) {
                map.remove(&key);
            } else if rng.chance(16) {
                let moved = map.remove(&key).unwrap_or(Value::Null);
                map.insert((*rng.pick(&NAMES)).to_string(), moved);
            } else if let Some(member) = map.get_mut(&key) {
                mutate_json(member, rng);
            }
            return;
        }
        Value::Array(items) if descend && !items.is_empty() => {
            let index = rng.below(items.len());
            if rng.chance(10) {
                let copy = items[index].clone();
                let copies = if rng.chance(50) {
                    25_000
                } else {
                    rng.below(100)
                };
                items.extend(std::iter::repeat_n(copy, copies));
            } else {
                mutate_json(&mut items[index], rng);
            }
            return;
        }
        _ => {}
    }
    match (rng.below(4), node) {
        (0, node) => *node = json!(*rng.pick(&NAMES)),
        (1, Value::Object(map)) => {
            map.insert((*rng.pick(&NAMES)).to_string(), absurd(rng));
        }
        (_, node) => *node = absurd(rng),
    }
}

/// Parameter overrides with absurd values for real names.
fn absurd_params(rng: &mut Prng, names: &[&'static str]) -> Value {
    let mut map = serde_json::Map::new();
    for _ in 0..1 + rng.below(4) {
        let value = match rng.below(6) {
            0 => json!(0.0),
            1 => json!(1e300),
            2 => json!(5e-324),
            3 => json!(f64::MAX),
            4 => json!(1e9),
            _ => json!(rng.below(100_000) as f64 / 10.0),
        };
        map.insert((*rng.pick(names)).to_string(), value);
    }
    Value::Object(map)
}

/// `bytes` compressed by miniz_oxide, in base64url.
fn deflate(bytes: &[u8], level: u8) -> String {
    URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(bytes, level))
}

/// `bytes` as a raw DEFLATE stream of stored (uncompressed) blocks, in base64url: valid DEFLATE
/// that takes another path through the inflater, and far cheaper to make than compressing in a
/// debug build.
fn stored(bytes: &[u8]) -> String {
    let mut out = Vec::with_capacity(bytes.len() + 5 * (bytes.len() / 65535 + 1));
    let mut chunks = bytes.chunks(65535).peekable();
    if chunks.peek().is_none() {
        out.extend([1, 0, 0, 0xff, 0xff]);
    }
    while let Some(chunk) = chunks.next() {
        let last = chunks.peek().is_none();
        let len = chunk.len() as u16;
        out.push(u8::from(last));
        out.extend(len.to_le_bytes());
        out.extend((!len).to_le_bytes());
        out.extend(chunk);
    }
    URL_SAFE_NO_PAD.encode(out)
}

/// Flips, cuts, inserts or duplicates characters of a valid fragment.
fn mutate_text(fragment: &str, rng: &mut Prng) -> String {
    let mut bytes = fragment.as_bytes().to_vec();
    for _ in 0..1 + rng.below(3) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(6) {
            0 if at < bytes.len() => bytes[at] = *rng.pick(BASE64URL),
            1 if at < bytes.len() => bytes[at] ^= 1 << rng.below(8),
            2 => bytes.truncate(at),
            3 => bytes.insert(at, *rng.pick(BASE64URL)),
            4 if at < bytes.len() => {
                bytes.remove(at);
            }
            _ => {
                let end = (at + rng.below(40)).min(bytes.len());
                let copy = bytes[at..end].to_vec();
                bytes.splice(at..at, copy);
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The kinds of fuzz input, for the tally.
const CATEGORIES: [&str; 9] = [
    "random text",
    "random base64url",
    "mutated link",
    "valid link",
    "mutated absurd payload",
    "fresh absurd JSON",
    "absurd parameters",
    "wrong version",
    "not a scenario",
];

/// What the fuzz loop tallies.
#[derive(Default)]
struct Tally {
    inputs: u64,
    ok_link: u64,
    ok_none: u64,
    err: u64,
    runs: u64,
    by_category: [u64; CATEGORIES.len()],
    ok_by_category: [u64; CATEGORIES.len()],
}

impl Tally {
    /// Decodes one fragment and checks what came back; `run_one_in` > 0 also runs that share of
    /// the accepted links of this category (besides every [`RUN_EVERY_NTH_OK`]th link overall).
    fn feed(&mut self, category: usize, fragment: &str, run_one_in: u64) {
        self.inputs += 1;
        self.by_category[category] += 1;
        match decode(fragment) {
            Ok(Some(link)) => {
                self.ok_link += 1;
                self.ok_by_category[category] += 1;
                assert_eq!(
                    link.scenario.validate(),
                    Ok(()),
                    "accepted an invalid scenario from {fragment}"
                );
                if let Some(at) = link.at {
                    assert!(
                        at >= Duration::ZERO && at <= MAX_SPAN,
                        "time {at:?} from {fragment}"
                    );
                }
                let sampled =
                    run_one_in > 0 && self.ok_by_category[category].is_multiple_of(run_one_in);
                if sampled || self.ok_link.is_multiple_of(RUN_EVERY_NTH_OK) {
                    self.runs += 1;
                    let mut sim = Sim::new(&link.scenario).unwrap_or_else(|e| {
                        panic!("{e}: a decoded scenario does not run: {fragment}")
                    });
                    sim.advance_by(Duration::from_hours(1));
                }
            }
            Ok(None) => self.ok_none += 1,
            Err(e) => {
                assert!(!e.0.is_empty());
                self.err += 1;
            }
        }
    }
}

/// Small valid scenarios: the default, the examples, and random ones (a few inputs and tasks
/// each, so that decoding them stays cheap in a debug build).
fn sample_scenarios(random: usize) -> Vec<Scenario> {
    let mut out = vec![Scenario::default()];
    out.extend(example_scenarios().into_iter().map(|(_, s)| s));
    let mut runner = TestRunner::deterministic();
    let strategy = scenario();
    for _ in 0..random {
        let mut s = strategy
            .new_tree(&mut runner)
            .expect("a scenario")
            .current();
        s.inputs.truncate(3);
        s.app.tasks.truncate(2);
        s.app.permitted_identifiers.truncate(2);
        out.push(s);
    }
    out
}

/// The scenarios in `engine/scenarios/`, by file name.
fn example_scenarios() -> Vec<(String, Scenario)> {
    let directory = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&directory)
        .expect("the scenarios directory")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("a readable scenario");
            let scenario = Scenario::from_json(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"));
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            (name, scenario)
        })
        .collect()
}

/// A scenario's JSON with one to three absurd changes.
fn absurd_document(documents: &[Value], rng: &mut Prng) -> String {
    let mut document = rng.pick(documents).clone();
    for _ in 0..1 + rng.below(3) {
        mutate_json(&mut document, rng);
    }
    document.to_string()
}

/// A million decodes of fragments built to break the decoder, with no panic. Whatever it
/// accepts validates, and a sample of it runs for an hour.
#[test]
fn the_decoder_survives_a_million_hostile_fragments() {
    let began = std::time::Instant::now();
    let mut rng = Prng(0x5eed_1ced);
    let scenarios = sample_scenarios(40);
    let links: Vec<String> = scenarios
        .iter()
        .enumerate()
        .map(|(i, s)| encode(s, (i % 2 == 0).then(|| Duration::from_secs(i as i64 * 97))))
        .collect();
    let documents: Vec<Value> = scenarios
        .iter()
        .map(|s| serde_json::from_str(&engine::link::compact_json(s)).expect("compact JSON"))
        .chain(
            scenarios
                .iter()
                .take(3)
                .map(|s| serde_json::to_value(s).expect("a scenario serializes")),
        )
        .collect();
    // Compressing is the slowest part of making an input in a debug build, so compressed
    // payloads are made once and then varied as text; fresh ones are mostly stored blocks.
    let payloads: Vec<String> = (0..2000)
        .map(|_| {
            let text = absurd_document(&documents, &mut rng);
            format!("s=1.{}", deflate(text.as_bytes(), 1))
        })
        .collect();
    let wrong_versions: Vec<String> = (0..200)
        .map(|_| {
            let mut document = rng.pick(&documents).clone();
            if let Value::Object(map) = &mut document {
                map.insert("version".into(), absurd(&mut rng));
            }
            deflate(document.to_string().as_bytes(), 1)
        })
        .collect();
    let not_scenarios: Vec<String> = (0..200)
        .map(|_| {
            let payload: Vec<u8> = match rng.below(5) {
                0 => (0..rng.below(300)).map(|_| rng.next() as u8).collect(),
                1 => "[".repeat(rng.below(100_000)).into_bytes(),
                2 => {
                    let text = rng.pick(&documents).to_string();
                    text.as_bytes()[..rng.below(text.len() + 1)].to_vec()
                }
                3 => b"{\"version\":1,\"seed\":1e400}".to_vec(),
                _ => b"{\"version\":1,\"inputs\":[{\"at\":0,\"input\":{\"do\":\"open_app\"}}]}"
                    .repeat(1 + rng.below(20_000)),
            };
            deflate(&payload, 1)
        })
        .collect();
    let param_names: Vec<&'static str> = Params::default()
        .catalogue()
        .iter()
        .map(|p| p.name)
        .collect();
    let mut tally = Tally::default();
    while tally.inputs < FUZZ_INPUTS {
        match rng.below(1000) {
            // Random bytes (made into text) as a whole fragment, sometimes behind a prefix.
            0..=302 => {
                let bytes: Vec<u8> = (0..rng.below(200)).map(|_| rng.next() as u8).collect();
                let prefix = *rng.pick(&["", "#", "s=", "#s=1.", "s=1.", "t=1&s="]);
                let fragment = format!("{prefix}{}", String::from_utf8_lossy(&bytes));
                tally.feed(0, &fragment, 0);
            }
            // Random base64url after a format number.
            303..=549 => {
                let body: String = (0..rng.below(400))
                    .map(|_| *rng.pick(BASE64URL) as char)
                    .collect();
                let version = *rng.pick(&["1", "1", "1", "0", "2", "-1", "01", "+1", "4294967296"]);
                let time = if rng.chance(4) { *rng.pick(&TIMES) } else { "" };
                tally.feed(1, &format!("s={version}.{body}{time}"), 0);
            }
            // A valid link with bytes flipped, cut, inserted or duplicated.
            550..=869 => {
                let link = rng.pick(&links).clone();
                let fragment = mutate_text(&link, &mut rng);
                tally.feed(2, &fragment, 0);
            }
            // A valid link as is, in another position or with an odd time.
            870..=889 => {
                let link = rng.pick(&links);
                let base = link.split('&').next().unwrap_or(link);
                let fragment = match rng.below(4) {
                    0 => link.clone(),
                    1 => format!("#{base}{}", rng.pick(&TIMES)),
                    2 => format!("{}&{base}", &rng.pick(&TIMES)[1..]),
                    _ => format!("x=1&{base}&y"),
                };
                tally.feed(3, &fragment, 0);
            }
            // A compressed absurd scenario, cut or changed as text, or with an odd time.
            890..=959 => {
                let payload = rng.pick(&payloads).clone();
                let fragment = if rng.chance(2) {
                    mutate_text(&payload, &mut rng)
                } else {
                    format!("{payload}{}", rng.pick(&TIMES))
                };
                tally.feed(4, &fragment, 0);
            }
            // A freshly made absurd scenario (one in ten compressed, the rest stored).
            960..=979 => {
                let text = absurd_document(&documents, &mut rng);
                let payload = if rng.chance(10) {
                    deflate(text.as_bytes(), 1)
                } else {
                    stored(text.as_bytes())
                };
                tally.feed(5, &format!("s=1.{payload}"), 10);
            }
            // A valid scenario with absurd values for real parameters (some of them validate).
            980..=989 => {
                let mut document = rng.pick(&documents).clone();
                if let Value::Object(map) = &mut document {
                    map.insert("params".into(), absurd_params(&mut rng, &param_names));
                }
                let fragment = format!("s=1.{}", stored(document.to_string().as_bytes()));
                tally.feed(6, &fragment, 10);
            }
            // Wrong versions, in the JSON and in the fragment.
            990..=997 => {
                let format = *rng.pick(&["1", "2", "0", "999", "1.0", "", " 1", "1 "]);
                let fragment = format!("s={format}.{}", rng.pick(&wrong_versions));
                tally.feed(7, &fragment, 0);
            }
            // Valid DEFLATE of text that is not a scenario.
            _ => {
                let fragment = format!("s=1.{}{}", rng.pick(&not_scenarios), rng.pick(&TIMES));
                tally.feed(8, &fragment, 0);
            }
        }
    }
    let elapsed = began.elapsed();
    eprintln!(
        "link fuzz: {} inputs in {:.1} s: {} links accepted ({} run for an hour), {} fragments without a scenario, {} rejected",
        tally.inputs,
        elapsed.as_secs_f64(),
        tally.ok_link,
        tally.runs,
        tally.ok_none,
        tally.err,
    );
    for (i, name) in CATEGORIES.iter().enumerate() {
        eprintln!(
            "link fuzz: {name}: {} inputs, {} accepted",
            tally.by_category[i], tally.ok_by_category[i]
        );
    }
    assert_eq!(tally.inputs, FUZZ_INPUTS);
    assert!(tally.ok_link > 10_000, "too few valid links to test them");
    assert!(tally.runs > 100, "too few decoded scenarios were run");
    assert!(tally.err > FUZZ_INPUTS / 2);
}

/// A link whose parameter overrides are absurd for real parameters (zero, a denormal, huge):
/// the decoder refuses it, or the scenario runs two days without a panic or a hang.
#[test]
fn absurd_parameter_overrides_are_refused_or_run() {
    let mut refused = 0;
    let mut ran = 0;
    for info in Params::default().catalogue() {
        for value in [0.0, 5e-324, 1e-3, info.default * 1e4, 1e9, 1e300, f64::MAX] {
            let mut scenario = Scenario::default();
            scenario.params.insert(info.name.to_string(), value);
            match decode(&encode(&scenario, None)) {
                Ok(Some(link)) => {
                    let mut sim = Sim::new(&link.scenario).expect("a decoded scenario runs");
                    sim.advance_by(Duration::from_days(2));
                    ran += 1;
                }
                Ok(None) => unreachable!("a link always holds a scenario"),
                Err(_) => refused += 1,
            }
        }
    }
    eprintln!("absurd parameter overrides: {refused} refused, {ran} run for two days");
    assert!(refused > 0 && ran > 0);
}

/// A scenario that uses every part of the model: tasks of every kind, the person's routine, the
/// app's `beginBackgroundTask`, and inputs of many kinds.
fn rich_scenario() -> Scenario {
    let task = |identifier: &str, kind, earliest: Option<Duration>| TaskDefinition {
        request: TaskRequest {
            identifier: identifier.into(),
            kind,
            earliest_begin_after: earliest,
            requires_external_power: kind == TaskKind::Processing,
            title: "Export".into(),
            ..TaskRequest::default()
        },
        behavior: HandlerBehavior {
            progress_stops_after_s: Some(60.0),
            ..HandlerBehavior::default()
        },
        submit_when_backgrounded: kind != TaskKind::ContinuedProcessing,
    };
    let mut scenario = Scenario::default();
    scenario.app.permitted_identifiers = vec![
        "com.example.news.refresh".into(),
        "com.example.news.clean".into(),
        "com.example.news.study".into(),
        "com.example.news.export.*".into(),
    ];
    scenario.app.entitlements = Entitlements {
        background_gpu: true,
        health_research: true,
    };
    scenario.app.tasks = vec![
        task(
            "com.example.news.refresh",
            TaskKind::AppRefresh,
            Some(Duration::from_mins(15)),
        ),
        task(
            "com.example.news.clean",
            TaskKind::Processing,
            Some(Duration::from_hours(1)),
        ),
        task("com.example.news.study", TaskKind::HealthResearch, None),
        task(
            "com.example.news.export.*",
            TaskKind::ContinuedProcessing,
            None,
        ),
    ];
    scenario.app.background_task_on_exit_s = Some(20.0);
    scenario.user.pattern = UsagePattern::CustomHours { hours: vec![9, 18] };
    let export = TaskRequest {
        identifier: "com.example.news.export.A1".into(),
        kind: TaskKind::ContinuedProcessing,
        gpu: true,
        title: "Export".into(),
        subtitle: "24 photos".into(),
        ..TaskRequest::default()
    };
    for (minutes, input) in [
        (0, Input::OpenApp),
        (1, Input::Submit { request: export }),
        (2, Input::GoHome),
        (3, Input::SetBattery { level: 50.0 }),
        (4, Input::SetCpuLoad { percent: 70.0 }),
        (5, Input::Lock),
        (30, Input::SetPluggedIn { on: true }),
        (
            90,
            Input::SimulateLaunch {
                identifier: "com.example.news.clean".into(),
            },
        ),
    ] {
        scenario.push_input(Duration::from_mins(minutes), input);
    }
    scenario
}

/// Every leaf of a JSON document, as a path of object keys and array indices.
fn leaves(value: &Value, path: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
    match value {
        Value::Object(map) => {
            for (key, member) in map {
                path.push(json!(key));
                leaves(member, path, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                path.push(json!(index));
                leaves(item, path, out);
                path.pop();
            }
        }
        _ => out.push(path.clone()),
    }
}

/// The node at `path`.
fn node_at<'a>(value: &'a mut Value, path: &[Value]) -> &'a mut Value {
    path.iter().fold(value, |node, step| match step {
        Value::String(key) => &mut node[key.as_str()],
        _ => &mut node[step.as_u64().unwrap_or_default() as usize],
    })
}

/// Every value of a full scenario (defaults included), replaced in turn by each absurd value:
/// the link is refused, or its scenario runs two days without a panic.
#[test]
fn every_field_with_an_absurd_value_is_refused_or_runs() {
    let absurd_values = [
        json!(0),
        json!(-1),
        json!(-86_400_000),
        json!(i64::MIN),
        json!(i64::MAX),
        json!(u64::MAX),
        json!(1e308),
        json!(-1e308),
        json!(5e-324),
        json!(255),
        json!(MAX_SPAN.as_millis() + 1),
        json!(""),
        json!(" "),
        json!("x".repeat(300)),
        json!(true),
        Value::Null,
    ];
    let mut refused = 0;
    let mut ran = 0;
    for base in [rich_scenario(), Scenario::default()] {
        let document = serde_json::to_value(&base).expect("a scenario serializes");
        let mut paths = Vec::new();
        leaves(&document, &mut Vec::new(), &mut paths);
        for path in &paths {
            for value in &absurd_values {
                let mut changed = document.clone();
                *node_at(&mut changed, path) = value.clone();
                let fragment = format!("s=1.{}", stored(changed.to_string().as_bytes()));
                match decode(&fragment) {
                    Ok(Some(link)) => {
                        let mut sim = Sim::new(&link.scenario)
                            .unwrap_or_else(|e| panic!("{path:?} = {value}: {e}"));
                        sim.advance_by(Duration::from_days(2));
                        // The event log is what the page shows: every line must render.
                        for event in sim.events() {
                            let _ = (event.headline(), event.reason(), event.console_lines());
                        }
                        ran += 1;
                    }
                    Ok(None) => unreachable!("a link always holds a scenario"),
                    Err(_) => refused += 1,
                }
            }
        }
    }
    eprintln!("absurd field values: {refused} refused, {ran} run for two days");
    assert!(refused > 0 && ran > 0);
}

// ------------------------------------------------------------------ link lengths

/// The default scenario and every example in `engine/scenarios/` make a link under 1,000
/// characters (printed, to watch them grow), and read back with a time position too.
#[test]
fn example_scenarios_make_short_links() {
    let mut lengths = vec![(
        "default".to_string(),
        encode(&Scenario::default(), None).len(),
    )];
    let examples = example_scenarios();
    assert!(!examples.is_empty());
    for (name, scenario) in examples {
        lengths.push((name, encode(&scenario, None).len()));
        let at = Some(Duration::from_hours(30));
        assert_eq!(
            decode(&encode(&scenario, at)),
            Ok(Some(Link { scenario, at }))
        );
    }
    for (name, length) in &lengths {
        eprintln!("link length: {name}: {length} characters");
    }
    for (name, length) in &lengths {
        assert!(*length < 1000, "the link of {name} is {length} characters");
    }
}
