//! The review queue (`/review`) and the dashboard's forms for reviewers: plain HTML forms, no
//! scripts. `POST /review/items/{id}/labels` confirms or corrects a cue of an item and
//! `POST /review/practitioners/{id}/disputes` (`…/close`) opens (closes) a dispute, with the
//! same validation as the JSON API (`web::labels`), then answer 303 back to the page, so the
//! browser shows the result. A form cannot send headers, so the reviewer token comes in its
//! `token` field (an `Authorization` header works too, as on the JSON API).

use axum::extract::rejection::{FormRejection, PathRejection};
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Form;
use serde_json::{Map, Value};

use super::labels::words;
use super::{date, page, practitioner_link, url_encode};
use crate::store::labels::{add_label, close_dispute, open_dispute, Opened, TARGETS};
use crate::store::read::Dispute;
use crate::store::review::{self, QueueItem, BAND, TOP_PRACTITIONERS};
use crate::web::charts::escape;
use crate::web::labels::{parse_dispute, parse_label};
use crate::web::state::{check_names, param, path_id, ApiError, AppState, Params, MAX_LIMIT};

/// Items listed when `limit` is not given.
pub const DEFAULT_LIMIT: i64 = 50;

/// Longest reviewer name accepted (as the JSON API).
const MAX_REVIEWER: usize = 200;

/// How the queue names a target.
fn target_name(target: &str) -> &'static str {
    match target {
        "self_promotion" => "Self-promotion",
        "unverifiable_claims" => "Unverifiable claims",
        "writing_errors" => "Writing errors",
        _ => "Credible",
    }
}

/// A failed form: the status the JSON API would give, a page saying what to fix, and a link
/// back to where the form was.
pub(super) struct FormError {
    error: ApiError,
    back: String,
}

impl FormError {
    fn new(error: ApiError, back: &str) -> FormError {
        FormError {
            error,
            back: back.to_string(),
        }
    }
}

impl IntoResponse for FormError {
    fn into_response(self) -> Response {
        let status = self.error.status();
        let body = format!(
            "<h1>{}</h1><p class=\"error\" id=\"problem\">{}</p>\
             <p><a href=\"{}\">Back</a> (your browser's back button keeps what you typed)</p>",
            status.canonical_reason().unwrap_or("Error"),
            escape(&self.error.message()),
            escape(&self.back),
        );
        (status, page("Review", &body)).into_response()
    }
}

/// Refuses a form without the reviewer token, in its `token` field or in an `Authorization`
/// header (403 when reviewing is off), as the JSON API does.
fn require_reviewer(
    state: &AppState,
    headers: &HeaderMap,
    token: Option<&str>,
) -> Result<(), ApiError> {
    let Some(expected) = &state.reviewer_token else {
        return Err(ApiError::Forbidden(
            "reviewing is off: set CREDSCORE_REVIEWER_TOKEN on credscore-api".to_string(),
        ));
    };
    let in_form = token.is_some_and(|given| {
        crate::auth::constant_time_eq(given.trim().as_bytes(), expected.as_bytes())
    });
    if in_form || crate::auth::presents(headers, expected) {
        return Ok(());
    }
    Err(ApiError::Unauthorized(
        "reviewing needs the reviewer token: type CREDSCORE_REVIEWER_TOKEN in the form's `token` field"
            .to_string(),
    ))
}

/// The fields of a form body. An unreadable body reads as no fields, so that a request
/// without the token gets its 401 first; `problem` says what was wrong with it.
struct Fields {
    fields: Vec<(String, String)>,
    problem: Option<String>,
}

impl Fields {
    fn read(body: Result<Form<Vec<(String, String)>>, FormRejection>) -> Fields {
        match body {
            Ok(Form(fields)) => {
                let duplicate = fields
                    .iter()
                    .enumerate()
                    .find(|(i, (name, _))| fields[..*i].iter().any(|(n, _)| n == name))
                    .map(|(_, (name, _))| format!("field `{name}` is given more than once"));
                Fields {
                    fields,
                    problem: duplicate,
                }
            }
            Err(rejection) => Fields {
                fields: Vec::new(),
                problem: Some(format!(
                    "the body must be a form (Content-Type: application/x-www-form-urlencoded): {}",
                    rejection.body_text()
                )),
            },
        }
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The fields but `token` and `return_to` as a JSON object for the JSON API's parsers:
    /// `value` as a number when it is one, empty optional `note` left out.
    fn json(&self) -> Value {
        let mut object = Map::new();
        for (name, value) in &self.fields {
            let json = match name.as_str() {
                "token" | "return_to" => continue,
                "note" if value.trim().is_empty() => continue,
                "value" => value
                    .trim()
                    .parse::<i64>()
                    .map(Value::from)
                    .unwrap_or_else(|_| Value::String(value.clone())),
                _ => Value::String(value.clone()),
            };
            object.insert(name.clone(), json);
        }
        Value::Object(object)
    }

    /// Checks the token, then that the body was a readable form.
    fn authorize(&self, state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
        require_reviewer(state, headers, self.get("token"))?;
        match &self.problem {
            Some(problem) => Err(ApiError::BadRequest(problem.clone())),
            None => Ok(()),
        }
    }
}

/// Where to send the browser after a form: `return_to` when it is a path on this site,
/// else the queue. Back on the queue, the reviewer's name is kept for the next forms and the
/// page scrolls to the item.
fn after_label(return_to: Option<&str>, reviewer: &str, item: &str) -> String {
    let local = return_to.filter(|r| {
        r.starts_with('/')
            && !r.starts_with("//")
            && !r.starts_with("/\\")
            && r.bytes().all(|b| (0x21..0x7f).contains(&b))
    });
    let target = local.unwrap_or("/review");
    let path = target.split(['?', '#']).next().unwrap_or(target);
    if path != "/review" || target.contains('#') {
        return target.to_string();
    }
    let mut out = target.to_string();
    if !target.contains("reviewer=") {
        out.push(if target.contains('?') { '&' } else { '?' });
        out.push_str("reviewer=");
        out.push_str(&url_encode(reviewer));
    }
    out.push_str("#item-");
    out.push_str(&url_encode(item));
    out
}

/// `POST /review/items/{id}/labels`: stores a label from a form (`target`, `value`,
/// `reviewer`, `note`?, `token`, `return_to`?), then 303 back to the queue.
pub(super) async fn post_label_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
    body: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, FormError> {
    let back = "/review";
    let id = path_id(path).map_err(|e| FormError::new(e, back))?;
    let fields = Fields::read(body);
    fields
        .authorize(&state, &headers)
        .map_err(|e| FormError::new(e, back))?;
    let new =
        parse_label(&fields.json()).map_err(|m| FormError::new(ApiError::BadRequest(m), back))?;
    match add_label(&state.pool, &id, &new)
        .await
        .map_err(|e| FormError::new(e.into(), back))?
    {
        Some(label) => {
            tracing::info!(item = %id, target = %label.target, value = label.value, reviewer = %label.reviewer, "label stored from the review form");
            Ok(
                Redirect::to(&after_label(fields.get("return_to"), &label.reviewer, &id))
                    .into_response(),
            )
        }
        None => Err(FormError::new(
            ApiError::BadRequest(format!(
                "no stored item {id:?} (ids are case-sensitive): only stored items can be labeled"
            )),
            back,
        )),
    }
}

/// `POST /review/practitioners/{id}/disputes`: marks the practitioner's score as disputed
/// (`reviewer`, `note`, `token`), then 303 back to their page.
pub(super) async fn open_dispute_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
    body: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, FormError> {
    let id = path_id(path).map_err(|e| FormError::new(e, "/"))?;
    let back = format!("/practitioners/{}", url_encode(&id));
    let fail = |e: ApiError| FormError::new(e, &back);
    let fields = Fields::read(body);
    fields.authorize(&state, &headers).map_err(fail)?;
    let (reviewer, note) =
        parse_dispute(&fields.json()).map_err(|m| fail(ApiError::BadRequest(m)))?;
    match open_dispute(&state.pool, &id, &note, &reviewer)
        .await
        .map_err(|e| fail(e.into()))?
    {
        Opened::Opened => {
            tracing::info!(practitioner = %id, %reviewer, "dispute opened from the dashboard");
            Ok(Redirect::to(&back).into_response())
        }
        Opened::UnknownPractitioner => Err(fail(ApiError::BadRequest(format!(
            "no stored practitioner {id:?} (ids are case-sensitive)"
        )))),
        Opened::AlreadyOpen(by, at) => Err(fail(ApiError::BadRequest(format!(
            "{id:?} is disputed already (by {by}, {}); close that dispute first",
            at.format("%Y-%m-%d %H:%M UTC")
        )))),
    }
}

/// `POST /review/practitioners/{id}/disputes/close`: closes the practitioner's open dispute
/// (`reviewer`?, `token`), then 303 back to their page; 404 when none is open.
pub(super) async fn close_dispute_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
    body: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, FormError> {
    let id = path_id(path).map_err(|e| FormError::new(e, "/"))?;
    let back = format!("/practitioners/{}", url_encode(&id));
    let fail = |e: ApiError| FormError::new(e, &back);
    let fields = Fields::read(body);
    fields.authorize(&state, &headers).map_err(fail)?;
    if let Some((unknown, _)) = fields
        .fields
        .iter()
        .find(|(n, _)| !["reviewer", "token"].contains(&n.as_str()))
    {
        return Err(fail(ApiError::BadRequest(format!(
            "unknown field `{unknown}`; closing a dispute takes `reviewer` and `token`"
        ))));
    }
    let by = match fields.get("reviewer").map(str::trim) {
        None | Some("") => "reviewer token",
        Some(name) if name.chars().count() <= MAX_REVIEWER => name,
        Some(_) => {
            return Err(fail(ApiError::BadRequest(format!(
                "`reviewer` must be a name of 1 to {MAX_REVIEWER} characters"
            ))))
        }
    };
    if close_dispute(&state.pool, &id, by)
        .await
        .map_err(|e| fail(e.into()))?
    {
        tracing::info!(practitioner = %id, reviewer = %by, "dispute closed from the dashboard");
        Ok(Redirect::to(&back).into_response())
    } else {
        Err(fail(ApiError::NotFound(format!(
            "{id:?} has no open dispute"
        ))))
    }
}

/// The inputs every reviewer form carries: who, the token, and optionally why.
fn reviewer_inputs(reviewer: &str, note: bool) -> String {
    let mut out = format!(
        "<input name=\"reviewer\" placeholder=\"your name\" aria-label=\"reviewer name\" \
         autocomplete=\"username\" required size=\"10\" value=\"{}\">\
         <input type=\"password\" name=\"token\" placeholder=\"reviewer token\" \
         aria-label=\"reviewer token\" autocomplete=\"current-password\" required size=\"10\">",
        escape(reviewer)
    );
    if note {
        out.push_str(
            "<input name=\"note\" placeholder=\"note (optional)\" aria-label=\"note\" size=\"16\">",
        );
    }
    out
}

/// Why an item is in the queue, in words.
fn reasons(item: &QueueItem) -> Vec<String> {
    let mut out = Vec::new();
    for d in &item.disagreements {
        let votes: Vec<String> = d
            .votes
            .iter()
            .map(|(reviewer, value)| {
                format!("{} says {}", escape(reviewer), words(&d.target, *value))
            })
            .collect();
        out.push(format!(
            "<span class=\"reason disagreement\">reviewers disagree on {}: {}</span>",
            target_name(&d.target).to_lowercase(),
            votes.join(", ")
        ));
    }
    if let Some(d) = &item.dispute {
        out.push(format!(
            "<span class=\"reason disputed\">⚑ the author's score is disputed by {}: “{}”</span>",
            escape(&d.by),
            escape(&d.note)
        ));
    }
    if let (Some(scores), false) = (&item.scores, item.near_boundary.is_empty()) {
        let near: Vec<String> = item
            .near_boundary
            .iter()
            .map(|t| format!("{} {:.2}", target_name(t).to_lowercase(), scores.of(t)))
            .collect();
        out.push(format!(
            "<span class=\"reason boundary\">near the decision boundary: {}</span>",
            near.join(", ")
        ));
    }
    if let Some(rank) = item.top_rank {
        out.push(format!(
            "<span class=\"reason top\">the author is ranked #{rank} by credibility</span>"
        ));
    }
    out
}

/// One queued item: why, the text, and per target the model's score, the label in force and
/// a form to confirm or correct it.
fn item_card(item: &QueueItem, reviewer: &str, return_to: &str) -> String {
    let mut out = format!(
        "<div class=\"card queued\" id=\"item-{}\"><p class=\"reasons\">{}</p>\
         <p class=\"muted\"><a href=\"/items/{}\">{}</a> by {} · {} · {}</p>\
         <div class=\"text\">{}</div>\
         <table class=\"cues\"><thead><tr><th>Cue</th><th class=\"num\">Model</th>\
         <th>Label in force</th><th>Your label</th></tr></thead><tbody>",
        escape(&item.id),
        reasons(item).join("<br>"),
        url_encode(&item.id),
        if item.kind == "comment" {
            "Comment"
        } else {
            "Post"
        },
        practitioner_link(&item.author),
        date(item.created_at),
        escape(&item.id),
        escape(&item.text),
    );
    for target in TARGETS {
        let model = item.scores.as_ref().map(|s| s.of(target));
        let says = model.map(|p| i16::from(p >= 0.5));
        let in_force = item
            .labels
            .iter()
            .find(|l| l.target == target)
            .map(|l| {
                format!(
                    "<span class=\"label\">{}</span> <span class=\"muted\">by {}, {}{}</span>",
                    words(target, l.value),
                    escape(&l.reviewer),
                    l.labeled_at.format("%Y-%m-%d %H:%M"),
                    l.note
                        .as_deref()
                        .map(|n| format!(": “{}”", escape(n)))
                        .unwrap_or_default()
                )
            })
            .unwrap_or_else(|| "<span class=\"muted\">none</span>".to_string());
        // Confirm gives the model's answer, correct the other one; unscored items get
        // plain yes/no buttons.
        let (confirm, correct) = match says {
            Some(v) => (
                format!(
                    "<button type=\"submit\" name=\"value\" value=\"{v}\" class=\"confirm\" \
                     title=\"label it: {}\">confirm</button>",
                    words(target, v)
                ),
                format!(
                    "<button type=\"submit\" name=\"value\" value=\"{}\" class=\"correct\" \
                     title=\"label it: {}\">correct</button>",
                    1 - v,
                    words(target, 1 - v)
                ),
            ),
            None => (
                format!(
                    "<button type=\"submit\" name=\"value\" value=\"1\" class=\"yes\">{}</button>",
                    words(target, 1)
                ),
                format!(
                    "<button type=\"submit\" name=\"value\" value=\"0\" class=\"no\">{}</button>",
                    words(target, 0)
                ),
            ),
        };
        out.push_str(&format!(
            "<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>\
             <form class=\"label\" data-target=\"{target}\" method=\"post\" action=\"/review/items/{}/labels\">\
             <input type=\"hidden\" name=\"target\" value=\"{target}\">\
             <input type=\"hidden\" name=\"return_to\" value=\"{}\">{}{}{}</form></td></tr>",
            target_name(target),
            match (model, says) {
                (Some(p), Some(v)) => format!("{p:.2} <span class=\"muted\">({})</span>", words(target, v)),
                _ => "–".to_string(),
            },
            in_force,
            url_encode(&item.id),
            escape(return_to),
            reviewer_inputs(reviewer, true),
            confirm,
            correct,
        ));
    }
    out.push_str("</tbody></table></div>");
    out
}

/// `GET /review`: the review queue (`limit`, default 50; `reviewer` fills in the name).
pub(super) async fn review_page(
    State(state): State<AppState>,
    Query(params): Query<Params>,
) -> Result<Html<String>, super::PageError> {
    check_names(&params, &["limit", "reviewer"], false)?;
    let limit = match param(&params, "limit") {
        None => DEFAULT_LIMIT,
        Some(raw) => raw
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=MAX_LIMIT).contains(n))
            .ok_or_else(|| {
                ApiError::BadRequest(format!(
                    "`limit` must be a whole number from 1 to {MAX_LIMIT}; got {raw:?}"
                ))
            })?,
    };
    let reviewer: String = param(&params, "reviewer")
        .unwrap_or_default()
        .chars()
        .take(MAX_REVIEWER)
        .collect();
    let queue = review::queue(&state.pool, limit).await?;
    let mut body = format!(
        "<h1>Review queue</h1><p class=\"muted\">The items where a reviewer's label helps \
         most, most useful first: items reviewers disagree on, items of practitioners whose \
         score is disputed, items whose scores under the active model lie near the decision \
         boundary (between {:.2} and {:.2}), and items of the {TOP_PRACTITIONERS} most credible \
         practitioners. <strong>confirm</strong> labels a cue as the model sees it, \
         <strong>correct</strong> labels it the other way; the label in force is the latest \
         one. Each form needs your name and the reviewer token \
         (<code>CREDSCORE_REVIEWER_TOKEN</code>); type your name below and Show to have it \
         filled in every form (it stays filled in after each label).</p>\
         <form class=\"filters\" method=\"get\" action=\"/review\">\
         <label>Items<input type=\"number\" name=\"limit\" min=\"1\" max=\"{MAX_LIMIT}\" value=\"{limit}\"></label>\
         <label>Your name<input name=\"reviewer\" value=\"{}\"></label>\
         <button type=\"submit\">Show</button></form>",
        0.5 - BAND,
        0.5 + BAND,
        escape(&reviewer),
    );
    if state.reviewer_token.is_none() {
        body.push_str(
            "<p class=\"card error\">Reviewing is off: set CREDSCORE_REVIEWER_TOKEN on \
             credscore-api to accept labels.</p>",
        );
    }
    if queue.is_empty() {
        body.push_str(
            "<p class=\"card\" id=\"empty-queue\">Nothing to review: no scored item is near the \
             decision boundary, disputed or disagreed on.</p>",
        );
    }
    let return_to = if limit == DEFAULT_LIMIT {
        "/review".to_string()
    } else {
        format!("/review?limit={limit}")
    };
    body.push_str("<div id=\"queue\">");
    for item in &queue {
        body.push_str(&item_card(item, &reviewer, &return_to));
    }
    body.push_str("</div>");
    Ok(page("Review queue", &body))
}

/// The practitioner page's forms: close the open dispute, or open one.
pub(super) fn dispute_forms(id: &str, dispute: Option<&Dispute>) -> String {
    let id_path = url_encode(id);
    match dispute {
        Some(_) => format!(
            "<div class=\"card\" id=\"dispute-close\"><form method=\"post\" \
             action=\"/review/practitioners/{id_path}/disputes/close\" id=\"close-dispute\">\
             {}<button type=\"submit\">Close the dispute</button></form></div>",
            reviewer_inputs("", false)
        ),
        None => format!(
            "<details class=\"card\" id=\"dispute-open\"><summary>Dispute this score</summary>\
             <form method=\"post\" action=\"/review/practitioners/{id_path}/disputes\" id=\"open-dispute\">\
             <p><textarea name=\"note\" rows=\"2\" cols=\"60\" required maxlength=\"2000\" \
             placeholder=\"why the score is wrong\" aria-label=\"note\"></textarea></p>\
             {}<button type=\"submit\">Mark as disputed</button></form></details>",
            reviewer_inputs("", false)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browser_goes_back_to_a_local_page_only() {
        assert_eq!(
            after_label(None, "ana b", "x-1"),
            "/review?reviewer=ana%20b#item-x-1"
        );
        assert_eq!(
            after_label(Some("/review?limit=5"), "ana", "x"),
            "/review?limit=5&reviewer=ana#item-x"
        );
        assert_eq!(after_label(Some("/items/x"), "ana", "x"), "/items/x");
        for outside in [
            "https://evil.example/",
            "//evil.example/",
            "/\\evil",
            "/a b",
            "/\r\nX: y",
        ] {
            assert!(after_label(Some(outside), "ana", "x").starts_with("/review?"));
        }
    }

    #[test]
    fn form_fields_become_the_json_apis_body() {
        let fields = Fields {
            fields: vec![
                ("target".into(), "credible".into()),
                ("value".into(), "0".into()),
                ("reviewer".into(), "ana".into()),
                ("note".into(), " ".into()),
                ("token".into(), "s3cret".into()),
                ("return_to".into(), "/review".into()),
            ],
            problem: None,
        };
        let label = parse_label(&fields.json()).unwrap();
        assert_eq!((label.value, label.note), (0, None));
        let bad = Fields {
            fields: vec![
                ("target".into(), "credible".into()),
                ("value".into(), "yes".into()),
                ("reviewer".into(), "ana".into()),
            ],
            problem: None,
        };
        assert!(parse_label(&bad.json()).unwrap_err().contains("`value`"));
    }

    #[test]
    fn item_text_is_escaped() {
        let item = QueueItem {
            id: "a\"1".into(),
            author: "<ana>".into(),
            kind: "post".into(),
            created_at: None,
            text: "<script>alert(1)</script>".into(),
            scores: None,
            near_boundary: Vec::new(),
            top_rank: Some(1),
            dispute: None,
            disagreements: Vec::new(),
            labels: Vec::new(),
        };
        let card = item_card(&item, "b\"o", "/review");
        assert!(!card.contains("<script>") && card.contains("&lt;script&gt;"));
        assert!(!card.contains("<ana>") && !card.contains("b\"o"));
        assert_eq!(card.matches("<form ").count(), 4);
    }
}
