//! `credscore feeds add|list|remove|poll`: the feeds polled into the items topic.

use std::process::ExitCode;
use std::time::Duration;

use clap::Subcommand;

use crate::cli::common::{connect, runtime, SOME_LINES_FAILED};
use crate::config::{DatabaseConfig, FetchConfig, KafkaConfig};
use crate::feeds::poll::{format_interval, parse_interval};
use crate::feeds::{Outcome, Poller};
use crate::metrics::FeedMetrics;
use crate::store::feeds::{self as store, FeedStatus, NewFeed};

/// The `credscore feeds` subcommands.
#[derive(Debug, Subcommand)]
pub enum FeedsCommand {
    /// Add a feed (RSS 2.0, Atom or JSON Feed) to poll, or change the settings of one
    /// already added; it is due at once.
    Add {
        /// The feed's address (http or https).
        #[arg(value_name = "URL")]
        address: String,
        /// The platform its items are said to come from.
        #[arg(long, default_value = "blog")]
        platform: String,
        /// The language of its items, `fr` or `en` (default: the feed's, else detected).
        #[arg(long)]
        lang: Option<String>,
        /// How often to poll it: 30m, 2h, 1h30m, 1d… (from 1m to 7d).
        #[arg(long, default_value = "10m", value_parser = parse_interval)]
        every: Duration,
        /// The database.
        #[command(flatten)]
        database: DatabaseConfig,
    },
    /// List the feeds: last poll, status, items seen, last error.
    List {
        /// Also list the comment feeds followed through each blog's feed.
        #[arg(long)]
        comment_feeds: bool,
        /// One JSON object per feed instead of a table.
        #[arg(long)]
        json: bool,
        /// The database.
        #[command(flatten)]
        database: DatabaseConfig,
    },
    /// Stop polling a feed (and the comment feeds found through it). What it published
    /// stays.
    Remove {
        /// The feed's address, as `feeds list` shows it.
        #[arg(value_name = "URL")]
        address: String,
        /// The database.
        #[command(flatten)]
        database: DatabaseConfig,
    },
    /// Poll the due feeds: with --once, each once, then exit (for cron and tests); without,
    /// keep polling in the foreground as credscore-feeds does.
    Poll {
        /// Poll every due feed once and exit; status 2 when some feed failed.
        #[arg(long)]
        once: bool,
        /// Poll every feed, due or not.
        #[arg(long)]
        all: bool,
        /// Fetching.
        #[command(flatten)]
        fetch: FetchConfig,
        /// The broker and topics.
        #[command(flatten)]
        kafka: KafkaConfig,
        /// The database.
        #[command(flatten)]
        database: DatabaseConfig,
    },
}

/// Runs a `credscore feeds` subcommand.
pub fn run(command: FeedsCommand) -> anyhow::Result<ExitCode> {
    match command {
        FeedsCommand::Add {
            address,
            platform,
            lang,
            every,
            database,
        } => add(address, platform, lang, every, database),
        FeedsCommand::List {
            comment_feeds,
            json,
            database,
        } => list(comment_feeds, json, database),
        FeedsCommand::Remove { address, database } => remove(address, database),
        FeedsCommand::Poll {
            once,
            all,
            fetch,
            kafka,
            database,
        } => poll(once, all, fetch, kafka, database),
    }
}

/// A feed's address, checked: absolute, http or https.
fn feed_url(raw: &str) -> anyhow::Result<String> {
    let url = url::Url::parse(raw.trim())
        .map_err(|e| anyhow::anyhow!("{raw:?} is not a feed address ({e}): give a full URL such as https://blog.example/feed/"))?;
    anyhow::ensure!(
        matches!(url.scheme(), "http" | "https"),
        "{raw:?} is not an http or https address: feeds are fetched over HTTP"
    );
    Ok(url.to_string())
}

fn add(
    url: String,
    platform: String,
    lang: Option<String>,
    every: Duration,
    database: DatabaseConfig,
) -> anyhow::Result<ExitCode> {
    let url = feed_url(&url)?;
    let platform = platform.trim().to_string();
    anyhow::ensure!(
        !platform.is_empty() && platform.chars().count() <= 64,
        "--platform needs a name of 1 to 64 characters (blog, linkedin…)"
    );
    let lang = lang.map(|l| l.trim().to_string()).filter(|l| !l.is_empty());
    if let Some(lang) = &lang {
        anyhow::ensure!(
            credscore_model::Lang::from_hint(lang).is_some(),
            "--lang {lang:?} is not supported: credscore scores French (fr) and English (en); leave it out to use the feed's language or have it detected"
        );
    }
    runtime()?.block_on(async {
        let pool = connect(&database).await?;
        let new = store::add_feed(
            &pool,
            &NewFeed {
                url: url.clone(),
                platform: Some(platform),
                lang,
                interval_seconds: every.as_secs() as i32,
            },
        )
        .await?;
        println!(
            "{} {url}: polled every {}, due now",
            if new { "added" } else { "updated" },
            format_interval(every.as_secs() as i64)
        );
        Ok(ExitCode::SUCCESS)
    })
}

fn remove(url: String, database: DatabaseConfig) -> anyhow::Result<ExitCode> {
    let url = feed_url(&url)?;
    runtime()?.block_on(async {
        let pool = connect(&database).await?;
        match store::remove_feed(&pool, &url).await? {
            0 => {
                eprintln!("error: no feed {url} (`credscore feeds list` shows them)");
                Ok(ExitCode::FAILURE)
            }
            1 => {
                println!("removed {url}; the items it published stay");
                Ok(ExitCode::SUCCESS)
            }
            n => {
                println!(
                    "removed {url} and the {} comment feeds found through it; the items they published stay",
                    n - 1
                );
                Ok(ExitCode::SUCCESS)
            }
        }
    })
}

fn time(value: Option<chrono::DateTime<chrono::Utc>>) -> String {
    value
        .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_else(|| "never".to_string())
}

/// The status as a reader wants it: what failed, or what the last poll did.
pub fn status_line(feed: &FeedStatus) -> String {
    match feed.status.as_str() {
        "error" => format!(
            "error ({}, {} in a row): {}",
            feed.error_kind.as_deref().unwrap_or("unknown"),
            feed.consecutive_errors,
            feed.last_error.as_deref().unwrap_or("")
        ),
        "not_modified" => "ok (not modified)".to_string(),
        "new" => "new (not polled yet)".to_string(),
        other => other.to_string(),
    }
}

fn list(
    with_comment_feeds: bool,
    json: bool,
    database: DatabaseConfig,
) -> anyhow::Result<ExitCode> {
    runtime()?.block_on(async {
        let pool = connect(&database).await?;
        let feeds = store::list_feeds(&pool, with_comment_feeds).await?;
        if json {
            for feed in &feeds {
                println!("{}", serde_json::to_string(feed)?);
            }
            return Ok(ExitCode::SUCCESS);
        }
        if feeds.is_empty() {
            println!("no feeds: add one with `credscore feeds add URL`");
            return Ok(ExitCode::SUCCESS);
        }
        for feed in &feeds {
            let indent = if feed.parent_url.is_some() {
                "    comments: "
            } else {
                ""
            };
            println!("{indent}{}", feed.url);
            let mut facts = vec![
                format!("status {}", status_line(feed)),
                format!("last poll {}", time(feed.last_polled_at)),
                format!("last success {}", time(feed.last_success_at)),
                format!("items seen {}", feed.items_seen),
                format!("every {}", format_interval(feed.interval_seconds as i64)),
            ];
            if feed.parent_url.is_none() && feed.comment_feeds > 0 {
                facts.push(format!(
                    "comment feeds {} ({} failing)",
                    feed.comment_feeds, feed.comment_feeds_failing
                ));
            }
            println!("{indent}  {}", facts.join(" · "));
            if let Some(warning) = &feed.warning {
                println!("{indent}  warning: {warning}");
            }
        }
        Ok(ExitCode::SUCCESS)
    })
}

fn poll(
    once: bool,
    all: bool,
    fetch: FetchConfig,
    kafka: KafkaConfig,
    database: DatabaseConfig,
) -> anyhow::Result<ExitCode> {
    runtime()?.block_on(async {
        if !once {
            anyhow::ensure!(!all, "--all goes with --once");
            let config = crate::config::FeedsConfig {
                listen: "127.0.0.1:0".to_string(),
                check_ms: 5_000,
                fetch,
                kafka,
                database,
            };
            let shutdown = crate::CancellationToken::new();
            crate::cancel_on_signal(shutdown.clone());
            crate::feeds::run(config, shutdown, None).await?;
            return Ok(ExitCode::SUCCESS);
        }
        let pool = connect(&database).await?;
        crate::kafka::ensure_topics(&kafka).await?;
        let poller = Poller::new(pool, &kafka, &fetch, FeedMetrics::new())?;
        let reports = poller
            .poll_round(all, &crate::CancellationToken::new())
            .await?;
        use rdkafka::producer::Producer;
        let _ = poller.producer().flush(Duration::from_secs(10));
        let mut failed = 0;
        for report in &reports {
            let what = if report.comment_feed { "comments " } else { "" };
            match report.outcome {
                Outcome::Ok => println!(
                    "ok            {what}{}: {} entries, {} new, {} edited, {} skipped",
                    report.url, report.entries, report.new, report.edited, report.skipped
                ),
                Outcome::NotModified => println!("not modified  {what}{}", report.url),
                Outcome::Error => {
                    failed += 1;
                    println!(
                        "error         {what}{}: {}",
                        report.url,
                        report.error.as_deref().unwrap_or("")
                    );
                }
            }
        }
        let published: usize = reports.iter().map(|r| r.new + r.edited).sum();
        eprintln!(
            "polled {} feeds: {published} items published to {}, {failed} feeds failed{}",
            reports.len(),
            kafka.items_topic,
            if failed > 0 {
                " (`credscore feeds list` shows their errors)"
            } else {
                ""
            }
        );
        Ok(if failed > 0 {
            ExitCode::from(SOME_LINES_FAILED)
        } else {
            ExitCode::SUCCESS
        })
    })
}
