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
    /// One exported line: the item's fields in their usual order, then its labels.
    #[derive(serde::Serialize)]
    struct Line<'a> {
        #[serde(flatten)]
        item: &'a credscore_model::Item,
        labels: std::collections::BTreeMap<&'static str, u8>,
        reviewed: &'a [&'static str],
    }
    for l in &merged.items {
        let line = Line {
            item: &l.item,
            labels: TARGETS
                .iter()
                .copied()
                .zip(l.labels.map(u8::from))
                .collect(),
            reviewed: &labeled[&l.item.id],
        };
        writeln!(out, "{}", serde_json::to_string(&line)?)?;
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
