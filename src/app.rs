//! The root component: owns the state (a reducer), shares it with every view through a context,
//! runs the ticker, and lays out the views.

use crate::components::{
    AppPanel, ClockBar, DeviceControls, EventLog, Lessons, NoticeBanner, Phone, Share, SwiftExport,
    Timeline, WhyPanel,
};
use crate::frames::HeldOffScreen;
use crate::link::{current_fragment, use_link_opener};
use crate::persist::{saved_fragment, use_autosave};
use crate::state::{Action, Playground};
use crate::ticker::use_ticker;
use engine::scenario::Scenario;
use engine::sim::Sim;
use std::cell::{Ref, RefCell};
use std::rc::Rc;
use yew::prelude::*;

/// From this speed up (virtual seconds per wall second) the page runs without transitions and
/// animations (the `fast-clock` class).
const FAST_CLOCK_FACTOR: f64 = 600.0;

/// The shared state as it was when the views were rendered: read it, and dispatch
/// [`crate::state::Action`]s to change it. Unlike Yew's reducer handle (whose clones read the
/// newest state), a clone reads the same state, so a view can be given the state as it was
/// and compare it with the state now ([`crate::frames::HeldOffScreen`]).
#[derive(Clone)]
pub struct PlaygroundHandle {
    state: Rc<Playground>,
    dispatcher: UseReducerDispatcher<Playground>,
}

impl PlaygroundHandle {
    /// The state of `reducer` now.
    fn of(reducer: &UseReducerHandle<Playground>) -> PlaygroundHandle {
        PlaygroundHandle {
            state: Rc::new((**reducer).clone()),
            dispatcher: reducer.dispatcher(),
        }
    }

    /// Changes the playground.
    pub fn dispatch(&self, action: Action) {
        self.dispatcher.dispatch(action);
    }

    /// What changes the playground, to keep.
    pub fn dispatcher(&self) -> UseReducerDispatcher<Playground> {
        self.dispatcher.clone()
    }
}

impl std::ops::Deref for PlaygroundHandle {
    type Target = Playground;

    fn deref(&self) -> &Playground {
        &self.state
    }
}

impl PartialEq for PlaygroundHandle {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.state, &other.state) || *self.state == *other.state
    }
}

/// The playground's state, for any component inside [`App`].
#[hook]
pub fn use_playground() -> PlaygroundHandle {
    use_context::<PlaygroundHandle>().expect("components are rendered inside App")
}

/// The run's set-up, for views that show or edit only that (the app, its tasks, the Swift
/// code). Unlike [`PlaygroundHandle`] it changes only when the run is replaced (an edit, a
/// link, going back in time), not as time runs, so those views do not re-render every tick.
/// Reads go to the run as it is when they happen, so a click always acts on the latest run.
#[derive(Clone)]
pub struct SetupHandle {
    sim: Rc<RefCell<Sim>>,
    dispatcher: UseReducerDispatcher<Playground>,
}

impl SetupHandle {
    /// The run now, to read.
    pub fn sim(&self) -> Ref<'_, Sim> {
        self.sim.borrow()
    }

    /// The scenario now, with every input so far.
    pub fn scenario(&self) -> Scenario {
        self.sim.borrow().scenario().clone()
    }

    /// Changes the playground.
    pub fn dispatch(&self, action: Action) {
        self.dispatcher.dispatch(action);
    }
}

impl PartialEq for SetupHandle {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.sim, &other.sim)
    }
}

/// The run's set-up, for any component inside [`App`].
#[hook]
pub fn use_setup() -> SetupHandle {
    use_context::<SetupHandle>().expect("components are rendered inside App")
}

/// The whole playground.
#[component]
pub fn App() -> Html {
    let opening = use_memo((), |()| Opening::now());
    let state = {
        let opening = opening.clone();
        use_reducer_eq(move || opening.playground())
    };
    use_ticker(state.running, state.dispatcher());
    crate::shortcuts::use_shortcuts(state.clone());
    use_link_opener(state.dispatcher());
    let handle = PlaygroundHandle::of(&state);
    use_autosave(handle.clone(), matches!(*opening, Opening::FirstVisit));
    // For scripts/bench.sh: the first render is in the DOM and its handlers are live.
    use_effect_with((), |()| crate::perf::mark(crate::perf::INTERACTIVE));
    // The first render draws what a wide window shows first (the clock, the phone, the why
    // panel, the app); the rest of the page follows once that is on screen, so a cold start
    // answers sooner.
    let rest_drawn = use_state(|| false);
    {
        let rest_drawn = rest_drawn.setter();
        use_effect_with((), move |()| {
            crate::frames::after_next_paint(move || rest_drawn.set(true))
        });
    }
    // `#debug=panic` at start-up: fail on purpose, for the error panel's end-to-end test.
    use_effect_with((), |()| crate::failure::panic_if_requested());
    let lessons_open = use_state(|| false);
    let toggle_lessons = {
        let lessons_open = lessons_open.clone();
        Callback::from(move |_: MouseEvent| lessons_open.set(!*lessons_open))
    };
    let close_lessons = {
        let lessons_open = lessons_open.clone();
        Callback::from(move |()| lessons_open.set(false))
    };

    // Faster than ten virtual minutes a second, a transition (a few tenths of a second) spans
    // several ticks and only keeps the browser repainting between them: the page drops them.
    let fast_clock = state.running && state.speed.factor() >= FAST_CLOCK_FACTOR;
    let setup = SetupHandle {
        sim: state.shared_sim(),
        dispatcher: state.dispatcher(),
    };

    html! {
        <ContextProvider<SetupHandle> context={setup}>
        <ContextProvider<PlaygroundHandle> context={handle}>
            <div class={classes!("app", fast_clock.then_some("fast-clock"))}>
                <header class="app-header">
                    <svg class="app-logo" viewBox="0 0 32 32" aria-hidden="true">
                        <rect x="2" y="2" width="28" height="28" rx="8" />
                        <circle cx="16" cy="16" r="8.5" fill="none" stroke="#fff" stroke-width="2.2" />
                        <path d="M16 11v5.5l3.5 2" fill="none" stroke="#fff" stroke-width="2.2"
                            stroke-linecap="round" stroke-linejoin="round" />
                    </svg>
                    <div class="app-heading">
                        <h1>{ "Background Tasks Playground" }</h1>
                        <p class="tagline">
                            { "Watch how iOS decides when your app's background work runs." }
                        </p>
                    </div>
                    <nav class="app-actions" aria-label="Lessons and sharing">
                        <button type="button" class="button" onclick={toggle_lessons}
                            id={crate::components::lessons::LESSONS_BUTTON_ID}
                            aria-expanded={(*lessons_open).to_string()}>
                            { "Lessons" }
                        </button>
                        <Share />
                    </nav>
                </header>
                if *lessons_open {
                    <Lessons on_close={close_lessons} />
                }
                <ClockBar />
                <NoticeBanner />
                <main class="stage">
                    <div class="column column-device">
                        <HeldOffScreen><Phone /></HeldOffScreen>
                        <div class="later">
                            if *rest_drawn { <HeldOffScreen><DeviceControls /></HeldOffScreen> }
                        </div>
                    </div>
                    <div class="column column-story">
                        if *rest_drawn {
                            <HeldOffScreen><Timeline /></HeldOffScreen>
                            // Not held: it is the run's record, read (and searched) as it grows.
                            <EventLog />
                        }
                    </div>
                    <div class="column column-app">
                        <HeldOffScreen><WhyPanel /></HeldOffScreen>
                        <HeldOffScreen><AppPanel /></HeldOffScreen>
                        <div class="later">
                            if *rest_drawn { <SwiftExport /> }
                        </div>
                    </div>
                </main>
                <footer class="app-footer">
                    { "A teaching model of iOS's BGTaskScheduler, not Apple's code. Runs entirely in your browser." }
                </footer>
            </div>
        </ContextProvider<PlaygroundHandle>>
        </ContextProvider<SetupHandle>>
    }
}

/// What the page opened: a link in the URL, else the session saved in this browser, else (a
/// first visit) the default scenario.
enum Opening {
    Link(String),
    Saved(String),
    FirstVisit,
}

impl Opening {
    /// Reads the URL, then the saved session.
    fn now() -> Opening {
        let fragment = current_fragment();
        if !fragment.trim_start_matches('#').is_empty() {
            return Opening::Link(fragment);
        }
        match saved_fragment() {
            Some(saved) => Opening::Saved(saved),
            None => Opening::FirstVisit,
        }
    }

    /// The state the page starts in.
    fn playground(&self) -> Playground {
        match self {
            Opening::Link(fragment) => Playground::from_fragment(fragment),
            Opening::Saved(saved) => Playground::restore(saved),
            Opening::FirstVisit => Playground::default(),
        }
    }
}
