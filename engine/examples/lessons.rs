//! Prints every guided lesson as JSON, for the end-to-end test that opens each one in the
//! browser (`tests/e2e/lessons.test.mjs`): its id, title, what to watch, its share link, when
//! the run starts (`2026-11-23 07:55:00`), where the link opens, and how long a run proves its
//! claim (the span its native `verify()` runs).
//!
//! ```text
//! cargo run -q -p engine --release --example lessons
//! ```

use engine::lessons;
use serde_json::json;

fn main() {
    let list: Vec<_> = lessons::all()
        .iter()
        .map(|lesson| {
            let start = lesson.scenario().start;
            json!({
                "id": lesson.id,
                "title": lesson.title,
                "watch": lesson.watch,
                "link": lesson.link(),
                "start": format!("{start} {}", start.hh_mm_ss()),
                "opens_at_s": lesson.opens_at.as_secs_f64(),
                "run_for_s": lesson.run_for.as_secs_f64(),
            })
        })
        .collect();
    println!(
        "{}",
        serde_json::to_string_pretty(&list).expect("lessons serialize")
    );
}
