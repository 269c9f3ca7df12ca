//! The read API's and dashboard's metrics.

use prometheus::{IntCounterVec, Registry};

use crate::metrics::registry::Builder;

/// What `credscore-api` exports on `/metrics`.
#[derive(Clone)]
pub struct ApiMetrics {
    /// The process's registry.
    pub registry: Registry,
    /// `credscore_api_requests_total{route, status}`.
    pub api_requests: IntCounterVec,
}

impl ApiMetrics {
    /// Registers the API metrics in a registry of their own.
    pub fn new() -> ApiMetrics {
        let b = Builder::new();
        ApiMetrics {
            api_requests: b.counter(
                "credscore_api_requests_total",
                "Read API and dashboard requests by route and status code.",
                &["route", "status"],
            ),
            registry: b.registry,
        }
    }
}

impl Default for ApiMetrics {
    fn default() -> Self {
        ApiMetrics::new()
    }
}
