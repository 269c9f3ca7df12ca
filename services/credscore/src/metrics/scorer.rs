//! The scorer's metrics, the distributed re-scoring worker's included (it runs inside the
//! scorer).

use prometheus::{Gauge, Histogram, HistogramVec, IntCounterVec, IntGauge, IntGaugeVec, Registry};

use crate::metrics::registry::{buckets, Builder};

/// What `credscore-scorer` exports on `/metrics`.
#[derive(Clone)]
pub struct ScorerMetrics {
    /// The process's registry.
    pub registry: Registry,
    /// `credscore_items_scored_total{lang}`.
    pub items_scored: IntCounterVec,
    /// `credscore_items_dead_lettered_total{reason}`.
    pub items_dead_lettered: IntCounterVec,
    /// `credscore_rescore_items_total{model}`.
    pub rescore_items: IntCounterVec,
    /// `credscore_rescore_ranges_total{outcome}`.
    pub rescore_ranges: IntCounterVec,
    /// `credscore_db_retries_total{operation}`.
    pub db_retries: IntCounterVec,
    /// `credscore_model_reloads_total{outcome}`.
    pub model_reloads: IntCounterVec,
    /// `credscore_copies_found_total{of}`: stored items found to copy an earlier one, of
    /// another author (`other`) or of their own (`own`).
    pub copies_found: IntCounterVec,
    /// `credscore_copy_checks_total{outcome}`: batches judged against the copy index (`ok`),
    /// or stored without copy verdicts after a permanent database error (`failed`).
    pub copy_checks: IntCounterVec,
    /// `credscore_copy_index_bytes`: memory held by this scorer's copy-index band table.
    pub copy_index_bytes: IntGauge,
    /// `credscore_batch_size`.
    pub batch_size: Histogram,
    /// `credscore_scoring_duration_seconds`.
    pub scoring_seconds: Histogram,
    /// `credscore_db_write_duration_seconds`.
    pub db_write_seconds: Histogram,
    /// `credscore_end_to_end_lag_seconds`.
    pub end_to_end_lag_seconds: Histogram,
    /// `credscore_consumer_lag_messages{partition}`: behind the committed offset.
    pub consumer_lag: IntGaugeVec,
    /// `credscore_active_model_info{version}`.
    pub active_model: IntGaugeVec,
    /// `credscore_credibility_score{lang}`.
    pub credibility: HistogramVec,
    /// `credscore_in_flight_batches`.
    pub in_flight_batches: IntGauge,
    /// `credscore_oldest_unstored_item_age_seconds`.
    pub oldest_unstored_age: Gauge,
    /// `credscore_write_failures_consecutive`.
    pub write_failures_consecutive: IntGauge,
    /// `credscore_standing_runs_total{outcome}`.
    pub standing_runs: IntCounterVec,
    /// `credscore_standing_run_duration_seconds`.
    pub standing_run_seconds: Histogram,
    /// `credscore_standing_last_success_timestamp_seconds`.
    pub standing_last_success: Gauge,
    /// `credscore_standing_practitioners`.
    pub standing_practitioners: IntGauge,
    /// `credscore_standing_edges`.
    pub standing_edges: IntGauge,
}

impl ScorerMetrics {
    /// Registers the scorer metrics in a registry of their own.
    pub fn new() -> ScorerMetrics {
        let b = Builder::new();
        ScorerMetrics {
            rescore_items: b.counter(
                "credscore_rescore_items_total",
                "Stored items re-scored from re-scoring requests, by model version.",
                &["model"],
            ),
            rescore_ranges: b.counter(
                "credscore_rescore_ranges_total",
                "Re-scoring requests (ranges of items) handled, by outcome.",
                &["outcome"],
            ),
            items_scored: b.counter(
                "credscore_items_scored_total",
                "Items scored and stored.",
                &["lang"],
            ),
            items_dead_lettered: b.counter(
                "credscore_items_dead_lettered_total",
                "Events sent to the dead-letter topic.",
                &["reason"],
            ),
            db_retries: b.counter(
                "credscore_db_retries_total",
                "Batch writes retried after a database error.",
                &["operation"],
            ),
            copies_found: b.counter(
                "credscore_copies_found_total",
                "Stored items found to copy an earlier stored item, by whose it was.",
                &["of"],
            ),
            copy_checks: b.counter(
                "credscore_copy_checks_total",
                "Batches judged against the shared copy index, by outcome.",
                &["outcome"],
            ),
            copy_index_bytes: b.gauge(
                "credscore_copy_index_bytes",
                "Memory this scorer holds for the band keys of the stored originals (about 300 bytes an original).",
            ),
            model_reloads: b.counter(
                "credscore_model_reloads_total",
                "Times the scorer switched to a newly activated model.",
                &["outcome"],
            ),
            batch_size: b.histogram(
                "credscore_batch_size",
                "Events per scorer batch.",
                buckets(1.0, 2.0, 14),
            ),
            scoring_seconds: b.histogram(
                "credscore_scoring_duration_seconds",
                "Time to score one batch.",
                buckets(0.0005, 2.0, 16),
            ),
            db_write_seconds: b.histogram(
                "credscore_db_write_duration_seconds",
                "Time to write one batch to PostgreSQL.",
                buckets(0.001, 2.0, 16),
            ),
            end_to_end_lag_seconds: b.histogram(
                "credscore_end_to_end_lag_seconds",
                "From ingest of an item to its score being stored.",
                // Factor √2 from 5 ms to ~14 s: fine enough to read p50 and p99 from.
                buckets(0.005, std::f64::consts::SQRT_2, 24),
            ),
            consumer_lag: b.gauge_vec(
                "credscore_consumer_lag_messages",
                "Messages beyond the consumer group's committed offset (not its fetch position), per partition: grows when writes stall.",
                &["partition"],
            ),
            active_model: b.gauge_vec(
                "credscore_active_model_info",
                "1 for the model version in use.",
                &["version"],
            ),
            credibility: b.histogram_vec(
                "credscore_credibility_score",
                "Distribution of item credibility, per language (drift).",
                (1..=10).map(|i| i as f64 / 10.0).collect(),
                &["lang"],
            ),
            in_flight_batches: b.gauge(
                "credscore_in_flight_batches",
                "Batches being scored or written.",
            ),
            oldest_unstored_age: b.float_gauge(
                "credscore_oldest_unstored_item_age_seconds",
                "Age since ingest of the oldest item this scorer holds and has not stored yet (0 when it holds none).",
            ),
            write_failures_consecutive: b.gauge(
                "credscore_write_failures_consecutive",
                "Database write attempts that failed in a row (0 after a success).",
            ),
            standing_runs: b.counter(
                "credscore_standing_runs_total",
                "Runs of the peer-standing job by this replica, by outcome (ok, failed; a replica that finds another one running skips).",
                &["outcome"],
            ),
            standing_run_seconds: b.histogram(
                "credscore_standing_run_duration_seconds",
                "Time of one peer-standing run: reading the reply graph, computing, storing.",
                buckets(0.01, 2.0, 16),
            ),
            standing_last_success: b.float_gauge(
                "credscore_standing_last_success_timestamp_seconds",
                "When this replica last stored peer standings (Unix time; 0: never).",
            ),
            standing_practitioners: b.gauge(
                "credscore_standing_practitioners",
                "Practitioners in the last peer-standing run.",
            ),
            standing_edges: b.gauge(
                "credscore_standing_edges",
                "Practitioner pairs with engagements in the last peer-standing run.",
            ),
            registry: b.registry,
        }
    }

    /// Marks `version` as the model in use.
    pub fn set_active_model(&self, version: &str) {
        self.active_model.reset();
        self.active_model.with_label_values(&[version]).set(1);
    }
}

impl Default for ScorerMetrics {
    fn default() -> Self {
        ScorerMetrics::new()
    }
}
