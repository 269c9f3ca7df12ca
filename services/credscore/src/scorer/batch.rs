//! One batch of the scorer, stage by stage: decode (bad events become dead letters), score
//! (CPU only), write (transient failures retried, permanent ones isolated by splitting the
//! batch), publish (scores and dead letters). The service loop in `scorer::service` runs
//! three batches at once, one per stage.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use credscore_model::stance::StanceModel;
use credscore_model::{Item, ScoreOutput, Scorer};
use prost::Message as _;
use rayon::prelude::*;
use rdkafka::message::{Message, OwnedMessage};
use rdkafka::producer::FutureProducer;
use sqlx::PgPool;
use tokio_util::sync::CancellationToken;

use crate::aggregation::Aggregation;
use crate::config::ScorerConfig;
use crate::copies::{CopiedFrom, Entrant, Signature};
use crate::graph::{self, Engagement, StanceOf};
use crate::kafka::dead_letter;
use crate::kafka::producer::publish_all;
use crate::kafka::retry::{backoff, Interrupted};
use crate::metrics::ScorerMetrics;
use crate::proto;
use crate::records::{self, Record, StoredItem, StoredScore};
use crate::store::batch::{write_batch, BatchEngagements};
use crate::store::copies::{record_copies, CopyCache};
use crate::store::{DbError, Failure};

/// An event accepted as a record, with where it came from.
pub struct Decoded {
    /// The accepted item.
    pub record: Record,
    /// When ingest accepted it, in ms since the epoch (0: unknown).
    pub ingested_at_ms: i64,
    /// Its message's index in the batch.
    pub source: usize,
}

/// Decodes events; those that cannot be used become dead letters.
pub fn decode(batch: &[OwnedMessage]) -> (Vec<Decoded>, Vec<proto::DeadLetter>) {
    let mut good = Vec::with_capacity(batch.len());
    let mut dead = Vec::new();
    for (source, message) in batch.iter().enumerate() {
        let payload = message.payload().unwrap_or_default();
        match proto::ItemEvent::decode(payload) {
            Err(error) => dead.push(dead_letter::letter(
                message,
                "undecodable",
                format!("not a credscore.v1.ItemEvent: {error}"),
            )),
            Ok(event) => match records::event_to_record(event) {
                Ok((record, ingested_at_ms)) => good.push(Decoded {
                    record,
                    ingested_at_ms,
                    source,
                }),
                Err(refusal) => dead.push(dead_letter::letter(
                    message,
                    refusal.reason(),
                    refusal.to_string(),
                )),
            },
        }
    }
    (good, dead)
}

/// A batch decoded and scored, waiting to be written.
pub struct Prepared {
    /// The batch's messages, for offsets and dead letters.
    pub messages: Vec<OwnedMessage>,
    /// The events that were usable.
    pub decoded: Vec<Decoded>,
    /// The events that were not.
    pub dead: Vec<proto::DeadLetter>,
    /// `decoded`'s scores, in the same order.
    pub scores: Vec<ScoreOutput>,
    /// `decoded`'s engagements (replies and mentions, with their stance), in the same order.
    pub engagements: Vec<Vec<Engagement>>,
    /// `decoded`'s MinHash signatures (None for texts too short to be copies), in order.
    pub signatures: Vec<Option<Signature>>,
    /// The model that scored them.
    pub model_version: String,
    /// The stance model that judged the engagements.
    pub stance_version: String,
    /// How practitioner scores are aggregated under that model.
    pub aggregation: Aggregation,
}

impl Prepared {
    /// When the oldest item of the batch was ingested, in ms since the epoch.
    pub fn oldest_ingested_ms(&self) -> Option<i64> {
        self.decoded
            .iter()
            .map(|d| d.ingested_at_ms)
            .filter(|&at| at > 0)
            .min()
    }
}

/// The models a batch goes through: the credibility scorer for every item, the stance model
/// for replies and mentions.
#[derive(Clone)]
pub struct Models {
    /// Cues and credibility.
    pub scorer: Scorer,
    /// The stance of a reply or mention.
    pub stance: Arc<StanceModel>,
}

/// Decodes and scores a batch, and finds its items' engagements with their stance (CPU only:
/// nothing is written).
pub async fn prepare(
    messages: Vec<OwnedMessage>,
    models: &Models,
    aggregation: Aggregation,
    metrics: &ScorerMetrics,
) -> Prepared {
    metrics.batch_size.observe(messages.len() as f64);
    let (decoded, dead) = decode(&messages);
    // Scoring is CPU-bound: run it on rayon's pool, off the async runtime.
    let started = Instant::now();
    let (scores, (engagements, signatures)) = {
        let models = models.clone();
        let items: Vec<Item> = decoded.iter().map(|d| d.record.item.clone()).collect();
        tokio::task::spawn_blocking(move || {
            items
                .par_iter()
                .map(|item| {
                    (
                        models.scorer.score(item),
                        (engagements(&models.stance, item), Signature::of(&item.text)),
                    )
                })
                .unzip::<_, _, Vec<ScoreOutput>, (Vec<Vec<Engagement>>, Vec<Option<Signature>>)>()
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
        engagements,
        signatures,
        model_version: models.scorer.model().version().to_string(),
        stance_version: models.stance.version().to_string(),
        aggregation,
    }
}

/// An item's replies and mentions, with the stance of its text (only judged when it has any).
fn engagements(stance: &StanceModel, item: &Item) -> Vec<Engagement> {
    let parent = item.parent_id.as_deref();
    if !graph::may_engage(parent, &item.text) {
        return Vec::new();
    }
    let judged = stance.predict(&item.text);
    graph::engagements_of(
        &item.id,
        &item.author,
        parent,
        &item.text,
        StanceOf {
            endorses: judged.endorses,
            contradicts: judged.contradicts,
        },
    )
}

/// What writing a batch did.
#[derive(Debug, Default)]
pub struct Written {
    /// When it was stored, in ms since the epoch.
    pub stored_at_ms: i64,
    /// Items PostgreSQL refused for good (index in `decoded`, the database's message): they
    /// go to the dead-letter topic and the rest of the batch is stored.
    pub unstorable: Vec<(usize, String)>,
    /// The stored items that copy an earlier stored item (index in `decoded`).
    pub copied_from: HashMap<usize, CopiedFrom>,
}

/// Writes a prepared batch to PostgreSQL in `config.writers` concurrent transactions.
/// Transient failures are retried with backoff until the write commits (or shutdown);
/// permanent ones are narrowed down to the items at fault by splitting the batch.
#[tracing::instrument(skip_all, fields(events = prepared.messages.len()))]
pub async fn write(
    prepared: &Prepared,
    pool: &PgPool,
    copies: &tokio::sync::Mutex<CopyCache>,
    config: &ScorerConfig,
    metrics: &ScorerMetrics,
    shutdown: &CancellationToken,
) -> Result<Written, Interrupted> {
    let mut written = Written::default();
    if !prepared.decoded.is_empty() {
        let started = Instant::now();
        let shards = shard_by_author(&prepared.decoded, config.writers.max(1));
        let writes = shards.iter().map(|shard| {
            let batch = Shard {
                prepared,
                pool,
                metrics,
                shutdown,
            };
            async move { batch.write_isolating(shard).await }
        });
        // The copy step reads and writes other tables (the copy index, earlier batches'
        // items) than the batch's write, so it runs beside it, on its own connection.
        let all: Vec<usize> = shards.iter().flatten().copied().collect();
        let copy_step = async {
            if !config.copies {
                return Ok(HashMap::new());
            }
            let mut copies = copies.lock().await;
            find_copies(prepared, &all, pool, &mut copies, metrics, shutdown).await
        };
        let (unstorable, mut copied_from) =
            futures::future::try_join(futures::future::try_join_all(writes), copy_step).await?;
        written.unstorable = unstorable.into_iter().flatten().collect();
        if !written.unstorable.is_empty() && config.copies {
            // Items PostgreSQL refused are not stored, so they are neither originals nor
            // copies: their copy verdicts are taken back.
            let refused: Vec<&str> = written
                .unstorable
                .iter()
                .map(|(i, _)| prepared.decoded[*i].record.item.id.as_str())
                .collect();
            for (i, _) in &written.unstorable {
                copied_from.remove(i);
            }
            if let Err(error) = crate::store::copies::forget(pool, &refused).await {
                tracing::error!(%error, items = refused.len(), "taking back the copy verdicts of refused items failed: `credscore check` counts what is left");
            }
        }
        written.copied_from = copied_from;
        metrics
            .db_write_seconds
            .observe(started.elapsed().as_secs_f64());
    }
    written.stored_at_ms = crate::now_ms();
    Ok(written)
}

/// Judges the batch's items (indices in `decoded`) against the shared copy index while they
/// are written, and stores the verdicts; transient failures are retried like the batch
/// write. A permanent failure is logged and counted and the batch goes on without copy
/// verdicts: its items and scores are stored, and the next time they are sent they are judged.
async fn find_copies(
    prepared: &Prepared,
    indices: &[usize],
    pool: &PgPool,
    cache: &mut CopyCache,
    metrics: &ScorerMetrics,
    shutdown: &CancellationToken,
) -> Result<HashMap<usize, CopiedFrom>, Interrupted> {
    let entrants: Vec<Entrant<'_>> = indices
        .iter()
        .map(|&i| {
            let decoded = &prepared.decoded[i];
            let item = &decoded.record.item;
            Entrant {
                id: &item.id,
                author: &item.author,
                text: &item.text,
                at: decoded
                    .record
                    .created_at
                    .unwrap_or_else(|| ingest_time(decoded.ingested_at_ms)),
                signature: prepared.signatures[i].clone(),
            }
        })
        .collect();
    let mut attempt = 0;
    loop {
        match record_copies(pool, cache, &entrants).await {
            Ok(found) => {
                let found: HashMap<usize, CopiedFrom> = indices
                    .iter()
                    .zip(found)
                    .filter_map(|(&i, c)| Some((i, c?)))
                    .collect();
                for (&i, copied) in &found {
                    let own = copied.author == prepared.decoded[i].record.item.author;
                    let of = if own { "own" } else { "other" };
                    metrics.copies_found.with_label_values(&[of]).inc();
                }
                metrics.copy_checks.with_label_values(&["ok"]).inc();
                metrics.copy_index_bytes.set(cache.bytes() as i64);
                metrics.write_failures_consecutive.set(0);
                return Ok(found);
            }
            // The copy step writes too: a database that fails it stalls the stream
            // as surely as one that fails the batch write, and the gauge says so.
            Err(error) => match error.failure() {
                Failure::Transient => {
                    metrics.write_failures_consecutive.inc();
                    metrics
                        .db_retries
                        .with_label_values(&["record_copies"])
                        .inc();
                    tracing::warn!(%error, attempt, "looking for copies failed, retrying; offsets are not committed");
                    backoff(&mut attempt, shutdown).await?;
                }
                Failure::Permanent => {
                    metrics.copy_checks.with_label_values(&["failed"]).inc();
                    tracing::error!(%error, items = entrants.len(), "looking for copies failed: the batch is stored without copy verdicts");
                    return Ok(HashMap::new());
                }
            },
        }
    }
}

/// What a shard's write needs, so that splitting it can recurse.
#[derive(Clone, Copy)]
struct Shard<'a> {
    prepared: &'a Prepared,
    pool: &'a PgPool,
    metrics: &'a ScorerMetrics,
    shutdown: &'a CancellationToken,
}

impl Shard<'_> {
    /// Writes the items at `indices` of `decoded`; returns those refused for good.
    async fn write_isolating(self, indices: &[usize]) -> Result<Vec<(usize, String)>, Interrupted> {
        let prepared = self.prepared;
        let items: Vec<StoredItem> = indices
            .iter()
            .map(|&i| {
                let decoded = &prepared.decoded[i];
                records::stored_item(&decoded.record, ingest_time(decoded.ingested_at_ms))
            })
            .collect();
        let rows: Vec<StoredScore> = indices
            .iter()
            .map(|&i| records::stored_score(&prepared.decoded[i].record.item, &prepared.scores[i]))
            .collect();
        let engagements: Vec<Engagement> = indices
            .iter()
            .flat_map(|&i| prepared.engagements[i].iter().cloned())
            .collect();
        let mut attempt = 0;
        loop {
            let error = match write_batch(
                self.pool,
                &items,
                &rows,
                BatchEngagements {
                    rows: &engagements,
                    stance_version: &prepared.stance_version,
                },
                &prepared.model_version,
                prepared.aggregation,
            )
            .await
            {
                Ok(()) => {
                    self.metrics.write_failures_consecutive.set(0);
                    return Ok(Vec::new());
                }
                Err(error) => error,
            };
            self.metrics.write_failures_consecutive.inc();
            match error.failure() {
                Failure::Transient => {
                    self.metrics
                        .db_retries
                        .with_label_values(&["write_batch"])
                        .inc();
                    tracing::warn!(%error, attempt, items = indices.len(), "database write failed, retrying; offsets are not committed");
                    backoff(&mut attempt, self.shutdown).await?;
                }
                Failure::Permanent => return self.split(indices, &error).await,
            }
        }
    }

    /// A permanent failure: one item is the culprit, or each half is written on its own.
    async fn split(
        self,
        indices: &[usize],
        error: &DbError,
    ) -> Result<Vec<(usize, String)>, Interrupted> {
        if let [only] = indices {
            tracing::warn!(%error, id = %self.prepared.decoded[*only].record.item.id, "PostgreSQL refuses this item: dead-lettering it");
            return Ok(vec![(*only, error.to_string())]);
        }
        tracing::warn!(%error, items = indices.len(), "PostgreSQL refuses part of a batch: splitting it to find the items at fault");
        let (left, right) = indices.split_at(indices.len() / 2);
        let mut refused = Box::pin(self.write_isolating(left)).await?;
        refused.extend(Box::pin(self.write_isolating(right)).await?);
        Ok(refused)
    }
}

/// When ingest accepted an event (its `ingested_at_ms`), or now for an event that does not
/// say.
fn ingest_time(ingested_at_ms: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp_millis(ingested_at_ms)
        .filter(|_| ingested_at_ms > 0)
        .unwrap_or_else(chrono::Utc::now)
}

/// Publishes a written batch's score events and dead letters (retrying), then counts it.
/// Only after this returns Ok may the batch's offsets be stored.
#[tracing::instrument(skip_all, fields(events = prepared.messages.len()))]
pub async fn publish(
    prepared: &Prepared,
    written: &Written,
    producer: &FutureProducer,
    config: &ScorerConfig,
    metrics: &ScorerMetrics,
    shutdown: &CancellationToken,
) -> Result<(), Interrupted> {
    let refused: HashMap<usize, &str> = written
        .unstorable
        .iter()
        .map(|(i, message)| (*i, message.as_str()))
        .collect();
    let stored = || {
        prepared
            .decoded
            .iter()
            .zip(&prepared.scores)
            .enumerate()
            .filter(|(i, _)| !refused.contains_key(i))
    };
    let score_records: Vec<(Vec<u8>, Vec<u8>)> = stored()
        .map(|(i, (d, s))| {
            let copied_from = written.copied_from.get(&i);
            (
                d.record.item.author.clone().into_bytes(),
                records::score_event(&d.record.item, s, copied_from, written.stored_at_ms)
                    .encode_to_vec(),
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
    let mut dead = prepared.dead.clone();
    for (index, message) in &written.unstorable {
        let source = &prepared.messages[prepared.decoded[*index].source];
        dead.push(dead_letter::letter(
            source,
            "unstorable",
            format!("PostgreSQL refused the item: {message}"),
        ));
    }
    publish_all(
        producer,
        &config.kafka.dlq_topic,
        &dead_letter::records(&dead),
        shutdown,
    )
    .await?;

    for letter in &dead {
        tracing::warn!(reason = %letter.reason, detail = %letter.detail, partition = letter.source_partition, offset = letter.source_offset, "dead-lettered");
        metrics
            .items_dead_lettered
            .with_label_values(&[&letter.reason])
            .inc();
    }
    let mut scored = 0;
    for (_, (d, s)) in stored() {
        scored += 1;
        metrics.items_scored.with_label_values(&[&s.lang]).inc();
        metrics
            .credibility
            .with_label_values(&[&s.lang])
            .observe(s.credibility);
        if d.ingested_at_ms > 0 {
            metrics
                .end_to_end_lag_seconds
                .observe(((written.stored_at_ms - d.ingested_at_ms).max(0) as f64) / 1000.0);
        }
    }
    tracing::debug!(scored, dead = dead.len(), "batch done");
    Ok(())
}

/// Splits a batch into at most `count` shards of indices into `decoded`, by author, for as
/// many concurrent write transactions. A practitioner's items all land in one shard, in their
/// order, so the shards never update the same practitioner row. An item id seen twice keeps
/// its last version only, so no two shards write the same item either.
fn shard_by_author(decoded: &[Decoded], count: usize) -> Vec<Vec<usize>> {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    let last: HashMap<&str, usize> = decoded
        .iter()
        .enumerate()
        .map(|(index, d)| (d.record.item.id.as_str(), index))
        .collect();
    let hasher = BuildHasherDefault::<DefaultHasher>::default();
    let mut shards: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (index, d) in decoded.iter().enumerate() {
        if last[d.record.item.id.as_str()] != index {
            continue;
        }
        shards[(hasher.hash_one(&d.record.item.author) % count as u64) as usize].push(index);
    }
    shards.retain(|shard| !shard.is_empty());
    shards
}
