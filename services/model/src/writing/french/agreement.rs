//! French agreement: subject and verb ("ils a", "les médias sociaux est", "je fait"), noun
//! and determiner ("des plainte", "tout les clients"), participle and auxiliary ("elles sont
//! arrivé", "j'ai vérifiée la mienne").

use super::grammar::CLAUSE_OPENERS;
use super::{is_infinitive, is_participle, starts_uppercase, word_at};
use crate::lexicon::fr::writing::{
    AUXILIARIES, CLITICS, C_EST_NEXT, DETERMINERS, ENGLISH_MODIFIERS, FIRST_SECOND_PERSON_VERBS,
    LES_DETERMINER_CONTEXT, MASCULINE_ADJECTIVES, NOT_FIRST_PERSON_ENDINGS, NOT_NOUNS_AFTER_PLURAL,
    NUMERALS, OBJECTS_BEFORE_AUXILIARY, PARTICIPLE_NOUNS, PLURAL_DETERMINERS,
    PLURAL_DETERMINERS_BEFORE_NOUN, SINGULAR_VERBS, SINGULAR_WORDS_IN_S, SUBJECT_PRONOUNS,
    THIRD_SINGULAR_VERBS, TU_NOT_VERBS,
};
use crate::writing::french::morphology::{agr, person, pos, Analysis, Morphology};
use crate::writing::{any, Context, WordRef};

/// Whether the word breaks an agreement rule.
pub(super) fn check(context: &Context<'_, '_>) -> bool {
    let (words, index, current, previous, next) = context.parts();
    // "tu existe" / "tu n'existe" for "tu existes".
    let after_tu = previous == Some("tu")
        || (index >= 2
            && words[index - 1].joined_to_previous
            && any(words[index - 1].lower, &["n'", "ne"])
            && words[index - 2].lower == "tu")
        // "c'est toi qui joue": the relative takes the person of "toi".
        || (previous == Some("qui")
            && index >= 2
            && words[index].joined_to_previous
            && words[index - 1].joined_to_previous
            && words[index - 2].lower == "toi");
    if after_tu && current.len() > 3 && current.ends_with('e') && !any(current, &TU_NOT_VERBS) {
        return true;
    }
    // "tu perd", "tu prend": after "tu", a verb form only a third person takes (not the
    // participle of "se taire": "il s'est tu").
    if after_tu
        && !(index >= 2
            && any(
                words[index - 2].lower,
                &["est", "était", "étais", "a", "ai", "avait"],
            ))
        && context.morphology.is_some_and(|m| {
            let a = m.analyze(current);
            a.is(pos::FINITE)
                && a.persons & person::S3 != 0
                && a.persons & (person::S1 | person::S2) == 0
                && !a.is(pos::NOUN | pos::ADJ | pos::PREP | pos::ADV)
        })
    {
        return true;
    }
    // "je les ai planté", "on les a écrit": a participle after avoir agrees with "les" placed
    // before it; it is plural. Not before an infinitive ("je les ai vu partir", "les a fait
    // venir"), where usage lets it stay as it is.
    if index >= 2
        && words[index].joined_to_previous
        && words[index - 1].joined_to_previous
        && words[index - 2].lower == "les"
        && any(
            words[index - 1].lower,
            &[
                "ai", "as", "a", "avons", "avez", "ont", "avait", "avais", "avaient", "aurait",
            ],
        )
        && !next.is_some_and(|n| {
            is_infinitive(n)
                || context
                    .morphology
                    .is_some_and(|m| m.analyze(n).is(pos::INFINITIVE))
        })
        && context.morphology.is_some_and(|m| {
            let a = m.analyze(current);
            a.is(pos::PARTICIPLE) && a.participle & agr::PL == 0 && a.participle != 0
        })
    {
        return true;
    }
    // "je me suis faite avoir", "ils se sont faits livrer": before an infinitive, "fait"
    // does not agree (after être: not the noun of "laisser les faits parler").
    if any(current, &["faite", "faits"])
        && context.previous_is(&[
            "suis", "es", "est", "sommes", "êtes", "sont", "étais", "était", "étaient", "été",
            "serait", "soit",
        ])
        && words.get(index + 1).is_some_and(|w| w.joined_to_previous)
        && next.is_some_and(|n| {
            context
                .morphology
                .is_some_and(|m| m.analyze(n).only(pos::INFINITIVE | pos::NOUN))
                && context
                    .morphology
                    .is_some_and(|m| m.analyze(n).is(pos::INFINITIVE))
        })
    {
        return true;
    }
    // "des places limité": a plural noun phrase followed by a singular participle.
    if index >= 2
        && words[index].joined_to_previous
        && words[index - 1].joined_to_previous
        && any(words[index - 2].lower, &PLURAL_DETERMINERS)
        && words[index - 1].lower.chars().count() >= 3
        && words[index - 1].lower.ends_with(['s', 'x'])
        && (current.ends_with('é') || current.ends_with("ée"))
        && current.chars().count() > 3
        && !any(current, &PARTICIPLE_NOUNS)
        && !current.ends_with("té")
    {
        return true;
    }
    // "ils sont arrivé": a plural auxiliary of être before a singular participle (not a
    // reflexive verb with its object after it: "s'y sont brûlé les ailes").
    // ("vous êtes invité" is right: "vous" may be one person.)
    if context.previous_is(&["sont", "sommes"])
        && is_participle(current)
        && current.ends_with('é')
        && !context.next_is(&DETERMINERS)
    {
        return true;
    }
    // "j'hésitait", "je vous le dit", "j'attend", "je garanti": a verb after "je" (and its
    // object pronouns) ends in -e, -s, -x or -ai.
    if after_je(words, index)
        && !any(current, &CLITICS)
        && current != "soussigné"
        && current.chars().all(|c| c.is_alphabetic() || c == '-')
        && !current.ends_with("ai")
        && (NOT_FIRST_PERSON_ENDINGS
            .iter()
            .any(|ending| current.ends_with(*ending))
            || (current.ends_with("es") && current != "les"))
    {
        return true;
    }
    // "j'ai vérifiée la mienne", "ont baissés de": with avoir, the participle agrees only with
    // an object placed before it ("qu'on a publiées", "je l'ai vérifiée").
    let object_before = |offset: isize| {
        word_at(words, index, offset).is_some_and(|w| any(w, &OBJECTS_BEFORE_AUXILIARY))
    };
    // ... or "que" a few words before ("les valeurs que l'interpréteur avait héritées de").
    // (Looked for last, when the rest of the rule holds: it reads up to five words back.)
    let object_before_auxiliary = || {
        object_before(-2)
            || (word_at(words, index, -2).is_some_and(|w| any(w, &SUBJECT_PRONOUNS))
                && object_before(-3))
            || (-5..=-3).any(|offset| {
                word_at(words, index, offset).is_some_and(|w| any(w, &["que", "qu'"]))
            })
    };
    if context.previous_is(&AUXILIARIES)
        && previous != Some("été")
        && current.chars().count() > 4
        && (current.ends_with("ée") || current.ends_with("ées") || current.ends_with("és"))
        && !any(current, &PARTICIPLE_NOUNS)
        && (context.next_is(&DETERMINERS) || context.next_is(&["de", "d'"]))
        && !object_before_auxiliary()
    {
        return true;
    }
    // "c'est réglée" for "c'est réglé".
    if previous == Some("est")
        && word_at(words, index, -2) == Some("c'")
        && current.chars().count() > 4
        && (current.ends_with("ée") || current.ends_with("ées") || current.ends_with("és"))
        && !any(current, &PARTICIPLE_NOUNS)
    {
        return true;
    }
    let before_qui = if previous == Some("qui") {
        word_at(words, index, -2)
    } else {
        None
    };
    let word_agreement = match current {
        // "tout les clients", "toute les mentions", "tous le monde".
        "tout" | "toute" => {
            context.next_is(&["les", "ces", "mes", "tes", "ses", "nos", "vos", "leurs"])
        }
        "tous" => next == Some("le") && word_at(words, index, 2) == Some("monde"),
        // "leur revenus", "leur propres clients"; not the pronoun of "je leur dis".
        "leur" => {
            let acronym_next = words
                .get(index + 1)
                .is_some_and(|w| w.cased.chars().filter(|c| c.is_uppercase()).count() > 1);
            next.is_some_and(|n| {
                n.chars().count() > 3 && n.ends_with(['s', 'x']) && !any(n, &SINGULAR_WORDS_IN_S)
            }) && !context.previous_is(&[
                "je", "j'", "tu", "nous", "vous", "ne", "n'", "on", "il", "elle", "ils", "elles",
                "qui",
            ]) && !acronym_next
        }
        // "nul part" for "nulle part".
        "nul" => next == Some("part"),
        _ => false,
    };
    if word_agreement
        // "une vrai pro", "la meilleur journée".
        || (context.previous_is(&["la", "une", "cette", "ma", "ta", "sa"])
            && any(current, &MASCULINE_ADJECTIVES))
        // "quelqu'un sais", "personne peux", "on peux".
        || (context.previous_is(&["quelqu'un", "personne", "chacun", "il", "elle", "on", "ça", "cela"])
            && any(current, &FIRST_SECOND_PERSON_VERBS))
        // "c'est moi qui a" for "moi qui ai".
        || (matches!(before_qui, Some("moi" | "toi"))
            && any(current, &THIRD_SINGULAR_VERBS))
        // "ceux qui mesure" for "ceux qui mesurent".
        || (matches!(before_qui, Some("ceux" | "celles"))
            && (any(current, &THIRD_SINGULAR_VERBS)
                || (current.chars().count() > 3
                    && current.ends_with('e')
                    && !any(current, &TU_NOT_VERBS))))
        || plural_determiner_with_singular_noun(words, index, current, previous, context.morphology)
    {
        return true;
    }
    // "d'entre elles est", "pour eux": a pronoun after a preposition is no subject.
    let stressed = || {
        index >= 2
            && words[index - 1].joined_to_previous
            && (any(
                words[index - 2].lower,
                &["entre", "d'", "de", "pour", "avec", "sans", "chez"],
            ) || context
                .morphology
                .is_some_and(|m| m.analyze(words[index - 2].lower).is(pos::PREP)))
    };
    let by_subject = match previous {
        // "elles explose" for "elles explosent".
        Some("ils" | "elles") if !stressed() => {
            any(
                current,
                &[
                    "a", "est", "va", "fait", "peut", "doit", "veut", "sait", "était", "avait",
                    "sera",
                ],
            ) || (current.chars().count() > 3
                && current.ends_with('e')
                && !any(current, &TU_NOT_VERBS))
        }
        Some("tu") => any(current, &["a", "est", "va", "peut"]),
        Some("je") => any(current, &["a", "est", "va", "as", "es"]),
        Some("on") => any(current, &["sont", "ont", "avons", "sommes", "allons"]),
        // "c'étais bien le relief" for "c'était".
        Some("c'") => current == "étais",
        _ => false,
    };
    by_subject || plural_subject_with_singular_verb(context)
}

/// "les médias sociaux est", "nos plombiers interviennes", "plus de 10 000 abonnées me fait
/// confiance": a plural subject group (a plural determiner or a count, then one or two plural
/// words) opening its clause, object pronouns, then a verb in the singular: one of
/// [`SINGULAR_VERBS`], or a word the dictionary knows only conjugated, in no plural person.
fn plural_subject_with_singular_verb(context: &Context<'_, '_>) -> bool {
    let (words, index, current, _, _) = context.parts();
    if index == 0 || !words[index].joined_to_previous {
        return false;
    }
    // Object pronouns between the group and its verb ("me fait", "ne leur dit").
    let mut cursor = index;
    while cursor >= 2
        && words[cursor].joined_to_previous
        && any(
            words[cursor - 1].lower,
            &[
                "me", "m'", "te", "t'", "lui", "leur", "se", "s'", "y", "en", "ne", "n'",
            ],
        )
    {
        cursor -= 1;
    }
    // After an object pronoun neither a participle nor a noun can stand alone: "mes clients
    // me dit" is the verb, whatever else the word may be. ("en fait" and "leur" may open a
    // noun: "les clients en fait", "leur prix".)
    // The verb is read last, once a plural group stands before it: most words have none.
    let after_pronoun = cursor < index;
    let singular_verb = || {
        let noun_may_follow = any(words[index - 1].lower, &["en", "leur"]);
        let singular_persons =
            |a: Analysis| a.persons != 0 && a.persons & (person::P1 | person::P2 | person::P3) == 0;
        any(current, &SINGULAR_VERBS)
            || context.morphology.is_some_and(|m| {
                let a = m.analyze(current);
                // ("Des fois faut pas": the subject left out of a set phrase.)
                a.only(pos::FINITE | pos::IMPERATIVE) && singular_persons(a) && current != "faut"
                    || after_pronoun
                        && a.is(pos::FINITE)
                        && !(noun_may_follow && a.is(pos::NOUN))
                        && singular_persons(a)
            })
    };
    // The group must open the clause to be the subject: after a noun or a preposition it is a
    // complement ("le temps passé sur les réseaux sociaux a baissé", "la part des clients a
    // augmenté").
    let opens_clause = |at: usize, after_and_ok: bool| {
        at == 0
            || !words[at].joined_to_previous
            || (any(words[at - 1].lower, CLAUSE_OPENERS)
                || any(words[at - 1].lower, &["tous", "toutes"]))
                && after_and_ok
    };
    // "les médias sociaux est": a plural determiner, one or two plural words, a singular verb.
    let mut plural_words = 0;
    while cursor > 0 && plural_words < 3 {
        let word = words[cursor - 1];
        if !words[cursor].joined_to_previous {
            return false;
        }
        if any(word.lower, &PLURAL_DETERMINERS) {
            // ("des" after "et" is more often "de les": "des exemples et des explications
            // supplémentaires est utile".)
            let after_and =
                word.lower == "des" && cursor >= 2 && any(words[cursor - 2].lower, &["et", "ou"]);
            // "Des fois c'est", "les jours passent": time said in the plural is no subject.
            let time = any(
                words[cursor].lower,
                &[
                    "fois", "jours", "semaines", "mois", "ans", "années", "matins", "soirs",
                ],
            );
            return plural_words > 0
                && !time
                && opens_clause(cursor - 1, !after_and)
                && singular_verb();
        }
        if !(word.lower.ends_with('s') || word.lower.ends_with('x')) || word.lower.len() < 3 {
            return false;
        }
        plural_words += 1;
        cursor -= 1;
        // "10 000 abonnées", "plus de 300 clients": a count stands for the determiner, after
        // "de" of a quantity too. The count sits between the words, so what opens the group is
        // read on the word before it: nothing, punctuation, a conjunction or "plus de".
        let count = word.number_before.is_some_and(|n| {
            let digits: String = n.chars().filter(char::is_ascii_digit).collect();
            !n.contains(['%', ',', '.'])
                && (digits.parse::<u64>().is_ok_and(|n| n > 1) || digits == "000")
        });
        if count {
            let time = any(
                word.lower,
                &["fois", "jours", "semaines", "mois", "ans", "années"],
            );
            let opens = word.sentence_start
                || cursor == 0
                || words[cursor - 1]
                    .followed_by
                    .is_some_and(|c| matches!(c, ',' | ';' | ':' | '!' | '?' | '.' | '(' | '\n'))
                || any(words[cursor - 1].lower, CLAUSE_OPENERS)
                || words[cursor - 1].lower == "de"
                    && cursor >= 2
                    && words[cursor - 1].joined_to_previous
                    && any(words[cursor - 2].lower, &["plus", "près", "moins"])
                    && opens_clause(cursor - 2, true);
            return !time && opens && singular_verb();
        }
    }
    false
}

/// Whether "je" (or "j'") is the subject of the word at `index`, possibly through object
/// pronouns and negation ("je vous le", "je n'y").
fn after_je(words: &[WordRef<'_>], index: usize) -> bool {
    let mut offset = -1;
    while offset >= -4 {
        match word_at(words, index, offset) {
            Some("je" | "j'") => return true,
            Some(w) if any(w, &CLITICS) => offset -= 1,
            _ => return false,
        }
    }
    false
}

/// "des plainte", "mes client", "deux personne": a plural determiner or a numeral before a
/// word without a plural ending.
fn plural_determiner_with_singular_noun(
    words: &[WordRef<'_>],
    index: usize,
    current: &str,
    previous: Option<&str>,
    morphology: Option<&Morphology>,
) -> bool {
    let Some(determiner) = previous else {
        return false;
    };
    // "OUVERTURE DES LUNDI": in capitals, "DES" may be "dès".
    if determiner == "des" && index > 0 && super::is_all_capitals(words[index - 1].cased) {
        return false;
    }
    // With the morphology: only a known noun or adjective that is singular only, and no verb
    // ("les lire", "deux entraînerait"), compound ("des pare-feu") or unknown technical word.
    if let Some(m) = morphology {
        let a = m.analyze(current);
        let number = (a.noun | a.adj | a.participle) & (agr::SG | agr::PL);
        let verb = a.is(pos::FINITE | pos::INFINITIVE | pos::PRESENT_PARTICIPLE)
            && (!a.is(pos::NOUN) || determiner == "les");
        if !a.is(pos::NOUN | pos::ADJ)
            || number != agr::SG
            || verb
            || (a.is_but_not(pos::DET | pos::PRON | pos::ADV | pos::PREP, pos::NOUN))
            || current.contains('-')
        {
            return false;
        }
    }
    let numeral = any(determiner, &NUMERALS);
    if !numeral && !any(determiner, &PLURAL_DETERMINERS_BEFORE_NOUN) {
        return false;
    }
    let cased = words[index].cased;
    // "mes client·e·s", "des client(s)": inclusive or optional plurals; "les troisième et
    // quatrième chiffres" share one plural noun; "tous deux une" is no noun.
    let next = words
        .get(index + 1)
        .filter(|w| w.joined_to_previous)
        .map(|w| w.lower);
    if matches!(words[index].followed_by, Some('·' | '•' | '(' | '/' | '*'))
        || next.is_some_and(|n| any(n, &["et", "ou"]))
        || any(current, &DETERMINERS)
        || current.chars().count() < 3
        || current.ends_with(['s', 'x', 'z'])
        || !current.chars().all(|c| c.is_alphabetic() || c == '-')
        || any(current, &NOT_NOUNS_AFTER_PLURAL)
        || any(current, &NUMERALS)
        || any(current, &ENGLISH_MODIFIERS)
        || any(current, &AUXILIARIES)
        || starts_uppercase(cased)
        || (cased.chars().all(|c| !c.is_lowercase()) && cased.chars().count() <= 4)
        || (numeral && current.ends_with("ent"))
        // "du fil de calibre 14 minimum", "12 pile": a word that qualifies the count.
        || (numeral && any(current, &["minimum", "maximum", "environ", "pile"]))
        // "ces vrai" is already the homophone "c'est vrai".
        || (matches!(determiner, "ces" | "ses") && any(current, &C_EST_NEXT))
    {
        return false;
    }
    if determiner == "les" {
        // "le client les trouve": "les" is a pronoun unless it starts the phrase or follows
        // a preposition, a conjunction, a verb form or an infinitive.
        return match word_at(words, index, -2) {
            None => true,
            Some(before) => {
                any(before, &LES_DETERMINER_CONTEXT)
                    || is_infinitive(before)
                    || is_participle(before)
            }
        };
    }
    if determiner == "leurs" && is_infinitive(current) {
        return false;
    }
    true
}
