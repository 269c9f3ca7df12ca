//! Verb forms written for another of the same sound: a future for the conditional ("je
//! voudrai savoir", "j'aurai aimé"), a subjunctive for "est" or "a" ("ça m'ait arrivé"), a
//! participle for the imperative ("faite une copie"), a person for another ("nous somme").

use super::{morphology_says, word_at};
use crate::lexicon::fr::writing::DETERMINERS;
use crate::writing::french::morphology::pos;
use crate::writing::{any, Context};

/// Whether the verb form in `context` stands for another of the same sound.
pub(super) fn confused(context: &Context<'_, '_>) -> bool {
    let (words, index, current, previous, next) = context.parts();
    match current {
        // "je voudrai savoir", "j'aimerai que" for the conditional of politeness: the future
        // of these verbs does not take an infinitive or a clause ("quand je voudrai partir"
        // does, after "quand").
        "voudrai" | "aimerai" | "souhaiterai" | "préférerai" => {
            context.previous_is(&["je", "j'"])
                && next.is_some_and(|n| {
                    any(n, &["que", "qu'", "bien", "beaucoup", "vraiment", "savoir"])
                        || morphology_says(context, n, |a| a.only(pos::INFINITIVE))
                })
                && !word_at(words, index, -2).is_some_and(|w| {
                    any(
                        w,
                        &[
                            "quand", "lorsque", "lorsqu'", "si", "dès", "tant", "comme", "où",
                        ],
                    )
                })
        }
        // "j'aurai aimé que", "j'aurai dû" for the conditional "j'aurais": the future perfect
        // of these verbs is rare outside a clause of time ("quand j'aurai pu tester", "dès
        // que j'aurai dû").
        "aurai" => {
            context.previous_is(&["j'"])
                && context.next_is(&[
                    "aimé",
                    "voulu",
                    "préféré",
                    "souhaité",
                    "adoré",
                    "apprécié",
                    "dû",
                    "pu",
                ])
                && !word_at(words, index, -2).is_some_and(|w| {
                    any(
                        w,
                        &[
                            "quand", "lorsque", "lorsqu'", "que", "qu'", "si", "dès", "fois", "où",
                        ],
                    )
                })
        }
        // "ça m'ait arrivé", "il ait parti" for "est", "a": a subjunctive of "avoir" with no
        // "que" (nor the "qui" of "le seul qui ait") before it in its sentence (a line break
        // ends no sentence: verse runs on).
        "ait" | "aient" => {
            let mut k = index;
            let mut governed = false;
            while k > 0 && !(words[k].sentence_start && words[k - 1].followed_by != Some('\n')) {
                k -= 1;
                let w = words[k].lower;
                if any(w, &["que", "quoique", "qui"]) || w.ends_with("qu'") || w.starts_with("qu'")
                {
                    governed = true;
                    break;
                }
            }
            !governed
        }
        // "faite un inventaire", "dite moi" for the imperatives "faites", "dites": opening a
        // clause before what the verb governs.
        "faite" | "dite" => {
            (index == 0
                || words[index].sentence_start
                || !words[index].joined_to_previous
                || previous == Some("et"))
                && words.get(index + 1).is_some_and(|w| {
                    w.joined_to_previous
                        && (any(w.lower, &DETERMINERS)
                            || any(
                                w.lower,
                                &[
                                    "moi",
                                    "nous",
                                    "leur",
                                    "lui",
                                    "attention",
                                    "gaffe",
                                    "confiance",
                                ],
                            ))
                })
        }
        // "nous somme", "nous avont": "nous" opening a clause, then a verb that is not in the
        // first person plural.
        "somme" | "avont" => {
            previous == Some("nous") && (index == 1 || !words[index - 1].joined_to_previous)
        }
        _ => false,
    }
}
