//! The "Person" card: what the person does with the phone right now (one click each), and the
//! routine the simulated person follows day after day, with what iOS has learned of it so far.

use super::{apply_on_click, use_apply};
use crate::app::{use_playground, use_setup};
use crate::components::form::{
    format_number, load_edit, replay_caption, toggle_edit, Choice, Editor, NumberField,
    SelectField, Switch, TextField,
};
use engine::scenario::{Input, Scenario};
use engine::time::{Instant, Weekday};
use engine::usage::{UsagePattern, QUARTER_HOURS_PER_DAY};
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Every kind of pattern in the picker: its value and its text.
const PATTERN_KINDS: [(&str, &str); 7] = [
    ("daily", "Every day at…"),
    ("several", "Several times a day"),
    ("evenings", "In the evening"),
    ("weekly", "Once a week"),
    ("rarely", "Rarely"),
    ("never", "Never again"),
    ("custom", "At chosen hours"),
];

/// The picker's value for a pattern.
fn pattern_kind(pattern: &UsagePattern) -> &'static str {
    match pattern {
        UsagePattern::DailyAt { .. } => "daily",
        UsagePattern::SeveralTimesADay => "several",
        UsagePattern::Evenings => "evenings",
        UsagePattern::Weekly { .. } => "weekly",
        UsagePattern::Rarely => "rarely",
        UsagePattern::Never => "never",
        UsagePattern::CustomHours { .. } => "custom",
    }
}

/// The hour and minute a pattern is anchored to, if it has one.
fn pattern_time(pattern: &UsagePattern) -> Option<(u8, u8)> {
    match pattern {
        UsagePattern::DailyAt { hour, minute } | UsagePattern::Weekly { hour, minute, .. } => {
            Some((*hour, *minute))
        }
        _ => None,
    }
}

/// The pattern of kind `kind`, keeping what it can of `current` (its time of day).
fn pattern_of_kind(kind: &str, current: &UsagePattern) -> Option<UsagePattern> {
    let (hour, minute) = pattern_time(current).unwrap_or((8, 0));
    Some(match kind {
        "daily" => UsagePattern::DailyAt { hour, minute },
        "several" => UsagePattern::SeveralTimesADay,
        "evenings" => UsagePattern::Evenings,
        "weekly" => UsagePattern::Weekly {
            weekday: Weekday::Sun,
            hour,
            minute,
        },
        "rarely" => UsagePattern::Rarely,
        "never" => UsagePattern::Never,
        "custom" => UsagePattern::CustomHours { hours: vec![8, 18] },
        _ => return None,
    })
}

fn weekday_name(weekday: Weekday) -> &'static str {
    match weekday {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

fn hh_mm(hour: u8, minute: u8) -> String {
    format!("{:02}:{:02}", hour.min(23), minute.min(59))
}

/// `a`, `a and b`, `a, b and c`.
fn joined(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The pattern in one plain sentence (the caption under the picker).
pub fn describe_pattern(pattern: &UsagePattern) -> String {
    match pattern {
        UsagePattern::DailyAt { hour, minute } => {
            format!("Opens the app every day around {}.", hh_mm(*hour, *minute))
        }
        UsagePattern::SeveralTimesADay => {
            "Opens the app around 08:00, 12:30, 17:30, 20:00 and 22:00, skipping some.".into()
        }
        UsagePattern::Evenings => {
            "Opens the app once on most evenings, between 19:00 and 22:00.".into()
        }
        UsagePattern::Weekly {
            weekday,
            hour,
            minute,
        } => format!(
            "Opens the app once a week, on {}s around {}.",
            weekday_name(*weekday),
            hh_mm(*hour, *minute)
        ),
        UsagePattern::Rarely => "Opens the app on about one day in ten, at a random time.".into(),
        UsagePattern::Never => "Opened the app once, when installing it, and never again.".into(),
        UsagePattern::CustomHours { hours } if hours.is_empty() => {
            "Never opens the app (no hours chosen).".into()
        }
        UsagePattern::CustomHours { hours } => {
            let mut hours = hours.clone();
            hours.sort_unstable();
            hours.dedup();
            let times: Vec<String> = hours.iter().map(|h| hh_mm(*h, 0)).collect();
            format!("Opens the app every day around {}.", joined(&times))
        }
    }
}

/// Reads `HH:MM` (what `<input type="time">` gives).
pub fn parse_time(text: &str) -> Option<(u8, u8)> {
    let (hour, minute) = text.trim().split_once(':')?;
    let hour: u8 = hour.parse().ok().filter(|h| *h < 24)?;
    let minute: u8 = minute.get(..2)?.parse().ok().filter(|m| *m < 60)?;
    Some((hour, minute))
}

/// Reads a list of whole hours of the day, such as `8, 12, 18` (sorted, without repeats).
pub fn parse_hours(text: &str) -> Result<Vec<u8>, String> {
    let mut hours = Vec::new();
    for part in text.split([',', ' ']).filter(|p| !p.trim().is_empty()) {
        let hour = part
            .trim()
            .parse::<u8>()
            .ok()
            .filter(|h| *h < 24)
            .ok_or_else(|| {
                format!(
                    "\u{201c}{}\u{201d} is not an hour from 0 to 23.",
                    part.trim()
                )
            })?;
        if !hours.contains(&hour) {
            hours.push(hour);
        }
    }
    if hours.is_empty() {
        return Err("List at least one hour, like 8, 18.".into());
    }
    if hours.len() > 24 {
        return Err("At most 24 hours.".into());
    }
    hours.sort_unstable();
    Ok(hours)
}

/// A whole hour of the day typed in a number field.
fn whole_hour(value: Option<f64>) -> Result<u8, String> {
    match value {
        Some(v) if v.fract() == 0.0 && (0.0..=23.0).contains(&v) => Ok(v as u8),
        _ => Err("Use a whole hour from 0 to 23.".into()),
    }
}

/// The points of a sparkline of `values` (0..=1 after scaling by the largest) in a box of
/// `width` × `height`, left to right, 0 at the bottom.
pub fn sparkline_points(values: &[f64], width: f64, height: f64) -> String {
    let peak = values.iter().copied().fold(0.0_f64, f64::max).max(0.05);
    let step = width / (values.len().max(2) - 1) as f64;
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let x = i as f64 * step;
            let y = height - (v / peak).clamp(0.0, 1.0) * height;
            format!("{x:.1},{y:.1}")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A callback that edits the scenario with the value it is given.
fn edit_with<T: Clone + 'static>(
    handle: &(impl Editor + Clone + 'static),
    edit: impl Fn(&mut Scenario, T) + 'static,
) -> Callback<T, Result<(), String>> {
    let handle = handle.clone();
    let edit = Rc::new(edit);
    Callback::from(move |value: T| {
        let edit = edit.clone();
        load_edit(&handle, move |s| edit(s, value.clone()))
    })
}

/// The person: actions now, and the routine of the simulated person.
#[component]
pub fn PersonCard() -> Html {
    let handle = use_playground();
    let (device, lifecycle, user, user_routine) = {
        let sim = handle.sim();
        let scenario = sim.scenario();
        (
            sim.device(),
            sim.lifecycle(),
            scenario.user.clone(),
            scenario.user_routine,
        )
    };
    let on_call = use_apply(&handle, |on| Input::SetCall { on });
    let on_camera = use_apply(&handle, |on| Input::SetCamera { on });
    let action = |text: &'static str, input: Input| {
        html! {
            <button type="button" class="pill-button" onclick={apply_on_click(&handle, input)}>{ text }</button>
        }
    };
    html! {
        <section class="card controls-card" aria-labelledby="person-card-title">
            <h2 class="card-title" id="person-card-title">{ "Person" }</h2>
            <p class="person-status">
                <span>{ "App: " }<strong class="app-state">{ lifecycle.label() }</strong></span>
                <span>{ "Screen: " }<strong class="screen-state">{ device.screen.label() }</strong></span>
            </p>
            <div class="action-row" role="group" aria-label="What the person does now">
                { action("Open the app", Input::OpenApp) }
                { action("Go home", Input::GoHome) }
                { action("Lock", Input::Lock) }
                { action("Pick up phone", Input::PickUpPhone) }
                { action("Put down", Input::PutDown) }
            </div>
            <div class="control-list">
                <Switch label="On a phone call" on={device.call_active}
                    on_toggle={on_call} />
                <Switch label="Camera open" on={device.camera_active}
                    on_toggle={on_camera} />
            </div>
            <div class="action-row">
                <button type="button" class="pill-button pill-destructive"
                    onclick={apply_on_click(&handle, Input::SwipeAppAway)}>{ "Swipe the app away" }</button>
                <button type="button" class="pill-button pill-destructive"
                    onclick={apply_on_click(&handle, Input::Reinstall)}>{ "Reinstall the app" }</button>
            </div>

            <h3 class="panel-subheading">{ "Routine" }</h3>
            <div class="control-list">
                <Switch label="Follows their routine" hint="Off: only your clicks happen"
                    on={user_routine} on_toggle={toggle_edit(&handle, |s, on| s.user_routine = on)} />
            </div>
            <PatternPicker pattern={user.pattern.clone()} />
            <LearnedProfile />
            <div class="control-list">
                <Switch label="Night routine" hint="Charges the phone overnight, locked and still"
                    on={user.night_routine}
                    on_toggle={toggle_edit(&handle, |s, on| s.user.night_routine = on)} />
            </div>
            <div class="field-grid">
                <NumberField label="Bedtime" unit="h" min={0.0} max={23.0} value={Some(f64::from(user.bedtime_hour))}
                    on_commit={edit_hour(&handle, |s, hour| s.user.bedtime_hour = hour)} />
                <NumberField label="Wake-up" unit="h" min={0.0} max={23.0} value={Some(f64::from(user.wake_hour))}
                    on_commit={edit_hour(&handle, |s, hour| s.user.wake_hour = hour)} />
            </div>
            <div class="control-list">
                <Switch label="Uses the phone during the day" hint="Picks it up for other apps"
                    on={user.daytime_phone_use}
                    on_toggle={toggle_edit(&handle, |s, on| s.user.daytime_phone_use = on)} />
            </div>
            { replay_caption("the routine") }
        </section>
    }
}

fn edit_hour(
    handle: &(impl Editor + Clone + 'static),
    edit: impl Fn(&mut Scenario, u8) + 'static,
) -> Callback<Option<f64>, Result<(), String>> {
    let handle = handle.clone();
    let edit = Rc::new(edit);
    Callback::from(move |value: Option<f64>| {
        let hour = whole_hour(value)?;
        let edit = edit.clone();
        load_edit(&handle, move |s| edit(s, hour))
    })
}

/// Properties of [`PatternPicker`].
#[derive(Properties, PartialEq)]
struct PatternPickerProps {
    pattern: UsagePattern,
}

/// When the person opens the app: a menu of patterns, the fields of the chosen one, and a
/// sentence saying what it means.
#[component]
fn PatternPicker(props: &PatternPickerProps) -> Html {
    let handle = use_setup();
    let pattern = &props.pattern;
    let kinds: Vec<Choice> = PATTERN_KINDS
        .iter()
        .map(|(value, text)| (AttrValue::from(*value), AttrValue::from(*text)))
        .collect();
    let on_kind = {
        let current = pattern.clone();
        edit_with(&handle, move |s, kind: AttrValue| {
            if let Some(pattern) = pattern_of_kind(&kind, &current) {
                if pattern_kind(&pattern) != pattern_kind(&s.user.pattern) {
                    s.user.pattern = pattern;
                }
            }
        })
    };
    let time_field = pattern_time(pattern).map(|(hour, minute)| {
        let on_time = edit_with(&handle, |s, (hour, minute): (u8, u8)| {
            match &mut s.user.pattern {
                UsagePattern::DailyAt { hour: h, minute: m }
                | UsagePattern::Weekly {
                    hour: h, minute: m, ..
                } => {
                    *h = hour;
                    *m = minute;
                }
                _ => {}
            }
        });
        html! { <TimeField label="At" value={hh_mm(hour, minute)} on_commit={on_time} /> }
    });
    let weekday_field = match pattern {
        UsagePattern::Weekly { weekday, .. } => {
            let days: Vec<Choice> = Weekday::ALL
                .iter()
                .map(|d| {
                    (
                        AttrValue::from(d.short_name()),
                        AttrValue::from(weekday_name(*d)),
                    )
                })
                .collect();
            let on_day = edit_with(&handle, |s, name: AttrValue| {
                if let UsagePattern::Weekly { weekday, .. } = &mut s.user.pattern {
                    if let Some(day) = Weekday::ALL.into_iter().find(|d| d.short_name() == name) {
                        *weekday = day;
                    }
                }
            });
            html! { <SelectField label="On" choices={days} selected={weekday.short_name()} on_select={on_day} /> }
        }
        _ => Html::default(),
    };
    let hours_field = match pattern {
        UsagePattern::CustomHours { hours } => {
            let text: Vec<String> = hours.iter().map(|h| h.to_string()).collect();
            let on_hours = edit_with(&handle, |s, text: String| {
                if let (UsagePattern::CustomHours { hours }, Ok(parsed)) =
                    (&mut s.user.pattern, parse_hours(&text))
                {
                    *hours = parsed;
                }
            });
            let checked = Callback::from(move |text: String| {
                parse_hours(&text)?;
                on_hours.emit(text)
            });
            html! { <TextField label="Hours of the day" value={text.join(", ")} placeholder="8, 12, 18" on_commit={checked} /> }
        }
        _ => Html::default(),
    };
    html! {
        <div class="pattern-picker">
            <div class="field-grid">
                <SelectField label="Opens the app" choices={kinds} selected={pattern_kind(pattern)} on_select={on_kind} />
                { weekday_field }
                { for time_field }
                { hours_field }
            </div>
            <p class="panel-caption pattern-caption">{ describe_pattern(pattern) }</p>
        </div>
    }
}

/// Properties of [`TimeField`].
#[derive(Properties, PartialEq)]
struct TimeFieldProps {
    label: AttrValue,
    /// `HH:MM`.
    value: AttrValue,
    on_commit: Callback<(u8, u8), Result<(), String>>,
}

/// A time of day (`<input type="time">`).
#[component]
fn TimeField(props: &TimeFieldProps) -> Html {
    let error = use_state(|| None::<String>);
    let onchange = {
        let on_commit = props.on_commit.clone();
        let error = error.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            let result = parse_time(&input.value())
                .ok_or_else(|| "Enter a time of day, like 08:30.".to_string())
                .and_then(|time| on_commit.emit(time));
            error.set(result.err());
        })
    };
    html! {
        <label class="field">
            <span class="field-label">{ props.label.clone() }</span>
            <input class="field-input" type="time" step="60" value={props.value.clone()}
                aria-invalid={error.is_some().then_some("true")} {onchange} />
            if let Some(message) = &*error {
                <span class="field-error" role="alert">{ message.clone() }</span>
            }
        </label>
    }
}

/// What iOS has learned so far: the chance of an app open in each quarter-hour of the day.
#[component]
fn LearnedProfile() -> Html {
    let handle = use_playground();
    let sim = handle.sim();
    let now = sim.now();
    let params = sim.params();
    let profile = sim.predictor().app_open_profile(now, params);
    // The curve changes when what was learned does (a new day, a new open), not as the clock
    // moves: its 96 points are written again only then.
    let learned = use_memo(profile, |profile| {
        profile.map(|profile| (profile, Curve::of(&profile)))
    });
    let learning_days = format_number(params.prediction_learning_days);
    let intro = "iOS learns this over days, and runs refresh tasks shortly before the app is likely to be opened.";
    match &*learned {
        Some((profile, curve)) => learned_chart(profile, curve, now, intro),
        None => html! {
            <div class="learned">
                <p class="panel-caption">{ intro }</p>
                <p class="learned-status">
                    { format!("Still learning: needs about {learning_days} days of use to predict the next open.") }
                </p>
            </div>
        },
    }
}

/// The learned-profile sparkline's width, in its viewBox units.
const SPARKLINE_WIDTH: f64 = 96.0;
/// The learned-profile sparkline's height, in its viewBox units.
const SPARKLINE_HEIGHT: f64 = 24.0;

/// A learned profile's sparkline, as SVG points: the line, and the area under it.
#[derive(PartialEq)]
struct Curve {
    line: AttrValue,
    area: AttrValue,
}

impl Curve {
    /// The sparkline of `profile`.
    fn of(profile: &[f64; QUARTER_HOURS_PER_DAY]) -> Curve {
        let line = sparkline_points(profile, SPARKLINE_WIDTH, SPARKLINE_HEIGHT);
        let area = format!("0,{SPARKLINE_HEIGHT} {line} {SPARKLINE_WIDTH},{SPARKLINE_HEIGHT}");
        Curve {
            line: line.into(),
            area: area.into(),
        }
    }
}

/// The learned profile: its peak in words, and its `curve` with a mark at now.
fn learned_chart(
    profile: &[f64; QUARTER_HOURS_PER_DAY],
    curve: &Curve,
    now: Instant,
    intro: &str,
) -> Html {
    let (peak_bin, peak) =
        profile.iter().copied().enumerate().fold(
            (0, 0.0),
            |best, (i, p)| if p > best.1 { (i, p) } else { best },
        );
    let peak_at = hh_mm((peak_bin / 4) as u8, (peak_bin % 4 * 15) as u8);
    let summary = if peak > 0.0 {
        format!(
            "Learned: most likely around {peak_at} ({:.0} % in that quarter-hour)",
            peak * 100.0
        )
    } else {
        "Learned: the app is not expected to be opened".to_string()
    };
    let now_x = format!("{:.2}", now.hour_of_day_f64() / 24.0 * SPARKLINE_WIDTH);
    html! {
        <div class="learned">
            <p class="panel-caption">{ intro }</p>
            <p class="learned-status">{ summary.clone() }</p>
            <svg class="sparkline" viewBox="0 0 96 24" preserveAspectRatio="none" role="img"
                aria-label={format!("{summary}; chance of an app open by time of day")}>
                <polygon class="sparkline-area" points={curve.area.clone()} />
                <polyline class="sparkline-line" points={curve.line.clone()} />
                <line class="sparkline-now" x1={now_x.clone()} x2={now_x} y1="0" y2="24" />
            </svg>
            <div class="sparkline-axis" aria-hidden="true">
                <span>{ "00" }</span><span>{ "06" }</span><span>{ "12" }</span><span>{ "18" }</span><span>{ "24" }</span>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_reads_as_a_sentence() {
        assert_eq!(
            describe_pattern(&UsagePattern::DailyAt { hour: 8, minute: 5 }),
            "Opens the app every day around 08:05."
        );
        assert_eq!(
            describe_pattern(&UsagePattern::Weekly {
                weekday: Weekday::Sat,
                hour: 10,
                minute: 0
            }),
            "Opens the app once a week, on Saturdays around 10:00."
        );
        assert_eq!(
            describe_pattern(&UsagePattern::CustomHours {
                hours: vec![18, 8, 12]
            }),
            "Opens the app every day around 08:00, 12:00 and 18:00."
        );
        for (kind, _) in PATTERN_KINDS {
            let pattern = pattern_of_kind(kind, &UsagePattern::SeveralTimesADay).unwrap();
            assert_eq!(pattern_kind(&pattern), kind);
            assert!(describe_pattern(&pattern).ends_with('.'));
        }
        assert_eq!(pattern_of_kind("often", &UsagePattern::Never), None);
    }

    #[test]
    fn switching_pattern_keeps_the_time_of_day() {
        let daily = UsagePattern::DailyAt {
            hour: 7,
            minute: 45,
        };
        assert_eq!(
            pattern_of_kind("weekly", &daily),
            Some(UsagePattern::Weekly {
                weekday: Weekday::Sun,
                hour: 7,
                minute: 45
            })
        );
    }

    #[test]
    fn times_and_hours_are_read_strictly() {
        assert_eq!(parse_time("08:30"), Some((8, 30)));
        assert_eq!(parse_time("23:59:00"), Some((23, 59)));
        assert_eq!(parse_time("24:00"), None);
        assert_eq!(parse_time("8"), None);
        assert_eq!(parse_hours("18, 8 12"), Ok(vec![8, 12, 18]));
        assert_eq!(
            parse_hours("8, 25"),
            Err("\u{201c}25\u{201d} is not an hour from 0 to 23.".into())
        );
        assert!(parse_hours(" , ").is_err());
        assert_eq!(whole_hour(Some(23.0)), Ok(23));
        assert!(whole_hour(Some(7.5)).is_err());
    }

    #[test]
    fn the_sparkline_scales_to_its_peak() {
        assert_eq!(
            sparkline_points(&[0.0, 0.5, 0.25], 10.0, 4.0),
            "0.0,4.0 5.0,0.0 10.0,2.0"
        );
        // An almost flat profile is not blown up into noise.
        assert_eq!(
            sparkline_points(&[0.0, 0.01], 10.0, 4.0),
            "0.0,4.0 10.0,3.2"
        );
    }
}
