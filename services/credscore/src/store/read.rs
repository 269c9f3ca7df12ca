//! Read queries over stored scores, shared by the JSON API and the dashboard.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::postgres::PgPool;
use sqlx::Row;

use crate::copies::CopiedFrom;
use crate::records::StoredItem;
use crate::store::copies::{item_copies, CopiedBy};
use crate::store::graph::{item_engagements, ItemEngagement, PeerStanding};
use crate::store::labels::{current_labels, Label};
use crate::store::pool::DbError;

/// Number of equal bins of the credibility distribution over [0, 1].
pub const DISTRIBUTION_BINS: usize = 10;

/// Ranking direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// Most credible first.
    Desc,
    /// Least credible first.
    Asc,
}

/// Position after the last row of a page: the practitioners come in (credibility, id) order,
/// in the direction the cursor was made for.
#[derive(Debug, Clone, PartialEq)]
pub struct Cursor {
    /// The order of the page it continues.
    pub order: Order,
    /// The last credibility of the page.
    pub credibility: f64,
    /// The last practitioner id of the page (ties).
    pub id: String,
}

impl Cursor {
    /// An opaque token (hex) safe in a URL.
    pub fn encode(&self) -> String {
        let order = match self.order {
            Order::Desc => 'd',
            Order::Asc => 'a',
        };
        format!("{order}|{}|{}", self.credibility, self.id)
            .bytes()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// The cursor of an opaque token, if it is one.
    pub fn decode(token: &str) -> Option<Cursor> {
        if !token.len().is_multiple_of(2) || !token.is_ascii() {
            return None;
        }
        let bytes = (0..token.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&token[i..i + 2], 16).ok())
            .collect::<Option<Vec<u8>>>()?;
        let text = String::from_utf8(bytes).ok()?;
        let (order, rest) = text.split_once('|')?;
        let order = match order {
            "d" => Order::Desc,
            "a" => Order::Asc,
            _ => return None,
        };
        let (credibility, id) = rest.split_once('|')?;
        let credibility: f64 = credibility.parse().ok()?;
        (credibility.is_finite() && !id.is_empty()).then(|| Cursor {
            order,
            credibility,
            id: id.to_string(),
        })
    }
}

/// Filters and page of `GET /v1/practitioners`.
#[derive(Debug, Clone)]
pub struct PractitionerQuery {
    /// Only practitioners writing mostly in this language.
    pub lang: Option<String>,
    /// Only practitioners with at least this many items.
    pub min_items: i64,
    /// Page size.
    pub limit: i64,
    /// Most or least credible first.
    pub order: Order,
    /// Where the previous page ended.
    pub after: Option<Cursor>,
}

impl Default for PractitionerQuery {
    fn default() -> Self {
        PractitionerQuery {
            lang: None,
            min_items: 0,
            limit: 50,
            order: Order::Desc,
            after: None,
        }
    }
}

/// How often each cue fires in a practitioner's items (decayed share).
#[derive(Debug, Clone, Default, Serialize)]
pub struct CueProfile {
    /// Share of items flagged as self-promotion.
    pub self_promotion: f64,
    /// Share of items flagged as unverifiable claims.
    pub unverifiable_claims: f64,
    /// Share of items flagged as writing errors.
    pub writing_errors: f64,
}

/// A practitioner's score under the active model.
#[derive(Debug, Clone, Serialize)]
pub struct Practitioner {
    /// The practitioner id (the items' author).
    pub id: String,
    /// Main language of their items (`fr` or `en`).
    pub lang: Option<String>,
    /// The credibility score.
    pub credibility: f64,
    /// Lower bound of its 95% interval.
    pub credibility_low: f64,
    /// Upper bound of its 95% interval.
    pub credibility_high: f64,
    /// Items scored.
    pub item_count: i64,
    /// Sum of item weights after decay: how much evidence the score rests on.
    pub effective_items: f64,
    /// How often each cue is flagged.
    pub cue_profile: CueProfile,
    /// Standing among peers from the reply graph, in [0, 1] (0.5: no credible peer engages
    /// with them); absent before the peer-standing job has seen them.
    pub peer_standing: Option<f64>,
    /// How much the peer standing rests on, in [0, 1].
    pub peer_confidence: Option<f64>,
    /// `credibility` and `peer_standing` combined (`graph::overall`).
    pub overall: f64,
    /// The model the score is under.
    pub model_version: Option<String>,
    /// Publication time of their latest item (the reference the decay counts back from).
    pub latest_item_at: Option<DateTime<Utc>>,
    /// When their first item was stored.
    pub first_seen_at: DateTime<Utc>,
    /// When their last item was stored.
    pub last_seen_at: DateTime<Utc>,
    /// The open dispute of their score, if a reviewer marked it.
    pub disputed: Option<Dispute>,
}

/// A reviewer's mark that a practitioner's score is disputed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dispute {
    /// Why.
    pub note: String,
    /// Who marked it.
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize)]
/// One page of the ranking.
pub struct PractitionerPage {
    /// The practitioners, in order.
    pub practitioners: Vec<Practitioner>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// Mean item credibility of one week.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryPoint {
    /// Monday of the week (UTC).
    pub week: String,
    /// Items in the period.
    pub items: i64,
    /// Their mean credibility.
    pub mean_credibility: f64,
}

/// Cue scores of an item.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Cues {
    /// Probability of self-promotion.
    pub self_promotion: f64,
    /// Probability of unverifiable claims.
    pub unverifiable_claims: f64,
    /// Probability of writing errors.
    pub writing_errors: f64,
}

/// An item with its score under the active model, as listed on a practitioner page.
#[derive(Debug, Clone, Serialize)]
pub struct ItemBrief {
    /// The item id.
    pub id: String,
    /// `post` or `comment`.
    pub kind: String,
    /// When it was published.
    pub created_at: Option<DateTime<Utc>>,
    /// The detected language.
    pub lang: String,
    /// Its credibility.
    pub credibility: f64,
    /// Its cue probabilities.
    pub cues: Cues,
    /// Its text.
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
/// A practitioner with their history and recent items.
pub struct PractitionerDetail {
    #[serde(flatten)]
    /// The practitioner's score.
    pub practitioner: Practitioner,
    /// Weekly mean item credibility, oldest first (last 52 weeks with items).
    pub history: Vec<HistoryPoint>,
    /// Newest items first.
    pub recent_items: Vec<ItemBrief>,
    /// Their peer standing explained: who endorses and who contradicts them; absent before
    /// the peer-standing job has seen them.
    pub peers: Option<PeerStanding>,
}

/// An item's score under one model version.
#[derive(Debug, Clone, Serialize)]
pub struct ItemScore {
    /// The model that scored.
    pub model_version: String,
    /// Whether it is the active model.
    pub active: bool,
    /// The detected language.
    pub lang: String,
    /// Credibility.
    pub credibility: f64,
    /// Cue probabilities.
    pub cues: Cues,
    /// Per cue: contribution to the credibility log-odds and evidence spans (character
    /// offsets into `text`).
    pub explanations: serde_json::Value,
    /// When it was scored.
    pub scored_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize)]
/// An item with every score it has.
pub struct ItemDetail {
    #[serde(flatten)]
    /// The item.
    pub item: StoredItem,
    /// Active model first, then newest.
    pub scores: Vec<ItemScore>,
    /// The item it answers and the handles it mentions, with the stance of its text.
    pub engagements: Vec<ItemEngagement>,
    /// The earlier stored item it copies (another author's, or the author's own re-post).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub copied_from: Option<CopiedFrom>,
    /// Later stored items that copy it (the first 20, earliest first).
    pub copied_by: Vec<CopiedBy>,
    /// The labels reviewers gave it, the latest of each target.
    pub labels: Vec<Label>,
}

#[derive(Debug, Clone, Serialize)]
/// A registered model.
pub struct ModelInfo {
    /// Its version.
    pub version: String,
    /// Whether it is the active one.
    pub active: bool,
    /// When it was trained.
    pub created_at: DateTime<Utc>,
    /// When it was registered.
    pub registered_at: DateTime<Utc>,
    /// When it was last activated.
    pub activated_at: Option<DateTime<Utc>>,
    /// Items it has scored.
    pub scored_items: i64,
    /// Training report: cross-validated metrics per target and language.
    pub metrics: serde_json::Value,
}

/// Item credibility histogram of one language under the active model.
#[derive(Debug, Clone, Serialize)]
pub struct Distribution {
    /// The detected language.
    pub lang: String,
    /// Items scored in it.
    pub items: i64,
    /// Their mean credibility.
    pub mean: f64,
    /// Items per bin; bin `i` covers `[i/10, (i+1)/10)`, the last one includes 1.
    pub counts: Vec<u64>,
}

const PRACTITIONER_COLUMNS: &str = "id, lang, credibility, credibility_low, credibility_high, \
     item_count, effective_items, cue_profile, model_version, decay_reference, first_seen_at, \
     last_seen_at, ps.standing AS peer_standing, ps.confidence AS peer_confidence, \
     d.dispute_note, d.disputed_by, d.disputed_at";

/// The practitioners table with each one's peer standing, if computed.
const PRACTITIONERS_WITH_STANDING: &str =
    "practitioners LEFT JOIN peer_standing ps ON ps.practitioner_id = practitioners.id \
     LEFT JOIN disputes d ON d.practitioner_id = practitioners.id AND d.closed_at IS NULL";

fn practitioner(row: &sqlx::postgres::PgRow) -> Practitioner {
    let profile: Option<serde_json::Value> = row.get("cue_profile");
    let rate = |cue: &str| {
        profile
            .as_ref()
            .and_then(|p| p.get(cue))
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0)
    };
    let credibility: f64 = row.get("credibility");
    let peer_standing: Option<f64> = row.get("peer_standing");
    let peer_confidence: Option<f64> = row.get("peer_confidence");
    Practitioner {
        id: row.get("id"),
        lang: row.get("lang"),
        credibility,
        credibility_low: row.get("credibility_low"),
        credibility_high: row.get("credibility_high"),
        item_count: row.get("item_count"),
        effective_items: row.get::<Option<f64>, _>("effective_items").unwrap_or(0.0),
        cue_profile: CueProfile {
            self_promotion: rate("self_promotion"),
            unverifiable_claims: rate("unverifiable_claims"),
            writing_errors: rate("writing_errors"),
        },
        peer_standing,
        peer_confidence,
        overall: crate::graph::overall(credibility, peer_standing.zip(peer_confidence)),
        model_version: row.get("model_version"),
        latest_item_at: row.get("decay_reference"),
        first_seen_at: row.get("first_seen_at"),
        last_seen_at: row.get("last_seen_at"),
        disputed: row
            .get::<Option<String>, _>("dispute_note")
            .map(|note| Dispute {
                note,
                by: row.get("disputed_by"),
                at: row.get("disputed_at"),
            }),
    }
}

fn cues(row: &sqlx::postgres::PgRow) -> Cues {
    Cues {
        self_promotion: row.get("self_promotion"),
        unverifiable_claims: row.get("unverifiable_claims"),
        writing_errors: row.get("writing_errors"),
    }
}

/// One page of the ranking, by keyset: rows after `query.after` in (credibility, id) order.
pub async fn practitioners(
    pool: &PgPool,
    query: &PractitionerQuery,
) -> Result<PractitionerPage, DbError> {
    let (direction, comparison) = match query.order {
        Order::Desc => ("DESC", "<"),
        Order::Asc => ("ASC", ">"),
    };
    let sql = format!(
        "SELECT {PRACTITIONER_COLUMNS} FROM {PRACTITIONERS_WITH_STANDING}
         WHERE credibility IS NOT NULL
           AND ($1::text IS NULL OR lang = $1)
           AND item_count >= $2
           AND ($3::float8 IS NULL OR (credibility, id) {comparison} ($3, $4::text))
         ORDER BY credibility {direction}, id {direction}
         LIMIT $5"
    );
    let rows = sqlx::query(&sql)
        .bind(&query.lang)
        .bind(query.min_items)
        .bind(query.after.as_ref().map(|c| c.credibility))
        .bind(query.after.as_ref().map(|c| c.id.clone()))
        .bind(query.limit + 1)
        .fetch_all(pool)
        .await?;
    let mut practitioners: Vec<Practitioner> = rows.iter().map(practitioner).collect();
    let next_cursor = if practitioners.len() as i64 > query.limit {
        practitioners.truncate(query.limit as usize);
        practitioners.last().map(|p| {
            Cursor {
                order: query.order,
                credibility: p.credibility,
                id: p.id.clone(),
            }
            .encode()
        })
    } else {
        None
    };
    Ok(PractitionerPage {
        practitioners,
        next_cursor,
    })
}

/// A practitioner with their history and recent items; None when unknown or not yet scored.
pub async fn practitioner_detail(
    pool: &PgPool,
    id: &str,
    recent: i64,
) -> Result<Option<PractitionerDetail>, DbError> {
    let row = sqlx::query(&format!(
        "SELECT {PRACTITIONER_COLUMNS} FROM {PRACTITIONERS_WITH_STANDING}
         WHERE id = $1 AND credibility IS NOT NULL"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let practitioner = practitioner(&row);
    let version = practitioner.model_version.clone();
    let history = sqlx::query(
        "SELECT to_char(date_trunc('week', COALESCE(i.created_at, i.ingested_at)), 'YYYY-MM-DD') AS week,
                count(*) AS items, avg(s.credibility) AS mean
         FROM items i JOIN scores s ON s.item_id = i.id AND s.model_version = $2
         WHERE i.author = $1
         GROUP BY 1 ORDER BY 1 DESC LIMIT 52",
    )
    .bind(id)
    .bind(&version)
    .fetch_all(pool)
    .await?
    .iter()
    .rev()
    .map(|r| HistoryPoint {
        week: r.get("week"),
        items: r.get("items"),
        mean_credibility: r.get("mean"),
    })
    .collect();
    let recent_items = sqlx::query(
        "SELECT i.id, i.kind, i.created_at, i.text, s.lang, s.credibility, s.self_promotion,
                s.unverifiable_claims, s.writing_errors
         FROM items i JOIN scores s ON s.item_id = i.id AND s.model_version = $2
         WHERE i.author = $1
         ORDER BY COALESCE(i.created_at, i.ingested_at) DESC, i.id LIMIT $3",
    )
    .bind(id)
    .bind(&version)
    .bind(recent)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| ItemBrief {
        id: r.get("id"),
        kind: r.get("kind"),
        created_at: r.get("created_at"),
        lang: r.get("lang"),
        credibility: r.get("credibility"),
        cues: cues(r),
        text: r.get("text"),
    })
    .collect();
    let peers = crate::store::graph::peer_standing(pool, id).await?;
    Ok(Some(PractitionerDetail {
        practitioner,
        history,
        recent_items,
        peers,
    }))
}

/// An item and its scores under every model version; None when unknown.
pub async fn item_detail(pool: &PgPool, id: &str) -> Result<Option<ItemDetail>, DbError> {
    let Some(row) = sqlx::query(
        "SELECT id, author, kind, parent_id, platform, lang_hint, url, created_at, ingested_at, text
         FROM items WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let scores = sqlx::query(
        "SELECT s.model_version, m.active, s.lang, s.credibility, s.self_promotion,
                s.unverifiable_claims, s.writing_errors, s.explanation, s.scored_at
         FROM scores s JOIN models m ON m.version = s.model_version
         WHERE s.item_id = $1 ORDER BY m.active DESC, s.scored_at DESC, s.model_version",
    )
    .bind(id)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| ItemScore {
        model_version: r.get("model_version"),
        active: r.get("active"),
        lang: r.get("lang"),
        credibility: r.get("credibility"),
        cues: cues(r),
        explanations: r.get("explanation"),
        scored_at: r.get("scored_at"),
    })
    .collect();
    let (copied_from, copied_by) = item_copies(pool, id).await?;
    Ok(Some(ItemDetail {
        item: StoredItem {
            id: row.get("id"),
            author: row.get("author"),
            kind: row.get("kind"),
            parent_id: row.get("parent_id"),
            platform: row.get("platform"),
            lang_hint: row.get("lang_hint"),
            url: row.get("url"),
            created_at: row.get("created_at"),
            text: row.get("text"),
            ingested_at: row.get("ingested_at"),
        },
        scores,
        engagements: item_engagements(pool, id).await?,
        copied_from,
        copied_by,
        labels: current_labels(pool, id).await?,
    }))
}

/// Every registered model, active first, then newest.
pub async fn models(pool: &PgPool) -> Result<Vec<ModelInfo>, DbError> {
    let rows = sqlx::query(
        "SELECT m.version, m.active, m.created_at, m.registered_at, m.activated_at, m.metrics,
                (SELECT count(*) FROM scores s WHERE s.model_version = m.version) AS scored
         FROM models m ORDER BY m.active DESC, m.created_at DESC, m.version",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .iter()
        .map(|r| ModelInfo {
            version: r.get("version"),
            active: r.get("active"),
            created_at: r.get("created_at"),
            registered_at: r.get("registered_at"),
            activated_at: r.get("activated_at"),
            scored_items: r.get("scored"),
            metrics: r.get("metrics"),
        })
        .collect())
}

/// Credibility histograms of item scores per language under the active model.
pub async fn distributions(pool: &PgPool) -> Result<Vec<Distribution>, DbError> {
    let rows = sqlx::query(
        "SELECT s.lang, LEAST(width_bucket(s.credibility, 0.0, 1.0, $1), $1) - 1 AS bin,
                count(*) AS n, sum(s.credibility) AS total
         FROM scores s JOIN models m ON m.version = s.model_version AND m.active
         GROUP BY 1, 2 ORDER BY 1, 2",
    )
    .bind(DISTRIBUTION_BINS as i32)
    .fetch_all(pool)
    .await?;
    let mut out: Vec<Distribution> = Vec::new();
    let mut totals: Vec<f64> = Vec::new();
    for row in rows {
        let lang: String = row.get("lang");
        if out.last().is_none_or(|d| d.lang != lang) {
            out.push(Distribution {
                lang,
                items: 0,
                mean: 0.0,
                counts: vec![0; DISTRIBUTION_BINS],
            });
            totals.push(0.0);
        }
        let bin = row
            .get::<i32, _>("bin")
            .clamp(0, DISTRIBUTION_BINS as i32 - 1) as usize;
        let n: i64 = row.get("n");
        let d = out.last_mut().expect("pushed above");
        d.counts[bin] += n as u64;
        d.items += n;
        *totals.last_mut().expect("pushed above") += row.get::<f64, _>("total");
    }
    for (d, total) in out.iter_mut().zip(totals) {
        d.mean = if d.items > 0 {
            total / d.items as f64
        } else {
            0.0
        };
    }
    Ok(out)
}

/// One row of the practitioner ranking printed by `make run`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PractitionerRow {
    /// The practitioner.
    pub id: String,
    /// Items scored.
    pub items: i64,
    /// Credibility.
    pub credibility: f64,
    /// Lower bound of the 95% interval.
    pub low: f64,
    /// Upper bound of the 95% interval.
    pub high: f64,
    /// How often each cue is flagged.
    pub cue_profile: serde_json::Value,
    /// Standing among peers, once computed.
    pub peer_standing: Option<f64>,
}

/// The practitioner ranking of `credscore practitioners`, most (or least) credible first.
pub async fn ranked_practitioners(
    pool: &PgPool,
    limit: i64,
    least_credible_first: bool,
) -> Result<Vec<PractitionerRow>, DbError> {
    let order = if least_credible_first { "ASC" } else { "DESC" };
    let rows = sqlx::query(&format!(
        "SELECT id, item_count, credibility, credibility_low, credibility_high, cue_profile,
                ps.standing AS peer_standing
         FROM {PRACTITIONERS_WITH_STANDING} WHERE credibility IS NOT NULL
         ORDER BY credibility {order}, id {order} LIMIT $1"
    ))
    .bind(limit)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| PractitionerRow {
            id: r.get("id"),
            items: r.get("item_count"),
            credibility: r.get("credibility"),
            low: r.get("credibility_low"),
            high: r.get("credibility_high"),
            cue_profile: r
                .get::<Option<serde_json::Value>, _>("cue_profile")
                .unwrap_or_default(),
            peer_standing: r.get("peer_standing"),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip() {
        for (credibility, id) in [(0.1 + 0.2, "ana"), (1.0, "été|x"), (0.0, "a b/c")] {
            let cursor = Cursor {
                order: if credibility > 0.5 {
                    Order::Asc
                } else {
                    Order::Desc
                },
                credibility,
                id: id.to_string(),
            };
            let token = cursor.encode();
            assert!(token.bytes().all(|b| b.is_ascii_hexdigit()));
            assert_eq!(Cursor::decode(&token), Some(cursor));
        }
    }

    #[test]
    fn bad_cursors_are_rejected() {
        // "", odd length, not hex, "nan", "|a", "d|NaN|a", "x|0.5|a", "d|0.5|"
        for token in [
            "",
            "abc",
            "zz",
            "6e616e",
            "7c61",
            "647c4e614e7c61",
            "787c302e357c61",
            "647c302e357c",
        ] {
            assert_eq!(Cursor::decode(token), None, "{token}");
        }
    }
}
