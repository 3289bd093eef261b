//! What fills the screen: the lock screen, the home screen, our app, the camera, and the
//! "Temperature" warning; plus the overlay that shows background work counting down.

use super::icons::{our_app_icon, StockApp};
use super::model::{BackgroundWork, Frame, PhoneModel};
use super::system_ui::{live_activity_card, progress_bar};
use engine::scenario::Input;
use engine::sim::Presentation;
use engine::time::Instant;
use yew::prelude::*;

/// Most Live Activities the lock screen shows at once.
const MAX_CARDS: usize = 3;

/// The lock screen: the date, the big clock, Live Activities, and the way in.
pub fn lock_screen(model: &PhoneModel, date: &str, now: Instant, apply: &Callback<Input>) -> Html {
    let unlock = apply.reform(|_: MouseEvent| Input::PickUpPhone);
    let hint = if model.frame.has_home_button() {
        "Press home to unlock"
    } else {
        "Tap to unlock"
    };
    let cards = (model.presentation == Presentation::LockScreen)
        .then_some(&model.activities)
        .into_iter()
        .flatten();
    let hidden = model.activities.len().saturating_sub(MAX_CARDS);
    html! {
        <div class="lock-screen" onclick={unlock.clone()}>
            <svg class="lock-icon" viewBox="0 0 16 20" aria-hidden="true">
                <path d="M4 8V5.5a4 4 0 0 1 8 0V8" fill="none" stroke="currentColor"
                    stroke-width="1.8" stroke-linecap="round" />
                <rect x="1.5" y="8" width="13" height="10.5" rx="2.5" fill="currentColor" />
            </svg>
            <p class="lock-date">{ date }</p>
            <p class="lock-time">{ now.hh_mm() }</p>
            <div class="lock-activities">
                { for cards.take(MAX_CARDS).map(|a| live_activity_card(a, &model.app_name, apply)) }
                if hidden > 0 {
                    <p class="lock-more">{ format!("+{hidden} more") }</p>
                }
            </div>
            { background_work_list(&model.app_name, &model.background_work) }
            <button class="lock-hint" onclick={unlock}>{ hint }</button>
            if model.frame != Frame::Ipad {
                <div class="lock-actions" aria-hidden="true">
                    <span class="lock-action">
                        <svg viewBox="0 0 24 24">
                            <path d="M8 3h8v4l-2 3v11h-4V10L8 7z" fill="none" stroke="currentColor"
                                stroke-width="1.6" stroke-linejoin="round" />
                        </svg>
                    </span>
                    <span class="lock-action">
                        <svg viewBox="0 0 24 24">
                            <path d="M4 8h3l2-3h6l2 3h3v11H4z" fill="none" stroke="currentColor"
                                stroke-width="1.6" stroke-linejoin="round" />
                            <circle cx="12" cy="13" r="3.5" fill="none" stroke="currentColor"
                                stroke-width="1.6" />
                        </svg>
                    </span>
                </div>
            }
        </div>
    }
}

/// A stock app's icon and name (decoration).
fn stock_app(app: StockApp, today: Instant, labelled: bool) -> Html {
    html! {
        <span class="home-app" aria-hidden="true">
            { app.icon(today) }
            if labelled { <span class="home-app-label">{ app.name() }</span> }
        </span>
    }
}

/// Props of [`HomeScreen`].
#[derive(Properties, PartialEq)]
pub struct HomeScreenProps {
    /// Our app's name.
    pub app_name: String,
    /// The start of today: the Calendar icon shows its date.
    pub today: Instant,
    /// Our app's refresh and processing tasks running now.
    pub background_work: Vec<BackgroundWork>,
    /// Sends a touch to the run (must not change between renders, or the screen is redrawn
    /// on every tick).
    pub apply: Callback<Input>,
}

/// The home screen: a grid of apps with ours among them (tap it to open it), and the dock. A
/// component of its own, so a tick that changes only the time redraws none of its icons.
#[component]
pub fn HomeScreen(props: &HomeScreenProps) -> Html {
    let HomeScreenProps {
        app_name,
        today,
        background_work,
        apply,
    } = props;
    let open = apply.reform(|_: MouseEvent| Input::OpenApp);
    let ours = app_name.to_lowercase();
    let working = !background_work.is_empty();
    html! {
        <div class="home-screen">
            <div class="home-grid">
                { for StockApp::GRID.into_iter()
                    .filter(|app| app.name().to_lowercase() != ours)
                    .map(|app| stock_app(app, *today, true)) }
                <button class="home-app our-app" aria-label={format!("Open {app_name}")}
                    onclick={open}>
                    { our_app_icon(app_name, "icon-home") }
                    if working {
                        <svg class="working-badge" viewBox="0 0 20 20" role="img"
                            aria-label="Running in the background">
                            <circle cx="10" cy="10" r="9" />
                            <path d="M10 5a5 5 0 1 1-5 5" />
                        </svg>
                    }
                    <span class="home-app-label">{ app_name }</span>
                </button>
            </div>
            { background_work_list(app_name, background_work) }
            <div class="home-search" aria-hidden="true">
                <svg viewBox="0 0 12 12"><circle cx="5" cy="5" r="3.6" /><path d="M7.7 7.7 11 11" /></svg>
                { "Search" }
            </div>
            <div class="home-dock" aria-hidden="true">
                { for StockApp::DOCK.into_iter()
                    .filter(|app| app.name().to_lowercase() != ours)
                    .map(|app| stock_app(app, *today, false)) }
            </div>
        </div>
    }
}

/// Our app on screen: what a developer would show — its registered launch handlers, whether
/// a task of theirs runs right now, and its continued tasks' progress (the system shows no
/// Live Activity while the app is in the foreground).
pub fn app_screen(model: &PhoneModel) -> Html {
    let in_app = model.presentation == Presentation::InApp;
    html! {
        <div class="app-screen">
            <header class="app-nav">
                { our_app_icon(&model.app_name, "icon-small") }
                <div>
                    <p class="app-title">{ &model.app_name }</p>
                    <p class="app-bundle">{ &model.bundle_id }</p>
                </div>
            </header>
            if in_app && !model.activities.is_empty() {
                <section class="app-section" aria-label="In progress">
                    <p class="app-section-title">{ "In progress" }</p>
                    { for model.activities.iter().map(|activity| html! {
                        <div class="app-progress">
                            <p class="app-progress-head">
                                <span class="app-row-title">{ &activity.title }</span>
                                if let Some(percent) = activity.percent() {
                                    <span class="app-progress-percent">{ format!("{percent}%") }</span>
                                }
                            </p>
                            <p class="app-row-detail">{ activity.detail() }</p>
                            { progress_bar(activity) }
                        </div>
                    }) }
                </section>
            }
            <section class="app-section" aria-label="Background tasks">
                <p class="app-section-title">{ "Background tasks" }</p>
                if model.handlers.is_empty() {
                    <p class="app-empty">{ "No launch handler is registered." }</p>
                }
                <ul class="app-handlers">
                    { for model.handlers.iter().map(|handler| html! {
                        <li class={classes!("app-handler", handler.running.then_some("running"))}>
                            <span class="handler-dot" aria-hidden="true"></span>
                            <span class="handler-text">
                                <span class="app-row-title">{ &handler.identifier }</span>
                                <span class="app-row-detail">
                                    { format!("{} · {}", handler.class, handler.status) }
                                </span>
                            </span>
                        </li>
                    }) }
                </ul>
            </section>
        </div>
    }
}

/// The camera app, while the camera is in use.
pub fn camera_screen() -> Html {
    html! {
        <div class="camera-screen">
            <div class="camera-viewfinder" aria-hidden="true"></div>
            <p class="camera-mode">{ "PHOTO" }</p>
            <span class="camera-shutter" aria-hidden="true"></span>
        </div>
    }
}

/// iOS's warning when the device is too hot to use.
pub fn too_warm_screen(frame: Frame) -> Html {
    html! {
        <div class="too-warm-screen" role="alert">
            <svg viewBox="0 0 20 32" aria-hidden="true">
                <path d="M6 6a4 4 0 0 1 8 0v13a7 7 0 1 1-8 0z" />
                <circle cx="10" cy="24" r="3.5" />
            </svg>
            <p class="too-warm-title">{ "Temperature" }</p>
            <p>{ format!("{} needs to cool down before you can use it.", frame.noun()) }</p>
            <p class="too-warm-emergency">{ "Emergency" }</p>
        </div>
    }
}

/// A small overlay on the lock and home screens (not iOS: the playground's x-ray) listing the
/// refresh and processing tasks running now, with the time left of their allowance.
fn background_work_list(app_name: &str, background_work: &[BackgroundWork]) -> Html {
    if background_work.is_empty() {
        return Html::default();
    }
    html! {
        <ul class="background-work" aria-label="Running in the background">
            { for background_work.iter().map(|work| html! {
                <li>
                    <svg class="work-spinner" viewBox="0 0 12 12" aria-hidden="true">
                        <path d="M6 1.5A4.5 4.5 0 1 1 1.5 6" />
                    </svg>
                    { format!("{app_name} · {}", work.summary()) }
                </li>
            }) }
        </ul>
    }
}
