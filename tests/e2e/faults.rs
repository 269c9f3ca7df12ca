//! Faults on real parts: a poison item, a row PostgreSQL refuses, raw bytes from a client
//! this project did not write, and PostgreSQL down in the middle of a stream. In every case
//! the good items after the bad ones are stored, each exactly once, the bad ones land in the
//! dead-letter topic with their reason, and the practitioner aggregates equal a full
//! recompute. Needs the test stack (`make test` starts it, with the Python client).

mod common;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use common::{metric, read_topic, sample_items, Env};
use credscore::proto;
use credscore::CancellationToken;
use credscore_model::Item;
use prost::Message;

/// The dead letters in the topic, by reason.
fn dead_letters(env: &Env, expected: usize) -> Vec<proto::DeadLetter> {
    read_topic(&env.kafka.dlq_topic, expected, Duration::from_secs(30))
        .into_iter()
        .map(|(_, payload)| proto::DeadLetter::decode(payload.as_slice()).unwrap())
        .collect()
}

fn poison(id: &str) -> Item {
    Item::from_json(
        &serde_json::json!({"id": id, "author": "poison_author", "text": "hello \u{0} world"})
            .to_string(),
    )
    .unwrap()
}

/// Stored scores, distinct items scored, and items without a score under the active model.
async fn stored_once(pool: &sqlx::PgPool) -> (i64, i64, i64) {
    sqlx::query_as(
        "SELECT (SELECT count(*) FROM scores s JOIN models m ON m.version = s.model_version AND m.active),
                (SELECT count(DISTINCT item_id) FROM scores),
                (SELECT count(*) FROM items i WHERE NOT EXISTS (SELECT 1 FROM scores s WHERE s.item_id = i.id))",
    )
    .fetch_one(pool)
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_poison_item_never_blocks_the_stream() {
    let env = Env::new("poison").await;
    let shutdown = CancellationToken::new();
    let ingest = env.start_open_ingest(shutdown.clone()).await;

    // Over HTTP it is refused, naming the field.
    let response = reqwest::Client::new()
        .post(format!("http://{ingest}/v1/items"))
        .header("content-type", "application/json")
        .body(r#"{"id":"x","author":"a","text":"hello \u0000 world"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["problems"][0]["field"], "text", "{body}");
    assert!(
        body["problems"][0]["error"]
            .as_str()
            .unwrap()
            .contains("NUL"),
        "{body}"
    );

    // The same bytes produced straight into the topic, ahead of 1,000 good items.
    let producer = credscore::kafka::producer(&env.kafka, Duration::from_secs(10)).unwrap();
    credscore::ingest::publish(&producer, &env.kafka.items_topic, &[poison("poison-1")])
        .await
        .unwrap();
    let good = sample_items(1_000, "after-poison");
    credscore::ingest::publish(&producer, &env.kafka.items_topic, &good)
        .await
        .unwrap();
    let (scorer, _) = env.start_scorer_in_new_group(shutdown.clone()).await;
    let pool = env.pool().await;
    env.wait_for_scores(&pool, 1_000, Duration::from_secs(90))
        .await;
    assert_eq!(stored_once(&pool).await, (1_000, 1_000, 0));

    let letters = dead_letters(&env, 1);
    assert_eq!(letters.len(), 1, "{letters:?}");
    assert_eq!(letters[0].reason, "unstorable");
    assert!(letters[0].detail.contains("NUL"), "{}", letters[0].detail);
    let event = proto::ItemEvent::decode(letters[0].payload.as_slice()).unwrap();
    assert_eq!(event.id, "poison-1");
    common::assert_consistent(&pool).await;
    let page = common::get_text(&format!("http://{scorer}/metrics")).await;
    assert_eq!(
        metric(&page, "credscore_items_dead_lettered_total", "unstorable"),
        1.0
    );
    shutdown.cancel();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_row_postgres_refuses_is_isolated_and_the_rest_is_written() {
    let env = Env::new("refused").await;
    let shutdown = CancellationToken::new();
    let pool = env.pool().await;
    credscore::store::migrate(&pool).await.unwrap();
    // A rule only PostgreSQL knows: the scorer cannot validate it away, only isolate it.
    sqlx::query(
        "ALTER TABLE items ADD CONSTRAINT refuse_marked CHECK (text NOT LIKE '%refused-by-the-database%')",
    )
    .execute(&pool)
    .await
    .unwrap();
    let mut items = sample_items(600, "refused");
    for index in [17, 399] {
        items[index].text = format!("{} refused-by-the-database", items[index].text);
    }
    credscore::kafka::ensure_topics(&env.kafka).await.unwrap();
    let producer = credscore::kafka::producer(&env.kafka, Duration::from_secs(10)).unwrap();
    credscore::ingest::publish(&producer, &env.kafka.items_topic, &items)
        .await
        .unwrap();
    let (scorer, _) = env.start_scorer_in_new_group(shutdown.clone()).await;
    env.wait_for_scores(&pool, 598, Duration::from_secs(90))
        .await;
    let letters = dead_letters(&env, 2);
    let mut refused: Vec<String> = letters
        .iter()
        .map(|l| {
            assert_eq!(l.reason, "unstorable");
            assert!(l.detail.contains("refuse_marked"), "{}", l.detail);
            proto::ItemEvent::decode(l.payload.as_slice()).unwrap().id
        })
        .collect();
    refused.sort();
    assert_eq!(refused, ["refused-17", "refused-399"]);
    assert_eq!(stored_once(&pool).await, (598, 598, 0));
    common::assert_consistent(&pool).await;
    // The stall gauge is back to zero once the batch is through.
    let started = Instant::now();
    loop {
        let page = common::get_text(&format!("http://{scorer}/metrics")).await;
        if metric(&page, "credscore_write_failures_consecutive", "") == 0.0 {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "{page}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    shutdown.cancel();
}

/// Produces records with the Python `confluent-kafka` client (librdkafka of its own wheel),
/// a producer this project did not write; `records` are (key, payload) pairs.
fn produce_with_python(topic: &str, records: &[(&str, Vec<u8>)]) {
    let python = std::env::var("CREDSCORE_PYTHON").unwrap_or_else(|_| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../.local/venv/bin/python").to_string()
    });
    let lines: Vec<String> = records
        .iter()
        .map(|(key, payload)| format!("{} {}", hex(key.as_bytes()), hex(payload)))
        .collect();
    let script = r#"
import sys
from confluent_kafka import Producer
producer = Producer({"bootstrap.servers": sys.argv[1], "enable.idempotence": False})
for line in sys.stdin.read().split("\n"):
    if not line:
        continue
    key, payload = line.split(" ")
    producer.produce(sys.argv[2], key=bytes.fromhex(key), value=bytes.fromhex(payload))
left = producer.flush(30)
sys.exit(1 if left else 0)
"#;
    let mut child = std::process::Command::new(&python)
        .args(["-c", script, &common::brokers(), topic])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("cannot run {python} (`scripts/stack.sh deps` installs confluent-kafka): {e}")
        });
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(lines.join("\n").as_bytes())
        .unwrap();
    assert!(
        child.wait().unwrap().success(),
        "the Python producer failed"
    );
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn raw_bytes_from_an_independent_client_never_stall_the_stream() {
    let env = Env::new("rawbytes").await;
    let shutdown = CancellationToken::new();
    credscore::kafka::ensure_topics(&env.kafka).await.unwrap();
    let poison_event = credscore::records::item_to_event(&poison("py-poison"), 0).encode_to_vec();
    produce_with_python(
        &env.kafka.items_topic,
        &[
            ("x", b"\x00\xff raw bytes, not an event".to_vec()),
            ("poison_author", poison_event),
        ],
    );
    let good = sample_items(500, "after-raw");
    let producer = credscore::kafka::producer(&env.kafka, Duration::from_secs(10)).unwrap();
    credscore::ingest::publish(&producer, &env.kafka.items_topic, &good)
        .await
        .unwrap();
    env.start_scorer_in_new_group(shutdown.clone()).await;
    let pool = env.pool().await;
    env.wait_for_scores(&pool, 500, Duration::from_secs(90))
        .await;
    assert_eq!(stored_once(&pool).await, (500, 500, 0));
    let mut reasons: HashMap<String, usize> = HashMap::new();
    for letter in dead_letters(&env, 2) {
        *reasons.entry(letter.reason).or_default() += 1;
    }
    assert_eq!(
        reasons,
        HashMap::from([
            ("undecodable".to_string(), 1),
            ("unstorable".to_string(), 1)
        ])
    );
    shutdown.cancel();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_down_for_twenty_seconds_loses_and_doubles_nothing() {
    let env = Env::new("pgdown").await;
    let shutdown = CancellationToken::new();
    let ingest = env
        .start_ingest(env.ingest_config(None, 16 << 20), shutdown.clone())
        .await;
    let (scorer, _) = env.start_scorer_in_new_group(shutdown.clone()).await;
    let items = sample_items(6_000, "pgdown");
    let database = env.database.url.rsplit('/').next().unwrap().to_string();
    let admin = sqlx::PgPool::connect(
        &std::env::var("CREDSCORE_DATABASE_URL")
            .unwrap_or_else(|_| "postgres://credscore@127.0.0.1:55433/credscore".into()),
    )
    .await
    .unwrap();
    let outage = async {
        // A third of the stream in, the scorer's database goes away for 20 s: new
        // connections are refused and the open ones are cut.
        tokio::time::sleep(Duration::from_secs(2)).await;
        sqlx::query(&format!(
            "ALTER DATABASE {database} WITH ALLOW_CONNECTIONS false"
        ))
        .execute(&admin)
        .await
        .unwrap();
        sqlx::query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1")
            .bind(&database)
            .execute(&admin)
            .await
            .unwrap();
        let page = common::get_text(&format!("http://{scorer}/metrics")).await;
        tokio::time::sleep(Duration::from_secs(20)).await;
        let during = common::get_text(&format!("http://{scorer}/metrics")).await;
        sqlx::query(&format!(
            "ALTER DATABASE {database} WITH ALLOW_CONNECTIONS true"
        ))
        .execute(&admin)
        .await
        .unwrap();
        (page, during)
    };
    let stream = async {
        for chunk in items.chunks(600) {
            env.post_items(ingest, chunk).await;
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    };
    let ((_, during), ()) = tokio::join!(outage, stream);
    // The stall shows while it lasts.
    assert!(
        metric(&during, "credscore_write_failures_consecutive", "") > 0.0,
        "{during}"
    );
    assert!(
        metric(&during, "credscore_oldest_unstored_item_age_seconds", "") > 5.0,
        "{during}"
    );
    assert!(
        metric(&during, "credscore_consumer_lag_messages", "") > 0.0,
        "{during}"
    );
    let pool = env.pool().await;
    env.wait_for_scores(&pool, 6_000, Duration::from_secs(180))
        .await;
    assert_eq!(stored_once(&pool).await, (6_000, 6_000, 0));
    common::assert_consistent(&pool).await;
    // Nothing about the data was wrong: nothing is dead-lettered.
    assert!(dead_letters(&env, 1).is_empty());
    let page = common::get_text(&format!("http://{scorer}/metrics")).await;
    assert_eq!(
        metric(&page, "credscore_write_failures_consecutive", ""),
        0.0
    );
    assert!(metric(&page, "credscore_db_retries_total", "") > 0.0);
    shutdown.cancel();
}
