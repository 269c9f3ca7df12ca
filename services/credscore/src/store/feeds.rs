//! Feeds as stored (migration 0010): adding, listing and removing them, taking the due ones
//! for a poll (a lease, so that several pollers never fetch the same feed at once), what a
//! poll found, and the items each feed published with a hash of their content.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::postgres::PgPool;

use crate::store::pool::DbError;

/// How long a poller holds a feed it took; a poller that died gives it back after this.
pub const LEASE_SECONDS: i64 = 300;

/// A feed's settings, as `credscore feeds add` gives them.
#[derive(Debug, Clone)]
pub struct NewFeed {
    /// Its address.
    pub url: String,
    /// The items' platform.
    pub platform: Option<String>,
    /// The items' language hint.
    pub lang: Option<String>,
    /// Seconds between polls.
    pub interval_seconds: i32,
}

/// A feed as a poller needs it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Feed {
    /// Its id.
    pub id: i64,
    /// Its address.
    pub url: String,
    /// The blog feed a comment feed was found in.
    pub parent_feed_id: Option<i64>,
    /// The address of that blog feed (the metrics label of its comment feeds).
    pub parent_url: Option<String>,
    /// For a comment feed: the item id of the post commented.
    pub post_id: Option<String>,
    /// The items' platform.
    pub platform: Option<String>,
    /// The items' language hint.
    pub lang: Option<String>,
    /// Seconds between polls.
    pub interval_seconds: i32,
    /// Failed polls in a row.
    pub consecutive_errors: i32,
    /// Validator of the last document read.
    pub etag: Option<String>,
    /// Validator of the last document read.
    pub last_modified: Option<String>,
}

impl Feed {
    /// The feed named in metrics: a comment feed counts under its blog's feed, so that the
    /// label set stays the set of feeds someone added.
    pub fn label(&self) -> &str {
        self.parent_url.as_deref().unwrap_or(&self.url)
    }
}

/// A feed as `credscore feeds list`, the dashboard and `GET /v1/feeds` show it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct FeedStatus {
    /// Its id.
    pub id: i64,
    /// Its address.
    pub url: String,
    /// For a comment feed: the feed it was found in.
    pub parent_url: Option<String>,
    /// The items' platform.
    pub platform: Option<String>,
    /// The items' language hint.
    pub lang: Option<String>,
    /// Seconds between polls.
    pub interval_seconds: i32,
    /// `new` (never polled), `ok`, `not_modified` (the last poll got 304) or `error`.
    pub status: String,
    /// The kind of the last error (`http_status`, `timeout`, `malformed`, `encoding`…).
    pub error_kind: Option<String>,
    /// The last error, when the last poll failed.
    pub last_error: Option<String>,
    /// Entries of the last document that could not become items.
    pub warning: Option<String>,
    /// Failed polls in a row.
    pub consecutive_errors: i32,
    /// When it was last polled.
    pub last_polled_at: Option<DateTime<Utc>>,
    /// When a poll last succeeded (a 304 included).
    pub last_success_at: Option<DateTime<Utc>>,
    /// When it is due again.
    pub next_poll_at: DateTime<Utc>,
    /// Entries in the last document read.
    pub last_entries: Option<i32>,
    /// Distinct items it published.
    pub items_seen: i64,
    /// Item versions it published (an edit counts again).
    pub items_published: i64,
    /// For a feed added by hand: the comment feeds followed through it.
    pub comment_feeds: i64,
    /// Of those, the ones whose last poll failed.
    pub comment_feeds_failing: i64,
}

/// Adds a feed, or changes the settings of one already there (then it is due at once).
/// Returns whether it was new.
pub async fn add_feed(pool: &PgPool, feed: &NewFeed) -> Result<bool, DbError> {
    let inserted: bool = sqlx::query_scalar(
        "INSERT INTO feeds (url, platform, lang, interval_seconds) VALUES ($1, $2, $3, $4)
         ON CONFLICT (url) DO UPDATE SET platform = EXCLUDED.platform, lang = EXCLUDED.lang,
             interval_seconds = EXCLUDED.interval_seconds, next_poll_at = now(),
             parent_feed_id = NULL, post_id = NULL
         RETURNING (xmax = 0)",
    )
    .bind(&feed.url)
    .bind(&feed.platform)
    .bind(&feed.lang)
    .bind(feed.interval_seconds)
    .fetch_one(pool)
    .await?;
    Ok(inserted)
}

/// Removes a feed and the comment feeds found through it; returns how many feeds went.
pub async fn remove_feed(pool: &PgPool, url: &str) -> Result<u64, DbError> {
    let children: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM feeds c JOIN feeds p ON c.parent_feed_id = p.id WHERE p.url = $1",
    )
    .bind(url)
    .fetch_one(pool)
    .await?;
    let removed = sqlx::query("DELETE FROM feeds WHERE url = $1")
        .bind(url)
        .execute(pool)
        .await?
        .rows_affected();
    Ok(if removed == 0 {
        0
    } else {
        removed + children as u64
    })
}

const STATUS_COLUMNS: &str = "f.id, f.url, p.url AS parent_url, f.platform, f.lang,
    f.interval_seconds, f.status, f.error_kind, f.last_error, f.warning, f.consecutive_errors,
    f.last_polled_at, f.last_success_at, f.next_poll_at, f.last_entries,
    (SELECT count(*) FROM feed_items i WHERE i.feed_id = f.id) AS items_seen,
    f.items_published,
    (SELECT count(*) FROM feeds c WHERE c.parent_feed_id = f.id) AS comment_feeds,
    (SELECT count(*) FROM feeds c WHERE c.parent_feed_id = f.id AND c.status = 'error')
        AS comment_feeds_failing";

/// The feeds added by hand, in the order they were added, or with `with_comment_feeds` every
/// feed, each comment feed after its blog's feed.
pub async fn list_feeds(
    pool: &PgPool,
    with_comment_feeds: bool,
) -> Result<Vec<FeedStatus>, DbError> {
    let filter = if with_comment_feeds {
        ""
    } else {
        "WHERE f.parent_feed_id IS NULL"
    };
    let sql = format!(
        "SELECT {STATUS_COLUMNS} FROM feeds f LEFT JOIN feeds p ON p.id = f.parent_feed_id {filter}
         ORDER BY coalesce(f.parent_feed_id, f.id), f.parent_feed_id NULLS FIRST, f.id"
    );
    Ok(sqlx::query_as(&sql).fetch_all(pool).await?)
}

/// Takes up to `limit` feeds for a poll — the due ones, or with `every` all of them — other
/// than `exclude`, and moves them ahead by the lease.
pub async fn take_due(
    pool: &PgPool,
    every: bool,
    exclude: &[i64],
    limit: i64,
) -> Result<Vec<Feed>, DbError> {
    Ok(sqlx::query_as(
        "WITH due AS (
             SELECT id FROM feeds
             WHERE ($1 OR next_poll_at <= now()) AND NOT (id = ANY($2))
             ORDER BY next_poll_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
         UPDATE feeds f SET next_poll_at = now() + make_interval(secs => $4)
         FROM due WHERE f.id = due.id
         RETURNING f.id, f.url, f.parent_feed_id,
             (SELECT p.url FROM feeds p WHERE p.id = f.parent_feed_id) AS parent_url,
             f.post_id, f.platform, f.lang, f.interval_seconds, f.consecutive_errors,
             f.etag, f.last_modified",
    )
    .bind(every)
    .bind(exclude)
    .bind(limit)
    .bind(LEASE_SECONDS as f64)
    .fetch_all(pool)
    .await?)
}

/// When the next poll is due, if any feed is stored.
pub async fn next_due(pool: &PgPool) -> Result<Option<DateTime<Utc>>, DbError> {
    Ok(sqlx::query_scalar("SELECT min(next_poll_at) FROM feeds")
        .fetch_one(pool)
        .await?)
}

/// A 304: nothing changed.
pub async fn record_not_modified(
    pool: &PgPool,
    feed_id: i64,
    next_poll_at: DateTime<Utc>,
) -> Result<(), DbError> {
    sqlx::query(
        "UPDATE feeds SET status = 'not_modified', last_polled_at = now(), last_success_at = now(),
             consecutive_errors = 0, error_kind = NULL, last_error = NULL, next_poll_at = $2
         WHERE id = $1",
    )
    .bind(feed_id)
    .bind(next_poll_at)
    .execute(pool)
    .await?;
    Ok(())
}

/// A failed poll: the error, and when to try again.
pub async fn record_failure(
    pool: &PgPool,
    feed_id: i64,
    kind: &str,
    message: &str,
    next_poll_at: DateTime<Utc>,
) -> Result<(), DbError> {
    sqlx::query(
        "UPDATE feeds SET status = 'error', last_polled_at = now(), error_kind = $2,
             last_error = $3, consecutive_errors = consecutive_errors + 1, next_poll_at = $4
         WHERE id = $1",
    )
    .bind(feed_id)
    .bind(kind)
    .bind(message)
    .bind(next_poll_at)
    .execute(pool)
    .await?;
    Ok(())
}

/// The content hash each of `ids` was last published with, for those published before.
pub async fn published_hashes(
    pool: &PgPool,
    ids: &[String],
) -> Result<HashMap<String, String>, DbError> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT item_id, content_sha256 FROM feed_items WHERE item_id = ANY($1)")
            .bind(ids)
            .fetch_all(pool)
            .await?;
    Ok(rows.into_iter().collect())
}

/// The item published from each of `urls`, for those known (threads link to comments by
/// address).
pub async fn items_by_url(
    pool: &PgPool,
    urls: &[String],
) -> Result<HashMap<String, String>, DbError> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT DISTINCT ON (url) url, item_id FROM feed_items WHERE url = ANY($1)
         ORDER BY url, first_published_at",
    )
    .bind(urls)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().collect())
}

/// An item a poll published.
#[derive(Debug, Clone)]
pub struct Published {
    /// Its id.
    pub item_id: String,
    /// Its address.
    pub url: Option<String>,
    /// The hash of what was published.
    pub content_sha256: String,
}

/// A comment feed found in a blog feed's entry.
#[derive(Debug, Clone)]
pub struct CommentFeed {
    /// Its address.
    pub url: String,
    /// The item id of the post it comments.
    pub post_id: String,
    /// The comment count the entry gave, if any.
    pub comment_count: Option<i64>,
}

/// What a successful poll of a document found.
#[derive(Debug, Clone)]
pub struct Success {
    /// The feed.
    pub feed_id: i64,
    /// Validators to send next time.
    pub etag: Option<String>,
    /// Validators to send next time.
    pub last_modified: Option<String>,
    /// Entries in the document.
    pub entries: i32,
    /// Entries that could not become items, said in one line.
    pub warning: Option<String>,
    /// Items published (new or edited).
    pub published: Vec<Published>,
    /// Comment feeds of its entries (for a feed added by hand).
    pub comment_feeds: Vec<CommentFeed>,
    /// Whether the document's entries are the whole list of posts whose comment feeds are
    /// followed (comment feeds of posts no longer in it are then dropped).
    pub owns_comment_feeds: bool,
    /// When it is due again.
    pub next_poll_at: DateTime<Utc>,
}

/// Records a successful poll in one transaction: the items published, the feed's state,
/// and the comment feeds to follow (a new one, or one whose count grew, is due at once).
pub async fn record_success(pool: &PgPool, success: &Success) -> Result<(), DbError> {
    let mut tx = pool.begin().await?;
    for item in &success.published {
        sqlx::query(
            "INSERT INTO feed_items (item_id, feed_id, url, content_sha256) VALUES ($1, $2, $3, $4)
             ON CONFLICT (item_id) DO UPDATE SET feed_id = EXCLUDED.feed_id, url = EXCLUDED.url,
                 content_sha256 = EXCLUDED.content_sha256, versions = feed_items.versions + 1,
                 last_published_at = now()",
        )
        .bind(&item.item_id)
        .bind(success.feed_id)
        .bind(&item.url)
        .bind(&item.content_sha256)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query(
        "UPDATE feeds SET status = 'ok', last_polled_at = now(), last_success_at = now(),
             consecutive_errors = 0, error_kind = NULL, last_error = NULL, warning = $2,
             etag = $3, last_modified = $4, last_entries = $5,
             items_published = items_published + $6, next_poll_at = $7
         WHERE id = $1",
    )
    .bind(success.feed_id)
    .bind(&success.warning)
    .bind(&success.etag)
    .bind(&success.last_modified)
    .bind(success.entries)
    .bind(success.published.len() as i64)
    .bind(success.next_poll_at)
    .execute(&mut *tx)
    .await?;
    for comments in &success.comment_feeds {
        // A comment feed someone added by hand stays theirs (no parent).
        sqlx::query(
            "INSERT INTO feeds (url, parent_feed_id, post_id, comment_count, platform, lang, interval_seconds)
             SELECT $1, f.id, $2, $3, f.platform, f.lang, f.interval_seconds FROM feeds f WHERE f.id = $4
             ON CONFLICT (url) DO UPDATE SET post_id = EXCLUDED.post_id,
                 comment_count = EXCLUDED.comment_count,
                 next_poll_at = CASE WHEN EXCLUDED.comment_count > feeds.comment_count
                                     THEN least(feeds.next_poll_at, now())
                                     ELSE feeds.next_poll_at END
             WHERE feeds.parent_feed_id = EXCLUDED.parent_feed_id",
        )
        .bind(&comments.url)
        .bind(&comments.post_id)
        .bind(comments.comment_count)
        .bind(success.feed_id)
        .execute(&mut *tx)
        .await?;
    }
    if success.owns_comment_feeds {
        let kept: Vec<String> = success
            .comment_feeds
            .iter()
            .map(|c| c.url.clone())
            .collect();
        sqlx::query("DELETE FROM feeds WHERE parent_feed_id = $1 AND NOT (url = ANY($2))")
            .bind(success.feed_id)
            .bind(&kept)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}
