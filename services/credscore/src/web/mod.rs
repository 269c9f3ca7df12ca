//! The read API and dashboard service: JSON under `/v1/` (`api`) and server-rendered pages
//! under `/` (`dashboard`, drawing with `charts`), over the same queries (`store::read`) and
//! the same state and errors (`state`).

pub mod api;
pub mod charts;
pub mod dashboard;
pub mod highlight;
pub mod labels;
pub mod state;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use tokio_util::sync::CancellationToken;

use crate::config::ApiConfig;
use crate::metrics::ApiMetrics;
use crate::web::state::{ApiError, AppState};

/// Counts every request by route and status.
async fn count_requests(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "unmatched".to_string());
    let response = next.run(request).await;
    state
        .metrics
        .api_requests
        .with_label_values(&[route.as_str(), response.status().as_str()])
        .inc();
    response
}

/// Requires the API token (or the admin or reviewer token) on every route but `/healthz` and `/metrics`
/// when one is configured: 401 otherwise, with the challenge a browser answers with a login
/// prompt on pages, and a bearer challenge on the JSON API.
async fn require_token(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Some(expected) = &state.token else {
        return next.run(request).await;
    };
    let path = request.uri().path();
    let open = matches!(path, "/healthz" | "/metrics");
    let headers = request.headers();
    let admin = [&state.admin_token, &state.reviewer_token]
        .into_iter()
        .flatten()
        .any(|other| crate::auth::presents(headers, other));
    if open || admin || crate::auth::presents(headers, expected) {
        return next.run(request).await;
    }
    let json = path.starts_with("/v1") || path == "/openapi.json";
    let challenge = if json {
        "Bearer realm=\"credscore\""
    } else {
        "Basic realm=\"credscore\", charset=\"UTF-8\""
    };
    let mut response = ApiError::Unauthorized(
        "this credscore API needs its token: send `Authorization: Bearer <CREDSCORE_API_TOKEN>` (a browser asks for it as a password)".to_string(),
    )
    .into_response();
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        header::HeaderValue::from_static(challenge),
    );
    response
}

/// Every route of the service.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(api::routes())
        .merge(dashboard::routes())
        .merge(crate::metrics::routes(&state.metrics.registry))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            require_token,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            count_requests,
        ))
        .with_state(state)
}

/// An empty token is no token.
fn token(value: &Option<String>) -> Option<Arc<str>> {
    value.as_deref().filter(|t| !t.is_empty()).map(Into::into)
}

/// Runs the read API and dashboard until `shutdown` is cancelled. `ready` receives the bound
/// address.
pub async fn run(
    config: ApiConfig,
    shutdown: CancellationToken,
    ready: Option<tokio::sync::oneshot::Sender<SocketAddr>>,
) -> anyhow::Result<()> {
    let pool = crate::store::connect_and_migrate(&config.database).await?;
    let state = AppState {
        pool,
        metrics: ApiMetrics::new(),
        half_life_days: config.half_life_days,
        token: token(&config.token),
        admin_token: token(&config.admin_token),
        reviewer_token: token(&config.reviewer_token),
    };
    let listener = tokio::net::TcpListener::bind(&config.listen)
        .await
        .map_err(|e| {
            anyhow::anyhow!(
                "cannot listen on {}: {e} (set CREDSCORE_API_LISTEN)",
                config.listen
            )
        })?;
    let address = listener.local_addr()?;
    tracing::info!(%address, auth = state.token.is_some(), erasure = state.admin_token.is_some(), "read API and dashboard listening");
    if let Some(ready) = ready {
        let _ = ready.send(address);
    }
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown.cancelled_owned())
        .await?;
    Ok(())
}
