//! "there" where "their" or "they're" is meant, told by what stands around it: "there" before
//! a noun that counts ("when there reputation is"), after a preposition before a plural
//! ("behind there communications"), or opening a clause before what only a subject takes
//! ("there going to close the road").

use super::contractions::{predicate_like, verb_in_ing};
use super::{
    any, is_plural_in_s, is_plural_noun, opens_clause, word_after, word_before, Context,
    DEFINITE_DETERMINERS, NUMBER_WORDS, PLURAL_QUANTIFIERS, SUBJECT_ADVERBS,
};

/// "congratulations on there 10th anniversary", "behind there communications": "there"
/// after a preposition that does not take it as a place, before a plural noun, an ordinal or
/// "own": "their" ("out of there fast", "in there", "from there on" are places).
pub(super) fn possessive_there_after_preposition(context: &Context<'_, '_>) -> bool {
    let (words, index, _, _, next) = context.parts();
    let Some(noun) = next else {
        return false;
    };
    let ordinal = noun.len() >= 3
        && noun.ends_with(['h', 't', 'd'])
        && noun.starts_with(|c: char| c.is_ascii_digit())
        && (noun.ends_with("th")
            || noun.ends_with("st")
            || noun.ends_with("nd")
            || noun.ends_with("rd"));
    context.previous_is(&["for", "with", "about", "behind", "into", "on", "of", "by"])
        && word_before(words, index, 2) != Some("out")
        && words[index + 1]
            .cased
            .starts_with(|c: char| c.is_lowercase() || c.is_ascii_digit())
        && (ordinal
            || any(
                noun,
                &["own", "new", "first", "latest", "best", "next", "last"],
            )
            || is_plural_noun(words, index + 1) && !any(noun, &["is", "was", "has", "does"]))
}

/// "there going to close the road", "THERE STILL NOT TELLING US", "there not ready yet":
/// "there" opening its clause before what only a subject takes ("going", "gonna", "not" and
/// a predicate, one adverb then "not" or a verb in -ing): "they're" ("There still is time"
/// has its verb, "there not being enough" is a noun clause, "over there talking" a place).
pub(super) fn there_for_they_are(context: &Context<'_, '_>) -> bool {
    let (words, index, _, _, next) = context.parts();
    if !opens_clause(words, index) {
        return false;
    }
    match next {
        Some("going" | "gonna") => true,
        Some("not") => word_after(words, index, 2).is_some_and(|w| predicate_like(context, w)),
        Some(adverb) if any(adverb, SUBJECT_ADVERBS) => {
            word_after(words, index, 2).is_some_and(|w| w == "not" || verb_in_ing(w))
        }
        // "can't wait, there so good": a word of degree, then an adjective.
        Some("so" | "too" | "very") => word_after(words, index, 2).is_some_and(|w| {
            !any(w, &["many", "much", "few", "little"]) && predicate_like(context, w)
        }),
        _ => false,
    }
}

/// Words that follow an existential or a place "there" ("there is", "there you go", "out there
/// now"), not a noun a possessive would open.
const PLACE_OR_EXISTENTIAL_NEXT: &[&str] = &[
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
];

/// "when there reputation is on the line", "there car got towed", "there readers been down":
/// "there" before a noun that counts (the dictionary gives it a plural and a possessive), where
/// no verb of being or going, no place preposition and no greeting stands before it: "their"
/// ("when we got there people were queuing", "out there now", "hi there folks" keep "there").
pub(super) fn possessive_there_before_noun(context: &Context<'_, '_>) -> bool {
    let (words, index, _, previous, next) = context.parts();
    let (Some(count_noun), Some(noun)) = (context.english_count_noun, next) else {
        return false;
    };
    // "there numbers dropped", "there friends see it": the plural of a noun that counts, when
    // a verb its subject takes follows ("there needs to be" is existential).
    let plural_subject = || {
        is_plural_in_s(noun)
            && noun
                .strip_suffix('s')
                .is_some_and(|stem| context.english.is_some_and(|english| english(stem)))
            && noun != "things"
            // "And there customers complained": a place or a time.
            && !(index >= 1 && words[index - 1].sentence_start)
            && word_after(words, index, 2).is_some_and(|verb| {
                verb.len() > 4 && verb.ends_with("ed")
                    || any(
                        verb,
                        &[
                            "are", "were", "have", "had", "will", "would", "can", "could", "don't",
                            "didn't", "won't", "say", "said", "see", "saw", "get", "got", "love",
                            "loved", "want", "wanted", "need", "think", "thought",
                        ],
                    )
            })
    };
    (count_noun(noun) || plural_subject())
        // "here and there customers complained": places.
        && word_before(words, index, 2) != Some("here")
        && words[index + 1].cased.starts_with(char::is_lowercase)
        && words[index].cased.starts_with(char::is_lowercase)
        && !any(noun, PLACE_OR_EXISTENTIAL_NEXT)
        && !any(noun, NOT_OPENED_BY_THEIR)
        // Counts ("post there three times a week").
        && !any(noun, NUMBER_WORDS)
        && !any(noun, &["one", "couple", "few", "several", "many", "every"])
        && !previous.is_some_and(|p| any(p, BEFORE_PLACE_THERE))
        // "your barely there makeup": an adverb makes "there" an adjective.
        && !previous.is_some_and(|p| p.ends_with("ly"))
        // "the shops there close early": "there" after its noun group says where.
        && !word_before(words, index, 2).is_some_and(|d| {
            any(d, DEFINITE_DETERMINERS) || any(d, PLURAL_QUANTIFIERS) || d == "some"
        })
        // "sitting there reading": a verb in -ing, not a noun.
        && !noun.ends_with("ing")
}

/// Words the dictionary counts that follow a place "there" as adverbs ("been there first",
/// "lived there years", "work there full time").
const NOT_OPENED_BY_THEIR: &[&str] = &[
    "first",
    "last",
    "next",
    "full",
    "half",
    "long",
    "late",
    "early",
    "right",
    "left",
    "back",
    "home",
    "alone",
    "later",
    "soon",
    "tomorrow",
    "yesterday",
    "tonight",
    "today",
    "overnight",
    "years",
    "months",
    "weeks",
    "days",
    "hours",
    "minutes",
    "ages",
    "decades",
    "times",
    "lots",
    "plenty",
    "loads",
    "tons",
    "some",
    "most",
    "all",
    "both",
    "each",
    "either",
    "neither",
    "more",
    "less",
    "once",
    "twice",
    "there",
    "here",
    "after",
    "before",
    "anyway",
    "forever",
    "either",
    "somewhere",
    "instead",
    "too",
    "yet",
    "what",
    "who",
    "whom",
    "which",
    "whose",
    // Verbs an inverted "there" takes ("there sits", "there follows").
    "sits",
    "hangs",
    "lives",
    "runs",
    "follows",
    "stand",
    "lie",
    "lay",
    "sat",
    "stood",
    "lived",
    // Times said in the plural ("we swim there afternoons").
    "mornings",
    "afternoons",
    "evenings",
    "nights",
    "weekends",
    "weekdays",
    "summers",
    "winters",
    "springs",
    "autumns",
    "holidays",
    "sundays",
    "saturdays",
];

/// Words after which "there" is a place or an existential subject: verbs of being, going and
/// staying, place prepositions, greetings.
const BEFORE_PLACE_THERE: &[&str] = &[
    "is",
    "are",
    "was",
    "were",
    "am",
    "be",
    "been",
    "being",
    "isn't",
    "aren't",
    "wasn't",
    "weren't",
    "get",
    "gets",
    "got",
    "getting",
    "gotten",
    "go",
    "goes",
    "went",
    "going",
    "gone",
    "stay",
    "stayed",
    "staying",
    "live",
    "lived",
    "living",
    "lives",
    "work",
    "worked",
    "working",
    "arrive",
    "arrived",
    "reach",
    "reached",
    "sit",
    "sat",
    "stand",
    "stood",
    "stop",
    "stopped",
    "meet",
    "met",
    "put",
    "leave",
    "left",
    "keep",
    "kept",
    "out",
    "in",
    "over",
    "up",
    "down",
    "from",
    "around",
    "near",
    "through",
    "right",
    "back",
    "hi",
    "hello",
    "hey",
    "you",
    "that",
    "this",
    "will",
    "would",
    "could",
    "should",
    "can",
    "might",
    "may",
    "must",
    "moved",
    "move",
    "drive",
    "drove",
    "walk",
    "walked",
    "fly",
    "flew",
    "travel",
    "travelled",
    "traveled",
    "stuck",
    "exist",
    "exists",
    "existed",
    "happen",
    "happened",
    "seems",
    "seem",
    "seemed",
    "remain",
    "remains",
    "remained",
    "also",
    "still",
    "just",
    "never",
    "always",
    "do",
    "does",
    "did",
    "don't",
    "doesn't",
    "didn't",
    "won't",
    "wouldn't",
    "can't",
    "couldn't",
    "shouldn't",
    "mustn't",
    "shall",
];

/// "There quote was half", "THERE SERVICE IS A JOKE": "there" opening a clause, then a word
/// that does not follow an existential or a place "there", then a verb of being: "their".
pub(super) fn possessive_there(context: &Context<'_, '_>) -> bool {
    let (words, index, _, _, next) = context.parts();
    let opens = index == 0 || !words[index].joined_to_previous;
    let Some(noun) = next else {
        return false;
    };
    opens
        && !any(noun, PLACE_OR_EXISTENTIAL_NEXT)
        && words
            .get(index + 2)
            .is_some_and(|w| w.joined_to_previous && any(w.lower, &["is", "was", "are", "were"]))
}
