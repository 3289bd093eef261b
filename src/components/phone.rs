//! The simulated device, drawn in CSS and SVG (assets/phone.css): a frame for each model (an
//! iPhone with a Dynamic Island, an iPhone SE with a home button, an iPad Pro, and the iPhone
//! inside Xcode's Simulator window), its status bar, its screens, the app switcher, and the
//! system UI of continued tasks. It renders [`model::PhoneModel`], a snapshot of the run, and
//! sends every touch to the run as an engine input.

mod icons;
mod model;
mod screens;
mod status_bar;
mod switcher;
mod system_ui;

use crate::app::use_playground;
use crate::format::long_date;
use crate::state::Action;
use engine::scenario::Input;
use engine::time::Instant;
use model::{Activity, Frame, PhoneModel, ScreenKind};
use switcher::AppSwitcher;
use yew::prelude::*;

/// The phone, showing the run's device as it is now.
#[component]
pub fn Phone() -> Html {
    let state = use_playground();
    let (model, now) = {
        let sim = state.sim();
        (PhoneModel::of(&sim), sim.now())
    };
    let switcher_open = use_state_eq(|| false);
    let island_expanded = use_state_eq(|| false);
    // The continued task the person brought into the island by tapping its minimal circle.
    let island_choice = use_state_eq(|| None::<String>);
    // Keyboard focus: when a control replaces the focused one (the island expanding or folding,
    // the app switcher opening or closing), it names where the focus goes after the next render.
    let phone_ref = use_node_ref();
    let focus_next = use_mut_ref(|| None::<&'static [&'static str]>);
    {
        let phone_ref = phone_ref.clone();
        let focus_next = focus_next.clone();
        use_effect(move || {
            let selectors = focus_next.borrow_mut().take();
            let root = phone_ref.cast::<web_sys::Element>();
            if let (Some(selectors), Some(root)) = (selectors, root) {
                focus_first(&root, selectors);
            }
        });
    }
    {
        // Locking the phone closes the app switcher, as on a real one.
        let switcher_open = switcher_open.clone();
        use_effect_with(model.locked, move |&locked| {
            if locked {
                switcher_open.set(false);
            }
        });
    }
    {
        // The island shrinks back when it has nothing to show, so the next task starts compact.
        let island_expanded = island_expanded.clone();
        use_effect_with(model.island_active(), move |&active| {
            if !active {
                island_expanded.set(false);
            }
        });
    }

    // The same callback on every render, so the screens that take it as a prop are not redrawn
    // for its sake.
    let apply: Callback<Input> = use_callback(state.dispatcher(), |input, dispatcher| {
        dispatcher.dispatch(Action::Apply(input))
    });
    let switcher_visible = *switcher_open && !model.locked;
    let frame = model.frame;
    // The lock screen's date changes once a day: formatted (an `Intl` call) only then.
    let date = use_memo(now.start_of_day(), |day| long_date(*day));

    // The screen on top: the app switcher, or the device's screen.
    let on_top = if switcher_visible {
        None
    } else {
        Some(model.screen)
    };
    // The lock and home screens, once shown, stay in the page (hidden while another is on top):
    // the phone goes between them many times a day, and drawing either anew on each switch was
    // the costliest part of a tick at high speeds.
    let kept = use_mut_ref(|| (false, false));
    {
        let mut kept = kept.borrow_mut();
        kept.0 |= on_top == Some(ScreenKind::Lock);
        kept.1 |= on_top == Some(ScreenKind::Home);
    }
    let (keep_lock, keep_home) = *kept.borrow();
    let mut screens: Vec<Html> = Vec::with_capacity(3);
    if keep_lock {
        let shown = on_top == Some(ScreenKind::Lock);
        screens.push(html! {
            <div class="screen-content" key="on-lock" hidden={!shown}>
                { screens::lock_screen(&model, &date, now, &apply) }
            </div>
        });
    }
    if keep_home {
        let shown = on_top == Some(ScreenKind::Home);
        screens.push(html! {
            <div class="screen-content" key="on-home" hidden={!shown}>
                <screens::HomeScreen app_name={model.app_name.clone()} today={now.start_of_day()}
                    background_work={model.background_work.clone()} apply={apply.clone()} />
            </div>
        });
    }
    let other = match on_top {
        Some(ScreenKind::Lock | ScreenKind::Home) => None,
        Some(ScreenKind::App) => Some(screens::app_screen(&model)),
        Some(ScreenKind::Camera) => Some(screens::camera_screen()),
        Some(ScreenKind::TooWarm) => Some(screens::too_warm_screen(frame)),
        None => {
            let work: Vec<String> = model
                .background_work
                .iter()
                .map(model::BackgroundWork::summary)
                .collect();
            let on_close = {
                let switcher_open = switcher_open.clone();
                let focus_next = focus_next.clone();
                Callback::from(move |()| {
                    *focus_next.borrow_mut() = Some(FOCUS_SWITCHER_BUTTON);
                    switcher_open.set(false);
                })
            };
            Some(html! {
                <AppSwitcher app_name={model.app_name.clone()} has_card={model.in_switcher}
                    {work} {on_close} apply={apply.clone()} />
            })
        }
    };
    let screen_key = on_top.map_or("on-switcher", screen_class);
    if let Some(other) = other {
        // A new key per screen re-creates the content, so each screen fades in as it arrives.
        screens.push(html! { <div class="screen-content" key={screen_key}>{ other }</div> });
    }

    let featured = featured(&model.activities, island_choice.as_deref());
    let island_busy = frame.has_island() && model.island_active();
    let island = frame.has_island().then(|| match featured {
        Some(activity) if model.island_active() => {
            let toggle = {
                let island_expanded = island_expanded.clone();
                let focus_next = focus_next.clone();
                Callback::from(move |event: MouseEvent| {
                    event.stop_propagation();
                    *focus_next.borrow_mut() = Some(if *island_expanded {
                        FOCUS_ISLAND_COMPACT
                    } else {
                        FOCUS_ISLAND_EXPANDED
                    });
                    island_expanded.set(!*island_expanded);
                })
            };
            // The system opens the island by itself to ask its question.
            let expanded = *island_expanded || activity.prompt;
            let main =
                system_ui::island_activity(activity, &model.app_name, expanded, toggle, &apply);
            // A second activity shows as a detached circle beside the island (the minimal
            // presentation); tapping it brings that one into the island.
            let others: Vec<&Activity> = model
                .activities
                .iter()
                .filter(|other| other.identifier != activity.identifier)
                .collect();
            match others.first() {
                Some(other) if !expanded => {
                    let pick = {
                        let island_choice = island_choice.clone();
                        let identifier = other.identifier.clone();
                        Callback::from(move |event: MouseEvent| {
                            event.stop_propagation();
                            island_choice.set(Some(identifier.clone()));
                        })
                    };
                    html! {
                        <>
                            { main }
                            { system_ui::island_minimal(other, others.len(), pick) }
                        </>
                    }
                }
                _ => main,
            }
        }
        _ => system_ui::island_at_rest(model.status.camera),
    });
    let banner = featured
        .filter(|_| model.banner_active() && !switcher_visible)
        .map(|activity| system_ui::banner(activity, &model.app_name, &apply));

    let home_input = model.home_input();
    let home_label = if model.locked {
        "Swipe up to unlock"
    } else {
        "Go to the home screen"
    };
    let go_home = {
        let apply = apply.clone();
        let switcher_open = switcher_open.clone();
        let home_input = home_input.clone();
        Callback::from(move |_: MouseEvent| {
            switcher_open.set(false);
            if let Some(input) = home_input.clone() {
                apply.emit(input);
            }
        })
    };
    // The home control also closes the app switcher, so it is live whenever that is open.
    let home_disabled = home_input.is_none() && !switcher_visible;
    let side_button = apply.reform({
        let input = model.side_button_input();
        move |_: MouseEvent| input.clone()
    });
    let toggle_switcher = {
        let switcher_open = switcher_open.clone();
        let focus_next = focus_next.clone();
        Callback::from(move |_: MouseEvent| {
            if !*switcher_open {
                *focus_next.borrow_mut() = Some(FOCUS_SWITCHER);
            }
            switcher_open.set(!*switcher_open);
        })
    };
    // Escape closes the app switcher, or folds the expanded island, and puts the focus back on
    // what opened it.
    let on_escape = {
        let switcher_open = switcher_open.clone();
        let island_expanded = island_expanded.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() != "Escape" {
                return;
            }
            if switcher_visible {
                *focus_next.borrow_mut() = Some(FOCUS_SWITCHER_BUTTON);
                switcher_open.set(false);
            } else if *island_expanded {
                *focus_next.borrow_mut() = Some(FOCUS_ISLAND_COMPACT);
                island_expanded.set(false);
            } else {
                return;
            }
            event.prevent_default();
        })
    };

    let device = html! {
        <div class={classes!("phone-frame", frame.class())}>
            { hardware_keys(frame) }
            <button class="phone-key phone-key-side" aria-label={model.side_button_label()}
                onclick={side_button}></button>
            if frame.has_home_button() {
                <span class="classic-earpiece" aria-hidden="true"></span>
            }
            <div class={classes!("phone-screen", model.dimmed.then_some("dimmed"),
                island_busy.then_some("island-busy"), screen_key)}>
                { status_bar::status_bar(&model.status, frame, &short_date(now)) }
                { island.unwrap_or_default() }
                { banner.unwrap_or_default() }
                <>{ for screens }</>
                if model.dimmed {
                    <button class="dim-overlay" aria-label="Wake the screen"
                        onclick={apply.reform(|_: MouseEvent| Input::PickUpPhone)}></button>
                }
                if !frame.has_home_button() {
                    <button class="home-indicator" aria-label={home_label}
                        disabled={home_disabled} onclick={go_home.clone()}></button>
                }
            </div>
            if frame.has_home_button() {
                <button class="home-button" aria-label="Home button" disabled={home_disabled}
                    onclick={go_home}></button>
            }
        </div>
    };

    html! {
        <figure class={classes!("phone", frame.class())} ref={phone_ref} onkeydown={on_escape}>
            if frame == Frame::Simulator {
                <div class="simulator-window">
                    <div class="simulator-titlebar">
                        <span class="traffic-lights" aria-hidden="true"><i></i><i></i><i></i></span>
                        <span class="simulator-title">
                            <strong>{ format!("{} — {}", model.device_name, model.os) }</strong>
                            <small>{ "Simulator: background tasks never run here" }</small>
                        </span>
                    </div>
                    <div class="simulator-body">{ device }</div>
                </div>
            } else {
                { device }
            }
            <div class="phone-toolbar">
                <button class="phone-tool" aria-expanded={switcher_visible.to_string()}
                    disabled={model.locked} onclick={toggle_switcher}>
                    <svg viewBox="0 0 16 16" aria-hidden="true">
                        <rect x="1.5" y="3.5" width="6" height="9" rx="1.5" />
                        <rect x="8.5" y="3.5" width="6" height="9" rx="1.5" />
                    </svg>
                    { "App Switcher" }
                </button>
                if model.locked {
                    <span class="phone-tool-hint">{ "Unlock the phone to use the app switcher" }</span>
                }
            </div>
            <figcaption class="visually-hidden">{ model.caption() }</figcaption>
        </figure>
    }
}

/// Where the focus goes when the island expands (its collapse button) or folds (the island).
const FOCUS_ISLAND_EXPANDED: &[&str] = &[".island-collapse"];
const FOCUS_ISLAND_COMPACT: &[&str] = &[".dynamic-island.compact"];
/// Where it goes when the app switcher opens (its first button, if it has a card) or closes.
const FOCUS_SWITCHER: &[&str] = &[".app-switcher button", ".phone-tool"];
const FOCUS_SWITCHER_BUTTON: &[&str] = &[".phone-tool"];

/// Focuses the first element inside `root` that matches one of `selectors`, tried in order.
fn focus_first(root: &web_sys::Element, selectors: &[&str]) {
    use wasm_bindgen::JsCast;
    let found = selectors
        .iter()
        .find_map(|selector| root.query_selector(selector).ok().flatten());
    if let Some(element) = found.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        // Focusing an element that is in the page cannot fail.
        element.focus().ok();
    }
}

/// The continued task the island or banner shows: one asking a question first, then the one the
/// person chose, then one running, then the first.
fn featured<'a>(activities: &'a [Activity], chosen: Option<&str>) -> Option<&'a Activity> {
    activities
        .iter()
        .find(|a| a.prompt)
        .or_else(|| {
            activities
                .iter()
                .find(|a| Some(a.identifier.as_str()) == chosen)
        })
        .or_else(|| {
            activities
                .iter()
                .find(|a| matches!(a.phase, model::Phase::Running(_)))
        })
        .or_else(|| activities.first())
}

/// The decorative keys on the frame's edges (the side button is a real button, drawn apart).
fn hardware_keys(frame: Frame) -> Html {
    let keys: &[&str] = match frame {
        Frame::Island | Frame::Simulator => &[
            "phone-key-action",
            "phone-key-volume-up",
            "phone-key-volume-down",
        ],
        Frame::Classic => &[
            "phone-key-silent",
            "phone-key-volume-up",
            "phone-key-volume-down",
        ],
        Frame::Ipad => &["phone-key-volume-up", "phone-key-volume-down"],
    };
    html! {
        for key in keys.iter() {
            <span class={classes!("phone-key", *key)} aria-hidden="true"></span>
        }
    }
}

fn screen_class(screen: ScreenKind) -> &'static str {
    match screen {
        ScreenKind::Lock => "on-lock",
        ScreenKind::Home => "on-home",
        ScreenKind::App => "on-app",
        ScreenKind::Camera => "on-camera",
        ScreenKind::TooWarm => "on-too-warm",
    }
}

/// The iPad status bar's date, e.g. `Mon Nov 23`.
fn short_date(now: Instant) -> String {
    let date = now.date();
    let month: String = date.month_name().chars().take(3).collect();
    format!("{} {month} {}", now.weekday().short_name(), date.day)
}
