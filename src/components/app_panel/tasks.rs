//! The app's tasks: per identifier, the request it submits and what its handler does, each in a
//! collapsible editor, with a Submit button; and adding or removing a task.

use super::check_identifier;
use super::requests::request_to_submit;
use crate::app::{use_setup, SetupHandle};
use crate::components::form::{
    load_edit, Choice, NumberField, Segmented, SelectField, Switch, TextField,
};
use crate::state::Action;
use engine::app::{
    AppConfig, HandlerBehavior, ProgressReporting, Registration, Resubmit, Strategy,
    TaskDefinition, TaskKind, TaskRequest,
};
use engine::scenario::Input;
use engine::time::Duration;
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// A week, the longest work and "progress stops" time a handler may have.
const WEEK_S: f64 = 7.0 * 86_400.0;

/// `base`, or `base2`, `base3`... (before a final `.*`), whichever no task uses yet.
fn unused_identifier(base: &str, app: &AppConfig) -> String {
    let taken = |id: &str| app.tasks.iter().any(|t| t.request.identifier == id);
    let (stem, wildcard) = match base.strip_suffix(".*") {
        Some(stem) => (stem, ".*"),
        None => (base, ""),
    };
    (1..)
        .map(|n| match n {
            1 => format!("{stem}{wildcard}"),
            n => format!("{stem}{n}{wildcard}"),
        })
        .find(|id| !taken(id))
        .unwrap_or_else(|| base.to_string())
}

/// A new task of `kind` with sensible defaults for that kind, and an identifier no task uses.
pub fn new_task(kind: TaskKind, app: &AppConfig) -> TaskDefinition {
    let bundle = &app.bundle_id;
    let default = TaskDefinition::default();
    let mut task = match kind {
        TaskKind::AppRefresh => TaskDefinition {
            request: TaskRequest {
                identifier: format!("{bundle}.refresh"),
                kind,
                earliest_begin_after: Some(Duration::from_mins(15)),
                ..TaskRequest::default()
            },
            behavior: HandlerBehavior {
                work_s: 8.0,
                ..HandlerBehavior::default()
            },
            ..default
        },
        TaskKind::Processing | TaskKind::HealthResearch => TaskDefinition {
            request: TaskRequest {
                identifier: if kind == TaskKind::Processing {
                    format!("{bundle}.cleanup")
                } else {
                    format!("{bundle}.study")
                },
                kind,
                earliest_begin_after: Some(Duration::from_hours(1)),
                requires_external_power: true,
                ..TaskRequest::default()
            },
            behavior: HandlerBehavior {
                work_s: 120.0,
                peak_memory_mb: 80.0,
                cpu_percent: 60.0,
                needs_network: false,
                resubmit: Resubmit::AtEnd,
                ..HandlerBehavior::default()
            },
            ..default
        },
        TaskKind::ContinuedProcessing => TaskDefinition {
            request: TaskRequest {
                identifier: format!("{bundle}.export.*"),
                kind,
                title: "Exporting".into(),
                subtitle: "Your photos".into(),
                ..TaskRequest::default()
            },
            behavior: HandlerBehavior {
                work_s: 120.0,
                progress: ProgressReporting::Every { seconds: 5.0 },
                needs_network: false,
                resubmit: Resubmit::Never,
                ..HandlerBehavior::default()
            },
            submit_when_backgrounded: false,
        },
    };
    task.request.identifier = unused_identifier(&task.request.identifier, app);
    task
}

fn kind_id(kind: TaskKind) -> String {
    TaskKind::ALL
        .iter()
        .position(|k| *k == kind)
        .unwrap_or_default()
        .to_string()
}

fn kind_from_id(id: &str) -> Option<TaskKind> {
    TaskKind::ALL.get(id.parse::<usize>().ok()?).copied()
}

fn kind_choices() -> Vec<Choice> {
    TaskKind::ALL
        .iter()
        .map(|k| (kind_id(*k).into(), k.task_class().into()))
        .collect()
}

/// Edits task `index` of the app (replaying the run), or says why not.
fn edit_task(
    handle: &SetupHandle,
    index: usize,
    edit: impl Fn(&mut TaskDefinition) + 'static,
) -> Result<(), String> {
    load_edit(handle, move |s| {
        if let Some(task) = s.app.tasks.get_mut(index) {
            edit(task);
        }
    })
}

/// A callback editing task `index` with the value it is given.
fn task_edit<T: Clone + 'static>(
    handle: &SetupHandle,
    index: usize,
    edit: impl Fn(&mut TaskDefinition, T) + 'static,
) -> Callback<T, Result<(), String>> {
    let handle = handle.clone();
    let edit = Rc::new(edit);
    Callback::from(move |value: T| {
        let edit = edit.clone();
        edit_task(&handle, index, move |t| edit(t, value.clone()))
    })
}

/// A switch callback editing task `index` (a refused switch edit cannot happen).
fn task_toggle(
    handle: &SetupHandle,
    index: usize,
    edit: impl Fn(&mut TaskDefinition, bool) + 'static,
) -> Callback<bool> {
    let handle = handle.clone();
    let edit = Rc::new(edit);
    Callback::from(move |on: bool| {
        let edit = edit.clone();
        let _ = edit_task(&handle, index, move |t| edit(t, on));
    })
}

/// The tasks card.
#[component]
pub fn TasksCard() -> Html {
    let handle = use_setup();
    let tasks = handle.sim().scenario().app.tasks.clone();
    let kind = use_state(|| TaskKind::AppRefresh);
    let on_kind = {
        let kind = kind.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            if let Some(chosen) = kind_from_id(&select.value()) {
                kind.set(chosen);
            }
        })
    };
    let add = {
        let handle = handle.clone();
        let kind = *kind;
        Callback::from(move |_: MouseEvent| {
            let _ = load_edit(&handle, move |s| {
                let task = new_task(kind, &s.app);
                let identifier = task.request.identifier.clone();
                if !s.app.permitted_identifiers.contains(&identifier) {
                    s.app.permitted_identifiers.push(identifier);
                }
                s.app.tasks.push(task);
            });
        })
    };
    html! {
        <section class="card app-card" aria-labelledby="tasks-card-title">
            <h2 class="card-title" id="tasks-card-title">{ "Tasks" }</h2>
            <p class="panel-caption">{ "Each identifier's request, and what its launch handler does when it runs." }</p>
            <ul class="task-list">
                { for tasks.iter().enumerate().map(|(index, task)| html! {
                    <TaskItem key={format!("{index}-{}", task.request.identifier)} {index} task={task.clone()} />
                }) }
                if tasks.is_empty() {
                    <li class="list-empty">{ "No tasks: add one below." }</li>
                }
            </ul>
            <div class="add-row">
                <label class="visually-hidden" for="new-task-kind">{ "Kind of task to add" }</label>
                <select id="new-task-kind" class="field-input" onchange={on_kind}>
                    { for TaskKind::ALL.iter().map(|k| html! {
                        <option value={kind_id(*k)} selected={*k == *kind}>{ k.task_class() }</option>
                    }) }
                </select>
                <button type="button" class="pill-button" onclick={add}>{ "Add task" }</button>
            </div>
        </section>
    }
}

/// Properties of [`TaskItem`].
#[derive(Properties, PartialEq)]
struct TaskItemProps {
    index: usize,
    task: TaskDefinition,
}

/// One task: its identifier, kind and Submit button, and its editor (collapsed).
#[component]
fn TaskItem(props: &TaskItemProps) -> Html {
    let handle = use_setup();
    let index = props.index;
    let request = &props.task.request;
    let submit = {
        let handle = handle.clone();
        let template = request.clone();
        Callback::from(move |_: MouseEvent| {
            let request = request_to_submit(&template, &handle.scenario());
            handle.dispatch(Action::Apply(Input::Submit { request }));
        })
    };
    let remove = {
        let handle = handle.clone();
        Callback::from(move |_: MouseEvent| {
            let _ = load_edit(&handle, move |s| {
                if index < s.app.tasks.len() {
                    s.app.tasks.remove(index);
                }
            });
        })
    };
    html! {
        <li class="task-item">
            <div class="task-head">
                <div class="task-name">
                    <code class="identifier-text">{ request.identifier.clone() }</code>
                    <span class={classes!("kind-badge", format!("kind-{}", kind_id(request.kind)))}>
                        { request.kind.label() }
                    </span>
                </div>
                <button type="button" class="pill-button pill-primary" onclick={submit}
                    aria-label={format!("Submit {}", request.identifier)}>{ "Submit" }</button>
            </div>
            <details class="task-editor">
                <summary>{ "Request and handler" }</summary>
                <RequestEditor {index} request={request.clone()} />
                <HandlerEditor {index} behavior={props.task.behavior.clone()} kind={request.kind}
                    submit_when_backgrounded={props.task.submit_when_backgrounded} />
                <div class="action-row">
                    <button type="button" class="pill-button pill-destructive" onclick={remove}>
                        { format!("Remove {}", request.identifier) }
                    </button>
                </div>
            </details>
        </li>
    }
}

/// Properties of [`RequestEditor`].
#[derive(Properties, PartialEq)]
struct RequestEditorProps {
    index: usize,
    request: TaskRequest,
}

/// The request template: the fields of the `BG…TaskRequest` the app builds.
#[component]
fn RequestEditor(props: &RequestEditorProps) -> Html {
    let handle = use_setup();
    let (index, request) = (props.index, &props.request);
    let kind = request.kind;
    let on_identifier = task_edit(&handle, index, |t, id: String| t.request.identifier = id);
    let on_identifier =
        Callback::from(move |text: String| on_identifier.emit(check_identifier(&text)?));
    let on_kind = task_edit(&handle, index, |t, id: AttrValue| {
        if let Some(kind) = kind_from_id(&id) {
            t.request.kind = kind;
        }
    });
    let on_delay = task_edit(&handle, index, |t, minutes: Option<f64>| {
        t.request.earliest_begin_after = minutes.map(|m| Duration::from_secs_f64(m * 60.0));
    });
    let on_strategy = {
        let edit = task_edit(&handle, index, |t, id: AttrValue| {
            t.request.strategy = if id == "fail" {
                Strategy::Fail
            } else {
                Strategy::Queue
            };
        });
        Callback::from(move |id: AttrValue| {
            let _ = edit.emit(id);
        })
    };
    let strategy_choices: Vec<Choice> = vec![
        ("queue".into(), ".queue".into()),
        ("fail".into(), ".fail".into()),
    ];
    html! {
        <fieldset class="editor-group">
            <legend>{ kind.request_class() }</legend>
            <div class="field-grid">
                <TextField label="Identifier" code=true value={request.identifier.clone()} on_commit={on_identifier} />
                <SelectField label="Kind" wide=true choices={kind_choices()} selected={kind_id(kind)} on_select={on_kind} />
                if kind != TaskKind::ContinuedProcessing {
                    <NumberField label="earliestBeginDate" unit="min after submit" min={0.0} max={400.0 * 1440.0}
                        optional=true placeholder="none"
                        value={request.earliest_begin_after.map(|d| d.as_secs_f64() / 60.0)} on_commit={on_delay} />
                }
            </div>
            if kind.is_processing_like() {
                <div class="control-list">
                    <Switch label="requiresExternalPower" on={request.requires_external_power}
                        on_toggle={task_toggle(&handle, index, |t, on| t.request.requires_external_power = on)} />
                    <Switch label="requiresNetworkConnectivity" on={request.requires_network}
                        on_toggle={task_toggle(&handle, index, |t, on| t.request.requires_network = on)} />
                </div>
            }
            if kind == TaskKind::ContinuedProcessing {
                <div class="field-grid">
                    <TextField label="title" value={request.title.clone()}
                        on_commit={task_edit(&handle, index, |t, text: String| t.request.title = text)} />
                    <TextField label="subtitle" value={request.subtitle.clone()}
                        on_commit={task_edit(&handle, index, |t, text: String| t.request.subtitle = text)} />
                </div>
                <Segmented label="strategy" choices={strategy_choices}
                    selected={if request.strategy == Strategy::Fail { "fail" } else { "queue" }}
                    on_select={on_strategy} />
                <div class="control-list">
                    <Switch label="requiredResources: .gpu" on={request.gpu}
                        on_toggle={task_toggle(&handle, index, |t, on| t.request.gpu = on)} />
                </div>
            }
        </fieldset>
    }
}

const REGISTRATIONS: [(Registration, &str, &str); 4] = [
    (Registration::AtLaunch, "launch", "At launch (correct)"),
    (Registration::AfterLaunch, "after", "After launch"),
    (Registration::Twice, "twice", "Twice (the app is killed)"),
    (Registration::Never, "never", "Never"),
];

const RESUBMITS: [(Resubmit, &str, &str); 3] = [
    (Resubmit::AtStart, "start", "At the start of the handler"),
    (Resubmit::AtEnd, "end", "When the work is done"),
    (Resubmit::Never, "never", "Never (one-shot)"),
];

fn progress_id(progress: ProgressReporting) -> &'static str {
    match progress {
        ProgressReporting::Never => "never",
        ProgressReporting::Indeterminate => "indeterminate",
        ProgressReporting::Every { .. } => "every",
    }
}

/// Properties of [`HandlerEditor`].
#[derive(Properties, PartialEq)]
struct HandlerEditorProps {
    index: usize,
    behavior: HandlerBehavior,
    kind: TaskKind,
    submit_when_backgrounded: bool,
}

/// What the launch handler does when its task runs.
#[component]
fn HandlerEditor(props: &HandlerEditorProps) -> Html {
    let handle = use_setup();
    let (index, b) = (props.index, &props.behavior);
    let registrations: Vec<Choice> = REGISTRATIONS
        .iter()
        .map(|(_, id, text)| (AttrValue::from(*id), AttrValue::from(*text)))
        .collect();
    let registration_id = REGISTRATIONS
        .iter()
        .find(|(r, ..)| *r == b.registration)
        .map_or("launch", |(_, id, _)| id);
    let resubmits: Vec<Choice> = RESUBMITS
        .iter()
        .map(|(_, id, text)| (AttrValue::from(*id), AttrValue::from(*text)))
        .collect();
    let resubmit_id = RESUBMITS
        .iter()
        .find(|(r, ..)| *r == b.resubmit)
        .map_or("start", |(_, id, _)| id);
    let progress_choices: Vec<Choice> = vec![
        ("never".into(), "Sets a total, never updates it".into()),
        ("indeterminate".into(), "Indeterminate (no total)".into()),
        ("every".into(), "Updates every few seconds".into()),
    ];
    let on_progress = task_edit(&handle, index, |t, id: AttrValue| {
        t.behavior.progress = match id.as_str() {
            "never" => ProgressReporting::Never,
            "indeterminate" => ProgressReporting::Indeterminate,
            _ => match t.behavior.progress {
                every @ ProgressReporting::Every { .. } => every,
                _ => ProgressReporting::Every { seconds: 5.0 },
            },
        };
    });
    html! {
        <fieldset class="editor-group">
            <legend>{ "Launch handler" }</legend>
            <div class="field-grid">
                <SelectField label="register(forTaskWithIdentifier:)" wide=true choices={registrations} selected={registration_id}
                    on_select={task_edit(&handle, index, |t, id: AttrValue| {
                        if let Some((r, ..)) = REGISTRATIONS.iter().find(|(_, rid, _)| *rid == id.as_str()) {
                            t.behavior.registration = *r;
                        }
                    })} />
                <NumberField label="Work takes" unit="s" min={0.0} max={WEEK_S} value={Some(b.work_s)}
                    on_commit={task_edit(&handle, index, |t, v: Option<f64>| t.behavior.work_s = v.unwrap_or_default())} />
                <NumberField label="Peak memory" unit="MB" min={0.0} max={100_000.0} value={Some(b.peak_memory_mb)}
                    on_commit={task_edit(&handle, index, |t, v: Option<f64>| t.behavior.peak_memory_mb = v.unwrap_or_default())} />
                <NumberField label="CPU (one core)" unit="%" min={0.0} max={100.0} value={Some(b.cpu_percent)}
                    on_commit={task_edit(&handle, index, |t, v: Option<f64>| t.behavior.cpu_percent = v.unwrap_or_default())} />
            </div>
            if props.kind == TaskKind::ContinuedProcessing {
                <div class="field-grid">
                    <SelectField label="Progress" wide=true choices={progress_choices} selected={progress_id(b.progress)}
                        on_select={on_progress} />
                    if let ProgressReporting::Every { seconds } = b.progress {
                        <NumberField label="Every" unit="s" min={0.1} max={86_400.0} value={Some(seconds)}
                            on_commit={task_edit(&handle, index, |t, v: Option<f64>| {
                                t.behavior.progress = ProgressReporting::Every { seconds: v.unwrap_or(5.0) };
                            })} />
                    }
                    <NumberField label="Progress stops after" unit="s" min={0.0} max={WEEK_S} optional=true
                        placeholder="never" value={b.progress_stops_after_s}
                        on_commit={task_edit(&handle, index, |t, v: Option<f64>| t.behavior.progress_stops_after_s = v)} />
                </div>
            }
            <div class="control-list">
                <Switch label="Work needs the network" on={b.needs_network}
                    on_toggle={task_toggle(&handle, index, |t, on| t.behavior.needs_network = on)} />
                <Switch label="Calls setTaskCompleted(success:)" on={b.calls_set_task_completed}
                    on_toggle={task_toggle(&handle, index, |t, on| t.behavior.calls_set_task_completed = on)} />
                <Switch label="Sets an expirationHandler" on={b.sets_expiration_handler}
                    on_toggle={task_toggle(&handle, index, |t, on| t.behavior.sets_expiration_handler = on)} />
            </div>
            <div class="field-grid">
                <SelectField label="Submits the next request" wide=true choices={resubmits} selected={resubmit_id}
                    on_select={task_edit(&handle, index, |t, id: AttrValue| {
                        if let Some((r, ..)) = RESUBMITS.iter().find(|(_, rid, _)| *rid == id.as_str()) {
                            t.behavior.resubmit = *r;
                        }
                    })} />
            </div>
            <div class="control-list">
                <Switch label="Submit when the app goes to the background" on={props.submit_when_backgrounded}
                    on_toggle={task_toggle(&handle, index, |t, on| t.submit_when_backgrounded = on)} />
            </div>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_tasks_have_defaults_for_their_kind_and_a_fresh_identifier() {
        let app = AppConfig::default();
        let refresh = new_task(TaskKind::AppRefresh, &app);
        assert_eq!(refresh.request.identifier, "com.example.news.refresh2");
        let processing = new_task(TaskKind::Processing, &app);
        assert_eq!(processing.request.identifier, "com.example.news.cleanup");
        assert!(processing.request.requires_external_power);
        let continued = new_task(TaskKind::ContinuedProcessing, &app);
        assert_eq!(continued.request.identifier, "com.example.news.export.*");
        assert_eq!(continued.request.title, "Exporting");
        assert_eq!(
            continued.behavior.progress,
            ProgressReporting::Every { seconds: 5.0 }
        );
        assert!(!continued.submit_when_backgrounded);
        let mut with_export = app.clone();
        with_export.tasks.push(continued);
        assert_eq!(
            new_task(TaskKind::ContinuedProcessing, &with_export)
                .request
                .identifier,
            "com.example.news.export2.*"
        );
    }

    #[test]
    fn kinds_round_trip_through_their_ids() {
        for kind in TaskKind::ALL {
            assert_eq!(kind_from_id(&kind_id(kind)), Some(kind));
        }
        assert_eq!(kind_from_id("9"), None);
    }
}
