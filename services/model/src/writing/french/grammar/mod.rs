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

use super::morphology::{pos, Analysis, Morphology};
use super::starts_uppercase;
use crate::lexicon::fr::writing::{
    ADVERBS_IN_COMPOUND_TENSES, AVOIR_FORMS, CLITICS, CONDITIONALS, C_EST_NEXT, DETERMINERS,
    ENGLISH_MODIFIERS, ETRE_FORMS, INVARIABLE_ADJECTIVES, PRENOMINAL_ADJECTIVES, SINGULAR_VERBS,
};
use crate::writing::{any, Context, WordRef, WritingError};

/// Words that are never anything but a determiner before a noun ("leur", "le", "la" can be
/// pronouns before a verb).
const ONLY_DETERMINERS: &[&str] = &[
    "mon", "ton", "son", "ma", "ta", "sa", "notre", "votre", "un", "une", "cet", "cette",
];

/// Subjects after which "a" is the verb "avoir" ("il a", "qui a"), not a misspelled "à".
const SUBJECTS_OF_A: &[&str] = &[
    "il",
    "elle",
    "on",
    "qui",
    "ça",
    "cela",
    "y",
    "tout",
    "rien",
    "personne",
    "chacun",
    "quelqu'un",
];

/// Pronouns and negations before "le", "la", "les", "l'" that make it an object pronoun.
const BEFORE_OBJECT_PRONOUN: &[&str] = &[
    "je", "j'", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles", "ne", "n'", "me", "m'",
    "te", "t'", "se", "s'", "y", "en", "qui", "lui",
];

/// Words that open a clause, after which a plural group is a subject ("et les clients").
pub(super) const CLAUSE_OPENERS: &[&str] = &[
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
    /// A conditional form ("aurais").
    pub(super) const CONDITIONALS: u16 = 1 << 12;
    /// An adjective used without agreement ("top", "marron").
    pub(super) const INVARIABLE_ADJECTIVES: u16 = 1 << 13;
}

/// Every word of the rules' lists → its [`flag`] bits.
static FLAGS: LazyLock<FxHashMap<String, u16>> = LazyLock::new(|| {
    let mut flags: FxHashMap<String, u16> = FxHashMap::default();
    let lists: [(&LazyLock<crate::lexicon::WordList>, u16); 11] = [
        (
            &ADVERBS_IN_COMPOUND_TENSES,
            flag::ADVERBS_IN_COMPOUND_TENSES,
        ),
        (&AVOIR_FORMS, flag::AVOIR_FORMS),
        (&CLITICS, flag::CLITICS),
        (&CONDITIONALS, flag::CONDITIONALS),
        (&INVARIABLE_ADJECTIVES, flag::INVARIABLE_ADJECTIVES),
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

mod locutions;
mod numbers;
mod participles;

use locutions::{LOCUTION_PAIRS, SPLIT_COMPOUNDS, WRONG_LOCUTIONS};

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
        let judgeable = (0..words.len())
            .map(|i| judgeable(words, i, analyses[i]))
            .collect();
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
/// inclusive or optional plural ("client·e·s", "client(s)"). A capital that opens a sentence
/// marks no name when the dictionary knows the word as a common one ("Bonne article").
fn judgeable(words: &[WordRef<'_>], i: usize, analysis: Analysis) -> bool {
    let w = &words[i];
    let all_caps = w.cased.chars().all(|c| !c.is_lowercase());
    // Acronyms: "des TIC", "les PME".
    if all_caps && w.cased.chars().count() <= 4 {
        return false;
    }
    let optional_plural = matches!(w.followed_by, Some('·' | '•' | '(' | '/' | '*'));
    let opens_sentence = w.sentence_start
        && starts_uppercase(w.cased)
        && analysis.is_known()
        && !analysis.is(pos::PROPER);
    !w.quoted
        && (all_caps || opens_sentence || !w.cased.chars().any(char::is_uppercase))
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
    if g.split_word(i) || g.plus_part(i) {
        return Some(WritingError::WordBoundary);
    }
    if g.comme_meme(i) || g.quelque_soit(i) {
        return Some(WritingError::Homophone);
    }
    if g.infinitive_for_participle(i) || g.participle_for_infinitive(i) || g.du_for_du(i) {
        return Some(WritingError::Homophone);
    }
    if g.missing_elision(i) {
        return Some(WritingError::WordBoundary);
    }
    if g.conjugated_for_participle(i)
        || g.accentless_participle(i)
        || g.person(i)
        || g.interrogative_qui(i)
        || g.determiner_number(i)
        || g.determiner_gender(i)
        || g.adjective_before_noun(i)
        || g.adjective_after_noun(i)
        || g.participle_without_object(i)
        || g.relative_verb(i)
        || g.verb_after_relative_clause(i)
        || g.plural_subject_singular_verb(i)
        || g.participle_after_object(i)
        || g.participle_after_etre(i)
        || g.attribute_against_etre(i)
        || g.conditional_after_si(i)
        || g.indicative_after_que(i)
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
            // "mon programme Shape 30 a déjà": a name ending in a number, mid-sentence.
            let named = self.words[j].number_before.is_some()
                && j > 0
                && !self.words[j - 1].sentence_start
                && starts_uppercase(self.words[j - 1].cased);
            if named {
                return true;
            }
            return self.back(j, 1).is_some_and(|s| {
                any(self.lower(s), SUBJECTS_OF_A)
                    || starts_uppercase(self.words[s].cased)
                    // "le client a déjà", "mon équipe a": a noun after its determiner; after
                    // one that is nothing but a determiner, a word that can be a verb too
                    // ("mon programme a déjà"). (Right before an infinitive, "une salle a
                    // manger", it is the misspelled "à" the homophone rule names.)
                    || (self.analyze(s).only(pos::NOUN | pos::ADJ)
                        && self.back(s, 1).is_some_and(|d| self.has(d, flag::DETERMINERS))
                        || self.analyze(s).is(pos::NOUN)
                            && self.back(s, 1).is_some_and(|d| {
                                any(self.lower(d), ONLY_DETERMINERS)
                            }))
                        && !self
                            .forward(j, 1)
                            .is_some_and(|n| self.analyze(n).is(pos::INFINITIVE))
            });
        }
        self.has(j, flag::AVOIR_FORMS)
    }

    /// "si j'aurais su", "même s'il faudrait": after a "si" of condition the verb is in the
    /// imperfect, not the conditional. The "si" opens its clause (a sentence, or after "et",
    /// "mais", "même", "que"...); after a verb it asks an indirect question ("je me demande si
    /// j'aurais dû"), where the conditional is right.
    fn conditional_after_si(&self, i: usize) -> bool {
        if !self.has(i, flag::CONDITIONALS) || !self.judgeable(i) {
            return false;
        }
        let Some(subject) = self.back(i, 1) else {
            return false;
        };
        let subject_word = self.lower(subject);
        let Some(si) = self.back(subject, 1) else {
            return false;
        };
        let si_word = self.lower(si);
        let conditional_si = si_word == "si"
            && any(
                subject_word,
                &[
                    "je", "j'", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles",
                ],
            )
            || si_word == "s'" && any(subject_word, &["il", "ils"]);
        if !conditional_si {
            return false;
        }
        match self.back(si, 1) {
            None => true,
            Some(before) => any(
                self.lower(before),
                &[
                    "même", "et", "mais", "que", "qu'", "ou", "alors", "donc", "car", "puis",
                ],
            ),
        }
    }

    /// "il faut que tu prends", "pour qu'il est", "je veux que vous venez": after a "que" that
    /// calls for the subjunctive, a subject pronoun (and its clitics) then a form that has no
    /// subjunctive reading. A form that may be either ("que je mange") is never flagged.
    fn indicative_after_que(&self, i: usize) -> bool {
        let a = self.analyze(i);
        if a.subjunctive || !a.only(pos::FINITE | pos::IMPERATIVE) || !self.judgeable(i) {
            return false;
        }
        // Back over the clitics ("que tu me le dis") to the subject right after "que" ("nous"
        // and "vous" may be either).
        let is_que = |k: usize| any(self.lower(k), &["que", "qu'"]);
        let mut j = i;
        let mut que = None;
        for _ in 0..4 {
            let Some(k) = self.back(j, 1) else {
                return false;
            };
            let subject = any(
                self.lower(k),
                &[
                    "je", "j'", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles",
                ],
            );
            if subject {
                if let Some(q) = self.back(k, 1).filter(|&q| is_que(q)) {
                    que = Some(q);
                    break;
                }
            }
            if !self.has(k, flag::CLITICS) {
                return false;
            }
            j = k;
        }
        let Some(que) = que else {
            return false;
        };
        let Some(mut trigger) = self.back(que, 1) else {
            return false;
        };
        // "il ne faut pas que", "je veux juste que".
        if any(
            self.lower(trigger),
            &[
                "pas",
                "surtout",
                "absolument",
                "juste",
                "vraiment",
                "plus",
                "jamais",
            ],
        ) {
            match self.back(trigger, 1) {
                Some(t)
                    if any(
                        self.lower(t),
                        &["faut", "faudrait", "fallait", "veux", "veut"],
                    ) =>
                {
                    trigger = t
                }
                _ => return false,
            }
        }
        match self.lower(trigger) {
            "faut" | "faudrait" | "fallait" | "faudra" | "pour" | "afin" | "avant" | "sans"
            | "veux" | "veut" | "voulez" | "voudrais" | "voudrait" | "voulait" => true,
            // "bien que", not "aussi bien que" (a comparison).
            "bien" => !self.back(trigger, 1).is_some_and(|b| {
                any(
                    self.lower(b),
                    &["aussi", "si", "autant", "tant", "très", "plus"],
                )
            }),
            // "jusqu'à ce que".
            "ce" => self.back(trigger, 1).is_some_and(|a| {
                self.lower(a) == "à" && self.back(a, 1).is_some_and(|b| self.lower(b) == "jusqu'")
            }),
            _ => false,
        }
    }

    /// Whether the word at `j` is a form of "être" not introduced by "c'", "ce", "ça", "cela"
    /// ("c'est manger", "le mieux est d'attendre" are right).
    fn is_etre(&self, j: usize) -> bool {
        self.has(j, flag::ETRE_FORMS)
            && !self
                .back(j, 1)
                .is_some_and(|s| any(self.lower(s), &["c'", "ce", "ça", "cela", "ceci"]))
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
    fn confusions_of_clause_openers_and_auxiliaries() {
        assert_flags(&[
            // "c'est" written as the determiner, before what no noun group starts with.
            ("ces avec les clients qu'on apprend le plus", "ces"),
            ("on sait que ces du travail", "ces"),
            // No subjunctive where "que" calls for one.
            ("il faut que tu prends le temps de répondre", "prends"),
            ("pour qu'elle comprend mieux le devis", "comprend"),
            ("je veux que vous venez demain matin", "venez"),
            ("il ne faut pas qu'on prend peur trop vite", "prend"),
            ("on attend jusqu'à ce qu'il peut venir", "peut"),
            // A conditional after a "si" of condition.
            (
                "Si tu pourrais m'envoyer le lien ce serait parfait",
                "pourrais",
            ),
            ("même s'il faudrait attendre un peu", "faudrait"),
            // An elided "te" before a subject pronoun, for "-t-".
            ("va t'elle nous répondre", "t'"),
            // The preposition before a participle, for "a".
            ("le dossier à été validé hier", "à"),
            // "ce sont" before a participle, for "se sont".
            ("les deux équipes ce sont retrouvées au local", "ce"),
            // A noun after its determiner is the subject of "a".
            ("le stagiaire a déjà copier le fichier", "copier"),
            ("quelqu'un a vraiment tester la version bêta", "tester"),
            // A capital that opens a sentence is no name when the word is a common one.
            ("Petite conseil pour les indépendants", "Petite"),
        ]);
        // "on" written as "ont", before a verb (which may be flagged too: it does not agree
        // with the "ont" it follows).
        for text in [
            "ont va voir ce que ça donne",
            "franchement ont ne sait jamais",
        ] {
            assert!(flagged(text).contains(&"ont".to_string()), "{text}");
        }
        assert_clean(&[
            "il faut que tu prennes le temps",
            "il faut que je mange avant",
            "pour qu'il soit content",
            "je veux que vous me disiez la vérité",
            "il faut que nous ayons fini",
            "aussi bien que tu le sais",
            "après qu'il est parti",
            "je pense que tu as raison",
            "je me demande si j'aurais dû insister",
            "je ne sais pas si elle pourrait venir",
            "ses pour et ses contre",
            "ces deux clients sont partis",
            "ces très belles photos",
            "ils ont les moyens",
            "elles ont fait le nécessaire",
            "ils ont pris la route et ont dormi sur place",
            "tout à fait d'accord",
            "rendez-vous à l'été prochain",
            "une maison à vendre",
            "ce sont des gens sérieux",
            "ce sont eux qui décident",
            "Pierre a envoyé le lien",
            "Bonne année à tous",
            "Claire est partie tôt",
            "la salle a été rénovée",
            "le client a raison",
            "beaucoup de gens l'ont dit",
            "elle a fait le travail à lui seul",
            "Vos vidéos sont top",
            "les résultats sont canon",
            // Capitals often go without their accents.
            "SOLDES JUSQU'A -50 %",
            "OUVERTURE DES LUNDI PROCHAIN",
            "ON EST LA POUR VOUS",
        ]);
    }

    #[test]
    fn homophones_that_only_the_neighbours_tell() {
        assert_flags(&[
            ("n'oublier pas de valider la commande", "oublier"),
            ("pensez à leurs envoyer un rappel", "leurs"),
            ("elle était sensée arriver à midi", "sensée"),
            ("c'est long, voir pénible, sans aide", "voir"),
            ("elle ma conseillé ce livre", "ma"),
            ("franchement sa marche pas", "sa"),
            ("et sa explique le reste", "sa"),
            ("c'est vrai que ont te voit partout", "ont"),
            ("quant on a des faux avis, on fait quoi", "quant"),
            ("lequel outil tu utilises", "lequel"),
            ("on c'est croisé hier au marché", "c'"),
            ("il ni a aucun doute", "ni"),
            ("Peut être que tu as raison", "Peut"),
            ("il leurs a vraiment plu", "leurs"),
            ("ma directrice la lu au complet", "la"),
            ("franchement on s'en fou", "fou"),
            ("personne s'en plein", "plein"),
        ]);
        assert_clean(&[
            "ne pas hésiter à demander",
            "je ne parlerai pas de ça",
            "quant à moi, je reste",
            "quant aux tarifs, rien ne change",
            "lequel choisir pour débuter",
            "lequel conseiller à un débutant",
            "le chantier sur lequel Pierre travaille",
            "sa réponse explique tout",
            "elles ont tout vu",
            "leurs clients sont contents",
            "un choix sensé et mesuré",
            "je suis venu voir le spectacle",
            "Voir aussi la page suivante",
            "on va voir, même si c'est tard",
            "ma collègue et moi",
            "il a perdu sa clé",
            "ni le client ni le vendeur",
            "Peut être utilisé plusieurs fois",
            "le problème peut être que le ciblage est mauvais",
            "c'est bon, il peut être fier",
            "il leur a plu et leurs amis aussi",
            "ma directrice l'a lu, la lecture a pris une heure",
            "ma directrice la connaît",
            "il s'en va, je m'en doutais, elle s'en est bien sortie",
            "ça s'en ressent",
        ]);
    }

    #[test]
    fn determiner_gender_elision_of_si_and_split_relatives() {
        assert_flags(&[
            ("on a trouvé un astuce pour ça", "astuce"),
            ("cette problème revient souvent", "problème"),
            ("j'ai oublié la dossier du client", "dossier"),
            ("je viens si il reste de la place", "il"),
            ("la personne avec la quelle je travaille", "quelle"),
        ]);
        assert_clean(&[
            "une astuce pour ça",
            "ce problème revient souvent",
            "la newsletter de mars",
            "le manche et la manche",
            "un des clients",
            "je le sais",
            "la tour Eiffel et le tour de France",
            "s'il reste de la place",
            "à quel moment",
        ]);
    }

    #[test]
    fn attribute_against_the_number_of_etre() {
        assert_flags(&[
            ("tes astuces du matin sont vraiment utile", "utile"),
            ("pour que nos posts soit lisibles", "lisibles"),
            ("les résultats de la campagne étaient mitigé", "mitigé"),
            ("le nombre de clients est élevés", "élevés"),
        ]);
        assert_clean(&[
            "tes astuces du matin sont vraiment utiles",
            "on est contents du résultat",
            "on s'est entendus pour un supplément",
            "deux équipes s'y sont brûlé les ailes",
            "ce sont des astuces utiles",
            "ils sont médecins et elle est avocate",
            "les prix sont bas et le service est gratuit",
            "ils sont super sympa",
            "les deux sont bien",
            "vous êtes prêts ?",
        ]);
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
            ("Franchement les clients pense que c'est cher", "pense"),
            ("beaucoup de gens pense que c'est cher", "pense"),
            ("et beaucoup de clients oublie la garantie", "oublie"),
            (
                "Trop de comptes qui publient chaque jour a peu de portée",
                "a",
            ),
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
            "Franchement les clients pensent que c'est cher",
            "beaucoup de gens pensent que c'est cher",
            "la part de clients qui achète en ligne",
            "Peu de gens le savent",
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
        assert_flags(&[
            ("j'ai testé comme même la version gratuite", "même"),
            ("il faut comme même les prévenir", "même"),
        ]);
        assert_clean(&[
            "comme même les experts le disent",
            "quand même",
            "tout comme même les meilleurs",
        ]);
        assert_flags(&[
            ("quelque soit la banque", "quelque"),
            ("Quelques soient vos objectifs", "Quelques"),
            ("la plus part des restos font ça", "part"),
        ]);
        assert_clean(&[
            "quel que soit le budget",
            "la plupart des restos",
            "de la part de Julie",
            "elle est la plus partante",
            "quelles que soient vos raisons",
            "quelque temps",
            "un avis sur tout",
            "je l'ai testé sur tout, surtout le soir",
        ]);
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
