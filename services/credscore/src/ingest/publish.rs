//! Publishing accepted items to the items topic, keyed by author (so a practitioner's items
//! stay in order on one partition).

use credscore_model::Item;
use prost::Message;
use rdkafka::producer::FutureProducer;

use crate::kafka;
use crate::records::item_to_event;

/// Publishes items keyed by author and waits for every acknowledgement.
pub async fn publish<'a>(
    producer: &FutureProducer,
    topic: &str,
    items: impl IntoIterator<Item = &'a Item>,
) -> Result<(), rdkafka::error::KafkaError> {
    let now = crate::now_ms();
    let records = items
        .into_iter()
        .map(|item| {
            (
                item.author.clone().into_bytes(),
                item_to_event(item, now).encode_to_vec(),
            )
        })
        .collect();
    kafka::send_all(producer, topic, records).await
}
