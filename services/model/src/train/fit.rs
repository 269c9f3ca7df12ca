//! Fitting the five regressions: standardisation, n-gram bucket selection, the design
//! matrix, linfa's logistic regression and grouped cross-validation.

use linfa::prelude::*;
use linfa_logistic::LogisticRegression;
use ndarray::{Array1, Array2};
use rayon::prelude::*;

use crate::features::FEATURE_COUNT;
use crate::model::{CREDIBLE, EVIDENCE, REGRESSIONS, TARGETS};
use crate::ngrams::{NgramVector, NGRAM_BUCKETS};
use crate::score::Reading;

use super::{roc_auc, Channels, LabeledItem, Progress, TrainError, TrainOptions};

/// Per-feature mean and standard deviation (1 when constant) of the cue features of `rows`.
pub(super) fn standardisation(readings: &[Reading], rows: &[usize]) -> (Vec<f64>, Vec<f64>) {
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
pub(super) fn select_buckets(
    readings: &[Reading],
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

/// The `k` buckets with the highest ANOVA F statistic between the labeled rows' n-gram
/// vectors, in bucket order (none when one class is empty): the selection the credibility
/// and stance models share.
pub(crate) fn select_ngram_buckets<'a>(
    rows: impl IntoIterator<Item = (&'a NgramVector, bool)>,
    k: usize,
) -> Vec<u32> {
    let mut sum = [vec![0.0f64; NGRAM_BUCKETS], vec![0.0f64; NGRAM_BUCKETS]];
    let mut squares = [vec![0.0f64; NGRAM_BUCKETS], vec![0.0f64; NGRAM_BUCKETS]];
    let mut count = [0.0f64; 2];
    let mut row_values: Vec<(u32, f64)> = Vec::new();
    for (ngrams, label) in rows {
        let g = label as usize;
        count[g] += 1.0;
        // A bucket can appear once per channel: add its values up first.
        row_values.clear();
        row_values.extend(ngrams.entries.iter().map(|(b, v)| (*b, *v as f64)));
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
pub(super) struct Design<'a> {
    pub(super) channels: Channels,
    pub(super) mean: &'a [f64],
    pub(super) scale: &'a [f64],
    pub(super) ngram_scale: f64,
    /// The n-gram buckets that are columns, in column order (after the cue columns).
    pub(super) selected: Vec<u32>,
    /// Column of each bucket among the n-gram columns, `u32::MAX` when not selected.
    pub(super) column: Vec<u32>,
}

impl<'a> Design<'a> {
    pub(super) fn new(
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

    pub(super) fn cue_columns(&self) -> usize {
        if self.channels.cues() {
            FEATURE_COUNT
        } else {
            0
        }
    }

    pub(super) fn width(&self) -> usize {
        self.cue_columns()
            + if self.channels.ngrams() {
                self.selected.len()
            } else {
                0
            }
    }

    /// The dense matrix linfa fits on (one row per item; cues standardised, the selected
    /// n-gram buckets scaled).
    pub(super) fn matrix(&self, readings: &[Reading], rows: &[usize]) -> Array2<f32> {
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
    pub(super) fn probability(&self, intercept: f64, weights: &[f64], reading: &Reading) -> f64 {
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
pub(crate) fn fit(
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

pub(super) fn linear_scores(x: &Array2<f32>, intercept: f64, weights: &[f64]) -> Vec<f64> {
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

/// The label of regression `t` ([`REGRESSIONS`] order) for an item.
pub(super) fn regression_label(item: &LabeledItem, t: usize) -> bool {
    if t < TARGETS.len() {
        item.labels[t]
    } else {
        item.has_evidence()
    }
}

/// Whether regression `t` is fitted on an item: credible only on items with evidence.
pub(super) fn fitted_on(item: &LabeledItem, t: usize) -> bool {
    t != CREDIBLE || item.has_evidence()
}

/// Fits regression `t` ([`REGRESSIONS`] order) on `rows` through `design`, with the
/// evidence regression's prior taken out of its intercept ([`prior_log_odds`]): what
/// cross-validation and the final fit both do.
pub(super) fn fit_regression(
    design: &Design<'_>,
    readings: &[Reading],
    rows: &[usize],
    labels: &[bool],
    options: &TrainOptions,
    t: usize,
) -> Result<(f64, Vec<f64>), TrainError> {
    let (intercept, weights) = fit(
        design.matrix(readings, rows),
        labels,
        options.l2_penalty,
        options.max_iterations,
        REGRESSIONS[t],
    )?;
    Ok((intercept - prior_log_odds(t, labels), weights))
}

/// What the evidence regression's intercept loses: the log odds of evidence among its
/// training items (0 for the other regressions). Its probability then weighs what the text
/// itself says against even odds, instead of the corpus's share of neutral items (about one
/// in nine here, far fewer than in real comment threads): a text that says nothing either
/// way gets about 0.5 before its own features speak, and short neutral comments fall well
/// below.
pub(super) fn prior_log_odds(t: usize, labels: &[bool]) -> f64 {
    if REGRESSIONS[t] != EVIDENCE {
        return 0.0;
    }
    let positives = labels.iter().filter(|l| **l).count() as f64;
    let negatives = labels.len() as f64 - positives;
    (positives.max(1.0) / negatives.max(1.0)).ln()
}

/// Out-of-fold probabilities of the five regressions, and the base rate of credible in the
/// training folds of each item.
pub(super) struct OutOfFold {
    pub(super) probabilities: Vec<Vec<f64>>,
    pub(super) base_rate: Vec<f64>,
}

#[allow(clippy::too_many_arguments)]
pub(super) fn cross_validate(
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
                let (intercept, weights) =
                    fit_regression(&design, readings, &fit_rows, &labels, options, t)?;
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
