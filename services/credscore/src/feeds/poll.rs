//! Polling: the due feeds are taken from PostgreSQL (a lease, so pollers never fetch the
//! same feed twice at once), fetched a few at a time, and each one's new or edited entries
//! published through the same validation (`records::Record::accept`) and the same
//! idempotent producer (`ingest::publish`, keyed by author) as HTTP ingest. A feed that
//! fails — unreachable, 404, not a feed, wrong encoding, too large — gets its error and a
//! later turn (backoff), and never holds up the others.

use std::time::{Duration, Instant};

use chrono::Utc;
use futures::stream::{self, StreamExt};
use rdkafka::producer::FutureProducer;
use serde::Serialize;
use sqlx::postgres::PgPool;
use tokio_util::sync::CancellationToken;

use crate::config::{FetchConfig, KafkaConfig};
use crate::feeds::fetch::{Body, Fetched, Fetcher, Validators};
use crate::feeds::items::{self, Source};
use crate::feeds::parse;
use crate::metrics::FeedMetrics;
use crate::records::Record;
use crate::store::feeds::{self as store, CommentFeed, Feed, Published, Success};
use crate::store::DbError;

/// The longest wait between two tries of a failing feed.
pub const MAX_BACKOFF: Duration = Duration::from_secs(24 * 3600);

/// When a feed that failed `failures` times in a row is tried again: twice its interval
/// after the first failure, doubling after each one up to a day (or its interval, when that
/// is longer), and never sooner than the server asked (`Retry-After`).
pub fn backoff(interval: Duration, failures: u32, retry_after: Option<Duration>) -> Duration {
    let factor = 2u32.saturating_pow(failures.clamp(1, 20));
    interval
        .saturating_mul(factor)
        .min(MAX_BACKOFF.max(interval))
        .max(retry_after.unwrap_or_default())
}

/// What a poll of one feed did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// A document was read.
    Ok,
    /// 304: nothing changed.
    NotModified,
    /// The poll failed; the feed's status says why.
    Error,
}

/// One feed's poll, as `credscore feeds poll --once` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct PollReport {
    /// The feed's address.
    pub url: String,
    /// Whether it is a comment feed found through a blog's feed.
    pub comment_feed: bool,
    /// What happened.
    pub outcome: Outcome,
    /// Entries in the document.
    pub entries: usize,
    /// Items published for the first time.
    pub new: usize,
    /// Items published again because their text changed.
    pub edited: usize,
    /// Entries that could not become items.
    pub skipped: usize,
    /// The error, when the poll failed.
    pub error: Option<String>,
}

/// Why a feed's poll failed.
struct Failure {
    kind: &'static str,
    message: String,
    retry_after: Option<Duration>,
}

impl From<DbError> for Failure {
    fn from(error: DbError) -> Self {
        Failure {
            kind: "database",
            message: format!("PostgreSQL failed: {error}"),
            retry_after: None,
        }
    }
}

/// Polls feeds and publishes their entries.
pub struct Poller {
    pool: PgPool,
    producer: FutureProducer,
    topic: String,
    fetcher: Fetcher,
    metrics: FeedMetrics,
    concurrency: usize,
}

impl Poller {
    /// A poller publishing to the items topic of `kafka`.
    pub fn new(
        pool: PgPool,
        kafka: &KafkaConfig,
        fetch: &FetchConfig,
        metrics: FeedMetrics,
    ) -> anyhow::Result<Poller> {
        anyhow::ensure!(
            fetch.concurrency > 0,
            "CREDSCORE_FEEDS_CONCURRENCY must be at least 1"
        );
        Ok(Poller {
            pool,
            producer: crate::kafka::producer(kafka, Duration::from_secs(30))?,
            topic: kafka.items_topic.clone(),
            fetcher: Fetcher::new(fetch.timeout(), fetch.max_bytes)?,
            metrics,
            concurrency: fetch.concurrency,
        })
    }

    /// The producer (flushed by the service when it stops).
    pub fn producer(&self) -> &FutureProducer {
        &self.producer
    }

    /// Polls every due feed once — with `every`, every feed, due or not — including the
    /// comment feeds found on the way, and says what each poll did. Stops taking feeds when
    /// `shutdown` is cancelled.
    pub async fn poll_round(
        &self,
        every: bool,
        shutdown: &CancellationToken,
    ) -> Result<Vec<PollReport>, DbError> {
        let mut polled: Vec<i64> = Vec::new();
        let mut reports = Vec::new();
        while !shutdown.is_cancelled() {
            let batch_size = (self.concurrency * 4) as i64;
            let feeds = store::take_due(&self.pool, every, &polled, batch_size).await?;
            if feeds.is_empty() {
                break;
            }
            polled.extend(feeds.iter().map(|f| f.id));
            let done: Vec<PollReport> = stream::iter(feeds)
                .map(|feed| self.poll_feed(feed))
                .buffer_unordered(self.concurrency)
                .collect()
                .await;
            reports.extend(done);
        }
        Ok(reports)
    }

    /// Polls one feed; whatever goes wrong is recorded as that feed's status.
    #[tracing::instrument(skip_all, fields(feed = %feed.url))]
    async fn poll_feed(&self, feed: Feed) -> PollReport {
        let label = feed.label().to_string();
        let interval = Duration::from_secs(feed.interval_seconds.max(1) as u64);
        let validators = Validators {
            etag: feed.etag.clone(),
            last_modified: feed.last_modified.clone(),
        };
        let started = Instant::now();
        let fetched = self.fetcher.fetch(&feed.url, &validators).await;
        self.metrics
            .fetch_seconds
            .observe(started.elapsed().as_secs_f64());
        let mut report = PollReport {
            url: feed.url.clone(),
            comment_feed: feed.parent_feed_id.is_some(),
            outcome: Outcome::Ok,
            entries: 0,
            new: 0,
            edited: 0,
            skipped: 0,
            error: None,
        };
        let result = match fetched {
            Ok(Fetched::NotModified) => {
                report.outcome = Outcome::NotModified;
                store::record_not_modified(&self.pool, feed.id, next_time(interval))
                    .await
                    .map_err(Failure::from)
            }
            Ok(Fetched::Body(body)) => self.read(&feed, body, interval, &mut report).await,
            Err(error) => Err(Failure {
                kind: error.kind(),
                message: error.to_string(),
                retry_after: error.retry_after(),
            }),
        };
        match result {
            Ok(()) => {
                let outcome = if report.outcome == Outcome::NotModified {
                    "not_modified"
                } else {
                    "ok"
                };
                self.metrics
                    .polls
                    .with_label_values(&[label.as_str(), outcome])
                    .inc();
                self.metrics
                    .last_success
                    .with_label_values(&[label.as_str()])
                    .set(Utc::now().timestamp_millis() as f64 / 1000.0);
                tracing::debug!(
                    outcome,
                    entries = report.entries,
                    new = report.new,
                    edited = report.edited,
                    skipped = report.skipped,
                    "feed polled"
                );
            }
            Err(failure) => {
                report.outcome = Outcome::Error;
                report.error = Some(failure.message.clone());
                self.metrics
                    .polls
                    .with_label_values(&[label.as_str(), "error"])
                    .inc();
                self.metrics
                    .errors
                    .with_label_values(&[label.as_str(), failure.kind])
                    .inc();
                let failures = feed.consecutive_errors.max(0) as u32 + 1;
                let wait = backoff(interval, failures, failure.retry_after);
                tracing::warn!(kind = failure.kind, error = %failure.message, retry_in_s = wait.as_secs(), "feed poll failed");
                if let Err(error) = store::record_failure(
                    &self.pool,
                    feed.id,
                    failure.kind,
                    &failure.message,
                    next_time(wait),
                )
                .await
                {
                    // The lease gives the feed back later.
                    tracing::error!(%error, "cannot record the feed's failure");
                }
            }
        }
        report
    }

    /// Reads a fetched document, publishes what is new or edited, records the poll.
    async fn read(
        &self,
        feed: &Feed,
        body: Body,
        interval: Duration,
        report: &mut PollReport,
    ) -> Result<(), Failure> {
        let label = feed.label();
        let parsed = parse::parse(&body.bytes, body.content_type.as_deref(), &body.url).map_err(
            |error| Failure {
                kind: error.kind(),
                message: error.to_string(),
                retry_after: None,
            },
        )?;
        let source = Source {
            url: &feed.url,
            platform: feed.platform.as_deref(),
            lang: feed.lang.as_deref(),
            post_id: feed.post_id.as_deref(),
        };
        let (drafts, mut skipped) = items::drafts(&parsed, source);
        let known = store::items_by_url(&self.pool, &items::parent_links(&drafts)).await?;
        let drafts = items::resolve_parents(drafts, &known, source);
        let mut comment_feeds = Vec::new();
        let mut records = Vec::with_capacity(drafts.len());
        for draft in drafts {
            if let Some((url, count)) = &draft.comment_feed {
                // A post that says it has no comment is not worth a request, and only the
                // blog's own server is asked: an address in a feed is not a reason to fetch
                // from anywhere else (an internal address, another site).
                if feed.parent_feed_id.is_none()
                    && *count != Some(0)
                    && *url != feed.url
                    && same_site(url, &feed.url)
                {
                    comment_feeds.push(CommentFeed {
                        url: url.clone(),
                        post_id: draft.item.id.clone(),
                        comment_count: count.map(|c| c as i64),
                    });
                }
            }
            let id = draft.item.id.clone();
            match Record::accept(draft.item) {
                Ok(record) => records.push(record),
                Err(refusal) => skipped.push(items::Skipped {
                    reason: refusal.reason(),
                    message: format!("entry {id:?}: {refusal}"),
                }),
            }
        }
        let ids: Vec<String> = records.iter().map(|r| r.item.id.clone()).collect();
        let before = store::published_hashes(&self.pool, &ids).await?;
        let mut changed: Vec<(Record, String, bool)> = Vec::new();
        for record in records {
            let hash = items::content_hash(&record.item);
            match before.get(&record.item.id) {
                Some(previous) if *previous == hash => {}
                previous => {
                    let edited = previous.is_some();
                    changed.push((record, hash, edited));
                }
            }
        }
        if !changed.is_empty() {
            crate::ingest::publish(
                &self.producer,
                &self.topic,
                changed.iter().map(|(r, _, _)| &r.item),
            )
            .await
            .map_err(|error| Failure {
                kind: "publish",
                message: format!(
                    "the broker did not acknowledge the feed's items ({error}); they are published at the next poll"
                ),
                retry_after: None,
            })?;
        }
        report.entries = parsed.entries.len();
        report.edited = changed.iter().filter(|(_, _, edited)| *edited).count();
        report.new = changed.len() - report.edited;
        report.skipped = skipped.len();
        for entry in &skipped {
            self.metrics
                .entries_skipped
                .with_label_values(&[label, entry.reason])
                .inc();
        }
        self.metrics
            .items_published
            .with_label_values(&[label, "new"])
            .inc_by(report.new as u64);
        self.metrics
            .items_published
            .with_label_values(&[label, "edited"])
            .inc_by(report.edited as u64);
        let warning = skipped.first().map(|first| {
            if skipped.len() == 1 {
                format!("1 entry skipped: {}", first.message)
            } else {
                format!(
                    "{} entries skipped, the first: {}",
                    skipped.len(),
                    first.message
                )
            }
        });
        let published: Vec<Published> = changed
            .into_iter()
            .map(|(record, hash, _)| Published {
                item_id: record.item.id,
                url: record.item.url,
                content_sha256: hash,
            })
            .collect();
        store::record_success(
            &self.pool,
            &Success {
                feed_id: feed.id,
                etag: body.validators.etag,
                last_modified: body.validators.last_modified,
                entries: parsed.entries.len() as i32,
                warning,
                published,
                comment_feeds: dedup_by_url(comment_feeds),
                owns_comment_feeds: feed.parent_feed_id.is_none(),
                next_poll_at: next_time(interval),
            },
        )
        .await?;
        Ok(())
    }
}

/// Whether `url` is an http(s) address on the same host and port as `feed`.
pub fn same_site(url: &str, feed: &str) -> bool {
    match (url::Url::parse(url), url::Url::parse(feed)) {
        (Ok(url), Ok(feed)) => {
            matches!(url.scheme(), "http" | "https")
                && url.host_str().is_some()
                && url.host_str() == feed.host_str()
                && url.port_or_known_default() == feed.port_or_known_default()
        }
        _ => false,
    }
}

fn dedup_by_url(feeds: Vec<CommentFeed>) -> Vec<CommentFeed> {
    let mut seen = std::collections::HashSet::new();
    feeds
        .into_iter()
        .filter(|f| seen.insert(f.url.clone()))
        .collect()
}

fn next_time(after: Duration) -> chrono::DateTime<Utc> {
    Utc::now() + chrono::Duration::from_std(after).unwrap_or(chrono::Duration::days(1))
}

/// Reads a polling interval: a number and a unit, `s`, `m`, `h` or `d` (`90s`, `10m`,
/// `1h30m`, `1d`), from one minute to a week.
pub fn parse_interval(raw: &str) -> Result<Duration, String> {
    let invalid = || {
        format!("expected an interval such as 30m, 2h, 1h30m or 1d (a number and s, m, h or d), got {raw:?}")
    };
    let mut total: u64 = 0;
    let mut number = String::new();
    let text = raw.trim();
    if text.is_empty() {
        return Err(invalid());
    }
    for character in text.chars() {
        if character.is_ascii_digit() {
            number.push(character);
            continue;
        }
        let unit = match character {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            _ => return Err(invalid()),
        };
        let value: u64 = number.parse().map_err(|_| invalid())?;
        total = total.saturating_add(value.saturating_mul(unit));
        number.clear();
    }
    if !number.is_empty() {
        return Err(invalid());
    }
    if !(60..=7 * 86_400).contains(&total) {
        return Err(format!(
            "{raw:?} is outside what feeds are polled at: from 1m to 7d"
        ));
    }
    Ok(Duration::from_secs(total))
}

/// An interval as `--every` takes it (`1h30m`).
pub fn format_interval(seconds: i64) -> String {
    let mut rest = seconds.max(0);
    let mut out = String::new();
    for (unit, size) in [("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)] {
        if rest >= size {
            out.push_str(&format!("{}{unit}", rest / size));
            rest %= size;
        }
    }
    if out.is_empty() {
        out.push_str("0s");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_read_and_print() {
        assert_eq!(parse_interval("10m"), Ok(Duration::from_secs(600)));
        assert_eq!(parse_interval("1h30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_interval(" 1d "), Ok(Duration::from_secs(86_400)));
        assert!(parse_interval("10").is_err());
        assert!(parse_interval("ten minutes").is_err());
        assert!(parse_interval("5s").unwrap_err().contains("from 1m to 7d"));
        assert!(parse_interval("8d").is_err());
        assert_eq!(format_interval(5400), "1h30m");
        assert_eq!(format_interval(600), "10m");
    }

    #[test]
    fn comment_feeds_are_fetched_from_the_blog_only() {
        let feed = "https://blog.example/feed/";
        assert!(same_site("https://blog.example/2025/post/feed/", feed));
        assert!(!same_site("https://blog.example:8443/post/feed/", feed));
        assert!(!same_site("http://169.254.169.254/latest/", feed));
        assert!(!same_site("https://other.example/feed/", feed));
        assert!(!same_site("file:///etc/passwd", feed));
    }

    #[test]
    fn failing_feeds_back_off_up_to_a_day() {
        let ten_minutes = Duration::from_secs(600);
        assert_eq!(backoff(ten_minutes, 1, None), Duration::from_secs(1200));
        assert_eq!(backoff(ten_minutes, 2, None), Duration::from_secs(2400));
        assert_eq!(backoff(ten_minutes, 30, None), MAX_BACKOFF);
        assert_eq!(
            backoff(ten_minutes, 1, Some(Duration::from_secs(7200))),
            Duration::from_secs(7200)
        );
        let weekly = Duration::from_secs(7 * 86_400);
        assert_eq!(backoff(weekly, 3, None), weekly);
    }
}
