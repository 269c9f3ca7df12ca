//! The review queue on the dashboard (issue 14): items scored by the real pipeline (HTTP
//! ingest → broker → scorer → PostgreSQL) are queued with the reason they need a reviewer,
//! a correction is clicked through in headless Chromium (driven over the DevTools protocol),
//! and the forms' errors and the dispute forms are checked over plain HTTP.

mod common;

use std::time::{Duration, Instant};

use common::{sample_items, Env};
use credscore::CancellationToken;
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

const ITEMS: usize = 40;
const TOKEN: &str = "review-s3cret";

/// A client that follows no redirect, to see the 303s.
fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// Posts a form; returns the status, the Location header and the body.
async fn post_form(url: &str, fields: &[(&str, &str)]) -> (u16, String, String) {
    let response = client().post(url).form(fields).send().await.unwrap();
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, location, response.text().await.unwrap())
}

async fn get_json(url: &str) -> Value {
    reqwest::get(url).await.unwrap().json().await.unwrap()
}

fn author_of(items: &[credscore_model::Item], id: &str) -> String {
    items
        .iter()
        .find(|i| i.id == id)
        .map(|i| i.author.clone())
        .unwrap()
}

/// The item ids of the queue's cards, in order.
fn queued_ids(page: &str) -> Vec<String> {
    page.split("<div class=\"card queued\" id=\"item-")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].to_string())
        .collect()
}

/// The HTML of one item's card on the queue page.
fn card<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page
        .find(&format!("<div class=\"card queued\" id=\"item-{id}\""))
        .unwrap_or_else(|| panic!("{id} is not in the queue"));
    let rest = &page[start..];
    let end = rest[1..]
        .find("<div class=\"card queued\"")
        .map_or(rest.len(), |e| e + 1);
    &rest[..end]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn reviewers_work_through_the_queue_in_a_browser() {
    let env = Env::new("review").await;
    let shutdown = CancellationToken::new();
    let ingest = env.start_open_ingest(shutdown.clone()).await;
    env.start_scorer_in_new_group(shutdown.clone()).await;
    let api = env.start_api(shutdown.clone()).await;
    let pool = env.pool().await;
    let mut items = sample_items(ITEMS, "review");
    // Text is shown as text, never as markup.
    items[0].text = format!(
        "{} <script>alert(\"x\")</script> & <b>bold</b>",
        items[0].text
    );
    env.post_items(ingest, &items).await;
    env.wait_for_scores(&pool, ITEMS as i64, Duration::from_secs(120))
        .await;
    let base = format!("http://{api}");

    // The queue lists scored items with why they are there.
    let page = common::get_text(&format!("{base}/review")).await;
    assert!(page.contains("<a href=\"/review\">Review</a>"), "nav link");
    let queued = queued_ids(&page);
    assert!(!queued.is_empty(), "{page}");
    let near: Vec<String> = sqlx::query_scalar(
        "SELECT item_id FROM scores
         WHERE abs(self_promotion - 0.5) <= 0.15 OR abs(unverifiable_claims - 0.5) <= 0.15
            OR abs(writing_errors - 0.5) <= 0.15 OR abs(credibility - 0.5) <= 0.15",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert!(
        !near.is_empty(),
        "some sample items score near the boundary"
    );
    for id in &near {
        assert!(
            card(&page, id).contains("near the decision boundary"),
            "{id} is near the boundary"
        );
    }
    let ranking = get_json(&format!("{base}/v1/practitioners?limit=1")).await;
    let top = ranking["practitioners"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let of_top: Vec<&String> = queued
        .iter()
        .filter(|id| author_of(&items, id) == top)
        .collect();
    assert!(
        !of_top.is_empty(),
        "the top practitioner's items are queued"
    );
    assert!(card(&page, of_top[0]).contains("ranked #1"));
    let limited = common::get_text(&format!("{base}/review?limit=3")).await;
    assert_eq!(queued_ids(&limited).len(), 3.min(queued.len()));
    let response = reqwest::get(format!("{base}/review?limit=0"))
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 400);
    assert!(response.text().await.unwrap().contains("`limit`"));

    // Reviewers who disagree put the item first, with both votes; its text is escaped.
    let x = items[0].id.clone();
    for (reviewer, value) in [("ana", 1), ("bruno", 0)] {
        let response = client()
            .post(format!("{base}/v1/items/{x}/labels"))
            .bearer_auth(TOKEN)
            .json(&json!({"target": "credible", "value": value, "reviewer": reviewer}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 201);
    }
    let page = common::get_text(&format!("{base}/review")).await;
    assert_eq!(queued_ids(&page)[0], x);
    let first = card(&page, &x);
    assert!(
        first.contains("reviewers disagree on credible")
            && first.contains("ana says credible")
            && first.contains("bruno says not credible"),
        "{first}"
    );
    assert!(
        first.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold")
            && !page.contains("<script>"),
        "{first}"
    );

    // Disputes through the practitioner page's forms.
    let z = items
        .iter()
        .map(|i| i.author.clone())
        .find(|a| *a != author_of(&items, &x))
        .unwrap();
    let z_page = format!("{base}/practitioners/{z}");
    let open = format!("{base}/review/practitioners/{z}/disputes");
    let close = format!("{open}/close");
    let before = common::get_text(&z_page).await;
    assert!(
        before.contains(&format!(
            "action=\"/review/practitioners/{z}/disputes\" id=\"open-dispute\""
        )),
        "{before}"
    );
    let dispute = [
        ("note", "reads quotes of ads as ads"),
        ("reviewer", "dora"),
        ("token", TOKEN),
    ];
    let (status, _, body) = post_form(&open, &dispute[..2]).await;
    assert_eq!(status, 401, "{body}");
    let (status, _, _) = post_form(&open, &[dispute[0], dispute[1], ("token", "wrong")]).await;
    assert_eq!(status, 401);
    let (status, _, body) = post_form(&open, &[dispute[1], dispute[2]]).await;
    assert_eq!(status, 400);
    assert!(body.contains("`note` is missing"), "{body}");
    let (status, location, _) = post_form(&open, &dispute).await;
    assert_eq!(
        (status, location.as_str()),
        (303, format!("/practitioners/{z}").as_str())
    );
    let (status, _, body) = post_form(&open, &dispute).await;
    assert_eq!(status, 400);
    assert!(body.contains("disputed already"), "{body}");
    let (status, _, body) = post_form(
        &format!("{base}/review/practitioners/nobody-here/disputes"),
        &dispute,
    )
    .await;
    assert_eq!(status, 400);
    assert!(body.contains("no stored practitioner"), "{body}");
    let during = common::get_text(&z_page).await;
    assert!(
        during.contains("This score is disputed") && during.contains("id=\"close-dispute\""),
        "{during}"
    );
    let detail = get_json(&format!("{base}/v1/practitioners/{z}")).await;
    assert_eq!(detail["disputed"]["by"], "dora");
    // The disputed practitioner's items come right after the disagreement.
    let page = common::get_text(&format!("{base}/review")).await;
    let order = queued_ids(&page);
    assert_eq!(order[0], x);
    assert_eq!(author_of(&items, &order[1]), z, "{order:?}");
    assert!(card(&page, &order[1]).contains("disputed by dora"));
    let (status, location, _) = post_form(&close, &[("reviewer", "emil"), ("token", TOKEN)]).await;
    assert_eq!(
        (status, location.as_str()),
        (303, format!("/practitioners/{z}").as_str())
    );
    let closed_by: Option<String> = sqlx::query_scalar(
        "SELECT closed_by FROM disputes WHERE practitioner_id = $1 AND closed_at IS NOT NULL",
    )
    .bind(&z)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(closed_by.as_deref(), Some("emil"));
    let (status, _, body) = post_form(&close, &[("reviewer", "emil"), ("token", TOKEN)]).await;
    assert_eq!(status, 404);
    assert!(body.contains("no open dispute"), "{body}");
    assert!(common::get_text(&z_page)
        .await
        .contains("id=\"open-dispute\""));

    // Label forms: the token comes in a field (or a header); fields are checked as the
    // JSON API checks them, and a 400 names the field.
    let y = queued_ids(&page)
        .into_iter()
        .find(|id| *id != x && author_of(&items, id) != z)
        .expect("another queued item");
    let labels = format!("{base}/review/items/{y}/labels");
    let good = [
        ("target", "self_promotion"),
        ("value", "0"),
        ("reviewer", "chris"),
        ("token", TOKEN),
    ];
    let (status, _, body) = post_form(&labels, &good[..3]).await;
    assert_eq!(status, 401);
    assert!(body.contains("CREDSCORE_REVIEWER_TOKEN"), "{body}");
    let (status, _, _) = post_form(&labels, &[good[0], good[1], good[2], ("token", "wrong")]).await;
    assert_eq!(status, 401);
    for (fields, expected) in [
        (
            vec![
                ("target", "self_promotion"),
                ("value", "2"),
                ("reviewer", "chris"),
            ],
            "`value` must be 0",
        ),
        (
            vec![("target", "spam"), ("value", "1"), ("reviewer", "chris")],
            "`target` must be one of",
        ),
        (
            vec![("target", "credible"), ("value", "1"), ("reviewer", "")],
            "`reviewer` must be",
        ),
        (
            vec![("target", "credible"), ("value", "1")],
            "`reviewer` is missing",
        ),
    ] {
        let mut fields = fields;
        fields.push(("token", TOKEN));
        let (status, _, body) = post_form(&labels, &fields).await;
        assert_eq!(status, 400, "{fields:?}: {body}");
        assert!(body.contains(expected), "{fields:?}: {body}");
        assert!(body.contains("<!doctype html>"), "an HTML page");
    }
    let (status, _, body) =
        post_form(&format!("{base}/review/items/no-such-item/labels"), &good).await;
    assert_eq!(status, 400);
    assert!(body.contains("no stored item"), "{body}");
    // The JSON API's header works too; an outside `return_to` is not followed.
    let response = client()
        .post(format!("{base}/review/items/{x}/labels"))
        .bearer_auth(TOKEN)
        .form(&[
            ("target", "writing_errors"),
            ("value", "1"),
            ("reviewer", "ana"),
            ("return_to", "https://elsewhere.example/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 303);
    let location = response.headers()["location"].to_str().unwrap();
    assert!(location.starts_with("/review?reviewer=ana"), "{location}");
    let none_stored: i64 =
        sqlx::query_scalar("SELECT count(*) FROM item_labels WHERE item_id = $1")
            .bind(&y)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(none_stored, 0, "refused forms store nothing");

    // A correction clicked through in headless Chromium.
    let mut browser = Browser::start().await;
    browser.open(&format!("{base}/review")).await;
    let card_js = format!(
        "document.getElementById({})",
        serde_json::to_string(&format!("item-{y}")).unwrap()
    );
    let form_js = format!("{card_js}.querySelector('form[data-target=\"self_promotion\"]')");
    let corrected = browser
        .eval(&format!("{form_js}.querySelector('button.correct').value"))
        .await
        .expect("the card has a correct button");
    let corrected: i64 = corrected.as_str().unwrap().parse().unwrap();
    let model: f64 = sqlx::query_scalar("SELECT self_promotion FROM scores WHERE item_id = $1")
        .bind(&y)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(
        corrected,
        i64::from(model < 0.5),
        "correct gives the other answer"
    );
    browser
        .eval(&format!(
            "(() => {{ const form = {form_js};
                form.querySelector('input[name=reviewer]').value = 'chris';
                form.querySelector('input[name=token]').value = {};
                form.querySelector('input[name=note]').value = 'clicked in the browser';
                form.querySelector('button.correct').click();
                return true; }})()",
            serde_json::to_string(TOKEN).unwrap()
        ))
        .await
        .unwrap();
    let after = browser
        .wait_for("location.href.includes('reviewer=chris') && document.readyState === 'complete' ? location.href : null")
        .await;
    assert!(
        after
            .as_str()
            .unwrap()
            .contains(&format!("/review?reviewer=chris#item-{y}")),
        "{after}"
    );
    let item = get_json(&format!("{base}/v1/items/{y}")).await;
    let label = item["labels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["target"] == "self_promotion")
        .unwrap_or_else(|| panic!("no label in force: {item}"));
    assert_eq!(label["value"].as_i64(), Some(corrected), "{label}");
    assert_eq!(label["reviewer"], "chris");
    assert_eq!(label["note"], "clicked in the browser");
    let shown = browser
        .eval(&format!(
            "[{card_js}.innerText, document.querySelector('input[name=reviewer]').value]"
        ))
        .await
        .unwrap();
    let words = if corrected == 1 {
        "self-promotion by chris"
    } else {
        "no self-promotion by chris"
    };
    assert!(
        shown[0].as_str().unwrap().contains(words),
        "the page shows the label: {shown}"
    );
    assert_eq!(shown[1], "chris", "the name is kept for the next form");
    drop(browser);

    // Without a reviewer token configured, the forms answer 403 and say so.
    let closed_api = env
        .start_api_with_reviewer(None, None, None, shutdown.clone())
        .await;
    let (status, _, body) = post_form(
        &format!("http://{closed_api}/review/items/{y}/labels"),
        &good,
    )
    .await;
    assert_eq!(status, 403);
    assert!(body.contains("reviewing is off"), "{body}");
    let (status, _, _) = post_form(
        &format!("http://{closed_api}/review/practitioners/{z}/disputes"),
        &dispute,
    )
    .await;
    assert_eq!(status, 403);
    shutdown.cancel();
}

/// Headless Chromium driven over the DevTools protocol: one page, a minimal WebSocket client
/// (text frames, masked as a client must; enough for the protocol's JSON messages).
struct Browser {
    process: tokio::process::Child,
    profile: std::path::PathBuf,
    socket: TcpStream,
    next_id: u64,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.process.start_kill();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

impl Browser {
    async fn start() -> Browser {
        let profile = std::env::temp_dir().join(common::unique("chromium-review"));
        let mut process = tokio::process::Command::new(common::chromium())
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-extensions",
                "--no-first-run",
                "--remote-debugging-port=0",
                "--window-size=1280,1800",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg("about:blank")
            .stderr(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("Chromium starts");
        let mut lines = BufReader::new(process.stderr.take().unwrap()).lines();
        let browser_url = tokio::time::timeout(Duration::from_secs(60), async {
            while let Some(line) = lines.next_line().await.unwrap() {
                if let Some(url) = line.strip_prefix("DevTools listening on ") {
                    return url.trim().to_string();
                }
            }
            panic!("Chromium exited before listening for DevTools");
        })
        .await
        .expect("Chromium listens for DevTools within 60 s");
        // Keep reading its log so that Chromium never blocks on a full pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        let host = browser_url
            .strip_prefix("ws://")
            .and_then(|rest| rest.split('/').next())
            .unwrap()
            .to_string();
        // The page Chromium opened, from the DevTools HTTP endpoint.
        let started = Instant::now();
        let page_url = loop {
            let targets: Value = get_json(&format!("http://{host}/json/list")).await;
            if let Some(url) = targets
                .as_array()
                .into_iter()
                .flatten()
                .find(|t| t["type"] == "page")
                .and_then(|t| t["webSocketDebuggerUrl"].as_str())
            {
                break url.to_string();
            }
            assert!(started.elapsed() < Duration::from_secs(30), "no page");
            tokio::time::sleep(Duration::from_millis(200)).await;
        };
        let socket = handshake(&page_url).await;
        let mut browser = Browser {
            process,
            profile,
            socket,
            next_id: 0,
        };
        browser.call("Page.enable", json!({})).await;
        browser
    }

    /// Sends a command and returns its answer (events in between are skipped).
    async fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let message = json!({"id": id, "method": method, "params": params}).to_string();
        tokio::time::timeout(Duration::from_secs(30), async {
            send_text(&mut self.socket, &message).await;
            loop {
                let answer: Value = serde_json::from_str(&read_text(&mut self.socket).await)
                    .expect("DevTools answers JSON");
                if answer["id"] == id {
                    return answer;
                }
            }
        })
        .await
        .unwrap_or_else(|_| panic!("no answer to {method} within 30 s"))
    }

    /// Loads `url` and waits until it is loaded.
    async fn open(&mut self, url: &str) {
        let answer = self.call("Page.navigate", json!({"url": url})).await;
        assert!(answer.get("error").is_none(), "{answer}");
        self.wait_for(&format!(
            "location.href === {} && document.readyState === 'complete' ? true : null",
            serde_json::to_string(url).unwrap()
        ))
        .await;
    }

    /// Evaluates `expression` in the page: its value, or what went wrong.
    async fn eval(&mut self, expression: &str) -> Result<Value, String> {
        let answer = self
            .call(
                "Runtime.evaluate",
                json!({"expression": expression, "returnByValue": true}),
            )
            .await;
        if let Some(error) = answer.get("error") {
            return Err(error.to_string());
        }
        if let Some(exception) = answer["result"].get("exceptionDetails") {
            return Err(exception.to_string());
        }
        Ok(answer["result"]["result"]["value"].clone())
    }

    /// Evaluates `expression` until it gives something other than null (a page being
    /// replaced cannot answer for a moment), for up to 30 s.
    async fn wait_for(&mut self, expression: &str) -> Value {
        let started = Instant::now();
        loop {
            match self.eval(expression).await {
                Ok(Value::Null) | Err(_) => {}
                Ok(value) => return value,
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "still waiting for {expression}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// Opens a WebSocket on `url` (ws://host:port/path).
async fn handshake(url: &str) -> TcpStream {
    let rest = url.strip_prefix("ws://").expect("a ws:// URL");
    let (host, path) = rest.split_at(rest.find('/').unwrap());
    let mut socket = TcpStream::connect(host).await.unwrap();
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    );
    socket.write_all(request.as_bytes()).await.unwrap();
    let mut head = Vec::new();
    while !head.ends_with(b"\r\n\r\n") {
        head.push(socket.read_u8().await.unwrap());
    }
    let head = String::from_utf8_lossy(&head);
    assert!(head.starts_with("HTTP/1.1 101"), "no WebSocket: {head}");
    socket
}

/// Sends one masked frame of `opcode`.
async fn send_frame(socket: &mut TcpStream, opcode: u8, payload: &[u8]) {
    let mask = [0x37, 0xfa, 0x21, 0x3d];
    let mut frame = vec![0x80 | opcode];
    match payload.len() {
        n if n < 126 => frame.push(0x80 | n as u8),
        n if n <= 0xffff => {
            frame.push(0x80 | 126);
            frame.extend_from_slice(&(n as u16).to_be_bytes());
        }
        n => {
            frame.push(0x80 | 127);
            frame.extend_from_slice(&(n as u64).to_be_bytes());
        }
    }
    frame.extend_from_slice(&mask);
    frame.extend(payload.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
    socket.write_all(&frame).await.unwrap();
}

async fn send_text(socket: &mut TcpStream, text: &str) {
    send_frame(socket, 0x1, text.as_bytes()).await;
}

/// Reads the next text message (joining fragments, answering pings).
async fn read_text(socket: &mut TcpStream) -> String {
    let mut message = Vec::new();
    loop {
        let first = socket.read_u8().await.unwrap();
        let second = socket.read_u8().await.unwrap();
        let length = match second & 0x7f {
            126 => u64::from(socket.read_u16().await.unwrap()),
            127 => socket.read_u64().await.unwrap(),
            n => u64::from(n),
        };
        let mut mask = [0u8; 4];
        if second & 0x80 != 0 {
            socket.read_exact(&mut mask).await.unwrap();
        }
        let mut payload = vec![0u8; length as usize];
        socket.read_exact(&mut payload).await.unwrap();
        if second & 0x80 != 0 {
            for (i, b) in payload.iter_mut().enumerate() {
                *b ^= mask[i % 4];
            }
        }
        match first & 0x0f {
            0x8 => panic!("DevTools closed the WebSocket"),
            0x9 => send_frame(socket, 0xA, &payload).await,
            0xA => {}
            _ => {
                message.extend_from_slice(&payload);
                if first & 0x80 != 0 {
                    return String::from_utf8(message).expect("UTF-8 text");
                }
            }
        }
    }
}
