//! The `credscore` command: its subcommands and where each is handled.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::cli::common::{open_input, runtime, SOME_LINES_FAILED};
use crate::cli::export::ExportCommand;
use crate::cli::feeds::FeedsCommand;
use crate::cli::model::ModelCommand;
use crate::cli::rescore::{JobsArgs, RescoreArgs};
use crate::cli::score::ScoreArgs;
use crate::cli::store::{ForgetArgs, PractitionersArgs};
use crate::cli::train::{EvalArgs, TrainArgs};
use crate::cli::{export, feeds, model, rescore, score, store, train};
use crate::config::{DatabaseConfig, KafkaConfig};

/// The command line.
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
    Score(ScoreArgs),
    /// Train the model from the labeled corpus, with a cross-validated report.
    Train(TrainArgs),
    /// Evaluate a model on a labeled file (corpus format).
    Eval(EvalArgs),
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
    Rescore(RescoreArgs),
    /// List re-scoring jobs, newest first: model, filters, progress, state.
    Jobs(JobsArgs),
    /// Check the stored references (items → practitioners, scores → items and models); exits
    /// with status 1 and names the counts if any row points at nothing.
    Check {
        #[command(flatten)]
        database: DatabaseConfig,
    },
    /// Print practitioners ranked by credibility.
    Practitioners(PractitionersArgs),
    /// Recompute peer standing from the reply graph now (the scorer does it every
    /// CREDSCORE_STANDING_EVERY_SECONDS).
    Standing {
        #[command(flatten)]
        database: DatabaseConfig,
    },
    /// Judge stored items that the copy index has not seen (items stored before the copy index
    /// existed, or while the scorer ran with CREDSCORE_COPIES=false), oldest first; safe to
    /// run again and beside running scorers.
    Copies {
        #[command(flatten)]
        database: DatabaseConfig,
    },
    /// Feeds polled into the items topic: add, list, remove, poll.
    Feeds {
        #[command(subcommand)]
        command: FeedsCommand,
    },
    /// Write stored data out: `labels`, the items reviewers labeled, in the corpus format.
    Export {
        #[command(subcommand)]
        command: ExportCommand,
    },
    /// Erase an author: their items, every score of them, their practitioner score, with an
    /// audit row (who, when, how many rows). Their later items are scored as new.
    Forget(ForgetArgs),
}

/// The `credscore` binary's entry point.
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
            eprintln!("error: {}", crate::error_chain(&error));
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Score(args) => score::run(args),
        Command::Train(args) => train::train(args),
        Command::Eval(args) => train::eval(args),
        Command::Ingest { input, kafka } => ingest(input, kafka),
        Command::Migrate { database } => store::migrate(database),
        Command::Model { command } => runtime()?.block_on(model::run(command)),
        Command::Rescore(args) => rescore::rescore(args),
        Command::Jobs(args) => rescore::jobs(args),
        Command::Check { database } => store::check(database),
        Command::Practitioners(args) => store::practitioners(args),
        Command::Standing { database } => store::standing(database),
        Command::Copies { database } => store::copies(database),
        Command::Forget(args) => store::forget(args),
        Command::Feeds { command } => feeds::run(command),
        Command::Export { command } => export::run(command),
    }
}

/// `credscore ingest FILE`.
fn ingest(input: PathBuf, kafka: KafkaConfig) -> anyhow::Result<ExitCode> {
    let reader = open_input(&input)?;
    let source = input.display().to_string();
    let summary = runtime()?.block_on(crate::ingest::ingest_reader(reader, &source, &kafka))?;
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

#[cfg(test)]
mod tests {
    use crate::error_chain;
    use credscore_model::train;

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
