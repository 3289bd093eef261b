//! Small form controls shared by the device controls and the app panel: an iOS-style switch, a
//! segmented control, a menu, and text and number fields that check what was typed, show a clear
//! message next to the field when it is wrong, and then change nothing.
//!
//! Fields commit on `change` (Enter or leaving the field), never on every keystroke: each commit
//! of a configuration edit replays the run from its start.

use crate::app::{PlaygroundHandle, SetupHandle};
use crate::state::{Action, ScenarioEdit};
use engine::scenario::Scenario;
use std::cell::Cell;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

thread_local! {
    static NEXT_ID: Cell<u32> = const { Cell::new(0) };
}

/// An element id unique in the page, to tie a field to its label and message, made once per
/// component instance.
#[hook]
fn use_element_id() -> AttrValue {
    let id = use_state(|| {
        NEXT_ID.with(|next| {
            let id = next.get() + 1;
            next.set(id);
            AttrValue::from(format!("field-{id}"))
        })
    });
    (*id).clone()
}

/// The reminder under set-up controls: editing them replays the run from its start.
pub fn replay_caption(what: &str) -> Html {
    html! {
        <p class="panel-caption replay-caption">
            { format!("Changing {what} replays the run from the start, with the same clicks.") }
        </p>
    }
}

/// `"true"` or `"false"`, for ARIA state attributes.
pub fn aria_bool(value: bool) -> AttrValue {
    AttrValue::Static(if value { "true" } else { "false" })
}

/// What an edit can be sent through: the playground's handle or the set-up's.
pub trait Editor {
    /// The scenario now.
    fn scenario_now(&self) -> Scenario;
    /// Sends `action` to the reducer.
    fn send(&self, action: Action);
}

impl Editor for PlaygroundHandle {
    fn scenario_now(&self) -> Scenario {
        self.scenario()
    }
    fn send(&self, action: Action) {
        self.dispatch(action);
    }
}

impl Editor for SetupHandle {
    fn scenario_now(&self) -> Scenario {
        self.scenario()
    }
    fn send(&self, action: Action) {
        self.dispatch(action);
    }
}

/// Edits the configuration: the run is replayed from its start with the same clicks
/// ([`Action::Edit`]). Returns why not, when the edit is invalid (nothing changes then).
pub fn load_edit(
    handle: &impl Editor,
    edit: impl Fn(&mut Scenario) + 'static,
) -> Result<(), String> {
    let edit = ScenarioEdit::new(edit);
    // Checked here to answer the field at once; the reducer applies it to the scenario as it
    // stands then (a later click may have changed it since this render).
    if edit.applied_to(&handle.scenario_now())?.is_some() {
        handle.send(Action::Edit(edit));
    }
    Ok(())
}

/// A switch callback that edits the scenario with the switch's new state (a refused switch
/// edit cannot happen; nothing to show).
pub fn toggle_edit(
    handle: &(impl Editor + Clone + 'static),
    edit: impl Fn(&mut Scenario, bool) + 'static,
) -> Callback<bool> {
    let handle = handle.clone();
    let edit = Rc::new(edit);
    Callback::from(move |on: bool| {
        let edit = edit.clone();
        let _ = load_edit(&handle, move |s| edit(s, on));
    })
}

/// A number as a person would type it: `8`, `0.5`, `12.25` (no trailing zeros).
pub fn format_number(value: f64) -> String {
    let rounded = (value * 1000.0).round() / 1000.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded}")
    }
}

/// Reads a typed number in `min..=max`. An empty field is `Ok(None)` when `optional`.
pub fn parse_number(text: &str, min: f64, max: f64, optional: bool) -> Result<Option<f64>, String> {
    let text = text.trim();
    if text.is_empty() {
        return if optional {
            Ok(None)
        } else {
            Err("Enter a number.".into())
        };
    }
    let value: f64 = text
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite())
        .ok_or_else(|| format!("\u{201c}{text}\u{201d} is not a number."))?;
    if value < min || value > max {
        return Err(format!(
            "Must be between {} and {}.",
            format_number(min),
            format_number(max)
        ));
    }
    Ok(Some(value))
}

/// Properties of [`Switch`].
#[derive(Properties, PartialEq)]
pub struct SwitchProps {
    /// What it switches.
    pub label: AttrValue,
    /// Whether it is on.
    pub on: bool,
    /// Called with the new state when clicked.
    pub on_toggle: Callback<bool>,
    /// A short explanation under the label.
    #[prop_or_default]
    pub hint: Option<AttrValue>,
}

/// An iOS-style switch: a whole-row button with `role="switch"` and `aria-checked`.
#[component]
pub fn Switch(props: &SwitchProps) -> Html {
    let id = use_element_id();
    let onclick = {
        let on_toggle = props.on_toggle.clone();
        let next = !props.on;
        Callback::from(move |_: MouseEvent| on_toggle.emit(next))
    };
    let label_id = format!("{id}-label");
    let hint_id = format!("{id}-hint");
    html! {
        <button type="button" role="switch" class="switch-row" aria-checked={aria_bool(props.on)}
            aria-labelledby={label_id.clone()}
            aria-describedby={props.hint.as_ref().map(|_| hint_id.clone())} {onclick}>
            <span class="switch-text">
                <span class="switch-label" id={label_id}>{ props.label.clone() }</span>
                if let Some(hint) = &props.hint {
                    <span class="switch-hint" id={hint_id}>{ hint.clone() }</span>
                }
            </span>
            <span class="switch-track" aria-hidden="true"><span class="switch-thumb"></span></span>
        </button>
    }
}

/// One choice of a [`Segmented`] control or a [`SelectField`]: its value and its text.
pub type Choice = (AttrValue, AttrValue);

/// Properties of [`Segmented`].
#[derive(Properties, PartialEq)]
pub struct SegmentedProps {
    /// What is chosen.
    pub label: AttrValue,
    /// The choices.
    pub choices: Vec<Choice>,
    /// The value of the chosen one.
    pub selected: AttrValue,
    /// Called with the value of the clicked choice.
    pub on_select: Callback<AttrValue>,
}

/// A segmented control: a group of buttons, the chosen one `aria-pressed`.
#[component]
pub fn Segmented(props: &SegmentedProps) -> Html {
    let id = use_element_id();
    html! {
        <div class="field segmented-field">
            <span class="field-label" id={id.clone()}>{ props.label.clone() }</span>
            <div class="segmented-control" role="group" aria-labelledby={id}>
                { for props.choices.iter().map(|(value, text)| {
                    let pressed = *value == props.selected;
                    let onclick = {
                        let on_select = props.on_select.clone();
                        let value = value.clone();
                        Callback::from(move |_: MouseEvent| on_select.emit(value.clone()))
                    };
                    html! {
                        <button type="button" class="segmented-option" aria-pressed={aria_bool(pressed)} {onclick}>
                            { text.clone() }
                        </button>
                    }
                }) }
            </div>
        </div>
    }
}

/// Properties of [`SelectField`].
#[derive(Properties, PartialEq)]
pub struct SelectFieldProps {
    /// What is chosen.
    pub label: AttrValue,
    /// The choices.
    pub choices: Vec<Choice>,
    /// The value of the chosen one.
    pub selected: AttrValue,
    /// Called with the chosen value; an error message is shown next to the menu.
    pub on_select: Callback<AttrValue, Result<(), String>>,
    /// Takes a whole row of a field grid (for long choices).
    #[prop_or_default]
    pub wide: bool,
}

/// A labelled menu (`<select>`).
#[component]
pub fn SelectField(props: &SelectFieldProps) -> Html {
    let id = use_element_id();
    let error = use_state(|| None::<String>);
    let onchange = {
        let on_select = props.on_select.clone();
        let error = error.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            error.set(on_select.emit(AttrValue::from(select.value())).err());
        })
    };
    html! {
        <div class={classes!("field", props.wide.then_some("field-wide"))}>
            <label class="field-label" for={id.clone()}>{ props.label.clone() }</label>
            <select id={id.clone()} class="field-input" {onchange}
                aria-invalid={error.is_some().then_some("true")}
                aria-describedby={error.is_some().then(|| format!("{id}-error"))}>
                { for props.choices.iter().map(|(value, text)| html! {
                    <option value={value.clone()} selected={*value == props.selected}>{ text.clone() }</option>
                }) }
            </select>
            <FieldError id={format!("{id}-error")} message={(*error).clone()} />
        </div>
    }
}

/// Properties of [`NumberField`].
#[derive(Properties, PartialEq)]
pub struct NumberFieldProps {
    /// What the number is.
    pub label: AttrValue,
    /// The current value (`None`: empty).
    pub value: Option<f64>,
    /// The unit shown after the field (`s`, `MB`, `%`...).
    #[prop_or_default]
    pub unit: AttrValue,
    /// Smallest allowed value.
    pub min: f64,
    /// Largest allowed value.
    pub max: f64,
    /// An empty field is allowed and means "none".
    #[prop_or_default]
    pub optional: bool,
    /// Shown in an empty field.
    #[prop_or_default]
    pub placeholder: AttrValue,
    /// Called with a valid value; may still refuse it with a message.
    pub on_commit: Callback<Option<f64>, Result<(), String>>,
}

/// A number typed as text (so any mistake gets a clear message rather than being swallowed).
#[component]
pub fn NumberField(props: &NumberFieldProps) -> Html {
    let id = use_element_id();
    let error = use_state(|| None::<String>);
    let onchange = {
        let on_commit = props.on_commit.clone();
        let error = error.clone();
        let (min, max, optional) = (props.min, props.max, props.optional);
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            let result =
                parse_number(&input.value(), min, max, optional).and_then(|v| on_commit.emit(v));
            error.set(result.err());
        })
    };
    let value = props.value.map(format_number).unwrap_or_default();
    html! {
        <div class="field">
            <label class="field-label" for={id.clone()}>{ props.label.clone() }</label>
            <span class="field-with-unit">
                <input id={id.clone()} class="field-input field-number" type="text" inputmode="decimal"
                    autocomplete="off" spellcheck="false" {value} placeholder={props.placeholder.clone()}
                    aria-invalid={error.is_some().then_some("true")}
                    aria-describedby={error.is_some().then(|| format!("{id}-error"))} {onchange} />
                if !props.unit.is_empty() {
                    <span class="field-unit">{ props.unit.clone() }</span>
                }
            </span>
            <FieldError id={format!("{id}-error")} message={(*error).clone()} />
        </div>
    }
}

/// Properties of [`TextField`].
#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    /// What the text is.
    pub label: AttrValue,
    /// The current text.
    pub value: AttrValue,
    /// Shown in an empty field.
    #[prop_or_default]
    pub placeholder: AttrValue,
    /// Monospaced (identifiers).
    #[prop_or_default]
    pub code: bool,
    /// Called with the typed text; may refuse it with a message.
    pub on_commit: Callback<String, Result<(), String>>,
}

/// A one-line text field.
#[component]
pub fn TextField(props: &TextFieldProps) -> Html {
    let id = use_element_id();
    let error = use_state(|| None::<String>);
    let onchange = {
        let on_commit = props.on_commit.clone();
        let error = error.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            error.set(on_commit.emit(input.value()).err());
        })
    };
    html! {
        <div class="field field-wide">
            <label class="field-label" for={id.clone()}>{ props.label.clone() }</label>
            <input id={id.clone()} type="text" autocomplete="off" spellcheck="false"
                class={classes!("field-input", props.code.then_some("field-code"))}
                value={props.value.clone()} placeholder={props.placeholder.clone()}
                aria-invalid={error.is_some().then_some("true")}
                aria-describedby={error.is_some().then(|| format!("{id}-error"))} {onchange} />
            <FieldError id={format!("{id}-error")} message={(*error).clone()} />
        </div>
    }
}

/// Properties of [`FieldError`].
#[derive(Properties, PartialEq)]
pub struct FieldErrorProps {
    /// The element id the field's `aria-describedby` names.
    pub id: AttrValue,
    /// The message, if the last value was refused.
    pub message: Option<String>,
}

/// The message under a field whose value was refused.
#[component]
pub fn FieldError(props: &FieldErrorProps) -> Html {
    match &props.message {
        Some(message) => html! {
            <p class="field-error" id={props.id.clone()} role="alert">{ message.clone() }</p>
        },
        None => Html::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_checked_and_explained() {
        assert_eq!(parse_number(" 12.5 ", 0.0, 100.0, false), Ok(Some(12.5)));
        assert_eq!(parse_number("", 0.0, 100.0, true), Ok(None));
        assert_eq!(
            parse_number("", 0.0, 100.0, false),
            Err("Enter a number.".into())
        );
        assert_eq!(
            parse_number("ten", 0.0, 100.0, false),
            Err("\u{201c}ten\u{201d} is not a number.".into())
        );
        assert_eq!(
            parse_number("-3", 0.0, 100.0, false),
            Err("Must be between 0 and 100.".into())
        );
        assert!(parse_number("inf", 0.0, 100.0, false).is_err());
        assert!(parse_number("NaN", 0.0, 100.0, false).is_err());
    }

    #[test]
    fn numbers_print_without_trailing_zeros() {
        assert_eq!(format_number(8.0), "8");
        assert_eq!(format_number(0.5), "0.5");
        assert_eq!(format_number(12.250_000_1), "12.25");
    }

    #[test]
    fn an_edit_is_checked_before_it_is_loaded() {
        let scenario = Scenario::default();
        let applied = |edit: ScenarioEdit| edit.applied_to(&scenario);
        assert_eq!(applied(ScenarioEdit::new(|_| {})), Ok(None));
        let changed = applied(ScenarioEdit::new(|s| s.user_routine = false))
            .unwrap()
            .unwrap();
        assert!(!changed.user_routine);
        let refused = applied(ScenarioEdit::new(|s| s.app.bundle_id.clear())).unwrap_err();
        assert_eq!(refused, "The app needs a bundle identifier");
    }
}
