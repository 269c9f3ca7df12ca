//! The labeled corpus: its JSON Lines files, line errors, the frozen split beside it, and
//! the folds of cross-validation grouped by author.

use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::item::Item;
use crate::lang::Lang;

/// An item with its four labels, in [`TARGETS`] order.
#[derive(Debug, Clone)]
pub struct LabeledItem {
    /// The item.
    pub item: Item,
    /// Whether each target applies, as labeled.
    pub labels: [bool; 4],
}

impl LabeledItem {
    /// Whether the item carries evidence either way: any label positive. Items with none
    /// ("Thanks for sharing!") are neutral: not credible, but not a problem either.
    pub fn has_evidence(&self) -> bool {
        self.labels.iter().any(|l| *l)
    }
}

/// A line of a labeled file that could not be used.
#[derive(Debug, Clone)]
pub struct LineError {
    /// The file.
    pub path: PathBuf,
    /// The line number, from 1.
    pub line: usize,
    /// What is wrong with the line.
    pub message: String,
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.path.display(), self.line, self.message)
    }
}

/// Why training could not run.
#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    /// A corpus file or directory cannot be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file or directory.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Nothing to train on; where none was found.
    #[error("no labeled items found in {0}")]
    Empty(String),
    /// A target with only positives or only negatives cannot be fitted.
    #[error(
        "target {target} has only one class in the data; every label needs both 0 and 1 examples"
    )]
    OneClass {
        /// The target.
        target: &'static str,
    },
    /// linfa failed to fit a regression.
    #[error("fitting {target} failed: {message}")]
    Fit {
        /// The target.
        target: &'static str,
        /// linfa's error.
        message: String,
    },
}

#[derive(Deserialize)]
pub(super) struct Labels {
    self_promotion: u8,
    unverifiable_claims: u8,
    writing_errors: u8,
    credible: u8,
}

pub(super) fn parse_labeled(line: &str) -> Result<LabeledItem, String> {
    let value: serde_json::Value =
        serde_json::from_str(line).map_err(|e| format!("invalid JSON: {e}"))?;
    let labels = value
        .get("labels")
        .cloned()
        .ok_or("field `labels` is missing")?;
    let labels: Labels =
        serde_json::from_value(labels).map_err(|e| format!("field `labels` is invalid: {e}"))?;
    let item = Item::from_value(value).map_err(|e| e.to_string())?;
    let flag = |v: u8, name: &str| match v {
        0 => Ok(false),
        1 => Ok(true),
        _ => Err(format!("label `{name}` must be 0 or 1")),
    };
    Ok(LabeledItem {
        item,
        labels: [
            flag(labels.self_promotion, "self_promotion")?,
            flag(labels.unverifiable_claims, "unverifiable_claims")?,
            flag(labels.writing_errors, "writing_errors")?,
            flag(labels.credible, "credible")?,
        ],
    })
}

/// The `.jsonl` files of a corpus: a file, or every `*.jsonl` in a directory, in path order.
pub fn corpus_files(path: &Path) -> Result<Vec<PathBuf>, TrainError> {
    if path.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let read = std::fs::read_dir(path).map_err(|source| TrainError::Read {
        path: path.into(),
        source,
    })?;
    let mut files: Vec<PathBuf> = read
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    Ok(files)
}

/// Reads labeled items; bad lines are returned with their line numbers, not fatal.
pub fn load_labeled(
    files: &[PathBuf],
) -> Result<(Vec<LabeledItem>, Vec<LineError>, String), TrainError> {
    load_jsonl(files, parse_labeled)
}

/// Reads JSON lines with `parse`: what it accepts, the lines it refuses with their line
/// numbers, and the SHA-256 of every line of the files in order (the corpus hash a trained
/// model is checked against). Blank lines are skipped but hashed.
pub(crate) fn load_jsonl<T>(
    files: &[PathBuf],
    parse: impl Fn(&str) -> Result<T, String>,
) -> Result<(Vec<T>, Vec<LineError>, String), TrainError> {
    let mut items = Vec::new();
    let mut errors = Vec::new();
    let mut hasher = Sha256::new();
    for path in files {
        let read_error = |source| TrainError::Read {
            path: path.clone(),
            source,
        };
        let file = std::fs::File::open(path).map_err(read_error)?;
        for (index, line) in std::io::BufReader::new(file).lines().enumerate() {
            let line = line.map_err(read_error)?;
            hasher.update(line.as_bytes());
            hasher.update(b"\n");
            if line.trim().is_empty() {
                continue;
            }
            match parse(&line) {
                Ok(item) => items.push(item),
                Err(message) => errors.push(LineError {
                    path: path.clone(),
                    line: index + 1,
                    message,
                }),
            }
        }
    }
    let hash = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok((items, errors, hash))
}

/// Where a corpus keeps its frozen split: `<corpus>/frozen/test.jsonl` for a directory, the
/// same beside a single file.
pub fn frozen_split_of(corpus: &Path) -> PathBuf {
    let dir = if corpus.is_file() {
        corpus.parent().unwrap_or(Path::new("."))
    } else {
        corpus
    };
    dir.join("frozen").join("test.jsonl")
}

/// A fixed-seed xorshift permutation: reproducible training without a RNG dependency.
pub(super) fn shuffled(n: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    for i in (1..order.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        order.swap(i, (state % (i as u64 + 1)) as usize);
    }
    order
}

/// Fold of every item, grouped by author (an item without one is its own group) and
/// stratified as far as groups allow: groups, largest first, each go to the fold where the
/// item count, each label's positives and each language's items stay closest to an even
/// share (the least sum of squared shares after adding it).
pub fn grouped_folds(items: &[LabeledItem], folds: usize) -> Vec<usize> {
    let folds = folds.max(2);
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, l) in items.iter().enumerate() {
        let key = if l.item.author.is_empty() {
            l.item.id.as_str()
        } else {
            l.item.author.as_str()
        };
        groups.entry(key).or_default().push(i);
    }
    // Dimensions balanced: items, positives of each label, neutral items, French items.
    const D: usize = 7;
    let profile = |i: usize| -> [f64; D] {
        let l = &items[i];
        [
            1.0,
            l.labels[0] as u8 as f64,
            l.labels[1] as u8 as f64,
            l.labels[2] as u8 as f64,
            l.labels[3] as u8 as f64,
            !l.has_evidence() as u8 as f64,
            (l.item.lang.as_deref().and_then(Lang::from_hint) == Some(Lang::Fr)) as u8 as f64,
        ]
    };
    let mut total = [0.0; D];
    let mut group_profiles: Vec<(Vec<usize>, [f64; D])> = groups
        .into_values()
        .map(|members| {
            let mut p = [0.0; D];
            for i in &members {
                for (a, b) in p.iter_mut().zip(profile(*i)) {
                    *a += b;
                }
            }
            for (t, v) in total.iter_mut().zip(p) {
                *t += v;
            }
            (members, p)
        })
        .collect();
    let order = shuffled(group_profiles.len());
    let mut shuffled_groups: Vec<_> = order
        .into_iter()
        .map(|i| std::mem::take(&mut group_profiles[i]))
        .collect();
    shuffled_groups.sort_by(|a, b| b.1[0].total_cmp(&a.1[0]));
    let mut sums = vec![[0.0; D]; folds];
    let mut assignment = vec![0; items.len()];
    for (members, p) in shuffled_groups {
        let cost = |fold: &[f64; D]| -> f64 {
            (0..D)
                .filter(|d| total[*d] > 0.0)
                .map(|d| ((fold[d] + p[d]) / total[d]).powi(2))
                .sum()
        };
        let best = (0..folds)
            .min_by(|a, b| cost(&sums[*a]).total_cmp(&cost(&sums[*b])))
            .expect("at least two folds");
        for (s, v) in sums[best].iter_mut().zip(p) {
            *s += v;
        }
        for i in members {
            assignment[i] = best;
        }
    }
    assignment
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labeled(id: usize, author: &str, labels: [bool; 4]) -> LabeledItem {
        LabeledItem {
            item: Item {
                id: format!("i{id}"),
                author: author.to_string(),
                kind: crate::item::Kind::Comment,
                parent_id: None,
                platform: None,
                lang: Some(if id.is_multiple_of(2) { "fr" } else { "en" }.into()),
                created_at: None,
                url: None,
                text: "x".into(),
            },
            labels,
        }
    }

    #[test]
    fn folds_keep_authors_together_and_labels_balanced() {
        // 60 authors with 1 to 6 items each; a quarter of the items credible.
        let mut items = Vec::new();
        for a in 0..60 {
            for _ in 0..(1 + a % 6) {
                let id = items.len();
                items.push(labeled(
                    id,
                    &format!("author{a}"),
                    [false, false, id % 3 == 0, id % 4 == 0],
                ));
            }
        }
        let folds = grouped_folds(&items, 5);
        let mut fold_of_author = BTreeMap::new();
        for (l, f) in items.iter().zip(&folds) {
            assert_eq!(
                *fold_of_author.entry(l.item.author.clone()).or_insert(*f),
                *f
            );
        }
        let n = items.len() as f64;
        let credible = items.iter().filter(|l| l.labels[3]).count() as f64;
        for fold in 0..5 {
            let members: Vec<&LabeledItem> = items
                .iter()
                .zip(&folds)
                .filter(|(_, f)| **f == fold)
                .map(|(l, _)| l)
                .collect();
            let share = members.len() as f64 / n;
            assert!(
                (share - 0.2).abs() < 0.03,
                "fold {fold} has {share} of the items"
            );
            let positives = members.iter().filter(|l| l.labels[3]).count() as f64;
            assert!(
                (positives / credible - 0.2).abs() < 0.05,
                "fold {fold}: {positives} credible"
            );
        }
    }
}
