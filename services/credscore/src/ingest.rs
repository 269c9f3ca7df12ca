//! The ingest service: `POST /v1/items` (one JSON item, a JSON array, or NDJSON), validated
//! with precise errors, published to the items topic keyed by author. A request is answered
//! 202 only after the broker has acknowledged every item in it, so an accepted item is never
//! missing from Kafka; when the broker cannot be reached the answer is 503 with Retry-After.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use credscore_model::{Item, ItemError};
use prost::Message;
use rdkafka::producer::FutureProducer;
use serde_json::json;
use tokio_util::sync::CancellationToken;

use crate::config::{IngestConfig, KafkaConfig};
use crate::kafka;
use crate::metrics::Metrics;

#[derive(Clone)]
struct AppState {
    producer: FutureProducer,
    topic: Arc<str>,
    token: Option<Arc<str>>,
    max_body_bytes: usize,
    max_items: usize,
    metrics: Metrics,
}

/// A bad item in a request: where it is and what is wrong.
#[derive(Debug, serde::Serialize)]
pub struct Problem {
    /// 1-based line (NDJSON) or 0-based index (JSON array); absent for a single object.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<&'static str>,
    pub error: String,
}

fn problem(error: &ItemError) -> Problem {
    let field = match error {
        ItemError::Missing(f) => Some(*f),
        ItemError::Invalid { field, .. } => Some(*field),
        ItemError::Json(_) => None,
    };
    Problem {
        line: None,
        index: None,
        field,
        error: error.to_string(),
    }
}

/// Parses a request body: a JSON array, one JSON object, or one object per line.
pub fn parse_body(body: &str) -> Result<Vec<Item>, Vec<Problem>> {
    // A byte-order mark, as some editors and exports write, is not part of the JSON.
    let body = body.strip_prefix('\u{feff}').unwrap_or(body);
    let trimmed = body.trim_start();
    if trimmed.is_empty() {
        return Err(vec![Problem {
            line: None,
            index: None,
            field: None,
            error: "the request body is empty: send an item, an array of items, or NDJSON".into(),
        }]);
    }
    let check = |value: serde_json::Value| {
        let item = Item::from_value(value)?;
        item.require_author()?;
        if let Some(created_at) = &item.created_at {
            kafka::parse_time(created_at)?;
        }
        Ok::<Item, ItemError>(item)
    };
    if trimmed.starts_with('[') {
        let values: Vec<serde_json::Value> = serde_json::from_str(trimmed).map_err(|e| {
            vec![Problem {
                line: Some(e.line()),
                index: None,
                field: None,
                error: format!("invalid JSON array: {e}"),
            }]
        })?;
        let mut items = Vec::with_capacity(values.len());
        let mut problems = Vec::new();
        let mut seen = HashMap::with_capacity(values.len());
        for (index, value) in values.into_iter().enumerate() {
            match check(value).and_then(|item| once(&mut seen, item, index, "index")) {
                Ok(item) => items.push(item),
                Err(e) => problems.push(Problem {
                    index: Some(index),
                    ..problem(&e)
                }),
            }
        }
        return if problems.is_empty() {
            Ok(items)
        } else {
            Err(problems)
        };
    }
    // One object, possibly spread over several lines.
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(trimmed) {
        return check(value)
            .map(|item| vec![item])
            .map_err(|e| vec![problem(&e)]);
    }
    let mut items = Vec::new();
    let mut problems = Vec::new();
    let mut seen = HashMap::new();
    for (number, line) in body.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let parsed = serde_json::from_str::<serde_json::Value>(line)
            .map_err(|e| ItemError::Json(json_error_on_line(&e)))
            .and_then(check)
            .and_then(|item| once(&mut seen, item, number + 1, "line"));
        match parsed {
            Ok(item) => items.push(item),
            Err(e) => problems.push(Problem {
                line: Some(number + 1),
                ..problem(&e)
            }),
        }
    }
    if problems.is_empty() {
        Ok(items)
    } else {
        Err(problems)
    }
}

/// An id seen earlier in the same request is refused, naming where it was first.
fn once(
    seen: &mut HashMap<String, usize>,
    item: Item,
    position: usize,
    unit: &str,
) -> Result<Item, ItemError> {
    match seen.entry(item.id.clone()) {
        std::collections::hash_map::Entry::Occupied(first) => Err(ItemError::Invalid {
            field: "id",
            reason: format!(
                "{:?} repeats the item at {unit} {}: send each item once per request",
                item.id,
                first.get()
            ),
        }),
        std::collections::hash_map::Entry::Vacant(slot) => {
            slot.insert(position);
            Ok(item)
        }
    }
}

/// A JSON error inside one NDJSON line: its column, without serde's "line 1".
fn json_error_on_line(error: &serde_json::Error) -> String {
    let message = error.to_string();
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(m, _)| m);
    format!("{message} at column {}", error.column())
}

fn error_response(
    status: StatusCode,
    message: impl Into<String>,
    problems: Vec<Problem>,
) -> Response {
    let mut body = json!({ "error": message.into() });
    if !problems.is_empty() {
        let shown: Vec<&Problem> = problems.iter().take(100).collect();
        body["problems"] = json!(shown);
        body["problem_count"] = json!(problems.len());
    }
    (status, Json(body)).into_response()
}

fn authorised(state: &AppState, headers: &HeaderMap) -> bool {
    let Some(expected) = &state.token else {
        return true;
    };
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .is_some_and(|given| constant_time_eq(given.trim().as_bytes(), expected.as_bytes()))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[tracing::instrument(skip_all, fields(items))]
async fn post_items(
    State(state): State<AppState>,
    headers: HeaderMap,
    request: Request,
) -> Response {
    let response = handle_post(&state, &headers, request).await;
    state
        .metrics
        .ingest_requests
        .with_label_values(&[response.status().as_str()])
        .inc();
    response
}

async fn handle_post(state: &AppState, headers: &HeaderMap, request: Request) -> Response {
    if !authorised(state, headers) {
        let mut response = error_response(
            StatusCode::UNAUTHORIZED,
            "missing or wrong bearer token: send `Authorization: Bearer <token>`",
            vec![],
        );
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            "Bearer".parse().expect("valid header"),
        );
        return response;
    }
    let body: Bytes = match axum::body::to_bytes(request.into_body(), state.max_body_bytes).await {
        Ok(body) => body,
        Err(_) => {
            return error_response(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!(
                    "request body larger than {} bytes: split it into smaller requests",
                    state.max_body_bytes
                ),
                vec![],
            )
        }
    };
    let Ok(text) = std::str::from_utf8(&body) else {
        return error_response(StatusCode::BAD_REQUEST, "request body is not UTF-8", vec![]);
    };
    let items = match parse_body(text) {
        Ok(items) => items,
        Err(problems) => {
            let message = format!(
                "{} invalid item(s); nothing was accepted, fix them and resend",
                problems.len()
            );
            return error_response(StatusCode::BAD_REQUEST, message, problems);
        }
    };
    if items.len() > state.max_items {
        return error_response(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "{} items in one request, at most {} are accepted",
                items.len(),
                state.max_items
            ),
            vec![],
        );
    }
    tracing::Span::current().record("items", items.len());
    match publish(&state.producer, &state.topic, &items).await {
        Ok(()) => {
            state
                .metrics
                .items_ingested
                .with_label_values(&["http"])
                .inc_by(items.len() as u64);
            let ids: Vec<&str> = items.iter().map(|i| i.id.as_str()).collect();
            (
                StatusCode::ACCEPTED,
                Json(json!({ "accepted": ids.len(), "ids": ids })),
            )
                .into_response()
        }
        Err(error) => {
            tracing::warn!(%error, "broker unavailable, answering 503");
            let mut response = error_response(
                StatusCode::SERVICE_UNAVAILABLE,
                format!("the broker did not acknowledge the items ({error}); nothing is guaranteed accepted, retry the whole request"),
                vec![],
            );
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, "5".parse().expect("valid header"));
            response
        }
    }
}

/// Publishes items keyed by author and waits for every acknowledgement.
pub async fn publish(
    producer: &FutureProducer,
    topic: &str,
    items: &[Item],
) -> Result<(), rdkafka::error::KafkaError> {
    let now = crate::now_ms();
    let records = items
        .iter()
        .map(|item| {
            (
                item.author.clone().into_bytes(),
                kafka::item_to_event(item, now).encode_to_vec(),
            )
        })
        .collect();
    kafka::send_all(producer, topic, records).await
}

/// The HTTP routes: `POST /v1/items`, `GET /metrics`, `GET /healthz`.
fn router(state: AppState) -> Router {
    Router::new()
        .route(
            "/v1/items",
            post(post_items).fallback(|method: axum::http::Method| async move {
                let mut response = error_response(
                    StatusCode::METHOD_NOT_ALLOWED,
                    format!("{method} is not allowed on /v1/items: POST items to it"),
                    Vec::new(),
                );
                response
                    .headers_mut()
                    .insert(header::ALLOW, header::HeaderValue::from_static("POST"));
                response
            }),
        )
        .merge(crate::metrics::routes(&state.metrics))
        .fallback(|uri: axum::http::Uri| async move {
            error_response(
                StatusCode::NOT_FOUND,
                format!("no endpoint at {}: POST items to /v1/items", uri.path()),
                Vec::new(),
            )
        })
        // The body limit is enforced in the handler, with a message saying what to do.
        .layer(DefaultBodyLimit::disable())
        .with_state(state)
}

/// Runs the ingest service until `shutdown` is cancelled. `ready` receives the bound address.
pub async fn run(
    config: IngestConfig,
    shutdown: CancellationToken,
    ready: Option<tokio::sync::oneshot::Sender<SocketAddr>>,
) -> anyhow::Result<()> {
    kafka::ensure_topics(&config.kafka).await?;
    let producer = kafka::producer(
        &config.kafka,
        Duration::from_millis(config.produce_timeout_ms),
    )?;
    let state = AppState {
        producer: producer.clone(),
        topic: config.kafka.items_topic.clone().into(),
        token: config
            .token
            .clone()
            .filter(|t| !t.is_empty())
            .map(Into::into),
        max_body_bytes: config.max_body_bytes,
        max_items: config.max_items,
        metrics: Metrics::for_service(crate::metrics::Service::Ingest),
    };
    let listener = tokio::net::TcpListener::bind(&config.listen)
        .await
        .map_err(|e| {
            anyhow::anyhow!(
                "cannot listen on {}: {e} (set CREDSCORE_INGEST_LISTEN)",
                config.listen
            )
        })?;
    let address = listener.local_addr()?;
    tracing::info!(%address, topic = %config.kafka.items_topic, auth = state.token.is_some(), "ingest listening");
    if let Some(ready) = ready {
        let _ = ready.send(address);
    }
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown.cancelled_owned())
        .await?;
    use rdkafka::producer::Producer;
    let _ = producer.flush(Duration::from_secs(10));
    Ok(())
}

/// Outcome of `credscore ingest FILE`.
#[derive(Debug, Default)]
pub struct FileSummary {
    pub published: usize,
    pub bad_lines: usize,
}

/// Publishes an NDJSON file (or stdin) straight to the items topic; bad lines are reported on
/// stderr with their line numbers and skipped.
pub async fn ingest_reader(
    reader: impl std::io::BufRead,
    source: &str,
    kafka_config: &KafkaConfig,
) -> anyhow::Result<FileSummary> {
    kafka::ensure_topics(kafka_config).await?;
    let producer = kafka::producer(kafka_config, Duration::from_secs(30))?;
    let mut summary = FileSummary::default();
    let mut batch = Vec::with_capacity(5000);
    for (number, line) in reader.lines().enumerate() {
        let line =
            line.map_err(|e| anyhow::anyhow!("{source}:{}: cannot read: {e}", number + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        match parse_body(&line) {
            Ok(items) => batch.extend(items),
            Err(problems) => {
                summary.bad_lines += 1;
                for p in problems {
                    match p.index {
                        Some(index) => {
                            eprintln!("{source}:{}: item {index}: {}", number + 1, p.error)
                        }
                        None => eprintln!("{source}:{}: {}", number + 1, p.error),
                    }
                }
            }
        }
        if batch.len() >= 5000 {
            publish(&producer, &kafka_config.items_topic, &batch).await?;
            summary.published += batch.len();
            batch.clear();
        }
    }
    publish(&producer, &kafka_config.items_topic, &batch).await?;
    summary.published += batch.len();
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_object_array_and_ndjson() {
        let one = r#"{"id":"1","author":"a","text":"hi"}"#;
        assert_eq!(parse_body(one).unwrap().len(), 1);
        let array = r#"[{"id":"1","author":"a","text":"hi"},{"id":"2","author":"b","text":"yo"}]"#;
        assert_eq!(parse_body(array).unwrap().len(), 2);
        let ndjson = "{\"id\":\"1\",\"author\":\"a\",\"text\":\"hi\"}\n\n{\"id\":\"2\",\"author\":\"b\",\"text\":\"yo\"}\n";
        assert_eq!(parse_body(ndjson).unwrap().len(), 2);
    }

    #[test]
    fn skips_a_byte_order_mark() {
        let ndjson = "\u{feff}{\"id\":\"1\",\"author\":\"a\",\"text\":\"hi\"}\n{\"id\":\"2\",\"author\":\"b\",\"text\":\"yo\"}\n";
        assert_eq!(parse_body(ndjson).unwrap().len(), 2);
    }

    #[test]
    fn refuses_an_id_twice_in_one_request() {
        let ndjson = "{\"id\":\"1\",\"author\":\"a\",\"text\":\"hi\"}\n{\"id\":\"2\",\"author\":\"a\",\"text\":\"yo\"}\n{\"id\":\"1\",\"author\":\"a\",\"text\":\"again\"}\n";
        let problems = parse_body(ndjson).unwrap_err();
        assert_eq!((problems[0].line, problems[0].field), (Some(3), Some("id")));
        assert!(
            problems[0].error.contains("repeats the item at line 1"),
            "{}",
            problems[0].error
        );
        let array = r#"[{"id":"1","author":"a","text":"hi"},{"id":"1","author":"a","text":"yo"}]"#;
        let problems = parse_body(array).unwrap_err();
        assert_eq!(problems[0].index, Some(1));
        assert!(problems[0].error.contains("repeats the item at index 0"));
    }

    #[test]
    fn a_bad_line_names_its_column_not_line_one() {
        let ndjson = "{\"id\":\"1\",\"author\":\"a\",\"text\":\"hi\"}\n{\"id\": nope}\n";
        let problems = parse_body(ndjson).unwrap_err();
        assert_eq!(problems[0].line, Some(2));
        assert!(
            problems[0].error.ends_with("at column 9"),
            "{}",
            problems[0].error
        );
        assert!(
            !problems[0].error.contains("line 1"),
            "{}",
            problems[0].error
        );
    }

    #[test]
    fn names_line_index_and_field() {
        let ndjson = "{\"id\":\"1\",\"author\":\"a\",\"text\":\"hi\"}\n{\"id\":\"2\",\"author\":\"b\"}\nnot json\n";
        let problems = parse_body(ndjson).unwrap_err();
        assert_eq!(problems.len(), 2);
        assert_eq!(
            (problems[0].line, problems[0].field),
            (Some(2), Some("text"))
        );
        assert_eq!(problems[1].line, Some(3));
        let array = r#"[{"id":"1","author":"a","text":"hi"},{"id":"2","text":"yo"}]"#;
        let problems = parse_body(array).unwrap_err();
        assert_eq!(
            (problems[0].index, problems[0].field),
            (Some(1), Some("author"))
        );
        let bad_time = r#"{"id":"1","author":"a","text":"hi","created_at":"yesterday"}"#;
        assert_eq!(
            parse_body(bad_time).unwrap_err()[0].field,
            Some("created_at")
        );
    }

    #[test]
    fn compares_tokens_exactly() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
