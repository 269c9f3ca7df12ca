//! Training and evaluation: the labeled corpus, stratified k-fold cross-validation, the
//! metrics report and the final fit.

use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};

use linfa::prelude::*;
use linfa_logistic::LogisticRegression;
use ndarray::{Array1, Array2};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::features::{Extractor, FEATURES, FEATURE_COUNT, FEATURE_SCHEMA_VERSION};
use crate::item::{Item, Kind};
use crate::lang::Lang;
use crate::model::{LinearTarget, Model, ModelArtifact, TrainingInfo, ARTIFACT_FORMAT, TARGETS};

/// An item with its four labels, in [`TARGETS`] order.
#[derive(Debug, Clone)]
pub struct LabeledItem {
    /// The item.
    pub item: Item,
    /// Whether each target applies, as labeled.
    pub labels: [bool; 4],
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

/// Metrics per target, overall and per language.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    /// "5-fold stratified cross-validation" or "evaluation".
    pub method: String,
    /// Items evaluated.
    pub items: usize,
    /// Metrics per target name.
    pub targets: BTreeMap<String, TargetMetrics>,
    /// Per language (`fr`, `en`): its item count and each target's ROC AUC.
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

/// Options of `credscore train`.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Cross-validation folds.
    pub folds: usize,
    /// L2 regularisation strength.
    pub l2_penalty: f64,
    /// Optimiser iterations per fit, at most.
    pub max_iterations: u64,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            folds: 5,
            l2_penalty: 1.0,
            max_iterations: 300,
        }
    }
}

/// Progress reported while training: (stage, done, total).
pub type Progress<'a> = &'a (dyn Fn(&str, usize, usize) + Sync);

fn features_of(extractor: &Extractor, items: &[LabeledItem]) -> (Array2<f64>, Vec<Lang>) {
    let rows: Vec<_> = items
        .par_iter()
        .map(|l| {
            let hint = l.item.lang.as_deref().and_then(Lang::from_hint);
            extractor.extract(&l.item.text, hint, l.item.kind == Kind::Comment)
        })
        .collect();
    let mut x = Array2::zeros((items.len(), FEATURE_COUNT));
    for (r, extracted) in rows.iter().enumerate() {
        for (c, v) in extracted.values.iter().enumerate() {
            x[[r, c]] = *v;
        }
    }
    (x, rows.iter().map(|e| e.lang).collect())
}

fn standardisation(x: &Array2<f64>) -> (Vec<f64>, Vec<f64>) {
    let n = x.nrows() as f64;
    let mean: Vec<f64> = x.columns().into_iter().map(|c| c.sum() / n).collect();
    let scale = x
        .columns()
        .into_iter()
        .zip(&mean)
        .map(|(c, m)| {
            let sd = (c.iter().map(|v| (v - m).powi(2)).sum::<f64>() / n).sqrt();
            if sd > 1e-9 {
                sd
            } else {
                1.0
            }
        })
        .collect();
    (mean, scale)
}

fn standardise(x: &Array2<f64>, mean: &[f64], scale: &[f64]) -> Array2<f64> {
    let mut z = x.clone();
    for mut row in z.rows_mut() {
        for (i, v) in row.iter_mut().enumerate() {
            *v = (*v - mean[i]) / scale[i];
        }
    }
    z
}

/// Fits one logistic regression with linfa and returns (intercept, weights) oriented so that
/// sigmoid(intercept + w·z) is the probability of the positive label. The orientation is
/// checked on the training data rather than trusted, because linfa-logistic releases up to
/// 0.8.1 could swap the classes of a binary problem.
fn fit(
    z: &Array2<f64>,
    labels: &[bool],
    options: &TrainOptions,
    target: &'static str,
) -> Result<LinearTarget, TrainError> {
    let y: Array1<usize> = labels.iter().map(|l| *l as usize).collect();
    if y.iter().all(|v| *v == y[0]) {
        return Err(TrainError::OneClass { target });
    }
    let dataset = Dataset::new(z.clone(), y);
    let fitted = LogisticRegression::default()
        .alpha(options.l2_penalty)
        .max_iterations(options.max_iterations)
        .gradient_tolerance(1e-6)
        .fit(&dataset)
        .map_err(|e| TrainError::Fit {
            target,
            message: e.to_string(),
        })?;
    let mut result = LinearTarget {
        intercept: fitted.intercept(),
        weights: fitted.params().to_vec(),
    };
    let scores = linear_scores(z, &result);
    if roc_auc(&scores, labels) < 0.5 {
        result.intercept = -result.intercept;
        result.weights.iter_mut().for_each(|w| *w = -*w);
    }
    Ok(result)
}

fn linear_scores(z: &Array2<f64>, target: &LinearTarget) -> Vec<f64> {
    z.rows()
        .into_iter()
        .map(|row| {
            let logit = target.intercept
                + row
                    .iter()
                    .zip(&target.weights)
                    .map(|(a, b)| a * b)
                    .sum::<f64>();
            1.0 / (1.0 + (-logit).exp())
        })
        .collect()
}

/// Stratified fold assignment: positives and negatives are dealt round-robin after a
/// deterministic shuffle, so every fold has the class balance of the whole.
fn stratified_folds(labels: &[bool], folds: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..labels.len()).collect();
    // A fixed-seed xorshift shuffle keeps training reproducible without a RNG dependency.
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    for i in (1..order.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        order.swap(i, (state % (i as u64 + 1)) as usize);
    }
    let mut assignment = vec![0; labels.len()];
    let (mut next_positive, mut next_negative) = (0, 0);
    for index in order {
        let counter = if labels[index] {
            &mut next_positive
        } else {
            &mut next_negative
        };
        assignment[index] = *counter % folds;
        *counter += 1;
    }
    assignment
}

fn labels_of(items: &[LabeledItem], target: usize) -> Vec<bool> {
    items.iter().map(|l| l.labels[target]).collect()
}

fn language_breakdown(
    langs: &[Lang],
    predictions: &[Vec<f64>],
    items: &[LabeledItem],
) -> BTreeMap<String, BTreeMap<String, f64>> {
    let mut out = BTreeMap::new();
    for lang in [Lang::Fr, Lang::En] {
        let idx: Vec<usize> = (0..items.len()).filter(|i| langs[*i] == lang).collect();
        let mut per_target = BTreeMap::new();
        per_target.insert("items".to_string(), idx.len() as f64);
        for (t, name) in TARGETS.iter().enumerate() {
            let scores: Vec<f64> = idx.iter().map(|i| predictions[t][*i]).collect();
            let labels: Vec<bool> = idx.iter().map(|i| items[*i].labels[t]).collect();
            per_target.insert(format!("{name}_roc_auc"), roc_auc(&scores, &labels));
        }
        out.insert(lang.as_str().to_string(), per_target);
    }
    out
}

/// Cross-validates, then fits on everything and returns the artifact with its report.
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
    progress("extracting features", 0, items.len());
    let (x, langs) = features_of(extractor, items);
    progress("extracting features", items.len(), items.len());
    let (mean, scale) = standardisation(&x);
    let z = standardise(&x, &mean, &scale);
    let steps = TARGETS.len() * (options.folds + 1);
    let mut step = 0;
    let mut out_of_fold = vec![vec![0.0; items.len()]; TARGETS.len()];
    let mut targets = BTreeMap::new();
    for (t, name) in TARGETS.iter().enumerate() {
        let labels = labels_of(items, t);
        let folds = stratified_folds(&labels, options.folds);
        for fold in 0..options.folds {
            progress(&format!("cross-validating {name}"), step, steps);
            let train_idx: Vec<usize> = (0..items.len()).filter(|i| folds[*i] != fold).collect();
            let test_idx: Vec<usize> = (0..items.len()).filter(|i| folds[*i] == fold).collect();
            // Standardise on the training folds only, so no statistic leaks from the test fold.
            let x_train = x.select(ndarray::Axis(0), &train_idx);
            let (fold_mean, fold_scale) = standardisation(&x_train);
            let z_train = standardise(&x_train, &fold_mean, &fold_scale);
            let y_train: Vec<bool> = train_idx.iter().map(|i| labels[*i]).collect();
            let fitted = fit(&z_train, &y_train, options, name)?;
            let z_test = standardise(
                &x.select(ndarray::Axis(0), &test_idx),
                &fold_mean,
                &fold_scale,
            );
            for (i, score) in test_idx.iter().zip(linear_scores(&z_test, &fitted)) {
                out_of_fold[t][*i] = score;
            }
            step += 1;
        }
        progress(&format!("fitting {name}"), step, steps);
        targets.insert(name.to_string(), fit(&z, &labels, options, name)?);
        step += 1;
    }
    progress("done", steps, steps);
    let report = Report {
        method: format!("{}-fold stratified cross-validation", options.folds),
        items: items.len(),
        targets: TARGETS
            .iter()
            .enumerate()
            .map(|(t, name)| {
                (
                    name.to_string(),
                    target_metrics(&out_of_fold[t], &labels_of(items, t)),
                )
            })
            .collect(),
        by_language: language_breakdown(&langs, &out_of_fold, items),
    };
    let mut artifact = ModelArtifact {
        format: ARTIFACT_FORMAT.to_string(),
        version: String::new(),
        feature_schema_version: FEATURE_SCHEMA_VERSION,
        features: FEATURES.iter().map(|(name, _)| name.to_string()).collect(),
        mean,
        scale,
        targets,
        training: TrainingInfo {
            data_hash: data_hash.to_string(),
            items: items.len(),
            l2_penalty: options.l2_penalty,
            created_at: created_at.to_string(),
        },
        metrics: serde_json::to_value(&report).expect("report serialises"),
    };
    artifact.version = artifact.content_version();
    Ok((artifact, report))
}

/// Scores labeled items with a model and reports the metrics.
pub fn evaluate(extractor: &Extractor, model: &Model, items: &[LabeledItem]) -> Report {
    let (x, langs) = features_of(extractor, items);
    let mut predictions = vec![vec![0.0; items.len()]; TARGETS.len()];
    for (r, row) in x.rows().into_iter().enumerate() {
        let mut values = [0.0; FEATURE_COUNT];
        values.iter_mut().zip(row.iter()).for_each(|(v, x)| *v = *x);
        let extracted = crate::features::Extracted {
            lang: langs[r],
            values,
            evidence: Vec::new(),
        };
        let p = model.predict(&extracted);
        for (column, probability) in predictions.iter_mut().zip(p.probabilities) {
            column[r] = probability;
        }
    }
    Report {
        method: "evaluation".into(),
        items: items.len(),
        targets: TARGETS
            .iter()
            .enumerate()
            .map(|(t, name)| {
                (
                    name.to_string(),
                    target_metrics(&predictions[t], &labels_of(items, t)),
                )
            })
            .collect(),
        by_language: language_breakdown(&langs, &predictions, items),
    }
}

impl Report {
    /// A plain-text report for people.
    pub fn to_text(&self) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        let _ = writeln!(out, "{} on {} items", self.method, self.items);
        let _ = writeln!(
            out,
            "{:<20} {:>7} {:>9} {:>9} {:>7} {:>7} {:>6}",
            "target", "items", "positives", "roc_auc", "prec", "recall", "f1"
        );
        for (name, m) in &self.targets {
            let _ = writeln!(
                out,
                "{:<20} {:>7} {:>9} {:>9.3} {:>7.3} {:>7.3} {:>6.3}",
                name, m.items, m.positives, m.roc_auc, m.precision, m.recall, m.f1
            );
        }
        for (lang, metrics) in &self.by_language {
            let aucs: Vec<String> = TARGETS
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
        for (name, m) in &self.targets {
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

    #[test]
    fn folds_keep_class_balance() {
        let labels: Vec<bool> = (0..100).map(|i| i % 4 == 0).collect();
        let folds = stratified_folds(&labels, 5);
        for fold in 0..5 {
            let members: Vec<usize> = (0..100).filter(|i| folds[*i] == fold).collect();
            assert_eq!(members.len(), 20);
            assert_eq!(members.iter().filter(|i| labels[**i]).count(), 5);
        }
    }

    #[test]
    fn fitted_probabilities_belong_to_the_positive_class() {
        // Trivially separable: feature 0 is 1 for positives and -1 for negatives.
        let n = 40;
        let labels: Vec<bool> = (0..n).map(|i| i % 2 == 0).collect();
        let z = Array2::from_shape_fn((n, 2), |(r, c)| {
            if c == 0 {
                if labels[r] {
                    1.0
                } else {
                    -1.0
                }
            } else {
                (r % 3) as f64
            }
        });
        let fitted = fit(&z, &labels, &TrainOptions::default(), "test").unwrap();
        let scores = linear_scores(&z, &fitted);
        for (s, l) in scores.iter().zip(&labels) {
            assert_eq!(*s > 0.5, *l, "probability {s} for label {l}");
        }
        assert!(fitted.weights[0] > 0.0);
    }
}
