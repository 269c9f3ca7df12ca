//! Kafka plumbing: client settings per role, topics, the producer, the consumer skeleton,
//! dead letters and retries. Conversions between items and events are in `records`.

pub mod client;
pub mod consumer;
pub mod dead_letter;
pub mod producer;
pub mod retry;

pub use client::{ensure_topics, KafkaError};
pub use producer::{producer, send, send_all};
