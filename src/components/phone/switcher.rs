//! The app switcher: our app's card while its process is alive. Swipe the card up (or press
//! "Swipe away") to remove the app, as a person force-quitting it does; tap it to open the app.

use super::icons::our_app_icon;
use engine::scenario::Input;
use gloo_timers::callback::Timeout;
use yew::prelude::*;

/// How far up (in CSS pixels) a drag must go to swipe the card away.
const SWIPE_DISTANCE: f64 = 48.0;

/// How long the card takes to fly off before the app is removed, in milliseconds.
const LEAVE_MS: u32 = 220;

/// What the switcher needs to know.
#[derive(Properties, PartialEq)]
pub struct SwitcherProps {
    /// Our app's name.
    pub app_name: AttrValue,
    /// The app's process is alive, so it has a card.
    pub has_card: bool,
    /// Background work running now, one line each (e.g. `Refresh · 23 s left`).
    pub work: Vec<String>,
    /// Closes the switcher.
    pub on_close: Callback<()>,
    /// Sends an input to the run.
    pub apply: Callback<Input>,
}

/// The app switcher overlay.
#[component]
pub fn AppSwitcher(props: &SwitcherProps) -> Html {
    let leaving = use_state_eq(|| false);
    // Where a drag on the card started, and whether the last one was a swipe (so the click
    // that ends it does not also open the app).
    let drag_start = use_mut_ref(|| None::<f64>);
    let swiped = use_mut_ref(|| false);

    let swipe_away = {
        let leaving = leaving.clone();
        let apply = props.apply.clone();
        let on_close = props.on_close.clone();
        Callback::from(move |()| {
            if *leaving {
                return;
            }
            leaving.set(true);
            let apply = apply.clone();
            let on_close = on_close.clone();
            let leaving = leaving.clone();
            Timeout::new(LEAVE_MS, move || {
                apply.emit(Input::SwipeAppAway);
                leaving.set(false);
                on_close.emit(());
            })
            .forget();
        })
    };
    let on_pointer_down = {
        let drag_start = drag_start.clone();
        Callback::from(move |event: PointerEvent| {
            *drag_start.borrow_mut() = Some(f64::from(event.client_y()));
        })
    };
    let on_pointer_up = {
        let swipe_away = swipe_away.clone();
        let swiped = swiped.clone();
        Callback::from(move |event: PointerEvent| {
            let start = drag_start.borrow_mut().take();
            let moved_up = start.map_or(0.0, |y| y - f64::from(event.client_y()));
            if moved_up >= SWIPE_DISTANCE {
                *swiped.borrow_mut() = true;
                swipe_away.emit(());
            }
        })
    };
    let open = {
        let apply = props.apply.clone();
        let on_close = props.on_close.clone();
        Callback::from(move |_: MouseEvent| {
            if std::mem::take(&mut *swiped.borrow_mut()) {
                return;
            }
            apply.emit(Input::OpenApp);
            on_close.emit(());
        })
    };
    let close = props.on_close.reform(|_: MouseEvent| ());
    let name = &props.app_name;

    html! {
        <div class="app-switcher" role="dialog" aria-label="App Switcher">
            if props.has_card {
                <div class={classes!("switcher-card", leaving.then_some("leaving"))}
                    onpointerdown={on_pointer_down} onpointerup={on_pointer_up}>
                    <p class="switcher-card-name">
                        { our_app_icon(name, "icon-tiny") }
                        { name.as_str() }
                    </p>
                    <button class="switcher-snapshot" aria-label={format!("Open {name}")}
                        onclick={open}>
                        <span class="snapshot-title">{ name.as_str() }</span>
                        <span class="snapshot-line"></span>
                        <span class="snapshot-line short"></span>
                        <span class="snapshot-line"></span>
                        { for props.work.iter().map(|line| html! {
                            <span class="snapshot-work">{ line }</span>
                        }) }
                    </button>
                    <button class="switcher-swipe" aria-label={format!("Swipe away {name}")}
                        onclick={swipe_away.reform(|_: MouseEvent| ())}>
                        <svg viewBox="0 0 12 12" aria-hidden="true"><path d="M6 10V2M2.5 5.5 6 2l3.5 3.5" /></svg>
                        { "Swipe away" }
                    </button>
                </div>
            } else {
                <p class="switcher-empty">{ "No Recent Apps" }</p>
            }
            <button class="switcher-close" onclick={close}>{ "Close App Switcher" }</button>
        </div>
    }
}
