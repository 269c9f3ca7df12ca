//! Every conversion an item goes through, in the one direction it travels:
//! JSON or event → [`Record`] (validated once, at the edge) → event → stored rows.
//!
//! An item enters at an edge (an HTTP body, a file line, or an event that did not come
//! through ingest) and is accepted there as a [`Record`]: every check the pipeline needs has
//! passed and `created_at` is parsed. Nothing downstream validates again.

use chrono::{DateTime, Utc};
use credscore_model::{Item, ItemError, Kind, ScoreOutput};

use crate::proto;

/// An item accepted by the pipeline: it has an id and an author, passes the item contract's
/// checks, holds nothing PostgreSQL cannot store, and its `created_at` is parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The item as sent (its `created_at` string kept as it came, for the event).
    pub item: Item,
    /// `item.created_at`, parsed.
    pub created_at: Option<DateTime<Utc>>,
}

/// Why an item was refused, with the reason code its dead letter carries.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// It breaks the item contract (a missing or malformed field).
    #[error("{0}")]
    Invalid(ItemError),
    /// It is valid but holds what PostgreSQL cannot store.
    #[error("{0}")]
    Unstorable(ItemError),
}

impl Refusal {
    /// The field and the problem, as ingest reports them.
    pub fn error(&self) -> &ItemError {
        match self {
            Refusal::Invalid(error) | Refusal::Unstorable(error) => error,
        }
    }

    /// The dead-letter reason (a metrics label): `invalid_item` or `unstorable`.
    pub fn reason(&self) -> &'static str {
        match self {
            Refusal::Invalid(_) => "invalid_item",
            Refusal::Unstorable(_) => "unstorable",
        }
    }
}

impl From<ItemError> for Refusal {
    fn from(error: ItemError) -> Self {
        Refusal::Invalid(error)
    }
}

impl Record {
    /// Accepts an item for the pipeline, naming the first field that is wrong.
    pub fn accept(item: Item) -> Result<Record, Refusal> {
        if item.id.trim().is_empty() {
            return Err(ItemError::Missing("id").into());
        }
        item.require_author()?;
        item.validate()?;
        storable(&item).map_err(Refusal::Unstorable)?;
        let created_at = item.created_at.as_deref().map(parse_time).transpose()?;
        Ok(Record { item, created_at })
    }
}

/// Refuses what PostgreSQL cannot store in a `text` column: the NUL character (a valid
/// Unicode scalar that PostgreSQL rejects with "invalid byte sequence for encoding UTF8").
pub fn storable(item: &Item) -> Result<(), ItemError> {
    let fields = [
        ("id", Some(item.id.as_str())),
        ("author", Some(item.author.as_str())),
        ("text", Some(item.text.as_str())),
        ("parent_id", item.parent_id.as_deref()),
        ("platform", item.platform.as_deref()),
        ("lang", item.lang.as_deref()),
        ("created_at", item.created_at.as_deref()),
        ("url", item.url.as_deref()),
    ];
    for (field, value) in fields {
        if let Some(position) = value.and_then(|v| v.chars().position(|c| c == '\0')) {
            return Err(ItemError::Invalid {
                field,
                reason: format!(
                    "contains a NUL character (U+0000) at character {position}, which cannot be stored: remove it"
                ),
            });
        }
    }
    Ok(())
}

/// Parses an RFC 3339 time (the `created_at` field).
pub fn parse_time(value: &str) -> Result<DateTime<Utc>, ItemError> {
    DateTime::parse_from_rfc3339(value)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| ItemError::Invalid {
            field: "created_at",
            reason: format!("not an RFC 3339 time ({e}), e.g. 2025-03-14T10:22:00Z"),
        })
}

/// The event published to the items topic for an item (ingest's side of the contract).
pub fn item_to_event(item: &Item, ingested_at_ms: i64) -> proto::ItemEvent {
    proto::ItemEvent {
        id: item.id.clone(),
        author: item.author.clone(),
        kind: match item.kind {
            Kind::Post => proto::ItemKind::Post,
            Kind::Comment => proto::ItemKind::Comment,
        } as i32,
        parent_id: item.parent_id.clone(),
        platform: item.platform.clone(),
        lang: item.lang.clone(),
        created_at: item.created_at.clone(),
        url: item.url.clone(),
        text: item.text.clone(),
        ingested_at_ms,
    }
}

/// Accepts an event from the items topic (the scorer's edge: events may come from producers
/// other than ingest), with its ingest time in ms since the epoch.
pub fn event_to_record(event: proto::ItemEvent) -> Result<(Record, i64), Refusal> {
    let kind = match proto::ItemKind::try_from(event.kind) {
        Ok(proto::ItemKind::Comment) => Kind::Comment,
        Ok(proto::ItemKind::Post) | Ok(proto::ItemKind::Unspecified) => Kind::Post,
        Err(_) => {
            return Err(ItemError::Invalid {
                field: "kind",
                reason: format!("unknown kind {}", event.kind),
            }
            .into())
        }
    };
    let item = Item {
        id: event.id,
        author: event.author,
        kind,
        parent_id: event.parent_id,
        platform: event.platform,
        lang: event.lang,
        created_at: event.created_at,
        url: event.url,
        text: event.text,
    };
    Ok((Record::accept(item)?, event.ingested_at_ms))
}

/// An item as stored.
#[derive(Debug, Clone, serde::Serialize)]
pub struct StoredItem {
    /// The item's id, unique across the product.
    pub id: String,
    /// The practitioner who wrote it.
    pub author: String,
    /// `post` or `comment`.
    pub kind: String,
    /// The item a comment answers.
    pub parent_id: Option<String>,
    /// Where it was published, as the sender said.
    pub platform: Option<String>,
    /// The language the sender declared (the detected one is on the score).
    pub lang_hint: Option<String>,
    /// Where it can be read.
    pub url: Option<String>,
    /// When it was published.
    pub created_at: Option<DateTime<Utc>>,
    /// The text, in NFC.
    pub text: String,
    /// When it was stored (ingest's time, from the event): its time in its author's score
    /// when it has no `created_at`.
    pub ingested_at: DateTime<Utc>,
}

/// A score as stored.
#[derive(Debug, Clone)]
pub struct StoredScore {
    /// The item scored.
    pub item_id: String,
    /// Its author, kept beside the score so practitioner sums need no join on items.
    pub author: String,
    /// The detected language.
    pub lang: String,
    /// Credibility in [0, 1], higher is more credible.
    pub credibility: f64,
    /// Probability of self-promotion.
    pub self_promotion: f64,
    /// Probability of unverifiable claims.
    pub unverifiable_claims: f64,
    /// Probability of writing errors.
    pub writing_errors: f64,
    /// The explanations as JSON text (stored as json).
    pub explanation: String,
    /// How much evidence the text carries either way: the item's weight in its author's
    /// score (0 for a language the model does not know).
    pub evidence_weight: f64,
}

/// The row of a record that ingest accepted at `ingested_at`.
pub fn stored_item(record: &Record, ingested_at: DateTime<Utc>) -> StoredItem {
    let item = &record.item;
    StoredItem {
        id: item.id.clone(),
        author: item.author.clone(),
        kind: item.kind.as_str().to_string(),
        parent_id: item.parent_id.clone(),
        platform: item.platform.clone(),
        lang_hint: item.lang.clone(),
        url: item.url.clone(),
        created_at: record.created_at,
        // Stored in NFC, the form the evidence spans' character offsets refer to, so the
        // dashboard highlights the right characters of a decomposed ("e\u{301}") text.
        text: credscore_model::text::to_nfc(&item.text).into_owned(),
        ingested_at,
    }
}

/// The row of an item's score.
pub fn stored_score(item: &Item, score: &ScoreOutput) -> StoredScore {
    StoredScore {
        item_id: item.id.clone(),
        author: item.author.clone(),
        lang: score.lang.clone(),
        credibility: score.credibility,
        self_promotion: score.cues.self_promotion,
        unverifiable_claims: score.cues.unverifiable_claims,
        writing_errors: score.cues.writing_errors,
        explanation: serde_json::to_string(&score.explanations).expect("explanations serialise"),
        evidence_weight: score.evidence_weight,
    }
}

/// The event published to the scores topic once a score is stored.
pub fn score_event(
    item: &Item,
    score: &ScoreOutput,
    copied_from: Option<&crate::copies::CopiedFrom>,
    scored_at_ms: i64,
) -> proto::ScoreEvent {
    proto::ScoreEvent {
        item_id: item.id.clone(),
        author: item.author.clone(),
        lang: score.lang.clone(),
        credibility: score.credibility,
        self_promotion: score.cues.self_promotion,
        unverifiable_claims: score.cues.unverifiable_claims,
        writing_errors: score.cues.writing_errors,
        explanations: score
            .explanations
            .iter()
            .map(|e| proto::Explanation {
                cue: e.cue.clone(),
                contribution: e.contribution,
                probability: e.probability,
                spans: e
                    .spans
                    .iter()
                    .map(|s| proto::Span {
                        start: s.start as u32,
                        end: s.end as u32,
                        signal: s.signal.clone(),
                    })
                    .collect(),
            })
            .collect(),
        model_version: score.model_version.clone(),
        scored_at_ms,
        evidence_weight: Some(score.evidence_weight),
        supported: Some(score.supported),
        copied_from: copied_from.map(|c| proto::CopiedFrom {
            id: c.id.clone(),
            author: c.author.clone(),
            similarity: c.similarity,
        }),
    }
}

/// The item a stored row describes, as the scorer needs it (re-scoring reads rows back).
pub fn row_to_item(
    id: &str,
    author: &str,
    kind: &str,
    lang_hint: Option<&str>,
    text: &str,
) -> Item {
    Item {
        id: id.to_string(),
        author: author.to_string(),
        kind: if kind == "comment" {
            Kind::Comment
        } else {
            Kind::Post
        },
        parent_id: None,
        platform: None,
        lang: lang_hint.map(str::to_string),
        created_at: None,
        url: None,
        text: text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The refusal has `reason` and names `field`.
    fn assert_refused(refusal: &Refusal, reason: &str, field: &str) {
        assert_eq!(refusal.reason(), reason);
        match refusal.error() {
            ItemError::Invalid { field: named, .. } => assert_eq!(*named, field),
            other => panic!("{other:?} does not name {field}"),
        }
    }

    fn item(text: &str) -> Item {
        Item::from_json(&serde_json::json!({"id": "1", "author": "a", "text": text}).to_string())
            .unwrap()
    }

    #[test]
    fn a_nul_character_is_refused_with_its_field() {
        match Record::accept(item("hello \u{0} world")) {
            Err(Refusal::Unstorable(ItemError::Invalid { field, reason })) => {
                assert_eq!(field, "text");
                assert!(reason.contains("NUL"), "{reason}");
            }
            other => panic!("{other:?}"),
        }
        let mut with_nul_author = item("fine");
        with_nul_author.author = "a\u{0}".into();
        let refusal = Record::accept(with_nul_author).unwrap_err();
        assert_refused(&refusal, "unstorable", "author");
    }

    #[test]
    fn created_at_is_parsed_once_at_the_edge() {
        let mut timed = item("fine");
        timed.created_at = Some("2025-03-14T10:22:00+01:00".into());
        let record = Record::accept(timed).unwrap();
        assert_eq!(
            record.created_at.unwrap().to_rfc3339(),
            "2025-03-14T09:22:00+00:00"
        );
        assert_eq!(
            stored_item(&record, Utc::now()).created_at,
            record.created_at
        );
        let mut bad = item("fine");
        bad.created_at = Some("last tuesday".into());
        let refusal = Record::accept(bad).unwrap_err();
        assert_refused(&refusal, "invalid_item", "created_at");
    }

    #[test]
    fn an_event_round_trips_to_the_same_record() {
        let record = Record::accept(item("bonjour")).unwrap();
        let (back, at) = event_to_record(item_to_event(&record.item, 42)).unwrap();
        assert_eq!((back, at), (record, 42));
    }
}
