//! The stance of a reply toward what it answers: **endorses** (thanks with a reason, agrees
//! and adds, cites the parent or its author approvingly), **neutral** (questions, bare
//! thanks, "+1", off-topic, plain information) or **contradicts** (corrects, disagrees,
//! mocks, warns others about the parent). French and English; `corpus/LABELING.md` has the
//! labeling rule.
//!
//! Two logistic regressions trained with linfa ([`train`]), endorses against the rest and
//! contradicts against the rest, over the stance cue features ([`features`], word lists in
//! `lexicons/stance/`) and the crate's hashed word and character n-grams of the reply
//! ([`crate::ngrams`]). The predicted stance is the more probable of the two when that
//! probability is at least 0.5, else neutral. The artifact (`models/stance.json`) is
//! embedded at build time like the credibility model, and versioned by its content.
//!
//! Prediction reads only the reply's text (not the parent's): one normalisation, the phrase
//! automaton and the n-gram hashing, a few microseconds per reply.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::model::{LinearTarget, TrainingInfo};
use crate::ngrams::{self, NGRAM_BUCKETS, NGRAM_SCHEMA};
use crate::score::Span;
use crate::text::{to_nfc, Normalized};

pub mod features;
pub(crate) mod lexicon;
pub mod report;
pub mod train;

pub use features::{StanceFeature, STANCE_FEATURES, STANCE_FEATURE_COUNT, STANCE_SCHEMA_VERSION};

/// The stance artifact format this build reads and writes.
pub const STANCE_ARTIFACT_FORMAT: &str = "credscore-stance/1";

/// The two regressions of a stance artifact, in [`StanceModel`] order.
pub const STANCE_REGRESSIONS: [&str; 2] = ["endorses", "contradicts"];

/// The stance model built into the binary (`models/stance.json` at build time); empty when
/// the build had none.
pub const DEFAULT_STANCE_ARTIFACT: &str =
    include_str!(concat!(env!("OUT_DIR"), "/stance-model.json"));

/// Evidence spans a prediction lists, at most.
const MAX_SPANS: usize = 20;

/// Where a reply stands toward what it answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stance {
    /// Thanks with a reason, agrees and adds, cites the parent or its author approvingly.
    Endorses,
    /// Questions, bare thanks, "+1", off-topic, plain information.
    Neutral,
    /// Corrects, disagrees, mocks, warns others about the parent.
    Contradicts,
}

impl Stance {
    /// The stance's name in the corpus and in score JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Stance::Endorses => "endorses",
            Stance::Neutral => "neutral",
            Stance::Contradicts => "contradicts",
        }
    }

    /// Reads a stance name (`endorses`, `neutral`, `contradicts`).
    pub fn parse(name: &str) -> Option<Stance> {
        match name {
            "endorses" => Some(Stance::Endorses),
            "neutral" => Some(Stance::Neutral),
            "contradicts" => Some(Stance::Contradicts),
            _ => None,
        }
    }

    /// The stance of the two probabilities: the larger if it is at least 0.5, else neutral.
    pub fn decide(endorses: f64, contradicts: f64) -> Stance {
        if endorses.max(contradicts) < 0.5 {
            Stance::Neutral
        } else if endorses >= contradicts {
            Stance::Endorses
        } else {
            Stance::Contradicts
        }
    }
}

/// The stance of one reply, with its evidence; also the `stance` field of `credscore score`
/// output for items that answer another (`parent_id`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StancePrediction {
    /// The predicted stance ([`Stance::decide`]).
    pub stance: Stance,
    /// Probability that the reply endorses what it answers.
    pub endorses: f64,
    /// Probability that the reply contradicts what it answers.
    pub contradicts: f64,
    /// The stance cues found, in text order (at most 20): characters `[start, end)` of the
    /// reply in NFC, and the cue (`thanks_with_reason`, `correction`, `warning`…) as signal.
    pub spans: Vec<Span>,
}

/// The `stance` field of `credscore score` output, present for an item with a `parent_id`
/// whose text the model can read (`supported`): the prediction and the stance model's
/// version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StanceOutput {
    /// The stance, its two probabilities and its evidence.
    #[serde(flatten)]
    pub prediction: StancePrediction,
    /// Version of the stance model that predicted.
    pub model_version: String,
}

/// Hash of everything that decides stance feature values short of the code: the schema
/// version, the feature names, the n-gram channel and the `lexicons/stance/` files.
pub fn stance_schema_hash() -> &'static str {
    static HASH: LazyLock<String> = LazyLock::new(|| {
        let mut hasher = Sha256::new();
        hasher.update(format!("stance schema {STANCE_SCHEMA_VERSION}\n"));
        for name in STANCE_FEATURES {
            hasher.update(format!("{name}\n"));
        }
        hasher.update(NGRAM_SCHEMA);
        hasher.update(format!(
            "\nlexicons {}\n",
            env!("CREDSCORE_STANCE_LEXICON_HASH")
        ));
        short_hex(&hasher.finalize())
    });
    &HASH
}

fn short_hex(digest: &[u8]) -> String {
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// The stance artifact, as stored in `models/stance.json`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct StanceArtifact {
    /// [`STANCE_ARTIFACT_FORMAT`].
    pub format: String,
    /// Content hash of everything that decides a prediction.
    pub version: String,
    /// [`stance_schema_hash`] at training.
    pub schema_hash: String,
    /// [`NGRAM_SCHEMA`] at training.
    pub ngram_schema: String,
    /// Feature names in vector order.
    pub features: Vec<String>,
    /// Per-feature mean of the training replies, for standardisation.
    pub mean: Vec<f64>,
    /// Per-feature standard deviation (1 when constant).
    pub scale: Vec<f64>,
    /// Parameters per regression ([`STANCE_REGRESSIONS`]).
    pub targets: BTreeMap<String, LinearTarget>,
    /// Where the model came from (`data_hash` of `corpus/stance/*.jsonl`).
    pub training: TrainingInfo,
    /// The training report (grouped cross-validation, frozen split).
    #[serde(default)]
    pub metrics: serde_json::Value,
}

/// Why a stance artifact cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum StanceError {
    /// Not JSON of the artifact's shape, or no built-in model.
    #[error("not a credscore stance artifact: {0}")]
    Parse(String),
    /// Another format, features, schema or n-gram channel than this build's.
    #[error("stance artifact does not fit this build: {0}; retrain it with `credscore train --only stance`")]
    Inconsistent(String),
    /// The content does not hash to the stated version.
    #[error("stance model version {stated} does not match its content (hash {computed})")]
    Version {
        /// The version stated.
        stated: String,
        /// The version the content hashes to.
        computed: String,
    },
}

impl StanceArtifact {
    /// The content hash that names the model.
    pub fn content_version(&self) -> String {
        let content = serde_json::json!({
            "format": self.format,
            "schema_hash": self.schema_hash,
            "ngram_schema": self.ngram_schema,
            "features": self.features,
            "mean": self.mean,
            "scale": self.scale,
            "targets": self.targets,
            "data_hash": self.training.data_hash,
            "l2_penalty": self.training.l2_penalty,
        });
        short_hex(&Sha256::digest(content.to_string().as_bytes()))
    }

    /// Reads an artifact and checks that it fits this build and its own version.
    pub fn from_json(json: &str) -> Result<Self, StanceError> {
        let artifact: StanceArtifact =
            serde_json::from_str(json).map_err(|e| StanceError::Parse(e.to_string()))?;
        artifact.check()?;
        Ok(artifact)
    }

    /// The artifact as stored (pretty JSON).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("artifact serialises")
    }

    fn check(&self) -> Result<(), StanceError> {
        let inconsistent = |what: &str| Err(StanceError::Inconsistent(what.to_string()));
        if self.format != STANCE_ARTIFACT_FORMAT {
            return inconsistent("another artifact format");
        }
        if self.ngram_schema != NGRAM_SCHEMA {
            return inconsistent("another n-gram channel");
        }
        if self.features != STANCE_FEATURES {
            return inconsistent("other feature names");
        }
        if self.mean.len() != STANCE_FEATURE_COUNT || self.scale.len() != STANCE_FEATURE_COUNT {
            return inconsistent("standardisation vectors of the wrong length");
        }
        for name in STANCE_REGRESSIONS {
            let Some(target) = self.targets.get(name) else {
                return inconsistent(&format!("regression {name} missing"));
            };
            if target.weights.len() != STANCE_FEATURE_COUNT
                || target
                    .ngram_weights
                    .0
                    .iter()
                    .any(|(b, w)| *b as usize >= NGRAM_BUCKETS || !w.is_finite())
            {
                return inconsistent(&format!("regression {name} has weights out of shape"));
            }
        }
        let computed = self.content_version();
        if computed != self.version {
            return Err(StanceError::Version {
                stated: self.version.clone(),
                computed,
            });
        }
        Ok(())
    }
}

/// A loaded stance model, laid out for fast prediction.
#[derive(Debug, Clone)]
pub struct StanceModel {
    artifact: StanceArtifact,
    /// Per regression: intercept with the standardisation folded in.
    bias: [f64; 2],
    /// Per regression: weight / scale of every feature.
    coefficients: [[f64; STANCE_FEATURE_COUNT]; 2],
    /// Per n-gram bucket, its row in `ngram_weights` (0: weighed by neither regression).
    ngram_slot: Vec<u16>,
    /// Both regressions' weights of one bucket side by side; row 0 is zeros.
    ngram_weights: Vec<[f32; 2]>,
}

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

fn round(value: f64) -> f64 {
    (value * 10_000.0).round() / 10_000.0
}

impl StanceModel {
    /// Checks an artifact and lays it out for prediction.
    pub fn new(artifact: StanceArtifact) -> Result<Self, StanceError> {
        artifact.check()?;
        lexicon::load();
        let mut bias = [0.0; 2];
        let mut coefficients = [[0.0; STANCE_FEATURE_COUNT]; 2];
        let mut ngram_slot = vec![0u16; NGRAM_BUCKETS];
        let mut ngram_weights = vec![[0.0f32; 2]];
        for (t, name) in STANCE_REGRESSIONS.iter().enumerate() {
            let target = &artifact.targets[*name];
            bias[t] = target.intercept;
            for (i, c) in coefficients[t].iter_mut().enumerate() {
                *c = target.weights[i] / artifact.scale[i];
                bias[t] -= *c * artifact.mean[i];
            }
            for &(bucket, weight) in &target.ngram_weights.0 {
                let slot = &mut ngram_slot[bucket as usize];
                if *slot == 0 {
                    if ngram_weights.len() > u16::MAX as usize {
                        return Err(StanceError::Inconsistent(
                            "too many weighted n-gram buckets".into(),
                        ));
                    }
                    *slot = ngram_weights.len() as u16;
                    ngram_weights.push([0.0; 2]);
                }
                ngram_weights[*slot as usize][t] = weight;
            }
        }
        Ok(StanceModel {
            artifact,
            bias,
            coefficients,
            ngram_slot,
            ngram_weights,
        })
    }

    /// The stance model compiled into this binary.
    pub fn builtin() -> Result<Self, StanceError> {
        if DEFAULT_STANCE_ARTIFACT.trim().is_empty() {
            return Err(StanceError::Parse(
                "this build has no built-in stance model: run `credscore train --only stance` and rebuild".into(),
            ));
        }
        Self::new(StanceArtifact::from_json(DEFAULT_STANCE_ARTIFACT)?)
    }

    /// The model's content-hash version.
    pub fn version(&self) -> &str {
        &self.artifact.version
    }

    /// The artifact the model was loaded from (its report is in `metrics`).
    pub fn artifact(&self) -> &StanceArtifact {
        &self.artifact
    }

    /// The `stance` field of a score: the prediction with this model's version.
    pub fn output(&self, prediction: StancePrediction) -> StanceOutput {
        StanceOutput {
            prediction,
            model_version: self.version().to_string(),
        }
    }

    /// The stance of a reply's text.
    pub fn predict(&self, text: &str) -> StancePrediction {
        let norm = Normalized::new(text);
        self.predict_normalized(text, &norm)
    }

    /// The stance of a reply already normalised (`norm` is `text` normalised, by
    /// [`Normalized::new`] or an extractor's `normalize`): spares a second normalisation to
    /// callers that score the same text.
    pub fn predict_normalized(&self, text: &str, norm: &Normalized) -> StancePrediction {
        let (endorses, contradicts, features) = self.probabilities(norm);
        let chars: Vec<char> = to_nfc(text).chars().collect();
        let mut spans: Vec<Span> = features
            .evidence
            .iter()
            .map(|&(feature, start, end)| Span {
                start,
                end,
                text: chars[start.min(chars.len())..end.min(chars.len())]
                    .iter()
                    .collect(),
                signal: STANCE_FEATURES[feature as usize].to_string(),
            })
            .collect();
        spans.sort_by_key(|s| (s.start, s.end));
        spans.dedup_by(|a, b| a.start == b.start && a.end == b.end && a.signal == b.signal);
        spans.truncate(MAX_SPANS);
        StancePrediction {
            stance: Stance::decide(endorses, contradicts),
            endorses: round(endorses),
            contradicts: round(contradicts),
            spans,
        }
    }

    /// The two probabilities (endorses, contradicts), unrounded, and the features read.
    pub(crate) fn probabilities(&self, norm: &Normalized) -> (f64, f64, features::StanceFeatures) {
        let features = features::extract(norm);
        let grams = ngrams::extract(norm);
        let mut logits = self.bias;
        for &(bucket, value) in &grams.entries {
            let weights = &self.ngram_weights[self.ngram_slot[bucket as usize] as usize];
            logits[0] += (value * weights[0]) as f64;
            logits[1] += (value * weights[1]) as f64;
        }
        for (t, logit) in logits.iter_mut().enumerate() {
            *logit += self.coefficients[t]
                .iter()
                .zip(&features.values)
                .map(|(c, v)| c * v)
                .sum::<f64>();
        }
        (sigmoid(logits[0]), sigmoid(logits[1]), features)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use super::*;

    static MODEL: LazyLock<StanceModel> =
        LazyLock::new(|| StanceModel::builtin().expect("built-in stance model: run `make train`"));

    #[test]
    fn decide_takes_the_larger_probability_from_one_half() {
        assert_eq!(Stance::decide(0.9, 0.2), Stance::Endorses);
        assert_eq!(Stance::decide(0.6, 0.7), Stance::Contradicts);
        assert_eq!(Stance::decide(0.49, 0.3), Stance::Neutral);
        assert_eq!(Stance::decide(0.5, 0.1), Stance::Endorses);
        for s in [Stance::Endorses, Stance::Neutral, Stance::Contradicts] {
            assert_eq!(Stance::parse(s.as_str()), Some(s));
        }
        assert_eq!(Stance::parse("agrees"), None);
    }

    #[test]
    fn clear_replies_get_their_stance_in_both_languages() {
        // Written for this test, not taken from the corpus.
        let cases = [
            ("Thank you Leila, your checklist for moderating comments saved our team hours this week. We adopted it as is.", Stance::Endorses),
            ("Merci Paul, ta méthode pour répondre aux avis négatifs a vraiment changé notre façon de faire. On l'applique depuis un mois.", Stance::Endorses),
            ("Sorry but this is simply wrong: the figure you quote has no source at all. Please don't repeat it.", Stance::Contradicts),
            ("Attention, c'est faux: ce chiffre ne vient d'aucune étude. Méfiez-vous de ce genre de promesse.", Stance::Contradicts),
            ("What time zone do you post in?", Stance::Neutral),
            ("Tu utilises quel outil pour planifier ?", Stance::Neutral),
        ];
        for (text, expected) in cases {
            let p = MODEL.predict(text);
            assert_eq!(p.stance, expected, "{text}: {p:?}");
        }
    }

    #[test]
    fn spans_point_at_the_cues() {
        let text = "Great post, but the figure is wrong 🙄";
        let p = MODEL.predict(text);
        let chars: Vec<char> = text.chars().collect();
        for span in &p.spans {
            assert_eq!(
                chars[span.start..span.end].iter().collect::<String>(),
                span.text
            );
        }
        let signals: Vec<&str> = p.spans.iter().map(|s| s.signal.as_str()).collect();
        for expected in [
            "praise",
            "contrast",
            "praise_then_contrast",
            "correction",
            "mocking",
        ] {
            assert!(signals.contains(&expected), "{expected} not in {signals:?}");
        }
        assert_eq!(p.stance, Stance::Contradicts, "{p:?}");
    }

    #[test]
    fn an_edited_artifact_is_refused() {
        let mut artifact = MODEL.artifact().clone();
        artifact.targets.get_mut("endorses").unwrap().intercept += 1.0;
        let json = artifact.to_json();
        assert!(matches!(
            StanceArtifact::from_json(&json),
            Err(StanceError::Version { .. })
        ));
        let mut renamed = MODEL.artifact().clone();
        renamed.features[0] = "gratitude".into();
        assert!(matches!(
            StanceModel::new(renamed),
            Err(StanceError::Inconsistent(_))
        ));
    }
}
