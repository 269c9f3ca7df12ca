//! Prometheus metrics. Names are an API: `credscore_` prefix, `_total` counters, `_seconds`
//! histograms, labels of low cardinality only (never an author or an item id).

use prometheus::{
    Encoder, Histogram, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, IntGaugeVec, Opts,
    Registry, TextEncoder,
};

/// Which service a process runs: its `/metrics` shows that service's metrics only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    Ingest,
    Scorer,
    Api,
}

impl Service {
    /// Whether the metric family `name` belongs to this service.
    pub fn owns(self, name: &str) -> bool {
        let ingest =
            name.starts_with("credscore_items_ingested") || name.starts_with("credscore_ingest_");
        let api = name.starts_with("credscore_api_");
        match self {
            Service::Ingest => ingest,
            Service::Api => api,
            Service::Scorer => !ingest && !api,
        }
    }
}

/// Every metric of a credscore process, in its own registry.
#[derive(Clone)]
pub struct Metrics {
    pub registry: Registry,
    /// The service whose metrics `render` shows; all of them when unset.
    service: Option<Service>,
    pub items_ingested: IntCounterVec,
    pub ingest_requests: IntCounterVec,
    pub api_requests: IntCounterVec,
    pub rescore_items: IntCounterVec,
    pub rescore_ranges: IntCounterVec,
    pub items_scored: IntCounterVec,
    pub items_dead_lettered: IntCounterVec,
    pub batch_size: Histogram,
    pub scoring_seconds: Histogram,
    pub db_write_seconds: Histogram,
    pub end_to_end_lag_seconds: Histogram,
    pub consumer_lag: IntGaugeVec,
    pub db_retries: IntCounterVec,
    pub active_model: IntGaugeVec,
    pub model_reloads: IntCounterVec,
    pub credibility: HistogramVec,
    pub in_flight_batches: IntGauge,
}

fn buckets(start: f64, factor: f64, count: usize) -> Vec<f64> {
    prometheus::exponential_buckets(start, factor, count).expect("valid buckets")
}

impl Metrics {
    pub fn new() -> Self {
        let registry = Registry::new();
        let counter = |name: &str, help: &str, labels: &[&str]| {
            let c = IntCounterVec::new(Opts::new(name, help), labels).expect("valid counter");
            registry
                .register(Box::new(c.clone()))
                .expect("unique metric");
            c
        };
        let histogram = |name: &str, help: &str, b: Vec<f64>| {
            let h = Histogram::with_opts(HistogramOpts::new(name, help).buckets(b))
                .expect("valid histogram");
            registry
                .register(Box::new(h.clone()))
                .expect("unique metric");
            h
        };
        let metrics = Metrics {
            items_ingested: counter(
                "credscore_items_ingested_total",
                "Items accepted and published to the items topic.",
                &["source"],
            ),
            ingest_requests: counter(
                "credscore_ingest_requests_total",
                "HTTP ingest requests by status code.",
                &["status"],
            ),
            api_requests: counter(
                "credscore_api_requests_total",
                "Read API and dashboard requests by route and status code.",
                &["route", "status"],
            ),
            rescore_items: counter(
                "credscore_rescore_items_total",
                "Stored items re-scored from re-scoring requests, by model version.",
                &["model"],
            ),
            rescore_ranges: counter(
                "credscore_rescore_ranges_total",
                "Re-scoring requests (ranges of items) handled, by outcome.",
                &["outcome"],
            ),
            items_scored: counter(
                "credscore_items_scored_total",
                "Items scored and stored.",
                &["lang"],
            ),
            items_dead_lettered: counter(
                "credscore_items_dead_lettered_total",
                "Events sent to the dead-letter topic.",
                &["reason"],
            ),
            db_retries: counter(
                "credscore_db_retries_total",
                "Batch writes retried after a database error.",
                &["operation"],
            ),
            model_reloads: counter(
                "credscore_model_reloads_total",
                "Times the scorer switched to a newly activated model.",
                &["outcome"],
            ),
            batch_size: histogram(
                "credscore_batch_size",
                "Events per scorer batch.",
                buckets(1.0, 2.0, 14),
            ),
            scoring_seconds: histogram(
                "credscore_scoring_duration_seconds",
                "Time to score one batch.",
                buckets(0.0005, 2.0, 16),
            ),
            db_write_seconds: histogram(
                "credscore_db_write_duration_seconds",
                "Time to write one batch to PostgreSQL.",
                buckets(0.001, 2.0, 16),
            ),
            end_to_end_lag_seconds: histogram(
                "credscore_end_to_end_lag_seconds",
                "From ingest of an item to its score being stored.",
                // Factor √2 from 5 ms to ~14 s: fine enough to read p50 and p99 from.
                buckets(0.005, std::f64::consts::SQRT_2, 24),
            ),
            consumer_lag: IntGaugeVec::new(
                Opts::new(
                    "credscore_consumer_lag_messages",
                    "Messages behind the partition end.",
                ),
                &["partition"],
            )
            .expect("valid gauge"),
            active_model: IntGaugeVec::new(
                Opts::new(
                    "credscore_active_model_info",
                    "1 for the model version in use.",
                ),
                &["version"],
            )
            .expect("valid gauge"),
            credibility: HistogramVec::new(
                HistogramOpts::new(
                    "credscore_credibility_score",
                    "Distribution of item credibility, per language (drift).",
                )
                .buckets((1..=10).map(|i| i as f64 / 10.0).collect()),
                &["lang"],
            )
            .expect("valid histogram"),
            in_flight_batches: IntGauge::new(
                "credscore_in_flight_batches",
                "Batches being scored or written.",
            )
            .expect("valid gauge"),
            registry: registry.clone(),
            service: None,
        };
        for collector in [
            Box::new(metrics.consumer_lag.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(metrics.active_model.clone()),
            Box::new(metrics.credibility.clone()),
            Box::new(metrics.in_flight_batches.clone()),
        ] {
            registry.register(collector).expect("unique metric");
        }
        metrics
    }

    /// The metrics of one service: the others' stay out of its `/metrics`.
    pub fn for_service(service: Service) -> Self {
        Metrics {
            service: Some(service),
            ..Metrics::new()
        }
    }

    /// The text exposition format.
    pub fn render(&self) -> String {
        let mut families = self.registry.gather();
        if let Some(service) = self.service {
            families.retain(|family| service.owns(family.name()));
        }
        let mut buffer = Vec::new();
        TextEncoder::new()
            .encode(&families, &mut buffer)
            .expect("metrics encode");
        String::from_utf8(buffer).expect("metrics are UTF-8")
    }

    pub fn set_active_model(&self, version: &str) {
        self.active_model.reset();
        self.active_model.with_label_values(&[version]).set(1);
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

/// An axum handler body for `GET /metrics`.
pub fn response(metrics: &Metrics) -> axum::response::Response {
    use axum::response::IntoResponse;
    (
        [(
            axum::http::header::CONTENT_TYPE,
            "text/plain; version=0.0.4",
        )],
        metrics.render(),
    )
        .into_response()
}

/// `GET /metrics` (this process's metrics) and `GET /healthz`, served by every service.
pub fn routes<S: Clone + Send + Sync + 'static>(metrics: &Metrics) -> axum::Router<S> {
    let metrics = metrics.clone();
    axum::Router::new()
        .route(
            "/metrics",
            axum::routing::get(move || {
                let m = metrics.clone();
                async move { response(&m) }
            }),
        )
        .route("/healthz", axum::routing::get(|| async { "ok" }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_service_shows_its_own_metrics() {
        let ingest = Metrics::for_service(Service::Ingest);
        ingest.ingest_requests.with_label_values(&["202"]).inc();
        let page = ingest.render();
        assert!(page.contains("credscore_ingest_requests_total"), "{page}");
        assert!(
            !page.contains("credscore_scoring_duration_seconds"),
            "{page}"
        );
        assert!(!page.contains("credscore_in_flight_batches"), "{page}");
        let scorer = Metrics::for_service(Service::Scorer).render();
        assert!(scorer.contains("credscore_scoring_duration_seconds"));
        assert!(!scorer.contains("credscore_api_requests_total"));
        assert!(Metrics::new()
            .render()
            .contains("credscore_in_flight_batches"));
    }
}
