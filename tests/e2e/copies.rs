//! Copied and re-posted content across stored items, end to end on real parts (issue 13):
//! items go through ingest, the broker and the scorer, which judges them against the copy
//! index shared in PostgreSQL; the score events, the API and the item page say what each item
//! copies. Needs the test stack (`make test` starts it).

mod common;

use std::time::Duration;

use common::{get_text, metric, read_topic, Env};
use credscore::CancellationToken;
use credscore_model::Item;
use prost::Message as _;

const ORIGINAL: &str = "Most community managers measure reach because it is easy, but what \
    predicts renewals in our data is how many members answer each other without us. We moved \
    our weekly report to replies between members and the conversation changed within a month.";

const OTHER_ORIGINAL: &str = "Nous avons testé deux formats de lettre d'information pendant \
    trois mois auprès de 2 400 abonnés : la version courte, sans image, a obtenu un taux de clic \
    de 4,1 % contre 3,2 % pour la version longue. Les résultats détaillés sont sur notre blog.";

fn item(id: &str, author: &str, created_at: &str, text: &str) -> Item {
    serde_json::from_value(serde_json::json!({
        "id": id,
        "author": author,
        "kind": "post",
        "platform": "blog",
        "created_at": created_at,
        "text": text,
    }))
    .unwrap()
}

/// `text` with one word in ten replaced.
fn one_word_in_ten_changed(text: &str) -> String {
    text.split(' ')
        .enumerate()
        .map(|(i, w)| if i % 10 == 4 { "honestly" } else { w })
        .collect::<Vec<_>>()
        .join(" ")
}

async fn get_json(api: std::net::SocketAddr, path: &str) -> serde_json::Value {
    let response = reqwest::get(format!("http://{api}{path}")).await.unwrap();
    assert!(
        response.status().is_success(),
        "{path}: {}",
        response.status()
    );
    response.json().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn stored_copies_name_the_earliest_original_across_batches() {
    let env = Env::new("copies").await;
    let shutdown = CancellationToken::new();
    let ingest = env.start_open_ingest(shutdown.clone()).await;
    let (scorer_metrics, _) = env.start_scorer_in_new_group(shutdown.clone()).await;
    let api = env.start_api(shutdown.clone()).await;
    let pool = env.pool().await;

    // A copy stored before its original: the original, published earlier but sent later,
    // takes its place.
    let late_copy = one_word_in_ten_changed(OTHER_ORIGINAL);
    env.post_items(
        ingest,
        &[
            item("alice-1", "alice", "2026-11-01T09:00:00Z", ORIGINAL),
            item("erin-1", "erin", "2026-11-05T09:00:00Z", &late_copy),
        ],
    )
    .await;
    env.wait_for_scores(&pool, 2, Duration::from_secs(60)).await;

    let copy = one_word_in_ten_changed(ORIGINAL);
    let same_topic = "Reach is easy to measure, so most community managers report it. Our \
        renewals followed something else: members replying to each other. Since we report \
        replies between members every week, the conversation is different.";
    let quoted = format!("{ORIGINAL} (via @alice, whose numbers these are)");
    let second = [
        item("bob-1", "bob", "2026-11-02T09:00:00Z", &copy),
        item("alice-2", "alice", "2026-11-03T09:00:00Z", ORIGINAL),
        item("carol-1", "carol", "2026-11-03T10:00:00Z", same_topic),
        item("dan-1", "dan", "2026-11-03T11:00:00Z", &quoted),
        item("frank-1", "frank", "2026-11-01T08:00:00Z", OTHER_ORIGINAL),
        item(
            "gus-1",
            "gus",
            "2026-11-03T12:00:00Z",
            "Thanks for sharing, great post!",
        ),
    ];
    env.post_items(ingest, &second).await;
    env.wait_for_scores(&pool, 8, Duration::from_secs(60)).await;

    let copied_from = |detail: &serde_json::Value| {
        detail["copied_from"].as_object().map(|c| {
            (
                c["id"].as_str().unwrap().to_string(),
                c["author"].as_str().unwrap().to_string(),
                c["similarity"].as_f64().unwrap(),
            )
        })
    };
    let bob = get_json(api, "/v1/items/bob-1").await;
    let (id, author, similarity) = copied_from(&bob).expect("bob copies alice");
    assert_eq!((id.as_str(), author.as_str()), ("alice-1", "alice"));
    assert!((0.5..1.0).contains(&similarity), "{similarity}");
    let repost = get_json(api, "/v1/items/alice-2").await;
    assert_eq!(
        copied_from(&repost).map(|c| (c.0, c.1)),
        Some(("alice-1".to_string(), "alice".to_string())),
        "a re-post of the author's own text"
    );
    for other in ["carol-1", "dan-1", "gus-1", "alice-1", "frank-1"] {
        let detail = get_json(api, &format!("/v1/items/{other}")).await;
        assert_eq!(copied_from(&detail), None, "{other} copies nothing");
    }
    let erin = get_json(api, "/v1/items/erin-1").await;
    assert_eq!(
        copied_from(&erin).map(|c| c.0),
        Some("frank-1".to_string()),
        "the earlier original arrived later and wins"
    );
    let alice = get_json(api, "/v1/items/alice-1").await;
    let copied_by: Vec<&str> = alice["copied_by"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(copied_by, ["bob-1", "alice-2"]);

    // The score events say so too.
    let events = read_topic(&env.kafka.scores_topic, 8, Duration::from_secs(30));
    let bob_event = events
        .iter()
        .map(|(_, payload)| credscore::proto::ScoreEvent::decode(payload.as_slice()).unwrap())
        .find(|e| e.item_id == "bob-1")
        .expect("bob's score event");
    assert_eq!(bob_event.copied_from.unwrap().id, "alice-1");

    // The item page links to the original.
    let page = get_text(&format!("http://{api}/items/bob-1")).await;
    assert!(page.contains("id=\"copied-from\""), "{page}");
    assert!(page.contains("href=\"/items/alice-1\""), "{page}");

    // Sent again, nothing changes.
    let before: i64 = sqlx::query_scalar("SELECT count(*) FROM copies")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(before, 3, "bob-1, alice-2 and erin-1");
    let checks = || async {
        let page = get_text(&format!("http://{scorer_metrics}/metrics")).await;
        metric(&page, "credscore_copy_checks_total", "outcome=\"ok\"")
    };
    let judged = checks().await;
    env.post_items(ingest, &second).await;
    let mut waited = 0;
    while checks().await <= judged {
        assert!(waited < 240, "the items sent again were not judged");
        waited += 1;
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let after: Vec<(String, String)> =
        sqlx::query_as("SELECT item_id, original_id FROM copies ORDER BY item_id")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(
        after,
        [
            ("alice-2".to_string(), "alice-1".to_string()),
            ("bob-1".to_string(), "alice-1".to_string()),
            ("erin-1".to_string(), "frank-1".to_string()),
        ]
    );
    let metrics = get_text(&format!("http://{scorer_metrics}/metrics")).await;
    assert!(metric(&metrics, "credscore_copies_found_total", "of=\"other\"") >= 2.0);
    assert!(metric(&metrics, "credscore_copies_found_total", "of=\"own\"") >= 1.0);

    // Items stored without the copy step (before the index existed, say) are judged by
    // `credscore copies`, oldest first.
    let unseen = one_word_in_ten_changed(OTHER_ORIGINAL).replace("trois", "quatre");
    sqlx::query("INSERT INTO practitioners (id) VALUES ('hana') ON CONFLICT DO NOTHING;")
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO items (id, author, kind, created_at, text, ingested_at)
         VALUES ('hana-1', 'hana', 'post', '2026-11-20T09:00:00Z', $1, now())",
    )
    .bind(&unseen)
    .execute(&pool)
    .await
    .unwrap();
    let (judged, found) = credscore::store::copies::backfill(&pool, |_, _| {})
        .await
        .unwrap();
    assert_eq!((judged, found), (1, 1), "only the unseen item is judged");
    let original: String =
        sqlx::query_scalar("SELECT original_id FROM copies WHERE item_id = 'hana-1'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(original, "frank-1");
    let again = credscore::store::copies::backfill(&pool, |_, _| {})
        .await
        .unwrap();
    assert_eq!(again, (0, 0), "nothing left to judge");
    // The row written by hand above has no score: removed before the consistency check.
    for sql in [
        "DELETE FROM copies WHERE item_id = 'hana-1'",
        "DELETE FROM items WHERE id = 'hana-1'",
        "DELETE FROM practitioners WHERE id = 'hana'",
    ] {
        sqlx::query(sql).execute(&pool).await.unwrap();
    }

    // Erasing the original's author leaves no copy record naming them.
    credscore::store::erasure::forget_author(&pool, "alice", "copies-test", "cli")
        .await
        .unwrap();
    let naming: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM copies WHERE original_author = 'alice' OR item_id LIKE 'alice%'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(naming, 0);
    common::assert_consistent(&pool).await;
    shutdown.cancel();
}

/// Two scorer replicas, each with its own in-memory band table over the one copy index: what
/// one files, the other finds, whichever warmed first; and an original filed, then taken out,
/// leaves a stale key in the other's table that reads nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replicas_find_each_others_originals() {
    use credscore::copies::{Entrant, Signature};
    use credscore::store::copies::{forget, record_copies, CopyCache};

    let env = Env::new("copies_replicas").await;
    let pool = env.pool().await;
    credscore::store::migrate(&pool).await.unwrap();
    let (mut first, mut second) = (CopyCache::new(), CopyCache::new());
    first.warm(&pool).await.unwrap();
    second.warm(&pool).await.unwrap();
    fn entrant<'a>(id: &'a str, author: &'a str, day: u32, text: &'a str) -> Entrant<'a> {
        Entrant {
            id,
            author,
            text,
            at: chrono::DateTime::parse_from_rfc3339(&format!("2026-11-{day:02}T09:00:00Z"))
                .unwrap()
                .with_timezone(&chrono::Utc),
            signature: Signature::of(text),
        }
    }
    // The first replica files the original; the second, warmed before, finds it.
    let verdicts = record_copies(&pool, &mut first, &[entrant("a-1", "alice", 1, ORIGINAL)])
        .await
        .unwrap();
    assert_eq!(verdicts, [None]);
    assert_eq!((first.originals(), second.originals()), (1, 0));
    let copy = one_word_in_ten_changed(ORIGINAL);
    let verdicts = record_copies(&pool, &mut second, &[entrant("b-1", "bob", 2, &copy)])
        .await
        .unwrap();
    let found = verdicts[0]
        .as_ref()
        .expect("the second replica finds the first's original");
    assert_eq!((found.id.as_str(), found.author.as_str()), ("a-1", "alice"));
    assert_eq!(
        second.originals(),
        1,
        "read from the index under the lock, not filed again"
    );

    // The other way round, with the French original.
    let verdicts = record_copies(
        &pool,
        &mut second,
        &[entrant("f-1", "frank", 3, OTHER_ORIGINAL)],
    )
    .await
    .unwrap();
    assert_eq!(verdicts, [None]);
    let other_copy = one_word_in_ten_changed(OTHER_ORIGINAL);
    let verdicts = record_copies(&pool, &mut first, &[entrant("e-1", "erin", 4, &other_copy)])
        .await
        .unwrap();
    assert_eq!(verdicts[0].as_ref().map(|c| c.id.as_str()), Some("f-1"));

    // Taken out of the index (its item refused, say), an original is no longer found, though
    // both tables still hold its keys.
    forget(&pool, &["a-1"]).await.unwrap();
    let verdicts = record_copies(&pool, &mut first, &[entrant("c-1", "carol", 5, &copy)])
        .await
        .unwrap();
    let found = verdicts[0].as_ref().map(|c| c.id.as_str());
    assert_ne!(found, Some("a-1"), "a forgotten original is not found");
    let filed: Vec<String> = sqlx::query_scalar("SELECT item_id FROM copy_index ORDER BY item_id")
        .fetch_all(&pool)
        .await
        .unwrap();
    // c-1 copies nothing left (b-1 was a copy, never filed), so it is filed as an original.
    assert_eq!(filed, ["c-1", "f-1"]);
    assert_eq!(found, None);
}
