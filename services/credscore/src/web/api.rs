//! The JSON read API under `/v1/` (documented in `services/credscore/openapi.json`, served at
//! `/openapi.json`). Unknown ids get 404 and bad query parameters 400, both naming the problem.

use axum::extract::rejection::PathRejection;
use axum::extract::{OriginalUri, Path, Query, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

use crate::compare::{self, SameVersion};
use crate::store::DbError;
use crate::store::{erasure, read};
use crate::web::state::{
    check_names, no_params, param, path_id, practitioner_query, unknown_item, unknown_practitioner,
    ApiError, AppState, Params, RECENT_ITEMS,
};

/// The OpenAPI description of the JSON endpoints.
pub const OPENAPI: &str = include_str!("../../openapi.json");

async fn list_practitioners(
    State(state): State<AppState>,
    Query(params): Query<Params>,
) -> Result<Response, ApiError> {
    let query = practitioner_query(&params, true)?;
    let page = read::practitioners(&state.pool, &query).await?;
    Ok(Json(page).into_response())
}

/// The id of a path that takes no query parameter.
fn id_alone(
    path: Result<Path<String>, PathRejection>,
    params: &Params,
) -> Result<String, ApiError> {
    let id = path_id(path)?;
    no_params(params, true)?;
    Ok(id)
}

async fn get_practitioner(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    Query(params): Query<Params>,
) -> Result<Response, ApiError> {
    let id = id_alone(path, &params)?;
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
    let id = id_alone(path, &params)?;
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
    match compare::model_diff(&state.pool, &old, &new, state.half_life_days, top).await {
        Ok(diff) => Ok(Json(diff).into_response()),
        Err(error) if error.is::<SameVersion>() => {
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

async fn list_feeds(
    State(state): State<AppState>,
    Query(params): Query<Params>,
) -> Result<Response, ApiError> {
    no_params(&params, true)?;
    Ok(Json(json!({
        "feeds": crate::store::feeds::list_feeds(&state.pool, false).await?,
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
            "POST /v1/items/{id}/labels",
            "POST|DELETE /v1/practitioners/{id}/disputes",
            "/v1/models",
            "/v1/models/diff?old=&new=",
            "/v1/distribution",
            "/v1/feeds",
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

/// `DELETE /v1/practitioners/{id}`: erases everything stored about the practitioner (admin
/// token required), with an audit row naming `X-Requested-By` (or "admin token").
async fn delete_practitioner(
    State(state): State<AppState>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let id = path_id(path)?;
    let Some(admin) = &state.admin_token else {
        return Err(ApiError::Forbidden(
            "erasure over HTTP is off: set CREDSCORE_ADMIN_TOKEN on credscore-api, or run `credscore forget --author ID`".to_string(),
        ));
    };
    if !crate::auth::presents(&headers, admin) {
        return Err(ApiError::Unauthorized(
            "erasure needs the admin token: send `Authorization: Bearer <CREDSCORE_ADMIN_TOKEN>`"
                .to_string(),
        ));
    }
    let requested_by = crate::web::state::requested_by(&headers, "admin token");
    let erased = erasure::forget_author(&state.pool, &id, requested_by, "api").await?;
    if !erased.found() {
        return Err(ApiError::NotFound(format!(
            "nothing is stored about {id:?} (ids are case-sensitive); the request is audited anyway"
        )));
    }
    tracing::info!(
        items = erased.items,
        scores = erased.scores,
        "practitioner erased"
    );
    Ok(Json(json!({ "erased": id, "removed": erased })).into_response())
}

/// The JSON routes: `/v1/…` and `/openapi.json`.
pub fn routes() -> Router<AppState> {
    let api = Router::new()
        .route("/", get(api_index))
        .route("/practitioners", get(list_practitioners))
        .route(
            "/practitioners/{id}",
            get(get_practitioner).delete(delete_practitioner),
        )
        .route("/items/{id}", get(get_item))
        .route(
            "/practitioners/{id}/disputes",
            axum::routing::post(crate::web::labels::post_dispute)
                .delete(crate::web::labels::delete_dispute),
        )
        .route(
            "/items/{id}/labels",
            axum::routing::post(crate::web::labels::post_label),
        )
        .route("/models", get(list_models))
        .route("/models/diff", get(model_diff))
        .route("/distribution", get(distribution))
        .route("/feeds", get(list_feeds))
        .fallback(not_found_json)
        .method_not_allowed_fallback(method_not_allowed);
    Router::new()
        .nest("/v1", api)
        // The nested router answers `/v1`; a trailing slash would reach the dashboard's page.
        .route("/v1/", get(api_index))
        .route(
            "/openapi.json",
            get(|| async { ([(header::CONTENT_TYPE, "application/json")], OPENAPI) }),
        )
}
