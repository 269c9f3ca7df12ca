//! The `credscore` command line: offline scoring, training, evaluation, file ingest, the
//! database and the model registry.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

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
        #[command(flatten)]
        database: DatabaseConfig,
    },
}

/// Exit code when some input lines were bad but the rest was processed.
const SOME_LINES_FAILED: u8 = 2;

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    crate::telemetry::init();
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
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
                "{:<18} {:<26} {:>7} {:>12} {:>10}",
                "version", "created_at", "active", "credible_auc", "scored"
            );
            for m in db::list_models(&pool).await? {
                println!(
                    "{:<18} {:<26} {:>7} {:>12} {:>10}",
                    m.version,
                    m.created_at
                        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                    if m.active { "*" } else { "" },
                    m.credible_roc_auc
                        .map(|a| format!("{a:.3}"))
                        .unwrap_or_default(),
                    m.scored_items
                );
            }
        }
        ModelCommand::Activate { version, database } => {
            let pool = db::connect(&database).await?;
            db::activate_model(&pool, &version).await?;
            println!("activated {version}; running scorers switch to it at their next model check");
        }
    }
    Ok(ExitCode::SUCCESS)
}
