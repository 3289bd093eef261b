//! The Xcode debugger: the private commands that launch a pending task or expire a running one
//! at once, bypassing the scheduler (development only; Apple's "Starting and Terminating Tasks
//! During Development").

use crate::app::{use_playground, use_setup};
use crate::state::Action;
use engine::log::{Event, EventKind};
use engine::scenario::Input;
use yew::prelude::*;

/// Most identifiers listed.
const MOST_IDENTIFIERS: usize = 8;

/// The lldb command that launches the task `identifier` now.
pub fn launch_command(identifier: &str) -> String {
    format!("e -l objc -- (void)[[BGTaskScheduler sharedScheduler] _simulateLaunchForTaskWithIdentifier:@\"{identifier}\"]")
}

/// The lldb command that expires the running task `identifier` now.
pub fn expire_command(identifier: &str) -> String {
    format!("e -l objc -- (void)[[BGTaskScheduler sharedScheduler] _simulateExpirationForTaskWithIdentifier:@\"{identifier}\"]")
}

/// Identifiers worth a debugger row: the app's concrete task identifiers, then pending and
/// running ones not yet listed (wildcard tasks appear through their concrete requests).
pub fn debugger_identifiers<'a>(
    tasks: impl Iterator<Item = &'a str>,
    pending: impl Iterator<Item = &'a str>,
    running: impl Iterator<Item = &'a str>,
) -> Vec<String> {
    let mut listed: Vec<String> = Vec::new();
    for identifier in tasks
        .filter(|id| !id.ends_with('*'))
        .chain(pending)
        .chain(running)
    {
        if !listed.iter().any(|l| l == identifier) {
            listed.push(identifier.to_string());
        }
    }
    listed.truncate(MOST_IDENTIFIERS);
    listed
}

/// What the debugger said about the last command, if it found nothing to act on.
fn last_debugger_miss(events: &[Event]) -> Option<String> {
    for event in events.iter().rev().take(200) {
        match &event.kind {
            EventKind::DebuggerNoOp { .. } => return Some(event.headline()),
            EventKind::Input(Input::SimulateLaunch { .. } | Input::SimulateExpiration { .. }) => {
                return None
            }
            _ => {}
        }
    }
    None
}

/// The debugger box, for the run as it is now.
#[component]
pub fn DebuggerCard() -> Html {
    let handle = use_playground();
    let sim = handle.sim();
    let identifiers = debugger_identifiers(
        sim.scenario()
            .app
            .tasks
            .iter()
            .map(|t| t.request.identifier.as_str()),
        sim.pending().iter().map(|a| a.identifier()),
        sim.running().iter().map(|t| t.identifier()),
    );
    let miss = last_debugger_miss(sim.events());
    // Drawn again only when what it shows changes, not on every tick.
    html! { <Debugger {identifiers} {miss} /> }
}

/// Props of [`Debugger`].
#[derive(Properties, PartialEq)]
struct DebuggerProps {
    /// The identifiers with a row.
    identifiers: Vec<String>,
    /// What the debugger said about the last command, if it found nothing to act on.
    miss: Option<String>,
}

/// The debugger box: a row of commands per identifier, and the last command's miss.
#[component]
fn Debugger(props: &DebuggerProps) -> Html {
    let setup = use_setup();
    let identifiers = &props.identifiers;
    let rows = identifiers.iter().map(|identifier| {
        let send = |input: Input| {
            let setup = setup.clone();
            Callback::from(move |_: MouseEvent| setup.dispatch(Action::Apply(input.clone())))
        };
        let launch = send(Input::SimulateLaunch {
            identifier: identifier.clone(),
        });
        let expire = send(Input::SimulateExpiration {
            identifier: identifier.clone(),
        });
        html! {
            <li class="debugger-row" key={identifier.clone()}>
                <div class="debugger-head">
                    <code class="identifier-text">{ identifier.clone() }</code>
                    <div class="request-actions">
                        <button type="button" class="pill-button pill-debug" onclick={launch}
                            aria-label={format!("Launch now: simulate launch of {identifier}")}>{ "Launch now" }</button>
                        <button type="button" class="pill-button pill-debug" onclick={expire}
                            aria-label={format!("Expire now: simulate expiration of {identifier}")}>{ "Expire now" }</button>
                    </div>
                </div>
                <pre class="lldb"><code>{ format!("(lldb) {}\n(lldb) {}", launch_command(identifier), expire_command(identifier)) }</code></pre>
            </li>
        }
    });
    html! {
        <section class="card debugger-card" aria-labelledby="debugger-card-title">
            <h2 class="card-title debugger-title" id="debugger-card-title">
                <svg viewBox="0 0 16 16" aria-hidden="true">
                    <path d="M8 4.5c2 0 3.5 1.6 3.5 3.8V11a3.5 3.5 0 0 1-7 0V8.3C4.5 6.1 6 4.5 8 4.5zM2 9h2.5M11.5 9H14M3 4.5l2 1.5M13 4.5l-2 1.5M3 13.5l1.8-1M13 13.5l-1.8-1M8 4.5V2.5" />
                </svg>
                { "Xcode debugger" }
            </h2>
            <p class="debugger-warning">
                { "Bypasses the scheduler, development only: real users never get this. Pause the app in Xcode, type the command, resume." }
            </p>
            <ul class="debugger-list">
                { for rows }
                if identifiers.is_empty() {
                    <li class="list-empty">{ "No task identifiers yet." }</li>
                }
            </ul>
            if let Some(miss) = &props.miss {
                <p class="debugger-miss" role="status">{ miss }</p>
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_commands_are_apples() {
        assert_eq!(
            launch_command("com.a.refresh"),
            "e -l objc -- (void)[[BGTaskScheduler sharedScheduler] _simulateLaunchForTaskWithIdentifier:@\"com.a.refresh\"]"
        );
        assert!(expire_command("x").contains("_simulateExpirationForTaskWithIdentifier:@\"x\""));
    }

    #[test]
    fn identifiers_are_listed_once_without_wildcards() {
        let listed = debugger_identifiers(
            ["com.a.refresh", "com.a.export.*"].into_iter(),
            ["com.a.refresh", "com.a.export.A1"].into_iter(),
            ["com.a.export.A1"].into_iter(),
        );
        assert_eq!(listed, ["com.a.refresh", "com.a.export.A1"]);
    }
}
