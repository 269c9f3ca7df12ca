//! Erasure of a practitioner: their items, every score of those items, their practitioner
//! row (the aggregates derived from them), their engagements and any peer standing that names
//! them, in one transaction, with an audit row.

use sha2::{Digest, Sha256};
use sqlx::postgres::PgPool;

use crate::store::pool::DbError;

/// What an erasure removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Erased {
    /// Items removed.
    pub items: i64,
    /// Score rows removed (every model's).
    pub scores: i64,
    /// Practitioner rows removed (0 or 1).
    pub practitioners: i64,
}

impl Erased {
    /// Whether anything was stored about the author.
    pub fn found(&self) -> bool {
        self.items + self.scores + self.practitioners > 0
    }
}

/// The SHA-256 of an author id, hex: what the audit keeps instead of the id.
pub fn author_digest(author: &str) -> String {
    Sha256::digest(author.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Removes everything stored about `author` and writes the audit row (who asked, through
/// which door, how many rows), in one transaction. Later items of the author are stored and
/// scored as new.
pub async fn forget_author(
    pool: &PgPool,
    author: &str,
    requested_by: &str,
    requested_via: &str,
) -> Result<Erased, DbError> {
    let mut tx = pool.begin().await?;
    // A peer-standing run in progress read the graph before this erasure: wait for it to store
    // its results, so that the deletion below covers them.
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(crate::store::graph::STANDING_LOCK)
        .execute(&mut *tx)
        .await?;
    // The practitioner row lock orders this against a scorer batch updating the same
    // practitioner: the batch finishes first, or waits and finds nothing to update.
    sqlx::query("SELECT id FROM practitioners WHERE id = $1 FOR UPDATE")
        .bind(author)
        .execute(&mut *tx)
        .await?;
    let scores = sqlx::query(
        "DELETE FROM scores WHERE author = $1
            OR item_id IN (SELECT id FROM items WHERE author = $1)",
    )
    .bind(author)
    .execute(&mut *tx)
    .await?
    .rows_affected() as i64;
    // Their engagements go with their items. A peer-standing row that is theirs, or that names
    // them among endorsers or contradictors, goes too: the next run computes it again without
    // them.
    sqlx::query(
        "DELETE FROM engagements WHERE item_id IN (SELECT id FROM items WHERE author = $1)",
    )
    .bind(author)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "DELETE FROM peer_standing WHERE practitioner_id = $1
            OR endorsers @> jsonb_build_array(jsonb_build_object('id', $1::text))
            OR contradictors @> jsonb_build_array(jsonb_build_object('id', $1::text))",
    )
    .bind(author)
    .execute(&mut *tx)
    .await?;
    // Their texts leave the copy index, and no copy record keeps their name: neither their
    // copies of others nor others' copies of them.
    sqlx::query("DELETE FROM copy_index WHERE author = $1")
        .bind(author)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "DELETE FROM copies WHERE original_author = $1
            OR item_id IN (SELECT id FROM items WHERE author = $1)",
    )
    .bind(author)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "DELETE FROM item_labels WHERE item_id IN (SELECT id FROM items WHERE author = $1)",
    )
    .bind(author)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM disputes WHERE practitioner_id = $1")
        .bind(author)
        .execute(&mut *tx)
        .await?;
    let items = sqlx::query("DELETE FROM items WHERE author = $1")
        .bind(author)
        .execute(&mut *tx)
        .await?
        .rows_affected() as i64;
    let practitioners = sqlx::query("DELETE FROM practitioners WHERE id = $1")
        .bind(author)
        .execute(&mut *tx)
        .await?
        .rows_affected() as i64;
    let erased = Erased {
        items,
        scores,
        practitioners,
    };
    sqlx::query(
        "INSERT INTO erasures (author_sha256, requested_by, requested_via, items, scores, practitioners)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(author_digest(author))
    .bind(requested_by)
    .bind(requested_via)
    .bind(items)
    .bind(scores)
    .bind(practitioners)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(erased)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_audit_keeps_a_digest_not_the_id() {
        let digest = author_digest("julie_marketing");
        assert_eq!(digest.len(), 64);
        assert!(!digest.contains("julie"));
        assert_eq!(digest, author_digest("julie_marketing"));
        assert_ne!(digest, author_digest("julie_marketing2"));
    }
}
