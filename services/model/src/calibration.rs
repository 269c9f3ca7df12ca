//! Probability calibration: isotonic regression (pool adjacent violators), Platt scaling or
//! beta calibration, fitted on out-of-fold predictions, so that a score of 0.8 means about
//! 80 %.
//!
//! A fitted [`Calibrator`] is a non-decreasing curve through knots, read by linear
//! interpolation and held flat beyond its ends: for isotonic regression the centres of the
//! pooled blocks (mean prediction, observed rate), for the two logistic fits 201 evenly spaced
//! points of their curve, so that every method ships in the same form. Interpolating between
//! block centres, rather than returning step values, keeps distinct scores distinct inside the
//! range, so ranking (ROC AUC) is kept up to ties at the ends.

use serde::{Deserialize, Serialize};

/// A monotone map from a raw probability to a calibrated one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Calibrator {
    /// Raw probabilities at the curve's knots, increasing.
    pub x: Vec<f64>,
    /// Calibrated probabilities at the knots, non-decreasing.
    pub y: Vec<f64>,
}

impl Calibrator {
    /// Fits isotonic regression of `labels` on `scores` (pool adjacent violators). None when
    /// there is nothing to fit (no items, or NaN scores only).
    pub fn fit(scores: &[f64], labels: &[bool]) -> Option<Calibrator> {
        Some(Calibrator::through(&pooled_blocks(scores, labels)?))
    }

    /// Fits isotonic regression whose blocks each hold at least `min_items` items: after
    /// pooling the adjacent violators, neighbouring blocks are merged from the lowest scores
    /// up until each is that large (a short last run joins the block before it). Merging
    /// neighbours of a non-decreasing curve keeps it non-decreasing; the curve no longer
    /// steps on a handful of items, which generalises better where items are few.
    pub fn fit_smoothed(scores: &[f64], labels: &[bool], min_items: usize) -> Option<Calibrator> {
        let mut merged: Vec<Block> = Vec::new();
        let mut run: Option<Block> = None;
        for block in pooled_blocks(scores, labels)? {
            let current = match run.take() {
                Some(r) => (r.0 + block.0, r.1 + block.1, r.2 + block.2),
                None => block,
            };
            if current.2 >= min_items as f64 {
                merged.push(current);
            } else {
                run = Some(current);
            }
        }
        if let Some(r) = run {
            match merged.last_mut() {
                Some(last) => *last = (last.0 + r.0, last.1 + r.1, last.2 + r.2),
                None => merged.push(r),
            }
        }
        Some(Calibrator::through(&merged))
    }

    /// The curve through the centres of `blocks`: (mean score, observed rate).
    fn through(blocks: &[Block]) -> Calibrator {
        Calibrator {
            x: blocks.iter().map(|b| b.0 / b.2).collect(),
            y: blocks.iter().map(|b| b.1 / b.2).collect(),
        }
    }

    /// Fits Platt scaling: a logistic regression of `labels` on the logit of `scores`
    /// (Newton's method), drawn as a curve of 201 knots so that it reads like an isotonic
    /// one. Smoother than isotonic regression where items are few. None when there is
    /// nothing to fit or the fitted slope is not positive (it would reverse the ranking).
    pub fn fit_platt(scores: &[f64], labels: &[bool]) -> Option<Calibrator> {
        let rows = rows_of(scores, labels, |p| [logit(p)]);
        let [a, b] = logistic_regression(&rows, [1.0, 0.0])?;
        (a > 0.0).then(|| Calibrator::drawn(|p| sigmoid(a * logit(p) + b)))
    }

    /// Fits beta calibration (Kull, Silva Filho and Flach, 2017): a logistic regression of
    /// `labels` on ln p and −ln(1 − p), drawn as a curve of 201 knots. Platt scaling is its
    /// special case of equal coefficients; two free coefficients also straighten a score
    /// that is off by different amounts near 0 and near 1 (a sigmoid or inverse-sigmoid
    /// bend), which the logit's single slope cannot. A negative coefficient is set to 0 and
    /// the other refitted, as in the paper, so that the curve stays non-decreasing. None
    /// when there is nothing to fit or neither coefficient is positive.
    pub fn fit_beta(scores: &[f64], labels: &[bool]) -> Option<Calibrator> {
        let features = |p: f64| {
            let p = clamp_unit(p);
            [p.ln(), -(1.0 - p).ln()]
        };
        let rows = rows_of(scores, labels, features);
        // Start from the identity: 1·ln p − 1·ln(1 − p) + 0 is the logit of p.
        let [mut a, mut b, mut c] = logistic_regression(&rows, [1.0, 1.0, 0.0])?;
        if a < 0.0 || b < 0.0 {
            // Refit on the feature whose coefficient stays, the other held at 0.
            let keep = usize::from(a < 0.0);
            let single: Vec<([f64; 1], f64)> = rows.iter().map(|(f, y)| ([f[keep]], *y)).collect();
            let [slope, intercept] = logistic_regression(&single, [1.0, 0.0])?;
            (a, b, c) = if keep == 0 {
                (slope, 0.0, intercept)
            } else {
                (0.0, slope, intercept)
            };
        }
        (a >= 0.0 && b >= 0.0 && a + b > 0.0).then(|| {
            Calibrator::drawn(|p| {
                let [u, v] = features(p);
                sigmoid(a * u + b * v + c)
            })
        })
    }

    /// The mean of two curves, through the knots of both and 201 evenly spaced ones: a
    /// parametric fit steadied where the data are many, a step curve smoothed where they are
    /// few. Non-decreasing, since both are.
    pub fn mean_of(a: &Calibrator, b: &Calibrator) -> Calibrator {
        let mut x: Vec<f64> =
            a.x.iter()
                .chain(&b.x)
                .copied()
                .chain((0..=200).map(|i| i as f64 / 200.0))
                .filter(|v| v.is_finite())
                .collect();
        x.sort_by(f64::total_cmp);
        x.dedup();
        let y = x
            .iter()
            .map(|p| (a.apply(*p) + b.apply(*p)) / 2.0)
            .collect();
        Calibrator { x, y }
    }

    /// A parametric curve `f` drawn through 201 evenly spaced knots of [0, 1].
    fn drawn(f: impl Fn(f64) -> f64) -> Calibrator {
        let x: Vec<f64> = (0..=200).map(|i| i as f64 / 200.0).collect();
        let y = x.iter().map(|p| f(*p)).collect();
        Calibrator { x, y }
    }

    /// The calibrated probability of raw probability `p`.
    pub fn apply(&self, p: f64) -> f64 {
        let (x, y) = (&self.x, &self.y);
        if x.is_empty() || !p.is_finite() {
            return p;
        }
        if p <= x[0] {
            return y[0];
        }
        let last = x.len() - 1;
        if p >= x[last] {
            return y[last];
        }
        // The first knot at or above p; p lies strictly inside (x[k-1], x[k]].
        let k = x.partition_point(|v| *v < p);
        let (x0, x1, y0, y1) = (x[k - 1], x[k], y[k - 1], y[k]);
        y0 + (y1 - y0) * (p - x0) / (x1 - x0)
    }

    /// Whether the curve is usable: knots of equal number, finite, increasing in x,
    /// non-decreasing in y, within [0, 1].
    pub fn is_valid(&self) -> bool {
        let unit = |v: &f64| v.is_finite() && (0.0..=1.0).contains(v);
        !self.x.is_empty()
            && self.x.len() == self.y.len()
            && self.x.iter().all(unit)
            && self.y.iter().all(unit)
            && self.x.windows(2).all(|w| w[0] < w[1])
            && self.y.windows(2).all(|w| w[0] <= w[1])
    }
}

/// A probability kept off 0 and 1, where logarithms are infinite.
fn clamp_unit(p: f64) -> f64 {
    p.clamp(1e-6, 1.0 - 1e-6)
}

fn logit(p: f64) -> f64 {
    let p = clamp_unit(p);
    (p / (1.0 - p)).ln()
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// A run of items pooled together: (sum of scores, sum of labels, count).
type Block = (f64, f64, f64);

/// Pool adjacent violators: the blocks of isotonic regression of `labels` on `scores`, in
/// increasing order of score, each with a higher observed rate than the one before. None when
/// there is nothing to fit (no items, or NaN scores only).
fn pooled_blocks(scores: &[f64], labels: &[bool]) -> Option<Vec<Block>> {
    let mut pairs: Vec<(f64, f64)> = scores
        .iter()
        .zip(labels)
        .filter(|(s, _)| s.is_finite())
        .map(|(s, l)| (*s, *l as u8 as f64))
        .collect();
    if pairs.is_empty() {
        return None;
    }
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
    // Equal scores start in one block.
    let mut blocks: Vec<Block> = Vec::new();
    let mut i = 0;
    while i < pairs.len() {
        let mut block = (0.0, 0.0, 0.0);
        let x = pairs[i].0;
        while i < pairs.len() && pairs[i].0 == x {
            block.0 += pairs[i].0;
            block.1 += pairs[i].1;
            block.2 += 1.0;
            i += 1;
        }
        blocks.push(block);
        // Pool while the previous block's rate is not below this one's.
        while blocks.len() > 1 {
            let (last, previous) = (blocks[blocks.len() - 1], blocks[blocks.len() - 2]);
            if previous.1 / previous.2 < last.1 / last.2 {
                break;
            }
            blocks.pop();
            let merged = blocks.last_mut().expect("two blocks");
            merged.0 += last.0;
            merged.1 += last.1;
            merged.2 += last.2;
        }
    }
    Some(blocks)
}

/// The rows with a finite score, as (features of the score, label as 0 or 1).
fn rows_of<const K: usize>(
    scores: &[f64],
    labels: &[bool],
    features: impl Fn(f64) -> [f64; K],
) -> Vec<([f64; K], f64)> {
    scores
        .iter()
        .zip(labels)
        .filter(|(s, _)| s.is_finite())
        .map(|(s, l)| (features(*s), *l as u8 as f64))
        .collect()
}

/// Logistic regression of the labels on `K` features and an intercept by Newton's method,
/// from `start` (the `K` coefficients, then the intercept; `N` = `K` + 1). A small ridge on
/// the coefficients, and on the Hessian's diagonal, keeps the steps finite when the classes
/// separate; a step that would raise the loss is halved until it does not, so that a start
/// far from the optimum does not diverge. None when there are no rows or the fit is not
/// finite.
fn logistic_regression<const K: usize, const N: usize>(
    rows: &[([f64; K], f64)],
    start: [f64; N],
) -> Option<[f64; N]> {
    const RIDGE: f64 = 1e-6;
    assert_eq!(N, K + 1, "K coefficients and an intercept");
    if rows.is_empty() {
        return None;
    }
    let with_intercept = |features: &[f64; K]| {
        let mut x = [1.0; N];
        x[..K].copy_from_slice(features);
        x
    };
    let dot = |x: &[f64; N], w: &[f64; N]| x.iter().zip(w).map(|(x, w)| x * w).sum::<f64>();
    // Penalised log-loss; ln(1 + e^m) written so that it does not overflow.
    let loss = |w: &[f64; N]| {
        let softplus = |m: f64| m.max(0.0) + (-m.abs()).exp().ln_1p();
        let fit: f64 = rows
            .iter()
            .map(|(features, y)| {
                let z = dot(&with_intercept(features), w);
                if *y > 0.5 {
                    softplus(-z)
                } else {
                    softplus(z)
                }
            })
            .sum();
        fit + 0.5 * RIDGE * w[..K].iter().map(|v| v * v).sum::<f64>()
    };
    let mut w = start;
    let mut current = loss(&w);
    for _ in 0..50 {
        let mut gradient = [0.0; N];
        let mut hessian = [[0.0; N]; N];
        for j in 0..N {
            hessian[j][j] = RIDGE;
            if j < K {
                gradient[j] = RIDGE * w[j];
            }
        }
        for (features, y) in rows {
            let x = with_intercept(features);
            let p = sigmoid(dot(&x, &w));
            let weight = p * (1.0 - p);
            for j in 0..N {
                gradient[j] += (p - y) * x[j];
                for k in 0..N {
                    hessian[j][k] += weight * x[j] * x[k];
                }
            }
        }
        let Some(mut step) = solve(hessian, gradient) else {
            break;
        };
        let mut next = std::array::from_fn(|j| w[j] - step[j]);
        let mut next_loss = loss(&next);
        // False for a NaN loss too.
        let improves = |candidate: f64| candidate <= current;
        let mut halvings = 0;
        while !improves(next_loss) && halvings < 40 {
            step.iter_mut().for_each(|d| *d *= 0.5);
            next = std::array::from_fn(|j| w[j] - step[j]);
            next_loss = loss(&next);
            halvings += 1;
        }
        if !improves(next_loss) {
            break;
        }
        (w, current) = (next, next_loss);
        if step.iter().map(|d| d.abs()).sum::<f64>() < 1e-9 {
            break;
        }
    }
    w.iter().all(|v| v.is_finite()).then_some(w)
}

/// The solution of `a`·x = `b` by Gaussian elimination with partial pivoting; None when `a`
/// is singular.
fn solve<const N: usize>(mut a: [[f64; N]; N], mut b: [f64; N]) -> Option<[f64; N]> {
    for col in 0..N {
        let pivot = (col..N).max_by(|i, j| a[*i][col].abs().total_cmp(&a[*j][col].abs()))?;
        if a[pivot][col].abs() < 1e-12 {
            return None;
        }
        a.swap(col, pivot);
        b.swap(col, pivot);
        let pivot_row = a[col];
        for row in col + 1..N {
            let factor = a[row][col] / pivot_row[col];
            for (v, p) in a[row][col..].iter_mut().zip(&pivot_row[col..]) {
                *v -= factor * p;
            }
            b[row] -= factor * b[col];
        }
    }
    let mut x = [0.0; N];
    for row in (0..N).rev() {
        let tail: f64 = (row + 1..N).map(|k| a[row][k] * x[k]).sum();
        x[row] = (b[row] - tail) / a[row][row];
    }
    Some(x)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_mean_of_two_curves_is_monotone_and_between_them() {
        let scores: Vec<f64> = (0..400).map(|i| f64::from(i) / 400.0).collect();
        let labels: Vec<bool> = (0..400).map(|i| (i * 7919) % 400 < i).collect();
        let beta = Calibrator::fit_beta(&scores, &labels).expect("beta");
        let steps = Calibrator::fit_smoothed(&scores, &labels, 4).expect("isotonic");
        let mean = Calibrator::mean_of(&beta, &steps);
        let mut last = f64::NEG_INFINITY;
        for i in 0..=1000 {
            let p = f64::from(i) / 1000.0;
            let (a, b, m) = (beta.apply(p), steps.apply(p), mean.apply(p));
            assert!(m >= last - 1e-12, "not monotone at {p}");
            assert!(
                m >= a.min(b) - 1e-12 && m <= a.max(b) + 1e-12,
                "{p}: {a} {b} {m}"
            );
            last = m;
        }
    }

    use super::*;

    #[test]
    fn pools_violators_into_a_non_decreasing_curve() {
        // Raw scores that overstate: 0.9 is right half the time.
        let scores = [0.1, 0.2, 0.3, 0.4, 0.8, 0.9, 0.9, 0.95];
        let labels = [false, true, false, false, true, false, true, true];
        let c = Calibrator::fit(&scores, &labels).unwrap();
        assert!(c.is_valid(), "{c:?}");
        // 0.2 (positive) and 0.3, 0.4 (negatives) pool into one block at 1/3.
        assert_eq!(c.y[0], 0.0);
        assert!((c.y[1] - 1.0 / 3.0).abs() < 1e-12, "{c:?}");
        assert!((c.x[1] - 0.3).abs() < 1e-12);
        assert!(c.apply(0.0) == 0.0 && c.apply(1.0) == 1.0);
        // Monotone everywhere, and strictly so between distinct knots.
        let grid: Vec<f64> = (0..=100).map(|i| c.apply(i as f64 / 100.0)).collect();
        assert!(grid.windows(2).all(|w| w[0] <= w[1]));
        assert!(c.apply(0.6) > c.apply(0.5));
    }

    #[test]
    fn smoothed_isotonic_blocks_hold_at_least_the_minimum() {
        let scores = [0.1, 0.2, 0.3, 0.4, 0.8, 0.9, 0.9, 0.95];
        let labels = [false, true, false, false, true, false, true, true];
        // Plain pooling gives blocks of 1, 3, 3 and 1 items; with at least 3 per block, the
        // first joins the second (4 items, 1 positive) and the last joins the one before it
        // (4 items, 3 positives).
        let c = Calibrator::fit_smoothed(&scores, &labels, 3).unwrap();
        assert!(c.is_valid(), "{c:?}");
        assert_eq!(c.x.len(), 2, "{c:?}");
        assert!(
            (c.y[0] - 0.25).abs() < 1e-12 && (c.y[1] - 0.75).abs() < 1e-12,
            "{c:?}"
        );
        assert!((c.x[0] - 0.25).abs() < 1e-12, "{c:?}");
        // A minimum of one item is plain isotonic regression; more than all items, one block.
        assert_eq!(
            Calibrator::fit_smoothed(&scores, &labels, 1),
            Calibrator::fit(&scores, &labels)
        );
        let one = Calibrator::fit_smoothed(&scores, &labels, 100).unwrap();
        assert_eq!(one.y, vec![0.5]);
    }

    #[test]
    fn a_calibrated_score_matches_the_observed_rate() {
        // Items whose true rate is p², scored p: a miscalibrated but well-ranked score.
        let mut scores = Vec::new();
        let mut labels = Vec::new();
        for i in 0..10_000 {
            let p = (i as f64 + 0.5) / 10_000.0;
            scores.push(p);
            // Deterministic stand-in for a draw: positive when a low-discrepancy sequence
            // falls under p².
            let u = (i as f64 * 0.618_033_988_75).fract();
            labels.push(u < p * p);
        }
        let c = Calibrator::fit(&scores, &labels).unwrap();
        for p in [0.2, 0.5, 0.8] {
            assert!((c.apply(p) - p * p).abs() < 0.06, "{p}: {}", c.apply(p));
        }
    }

    #[test]
    fn platt_scaling_straightens_an_overconfident_score() {
        // Scores twice as far from even odds (in logit) as the truth: slope 0.5 fixes them.
        let mut scores = Vec::new();
        let mut labels = Vec::new();
        for i in 0..20_000 {
            let z = -4.0 + 8.0 * (i as f64 + 0.5) / 20_000.0;
            let truth = 1.0 / (1.0 + (-z).exp());
            scores.push(1.0 / (1.0 + (-2.0 * z).exp()));
            labels.push((i as f64 * 0.618_033_988_75).fract() < truth);
        }
        let c = Calibrator::fit_platt(&scores, &labels).unwrap();
        assert!(c.is_valid());
        let raw = 1.0 / (1.0 + (-2.0f64).exp()); // truth 1/(1+e^-1) ≈ 0.731
        assert!((c.apply(raw) - 0.731).abs() < 0.03, "{}", c.apply(raw));
        assert!(Calibrator::fit_platt(&[], &[]).is_none());
    }

    #[test]
    fn beta_calibration_straightens_what_platt_scaling_cannot() {
        // True log-odds 2·ln p − 0.5·ln(1 − p) + 0.5 of score p: the score overstates near 0
        // and understates near 1 by different amounts, a bend no single slope on the logit
        // follows.
        let truth = |p: f64| 1.0 / (1.0 + (-(2.0 * p.ln() - 0.5 * (1.0 - p).ln() + 0.5)).exp());
        let mut scores = Vec::new();
        let mut labels = Vec::new();
        for i in 0..20_000 {
            let p = (i as f64 + 0.5) / 20_000.0;
            scores.push(p);
            labels.push((i as f64 * 0.618_033_988_75).fract() < truth(p));
        }
        let beta = Calibrator::fit_beta(&scores, &labels).unwrap();
        let platt = Calibrator::fit_platt(&scores, &labels).unwrap();
        assert!(beta.is_valid(), "{beta:?}");
        let worst = |c: &Calibrator| {
            [0.1, 0.3, 0.5, 0.7, 0.9]
                .iter()
                .map(|p| (c.apply(*p) - truth(*p)).abs())
                .fold(0.0, f64::max)
        };
        assert!(worst(&beta) < 0.02, "beta off by {}", worst(&beta));
        assert!(
            worst(&platt) > 2.0 * worst(&beta),
            "platt off by {}",
            worst(&platt)
        );
    }

    #[test]
    fn beta_calibration_keeps_the_curve_non_decreasing() {
        // Rates high at both ends (log-odds −ln p − 2·ln(1 − p) − 3), then low at both ends
        // (2·ln p + ln(1 − p) + 1): the unconstrained fit gives one coefficient a negative
        // sign, the curve would turn back, and that coefficient is held at 0 instead. Both
        // fits start far from their optimum, where full Newton steps diverge.
        let bends: [fn(f64) -> f64; 2] = [
            |p| -p.ln() - 2.0 * (1.0 - p).ln() - 3.0,
            |p| 2.0 * p.ln() + (1.0 - p).ln() + 1.0,
        ];
        for log_odds in bends {
            let mut scores = Vec::new();
            let mut labels = Vec::new();
            for i in 0..2_000 {
                let p = (i as f64 + 0.5) / 2_000.0;
                scores.push(p);
                let truth = 1.0 / (1.0 + (-log_odds(p)).exp());
                labels.push((i as f64 * 0.618_033_988_75).fract() < truth);
            }
            let c = Calibrator::fit_beta(&scores, &labels).unwrap();
            assert!(c.is_valid(), "{c:?}");
            assert!(c.apply(0.9) > c.apply(0.3), "{c:?}");
        }
        assert!(Calibrator::fit_beta(&[], &[]).is_none());
        assert!(Calibrator::fit_beta(&[f64::NAN], &[true]).is_none());
    }

    #[test]
    fn nothing_to_fit_and_invalid_curves_are_refused() {
        assert!(Calibrator::fit(&[], &[]).is_none());
        assert!(Calibrator::fit(&[f64::NAN], &[true]).is_none());
        let bad = Calibrator {
            x: vec![0.5, 0.4],
            y: vec![0.1, 0.2],
        };
        assert!(!bad.is_valid());
    }
}
