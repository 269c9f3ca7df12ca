//! Possessives and the words they are mistaken for, told apart by what stands around them:
//! "its" for "it's" before a participle ("its gone up"), plurals written with an apostrophe
//! ("two near miss's", "40K subscriber's."), "their" ending its clause ("we were their too")
//! and "you're" as the object of a verb ("Set you're alarm").

use super::contractions::predicate_like;
use super::{any, word_after, word_before, Context, WordRef, OBJECT_PREPOSITIONS};
use crate::lexicon::en::writing::{APOSTROPHE_PLURAL_NEXT, PRONOUNS_IN_S};

/// "its started the second stage", "its gone up": "it's" before a participle that a function
/// word or the end of the clause follows (not "its registered office": an adjective there).
pub(super) fn its_before_participle(context: &Context<'_, '_>) -> bool {
    let (words, index, _, _, next) = context.parts();
    next.is_some_and(|n| n.len() > 4 && n.ends_with("ed"))
        && match word_after(words, index, 2) {
            Some(after) => any(
                after,
                &[
                    "the", "a", "an", "to", "on", "in", "at", "for", "with", "up", "out", "off",
                    "by", "from", "and", "but", "so", "as", "it", "again", "already", "yet", "now",
                    "back", "down", "over", "since", "my", "your", "their", "our", "this", "that",
                ],
            ),
            None => index + 2 >= words.len() || !words[index + 2].joined_to_previous,
        }
}

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
