//! `credscore score`: offline scoring, with no broker and no database.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Args;
use credscore_model::stance::StanceOutput;
use credscore_model::{Extractor, Item, ScoreOutput, Scorer, StanceModel};
use rayon::prelude::*;
use serde::Serialize;

use crate::cli::common::{dictionaries, load_model, open_input, SOME_LINES_FAILED};
use crate::copies::{CopiedFrom, CopyIndex, Signature};
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
    /// Do not look for copies of earlier lines (`copied_from`): scoring only, and memory that
    /// does not grow with the input (the copy index keeps about 500 bytes per line).
    #[arg(long)]
    no_copies: bool,
}

/// A line scored (with its stance when it is a reply), before copies are looked for.
type ScoredLine = (Item, ScoreOutput, Option<StanceOutput>, Option<Signature>);

/// A line of output: the score, and the earlier line this item copies, if any.
#[derive(Serialize)]
struct Scored<'a> {
    #[serde(flatten)]
    score: &'a ScoreOutput,
    #[serde(skip_serializing_if = "Option::is_none")]
    copied_from: Option<CopiedFrom>,
    /// For a reply (`parent_id`) the model can read or that has no letters (emoji, "+1"):
    /// where it stands toward its parent.
    #[serde(skip_serializing_if = "Option::is_none")]
    stance: Option<StanceOutput>,
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
    let stance_model = StanceModel::builtin()?;
    let reader = open_input(input)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let source = input.display().to_string();
    let mut failed = 0usize;
    let mut chunk: Vec<(usize, String)> = Vec::with_capacity(SCORE_CHUNK);
    let mut copies = CopyIndex::new();
    let mut flush = |chunk: &mut Vec<(usize, String)>,
                     out: &mut dyn Write,
                     failed: &mut usize|
     -> anyhow::Result<()> {
        // Scores and signatures in parallel; copies in input order (the earliest line wins).
        let results: Vec<Result<ScoredLine, String>> = chunk
            .par_iter()
            .map(|(number, line)| {
                Item::from_json(line)
                    .map(|item| {
                        let score = scorer.score(&item);
                        // Replies the model reads, and replies with no letters at all
                        // ("+1", 🙄): not text in a language it does not know.
                        let readable =
                            score.supported || !item.text.chars().any(char::is_alphabetic);
                        let stance = (item.parent_id.is_some() && readable)
                            .then(|| stance_model.output(stance_model.predict(&item.text)));
                        let signature = if args.no_copies {
                            None
                        } else {
                            Signature::of(&item.text)
                        };
                        (item, score, stance, signature)
                    })
                    .map_err(|e| format!("{source}:{number}: {e}; line skipped"))
            })
            .collect();
        for result in results {
            match result {
                Ok((item, score, stance, signature)) => {
                    let copied_from =
                        copies.check_and_add(&item.id, &item.author, &item.text, signature);
                    let line = Scored {
                        score: &score,
                        copied_from,
                        stance,
                    };
                    writeln!(
                        out,
                        "{}",
                        serde_json::to_string(&line).expect("score serialises")
                    )?
                }
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
