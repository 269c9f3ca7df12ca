//! Parsing a request body or a file line into records: a JSON array, one JSON object, or
//! one object per line, each problem named with its line or index and field.

use std::collections::HashMap;

use credscore_model::{Item, ItemError};

use crate::records::Record;

/// A bad item in a request: where it is and what is wrong.
#[derive(Debug, serde::Serialize)]
pub struct Problem {
    /// 1-based line (NDJSON) or 0-based index (JSON array); absent for a single object.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 0-based index in a JSON array.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index: Option<usize>,
    /// The field at fault.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<&'static str>,
    /// What is wrong and how to fix it.
    pub error: String,
}

fn problem(error: &ItemError) -> Problem {
    let field = match error {
        ItemError::Missing(f) => Some(*f),
        ItemError::Invalid { field, .. } => Some(*field),
        ItemError::Json(_) => None,
    };
    Problem {
        line: None,
        index: None,
        field,
        error: error.to_string(),
    }
}

/// Parses a request body: a JSON array, one JSON object, or one object per line.
pub fn parse_body(body: &str) -> Result<Vec<Record>, Vec<Problem>> {
    // A byte-order mark, as some editors and exports write, is not part of the JSON.
    let body = body.strip_prefix('\u{feff}').unwrap_or(body);
    let trimmed = body.trim_start();
    if trimmed.is_empty() {
        return Err(vec![Problem {
            line: None,
            index: None,
            field: None,
            error: "the request body is empty: send an item, an array of items, or NDJSON".into(),
        }]);
    }
    let check = |value: serde_json::Value| {
        let item = Item::from_value(value)?;
        Record::accept(item).map_err(|refusal| refusal.error().clone())
    };
    if trimmed.starts_with('[') {
        let values: Vec<serde_json::Value> = serde_json::from_str(trimmed).map_err(|e| {
            vec![Problem {
                line: Some(e.line()),
                index: None,
                field: None,
                error: format!("invalid JSON array: {e}"),
            }]
        })?;
        let mut items = Vec::with_capacity(values.len());
        let mut problems = Vec::new();
        let mut seen = HashMap::with_capacity(values.len());
        for (index, value) in values.into_iter().enumerate() {
            match check(value).and_then(|item| once(&mut seen, item, index, "index")) {
                Ok(item) => items.push(item),
                Err(e) => problems.push(Problem {
                    index: Some(index),
                    ..problem(&e)
                }),
            }
        }
        return if problems.is_empty() {
            Ok(items)
        } else {
            Err(problems)
        };
    }
    // One object, possibly spread over several lines.
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(trimmed) {
        return check(value)
            .map(|item| vec![item])
            .map_err(|e| vec![problem(&e)]);
    }
    let mut items = Vec::new();
    let mut problems = Vec::new();
    let mut seen = HashMap::new();
    for (number, line) in body.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let parsed = serde_json::from_str::<serde_json::Value>(line)
            .map_err(|e| ItemError::Json(json_error_on_line(&e)))
            .and_then(check)
            .and_then(|item| once(&mut seen, item, number + 1, "line"));
        match parsed {
            Ok(item) => items.push(item),
            Err(e) => problems.push(Problem {
                line: Some(number + 1),
                ..problem(&e)
            }),
        }
    }
    if problems.is_empty() {
        Ok(items)
    } else {
        Err(problems)
    }
}

/// An id seen earlier in the same request is refused, naming where it was first.
fn once(
    seen: &mut HashMap<String, usize>,
    record: Record,
    position: usize,
    unit: &str,
) -> Result<Record, ItemError> {
    let item = &record.item;
    match seen.entry(item.id.clone()) {
        std::collections::hash_map::Entry::Occupied(first) => Err(ItemError::Invalid {
            field: "id",
            reason: format!(
                "{:?} repeats the item at {unit} {}: send each item once per request",
                item.id,
                first.get()
            ),
        }),
        std::collections::hash_map::Entry::Vacant(slot) => {
            slot.insert(position);
            Ok(record)
        }
    }
}

/// A JSON error inside one NDJSON line: its column, without serde's "line 1".
fn json_error_on_line(error: &serde_json::Error) -> String {
    let message = error.to_string();
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(m, _)| m);
    format!("{message} at column {}", error.column())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_object_array_and_ndjson() {
        let one = r#"{"id":"1","author":"a","text":"hi"}"#;
        assert_eq!(parse_body(one).unwrap().len(), 1);
        let array = r#"[{"id":"1","author":"a","text":"hi"},{"id":"2","author":"b","text":"yo"}]"#;
        assert_eq!(parse_body(array).unwrap().len(), 2);
        let ndjson = "{\"id\":\"1\",\"author\":\"a\",\"text\":\"hi\"}\n\n{\"id\":\"2\",\"author\":\"b\",\"text\":\"yo\"}\n";
        assert_eq!(parse_body(ndjson).unwrap().len(), 2);
    }

    #[test]
    fn skips_a_byte_order_mark() {
        let ndjson = "\u{feff}{\"id\":\"1\",\"author\":\"a\",\"text\":\"hi\"}\n{\"id\":\"2\",\"author\":\"b\",\"text\":\"yo\"}\n";
        assert_eq!(parse_body(ndjson).unwrap().len(), 2);
    }

    #[test]
    fn refuses_an_id_twice_in_one_request() {
        let ndjson = "{\"id\":\"1\",\"author\":\"a\",\"text\":\"hi\"}\n{\"id\":\"2\",\"author\":\"a\",\"text\":\"yo\"}\n{\"id\":\"1\",\"author\":\"a\",\"text\":\"again\"}\n";
        let problems = parse_body(ndjson).unwrap_err();
        assert_eq!((problems[0].line, problems[0].field), (Some(3), Some("id")));
        assert!(
            problems[0].error.contains("repeats the item at line 1"),
            "{}",
            problems[0].error
        );
        let array = r#"[{"id":"1","author":"a","text":"hi"},{"id":"1","author":"a","text":"yo"}]"#;
        let problems = parse_body(array).unwrap_err();
        assert_eq!(problems[0].index, Some(1));
        assert!(problems[0].error.contains("repeats the item at index 0"));
    }

    #[test]
    fn a_bad_line_names_its_column_not_line_one() {
        let ndjson = "{\"id\":\"1\",\"author\":\"a\",\"text\":\"hi\"}\n{\"id\": nope}\n";
        let problems = parse_body(ndjson).unwrap_err();
        assert_eq!(problems[0].line, Some(2));
        assert!(
            problems[0].error.ends_with("at column 9"),
            "{}",
            problems[0].error
        );
        assert!(
            !problems[0].error.contains("line 1"),
            "{}",
            problems[0].error
        );
    }

    #[test]
    fn names_line_index_and_field() {
        let ndjson = "{\"id\":\"1\",\"author\":\"a\",\"text\":\"hi\"}\n{\"id\":\"2\",\"author\":\"b\"}\nnot json\n";
        let problems = parse_body(ndjson).unwrap_err();
        assert_eq!(problems.len(), 2);
        assert_eq!(
            (problems[0].line, problems[0].field),
            (Some(2), Some("text"))
        );
        assert_eq!(problems[1].line, Some(3));
        let array = r#"[{"id":"1","author":"a","text":"hi"},{"id":"2","text":"yo"}]"#;
        let problems = parse_body(array).unwrap_err();
        assert_eq!(
            (problems[0].index, problems[0].field),
            (Some(1), Some("author"))
        );
        let bad_time = r#"{"id":"1","author":"a","text":"hi","created_at":"yesterday"}"#;
        assert_eq!(
            parse_body(bad_time).unwrap_err()[0].field,
            Some("created_at")
        );
    }

    #[test]
    fn a_nul_character_is_refused_naming_its_field() {
        let body = "{\"id\":\"x\",\"author\":\"a\",\"text\":\"hello \\u0000 world\"}";
        let problems = parse_body(body).unwrap_err();
        assert_eq!(problems[0].field, Some("text"));
        assert!(problems[0].error.contains("NUL"), "{}", problems[0].error);
    }
}
