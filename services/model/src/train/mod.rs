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
use std::path::PathBuf;

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::features::{Extractor, FEATURES, FEATURE_COUNT, FEATURE_SCHEMA_VERSION};
use crate::model::{
    feature_schema_hash, LinearTarget, Model, ModelArtifact, SparseWeights, TrainingInfo,
    ARTIFACT_FORMAT, CREDIBLE, REGRESSIONS,
};
use crate::ngrams::NGRAM_SCHEMA;
use crate::score::{read, Reading};

mod calibrate;
mod corpus;
mod fit;
mod metrics;
mod report;
mod reviewed;

pub use calibrate::{reliability_text, Reliability, MIN_BIN_ITEMS, TOLERANCE};
pub use corpus::{
    corpus_files, frozen_split_of, grouped_folds, load_labeled, LabeledItem, LineError, TrainError,
};
pub use metrics::{roc_auc, target_metrics, CalibrationBin, TargetMetrics};
pub use report::{AblationRow, NeutralSummary, Report, Tuning};
pub use reviewed::{merge_reviewed, merged_hash, Merged, ReviewedItem};

/// One logistic regression fitted with linfa, oriented to the positive class (the stance
/// model fits its two regressions with it).
pub(crate) use corpus::load_jsonl;
pub(crate) use fit::{fit as fit_logistic, select_ngram_buckets};

use fit::{
    cross_validate, fit_regression, fitted_on, regression_label, select_buckets, standardisation,
    Design, OutOfFold,
};
use report::{
    ablation_row, outputs, regression_aucs, report_of, subset_report, write_out_of_fold, Outputs,
};

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
    /// Named subsets of the training items (by id), each reported on its own from the same
    /// grouped cross-validation (training with reviewers' labels reports `corpus` and
    /// `reviewed` apart).
    pub sections: Vec<(String, BTreeSet<String>)>,
    /// Fit calibrators on the out-of-fold probabilities and ship them in the model.
    pub calibrate: bool,
    /// The n-gram scale of each regression ([`REGRESSIONS`] order), fixed instead of tuned:
    /// one cross-validation instead of one per candidate (training with reviewers' labels
    /// keeps the active model's).
    pub fixed_scales: Option<[f64; 5]>,
}

/// Default n-gram scale candidates (see [`TrainOptions::ngram_scales`]).
pub const DEFAULT_NGRAM_SCALES: [f64; 2] = [2.0, 4.0];

/// Grouped-CV ROC AUC within which two n-gram scales count as tied (the smaller is kept).
/// A gap of a thousandth or two on about 8,500 items is no evidence that the larger scale
/// carries to text written elsewhere: at 0.001 the larger scale won self-promotion by 0.0012,
/// and fresh award humblebrags no corpus file holds fell under 0.7.
pub const SCALE_TIE: f64 = 0.002;

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            folds: 5,
            l2_penalty: 1.0,
            max_iterations: 300,
            ngram_scales: DEFAULT_NGRAM_SCALES.to_vec(),
            ngram_features: 3000,
            ablation: true,
            frozen_split: Some(PathBuf::from("corpus/frozen/test.jsonl")),
            out_of_fold: None,
            sections: Vec::new(),
            calibrate: true,
            fixed_scales: None,
        }
    }
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
    // With fixed scales, one run at those.
    let candidates: Vec<[f64; 5]> = match options.fixed_scales {
        Some(fixed) => vec![fixed],
        None if options.ngram_scales.is_empty() => vec![[DEFAULT_NGRAM_SCALES[0]; 5]],
        None => options.ngram_scales.iter().map(|s| [*s; 5]).collect(),
    };
    let mut runs = Vec::new();
    for (c, scales) in candidates.iter().enumerate() {
        let oof = cross_validate(
            &readings,
            items,
            &folds,
            options,
            Channels::Both,
            scales,
            &format!("cross-validating ({}/{})", c + 1, candidates.len()),
            progress,
        )?;
        runs.push((regression_aucs(&oof, items), oof));
    }
    let mut chosen = [0usize; 5];
    let mut tuning = Vec::new();
    for (t, name) in REGRESSIONS.iter().enumerate() {
        // The smallest scale within SCALE_TIE of the best: a difference that small is the
        // folds' noise, and the weaker channel is the safer bet on text written elsewhere.
        let best = runs
            .iter()
            .map(|(aucs, _)| aucs[t])
            .fold(f64::MIN, f64::max);
        chosen[t] = (0..runs.len())
            .filter(|c| runs[*c].0[t] >= best - SCALE_TIE)
            .min_by(|a, b| candidates[*a][t].total_cmp(&candidates[*b][t]))
            .expect("one run at least");
        tuning.push(Tuning {
            regression: name.to_string(),
            candidates: candidates
                .iter()
                .zip(&runs)
                .map(|(s, (aucs, _))| (s[t], aucs[t]))
                .collect(),
            chosen: candidates[chosen[t]][t],
        });
    }
    let chosen_scales: [f64; 5] = std::array::from_fn(|t| candidates[chosen[t]][t]);
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
            let (intercept, weights) =
                fit_regression(&design, &readings, &rows, &labels, options, t)?;
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
    for (name, ids) in &options.sections {
        let rows: Vec<usize> = (0..items.len())
            .filter(|i| ids.contains(&items[*i].item.id))
            .collect();
        if !rows.is_empty() {
            let method = format!("{}: the {name} items", report.method);
            let section = subset_report(method, items, &readings, &out, base_rate, &rows);
            report.sections.insert(name.clone(), section);
        }
    }
    let calibration = if options.calibrate {
        report.reliability = calibrate::reliability(&both, items, &readings, &folds);
        calibrate::fit_calibrators(&both, items, &readings, &report.reliability)
    } else {
        BTreeMap::new()
    };
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
        calibration,
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
    let mut out = Outputs {
        targets: vec![vec![0.0; items.len()]; crate::model::TARGETS.len()],
        evidence_weight: vec![0.0; items.len()],
    };
    for (i, reading) in readings.iter().enumerate() {
        let p = if reading.supported {
            model.predict(&reading.extracted, &reading.ngrams)
        } else {
            model.unsupported()
        };
        for (column, value) in out.targets.iter_mut().zip(p.probabilities) {
            column[i] = value;
        }
        out.evidence_weight[i] = p.evidence_weight;
    }
    report_of(
        "evaluation".into(),
        items,
        &readings,
        &out,
        model.base_rate(),
    )
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

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
