//! `credscore train` and `credscore eval`: the model from the labeled corpus, and a model on
//! a labeled file.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::Args;
use credscore_model::train::{self, TrainOptions};
use credscore_model::{stance, Dictionaries, Extractor};

use crate::cli::common::{connect, dictionaries, load_model, runtime, SOME_LINES_FAILED};
use crate::config::DatabaseConfig;
use crate::store::{models, reviewed};

/// Arguments of `credscore train`.
#[derive(Debug, Args)]
pub struct TrainArgs {
    /// A labeled `.jsonl` file or a directory of them.
    #[arg(long, default_value = "corpus")]
    corpus: PathBuf,
    /// Where to write the model artifact [default: models/default.json; with
    /// --with-labels, models/with-labels.json].
    #[arg(long)]
    output: Option<PathBuf>,
    /// Where to write the report (text; a `.json` twin is written beside it) [default:
    /// models/report.txt; with --with-labels, models/with-labels-report.txt].
    #[arg(long)]
    report: Option<PathBuf>,
    /// Merge the labels reviewers gave through the API (the database's labels in force) into
    /// the corpus, a human label winning over the corpus's, then register the model trained
    /// without activating it (`credscore model diff`, then `credscore model activate`).
    /// Trains the credibility model only.
    #[arg(long)]
    with_labels: bool,
    #[command(flatten)]
    /// The database (read with --with-labels only).
    database: DatabaseConfig,
    /// Cross-validation folds.
    #[arg(long, default_value_t = 5)]
    folds: usize,
    /// L2 penalty of the logistic regressions.
    #[arg(long, default_value_t = 1.0)]
    l2_penalty: f64,
    /// The labeled replies of the stance model (`*.jsonl`; its frozen split is
    /// `<dir>/frozen/test.jsonl`).
    #[arg(long, default_value = "corpus/stance")]
    stance_corpus: PathBuf,
    /// Where to write the stance model artifact.
    #[arg(long, default_value = "models/stance.json")]
    stance_output: PathBuf,
    /// Where to write the stance report (text; a `.json` twin is written beside it).
    #[arg(long, default_value = "models/stance-report.txt")]
    stance_report: PathBuf,
    /// Train one model only: `credibility` (the default model) or `stance`; both by default.
    #[arg(long, value_enum)]
    only: Option<Only>,
}

/// The models `credscore train` can train.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Only {
    /// The credibility model (`models/default.json`).
    Credibility,
    /// The stance model (`models/stance.json`).
    Stance,
}

/// Arguments of `credscore eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// A labeled file (corpus format).
    #[arg(long, short)]
    input: PathBuf,
    /// Model artifact; default: the model built into this binary.
    #[arg(long, env = "CREDSCORE_MODEL")]
    model: Option<PathBuf>,
}

/// Evaluates a model on a labeled file.
pub fn eval(args: EvalArgs) -> anyhow::Result<ExitCode> {
    let model = load_model(args.model.as_deref())?;
    let input = args.input;
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

/// Trains the credibility model and the stance model (or the one `--only` names) and
/// writes each with its report; exit code 2 when some labeled line was skipped.
pub fn train(args: TrainArgs) -> anyhow::Result<ExitCode> {
    if args.with_labels {
        anyhow::ensure!(
            args.only != Some(Only::Stance),
            "--with-labels trains the credibility model (reviewers label cues, not stances): drop --only stance"
        );
        return train_with_labels(&args);
    }
    let mut every_line_read = true;
    if args.only != Some(Only::Stance) {
        every_line_read &= train_credibility(&args)?;
    }
    if args.only != Some(Only::Credibility) {
        every_line_read &= train_stance(&args)?;
    }
    Ok(if every_line_read {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(SOME_LINES_FAILED)
    })
}

fn progress_bar() -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(1);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} {msg:32} [{bar:30}] {pos}/{len} {elapsed}",
        )
        .expect("valid template")
        .progress_chars("=> "),
    );
    bar
}

fn create_parents(paths: &[&Path]) -> anyhow::Result<()> {
    for path in paths {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)?;
        }
    }
    Ok(())
}

/// Trains the stance model from `--stance-corpus` and writes it with its report; whether
/// every line was read.
fn train_stance(args: &TrainArgs) -> anyhow::Result<bool> {
    let (corpus, output, report_path) = (
        &args.stance_corpus,
        &args.stance_output,
        &args.stance_report,
    );
    let files = stance::train::stance_corpus_files(corpus)?;
    anyhow::ensure!(!files.is_empty(), "no .jsonl files in {}", corpus.display());
    let (items, errors, data_hash) = stance::train::load_stance(&files)?;
    for e in &errors {
        eprintln!("{e}; line skipped");
    }
    eprintln!(
        "training the stance model on {} replies from {} files",
        items.len(),
        files.len()
    );
    let options = stance::train::StanceTrainOptions {
        folds: args.folds,
        l2_penalty: args.l2_penalty,
        frozen_split: Some(train::frozen_split_of(corpus)),
        ..Default::default()
    };
    let bar = progress_bar();
    let progress = |stage: &str, done: usize, total: usize| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
        bar.set_message(stage.to_string());
    };
    let created_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let (artifact, report) =
        stance::train::train_stance(&items, &data_hash, &options, &created_at, &progress)?;
    bar.finish_and_clear();
    write_trained(
        output,
        report_path,
        Trained {
            name: "stance model",
            version: &artifact.version,
            artifact_json: artifact.to_json(),
            report_text: report.to_text(),
            report_json: serde_json::to_string_pretty(&report)?,
        },
    )?;
    Ok(errors.is_empty())
}

/// A trained model as written: its artifact and its report, as text and as JSON.
struct Trained<'a> {
    /// `model` or `stance model`: the report's first words.
    name: &'a str,
    version: &'a str,
    artifact_json: String,
    report_text: String,
    report_json: String,
}

/// Writes a trained artifact and its report (text, also printed, and JSON beside it), and
/// says where they went.
fn write_trained(output: &Path, report_path: &Path, trained: Trained<'_>) -> anyhow::Result<()> {
    create_parents(&[output, report_path])?;
    std::fs::write(output, trained.artifact_json + "\n")?;
    let text = format!(
        "{} {}\n{}",
        trained.name, trained.version, trained.report_text
    );
    std::fs::write(report_path, &text)?;
    std::fs::write(
        report_path.with_extension("json"),
        trained.report_json + "\n",
    )?;
    print!("{text}");
    let version = trained.version;
    eprintln!(
        "wrote {} (version {version}) and {}",
        output.display(),
        report_path.display()
    );
    Ok(())
}

/// Trains the credibility model from the corpus and writes it with its report; whether
/// every line was read.
fn train_credibility(args: &TrainArgs) -> anyhow::Result<bool> {
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| "models/default.json".into());
    let report_path = args
        .report
        .clone()
        .unwrap_or_else(|| "models/report.txt".into());
    let options = TrainOptions {
        folds: args.folds,
        l2_penalty: args.l2_penalty,
        ..TrainOptions::default()
    };
    let corpus = load_corpus(&args.corpus)?;
    eprintln!(
        "training on {} items from {} files",
        corpus.items.len(),
        corpus.files
    );
    fit_and_write(
        &corpus.items,
        &corpus.data_hash,
        &options,
        &output,
        &report_path,
    )?;
    Ok(corpus.every_line_read)
}

/// The labeled corpus as read, with the lines skipped reported.
struct Corpus {
    items: Vec<train::LabeledItem>,
    data_hash: String,
    files: usize,
    every_line_read: bool,
}

fn load_corpus(corpus: &Path) -> anyhow::Result<Corpus> {
    let files = train::corpus_files(corpus)?;
    anyhow::ensure!(!files.is_empty(), "no .jsonl files in {}", corpus.display());
    let (items, errors, data_hash) = train::load_labeled(&files)?;
    for e in &errors {
        eprintln!("{e}; line skipped");
    }
    Ok(Corpus {
        items,
        data_hash,
        files: files.len(),
        every_line_read: errors.is_empty(),
    })
}

/// Trains on `items` with a progress bar and writes the artifact and its report.
fn fit_and_write(
    items: &[train::LabeledItem],
    data_hash: &str,
    options: &TrainOptions,
    output: &Path,
    report_path: &Path,
) -> anyhow::Result<(credscore_model::ModelArtifact, train::Report)> {
    let dictionaries = Dictionaries::load_default().map_err(|e| {
        anyhow::anyhow!("{e}: training needs the spelling dictionaries (`make deps` installs them)")
    })?;
    let extractor = Extractor::new(Arc::new(dictionaries));
    let bar = progress_bar();
    let progress = |stage: &str, done: usize, total: usize| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
        bar.set_message(stage.to_string());
    };
    let created_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let (artifact, report) = train::train(
        &extractor,
        items,
        data_hash,
        options,
        &created_at,
        &progress,
    )?;
    bar.finish_and_clear();
    write_trained(
        output,
        report_path,
        Trained {
            name: "model",
            version: &artifact.version,
            artifact_json: artifact.to_json(),
            report_text: report.to_text(),
            report_json: serde_json::to_string_pretty(&report)?,
        },
    )?;
    Ok((artifact, report))
}

/// `credscore train --with-labels`: the corpus merged with the reviewers' labels, trained,
/// written and registered without being activated.
fn train_with_labels(args: &TrainArgs) -> anyhow::Result<ExitCode> {
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| "models/with-labels.json".into());
    let report_path = args
        .report
        .clone()
        .unwrap_or_else(|| "models/with-labels-report.txt".into());
    let corpus = load_corpus(&args.corpus)?;
    let rt = runtime()?;
    let pool = rt.block_on(connect(&args.database))?;
    let reviewed = rt.block_on(reviewed::reviewed_items(&pool))?;
    anyhow::ensure!(
        !reviewed.is_empty(),
        "no reviewed items in {}: label items first (POST /v1/items/{{id}}/labels or the dashboard's review queue)",
        args.database.redacted()
    );
    let frozen_path = train::frozen_split_of(&args.corpus);
    let frozen: std::collections::BTreeSet<String> = if frozen_path.is_file() {
        let (items, _, _) = train::load_labeled(std::slice::from_ref(&frozen_path))?;
        items.into_iter().map(|l| l.item.id).collect()
    } else {
        Default::default()
    };
    let merged = train::merge_reviewed(corpus.items, reviewed, &frozen);
    for (id, why) in &merged.skipped {
        eprintln!("reviewed item {id} left out: {why}");
    }
    anyhow::ensure!(
        !merged.reviewed_ids.is_empty(),
        "none of the reviewed items can be used (see above)"
    );
    eprintln!(
        "training on {} corpus items and {} reviewed items ({} added, {} corpus labels corrected)",
        merged.corpus_ids.len(),
        merged.reviewed_ids.len(),
        merged.added,
        merged.corrected
    );
    let data_hash = train::merged_hash(&corpus.data_hash, &merged);
    // The n-gram scales the active model's training chose, when it runs here: one
    // cross-validation instead of one per candidate scale.
    let active_version = rt.block_on(models::active_version(&pool))?;
    let active = rt.block_on(async {
        models::load_model(&pool, active_version.as_deref()?)
            .await
            .ok()
    });
    let fixed_scales = active.and_then(|artifact| {
        let scales: Vec<f64> = credscore_model::model::REGRESSIONS
            .iter()
            .map(|r| artifact.targets.get(*r).map(|t| t.ngram_scale))
            .collect::<Option<_>>()?;
        <[f64; 5]>::try_from(scales).ok()
    });
    let options = TrainOptions {
        fixed_scales,
        folds: args.folds,
        l2_penalty: args.l2_penalty,
        // The ablation is the built-in model's business; this run compares with it instead.
        ablation: false,
        frozen_split: Some(frozen_path),
        sections: vec![
            ("corpus".into(), merged.corpus_ids.clone()),
            ("reviewed".into(), merged.reviewed_ids.clone()),
        ],
        ..TrainOptions::default()
    };
    let (artifact, _) = fit_and_write(&merged.items, &data_hash, &options, &output, &report_path)?;
    let added = rt.block_on(models::register_model(&pool, &artifact))?;
    let active = active_version.as_deref().unwrap_or("<active>");
    let version = &artifact.version;
    println!(
        "{} {version} (not active): compare it with `credscore model diff {active} {version}`, then `credscore model activate {version}`",
        if added { "registered" } else { "already registered:" },
    );
    Ok(if corpus.every_line_read {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(SOME_LINES_FAILED)
    })
}
