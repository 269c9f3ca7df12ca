//! "a" and "à", "on" and "ont": the verb "avoir" against the preposition and the pronoun
//! ("il à", "parlé a mon équipe", "ils on fini", "ont va voir").

use super::{
    clause_start, is_infinitive, is_participle, morphology_says, starts_uppercase, word_at,
    RELATIVES,
};
use crate::lexicon::fr::writing::{
    ADVERBS_IN_COMPOUND_TENSES, AUXILIARIES, AVOIR_FORMS, A_AS_PREPOSITION_AFTER_PARTICIPLE_NEXT,
    A_AS_PREPOSITION_AFTER_VERB_NEXT, A_AS_PREPOSITION_NEXT, A_AS_PREPOSITION_PREVIOUS, ETRE_FORMS,
    ON_AS_ONT_NEXT,
};
use crate::writing::french::morphology::pos;
use crate::writing::{any, Context};

/// Whether "a", "à", "on" or "ont" in `context` stands for the other of its pair.
pub(super) fn confused(context: &Context<'_, '_>) -> bool {
    let (words, index, current, previous, next) = context.parts();
    match current {
        // "il à" for "il a".
        // "la réunion à été reportée" for "a été": a past participle cannot follow the
        // preposition ("à" + a noun or an infinitive is right: "à l'été", "à manger").
        "à" => {
            context.previous_is(&["il", "elle", "on", "qui", "y"])
            // "ça à changé"; not "ça" as the object of a verb before it ("faites ça à la
            // main", "je montre ça à l'équipe").
            || context.previous_is(&["ça", "cela"])
                && !word_at(words, index, -2).is_some_and(|v| {
                    morphology_says(context, v, |a| {
                        a.is(pos::FINITE
                            | pos::INFINITIVE
                            | pos::IMPERATIVE
                            | pos::PARTICIPLE
                            | pos::PRESENT_PARTICIPLE)
                    })
                })
            || context.next_is(&["été", "eu"])
            || next.is_some_and(|n| {
                morphology_says(context, n, |a| {
                    a.is_but_not(
                        pos::PARTICIPLE,
                        pos::NOUN
                            | pos::INFINITIVE
                            | pos::ADJ
                            | pos::ADV
                            | pos::PREP
                            | pos::PRON
                            | pos::DET,
                    )
                })
            })
        }
        // "a" for the preposition "à".
        // "il y a" is always the verb.
        "a" if previous == Some("y") => false,
        "a" => {
            context.next_is(&A_AS_PREPOSITION_NEXT)
            // "a peu près", "a la fois": a locution of "à" that "a" cannot open.
            || [["peu", "près"], ["la", "fois"]].iter().any(|[first, second]| {
                next == Some(*first) && word_at(words, index, 2) == Some(*second)
            })
            // "j'ai parlé a mon équipe", "c'est a vous": after a verb, "a" cannot be the
            // verb too ("il a mon numéro", "elle n'a jamais" are right).
            || (context.next_is(&A_AS_PREPOSITION_AFTER_VERB_NEXT)
                || next == Some("n'") && word_at(words, index, 2) == Some("importe"))
                && previous.is_some_and(|p| {
                    morphology_says(context, p, |a| {
                        a.is_but_not(pos::FINITE | pos::INFINITIVE | pos::PARTICIPLE | pos::ADV, pos::NOUN | pos::PRON | pos::PROPER | pos::DET)
                    }) && !any(p, &["aussi", "même", "ne", "n'", "y", "en"])
                })
                && !context.previous_is(&AUXILIARIES)
            // "je suis passé a la", "ça sert a rien": after an auxiliary and its
            // participle (even one that is a noun too), or a word that can only be a
            // conjugated verb, unless a relative clause may have ended there ("ce que
            // j'ai vu a changé").
            || context.next_is(&A_AS_PREPOSITION_AFTER_PARTICIPLE_NEXT)
                && previous.is_some_and(|p| {
                    // ("Être accompagné a tout changé": an infinitive is the subject.)
                    // ("j'ai pas pensé a la carte": adverbs may stand between the two.)
                    let mut back = -2;
                    while word_at(words, index, back)
                        .is_some_and(|w| any(w, &ADVERBS_IN_COMPOUND_TENSES))
                        && back > -5
                    {
                        back -= 1;
                    }
                    let after_auxiliary = word_at(words, index, back).is_some_and(|w| {
                        (any(w, &ETRE_FORMS) || any(w, &AVOIR_FORMS))
                            && !any(w, &["être", "avoir", "étant", "ayant", "l'avoir"])
                    });
                    morphology_says(context, p, |a| {
                        after_auxiliary && a.is(pos::PARTICIPLE)
                            || a.is_but_not(pos::FINITE, pos::NOUN
                                    | pos::PRON
                                    | pos::PROPER
                                    | pos::DET
                                    | pos::ADJ
                                    | pos::ADV)
                    }) && !any(p, &["ne", "n'", "y", "en", "aussi", "même"])
                })
                && !(clause_start(words, index)..index)
                    .any(|i| any(words[i].lower, RELATIVES))
            || context.previous_is(&A_AS_PREPOSITION_PREVIOUS)
            // ("une douche a refaire": an infinitive in -re too, when it is nothing else.)
            || (next.is_some_and(|n| {
                is_infinitive(n)
                    || n.ends_with("re")
                        && morphology_says(context, n, |a| a.only(pos::INFINITIVE))
            }) && !context.previous_is(&["il", "elle", "on", "qui", "ça", "cela", "y"])
                && !(index > 0
                    && words[index].joined_to_previous
                    && starts_uppercase(words[index - 1].cased)))
            || (words
                .get(index + 1)
                .is_some_and(|w| w.joined_to_previous && starts_uppercase(w.cased))
                && !context
                    .previous_is(&["il", "elle", "on", "qui", "ça", "cela", "y", "personne"]))
        }
        // "mes parents on fini", "ils on eu": a participle the dictionary knows as nothing
        // conjugated cannot follow the pronoun.
        // "les appels on nettement baissé": the same past an adverb ("on" never stands
        // before an adverb and a bare participle).
        "on" => {
            let participle_only = |n: &str| {
                (is_participle(n) && n.ends_with('é'))
                    || morphology_says(context, n, |a| {
                        a.is_but_not(
                            pos::PARTICIPLE,
                            pos::FINITE
                                | pos::IMPERATIVE
                                | pos::INFINITIVE
                                | pos::PRON
                                | pos::DET
                                | pos::PREP
                                | pos::ADV
                                | pos::CONJ,
                        )
                    })
            };
            let adverb = next.is_some_and(|n| {
                n.chars().count() > 6
                    && n.ends_with("ment")
                    && morphology_says(context, n, |a| a.only(pos::ADV))
            });
            // "Mes tomates on des taches": a plural noun group opening the sentence, then a
            // determiner ("avec les enfants on fait des crêpes" has "on" as its subject).
            let plural_subject = index >= 2
                && words[index].joined_to_previous
                && words[index - 1].joined_to_previous
                && words[index - 1].lower.ends_with(['s', 'x'])
                && words[index - 1].cased.starts_with(char::is_lowercase)
                && any(
                    words[index - 2].lower,
                    &["les", "mes", "tes", "ses", "nos", "vos", "leurs", "ces"],
                )
                && (index == 2 || !words[index - 2].joined_to_previous)
                // ("Les lundis on fait du sport": a time, not a subject.)
                && !any(
                    words[index - 1].lower,
                    &[
                        "lundis", "mardis", "mercredis", "jeudis", "vendredis", "samedis",
                        "dimanches", "vacances", "soirs", "matins", "jours", "fois", "week-ends",
                    ],
                )
                && context.next_is(&["des", "un", "une", "du", "besoin"]);
            context.previous_is(&["ils", "elles"])
                || plural_subject
                || next.is_some_and(|n| participle_only(n) || any(n, &ON_AS_ONT_NEXT))
                || adverb && word_at(words, index, 2).is_some_and(participle_only)
        }
        // "ont va", "ont a testé", "ont ne sait pas" for "on": "ont" before a verb that can
        // only be conjugated, or before the clitics that open a verb.
        "ont" => {
            (context.next_is(&[
                "peut", "va", "doit", "est", "pourrait", "devrait", "veut", "sait", "dit", "parle",
                "voit", "a", "ne", "n'", "se", "s'", "y", "te", "t'", "me", "m'",
            ]) || next.is_some_and(|n| {
                morphology_says(context, n, |a| a.only(pos::FINITE | pos::IMPERATIVE))
            })) && !context.previous_is(&[
                "ils", "elles", "l'", "les", "leur", "lui", "nous", "vous", "me", "m'", "te", "t'",
                "se", "s'", "y", "en",
            ])
        }
        _ => false,
    }
}
