//! Measurements of the writing rules on the training corpus (never the frozen split):
//! `cargo test --release -p credscore-model writing::measure -- --ignored --nocapture`.
//!
//! Per language, the ROC AUC of the writing evidence alone against the `writing_errors`
//! label (score = number of writing-error evidences), and the false-alarm rate: the share of
//! items labeled without errors that get any writing-error evidence. `CREDSCORE_MEASURE_DUMP=1`
//! also prints the flagged clean items and the missed ones, to study the rules.

use std::path::Path;
use std::sync::Arc;

use crate::features::{Cue, Extractor, FEATURES};
use crate::item::Kind;
use crate::lang::Lang;
use crate::spell::Dictionaries;
use crate::train::{corpus_files, load_labeled, roc_auc};

/// Index of `writing_errors` in the labels.
const WRITING_ERRORS: usize = 2;

#[test]
#[ignore = "a measurement, run by hand"]
fn writing_evidence_on_the_training_corpus() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    // `corpus_files` lists `corpus/*.jsonl` only: the frozen split in `corpus/frozen/` is not read.
    let files = corpus_files(&dir).expect("corpus/");
    assert!(files
        .iter()
        .all(|f| !f.components().any(|c| c.as_os_str() == "frozen")));
    let (items, _, _) = load_labeled(&files).expect("corpus loads");
    let dictionaries = Dictionaries::load_default().expect("dictionaries: run `make deps`");
    let extractor = Extractor::new(Arc::new(dictionaries));
    let dump = std::env::var_os("CREDSCORE_MEASURE_DUMP").is_some();
    for lang in ["fr", "en"] {
        let mut scores = Vec::new();
        let mut labels = Vec::new();
        let (mut clean, mut flagged_clean) = (0, 0);
        for labeled in items
            .iter()
            .filter(|l| l.item.lang.as_deref() == Some(lang))
        {
            let item = &labeled.item;
            let hint = item.lang.as_deref().and_then(Lang::from_hint);
            let extracted = extractor.extract(&item.text, hint, item.kind == Kind::Comment);
            let chars: Vec<char> = item.text.chars().collect();
            let evidence: Vec<String> = extracted
                .evidence
                .iter()
                .filter(|e| {
                    FEATURES[e.feature as usize].1 == Cue::WritingErrors
                        && FEATURES[e.feature as usize].0 != "writing_error_total"
                })
                .map(|e| {
                    format!(
                        "{}:{}",
                        FEATURES[e.feature as usize].0,
                        chars[e.start..e.end].iter().collect::<String>()
                    )
                })
                .collect();
            let label = labeled.labels[WRITING_ERRORS];
            if !label {
                clean += 1;
                if !evidence.is_empty() {
                    flagged_clean += 1;
                }
            }
            if dump && (label == evidence.is_empty()) {
                println!(
                    "{} {} {} {:?}\n    {}",
                    if label { "MISSED" } else { "FALSE" },
                    lang,
                    item.id,
                    evidence,
                    item.text.replace('\n', " ")
                );
            }
            scores.push(evidence.len() as f64);
            labels.push(label);
        }
        let positives = labels.iter().filter(|l| **l).count();
        println!(
            "{lang}: {} items, {positives} with errors; writing-evidence ROC AUC {:.3}; \
             false alarms {flagged_clean}/{clean} = {:.1} %",
            labels.len(),
            roc_auc(&scores, &labels),
            100.0 * flagged_clean as f64 / clean as f64
        );
    }
}

#[test]
#[ignore = "a measurement, run by hand"]
fn folding_on_the_training_corpus() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let files = corpus_files(&dir).expect("corpus/");
    let (items, _, _) = load_labeled(&files).expect("corpus loads");
    let dictionaries = Dictionaries::load_default().expect("dictionaries: run `make deps`");
    let known = |w: &str| {
        let (f, e) = dictionaries.languages_of(w);
        f || e
    };
    let mut folded = 0;
    for labeled in &items {
        let norm = crate::text::Normalized::with_lexicon(&labeled.item.text, &known);
        if norm.is_folded() {
            folded += 1;
            let original: Vec<char> = labeled.item.text.chars().collect();
            let mut shown = Vec::new();
            for token in &norm.tokens {
                let (s, e) = (norm.char_offset(token.start), norm.char_offset(token.end));
                let before: String = original[s..e].iter().collect();
                let after = norm.cased_of(token);
                if before != after {
                    shown.push(format!("{before:?}→{after:?}"));
                }
            }
            println!("{} {}", labeled.item.id, shown.join(" "));
        }
    }
    println!("{folded} of {} items folded", items.len());
}

#[test]
#[ignore = "a measurement, run by hand"]
fn dictionary_load_and_analysis_costs() {
    let started = std::time::Instant::now();
    let dictionaries = Dictionaries::load_default().expect("dictionaries: run `make deps`");
    println!("load: {:?}", started.elapsed());
    let aff = std::fs::read_to_string("/usr/share/hunspell/fr.aff").expect("fr.aff");
    let dic = std::fs::read_to_string("/usr/share/hunspell/fr.dic").expect("fr.dic");
    let started = std::time::Instant::now();
    let parsed = crate::writing::french::morphology::Morphology::parse(&aff, &dic);
    println!(
        "morphology alone: {:?} ({})",
        started.elapsed(),
        parsed.is_ok()
    );
    let morphology = dictionaries.morphology().expect("French morphology");
    println!("{morphology:?}");
    let words = [
        "clients",
        "mangé",
        "expliquer",
        "suivent",
        "photos",
        "prises",
        "nombres",
        "idées",
        "réseaux",
        "gestionnaires",
        "communauté",
        "abonnés",
        "développement",
        "publiées",
    ];
    let started = std::time::Instant::now();
    let mut n = 0;
    for word in words {
        n += morphology.analyze_uncached_for_test(word).pos.count_ones();
    }
    println!(
        "analysis, uncached: {:?}/word ({n})",
        started.elapsed() / words.len() as u32
    );
    let rounds = 100_000u32;
    let started = std::time::Instant::now();
    let mut n = 0u64;
    for _ in 0..rounds {
        for word in words {
            n += morphology.analyze(word).pos as u64;
        }
    }
    println!(
        "analysis, memoised: {:?}/word ({n})",
        started.elapsed() / (rounds * words.len() as u32)
    );
    let started = std::time::Instant::now();
    let mut n = 0u64;
    for _ in 0..rounds {
        for word in words {
            n += dictionaries.is_correct(word, crate::lang::Lang::Fr) as u64;
        }
    }
    println!(
        "spelling, memoised: {:?}/word ({n})",
        started.elapsed() / (rounds * words.len() as u32)
    );
}

#[test]
#[ignore = "a measurement, run by hand"]
fn how_many_texts_take_the_folding_path() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let files = corpus_files(&dir).expect("corpus/");
    let (items, _, _) = load_labeled(&files).expect("corpus loads");
    for lang in ["fr", "en"] {
        let texts: Vec<&str> = items
            .iter()
            .filter(|l| l.item.lang.as_deref() == Some(lang))
            .map(|l| l.item.text.as_str())
            .filter(|t| (200..=600).contains(&t.chars().count()))
            .collect();
        let slow = texts
            .iter()
            .filter(|t| crate::text::fold::needs_folding(t))
            .count();
        println!(
            "{lang}: {slow} of {} texts of 200-600 characters take the folding path",
            texts.len()
        );
    }
}
