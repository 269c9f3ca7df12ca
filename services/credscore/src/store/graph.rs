//! The reply graph and peer standing in PostgreSQL (migration 0012): engagements written with
//! their items, the whole graph read by the peer-standing job, its results replaced whole, and
//! read back for the API and dashboard.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::postgres::PgPool;
use sqlx::Row;

use crate::graph::Engagement;
use crate::store::pool::DbError;

/// Key of the PostgreSQL advisory lock held while peer standing is computed: one replica at a
/// time runs the job, and an erasure waits for a running job (which could otherwise store a
/// standing naming the erased author after the erasure).
pub const STANDING_LOCK: i64 = 0x6372_6564_7374_6e64; // "credstnd"

/// Takes the peer-standing lock on this connection (released by [`unlock_standing`] or when
/// the connection closes): waiting for it, or only if it is free. Whether it was taken.
pub async fn lock_standing(
    connection: &mut sqlx::PgConnection,
    wait: bool,
) -> Result<bool, DbError> {
    if wait {
        sqlx::query("SELECT pg_advisory_lock($1)")
            .bind(STANDING_LOCK)
            .execute(&mut *connection)
            .await?;
        return Ok(true);
    }
    Ok(sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
        .bind(STANDING_LOCK)
        .fetch_one(&mut *connection)
        .await?)
}

/// Releases the peer-standing lock taken on this connection.
pub async fn unlock_standing(connection: &mut sqlx::PgConnection) -> Result<(), DbError> {
    sqlx::query("SELECT pg_advisory_unlock($1)")
        .bind(STANDING_LOCK)
        .execute(&mut *connection)
        .await?;
    Ok(())
}

/// Writes a batch's engagements, in the batch's transaction. The items in `changed` were
/// stored before with other content: their old engagements go first (an edit may drop a
/// mention). Writing the same engagements again changes nothing.
pub async fn write_engagements(
    tx: &mut sqlx::PgConnection,
    engagements: &[Engagement],
    stance_version: &str,
    changed: &[String],
) -> Result<(), DbError> {
    if !changed.is_empty() {
        sqlx::query("DELETE FROM engagements WHERE item_id = ANY($1)")
            .bind(changed)
            .execute(&mut *tx)
            .await?;
    }
    if engagements.is_empty() {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO engagements (item_id, via, target, author, endorses, contradicts, stance_version)
         SELECT t.i, t.v, t.t, t.a, t.e, t.c, $7
         FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[])
              AS t(i, v, t, a, e, c)
         ON CONFLICT (item_id, via, target) DO UPDATE SET author = EXCLUDED.author,
             endorses = EXCLUDED.endorses, contradicts = EXCLUDED.contradicts,
             stance_version = EXCLUDED.stance_version
         WHERE (engagements.author, engagements.endorses, engagements.contradicts,
                engagements.stance_version)
               IS DISTINCT FROM (EXCLUDED.author, EXCLUDED.endorses, EXCLUDED.contradicts,
                                 EXCLUDED.stance_version)",
    )
    .bind(engagements.iter().map(|e| e.item_id.as_str()).collect::<Vec<_>>())
    .bind(engagements.iter().map(|e| e.via.as_str()).collect::<Vec<_>>())
    .bind(engagements.iter().map(|e| e.target.as_str()).collect::<Vec<_>>())
    .bind(engagements.iter().map(|e| e.author.as_str()).collect::<Vec<_>>())
    .bind(engagements.iter().map(|e| e.endorses).collect::<Vec<_>>())
    .bind(engagements.iter().map(|e| e.contradicts).collect::<Vec<_>>())
    .bind(stance_version)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Up to `limit` stored items whose engagements were judged by another stance model than
/// `stance_version`, with their texts.
pub async fn stale_stances(
    pool: &PgPool,
    stance_version: &str,
    limit: i64,
) -> Result<Vec<(String, String)>, DbError> {
    Ok(sqlx::query_as(
        "SELECT i.id, i.text FROM items i
         WHERE i.id IN (SELECT item_id FROM engagements WHERE stance_version <> $1 LIMIT $2)",
    )
    .bind(stance_version)
    .bind(limit)
    .fetch_all(pool)
    .await?)
}

/// Stores the stance `stance_version` gives each item's text on all its engagements:
/// (item id, endorses, contradicts).
pub async fn update_stances(
    pool: &PgPool,
    stances: &[(String, f64, f64)],
    stance_version: &str,
) -> Result<u64, DbError> {
    Ok(sqlx::query(
        "UPDATE engagements e SET endorses = t.e, contradicts = t.c, stance_version = $4
         FROM UNNEST($1::text[], $2::float8[], $3::float8[]) AS t(i, e, c)
         WHERE e.item_id = t.i AND e.stance_version <> $4",
    )
    .bind(stances.iter().map(|s| s.0.as_str()).collect::<Vec<_>>())
    .bind(stances.iter().map(|s| s.1).collect::<Vec<_>>())
    .bind(stances.iter().map(|s| s.2).collect::<Vec<_>>())
    .bind(stance_version)
    .execute(pool)
    .await?
    .rows_affected())
}

/// One engagement of an item, as its page shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemEngagement {
    /// `reply` or `mention`.
    pub via: String,
    /// The parent item's id (reply) or the mentioned handle (mention).
    pub target: String,
    /// Whose item it answers (reply, once the parent is stored) or the handle (mention).
    pub target_author: Option<String>,
    /// Probability that it endorses its target.
    pub endorses: f64,
    /// Probability that it contradicts its target.
    pub contradicts: f64,
}

/// An item's engagements: the item it answers and the handles it mentions.
pub async fn item_engagements(pool: &PgPool, id: &str) -> Result<Vec<ItemEngagement>, DbError> {
    Ok(sqlx::query(
        "SELECT e.via, e.target, CASE WHEN e.via = 'reply' THEN p.author ELSE e.target END AS target_author,
                e.endorses, e.contradicts
         FROM engagements e LEFT JOIN items p ON e.via = 'reply' AND p.id = e.target
         WHERE e.item_id = $1 ORDER BY e.via DESC, e.target",
    )
    .bind(id)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| ItemEngagement {
        via: r.get("via"),
        target: r.get("target"),
        target_author: r.get("target_author"),
        endorses: r.get("endorses"),
        contradicts: r.get("contradicts"),
    })
    .collect())
}

/// A scored practitioner, as the peer-standing job reads them.
#[derive(Debug, Clone)]
pub struct PractitionerNode {
    /// The practitioner id.
    pub id: String,
    /// Their text-based credibility.
    pub credibility: f64,
    /// The evidence it rests on (decayed sum of item weights).
    pub evidence: f64,
}

/// Engagements from one practitioner to another, summed.
#[derive(Debug, Clone, PartialEq)]
pub struct PairEngagement {
    /// Who engages.
    pub from: String,
    /// With whom: the parent item's author, or the mentioned handle as written.
    pub to: String,
    /// Sum of the endorsement probabilities.
    pub endorses: f64,
    /// Sum of the contradiction probabilities.
    pub contradicts: f64,
    /// Number of engaging items.
    pub items: i64,
}

/// Every scored practitioner and every engagement summed per pair. A reply counts once its
/// parent is stored (its author is looked up now, not when the reply was written); a mention
/// is returned with the handle as written, for the job to resolve. The stance model's two
/// probabilities come from two regressions and may add up to more than 1: each engagement's
/// pair is scaled to sum to at most 1, so one reply never weighs more than one reply.
pub async fn load_graph(
    pool: &PgPool,
) -> Result<(Vec<PractitionerNode>, Vec<PairEngagement>), DbError> {
    let nodes = sqlx::query(
        "SELECT id, credibility, COALESCE(effective_items, 0) AS evidence
         FROM practitioners WHERE credibility IS NOT NULL ORDER BY id",
    )
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| PractitionerNode {
        id: r.get("id"),
        credibility: r.get("credibility"),
        evidence: r.get("evidence"),
    })
    .collect();
    let edges = sqlx::query(
        "SELECT e.author AS source, COALESCE(p.author, e.target) AS target,
                sum(e.endorses / greatest(1.0, e.endorses + e.contradicts)) AS endorses,
                sum(e.contradicts / greatest(1.0, e.endorses + e.contradicts)) AS contradicts,
                count(*) AS items
         FROM engagements e
         LEFT JOIN items p ON e.via = 'reply' AND p.id = e.target
         WHERE e.via = 'mention' OR p.author IS NOT NULL
         GROUP BY 1, 2 ORDER BY 1, 2",
    )
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| PairEngagement {
        from: r.get("source"),
        to: r.get("target"),
        endorses: r.get("endorses"),
        contradicts: r.get("contradicts"),
        items: r.get("items"),
    })
    .collect();
    Ok((nodes, edges))
}

/// Who lifts or lowers a practitioner's standing, and by how much.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Peer {
    /// The peer's practitioner id.
    pub id: String,
    /// Their share of the standing's movement (endorsers up, contradictors down).
    pub contribution: f64,
}

/// A practitioner's peer standing, as stored by the last run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeerStanding {
    /// In [0, 1]; 0.5 when no credible peer engages with them.
    pub standing: f64,
    /// How much the standing rests on, in [0, 1].
    pub confidence: f64,
    /// Strongest endorsers first.
    pub endorsers: Vec<Peer>,
    /// Strongest contradictors first.
    pub contradictors: Vec<Peer>,
    /// The algorithm and stance model it was computed with.
    pub version: String,
    /// When it was computed.
    pub computed_at: DateTime<Utc>,
}

/// What one run of the peer-standing job read and did.
#[derive(Debug, Clone, Serialize)]
pub struct StandingRun {
    /// The algorithm and stance model.
    pub version: String,
    /// When it started.
    pub started_at: DateTime<Utc>,
    /// How long it took, reading and writing included.
    pub seconds: f64,
    /// Practitioners in the graph.
    pub practitioners: i64,
    /// Practitioner pairs with engagements.
    pub edges: i64,
    /// Iterations to the fixed point.
    pub iterations: i64,
}

/// Replaces every stored standing with `standings` (by practitioner id) and records the run,
/// in one transaction, so readers see the previous run or this one, never a mix.
pub async fn replace_standings(
    pool: &PgPool,
    standings: &HashMap<String, PeerStanding>,
    run: &StandingRun,
) -> Result<(), DbError> {
    let mut tx = pool.begin().await?;
    sqlx::query("DELETE FROM peer_standing")
        .execute(&mut *tx)
        .await?;
    let ids: Vec<&str> = standings.keys().map(String::as_str).collect();
    let json = |peers: &[Peer]| serde_json::to_string(peers).expect("peers serialise");
    sqlx::query(
        "INSERT INTO peer_standing (practitioner_id, standing, confidence, endorsers, contradictors,
                                    version, computed_at)
         SELECT t.i, t.s, t.c, t.e::jsonb, t.x::jsonb, $6, $7
         FROM UNNEST($1::text[], $2::float8[], $3::float8[], $4::text[], $5::text[])
              AS t(i, s, c, e, x)",
    )
    .bind(&ids)
    .bind(ids.iter().map(|i| standings[*i].standing).collect::<Vec<_>>())
    .bind(ids.iter().map(|i| standings[*i].confidence).collect::<Vec<_>>())
    .bind(ids.iter().map(|i| json(&standings[*i].endorsers)).collect::<Vec<_>>())
    .bind(ids.iter().map(|i| json(&standings[*i].contradictors)).collect::<Vec<_>>())
    .bind(&run.version)
    .bind(run.started_at)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO standing_runs (version, started_at, seconds, practitioners, edges, iterations)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&run.version)
    .bind(run.started_at)
    .bind(run.seconds)
    .bind(run.practitioners)
    .bind(run.edges)
    .bind(run.iterations)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A practitioner's stored peer standing; None before the first run that saw them.
pub async fn peer_standing(pool: &PgPool, id: &str) -> Result<Option<PeerStanding>, DbError> {
    let row = sqlx::query(
        "SELECT standing, confidence, endorsers, contradictors, version, computed_at
         FROM peer_standing WHERE practitioner_id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|r| {
        let peers = |column: &str| {
            serde_json::from_value(r.get::<serde_json::Value, _>(column)).unwrap_or_default()
        };
        PeerStanding {
            standing: r.get("standing"),
            confidence: r.get("confidence"),
            endorsers: peers("endorsers"),
            contradictors: peers("contradictors"),
            version: r.get("version"),
            computed_at: r.get("computed_at"),
        }
    }))
}

/// The standings of several practitioners (a ranking page), by id.
pub async fn standings_of(
    pool: &PgPool,
    ids: &[String],
) -> Result<HashMap<String, (f64, f64)>, DbError> {
    Ok(sqlx::query(
        "SELECT practitioner_id, standing, confidence FROM peer_standing
         WHERE practitioner_id = ANY($1)",
    )
    .bind(ids)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| {
        (
            r.get("practitioner_id"),
            (r.get("standing"), r.get("confidence")),
        )
    })
    .collect())
}

/// The last run of the peer-standing job, if any.
pub async fn last_run(pool: &PgPool) -> Result<Option<StandingRun>, DbError> {
    Ok(sqlx::query(
        "SELECT version, started_at, seconds, practitioners, edges, iterations
         FROM standing_runs ORDER BY id DESC LIMIT 1",
    )
    .fetch_optional(pool)
    .await?
    .map(|r| StandingRun {
        version: r.get("version"),
        started_at: r.get("started_at"),
        seconds: r.get("seconds"),
        practitioners: r.get("practitioners"),
        edges: r.get("edges"),
        iterations: r.get("iterations"),
    }))
}
