//! Scores as column arrays, the shape the UNNEST statements bind.

use crate::records::StoredScore;

/// A batch of scores as column arrays, the shape the UNNEST upserts bind.
pub struct ScoreColumns {
    /// One value per score.
    pub item_ids: Vec<String>,
    /// One value per score.
    pub authors: Vec<String>,
    /// One value per score.
    pub langs: Vec<String>,
    /// One value per score.
    pub credibility: Vec<f64>,
    /// One value per score.
    pub self_promotion: Vec<f64>,
    /// One value per score.
    pub unverifiable_claims: Vec<f64>,
    /// One value per score.
    pub writing_errors: Vec<f64>,
    /// One value per score.
    pub explanations: Vec<String>,
    /// One value per score.
    pub evidence_weights: Vec<f64>,
}

impl ScoreColumns {
    /// The columns of `scores`, in their order.
    pub fn of<'a>(scores: impl ExactSizeIterator<Item = &'a StoredScore>) -> Self {
        let n = scores.len();
        let mut c = ScoreColumns {
            item_ids: Vec::with_capacity(n),
            authors: Vec::with_capacity(n),
            langs: Vec::with_capacity(n),
            credibility: Vec::with_capacity(n),
            self_promotion: Vec::with_capacity(n),
            unverifiable_claims: Vec::with_capacity(n),
            writing_errors: Vec::with_capacity(n),
            explanations: Vec::with_capacity(n),
            evidence_weights: Vec::with_capacity(n),
        };
        for s in scores {
            c.item_ids.push(s.item_id.clone());
            c.authors.push(s.author.clone());
            c.langs.push(s.lang.clone());
            c.credibility.push(s.credibility);
            c.self_promotion.push(s.self_promotion);
            c.unverifiable_claims.push(s.unverifiable_claims);
            c.writing_errors.push(s.writing_errors);
            c.explanations.push(s.explanation.clone());
            c.evidence_weights.push(s.evidence_weight);
        }
        c
    }
}
