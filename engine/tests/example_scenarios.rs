//! The example scenarios in `engine/scenarios/` load, run, and tell the story they are meant to.

use engine::log::{EndCause, EventKind, NotPermittedCause, Outcome, SubmitError, UnavailableCause};
use engine::scenario::Scenario;
use engine::scheduler::Rationale;
use engine::sim::Sim;
use engine::time::{Duration, Instant};
use engine::usage::UserAction;
use std::path::PathBuf;

const EXAMPLES: [&str; 10] = [
    "continued_export",
    "continued_export_stalls",
    "daily_refresh",
    "low_power_mode",
    "overnight_processing",
    "processing_ipad_on_battery",
    "processing_iphone_never_plugged",
    "submit_error_missing_fetch_mode",
    "submit_error_simulator",
    "submit_errors",
];

fn directory() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios")
}

fn load(name: &str) -> Scenario {
    let path = directory().join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    Scenario::from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn run(name: &str, span: Duration) -> Sim {
    let mut sim = Sim::new(&load(name)).expect("a valid scenario");
    sim.advance_by(span);
    sim
}

fn starts(sim: &Sim, identifier: &str) -> Vec<Instant> {
    sim.events()
        .iter()
        .filter(|e| matches!(&e.kind, EventKind::TaskStarted { identifier: id, .. } if id == identifier))
        .map(|e| e.at)
        .collect()
}

fn ends(sim: &Sim, identifier: &str) -> Vec<(Outcome, EndCause)> {
    sim.events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::TaskEnded {
                identifier: id,
                outcome,
                cause,
                ..
            } if id == identifier => Some((*outcome, *cause)),
            _ => None,
        })
        .collect()
}

fn user_actions(sim: &Sim, wanted: UserAction) -> Vec<Instant> {
    sim.events()
        .iter()
        .filter(|e| matches!(e.kind, EventKind::User(action) if action == wanted))
        .map(|e| e.at)
        .collect()
}

fn blocked_by(sim: &Sim, identifier: &str, wanted: impl Fn(&Rationale) -> bool) -> bool {
    sim.events().iter().any(|e| match &e.kind {
        EventKind::Evaluated {
            identifier: id,
            evaluation,
            ..
        } if id == identifier => evaluation.blocking().any(|v| wanted(&v.response.rationale)),
        _ => false,
    })
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

#[test]
fn every_example_is_listed_here() {
    let mut found: Vec<String> = std::fs::read_dir(directory())
        .expect("the scenarios directory")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .map(|path| path.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    found.sort();
    assert_eq!(found, EXAMPLES);
    for name in EXAMPLES {
        let scenario = load(name);
        assert_eq!(Scenario::from_json(&scenario.to_json()), Ok(scenario));
    }
}

#[test]
fn daily_refresh_learns_to_run_before_the_morning_open() {
    let sim = run("daily_refresh", Duration::from_days(4));
    let runs = starts(&sim, "com.example.news.refresh");
    let opens: Vec<Instant> = sim
        .events()
        .iter()
        .filter(|e| matches!(e.kind, EventKind::User(UserAction::OpenApp { .. })))
        .map(|e| e.at)
        .collect();
    assert_eq!(opens.len(), 4);
    let last_open = opens[3];
    assert!(
        runs.iter()
            .any(|&at| at < last_open && last_open - at <= Duration::from_hours(1)),
        "no run in the hour before the fourth morning's open"
    );
    assert!(ends(&sim, "com.example.news.refresh")
        .iter()
        .all(|&end| end == (Outcome::Completed, EndCause::WorkDone)));
}

#[test]
fn overnight_processing_runs_once_a_night_on_the_charger() {
    let sim = run("overnight_processing", Duration::from_days(3));
    let beds = user_actions(&sim, UserAction::GoToBed);
    let runs = starts(&sim, "com.example.news.cleanup");
    assert_eq!(runs.len(), 3);
    for (run, bed) in runs.iter().zip(&beds) {
        assert!(run >= bed && *run - *bed < Duration::from_hours(1));
    }
    assert!(ends(&sim, "com.example.news.cleanup")
        .iter()
        .all(|&end| end == (Outcome::Completed, EndCause::WorkDone)));
}

#[test]
fn processing_never_runs_on_an_iphone_that_is_never_plugged_in() {
    let sim = run("processing_iphone_never_plugged", Duration::from_days(3));
    assert!(starts(&sim, "com.example.news.cleanup").is_empty());
    assert!(blocked_by(&sim, "com.example.news.cleanup", |r| matches!(
        r,
        Rationale::ProcessingOnBattery { ipad: false, .. }
    )));
}

#[test]
fn processing_runs_on_an_ipad_on_battery() {
    let sim = run("processing_ipad_on_battery", Duration::from_days(1));
    assert_eq!(starts(&sim, "com.example.news.cleanup").len(), 1);
    assert_eq!(
        ends(&sim, "com.example.news.cleanup"),
        [(Outcome::Completed, EndCause::WorkDone)]
    );
}

#[test]
fn the_continued_export_completes_and_the_stalling_one_expires() {
    let id = "com.example.photos.export.A1B2";
    let sim = run("continued_export", Duration::from_hours(1));
    assert_eq!(ends(&sim, id), [(Outcome::Completed, EndCause::WorkDone)]);
    let sim = run("continued_export_stalls", Duration::from_hours(1));
    let ended = ends(&sim, id);
    assert_eq!(ended.len(), 1);
    assert_eq!(ended[0].0, Outcome::Expired);
    assert!(matches!(ended[0].1, EndCause::Stalled { limit_s, .. } if limit_s == 30.0));
}

#[test]
fn low_power_mode_holds_refresh_back_but_not_processing_on_the_charger() {
    let sim = run("low_power_mode", Duration::from_days(3));
    let lpm_off = sim.start() + Duration::from_millis(101_100_000);
    let refreshes = starts(&sim, "com.example.news.refresh");
    assert!(refreshes.iter().all(|&at| at > lpm_off));
    assert!(!refreshes.is_empty());
    assert!(blocked_by(&sim, "com.example.news.refresh", |r| *r
        == Rationale::RefreshOffByLowPowerMode));
    let cleanups = starts(&sim, "com.example.news.cleanup");
    assert!(
        cleanups.iter().any(|&at| at < lpm_off),
        "ran in Low Power Mode"
    );
}

#[test]
fn the_submit_error_examples_throw_codes_1_2_and_3() {
    let sim = run("submit_errors", Duration::from_hours(1));
    let rejected = rejections(&sim);
    let expected = [
        (
            "com.example.photos.unlisted",
            SubmitError::NotPermitted(NotPermittedCause::NotInInfoPlist),
        ),
        (
            "com.example.photos.refresh.albums",
            SubmitError::TooManyPendingTaskRequests { limit: 1 },
        ),
        (
            "com.example.photos.refresh",
            SubmitError::Unavailable(UnavailableCause::RefreshOffForApp),
        ),
        (
            "com.example.photos.export.GPU1",
            SubmitError::NotPermitted(NotPermittedCause::GpuUnsupported),
        ),
    ];
    for (identifier, error) in expected {
        assert!(
            rejected.contains(&(identifier.to_string(), error)),
            "{identifier}: {rejected:?}"
        );
    }
    let sim = run("submit_error_missing_fetch_mode", Duration::from_hours(1));
    assert_eq!(
        rejections(&sim),
        [(
            "com.example.news.refresh".to_string(),
            SubmitError::NotPermitted(NotPermittedCause::MissingFetchMode)
        )]
    );
    let sim = run("submit_error_simulator", Duration::from_hours(1));
    assert_eq!(
        rejections(&sim),
        [(
            "com.example.news.refresh".to_string(),
            SubmitError::Unavailable(UnavailableCause::Simulator)
        )]
    );
}

#[test]
fn the_submit_error_example_rejects_a_third_export_with_code_4() {
    let sim = run("submit_errors", Duration::from_hours(1));
    assert!(rejections(&sim).contains(&(
        "com.example.photos.export.A3".to_string(),
        SubmitError::ImmediateRunIneligible { running: 2, max: 2 }
    )));
    assert!(starts(&sim, "com.example.photos.export.A3").is_empty());
}
