//! Reviewers' labels on the item page, beside the model's scores.

use crate::store::labels::Label;
use crate::store::read::Dispute;
use crate::web::charts::escape;

/// What a label says, in words.
pub(super) fn says(label: &Label) -> &'static str {
    words(&label.target, label.value)
}

/// What value 1 or 0 of `target` says, in words.
pub(super) fn words(target: &str, value: i16) -> &'static str {
    match (target, value) {
        ("credible", 1) => "credible",
        ("credible", _) => "not credible",
        ("self_promotion", 1) => "self-promotion",
        ("self_promotion", _) => "no self-promotion",
        ("unverifiable_claims", 1) => "unverifiable claims",
        ("unverifiable_claims", _) => "no unverifiable claims",
        ("writing_errors", 1) => "writing errors",
        _ => "no writing errors",
    }
}

/// The card of human labels: empty when no reviewer labeled the item.
pub fn label_card(labels: &[Label]) -> String {
    if labels.is_empty() {
        return String::new();
    }
    let rows: String = labels
        .iter()
        .map(|l| {
            let replaced = l
                .replaces
                .as_ref()
                .map(|r| {
                    format!(
                        " (replaces {}'s {} of {})",
                        escape(&r.reviewer),
                        r.value,
                        r.labeled_at.format("%Y-%m-%d")
                    )
                })
                .unwrap_or_default();
            format!(
                "<li><strong>{}</strong> by {}, {}{}{}</li>",
                says(l),
                escape(&l.reviewer),
                l.labeled_at.format("%Y-%m-%d %H:%M"),
                l.note
                    .as_deref()
                    .map(|n| format!(": “{}”", escape(n)))
                    .unwrap_or_default(),
                replaced
            )
        })
        .collect();
    format!("<div class=\"card\" id=\"labels\"><h2>Reviewers' labels</h2><ul>{rows}</ul></div>")
}

/// The ranking's mark of a disputed score (its note as a tooltip); empty when undisputed.
pub fn dispute_mark(dispute: Option<&Dispute>) -> String {
    dispute
        .map(|d| {
            format!(
                " <span class=\"disputed\" title=\"disputed by {}: {}\">⚑ disputed</span>",
                escape(&d.by),
                escape(&d.note)
            )
        })
        .unwrap_or_default()
}

/// The practitioner page's card of an open dispute; empty when undisputed.
pub fn dispute_card(dispute: Option<&Dispute>) -> String {
    dispute
        .map(|d| {
            format!(
                "<div class=\"card\" id=\"dispute\"><strong>⚑ This score is disputed</strong> by {} since {}: “{}”</div>",
                escape(&d.by),
                d.at.format("%Y-%m-%d"),
                escape(&d.note)
            )
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_card_says_what_each_reviewer_said() {
        let label = Label {
            id: 2,
            item_id: "a-1".into(),
            target: "self_promotion".into(),
            value: 0,
            reviewer: "ana <b>".into(),
            note: Some("a quote".into()),
            labeled_at: chrono::DateTime::from_timestamp(1_790_000_000, 0).unwrap(),
            replaces: None,
        };
        let card = label_card(&[label]);
        assert!(
            card.contains("no self-promotion") && card.contains("ana &lt;b&gt;"),
            "{card}"
        );
        assert_eq!(label_card(&[]), "");
    }
}
