//! `make bench`: the cost of a copy lookup against the shared copy index with 1,000,000
//! originals indexed (`CREDSCORE_BENCH_COPY_ITEMS` to change). Texts are random
//! draws of 20 to 120 words from the corpus vocabulary, so their bands spread as real texts'
//! do; one lookup in ten is of a copy of an indexed text with one word in ten changed. A
//! lookup is what the scorer does per batch: bring its in-memory band table up to date, read the
//! originals it files under the batch's band keys, then judge them (`record_copies` without its writes); the full step, writes included, is timed
//! too. Target: at most 50 µs per item. Also: the slowest batch of filing into the band table as
//! it grows (the pause a doubling would cost the write path).

mod common;

use std::time::Instant;

use common::bench::setting;
use common::fresh::FreshItems;
use common::Env;
use credscore::copies::{credits, judge, BandTable, Entrant, Signature};
use credscore::store::copies::{lookup, record_copies, CopyCache};
use rayon::prelude::*;

/// The scorer's default batch.
const BATCH: usize = 2_000;
/// Items judged per timed run.
const LOOKUPS: usize = 100_000;
/// Indexed items that copies are made of (these also get an `items` row, for their text).
const COPIED: usize = 10_000;

fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Random texts over the corpus vocabulary: text `n` is the same in every run.
struct Texts {
    words: Vec<String>,
}

impl Texts {
    fn new() -> Texts {
        let fresh = FreshItems::new("copies", 100);
        let mut words: Vec<String> = (0..20_000)
            .flat_map(|n| {
                fresh
                    .item(n)
                    .text
                    .split_whitespace()
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect();
        words.sort();
        words.dedup();
        // A word that credits a source ("via", "selon") would make a copy a quote.
        words.retain(|w| !credits(w, "-"));
        Texts { words }
    }

    fn text(&self, n: u64) -> String {
        let mut state = mix(n);
        let length = 20 + (state % 101) as usize;
        (0..length)
            .map(|_| {
                state = mix(state);
                self.words[(state % self.words.len() as u64) as usize].as_str()
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Text `n` with one word in ten changed.
    fn copy(&self, n: u64) -> String {
        self.text(n)
            .split(' ')
            .enumerate()
            .map(|(i, w)| if i % 10 == 4 { "autrement" } else { w })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn at(n: u64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(1_700_000_000 + n as i64, 0).unwrap()
}

/// A batch's (id, author, text) from item number `first` on.
fn batch_rows(first: u64, text: &dyn Fn(u64) -> String) -> Vec<(String, String, String)> {
    (first..first + BATCH as u64)
        .map(|k| (format!("new-{k}"), format!("new-author-{k}"), text(k)))
        .collect()
}

/// The batch's entrants, published in order from time `first`, signed on every core.
fn entrants_of(rows: &[(String, String, String)], first: u64) -> Vec<Entrant<'_>> {
    rows.par_iter()
        .enumerate()
        .map(|(i, (id, author, text))| Entrant {
            id,
            author,
            text,
            at: at(first + i as u64),
            signature: Signature::of(text),
        })
        .collect()
}

fn quantile(sorted: &[f64], q: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * q).round() as usize]
}

#[tokio::main]
async fn main() {
    let count = setting("CREDSCORE_BENCH_COPY_ITEMS", 1_000_000);
    let env = Env::new("bench_copies").await;
    let pool = env.pool().await;
    credscore::store::migrate(&pool).await.unwrap();
    let texts = Texts::new();

    // The index: signatures computed on every core, loaded with COPY.
    let started = Instant::now();
    let signatures: Vec<Signature> = (0..count as u64)
        .into_par_iter()
        .map(|n| Signature::of(&texts.text(n)).expect("at least twenty words"))
        .collect();
    let signed = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let mut connection = pool.acquire().await.unwrap();
    let mut copy = connection
        .copy_in_raw("COPY copy_index (seq, item_id, author, at, signature) FROM STDIN")
        .await
        .unwrap();
    let mut chunk = String::with_capacity(16 << 20);
    for (n, signature) in signatures.iter().enumerate() {
        let hex: String = signature
            .to_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        chunk.push_str(&format!(
            "{}\tcopies-{n}\tcopies-author-{}\t{}\t\\\\x{hex}\n",
            n + 1,
            n % 50_000,
            at(n as u64).to_rfc3339(),
        ));
        if chunk.len() > 8 << 20 {
            copy.send(chunk.as_bytes()).await.unwrap();
            chunk.clear();
        }
    }
    copy.send(chunk.as_bytes()).await.unwrap();
    copy.finish().await.unwrap();
    sqlx::query("SELECT setval('copy_index_seq_seq', $1)")
        .bind(count as i64)
        .execute(&pool)
        .await
        .unwrap();
    let mut copy = connection
        .copy_in_raw("COPY items (id, author, kind, text, created_at) FROM STDIN")
        .await
        .unwrap();
    let rows: String = (0..COPIED.min(count) as u64)
        .map(|n| {
            format!(
                "copies-{n}\tcopies-author-{}\tpost\t{}\t{}\n",
                n % 50_000,
                texts.text(n),
                at(n).to_rfc3339()
            )
        })
        .collect();
    copy.send(rows.as_bytes()).await.unwrap();
    copy.finish().await.unwrap();
    drop(connection);
    let loaded = started.elapsed().as_secs_f64();
    // Vacuumed now, so that autovacuum does not run during the timings.
    for table in ["copy_index", "items"] {
        sqlx::query(&format!("VACUUM ANALYZE {table}"))
            .execute(&pool)
            .await
            .unwrap();
    }
    println!(
        "copy index: {count} originals signed in {signed:.1} s (every core), loaded in {loaded:.1} s (COPY)"
    );

    // The band table growing as a running scorer files its originals, batch by batch: the
    // slowest batch is the pause a doubling costs the write path (the copy lock is held).
    let mut table = BandTable::with_capacity(0);
    let mut batches: Vec<f64> = signatures
        .chunks(BATCH)
        .enumerate()
        .map(|(b, chunk)| {
            let started = Instant::now();
            for (i, signature) in chunk.iter().enumerate() {
                table.file((b * BATCH + i) as i64, signature.band_keys());
            }
            started.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    batches.sort_by(f64::total_cmp);
    println!(
        "band table filed as a scorer files, {count} originals in batches of {BATCH}: median {:.2} ms, p99 {:.2} ms, slowest {:.2} ms a batch ({:.0} MiB at the end)",
        batches[batches.len() / 2],
        batches[batches.len() * 99 / 100],
        batches[batches.len() - 1],
        table.bytes() as f64 / (1 << 20) as f64
    );
    drop(table);

    // What a scorer reads when it starts: the signature of every original, filed in memory.
    let started = Instant::now();
    let mut cache = CopyCache::new();
    cache.warm(&pool).await.unwrap();
    println!(
        "a scorer reads the index ({} originals) in {:.1} s when it starts; its band table takes {:.0} MiB ({:.0} bytes an original)",
        cache.originals(),
        started.elapsed().as_secs_f64(),
        cache.bytes() as f64 / (1 << 20) as f64,
        cache.bytes() as f64 / cache.originals().max(1) as f64
    );

    // Lookups, batch by batch as the scorer judges them: nine in ten fresh, one in ten a copy.
    let entrant_text = |k: u64| {
        if k.is_multiple_of(10) {
            texts.copy((k / 10) % COPIED.min(count) as u64)
        } else {
            texts.text(count as u64 + k)
        }
    };
    let mut per_item = Vec::new();
    let mut found = 0usize;
    let mut expected = 0usize;
    for batch in 0..LOOKUPS / BATCH {
        let first = (batch * BATCH) as u64;
        let batch_texts = batch_rows(first, &entrant_text);
        let entrants = entrants_of(&batch_texts, count as u64 + first);
        expected += entrants
            .iter()
            .filter(|e| e.text.contains("autrement"))
            .count();
        let started = Instant::now();
        let mut tx = pool.begin().await.unwrap();
        let stored = lookup(&mut tx, &mut cache, &entrants).await.unwrap();
        let verdicts = judge(&entrants, stored);
        tx.rollback().await.unwrap();
        per_item.push(started.elapsed().as_secs_f64() * 1e6 / BATCH as f64);
        found += verdicts.copied_from.iter().flatten().count();
    }
    per_item.sort_by(f64::total_cmp);
    let mean = per_item.iter().sum::<f64>() / per_item.len() as f64;
    println!(
        "copy lookup with {count} indexed, batches of {BATCH}: {mean:.1} µs per item (batch p50 {:.1}, p99 {:.1}); {found} copies found of {expected} made; target ≤ 50 µs",
        quantile(&per_item, 0.5),
        quantile(&per_item, 0.99),
    );

    // The whole step, writes included: each batch's originals filed, its copies recorded.
    let started = Instant::now();
    let rounds = 10;
    for batch in 0..rounds {
        let first = (LOOKUPS + batch * BATCH) as u64;
        let batch_texts = batch_rows(first, &entrant_text);
        let entrants = entrants_of(&batch_texts, count as u64 + first);
        record_copies(&pool, &mut cache, &entrants).await.unwrap();
    }
    println!(
        "copy step with writes (lookup, judging, filing originals, recording copies): {:.1} µs per item, signatures included (on every core)",
        started.elapsed().as_secs_f64() * 1e6 / (rounds * BATCH) as f64
    );
}
