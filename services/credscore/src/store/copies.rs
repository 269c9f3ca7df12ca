//! Copied and re-posted content across stored items: the shared copy index (`copy_index`,
//! the originals with their MinHash bands) and the copies found (`copies`), see
//! `migrations/0013_copies.sql`. What counts as a copy is decided in [`crate::copies`].

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::postgres::PgPool;
use sqlx::Row;

use futures::TryStreamExt;

use crate::copies::{judge, BandTable, CopiedFrom, Entrant, Original, Signature, BANDS};
use crate::store::pool::DbError;

/// Advisory lock key of the copy step: one batch at a time, across replicas, reads and files
/// originals, so that two batches never miss each other's items.
pub const COPIES_LOCK: i64 = 0x6372_6564_636f_7079; // "credcopy"

/// Stored originals read per entrant at most: a band shared by more texts than this is a
/// common phrase, not a sign of a copy.
const CANDIDATES_PER_ENTRANT: usize = 32;

/// A scorer's view of the copy index: the band keys of every original filed so far, in
/// memory ([`BandTable`]), and the last `copy_index.seq` it has seen. It is brought up to date
/// under the copy lock before each lookup (originals are filed only under that lock, so their
/// sequence numbers grow in the order they become visible), from the rows other replicas
/// filed since.
#[derive(Debug, Default)]
pub struct CopyCache {
    table: BandTable,
    synced_seq: i64,
}

impl CopyCache {
    /// Empty: the first lookup reads the whole index.
    pub fn new() -> CopyCache {
        CopyCache::default()
    }

    /// Reads the whole index now (outside the copy lock, so that the first batch holds it
    /// only for what was filed since), into a table sized for the originals already filed,
    /// so that it does not grow while it is read.
    pub async fn warm(&mut self, pool: &PgPool) -> Result<(), DbError> {
        let mut connection = pool.acquire().await?;
        if self.table.is_empty() {
            let filed: i64 = sqlx::query_scalar("SELECT count(*) FROM copy_index")
                .fetch_one(&mut *connection)
                .await?;
            self.table = BandTable::with_capacity(filed.max(0) as usize * BANDS);
        }
        self.sync(&mut connection).await
    }

    /// Originals filed.
    pub fn originals(&self) -> usize {
        self.table.originals_filed()
    }

    /// Bytes of memory the band keys take.
    pub fn bytes(&self) -> usize {
        self.table.bytes()
    }

    /// Files the bands of originals filed since the last sync (all of them the first time).
    async fn sync(&mut self, tx: &mut sqlx::PgConnection) -> Result<(), DbError> {
        let mut rows = sqlx::query_as::<_, (i64, Vec<u8>)>(
            "SELECT seq, signature FROM copy_index WHERE seq > $1 ORDER BY seq",
        )
        .bind(self.synced_seq)
        .fetch(&mut *tx);
        while let Some((seq, bytes)) = rows.try_next().await? {
            match Signature::from_bytes(&bytes) {
                Some(signature) => self.file(seq, &signature),
                None => self.synced_seq = self.synced_seq.max(seq),
            }
        }
        Ok(())
    }

    fn file(&mut self, seq: i64, signature: &Signature) {
        self.table.file(seq, signature.band_keys());
        self.synced_seq = self.synced_seq.max(seq);
    }
}

/// Judges `entrants` (stored items: new, edited or sent again) against the stored originals
/// and each other, and stores the verdicts in one transaction: copies in `copies`, originals
/// in `copy_index`, and a stored original found to copy an earlier entrant moved from one to
/// the other. Returns what each entrant copies. Judging the same items again changes nothing.
pub async fn record_copies(
    pool: &PgPool,
    cache: &mut CopyCache,
    entrants: &[Entrant<'_>],
) -> Result<Vec<Option<CopiedFrom>>, DbError> {
    if entrants.is_empty() {
        return Ok(Vec::new());
    }
    let mut tx = pool.begin().await?;
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(COPIES_LOCK)
        .execute(&mut *tx)
        .await?;
    let mut stored = lookup(&mut tx, cache, entrants).await?;
    // A stored original's text matters only if it may turn out to copy an entrant published
    // before it (a quote of the entrant is not a copy): read those few texts.
    if let Some(earliest) = entrants.iter().map(|e| e.at).min() {
        let later: Vec<&str> = stored
            .iter()
            .filter(|o| o.at > earliest)
            .map(|o| o.id.as_str())
            .collect();
        if !later.is_empty() {
            let texts: HashMap<String, String> =
                sqlx::query_as("SELECT id, text FROM items WHERE id = ANY($1)")
                    .bind(&later)
                    .fetch_all(&mut *tx)
                    .await?
                    .into_iter()
                    .collect();
            for original in &mut stored {
                if let Some(text) = texts.get(&original.id) {
                    original.text.clone_from(text);
                }
            }
        }
    }
    let verdicts = judge(entrants, stored);

    let mut unfiled: Vec<&str> = entrants.iter().map(|e| e.id).collect();
    unfiled.extend(verdicts.demoted.iter().map(|(id, _)| id.as_str()));
    unfile(&mut tx, &unfiled).await?;
    sqlx::query("DELETE FROM copies WHERE item_id = ANY($1)")
        .bind(entrants.iter().map(|e| e.id).collect::<Vec<_>>())
        .execute(&mut *tx)
        .await?;
    if !verdicts.originals.is_empty() {
        let originals: Vec<&Entrant<'_>> =
            verdicts.originals.iter().map(|&i| &entrants[i]).collect();
        let signatures: Vec<&Signature> = originals
            .iter()
            .map(|e| e.signature.as_ref().expect("originals have a signature"))
            .collect();
        let filed: Vec<(String, i64)> = sqlx::query_as(
            "INSERT INTO copy_index (item_id, author, at, signature)
             SELECT * FROM UNNEST($1::text[], $2::text[], $3::timestamptz[], $4::bytea[])
             RETURNING item_id, seq",
        )
        .bind(originals.iter().map(|e| e.id).collect::<Vec<_>>())
        .bind(originals.iter().map(|e| e.author).collect::<Vec<_>>())
        .bind(originals.iter().map(|e| e.at).collect::<Vec<_>>())
        .bind(signatures.iter().map(|s| s.to_bytes()).collect::<Vec<_>>())
        .fetch_all(&mut *tx)
        .await?;
        let filed: HashMap<&str, i64> = filed.iter().map(|(id, seq)| (id.as_str(), *seq)).collect();
        for (e, signature) in originals.iter().zip(&signatures) {
            cache.file(filed[e.id], signature);
        }
    }
    let found: Vec<(&str, &CopiedFrom)> = entrants
        .iter()
        .zip(&verdicts.copied_from)
        .filter_map(|(e, c)| c.as_ref().map(|c| (e.id, c)))
        .chain(verdicts.demoted.iter().map(|(id, c)| (id.as_str(), c)))
        .collect();
    if !found.is_empty() {
        sqlx::query(
            "INSERT INTO copies (item_id, original_id, original_author, similarity)
             SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[], $4::float8[])
             ON CONFLICT (item_id) DO UPDATE SET original_id = EXCLUDED.original_id,
                 original_author = EXCLUDED.original_author, similarity = EXCLUDED.similarity,
                 found_at = now()",
        )
        .bind(found.iter().map(|(id, _)| *id).collect::<Vec<_>>())
        .bind(found.iter().map(|(_, c)| c.id.as_str()).collect::<Vec<_>>())
        .bind(
            found
                .iter()
                .map(|(_, c)| c.author.as_str())
                .collect::<Vec<_>>(),
        )
        .bind(found.iter().map(|(_, c)| c.similarity).collect::<Vec<_>>())
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(verdicts.copied_from)
}

/// Removes the items `ids` from the copy index, if filed. (Scorers' band tables keep their
/// keys: a lookup that reaches them reads no row.)
pub async fn unfile(tx: &mut sqlx::PgConnection, ids: &[&str]) -> Result<(), DbError> {
    sqlx::query("DELETE FROM copy_index WHERE item_id = ANY($1)")
        .bind(ids)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Takes the items `ids` out of the copy index and the copies found (items the batch could
/// not store after all).
pub async fn forget(pool: &PgPool, ids: &[&str]) -> Result<(), DbError> {
    let mut tx = pool.begin().await?;
    unfile(&mut tx, ids).await?;
    sqlx::query("DELETE FROM copies WHERE item_id = ANY($1)")
        .bind(ids)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The stored originals sharing a band key with one of `entrants` (at most
/// [`CANDIDATES_PER_ENTRANT`] per entrant, the earliest filed first), without their texts
/// (empty: the caller reads the few it needs): the cache is brought up to date, then only the
/// originals it files under the entrants' keys are read. The caller holds the copy lock.
pub async fn lookup(
    tx: &mut sqlx::PgConnection,
    cache: &mut CopyCache,
    entrants: &[Entrant<'_>],
) -> Result<Vec<Original>, DbError> {
    cache.sync(&mut *tx).await?;
    let mut seqs: Vec<i64> = Vec::new();
    for signature in entrants.iter().filter_map(|e| e.signature.as_ref()) {
        let mut own: Vec<i64> = signature
            .band_keys()
            .flat_map(|key| cache.table.originals(key))
            .collect();
        own.sort_unstable();
        own.dedup();
        own.truncate(CANDIDATES_PER_ENTRANT);
        seqs.extend(own);
    }
    seqs.sort_unstable();
    seqs.dedup();
    if seqs.is_empty() {
        return Ok(Vec::new());
    }
    let rows =
        sqlx::query("SELECT item_id, author, at, signature FROM copy_index WHERE seq = ANY($1)")
            .bind(&seqs)
            .fetch_all(&mut *tx)
            .await?;
    Ok(rows
        .iter()
        .filter_map(|r| {
            Some(Original {
                id: r.get("item_id"),
                author: r.get("author"),
                text: String::new(),
                at: r.get("at"),
                signature: Signature::from_bytes(r.get::<&[u8], _>("signature"))?,
            })
        })
        .collect())
}

/// A later item that copies a stored one, as the item page lists them.
#[derive(Debug, Clone, Serialize)]
pub struct CopiedBy {
    /// The copy's id.
    pub id: String,
    /// Its author.
    pub author: String,
    /// Estimated share of word pairs in common, in [0, 1].
    pub similarity: f64,
}

/// Copies listed on an item's page at most.
const COPIES_LISTED: i64 = 20;

/// What item `id` copies, if anything, and the stored items that copy it (the first
/// [`COPIES_LISTED`]).
pub async fn item_copies(
    pool: &PgPool,
    id: &str,
) -> Result<(Option<CopiedFrom>, Vec<CopiedBy>), DbError> {
    let copied_from = sqlx::query(
        "SELECT original_id, original_author, similarity FROM copies WHERE item_id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?
    .map(|r| CopiedFrom {
        id: r.get("original_id"),
        author: r.get("original_author"),
        similarity: r.get("similarity"),
    });
    let copied_by = sqlx::query(
        "SELECT c.item_id, i.author, c.similarity FROM copies c JOIN items i ON i.id = c.item_id
         WHERE c.original_id = $1 ORDER BY COALESCE(i.created_at, i.ingested_at), c.item_id
         LIMIT $2",
    )
    .bind(id)
    .bind(COPIES_LISTED)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| CopiedBy {
        id: r.get("item_id"),
        author: r.get("author"),
        similarity: r.get("similarity"),
    })
    .collect();
    Ok((copied_from, copied_by))
}

/// Items judged per batch by [`backfill`].
const BACKFILL_BATCH: i64 = 2_000;

/// Judges, oldest first, the stored items of at least eight words that are neither filed in
/// the copy index nor recorded as copies (stored before the index existed, or while a scorer
/// ran without it), in batches through [`record_copies`]; `progress` hears after each batch.
/// Returns (items judged, copies found); shorter texts are passed over, as the scorer does.
pub async fn backfill(
    pool: &PgPool,
    mut progress: impl FnMut(u64, u64),
) -> Result<(u64, u64), DbError> {
    let mut cache = CopyCache::new();
    cache.warm(pool).await?;
    let (mut judged, mut found) = (0u64, 0u64);
    let mut after: Option<(DateTime<Utc>, String)> = None;
    loop {
        let rows: Vec<(String, String, String, DateTime<Utc>)> = sqlx::query_as(
            "SELECT i.id, i.author, i.text, COALESCE(i.created_at, i.ingested_at) AS at
             FROM items i
             WHERE ($1::timestamptz IS NULL
                    OR (COALESCE(i.created_at, i.ingested_at), i.id) > ($1, $2::text))
               AND NOT EXISTS (SELECT 1 FROM copy_index c WHERE c.item_id = i.id)
               AND NOT EXISTS (SELECT 1 FROM copies c WHERE c.item_id = i.id)
             ORDER BY COALESCE(i.created_at, i.ingested_at), i.id
             LIMIT $3",
        )
        .bind(after.as_ref().map(|a| a.0))
        .bind(after.as_ref().map(|a| a.1.clone()))
        .bind(BACKFILL_BATCH)
        .fetch_all(pool)
        .await?;
        let Some(last) = rows.last() else {
            return Ok((judged, found));
        };
        after = Some((last.3, last.0.clone()));
        let entrants: Vec<Entrant<'_>> = rows
            .iter()
            .filter_map(|(id, author, text, at)| {
                let signature = Signature::of(text)?;
                Some(Entrant {
                    id,
                    author,
                    text,
                    at: *at,
                    signature: Some(signature),
                })
            })
            .collect();
        let verdicts = record_copies(pool, &mut cache, &entrants).await?;
        judged += entrants.len() as u64;
        found += verdicts.iter().flatten().count() as u64;
        progress(judged, found);
    }
}
