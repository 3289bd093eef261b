//! Listening to a window or document event for as long as a component is mounted.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Event, EventTarget};

/// A listener for one event on the window or the document, removed when dropped (return it
/// from an effect's clean-up, or drop it there).
pub struct Listener {
    target: EventTarget,
    event: &'static str,
    callback: Closure<dyn Fn(Event)>,
}

impl Listener {
    /// Calls `callback` on every `event` at `target` until the listener is dropped; `None`
    /// when there is no target (no window, no document).
    pub fn new(
        target: Option<impl Into<EventTarget>>,
        event: &'static str,
        callback: impl Fn(Event) + 'static,
    ) -> Option<Listener> {
        let target = target?.into();
        let callback = Closure::<dyn Fn(Event)>::new(callback);
        target
            .add_event_listener_with_callback(event, callback.as_ref().unchecked_ref())
            .ok()?;
        Some(Listener {
            target,
            event,
            callback,
        })
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.target.remove_event_listener_with_callback(
            self.event,
            self.callback.as_ref().unchecked_ref(),
        );
    }
}
