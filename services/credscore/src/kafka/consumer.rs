//! The consumer skeleton shared by the scorer and the distributed re-scoring worker: a
//! consumer group that never stores an offset by itself, batches by size or latency, stores
//! offsets only for work that is committed, and reports how far behind its commits are.
//!
//! The loop of each user is the same: take a batch, decode it (bad events become dead
//! letters), write it with retries of transient failures ([`crate::kafka::retry`]), publish,
//! then [`GroupConsumer::store_offsets`]; the offsets stored are committed in the background.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use prometheus::IntGaugeVec;
use rdkafka::consumer::{CommitMode, Consumer, StreamConsumer};
use rdkafka::message::{Message, OwnedMessage};
use rdkafka::{Offset, TopicPartitionList};
use tokio_util::sync::CancellationToken;

use crate::config::KafkaConfig;
use crate::kafka::client::{client_config, KafkaError, Role};

/// A member of a consumer group on one topic, with at-least-once offset handling.
pub struct GroupConsumer {
    consumer: Arc<StreamConsumer>,
    topic: String,
}

impl GroupConsumer {
    /// Joins `group` on `topic`. `tuning` adds settings of this consumer (the user's `-K`
    /// settings still win).
    pub fn join(
        config: &KafkaConfig,
        group: &str,
        topic: &str,
        tuning: &[(&str, &str)],
    ) -> Result<GroupConsumer, KafkaError> {
        let mut defaults = vec![
            ("group.id", group),
            // Offsets stored by hand (after the database commit) are committed every second.
            ("enable.auto.commit", "true"),
            ("auto.commit.interval.ms", "1000"),
            ("enable.auto.offset.store", "false"),
            ("auto.offset.reset", "earliest"),
            ("session.timeout.ms", "10000"),
            ("heartbeat.interval.ms", "1000"),
        ];
        defaults.extend_from_slice(tuning);
        let consumer: StreamConsumer = client_config(config, Role::Consumer, &defaults).create()?;
        consumer.subscribe(&[topic])?;
        Ok(GroupConsumer {
            consumer: Arc::new(consumer),
            topic: topic.to_string(),
        })
    }

    /// Waits up to `first_wait` for a first event (or shutdown), then takes more until the
    /// batch holds `size` events or `linger` has passed. Empty when nothing came.
    pub async fn next_batch(
        &self,
        size: usize,
        linger: Duration,
        first_wait: Duration,
        shutdown: &CancellationToken,
    ) -> Vec<OwnedMessage> {
        let mut batch = Vec::with_capacity(size);
        let first = tokio::select! {
            message = self.consumer.recv() => message,
            _ = shutdown.cancelled() => return batch,
            _ = tokio::time::sleep(first_wait) => return batch,
        };
        match first {
            Ok(message) => batch.push(message.detach()),
            Err(error) => {
                tracing::warn!(%error, topic = %self.topic, "consumer error");
                tokio::time::sleep(Duration::from_millis(200)).await;
                return batch;
            }
        }
        let deadline = tokio::time::Instant::now() + linger;
        while batch.len() < size {
            match tokio::time::timeout_at(deadline, self.consumer.recv()).await {
                Ok(Ok(message)) => batch.push(message.detach()),
                Ok(Err(error)) => {
                    tracing::warn!(%error, topic = %self.topic, "consumer error");
                    break;
                }
                Err(_) => break,
            }
        }
        batch
    }

    /// Stores the next offset of every partition in `batch`, for the next commit. Call it
    /// only once everything the batch caused is committed.
    pub fn store_offsets(&self, batch: &[OwnedMessage]) {
        let mut next: HashMap<(&str, i32), i64> = HashMap::new();
        for message in batch {
            let entry = next
                .entry((message.topic(), message.partition()))
                .or_insert(0);
            *entry = (*entry).max(message.offset() + 1);
        }
        let mut list = TopicPartitionList::new();
        for ((topic, partition), offset) in next {
            if list
                .add_partition_offset(topic, partition, Offset::Offset(offset))
                .is_err()
            {
                continue;
            }
        }
        // A partition revoked meanwhile cannot be stored; its new owner re-delivers, harmlessly.
        if let Err(error) = self.consumer.store_offsets(&list) {
            tracing::warn!(%error, "storing offsets");
        }
    }

    /// Keeps `gauge` (label: partition) current every `every` until shutdown, beside the
    /// consuming loop: a loop blocked in a retried write still shows its lag growing.
    pub fn watch_lag(&self, gauge: IntGaugeVec, every: Duration, shutdown: CancellationToken) {
        let consumer = self.consumer.clone();
        let topic = self.topic.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            loop {
                tokio::select! {
                    _ = shutdown.cancelled() => return,
                    _ = tick.tick() => {}
                }
                let (consumer, topic, gauge) = (consumer.clone(), topic.clone(), gauge.clone());
                // Broker round trips: off the async workers.
                let _ = tokio::task::spawn_blocking(move || record_lag(&consumer, &topic, &gauge))
                    .await;
            }
        });
    }

    /// Commits what was stored, at shutdown. Nothing stored since the last auto-commit is a
    /// normal outcome.
    pub fn commit_stored(&self) {
        if let Err(error) = self.consumer.commit_consumer_state(CommitMode::Sync) {
            tracing::debug!(%error, "final commit");
        }
    }
}

/// Sets `gauge` (label: partition) to how many messages each assigned partition holds beyond
/// the group's committed offset. Unlike the fetch position, committed offsets stop moving when
/// writes stall, so a stall shows as a growing lag.
fn record_lag(consumer: &StreamConsumer, topic: &str, gauge: &IntGaugeVec) {
    let Ok(assignment) = consumer.assignment() else {
        return;
    };
    let Ok(committed) = consumer.committed_offsets(assignment, Duration::from_secs(2)) else {
        return;
    };
    for element in committed.elements_for_topic(topic) {
        let Ok((low, high)) =
            consumer.fetch_watermarks(topic, element.partition(), Duration::from_millis(500))
        else {
            continue;
        };
        // Nothing committed yet: the whole partition from its start is behind.
        let done = match element.offset() {
            Offset::Offset(offset) => offset,
            _ => low,
        };
        gauge
            .with_label_values(&[&element.partition().to_string()])
            .set((high - done).max(0));
    }
}
