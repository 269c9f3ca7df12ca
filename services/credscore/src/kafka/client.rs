//! Client settings and topic creation at start-up (brokers may not auto-create topics).

use std::time::Duration;

use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::config::ClientConfig;
use rdkafka::error::RDKafkaErrorCode;

use crate::config::KafkaConfig;

/// Why the broker could not be used.
#[derive(Debug, thiserror::Error)]
pub enum KafkaError {
    /// librdkafka refused a setting or a call.
    #[error("Kafka client error: {0}")]
    Client(#[from] rdkafka::error::KafkaError),
    /// A topic could not be created.
    #[error("cannot create topic {topic}: {code} (is the broker at {brokers} reachable? `make up` starts a local one)")]
    CreateTopic {
        /// The topic.
        topic: String,
        /// The broker's error code.
        code: String,
        /// The bootstrap servers tried.
        brokers: String,
    },
    /// The broker did not answer.
    #[error("cannot reach the Kafka broker at {brokers}: {source} (check CREDSCORE_KAFKA_BROKERS; `make up` starts a local one)")]
    Unreachable {
        /// The bootstrap servers tried.
        brokers: String,
        /// What librdkafka said.
        source: rdkafka::error::KafkaError,
    },
}

/// Which kind of client a configuration is for: librdkafka warns about (and ignores) a
/// producer property given to a consumer and the reverse, so each gets only its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Publishes records.
    Producer,
    /// Reads records in a consumer group.
    Consumer,
    /// Creates topics.
    Admin,
}

/// librdkafka properties that only producers know (CONFIGURATION.md, "P" rows).
const PRODUCER_ONLY: &[&str] = &[
    "acks",
    "batch.num.messages",
    "batch.size",
    "compression.codec",
    "compression.level",
    "compression.type",
    "delivery.timeout.ms",
    "enable.gapless.guarantee",
    "enable.idempotence",
    "linger.ms",
    "message.send.max.retries",
    "message.timeout.ms",
    "partitioner",
    "queue.buffering.backpressure.threshold",
    "queue.buffering.max.kbytes",
    "queue.buffering.max.messages",
    "queue.buffering.max.ms",
    "queuing.strategy",
    "request.required.acks",
    "request.timeout.ms",
    "retries",
    "sticky.partitioning.linger.ms",
    "transaction.timeout.ms",
    "transactional.id",
];

/// librdkafka properties that only consumers know (CONFIGURATION.md, "C" rows).
const CONSUMER_ONLY: &[&str] = &[
    "auto.commit.interval.ms",
    "auto.offset.reset",
    "check.crcs",
    "enable.auto.commit",
    "enable.auto.offset.store",
    "enable.partition.eof",
    "fetch.error.backoff.ms",
    "fetch.max.bytes",
    "fetch.message.max.bytes",
    "fetch.min.bytes",
    "fetch.wait.max.ms",
    "group.id",
    "group.instance.id",
    "group.protocol",
    "heartbeat.interval.ms",
    "isolation.level",
    "max.partition.fetch.bytes",
    "max.poll.interval.ms",
    "partition.assignment.strategy",
    "queued.max.messages.kbytes",
    "queued.min.messages",
    "session.timeout.ms",
];

/// Whether a `-K key=value` setting applies to a client of `role`.
pub fn applies_to(key: &str, role: Role) -> bool {
    match role {
        Role::Producer => !CONSUMER_ONLY.contains(&key),
        Role::Consumer => !PRODUCER_ONLY.contains(&key),
        Role::Admin => !CONSUMER_ONLY.contains(&key) && !PRODUCER_ONLY.contains(&key),
    }
}

/// Client settings for `role`: the `defaults` first, then every `-K key=value` override that
/// applies to that role (so a user's setting always wins over ours).
pub fn client_config(config: &KafkaConfig, role: Role, defaults: &[(&str, &str)]) -> ClientConfig {
    let mut client = ClientConfig::new();
    client.set("bootstrap.servers", &config.brokers);
    for (key, value) in defaults {
        client.set(*key, *value);
    }
    for (key, value) in &config.settings {
        if !key.is_empty() && applies_to(key, role) {
            client.set(key, value);
        }
    }
    client
}

/// Creates the items, scores, dead-letter and re-scoring topics when missing.
pub async fn ensure_topics(config: &KafkaConfig) -> Result<(), KafkaError> {
    let admin: AdminClient<DefaultClientContext> =
        client_config(config, Role::Admin, &[]).create()?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_gets_only_its_own_settings() {
        assert!(applies_to("batch.num.messages", Role::Producer));
        assert!(!applies_to("batch.num.messages", Role::Consumer));
        assert!(!applies_to("group.id", Role::Producer));
        assert!(applies_to("security.protocol", Role::Consumer));
        assert!(applies_to("security.protocol", Role::Producer));
        assert!(applies_to("sasl.mechanisms", Role::Admin));
        assert!(!applies_to("linger.ms", Role::Admin));
    }
}
