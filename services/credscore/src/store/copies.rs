//! Copied and re-posted content across stored items: the shared copy index (`copy_index`,
//! the originals with their MinHash bands) and the copies found (`copies`), see
//! `migrations/0013_copies.sql`. What counts as a copy is decided in [`crate::copies`].

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::postgres::PgPool;
use sqlx::Row;

use futures::TryStreamExt;

use crate::copies::{judge, BandFilter, CopiedFrom, Entrant, Original, Signature};
use crate::store::pool::DbError;

/// Advisory lock key of the copy step: one batch at a time, across replicas, reads and files
/// originals, so that two batches never miss each other's items.
pub const COPIES_LOCK: i64 = 0x6372_6564_636f_7079; // "credcopy"

/// Stored originals read per entrant at most: a band shared by more texts than this is a
/// common phrase, not a sign of a copy.
const CANDIDATES_PER_ENTRANT: usize = 32;

/// A scorer's view of the copy index: a filter over the band keys of every original filed so
/// far, and the last `copy_index.seq` it has seen. It is brought up to date under the copy
/// lock before each lookup (originals are filed only under that lock, so their sequence
/// numbers grow in the order they become visible), from the rows other replicas filed since.
#[derive(Debug)]
pub struct CopyCache {
    filter: BandFilter,
    synced_seq: i64,
}

impl Default for CopyCache {
    fn default() -> CopyCache {
        CopyCache::new()
    }
}

impl CopyCache {
    /// Empty: the first lookup reads the whole index.
    pub fn new() -> CopyCache {
        CopyCache {
            filter: BandFilter::with_capacity(0),
            synced_seq: 0,
        }
    }

    /// Reads the whole index now (outside the copy lock, so that the first batch holds it
    /// only for what was filed since).
    pub async fn warm(&mut self, pool: &PgPool) -> Result<(), DbError> {
        let mut connection = pool.acquire().await?;
        self.sync(&mut connection).await
    }

    /// Band keys filed.
    pub fn keys(&self) -> usize {
        self.filter.len()
    }

    /// Files the bands of originals filed since the last sync (all of them the first time, or
    /// when the filter is full and is built again, twice as large).
    async fn sync(&mut self, tx: &mut sqlx::PgConnection) -> Result<(), DbError> {
        if self.filter.is_full() {
            *self = CopyCache {
                filter: BandFilter::with_capacity(self.filter.len() * 2),
                synced_seq: 0,
            };
        }
        let mut rows = sqlx::query_as::<_, (i64, Vec<u8>)>(
            "SELECT seq, signature FROM copy_index WHERE seq > $1 ORDER BY seq",
        )
        .bind(self.synced_seq)
        .fetch(&mut *tx);
        while let Some((seq, bytes)) = rows.try_next().await? {
            if let Some(signature) = Signature::from_bytes(&bytes) {
                self.file(seq, &signature);
            }
        }
        Ok(())
    }

    fn file(&mut self, seq: i64, signature: &Signature) {
        for key in signature.bands() {
            self.filter.insert(key);
        }
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
        let (keys, owners) = band_rows(
            originals
                .iter()
                .zip(&signatures)
                .map(|(e, signature)| (&filed[e.id], *signature)),
        );
        sqlx::query(
            "INSERT INTO copy_bands (band_key, seq)
             SELECT * FROM UNNEST($1::bigint[], $2::bigint[])",
        )
        .bind(keys)
        .bind(owners)
        .execute(&mut *tx)
        .await?;
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

/// One `copy_bands` row per band of each (seq, signature): keys and seqs, as two columns.
fn band_rows<'a>(
    originals: impl Iterator<Item = (&'a i64, &'a Signature)>,
) -> (Vec<i64>, Vec<i64>) {
    let mut keys = Vec::new();
    let mut seqs = Vec::new();
    for (seq, signature) in originals {
        for key in signature.bands() {
            keys.push(key);
            seqs.push(*seq);
        }
    }
    (keys, seqs)
}

/// Removes the items `ids` from the copy index (their row and their bands), if filed.
pub async fn unfile(tx: &mut sqlx::PgConnection, ids: &[&str]) -> Result<(), DbError> {
    let rows =
        sqlx::query("DELETE FROM copy_index WHERE item_id = ANY($1) RETURNING seq, signature")
            .bind(ids)
            .fetch_all(&mut *tx)
            .await?;
    unfile_bands(tx, &rows).await
}

/// Removes the bands of deleted `copy_index` rows (their `seq` and `signature`).
pub async fn unfile_bands(
    tx: &mut sqlx::PgConnection,
    rows: &[sqlx::postgres::PgRow],
) -> Result<(), DbError> {
    if rows.is_empty() {
        return Ok(());
    }
    let filed: Vec<(i64, Signature)> = rows
        .iter()
        .filter_map(|r| {
            Some((
                r.get("seq"),
                Signature::from_bytes(r.get::<&[u8], _>("signature"))?,
            ))
        })
        .collect();
    let (keys, seqs) = band_rows(filed.iter().map(|(seq, signature)| (seq, signature)));
    sqlx::query(
        "DELETE FROM copy_bands WHERE (band_key, seq) IN
            (SELECT * FROM UNNEST($1::bigint[], $2::bigint[]))",
    )
    .bind(keys)
    .bind(seqs)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// The stored originals sharing a band key with one of `entrants`: the cache is brought up to
/// date, then only the keys it may hold are looked up. The caller holds the copy lock.
pub async fn lookup(
    tx: &mut sqlx::PgConnection,
    cache: &mut CopyCache,
    entrants: &[Entrant<'_>],
) -> Result<Vec<Original>, DbError> {
    cache.sync(&mut *tx).await?;
    let mut keys: Vec<i64> = entrants
        .iter()
        .filter_map(|e| e.signature.as_ref())
        .flat_map(Signature::bands)
        .filter(|&key| cache.filter.may_contain(key))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    candidates(tx, &keys, entrants.len() * CANDIDATES_PER_ENTRANT).await
}

/// The stored originals filed under at least one of the bucket keys `keys` (at most `limit`),
/// without their texts (empty: the caller reads the few it needs).
pub async fn candidates(
    tx: &mut sqlx::PgConnection,
    keys: &[i64],
    limit: usize,
) -> Result<Vec<Original>, DbError> {
    let rows = sqlx::query(
        "SELECT c.item_id, c.author, c.at, c.signature
         FROM (SELECT DISTINCT seq FROM copy_bands WHERE band_key = ANY($1) LIMIT $2) b
         JOIN copy_index c ON c.seq = b.seq",
    )
    .bind(keys)
    .bind(limit as i64)
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
