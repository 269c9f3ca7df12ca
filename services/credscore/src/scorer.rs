//! The scorer service: a consumer group on the items topic.
//!
//! Each batch (by size or by latency) is decoded, scored on all cores, and written to
//! PostgreSQL in one transaction; only after that commit are score events published and the
//! batch's offsets stored for the next (auto-)commit. Delivery is at-least-once and the
//! effect idempotent: a redelivered event upserts the same rows. Undecodable or invalid
//! events go to the dead-letter topic with the reason and their source offset, and the
//! stream goes on. A database outage stops progress (retry with backoff) but loses nothing.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use credscore_model::{Dictionaries, Extractor, Item, Model, ModelArtifact, ScoreOutput, Scorer};
use prost::Message as _;
use rayon::prelude::*;
use rdkafka::consumer::{CommitMode, Consumer, StreamConsumer};
use rdkafka::message::{Message, OwnedMessage};
use rdkafka::producer::FutureProducer;
use rdkafka::TopicPartitionList;
use sqlx::PgPool;
use tokio_util::sync::CancellationToken;

use crate::config::ScorerConfig;
use crate::db::{self, Aggregation, StoredItem, StoredScore};
use crate::kafka;
use crate::metrics::Metrics;
use crate::proto;

const MAX_BACKOFF: Duration = Duration::from_secs(30);
/// Prior weight of the population mean in a practitioner's score, in items.
const PRIOR_ITEMS: f64 = 3.0;

/// Why a batch was not finished.
#[derive(Debug)]
enum Interrupted {
    Shutdown,
}

/// Sleeps with exponential backoff; returns Err when shutdown comes first.
async fn backoff(attempt: &mut u32, shutdown: &CancellationToken) -> Result<(), Interrupted> {
    let delay = Duration::from_millis(100 * 2u64.saturating_pow(*attempt)).min(MAX_BACKOFF);
    *attempt += 1;
    tokio::select! {
        _ = tokio::time::sleep(delay) => Ok(()),
        _ = shutdown.cancelled() => Err(Interrupted::Shutdown),
    }
}

/// Loads the model to use at start: a file if configured (registered and activated), else the
/// registry's active model, else the built-in one (registered and activated).
async fn startup_model(config: &ScorerConfig, pool: &PgPool) -> anyhow::Result<Arc<Model>> {
    let artifact = if let Some(path) = &config.model.path {
        let json = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("cannot read model {}: {e}", path.display()))?;
        let artifact = ModelArtifact::from_json(&json)?;
        db::register_model(pool, &artifact).await?;
        db::activate_model(pool, &artifact.version).await?;
        artifact
    } else if let Some(version) = db::active_version(pool).await? {
        match db::load_model(pool, &version).await {
            Ok(artifact) => artifact,
            // An active model this build cannot use (an older feature schema, say): score with
            // the built-in model rather than not at all, and say so.
            Err(db::DbError::BadModel { version, message }) => {
                let model = Model::builtin()?;
                tracing::warn!(%version, %message, replacement = model.version(), "active model unusable by this build, activating the built-in model");
                db::register_model(pool, model.artifact()).await?;
                db::activate_model(pool, model.version()).await?;
                model.artifact().clone()
            }
            Err(other) => return Err(other.into()),
        }
    } else {
        let model = Model::builtin()?;
        db::ensure_model(pool, model.artifact()).await?;
        model.artifact().clone()
    };
    Ok(Arc::new(Model::new(artifact)?))
}

/// How practitioner scores are aggregated under `model`.
pub fn aggregation_for(model: &Model, half_life_days: f64) -> Aggregation {
    aggregation_from_metrics(&model.artifact().metrics, half_life_days)
}

/// The aggregation for a model's training metrics (the prior mean is its credible rate).
pub fn aggregation_from_metrics(metrics: &serde_json::Value, half_life_days: f64) -> Aggregation {
    let credible = &metrics["targets"]["credible"];
    let prior_mean = match (credible["positives"].as_f64(), credible["items"].as_f64()) {
        (Some(p), Some(n)) if n > 0.0 => p / n,
        _ => 0.5,
    };
    Aggregation {
        prior_mean,
        prior_items: PRIOR_ITEMS,
        half_life_days,
    }
}

async fn connect_with_retry(
    config: &ScorerConfig,
    shutdown: &CancellationToken,
) -> anyhow::Result<PgPool> {
    let mut attempt = 0;
    loop {
        match db::connect(&config.database).await {
            Ok(pool) => return Ok(pool),
            Err(error) => {
                tracing::warn!(%error, "database unavailable, retrying");
                if backoff(&mut attempt, shutdown).await.is_err() {
                    anyhow::bail!("shut down before the database became available: {error}");
                }
            }
        }
    }
}

/// Runs the scorer until `shutdown` is cancelled. `ready` receives the metrics address.
pub async fn run(
    config: ScorerConfig,
    shutdown: CancellationToken,
    ready: Option<tokio::sync::oneshot::Sender<SocketAddr>>,
) -> anyhow::Result<()> {
    kafka::ensure_topics(&config.kafka).await?;
    let pool = connect_with_retry(&config, &shutdown).await?;
    db::migrate(&pool).await?;
    let dictionaries = match Dictionaries::load_default() {
        Ok(d) => d,
        Err(error) => {
            tracing::error!(%error, "spelling dictionaries missing: writing errors will be under-detected");
            Dictionaries::none()
        }
    };
    let extractor = Extractor::new(Arc::new(dictionaries));
    let model = startup_model(&config, &pool).await?;
    let stale = db::refresh_stale_practitioners(
        &pool,
        model.version(),
        aggregation_for(&model, config.half_life_days),
    )
    .await?;
    if stale > 0 {
        tracing::info!(
            practitioners = stale,
            "practitioner scores recomputed: they were computed with other settings"
        );
    }
    let metrics = Metrics::for_service(crate::metrics::Service::Scorer);
    metrics.set_active_model(model.version());
    tracing::info!(model = model.version(), "model loaded");
    let mut scorer = Scorer::new(extractor, model);

    let listener = tokio::net::TcpListener::bind(&config.listen)
        .await
        .map_err(|e| {
            anyhow::anyhow!(
                "cannot listen on {}: {e} (set CREDSCORE_SCORER_LISTEN)",
                config.listen
            )
        })?;
    let address = listener.local_addr()?;
    let app: axum::Router = crate::metrics::routes(&metrics);
    let server_shutdown = shutdown.clone();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app)
            .with_graceful_shutdown(server_shutdown.cancelled_owned())
            .await;
    });
    tracing::info!(%address, group = %config.group_id, topic = %config.kafka.items_topic, "scorer metrics listening");

    let mut client = kafka::client_config(&config.kafka);
    client
        .set("group.id", &config.group_id)
        .set("enable.auto.commit", "true")
        .set("auto.commit.interval.ms", "1000")
        // Offsets are stored by hand, after the database commit.
        .set("enable.auto.offset.store", "false")
        .set("auto.offset.reset", "earliest")
        // A broker that does not answer a fetch as soon as data arrives (the local one holds
        // it for the whole wait) would add up to this much latency: 0.55 s → 0.13 s median
        // at 2,000 items/s offered with 50 ms instead of librdkafka's 500 ms.
        .set("fetch.wait.max.ms", "50")
        .set("session.timeout.ms", "10000")
        .set("heartbeat.interval.ms", "1000");
    for (key, value) in &config.kafka.settings {
        client.set(key, value);
    }
    let consumer: StreamConsumer = client.create()?;
    consumer.subscribe(&[&config.kafka.items_topic])?;
    let producer = kafka::producer(&config.kafka, Duration::from_secs(30))?;
    // Distributed re-scoring requests are served beside the stream, by every replica.
    let rescoring = tokio::spawn(crate::rescore::serve_requests(
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

    let mut last_model_check = Instant::now();
    let mut last_lag_check = Instant::now() - Duration::from_secs(60);
    // Three batches move at once: the next is fetched and scored, the current one is written,
    // and the previous one, already committed to PostgreSQL, is published. Writes stay one
    // batch at a time and in order, and a batch's offsets are stored only after its own write
    // and publish, in order.
    let mut pending: Option<Prepared> = None;
    let mut written: Option<(Prepared, i64)> = None;
    loop {
        if last_model_check.elapsed() >= Duration::from_millis(config.model_poll_ms) {
            last_model_check = Instant::now();
            if let Some(newer) = reload_model(&pool, &scorer, &metrics).await {
                scorer = scorer.with_model(newer);
            }
        }
        let aggregation = aggregation_for(scorer.model(), config.half_life_days);
        let in_flight = pending.is_some() as i64 + written.is_some() as i64;
        if in_flight == 0 && shutdown.is_cancelled() {
            break;
        }
        // An idle scorer wakes up every model poll, so a newly activated model is picked up
        // before the next item arrives. A busy one waits at most one linger for the next
        // batch, so an idle stream still gets the last batch's offsets stored promptly.
        let first_wait = if in_flight == 0 {
            Duration::from_millis(config.model_poll_ms.max(1))
        } else {
            config.linger()
        };
        let next = async {
            if shutdown.is_cancelled() {
                return None;
            }
            let batch = collect_batch(
                &consumer,
                config.batch_size,
                config.linger(),
                &shutdown,
                Some(first_wait),
            )
            .await;
            if batch.is_empty() {
                None
            } else {
                Some(prepare(batch, &scorer, aggregation, &metrics).await)
            }
        };
        let write = async {
            match &pending {
                Some(batch) => write(batch, &pool, &config, &metrics, &shutdown)
                    .await
                    .map(Some),
                None => Ok(None),
            }
        };
        let publish = async {
            match &written {
                Some((batch, stored_at_ms)) => {
                    publish(
                        batch,
                        *stored_at_ms,
                        &producer,
                        &config,
                        &metrics,
                        &shutdown,
                    )
                    .await
                }
                None => Ok(()),
            }
        };
        metrics.in_flight_batches.set(in_flight);
        let (wrote, published, next) = tokio::join!(write, publish, next);
        metrics.in_flight_batches.set(0);
        match published {
            Ok(()) => {
                if let Some((batch, _)) = written.take() {
                    store_offsets(&consumer, &batch.messages);
                }
            }
            Err(Interrupted::Shutdown) => {
                tracing::warn!("shutdown while publishing: the last written batch will be redelivered (its rows are already stored, so nothing changes)");
                break;
            }
        }
        match wrote {
            Ok(stored_at_ms) => written = pending.take().zip(stored_at_ms),
            Err(Interrupted::Shutdown) => {
                tracing::warn!(
                    events = pending.as_ref().map_or(0, |b| b.messages.len()),
                    "shutdown during a retry: the batch is not committed and will be redelivered"
                );
                break;
            }
        }
        pending = next;
        if last_lag_check.elapsed() >= Duration::from_secs(5) {
            last_lag_check = Instant::now();
            record_lag(&consumer, &config.kafka.items_topic, &metrics);
        }
    }
    if let Err(error) = consumer.commit_consumer_state(CommitMode::Sync) {
        // Nothing stored since the last auto-commit is a normal outcome.
        tracing::debug!(%error, "final commit");
    }
    shutdown.cancel();
    match rescoring.await {
        Ok(Err(error)) => tracing::error!(%error, "re-scoring requests stopped"),
        Err(error) => tracing::error!(%error, "re-scoring task failed"),
        Ok(Ok(())) => {}
    }
    tracing::info!("scorer stopped");
    Ok(())
}

/// Waits for a first event (or shutdown), then takes more until the batch is full or the
/// linger time has passed.
async fn collect_batch(
    consumer: &StreamConsumer,
    size: usize,
    linger: Duration,
    shutdown: &CancellationToken,
    first_wait: Option<Duration>,
) -> Vec<OwnedMessage> {
    let mut batch = Vec::with_capacity(size);
    let wait_limit = tokio::time::sleep(first_wait.unwrap_or(Duration::MAX));
    let first = tokio::select! {
        message = consumer.recv() => message,
        _ = shutdown.cancelled() => return batch,
        _ = wait_limit => return batch,
    };
    match first {
        Ok(message) => batch.push(message.detach()),
        Err(error) => {
            tracing::warn!(%error, "consumer error");
            tokio::time::sleep(Duration::from_millis(200)).await;
            return batch;
        }
    }
    let deadline = tokio::time::Instant::now() + linger;
    while batch.len() < size {
        match tokio::time::timeout_at(deadline, consumer.recv()).await {
            Ok(Ok(message)) => batch.push(message.detach()),
            Ok(Err(error)) => {
                tracing::warn!(%error, "consumer error");
                break;
            }
            Err(_) => break,
        }
    }
    batch
}

async fn reload_model(pool: &PgPool, scorer: &Scorer, metrics: &Metrics) -> Option<Arc<Model>> {
    let active = match db::active_version(pool).await {
        Ok(Some(version)) if version != scorer.model().version() => version,
        _ => return None,
    };
    match db::load_model(pool, &active)
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

struct Decoded {
    item: Item,
    ingested_at_ms: i64,
}

/// Decodes events; those that cannot be used become dead letters.
fn decode(batch: &[OwnedMessage]) -> (Vec<Decoded>, Vec<proto::DeadLetter>) {
    let mut good = Vec::with_capacity(batch.len());
    let mut dead = Vec::new();
    for message in batch {
        let payload = message.payload().unwrap_or_default();
        let letter = |reason: &str, detail: String| proto::DeadLetter {
            reason: reason.to_string(),
            detail,
            source_topic: message.topic().to_string(),
            source_partition: message.partition(),
            source_offset: message.offset(),
            payload: payload.to_vec(),
            key: message.key().map(<[u8]>::to_vec),
            failed_at_ms: crate::now_ms(),
        };
        match proto::ItemEvent::decode(payload) {
            Err(error) => dead.push(letter(
                "undecodable",
                format!("not a credscore.v1.ItemEvent: {error}"),
            )),
            Ok(event) => match kafka::event_to_item(event) {
                Ok((item, ingested_at_ms)) => good.push(Decoded {
                    item,
                    ingested_at_ms,
                }),
                Err(error) => dead.push(letter("invalid_item", error.to_string())),
            },
        }
    }
    (good, dead)
}

pub fn stored_item(item: &Item) -> StoredItem {
    StoredItem {
        id: item.id.clone(),
        author: item.author.clone(),
        kind: item.kind.as_str().to_string(),
        parent_id: item.parent_id.clone(),
        platform: item.platform.clone(),
        lang_hint: item.lang.clone(),
        url: item.url.clone(),
        created_at: item
            .created_at
            .as_deref()
            .and_then(|t| kafka::parse_time(t).ok()),
        // Stored in NFC, the form the evidence spans' character offsets refer to, so the
        // dashboard highlights the right characters of a decomposed ("e\u{301}") text.
        text: credscore_model::text::to_nfc(&item.text).into_owned(),
    }
}

pub fn stored_score(item: &Item, score: &ScoreOutput) -> StoredScore {
    StoredScore {
        item_id: item.id.clone(),
        author: item.author.clone(),
        lang: score.lang.clone(),
        credibility: score.credibility,
        self_promotion: score.cues.self_promotion,
        unverifiable_claims: score.cues.unverifiable_claims,
        writing_errors: score.cues.writing_errors,
        explanation: serde_json::to_string(&score.explanations).expect("explanations serialise"),
    }
}

fn score_event(item: &Item, score: &ScoreOutput, scored_at_ms: i64) -> proto::ScoreEvent {
    proto::ScoreEvent {
        item_id: item.id.clone(),
        author: item.author.clone(),
        lang: score.lang.clone(),
        credibility: score.credibility,
        self_promotion: score.cues.self_promotion,
        unverifiable_claims: score.cues.unverifiable_claims,
        writing_errors: score.cues.writing_errors,
        explanations: score
            .explanations
            .iter()
            .map(|e| proto::Explanation {
                cue: e.cue.clone(),
                contribution: e.contribution,
                probability: e.probability,
                spans: e
                    .spans
                    .iter()
                    .map(|s| proto::Span {
                        start: s.start as u32,
                        end: s.end as u32,
                        signal: s.signal.clone(),
                    })
                    .collect(),
            })
            .collect(),
        model_version: score.model_version.clone(),
        scored_at_ms,
    }
}

/// Publishes records, retrying with backoff until all are acknowledged or shutdown.
async fn publish_all(
    producer: &FutureProducer,
    topic: &str,
    records: &[(Vec<u8>, Vec<u8>)],
    shutdown: &CancellationToken,
) -> Result<(), Interrupted> {
    let mut attempt = 0;
    loop {
        match kafka::send_all(producer, topic, records.to_vec()).await {
            Ok(()) => return Ok(()),
            Err(error) => {
                tracing::warn!(%error, topic, "publishing failed, retrying");
                backoff(&mut attempt, shutdown).await?;
            }
        }
    }
}

/// A batch decoded and scored, waiting to be written.
struct Prepared {
    messages: Vec<OwnedMessage>,
    decoded: Vec<Decoded>,
    dead: Vec<proto::DeadLetter>,
    scores: Vec<ScoreOutput>,
    model_version: String,
    aggregation: Aggregation,
}

/// Decodes and scores a batch (CPU only: nothing is written).
async fn prepare(
    messages: Vec<OwnedMessage>,
    scorer: &Scorer,
    aggregation: Aggregation,
    metrics: &Metrics,
) -> Prepared {
    metrics.batch_size.observe(messages.len() as f64);
    let (decoded, dead) = decode(&messages);
    // Scoring is CPU-bound: run it on rayon's pool, off the async runtime.
    let started = Instant::now();
    let scores: Vec<ScoreOutput> = {
        let scorer = scorer.clone();
        let items: Vec<Item> = decoded.iter().map(|d| d.item.clone()).collect();
        tokio::task::spawn_blocking(move || {
            items.par_iter().map(|item| scorer.score(item)).collect()
        })
        .await
        .expect("scoring does not panic")
    };
    metrics
        .scoring_seconds
        .observe(started.elapsed().as_secs_f64());
    Prepared {
        messages,
        decoded,
        dead,
        scores,
        model_version: scorer.model().version().to_string(),
        aggregation,
    }
}

/// Writes a prepared batch to PostgreSQL, retrying until it is committed (or shutdown);
/// returns when it was stored, in ms since the epoch.
#[tracing::instrument(skip_all, fields(events = prepared.messages.len()))]
async fn write(
    prepared: &Prepared,
    pool: &PgPool,
    config: &ScorerConfig,
    metrics: &Metrics,
    shutdown: &CancellationToken,
) -> Result<i64, Interrupted> {
    let Prepared {
        decoded,
        scores,
        model_version,
        aggregation,
        ..
    } = prepared;
    let aggregation = *aggregation;
    if !decoded.is_empty() {
        let shards = shard_by_author(decoded, scores, config.writers.max(1));
        let started = Instant::now();
        let writes = shards.iter().map(|(items, rows)| async move {
            let mut attempt = 0;
            loop {
                match db::write_batch(pool, items, rows, model_version, aggregation).await {
                    Ok(()) => return Ok(()),
                    Err(error) => {
                        metrics.db_retries.with_label_values(&["write_batch"]).inc();
                        tracing::warn!(%error, attempt, "database write failed, retrying; offsets are not committed");
                        backoff(&mut attempt, shutdown).await?;
                    }
                }
            }
        });
        futures::future::try_join_all(writes).await?;
        metrics
            .db_write_seconds
            .observe(started.elapsed().as_secs_f64());
    }
    Ok(crate::now_ms())
}

/// Publishes a written batch's score events and dead letters (retrying), then counts it.
/// Only after this returns Ok may the batch's offsets be stored.
#[tracing::instrument(skip_all, fields(events = prepared.messages.len()))]
async fn publish(
    prepared: &Prepared,
    stored_at_ms: i64,
    producer: &FutureProducer,
    config: &ScorerConfig,
    metrics: &Metrics,
    shutdown: &CancellationToken,
) -> Result<(), Interrupted> {
    let Prepared {
        decoded,
        dead,
        scores,
        ..
    } = prepared;
    let score_records: Vec<(Vec<u8>, Vec<u8>)> = decoded
        .iter()
        .zip(scores.iter())
        .map(|(d, s)| {
            (
                d.item.author.clone().into_bytes(),
                score_event(&d.item, s, stored_at_ms).encode_to_vec(),
            )
        })
        .collect();
    publish_all(
        producer,
        &config.kafka.scores_topic,
        &score_records,
        shutdown,
    )
    .await?;
    let dead_records: Vec<(Vec<u8>, Vec<u8>)> = dead
        .iter()
        .map(|d| (d.key.clone().unwrap_or_default(), d.encode_to_vec()))
        .collect();
    publish_all(producer, &config.kafka.dlq_topic, &dead_records, shutdown).await?;

    for letter in dead {
        tracing::warn!(reason = %letter.reason, detail = %letter.detail, partition = letter.source_partition, offset = letter.source_offset, "dead-lettered");
        metrics
            .items_dead_lettered
            .with_label_values(&[&letter.reason])
            .inc();
    }
    for (d, s) in decoded.iter().zip(scores) {
        metrics.items_scored.with_label_values(&[&s.lang]).inc();
        metrics
            .credibility
            .with_label_values(&[&s.lang])
            .observe(s.credibility);
        if d.ingested_at_ms > 0 {
            metrics
                .end_to_end_lag_seconds
                .observe(((stored_at_ms - d.ingested_at_ms).max(0) as f64) / 1000.0);
        }
    }
    tracing::debug!(scored = scores.len(), dead = dead.len(), "batch done");
    Ok(())
}

/// Splits a batch into `count` shards by author, for as many concurrent write transactions.
/// A practitioner's items all land in one shard, in their order, so the shards never update
/// the same practitioner row. An item id seen twice keeps its last version only, so no two
/// shards write the same item either.
fn shard_by_author(
    decoded: &[Decoded],
    scores: &[ScoreOutput],
    count: usize,
) -> Vec<(Vec<StoredItem>, Vec<StoredScore>)> {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    let last: HashMap<&str, usize> = decoded
        .iter()
        .enumerate()
        .map(|(index, d)| (d.item.id.as_str(), index))
        .collect();
    let hasher = BuildHasherDefault::<DefaultHasher>::default();
    let mut shards: Vec<(Vec<StoredItem>, Vec<StoredScore>)> = vec![Default::default(); count];
    for (index, (d, s)) in decoded.iter().zip(scores).enumerate() {
        if last[d.item.id.as_str()] != index {
            continue;
        }
        let shard = &mut shards[(hasher.hash_one(&d.item.author) % count as u64) as usize];
        shard.0.push(stored_item(&d.item));
        shard.1.push(stored_score(&d.item, s));
    }
    shards.retain(|(items, _)| !items.is_empty());
    shards
}

/// Stores the next offset of every partition in the batch, for the next commit.
fn store_offsets(consumer: &StreamConsumer, batch: &[OwnedMessage]) {
    let mut next: HashMap<(String, i32), i64> = HashMap::new();
    for message in batch {
        let entry = next
            .entry((message.topic().to_string(), message.partition()))
            .or_insert(0);
        *entry = (*entry).max(message.offset() + 1);
    }
    let mut list = TopicPartitionList::new();
    for ((topic, partition), offset) in next {
        if list
            .add_partition_offset(&topic, partition, rdkafka::Offset::Offset(offset))
            .is_err()
        {
            continue;
        }
    }
    // A partition revoked meanwhile cannot be stored; its new owner re-delivers, harmlessly.
    if let Err(error) = consumer.store_offsets(&list) {
        tracing::warn!(%error, "storing offsets");
    }
}

fn record_lag(consumer: &StreamConsumer, topic: &str, metrics: &Metrics) {
    let Ok(positions) = consumer.position() else {
        return;
    };
    for element in positions.elements_for_topic(topic) {
        let rdkafka::Offset::Offset(position) = element.offset() else {
            continue;
        };
        if let Ok((_, high)) =
            consumer.fetch_watermarks(topic, element.partition(), Duration::from_millis(500))
        {
            metrics
                .consumer_lag
                .with_label_values(&[&element.partition().to_string()])
                .set((high - position).max(0));
        }
    }
}
