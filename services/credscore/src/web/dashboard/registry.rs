//! The dashboard's pages about what feeds the scores: the model registry (`/models`) and the
//! feeds polled with their status (`/feeds`).

use axum::extract::{Query, State};
use axum::response::Html;
use chrono::{DateTime, Utc};

use super::{date, page, PageError};
use crate::store::read;
use crate::web::charts::{escape, reliability, reliability_legend, ReliabilityPoint};
use crate::web::state::{no_params, AppState, Params};

pub(super) async fn models_page(
    State(state): State<AppState>,
    Query(params): Query<Params>,
) -> Result<Html<String>, PageError> {
    no_params(&params, false)?;
    let models = read::models(&state.pool).await?;
    let auc = |m: &serde_json::Value, target: &str| {
        m["targets"][target]["roc_auc"]
            .as_f64()
            .map(|v| format!("{v:.3}"))
            .unwrap_or_else(|| "–".to_string())
    };
    let mut body = String::from(
        "<h1>Models</h1><p class=\"muted\">Cross-validated ROC AUC of each target, from the \
         training report stored with the model.</p><table id=\"models\"><thead><tr>\
         <th>Version</th><th>Status</th><th>Created</th><th class=\"num\">Scored items</th>\
         <th class=\"num\">Credibility AUC</th><th class=\"num\">Self-promotion</th>\
         <th class=\"num\">Unverifiable claims</th><th class=\"num\">Writing errors</th></tr></thead><tbody>",
    );
    for m in &models {
        body.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape(&m.version),
            if m.active {
                "<span class=\"active\">active</span>"
            } else {
                ""
            },
            date(Some(m.created_at)),
            m.scored_items,
            auc(&m.metrics, "credible"),
            auc(&m.metrics, "self_promotion"),
            auc(&m.metrics, "unverifiable_claims"),
            auc(&m.metrics, "writing_errors"),
        ));
    }
    body.push_str("</tbody></table>");
    for m in &models {
        body.push_str(&calibration_section(&m.version, m.active, &m.metrics));
    }
    Ok(page("Models", &body))
}

/// A model's reliability charts and table (training report's `reliability`): observed rate
/// against mean prediction per bin, before and after its calibration (isotonic, Platt or
/// beta); open for the active model. Nothing for a model trained without calibration.
fn calibration_section(version: &str, active: bool, metrics: &serde_json::Value) -> String {
    let Some(rows) = metrics["reliability"].as_array().filter(|r| !r.is_empty()) else {
        return String::new();
    };
    let points = |bins: &serde_json::Value| -> Vec<ReliabilityPoint> {
        bins.as_array()
            .into_iter()
            .flatten()
            .map(|b| ReliabilityPoint {
                predicted: b["mean_predicted"].as_f64().unwrap_or(0.0),
                observed: b["observed_rate"].as_f64().unwrap_or(0.0),
                count: b["count"].as_u64().unwrap_or(0) as usize,
            })
            .collect()
    };
    let mut out = format!(
        "<details class=\"calibration\" id=\"calibration-{v}\"{open}><summary>Calibration of {v}: \
         out-of-fold reliability before and after calibration (the \"after\" points \
         cross-fitted); bins of {min} items or more are held to ±{tol}</summary>{legend}\
         <div class=\"charts\">",
        v = escape(version),
        open = if active { " open" } else { "" },
        min = credscore_model::train::MIN_BIN_ITEMS,
        tol = credscore_model::train::TOLERANCE,
        legend = reliability_legend(),
    );
    for r in rows {
        let target = r["target"].as_str().unwrap_or("?");
        out.push_str(&format!(
            "<figure>{}<figcaption>{} ({}, {}): largest gap {:.3} → {:.3}</figcaption></figure>",
            reliability(
                &format!("Reliability of {target}"),
                &points(&r["before"]),
                &points(&r["after"])
            ),
            escape(target),
            escape(r["method"].as_str().unwrap_or("isotonic")),
            escape(r["population"].as_str().unwrap_or("")),
            r["largest_gap_before"].as_f64().unwrap_or(f64::NAN),
            r["largest_gap_after"].as_f64().unwrap_or(f64::NAN),
        ));
    }
    out.push_str(
        "</div><table class=\"reliability\"><thead><tr><th>Target</th><th>Bin</th>\
         <th class=\"num\">Items</th><th class=\"num\">Predicted before</th>\
         <th class=\"num\">Observed</th><th class=\"num\">Items after</th>\
         <th class=\"num\">Predicted after</th><th class=\"num\">Observed after</th></tr></thead><tbody>",
    );
    for r in rows {
        let target = escape(r["target"].as_str().unwrap_or("?"));
        let (before, after) = (points(&r["before"]), points(&r["after"]));
        for (i, (b, a)) in before.iter().zip(&after).enumerate() {
            if b.count == 0 && a.count == 0 {
                continue;
            }
            out.push_str(&format!(
                "<tr><td>{target}</td><td>{:.1}–{:.1}</td><td class=\"num\">{}</td>\
                 <td class=\"num\">{:.3}</td><td class=\"num\">{:.3}</td><td class=\"num\">{}</td>\
                 <td class=\"num\">{:.3}</td><td class=\"num\">{:.3}</td></tr>",
                i as f64 / 10.0,
                (i + 1) as f64 / 10.0,
                b.count,
                b.predicted,
                b.observed,
                a.count,
                a.predicted,
                a.observed
            ));
        }
    }
    out.push_str("</tbody></table></details>");
    out
}

fn date_time(time: Option<DateTime<Utc>>) -> String {
    time.map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|| "never".to_string())
}

pub(super) async fn feeds_page(
    State(state): State<AppState>,
    Query(params): Query<Params>,
) -> Result<Html<String>, PageError> {
    no_params(&params, false)?;
    let feeds = crate::store::feeds::list_feeds(&state.pool, true).await?;
    let mut body = String::from(
        "<h1>Feeds</h1><p class=\"muted\">Blogs and JSON feeds polled by <code>credscore-feeds</code> \
         (<code>credscore feeds add URL</code> adds one), with the comment feeds followed through \
         their posts. A failing feed is retried later and less often; the others go on.</p>",
    );
    if feeds.is_empty() {
        body.push_str(
            "<p class=\"card\">No feed yet: <code>credscore feeds add URL [--platform P] \
             [--lang fr|en] [--every 10m]</code>, then <code>credscore-feeds</code> or \
             <code>credscore feeds poll --once</code>.</p>",
        );
        return Ok(page("Feeds", &body));
    }
    body.push_str(
        "<table id=\"feeds\"><thead><tr><th>Feed</th><th>Status</th><th>Last poll</th>\
         <th>Last success</th><th class=\"num\">Items seen</th><th>Every</th><th>Problem</th>\
         </tr></thead><tbody>",
    );
    for feed in &feeds {
        let (class, status) = match feed.status.as_str() {
            "error" => (
                "error",
                format!(
                    "error: {} ({} in a row)",
                    feed.error_kind.as_deref().unwrap_or("unknown"),
                    feed.consecutive_errors
                ),
            ),
            "not_modified" => ("active", "ok (not modified)".to_string()),
            "ok" => ("active", "ok".to_string()),
            _ => ("muted", "not polled yet".to_string()),
        };
        let name = if feed.parent_url.is_some() {
            format!(
                "<span class=\"muted\">comments:</span> {}",
                escape(&feed.url)
            )
        } else if feed.comment_feeds > 0 {
            format!(
                "{}<br><span class=\"muted\">{} comment feeds, {} failing</span>",
                escape(&feed.url),
                feed.comment_feeds,
                feed.comment_feeds_failing
            )
        } else {
            escape(&feed.url)
        };
        let problem = feed
            .last_error
            .as_deref()
            .map(|e| format!("<span class=\"error\">{}</span>", escape(e)))
            .or_else(|| {
                feed.warning
                    .as_deref()
                    .map(|w| format!("<span class=\"muted\">{}</span>", escape(w)))
            })
            .unwrap_or_default();
        body.push_str(&format!(
            "<tr class=\"feed\"><td>{name}</td><td class=\"{class}\">{}</td><td class=\"date\">{}</td>\
             <td class=\"date\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{problem}</td></tr>",
            escape(&status),
            date_time(feed.last_polled_at),
            date_time(feed.last_success_at),
            feed.items_seen,
            crate::feeds::poll::format_interval(feed.interval_seconds as i64),
        ));
    }
    body.push_str("</tbody></table>");
    Ok(page("Feeds", &body))
}
