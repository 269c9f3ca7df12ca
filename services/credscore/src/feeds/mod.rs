//! Feeds that stream in by themselves: blogs (RSS 2.0, Atom, JSON Feed), their comment
//! threads, each feed polled at its own interval.
//!
//! An entry travels: `fetch` (HTTP: conditional GET, time and size limits) → `parse` (the
//! encoding decided, feed-rs, WordPress comment-feed extensions) → `items` (id, author,
//! parent, plain text by `html`) → `poll` (the same validation and producer as HTTP ingest;
//! what was published before is skipped, an edit published again) → the items topic. The
//! feeds and what they published are stored by `store::feeds`.

pub mod fetch;
pub mod html;
pub mod items;
pub mod parse;
pub mod poll;

use std::net::SocketAddr;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::config::FeedsConfig;
use crate::metrics::FeedMetrics;

pub use poll::{Outcome, PollReport, Poller};

/// Runs the feeds service until `shutdown` is cancelled: polls due feeds, sleeps until the
/// next is due (at most `check_ms`), and serves `/metrics` and `/healthz`. `ready` receives
/// the bound address.
pub async fn run(
    config: FeedsConfig,
    shutdown: CancellationToken,
    ready: Option<tokio::sync::oneshot::Sender<SocketAddr>>,
) -> anyhow::Result<()> {
    let pool = crate::store::connect_and_migrate(&config.database).await?;
    crate::kafka::ensure_topics(&config.kafka).await?;
    let metrics = FeedMetrics::new();
    let poller = Poller::new(pool.clone(), &config.kafka, &config.fetch, metrics.clone())?;
    let listener = tokio::net::TcpListener::bind(&config.listen)
        .await
        .map_err(|e| {
            anyhow::anyhow!(
                "cannot listen on {}: {e} (set CREDSCORE_FEEDS_LISTEN)",
                config.listen
            )
        })?;
    let address = listener.local_addr()?;
    tracing::info!(%address, topic = %config.kafka.items_topic, "feeds service listening");
    if let Some(ready) = ready {
        let _ = ready.send(address);
    }
    let server = {
        let shutdown = shutdown.clone();
        let routes = crate::metrics::routes::<()>(&metrics.registry);
        tokio::spawn(async move {
            axum::serve(listener, routes)
                .with_graceful_shutdown(shutdown.cancelled_owned())
                .await
        })
    };
    let check = Duration::from_millis(config.check_ms.max(100));
    while !shutdown.is_cancelled() {
        match poller.poll_round(false, &shutdown).await {
            Ok(reports) if !reports.is_empty() => {
                let failed = reports
                    .iter()
                    .filter(|r| r.outcome == Outcome::Error)
                    .count();
                tracing::info!(feeds = reports.len(), failed, "poll round done");
            }
            Ok(_) => {}
            // Nothing was taken, or the leases give the feeds back: try again later.
            Err(error) => tracing::warn!(%error, "cannot take due feeds from PostgreSQL"),
        }
        let wait = match crate::store::feeds::next_due(&pool).await {
            Ok(Some(due)) => (due - chrono::Utc::now())
                .to_std()
                .unwrap_or_default()
                .clamp(Duration::from_millis(100), check),
            _ => check,
        };
        tokio::select! {
            _ = shutdown.cancelled() => break,
            _ = tokio::time::sleep(wait) => {}
        }
    }
    use rdkafka::producer::Producer;
    let _ = poller.producer().flush(Duration::from_secs(10));
    server.await??;
    Ok(())
}
