//! The read API and dashboard service: JSON under `/v1/` (documented in
//! `services/credscore/openapi.json`, served at `/openapi.json`) and server-rendered pages
//! under `/`. Unknown ids get 404 and bad query parameters 400, both naming the problem.

use std::net::SocketAddr;

use axum::extract::rejection::PathRejection;
use axum::extract::{MatchedPath, OriginalUri, Path, Query, Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;
use sqlx::postgres::PgPool;
use tokio_util::sync::CancellationToken;

use crate::config::ApiConfig;
use crate::dashboard;
use crate::db::{self, DbError};
use crate::metrics::Metrics;
use crate::read::{self, Cursor, Order, PractitionerQuery};

/// The OpenAPI description of the JSON endpoints.
pub const OPENAPI: &str = include_str!("../openapi.json");

/// Largest page of `GET /v1/practitioners`.
pub const MAX_LIMIT: i64 = 500;

/// Items listed on a practitioner's page.
pub const RECENT_ITEMS: i64 = 20;

#[derive(Clone)]
pub(crate) struct AppState {
    pub pool: PgPool,
    pub metrics: Metrics,
    pub half_life_days: f64,
}

/// What went wrong with a request.
#[derive(Debug)]
pub enum ApiError {
    BadRequest(String),
    NotFound(String),
    Db(DbError),
}

impl From<DbError> for ApiError {
    fn from(error: DbError) -> Self {
        ApiError::Db(error)
    }
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Db(DbError::Sql(sqlx::Error::PoolTimedOut | sqlx::Error::Io(_))) => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            ApiError::Db(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn message(&self) -> String {
        match self {
            ApiError::BadRequest(m) | ApiError::NotFound(m) => m.clone(),
            ApiError::Db(error) => {
                tracing::error!(%error, "read query failed");
                if self.status() == StatusCode::SERVICE_UNAVAILABLE {
                    "the database is unavailable; try again shortly".to_string()
                } else {
                    "internal error reading the database (see the service log)".to_string()
                }
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        (status, Json(json!({ "error": self.message() }))).into_response()
    }
}

/// Query parameters in the order given, so duplicates and unknown names can be reported.
pub type Params = Vec<(String, String)>;

/// Checks that every parameter is one of `known` and given at most once. Pages of the
/// dashboard pass `strict = false`: a link shared with tracking parameters still opens.
fn check_names(params: &Params, known: &[&str], strict: bool) -> Result<(), ApiError> {
    for (index, (name, _)) in params.iter().enumerate() {
        if !known.contains(&name.as_str()) {
            if !strict {
                continue;
            }
            return Err(ApiError::BadRequest(if known.is_empty() {
                format!("unknown query parameter `{name}`; this endpoint takes no query parameters")
            } else {
                format!(
                    "unknown query parameter `{name}`; this endpoint takes {}",
                    known.join(", ")
                )
            }));
        }
        if params[..index].iter().any(|(n, _)| n == name) {
            return Err(ApiError::BadRequest(format!(
                "query parameter `{name}` is given more than once"
            )));
        }
    }
    Ok(())
}

/// The value of `name`, treating an empty value (as HTML forms send) as absent.
fn param<'a>(params: &'a Params, name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
}

/// Parses the parameters of the practitioner ranking (API and dashboard alike).
pub fn practitioner_query(params: &Params, strict: bool) -> Result<PractitionerQuery, ApiError> {
    check_names(
        params,
        &["lang", "min_items", "limit", "order", "cursor"],
        strict,
    )?;
    let bad = |m: String| ApiError::BadRequest(m);
    let mut query = PractitionerQuery::default();
    if let Some(lang) = param(params, "lang") {
        if !matches!(lang, "fr" | "en") {
            return Err(bad(format!("`lang` must be fr or en, got {lang:?}")));
        }
        query.lang = Some(lang.to_string());
    }
    if let Some(raw) = param(params, "min_items") {
        query.min_items = raw.parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(|| {
            bad(format!(
                "`min_items` must be a whole number of items, 0 or more; got {raw:?}"
            ))
        })?;
    }
    if let Some(raw) = param(params, "limit") {
        query.limit = raw
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=MAX_LIMIT).contains(n))
            .ok_or_else(|| {
                bad(format!(
                    "`limit` must be a whole number from 1 to {MAX_LIMIT}; got {raw:?}"
                ))
            })?;
    }
    if let Some(raw) = param(params, "order") {
        query.order = match raw {
            "desc" => Order::Desc,
            "asc" => Order::Asc,
            _ => {
                return Err(bad(format!(
                    "`order` must be desc (most credible first) or asc; got {raw:?}"
                )))
            }
        };
    }
    if let Some(raw) = param(params, "cursor") {
        let cursor = Cursor::decode(raw).ok_or_else(|| {
            bad("`cursor` is not a cursor returned by this API (use the next_cursor of the previous page)".to_string())
        })?;
        if cursor.order != query.order {
            return Err(bad(
                "`cursor` belongs to a page in the other `order`; start again without a cursor"
                    .to_string(),
            ));
        }
        query.after = Some(cursor);
    }
    Ok(query)
}

pub(crate) fn no_params(params: &Params, strict: bool) -> Result<(), ApiError> {
    check_names(params, &[], strict)
}

/// An id from the path; a path that is not valid percent-encoded UTF-8 gets a 400 like any
/// other bad input.
pub(crate) fn path_id(path: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    path.map(|Path(id)| id).map_err(|rejection| {
        ApiError::BadRequest(format!(
            "the id in the path cannot be read: {} (ids are percent-encoded UTF-8)",
            rejection.body_text()
        ))
    })
}

pub(crate) fn unknown_practitioner(id: &str) -> ApiError {
    ApiError::NotFound(format!(
        "no scored practitioner with id {id:?} (ids are case-sensitive; GET /v1/practitioners lists them)"
    ))
}

pub(crate) fn unknown_item(id: &str) -> ApiError {
    ApiError::NotFound(format!("no item with id {id:?}"))
}

async fn list_practitioners(
    State(state): State<AppState>,
    Query(params): Query<Params>,
) -> Result<Response, ApiError> {
    let query = practitioner_query(&params, true)?;
    let page = read::practitioners(&state.pool, &query).await?;
    Ok(Json(page).into_response())
}

async fn get_practitioner(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    Query(params): Query<Params>,
) -> Result<Response, ApiError> {
    let id = path_id(path)?;
    no_params(&params, true)?;
    let detail = read::practitioner_detail(&state.pool, &id, RECENT_ITEMS)
        .await?
        .ok_or_else(|| unknown_practitioner(&id))?;
    Ok(Json(detail).into_response())
}

async fn get_item(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    Query(params): Query<Params>,
) -> Result<Response, ApiError> {
    let id = path_id(path)?;
    no_params(&params, true)?;
    let detail = read::item_detail(&state.pool, &id)
        .await?
        .ok_or_else(|| unknown_item(&id))?;
    Ok(Json(detail).into_response())
}

async fn list_models(
    State(state): State<AppState>,
    Query(params): Query<Params>,
) -> Result<Response, ApiError> {
    no_params(&params, true)?;
    Ok(Json(json!({ "models": read::models(&state.pool).await? })).into_response())
}

async fn model_diff(
    State(state): State<AppState>,
    Query(params): Query<Params>,
) -> Result<Response, ApiError> {
    check_names(&params, &["old", "new", "top"], true)?;
    let required = |name: &str| {
        param(&params, name).map(str::to_string).ok_or_else(|| {
            ApiError::BadRequest(format!(
                "`{name}` is required: a model version from GET /v1/models"
            ))
        })
    };
    let (old, new) = (required("old")?, required("new")?);
    let top = match param(&params, "top") {
        None => 10,
        Some(raw) => raw
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=100).contains(n))
            .ok_or_else(|| {
                ApiError::BadRequest(format!(
                    "`top` must be a whole number from 1 to 100; got {raw:?}"
                ))
            })?,
    };
    match crate::rescore::model_diff(&state.pool, &old, &new, state.half_life_days, top).await {
        Ok(diff) => Ok(Json(diff).into_response()),
        Err(error) if error.is::<crate::rescore::SameVersion>() => {
            Err(ApiError::BadRequest(format!("`old` and `new`: {error}")))
        }
        Err(error) => match error.downcast::<DbError>() {
            Ok(DbError::UnknownModel(version)) => Err(ApiError::NotFound(format!(
                "model {version} is not registered (GET /v1/models lists them)"
            ))),
            Ok(other) => Err(ApiError::Db(other)),
            Err(other) => Err(ApiError::Db(DbError::BadModel {
                version: format!("{old} or {new}"),
                message: other.to_string(),
            })),
        },
    }
}

async fn distribution(
    State(state): State<AppState>,
    Query(params): Query<Params>,
) -> Result<Response, ApiError> {
    no_params(&params, true)?;
    Ok(Json(json!({
        "bins": read::DISTRIBUTION_BINS,
        "languages": read::distributions(&state.pool).await?,
    }))
    .into_response())
}

async fn method_not_allowed(method: Method, OriginalUri(uri): OriginalUri) -> Response {
    let error = ApiError::BadRequest(format!(
        "{method} is not allowed on {}; the read API only answers GET",
        uri.path()
    ));
    let mut response = error.into_response();
    *response.status_mut() = StatusCode::METHOD_NOT_ALLOWED;
    response
        .headers_mut()
        .insert(header::ALLOW, header::HeaderValue::from_static("GET"));
    response
}

/// `GET /v1`: what the API offers, so a bare base URL answers something useful.
async fn api_index(Query(params): Query<Params>) -> Result<Response, ApiError> {
    no_params(&params, true)?;
    Ok(Json(json!({
        "service": "credscore read API",
        "openapi": "/openapi.json",
        "endpoints": [
            "/v1/practitioners",
            "/v1/practitioners/{id}",
            "/v1/items/{id}",
            "/v1/models",
            "/v1/models/diff?old=&new=",
            "/v1/distribution",
        ],
        "dashboard": "/",
    }))
    .into_response())
}

async fn not_found_json(method: Method, OriginalUri(uri): OriginalUri) -> ApiError {
    ApiError::NotFound(format!(
        "no endpoint {method} {}; see /openapi.json",
        uri.path()
    ))
}

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
pub(crate) fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/", get(api_index))
        .route("/practitioners", get(list_practitioners))
        .route("/practitioners/{id}", get(get_practitioner))
        .route("/items/{id}", get(get_item))
        .route("/models", get(list_models))
        .route("/models/diff", get(model_diff))
        .route("/distribution", get(distribution))
        .fallback(not_found_json)
        .method_not_allowed_fallback(method_not_allowed);
    Router::new()
        .nest("/v1", api)
        // The nested router answers `/v1`; a trailing slash would reach the dashboard's page.
        .route("/v1/", get(api_index))
        .merge(dashboard::routes())
        .route(
            "/openapi.json",
            get(|| async { ([(header::CONTENT_TYPE, "application/json")], OPENAPI) }),
        )
        .merge(crate::metrics::routes(&state.metrics))
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
    let pool = db::connect(&config.database).await?;
    db::migrate(&pool).await?;
    let state = AppState {
        pool,
        metrics: Metrics::for_service(crate::metrics::Service::Api),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> Params {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn bad_request(pairs: &[(&str, &str)]) -> String {
        match practitioner_query(&params(pairs), true) {
            Err(ApiError::BadRequest(message)) => message,
            other => panic!("expected a bad request for {pairs:?}, got {other:?}"),
        }
    }

    #[test]
    fn defaults_and_valid_values() {
        let q = practitioner_query(&params(&[]), true).unwrap();
        assert_eq!((q.limit, q.min_items, q.order), (50, 0, Order::Desc));
        let q = practitioner_query(
            &params(&[
                ("lang", "fr"),
                ("min_items", "3"),
                ("limit", "500"),
                ("order", "asc"),
            ]),
            true,
        )
        .unwrap();
        assert_eq!(q.lang.as_deref(), Some("fr"));
        assert_eq!((q.limit, q.min_items, q.order), (500, 3, Order::Asc));
        // Empty values, as an HTML form sends them, mean "not given".
        let q = practitioner_query(&params(&[("lang", ""), ("min_items", "")]), true).unwrap();
        assert_eq!((q.lang, q.min_items), (None, 0));
        // Pages ignore parameters they do not know (tracking tags on shared links).
        assert!(practitioner_query(&params(&[("utm_source", "x")]), false).is_ok());
        assert!(no_params(&params(&[("utm_source", "x")]), false).is_ok());
    }

    #[test]
    fn bad_parameters_are_named() {
        assert!(bad_request(&[("lang", "de")]).contains("`lang`"));
        assert!(bad_request(&[("min_items", "-1")]).contains("`min_items`"));
        assert!(bad_request(&[("min_items", "many")]).contains("`min_items`"));
        assert!(bad_request(&[("limit", "0")]).contains("`limit`"));
        assert!(bad_request(&[("limit", "501")]).contains("`limit`"));
        assert!(bad_request(&[("order", "up")]).contains("`order`"));
        assert!(bad_request(&[("cursor", "nope")]).contains("`cursor`"));
        assert!(bad_request(&[("langue", "fr")]).contains("`langue`"));
        assert!(bad_request(&[("limit", "5"), ("limit", "6")]).contains("more than once"));
        let desc = Cursor {
            order: Order::Desc,
            credibility: 0.5,
            id: "a".into(),
        }
        .encode();
        assert!(bad_request(&[("order", "asc"), ("cursor", &desc)]).contains("other `order`"));
        assert!(practitioner_query(&params(&[("cursor", &desc)]), true).is_ok());
        match no_params(&params(&[("x", "1")]), true) {
            Err(ApiError::BadRequest(m)) => assert!(m.ends_with("takes no query parameters")),
            other => panic!("{other:?}"),
        }
    }
}
