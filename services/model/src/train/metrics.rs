//! Ranking and calibration metrics of one score against one label: ROC AUC, Brier score,
//! log loss and the reliability table.

use serde::{Deserialize, Serialize};

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
}
