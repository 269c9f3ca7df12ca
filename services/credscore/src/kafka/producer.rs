//! The idempotent producer and publishing with acknowledgements.

use std::time::Duration;

use futures::stream::{FuturesUnordered, StreamExt};
use rdkafka::producer::{FutureProducer, FutureRecord};
use tokio_util::sync::CancellationToken;

use crate::config::KafkaConfig;
use crate::kafka::client::{client_config, KafkaError, Role};
use crate::kafka::retry::{backoff, Interrupted};

/// An idempotent producer: retries never duplicate or reorder a partition's messages.
pub fn producer(
    config: &KafkaConfig,
    delivery_timeout: Duration,
) -> Result<FutureProducer, KafkaError> {
    let timeout = delivery_timeout.as_millis().to_string();
    let defaults = [
        ("enable.idempotence", "true"),
        ("acks", "all"),
        ("linger.ms", "5"),
        ("compression.type", "lz4"),
        ("message.timeout.ms", timeout.as_str()),
    ];
    Ok(client_config(config, Role::Producer, &defaults).create()?)
}

/// Publishes one record and waits for the broker's acknowledgement.
pub async fn send(
    producer: &FutureProducer,
    topic: &str,
    key: &[u8],
    payload: &[u8],
) -> Result<(), rdkafka::error::KafkaError> {
    producer
        .send(
            FutureRecord::to(topic).key(key).payload(payload),
            Duration::from_secs(0),
        )
        .await
        .map(|_| ())
        .map_err(|(error, _)| error)
}

/// Records in flight at once in [`send_all`] (the producer batches them underneath).
const SEND_CONCURRENCY: usize = 2048;

/// Publishes (key, payload) records and waits for every acknowledgement; the first failure
/// is returned.
pub async fn send_all(
    producer: &FutureProducer,
    topic: &str,
    records: Vec<(Vec<u8>, Vec<u8>)>,
) -> Result<(), rdkafka::error::KafkaError> {
    let mut pending = FuturesUnordered::new();
    for (key, payload) in records {
        pending.push(async move { send(producer, topic, &key, &payload).await });
        if pending.len() >= SEND_CONCURRENCY {
            if let Some(result) = pending.next().await {
                result?;
            }
        }
    }
    while let Some(result) = pending.next().await {
        result?;
    }
    Ok(())
}

/// Publishes records, retrying with backoff until all are acknowledged or shutdown. A
/// redelivered record is harmless: consumers of these topics are idempotent.
pub async fn publish_all(
    producer: &FutureProducer,
    topic: &str,
    records: &[(Vec<u8>, Vec<u8>)],
    shutdown: &CancellationToken,
) -> Result<(), Interrupted> {
    let mut attempt = 0;
    loop {
        match send_all(producer, topic, records.to_vec()).await {
            Ok(()) => return Ok(()),
            Err(error) => {
                tracing::warn!(%error, topic, "publishing failed, retrying");
                backoff(&mut attempt, shutdown).await?;
            }
        }
    }
}
