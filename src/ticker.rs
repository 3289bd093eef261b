//! The loop that drives virtual time, kept apart from the views (as `simulation.rs` is in
//! yew's `examples/boids`): while the clock runs, an interval reads the wall clock and
//! dispatches [`Action::Tick`]. The reducer turns readings into virtual time, so a late or
//! skipped tick (a background tab, a busy main thread) delays the display but never the clock.

use crate::state::{Action, Playground, WallMs};
use gloo_timers::callback::Interval;
use yew::prelude::*;

/// How often virtual time is brought up to date while running, in wall milliseconds.
pub const TICK_MS: u32 = 100;

/// A monotonic wall-clock reading in milliseconds: `performance.now()`.
pub fn wall_now() -> WallMs {
    web_sys::window()
        .and_then(|window| window.performance())
        .expect("a browser window with the Performance API")
        .now()
}

/// Ticks the playground every [`TICK_MS`] while `running`; stops when `running` turns false
/// or the component that uses it unmounts.
#[hook]
pub fn use_ticker(running: bool, dispatcher: UseReducerDispatcher<Playground>) {
    use_effect_with(running, move |&running| {
        let interval = running.then(|| {
            dispatcher.dispatch(Action::Tick { wall: wall_now() });
            Interval::new(TICK_MS, move || {
                crate::perf::measure(crate::perf::TICK, || {
                    dispatcher.dispatch(Action::Tick { wall: wall_now() })
                })
            })
        });
        move || drop(interval)
    });
}
