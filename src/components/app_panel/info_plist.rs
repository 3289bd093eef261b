//! The app's set-up: bundle identifier, `BGTaskSchedulerPermittedIdentifiers`,
//! `UIBackgroundModes`, entitlements, and what the device reports as `supportedResources`.

use super::check_identifier;
use crate::app::use_setup;
use crate::components::form::{
    load_edit, replay_caption, toggle_edit, NumberField, Switch, TextField,
};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// `text` as a new entry of the permitted identifiers, or why it cannot be one.
pub fn check_new_permitted(text: &str, listed: &[String]) -> Result<String, String> {
    let identifier = check_identifier(text)?;
    if listed.contains(&identifier) {
        return Err(format!("{identifier} is already listed."));
    }
    if listed.len() >= 64 {
        return Err("At most 64 identifiers.".into());
    }
    Ok(identifier)
}

/// The Info.plist and entitlements card.
#[component]
pub fn InfoPlistCard() -> Html {
    let handle = use_setup();
    let (app, model, gpu) = {
        let sim = handle.sim();
        (
            sim.scenario().app.clone(),
            sim.scenario().device,
            sim.supports_gpu(),
        )
    };
    let on_bundle = {
        let handle = handle.clone();
        Callback::from(move |text: String| {
            let bundle = check_identifier(&text)?;
            if bundle.contains('*') {
                return Err("A bundle identifier has no wildcard.".into());
            }
            load_edit(&handle, move |s| s.app.bundle_id.clone_from(&bundle))
        })
    };
    let on_exit_work = {
        let handle = handle.clone();
        Callback::from(move |seconds: Option<f64>| {
            load_edit(&handle, move |s| s.app.background_task_on_exit_s = seconds)
        })
    };
    html! {
        <section class="card app-card" aria-labelledby="app-card-title">
            <h2 class="card-title" id="app-card-title">{ "Your app" }</h2>
            <TextField label="Bundle identifier" code=true value={app.bundle_id.clone()} on_commit={on_bundle} />

            <h3 class="panel-subheading">{ "Info.plist" }</h3>
            <PermittedIdentifiers listed={app.permitted_identifiers.clone()} bundle={app.bundle_id.clone()} />
            <p class="plist-key">{ "UIBackgroundModes" }</p>
            <div class="control-list">
                <Switch label="fetch" hint="Background fetch: needed for refresh tasks"
                    on={app.background_modes.fetch}
                    on_toggle={toggle_edit(&handle, |s, on| s.app.background_modes.fetch = on)} />
                <Switch label="processing" hint="Background processing: needed for processing tasks"
                    on={app.background_modes.processing}
                    on_toggle={toggle_edit(&handle, |s, on| s.app.background_modes.processing = on)} />
            </div>

            <h3 class="panel-subheading">{ "Entitlements" }</h3>
            <div class="control-list">
                <Switch label="Background GPU access" hint="For continued tasks that ask for .gpu"
                    on={app.entitlements.background_gpu}
                    on_toggle={toggle_edit(&handle, |s, on| s.app.entitlements.background_gpu = on)} />
                <Switch label="Health research" hint="For BGHealthResearchTask"
                    on={app.entitlements.health_research}
                    on_toggle={toggle_edit(&handle, |s, on| s.app.entitlements.health_research = on)} />
            </div>
            <p class="resources">
                <code>{ "BGTaskScheduler.supportedResources" }</code>
                if gpu {
                    <span class="resource-badge badge-yes">{ format!("includes .gpu on the {}", model.label()) }</span>
                } else {
                    <span class="resource-badge badge-no">{ format!("no .gpu on the {}", model.label()) }</span>
                }
            </p>
            <h3 class="panel-subheading">{ "Leaving the foreground" }</h3>
            <p class="panel-caption">
                { "In " }<code>{ "applicationDidEnterBackground" }</code>
                { ", the app calls " }<code>{ "beginBackgroundTask" }</code>
                { " to finish this much work (empty: it does not). iOS allows about 30 s." }
            </p>
            <NumberField label="Finish work for" unit="s" min={0.0} max={86_400.0} optional=true
                placeholder="none" value={app.background_task_on_exit_s}
                on_commit={on_exit_work} />
            { replay_caption("the app's set-up or its tasks") }
        </section>
    }
}

/// Properties of [`PermittedIdentifiers`].
#[derive(Properties, PartialEq)]
struct PermittedIdentifiersProps {
    listed: Vec<String>,
    bundle: String,
}

/// `BGTaskSchedulerPermittedIdentifiers`: the list, a remove button per entry, and a field to add
/// one (wildcards allowed).
#[component]
fn PermittedIdentifiers(props: &PermittedIdentifiersProps) -> Html {
    let handle = use_setup();
    let input = use_node_ref();
    let error = use_state(|| None::<String>);
    let add = {
        let handle = handle.clone();
        let input = input.clone();
        let error = error.clone();
        let listed = props.listed.clone();
        move || {
            let Some(field) = input.cast::<HtmlInputElement>() else {
                return;
            };
            let result = check_new_permitted(&field.value(), &listed).and_then(|identifier| {
                load_edit(&handle, move |s| {
                    s.app.permitted_identifiers.push(identifier.clone())
                })
            });
            if result.is_ok() {
                field.set_value("");
            }
            error.set(result.err());
        }
    };
    let onsubmit = {
        let add = add.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            add();
        })
    };
    html! {
        <div class="plist-array">
            <p class="plist-key" id="permitted-label">{ "BGTaskSchedulerPermittedIdentifiers" }</p>
            <ul class="identifier-list" aria-labelledby="permitted-label">
                { for props.listed.iter().enumerate().map(|(index, identifier)| {
                    let remove = {
                        let handle = handle.clone();
                        Callback::from(move |_: MouseEvent| {
                            let _ = load_edit(&handle, move |s| {
                                if index < s.app.permitted_identifiers.len() {
                                    s.app.permitted_identifiers.remove(index);
                                }
                            });
                        })
                    };
                    html! {
                        <li key={identifier.clone()}>
                            <code class="identifier-text">{ identifier.clone() }</code>
                            <button type="button" class="remove-button" onclick={remove}
                                aria-label={format!("Remove {identifier}")}>
                                <svg viewBox="0 0 12 12" aria-hidden="true"><path d="M2 2l8 8M10 2l-8 8" /></svg>
                            </button>
                        </li>
                    }
                }) }
                if props.listed.is_empty() {
                    <li class="list-empty">{ "Empty: no task can be submitted." }</li>
                }
            </ul>
            <form class="add-row" {onsubmit}>
                <label class="visually-hidden" for="permitted-new">{ "Identifier to permit" }</label>
                <input id="permitted-new" ref={input} type="text" class="field-input field-code"
                    autocomplete="off" spellcheck="false" placeholder={format!("{}.sync", props.bundle)}
                    aria-invalid={error.is_some().then_some("true")}
                    aria-describedby={error.is_some().then_some("permitted-error")} />
                <button type="submit" class="pill-button">{ "Add" }</button>
            </form>
            if let Some(message) = &*error {
                <p class="field-error" id="permitted-error" role="alert">{ message.clone() }</p>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_permitted_identifier_is_listed_once() {
        let listed = vec!["com.a.refresh".to_string()];
        assert_eq!(
            check_new_permitted("com.a.export.*", &listed),
            Ok("com.a.export.*".into())
        );
        assert_eq!(
            check_new_permitted(" com.a.refresh", &listed),
            Err("com.a.refresh is already listed.".into())
        );
        assert!(check_new_permitted("", &listed).is_err());
    }
}
