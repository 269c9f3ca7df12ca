//! "ce" and "se", "c'est" and "s'est", "ces" and "ses": the demonstrative against the reflexive
//! and the possessive ("on c'est vu", "ces vrai", "ça peut ce faire", "dès se week-end").

use super::{morphology_says, word_at, INFINITIVE_GOVERNORS};
use crate::lexicon::fr::writing::C_EST_NEXT;
use crate::writing::french::morphology::{agr, pos};
use crate::writing::{any, Context};

/// Whether "c'", "ces", "ses", "ce" or "se" in `context` stands for another of its set.
pub(super) fn confused(context: &Context<'_, '_>) -> bool {
    let (words, index, current, previous, next) = context.parts();
    match current {
        // "on c'est vu" for "on s'est vu".
        // "sur c'est affiches" for "ces": after a preposition, "c'est" before a word that is
        // only a plural noun ("ce soir c'est pâtes" is a clause).
        "c'" => {
            next == Some("est")
                && (context.previous_is(&["il", "elle", "on", "ils", "elles"])
                    || context.previous_is(&[
                        "sur", "dans", "pour", "avec", "par", "de", "à", "en", "entre", "sous",
                        "chez", "vers", "contre", "sans",
                    ]) && word_at(words, index, 2).is_some_and(|w| {
                        w.ends_with(['s', 'x'])
                            && words[index + 2].cased.starts_with(char::is_lowercase)
                            && morphology_says(context, w, |a| {
                                a.is_but_not(
                                    pos::NOUN,
                                    // (A noun in -es is a verb's "tu" form too: "affiches".)
                                    pos::ADJ
                                        | pos::PARTICIPLE
                                        | pos::PRON
                                        | pos::DET
                                        | pos::ADV
                                        | pos::PREP
                                        | pos::NUMBER
                                        | pos::INFINITIVE,
                                ) && a.noun & agr::SG == 0
                            })
                    }))
        }
        // "ces vrai", "ces pour ça que" for "c'est": a preposition, a pronoun or an article
        // cannot follow a determiner ("ses pour et ses contre" are nouns).
        // "pour ses postes-là" for "ces": "-là" and "-ci" go with the demonstrative only.
        "ces" | "ses" => {
            current == "ses" && next.is_some_and(|n| n.ends_with("-là") || n.ends_with("-ci"))
                || context.next_is(&C_EST_NEXT)
                || context.next_is(&["que", "qu'", "qui", "ça", "le", "la", "l'", "du"])
                || next.is_some_and(|n| {
                    morphology_says(context, n, |a| {
                        a.is_but_not(pos::PREP, pos::DET | pos::ADJ | pos::NUMBER | pos::NOUN)
                    })
                }) && word_at(words, index, 2) != Some("et")
        }
        // "ils ce sont réunis" for "se sont": "ce sont" opens a noun group, never a participle.
        // "ça peut ce faire", "ça va ce régler" for "se": "ce" before a word that can only be
        // an infinitive, or before an infinitive after a verb that takes one.
        "ce" => {
            context.previous_is(&["il", "elle", "on", "ils", "elles"]) && next.is_some()
            // ("pour ce faire" is the idiom.)
            || previous != Some("pour") && next.is_some_and(|n| {
                morphology_says(context, n, |a| a.only(pos::INFINITIVE))
                    || context.previous_is(INFINITIVE_GOVERNORS)
                        && morphology_says(context, n, |a| a.is(pos::INFINITIVE))
            })
            // "tout ce termine en cinq minutes": before a verb that is only conjugated, and
            // not "être" or a modal ("ce sera", "ce doit être").
            || next.is_some_and(|n| {
                !any(
                    n,
                    &[
                        "est", "sont", "sera", "serait", "seront", "seraient", "fut", "furent",
                        "fût", "soit", "soient", "était", "étaient", "doit", "devait", "devrait",
                        "peut", "pouvait", "pourrait", "semble", "semblait",
                    ],
                ) && morphology_says(context, n, |a| a.only(pos::FINITE | pos::IMPERATIVE))
            })
            || next == Some("sont")
                && word_at(words, index, 2).is_some_and(|w| {
                    morphology_says(context, w, |a| {
                        a.is_but_not(
                            pos::PARTICIPLE,
                            pos::NOUN | pos::DET | pos::PRON | pos::NUMBER | pos::ADV,
                        )
                    })
                })
        }
        // "se sont bien des anneaux" for "ce sont": "se sont" takes a participle, never a
        // determiner.
        "se" => {
            context.next_is(&[
            "qui", "que", "qu'", "soir", "matin", "genre", "type", "sujet", "point", "moment",
            "projet", "livre", "post", "billet",
        ])
        // "dès se week-end": before a word the dictionary knows only as a noun (a
        // pronoun before a verb has a verb to take).
        || next.is_some_and(|n| {
            n.chars().count() > 2
                && words[index + 1].joined_to_previous
                && morphology_says(context, n, |a| {
                    a.is_but_not(
                        pos::NOUN,
                        pos::FINITE
                            | pos::INFINITIVE
                            | pos::PARTICIPLE
                            | pos::IMPERATIVE
                            | pos::PRESENT_PARTICIPLE
                            | pos::ADJ
                            | pos::ADV
                            | pos::PRON
                            | pos::DET
                            | pos::PREP,
                    )
                })
        })
        || next == Some("sont") && {
            const DETERMINERS: &[&str] = &[
                "des", "les", "mes", "tes", "ses", "nos", "vos", "leurs", "deux", "trois",
            ];
            match word_at(words, index, 2) {
                Some(w) if any(w, DETERMINERS) => true,
                Some(w) if any(w, &["bien", "surtout", "souvent", "toujours", "vraiment"]) => {
                    word_at(words, index, 3).is_some_and(|d| any(d, DETERMINERS))
                }
                _ => false,
            }
        }
        }
        _ => false,
    }
}
