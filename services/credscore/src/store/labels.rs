//! Labels from people (`item_labels`, migration 0014): append-only, the latest label of an
//! item and target is the one in force.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::postgres::{PgPool, PgRow};
use sqlx::Row;

use crate::store::pool::DbError;

/// What a label may say something about: the three cues and credibility.
pub const TARGETS: [&str; 4] = [
    "self_promotion",
    "unverifiable_claims",
    "writing_errors",
    "credible",
];

/// A label to store.
#[derive(Debug, Clone, PartialEq)]
pub struct NewLabel {
    /// One of [`TARGETS`].
    pub target: String,
    /// 1: the item shows it (is credible); 0: it does not.
    pub value: i16,
    /// Who says so.
    pub reviewer: String,
    /// Why, if they said.
    pub note: Option<String>,
}

/// The label a new one superseded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Replaced {
    /// Its id.
    pub id: i64,
    /// Its value.
    pub value: i16,
    /// Its reviewer.
    pub reviewer: String,
    /// When it was given.
    pub labeled_at: DateTime<Utc>,
}

/// A stored label.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Label {
    /// Its id (labels are numbered in the order they were given).
    pub id: i64,
    /// The item.
    pub item_id: String,
    /// What it is about.
    pub target: String,
    /// 0 or 1.
    pub value: i16,
    /// Who gave it.
    pub reviewer: String,
    /// Why.
    pub note: Option<String>,
    /// When.
    pub labeled_at: DateTime<Utc>,
    /// The label of the same item and target it superseded, if any.
    pub replaces: Option<Replaced>,
}

/// A label from a row of [`COLUMNS`].
pub(crate) fn label(r: &PgRow) -> Label {
    let replaces = r.get::<Option<i64>, _>("replaces").map(|id| Replaced {
        id,
        value: r.get("r_value"),
        reviewer: r.get("r_reviewer"),
        labeled_at: r.get("r_labeled_at"),
    });
    Label {
        id: r.get("id"),
        item_id: r.get("item_id"),
        target: r.get("target"),
        value: r.get("value"),
        reviewer: r.get("reviewer"),
        note: r.get("note"),
        labeled_at: r.get("labeled_at"),
        replaces,
    }
}

/// The columns [`label`] reads: a label (`l`) joined with the one it replaced (`p`).
pub(crate) const COLUMNS: &str =
    "l.id, l.item_id, l.target, l.value, l.reviewer, l.note, l.labeled_at,
    l.replaces, p.value AS r_value, p.reviewer AS r_reviewer, p.labeled_at AS r_labeled_at";

/// Stores `new` on item `item_id`, superseding the item's label of the same target; None when
/// no such item is stored. Labels of one item and target are given one at a time (the item row
/// is locked), so each names the one it replaced.
pub async fn add_label(
    pool: &PgPool,
    item_id: &str,
    new: &NewLabel,
) -> Result<Option<Label>, DbError> {
    let mut tx = pool.begin().await?;
    let found: Option<String> = sqlx::query_scalar("SELECT id FROM items WHERE id = $1 FOR SHARE")
        .bind(item_id)
        .fetch_optional(&mut *tx)
        .await?;
    if found.is_none() {
        return Ok(None);
    }
    sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1 || '/' || $2, 0))")
        .bind(item_id)
        .bind(&new.target)
        .execute(&mut *tx)
        .await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO item_labels (item_id, target, value, reviewer, note, replaces)
         SELECT $1, $2, $3, $4, $5,
                (SELECT max(id) FROM item_labels WHERE item_id = $1 AND target = $2)
         RETURNING id",
    )
    .bind(item_id)
    .bind(&new.target)
    .bind(new.value)
    .bind(&new.reviewer)
    .bind(&new.note)
    .fetch_one(&mut *tx)
    .await?;
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM item_labels l LEFT JOIN item_labels p ON p.id = l.replaces
         WHERE l.id = $1"
    ))
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Some(label(&row)))
}

/// The labels in force on item `item_id`: the latest of each target, in the order of
/// [`TARGETS`].
pub async fn current_labels(pool: &PgPool, item_id: &str) -> Result<Vec<Label>, DbError> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM item_labels l LEFT JOIN item_labels p ON p.id = l.replaces
         WHERE l.item_id = $1
           AND l.id = (SELECT max(id) FROM item_labels m
                       WHERE m.item_id = l.item_id AND m.target = l.target)"
    ))
    .bind(item_id)
    .fetch_all(pool)
    .await?;
    let mut labels: Vec<Label> = rows.iter().map(label).collect();
    labels.sort_by_key(|l| TARGETS.iter().position(|t| *t == l.target));
    Ok(labels)
}

/// What opening a dispute found.
#[derive(Debug, Clone, PartialEq)]
pub enum Opened {
    /// The dispute is open.
    Opened,
    /// No such practitioner is stored.
    UnknownPractitioner,
    /// One is open already: by whom and when.
    AlreadyOpen(String, DateTime<Utc>),
}

/// Marks practitioner `id`'s score as disputed by `by`, with `note`.
pub async fn open_dispute(
    pool: &PgPool,
    id: &str,
    note: &str,
    by: &str,
) -> Result<Opened, DbError> {
    let mut tx = pool.begin().await?;
    let known: Option<String> =
        sqlx::query_scalar("SELECT id FROM practitioners WHERE id = $1 FOR SHARE")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    if known.is_none() {
        return Ok(Opened::UnknownPractitioner);
    }
    let inserted = sqlx::query(
        "INSERT INTO disputes (practitioner_id, dispute_note, disputed_by) VALUES ($1, $2, $3)
         ON CONFLICT (practitioner_id) WHERE closed_at IS NULL DO NOTHING",
    )
    .bind(id)
    .bind(note)
    .bind(by)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 0 {
        let (by, at): (String, DateTime<Utc>) = sqlx::query_as(
            "SELECT disputed_by, disputed_at FROM disputes WHERE practitioner_id = $1 AND closed_at IS NULL",
        )
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        return Ok(Opened::AlreadyOpen(by, at));
    }
    tx.commit().await?;
    Ok(Opened::Opened)
}

/// Closes practitioner `id`'s open dispute; false when none is open.
pub async fn close_dispute(pool: &PgPool, id: &str, by: &str) -> Result<bool, DbError> {
    Ok(sqlx::query(
        "UPDATE disputes SET closed_at = now(), closed_by = $2
         WHERE practitioner_id = $1 AND closed_at IS NULL",
    )
    .bind(id)
    .bind(by)
    .execute(pool)
    .await?
    .rows_affected()
        > 0)
}
