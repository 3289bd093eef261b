//! Virtual time: instants and durations in whole milliseconds, with calendar helpers.
//!
//! The simulation never reads a wall clock. An [`Instant`] counts milliseconds since
//! 1970-01-01 00:00:00 in the simulated device's local time (no time zones, no daylight
//! saving), so "08:00" in a scenario is 08:00 on the phone's clock on every machine.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::{Add, AddAssign, Sub, SubAssign};

const MS_PER_SECOND: i64 = 1_000;
const MS_PER_MINUTE: i64 = 60 * MS_PER_SECOND;
const MS_PER_HOUR: i64 = 60 * MS_PER_MINUTE;
const MS_PER_DAY: i64 = 24 * MS_PER_HOUR;

/// A span of virtual time in milliseconds (may be negative when two instants are subtracted).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Duration(i64);

impl Duration {
    /// No time at all.
    pub const ZERO: Duration = Duration(0);

    /// A duration of `ms` milliseconds.
    pub const fn from_millis(ms: i64) -> Self {
        Duration(ms)
    }
    /// A duration of `s` seconds.
    pub const fn from_secs(s: i64) -> Self {
        Duration(s * MS_PER_SECOND)
    }
    /// A duration of `m` minutes.
    pub const fn from_mins(m: i64) -> Self {
        Duration(m * MS_PER_MINUTE)
    }
    /// A duration of `h` hours.
    pub const fn from_hours(h: i64) -> Self {
        Duration(h * MS_PER_HOUR)
    }
    /// A duration of `d` days.
    pub const fn from_days(d: i64) -> Self {
        Duration(d * MS_PER_DAY)
    }
    /// A duration of `s` seconds, rounded to the nearest millisecond.
    pub fn from_secs_f64(s: f64) -> Self {
        Duration((s * MS_PER_SECOND as f64).round() as i64)
    }
    /// Whole milliseconds.
    pub const fn as_millis(self) -> i64 {
        self.0
    }
    /// Whole seconds, truncated toward zero.
    pub const fn as_secs(self) -> i64 {
        self.0 / MS_PER_SECOND
    }
    /// Seconds as a float.
    pub fn as_secs_f64(self) -> f64 {
        self.0 as f64 / MS_PER_SECOND as f64
    }
    /// Hours as a float.
    pub fn as_hours_f64(self) -> f64 {
        self.0 as f64 / MS_PER_HOUR as f64
    }
    /// The larger of two durations.
    pub fn max(self, other: Duration) -> Duration {
        Duration(self.0.max(other.0))
    }
    /// The smaller of two durations.
    pub fn min(self, other: Duration) -> Duration {
        Duration(self.0.min(other.0))
    }
    /// This duration multiplied by a float factor, rounded to the millisecond.
    pub fn mul_f64(self, factor: f64) -> Duration {
        Duration((self.0 as f64 * factor).round() as i64)
    }
}

impl fmt::Display for Duration {
    /// Short human form: `450 ms`, `30 s`, `2 min 05 s`, `3 h 20 min`, `2 d 4 h`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = self.0;
        if ms < 0 {
            return write!(f, "-{}", Duration(ms.saturating_neg()));
        }
        if ms < MS_PER_SECOND {
            write!(f, "{ms} ms")
        } else if ms < MS_PER_MINUTE {
            if ms % MS_PER_SECOND == 0 {
                write!(f, "{} s", ms / MS_PER_SECOND)
            } else {
                write!(f, "{:.1} s", ms as f64 / MS_PER_SECOND as f64)
            }
        } else if ms < MS_PER_HOUR {
            let m = ms / MS_PER_MINUTE;
            let s = (ms % MS_PER_MINUTE) / MS_PER_SECOND;
            if s == 0 {
                write!(f, "{m} min")
            } else {
                write!(f, "{m} min {s:02} s")
            }
        } else if ms < MS_PER_DAY {
            let h = ms / MS_PER_HOUR;
            let m = (ms % MS_PER_HOUR) / MS_PER_MINUTE;
            if m == 0 {
                write!(f, "{h} h")
            } else {
                write!(f, "{h} h {m:02} min")
            }
        } else {
            let d = ms / MS_PER_DAY;
            let h = (ms % MS_PER_DAY) / MS_PER_HOUR;
            if h == 0 {
                write!(f, "{d} d")
            } else {
                write!(f, "{d} d {h} h")
            }
        }
    }
}

impl Add for Duration {
    type Output = Duration;
    fn add(self, rhs: Duration) -> Duration {
        Duration(self.0 + rhs.0)
    }
}

impl Sub for Duration {
    type Output = Duration;
    fn sub(self, rhs: Duration) -> Duration {
        Duration(self.0 - rhs.0)
    }
}

/// A day of the week.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Weekday {
    /// Monday.
    Mon,
    /// Tuesday.
    Tue,
    /// Wednesday.
    Wed,
    /// Thursday.
    Thu,
    /// Friday.
    Fri,
    /// Saturday.
    Sat,
    /// Sunday.
    Sun,
}

impl Weekday {
    /// All seven days, Monday first.
    pub const ALL: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];

    /// Three-letter English name, as in dasd's log dates (`Mon`).
    pub fn short_name(self) -> &'static str {
        match self {
            Weekday::Mon => "Mon",
            Weekday::Tue => "Tue",
            Weekday::Wed => "Wed",
            Weekday::Thu => "Thu",
            Weekday::Fri => "Fri",
            Weekday::Sat => "Sat",
            Weekday::Sun => "Sun",
        }
    }

    /// Monday = 0 ... Sunday = 6.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// A calendar date in the proleptic Gregorian calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Date {
    /// Year, e.g. 2026.
    pub year: i32,
    /// Month 1..=12.
    pub month: u8,
    /// Day of the month 1..=31.
    pub day: u8,
}

const MONTH_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

impl Date {
    /// Three-letter English month name (`May`).
    pub fn month_name(self) -> &'static str {
        MONTH_NAMES[(self.month.clamp(1, 12) - 1) as usize]
    }

    /// Whether this is a real calendar date.
    pub fn is_valid(self) -> bool {
        (1..=12).contains(&self.month)
            && self.day >= 1
            && self.day <= days_in_month(self.year, self.month)
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 for a civil date (Howard Hinnant's algorithm).
fn days_from_civil(date: Date) -> i64 {
    let y = i64::from(date.year) - i64::from(date.month <= 2);
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(date.month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(date.day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count since 1970-01-01 (inverse of [`days_from_civil`]).
fn civil_from_days(days: i64) -> Date {
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    Date { year, month, day }
}

/// A point in virtual time: milliseconds since 1970-01-01 00:00:00 on the device's clock.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Instant(i64);

impl Instant {
    /// 1970-01-01 00:00:00.
    pub const EPOCH: Instant = Instant(0);

    /// The instant `ms` milliseconds after the epoch.
    pub const fn from_millis(ms: i64) -> Self {
        Instant(ms)
    }

    /// Milliseconds since the epoch.
    pub const fn as_millis(self) -> i64 {
        self.0
    }

    /// The instant at a calendar date and time of day; `None` if the date or time is not real.
    pub fn from_civil(date: Date, hour: u8, minute: u8, second: u8) -> Option<Instant> {
        if !date.is_valid() || hour > 23 || minute > 59 || second > 59 {
            return None;
        }
        let days = days_from_civil(date);
        Some(Instant(
            days * MS_PER_DAY
                + i64::from(hour) * MS_PER_HOUR
                + i64::from(minute) * MS_PER_MINUTE
                + i64::from(second) * MS_PER_SECOND,
        ))
    }

    /// Whole days since the epoch (the calendar day this instant falls on).
    pub fn day_number(self) -> i64 {
        self.0.div_euclid(MS_PER_DAY)
    }

    /// Milliseconds since local midnight.
    pub fn millis_of_day(self) -> i64 {
        self.0.rem_euclid(MS_PER_DAY)
    }

    /// Midnight at the start of this instant's day.
    pub fn start_of_day(self) -> Instant {
        Instant(self.day_number() * MS_PER_DAY)
    }

    /// The calendar date.
    pub fn date(self) -> Date {
        civil_from_days(self.day_number())
    }

    /// Hour of the day, 0..=23.
    pub fn hour(self) -> u8 {
        (self.millis_of_day() / MS_PER_HOUR) as u8
    }

    /// Minute of the hour, 0..=59.
    pub fn minute(self) -> u8 {
        ((self.millis_of_day() % MS_PER_HOUR) / MS_PER_MINUTE) as u8
    }

    /// Second of the minute, 0..=59.
    pub fn second(self) -> u8 {
        ((self.millis_of_day() % MS_PER_MINUTE) / MS_PER_SECOND) as u8
    }

    /// Hours since midnight as a float (8.5 = 08:30).
    pub fn hour_of_day_f64(self) -> f64 {
        self.millis_of_day() as f64 / MS_PER_HOUR as f64
    }

    /// Day of the week.
    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday (index 3 with Monday = 0).
        Weekday::ALL[(self.day_number() + 3).rem_euclid(7) as usize]
    }

    /// `HH:MM`.
    pub fn hh_mm(self) -> String {
        format!("{:02}:{:02}", self.hour(), self.minute())
    }

    /// `HH:MM:SS`.
    pub fn hh_mm_ss(self) -> String {
        format!(
            "{:02}:{:02}:{:02}",
            self.hour(),
            self.minute(),
            self.second()
        )
    }

    /// The date in the form dasd prints inside windows: `Mon May 20 15:17:08 2024`.
    pub fn dasd_date(self) -> String {
        let d = self.date();
        format!(
            "{} {} {:02} {} {}",
            self.weekday().short_name(),
            d.month_name(),
            d.day,
            self.hh_mm_ss(),
            d.year
        )
    }

    /// The timestamp form used at the start of console lines: `2024-05-20 15:17:08.123`.
    pub fn log_timestamp(self) -> String {
        format!(
            "{} {}.{:03}",
            self,
            self.hh_mm_ss(),
            self.0.rem_euclid(1000)
        )
    }

    /// The later of two instants.
    pub fn max(self, other: Instant) -> Instant {
        Instant(self.0.max(other.0))
    }

    /// The earlier of two instants.
    pub fn min(self, other: Instant) -> Instant {
        Instant(self.0.min(other.0))
    }
}

impl fmt::Display for Instant {
    /// The calendar date, `2026-11-22`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.date();
        write!(f, "{:04}-{:02}-{:02}", d.year, d.month, d.day)
    }
}

impl Add<Duration> for Instant {
    type Output = Instant;
    fn add(self, rhs: Duration) -> Instant {
        Instant(self.0.saturating_add(rhs.0))
    }
}

impl AddAssign<Duration> for Instant {
    fn add_assign(&mut self, rhs: Duration) {
        *self = *self + rhs;
    }
}

impl Sub<Duration> for Instant {
    type Output = Instant;
    fn sub(self, rhs: Duration) -> Instant {
        Instant(self.0.saturating_sub(rhs.0))
    }
}

impl SubAssign<Duration> for Instant {
    fn sub_assign(&mut self, rhs: Duration) {
        *self = *self - rhs;
    }
}

impl Sub for Instant {
    type Output = Duration;
    fn sub(self, rhs: Instant) -> Duration {
        Duration(self.0 - rhs.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, mo: u8, d: u8, h: u8, mi: u8) -> Instant {
        Instant::from_civil(
            Date {
                year: y,
                month: mo,
                day: d,
            },
            h,
            mi,
            0,
        )
        .unwrap()
    }

    #[test]
    fn civil_round_trip_and_weekday() {
        let t = at(2024, 5, 20, 15, 17) + Duration::from_secs(8);
        assert_eq!(t.dasd_date(), "Mon May 20 15:17:08 2024");
        assert_eq!(at(2026, 11, 22, 0, 0).weekday(), Weekday::Sun);
        assert_eq!(at(2000, 2, 29, 12, 0).date().day, 29);
        for day in -800_000..800_000i64 {
            if day % 997 == 0 {
                let inst = Instant::from_millis(day * MS_PER_DAY);
                let back = Instant::from_civil(inst.date(), 0, 0, 0).unwrap();
                assert_eq!(back, inst);
            }
        }
    }

    #[test]
    fn rejects_unreal_dates() {
        let feb30 = Date {
            year: 2026,
            month: 2,
            day: 30,
        };
        assert!(Instant::from_civil(feb30, 0, 0, 0).is_none());
        let ok = Date {
            year: 2026,
            month: 2,
            day: 28,
        };
        assert!(Instant::from_civil(ok, 24, 0, 0).is_none());
    }

    #[test]
    fn durations_print_for_humans_even_at_the_extremes() {
        assert_eq!(Duration::from_millis(-1500).to_string(), "-1.5 s");
        assert!(Duration::from_millis(i64::MIN).to_string().starts_with('-'));
    }

    #[test]
    fn durations_print_for_humans() {
        assert_eq!(Duration::from_millis(450).to_string(), "450 ms");
        assert_eq!(Duration::from_secs(30).to_string(), "30 s");
        assert_eq!(Duration::from_secs(125).to_string(), "2 min 05 s");
        assert_eq!(Duration::from_mins(200).to_string(), "3 h 20 min");
        assert_eq!(Duration::from_hours(52).to_string(), "2 d 4 h");
    }

    #[test]
    fn clock_fields() {
        let t = at(2026, 11, 22, 8, 5) + Duration::from_millis(7_250);
        assert_eq!(t.hh_mm_ss(), "08:05:07");
        assert_eq!(t.log_timestamp(), "2026-11-22 08:05:07.250");
        assert_eq!((t - t.start_of_day()).as_secs(), 8 * 3600 + 5 * 60 + 7);
    }
}
