//! Locutions: a homophone swapped into one, two of its words merged, a word split in two,
//! "comme même".

use std::sync::LazyLock;

use rustc_hash::FxHashMap;

use super::Grammar;
use crate::lexicon::fr::writing::{CLOSED_COMPOUNDS, HOMOPHONE_GROUPS, LOCUTIONS};
use crate::writing::french::morphology::pos;
use crate::writing::french::starts_uppercase;
use crate::writing::{any, WritingError};

/// The wrong forms of locutions: a sequence of words (a homophone swapped into a locution,
/// or two of its words merged) → which word of it to flag and the error.
pub(super) struct WrongLocution {
    words: Vec<String>,
    flagged: usize,
    error: WritingError,
    /// For a merge: the merged word must be unknown to the dictionary to be wrong.
    merged: bool,
}

/// Wrong locutions by their flagged word.
pub(super) static WRONG_LOCUTIONS: LazyLock<FxHashMap<String, Vec<WrongLocution>>> =
    LazyLock::new(|| {
        let groups: Vec<Vec<&str>> = HOMOPHONE_GROUPS
            .iter()
            .map(|g| g.split('=').collect())
            .collect();
        let mut wrong: FxHashMap<String, Vec<WrongLocution>> = FxHashMap::default();
        let mut push = |words: Vec<String>, flagged: usize, error, merged| {
            wrong
                .entry(words[flagged].clone())
                .or_default()
                .push(WrongLocution {
                    words,
                    flagged,
                    error,
                    merged,
                });
        };
        for locution in LOCUTIONS.iter() {
            let words: Vec<&str> = locution.split('_').collect();
            for (k, word) in words.iter().enumerate() {
                for group in groups.iter().filter(|g| g.contains(word)) {
                    for other in group.iter().filter(|o| *o != word) {
                        let mut swapped: Vec<String> =
                            words.iter().map(|w| w.to_string()).collect();
                        swapped[k] = other.to_string();
                        push(swapped, k, WritingError::Homophone, false);
                    }
                }
            }
            for k in 0..words.len().saturating_sub(1) {
                let mut merged: Vec<String> = words[..k].iter().map(|w| w.to_string()).collect();
                merged.push(format!(
                    "{}{}",
                    words[k].trim_end_matches('\''),
                    words[k + 1]
                ));
                merged.extend(words[k + 2..].iter().map(|w| w.to_string()));
                push(merged, k, WritingError::WordBoundary, true);
            }
        }
        wrong
    });

/// The last two words of every locution, joined by `_` ("bien_sûr").
pub(super) static LOCUTION_PAIRS: LazyLock<rustc_hash::FxHashSet<String>> = LazyLock::new(|| {
    LOCUTIONS
        .iter()
        .filter_map(|l| {
            let words: Vec<&str> = l.split('_').collect();
            (words.len() >= 2).then(|| words[words.len() - 2..].join("_"))
        })
        .collect()
});

impl Grammar<'_, '_> {
    /// "c'est comme même mieux" for "quand même"; "comme même les experts" (as even the
    /// experts) is right.
    pub(super) fn comme_meme(&self, i: usize) -> bool {
        if self.lower(i) != "même" || self.back(i, 1).is_none_or(|p| self.lower(p) != "comme") {
            return false;
        }
        match self.forward(i, 1) {
            None => true,
            Some(next) => {
                let a = self.analyze(next);
                !(a.is(pos::DET | pos::PRON | pos::PROPER | pos::NUMBER)
                    || starts_uppercase(self.words[next].cased))
            }
        }
    }

    /// A locution with a homophone swapped in ("en temps que"), or two of its words merged
    /// into a word no dictionary knows ("quelquechose") or into "entrain de".
    pub(super) fn wrong_locution(&self, i: usize) -> Option<WritingError> {
        let candidates = WRONG_LOCUTIONS.get(self.lower(i))?;
        for wrong in candidates {
            let Some(start) = self.back(i, wrong.flagged) else {
                continue;
            };
            let Some(end) = self.forward(start, wrong.words.len() - 1) else {
                continue;
            };
            let matches = (start..=end)
                .zip(&wrong.words)
                .all(|(k, word)| self.lower(k) == word);
            if !matches || self.words[start..=end].iter().any(|w| w.quoted) {
                continue;
            }
            if wrong.merged {
                let merged = self.analyze(i);
                // "l'entrain de l'équipe": a known word after a determiner is the noun.
                let after_determiner = self
                    .back(start, 1)
                    .is_some_and(|p| self.analyze(p).is(pos::DET | pos::PREP));
                if merged.is_known() && (wrong.words.len() == 1 || after_determiner) {
                    continue;
                }
            }
            return Some(wrong.error);
        }
        None
    }

    /// "long temps", "par fois", "d'avantage": two words that are one ("longtemps"), unless
    /// the split is right here ("sur tout le site", "pas d'avantage").
    pub(super) fn split_word(&self, i: usize) -> bool {
        let Some(first) = self.back(i, 1) else {
            return false;
        };
        let joined = format!(
            "{}{}",
            self.lower(first).trim_end_matches('\''),
            self.lower(i)
        );
        if !any(&joined, &CLOSED_COMPOUNDS) {
            return false;
        }
        // "tout" and "tant" stand alone before what they quantify: "sur tout le site", "par
        // tout temps", "pour tant de".
        if matches!(self.lower(i), "tout" | "tant") {
            if let Some(next) = self.forward(i, 1) {
                let a = self.analyze(next);
                if a.is(pos::DET | pos::NOUN | pos::PRON | pos::NUMBER | pos::ADJ)
                    || self.lower(next) == "de"
                {
                    return false;
                }
            }
        }
        // A determiner or a negation before: "un long temps", "pas d'avantage".
        if let Some(before) = self.back(first, 1) {
            let a = self.analyze(before);
            if a.is(pos::DET)
                || any(
                    self.lower(before),
                    &[
                        "pas", "plus", "aucun", "sans", "peu", "guère", "moins", "point",
                    ],
                )
            {
                return false;
            }
        }
        true
    }
}
