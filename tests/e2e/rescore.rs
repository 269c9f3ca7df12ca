//! Batch re-scoring as a user runs it: `credscore rescore` (the built binary) over stored
//! items in a real PostgreSQL, killed mid-way and resumed; `--dry-run`; `model diff`;
//! `model activate` rebuilding practitioner scores.

mod common;

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{metric, read_topic, sample_items, Env};
use credscore::records::{Record, StoredItem, StoredScore};
use credscore::store::batch::{write_batch, BatchEngagements};
use credscore::store::{self as db, models};
use credscore::CancellationToken;
use credscore_model::{Dictionaries, Extractor, Model, ModelArtifact, Scorer};
use prost::Message;
use serde_json::Value;

const ITEMS: usize = 20_000;

fn extractor() -> Extractor {
    Extractor::new(Arc::new(
        Dictionaries::load_default().expect("dictionaries (make deps installs them)"),
    ))
}

/// A second model: the built-in one with shifted intercepts, so scores and classes move.
fn second_model() -> ModelArtifact {
    let mut artifact = Model::builtin().unwrap().artifact().clone();
    artifact.targets.get_mut("credible").unwrap().intercept -= 0.6;
    artifact
        .targets
        .get_mut("self_promotion")
        .unwrap()
        .intercept += 0.4;
    artifact.version = artifact.content_version();
    artifact
}

/// Stores `count` items with their scores under the built-in (active) model.
async fn stored(env: &Env, count: usize) -> (sqlx::PgPool, String) {
    let pool = env.pool().await;
    db::migrate(&pool).await.unwrap();
    let builtin = Model::builtin().unwrap();
    models::ensure_model(&pool, builtin.artifact())
        .await
        .unwrap();
    let scorer = Scorer::new(extractor(), Arc::new(builtin));
    let aggregation = credscore::aggregation::Aggregation::for_model(
        scorer.model(),
        credscore::config::DEFAULT_HALF_LIFE_DAYS,
    );
    let items = sample_items(count, "rs");
    for chunk in items.chunks(5_000) {
        let rows: Vec<StoredItem> = chunk
            .iter()
            .map(|item| {
                credscore::records::stored_item(
                    &Record::accept(item.clone()).unwrap(),
                    chrono::Utc::now(),
                )
            })
            .collect();
        let scores: Vec<StoredScore> = {
            use rayon::prelude::*;
            chunk
                .par_iter()
                .map(|i| credscore::records::stored_score(i, &scorer.score(i)))
                .collect()
        };
        write_batch(
            &pool,
            &rows,
            &scores,
            BatchEngagements::NONE,
            scorer.model().version(),
            aggregation,
        )
        .await
        .unwrap();
    }
    (pool, scorer.model().version().to_string())
}

fn credscore(env: &Env, args: &[&str]) -> Command {
    let mut command = Command::new(common::binary("credscore"));
    command
        .args(args)
        .env("CREDSCORE_DATABASE_URL", &env.database.url)
        .env("RUST_LOG", "warn");
    command
}

fn run_ok(env: &Env, args: &[&str]) -> (String, String) {
    let output = credscore(env, args).output().unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    );
    assert!(
        output.status.success(),
        "credscore {args:?} failed: {stderr}"
    );
    (stdout, stderr)
}

/// A fingerprint of every score row of a model version.
async fn fingerprint(pool: &sqlx::PgPool, version: &str) -> (i64, String) {
    sqlx::query_as(
        "SELECT count(*), COALESCE(md5(string_agg(item_id || ':' || credibility || ':' || explanation::text || ':' || scored_at, ',' ORDER BY item_id)), '')
         FROM scores WHERE model_version = $1",
    )
    .bind(version)
    .fetch_one(pool)
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rescoring_is_resumable_and_leaves_old_scores_intact() {
    let env = Env::new("rescore").await;
    let (pool, v1) = stored(&env, ITEMS).await;
    let v1_before = fingerprint(&pool, &v1).await;
    assert_eq!(v1_before.0, ITEMS as i64);
    let artifact = second_model();
    let v2 = artifact.version.clone();
    assert!(models::register_model(&pool, &artifact).await.unwrap());

    // Dry run: nothing written, and a report of what would move.
    let (stdout, _) = run_ok(&env, &["rescore", "--model", &v2, "--dry-run", "--json"]);
    let dry: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(dry["scanned_items"], ITEMS as i64);
    assert_eq!(dry["compared_items"], ITEMS as i64);
    assert_eq!(dry["compared_with"], v1.as_str());
    let dry_changed = dry["targets"][0]["changed_class"].as_i64().unwrap();
    assert!(dry_changed > 100, "the second model moves classes: {dry}");
    assert!(!dry["largest_moves"].as_array().unwrap().is_empty());
    assert_eq!(fingerprint(&pool, &v2).await.0, 0, "a dry run wrote scores");

    // A run killed mid-way...
    let mut child = credscore(&env, &["rescore", "--model", &v2, "--batch-size", "500"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        let scanned: Option<i64> =
            sqlx::query_scalar("SELECT scanned_items FROM rescore_jobs WHERE model_version = $1")
                .bind(&v2)
                .fetch_optional(&pool)
                .await
                .unwrap();
        if scanned.unwrap_or(0) >= 3_000 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the job made no progress"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "finished before the kill"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let (status, scanned): (String, i64) =
        sqlx::query_as("SELECT status, scanned_items FROM rescore_jobs WHERE model_version = $1")
            .bind(&v2)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(status, "running");
    assert!(scanned < ITEMS as i64, "killed too late: {scanned}");
    assert_eq!(fingerprint(&pool, &v2).await.0, scanned);

    // ...and started again continues where it stopped.
    let (stdout, stderr) = run_ok(
        &env,
        &["rescore", "--model", &v2, "--batch-size", "500", "--json"],
    );
    assert!(stderr.contains("resuming"), "{stderr}");
    let summary: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(summary["resumed"], true);
    assert_eq!(summary["scanned_items"], ITEMS as i64);
    assert_eq!(summary["this_run_items"], ITEMS as i64 - scanned);
    assert_eq!(summary["practitioners_updated"], false);
    let (rows, distinct): (i64, i64) = sqlx::query_as(
        "SELECT count(*), count(DISTINCT item_id) FROM scores WHERE model_version = $1",
    )
    .bind(&v2)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!((rows, distinct), (ITEMS as i64, ITEMS as i64));
    assert_eq!(
        fingerprint(&pool, &v1).await,
        v1_before,
        "old scores changed"
    );
    let status: String =
        sqlx::query_scalar("SELECT status FROM rescore_jobs WHERE model_version = $1")
            .bind(&v2)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(status, "done");

    // The stored scores are what an uninterrupted scoring gives.
    let scorer = Scorer::new(extractor(), Arc::new(Model::new(artifact).unwrap()));
    for item in sample_items(ITEMS, "rs").iter().step_by(97) {
        let expected = credscore::records::stored_score(item, &scorer.score(item));
        let (credibility, explanation): (f64, Value) = sqlx::query_as(
            "SELECT credibility, explanation FROM scores WHERE item_id = $1 AND model_version = $2",
        )
        .bind(&item.id)
        .bind(&v2)
        .fetch_one(&pool)
        .await
        .unwrap();
        assert_eq!(credibility, expected.credibility, "{}", item.id);
        assert_eq!(
            explanation,
            serde_json::from_str::<Value>(&expected.explanation).unwrap()
        );
    }

    // The comparison agrees with the dry run.
    let (stdout, _) = run_ok(&env, &["model", "diff", &v1, &v2, "--json"]);
    let diff: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(diff["compared_items"], ITEMS as i64);
    assert_eq!(diff["targets"][0]["target"], "credibility");
    assert_eq!(diff["targets"][0]["changed_class"], dry_changed);
    assert!(diff["targets"][0]["mean_shift"].as_f64().unwrap() < 0.0);
    assert!(diff["targets"][1]["mean_shift"].as_f64().unwrap() > 0.0);
    assert!(diff["compared_practitioners"].as_i64().unwrap() > 100);
    let moves = diff["rank_moves"].as_array().unwrap();
    assert_eq!(moves.len(), 10);
    assert!(moves[0]["old_rank"] != moves[0]["new_rank"]);
    // The same comparison from the read API.
    let shutdown = CancellationToken::new();
    let api = env.start_api(shutdown.clone()).await;
    let from_api: Value = reqwest::get(format!("http://{api}/v1/models/diff?old={v1}&new={v2}"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(from_api["compared_items"], diff["compared_items"]);
    assert_eq!(
        from_api["targets"][0]["changed_class"],
        diff["targets"][0]["changed_class"]
    );
    // Same practitioners and ranks; scores equal up to the order of floating-point sums.
    let moves = |d: &Value| -> Vec<(String, i64, i64, f64)> {
        d["rank_moves"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                (
                    m["author"].as_str().unwrap().to_string(),
                    m["old_rank"].as_i64().unwrap(),
                    m["new_rank"].as_i64().unwrap(),
                    m["new_score"].as_f64().unwrap(),
                )
            })
            .collect()
    };
    for (a, b) in moves(&from_api).iter().zip(moves(&diff)) {
        assert_eq!((&a.0, a.1, a.2), (&b.0, b.1, b.2));
        assert!((a.3 - b.3).abs() < 1e-9);
    }
    for (query, status) in [
        (format!("old={v1}"), 400),
        (format!("old={v1}&new=nope"), 404),
        (format!("old={v1}&new={v2}&top=0"), 400),
    ] {
        let response = reqwest::get(format!("http://{api}/v1/models/diff?{query}"))
            .await
            .unwrap();
        assert_eq!(response.status(), status, "{query}");
    }
    shutdown.cancel();
    let (text, _) = run_ok(&env, &["model", "diff", &v1, &v2]);
    assert!(text.contains("changed class") && text.contains("rank moved"));

    // Activating the new model rebuilds practitioner scores from its scores.
    run_ok(&env, &["model", "activate", &v2]);
    let (stale,): (i64,) = sqlx::query_as(
        "SELECT count(*) FROM practitioners WHERE model_version IS DISTINCT FROM $1",
    )
    .bind(&v2)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(stale, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filters_and_bad_arguments() {
    let env = Env::new("rescore_filters").await;
    let (pool, v1) = stored(&env, ITEMS).await;
    let author: String = sqlx::query_scalar(
        "SELECT author FROM items GROUP BY author ORDER BY count(*) DESC, author LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let (own, own_fr): (i64, i64) = sqlx::query_as(
        "SELECT count(*), count(*) FILTER (WHERE s.lang = 'fr') FROM items i
         JOIN scores s ON s.item_id = i.id WHERE i.author = $1",
    )
    .bind(&author)
    .fetch_one(&pool)
    .await
    .unwrap();
    let (stdout, _) = run_ok(
        &env,
        &["rescore", "--dry-run", "--json", "--author", &author],
    );
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["scanned_items"], own);
    // The same model compared with itself: nothing moves.
    assert_eq!(report["targets"][0]["changed_class"], 0);
    assert_eq!(report["targets"][0]["mean_abs_shift"], 0.0);
    let (stdout, _) = run_ok(
        &env,
        &[
            "rescore",
            "--dry-run",
            "--json",
            "--author",
            &author,
            "--lang",
            "fr",
        ],
    );
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["scored_items"], own_fr);
    let (stdout, _) = run_ok(
        &env,
        &["rescore", "--dry-run", "--json", "--since", "2030-01-01"],
    );
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["scanned_items"], 0);

    // Re-scoring with the active model writes nothing new and keeps practitioners current.
    let before = fingerprint(&pool, &v1).await;
    let (stdout, _) = run_ok(&env, &["rescore", "--json", "--author", &author]);
    let summary: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(summary["written_items"], 0);
    assert_eq!(summary["practitioners_updated"], true);
    assert_eq!(fingerprint(&pool, &v1).await, before);

    // `credscore jobs` lists it, newest first, with its filters in words.
    let (listing, _) = run_ok(&env, &["jobs"]);
    let newest = listing.lines().nth(1).unwrap_or_default();
    assert!(
        newest.contains("local")
            && newest.contains("done")
            && newest.contains(&format!("authors {author}")),
        "{listing}"
    );
    let (stdout, _) = run_ok(&env, &["jobs", "--json", "--limit", "1"]);
    let jobs: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(jobs.as_array().unwrap().len(), 1);
    assert_eq!(jobs[0]["status"], "done");
    assert_eq!(jobs[0]["scanned_items"], jobs[0]["total_items"]);

    // A registered model with no stored scores yet.
    let v2 = second_model().version;
    models::register_model(&pool, &second_model())
        .await
        .unwrap();
    for (args, needle) in [
        (vec!["rescore", "--model", "nope"], "nope"),
        (vec!["rescore", "--since", "last week"], "--since"),
        (vec!["rescore", "--lang", "de"], "--lang"),
        (
            vec!["rescore", "--since", "2020-01-01", "--until", "2010-01-01"],
            "--since",
        ),
        (vec!["rescore", "--author", ""], "--author"),
        (vec!["rescore", "--batch-size", "0"], "--batch-size"),
        (vec!["rescore", "--dry-run", "--against", "nope"], "nope"),
        (vec!["model", "diff", &v1, "nope"], "nope"),
        (vec!["model", "diff", &v1, &v1], "two different versions"),
        (vec!["model", "diff", &v1, &v2, "--top", "0"], "--top"),
        (
            vec!["rescore", "--dry-run", "--model", &v1, "--against", &v2],
            "no stored scores",
        ),
    ] {
        let output = credscore(&env, &args).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{args:?} succeeded");
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn scorers_share_a_rescoring_job_published_to_kafka() {
    const COUNT: usize = 6_000;
    let env = Env::new("rescore_kafka").await;
    let (pool, v1) = stored(&env, COUNT).await;
    let v1_before = fingerprint(&pool, &v1).await;
    let artifact = second_model();
    let v2 = artifact.version.clone();
    models::register_model(&pool, &artifact).await.unwrap();
    let shutdown = CancellationToken::new();
    let group = common::unique("group");
    let mut scorers = Vec::new();
    for _ in 0..2 {
        let (address, _) = env
            .start_scorer(env.scorer_config(&group), shutdown.clone())
            .await;
        scorers.push(address);
    }

    let mut command = credscore(
        &env,
        &[
            "rescore",
            "--via-kafka",
            "--model",
            &v2,
            "--range-size",
            "500",
            "--json",
        ],
    );
    command
        .env("CREDSCORE_KAFKA_BROKERS", &env.kafka.brokers)
        .env("CREDSCORE_ITEMS_TOPIC", &env.kafka.items_topic)
        .env("CREDSCORE_SCORES_TOPIC", &env.kafka.scores_topic)
        .env("CREDSCORE_DLQ_TOPIC", &env.kafka.dlq_topic)
        .env("CREDSCORE_RESCORE_TOPIC", &env.kafka.rescore_topic)
        .env(
            "CREDSCORE_KAFKA_SETTINGS",
            env.kafka
                .settings
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(","),
        );
    let output = tokio::time::timeout(
        Duration::from_secs(180),
        tokio::process::Command::from(command).output(),
    )
    .await
    .expect("the distributed job finished within 180 s")
    .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("12 ranges"), "{stderr}");
    let summary: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(summary["scanned_items"], COUNT as i64);
    assert_eq!(summary["written_items"], COUNT as i64);

    let (rows, distinct): (i64, i64) = sqlx::query_as(
        "SELECT count(*), count(DISTINCT item_id) FROM scores WHERE model_version = $1",
    )
    .bind(&v2)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!((rows, distinct), (COUNT as i64, COUNT as i64));
    assert_eq!(fingerprint(&pool, &v1).await, v1_before);
    let (status, open_ranges): (String, i64) = sqlx::query_as(
        "SELECT j.status, (SELECT count(*) FROM rescore_ranges r WHERE r.job_id = j.id AND r.done_at IS NULL)
         FROM rescore_jobs j WHERE j.model_version = $1",
    )
    .bind(&v2)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!((status.as_str(), open_ranges), ("done", 0));
    // The work shows in the scorers' metrics (whichever replicas the group gave it to).
    let mut rescored = 0.0;
    for address in &scorers {
        let page = common::get_text(&format!("http://{address}/metrics")).await;
        rescored += metric(&page, "credscore_rescore_items_total", &v2);
    }
    assert_eq!(rescored, COUNT as f64);

    // A request that cannot be used goes to the dead-letter topic with its reason.
    let producer = credscore::kafka::producer(&env.kafka, Duration::from_secs(10)).unwrap();
    credscore::kafka::send(
        &producer,
        &env.kafka.rescore_topic,
        b"bad",
        b"\xff\x01garbage",
    )
    .await
    .unwrap();
    let letters = read_topic(&env.kafka.dlq_topic, 1, Duration::from_secs(60));
    assert_eq!(letters.len(), 1);
    let letter = credscore::proto::DeadLetter::decode(letters[0].1.as_slice()).unwrap();
    assert_eq!(letter.reason, "undecodable");
    assert_eq!(letter.source_topic, env.kafka.rescore_topic);

    // Idle scorers switch to a newly activated model without waiting for an item.
    run_ok(&env, &["model", "activate", &v2]);
    let started = Instant::now();
    for address in &scorers {
        loop {
            let page = common::get_text(&format!("http://{address}/metrics")).await;
            if metric(&page, "credscore_active_model_info", &v2) == 1.0 {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "scorer {address} still on the old model"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
    shutdown.cancel();
}
