//! What the JSON API and the dashboard share: the state of a request, errors that become
//! 4xx/5xx answers naming the problem, and the parsing of query parameters and path ids.

use axum::extract::rejection::PathRejection;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;
use std::sync::Arc;

use sqlx::postgres::PgPool;

use crate::metrics::ApiMetrics;
use crate::store::read::{Cursor, Order, PractitionerQuery};
use crate::store::DbError;

/// Largest page of `GET /v1/practitioners`.
pub const MAX_LIMIT: i64 = 500;

/// Items listed on a practitioner's page.
pub const RECENT_ITEMS: i64 = 20;

/// What every handler gets.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub pool: PgPool,
    /// The service's metrics.
    pub metrics: ApiMetrics,
    /// The half-life the scorer aggregates with (shown on pages, used by model diffs).
    pub half_life_days: f64,
    /// The token every request but `/healthz` and `/metrics` must present, if any.
    pub token: Option<Arc<str>>,
    /// The token erasure requires; erasure over HTTP is off without it.
    pub admin_token: Option<Arc<str>>,
    /// The token labels require; labels over HTTP are off without it.
    pub reviewer_token: Option<Arc<str>>,
}

/// What went wrong with a request.
#[derive(Debug)]
pub enum ApiError {
    /// 400: the request is wrong; the message says what to fix.
    BadRequest(String),
    /// 404: no such thing; the message says where to look.
    NotFound(String),
    /// 401: the request lacks the token it needs; the message says which.
    Unauthorized(String),
    /// 403: the operation is switched off here; the message says how to switch it on.
    Forbidden(String),
    /// 503 or 500: the database failed.
    Db(DbError),
}

impl From<DbError> for ApiError {
    fn from(error: DbError) -> Self {
        ApiError::Db(error)
    }
}

impl ApiError {
    /// The HTTP status of the answer.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::Db(DbError::Sql(sqlx::Error::PoolTimedOut | sqlx::Error::Io(_))) => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            ApiError::Db(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The message of the answer (database details go to the log only).
    pub fn message(&self) -> String {
        match self {
            ApiError::BadRequest(m)
            | ApiError::NotFound(m)
            | ApiError::Unauthorized(m)
            | ApiError::Forbidden(m) => m.clone(),
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
pub fn check_names(params: &Params, known: &[&str], strict: bool) -> Result<(), ApiError> {
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
pub fn param<'a>(params: &'a Params, name: &str) -> Option<&'a str> {
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

/// Refuses any query parameter (strict) or ignores them (pages).
pub fn no_params(params: &Params, strict: bool) -> Result<(), ApiError> {
    check_names(params, &[], strict)
}

/// An id from the path; a path that is not valid percent-encoded UTF-8 gets a 400 like any
/// other bad input.
pub fn path_id(path: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    path.map(|Path(id)| id).map_err(|rejection| {
        ApiError::BadRequest(format!(
            "the id in the path cannot be read: {} (ids are percent-encoded UTF-8)",
            rejection.body_text()
        ))
    })
}

/// The 404 of a practitioner id nobody scored.
pub fn unknown_practitioner(id: &str) -> ApiError {
    ApiError::NotFound(format!(
        "no scored practitioner with id {id:?} (ids are case-sensitive; GET /v1/practitioners lists them)"
    ))
}

/// The 404 of an unknown item id.
pub fn unknown_item(id: &str) -> ApiError {
    ApiError::NotFound(format!("no item with id {id:?}"))
}

/// Who the request says asks (`X-Requested-By`), or `default` when it does not say.
pub fn requested_by<'a>(headers: &'a axum::http::HeaderMap, default: &'a str) -> &'a str {
    headers
        .get("x-requested-by")
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.trim().is_empty())
        .unwrap_or(default)
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
