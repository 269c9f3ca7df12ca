//! Probability calibration: isotonic regression (pool adjacent violators) or Platt scaling,
//! fitted on out-of-fold predictions, so that a score of 0.8 means about 80 %.
//!
//! A fitted [`Calibrator`] is a non-decreasing curve through the centres of the pooled blocks
//! (mean prediction, observed rate), read by linear interpolation and held flat beyond its
//! ends. Interpolating between block centres, rather than returning step values, keeps
//! distinct scores distinct inside the range, so ranking (ROC AUC) is kept up to ties at the
//! ends.

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
        // Blocks of (sum of x, sum of y, count); equal scores start in one block.
        let mut blocks: Vec<(f64, f64, f64)> = Vec::new();
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
        Some(Calibrator {
            x: blocks.iter().map(|b| b.0 / b.2).collect(),
            y: blocks.iter().map(|b| b.1 / b.2).collect(),
        })
    }

    /// Fits Platt scaling: a logistic regression of `labels` on the logit of `scores`
    /// (Newton's method), drawn as a curve of 201 knots so that it reads like an isotonic
    /// one. Smoother than isotonic regression where items are few. None when there is
    /// nothing to fit or the fitted slope is not positive (it would reverse the ranking).
    pub fn fit_platt(scores: &[f64], labels: &[bool]) -> Option<Calibrator> {
        let logit = |p: f64| {
            let p = p.clamp(1e-6, 1.0 - 1e-6);
            (p / (1.0 - p)).ln()
        };
        let rows: Vec<(f64, f64)> = scores
            .iter()
            .zip(labels)
            .filter(|(s, _)| s.is_finite())
            .map(|(s, l)| (logit(*s), *l as u8 as f64))
            .collect();
        if rows.is_empty() {
            return None;
        }
        let (mut a, mut b) = (1.0f64, 0.0f64);
        for _ in 0..50 {
            // Gradient and Hessian of the log-loss in (a, b), with a small ridge for safety.
            let (mut ga, mut gb, mut haa, mut hab, mut hbb) = (1e-6 * a, 0.0, 1e-6, 0.0, 1e-6);
            for &(z, y) in &rows {
                let p = 1.0 / (1.0 + (-(a * z + b)).exp());
                let w = p * (1.0 - p);
                ga += (p - y) * z;
                gb += p - y;
                haa += w * z * z;
                hab += w * z;
                hbb += w;
            }
            let det = haa * hbb - hab * hab;
            if det.abs() < 1e-12 {
                break;
            }
            let (da, db) = ((hbb * ga - hab * gb) / det, (haa * gb - hab * ga) / det);
            a -= da;
            b -= db;
            if da.abs() + db.abs() < 1e-9 {
                break;
            }
        }
        if !(a > 0.0 && a.is_finite() && b.is_finite()) {
            return None;
        }
        let x: Vec<f64> = (0..=200).map(|i| i as f64 / 200.0).collect();
        let y = x
            .iter()
            .map(|p| 1.0 / (1.0 + (-(a * logit(*p) + b)).exp()))
            .collect();
        Some(Calibrator { x, y })
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

#[cfg(test)]
mod tests {
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
