//! The status bar: the clock (in a green pill during a call), signal, Wi-Fi, battery, and the
//! warnings iOS puts there (too warm, camera in use).

use super::model::{Frame, Status};
use engine::device::{Network, Thermal};
use yew::prelude::*;

/// Width of the battery's fill when full, in the icon's units (the level shown beside it).
const BATTERY_FILL_MAX: f64 = 19.0;

/// Width of the battery's body, which the fill covers when full (the level shown inside it).
const BATTERY_BODY: f64 = 25.0;

/// The status bar, laid out as on `frame` (time left of the island, centred on an iPhone SE,
/// with the date on an iPad).
pub fn status_bar(status: &Status, frame: Frame, date: &str) -> Html {
    let clock = html! {
        <time class={classes!("status-time", status.call.then_some("in-call"))}
            datetime={status.time_precise.clone()}>
            if status.call {
                <svg class="call-glyph" viewBox="0 0 12 12" aria-hidden="true">
                    <path d="M3 1c1 0 2 2.5 2 3S4 5 4 5.5C4 7 5 8 6.5 8 7 8 7.5 7 8 7s3 1 3 2-1.5 2-2.5 2C5 11 1 7 1 3.5 1 2 2 1 3 1z" />
                </svg>
            }
            { status.time.clone() }
        </time>
    };
    let signal = signal(status.network);
    let wifi = (status.network == Network::Wifi).then(wifi);
    let right = html! {
        <>
            if let Some(thermal) = status.thermal_warning {
                { thermometer(thermal) }
            }
            if status.camera && !frame.has_island() {
                <span class="camera-dot" title="Camera in use"></span>
            }
        </>
    };
    let battery = battery(status, frame.has_island());
    match frame {
        Frame::Classic => html! {
            <div class="status-bar">
                <span class="status-left">{ signal }{ wifi }</span>
                { clock }
                <span class="status-right">{ right }{ battery }</span>
            </div>
        },
        Frame::Ipad => html! {
            <div class="status-bar">
                <span class="status-left">{ clock }<span class="status-date">{ date }</span></span>
                <span class="status-right">{ right }{ signal }{ wifi }{ battery }</span>
            </div>
        },
        Frame::Island | Frame::Simulator => html! {
            <div class="status-bar">
                <span class="status-left">{ clock }</span>
                <span class="status-right">{ right }{ signal }{ wifi }{ battery }</span>
            </div>
        },
    }
}

/// Four cellular bars, 5G, or "No Service" when offline.
fn signal(network: Network) -> Html {
    if network == Network::Offline {
        return html! { <span class="no-service">{ "No Service" }</span> };
    }
    html! {
        <>
            <svg class="status-signal" viewBox="0 0 18 12" role="img" aria-label="Full signal">
                <rect x="0" y="8" width="3" height="4" rx="1" />
                <rect x="5" y="5.5" width="3" height="6.5" rx="1" />
                <rect x="10" y="3" width="3" height="9" rx="1" />
                <rect x="15" y="0" width="3" height="12" rx="1" />
            </svg>
            if network == Network::Cellular {
                <span class="status-cellular">{ "5G" }</span>
            }
        </>
    }
}

fn wifi() -> Html {
    html! {
        <svg class="status-wifi" viewBox="0 0 16 12" role="img" aria-label="Wi-Fi">
            <path d="M8 11.5 5.6 9a3.4 3.4 0 0 1 4.8 0z" />
            <path d="M3.5 6.9a6.4 6.4 0 0 1 9 0l-1.4 1.4a4.4 4.4 0 0 0-6.2 0z" />
            <path d="M1.3 4.7a9.5 9.5 0 0 1 13.4 0l-1.4 1.4a7.5 7.5 0 0 0-10.6 0z" />
        </svg>
    }
}

/// The battery: a fill as wide as the charge, yellow in Low Power Mode, green while charging,
/// red when low; a bolt on the charger; the level in percent, inside the icon as on iPhones with
/// a Dynamic Island (their status bar has no room beside it), or beside it.
fn battery(status: &Status, number_inside: bool) -> Html {
    let percent = status.battery_percent;
    let mut label = format!("Battery {percent} %");
    if status.charging {
        label.push_str(", charging");
    }
    if status.low_power {
        label.push_str(", Low Power Mode");
    }
    let class = classes!(
        "status-battery",
        status.battery_tint.class(),
        number_inside.then_some("number-inside")
    );
    if number_inside {
        let fill = f64::from(percent) / 100.0 * BATTERY_BODY;
        // Room for the bolt beside the number while charging.
        let number_x = if status.charging { 10.5 } else { 12.5 };
        return html! {
            <span {class} role="img" aria-label={label}>
                <svg class="battery-icon" viewBox="0 0 28 13" aria-hidden="true">
                    <rect class="battery-body" width={BATTERY_BODY.to_string()} height="13" rx="4" />
                    <rect class="battery-fill" width={format!("{fill:.2}")} height="13" rx="4" />
                    <path class="battery-cap" d="M26.2 4.5v4a2 2 0 0 0 0-4z" />
                    <text class="battery-text" x={number_x.to_string()} y="9.8"
                        text-anchor="middle">{ percent.to_string() }</text>
                    if status.charging {
                        <path class="battery-bolt" d="M20.6 2.6 17.2 7h2.2l-.8 3.4 3.4-4.4h-2.2z" />
                    }
                </svg>
            </span>
        };
    }
    let fill = f64::from(percent) / 100.0 * BATTERY_FILL_MAX;
    html! {
        <span {class} role="img" aria-label={label}>
            <span class="battery-percent" aria-hidden="true">{ format!("{percent}%") }</span>
            <svg class="battery-icon" viewBox="0 0 27 13" aria-hidden="true">
                <rect class="battery-shell" x="0.5" y="0.5" width="23" height="12" rx="3.5" />
                <rect class="battery-fill" x="2.5" y="2.5" width={format!("{fill:.2}")}
                    height="8" rx="1.6" />
                <path class="battery-cap" d="M25 4.5v4a2 2 0 0 0 0-4z" />
                if status.charging {
                    <path class="battery-bolt outlined" d="M13.6 1.2 8.2 7.3h3.3l-1.2 4.5 5.4-6.1h-3.3z" />
                }
            </svg>
        </span>
    }
}

/// A thermometer: orange when serious, red when critical.
fn thermometer(thermal: Thermal) -> Html {
    let (class, label) = match thermal {
        Thermal::Critical => ("thermal-critical", "Temperature: critical"),
        _ => ("thermal-serious", "Temperature: serious"),
    };
    html! {
        <svg class={classes!("status-thermal", class)} viewBox="0 0 10 16" role="img"
            aria-label={label}>
            <path d="M3 3a2 2 0 0 1 4 0v6.5a3.5 3.5 0 1 1-4 0z" />
            <circle class="thermal-bulb" cx="5" cy="12" r="1.8" />
        </svg>
    }
}
