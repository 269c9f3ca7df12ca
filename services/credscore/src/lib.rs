//! credscore services: the ingest HTTP API, the scorer consumer, the read API and dashboard,
//! the PostgreSQL store, Kafka plumbing, metrics and the `credscore` command line. Binaries
//! are thin wrappers around `run` functions here, which tests call directly.

pub mod api;
pub mod charts;
pub mod cli;
pub mod config;
pub mod dashboard;
pub mod db;
pub mod ingest;
pub mod kafka;
pub mod metrics;
pub mod read;
pub mod rescore;
pub mod scorer;
pub mod telemetry;

/// Event types generated from `proto/credscore/v1/events.proto`.
pub mod proto {
    include!(concat!(env!("OUT_DIR"), "/credscore.v1.rs"));
}

pub use tokio_util::sync::CancellationToken;

/// Cancels `token` on SIGINT or SIGTERM: services stop taking work, finish what they hold,
/// commit and exit.
pub fn cancel_on_signal(token: CancellationToken) {
    tokio::spawn(async move {
        let mut terminate =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
                .expect("installing a SIGTERM handler");
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = terminate.recv() => {}
        }
        tracing::info!("shutdown requested");
        token.cancel();
    });
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}
