//! Number and person: a determiner and its noun, a subject and its verb (across a relative
//! clause too), an adjective and its noun.

use super::{flag, Grammar, BEFORE_OBJECT_PRONOUN, CLAUSE_OPENERS, PARTITIVE_HEADS};
use crate::writing::any;
use crate::writing::french::is_all_capitals;
use crate::writing::french::morphology::{agr, person, pos};

/// Adverbs of quantity whose "de" group is plural ("beaucoup de gens pensent").
const QUANTITY_ADVERBS: &[&str] = &[
    "beaucoup",
    "trop",
    "peu",
    "plein",
    "tellement",
    "énormément",
    "combien",
];

impl Grammar<'_, '_> {
    /// The determiner of the noun group ending at `i`, past up to two prenominal adjectives;
    /// `None` when the group has none.
    pub(super) fn determiner_of(&self, i: usize) -> Option<usize> {
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
    pub(super) fn nominal_number(&self, i: usize) -> u8 {
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

    /// "un erreur", "une problème", "cette projet": a singular article or demonstrative and
    /// the noun right after it of the other gender. Only a noun the dictionary knows in one
    /// gender and as nothing else, and not an English loanword (whose gender usage varies:
    /// "le"/"la newsletter").
    pub(super) fn determiner_gender(&self, i: usize) -> bool {
        let Some(d) = self.back(i, 1) else {
            return false;
        };
        let det_gender = match self.lower(d) {
            "un" | "le" | "ce" | "cet" | "du" => agr::MAS,
            "une" | "la" | "cette" => agr::FEM,
            _ => return false,
        };
        if !self.judgeable(i)
            || self.has(i, flag::ENGLISH_MODIFIERS)
            || self.lower(i).chars().count() < 3
            || self.lower(i).contains('-')
        {
            return false;
        }
        let a = self.analyze(i);
        if !a.only(pos::NOUN) {
            return false;
        }
        let gender = a.noun & (agr::MAS | agr::FEM);
        // The dictionaries last: most words after a determiner pass the tests above.
        (gender == agr::MAS || gender == agr::FEM)
            && gender & det_gender == 0
            && !self.is_english(i)
    }

    /// "mon projets", "ces client", "chaque inscrits", "bons nombre de": a noun (or a
    /// prenominal adjective) whose number its determiner, or the adjective before it, rules out.
    pub(super) fn determiner_number(&self, i: usize) -> bool {
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
        // "vérifiez les deux avant de remplir": a preposition ends the noun group.
        if self.analyze(i).is(pos::PREP) {
            return false;
        }
        let Some(d) = self.determiner_of(i) else {
            // No determiner: a prenominal adjective and its noun ("bons nombre de").
            let Some(adjective) = self.back(i, 1) else {
                return false;
            };
            // ("même injustes": the adverb "even".)
            if !self.has(adjective, flag::PRENOMINAL_ADJECTIVES)
                || self.lower(adjective) == "même"
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
        // "OUVERTURE DES LUNDI": in capitals, "DES" may be "dès".
        if determiner == "des" && is_all_capitals(self.words[d].cased) {
            return false;
        }
        let det_number = self.analyze(d).det & (agr::SG | agr::PL);
        if det_number == 0 || det_number == agr::SG | agr::PL {
            return false;
        }
        // "vingt et une heures", "trente et un jours": "un" closes a compound number.
        if matches!(determiner, "un" | "une")
            && self.back(d, 1).is_some_and(|e| {
                self.lower(e) == "et"
                    && self.back(e, 1).is_some_and(|t| {
                        any(
                            self.lower(t),
                            &["vingt", "trente", "quarante", "cinquante", "soixante"],
                        )
                    })
            })
        {
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
    pub(super) fn antecedent(&self, q: usize) -> Option<(usize, u8)> {
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
    pub(super) fn qui_before(&self, i: usize) -> Option<usize> {
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
    pub(super) fn disagrees(&self, i: usize, number: u8) -> bool {
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
    pub(super) fn relative_verb(&self, i: usize) -> bool {
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
    pub(super) fn plainly_verb(&self, i: usize, nouns_allowed: bool) -> bool {
        let a = self.analyze(i);
        a.is_but_not(
            pos::FINITE,
            pos::ADJ | pos::PARTICIPLE | pos::PREP | pos::DET | pos::ADV | pos::PRON,
        ) && (nouns_allowed || !a.is(pos::NOUN) || self.has(i, flag::SINGULAR_VERBS))
    }

    /// Whether a plural noun group ends at `noun` and opens its clause ("Les gens", "et
    /// mes clients"): (index of its determiner).
    pub(super) fn plural_subject(&self, noun: usize) -> Option<usize> {
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
        // "beaucoup de gens", "trop de clients": a quantity adverb opening the clause.
        if let Some(de) = self
            .back(noun, 1)
            .filter(|&de| any(self.lower(de), &["de", "d'"]))
        {
            return self.back(de, 1).filter(|&q| {
                any(self.lower(q), QUANTITY_ADVERBS)
                    && self
                        .back(q, 1)
                        .is_none_or(|before| any(self.lower(before), CLAUSE_OPENERS))
            });
        }
        let d = self.determiner_of(noun)?;
        if self.analyze(d).det & (agr::SG | agr::PL) != agr::PL {
            return None;
        }
        // The group opens its clause, or follows "la plupart" ("la plupart des outils").
        // "des" after "et" is more often "de les", a complement ("l'ordre des arguments et
        // des options n'est pas").
        let opens = self.back(d, 1).is_none_or(|before| {
            // An adverb opening the sentence or the clause after a comma ("Franchement les
            // gens…", "Souvent mes clients…", "…, franchement les gens…").
            let opening_adverb = self.back(before, 1).is_none() && {
                let a = self.analyze(before);
                a.is_but_not(pos::ADV, pos::PREP | pos::CONJ | pos::PRON | pos::DET)
            };
            opening_adverb
                || (any(self.lower(before), CLAUSE_OPENERS)
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
    pub(super) fn verb_after_relative_clause(&self, i: usize) -> bool {
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
                || (a.is_but_not(pos::CONJ, pos::PREP | pos::DET))
                || (a.is_but_not(pos::PRON, pos::DET | pos::PREP))
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
    pub(super) fn plural_subject_singular_verb(&self, i: usize) -> bool {
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

    /// The subject pronoun (or "tout le monde", "personne", "quelqu'un", "chacun") of the verb
    /// at `i`, past object pronouns and negation: the persons the verb must have.
    pub(super) fn subject_persons(&self, i: usize) -> Option<(usize, u8)> {
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
            // "ça m'as pris", "cela t'ont plu"; opening its clause, for after a verb it is the
            // object ("les PME qui veulent éviter ça peuvent").
            "ça" | "cela" | "ceci" if before.is_none_or(|b| any(self.lower(b), CLAUSE_OPENERS)) => {
                person::S3
            }
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
    pub(super) fn person(&self, i: usize) -> bool {
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
    pub(super) fn interrogative_qui(&self, i: usize) -> bool {
        let Some(q) = self.back(i, 1) else {
            return false;
        };
        if self.lower(q) != "qui" || self.back(q, 1).is_some() || !self.judgeable(i) {
            return false;
        }
        let a = self.analyze(i);
        a.is_but_not(pos::FINITE, pos::NOUN | pos::ADJ)
            && a.persons & (person::S3 | person::P3) == 0
    }

    /// The single gender and number of a word read as `field` (0 for a part it leaves open).
    pub(super) fn single(bits: u8) -> (u8, u8) {
        let gender = bits & (agr::MAS | agr::FEM);
        let number = bits & (agr::SG | agr::PL);
        (
            if gender.count_ones() == 1 { gender } else { 0 },
            if number.count_ones() == 1 { number } else { 0 },
        )
    }

    /// "aux vrais questions", "bon nombres de": a prenominal adjective of another gender or
    /// number than its noun.
    pub(super) fn adjective_before_noun(&self, i: usize) -> bool {
        if !self.has(i, flag::PRENOMINAL_ADJECTIVES) || !self.judgeable(i) {
            return false;
        }
        let Some(noun) = self.forward(i, 1) else {
            return false;
        };
        let n = self.analyze(noun);
        if !self.judgeable(noun)
            || !n.is(pos::NOUN)
            || n.is(pos::ADJ | pos::PRON | pos::DET | pos::ADV | pos::PREP)
        {
            return false;
        }
        let (adjective_gender, adjective_number) = Self::single(self.analyze(i).adj);
        let (noun_gender, noun_number) = Self::single(n.noun);
        let differ = |a: u8, b: u8| a != 0 && b != 0 && a != b;
        // The gender only of a word that is nothing but a noun; the number of one that may
        // be a verb form too ("nombres"), when the adjective is the singular one (a plural
        // adjective before a singular noun is flagged on the noun, "bons nombre").
        n.only(pos::NOUN) && differ(adjective_gender, noun_gender)
            || adjective_number == agr::SG && noun_number == agr::PL
    }

    /// "des comptes différent", "un client ravie", "places limité": an adjective or
    /// participle right after its noun, of another number or gender.
    pub(super) fn adjective_after_noun(&self, i: usize) -> bool {
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
}
