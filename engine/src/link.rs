//! Share links: a whole scenario (every click with its time) and a time position, in a URL
//! fragment, so opening the link replays the identical run on any machine. No server involved.
//!
//! Format: `s=<format>.<payload>[&t=<seconds after the start>]`, where the payload is the
//! scenario's JSON without the values that equal their defaults, compressed with raw DEFLATE
//! (miniz_oxide) and written in unpadded base64url. Decoding never panics and never hangs: the
//! fragment's length, the inflated size and every value are bounded, and the error says which
//! check failed.

use crate::scenario::{Scenario, MAX_SPAN};
use crate::time::Duration;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::Value;
use std::fmt;

/// The link format this build writes.
pub const LINK_FORMAT: u32 = 1;

/// Longest fragment accepted.
pub const MAX_FRAGMENT_CHARS: usize = 64 * 1024;

/// Largest scenario JSON accepted after inflating.
pub const MAX_SCENARIO_BYTES: usize = 1024 * 1024;

/// What a link holds.
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    /// The scenario, with every input.
    pub scenario: Scenario,
    /// Where in the run the link points (time after the start), if anywhere.
    pub at: Option<Duration>,
}

/// Why a link could not be opened, in words for the person who clicked it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkError(pub String);

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LinkError {}

fn broken(why: impl Into<String>) -> LinkError {
    LinkError(format!(
        "This link is broken: {}. Your own scenario is unchanged.",
        why.into()
    ))
}

/// Members that hold structs read with `#[serde(default)]`: inside them, a member equal to its
/// default may be left out. Enums (a usage pattern, a progress mode) are kept whole, since a
/// variant's fields have no defaults.
const DEFAULTED_STRUCTS: [&str; 7] = [
    "initial_state",
    "app",
    "user",
    "background_modes",
    "entitlements",
    "request",
    "behavior",
];

/// Remove members of a `#[serde(default)]` struct equal to the same member of `default`,
/// recursively into the members named in [`DEFAULTED_STRUCTS`] and into the app's tasks (each
/// against a default task).
fn prune(value: &mut Value, default: &Value) {
    let (Value::Object(map), Value::Object(defaults)) = (value, default) else {
        return;
    };
    map.retain(|key, member| defaults.get(key) != Some(member));
    for (key, member) in map.iter_mut() {
        if key == "tasks" {
            let task =
                serde_json::to_value(crate::app::TaskDefinition::default()).unwrap_or(Value::Null);
            if let Value::Array(items) = member {
                for item in items {
                    prune(item, &task);
                }
            }
        } else if DEFAULTED_STRUCTS.contains(&key.as_str()) {
            if let Some(d) = defaults.get(key) {
                prune(member, d);
            }
        }
    }
}

/// The scenario as compact JSON: only what differs from the defaults.
pub fn compact_json(scenario: &Scenario) -> String {
    let mut value = serde_json::to_value(scenario).unwrap_or(Value::Null);
    let default = serde_json::to_value(Scenario::default()).unwrap_or(Value::Null);
    prune(&mut value, &default);
    if let Value::Object(map) = &mut value {
        // The version always travels, so an older link stays readable after defaults change.
        map.insert("version".into(), Value::from(scenario.version));
    }
    value.to_string()
}

/// The fragment (without `#`) for a scenario and an optional time position.
pub fn encode(scenario: &Scenario, at: Option<Duration>) -> String {
    at_time(&encode_scenario(scenario), at)
}

/// The fragment for a scenario alone: the costly part of [`encode`] (a busy week's scenario
/// takes milliseconds to deflate), which a caller may keep while only the time moves.
pub fn encode_scenario(scenario: &Scenario) -> String {
    let json = compact_json(scenario);
    let packed = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 10);
    format!("s={LINK_FORMAT}.{}", URL_SAFE_NO_PAD.encode(packed))
}

/// `scenario_fragment` (from [`encode_scenario`]) with the time position `at`, if any: the
/// same as [`encode`] of that scenario and time.
pub fn at_time(scenario_fragment: &str, at: Option<Duration>) -> String {
    match at {
        Some(at) => format!("{scenario_fragment}&t={}", at.as_millis() as f64 / 1000.0),
        None => scenario_fragment.to_owned(),
    }
}

/// Read a fragment (with or without its leading `#`). `Ok(None)` when it holds no scenario.
pub fn decode(fragment: &str) -> Result<Option<Link>, LinkError> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    if fragment.len() > MAX_FRAGMENT_CHARS {
        return Err(broken(format!(
            "it is {} characters long, more than the {MAX_FRAGMENT_CHARS} a scenario link can be",
            fragment.len()
        )));
    }
    let mut scenario_part = None;
    let mut time_part = None;
    for pair in fragment.split('&') {
        if let Some(v) = pair.strip_prefix("s=") {
            scenario_part = Some(v);
        } else if let Some(v) = pair.strip_prefix("t=") {
            time_part = Some(v);
        }
    }
    let Some(scenario_part) = scenario_part else {
        return Ok(None);
    };
    let (format, payload) = scenario_part
        .split_once('.')
        .ok_or_else(|| broken("it has no format number"))?;
    let format: u32 = format
        .parse()
        .map_err(|_| broken(format!("its format \"{format}\" is not a number")))?;
    if format == 0 || format > LINK_FORMAT {
        return Err(LinkError(format!(
            "This link was made by a newer version of the playground (link format {format}; this one reads up to {LINK_FORMAT}). Reload the page to get the latest version. Your own scenario is unchanged."
        )));
    }
    let packed = URL_SAFE_NO_PAD
        .decode(payload)
        .map_err(|_| broken("it was cut short or changed (the data is not valid base64url)"))?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_SCENARIO_BYTES)
        .map_err(|e| match e.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => {
                broken("its scenario is larger than a megabyte")
            }
            _ => broken("it was cut short or changed (the data does not decompress)"),
        })?;
    let text = std::str::from_utf8(&json).map_err(|_| broken("its scenario is not text"))?;
    let scenario =
        Scenario::from_json(text).map_err(|e| broken(format!("its scenario is not valid: {e}")))?;
    let at = match time_part {
        None => None,
        Some(t) => {
            let seconds: f64 = t
                .parse()
                .map_err(|_| broken(format!("its time position \"{t}\" is not a number")))?;
            if !(seconds.is_finite() && seconds >= 0.0 && seconds <= MAX_SPAN.as_secs_f64()) {
                return Err(broken(format!(
                    "its time position {t} s is outside the run"
                )));
            }
            Some(Duration::from_secs_f64(seconds))
        }
    };
    Ok(Some(Link { scenario, at }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Input;

    #[test]
    fn round_trips_a_scenario_and_a_time() {
        let mut scenario = Scenario::default();
        scenario.push_input(Duration::from_mins(5), Input::OpenApp);
        scenario.push_input(Duration::from_mins(9), Input::SetBattery { level: 42.125 });
        scenario.app.tasks[0].behavior.work_s = 12.5;
        let fragment = encode(&scenario, Some(Duration::from_millis(3_723_500)));
        let link = decode(&format!("#{fragment}")).unwrap().unwrap();
        assert_eq!(link.scenario, scenario);
        assert_eq!(link.at, Some(Duration::from_millis(3_723_500)));
    }

    #[test]
    fn a_kept_scenario_fragment_takes_a_new_time() {
        let mut scenario = Scenario::default();
        scenario.push_input(Duration::from_mins(5), Input::OpenApp);
        let kept = encode_scenario(&scenario);
        let at = Duration::from_millis(90_250);
        let fragment = at_time(&kept, Some(at));
        assert_eq!(fragment, encode(&scenario, Some(at)));
        let link = decode(&fragment).unwrap().unwrap();
        assert_eq!((link.scenario, link.at), (scenario.clone(), Some(at)));
        assert_eq!(at_time(&kept, None), encode(&scenario, None));
    }

    #[test]
    fn the_default_scenario_makes_a_short_link() {
        let fragment = encode(&Scenario::default(), None);
        assert!(fragment.len() < 120, "{} chars: {fragment}", fragment.len());
        assert_eq!(
            decode(&fragment).unwrap().unwrap().scenario,
            Scenario::default()
        );
    }

    #[test]
    fn reads_links_made_by_other_deflate_implementations() {
        // Made with node's zlib.deflateRawSync and Buffer's base64url, as the end-to-end tests do.
        let fragment = "s=1.Zc0xCsMwDEbhu_yzB3fpoKuUYAxRgyHYwpKyGN09lHbr-vjgLVw8tY0OeiS48ixzuLXOoHc9lRNaFzcFvRaqgfKvgBb2AcIQ7qWKICJ9yTPn_MeUrcjpx8F7aR0Jn6dN54gtbg";
        let link = decode(fragment).unwrap().unwrap();
        assert!(!link.scenario.user_routine);
        assert_eq!(link.scenario.inputs.len(), 2);
        assert_eq!(
            link.scenario.inputs[1].input,
            Input::SetPluggedIn { on: true }
        );
    }

    #[test]
    fn no_scenario_in_the_fragment_is_not_an_error() {
        assert_eq!(decode(""), Ok(None));
        assert_eq!(decode("#top"), Ok(None));
    }

    #[test]
    fn broken_links_say_what_is_wrong() {
        let good = encode(&Scenario::default(), None);
        let cut = &good[..good.len() - 7];
        assert!(decode(cut).unwrap_err().0.contains("cut short"));
        assert!(decode("s=9.abc").unwrap_err().0.contains("newer version"));
        assert!(decode("s=x.abc").unwrap_err().0.contains("not a number"));
        assert!(decode("s=1").unwrap_err().0.contains("format number"));
        assert!(decode(&format!("{good}&t=-5"))
            .unwrap_err()
            .0
            .contains("outside"));
        assert!(decode(&format!("{good}&t=abc"))
            .unwrap_err()
            .0
            .contains("not a number"));
        let huge = format!("s=1.{}", "A".repeat(MAX_FRAGMENT_CHARS));
        assert!(decode(&huge).unwrap_err().0.contains("characters long"));
        // A bomb: a megabyte and a half of spaces compresses to very little.
        let bomb = miniz_oxide::deflate::compress_to_vec(&vec![b' '; 1_600_000], 10);
        let bomb = format!("s=1.{}", URL_SAFE_NO_PAD.encode(bomb));
        assert!(bomb.len() < MAX_FRAGMENT_CHARS);
        assert!(decode(&bomb)
            .unwrap_err()
            .0
            .contains("larger than a megabyte"));
        let absurd = r#"{"version":1,"initial_state":{"battery":900}}"#;
        let absurd = format!(
            "s=1.{}",
            URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(absurd.as_bytes(), 10))
        );
        assert!(decode(&absurd).unwrap_err().0.contains("battery"));
    }
}
