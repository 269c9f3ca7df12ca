//! The items reviewers labeled, as training and `credscore export labels` read them: each
//! stored item with a label in force, its labels per target, and what the active model said
//! of it.

use chrono::{DateTime, SecondsFormat, Utc};
use credscore_model::train::ReviewedItem;
use credscore_model::Item;
use sqlx::postgres::PgPool;
use sqlx::Row;

use crate::store::labels::TARGETS;
use crate::store::pool::DbError;

/// Every stored item with at least one label in force, oldest label first.
pub async fn reviewed_items(pool: &PgPool) -> Result<Vec<ReviewedItem>, DbError> {
    let rows = sqlx::query(
        "WITH in_force AS (
             SELECT DISTINCT ON (item_id, target) item_id, target, value, id
             FROM item_labels ORDER BY item_id, target, id DESC
         ), per_item AS (
             SELECT item_id, min(id) AS first_label,
                    max(value) FILTER (WHERE target = 'self_promotion') AS self_promotion,
                    max(value) FILTER (WHERE target = 'unverifiable_claims') AS unverifiable_claims,
                    max(value) FILTER (WHERE target = 'writing_errors') AS writing_errors,
                    max(value) FILTER (WHERE target = 'credible') AS credible
             FROM in_force GROUP BY item_id
         )
         SELECT i.id, i.author, i.kind, i.parent_id, i.platform, i.lang_hint, i.url,
                i.created_at, i.text,
                l.self_promotion, l.unverifiable_claims, l.writing_errors, l.credible,
                s.self_promotion AS m_self_promotion,
                s.unverifiable_claims AS m_unverifiable_claims,
                s.writing_errors AS m_writing_errors, s.credibility AS m_credible
         FROM per_item l
         JOIN items i ON i.id = l.item_id
         LEFT JOIN scores s ON s.item_id = i.id
              AND s.model_version = (SELECT version FROM models WHERE active)
         ORDER BY l.first_label",
    )
    .fetch_all(pool)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let created_at: Option<DateTime<Utc>> = r.get("created_at");
        let item = match Item::from_value(serde_json::json!({
            "id": r.get::<String, _>("id"),
            "author": r.get::<String, _>("author"),
            "kind": r.get::<String, _>("kind"),
            "parent_id": r.get::<Option<String>, _>("parent_id"),
            "platform": r.get::<Option<String>, _>("platform"),
            "lang": r.get::<Option<String>, _>("lang_hint"),
            "url": r.get::<Option<String>, _>("url"),
            "created_at": created_at.map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true)),
            "text": r.get::<String, _>("text"),
        })) {
            Ok(item) => item,
            // Stored items were checked on the way in; one that no longer reads is reported
            // and left out rather than stopping the training.
            Err(error) => {
                tracing::warn!(id = %r.get::<String, _>("id"), %error, "a reviewed item no longer reads as an item: left out");
                continue;
            }
        };
        let labels = TARGETS.map(|t| r.get::<Option<i16>, _>(t).map(|v| v == 1));
        let model: [Option<f64>; 4] =
            TARGETS.map(|t| r.get::<Option<f64>, _>(format!("m_{t}").as_str()));
        let model_labels = model
            .iter()
            .all(Option::is_some)
            .then(|| model.map(|p| p.unwrap_or(0.0) >= 0.5));
        out.push(ReviewedItem {
            item,
            labels,
            model_labels,
        });
    }
    Ok(out)
}
