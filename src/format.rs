//! Dates as people read them, in the visitor's own language, through the browser's `Intl` API
//! (as an iPhone's lock screen shows them), and small text helpers.

use engine::time::Instant;
use js_sys::{Array, Intl::DateTimeFormat, Object, Reflect};
use wasm_bindgen::JsValue;

thread_local! {
    static LONG_DATE: DateTimeFormat = {
        // Virtual instants count device-local milliseconds, so they are formatted without any
        // offset (time zone UTC).
        let options = Object::new();
        for (key, value) in [
            ("weekday", "long"),
            ("month", "long"),
            ("day", "numeric"),
            ("timeZone", "UTC"),
        ] {
            let _ = Reflect::set(&options, &JsValue::from_str(key), &JsValue::from_str(value));
        }
        DateTimeFormat::new(&Array::new(), &options)
    };
}

/// The lock screen's date line, e.g. `Monday, November 23` in American English.
pub fn long_date(t: Instant) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(t.as_millis() as f64));
    LONG_DATE.with(|format| {
        format
            .format()
            .call1(&JsValue::UNDEFINED, &date)
            .ok()
            .and_then(|text| text.as_string())
            .unwrap_or_else(|| t.to_string())
    })
}

/// `text` with its first letter in upper case (`serious` → `Serious`).
pub fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
