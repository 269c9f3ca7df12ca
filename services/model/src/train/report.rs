//! The training report: what the scores the product reports achieve on labeled items (per
//! target, per language, evidence, neutral items), the ablation and the frozen split, and
//! its text form.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::lang::Lang;
use crate::model::{weigh_evidence, CREDIBLE, REGRESSIONS, TARGETS};
use crate::score::Reading;

use super::calibrate::{reliability_text, Reliability};
use super::fit::{fitted_on, regression_label, OutOfFold};
use super::{roc_auc, target_metrics, Channels, LabeledItem, TargetMetrics, TrainError};

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
    /// Reliability of each target's probability before and after calibration (training
    /// reports of calibrated models).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reliability: Vec<Reliability>,
    /// The same cross-validation on named subsets of the items (`corpus`, `reviewed`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub sections: BTreeMap<String, Report>,
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

/// What scores report, per item: the cue probabilities, the shrunk credibility and the
/// evidence weight; unsupported items get the base rate, no cue, no weight.
pub(super) struct Outputs {
    /// Per target ([`TARGETS`] order), per item.
    pub(super) targets: Vec<Vec<f64>>,
    pub(super) evidence_weight: Vec<f64>,
}

pub(super) fn outputs(
    probabilities: &[Vec<f64>],
    base_rate: &[f64],
    readings: &[Reading],
) -> Outputs {
    let n = readings.len();
    let mut targets = vec![vec![0.0; n]; TARGETS.len()];
    let mut evidence_weight = vec![0.0; n];
    for i in 0..n {
        if !readings[i].supported {
            targets[CREDIBLE][i] = base_rate[i];
            continue;
        }
        let p: [f64; REGRESSIONS.len()] = std::array::from_fn(|t| probabilities[t][i]);
        let (w, credibility) = weigh_evidence(&p, base_rate[i]);
        targets[..CREDIBLE]
            .iter_mut()
            .zip(&p)
            .for_each(|(t, p)| t[i] = *p);
        targets[CREDIBLE][i] = credibility;
        evidence_weight[i] = w;
    }
    Outputs {
        targets,
        evidence_weight,
    }
}

/// The language an item is counted under in per-language figures: declared, else detected.
pub(super) fn language_of(item: &LabeledItem, reading: &Reading) -> Lang {
    item.item
        .lang
        .as_deref()
        .and_then(Lang::from_hint)
        .unwrap_or(reading.extracted.lang)
}

pub(super) fn language_breakdown(
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

pub(super) fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    if n == 0 {
        f64::NAN
    } else {
        sum / n as f64
    }
}

/// The metrics of what scores report, on labeled items.
pub(super) fn report_of(
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
        reliability: Vec::new(),
        sections: BTreeMap::new(),
    }
}

/// [`report_of`] on the items at `rows` only.
pub(super) fn subset_report(
    method: String,
    items: &[LabeledItem],
    readings: &[Reading],
    outputs: &Outputs,
    base_rate: f64,
    rows: &[usize],
) -> Report {
    let items: Vec<LabeledItem> = rows.iter().map(|&i| items[i].clone()).collect();
    let readings: Vec<Reading> = rows.iter().map(|&i| readings[i].clone()).collect();
    let outputs = Outputs {
        targets: outputs
            .targets
            .iter()
            .map(|column| rows.iter().map(|&i| column[i]).collect())
            .collect(),
        evidence_weight: rows.iter().map(|&i| outputs.evidence_weight[i]).collect(),
    };
    report_of(method, &items, &readings, &outputs, base_rate)
}

/// Grouped-CV ROC AUC of each regression on the items it is fitted on (for tuning).
pub(super) fn regression_aucs(oof: &OutOfFold, items: &[LabeledItem]) -> [f64; 5] {
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

pub(super) fn ablation_row(
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

pub(super) fn write_out_of_fold(
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
                "\nn-gram scale per regression (grouped-CV ROC AUC of the regression alone; within {} of the best, the smallest scale)",
                super::SCALE_TIE
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
        for section in self.sections.values() {
            let _ = writeln!(out, "\n{}", section.summary_text());
        }
        if let Some(frozen) = &self.frozen {
            let _ = writeln!(out, "\n{}", frozen.summary_text());
        }
        let _ = write!(out, "{}", self.calibration_text());
        let _ = write!(out, "{}", reliability_text(&self.reliability));
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
