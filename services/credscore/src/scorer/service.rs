//! The scorer service: a consumer group on the items topic.
//!
//! Each batch (by size or by latency) is decoded, scored on all cores, and written to
//! PostgreSQL; only after that commit are score events published and the batch's offsets
//! stored for the next (auto-)commit. Delivery is at-least-once and the effect idempotent: a
//! redelivered event upserts the same rows. Undecodable, invalid or unstorable events go to
//! the dead-letter topic with the reason and their source offset, and the stream goes on. A
//! database outage stops progress (retry with backoff, visible in the stall metrics) but
//! loses nothing.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use credscore_model::stance::StanceModel;
use credscore_model::{Dictionaries, Extractor, Model, ModelArtifact, Scorer};
use sqlx::PgPool;
use tokio_util::sync::CancellationToken;

use crate::aggregation::Aggregation;
use crate::config::ScorerConfig;
use crate::kafka::consumer::GroupConsumer;
use crate::kafka::retry::{backoff, Interrupted};
use crate::kafka::{ensure_topics, producer};
use crate::metrics::ScorerMetrics;
use crate::scorer::batch::{prepare, publish, write, Models, Prepared, Written};
use crate::store::copies::CopyCache;
use crate::store::{self, models, practitioners, DbError};

/// Loads the model to use at start: a file if configured (registered and activated), else the
/// registry's active model, else the built-in one (registered and activated).
async fn startup_model(config: &ScorerConfig, pool: &PgPool) -> anyhow::Result<Arc<Model>> {
    let artifact = if let Some(path) = &config.model.path {
        let json = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("cannot read model {}: {e}", path.display()))?;
        let artifact = ModelArtifact::from_json(&json)?;
        models::register_model(pool, &artifact).await?;
        models::activate_model(pool, &artifact.version).await?;
        artifact
    } else if let Some(version) = models::active_version(pool).await? {
        match models::load_model(pool, &version).await {
            Ok(artifact) => artifact,
            // An active model this build cannot use (an older feature schema, say): score with
            // the built-in model rather than not at all, and say so.
            Err(DbError::BadModel { version, message }) => {
                let model = Model::builtin()?;
                tracing::warn!(%version, %message, replacement = model.version(), "active model unusable by this build, activating the built-in model");
                models::register_model(pool, model.artifact()).await?;
                models::activate_model(pool, model.version()).await?;
                model.artifact().clone()
            }
            Err(other) => return Err(other.into()),
        }
    } else {
        let model = Model::builtin()?;
        models::ensure_model(pool, model.artifact()).await?;
        model.artifact().clone()
    };
    Ok(Arc::new(Model::new(artifact)?))
}

/// Connects to PostgreSQL, waiting (with backoff) for it to come up; None when shutdown
/// comes first (an ordinary stop, not an error).
async fn connect_with_retry(config: &ScorerConfig, shutdown: &CancellationToken) -> Option<PgPool> {
    let mut attempt = 0;
    loop {
        match store::connect(&config.database).await {
            Ok(pool) => return Some(pool),
            Err(error) => {
                tracing::warn!(%error, "database unavailable, retrying");
                if backoff(&mut attempt, shutdown).await.is_err() {
                    tracing::info!("stopped before the database became available");
                    return None;
                }
            }
        }
    }
}

/// The spelling dictionaries, or none (with an error in the log) when they are missing.
fn dictionaries() -> Dictionaries {
    Dictionaries::load_default().unwrap_or_else(|error| {
        tracing::error!(%error, "spelling dictionaries missing: writing errors will be under-detected");
        Dictionaries::none()
    })
}

/// Serves `/metrics` and `/healthz` on the configured address until shutdown.
async fn serve_metrics(
    config: &ScorerConfig,
    metrics: &ScorerMetrics,
    shutdown: &CancellationToken,
) -> anyhow::Result<SocketAddr> {
    let listener = tokio::net::TcpListener::bind(&config.listen)
        .await
        .map_err(|e| {
            anyhow::anyhow!(
                "cannot listen on {}: {e} (set CREDSCORE_SCORER_LISTEN)",
                config.listen
            )
        })?;
    let address = listener.local_addr()?;
    let app: axum::Router = crate::metrics::routes(&metrics.registry);
    let server_shutdown = shutdown.clone();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app)
            .with_graceful_shutdown(server_shutdown.cancelled_owned())
            .await;
    });
    Ok(address)
}

/// Keeps `credscore_oldest_unstored_item_age_seconds` current from the ingest time of the
/// oldest item held (0: none), every second, even while a write is being retried.
fn watch_oldest(oldest: Arc<AtomicI64>, metrics: ScorerMetrics, shutdown: CancellationToken) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        loop {
            tokio::select! {
                _ = shutdown.cancelled() => return,
                _ = tick.tick() => {}
            }
            let at = oldest.load(Ordering::Relaxed);
            let age = if at > 0 {
                (crate::now_ms() - at).max(0) as f64 / 1000.0
            } else {
                0.0
            };
            metrics.oldest_unstored_age.set(age);
        }
    });
}

/// Runs the scorer until `shutdown` is cancelled. `ready` receives the metrics address.
pub async fn run(
    config: ScorerConfig,
    shutdown: CancellationToken,
    ready: Option<tokio::sync::oneshot::Sender<SocketAddr>>,
) -> anyhow::Result<()> {
    ensure_topics(&config.kafka).await?;
    let Some(pool) = connect_with_retry(&config, &shutdown).await else {
        return Ok(());
    };
    store::migrate(&pool).await?;
    let extractor = Extractor::new(Arc::new(dictionaries()));
    let model = startup_model(&config, &pool).await?;
    let stale = practitioners::refresh_stale_practitioners(
        &pool,
        model.version(),
        Aggregation::for_model(&model, config.half_life_days),
    )
    .await?;
    if stale > 0 {
        tracing::info!(
            practitioners = stale,
            "practitioner scores recomputed: they were computed with other settings"
        );
    }
    let metrics = ScorerMetrics::new();
    metrics.set_active_model(model.version());
    tracing::info!(model = model.version(), "model loaded");
    let scorer = Scorer::new(extractor, model);
    let stance = Arc::new(StanceModel::builtin()?);

    let address = serve_metrics(&config, &metrics, &shutdown).await?;
    tracing::info!(%address, group = %config.group_id, topic = %config.kafka.items_topic, "scorer metrics listening");

    let consumer = GroupConsumer::join(
        &config.kafka,
        &config.group_id,
        &config.kafka.items_topic,
        // A broker that does not answer a fetch as soon as data arrives (the local one holds
        // it for the whole wait) adds up to this much latency: the median at 2,000 items/s
        // offered went 0.55 s → 0.13 s with 50 ms instead of librdkafka's 500 ms, and about
        // 0.12 → 0.10 s with 20 ms. A broker that answers at once only sees more fetches
        // while the topic is idle.
        &[("fetch.wait.max.ms", "20")],
    )?;
    let producer = producer(&config.kafka, Duration::from_secs(30))?;
    // Distributed re-scoring requests are served beside the stream, by every replica.
    let rescoring = tokio::spawn(crate::rescore::worker::serve_requests(
        config.clone(),
        pool.clone(),
        scorer.extractor().clone(),
        producer.clone(),
        metrics.clone(),
        shutdown.clone(),
    ));
    if let Some(ready) = ready {
        let _ = ready.send(address);
    }
    consumer.watch_lag(
        metrics.consumer_lag.clone(),
        Duration::from_secs(5),
        shutdown.clone(),
    );
    let oldest = Arc::new(AtomicI64::new(0));
    watch_oldest(oldest.clone(), metrics.clone(), shutdown.clone());

    // Three batches move at once: the fetch-and-score task prepares the next one while the
    // current one is written and the previous one, already committed to PostgreSQL, is
    // published. Writes stay one batch at a time and in order, and a batch's offsets are
    // stored only after its own write and publish, in order.
    let consumer = Arc::new(consumer);
    // Two scored batches may wait, so that scoring goes on through a slow write.
    let (prepared_tx, mut prepared_rx) = tokio::sync::mpsc::channel::<Prepared>(2);
    // Peer standing from the reply graph, recomputed periodically by one replica at a time.
    let standing = (config.standing_every_seconds > 0).then(|| {
        tokio::spawn(crate::standing::run_periodically(
            pool.clone(),
            stance.clone(),
            Duration::from_secs(config.standing_every_seconds),
            metrics.clone(),
            shutdown.clone(),
        ))
    });
    let fetching = tokio::spawn(fetch_and_score(
        consumer.clone(),
        Models { scorer, stance },
        pool.clone(),
        config.clone(),
        metrics.clone(),
        shutdown.clone(),
        prepared_tx,
    ));
    // The band keys of every stored original, in memory, so that a lookup reads only the
    // originals filed under an entrant's keys.
    let copies = {
        let started = std::time::Instant::now();
        let mut cache = CopyCache::new();
        if config.copies {
            cache.warm(&pool).await?;
            metrics.copy_index_bytes.set(cache.bytes() as i64);
            tracing::info!(
                originals = cache.originals(),
                megabytes = cache.bytes() / (1 << 20),
                seconds = started.elapsed().as_secs_f64(),
                "copy index read"
            );
        }
        tokio::sync::Mutex::new(cache)
    };
    let mut written: Option<(Prepared, Written)> = None;
    loop {
        // While no batch is ready, the written one is published alone, so that its offsets
        // are stored without waiting for more items.
        let pending = if written.is_some() {
            prepared_rx.try_recv().ok()
        } else {
            match prepared_rx.recv().await {
                Some(batch) => Some(batch),
                // The fetch task stopped (shutdown) and everything it prepared is done.
                None => break,
            }
        };
        oldest.store(
            pending
                .as_ref()
                .and_then(Prepared::oldest_ingested_ms)
                .unwrap_or(0),
            Ordering::Relaxed,
        );
        let write = async {
            match &pending {
                Some(batch) => write(batch, &pool, &copies, &config, &metrics, &shutdown)
                    .await
                    .map(Some),
                None => Ok(None),
            }
        };
        let publish = async {
            match &written {
                Some((batch, outcome)) => {
                    publish(batch, outcome, &producer, &config, &metrics, &shutdown).await
                }
                None => Ok(()),
            }
        };
        metrics
            .in_flight_batches
            .set(pending.is_some() as i64 + written.is_some() as i64);
        let (wrote, published) = tokio::join!(write, publish);
        metrics.in_flight_batches.set(0);
        match published {
            Ok(()) => {
                if let Some((batch, _)) = written.take() {
                    consumer.store_offsets(&batch.messages);
                }
            }
            Err(Interrupted) => {
                tracing::warn!("shutdown while publishing: the last written batch will be redelivered (its rows are already stored, so nothing changes)");
                break;
            }
        }
        match wrote {
            Ok(outcome) => written = pending.zip(outcome),
            Err(Interrupted) => {
                tracing::warn!(
                    events = pending.as_ref().map_or(0, |b| b.messages.len()),
                    "shutdown during a retry: the batch is not committed and will be redelivered"
                );
                break;
            }
        }
    }
    shutdown.cancel();
    drop(prepared_rx);
    if let Err(error) = fetching.await {
        tracing::error!(%error, "fetch-and-score task failed");
    }
    consumer.commit_stored();
    shutdown.cancel();
    if let Some(standing) = standing {
        if let Err(error) = standing.await {
            tracing::error!(%error, "peer-standing task failed");
        }
    }
    match rescoring.await {
        Ok(Err(error)) => tracing::error!(%error, "re-scoring requests stopped"),
        Err(error) => tracing::error!(%error, "re-scoring task failed"),
        Ok(Ok(())) => {}
    }
    tracing::info!("scorer stopped");
    Ok(())
}

/// The newly activated model, when the registry's active model is not the one in use.
/// Fetches batches and scores them (CPU only), handing each to the writer; picks up a newly
/// activated model between batches. Stops at shutdown or when the writer stops.
async fn fetch_and_score(
    consumer: Arc<GroupConsumer>,
    mut models: Models,
    pool: PgPool,
    config: ScorerConfig,
    metrics: ScorerMetrics,
    shutdown: CancellationToken,
    prepared: tokio::sync::mpsc::Sender<Prepared>,
) {
    let mut last_model_check = Instant::now();
    while !shutdown.is_cancelled() {
        if last_model_check.elapsed() >= Duration::from_millis(config.model_poll_ms) {
            last_model_check = Instant::now();
            if let Some(newer) = reload_model(&pool, &models.scorer, &metrics).await {
                models.scorer = models.scorer.with_model(newer);
            }
        }
        let aggregation = Aggregation::for_model(models.scorer.model(), config.half_life_days);
        // An idle scorer wakes up every model poll, so a newly activated model is picked up
        // before the next item arrives.
        let batch = consumer
            .next_batch(
                config.batch_size,
                config.linger(),
                Duration::from_millis(config.model_poll_ms.max(1)),
                &shutdown,
            )
            .await;
        if batch.is_empty() {
            continue;
        }
        let batch = prepare(batch, &models, aggregation, &metrics).await;
        if prepared.send(batch).await.is_err() {
            return;
        }
    }
}

async fn reload_model(
    pool: &PgPool,
    scorer: &Scorer,
    metrics: &ScorerMetrics,
) -> Option<Arc<Model>> {
    let active = match models::active_version(pool).await {
        Ok(Some(version)) if version != scorer.model().version() => version,
        _ => return None,
    };
    match models::load_model(pool, &active)
        .await
        .map_err(anyhow::Error::from)
        .and_then(|a| Ok(Model::new(a)?))
    {
        Ok(model) => {
            tracing::info!(from = scorer.model().version(), to = %active, "switching to newly activated model");
            metrics.set_active_model(&active);
            metrics.model_reloads.with_label_values(&["switched"]).inc();
            Some(Arc::new(model))
        }
        Err(error) => {
            tracing::error!(%error, version = %active, "cannot load the activated model, keeping the current one");
            metrics.model_reloads.with_label_values(&["failed"]).inc();
            None
        }
    }
}
