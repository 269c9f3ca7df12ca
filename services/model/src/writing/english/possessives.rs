//! Possessives and the words they are mistaken for, told apart by what stands around them:
//! "its" for "it's" before a participle ("its gone up"), plurals written with an apostrophe
//! ("two near miss's", "40K subscriber's."), "their" ending its clause ("we were their too")
//! and "you're" as the object of a verb ("Set you're alarm").

use super::contractions::{predicate_like, verb_in_ing};
use super::{
    any, opens_clause, word_after, word_before, Context, WordRef, CONTRAST_WORDS,
    OBJECT_PREPOSITIONS,
};
use crate::lexicon::en::writing::{APOSTROPHE_PLURAL_NEXT, IRREGULAR_PARTICIPLES, PRONOUNS_IN_S};

/// "its started the second stage", "its gone up": "it's" before a participle that a function
/// word or the end of the clause follows (not "its registered office": an adjective there).
pub(super) fn its_before_participle(context: &Context<'_, '_>) -> bool {
    let (words, index, _, _, next) = context.parts();
    // (Not a noun in -ed: "its speed and range", "its breed or age".)
    next.is_some_and(|n| {
        n.len() > 4
            && n.ends_with("ed")
            && context
                .english_count_noun
                .is_none_or(|count_noun| !count_noun(n))
    }) && match word_after(words, index, 2) {
        Some(after) => any(
            after,
            &[
                "the", "a", "an", "to", "on", "in", "at", "for", "with", "up", "out", "off", "by",
                "from", "and", "but", "so", "as", "it", "again", "already", "yet", "now", "back",
                "down", "over", "since", "my", "your", "their", "our", "this", "that",
            ],
        ),
        None => index + 2 >= words.len() || !words[index + 2].joined_to_previous,
    }
}

/// "Its almost always too much oil", "its that simple", "its sitting at 1.020", "its held at
/// 1.3": "its" before a word of the grammar no possessive takes, or opening its clause before
/// an adverb of degree or a verb in -ing, or before a participle that a preposition or the end
/// of the clause follows: "it's". Not "its own", "its only purpose", "its opening hours",
/// "the company's apology for its handling of it", "its much needed update" (a possessive may
/// take an adverb and an adjective before its noun), "I object to its being sold".
pub(super) fn its_before_non_noun(context: &Context<'_, '_>) -> bool {
    let (words, index, _, _, next) = context.parts();
    let Some(next) = next else {
        return false;
    };
    if !words[index + 1].cased.starts_with(char::is_lowercase) {
        return false;
    }
    // What follows the word after "its" is what a verb takes, not what a noun's head does: a
    // preposition, a particle, an adverb of time, an object (a determiner, a pronoun), or
    // (after a participle) the end of the clause. Not "and" ("its left and right channels"),
    // nor after a verb in -ing the prepositions a noun in -ing takes ("its handling of the
    // recall", "its funding for 2024").
    let group_ends = |ing: bool| match word_after(words, index, 2) {
        Some(after) => {
            any(after, OBJECT_PREPOSITIONS)
                && !(ing && any(after, &["of", "for", "from", "with", "by", "about"]))
                || any(
                    after,
                    &[
                        "to", "up", "out", "off", "down", "back", "now", "again", "already", "yet",
                        "a", "an", "the", "my", "your", "our", "me", "us", "you", "them", "him",
                        "her", "it", "this", "that", "all",
                    ],
                )
        }
        None => !ing && (index + 2 >= words.len() || !words[index + 2].joined_to_previous),
    };
    let opens = opens_clause(words, index);
    // After an adverb of degree, what "it's" takes ends there ("its nearly double per kilo",
    // "its much cleaner.") or is another adverb ("its almost always"); a possessive goes on to
    // its noun ("Its nearly 20,000 staff", "its mostly rural population", "its much needed
    // update").
    let degree_ends = || {
        let Some(second) = words.get(index + 2).filter(|w| w.joined_to_previous) else {
            return false;
        };
        second.number_before.is_none()
            && (any(
                second.lower,
                &[
                    "always", "never", "too", "very", "so", "all", "the", "a", "an", "not", "just",
                    "over", "as", "like",
                ],
            ) || match word_after(words, index, 3) {
                Some(third) => {
                    any(third, OBJECT_PREPOSITIONS)
                        || any(third, &["per", "to", "than", "now", "and", "but", "so"])
                }
                None => true,
            })
    };
    any(next, ITS_NEVER_BEFORE)
        || opens && any(next, ITS_DEGREE_NEXT) && degree_ends()
        || next == "being" && !context.previous_is(&["to", "despite", "about", "of", "on"])
        // (Not opening its sentence: "Its handling of…", "Its pricing in Europe" are nouns.)
        || opens && !words[index].sentence_start && verb_in_ing(next) && group_ends(true)
        || (any(next, &IRREGULAR_PARTICIPLES) || any(next, &["held", "kept", "left"]))
            && group_ends(false)
        // "if its torn and the grease is gone", "once its used and abused": after a word that
        // opens a clause, a participle that the end of the clause follows, or "and"/"or"/"but"
        // and a new clause or another participle ending it. Not a possessive before its noun
        // ("if its women and girls", "whether its paid and free plans", "its chicken and rice
        // formula", "whether its breed or age").
        || context.previous_is(SUBORDINATORS)
            && participle(next)
            && match word_after(words, index, 2) {
                Some(joined) => {
                    any(joined, &["and", "or", "but"])
                        && match word_after(words, index, 3) {
                            Some(third) => {
                                any(third, CLAUSE_SUBJECTS)
                                    || participle(third)
                                        && word_after(words, index, 4)
                                            .is_none_or(|w| any(w, OBJECT_PREPOSITIONS))
                                    // "if its cracked and leaking."
                                    || verb_in_ing(third) && word_after(words, index, 4).is_none()
                            }
                            None => false,
                        }
                }
                None => index + 2 >= words.len() || !words[index + 2].joined_to_previous,
            }
        // "if its part of a pattern", "and its part of the job": "part of" after "its" heading a
        // clause is "it's"; the possessive is a part taken, kept or played ("did its part of
        // the work", "kept its part of the deal").
        || next == "part"
            && !words[index].sentence_start
            && word_after(words, index, 2) == Some("of")
            && (opens_clause(words, index)
                || context.previous_is(&[
                    "that", "think", "guess", "know", "believe", "maybe", "just", "now", "said",
                    "mean", "like", "cos",
                ]))
}

/// A participle that no noun shares ("torn", "cracked", "used", "broken"): in -ed from an
/// English verb ("speed", "breed" and "shed" are not), or one of the strong ones.
fn participle(word: &str) -> bool {
    any(word, &IRREGULAR_PARTICIPLES)
        || any(
            word,
            &[
                "used",
                "torn",
                "worn",
                "sworn",
                "sold",
                "told",
                "held",
                "kept",
                "built",
                "bought",
                "caught",
                "brought",
                "taught",
                "found",
                "lost",
                "paid",
                "sent",
                "spent",
                "stuck",
                "hung",
                "burnt",
                "shut",
                "broken",
                "frozen",
                "stolen",
                "written",
                "driven",
                "given",
                "hidden",
                "chosen",
                "fallen",
                "forgotten",
                "eaten",
                "shaken",
                "beaten",
                "spoken",
                "proven",
                "gotten",
            ],
        )
        || word.len() > 4
            && word.ends_with("ed")
            && !word.ends_with("eed")
            && !any(
                word,
                &["wicked", "naked", "sacred", "hundred", "kindred", "rugged"],
            )
}

/// Words that open a new clause as its subject or its determiner ("and the grease", "or it").
const CLAUSE_SUBJECTS: &[&str] = &[
    "the",
    "a",
    "an",
    "it",
    "its",
    "there",
    "this",
    "that",
    "they",
    "you",
    "we",
    "i",
    "he",
    "she",
    "my",
    "your",
    "our",
    "their",
    "his",
    "her",
    "everything",
    "nothing",
];

/// Words that open a subordinate clause, whose subject comes right after them ("if its torn",
/// "because its part of it").
const SUBORDINATORS: &[&str] = &[
    "if", "when", "because", "cause", "cuz", "coz", "since", "unless", "once", "until", "although",
    "though", "whether", "while",
];

/// Words of the grammar that never follow the possessive "its": conjunctions, prepositions,
/// determiners.
const ITS_NEVER_BEFORE: &[&str] = &[
    "that", "because", "from", "your", "my", "our", "what", "how", "why", "where", "who", "when",
    "on", "at", "in", "such",
];

/// Adverbs of degree that "it's" takes at the head of its clause ("its nearly double"), and a
/// possessive only before an adjective or a number and its noun ("its nearly 20,000 staff").
const ITS_DEGREE_NEXT: &[&str] = &[
    "almost",
    "much",
    "nearly",
    "quite",
    "over",
    "totally",
    "completely",
    "absolutely",
    "exactly",
    "seriously",
    "extremely",
    "incredibly",
    "clearly",
    "obviously",
    "certainly",
    "mostly",
    "usually",
    "normally",
    "genuinely",
    "hardly",
    "barely",
    "currently",
];

/// "two near miss's", "3 month's", "those client's": a plural after a number or a
/// determiner of plurals, written with an apostrophe. Not "1 year's", "it's", "these days
/// there's", a name ("In 2023 Tesla's sales"), a year before a possessive ("by 2030 the
/// city's grid"), "many of today's", nor the possessive of a plural without -s, "those
/// people's".
pub(super) fn apostrophe_plural(context: &Context<'_, '_>, word: &str) -> bool {
    let (words, index, _, _, _) = context.parts();
    // "the one's that hide it": "ones" before a relative ("the one's mine" is "one is").
    if word == "one's" {
        return word_before(words, index, 1).is_some_and(|w| any(w, &["the", "those", "these"]))
            && word_after(words, index, 1).is_some_and(|w| any(w, &["that", "who", "which"]));
    }
    if !word.ends_with("'s")
        || word.len() < 5
        || any(word, IRREGULAR_PLURAL_POSSESSIVES)
        || any(word, &PRONOUNS_IN_S)
        || !words[index].cased.starts_with(char::is_lowercase)
    {
        return false;
    }
    if plural_by_its_place(context, word) {
        return true;
    }
    let several = |w: &str| {
        any(
            w,
            &[
                "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve",
                "twenty", "several", "few", "many", "these", "those", "both", "various",
                "numerous", "multiple",
            ],
        )
    };
    // Numbers are not words: the one written just before, if any; a year counts nothing.
    let count = |at: usize| {
        // ("40K subscriber's.": a count may end in K or + when the word ends its sentence;
        // "a 10K run's start line" measures, "my 5K run's on Sunday" is "run is".)
        let ends_group = word_after(words, at, 1).is_none()
            && matches!(words[at].followed_by, None | Some('.' | '!' | '?'));
        words[at].number_before.is_some_and(|n| {
            let count = if ends_group {
                n.trim_end_matches(['k', 'm', '+'])
            } else {
                n
            };
            count
                .parse::<u64>()
                .is_ok_and(|n| n > 1 && !(1900..=2100).contains(&n))
        })
    };
    // The word between a count and the plural: a modifier ("3 restaurant chain's"), not a
    // verb ("2024 puts agriculture's"), nor "of" ("many of today's"), nor a noun that
    // completes the count ("these days there's").
    let modifier = |at: usize| {
        words[at].cased.starts_with(char::is_lowercase)
            && !words[at].lower.ends_with('s')
            && words[at].lower != "of"
    };
    count(index)
        || index >= 1 && words[index].joined_to_previous && modifier(index - 1) && count(index - 1)
        || word_before(words, index, 1).is_some_and(several)
        || word_before(words, index, 2).is_some_and(several) && modifier(index - 1)
        // "Any suggestion's for books?": "any" before a plural that a preposition or the end
        // of the clause follows, where a possessive would take its noun ("any client's data").
        || word_before(words, index, 1) == Some("any")
            && words.get(index + 1).is_none_or(|w| {
                !w.joined_to_previous
                    || any(w.lower, &["for", "on", "about", "regarding", "to", "from", "please"])
            })
        // "all the quilt's at the show": a plural determiner before the article.
        || word_before(words, index, 1) == Some("the")
            && word_before(words, index, 2).is_some_and(|w| any(w, &["all", "both", "many"]))
            // Not "all the team's hard work": no noun follows a plural.
            && word_after(words, index, 1).is_none_or(|w| {
                any(w, &APOSTROPHE_PLURAL_NEXT) || any(w, OBJECT_PREPOSITIONS)
            })
}

/// "our student's are getting placed", "the theorist's can keep debating", "Lovely tulip's,
/// by the way", "DM me for price's,": a noun that counts, written in lowercase with an
/// apostrophe, before what only a subject takes (a plural verb, a modal), or ending its clause
/// where no determiner, possessive or preposition of place ("at", "to", "from", "round",
/// "of") makes it a possessive whose noun is left out ("at the dentist's", "to my mum's", "a
/// day's").
fn plural_by_its_place(context: &Context<'_, '_>, word: &str) -> bool {
    let (words, index, _, _, _) = context.parts();
    let (Some(count_noun), Some(english)) = (context.english_count_noun, context.english) else {
        return false;
    };
    let stem = &word[..word.len() - 2];
    // (A noun the list gives a plural, with or without the possessive: "price", "tomato".)
    let has_plural = count_noun(stem) || ["s", "es"].iter().any(|e| english(&format!("{stem}{e}")));
    if !has_plural || any(stem, ELIDED_POSSESSORS) {
        return false;
    }
    // "my cat's are filthy" after "your dog's ears are clean but": the noun of the earlier
    // possessive is left out.
    let contrast =
        (1..=2).any(|back| word_before(words, index, back).is_some_and(|w| any(w, CONTRAST_WORDS)));
    if word_after(words, index, 1).is_some() {
        return !contrast
            && context.next_is(&[
                "are", "were", "aren't", "weren't", "can", "could", "should", "would", "might",
                "must", "don't", "didn't", "can't", "won't",
            ]);
    }
    let possessive_before = |back: usize, list: &[&str]| {
        word_before(words, index, back).is_some_and(|w| any(w, list) || w.ends_with("'s"))
    };
    let determiners = [
        "the", "a", "an", "my", "your", "his", "her", "our", "their", "this", "that", "last",
        "next", "another", "some", "any", "one", "whose", "each", "every", "at", "to", "from",
        "round", "of",
    ];
    matches!(
        words[index].followed_by,
        None | Some(',' | '.' | '!' | '?' | ':' | ';')
    ) && !possessive_before(1, &determiners)
        && !possessive_before(2, &determiners[..9])
}

/// Owners whose noun a possessive leaves out ("staying at mum's", "off to the vet's",
/// "better than last year's").
const ELIDED_POSSESSORS: &[&str] = &[
    "year",
    "week",
    "month",
    "day",
    "season",
    "yesterday",
    "today",
    "night",
    "mum",
    "mom",
    "dad",
    "nan",
    "gran",
    "grandma",
    "grandpa",
    "grandad",
    "nana",
    "aunt",
    "auntie",
    "uncle",
    "sister",
    "brother",
    "friend",
    "mate",
    "neighbour",
    "neighbor",
    "doctor",
    "dentist",
    "butcher",
    "baker",
    "vet",
    "chemist",
    "hairdresser",
    "barber",
    "optician",
    "other",
    "cousin",
    "parent",
    "daughter",
    "son",
    "wife",
    "husband",
    "partner",
];

/// Possessives of plurals that take no -s ("those people's", "both children's").
const IRREGULAR_PLURAL_POSSESSIVES: &[&str] = &["people's", "children's", "men's", "women's"];

/// "it's all in their!!", "we were their too": "their" ending its clause (the end of the text,
/// a stop, or "too" there), where only "there" stands.
pub(super) fn their_ending_clause(context: &Context<'_, '_>) -> bool {
    let (words, index, _, _, next) = context.parts();
    let word = words[index];
    let ends = |w: WordRef<'_>| matches!(w.followed_by, None | Some('.' | '!' | '?'));
    !word.quoted
        && (next.is_none() && ends(word)
            || next == Some("too") && words.get(index + 1).is_some_and(|w| ends(*w)))
}

/// "Set you're alarm", "pay you're rent", "tell you're group leader": "you're" after a verb
/// that takes an object, before a noun that counts (not a predicate: "I can tell you're
/// right", "check you're insured").
pub(super) fn youre_as_object(context: &Context<'_, '_>) -> bool {
    let (words, index, _, _, next) = context.parts();
    let Some(count_noun) = context.english_count_noun else {
        return false;
    };
    let object_verb = context.previous_is(&[
        "set", "pay", "oil", "wash", "clean", "feed", "pack", "charge", "water", "book", "send",
        "post", "keep", "raise", "cut", "trim", "double", "triple", "sharpen", "empty", "fill",
        "train", "tell", "ask", "call", "text", "remind", "thank", "walk", "brush", "lock", "park",
        "spend", "save", "invest", "cancel", "renew", "wear", "hold", "pick",
    ]) && !word_before(words, index, 2).is_some_and(|w| {
        any(
            w,
            &[
                "can", "could", "would", "might", "will", "just", "really", "i", "i'd", "i'll",
            ],
        )
    });
    object_verb
        && next.is_some_and(|n| {
            count_noun(n)
                && !n.ends_with("ly")
                && !n.ends_with("ing")
                && !n.ends_with("ed")
                && !predicate_like(context, n)
        })
        && words[index + 1].cased.starts_with(char::is_lowercase)
}
