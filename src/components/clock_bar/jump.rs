//! Reading what the person types in "Jump to": a step (`+2h`, `+30m`, `-1h`, `+1d 6h`), a time of
//! day (`08:00`, `7:30pm`: the next one), a day and a time (`tomorrow 07:00`, `day 3 08:00`,
//! `wed 09:30`), a date (`2026-11-25 07:00`), `now` or `start`. Pure, so it is tested natively.

use engine::scenario::MAX_SPAN;
use engine::time::{Date, Duration, Instant, Weekday};

/// Examples shown when the text cannot be read.
const EXAMPLES: &str =
    "Try \u{201c}tomorrow 07:00\u{201d}, \u{201c}+2h\u{201d}, \u{201c}+30m\u{201d}, \u{201c}08:00\u{201d}, \u{201c}day 3 08:00\u{201d} or \u{201c}2026-11-25 07:00\u{201d}.";

/// The instant `text` names, seen from virtual time `now` in a run that began at `start`; or a
/// message saying, in plain words, what is wrong with it.
pub fn parse_jump(text: &str, now: Instant, start: Instant) -> Result<Instant, String> {
    let lowered = text.trim().to_lowercase();
    if lowered.is_empty() {
        return Err(format!("Type where to go. {EXAMPLES}"));
    }
    let target = match lowered.as_str() {
        "now" => now,
        "start" | "beginning" => start,
        _ if lowered.starts_with(['+', '-']) => {
            let span = parse_span(&lowered[1..]).ok_or_else(|| unreadable(text))?;
            if lowered.starts_with('-') {
                now - span
            } else {
                now + span
            }
        }
        _ => parse_day_and_time(&lowered, now, start).map_err(|e| e.unwrap_or(unreadable(text)))?,
    };
    if target < start {
        return Err(format!(
            "That is before the run starts ({} {} {}).",
            start.weekday().short_name(),
            start,
            start.hh_mm()
        ));
    }
    if target - start > MAX_SPAN {
        return Err(format!(
            "The playground runs at most {} days after the start.",
            MAX_SPAN.as_secs() / 86_400
        ));
    }
    Ok(target)
}

fn unreadable(text: &str) -> String {
    format!("Could not read \u{201c}{}\u{201d}. {EXAMPLES}", text.trim())
}

/// `2h`, `30m`, `1d 6h`, `1.5 h`, `90 min`, `45s`: a sum of numbers with units.
fn parse_span(text: &str) -> Option<Duration> {
    let mut rest = text.trim_start();
    let mut total = 0.0;
    let mut any = false;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let number: f64 = rest[..digits].parse().ok()?;
        rest = rest[digits..].trim_start();
        let letters = rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        let seconds_per_unit = match &rest[..letters] {
            "d" | "day" | "days" => 86_400.0,
            "h" | "hr" | "hrs" | "hour" | "hours" => 3_600.0,
            "m" | "min" | "mins" | "minute" | "minutes" => 60.0,
            "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
            _ => return None,
        };
        rest = rest[letters..].trim_start();
        total += number * seconds_per_unit;
        any = true;
    }
    (any && total.is_finite()).then(|| Duration::from_secs_f64(total))
}

/// A time of day as (hour, minute, second): `08:00`, `8:05:30`, `7am`, `7:30 pm` (with the
/// suffix as its own word too). `Err(Some(message))` when it looks like a time but is not one.
fn parse_time_of_day(text: &str) -> Result<(u8, u8, u8), Option<String>> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let (clock, meridiem) = if let Some(clock) = compact.strip_suffix("am") {
        (clock, Some(false))
    } else if let Some(clock) = compact.strip_suffix("pm") {
        (clock, Some(true))
    } else {
        (compact.as_str(), None)
    };
    if meridiem.is_none() && !clock.contains(':') {
        return Err(None);
    }
    let parts: Vec<&str> = clock.split(':').collect();
    if parts.len() > 3
        || parts
            .iter()
            .any(|p| p.is_empty() || p.len() > 2 || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(None);
    }
    let number = |i: usize| parts.get(i).map_or(Ok(0), |p| p.parse::<u8>());
    let (Ok(mut hour), Ok(minute), Ok(second)) = (number(0), number(1), number(2)) else {
        return Err(None);
    };
    let not_a_time = || {
        Some(format!(
            "{} is not a time of day (00:00 to 23:59).",
            text.trim()
        ))
    };
    if let Some(pm) = meridiem {
        if !(1..=12).contains(&hour) {
            return Err(not_a_time());
        }
        hour = match (hour, pm) {
            (12, false) => 0,
            (12, true) => 12,
            (h, true) => h + 12,
            (h, false) => h,
        };
    }
    if hour > 23 || minute > 59 || second > 59 {
        return Err(not_a_time());
    }
    Ok((hour, minute, second))
}

fn weekday_named(word: &str) -> Option<Weekday> {
    const NAMES: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    (word.len() >= 3)
        .then(|| NAMES.iter().position(|name| name.starts_with(word)))
        .flatten()
        .map(|index| Weekday::ALL[index])
}

fn parse_date(word: &str) -> Result<Option<Date>, String> {
    let parts: Vec<&str> = word.split('-').collect();
    if parts.len() != 3 || parts[0].len() != 4 {
        return Ok(None);
    }
    let (Ok(year), Ok(month), Ok(day)) = (
        parts[0].parse::<i32>(),
        parts[1].parse::<u8>(),
        parts[2].parse::<u8>(),
    ) else {
        return Ok(None);
    };
    let date = Date { year, month, day };
    if date.is_valid() {
        Ok(Some(date))
    } else {
        Err(format!("{word} is not a date."))
    }
}

/// Which day a phrase names: a fixed day, or the next one of a weekday.
enum DaySpec {
    /// A calendar day, as a day count since the epoch.
    Fixed(i64),
    /// The next such weekday (today counts if the time is still ahead).
    Next(Weekday),
}

/// `[day words] [at] [time]`. `Err(None)` when the phrase is not understood at all.
fn parse_day_and_time(text: &str, now: Instant, start: Instant) -> Result<Instant, Option<String>> {
    let words: Vec<&str> = text
        .split_whitespace()
        .filter(|word| *word != "at")
        .collect();
    // The time is the tail: one word (`07:00`, `7pm`), or two when the second is `am` / `pm`.
    let tail = match words.as_slice() {
        [.., _, "am" | "pm"] => 2,
        [] => 0,
        _ => 1,
    };
    let (head, last) = words.split_at(words.len() - tail);
    let (day_words, time) = match parse_time_of_day(&last.join(" ")) {
        Ok(parsed) => (head, Some(parsed)),
        Err(Some(message)) => return Err(Some(message)),
        Err(None) => (words.as_slice(), None),
    };
    let today = now.day_number();
    let day = match day_words {
        [] => None,
        ["today"] => Some(DaySpec::Fixed(today)),
        ["tomorrow"] => Some(DaySpec::Fixed(today + 1)),
        ["yesterday"] => Some(DaySpec::Fixed(today - 1)),
        ["day", n] => {
            let n: i64 = n.parse().map_err(|_| None)?;
            if n < 1 {
                return Err(Some(
                    "Days are counted from 1 (the day the run starts).".into(),
                ));
            }
            Some(DaySpec::Fixed(start.day_number() + n - 1))
        }
        [word] => match parse_date(word).map_err(Some)? {
            Some(date) => Some(DaySpec::Fixed(
                Instant::from_civil(date, 0, 0, 0).ok_or(None)?.day_number(),
            )),
            None => Some(DaySpec::Next(weekday_named(word).ok_or(None)?)),
        },
        _ => return Err(None),
    };
    let at_day = |day_number: i64, (h, m, s): (u8, u8, u8)| {
        Instant::from_millis(day_number * 86_400_000)
            + Duration::from_secs(i64::from(h) * 3600 + i64::from(m) * 60 + i64::from(s))
    };
    Ok(match (day, time) {
        (None, None) => return Err(None),
        // A bare time: the next time the clock shows it.
        (None, Some(time)) => {
            let candidate = at_day(today, time);
            if candidate > now {
                candidate
            } else {
                at_day(today + 1, time)
            }
        }
        // A day alone: its midnight, or the start if the run starts later that day.
        (Some(DaySpec::Fixed(day)), time) => {
            let target = at_day(day, time.unwrap_or((0, 0, 0)));
            if time.is_none() && day == start.day_number() {
                start
            } else {
                target
            }
        }
        (Some(DaySpec::Next(weekday)), time) => {
            let time = time.unwrap_or((0, 0, 0));
            let ahead = (weekday.index() as i64 - now.weekday().index() as i64).rem_euclid(7);
            let candidate = at_day(today + ahead, time);
            if candidate > now {
                candidate
            } else {
                at_day(today + ahead + 7, time)
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Monday 2026-11-23 at 07:55, the default scenario's start.
    fn start() -> Instant {
        Instant::from_civil(
            Date {
                year: 2026,
                month: 11,
                day: 23,
            },
            7,
            55,
            0,
        )
        .unwrap()
    }

    fn at(day: u8, hour: u8, minute: u8) -> Instant {
        Instant::from_civil(
            Date {
                year: 2026,
                month: 11,
                day,
            },
            hour,
            minute,
            0,
        )
        .unwrap()
    }

    fn jump(text: &str, now: Instant) -> Result<Instant, String> {
        parse_jump(text, now, start())
    }

    #[test]
    fn relative_steps_forward_and_back() {
        let now = at(23, 10, 0);
        assert_eq!(jump("+2h", now), Ok(at(23, 12, 0)));
        assert_eq!(jump("+30m", now), Ok(at(23, 10, 30)));
        assert_eq!(jump("+ 1d 6h", now), Ok(at(24, 16, 0)));
        assert_eq!(jump("+1.5 hours", now), Ok(at(23, 11, 30)));
        assert_eq!(jump("-1h", now), Ok(at(23, 9, 0)));
        assert_eq!(jump("+90s", now), Ok(now + Duration::from_secs(90)));
    }

    #[test]
    fn a_bare_time_is_the_next_time_the_clock_shows_it() {
        assert_eq!(jump("08:00", at(23, 7, 55)), Ok(at(23, 8, 0)));
        assert_eq!(jump("08:00", at(23, 8, 0)), Ok(at(24, 8, 0)));
        assert_eq!(jump("8:00", at(23, 9, 0)), Ok(at(24, 8, 0)));
        assert_eq!(jump("7pm", at(23, 9, 0)), Ok(at(23, 19, 0)));
        assert_eq!(jump("7:30 PM", at(23, 9, 0)), Ok(at(23, 19, 30)));
        assert_eq!(jump("12am", at(23, 9, 0)), Ok(at(24, 0, 0)));
        assert_eq!(
            jump("23:59:30", at(23, 9, 0)),
            Ok(at(23, 23, 59) + Duration::from_secs(30))
        );
    }

    #[test]
    fn days_by_name_number_or_date() {
        let now = at(23, 10, 0);
        assert_eq!(jump("tomorrow 07:00", now), Ok(at(24, 7, 0)));
        assert_eq!(jump("Tomorrow at 7:00", now), Ok(at(24, 7, 0)));
        assert_eq!(jump("today 23:00", now), Ok(at(23, 23, 0)));
        assert_eq!(jump("day 3 08:00", now), Ok(at(25, 8, 0)));
        assert_eq!(jump("day 3 8:00 am", now), Ok(at(25, 8, 0)));
        assert_eq!(jump("day 2", now), Ok(at(24, 0, 0)));
        assert_eq!(jump("day 1", at(25, 9, 0)), Ok(start()));
        assert_eq!(jump("2026-11-25 07:00", now), Ok(at(25, 7, 0)));
        assert_eq!(jump("2026-11-25", now), Ok(at(25, 0, 0)));
        assert_eq!(jump("wed 09:30", now), Ok(at(25, 9, 30)));
        assert_eq!(jump("monday 11:00", now), Ok(at(23, 11, 0)));
        assert_eq!(jump("mon 09:00", now), Ok(at(30, 9, 0)));
        assert_eq!(jump("start", now), Ok(start()));
        assert_eq!(jump("now", now), Ok(now));
    }

    #[test]
    fn bad_input_gets_a_helpful_message() {
        let now = at(23, 10, 0);
        let unreadable = jump("next week-ish", now).unwrap_err();
        assert!(unreadable.starts_with("Could not read"), "{unreadable}");
        assert!(unreadable.contains("tomorrow 07:00"), "{unreadable}");
        assert!(jump("", now).unwrap_err().contains("+2h"));
        assert!(jump("25:00", now)
            .unwrap_err()
            .contains("is not a time of day"));
        assert!(jump("13pm", now)
            .unwrap_err()
            .contains("is not a time of day"));
        assert!(jump("2026-02-30", now)
            .unwrap_err()
            .contains("is not a date"));
        assert!(jump("day 0", now).unwrap_err().contains("counted from 1"));
        assert!(jump("+2 fortnights", now)
            .unwrap_err()
            .starts_with("Could not read"));
        assert!(jump("8", now).unwrap_err().starts_with("Could not read"));
        assert!(jump("tomorrow tomorrow", now)
            .unwrap_err()
            .starts_with("Could not read"));
    }

    #[test]
    fn stays_inside_the_run() {
        let now = at(23, 10, 0);
        let early = jump("-3h", now).unwrap_err();
        assert_eq!(
            early,
            "That is before the run starts (Mon 2026-11-23 07:55)."
        );
        assert!(jump("yesterday 09:00", now).is_err());
        assert!(jump("+401d", now).unwrap_err().contains("400 days"));
    }
}
