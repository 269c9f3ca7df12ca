//! French grammar driven by the dictionary's morphology (parts of speech, gender, number,
//! persons of each form; see `morphology`), for the errors a few words of context decide:
//!
//! - an infinitive or a conjugated form where a compound tense needs a past participle
//!   ("il a expliquer", "j'ai mal compter", "tu as écris");
//! - a determiner and its noun (or a prenominal adjective and its noun) of different numbers
//!   ("mon projets", "ces client", "bons nombre");
//! - a verb that does not agree with its plural (or singular) subject, across a relative
//!   clause too ("les abonnés qui lisent ce blogue pense", "des clients qui a");
//! - a past participle that does not agree with a direct object placed before it ("les
//!   vidéos que j'ai monté") or with the subject of "être" ("elles sont parti");
//! - "comme même" for "quand même";
//! - a locution with a homophone swapped in, or with two words merged, and a word split in
//!   two ("long temps").
//!
//! Each rule fires only when every word it reads is known to the dictionary in the reading it
//! needs; a word the dictionary does not know, a capitalised name, a quoted word or an
//! inclusive spelling ("client·e·s") is never an agreement error.

use std::sync::LazyLock;

use rustc_hash::FxHashMap;

use super::morphology::{agr, person, pos, Analysis, Morphology};
use super::starts_uppercase;
use crate::lexicon::fr::writing::{
    ADVERBS_IN_COMPOUND_TENSES, AVOIR_FORMS, CLITICS, CLOSED_COMPOUNDS, C_EST_NEXT, DETERMINERS,
    ENGLISH_MODIFIERS, ETRE_FORMS, HOMOPHONE_GROUPS, LOCUTIONS, PRENOMINAL_ADJECTIVES,
    SINGULAR_VERBS,
};
use crate::writing::{any, Context, WordRef, WritingError};

/// Subjects after which "a" is the verb "avoir" ("il a", "qui a"), not a misspelled "à".
const SUBJECTS_OF_A: &[&str] = &[
    "il", "elle", "on", "qui", "ça", "cela", "y", "tout", "rien", "personne", "chacun",
];

/// Pronouns and negations before "le", "la", "les", "l'" that make it an object pronoun.
const BEFORE_OBJECT_PRONOUN: &[&str] = &[
    "je", "j'", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles", "ne", "n'", "me", "m'",
    "te", "t'", "se", "s'", "y", "en", "qui", "lui",
];

/// Words that open a clause, after which a plural group is a subject ("et les clients").
const CLAUSE_OPENERS: &[&str] = &[
    "et", "mais", "ou", "que", "qu'", "quand", "si", "car", "donc", "comme", "puis", "alors",
    "lorsque", "lorsqu'", "puisque", "puisqu'", "parce",
];

/// Words after which a noun group is the subject of "être" (not "et", "ou", "que", "comme",
/// after which it may be coordinated with or compared to another).
const SUBJECT_OPENERS: &[&str] = &[
    "si", "quand", "lorsque", "lorsqu'", "puisque", "puisqu'", "car", "mais", "donc", "alors",
    "parce",
];

/// Words before a "des N qui" group that make the antecedent unclear ("un des clients qui
/// a", "celui des deux qui").
const PARTITIVE_HEADS: &[&str] = &[
    "un",
    "une",
    "l'un",
    "l'une",
    "chacun",
    "chacune",
    "aucun",
    "aucune",
    "celui",
    "celle",
    "ceux",
    "celles",
    "lequel",
    "laquelle",
    "plupart",
    "nombre",
    "moitié",
    "majorité",
];

/// The wrong forms of locutions: a sequence of words (a homophone swapped into a locution,
/// or two of its words merged) → which word of it to flag and the error.
struct WrongLocution {
    words: Vec<String>,
    flagged: usize,
    error: WritingError,
    /// For a merge: the merged word must be unknown to the dictionary to be wrong.
    merged: bool,
}

/// What a word is to the rules' lists, as bits: one lookup per word of a text gives them all.
mod flag {
    pub(super) const ADVERBS_IN_COMPOUND_TENSES: u16 = 1;
    pub(super) const AVOIR_FORMS: u16 = 1 << 1;
    pub(super) const CLITICS: u16 = 1 << 2;
    pub(super) const C_EST_NEXT: u16 = 1 << 3;
    pub(super) const DETERMINERS: u16 = 1 << 4;
    pub(super) const ENGLISH_MODIFIERS: u16 = 1 << 5;
    pub(super) const ETRE_FORMS: u16 = 1 << 6;
    pub(super) const PRENOMINAL_ADJECTIVES: u16 = 1 << 7;
    pub(super) const SINGULAR_VERBS: u16 = 1 << 8;
    /// The last word of a locution ("sûr" of "bien sûr").
    pub(super) const LOCUTION_END: u16 = 1 << 9;
    /// The second part of a word often split ("temps" of "long temps").
    pub(super) const SPLIT_END: u16 = 1 << 10;
    /// A word that may stand in a wrong locution ("temps" of "en temps que").
    pub(super) const WRONG_LOCUTION: u16 = 1 << 11;
}

/// Every word of the rules' lists → its [`flag`] bits.
static FLAGS: LazyLock<FxHashMap<String, u16>> = LazyLock::new(|| {
    let mut flags: FxHashMap<String, u16> = FxHashMap::default();
    let lists: [(&LazyLock<Vec<&'static str>>, u16); 9] = [
        (
            &ADVERBS_IN_COMPOUND_TENSES,
            flag::ADVERBS_IN_COMPOUND_TENSES,
        ),
        (&AVOIR_FORMS, flag::AVOIR_FORMS),
        (&CLITICS, flag::CLITICS),
        (&C_EST_NEXT, flag::C_EST_NEXT),
        (&DETERMINERS, flag::DETERMINERS),
        (&ENGLISH_MODIFIERS, flag::ENGLISH_MODIFIERS),
        (&ETRE_FORMS, flag::ETRE_FORMS),
        (&PRENOMINAL_ADJECTIVES, flag::PRENOMINAL_ADJECTIVES),
        (&SINGULAR_VERBS, flag::SINGULAR_VERBS),
    ];
    for (list, bit) in lists {
        for word in list.iter() {
            *flags.entry(word.to_string()).or_default() |= bit;
        }
    }
    for word in LOCUTION_PAIRS.keys() {
        *flags.entry(word.to_string()).or_default() |= flag::LOCUTION_END;
    }
    for word in SPLIT_COMPOUNDS.keys() {
        *flags.entry(word.to_string()).or_default() |= flag::SPLIT_END;
    }
    for word in WRONG_LOCUTIONS.keys() {
        *flags.entry(word.clone()).or_default() |= flag::WRONG_LOCUTION;
    }
    flags
});

/// Wrong locutions by their flagged word.
static WRONG_LOCUTIONS: LazyLock<FxHashMap<String, Vec<WrongLocution>>> = LazyLock::new(|| {
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
                    let mut swapped: Vec<String> = words.iter().map(|w| w.to_string()).collect();
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
static LOCUTION_PAIRS: LazyLock<FxHashMap<&'static str, Vec<&'static str>>> = LazyLock::new(|| {
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
static SPLIT_COMPOUNDS: LazyLock<FxHashMap<&'static str, Vec<&'static str>>> =
    LazyLock::new(|| {
        let mut splits: FxHashMap<&'static str, Vec<&'static str>> = FxHashMap::default();
        for word in CLOSED_COMPOUNDS.iter() {
            for (at, _) in word.char_indices().skip(1) {
                splits.entry(&word[at..]).or_default().push(&word[..at]);
            }
        }
        splits
    });

/// Parses the locution tables now rather than on the first French text.
pub(crate) fn load() {
    LazyLock::force(&WRONG_LOCUTIONS);
    LazyLock::force(&LOCUTION_PAIRS);
    LazyLock::force(&SPLIT_COMPOUNDS);
    LazyLock::force(&FLAGS);
}

/// What the rules read of every word of a text, computed once per text: its analysis and
/// whether it may be judged at all.
pub(crate) struct TextAnalysis {
    analyses: Vec<Analysis>,
    judgeable: Vec<bool>,
    flags: Vec<u16>,
}

impl TextAnalysis {
    /// Analyses the words of a French text.
    pub(crate) fn new(words: &[WordRef<'_>], morphology: &Morphology) -> Self {
        let mut analyses = vec![Analysis::default(); words.len()];
        morphology.analyze_all(words.iter().map(|w| w.lower), &mut analyses);
        let judgeable = (0..words.len()).map(|i| judgeable(words, i)).collect();
        let flags = words
            .iter()
            .map(|w| FLAGS.get(w.lower).copied().unwrap_or(0))
            .collect();
        TextAnalysis {
            analyses,
            judgeable,
            flags,
        }
    }

    /// The analysis of word `i`.
    pub(crate) fn analysis(&self, i: usize) -> Analysis {
        self.analyses[i]
    }
}

/// Whether the word at `i` may be judged: not a name, not quoted, not an acronym, not an
/// inclusive or optional plural ("client·e·s", "client(s)").
fn judgeable(words: &[WordRef<'_>], i: usize) -> bool {
    let w = &words[i];
    let all_caps = w.cased.chars().all(|c| !c.is_lowercase());
    // Acronyms: "des TIC", "les PME".
    if all_caps && w.cased.chars().count() <= 4 {
        return false;
    }
    let optional_plural = matches!(w.followed_by, Some('·' | '•' | '(' | '/' | '*'));
    !w.quoted
        && (all_caps || !w.cased.chars().any(char::is_uppercase))
        && !optional_plural
        && w.lower
            .chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
}

/// Checks the word in `context` against the morphology-driven rules.
pub(super) fn check(context: &Context<'_, '_>) -> Option<WritingError> {
    let morphology = context.morphology?;
    let text = context.text?;
    let g = Grammar {
        words: context.words,
        morphology,
        english: context.english,
        text,
    };
    let i = context.index;
    if let Some(error) = g.wrong_locution(i) {
        return Some(error);
    }
    if g.split_word(i) {
        return Some(WritingError::WordBoundary);
    }
    if g.comme_meme(i) {
        return Some(WritingError::Homophone);
    }
    if g.infinitive_for_participle(i) || g.du_for_du(i) {
        return Some(WritingError::Homophone);
    }
    if g.missing_elision(i) {
        return Some(WritingError::WordBoundary);
    }
    if g.conjugated_for_participle(i)
        || g.person(i)
        || g.interrogative_qui(i)
        || g.determiner_number(i)
        || g.adjective_gender(i)
        || g.adjective_after_noun(i)
        || g.participle_without_object(i)
        || g.relative_verb(i)
        || g.verb_after_relative_clause(i)
        || g.plural_subject_singular_verb(i)
        || g.participle_after_object(i)
        || g.participle_after_etre(i)
    {
        return Some(WritingError::Agreement);
    }
    None
}

/// The words of a text with the morphology.
struct Grammar<'w, 'a> {
    words: &'w [WordRef<'a>],
    morphology: &'w Morphology,
    /// Whether a lowercase word is English too, when the dictionaries are there to say.
    english: Option<&'w dyn Fn(&str) -> bool>,
    /// The analyses of the words.
    text: &'w TextAnalysis,
}

impl Grammar<'_, '_> {
    fn lower(&self, i: usize) -> &str {
        self.words[i].lower
    }

    fn analyze(&self, i: usize) -> Analysis {
        self.text.analyses[i]
    }

    /// The index `n` words before `i`, if only spaces separate them.
    fn back(&self, i: usize, n: usize) -> Option<usize> {
        let target = i.checked_sub(n)?;
        self.words[target + 1..=i]
            .iter()
            .all(|w| w.joined_to_previous)
            .then_some(target)
    }

    /// The index `n` words after `i`, if only spaces separate them.
    fn forward(&self, i: usize, n: usize) -> Option<usize> {
        let target = i + n;
        (target < self.words.len()
            && self.words[i + 1..=target]
                .iter()
                .all(|w| w.joined_to_previous))
        .then_some(target)
    }

    /// Whether the word at `i` may be judged: not a name, not quoted, not an inclusive or
    /// optional plural ("client·e·s", "client(s)").
    fn judgeable(&self, i: usize) -> bool {
        self.text.judgeable[i]
    }

    /// Whether the word at `i` has the [`flag`] bit `bit`.
    fn has(&self, i: usize, bit: u16) -> bool {
        self.text.flags[i] & bit != 0
    }

    /// Whether the word at `i` ends a locution ("bien sûr", "en ligne"), which agrees with
    /// nothing.
    fn in_locution(&self, i: usize) -> bool {
        if !self.has(i, flag::LOCUTION_END) {
            return false;
        }
        let Some(before) = LOCUTION_PAIRS.get(self.lower(i)) else {
            return false;
        };
        self.back(i, 1)
            .is_some_and(|p| before.contains(&self.lower(p)))
    }

    /// Whether the English dictionaries know the word at `i` too (a loanword).
    fn is_english(&self, i: usize) -> bool {
        self.english
            .is_some_and(|english| english(self.words[i].lower))
    }

    /// Whether the word at `i` is an adverb that may stand inside a compound tense.
    fn is_inner_adverb(&self, i: usize) -> bool {
        self.has(i, flag::ADVERBS_IN_COMPOUND_TENSES)
            || (self.lower(i).ends_with("ment") && self.analyze(i).only(pos::ADV))
    }

    /// The word before `i`, past up to two adverbs ("a mal expliqué", "n'ai jamais vu").
    fn before_adverbs(&self, i: usize) -> Option<usize> {
        let mut j = self.back(i, 1)?;
        for _ in 0..2 {
            if !self.is_inner_adverb(j) {
                break;
            }
            j = self.back(j, 1)?;
        }
        Some(j)
    }

    /// Whether the word at `j` is a form of "avoir" used as an auxiliary ("a" only after a
    /// subject: "il a", "Marc a"; otherwise it may be a misspelled "à").
    fn is_avoir(&self, j: usize) -> bool {
        let aux = self.lower(j);
        if aux == "a" {
            return self.back(j, 1).is_some_and(|s| {
                any(self.lower(s), SUBJECTS_OF_A) || starts_uppercase(self.words[s].cased)
            });
        }
        self.has(j, flag::AVOIR_FORMS)
    }

    /// Whether the word at `j` is a form of "être" not introduced by "c'", "ce", "ça", "cela"
    /// ("c'est manger", "le mieux est d'attendre" are right).
    fn is_etre(&self, j: usize) -> bool {
        self.has(j, flag::ETRE_FORMS)
            && !self
                .back(j, 1)
                .is_some_and(|s| any(self.lower(s), &["c'", "ce", "ça", "cela", "ceci"]))
    }

    /// "il a expliquer", "j'ai mal compter", "elle est aller": an infinitive in -er where the
    /// compound tense needs its participle in -é.
    fn infinitive_for_participle(&self, i: usize) -> bool {
        let word = self.lower(i);
        if !word.ends_with("er") || word.chars().count() <= 3 || !self.judgeable(i) {
            return false;
        }
        let a = self.analyze(i);
        if !a.is(pos::INFINITIVE) || a.is(pos::ADJ) {
            return false;
        }
        // After "être" a noun may be an attribute ("il est boucher"); after "avoir" a bare
        // noun cannot follow.
        let after_auxiliary = self.before_adverbs(i).is_some_and(|j| {
            self.lower(j) != "été" && (self.is_avoir(j) || (self.is_etre(j) && !a.is(pos::NOUN)))
        });
        if !after_auxiliary {
            return false;
        }
        let participle = format!("{}é", &word[..word.len() - 2]);
        self.morphology.analyze(&participle).is(pos::PARTICIPLE)
    }

    /// "j'ai écris", "il a prit", "s'est plains": a conjugated form, not a participle, after
    /// an auxiliary.
    fn conjugated_for_participle(&self, i: usize) -> bool {
        if !self.judgeable(i) || !self.analyze(i).only(pos::FINITE | pos::IMPERATIVE) {
            return false;
        }
        // ("soit … soit existe" is a conjunction, not "être".)
        self.before_adverbs(i).is_some_and(|j| {
            self.is_avoir(j)
                || (self.is_etre(j) && !any(self.lower(j), &["soit", "sois", "soient"]))
        })
    }

    /// "j'aurais du y penser": "dû", the participle of "devoir", before an infinitive.
    fn du_for_du(&self, i: usize) -> bool {
        if self.lower(i) != "du" || !self.before_adverbs(i).is_some_and(|j| self.is_avoir(j)) {
            return false;
        }
        let mut k = i;
        for _ in 0..3 {
            let Some(next) = self.forward(k, 1) else {
                return false;
            };
            k = next;
            if !self.has(k, flag::CLITICS) {
                break;
            }
        }
        let a = self.analyze(k);
        a.is(pos::INFINITIVE) && (!a.is(pos::NOUN) || k > i + 1)
    }

    /// "le engagement", "la agence": "le" and "la" elide before a vowel ("l'engagement").
    fn missing_elision(&self, i: usize) -> bool {
        let Some(det) = self.back(i, 1) else {
            return false;
        };
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
            && a.is(pos::NOUN | pos::ADJ)
            && !a.is(pos::NUMBER)
            && !any(
                word,
                &[
                    "oui", "onze", "onzième", "ouate", "ouistiti", "uhlan", "une", "un",
                ],
            )
    }

    /// The determiner of the noun group ending at `i`, past up to two prenominal adjectives;
    /// `None` when the group has none.
    fn determiner_of(&self, i: usize) -> Option<usize> {
        let mut j = self.back(i, 1)?;
        for _ in 0..2 {
            if !self.has(j, flag::PRENOMINAL_ADJECTIVES) {
                break;
            }
            j = self.back(j, 1)?;
        }
        let a = self.analyze(j);
        // A determiner that is also a noun is one of the plain ones ("un", "son", not the
        // archaic "audit" the dictionary also lists).
        (a.is(pos::DET) && (!a.is(pos::NOUN) || self.has(j, flag::DETERMINERS))).then_some(j)
    }

    /// The number a noun or adjective at `i` can have (SG, PL or both), 0 if it is not
    /// plainly one.
    fn nominal_number(&self, i: usize) -> u8 {
        let a = self.analyze(i);
        if !a.is(pos::NOUN | pos::ADJ | pos::PARTICIPLE)
            || a.is(pos::ADV
                | pos::PRON
                | pos::DET
                | pos::PREP
                | pos::CONJ
                | pos::NUMBER
                | pos::PROPER)
        {
            return 0;
        }
        a.nominal() & (agr::SG | agr::PL)
    }

    /// "mon projets", "ces client", "chaque inscrits", "bons nombre de": a noun (or a
    /// prenominal adjective) whose number its determiner, or the adjective before it, rules out.
    fn determiner_number(&self, i: usize) -> bool {
        // Compounds ("des pare-feu") have plurals of their own; "les troisième et quatrième
        // chiffres" share one plural noun.
        if !self.judgeable(i)
            || self.has(i, flag::ENGLISH_MODIFIERS)
            || self.words[i].lower.chars().count() < 3
            || self.lower(i).contains('-')
            || self
                .forward(i, 1)
                .is_some_and(|n| any(self.lower(n), &["et", "ou"]))
        {
            return false;
        }
        let number = self.nominal_number(i);
        if number == 0 || number == agr::SG | agr::PL {
            return false;
        }
        let Some(d) = self.determiner_of(i) else {
            // No determiner: a prenominal adjective and its noun ("bons nombre de").
            let Some(adjective) = self.back(i, 1) else {
                return false;
            };
            if !self.has(adjective, flag::PRENOMINAL_ADJECTIVES)
                || !self.judgeable(adjective)
                || self.back(adjective, 1).is_some()
            {
                return false;
            }
            let adjective_number = self.analyze(adjective).adj & (agr::SG | agr::PL);
            return adjective_number != 0
                && adjective_number != agr::SG | agr::PL
                && adjective_number & number == 0
                && self.analyze(i).is(pos::NOUN);
        };
        let determiner = self.lower(d);
        let det_number = self.analyze(d).det & (agr::SG | agr::PL);
        if det_number == 0 || det_number == agr::SG | agr::PL {
            return false;
        }
        // "leur" is also the pronoun of "je leur dis"; the agreement rules judge it apart.
        // "ces vrai" is the homophone "c'est vrai", already counted on "ces".
        if matches!(determiner, "leur" | "leurs")
            || (matches!(determiner, "ces" | "ses") && self.has(i, flag::C_EST_NEXT))
        {
            return false;
        }
        // A determiner that is also a pronoun is one before a verb ("il les ferme", "on a
        // toutes fait ça").
        let a = self.analyze(i);
        let quantifier = matches!(determiner, "tout" | "toute" | "tous" | "toutes");
        if (self.analyze(d).is(pos::PRON) || quantifier)
            && (a.is(pos::FINITE | pos::INFINITIVE | pos::PARTICIPLE | pos::PRESENT_PARTICIPLE)
                || self
                    .back(d, 1)
                    .is_some_and(|p| any(self.lower(p), BEFORE_OBJECT_PRONOUN)))
        {
            return false;
        }
        number & det_number == 0
    }

    /// The antecedent of "qui" at `q`: (index of its noun, its number), when it is a plain
    /// noun group ("des clients qui", "mon client qui") and not the complement of another noun
    /// or a partitive ("la liste des clients qui", "un des clients qui").
    fn antecedent(&self, q: usize) -> Option<(usize, u8)> {
        let noun = self.back(q, 1)?;
        if !self.judgeable(noun) || !self.analyze(noun).is(pos::NOUN) {
            return None;
        }
        let number = self.nominal_number(noun);
        if number != agr::SG && number != agr::PL {
            return None;
        }
        let d = self.determiner_of(noun)?;
        let det_number = self.analyze(d).det & (agr::SG | agr::PL);
        if det_number & number == 0 {
            return None;
        }
        // "au matériel qui", "par le noyau qui": a complement, whose noun may not be the
        // antecedent ("des instructions spécifiques au matériel qui n'existent pas").
        if any(self.lower(d), &["au", "aux", "du", "de", "d'"]) {
            return None;
        }
        if let Some(before) = self.back(d, 1) {
            let head = self.analyze(before);
            if (head.is(pos::PREP) && !head.is(pos::DET))
                || any(self.lower(before), PARTITIVE_HEADS)
                || any(self.lower(before), &["de", "d'", "du", "des"])
                || (any(self.lower(d), &["des", "du", "de", "d'"]) && head.is(pos::NOUN))
            {
                return None;
            }
        }
        Some((noun, number))
    }

    /// The verb at `i` after "qui" (and its object pronouns): the index of "qui".
    fn qui_before(&self, i: usize) -> Option<usize> {
        let mut j = self.back(i, 1)?;
        for _ in 0..3 {
            if self.lower(j) == "qui" {
                return Some(j);
            }
            if !self.has(j, flag::CLITICS) {
                return None;
            }
            j = self.back(j, 1)?;
        }
        None
    }

    /// Whether the finite verb at `i` cannot agree with a subject of `number`.
    fn disagrees(&self, i: usize, number: u8) -> bool {
        let a = self.analyze(i);
        if !a.is(pos::FINITE) {
            return false;
        }
        let third = a.persons & (person::S3 | person::P3);
        match number {
            agr::PL => third == person::S3,
            agr::SG => third == person::P3 && a.persons & (person::S1 | person::S2) == 0,
            _ => false,
        }
    }

    /// "des clients qui a", "le client qui ont": the verb of a relative clause and its
    /// antecedent.
    fn relative_verb(&self, i: usize) -> bool {
        if !self.judgeable(i) {
            return false;
        }
        let Some(q) = self.qui_before(i) else {
            return false;
        };
        let Some((_, number)) = self.antecedent(q) else {
            return false;
        };
        self.disagrees(i, number)
    }

    /// Whether the word at `i` can only be read as a verb here: a finite form that is no
    /// adjective or participle (nor a noun, unless it is a common verb such as "est", "a").
    fn plainly_verb(&self, i: usize, nouns_allowed: bool) -> bool {
        let a = self.analyze(i);
        a.is(pos::FINITE)
            && !a.is(pos::ADJ | pos::PARTICIPLE | pos::PREP | pos::DET | pos::ADV | pos::PRON)
            && (nouns_allowed || !a.is(pos::NOUN) || self.has(i, flag::SINGULAR_VERBS))
    }

    /// Whether a plural noun group ends at `noun` and opens its clause ("Les gens", "et
    /// mes clients"): (index of its determiner).
    fn plural_subject(&self, noun: usize) -> Option<usize> {
        if !self.judgeable(noun) {
            return None;
        }
        let a = self.analyze(noun);
        // "la plupart" takes a plural verb.
        if self.lower(noun) == "plupart" {
            return self.back(noun, 1).filter(|&d| self.lower(d) == "la");
        }
        // A word no dictionary knows, in -s after a plural determiner ("les backlinks"), is
        // taken for a plural noun.
        let unknown_plural = !a.is_known()
            && self.lower(noun).ends_with('s')
            && self.lower(noun).chars().count() >= 4;
        if !unknown_plural && (self.nominal_number(noun) != agr::PL || !a.is(pos::NOUN)) {
            return None;
        }
        let d = self.determiner_of(noun)?;
        if self.analyze(d).det & (agr::SG | agr::PL) != agr::PL {
            return None;
        }
        // The group opens its clause, or follows "la plupart" ("la plupart des outils").
        // "des" after "et" is more often "de les", a complement ("l'ordre des arguments et
        // des options n'est pas").
        let opens = self.back(d, 1).is_none_or(|before| {
            (any(self.lower(before), CLAUSE_OPENERS)
                && !(self.lower(d) == "des"
                    && any(self.lower(before), &["et", "ou", "que", "qu'", "comme"])))
                || (self.lower(before) == "plupart"
                    && self
                        .back(before, 1)
                        .is_some_and(|la| self.lower(la) == "la"))
        });
        opens.then_some(d)
    }

    /// "les gens qui suivent ce compte est": the main verb after a relative clause, singular
    /// with a plural subject.
    fn verb_after_relative_clause(&self, i: usize) -> bool {
        if !self.judgeable(i) || !self.plainly_verb(i, false) || !self.disagrees(i, agr::PL) {
            return false;
        }
        // Back over the relative clause's complements to its verb and "qui".
        let mut j = i;
        for _ in 0..8 {
            let Some(k) = self.back(j, 1) else {
                return false;
            };
            j = k;
            let word = self.lower(j);
            if word == "qui" {
                break;
            }
            let a = self.analyze(j);
            let stops = matches!(word, "que" | "qu'" | "où" | "dont")
                || (a.is(pos::CONJ) && !a.is(pos::PREP | pos::DET))
                || (a.is(pos::PRON) && !a.is(pos::DET | pos::PREP))
                || !a.is_known();
            if stops {
                return false;
            }
        }
        if self.lower(j) != "qui" {
            return false;
        }
        // "qui" + the clause's verb (plural) + complements, and nothing plainly a verb between.
        let Some(verb) = self.forward(j, 1) else {
            return false;
        };
        let relative = self.analyze(verb);
        if !relative.is(pos::FINITE) || relative.persons & person::P3 == 0 {
            return false;
        }
        if (verb + 1..i).any(|k| self.plainly_verb(k, false)) {
            return false;
        }
        self.back(j, 1)
            .and_then(|noun| self.plural_subject(noun))
            .is_some()
    }

    /// "les backlinks représente", "mes clients reste": a plural noun group opening the clause,
    /// then (past object pronouns) a verb in the third person singular only.
    fn plural_subject_singular_verb(&self, i: usize) -> bool {
        if !self.judgeable(i) || !self.plainly_verb(i, true) || !self.disagrees(i, agr::PL) {
            return false;
        }
        // Object pronouns may stand between ("mes clients me reste"), but not "en" and "y",
        // which are also a preposition and an adverb ("des débats en ligne"), nor before a
        // word that is also a noun.
        let noun_too = self.analyze(i).is(pos::NOUN);
        let mut j = i;
        for _ in 0..3 {
            let Some(k) = self.back(j, 1) else {
                return false;
            };
            j = k;
            let word = self.lower(j);
            // No noun follows "ne", "me", "lui"…; one may follow "le", "la", "les".
            let clitic = self.has(j, flag::CLITICS)
                && !matches!(word, "en" | "y")
                && (!noun_too || !matches!(word, "le" | "la" | "les" | "l'"));
            if !clitic {
                break;
            }
        }
        self.plural_subject(j).is_some()
    }

    /// The gender and number a participle must have to agree with the noun group ending at
    /// `noun`; 0 where the group does not say.
    fn agreement_of_group(&self, noun: usize) -> (u8, u8) {
        let n = self.analyze(noun);
        if !n.is(pos::NOUN) || !self.judgeable(noun) {
            return (0, 0);
        }
        let Some(d) = self.determiner_of(noun) else {
            return (0, 0);
        };
        let det = self.analyze(d).det;
        // A group at odds with itself ("mes client") is an error of its own; it says nothing
        // reliable about what agrees with it.
        if det & n.noun & (agr::SG | agr::PL) == 0 {
            return (0, 0);
        }
        // The determiner shows the gender the writer gives the noun ("la socket"), the
        // noun's own where the determiner has none ("les", "mes").
        let (det_gender, det_number) = Self::single(det);
        let (noun_gender, noun_number) = Self::single(n.noun & (det | agr::MAS | agr::FEM));
        (
            if det_gender != 0 {
                det_gender
            } else {
                noun_gender
            },
            if det_number != 0 {
                det_number
            } else {
                noun_number
            },
        )
    }

    /// Whether the participle or adjective at `i` rules out `gender` or `number` (0 = any).
    fn mismatch(&self, i: usize, gender: u8, number: u8, participles_only: bool) -> bool {
        let a = self.analyze(i);
        let forms = if participles_only {
            a.participle
        } else {
            a.participle | a.adj
        };
        if forms == 0 || (gender == 0 && number == 0) {
            return false;
        }
        (gender != 0 && forms & (agr::MAS | agr::FEM) != 0 && forms & gender == 0)
            || (number != 0 && forms & (agr::SG | agr::PL) != 0 && forms & number == 0)
    }

    /// "les vidéos que j'ai monté": with "avoir", a participle agrees with a direct object
    /// placed before it. Only the plain case: a noun group, "que", a subject pronoun, the
    /// auxiliary, the participle, and no object or infinitive after it.
    fn participle_after_object(&self, i: usize) -> bool {
        let a = self.analyze(i);
        if !self.judgeable(i) || !a.is(pos::PARTICIPLE) {
            return false;
        }
        let Some(aux) = self.before_adverbs(i) else {
            return false;
        };
        if !self.has(aux, flag::AVOIR_FORMS) {
            return false;
        }
        let Some(mut subject) = self.back(aux, 1) else {
            return false;
        };
        if any(self.lower(subject), &["n'", "ne"]) {
            let Some(s) = self.back(subject, 1) else {
                return false;
            };
            subject = s;
        }
        if !any(
            self.lower(subject),
            &[
                "j'", "je", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles",
            ],
        ) {
            return false;
        }
        let Some(que) = self.back(subject, 1) else {
            return false;
        };
        if !any(self.lower(que), &["que", "qu'"]) {
            return false;
        }
        // An object or an infinitive after the participle: "que" was a conjunction ("le fait
        // que j'ai oublié la date") or the participle stays invariable ("que j'ai fait faire").
        if let Some(after) = self.forward(i, 1) {
            let next = self.analyze(after);
            if next.is(pos::DET | pos::INFINITIVE | pos::NOUN | pos::PRON | pos::NUMBER) {
                return false;
            }
        }
        let Some(noun) = self.back(que, 1) else {
            return false;
        };
        let (gender, number) = self.agreement_of_group(noun);
        self.mismatch(i, gender, number, true)
    }

    /// "elles sont parti", "les données sont disponible", "la facture a été payé": after
    /// "être", a participle or adjective agrees with the subject (a personal pronoun or a
    /// noun group opening the clause).
    fn participle_after_etre(&self, i: usize) -> bool {
        let a = self.analyze(i);
        if !self.judgeable(i)
            || !a.is(pos::PARTICIPLE | pos::ADJ)
            || a.is(pos::FINITE | pos::PRESENT_PARTICIPLE)
            || self.in_locution(i)
        {
            return false;
        }
        if a.is(pos::ADV | pos::PRON | pos::DET | pos::PREP) {
            return false;
        }
        let Some(mut aux) = self.before_adverbs(i) else {
            return false;
        };
        // Passive of a compound tense: "a été payée", "ont toujours été moquées".
        if self.lower(aux) == "été" {
            let Some(have) = self.before_adverbs(aux) else {
                return false;
            };
            if !self.has(have, flag::AVOIR_FORMS) {
                return false;
            }
            aux = have;
        } else if !self.has(aux, flag::ETRE_FORMS) {
            return false;
        }
        let Some(mut subject) = self.back(aux, 1) else {
            return false;
        };
        if any(self.lower(subject), &["n'", "ne"]) {
            let Some(s) = self.back(subject, 1) else {
                return false;
            };
            subject = s;
        }
        // "l'une d'entre elles est": a pronoun after a preposition is no subject.
        let stressed = self
            .back(subject, 1)
            .is_some_and(|b| self.analyze(b).is(pos::PREP) || any(self.lower(b), &["entre"]));
        let (gender, number) = match self.lower(subject) {
            _ if stressed && any(self.lower(subject), &["elle", "elles", "eux", "lui"]) => {
                return false;
            }
            "il" => (agr::MAS, agr::SG),
            "elle" => (agr::FEM, agr::SG),
            "ils" => (agr::MAS, agr::PL),
            "elles" => (agr::FEM, agr::PL),
            "je" | "j'" | "tu" => (0, agr::SG),
            _ => {
                // A noun group opening its sentence or a subordinate clause, with a plain
                // determiner ("du noyau", "aux tâches" are complements), and not coordinated
                // or compared ("le serveur et le client sont", "plus longs que cette valeur").
                let Some(d) = self.determiner_of(subject) else {
                    return false;
                };
                if any(self.lower(d), &["du", "au", "aux", "de", "d'"])
                    || self.back(d, 1).is_some_and(|before| {
                        !any(self.lower(before), SUBJECT_OPENERS) || self.lower(d) == "des"
                    })
                {
                    return false;
                }
                self.agreement_of_group(subject)
            }
        };
        // A noun attribute may differ in gender ("elle est médecin"): only its number counts.
        let gender = if a.is(pos::NOUN) { 0 } else { gender };
        self.mismatch(i, gender, number, false)
    }

    /// The subject pronoun (or "tout le monde", "personne", "quelqu'un", "chacun") of the verb
    /// at `i`, past object pronouns and negation: the persons the verb must have.
    fn subject_persons(&self, i: usize) -> Option<(usize, u8)> {
        let mut j = self.back(i, 1)?;
        for _ in 0..3 {
            // "nous" and "vous" are objects after another subject ("on vous attend").
            let object = matches!(self.lower(j), "nous" | "vous")
                && self.back(j, 1).is_some_and(|p| {
                    any(
                        self.lower(p),
                        &["je", "j'", "tu", "il", "elle", "on", "ils", "elles"],
                    )
                });
            if !self.has(j, flag::CLITICS) || (matches!(self.lower(j), "nous" | "vous") && !object)
            {
                break;
            }
            j = self.back(j, 1)?;
        }
        let before = self.back(j, 1);
        let stressed = before.is_some_and(|b| {
            let a = self.analyze(b);
            a.is(pos::PREP) || self.has(b, flag::ETRE_FORMS) || self.lower(b) == "que"
        });
        let persons = match self.lower(j) {
            "je" | "j'" => person::S1,
            // "s'est tu": the participle of "taire".
            "tu" if !stressed => person::S2,
            "il" | "on" => person::S3,
            "elle" if !stressed => person::S3,
            "ils" => person::P3,
            "elles" if !stressed => person::P3,
            "monde"
                if before.is_some_and(|le| self.lower(le) == "le")
                    && self.back(j, 2).is_some_and(|t| self.lower(t) == "tout") =>
            {
                person::S3
            }
            "quelqu'un" | "chacun" | "chacune" | "personne" => person::S3,
            _ => return None,
        };
        Some((j, persons))
    }

    /// "tout le monde le dis", "tu le mérite", "elles explose", "je t'envois": a verb without
    /// the person of its subject pronoun.
    fn person(&self, i: usize) -> bool {
        if !self.judgeable(i) {
            return false;
        }
        let Some((subject, persons)) = self.subject_persons(i) else {
            return false;
        };
        let a = self.analyze(i);
        if !a.is_known() || a.is(pos::PRON | pos::ADV | pos::PREP | pos::CONJ | pos::DET) {
            return false;
        }
        if a.is(pos::FINITE) {
            return a.persons & persons == 0;
        }
        // After "je" only a verb may come ("je garantie" for "je garantis").
        matches!(self.lower(subject), "je" | "j'") && a.is(pos::NOUN | pos::ADJ | pos::PARTICIPLE)
    }

    /// "Qui veux être le prochain ?": interrogative "qui" takes the third person.
    fn interrogative_qui(&self, i: usize) -> bool {
        let Some(q) = self.back(i, 1) else {
            return false;
        };
        if self.lower(q) != "qui" || self.back(q, 1).is_some() || !self.judgeable(i) {
            return false;
        }
        let a = self.analyze(i);
        a.is(pos::FINITE)
            && !a.is(pos::NOUN | pos::ADJ)
            && a.persons & (person::S3 | person::P3) == 0
    }

    /// The single gender and number of a word read as `field` (0 for a part it leaves open).
    fn single(bits: u8) -> (u8, u8) {
        let gender = bits & (agr::MAS | agr::FEM);
        let number = bits & (agr::SG | agr::PL);
        (
            if gender.count_ones() == 1 { gender } else { 0 },
            if number.count_ones() == 1 { number } else { 0 },
        )
    }

    /// "aux vrais questions": a prenominal adjective of another gender than its noun.
    fn adjective_gender(&self, i: usize) -> bool {
        if !self.has(i, flag::PRENOMINAL_ADJECTIVES) || !self.judgeable(i) {
            return false;
        }
        let Some(noun) = self.forward(i, 1) else {
            return false;
        };
        let n = self.analyze(noun);
        if !self.judgeable(noun) || !n.only(pos::NOUN) {
            return false;
        }
        let (adjective_gender, _) = Self::single(self.analyze(i).adj);
        let (noun_gender, _) = Self::single(n.noun);
        adjective_gender != 0 && noun_gender != 0 && adjective_gender != noun_gender
    }

    /// "des comptes différent", "un client ravie", "places limité": an adjective or
    /// participle right after its noun, of another number or gender.
    fn adjective_after_noun(&self, i: usize) -> bool {
        let a = self.analyze(i);
        // Present participles are invariable ("des fichiers contenant").
        if !self.judgeable(i)
            || !a.is(pos::ADJ | pos::PARTICIPLE)
            || a.is(pos::NOUN
                | pos::ADV
                | pos::PRON
                | pos::DET
                | pos::PREP
                | pos::INFINITIVE
                | pos::PRESENT_PARTICIPLE)
            || self.has(i, flag::PRENOMINAL_ADJECTIVES)
            || self.in_locution(i)
        {
            return false;
        }
        let Some(noun) = self.back(i, 1) else {
            return false;
        };
        let n = self.analyze(noun);
        // Nouns of quantity pass the agreement on ("la moitié écoutés", "une trentaine
        // venus"), and "une fois" opens a clause ("une fois arrivé").
        let quantity = any(self.lower(noun), PARTITIVE_HEADS)
            || self.lower(noun).ends_with("aine")
            || any(
                self.lower(noun),
                &[
                    "fois",
                    "partie",
                    "reste",
                    "totalité",
                    "ensemble",
                    "tiers",
                    "quart",
                    "part",
                ],
            );
        if !self.judgeable(noun)
            || !n.is(pos::NOUN)
            || n.is(pos::FINITE | pos::PRON | pos::ADV)
            || quantity
        {
            return false;
        }
        // The noun must head its group: a determiner or numeral before it, not "de" (the
        // adjective may go with the noun before: "un ensemble de règles précis").
        let Some(d) = self.determiner_of(noun) else {
            return false;
        };
        if any(self.lower(d), &["de", "d'"])
            || self.back(d, 1).is_some_and(|b| {
                any(self.lower(b), &["de", "d'", "et", "ou", "plupart"])
                    || self.analyze(b).is(pos::NOUN)
            })
        {
            return false;
        }
        // Coordinated nouns take a plural ("une chemise et un pantalon blancs").
        if self
            .forward(i, 1)
            .is_some_and(|n| any(self.lower(n), &["et", "ou"]))
        {
            return false;
        }
        let (noun_gender, noun_number) = Self::single(n.noun);
        // A verb whose subject the noun can be ("l'exécution atteint la fonction").
        if a.is(pos::FINITE)
            && ((noun_number == agr::SG && a.persons & person::S3 != 0)
                || (noun_number == agr::PL && a.persons & person::P3 != 0))
        {
            return false;
        }
        let forms = a.adj | a.participle;
        (noun_number != 0 && forms & (agr::SG | agr::PL) != 0 && forms & noun_number == 0)
            || (noun_gender != 0
                && forms & (agr::MAS | agr::FEM) != 0
                && forms & noun_gender == 0
                // Loanwords take the gender usage gives them ("les sockets ouvertes"), not
                // always the dictionary's.
                && !self.is_english(noun))
    }

    /// "les études ont tenues": with "avoir" and no direct object before it, the participle
    /// stays masculine singular.
    fn participle_without_object(&self, i: usize) -> bool {
        let a = self.analyze(i);
        if !self.judgeable(i) || !a.only(pos::PARTICIPLE | pos::ADJ) {
            return false;
        }
        // It cannot be masculine singular.
        if a.participle == 0 || a.participle & agr::MAS != 0 && a.participle & agr::SG != 0 {
            return false;
        }
        let Some(aux) = self.before_adverbs(i) else {
            return false;
        };
        if !self.has(aux, flag::AVOIR_FORMS) || self.lower(aux) == "a" && !self.is_avoir(aux) {
            return false;
        }
        // An object before the auxiliary ("je les ai vues", "qu'on a publiées", "la
        // photo qu'il m'a envoyée") makes the agreement right.
        // The object pronoun stands right before the auxiliary (or before the subject
        // pronoun and "n'"); "que" a few words before.
        const OBJECTS: &[&str] = &[
            "l'", "la", "les", "me", "m'", "te", "t'", "nous", "vous", "se", "s'",
        ];
        for k in 1..=4 {
            let Some(before) = self.back(aux, k) else {
                break;
            };
            let word = self.lower(before);
            if any(word, &["que", "qu'"])
                || (k <= 3 && any(word, OBJECTS)) && {
                    // "les études de cas ont": a determiner, not a pronoun.
                    !self
                        .forward(before, 1)
                        .is_some_and(|n| self.analyze(n).is(pos::NOUN) && n != aux)
                }
            {
                return false;
            }
        }
        // Only within a sentence that shows where it starts.
        self.back(aux, 1).is_some()
    }

    /// "c'est comme même mieux" for "quand même"; "comme même les experts" (as even the
    /// experts) is right.
    fn comme_meme(&self, i: usize) -> bool {
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
    fn wrong_locution(&self, i: usize) -> Option<WritingError> {
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
    fn split_word(&self, i: usize) -> bool {
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

#[cfg(test)]
mod tests {
    use crate::lang::Lang;
    use crate::writing::tests::errors_in as errors;
    use crate::writing::WritingError;

    fn flagged(text: &str) -> Vec<String> {
        errors(text, Lang::Fr).into_iter().map(|(w, _)| w).collect()
    }

    fn assert_flags(cases: &[(&str, &str)]) {
        for (text, word) in cases {
            assert_eq!(
                flagged(text),
                vec![word.to_string()],
                "{text}: {:?}",
                errors(text, Lang::Fr)
            );
        }
    }

    fn assert_clean(texts: &[&str]) {
        for text in texts {
            assert!(
                errors(text, Lang::Fr).is_empty(),
                "{text}: {:?}",
                errors(text, Lang::Fr)
            );
        }
    }

    #[test]
    fn infinitive_or_conjugated_form_for_a_participle() {
        assert_flags(&[
            ("elle a oublier de répondre", "oublier"),
            ("on a vraiment adorer la soirée", "adorer"),
            ("nous avons mal calculer le budget", "calculer"),
            ("Marc a envoyer le lien hier", "envoyer"),
            ("ils sont rester tard", "rester"),
            ("tu as écris trop vite", "écris"),
            ("elle a prit le relais", "prit"),
            ("elle s'est prit au jeu", "prit"),
            ("on aurait du le prévoir", "du"),
        ]);
        // "a" for "à" is the homophone error there, not the infinitive.
        assert_eq!(flagged("une salle a manger"), vec!["a".to_string()]);
        assert_clean(&[
            "elle a oublié de répondre",
            "on a beau chercher",
            "il a fallu attendre",
            "j'ai été manger dehors",
            "c'est manger sainement qui compte",
            "elle a pris le relais",
            "j'ai à faire ce soir",
            "il y a vraiment trop de monde",
        ]);
    }

    #[test]
    fn determiner_and_noun_numbers() {
        assert_flags(&[
            ("je remercie mes abonné fidèles", "abonné"),
            ("voici mon astuces préférées", "astuces"),
            ("cette techniques marche", "techniques"),
            ("chaque participants reçoit un lien", "participants"),
            (
                "plusieurs fois par mois avec plusieurs partenaire",
                "partenaire",
            ),
            ("bons nombre de marques", "nombre"),
            ("des nouveaux produit chaque mois", "produit"),
        ]);
        assert_clean(&[
            "mes abonnés fidèles",
            "mon astuce préférée",
            "chaque participant reçoit un lien",
            "il les ferme le soir",
            "je la prends",
            "les plus grands comptes",
            "au moins deux fois",
            "un des meilleurs",
            "leur temps",
            "des fois",
            "mes client·e·s",
            "les « best practices »",
            "les Tremblay",
            "bon nombre de marques",
        ]);
    }

    #[test]
    fn subject_and_verb_across_a_relative_clause() {
        assert_flags(&[
            ("les abonnés qui lisent ce blogue pense comme moi", "pense"),
            ("des lecteurs qui avait commenté", "avait"),
            ("mon voisin qui lisent tout", "lisent"),
            ("Les comptes qui publient chaque jour a plus de portée", "a"),
            ("Les tarifs change souvent", "change"),
            ("tout le monde le sais", "sais"),
            ("tu le mérite bien", "mérite"),
            ("on vous attends demain", "attends"),
        ]);
        assert_clean(&[
            "les abonnés qui lisent ce blogue pensent comme moi",
            "des lecteurs qui avaient commenté",
            "un des lecteurs qui a commenté",
            "la liste des clients qui a circulé",
            "les gens qui pensent que le marché est mort",
            "Les comptes qui publient chaque jour ont plus de portée",
            "Le temps passé sur les réseaux sociaux a baissé",
            "les fiches produit détaillées",
        ]);
    }

    #[test]
    fn participle_agreement() {
        assert_flags(&[
            ("les vidéos que j'ai monté hier", "monté"),
            ("la présentation que tu as fait", "fait"),
            ("elles sont parti tôt", "parti"),
            ("la réunion est annulé", "annulé"),
            ("les données sont disponible en ligne", "disponible"),
            ("la facture a été payé", "payé"),
        ]);
        assert_clean(&[
            "les vidéos que j'ai montées hier",
            "la présentation que tu as faite",
            "la présentation que tu as fait faire",
            "le fait que j'ai oublié la date",
            "elles sont parties tôt",
            "elle est médecin",
            "je suis ravie",
            "vous êtes invité",
            "on est partis",
            "la facture a été payée",
            "c'est réglé",
        ]);
    }

    #[test]
    fn comme_meme_locutions_and_split_words() {
        assert_eq!(
            errors("merci comme même pour le lien", Lang::Fr),
            vec![("même".to_string(), WritingError::Homophone)]
        );
        assert_clean(&["comme même les experts le disent", "quand même"]);
        assert_flags(&[
            ("il parle en temps que client", "temps"),
            ("tant mieux, temps pis pour eux", "temps"),
            ("c'est à peu prêt pareil", "prêt"),
            ("j'ai trouvé quelquechose", "quelquechose"),
            ("je suis entrain de tester", "entrain"),
            ("ça fait long temps", "temps"),
            ("je publie par fois le soir", "fois"),
            ("ça fait parti de la routine", "parti"),
            ("pour le engagement", "engagement"),
        ]);
        assert_clean(&[
            "en tant que client",
            "le temps que tu finisses",
            "en même temps que lui",
            "avec entrain",
            "l'entrain de l'équipe",
            "sur tout le site",
            "pas d'avantage fiscal",
            "un long temps de réponse",
            "j'ai du mal à suivre",
            "le oui l'emporte",
            "mérite ta place",
        ]);
    }
}

#[cfg(test)]
mod probe {
    use super::*;
    use crate::writing::french::morphology::tests::MORPHOLOGY;

    #[test]
    #[ignore = "prints which rule fires on $TEXT"]
    fn which_rule() {
        let text = std::env::var("TEXT").unwrap_or_default();
        let norm = crate::text::Normalized::new(&text);
        let mut words: Vec<WordRef> = Vec::new();
        let mut previous: Option<&crate::text::Token> = None;
        for token in &norm.tokens {
            if !matches!(
                token.kind,
                crate::text::TokenKind::Word | crate::text::TokenKind::Elision
            ) {
                continue;
            }
            let joined = previous.is_some_and(|p| {
                p.sentence == token.sentence
                    && norm.lower[p.end..token.start].chars().all(|c| c == ' ')
            });
            words.push(WordRef {
                lower: norm.lower_of(token),
                cased: norm.cased_of(token),
                joined_to_previous: joined,
                quoted: token.quoted,
                followed_by: norm.cased[token.end..].chars().next(),
            });
            previous = Some(token);
        }
        let text = TextAnalysis::new(&words, &MORPHOLOGY);
        let g = Grammar {
            words: &words,
            morphology: &MORPHOLOGY,
            english: None,
            text: &text,
        };
        for (i, word) in words.iter().enumerate() {
            let rules: [(&str, bool); 17] = [
                ("person", g.person(i)),
                ("qui?", g.interrogative_qui(i)),
                ("adj_gender", g.adjective_gender(i)),
                ("adj_after_noun", g.adjective_after_noun(i)),
                ("no_object", g.participle_without_object(i)),
                ("locution", g.wrong_locution(i).is_some()),
                ("split", g.split_word(i)),
                ("comme_meme", g.comme_meme(i)),
                ("infinitive", g.infinitive_for_participle(i)),
                ("conjugated", g.conjugated_for_participle(i)),
                ("determiner", g.determiner_number(i)),
                ("relative_verb", g.relative_verb(i)),
                ("after_relative", g.verb_after_relative_clause(i)),
                ("plural_subject", g.plural_subject_singular_verb(i)),
                ("object", g.participle_after_object(i)),
                ("etre", g.participle_after_etre(i)),
                ("joined", word.joined_to_previous),
            ];
            let fired: Vec<&str> = rules.iter().filter(|r| r.1).map(|r| r.0).collect();
            println!(
                "{} {:?} {:?}",
                word.cased,
                MORPHOLOGY.analyze(word.lower),
                fired
            );
        }
    }
}
#[cfg(test)]
mod probe2 {
    #[test]
    #[ignore = "prints the errors found in $TEXT"]
    fn errors_in_text() {
        let text = std::env::var("TEXT").unwrap_or_default();
        println!(
            "{:?}",
            crate::writing::tests::errors_in(&text, crate::lang::Lang::Fr)
        );
        for w in ["plupart", "clés", "trousseaux"] {
            println!(
                "{w} {:?}",
                crate::writing::french::morphology::tests::MORPHOLOGY.analyze(w)
            );
        }
    }
}
