//! The scorer's batch write and the bulk score upsert of re-scoring.
//!
//! A batch is written in one transaction with multi-row upserts (UNNEST of arrays), keyed so
//! that writing the same batch twice changes nothing: items by id, scores by
//! (item id, model version).

use std::collections::{HashMap, HashSet};

use sqlx::postgres::PgPool;
use sqlx::Row;

use crate::aggregation::{Aggregation, Scored};
use crate::graph::Engagement;
use crate::records::{StoredItem, StoredScore};
use crate::store::columns::ScoreColumns;
use crate::store::graph::write_engagements;
use crate::store::pool::DbError;
use crate::store::practitioners::{
    add_to_practitioners, derive_practitioner_scores, recompute_practitioners,
};

/// A batch's engagements (replies and mentions) and the stance model that judged them.
#[derive(Debug, Clone, Copy)]
pub struct BatchEngagements<'a> {
    /// One per engagement of the batch's items (their last version when an id repeats).
    pub rows: &'a [Engagement],
    /// The stance model's version.
    pub stance_version: &'a str,
}

impl BatchEngagements<'_> {
    /// No engagement (re-scoring, say).
    pub const NONE: BatchEngagements<'static> = BatchEngagements {
        rows: &[],
        stance_version: "",
    };
}

/// Writes a batch in one transaction: practitioners, items, their engagements, scores, then
/// the practitioners' aggregates under `model_version`. Later duplicates of an id in the batch
/// win.
pub async fn write_batch(
    pool: &PgPool,
    items: &[StoredItem],
    scores: &[StoredScore],
    engagements: BatchEngagements<'_>,
    model_version: &str,
    aggregation: Aggregation,
) -> Result<(), DbError> {
    let items = dedup_last(items, |i| &i.id);
    let scores = dedup_last(scores, |s| &s.item_id);
    let mut authors: Vec<String> = items.iter().map(|i| i.author.clone()).collect();
    authors.sort();
    authors.dedup();

    let mut tx = pool.begin().await?;
    // New authors only: known ones are updated once, with their scores, below.
    sqlx::query(
        "INSERT INTO practitioners (id) SELECT unnest($1::text[]) ON CONFLICT (id) DO NOTHING",
    )
    .bind(&authors)
    .execute(&mut *tx)
    .await?;
    let items_written = sqlx::query(
        "INSERT INTO items (id, author, kind, parent_id, platform, lang_hint, url, created_at, text,
                            ingested_at)
         SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                              $7::text[], $8::timestamptz[], $9::text[], $10::timestamptz[])
         ON CONFLICT (id) DO UPDATE SET author = EXCLUDED.author, kind = EXCLUDED.kind,
             parent_id = EXCLUDED.parent_id, platform = EXCLUDED.platform,
             lang_hint = EXCLUDED.lang_hint, url = EXCLUDED.url, created_at = EXCLUDED.created_at,
             text = EXCLUDED.text
         WHERE (items.author, items.kind, items.text, items.parent_id, items.platform, items.lang_hint, items.url, items.created_at)
               IS DISTINCT FROM
               (EXCLUDED.author, EXCLUDED.kind, EXCLUDED.text, EXCLUDED.parent_id, EXCLUDED.platform, EXCLUDED.lang_hint, EXCLUDED.url, EXCLUDED.created_at)
         RETURNING id, (xmax = 0) AS inserted",
    )
    .bind(items.iter().map(|i| i.id.as_str()).collect::<Vec<_>>())
    .bind(items.iter().map(|i| i.author.as_str()).collect::<Vec<_>>())
    .bind(items.iter().map(|i| i.kind.as_str()).collect::<Vec<_>>())
    .bind(items.iter().map(|i| i.parent_id.as_deref()).collect::<Vec<_>>())
    .bind(items.iter().map(|i| i.platform.as_deref()).collect::<Vec<_>>())
    .bind(items.iter().map(|i| i.lang_hint.as_deref()).collect::<Vec<_>>())
    .bind(items.iter().map(|i| i.url.as_deref()).collect::<Vec<_>>())
    .bind(items.iter().map(|i| i.created_at).collect::<Vec<_>>())
    .bind(items.iter().map(|i| i.text.as_str()).collect::<Vec<_>>())
    .bind(items.iter().map(|i| i.ingested_at).collect::<Vec<_>>())
    .fetch_all(&mut *tx)
    .await?;
    // An item sent again changed (its text, or its author): the practitioners its scores were
    // counted under are recomputed too, before its score rows move to the new author below.
    let mut changed: Vec<String> = Vec::new();
    let mut new_items: HashSet<String> = HashSet::with_capacity(items_written.len());
    for row in &items_written {
        if row.get::<bool, _>("inserted") {
            new_items.insert(row.get("id"));
        } else {
            changed.push(row.get("id"));
        }
    }
    write_engagements(
        &mut tx,
        engagements.rows,
        engagements.stance_version,
        &changed,
    )
    .await?;
    let previous_authors: Vec<String> = if changed.is_empty() {
        Vec::new()
    } else {
        sqlx::query_scalar(
            "SELECT DISTINCT author FROM scores WHERE item_id = ANY($1) AND model_version = $2",
        )
        .bind(&changed)
        .bind(model_version)
        .fetch_all(&mut *tx)
        .await?
    };
    let outcome = upsert_scores(&mut tx, &scores, model_version).await?;
    // Practitioners whose sums belong to another model, or whose stored scores changed, are
    // recomputed from their scores; the others get this batch's new scores added.
    let mut recompute: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM practitioners WHERE id = ANY($1) AND model_version IS NOT NULL
           AND (model_version IS DISTINCT FROM $2 OR aggregation IS DISTINCT FROM $3)",
    )
    .bind(&authors)
    .bind(model_version)
    .bind(aggregation.key())
    .fetch_all(&mut *tx)
    .await?;
    recompute.extend(outcome.changed_authors);
    recompute.extend(previous_authors);
    // A new score of an item stored before (scored again under a new model, say): its time is
    // the stored item's, which only the database knows.
    let inserted: HashSet<&str> = outcome.inserted.iter().map(String::as_str).collect();
    recompute.extend(
        scores
            .iter()
            .filter(|s| inserted.contains(s.item_id.as_str()) && !new_items.contains(&s.item_id))
            .map(|s| s.author.clone()),
    );
    recompute.sort();
    recompute.dedup();
    // The others are new items with new scores: summed here, added to the running sums there.
    let times: HashMap<&str, chrono::DateTime<chrono::Utc>> = items
        .iter()
        .map(|i| (i.id.as_str(), i.created_at.unwrap_or(i.ingested_at)))
        .collect();
    let added: Vec<Scored<'_>> = scores
        .iter()
        .filter(|s| {
            inserted.contains(s.item_id.as_str()) && recompute.binary_search(&s.author).is_err()
        })
        .map(|score| Scored {
            at: times[score.item_id.as_str()],
            score,
        })
        .collect();
    let sums = aggregation.author_sums(&added);
    add_to_practitioners(&mut tx, &sums, model_version, aggregation).await?;
    recompute_practitioners(&mut tx, Some(&recompute), model_version, aggregation).await?;
    derive_practitioner_scores(&mut tx, Some(&recompute), aggregation).await?;
    tx.commit().await?;
    Ok(())
}

/// What a score upsert changed.
#[derive(Debug, Default)]
pub struct UpsertOutcome {
    /// Item ids whose score row is new.
    pub inserted: Vec<String>,
    /// Authors of rows whose stored score changed (an edited text, say).
    pub changed_authors: Vec<String>,
}

/// Multi-row upsert of scores keyed by (item id, model version); a score identical to the
/// stored one is left untouched.
const UPSERT_SCORES: &str =
    "INSERT INTO scores (item_id, model_version, author, lang, credibility, self_promotion,
                             unverifiable_claims, writing_errors, explanation, evidence_weight)
         SELECT t.i, $2, t.a, t.l, t.c, t.s, t.u, t.w, t.e::json, t.ew
         FROM UNNEST($1::text[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::float8[],
                     $8::float8[], $9::text[], $10::float8[]) AS t(i, a, l, c, s, u, w, e, ew)
         ON CONFLICT (item_id, model_version) DO UPDATE SET author = EXCLUDED.author,
             lang = EXCLUDED.lang, credibility = EXCLUDED.credibility,
             self_promotion = EXCLUDED.self_promotion,
             unverifiable_claims = EXCLUDED.unverifiable_claims,
             writing_errors = EXCLUDED.writing_errors, explanation = EXCLUDED.explanation,
             evidence_weight = EXCLUDED.evidence_weight, scored_at = now()
         WHERE (scores.author, scores.credibility, scores.explanation::text, scores.evidence_weight)
               IS DISTINCT FROM (EXCLUDED.author, EXCLUDED.credibility, EXCLUDED.explanation::text,
                                 EXCLUDED.evidence_weight)";

fn bind_scores<'q>(
    sql: &'q str,
    columns: ScoreColumns,
    model_version: &'q str,
) -> sqlx::query::Query<'q, sqlx::Postgres, sqlx::postgres::PgArguments> {
    sqlx::query(sql)
        .bind(columns.item_ids)
        .bind(model_version)
        .bind(columns.authors)
        .bind(columns.langs)
        .bind(columns.credibility)
        .bind(columns.self_promotion)
        .bind(columns.unverifiable_claims)
        .bind(columns.writing_errors)
        .bind(columns.explanations)
        .bind(columns.evidence_weights)
}

/// Upserts scores and says which rows are new and whose stored score changed (a
/// redelivered event returns nothing).
pub async fn upsert_scores(
    tx: &mut sqlx::PgConnection,
    scores: &[StoredScore],
    model_version: &str,
) -> Result<UpsertOutcome, DbError> {
    let sql = format!("{UPSERT_SCORES} RETURNING item_id, author, (xmax = 0) AS inserted");
    let rows = bind_scores(&sql, ScoreColumns::of(scores.iter()), model_version)
        .fetch_all(&mut *tx)
        .await?;
    let mut outcome = UpsertOutcome::default();
    for row in rows {
        if row.get::<bool, _>("inserted") {
            outcome.inserted.push(row.get("item_id"));
        } else {
            outcome.changed_authors.push(row.get("author"));
        }
    }
    Ok(outcome)
}

/// Upserts scores in bulk (re-scoring), returning how many rows were written or changed.
pub async fn write_scores(
    tx: &mut sqlx::PgConnection,
    scores: &[StoredScore],
    model_version: &str,
) -> Result<u64, DbError> {
    let result = bind_scores(
        UPSERT_SCORES,
        ScoreColumns::of(scores.iter()),
        model_version,
    )
    .execute(&mut *tx)
    .await?;
    Ok(result.rows_affected())
}

fn dedup_last<T: Clone>(rows: &[T], key: impl Fn(&T) -> &String) -> std::borrow::Cow<'_, [T]> {
    let mut last = std::collections::HashMap::with_capacity(rows.len());
    for (index, row) in rows.iter().enumerate() {
        last.insert(key(row).as_str(), index);
    }
    // The usual batch has no duplicate (the scorer already keeps one version per id): no copy.
    if last.len() == rows.len() {
        return std::borrow::Cow::Borrowed(rows);
    }
    rows.iter()
        .enumerate()
        .filter(|(i, r)| last[key(r).as_str()] == *i)
        .map(|(_, r)| r.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_duplicates_win() {
        let rows = vec![
            ("a".to_string(), 1),
            ("b".to_string(), 2),
            ("a".to_string(), 3),
        ];
        let kept = dedup_last(&rows, |r| &r.0);
        assert_eq!(kept, vec![("b".to_string(), 2), ("a".to_string(), 3)]);
    }
}
