//! Training and evaluation of the stance model: the labeled replies of `corpus/stance/`,
//! cross-validation grouped by author, the n-gram scale chosen per regression, the ablation
//! of the two input channels, the frozen split (`corpus/stance/frozen/test.jsonl`, other
//! authors, only ever scored) and the report, ROC AUC per class and per language.
//!
//! The same honest evaluation as the credibility model ([`crate::train`]): no author in both
//! a training and a test fold, folds balanced for both classes and both languages,
//! standardisation and n-gram selection fitted on the training folds only.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use ndarray::Array2;
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use super::features::{self, STANCE_FEATURES, STANCE_FEATURE_COUNT};
use super::{
    stance_schema_hash, Stance, StanceArtifact, StanceModel, STANCE_ARTIFACT_FORMAT,
    STANCE_REGRESSIONS,
};
use crate::item::Item;
use crate::model::{LinearTarget, SparseWeights, TrainingInfo};
use crate::ngrams::{self, NgramVector, NGRAM_BUCKETS, NGRAM_SCHEMA};
use crate::text::Normalized;
use crate::train::{
    fit_logistic, grouped_folds, load_jsonl, roc_auc, select_ngram_buckets, Channels, LabeledItem,
    LineError, Progress, TrainError,
};

pub use super::report::{AucRow, StanceAblationRow, StanceItem, StanceReport, StanceTuning};

fn parse_stance_line(line: &str) -> Result<StanceItem, String> {
    let value: serde_json::Value =
        serde_json::from_str(line).map_err(|e| format!("invalid JSON: {e}"))?;
    let name = value
        .get("stance")
        .and_then(|s| s.as_str())
        .ok_or("field `stance` is missing or not a string")?;
    let stance = Stance::parse(name).ok_or_else(|| {
        format!("field `stance` is {name:?}, not endorses, neutral or contradicts")
    })?;
    let item = Item::from_value(value).map_err(|e| e.to_string())?;
    Ok(StanceItem { item, stance })
}

/// Reads labeled replies; bad lines come back with their line numbers. The hash is the
/// SHA-256 of every line of the files in order, as [`crate::train::load_labeled`] computes it.
pub fn load_stance(
    files: &[PathBuf],
) -> Result<(Vec<StanceItem>, Vec<LineError>, String), TrainError> {
    load_jsonl(files, parse_stance_line)
}

/// What the stance model reads of a reply: its cue features and n-grams.
#[derive(Debug, Clone)]
pub struct StanceReading {
    /// Stance feature values, in [`STANCE_FEATURES`] order.
    pub values: [f64; STANCE_FEATURE_COUNT],
    /// The hashed n-gram channel.
    pub ngrams: NgramVector,
}

/// Reads every reply as prediction does, in parallel.
pub fn read_stance(items: &[StanceItem]) -> Vec<StanceReading> {
    items
        .par_iter()
        .map(|s| {
            let norm = Normalized::new(&s.item.text);
            StanceReading {
                values: features::extract(&norm).values,
                ngrams: ngrams::extract(&norm),
            }
        })
        .collect()
}

/// A hash of the features of `readings` (values to 1e-6, n-gram values to 1e-4), stored
/// with the model: a test recomputes it to notice extraction changes the schema does not name.
pub fn stance_fingerprint(readings: &[StanceReading]) -> String {
    let mut hasher = Sha256::new();
    for r in readings {
        for v in &r.values {
            hasher.update(((v * 1e6).round() as i64).to_le_bytes());
        }
        for (b, v) in &r.ngrams.entries {
            hasher.update(b.to_le_bytes());
            hasher.update((((*v as f64) * 1e4).round() as i32).to_le_bytes());
        }
        hasher.update(b"\n");
    }
    super::short_hex(&hasher.finalize())
}

/// Options of stance training.
#[derive(Debug, Clone)]
pub struct StanceTrainOptions {
    /// Cross-validation folds, grouped by author.
    pub folds: usize,
    /// L2 penalty of both regressions (linfa's `alpha`).
    pub l2_penalty: f64,
    /// Optimiser iterations per fit, at most.
    pub max_iterations: u64,
    /// Candidate factors of the n-gram values; grouped CV picks one per regression.
    pub ngram_scales: Vec<f64>,
    /// N-gram buckets each regression keeps (highest ANOVA F on the training rows).
    pub ngram_features: usize,
    /// The frozen split, scored by the final model; skipped when the file does not exist.
    pub frozen_split: Option<PathBuf>,
}

impl Default for StanceTrainOptions {
    fn default() -> Self {
        StanceTrainOptions {
            folds: 5,
            l2_penalty: 1.0,
            max_iterations: 300,
            ngram_scales: vec![1.0, 2.0, 4.0],
            ngram_features: 1500,
            frozen_split: Some(PathBuf::from("corpus/stance/frozen/test.jsonl")),
        }
    }
}

/// Per-feature mean and standard deviation (1 when constant) of `rows`.
fn standardisation(readings: &[StanceReading], rows: &[usize]) -> (Vec<f64>, Vec<f64>) {
    let n = rows.len().max(1) as f64;
    let mut mean = vec![0.0; STANCE_FEATURE_COUNT];
    for r in rows {
        for (m, v) in mean.iter_mut().zip(&readings[*r].values) {
            *m += v / n;
        }
    }
    let mut var = [0.0; STANCE_FEATURE_COUNT];
    for r in rows {
        for ((s, v), m) in var.iter_mut().zip(&readings[*r].values).zip(&mean) {
            *s += (v - m).powi(2) / n;
        }
    }
    let scale = var
        .iter()
        .map(|v| if v.sqrt() > 1e-9 { v.sqrt() } else { 1.0 })
        .collect();
    (mean, scale)
}

/// The `k` n-gram buckets with the highest ANOVA F statistic against the labels on `rows`,
/// in bucket order, selected as the credibility model selects its own.
fn select_buckets(
    readings: &[StanceReading],
    rows: &[usize],
    labels: &[bool],
    k: usize,
) -> Vec<u32> {
    select_ngram_buckets(
        rows.iter()
            .map(|r| &readings[*r].ngrams)
            .zip(labels.iter().copied()),
        k,
    )
}

/// One regression's inputs: standardised cues and the selected, scaled n-gram buckets.
struct Design<'a> {
    channels: Channels,
    mean: &'a [f64],
    scale: &'a [f64],
    ngram_scale: f64,
    selected: Vec<u32>,
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
        if channels != Channels::Cues {
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
        if self.channels == Channels::Ngrams {
            0
        } else {
            STANCE_FEATURE_COUNT
        }
    }

    fn row(&self, reading: &StanceReading, out: &mut [f32]) {
        if self.cue_columns() > 0 {
            for (c, v) in reading.values.iter().enumerate() {
                out[c] = ((v - self.mean[c]) / self.scale[c]) as f32;
            }
        }
        if self.channels != Channels::Cues {
            let offset = self.cue_columns();
            for (b, v) in &reading.ngrams.entries {
                let column = self.column[*b as usize];
                if column != u32::MAX {
                    out[offset + column as usize] += v * self.ngram_scale as f32;
                }
            }
        }
    }

    fn matrix(&self, readings: &[StanceReading], rows: &[usize]) -> Array2<f32> {
        let width = self.cue_columns()
            + if self.channels == Channels::Cues {
                0
            } else {
                self.selected.len()
            };
        let mut x = Array2::zeros((rows.len(), width));
        for (i, r) in rows.iter().enumerate() {
            self.row(
                &readings[*r],
                x.row_mut(i).as_slice_mut().expect("rows are contiguous"),
            );
        }
        x
    }

    fn probability(&self, intercept: f64, weights: &[f64], reading: &StanceReading) -> f64 {
        let mut row = vec![0.0f32; weights.len()];
        self.row(reading, &mut row);
        let logit = intercept
            + row
                .iter()
                .zip(weights)
                .map(|(x, w)| *x as f64 * w)
                .sum::<f64>();
        1.0 / (1.0 + (-logit).exp())
    }
}

/// Fits regression `t` on `rows`: (intercept, weights, the design it was fitted through).
#[allow(clippy::too_many_arguments)]
fn fit_one<'a>(
    readings: &[StanceReading],
    items: &[StanceItem],
    rows: &[usize],
    t: usize,
    channels: Channels,
    ngram_scale: f64,
    mean: &'a [f64],
    scale: &'a [f64],
    options: &StanceTrainOptions,
) -> Result<(f64, Vec<f64>, Design<'a>), TrainError> {
    let labels: Vec<bool> = rows.iter().map(|i| items[*i].label(t)).collect();
    let selected = if channels == Channels::Cues {
        Vec::new()
    } else {
        select_buckets(readings, rows, &labels, options.ngram_features)
    };
    let design = Design::new(channels, mean, scale, ngram_scale, selected);
    let (intercept, weights) = fit_logistic(
        design.matrix(readings, rows),
        &labels,
        options.l2_penalty,
        options.max_iterations,
        STANCE_REGRESSIONS[t],
    )?;
    Ok((intercept, weights, design))
}

/// Out-of-fold probabilities `[endorses, contradicts]` of every reply.
fn cross_validate(
    readings: &[StanceReading],
    items: &[StanceItem],
    folds: &[usize],
    channels: Channels,
    scales: [f64; 2],
    options: &StanceTrainOptions,
) -> Result<Vec<[f64; 2]>, TrainError> {
    let k = folds.iter().copied().max().unwrap_or(0) + 1;
    let jobs: Vec<(usize, usize)> = (0..k).flat_map(|f| (0..2).map(move |t| (f, t))).collect();
    let results = jobs
        .par_iter()
        .map(
            |&(fold, t)| -> Result<(usize, Vec<(usize, f64)>), TrainError> {
                let train: Vec<usize> = (0..items.len()).filter(|i| folds[*i] != fold).collect();
                let (mean, scale) = standardisation(readings, &train);
                let (intercept, weights, design) = fit_one(
                    readings, items, &train, t, channels, scales[t], &mean, &scale, options,
                )?;
                Ok((
                    t,
                    (0..items.len())
                        .filter(|i| folds[*i] == fold)
                        .map(|i| (i, design.probability(intercept, &weights, &readings[i])))
                        .collect(),
                ))
            },
        )
        .collect::<Result<Vec<_>, _>>()?;
    let mut probabilities = vec![[0.0; 2]; items.len()];
    for (t, scores) in results {
        for (i, p) in scores {
            probabilities[i][t] = p;
        }
    }
    Ok(probabilities)
}

fn class_aucs(items: &[StanceItem], probabilities: &[[f64; 2]]) -> [f64; 2] {
    std::array::from_fn(|t| {
        let scores: Vec<f64> = probabilities.iter().map(|p| p[t]).collect();
        let labels: Vec<bool> = items.iter().map(|s| s.label(t)).collect();
        roc_auc(&scores, &labels)
    })
}

/// Cross-validates (grouped by author), picks the n-gram scale of each regression, runs the
/// ablation, fits on every reply, scores the frozen split with the result, and returns the
/// artifact with its report.
pub fn train_stance(
    items: &[StanceItem],
    data_hash: &str,
    options: &StanceTrainOptions,
    created_at: &str,
    progress: Progress<'_>,
) -> Result<(StanceArtifact, StanceReport), TrainError> {
    if items.is_empty() {
        return Err(TrainError::Empty("the stance corpus".into()));
    }
    for (t, name) in STANCE_REGRESSIONS.iter().enumerate() {
        let labels: BTreeSet<bool> = items.iter().map(|s| s.label(t)).collect();
        if labels.len() < 2 {
            return Err(TrainError::OneClass { target: name });
        }
    }
    progress("stance: reading replies", 0, items.len());
    let readings = read_stance(items);
    // Folds grouped by author, balanced for both classes and both languages: the
    // credibility corpus's fold assignment, with the two classes in its first label slots.
    let proxies: Vec<LabeledItem> = items
        .iter()
        .map(|s| LabeledItem {
            item: s.item.clone(),
            labels: [s.label(0), s.label(1), false, false],
        })
        .collect();
    let folds = grouped_folds(&proxies, options.folds);
    let scales = if options.ngram_scales.is_empty() {
        vec![1.0]
    } else {
        options.ngram_scales.clone()
    };
    let mut runs = Vec::new();
    for (c, scale) in scales.iter().enumerate() {
        progress("stance: cross-validating", c, scales.len() + 2);
        let oof = cross_validate(
            &readings,
            items,
            &folds,
            Channels::Both,
            [*scale; 2],
            options,
        )?;
        runs.push((class_aucs(items, &oof), oof));
    }
    let chosen: [usize; 2] = std::array::from_fn(|t| {
        (0..runs.len())
            .max_by(|a, b| runs[*a].0[t].total_cmp(&runs[*b].0[t]))
            .expect("one run at least")
    });
    let chosen_scales = [scales[chosen[0]], scales[chosen[1]]];
    let tuning = STANCE_REGRESSIONS
        .iter()
        .enumerate()
        .map(|(t, name)| StanceTuning {
            regression: name.to_string(),
            candidates: scales
                .iter()
                .zip(&runs)
                .map(|(s, (aucs, _))| (*s, aucs[t]))
                .collect(),
            chosen: chosen_scales[t],
        })
        .collect();
    let both: Vec<[f64; 2]> = (0..items.len())
        .map(|i| [runs[chosen[0]].1[i][0], runs[chosen[1]].1[i][1]])
        .collect();
    let mut ablation = Vec::new();
    for channels in [Channels::Cues, Channels::Ngrams] {
        progress("stance: ablation", ablation.len(), 2);
        let oof = cross_validate(&readings, items, &folds, channels, chosen_scales, options)?;
        let aucs = class_aucs(items, &oof);
        ablation.push(StanceAblationRow {
            channels: channels.as_str().to_string(),
            endorses: aucs[0],
            contradicts: aucs[1],
        });
    }
    let aucs = class_aucs(items, &both);
    ablation.push(StanceAblationRow {
        channels: Channels::Both.as_str().to_string(),
        endorses: aucs[0],
        contradicts: aucs[1],
    });

    progress("stance: final fit", 0, 1);
    let all: Vec<usize> = (0..items.len()).collect();
    let (mean, scale) = standardisation(&readings, &all);
    let mut targets = BTreeMap::new();
    for (t, name) in STANCE_REGRESSIONS.iter().enumerate() {
        let (intercept, weights, design) = fit_one(
            &readings,
            items,
            &all,
            t,
            Channels::Both,
            chosen_scales[t],
            &mean,
            &scale,
            options,
        )?;
        let ngram_weights = design
            .selected
            .iter()
            .zip(&weights[STANCE_FEATURE_COUNT..])
            .map(|(b, w)| (*b, (w * chosen_scales[t]) as f32))
            .filter(|(_, w)| *w != 0.0)
            .collect();
        targets.insert(
            name.to_string(),
            LinearTarget {
                intercept,
                weights: weights[..STANCE_FEATURE_COUNT].to_vec(),
                ngram_weights: SparseWeights(ngram_weights),
                l2_penalty: options.l2_penalty,
                ngram_scale: chosen_scales[t],
            },
        );
    }
    let fingerprint = stance_fingerprint(&readings);
    let authors = |items: &[StanceItem]| -> BTreeSet<String> {
        items.iter().map(|s| s.item.author.clone()).collect()
    };
    let training_authors = authors(items);
    let mut report = StanceReport::of(
        format!(
            "{}-fold cross-validation grouped by author ({} authors)",
            options.folds.max(2),
            training_authors.len()
        ),
        items,
        &both,
    );
    report.tuning = tuning;
    report.ablation = ablation;
    report.data_hash = Some(data_hash.to_string());
    report.schema_hash = Some(stance_schema_hash().to_string());
    report.features_fingerprint = Some(fingerprint.clone());
    let mut artifact = StanceArtifact {
        format: STANCE_ARTIFACT_FORMAT.to_string(),
        version: String::new(),
        schema_hash: stance_schema_hash().to_string(),
        ngram_schema: NGRAM_SCHEMA.to_string(),
        features: STANCE_FEATURES.iter().map(|f| f.to_string()).collect(),
        mean,
        scale,
        targets,
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
        progress("stance: frozen split", 0, 1);
        let (frozen, _, _) = load_stance(std::slice::from_ref(path))?;
        if !frozen.is_empty() {
            let model = StanceModel::new(artifact.clone()).map_err(|e| TrainError::Fit {
                target: "stance",
                message: format!("the stance model just trained does not load: {e}"),
            })?;
            let frozen_authors = authors(&frozen);
            let mut frozen_report = evaluate_stance(&model, &frozen);
            frozen_report.method = format!(
                "frozen split {} scored by the final model ({} authors, {} of them also in training)",
                path.display(),
                frozen_authors.len(),
                frozen_authors.intersection(&training_authors).count()
            );
            report.frozen = Some(Box::new(frozen_report));
        }
    }
    artifact.metrics = serde_json::to_value(&report).expect("report serialises");
    Ok((artifact, report))
}

/// Scores labeled replies with a model, exactly as prediction does, and reports the metrics.
pub fn evaluate_stance(model: &StanceModel, items: &[StanceItem]) -> StanceReport {
    let probabilities: Vec<[f64; 2]> = items
        .par_iter()
        .map(|s| {
            let (e, c, _) = model.probabilities(&Normalized::new(&s.item.text));
            [e, c]
        })
        .collect();
    StanceReport::of("evaluation".into(), items, &probabilities)
}

/// The stance corpus's files (`<dir>/*.jsonl`, not its `frozen/`), in path order.
pub fn stance_corpus_files(dir: &Path) -> Result<Vec<PathBuf>, TrainError> {
    crate::train::corpus_files(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
    }

    /// The built-in stance model and `models/stance-report.json` must come from the stance
    /// corpus as it is and the stance features as this build extracts them: `make train`
    /// regenerates both.
    #[test]
    fn built_in_stance_model_and_report_match_the_stance_corpus_and_schema() {
        let files = stance_corpus_files(&root().join("corpus/stance")).expect("corpus/stance");
        let (items, errors, corpus_hash) = load_stance(&files).expect("stance corpus loads");
        assert!(errors.is_empty(), "{errors:?}");
        let stale = "run `make train` (or `credscore train --only stance`) and commit models/";
        let artifact: serde_json::Value =
            serde_json::from_str(super::super::DEFAULT_STANCE_ARTIFACT)
                .expect("a built-in stance model");
        let report: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(root().join("models/stance-report.json"))
                .expect("models/stance-report.json"),
        )
        .expect("report JSON");
        assert_eq!(
            artifact["training"]["data_hash"], corpus_hash,
            "the built-in stance model was trained on another corpus: {stale}"
        );
        assert_eq!(report["data_hash"], corpus_hash, "{stale}");
        assert_eq!(
            artifact["schema_hash"],
            stance_schema_hash(),
            "the built-in stance model was trained on other features (schema, n-grams or lexicons/stance): {stale}"
        );
        assert_eq!(report["schema_hash"], stance_schema_hash(), "{stale}");
        assert_eq!(report["model_version"], artifact["version"], "{stale}");
        let fingerprint = stance_fingerprint(&read_stance(&items));
        assert_eq!(
            artifact["training"]["features_fingerprint"], fingerprint,
            "stance extraction computes other values on the corpus than at training: {stale}"
        );
        assert_eq!(report["features_fingerprint"], fingerprint, "{stale}");
        StanceModel::builtin().expect("the built-in stance model loads");
    }

    #[test]
    fn the_stance_corpus_is_apart_from_the_credibility_corpus() {
        // The credibility model reads corpus/*.jsonl (not subdirectories): no stance file
        // may be among them, and every stance line has a parent and a stance.
        let main = crate::train::corpus_files(&root().join("corpus")).expect("corpus");
        assert!(!main.is_empty());
        assert!(main
            .iter()
            .all(|p| !p.starts_with(root().join("corpus/stance"))));
        let mut files = stance_corpus_files(&root().join("corpus/stance")).expect("stance");
        files.push(root().join("corpus/stance/frozen/test.jsonl"));
        let (items, errors, _) = load_stance(&files).expect("loads");
        assert!(errors.is_empty(), "{errors:?}");
        assert!(items.iter().all(|s| s.item.parent_id.is_some()));
        // The frozen split's authors are not in the rest.
        let frozen = load_stance(&[root().join("corpus/stance/frozen/test.jsonl")])
            .expect("frozen")
            .0;
        let rest: BTreeSet<&str> = items[..items.len() - frozen.len()]
            .iter()
            .map(|s| s.item.author.as_str())
            .collect();
        assert!(frozen
            .iter()
            .all(|s| !rest.contains(s.item.author.as_str())));
    }

    #[test]
    fn bad_lines_are_named() {
        let dir = std::env::temp_dir().join(format!("stance-lines-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("x.jsonl");
        std::fs::write(
            &path,
            "{\"id\":\"a\",\"text\":\"ok\",\"stance\":\"endorses\"}\n{\"id\":\"b\",\"text\":\"ok\",\"stance\":\"agrees\"}\n{\"id\":\"c\",\"text\":\"ok\"}\n",
        )
        .unwrap();
        let (items, errors, _) = load_stance(&[path]).unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!(
            errors.iter().map(|e| e.line).collect::<Vec<_>>(),
            vec![2, 3]
        );
        assert!(errors[0].message.contains("agrees"));
        std::fs::remove_dir_all(dir).ok();
    }
}
