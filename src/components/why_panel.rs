//! "Why hasn't it run?": for a pending request, dasd's evaluation right now. The verdict in words,
//! CurrentScore against ThresholdScore, how the threshold was reached, and every policy's vote
//! with its reason, its certainty, and buttons that make the change that would lift a block.

mod words;

use words::{holds_back, threshold_story, verdict, when};

use crate::app::use_playground;
use crate::components::certainty::CertaintyBadge;
use crate::components::event_log::HistoryKey;
use crate::state::{Action, Selection};
use engine::scheduler::{Activity, Vote};
use engine::sim::Explanation;
use engine::time::Instant;
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// Which pending request to explain: the selected one if it is still pending (a pending serial,
/// or a timeline bar of a waiting request), else the oldest.
pub fn chosen(pending: &[Activity], selection: Option<&Selection>) -> Option<u64> {
    let selected = match selection {
        Some(Selection::Pending(serial)) => pending.iter().find(|a| a.serial == *serial),
        Some(Selection::Record(activity)) => pending.iter().find(|a| a.name == *activity),
        None => None,
    };
    selected.or(pending.first()).map(|activity| activity.serial)
}

/// The "why" panel.
#[component]
pub fn WhyPanel() -> Html {
    let state = use_playground();
    let sim = state.sim();
    let now = sim.now();
    let pending = sim.pending();
    let serial = chosen(pending, state.selection.as_ref());
    // Evaluated again when the history changes (an event, an input, or the quarter-hourly state
    // sample), not on every tick: the same answer, at a fraction of the cost while time runs;
    // and then in a frame of its own, right after the tick's.
    let key = crate::frames::use_caught_up((HistoryKey::of(&sim), serial), state.running);
    let explanation = use_memo(key, |(_, serial)| {
        serial
            .and_then(|serial| sim.explain(serial))
            .map(|explanation| Evaluated {
                explanation,
                at: now,
            })
    });
    let choose = {
        let state = state.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            if let Ok(serial) = select.value().parse() {
                state.dispatch(Action::Select(Some(Selection::Pending(serial))));
            }
        })
    };

    html! {
        <section class="card why-card" aria-labelledby="why-title">
            <h2 class="card-title" id="why-title">{ "Why hasn\u{2019}t it run?" }</h2>
            if pending.len() > 1 {
                <label class="why-choose">
                    <span class="why-choose-label">{ "Pending request" }</span>
                    <select class="why-select" onchange={choose}>
                        { for pending.iter().map(|activity| html! {
                            <option value={activity.serial.to_string()}
                                selected={Some(activity.serial) == serial}>
                                { format!("{} \u{b7} submitted {}", activity.identifier(),
                                    when(activity.submitted_at, now)) }
                            </option>
                        }) }
                    </select>
                </label>
            }
            { match &*explanation {
                Some(_) => html! { <Explained evaluated={explanation.clone()} /> },
                None => html! {
                    <p class="why-empty">
                        { "No request is pending. When the app submits one, this panel shows \
                           why it has not run yet: dasd\u{2019}s evaluation, vote by vote." }
                    </p>
                },
            } }
        </section>
    }
}

/// An evaluation and the virtual time it was made at.
#[derive(Debug, PartialEq)]
struct Evaluated {
    explanation: Explanation,
    at: Instant,
}

/// Props of [`Explained`].
#[derive(Properties)]
struct ExplainedProps {
    evaluated: Rc<Option<Evaluated>>,
}

impl PartialEq for ExplainedProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.evaluated, &other.evaluated)
    }
}

/// The verdict, the scores, the threshold's story and the votes of one evaluation.
#[component]
fn Explained(props: &ExplainedProps) -> Html {
    let Some(Evaluated {
        explanation,
        at: now,
    }) = &*props.evaluated
    else {
        return html! {};
    };
    let now = *now;
    let activity = &explanation.activity;
    let evaluation = &explanation.evaluation;
    let verdict = verdict(explanation, now);
    let threshold = evaluation.threshold.score;
    html! {
        <div class="why-body">
            <p class="why-request">
                <span class="why-identifier">{ activity.identifier() }</span>
                <span class="why-meta">
                    { format!("{} \u{b7} eligible from {} \u{b7} window ends {}",
                        activity.kind().request_class(),
                        when(activity.window_start, now),
                        when(activity.window_end, now)) }
                </span>
            </p>
            <div class={classes!("why-verdict", verdict.tone.class())} role="status">
                <p class="why-headline">{ &verdict.headline }</p>
                <p class="why-detail">{ &verdict.detail }</p>
            </div>
            if !explanation.waits_for_window {
                <div class="scores">
                    { score_row("CurrentScore", evaluation.current_score, Some(threshold), "score-current") }
                    { score_row("ThresholdScore", threshold, None, "score-threshold") }
                </div>
            }
            <ul class="threshold-story">
                { for threshold_story(&evaluation.threshold, activity, now)
                    .into_iter()
                    .map(|line| html! { <li>{ line }</li> }) }
            </ul>
            <h3 class="votes-title">{ "The votes" }</h3>
            <ul class="votes">
                { for by_weight_of_blame(&evaluation.votes).into_iter().map(vote_row) }
            </ul>
        </div>
    }
}

/// The votes to read first: those that block, then those that hold the score down, then the
/// rest, each group in dasd's order.
pub fn by_weight_of_blame(votes: &[Vote]) -> Vec<&Vote> {
    let mut sorted: Vec<&Vote> = votes.iter().collect();
    sorted.sort_by_key(|vote| (!vote.response.decision.blocks(), !holds_back(vote)));
    sorted
}

/// A labelled bar from 0 to 1, with a mark at `mark` (the threshold on the current score).
fn score_row(name: &'static str, score: f64, mark: Option<f64>, class: &'static str) -> Html {
    let width = format!("{:.2}", score.clamp(0.0, 1.0) * 100.0);
    html! {
        <div class={classes!("score-row", class)}>
            <span class="score-name">{ name }</span>
            <svg class="score-bar" viewBox="0 0 100 10" preserveAspectRatio="none" role="img"
                aria-label={format!("{name} {score:.2} of 1")}>
                <rect class="score-track" x="0" y="0" width="100" height="10" />
                <rect class="score-fill" x="0" y="0" width={width} height="10" />
                if let Some(mark) = mark {
                    <line class="score-mark" x1={format!("{:.2}", mark.clamp(0.0, 1.0) * 100.0)}
                        x2={format!("{:.2}", mark.clamp(0.0, 1.0) * 100.0)} y1="-2" y2="12" />
                }
            </svg>
            <span class="score-value">{ format!("{score:.2}") }</span>
        </div>
    }
}

/// One policy's vote: name, weight, decision and score, its reason, certainty and fixes.
fn vote_row(vote: &Vote) -> Html {
    let policy = vote.policy();
    let response = &vote.response;
    let blocks = response.decision.blocks();
    let fixes = if holds_back(vote) {
        response.rationale.fixes()
    } else {
        Vec::new()
    };
    html! {
        // Keyed by policy: when the order changes, the rows move instead of being rewritten.
        <li key={policy.name()} class={classes!("vote", blocks.then_some("is-blocking"), holds_back(vote).then_some("holds-back"))}>
            <div class="vote-head">
                <span class="vote-name">{ policy.name() }</span>
                if !policy.is_dasd_policy() {
                    <span class="vote-tag" title="Not a dasd policy: a setting the model enforces in the same shape">
                        { "modelled setting" }
                    </span>
                }
                <span class="vote-numbers">
                    <span class="vote-weight" title="Weight in the weighted mean">
                        { format!("weight {}", trim_number(vote.weight)) }
                    </span>
                    <span class={classes!("vote-decision", blocks.then_some("is-blocking"))}
                        title={response.decision.name()}>
                        { format!("{{{}, {:.2}}}", response.decision.code(), response.score) }
                    </span>
                </span>
            </div>
            <div class="vote-body">
                <p class="vote-words">{ response.rationale.plain() }</p>
                <CertaintyBadge source={response.source} />
            </div>
            if !fixes.is_empty() {
                <div class="vote-fixes">
                    { for fixes.into_iter().map(|fix| match fix.input {
                        Some(input) => html! { <FixButton label={fix.label} {input} /> },
                        None => html! { <span class="fix-advice">{ fix.label }</span> },
                    }) }
                </div>
            }
        </li>
    }
}

/// `50`, `2.5`, `0.25`: a weight without needless zeros.
fn trim_number(value: f64) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Props of [`FixButton`].
#[derive(Properties, PartialEq)]
struct FixButtonProps {
    label: &'static str,
    input: engine::scenario::Input,
}

/// A button that applies the change a fix names, now (it becomes an input of the scenario).
#[component]
fn FixButton(props: &FixButtonProps) -> Html {
    let state = use_playground();
    let onclick = {
        let input = props.input.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Apply(input.clone())))
    };
    html! {
        <button type="button" class="fix-button" {onclick}>{ props.label }</button>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::scenario::Scenario;
    use engine::sim::Sim;

    #[test]
    fn the_selected_request_is_explained_else_the_oldest() {
        let mut sim = Sim::new(&Scenario::default()).unwrap();
        assert_eq!(chosen(sim.pending(), None), None);
        while sim.pending().is_empty() {
            sim.step();
        }
        let first = sim.pending()[0].clone();
        assert_eq!(chosen(sim.pending(), None), Some(first.serial));
        let by_bar = Selection::Record(first.name.clone());
        assert_eq!(chosen(sim.pending(), Some(&by_bar)), Some(first.serial));
        let gone = Selection::Pending(first.serial + 1_000);
        assert_eq!(chosen(sim.pending(), Some(&gone)), Some(first.serial));
    }

    #[test]
    fn blocking_votes_come_first_then_low_scores() {
        let mut sim = Sim::new(&Scenario::default()).unwrap();
        while sim.pending().is_empty() {
            sim.step();
        }
        sim.push_input(engine::scenario::Input::SetAppBackgroundRefresh { on: false })
            .unwrap();
        let explanation = sim.explain(sim.pending()[0].serial).unwrap();
        let sorted = by_weight_of_blame(&explanation.evaluation.votes);
        assert_eq!(sorted.len(), explanation.evaluation.votes.len());
        assert!(sorted[0].response.decision.blocks());
        let first_content = sorted.iter().position(|v| !holds_back(v)).unwrap();
        assert!(sorted[first_content..].iter().all(|v| !holds_back(v)));
    }

    #[test]
    fn weights_read_without_needless_zeros() {
        assert_eq!(trim_number(50.0), "50");
        assert_eq!(trim_number(2.5), "2.5");
        assert_eq!(trim_number(0.25), "0.25");
    }
}
