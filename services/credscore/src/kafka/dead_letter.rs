//! Dead letters: an event that cannot be used, with the reason and where it came from, so
//! it can be inspected and replayed while the stream goes on.

use rdkafka::message::{Message, OwnedMessage};

use crate::proto;

/// A dead letter for `message`: its payload and key as they were, the reason code (a
/// metrics label) and a detail for people.
pub fn letter(message: &OwnedMessage, reason: &str, detail: String) -> proto::DeadLetter {
    proto::DeadLetter {
        reason: reason.to_string(),
        detail,
        source_topic: message.topic().to_string(),
        source_partition: message.partition(),
        source_offset: message.offset(),
        payload: message.payload().unwrap_or_default().to_vec(),
        key: message.key().map(<[u8]>::to_vec),
        failed_at_ms: crate::now_ms(),
    }
}

/// Dead letters as (key, payload) records for the dead-letter topic, keyed as their source.
pub fn records(letters: &[proto::DeadLetter]) -> Vec<(Vec<u8>, Vec<u8>)> {
    letters
        .iter()
        .map(|d| {
            (
                d.key.clone().unwrap_or_default(),
                prost::Message::encode_to_vec(d),
            )
        })
        .collect()
}
