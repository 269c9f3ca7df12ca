//! PostgreSQL: migrations, the model registry, and the scorer's batch write.
//!
//! A batch is written in one transaction with multi-row upserts (UNNEST of arrays), keyed so
//! that writing the same batch twice changes nothing: items by id, scores by
//! (item id, model version).

use chrono::{DateTime, Utc};
use credscore_model::ModelArtifact;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::Row;

use crate::config::DatabaseConfig;

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("cannot connect to PostgreSQL at {url}: {source} (is it running? `make up` starts a local one)")]
    Connect { url: String, source: sqlx::Error },
    #[error("applying migrations failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("model {0} is not registered (see `credscore model list`)")]
    UnknownModel(String),
    #[error("stored model {version} cannot be used: {message}")]
    BadModel { version: String, message: String },
    #[error(transparent)]
    Sql(#[from] sqlx::Error),
}

pub async fn connect(config: &DatabaseConfig) -> Result<PgPool, DbError> {
    PgPoolOptions::new()
        .max_connections(config.max_connections)
        .acquire_timeout(std::time::Duration::from_secs(5))
        .connect(&config.url)
        .await
        .map_err(|source| DbError::Connect {
            url: config.redacted(),
            source,
        })
}

/// Applies the migrations in `migrations/` (embedded at build time).
pub async fn migrate(pool: &PgPool) -> Result<(), DbError> {
    sqlx::migrate!("../../migrations").run(pool).await?;
    Ok(())
}

/// Adds a model to the registry; returns false when that version was already there.
pub async fn register_model(pool: &PgPool, artifact: &ModelArtifact) -> Result<bool, DbError> {
    let artifact_json: serde_json::Value =
        serde_json::to_value(artifact).expect("artifact serialises");
    let created_at = DateTime::parse_from_rfc3339(&artifact.training.created_at)
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|_| Utc::now());
    let result = sqlx::query(
        "INSERT INTO models (version, created_at, artifact, metrics) VALUES ($1, $2, $3, $4)
         ON CONFLICT (version) DO NOTHING",
    )
    .bind(&artifact.version)
    .bind(created_at)
    .bind(artifact_json)
    .bind(&artifact.metrics)
    .execute(pool)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Makes `version` the one active model.
pub async fn activate_model(pool: &PgPool, version: &str) -> Result<(), DbError> {
    let mut tx = pool.begin().await?;
    let exists: Option<String> =
        sqlx::query_scalar("SELECT version FROM models WHERE version = $1 FOR UPDATE")
            .bind(version)
            .fetch_optional(&mut *tx)
            .await?;
    if exists.is_none() {
        return Err(DbError::UnknownModel(version.to_string()));
    }
    sqlx::query("UPDATE models SET active = false WHERE active AND version <> $1")
        .bind(version)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "UPDATE models SET active = true, activated_at = now() WHERE version = $1 AND NOT active",
    )
    .bind(version)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Registers `artifact` and activates it when the registry has no active model yet.
pub async fn ensure_model(pool: &PgPool, artifact: &ModelArtifact) -> Result<(), DbError> {
    register_model(pool, artifact).await?;
    let active: Option<String> = sqlx::query_scalar("SELECT version FROM models WHERE active")
        .fetch_optional(pool)
        .await?;
    if active.is_none() {
        activate_model(pool, &artifact.version).await?;
    }
    Ok(())
}

pub async fn active_version(pool: &PgPool) -> Result<Option<String>, DbError> {
    Ok(
        sqlx::query_scalar("SELECT version FROM models WHERE active")
            .fetch_optional(pool)
            .await?,
    )
}

pub async fn load_model(pool: &PgPool, version: &str) -> Result<ModelArtifact, DbError> {
    let row: Option<serde_json::Value> =
        sqlx::query_scalar("SELECT artifact FROM models WHERE version = $1")
            .bind(version)
            .fetch_optional(pool)
            .await?;
    let value = row.ok_or_else(|| DbError::UnknownModel(version.to_string()))?;
    ModelArtifact::from_json(&value.to_string()).map_err(|e| DbError::BadModel {
        version: version.to_string(),
        message: e.to_string(),
    })
}

/// The training metrics stored with a registered model (readable whatever its schema).
pub async fn model_metrics(pool: &PgPool, version: &str) -> Result<serde_json::Value, DbError> {
    sqlx::query_scalar("SELECT metrics FROM models WHERE version = $1")
        .bind(version)
        .fetch_optional(pool)
        .await?
        .ok_or_else(|| DbError::UnknownModel(version.to_string()))
}

/// An item as stored.
#[derive(Debug, Clone, serde::Serialize)]
pub struct StoredItem {
    pub id: String,
    pub author: String,
    pub kind: String,
    pub parent_id: Option<String>,
    pub platform: Option<String>,
    pub lang_hint: Option<String>,
    pub url: Option<String>,
    pub created_at: Option<DateTime<Utc>>,
    pub text: String,
}

/// A score as stored.
#[derive(Debug, Clone)]
pub struct StoredScore {
    pub item_id: String,
    pub author: String,
    pub lang: String,
    pub credibility: f64,
    pub self_promotion: f64,
    pub unverifiable_claims: f64,
    pub writing_errors: f64,
    pub explanation: String,
}

/// How practitioner scores are aggregated (README: "Practitioner credibility").
#[derive(Debug, Clone, Copy)]
pub struct Aggregation {
    /// The population mean scores shrink toward.
    pub prior_mean: f64,
    /// Weight of the prior, in items.
    pub prior_items: f64,
    pub half_life_days: f64,
}

/// A practitioner's published score: the Beta posterior mean and a 95% interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    pub credibility: f64,
    pub low: f64,
    pub high: f64,
    /// Sum of the item weights after decay.
    pub effective_items: f64,
}

impl Aggregation {
    /// The settings as stored with each practitioner score: scores computed with other
    /// settings are recomputed.
    pub fn key(&self) -> String {
        format!(
            "half_life_days={};prior_items={};prior_mean={:.6}",
            self.half_life_days, self.prior_items, self.prior_mean
        )
    }

    /// Weight of an item `age_days` older than the practitioner's latest item.
    pub fn weight(&self, age_days: f64) -> f64 {
        0.5f64.powf(age_days.max(0.0) / self.half_life_days)
    }

    /// The score of a practitioner from `(age in days, item credibility)` pairs: the same
    /// formula the database applies (README: "Practitioner credibility"), kept here as the
    /// reference the SQL is tested against.
    pub fn estimate(&self, items: &[(f64, f64)]) -> Estimate {
        let (weight, credible) = items.iter().fold((0.0, 0.0), |(w, c), &(age, score)| {
            let item_weight = self.weight(age);
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

/// Writes a batch in one transaction: practitioners, items, scores, then the practitioners'
/// aggregates under `model_version`. Later duplicates of an id in the batch win.
pub async fn write_batch(
    pool: &PgPool,
    items: &[StoredItem],
    scores: &[StoredScore],
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
        "INSERT INTO items (id, author, kind, parent_id, platform, lang_hint, url, created_at, text)
         SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                              $7::text[], $8::timestamptz[], $9::text[])
         ON CONFLICT (id) DO UPDATE SET author = EXCLUDED.author, kind = EXCLUDED.kind,
             parent_id = EXCLUDED.parent_id, platform = EXCLUDED.platform,
             lang_hint = EXCLUDED.lang_hint, url = EXCLUDED.url, created_at = EXCLUDED.created_at,
             text = EXCLUDED.text
         WHERE (items.author, items.kind, items.text, items.parent_id, items.platform, items.lang_hint, items.url, items.created_at)
               IS DISTINCT FROM
               (EXCLUDED.author, EXCLUDED.kind, EXCLUDED.text, EXCLUDED.parent_id, EXCLUDED.platform, EXCLUDED.lang_hint, EXCLUDED.url, EXCLUDED.created_at)
         RETURNING id, (xmax = 0) AS inserted",
    )
    .bind(items.iter().map(|i| i.id.clone()).collect::<Vec<_>>())
    .bind(items.iter().map(|i| i.author.clone()).collect::<Vec<_>>())
    .bind(items.iter().map(|i| i.kind.clone()).collect::<Vec<_>>())
    .bind(items.iter().map(|i| i.parent_id.clone()).collect::<Vec<_>>())
    .bind(items.iter().map(|i| i.platform.clone()).collect::<Vec<_>>())
    .bind(items.iter().map(|i| i.lang_hint.clone()).collect::<Vec<_>>())
    .bind(items.iter().map(|i| i.url.clone()).collect::<Vec<_>>())
    .bind(items.iter().map(|i| i.created_at).collect::<Vec<_>>())
    .bind(items.iter().map(|i| i.text.clone()).collect::<Vec<_>>())
    .fetch_all(&mut *tx)
    .await?;
    // An item sent again changed (its text, or its author): the practitioners its scores were
    // counted under are recomputed too, before its score rows move to the new author below.
    let changed: Vec<String> = items_written
        .iter()
        .filter(|row| !row.get::<bool, _>("inserted"))
        .map(|row| row.get("id"))
        .collect();
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
    recompute.sort();
    recompute.dedup();
    let inserted: std::collections::HashSet<&str> =
        outcome.inserted.iter().map(String::as_str).collect();
    let added: Vec<&StoredScore> = scores
        .iter()
        .filter(|s| {
            inserted.contains(s.item_id.as_str()) && recompute.binary_search(&s.author).is_err()
        })
        .collect();
    add_to_practitioners(&mut tx, &added, model_version, aggregation).await?;
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

/// A batch of scores as column arrays, the shape the UNNEST upserts bind.
struct ScoreColumns {
    item_ids: Vec<String>,
    authors: Vec<String>,
    langs: Vec<String>,
    credibility: Vec<f64>,
    self_promotion: Vec<f64>,
    unverifiable_claims: Vec<f64>,
    writing_errors: Vec<f64>,
    explanations: Vec<String>,
}

impl ScoreColumns {
    fn of<'a>(scores: impl ExactSizeIterator<Item = &'a StoredScore>) -> Self {
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
        }
        c
    }
}

/// Multi-row upsert of scores keyed by (item id, model version); a score identical to the
/// stored one is left untouched.
const UPSERT_SCORES: &str =
    "INSERT INTO scores (item_id, model_version, author, lang, credibility, self_promotion,
                             unverifiable_claims, writing_errors, explanation)
         SELECT t.i, $2, t.a, t.l, t.c, t.s, t.u, t.w, t.e::jsonb
         FROM UNNEST($1::text[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::float8[],
                     $8::float8[], $9::text[]) AS t(i, a, l, c, s, u, w, e)
         ON CONFLICT (item_id, model_version) DO UPDATE SET author = EXCLUDED.author,
             lang = EXCLUDED.lang, credibility = EXCLUDED.credibility,
             self_promotion = EXCLUDED.self_promotion,
             unverifiable_claims = EXCLUDED.unverifiable_claims,
             writing_errors = EXCLUDED.writing_errors, explanation = EXCLUDED.explanation,
             scored_at = now()
         WHERE (scores.author, scores.credibility, scores.explanation)
               IS DISTINCT FROM (EXCLUDED.author, EXCLUDED.credibility, EXCLUDED.explanation)";

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

/// Weight of an item of time `t` relative to reference time `r`: 0.5^((r − t) / half-life).
const DECAY: &str = "power(0.5, GREATEST(0.0, EXTRACT(EPOCH FROM (%R - %T))) / 86400.0 / $3)";

fn decay(reference: &str, time: &str) -> String {
    DECAY.replace("%R", reference).replace("%T", time)
}

/// Adds newly stored scores to their practitioners' running sums. When an item is newer than
/// the practitioner's reference time, the sums are first decayed to the new reference.
pub async fn add_to_practitioners(
    tx: &mut sqlx::PgConnection,
    scores: &[&StoredScore],
    model_version: &str,
    aggregation: Aggregation,
) -> Result<(), DbError> {
    if scores.is_empty() {
        return Ok(());
    }
    let query = format!(
        "WITH new AS (
             SELECT t.a AS author, t.c, (t.s >= 0.5)::int AS sp, (t.u >= 0.5)::int AS uc, (t.w >= 0.5)::int AS we,
                    (t.l = 'fr')::int AS fr, COALESCE(i.created_at, i.ingested_at) AS at
             FROM UNNEST($1::text[], $4::text[], $5::float8[], $6::float8[], $7::float8[], $8::float8[], $9::text[])
                  AS t(i, a, c, s, u, w, l)
             JOIN items i ON i.id = t.i
         ), reference AS (
             SELECT p.id, p.decay_reference AS old_ref,
                    GREATEST(COALESCE(p.decay_reference, n.newest), n.newest) AS ref
             FROM practitioners p JOIN (SELECT author, max(at) AS newest FROM new GROUP BY author) n ON n.author = p.id
         ), added AS (
             SELECT n.author, count(*) AS items, sum(n.fr) AS fr,
                    sum({w}) AS w, sum({w} * n.c) AS c, sum({w} * n.sp) AS sp,
                    sum({w} * n.uc) AS uc, sum({w} * n.we) AS we
             FROM new n JOIN reference r ON r.id = n.author GROUP BY n.author
         ), s AS (
             SELECT a.author AS id, r.ref, a.items, a.fr,
                    p.sum_weight * {shift} + a.w AS w,
                    p.sum_credibility * {shift} + a.c AS c,
                    p.sum_self_promotion * {shift} + a.sp AS sp,
                    p.sum_unverifiable_claims * {shift} + a.uc AS uc,
                    p.sum_writing_errors * {shift} + a.we AS we
             FROM added a JOIN reference r ON r.id = a.author JOIN practitioners p ON p.id = a.author
         )
         UPDATE practitioners p SET
             model_version = $2,
             item_count = CASE WHEN p.model_version IS NULL THEN 0 ELSE p.item_count END + s.items,
             items_fr = CASE WHEN p.model_version IS NULL THEN 0 ELSE p.items_fr END + s.fr,
             decay_reference = s.ref,
             sum_weight = s.w, sum_credibility = s.c, sum_self_promotion = s.sp,
             sum_unverifiable_claims = s.uc, sum_writing_errors = s.we,
             last_seen_at = now(),
             aggregation = $12,
             {published}
         FROM s WHERE p.id = s.id",
        w = decay("r.ref", "n.at"),
        shift = format!("COALESCE({}, 1.0)", decay("r.ref", "r.old_ref")),
        published = published_columns("s", "$10", "$11"),
    );
    let columns = ScoreColumns::of(scores.iter().copied());
    sqlx::query(&query)
        .bind(columns.item_ids)
        .bind(model_version)
        .bind(aggregation.half_life_days)
        .bind(columns.authors)
        .bind(columns.credibility)
        .bind(columns.self_promotion)
        .bind(columns.unverifiable_claims)
        .bind(columns.writing_errors)
        .bind(columns.langs)
        .bind(aggregation.prior_items)
        .bind(aggregation.prior_mean)
        .bind(aggregation.key())
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Recomputes every practitioner whose score under `model_version` was computed with other
/// settings (after a change of half-life, say); returns how many there were.
pub async fn refresh_stale_practitioners(
    pool: &PgPool,
    model_version: &str,
    aggregation: Aggregation,
) -> Result<i64, DbError> {
    let stale: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM practitioners WHERE model_version = $1 AND aggregation IS DISTINCT FROM $2",
    )
    .bind(model_version)
    .bind(aggregation.key())
    .fetch_one(pool)
    .await?;
    if stale > 0 {
        let mut tx = pool.begin().await?;
        recompute_practitioners(&mut tx, None, model_version, aggregation).await?;
        derive_practitioner_scores(&mut tx, None, aggregation).await?;
        tx.commit().await?;
    }
    Ok(stale)
}

/// Rebuilds the running sums of `authors` (None: everyone) from every stored score under
/// `model_version`.
pub async fn recompute_practitioners(
    tx: &mut sqlx::PgConnection,
    authors: Option<&[String]>,
    model_version: &str,
    aggregation: Aggregation,
) -> Result<(), DbError> {
    if authors.is_some_and(<[String]>::is_empty) {
        return Ok(());
    }
    let query = format!(
        "WITH timed AS (
             SELECT s.author, s.credibility AS c, (s.self_promotion >= 0.5)::int AS sp,
                    (s.unverifiable_claims >= 0.5)::int AS uc, (s.writing_errors >= 0.5)::int AS we,
                    (s.lang = 'fr')::int AS fr, COALESCE(i.created_at, i.ingested_at) AS at
             FROM scores s JOIN items i ON i.id = s.item_id
             WHERE ($1::text[] IS NULL OR s.author = ANY($1)) AND s.model_version = $2
         ), reference AS (
             SELECT author, max(at) AS ref FROM timed GROUP BY author
         ), agg AS (
             SELECT t.author, r.ref, count(*) AS items, sum(t.fr) AS fr, sum({w}) AS w, sum({w} * t.c) AS c,
                    sum({w} * t.sp) AS sp, sum({w} * t.uc) AS uc, sum({w} * t.we) AS we
             FROM timed t JOIN reference r ON r.author = t.author GROUP BY t.author, r.ref
         )
         UPDATE practitioners p SET
             model_version = $2, item_count = agg.items, items_fr = agg.fr, decay_reference = agg.ref,
             aggregation = $4,
             sum_weight = agg.w, sum_credibility = agg.c, sum_self_promotion = agg.sp,
             sum_unverifiable_claims = agg.uc, sum_writing_errors = agg.we
         FROM agg WHERE p.id = agg.author",
        w = decay("r.ref", "t.at"),
    );
    sqlx::query(&query)
        .bind(authors)
        .bind(model_version)
        .bind(aggregation.half_life_days)
        .bind(aggregation.key())
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Assignments of a practitioner's published score from running sums in row `s` (columns w,
/// c, sp, uc, we): the Beta posterior with `k` pseudo-items at mean `m`, its 95% interval, and
/// the cue profile.
fn published_columns(s: &str, k: &str, m: &str) -> String {
    let a = format!("({k} * {m} + {s}.c)");
    let b = format!("({k} * (1 - {m}) + ({s}.w - {s}.c))");
    let mean = format!("({a} / ({a} + {b}))");
    let sd = format!("sqrt({a} * {b} / (({a} + {b}) ^ 2 * ({a} + {b} + 1)))");
    let rate = |column: &str| format!("round(({s}.{column} / {s}.w)::numeric, 4)");
    format!(
        "credibility = {mean},
         credibility_low = GREATEST(0.0, {mean} - 1.96 * {sd}),
         credibility_high = LEAST(1.0, {mean} + 1.96 * {sd}),
         effective_items = {s}.w,
         cue_profile = jsonb_build_object('self_promotion', {}, 'unverifiable_claims', {},
                                          'writing_errors', {}),
         updated_at = now()",
        rate("sp"),
        rate("uc"),
        rate("we"),
    )
}

/// Derives the published score of `authors` (None: everyone) from their running sums: a Beta
/// posterior with a prior of `prior_items` pseudo-items at `prior_mean` (README:
/// "Practitioner credibility").
pub async fn derive_practitioner_scores(
    tx: &mut sqlx::PgConnection,
    authors: Option<&[String]>,
    aggregation: Aggregation,
) -> Result<(), DbError> {
    let query = format!(
        "WITH s AS (
             SELECT id, sum_weight AS w, sum_credibility AS c, sum_self_promotion AS sp,
                    sum_unverifiable_claims AS uc, sum_writing_errors AS we
             FROM practitioners WHERE ($1::text[] IS NULL OR id = ANY($1)) AND sum_weight > 0
         )
         UPDATE practitioners p SET {} FROM s WHERE p.id = s.id",
        published_columns("s", "$2", "$3")
    );
    sqlx::query(&query)
        .bind(authors)
        .bind(aggregation.prior_items)
        .bind(aggregation.prior_mean)
        .execute(&mut *tx)
        .await?;
    Ok(())
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

/// For each reference the writers keep (migration 0007), how many rows point at nothing.
pub async fn dangling_references(pool: &PgPool) -> Result<Vec<(&'static str, i64)>, DbError> {
    let checks = [
        (
            "items.author → practitioners",
            "SELECT count(*) FROM items i WHERE NOT EXISTS (SELECT 1 FROM practitioners p WHERE p.id = i.author)",
        ),
        (
            "scores.item_id → items",
            "SELECT count(*) FROM scores s WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.id = s.item_id)",
        ),
        (
            "scores.model_version → models",
            "SELECT count(*) FROM scores s WHERE NOT EXISTS (SELECT 1 FROM models m WHERE m.version = s.model_version)",
        ),
    ];
    let mut counts = Vec::with_capacity(checks.len());
    for (reference, sql) in checks {
        counts.push((reference, sqlx::query_scalar(sql).fetch_one(pool).await?));
    }
    Ok(counts)
}

/// One row of the practitioner ranking printed by `make run`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PractitionerRow {
    pub id: String,
    pub items: i64,
    pub credibility: f64,
    pub low: f64,
    pub high: f64,
    pub cue_profile: serde_json::Value,
}

pub async fn ranked_practitioners(
    pool: &PgPool,
    limit: i64,
    least_credible_first: bool,
) -> Result<Vec<PractitionerRow>, DbError> {
    let order = if least_credible_first { "ASC" } else { "DESC" };
    let rows = sqlx::query(&format!(
        "SELECT id, item_count, credibility, credibility_low, credibility_high, cue_profile
         FROM practitioners WHERE credibility IS NOT NULL
         ORDER BY credibility {order}, id {order} LIMIT $1"
    ))
    .bind(limit)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| PractitionerRow {
            id: r.get("id"),
            items: r.get("item_count"),
            credibility: r.get("credibility"),
            low: r.get("credibility_low"),
            high: r.get("credibility_high"),
            cue_profile: r
                .get::<Option<serde_json::Value>, _>("cue_profile")
                .unwrap_or_default(),
        })
        .collect())
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
        let one = AGGREGATION.estimate(&[(0.0, 1.0)]);
        assert!((one.credibility - (5.0 * 0.4 + 1.0) / 6.0).abs() < 1e-12);
        // Fifty perfect items land close to 1.
        let many = AGGREGATION.estimate(&[(0.0, 1.0); 50]);
        assert!(many.credibility > 0.94, "{many:?}");
        assert!(many.credibility > one.credibility);
        // The same for a practitioner whose items are all judged not credible.
        let bad = AGGREGATION.estimate(&[(0.0, 0.0); 50]);
        assert!(bad.credibility < 0.04, "{bad:?}");
    }

    #[test]
    fn the_interval_narrows_with_more_items() {
        let few = AGGREGATION.estimate(&[(0.0, 0.8); 3]);
        let many = AGGREGATION.estimate(&[(0.0, 0.8); 300]);
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
        let mut items = vec![(0.0, 0.9); 10];
        items.extend(vec![(720.0, 0.1); 10]);
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
