//! Calibration at training: per target, isotonic regression, isotonic regression with blocks
//! of at least 1 % of the items, Platt scaling, beta calibration and the mean of the last and
//! the smoothed isotonic curve are each cross-fitted on the out-of-fold probabilities (each fold's items
//! calibrated by a curve fitted on the other folds, so that no item is measured by a curve
//! fitted on it); the method whose worst bin of at least [`MIN_BIN_ITEMS`] items is closest to
//! its observed rate is kept, fitted on all of them, and shipped in the model, with the
//! reliability tables before and after.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::calibration::Calibrator;
use crate::model::{CREDIBLE, TARGETS};
use crate::score::Reading;

use super::fit::OutOfFold;
use super::{target_metrics, CalibrationBin, LabeledItem};

/// Bins with at least this many items are held to [`TOLERANCE`].
pub const MIN_BIN_ITEMS: usize = 30;
/// Largest gap between mean prediction and observed rate accepted in a bin.
pub const TOLERANCE: f64 = 0.05;

/// The reliability of one target's reported probability, before and after calibration.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Reliability {
    /// The target ([`TARGETS`]).
    pub target: String,
    /// The calibration kept: `isotonic`, `isotonic_smoothed`, `platt`, `beta` or
    /// `beta_isotonic`.
    pub method: String,
    /// The items it is measured on: every judged item for the cues; the items with evidence
    /// for credible (a text with none is given the base rate by design, not a probability).
    pub population: String,
    /// Ten bins of the raw out-of-fold probability.
    pub before: Vec<CalibrationBin>,
    /// Ten bins of the cross-fitted calibrated probability.
    pub after: Vec<CalibrationBin>,
    /// Largest |observed − mean predicted| over the bins of at least [`MIN_BIN_ITEMS`], before.
    pub largest_gap_before: f64,
    /// The same, after.
    pub largest_gap_after: f64,
}

impl Reliability {
    /// Whether every bin of at least [`MIN_BIN_ITEMS`] items is within [`TOLERANCE`] after.
    pub fn calibrated(&self) -> bool {
        self.largest_gap_after <= TOLERANCE
    }
}

/// The rows target `t` is calibrated and measured on.
fn population(items: &[LabeledItem], readings: &[Reading], t: usize) -> Vec<usize> {
    (0..items.len())
        .filter(|&i| readings[i].supported && (t != CREDIBLE || items[i].has_evidence()))
        .collect()
}

/// The calibration methods tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Method {
    Isotonic,
    /// Isotonic regression whose blocks hold at least [`SMOOTHED_BLOCK_SHARE`] of the items.
    IsotonicSmoothed,
    Platt,
    Beta,
    /// The mean of the beta and the smoothed isotonic curves.
    BetaIsotonic,
}

/// The smallest block of smoothed isotonic regression, as a share of the items it is fitted
/// on.
const SMOOTHED_BLOCK_SHARE: f64 = 0.01;

impl Method {
    const ALL: [Method; 5] = [
        Method::Isotonic,
        Method::Platt,
        Method::Beta,
        Method::IsotonicSmoothed,
        Method::BetaIsotonic,
    ];

    fn name(self) -> &'static str {
        match self {
            Method::Isotonic => "isotonic",
            Method::IsotonicSmoothed => "isotonic_smoothed",
            Method::Platt => "platt",
            Method::Beta => "beta",
            Method::BetaIsotonic => "beta_isotonic",
        }
    }
}

fn fit_on(
    oof: &OutOfFold,
    items: &[LabeledItem],
    t: usize,
    rows: &[usize],
    method: Method,
) -> Option<Calibrator> {
    let scores: Vec<f64> = rows.iter().map(|&i| oof.probabilities[t][i]).collect();
    let labels: Vec<bool> = rows.iter().map(|&i| items[i].labels[t]).collect();
    let smoothed = || {
        let min_items = (scores.len() as f64 * SMOOTHED_BLOCK_SHARE).ceil() as usize;
        Calibrator::fit_smoothed(&scores, &labels, min_items)
    };
    match method {
        Method::Isotonic => Calibrator::fit(&scores, &labels),
        Method::IsotonicSmoothed => smoothed(),
        Method::Platt => Calibrator::fit_platt(&scores, &labels),
        Method::Beta => Calibrator::fit_beta(&scores, &labels),
        Method::BetaIsotonic => {
            let beta = Calibrator::fit_beta(&scores, &labels)?;
            Some(Calibrator::mean_of(&beta, &smoothed()?))
        }
    }
}

/// The calibrators a model ships, fitted on all out-of-fold probabilities with the method
/// `reliability` chose per target.
pub(super) fn fit_calibrators(
    oof: &OutOfFold,
    items: &[LabeledItem],
    readings: &[Reading],
    reliability: &[Reliability],
) -> BTreeMap<String, Calibrator> {
    (0..TARGETS.len())
        .filter_map(|t| {
            let chosen = reliability.get(t).map(|r| r.method.as_str());
            let method = Method::ALL
                .into_iter()
                .find(|m| Some(m.name()) == chosen)
                .unwrap_or(Method::Isotonic);
            let c = fit_on(oof, items, t, &population(items, readings, t), method)?;
            Some((TARGETS[t].to_string(), c))
        })
        .collect()
}

fn largest_gap(bins: &[CalibrationBin]) -> f64 {
    bins.iter()
        .filter(|b| b.count >= MIN_BIN_ITEMS)
        .map(|b| (b.observed_rate - b.mean_predicted).abs())
        .fold(0.0, f64::max)
}

/// Reliability tables per target: the raw out-of-fold probabilities, and the same calibrated
/// by curves fitted on the other folds with the best of the methods (the first on a tie).
pub(super) fn reliability(
    oof: &OutOfFold,
    items: &[LabeledItem],
    readings: &[Reading],
    folds: &[usize],
) -> Vec<Reliability> {
    let fold_count = folds.iter().max().map_or(0, |m| m + 1);
    (0..TARGETS.len())
        .map(|t| {
            let rows = population(items, readings, t);
            let labels: Vec<bool> = rows.iter().map(|&i| items[i].labels[t]).collect();
            let raw: Vec<f64> = rows.iter().map(|&i| oof.probabilities[t][i]).collect();
            let cross_fitted = |method: Method| {
                let mut calibrated = raw.clone();
                for k in 0..fold_count {
                    let others: Vec<usize> =
                        rows.iter().copied().filter(|&i| folds[i] != k).collect();
                    let Some(c) = fit_on(oof, items, t, &others, method) else {
                        continue;
                    };
                    for (j, &i) in rows.iter().enumerate() {
                        if folds[i] == k {
                            calibrated[j] = c.apply(raw[j]);
                        }
                    }
                }
                target_metrics(&calibrated, &labels).calibration
            };
            let before = target_metrics(&raw, &labels).calibration;
            let (method, after) = Method::ALL
                .into_iter()
                .map(|m| (m, cross_fitted(m)))
                .min_by(|a, b| largest_gap(&a.1).total_cmp(&largest_gap(&b.1)))
                .expect("methods to try");
            Reliability {
                target: TARGETS[t].to_string(),
                method: method.name().to_string(),
                population: if t == CREDIBLE {
                    "items with evidence".into()
                } else {
                    "judged items".into()
                },
                largest_gap_before: largest_gap(&before),
                largest_gap_after: largest_gap(&after),
                before,
                after,
            }
        })
        .collect()
}

/// The reliability tables as text.
pub fn reliability_text(rows: &[Reliability]) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    if rows.is_empty() {
        return out;
    }
    let _ = writeln!(
        out,
        "\nreliability before → after calibration (cross-fitted; bins: count, mean predicted, observed rate)"
    );
    for r in rows {
        let _ = writeln!(
            out,
            "  {} ({}, {}): largest gap in bins of ≥ {MIN_BIN_ITEMS} items {:.3} → {:.3}{}",
            r.target,
            r.method,
            r.population,
            r.largest_gap_before,
            r.largest_gap_after,
            if r.calibrated() { "" } else { "  (over 0.05)" }
        );
        for (b, a) in r.before.iter().zip(&r.after) {
            if b.count == 0 && a.count == 0 {
                continue;
            }
            let _ = writeln!(
                out,
                "    [{:.1}, {:.1}): {:>5} {:.3} {:.3}  →  {:>5} {:.3} {:.3}",
                b.from,
                b.to,
                b.count,
                b.mean_predicted,
                b.observed_rate,
                a.count,
                a.mean_predicted,
                a.observed_rate
            );
        }
    }
    out
}
