//! Integrity checks the writers keep instead of foreign keys (`credscore check`).

use sqlx::postgres::PgPool;

use crate::store::pool::DbError;

/// For each reference the writers keep (migrations 0007, 0012, 0013 and 0014), how many rows point at nothing.
pub async fn dangling_references(pool: &PgPool) -> Result<Vec<(&'static str, i64)>, DbError> {
    let checks = [
        (
            "items.author → practitioners",
            "SELECT count(*) FROM items i WHERE NOT EXISTS (SELECT 1 FROM practitioners p WHERE p.id = i.author)",
        ),
        (
            "scores.item_id → items",
            "SELECT count(*) FROM scores s WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.id = s.item_id)",
        ),
        (
            "scores.model_version → models",
            "SELECT count(*) FROM scores s WHERE NOT EXISTS (SELECT 1 FROM models m WHERE m.version = s.model_version)",
        ),
        (
            "engagements.item_id → items",
            "SELECT count(*) FROM engagements e WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.id = e.item_id)",
        ),
        (
            "copy_index.item_id → items",
            "SELECT count(*) FROM copy_index c WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.id = c.item_id)",
        ),
        (
            "item_labels.item_id → items",
            "SELECT count(*) FROM item_labels l WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.id = l.item_id)",
        ),
        (
            "disputes.practitioner_id → practitioners",
            "SELECT count(*) FROM disputes d WHERE NOT EXISTS (SELECT 1 FROM practitioners p WHERE p.id = d.practitioner_id)",
        ),
        (
            "copies.item_id → items",
            "SELECT count(*) FROM copies c WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.id = c.item_id)",
        ),
    ];
    let mut counts = Vec::with_capacity(checks.len());
    for (reference, sql) in checks {
        counts.push((reference, sqlx::query_scalar(sql).fetch_one(pool).await?));
    }
    Ok(counts)
}
