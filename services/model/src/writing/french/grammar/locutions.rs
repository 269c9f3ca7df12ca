//! Locutions and word boundaries: a homophone swapped into a locution, two of its words
//! merged, a word split in two, an article not elided, "comme même".

use std::sync::LazyLock;

use rustc_hash::FxHashMap;

use super::{flag, Grammar};
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

/// The last word of every locution → the words before it ("sûr" → "bien").
pub(super) static LOCUTION_PAIRS: LazyLock<FxHashMap<&'static str, Vec<&'static str>>> =
    LazyLock::new(|| {
        let mut pairs: FxHashMap<&'static str, Vec<&'static str>> = FxHashMap::default();
        for locution in LOCUTIONS.iter() {
            let words: Vec<&'static str> = locution.split('_').collect();
            if let [.., before, last] = words[..] {
                pairs.entry(last).or_default().push(before);
            }
        }
        pairs
    });

/// Every way to split a word of `closed_compounds.txt` in two: second part → first parts
/// ("temps" → "long", "avantage" → "d").
pub(super) static SPLIT_COMPOUNDS: LazyLock<FxHashMap<&'static str, Vec<&'static str>>> =
    LazyLock::new(|| {
        let mut splits: FxHashMap<&'static str, Vec<&'static str>> = FxHashMap::default();
        for word in CLOSED_COMPOUNDS.iter() {
            for (at, _) in word.char_indices().skip(1) {
                splits.entry(&word[at..]).or_default().push(&word[..at]);
            }
        }
        splits
    });

impl Grammar<'_, '_> {
    /// "le engagement", "la agence": "le" and "la" elide before a vowel ("l'engagement");
    /// "si il" for "s'il".
    pub(super) fn missing_elision(&self, i: usize) -> bool {
        let Some(det) = self.back(i, 1) else {
            return false;
        };
        if self.lower(det) == "si" && matches!(self.lower(i), "il" | "ils") {
            return true;
        }
        if !matches!(self.lower(det), "le" | "la") || !self.judgeable(i) {
            return false;
        }
        let word = self.lower(i);
        let vowel = word.chars().next().is_some_and(|c| {
            matches!(
                c,
                'a' | 'e' | 'i' | 'o' | 'u' | 'é' | 'è' | 'ê' | 'â' | 'î' | 'ô'
            )
        });
        let a = self.analyze(i);
        vowel
            && a.is_but_not(pos::NOUN | pos::ADJ, pos::NUMBER)
            && !any(
                word,
                &[
                    "oui", "onze", "onzième", "ouate", "ouistiti", "uhlan", "une", "un",
                ],
            )
    }

    /// "c'est comme même mieux" for "quand même"; "comme même les experts" (as even the
    /// experts) is right, unless a verb comes just before ("j'ai testé comme même la
    /// version", "il faut comme même les prévenir").
    pub(super) fn comme_meme(&self, i: usize) -> bool {
        let Some(comme) = self.back(i, 1).filter(|&p| self.lower(p) == "comme") else {
            return false;
        };
        if self.lower(i) != "même" {
            return false;
        }
        let after_verb = self
            .back(comme, 1)
            .is_some_and(|v| self.analyze(v).is(pos::FINITE | pos::PARTICIPLE));
        match self.forward(i, 1) {
            _ if after_verb => true,
            None => true,
            Some(next) => {
                let a = self.analyze(next);
                !(a.is(pos::DET | pos::PRON | pos::PROPER | pos::NUMBER)
                    || starts_uppercase(self.words[next].cased))
            }
        }
    }

    /// "la plus part des clients" for "la plupart": "plus part" after "la" is never French.
    pub(super) fn plus_part(&self, i: usize) -> bool {
        self.lower(i) == "part"
            && self.back(i, 1).is_some_and(|p| self.lower(p) == "plus")
            && self.back(i, 2).is_some_and(|la| self.lower(la) == "la")
    }

    /// "quelque soit la banque" for "quel que soit": "quelque" is no determiner before a
    /// verb, and "quel que" agrees with the subject that follows.
    pub(super) fn quelque_soit(&self, i: usize) -> bool {
        matches!(self.lower(i), "quelque" | "quelques")
            && self.forward(i, 1).is_some_and(|next| {
                matches!(self.lower(next), "soit" | "soient" | "fût" | "fussent")
            })
    }

    /// A locution with a homophone swapped in ("en temps que"), or two of its words merged
    /// into a word no dictionary knows ("quelquechose") or into "entrain de".
    pub(super) fn wrong_locution(&self, i: usize) -> Option<WritingError> {
        if !self.has(i, flag::WRONG_LOCUTION) {
            return None;
        }
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
        if !self.has(i, flag::SPLIT_END) {
            return false;
        }
        let Some(heads) = SPLIT_COMPOUNDS.get(self.lower(i)) else {
            return false;
        };
        if !heads.contains(&self.lower(first).trim_end_matches('\'')) {
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
            // "sur tout" ending a clause is "on everything" ("un avis sur tout", "testé sur
            // tout"): "surtout" seldom ends one.
            if self.lower(first) == "sur" && self.forward(i, 1).is_none() {
                return false;
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
