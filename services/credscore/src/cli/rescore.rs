//! `credscore rescore` and `credscore jobs`: re-scoring stored items and following the jobs.

use std::process::ExitCode;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use clap::Args;
use credscore_model::Extractor;

use crate::cli::common::{connect, dictionaries, parse_time_arg, runtime};
use crate::compare::{self, DryRunReport};
use crate::config::{DatabaseConfig, KafkaConfig};
use crate::rescore::{distributed, local, RescoreOptions};
use crate::store::items::Filters;
use crate::store::jobs;

/// Arguments of `credscore rescore`.
#[derive(Debug, Args)]
pub struct RescoreArgs {
    /// Model version from the registry (`credscore model list`); default: the active one.
    #[arg(long)]
    model: Option<String>,
    /// Only items published at or after this time (RFC 3339, or a date: 2026-03-01).
    #[arg(long, value_parser = parse_time_arg)]
    since: Option<DateTime<Utc>>,
    /// Only items published before this time.
    #[arg(long, value_parser = parse_time_arg)]
    until: Option<DateTime<Utc>>,
    /// Only this author's items (repeatable).
    #[arg(long = "author")]
    authors: Vec<String>,
    /// Only items the model detects in this language.
    #[arg(long, value_parser = ["fr", "en"])]
    lang: Option<String>,
    /// Write nothing: report how many items would change class and the largest moves.
    #[arg(long)]
    dry_run: bool,
    /// With --dry-run: the model whose stored scores to compare with (default: active).
    #[arg(long, requires = "dry_run")]
    against: Option<String>,
    /// Items per page read, scored and written together.
    #[arg(long, default_value_t = 2000, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    batch_size: u32,
    /// Share the work between the running scorers: publish ranges of item ids to the
    /// re-scoring topic, then follow the job's progress.
    #[arg(long, conflicts_with = "dry_run")]
    via_kafka: bool,
    /// With --via-kafka: items per published range.
    #[arg(long, default_value_t = 5000, requires = "via_kafka", value_parser = clap::value_parser!(i64).range(1..=1_000_000))]
    range_size: i64,
    /// With --via-kafka: return once the ranges are published.
    #[arg(long, requires = "via_kafka")]
    no_wait: bool,
    /// Half-life of an item's weight in practitioner scores, in days.
    #[arg(long, env = "CREDSCORE_HALF_LIFE_DAYS", default_value_t = crate::config::DEFAULT_HALF_LIFE_DAYS)]
    half_life_days: f64,
    /// Print the result as JSON on stdout.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    database: DatabaseConfig,
    #[command(flatten)]
    kafka: KafkaConfig,
}

/// Arguments of `credscore jobs`.
#[derive(Debug, Args)]
pub struct JobsArgs {
    /// How many jobs to list.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(i64).range(1..=10_000))]
    limit: i64,
    /// Print the jobs as JSON on stdout.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    database: DatabaseConfig,
}

/// Re-scores stored items (locally, through the scorers, or as a dry run).
pub fn rescore(args: RescoreArgs) -> anyhow::Result<ExitCode> {
    let RescoreArgs {
        model,
        since,
        until,
        authors,
        lang,
        dry_run,
        against,
        batch_size,
        via_kafka,
        range_size,
        no_wait,
        half_life_days,
        json,
        database,
        kafka,
    } = args;
    let options = RescoreOptions {
        model,
        filters: Filters {
            since,
            until,
            authors,
            lang,
        },
        batch_size: batch_size as usize,
        half_life_days,
    };
    options.filters.validate().map_err(|e| anyhow::anyhow!(e))?;
    let extractor = Extractor::new(Arc::new(dictionaries()));
    runtime()?.block_on(async {
        let pool = connect(&database).await?;
        if dry_run {
            let report = compare::dry_run(
                &pool,
                extractor,
                &options,
                against.as_deref(),
                10,
            )
            .await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                print_dry_run(&report);
            }
        } else {
            let summary = if via_kafka {
                distributed::run_via_kafka(&pool, &kafka, &options, range_size, !no_wait)
                    .await?
            } else {
                local::run_local(&pool, extractor, &options).await?
            };
            if json {
                println!("{}", serde_json::to_string_pretty(&summary)?);
            } else if via_kafka && no_wait {
                println!(
                    "job {} published ({} items); the scorers work through it. Progress: \
                     credscore jobs",
                    summary.job_id, summary.total_items
                );
            } else {
                let what = match &options.filters.lang {
                    Some(lang) => format!(
                        "scored {} items with model {}, keeping those detected as {lang}",
                        summary.this_run_items, summary.model_version
                    ),
                    None => format!(
                        "re-scored {} items with model {}",
                        summary.this_run_items, summary.model_version
                    ),
                };
                println!(
                    "{what} ({:.0} items/s); job {}: {} of {} items done, {} score rows new or changed (the others were already identical){}",
                    summary.items_per_second,
                    summary.job_id,
                    summary.scanned_items,
                    summary.total_items,
                    summary.written_items,
                    if summary.practitioners_updated {
                        "; practitioner scores recomputed"
                    } else {
                        " (not the active model: `credscore model activate` it to use these scores)"
                    }
                );
            }
        }
        Ok(ExitCode::SUCCESS)
    })
}

/// Lists re-scoring jobs.
pub fn jobs(args: JobsArgs) -> anyhow::Result<ExitCode> {
    let JobsArgs {
        limit,
        json,
        database,
    } = args;
    runtime()?.block_on(async {
        let pool = connect(&database).await?;
        let jobs = jobs::list_jobs(&pool, limit).await?;
        if json {
            println!("{}", serde_json::to_string_pretty(&jobs)?);
            return Ok(ExitCode::SUCCESS);
        }
        if jobs.is_empty() {
            println!("no re-scoring jobs yet (`credscore rescore` starts one)");
            return Ok(ExitCode::SUCCESS);
        }
        println!(
            "{:>5}  {:<24} {:<6} {:<8} {:>21}  {:<20} filters",
            "job", "model", "mode", "status", "items done / total", "updated (UTC)"
        );
        for job in jobs {
            let ranges = match (job.ranges, job.ranges_done) {
                (Some(all), Some(done)) => format!(" ({done}/{all} ranges)"),
                _ => String::new(),
            };
            let filters = Filters::from_json(&job.filters)
                .map(|f| f.describe())
                .unwrap_or_else(|_| job.filters.to_string());
            println!(
                "{:>5}  {:<24} {:<6} {:<8} {:>10} / {:<10}  {:<20} {filters}{ranges}",
                job.id,
                job.model_version,
                job.mode,
                job.status,
                job.scanned_items,
                job.total_items,
                job.updated_at.format("%Y-%m-%d %H:%M:%S"),
            );
        }
        Ok(ExitCode::SUCCESS)
    })
}

/// The dry run's report as text.
fn print_dry_run(report: &DryRunReport) {
    if report.scanned_items == 0 {
        println!("dry run: no stored item matches these filters");
        return;
    }
    println!(
        "dry run (nothing written): model {} over {} items{}",
        report.model_version,
        report.scanned_items,
        if report.scored_items < report.scanned_items {
            format!(
                ", of which {} in the requested language",
                report.scored_items
            )
        } else {
            String::new()
        }
    );
    let Some(against) = &report.compared_with else {
        println!("no active model to compare with; pass --against VERSION");
        return;
    };
    println!(
        "compared with the stored scores of {against} for {} items:",
        report.compared_items
    );
    print!("{}", compare::shifts_table(&report.targets));
    if report.largest_moves.is_empty() {
        println!("no credibility score moves");
    } else {
        println!("largest credibility moves:");
        for m in &report.largest_moves {
            println!(
                "  {:<28} {:<28} {:.3} → {:.3}",
                m.item_id, m.author, m.old, m.new
            );
        }
    }
}
