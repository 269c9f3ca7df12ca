//! English possessives and contractions told apart by what follows them ("your serious
//! about", "you're child is", "behind there communications") and "to" ending a clause where
//! "too" is meant: the rules that read the dictionary's word classes and the clause around the
//! word, beside the look-alike pairs of [`super::homophones`].

use super::{any, is_plural_noun, word_after, word_before, Context, OBJECT_PREPOSITIONS};

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

/// Words after "you're X" that show X to be a subject ("you're child is", "you're kid has").
const SINGULAR_VERBS_AFTER_SUBJECT: &[&str] = &[
    "is", "was", "has", "isn't", "wasn't", "hasn't", "doesn't", "needs", "looks", "seems",
];

/// Words after "you're" or "it's" that are no subject of a verb that follows ("you're not",
/// "you're the one who is", "it's what is", "it's been").
const NOT_A_SUBJECT: &[&str] = &[
    "not", "the", "a", "an", "what", "who", "this", "that", "it", "one", "someone", "all", "so",
    "too", "very", "just", "still", "also", "here", "there", "right", "wrong", "sure", "been",
    "because", "how", "why", "where", "when", "whatever",
];

/// "you're child is behind", "it's price is up": after "you're" or "it's", a lowercase word
/// then a verb a singular subject takes. That word is the subject, so the contraction stands
/// for the possessive.
pub(super) fn noun_then_verb(context: &Context<'_, '_>) -> bool {
    let (words, index, _, previous, next) = context.parts();
    let non_noun = |n: &str| context.english_non_noun.is_some_and(|f| f(n));
    next.is_some_and(|n| {
        !n.ends_with("ly")
            && !n.ends_with("ing")
            && !n.ends_with("ed")
            && !any(n, NOT_A_SUBJECT)
            // "where you're from is", "the team you're on has": a stranded preposition.
            && !any(n, OBJECT_PREPOSITIONS)
            && !any(n, &["to", "up", "out", "off", "down", "back", "away", "like", "gonna"])
            && !non_noun(n)
    })
        && words[index + 1].cased.starts_with(char::is_lowercase)
        && word_after(words, index, 2).is_some_and(|w| any(w, SINGULAR_VERBS_AFTER_SUBJECT))
        // "what it's about is", "whether it's legal is", "whoever you're with is".
        && !previous.is_some_and(|p| {
            any(
                p,
                &[
                    "what", "where", "who", "whoever", "whatever", "whether", "how", "why",
                    "which", "when", "if", "that",
                ],
            )
        })
        // The contraction opens its clause (after a noun it may open a relative one: "the team
        // you're on has"): first, after a name, or after a verb that takes a clause.
        && (index == 0
            || !words[index].joined_to_previous
            || words[index - 1].cased.starts_with(char::is_uppercase)
            || any(
                words[index - 1].lower,
                &[
                    "feel", "think", "know", "say", "hope", "believe", "guess", "mean", "swear",
                    "sure", "and", "but", "so", "because", "cause", "thought", "said",
                ],
            ))
}

/// "if your serious about it", "your amazing, you deserve it", "its hilarious lol": after a
/// possessive, a lowercase word the dictionary never makes a noun (no plural, no possessive),
/// and nothing of a noun group after it: the end of the clause or a word that cannot open
/// one. The possessive then stands for "you're" or "it's" ("your serious clients" is right).
pub(super) fn non_noun_ends_group(context: &Context<'_, '_>) -> bool {
    let (words, index, _, _, next) = context.parts();
    let (Some(non_noun), Some(english)) = (context.english_non_noun, context.english) else {
        return false;
    };
    // "its louder on the drivers side": a comparative of such a word too.
    let comparative = |n: &str| {
        n.strip_suffix("er").is_some_and(|stem| {
            let shorter = stem.get(..stem.len().saturating_sub(1)).unwrap_or("");
            [stem.to_string(), format!("{stem}e"), shorter.to_string()]
                .iter()
                .any(|base| base.len() >= 3 && non_noun(base))
        })
    };
    // Endings of nouns the dictionary may list without a plural ("activity", "equipment").
    let noun_ending = |n: &str| {
        [
            "ity", "ment", "ness", "tion", "sion", "ance", "ence", "ship", "ism", "age",
        ]
        .iter()
        .any(|ending| n.ends_with(ending))
    };
    let adjective = next.is_some_and(|n| {
        (non_noun(n) || comparative(n))
            && !n.ends_with("ly")
            && !noun_ending(n)
            // (A noun the list gives twice, once without its plural flag: "kind", "kinds".)
            && !english(&format!("{n}s"))
    });
    if !adjective || !words[index + 1].cased.starts_with(char::is_lowercase) {
        return false;
    }
    match word_after(words, index, 2) {
        // A comma may join a second adjective ("your thoughtful, well-researched post"): the
        // group ends there only when a clause follows ("your amazing, you deserve it").
        None if words[index + 1].followed_by == Some(',') => {
            words.get(index + 2).is_some_and(|w| {
                any(
                    w.lower,
                    &[
                        "you", "i", "we", "they", "he", "she", "it", "this", "that", "thank",
                        "thanks", "so", "lol", "keep",
                    ],
                )
            })
        }
        None => true,
        // Not "and" nor "or": "your honest and detailed review" joins two adjectives.
        Some(after) => any(
            after,
            &[
                "about", "for", "to", "with", "at", "in", "on", "of", "that", "if", "when", "too",
                "enough", "now", "today", "lol", "af",
            ],
        ),
    }
}

/// Nouns that take an infinitive ("we have the right to", "give it a chance to"): "to" may end
/// the clause after them.
const NOUNS_BEFORE_INFINITIVE: &[&str] = &[
    "right",
    "chance",
    "time",
    "way",
    "need",
    "reason",
    "option",
    "opportunity",
    "ability",
    "plan",
    "courage",
    "freedom",
    "permission",
    "power",
    "urge",
    "decision",
    "goal",
    "duty",
    "intention",
    "desire",
    "tendency",
    "nerve",
    "guts",
    "patience",
    "energy",
    "money",
];

/// "true for products to.", "so true for our flower shop to!", "me to": "to" ending its clause
/// after a noun group (a determiner one or two words back, or a plural after a preposition) or
/// an object pronoun, where a stranded "to" follows a verb ("the one I talk to"): "too". Not
/// before a question mark ("who is it addressed to?").
pub(super) fn too_ending_clause(context: &Context<'_, '_>) -> bool {
    let (words, index, _, previous, next) = context.parts();
    let ends = next.is_none() && matches!(words[index].followed_by, None | Some('.' | '!' | ','));
    let Some(previous) = previous.filter(|_| ends) else {
        return false;
    };
    let determiner = |back: usize| {
        word_before(words, index, back).is_some_and(|w| {
            any(
                w,
                &[
                    "the", "a", "an", "my", "our", "your", "their", "his", "her", "this", "that",
                    "these", "those",
                ],
            )
        })
    };
    // "Same, me to!": the pronoun alone ("if you want me to" is the infinitive's).
    // The noun group is a preposition's object ("for products to", "for our flower shop
    // to"): one a verb governs may be the subject of a cut-short infinitive ("I told the kids
    // to") or the object of a stranded one ("the guy I sold the car to").
    let preposition = |back: usize| {
        word_before(words, index, back).is_some_and(|w| any(w, OBJECT_PREPOSITIONS) && w != "to")
    };
    any(previous, &["me", "us"])
        && (!words[index - 1].joined_to_previous
            || word_before(words, index, 2)
                .is_some_and(|w| any(w, &["and", "yes", "yeah", "same", "lol", "haha", "oh"])))
        || words[index - 1].cased.starts_with(char::is_lowercase)
            && !any(previous, NOUNS_BEFORE_INFINITIVE)
            && !previous.ends_with("ed")
            && (determiner(2) && preposition(3)
                || determiner(3)
                    && words[index - 2].cased.starts_with(char::is_lowercase)
                    && preposition(4)
                || is_plural_noun(words, index - 1) && preposition(2))
}
