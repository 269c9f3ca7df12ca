//! `credscore export labels`: the items reviewers labeled, in the corpus format, so that they
//! can be read, kept under version control, or merged into `corpus/` by hand.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;
use credscore_model::model::TARGETS;
use credscore_model::train::merge_reviewed;

use crate::cli::common::{connect, runtime};
use crate::config::DatabaseConfig;
use crate::store::reviewed::reviewed_items;

/// The subcommands of `credscore export`.
#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// The reviewed items, one corpus line each: the item, its four labels (a reviewer's
    /// label where there is one, else the active model's verdict at 0.5) and `reviewed`,
    /// the targets a reviewer labeled. Items with neither are reported and left out.
    Labels {
        /// Where to write them; `-` (the default) for stdout.
        #[arg(long, short, default_value = "-")]
        output: PathBuf,
        #[command(flatten)]
        /// The database.
        database: DatabaseConfig,
    },
}

/// Runs an export subcommand.
pub fn run(command: ExportCommand) -> anyhow::Result<ExitCode> {
    let ExportCommand::Labels { output, database } = command;
    let reviewed = runtime()?.block_on(async {
        let pool = connect(&database).await?;
        anyhow::Ok(reviewed_items(&pool).await?)
    })?;
    let labeled: std::collections::BTreeMap<String, Vec<&'static str>> = reviewed
        .iter()
        .map(|r| {
            let targets = (0..TARGETS.len())
                .filter(|t| r.labels[*t].is_some())
                .map(|t| TARGETS[t])
                .collect();
            (r.item.id.clone(), targets)
        })
        .collect();
    let merged = merge_reviewed(Vec::new(), reviewed, &Default::default());
    let mut out: Box<dyn Write> = if output.as_os_str() == "-" {
        Box::new(std::io::stdout().lock())
    } else {
        Box::new(std::io::BufWriter::new(
            std::fs::File::create(&output)
                .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", output.display()))?,
        ))
    };
    for l in &merged.items {
        let mut line = serde_json::to_value(&l.item)?;
        line["labels"] = TARGETS
            .iter()
            .zip(l.labels)
            .map(|(t, v)| (t.to_string(), serde_json::json!(v as u8)))
            .collect::<serde_json::Map<_, _>>()
            .into();
        line["reviewed"] = serde_json::json!(labeled[&l.item.id]);
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    for (id, why) in &merged.skipped {
        eprintln!("item {id} left out: {why}");
    }
    eprintln!(
        "exported {} reviewed items{}",
        merged.items.len(),
        if output.as_os_str() == "-" {
            String::new()
        } else {
            format!(" to {}", output.display())
        }
    );
    Ok(if merged.skipped.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(crate::cli::common::SOME_LINES_FAILED)
    })
}
