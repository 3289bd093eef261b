//! The engine's benchmark workload (`engine::bench`: 30 busy virtual days) exported from a bare
//! WebAssembly module, with no JavaScript glue, so `scripts/bench.sh` can time the engine alone
//! inside Chromium and compare it with the native `cargo run -p engine --release --example
//! bench`. The script builds it for `wasm32-unknown-unknown` with the workspace's release
//! profile (the one the site ships with), runs the same `wasm-opt` level as Trunk, and times
//! [`bench_run`] from JavaScript with `performance.now()`.
//!
//! ```text
//! cargo build -p engine-wasm-bench --release --target wasm32-unknown-unknown
//! ```
//!
//! Natively it builds to a small library that nothing calls.

use engine::bench::{busy_scenario, run_days};
use engine::scenario::Scenario;
use std::sync::OnceLock;

/// Built once, outside the timed calls (as the native benchmark does).
static SCENARIO: OnceLock<Scenario> = OnceLock::new();

/// Builds the busy scenario, so that [`bench_run`] times the run alone.
#[no_mangle]
pub extern "C" fn bench_setup() {
    SCENARIO.get_or_init(busy_scenario);
}

/// One run of the workload; returns the number of events it logged (trimmed ones included).
#[no_mangle]
pub extern "C" fn bench_run() -> u32 {
    let sim = run_days(SCENARIO.get_or_init(busy_scenario));
    sim.event_count() as u32
}
