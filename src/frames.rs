//! Work timed to the browser's frames.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Runs `work` in a task of its own once the browser has drawn the next frame (an animation
/// frame, then a timeout), so that it does not delay what the person is waiting to see. Without
/// a window it runs at once.
pub fn after_next_paint(work: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return work();
    };
    let next_frame = Closure::once(move || {
        let task = Closure::once(work);
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback(task.as_ref().unchecked_ref());
        }
        // The browser calls each once, later: JavaScript owns them from now on.
        task.forget();
    });
    if window
        .request_animation_frame(next_frame.as_ref().unchecked_ref())
        .is_err()
    {
        return;
    }
    next_frame.forget();
}
