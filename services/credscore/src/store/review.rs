//! The review queue (issue 14): the stored items where a reviewer's label helps most, each
//! with why it is queued, its scores under the active model and the labels in force.
//!
//! An item is queued when
//! - one of its four scores under the active model (the three cues and credibility) lies near
//!   the decision boundary, within [`BAND`] of 0.5;
//! - its author is among the [`TOP_PRACTITIONERS`] most credible, whose scores people see first;
//! - its author's score is disputed (an open row of `disputes`);
//! - reviewers disagree on it: for some target, the latest labels of different reviewers give
//!   different values.
//!
//! Most useful first: disagreements, then items of disputed practitioners, then items the
//! closer their scores are to the boundary, then items of top practitioners; each target
//! already labeled lowers an item a little, and items with all four targets labeled (and no
//! disagreement) come last.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::postgres::{PgPool, PgRow};
use sqlx::Row;

use crate::store::labels::{label, Label, COLUMNS, TARGETS};
use crate::store::pool::DbError;
use crate::store::read::Dispute;

/// How far from 0.5 a score counts as near the decision boundary (0.35 to 0.65).
pub const BAND: f64 = 0.15;

/// How many of the most credible practitioners have their items queued.
pub const TOP_PRACTITIONERS: i64 = 10;

/// The model's four scores of a queued item, under the active model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueueScores {
    /// The active model.
    pub model_version: String,
    /// Probability of self-promotion.
    pub self_promotion: f64,
    /// Probability of unverifiable claims.
    pub unverifiable_claims: f64,
    /// Probability of writing errors.
    pub writing_errors: f64,
    /// Credibility.
    pub credible: f64,
}

impl QueueScores {
    /// The score of `target` (one of [`TARGETS`]).
    pub fn of(&self, target: &str) -> f64 {
        match target {
            "self_promotion" => self.self_promotion,
            "unverifiable_claims" => self.unverifiable_claims,
            "writing_errors" => self.writing_errors,
            _ => self.credible,
        }
    }

    /// The targets whose score lies within [`BAND`] of 0.5, in the order of [`TARGETS`].
    pub fn near_boundary(&self) -> Vec<&'static str> {
        TARGETS
            .into_iter()
            .filter(|t| (self.of(t) - 0.5).abs() <= BAND + 1e-9)
            .collect()
    }
}

/// Reviewers who disagree on one target of an item: each one's latest value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Disagreement {
    /// The target.
    pub target: String,
    /// (reviewer, value), by reviewer name.
    pub votes: Vec<(String, i16)>,
}

/// An item in the review queue.
#[derive(Debug, Clone, Serialize)]
pub struct QueueItem {
    /// The item id.
    pub id: String,
    /// Its author.
    pub author: String,
    /// `post` or `comment`.
    pub kind: String,
    /// When it was published.
    pub created_at: Option<DateTime<Utc>>,
    /// Its text.
    pub text: String,
    /// Its scores under the active model; absent when the active model has not scored it.
    pub scores: Option<QueueScores>,
    /// The targets whose score is near the boundary.
    pub near_boundary: Vec<&'static str>,
    /// The author's place in the ranking, when among the [`TOP_PRACTITIONERS`].
    pub top_rank: Option<i64>,
    /// The author's open dispute.
    pub dispute: Option<Dispute>,
    /// Targets reviewers disagree on.
    pub disagreements: Vec<Disagreement>,
    /// The labels in force (latest per target), in the order of [`TARGETS`].
    pub labels: Vec<Label>,
}

const QUEUE: &str = "
WITH active AS (SELECT version FROM models WHERE active),
top AS (
    SELECT id, row_number() OVER (ORDER BY credibility DESC, id DESC) AS rank
    FROM practitioners WHERE credibility IS NOT NULL
    ORDER BY credibility DESC, id DESC LIMIT $2),
disputed AS (
    SELECT practitioner_id, dispute_note, disputed_by, disputed_at
    FROM disputes WHERE closed_at IS NULL),
per_reviewer AS (
    SELECT DISTINCT ON (item_id, target, reviewer) item_id, target, reviewer, value
    FROM item_labels ORDER BY item_id, target, reviewer, id DESC),
disagreed AS (
    SELECT item_id, count(*) AS targets
    FROM (SELECT item_id, target FROM per_reviewer
          GROUP BY item_id, target HAVING count(DISTINCT value) > 1) t
    GROUP BY item_id),
labeled AS (
    SELECT item_id, count(DISTINCT target) AS targets FROM item_labels GROUP BY item_id),
candidates AS (
    -- The unlabeled items nearest the boundary, only as many as the page shows: an item
    -- left out has a wider margin than each of them and nothing else lifting it.
    (SELECT s.item_id FROM scores s JOIN active a ON a.version = s.model_version
     WHERE (abs(s.self_promotion - 0.5) <= $3 OR abs(s.unverifiable_claims - 0.5) <= $3
            OR abs(s.writing_errors - 0.5) <= $3 OR abs(s.credibility - 0.5) <= $3)
       AND NOT EXISTS (SELECT 1 FROM item_labels x WHERE x.item_id = s.item_id)
     ORDER BY least(abs(s.self_promotion - 0.5), abs(s.unverifiable_claims - 0.5),
                    abs(s.writing_errors - 0.5), abs(s.credibility - 0.5))
     LIMIT $1)
    UNION SELECT s.item_id FROM scores s JOIN active a ON a.version = s.model_version
          JOIN labeled l ON l.item_id = s.item_id
          WHERE abs(s.self_promotion - 0.5) <= $3 OR abs(s.unverifiable_claims - 0.5) <= $3
             OR abs(s.writing_errors - 0.5) <= $3 OR abs(s.credibility - 0.5) <= $3
    UNION SELECT i.id FROM items i JOIN top t ON t.id = i.author
    UNION SELECT i.id FROM items i JOIN disputed d ON d.practitioner_id = i.author
    UNION SELECT item_id FROM disagreed),
queued AS (
    SELECT i.id, i.author, i.kind, i.created_at, i.text,
           s.model_version, s.credibility, s.self_promotion, s.unverifiable_claims,
           s.writing_errors, t.rank AS top_rank,
           d.dispute_note, d.disputed_by, d.disputed_at,
           COALESCE(dg.targets, 0) AS disagreed_targets,
           COALESCE(l.targets, 0) AS labeled_targets,
           least(abs(s.self_promotion - 0.5), abs(s.unverifiable_claims - 0.5),
                 abs(s.writing_errors - 0.5), abs(s.credibility - 0.5)) AS margin
    FROM candidates c JOIN items i ON i.id = c.item_id
    LEFT JOIN scores s ON s.item_id = i.id AND s.model_version = (SELECT version FROM active)
    LEFT JOIN top t ON t.id = i.author
    LEFT JOIN disputed d ON d.practitioner_id = i.author
    LEFT JOIN disagreed dg ON dg.item_id = i.id
    LEFT JOIN labeled l ON l.item_id = i.id)
SELECT *,
       (CASE WHEN disagreed_targets > 0 THEN 16.0 ELSE 0.0 END
        + CASE WHEN dispute_note IS NOT NULL THEN 8.0 ELSE 0.0 END
        + CASE WHEN margin <= $3 THEN 2.0 + ($3 - margin) / $3 ELSE 0.0 END
        + CASE WHEN top_rank IS NOT NULL THEN 1.0 ELSE 0.0 END
        - 0.25 * labeled_targets) AS priority
FROM queued
ORDER BY (labeled_targets >= 4 AND disagreed_targets = 0), priority DESC,
         margin ASC NULLS LAST, id
LIMIT $1";

fn queue_item(r: &PgRow) -> QueueItem {
    let scores = r
        .get::<Option<String>, _>("model_version")
        .map(|model_version| QueueScores {
            model_version,
            self_promotion: r.get("self_promotion"),
            unverifiable_claims: r.get("unverifiable_claims"),
            writing_errors: r.get("writing_errors"),
            credible: r.get("credibility"),
        });
    QueueItem {
        id: r.get("id"),
        author: r.get("author"),
        kind: r.get("kind"),
        created_at: r.get("created_at"),
        text: r.get("text"),
        near_boundary: scores
            .as_ref()
            .map(QueueScores::near_boundary)
            .unwrap_or_default(),
        scores,
        top_rank: r.get("top_rank"),
        dispute: r
            .get::<Option<String>, _>("dispute_note")
            .map(|note| Dispute {
                note,
                by: r.get("disputed_by"),
                at: r.get("disputed_at"),
            }),
        disagreements: Vec::new(),
        labels: Vec::new(),
    }
}

/// The review queue: at most `limit` items, most useful first.
pub async fn queue(pool: &PgPool, limit: i64) -> Result<Vec<QueueItem>, DbError> {
    let mut items: Vec<QueueItem> = sqlx::query(QUEUE)
        .bind(limit)
        .bind(TOP_PRACTITIONERS)
        .bind(BAND)
        .fetch_all(pool)
        .await?
        .iter()
        .map(queue_item)
        .collect();
    let ids: Vec<String> = items.iter().map(|i| i.id.clone()).collect();
    let mut labels = labels_in_force(pool, &ids).await?;
    let mut disagreements = disagreements(pool, &ids).await?;
    for item in &mut items {
        item.labels = labels.remove(&item.id).unwrap_or_default();
        item.disagreements = disagreements.remove(&item.id).unwrap_or_default();
    }
    Ok(items)
}

/// The labels in force on each of `ids` (latest per target, in the order of [`TARGETS`]).
async fn labels_in_force(
    pool: &PgPool,
    ids: &[String],
) -> Result<BTreeMap<String, Vec<Label>>, DbError> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM item_labels l LEFT JOIN item_labels p ON p.id = l.replaces
         WHERE l.item_id = ANY($1)
           AND l.id = (SELECT max(id) FROM item_labels m
                       WHERE m.item_id = l.item_id AND m.target = l.target)"
    ))
    .bind(ids)
    .fetch_all(pool)
    .await?;
    let mut out: BTreeMap<String, Vec<Label>> = BTreeMap::new();
    for r in &rows {
        let label = label(r);
        out.entry(label.item_id.clone()).or_default().push(label);
    }
    for labels in out.values_mut() {
        labels.sort_by_key(|l| TARGETS.iter().position(|t| *t == l.target));
    }
    Ok(out)
}

/// For each of `ids`, the targets on which reviewers' latest labels differ.
async fn disagreements(
    pool: &PgPool,
    ids: &[String],
) -> Result<BTreeMap<String, Vec<Disagreement>>, DbError> {
    let rows = sqlx::query(
        "SELECT DISTINCT ON (item_id, target, reviewer) item_id, target, reviewer, value
         FROM item_labels WHERE item_id = ANY($1)
         ORDER BY item_id, target, reviewer, id DESC",
    )
    .bind(ids)
    .fetch_all(pool)
    .await?;
    let mut votes: BTreeMap<(String, String), Vec<(String, i16)>> = BTreeMap::new();
    for r in &rows {
        votes
            .entry((r.get("item_id"), r.get("target")))
            .or_default()
            .push((r.get("reviewer"), r.get("value")));
    }
    Ok(group_disagreements(votes))
}

/// Keeps the (item, target) pairs whose reviewers gave different values.
fn group_disagreements(
    votes: BTreeMap<(String, String), Vec<(String, i16)>>,
) -> BTreeMap<String, Vec<Disagreement>> {
    let mut out: BTreeMap<String, Vec<Disagreement>> = BTreeMap::new();
    for ((item, target), votes) in votes {
        if votes.iter().any(|(_, v)| *v != votes[0].1) {
            out.entry(item)
                .or_default()
                .push(Disagreement { target, votes });
        }
    }
    for disagreements in out.values_mut() {
        disagreements.sort_by_key(|d| TARGETS.iter().position(|t| *t == d.target));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_near_the_boundary_are_named() {
        let scores = QueueScores {
            model_version: "m".into(),
            self_promotion: 0.64,
            unverifiable_claims: 0.2,
            writing_errors: 0.35,
            credible: 0.9,
        };
        assert_eq!(
            scores.near_boundary(),
            vec!["self_promotion", "writing_errors"]
        );
    }

    #[test]
    fn only_differing_reviewers_disagree() {
        let mut votes = BTreeMap::new();
        votes.insert(
            ("a".to_string(), "credible".to_string()),
            vec![("ana".to_string(), 1), ("bruno".to_string(), 0)],
        );
        votes.insert(
            ("a".to_string(), "self_promotion".to_string()),
            vec![("ana".to_string(), 1), ("bruno".to_string(), 1)],
        );
        votes.insert(
            ("b".to_string(), "credible".to_string()),
            vec![("ana".to_string(), 0)],
        );
        let out = group_disagreements(votes);
        assert_eq!(out.len(), 1);
        assert_eq!(out["a"].len(), 1);
        assert_eq!(out["a"][0].target, "credible");
    }
}
