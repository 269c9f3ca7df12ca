//! The credibility model: five logistic regressions trained with linfa over the cue features
//! (standardised) and the hashed n-gram channel ([`crate::ngrams`]), stored as a versioned
//! JSON artifact.
//!
//! The regressions are the three problem cues, **credible** (fitted on the items that carry
//! evidence either way) and **evidence** (whether an item carries any: labeled promotional,
//! claiming, badly written or credible, as opposed to a neutral "Thanks for sharing!").
//!
//! The credibility a score reports is the evidence-weighted mixture
//!
//! ```text
//! credibility = base_rate + evidence_weight · (p_credible − base_rate)
//! ```
//!
//! where `evidence_weight` is the evidence regression's probability and `base_rate` the share
//! of credible items in the training corpus: a text with no evidence either way stays near the
//! base rate instead of being called not credible, and weighs little in its author's score.
//! The evidence regression is trained on every item (label: any of the four labels positive)
//! and its intercept is then lowered by the training corpus's log odds of evidence, so that
//! its probability is what the text itself says against even odds rather than the corpus's
//! (neutral items are rarer in the corpus than in real threads): short neutral comments such
//! as "Thanks for sharing!" get a weight near 0, promotional, claiming, badly written or
//! credible texts one near 1. The credible regression is fitted on the items with evidence
//! only, so that it learns what makes a text credible, not that short comments are neutral.
//!
//! The reported probabilities of the three cues and of credible-given-evidence then go
//! through the artifact's calibrators ([`crate::calibration`]: isotonic regression, Platt
//! scaling or beta calibration, whichever training found closest), fitted on out-of-fold
//! predictions, so that a score of 0.8 means about 80 %. The evidence weight itself is not
//! recalibrated: it decides how much a text counts, not a probability anyone reads.
//!
//! Scoring is a dot product per target over the cue features plus the weights of the item's
//! active n-gram buckets, done here with the learned parameters, so that each cue feature's
//! contribution can be reported (the explanation) at no extra cost.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};

use crate::calibration::Calibrator;
use crate::features::{Cue, Extracted, FEATURES, FEATURE_COUNT, FEATURE_SCHEMA_VERSION};
use crate::ngrams::{NgramVector, NGRAM_BUCKETS, NGRAM_SCHEMA};

/// What the model predicts: the three problem cues, then overall credibility.
pub const TARGETS: [&str; 4] = [
    "self_promotion",
    "unverifiable_claims",
    "writing_errors",
    "credible",
];
/// Index of overall credibility in [`TARGETS`].
pub const CREDIBLE: usize = 3;
/// The fifth regression: whether a text carries evidence either way (any label positive).
pub const EVIDENCE: &str = "evidence";
/// Every regression of an artifact, in the order [`Model`] lays them out.
pub const REGRESSIONS: [&str; 5] = [
    "self_promotion",
    "unverifiable_claims",
    "writing_errors",
    "credible",
    EVIDENCE,
];
/// The artifact format this build reads and writes; another one is refused.
/// Format 2 added the n-gram channel, the evidence regression and the base rate.
pub const ARTIFACT_FORMAT: &str = "credscore-model/2";

/// The model built into the binary (`models/default.json` at build time), so `credscore
/// score` works with no setup. Empty when the build had no trained model.
pub const DEFAULT_ARTIFACT: &str = include_str!(concat!(env!("OUT_DIR"), "/default-model.json"));

/// Hash of everything that decides feature values short of the code itself: the feature
/// schema version, the features' names and cues, the n-gram channel's description
/// ([`NGRAM_SCHEMA`]) and the contents of every lexicon file. Stored in artifacts and reports;
/// a test fails when the built-in model was trained under another one.
pub fn feature_schema_hash() -> &'static str {
    static HASH: LazyLock<String> = LazyLock::new(|| {
        let mut hasher = Sha256::new();
        hasher.update(format!("schema {FEATURE_SCHEMA_VERSION}\n"));
        for (name, cue) in FEATURES {
            hasher.update(format!("{name} {}\n", cue.as_str()));
        }
        hasher.update(NGRAM_SCHEMA);
        hasher.update(format!("\nlexicons {}\n", env!("CREDSCORE_LEXICON_HASH")));
        short_hex(&hasher.finalize())
    });
    &HASH
}

fn short_hex(digest: &[u8]) -> String {
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// Weights of the active n-gram buckets only, as `(bucket, weight)` in bucket order. Stored
/// as one string of `bucket:weight` pairs (weights at f32 precision), which keeps the
/// artifact compact and readable.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SparseWeights(pub Vec<(u32, f32)>);

impl Serialize for SparseWeights {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text: Vec<String> = self.0.iter().map(|(b, w)| format!("{b}:{w}")).collect();
        serializer.serialize_str(&text.join(" "))
    }
}

impl<'de> Deserialize<'de> for SparseWeights {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.split_whitespace()
            .map(|pair| {
                let (b, w) = pair.split_once(':').ok_or_else(|| {
                    serde::de::Error::custom("n-gram weight is not bucket:weight")
                })?;
                Ok((
                    b.parse().map_err(serde::de::Error::custom)?,
                    w.parse().map_err(serde::de::Error::custom)?,
                ))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(SparseWeights)
    }
}

/// Learned parameters of one regression.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct LinearTarget {
    /// Bias of the logistic regression.
    pub intercept: f64,
    /// One weight per cue feature, in [`FEATURES`] order, over standardised values.
    pub weights: Vec<f64>,
    /// Weights of the n-gram buckets, over the values [`crate::ngrams::extract`] produces
    /// (the channel's scale at training is folded in); empty for a cue-only model.
    #[serde(default)]
    pub ngram_weights: SparseWeights,
    /// L2 penalty this regression was fitted with.
    #[serde(default)]
    pub l2_penalty: f64,
    /// Factor the n-gram values were multiplied by at training (the channel's strength
    /// relative to the standardised cues under the same penalty; 0 when unused).
    #[serde(default)]
    pub ngram_scale: f64,
}

/// Where the model came from.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TrainingInfo {
    /// SHA-256 of the training files' lines, in path order (what
    /// [`crate::train::load_labeled`] returns).
    pub data_hash: String,
    /// Labeled items trained on.
    pub items: usize,
    /// L2 regularisation strength given to training (each regression's own is in its
    /// [`LinearTarget`]).
    pub l2_penalty: f64,
    /// When training ran (RFC 3339).
    pub created_at: String,
    /// Hash of the features extracted from the training items (cues and n-grams): changes
    /// when extraction code changes what it computes on the corpus.
    #[serde(default)]
    pub features_fingerprint: String,
}

/// The versioned model artifact, as stored on disk and in the model registry.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ModelArtifact {
    /// [`ARTIFACT_FORMAT`]: how to read the rest.
    pub format: String,
    /// Content hash of everything that decides a score (features, parameters, data hash).
    pub version: String,
    /// [`FEATURE_SCHEMA_VERSION`] at training: a model is refused by a build extracting another.
    pub feature_schema_version: u32,
    /// [`feature_schema_hash`] at training (features, n-gram channel, lexicons).
    #[serde(default)]
    pub feature_schema_hash: String,
    /// [`NGRAM_SCHEMA`] at training: a model is refused by a build hashing n-grams otherwise.
    #[serde(default)]
    pub ngram_schema: String,
    /// Feature names in vector order, checked against this build's.
    pub features: Vec<String>,
    /// Per-feature mean of the training data, for standardisation.
    pub mean: Vec<f64>,
    /// Per-feature standard deviation of the training data (1 when constant).
    pub scale: Vec<f64>,
    /// Share of credible items in the training corpus: the credibility of a text with no
    /// evidence either way, and of a text the model cannot judge.
    #[serde(default)]
    pub base_rate: f64,
    /// Parameters per regression name ([`REGRESSIONS`]).
    pub targets: BTreeMap<String, LinearTarget>,
    /// Where the model came from.
    pub training: TrainingInfo,
    /// Calibrators per target name ([`TARGETS`]; `credible` maps the credible
    /// regression's probability, before shrinking toward the base rate). Empty: the raw
    /// probabilities are reported (models trained before calibration).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub calibration: BTreeMap<String, Calibrator>,
    /// The training report (grouped cross-validation, frozen split, ablation).
    #[serde(default)]
    pub metrics: serde_json::Value,
}

/// Why a model artifact cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// Not JSON of the artifact's shape (or no built-in model); what went wrong.
    #[error("not a credscore model artifact: {0}")]
    Parse(String),
    /// Another artifact format.
    #[error("model artifact format {found:?} is not supported (expected {ARTIFACT_FORMAT}): retrain it with `credscore train`")]
    Format {
        /// The artifact's format.
        found: String,
    },
    /// Trained on features this build does not extract.
    #[error("model was trained on feature schema {found}, this build extracts schema {FEATURE_SCHEMA_VERSION}: retrain it with `credscore train`")]
    Schema {
        /// The artifact's feature schema version.
        found: u32,
    },
    /// Names, vector lengths or targets do not fit this build; which.
    #[error("model artifact is inconsistent: {0}")]
    Inconsistent(String),
    /// The content does not hash to the stated version: the file was edited.
    #[error("model version {stated} does not match its content (hash {computed}): the artifact was modified")]
    Version {
        /// The version the artifact states.
        stated: String,
        /// The version its content hashes to.
        computed: String,
    },
}

impl ModelArtifact {
    /// Computes the content hash that names this model.
    pub fn content_version(&self) -> String {
        let mut hasher = Sha256::new();
        let mut content = serde_json::json!({
            "format": self.format,
            "feature_schema_version": self.feature_schema_version,
            "feature_schema_hash": self.feature_schema_hash,
            "ngram_schema": self.ngram_schema,
            "features": self.features,
            "mean": self.mean,
            "scale": self.scale,
            "base_rate": self.base_rate,
            "targets": self.targets,
            "data_hash": self.training.data_hash,
            "l2_penalty": self.training.l2_penalty,
        });
        // Only when present, so that models trained before calibration keep their versions.
        if !self.calibration.is_empty() {
            content["calibration"] = serde_json::json!(self.calibration);
        }
        hasher.update(content.to_string().as_bytes());
        short_hex(&hasher.finalize())
    }

    /// Reads an artifact and checks it fits this build and its own version.
    pub fn from_json(json: &str) -> Result<Self, ModelError> {
        let artifact: ModelArtifact =
            serde_json::from_str(json).map_err(|e| ModelError::Parse(e.to_string()))?;
        artifact.check()?;
        Ok(artifact)
    }

    /// The artifact as stored on disk and in the registry (pretty JSON).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("artifact serialises")
    }

    fn check(&self) -> Result<(), ModelError> {
        if self.format != ARTIFACT_FORMAT {
            return Err(ModelError::Format {
                found: self.format.clone(),
            });
        }
        if self.feature_schema_version != FEATURE_SCHEMA_VERSION {
            return Err(ModelError::Schema {
                found: self.feature_schema_version,
            });
        }
        if self.ngram_schema != NGRAM_SCHEMA {
            return Err(ModelError::Inconsistent(
                "the n-gram channel differs from this build's: retrain it with `credscore train`"
                    .into(),
            ));
        }
        let names: Vec<&str> = FEATURES.iter().map(|(name, _)| *name).collect();
        if self.features != names {
            return Err(ModelError::Inconsistent(
                "feature names differ from this build's".into(),
            ));
        }
        if self.mean.len() != FEATURE_COUNT || self.scale.len() != FEATURE_COUNT {
            return Err(ModelError::Inconsistent(
                "standardisation vectors have the wrong length".into(),
            ));
        }
        if !(0.0..=1.0).contains(&self.base_rate) {
            return Err(ModelError::Inconsistent(
                "the base rate is not a probability".into(),
            ));
        }
        for target in REGRESSIONS {
            let Some(t) = self.targets.get(target) else {
                return Err(ModelError::Inconsistent(format!(
                    "target {target} is missing"
                )));
            };
            if t.weights.len() != FEATURE_COUNT {
                return Err(ModelError::Inconsistent(format!(
                    "target {target} has the wrong number of weights"
                )));
            }
            if t.ngram_weights
                .0
                .iter()
                .any(|(b, w)| *b as usize >= NGRAM_BUCKETS || !w.is_finite())
            {
                return Err(ModelError::Inconsistent(format!(
                    "target {target} has an n-gram weight out of range"
                )));
            }
        }
        for (target, c) in &self.calibration {
            if !TARGETS.contains(&target.as_str()) || !c.is_valid() {
                return Err(ModelError::Inconsistent(format!(
                    "calibration of {target} is not a monotone curve over a known target"
                )));
            }
        }
        let computed = self.content_version();
        if computed != self.version {
            return Err(ModelError::Version {
                stated: self.version.clone(),
                computed,
            });
        }
        Ok(())
    }
}

/// Number of regressions a model evaluates per item.
const R: usize = REGRESSIONS.len();
/// Index of the evidence regression.
const EVIDENCE_INDEX: usize = 4;

/// A loaded model, laid out for fast scoring.
#[derive(Debug, Clone)]
pub struct Model {
    artifact: ModelArtifact,
    /// Per regression: intercept adjusted for centring, and weight / scale per feature, so
    /// that logit = bias + Σ coefficient·x + Σ n-gram weights, and the contribution of
    /// feature i is coefficient_i·x_i.
    bias: [f64; R],
    coefficients: [[f64; FEATURE_COUNT]; R],
    /// Per n-gram bucket, its row in `ngram_weights` (0: no regression weighs it). A small
    /// table (2 bytes a bucket) that stays in cache, where a full one would not.
    ngram_slot: Vec<u16>,
    /// The five regressions' weights of one bucket side by side; row 0 is all zeros.
    ngram_weights: Vec<[f32; R]>,
    /// Per target ([`TARGETS`] order), its calibrator, if the artifact has one.
    calibrators: [Option<Calibrator>; 4],
}

/// Scores of one item before they are shaped for output.
#[derive(Debug, Clone)]
pub struct Prediction {
    /// Probability per target, in [`TARGETS`] order; credibility is the evidence-weighted
    /// one (see the module documentation).
    pub probabilities: [f64; 4],
    /// Probability that the item is credible if it carries evidence (the credible
    /// regression alone, before shrinking toward the base rate).
    pub credible_given_evidence: f64,
    /// How much evidence either way the text carries, in [0, 1]: the evidence regression's
    /// probability; 0 for a text the model cannot judge.
    pub evidence_weight: f64,
    /// Contribution of each feature to the credible regression's logit (0 when absent).
    pub credibility_contributions: [f64; FEATURE_COUNT],
    /// Contribution of each feature to its own cue's logit.
    pub cue_contributions: [f64; FEATURE_COUNT],
    /// Contribution of the n-gram channel to each regression's logit, in [`REGRESSIONS`]
    /// order.
    pub ngram_contributions: [f64; R],
}

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

impl Model {
    /// Checks an artifact and lays its parameters out for scoring (standardisation folded
    /// into the coefficients, n-gram weights spread into a per-bucket table).
    pub fn new(artifact: ModelArtifact) -> Result<Self, ModelError> {
        artifact.check()?;
        let mut bias = [0.0; R];
        let mut coefficients = [[0.0; FEATURE_COUNT]; R];
        let mut ngram_slot = vec![0u16; NGRAM_BUCKETS];
        let mut ngram_weights = vec![[0.0f32; R]];
        for (t, name) in REGRESSIONS.iter().enumerate() {
            let target = &artifact.targets[*name];
            bias[t] = target.intercept;
            for (i, coefficient) in coefficients[t].iter_mut().enumerate() {
                *coefficient = target.weights[i] / artifact.scale[i];
                bias[t] -= *coefficient * artifact.mean[i];
            }
            for &(bucket, weight) in &target.ngram_weights.0 {
                let slot = &mut ngram_slot[bucket as usize];
                if *slot == 0 {
                    if ngram_weights.len() > u16::MAX as usize {
                        return Err(ModelError::Inconsistent(
                            "too many weighted n-gram buckets".into(),
                        ));
                    }
                    *slot = ngram_weights.len() as u16;
                    ngram_weights.push([0.0; R]);
                }
                ngram_weights[*slot as usize][t] = weight;
            }
        }
        let calibrators = std::array::from_fn(|t| artifact.calibration.get(TARGETS[t]).cloned());
        Ok(Model {
            calibrators,
            artifact,
            bias,
            coefficients,
            ngram_slot,
            ngram_weights,
        })
    }

    /// The model compiled into this binary.
    pub fn builtin() -> Result<Self, ModelError> {
        if DEFAULT_ARTIFACT.trim().is_empty() {
            return Err(ModelError::Parse("this build has no built-in model: run `credscore train` and rebuild, or pass --model".into()));
        }
        Self::new(ModelArtifact::from_json(DEFAULT_ARTIFACT)?)
    }

    /// The model's content-hash version, stored with every score it makes.
    pub fn version(&self) -> &str {
        &self.artifact.version
    }

    /// The artifact the model was loaded from (metrics, training info).
    pub fn artifact(&self) -> &ModelArtifact {
        &self.artifact
    }

    /// Share of credible items in the training corpus.
    pub fn base_rate(&self) -> f64 {
        self.artifact.base_rate
    }

    /// Scores one text from its cue features and n-grams: the probability of each target,
    /// the evidence weight and every cue feature's contribution, from which explanations
    /// are built. The n-gram dot products only visit the text's active buckets.
    pub fn predict(&self, features: &Extracted, ngrams: &NgramVector) -> Prediction {
        let x = &features.values;
        let mut ngram_contributions = [0.0f64; R];
        for &(bucket, value) in &ngrams.entries {
            let weights = &self.ngram_weights[self.ngram_slot[bucket as usize] as usize];
            for (sum, w) in ngram_contributions.iter_mut().zip(weights) {
                *sum += (value * w) as f64;
            }
        }
        let mut p = [0.0; R];
        for (t, probability) in p.iter_mut().enumerate() {
            let logit = self.bias[t]
                + ngram_contributions[t]
                + self.coefficients[t]
                    .iter()
                    .zip(x)
                    .map(|(c, v)| c * v)
                    .sum::<f64>();
            *probability = sigmoid(logit);
        }
        let mut credibility_contributions = [0.0; FEATURE_COUNT];
        let mut cue_contributions = [0.0; FEATURE_COUNT];
        for i in 0..FEATURE_COUNT {
            credibility_contributions[i] = self.coefficients[CREDIBLE][i] * x[i];
            let own = match FEATURES[i].1 {
                Cue::SelfPromotion => Some(0),
                Cue::UnverifiableClaims => Some(1),
                Cue::WritingErrors => Some(2),
                _ => None,
            };
            if let Some(t) = own {
                cue_contributions[i] = self.coefficients[t][i] * x[i];
            }
        }
        // The evidence regression's own probability is read raw (as in training); the cue
        // probabilities that raise the weight are the calibrated ones reported beside it, so
        // that a cue reported as asserted is never weighed less than its probability.
        let mut weighed = p;
        for t in [0, 1, CREDIBLE] {
            weighed[t] = self.calibrate(t, p[t]);
        }
        let (evidence_weight, credibility) = weigh_evidence(&weighed, self.artifact.base_rate);
        Prediction {
            probabilities: [weighed[0], weighed[1], self.calibrate(2, p[2]), credibility],
            credible_given_evidence: weighed[CREDIBLE],
            evidence_weight,
            credibility_contributions,
            cue_contributions,
            ngram_contributions,
        }
    }

    /// Target `t`'s ([`TARGETS`] order) calibrated probability for raw probability `p`.
    pub fn calibrate(&self, t: usize, p: f64) -> f64 {
        self.calibrators[t].as_ref().map_or(p, |c| c.apply(p))
    }

    /// The prediction for a text the model cannot judge (another language, no words): the
    /// base rate, no cue, no evidence.
    pub fn unsupported(&self) -> Prediction {
        let base = self.artifact.base_rate;
        Prediction {
            probabilities: [0.0, 0.0, 0.0, base],
            credible_given_evidence: base,
            evidence_weight: 0.0,
            credibility_contributions: [0.0; FEATURE_COUNT],
            cue_contributions: [0.0; FEATURE_COUNT],
            ngram_contributions: [0.0; R],
        }
    }
}

/// The evidence weight and the credibility a score reports, from the five regressions'
/// probabilities ([`REGRESSIONS`] order) and the training corpus's base rate of credible.
///
/// The weight is the evidence regression's probability, raised to the probability of
/// self-promotion or of an unverifiable claim where the model asserts one (≥ 0.5): "any
/// label positive" is at least as likely as each label, so a claim about oneself that the
/// evidence regression misses (short blatant promotion, say) never leaves its author's score
/// unweighed. Writing errors do not raise it: a slip in a three-word reply says little about
/// its author, and the evidence regression already reads the writing features. Credibility
/// is the credible regression's probability shrunk toward the base rate by that weight.
/// Scoring and the training report both use this one rule, so the report's figures are
/// those of the scores the product stores.
pub fn weigh_evidence(p: &[f64; R], base_rate: f64) -> (f64, f64) {
    // Self-promotion and unverifiable claims, in `TARGETS` order.
    let asserted = p[..2]
        .iter()
        .copied()
        .filter(|&q| q >= 0.5)
        .fold(0.0, f64::max);
    let weight = p[EVIDENCE_INDEX].max(asserted);
    (weight, base_rate + weight * (p[CREDIBLE] - base_rate))
}

/// The feature's contribution to credibility, grouped by cue.
pub fn contribution_by_cue(prediction: &Prediction, cue: Cue) -> f64 {
    FEATURES
        .iter()
        .enumerate()
        .filter(|(_, (_, c))| *c == cue)
        .map(|(i, _)| prediction.credibility_contributions[i])
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparse_weights_round_trip_exactly() {
        let weights = SparseWeights(vec![(0, 0.125), (17, -1.0e-7), (8191, 2.5)]);
        let json = serde_json::to_string(&weights).unwrap();
        assert_eq!(json, "\"0:0.125 17:-0.0000001 8191:2.5\"");
        assert_eq!(
            serde_json::from_str::<SparseWeights>(&json).unwrap(),
            weights
        );
        assert!(serde_json::from_str::<SparseWeights>("\"3\"").is_err());
    }

    #[test]
    fn feature_schema_hash_is_stable_within_a_build() {
        assert_eq!(feature_schema_hash(), feature_schema_hash());
        assert_eq!(feature_schema_hash().len(), 16);
    }
}
