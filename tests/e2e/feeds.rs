//! Feeds end to end: blog feeds served by a local HTTP server from the fixture files in
//! `tests/fixtures/feeds/` (a WordPress RSS 2.0 blog with a comment feed of threaded
//! replies, an Atom blog with an Atom comment feed, a JSON Feed, a feed in ISO-8859-1, and
//! feeds that fail: malformed XML, 404, an HTML page, a wrong encoding, a body that never
//! ends, a server too slow to finish) → `credscore feeds poll --once` → the real broker → the scorer → PostgreSQL. Needs
//! the test stack (`make test` starts it).

mod common;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use common::{metric, read_topic, Env};
use credscore::CancellationToken;
use futures::StreamExt;
use prost::Message;

/// A request the fixture server answered.
#[derive(Debug, Clone)]
struct Seen {
    path: String,
    status: u16,
    conditional: bool,
    user_agent: String,
}

/// The fixture server's state: its base address, bodies replaced during the test, and what
/// it was asked.
#[derive(Default)]
struct Fixtures {
    base: String,
    replaced: Mutex<HashMap<String, Vec<u8>>>,
    seen: Mutex<Vec<Seen>>,
}

/// How a fixture tells a client it has not changed.
#[derive(Clone, Copy)]
enum Validator {
    ETag,
    LastModified,
    None,
}

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/feeds")).join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `{{BASE}}` in a fixture becomes the server's address (byte-wise: the ISO-8859-1 file
/// stays ISO-8859-1).
fn with_base(bytes: &[u8], base: &str) -> Vec<u8> {
    replace_bytes(bytes, b"{{BASE}}", base.as_bytes())
}

fn replace_bytes(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut rest = bytes;
    while let Some(at) = rest.windows(from.len()).position(|w| w == from) {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(to);
        rest = &rest[at + from.len()..];
    }
    out.extend_from_slice(rest);
    out
}

/// The file, content type and validator of each path the server knows.
fn route(path: &str) -> Option<(&'static str, &'static str, Validator)> {
    Some(match path {
        "/blog/feed/" => (
            "blog.rss",
            "application/rss+xml; charset=UTF-8",
            Validator::ETag,
        ),
        "/blog/2025/03/04/vos-abonnes/feed/" => (
            "blog-comments-101.rss",
            "application/rss+xml; charset=UTF-8",
            Validator::ETag,
        ),
        "/atom.xml" => ("atom.xml", "application/atom+xml", Validator::LastModified),
        "/atom/comments/engagement.xml" => (
            "atom-comments-engagement.xml",
            "application/atom+xml",
            Validator::LastModified,
        ),
        // No validator: every poll reads it again, and nothing is published twice.
        "/feed.json" => ("feed.json", "application/feed+json", Validator::None),
        // No charset in the header: the XML declaration says ISO-8859-1.
        "/latin1.rss" => ("latin1.rss", "application/rss+xml", Validator::ETag),
        "/broken.rss" => ("broken.rss", "application/rss+xml", Validator::None),
        "/page.html" => ("page.html", "text/html; charset=utf-8", Validator::None),
        _ => return None,
    })
}

async fn serve_fixture(
    axum::extract::State(state): axum::extract::State<Arc<Fixtures>>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let path = uri.path().to_string();
    let header_text = |name: header::HeaderName| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    let if_none_match = header_text(header::IF_NONE_MATCH);
    let if_modified_since = header_text(header::IF_MODIFIED_SINCE);
    let response = answer(&state, &path, &if_none_match, &if_modified_since);
    state.seen.lock().unwrap().push(Seen {
        path,
        status: response.status().as_u16(),
        conditional: !if_none_match.is_empty() || !if_modified_since.is_empty(),
        user_agent: header_text(header::USER_AGENT),
    });
    response
}

fn answer(state: &Fixtures, path: &str, if_none_match: &str, if_modified_since: &str) -> Response {
    if path == "/endless.rss" {
        // A server that never stops sending: the poller's size limit ends it.
        let chunk = Bytes::from(format!(
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>{}",
            "<item><title>encore</title></item>".repeat(2000)
        ));
        let endless = futures::stream::repeat(chunk).map(Ok::<_, std::io::Error>);
        return (
            [(header::CONTENT_TYPE, "application/rss+xml")],
            Body::from_stream(endless),
        )
            .into_response();
    }
    if path == "/slow.rss" {
        // A server that sends a few bytes a second and never finishes: the time limit ends it.
        let trickle = futures::stream::unfold(0u64, |sent| async move {
            tokio::time::sleep(Duration::from_millis(500)).await;
            let chunk = if sent == 0 {
                Bytes::from_static(b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>")
            } else {
                Bytes::from_static(b" ")
            };
            Some((Ok::<_, std::io::Error>(chunk), sent + 1))
        });
        return (
            [(header::CONTENT_TYPE, "application/rss+xml")],
            Body::from_stream(trickle),
        )
            .into_response();
    }
    if path == "/wrong-encoding.rss" {
        // ISO-8859-1 bytes that the header and the declaration both call UTF-8.
        let latin1 = with_base(&fixture("latin1.rss"), &state.base);
        let text = replace_bytes(&latin1, b"ISO-8859-1", b"UTF-8");
        return (
            [(header::CONTENT_TYPE, "application/rss+xml; charset=utf-8")],
            text,
        )
            .into_response();
    }
    let Some((file, content_type, validator)) = route(path) else {
        return (StatusCode::NOT_FOUND, "no such feed").into_response();
    };
    let body = state
        .replaced
        .lock()
        .unwrap()
        .get(path)
        .cloned()
        .unwrap_or_else(|| with_base(&fixture(file), &state.base));
    let etag = format!("\"{:016x}\"", fnv(&body));
    let last_modified = "Thu, 06 Mar 2025 11:20:00 GMT";
    match validator {
        Validator::ETag if if_none_match == etag => {
            return StatusCode::NOT_MODIFIED.into_response()
        }
        Validator::LastModified if if_modified_since == last_modified => {
            return StatusCode::NOT_MODIFIED.into_response()
        }
        _ => {}
    }
    let mut response = ([(header::CONTENT_TYPE, content_type)], body).into_response();
    let headers = response.headers_mut();
    match validator {
        Validator::ETag => {
            headers.insert(header::ETAG, etag.parse().unwrap());
        }
        Validator::LastModified => {
            headers.insert(header::LAST_MODIFIED, last_modified.parse().unwrap());
        }
        Validator::None => {}
    }
    response
}

/// A hash of a body for its ETag.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

async fn start_fixture_server() -> (Arc<Fixtures>, SocketAddr) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let state = Arc::new(Fixtures {
        base: format!("http://{address}"),
        ..Fixtures::default()
    });
    let app = axum::Router::new()
        .fallback(serve_fixture)
        .with_state(state.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (state, address)
}

/// Runs `credscore ARGS` against the test's database and topics.
async fn credscore(env: &Env, args: &[&str]) -> (i32, String, String) {
    let output = tokio::process::Command::new(common::binary("credscore"))
        .args(args)
        .envs(env.service_env())
        .env("CREDSCORE_FEEDS_MAX_BYTES", (1024 * 1024).to_string())
        .env("CREDSCORE_FEEDS_TIMEOUT_MS", "3000")
        .env("CREDSCORE_LOG", "warn")
        .output()
        .await
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// An item as stored: author, kind, parent, creation time, text.
type Row = (String, String, Option<String>, Option<String>, String);

async fn stored(pool: &sqlx::PgPool) -> HashMap<String, Row> {
    let rows: Vec<(String, Row)> = sqlx::query_as::<
        _,
        (
            String,
            String,
            String,
            Option<String>,
            Option<String>,
            String,
        ),
    >(
        "SELECT id, author, kind, parent_id,
                to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), text
         FROM items",
    )
    .fetch_all(pool)
    .await
    .unwrap()
    .into_iter()
    .map(|(id, author, kind, parent, created, text)| (id, (author, kind, parent, created, text)))
    .collect();
    rows.into_iter().collect()
}

fn item_ids(topic: &str, limit: Duration) -> Vec<String> {
    read_topic(topic, usize::MAX, limit)
        .into_iter()
        .map(|(key, payload)| {
            let event = credscore::proto::ItemEvent::decode(payload.as_slice()).unwrap();
            assert_eq!(
                key.as_deref(),
                Some(event.author.as_bytes()),
                "keyed by author"
            );
            event.id
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn blogs_comment_threads_and_json_feeds_stream_in_and_bad_feeds_stay_apart() {
    let env = Env::new("feeds").await;
    let (fixtures, _) = start_fixture_server().await;
    let base = fixtures.base.clone();
    let shutdown = CancellationToken::new();
    env.start_scorer(
        env.scorer_config(&common::unique("group")),
        shutdown.clone(),
    )
    .await;

    let good = ["/blog/feed/", "/atom.xml", "/feed.json", "/latin1.rss"];
    let bad = [
        "/broken.rss",
        "/missing.rss",
        "/page.html",
        "/wrong-encoding.rss",
        "/endless.rss",
        "/slow.rss",
    ];
    for path in good.iter().chain(&bad) {
        let url = format!("{base}{path}");
        let (code, stdout, stderr) = credscore(&env, &["feeds", "add", &url]).await;
        assert_eq!(code, 0, "{stdout} {stderr}");
        assert!(stdout.contains(&format!("added {url}")), "{stdout}");
    }
    let (code, stdout, stderr) = credscore(
        &env,
        &[
            "feeds",
            "add",
            &format!("{base}/latin1.rss"),
            "--lang",
            "fr",
            "--every",
            "1h",
        ],
    )
    .await;
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("updated") && stdout.contains("every 1h"),
        "{stdout}"
    );
    // Bad settings are refused, naming the problem.
    let (code, _, stderr) = credscore(&env, &["feeds", "add", "ftp://x.example/feed"]).await;
    assert_eq!(code, 1);
    assert!(stderr.contains("not an http or https address"), "{stderr}");
    let (code, _, stderr) = credscore(
        &env,
        &["feeds", "add", &format!("{base}/x"), "--lang", "de"],
    )
    .await;
    assert_eq!(code, 1);
    assert!(
        stderr.contains("--lang \"de\" is not supported"),
        "{stderr}"
    );
    let (code, _, stderr) = credscore(
        &env,
        &["feeds", "add", &format!("{base}/x"), "--every", "often"],
    )
    .await;
    assert_eq!(code, 2, "clap refuses the value");
    assert!(stderr.contains("expected an interval"), "{stderr}");

    // First poll: every entry is published once; the bad feeds fail alone.
    let (code, stdout, stderr) = credscore(&env, &["feeds", "poll", "--once"]).await;
    assert_eq!(code, 2, "some feeds failed: {stdout} {stderr}");
    assert!(stderr.contains("14 items published"), "{stdout} {stderr}");
    assert!(stderr.contains("6 feeds failed"), "{stderr}");
    assert!(
        stdout.contains(&format!(
            "ok            {base}/blog/feed/: 3 entries, 3 new"
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "ok            comments {base}/blog/2025/03/04/vos-abonnes/feed/: 3 entries, 3 new"
        )),
        "{stdout}"
    );

    let pool = env.pool().await;
    env.wait_for_scores(&pool, 14, Duration::from_secs(120))
        .await;
    let items = stored(&pool).await;
    assert_eq!(items.len(), 14, "{:#?}", items.keys());
    let item = |id: &str| {
        items
            .get(id)
            .unwrap_or_else(|| panic!("{id} not stored; stored: {:#?}", items.keys()))
            .clone()
    };
    let parent = |id: &str| item(id).2;

    // The WordPress blog and its comment thread, replies resolved through "En réponse à".
    let post = format!("{base}/blog/?p=101");
    let (author, kind, no_parent, created, text) = item(&post);
    assert_eq!(
        (
            author.as_str(),
            kind.as_str(),
            no_parent,
            created.as_deref()
        ),
        (
            "Stéphanie Hébert",
            "post",
            None,
            Some("2025-03-04T14:30:00Z")
        )
    );
    assert!(
        text.starts_with("Vos abonnés ne sont pas une stratégie\n\nOn me demande souvent combien d’abonnés il faut avoir pour «\u{a0}réussir\u{a0}»"),
        "{text}"
    );
    assert!(
        text.contains("l’Observatoire des médias (https://www.example.org/etude-engagement-2024)"),
        "{text}"
    );
    assert!(
        text.contains("Ce que je mesure\n\nLes réponses aux commentaires\nLes questions"),
        "{text}"
    );
    for dropped in ["gtag", "dataLayer", "border-left", "<", "&nbsp;", "&#8217;"] {
        assert!(!text.contains(dropped), "{dropped:?} in {text}");
    }
    let comment = |n: u32| format!("{base}/blog/?p=101#comment-{n}");
    assert_eq!(parent(&comment(11)), Some(post.clone()));
    assert_eq!(parent(&comment(12)), Some(comment(11)));
    assert_eq!(parent(&comment(13)), Some(comment(12)));
    let (author, kind, _, created, text) = item(&comment(12));
    assert_eq!(
        (author.as_str(), kind.as_str(), created.as_deref()),
        ("Stéphanie Hébert", "comment", Some("2025-03-04T18:40:00Z"))
    );
    assert!(text.starts_with("Bonne question Marc!"), "{text}");
    assert_eq!(item(&comment(11)).0, "Marc Gagnon");
    assert_eq!(item(&comment(13)).0, "Julie Roy");
    // No guid: the id is a hash of the link.
    let unguided = credscore::feeds::items::item_id(
        None,
        Some(&format!("{base}/blog/2025/02/18/formation-express/")),
        &format!("{base}/blog/feed/"),
    )
    .unwrap();
    assert!(unguided.starts_with("link:"));
    assert_eq!(item(&unguided).0, "Invité");
    assert_eq!(item(&format!("{base}/blog/?p=99")).1, "post");

    // The Atom blog and its Atom comment feed (thr:in-reply-to).
    let (author, kind, _, created, text) = item("tag:chloe.example,2025:engagement");
    assert_eq!(
        (author.as_str(), kind.as_str(), created.as_deref()),
        ("Chloe Tan", "post", Some("2025-03-06T09:00:00Z"))
    );
    assert!(
        text.starts_with("What I got wrong about engagement\n\nLast year"),
        "{text}"
    );
    assert_eq!(
        parent("tag:chloe.example,2025:engagement/comment-1").as_deref(),
        Some("tag:chloe.example,2025:engagement")
    );
    assert_eq!(
        parent("tag:chloe.example,2025:engagement/comment-2").as_deref(),
        Some("tag:chloe.example,2025:engagement/comment-1")
    );
    assert_eq!(
        item("tag:chloe.example,2025:engagement/comment-1").0,
        "Amir Khan"
    );
    assert_eq!(
        item("tag:chloe.example,2025:five-questions").3.as_deref(),
        Some("2025-02-20T08:30:00Z")
    );

    // The JSON Feed: ids qualified by the feed, authors from the feed.
    let (author, _, _, created, text) = item(&format!("{base}/feed.json#2"));
    assert_eq!(
        (author.as_str(), created.as_deref()),
        ("Sam Lee", Some("2025-03-01T22:45:00Z"))
    );
    assert!(
        text.starts_with("I grew my audience 10x in a week and you can too 🚀"),
        "{text}"
    );
    assert!(text.contains("“GROWTH”"), "{text}");
    assert!(item(&format!("{base}/feed.json#1"))
        .4
        .starts_with("Spent the morning"));

    // ISO-8859-1, accents intact.
    let (author, _, _, created, text) = item(&format!("{base}/carnet/2025/01/reponse.html"));
    assert_eq!(
        (author.as_str(), created.as_deref()),
        ("Françoise Lévesque", Some("2025-01-13T20:20:00Z"))
    );
    assert!(
        text.starts_with(
            "Réponse à un lecteur déçu\n\nVous avez raison\u{a0}: mon dernier billet généralisait"
        ),
        "{text}"
    );
    let lang: Option<String> = sqlx::query_scalar(
        "SELECT lang_hint FROM items WHERE author = 'Françoise Lévesque' LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(lang.as_deref(), Some("fr"));

    // Scored once each, published once each, keyed by author.
    let once: Vec<(String, i64)> = sqlx::query_as(
        "SELECT item_id, count(*) FROM scores GROUP BY item_id HAVING count(*) <> 1",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert!(once.is_empty(), "{once:?}");
    let published = item_ids(&env.kafka.items_topic, Duration::from_secs(8));
    assert_eq!(published.len(), 14, "{published:?}");
    common::assert_consistent(&pool).await;

    // A post that says it has no comment costs no request; every request names the product.
    let seen = fixtures.seen.lock().unwrap().clone();
    assert!(
        !seen.iter().any(|s| s.path.contains("mon-erreur")),
        "{seen:?}"
    );
    assert!(seen
        .iter()
        .all(|s| s.user_agent.starts_with("credscore-feeds/")));

    // Second poll of every feed: 304s and entries already seen publish nothing.
    fixtures.seen.lock().unwrap().clear();
    let (code, stdout, stderr) = credscore(&env, &["feeds", "poll", "--once", "--all"]).await;
    assert_eq!(code, 2, "{stdout} {stderr}");
    assert!(
        stderr.contains("polled 12 feeds: 0 items published"),
        "{stdout} {stderr}"
    );
    let seen = fixtures.seen.lock().unwrap().clone();
    for path in [
        "/blog/feed/",
        "/blog/2025/03/04/vos-abonnes/feed/",
        "/atom.xml",
        "/atom/comments/engagement.xml",
        "/latin1.rss",
    ] {
        let request = seen.iter().find(|s| s.path == path).unwrap();
        assert!(request.conditional && request.status == 304, "{request:?}");
        assert!(
            stdout.contains(&format!("not modified  {base}{path}"))
                || stdout.contains(&format!("not modified  comments {base}{path}")),
            "{stdout}"
        );
    }
    assert!(
        stdout.contains(&format!(
            "ok            {base}/feed.json: 2 entries, 0 new, 0 edited"
        )),
        "{stdout}"
    );
    assert_eq!(
        item_ids(&env.kafka.items_topic, Duration::from_secs(5)).len(),
        14
    );

    // The bad feeds show their errors in `credscore feeds list`; the good ones do not.
    let (code, list, _) = credscore(&env, &["feeds", "list"]).await;
    assert_eq!(code, 0);
    let entry_of = |path: &str| {
        let url = format!("{base}{path}");
        let start = list
            .find(&format!("{url}\n"))
            .unwrap_or_else(|| panic!("{url}: {list}"));
        list[start..].lines().nth(1).unwrap().to_string()
    };
    for (path, expected) in [
        ("/broken.rss", "error (malformed, 2 in a row): malformed XML at line 8"),
        ("/missing.rss", "error (http_status, 2 in a row): the server answered 404 Not Found"),
        ("/page.html", "error (not_a_feed, 2 in a row): the address serves an HTML page, not a feed"),
        ("/wrong-encoding.rss", "error (encoding, 2 in a row): the feed is not valid utf-8 (the HTTP Content-Type): byte"),
        ("/endless.rss", "error (too_large, 2 in a row): the body is larger than 1048576 bytes"),
        ("/slow.rss", "error (timeout, 2 in a row): no complete answer within 3s"),
    ] {
        let line = entry_of(path);
        assert!(line.contains(expected), "{path}: {line}");
    }
    let blog = entry_of("/blog/feed/");
    assert!(blog.contains("status ok (not modified)"), "{blog}");
    assert!(blog.contains("items seen 3"), "{blog}");
    assert!(blog.contains("comment feeds 1 (0 failing)"), "{blog}");
    assert!(entry_of("/latin1.rss").contains("every 1h"), "{list}");

    // An edited comment (same id, new text) is published again, and its stored text follows.
    let thread = "/blog/2025/03/04/vos-abonnes/feed/";
    let edited = String::from_utf8(with_base(&fixture("blog-comments-101.rss"), &base))
        .unwrap()
        .replace(
            "je vais l&#8217;essayer avec mon équipe.</p>",
            "je vais l&#8217;essayer avec mon équipe dès lundi.</p>",
        );
    fixtures
        .replaced
        .lock()
        .unwrap()
        .insert(thread.to_string(), edited.into_bytes());
    let (code, stdout, stderr) = credscore(&env, &["feeds", "poll", "--once", "--all"]).await;
    assert_eq!(code, 2, "{stdout} {stderr}");
    assert!(
        stdout.contains(&format!(
            "comments {base}{thread}: 3 entries, 0 new, 1 edited"
        )),
        "{stdout}"
    );
    let published = item_ids(&env.kafka.items_topic, Duration::from_secs(5));
    assert_eq!(published.len(), 15);
    assert_eq!(published.iter().filter(|id| **id == comment(13)).count(), 2);
    let started = std::time::Instant::now();
    loop {
        if stored(&pool).await[&comment(13)]
            .4
            .ends_with("avec mon équipe dès lundi.")
        {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the edit never reached PostgreSQL"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let scores: i64 = sqlx::query_scalar("SELECT count(*) FROM scores")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(scores, 14, "an edit replaces its item's score");

    // The service: polls what is due (a feed added again is due at once) and shows it in
    // its metrics; the dashboard and the API list the feeds with their status.
    let feeds_shutdown = CancellationToken::new();
    let (code, _, stderr) = credscore(&env, &["feeds", "add", &format!("{base}/feed.json")]).await;
    assert_eq!(code, 0, "{stderr}");
    let config = credscore::config::FeedsConfig {
        listen: "127.0.0.1:0".into(),
        check_ms: 200,
        fetch: credscore::config::FetchConfig {
            timeout_ms: 10_000,
            max_bytes: 1024 * 1024,
            concurrency: 2,
        },
        kafka: env.kafka.clone(),
        database: env.database.clone(),
    };
    let (ready, address) = tokio::sync::oneshot::channel();
    let service = {
        let shutdown = feeds_shutdown.clone();
        tokio::spawn(async move { credscore::feeds::run(config, shutdown, Some(ready)).await })
    };
    let address = address.await.unwrap();
    let feed_label = format!("feed=\"{base}/feed.json\"");
    let started = std::time::Instant::now();
    let page = loop {
        let page = common::get_text(&format!("http://{address}/metrics")).await;
        if metric(&page, "credscore_feed_polls_total", &feed_label) >= 1.0 {
            break page;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "{page}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert!(
        metric(
            &page,
            "credscore_feed_last_success_timestamp_seconds",
            &feed_label
        ) > 1.7e9,
        "{page}"
    );
    assert_eq!(
        metric(&page, "credscore_feed_items_published_total", &feed_label),
        0.0
    );
    feeds_shutdown.cancel();
    service.await.unwrap().unwrap();

    let api = env.start_api(shutdown.clone()).await;
    let page = common::get_text(&format!("http://{api}/feeds")).await;
    assert!(page.contains("malformed XML at line 8"), "{page}");
    assert!(page.contains(&format!("{base}/blog/feed/")), "{page}");
    let listed: serde_json::Value = reqwest::get(format!("http://{api}/v1/feeds"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let feeds = listed["feeds"].as_array().unwrap();
    assert_eq!(feeds.len(), 10, "{listed}");
    let broken = feeds
        .iter()
        .find(|f| f["url"] == format!("{base}/broken.rss"))
        .unwrap();
    assert_eq!(broken["status"], "error");
    assert_eq!(broken["error_kind"], "malformed");

    // Removing a feed removes its comment feeds; what it published stays.
    let (code, stdout, _) =
        credscore(&env, &["feeds", "remove", &format!("{base}/blog/feed/")]).await;
    assert_eq!(code, 0);
    assert!(
        stdout.contains("and the 1 comment feeds found through it"),
        "{stdout}"
    );
    let (code, _, stderr) =
        credscore(&env, &["feeds", "remove", &format!("{base}/blog/feed/")]).await;
    assert_eq!(code, 1);
    assert!(stderr.contains("no feed"), "{stderr}");
    assert_eq!(stored(&pool).await.len(), 14);
    shutdown.cancel();
}
