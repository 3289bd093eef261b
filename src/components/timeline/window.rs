//! The timeline's window on virtual time: the zoom presets, which stretch of time is visible,
//! scrolling it, and the ticks of its axis. Pure, so it is tested natively.

use engine::time::{Duration, Instant};

/// How much time the timeline shows at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Zoom {
    /// One hour.
    Hour,
    /// Six hours.
    SixHours,
    /// One day.
    Day,
    /// Three days.
    ThreeDays,
    /// One week.
    Week,
}

impl Zoom {
    /// Every preset, shortest first.
    pub const ALL: [Zoom; 5] = [
        Zoom::Hour,
        Zoom::SixHours,
        Zoom::Day,
        Zoom::ThreeDays,
        Zoom::Week,
    ];

    /// The span shown.
    pub fn span(self) -> Duration {
        match self {
            Zoom::Hour => Duration::from_hours(1),
            Zoom::SixHours => Duration::from_hours(6),
            Zoom::Day => Duration::from_days(1),
            Zoom::ThreeDays => Duration::from_days(3),
            Zoom::Week => Duration::from_days(7),
        }
    }

    /// The button's text.
    pub fn label(self) -> &'static str {
        match self {
            Zoom::Hour => "1 h",
            Zoom::SixHours => "6 h",
            Zoom::Day => "1 day",
            Zoom::ThreeDays => "3 days",
            Zoom::Week => "1 week",
        }
    }

    /// Time between two ticks of the axis; always divides a day, so ticks fall on round times.
    pub fn tick_step(self) -> Duration {
        match self {
            Zoom::Hour => Duration::from_mins(10),
            Zoom::SixHours => Duration::from_hours(1),
            Zoom::Day => Duration::from_hours(3),
            Zoom::ThreeDays => Duration::from_hours(12),
            Zoom::Week => Duration::from_days(1),
        }
    }
}

/// A stretch of virtual time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    /// Its start.
    pub from: Instant,
    /// Its end.
    pub to: Instant,
}

impl Span {
    /// Its length.
    pub fn length(self) -> Duration {
        self.to - self.from
    }

    /// Where `t` falls, as a percentage of the span from its start (may be outside 0..=100).
    pub fn percent(self, t: Instant) -> f64 {
        let length = self.length().as_millis().max(1) as f64;
        (t - self.from).as_millis() as f64 * 100.0 / length
    }

    /// The instant at `fraction` (0..=1) of the span.
    pub fn at_fraction(self, fraction: f64) -> Instant {
        self.from + self.length().mul_f64(fraction.clamp(0.0, 1.0))
    }
}

/// What is visible: the zoom's span ending at `now` (or at `scrolled_to`, if the person scrolled
/// back), never starting before the run; early in a run the window starts at the run's start
/// and `now` moves across it.
pub fn visible(zoom: Zoom, now: Instant, run_start: Instant, scrolled_to: Option<Instant>) -> Span {
    let end = scrolled_to.map_or(now, |t| t.min(now));
    let from = (end - zoom.span()).max(run_start);
    Span {
        from,
        to: from + zoom.span(),
    }
}

/// Where the window ends after scrolling half a window earlier (`later == false`) or later;
/// `None` means it follows `now` again.
pub fn scroll(zoom: Zoom, view: Span, now: Instant, later: bool) -> Option<Instant> {
    let half = zoom.span().mul_f64(0.5);
    let end = if later {
        view.to + half
    } else {
        view.to - half
    };
    (end < now).then_some(end)
}

/// The stretch whose data is prepared for `view`: the view rounded to half windows and extended
/// by half a window, so that while the view slides with the clock the prepared data changes only
/// every half window (the drawing is memoized on it).
pub fn prepared(zoom: Zoom, view: Span, run_start: Instant) -> Span {
    let half = zoom.span().mul_f64(0.5).as_millis().max(1);
    let bucket = (view.from - run_start).as_millis().div_euclid(half);
    let from = run_start + Duration::from_millis(bucket * half);
    Span {
        from,
        to: from + zoom.span() + Duration::from_millis(half),
    }
}

/// One tick of the axis.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tick {
    /// Where.
    pub at: Instant,
    /// `08:00`, or `Tue 24` at midnight.
    pub label: String,
    /// Midnight: a new day.
    pub major: bool,
}

/// The ticks inside `span` for `zoom`.
pub fn ticks(zoom: Zoom, span: Span) -> Vec<Tick> {
    let step = zoom.tick_step().as_millis();
    let first = span.from.as_millis().div_euclid(step) * step;
    let first = if first < span.from.as_millis() {
        first + step
    } else {
        first
    };
    (0..)
        .map(|i| Instant::from_millis(first + i * step))
        .take_while(|at| *at <= span.to)
        .map(|at| {
            let major = at.millis_of_day() == 0;
            let label = if major {
                format!("{} {}", at.weekday().short_name(), at.date().day)
            } else {
                at.hh_mm()
            };
            Tick { at, label, major }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::time::Date;

    fn monday(hour: u8, minute: u8) -> Instant {
        Instant::from_civil(
            Date {
                year: 2026,
                month: 11,
                day: 23,
            },
            hour,
            minute,
            0,
        )
        .unwrap()
    }

    #[test]
    fn early_in_a_run_the_window_starts_at_the_start() {
        let start = monday(7, 55);
        let view = visible(Zoom::SixHours, monday(9, 0), start, None);
        assert_eq!(view.from, start);
        assert_eq!(view.length(), Duration::from_hours(6));
        let later = visible(Zoom::SixHours, monday(20, 0), start, None);
        assert_eq!(later.to, monday(20, 0));
        assert_eq!(later.from, monday(14, 0));
    }

    #[test]
    fn scrolling_back_and_forward_returns_to_following_now() {
        let start = monday(0, 0);
        let now = monday(20, 0);
        let view = visible(Zoom::Hour, now, start, None);
        let back = scroll(Zoom::Hour, view, now, false);
        assert_eq!(back, Some(monday(19, 30)));
        let earlier = visible(Zoom::Hour, now, start, back);
        assert_eq!(earlier.to, monday(19, 30));
        assert_eq!(scroll(Zoom::Hour, earlier, now, true), None);
    }

    #[test]
    fn prepared_data_covers_the_view_and_changes_every_half_window() {
        let start = monday(7, 55);
        let mut buckets = std::collections::BTreeSet::new();
        for minutes in (0..24 * 60).step_by(7) {
            let now = start + Duration::from_mins(minutes);
            let view = visible(Zoom::SixHours, now, start, None);
            let data = prepared(Zoom::SixHours, view, start);
            assert!(
                data.from <= view.from && view.to <= data.to,
                "{view:?} {data:?}"
            );
            buckets.insert(data.from);
        }
        assert!(buckets.len() <= 7, "{} buckets in a day", buckets.len());
    }

    #[test]
    fn ticks_fall_on_round_times_and_name_the_days() {
        let span = Span {
            from: monday(7, 55),
            to: monday(7, 55) + Duration::from_days(1),
        };
        let ticks = ticks(Zoom::Day, span);
        assert_eq!(ticks.len(), 8);
        assert_eq!(ticks[0].label, "09:00");
        assert!(!ticks[0].major);
        let midnight = ticks.iter().find(|t| t.major).unwrap();
        assert_eq!(midnight.label, "Tue 24");
        assert_eq!(midnight.at, monday(0, 0) + Duration::from_days(1));
    }

    #[test]
    fn percentages_and_fractions_are_inverse() {
        let span = Span {
            from: monday(8, 0),
            to: monday(14, 0),
        };
        assert_eq!(span.percent(monday(11, 0)), 50.0);
        assert_eq!(span.at_fraction(0.25), monday(9, 30));
        assert_eq!(span.at_fraction(2.0), span.to);
    }
}
