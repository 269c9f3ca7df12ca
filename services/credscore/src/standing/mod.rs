//! The peer-standing job: reads the reply graph, computes every practitioner's standing among
//! their peers (`credscore-standing`), stores it whole. The scorer runs it periodically, one
//! replica at a time (a PostgreSQL advisory lock); `credscore standing` runs it once.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use credscore_model::stance::StanceModel;
use sqlx::PgPool;
use tokio_util::sync::CancellationToken;

use crate::metrics::ScorerMetrics;
use crate::store::graph::{
    self as graph_store, load_graph, replace_standings, PairEngagement, Peer, PeerStanding,
    PractitionerNode, StandingRun,
};
use crate::store::DbError;

/// Evidence (a practitioner's weighted item count, `effective_items`) from which a practitioner
/// weighs fully as a source of trust; below it their weight falls with the square. Items count
/// by the square of their evidence weight, so 10 is about ten items that say something either
/// way (the sample's most prolific practitioner has 8.4; most have 1 to 4).
pub const EVIDENCE_CAP: f64 = 10.0;

/// Peers listed as endorsers or contradictors of a practitioner, at most.
pub const PEERS_LISTED: usize = 10;

/// The graph with practitioner ids resolved to indices: what the algorithm takes.
#[derive(Debug, Default)]
pub struct ResolvedGraph {
    /// Practitioner ids, by index.
    pub ids: Vec<String>,
    /// Each practitioner's own credibility and evidence, by index.
    pub practitioners: Vec<credscore_standing::Practitioner>,
    /// Engagements summed per ordered pair of indices.
    pub edges: Vec<credscore_standing::ReplyEdge>,
}

/// Resolves engagement targets to scored practitioners: a reply's target is already its
/// parent's author; a mention's handle matches an id exactly, else case-insensitively when
/// only one id matches. Engagements with no scored practitioner at either end, and a
/// practitioner's engagements with themselves, are left out.
pub fn resolve(nodes: &[PractitionerNode], pairs: &[PairEngagement]) -> ResolvedGraph {
    let index: HashMap<&str, u32> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i as u32))
        .collect();
    let mut folded: HashMap<String, Option<u32>> = HashMap::new();
    for (i, n) in nodes.iter().enumerate() {
        folded
            .entry(n.id.to_lowercase())
            .and_modify(|slot| *slot = None)
            .or_insert(Some(i as u32));
    }
    let find = |handle: &str| {
        index
            .get(handle)
            .copied()
            .or_else(|| folded.get(&handle.to_lowercase()).copied().flatten())
    };
    let mut summed: HashMap<(u32, u32), credscore_standing::ReplyEdge> = HashMap::new();
    for pair in pairs {
        let (Some(from), Some(to)) = (index.get(pair.from.as_str()).copied(), find(&pair.to))
        else {
            continue;
        };
        if from == to {
            continue;
        }
        let edge = summed
            .entry((from, to))
            .or_insert_with(|| credscore_standing::ReplyEdge {
                from,
                to,
                endorse: 0.0,
                contradict: 0.0,
                replies: 0,
            });
        edge.endorse += pair.endorses;
        edge.contradict += pair.contradicts;
        edge.replies += pair.items.max(0) as u32;
    }
    let mut edges: Vec<credscore_standing::ReplyEdge> = summed.into_values().collect();
    edges.sort_by_key(|e| (e.from, e.to));
    ResolvedGraph {
        ids: nodes.iter().map(|n| n.id.clone()).collect(),
        practitioners: nodes
            .iter()
            .map(|n| credscore_standing::Practitioner {
                credibility: n.credibility.clamp(0.0, 1.0),
                evidence: n.evidence.max(0.0),
            })
            .collect(),
        edges,
    }
}

/// The version stored with each standing: the algorithm's and the stance model's.
pub fn version(stance_version: &str) -> String {
    format!(
        "{}+stance-{stance_version}",
        credscore_standing::ALGORITHM_VERSION
    )
}

/// Why a run of the peer-standing job failed.
#[derive(Debug, thiserror::Error)]
pub enum StandingJobError {
    /// Reading the graph or storing the results.
    #[error(transparent)]
    Db(#[from] DbError),
    /// The stored graph holds values the computation refuses (a stance probability out of
    /// range, say): a bug upstream, named with the offending value.
    #[error("the reply graph cannot be used: {0}")]
    Input(#[from] credscore_standing::StandingError),
}

/// Computes and stores every practitioner's peer standing once; returns what the run did.
pub async fn run_once(
    pool: &PgPool,
    stance: &Arc<StanceModel>,
) -> Result<StandingRun, StandingJobError> {
    let started = Instant::now();
    let started_at = chrono::Utc::now();
    let stance_version = stance.version();
    let rejudged = rejudge(pool, stance).await?;
    if rejudged > 0 {
        tracing::info!(
            engagements = rejudged,
            stance_version,
            "engagements judged again by the current stance model"
        );
    }
    let (nodes, pairs) = load_graph(pool).await?;
    let resolved = resolve(&nodes, &pairs);
    let (ids, result) = tokio::task::spawn_blocking(move || {
        let result = credscore_standing::compute(
            &resolved.practitioners,
            &resolved.edges,
            &credscore_standing::Params {
                evidence_cap: EVIDENCE_CAP,
                top_contributors: PEERS_LISTED,
                ..Default::default()
            },
        );
        (resolved.ids, result)
    })
    .await
    .expect("the standing computation does not panic");
    let result = result?;
    let name = |peer: &credscore_standing::Contribution| Peer {
        id: ids[peer.practitioner as usize].clone(),
        contribution: peer.weight,
    };
    let standings: HashMap<String, PeerStanding> = ids
        .iter()
        .zip(&result.practitioners)
        .map(|(id, s)| {
            (
                id.clone(),
                PeerStanding {
                    standing: s.standing,
                    confidence: s.confidence,
                    endorsers: s.endorsers.iter().take(PEERS_LISTED).map(name).collect(),
                    contradictors: s
                        .contradictors
                        .iter()
                        .take(PEERS_LISTED)
                        .map(name)
                        .collect(),
                    version: version(stance_version),
                    computed_at: started_at,
                },
            )
        })
        .collect();
    let mut run = StandingRun {
        version: version(stance_version),
        started_at,
        seconds: 0.0,
        practitioners: ids.len() as i64,
        edges: result.stats.pairs as i64,
        iterations: i64::from(result.stats.iterations),
    };
    run.seconds = started.elapsed().as_secs_f64();
    replace_standings(pool, &standings, &run).await?;
    run.seconds = started.elapsed().as_secs_f64();
    Ok(run)
}

/// Runs the job every `every` until shutdown, when no other replica holds the lock; a failed
/// run is logged and counted, and the next one comes at the next tick.
pub async fn run_periodically(
    pool: PgPool,
    stance: Arc<StanceModel>,
    every: Duration,
    metrics: ScorerMetrics,
    shutdown: CancellationToken,
) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = shutdown.cancelled() => return,
            _ = tick.tick() => {}
        }
        match run_locked(&pool, &stance, WhenBusy::Skip).await {
            Ok(Some(run)) => {
                metrics.standing_runs.with_label_values(&["ok"]).inc();
                metrics.standing_run_seconds.observe(run.seconds);
                metrics
                    .standing_last_success
                    .set(chrono::Utc::now().timestamp() as f64);
                metrics.standing_practitioners.set(run.practitioners);
                metrics.standing_edges.set(run.edges);
                tracing::info!(
                    practitioners = run.practitioners,
                    edges = run.edges,
                    iterations = run.iterations,
                    seconds = run.seconds,
                    "peer standing recomputed"
                );
            }
            Ok(None) => {
                metrics.standing_runs.with_label_values(&["skipped"]).inc();
                tracing::debug!("peer standing: another replica is computing it");
            }
            Err(error) => {
                metrics.standing_runs.with_label_values(&["failed"]).inc();
                tracing::warn!(%error, "peer standing run failed; the next run will try again");
            }
        }
    }
}

/// Engagements judged at a time when the stance model changed.
const REJUDGE_CHUNK: i64 = 5_000;

/// Judges again, with `stance`, the engagements stored under another stance model (a scorer
/// of an older release wrote them), so that the graph is read under one model; returns how
/// many engagements changed.
pub async fn rejudge(pool: &PgPool, stance: &Arc<StanceModel>) -> Result<u64, DbError> {
    let mut changed = 0;
    loop {
        let stale = graph_store::stale_stances(pool, stance.version(), REJUDGE_CHUNK).await?;
        if stale.is_empty() {
            return Ok(changed);
        }
        let model = stance.clone();
        let stances: Vec<(String, f64, f64)> = tokio::task::spawn_blocking(move || {
            stale
                .into_iter()
                .map(|(id, text)| {
                    let judged = model.predict(&text);
                    (id, judged.endorses, judged.contradicts)
                })
                .collect()
        })
        .await
        .expect("the stance model does not panic");
        changed += graph_store::update_stances(pool, &stances, stance.version()).await?;
    }
}

/// What to do when another process is computing peer standing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhenBusy {
    /// Skip this run (the periodic job: the other one is doing it).
    Skip,
    /// Wait for the other one, then run (`credscore standing`: the caller wants it now).
    Wait,
}

/// Runs the job holding the lock that keeps it to one process at a time; None when another
/// process holds it and `busy` says to skip.
pub async fn run_locked(
    pool: &PgPool,
    stance: &Arc<StanceModel>,
    busy: WhenBusy,
) -> Result<Option<StandingRun>, StandingJobError> {
    let mut lock = pool.acquire().await.map_err(DbError::from)?;
    if !graph_store::lock_standing(&mut lock, busy == WhenBusy::Wait).await? {
        return Ok(None);
    }
    let run = run_once(pool, stance).await;
    let unlocked = graph_store::unlock_standing(&mut lock).await;
    let run = run?;
    unlocked?;
    Ok(Some(run))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(id: &str) -> PractitionerNode {
        PractitionerNode {
            id: id.to_string(),
            credibility: 0.7,
            evidence: 10.0,
        }
    }

    fn pair(from: &str, to: &str, endorses: f64) -> PairEngagement {
        PairEngagement {
            from: from.to_string(),
            to: to.to_string(),
            endorses,
            contradicts: 0.0,
            items: 1,
        }
    }

    #[test]
    fn mentions_resolve_exactly_then_case_insensitively_when_unambiguous() {
        let nodes = [node("Ana"), node("bob"), node("Carl"), node("carl")];
        let pairs = [
            pair("bob", "ana", 0.9),     // one id folds to "ana"
            pair("bob", "Ana", 0.5),     // exact; summed with the one above
            pair("Ana", "CARL", 0.9),    // two ids fold to "carl": ambiguous
            pair("Ana", "carl", 0.4),    // exact
            pair("bob", "bob", 0.9),     // self
            pair("nobody", "bob", 0.9),  // unknown source
            pair("bob", "unknown", 0.9), // unknown target
        ];
        let graph = resolve(&nodes, &pairs);
        let edges: Vec<(u32, u32, u32)> = graph
            .edges
            .iter()
            .map(|e| (e.from, e.to, e.replies))
            .collect();
        assert_eq!(edges, vec![(0, 3, 1), (1, 0, 2)]);
        assert!((graph.edges[1].endorse - 1.4).abs() < 1e-12);
        assert_eq!(graph.ids, vec!["Ana", "bob", "Carl", "carl"]);
    }
}
