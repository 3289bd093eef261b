//! The playground's state, held at the root of the app in a reducer (as in yew's
//! `examples/function_todomvc`): the virtual clock, whether it runs, and how fast.
//!
//! Everything here is plain data and arithmetic: wall-clock readings come in as numbers carried
//! by the actions, so this module never touches the browser and is tested natively.

use engine::time::{Date, Duration, Instant};
use std::rc::Rc;
use yew::Reducible;

/// A wall-clock reading in milliseconds from a monotonic source (`performance.now()`).
pub type WallMs = f64;

/// How fast virtual time runs compared with wall time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Speed {
    /// One virtual second per wall second.
    RealTime,
    /// One virtual minute per wall second.
    MinutePerSecond,
    /// One virtual hour per wall second.
    HourPerSecond,
}

impl Speed {
    /// Every speed, slowest first, in the order the speed menu lists them.
    pub const ALL: [Speed; 3] = [
        Speed::RealTime,
        Speed::MinutePerSecond,
        Speed::HourPerSecond,
    ];

    /// Virtual milliseconds per wall millisecond.
    pub fn factor(self) -> f64 {
        match self {
            Speed::RealTime => 1.0,
            Speed::MinutePerSecond => 60.0,
            Speed::HourPerSecond => 3600.0,
        }
    }

    /// A stable identifier, used as the `value` of the speed menu's options.
    pub fn id(self) -> &'static str {
        match self {
            Speed::RealTime => "1",
            Speed::MinutePerSecond => "60",
            Speed::HourPerSecond => "3600",
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
            Speed::MinutePerSecond => "60× (1 min per second)",
            Speed::HourPerSecond => "3600× (1 h per second)",
        }
    }
}

/// Where the wall clock and the virtual clock were last lined up.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Anchor {
    wall: WallMs,
    virtual_time: Instant,
}

/// The state at the root of the app.
#[derive(Clone, Debug, PartialEq)]
pub struct Playground {
    /// The virtual time the phone shows.
    pub now: Instant,
    /// How fast virtual time runs while playing.
    pub speed: Speed,
    /// Whether virtual time is running.
    pub running: bool,
    /// Set while running once a wall-clock reading has been seen. Virtual time is always
    /// computed from this one reference, never by summing ticks, so it does not drift.
    anchor: Option<Anchor>,
}

/// Something that changes the [`Playground`]; the only way the views change state.
#[derive(Clone, Copy, Debug, PartialEq)]
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
}

impl Playground {
    /// The virtual time at which every session starts: Monday 2026-11-23, 07:55:00.
    pub fn start_time() -> Instant {
        let date = Date {
            year: 2026,
            month: 11,
            day: 23,
        };
        Instant::from_civil(date, 7, 55, 0).expect("2026-11-23 07:55:00 is a real time")
    }

    /// Virtual time at wall-clock reading `wall` (unchanged when paused or not yet anchored).
    fn time_at(&self, wall: WallMs) -> Instant {
        match self.anchor {
            Some(anchor) => {
                let elapsed_ms = (wall - anchor.wall).max(0.0);
                let advance = Duration::from_secs_f64(elapsed_ms * self.speed.factor() / 1000.0);
                (anchor.virtual_time + advance).max(self.now)
            }
            None => self.now,
        }
    }

    /// Brings `now` up to `wall` and lines the two clocks up there if running.
    fn catch_up(&mut self, wall: WallMs) {
        self.now = self.time_at(wall);
        self.anchor = self.running.then_some(Anchor {
            wall,
            virtual_time: self.now,
        });
    }

    fn apply(&mut self, action: Action) {
        match action {
            Action::Tick { wall } => match self.anchor {
                Some(_) => self.now = self.time_at(wall),
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
        }
    }
}

impl Default for Playground {
    /// Running at real time from [`Playground::start_time`].
    fn default() -> Self {
        Playground {
            now: Playground::start_time(),
            speed: Speed::RealTime,
            running: true,
            anchor: None,
        }
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

    fn reduce(state: Playground, actions: &[Action]) -> Playground {
        let mut state = Rc::new(state);
        for &action in actions {
            state = state.reduce(action);
        }
        (*state).clone()
    }

    fn elapsed(state: &Playground) -> Duration {
        state.now - Playground::start_time()
    }

    #[test]
    fn starts_running_at_real_time_on_monday_morning() {
        let state = Playground::default();
        assert!(state.running);
        assert_eq!(state.speed, Speed::RealTime);
        assert_eq!(state.now.hh_mm_ss(), "07:55:00");
        assert_eq!(state.now.to_string(), "2026-11-23");
        assert_eq!(state.now.weekday().short_name(), "Mon");
    }

    #[test]
    fn first_tick_anchors_then_time_follows_the_wall_clock() {
        let state = reduce(
            Playground::default(),
            &[
                Action::Tick { wall: 5_000.0 },
                Action::Tick { wall: 6_500.0 },
            ],
        );
        assert_eq!(elapsed(&state), Duration::from_millis(1_500));
    }

    #[test]
    fn many_small_ticks_do_not_drift() {
        let mut actions = vec![Action::Tick { wall: 0.0 }];
        let mut wall = 0.0;
        for _ in 0..10_000 {
            wall += 16.667;
            actions.push(Action::Tick { wall });
        }
        let state = reduce(
            Playground {
                speed: Speed::MinutePerSecond,
                ..Playground::default()
            },
            &actions,
        );
        let expected = Duration::from_secs_f64(wall * 60.0 / 1000.0);
        assert_eq!(elapsed(&state), expected);
    }

    #[test]
    fn pause_freezes_time_and_play_resumes_without_a_jump() {
        let state = reduce(
            Playground::default(),
            &[
                Action::Tick { wall: 0.0 },
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
        assert!(state.running);
        assert_eq!(elapsed(&state), Duration::from_secs(4));
    }

    #[test]
    fn speed_change_applies_from_that_moment_only() {
        let state = reduce(
            Playground::default(),
            &[
                Action::Tick { wall: 0.0 },
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
        assert_eq!(state.now.hh_mm_ss(), "09:55:10");
    }

    #[test]
    fn wall_clock_going_backwards_never_rewinds_virtual_time() {
        let state = reduce(
            Playground::default(),
            &[
                Action::Tick { wall: 1_000.0 },
                Action::Tick { wall: 3_000.0 },
                Action::Tick { wall: 2_000.0 },
            ],
        );
        assert_eq!(elapsed(&state), Duration::from_secs(2));
    }

    #[test]
    fn ticks_while_paused_change_nothing() {
        let paused = reduce(Playground::default(), &[Action::TogglePlay { wall: 0.0 }]);
        let before = Rc::new(paused);
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
}
