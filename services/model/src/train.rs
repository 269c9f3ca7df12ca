//! Training and evaluation: the labeled corpus, cross-validation grouped by author, the
//! metrics report (with the ablation of the two input channels and the frozen split) and the
//! final fit.
//!
//! Five logistic regressions are fitted with linfa (see [`crate::model`]): the three cues and
//! evidence on every item, credible on the items that carry evidence. Their inputs are the
//! standardised cue features and the n-gram channel, the latter multiplied by a per-regression
//! scale (its strength under the common L2 penalty), chosen by grouped cross-validation among
//! [`TrainOptions::ngram_scales`].
//!
//! Honest evaluation: no author is in both a training and a test fold, folds are balanced
//! for every label, standardisation is fitted on the training folds only, and the frozen
//! split (other authors, never read for rules or training) is only scored, by the final model.

use std::collections::{BTreeMap, BTreeSet};
use std::io::BufRead;
use std::path::{Path, PathBuf};

use linfa::prelude::*;
use linfa_logistic::LogisticRegression;
use ndarray::{Array1, Array2};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::features::{Extractor, FEATURES, FEATURE_COUNT, FEATURE_SCHEMA_VERSION};
use crate::item::Item;
use crate::lang::Lang;
use crate::model::{
    feature_schema_hash, LinearTarget, Model, ModelArtifact, SparseWeights, TrainingInfo,
    ARTIFACT_FORMAT, CREDIBLE, EVIDENCE, REGRESSIONS, TARGETS,
};
use crate::ngrams::{NGRAM_BUCKETS, NGRAM_SCHEMA};
use crate::score::{read, Reading};

/// An item with its four labels, in [`TARGETS`] order.
#[derive(Debug, Clone)]
pub struct LabeledItem {
    /// The item.
    pub item: Item,
    /// Whether each target applies, as labeled.
    pub labels: [bool; 4],
}

impl LabeledItem {
    /// Whether the item carries evidence either way: any label positive. Items with none
    /// ("Thanks for sharing!") are neutral: not credible, but not a problem either.
    pub fn has_evidence(&self) -> bool {
        self.labels.iter().any(|l| *l)
    }
}

/// A line of a labeled file that could not be used.
#[derive(Debug, Clone)]
pub struct LineError {
    /// The file.
    pub path: PathBuf,
    /// The line number, from 1.
    pub line: usize,
    /// What is wrong with the line.
    pub message: String,
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.path.display(), self.line, self.message)
    }
}

/// Why training could not run.
#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    /// A corpus file or directory cannot be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file or directory.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Nothing to train on; where none was found.
    #[error("no labeled items found in {0}")]
    Empty(String),
    /// A target with only positives or only negatives cannot be fitted.
    #[error(
        "target {target} has only one class in the data; every label needs both 0 and 1 examples"
    )]
    OneClass {
        /// The target.
        target: &'static str,
    },
    /// linfa failed to fit a regression.
    #[error("fitting {target} failed: {message}")]
    Fit {
        /// The target.
        target: &'static str,
        /// linfa's error.
        message: String,
    },
}

#[derive(Deserialize)]
struct Labels {
    self_promotion: u8,
    unverifiable_claims: u8,
    writing_errors: u8,
    credible: u8,
}

fn parse_labeled(line: &str) -> Result<LabeledItem, String> {
    let value: serde_json::Value =
        serde_json::from_str(line).map_err(|e| format!("invalid JSON: {e}"))?;
    let labels = value
        .get("labels")
        .cloned()
        .ok_or("field `labels` is missing")?;
    let labels: Labels =
        serde_json::from_value(labels).map_err(|e| format!("field `labels` is invalid: {e}"))?;
    let item = Item::from_value(value).map_err(|e| e.to_string())?;
    let flag = |v: u8, name: &str| match v {
        0 => Ok(false),
        1 => Ok(true),
        _ => Err(format!("label `{name}` must be 0 or 1")),
    };
    Ok(LabeledItem {
        item,
        labels: [
            flag(labels.self_promotion, "self_promotion")?,
            flag(labels.unverifiable_claims, "unverifiable_claims")?,
            flag(labels.writing_errors, "writing_errors")?,
            flag(labels.credible, "credible")?,
        ],
    })
}

/// The `.jsonl` files of a corpus: a file, or every `*.jsonl` in a directory, in path order.
pub fn corpus_files(path: &Path) -> Result<Vec<PathBuf>, TrainError> {
    if path.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let read = std::fs::read_dir(path).map_err(|source| TrainError::Read {
        path: path.into(),
        source,
    })?;
    let mut files: Vec<PathBuf> = read
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    Ok(files)
}

/// Reads labeled items; bad lines are returned with their line numbers, not fatal.
pub fn load_labeled(
    files: &[PathBuf],
) -> Result<(Vec<LabeledItem>, Vec<LineError>, String), TrainError> {
    let mut items = Vec::new();
    let mut errors = Vec::new();
    let mut hasher = Sha256::new();
    for path in files {
        let file = std::fs::File::open(path).map_err(|source| TrainError::Read {
            path: path.clone(),
            source,
        })?;
        for (index, line) in std::io::BufReader::new(file).lines().enumerate() {
            let line = line.map_err(|source| TrainError::Read {
                path: path.clone(),
                source,
            })?;
            hasher.update(line.as_bytes());
            hasher.update(b"\n");
            if line.trim().is_empty() {
                continue;
            }
            match parse_labeled(&line) {
                Ok(item) => items.push(item),
                Err(message) => errors.push(LineError {
                    path: path.clone(),
                    line: index + 1,
                    message,
                }),
            }
        }
    }
    let hash = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok((items, errors, hash))
}

/// One bin of a calibration table.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CalibrationBin {
    /// Lowest predicted probability in the bin.
    pub from: f64,
    /// Highest predicted probability (exclusive, except for the last bin).
    pub to: f64,
    /// Items predicted in the bin.
    pub count: usize,
    /// Their mean predicted probability.
    pub mean_predicted: f64,
    /// How many of them are labeled positive, as a rate: calibrated when close to the mean.
    pub observed_rate: f64,
}

/// Metrics of one target.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TargetMetrics {
    /// Items evaluated.
    pub items: usize,
    /// Items labeled positive.
    pub positives: usize,
    /// Area under the ROC curve: how well the probabilities rank, threshold-free.
    pub roc_auc: f64,
    /// Precision at probability 0.5.
    pub precision: f64,
    /// Recall at probability 0.5.
    pub recall: f64,
    /// F1 at probability 0.5.
    pub f1: f64,
    /// Ten bins of predicted probability with the observed rate in each.
    pub calibration: Vec<CalibrationBin>,
}

/// Metrics per target, overall and per language; for training, also the evidence weight,
/// the ablation, the hyperparameters chosen and the frozen split.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    /// "5-fold cross-validation grouped by author", "evaluation" or "frozen split …".
    pub method: String,
    /// Items evaluated.
    pub items: usize,
    /// Metrics per target name, of what scores report (credibility shrunk toward the base
    /// rate by the evidence weight).
    pub targets: BTreeMap<String, TargetMetrics>,
    /// Per language (`fr`, `en`: the declared language, else the detected one): its item
    /// count and each target's ROC AUC.
    pub by_language: BTreeMap<String, BTreeMap<String, f64>>,
    /// The evidence weight as a predictor of "any label positive".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<TargetMetrics>,
    /// Evidence weight and credibility of neutral items (no label positive) against the rest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub neutral: Option<NeutralSummary>,
    /// Items the model declined to judge (not French or English, no letters).
    #[serde(default)]
    pub unsupported: usize,
    /// Version of the model trained (training reports).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_version: Option<String>,
    /// Hash of the training files, as [`load_labeled`] computes it (training reports).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_hash: Option<String>,
    /// [`feature_schema_hash`] of the build that trained (training reports).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feature_schema_hash: Option<String>,
    /// [`features_fingerprint`] of the training items (training reports).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub features_fingerprint: Option<String>,
    /// Per regression: the n-gram scales tried, their grouped-CV ROC AUC, the one kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tuning: Vec<Tuning>,
    /// Grouped-CV ROC AUC per target with cues only, n-grams only, and both.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ablation: Vec<AblationRow>,
    /// The final model scored on the frozen split, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frozen: Option<Box<Report>>,
}

/// Neutral items (no label positive) against items with evidence: what the evidence weight
/// does to them.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NeutralSummary {
    /// Neutral items.
    pub neutral_items: usize,
    /// Their mean evidence weight.
    pub neutral_mean_evidence_weight: f64,
    /// Their mean credibility.
    pub neutral_mean_credibility: f64,
    /// Share of them with an evidence weight of at most 0.2.
    pub neutral_share_weight_at_most_0_2: f64,
    /// Mean evidence weight of the items with evidence.
    pub evidence_mean_evidence_weight: f64,
    /// The base rate credibility is shrunk toward.
    pub base_rate: f64,
}

/// The n-gram scales tried for one regression and the one kept.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Tuning {
    /// The regression ([`REGRESSIONS`]).
    pub regression: String,
    /// (scale, grouped-CV ROC AUC of the regression on the items it is fitted on).
    pub candidates: Vec<(f64, f64)>,
    /// The scale kept (highest AUC).
    pub chosen: f64,
}

/// One line of the ablation table.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AblationRow {
    /// `cues`, `ngrams` or `both`.
    pub channels: String,
    /// Grouped-CV ROC AUC per target, and `evidence`.
    pub roc_auc: BTreeMap<String, f64>,
    /// The same per language.
    pub by_language: BTreeMap<String, BTreeMap<String, f64>>,
}

/// ROC AUC by the rank-sum formula, ties counted half.
pub fn roc_auc(scores: &[f64], labels: &[bool]) -> f64 {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[a].total_cmp(&scores[b]));
    let mut ranks = vec![0.0; scores.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && scores[order[j + 1]] == scores[order[i]] {
            j += 1;
        }
        let rank = (i + j) as f64 / 2.0 + 1.0;
        for k in i..=j {
            ranks[order[k]] = rank;
        }
        i = j + 1;
    }
    let positives = labels.iter().filter(|l| **l).count() as f64;
    let negatives = labels.len() as f64 - positives;
    if positives == 0.0 || negatives == 0.0 {
        return f64::NAN;
    }
    let rank_sum: f64 = ranks
        .iter()
        .zip(labels)
        .filter(|(_, l)| **l)
        .map(|(r, _)| r)
        .sum();
    (rank_sum - positives * (positives + 1.0) / 2.0) / (positives * negatives)
}

/// Every metric of one target from its predicted probabilities and labels.
pub fn target_metrics(scores: &[f64], labels: &[bool]) -> TargetMetrics {
    let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
    for (s, l) in scores.iter().zip(labels) {
        match (*s >= 0.5, *l) {
            (true, true) => tp += 1.0,
            (true, false) => fp += 1.0,
            (false, true) => fn_ += 1.0,
            _ => {}
        }
    }
    let precision = if tp + fp > 0.0 { tp / (tp + fp) } else { 0.0 };
    let recall = if tp + fn_ > 0.0 { tp / (tp + fn_) } else { 0.0 };
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    let calibration = (0..10)
        .map(|bin| {
            let (from, to) = (bin as f64 / 10.0, (bin + 1) as f64 / 10.0);
            let members: Vec<(f64, bool)> = scores
                .iter()
                .zip(labels)
                .filter(|(s, _)| **s >= from && (**s < to || (bin == 9 && **s <= 1.0)))
                .map(|(s, l)| (*s, *l))
                .collect();
            let count = members.len();
            let mean = |f: &dyn Fn(&(f64, bool)) -> f64| {
                if count > 0 {
                    members.iter().map(f).sum::<f64>() / count as f64
                } else {
                    0.0
                }
            };
            CalibrationBin {
                from,
                to,
                count,
                mean_predicted: mean(&|m| m.0),
                observed_rate: mean(&|m| m.1 as u8 as f64),
            }
        })
        .collect();
    TargetMetrics {
        items: labels.len(),
        positives: labels.iter().filter(|l| **l).count(),
        roc_auc: roc_auc(scores, labels),
        precision,
        recall,
        f1,
        calibration,
    }
}

/// The inputs the regressions see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channels {
    /// The cue features only (the model before the n-gram channel).
    Cues,
    /// The hashed n-grams only.
    Ngrams,
    /// Both: what the product uses.
    Both,
}

impl Channels {
    /// The channel set's name in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Channels::Cues => "cues",
            Channels::Ngrams => "ngrams",
            Channels::Both => "both",
        }
    }

    fn cues(self) -> bool {
        self != Channels::Ngrams
    }

    fn ngrams(self) -> bool {
        self != Channels::Cues
    }
}

/// Options of `credscore train`.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Cross-validation folds (grouped by author).
    pub folds: usize,
    /// L2 regularisation strength of every regression (linfa's `alpha`: the penalty is
    /// `alpha/2 · |w|²` against the summed log-loss).
    pub l2_penalty: f64,
    /// Optimiser iterations per fit, at most.
    pub max_iterations: u64,
    /// Candidate factors for the n-gram channel's values: with more than one, grouped
    /// cross-validation chooses one per regression (each costs a cross-validation).
    pub ngram_scales: Vec<f64>,
    /// N-gram buckets each regression keeps (the most related to its label on the
    /// training rows, by ANOVA F): linfa fits dense matrices, and this bounds their width.
    pub ngram_features: usize,
    /// Also cross-validate with cues only and with n-grams only (the ablation table).
    pub ablation: bool,
    /// A labeled file scored by the final model and reported beside cross-validation, never
    /// trained or tuned on; skipped when the file does not exist. Default
    /// `corpus/frozen/test.jsonl` (from the working directory, as `make train` runs); use
    /// [`frozen_split_of`] for another corpus directory.
    pub frozen_split: Option<PathBuf>,
    /// Where to write the out-of-fold predictions (one JSON object per item: id, labels, what
    /// scores report, the credible regression alone), for error analysis; none by default.
    pub out_of_fold: Option<PathBuf>,
}

/// Default n-gram scale candidates (see [`TrainOptions::ngram_scales`]).
pub const DEFAULT_NGRAM_SCALES: [f64; 2] = [2.0, 4.0];

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            folds: 5,
            l2_penalty: 1.0,
            max_iterations: 300,
            ngram_scales: DEFAULT_NGRAM_SCALES.to_vec(),
            ngram_features: 1500,
            ablation: true,
            frozen_split: Some(PathBuf::from("corpus/frozen/test.jsonl")),
            out_of_fold: None,
        }
    }
}

/// Where a corpus keeps its frozen split: `<corpus>/frozen/test.jsonl` for a directory, the
/// same beside a single file.
pub fn frozen_split_of(corpus: &Path) -> PathBuf {
    let dir = if corpus.is_file() {
        corpus.parent().unwrap_or(Path::new("."))
    } else {
        corpus
    };
    dir.join("frozen").join("test.jsonl")
}

/// Progress reported while training: (stage, done, total).
pub type Progress<'a> = &'a (dyn Fn(&str, usize, usize) + Sync);

/// Reads every item as scoring does (cue features, n-grams, support), in parallel.
pub fn read_items(extractor: &Extractor, items: &[LabeledItem]) -> Vec<Reading> {
    items.par_iter().map(|l| read(extractor, &l.item)).collect()
}

/// A hash of the features of `readings` (cue values to 1e-6, n-gram values to 1e-4, support),
/// stored with a model: a test recomputes it on the corpus to notice extraction changes that
/// the feature schema does not name.
pub fn features_fingerprint(readings: &[Reading]) -> String {
    let mut hasher = Sha256::new();
    for r in readings {
        for v in &r.extracted.values {
            hasher.update(((v * 1e6).round() as i64).to_le_bytes());
        }
        hasher.update([r.supported as u8]);
        for (b, v) in &r.ngrams.entries {
            hasher.update(b.to_le_bytes());
            hasher.update((((*v as f64) * 1e4).round() as i32).to_le_bytes());
        }
        hasher.update(b"\n");
    }
    hasher
        .finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Per-feature mean and standard deviation (1 when constant) of the cue features of `rows`.
fn standardisation(readings: &[Reading], rows: &[usize]) -> (Vec<f64>, Vec<f64>) {
    let n = rows.len().max(1) as f64;
    let mut mean = vec![0.0; FEATURE_COUNT];
    for r in rows {
        for (m, v) in mean.iter_mut().zip(&readings[*r].extracted.values) {
            *m += v / n;
        }
    }
    let mut var = vec![0.0; FEATURE_COUNT];
    for r in rows {
        for ((s, v), m) in var
            .iter_mut()
            .zip(&readings[*r].extracted.values)
            .zip(&mean)
        {
            *s += (v - m).powi(2) / n;
        }
    }
    let scale = var
        .iter()
        .map(|v| if v.sqrt() > 1e-9 { v.sqrt() } else { 1.0 })
        .collect();
    (mean, scale)
}

/// The n-gram buckets most related to a label on `rows`: the `k` with the highest ANOVA F
/// statistic (two groups: positives and negatives), in bucket order. linfa fits dense
/// matrices, so the channel enters each regression through the buckets that carry its
/// signal rather than all [`NGRAM_BUCKETS`].
fn select_buckets(readings: &[Reading], rows: &[usize], labels: &[bool], k: usize) -> Vec<u32> {
    let mut sum = [vec![0.0f64; NGRAM_BUCKETS], vec![0.0f64; NGRAM_BUCKETS]];
    let mut squares = [vec![0.0f64; NGRAM_BUCKETS], vec![0.0f64; NGRAM_BUCKETS]];
    let mut count = [0.0f64; 2];
    let mut row_values: Vec<(u32, f64)> = Vec::new();
    for (r, label) in rows.iter().zip(labels) {
        let g = *label as usize;
        count[g] += 1.0;
        // A bucket can appear once per channel: add its values up first.
        row_values.clear();
        row_values.extend(
            readings[*r]
                .ngrams
                .entries
                .iter()
                .map(|(b, v)| (*b, *v as f64)),
        );
        row_values.sort_unstable_by_key(|(b, _)| *b);
        let mut i = 0;
        while i < row_values.len() {
            let (b, mut v) = row_values[i];
            while i + 1 < row_values.len() && row_values[i + 1].0 == b {
                i += 1;
                v += row_values[i].1;
            }
            sum[g][b as usize] += v;
            squares[g][b as usize] += v * v;
            i += 1;
        }
    }
    let n = count[0] + count[1];
    let mut scored: Vec<(f64, u32)> = (0..NGRAM_BUCKETS)
        .filter_map(|b| {
            if count[0] == 0.0 || count[1] == 0.0 {
                return None;
            }
            let m = [sum[0][b] / count[0], sum[1][b] / count[1]];
            let overall = (sum[0][b] + sum[1][b]) / n;
            let between = count[0] * (m[0] - overall).powi(2) + count[1] * (m[1] - overall).powi(2);
            let within =
                squares[0][b] - count[0] * m[0] * m[0] + squares[1][b] - count[1] * m[1] * m[1];
            (between > 0.0).then(|| (between / (within.max(1e-12) / (n - 2.0)), b as u32))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut selected: Vec<u32> = scored.into_iter().take(k).map(|(_, b)| b).collect();
    selected.sort_unstable();
    selected
}

/// How the rows of a design matrix are built from readings.
struct Design<'a> {
    channels: Channels,
    mean: &'a [f64],
    scale: &'a [f64],
    ngram_scale: f64,
    /// The n-gram buckets that are columns, in column order (after the cue columns).
    selected: Vec<u32>,
    /// Column of each bucket among the n-gram columns, `u32::MAX` when not selected.
    column: Vec<u32>,
}

impl<'a> Design<'a> {
    fn new(
        channels: Channels,
        mean: &'a [f64],
        scale: &'a [f64],
        ngram_scale: f64,
        selected: Vec<u32>,
    ) -> Self {
        let mut column = vec![u32::MAX; NGRAM_BUCKETS];
        if channels.ngrams() {
            for (c, b) in selected.iter().enumerate() {
                column[*b as usize] = c as u32;
            }
        }
        Design {
            channels,
            mean,
            scale,
            ngram_scale,
            selected,
            column,
        }
    }

    fn cue_columns(&self) -> usize {
        if self.channels.cues() {
            FEATURE_COUNT
        } else {
            0
        }
    }

    fn width(&self) -> usize {
        self.cue_columns()
            + if self.channels.ngrams() {
                self.selected.len()
            } else {
                0
            }
    }

    /// The dense matrix linfa fits on (one row per item; cues standardised, the selected
    /// n-gram buckets scaled).
    fn matrix(&self, readings: &[Reading], rows: &[usize]) -> Array2<f32> {
        let mut x = Array2::zeros((rows.len(), self.width()));
        let offset = self.cue_columns();
        for (i, r) in rows.iter().enumerate() {
            let reading = &readings[*r];
            if self.channels.cues() {
                for (c, v) in reading.extracted.values.iter().enumerate() {
                    x[[i, c]] = ((v - self.mean[c]) / self.scale[c]) as f32;
                }
            }
            if self.channels.ngrams() {
                for (b, v) in &reading.ngrams.entries {
                    let column = self.column[*b as usize];
                    if column != u32::MAX {
                        x[[i, offset + column as usize]] += v * self.ngram_scale as f32;
                    }
                }
            }
        }
        x
    }

    /// The probability a fitted regression gives one item.
    fn probability(&self, intercept: f64, weights: &[f64], reading: &Reading) -> f64 {
        let mut logit = intercept;
        if self.channels.cues() {
            for (c, v) in reading.extracted.values.iter().enumerate() {
                logit += weights[c] * (v - self.mean[c]) / self.scale[c];
            }
        }
        if self.channels.ngrams() {
            let offset = self.cue_columns();
            for (b, v) in &reading.ngrams.entries {
                let column = self.column[*b as usize];
                if column != u32::MAX {
                    logit += weights[offset + column as usize] * *v as f64 * self.ngram_scale;
                }
            }
        }
        1.0 / (1.0 + (-logit).exp())
    }
}

/// Fits one logistic regression with linfa and returns (intercept, weights) oriented so that
/// sigmoid(intercept + w·x) is the probability of the positive label. The orientation is
/// checked on the training data rather than trusted, because linfa-logistic releases up to
/// 0.8.1 could swap the classes of a binary problem.
///
/// The fit runs in f32 (half the memory traffic of f64, which is what the optimiser spends
/// its time on); should the f32 line search fail, it runs again in f64.
fn fit(
    x: Array2<f32>,
    labels: &[bool],
    l2_penalty: f64,
    max_iterations: u64,
    target: &'static str,
) -> Result<(f64, Vec<f64>), TrainError> {
    let y: Array1<usize> = labels.iter().map(|l| *l as usize).collect();
    if y.iter().all(|v| *v == y[0]) {
        return Err(TrainError::OneClass { target });
    }
    let dataset = Dataset::new(x, y);
    let fitted = LogisticRegression::default()
        .alpha(l2_penalty as f32)
        .max_iterations(max_iterations)
        .gradient_tolerance(1e-4)
        .fit(&dataset);
    let (mut intercept, mut weights) = match fitted {
        Ok(fitted) => (
            fitted.intercept() as f64,
            fitted
                .params()
                .iter()
                .map(|w| *w as f64)
                .collect::<Vec<f64>>(),
        ),
        Err(_) => {
            let wide = Dataset::new(dataset.records.mapv(f64::from), dataset.targets.clone());
            let fitted = LogisticRegression::default()
                .alpha(l2_penalty)
                .max_iterations(max_iterations)
                .gradient_tolerance(1e-6)
                .fit(&wide)
                .map_err(|e| TrainError::Fit {
                    target,
                    message: e.to_string(),
                })?;
            (fitted.intercept(), fitted.params().to_vec())
        }
    };
    if roc_auc(
        &linear_scores(&dataset.records, intercept, &weights),
        labels,
    ) < 0.5
    {
        intercept = -intercept;
        weights.iter_mut().for_each(|w| *w = -*w);
    }
    Ok((intercept, weights))
}

fn linear_scores(x: &Array2<f32>, intercept: f64, weights: &[f64]) -> Vec<f64> {
    x.rows()
        .into_iter()
        .map(|row| {
            let logit = intercept
                + row
                    .iter()
                    .zip(weights)
                    .map(|(a, b)| *a as f64 * b)
                    .sum::<f64>();
            1.0 / (1.0 + (-logit).exp())
        })
        .collect()
}

/// A fixed-seed xorshift permutation: reproducible training without a RNG dependency.
fn shuffled(n: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    for i in (1..order.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        order.swap(i, (state % (i as u64 + 1)) as usize);
    }
    order
}

/// Fold of every item, grouped by author (an item without one is its own group) and
/// stratified as far as groups allow: groups, largest first, each go to the fold where the
/// item count, each label's positives and each language's items stay closest to an even
/// share (the least sum of squared shares after adding it).
pub fn grouped_folds(items: &[LabeledItem], folds: usize) -> Vec<usize> {
    let folds = folds.max(2);
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, l) in items.iter().enumerate() {
        let key = if l.item.author.is_empty() {
            l.item.id.as_str()
        } else {
            l.item.author.as_str()
        };
        groups.entry(key).or_default().push(i);
    }
    // Dimensions balanced: items, positives of each label, neutral items, French items.
    const D: usize = 7;
    let profile = |i: usize| -> [f64; D] {
        let l = &items[i];
        [
            1.0,
            l.labels[0] as u8 as f64,
            l.labels[1] as u8 as f64,
            l.labels[2] as u8 as f64,
            l.labels[3] as u8 as f64,
            !l.has_evidence() as u8 as f64,
            (l.item.lang.as_deref().and_then(Lang::from_hint) == Some(Lang::Fr)) as u8 as f64,
        ]
    };
    let mut total = [0.0; D];
    let mut group_profiles: Vec<(Vec<usize>, [f64; D])> = groups
        .into_values()
        .map(|members| {
            let mut p = [0.0; D];
            for i in &members {
                for (a, b) in p.iter_mut().zip(profile(*i)) {
                    *a += b;
                }
            }
            for (t, v) in total.iter_mut().zip(p) {
                *t += v;
            }
            (members, p)
        })
        .collect();
    let order = shuffled(group_profiles.len());
    let mut shuffled_groups: Vec<_> = order
        .into_iter()
        .map(|i| std::mem::take(&mut group_profiles[i]))
        .collect();
    shuffled_groups.sort_by(|a, b| b.1[0].total_cmp(&a.1[0]));
    let mut sums = vec![[0.0; D]; folds];
    let mut assignment = vec![0; items.len()];
    for (members, p) in shuffled_groups {
        let cost = |fold: &[f64; D]| -> f64 {
            (0..D)
                .filter(|d| total[*d] > 0.0)
                .map(|d| ((fold[d] + p[d]) / total[d]).powi(2))
                .sum()
        };
        let best = (0..folds)
            .min_by(|a, b| cost(&sums[*a]).total_cmp(&cost(&sums[*b])))
            .expect("at least two folds");
        for (s, v) in sums[best].iter_mut().zip(p) {
            *s += v;
        }
        for i in members {
            assignment[i] = best;
        }
    }
    assignment
}

/// The label of regression `t` ([`REGRESSIONS`] order) for an item.
fn regression_label(item: &LabeledItem, t: usize) -> bool {
    if t < TARGETS.len() {
        item.labels[t]
    } else {
        item.has_evidence()
    }
}

/// Whether regression `t` is fitted on an item: credible only on items with evidence.
fn fitted_on(item: &LabeledItem, t: usize) -> bool {
    t != CREDIBLE || item.has_evidence()
}

/// What the evidence regression's intercept loses: the log odds of evidence among its
/// training items (0 for the other regressions). Its probability then weighs what the text
/// itself says against even odds, instead of the corpus's share of neutral items (about one
/// in nine here, far fewer than in real comment threads): a text that says nothing either
/// way gets about 0.5 before its own features speak, and short neutral comments fall well
/// below.
fn prior_log_odds(t: usize, labels: &[bool]) -> f64 {
    if REGRESSIONS[t] != EVIDENCE {
        return 0.0;
    }
    let positives = labels.iter().filter(|l| **l).count() as f64;
    let negatives = labels.len() as f64 - positives;
    (positives.max(1.0) / negatives.max(1.0)).ln()
}

/// Out-of-fold probabilities of the five regressions, and the base rate of credible in the
/// training folds of each item.
struct OutOfFold {
    probabilities: Vec<Vec<f64>>,
    base_rate: Vec<f64>,
}

#[allow(clippy::too_many_arguments)]
fn cross_validate(
    readings: &[Reading],
    items: &[LabeledItem],
    folds: &[usize],
    options: &TrainOptions,
    channels: Channels,
    scales: &[f64; 5],
    stage: &str,
    progress: Progress<'_>,
) -> Result<OutOfFold, TrainError> {
    let k = folds.iter().copied().max().unwrap_or(0) + 1;
    let jobs: Vec<(usize, usize)> = (0..k)
        .flat_map(|fold| (0..REGRESSIONS.len()).map(move |t| (fold, t)))
        .collect();
    let done = std::sync::atomic::AtomicUsize::new(0);
    progress(stage, 0, jobs.len());
    let results = jobs
        .par_iter()
        .map(
            |&(fold, t)| -> Result<(usize, Vec<(usize, f64)>), TrainError> {
                let train: Vec<usize> = (0..items.len()).filter(|i| folds[*i] != fold).collect();
                let fit_rows: Vec<usize> = train
                    .iter()
                    .copied()
                    .filter(|i| fitted_on(&items[*i], t))
                    .collect();
                // Standardise on the training folds only, so no statistic leaks from the test fold.
                let (mean, scale) = standardisation(readings, &train);
                let labels: Vec<bool> = fit_rows
                    .iter()
                    .map(|i| regression_label(&items[*i], t))
                    .collect();
                let selected = if channels.ngrams() {
                    select_buckets(readings, &fit_rows, &labels, options.ngram_features)
                } else {
                    Vec::new()
                };
                let design = Design::new(channels, &mean, &scale, scales[t], selected);
                let (intercept, weights) = fit(
                    design.matrix(readings, &fit_rows),
                    &labels,
                    options.l2_penalty,
                    options.max_iterations,
                    REGRESSIONS[t],
                )?;
                let intercept = intercept - prior_log_odds(t, &labels);
                let scores = (0..items.len())
                    .filter(|i| folds[*i] == fold)
                    .map(|i| (i, design.probability(intercept, &weights, &readings[i])))
                    .collect();
                let finished = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                progress(stage, finished, jobs.len());
                Ok((t, scores))
            },
        )
        .collect::<Result<Vec<_>, _>>()?;
    let mut probabilities = vec![vec![0.0; items.len()]; REGRESSIONS.len()];
    for (t, scores) in results {
        for (i, p) in scores {
            probabilities[t][i] = p;
        }
    }
    let fold_base: Vec<f64> = (0..k)
        .map(|fold| {
            let (mut n, mut credible) = (0.0, 0.0);
            for (i, l) in items.iter().enumerate() {
                if folds[i] != fold {
                    n += 1.0;
                    credible += l.labels[CREDIBLE] as u8 as f64;
                }
            }
            credible / n
        })
        .collect();
    Ok(OutOfFold {
        probabilities,
        base_rate: folds.iter().map(|f| fold_base[*f]).collect(),
    })
}

/// What scores report, per item: the cue probabilities, the shrunk credibility and the
/// evidence weight; unsupported items get the base rate, no cue, no weight.
struct Outputs {
    /// Per target ([`TARGETS`] order), per item.
    targets: Vec<Vec<f64>>,
    evidence_weight: Vec<f64>,
}

fn outputs(probabilities: &[Vec<f64>], base_rate: &[f64], readings: &[Reading]) -> Outputs {
    let n = readings.len();
    let mut targets = vec![vec![0.0; n]; TARGETS.len()];
    let mut evidence_weight = vec![0.0; n];
    for i in 0..n {
        if !readings[i].supported {
            targets[CREDIBLE][i] = base_rate[i];
            continue;
        }
        for t in 0..CREDIBLE {
            targets[t][i] = probabilities[t][i];
        }
        let w = probabilities[4][i];
        targets[CREDIBLE][i] = base_rate[i] + w * (probabilities[CREDIBLE][i] - base_rate[i]);
        evidence_weight[i] = w;
    }
    Outputs {
        targets,
        evidence_weight,
    }
}

/// The language an item is counted under in per-language figures: declared, else detected.
fn language_of(item: &LabeledItem, reading: &Reading) -> Lang {
    item.item
        .lang
        .as_deref()
        .and_then(Lang::from_hint)
        .unwrap_or(reading.extracted.lang)
}

fn language_breakdown(
    langs: &[Lang],
    predictions: &[Vec<f64>],
    evidence_weight: Option<&[f64]>,
    items: &[LabeledItem],
) -> BTreeMap<String, BTreeMap<String, f64>> {
    let mut out = BTreeMap::new();
    for lang in [Lang::Fr, Lang::En] {
        let idx: Vec<usize> = (0..items.len()).filter(|i| langs[*i] == lang).collect();
        if idx.is_empty() {
            continue;
        }
        let mut per_target = BTreeMap::new();
        per_target.insert("items".to_string(), idx.len() as f64);
        for (t, name) in TARGETS.iter().enumerate() {
            let scores: Vec<f64> = idx.iter().map(|i| predictions[t][*i]).collect();
            let labels: Vec<bool> = idx.iter().map(|i| items[*i].labels[t]).collect();
            per_target.insert(format!("{name}_roc_auc"), roc_auc(&scores, &labels));
        }
        if let Some(w) = evidence_weight {
            let scores: Vec<f64> = idx.iter().map(|i| w[*i]).collect();
            let labels: Vec<bool> = idx.iter().map(|i| items[*i].has_evidence()).collect();
            per_target.insert("evidence_roc_auc".into(), roc_auc(&scores, &labels));
        }
        out.insert(lang.as_str().to_string(), per_target);
    }
    out
}

fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    if n == 0 {
        f64::NAN
    } else {
        sum / n as f64
    }
}

/// The metrics of what scores report, on labeled items.
fn report_of(
    method: String,
    items: &[LabeledItem],
    readings: &[Reading],
    outputs: &Outputs,
    base_rate: f64,
) -> Report {
    let langs: Vec<Lang> = items
        .iter()
        .zip(readings)
        .map(|(l, r)| language_of(l, r))
        .collect();
    let evidence_labels: Vec<bool> = items.iter().map(LabeledItem::has_evidence).collect();
    let neutral: Vec<usize> = (0..items.len()).filter(|i| !evidence_labels[*i]).collect();
    let w = &outputs.evidence_weight;
    Report {
        method,
        items: items.len(),
        targets: TARGETS
            .iter()
            .enumerate()
            .map(|(t, name)| {
                let labels: Vec<bool> = items.iter().map(|l| l.labels[t]).collect();
                (
                    name.to_string(),
                    target_metrics(&outputs.targets[t], &labels),
                )
            })
            .collect(),
        by_language: language_breakdown(&langs, &outputs.targets, Some(w), items),
        evidence: Some(target_metrics(w, &evidence_labels)),
        neutral: Some(NeutralSummary {
            neutral_items: neutral.len(),
            neutral_mean_evidence_weight: mean(neutral.iter().map(|i| w[*i])),
            neutral_mean_credibility: mean(neutral.iter().map(|i| outputs.targets[CREDIBLE][*i])),
            neutral_share_weight_at_most_0_2: mean(
                neutral.iter().map(|i| (w[*i] <= 0.2) as u8 as f64),
            ),
            evidence_mean_evidence_weight: mean(
                (0..items.len())
                    .filter(|i| evidence_labels[*i])
                    .map(|i| w[i]),
            ),
            base_rate,
        }),
        unsupported: readings.iter().filter(|r| !r.supported).count(),
        model_version: None,
        data_hash: None,
        feature_schema_hash: None,
        features_fingerprint: None,
        tuning: Vec::new(),
        ablation: Vec::new(),
        frozen: None,
    }
}

/// Grouped-CV ROC AUC of each regression on the items it is fitted on (for tuning).
fn regression_aucs(oof: &OutOfFold, items: &[LabeledItem]) -> [f64; 5] {
    let mut aucs = [0.0; 5];
    for (t, auc) in aucs.iter_mut().enumerate() {
        let idx: Vec<usize> = (0..items.len())
            .filter(|i| fitted_on(&items[*i], t))
            .collect();
        let scores: Vec<f64> = idx.iter().map(|i| oof.probabilities[t][*i]).collect();
        let labels: Vec<bool> = idx
            .iter()
            .map(|i| regression_label(&items[*i], t))
            .collect();
        *auc = roc_auc(&scores, &labels);
    }
    aucs
}

fn ablation_row(
    channels: Channels,
    oof: &OutOfFold,
    items: &[LabeledItem],
    readings: &[Reading],
) -> AblationRow {
    let out = outputs(&oof.probabilities, &oof.base_rate, readings);
    let langs: Vec<Lang> = items
        .iter()
        .zip(readings)
        .map(|(l, r)| language_of(l, r))
        .collect();
    let mut roc = BTreeMap::new();
    for (t, name) in TARGETS.iter().enumerate() {
        let labels: Vec<bool> = items.iter().map(|l| l.labels[t]).collect();
        roc.insert(name.to_string(), roc_auc(&out.targets[t], &labels));
    }
    let evidence_labels: Vec<bool> = items.iter().map(LabeledItem::has_evidence).collect();
    roc.insert(
        "evidence".into(),
        roc_auc(&out.evidence_weight, &evidence_labels),
    );
    AblationRow {
        channels: channels.as_str().into(),
        roc_auc: roc,
        by_language: language_breakdown(&langs, &out.targets, Some(&out.evidence_weight), items),
    }
}

fn write_out_of_fold(
    path: &Path,
    items: &[LabeledItem],
    readings: &[Reading],
    out: &Outputs,
    oof: &OutOfFold,
) -> Result<(), TrainError> {
    let mut text = String::new();
    for (i, l) in items.iter().enumerate() {
        let line = serde_json::json!({
            "id": l.item.id,
            "author": l.item.author,
            "lang": language_of(l, &readings[i]).as_str(),
            "text": l.item.text,
            "labels": l.labels,
            "supported": readings[i].supported,
            "self_promotion": out.targets[0][i],
            "unverifiable_claims": out.targets[1][i],
            "writing_errors": out.targets[2][i],
            "credibility": out.targets[CREDIBLE][i],
            "credible_given_evidence": oof.probabilities[CREDIBLE][i],
            "evidence_weight": out.evidence_weight[i],
        });
        text.push_str(&line.to_string());
        text.push('\n');
    }
    std::fs::write(path, text).map_err(|source| TrainError::Read {
        path: path.to_path_buf(),
        source,
    })
}

/// Cross-validates (grouped by author), tunes the n-gram scale per regression, runs the
/// ablation, fits on everything, scores the frozen split with the result, and returns the
/// artifact with its report.
pub fn train(
    extractor: &Extractor,
    items: &[LabeledItem],
    data_hash: &str,
    options: &TrainOptions,
    created_at: &str,
    progress: Progress<'_>,
) -> Result<(ModelArtifact, Report), TrainError> {
    if items.is_empty() {
        return Err(TrainError::Empty("the training files".into()));
    }
    for (t, name) in REGRESSIONS.iter().enumerate() {
        let labels: BTreeSet<bool> = items
            .iter()
            .filter(|l| fitted_on(l, t))
            .map(|l| regression_label(l, t))
            .collect();
        if labels.len() < 2 {
            return Err(TrainError::OneClass { target: name });
        }
    }
    progress("extracting features", 0, items.len());
    let readings = read_items(extractor, items);
    progress("extracting features", items.len(), items.len());
    let folds = grouped_folds(items, options.folds);
    let base_rate = items.iter().filter(|l| l.labels[CREDIBLE]).count() as f64 / items.len() as f64;

    // Grouped CV of both channels at each candidate scale; each regression keeps its best.
    let scales: Vec<f64> = if options.ngram_scales.is_empty() {
        vec![DEFAULT_NGRAM_SCALES[0]]
    } else {
        options.ngram_scales.clone()
    };
    let mut runs = Vec::new();
    for (c, scale) in scales.iter().enumerate() {
        let oof = cross_validate(
            &readings,
            items,
            &folds,
            options,
            Channels::Both,
            &[*scale; 5],
            &format!("cross-validating ({}/{})", c + 1, scales.len()),
            progress,
        )?;
        runs.push((regression_aucs(&oof, items), oof));
    }
    let mut chosen = [0usize; 5];
    let mut tuning = Vec::new();
    for (t, name) in REGRESSIONS.iter().enumerate() {
        chosen[t] = (0..runs.len())
            .max_by(|a, b| runs[*a].0[t].total_cmp(&runs[*b].0[t]))
            .expect("one run at least");
        tuning.push(Tuning {
            regression: name.to_string(),
            candidates: scales
                .iter()
                .zip(&runs)
                .map(|(s, (aucs, _))| (*s, aucs[t]))
                .collect(),
            chosen: scales[chosen[t]],
        });
    }
    let chosen_scales: [f64; 5] = std::array::from_fn(|t| scales[chosen[t]]);
    let both = OutOfFold {
        probabilities: (0..REGRESSIONS.len())
            .map(|t| runs[chosen[t]].1.probabilities[t].clone())
            .collect(),
        base_rate: runs[0].1.base_rate.clone(),
    };
    let mut ablation = Vec::new();
    if options.ablation {
        for channels in [Channels::Cues, Channels::Ngrams] {
            let oof = cross_validate(
                &readings,
                items,
                &folds,
                options,
                channels,
                &chosen_scales,
                &format!("ablation: {} only", channels.as_str()),
                progress,
            )?;
            ablation.push(ablation_row(channels, &oof, items, &readings));
        }
    }
    ablation.push(ablation_row(Channels::Both, &both, items, &readings));

    // The final fit, on everything.
    let all: Vec<usize> = (0..items.len()).collect();
    let (mean, scale) = standardisation(&readings, &all);
    let done = std::sync::atomic::AtomicUsize::new(0);
    progress("fitting the final model", 0, REGRESSIONS.len());
    let fitted = (0..REGRESSIONS.len())
        .into_par_iter()
        .map(|t| -> Result<(String, LinearTarget), TrainError> {
            let rows: Vec<usize> = all
                .iter()
                .copied()
                .filter(|i| fitted_on(&items[*i], t))
                .collect();
            let labels: Vec<bool> = rows
                .iter()
                .map(|i| regression_label(&items[*i], t))
                .collect();
            let selected = select_buckets(&readings, &rows, &labels, options.ngram_features);
            let design = Design::new(Channels::Both, &mean, &scale, chosen_scales[t], selected);
            let (intercept, weights) = fit(
                design.matrix(&readings, &rows),
                &labels,
                options.l2_penalty,
                options.max_iterations,
                REGRESSIONS[t],
            )?;
            let intercept = intercept - prior_log_odds(t, &labels);
            let ngram_weights = design
                .selected
                .iter()
                .zip(&weights[FEATURE_COUNT..])
                .map(|(b, w)| (*b, (w * chosen_scales[t]) as f32))
                .filter(|(_, w)| *w != 0.0)
                .collect();
            let finished = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            progress("fitting the final model", finished, REGRESSIONS.len());
            Ok((
                REGRESSIONS[t].to_string(),
                LinearTarget {
                    intercept,
                    weights: weights[..FEATURE_COUNT].to_vec(),
                    ngram_weights: SparseWeights(ngram_weights),
                    l2_penalty: options.l2_penalty,
                    ngram_scale: chosen_scales[t],
                },
            ))
        })
        .collect::<Result<BTreeMap<_, _>, _>>()?;
    let fingerprint = features_fingerprint(&readings);
    let out = outputs(&both.probabilities, &both.base_rate, &readings);
    if let Some(path) = &options.out_of_fold {
        write_out_of_fold(path, items, &readings, &out, &both)?;
    }
    let mut report = report_of(
        format!(
            "{}-fold cross-validation grouped by author ({} authors)",
            options.folds.max(2),
            items
                .iter()
                .map(|l| l.item.author.as_str())
                .collect::<BTreeSet<_>>()
                .len()
        ),
        items,
        &readings,
        &out,
        base_rate,
    );
    report.data_hash = Some(data_hash.to_string());
    report.feature_schema_hash = Some(feature_schema_hash().to_string());
    report.features_fingerprint = Some(fingerprint.clone());
    report.tuning = tuning;
    report.ablation = ablation;
    let mut artifact = ModelArtifact {
        format: ARTIFACT_FORMAT.to_string(),
        version: String::new(),
        feature_schema_version: FEATURE_SCHEMA_VERSION,
        feature_schema_hash: feature_schema_hash().to_string(),
        ngram_schema: NGRAM_SCHEMA.to_string(),
        features: FEATURES.iter().map(|(name, _)| name.to_string()).collect(),
        mean,
        scale,
        base_rate,
        targets: fitted,
        training: TrainingInfo {
            data_hash: data_hash.to_string(),
            items: items.len(),
            l2_penalty: options.l2_penalty,
            created_at: created_at.to_string(),
            features_fingerprint: fingerprint,
        },
        metrics: serde_json::Value::Null,
    };
    artifact.version = artifact.content_version();
    report.model_version = Some(artifact.version.clone());

    if let Some(path) = options.frozen_split.as_ref().filter(|p| p.is_file()) {
        progress("scoring the frozen split", 0, 1);
        let (frozen, _, _) = load_labeled(std::slice::from_ref(path))?;
        if !frozen.is_empty() {
            let model = Model::new(artifact.clone()).map_err(|e| TrainError::Fit {
                target: "credible",
                message: format!("the model just trained does not load: {e}"),
            })?;
            let mut frozen_report = evaluate(extractor, &model, &frozen);
            let training_authors: BTreeSet<&str> =
                items.iter().map(|l| l.item.author.as_str()).collect();
            let shared = frozen
                .iter()
                .map(|l| l.item.author.as_str())
                .filter(|a| training_authors.contains(a))
                .collect::<BTreeSet<_>>()
                .len();
            frozen_report.method = format!(
                "frozen split {} scored by the final model ({} authors, {} of them also in training)",
                path.display(),
                frozen
                    .iter()
                    .map(|l| l.item.author.as_str())
                    .collect::<BTreeSet<_>>()
                    .len(),
                shared
            );
            report.frozen = Some(Box::new(frozen_report));
        }
        progress("scoring the frozen split", 1, 1);
    }
    artifact.metrics = serde_json::to_value(&report).expect("report serialises");
    progress("done", 1, 1);
    Ok((artifact, report))
}

/// Scores labeled items with a model, exactly as `credscore score` does, and reports the
/// metrics.
pub fn evaluate(extractor: &Extractor, model: &Model, items: &[LabeledItem]) -> Report {
    let readings = read_items(extractor, items);
    let mut probabilities = vec![vec![0.0; items.len()]; REGRESSIONS.len()];
    for (i, reading) in readings.iter().enumerate() {
        let p = model.predict(&reading.extracted, &reading.ngrams);
        for (target, column) in probabilities.iter_mut().enumerate().take(CREDIBLE) {
            column[i] = p.probabilities[target];
        }
        probabilities[CREDIBLE][i] = p.credible_given_evidence;
        probabilities[4][i] = p.evidence_weight;
    }
    let base = vec![model.base_rate(); items.len()];
    let out = outputs(&probabilities, &base, &readings);
    report_of(
        "evaluation".into(),
        items,
        &readings,
        &out,
        model.base_rate(),
    )
}

impl Report {
    /// A plain-text report for people.
    pub fn to_text(&self) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        let _ = writeln!(out, "{} on {} items", self.method, self.items);
        for (name, value) in [
            ("corpus hash", &self.data_hash),
            ("feature schema hash", &self.feature_schema_hash),
            ("features fingerprint", &self.features_fingerprint),
        ] {
            if let Some(value) = value {
                let _ = writeln!(out, "{name}: {value}");
            }
        }
        let _ = writeln!(
            out,
            "{:<20} {:>7} {:>9} {:>9} {:>7} {:>7} {:>6}",
            "target", "items", "positives", "roc_auc", "prec", "recall", "f1"
        );
        let evidence = self.evidence.iter().map(|m| ("evidence", m));
        for (name, m) in self
            .targets
            .iter()
            .map(|(n, m)| (n.as_str(), m))
            .chain(evidence)
        {
            let _ = writeln!(
                out,
                "{:<20} {:>7} {:>9} {:>9.3} {:>7.3} {:>7.3} {:>6.3}",
                name, m.items, m.positives, m.roc_auc, m.precision, m.recall, m.f1
            );
        }
        let mut language_names: Vec<String> = TARGETS.iter().map(|t| t.to_string()).collect();
        if self.evidence.is_some() {
            language_names.push("evidence".into());
        }
        for (lang, metrics) in &self.by_language {
            let aucs: Vec<String> = language_names
                .iter()
                .map(|t| {
                    format!(
                        "{t} {:.3}",
                        metrics
                            .get(&format!("{t}_roc_auc"))
                            .copied()
                            .unwrap_or(f64::NAN)
                    )
                })
                .collect();
            let _ = writeln!(
                out,
                "{lang} ({} items) ROC AUC: {}",
                metrics.get("items").copied().unwrap_or(0.0),
                aucs.join(", ")
            );
        }
        if self.unsupported > 0 {
            let _ = writeln!(
                out,
                "{} items not judged (unsupported language or no letters): base-rate credibility, no cue",
                self.unsupported
            );
        }
        if let Some(n) = &self.neutral {
            let _ = writeln!(
                out,
                "neutral items (no label positive): {}, mean evidence weight {:.3} ({:.0} % at most 0.2), mean credibility {:.3} (base rate {:.3}); items with evidence: mean evidence weight {:.3}",
                n.neutral_items,
                n.neutral_mean_evidence_weight,
                100.0 * n.neutral_share_weight_at_most_0_2,
                n.neutral_mean_credibility,
                n.base_rate,
                n.evidence_mean_evidence_weight
            );
        }
        if !self.tuning.is_empty() {
            let _ = writeln!(
                out,
                "\nn-gram scale per regression (grouped-CV ROC AUC of the regression alone)"
            );
            for t in &self.tuning {
                let candidates: Vec<String> = t
                    .candidates
                    .iter()
                    .map(|(s, auc)| format!("{s}: {auc:.4}"))
                    .collect();
                let _ = writeln!(
                    out,
                    "  {:<20} {}  → {}",
                    t.regression,
                    candidates.join(", "),
                    t.chosen
                );
            }
        }
        if !self.ablation.is_empty() {
            let _ = writeln!(out, "\nablation: grouped-CV ROC AUC by input channels");
            let mut columns: Vec<String> = TARGETS.iter().map(|t| t.to_string()).collect();
            columns.push("evidence".into());
            let _ = writeln!(
                out,
                "  {:<8} {:<4} {}",
                "channels",
                "lang",
                columns
                    .iter()
                    .map(|c| format!("{c:>19}"))
                    .collect::<String>()
            );
            for row in &self.ablation {
                let all = columns
                    .iter()
                    .map(|c| format!("{:>19.3}", row.roc_auc.get(c).copied().unwrap_or(f64::NAN)))
                    .collect::<String>();
                let _ = writeln!(out, "  {:<8} {:<4} {all}", row.channels, "all");
                for (lang, metrics) in &row.by_language {
                    let values = columns
                        .iter()
                        .map(|c| {
                            format!(
                                "{:>19.3}",
                                metrics
                                    .get(&format!("{c}_roc_auc"))
                                    .copied()
                                    .unwrap_or(f64::NAN)
                            )
                        })
                        .collect::<String>();
                    let _ = writeln!(out, "  {:<8} {:<4} {values}", row.channels, lang);
                }
            }
        }
        if let Some(frozen) = &self.frozen {
            let _ = writeln!(out, "\n{}", frozen.summary_text());
        }
        let _ = write!(out, "{}", self.calibration_text());
        out
    }

    /// The tables of a report without its calibration (the frozen split's section).
    fn summary_text(&self) -> String {
        let mut short = self.clone();
        short
            .targets
            .values_mut()
            .for_each(|m| m.calibration.clear());
        short.to_text()
    }

    fn calibration_text(&self) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        for (name, m) in &self.targets {
            if m.calibration.iter().all(|b| b.count == 0) {
                continue;
            }
            let _ = writeln!(
                out,
                "\ncalibration of {name} (predicted range: count, mean predicted, observed rate)"
            );
            for bin in m.calibration.iter().filter(|b| b.count > 0) {
                let _ = writeln!(
                    out,
                    "  [{:.1}, {:.1}): {:>5}  {:.3}  {:.3}",
                    bin.from, bin.to, bin.count, bin.mean_predicted, bin.observed_rate
                );
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auc_of_perfect_random_and_reversed_rankings() {
        let labels = [false, false, true, true];
        assert_eq!(roc_auc(&[0.1, 0.2, 0.8, 0.9], &labels), 1.0);
        assert_eq!(roc_auc(&[0.9, 0.8, 0.2, 0.1], &labels), 0.0);
        assert_eq!(roc_auc(&[0.5, 0.5, 0.5, 0.5], &labels), 0.5);
    }

    fn labeled(id: usize, author: &str, labels: [bool; 4]) -> LabeledItem {
        LabeledItem {
            item: Item {
                id: format!("i{id}"),
                author: author.to_string(),
                kind: crate::item::Kind::Comment,
                parent_id: None,
                platform: None,
                lang: Some(if id.is_multiple_of(2) { "fr" } else { "en" }.into()),
                created_at: None,
                url: None,
                text: "x".into(),
            },
            labels,
        }
    }

    #[test]
    fn folds_keep_authors_together_and_labels_balanced() {
        // 60 authors with 1 to 6 items each; a quarter of the items credible.
        let mut items = Vec::new();
        for a in 0..60 {
            for _ in 0..(1 + a % 6) {
                let id = items.len();
                items.push(labeled(
                    id,
                    &format!("author{a}"),
                    [false, false, id % 3 == 0, id % 4 == 0],
                ));
            }
        }
        let folds = grouped_folds(&items, 5);
        let mut fold_of_author = BTreeMap::new();
        for (l, f) in items.iter().zip(&folds) {
            assert_eq!(
                *fold_of_author.entry(l.item.author.clone()).or_insert(*f),
                *f
            );
        }
        let n = items.len() as f64;
        let credible = items.iter().filter(|l| l.labels[3]).count() as f64;
        for fold in 0..5 {
            let members: Vec<&LabeledItem> = items
                .iter()
                .zip(&folds)
                .filter(|(_, f)| **f == fold)
                .map(|(l, _)| l)
                .collect();
            let share = members.len() as f64 / n;
            assert!(
                (share - 0.2).abs() < 0.03,
                "fold {fold} has {share} of the items"
            );
            let positives = members.iter().filter(|l| l.labels[3]).count() as f64;
            assert!(
                (positives / credible - 0.2).abs() < 0.05,
                "fold {fold}: {positives} credible"
            );
        }
    }

    #[test]
    fn fitted_probabilities_belong_to_the_positive_class() {
        // Trivially separable: feature 0 is 1 for positives and -1 for negatives.
        let n = 40;
        let labels: Vec<bool> = (0..n).map(|i| i % 2 == 0).collect();
        let z = Array2::<f32>::from_shape_fn((n, 2), |(r, c)| {
            if c == 0 {
                if labels[r] {
                    1.0
                } else {
                    -1.0
                }
            } else {
                (r % 3) as f32
            }
        });
        for flipped in [false, true] {
            // The class seen first decides linfa's orientation: try both orders.
            let labels: Vec<bool> = labels.iter().map(|l| *l != flipped).collect();
            let sign = if flipped { -1.0 } else { 1.0 };
            let (intercept, weights) = fit(z.clone(), &labels, 1.0, 300, "test").unwrap();
            let scores = linear_scores(&z, intercept, &weights);
            for (s, l) in scores.iter().zip(&labels) {
                assert_eq!(*s > 0.5, *l, "probability {s} for label {l}");
            }
            assert!(weights[0] * sign > 0.0);
        }
    }

    /// The built-in model and `models/report.json` must come from the corpus as it is and
    /// the features as this build extracts them: `make train` regenerates both.
    #[test]
    fn built_in_model_and_report_match_the_corpus_and_the_features() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let files = corpus_files(&root.join("corpus")).expect("corpus directory");
        let (items, errors, corpus_hash) = load_labeled(&files).expect("corpus loads");
        assert!(errors.is_empty(), "{errors:?}");
        let stale = "run `make train` and commit models/";
        let artifact: serde_json::Value =
            serde_json::from_str(crate::model::DEFAULT_ARTIFACT).expect("a built-in model");
        let report: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(root.join("models/report.json")).expect("models/report.json"),
        )
        .expect("report JSON");
        assert_eq!(
            artifact["training"]["data_hash"], corpus_hash,
            "the built-in model was trained on another corpus: {stale}"
        );
        assert_eq!(
            report["data_hash"], corpus_hash,
            "models/report.json is about another corpus: {stale}"
        );
        assert_eq!(
            artifact["feature_schema_hash"],
            feature_schema_hash(),
            "the built-in model was trained on other features (schema, n-grams or lexicons): {stale}"
        );
        assert_eq!(
            report["feature_schema_hash"],
            feature_schema_hash(),
            "models/report.json was made with other features: {stale}"
        );
        assert_eq!(
            report["model_version"], artifact["version"],
            "models/report.json is about another model than the built-in one: {stale}"
        );
        // What the schema cannot name: extraction code that computes other values.
        let dictionaries = crate::spell::Dictionaries::load_default()
            .expect("Hunspell dictionaries missing: run `make deps`");
        let extractor = Extractor::new(std::sync::Arc::new(dictionaries));
        let fingerprint = features_fingerprint(&read_items(&extractor, &items));
        assert_eq!(
            artifact["training"]["features_fingerprint"], fingerprint,
            "feature extraction computes other values on the corpus than when the built-in model was trained: {stale}"
        );
        assert_eq!(report["features_fingerprint"], fingerprint, "{stale}");
        Model::builtin().expect("the built-in model loads");
    }
}
