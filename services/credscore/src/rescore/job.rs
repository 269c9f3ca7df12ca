//! What every re-scoring mode shares: its options, its summary, and scoring stored rows.

use credscore_model::Scorer;
use rayon::prelude::*;
use serde::Serialize;

use crate::records::{row_to_item, stored_score, StoredScore};
use crate::store::items::{Filters, ItemRow};

/// Options of `credscore rescore`.
#[derive(Debug, Clone)]
pub struct RescoreOptions {
    /// Model version; default: the active model.
    pub model: Option<String>,
    /// Which stored items to re-score.
    pub filters: Filters,
    /// Items per page.
    pub batch_size: usize,
    /// Half-life of practitioner aggregation, for the recompute at the end.
    pub half_life_days: f64,
}

/// What a run did.
#[derive(Debug, Clone, Serialize)]
pub struct RescoreSummary {
    /// The job's id (`credscore jobs`).
    pub job_id: i64,
    /// The model that scored.
    pub model_version: String,
    /// Whether this run continued an unfinished job.
    pub resumed: bool,
    /// Items the job covers.
    pub total_items: i64,
    /// Items read (over the whole job, resumed parts included).
    pub scanned_items: i64,
    /// Score rows written or changed.
    pub written_items: i64,
    /// Items scored by this run, and how fast.
    pub this_run_items: i64,
    /// This run's rate.
    pub items_per_second: f64,
    /// Whether practitioner scores were recomputed (the model is the active one).
    pub practitioners_updated: bool,
}

/// Scores `rows` on every core; items outside the language filter are left out.
pub fn score_rows(scorer: &Scorer, rows: &[ItemRow], filters: &Filters) -> Vec<StoredScore> {
    rows.par_iter()
        .filter_map(|row| {
            let item = row_to_item(
                &row.id,
                &row.author,
                &row.kind,
                row.lang_hint.as_deref(),
                &row.text,
            );
            let score = scorer.score(&item);
            filters
                .keeps_lang(&score.lang)
                .then(|| stored_score(&item, &score))
        })
        .collect()
}
