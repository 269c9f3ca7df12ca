//! Kafka plumbing: client settings, topic creation at start-up (brokers may not
//! auto-create), the idempotent producer, and conversions between items and events.

use std::time::Duration;

use credscore_model::{Item, ItemError, Kind};
use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::config::ClientConfig;
use rdkafka::error::RDKafkaErrorCode;
use rdkafka::producer::{FutureProducer, FutureRecord};

use crate::config::KafkaConfig;
use crate::proto;

#[derive(Debug, thiserror::Error)]
pub enum KafkaError {
    #[error("Kafka client error: {0}")]
    Client(#[from] rdkafka::error::KafkaError),
    #[error("cannot create topic {topic}: {code} (is the broker at {brokers} reachable? `make up` starts a local one)")]
    CreateTopic {
        topic: String,
        code: String,
        brokers: String,
    },
    #[error("cannot reach the Kafka broker at {brokers}: {source} (check CREDSCORE_KAFKA_BROKERS; `make up` starts a local one)")]
    Unreachable {
        brokers: String,
        source: rdkafka::error::KafkaError,
    },
}

/// Base client settings: bootstrap servers, then every `-K key=value` override.
pub fn client_config(config: &KafkaConfig) -> ClientConfig {
    let mut client = ClientConfig::new();
    client.set("bootstrap.servers", &config.brokers);
    for (key, value) in &config.settings {
        client.set(key, value);
    }
    client
}

/// Creates the items, scores, dead-letter and re-scoring topics when missing.
pub async fn ensure_topics(config: &KafkaConfig) -> Result<(), KafkaError> {
    let admin: AdminClient<DefaultClientContext> = client_config(config).create()?;
    let topics: Vec<NewTopic> = [
        &config.items_topic,
        &config.scores_topic,
        &config.dlq_topic,
        &config.rescore_topic,
    ]
    .into_iter()
    .map(|name| {
        NewTopic::new(
            name,
            config.partitions,
            TopicReplication::Fixed(config.replication),
        )
    })
    .collect();
    let options = AdminOptions::new()
        .operation_timeout(Some(Duration::from_secs(10)))
        .request_timeout(Some(Duration::from_secs(15)));
    let results = admin
        .create_topics(&topics, &options)
        .await
        .map_err(|source| KafkaError::Unreachable {
            brokers: config.brokers.clone(),
            source,
        })?;
    for result in results {
        if let Err((topic, code)) = result {
            if code != RDKafkaErrorCode::TopicAlreadyExists {
                return Err(KafkaError::CreateTopic {
                    topic,
                    code: code.to_string(),
                    brokers: config.brokers.clone(),
                });
            }
        }
    }
    Ok(())
}

/// An idempotent producer: retries never duplicate or reorder a partition's messages.
pub fn producer(
    config: &KafkaConfig,
    delivery_timeout: Duration,
) -> Result<FutureProducer, KafkaError> {
    let mut client = ClientConfig::new();
    client
        .set("bootstrap.servers", &config.brokers)
        .set("enable.idempotence", "true")
        .set("acks", "all")
        .set("linger.ms", "5")
        .set("compression.type", "lz4")
        .set(
            "message.timeout.ms",
            delivery_timeout.as_millis().to_string(),
        );
    for (key, value) in &config.settings {
        client.set(key, value);
    }
    Ok(client.create()?)
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
    use futures::stream::{FuturesUnordered, StreamExt};
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

pub fn item_to_event(item: &Item, ingested_at_ms: i64) -> proto::ItemEvent {
    proto::ItemEvent {
        id: item.id.clone(),
        author: item.author.clone(),
        kind: match item.kind {
            Kind::Post => proto::ItemKind::Post,
            Kind::Comment => proto::ItemKind::Comment,
        } as i32,
        parent_id: item.parent_id.clone(),
        platform: item.platform.clone(),
        lang: item.lang.clone(),
        created_at: item.created_at.clone(),
        url: item.url.clone(),
        text: item.text.clone(),
        ingested_at_ms,
    }
}

/// Turns an event back into an item, with the same validation as ingest.
pub fn event_to_item(event: proto::ItemEvent) -> Result<(Item, i64), ItemError> {
    let kind = match proto::ItemKind::try_from(event.kind) {
        Ok(proto::ItemKind::Comment) => Kind::Comment,
        Ok(proto::ItemKind::Post) | Ok(proto::ItemKind::Unspecified) => Kind::Post,
        Err(_) => {
            return Err(ItemError::Invalid {
                field: "kind",
                reason: format!("unknown kind {}", event.kind),
            })
        }
    };
    let item = Item {
        id: event.id,
        author: event.author,
        kind,
        parent_id: event.parent_id,
        platform: event.platform,
        lang: event.lang,
        created_at: event.created_at,
        url: event.url,
        text: event.text,
    };
    if item.id.trim().is_empty() {
        return Err(ItemError::Missing("id"));
    }
    item.require_author()?;
    item.validate()?;
    if let Some(created_at) = &item.created_at {
        parse_time(created_at)?;
    }
    Ok((item, event.ingested_at_ms))
}

/// Parses an RFC 3339 time (the `created_at` field).
pub fn parse_time(value: &str) -> Result<chrono::DateTime<chrono::Utc>, ItemError> {
    chrono::DateTime::parse_from_rfc3339(value)
        .map(|t| t.with_timezone(&chrono::Utc))
        .map_err(|e| ItemError::Invalid {
            field: "created_at",
            reason: format!("not an RFC 3339 time ({e}), e.g. 2025-03-14T10:22:00Z"),
        })
}
