//! Dates as people read them, in the visitor's own language, through the browser's `Intl` API
//! (as an iPhone's lock screen shows them; American English written here, as `Intl` writes it),
//! and small text helpers.

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

/// English day names, Monday first (as [`engine::time::Weekday::index`]).
const DAY_NAMES: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// English month names, January first.
const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Whether the visitor reads American English, whose date line [`long_date`] writes itself:
/// the first `Intl.DateTimeFormat` of a page loads the browser's locale data, 17-34 ms of a
/// cold load's first render on this project's machine.
fn reads_american_english() -> bool {
    web_sys::window().and_then(|window| window.navigator().language()) == Some("en-US".into())
}

/// The lock screen's date line, e.g. `Monday, November 23` in American English.
pub fn long_date(t: Instant) -> String {
    if reads_american_english() {
        return american_long_date(t);
    }
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

/// What `Intl.DateTimeFormat("en-US", { weekday: "long", month: "long", day: "numeric" })`
/// writes: `Monday, November 23`.
fn american_long_date(t: Instant) -> String {
    let date = t.date();
    let month = MONTH_NAMES[usize::from(date.month.clamp(1, 12) - 1)];
    format!("{}, {month} {}", DAY_NAMES[t.weekday().index()], date.day)
}

/// `text` with its first letter in upper case (`serious` → `Serious`).
pub fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::time::{Date, Duration};

    fn at(year: i32, month: u8, day: u8, hour: u8, minute: u8) -> Instant {
        Instant::from_civil(Date { year, month, day }, hour, minute, 0).unwrap()
    }

    #[test]
    fn american_dates_name_the_day_and_the_month() {
        let monday = at(2026, 11, 23, 7, 55);
        assert_eq!(american_long_date(monday), "Monday, November 23");
        let days: Vec<String> = (0..7)
            .map(|n| american_long_date(monday + Duration::from_days(n)))
            .collect();
        assert_eq!(
            days,
            [
                "Monday, November 23",
                "Tuesday, November 24",
                "Wednesday, November 25",
                "Thursday, November 26",
                "Friday, November 27",
                "Saturday, November 28",
                "Sunday, November 29",
            ]
        );
        let new_year = at(2027, 1, 1, 0, 0);
        assert_eq!(american_long_date(new_year), "Friday, January 1");
        let leap_day = at(2028, 2, 29, 23, 59);
        assert_eq!(american_long_date(leap_day), "Tuesday, February 29");
    }
}
