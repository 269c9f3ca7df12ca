//! Distributed re-scoring, the requesting side (`credscore rescore --via-kafka`).

use std::time::{Duration, Instant};

use sqlx::postgres::PgPool;

use crate::config::KafkaConfig;
use crate::rescore::job::{RescoreOptions, RescoreSummary};
use crate::rescore::progress::Progress;
use crate::store::{jobs, models};

/// Distributed re-scoring, the requesting side: plans the job's ranges, publishes the ones
/// not done yet to the re-scoring topic (the scorers' consumer group shares them out), and,
/// with `wait`, follows the job table until every range is done.
pub async fn run_via_kafka(
    pool: &PgPool,
    kafka: &KafkaConfig,
    options: &RescoreOptions,
    range_size: i64,
    wait: bool,
) -> anyhow::Result<RescoreSummary> {
    let model = models::registered_model(pool, options.model.as_deref()).await?;
    let version = model.version().to_string();
    let job = jobs::open_job(pool, &version, &options.filters, "kafka").await?;
    let ranges = jobs::plan_ranges(pool, &job, &options.filters, range_size.max(1)).await?;
    let pending = jobs::pending_ranges(pool, job.id).await?;
    if pending.is_empty() {
        jobs::finish(pool, job.id, &model, options.half_life_days).await?;
    } else {
        crate::kafka::ensure_topics(kafka).await?;
        let producer = crate::kafka::producer(kafka, Duration::from_secs(30))?;
        let filters_json = options.filters.to_json().to_string();
        let records = pending
            .iter()
            .map(|(first, last)| {
                let request = crate::proto::RescoreRequest {
                    job_id: job.id,
                    model_version: version.clone(),
                    first_id: first.clone(),
                    last_id: last.clone(),
                    filters_json: filters_json.clone(),
                    requested_at_ms: crate::now_ms(),
                };
                (
                    format!("{}:{first}", job.id).into_bytes(),
                    prost::Message::encode_to_vec(&request),
                )
            })
            .collect();
        crate::kafka::send_all(&producer, &kafka.rescore_topic, records)
            .await
            .map_err(|e| {
                anyhow::anyhow!(
                    "publishing re-scoring requests to {}: {e}",
                    kafka.rescore_topic
                )
            })?;
        eprintln!(
            "{} job {}: {} of {ranges} ranges ({} items in all) published to {} for the scorers",
            if job.resumed { "resumed" } else { "started" },
            job.id,
            pending.len(),
            job.total_items,
            kafka.rescore_topic
        );
    }
    let started = Instant::now();
    let mut progress = Progress::new(
        job.total_items as u64,
        job.scanned_items as u64,
        "re-scoring via the scorers",
    );
    let mut last_move = (Instant::now(), job.scanned_items);
    let mut warned = false;
    loop {
        let (status, scanned, written) = jobs::progress(pool, job.id).await?;
        progress.set(scanned as u64);
        if status == "done" || !wait {
            progress.finish();
            let active = models::active_version(pool).await?;
            return Ok(RescoreSummary {
                job_id: job.id,
                model_version: version.clone(),
                resumed: job.resumed,
                total_items: job.total_items,
                scanned_items: scanned,
                written_items: written,
                this_run_items: scanned - job.scanned_items,
                items_per_second: (scanned - job.scanned_items) as f64
                    / started.elapsed().as_secs_f64().max(1e-9),
                practitioners_updated: status == "done"
                    && active.as_deref() == Some(version.as_str()),
            });
        }
        if scanned != last_move.1 {
            last_move = (Instant::now(), scanned);
        } else if !warned && last_move.0.elapsed() > Duration::from_secs(30) {
            warned = true;
            eprintln!(
                "no progress for 30 s: is a credscore-scorer running against {}? The requests stay queued in {}.",
                kafka.brokers, kafka.rescore_topic
            );
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
}
