//! `make bench`, pipeline part, in one run and as ratios on this machine:
//!
//! - the pipeline end to end: `CREDSCORE_BENCH_ITEMS` fresh items (default 100,000; texts not
//!   repeated, so the spelling memo starts cold) pre-loaded into the items topic with normal
//!   producer batching, then one scorer process started with the service's defaults: items
//!   per second from its first stored batch to its last; once without the copy step
//!   (`CREDSCORE_COPIES=false`), once with it (the default);
//! - against offline scoring of the same items (`credscore score`, every core and one core),
//!   the raw group consume from the broker and the raw COPY into PostgreSQL;
//! - then a soak at 2,000 items/s offered through HTTP ingest for
//!   `CREDSCORE_BENCH_SOAK_SECONDS` (default 600): p50 and p99 end-to-end latency, and the
//!   scorer's resident memory at its start and end.

mod common;

use std::time::{Duration, Instant};

use common::bench::{
    cpu_seconds, lag_quantile, offline_rate, setting, write_ndjson, ScorerProcess,
};
use common::fresh::FreshItems;
use common::{metric, Env};
use credscore::CancellationToken;
use rdkafka::consumer::{Consumer, StreamConsumer};
use rdkafka::ClientConfig;

const RAW_MESSAGES: usize = 100_000;
const OFFERED_RATE: usize = 2_000;
const TICKS_PER_SECOND: usize = 10;

async fn raw_consume_rate(env: &Env) -> f64 {
    credscore::kafka::ensure_topics(&env.kafka).await.unwrap();
    let producer = credscore::kafka::producer(&env.kafka, Duration::from_secs(30)).unwrap();
    let payload = vec![b'x'; 300];
    let records = (0..RAW_MESSAGES)
        .map(|i| (format!("author-{}", i % 500).into_bytes(), payload.clone()))
        .collect();
    credscore::kafka::send_all(&producer, &env.kafka.dlq_topic, records)
        .await
        .unwrap();
    let consumer: StreamConsumer = ClientConfig::new()
        .set("bootstrap.servers", &env.kafka.brokers)
        .set("group.id", common::unique("raw"))
        .set("auto.offset.reset", "earliest")
        .create()
        .unwrap();
    consumer.subscribe(&[&env.kafka.dlq_topic]).unwrap();
    let mut started = None;
    let mut received = 0;
    while received < RAW_MESSAGES {
        consumer.recv().await.unwrap();
        started.get_or_insert_with(Instant::now);
        received += 1;
    }
    received as f64 / started.unwrap().elapsed().as_secs_f64()
}

async fn raw_copy_rate(env: &Env) -> f64 {
    let pool = env.pool().await;
    sqlx::query("CREATE TABLE copy_bench (item_id text, model_version text, credibility float8, self_promotion float8, unverifiable_claims float8, writing_errors float8, explanation json)")
        .execute(&pool)
        .await
        .unwrap();
    let mut data = String::new();
    for i in 0..RAW_MESSAGES {
        data.push_str(&format!("item-{i}\tv1\t0.5\t0.1\t0.2\t0.3\t[{{\"cue\":\"writing_errors\",\"contribution\":-0.4,\"spans\":[]}}]\n"));
    }
    let started = Instant::now();
    let mut connection = pool.acquire().await.unwrap();
    let mut copy = connection
        .copy_in_raw("COPY copy_bench FROM STDIN")
        .await
        .unwrap();
    copy.send(data.as_bytes()).await.unwrap();
    copy.finish().await.unwrap();
    RAW_MESSAGES as f64 / started.elapsed().as_secs_f64()
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let count = setting("CREDSCORE_BENCH_ITEMS", 100_000);
    let soak_seconds = setting("CREDSCORE_BENCH_SOAK_SECONDS", 600);
    let raw_env = Env::new("bench_raw").await;
    let consume = raw_consume_rate(&raw_env).await;
    let copy = raw_copy_rate(&raw_env).await;

    // The same fresh items, offline and through the pipeline.
    let fresh = FreshItems::new("bench", (count / 10).max(100) as u64);
    let items = fresh.items(0, count as u64);
    let scratch = std::env::temp_dir().join(common::unique("bench_pipeline"));
    std::fs::create_dir_all(&scratch).unwrap();
    let ndjson = scratch.join("items.ndjson");
    write_ndjson(&ndjson, &items);
    let offline = offline_rate(&ndjson, count, None);
    let offline_one_core = offline_rate(&ndjson, count, Some(1));
    drop(items);

    // Without the copy step first (its scorer stops), then with it (the service's default),
    // whose scorer then takes the soak.
    let without_copies = {
        let env = Env::new("bench_nocopies").await;
        let settings = [("CREDSCORE_COPIES", "false")];
        pipeline_run(&env, &fresh, count, &scratch, &settings)
            .await
            .0
            .pipeline
    };
    let env = Env::new("bench").await;
    let (run, mut scorer) = pipeline_run(&env, &fresh, count, &scratch, &[]).await;
    let Run {
        pipeline,
        with_join,
        elapsed,
        cpu: (pg_cpu, broker_cpu, scorer_cpu),
    } = run;
    let pool = env.pool().await;
    // The counter is not taken on trust: the rows are there.
    env.wait_for_scores(&pool, count as i64, Duration::from_secs(5))
        .await;
    // Nor is speed bought with correctness: every practitioner's sums equal a full recompute.
    common::assert_consistent(&pool).await;
    let page = scorer.metrics().await;
    let busy = |name: &str| metric(&page, name, "");

    println!("\npipeline benchmark ({count} fresh items; broker and PostgreSQL local; client settings {:?})", env.kafka.settings);
    println!("  offline scoring (credscore score)  : {offline:>9.0} items/s on every core, {offline_one_core:.0} on one");
    println!("  raw group consume from the broker  : {consume:>9.0} msg/s");
    println!("  raw COPY into PostgreSQL           : {copy:>9.0} rows/s");
    println!(
        "  topic → stored score (one scorer)  : {pipeline:>9.0} items/s = {:.0} % of offline scoring, {:.0} % of raw consume, {:.0} % of raw COPY",
        100.0 * pipeline / offline,
        100.0 * pipeline / consume,
        100.0 * pipeline / copy
    );
    println!("    counting the group join and model load: {with_join:.0} items/s");
    println!(
        "    without the copy step (CREDSCORE_COPIES=false): {without_copies:.0} items/s = {:.0} % of offline scoring",
        100.0 * without_copies / offline
    );
    println!(
        "    the scorer's busy time            : scoring {:.1} s, PostgreSQL writes {:.1} s (overlapped), {:.0} batches, over {elapsed:.1} s",
        busy("credscore_scoring_duration_seconds_sum"),
        busy("credscore_db_write_duration_seconds_sum"),
        busy("credscore_batch_size_count")
    );

    let per_item = |seconds: f64| 1e6 * seconds / count as f64;
    println!(
        "    CPU per item (2 cores)             : scorer {:.0} µs, PostgreSQL {:.0} µs, broker {:.0} µs (offline scoring: {:.0} µs)",
        per_item(scorer_cpu),
        per_item(pg_cpu),
        per_item(broker_cpu),
        1e6 / offline_one_core
    );

    if soak_seconds > 0 {
        soak(&env, &mut scorer, &fresh, count as u64, soak_seconds).await;
    }
    let _ = std::fs::remove_dir_all(&scratch);
}

/// The scorer's copy-index band table, in MiB, from its metrics page.
fn copy_index_mib(page: &str) -> f64 {
    metric(page, "credscore_copy_index_bytes", "") / (1 << 20) as f64
}

/// One pipeline run's figures.
struct Run {
    /// Items per second from the first stored batch to the last.
    pipeline: f64,
    /// The same from the scorer's start (group join and model load included).
    with_join: f64,
    /// Seconds from the first stored batch to the last.
    elapsed: f64,
    /// CPU seconds of PostgreSQL, the broker and the scorer while it ran.
    cpu: (f64, f64, f64),
}

/// `count` fresh items pre-loaded into the items topic of `env`, then one scorer process
/// started (with `settings` beside the service's defaults): its throughput, and the scorer.
async fn pipeline_run(
    env: &Env,
    fresh: &FreshItems,
    count: usize,
    scratch: &std::path::Path,
    settings: &[(&str, &str)],
) -> (Run, ScorerProcess) {
    credscore::kafka::ensure_topics(&env.kafka).await.unwrap();
    let producer = credscore::kafka::producer(&env.kafka, Duration::from_secs(30)).unwrap();
    credscore::ingest::publish(
        &producer,
        &env.kafka.items_topic,
        &fresh.items(0, count as u64),
    )
    .await
    .unwrap();
    let cpu = |name: &str| cpu_seconds(name);
    let (pg_before, broker_before) = (cpu("postgres"), cpu("tansu"));
    let spawned = Instant::now();
    let log = scratch.join(format!("{}.log", common::unique("scorer")));
    let mut scorer = ScorerProcess::start_with(env, &common::unique("group"), &log, settings);
    // From its first stored batch (the group join and model load are behind it) to the last.
    let (first_at, first_count) = loop {
        let stored = scorer.stored().await;
        if stored > 0.0 {
            break (Instant::now(), stored);
        }
        assert!(
            spawned.elapsed() < Duration::from_secs(120),
            "scorer stored nothing in 2 minutes"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    };
    while scorer.stored().await < count as f64 {
        assert!(
            spawned.elapsed() < Duration::from_secs(900),
            "scorer stuck short of {count} items"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let elapsed = first_at.elapsed().as_secs_f64();
    let run = Run {
        pipeline: (count as f64 - first_count) / elapsed,
        with_join: count as f64 / spawned.elapsed().as_secs_f64(),
        elapsed,
        cpu: (
            cpu("postgres") - pg_before,
            cpu("tansu") - broker_before,
            cpu("credscore-score"),
        ),
    };
    (run, scorer)
}

/// Offers `OFFERED_RATE` items/s through HTTP ingest for `seconds`; prints the latency from
/// ingest to stored score, and the scorer's resident memory over the run.
async fn soak(
    env: &Env,
    scorer: &mut ScorerProcess,
    fresh: &FreshItems,
    first: u64,
    seconds: usize,
) {
    let shutdown = CancellationToken::new();
    let ingest = env
        .start_ingest(env.ingest_config(None, 64 * 1024 * 1024), shutdown.clone())
        .await;
    let client = reqwest::Client::new();
    let before = scorer.metrics().await;
    let stored_before = metric(&before, "credscore_items_scored_total", "");
    // Memory at the start: once the offered rate has run for a few seconds, so that the
    // burst before it (and its batches of 2,000) is not what the end is compared with.
    let mut rss_start = None;
    let mut rss_peak: f64 = 0.0;
    let mut index_start = None;
    let per_tick = OFFERED_RATE / TICKS_PER_SECOND;
    let tick = Duration::from_millis(1_000 / TICKS_PER_SECOND as u64);
    let mut next = tokio::time::Instant::now();
    let mut offered = 0u64;
    let mut late_ticks = 0;
    for n in 0..seconds * TICKS_PER_SECOND {
        if tokio::time::Instant::now() > next + tick {
            late_ticks += 1;
        }
        tokio::time::sleep_until(next).await;
        next += tick;
        let body: String = fresh
            .items(first + offered, per_tick as u64)
            .iter()
            .map(|i| serde_json::to_string(i).unwrap() + "\n")
            .collect();
        offered += per_tick as u64;
        let response = client
            .post(format!("http://{ingest}/v1/items"))
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 202);
        if n % (10 * TICKS_PER_SECOND) == 0 {
            let rss = scorer.resident_mib();
            rss_peak = rss_peak.max(rss);
            if n > 0 && rss_start.is_none() {
                rss_start = Some(rss);
                index_start = Some(copy_index_mib(&scorer.metrics().await));
            }
        }
    }
    let deadline = Instant::now() + Duration::from_secs(120);
    while scorer.stored().await < stored_before + offered as f64 {
        assert!(
            Instant::now() < deadline,
            "the soak's items were not all stored"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let after = scorer.metrics().await;
    let rss_end = scorer.resident_mib();
    let rss_start = rss_start.unwrap_or(rss_end);
    let index_end = copy_index_mib(&after);
    let index_start = index_start.unwrap_or(index_end);
    shutdown.cancel();
    println!(
        "  soak: {offered} items at {OFFERED_RATE} items/s offered for {seconds} s through HTTP ingest ({late_ticks} ticks late)"
    );
    println!(
        "    latency, ingest → stored score    : p50 {}, p99 {}",
        lag_quantile(&before, &after, 0.5),
        lag_quantile(&before, &after, 0.99)
    );
    println!(
        "    scorer resident memory            : {rss_start:.0} MiB after 10 s, {rss_end:.0} MiB at the end ({:+.1} %), peak sampled {rss_peak:.0} MiB",
        100.0 * (rss_end - rss_start) / rss_start
    );
    // The copy index's band table grows with the originals filed (it is data, not a leak).
    let (rest_start, rest_end) = (rss_start - index_start, rss_end - index_end);
    println!(
        "      of which the copy index's band table: {index_start:.0} → {index_end:.0} MiB; the rest {rest_start:.0} → {rest_end:.0} MiB ({:+.1} %)",
        100.0 * (rest_end - rest_start) / rest_start
    );
}
