//! Global keyboard shortcuts: one `keydown` listener on the document, added when [`App`] mounts
//! and removed when it unmounts. Keys typed into a text field or a menu are left alone, and so is
//! Space on a focused button (which presses that button).
//!
//! | key | does |
//! |---|---|
//! | Space | play / pause |
//! | → | step to the next event |
//! | ← | back one hour (a replay from the start) |
//! | 1 … 7 | the seven speeds, slowest first |
//! | ? | show or hide the shortcuts help (in the clock bar) |
//!
//! [`App`]: crate::App

use crate::listener::Listener;
use crate::state::{Action, Playground, Speed, WallMs};
use crate::ticker::wall_now;
use engine::time::{Duration, Instant};
use wasm_bindgen::JsCast;
use web_sys::{Element, KeyboardEvent};
use yew::prelude::*;

/// The `id` of the clock bar's shortcuts help (a `<details>` element that `?` opens and closes).
pub const SHORTCUTS_HELP_ID: &str = "shortcuts-help";

/// The shortcuts as the help lists them: the keys, and what they do.
pub const SHORTCUTS: [(&[&str], &str); 5] = [
    (&["Space"], "Play or pause"),
    (&["\u{2192}"], "Step to the next event"),
    (&["\u{2190}"], "Back one hour (replays the run)"),
    (
        &["1", "\u{2013}", "7"],
        "Speed: 1\u{d7} \u{2026} 1 week per second",
    ),
    (&["?"], "Show or hide this help"),
];

/// What a key press asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shortcut {
    /// Play or pause.
    TogglePlay,
    /// Step to the next event.
    Step,
    /// Go back one hour.
    BackOneHour,
    /// Run at this speed.
    Speed(Speed),
    /// Show or hide the help.
    ToggleHelp,
}

/// The shortcut for a `KeyboardEvent.key` value, if any. Presses with Ctrl, Alt or Meta belong to
/// the browser and the system, never to the playground.
pub fn shortcut_for(key: &str, with_command_modifier: bool) -> Option<Shortcut> {
    if with_command_modifier {
        return None;
    }
    Some(match key {
        " " | "Spacebar" => Shortcut::TogglePlay,
        "ArrowRight" => Shortcut::Step,
        "ArrowLeft" => Shortcut::BackOneHour,
        "?" => Shortcut::ToggleHelp,
        digit => {
            let index = digit.parse::<usize>().ok()?.checked_sub(1)?;
            Shortcut::Speed(*Speed::ALL.get(index)?)
        }
    })
}

/// The state change a shortcut makes at virtual time `now` (none for the help).
pub fn action_for(shortcut: Shortcut, now: Instant, wall: WallMs) -> Option<Action> {
    Some(match shortcut {
        Shortcut::TogglePlay => Action::TogglePlay { wall },
        Shortcut::Step => Action::Step,
        Shortcut::BackOneHour => Action::JumpTo {
            at: now - Duration::from_hours(1),
            wall,
        },
        Shortcut::Speed(speed) => Action::SetSpeed { speed, wall },
        Shortcut::ToggleHelp => return None,
    })
}

/// Whether a key press aimed at `target` belongs to it rather than to the shortcuts: typing in a
/// field or a menu, or Space on something Space activates.
fn belongs_to_target(target: Option<Element>, shortcut: Shortcut) -> bool {
    let Some(target) = target else {
        return false;
    };
    let editable = target
        .dyn_ref::<web_sys::HtmlElement>()
        .is_some_and(|element| element.is_content_editable());
    match target.tag_name().to_ascii_uppercase().as_str() {
        "INPUT" | "TEXTAREA" | "SELECT" => true,
        "BUTTON" | "SUMMARY" | "A" => shortcut == Shortcut::TogglePlay,
        _ => {
            editable || (shortcut == Shortcut::TogglePlay && target.get_attribute("role").is_some())
        }
    }
}

fn toggle_help() {
    let help = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id(SHORTCUTS_HELP_ID));
    if let Some(help) = help {
        let result = if help.has_attribute("open") {
            help.remove_attribute("open")
        } else {
            help.set_attribute("open", "")
        };
        // Changing an attribute of an element we found cannot fail.
        result.ok();
    }
}

/// Listens for the shortcuts while the component that calls it is mounted. `playground` is the
/// root state handle; each render hands the latest one to the listener.
#[hook]
pub fn use_shortcuts(playground: UseReducerHandle<Playground>) {
    let latest = use_mut_ref(|| playground.clone());
    *latest.borrow_mut() = playground;
    use_effect_with((), move |_| {
        let document = web_sys::window().and_then(|window| window.document());
        let listener = Listener::new(document, "keydown", move |event| {
            let Some(event) = event.dyn_ref::<KeyboardEvent>() else {
                return;
            };
            let command = event.ctrl_key() || event.meta_key() || event.alt_key();
            let Some(shortcut) = shortcut_for(&event.key(), command) else {
                return;
            };
            let target = event.target().and_then(|t| t.dyn_into::<Element>().ok());
            if belongs_to_target(target, shortcut) {
                return;
            }
            event.prevent_default();
            let playground = latest.borrow().clone();
            match action_for(shortcut, playground.now(), wall_now()) {
                Some(action) => playground.dispatch(action),
                None => toggle_help(),
            }
        });
        move || drop(listener)
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_map_to_shortcuts() {
        assert_eq!(shortcut_for(" ", false), Some(Shortcut::TogglePlay));
        assert_eq!(shortcut_for("ArrowRight", false), Some(Shortcut::Step));
        assert_eq!(
            shortcut_for("ArrowLeft", false),
            Some(Shortcut::BackOneHour)
        );
        assert_eq!(shortcut_for("?", false), Some(Shortcut::ToggleHelp));
        assert_eq!(
            shortcut_for("1", false),
            Some(Shortcut::Speed(Speed::RealTime))
        );
        assert_eq!(
            shortcut_for("5", false),
            Some(Shortcut::Speed(Speed::HourPerSecond))
        );
        assert_eq!(
            shortcut_for("7", false),
            Some(Shortcut::Speed(Speed::WeekPerSecond))
        );
        for key in ["0", "8", "a", "Enter", "ArrowUp"] {
            assert_eq!(shortcut_for(key, false), None, "{key}");
        }
        assert_eq!(shortcut_for(" ", true), None);
        assert_eq!(shortcut_for("ArrowLeft", true), None);
    }

    #[test]
    fn back_one_hour_jumps_from_now() {
        let now = Instant::from_millis(10 * 3_600_000);
        assert_eq!(
            action_for(Shortcut::BackOneHour, now, 5.0),
            Some(Action::JumpTo {
                at: Instant::from_millis(9 * 3_600_000),
                wall: 5.0
            })
        );
        assert_eq!(action_for(Shortcut::ToggleHelp, now, 5.0), None);
        assert_eq!(
            action_for(Shortcut::Speed(Speed::DayPerSecond), now, 1.0),
            Some(Action::SetSpeed {
                speed: Speed::DayPerSecond,
                wall: 1.0
            })
        );
    }

    #[test]
    fn the_help_lists_every_shortcut() {
        assert_eq!(SHORTCUTS.len(), 5);
        assert!(SHORTCUTS.iter().any(|(keys, _)| keys.contains(&"?")));
    }
}
