//! Items per second per core for cue extraction + scoring, French and English, typical
//! lengths (200–600 characters); and the stance of a reply (`corpus/stance/`, every reply).
//! Run with `make bench`.

use std::sync::Arc;

use credscore_model::{Dictionaries, Extractor, Item, Model, Scorer, StanceModel};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

/// The allocator every service binary runs with (the `credscore` crate sets it for them).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn corpus(lang: &str) -> Vec<Item> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus");
    let files =
        credscore_model::train::corpus_files(std::path::Path::new(dir)).expect("corpus directory");
    let (items, _, _) = credscore_model::train::load_labeled(&files).expect("corpus loads");
    items
        .into_iter()
        .map(|l| l.item)
        .filter(|i| {
            i.lang.as_deref() == Some(lang) && (200..=600).contains(&i.text.chars().count())
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let dictionaries = Dictionaries::load_default().expect("dictionaries: run `make deps`");
    let scorer = Scorer::new(
        Extractor::new(Arc::new(dictionaries)),
        Arc::new(Model::builtin().expect("built-in model")),
    );
    let mut group = c.benchmark_group("score");
    for lang in ["fr", "en"] {
        let items = corpus(lang);
        assert!(
            !items.is_empty(),
            "no {lang} items of 200-600 characters in the corpus"
        );
        group.throughput(Throughput::Elements(items.len() as u64));
        // Warm: the per-thread spelling memo has seen these words (steady state of a scorer).
        group.bench_function(format!("{lang}_warm"), |b| {
            b.iter(|| {
                items
                    .iter()
                    .map(|i| scorer.score(i).credibility)
                    .sum::<f64>()
            })
        });
    }
    group.finish();

    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus/stance");
    let files = credscore_model::stance::train::stance_corpus_files(std::path::Path::new(dir))
        .expect("stance corpus directory");
    let (replies, _, _) =
        credscore_model::stance::train::load_stance(&files).expect("stance corpus loads");
    let stance = StanceModel::builtin().expect("built-in stance model");
    let mut group = c.benchmark_group("stance");
    for lang in ["fr", "en"] {
        let texts: Vec<&str> = replies
            .iter()
            .filter(|r| r.item.lang.as_deref() == Some(lang))
            .map(|r| r.item.text.as_str())
            .collect();
        group.throughput(Throughput::Elements(texts.len() as u64));
        group.bench_function(format!("{lang}_replies"), |b| {
            b.iter(|| {
                texts
                    .iter()
                    .map(|t| stance.predict(t).endorses)
                    .sum::<f64>()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
