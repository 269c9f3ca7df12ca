//! Prometheus metrics, one struct per service, each in its own registry so a process's
//! `/metrics` shows its own metrics only.

pub mod api;
pub mod feeds;
pub mod ingest;
pub mod registry;
pub mod scorer;

pub use api::ApiMetrics;
pub use feeds::FeedMetrics;
pub use ingest::IngestMetrics;
pub use registry::routes;
pub use scorer::ScorerMetrics;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_service_shows_its_own_metrics() {
        let ingest = IngestMetrics::new();
        ingest.ingest_requests.with_label_values(&["202"]).inc();
        let page = registry::render(&ingest.registry);
        assert!(page.contains("credscore_ingest_requests_total"), "{page}");
        assert!(
            !page.contains("credscore_scoring_duration_seconds"),
            "{page}"
        );
        assert!(!page.contains("credscore_in_flight_batches"), "{page}");
        let scorer = registry::render(&ScorerMetrics::new().registry);
        assert!(scorer.contains("credscore_scoring_duration_seconds"));
        assert!(!scorer.contains("credscore_api_requests_total"));
        assert!(scorer.contains("credscore_in_flight_batches"));
        assert!(scorer.contains("credscore_write_failures_consecutive"));
        let api = registry::render(&ApiMetrics::new().registry);
        assert!(!api.contains("credscore_items_scored_total"));
        let feeds = FeedMetrics::new();
        feeds
            .polls
            .with_label_values(&["https://blog.example/feed/", "ok"])
            .inc();
        let page = registry::render(&feeds.registry);
        assert!(page.contains("credscore_feed_polls_total"), "{page}");
        assert!(!page.contains("credscore_items_scored_total"));
    }
}
