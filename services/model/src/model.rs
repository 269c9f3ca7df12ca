//! The credibility model: one logistic regression per cue and one for credibility, trained
//! with linfa on standardised features, stored as a versioned JSON artifact.
//!
//! Scoring is a dot product per target, done here with the learned parameters, so that each
//! feature's contribution can be reported (the explanation) at no extra cost.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::features::{Cue, Extracted, FEATURES, FEATURE_COUNT, FEATURE_SCHEMA_VERSION};

/// What the model predicts: the three problem cues, then overall credibility.
pub const TARGETS: [&str; 4] = [
    "self_promotion",
    "unverifiable_claims",
    "writing_errors",
    "credible",
];
/// Index of overall credibility in [`TARGETS`].
pub const CREDIBLE: usize = 3;
/// The artifact format this build reads and writes; another one is refused.
pub const ARTIFACT_FORMAT: &str = "credscore-model/1";

/// The model built into the binary (`models/default.json` at build time), so `credscore
/// score` works with no setup. Empty when the build had no trained model.
pub const DEFAULT_ARTIFACT: &str = include_str!(concat!(env!("OUT_DIR"), "/default-model.json"));

/// Learned parameters of one target, over standardised features.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct LinearTarget {
    /// Bias of the logistic regression.
    pub intercept: f64,
    /// One weight per feature, in [`FEATURES`] order.
    pub weights: Vec<f64>,
}

/// Where the model came from.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TrainingInfo {
    /// SHA-256 of the training files, in path order.
    pub data_hash: String,
    /// Labeled items trained on.
    pub items: usize,
    /// L2 regularisation strength of every regression.
    pub l2_penalty: f64,
    /// When training ran (RFC 3339).
    pub created_at: String,
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
    /// Feature names in vector order, checked against this build's.
    pub features: Vec<String>,
    /// Per-feature mean of the training data, for standardisation.
    pub mean: Vec<f64>,
    /// Per-feature standard deviation of the training data (1 when constant).
    pub scale: Vec<f64>,
    /// Parameters per target name ([`TARGETS`]).
    pub targets: BTreeMap<String, LinearTarget>,
    /// Where the model came from.
    pub training: TrainingInfo,
    /// Cross-validated metrics from `credscore train`.
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
    #[error("model artifact format {found:?} is not supported (expected {ARTIFACT_FORMAT})")]
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
        let content = serde_json::json!({
            "feature_schema_version": self.feature_schema_version,
            "features": self.features,
            "mean": self.mean,
            "scale": self.scale,
            "targets": self.targets,
            "data_hash": self.training.data_hash,
            "l2_penalty": self.training.l2_penalty,
        });
        hasher.update(content.to_string().as_bytes());
        let digest = hasher.finalize();
        digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
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
        for target in TARGETS {
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

/// A loaded model, laid out for fast scoring.
#[derive(Debug, Clone)]
pub struct Model {
    artifact: ModelArtifact,
    /// Per target: intercept adjusted for centring, and weight / scale per feature, so that
    /// logit = bias + Σ coefficient·x, and the contribution of feature i is coefficient_i·x_i.
    bias: [f64; 4],
    coefficients: [[f64; FEATURE_COUNT]; 4],
}

/// Scores of one item before they are shaped for output.
#[derive(Debug, Clone)]
pub struct Prediction {
    /// Probability per target, in [`TARGETS`] order.
    pub probabilities: [f64; 4],
    /// Contribution of each feature to the credibility logit (0 when the feature is absent).
    pub credibility_contributions: [f64; FEATURE_COUNT],
    /// Contribution of each feature to its own cue's logit.
    pub cue_contributions: [f64; FEATURE_COUNT],
}

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

impl Model {
    /// Checks an artifact and lays its parameters out for scoring (standardisation folded
    /// into the coefficients).
    pub fn new(artifact: ModelArtifact) -> Result<Self, ModelError> {
        artifact.check()?;
        let mut bias = [0.0; 4];
        let mut coefficients = [[0.0; FEATURE_COUNT]; 4];
        for (t, name) in TARGETS.iter().enumerate() {
            let target = &artifact.targets[*name];
            bias[t] = target.intercept;
            for (i, coefficient) in coefficients[t].iter_mut().enumerate() {
                *coefficient = target.weights[i] / artifact.scale[i];
                bias[t] -= *coefficient * artifact.mean[i];
            }
        }
        Ok(Model {
            artifact,
            bias,
            coefficients,
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

    /// Scores one text's features: the probability of each target and every feature's
    /// contribution, from which explanations are built.
    pub fn predict(&self, features: &Extracted) -> Prediction {
        let x = &features.values;
        let mut probabilities = [0.0; 4];
        for (t, probability) in probabilities.iter_mut().enumerate() {
            let logit = self.bias[t]
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
        Prediction {
            probabilities,
            credibility_contributions,
            cue_contributions,
        }
    }
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
