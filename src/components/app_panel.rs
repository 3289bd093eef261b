//! "Your app": the app as its developer sets it up (Info.plist, entitlements, the tasks and what
//! their handlers do), the calls it makes to BGTaskScheduler now (submit, cancel) with what they
//! return, and the Xcode debugger's commands.
//!
//! Set-up edits replay the run from its start with the same clicks ([`Action::Edit`]); API calls
//! are inputs at the current virtual time ([`Action::Apply`]).
//!
//! [`Action::Edit`]: crate::state::Action::Edit
//! [`Action::Apply`]: crate::state::Action::Apply

mod debugger;
mod info_plist;
mod requests;
mod tasks;

use debugger::DebuggerCard;
use info_plist::InfoPlistCard;
use requests::RequestsCard;
use tasks::TasksCard;
use yew::prelude::*;

/// The app panel.
#[component]
pub fn AppPanel() -> Html {
    html! {
        <>
            <InfoPlistCard />
            <TasksCard />
            <RequestsCard />
            <DebuggerCard />
        </>
    }
}

/// Whether `text` can be a task identifier (reverse-DNS, no spaces; a `*` only as a final
/// `.*` wildcard). Returns it trimmed, or why not.
pub fn check_identifier(text: &str) -> Result<String, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("Enter an identifier, like com.example.app.refresh.".into());
    }
    if text.len() > 200 {
        return Err("An identifier has at most 200 characters.".into());
    }
    if text.chars().any(char::is_whitespace) {
        return Err("An identifier has no spaces.".into());
    }
    if text.contains('*') && !(text.ends_with(".*") && text.matches('*').count() == 1) {
        return Err(
            "A wildcard must be a final \u{201c}.*\u{201d}, like com.example.app.export.*.".into(),
        );
    }
    Ok(text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_checked() {
        assert_eq!(check_identifier(" com.a.b "), Ok("com.a.b".into()));
        assert_eq!(
            check_identifier("com.a.export.*"),
            Ok("com.a.export.*".into())
        );
        assert!(check_identifier("").is_err());
        assert!(check_identifier("com.a b").is_err());
        assert!(check_identifier("com.*.b").is_err());
        assert!(check_identifier("com.a*").is_err());
        assert!(check_identifier(&"a".repeat(201)).is_err());
    }
}
