//! `credscore model …`: the model registry.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use clap::Subcommand;
use std::sync::Arc;

use credscore_model::{Extractor, Model, ModelArtifact, Scorer};

use crate::cli::common::{connect, dictionaries};
use crate::compare::{self, ModelDiff};
use crate::config::DatabaseConfig;
use crate::store::{models, practitioners, read};

/// The subcommands of `credscore model`.
#[derive(Debug, Subcommand)]
pub enum ModelCommand {
    /// Add a model artifact to the registry.
    Register {
        /// The artifact file (JSON, as `credscore train` writes it).
        artifact: PathBuf,
        /// Also make it the active model.
        #[arg(long)]
        activate: bool,
        #[command(flatten)]
        /// The database.
        database: DatabaseConfig,
    },
    /// List registered models.
    List {
        #[command(flatten)]
        /// The database.
        database: DatabaseConfig,
    },
    /// Make a registered model the active one (scorers switch within seconds).
    Activate {
        /// The version to activate (`credscore model list`).
        version: String,
        /// Half-life of an item's weight in practitioner scores, in days.
        #[arg(long, env = "CREDSCORE_HALF_LIFE_DAYS", default_value_t = crate::config::DEFAULT_HALF_LIFE_DAYS)]
        half_life_days: f64,
        #[command(flatten)]
        /// The database.
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
        /// The database.
        database: DatabaseConfig,
    },
}

/// Runs a model registry subcommand.
pub async fn run(command: ModelCommand) -> anyhow::Result<ExitCode> {
    match command {
        ModelCommand::Register {
            artifact,
            activate,
            database,
        } => {
            let json = std::fs::read_to_string(&artifact)
                .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", artifact.display()))?;
            let artifact = ModelArtifact::from_json(&json)?;
            let pool = connect(&database).await?;
            let added = models::register_model(&pool, &artifact).await?;
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
                models::activate_model(&pool, &artifact.version).await?;
                println!("activated {}", artifact.version);
            }
        }
        ModelCommand::List { database } => {
            let pool = connect(&database).await?;
            println!(
                "{:<18} {:<21} {:<21} {:<21} {:>7} {:>12} {:>10}",
                "version", "trained", "registered", "activated", "active", "credible_auc", "scored"
            );
            let time = |t: DateTime<Utc>| t.format("%Y-%m-%d %H:%M:%S").to_string();
            for m in read::models(&pool).await? {
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
            let pool = connect(&database).await?;
            models::activate_model(&pool, &version).await?;
            // Practitioner scores follow the active model: rebuild them from its stored scores.
            let model = Model::new(models::load_model(&pool, &version).await?)?;
            practitioners::recompute_all_practitioners(&pool, &model, half_life_days).await?;
            let (scored, items) = models::scored_items(&pool, &version).await?;
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
            let pool = connect(&database).await?;
            let mut diff = compare::model_diff(&pool, &old, &new, half_life_days, top).await?;
            diff.reviewed = reviewed_agreement(&pool, &old, &new).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&diff)?);
            } else {
                print_diff(&diff);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Both models on the reviewed items, when this build can run both (a model of another
/// feature schema cannot be scored here: said, and skipped).
async fn reviewed_agreement(
    pool: &sqlx::PgPool,
    old: &str,
    new: &str,
) -> anyhow::Result<Vec<compare::ReviewedTarget>> {
    let (old_artifact, new_artifact) = (
        models::load_model(pool, old).await,
        models::load_model(pool, new).await,
    );
    let (Ok(old_artifact), Ok(new_artifact)) = (old_artifact, new_artifact) else {
        eprintln!("one of the models does not run in this build: reviewed items not compared");
        return Ok(Vec::new());
    };
    let extractor = Extractor::new(Arc::new(dictionaries()));
    let old = Scorer::new(extractor, Arc::new(Model::new(old_artifact)?));
    let new = old.with_model(Arc::new(Model::new(new_artifact)?));
    compare::reviewed_agreement(pool, &old, &new).await
}

/// A model diff as text.
fn print_diff(diff: &ModelDiff) {
    println!(
        "{} → {}: {} items scored by both ({} only by {}, {} only by {})",
        diff.old, diff.new, diff.compared_items, diff.only_old, diff.old, diff.only_new, diff.new
    );
    print!("{}", compare::shifts_table(&diff.targets));
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
    if diff.reviewed.is_empty() {
        return;
    }
    println!("on the items reviewers labeled (accuracy at 0.5, ROC AUC):");
    println!(
        "  {:<20} {:>6} {:>9} {:>9} {:>9} {:>9} {:>9}",
        "target", "items", "positives", "old acc", "new acc", "old auc", "new auc"
    );
    for r in &diff.reviewed {
        println!(
            "  {:<20} {:>6} {:>9} {:>9.3} {:>9.3} {:>9.3} {:>9.3}",
            r.target,
            r.items,
            r.positives,
            r.old_accuracy,
            r.new_accuracy,
            r.old_roc_auc,
            r.new_roc_auc
        );
    }
}
