//! The root component: owns the state (a reducer), runs the ticker, lays out the views.

use crate::components::{Clock, Controls, Phone};
use crate::state::{Action, Playground, Speed};
use crate::ticker::{use_ticker, wall_now};
use yew::prelude::*;

/// The whole playground.
#[component]
pub fn App() -> Html {
    let state = use_reducer_eq(Playground::default);
    use_ticker(state.running, state.dispatcher());

    let on_toggle = {
        let dispatcher = state.dispatcher();
        use_callback((), move |(), _| {
            dispatcher.dispatch(Action::TogglePlay { wall: wall_now() })
        })
    };
    let on_speed = {
        let dispatcher = state.dispatcher();
        use_callback((), move |speed: Speed, _| {
            dispatcher.dispatch(Action::SetSpeed {
                speed,
                wall: wall_now(),
            })
        })
    };

    html! {
        <div class="app">
            <header class="app-header">
                <svg class="app-logo" viewBox="0 0 32 32" aria-hidden="true">
                    <rect x="2" y="2" width="28" height="28" rx="8" />
                    <circle cx="16" cy="16" r="8.5" fill="none" stroke="#fff" stroke-width="2.2" />
                    <path d="M16 11v5.5l3.5 2" fill="none" stroke="#fff" stroke-width="2.2"
                        stroke-linecap="round" stroke-linejoin="round" />
                </svg>
                <div>
                    <h1>{ "Background Tasks Playground" }</h1>
                    <p class="tagline">
                        { "Watch how iOS decides when your app's background work runs." }
                    </p>
                </div>
            </header>
            <main class="stage">
                <Phone now={state.now} />
                <div class="panel">
                    <Clock now={state.now} running={state.running} speed={state.speed} />
                    <Controls running={state.running} speed={state.speed} {on_toggle} {on_speed} />
                    <section class="card about" aria-label="About">
                        <h2 class="card-title">{ "What you are looking at" }</h2>
                        <p>
                            { "The phone runs on virtual time, starting on Monday morning. Speed it \
                               up to watch a day go by: background tasks, the scheduler's \
                               decisions and their reasons will appear here as the playground grows." }
                        </p>
                    </section>
                </div>
            </main>
            <footer class="app-footer">
                { "A teaching model of iOS's BGTaskScheduler, not Apple's code. Runs entirely in your browser." }
            </footer>
        </div>
    }
}
