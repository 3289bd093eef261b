//! The cards under the phone: the device (its switches, the Settings the person controls, and
//! the model and OS the run starts with) and the person (what they do now, and their routine).
//!
//! A click on a switch or a button becomes an engine input at the current virtual time
//! ([`Action::Apply`]). A change of model, OS or routine edits the scenario and replays the run
//! from its start with the same clicks ([`Action::Edit`]).

mod person;

use crate::app::{use_playground, PlaygroundHandle};
use crate::components::form::{load_edit, replay_caption, Choice, Segmented, SelectField, Switch};
use crate::format::capitalized;
use crate::state::Action;
use engine::device::{DeviceModel, MemoryPressure, Network, Thermal};
use engine::params::OsVersion;
use engine::scenario::Input;
use person::PersonCard;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The "Device" and "Person" cards.
#[component]
pub fn DeviceControls() -> Html {
    html! {
        <div class="controls-stack">
            <DeviceCard />
            <PersonCard />
        </div>
    }
}

/// A callback that applies the input made from its argument, now. The same callback on every
/// render (it only needs the run's dispatcher, which never changes), so the switch or slider it
/// is given to is not redrawn for its sake on every tick.
#[hook]
fn use_apply<T: 'static>(handle: &PlaygroundHandle, input: fn(T) -> Input) -> Callback<T> {
    use_callback(handle.dispatcher(), move |value: T, dispatcher| {
        dispatcher.dispatch(Action::Apply(input(value)))
    })
}

/// A click handler that applies `input` now.
fn apply_on_click(handle: &PlaygroundHandle, input: Input) -> Callback<MouseEvent> {
    let handle = handle.clone();
    Callback::from(move |_: MouseEvent| handle.dispatch(Action::Apply(input.clone())))
}

const NETWORKS: [Network; 3] = [Network::Wifi, Network::Cellular, Network::Offline];

fn network_id(network: Network) -> &'static str {
    match network {
        Network::Wifi => "wifi",
        Network::Cellular => "cellular",
        Network::Offline => "offline",
    }
}

fn network_text(network: Network) -> &'static str {
    match network {
        Network::Wifi => "Wi-Fi",
        Network::Cellular => "Cellular",
        Network::Offline => "Offline",
    }
}

fn model_id(model: DeviceModel) -> String {
    DeviceModel::ALL
        .iter()
        .position(|m| *m == model)
        .unwrap_or_default()
        .to_string()
}

fn os_id(os: OsVersion) -> &'static str {
    match os {
        OsVersion::Ios18 => "18",
        OsVersion::Ios26 => "26",
    }
}

/// The device: charger, battery, power and network modes, heat, load, Settings, and set-up.
#[component]
fn DeviceCard() -> Html {
    let handle = use_playground();
    let (device, refresh_app, continued_allowed, model, os) = {
        let sim = handle.sim();
        let scenario = sim.scenario();
        (
            sim.device(),
            sim.refresh_switch_app(),
            sim.continued_processing_allowed(),
            scenario.device,
            scenario.os,
        )
    };

    let on_charger = use_apply(&handle, |on| Input::SetPluggedIn { on });
    let on_battery = use_apply(&handle, |level| Input::SetBattery { level });
    let on_low_power = use_apply(&handle, |on| Input::SetLowPowerMode { on });
    let on_low_data = use_apply(&handle, |on| Input::SetLowDataMode { on });
    let on_cpu_load = use_apply(&handle, |percent| Input::SetCpuLoad { percent });
    let on_heavy_app = use_apply(&handle, |on| Input::SetMemoryPressure {
        pressure: if on {
            MemoryPressure::High
        } else {
            MemoryPressure::Normal
        },
    });
    let on_refresh_global = use_apply(&handle, |on| Input::SetGlobalBackgroundRefresh { on });
    let on_refresh_app = use_apply(&handle, |on| Input::SetAppBackgroundRefresh { on });
    let on_continued_allowed = use_apply(&handle, |on| Input::SetContinuedProcessingAllowed { on });
    let on_network = {
        let handle = handle.clone();
        Callback::from(move |id: AttrValue| {
            if let Some(network) = NETWORKS.into_iter().find(|n| network_id(*n) == id.as_str()) {
                handle.dispatch(Action::Apply(Input::SetNetwork { network }));
            }
        })
    };
    let on_thermal = {
        let handle = handle.clone();
        Callback::from(move |id: AttrValue| {
            if let Some(thermal) = Thermal::ALL.into_iter().find(|t| t.label() == id.as_str()) {
                handle.dispatch(Action::Apply(Input::SetThermal { thermal }));
            }
        })
    };
    let on_model = {
        let handle = handle.clone();
        Callback::from(move |id: AttrValue| {
            let model = id
                .parse::<usize>()
                .ok()
                .and_then(|index| DeviceModel::ALL.get(index).copied())
                .ok_or("Choose a device from the list.")?;
            load_edit(&handle, move |s| s.device = model)
        })
    };
    let on_os = {
        let handle = handle.clone();
        Callback::from(move |id: AttrValue| {
            let os = if id == "18" {
                OsVersion::Ios18
            } else {
                OsVersion::Ios26
            };
            // A refused edit cannot happen here (both versions are valid); nothing to show.
            let _ = load_edit(&handle, move |s| s.os = os);
        })
    };

    let network_choices: Vec<Choice> = NETWORKS
        .iter()
        .map(|n| (network_id(*n).into(), network_text(*n).into()))
        .collect();
    let thermal_choices: Vec<Choice> = Thermal::ALL
        .iter()
        .map(|t| (t.label().into(), capitalized(t.label()).into()))
        .collect();
    let model_choices: Vec<Choice> = DeviceModel::ALL
        .iter()
        .map(|m| (model_id(*m).into(), m.label().into()))
        .collect();
    let os_choices: Vec<Choice> = [OsVersion::Ios18, OsVersion::Ios26]
        .iter()
        .map(|os| (os_id(*os).into(), os.label().into()))
        .collect();
    let heavy_app = device.memory_pressure == MemoryPressure::High;

    html! {
        <section class="card controls-card" aria-labelledby="device-card-title">
            <h2 class="card-title" id="device-card-title">{ "Device" }</h2>
            <div class="control-list">
                <Switch label="Charger" hint={if device.plugged_in { "Plugged in" } else { "On battery" }}
                    on={device.plugged_in}
                    on_toggle={on_charger} />
                <Slider label="Battery" value={device.battery} unit="%"
                    on_change={on_battery} />
                <Switch label="Low Power Mode" on={device.low_power_mode}
                    on_toggle={on_low_power} />
                <Segmented label="Network" choices={network_choices}
                    selected={network_id(device.network)} on_select={on_network} />
                <Switch label="Low Data Mode" on={device.low_data_mode}
                    on_toggle={on_low_data} />
                <Segmented label="Thermal state" choices={thermal_choices}
                    selected={device.thermal.label()} on_select={on_thermal} />
                <Slider label="Foreground CPU load" value={device.foreground_cpu} unit="%"
                    on_change={on_cpu_load} />
                <Switch label="Heavy app in foreground" hint="High memory pressure"
                    on={heavy_app}
                    on_toggle={on_heavy_app} />
            </div>

            <h3 class="panel-subheading">{ "Settings" }</h3>
            <div class="control-list">
                <Switch label="Background App Refresh" hint="General, for every app"
                    on={device.background_app_refresh_global}
                    on_toggle={on_refresh_global} />
                <Switch label="Background App Refresh for this app" on={refresh_app}
                    on_toggle={on_refresh_app} />
                <Switch label="Continued processing allowed" hint="The person's switch for this app's long tasks"
                    on={continued_allowed}
                    on_toggle={on_continued_allowed} />
            </div>
            <div class="action-row">
                <button type="button" class="pill-button"
                    onclick={apply_on_click(&handle, Input::RestartPhone)}>{ "Restart phone" }</button>
            </div>

            <h3 class="panel-subheading">{ "Set-up" }</h3>
            <div class="field-grid">
                <SelectField label="Device model" wide=true choices={model_choices}
                    selected={model_id(model)} on_select={on_model} />
                <Segmented label="OS version" choices={os_choices}
                    selected={os_id(os)} on_select={on_os} />
            </div>
            { replay_caption("the device, the app or the person") }
        </section>
    }
}

/// Properties of [`Slider`].
#[derive(Properties, PartialEq)]
struct SliderProps {
    label: AttrValue,
    /// The value now (0–100).
    value: f64,
    unit: AttrValue,
    /// Called with the new value when the thumb is let go (not on every pixel of a drag).
    on_change: Callback<f64>,
}

/// A 0–100 slider that shows its value while dragged and reports it once, on release.
#[component]
fn Slider(props: &SliderProps) -> Html {
    let dragged = use_state(|| None::<f64>);
    let oninput = {
        let dragged = dragged.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            dragged.set(input.value().parse().ok());
        })
    };
    let onchange = {
        let dragged = dragged.clone();
        let on_change = props.on_change.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            dragged.set(None);
            if let Ok(value) = input.value().parse() {
                on_change.emit(value);
            }
        })
    };
    let shown = dragged.unwrap_or(props.value).round();
    html! {
        <label class="slider-row">
            <span class="slider-label">{ props.label.clone() }</span>
            <input type="range" min="0" max="100" step="1" value={shown.to_string()} {oninput} {onchange} />
            <span class="slider-value">{ format!("{shown:.0} {}", props.unit) }</span>
        </label>
    }
}
