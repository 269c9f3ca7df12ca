//! French homophones and verb-form confusions: "sa va" for "ça va", "il à" for "il a",
//! "j'ai manger" for "j'ai mangé", "vous pouvez changez" for "vous pouvez changer".

mod auxiliaries;
mod demonstratives;
mod verb_forms;

use super::{
    is_all_capitals, is_infinitive, is_participle, starts_uppercase, word_at, INFINITIVE_GOVERNORS,
};
use crate::lexicon::fr::writing::{
    AUXILIARIES, CLITICS, DETERMINERS, MODAL_BEFORE_INFINITIVE, PREPOSITIONS, SA_AS_CA_NEXT,
};
use crate::writing::french::morphology::pos;
use crate::writing::{any, Context};

/// Whether the word is a homophone or verb-form confusion.
pub(super) fn check(context: &Context<'_, '_>) -> bool {
    let (words, index, current, previous, next) = context.parts();
    // Capitals often go without their accents ("JUSQU'A", "DES LUNDI"): in capitals, a word
    // that differs from another only by an accent may be either.
    if is_all_capitals(words[index].cased) && any(current, ACCENT_TWINS) {
        return false;
    }
    let homophone = match current {
        // "sa va" for "ça va"; "ca" for "ça".
        // "sa se discute", "tout sa" for "ça se discute", "tout ça".
        // "sa vaut le coup", "il sa" for "ça", "il sait": the determiner before a verb
        // that can only be conjugated, or after a subject.
        "sa" => {
            context.next_is(&SA_AS_CA_NEXT)
                || next.is_none() && index + 1 == words.len()
                || previous == Some("tout")
                || context.previous_is(&["il", "elle", "on"])
                || next.is_some_and(|n| {
                    morphology_says(context, n, |a| a.only(pos::FINITE | pos::IMPERATIVE))
                })
                // "checker sa avec", "on s'occupe de sa de A à Z": a possessive stands before
                // a noun or its adjective, never before a preposition, a conjunction, a pronoun
                // or a determiner (not the company form "une SA ou une SAS").
                || words.get(index + 1).is_some_and(|w| w.joined_to_previous)
                    && words[index].cased.starts_with(char::is_lowercase)
                    && next.is_some_and(|n| {
                        morphology_says(context, n, |a| {
                            a.only(pos::PREP | pos::CONJ | pos::PRON | pos::DET)
                        })
                    })
        }
        // "quant on a", "quant je pense" for "quand": "quant" goes before "à" only.
        "quant" => context.next_is(&[
            "on", "je", "j'", "tu", "il", "ils", "elle", "elles", "nous", "vous", "c'", "ce", "ça",
        ]),
        // "lequel outil" for "quel outil": the pronoun stands alone, never before its noun.
        "lequel" | "laquelle" | "lesquels" | "lesquelles" => {
            let capitalised = words
                .get(index + 1)
                .is_some_and(|w| w.cased.starts_with(char::is_uppercase));
            !capitalised
                && next.is_some_and(|n| {
                    morphology_says(context, n, |a| {
                        a.is_but_not(
                            pos::NOUN,
                            pos::FINITE
                                | pos::INFINITIVE
                                | pos::PREP
                                | pos::ADV
                                | pos::PRON
                                | pos::PROPER
                                | pos::DET
                                | pos::CONJ,
                        )
                    })
                })
        }
        // "il ma dit", "qui ta répondu" for "m'a", "t'a": no determiner follows a subject.
        // "le garagiste ma chargé 180 $": no determiner before a bare masculine participle.
        "ma" | "ta" => {
            context.previous_is(&["il", "elle", "on", "qui", "ça", "cela"])
                || next.is_some_and(|n| {
                    n.ends_with('é')
                        && words[index + 1].cased.starts_with(char::is_lowercase)
                        && morphology_says(context, n, |a| a.is(pos::PARTICIPLE))
                })
                // "le vendeur ma dit", "elle ma pris de court": a masculine participle of
                // another ending, which no feminine determiner takes.
                || next.is_some_and(|n| {
                    any(
                        n,
                        &[
                            "dit", "fait", "pris", "mis", "écrit", "promis", "appris", "offert",
                            "ouvert", "répondu", "vendu", "rendu", "perdu", "vu", "eu", "su",
                            "lu", "voulu", "fallu", "tenu", "reçu", "conduit", "permis",
                        ],
                    )
                })
        }
        // Demonstratives and reflexives: "on c'est vu", "ces vrai", "ça peut ce faire",
        // "dès se week-end".
        "c'" | "ces" | "ses" | "ce" | "se" => demonstratives::confused(context),
        // "leurs donner" for the pronoun "leur", which never takes an -s.
        // "il leurs a plu", "je leurs ai dit": before an auxiliary too.
        "leurs" => {
            context.next_is(&["a", "ai", "as", "ont", "avait", "avaient", "aurait", "est"])
                || next.is_some_and(|n| {
                    morphology_says(context, n, |a| {
                        a.is_but_not(
                            pos::FINITE | pos::INFINITIVE,
                            pos::NOUN | pos::ADJ | pos::PARTICIPLE | pos::NUMBER,
                        )
                    })
                })
        }
        // "sensé rendre" for "censé", "supposed to".
        "sensé" | "sensée" | "sensés" | "sensées" => {
            next.is_some_and(|n| morphology_says(context, n, |a| a.is(pos::INFINITIVE)))
        }
        // "difficile, voir impossible" for "voire", "even": after a comma, before an adjective.
        "voir" => {
            !words[index].joined_to_previous
                && !words[index].sentence_start
                && (next == Some("même")
                    || next.is_some_and(|n| {
                        morphology_says(context, n, |a| {
                            a.is_but_not(
                                pos::ADJ,
                                pos::NOUN | pos::DET | pos::PRON | pos::INFINITIVE,
                            )
                        })
                    }))
        }
        // "il ni a pas" for "n'y a".
        "ni" => context.next_is(&["a", "avait", "aura", "aurait", "a-t-il", "avait-il"]),
        "ca" => words[index].cased == "ca" || words[index].cased == "Ca",
        "à" | "a" | "on" | "ont" => auxiliaries::confused(context),
        // "quelqu'un sait ou on peut" for "où": after "savoir", "ou" before a subject asks
        // where.
        "ou" => {
            let savoir = [
                "sait", "sais", "savez", "savent", "savoir", "savais", "savait",
            ];
            (context.previous_is(&savoir)
                || previous == Some("pas")
                    && index >= 2
                    && words[index - 1].joined_to_previous
                    && any(words[index - 2].lower, &savoir))
                && (context.next_is(&["on", "il", "elle", "ils", "elles", "se", "s'"])
                    // "qui sait ou faire réparer un cadre": where to do it.
                    || next.is_some_and(|n| morphology_says(context, n, |a| a.is(pos::INFINITIVE))))
                || context.previous_is(&["là", "d'", "par", "moment", "endroit", "époque"])
                && !context.next_is(&["si", "s'", "quand", "lorsque", "pas", "non"])
                // "le client ou est mal configuré": "or is", after a noun.
                || (context.next_is(&["est", "sont"])
                    && !previous.is_some_and(|p| {
                        is_noun(context, p)
                            && !context
                                .morphology
                                .is_some_and(|m| m.analyze(p).is(pos::ADV))
                    }))
        }
        // "Ton tableau et vraiment clair" for "est": a sentence that opens with a determiner
        // and its noun, then "et", a degree adverb and an adjective, has no verb otherwise.
        "et" => {
            // A determiner and its noun opening the sentence, right before.
            let after_subject = index >= 2
                && (index == 2 || words[index - 2].sentence_start)
                && words[index - 1].joined_to_previous
                && words[index].joined_to_previous
                && any(words[index - 2].lower, &DETERMINERS)
                && is_noun(context, words[index - 1].lower);
            after_subject
                && context.next_is(&[
                    "vraiment",
                    "très",
                    "trop",
                    "tellement",
                    "hyper",
                    "super",
                    "vachement",
                    "franchement",
                    "carrément",
                    "complètement",
                    "totalement",
                ])
                && word_at(words, index, 2).is_some_and(|w| {
                    morphology_says(context, w, |a| a.is(pos::ADJ | pos::PARTICIPLE))
                })
                // "Le marché et saturé", "Le dossier et complet, merci": the same before an
                // adjective or participle that ends the clause.
                || after_subject
                    // ("Le rouge et noir", "le sucré et salé": adjectives made nouns.)
                    && !morphology_says(context, words[index - 1].lower, |a| a.is(pos::ADJ))
                    && next.is_some_and(|n| {
                        morphology_says(context, n, |a| {
                            a.is_but_not(
                                pos::ADJ | pos::PARTICIPLE,
                                pos::DET | pos::PRON | pos::FINITE | pos::INFINITIVE,
                            )
                        })
                    })
                    && words.get(index + 2).is_none_or(|w| !w.joined_to_previous)
                || (context.previous_is(&["il", "on", "c'", "ça", "cela"])
                // "rapporter cela et nous permettre": "and", before a pronoun or a verb.
                && !next.is_some_and(|n| {
                    context.morphology.is_some_and(|m| {
                        let a = m.analyze(n);
                        a.is_but_not(pos::PRON | pos::INFINITIVE, pos::ADJ | pos::PARTICIPLE)
                    })
                }))
                || (previous == Some("elle")
                    && !context.next_is(&[
                        "moi", "lui", "toi", "nous", "vous", "son", "sa", "ses", "leur", "les",
                        "elle", "il",
                    ]))
        }
        // "y a t'il" for "y a-t-il": an elided "te" never stands before a subject pronoun.
        "t'" => context.next_is(&["il", "elle", "on", "ils", "elles"]),
        // "les gens son souvent", "ils son partis" for "sont": a determiner before an adverb
        // that modifies no adjective, or before a bare participle.
        "son" => {
            context.previous_is(&["ils", "elles"])
                || next.is_some_and(|n| {
                    !n.ends_with("ment")
                        && !any(n, DEGREE_ADVERBS)
                        && morphology_says(context, n, |a| {
                            a.only(pos::ADV) || a.only(pos::PARTICIPLE)
                        })
                })
        }
        // "qu'en on a le temps" for "quand": "en" never stands before a subject pronoun.
        "qu'" => {
            next == Some("en")
                && word_at(words, index, 2).is_some_and(|w| {
                    any(
                        w,
                        &[
                            "je", "j'", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles",
                        ],
                    )
                })
        }
        // "près à partir" for "prêt à": "près" takes "de", never "à" and an infinitive.
        "près" => {
            next == Some("à")
                && word_at(words, index, 2)
                    .is_some_and(|w| morphology_says(context, w, |a| a.only(pos::INFINITIVE)))
        }
        // "tous à fait", "tous de suite" for "tout" ("ils sont tous à l'heure", "tous de même
        // taille" are right).
        "tous" => matches!(
            (next, word_at(words, index, 2)),
            (Some("à"), Some("fait")) | (Some("de"), Some("suite"))
        ),
        // "dors et déjà" for "d'ores et déjà".
        "dors" => next == Some("et") && word_at(words, index, 2) == Some("déjà"),
        // "j'ai appris pleins de choses", "y a pleines d'idées" for the adverb "plein de":
        // after a verb other than "être" ("des verres pleins d'eau" agree).
        "pleins" | "pleines" => {
            context.next_is(&["de", "d'"])
                && previous.is_some_and(|p| {
                    any(p, &["a", "ai", "as", "avons", "avez", "ont"])
                        || !any(p, BEFORE_ATTRIBUTE)
                            && morphology_says(context, p, |a| {
                                !a.is(pos::NOUN)
                                    && (a.is(pos::PARTICIPLE)
                                        || a.is_but_not(pos::FINITE, pos::ADJ))
                            })
                })
        }
        "voudrai" | "aimerai" | "souhaiterai" | "préférerai" | "aurai" | "ait" | "aient"
        | "faite" | "dite" | "somme" | "avont" => verb_forms::confused(context),
        // "tu la reçu", "il le vu" for "l'as", "l'a": after a subject pronoun, a bare past
        // participle lacks its auxiliary, which the elided pronoun hid.
        // After a noun that is the subject too ("ma directrice la lu").
        "la" | "le" => {
            (context.previous_is(&["je", "tu", "il", "elle", "on", "ils", "elles"])
                || previous.is_some_and(|p| {
                    index >= 2
                        && words[index - 1].joined_to_previous
                        && any(
                            words[index - 2].lower,
                            &[
                                "mon", "ma", "ton", "ta", "son", "sa", "notre", "votre", "leur",
                            ],
                        )
                        && morphology_says(context, p, |a| {
                            a.is_but_not(pos::NOUN, pos::FINITE | pos::INFINITIVE | pos::PRON)
                        })
                }))
                && next.is_some_and(|n| {
                    morphology_says(context, n, |a| {
                        a.is_but_not(
                            pos::PARTICIPLE,
                            pos::FINITE | pos::INFINITIVE | pos::DET | pos::PRON,
                        )
                    })
                })
        }
        // "des que possible" for "dès que": the article is never followed by "que".
        "des" => context.next_is(&["que", "qu'"]),
        // "sans sont accord" for "sans son accord".
        "sont" => context.previous_is(&PREPOSITIONS),
        // "un peut", and "peut être que" for the adverb "peut-être" (a verb needs a subject:
        // only a clause without one, before "que" or a comma, is the adverb).
        "peut" => {
            previous == Some("un")
                || next == Some("être")
                    && (words[index].sentence_start || !words[index].joined_to_previous)
                    && (word_at(words, index, 2).is_some_and(|w| any(w, &["que", "qu'"]))
                        || words.get(index + 2).is_none_or(|w| !w.joined_to_previous))
        }
        "peu" => next == Some("être") || words[index].lower == "peu-être",
        // "il reste peux de tables", "un peux" for "peu".
        "peux" => {
            (context.next_is(&["de", "d'"]) && !context.previous_is(&["je", "tu", "ne", "n'"]))
                || context.previous_is(&["un", "très", "trop"])
        }
        // "pas prêt de changer" for "près de".
        "prêt" | "prête" | "prêts" | "prêtes" => {
            context.next_is(&["de", "d'"]) && word_at(words, index, 2).is_some_and(is_infinitive)
        }
        // "réservez la votre" for "la vôtre".
        "votre" | "notre" => context.previous_is(&["la", "le", "les"]),
        "votres" | "notres" => true,
        // Missing grave accent or apostrophe: "la-dessus", "jai", "cest".
        "la-dessus" | "la-bas" | "la-dedans" | "celle-la" | "celui-la" | "ceux-la"
        | "celles-la" | "jai" | "javais" | "jaurais" | "cest" => true,
        "quand" => context.next_is(&["à", "au", "aux"]),
        // "dés demain", "dés que possible" for "dès": dice do not come before a time.
        // ("coupez en dés", "on joue aux dés demain", "lancer 2 dés".)
        "dés" => {
            !context.previous_is(&DETERMINERS)
                && !context.previous_is(&[
                    "en", "aux", "petits", "gros", "deux", "trois", "quatre", "cinq", "six",
                ])
                && !previous.is_some_and(|p| p.chars().all(|c| c.is_ascii_digit()))
                && context.next_is(&[
                    "demain",
                    "maintenant",
                    "aujourd'hui",
                    "lundi",
                    "mardi",
                    "mercredi",
                    "jeudi",
                    "vendredi",
                    "samedi",
                    "dimanche",
                    "que",
                    "qu'",
                    "lors",
                    "janvier",
                    "février",
                    "mars",
                    "avril",
                    "mai",
                    "juin",
                    "juillet",
                    "août",
                    "septembre",
                    "octobre",
                    "novembre",
                    "décembre",
                    "réception",
                    "ouverture",
                    // "dés le devis", "dés la première séance": a time or an event after it.
                    "le",
                    "la",
                    "l'",
                    "les",
                    "ce",
                    "cette",
                    "cet",
                    "son",
                    "sa",
                    "leur",
                    "votre",
                    "notre",
                ])
        }
        // "grace à" for "grâce à" ("grace" is English).
        // ("Grace a raison": a name before the verb.)
        // ("J'ai parlé avec Grace au téléphone": a name inside a sentence.)
        "grace" => {
            (words[index].cased.starts_with('g') || words[index].sentence_start)
                && context.next_is(&["à", "au", "aux"])
                || next == Some("a") && words[index].cased.starts_with('g')
        }
        _ => false,
    };
    if homophone {
        return true;
    }
    // "on s'en fou", "personne s'en plein" for "fout", "plaint": after "s'en", "m'en",
    // "t'en" only a verb comes, so a word the dictionary knows with no verb reading is the
    // verb misspelled.
    if previous == Some("en")
        && index >= 2
        && words[index].joined_to_previous
        && words[index - 1].joined_to_previous
        && any(words[index - 2].lower, &["s'", "m'", "t'"])
        && morphology_says(context, current, |a| {
            a.is_known()
                && !a.is(pos::FINITE
                    | pos::INFINITIVE
                    | pos::PARTICIPLE
                    | pos::IMPERATIVE
                    | pos::PRESENT_PARTICIPLE
                    | pos::ADV
                    | pos::PRON)
        })
    {
        return true;
    }
    // "n'hésiter pas" for "n'hésitez pas": "ne … pas" goes before an infinitive ("ne pas
    // hésiter"), so one between them is an imperative with the wrong ending.
    if context.previous_is(&["n'", "ne"])
        && context.next_is(&["pas", "plus", "jamais", "point"])
        && is_infinitive(current)
        && current.ends_with("er")
        && morphology_says(context, current, |a| a.is(pos::INFINITIVE))
    {
        return true;
    }
    // "Contacter nous directement", "renseigner vous avant" for "Contactez-nous",
    // "renseignez-vous": an infinitive that opens a clause with "nous", "vous", "moi" or "toi"
    // after it, and no verb after those (not "Contacter nous a pris une semaine").
    if (index == 0 || !words[index].joined_to_previous)
        && context.next_is(&["nous", "vous", "moi", "toi"])
        && is_infinitive(current)
        && current.ends_with("er")
        && morphology_says(context, current, |a| a.only(pos::INFINITIVE))
        && !word_at(words, index, 2).is_some_and(|w| {
            morphology_says(context, w, |a| {
                a.is(pos::FINITE | pos::INFINITIVE | pos::PARTICIPLE | pos::PRON)
            })
        })
    {
        return true;
    }
    // "j'ai manger" for "j'ai mangé"; "pour aidé" for "pour aider".
    // ("j'ai été manger" is colloquial for "je suis allé manger".)
    if context.previous_is(&AUXILIARIES) && previous != Some("été") && is_infinitive(current) {
        return true;
    }
    // "il faut posté", "pour acheté": a participle where an infinitive is due (the dictionary
    // decides for words in -té, which are mostly nouns: "pour la qualité").
    if context.previous_is(&MODAL_BEFORE_INFINITIVE)
        && (is_participle(current)
            || (current.ends_with("té") || current.ends_with("tés"))
                && morphology_says(context, current, |a| {
                    a.is_but_not(pos::PARTICIPLE, pos::NOUN)
                }))
    {
        return true;
    }
    // "une chance de gagné un audit", "m'a fait changé notre horaire": an infinitive is due.
    if context.previous_is(&["de", "d'", "à", "fais", "fait", "faire"])
        && is_participle(current)
        && context.next_is(&DETERMINERS)
        // "des trousseaux de clés du noyau": a noun, not a participle.
        && !is_noun(context, current)
    {
        return true;
    }
    // "vous travaillé" for "vous travaillez".
    if previous == Some("vous") && is_participle(current) && current.ends_with('é') {
        return true;
    }
    // "vous comptez remboursez", "vous pouvez vous concentrez": a second -ez for -er.
    let ez_verb =
        |w: &str| w.chars().count() > 3 && w.ends_with("ez") && !any(w, &["chez", "assez", "nez"]);
    if current.chars().count() > 4
        && ez_verb(current)
        && !any(current, &["avez", "êtes"])
        && !any(current, &MODAL_BEFORE_INFINITIVE)
    {
        let governor = if context.previous_is(&CLITICS) {
            word_at(words, index, -2)
        } else {
            previous
        };
        if governor.is_some_and(|g| ez_verb(g) || any(g, &MODAL_BEFORE_INFINITIVE)) {
            return true;
        }
    }
    false
}

/// Words that open a relative clause, or stand for a subject of their own ("quiconque"): a verb
/// after them may end that clause ("ce que nos clients ont demandé a la priorité").
const RELATIVES: &[&str] = &[
    "que",
    "qu'",
    "qui",
    "dont",
    "où",
    "lequel",
    "laquelle",
    "lesquels",
    "lesquelles",
    "auquel",
    "auxquels",
    "auxquelles",
    "duquel",
    "desquels",
    "desquelles",
    "quoi",
    "quiconque",
];

/// The first word of the clause holding `index`: back while only spaces separate the words,
/// at most 15 words.
fn clause_start(words: &[crate::writing::WordRef<'_>], index: usize) -> usize {
    let mut start = index;
    while start > 0 && words[start].joined_to_previous && index - start < 15 {
        start -= 1;
    }
    start
}

/// Adverbs that may modify an adjective inside a noun group ("son très bon article").
const DEGREE_ADVERBS: &[&str] = &[
    "très",
    "plus",
    "si",
    "trop",
    "assez",
    "bien",
    "moins",
    "aussi",
    "tout",
    "super",
    "hyper",
    "ultra",
    "peu",
    "fort",
    "mieux",
    "presque",
    "pas",
    "tellement",
];

/// Verbs after which an adjective is an attribute and agrees ("ils sont pleins de").
const BEFORE_ATTRIBUTE: &[&str] = &[
    "est",
    "sont",
    "était",
    "étaient",
    "été",
    "suis",
    "es",
    "sommes",
    "êtes",
    "soit",
    "soient",
    "sera",
    "seront",
    "serait",
    "seraient",
    "fut",
    "furent",
    "devenu",
    "devenus",
    "devenues",
    "deviennent",
    "devient",
    "reste",
    "restent",
    "restés",
    "restées",
    "semble",
    "semblent",
    "paraît",
    "paraissent",
    "étions",
    "étiez",
];

/// Words that differ from another only by an accent ("a"/"à", "des"/"dès").
const ACCENT_TWINS: &[&str] = &["a", "ou", "la", "des", "du", "sur", "mur", "ca"];

/// What the morphology says of `word` (false without it).
fn morphology_says(
    context: &Context<'_, '_>,
    word: &str,
    test: impl Fn(crate::writing::french::morphology::Analysis) -> bool,
) -> bool {
    context.morphology.is_some_and(|m| test(m.analyze(word)))
}

/// Whether the morphology knows `word` as a noun (false without it).
fn is_noun(context: &Context<'_, '_>, word: &str) -> bool {
    morphology_says(context, word, |a| a.is(pos::NOUN))
}
