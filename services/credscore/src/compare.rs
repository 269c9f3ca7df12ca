//! Comparing models: a dry run of a model over stored items against the stored scores of
//! another (`credscore rescore --dry-run`), and the difference between two models' stored
//! scores and practitioner ranks (`credscore model diff`, `GET /v1/models/diff`).

use std::collections::BTreeMap;
use std::sync::Arc;

use credscore_model::{Extractor, Scorer};
use serde::Serialize;
use sqlx::postgres::PgPool;
use sqlx::Row;

use crate::aggregation::Aggregation;
use crate::rescore::job::{score_rows, RescoreOptions};
use crate::rescore::progress::Progress;
use crate::store::items::{count_items, read_page};
use crate::store::models;

/// The score columns compared between two models, with the class threshold of each.
const TARGETS: [&str; 4] = [
    "credibility",
    "self_promotion",
    "unverifiable_claims",
    "writing_errors",
];

/// How one target's scores moved between two models.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TargetShift {
    /// The score compared (credibility or a cue).
    pub target: String,
    /// Mean of (new − old).
    pub mean_shift: f64,
    /// Mean of |new − old|.
    pub mean_abs_shift: f64,
    /// Items on the other side of 0.5 under the new model.
    pub changed_class: i64,
    /// Of those, items that rose above 0.5.
    pub rose_above: i64,
}

/// One item's largest move.
#[derive(Debug, Clone, Serialize)]
pub struct ItemMove {
    /// The item.
    pub item_id: String,
    /// Its author.
    pub author: String,
    /// Its score under the old model.
    pub old: f64,
    /// Its score under the new model.
    pub new: f64,
}

/// What `rescore --dry-run` found: how the new scores compare with the stored ones.
#[derive(Debug, Clone, Serialize)]
pub struct DryRunReport {
    /// The model that scored.
    pub model_version: String,
    /// The model whose stored scores were compared with.
    pub compared_with: Option<String>,
    /// Items read.
    pub scanned_items: i64,
    /// Items scored (those in the requested language).
    pub scored_items: i64,
    /// Items that have a stored score under the model compared with.
    pub compared_items: i64,
    /// Shifts per score.
    pub targets: Vec<TargetShift>,
    /// Largest credibility moves, largest first.
    pub largest_moves: Vec<ItemMove>,
}

/// Scores the matching items with the model and compares with the stored scores of
/// `against` (default: the active model), writing nothing.
pub async fn dry_run(
    pool: &PgPool,
    extractor: Extractor,
    options: &RescoreOptions,
    against: Option<&str>,
    largest: usize,
) -> anyhow::Result<DryRunReport> {
    let model = Arc::new(models::registered_model(pool, options.model.as_deref()).await?);
    let scorer = Scorer::new(extractor, model.clone());
    let against = match against {
        Some(v) => {
            // The registry must know it and hold its scores, or the comparison would
            // silently find nothing.
            models::model_metrics(pool, v).await?;
            let scored: bool =
                sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM scores WHERE model_version = $1)")
                    .bind(v)
                    .fetch_one(pool)
                    .await?;
            if !scored {
                anyhow::bail!(
                    "model {v} has no stored scores to compare with: run `credscore rescore --model {v}` first"
                );
            }
            Some(v.to_string())
        }
        None => models::active_version(pool).await?,
    };
    let total = count_items(pool, &options.filters).await?;
    let mut progress = Progress::new(total as u64, 0, "dry run");
    let mut report = DryRunReport {
        model_version: model.version().to_string(),
        compared_with: against.clone(),
        scanned_items: 0,
        scored_items: 0,
        compared_items: 0,
        targets: TARGETS
            .iter()
            .map(|t| TargetShift {
                target: t.to_string(),
                ..TargetShift::default()
            })
            .collect(),
        largest_moves: Vec::new(),
    };
    let mut after: Option<String> = None;
    loop {
        let page = read_page(
            pool,
            after.as_deref(),
            &options.filters,
            options.batch_size.max(1) as i64,
        )
        .await?;
        let Some(last) = page.last() else { break };
        after = Some(last.id.clone());
        report.scanned_items += page.len() as i64;
        let (scorer, filters) = (scorer.clone(), options.filters.clone());
        let scores =
            tokio::task::spawn_blocking(move || score_rows(&scorer, &page, &filters)).await?;
        report.scored_items += scores.len() as i64;
        if let Some(against) = &against {
            let ids: Vec<String> = scores.iter().map(|s| s.item_id.clone()).collect();
            let stored: BTreeMap<String, [f64; 4]> = sqlx::query(
                "SELECT item_id, credibility, self_promotion, unverifiable_claims, writing_errors
                 FROM scores WHERE model_version = $1 AND item_id = ANY($2)",
            )
            .bind(against)
            .bind(&ids)
            .fetch_all(pool)
            .await?
            .iter()
            .map(|r| {
                (
                    r.get("item_id"),
                    [
                        r.get("credibility"),
                        r.get("self_promotion"),
                        r.get("unverifiable_claims"),
                        r.get("writing_errors"),
                    ],
                )
            })
            .collect();
            for score in &scores {
                let Some(old) = stored.get(&score.item_id) else {
                    continue;
                };
                report.compared_items += 1;
                let new = [
                    score.credibility,
                    score.self_promotion,
                    score.unverifiable_claims,
                    score.writing_errors,
                ];
                for (shift, (o, n)) in report.targets.iter_mut().zip(old.iter().zip(new)) {
                    shift.mean_shift += n - o;
                    shift.mean_abs_shift += (n - o).abs();
                    if (n >= 0.5) != (*o >= 0.5) {
                        shift.changed_class += 1;
                        shift.rose_above += i64::from(n >= 0.5);
                    }
                }
                report.largest_moves.push(ItemMove {
                    item_id: score.item_id.clone(),
                    author: score.author.clone(),
                    old: old[0],
                    new: score.credibility,
                });
            }
            keep_largest(&mut report.largest_moves, largest);
        }
        progress.set(report.scanned_items as u64);
    }
    progress.finish();
    if report.compared_items > 0 {
        for shift in &mut report.targets {
            shift.mean_shift /= report.compared_items as f64;
            shift.mean_abs_shift /= report.compared_items as f64;
        }
    }
    Ok(report)
}

/// Keeps the `n` largest moves, largest first (ties by item id, for stable output); items
/// whose score did not move are not moves.
fn keep_largest(moves: &mut Vec<ItemMove>, n: usize) {
    moves.retain(|m| m.new != m.old);
    moves.sort_by(|a, b| {
        (b.new - b.old)
            .abs()
            .total_cmp(&(a.new - a.old).abs())
            .then_with(|| a.item_id.cmp(&b.item_id))
    });
    moves.truncate(n);
}

/// A practitioner whose rank moved between two models.
#[derive(Debug, Clone, Serialize)]
pub struct RankMove {
    /// The practitioner.
    pub author: String,
    /// Their score under the old model.
    pub old_score: f64,
    /// Their score under the new model.
    pub new_score: f64,
    /// Their rank under the old model (1: most credible).
    pub old_rank: i64,
    /// Their rank under the new model.
    pub new_rank: i64,
}

/// A model compared with itself: nothing to compare (a 400 on the API).
#[derive(Debug, thiserror::Error)]
#[error("both versions are {0}: compare two different versions")]
pub struct SameVersion(pub String);

/// `credscore model diff OLD NEW`: score shifts over the items both models scored, and the
/// practitioners whose rank moved most.
#[derive(Debug, Clone, Serialize)]
pub struct ModelDiff {
    /// The version compared from.
    pub old: String,
    /// The version compared to.
    pub new: String,
    /// Items both scored.
    pub compared_items: i64,
    /// Items only the old model scored.
    pub only_old: i64,
    /// Items only the new model scored.
    pub only_new: i64,
    /// Shifts per score.
    pub targets: Vec<TargetShift>,
    /// Per language: items compared and credibility shift.
    pub by_language: Vec<LanguageShift>,
    /// Practitioners with items both scored.
    pub compared_practitioners: i64,
    /// The practitioners whose rank moved most, most first.
    pub rank_moves: Vec<RankMove>,
    /// How each model does on the items reviewers labeled, per target (filled by the CLI,
    /// which scores them with both models; empty when nothing is reviewed).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reviewed: Vec<ReviewedTarget>,
}

/// How two models agree with reviewers on one target.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewedTarget {
    /// The target (`self_promotion`, …, `credible`).
    pub target: String,
    /// Reviewed items with a label in force on it.
    pub items: usize,
    /// Of them, labeled 1.
    pub positives: usize,
    /// Share the old model gets right (score ≥ 0.5 when labeled 1, below when 0).
    pub old_accuracy: f64,
    /// The same for the new model.
    pub new_accuracy: f64,
    /// ROC AUC of the old model's scores against the labels (NaN with one class only).
    pub old_roc_auc: f64,
    /// The same for the new model.
    pub new_roc_auc: f64,
}

/// Scores the reviewed items with both models and compares each with the labels in force.
pub async fn reviewed_agreement(
    pool: &PgPool,
    old: &Scorer,
    new: &Scorer,
) -> anyhow::Result<Vec<ReviewedTarget>> {
    use credscore_model::train::roc_auc;
    let reviewed = crate::store::reviewed::reviewed_items(pool).await?;
    let score = |scorer: &Scorer, item: &credscore_model::Item| -> [f64; 4] {
        let s = scorer.score(item);
        [
            s.cues.self_promotion,
            s.cues.unverifiable_claims,
            s.cues.writing_errors,
            s.credibility,
        ]
    };
    // Per item: the old model's four scores, the new model's, the labels in force.
    type Scored = ([f64; 4], [f64; 4], [Option<bool>; 4]);
    let scored: Vec<Scored> = reviewed
        .iter()
        .map(|r| (score(old, &r.item), score(new, &r.item), r.labels))
        .collect();
    let mut out = Vec::new();
    for (t, target) in crate::store::labels::TARGETS.iter().enumerate() {
        let rows: Vec<(f64, f64, bool)> = scored
            .iter()
            .filter_map(|(o, n, l)| Some((o[t], n[t], l[t]?)))
            .collect();
        if rows.is_empty() {
            continue;
        }
        let labels: Vec<bool> = rows.iter().map(|r| r.2).collect();
        let accuracy = |pick: fn(&(f64, f64, bool)) -> f64| {
            rows.iter().filter(|r| (pick(r) >= 0.5) == r.2).count() as f64 / rows.len() as f64
        };
        let old_scores: Vec<f64> = rows.iter().map(|r| r.0).collect();
        let new_scores: Vec<f64> = rows.iter().map(|r| r.1).collect();
        out.push(ReviewedTarget {
            target: target.to_string(),
            items: rows.len(),
            positives: labels.iter().filter(|l| **l).count(),
            old_accuracy: accuracy(|r| r.0),
            new_accuracy: accuracy(|r| r.1),
            old_roc_auc: roc_auc(&old_scores, &labels),
            new_roc_auc: roc_auc(&new_scores, &labels),
        });
    }
    Ok(out)
}

#[derive(Debug, Clone, Serialize)]
/// How credibility moved in one detected language.
pub struct LanguageShift {
    /// The language.
    pub lang: String,
    /// Items both models scored in it.
    pub compared_items: i64,
    /// Mean credibility shift.
    pub mean_shift: f64,
    /// Items on the other side of 0.5 now.
    pub changed_class: i64,
}

/// Compares two registered models over their stored scores; a model compared with itself is a [`SameVersion`] error.
pub async fn model_diff(
    pool: &PgPool,
    old: &str,
    new: &str,
    half_life_days: f64,
    top: i64,
) -> anyhow::Result<ModelDiff> {
    if old == new {
        return Err(SameVersion(old.to_string()).into());
    }
    // Only stored scores and the models' training metrics are compared, so models of an older
    // feature schema (which this build cannot run) can be compared too.
    let old_metrics = models::model_metrics(pool, old).await?;
    let new_metrics = models::model_metrics(pool, new).await?;
    let mut columns = Vec::new();
    for t in TARGETS {
        columns.push(format!(
            "avg(n.{t} - o.{t}) AS {t}_mean, avg(abs(n.{t} - o.{t})) AS {t}_abs,
             count(*) FILTER (WHERE (n.{t} >= 0.5) <> (o.{t} >= 0.5)) AS {t}_changed,
             count(*) FILTER (WHERE n.{t} >= 0.5 AND o.{t} < 0.5) AS {t}_rose"
        ));
    }
    let row = sqlx::query(&format!(
        "SELECT count(*) AS n, {} FROM scores o
         JOIN scores n ON n.item_id = o.item_id AND n.model_version = $2
         WHERE o.model_version = $1",
        columns.join(", ")
    ))
    .bind(old)
    .bind(new)
    .fetch_one(pool)
    .await?;
    let compared: i64 = row.get("n");
    let targets = TARGETS
        .iter()
        .map(|t| TargetShift {
            target: t.to_string(),
            mean_shift: row
                .get::<Option<f64>, _>(format!("{t}_mean").as_str())
                .unwrap_or(0.0),
            mean_abs_shift: row
                .get::<Option<f64>, _>(format!("{t}_abs").as_str())
                .unwrap_or(0.0),
            changed_class: row.get(format!("{t}_changed").as_str()),
            rose_above: row.get(format!("{t}_rose").as_str()),
        })
        .collect();
    let (only_old, only_new): (i64, i64) = sqlx::query_as(
        "SELECT count(*) FILTER (WHERE model_version = $1), count(*) FILTER (WHERE model_version = $2)
         FROM scores s WHERE model_version IN ($1, $2)
           AND NOT EXISTS (SELECT 1 FROM scores t WHERE t.item_id = s.item_id
                           AND t.model_version = CASE WHEN s.model_version = $1 THEN $2 ELSE $1 END)",
    )
    .bind(old)
    .bind(new)
    .fetch_one(pool)
    .await?;
    let by_language = sqlx::query(
        "SELECT n.lang, count(*) AS n, avg(n.credibility - o.credibility) AS shift,
                count(*) FILTER (WHERE (n.credibility >= 0.5) <> (o.credibility >= 0.5)) AS changed
         FROM scores o JOIN scores n ON n.item_id = o.item_id AND n.model_version = $2
         WHERE o.model_version = $1 GROUP BY n.lang ORDER BY n.lang",
    )
    .bind(old)
    .bind(new)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| LanguageShift {
        lang: r.get("lang"),
        compared_items: r.get("n"),
        mean_shift: r.get::<Option<f64>, _>("shift").unwrap_or(0.0),
        changed_class: r.get("changed"),
    })
    .collect();
    // Practitioner scores under each model over the items both scored, with the same Beta
    // prior and decay as the stored ones, then ranks.
    let old_agg = Aggregation::from_metrics(&old_metrics, half_life_days);
    let new_agg = Aggregation::from_metrics(&new_metrics, half_life_days);
    let ranked = "WITH timed AS (
             SELECT s.author, s.model_version AS v, s.credibility AS c,
                    COALESCE(i.created_at, i.ingested_at) AS at
             FROM scores s JOIN items i ON i.id = s.item_id
             WHERE s.model_version IN ($1, $2)
               AND EXISTS (SELECT 1 FROM scores t WHERE t.item_id = s.item_id
                           AND t.model_version = CASE WHEN s.model_version = $1 THEN $2 ELSE $1 END)
         ), reference AS (
             SELECT author, max(at) AS r FROM timed GROUP BY author
         ), sums AS (
             SELECT t.author, t.v,
                    sum(power(0.5, GREATEST(0.0, EXTRACT(EPOCH FROM (r.r - t.at))) / 86400.0 / $3)) AS w,
                    sum(power(0.5, GREATEST(0.0, EXTRACT(EPOCH FROM (r.r - t.at))) / 86400.0 / $3) * t.c) AS c
             FROM timed t JOIN reference r ON r.author = t.author GROUP BY t.author, t.v
         ), scored AS (
             SELECT author, v,
                    CASE WHEN v = $1 THEN ($4 * $5 + c) / ($4 + w) ELSE ($4 * $6 + c) / ($4 + w) END AS s
             FROM sums
         ), ranked AS (
             SELECT author, v, s, rank() OVER (PARTITION BY v ORDER BY s DESC) AS r FROM scored
         )
         SELECT o.author, o.s AS old_score, n.s AS new_score, o.r AS old_rank, n.r AS new_rank,
                count(*) OVER () AS practitioners
         FROM ranked o JOIN ranked n ON n.author = o.author AND n.v = $2
         WHERE o.v = $1
         ORDER BY abs(o.r - n.r) DESC, abs(n.s - o.s) DESC, o.author
         LIMIT $7";
    let rows = sqlx::query(ranked)
        .bind(old)
        .bind(new)
        .bind(half_life_days)
        .bind(new_agg.prior_items)
        .bind(old_agg.prior_mean)
        .bind(new_agg.prior_mean)
        .bind(top)
        .fetch_all(pool)
        .await?;
    let compared_practitioners = rows.first().map(|r| r.get("practitioners")).unwrap_or(0);
    let rank_moves = rows
        .iter()
        .map(|r| RankMove {
            author: r.get("author"),
            old_score: r.get("old_score"),
            new_score: r.get("new_score"),
            old_rank: r.get("old_rank"),
            new_rank: r.get("new_rank"),
        })
        .collect();
    Ok(ModelDiff {
        old: old.to_string(),
        new: new.to_string(),
        compared_items: compared,
        only_old,
        only_new,
        targets,
        by_language,
        compared_practitioners,
        rank_moves,
        reviewed: Vec::new(),
    })
}

/// The shifts of each target as a text table.
pub fn shifts_table(targets: &[TargetShift]) -> String {
    let mut out = format!(
        "{:<20} {:>11} {:>10} {:>14} {:>11}\n",
        "target", "mean shift", "mean |Δ|", "changed class", "now ≥ 0.5"
    );
    for t in targets {
        out.push_str(&format!(
            "{:<20} {:>+11.4} {:>10.4} {:>14} {:>11}\n",
            t.target, t.mean_shift, t.mean_abs_shift, t.changed_class, t.rose_above
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn largest_moves_are_kept_largest_first() {
        let mv = |id: &str, old: f64, new: f64| ItemMove {
            item_id: id.into(),
            author: "x".into(),
            old,
            new,
        };
        let mut moves = vec![
            mv("a", 0.5, 0.6),
            mv("b", 0.9, 0.1),
            mv("c", 0.2, 0.5),
            mv("d", 0.5, 0.5),
        ];
        keep_largest(&mut moves, 2);
        let ids: Vec<&str> = moves.iter().map(|m| m.item_id.as_str()).collect();
        assert_eq!(ids, ["b", "c"]);
    }
}
