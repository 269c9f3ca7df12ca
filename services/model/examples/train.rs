//! What `credscore train` does, from the model crate alone (no service build needed):
//! trains on `corpus/*.jsonl`, scores the frozen split, writes `models/default.json`,
//! `models/report.txt` and `models/report.json`.
//!
//! `cargo run --release -p credscore-model --example train -- [CORPUS] [MODEL] [REPORT]`
//! Environment: `CREDSCORE_SCALES=2,4` (n-gram scale candidates), `CREDSCORE_NO_ABLATION=1`,
//! `CREDSCORE_L2=1.0`, `CREDSCORE_DRY_RUN=1` (print the report, write nothing).

use std::path::PathBuf;
use std::sync::Arc;

use credscore_model::train::{self, TrainOptions};
use credscore_model::{Dictionaries, Extractor};

/// Seconds since the epoch as RFC 3339 (UTC), without a date crate.
fn rfc3339(seconds: u64) -> String {
    let days = (seconds / 86_400) as i64;
    let rest = seconds % 86_400;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + (month <= 2) as i64;
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let corpus = PathBuf::from(args.first().map_or("corpus", String::as_str));
    let output = PathBuf::from(args.get(1).map_or("models/default.json", String::as_str));
    let report_path = PathBuf::from(args.get(2).map_or("models/report.txt", String::as_str));
    let mut options = TrainOptions {
        frozen_split: Some(train::frozen_split_of(&corpus)),
        ..TrainOptions::default()
    };
    if let Ok(scales) = std::env::var("CREDSCORE_SCALES") {
        options.ngram_scales = scales
            .split(',')
            .map(|s| s.trim().parse())
            .collect::<Result<_, _>>()?;
    }
    if let Ok(l2) = std::env::var("CREDSCORE_L2") {
        options.l2_penalty = l2.parse()?;
    }
    if let Some(path) = std::env::var_os("CREDSCORE_OOF") {
        options.out_of_fold = Some(path.into());
    }
    if let Some(k) = std::env::var_os("CREDSCORE_NGRAM_FEATURES") {
        options.ngram_features = k.to_string_lossy().parse()?;
    }
    if let Some(n) = std::env::var_os("CREDSCORE_ITERATIONS") {
        options.max_iterations = n.to_string_lossy().parse()?;
    }
    if std::env::var_os("CREDSCORE_NO_ABLATION").is_some() {
        options.ablation = false;
    }
    let files = train::corpus_files(&corpus)?;
    let (items, errors, data_hash) = train::load_labeled(&files)?;
    for e in &errors {
        eprintln!("{e}; line skipped");
    }
    let extractor = Extractor::new(Arc::new(Dictionaries::load_default()?));
    eprintln!(
        "training on {} items from {} files",
        items.len(),
        files.len()
    );
    let started = std::time::Instant::now();
    let progress = |stage: &str, done: usize, total: usize| {
        if std::env::var_os("CREDSCORE_VERBOSE").is_some() || done == total || done == 0 {
            eprintln!(
                "[{:>6.1}s] {stage} {done}/{total}",
                started.elapsed().as_secs_f64()
            );
        }
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs();
    let (artifact, report) = train::train(
        &extractor,
        &items,
        &data_hash,
        &options,
        &rfc3339(now),
        &progress,
    )?;
    let text = format!("model {}\n{}", artifact.version, report.to_text());
    print!("{text}");
    if std::env::var_os("CREDSCORE_DRY_RUN").is_some() {
        return Ok(());
    }
    for path in [&output, &report_path] {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)?;
        }
    }
    std::fs::write(&output, artifact.to_json() + "\n")?;
    std::fs::write(&report_path, &text)?;
    std::fs::write(
        report_path.with_extension("json"),
        serde_json::to_string_pretty(&report)? + "\n",
    )?;
    eprintln!(
        "wrote {} (version {}) and {}",
        output.display(),
        artifact.version,
        report_path.display()
    );
    Ok(())
}
