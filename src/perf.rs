//! User Timing marks that `scripts/bench.sh` reads (they cost a few microseconds and change
//! nothing): `playground-interactive` once the app has mounted, and a `playground-tick` measure
//! around each tick's update of the run (the reducer; Yew renders right after, in the same task).
//! The tick's entries are cleared at once so they never pile up in the page's performance buffer;
//! performance observers and traces see them all the same.

/// Marked once, right after the first render has reached the DOM.
pub const INTERACTIVE: &str = "playground-interactive";
/// Measured around every tick of the ticker.
pub const TICK: &str = "playground-tick";

fn performance() -> Option<web_sys::Performance> {
    web_sys::window().and_then(|window| window.performance())
}

/// Sets the mark `name` now.
pub fn mark(name: &str) {
    if let Some(performance) = performance() {
        let _ = performance.mark(name);
    }
}

/// Runs `work` between two marks and records a `name` measure of it, then clears both from the
/// performance buffer.
pub fn measure<T>(name: &str, work: impl FnOnce() -> T) -> T {
    let Some(performance) = performance() else {
        return work();
    };
    let start = format!("{name}-start");
    let _ = performance.mark(&start);
    let result = work();
    let _ = performance.measure_with_start_mark(name, &start);
    performance.clear_marks_with_mark_name(&start);
    performance.clear_measures_with_measure_name(name);
    result
}
