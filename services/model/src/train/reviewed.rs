//! Training with reviewers' labels: the corpus merged with the items people labeled, a human
//! label winning over the corpus's.

use std::collections::{BTreeMap, BTreeSet};

use sha2::{Digest, Sha256};

use crate::item::Item;
use crate::model::TARGETS;

use super::LabeledItem;

/// A stored item people labeled.
#[derive(Debug, Clone)]
pub struct ReviewedItem {
    /// The item as stored.
    pub item: Item,
    /// The labels in force per target ([`TARGETS`] order); None where nobody labeled it.
    pub labels: [Option<bool>; 4],
    /// What the active model said of each target (score ≥ 0.5), for the targets nobody
    /// labeled on an item the corpus does not hold; None when it has no score under it.
    pub model_labels: Option<[bool; 4]>,
}

/// The corpus with the reviewed items merged in.
#[derive(Debug, Clone, Default)]
pub struct Merged {
    /// Corpus items (labels corrected where a reviewer said otherwise), then the reviewed
    /// items the corpus does not hold.
    pub items: Vec<LabeledItem>,
    /// Ids of the items from the corpus.
    pub corpus_ids: BTreeSet<String>,
    /// Ids of the reviewed items used.
    pub reviewed_ids: BTreeSet<String>,
    /// Corpus labels a reviewer changed.
    pub corrected: usize,
    /// Reviewed items added to the corpus.
    pub added: usize,
    /// Reviewed items left out, with why.
    pub skipped: Vec<(String, String)>,
}

/// Merges `reviewed` into `corpus`: on a corpus item, each human label replaces the corpus
/// label of its target; an item the corpus does not hold is added, its unlabeled targets
/// taken from the active model's scores (what the reviewer saw and left standing). Items in
/// `frozen` (the frozen split) are left out, so that it stays unseen by training.
pub fn merge_reviewed(
    corpus: Vec<LabeledItem>,
    reviewed: Vec<ReviewedItem>,
    frozen: &BTreeSet<String>,
) -> Merged {
    let mut merged = Merged {
        corpus_ids: corpus.iter().map(|l| l.item.id.clone()).collect(),
        items: corpus,
        ..Merged::default()
    };
    let position: BTreeMap<String, usize> = merged
        .items
        .iter()
        .enumerate()
        .map(|(i, l)| (l.item.id.clone(), i))
        .collect();
    for r in reviewed {
        let id = r.item.id.clone();
        if frozen.contains(&id) {
            merged
                .skipped
                .push((id, "in the frozen split, which training never sees".into()));
            continue;
        }
        if let Some(&i) = position.get(&id) {
            let labels = &mut merged.items[i].labels;
            for (t, human) in r.labels.iter().enumerate() {
                if let Some(h) = human {
                    if labels[t] != *h {
                        merged.corrected += 1;
                    }
                    labels[t] = *h;
                }
            }
            merged.reviewed_ids.insert(id);
            continue;
        }
        let complete = r.labels.iter().all(Option::is_some);
        let labels = match (complete, r.model_labels) {
            (true, _) => std::array::from_fn(|t| r.labels[t].expect("complete")),
            (false, Some(model)) => std::array::from_fn(|t| r.labels[t].unwrap_or(model[t])),
            (false, None) => {
                let missing: Vec<&str> = (0..TARGETS.len())
                    .filter(|t| r.labels[*t].is_none())
                    .map(|t| TARGETS[t])
                    .collect();
                merged.skipped.push((
                    id,
                    format!(
                        "no score under the active model to stand for the unlabeled {}",
                        missing.join(", ")
                    ),
                ));
                continue;
            }
        };
        merged.items.push(LabeledItem {
            item: r.item,
            labels,
        });
        merged.reviewed_ids.insert(id);
        merged.added += 1;
    }
    merged
}

/// The data hash of a training on `corpus_hash` merged with `merged`'s reviewed items: the
/// corpus's hash, extended with each reviewed item's id, text and labels as used.
pub fn merged_hash(corpus_hash: &str, merged: &Merged) -> String {
    if merged.reviewed_ids.is_empty() {
        return corpus_hash.to_string();
    }
    let mut hasher = Sha256::new();
    hasher.update(corpus_hash.as_bytes());
    for l in merged
        .items
        .iter()
        .filter(|l| merged.reviewed_ids.contains(&l.item.id))
    {
        hasher.update(l.item.id.as_bytes());
        hasher.update([0]);
        hasher.update(l.item.text.as_bytes());
        hasher.update(l.labels.map(|b| b as u8));
    }
    let digest = hasher.finalize();
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("{corpus_hash}+reviewed:{hex}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: &str, text: &str) -> Item {
        Item::from_value(serde_json::json!({"id": id, "author": "a", "text": text})).unwrap()
    }

    fn labeled(id: &str, labels: [bool; 4]) -> LabeledItem {
        LabeledItem {
            item: item(id, "t"),
            labels,
        }
    }

    #[test]
    fn a_human_label_wins_and_the_model_fills_what_nobody_labeled() {
        let corpus = vec![
            labeled("c1", [false, false, false, true]),
            labeled("c2", [true, false, false, false]),
        ];
        let reviewed = vec![
            // Corrects c1's self-promotion, confirms its credible label.
            ReviewedItem {
                item: item("c1", "t"),
                labels: [Some(true), None, None, Some(true)],
                model_labels: None,
            },
            // A new item: one label, the rest from the model.
            ReviewedItem {
                item: item("n1", "Book a call"),
                labels: [Some(true), None, None, None],
                model_labels: Some([false, false, true, true]),
            },
            // A new item without a score and not fully labeled: left out, saying why.
            ReviewedItem {
                item: item("n2", "x"),
                labels: [None, Some(false), None, None],
                model_labels: None,
            },
            ReviewedItem {
                item: item("f1", "x"),
                labels: [Some(true); 4],
                model_labels: None,
            },
        ];
        let frozen = BTreeSet::from(["f1".to_string()]);
        let m = merge_reviewed(corpus, reviewed, &frozen);
        assert_eq!(m.items.len(), 3);
        assert_eq!(m.items[0].labels, [true, false, false, true]);
        assert_eq!(m.items[2].item.id, "n1");
        assert_eq!(m.items[2].labels, [true, false, true, true]);
        assert_eq!((m.corrected, m.added), (1, 1));
        assert_eq!(m.skipped.len(), 2);
        assert!(m.skipped[0]
            .1
            .contains("self_promotion, writing_errors, credible"));
        assert!(m.skipped[1].1.contains("frozen"));
        let hash = merged_hash("abc", &m);
        assert!(hash.starts_with("abc+reviewed:"), "{hash}");
        assert_eq!(merged_hash("abc", &Merged::default()), "abc");
    }
}
