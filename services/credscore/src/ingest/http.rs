//! The ingest service: `POST /v1/items` (one JSON item, a JSON array, or NDJSON), validated
//! with precise errors, published to the items topic keyed by author. A request is answered
//! 202 only after the broker has acknowledged every item in it, so an accepted item is never
//! missing from Kafka; when the broker cannot be reached the answer is 503 with Retry-After.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use rdkafka::producer::FutureProducer;
use serde_json::json;
use tokio_util::sync::CancellationToken;

use crate::config::IngestConfig;
use crate::ingest::body::{parse_body, Problem};
use crate::ingest::publish::publish;
use crate::kafka;
use crate::metrics::IngestMetrics;

#[derive(Clone)]
struct AppState {
    producer: FutureProducer,
    topic: Arc<str>,
    token: Option<Arc<str>>,
    max_body_bytes: usize,
    max_items: usize,
    metrics: IngestMetrics,
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
    match &state.token {
        Some(expected) => crate::auth::bearer(headers, expected),
        None => true,
    }
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
    match publish(&state.producer, &state.topic, items.iter().map(|r| &r.item)).await {
        Ok(()) => {
            state
                .metrics
                .items_ingested
                .with_label_values(&["http"])
                .inc_by(items.len() as u64);
            let ids: Vec<&str> = items.iter().map(|r| r.item.id.as_str()).collect();
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
        .merge(crate::metrics::routes(&state.metrics.registry))
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
        metrics: IngestMetrics::new(),
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
