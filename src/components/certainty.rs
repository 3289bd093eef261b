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
            { certainty.label() }
            <span class="visually-hidden">{ format!(" ({})", certainty_title(props.source)) }</span>
        </span>
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
