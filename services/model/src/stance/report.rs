//! The stance model's report: ROC AUC per class and per language, the confusion of the three
//! stances, the n-gram scale chosen per regression and the ablation of the input channels,
//! for cross-validation, the frozen split or any labeled file; printed as `models/stance-report.txt`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Stance, STANCE_REGRESSIONS};
use crate::item::Item;
use crate::lang::{self, Lang};
use crate::text::Normalized;
use crate::train::roc_auc;

/// A reply with its labeled stance.
#[derive(Debug, Clone)]
pub struct StanceItem {
    /// The reply.
    pub item: Item,
    /// Its stance, as labeled.
    pub stance: Stance,
}

impl StanceItem {
    /// The language the reply is reported under: its declared one, else the detected one.
    pub fn lang(&self) -> Lang {
        self.item
            .lang
            .as_deref()
            .and_then(Lang::from_hint)
            .unwrap_or_else(|| lang::detect(&Normalized::new(&self.item.text), None))
    }

    /// The label of regression `t` ([`STANCE_REGRESSIONS`] order).
    pub(super) fn label(&self, t: usize) -> bool {
        self.stance == [Stance::Endorses, Stance::Contradicts][t]
    }
}

/// ROC AUC of one regression on one language's replies.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AucRow {
    /// `endorses` or `contradicts`.
    pub class: String,
    /// `all`, `fr` or `en`.
    pub lang: String,
    /// Replies evaluated.
    pub items: usize,
    /// Replies labeled with the class.
    pub positives: usize,
    /// Area under the ROC curve of the class's probability.
    pub roc_auc: f64,
}

/// Grouped-CV ROC AUC (all languages) of both regressions with one channel set.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct StanceAblationRow {
    /// `cues`, `ngrams` or `both`.
    pub channels: String,
    /// ROC AUC of endorses.
    pub endorses: f64,
    /// ROC AUC of contradicts.
    pub contradicts: f64,
}

/// The n-gram scales tried for one regression, their grouped-CV ROC AUC, the one kept.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct StanceTuning {
    /// `endorses` or `contradicts`.
    pub regression: String,
    /// (scale, ROC AUC).
    pub candidates: Vec<(f64, f64)>,
    /// The scale kept.
    pub chosen: f64,
}

/// What the stance model achieves on labeled replies.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct StanceReport {
    /// "5-fold cross-validation grouped by author …", "frozen split …" or "evaluation".
    pub method: String,
    /// Replies evaluated.
    pub items: usize,
    /// Replies per language and stance.
    pub counts: BTreeMap<String, BTreeMap<String, usize>>,
    /// ROC AUC per class and language.
    pub roc_auc: Vec<AucRow>,
    /// Share of replies whose predicted stance is the labeled one, per language and `all`.
    pub accuracy: BTreeMap<String, f64>,
    /// Replies per (labeled, predicted) stance, rows and columns endorses, neutral,
    /// contradicts.
    pub confusion: [[usize; 3]; 3],
    /// N-gram scale per regression (training reports).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tuning: Vec<StanceTuning>,
    /// Grouped-CV ROC AUC with cues only, n-grams only and both (training reports).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ablation: Vec<StanceAblationRow>,
    /// Version of the model trained.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_version: Option<String>,
    /// Hash of the stance corpus files ([`load_stance`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_hash: Option<String>,
    /// [`stance_schema_hash`] of the build that trained.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema_hash: Option<String>,
    /// [`stance_fingerprint`] of the training replies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub features_fingerprint: Option<String>,
    /// The final model on the frozen split.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frozen: Option<Box<StanceReport>>,
}

const STANCES: [Stance; 3] = [Stance::Endorses, Stance::Neutral, Stance::Contradicts];

fn stance_index(s: Stance) -> usize {
    STANCES.iter().position(|x| *x == s).expect("a stance")
}

impl StanceReport {
    /// Metrics of probabilities (`[endorses, contradicts]` per reply) against the labels.
    pub fn of(method: String, items: &[StanceItem], probabilities: &[[f64; 2]]) -> Self {
        let langs: Vec<Lang> = items.iter().map(StanceItem::lang).collect();
        let mut counts: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
        for (s, l) in items.iter().zip(&langs) {
            for key in ["all", l.as_str()] {
                *counts
                    .entry(key.to_string())
                    .or_default()
                    .entry(s.stance.as_str().to_string())
                    .or_default() += 1;
            }
        }
        let mut rows = Vec::new();
        let mut accuracy = BTreeMap::new();
        let mut confusion = [[0usize; 3]; 3];
        for (s, p) in items.iter().zip(probabilities) {
            confusion[stance_index(s.stance)][stance_index(Stance::decide(p[0], p[1]))] += 1;
        }
        for key in ["all", "fr", "en"] {
            let members: Vec<usize> = (0..items.len())
                .filter(|i| key == "all" || langs[*i].as_str() == key)
                .collect();
            if members.is_empty() {
                continue;
            }
            for (t, class) in STANCE_REGRESSIONS.iter().enumerate() {
                let scores: Vec<f64> = members.iter().map(|i| probabilities[*i][t]).collect();
                let labels: Vec<bool> = members.iter().map(|i| items[*i].label(t)).collect();
                rows.push(AucRow {
                    class: class.to_string(),
                    lang: key.to_string(),
                    items: members.len(),
                    positives: labels.iter().filter(|l| **l).count(),
                    roc_auc: roc_auc(&scores, &labels),
                });
            }
            let right = members
                .iter()
                .filter(|i| {
                    Stance::decide(probabilities[**i][0], probabilities[**i][1])
                        == items[**i].stance
                })
                .count();
            accuracy.insert(key.to_string(), right as f64 / members.len() as f64);
        }
        StanceReport {
            method,
            items: items.len(),
            counts,
            roc_auc: rows,
            accuracy,
            confusion,
            tuning: Vec::new(),
            ablation: Vec::new(),
            model_version: None,
            data_hash: None,
            schema_hash: None,
            features_fingerprint: None,
            frozen: None,
        }
    }

    /// The ROC AUC of a class in a language (`all`, `fr`, `en`).
    pub fn auc(&self, class: &str, lang: &str) -> Option<f64> {
        self.roc_auc
            .iter()
            .find(|r| r.class == class && r.lang == lang)
            .map(|r| r.roc_auc)
    }

    /// The report as text (`models/stance-report.txt`).
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        self.write_metrics(&mut out);
        if !self.tuning.is_empty() {
            out.push_str("\nn-gram scale per regression (grouped-CV ROC AUC of each candidate):\n");
            for t in &self.tuning {
                let candidates: Vec<String> = t
                    .candidates
                    .iter()
                    .map(|(s, a)| format!("{s} → {a:.3}"))
                    .collect();
                out.push_str(&format!(
                    "  {:<12} {}   kept {}\n",
                    t.regression,
                    candidates.join(", "),
                    t.chosen
                ));
            }
        }
        if !self.ablation.is_empty() {
            out.push_str("\nablation (grouped-CV ROC AUC, all languages):\n");
            out.push_str("  channels     endorses  contradicts\n");
            for a in &self.ablation {
                out.push_str(&format!(
                    "  {:<12} {:>8.3}  {:>11.3}\n",
                    a.channels, a.endorses, a.contradicts
                ));
            }
        }
        if let Some(frozen) = &self.frozen {
            out.push('\n');
            frozen.write_metrics(&mut out);
        }
        for (name, value) in [
            ("data hash", &self.data_hash),
            ("stance schema hash", &self.schema_hash),
            ("features fingerprint", &self.features_fingerprint),
        ] {
            if let Some(value) = value {
                out.push_str(&format!("{name}: {value}\n"));
            }
        }
        out
    }

    fn write_metrics(&self, out: &mut String) {
        out.push_str(&format!("{} — {} replies\n", self.method, self.items));
        for (lang, by_stance) in &self.counts {
            let parts: Vec<String> = STANCES
                .iter()
                .map(|s| format!("{} {}", s.as_str(), by_stance.get(s.as_str()).unwrap_or(&0)))
                .collect();
            out.push_str(&format!("  {lang:<4} {}\n", parts.join(", ")));
        }
        out.push_str("ROC AUC          all      fr      en\n");
        for class in STANCE_REGRESSIONS {
            let cell = |lang: &str| {
                self.auc(class, lang)
                    .map_or("     -".to_string(), |a| format!("{a:>6.3}"))
            };
            out.push_str(&format!(
                "  {class:<12} {}  {}  {}\n",
                cell("all"),
                cell("fr"),
                cell("en")
            ));
        }
        let acc = |lang: &str| {
            self.accuracy
                .get(lang)
                .map_or("     -".to_string(), |a| format!("{a:>6.3}"))
        };
        out.push_str(&format!(
            "  {:<12} {}  {}  {}   (predicted stance = labeled stance)\n",
            "accuracy",
            acc("all"),
            acc("fr"),
            acc("en")
        ));
        out.push_str(
            "confusion (rows labeled, columns predicted: endorses, neutral, contradicts):\n",
        );
        for (s, row) in STANCES.iter().zip(&self.confusion) {
            out.push_str(&format!(
                "  {:<12} {:>5} {:>5} {:>5}\n",
                s.as_str(),
                row[0],
                row[1],
                row[2]
            ));
        }
    }
}
