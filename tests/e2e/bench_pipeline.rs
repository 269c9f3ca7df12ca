//! `make bench`, pipeline part: end-to-end throughput (HTTP ingest → broker → scorer →
//! PostgreSQL) and latency at a fixed offered rate, beside the raw limits of this machine
//! (plain group consume from the broker, plain COPY into PostgreSQL).

mod common;

use std::time::{Duration, Instant};

use common::{metric, sample_items, Env};
use credscore::CancellationToken;
use rdkafka::consumer::{Consumer, StreamConsumer};
use rdkafka::ClientConfig;

const RAW_MESSAGES: usize = 100_000;
const WARM_UP_ITEMS: usize = 5_000;
const END_TO_END_ITEMS: usize = 50_000;
const OFFERED_RATE: usize = 2_000;
const OFFERED_SECONDS: usize = 10;

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
    sqlx::query("CREATE TABLE copy_bench (item_id text, model_version text, credibility float8, self_promotion float8, unverifiable_claims float8, writing_errors float8, explanation jsonb)")
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

/// Waits until the scorer has stored `count` items, from its counter (which moves after each
/// database commit): polling the scores table instead would take PostgreSQL time from the
/// pipeline being measured.
async fn wait_for_stored(scorer: std::net::SocketAddr, count: usize) {
    let started = Instant::now();
    loop {
        let page = common::get_text(&format!("http://{scorer}/metrics")).await;
        if metric(&page, "credscore_items_scored_total", "") >= count as f64 {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(600),
            "scorer stuck short of {count} stored items"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The `q` quantile of the end-to-end lag observed between two scrapes of the scorer's
/// metrics, interpolated linearly within its histogram bucket (as Prometheus'
/// `histogram_quantile` does).
fn lag_quantile(page_before: &str, page_after: &str, q: f64) -> String {
    let buckets = |page: &str| -> Vec<(f64, f64)> {
        page.lines()
            .filter(|l| l.starts_with("credscore_end_to_end_lag_seconds_bucket"))
            .filter_map(|l| {
                let le = l.split("le=\"").nth(1)?.split('"').next()?;
                let le = if le == "+Inf" {
                    f64::INFINITY
                } else {
                    le.parse().ok()?
                };
                Some((le, l.rsplit(' ').next()?.parse().ok()?))
            })
            .collect()
    };
    let (before, after) = (buckets(page_before), buckets(page_after));
    let counts: Vec<(f64, f64)> = after
        .iter()
        .zip(before.iter())
        .map(|(&(le, a), &(_, b))| (le, a - b))
        .collect();
    let total = counts.last().map_or(0.0, |c| c.1);
    if total == 0.0 {
        return "n/a".into();
    }
    let rank = q * total;
    let mut lower = (0.0, 0.0);
    for &(le, count) in &counts {
        if count >= rank {
            if le.is_infinite() {
                return format!("> {:.2} s", lower.0);
            }
            let share = (rank - lower.1) / (count - lower.1).max(f64::MIN_POSITIVE);
            return format!("{:.2} s", lower.0 + share * (le - lower.0));
        }
        lower = (le, count);
    }
    "n/a".into()
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let raw_env = Env::new("bench_raw").await;
    let consume = raw_consume_rate(&raw_env).await;
    let copy = raw_copy_rate(&raw_env).await;

    let env = Env::new("bench").await;
    let shutdown = CancellationToken::new();
    let ingest = env
        .start_ingest(env.ingest_config(None, 64 * 1024 * 1024), shutdown.clone())
        .await;
    // The service's own batching defaults, as a user runs it.
    let mut scorer_config = env.scorer_config(&common::unique("group"));
    scorer_config.batch_size = credscore::config::DEFAULT_BATCH_SIZE;
    scorer_config.batch_linger_ms = credscore::config::DEFAULT_BATCH_LINGER_MS;
    let (scorer, _) = env.start_scorer(scorer_config, shutdown.clone()).await;
    let client = reqwest::Client::new();
    let pool = env.pool().await;
    let post = |items: &[credscore_model::Item]| {
        let body: String = items
            .iter()
            .map(|i| serde_json::to_string(i).unwrap() + "\n")
            .collect();
        client
            .post(format!("http://{ingest}/v1/items"))
            .body(body)
            .send()
    };

    // Warm-up: the scorer joins its group and the spelling memo fills, as in a running service.
    for chunk in sample_items(WARM_UP_ITEMS, "warm-up").chunks(5_000) {
        assert_eq!(post(chunk).await.unwrap().status(), 202);
    }
    env.wait_for_scores(&pool, WARM_UP_ITEMS as i64, Duration::from_secs(600))
        .await;

    // Throughput: offer everything as fast as ingest takes it.
    let items = sample_items(END_TO_END_ITEMS, "bench");
    let warm = common::get_text(&format!("http://{scorer}/metrics")).await;
    let started = Instant::now();
    for chunk in items.chunks(5_000) {
        assert_eq!(post(chunk).await.unwrap().status(), 202);
    }
    wait_for_stored(scorer, WARM_UP_ITEMS + END_TO_END_ITEMS).await;
    let elapsed = started.elapsed().as_secs_f64();
    // The counter is not taken on trust: the rows are there.
    env.wait_for_scores(
        &pool,
        (WARM_UP_ITEMS + END_TO_END_ITEMS) as i64,
        Duration::from_secs(1),
    )
    .await;
    let throughput = END_TO_END_ITEMS as f64 / elapsed;
    let page = common::get_text(&format!("http://{scorer}/metrics")).await;
    let busy = |name: &str| metric(&page, name, "") - metric(&warm, name, "");
    let (scoring, writing) = (
        busy("credscore_scoring_duration_seconds_sum"),
        busy("credscore_db_write_duration_seconds_sum"),
    );

    // Latency at a fixed offered rate, from the scorer's end-to-end lag histogram.
    let before = common::get_text(&format!("http://{scorer}/metrics")).await;
    let paced = sample_items(OFFERED_RATE * OFFERED_SECONDS, "paced");
    let tick = Duration::from_millis(100);
    let per_tick = OFFERED_RATE / 10;
    let mut next = tokio::time::Instant::now();
    for chunk in paced.chunks(per_tick) {
        tokio::time::sleep_until(next).await;
        next += tick;
        assert_eq!(post(chunk).await.unwrap().status(), 202);
    }
    env.wait_for_scores(
        &pool,
        (WARM_UP_ITEMS + END_TO_END_ITEMS + paced.len()) as i64,
        Duration::from_secs(600),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let after = common::get_text(&format!("http://{scorer}/metrics")).await;
    shutdown.cancel();

    println!("\npipeline benchmark (this machine, broker and PostgreSQL local)");
    println!(
        "  client settings                    : {:?}",
        env.kafka.settings
    );
    println!("  raw group consume from the broker : {consume:>9.0} msg/s");
    println!("  raw COPY into PostgreSQL           : {copy:>9.0} rows/s");
    println!(
        "  end to end, HTTP → stored score    : {throughput:>9.0} items/s  ({:.0} % of the consume limit, {:.0} % of the COPY limit)",
        100.0 * throughput / consume,
        100.0 * throughput / copy
    );
    println!(
        "  where the scorer spent the {elapsed:.1} s  : scoring {scoring:.1} s, PostgreSQL writes {writing:.1} s, in {} batches",
        busy("credscore_batch_size_count")
    );
    println!(
        "  latency at {OFFERED_RATE} items/s offered  : p50 {}, p99 {}  ({} items)",
        lag_quantile(&before, &after, 0.5),
        lag_quantile(&before, &after, 0.99),
        metric(&after, "credscore_end_to_end_lag_seconds_count", "")
            - metric(&before, "credscore_end_to_end_lag_seconds_count", "")
    );
}
