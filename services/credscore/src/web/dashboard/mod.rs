//! The web dashboard: server-rendered HTML with inline SVG charts, no scripts and no external
//! assets, so it works offline and with no build step. Pages: the ranking with the
//! credibility distribution per language (`/`), a practitioner (`/practitioners/{id}`), an
//! item with its evidence highlighted (`/items/{id}`), the model registry (`/models`),
//! the feeds polled with their status (`/feeds`), and the review queue (`/review`) with the
//! reviewers' forms (`review`).

mod copies;
mod labels;
mod peers;
mod registry;
mod review;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Query, Request, State};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::{DateTime, Datelike, Utc};

use crate::store::read::{self, Order};
use crate::store::DbError;
use crate::web::charts::{self, escape, Bar, HistogramSeries, TimePoint};
use crate::web::highlight::{highlight, Highlight};
use crate::web::state::{
    no_params, path_id, practitioner_query, unknown_item, unknown_practitioner, ApiError, AppState,
    Params, MAX_LIMIT, RECENT_ITEMS,
};

/// Problem cues and how the dashboard names them.
const CUES: [(&str, &str); 4] = [
    ("self_promotion", "Self-promotion"),
    ("unverifiable_claims", "Unverifiable claim"),
    ("writing_errors", "Writing errors"),
    ("positive_evidence", "Credible practice"),
];

fn cue_label(cue: &str) -> &str {
    CUES.iter()
        .find(|(name, _)| *name == cue)
        .map(|(_, label)| *label)
        .unwrap_or(cue)
}

const STYLE: &str = r#"
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{background:#1d2330;color:#fff;padding:.6rem 1.5rem;display:flex;gap:1.5rem;align-items:baseline}
header a{color:#cfd8ff;text-decoration:none}header strong a{color:#fff;font-size:1.1rem}
main{max-width:1100px;margin:0 auto;padding:1rem 1.5rem 3rem}
h1{font-size:1.5rem;margin:.8rem 0}h2{font-size:1.15rem;margin:1.6rem 0 .5rem}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{padding:.35rem .6rem;border-bottom:1px solid #e3e6ec;text-align:left;vertical-align:top}
th{font-weight:600;background:#eef0f4}td.num{text-align:right;font-variant-numeric:tabular-nums}
.card{background:#fff;border:1px solid #e3e6ec;border-radius:6px;padding:1rem;margin:.8rem 0}
.calibration .charts{display:flex;flex-wrap:wrap;gap:1rem}.calibration figure{margin:.5rem 0;max-width:260px}
.calibration figcaption{font-size:.85rem}.swatch{display:inline-block;width:.7rem;height:.7rem;border-radius:50%;vertical-align:middle}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(340px,1fr));gap:1rem}
.muted{color:#5f6878;font-size:.9rem}.big{font-size:2rem;font-weight:650}
form.filters{display:flex;gap:.8rem;align-items:end;flex-wrap:wrap;margin:.5rem 0 1rem}
form.filters label{display:flex;flex-direction:column;font-size:.85rem;color:#5f6878}
td.num,td.date{white-space:nowrap}.text{white-space:normal;font-size:1.05rem;background:#fff;border:1px solid #e3e6ec;border-radius:6px;padding:1rem}
mark{padding:0 .1em;border-radius:3px;background:#fff3b0}
mark.self_promotion{background:#ffd6d1}mark.unverifiable_claims{background:#ffe6b3}
mark.writing_errors{background:#e3d6ff}mark.positive_evidence{background:#cdf3d6}
.legend span{display:inline-block;margin-right:.8rem}.legend mark{padding:0 .4em}
.flag{display:inline-block;font-size:.78rem;border-radius:3px;padding:0 .35em;margin:0 .15em .1em 0}
.flag.self_promotion{background:#ffd6d1}.flag.unverifiable_claims{background:#ffe6b3}.flag.writing_errors{background:#e3d6ff}
.active{font-weight:650;color:#0a7a3d}.error{color:#a1261b}
svg.chart{max-width:100%;height:auto;background:#fff}svg.timeline,svg.histogram{width:100%;max-width:760px}svg.bars{width:100%;max-width:460px}
svg .fr{fill:#3b6fd8}svg .en{fill:#e08a2c}
svg .bar.self_promotion{fill:#d9534f}svg .bar.unverifiable_claims{fill:#e0a02c}svg .bar.writing_errors{fill:#8a63d2}
.reason{display:inline-block;font-size:.85rem;border-radius:3px;padding:0 .4em;margin:.1em 0;background:#eef0f4}
.reason.disagreement{background:#ffd6d1}.reason.disputed{background:#ffe6b3}.reason.boundary{background:#e3ecff}
form.label{display:flex;gap:.3rem;flex-wrap:wrap;margin:0}form.label input{font-size:.8rem}
svg .line{stroke:#3b6fd8}svg .point{fill:#3b6fd8}svg .reference{stroke:#8a93a3}
"#;

fn page(title: &str, body: &str) -> Html<String> {
    Html(format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>{title} · credscore</title><style>{STYLE}</style></head><body>\
         <header><strong><a href=\"/\">credscore</a></strong><a href=\"/\">Practitioners</a>\
         <a href=\"/review\">Review</a><a href=\"/models\">Models</a><a href=\"/feeds\">Feeds</a><a href=\"/openapi.json\">API</a>\
         <a href=\"/metrics\">Metrics</a></header><main>{body}</main></body></html>",
        title = escape(title),
    ))
}

/// An error shown as a page, with the same status as the API would give.
struct PageError(ApiError);

impl From<ApiError> for PageError {
    fn from(error: ApiError) -> Self {
        PageError(error)
    }
}

impl From<DbError> for PageError {
    fn from(error: DbError) -> Self {
        PageError(ApiError::Db(error))
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let status = self.0.status();
        let body = format!(
            "<h1>{}</h1><p class=\"error\">{}</p><p><a href=\"/\">Back to the ranking</a></p>",
            status.canonical_reason().unwrap_or("Error"),
            escape(&self.0.message())
        );
        (status, page("Error", &body)).into_response()
    }
}

/// Percent-encodes a path segment or query value (everything but unreserved characters).
pub fn url_encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub(crate) fn practitioner_link(id: &str) -> String {
    format!(
        "<a href=\"/practitioners/{}\">{}</a>",
        url_encode(id),
        escape(id)
    )
}

fn date(time: Option<DateTime<Utc>>) -> String {
    time.map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| "–".to_string())
}

fn percent(rate: f64) -> String {
    format!("{:.0} %", rate * 100.0)
}

/// Small tags for the cues an item triggers (probability ≥ 0.5).
fn flags(cues: &read::Cues) -> String {
    [
        ("self_promotion", cues.self_promotion),
        ("unverifiable_claims", cues.unverifiable_claims),
        ("writing_errors", cues.writing_errors),
    ]
    .iter()
    .filter(|(_, p)| *p >= 0.5)
    .map(|(cue, p)| {
        format!(
            "<span class=\"flag {cue}\" title=\"probability {p:.2}\">{}</span>",
            cue_label(cue)
        )
    })
    .collect()
}

fn excerpt(text: &str, chars: usize) -> String {
    let mut out: String = text.chars().take(chars).collect();
    if text.chars().nth(chars).is_some() {
        out.push('…');
    }
    out
}

async fn index(
    State(state): State<AppState>,
    Query(params): Query<Params>,
) -> Result<Html<String>, PageError> {
    let query = practitioner_query(&params, false)?;
    let ranking = read::practitioners(&state.pool, &query).await?;
    let first_page = query.after.is_none();
    let distributions = if first_page {
        read::distributions(&state.pool).await?
    } else {
        Vec::new()
    };
    let selected = |value: &str, current: &str| {
        if value == current {
            " selected"
        } else {
            ""
        }
    };
    let lang = query.lang.clone().unwrap_or_default();
    let order = if query.order == Order::Asc {
        "asc"
    } else {
        "desc"
    };
    let mut body = String::from("<h1>Practitioners by credibility</h1>");
    body.push_str(&format!(
        "<form class=\"filters\" method=\"get\" action=\"/\">\
         <label>Language<select name=\"lang\"><option value=\"\">any</option>\
         <option value=\"fr\"{}>French</option><option value=\"en\"{}>English</option></select></label>\
         <label>Minimum items<input type=\"number\" name=\"min_items\" min=\"0\" value=\"{}\"></label>\
         <label>Order<select name=\"order\"><option value=\"desc\"{}>most credible first</option>\
         <option value=\"asc\"{}>least credible first</option></select></label>\
         <label>Per page<input type=\"number\" name=\"limit\" min=\"1\" max=\"{}\" value=\"{}\"></label>\
         <button type=\"submit\">Apply</button></form>",
        selected("fr", &lang),
        selected("en", &lang),
        query.min_items,
        selected("desc", order),
        selected("asc", order),
        MAX_LIMIT,
        query.limit,
    ));
    if ranking.practitioners.is_empty() {
        body.push_str(
            "<p class=\"card\">No scored practitioner matches. Items appear here once the \
             scorer has stored their scores (<code>make run</code> ingests a sample).</p>",
        );
    } else {
        body.push_str(
            "<table id=\"ranking\"><thead><tr><th>Practitioner</th><th>Lang</th>\
             <th class=\"num\">Credibility</th><th>95% interval</th><th class=\"num\">Items</th>\
             <th class=\"num\" title=\"items after weighting older ones less\">Weight</th>\
             <th class=\"num\" title=\"share of their items flagged\">Self-promotion</th>\
             <th class=\"num\">Unverifiable claims</th><th class=\"num\">Writing errors</th>\
             <th class=\"num\" title=\"standing among peers from the reply graph (0.5: no credible peer engages)\">Peers</th>\
             <th>Latest item</th></tr></thead><tbody>",
        );
        for p in &ranking.practitioners {
            body.push_str(&format!(
                "<tr class=\"practitioner\"><td>{}</td><td>{}</td><td class=\"num\">{:.2}</td>\
                 <td>{}</td><td class=\"num\">{}</td><td class=\"num\">{:.1}</td><td class=\"num\">{}</td>\
                 <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"date\">{}</td></tr>",
                practitioner_link(&p.id) + &labels::dispute_mark(p.disputed.as_ref()),
                escape(p.lang.as_deref().unwrap_or("–")),
                p.credibility,
                charts::interval(p.credibility, p.credibility_low, p.credibility_high),
                p.item_count,
                p.effective_items,
                percent(p.cue_profile.self_promotion),
                percent(p.cue_profile.unverifiable_claims),
                percent(p.cue_profile.writing_errors),
                p.peer_standing
                    .map_or_else(|| "–".to_string(), |s| format!("{s:.2}")),
                date(p.latest_item_at),
            ));
        }
        body.push_str("</tbody></table><p>");
        if !first_page {
            let kept: Vec<String> = params
                .iter()
                .filter(|(k, _)| k != "cursor")
                .map(|(k, v)| format!("{}={}", url_encode(k), url_encode(v)))
                .collect();
            body.push_str(&format!(
                "<a id=\"first-page\" href=\"/?{}\">← First page</a> ",
                escape(&kept.join("&"))
            ));
        }
        if let Some(cursor) = &ranking.next_cursor {
            let mut next: Vec<(String, String)> = params
                .iter()
                .filter(|(k, _)| k != "cursor")
                .cloned()
                .collect();
            next.push(("cursor".to_string(), cursor.clone()));
            let query: Vec<String> = next
                .iter()
                .map(|(k, v)| format!("{}={}", url_encode(k), url_encode(v)))
                .collect();
            body.push_str(&format!(
                "<a id=\"next-page\" href=\"/?{}\">Next page →</a>",
                escape(&query.join("&"))
            ));
        }
        body.push_str("</p>");
    }
    body.push_str(&format!(
        "<p class=\"muted\">A practitioner's credibility is a Bayesian estimate from their item \
         scores: with little evidence it stays close to the population mean, with a wide \
         interval. Older items weigh less (half their weight every {} days, counted back from \
         their latest item): Weight is their item count after that. Cue columns give the \
         share of their items in which the cue fires.</p>",
        state.half_life_days
    ));
    if !first_page {
        return Ok(page("Practitioners", &body));
    }
    body.push_str("<h2>Credibility of items, per language</h2><div class=\"card\">");
    let series: Vec<HistogramSeries> = distributions
        .iter()
        .map(|d| HistogramSeries {
            label: if d.lang == "fr" { "French" } else { "English" },
            class: &d.lang,
            counts: &d.counts,
        })
        .collect();
    body.push_str(&charts::histogram(
        "Item credibility under the active model",
        &series,
    ));
    body.push_str(
        "<p class=\"muted\">Horizontal: item credibility under the active model, in bands of \
         0.1 (0 = not credible, 1 = credible). Vertical: number of items in the band.</p>",
    );
    for d in &distributions {
        body.push_str(&format!(
            "<p class=\"muted\">{}: {} items, mean credibility {:.2}</p>",
            escape(&d.lang),
            d.items,
            d.mean
        ));
    }
    body.push_str("</div>");
    Ok(page("Practitioners", &body))
}

async fn practitioner_page(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    Query(params): Query<Params>,
) -> Result<Html<String>, PageError> {
    let id = path_id(path)?;
    no_params(&params, false)?;
    let detail = read::practitioner_detail(&state.pool, &id, RECENT_ITEMS)
        .await?
        .ok_or_else(|| unknown_practitioner(&id))?;
    let p = &detail.practitioner;
    let mut body = format!(
        "<h1>{}</h1><div class=\"grid\"><div class=\"card\"><div class=\"muted\">Credibility</div>\
         <div class=\"big\" id=\"credibility\">{:.2}</div>{}\
         <p class=\"muted\">95% interval {:.2}–{:.2}. Based on {} items ({:.1} after weighting \
         older ones less; an item loses half its weight every {} days); main language {}. \
         With few items the estimate stays close to the population mean.</p></div>\
         <div class=\"card\"><div class=\"muted\">How often each cue fires in their items</div>{}</div></div>",
        escape(&p.id),
        p.credibility,
        charts::interval(p.credibility, p.credibility_low, p.credibility_high),
        p.credibility_low,
        p.credibility_high,
        p.item_count,
        p.effective_items,
        state.half_life_days,
        escape(p.lang.as_deref().unwrap_or("unknown")),
        charts::bars(
            "Cue profile",
            &[
                Bar {
                    label: "Self-promotion",
                    class: "self_promotion",
                    value: p.cue_profile.self_promotion,
                },
                Bar {
                    label: "Unverifiable claims",
                    class: "unverifiable_claims",
                    value: p.cue_profile.unverifiable_claims,
                },
                Bar {
                    label: "Writing errors",
                    class: "writing_errors",
                    value: p.cue_profile.writing_errors,
                },
            ],
        ),
    );
    body.push_str(&labels::dispute_card(p.disputed.as_ref()));
    body.push_str(&review::dispute_forms(&p.id, p.disputed.as_ref()));
    body.push_str(&peers::peer_card(p, detail.peers.as_ref()));
    let labels: Vec<String> = detail.history.iter().map(|h| h.week.clone()).collect();
    let points: Vec<TimePoint> = detail
        .history
        .iter()
        .zip(&labels)
        .map(|(h, label)| TimePoint {
            label,
            value: h.mean_credibility,
            items: h.items as u64,
            at: chrono::NaiveDate::parse_from_str(&h.week, "%Y-%m-%d")
                .ok()
                .map(|d| d.num_days_from_ce() as f64),
        })
        .collect();
    body.push_str("<h2>Credibility over time</h2><div class=\"card\">");
    body.push_str(&charts::timeline(
        "Mean item credibility per week",
        &points,
        Some(p.credibility),
    ));
    body.push_str(
        "<p class=\"muted\">Vertical: mean credibility of their items in a week (0 to 1; point \
         size: number of items that week). Horizontal: time, weeks placed at their date. The \
         dashed line is their overall score.</p></div>",
    );
    body.push_str(
        "<h2>Recent items</h2><table id=\"items\"><thead><tr><th>Date</th><th>Kind</th>\
         <th>Lang</th><th class=\"num\">Credibility</th><th>Cues</th><th>Text</th></tr></thead><tbody>",
    );
    for item in &detail.recent_items {
        body.push_str(&format!(
            "<tr><td class=\"date\">{}</td><td>{}</td><td>{}</td><td class=\"num\">{:.2}</td><td>{}</td>\
             <td class=\"excerpt\"><a href=\"/items/{}\">{}</a></td></tr>",
            date(item.created_at),
            escape(&item.kind),
            escape(&item.lang),
            item.credibility,
            flags(&item.cues),
            url_encode(&item.id),
            escape(&excerpt(&item.text, 140)),
        ));
    }
    body.push_str("</tbody></table>");
    Ok(page(&p.id, &body))
}

/// Log-odds of a probability stored with 4 decimals (kept finite at 0 and 1).
fn log_odds(p: f64) -> f64 {
    let p = p.clamp(0.00005, 0.99995);
    (p / (1.0 - p)).ln()
}

/// What the listed cues leave unexplained of a score's log-odds: the intercept and the
/// features that have no evidence span.
fn baseline_contribution(score: &read::ItemScore) -> f64 {
    let listed: f64 = score
        .explanations
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["contribution"].as_f64())
        .sum();
    log_odds(score.credibility) - listed
}

/// The evidence spans of one score's explanations, to highlight in the text.
fn highlights(explanations: &serde_json::Value) -> Vec<(usize, usize, String, String)> {
    let mut out = Vec::new();
    for explanation in explanations.as_array().into_iter().flatten() {
        let cue = explanation["cue"].as_str().unwrap_or("");
        for span in explanation["spans"].as_array().into_iter().flatten() {
            let (Some(start), Some(end)) = (span["start"].as_u64(), span["end"].as_u64()) else {
                continue;
            };
            let signal = span["signal"].as_str().unwrap_or("").replace('_', " ");
            out.push((
                start as usize,
                end as usize,
                cue.to_string(),
                format!("{}: {signal}", cue_label(cue)),
            ));
        }
    }
    out
}

async fn item_page(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    Query(params): Query<Params>,
) -> Result<Html<String>, PageError> {
    let id = path_id(path)?;
    no_params(&params, false)?;
    let read::ItemDetail {
        item,
        scores,
        engagements,
        copied_from,
        copied_by,
        labels,
    } = read::item_detail(&state.pool, &id)
        .await?
        .ok_or_else(|| unknown_item(&id))?;
    let mut body = format!(
        "<h1>{} by {}</h1><p class=\"muted\">{} · {}{}{}</p>",
        if item.kind == "comment" {
            "Comment"
        } else {
            "Post"
        },
        practitioner_link(&item.author),
        date(item.created_at),
        escape(&item.id),
        item.platform
            .as_deref()
            .map(|p| format!(" · {}", escape(p)))
            .unwrap_or_default(),
        item.url
            .as_deref()
            .map(|u| format!(" · <a href=\"{}\" rel=\"nofollow\">source</a>", escape(u)))
            .unwrap_or_default(),
    );
    body.push_str(&peers::engagement_line(&engagements));
    body.push_str(&copies::copy_card(
        &item.author,
        copied_from.as_ref(),
        &copied_by,
    ));
    body.push_str(&labels::label_card(&labels));
    let shown = scores.first();
    let spans = shown
        .map(|s| highlights(&s.explanations))
        .unwrap_or_default();
    let marks: Vec<Highlight> = spans
        .iter()
        .map(|(start, end, class, title)| Highlight {
            start: *start,
            end: *end,
            class,
            title,
        })
        .collect();
    body.push_str(&format!(
        "<div class=\"text\" id=\"text\">{}</div><p class=\"legend muted\">{}</p>",
        highlight(&item.text, &marks),
        CUES.iter()
            .map(|(cue, label)| format!("<span><mark class=\"{cue}\">{label}</mark></span>"))
            .collect::<String>()
    ));
    match shown {
        None => body.push_str("<p class=\"card\">This item has not been scored yet.</p>"),
        Some(score) => {
            body.push_str(&format!(
                "<h2>Why it scores {:.2}</h2><p class=\"muted\">Model {}{}; language {}. \
                 Each cue's contribution is in log-odds of credibility: negative lowers it.</p>\
                 <table id=\"explanations\"><thead><tr><th>Cue</th><th class=\"num\">Probability</th>\
                 <th class=\"num\">Contribution</th><th>Evidence</th></tr></thead><tbody>",
                score.credibility,
                escape(&score.model_version),
                if score.active { " (active)" } else { "" },
                escape(&score.lang),
            ));
            for explanation in score.explanations.as_array().into_iter().flatten() {
                let cue = explanation["cue"].as_str().unwrap_or("");
                let evidence: Vec<String> = explanation["spans"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|s| {
                        format!(
                            "<mark class=\"{}\">{}</mark> <span class=\"muted\">{}</span>",
                            escape(cue),
                            escape(s["text"].as_str().unwrap_or("")),
                            escape(&s["signal"].as_str().unwrap_or("").replace('_', " "))
                        )
                    })
                    .collect();
                body.push_str(&format!(
                    "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{:+.2}</td><td>{}</td></tr>",
                    escape(cue_label(cue)),
                    explanation["probability"]
                        .as_f64()
                        .map(|p| format!("{p:.2}"))
                        .unwrap_or_else(|| "–".to_string()),
                    explanation["contribution"].as_f64().unwrap_or(0.0),
                    evidence.join("<br>"),
                ));
            }
            body.push_str(&format!(
                "<tr class=\"baseline\"><td>Everything else</td><td class=\"num\">–</td>\
                 <td class=\"num\">{:+.2}</td><td class=\"muted\">The model's starting point and \
                 features with no span to show, such as the absence of any credible practice \
                 (sources, answers, disclosures) or a very short text. With the rows above it \
                 adds up to the score's log-odds, {:+.2}.</td></tr>",
                baseline_contribution(score),
                log_odds(score.credibility),
            ));
            body.push_str("</tbody></table>");
        }
    }
    if !scores.is_empty() {
        body.push_str(
            "<h2>Scores by model version</h2><table id=\"scores\"><thead><tr><th>Model</th>\
             <th class=\"num\">Credibility</th><th class=\"num\">Self-promotion</th>\
             <th class=\"num\">Unverifiable claims</th><th class=\"num\">Writing errors</th>\
             <th>Scored</th></tr></thead><tbody>",
        );
        for s in &scores {
            body.push_str(&format!(
                "<tr><td>{}{}</td><td class=\"num\">{:.2}</td><td class=\"num\">{:.2}</td>\
                 <td class=\"num\">{:.2}</td><td class=\"num\">{:.2}</td><td>{}</td></tr>",
                escape(&s.model_version),
                if s.active {
                    " <span class=\"active\">active</span>"
                } else {
                    ""
                },
                s.credibility,
                s.cues.self_promotion,
                s.cues.unverifiable_claims,
                s.cues.writing_errors,
                s.scored_at.format("%Y-%m-%d %H:%M"),
            ));
        }
        body.push_str("</tbody></table>");
    }
    Ok(page(&format!("Item {}", item.id), &body))
}

async fn not_found_page(request: Request) -> PageError {
    PageError(ApiError::NotFound(format!(
        "there is no page at {}",
        request.uri().path()
    )))
}

/// The dashboard's routes.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(index))
        .route("/practitioners/{id}", get(practitioner_page))
        .route("/items/{id}", get(item_page))
        .route("/models", get(registry::models_page))
        .route("/feeds", get(registry::feeds_page))
        .route("/review", get(review::review_page))
        .route("/review/items/{id}/labels", post(review::post_label_form))
        .route(
            "/review/practitioners/{id}/disputes",
            post(review::open_dispute_form),
        )
        .route(
            "/review/practitioners/{id}/disputes/close",
            post(review::close_dispute_form),
        )
        .fallback(not_found_page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_encoding_keeps_ids_in_one_segment() {
        assert_eq!(url_encode("ana-b_c.d~"), "ana-b_c.d~");
        assert_eq!(url_encode("a/b c"), "a%2Fb%20c");
        assert_eq!(url_encode("é"), "%C3%A9");
    }

    #[test]
    fn evidence_spans_come_from_every_cue() {
        let explanations = serde_json::json!([
            {"cue": "self_promotion", "contribution": -1.2, "probability": 0.9,
             "spans": [{"start": 0, "end": 4, "text": "DM me", "signal": "promo_call"}]},
            {"cue": "positive_evidence", "contribution": 0.4,
             "spans": [{"start": 10, "end": 14, "text": "doi", "signal": "source_link"}]}
        ]);
        let spans = highlights(&explanations);
        assert_eq!(spans.len(), 2);
        assert_eq!(spans[0].2, "self_promotion");
        assert_eq!(spans[1].3, "Credible practice: source link");
    }
}
