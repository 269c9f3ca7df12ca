//! The ingest service's metrics.

use prometheus::{IntCounterVec, Registry};

use crate::metrics::registry::Builder;

/// What `credscore-ingest` exports on `/metrics`.
#[derive(Clone)]
pub struct IngestMetrics {
    /// The process's registry.
    pub registry: Registry,
    /// `credscore_items_ingested_total{source}`.
    pub items_ingested: IntCounterVec,
    /// `credscore_ingest_requests_total{status}`.
    pub ingest_requests: IntCounterVec,
}

impl IngestMetrics {
    /// Registers the ingest metrics in a registry of their own.
    pub fn new() -> IngestMetrics {
        let b = Builder::new();
        IngestMetrics {
            items_ingested: b.counter(
                "credscore_items_ingested_total",
                "Items accepted and published to the items topic.",
                &["source"],
            ),
            ingest_requests: b.counter(
                "credscore_ingest_requests_total",
                "HTTP ingest requests by status code.",
                &["status"],
            ),
            registry: b.registry,
        }
    }
}

impl Default for IngestMetrics {
    fn default() -> Self {
        IngestMetrics::new()
    }
}
