//! Distributed re-scoring, the scorer side: every scorer replica consumes re-scoring
//! requests beside the items stream, with the same consumer skeleton as the scorer: a
//! request's range is scored and written with its completion in one transaction, its offset
//! stored only after that, transient database errors retried, and requests that can never
//! succeed dead-lettered.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use credscore_model::{Extractor, Model, Scorer};
use rdkafka::message::{Message, OwnedMessage};
use rdkafka::producer::FutureProducer;
use sqlx::postgres::PgPool;
use tokio_util::sync::CancellationToken;

use crate::config::ScorerConfig;
use crate::kafka::consumer::GroupConsumer;
use crate::kafka::dead_letter;
use crate::kafka::producer::publish_all;
use crate::kafka::retry::{backoff, Interrupted};
use crate::metrics::ScorerMetrics;
use crate::proto;
use crate::rescore::job::score_rows;
use crate::store::items::{read_range, Filters};
use crate::store::{jobs, models, DbError, Failure};

/// Why a re-scoring request could not be handled.
enum RequestError {
    /// Never going to work: dead-letter it with this reason and detail.
    Dead(&'static str, String),
    /// The database: retry when transient, dead-letter when about the data.
    Db(DbError),
}

impl From<DbError> for RequestError {
    fn from(error: DbError) -> Self {
        RequestError::Db(error)
    }
}

/// Distributed re-scoring, the scorer side: consumes re-scoring requests in the group
/// `<group id>.rescore` until shutdown. A range already done (a redelivery) is skipped.
pub async fn serve_requests(
    config: ScorerConfig,
    pool: PgPool,
    extractor: Extractor,
    producer: FutureProducer,
    metrics: ScorerMetrics,
    shutdown: CancellationToken,
) -> anyhow::Result<()> {
    let group = format!("{}.rescore", config.group_id);
    let consumer = GroupConsumer::join(&config.kafka, &group, &config.kafka.rescore_topic, &[])?;
    let mut loaded: HashMap<String, Arc<Model>> = HashMap::new();
    while !shutdown.is_cancelled() {
        // One request at a time: each is a whole range of items.
        let batch = consumer
            .next_batch(1, Duration::ZERO, Duration::from_secs(3600), &shutdown)
            .await;
        let Some(message) = batch.first() else {
            continue;
        };
        let mut attempt = 0;
        let outcome = loop {
            match handle_request(message, &pool, &extractor, &mut loaded, &config, &metrics).await {
                Err(RequestError::Db(error)) if error.failure() == Failure::Transient => {
                    tracing::warn!(%error, attempt, "re-scoring request: database error, retrying");
                    metrics
                        .db_retries
                        .with_label_values(&["rescore_range"])
                        .inc();
                    if backoff(&mut attempt, &shutdown).await.is_err() {
                        break None;
                    }
                }
                other => break Some(other),
            }
        };
        let Some(outcome) = outcome else {
            // Shut down before the range was written: it will be redelivered.
            break;
        };
        let (reason, detail) = match outcome {
            Ok(label) => {
                metrics.rescore_ranges.with_label_values(&[label]).inc();
                consumer.store_offsets(&batch);
                continue;
            }
            Err(RequestError::Dead(reason, detail)) => (reason, detail),
            Err(RequestError::Db(error)) => (
                "unstorable",
                format!("PostgreSQL refused the range's scores: {error}"),
            ),
        };
        tracing::warn!(reason, %detail, offset = message.offset(), "re-scoring request dead-lettered");
        let letter = dead_letter::letter(message, reason, detail);
        let records = dead_letter::records(std::slice::from_ref(&letter));
        if let Err(Interrupted) =
            publish_all(&producer, &config.kafka.dlq_topic, &records, &shutdown).await
        {
            // Not dead-lettered yet: the request will be redelivered.
            break;
        }
        metrics
            .items_dead_lettered
            .with_label_values(&[reason])
            .inc();
        metrics
            .rescore_ranges
            .with_label_values(&["dead_lettered"])
            .inc();
        consumer.store_offsets(&batch);
    }
    consumer.commit_stored();
    Ok(())
}

/// Handles one request: its range scored and written with its completion, or skipped when
/// already done; returns the outcome label.
async fn handle_request(
    message: &OwnedMessage,
    pool: &PgPool,
    extractor: &Extractor,
    loaded: &mut HashMap<String, Arc<Model>>,
    config: &ScorerConfig,
    metrics: &ScorerMetrics,
) -> Result<&'static str, RequestError> {
    let request: proto::RescoreRequest =
        prost::Message::decode(message.payload().unwrap_or_default()).map_err(|e| {
            RequestError::Dead(
                "undecodable",
                format!("not a credscore.v1.RescoreRequest: {e}"),
            )
        })?;
    let filters = serde_json::from_str(&request.filters_json)
        .map_err(|e| e.to_string())
        .and_then(|v| Filters::from_json(&v))
        .map_err(|e| RequestError::Dead("invalid_request", format!("filters: {e}")))?;
    let done = jobs::range_done(pool, request.job_id, &request.first_id).await?;
    match done {
        None => {
            return Err(RequestError::Dead(
                "invalid_request",
                format!(
                    "job {} has no range starting at {:?}",
                    request.job_id, request.first_id
                ),
            ))
        }
        Some(true) => return Ok("skipped"),
        Some(false) => {}
    }
    let model = match loaded.get(&request.model_version) {
        Some(m) => m.clone(),
        None => {
            let artifact = match models::load_model(pool, &request.model_version).await {
                Ok(a) => a,
                Err(DbError::UnknownModel(v)) => {
                    return Err(RequestError::Dead(
                        "unknown_model",
                        format!("model {v} is not registered"),
                    ))
                }
                Err(e) => return Err(e.into()),
            };
            let model = Arc::new(
                Model::new(artifact)
                    .map_err(|e| RequestError::Dead("unusable_model", e.to_string()))?,
            );
            loaded.insert(request.model_version.clone(), model.clone());
            model
        }
    };
    let rows = read_range(pool, &request.first_id, &request.last_id, &filters).await?;
    let scanned = rows.len() as i64;
    let scorer = Scorer::new(extractor.clone(), model.clone());
    let scores = tokio::task::spawn_blocking(move || score_rows(&scorer, &rows, &filters))
        .await
        .expect("scoring does not panic");
    let Some(left) = jobs::complete_range(
        pool,
        request.job_id,
        &request.first_id,
        &scores,
        scanned,
        &model,
        config.half_life_days,
    )
    .await?
    else {
        return Ok("skipped");
    };
    metrics
        .rescore_items
        .with_label_values(&[request.model_version.as_str()])
        .inc_by(scanned as u64);
    tracing::info!(
        job = request.job_id,
        first = %request.first_id,
        items = scanned,
        ranges_left = left,
        "re-scored a range"
    );
    Ok("done")
}
