//! Practitioner aggregates in SQL: running sums updated per batch, full recomputes, and
//! the published Beta-posterior score (the formula of `aggregation::Aggregation::estimate`).

use sqlx::postgres::PgPool;

use crate::aggregation::{Aggregation, AuthorSums};
use crate::store::pool::DbError;

/// Weight of an item of time `t` relative to reference time `r`: 0.5^((r − t) / half-life).
const DECAY: &str = "power(0.5, GREATEST(0.0, EXTRACT(EPOCH FROM (%R - %T))) / 86400.0 / $3)";

fn decay(reference: &str, time: &str) -> String {
    DECAY.replace("%R", reference).replace("%T", time)
}

/// An item's weight in its author's sums, from row `row` (columns `at` and `ew`): its decay
/// to reference time `r.ref` times the square of its evidence weight, as
/// `Aggregation::estimate` weighs it.
fn item_weight(row: &str) -> String {
    format!(
        "({} * {row}.ew * {row}.ew)",
        decay("r.ref", &format!("{row}.at"))
    )
}

/// Adds a batch's new scores, summed per author in the scorer ([`Aggregation::author_sums`]),
/// to their practitioners' running sums: one row per practitioner, whose sums are carried to
/// the later of its reference time and its newest new item, then added.
pub async fn add_to_practitioners(
    tx: &mut sqlx::PgConnection,
    sums: &[AuthorSums],
    model_version: &str,
    aggregation: Aggregation,
) -> Result<(), DbError> {
    if sums.is_empty() {
        return Ok(());
    }
    let query = format!(
        "WITH b AS (
             SELECT * FROM UNNEST($1::text[], $4::int8[], $5::int8[], $6::timestamptz[],
                                  $7::float8[], $8::float8[], $9::float8[], $10::float8[], $11::float8[])
                 AS b(author, items, fr, newest, w, c, sp, uc, we)
         ), r AS (
             SELECT b.*, q.decay_reference AS old_ref,
                    GREATEST(COALESCE(q.decay_reference, b.newest), b.newest) AS ref
             FROM b JOIN practitioners q ON q.id = b.author
         ), s AS (
             SELECT r.author AS id, r.ref, r.items, r.fr,
                    p.sum_weight * {old} + r.w * {new} AS w,
                    p.sum_credibility * {old} + r.c * {new} AS c,
                    p.sum_self_promotion * {old} + r.sp * {new} AS sp,
                    p.sum_unverifiable_claims * {old} + r.uc * {new} AS uc,
                    p.sum_writing_errors * {old} + r.we * {new} AS we
             FROM r JOIN practitioners p ON p.id = r.author
         )
         UPDATE practitioners p SET
             model_version = $2,
             item_count = CASE WHEN p.model_version IS NULL THEN 0 ELSE p.item_count END + s.items,
             items_fr = CASE WHEN p.model_version IS NULL THEN 0 ELSE p.items_fr END + s.fr,
             decay_reference = s.ref,
             sum_weight = s.w, sum_credibility = s.c, sum_self_promotion = s.sp,
             sum_unverifiable_claims = s.uc, sum_writing_errors = s.we,
             last_seen_at = now(),
             aggregation = $14,
             {published}
         FROM s WHERE p.id = s.id",
        old = format!("COALESCE({}, 1.0)", decay("r.ref", "r.old_ref")),
        new = decay("r.ref", "r.newest"),
        published = published_columns("s", "$12", "$13"),
    );
    let column = |f: fn(&AuthorSums) -> f64| sums.iter().map(f).collect::<Vec<f64>>();
    sqlx::query(&query)
        .bind(sums.iter().map(|s| s.author.as_str()).collect::<Vec<_>>())
        .bind(model_version)
        .bind(aggregation.half_life_days)
        .bind(sums.iter().map(|s| s.items).collect::<Vec<_>>())
        .bind(sums.iter().map(|s| s.items_fr).collect::<Vec<_>>())
        .bind(sums.iter().map(|s| s.newest).collect::<Vec<_>>())
        .bind(column(|s| s.weight))
        .bind(column(|s| s.credibility))
        .bind(column(|s| s.self_promotion))
        .bind(column(|s| s.unverifiable_claims))
        .bind(column(|s| s.writing_errors))
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
             SELECT i.author, s.credibility AS c, (s.self_promotion >= 0.5)::int AS sp,
                    (s.unverifiable_claims >= 0.5)::int AS uc, (s.writing_errors >= 0.5)::int AS we,
                    (s.lang = 'fr')::int AS fr, COALESCE(i.created_at, i.ingested_at) AS at,
                    s.evidence_weight AS ew
             FROM items i JOIN scores s ON s.item_id = i.id AND s.model_version = $2
             WHERE $1::text[] IS NULL OR i.author = ANY($1)
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
        w = item_weight("t"),
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
    // A practitioner whose items carry no evidence (all in a language the model does not
    // know) has no rates: 0, not a division by zero.
    let rate =
        |column: &str| format!("COALESCE(round(({s}.{column} / NULLIF({s}.w, 0))::numeric, 4), 0)");
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

/// Rebuilds every practitioner's score from their stored scores under `model`.
pub async fn recompute_all_practitioners(
    pool: &PgPool,
    model: &credscore_model::Model,
    half_life_days: f64,
) -> Result<(), DbError> {
    let aggregation = Aggregation::for_model(model, half_life_days);
    let mut tx = pool.begin().await?;
    recompute_practitioners(&mut tx, None, model.version(), aggregation).await?;
    derive_practitioner_scores(&mut tx, None, aggregation).await?;
    tx.commit().await?;
    Ok(())
}
