//! Local re-scoring (`credscore rescore`).
//!
//! A local run reads items in id order by keyset pages, scores each page on every core, and
//! upserts the scores in bulk; each page's scores and the job's resume point are committed in
//! one transaction, so a run killed at any moment and started again continues after the last
//! committed page and ends with the same rows as an uninterrupted run. Reading, scoring and
//! writing overlap (a page is scored while the previous one is written).

use std::sync::Arc;

use credscore_model::{Extractor, Scorer};
use sqlx::postgres::PgPool;

use crate::records::StoredScore;
use crate::rescore::job::{score_rows, RescoreOptions, RescoreSummary};
use crate::rescore::progress::Progress;
use crate::store::items::{read_page, ItemRow};
use crate::store::{jobs, models, practitioners, DbError};

/// A scored page on its way to the database.
struct ScoredPage {
    scores: Vec<StoredScore>,
    scanned: i64,
    last_id: String,
}

/// Re-scores the stored items matching the filters with one model, resuming the job for the
/// same model and filters when one is unfinished.
pub async fn run_local(
    pool: &PgPool,
    extractor: Extractor,
    options: &RescoreOptions,
) -> anyhow::Result<RescoreSummary> {
    let model = Arc::new(models::registered_model(pool, options.model.as_deref()).await?);
    let version = model.version().to_string();
    let scorer = Scorer::new(extractor, model.clone());
    let job = jobs::open_job(pool, &version, &options.filters, "local").await?;
    // One process per job: a second one would write the same pages.
    let mut lock = pool.acquire().await?;
    let locked = jobs::try_lock(&mut lock, job.id).await?;
    anyhow::ensure!(
        locked,
        "re-scoring job {} is being run by another process; wait for it or stop it",
        job.id
    );
    if job.total_items == 0 {
        eprintln!("no stored item matches these filters; nothing to re-score");
    }
    if job.resumed {
        eprintln!(
            "resuming re-scoring job {} (model {version}): {} of {} items already done",
            job.id, job.scanned_items, job.total_items
        );
    } else {
        eprintln!(
            "re-scoring job {}: {} items with model {version}",
            job.id, job.total_items
        );
    }

    let batch = options.batch_size.max(1) as i64;
    let (page_tx, mut page_rx) = tokio::sync::mpsc::channel::<Vec<ItemRow>>(2);
    let reader = {
        let pool = pool.clone();
        let filters = options.filters.clone();
        let mut after = job.last_item_id.clone();
        tokio::spawn(async move {
            loop {
                let page = read_page(&pool, after.as_deref(), &filters, batch).await?;
                let Some(last) = page.last() else {
                    return Ok::<(), DbError>(());
                };
                after = Some(last.id.clone());
                if page_tx.send(page).await.is_err() {
                    return Ok(());
                }
            }
        })
    };
    let (write_tx, mut write_rx) = tokio::sync::mpsc::channel::<ScoredPage>(2);
    let writer = {
        let pool = pool.clone();
        let version = version.clone();
        let (job_id, total, mut scanned, mut written) = (
            job.id,
            job.total_items,
            job.scanned_items,
            job.written_items,
        );
        tokio::spawn(async move {
            let mut progress = Progress::new(total as u64, scanned as u64, "re-scoring");
            let mut this_run = 0i64;
            while let Some(page) = write_rx.recv().await {
                let rows = jobs::commit_page(
                    &pool,
                    job_id,
                    &page.scores,
                    &version,
                    page.scanned,
                    &page.last_id,
                )
                .await?;
                scanned += page.scanned;
                written += rows;
                this_run += page.scanned;
                progress.set(scanned as u64);
            }
            progress.finish();
            Ok::<_, DbError>((scanned, written, this_run, progress.rate()))
        })
    };
    while let Some(page) = page_rx.recv().await {
        let scorer = scorer.clone();
        let filters = options.filters.clone();
        let scored = tokio::task::spawn_blocking(move || {
            let scores = score_rows(&scorer, &page, &filters);
            ScoredPage {
                scores,
                scanned: page.len() as i64,
                last_id: page.last().map(|r| r.id.clone()).unwrap_or_default(),
            }
        })
        .await?;
        if write_tx.send(scored).await.is_err() {
            break;
        }
    }
    // Unblock the reader if the writer stopped early, then report the first failure.
    drop(page_rx);
    drop(write_tx);
    let resume = |e: DbError| {
        anyhow::anyhow!("{e}; the job keeps its progress: run the same command again to resume")
    };
    let (scanned, written, this_run, rate) = writer.await?.map_err(resume)?;
    reader.await?.map_err(resume)?;

    let active = models::active_version(pool).await?;
    let practitioners_updated = active.as_deref() == Some(version.as_str());
    if practitioners_updated {
        eprintln!("recomputing practitioner scores under the active model");
        practitioners::recompute_all_practitioners(pool, &model, options.half_life_days).await?;
    }
    jobs::mark_done(pool, job.id).await?;
    jobs::unlock(&mut lock, job.id).await?;
    Ok(RescoreSummary {
        job_id: job.id,
        model_version: version,
        resumed: job.resumed,
        total_items: job.total_items,
        scanned_items: scanned,
        written_items: written,
        this_run_items: this_run,
        items_per_second: rate,
        practitioners_updated,
    })
}
