//! What reviewers say (reviewer token): `POST /v1/items/{id}/labels` confirms or corrects a
//! cue of a stored item; `POST` and `DELETE /v1/practitioners/{id}/disputes` mark a
//! practitioner's score as disputed, with a note, and close the dispute.

use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::Value;

use crate::store::labels::{add_label, close_dispute, open_dispute, NewLabel, Opened, TARGETS};
use crate::web::state::{path_id, ApiError, AppState};

/// Longest reviewer name and note accepted, in characters.
const MAX_REVIEWER: usize = 200;
const MAX_NOTE: usize = 2_000;

/// Reads a label from a request body, or says what to fix.
pub fn parse_label(body: &Value) -> Result<NewLabel, String> {
    let Some(fields) = body.as_object() else {
        return Err(
            "the body must be a JSON object: {\"target\", \"value\", \"reviewer\", \"note\"?}"
                .into(),
        );
    };
    if let Some(unknown) = fields
        .keys()
        .find(|k| !["target", "value", "reviewer", "note"].contains(&k.as_str()))
    {
        return Err(format!(
            "unknown field `{unknown}`; a label has `target`, `value`, `reviewer` and an optional `note`"
        ));
    }
    let target = match fields.get("target") {
        Some(Value::String(t)) if TARGETS.contains(&t.as_str()) => t.clone(),
        Some(other) => {
            return Err(format!(
                "`target` must be one of {}; got {other}",
                TARGETS.join(", ")
            ))
        }
        None => {
            return Err(format!(
                "`target` is missing: one of {}",
                TARGETS.join(", ")
            ))
        }
    };
    let value = match fields.get("value") {
        Some(v) if v.as_i64() == Some(0) => 0,
        Some(v) if v.as_i64() == Some(1) => 1,
        Some(other) => {
            return Err(format!(
                "`value` must be 0 (the item does not show `{target}`) or 1 (it does); got {other}"
            ))
        }
        None => return Err("`value` is missing: 0 or 1".into()),
    };
    let reviewer = match fields.get("reviewer") {
        Some(Value::String(r)) if !r.trim().is_empty() && r.chars().count() <= MAX_REVIEWER => {
            r.trim().to_string()
        }
        Some(other) => {
            return Err(format!(
                "`reviewer` must be a name of 1 to {MAX_REVIEWER} characters; got {other}"
            ))
        }
        None => return Err("`reviewer` is missing: who gives the label".into()),
    };
    let note = match fields.get("note") {
        None | Some(Value::Null) => None,
        Some(Value::String(n)) if n.chars().count() <= MAX_NOTE => {
            Some(n.trim().to_string()).filter(|n| !n.is_empty())
        }
        Some(_) => {
            return Err(format!(
                "`note` must be text of at most {MAX_NOTE} characters"
            ))
        }
    };
    Ok(NewLabel {
        target,
        value,
        reviewer,
        note,
    })
}

/// Refuses a request without the reviewer token (403 when reviewing is off).
fn require_reviewer(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(reviewer_token) = &state.reviewer_token else {
        return Err(ApiError::Forbidden(
            "reviewing is off: set CREDSCORE_REVIEWER_TOKEN on credscore-api".to_string(),
        ));
    };
    if !crate::auth::presents(headers, reviewer_token) {
        return Err(ApiError::Unauthorized(
            "reviewing needs the reviewer token: send `Authorization: Bearer <CREDSCORE_REVIEWER_TOKEN>`"
                .to_string(),
        ));
    }
    Ok(())
}

/// The JSON body, or a 400 that says it must be JSON.
fn json_body(body: Result<Json<Value>, JsonRejection>) -> Result<Value, ApiError> {
    body.map(|Json(value)| value).map_err(|e| {
        ApiError::BadRequest(format!(
            "the body must be JSON (Content-Type: application/json): {}",
            e.body_text()
        ))
    })
}

/// Reads a dispute (`{"reviewer", "note"}`), or says what to fix.
pub fn parse_dispute(body: &Value) -> Result<(String, String), String> {
    let Some(fields) = body.as_object() else {
        return Err("the body must be a JSON object: {\"reviewer\", \"note\"}".into());
    };
    if let Some(unknown) = fields
        .keys()
        .find(|k| !["reviewer", "note"].contains(&k.as_str()))
    {
        return Err(format!(
            "unknown field `{unknown}`; a dispute has `reviewer` and `note`"
        ));
    }
    let text = |name: &str, max: usize| match fields.get(name) {
        Some(Value::String(v)) if !v.trim().is_empty() && v.chars().count() <= max => {
            Ok(v.trim().to_string())
        }
        Some(other) => Err(format!(
            "`{name}` must be text of 1 to {max} characters; got {other}"
        )),
        None => Err(format!("`{name}` is missing")),
    };
    Ok((text("reviewer", MAX_REVIEWER)?, text("note", MAX_NOTE)?))
}

/// Marks a practitioner's score as disputed: 201 with the dispute; 400 for an unknown
/// practitioner or when one is open already.
pub async fn post_dispute(
    State(state): State<AppState>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Response, ApiError> {
    let id = path_id(path)?;
    require_reviewer(&state, &headers)?;
    let (reviewer, note) = parse_dispute(&json_body(body)?).map_err(ApiError::BadRequest)?;
    match open_dispute(&state.pool, &id, &note, &reviewer).await? {
        Opened::Opened => Ok((
            StatusCode::CREATED,
            Json(serde_json::json!({"practitioner": id, "disputed": {"note": note, "by": reviewer}})),
        )
            .into_response()),
        Opened::UnknownPractitioner => Err(ApiError::BadRequest(format!(
            "no stored practitioner {id:?} (ids are case-sensitive)"
        ))),
        Opened::AlreadyOpen(by, at) => Err(ApiError::BadRequest(format!(
            "{id:?} is disputed already (by {by}, {}); close it with DELETE /v1/practitioners/{{id}}/disputes first",
            at.format("%Y-%m-%d %H:%M UTC")
        ))),
    }
}

/// Closes a practitioner's open dispute (`X-Requested-By` names who; default "reviewer
/// token"): 200, or 404 when none is open.
pub async fn delete_dispute(
    State(state): State<AppState>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let id = path_id(path)?;
    require_reviewer(&state, &headers)?;
    let by = crate::web::state::requested_by(&headers, "reviewer token");
    if close_dispute(&state.pool, &id, by).await? {
        Ok(Json(serde_json::json!({"practitioner": id, "closed_by": by})).into_response())
    } else {
        Err(ApiError::NotFound(format!("{id:?} has no open dispute")))
    }
}

/// Stores a reviewer's label (reviewer token required): 201 with the label and the one it
/// replaced.
pub async fn post_label(
    State(state): State<AppState>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Response, ApiError> {
    let id = path_id(path)?;
    require_reviewer(&state, &headers)?;
    let new = parse_label(&json_body(body)?).map_err(ApiError::BadRequest)?;
    match add_label(&state.pool, &id, &new).await? {
        Some(label) => {
            tracing::info!(item = %id, target = %label.target, value = label.value, reviewer = %label.reviewer, "label stored");
            Ok((StatusCode::CREATED, Json(label)).into_response())
        }
        None => Err(ApiError::BadRequest(format!(
            "no stored item {id:?} (ids are case-sensitive): only stored items can be labeled"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_label_is_read_and_its_problems_named() {
        let label = parse_label(
            &json!({"target": "credible", "value": 1, "reviewer": " ana ", "note": "sourced"}),
        )
        .unwrap();
        assert_eq!(
            (
                label.target.as_str(),
                label.value,
                label.reviewer.as_str(),
                label.note.as_deref()
            ),
            ("credible", 1, "ana", Some("sourced"))
        );
        let problems = [
            (
                json!({"target": "spam", "value": 1, "reviewer": "a"}),
                "`target` must be one of",
            ),
            (
                json!({"target": "credible", "value": 2, "reviewer": "a"}),
                "`value` must be 0",
            ),
            (
                json!({"target": "credible", "value": "1", "reviewer": "a"}),
                "`value` must be 0",
            ),
            (
                json!({"target": "credible", "value": 1}),
                "`reviewer` is missing",
            ),
            (
                json!({"target": "credible", "value": 1, "reviewer": " "}),
                "`reviewer` must be",
            ),
            (
                json!({"target": "credible", "value": 1, "reviewer": "a", "score": 3}),
                "unknown field `score`",
            ),
            (json!([1]), "must be a JSON object"),
        ];
        for (body, expected) in problems {
            let error = parse_label(&body).unwrap_err();
            assert!(error.contains(expected), "{body}: {error}");
        }
    }
}
