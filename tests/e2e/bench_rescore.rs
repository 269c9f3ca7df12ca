//! `make bench`: re-scoring throughput in local mode. Stores N items (default 1,000,000;
//! `CREDSCORE_BENCH_RESCORE_ITEMS` to change) in the test stack's PostgreSQL with COPY, then
//! times `credscore rescore --model V2` (the built binary, every core) over all of them.
//! Target: 1,000,000 items in under 2 minutes on the 2-core machine.

mod common;

use std::process::Command;
use std::time::Instant;

use common::{sample_items, Env};
use credscore_model::Model;

/// Escapes a value for PostgreSQL's COPY text format.
fn copy_text(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('\t', "\\t")
        .replace('\n', "\\n")
        .replace('\r', "\\r")
}

#[tokio::main]
async fn main() {
    let count: usize = std::env::var("CREDSCORE_BENCH_RESCORE_ITEMS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let env = Env::new("bench_rescore").await;
    let pool = env.pool().await;
    credscore::store::migrate(&pool).await.unwrap();
    let builtin = Model::builtin().unwrap();
    credscore::store::models::ensure_model(&pool, builtin.artifact())
        .await
        .unwrap();
    let mut second = builtin.artifact().clone();
    second.targets.get_mut("credible").unwrap().intercept -= 0.3;
    second.version = second.content_version();
    credscore::store::models::register_model(&pool, &second)
        .await
        .unwrap();

    // Corpus texts, spread over 50 authors per corpus author, with distinct ids.
    let corpus = sample_items(1_600, "seed");
    let started = Instant::now();
    let mut connection = pool.acquire().await.unwrap();
    let mut authors = String::new();
    for seed in &corpus {
        for n in 0..50 {
            authors.push_str(&format!("{}-{n}\n", copy_text(&seed.author)));
        }
    }
    let mut copy = connection
        .copy_in_raw("COPY practitioners (id) FROM STDIN")
        .await
        .unwrap();
    // Corpus authors repeat; keep each once.
    let mut lines: Vec<&str> = authors.lines().collect();
    lines.sort_unstable();
    lines.dedup();
    copy.send((lines.join("\n") + "\n").as_bytes())
        .await
        .unwrap();
    copy.finish().await.unwrap();
    let mut copy = connection
        .copy_in_raw("COPY items (id, author, kind, lang_hint, created_at, text) FROM STDIN")
        .await
        .unwrap();
    let mut chunk = String::with_capacity(16 << 20);
    for i in 0..count {
        let seed = &corpus[i % corpus.len()];
        chunk.push_str(&format!(
            "bench-{i:08}\t{}-{}\t{}\t{}\t{}\t{}\n",
            copy_text(&seed.author),
            (i / corpus.len()) % 50,
            seed.kind.as_str(),
            seed.lang.as_deref().map(copy_text).unwrap_or("\\N".into()),
            seed.created_at.as_deref().unwrap_or("\\N"),
            copy_text(&seed.text),
        ));
        if chunk.len() > 8 << 20 {
            copy.send(chunk.as_bytes()).await.unwrap();
            chunk.clear();
        }
    }
    copy.send(chunk.as_bytes()).await.unwrap();
    copy.finish().await.unwrap();
    drop(connection);
    sqlx::query("ANALYZE items").execute(&pool).await.unwrap();
    println!(
        "stored {count} items in {:.1} s (COPY)",
        started.elapsed().as_secs_f64()
    );

    let started = Instant::now();
    let output = Command::new(common::binary("credscore"))
        .args(["rescore", "--model", &second.version, "--json"])
        .env("CREDSCORE_DATABASE_URL", &env.database.url)
        .output()
        .unwrap();
    let elapsed = started.elapsed().as_secs_f64();
    assert!(
        output.status.success(),
        "rescore failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM scores WHERE model_version = $1")
        .bind(&second.version)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(rows, count as i64, "every item has a score row");
    println!(
        "rescore (local, {} cores): {count} items in {elapsed:.1} s = {:.0} items/s end to end \
         (scoring and writing loop: {:.0} items/s); target 1,000,000 in < 120 s",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        count as f64 / elapsed,
        summary["items_per_second"].as_f64().unwrap_or(0.0),
    );
}
