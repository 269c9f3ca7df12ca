//! Who may read and who may erase: the read API and dashboard behind `CREDSCORE_API_TOKEN`,
//! and erasure of a practitioner by `credscore forget` and by `DELETE /v1/practitioners/{id}`
//! with the admin token, on the real stack.

mod common;

use std::process::Command;
use std::time::Duration;

use common::{sample_items, Env};
use credscore::CancellationToken;

async fn status(request: reqwest::RequestBuilder) -> (u16, reqwest::header::HeaderMap) {
    let response = request.send().await.unwrap();
    (response.status().as_u16(), response.headers().clone())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_read_api_and_dashboard_need_the_token_when_one_is_set() {
    let env = Env::new("token").await;
    let shutdown = CancellationToken::new();
    let api = env
        .start_api_with_tokens(Some("read-s3cret"), Some("admin-s3cret"), shutdown.clone())
        .await;
    let client = reqwest::Client::new();
    let url = |path: &str| format!("http://{api}{path}");

    let (code, headers) = status(client.get(url("/v1/practitioners"))).await;
    assert_eq!(code, 401);
    assert!(headers["www-authenticate"]
        .to_str()
        .unwrap()
        .starts_with("Bearer"));
    let (code, headers) = status(client.get(url("/"))).await;
    assert_eq!(code, 401);
    // A browser shows a login prompt for this challenge.
    assert!(headers["www-authenticate"]
        .to_str()
        .unwrap()
        .starts_with("Basic"));
    assert_eq!(
        status(client.get(url("/v1/practitioners")).bearer_auth("wrong"))
            .await
            .0,
        401
    );
    assert_eq!(
        status(
            client
                .get(url("/v1/practitioners"))
                .bearer_auth("read-s3cret")
        )
        .await
        .0,
        200
    );
    assert_eq!(
        status(
            client
                .get(url("/"))
                .basic_auth("anyone", Some("read-s3cret"))
        )
        .await
        .0,
        200
    );
    // The admin token opens the read API too.
    assert_eq!(
        status(client.get(url("/v1/models")).bearer_auth("admin-s3cret"))
            .await
            .0,
        200
    );
    // Probes stay open.
    assert_eq!(status(client.get(url("/healthz"))).await.0, 200);
    assert_eq!(status(client.get(url("/metrics"))).await.0, 200);
    shutdown.cancel();
}

/// Rows stored about `author`: items, scores, practitioner rows.
async fn rows_of(pool: &sqlx::PgPool, author: &str) -> (i64, i64, i64) {
    sqlx::query_as(
        "SELECT (SELECT count(*) FROM items WHERE author = $1),
                (SELECT count(*) FROM scores WHERE author = $1),
                (SELECT count(*) FROM practitioners WHERE id = $1)",
    )
    .bind(author)
    .fetch_one(pool)
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_erased_author_leaves_nothing_and_comes_back_as_new() {
    let env = Env::new("forget").await;
    let shutdown = CancellationToken::new();
    let ingest = env
        .start_ingest(env.ingest_config(None, 16 << 20), shutdown.clone())
        .await;
    env.start_scorer_in_new_group(shutdown.clone()).await;
    let api = env
        .start_api_with_tokens(None, Some("admin-s3cret"), shutdown.clone())
        .await;
    let mut items = sample_items(300, "forget");
    for (n, item) in items.iter_mut().enumerate() {
        item.author = ["erase_me", "erase_me_too", "keep_me"][n % 3].to_string();
    }
    env.post_items(ingest, &items).await;
    let pool = env.pool().await;
    env.wait_for_scores(&pool, 300, Duration::from_secs(90))
        .await;
    let kept_before: (f64, i64) =
        sqlx::query_as("SELECT credibility, item_count FROM practitioners WHERE id = 'keep_me'")
            .fetch_one(&pool)
            .await
            .unwrap();

    // The command line.
    let output = Command::new(common::binary("credscore"))
        .args(["forget", "--author", "erase_me", "--by", "dpo@example.org"])
        .env("CREDSCORE_DATABASE_URL", &env.database.url)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("erased erase_me: 100 items, 100 scores, 1 practitioner row"),
        "{stdout}"
    );
    assert_eq!(rows_of(&pool, "erase_me").await, (0, 0, 0));

    // The API: admin token required, then the same.
    let client = reqwest::Client::new();
    let delete = |token: Option<&str>| {
        let request = client
            .delete(format!("http://{api}/v1/practitioners/erase_me_too"))
            .header("x-requested-by", "trust-and-safety");
        match token {
            Some(token) => request.bearer_auth(token),
            None => request,
        }
    };
    assert_eq!(delete(None).send().await.unwrap().status(), 401);
    assert_eq!(delete(Some("wrong")).send().await.unwrap().status(), 401);
    let response = delete(Some("admin-s3cret")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["removed"]["items"], 100, "{body}");
    assert_eq!(rows_of(&pool, "erase_me_too").await, (0, 0, 0));
    assert_eq!(
        delete(Some("admin-s3cret")).send().await.unwrap().status(),
        404
    );

    // Nobody else is touched, and nothing points at what is gone.
    let kept_after: (f64, i64) =
        sqlx::query_as("SELECT credibility, item_count FROM practitioners WHERE id = 'keep_me'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(kept_before, kept_after);
    for (reference, dangling) in credscore::store::check::dangling_references(&pool)
        .await
        .unwrap()
    {
        assert_eq!(dangling, 0, "{reference}");
    }
    // Audited without the id itself.
    let audit: Vec<(String, String, String, i64)> = sqlx::query_as(
        "SELECT author_sha256, requested_by, requested_via, items FROM erasures ORDER BY id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(audit.len(), 3, "{audit:?}");
    assert_eq!(
        (audit[0].1.as_str(), audit[0].2.as_str(), audit[0].3),
        ("dpo@example.org", "cli", 100)
    );
    assert_eq!(
        audit[1].0,
        credscore::store::erasure::author_digest("erase_me_too")
    );
    assert!(audit.iter().all(|row| !row.0.contains("erase_me")));

    // A later item of an erased author is scored as new.
    let mut again = sample_items(1, "forget-again");
    again[0].author = "erase_me".into();
    env.post_items(ingest, &again).await;
    env.wait_for_scores(&pool, 101, Duration::from_secs(60))
        .await;
    assert_eq!(rows_of(&pool, "erase_me").await, (1, 1, 1));
    let count: i64 =
        sqlx::query_scalar("SELECT item_count FROM practitioners WHERE id = 'erase_me'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(count, 1);
    shutdown.cancel();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reviewers_label_items_with_their_token_and_labels_are_append_only() {
    let env = Env::new("labels").await;
    let shutdown = CancellationToken::new();
    let ingest = env.start_open_ingest(shutdown.clone()).await;
    env.start_scorer_in_new_group(shutdown.clone()).await;
    let api = env.start_api(shutdown.clone()).await;
    let pool = env.pool().await;
    let items = sample_items(2, "labeled");
    env.post_items(ingest, &items).await;
    env.wait_for_scores(&pool, 2, Duration::from_secs(60)).await;
    let id = &items[0].id;
    let client = reqwest::Client::new();
    let post = |body: serde_json::Value, token: Option<&str>| {
        let mut request = client
            .post(format!("http://{api}/v1/items/{id}/labels"))
            .json(&body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send()
    };
    let label = serde_json::json!({"target": "self_promotion", "value": 1, "reviewer": "ana"});

    // Without the reviewer token: 401, naming the token.
    let response = post(label.clone(), None).await.unwrap();
    assert_eq!(response.status().as_u16(), 401);
    assert!(response
        .text()
        .await
        .unwrap()
        .contains("CREDSCORE_REVIEWER_TOKEN"));
    let response = post(label.clone(), Some("wrong")).await.unwrap();
    assert_eq!(response.status().as_u16(), 401);

    // Bad labels: 400s that say what to fix.
    for (body, expected) in [
        (
            serde_json::json!({"target": "spam", "value": 1, "reviewer": "ana"}),
            "`target` must be one of",
        ),
        (
            serde_json::json!({"target": "credible", "value": 3, "reviewer": "ana"}),
            "`value` must be 0",
        ),
        (
            serde_json::json!({"target": "credible", "value": 1}),
            "`reviewer` is missing",
        ),
    ] {
        let response = post(body, Some("review-s3cret")).await.unwrap();
        assert_eq!(response.status().as_u16(), 400);
        let text = response.text().await.unwrap();
        assert!(text.contains(expected), "{text}");
    }
    let response = client
        .post(format!("http://{api}/v1/items/no-such-item/labels"))
        .bearer_auth("review-s3cret")
        .json(&label)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 400);
    assert!(response.text().await.unwrap().contains("no stored item"));

    // A label, then a correction that names what it replaced.
    let response = post(label.clone(), Some("review-s3cret")).await.unwrap();
    assert_eq!(response.status().as_u16(), 201);
    let first: serde_json::Value = response.json().await.unwrap();
    assert!(first["replaces"].is_null());
    let correction = serde_json::json!({"target": "self_promotion", "value": 0, "reviewer": "bruno", "note": "quotes an ad to warn about it"});
    let second: serde_json::Value = post(correction, Some("review-s3cret"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(second["replaces"]["id"], first["id"]);
    assert_eq!(second["replaces"]["reviewer"], "ana");
    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM item_labels WHERE item_id = $1")
        .bind(id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(stored, 2, "both labels are kept");

    // The item's API and page show the label in force beside the model's scores.
    let detail: serde_json::Value = reqwest::get(format!("http://{api}/v1/items/{id}"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let labels = detail["labels"].as_array().unwrap();
    assert_eq!(labels.len(), 1);
    assert_eq!(
        (labels[0]["value"].as_i64(), labels[0]["reviewer"].as_str()),
        (Some(0), Some("bruno"))
    );
    let page = common::get_text(&format!("http://{api}/items/{id}")).await;
    assert!(
        page.contains("id=\"labels\"") && page.contains("no self-promotion"),
        "{page}"
    );
    assert!(page.contains("quotes an ad to warn about it"));

    // A reviewer marks the author's score as disputed; the ranking and their page show it.
    let author = &items[0].author;
    let disputes = format!("http://{api}/v1/practitioners/{author}/disputes");
    let dispute = serde_json::json!({"reviewer": "bruno", "note": "scores quotes of ads as ads"});
    let response = client.post(&disputes).json(&dispute).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 401);
    let response = client
        .post(&disputes)
        .bearer_auth("review-s3cret")
        .json(&dispute)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 201);
    let again = client
        .post(&disputes)
        .bearer_auth("review-s3cret")
        .json(&dispute)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status().as_u16(), 400);
    assert!(again.text().await.unwrap().contains("disputed already"));
    let unknown = client
        .post(format!(
            "http://{api}/v1/practitioners/nobody-here/disputes"
        ))
        .bearer_auth("review-s3cret")
        .json(&dispute)
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status().as_u16(), 400);
    let ranking: serde_json::Value = reqwest::get(format!("http://{api}/v1/practitioners"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let marked = ranking["practitioners"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == author.as_str())
        .expect("the author is ranked");
    assert_eq!(marked["disputed"]["note"], "scores quotes of ads as ads");
    let page = common::get_text(&format!("http://{api}/")).await;
    assert!(page.contains("⚑ disputed"), "{page}");
    let page = common::get_text(&format!("http://{api}/practitioners/{author}")).await;
    assert!(page.contains("id=\"dispute\"") && page.contains("scores quotes of ads as ads"));
    let closed = client
        .delete(&disputes)
        .bearer_auth("review-s3cret")
        .header("X-Requested-By", "carla")
        .send()
        .await
        .unwrap();
    assert_eq!(closed.status().as_u16(), 200);
    let detail: serde_json::Value = reqwest::get(format!("http://{api}/v1/practitioners/{author}"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(detail["disputed"].is_null());
    let closed_again = client
        .delete(&disputes)
        .bearer_auth("review-s3cret")
        .send()
        .await
        .unwrap();
    assert_eq!(closed_again.status().as_u16(), 404);

    // Erasing the author removes the labels of their items.
    credscore::store::erasure::forget_author(&pool, &items[0].author, "labels-test", "cli")
        .await
        .unwrap();
    common::assert_consistent(&pool).await;
    shutdown.cancel();
}
