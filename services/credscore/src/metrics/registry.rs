//! What every service's metrics share: one registry per process, the constructors, and the
//! `/metrics` and `/healthz` routes. Names are an API: `credscore_` prefix, `_total`
//! counters, `_seconds` histograms, labels of low cardinality only (never an author or an
//! item id).

use prometheus::{
    Encoder, Histogram, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, IntGaugeVec, Opts,
    Registry, TextEncoder,
};

/// Registers metrics into one registry, panicking on a programming error (a bad name or a
/// name used twice), which the unit tests catch.
pub struct Builder {
    /// The registry being filled.
    pub registry: Registry,
}

impl Builder {
    /// An empty registry.
    pub fn new() -> Builder {
        Builder {
            registry: Registry::new(),
        }
    }

    fn register<C: prometheus::core::Collector + Clone + 'static>(&self, collector: C) -> C {
        self.registry
            .register(Box::new(collector.clone()))
            .expect("unique metric");
        collector
    }

    /// A counter with labels.
    pub fn counter(&self, name: &str, help: &str, labels: &[&str]) -> IntCounterVec {
        self.register(IntCounterVec::new(Opts::new(name, help), labels).expect("valid counter"))
    }

    /// A histogram with the given bucket bounds.
    pub fn histogram(&self, name: &str, help: &str, buckets: Vec<f64>) -> Histogram {
        self.register(
            Histogram::with_opts(HistogramOpts::new(name, help).buckets(buckets))
                .expect("valid histogram"),
        )
    }

    /// A histogram with labels.
    pub fn histogram_vec(
        &self,
        name: &str,
        help: &str,
        buckets: Vec<f64>,
        labels: &[&str],
    ) -> HistogramVec {
        self.register(
            HistogramVec::new(HistogramOpts::new(name, help).buckets(buckets), labels)
                .expect("valid histogram"),
        )
    }

    /// A gauge.
    pub fn gauge(&self, name: &str, help: &str) -> IntGauge {
        self.register(IntGauge::new(name, help).expect("valid gauge"))
    }

    /// A gauge of fractional values.
    pub fn float_gauge(&self, name: &str, help: &str) -> prometheus::Gauge {
        self.register(prometheus::Gauge::new(name, help).expect("valid gauge"))
    }

    /// A gauge with labels.
    pub fn gauge_vec(&self, name: &str, help: &str, labels: &[&str]) -> IntGaugeVec {
        self.register(IntGaugeVec::new(Opts::new(name, help), labels).expect("valid gauge"))
    }
}

impl Default for Builder {
    fn default() -> Self {
        Builder::new()
    }
}

/// Exponential histogram buckets.
pub fn buckets(start: f64, factor: f64, count: usize) -> Vec<f64> {
    prometheus::exponential_buckets(start, factor, count).expect("valid buckets")
}

/// The text exposition format of a registry.
pub fn render(registry: &Registry) -> String {
    let mut buffer = Vec::new();
    TextEncoder::new()
        .encode(&registry.gather(), &mut buffer)
        .expect("metrics encode");
    String::from_utf8(buffer).expect("metrics are UTF-8")
}

/// `GET /metrics` (this process's registry) and `GET /healthz`, served by every service.
pub fn routes<S: Clone + Send + Sync + 'static>(registry: &Registry) -> axum::Router<S> {
    let registry = registry.clone();
    axum::Router::new()
        .route(
            "/metrics",
            axum::routing::get(move || {
                let registry = registry.clone();
                async move {
                    (
                        [(
                            axum::http::header::CONTENT_TYPE,
                            "text/plain; version=0.0.4",
                        )],
                        render(&registry),
                    )
                }
            }),
        )
        .route("/healthz", axum::routing::get(|| async { "ok" }))
}
