//! `credscore score`: offline scoring, with no broker and no database.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Args;
use credscore_model::{Extractor, Item, Scorer};
use rayon::prelude::*;

use crate::cli::common::{dictionaries, load_model, open_input, SOME_LINES_FAILED};
use crate::ndjson::{not_utf8, Line, Lines};

/// Arguments of `credscore score`.
#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// NDJSON file of items, or `-` for stdin.
    #[arg(long, short)]
    input: PathBuf,
    /// Model artifact; default: the model built into this binary.
    #[arg(long, env = "CREDSCORE_MODEL")]
    model: Option<PathBuf>,
}

/// Lines scored together: large enough to keep every core busy, small enough to stream.
const SCORE_CHUNK: usize = 4096;

/// Scores a file (or stdin) with a model file (or the built-in model).
pub fn run(args: ScoreArgs) -> anyhow::Result<ExitCode> {
    let (input, model) = (args.input.as_path(), args.model.as_deref());
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
    for line in Lines::new(reader) {
        let (number, line) =
            match line.map_err(|e| anyhow::anyhow!("{source}: cannot read: {e}"))? {
                Line::Text { number, text } => (number, text),
                Line::NotUtf8 { number, offset } => {
                    // Scored lines so far come out first, in input order.
                    flush(&mut chunk, &mut out, &mut failed)?;
                    failed += 1;
                    eprintln!("{}", not_utf8(&source, number, offset));
                    continue;
                }
            };
        if line.trim().is_empty() {
            continue;
        }
        chunk.push((number, line));
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
