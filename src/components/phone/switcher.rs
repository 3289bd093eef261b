//! The app switcher: our app's card while its process is alive. Swipe the card up (or press
//! "Swipe away") to remove the app, as a person force-quitting it does; the card follows the
//! finger. Tap it to open the app.

use super::icons::our_app_icon;
use engine::scenario::Input;
use gloo_timers::callback::Timeout;
use web_sys::HtmlElement;
use yew::prelude::*;

/// How far up (in CSS pixels) a drag must go to swipe the card away.
const SWIPE_DISTANCE: f64 = 48.0;

/// How far (in CSS pixels) a pointer may move and still make a tap.
const DRAG_SLOP: f64 = 8.0;

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

/// Moves the card with a drag `dy` pixels down (negative: up). Up it follows the finger and
/// fades; down it barely gives. Set through the CSS object model: the page's CSP forbids
/// `style` attributes.
fn follow(card: &HtmlElement, dy: f64) {
    let offset = if dy < 0.0 { dy } else { dy / 6.0 };
    let opacity = (1.0 + offset.min(0.0) / 320.0).max(0.3);
    let style = card.style();
    let _ = style.set_property("transition", "none");
    let _ = style.set_property("transform", &format!("translateY({offset:.1}px)"));
    let _ = style.set_property("opacity", &format!("{opacity:.2}"));
}

/// Hands the card back to the style sheet (its transition, and the `leaving` class).
fn release(card: &HtmlElement) {
    let style = card.style();
    for property in ["transition", "transform", "opacity"] {
        let _ = style.remove_property(property);
    }
}

/// The app switcher overlay.
#[component]
pub fn AppSwitcher(props: &SwitcherProps) -> Html {
    let leaving = use_state_eq(|| false);
    // Where a drag on the card started, and whether the last one moved (so the click that
    // ends it does not also open the app).
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
    let card = use_node_ref();
    let on_pointer_down = {
        let drag_start = drag_start.clone();
        let swiped = swiped.clone();
        let card = card.clone();
        Callback::from(move |event: PointerEvent| {
            *drag_start.borrow_mut() = Some(f64::from(event.client_y()));
            *swiped.borrow_mut() = false;
            if let Some(card) = card.cast::<HtmlElement>() {
                follow(&card, 0.0);
            }
        })
    };
    let on_pointer_move = {
        let drag_start = drag_start.clone();
        let card = card.clone();
        Callback::from(move |event: PointerEvent| {
            let Some(start) = *drag_start.borrow() else {
                return;
            };
            if let Some(card) = card.cast::<HtmlElement>() {
                let dy = f64::from(event.client_y()) - start;
                // Once it is a drag, keep receiving the moves when the pointer leaves the card.
                // (Not before: a captured pointer's click lands on the card, not its buttons.)
                if dy.abs() >= DRAG_SLOP && !card.has_pointer_capture(event.pointer_id()) {
                    let _ = card.set_pointer_capture(event.pointer_id());
                }
                follow(&card, dy);
            }
        })
    };
    let on_pointer_up = {
        let swipe_away = swipe_away.clone();
        let swiped = swiped.clone();
        let drag_start = drag_start.clone();
        let card = card.clone();
        Callback::from(move |event: PointerEvent| {
            let start = drag_start.borrow_mut().take();
            let moved_up = start.map_or(0.0, |y| y - f64::from(event.client_y()));
            if let Some(card) = card.cast::<HtmlElement>() {
                // Let go: the card flies off from where it is, or slides back.
                release(&card);
            }
            // A drag, short or long, is not a tap: the click that ends it must not open the app.
            *swiped.borrow_mut() = moved_up.abs() >= DRAG_SLOP;
            if moved_up >= SWIPE_DISTANCE {
                swipe_away.emit(());
            }
        })
    };
    let on_pointer_cancel = {
        let card = card.clone();
        Callback::from(move |_: PointerEvent| {
            drag_start.borrow_mut().take();
            if let Some(card) = card.cast::<HtmlElement>() {
                release(&card);
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
                <div class={classes!("switcher-card", leaving.then_some("leaving"))} ref={card}
                    onpointerdown={on_pointer_down} onpointermove={on_pointer_move}
                    onpointerup={on_pointer_up} onpointercancel={on_pointer_cancel}>
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
