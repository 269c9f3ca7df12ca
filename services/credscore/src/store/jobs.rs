//! Re-scoring jobs and their ranges as stored: opening or resuming a job, recording progress,
//! planning the ranges of a distributed job, and finishing it.

use chrono::{DateTime, Utc};
use credscore_model::Model;
use serde::Serialize;
use sqlx::postgres::PgPool;
use sqlx::Row;

use crate::aggregation::Aggregation;
use crate::records::StoredScore;
use crate::store::batch::write_scores;
use crate::store::items::{count_items, read_ids, Filters};
use crate::store::pool::DbError;
use crate::store::practitioners::{derive_practitioner_scores, recompute_practitioners};

/// A re-scoring job as stored.
#[derive(Debug, Clone)]
pub struct Job {
    /// The job's id.
    pub id: i64,
    /// Items it covers.
    pub total_items: i64,
    /// Items read so far.
    pub scanned_items: i64,
    /// Score rows written or changed so far.
    pub written_items: i64,
    /// Where a local job resumes (keyset position).
    pub last_item_id: Option<String>,
    /// Whether an unfinished job was found rather than a new one opened.
    pub resumed: bool,
}

/// A re-scoring job as `credscore jobs` lists it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct JobStatus {
    /// The job's id.
    pub id: i64,
    /// The model it scores with.
    pub model_version: String,
    /// Its filters, in canonical JSON.
    pub filters: serde_json::Value,
    /// `local` or `kafka`.
    pub mode: String,
    /// `running` or `done`.
    pub status: String,
    /// Items it covers.
    pub total_items: i64,
    /// Items read so far.
    pub scanned_items: i64,
    /// Score rows written or changed so far.
    pub written_items: i64,
    /// Distributed jobs: ranges published and ranges done.
    pub ranges: Option<i64>,
    /// Distributed jobs: ranges done.
    pub ranges_done: Option<i64>,
    /// When it was opened.
    pub created_at: DateTime<Utc>,
    /// Its last progress.
    pub updated_at: DateTime<Utc>,
    /// When it finished.
    pub finished_at: Option<DateTime<Utc>>,
}

/// The latest re-scoring jobs, newest first.
pub async fn list_jobs(pool: &PgPool, limit: i64) -> Result<Vec<JobStatus>, DbError> {
    Ok(sqlx::query_as(
        "SELECT j.id, j.model_version, j.filters, j.mode, j.status, j.total_items,
                j.scanned_items, j.written_items, j.created_at, j.updated_at, j.finished_at,
                r.ranges, r.ranges_done
         FROM rescore_jobs j
         LEFT JOIN (SELECT job_id, count(*) AS ranges, count(done_at) AS ranges_done
                    FROM rescore_ranges GROUP BY job_id) r ON r.job_id = j.id
         ORDER BY j.id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await?)
}

/// The running job for this model, filters and mode, or a new one.
pub async fn open_job(
    pool: &PgPool,
    model_version: &str,
    filters: &Filters,
    mode: &str,
) -> Result<Job, DbError> {
    let filters_json = filters.to_json();
    let existing = sqlx::query(
        "SELECT id, total_items, scanned_items, written_items, last_item_id FROM rescore_jobs
         WHERE model_version = $1 AND filters = $2 AND mode = $3 AND status = 'running'",
    )
    .bind(model_version)
    .bind(&filters_json)
    .bind(mode)
    .fetch_optional(pool)
    .await?;
    let (row, resumed) = match existing {
        Some(row) => (row, true),
        None => {
            let total = count_items(pool, filters).await?;
            let row = sqlx::query(
                "INSERT INTO rescore_jobs (model_version, filters, mode, total_items)
                 VALUES ($1, $2, $3, $4)
                 RETURNING id, total_items, scanned_items, written_items, last_item_id",
            )
            .bind(model_version)
            .bind(&filters_json)
            .bind(mode)
            .bind(total)
            .fetch_one(pool)
            .await?;
            (row, false)
        }
    };
    Ok(Job {
        id: row.get("id"),
        total_items: row.get("total_items"),
        scanned_items: row.get("scanned_items"),
        written_items: row.get("written_items"),
        last_item_id: row.get("last_item_id"),
        resumed,
    })
}

fn job_lock_key(job_id: i64) -> i64 {
    // A namespace of our own in the advisory lock space.
    0x6373_0000_0000 + job_id
}

/// Splits the job's items into ranges of `range_size` ids and records them, once per job.
pub async fn plan_ranges(
    pool: &PgPool,
    job: &Job,
    filters: &Filters,
    range_size: i64,
) -> Result<i64, DbError> {
    let planned: i64 = sqlx::query_scalar("SELECT count(*) FROM rescore_ranges WHERE job_id = $1")
        .bind(job.id)
        .fetch_one(pool)
        .await?;
    if planned > 0 {
        return Ok(planned);
    }
    let (mut firsts, mut lasts, mut sizes) = (Vec::new(), Vec::new(), Vec::new());
    let mut after: Option<String> = None;
    loop {
        let ids = read_ids(pool, after.as_deref(), filters, range_size).await?;
        let (Some(first), Some(last)) = (ids.first(), ids.last()) else {
            break;
        };
        firsts.push(first.clone());
        lasts.push(last.clone());
        sizes.push(ids.len() as i32);
        after = Some(last.clone());
    }
    // All ranges in one transaction: a planning interrupted half-way leaves none.
    sqlx::query(
        "INSERT INTO rescore_ranges (job_id, first_id, last_id, items)
         SELECT $1, f, l, n FROM UNNEST($2::text[], $3::text[], $4::int[]) AS t(f, l, n)
         ON CONFLICT DO NOTHING",
    )
    .bind(job.id)
    .bind(&firsts)
    .bind(&lasts)
    .bind(&sizes)
    .execute(pool)
    .await?;
    Ok(firsts.len() as i64)
}

/// Marks a job done and, when its model is the active one, rebuilds practitioner scores, in
/// the caller's transaction (which holds the job row lock).
pub async fn finish_job(
    tx: &mut sqlx::PgConnection,
    job_id: i64,
    model: &Model,
    half_life_days: f64,
) -> Result<bool, DbError> {
    let finished = sqlx::query(
        "UPDATE rescore_jobs SET status = 'done', finished_at = now(), updated_at = now()
         WHERE id = $1 AND status = 'running'",
    )
    .bind(job_id)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    let active: Option<String> = sqlx::query_scalar("SELECT version FROM models WHERE active")
        .fetch_optional(&mut *tx)
        .await?;
    let version = model.version();
    let update = finished && active.as_deref() == Some(version);
    if update {
        let aggregation = Aggregation::for_model(model, half_life_days);
        recompute_practitioners(&mut *tx, None, version, aggregation).await?;
        derive_practitioner_scores(&mut *tx, None, aggregation).await?;
    }
    Ok(update)
}

/// Takes the job's lock on `connection` (one process per local job: a second one would write
/// the same pages); false when another process holds it.
pub async fn try_lock(connection: &mut sqlx::PgConnection, job_id: i64) -> Result<bool, DbError> {
    Ok(sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
        .bind(job_lock_key(job_id))
        .fetch_one(connection)
        .await?)
}

/// Releases the lock taken by [`try_lock`].
pub async fn unlock(connection: &mut sqlx::PgConnection, job_id: i64) -> Result<(), DbError> {
    sqlx::query("SELECT pg_advisory_unlock($1)")
        .bind(job_lock_key(job_id))
        .execute(connection)
        .await?;
    Ok(())
}

/// Writes a local job's page of scores and its resume point in one transaction; returns the
/// score rows written or changed.
pub async fn commit_page(
    pool: &PgPool,
    job_id: i64,
    scores: &[StoredScore],
    model_version: &str,
    scanned: i64,
    last_id: &str,
) -> Result<i64, DbError> {
    let mut tx = pool.begin().await?;
    let rows = write_scores(&mut tx, scores, model_version).await? as i64;
    sqlx::query(
        "UPDATE rescore_jobs SET scanned_items = scanned_items + $2,
             written_items = written_items + $3, last_item_id = $4, updated_at = now()
         WHERE id = $1",
    )
    .bind(job_id)
    .bind(scanned)
    .bind(rows)
    .bind(last_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(rows)
}

/// Marks a local job done.
pub async fn mark_done(pool: &PgPool, job_id: i64) -> Result<(), DbError> {
    sqlx::query(
        "UPDATE rescore_jobs SET status = 'done', finished_at = now(), updated_at = now() WHERE id = $1",
    )
    .bind(job_id)
    .execute(pool)
    .await?;
    Ok(())
}

/// The (first id, last id) of a distributed job's ranges not done yet.
pub async fn pending_ranges(pool: &PgPool, job_id: i64) -> Result<Vec<(String, String)>, DbError> {
    Ok(sqlx::query_as(
        "SELECT first_id, last_id FROM rescore_ranges WHERE job_id = $1 AND done_at IS NULL
         ORDER BY first_id",
    )
    .bind(job_id)
    .fetch_all(pool)
    .await?)
}

/// Finishes a job whose ranges are all done (under the job row lock).
pub async fn finish(
    pool: &PgPool,
    job_id: i64,
    model: &Model,
    half_life_days: f64,
) -> Result<(), DbError> {
    let mut tx = pool.begin().await?;
    lock_row(&mut tx, job_id).await?;
    finish_job(&mut tx, job_id, model, half_life_days).await?;
    tx.commit().await?;
    Ok(())
}

/// A job's status, items read and rows written.
pub async fn progress(pool: &PgPool, job_id: i64) -> Result<(String, i64, i64), DbError> {
    Ok(sqlx::query_as(
        "SELECT status, scanned_items, written_items FROM rescore_jobs WHERE id = $1",
    )
    .bind(job_id)
    .fetch_one(pool)
    .await?)
}

/// Whether a range was planned for the job (None) and if so whether it is done.
pub async fn range_done(
    pool: &PgPool,
    job_id: i64,
    first_id: &str,
) -> Result<Option<bool>, DbError> {
    let done: Option<Option<DateTime<Utc>>> = sqlx::query_scalar(
        "SELECT done_at FROM rescore_ranges WHERE job_id = $1 AND first_id = $2",
    )
    .bind(job_id)
    .bind(first_id)
    .fetch_optional(pool)
    .await?;
    Ok(done.map(|at| at.is_some()))
}

/// The job row lock orders range completions, so exactly one sees the last one.
async fn lock_row(tx: &mut sqlx::PgConnection, job_id: i64) -> Result<(), DbError> {
    sqlx::query("SELECT id FROM rescore_jobs WHERE id = $1 FOR UPDATE")
        .bind(job_id)
        .execute(tx)
        .await?;
    Ok(())
}

/// Writes a range's scores and marks it done in one transaction, finishing the job when it
/// was the last one. Returns the ranges left, or None when the range was already done (a
/// redelivered request: nothing is written).
#[allow(clippy::too_many_arguments)]
pub async fn complete_range(
    pool: &PgPool,
    job_id: i64,
    first_id: &str,
    scores: &[StoredScore],
    scanned: i64,
    model: &Model,
    half_life_days: f64,
) -> Result<Option<i64>, DbError> {
    let mut tx = pool.begin().await?;
    lock_row(&mut tx, job_id).await?;
    let claimed = sqlx::query(
        "UPDATE rescore_ranges SET done_at = now() WHERE job_id = $1 AND first_id = $2 AND done_at IS NULL",
    )
    .bind(job_id)
    .bind(first_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if claimed == 0 {
        tx.rollback().await?;
        return Ok(None);
    }
    let written = write_scores(&mut tx, scores, model.version()).await? as i64;
    sqlx::query(
        "UPDATE rescore_jobs SET scanned_items = scanned_items + $2,
             written_items = written_items + $3, updated_at = now() WHERE id = $1",
    )
    .bind(job_id)
    .bind(scanned)
    .bind(written)
    .execute(&mut *tx)
    .await?;
    let left: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM rescore_ranges WHERE job_id = $1 AND done_at IS NULL",
    )
    .bind(job_id)
    .fetch_one(&mut *tx)
    .await?;
    if left == 0 {
        finish_job(&mut tx, job_id, model, half_life_days).await?;
    }
    tx.commit().await?;
    Ok(Some(left))
}
