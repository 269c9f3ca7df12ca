//! The item contract: what feeds send, what files hold one per line.

use serde::{Deserialize, Serialize};

/// A post or a comment. Unknown fields are ignored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// Unique id of the post or comment; a new version of an item re-uses it.
    pub id: String,
    /// Required by the pipeline (the Kafka key); optional for offline scoring.
    #[serde(default)]
    pub author: String,
    /// Post or comment (a context feature); a post when absent.
    #[serde(default = "default_kind")]
    pub kind: Kind,
    /// The item a comment answers, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    /// Where the item was published (blog, linkedin…), kept for display.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    /// Declared language (`fr`, `en`, `fr-CA`…): breaks ties in language detection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// Publication time (RFC 3339), which weighs the item in its author's score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Link to the original, kept for display.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The text that is scored.
    pub text: String,
}

/// Whether an item starts a thread or answers one: comments are read differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A post that starts a thread.
    Post,
    /// A comment answering a post or another comment.
    Comment,
}

fn default_kind() -> Kind {
    Kind::Post
}

impl Kind {
    /// The kind as written in items and stored (`post`, `comment`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Post => "post",
            Kind::Comment => "comment",
        }
    }
}

/// Longest text accepted, in characters; every entry point shares the limit.
pub const MAX_TEXT_CHARS: usize = 20_000;
/// Longest id or author accepted, in characters.
pub const MAX_ID_CHARS: usize = 256;

/// Why an item cannot be accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ItemError {
    /// Not JSON at all; the parser's message.
    #[error("invalid JSON: {0}")]
    Json(String),
    /// A required field is absent or null; its name.
    #[error("field `{0}` is missing")]
    Missing(&'static str),
    /// A field has the wrong type or value.
    #[error("field `{field}` is invalid: {reason}")]
    Invalid {
        /// The field's name (`item` for the whole object).
        field: &'static str,
        /// What is wrong with it.
        reason: String,
    },
}

impl ItemError {
    /// A short, stable reason code (metrics label, dead-letter reason).
    pub fn code(&self) -> &'static str {
        match self {
            ItemError::Json(_) => "invalid_json",
            ItemError::Missing(_) => "missing_field",
            ItemError::Invalid { .. } => "invalid_field",
        }
    }
}

impl Item {
    /// Parses one JSON object, naming the missing or wrong field when it fails.
    pub fn from_json(line: &str) -> Result<Item, ItemError> {
        let value: serde_json::Value =
            serde_json::from_str(line).map_err(|e| ItemError::Json(e.to_string()))?;
        Self::from_value(value)
    }

    /// As [`Item::from_json`], from JSON already parsed (a line of a labeled corpus).
    pub fn from_value(value: serde_json::Value) -> Result<Item, ItemError> {
        let object = value.as_object().ok_or(ItemError::Invalid {
            field: "item",
            reason: "expected a JSON object".into(),
        })?;
        for field in ["id", "text", "author"] {
            match object.get(field) {
                None | Some(serde_json::Value::Null) if field == "author" => {}
                None | Some(serde_json::Value::Null) => {
                    return Err(ItemError::Missing(field_name(field)))
                }
                Some(serde_json::Value::String(_)) => {}
                Some(_) => {
                    return Err(ItemError::Invalid {
                        field: field_name(field),
                        reason: "expected a string".into(),
                    })
                }
            }
        }
        for field in ["parent_id", "platform", "lang", "created_at", "url"] {
            match object.get(field) {
                None | Some(serde_json::Value::Null | serde_json::Value::String(_)) => {}
                Some(other) => {
                    return Err(ItemError::Invalid {
                        field: field_name(field),
                        reason: format!("expected a string, not {other}"),
                    })
                }
            }
        }
        if let Some(kind) = object.get("kind").filter(|k| !k.is_null()) {
            if !matches!(kind.as_str(), Some("post" | "comment")) {
                return Err(ItemError::Invalid {
                    field: "kind",
                    reason: format!("must be \"post\" or \"comment\", not {kind}"),
                });
            }
        }
        let item: Item = serde_json::from_value(value).map_err(|e| {
            let message = e.to_string();
            let field = ["kind", "parent_id", "platform", "lang", "created_at", "url"]
                .into_iter()
                .find(|f| message.contains(f))
                .map(field_name)
                .unwrap_or("item");
            ItemError::Invalid {
                field,
                reason: message,
            }
        })?;
        item.validate()?;
        Ok(item)
    }

    /// The pipeline keys events by author: it must be there.
    pub fn require_author(&self) -> Result<(), ItemError> {
        if self.author.trim().is_empty() {
            return Err(ItemError::Missing("author"));
        }
        Ok(())
    }

    /// Checks the limits and the declared language; every entry point calls it.
    pub fn validate(&self) -> Result<(), ItemError> {
        let invalid = |field, reason: &str| {
            Err(ItemError::Invalid {
                field,
                reason: reason.into(),
            })
        };
        if self.id.trim().is_empty() {
            return invalid("id", "must not be empty");
        }
        if self.id.chars().count() > MAX_ID_CHARS {
            return invalid("id", "longer than 256 characters");
        }
        if self.author.chars().count() > MAX_ID_CHARS {
            return invalid("author", "longer than 256 characters");
        }
        if self.text.chars().count() > MAX_TEXT_CHARS {
            return invalid("text", "longer than 20000 characters");
        }
        if self.text.trim().is_empty() {
            return invalid("text", "is empty: there is nothing to score");
        }
        if let Some(lang) = self.lang.as_deref().filter(|l| !l.trim().is_empty()) {
            if crate::lang::Lang::from_hint(lang).is_none() {
                return Err(ItemError::Invalid {
                    field: "lang",
                    reason: format!(
                        "{lang:?} is not supported: credscore scores French (\"fr\") and English (\"en\"); leave `lang` out to have it detected"
                    ),
                });
            }
        }
        Ok(())
    }
}

fn field_name(field: &str) -> &'static str {
    match field {
        "id" => "id",
        "text" => "text",
        "author" => "author",
        "kind" => "kind",
        "parent_id" => "parent_id",
        "platform" => "platform",
        "lang" => "lang",
        "created_at" => "created_at",
        _ => "url",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_ignores_unknown_fields() {
        let item = Item::from_json(
            r#"{"id":"1","author":"a","kind":"comment","parent_id":"0","text":"hi","extra":3}"#,
        )
        .unwrap();
        assert_eq!(item.kind, Kind::Comment);
        assert_eq!(item.parent_id.as_deref(), Some("0"));
    }

    #[test]
    fn names_the_problem() {
        assert_eq!(
            Item::from_json(r#"{"id":"1","author":"a"}"#),
            Err(ItemError::Missing("text"))
        );
        assert_eq!(
            Item::from_json(r#"{"text":"x","author":"a"}"#),
            Err(ItemError::Missing("id"))
        );
        assert!(matches!(
            Item::from_json(r#"{"id":1,"author":"a","text":"x"}"#),
            Err(ItemError::Invalid { field: "id", .. })
        ));
        assert!(matches!(
            Item::from_json(r#"{"id":"1","author":"a","text":"x","kind":"tweet"}"#),
            Err(ItemError::Invalid { field: "kind", .. })
        ));
        assert!(matches!(Item::from_json("{nope"), Err(ItemError::Json(_))));
        for (field, json) in [
            ("lang", r#"{"id":"1","text":"x","lang":5}"#),
            ("parent_id", r#"{"id":"1","text":"x","parent_id":7}"#),
            ("platform", r#"{"id":"1","text":"x","platform":true}"#),
            ("url", r#"{"id":"1","text":"x","url":1}"#),
            ("created_at", r#"{"id":"1","text":"x","created_at":12345}"#),
        ] {
            match Item::from_json(json) {
                Err(ItemError::Invalid { field: named, .. }) => assert_eq!(named, field),
                other => panic!("{json}: {other:?}"),
            }
        }
    }

    #[test]
    fn refuses_what_cannot_be_scored() {
        for text in ["", "   \n\t"] {
            let item = serde_json::json!({"id": "1", "text": text});
            assert!(matches!(
                Item::from_value(item),
                Err(ItemError::Invalid { field: "text", .. })
            ));
        }
        let german = Item::from_json(r#"{"id":"1","text":"Ich bin Experte","lang":"de"}"#);
        match german {
            Err(ItemError::Invalid {
                field: "lang",
                reason,
            }) => {
                assert!(reason.contains("\"de\" is not supported"), "{reason}")
            }
            other => panic!("{other:?}"),
        }
        for lang in ["fr", "fr-CA", "en_US", "English", ""] {
            let item = serde_json::json!({"id": "1", "text": "ok", "lang": lang});
            assert!(Item::from_value(item).is_ok(), "{lang}");
        }
    }
}
