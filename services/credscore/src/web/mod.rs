//! The read API and dashboard service: JSON under `/v1/` (`api`) and server-rendered pages
//! under `/` (`dashboard`, drawing with `charts`), over the same queries (`store::read`) and
//! the same state and errors (`state`).

pub mod api;
pub mod charts;
pub mod dashboard;
pub mod state;

use std::net::SocketAddr;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;
use tokio_util::sync::CancellationToken;

use crate::config::ApiConfig;
use crate::metrics::ApiMetrics;
use crate::web::state::AppState;

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

/// Every route of the service.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(api::routes())
        .merge(dashboard::routes())
        .merge(crate::metrics::routes(&state.metrics.registry))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            count_requests,
        ))
        .with_state(state)
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
    tracing::info!(%address, "read API and dashboard listening");
    if let Some(ready) = ready {
        let _ = ready.send(address);
    }
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown.cancelled_owned())
        .await?;
    Ok(())
}
