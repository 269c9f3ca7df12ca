//! `make bench`: re-scoring throughput in local mode. Stores N fresh items (default 1,000,000;
//! `CREDSCORE_BENCH_RESCORE_ITEMS` to change; texts not repeated, so the spelling memo starts
//! cold) in the test stack's PostgreSQL with COPY, then times `credscore rescore --model V2`
//! (the built binary, every core) over all of them, beside offline scoring of the first
//! 100,000 of the same items. Target: 1,000,000 items in under 45 s on the 2-core machine.

mod common;

use std::process::Command;
use std::time::Instant;

use common::bench::{offline_rate, setting, write_ndjson};
use common::fresh::FreshItems;
use common::Env;
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
    let count = setting("CREDSCORE_BENCH_RESCORE_ITEMS", 1_000_000);
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

    // Fresh texts, spread over count / 20 practitioners.
    let authors = (count / 20).max(100) as u64;
    let fresh = FreshItems::new("rescore", authors);
    let started = Instant::now();
    let mut connection = pool.acquire().await.unwrap();
    let mut copy = connection
        .copy_in_raw("COPY practitioners (id) FROM STDIN")
        .await
        .unwrap();
    let ids: String = (0..authors)
        .map(|k| format!("rescore-author-{k}\n"))
        .collect();
    copy.send(ids.as_bytes()).await.unwrap();
    copy.finish().await.unwrap();
    let mut copy = connection
        .copy_in_raw("COPY items (id, author, kind, lang_hint, text) FROM STDIN")
        .await
        .unwrap();
    let mut chunk = String::with_capacity(16 << 20);
    for n in 0..count as u64 {
        let item = fresh.item(n);
        chunk.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\n",
            item.id,
            item.author,
            item.kind.as_str(),
            item.lang.as_deref().unwrap_or("\\N"),
            copy_text(&item.text),
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

    // Offline scoring of the same kind of items, for the ratio.
    let sample = count.min(100_000);
    let ndjson = std::env::temp_dir().join(common::unique("rescore_offline"));
    write_ndjson(&ndjson, &fresh.items(0, sample as u64));
    let offline = offline_rate(&ndjson, sample, None);
    let _ = std::fs::remove_file(&ndjson);

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
    let rate = count as f64 / elapsed;
    println!(
        "rescore (local, {} cores): {count} fresh items in {elapsed:.1} s = {rate:.0} items/s end to end \
         (scoring and writing loop: {:.0} items/s) = {:.0} % of offline scoring ({offline:.0} items/s on \
         every core); target 1,000,000 in < 45 s",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        summary["items_per_second"].as_f64().unwrap_or(0.0),
        100.0 * rate / offline,
    );
}
