//! Batch re-scoring of stored items (`credscore rescore`) and model comparison
//! (`credscore model diff`).
//!
//! A local run reads items in id order by keyset pages, scores each page on every core, and
//! upserts the scores in bulk; each page's scores and the job's resume point are committed in
//! one transaction, so a run killed at any moment and started again continues after the last
//! committed page and ends with the same rows as an uninterrupted run. Reading, scoring and
//! writing overlap (a page is scored while the previous one is written).

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use credscore_model::{Extractor, Item, Kind, Model, Scorer};
use rayon::prelude::*;
use serde::Serialize;
use sqlx::postgres::PgPool;
use sqlx::Row;

use crate::db::{self, DbError, StoredScore};

/// Which stored items a job covers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filters {
    /// Items published (or, without a publication time, ingested) at or after this time.
    pub since: Option<DateTime<Utc>>,
    /// ... and before this time.
    pub until: Option<DateTime<Utc>>,
    /// Only these authors (empty: everyone).
    pub authors: Vec<String>,
    /// Only items the model detects in this language (`fr` or `en`).
    pub lang: Option<String>,
}

impl Filters {
    /// Canonical form, stored with the job: the same filters always give the same JSON.
    pub fn to_json(&self) -> serde_json::Value {
        let mut authors = self.authors.clone();
        authors.sort();
        authors.dedup();
        serde_json::json!({
            "since": self.since.map(|t| t.to_rfc3339()),
            "until": self.until.map(|t| t.to_rfc3339()),
            "authors": authors,
            "lang": self.lang,
        })
    }

    /// The filters in words, for listings: "all items" when there are none.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(since) = self.since {
            parts.push(format!("since {}", since.to_rfc3339()));
        }
        if let Some(until) = self.until {
            parts.push(format!("until {}", until.to_rfc3339()));
        }
        if !self.authors.is_empty() {
            parts.push(format!("authors {}", self.authors.join(",")));
        }
        if let Some(lang) = &self.lang {
            parts.push(format!("lang {lang}"));
        }
        if parts.is_empty() {
            "all items".to_string()
        } else {
            parts.join("; ")
        }
    }

    pub fn from_json(value: &serde_json::Value) -> Result<Filters, String> {
        let time = |key: &str| -> Result<Option<DateTime<Utc>>, String> {
            match value.get(key).and_then(|v| v.as_str()) {
                None => Ok(None),
                Some(raw) => DateTime::parse_from_rfc3339(raw)
                    .map(|t| Some(t.with_timezone(&Utc)))
                    .map_err(|e| format!("filter `{key}`: {e}")),
            }
        };
        Ok(Filters {
            since: time("since")?,
            until: time("until")?,
            authors: value
                .get("authors")
                .and_then(|v| v.as_array())
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default(),
            lang: value
                .get("lang")
                .and_then(|v| v.as_str())
                .map(str::to_string),
        })
    }

    /// Rejects filters that cannot mean what the user wants.
    pub fn validate(&self) -> Result<(), String> {
        if let (Some(since), Some(until)) = (self.since, self.until) {
            if since >= until {
                return Err(format!(
                    "--since ({since}) must be before --until ({until})"
                ));
            }
        }
        if self.authors.iter().any(|a| a.trim().is_empty()) {
            return Err("--author needs an author id; an empty one matches nothing".to_string());
        }
        Ok(())
    }

    fn keeps_lang(&self, lang: &str) -> bool {
        self.lang.as_deref().is_none_or(|l| l == lang)
    }
}

/// SQL condition on `items` for the time and author filters: $1 (since), $2 (until), $3
/// (authors), bound by [`filtered`]. Queries bind their own parameters from $4.
const ITEM_FILTER: &str = "($1::timestamptz IS NULL OR COALESCE(created_at, ingested_at) >= $1)
     AND ($2::timestamptz IS NULL OR COALESCE(created_at, ingested_at) < $2)
     AND (cardinality($3::text[]) = 0 OR author = ANY($3))";

/// Keyset page of item ids: after $4 (none for the first page), at most $5.
const ITEM_PAGE: &str = "($4::text IS NULL OR id > $4) ORDER BY id LIMIT $5";

/// `sql` (which uses [`ITEM_FILTER`]) with the filter's parameters bound.
fn filtered<'q>(
    sql: &'q str,
    filters: &'q Filters,
) -> sqlx::query::Query<'q, sqlx::Postgres, sqlx::postgres::PgArguments> {
    sqlx::query(sql)
        .bind(filters.since)
        .bind(filters.until)
        .bind(&filters.authors)
}

/// What scoring needs of a stored item.
#[derive(Debug, Clone)]
pub struct ItemRow {
    pub id: String,
    pub author: String,
    pub kind: String,
    pub lang_hint: Option<String>,
    pub text: String,
}

fn item_row(row: &sqlx::postgres::PgRow) -> ItemRow {
    ItemRow {
        id: row.get("id"),
        author: row.get("author"),
        kind: row.get("kind"),
        lang_hint: row.get("lang_hint"),
        text: row.get("text"),
    }
}

/// Up to `limit` items after `after` in id order, matching `filters`.
pub async fn read_page(
    pool: &PgPool,
    after: Option<&str>,
    filters: &Filters,
    limit: i64,
) -> Result<Vec<ItemRow>, DbError> {
    let sql = format!(
        "SELECT id, author, kind, lang_hint, text FROM items WHERE {ITEM_FILTER} AND {ITEM_PAGE}"
    );
    let rows = filtered(&sql, filters)
        .bind(after)
        .bind(limit)
        .fetch_all(pool)
        .await?;
    Ok(rows.iter().map(item_row).collect())
}

/// The items with ids in `[first, last]` matching `filters` (a distributed job's range).
pub async fn read_range(
    pool: &PgPool,
    first: &str,
    last: &str,
    filters: &Filters,
) -> Result<Vec<ItemRow>, DbError> {
    let sql = format!(
        "SELECT id, author, kind, lang_hint, text FROM items
         WHERE {ITEM_FILTER} AND id >= $4 AND id <= $5 ORDER BY id"
    );
    let rows = filtered(&sql, filters)
        .bind(first)
        .bind(last)
        .fetch_all(pool)
        .await?;
    Ok(rows.iter().map(item_row).collect())
}

/// How many stored items match `filters` (before the language filter).
pub async fn count_items(pool: &PgPool, filters: &Filters) -> Result<i64, DbError> {
    let sql = format!("SELECT count(*) FROM items WHERE {ITEM_FILTER}");
    Ok(filtered(&sql, filters).fetch_one(pool).await?.get(0))
}

/// Scores `rows` on every core; items outside the language filter are left out.
pub fn score_rows(scorer: &Scorer, rows: &[ItemRow], filters: &Filters) -> Vec<StoredScore> {
    rows.par_iter()
        .filter_map(|row| {
            let item = Item {
                id: row.id.clone(),
                author: row.author.clone(),
                kind: if row.kind == "comment" {
                    Kind::Comment
                } else {
                    Kind::Post
                },
                parent_id: None,
                platform: None,
                lang: row.lang_hint.clone(),
                created_at: None,
                url: None,
                text: row.text.clone(),
            };
            let score = scorer.score(&item);
            filters
                .keeps_lang(&score.lang)
                .then(|| crate::scorer::stored_score(&item, &score))
        })
        .collect()
}

/// Loads a registered model (default: the active one).
pub async fn registered_model(pool: &PgPool, version: Option<&str>) -> anyhow::Result<Model> {
    let version = match version {
        Some(v) => v.to_string(),
        None => db::active_version(pool).await?.ok_or_else(|| {
            anyhow::anyhow!("no active model in the registry; pass --model VERSION (see `credscore model list`)")
        })?,
    };
    let artifact = db::load_model(pool, &version).await?;
    Ok(Model::new(artifact)?)
}

/// A re-scoring job as stored.
#[derive(Debug, Clone)]
pub struct Job {
    pub id: i64,
    pub total_items: i64,
    pub scanned_items: i64,
    pub written_items: i64,
    pub last_item_id: Option<String>,
    pub resumed: bool,
}

/// A re-scoring job as `credscore jobs` lists it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct JobStatus {
    pub id: i64,
    pub model_version: String,
    pub filters: serde_json::Value,
    pub mode: String,
    pub status: String,
    pub total_items: i64,
    pub scanned_items: i64,
    pub written_items: i64,
    /// Distributed jobs: ranges published and ranges done.
    pub ranges: Option<i64>,
    pub ranges_done: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
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

/// Progress on stderr: a bar with rate and ETA on a terminal, a line every few seconds
/// otherwise (logs, CI).
pub struct Progress {
    bar: Option<indicatif::ProgressBar>,
    total: u64,
    done: u64,
    started_at: u64,
    started: Instant,
    last_line: Instant,
}

impl Progress {
    pub fn new(total: u64, done: u64, what: &str) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = indicatif::ProgressBar::new(total);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{msg} [{bar:30}] {human_pos}/{human_len} items, {per_sec}, ETA {eta}",
                )
                .expect("valid template")
                .progress_chars("=> "),
            );
            bar.set_message(what.to_string());
            bar.set_position(done);
            bar.reset_eta();
            bar
        });
        Progress {
            bar,
            total,
            done,
            started_at: done,
            started: Instant::now(),
            last_line: Instant::now(),
        }
    }

    pub fn rate(&self) -> f64 {
        (self.done - self.started_at) as f64 / self.started.elapsed().as_secs_f64().max(1e-9)
    }

    pub fn set(&mut self, done: u64) {
        self.done = done;
        if let Some(bar) = &self.bar {
            bar.set_position(done);
        } else if self.last_line.elapsed() >= Duration::from_secs(5) {
            self.last_line = Instant::now();
            let rate = self.rate();
            let left = self.total.saturating_sub(done) as f64 / rate.max(1e-9);
            eprintln!(
                "  {done}/{} items ({rate:.0} items/s, ETA {:.0} s)",
                self.total, left
            );
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// Options of `credscore rescore`.
#[derive(Debug, Clone)]
pub struct RescoreOptions {
    /// Model version; default: the active model.
    pub model: Option<String>,
    pub filters: Filters,
    /// Items per page.
    pub batch_size: usize,
    pub half_life_days: f64,
}

/// What a run did.
#[derive(Debug, Clone, Serialize)]
pub struct RescoreSummary {
    pub job_id: i64,
    pub model_version: String,
    pub resumed: bool,
    pub total_items: i64,
    /// Items read (over the whole job, resumed parts included).
    pub scanned_items: i64,
    /// Score rows written or changed.
    pub written_items: i64,
    /// Items scored by this run, and how fast.
    pub this_run_items: i64,
    pub items_per_second: f64,
    /// Whether practitioner scores were recomputed (the model is the active one).
    pub practitioners_updated: bool,
}

/// A scored page on its way to the database.
struct ScoredPage {
    scores: Vec<StoredScore>,
    scanned: i64,
    last_id: String,
}

/// Re-scores the stored items matching the filters with one model, resuming the job for the
/// same model and filters when one is unfinished.
pub async fn run_local(
    pool: &PgPool,
    extractor: Extractor,
    options: &RescoreOptions,
) -> anyhow::Result<RescoreSummary> {
    let model = Arc::new(registered_model(pool, options.model.as_deref()).await?);
    let version = model.version().to_string();
    let scorer = Scorer::new(extractor, model.clone());
    let job = open_job(pool, &version, &options.filters, "local").await?;
    // One process per job: a second one would write the same pages.
    let mut lock = pool.acquire().await?;
    let locked: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
        .bind(job_lock_key(job.id))
        .fetch_one(&mut *lock)
        .await?;
    anyhow::ensure!(
        locked,
        "re-scoring job {} is being run by another process; wait for it or stop it",
        job.id
    );
    if job.total_items == 0 {
        eprintln!("no stored item matches these filters; nothing to re-score");
    }
    if job.resumed {
        eprintln!(
            "resuming re-scoring job {} (model {version}): {} of {} items already done",
            job.id, job.scanned_items, job.total_items
        );
    } else {
        eprintln!(
            "re-scoring job {}: {} items with model {version}",
            job.id, job.total_items
        );
    }

    let batch = options.batch_size.max(1) as i64;
    let (page_tx, mut page_rx) = tokio::sync::mpsc::channel::<Vec<ItemRow>>(2);
    let reader = {
        let pool = pool.clone();
        let filters = options.filters.clone();
        let mut after = job.last_item_id.clone();
        tokio::spawn(async move {
            loop {
                let page = read_page(&pool, after.as_deref(), &filters, batch).await?;
                let Some(last) = page.last() else {
                    return Ok::<(), DbError>(());
                };
                after = Some(last.id.clone());
                if page_tx.send(page).await.is_err() {
                    return Ok(());
                }
            }
        })
    };
    let (write_tx, mut write_rx) = tokio::sync::mpsc::channel::<ScoredPage>(2);
    let writer = {
        let pool = pool.clone();
        let version = version.clone();
        let (job_id, total, mut scanned, mut written) = (
            job.id,
            job.total_items,
            job.scanned_items,
            job.written_items,
        );
        tokio::spawn(async move {
            let mut progress = Progress::new(total as u64, scanned as u64, "re-scoring");
            let mut this_run = 0i64;
            while let Some(page) = write_rx.recv().await {
                let mut tx = pool.begin().await?;
                let rows = db::write_scores(&mut tx, &page.scores, &version).await? as i64;
                sqlx::query(
                    "UPDATE rescore_jobs SET scanned_items = scanned_items + $2,
                         written_items = written_items + $3, last_item_id = $4, updated_at = now()
                     WHERE id = $1",
                )
                .bind(job_id)
                .bind(page.scanned)
                .bind(rows)
                .bind(&page.last_id)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                scanned += page.scanned;
                written += rows;
                this_run += page.scanned;
                progress.set(scanned as u64);
            }
            progress.finish();
            Ok::<_, DbError>((scanned, written, this_run, progress.rate()))
        })
    };
    while let Some(page) = page_rx.recv().await {
        let scorer = scorer.clone();
        let filters = options.filters.clone();
        let scored = tokio::task::spawn_blocking(move || {
            let scores = score_rows(&scorer, &page, &filters);
            ScoredPage {
                scores,
                scanned: page.len() as i64,
                last_id: page.last().map(|r| r.id.clone()).unwrap_or_default(),
            }
        })
        .await?;
        if write_tx.send(scored).await.is_err() {
            break;
        }
    }
    // Unblock the reader if the writer stopped early, then report the first failure.
    drop(page_rx);
    drop(write_tx);
    let resume = |e: DbError| {
        anyhow::anyhow!("{e}; the job keeps its progress: run the same command again to resume")
    };
    let (scanned, written, this_run, rate) = writer.await?.map_err(resume)?;
    reader.await?.map_err(resume)?;

    let active = db::active_version(pool).await?;
    let practitioners_updated = active.as_deref() == Some(version.as_str());
    if practitioners_updated {
        eprintln!("recomputing practitioner scores under the active model");
        recompute_all_practitioners(pool, &model, &version, options.half_life_days).await?;
    }
    sqlx::query(
        "UPDATE rescore_jobs SET status = 'done', finished_at = now(), updated_at = now() WHERE id = $1",
    )
    .bind(job.id)
    .execute(pool)
    .await?;
    sqlx::query("SELECT pg_advisory_unlock($1)")
        .bind(job_lock_key(job.id))
        .execute(&mut *lock)
        .await?;
    Ok(RescoreSummary {
        job_id: job.id,
        model_version: version,
        resumed: job.resumed,
        total_items: job.total_items,
        scanned_items: scanned,
        written_items: written,
        this_run_items: this_run,
        items_per_second: rate,
        practitioners_updated,
    })
}

fn job_lock_key(job_id: i64) -> i64 {
    // A namespace of our own in the advisory lock space.
    0x6373_0000_0000 + job_id
}

/// Rebuilds every practitioner's score from their stored scores under `version`.
pub async fn recompute_all_practitioners(
    pool: &PgPool,
    model: &Model,
    version: &str,
    half_life_days: f64,
) -> Result<(), DbError> {
    let aggregation = crate::scorer::aggregation_for(model, half_life_days);
    let mut tx = pool.begin().await?;
    db::recompute_practitioners(&mut tx, None, version, aggregation).await?;
    db::derive_practitioner_scores(&mut tx, None, aggregation).await?;
    tx.commit().await?;
    Ok(())
}

/// The score columns compared between two models, with the class threshold of each.
const TARGETS: [&str; 4] = [
    "credibility",
    "self_promotion",
    "unverifiable_claims",
    "writing_errors",
];

/// How one target's scores moved between two models.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TargetShift {
    pub target: String,
    /// Mean of (new − old).
    pub mean_shift: f64,
    pub mean_abs_shift: f64,
    /// Items on the other side of 0.5 under the new model.
    pub changed_class: i64,
    /// Of those, items that rose above 0.5.
    pub rose_above: i64,
}

/// One item's largest move.
#[derive(Debug, Clone, Serialize)]
pub struct ItemMove {
    pub item_id: String,
    pub author: String,
    pub old: f64,
    pub new: f64,
}

/// What `rescore --dry-run` found: how the new scores compare with the stored ones.
#[derive(Debug, Clone, Serialize)]
pub struct DryRunReport {
    pub model_version: String,
    pub compared_with: Option<String>,
    pub scanned_items: i64,
    pub scored_items: i64,
    /// Items that have a stored score under the model compared with.
    pub compared_items: i64,
    pub targets: Vec<TargetShift>,
    /// Largest credibility moves, largest first.
    pub largest_moves: Vec<ItemMove>,
}

/// Scores the matching items with the model and compares with the stored scores of
/// `against` (default: the active model), writing nothing.
pub async fn dry_run(
    pool: &PgPool,
    extractor: Extractor,
    options: &RescoreOptions,
    against: Option<&str>,
    largest: usize,
) -> anyhow::Result<DryRunReport> {
    let model = Arc::new(registered_model(pool, options.model.as_deref()).await?);
    let scorer = Scorer::new(extractor, model.clone());
    let against = match against {
        Some(v) => {
            // The registry must know it and hold its scores, or the comparison would
            // silently find nothing.
            db::model_metrics(pool, v).await?;
            let scored: bool =
                sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM scores WHERE model_version = $1)")
                    .bind(v)
                    .fetch_one(pool)
                    .await?;
            if !scored {
                anyhow::bail!(
                    "model {v} has no stored scores to compare with: run `credscore rescore --model {v}` first"
                );
            }
            Some(v.to_string())
        }
        None => db::active_version(pool).await?,
    };
    let total = count_items(pool, &options.filters).await?;
    let mut progress = Progress::new(total as u64, 0, "dry run");
    let mut report = DryRunReport {
        model_version: model.version().to_string(),
        compared_with: against.clone(),
        scanned_items: 0,
        scored_items: 0,
        compared_items: 0,
        targets: TARGETS
            .iter()
            .map(|t| TargetShift {
                target: t.to_string(),
                ..TargetShift::default()
            })
            .collect(),
        largest_moves: Vec::new(),
    };
    let mut after: Option<String> = None;
    loop {
        let page = read_page(
            pool,
            after.as_deref(),
            &options.filters,
            options.batch_size.max(1) as i64,
        )
        .await?;
        let Some(last) = page.last() else { break };
        after = Some(last.id.clone());
        report.scanned_items += page.len() as i64;
        let (scorer, filters) = (scorer.clone(), options.filters.clone());
        let scores =
            tokio::task::spawn_blocking(move || score_rows(&scorer, &page, &filters)).await?;
        report.scored_items += scores.len() as i64;
        if let Some(against) = &against {
            let ids: Vec<String> = scores.iter().map(|s| s.item_id.clone()).collect();
            let stored: BTreeMap<String, [f64; 4]> = sqlx::query(
                "SELECT item_id, credibility, self_promotion, unverifiable_claims, writing_errors
                 FROM scores WHERE model_version = $1 AND item_id = ANY($2)",
            )
            .bind(against)
            .bind(&ids)
            .fetch_all(pool)
            .await?
            .iter()
            .map(|r| {
                (
                    r.get("item_id"),
                    [
                        r.get("credibility"),
                        r.get("self_promotion"),
                        r.get("unverifiable_claims"),
                        r.get("writing_errors"),
                    ],
                )
            })
            .collect();
            for score in &scores {
                let Some(old) = stored.get(&score.item_id) else {
                    continue;
                };
                report.compared_items += 1;
                let new = [
                    score.credibility,
                    score.self_promotion,
                    score.unverifiable_claims,
                    score.writing_errors,
                ];
                for (shift, (o, n)) in report.targets.iter_mut().zip(old.iter().zip(new)) {
                    shift.mean_shift += n - o;
                    shift.mean_abs_shift += (n - o).abs();
                    if (n >= 0.5) != (*o >= 0.5) {
                        shift.changed_class += 1;
                        shift.rose_above += i64::from(n >= 0.5);
                    }
                }
                report.largest_moves.push(ItemMove {
                    item_id: score.item_id.clone(),
                    author: score.author.clone(),
                    old: old[0],
                    new: score.credibility,
                });
            }
            keep_largest(&mut report.largest_moves, largest);
        }
        progress.set(report.scanned_items as u64);
    }
    progress.finish();
    if report.compared_items > 0 {
        for shift in &mut report.targets {
            shift.mean_shift /= report.compared_items as f64;
            shift.mean_abs_shift /= report.compared_items as f64;
        }
    }
    Ok(report)
}

/// Keeps the `n` largest moves, largest first (ties by item id, for stable output); items
/// whose score did not move are not moves.
fn keep_largest(moves: &mut Vec<ItemMove>, n: usize) {
    moves.retain(|m| m.new != m.old);
    moves.sort_by(|a, b| {
        (b.new - b.old)
            .abs()
            .total_cmp(&(a.new - a.old).abs())
            .then_with(|| a.item_id.cmp(&b.item_id))
    });
    moves.truncate(n);
}

/// A practitioner whose rank moved between two models.
#[derive(Debug, Clone, Serialize)]
pub struct RankMove {
    pub author: String,
    pub old_score: f64,
    pub new_score: f64,
    pub old_rank: i64,
    pub new_rank: i64,
}

/// A model compared with itself: nothing to compare (a 400 on the API).
#[derive(Debug, thiserror::Error)]
#[error("both versions are {0}: compare two different versions")]
pub struct SameVersion(pub String);

/// `credscore model diff OLD NEW`: score shifts over the items both models scored, and the
/// practitioners whose rank moved most.
#[derive(Debug, Clone, Serialize)]
pub struct ModelDiff {
    pub old: String,
    pub new: String,
    pub compared_items: i64,
    pub only_old: i64,
    pub only_new: i64,
    pub targets: Vec<TargetShift>,
    /// Per language: items compared and credibility shift.
    pub by_language: Vec<LanguageShift>,
    pub compared_practitioners: i64,
    pub rank_moves: Vec<RankMove>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LanguageShift {
    pub lang: String,
    pub compared_items: i64,
    pub mean_shift: f64,
    pub changed_class: i64,
}

pub async fn model_diff(
    pool: &PgPool,
    old: &str,
    new: &str,
    half_life_days: f64,
    top: i64,
) -> anyhow::Result<ModelDiff> {
    if old == new {
        return Err(SameVersion(old.to_string()).into());
    }
    // Only stored scores and the models' training metrics are compared, so models of an older
    // feature schema (which this build cannot run) can be compared too.
    let old_metrics = db::model_metrics(pool, old).await?;
    let new_metrics = db::model_metrics(pool, new).await?;
    let mut columns = Vec::new();
    for t in TARGETS {
        columns.push(format!(
            "avg(n.{t} - o.{t}) AS {t}_mean, avg(abs(n.{t} - o.{t})) AS {t}_abs,
             count(*) FILTER (WHERE (n.{t} >= 0.5) <> (o.{t} >= 0.5)) AS {t}_changed,
             count(*) FILTER (WHERE n.{t} >= 0.5 AND o.{t} < 0.5) AS {t}_rose"
        ));
    }
    let row = sqlx::query(&format!(
        "SELECT count(*) AS n, {} FROM scores o
         JOIN scores n ON n.item_id = o.item_id AND n.model_version = $2
         WHERE o.model_version = $1",
        columns.join(", ")
    ))
    .bind(old)
    .bind(new)
    .fetch_one(pool)
    .await?;
    let compared: i64 = row.get("n");
    let targets = TARGETS
        .iter()
        .map(|t| TargetShift {
            target: t.to_string(),
            mean_shift: row
                .get::<Option<f64>, _>(format!("{t}_mean").as_str())
                .unwrap_or(0.0),
            mean_abs_shift: row
                .get::<Option<f64>, _>(format!("{t}_abs").as_str())
                .unwrap_or(0.0),
            changed_class: row.get(format!("{t}_changed").as_str()),
            rose_above: row.get(format!("{t}_rose").as_str()),
        })
        .collect();
    let (only_old, only_new): (i64, i64) = sqlx::query_as(
        "SELECT count(*) FILTER (WHERE model_version = $1), count(*) FILTER (WHERE model_version = $2)
         FROM scores s WHERE model_version IN ($1, $2)
           AND NOT EXISTS (SELECT 1 FROM scores t WHERE t.item_id = s.item_id
                           AND t.model_version = CASE WHEN s.model_version = $1 THEN $2 ELSE $1 END)",
    )
    .bind(old)
    .bind(new)
    .fetch_one(pool)
    .await?;
    let by_language = sqlx::query(
        "SELECT n.lang, count(*) AS n, avg(n.credibility - o.credibility) AS shift,
                count(*) FILTER (WHERE (n.credibility >= 0.5) <> (o.credibility >= 0.5)) AS changed
         FROM scores o JOIN scores n ON n.item_id = o.item_id AND n.model_version = $2
         WHERE o.model_version = $1 GROUP BY n.lang ORDER BY n.lang",
    )
    .bind(old)
    .bind(new)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| LanguageShift {
        lang: r.get("lang"),
        compared_items: r.get("n"),
        mean_shift: r.get::<Option<f64>, _>("shift").unwrap_or(0.0),
        changed_class: r.get("changed"),
    })
    .collect();
    // Practitioner scores under each model over the items both scored, with the same Beta
    // prior and decay as the stored ones, then ranks.
    let old_agg = crate::scorer::aggregation_from_metrics(&old_metrics, half_life_days);
    let new_agg = crate::scorer::aggregation_from_metrics(&new_metrics, half_life_days);
    let ranked = "WITH timed AS (
             SELECT s.author, s.model_version AS v, s.credibility AS c,
                    COALESCE(i.created_at, i.ingested_at) AS at
             FROM scores s JOIN items i ON i.id = s.item_id
             WHERE s.model_version IN ($1, $2)
               AND EXISTS (SELECT 1 FROM scores t WHERE t.item_id = s.item_id
                           AND t.model_version = CASE WHEN s.model_version = $1 THEN $2 ELSE $1 END)
         ), reference AS (
             SELECT author, max(at) AS r FROM timed GROUP BY author
         ), sums AS (
             SELECT t.author, t.v,
                    sum(power(0.5, GREATEST(0.0, EXTRACT(EPOCH FROM (r.r - t.at))) / 86400.0 / $3)) AS w,
                    sum(power(0.5, GREATEST(0.0, EXTRACT(EPOCH FROM (r.r - t.at))) / 86400.0 / $3) * t.c) AS c
             FROM timed t JOIN reference r ON r.author = t.author GROUP BY t.author, t.v
         ), scored AS (
             SELECT author, v,
                    CASE WHEN v = $1 THEN ($4 * $5 + c) / ($4 + w) ELSE ($4 * $6 + c) / ($4 + w) END AS s
             FROM sums
         ), ranked AS (
             SELECT author, v, s, rank() OVER (PARTITION BY v ORDER BY s DESC) AS r FROM scored
         )
         SELECT o.author, o.s AS old_score, n.s AS new_score, o.r AS old_rank, n.r AS new_rank,
                count(*) OVER () AS practitioners
         FROM ranked o JOIN ranked n ON n.author = o.author AND n.v = $2
         WHERE o.v = $1
         ORDER BY abs(o.r - n.r) DESC, abs(n.s - o.s) DESC, o.author
         LIMIT $7";
    let rows = sqlx::query(ranked)
        .bind(old)
        .bind(new)
        .bind(half_life_days)
        .bind(new_agg.prior_items)
        .bind(old_agg.prior_mean)
        .bind(new_agg.prior_mean)
        .bind(top)
        .fetch_all(pool)
        .await?;
    let compared_practitioners = rows.first().map(|r| r.get("practitioners")).unwrap_or(0);
    let rank_moves = rows
        .iter()
        .map(|r| RankMove {
            author: r.get("author"),
            old_score: r.get("old_score"),
            new_score: r.get("new_score"),
            old_rank: r.get("old_rank"),
            new_rank: r.get("new_rank"),
        })
        .collect();
    Ok(ModelDiff {
        old: old.to_string(),
        new: new.to_string(),
        compared_items: compared,
        only_old,
        only_new,
        targets,
        by_language,
        compared_practitioners,
        rank_moves,
    })
}

/// The shifts of each target as a text table.
pub fn shifts_table(targets: &[TargetShift]) -> String {
    let mut out = format!(
        "{:<20} {:>11} {:>10} {:>14} {:>11}\n",
        "target", "mean shift", "mean |Δ|", "changed class", "now ≥ 0.5"
    );
    for t in targets {
        out.push_str(&format!(
            "{:<20} {:>+11.4} {:>10.4} {:>14} {:>11}\n",
            t.target, t.mean_shift, t.mean_abs_shift, t.changed_class, t.rose_above
        ));
    }
    out
}

/// Item ids in `(after, …]` matching `filters`, in order, at most `limit`.
async fn read_ids(
    pool: &PgPool,
    after: Option<&str>,
    filters: &Filters,
    limit: i64,
) -> Result<Vec<String>, DbError> {
    let sql = format!("SELECT id FROM items WHERE {ITEM_FILTER} AND {ITEM_PAGE}");
    let rows = filtered(&sql, filters)
        .bind(after)
        .bind(limit)
        .fetch_all(pool)
        .await?;
    Ok(rows.iter().map(|r| r.get("id")).collect())
}

/// Splits the job's items into ranges of `range_size` ids and records them, once per job.
async fn plan_ranges(
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
async fn finish_job(
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
        let aggregation = crate::scorer::aggregation_for(model, half_life_days);
        db::recompute_practitioners(&mut *tx, None, version, aggregation).await?;
        db::derive_practitioner_scores(&mut *tx, None, aggregation).await?;
    }
    Ok(update)
}

/// Distributed re-scoring, the requesting side: plans the job's ranges, publishes the ones
/// not done yet to the re-scoring topic (the scorers' consumer group shares them out), and,
/// with `wait`, follows the job table until every range is done.
pub async fn run_via_kafka(
    pool: &PgPool,
    kafka: &crate::config::KafkaConfig,
    options: &RescoreOptions,
    range_size: i64,
    wait: bool,
) -> anyhow::Result<RescoreSummary> {
    let model = registered_model(pool, options.model.as_deref()).await?;
    let version = model.version().to_string();
    let job = open_job(pool, &version, &options.filters, "kafka").await?;
    let ranges = plan_ranges(pool, &job, &options.filters, range_size.max(1)).await?;
    let pending: Vec<(String, String)> = sqlx::query_as(
        "SELECT first_id, last_id FROM rescore_ranges WHERE job_id = $1 AND done_at IS NULL
         ORDER BY first_id",
    )
    .bind(job.id)
    .fetch_all(pool)
    .await?;
    if pending.is_empty() {
        let mut tx = pool.begin().await?;
        sqlx::query("SELECT id FROM rescore_jobs WHERE id = $1 FOR UPDATE")
            .bind(job.id)
            .execute(&mut *tx)
            .await?;
        finish_job(&mut tx, job.id, &model, options.half_life_days).await?;
        tx.commit().await?;
    } else {
        crate::kafka::ensure_topics(kafka).await?;
        let producer = crate::kafka::producer(kafka, Duration::from_secs(30))?;
        let filters_json = options.filters.to_json().to_string();
        let records = pending
            .iter()
            .map(|(first, last)| {
                let request = crate::proto::RescoreRequest {
                    job_id: job.id,
                    model_version: version.clone(),
                    first_id: first.clone(),
                    last_id: last.clone(),
                    filters_json: filters_json.clone(),
                    requested_at_ms: crate::now_ms(),
                };
                (
                    format!("{}:{first}", job.id).into_bytes(),
                    prost::Message::encode_to_vec(&request),
                )
            })
            .collect();
        crate::kafka::send_all(&producer, &kafka.rescore_topic, records)
            .await
            .map_err(|e| {
                anyhow::anyhow!(
                    "publishing re-scoring requests to {}: {e}",
                    kafka.rescore_topic
                )
            })?;
        eprintln!(
            "{} job {}: {} of {ranges} ranges ({} items in all) published to {} for the scorers",
            if job.resumed { "resumed" } else { "started" },
            job.id,
            pending.len(),
            job.total_items,
            kafka.rescore_topic
        );
    }
    let started = Instant::now();
    let mut progress = Progress::new(
        job.total_items as u64,
        job.scanned_items as u64,
        "re-scoring via the scorers",
    );
    let mut last_move = (Instant::now(), job.scanned_items);
    let mut warned = false;
    loop {
        let (status, scanned, written): (String, i64, i64) = sqlx::query_as(
            "SELECT status, scanned_items, written_items FROM rescore_jobs WHERE id = $1",
        )
        .bind(job.id)
        .fetch_one(pool)
        .await?;
        progress.set(scanned as u64);
        if status == "done" || !wait {
            progress.finish();
            let active = db::active_version(pool).await?;
            return Ok(RescoreSummary {
                job_id: job.id,
                model_version: version.clone(),
                resumed: job.resumed,
                total_items: job.total_items,
                scanned_items: scanned,
                written_items: written,
                this_run_items: scanned - job.scanned_items,
                items_per_second: (scanned - job.scanned_items) as f64
                    / started.elapsed().as_secs_f64().max(1e-9),
                practitioners_updated: status == "done"
                    && active.as_deref() == Some(version.as_str()),
            });
        }
        if scanned != last_move.1 {
            last_move = (Instant::now(), scanned);
        } else if !warned && last_move.0.elapsed() > Duration::from_secs(30) {
            warned = true;
            eprintln!(
                "no progress for 30 s: is a credscore-scorer running against {}? The requests stay queued in {}.",
                kafka.brokers, kafka.rescore_topic
            );
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
}

/// Why a re-scoring request could not be handled.
enum RequestError {
    /// Never going to work: dead-letter it.
    Dead(&'static str, String),
    /// The database: retry.
    Db(DbError),
}

impl From<DbError> for RequestError {
    fn from(error: DbError) -> Self {
        RequestError::Db(error)
    }
}

impl From<sqlx::Error> for RequestError {
    fn from(error: sqlx::Error) -> Self {
        RequestError::Db(DbError::Sql(error))
    }
}

/// Distributed re-scoring, the scorer side: consumes re-scoring requests in the group
/// `<group id>.rescore` until shutdown. A request's range is scored and written with its
/// completion in one transaction; a range already done (a redelivery) is skipped.
pub async fn serve_requests(
    config: crate::config::ScorerConfig,
    pool: PgPool,
    extractor: Extractor,
    producer: rdkafka::producer::FutureProducer,
    metrics: crate::metrics::Metrics,
    shutdown: tokio_util::sync::CancellationToken,
) -> anyhow::Result<()> {
    use rdkafka::consumer::{Consumer, StreamConsumer};
    use rdkafka::message::Message;

    let mut client = crate::kafka::client_config(&config.kafka);
    client
        .set("group.id", format!("{}.rescore", config.group_id))
        .set("enable.auto.commit", "true")
        .set("auto.commit.interval.ms", "1000")
        .set("enable.auto.offset.store", "false")
        .set("auto.offset.reset", "earliest")
        .set("session.timeout.ms", "10000")
        .set("heartbeat.interval.ms", "1000");
    let consumer: StreamConsumer = client.create()?;
    consumer.subscribe(&[&config.kafka.rescore_topic])?;
    let mut models: std::collections::HashMap<String, Arc<Model>> = Default::default();
    loop {
        let message = tokio::select! {
            _ = shutdown.cancelled() => break,
            message = consumer.recv() => message,
        };
        let message = match message {
            Ok(m) => m.detach(),
            Err(error) => {
                tracing::warn!(%error, "re-scoring consumer error");
                tokio::time::sleep(Duration::from_millis(500)).await;
                continue;
            }
        };
        let mut attempt = 0u32;
        let outcome = loop {
            match handle_request(&message, &pool, &extractor, &mut models, &config, &metrics).await
            {
                Err(RequestError::Db(error)) => {
                    tracing::warn!(%error, attempt, "re-scoring request: database error, retrying");
                    let delay = Duration::from_millis(100 * 2u64.saturating_pow(attempt))
                        .min(Duration::from_secs(30));
                    attempt += 1;
                    tokio::select! {
                        _ = shutdown.cancelled() => break None,
                        _ = tokio::time::sleep(delay) => {}
                    }
                }
                other => break Some(other),
            }
        };
        let Some(outcome) = outcome else {
            // Shut down before the range was written: it will be redelivered.
            break;
        };
        match outcome {
            Ok(label) => metrics.rescore_ranges.with_label_values(&[label]).inc(),
            Err(RequestError::Dead(reason, detail)) => {
                tracing::warn!(reason, %detail, offset = message.offset(), "re-scoring request dead-lettered");
                let letter = crate::proto::DeadLetter {
                    reason: reason.to_string(),
                    detail,
                    source_topic: message.topic().to_string(),
                    source_partition: message.partition(),
                    source_offset: message.offset(),
                    payload: message.payload().unwrap_or_default().to_vec(),
                    key: message.key().map(<[u8]>::to_vec),
                    failed_at_ms: crate::now_ms(),
                };
                let key = message.key().unwrap_or_default().to_vec();
                if let Err(error) = crate::kafka::send(
                    &producer,
                    &config.kafka.dlq_topic,
                    &key,
                    &prost::Message::encode_to_vec(&letter),
                )
                .await
                {
                    tracing::error!(%error, "cannot publish a dead letter; the request will be redelivered");
                    break;
                }
                metrics
                    .items_dead_lettered
                    .with_label_values(&[reason])
                    .inc();
                metrics
                    .rescore_ranges
                    .with_label_values(&["dead_lettered"])
                    .inc();
            }
            Err(RequestError::Db(_)) => unreachable!("retried above"),
        }
        let mut position = rdkafka::TopicPartitionList::new();
        position.add_partition_offset(
            message.topic(),
            message.partition(),
            rdkafka::Offset::Offset(message.offset() + 1),
        )?;
        if let Err(error) = consumer.store_offsets(&position) {
            tracing::warn!(%error, "storing a re-scoring offset");
        }
    }
    let _ = consumer.commit_consumer_state(rdkafka::consumer::CommitMode::Sync);
    Ok(())
}

async fn handle_request(
    message: &rdkafka::message::OwnedMessage,
    pool: &PgPool,
    extractor: &Extractor,
    models: &mut std::collections::HashMap<String, Arc<Model>>,
    config: &crate::config::ScorerConfig,
    metrics: &crate::metrics::Metrics,
) -> Result<&'static str, RequestError> {
    use rdkafka::message::Message;
    let request: crate::proto::RescoreRequest =
        prost::Message::decode(message.payload().unwrap_or_default()).map_err(|e| {
            RequestError::Dead(
                "undecodable",
                format!("not a credscore.v1.RescoreRequest: {e}"),
            )
        })?;
    let filters = serde_json::from_str(&request.filters_json)
        .map_err(|e| e.to_string())
        .and_then(|v| Filters::from_json(&v))
        .map_err(|e| RequestError::Dead("invalid_request", format!("filters: {e}")))?;
    let done: Option<Option<DateTime<Utc>>> = sqlx::query_scalar(
        "SELECT done_at FROM rescore_ranges WHERE job_id = $1 AND first_id = $2",
    )
    .bind(request.job_id)
    .bind(&request.first_id)
    .fetch_optional(pool)
    .await?;
    match done {
        None => {
            return Err(RequestError::Dead(
                "invalid_request",
                format!(
                    "job {} has no range starting at {:?}",
                    request.job_id, request.first_id
                ),
            ))
        }
        Some(Some(_)) => return Ok("skipped"),
        Some(None) => {}
    }
    let model = match models.get(&request.model_version) {
        Some(m) => m.clone(),
        None => {
            let artifact = match db::load_model(pool, &request.model_version).await {
                Ok(a) => a,
                Err(DbError::UnknownModel(v)) => {
                    return Err(RequestError::Dead(
                        "unknown_model",
                        format!("model {v} is not registered"),
                    ))
                }
                Err(e) => return Err(e.into()),
            };
            let model = Arc::new(
                Model::new(artifact)
                    .map_err(|e| RequestError::Dead("unusable_model", e.to_string()))?,
            );
            models.insert(request.model_version.clone(), model.clone());
            model
        }
    };
    let rows = read_range(pool, &request.first_id, &request.last_id, &filters).await?;
    let scanned = rows.len() as i64;
    let scorer = Scorer::new(extractor.clone(), model.clone());
    let scores = tokio::task::spawn_blocking(move || score_rows(&scorer, &rows, &filters))
        .await
        .expect("scoring does not panic");
    let mut tx = pool.begin().await?;
    // The job row lock orders range completions, so exactly one sees the last one.
    sqlx::query("SELECT id FROM rescore_jobs WHERE id = $1 FOR UPDATE")
        .bind(request.job_id)
        .execute(&mut *tx)
        .await?;
    let claimed = sqlx::query(
        "UPDATE rescore_ranges SET done_at = now() WHERE job_id = $1 AND first_id = $2 AND done_at IS NULL",
    )
    .bind(request.job_id)
    .bind(&request.first_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if claimed == 0 {
        tx.rollback().await?;
        return Ok("skipped");
    }
    let written = db::write_scores(&mut tx, &scores, &request.model_version).await? as i64;
    sqlx::query(
        "UPDATE rescore_jobs SET scanned_items = scanned_items + $2,
             written_items = written_items + $3, updated_at = now() WHERE id = $1",
    )
    .bind(request.job_id)
    .bind(scanned)
    .bind(written)
    .execute(&mut *tx)
    .await?;
    let left: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM rescore_ranges WHERE job_id = $1 AND done_at IS NULL",
    )
    .bind(request.job_id)
    .fetch_one(&mut *tx)
    .await?;
    if left == 0 {
        finish_job(&mut tx, request.job_id, &model, config.half_life_days).await?;
    }
    tx.commit().await?;
    metrics
        .rescore_items
        .with_label_values(&[request.model_version.as_str()])
        .inc_by(scanned as u64);
    tracing::info!(
        job = request.job_id,
        first = %request.first_id,
        items = scanned,
        ranges_left = left,
        "re-scored a range"
    );
    Ok("done")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_have_one_canonical_form() {
        let a = Filters {
            authors: vec!["b".into(), "a".into(), "b".into()],
            lang: Some("fr".into()),
            since: Some("2026-01-01T00:00:00Z".parse().unwrap()),
            until: None,
        };
        let b = Filters {
            authors: vec!["a".into(), "b".into()],
            ..a.clone()
        };
        assert_eq!(a.to_json(), b.to_json());
        let back = Filters::from_json(&a.to_json()).unwrap();
        assert_eq!(back.to_json(), a.to_json());
        assert_eq!(back.since, a.since);
        assert!(Filters::from_json(&serde_json::json!({"since": "yesterday"})).is_err());
    }

    #[test]
    fn the_language_filter_keeps_only_that_language() {
        let fr = Filters {
            lang: Some("fr".into()),
            ..Filters::default()
        };
        assert!(fr.keeps_lang("fr") && !fr.keeps_lang("en"));
        assert!(Filters::default().keeps_lang("en"));
    }

    #[test]
    fn largest_moves_are_kept_largest_first() {
        let mv = |id: &str, old: f64, new: f64| ItemMove {
            item_id: id.into(),
            author: "x".into(),
            old,
            new,
        };
        let mut moves = vec![
            mv("a", 0.5, 0.6),
            mv("b", 0.9, 0.1),
            mv("c", 0.2, 0.5),
            mv("d", 0.5, 0.5),
        ];
        keep_largest(&mut moves, 2);
        let ids: Vec<&str> = moves.iter().map(|m| m.item_id.as_str()).collect();
        assert_eq!(ids, ["b", "c"]);
    }
}
