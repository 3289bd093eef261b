//! The playground's state, held at the root of the app in a reducer (as in yew's
//! `examples/function_todomvc`): the run of the engine, the virtual clock, and what is selected.
//!
//! The views never change the simulation: they dispatch an [`Action`]. A click on the phone
//! becomes an engine input appended to the scenario at the current virtual time; going back in
//! time replays the scenario from its start. Wall-clock readings arrive as numbers carried by
//! the actions, so this module never touches the browser and is tested natively.

use crate::format::capitalized;
use engine::scenario::{Input, Scenario};
use engine::sim::Sim;
use engine::time::{Duration, Instant};
use std::cell::{Ref, RefCell};
use std::rc::Rc;
use yew::Reducible;

/// A wall-clock reading in milliseconds from a monotonic source (`performance.now()`).
pub type WallMs = f64;

/// How fast virtual time runs compared with wall time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Speed {
    /// One virtual second per wall second.
    RealTime,
    /// Ten virtual seconds per wall second.
    Times10,
    /// One virtual minute per wall second.
    MinutePerSecond,
    /// Ten virtual minutes per wall second.
    TenMinutesPerSecond,
    /// One virtual hour per wall second.
    HourPerSecond,
    /// One virtual day per wall second.
    DayPerSecond,
    /// One virtual week per wall second.
    WeekPerSecond,
}

impl Speed {
    /// Every speed, slowest first, in the order the speed menu and the number keys use.
    pub const ALL: [Speed; 7] = [
        Speed::RealTime,
        Speed::Times10,
        Speed::MinutePerSecond,
        Speed::TenMinutesPerSecond,
        Speed::HourPerSecond,
        Speed::DayPerSecond,
        Speed::WeekPerSecond,
    ];

    /// Virtual milliseconds per wall millisecond.
    pub fn factor(self) -> f64 {
        match self {
            Speed::RealTime => 1.0,
            Speed::Times10 => 10.0,
            Speed::MinutePerSecond => 60.0,
            Speed::TenMinutesPerSecond => 600.0,
            Speed::HourPerSecond => 3600.0,
            Speed::DayPerSecond => 86_400.0,
            Speed::WeekPerSecond => 604_800.0,
        }
    }

    /// A stable identifier, used as the `value` of the speed menu's options.
    pub fn id(self) -> &'static str {
        match self {
            Speed::RealTime => "1",
            Speed::Times10 => "10",
            Speed::MinutePerSecond => "60",
            Speed::TenMinutesPerSecond => "600",
            Speed::HourPerSecond => "3600",
            Speed::DayPerSecond => "86400",
            Speed::WeekPerSecond => "604800",
        }
    }

    /// The speed with this [`id`](Speed::id), if any.
    pub fn from_id(id: &str) -> Option<Speed> {
        Speed::ALL.into_iter().find(|speed| speed.id() == id)
    }

    /// The menu's text for this speed.
    pub fn label(self) -> &'static str {
        match self {
            Speed::RealTime => "1× (real time)",
            Speed::Times10 => "10×",
            Speed::MinutePerSecond => "60× (1 min per second)",
            Speed::TenMinutesPerSecond => "600× (10 min per second)",
            Speed::HourPerSecond => "3600× (1 h per second)",
            Speed::DayPerSecond => "86400× (1 day per second)",
            Speed::WeekPerSecond => "604800× (1 week per second)",
        }
    }
}

/// Where the wall clock and the virtual clock were last lined up.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Anchor {
    wall: WallMs,
    virtual_time: Instant,
}

/// What the person has selected to look at closely.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selection {
    /// A pending request, by its activity serial (the "why" panel explains it).
    Pending(u64),
    /// A request's whole story, by its dasd activity name (a timeline bar).
    Record(String),
}

/// A message for the person: something they did could not be done, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// The message, in plain words.
    pub text: String,
}

/// The state at the root of the app.
#[derive(Clone)]
pub struct Playground {
    /// The run. Mutated in place by the reducer; [`Playground::revision`] says when.
    sim: Rc<RefCell<Sim>>,
    /// Bumped whenever the run changes, so views re-render exactly when they should.
    pub revision: u64,
    /// How fast virtual time runs while playing.
    pub speed: Speed,
    /// Whether virtual time is running.
    pub running: bool,
    /// Set while running once a wall-clock reading has been seen. Virtual time is always
    /// computed from this one reference, never by summing ticks, so it does not drift.
    anchor: Option<Anchor>,
    /// What is selected.
    pub selection: Option<Selection>,
    /// The latest message for the person, if any.
    pub notice: Option<Notice>,
}

impl PartialEq for Playground {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.sim, &other.sim)
            && self.revision == other.revision
            && self.speed == other.speed
            && self.running == other.running
            && self.anchor == other.anchor
            && self.selection == other.selection
            && self.notice == other.notice
    }
}

/// An edit of the scenario's set-up, as a function (compared by identity).
#[derive(Clone)]
pub struct ScenarioEdit(Rc<dyn Fn(&mut Scenario)>);

impl ScenarioEdit {
    /// The edit `edit`.
    pub fn new(edit: impl Fn(&mut Scenario) + 'static) -> ScenarioEdit {
        ScenarioEdit(Rc::new(edit))
    }

    /// `scenario` changed by this edit, checked: `Ok(None)` when the edit changes nothing, why
    /// not when the result is not a valid scenario.
    pub fn applied_to(&self, scenario: &Scenario) -> Result<Option<Scenario>, String> {
        let mut changed = scenario.clone();
        (self.0)(&mut changed);
        if changed == *scenario {
            return Ok(None);
        }
        changed
            .validate()
            .map_err(|e| capitalized(&e.to_string()))?;
        Ok(Some(changed))
    }
}

impl PartialEq for ScenarioEdit {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for ScenarioEdit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ScenarioEdit")
    }
}

/// Something that changes the [`Playground`]; the only way the views change state.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// The wall clock now reads `wall`: bring virtual time up to date.
    Tick {
        /// The wall-clock reading.
        wall: WallMs,
    },
    /// Start or stop virtual time, at wall-clock reading `wall`.
    TogglePlay {
        /// The wall-clock reading.
        wall: WallMs,
    },
    /// Change the speed, at wall-clock reading `wall`.
    SetSpeed {
        /// The new speed.
        speed: Speed,
        /// The wall-clock reading.
        wall: WallMs,
    },
    /// Pause and run to the next thing that happens.
    Step,
    /// Go to an instant: forward by running, backward by replaying from the start.
    JumpTo {
        /// Where to go.
        at: Instant,
        /// The wall-clock reading.
        wall: WallMs,
    },
    /// Something the person does on the phone or in the panels, now.
    Apply(Input),
    /// Change the set-up (the app, the device, the person): the edit is applied to the scenario
    /// as it stands when the action arrives, and the run replayed up to the current time. An
    /// edit that makes the scenario invalid leaves a notice and changes nothing.
    Edit(ScenarioEdit),
    /// Start the current scenario over from its beginning.
    Restart,
    /// Select something to look at (or nothing).
    Select(Option<Selection>),
    /// Dismiss the notice.
    DismissNotice,
    /// Open a share link (a URL fragment): its scenario replaces the run, paused at its time
    /// position. A broken link leaves a notice and keeps the current run.
    OpenLink(String),
    /// Forget everything and run the default scenario from its start.
    StartFresh,
}

impl Playground {
    /// A playground running `scenario` from its start, paused.
    pub fn new(scenario: &Scenario) -> Result<Playground, engine::scenario::ScenarioError> {
        Ok(Playground {
            sim: Rc::new(RefCell::new(Sim::new(scenario)?)),
            revision: 0,
            speed: Speed::RealTime,
            running: false,
            anchor: None,
            selection: None,
            notice: None,
        })
    }

    /// A playground for a page opened with `fragment` (the URL's `#...`): the linked scenario at
    /// its time position, paused; or the default scenario running, with a notice if the link is
    /// broken.
    pub fn from_fragment(fragment: &str) -> Playground {
        let mut playground = Playground::default();
        if !fragment.trim_start_matches('#').is_empty() {
            playground.open_link(fragment);
        }
        playground
    }

    /// A playground restoring a saved session (paused where it was). A save that cannot be read
    /// (from an older build, say) gives a fresh start with a notice saying so.
    pub fn restore(saved: &str) -> Playground {
        let mut playground = Playground::from_fragment(saved);
        if playground.notice.is_some() {
            playground.notice = Some(Notice {
                text: "Your last session could not be restored, so this is a fresh start.".into(),
            });
        }
        playground
    }

    fn open_link(&mut self, fragment: &str) {
        match engine::link::decode(fragment) {
            Ok(Some(link)) => {
                let at = link.scenario.start + link.at.unwrap_or_default();
                match self.replay(&link.scenario, at) {
                    Ok(()) => {
                        self.running = false;
                        self.anchor = None;
                        self.selection = None;
                        self.notice = None;
                    }
                    Err(text) => self.notice = Some(Notice { text }),
                }
            }
            Ok(None) => {}
            Err(error) => self.notice = Some(Notice { text: error.0 }),
        }
    }

    /// The run, to read.
    pub fn sim(&self) -> Ref<'_, Sim> {
        self.sim.borrow()
    }

    /// The run itself, shared: for [`crate::app::SetupHandle`], which reads it when asked.
    pub(crate) fn shared_sim(&self) -> Rc<RefCell<Sim>> {
        Rc::clone(&self.sim)
    }

    /// The virtual time now.
    pub fn now(&self) -> Instant {
        self.sim.borrow().now()
    }

    /// The scenario as it stands, with every input so far: what a share link carries.
    pub fn scenario(&self) -> Scenario {
        self.sim.borrow().scenario().clone()
    }

    /// Virtual time at wall-clock reading `wall` (unchanged when paused or not yet anchored).
    fn time_at(&self, wall: WallMs) -> Instant {
        let now = self.now();
        match self.anchor {
            Some(anchor) => {
                let elapsed_ms = (wall - anchor.wall).max(0.0);
                let advance = Duration::from_secs_f64(elapsed_ms * self.speed.factor() / 1000.0);
                (anchor.virtual_time + advance).max(now)
            }
            None => now,
        }
    }

    /// Brings the run up to `wall` and lines the two clocks up there if running.
    fn catch_up(&mut self, wall: WallMs) {
        self.advance_to(self.time_at(wall));
        self.anchor = self.running.then_some(Anchor {
            wall,
            virtual_time: self.now(),
        });
    }

    fn advance_to(&mut self, at: Instant) {
        let mut sim = self.sim.borrow_mut();
        if at > sim.now() {
            sim.advance_to(at);
            drop(sim);
            self.revision += 1;
        }
    }

    /// Replace the run by `scenario` replayed up to `at` (a fresh sim: the old one may be shared
    /// with the previous state).
    fn replay(&mut self, scenario: &Scenario, at: Instant) -> Result<(), String> {
        let mut sim = Sim::new(scenario).map_err(|e| e.to_string())?;
        sim.advance_to(at.max(sim.start()));
        self.sim = Rc::new(RefCell::new(sim));
        self.revision += 1;
        Ok(())
    }

    fn apply_input(&mut self, input: Input) {
        let now = self.now();
        let scenario = self.scenario();
        let elapsed = now - scenario.start;
        if scenario.inputs.last().is_some_and(|last| last.at > elapsed) {
            // The person went back in time and acts differently: the later inputs no longer
            // happen, like changing the past in any replay.
            let mut rewritten = scenario;
            rewritten.inputs.retain(|timed| timed.at <= elapsed);
            if let Err(text) = self.replay(&rewritten, now) {
                self.notice = Some(Notice { text });
                return;
            }
            self.notice = Some(Notice {
                text: "You went back in time and acted: what you had done later was discarded."
                    .into(),
            });
        }
        let result = self.sim.borrow_mut().push_input(input);
        match result {
            Ok(_) => self.revision += 1,
            Err(e) => {
                self.notice = Some(Notice {
                    text: e.to_string(),
                })
            }
        }
    }

    fn apply(&mut self, action: Action) {
        match action {
            Action::Tick { wall } => match self.anchor {
                Some(_) => self.advance_to(self.time_at(wall)),
                None if self.running => self.catch_up(wall),
                None => {}
            },
            Action::TogglePlay { wall } => {
                self.catch_up(wall);
                self.running = !self.running;
                self.catch_up(wall);
            }
            Action::SetSpeed { speed, wall } => {
                self.catch_up(wall);
                self.speed = speed;
            }
            Action::Step => {
                self.running = false;
                self.anchor = None;
                self.sim.borrow_mut().step();
                self.revision += 1;
            }
            Action::JumpTo { at, wall } => {
                let at = at.max(self.sim().start());
                if at >= self.now() {
                    self.advance_to(at);
                } else {
                    let scenario = self.scenario();
                    if let Err(text) = self.replay(&scenario, at) {
                        self.notice = Some(Notice { text });
                    }
                }
                self.anchor = self.running.then_some(Anchor {
                    wall,
                    virtual_time: self.now(),
                });
            }
            Action::Apply(input) => self.apply_input(input),
            Action::Edit(edit) => match edit.applied_to(&self.scenario()) {
                Ok(Some(scenario)) => {
                    let at = self.now();
                    match self.replay(&scenario, at) {
                        Ok(()) => self.selection = None,
                        Err(text) => self.notice = Some(Notice { text }),
                    }
                }
                Ok(None) => {}
                Err(text) => self.notice = Some(Notice { text }),
            },
            Action::Restart => {
                let scenario = self.scenario();
                let start = scenario.start;
                if let Err(text) = self.replay(&scenario, start) {
                    self.notice = Some(Notice { text });
                }
                self.running = false;
                self.anchor = None;
                self.selection = None;
            }
            Action::Select(selection) => self.selection = selection,
            Action::DismissNotice => self.notice = None,
            Action::OpenLink(fragment) => self.open_link(&fragment),
            Action::StartFresh => {
                let fresh = Playground::default();
                *self = Playground {
                    revision: self.revision + 1,
                    ..fresh
                };
            }
        }
    }
}

impl Default for Playground {
    /// The default scenario (a news app refreshed in the background, a person who opens it
    /// every morning at 8:00), running in real time from its start on Monday at 07:55.
    fn default() -> Self {
        let mut playground =
            Playground::new(&Scenario::default()).expect("the default scenario is valid");
        playground.running = true;
        playground
    }
}

impl Reducible for Playground {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        next.apply(action);
        if next == *self {
            self
        } else {
            Rc::new(next)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::log::EventKind;

    fn reduce(state: Playground, actions: &[Action]) -> Playground {
        let mut state = Rc::new(state);
        for action in actions {
            state = state.reduce(action.clone());
        }
        (*state).clone()
    }

    fn paused() -> Playground {
        Playground::new(&Scenario::default()).unwrap()
    }

    fn playing() -> Playground {
        reduce(paused(), &[Action::TogglePlay { wall: 0.0 }])
    }

    fn elapsed(state: &Playground) -> Duration {
        state.now() - state.sim().start()
    }

    #[test]
    fn starts_running_in_real_time_on_monday_morning() {
        let state = Playground::default();
        assert!(state.running);
        assert_eq!(state.speed, Speed::RealTime);
        assert_eq!(state.now().hh_mm_ss(), "07:55:00");
        assert_eq!(state.now().to_string(), "2026-11-23");
        assert_eq!(state.now().weekday().short_name(), "Mon");
    }

    #[test]
    fn time_follows_the_wall_clock_while_playing() {
        let state = reduce(playing(), &[Action::Tick { wall: 1_500.0 }]);
        assert_eq!(elapsed(&state), Duration::from_millis(1_500));
    }

    #[test]
    fn many_small_ticks_do_not_drift() {
        let mut state = reduce(
            paused(),
            &[
                Action::SetSpeed {
                    speed: Speed::MinutePerSecond,
                    wall: 0.0,
                },
                Action::TogglePlay { wall: 0.0 },
            ],
        );
        let mut wall = 0.0;
        for _ in 0..2_000 {
            wall += 16.667;
            state = reduce(state, &[Action::Tick { wall }]);
        }
        let expected = Duration::from_secs_f64(wall * 60.0 / 1000.0);
        assert_eq!(elapsed(&state), expected);
    }

    #[test]
    fn pause_freezes_time_and_play_resumes_without_a_jump() {
        let state = reduce(
            playing(),
            &[
                Action::Tick { wall: 2_000.0 },
                Action::TogglePlay { wall: 3_000.0 },
                Action::Tick { wall: 60_000.0 },
            ],
        );
        assert!(!state.running);
        assert_eq!(elapsed(&state), Duration::from_secs(3));
        let state = reduce(
            state,
            &[
                Action::TogglePlay { wall: 100_000.0 },
                Action::Tick { wall: 101_000.0 },
            ],
        );
        assert_eq!(elapsed(&state), Duration::from_secs(4));
    }

    #[test]
    fn speed_change_applies_from_that_moment_only() {
        let state = reduce(
            playing(),
            &[
                Action::SetSpeed {
                    speed: Speed::HourPerSecond,
                    wall: 10_000.0,
                },
                Action::Tick { wall: 12_000.0 },
            ],
        );
        assert_eq!(
            elapsed(&state),
            Duration::from_secs(10) + Duration::from_hours(2)
        );
    }

    #[test]
    fn wall_clock_going_backwards_never_rewinds_virtual_time() {
        let state = reduce(
            playing(),
            &[
                Action::Tick { wall: 3_000.0 },
                Action::Tick { wall: 2_000.0 },
            ],
        );
        assert_eq!(elapsed(&state), Duration::from_secs(3));
    }

    #[test]
    fn ticks_while_paused_change_nothing() {
        let before = Rc::new(paused());
        let after = before.clone().reduce(Action::Tick { wall: 9_000.0 });
        assert!(Rc::ptr_eq(&before, &after));
    }

    #[test]
    fn speeds_round_trip_through_their_ids() {
        for speed in Speed::ALL {
            assert_eq!(Speed::from_id(speed.id()), Some(speed));
        }
        assert_eq!(Speed::from_id("2"), None);
        assert_eq!(Speed::HourPerSecond.factor(), 3600.0);
    }

    #[test]
    fn a_click_becomes_an_input_at_the_current_time() {
        let start = paused().now();
        let state = reduce(
            paused(),
            &[
                Action::JumpTo {
                    at: start + Duration::from_mins(2),
                    wall: 0.0,
                },
                Action::Apply(Input::SetPluggedIn { on: true }),
            ],
        );
        let scenario = state.scenario();
        let last = scenario.inputs.last().unwrap();
        assert_eq!(last.at, Duration::from_mins(2));
        assert_eq!(last.input, Input::SetPluggedIn { on: true });
        assert!(state.sim().device().plugged_in);
    }

    #[test]
    fn jumping_back_replays_the_same_run() {
        let start = paused().now();
        let day = start + Duration::from_days(1);
        let forward = reduce(
            paused(),
            &[
                Action::Apply(Input::OpenApp),
                Action::JumpTo { at: day, wall: 0.0 },
            ],
        );
        let events_then = forward.sim().events().to_vec();
        let back_and_forth = reduce(
            forward,
            &[
                Action::JumpTo {
                    at: start + Duration::from_hours(3),
                    wall: 0.0,
                },
                Action::JumpTo { at: day, wall: 0.0 },
            ],
        );
        assert_eq!(back_and_forth.sim().events(), events_then.as_slice());
    }

    #[test]
    fn acting_in_the_past_discards_the_later_inputs_and_says_so() {
        let start = paused().now();
        let state = reduce(
            paused(),
            &[
                Action::JumpTo {
                    at: start + Duration::from_hours(2),
                    wall: 0.0,
                },
                Action::Apply(Input::SetLowPowerMode { on: true }),
                Action::JumpTo {
                    at: start + Duration::from_hours(1),
                    wall: 0.0,
                },
                Action::Apply(Input::SetPluggedIn { on: true }),
            ],
        );
        let inputs = state.scenario().inputs;
        assert_eq!(inputs.len(), 1);
        assert_eq!(inputs[0].input, Input::SetPluggedIn { on: true });
        assert!(state.notice.is_some());
        assert!(!state.sim().device().low_power_mode);
    }

    #[test]
    fn a_bad_input_leaves_a_notice_and_changes_nothing() {
        let before = paused();
        let state = reduce(
            before.clone(),
            &[Action::Apply(Input::SetBattery { level: f64::NAN })],
        );
        assert!(state.notice.as_ref().unwrap().text.contains("battery"));
        assert!(state.scenario().inputs.is_empty());
    }

    #[test]
    fn a_link_opens_its_scenario_paused_at_its_time() {
        let mut scenario = Scenario::default();
        scenario.push_input(Duration::from_mins(1), Input::SetPluggedIn { on: true });
        let fragment = engine::link::encode(&scenario, Some(Duration::from_hours(2)));
        let state = Playground::from_fragment(&format!("#{fragment}"));
        assert!(!state.running);
        assert!(state.notice.is_none());
        assert_eq!(state.scenario(), scenario);
        assert_eq!(elapsed(&state), Duration::from_hours(2));
    }

    #[test]
    fn a_broken_link_keeps_the_current_run_and_says_why() {
        let before = reduce(
            paused(),
            &[Action::Apply(Input::SetLowPowerMode { on: true })],
        );
        let fragment = engine::link::encode(&Scenario::default(), None);
        let broken = format!("#{}", &fragment[..fragment.len() - 5]);
        let after = reduce(before.clone(), &[Action::OpenLink(broken)]);
        assert_eq!(after.scenario(), before.scenario());
        assert!(after.notice.as_ref().unwrap().text.contains("broken"));
        let fresh = Playground::from_fragment("#s=1.%%%");
        assert!(fresh.running);
        assert!(fresh.notice.is_some());
    }

    #[test]
    fn a_saved_session_is_restored_or_replaced_by_a_fresh_start() {
        let before = reduce(
            paused(),
            &[
                Action::Apply(Input::SetLowPowerMode { on: true }),
                Action::Step,
            ],
        );
        let saved = engine::link::encode(&before.scenario(), Some(elapsed(&before)));
        let restored = Playground::restore(&saved);
        assert_eq!(restored.scenario(), before.scenario());
        assert_eq!(restored.now(), before.now());
        assert!(restored.notice.is_none());
        let unreadable = Playground::restore("s=1.@@@");
        assert!(unreadable
            .notice
            .as_ref()
            .is_some_and(|n| n.text.contains("fresh start")));
        assert!(unreadable.scenario().inputs.is_empty());
    }

    #[test]
    fn start_fresh_forgets_the_inputs_and_runs_from_the_start() {
        let state = reduce(
            paused(),
            &[
                Action::Apply(Input::OpenApp),
                Action::Step,
                Action::StartFresh,
            ],
        );
        assert!(state.scenario().inputs.is_empty());
        assert_eq!(elapsed(&state), Duration::ZERO);
        assert!(state.running);
    }

    #[test]
    fn step_pauses_and_runs_to_the_next_event() {
        let state = reduce(playing(), &[Action::Step]);
        assert!(!state.running);
        let sim = state.sim();
        assert!(!sim.events().is_empty());
        assert!(sim.now() > sim.start());
    }

    #[test]
    fn loading_an_edited_scenario_keeps_the_time_position() {
        let start = paused().now();
        let state = reduce(
            paused(),
            &[Action::JumpTo {
                at: start + Duration::from_hours(5),
                wall: 0.0,
            }],
        );
        let edit = ScenarioEdit::new(|s| s.user_routine = false);
        let state = reduce(state, &[Action::Edit(edit)]);
        assert_eq!(state.now(), start + Duration::from_hours(5));
        assert!(!state
            .sim()
            .events()
            .iter()
            .any(|e| matches!(e.kind, EventKind::User(_))));
    }

    #[test]
    fn an_edit_applies_to_the_scenario_as_it_is_when_it_arrives() {
        // Two edits made from the same render must both land, the second on top of the first.
        let state = paused();
        let rename = ScenarioEdit::new(|s| s.app.bundle_id = "com.example.mail".into());
        let no_routine = ScenarioEdit::new(|s| s.user_routine = false);
        let state = reduce(state, &[Action::Edit(rename), Action::Edit(no_routine)]);
        assert_eq!(state.scenario().app.bundle_id, "com.example.mail");
        assert!(!state.scenario().user_routine);
    }

    #[test]
    fn an_invalid_edit_leaves_a_notice_and_the_run_as_it_was() {
        let state = paused();
        let before = state.scenario();
        let state = reduce(
            state,
            &[Action::Edit(ScenarioEdit::new(|s| s.app.bundle_id.clear()))],
        );
        assert_eq!(state.scenario(), before);
        assert!(state.notice.unwrap().text.starts_with("The app needs"));
    }
}
