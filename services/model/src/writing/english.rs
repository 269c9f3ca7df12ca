//! The English rules: homophones ("your welcome", "should of", "a expert") and agreement
//! ("they was", "the results was").

use super::{any, Context, WordRef, WritingError};
use crate::lexicon::en::writing::{
    AFTER_ONE_OF, APOSTROPHE_PLURAL_NEXT, COMPARATIVES, CONFUSED_WORDS, IRREGULAR_PARTICIPLES,
    IRREGULAR_PLURALS, ITS_AS_IT_IS_NEXT, ITS_AS_POSSESSIVE_PREVIOUS, LOSE_OBJECTS,
    MISSING_APOSTROPHE, MODALS, MODAL_ADVERBS, PRETERITES, PRONOUNS_IN_S, SINGULAR_INDEFINITES,
    SINGULAR_VERBS, SINGULAR_WORDS_IN_S, THEIR_PROPERTY_NEXT, TOO_NEXT, UNCOUNTABLE_PLURALS,
    YOURE_AS_YOUR_NEXT, YOURE_AS_YOUR_PREVIOUS, YOUR_AS_YOURE_NEXT,
};

/// Whether a lowercase word ends in a plural -s ("brands", "agencies"), as far as spelling
/// tells: not "-ss", "-us", "-is", "-ics", nor a word in -s that is singular ("news").
fn is_plural_in_s(word: &str) -> bool {
    word.len() > 3
        && word.ends_with('s')
        && !word.ends_with("ss")
        && !word.ends_with("us")
        && !word.ends_with("is")
        && !word.ends_with("ics")
        && !word.ends_with("'s")
        && !any(word, &SINGULAR_WORDS_IN_S)
}

/// Whether `words[index]` is a plural noun as written: in -s and not capitalised (a name),
/// or a plural without an ending ("people").
fn is_plural_noun(words: &[WordRef<'_>], index: usize) -> bool {
    let word = words[index];
    (is_plural_in_s(word.lower) && word.cased.chars().next().is_some_and(char::is_lowercase))
        || any(word.lower, &IRREGULAR_PLURALS)
}

/// The word `offset` places after `index`, when only spaces separate them.
fn word_after<'a>(words: &[WordRef<'a>], index: usize, offset: usize) -> Option<&'a str> {
    let target = words.get(index + offset)?;
    words[index + 1..=index + offset]
        .iter()
        .all(|w| w.joined_to_previous)
        .then_some(target.lower)
}

/// Whether a participle follows ("should of been", "probably of made").
fn participle_like(word: &str) -> bool {
    word.ends_with("ed") || word.ends_with("en") || any(word, &IRREGULAR_PARTICIPLES)
}

/// Checks the word in `context` against the English rules.
pub(super) fn check(context: &Context<'_, '_>) -> Option<WritingError> {
    use WritingError::*;
    let (words, index, current, previous, next) = context.parts();
    let homophone = match current {
        // "your welcome"; "your an inspiration" (not "your A/B test").
        // "if your thinking of trying it", "until your eating normally": after a conjunction,
        // a verb in -ing with its object or a preposition it governs (not "if your building
        // has a lift", "when your marketing is").
        "your" => {
            context.next_is(&YOUR_AS_YOURE_NEXT)
                || (context.next_is(&["a", "an"])
                    && words[index + 1].cased != "A"
                    && words[index + 1].followed_by != Some('/'))
                || context.previous_is(&[
                    "if", "when", "while", "because", "since", "unless", "until", "once",
                ]) && next.is_some_and(|n| n.chars().count() > 5 && n.ends_with("ing"))
                    && word_after(words, index, 2).is_some_and(|w| {
                        any(
                            w,
                            &[
                                "of", "about", "a", "an", "the", "it", "this", "that", "so",
                                "really", "still", "just", "me", "them", "him", "us", "up", "out",
                                "through", "normally", "properly",
                            ],
                        )
                    })
        }
        // "find out weather yours is registered", "not sure weather to" for "whether": after
        // a verb of knowing, before a clause (not "weather the storm").
        "weather" => {
            context.previous_is(&[
                "know",
                "knows",
                "knew",
                "out",
                "wonder",
                "wondering",
                "decide",
                "deciding",
                "sure",
                "unsure",
                "check",
                "checking",
                "see",
                "ask",
                "asking",
                "asked",
                "matter",
                "doubt",
                "tell",
                "determine",
                "confirm",
            ]) && context.next_is(&[
                "or", "it", "you", "they", "he", "she", "we", "i", "yours", "theirs", "the",
                "this", "that", "to", "there", "your", "his", "her", "their", "our", "my", "its",
                "anyone", "someone", "a", "an",
            ]) && word_after(words, index, 2) != Some("storm")
        }
        // "you're business"; "for you're team", "change you're life".
        "you're" => {
            context.next_is(&YOURE_AS_YOUR_NEXT) || context.previous_is(&YOURE_AS_YOUR_PREVIOUS)
        }
        "youre" => true,
        "its" => context.next_is(&ITS_AS_IT_IS_NEXT),
        // "it's own"; "has it's uses", "for it's size".
        "it's" => next == Some("own") || context.previous_is(&ITS_AS_POSSESSIVE_PREVIOUS),
        // "better then ever"; "more sense then investing", "more leads then last year": a
        // comparative a word or two before, with no comma, and what a comparison takes after.
        "then" => {
            context.previous_is(&COMPARATIVES)
                || (2..=3).any(|back| {
                    index >= back
                        && (index - back + 1..=index).all(|i| words[i].joined_to_previous)
                        && any(words[index - back].lower, &COMPARATIVES)
                }) && next.is_some_and(|n| {
                    n.ends_with("ing") && n.len() > 5
                        || any(
                            n,
                            &[
                                "ever", "before", "usual", "expected", "last", "anyone", "anything",
                            ],
                        )
                })
        }
        // "and than", or "than" opening a clause (", than sort"): "then".
        "than" => {
            context.previous_is(&["and", "since", "back", "until", "just"])
                || (next.is_some() && !words[index].joined_to_previous)
        }
        // ("their BE team": an acronym.)
        "their" => {
            context.next_is(&[
                "is", "are", "was", "were", "going", "isn't", "aren't", "will", "gonna", "be",
            ]) && words
                .get(index + 1)
                .is_some_and(|w| w.cased.starts_with(char::is_lowercase))
        }
        "there" => context.next_is(&THEIR_PROPERTY_NEXT) || possessive_there(context),
        "they're" => context.next_is(&THEIR_PROPERTY_NEXT),
        // "lose" spelled "loose": before what is lost, or as a verb after its subject or a
        // modal ("we loose leads", "you will loose").
        "loose" => {
            context.next_is(&LOSE_OBJECTS)
                || context.previous_is(&[
                    "i", "we", "you", "they", "will", "would", "can", "could", "might", "may",
                    "must", "should", "don't", "dont", "won't", "can't",
                ])
        }
        // "the affect on retention": the noun is "effect".
        "affect" => context.previous_is(&[
            "the",
            "an",
            "any",
            "no",
            "its",
            "their",
            "big",
            "huge",
            "real",
            "positive",
            "negative",
            "significant",
            "major",
            "side",
            "little",
            "same",
            "opposite",
            "desired",
            "lasting",
            "net",
            "knock-on",
            "ripple",
        ]),
        // "it will effect sales": the verb is "affect" ("to effect change" is right).
        "effect" => context.previous_is(&[
            "will",
            "would",
            "can",
            "could",
            "might",
            "may",
            "won't",
            "doesn't",
            "didn't",
            "don't",
            "not",
            "negatively",
            "positively",
            "directly",
            "seriously",
        ]),
        // "really effects how much": the verb is "affects".
        "effects" => {
            context.previous_is(&[
                "really",
                "negatively",
                "positively",
                "directly",
                "seriously",
                "greatly",
                "heavily",
                "hugely",
                "badly",
                "also",
                "still",
                "actually",
                "strongly",
                "definitely",
                "it",
                "this",
                "that",
            ]) && context.next_is(&[
                "how",
                "the",
                "your",
                "my",
                "our",
                "their",
                "his",
                "her",
                "whether",
                "what",
                "it",
                "you",
                "us",
                "them",
                "everything",
                "everyone",
                "people",
            ])
        }
        // "should of", "would probably of made", "of been".
        "of" => {
            context.previous_is(&MODALS)
                || context.next_is(&["been", "had"])
                || (context.previous_is(&MODAL_ADVERBS)
                    && next.is_some_and(participle_like)
                    && index >= 2
                    && words[index - 1].joined_to_previous
                    && (any(words[index - 2].lower, &MODALS)
                        || words[index - 2].lower.ends_with("'d")))
        }
        "to" => {
            context.next_is(&TOO_NEXT)
                && !context.previous_is(&["listen", "due", "according", "up", "next", "close"])
        }
        "a" => next.is_some_and(starts_with_vowel_sound) && words[index + 1].cased != "I",
        "an" => next.is_some_and(|n| starts_with_consonant_sound(n, words[index + 1].cased)),
        "alot" => true,
        // "we where there" for "were".
        "where" => context.previous_is(&["we", "they"]),
        // "I know exactly were the market is going" for "where": no verb "were" after these
        // ("no idea were to start", "I wonder were they went").
        // ("What exactly were you expecting?" is a question.)
        "were" => {
            context.previous_is(&["exactly", "wonder", "wondering", "idea", "anywhere"])
                && !(index >= 2
                    && words[index - 1].joined_to_previous
                    && any(
                        words[index - 2].lower,
                        &["what", "who", "how", "why", "which", "when", "where"],
                    ))
                && context.next_is(&[
                    "the", "to", "you", "i", "we", "they", "he", "she", "it", "this", "that", "my",
                    "your", "our", "their", "his", "her",
                ])
        }
        // "whose going" for "who's": a verb or an article after the possessive.
        "whose" => context.next_is(&[
            "not",
            "going",
            "gonna",
            "coming",
            "there",
            "here",
            "the",
            "a",
            "an",
            "in",
            "on",
            "ready",
            "been",
            "got",
            "doing",
            "next",
            "responsible",
            "saying",
            "talking",
            "asking",
            "up",
        ]),
        // "who's idea was it" for "whose": a bare noun after "who is".
        "who's" => context.next_is(&[
            "idea",
            "fault",
            "turn",
            "job",
            "responsibility",
            "name",
            "side",
            "decision",
            "problem",
            "money",
            "account",
            "team",
            "business",
            "brand",
            "content",
            "voice",
        ]),
        word if any(word, &CONFUSED_WORDS) => true,
        // "im", "dont", "thats": a contraction without its apostrophe.
        word if any(word, &MISSING_APOSTROPHE) => true,
        _ => false,
    };
    if homophone {
        return Some(Homophone);
    }
    // "datas", "informations", "feedbacks": a noun English does not count, made plural.
    if any(current, &UNCOUNTABLE_PLURALS)
        || verb_in_s_after_modal(context)
        || past_for_base_form(context)
        || verb_in_s_after_do_and_subject(context)
        || base_form_after_he_or_she(context)
        || done_for_did(context)
        || seen_for_saw(context)
        || singular_after_one_of(context)
        || plural_verb_after_each_of(context)
        || preterite_for_participle(context)
        || preterite_for_base_form(context)
    {
        return Some(Agreement);
    }
    let guard = index >= 2
        && words[index - 1].joined_to_previous
        && any(
            words[index - 2].lower,
            &[
                "does", "did", "will", "can", "would", "should", "could", "may", "might", "must",
                "to", "let", "make", "if",
            ],
        );
    // The two words before the previous one, when only spaces separate them all.
    let before = |offset: usize| {
        (index >= offset && (index - offset + 1..=index).all(|i| words[i].joined_to_previous))
            .then(|| words[index - offset].lower)
    };
    // A clause that opens with a plural noun and one word before it ("Annual reviews is
    // pointless"): that word stands where a determiner would.
    let opens_clause = |at: usize| at == 0 || !words[at].joined_to_previous;
    // …and a sentence, with a capital on a word that is not a verb in -ing ("Boosting posts
    // is always a waste" is right).
    let opens_sentence = |at: usize| {
        opens_clause(at)
            && words[at].cased.starts_with(char::is_uppercase)
            && !words[at].lower.ends_with("ing")
            && !words[at].lower.ends_with("ed")
            && !any(
                words[at].lower,
                &[
                    "two",
                    "three",
                    "four",
                    "five",
                    "six",
                    "seven",
                    "eight",
                    "nine",
                    "ten",
                    "eleven",
                    "twelve",
                    "thirteen",
                    "fourteen",
                    "fifteen",
                    "sixteen",
                    "seventeen",
                    "eighteen",
                    "nineteen",
                    "twenty",
                    "thirty",
                    "forty",
                    "fifty",
                    "sixty",
                    "seventy",
                    "eighty",
                    "ninety",
                    "hundred",
                    "thousand",
                    "million",
                    "dozen",
                    "few",
                    "several",
                ],
            )
    };
    // Plurals used as the name of a field or a product ("Enterprise sales is a long game",
    // "Public relations is hard", "Google sheets is down").
    let field_name = |noun: &str| {
        any(
            noun,
            &[
                "sales",
                "services",
                "relations",
                "resources",
                "communications",
                "sciences",
                "goods",
                "operations",
                "affairs",
                "studies",
                "arts",
                "humanities",
                "sheets",
                "docs",
                "slides",
                "teams",
                "forms",
                "maps",
                "ads",
                "works",
                "ops",
                "comms",
                "events",
                "payments",
            ],
        )
    };
    let agreement = match previous {
        Some("they" | "we" | "you") => any(current, &["was", "is", "has", "does"]),
        // "People thinks coaching is…", "people is": "people" is plural.
        // Only when "people" is the subject: opening the clause or after its determiner
        // ("what annoys people is…" is right).
        Some("people")
            if opens_clause(index - 1)
                || before(2).is_some_and(|d| {
                    any(
                        d,
                        &[
                            "the", "most", "many", "some", "these", "those", "all", "few", "other",
                        ],
                    )
                }) =>
        {
            any(current, &SINGULAR_VERBS)
                && !context.next_is(&["that", "this", "it", "there", "he", "she"])
                || opens_clause(index - 1)
                    && any(
                        current,
                        &[
                            "thinks", "says", "knows", "wants", "believes", "feels", "seems",
                            "tends", "expects", "assumes", "forgets", "needs", "loves", "hates",
                        ],
                    )
        }
        Some("he" | "she" | "it") => !guard && any(current, &["don't", "are", "have"]),
        Some("i") => any(current, &["is", "has", "does", "are"]),
        // "people who has", "brands who sells": a plural antecedent, a singular verb.
        Some("who") => {
            index >= 2
                && words[index - 1].joined_to_previous
                && is_plural_noun(words, index - 2)
                && (any(current, &SINGULAR_VERBS) || third_person_in_s(context, current))
                || before(2).is_some_and(|w| any(w, &SINGULAR_INDEFINITES))
                    && any(
                        current,
                        &["have", "are", "were", "don't", "haven't", "aren't"],
                    )
        }
        // "brands that is"; "someone that have".
        Some("that") => {
            index >= 2
                && words[index - 1].joined_to_previous
                && is_plural_noun(words, index - 2)
                && any(current, &SINGULAR_VERBS)
                || before(2).is_some_and(|w| any(w, &SINGULAR_INDEFINITES))
                    && any(
                        current,
                        &["have", "are", "were", "don't", "haven't", "aren't"],
                    )
        }
        // "there is levels", "there's many".
        Some("there's") => plural_after_there_is(words, index),
        Some("is" | "was") if before(2) == Some("there") => plural_after_there_is(words, index),
        // "the audience's are", "theorist's should": a plural written with an apostrophe.
        Some(p) if p.ends_with("'s") && !any(p, &PRONOUNS_IN_S) => {
            any(current, &APOSTROPHE_PLURAL_NEXT)
        }
        // "the results was", "other agencies is"; not a question ("how many clients is
        // that").
        // "the results shows a drop": a verb in -s too, before what it governs (not before
        // "that": "the sales figures that …" has no verb there).
        // The determiner and the plural noun first: the verb test may ask the dictionary.
        Some(_) => {
            (before(2).is_some_and(|d| {
                any(
                    d,
                    &[
                        "the", "our", "my", "these", "those", "their", "his", "her", "your",
                        "other", "many", "several", "most", "all", "both", "few",
                    ],
                )
            }) || before(2).is_some()
                && opens_sentence(index - 2)
                && !field_name(words[index - 1].lower)
                && any(current, &SINGULAR_VERBS))
                && is_plural_noun(words, index - 1)
                // "each of the teams has", "one of the results shows": the subject is singular.
                && !before(4).is_some_and(|w| {
                    any(w, &["each", "one", "none", "either", "neither", "any"])
                        && before(3) == Some("of")
                })
                && (any(current, &SINGULAR_VERBS)
                    && !context.next_is(&["that", "this", "it", "there", "he", "she"])
                    || context.next_is(&[
                        "a", "an", "the", "no", "how", "what", "why", "us", "me", "them", "our",
                        "my", "your", "their", "its", "some", "more", "less", "up",
                    ]) && third_person_in_s(context, current))
        }
        None => false,
    };
    agreement.then_some(Agreement)
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
    // ("This May marks our anniversary": the month.)
    let modal_lowercase = words[index - 1].cased.starts_with(char::is_lowercase);
    let after_modal = any(modal, &contracted)
        || (modal_lowercase
            && subject_before
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
    let after = joined(index)
        && (do_then_subject(index - 1)
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

/// "he say he is getting profit", "she want a refund": after "he"/"she" as subject (not
/// after a modal or "do", "does she need"), a base form that takes an -s. Adverbs that may
/// follow a subject are not verbs.
fn base_form_after_he_or_she(context: &Context<'_, '_>) -> bool {
    let (words, index, current, previous, next) = context.parts();
    let Some(english) = context.english else {
        return false;
    };
    if !matches!(previous, Some("he" | "she"))
        || !words[index].cased.starts_with(char::is_lowercase)
    {
        return false;
    }
    let inverted = index >= 2
        && words[index - 1].joined_to_previous
        && (any(words[index - 2].lower, &MODALS)
            || any(
                words[index - 2].lower,
                &[
                    "will", "can", "may", "do", "does", "did", "shall", "let", "make", "help",
                    "should", "would", "could", "might", "must", "if", "whether",
                ],
            ));
    let not_a_verb = any(
        current,
        &[
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
        ],
    );
    !inverted
        && !not_a_verb
        && !current.ends_with('s')
        && !current.ends_with("ed")
        && !current.ends_with("ing")
        && !current.ends_with("ly")
        && current.len() >= 3
        && current.chars().all(|c| c.is_ascii_lowercase())
        && english(current)
        && (english(&format!("{current}s")) || english(&format!("{current}es")))
        && next != Some("not")
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

/// "There quote was half", "THERE SERVICE IS A JOKE": "there" opening a clause, then a word
/// that does not follow an existential or a place "there", then a verb of being: "their".
fn possessive_there(context: &Context<'_, '_>) -> bool {
    let (words, index, _, _, next) = context.parts();
    let opens = index == 0 || !words[index].joined_to_previous;
    let Some(noun) = next else {
        return false;
    };
    opens
        && !any(
            noun,
            &[
                "is",
                "are",
                "was",
                "were",
                "will",
                "would",
                "could",
                "might",
                "must",
                "should",
                "may",
                "can",
                "has",
                "have",
                "had",
                "seems",
                "seem",
                "appears",
                "appear",
                "used",
                "goes",
                "go",
                "comes",
                "came",
                "lies",
                "stands",
                "remains",
                "exists",
                "exist",
                "isn't",
                "aren't",
                "wasn't",
                "weren't",
                "won't",
                "ain't",
                "you",
                "we",
                "they",
                "i",
                "he",
                "she",
                "it",
                "and",
                "or",
                "but",
                "so",
                "too",
                "now",
                "then",
                "again",
                "already",
                "still",
                "yet",
                "ever",
                "at",
                "in",
                "on",
                "for",
                "from",
                "with",
                "by",
                "to",
                "of",
                "the",
                "a",
                "an",
                "that",
                "this",
                "as",
                "if",
                "when",
                "while",
                "because",
                "until",
                "before",
                "after",
                "also",
                "just",
                "really",
                "always",
                "never",
                "sure",
                "alone",
                "once",
                "today",
                "here",
                "there",
                "probably",
                "definitely",
                "certainly",
            ],
        )
        && words
            .get(index + 2)
            .is_some_and(|w| w.joined_to_previous && any(w.lower, &["is", "was", "are", "were"]))
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

/// Determiners that open the noun group after "one of" / "each of" ("one of the", "each of
/// our").
const OF_GROUP_DETERMINERS: &[&str] = &[
    "the", "my", "our", "your", "his", "her", "their", "these", "those",
];

/// "each of the teams have", "every one of the managers were", "each of them are": the
/// subject is "each" (or "every one"), a singular, whatever plural follows its "of". Only
/// verbs that show number, right after the noun group ("each of them have their own" is an
/// error too; "each of the teams, we found, …" is not read).
fn plural_verb_after_each_of(context: &Context<'_, '_>) -> bool {
    let (words, index, current, _, _) = context.parts();
    if !any(
        current,
        &[
            "are", "were", "have", "don't", "aren't", "weren't", "haven't",
        ],
    ) || index < 3
    {
        return false;
    }
    let joined = |i: usize| words[i].joined_to_previous;
    // The word that heads the "of" group: "them"/"us" right after "of", or a determiner, up to
    // one modifier, and a plural noun.
    let noun = index - 1;
    if !joined(index) || !joined(noun) {
        return false;
    }
    let of = if any(words[noun].lower, &["them", "us", "you", "these", "those"]) {
        noun - 1
    } else if is_plural_noun(words, noun) {
        let mut d = noun - 1;
        if !any(words[d].lower, OF_GROUP_DETERMINERS) {
            // One modifier between the determiner and the noun ("each of the new hires").
            if d == 0 || !joined(d) {
                return false;
            }
            d -= 1;
            if !any(words[d].lower, OF_GROUP_DETERMINERS) {
                return false;
            }
        }
        if d == 0 || !joined(d) {
            return false;
        }
        d - 1
    } else {
        return false;
    };
    if of == 0 || words[of].lower != "of" || !joined(of) {
        return false;
    }
    let head = of - 1;
    words[head].lower == "each"
        || words[head].lower == "one"
            && head >= 1
            && joined(head)
            && words[head - 1].lower == "every"
}

/// "one of the best thread": after "one of the" (and up to two modifiers) a countable noun
/// is plural. Fires on a lowercase word the English dictionary knows, not in -s, whose form
/// in -s is English too, and which ends the phrase (a stop or one of the words that follow a
/// noun group).
fn singular_after_one_of(context: &Context<'_, '_>) -> bool {
    let (words, index, current, _, next) = context.parts();
    // Most words are nowhere near a "one of": the cheap test first.
    if !words[index.saturating_sub(5)..index]
        .iter()
        .any(|w| w.lower == "one")
    {
        return false;
    }
    let Some(english) = context.english else {
        return false;
    };
    if current.ends_with('s')
        || current.ends_with("est")
        || current.ends_with("ing") && current != "thing"
        || any(current, &AFTER_ONE_OF)
        || any(current, &IRREGULAR_PLURALS)
        || !words[index]
            .cased
            .chars()
            .all(|c| c.is_lowercase() || c == '-')
    {
        return false;
    }
    let joined = |i: usize| words[i].joined_to_previous;
    // "one of the [best] [looking] X".
    let mut j = index;
    let mut found = false;
    for _ in 0..3 {
        if j < 3 || !joined(j) {
            return false;
        }
        let d = j - 1;
        if any(words[d].lower, OF_GROUP_DETERMINERS)
            && joined(d)
            && words[d - 1].lower == "of"
            && joined(d - 1)
            && words[d - 2].lower == "one"
        {
            found = true;
            break;
        }
        // Modifiers only ("one of the first to ship" is no noun group).
        if any(
            words[d].lower,
            &[
                "to", "of", "in", "on", "at", "by", "for", "with", "from", "that", "who", "which",
                "and", "or", "i", "we", "you", "ever", "is", "are", "was", "were", "be", "have",
                "has", "a", "an",
            ],
        ) {
            return false;
        }
        j = d;
    }
    let ends_phrase = next.is_none_or(|n| {
        any(
            n,
            &[
                "i", "i've", "ive", "we", "you", "ever", "that", "on", "in", "of", "this", "for",
                "out", "there", "here", "so", "and", "but", "by", "to", "from", "around", "i'm",
                "i'd", "yet", "which", "who", "at", "with",
            ],
        )
    }) || next.is_some() && !words[index + 1].joined_to_previous;
    found && ends_phrase && english(current) && english(&format!("{current}s"))
}

/// "there is levels", "there's many": a plural after a singular "there is".
fn plural_after_there_is(words: &[WordRef<'_>], index: usize) -> bool {
    let word = words[index].lower;
    any(
        word,
        &[
            "many", "several", "two", "three", "four", "five", "six", "seven", "eight", "nine",
            "ten", "dozens", "hundreds",
        ],
    ) || (is_plural_noun(words, index) && !any(word, &["lots", "tons", "loads", "plenty"]))
}

/// Whether `word` is a verb in -s ("sells", "reaches"): its stem is an English word.
fn third_person_in_s(context: &Context<'_, '_>, word: &str) -> bool {
    let Some(english) = context.english else {
        return false;
    };
    is_plural_in_s(word)
        && (word.strip_suffix('s').is_some_and(english)
            || word.strip_suffix("es").is_some_and(english)
            || word
                .strip_suffix("ies")
                .is_some_and(|stem| english(&format!("{stem}y"))))
}

fn starts_with_vowel_sound(word: &str) -> bool {
    let first = word.chars().next().unwrap_or('x');
    matches!(first, 'a' | 'e' | 'i' | 'o')
        && !["one", "once", "eu", "o'", "ouija"]
            .iter()
            .any(|p| word.starts_with(p))
}

fn starts_with_consonant_sound(word: &str, cased: &str) -> bool {
    let first = word.chars().next().unwrap_or('a');
    let acronym = cased.chars().filter(|c| c.is_uppercase()).count() > 1;
    first.is_alphabetic()
        && !matches!(first, 'a' | 'e' | 'i' | 'o' | 'u' | 'h' | 'x')
        && !acronym
        && first.is_ascii()
}

#[cfg(test)]
mod tests {
    use crate::lang::Lang;
    use crate::writing::tests::{errors, errors_in};
    use crate::writing::WritingError;

    #[test]
    fn english_rules() {
        assert_eq!(errors("your welcome", Lang::En).len(), 1);
        assert_eq!(errors("its a trap", Lang::En).len(), 1);
        assert_eq!(errors("better then ever", Lang::En).len(), 1);
        assert_eq!(errors("their going home", Lang::En).len(), 1);
        assert_eq!(errors("should of known", Lang::En).len(), 1);
        assert_eq!(errors("don't loose money", Lang::En).len(), 1);
        assert_eq!(
            errors("the results was bad", Lang::En),
            vec![("was".into(), WritingError::Agreement)]
        );
        assert_eq!(errors("they was late", Lang::En).len(), 1);
        assert_eq!(errors("the the point", Lang::En).len(), 1);
        assert_eq!(errors("a expert", Lang::En).len(), 1);
        assert_eq!(errors("Im sure thats fine", Lang::En).len(), 2);
        for (text, word) in [
            ("congrats sir, your an inspiration", "your"),
            ("if your in Leeds next week, shout", "your"),
            ("your totally right", "your"),
            ("bring you're friends", "you're"),
            ("great for you're team", "you're"),
            ("it still has it's uses", "it's"),
            ("paste the dates, than sort", "than"),
            ("I'd probably of made it", "of"),
            ("I was loosing followers", "loosing"),
            ("not sure wether it works", "wether"),
            ("you cant do that", "cant"),
            ("we where there early", "where"),
            ("whose going to tell them", "whose"),
            ("worth a read if your thinking of trying it", "your"),
            ("pause it until your eating normally again", "your"),
            (
                "it takes five minutes to find out weather yours is registered",
                "weather",
            ),
            ("not sure weather to book", "weather"),
            ("who's idea was this", "who's"),
            ("Will their be a recording", "their"),
            ("Its honestly wild that we still do this", "Its"),
            ("grab you're spot before Friday", "you're"),
            ("I know exactly were the market is going", "were"),
            ("no idea were to start", "were"),
            ("every month we loose a client or two", "loose"),
            ("the price hike will loose us customers", "loose"),
            ("the knock-on affect was huge", "affect"),
            ("the delay could effect the launch", "effect"),
            ("it made more sense then investing it", "then"),
            ("we got more leads then last year", "then"),
            (
                "shooting RAW really effects how much you recover",
                "effects",
            ),
        ] {
            let found = errors_in(text, Lang::En);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert_eq!(found[0].0, word, "{text}: {found:?}");
            assert_eq!(found[0].1, WritingError::Homophone, "{text}");
        }
        for (text, word) in [
            ("other agencies was sleeping", "was"),
            ("people who has tried", "has"),
            ("someone who have done this", "have"),
            ("there is levels to this", "levels"),
            ("the audience's are messier", "are"),
            ("brands that is growing", "is"),
            ("each of the teams have a lead", "have"),
            ("every one of the managers were there", "were"),
            ("Each of them are different", "are"),
            ("each of our new hires were trained", "were"),
            ("Annual reviews is pointless", "is"),
            (
                "People thinks coaching is for people who struggle",
                "thinks",
            ),
            ("most people is fine with it", "is"),
            ("I seen the same thing at my store", "seen"),
            ("they seen it coming", "seen"),
        ] {
            let found = errors_in(text, Lang::En);
            assert_eq!(
                found,
                vec![(word.to_string(), WritingError::Agreement)],
                "{text}"
            );
        }
    }

    #[test]
    fn a_simple_past_after_do_or_a_modal() {
        for (text, word) in [
            ("I didn't knew you could check that", "knew"),
            ("she did not went to the meeting", "went"),
            ("I can't took it anymore", "took"),
            ("we would never took that deal", "took"),
        ] {
            let found = errors_in(text, Lang::En);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert_eq!(found[0].0, word, "{text}: {found:?}");
        }
        for text in [
            "I didn't know you could check that",
            "what did you see there",
            "she did go to the meeting",
            "we would never take that deal",
            "it did what it said",
            "they did well, and we knew it",
            "you could saw the board in half",
            "do broke founders need a coach",
        ] {
            assert_eq!(errors_in(text, Lang::En), vec![], "{text}");
        }
    }

    #[test]
    fn english_extended_rules_stay_silent_on_correct_text() {
        for text in [
            "if your building has a lift",
            "when your marketing is working",
            "if your thinking is sound",
            "we had to weather the storm",
            "check the weather the night before",
            "have you seen it",
            "had I seen it earlier",
            "I've seen it",
            "I have never seen it",
            "I hope you're well",
            "your in-laws and your inbox",
            "on your about page",
            "if you're ready",
            "your A/B test",
            "it's raining, so it's fine",
            "more than ever, then we left",
            "should have been",
            "a list of known issues",
            "how many clients is that across?",
            "there is news, and there's always more",
            "there's lots of room",
            "the client's never been happier",
            "let's keep going",
            "someone who has done this",
            "people who have tried",
            "the news was good",
            "the screws were loose",
            "the rope was never loose",
            "it will affect the launch",
            "the effect was huge",
            "we tried to effect change",
            "we know where it went",
            "tell us where they went",
            "whose idea was this",
            "add more water then stir",
            "do more reps, then rest",
            "the side effects the doctor mentioned",
            "it has no effects on us",
            "who's going to tell them",
            "each of the teams has a lead",
            "every one of the managers was there",
            "one of the managers were there too, and all of them were",
            "we each have our own",
            "each of them is different, and both of them are fine",
            "Customer service is hard. Sales is easy, they say",
            "People skills matter more than tools",
            "people leaders need this",
            "the people I know were there",
            "if it were the case, we were told",
            "its honest answer to that question",
            "it comes with its own pricing",
            "Will there be a recording",
            "the ones we know were the best",
            "Google Ads is expensive",
            "Our reviews page is live",
            "people seem to like it",
            "what people think is not what they do",
            "Boosting posts is always a waste",
            "6k monthly actives is a decent number",
            "a shop owner who returns his customers' phone calls is rare",
            "When they're gone, they're gone.",
            "What annoys people is the same photo",
            "how you trained people is worth a read",
            "Guaranteed followers is the bit that worries me",
            "Eleven minutes is a fast catch. Two months is too short",
        ] {
            let found = errors_in(text, Lang::En);
            assert!(found.is_empty(), "{text}: {found:?}");
        }
    }

    #[test]
    fn english_correct_sentences_pass() {
        for text in [
            "you're welcome",
            "it's a trap",
            "better than ever",
            "their own team",
            "its own",
            "should have known",
            "the news was good",
            "does it have",
            "an SEO audit",
            "an hour",
            "a one-time fee",
            "a user",
            "listen to much",
            "the business was",
            "your team",
            "Lets go",
        ] {
            assert!(
                errors(text, Lang::En).is_empty(),
                "{text}: {:?}",
                errors(text, Lang::En)
            );
        }
    }
}
