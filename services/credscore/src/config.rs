//! Configuration shared by the services and the CLI: typed, with defaults that work with
//! the local stack (`make up`), overridable by `CREDSCORE_*` environment variables and flags.

use std::time::Duration;

use clap::Args;

/// Default half-life of an item's weight in a practitioner's score, in days. The sample
/// practitioners post about once a year: two years keeps several items in play (README:
/// "Practitioner credibility").
pub const DEFAULT_HALF_LIFE_DAYS: f64 = 730.0;
/// Items per scorer batch at most: 2,000 measured about 20 % faster end to end than 1,000
/// here (fewer statements and round trips per item), and a quiet stream still flushes after
/// the linger time.
pub const DEFAULT_BATCH_SIZE: usize = 2_000;
/// How long a scorer batch may wait to fill, in ms: at 2,000 items/s offered, batches of
/// about 100 items, and p99 latency ingest → stored of 0.19 s on the 2-core machine.
pub const DEFAULT_BATCH_LINGER_MS: u64 = 50;

/// Kafka connection and topics.
#[derive(Debug, Clone, Args)]
pub struct KafkaConfig {
    /// Bootstrap servers.
    #[arg(
        long = "brokers",
        env = "CREDSCORE_KAFKA_BROKERS",
        default_value = "127.0.0.1:19092"
    )]
    pub brokers: String,
    /// Topic of item events (key = author).
    #[arg(
        long,
        env = "CREDSCORE_ITEMS_TOPIC",
        default_value = "credscore.items.v1"
    )]
    pub items_topic: String,
    /// Topic of score events.
    #[arg(
        long,
        env = "CREDSCORE_SCORES_TOPIC",
        default_value = "credscore.scores.v1"
    )]
    pub scores_topic: String,
    /// Dead-letter topic: events that could not be used, with the reason.
    #[arg(long, env = "CREDSCORE_DLQ_TOPIC", default_value = "credscore.dlq.v1")]
    pub dlq_topic: String,
    /// Topic of re-scoring requests (`credscore rescore --via-kafka`), shared by the scorers.
    #[arg(
        long,
        env = "CREDSCORE_RESCORE_TOPIC",
        default_value = "credscore.rescore.v1"
    )]
    pub rescore_topic: String,
    /// Partitions of topics created at start-up (brokers may not auto-create topics).
    #[arg(long, env = "CREDSCORE_TOPIC_PARTITIONS", default_value_t = 3)]
    pub partitions: i32,
    /// Replication factor of topics created at start-up.
    #[arg(long, env = "CREDSCORE_TOPIC_REPLICATION", default_value_t = 1)]
    pub replication: i32,
    /// Raw librdkafka setting, repeatable: -K security.protocol=SSL (the environment variable
    /// takes a comma-separated list; set empty, it means none).
    #[arg(short = 'K', long = "kafka-setting", env = "CREDSCORE_KAFKA_SETTINGS", value_delimiter = ',', value_parser = parse_setting, hide_env_values = true)]
    pub settings: Vec<(String, String)>,
}

/// `key=value`; a blank entry is no setting (`CREDSCORE_KAFKA_SETTINGS=` clears the list).
fn parse_setting(raw: &str) -> Result<(String, String), String> {
    if raw.trim().is_empty() {
        return Ok((String::new(), String::new()));
    }
    raw.split_once('=')
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .filter(|(k, _)| !k.is_empty())
        .ok_or_else(|| format!("expected key=value, got {raw:?}"))
}

/// PostgreSQL connection.
#[derive(Debug, Clone, Args)]
pub struct DatabaseConfig {
    /// PostgreSQL URL.
    #[arg(
        long = "database-url",
        env = "CREDSCORE_DATABASE_URL",
        default_value = "postgres://credscore@127.0.0.1:55432/credscore",
        hide_env_values = true
    )]
    pub url: String,
    /// Connections in the pool.
    #[arg(
        long = "database-connections",
        env = "CREDSCORE_DATABASE_CONNECTIONS",
        default_value_t = 4
    )]
    pub max_connections: u32,
}

impl DatabaseConfig {
    /// The URL with any password replaced, for logs.
    pub fn redacted(&self) -> String {
        redact_url(&self.url)
    }
}

/// Replaces the password of a URL with `***`.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let Some((credentials, host)) = rest.split_once('@') else {
        return url.to_string();
    };
    match credentials.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_string(),
    }
}

/// Where a model comes from when a service starts.
#[derive(Debug, Clone, Args)]
pub struct ModelConfig {
    /// A model artifact file; by default the active model of the registry, or the built-in
    /// model when the registry has none.
    #[arg(long = "model", env = "CREDSCORE_MODEL")]
    pub path: Option<std::path::PathBuf>,
}

/// The ingest service.
#[derive(Debug, Clone, Args)]
pub struct IngestConfig {
    /// Address of the HTTP API (and its /metrics).
    #[arg(
        long,
        env = "CREDSCORE_INGEST_LISTEN",
        default_value = "127.0.0.1:8080"
    )]
    pub listen: String,
    /// Bearer token required on POST /v1/items; no auth when unset.
    #[arg(long, env = "CREDSCORE_INGEST_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Largest request body accepted, in bytes (413 above it).
    #[arg(long, env = "CREDSCORE_MAX_BODY_BYTES", default_value_t = 16 * 1024 * 1024)]
    pub max_body_bytes: usize,
    /// Largest number of items in one request.
    #[arg(
        long,
        env = "CREDSCORE_MAX_ITEMS_PER_REQUEST",
        default_value_t = 50_000
    )]
    pub max_items: usize,
    /// How long a produce may wait for the broker before the request gets 503, in ms.
    #[arg(long, env = "CREDSCORE_PRODUCE_TIMEOUT_MS", default_value_t = 10_000)]
    pub produce_timeout_ms: u64,
    #[command(flatten)]
    /// The broker and topics.
    pub kafka: KafkaConfig,
}

/// The scorer service.
#[derive(Debug, Clone, Args)]
pub struct ScorerConfig {
    /// Address of /metrics.
    #[arg(
        long,
        env = "CREDSCORE_SCORER_LISTEN",
        default_value = "127.0.0.1:9101"
    )]
    pub listen: String,
    /// Consumer group; run more replicas with the same group to scale out.
    #[arg(long, env = "CREDSCORE_GROUP_ID", default_value = "credscore-scorer")]
    pub group_id: String,
    /// Items per batch at most.
    #[arg(long, env = "CREDSCORE_BATCH_SIZE", default_value_t = DEFAULT_BATCH_SIZE)]
    pub batch_size: usize,
    /// Concurrent write transactions per batch; each takes a share of the practitioners.
    /// Use at most the database's cores; keep CREDSCORE_DATABASE_CONNECTIONS above it.
    #[arg(long, env = "CREDSCORE_WRITERS", default_value_t = 2)]
    pub writers: usize,
    /// How long a batch may wait to fill, in ms.
    #[arg(long, env = "CREDSCORE_BATCH_LINGER_MS", default_value_t = DEFAULT_BATCH_LINGER_MS)]
    pub batch_linger_ms: u64,
    /// How often the scorer checks the registry for a newly activated model, in ms.
    #[arg(long, env = "CREDSCORE_MODEL_POLL_MS", default_value_t = 5_000)]
    pub model_poll_ms: u64,
    /// Half-life of an item's weight in a practitioner's score, in days.
    #[arg(long, env = "CREDSCORE_HALF_LIFE_DAYS", default_value_t = crate::config::DEFAULT_HALF_LIFE_DAYS)]
    pub half_life_days: f64,
    /// How often peer standing is recomputed from the reply graph, in seconds (one replica at
    /// a time runs it); 0 turns it off.
    #[arg(long, env = "CREDSCORE_STANDING_EVERY_SECONDS", default_value_t = 300)]
    pub standing_every_seconds: u64,
    /// Whether stored items are judged against the shared copy index (`copied_from`); `false`
    /// saves the database the index's writes (one row per original of eight words or more) and
    /// the scorer its in-memory band table (about 300 bytes per original).
    #[arg(
        long,
        env = "CREDSCORE_COPIES",
        default_value_t = true,
        action = clap::ArgAction::Set,
        value_parser = clap::builder::BoolishValueParser::new()
    )]
    pub copies: bool,
    #[command(flatten)]
    /// The broker and topics.
    pub kafka: KafkaConfig,
    #[command(flatten)]
    /// The database.
    pub database: DatabaseConfig,
    #[command(flatten)]
    /// The model to start with.
    pub model: ModelConfig,
}

impl ScorerConfig {
    /// How long a batch may wait to fill.
    pub fn linger(&self) -> Duration {
        Duration::from_millis(self.batch_linger_ms)
    }
}

/// The read API and dashboard.
#[derive(Debug, Clone, Args)]
pub struct ApiConfig {
    /// Address of the read API, the dashboard and /metrics.
    #[arg(long, env = "CREDSCORE_API_LISTEN", default_value = "127.0.0.1:8081")]
    pub listen: String,
    /// Half-life of an item's weight in a practitioner's score, in days (as the scorer's;
    /// shown on the dashboard).
    #[arg(long, env = "CREDSCORE_HALF_LIFE_DAYS", default_value_t = crate::config::DEFAULT_HALF_LIFE_DAYS)]
    pub half_life_days: f64,
    /// Token the read API and dashboard require: `Authorization: Bearer <token>`, or HTTP
    /// Basic with any user name and the token as password (browsers prompt for it). No auth
    /// when unset. `/healthz` and `/metrics` stay open.
    #[arg(
        long = "api-token",
        env = "CREDSCORE_API_TOKEN",
        hide_env_values = true
    )]
    pub token: Option<String>,
    /// Token `DELETE /v1/practitioners/{id}` requires (erasure); erasure over HTTP is refused
    /// when unset. It also opens the read API.
    #[arg(long, env = "CREDSCORE_ADMIN_TOKEN", hide_env_values = true)]
    pub admin_token: Option<String>,
    /// Token `POST /v1/items/{id}/labels` requires (labels from reviewers); labels over HTTP
    /// are refused when unset. It also opens the read API.
    #[arg(long, env = "CREDSCORE_REVIEWER_TOKEN", hide_env_values = true)]
    pub reviewer_token: Option<String>,
    /// The database.
    #[command(flatten)]
    pub database: DatabaseConfig,
}

/// How feeds are fetched (`credscore-feeds` and `credscore feeds poll`).
#[derive(Debug, Clone, Args)]
pub struct FetchConfig {
    /// Time limit of one feed request, body included, in ms.
    #[arg(
        long = "feeds-timeout-ms",
        env = "CREDSCORE_FEEDS_TIMEOUT_MS",
        default_value_t = 20_000
    )]
    pub timeout_ms: u64,
    /// Largest feed document read, in bytes; a larger one (or a body that never ends) is an
    /// error of that feed.
    #[arg(long = "feeds-max-bytes", env = "CREDSCORE_FEEDS_MAX_BYTES", default_value_t = 8 * 1024 * 1024)]
    pub max_bytes: usize,
    /// Feeds fetched at once.
    #[arg(
        long = "feeds-concurrency",
        env = "CREDSCORE_FEEDS_CONCURRENCY",
        default_value_t = 4
    )]
    pub concurrency: usize,
}

impl FetchConfig {
    /// The time limit of one request.
    pub fn timeout(&self) -> Duration {
        Duration::from_millis(self.timeout_ms)
    }
}

/// The feeds service: polls the feeds stored in PostgreSQL and publishes their entries.
#[derive(Debug, Clone, Args)]
pub struct FeedsConfig {
    /// Address of /metrics and /healthz.
    #[arg(long, env = "CREDSCORE_FEEDS_LISTEN", default_value = "127.0.0.1:9102")]
    pub listen: String,
    /// How often the service looks for due feeds when none is due sooner, in ms.
    #[arg(long, env = "CREDSCORE_FEEDS_CHECK_MS", default_value_t = 5_000)]
    pub check_ms: u64,
    #[command(flatten)]
    /// Fetching.
    pub fetch: FetchConfig,
    #[command(flatten)]
    /// The broker and topics.
    pub kafka: KafkaConfig,
    #[command(flatten)]
    /// The database.
    pub database: DatabaseConfig,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_passwords() {
        assert_eq!(
            redact_url("postgres://u:secret@h:5432/d"),
            "postgres://u:***@h:5432/d"
        );
        assert_eq!(redact_url("postgres://u@h/d"), "postgres://u@h/d");
    }

    #[test]
    fn parses_kafka_settings() {
        assert_eq!(parse_setting("a.b=c=d"), Ok(("a.b".into(), "c=d".into())));
        assert!(parse_setting("nope").is_err());
        assert!(parse_setting("=value").is_err());
        // `CREDSCORE_KAFKA_SETTINGS=` (empty) is no setting, not an error.
        assert_eq!(parse_setting(""), Ok((String::new(), String::new())));
    }
}
