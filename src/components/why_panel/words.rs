//! The "why" panel's sentences, made from an [`Explanation`]: the verdict, the threshold's story,
//! and which votes deserve a fix. Pure, so it is tested natively.

use engine::scheduler::{Activity, Decision, Threshold, Vote};
use engine::sim::Explanation;
use engine::time::Instant;

/// How the verdict reads: good news, a wait, or a block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    /// It runs (or would run) now.
    Go,
    /// It waits for time to pass or conditions to improve.
    Wait,
    /// A policy forbids it now.
    Blocked,
}

impl Tone {
    /// The CSS class.
    pub fn class(self) -> &'static str {
        match self {
            Tone::Go => "is-go",
            Tone::Wait => "is-wait",
            Tone::Blocked => "is-blocked",
        }
    }
}

/// The verdict in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// One line.
    pub headline: String,
    /// What it means.
    pub detail: String,
    /// How it reads.
    pub tone: Tone,
}

/// `08:25`, or `Tue 08:25` when `t` is not on `now`'s day.
pub fn when(t: Instant, now: Instant) -> String {
    if t.day_number() == now.day_number() {
        t.hh_mm()
    } else {
        format!("{} {}", t.weekday().short_name(), t.hh_mm())
    }
}

/// Joins names as people list them: `A`, `A and B`, `A, B and C`.
fn list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The verdict on a pending request, evaluated at `now`.
pub fn verdict(explanation: &Explanation, now: Instant) -> Verdict {
    let evaluation = &explanation.evaluation;
    let current = evaluation.current_score;
    let threshold = evaluation.threshold.score;
    if explanation.waits_for_window {
        return Verdict {
            headline: format!(
                "Waiting for its earliestBeginDate ({})",
                when(explanation.activity.window_start, now)
            ),
            detail: "dasd does not consider a request before its earliestBeginDate; after it, \
                     the policies below decide."
                .into(),
            tone: Tone::Wait,
        };
    }
    let blocking: Vec<&str> = evaluation
        .blocking()
        .map(|vote| vote.policy().name())
        .collect();
    if !blocking.is_empty() {
        return Verdict {
            headline: format!("Blocked by {}", list(&blocking)),
            detail: format!(
                "A blocking vote (code {}) overrides every score: nothing runs until it lifts.",
                evaluation.final_decision.code()
            ),
            tone: Tone::Blocked,
        };
    }
    if matches!(
        evaluation.final_decision,
        Decision::MustProceed | Decision::AbsolutelyMustProceed
    ) {
        return Verdict {
            headline: "A policy says it must run now".into(),
            detail: "A must-proceed vote wins over the scores: dasd launches it at once.".into(),
            tone: Tone::Go,
        };
    }
    if evaluation.run {
        Verdict {
            headline: format!("Ready: score {current:.2} is above the threshold {threshold:.2}"),
            detail: "dasd launches it at its next evaluation.".into(),
            tone: Tone::Go,
        }
    } else {
        Verdict {
            headline: format!(
                "Score {current:.2} is below the threshold {threshold:.2}: dasd waits for a better moment"
            ),
            detail: "The threshold relaxes as the window passes, so a worse moment is accepted \
                     later; better conditions (the votes below) raise the score now."
                .into(),
            tone: Tone::Wait,
        }
    }
}

/// How the threshold was reached, sentence by sentence.
pub fn threshold_story(threshold: &Threshold, activity: &Activity, now: Instant) -> Vec<String> {
    if threshold.bypass {
        return vec![format!(
            "This request bypasses predictions (priority {}): the threshold is {:.2}, so any \
             score that no policy blocks runs it.",
            activity.priority.label(),
            threshold.score
        )];
    }
    let mut story = vec![format!(
        "ThresholdScore {:.2} = the best score dasd predicts in the window, {:.2} (around {}), \
         \u{d7} a relaxation factor of {:.3}.",
        threshold.score,
        threshold.optimal_score,
        when(threshold.optimal_at, now),
        threshold.factor
    )];
    story.push(match threshold.slot {
        None => format!(
            "Until that predicted best moment the factor stays at {:.3} (priority {}).",
            activity.priority.pre_optimal_factor(),
            activity.priority.label()
        ),
        Some(0) => format!(
            "The predicted best moment has passed: from now to the window's end ({}) the factor \
             relaxes from {:.3} to {:.3}.",
            when(activity.window_end, now),
            threshold.factor,
            activity.priority.relaxation_factor(10)
        ),
        Some(slot) => format!(
            "{slot}/10 of the way from that moment to the window's end ({}), the factor has \
             relaxed to {:.3}; it reaches {:.3} at the end.",
            when(activity.window_end, now),
            threshold.factor,
            activity.priority.relaxation_factor(10)
        ),
    });
    if threshold.relaxed_for_running {
        story.push(
            "A compatible activity of the app is running, so the threshold is relaxed \u{d7}0.9."
                .into(),
        );
    }
    story
}

/// Whether a vote holds the request back: it blocks, or its score drags the mean down.
pub fn holds_back(vote: &Vote) -> bool {
    vote.response.decision.blocks()
        || (vote.response.decision == Decision::CanProceed && vote.response.score < 0.5)
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::scenario::{Input, Scenario};
    use engine::sim::Sim;
    use engine::time::Duration;

    /// The default app after its first visit: one refresh request pending.
    fn submitted() -> Sim {
        let mut sim = Sim::new(&Scenario::default()).unwrap();
        while sim.pending().is_empty() {
            sim.step();
        }
        sim
    }

    fn explain(sim: &Sim) -> Explanation {
        sim.explain(sim.pending()[0].serial).unwrap()
    }

    #[test]
    fn before_its_earliest_begin_date_it_waits_for_the_window() {
        let sim = submitted();
        let explanation = explain(&sim);
        let verdict = verdict(&explanation, sim.now());
        assert_eq!(verdict.tone, Tone::Wait);
        assert_eq!(
            verdict.headline,
            format!(
                "Waiting for its earliestBeginDate ({})",
                explanation.activity.window_start.hh_mm()
            )
        );
    }

    #[test]
    fn a_switched_off_refresh_is_blocked_and_the_vote_offers_the_switch() {
        let mut sim = submitted();
        sim.push_input(Input::SetAppBackgroundRefresh { on: false })
            .unwrap();
        sim.advance_by(Duration::from_mins(20));
        let explanation = explain(&sim);
        let verdict = verdict(&explanation, sim.now());
        assert_eq!(verdict.tone, Tone::Blocked);
        assert_eq!(
            verdict.headline,
            "Blocked by Background App Refresh Setting"
        );
        let blocking: Vec<&Vote> = explanation.evaluation.blocking().collect();
        assert!(blocking.iter().all(|vote| holds_back(vote)));
        let fixes = blocking[0].response.rationale.fixes();
        assert!(fixes
            .iter()
            .any(|fix| fix.input == Some(Input::SetAppBackgroundRefresh { on: true })));
    }

    #[test]
    fn the_threshold_story_names_the_optimal_moment_and_the_factor() {
        let mut sim = submitted();
        sim.advance_by(Duration::from_mins(20));
        let explanation = explain(&sim);
        let story = threshold_story(
            &explanation.evaluation.threshold,
            &explanation.activity,
            sim.now(),
        );
        assert!(story[0].starts_with("ThresholdScore"), "{story:?}");
        assert!(story[0].contains("relaxation factor"), "{story:?}");
        assert_eq!(story.len(), 2);
    }

    #[test]
    fn names_are_listed_in_plain_english() {
        assert_eq!(list(&["A"]), "A");
        assert_eq!(list(&["A", "B"]), "A and B");
        assert_eq!(list(&["A", "B", "C"]), "A, B and C");
    }

    #[test]
    fn times_on_another_day_name_the_day() {
        let now = Instant::from_millis(8 * 3_600_000);
        assert_eq!(when(now + Duration::from_hours(1), now), "09:00");
        assert_eq!(when(now + Duration::from_days(1), now), "Fri 08:00");
    }
}
