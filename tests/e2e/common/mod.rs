//! Shared set-up for end-to-end tests: the real broker and PostgreSQL of the test stack
//! (`scripts/stack.sh up test`), with a fresh database and fresh topic names per test.
#![allow(dead_code)]

pub mod bench;
pub mod fresh;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use credscore::config::{
    ApiConfig, DatabaseConfig, IngestConfig, KafkaConfig, ModelConfig, ScorerConfig,
};
use credscore::CancellationToken;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::message::Message;
use rdkafka::{ClientConfig, Offset, TopicPartitionList};

pub fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{prefix}_{}_{:x}", std::process::id(), nanos % 0xffff_ffff)
}

pub fn brokers() -> String {
    std::env::var("CREDSCORE_KAFKA_BROKERS").unwrap_or_else(|_| "127.0.0.1:19093".into())
}

fn admin_url() -> String {
    std::env::var("CREDSCORE_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://credscore@127.0.0.1:55433/credscore".into())
}

/// Client settings the local broker needs, as `scripts/stack.sh env test` exports them.
pub fn local_broker_settings() -> Vec<(String, String)> {
    let raw =
        std::env::var("CREDSCORE_KAFKA_SETTINGS").unwrap_or_else(|_| "batch.num.messages=1".into());
    raw.split(',')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

/// A fresh database and fresh topics for one test.
pub struct Env {
    pub kafka: KafkaConfig,
    pub database: DatabaseConfig,
}

impl Env {
    pub async fn new(name: &str) -> Env {
        let db = unique(&format!("credscore_{name}"));
        let admin = sqlx::PgPool::connect(&admin_url()).await.expect(
            "test PostgreSQL is not reachable: run `scripts/stack.sh up test` (make test does)",
        );
        sqlx::query(&format!("CREATE DATABASE {db}"))
            .execute(&admin)
            .await
            .unwrap();
        let base = admin_url();
        let url = format!("{}/{db}", &base[..base.rfind('/').unwrap()]);
        let topic = unique(name);
        Env {
            kafka: KafkaConfig {
                brokers: brokers(),
                items_topic: format!("{topic}.items"),
                scores_topic: format!("{topic}.scores"),
                dlq_topic: format!("{topic}.dlq"),
                rescore_topic: format!("{topic}.rescore"),
                partitions: 3,
                replication: 1,
                settings: local_broker_settings(),
            },
            database: DatabaseConfig {
                url,
                max_connections: 4,
            },
        }
    }

    /// The environment a service binary needs to use this test's database and topics (with
    /// the local broker's client settings); later `.env` calls override any of it.
    pub fn service_env(&self) -> Vec<(&'static str, String)> {
        let settings: Vec<String> = self
            .kafka
            .settings
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        vec![
            ("CREDSCORE_DATABASE_URL", self.database.url.clone()),
            ("CREDSCORE_KAFKA_BROKERS", self.kafka.brokers.clone()),
            ("CREDSCORE_ITEMS_TOPIC", self.kafka.items_topic.clone()),
            ("CREDSCORE_SCORES_TOPIC", self.kafka.scores_topic.clone()),
            ("CREDSCORE_DLQ_TOPIC", self.kafka.dlq_topic.clone()),
            ("CREDSCORE_RESCORE_TOPIC", self.kafka.rescore_topic.clone()),
            ("CREDSCORE_KAFKA_SETTINGS", settings.join(",")),
        ]
    }

    pub async fn pool(&self) -> sqlx::PgPool {
        sqlx::PgPool::connect(&self.database.url).await.unwrap()
    }

    pub fn ingest_config(&self, token: Option<&str>, max_body_bytes: usize) -> IngestConfig {
        IngestConfig {
            listen: "127.0.0.1:0".into(),
            token: token.map(str::to_string),
            max_body_bytes,
            max_items: 50_000,
            produce_timeout_ms: 10_000,
            kafka: self.kafka.clone(),
        }
    }

    pub fn scorer_config(&self, group: &str) -> ScorerConfig {
        ScorerConfig {
            listen: "127.0.0.1:0".into(),
            group_id: group.into(),
            batch_size: 1000,
            batch_linger_ms: 50,
            writers: 2,
            model_poll_ms: 500,
            half_life_days: credscore::config::DEFAULT_HALF_LIFE_DAYS,
            // Peer standing runs only in the tests about it.
            standing_every_seconds: 0,
            copies: true,
            kafka: self.kafka.clone(),
            database: self.database.clone(),
            model: ModelConfig { path: None },
        }
    }

    /// Starts the ingest service in-process; returns its address.
    pub async fn start_ingest(
        &self,
        config: IngestConfig,
        shutdown: CancellationToken,
    ) -> SocketAddr {
        let (tx, rx) = tokio::sync::oneshot::channel();
        tokio::spawn(async move {
            credscore::ingest::run(config, shutdown, Some(tx))
                .await
                .expect("ingest runs")
        });
        rx.await.expect("ingest started")
    }

    /// Starts the ingest service in-process with no token and a 1 MiB body limit; returns
    /// its address.
    pub async fn start_open_ingest(&self, shutdown: CancellationToken) -> SocketAddr {
        self.start_ingest(self.ingest_config(None, 1 << 20), shutdown)
            .await
    }

    /// Starts a scorer in a consumer group of its own; returns its metrics address.
    pub async fn start_scorer_in_new_group(
        &self,
        shutdown: CancellationToken,
    ) -> (SocketAddr, tokio::task::JoinHandle<()>) {
        self.start_scorer(self.scorer_config(&unique("group")), shutdown)
            .await
    }

    /// Starts the scorer in-process; returns its metrics address.
    pub async fn start_scorer(
        &self,
        config: ScorerConfig,
        shutdown: CancellationToken,
    ) -> (SocketAddr, tokio::task::JoinHandle<()>) {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let handle = tokio::spawn(async move {
            credscore::scorer::run(config, shutdown, Some(tx))
                .await
                .expect("scorer runs")
        });
        (rx.await.expect("scorer started"), handle)
    }

    /// Starts the read API and dashboard in-process; returns its address.
    pub async fn start_api(&self, shutdown: CancellationToken) -> SocketAddr {
        self.start_api_with_tokens(None, None, shutdown).await
    }

    /// Starts the read API and dashboard with an API token and an admin token (and the
    /// reviewer token "review-s3cret").
    pub async fn start_api_with_tokens(
        &self,
        token: Option<&str>,
        admin_token: Option<&str>,
        shutdown: CancellationToken,
    ) -> SocketAddr {
        self.start_api_with_reviewer(token, admin_token, Some("review-s3cret"), shutdown)
            .await
    }

    /// Starts the read API and dashboard with the tokens given (none: that access is off).
    pub async fn start_api_with_reviewer(
        &self,
        token: Option<&str>,
        admin_token: Option<&str>,
        reviewer_token: Option<&str>,
        shutdown: CancellationToken,
    ) -> SocketAddr {
        let config = ApiConfig {
            listen: "127.0.0.1:0".into(),
            half_life_days: credscore::config::DEFAULT_HALF_LIFE_DAYS,
            token: token.map(str::to_string),
            admin_token: admin_token.map(str::to_string),
            reviewer_token: reviewer_token.map(str::to_string),
            database: self.database.clone(),
        };
        let (tx, rx) = tokio::sync::oneshot::channel();
        tokio::spawn(async move {
            credscore::web::run(config, shutdown, Some(tx))
                .await
                .expect("api runs")
        });
        rx.await.expect("api started")
    }

    /// Posts `items` to the ingest service as NDJSON and checks they are all accepted.
    pub async fn post_items(&self, ingest: SocketAddr, items: &[credscore_model::Item]) {
        let client = reqwest::Client::new();
        for chunk in items.chunks(2_000) {
            let body: String = chunk
                .iter()
                .map(|i| serde_json::to_string(i).unwrap() + "\n")
                .collect();
            let response = client
                .post(format!("http://{ingest}/v1/items"))
                .header("content-type", "application/x-ndjson")
                .body(body)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 202, "{}", response.text().await.unwrap());
            let accepted: serde_json::Value = response.json().await.unwrap();
            assert_eq!(accepted["accepted"], chunk.len());
        }
    }

    /// Waits until `count` scores are stored, or panics after `limit`.
    pub async fn wait_for_scores(&self, pool: &sqlx::PgPool, count: i64, limit: Duration) -> i64 {
        let started = Instant::now();
        loop {
            let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM scores")
                .fetch_one(pool)
                .await
                .unwrap_or(0);
            if stored >= count {
                return stored;
            }
            assert!(
                started.elapsed() < limit,
                "only {stored} of {count} scores stored after {limit:?}"
            );
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }
}

/// Reads every message currently in `topic` (all partitions, from the beginning).
pub fn read_topic(
    topic: &str,
    expected: usize,
    limit: Duration,
) -> Vec<(Option<Vec<u8>>, Vec<u8>)> {
    let consumer: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", brokers())
        .set("group.id", unique("reader"))
        .set("enable.auto.commit", "false")
        .create()
        .unwrap();
    let metadata = consumer
        .fetch_metadata(Some(topic), Duration::from_secs(5))
        .unwrap();
    let mut assignment = TopicPartitionList::new();
    for partition in metadata.topics()[0].partitions() {
        assignment
            .add_partition_offset(topic, partition.id(), Offset::Beginning)
            .unwrap();
    }
    consumer.assign(&assignment).unwrap();
    let started = Instant::now();
    let mut out = Vec::new();
    while out.len() < expected && started.elapsed() < limit {
        if let Some(Ok(message)) = consumer.poll(Duration::from_millis(200)) {
            out.push((
                message.key().map(<[u8]>::to_vec),
                message.payload().unwrap_or_default().to_vec(),
            ));
        }
    }
    out
}

/// French and English items built from the corpus texts, with fresh ids.
pub fn sample_items(count: usize, prefix: &str) -> Vec<credscore_model::Item> {
    let corpus = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../corpus"));
    let files = credscore_model::train::corpus_files(&corpus).unwrap();
    let (labeled, _, _) = credscore_model::train::load_labeled(&files).unwrap();
    (0..count)
        .map(|n| {
            let mut item = labeled[n % labeled.len()].item.clone();
            item.id = format!("{prefix}-{n}");
            item
        })
        .collect()
}

/// The value of a counter/gauge line in a Prometheus text page (summed over labels matching `filter`).
pub fn metric(page: &str, name: &str, filter: &str) -> f64 {
    page.lines()
        .filter(|l| l.starts_with(name) && l.contains(filter) && !l.starts_with('#'))
        .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}

pub async fn get_text(url: &str) -> String {
    reqwest::get(url).await.unwrap().text().await.unwrap()
}

/// Headless Chromium, from PATH.
pub fn chromium() -> PathBuf {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
                .map(|dir| dir.join(name))
                .find(|p| p.is_file())
        })
        .expect("headless Chromium is needed: `scripts/stack.sh deps` installs it (make test does)")
}

/// A built binary of the workspace (`make test` builds them first).
pub fn binary(name: &str) -> PathBuf {
    let path = std::env::var("CREDSCORE_BIN_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../target/release"))
        })
        .join(name);
    assert!(
        path.exists(),
        "{} missing: build with `make build` first (make test does)",
        path.display()
    );
    path
}

/// The practitioner aggregates kept incrementally equal a recomputation from every stored
/// score, and no stored row points at nothing.
pub async fn assert_consistent(pool: &sqlx::PgPool) {
    let active: String = sqlx::query_scalar("SELECT version FROM models WHERE active")
        .fetch_one(pool)
        .await
        .unwrap();
    let model = credscore_model::Model::builtin().unwrap();
    let aggregation = credscore::aggregation::Aggregation::for_model(
        &model,
        credscore::config::DEFAULT_HALF_LIFE_DAYS,
    );
    let query = "SELECT id, credibility, item_count FROM practitioners ORDER BY id";
    let stored: Vec<(String, f64, i64)> = sqlx::query_as(query).fetch_all(pool).await.unwrap();
    let mut tx = pool.begin().await.unwrap();
    credscore::store::practitioners::recompute_practitioners(&mut tx, None, &active, aggregation)
        .await
        .unwrap();
    credscore::store::practitioners::derive_practitioner_scores(&mut tx, None, aggregation)
        .await
        .unwrap();
    let recomputed: Vec<(String, f64, i64)> =
        sqlx::query_as(query).fetch_all(&mut *tx).await.unwrap();
    tx.rollback().await.unwrap();
    assert_eq!(stored.len(), recomputed.len());
    for (a, b) in stored.iter().zip(&recomputed) {
        assert_eq!((&a.0, a.2), (&b.0, b.2));
        assert!((a.1 - b.1).abs() < 1e-9, "{}: {} vs {}", a.0, a.1, b.1);
    }
    for (reference, dangling) in credscore::store::check::dangling_references(pool)
        .await
        .unwrap()
    {
        assert_eq!(dangling, 0, "{reference}");
    }
}
