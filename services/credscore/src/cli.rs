//! The `credscore` command line: offline scoring, training, evaluation, file ingest, the
//! database and the model registry.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use clap::{Parser, Subcommand};
use credscore_model::train::{self, TrainOptions};
use credscore_model::{Dictionaries, Extractor, Item, Model, ModelArtifact, Scorer};
use rayon::prelude::*;

use crate::config::{DatabaseConfig, KafkaConfig};
use crate::db;

#[derive(Debug, Parser)]
#[command(
    name = "credscore",
    version,
    about = "Scores the credibility of social-media practitioners from their posts and comments"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Score items offline (no broker, no database): one JSON result per input line, in order.
    Score {
        /// NDJSON file of items, or `-` for stdin.
        #[arg(long, short)]
        input: PathBuf,
        /// Model artifact; default: the model built into this binary.
        #[arg(long, env = "CREDSCORE_MODEL")]
        model: Option<PathBuf>,
    },
    /// Train the model from the labeled corpus, with a cross-validated report.
    Train {
        /// A labeled `.jsonl` file or a directory of them.
        #[arg(long, default_value = "corpus")]
        corpus: PathBuf,
        /// Where to write the model artifact.
        #[arg(long, default_value = "models/default.json")]
        output: PathBuf,
        /// Where to write the report (text; a `.json` twin is written beside it).
        #[arg(long, default_value = "models/report.txt")]
        report: PathBuf,
        /// Cross-validation folds.
        #[arg(long, default_value_t = 5)]
        folds: usize,
        /// L2 penalty of the logistic regressions.
        #[arg(long, default_value_t = 1.0)]
        l2_penalty: f64,
    },
    /// Evaluate a model on a labeled file (corpus format).
    Eval {
        #[arg(long, short)]
        input: PathBuf,
        #[arg(long, env = "CREDSCORE_MODEL")]
        model: Option<PathBuf>,
    },
    /// Publish an NDJSON file (or `-` for stdin) to the items topic.
    Ingest {
        input: PathBuf,
        #[command(flatten)]
        kafka: KafkaConfig,
    },
    /// Apply the database migrations.
    Migrate {
        #[command(flatten)]
        database: DatabaseConfig,
    },
    /// The model registry.
    Model {
        #[command(subcommand)]
        command: ModelCommand,
    },
    /// Re-score stored items with a model version (default: the active one). Resumable: run
    /// the same command again after an interruption and it continues where it stopped.
    Rescore {
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
    },
    /// List re-scoring jobs, newest first: model, filters, progress, state.
    Jobs {
        /// How many jobs to list.
        #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(i64).range(1..=10_000))]
        limit: i64,
        /// Print the jobs as JSON on stdout.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        database: DatabaseConfig,
    },
    /// Check the stored references (items → practitioners, scores → items and models); exits
    /// with status 1 and names the counts if any row points at nothing.
    Check {
        #[command(flatten)]
        database: DatabaseConfig,
    },
    /// Print practitioners ranked by credibility.
    Practitioners {
        #[arg(long, default_value_t = 20)]
        limit: i64,
        /// List the least credible first.
        #[arg(long)]
        least_credible: bool,
        #[command(flatten)]
        database: DatabaseConfig,
    },
}

#[derive(Debug, Subcommand)]
enum ModelCommand {
    /// Add a model artifact to the registry.
    Register {
        artifact: PathBuf,
        /// Also make it the active model.
        #[arg(long)]
        activate: bool,
        #[command(flatten)]
        database: DatabaseConfig,
    },
    /// List registered models.
    List {
        #[command(flatten)]
        database: DatabaseConfig,
    },
    /// Make a registered model the active one (scorers switch within seconds).
    Activate {
        version: String,
        /// Half-life of an item's weight in practitioner scores, in days.
        #[arg(long, env = "CREDSCORE_HALF_LIFE_DAYS", default_value_t = crate::config::DEFAULT_HALF_LIFE_DAYS)]
        half_life_days: f64,
        #[command(flatten)]
        database: DatabaseConfig,
    },
    /// Compare two model versions over the items both have scored: per-target shifts and the
    /// practitioners whose rank moved most.
    Diff {
        /// The model version to compare from (`credscore model list`).
        old: String,
        /// The model version to compare to.
        new: String,
        /// Practitioners listed.
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(i64).range(1..=1000))]
        top: i64,
        /// Half-life of an item's weight in practitioner scores, in days.
        #[arg(long, env = "CREDSCORE_HALF_LIFE_DAYS", default_value_t = crate::config::DEFAULT_HALF_LIFE_DAYS)]
        half_life_days: f64,
        /// Print the comparison as JSON on stdout.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        database: DatabaseConfig,
    },
}

/// A time given on the command line: RFC 3339, or a date meaning midnight UTC.
fn parse_time_arg(raw: &str) -> Result<DateTime<Utc>, String> {
    if let Ok(time) = DateTime::parse_from_rfc3339(raw) {
        return Ok(time.with_timezone(&Utc));
    }
    chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map(|d| d.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc())
        .map_err(|_| format!("expected an RFC 3339 time (2026-03-01T12:00:00Z) or a date (2026-03-01), got {raw:?}"))
}

/// Exit code when some input lines were bad but the rest was processed.
const SOME_LINES_FAILED: u8 = 2;

pub fn main() -> ExitCode {
    // Output piped into `head` and closed early ends the program quietly, as for other
    // command-line tools, instead of failing on the next write.
    // SAFETY: restoring the default disposition of SIGPIPE before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    crate::telemetry::init();
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {}", error_chain(&error));
            ExitCode::FAILURE
        }
    }
}

/// An error and its causes on one line, each cause once: many errors already quote their
/// cause in their own message.
fn error_chain(error: &anyhow::Error) -> String {
    let mut message = error.to_string();
    for cause in error.chain().skip(1) {
        let text = cause.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
    }
    message
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?)
}

fn dictionaries() -> Dictionaries {
    Dictionaries::load_default().unwrap_or_else(|error| {
        eprintln!(
            "warning: {error}; spelling is not checked, so writing errors are under-detected"
        );
        Dictionaries::none()
    })
}

fn load_model(path: Option<&Path>) -> anyhow::Result<Model> {
    Ok(match path {
        Some(path) => {
            let json = std::fs::read_to_string(path)
                .map_err(|e| anyhow::anyhow!("cannot read model {}: {e}", path.display()))?;
            Model::new(ModelArtifact::from_json(&json)?)?
        }
        None => Model::builtin()?,
    })
}

fn open_input(path: &Path) -> anyhow::Result<Box<dyn BufRead>> {
    if path == Path::new("-") {
        return Ok(Box::new(std::io::stdin().lock()));
    }
    let file = std::fs::File::open(path)
        .map_err(|e| anyhow::anyhow!("cannot open {}: {e}", path.display()))?;
    Ok(Box::new(std::io::BufReader::new(file)))
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Score { input, model } => score(&input, model.as_deref()),
        Command::Train {
            corpus,
            output,
            report,
            folds,
            l2_penalty,
        } => train_command(
            &corpus,
            &output,
            &report,
            TrainOptions {
                folds,
                l2_penalty,
                ..TrainOptions::default()
            },
        ),
        Command::Eval { input, model } => {
            let model = load_model(model.as_deref())?;
            let (items, errors, _) = train::load_labeled(std::slice::from_ref(&input))?;
            for e in &errors {
                eprintln!("{e}");
            }
            anyhow::ensure!(!items.is_empty(), "no labeled items in {}", input.display());
            let report = train::evaluate(&Extractor::new(Arc::new(dictionaries())), &model, &items);
            println!("model {}", model.version());
            print!("{}", report.to_text());
            Ok(if errors.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(SOME_LINES_FAILED)
            })
        }
        Command::Ingest { input, kafka } => {
            let reader = open_input(&input)?;
            let source = input.display().to_string();
            let summary =
                runtime()?.block_on(crate::ingest::ingest_reader(reader, &source, &kafka))?;
            eprintln!(
                "published {} items to {}; {} bad lines skipped",
                summary.published, kafka.items_topic, summary.bad_lines
            );
            Ok(if summary.bad_lines == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(SOME_LINES_FAILED)
            })
        }
        Command::Migrate { database } => runtime()?.block_on(async {
            let pool = db::connect(&database).await?;
            db::migrate(&pool).await?;
            eprintln!("migrations applied to {}", database.redacted());
            Ok(ExitCode::SUCCESS)
        }),
        Command::Model { command } => runtime()?.block_on(model_command(command)),
        Command::Rescore {
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
        } => {
            let options = crate::rescore::RescoreOptions {
                model,
                filters: crate::rescore::Filters {
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
                let pool = db::connect(&database).await?;
                db::migrate(&pool).await?;
                if dry_run {
                    let report = crate::rescore::dry_run(
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
                        crate::rescore::run_via_kafka(&pool, &kafka, &options, range_size, !no_wait)
                            .await?
                    } else {
                        crate::rescore::run_local(&pool, extractor, &options).await?
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
        Command::Jobs {
            limit,
            json,
            database,
        } => runtime()?.block_on(async {
            let pool = db::connect(&database).await?;
            db::migrate(&pool).await?;
            let jobs = crate::rescore::list_jobs(&pool, limit).await?;
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
                let filters = crate::rescore::Filters::from_json(&job.filters)
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
        }),
        Command::Check { database } => runtime()?.block_on(async {
            let pool = db::connect(&database).await?;
            let mut broken = false;
            for (reference, count) in db::dangling_references(&pool).await? {
                println!("{reference:<32} {count:>10} dangling");
                broken |= count > 0;
            }
            if broken {
                eprintln!("error: some stored rows reference rows that do not exist");
                return Ok(ExitCode::FAILURE);
            }
            println!("all references resolve");
            Ok(ExitCode::SUCCESS)
        }),
        Command::Practitioners {
            limit,
            least_credible,
            database,
        } => runtime()?.block_on(async {
            let pool = db::connect(&database).await?;
            let rows = db::ranked_practitioners(&pool, limit, least_credible).await?;
            println!(
                "{:<32} {:>5} {:>11} {:>15}  cue rates (promo/claims/writing)",
                "practitioner", "items", "credibility", "95% interval"
            );
            for r in rows {
                let cue = |name: &str| r.cue_profile[name].as_f64().unwrap_or(0.0);
                println!(
                    "{:<32} {:>5} {:>11.3} {:>7.3}–{:<7.3}  {:.2} / {:.2} / {:.2}",
                    r.id,
                    r.items,
                    r.credibility,
                    r.low,
                    r.high,
                    cue("self_promotion"),
                    cue("unverifiable_claims"),
                    cue("writing_errors")
                );
            }
            Ok(ExitCode::SUCCESS)
        }),
    }
}

/// Lines scored together: large enough to keep every core busy, small enough to stream.
const SCORE_CHUNK: usize = 4096;

fn score(input: &Path, model: Option<&Path>) -> anyhow::Result<ExitCode> {
    let scorer = Scorer::new(
        Extractor::new(Arc::new(dictionaries())),
        Arc::new(load_model(model)?),
    );
    let reader = open_input(input)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let source = input.display().to_string();
    let mut failed = 0usize;
    let mut chunk: Vec<(usize, String)> = Vec::with_capacity(SCORE_CHUNK);
    let flush = |chunk: &mut Vec<(usize, String)>,
                 out: &mut dyn Write,
                 failed: &mut usize|
     -> anyhow::Result<()> {
        let results: Vec<Result<String, String>> = chunk
            .par_iter()
            .map(|(number, line)| {
                Item::from_json(line)
                    .map(|item| {
                        serde_json::to_string(&scorer.score(&item)).expect("score serialises")
                    })
                    .map_err(|e| format!("{source}:{number}: {e}; line skipped"))
            })
            .collect();
        for result in results {
            match result {
                Ok(json) => writeln!(out, "{json}")?,
                Err(message) => {
                    *failed += 1;
                    eprintln!("{message}");
                }
            }
        }
        chunk.clear();
        Ok(())
    };
    for (index, line) in reader.lines().enumerate() {
        let line = line.map_err(|e| anyhow::anyhow!("{source}:{}: cannot read: {e}", index + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        chunk.push((index + 1, line));
        if chunk.len() == SCORE_CHUNK {
            flush(&mut chunk, &mut out, &mut failed)?;
        }
    }
    flush(&mut chunk, &mut out, &mut failed)?;
    out.flush()?;
    if failed > 0 {
        eprintln!("{failed} line(s) could not be scored");
        return Ok(ExitCode::from(SOME_LINES_FAILED));
    }
    Ok(ExitCode::SUCCESS)
}

fn train_command(
    corpus: &Path,
    output: &Path,
    report_path: &Path,
    options: TrainOptions,
) -> anyhow::Result<ExitCode> {
    let files = train::corpus_files(corpus)?;
    anyhow::ensure!(!files.is_empty(), "no .jsonl files in {}", corpus.display());
    let (items, errors, data_hash) = train::load_labeled(&files)?;
    for e in &errors {
        eprintln!("{e}; line skipped");
    }
    let dictionaries = Dictionaries::load_default().map_err(|e| {
        anyhow::anyhow!("{e}: training needs the spelling dictionaries (`make deps` installs them)")
    })?;
    let extractor = Extractor::new(Arc::new(dictionaries));
    eprintln!(
        "training on {} items from {} files",
        items.len(),
        files.len()
    );
    let bar = indicatif::ProgressBar::new(1);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} {msg:32} [{bar:30}] {pos}/{len} {elapsed}",
        )
        .expect("valid template")
        .progress_chars("=> "),
    );
    let progress = |stage: &str, done: usize, total: usize| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
        bar.set_message(stage.to_string());
    };
    let created_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let (artifact, report) = train::train(
        &extractor,
        &items,
        &data_hash,
        &options,
        &created_at,
        &progress,
    )?;
    bar.finish_and_clear();
    for path in [output, report_path] {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)?;
        }
    }
    std::fs::write(output, artifact.to_json() + "\n")?;
    let text = format!("model {}\n{}", artifact.version, report.to_text());
    std::fs::write(report_path, &text)?;
    std::fs::write(
        report_path.with_extension("json"),
        serde_json::to_string_pretty(&report)? + "\n",
    )?;
    print!("{text}");
    eprintln!(
        "wrote {} (version {}) and {}",
        output.display(),
        artifact.version,
        report_path.display()
    );
    Ok(if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(SOME_LINES_FAILED)
    })
}

async fn model_command(command: ModelCommand) -> anyhow::Result<ExitCode> {
    match command {
        ModelCommand::Register {
            artifact,
            activate,
            database,
        } => {
            let json = std::fs::read_to_string(&artifact)
                .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", artifact.display()))?;
            let artifact = ModelArtifact::from_json(&json)?;
            let pool = db::connect(&database).await?;
            db::migrate(&pool).await?;
            let added = db::register_model(&pool, &artifact).await?;
            println!(
                "{} {}",
                if added {
                    "registered"
                } else {
                    "already registered:"
                },
                artifact.version
            );
            if activate {
                db::activate_model(&pool, &artifact.version).await?;
                println!("activated {}", artifact.version);
            }
        }
        ModelCommand::List { database } => {
            let pool = db::connect(&database).await?;
            println!(
                "{:<18} {:<21} {:<21} {:<21} {:>7} {:>12} {:>10}",
                "version", "trained", "registered", "activated", "active", "credible_auc", "scored"
            );
            let time = |t: DateTime<Utc>| t.format("%Y-%m-%d %H:%M:%S").to_string();
            for m in crate::read::models(&pool).await? {
                println!(
                    "{:<18} {:<21} {:<21} {:<21} {:>7} {:>12} {:>10}",
                    m.version,
                    time(m.created_at),
                    time(m.registered_at),
                    m.activated_at.map(time).unwrap_or_else(|| "–".to_string()),
                    if m.active { "*" } else { "" },
                    m.metrics["targets"]["credible"]["roc_auc"]
                        .as_f64()
                        .map(|a| format!("{a:.3}"))
                        .unwrap_or_default(),
                    m.scored_items
                );
            }
        }
        ModelCommand::Activate {
            version,
            half_life_days,
            database,
        } => {
            let pool = db::connect(&database).await?;
            db::activate_model(&pool, &version).await?;
            // Practitioner scores follow the active model: rebuild them from its stored scores.
            let model = Model::new(db::load_model(&pool, &version).await?)?;
            crate::rescore::recompute_all_practitioners(&pool, &model, &version, half_life_days)
                .await?;
            let (scored, items): (i64, i64) = sqlx::query_as(
                "SELECT (SELECT count(*) FROM scores WHERE model_version = $1), (SELECT count(*) FROM items)",
            )
            .bind(&version)
            .fetch_one(&pool)
            .await?;
            println!("activated {version}; running scorers switch to it at their next model check");
            if scored < items {
                println!(
                    "{scored} of {items} stored items have a score under it: `credscore rescore` scores the rest"
                );
            }
        }
        ModelCommand::Diff {
            old,
            new,
            top,
            half_life_days,
            json,
            database,
        } => {
            let pool = db::connect(&database).await?;
            let diff = crate::rescore::model_diff(&pool, &old, &new, half_life_days, top).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&diff)?);
            } else {
                print_diff(&diff);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_dry_run(report: &crate::rescore::DryRunReport) {
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
    print!("{}", crate::rescore::shifts_table(&report.targets));
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

fn print_diff(diff: &crate::rescore::ModelDiff) {
    println!(
        "{} → {}: {} items scored by both ({} only by {}, {} only by {})",
        diff.old, diff.new, diff.compared_items, diff.only_old, diff.old, diff.only_new, diff.new
    );
    print!("{}", crate::rescore::shifts_table(&diff.targets));
    for l in &diff.by_language {
        println!(
            "  {}: {} items, credibility shift {:+.4}, {} changed class",
            l.lang, l.compared_items, l.mean_shift, l.changed_class
        );
    }
    println!(
        "practitioners whose rank moved most (of {}):",
        diff.compared_practitioners
    );
    println!(
        "  {:<32} {:>9} {:>9} {:>8} {:>8}",
        "practitioner", "old", "new", "old rank", "new rank"
    );
    for m in &diff.rank_moves {
        println!(
            "  {:<32} {:>9.3} {:>9.3} {:>8} {:>8}",
            m.author, m.old_score, m.new_score, m.old_rank, m.new_rank
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_chain_names_each_cause_once() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file");
        let quoted = anyhow::Error::new(train::TrainError::Read {
            path: "corpus".into(),
            source: io,
        });
        assert_eq!(error_chain(&quoted), "cannot read corpus: no such file");
        let wrapped = anyhow::anyhow!("disk on fire").context("cannot save");
        assert_eq!(error_chain(&wrapped), "cannot save: disk on fire");
    }
}
