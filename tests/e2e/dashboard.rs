//! The read API and the dashboard over a database filled by the pipeline (HTTP ingest →
//! broker → scorer → PostgreSQL), checked through HTTP and in headless Chromium.

mod common;

use std::collections::HashSet;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use common::{metric, sample_items, Env};
use credscore::CancellationToken;
use serde_json::Value;

const ITEMS: usize = 600;

struct Filled {
    env: Env,
    ingest: SocketAddr,
    api: SocketAddr,
    pool: sqlx::PgPool,
    _shutdown: CancellationToken,
}

async fn filled() -> Filled {
    let env = Env::new("dash").await;
    let shutdown = CancellationToken::new();
    let ingest = env
        .start_ingest(env.ingest_config(None, 16 * 1024 * 1024), shutdown.clone())
        .await;
    env.start_scorer_in_new_group(shutdown.clone()).await;
    env.post_items(ingest, &sample_items(ITEMS, "dash")).await;
    let pool = env.pool().await;
    env.wait_for_scores(&pool, ITEMS as i64, Duration::from_secs(120))
        .await;
    let api = env.start_api(shutdown.clone()).await;
    Filled {
        env,
        ingest,
        api,
        pool,
        _shutdown: shutdown,
    }
}

async fn get(api: SocketAddr, path: &str) -> (u16, Value) {
    let response = reqwest::get(format!("http://{api}{path}")).await.unwrap();
    let status = response.status().as_u16();
    let body = response.text().await.unwrap();
    let json = serde_json::from_str(&body)
        .unwrap_or_else(|e| panic!("GET {path}: not JSON ({e}): {body}"));
    (status, json)
}

/// Asserts a 4xx whose message mentions `needle`.
async fn expect_error(api: SocketAddr, path: &str, status: u16, needle: &str) {
    let (got, body) = get(api, path).await;
    assert_eq!(got, status, "GET {path}: {body}");
    let message = body["error"].as_str().unwrap_or_default();
    assert!(
        message.contains(needle),
        "GET {path}: message {message:?} should mention {needle:?}"
    );
}

fn credibilities(page: &Value) -> Vec<(f64, String)> {
    page["practitioners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["credibility"].as_f64().unwrap(),
                p["id"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_read_api_serves_rankings_practitioners_items_and_models() {
    let Filled { env, api, pool, .. } = filled().await;
    let practitioners: i64 =
        sqlx::query_scalar("SELECT count(*) FROM practitioners WHERE credibility IS NOT NULL")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(practitioners > 40, "{practitioners} practitioners");

    // The ranking, walked page by page with the cursor, is the whole ranking in order.
    let mut seen = Vec::new();
    let mut path = "/v1/practitioners?limit=7".to_string();
    loop {
        let (status, page) = get(api, &path).await;
        assert_eq!(status, 200, "{page}");
        let rows = credibilities(&page);
        assert!(rows.len() <= 7);
        seen.extend(rows);
        match page["next_cursor"].as_str() {
            Some(cursor) => path = format!("/v1/practitioners?limit=7&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(seen.len() as i64, practitioners);
    assert!(
        seen.windows(2).all(|w| w[0] >= w[1]),
        "not ranked: {seen:?}"
    );
    let ids: HashSet<&String> = seen.iter().map(|(_, id)| id).collect();
    assert_eq!(ids.len(), seen.len(), "a practitioner appears twice");

    // Ascending order is the reverse ranking.
    let (_, asc) = get(api, "/v1/practitioners?order=asc&limit=500").await;
    let mut reversed = seen.clone();
    reversed.reverse();
    assert_eq!(credibilities(&asc), reversed);

    // Filters.
    for lang in ["fr", "en"] {
        let (status, page) = get(api, &format!("/v1/practitioners?lang={lang}&limit=500")).await;
        assert_eq!(status, 200);
        let rows = page["practitioners"].as_array().unwrap();
        assert!(!rows.is_empty(), "no {lang} practitioner");
        assert!(rows.iter().all(|p| p["lang"] == lang), "{page}");
    }
    let (_, page) = get(api, "/v1/practitioners?min_items=4&limit=500").await;
    let rows = page["practitioners"].as_array().unwrap();
    assert!(!rows.is_empty() && (rows.len() as i64) < practitioners);
    assert!(rows.iter().all(|p| p["item_count"].as_i64().unwrap() >= 4));

    // Bad parameters name the parameter.
    expect_error(api, "/v1/practitioners?lang=de", 400, "`lang`").await;
    expect_error(api, "/v1/practitioners?limit=0", 400, "`limit`").await;
    expect_error(api, "/v1/practitioners?min_items=x", 400, "`min_items`").await;
    expect_error(api, "/v1/practitioners?order=up", 400, "`order`").await;
    expect_error(api, "/v1/practitioners?cursor=zz", 400, "`cursor`").await;
    expect_error(api, "/v1/practitioners?sort=desc", 400, "`sort`").await;
    expect_error(api, "/v1/models?verbose=1", 400, "`verbose`").await;
    let (_, first) = get(api, "/v1/practitioners?limit=3").await;
    let desc_cursor = first["next_cursor"].as_str().unwrap();
    expect_error(
        api,
        &format!("/v1/practitioners?order=asc&cursor={desc_cursor}"),
        400,
        "`order`",
    )
    .await;
    expect_error(api, "/v1/items/%FF", 400, "percent-encoded").await;
    let response = reqwest::Client::new()
        .post(format!("http://{api}/v1/practitioners"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 405);
    let body: Value = response.json().await.unwrap();
    assert!(body["error"].as_str().unwrap().contains("only answers GET"));

    // A practitioner: score, interval, profile, history, recent items.
    let (top_score, top) = &seen[0];
    let (status, detail) = get(
        api,
        &format!(
            "/v1/practitioners/{}",
            credscore::web::dashboard::url_encode(top)
        ),
    )
    .await;
    assert_eq!(status, 200, "{detail}");
    assert_eq!(detail["credibility"].as_f64().unwrap(), *top_score);
    assert!(
        detail["credibility_low"].as_f64().unwrap() <= *top_score
            && *top_score <= detail["credibility_high"].as_f64().unwrap()
    );
    for cue in ["self_promotion", "unverifiable_claims", "writing_errors"] {
        let rate = detail["cue_profile"][cue].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&rate), "{cue} {rate}");
    }
    let history = detail["history"].as_array().unwrap();
    let items = detail["recent_items"].as_array().unwrap();
    assert!(!history.is_empty() && !items.is_empty());
    let in_history: i64 = history.iter().map(|h| h["items"].as_i64().unwrap()).sum();
    assert_eq!(in_history, detail["item_count"].as_i64().unwrap());
    expect_error(api, "/v1/practitioners/nobody-at-all", 404, "nobody-at-all").await;

    // An item: text, scores per model version, explanations with spans inside the text.
    let item_id = items[0]["id"].as_str().unwrap();
    let (status, item) = get(api, &format!("/v1/items/{item_id}")).await;
    assert_eq!(status, 200, "{item}");
    assert_eq!(item["author"], top.as_str());
    let scores = item["scores"].as_array().unwrap();
    assert_eq!(scores.len(), 1);
    assert_eq!(scores[0]["active"], true);
    let with_spans: Option<String> = sqlx::query_scalar(
        "SELECT item_id FROM scores WHERE json_array_length(explanation) > 0 LIMIT 1",
    )
    .fetch_optional(&pool)
    .await
    .unwrap();
    let (_, item) = get(api, &format!("/v1/items/{}", with_spans.unwrap())).await;
    let text_chars = item["text"].as_str().unwrap().chars().count() as u64;
    let spans: Vec<&Value> = item["scores"][0]["explanations"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["spans"].as_array().unwrap())
        .collect();
    assert!(!spans.is_empty());
    for span in spans {
        let (start, end) = (
            span["start"].as_u64().unwrap(),
            span["end"].as_u64().unwrap(),
        );
        assert!(start < end && end <= text_chars, "{span}");
        let cut: String = item["text"]
            .as_str()
            .unwrap()
            .chars()
            .skip(start as usize)
            .take((end - start) as usize)
            .collect();
        assert_eq!(cut, span["text"].as_str().unwrap());
    }
    expect_error(api, "/v1/items/no-such-item", 404, "no-such-item").await;

    // Models and the distribution.
    let (status, models) = get(api, "/v1/models").await;
    assert_eq!(status, 200);
    let models = models["models"].as_array().unwrap();
    assert_eq!(models.len(), 1);
    assert_eq!(models[0]["active"], true);
    assert_eq!(models[0]["scored_items"], ITEMS as i64);
    assert!(
        models[0]["metrics"]["targets"]["credible"]["roc_auc"]
            .as_f64()
            .unwrap()
            > 0.5
    );
    let (_, distribution) = get(api, "/v1/distribution").await;
    let total: u64 = distribution["languages"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["counts"].as_array().unwrap())
        .map(|c| c.as_u64().unwrap())
        .sum();
    assert_eq!(total, ITEMS as u64);
    expect_error(api, "/v1/nothing-here", 404, "/v1/nothing-here").await;
    // The bare base URL lists the endpoints, as JSON like the rest of /v1.
    for base in ["/v1", "/v1/"] {
        let (status, index) = get(api, base).await;
        assert_eq!(status, 200, "GET {base}: {index}");
        assert!(index["endpoints"]
            .as_array()
            .unwrap()
            .contains(&Value::from("/v1/practitioners")));
    }

    // Every JSON endpoint is in the OpenAPI file the service serves.
    let (status, openapi) = get(api, "/openapi.json").await;
    assert_eq!(status, 200);
    for path in [
        "/v1",
        "/v1/practitioners",
        "/v1/practitioners/{id}",
        "/v1/items/{id}",
        "/v1/models",
        "/v1/distribution",
        "/v1/feeds",
    ] {
        assert!(
            openapi["paths"][path]["get"].is_object(),
            "{path} undocumented"
        );
    }

    // Requests are counted in the service's metrics.
    let page = common::get_text(&format!("http://{api}/metrics")).await;
    assert!(metric(&page, "credscore_api_requests_total", "status=\"404\"") >= 3.0);
    assert!(metric(&page, "credscore_api_requests_total", "status=\"200\"") >= 10.0);
    drop(env);
}

/// The SQL that keeps practitioner scores current agrees with the reference formula, also
/// after the settings change.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn stored_practitioner_scores_match_the_reference_formula() {
    let Filled {
        env, pool, ingest, ..
    } = filled().await;
    let model = credscore_model::Model::builtin().unwrap();
    let aggregation = credscore::aggregation::Aggregation::for_model(
        &model,
        credscore::config::DEFAULT_HALF_LIFE_DAYS,
    );
    assert_matches_reference(&pool, aggregation).await;

    // An item sent again under another author, its text now in decomposed form: both
    // practitioners' scores follow, and the text is stored in NFC (the form of the spans).
    let mut moved = sample_items(1, "dash").remove(0);
    let (previous_author,): (String,) = sqlx::query_as("SELECT author FROM items WHERE id = $1")
        .bind(&moved.id)
        .fetch_one(&pool)
        .await
        .unwrap();
    moved.author = "moved-author".into();
    moved.text =
        "Cafe\u{301} expert certifie\u{301}, re\u{301}sultats garantis ! Contactez-moi".into();
    env.post_items(ingest, std::slice::from_ref(&moved)).await;
    let mut stored = None;
    for _ in 0..200 {
        stored = sqlx::query_as::<_, (String, String)>(
            "SELECT i.text, s.author FROM items i JOIN scores s ON s.item_id = i.id
             WHERE i.id = $1 AND i.author = 'moved-author' AND s.author = 'moved-author'",
        )
        .bind(&moved.id)
        .fetch_optional(&pool)
        .await
        .unwrap();
        if stored.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let (text, _) = stored.expect("the re-sent item is stored under its new author");
    assert_eq!(
        text,
        "Café expert certifié, résultats garantis ! Contactez-moi"
    );
    let counts: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT p.id, p.item_count, (SELECT count(*) FROM scores s WHERE s.author = p.id)
         FROM practitioners p WHERE p.id = ANY($1)",
    )
    .bind(vec![previous_author.clone(), "moved-author".to_string()])
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(counts.len(), 2);
    for (id, count, scored) in counts {
        assert_eq!(count, scored, "{id}: item_count vs stored scores");
    }
    assert_matches_reference(&pool, aggregation).await;
    assert_eq!(
        credscore::store::practitioners::refresh_stale_practitioners(
            &pool,
            model.version(),
            aggregation
        )
        .await
        .unwrap(),
        0,
        "nothing is stale under the settings the scorer used"
    );
    let shorter = credscore::aggregation::Aggregation::for_model(&model, 90.0);
    let stale = credscore::store::practitioners::refresh_stale_practitioners(
        &pool,
        model.version(),
        shorter,
    )
    .await
    .unwrap();
    assert!(stale > 40, "{stale}");
    assert_matches_reference(&pool, shorter).await;
}

async fn assert_matches_reference(
    pool: &sqlx::PgPool,
    aggregation: credscore::aggregation::Aggregation,
) {
    let rows: Vec<(String, f64, f64, f64, f64)> = sqlx::query_as(
        "SELECT id, credibility, credibility_low, credibility_high, effective_items
         FROM practitioners WHERE credibility IS NOT NULL",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    assert!(rows.len() > 40);
    for (id, credibility, low, high, effective) in rows {
        let scores: Vec<(f64, DateTime<Utc>, f64)> = sqlx::query_as(
            "SELECT s.credibility, COALESCE(i.created_at, i.ingested_at), s.evidence_weight
             FROM scores s JOIN items i ON i.id = s.item_id WHERE s.author = $1",
        )
        .bind(&id)
        .fetch_all(pool)
        .await
        .unwrap();
        let latest = scores.iter().map(|(_, t, _)| *t).max().unwrap();
        let items: Vec<(f64, f64, f64)> = scores
            .iter()
            .map(|(c, t, w)| {
                (
                    (latest - *t).num_milliseconds() as f64 / 86_400_000.0,
                    *c,
                    *w,
                )
            })
            .collect();
        let expected = aggregation.estimate(&items);
        let close = |a: f64, b: f64| (a - b).abs() < 1e-6;
        assert!(
            close(credibility, expected.credibility)
                && close(low, expected.low)
                && close(high, expected.high)
                && close(effective, expected.effective_items),
            "{id}: stored ({credibility}, {low}, {high}, {effective}) vs {expected:?}"
        );
    }
}

/// Loads `url` in headless Chromium and returns the DOM after rendering; with `screenshot`,
/// also saves a PNG there.
async fn render(url: &str, screenshot: Option<&Path>) -> String {
    let profile = std::env::temp_dir().join(common::unique("chromium-profile"));
    let mut command = tokio::process::Command::new(common::chromium());
    command.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-extensions",
        "--no-first-run",
        "--hide-scrollbars",
        "--window-size=1280,1800",
    ]);
    command.arg(format!("--user-data-dir={}", profile.display()));
    match screenshot {
        Some(path) => command.arg(format!("--screenshot={}", path.display())),
        None => command.arg("--dump-dom"),
    };
    command.arg(url).kill_on_drop(true);
    let output = tokio::time::timeout(Duration::from_secs(90), command.output())
        .await
        .expect("Chromium did not finish within 90 s")
        .expect("Chromium runs");
    let _ = std::fs::remove_dir_all(&profile);
    assert!(
        output.status.success(),
        "Chromium failed on {url}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_dashboard_renders_in_a_browser() {
    let Filled { api, pool, .. } = filled().await;
    let base = format!("http://{api}");

    // Unknown parameters (tracking tags on a shared link) do not break a page.
    let ranking = render(&format!("{base}/?limit=25&utm_source=mail"), None).await;
    assert_eq!(ranking.matches("<tr class=\"practitioner\">").count(), 25);
    assert!(ranking.contains("id=\"next-page\""));
    let next = &ranking[ranking.find("id=\"next-page\" href=\"").unwrap() + 21..];
    let next = next[..next.find('"').unwrap()].replace("&amp;", "&");
    let second = render(&format!("{base}{next}"), None).await;
    assert_eq!(second.matches("<tr class=\"practitioner\">").count(), 25);
    assert!(second.contains("id=\"first-page\""));
    assert!(ranking.contains("class=\"chart histogram\""));
    assert!(ranking.contains("class=\"bar fr\"") && ranking.contains("class=\"bar en\""));

    let top: String = sqlx::query_scalar(
        "SELECT id FROM practitioners WHERE credibility IS NOT NULL
         ORDER BY item_count DESC, id LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let practitioner = render(
        &format!(
            "{base}/practitioners/{}",
            credscore::web::dashboard::url_encode(&top)
        ),
        None,
    )
    .await;
    assert!(practitioner.contains("id=\"credibility\""));
    assert!(practitioner.contains("class=\"chart timeline\""));
    assert!(practitioner.contains("class=\"point\""));
    assert!(practitioner.contains("class=\"chart bars\""));
    assert!(practitioner.contains("/items/"));

    let flagged: String = sqlx::query_scalar(
        "SELECT item_id FROM scores
         WHERE self_promotion >= 0.5 AND json_array_length(explanation) > 0
         ORDER BY item_id LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let item = render(&format!("{base}/items/{flagged}"), None).await;
    let text = &item[item.find("id=\"text\"").expect("the item text")..];
    let text = &text[..text.find("</div>").unwrap()];
    assert!(
        text.contains("<mark class=\"self_promotion"),
        "no highlighted self-promotion span in {text}"
    );
    assert!(item.contains("id=\"explanations\""));
    assert!(item.contains("class=\"baseline\""));

    let missing = render(&format!("{base}/practitioners/nobody-at-all"), None).await;
    assert!(missing.contains("nobody-at-all") && missing.contains("Not Found"));

    let screenshot = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../target/dashboard.png"
    ));
    let _ = std::fs::remove_file(&screenshot);
    render(&format!("{base}/"), Some(&screenshot)).await;
    let png = std::fs::read(&screenshot).expect("a screenshot");
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "{} bytes",
        png.len()
    );
}
