//! The pipeline on real parts: HTTP ingest → broker → scorer → PostgreSQL and the scores
//! and dead-letter topics. Needs the test stack (`make test` starts it).

mod common;

use std::collections::HashSet;
use std::time::Duration;

use common::{metric, read_topic, sample_items, Env};
use credscore::proto;
use credscore::CancellationToken;
use prost::Message;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ten_thousand_items_flow_from_http_to_postgres_and_the_scores_topic() {
    let env = Env::new("e2e").await;
    let shutdown = CancellationToken::new();
    let ingest = env
        .start_ingest(env.ingest_config(None, 16 * 1024 * 1024), shutdown.clone())
        .await;
    let (scorer, _) = env.start_scorer_in_new_group(shutdown.clone()).await;

    let items = sample_items(10_000, "e2e");
    // NDJSON, the format feeds stream.
    env.post_items(ingest, &items).await;

    let pool = env.pool().await;
    env.wait_for_scores(&pool, 10_000, Duration::from_secs(240))
        .await;
    let active: String = sqlx::query_scalar("SELECT version FROM models WHERE active")
        .fetch_one(&pool)
        .await
        .unwrap();
    let (rows, distinct, missing): (i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM scores WHERE model_version = $1),
                (SELECT count(DISTINCT item_id) FROM scores WHERE model_version = $1),
                (SELECT count(*) FROM items i WHERE NOT EXISTS (SELECT 1 FROM scores s WHERE s.item_id = i.id AND s.model_version = $1))",
    )
    .bind(&active)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!((rows, distinct, missing), (10_000, 10_000, 0));
    let languages: Vec<(String, i64)> =
        sqlx::query_as("SELECT lang, count(*) FROM scores GROUP BY lang ORDER BY lang")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert!(
        languages.iter().any(|(l, n)| l == "fr" && *n > 3_000),
        "{languages:?}"
    );
    assert!(
        languages.iter().any(|(l, n)| l == "en" && *n > 3_000),
        "{languages:?}"
    );

    let events = read_topic(&env.kafka.scores_topic, 10_000, Duration::from_secs(60));
    let ids: HashSet<String> = events
        .iter()
        .map(|(_, payload)| {
            proto::ScoreEvent::decode(payload.as_slice())
                .unwrap()
                .item_id
        })
        .collect();
    assert_eq!(ids.len(), 10_000, "every item has a score event");

    // Practitioner aggregates are kept current in the same transactions.
    let unscored: i64 =
        sqlx::query_scalar("SELECT count(*) FROM practitioners WHERE credibility IS NULL")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(unscored, 0);

    // The incrementally maintained aggregates equal a recomputation from all stored scores,
    // and every reference the writers keep resolves.
    common::assert_consistent(&pool).await;

    let ingest_metrics = common::get_text(&format!("http://{ingest}/metrics")).await;
    assert_eq!(
        metric(&ingest_metrics, "credscore_items_ingested_total", "http"),
        10_000.0
    );
    let scorer_metrics = common::get_text(&format!("http://{scorer}/metrics")).await;
    assert_eq!(
        metric(&scorer_metrics, "credscore_items_scored_total", ""),
        10_000.0
    );
    assert!(
        metric(
            &scorer_metrics,
            "credscore_end_to_end_lag_seconds_count",
            ""
        ) >= 10_000.0
    );
    assert_eq!(
        metric(&scorer_metrics, "credscore_active_model_info", &active),
        1.0
    );
    shutdown.cancel();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn bad_events_go_to_the_dead_letter_topic_and_the_stream_goes_on() {
    let env = Env::new("dlq").await;
    credscore::kafka::ensure_topics(&env.kafka).await.unwrap();
    let producer = credscore::kafka::producer(&env.kafka, Duration::from_secs(10)).unwrap();
    let good = sample_items(6, "dlq-good");
    let mut bad_event = credscore::records::item_to_event(&good[0], 0);
    bad_event.id = "dlq-bad-author".into();
    bad_event.author = String::new();
    let mut bad_time = credscore::records::item_to_event(&good[1], 0);
    bad_time.id = "dlq-bad-time".into();
    bad_time.created_at = Some("last tuesday".into());
    let payloads: Vec<(Vec<u8>, Vec<u8>)> = vec![
        (
            b"a".to_vec(),
            credscore::records::item_to_event(&good[0], 0).encode_to_vec(),
        ),
        (b"x".to_vec(), b"\xff\xfe not protobuf at all".to_vec()),
        (
            b"b".to_vec(),
            credscore::records::item_to_event(&good[1], 0).encode_to_vec(),
        ),
        (b"y".to_vec(), bad_event.encode_to_vec()),
        (
            b"c".to_vec(),
            credscore::records::item_to_event(&good[2], 0).encode_to_vec(),
        ),
        (b"z".to_vec(), bad_time.encode_to_vec()),
        (
            b"d".to_vec(),
            credscore::records::item_to_event(&good[3], 0).encode_to_vec(),
        ),
    ];
    for (key, payload) in &payloads {
        credscore::kafka::send(&producer, &env.kafka.items_topic, key, payload)
            .await
            .unwrap();
    }
    let shutdown = CancellationToken::new();
    let (scorer, _) = env.start_scorer_in_new_group(shutdown.clone()).await;
    let pool = env.pool().await;
    env.wait_for_scores(&pool, 4, Duration::from_secs(60)).await;
    let letters: Vec<proto::DeadLetter> =
        read_topic(&env.kafka.dlq_topic, 3, Duration::from_secs(30))
            .into_iter()
            .map(|(_, payload)| proto::DeadLetter::decode(payload.as_slice()).unwrap())
            .collect();
    assert_eq!(letters.len(), 3, "{letters:?}");
    let mut reasons: Vec<&str> = letters.iter().map(|l| l.reason.as_str()).collect();
    reasons.sort();
    assert_eq!(reasons, vec!["invalid_item", "invalid_item", "undecodable"]);
    for letter in &letters {
        assert_eq!(letter.source_topic, env.kafka.items_topic);
        assert!(letter.source_offset >= 0);
        assert!(!letter.detail.is_empty());
    }
    assert!(
        letters.iter().any(|l| l.detail.contains("author")),
        "{letters:?}"
    );
    assert!(
        letters.iter().any(|l| l.detail.contains("created_at")),
        "{letters:?}"
    );
    let scored: Vec<String> = sqlx::query_scalar("SELECT item_id FROM scores ORDER BY item_id")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(
        scored,
        vec!["dlq-good-0", "dlq-good-1", "dlq-good-2", "dlq-good-3"]
    );
    let page = common::get_text(&format!("http://{scorer}/metrics")).await;
    assert_eq!(
        metric(&page, "credscore_items_dead_lettered_total", "undecodable"),
        1.0
    );
    assert_eq!(
        metric(&page, "credscore_items_dead_lettered_total", "invalid_item"),
        2.0
    );
    shutdown.cancel();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_http_input_gets_a_4xx_naming_the_problem() {
    let env = Env::new("http").await;
    let shutdown = CancellationToken::new();
    let ingest = env
        .start_ingest(env.ingest_config(Some("s3cret"), 4096), shutdown.clone())
        .await;
    let url = format!("http://{ingest}/v1/items");
    let client = reqwest::Client::new();
    let post = |body: String, token: Option<&str>| {
        let mut request = client.post(&url).body(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send()
    };

    let response = post(r#"{"id":"1","author":"a","text":"hi"}"#.into(), None)
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    let response = post(
        r#"{"id":"1","author":"a","text":"hi"}"#.into(),
        Some("wrong"),
    )
    .await
    .unwrap();
    assert_eq!(response.status(), 401);
    assert!(response.text().await.unwrap().contains("bearer token"));

    let response = post("{\"id\": \"1\", \"author\": ".into(), Some("s3cret"))
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: serde_json::Value = response.json().await.unwrap();
    assert!(
        body["problems"][0]["error"]
            .as_str()
            .unwrap()
            .contains("JSON"),
        "{body}"
    );

    let ndjson =
        "{\"id\":\"1\",\"author\":\"a\",\"text\":\"ok\"}\n{\"id\":\"2\",\"author\":\"a\"}\n";
    let response = post(ndjson.into(), Some("s3cret")).await.unwrap();
    assert_eq!(response.status(), 400);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["problems"][0]["line"], 2, "{body}");
    assert_eq!(body["problems"][0]["field"], "text", "{body}");

    let huge = format!(
        "{{\"id\":\"1\",\"author\":\"a\",\"text\":\"{}\"}}",
        "x".repeat(10_000)
    );
    let response = post(huge, Some("s3cret")).await.unwrap();
    assert_eq!(response.status(), 413);
    assert!(response.text().await.unwrap().contains("4096 bytes"));

    let response = post(
        r#"[{"id":"ok-1","author":"a","text":"Merci Julie, très utile."}]"#.into(),
        Some("s3cret"),
    )
    .await
    .unwrap();
    assert_eq!(response.status(), 202);

    let page = common::get_text(&format!("http://{ingest}/metrics")).await;
    assert_eq!(
        metric(&page, "credscore_ingest_requests_total", "\"401\""),
        2.0
    );
    assert_eq!(
        metric(&page, "credscore_ingest_requests_total", "\"400\""),
        2.0
    );
    assert_eq!(
        metric(&page, "credscore_ingest_requests_total", "\"413\""),
        1.0
    );
    assert_eq!(metric(&page, "credscore_items_ingested_total", "http"), 1.0);

    // What cannot be scored is refused, naming the field.
    for (body, field, needle) in [
        (r#"{"id":"e","author":"a","text":"   "}"#, "text", "empty"),
        (
            r#"{"id":"g","author":"a","text":"Ich bin Experte","lang":"de"}"#,
            "lang",
            "not supported",
        ),
        (
            r#"{"id":"t","author":"a","text":"x","url":1}"#,
            "url",
            "string",
        ),
    ] {
        let response = post(body.into(), Some("s3cret")).await.unwrap();
        assert_eq!(response.status(), 400, "{body}");
        let answer: serde_json::Value = response.json().await.unwrap();
        assert_eq!(answer["problems"][0]["field"], field, "{answer}");
        assert!(
            answer["problems"][0]["error"]
                .as_str()
                .unwrap()
                .contains(needle),
            "{answer}"
        );
    }
    // Wrong method and unknown path: JSON saying what to do.
    let response = client.get(&url).send().await.unwrap();
    assert_eq!(response.status(), 405);
    assert_eq!(response.headers()["allow"], "POST");
    let answer: serde_json::Value = response.json().await.unwrap();
    assert!(
        answer["error"].as_str().unwrap().contains("POST"),
        "{answer}"
    );
    let response = client
        .post(format!("http://{ingest}/v1/item"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    let answer: serde_json::Value = response.json().await.unwrap();
    assert!(
        answer["error"].as_str().unwrap().contains("/v1/items"),
        "{answer}"
    );
    shutdown.cancel();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_scorer_killed_mid_stream_and_restarted_scores_every_item_exactly_once() {
    let env = Env::new("kill").await;
    credscore::kafka::ensure_topics(&env.kafka).await.unwrap();
    let producer = credscore::kafka::producer(&env.kafka, Duration::from_secs(10)).unwrap();
    let items = sample_items(8_000, "kill");
    credscore::ingest::publish(&producer, &env.kafka.items_topic, &items)
        .await
        .unwrap();

    let binary = common::binary("credscore-scorer");
    let group = common::unique("group");
    let logs = std::env::temp_dir().join(&group);
    std::fs::create_dir_all(&logs).unwrap();
    let run = std::sync::atomic::AtomicUsize::new(0);
    let spawn = |group: &str| {
        let log = logs.join(format!(
            "scorer-{}.log",
            run.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        ));
        std::process::Command::new(&binary)
            .envs(env.service_env())
            .env("CREDSCORE_GROUP_ID", group)
            .env("CREDSCORE_KAFKA_SETTINGS", "batch.num.messages=1")
            .env("CREDSCORE_SCORER_LISTEN", "127.0.0.1:0")
            .env("CREDSCORE_BATCH_SIZE", "200")
            .env("CREDSCORE_LOG", "info,rdkafka=info")
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap()
    };
    let pool = env.pool().await;
    let mut first = spawn(&group);
    let mut stored = 0;
    for _ in 0..600 {
        stored = sqlx::query_scalar::<_, i64>("SELECT count(*) FROM scores")
            .fetch_one(&pool)
            .await
            .unwrap_or(0);
        // Killed once some progress is committed, so a restart has something to resume from.
        if stored >= 500 && committed_total(&env.kafka.items_topic, &group) > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    first.kill().unwrap(); // SIGKILL: no chance to commit anything.
    first.wait().unwrap();
    assert!(
        stored > 0 && stored < 8_000,
        "kill should land mid-stream, {stored} were stored"
    );

    // The broker expires the killed member after its session timeout (10 s); restart after it,
    // in the same group, so the new scorer resumes from the committed offsets.
    tokio::time::sleep(Duration::from_secs(12)).await;
    // No fallback to a fresh group: the new member must resume from the group's committed
    // offsets (deploy/README.md, "a SIGKILLed group member": the local broker never hands a
    // killed member's partitions to a survivor, but a member joining later gets them).
    let committed_at_kill = committed_total(&env.kafka.items_topic, &group);
    assert!(
        committed_at_kill > 0,
        "the first run committed nothing before the kill"
    );
    let mut second = spawn(&group);
    let mut progressed = false;
    for _ in 0..600 {
        let now: i64 = sqlx::query_scalar("SELECT count(*) FROM scores")
            .fetch_one(&pool)
            .await
            .unwrap_or(0);
        if now > stored {
            progressed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        progressed,
        "the restarted scorer made no progress in its group within 60 s (logs in {})",
        logs.display()
    );
    env.wait_for_scores(&pool, 8_000, Duration::from_secs(180))
        .await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (rows, distinct): (i64, i64) =
        sqlx::query_as("SELECT count(*), count(DISTINCT item_id) FROM scores")
            .fetch_one(&pool)
            .await
            .unwrap();
    second.kill().unwrap();
    second.wait().unwrap();
    assert_eq!((rows, distinct), (8_000, 8_000));
    // It resumed from the committed offsets instead of re-reading the topic from the start:
    // the two runs together published fewer score events than two full passes, by at least
    // what the first run had committed.
    let events =
        common::read_topic(&env.kafka.scores_topic, 16_000, Duration::from_secs(20)).len() as i64;
    assert!(
        events >= 8_000 && events <= 16_000 - committed_at_kill,
        "{events} score events, {committed_at_kill} offsets committed at the kill"
    );
    let items_stored: i64 = sqlx::query_scalar("SELECT count(*) FROM items")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(items_stored, 8_000);

    // The references the writers keep (no foreign keys on the hot tables) all resolve, and
    // `credscore check` notices one that does not.
    let check = || {
        std::process::Command::new(common::binary("credscore"))
            .args(["check", "--database-url", &env.database.url])
            .output()
            .unwrap()
    };
    let clean = check();
    assert!(
        clean.status.success(),
        "{}",
        String::from_utf8_lossy(&clean.stdout)
    );
    assert!(String::from_utf8_lossy(&clean.stdout).contains("all references resolve"));
    sqlx::query(
        "INSERT INTO scores (item_id, model_version, author, lang, credibility, self_promotion,
                             unverifiable_claims, writing_errors, explanation)
         SELECT 'no-such-item', model_version, author, lang, credibility, self_promotion,
                unverifiable_claims, writing_errors, explanation FROM scores LIMIT 1",
    )
    .execute(&pool)
    .await
    .unwrap();
    let broken = check();
    assert_eq!(broken.status.code(), Some(1));
    let report = String::from_utf8_lossy(&broken.stdout);
    let line = report
        .lines()
        .find(|l| l.starts_with("scores.item_id"))
        .unwrap_or_default();
    assert!(line.ends_with(" 1 dangling"), "{report}");
}

/// The offsets a consumer group has committed on `topic`, summed over its partitions.
fn committed_total(topic: &str, group: &str) -> i64 {
    use rdkafka::consumer::{BaseConsumer, Consumer};
    let consumer: BaseConsumer = rdkafka::ClientConfig::new()
        .set("bootstrap.servers", common::brokers())
        .set("group.id", group)
        .create()
        .unwrap();
    let mut partitions = rdkafka::TopicPartitionList::new();
    for partition in 0..3 {
        partitions.add_partition(topic, partition);
    }
    consumer
        .committed_offsets(partitions, Duration::from_secs(10))
        .unwrap()
        .elements()
        .iter()
        .filter_map(|e| match e.offset() {
            rdkafka::Offset::Offset(offset) => Some(offset),
            _ => None,
        })
        .sum()
}

/// Posts `texts` as comments of `author` and waits until `total` scores are stored.
async fn post_comments(
    env: &Env,
    ingest: std::net::SocketAddr,
    author: &str,
    prefix: &str,
    texts: &[&str],
    total: i64,
) {
    let items: Vec<credscore_model::Item> = texts
        .iter()
        .enumerate()
        .map(|(n, text)| {
            credscore_model::Item::from_json(
                &serde_json::json!({
                    "id": format!("{prefix}-{n}"), "author": author, "kind": "comment",
                    "created_at": "2026-11-20T10:00:00Z", "text": text,
                })
                .to_string(),
            )
            .unwrap()
        })
        .collect();
    env.post_items(ingest, &items).await;
    let pool = env.pool().await;
    env.wait_for_scores(&pool, total, Duration::from_secs(60))
        .await;
}

async fn credibility_of(pool: &sqlx::PgPool, author: &str) -> (f64, i64) {
    sqlx::query_as("SELECT credibility, item_count FROM practitioners WHERE id = $1")
        .bind(author)
        .fetch_one(pool)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn neutral_comments_and_unsupported_languages_barely_move_a_practitioner() {
    let env = Env::new("neutral").await;
    let shutdown = CancellationToken::new();
    let ingest = env.start_open_ingest(shutdown.clone()).await;
    env.start_scorer_in_new_group(shutdown.clone()).await;
    let pool = env.pool().await;
    let substantive = [
        "Merci Julie pour la question : on a mesuré le taux de réponse sur trois mois, 12 % en janvier puis 19 % en mars, après avoir répondu à chaque commentaire dans l'heure. Les chiffres sont dans le tableau partagé, je peux détailler la méthode.",
        "Good point Sam. The figure comes from the 2023 Pew Research Center survey on social media use, not from our own data; I linked the report in the first comment.",
        "J'ai fait une erreur dans mon billet d'hier : la portée organique n'a pas baissé de moitié, c'était l'engagement. Merci à Karim de l'avoir relevé, j'ai corrigé le texte.",
        "Disclosure: I work for the agency that ran this campaign. What worked for us was answering every complaint by name within a day; the numbers are in the case study.",
        "Question pour les gestionnaires de communauté : comment mesurez-vous la satisfaction après une réponse en privé ? Nous utilisons un court sondage mais le taux de retour est faible.",
    ];
    post_comments(&env, ingest, "steady_practitioner", "sub", &substantive, 5).await;
    let (before, _) = credibility_of(&pool, "steady_practitioner").await;

    let neutral = [
        "I agree",
        "Thanks for sharing!",
        "Merci pour le partage",
        "+1",
        "Bonne question",
        "Same here",
        "Following",
        "D'accord avec toi",
        "Nice",
        "Top 👍",
        "Well said",
        "Je plussoie",
        "Agreed",
        "Merci !",
        "Interesting",
        "Good one",
        "Tout à fait",
        "Love this",
        "Exactement",
        "Thanks",
    ];
    post_comments(&env, ingest, "steady_practitioner", "neutral", &neutral, 25).await;
    let (after, items) = credibility_of(&pool, "steady_practitioner").await;
    assert_eq!(items, 25);
    // Counted in full, twenty comments at the base rate would pull this five-item
    // practitioner down by about 0.2; weighed by the square of their evidence weight they
    // barely move it.
    assert!(
        (after - before).abs() < 0.02,
        "twenty neutral comments moved the score from {before} to {after}"
    );

    // Text the model cannot judge stays out of the score.
    let foreign = [
        "هذا منشور رائع عن التسويق عبر وسائل التواصل الاجتماعي",
        "这是关于社交媒体营销的好文章",
        "Это отличная статья о маркетинге в социальных сетях",
        "🔥🔥🔥🚀💯",
    ];
    post_comments(&env, ingest, "steady_practitioner", "foreign", &foreign, 29).await;
    let (unchanged, items) = credibility_of(&pool, "steady_practitioner").await;
    assert_eq!(items, 29);
    assert!((unchanged - after).abs() < 1e-9, "{after} → {unchanged}");
    let judged: Vec<(String, f64, f64)> = sqlx::query_as(
        "SELECT lang, evidence_weight, writing_errors FROM scores WHERE item_id LIKE 'foreign-%'",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert!(
        judged
            .iter()
            .all(|(lang, weight, writing)| lang == "other" && *weight == 0.0 && *writing == 0.0),
        "{judged:?}"
    );
    shutdown.cancel();
}
