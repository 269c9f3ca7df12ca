//! The scoring contract of `credscore score`: one JSON object per item.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::features::{Cue, Extractor, FEATURES};
use crate::item::{Item, Kind};
use crate::lang::Lang;
use crate::model::{contribution_by_cue, Model};

/// Evidence spans listed per explanation, at most.
const MAX_SPANS: usize = 20;

/// Cue scores in [0, 1]; higher means more of that problem.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CueScores {
    /// Probability that the item promotes its author.
    pub self_promotion: f64,
    /// Probability that the item makes claims no one can check.
    pub unverifiable_claims: f64,
    /// Probability that the item is badly written.
    pub writing_errors: f64,
}

/// The characters `[start, end)` of the text that triggered a signal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Span {
    /// First character of the evidence in the item's text.
    pub start: usize,
    /// Character just after the evidence.
    pub end: usize,
    /// The evidence itself, so readers need not slice the text.
    pub text: String,
    /// The feature it counted for (`contact_call`, `misspelling`…).
    pub signal: String,
}

/// Why a cue moved the score: its contribution to the credibility log-odds (negative lowers
/// credibility) and the evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    /// The cue's name (`self_promotion`, …, `positive_evidence`).
    pub cue: String,
    /// How much the cue's features moved the credibility log-odds.
    pub contribution: f64,
    /// The cue's own probability (absent for positive evidence, which is not a problem cue).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probability: Option<f64>,
    /// The evidence, in text order, at most 20.
    pub spans: Vec<Span>,
}

/// One scored item, exactly the `credscore score` output contract.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreOutput {
    /// The item's id.
    pub id: String,
    /// The language the text was read in (`fr`, `en`, `other`).
    pub lang: String,
    /// Probability that the item is credible, in [0, 1].
    pub credibility: f64,
    /// The problem cues' probabilities.
    pub cues: CueScores,
    /// Why: the cues that moved the score, largest contribution first.
    pub explanations: Vec<Explanation>,
    /// Version of the model that scored, so scores of two models are never mixed.
    pub model_version: String,
}

fn round(value: f64) -> f64 {
    (value * 10_000.0).round() / 10_000.0
}

/// Extractor and model together: what every entry point uses to score an item.
#[derive(Debug, Clone)]
pub struct Scorer {
    extractor: Extractor,
    model: Arc<Model>,
}

impl Scorer {
    /// A scorer extracting with `extractor` and predicting with `model`.
    pub fn new(extractor: Extractor, model: Arc<Model>) -> Self {
        Scorer { extractor, model }
    }

    /// The model scores come from (its version is stored with them).
    pub fn model(&self) -> &Arc<Model> {
        &self.model
    }

    /// The extractor, for callers that need features without a score.
    pub fn extractor(&self) -> &Extractor {
        &self.extractor
    }

    /// A scorer with another model and the same dictionaries.
    pub fn with_model(&self, model: Arc<Model>) -> Self {
        Scorer {
            extractor: self.extractor.clone(),
            model,
        }
    }

    /// Scores one item: extracts its features, predicts, and explains the prediction with
    /// the evidence of each cue; what every entry point stores or prints.
    pub fn score(&self, item: &Item) -> ScoreOutput {
        let hint = item.lang.as_deref().and_then(Lang::from_hint);
        let extracted = self
            .extractor
            .extract(&item.text, hint, item.kind == Kind::Comment);
        let prediction = self.model.predict(&extracted);
        let chars: Vec<char> = item.text.chars().collect();
        let problem_cues = [
            (Cue::SelfPromotion, Some(prediction.probabilities[0])),
            (Cue::UnverifiableClaims, Some(prediction.probabilities[1])),
            (Cue::WritingErrors, Some(prediction.probabilities[2])),
            (Cue::PositiveEvidence, None),
        ];
        let mut explanations = Vec::new();
        for (cue, probability) in problem_cues {
            let mut spans: Vec<Span> = extracted
                .evidence
                .iter()
                .filter(|e| FEATURES[e.feature as usize].1 == cue)
                .map(|e| Span {
                    start: e.start,
                    end: e.end,
                    text: chars[e.start.min(chars.len())..e.end.min(chars.len())]
                        .iter()
                        .collect(),
                    signal: FEATURES[e.feature as usize].0.to_string(),
                })
                .collect();
            if spans.is_empty() {
                continue;
            }
            spans.sort_by_key(|s| (s.start, s.end));
            spans.dedup_by(|a, b| a.start == b.start && a.end == b.end);
            spans.truncate(MAX_SPANS);
            explanations.push(Explanation {
                cue: cue.as_str().to_string(),
                contribution: round(contribution_by_cue(&prediction, cue)),
                probability: probability.map(round),
                spans,
            });
        }
        explanations.sort_by(|a, b| b.contribution.abs().total_cmp(&a.contribution.abs()));
        ScoreOutput {
            id: item.id.clone(),
            lang: extracted.lang.as_str().to_string(),
            credibility: round(prediction.probabilities[3]),
            cues: CueScores {
                self_promotion: round(prediction.probabilities[0]),
                unverifiable_claims: round(prediction.probabilities[1]),
                writing_errors: round(prediction.probabilities[2]),
            },
            explanations,
            model_version: self.model.version().to_string(),
        }
    }
}
