//! English homophones and look-alikes: "your welcome", "its a trap", "better then ever",
//! "should of", "a expert", "whose going".

use super::{any, participle_like, word_after, Context};
use crate::lexicon::en::writing::{
    COMPARATIVES, CONFUSED_WORDS, ITS_AS_IT_IS_NEXT, ITS_AS_POSSESSIVE_PREVIOUS, LOSE_OBJECTS,
    MISSING_APOSTROPHE, MODALS, MODAL_ADVERBS, THEIR_PROPERTY_NEXT, TOO_NEXT, YOURE_AS_YOUR_NEXT,
    YOURE_AS_YOUR_PREVIOUS, YOUR_AS_YOURE_NEXT,
};

/// Whether the word in `context` is a homophone or look-alike of the word its place calls for.
pub(super) fn confused(context: &Context<'_, '_>) -> bool {
    let (words, index, current, _, next) = context.parts();
    match current {
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
    }
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
