//! How item scores become a practitioner's score: a Beta prior at the population's credible
//! rate, item weights halving every half-life, and the posterior mean with a 95% interval
//! (README: "Practitioner credibility"). `store::practitioners` applies the same formula in
//! SQL; [`Aggregation::estimate`] is the reference it is tested against.

use chrono::{DateTime, Utc};
use credscore_model::Model;

use crate::records::StoredScore;

/// Prior weight of the population mean in a practitioner's score, in items.
pub const PRIOR_ITEMS: f64 = 3.0;

/// How practitioner scores are aggregated (README: "Practitioner credibility").
#[derive(Debug, Clone, Copy)]
pub struct Aggregation {
    /// The population mean scores shrink toward.
    pub prior_mean: f64,
    /// Weight of the prior, in items.
    pub prior_items: f64,
    /// Half-life of an item's weight, in days.
    pub half_life_days: f64,
}

/// A practitioner's published score: the Beta posterior mean and a 95% interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// The posterior mean.
    pub credibility: f64,
    /// Lower bound of the 95% interval.
    pub low: f64,
    /// Upper bound of the 95% interval.
    pub high: f64,
    /// Sum of the item weights after decay.
    pub effective_items: f64,
}

impl Aggregation {
    /// The settings as stored with each practitioner score: scores computed with other
    /// settings are recomputed.
    pub fn key(&self) -> String {
        format!(
            "half_life_days={};prior_items={};prior_mean={:.6};evidence=squared",
            self.half_life_days, self.prior_items, self.prior_mean
        )
    }

    /// Weight of an item `age_days` older than the practitioner's latest item.
    pub fn weight(&self, age_days: f64) -> f64 {
        0.5f64.powf(age_days.max(0.0) / self.half_life_days)
    }

    /// The score of a practitioner from `(age in days, item credibility, evidence weight)`
    /// triples, each item weighed by its decay times the square of its evidence weight (an
    /// item the model is unsure carries evidence, at 0.5, counts a quarter; a short neutral
    /// comment at 0.1 a hundredth; clear evidence at 0.95 nearly in full): the same
    /// formula the database applies (README: "Practitioner credibility"), kept here as the
    /// reference the SQL is tested against.
    pub fn estimate(&self, items: &[(f64, f64, f64)]) -> Estimate {
        let (weight, credible) =
            items
                .iter()
                .fold((0.0, 0.0), |(w, c), &(age, score, evidence)| {
                    let item_weight = self.weight(age) * evidence * evidence;
                    (w + item_weight, c + item_weight * score)
                });
        let a = self.prior_items * self.prior_mean + credible;
        let b = self.prior_items * (1.0 - self.prior_mean) + (weight - credible);
        let mean = a / (a + b);
        let sd = (a * b / ((a + b).powi(2) * (a + b + 1.0))).sqrt();
        Estimate {
            credibility: mean,
            low: (mean - 1.96 * sd).max(0.0),
            high: (mean + 1.96 * sd).min(1.0),
            effective_items: weight,
        }
    }
}

impl Aggregation {
    /// The aggregation under `model`: its prior mean is the credible rate of its training set.
    pub fn for_model(model: &Model, half_life_days: f64) -> Aggregation {
        Aggregation::from_metrics(&model.artifact().metrics, half_life_days)
    }

    /// The aggregation for a model's stored training metrics (readable whatever the model's
    /// feature schema, so models this build cannot run can still be compared).
    pub fn from_metrics(metrics: &serde_json::Value, half_life_days: f64) -> Aggregation {
        Aggregation {
            prior_mean: credible_rate(metrics).unwrap_or(0.5),
            prior_items: PRIOR_ITEMS,
            half_life_days,
        }
    }
}

/// The share of credible items in a model's training set, from its training metrics.
pub fn credible_rate(metrics: &serde_json::Value) -> Option<f64> {
    let credible = &metrics["targets"]["credible"];
    match (credible["positives"].as_f64(), credible["items"].as_f64()) {
        (Some(positives), Some(items)) if items > 0.0 => Some(positives / items),
        _ => None,
    }
}

/// One practitioner's share of a batch of new scores: what the running sums of
/// `store::practitioners` gain, weighed as of the author's newest item in the batch. The
/// weights halve every half-life, so sums taken as of one time are carried to a later
/// reference by one factor: the database only shifts and adds them.
#[derive(Debug, Clone, PartialEq)]
pub struct AuthorSums {
    /// The practitioner.
    pub author: String,
    /// Items added.
    pub items: i64,
    /// Of which scored as French.
    pub items_fr: i64,
    /// The newest item's time: the sums below are weighed as of it.
    pub newest: DateTime<Utc>,
    /// Sum of item weights (decay × evidence weight²).
    pub weight: f64,
    /// Sum of weight × credibility.
    pub credibility: f64,
    /// Sum of weight over items whose self-promotion is at least 0.5.
    pub self_promotion: f64,
    /// The same for unverifiable claims.
    pub unverifiable_claims: f64,
    /// The same for writing errors.
    pub writing_errors: f64,
}

/// A new score as the sums need it: its author, its item's time, and the score.
pub struct Scored<'a> {
    /// The item's publication time, or when it was stored when unknown.
    pub at: DateTime<Utc>,
    /// The stored score.
    pub score: &'a StoredScore,
}

impl Aggregation {
    /// Each author's sums over `scores`, in order of author.
    pub fn author_sums(&self, scores: &[Scored<'_>]) -> Vec<AuthorSums> {
        let mut by_author: std::collections::BTreeMap<&str, Vec<&Scored<'_>>> =
            std::collections::BTreeMap::new();
        for scored in scores {
            by_author
                .entry(scored.score.author.as_str())
                .or_default()
                .push(scored);
        }
        by_author
            .into_iter()
            .map(|(author, scored)| {
                let newest = scored
                    .iter()
                    .map(|s| s.at)
                    .max()
                    .expect("one score at least");
                let mut sums = AuthorSums {
                    author: author.to_string(),
                    items: scored.len() as i64,
                    items_fr: scored.iter().filter(|s| s.score.lang == "fr").count() as i64,
                    newest,
                    weight: 0.0,
                    credibility: 0.0,
                    self_promotion: 0.0,
                    unverifiable_claims: 0.0,
                    writing_errors: 0.0,
                };
                for s in scored {
                    let age_days =
                        (newest - s.at).num_microseconds().unwrap_or(i64::MAX) as f64 / 86_400e6;
                    let score = s.score;
                    let w = self.weight(age_days) * score.evidence_weight * score.evidence_weight;
                    let flagged = |p: f64| if p >= 0.5 { w } else { 0.0 };
                    sums.weight += w;
                    sums.credibility += w * score.credibility;
                    sums.self_promotion += flagged(score.self_promotion);
                    sums.unverifiable_claims += flagged(score.unverifiable_claims);
                    sums.writing_errors += flagged(score.writing_errors);
                }
                sums
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AGGREGATION: Aggregation = Aggregation {
        prior_mean: 0.4,
        prior_items: 5.0,
        half_life_days: 180.0,
    };

    #[test]
    fn no_items_gives_the_prior() {
        let e = AGGREGATION.estimate(&[]);
        assert!((e.credibility - 0.4).abs() < 1e-12);
        assert_eq!(e.effective_items, 0.0);
        assert!(e.low < 0.4 && e.high > 0.4);
    }

    #[test]
    fn few_items_shrink_toward_the_population_mean() {
        // One perfect item moves the score only a sixth of the way to 1.
        let one = AGGREGATION.estimate(&[(0.0, 1.0, 1.0)]);
        assert!((one.credibility - (5.0 * 0.4 + 1.0) / 6.0).abs() < 1e-12);
        // Fifty perfect items land close to 1.
        let many = AGGREGATION.estimate(&[(0.0, 1.0, 1.0); 50]);
        assert!(many.credibility > 0.94, "{many:?}");
        assert!(many.credibility > one.credibility);
        // The same for a practitioner whose items are all judged not credible.
        let bad = AGGREGATION.estimate(&[(0.0, 0.0, 1.0); 50]);
        assert!(bad.credibility < 0.04, "{bad:?}");
    }

    #[test]
    fn the_interval_narrows_with_more_items() {
        let few = AGGREGATION.estimate(&[(0.0, 0.8, 1.0); 3]);
        let many = AGGREGATION.estimate(&[(0.0, 0.8, 1.0); 300]);
        assert!(few.high - few.low > 2.0 * (many.high - many.low));
        assert!(many.low < 0.8 && 0.8 < many.high + 1e-3);
        assert!(few.low >= 0.0 && few.high <= 1.0);
    }

    #[test]
    fn older_items_weigh_less() {
        assert!((AGGREGATION.weight(0.0) - 1.0).abs() < 1e-12);
        assert!((AGGREGATION.weight(180.0) - 0.5).abs() < 1e-12);
        assert!((AGGREGATION.weight(360.0) - 0.25).abs() < 1e-12);
        // An item dated after the reference does not weigh more than a fresh one.
        assert_eq!(AGGREGATION.weight(-10.0), 1.0);
        // Recent good items, old bad ones: the recent ones dominate.
        let mut items = vec![(0.0, 0.9, 1.0); 10];
        items.extend(vec![(720.0, 0.1, 1.0); 10]);
        let e = AGGREGATION.estimate(&items);
        let undecayed = Aggregation {
            half_life_days: f64::INFINITY,
            ..AGGREGATION
        }
        .estimate(&items);
        assert!(
            e.credibility > undecayed.credibility + 0.15,
            "{e:?} {undecayed:?}"
        );
        assert!((e.effective_items - (10.0 + 10.0 / 16.0)).abs() < 1e-9);
    }

    #[test]
    fn items_without_evidence_barely_move_the_score() {
        let mut items = vec![(0.0, 0.9, 1.0); 10];
        let before = AGGREGATION.estimate(&items);
        // Twenty neutral comments: base-rate credibility, little evidence (0.1 is more than
        // the model gives "Thanks for sharing!", about 0.01).
        items.extend(vec![(0.0, 0.42, 0.1); 20]);
        let after = AGGREGATION.estimate(&items);
        assert!(
            (after.credibility - before.credibility).abs() < 0.02,
            "{before:?} {after:?}"
        );
        // Text in a language the model does not know weighs nothing.
        items.extend(vec![(0.0, 0.0, 0.0); 20]);
        assert_eq!(AGGREGATION.estimate(&items), after);
    }

    fn score(author: &str, lang: &str, credibility: f64, evidence: f64) -> StoredScore {
        StoredScore {
            item_id: format!("{author}-{credibility}"),
            author: author.into(),
            lang: lang.into(),
            credibility,
            self_promotion: 0.9,
            unverifiable_claims: 0.1,
            writing_errors: 0.5,
            explanation: "[]".into(),
            evidence_weight: evidence,
        }
    }

    #[test]
    fn batch_sums_are_weighed_as_of_each_authors_newest_item() {
        let newest: DateTime<Utc> = "2026-06-30T12:00:00Z".parse().unwrap();
        let days = |d: i64| newest - chrono::Duration::days(d);
        let scores = [
            score("a", "fr", 0.8, 1.0),
            score("b", "en", 0.3, 0.5),
            score("a", "en", 0.2, 0.5),
            score("a", "fr", 0.6, 1.0),
        ];
        let scored = [
            Scored {
                at: days(180),
                score: &scores[0],
            },
            Scored {
                at: days(3),
                score: &scores[1],
            },
            Scored {
                at: newest,
                score: &scores[2],
            },
            Scored {
                at: days(360),
                score: &scores[3],
            },
        ];
        let sums = AGGREGATION.author_sums(&scored);
        assert_eq!(sums.len(), 2);
        let (a, b) = (&sums[0], &sums[1]);
        assert_eq!(
            (a.author.as_str(), a.items, a.items_fr, a.newest),
            ("a", 3, 2, newest)
        );
        // Half-life 180 days: the item of 180 days ago weighs half, that of 360 a quarter.
        let weights = [0.5, 0.25, 0.25];
        assert!(
            (a.weight - weights.iter().sum::<f64>()).abs() < 1e-12,
            "{a:?}"
        );
        assert!((a.credibility - (0.5 * 0.8 + 0.25 * 0.2 + 0.25 * 0.6)).abs() < 1e-12);
        assert!((a.self_promotion - a.weight).abs() < 1e-12);
        assert_eq!(a.unverifiable_claims, 0.0);
        assert!(
            (a.writing_errors - a.weight).abs() < 1e-12,
            "0.5 counts as flagged"
        );
        // An author's sums are taken as of their own newest item.
        assert_eq!(
            (b.author.as_str(), b.items, b.items_fr, b.newest),
            ("b", 1, 0, days(3))
        );
        assert!((b.weight - 0.25).abs() < 1e-12);
        // The same figures as the reference estimate over the same items.
        let reference =
            AGGREGATION.estimate(&[(180.0, 0.8, 1.0), (0.0, 0.2, 0.5), (360.0, 0.6, 1.0)]);
        assert!((reference.effective_items - a.weight).abs() < 1e-12);
    }
}
