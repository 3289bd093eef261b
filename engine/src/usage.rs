//! The simulated person, and what the system learns from watching them.
//!
//! [`plan_day`] turns a [`UserProfile`] into one day of concrete actions (open the app, pick up
//! the phone, go to bed, wake up), seeded and deterministic. [`UsagePredictor`] is the system's
//! side: from the app opens and device use it observes, it predicts by time of day how likely the
//! person is to open the app or use the phone, as dasd's Application Policy and Device Activity
//! Policy need (reference 3.3, 4.1, 4.3).
//!
//! Both models are inferred [INF]: Apple does not publish how iOS learns usage. What is sourced is
//! that learning takes about two days and that reinstalling resets it [OBS flutter_workmanager
//! PR #511]; the rates and shapes here are this model's choices, all in [`Params`].

use crate::params::Params;
use crate::rng::Rng;
use crate::time::{Duration, Instant, Weekday};
use serde::{Deserialize, Serialize};
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

const MINUTE_MS: i64 = 60_000;
const HOUR_MS: i64 = 60 * MINUTE_MS;
const DAY_MS: i64 = 24 * HOUR_MS;
/// The predictor's resolution: a quarter of an hour.
const QUARTER_HOUR_MS: i64 = 15 * MINUTE_MS;

/// Quarter-hours in a day: the bins of every learned profile.
pub const QUARTER_HOURS_PER_DAY: usize = 96;

/// Usual times (hour, minute) of [`UsagePattern::SeveralTimesADay`].
const SEVERAL_TIMES_A_DAY: [(u8, u8); 5] = [(8, 0), (12, 30), (17, 30), (20, 0), (22, 0)];
/// [`UsagePattern::Evenings`] opens the app once between these minutes of the day (19:00–22:00).
const EVENING_FIRST_MINUTE: i64 = 19 * 60;
const EVENING_LAST_MINUTE: i64 = 22 * 60;
/// Mixes the day number into the seed, so every day has its own random streams.
const DAY_SEED_MIX: u64 = 0x9E37_79B9_7F4A_7C15;

/// How often and when the simulated person opens the app.
///
/// Hours above 23 and minutes above 59 are read as 23 and 59.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum UsagePattern {
    /// Every day at the same time, give or take `user_open_jitter_minutes`.
    DailyAt {
        /// Hour of the day, 0–23.
        hour: u8,
        /// Minute of the hour, 0–59.
        minute: u8,
    },
    /// Around 08:00, 12:30, 17:30, 20:00 and 22:00; each open is skipped with
    /// `user_open_skip_chance`.
    SeveralTimesADay,
    /// Once between 19:00 and 22:00, on most days (skipped with `user_open_skip_chance`).
    Evenings,
    /// Once a week, on one weekday, at about the same time.
    Weekly {
        /// The day of the week.
        weekday: Weekday,
        /// Hour of the day, 0–23.
        hour: u8,
        /// Minute of the hour, 0–59.
        minute: u8,
    },
    /// On a day with chance `user_rare_open_chance` (about once in 10 days), at a random waking time.
    Rarely,
    /// Opened once at install (the scenario start does that), never again.
    Never,
    /// Every day around each listed hour (on the hour, give or take the jitter).
    CustomHours {
        /// Hours of the day, 0–23.
        hours: Vec<u8>,
    },
}

/// The simulated person: app-usage pattern and daily routine.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserProfile {
    /// When the person opens the app.
    pub pattern: UsagePattern,
    /// Phone on the charger, locked and idle overnight.
    pub night_routine: bool,
    /// Hour the person goes to bed (plugs in, locks), e.g. 23.
    pub bedtime_hour: u8,
    /// Hour the person wakes up (unplugs), e.g. 7.
    pub wake_hour: u8,
    /// The person picks up the phone for other apps during waking hours.
    pub daytime_phone_use: bool,
}

impl Default for UserProfile {
    /// Opens the app daily at 08:00, sleeps 23:00–07:00 with the phone on the charger, and uses
    /// the phone during the day.
    fn default() -> Self {
        UserProfile {
            pattern: UsagePattern::DailyAt { hour: 8, minute: 0 },
            night_routine: true,
            bedtime_hour: 23,
            wake_hour: 7,
            daytime_phone_use: true,
        }
    }
}

/// One thing the person does, as the simulation will apply it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum UserAction {
    /// Unlock, open our app in the foreground for that long, then go home and lock.
    OpenApp {
        /// How long the app stays in the foreground.
        minutes: u32,
    },
    /// Unlock and use other apps for that long, then lock.
    UsePhone {
        /// How long the phone is in use.
        minutes: u32,
    },
    /// Plug in (if the night routine is on) and lock; the phone is idle until wake-up.
    GoToBed,
    /// Unplug (if the night routine is on).
    WakeUp,
}

impl UserAction {
    /// How long the action keeps the phone in use (zero for going to bed and waking up).
    pub fn duration(self) -> Duration {
        match self {
            UserAction::OpenApp { minutes } | UserAction::UsePhone { minutes } => {
                Duration::from_mins(i64::from(minutes))
            }
            UserAction::GoToBed | UserAction::WakeUp => Duration::ZERO,
        }
    }
}

/// The person's plan for the calendar day that contains `day_start`, sorted by time.
///
/// It depends only on the profile, the seed, the day and the params, so days can be planned
/// lazily and in any order. Phone uses never overlap (an app open wins over a pickup), all end
/// within the day, and pickups happen only between waking up and going to bed; habitual app opens
/// may fall at night (the person wakes briefly). Going to bed and waking up are always planned;
/// whether they plug the phone in is the simulation's reading of `night_routine`.
pub fn plan_day(
    profile: &UserProfile,
    seed: u64,
    day_start: Instant,
    params: &Params,
) -> Vec<(Instant, UserAction)> {
    let day = Day::containing(day_start);
    let day_seed = seed ^ (day.start.day_number() as u64).wrapping_mul(DAY_SEED_MIX);
    // Separate streams: changing the app pattern leaves the routine and the pickups as they were.
    let mut routine_rng = Rng::derive(day_seed, "user-routine");
    let mut app_rng = Rng::derive(day_seed, "user-app");
    let mut phone_rng = Rng::derive(day_seed, "user-phone");

    let wake = day.jittered(
        minute_of_day(profile.wake_hour, 0),
        params.user_wake_jitter_minutes,
        &mut routine_rng,
    );
    let bedtime = day.jittered(
        minute_of_day(profile.bedtime_hour, 0),
        params.user_bedtime_jitter_minutes,
        &mut routine_rng,
    );
    let awake = day.awake_spans(wake, bedtime);

    let mut sessions: Vec<(Span, UserAction)> = Vec::new();
    let mut opens = habitual_opens(&profile.pattern, &day, &awake, params, &mut app_rng);
    opens.sort();
    for start in opens {
        let minutes = draw_minutes(
            params.user_open_shortest_minutes,
            params.user_open_longest_minutes,
            &mut app_rng,
        );
        let (span, minutes) = day.session(start, minutes);
        add_unless_overlapping(&mut sessions, span, UserAction::OpenApp { minutes });
    }
    if profile.daytime_phone_use {
        for (span, minutes) in pickups(&awake, params, &mut phone_rng) {
            add_unless_overlapping(&mut sessions, span, UserAction::UsePhone { minutes });
        }
    }

    let mut plan: Vec<(Instant, UserAction)> = sessions
        .iter()
        .map(|&(span, action)| (span.start, action))
        .collect();
    plan.push((outside_sessions(wake, &sessions), UserAction::WakeUp));
    plan.push((outside_sessions(bedtime, &sessions), UserAction::GoToBed));
    plan.sort_by_key(|&(at, _)| at);
    plan
}

/// A stretch of time, `[start, end)`.
#[derive(Clone, Copy, Debug)]
struct Span {
    start: Instant,
    end: Instant,
}

impl Span {
    fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    fn contains(self, at: Instant) -> bool {
        self.start <= at && at < self.end
    }

    fn len_ms(self) -> i64 {
        (self.end - self.start).as_millis().max(0)
    }
}

/// One calendar day being planned.
struct Day {
    start: Instant,
    /// Nothing planned ends later, so a day's plan never runs into the next day's.
    last_moment: Instant,
}

impl Day {
    fn containing(at: Instant) -> Self {
        let start = at.start_of_day();
        Day {
            start,
            last_moment: start + Duration::from_millis(DAY_MS - MINUTE_MS),
        }
    }

    fn clamp(&self, at: Instant) -> Instant {
        at.max(self.start).min(self.last_moment)
    }

    /// `minute_of_day` moved by a random amount up to `jitter_minutes` either way, within the day.
    fn jittered(&self, minute_of_day: i64, jitter_minutes: f64, rng: &mut Rng) -> Instant {
        let jitter_s = (jitter_minutes * 60.0).round() as i64;
        let shift_s = rng.range_i64(-jitter_s, jitter_s);
        self.clamp(self.start + Duration::from_mins(minute_of_day) + Duration::from_secs(shift_s))
    }

    /// A use of the phone starting at `start`, moved earlier if needed to end within the day.
    fn session(&self, start: Instant, minutes: u32) -> (Span, u32) {
        let longest = ((self.last_moment - self.start).as_millis() / MINUTE_MS) as u32;
        let minutes = minutes.min(longest);
        let length = Duration::from_mins(i64::from(minutes));
        let start = start.min(self.last_moment - length).max(self.start);
        (
            Span {
                start,
                end: start + length,
            },
            minutes,
        )
    }

    /// When the person is up: one span, or two when bedtime falls after midnight.
    fn awake_spans(&self, wake: Instant, bedtime: Instant) -> [Span; 2] {
        if wake < bedtime {
            let none = Span {
                start: bedtime,
                end: bedtime,
            };
            [
                Span {
                    start: wake,
                    end: bedtime,
                },
                none,
            ]
        } else {
            [
                Span {
                    start: self.start,
                    end: bedtime,
                },
                Span {
                    start: wake,
                    end: self.last_moment,
                },
            ]
        }
    }
}

fn minute_of_day(hour: u8, minute: u8) -> i64 {
    i64::from(hour.min(23)) * 60 + i64::from(minute.min(59))
}

/// A whole number of minutes between the two bounds, at least one.
fn draw_minutes(shortest: f64, longest: f64, rng: &mut Rng) -> u32 {
    let shortest = (shortest.round() as i64).max(1);
    let longest = (longest.round() as i64).max(shortest);
    rng.range_i64(shortest, longest) as u32
}

/// When the pattern makes the person open the app on this day.
fn habitual_opens(
    pattern: &UsagePattern,
    day: &Day,
    awake: &[Span; 2],
    params: &Params,
    rng: &mut Rng,
) -> Vec<Instant> {
    let jitter = params.user_open_jitter_minutes;
    match pattern {
        UsagePattern::DailyAt { hour, minute } => {
            vec![day.jittered(minute_of_day(*hour, *minute), jitter, rng)]
        }
        UsagePattern::SeveralTimesADay => SEVERAL_TIMES_A_DAY
            .iter()
            .filter_map(|&(hour, minute)| {
                let at = day.jittered(minute_of_day(hour, minute), jitter, rng);
                (!rng.chance(params.user_open_skip_chance)).then_some(at)
            })
            .collect(),
        UsagePattern::Evenings => {
            let second = rng.range_i64(EVENING_FIRST_MINUTE * 60, EVENING_LAST_MINUTE * 60);
            if rng.chance(params.user_open_skip_chance) {
                Vec::new()
            } else {
                vec![day.start + Duration::from_secs(second)]
            }
        }
        UsagePattern::Weekly {
            weekday,
            hour,
            minute,
        } => {
            if day.start.weekday() == *weekday {
                vec![day.jittered(minute_of_day(*hour, *minute), jitter, rng)]
            } else {
                Vec::new()
            }
        }
        UsagePattern::Rarely => {
            if rng.chance(params.user_rare_open_chance) {
                vec![random_moment(awake, day, rng)]
            } else {
                Vec::new()
            }
        }
        UsagePattern::Never => Vec::new(),
        UsagePattern::CustomHours { hours } => hours
            .iter()
            .map(|&hour| day.jittered(minute_of_day(hour, 0), jitter, rng))
            .collect(),
    }
}

/// A uniformly random moment while the person is awake (anywhere in the day if never awake).
fn random_moment(awake: &[Span; 2], day: &Day, rng: &mut Rng) -> Instant {
    let awake_ms: i64 = awake.iter().map(|span| span.len_ms()).sum();
    if awake_ms == 0 {
        return day.start + Duration::from_millis(rng.range_i64(0, DAY_MS - 1));
    }
    let mut offset = rng.range_i64(0, awake_ms - 1);
    for span in awake {
        if offset < span.len_ms() {
            return span.start + Duration::from_millis(offset);
        }
        offset -= span.len_ms();
    }
    day.start
}

/// Pickups of the phone for other apps while awake, sorted by start; each ends before bedtime.
fn pickups(awake: &[Span; 2], params: &Params, rng: &mut Rng) -> Vec<(Span, u32)> {
    let fewest = params.user_pickups_per_hour_min.round() as i64;
    let most = params.user_pickups_per_hour_max.round() as i64;
    let mut found = Vec::new();
    for span in awake {
        let mut hour_start = span.start;
        while hour_start < span.end {
            for _ in 0..rng.range_i64(fewest, most) {
                let start = hour_start + Duration::from_millis(rng.range_i64(0, HOUR_MS - 1));
                let minutes = draw_minutes(
                    params.user_pickup_shortest_minutes,
                    params.user_pickup_longest_minutes,
                    rng,
                );
                let end = start + Duration::from_mins(i64::from(minutes));
                if end <= span.end {
                    found.push((Span { start, end }, minutes));
                }
            }
            hour_start += Duration::from_millis(HOUR_MS);
        }
    }
    found.sort_by_key(|(span, _)| span.start);
    found
}

fn add_unless_overlapping(sessions: &mut Vec<(Span, UserAction)>, span: Span, action: UserAction) {
    if !sessions.iter().any(|(taken, _)| taken.overlaps(span)) {
        sessions.push((span, action));
    }
}

/// `at`, or the end of the phone use it falls in (the person goes to bed after using the phone).
fn outside_sessions(mut at: Instant, sessions: &[(Span, UserAction)]) -> Instant {
    while let Some((span, _)) = sessions.iter().find(|(span, _)| span.contains(at)) {
        at = span.end;
    }
    at
}

/// Longest history the predictor keeps; `prediction_history_days` above this counts as this.
const MAX_HISTORY_DAYS: i64 = 60;
/// Day records kept: the longest history, plus the newest (possibly unfinished) day and today.
const RETAINED_DAYS: usize = MAX_HISTORY_DAYS as usize + 2;

/// What was observed on one calendar day, per quarter-hour.
#[derive(Clone, Debug)]
struct DayRecord {
    app_opens: [u16; QUARTER_HOURS_PER_DAY],
    device_use_ms: [u32; QUARTER_HOURS_PER_DAY],
}

impl DayRecord {
    const EMPTY: DayRecord = DayRecord {
        app_opens: [0; QUARTER_HOURS_PER_DAY],
        device_use_ms: [0; QUARTER_HOURS_PER_DAY],
    };

    /// This day's value of a signal in one quarter-hour, in 0..=1.
    fn value(&self, signal: Signal, bin: usize) -> f64 {
        match signal {
            Signal::AppOpen if self.app_opens[bin] > 0 => 1.0,
            Signal::AppOpen => 0.0,
            Signal::DeviceUse => {
                (f64::from(self.device_use_ms[bin]) / QUARTER_HOUR_MS as f64).min(1.0)
            }
        }
    }
}

/// What a learned profile measures.
#[derive(Clone, Copy, Debug)]
enum Signal {
    /// Whether the person opened the app in the quarter-hour.
    AppOpen,
    /// The share of the quarter-hour the device was in use.
    DeviceUse,
}

/// The params and day a learned profile was computed for.
#[derive(Clone, Copy, Debug, PartialEq)]
struct ProfileKey {
    /// The profile counts the days before this one.
    as_of_day: i64,
    history_days: i64,
    decay_bits: u64,
}

impl ProfileKey {
    fn new(as_of_day: i64, params: &Params) -> Self {
        ProfileKey {
            as_of_day,
            history_days: (params.prediction_history_days.round() as i64)
                .clamp(1, MAX_HISTORY_DAYS),
            decay_bits: params.prediction_day_decay.to_bits(),
        }
    }
}

/// The decay-weighted sums of one signal over the counted days.
///
/// The newest counted day has weight 1 and is read live from its record (it may still be
/// receiving observations, e.g. a phone use that ran past midnight), so observations on it need
/// no recomputation. Older days are summed oldest first, so the result depends only on the data.
#[derive(Clone, Debug)]
struct Aggregate {
    older_sums: [f64; QUARTER_HOURS_PER_DAY],
    total_weight: f64,
    newest_day: Option<i64>,
}

impl Aggregate {
    const EMPTY: Aggregate = Aggregate {
        older_sums: [0.0; QUARTER_HOURS_PER_DAY],
        total_weight: 0.0,
        newest_day: None,
    };
}

/// Both learned profiles as of one day.
#[derive(Clone, Debug)]
struct Profiles {
    /// `None` when the slot is empty or stale.
    key: Option<ProfileKey>,
    app: Aggregate,
    device: Aggregate,
}

impl Profiles {
    const EMPTY: Profiles = Profiles {
        key: None,
        app: Aggregate::EMPTY,
        device: Aggregate::EMPTY,
    };
}

/// What the system has learned from watching the person: the prediction dasd uses (Application
/// Policy, Device Activity Policy). Learning takes days; reinstalling the app resets the app part.
///
/// The model is inferred [INF]. It keeps, per calendar day of the last `prediction_history_days`,
/// 96 quarter-hour bins: app opens (a count) and device use (milliseconds in use). The chance of
/// an app open in a quarter-hour is the fraction of observed days with an open in it, each day
/// weighted by `prediction_day_decay` to the power of its age, smoothed with the neighbouring
/// quarter-hours (`prediction_smoothing`). Only fully observed days count, and days without an
/// open count too, so a weekly user gets about 1/7. Device use is the same with the share of the
/// quarter-hour in use. A prediction "at" an instant counts every day before that instant's day.
///
/// Queries are cheap: the weighted sums are cached per day (two slots, so a scan that runs into
/// tomorrow does not evict today's) and use only `+ - * /`, so native and wasm agree bit for bit.
/// Cached or not, a query's result depends only on what was observed.
#[derive(Clone, Debug)]
pub struct UsagePredictor {
    /// When the system started watching the device.
    observing_since: Instant,
    /// When the app was installed or last reinstalled.
    app_known_since: Instant,
    last_app_open: Option<Instant>,
    /// The day of `days[0]`.
    first_day: i64,
    /// One record per calendar day, contiguous from `first_day`.
    days: VecDeque<DayRecord>,
    profiles: RefCell<[Profiles; 2]>,
    /// The slot to refill on the next cache miss (the one used least recently).
    refill_slot: Cell<usize>,
}

impl UsagePredictor {
    /// A predictor that starts watching when the app is installed.
    pub fn new(installed_at: Instant) -> Self {
        UsagePredictor {
            observing_since: installed_at,
            app_known_since: installed_at,
            last_app_open: None,
            first_day: installed_at.day_number(),
            days: VecDeque::new(),
            profiles: RefCell::new([Profiles::EMPTY, Profiles::EMPTY]),
            refill_slot: Cell::new(0),
        }
    }

    /// Days of observations kept (at most the longest history plus two).
    pub fn days_kept(&self) -> usize {
        self.days.len()
    }

    /// The bytes the predictor takes, itself and its day records.
    pub fn footprint_bytes(&self) -> usize {
        std::mem::size_of::<Self>() + self.days.capacity() * std::mem::size_of::<DayRecord>()
    }

    /// The person opened the app at `at` (foreground launch).
    pub fn observe_app_open(&mut self, at: Instant) {
        let day = at.day_number();
        if let Some(record) = self.record_mut(day) {
            let bin = bin_of(at.as_millis());
            record.app_opens[bin] = record.app_opens[bin].saturating_add(1);
            self.invalidate_profiles_counting(day);
        }
        self.last_app_open = Some(self.last_app_open.map_or(at, |last| last.max(at)));
    }

    /// The device was in use from `start` to `end`.
    pub fn observe_device_use(&mut self, start: Instant, end: Instant) {
        let mut at = start.as_millis();
        let end = end.as_millis();
        while at < end {
            let day = at.div_euclid(DAY_MS);
            let bin_end = at - at.rem_euclid(QUARTER_HOUR_MS) + QUARTER_HOUR_MS;
            let in_use = bin_end.min(end) - at;
            if let Some(record) = self.record_mut(day) {
                let bin = bin_of(at);
                let total = i64::from(record.device_use_ms[bin]) + in_use;
                record.device_use_ms[bin] = total.min(QUARTER_HOUR_MS) as u32;
                self.invalidate_profiles_counting(day);
            }
            at += in_use;
        }
    }

    /// Forget what was learned about the app (reinstall); device-use learning stays.
    pub fn reset_app(&mut self, at: Instant) {
        for record in &mut self.days {
            record.app_opens = [0; QUARTER_HOURS_PER_DAY];
        }
        self.app_known_since = at;
        self.last_app_open = None;
        self.invalidate_all_profiles();
    }

    /// Whether the system has watched long enough (`prediction_learning_days` since install or
    /// reset, and at least one whole day) to predict app use.
    pub fn has_app_prediction(&self, now: Instant, params: &Params) -> bool {
        has_learned(self.app_known_since, now, params)
    }

    /// Probability the person opens the app at least once in `[from, to)`, as predicted at
    /// `from`: `1 − Π(1 − p × share of the quarter-hour covered)`. `None` while there is no
    /// prediction yet (the caller uses `app_default_likelihood`).
    pub fn app_launch_probability(
        &self,
        from: Instant,
        to: Instant,
        params: &Params,
    ) -> Option<f64> {
        self.has_app_prediction(from, params)
            .then(|| self.probability_in(Signal::AppOpen, from, to, params))
    }

    /// Probability the device is in use at some point in `[from, to)`, as predicted at `from`
    /// (`None` before `prediction_learning_days` of observation).
    pub fn device_use_probability(
        &self,
        from: Instant,
        to: Instant,
        params: &Params,
    ) -> Option<f64> {
        has_learned(self.observing_since, from, params)
            .then(|| self.probability_in(Signal::DeviceUse, from, to, params))
    }

    /// The last time the person opened the app, if ever (since install or reset).
    pub fn last_app_open(&self) -> Option<Instant> {
        self.last_app_open
    }

    /// Whether the app is in the system's recently used set (opened within `recently_used_days`).
    pub fn is_recently_used(&self, now: Instant, params: &Params) -> bool {
        let window = Duration::from_secs_f64(params.recently_used_days * 86_400.0);
        self.last_app_open.is_some_and(|last| now - last <= window)
    }

    /// App opens per calendar day, oldest first, from the install (or reset) day to `now`'s day,
    /// at most `prediction_history_days` of them (for the UI's learning chart).
    ///
    /// Takes `params` (not in the first sketch of this API) because the day count is a param.
    pub fn app_opens_per_day(&self, now: Instant, params: &Params) -> Vec<(i64, u32)> {
        let today = now.day_number();
        let history_days = ProfileKey::new(today, params).history_days;
        let first = self
            .app_known_since
            .day_number()
            .max(today - history_days + 1);
        (first..=today)
            .map(|day| {
                let opens = self.record(day).map_or(0, |record| {
                    record.app_opens.iter().map(|&n| u32::from(n)).sum()
                });
                (day, opens)
            })
            .collect()
    }

    /// For the UI: the learned probability of an app open in each quarter-hour of a day, as of
    /// `now` (`None` while learning).
    pub fn app_open_profile(
        &self,
        now: Instant,
        params: &Params,
    ) -> Option<[f64; QUARTER_HOURS_PER_DAY]> {
        if !self.has_app_prediction(now, params) {
            return None;
        }
        Some(
            self.with_profile(Signal::AppOpen, now.day_number(), params, |profile| {
                std::array::from_fn(|bin| profile.probability(bin))
            }),
        )
    }

    fn probability_in(&self, signal: Signal, from: Instant, to: Instant, params: &Params) -> f64 {
        self.with_profile(signal, from.day_number(), params, |profile| {
            let mut none_in_range = 1.0;
            let mut at = from.as_millis();
            let end = to.as_millis();
            while at < end {
                let bin_end = at - at.rem_euclid(QUARTER_HOUR_MS) + QUARTER_HOUR_MS;
                let covered = bin_end.min(end) - at;
                let share = covered as f64 / QUARTER_HOUR_MS as f64;
                none_in_range *= 1.0 - profile.probability(bin_of(at)) * share;
                at += covered;
            }
            1.0 - none_in_range
        })
    }

    /// Runs `query` on the learned profile of `signal` as of `as_of_day`, computing it if needed.
    fn with_profile<R>(
        &self,
        signal: Signal,
        as_of_day: i64,
        params: &Params,
        query: impl FnOnce(&LearnedProfile) -> R,
    ) -> R {
        let key = ProfileKey::new(as_of_day, params);
        let mut slots = self.profiles.borrow_mut();
        let index = slots
            .iter()
            .position(|slot| slot.key == Some(key))
            .unwrap_or_else(|| {
                let index = self.refill_slot.get();
                self.compute_profiles(key, params, &mut slots[index]);
                index
            });
        self.refill_slot.set(1 - index);
        let slot = &slots[index];
        let aggregate = match signal {
            Signal::AppOpen => &slot.app,
            Signal::DeviceUse => &slot.device,
        };
        let smoothing = params.prediction_smoothing.clamp(0.0, 0.5);
        query(&LearnedProfile {
            signal,
            aggregate,
            newest: aggregate.newest_day.and_then(|day| self.record(day)),
            neighbour_share: smoothing,
            own_share: 1.0 - 2.0 * smoothing,
        })
    }

    fn compute_profiles(&self, key: ProfileKey, params: &Params, slot: &mut Profiles) {
        let mut decay_powers = [1.0; MAX_HISTORY_DAYS as usize];
        for age in 1..decay_powers.len() {
            decay_powers[age] = decay_powers[age - 1] * params.prediction_day_decay;
        }
        self.sum_days(
            Signal::AppOpen,
            first_whole_day(self.app_known_since),
            key,
            &decay_powers,
            &mut slot.app,
        );
        self.sum_days(
            Signal::DeviceUse,
            first_whole_day(self.observing_since),
            key,
            &decay_powers,
            &mut slot.device,
        );
        slot.key = Some(key);
    }

    /// Weighted sums of the days from `first_counted_day` (or the history's start) to the day
    /// before `key.as_of_day`, oldest first.
    fn sum_days(
        &self,
        signal: Signal,
        first_counted_day: i64,
        key: ProfileKey,
        decay_powers: &[f64],
        into: &mut Aggregate,
    ) {
        *into = Aggregate::EMPTY;
        let newest = key.as_of_day - 1;
        let oldest = first_counted_day.max(key.as_of_day - key.history_days);
        if newest < oldest {
            return;
        }
        for day in oldest..newest {
            let weight = decay_powers[(newest - day) as usize];
            if let Some(record) = self.record(day) {
                for (bin, sum) in into.older_sums.iter_mut().enumerate() {
                    *sum += weight * record.value(signal, bin);
                }
            }
            into.total_weight += weight;
        }
        into.total_weight += decay_powers[0];
        into.newest_day = Some(newest);
    }

    fn record(&self, day: i64) -> Option<&DayRecord> {
        usize::try_from(day - self.first_day)
            .ok()
            .and_then(|index| self.days.get(index))
    }

    /// The record of `day`, created if needed; `None` for a day too old to keep. Keeps at most
    /// `RETAINED_DAYS` records, dropping the oldest.
    fn record_mut(&mut self, day: i64) -> Option<&mut DayRecord> {
        let retained = RETAINED_DAYS as i64;
        if self.days.is_empty() {
            self.first_day = day;
        }
        let end = self.first_day + self.days.len() as i64;
        if day < self.first_day {
            if end - day > retained {
                return None;
            }
            for _ in day..self.first_day {
                self.days.push_front(DayRecord::EMPTY);
            }
            self.first_day = day;
        } else if day >= end {
            let keep_from = self.first_day.max(day + 1 - retained);
            if keep_from > self.first_day {
                let dropped = (keep_from - self.first_day).min(self.days.len() as i64);
                self.days.drain(..dropped as usize);
                self.first_day = keep_from;
                self.invalidate_all_profiles();
            }
            while self.first_day + (self.days.len() as i64) <= day {
                self.days.push_back(DayRecord::EMPTY);
            }
        }
        self.days.get_mut((day - self.first_day) as usize)
    }

    /// An observation on `day` changes the cached older-day sums of the profiles as of two or
    /// more days later (the day right after reads `day` live).
    fn invalidate_profiles_counting(&mut self, day: i64) {
        for slot in self.profiles.get_mut() {
            if slot.key.is_some_and(|key| key.as_of_day >= day + 2) {
                slot.key = None;
            }
        }
    }

    fn invalidate_all_profiles(&mut self) {
        for slot in self.profiles.get_mut() {
            slot.key = None;
        }
    }
}

/// One signal's learned profile, ready to read.
struct LearnedProfile<'a> {
    signal: Signal,
    aggregate: &'a Aggregate,
    newest: Option<&'a DayRecord>,
    neighbour_share: f64,
    own_share: f64,
}

impl LearnedProfile<'_> {
    /// The weighted sum of one quarter-hour over the counted days.
    fn weighted_sum(&self, bin: usize) -> f64 {
        let newest = self
            .newest
            .map_or(0.0, |record| record.value(self.signal, bin));
        self.aggregate.older_sums[bin] + newest
    }

    /// The smoothed probability of one quarter-hour (0 with no counted day).
    fn probability(&self, bin: usize) -> f64 {
        if self.aggregate.total_weight <= 0.0 {
            return 0.0;
        }
        let before = (bin + QUARTER_HOURS_PER_DAY - 1) % QUARTER_HOURS_PER_DAY;
        let after = (bin + 1) % QUARTER_HOURS_PER_DAY;
        let smoothed = self.neighbour_share
            * (self.weighted_sum(before) + self.weighted_sum(after))
            + self.own_share * self.weighted_sum(bin);
        smoothed / self.aggregate.total_weight
    }
}

/// The quarter-hour of the day an instant (in milliseconds) falls in.
fn bin_of(at_ms: i64) -> usize {
    (at_ms.rem_euclid(DAY_MS) / QUARTER_HOUR_MS) as usize
}

/// The first calendar day watched from its very start.
fn first_whole_day(since: Instant) -> i64 {
    since.day_number() + i64::from(since.millis_of_day() != 0)
}

/// Watched for `prediction_learning_days` and at least one whole day before `now`'s day.
fn has_learned(since: Instant, now: Instant, params: &Params) -> bool {
    let learning = Duration::from_secs_f64(params.prediction_learning_days * 86_400.0);
    now - since >= learning && now.day_number() > first_whole_day(since)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::Date;

    const SEED: u64 = 42;

    /// Monday 2026-03-02 at the given time.
    fn monday_at(hour: u8, minute: u8) -> Instant {
        let date = Date {
            year: 2026,
            month: 3,
            day: 2,
        };
        Instant::from_civil(date, hour, minute, 0).unwrap()
    }

    fn day(n: i64) -> Instant {
        monday_at(0, 0) + Duration::from_days(n)
    }

    fn at(day_index: i64, hour: u8, minute: u8) -> Instant {
        day(day_index) + Duration::from_mins(i64::from(hour) * 60 + i64::from(minute))
    }

    fn daily_at(hour: u8) -> UserProfile {
        UserProfile {
            pattern: UsagePattern::DailyAt { hour, minute: 0 },
            ..UserProfile::default()
        }
    }

    fn app_opens(plan: &[(Instant, UserAction)]) -> Vec<Instant> {
        plan.iter()
            .filter(|(_, action)| matches!(action, UserAction::OpenApp { .. }))
            .map(|&(at, _)| at)
            .collect()
    }

    /// A predictor installed at midnight of day 0 that watched `days` planned days.
    fn watched(profile: &UserProfile, days: i64, params: &Params) -> UsagePredictor {
        let mut predictor = UsagePredictor::new(day(0));
        for n in 0..days {
            for (start, action) in plan_day(profile, SEED, day(n), params) {
                if let UserAction::OpenApp { .. } = action {
                    predictor.observe_app_open(start);
                }
                if action.duration() > Duration::ZERO {
                    predictor.observe_device_use(start, start + action.duration());
                }
            }
        }
        predictor
    }

    fn minutes_between(a: Instant, b: Instant) -> i64 {
        (a - b).as_millis().abs() / MINUTE_MS
    }

    #[test]
    fn plans_are_deterministic_per_seed_and_day() {
        let params = Params::default();
        let profile = UserProfile {
            pattern: UsagePattern::SeveralTimesADay,
            ..UserProfile::default()
        };
        let later_first = plan_day(&profile, SEED, day(9), &params);
        let _ = plan_day(&profile, SEED, day(3), &params);
        assert_eq!(plan_day(&profile, SEED, day(9), &params), later_first);
        assert_eq!(
            plan_day(&profile, SEED, at(9, 15, 30), &params),
            later_first,
            "any instant of the day plans that day"
        );
        assert_ne!(plan_day(&profile, SEED + 1, day(9), &params), later_first);
        assert_ne!(plan_day(&profile, SEED, day(10), &params), later_first);
    }

    #[test]
    fn changing_the_app_pattern_keeps_the_routine() {
        let params = Params::default();
        let daily = plan_day(&daily_at(8), SEED, day(4), &params);
        let never = plan_day(
            &UserProfile {
                pattern: UsagePattern::Never,
                ..UserProfile::default()
            },
            SEED,
            day(4),
            &params,
        );
        let wake = |plan: &[(Instant, UserAction)]| {
            plan.iter()
                .find(|(_, action)| *action == UserAction::WakeUp)
                .map(|&(at, _)| at)
        };
        assert_eq!(wake(&daily), wake(&never));
    }

    #[test]
    fn daily_opens_stay_within_jitter_of_their_time() {
        let params = Params::default();
        let jitter = params.user_open_jitter_minutes as i64;
        for n in 0..30 {
            let plan = plan_day(&daily_at(8), SEED, day(n), &params);
            let opens = app_opens(&plan);
            assert_eq!(opens.len(), 1, "day {n}: {plan:?}");
            assert!(minutes_between(opens[0], at(n, 8, 0)) <= jitter, "{plan:?}");
        }
    }

    #[test]
    fn a_person_who_never_uses_the_app_never_opens_it() {
        let params = Params::default();
        let profile = UserProfile {
            pattern: UsagePattern::Never,
            ..UserProfile::default()
        };
        for n in 0..30 {
            let plan = plan_day(&profile, SEED, day(n), &params);
            assert!(app_opens(&plan).is_empty(), "{plan:?}");
            assert!(plan
                .iter()
                .any(|(_, action)| matches!(action, UserAction::UsePhone { .. })));
        }
    }

    #[test]
    fn weekly_opens_only_on_its_weekday() {
        let params = Params::default();
        let profile = UserProfile {
            pattern: UsagePattern::Weekly {
                weekday: Weekday::Wed,
                hour: 18,
                minute: 30,
            },
            ..UserProfile::default()
        };
        let mut open_days = Vec::new();
        for n in 0..28 {
            if !app_opens(&plan_day(&profile, SEED, day(n), &params)).is_empty() {
                open_days.push(day(n).weekday());
            }
        }
        assert_eq!(open_days, vec![Weekday::Wed; 4]);
    }

    #[test]
    fn rare_and_frequent_patterns_open_about_as_often_as_described() {
        let params = Params::default();
        let count = |pattern: UsagePattern, days: i64| -> usize {
            let profile = UserProfile {
                pattern,
                ..UserProfile::default()
            };
            (0..days)
                .map(|n| app_opens(&plan_day(&profile, SEED, day(n), &params)).len())
                .sum()
        };
        let rare = count(UsagePattern::Rarely, 300);
        assert!((15..=50).contains(&rare), "{rare} opens in 300 days");
        let frequent = count(UsagePattern::SeveralTimesADay, 100);
        assert!(
            (330..=470).contains(&frequent),
            "{frequent} opens in 100 days"
        );
        let evenings = count(UsagePattern::Evenings, 100);
        assert!(
            (65..=95).contains(&evenings),
            "{evenings} opens in 100 days"
        );
        let custom = count(
            UsagePattern::CustomHours {
                hours: vec![9, 13, 21],
            },
            10,
        );
        assert_eq!(custom, 30);
    }

    #[test]
    fn plans_are_sorted_within_the_day_and_never_overlap() {
        let params = Params::default();
        let profiles = [
            UserProfile::default(),
            UserProfile {
                pattern: UsagePattern::SeveralTimesADay,
                ..UserProfile::default()
            },
            UserProfile {
                pattern: UsagePattern::CustomHours {
                    hours: vec![0, 8, 8, 12, 23, 99],
                },
                night_routine: false,
                bedtime_hour: 1,
                wake_hour: 9,
                daytime_phone_use: true,
            },
            UserProfile {
                pattern: UsagePattern::DailyAt {
                    hour: 23,
                    minute: 59,
                },
                bedtime_hour: 23,
                ..UserProfile::default()
            },
            UserProfile {
                pattern: UsagePattern::Rarely,
                bedtime_hour: 0,
                wake_hour: 6,
                ..UserProfile::default()
            },
        ];
        for profile in &profiles {
            for n in 0..40 {
                let plan = plan_day(profile, SEED + n as u64, day(n), &params);
                let day_end = day(n + 1);
                for (index, &(start, action)) in plan.iter().enumerate() {
                    assert!(start >= day(n) && start + action.duration() < day_end);
                    if let Some(&(next, _)) = plan.get(index + 1) {
                        assert!(start + action.duration() <= next, "{plan:?}");
                        if action.duration() == Duration::ZERO {
                            assert!(start <= next);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn the_night_routine_goes_to_bed_and_wakes_up_and_sleeps_in_between() {
        let params = Params::default();
        for n in 0..30 {
            let plan = plan_day(&UserProfile::default(), SEED, day(n), &params);
            let find = |wanted: UserAction| {
                let found: Vec<Instant> = plan
                    .iter()
                    .filter(|(_, action)| *action == wanted)
                    .map(|&(at, _)| at)
                    .collect();
                assert_eq!(found.len(), 1, "{wanted:?} in {plan:?}");
                found[0]
            };
            let wake = find(UserAction::WakeUp);
            let bedtime = find(UserAction::GoToBed);
            assert!(minutes_between(wake, at(n, 7, 0)) <= 15);
            // Bedtime may be pushed past a phone use that was still going on.
            assert!(
                bedtime >= at(n, 22, 40) && bedtime <= at(n, 23, 30),
                "{plan:?}"
            );
            for &(start, action) in &plan {
                if let UserAction::UsePhone { .. } = action {
                    assert!(start >= wake && start + action.duration() <= bedtime);
                }
            }
        }
    }

    #[test]
    fn there_is_no_app_prediction_while_learning() {
        let params = Params::default();
        let installed = monday_at(10, 0);
        let mut predictor = UsagePredictor::new(installed);
        predictor.observe_app_open(installed);
        let soon = installed + Duration::from_hours(30);
        assert!(!predictor.has_app_prediction(soon, &params));
        assert_eq!(
            predictor.app_launch_probability(soon, soon + Duration::from_mins(30), &params),
            None
        );
        assert_eq!(predictor.app_open_profile(soon, &params), None);
        assert_eq!(
            predictor.device_use_probability(soon, soon + Duration::from_mins(30), &params),
            None
        );
        let learned = installed + Duration::from_days(2);
        assert!(predictor.has_app_prediction(learned, &params));
        assert!(predictor
            .app_launch_probability(learned, learned + Duration::from_mins(30), &params)
            .is_some());
    }

    #[test]
    fn a_daily_user_is_predicted_around_their_hour_only() {
        let params = Params::default();
        let predictor = watched(&daily_at(8), 7, &params);
        let around_eight = predictor
            .app_launch_probability(at(7, 7, 45), at(7, 8, 15), &params)
            .unwrap();
        let afternoon = predictor
            .app_launch_probability(at(7, 14, 0), at(7, 14, 30), &params)
            .unwrap();
        assert!(around_eight > 0.5, "{around_eight}");
        assert!(afternoon < 0.05, "{afternoon}");

        let profile = predictor.app_open_profile(at(7, 6, 0), &params).unwrap();
        let peak = (0..QUARTER_HOURS_PER_DAY)
            .max_by(|&a, &b| profile[a].total_cmp(&profile[b]))
            .unwrap();
        assert!((31..=32).contains(&peak), "peak at quarter-hour {peak}");
    }

    #[test]
    fn a_weekly_user_is_predicted_less_than_a_daily_user() {
        let params = Params::default();
        // No other phone use: the days without an open leave no record, yet still count.
        let weekly = UserProfile {
            pattern: UsagePattern::Weekly {
                weekday: Weekday::Mon,
                hour: 8,
                minute: 0,
            },
            daytime_phone_use: false,
            ..UserProfile::default()
        };
        let daily = watched(&daily_at(8), 14, &params);
        let weekly = watched(&weekly, 14, &params);
        let (from, to) = (at(14, 7, 45), at(14, 8, 15));
        let daily_p = daily.app_launch_probability(from, to, &params).unwrap();
        let weekly_p = weekly.app_launch_probability(from, to, &params).unwrap();
        assert!(
            weekly_p > 0.0 && weekly_p < daily_p / 3.0,
            "{weekly_p} vs {daily_p}"
        );
    }

    #[test]
    fn one_open_is_weighted_by_its_age_against_every_observed_day() {
        let params = Params::default();
        let mut predictor = UsagePredictor::new(day(0));
        predictor.observe_app_open(at(0, 12, 7));
        // As of day 7, days 0..=6 count; the open is 6 days old; its quarter-hour keeps half.
        let decay = params.prediction_day_decay;
        let weights: Vec<f64> = (0..7)
            .scan(1.0, |w, _| {
                let this = *w;
                *w *= decay;
                Some(this)
            })
            .collect();
        let expected = 0.5 * weights[6] / weights.iter().sum::<f64>();
        let p = predictor
            .app_launch_probability(at(7, 12, 0), at(7, 12, 15), &params)
            .unwrap();
        assert!((p - expected).abs() < 1e-12, "{p} vs {expected}");
        let neighbour = predictor
            .app_launch_probability(at(7, 12, 15), at(7, 12, 30), &params)
            .unwrap();
        assert!((neighbour - expected / 2.0).abs() < 1e-12);
        let half_covered = predictor
            .app_launch_probability(
                at(7, 12, 0),
                at(7, 12, 7) + Duration::from_secs(30),
                &params,
            )
            .unwrap();
        assert!((half_covered - expected / 2.0).abs() < 1e-12);
    }

    #[test]
    fn reinstalling_forgets_the_app_but_not_the_device() {
        let params = Params::default();
        let mut predictor = watched(&daily_at(8), 7, &params);
        let reinstalled = at(7, 6, 0);
        predictor.reset_app(reinstalled);
        assert_eq!(predictor.last_app_open(), None);
        assert!(!predictor.has_app_prediction(at(7, 7, 45), &params));
        assert_eq!(
            predictor.app_launch_probability(at(7, 7, 45), at(7, 8, 15), &params),
            None
        );
        assert!(predictor
            .device_use_probability(at(7, 12, 0), at(7, 12, 30), &params)
            .is_some());
        assert_eq!(
            predictor.app_opens_per_day(at(7, 9, 0), &params),
            [(day(7).day_number(), 0)]
        );
    }

    #[test]
    fn device_use_follows_the_daily_routine() {
        let params = Params::default();
        let predictor = watched(&daily_at(8), 7, &params);
        let night = predictor
            .device_use_probability(at(7, 3, 0), at(7, 3, 30), &params)
            .unwrap();
        let noon = predictor
            .device_use_probability(at(7, 12, 0), at(7, 12, 30), &params)
            .unwrap();
        assert!(night < 0.01, "{night}");
        assert!(noon > 0.1, "{noon}");
    }

    #[test]
    fn recently_used_respects_recently_used_days() {
        let mut params = Params::default();
        let mut predictor = UsagePredictor::new(day(0));
        assert!(!predictor.is_recently_used(day(0), &params));
        predictor.observe_app_open(at(0, 8, 0));
        assert_eq!(predictor.last_app_open(), Some(at(0, 8, 0)));
        assert!(predictor.is_recently_used(at(3, 8, 0), &params));
        assert!(!predictor.is_recently_used(at(3, 8, 1), &params));
        params.recently_used_days = 1.0;
        assert!(!predictor.is_recently_used(at(2, 8, 0), &params));
    }

    #[test]
    fn opens_per_day_cover_the_recent_days_oldest_first() {
        let params = Params {
            prediction_history_days: 5.0,
            ..Params::default()
        };
        let mut predictor = UsagePredictor::new(at(0, 9, 0));
        for n in [0, 1, 1, 4, 6, 6, 6] {
            predictor.observe_app_open(at(n, 12, 0));
        }
        let per_day: Vec<u32> = predictor
            .app_opens_per_day(at(6, 20, 0), &params)
            .iter()
            .map(|&(_, opens)| opens)
            .collect();
        assert_eq!(per_day, [0, 0, 1, 0, 3]);
        let first = predictor.app_opens_per_day(at(1, 20, 0), &params);
        assert_eq!(first, [(day(0).day_number(), 1), (day(1).day_number(), 2)]);
    }

    #[test]
    fn a_long_run_keeps_a_bounded_history_and_still_predicts() {
        let params = Params::default();
        let mut predictor = watched(&daily_at(8), 100, &params);
        assert!(predictor.days.len() <= RETAINED_DAYS);
        let p = predictor.app_launch_probability(at(100, 7, 45), at(100, 8, 15), &params);
        assert!(p.unwrap() > 0.5);
        // Far in the past or future: ignored or kept without walking every day in between.
        predictor.observe_app_open(at(-10_000, 8, 0));
        predictor.observe_device_use(at(1_000_000, 8, 0), at(1_000_000, 8, 5));
        assert!(predictor.days.len() <= RETAINED_DAYS);
        let later = predictor
            .device_use_probability(at(1_000_001, 8, 0), at(1_000_001, 8, 15), &params)
            .unwrap();
        assert!(later > 0.0);
    }

    #[test]
    fn phone_use_across_midnight_counts_on_both_days() {
        let params = Params::default();
        let mut predictor = UsagePredictor::new(day(0));
        for n in 0..5 {
            predictor.observe_device_use(at(n, 23, 50), at(n + 1, 0, 10));
        }
        let before = predictor
            .device_use_probability(at(5, 23, 45), at(6, 0, 0), &params)
            .unwrap();
        let after = predictor
            .device_use_probability(at(5, 0, 0), at(5, 0, 15), &params)
            .unwrap();
        assert!(before > 0.3 && after > 0.3, "{before} {after}");
    }

    #[test]
    fn predictions_do_not_depend_on_earlier_queries() {
        let params = Params::default();
        let profile = UserProfile {
            pattern: UsagePattern::SeveralTimesADay,
            ..UserProfile::default()
        };
        let mut queried = UsagePredictor::new(day(0));
        let mut quiet = UsagePredictor::new(day(0));
        for n in 0..10 {
            for (start, action) in plan_day(&profile, SEED, day(n), &params) {
                for predictor in [&mut queried, &mut quiet] {
                    if let UserAction::OpenApp { .. } = action {
                        predictor.observe_app_open(start);
                    }
                    predictor.observe_device_use(start, start + action.duration());
                }
                // The busy one is asked about now and the next days, as a scheduler's scan does.
                for hours_ahead in [0, 20, 44] {
                    let from = start + Duration::from_hours(hours_ahead);
                    let to = from + Duration::from_mins(30);
                    let _ = queried.app_launch_probability(from, to, &params);
                    let _ = queried.device_use_probability(from, to, &params);
                }
            }
            // A late use that runs past midnight changes a day that cached sums already cover.
            for predictor in [&mut queried, &mut quiet] {
                predictor.observe_device_use(at(n, 23, 58), at(n + 1, 0, 4));
            }
        }
        for (day_index, hour, minute) in [(10, 7, 50), (10, 23, 55), (11, 0, 0), (11, 12, 20)] {
            let from = at(day_index, hour, minute);
            let to = from + Duration::from_mins(25);
            let bits = |p: &UsagePredictor| {
                (
                    p.app_launch_probability(from, to, &params)
                        .map(f64::to_bits),
                    p.device_use_probability(from, to, &params)
                        .map(f64::to_bits),
                )
            };
            assert_eq!(bits(&queried), bits(&quiet));
        }
    }
}
