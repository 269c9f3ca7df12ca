//! The reply graph (issue 13): who engages with whom, and how.
//!
//! An item engages with another practitioner when it answers one of their items (its
//! `parent_id`) or @mentions them. Each engagement carries the stance of the text (how much it
//! endorses, how much it contradicts) from the stance model. The scorer stores engagements
//! with the item, in the batch's transaction (`store::graph`); the peer-standing job
//! (`standing`) reads them all, resolves targets to practitioners and computes each
//! practitioner's standing among their peers.

use std::collections::BTreeSet;

/// The largest share peer standing takes in a practitioner's overall score, reached when the
/// standing rests on full confidence.
pub const MAX_PEER_WEIGHT: f64 = 0.3;

/// A practitioner's overall score: their text-based credibility, moved toward their peer
/// standing by at most [`MAX_PEER_WEIGHT`], in proportion to the standing's confidence. With
/// no standing (or no confidence) it is the credibility itself.
pub fn overall(credibility: f64, peer: Option<(f64, f64)>) -> f64 {
    match peer {
        None => credibility,
        Some((standing, confidence)) => {
            let weight = MAX_PEER_WEIGHT * confidence.clamp(0.0, 1.0);
            (1.0 - weight) * credibility + weight * standing
        }
    }
}

/// How an item engages with its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Via {
    /// It answers the target item (`parent_id`).
    Reply,
    /// It @mentions the target handle.
    Mention,
}

impl Via {
    /// The name stored in `engagements.via`.
    pub fn as_str(self) -> &'static str {
        match self {
            Via::Reply => "reply",
            Via::Mention => "mention",
        }
    }
}

/// One engagement of a stored item, as written to `engagements`.
#[derive(Debug, Clone, PartialEq)]
pub struct Engagement {
    /// The engaging item.
    pub item_id: String,
    /// Its author.
    pub author: String,
    /// Reply or mention.
    pub via: Via,
    /// The parent item's id (reply) or the mentioned handle (mention).
    pub target: String,
    /// Probability that the text endorses its target.
    pub endorses: f64,
    /// Probability that it contradicts its target.
    pub contradicts: f64,
}

/// The stance of a text toward what it answers or mentions.
#[derive(Debug, Clone, Copy)]
pub struct StanceOf {
    /// Probability that it endorses.
    pub endorses: f64,
    /// Probability that it contradicts.
    pub contradicts: f64,
}

/// The engagements of one item: its reply to `parent_id` (when it has one) and one per
/// distinct handle it @mentions other than its own author's.
pub fn engagements_of(
    item_id: &str,
    author: &str,
    parent_id: Option<&str>,
    text: &str,
    stance: StanceOf,
) -> Vec<Engagement> {
    let engagement = |via: Via, target: String| Engagement {
        item_id: item_id.to_string(),
        author: author.to_string(),
        via,
        target,
        endorses: stance.endorses,
        contradicts: stance.contradicts,
    };
    let mut out = Vec::new();
    if let Some(parent) = parent_id.filter(|p| !p.is_empty() && *p != item_id) {
        out.push(engagement(Via::Reply, parent.to_string()));
    }
    for handle in mentions(text) {
        if handle != author {
            out.push(engagement(Via::Mention, handle));
        }
    }
    out
}

/// Whether an item can engage with anyone: it answers an item or contains an @.
pub fn may_engage(parent_id: Option<&str>, text: &str) -> bool {
    parent_id.is_some_and(|p| !p.is_empty()) || text.contains('@')
}

/// The distinct handles a text @mentions, sorted: `@name` where
/// the `@` starts a word (not an e-mail address) and the name is made of letters, digits,
/// `_`, `-` and inner dots. A trailing dot or dash is punctuation, not part of the handle.
pub fn mentions(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut previous: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let starts_word = previous.is_none_or(|p| !(p.is_alphanumeric() || p == '_'));
        previous = Some(c);
        if c != '@' || !starts_word {
            continue;
        }
        let start = at + 1;
        let mut end = start;
        while let Some(&(i, n)) = chars.peek() {
            if n.is_alphanumeric() || matches!(n, '_' | '-' | '.') {
                end = i + n.len_utf8();
                previous = Some(n);
                chars.next();
            } else {
                break;
            }
        }
        let handle = text[start..end].trim_end_matches(['.', '-']);
        if handle.chars().count() >= 2 && handle.chars().count() <= 64 {
            found.insert(handle.to_string());
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    const STANCE: StanceOf = StanceOf {
        endorses: 0.9,
        contradicts: 0.05,
    };

    #[test]
    fn overall_is_the_credibility_until_peers_say_something() {
        assert_eq!(overall(0.62, None), 0.62);
        assert_eq!(overall(0.62, Some((0.9, 0.0))), 0.62);
        let lifted = overall(0.62, Some((0.9, 1.0)));
        assert!((lifted - (0.7 * 0.62 + 0.3 * 0.9)).abs() < 1e-12);
        assert!(overall(0.62, Some((0.2, 0.5))) < 0.62);
    }

    #[test]
    fn mentions_are_handles_after_an_at_that_starts_a_word() {
        let found =
            mentions("Merci @julie_marketing et @Bob.Dupont. Écrivez à contact@agence.fr (@x)");
        assert_eq!(
            found.into_iter().collect::<Vec<_>>(),
            vec!["Bob.Dupont".to_string(), "julie_marketing".to_string()]
        );
    }

    #[test]
    fn a_mention_at_the_end_or_repeated_counts_once() {
        let found = mentions("@ana-lopez agreed with @ana-lopez-");
        assert_eq!(
            found.into_iter().collect::<Vec<_>>(),
            vec!["ana-lopez".to_string()]
        );
        assert!(mentions("no handle here @ or @@").is_empty());
    }

    #[test]
    fn a_reply_engages_its_parent_and_its_mentions_but_not_its_author() {
        let edges = engagements_of(
            "c1",
            "marc",
            Some("p1"),
            "Thanks @julie for the data, and @marc agrees with himself",
            STANCE,
        );
        let targets: Vec<(Via, &str)> = edges.iter().map(|e| (e.via, e.target.as_str())).collect();
        assert_eq!(targets, vec![(Via::Reply, "p1"), (Via::Mention, "julie")]);
        assert!(edges
            .iter()
            .all(|e| e.author == "marc" && e.endorses == 0.9));
    }

    #[test]
    fn a_post_without_parent_or_mention_engages_no_one() {
        assert!(engagements_of("p1", "marc", None, "A plain post.", STANCE).is_empty());
        assert!(engagements_of("p1", "marc", Some("p1"), "Itself.", STANCE).is_empty());
        assert!(!may_engage(None, "A plain post."));
        assert!(may_engage(Some("p0"), "A reply."));
        assert!(may_engage(None, "cc @julie"));
    }
}
