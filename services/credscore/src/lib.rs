//! credscore services: the ingest HTTP API, the scorer consumer, the read API and dashboard,
//! the PostgreSQL store, Kafka plumbing, metrics and the `credscore` command line. Binaries
//! are thin wrappers around `run` functions here, which tests call directly.
//!
//! The path of an item goes one way: bytes at an edge (`ingest`, or an event the scorer
//! reads) → a validated `records::Record` → an event on Kafka (`kafka`) → `scorer` → rows in
//! PostgreSQL (`store`); `feeds` polls blogs and their comment threads into the same path. `web` reads the rows back; `rescore` and `compare` work on them in
//! batch; `aggregation` is the practitioner maths `store` applies in SQL.
#![warn(missing_docs)]

pub mod aggregation;
pub mod auth;
pub mod cli;
pub mod compare;
pub mod config;
pub mod copies;
pub mod feeds;
pub mod graph;
pub mod ingest;
pub mod kafka;
pub mod metrics;
pub mod ndjson;
pub mod records;
pub mod rescore;
pub mod scorer;
pub mod standing;
pub mod store;
pub mod telemetry;
pub mod web;

/// Event types generated from `proto/credscore/v1/events.proto`.
#[allow(missing_docs)]
pub mod proto {
    include!(concat!(env!("OUT_DIR"), "/credscore.v1.rs"));
}

/// Every binary of the service, and every test of it, allocates with mimalloc: scoring makes
/// short-lived buffers for each text, and the system allocator took about 8 % of scoring time
/// (the model's criterion bench uses the same allocator, so it measures what the scorer runs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Cancels a service: it stops taking work, finishes what it holds, commits and exits.
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

/// An error and its causes on one line, each cause once: many errors already quote their
/// cause in their own message.
pub fn error_chain(error: &anyhow::Error) -> String {
    let mut message = error.to_string();
    for cause in error.chain().skip(1) {
        let text = cause.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
    }
    message
}

/// How a service binary exits: quietly on success, with one `error: …` line (no backtrace)
/// and status 1 otherwise.
pub fn exit_code(result: anyhow::Result<()>) -> std::process::ExitCode {
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(error = %error_chain(&error), "stopped");
            eprintln!("error: {}", error_chain(&error));
            std::process::ExitCode::FAILURE
        }
    }
}

/// The body of every service binary: logs, a shutdown token cancelled by SIGINT or SIGTERM,
/// then `run` until it returns, and one `error: …` line if it failed.
pub async fn serve<C, F, Fut>(config: C, run: F) -> std::process::ExitCode
where
    F: FnOnce(
        C,
        CancellationToken,
        Option<tokio::sync::oneshot::Sender<std::net::SocketAddr>>,
    ) -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<()>>,
{
    telemetry::init();
    let shutdown = CancellationToken::new();
    cancel_on_signal(shutdown.clone());
    exit_code(run(config, shutdown, None).await)
}
