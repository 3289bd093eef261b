//! The certainty badge: how sure the model is of the rule behind an event or a vote, in the three
//! words of [`Certainty::label`], with the evidence tag and the domain reference's source key as a
//! tooltip and as text for screen readers. One component, used by the log, the timeline's story
//! and the "why" panel.

use engine::params::{Certainty, Source};
use yew::prelude::*;

/// Props of [`CertaintyBadge`].
#[derive(Properties, PartialEq)]
pub struct CertaintyBadgeProps {
    /// The rule's source.
    pub source: Source,
}

/// The CSS class that gives each certainty its colour and glyph.
pub fn certainty_class(certainty: Certainty) -> &'static str {
    match certainty {
        Certainty::Documented => "certainty-documented",
        Certainty::Observed => "certainty-observed",
        Certainty::Inferred => "certainty-inferred",
    }
}

/// The tooltip: the evidence tag and the reference, e.g. `[APPLE-DOC] D-complete`.
pub fn certainty_title(source: Source) -> String {
    format!("Source: {source}")
}

/// A small pill saying "documented by Apple", "observed" or "inferred".
#[component]
pub fn CertaintyBadge(props: &CertaintyBadgeProps) -> Html {
    let certainty = props.source.evidence.certainty();
    html! {
        <span class={classes!("certainty", certainty_class(certainty))}
            title={certainty_title(props.source)}>
            <svg class="certainty-glyph" viewBox="0 0 12 12" aria-hidden="true">
                { glyph(certainty) }
            </svg>
            { certainty.label() }
            <span class="visually-hidden">{ format!(" ({})", certainty_title(props.source)) }</span>
        </span>
    }
}

/// A check for Apple's word, an eye for what was seen, a question mark for a guess.
fn glyph(certainty: Certainty) -> Html {
    match certainty {
        Certainty::Documented => html! {
            <path d="M2.5 6.3l2.3 2.3 4.7-5" fill="none" stroke="currentColor" stroke-width="1.8"
                stroke-linecap="round" stroke-linejoin="round" />
        },
        Certainty::Observed => html! {
            <>
                <path d="M1 6c1.3-2.3 3-3.5 5-3.5S9.7 3.7 11 6c-1.3 2.3-3 3.5-5 3.5S2.3 8.3 1 6z"
                    fill="none" stroke="currentColor" stroke-width="1.3" />
                <circle cx="6" cy="6" r="1.6" fill="currentColor" />
            </>
        },
        Certainty::Inferred => html! {
            <>
                <path d="M4.2 4.4a1.9 1.9 0 1 1 2.6 1.8c-.5.2-.8.6-.8 1.1v.4" fill="none"
                    stroke="currentColor" stroke-width="1.4" stroke-linecap="round" />
                <circle cx="6" cy="9.6" r="0.85" fill="currentColor" />
            </>
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::params::Evidence;

    #[test]
    fn three_distinct_classes_and_a_tooltip_with_the_reference() {
        let classes = [
            certainty_class(Certainty::Documented),
            certainty_class(Certainty::Observed),
            certainty_class(Certainty::Inferred),
        ];
        assert_eq!(
            classes,
            [
                "certainty-documented",
                "certainty-observed",
                "certainty-inferred"
            ]
        );
        let source = Source::new(Evidence::AppleDoc, "D-complete");
        assert_eq!(certainty_title(source), "Source: [APPLE-DOC] D-complete");
    }
}
