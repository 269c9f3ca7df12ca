//! English verb forms: the form a modal, "do", a subject or a perfect calls for ("it will
//! works", "I will sent", "Does it applies", "he say", "I done that", "I seen", "have went",
//! "didn't knew").

use super::{
    any, opens_clause, third_person_in_s, word_before, Context, WordRef, OBJECT_PREPOSITIONS,
    SUBJECT_ADVERBS,
};
use crate::lexicon::en::writing::{MODALS, PASTS_LIKE_BASES, PRETERITES};

/// Whether the word in `context` is a verb in a form its governor does not take.
pub(super) fn wrong_form(context: &Context<'_, '_>) -> bool {
    verb_in_s_after_modal(context)
        || past_for_base_form(context)
        || verb_in_s_after_do_and_subject(context)
        || base_form_after_he_or_she(context)
        || done_for_did(context)
        || seen_for_saw(context)
        || preterite_for_participle(context)
        || preterite_for_base_form(context)
        || base_form_after_have(context)
}

/// "it will works", "you can gets", "I'll sends": a verb in -s after a modal whose subject is
/// a pronoun (not a question, "will prices drop?", where a noun follows the modal).
fn verb_in_s_after_modal(context: &Context<'_, '_>) -> bool {
    let (words, index, current, previous, _) = context.parts();
    let Some(modal) = previous else {
        return false;
    };
    let contracted = [
        "i'll", "you'll", "we'll", "they'll", "it'll", "he'll", "she'll",
    ];
    let subject_before = index >= 2
        && words[index - 1].joined_to_previous
        && any(
            words[index - 2].lower,
            &[
                "i", "you", "we", "they", "it", "he", "she", "this", "that", "which", "who",
            ],
        );
    // "the same playbook will works": a noun that counts, right before the modal, is its
    // subject too (a question puts the modal first: "will prices drop").
    let noun_before = || {
        index >= 3
            && words[index - 1].joined_to_previous
            && words[index - 2].joined_to_previous
            && !words[index - 2].lower.ends_with('s')
            && words[index - 2].cased.starts_with(char::is_lowercase)
            && any(
                words[index - 3].lower,
                &[
                    "the", "my", "your", "our", "their", "his", "her", "its", "this", "that",
                    "same", "new", "whole", "first",
                ],
            )
            && context
                .english_count_noun
                .is_some_and(|c| c(words[index - 2].lower))
    };
    // ("This May marks our anniversary": the month.)
    let modal_lowercase = words[index - 1].cased.starts_with(char::is_lowercase);
    let after_modal = any(modal, &contracted)
        || (modal_lowercase
            && (subject_before || noun_before())
            && any(
                modal,
                &[
                    "will", "would", "can", "could", "should", "may", "might", "must", "won't",
                    "can't",
                ],
            ));
    after_modal
        && !any(
            current,
            &[
                "always",
                "sometimes",
                "perhaps",
                "thus",
                "nevertheless",
                "nonetheless",
                "besides",
                "afterwards",
                "towards",
                "anyways",
                "is",
                "has",
                "was",
                "does",
                "us",
                "yes",
                "less",
                "unless",
                "hands",
            ],
        )
        && third_person_in_s(context, current)
}

/// Subject pronouns, for the rules that need to know a verb's subject.
const SUBJECT_PRONOUNS: &[&str] = &["i", "you", "we", "they", "he", "she", "it"];

/// Negative forms of "do" and the modals: the verb after them is a base form, whatever the
/// subject, and no question inverts after them.
const NEGATIVE_GOVERNORS: &[&str] = &[
    "didn't",
    "didnt",
    "don't",
    "dont",
    "doesn't",
    "doesnt",
    "can't",
    "cant",
    "cannot",
    "couldn't",
    "couldnt",
    "wouldn't",
    "wouldnt",
    "shouldn't",
    "shouldnt",
    "won't",
    "wont",
];

/// Past forms that are participles too (so "have sent" is right) but never follow a modal or
/// "do" ("I will sent", "I didn't had").
const PAST_AND_PARTICIPLE: &[&str] = &[
    "sent",
    "had",
    "got",
    "made",
    "said",
    "paid",
    "told",
    "sold",
    "bought",
    "brought",
    "thought",
    "caught",
    "taught",
    "found",
    "felt",
    "kept",
    "meant",
    "met",
    "built",
    "spent",
    "heard",
    "held",
    "understood",
];

/// Whether the word at `index` follows, past up to one adverb, a form that calls for a base
/// form: a negative of "do" or a modal ("didn't", "won't"), "I'll", or a modal (and, with
/// `with_do`, "do", "does", "did") after its subject ("I will", "the shop will", "we did"),
/// not opening a question ("Can advanced users…", "What will changed…" is not read).
fn base_form_due(words: &[WordRef<'_>], index: usize, with_do: bool) -> bool {
    let joined = |i: usize| i > 0 && words[i].joined_to_previous;
    let governs = |g: usize| {
        let w = words[g].lower;
        let after_subject = joined(g)
            && !any(
                words[g - 1].lower,
                &[
                    "what", "how", "why", "where", "when", "which", "who", "whom", "whose", "and",
                    "or", "but", "so", "if", "then", "also",
                ],
            );
        any(w, NEGATIVE_GOVERNORS)
            || w.ends_with("'ll") && any(&w[..w.len() - 3], SUBJECT_PRONOUNS)
            || any(w, &MODALS) && after_subject
            || any(w, &["will", "can", "may"]) && after_subject
            || with_do
                && any(w, &["do", "does", "did"])
                && joined(g)
                && any(words[g - 1].lower, SUBJECT_PRONOUNS)
            || w == "not"
                && joined(g)
                && any(
                    words[g - 1].lower,
                    &["do", "does", "did", "will", "can", "would"],
                )
    };
    if !joined(index) {
        return false;
    }
    governs(index - 1)
        || any(
            words[index - 1].lower,
            &[
                "never",
                "even",
                "really",
                "just",
                "ever",
                "also",
                "definitely",
                "not",
            ],
        ) && joined(index - 1)
            && governs(index - 2)
}

/// "I will sent you my rates", "I didn't had to pay", "from tomorrow the shop will opened",
/// "we could used": a past form where a modal or "do" needs the base form. Regular pasts in
/// -ed only when the stem is a word ("opened", "used"; not "need", "embed").
fn past_for_base_form(context: &Context<'_, '_>) -> bool {
    let (words, index, current, _, _) = context.parts();
    let Some(english) = context.english else {
        return false;
    };
    // The position first: the dictionary only for the few words after a modal.
    let regular_past = || {
        current.len() > 4
            && current.ends_with("ed")
            && !current.ends_with("eed")
            && base_form_due(words, index, false)
            && (english(&current[..current.len() - 2]) || english(&current[..current.len() - 1]))
            && english(current)
    };
    // "We do advanced training": "do" may be the verb itself before an adjective in -ed.
    words[index].cased.starts_with(char::is_lowercase)
        && (any(current, PAST_AND_PARTICIPLE) && base_form_due(words, index, true)
            || regular_past())
}

/// "Does it applies to PFA?", "Do you also teaches A Level?", "does it covers form 3": after
/// "do" and its subject the verb is a base form.
fn verb_in_s_after_do_and_subject(context: &Context<'_, '_>) -> bool {
    let (words, index, current, _, _) = context.parts();
    let joined = |i: usize| i > 0 && words[i].joined_to_previous;
    let do_then_subject = |s: usize| {
        joined(s)
            && any(
                words[s].lower,
                &[
                    "it", "he", "she", "you", "they", "we", "i", "anyone", "someone", "this",
                ],
            )
            && any(words[s - 1].lower, &["do", "does", "did"])
    };
    // "Does the withdrawal time changes on weekends?": "does", a determiner and one or two
    // singular nouns (none in -s, so no plural is read as the verb).
    let does_then_noun_group = |s: usize| {
        (1..=2).any(|length| {
            s > length
                && (s + 1 - length..=s).all(|i| {
                    joined(i)
                        && !words[i].lower.ends_with('s')
                        && words[i].cased.starts_with(char::is_lowercase)
                        // "why does the company that makes these…": a relative clause's verb.
                        && !any(
                            words[i].lower,
                            &[
                                "that", "who", "which", "where", "when", "whose", "it", "they",
                                "we", "you", "i", "he", "she",
                            ],
                        )
                        && !any(words[i].lower, OBJECT_PREPOSITIONS)
                })
                && joined(s - length)
                && any(words[s - length].lower, &["the", "my", "your", "this", "that", "our", "his", "her", "their", "its"])
                // (Not "did": "did the teen volunteers need any training?" is plural.)
                && words[s - length - 1].lower == "does"
                // Opening a question, not "anyone who does my program adds".
                && (!joined(s - length - 1)
                    || any(
                        words[s - length - 2].lower,
                        &["why", "how", "when", "where", "so", "and", "but", "also"],
                    ))
        })
    };
    // "Does Lumea ships to Manila?": "does" or "did" opening a question, then a name.
    let does_then_name = |s: usize| {
        s >= 1
            && joined(s)
            && words[s].cased.starts_with(char::is_uppercase)
            && words[s].cased.chars().skip(1).all(char::is_lowercase)
            && any(words[s - 1].lower, &["does", "did"])
            && words[s - 1].cased.starts_with(char::is_uppercase)
            && words[s - 1].sentence_start
    };
    let after = joined(index)
        && (do_then_subject(index - 1)
            || does_then_name(index - 1)
            || does_then_noun_group(index - 1)
            || any(
                words[index - 1].lower,
                &["also", "really", "still", "ever", "even"],
            ) && joined(index - 1)
                && do_then_subject(index - 2));
    after
        && !any(
            current,
            &[
                "guys",
                "folks",
                "all",
                "always",
                "sometimes",
                "perhaps",
                "people",
                "yourself",
            ],
        )
        && (any(current, &["has", "is", "was", "does"]) || third_person_in_s(context, current))
}

/// "he say he is getting profit", "she want a refund", "it only happen on Fridays": after "he",
/// "she" or a clause's "it" as subject, right before or past one adverb (not after a modal or
/// "do", "does she need"), a base form that takes an -s. Adverbs that may follow a subject
/// are not verbs.
fn base_form_after_he_or_she(context: &Context<'_, '_>) -> bool {
    let (words, index, current, previous, next) = context.parts();
    let Some(english) = context.english else {
        return false;
    };
    if !words[index].cased.starts_with(char::is_lowercase) {
        return false;
    }
    // The subject, right before the verb or before one adverb ("it only happen").
    let subject = match previous {
        Some("he" | "she" | "it") => index - 1,
        Some(adverb) if any(adverb, SUBJECT_ADVERBS) => match word_before(words, index, 2) {
            Some("he" | "she" | "it") => index - 2,
            _ => return false,
        },
        _ => return false,
    };
    // "it" is as often an object ("make it work", "I bought it last year"): only as the
    // subject opening a clause.
    // (Not after "that": "we ask that it remain open" is a subjunctive.)
    let opens =
        opens_clause(words, subject) || any(words[subject - 1].lower, &["which", "how", "why"]);
    if words[subject].lower == "it" && !opens {
        return false;
    }
    let inverted = subject >= 1
        && words[subject].joined_to_previous
        && (any(words[subject - 1].lower, &MODALS)
            || any(
                words[subject - 1].lower,
                &[
                    "will",
                    "can",
                    "may",
                    "do",
                    "does",
                    "did",
                    "shall",
                    "let",
                    "make",
                    "help",
                    "should",
                    "would",
                    "could",
                    "might",
                    "must",
                    "if",
                    "whether",
                    "can't",
                    "won't",
                    "don't",
                    "doesn't",
                    "didn't",
                    "couldn't",
                    "shouldn't",
                    "wouldn't",
                    "mustn't",
                    "why'd",
                    "how'd",
                    "where'd",
                    "what'd",
                    "who'd",
                    "why's",
                ],
            ));
    !inverted && base_form_taking_s(english, current) && next != Some("not")
}

/// Words that stand where a verb would and are none, or are verbs whose base form a singular
/// subject may keep: adverbs, conjunctions, auxiliaries and modals, prepositions, and verbs
/// whose past is their base ("put", "beat").
const NOT_BASE_FORMS: &[&str] = &[
    "still",
    "even",
    "only",
    "again",
    "too",
    "then",
    "now",
    "once",
    "ever",
    "later",
    "soon",
    "also",
    "often",
    "rather",
    "alone",
    "himself",
    "herself",
    "never",
    "always",
    "just",
    "really",
    "already",
    "actually",
    "probably",
    "usually",
    "certainly",
    "definitely",
    "said",
    "and",
    "or",
    "but",
    "who",
    "whom",
    "is",
    "was",
    "has",
    "had",
    "will",
    "would",
    "can",
    "could",
    "should",
    "might",
    "must",
    "may",
    "shall",
    "did",
    "does",
    "do",
    "didn't",
    "doesn't",
    "isn't",
    "wasn't",
    "hasn't",
    "used",
    "ought",
    "dare",
    "better",
    "a",
    "the",
    "in",
    "on",
    "at",
    "to",
    "for",
    "of",
    "with",
    "as",
    "so",
    "though",
    "yet",
    "being",
    "been",
    "got",
    "get",
    "need",
    "hit",
    "put",
    "cut",
    "set",
    "let",
    "hurt",
    "cost",
    "quit",
    "shut",
    "spread",
    "read",
    "beat",
    "bet",
    "cast",
    "burst",
    "broadcast",
    "forecast",
    "split",
    "upset",
    "fit",
    "thrust",
    "shed",
    "rid",
    "kind",
    "sort",
    "kinda",
    "sorta",
    "first",
    "last",
    "all",
    "more",
    "almost",
    "nearly",
    "mostly",
    "either",
];

/// Whether `word` is a verb in its base form that a singular subject puts in -s ("say",
/// "want", "run"): lowercase, three letters or more, an English word whose form in -s (or
/// -es) is English too, and none of [`NOT_BASE_FORMS`] nor a past that looks like a base.
pub(super) fn base_form_taking_s(english: &dyn Fn(&str) -> bool, word: &str) -> bool {
    !any(word, NOT_BASE_FORMS)
        && !any(word, &PASTS_LIKE_BASES)
        && !word.ends_with('s')
        && !word.ends_with("ed")
        && !word.ends_with("ing")
        && !word.ends_with("ly")
        && word.len() >= 3
        && word.chars().all(|c| c.is_ascii_lowercase())
        && english(word)
        && (english(&format!("{word}s")) || english(&format!("{word}es")))
}

/// "My cousin done it in 2 months", "I done that": "done" for "did" after a subject
/// pronoun, before its object ("are you done?" and "have done it" are right).
fn done_for_did(context: &Context<'_, '_>) -> bool {
    let (words, index, current, previous, _) = context.parts();
    // The subject: a pronoun, or a noun after a possessive ("my cousin done it").
    let possessed = index >= 2
        && words[index - 1].joined_to_previous
        && any(
            words[index - 2].lower,
            &["my", "his", "her", "our", "their", "your"],
        );
    // ("get their homework done the night before": after a noun, only "it"/"that"/"this".)
    current == "done"
        && (matches!(previous, Some("i" | "he" | "she" | "we" | "they"))
            || possessed && context.next_is(&["it", "that", "this"]))
        && context.next_is(&[
            "it",
            "that",
            "this",
            "the",
            "a",
            "my",
            "our",
            "his",
            "her",
            "their",
            "everything",
        ])
}

/// "I seen the same thing", "they seen it coming": "seen" for "saw" right after a subject
/// pronoun, with no "have" before it ("had I seen", "have you seen" are right).
fn seen_for_saw(context: &Context<'_, '_>) -> bool {
    let (words, index, current, previous, _) = context.parts();
    current == "seen"
        && matches!(previous, Some("i" | "we" | "they" | "you" | "he" | "she"))
        && !(index >= 2
            && words[index - 1].joined_to_previous
            && any(
                words[index - 2].lower,
                &[
                    "have", "has", "had", "haven't", "hasn't", "hadn't", "having", "ever", "never",
                ],
            ))
}

/// "have went", "has already took", "they've drove": a simple past where a perfect needs the
/// participle. An adverb may stand between ("had never saw").
fn preterite_for_participle(context: &Context<'_, '_>) -> bool {
    let perfect = |w: &str| {
        any(
            w,
            &[
                "have", "has", "had", "haven't", "hasn't", "hadn't", "havent", "hasnt",
            ],
        ) || w.ends_with("'ve")
    };
    preterite_after(
        context,
        perfect,
        &[
            "already", "never", "just", "always", "ever", "finally", "also", "recently", "not",
            "even", "actually", "really", "all",
        ],
    )
}

/// "didn't knew", "can't took it", "would never took": a simple past where "do" or
/// a modal needs the base form (an adverb or "not" may stand between). Not "saw" and "broke",
/// which are also a verb ("could saw the board") and an adjective ("do broke founders…").
fn preterite_for_base_form(context: &Context<'_, '_>) -> bool {
    // ("wont" is also the noun of "as is his wont".)
    let governs_base = |w: &str| {
        any(w, &MODALS)
            || any(w, &["did", "does", "do"])
            || w != "wont" && any(w, NEGATIVE_GOVERNORS)
    };
    !any(context.parts().2, &["saw", "broke"])
        && preterite_after(
            context,
            governs_base,
            &["not", "never", "even", "really", "just", "ever"],
        )
}

/// Whether the word under check is a simple past right after a word `governs` accepts, or
/// after one of `adverbs` that follows such a word.
fn preterite_after(
    context: &Context<'_, '_>,
    governs: impl Fn(&str) -> bool,
    adverbs: &[&str],
) -> bool {
    let (words, index, current, previous, _) = context.parts();
    if !any(current, &PRETERITES) || index == 0 || !words[index].joined_to_previous {
        return false;
    }
    previous.is_some_and(&governs)
        || previous.is_some_and(|p| any(p, adverbs))
            && index >= 2
            && words[index - 1].joined_to_previous
            && governs(words[index - 2].lower)
}

/// "I have help many students", "we have finish it": "have" after its subject, then a verb's base form (the dictionary knows
/// its "-ed"), then an object pronoun or a possessive: the participle is due.
fn base_form_after_have(context: &Context<'_, '_>) -> bool {
    let (words, index, current, previous, next) = context.parts();
    let Some(english) = context.english else {
        return false;
    };
    let subject =
        |w: &str| any(w, &["i", "we", "you", "they", "he", "she", "it", "who"]) || w.ends_with('s');
    context.previous_is(&["have", "has", "had", "i've", "we've", "you've", "they've"])
        && (index >= 2 && words[index - 1].joined_to_previous && subject(words[index - 2].lower)
            || previous.is_some_and(|p| p.contains('\''))
            || context.previous_is(&["have", "has", "had"])
                && word_before(words, index, 2).is_some_and(|w| any(w, SUBJECT_ADVERBS)))
        && words[index].cased.starts_with(char::is_lowercase)
        && current.len() > 2
        && !current.ends_with("ed")
        && !current.ends_with('s')
        && !any(
            current,
            &[
                "put", "let", "set", "cut", "hit", "read", "shut", "quit", "cost", "hurt",
                "spread", "bet", "run", "come", "become", "beat", "better", "got", "been", "done",
                "to", "no", "some", "any", "every", "each", "all", "both", "half",
            ],
        )
        && (english(&format!("{current}ed")) || english(&format!("{current}d")))
        && next.is_some_and(|n| {
            any(
                n,
                &[
                    // (Not "it", "her" nor a possessive, which may open a clause or a noun
                    // group: "we have time it seems", "I have work my manager gave me".)
                    "them", "him", "us", "me", "many", "several",
                ],
            )
        })
}
