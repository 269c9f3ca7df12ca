//! `credscore ingest FILE`: an NDJSON file (or stdin) straight to the items topic.

use std::time::Duration;

use crate::config::KafkaConfig;
use crate::ingest::body::parse_body;
use crate::ingest::publish::publish;
use crate::kafka;
use crate::ndjson::{not_utf8, Line, Lines};
use crate::records::Record;

/// Outcome of `credscore ingest FILE`.
#[derive(Debug, Default)]
pub struct FileSummary {
    /// Items published.
    pub published: usize,
    /// Lines skipped (bad JSON, invalid items, not UTF-8).
    pub bad_lines: usize,
}

/// Items published at once.
const CHUNK: usize = 5000;

/// Publishes an NDJSON file (or stdin) straight to the items topic; bad lines are reported on
/// stderr with their line numbers and skipped.
pub async fn ingest_reader(
    reader: impl std::io::BufRead,
    source: &str,
    kafka_config: &KafkaConfig,
) -> anyhow::Result<FileSummary> {
    kafka::ensure_topics(kafka_config).await?;
    let producer = kafka::producer(kafka_config, Duration::from_secs(30))?;
    let mut summary = FileSummary::default();
    let mut batch: Vec<Record> = Vec::with_capacity(CHUNK);
    for line in Lines::new(reader) {
        let (number, text) =
            match line.map_err(|e| anyhow::anyhow!("{source}: cannot read: {e}"))? {
                Line::Text { number, text } => (number, text),
                Line::NotUtf8 { number, offset } => {
                    summary.bad_lines += 1;
                    eprintln!("{}", not_utf8(source, number, offset));
                    continue;
                }
            };
        if text.trim().is_empty() {
            continue;
        }
        match parse_body(&text) {
            Ok(records) => batch.extend(records),
            Err(problems) => {
                summary.bad_lines += 1;
                for p in problems {
                    match p.index {
                        Some(index) => eprintln!("{source}:{number}: item {index}: {}", p.error),
                        None => eprintln!("{source}:{number}: {}", p.error),
                    }
                }
            }
        }
        if batch.len() >= CHUNK {
            publish(
                &producer,
                &kafka_config.items_topic,
                batch.iter().map(|r| &r.item),
            )
            .await?;
            summary.published += batch.len();
            batch.clear();
        }
    }
    publish(
        &producer,
        &kafka_config.items_topic,
        batch.iter().map(|r| &r.item),
    )
    .await?;
    summary.published += batch.len();
    Ok(summary)
}
