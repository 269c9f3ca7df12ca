//! The feeds service's metrics (`credscore-feeds`, and `credscore feeds poll`). The `feed`
//! label is the address of a feed someone added; comment feeds count under their blog's
//! feed, so the label set stays as small as the list of feeds.

use prometheus::{GaugeVec, Histogram, IntCounterVec, Opts, Registry};

use crate::metrics::registry::{buckets, Builder};

/// What `credscore-feeds` exports on `/metrics`.
#[derive(Clone)]
pub struct FeedMetrics {
    /// The process's registry.
    pub registry: Registry,
    /// `credscore_feed_polls_total{feed, outcome}`: `ok`, `not_modified` or `error`.
    pub polls: IntCounterVec,
    /// `credscore_feed_items_published_total{feed, change}`: `new` or `edited`.
    pub items_published: IntCounterVec,
    /// `credscore_feed_errors_total{feed, kind}`.
    pub errors: IntCounterVec,
    /// `credscore_feed_entries_skipped_total{feed, reason}`.
    pub entries_skipped: IntCounterVec,
    /// `credscore_feed_last_success_timestamp_seconds{feed}`.
    pub last_success: GaugeVec,
    /// `credscore_feed_fetch_duration_seconds`.
    pub fetch_seconds: Histogram,
}

impl FeedMetrics {
    /// Registers the feeds metrics in a registry of their own.
    pub fn new() -> FeedMetrics {
        let b = Builder::new();
        let last_success = GaugeVec::new(
            Opts::new(
                "credscore_feed_last_success_timestamp_seconds",
                "Unix time of the feed's last successful poll (a 304 included).",
            ),
            &["feed"],
        )
        .expect("valid gauge");
        b.registry
            .register(Box::new(last_success.clone()))
            .expect("unique metric");
        FeedMetrics {
            polls: b.counter(
                "credscore_feed_polls_total",
                "Feed polls by outcome: ok (a document read), not_modified (304) or error.",
                &["feed", "outcome"],
            ),
            items_published: b.counter(
                "credscore_feed_items_published_total",
                "Items published to the items topic from feeds: new, or edited (same id, new text).",
                &["feed", "change"],
            ),
            errors: b.counter(
                "credscore_feed_errors_total",
                "Failed feed polls by kind (http_status, timeout, too_large, connect, encoding, not_a_feed, malformed, publish, database).",
                &["feed", "kind"],
            ),
            entries_skipped: b.counter(
                "credscore_feed_entries_skipped_total",
                "Feed entries that could not become items, by reason.",
                &["feed", "reason"],
            ),
            fetch_seconds: b.histogram(
                "credscore_feed_fetch_duration_seconds",
                "Time to fetch one feed document.",
                buckets(0.005, 2.0, 14),
            ),
            last_success,
            registry: b.registry,
        }
    }
}

impl Default for FeedMetrics {
    fn default() -> Self {
        FeedMetrics::new()
    }
}
