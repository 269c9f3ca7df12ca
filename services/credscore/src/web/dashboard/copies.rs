//! Copies on the item page: the earlier item this one copies, linked, and the later items
//! that copy it.

use crate::copies::CopiedFrom;
use crate::store::copies::CopiedBy;
use crate::web::charts::escape;
use crate::web::dashboard::{practitioner_link, url_encode};

/// A link to a stored item's page.
fn item_link(id: &str) -> String {
    format!("<a href=\"/items/{}\">{}</a>", url_encode(id), escape(id))
}

/// The copy card: empty when the item copies nothing and nothing copies it.
pub fn copy_card(author: &str, copied_from: Option<&CopiedFrom>, copied_by: &[CopiedBy]) -> String {
    let mut lines = Vec::new();
    if let Some(original) = copied_from {
        let whose = if original.author == author {
            "Re-posts the author's own earlier".to_string()
        } else {
            format!(
                "Copies an earlier item by {}:",
                practitioner_link(&original.author)
            )
        };
        lines.push(format!(
            "<p id=\"copied-from\">{whose} {} ({:.0} % of word pairs in common).</p>",
            item_link(&original.id),
            original.similarity * 100.0
        ));
    }
    if !copied_by.is_empty() {
        let copies: Vec<String> = copied_by
            .iter()
            .map(|c| {
                format!(
                    "{} by {} ({:.0} %)",
                    item_link(&c.id),
                    practitioner_link(&c.author),
                    c.similarity * 100.0
                )
            })
            .collect();
        lines.push(format!(
            "<p id=\"copied-by\">Copied later by: {}.</p>",
            copies.join(" · ")
        ));
    }
    if lines.is_empty() {
        return String::new();
    }
    format!("<div class=\"card\" id=\"copies\">{}</div>", lines.concat())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_card_links_the_original_and_says_whose_it_is() {
        let original = CopiedFrom {
            id: "a/1".into(),
            author: "alice".into(),
            similarity: 0.82,
        };
        let card = copy_card("bob", Some(&original), &[]);
        assert!(card.contains("href=\"/items/a%2F1\""), "{card}");
        assert!(card.contains("by <a") && card.contains("82 %"), "{card}");
        let own = copy_card("alice", Some(&original), &[]);
        assert!(own.contains("Re-posts the author's own"), "{own}");
        assert_eq!(copy_card("bob", None, &[]), "");
    }
}
