//! Reading stored items back for re-scoring: the job filters, keyset pages and id ranges.

use chrono::{DateTime, Utc};
use sqlx::postgres::PgPool;
use sqlx::Row;

use crate::store::pool::DbError;

/// Which stored items a job covers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filters {
    /// Items published (or, without a publication time, ingested) at or after this time.
    pub since: Option<DateTime<Utc>>,
    /// ... and before this time.
    pub until: Option<DateTime<Utc>>,
    /// Only these authors (empty: everyone).
    pub authors: Vec<String>,
    /// Only items the model detects in this language (`fr` or `en`).
    pub lang: Option<String>,
}

impl Filters {
    /// Canonical form, stored with the job: the same filters always give the same JSON.
    pub fn to_json(&self) -> serde_json::Value {
        let mut authors = self.authors.clone();
        authors.sort();
        authors.dedup();
        serde_json::json!({
            "since": self.since.map(|t| t.to_rfc3339()),
            "until": self.until.map(|t| t.to_rfc3339()),
            "authors": authors,
            "lang": self.lang,
        })
    }

    /// The filters in words, for listings: "all items" when there are none.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(since) = self.since {
            parts.push(format!("since {}", since.to_rfc3339()));
        }
        if let Some(until) = self.until {
            parts.push(format!("until {}", until.to_rfc3339()));
        }
        if !self.authors.is_empty() {
            parts.push(format!("authors {}", self.authors.join(",")));
        }
        if let Some(lang) = &self.lang {
            parts.push(format!("lang {lang}"));
        }
        if parts.is_empty() {
            "all items".to_string()
        } else {
            parts.join("; ")
        }
    }

    /// The filters stored with a job, back.
    pub fn from_json(value: &serde_json::Value) -> Result<Filters, String> {
        let time = |key: &str| -> Result<Option<DateTime<Utc>>, String> {
            match value.get(key).and_then(|v| v.as_str()) {
                None => Ok(None),
                Some(raw) => DateTime::parse_from_rfc3339(raw)
                    .map(|t| Some(t.with_timezone(&Utc)))
                    .map_err(|e| format!("filter `{key}`: {e}")),
            }
        };
        Ok(Filters {
            since: time("since")?,
            until: time("until")?,
            authors: value
                .get("authors")
                .and_then(|v| v.as_array())
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default(),
            lang: value
                .get("lang")
                .and_then(|v| v.as_str())
                .map(str::to_string),
        })
    }

    /// Rejects filters that cannot mean what the user wants.
    pub fn validate(&self) -> Result<(), String> {
        if let (Some(since), Some(until)) = (self.since, self.until) {
            if since >= until {
                return Err(format!(
                    "--since ({since}) must be before --until ({until})"
                ));
            }
        }
        if self.authors.iter().any(|a| a.trim().is_empty()) {
            return Err("--author needs an author id; an empty one matches nothing".to_string());
        }
        Ok(())
    }

    /// Whether an item detected in `lang` is kept.
    pub fn keeps_lang(&self, lang: &str) -> bool {
        self.lang.as_deref().is_none_or(|l| l == lang)
    }
}

/// SQL condition on `items` for the time and author filters: $1 (since), $2 (until), $3
/// (authors), bound by [`filtered`]. Queries bind their own parameters from $4.
const ITEM_FILTER: &str = "($1::timestamptz IS NULL OR COALESCE(created_at, ingested_at) >= $1)
     AND ($2::timestamptz IS NULL OR COALESCE(created_at, ingested_at) < $2)
     AND (cardinality($3::text[]) = 0 OR author = ANY($3))";

/// Keyset page of item ids: after $4 (none for the first page), at most $5.
const ITEM_PAGE: &str = "($4::text IS NULL OR id > $4) ORDER BY id LIMIT $5";

/// `sql` (which uses [`ITEM_FILTER`]) with the filter's parameters bound.
fn filtered<'q>(
    sql: &'q str,
    filters: &'q Filters,
) -> sqlx::query::Query<'q, sqlx::Postgres, sqlx::postgres::PgArguments> {
    sqlx::query(sql)
        .bind(filters.since)
        .bind(filters.until)
        .bind(&filters.authors)
}

/// What scoring needs of a stored item.
#[derive(Debug, Clone)]
pub struct ItemRow {
    /// The item id.
    pub id: String,
    /// Its author.
    pub author: String,
    /// `post` or `comment`.
    pub kind: String,
    /// The declared language.
    pub lang_hint: Option<String>,
    /// The text.
    pub text: String,
}

fn item_row(row: &sqlx::postgres::PgRow) -> ItemRow {
    ItemRow {
        id: row.get("id"),
        author: row.get("author"),
        kind: row.get("kind"),
        lang_hint: row.get("lang_hint"),
        text: row.get("text"),
    }
}

/// Up to `limit` items after `after` in id order, matching `filters`.
pub async fn read_page(
    pool: &PgPool,
    after: Option<&str>,
    filters: &Filters,
    limit: i64,
) -> Result<Vec<ItemRow>, DbError> {
    let sql = format!(
        "SELECT id, author, kind, lang_hint, text FROM items WHERE {ITEM_FILTER} AND {ITEM_PAGE}"
    );
    let rows = filtered(&sql, filters)
        .bind(after)
        .bind(limit)
        .fetch_all(pool)
        .await?;
    Ok(rows.iter().map(item_row).collect())
}

/// The items with ids in `[first, last]` matching `filters` (a distributed job's range).
pub async fn read_range(
    pool: &PgPool,
    first: &str,
    last: &str,
    filters: &Filters,
) -> Result<Vec<ItemRow>, DbError> {
    let sql = format!(
        "SELECT id, author, kind, lang_hint, text FROM items
         WHERE {ITEM_FILTER} AND id >= $4 AND id <= $5 ORDER BY id"
    );
    let rows = filtered(&sql, filters)
        .bind(first)
        .bind(last)
        .fetch_all(pool)
        .await?;
    Ok(rows.iter().map(item_row).collect())
}

/// How many stored items match `filters` (before the language filter).
pub async fn count_items(pool: &PgPool, filters: &Filters) -> Result<i64, DbError> {
    let sql = format!("SELECT count(*) FROM items WHERE {ITEM_FILTER}");
    Ok(filtered(&sql, filters).fetch_one(pool).await?.get(0))
}

/// Item ids in `(after, …]` matching `filters`, in order, at most `limit`.
pub async fn read_ids(
    pool: &PgPool,
    after: Option<&str>,
    filters: &Filters,
    limit: i64,
) -> Result<Vec<String>, DbError> {
    let sql = format!("SELECT id FROM items WHERE {ITEM_FILTER} AND {ITEM_PAGE}");
    let rows = filtered(&sql, filters)
        .bind(after)
        .bind(limit)
        .fetch_all(pool)
        .await?;
    Ok(rows.iter().map(|r| r.get("id")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_have_one_canonical_form() {
        let a = Filters {
            authors: vec!["b".into(), "a".into(), "b".into()],
            lang: Some("fr".into()),
            since: Some("2026-01-01T00:00:00Z".parse().unwrap()),
            until: None,
        };
        let b = Filters {
            authors: vec!["a".into(), "b".into()],
            ..a.clone()
        };
        assert_eq!(a.to_json(), b.to_json());
        let back = Filters::from_json(&a.to_json()).unwrap();
        assert_eq!(back.to_json(), a.to_json());
        assert_eq!(back.since, a.since);
        assert!(Filters::from_json(&serde_json::json!({"since": "yesterday"})).is_err());
    }

    #[test]
    fn the_language_filter_keeps_only_that_language() {
        let fr = Filters {
            lang: Some("fr".into()),
            ..Filters::default()
        };
        assert!(fr.keeps_lang("fr") && !fr.keeps_lang("en"));
        assert!(Filters::default().keeps_lang("en"));
    }
}
