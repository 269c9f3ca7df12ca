//! English contractions told from possessives and look-alikes by what follows them ("your
//! serious about", "you're child is", "Were closed Monday", "ill stick with") and "to" where
//! "too" is meant ("me to!", "way to expensive", "took me to long"): the rules that read the
//! dictionary's word classes and the clause around the word, beside the look-alike pairs of
//! [`super::homophones`] and the possessives of [`super::possessives`].

use super::{
    any, is_plural_noun, opens_clause, word_after, word_before, Context, DEFINITE_DETERMINERS,
    OBJECT_PREPOSITIONS,
};

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
        && (opens_clause(words, index)
            || words[index - 1].cased.starts_with(char::is_uppercase)
            || any(
                words[index - 1].lower,
                &[
                    "feel", "think", "know", "say", "hope", "believe", "guess", "mean", "swear",
                    "sure", "thought", "said",
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

/// Whether the sentence of `words[index]` asks something: one of its words, from `index` on, is
/// followed by a question mark.
fn sentence_asks(words: &[crate::writing::WordRef<'_>], index: usize) -> bool {
    words[index..]
        .iter()
        .enumerate()
        .take_while(|(offset, w)| *offset == 0 || !w.sentence_start)
        .any(|(_, w)| w.followed_by == Some('?'))
}

/// What "we are" or "they are" take and a verb of the past or a possessive does not: a
/// participle, a verb in -ing (not "being"), or a word the dictionary never makes a noun.
pub(super) fn predicate_like(context: &Context<'_, '_>, word: &str) -> bool {
    verb_in_ing(word)
        || word.len() > 4 && word.ends_with("ed")
        // (Not a word of the grammar the list gives no plural either: "the", "this", "any".)
        || word.len() > 3
            && !any(word, NOT_PREDICATES)
            && context.english_non_noun.is_some_and(|f| f(word))
        || any(
            word,
            &[
                "back", "open", "closed", "out", "off", "done", "gone", "set", "ready", "sure",
                "sorry", "proud", "happy", "asleep", "awake", "over", "gonna", "hiring", "live",
                "good", "bad", "great", "nice", "cute", "cool", "fun", "funny", "lovely", "sweet",
                "kind", "smart", "busy", "quiet", "loud", "slow", "fast", "hot", "cold", "right",
                "wrong", "fine", "safe", "free", "late", "early",
            ],
        )
}

/// Words the dictionary lists without a plural that no subject's "are" takes before it: the
/// grammar's words ("this", "their", "some", "what"), prepositions and conjunctions.
const NOT_PREDICATES: &[&str] = &[
    "this", "that", "these", "those", "their", "there", "your", "some", "what", "which", "whose",
    "when", "where", "while", "with", "from", "into", "onto", "upon", "than", "then", "them",
    "they", "every", "each", "other", "such", "about", "after", "before", "since", "until",
    "unless", "because", "though", "although", "whether", "without", "within", "through", "across",
    "along", "among", "around", "behind", "below", "beneath", "beside", "between", "beyond",
    "despite", "except", "inside", "outside", "over", "toward", "towards", "under", "against",
];

/// A verb in -ing ("telling", "going"): not "being", nor a preposition or a noun in -ing.
pub(super) fn verb_in_ing(word: &str) -> bool {
    word.len() > 4
        && word.ends_with("ing")
        && !any(
            word,
            &[
                "being",
                "during",
                "according",
                "including",
                "regarding",
                "concerning",
                "following",
                "pending",
                "morning",
                "evening",
                "nothing",
                "something",
                "anything",
                "everything",
                "spring",
                "string",
                "wedding",
                "building",
                "ceiling",
                "meeting",
            ],
        )
}

/// "it feels like were pulling teeth", "because were closed on Monday", "let me know if were
/// not on the list": "were" right after a word that opens a clause and never stands for its
/// subject, before what "we are" takes, where only "we're" stands. Not "when were you", "so
/// were we" (questions and inversions), "even if were it not" (a pronoun after "were"
/// inverts it), nor where the word before "were" is not the conjunction: a verb ("the ones I
/// like were"), an adverb ("the views though were"), a noun ("gave to the cause were", "in
/// the till were", "in BC were").
pub(super) fn were_after_subordinator(context: &Context<'_, '_>) -> bool {
    let (words, index, _, previous, next) = context.parts();
    let (Some(next), Some(previous)) = (next, previous) else {
        return false;
    };
    let conjunction = index >= 1 && {
        let before = index
            .checked_sub(2)
            .filter(|_| words[index - 1].joined_to_previous)
            .map(|at| words[at].lower);
        let opens = opens_clause(words, index - 1);
        match previous {
            "if" | "because" | "since" | "unless" | "whilst" | "cuz" | "coz" => true,
            // (A question may ask "when were…", "while were…" hardly.)
            "when" | "while" | "once" => !sentence_asks(words, index),
            // Written in lower case: "BC" and "COS" are names.
            "bc" | "cos" => words[index - 1].cased.starts_with(char::is_lowercase),
            // After a verb of seeming: "feels like were", "looks like were"; or opening its
            // clause.
            "like" => {
                opens
                    || before.is_some_and(|b| {
                        any(
                            b,
                            &[
                                "feel", "feels", "felt", "feeling", "look", "looks", "looked",
                                "looking", "seem", "seems", "seemed", "sound", "sounds", "sounded",
                                "act", "acts", "acted", "acting", "just", "exactly", "more", "not",
                            ],
                        )
                    })
            }
            // Not after a determiner or a preposition: the noun ("the cause", "in the till").
            "cause" | "till" | "til" | "until" | "although" | "though" => {
                opens
                    || before.is_some_and(|b| {
                        !any(b, DEFINITE_DETERMINERS)
                            && !any(b, OBJECT_PREPOSITIONS)
                            && !any(
                                b,
                                &["a", "an", "this", "that", "its", "good", "worthy", "root"],
                            )
                    }) && !matches!(previous, "though" | "although")
            }
            _ => false,
        }
    };
    conjunction
        && !any(
            next,
            &[
                "it", "there", "they", "you", "he", "she", "we", "i", "the", "to",
            ],
        )
        && (predicate_like(context, next)
            || verb_in_ing(next)
            || any(
                next,
                &[
                    "so", "all", "still", "just", "gonna", "going", "always", "never", "not", "a",
                    "an", "allowed", "done",
                ],
            ))
}

/// "Were closed Monday", "were so excited to announce": "were" opening a sentence that asks
/// nothing, before what "we are" takes (a participle, an adjective, an adverb): "we're"
/// ("Were you there?" and "Were the results good?" ask).
pub(super) fn were_opening_statement(context: &Context<'_, '_>) -> bool {
    let (words, index, _, _, next) = context.parts();
    let Some(next) = next else {
        return false;
    };
    // "WhatsApp us now, were available 24/7", "thanks, were on it": after a comma that closes
    // an imperative on "us now" or "me now", or a word that ends a clause ("The folks I met
    // today, were lovely" has its subject before the comma).
    let after_closing_comma = index >= 1
        && words[index - 1].followed_by == Some(',')
        && (any(words[index - 1].lower, &["thanks", "anyway", "lol"])
            || words[index - 1].lower == "now"
                && index >= 2
                && words[index - 1].joined_to_previous
                && any(words[index - 2].lower, &["us", "me"]));
    (words[index].sentence_start || after_closing_comma)
        && (predicate_like(context, next)
            || any(
                next,
                &[
                    "so", "all", "not", "still", "now", "almost", "finally", "just",
                ],
            ) && word_after(words, index, 2).is_some_and(|w| predicate_like(context, w)))
        && !sentence_asks(words, index)
}

/// "lol their all asleep", "Your all set": a possessive before "all" and what "they are all"
/// or "you are all" takes ("gave their all" ends there, "their all-time best" is a compound).
pub(super) fn all_before_predicate(context: &Context<'_, '_>) -> bool {
    let (words, index, _, _, next) = context.parts();
    next == Some("all")
        && words[index + 1].followed_by != Some('-')
        && word_after(words, index, 2).is_some_and(|w| predicate_like(context, w))
}

/// "the bowl was to shallow", "it's way to expensive": "to" after a verb of being or a word of
/// degree, before a word the dictionary never makes a noun (an adjective): "too" ("the goal
/// is to grow" has a verb, "next to impossible" is a set phrase).
pub(super) fn to_before_adjective(context: &Context<'_, '_>) -> bool {
    let (words, index, _, _, next) = context.parts();
    let (Some(non_noun), Some(english)) = (context.english_non_noun, context.english) else {
        return false;
    };
    // The adjective ends its group: "to northern Scotland", "to critical levels" lead a
    // preposition's object.
    let ends_group = word_after(words, index, 2).is_none_or(|w| any(w, AFTER_A_PREDICATE));
    context.previous_is(&[
        "is", "was", "are", "were", "be", "been", "it's", "its", "way", "far", "much", "bit",
        "seems", "seemed", "looks", "looked", "sounds", "feels", "felt", "got", "getting",
    ]) && next.is_some_and(|n| {
        n.len() > 2
            && non_noun(n)
            && !n.ends_with("ly")
            && !any(n, NOT_PREDICATES)
            && !any(
                n,
                &[
                    "just", "even", "still", "only", "ever", "never", "always", "also", "really",
                    "simply", "rather", "quite", "almost", "again", "soon", "often", "well",
                    "further", "better", "best", "worst", "worse", "fully", "help", "make",
                ],
            )
            // A verb ("to smooth the surface") has a past in -ed.
            && !english(&format!("{n}ed"))
            && !english(&format!("{n}d"))
    }) && ends_group
}

/// Words that may follow a predicate and end its group ("to shallow and", "way to expensive
/// for me", "if your done with it").
pub(super) const AFTER_A_PREDICATE: &[&str] = &[
    "and", "or", "but", "for", "to", "so", "now", "though", "lol", "tbh", "anyway", "because",
    "at", "in", "on", "with", "that", "if", "when", "honestly", "too", "already", "yet", "then",
];

/// "No thanks mate, ill stick with the physio": "ill" opening its clause before a verb that
/// "I'll" takes. The adjective stands after a verb of being or a degree ("fell ill", "very
/// ill") or before a noun ("ill health"), never first before one of these verbs.
pub(super) fn ill_for_i_will(context: &Context<'_, '_>) -> bool {
    let (words, index, _, previous, next) = context.parts();
    let opens = opens_clause(words, index)
        || previous.is_some_and(|p| {
            any(
                p,
                &[
                    "and", "but", "then", "ok", "okay", "yeah", "yes", "sure", "lol", "maybe",
                    "probably", "think", "guess", "hope", "promise",
                ],
            )
        });
    // ("I got so ill just from the smell", "very ill": a word of degree or of being.)
    let degree = previous.is_some_and(|p| {
        any(
            p,
            &[
                "so",
                "very",
                "too",
                "really",
                "quite",
                "pretty",
                "seriously",
                "terribly",
                "got",
                "get",
                "feel",
                "felt",
                "fell",
                "is",
                "was",
                "be",
                "been",
                "am",
                "are",
                "were",
            ],
        )
    });
    opens
        && !degree
        && next.is_some_and(|n| {
            any(
                n,
                &[
                    "be",
                    "have",
                    "do",
                    "get",
                    "go",
                    "take",
                    "make",
                    "see",
                    "try",
                    "send",
                    "check",
                    "let",
                    "stick",
                    "call",
                    "text",
                    "give",
                    "keep",
                    "just",
                    "probably",
                    "never",
                    "always",
                    "definitely",
                    "come",
                    "bring",
                    "pass",
                    "post",
                    "ask",
                    "tell",
                    "look",
                    "find",
                    "show",
                    "pick",
                    "wait",
                    "start",
                    "stop",
                    "write",
                    "read",
                    "share",
                    "admit",
                    "bet",
                    "leave",
                    "stay",
                    "pop",
                    "drop",
                    "grab",
                    "buy",
                    "pay",
                    "need",
                    "report",
                    "update",
                    "dm",
                    "message",
                    "email",
                    "ring",
                    "swing",
                    "head",
                    "def",
                    "prob",
                    "still",
                    "also",
                    "gladly",
                    "happily",
                    "add",
                    "link",
                    "put",
                    "sort",
                    "fix",
                    "book",
                ],
            )
        })
}

/// "Took me to long to figure out", "it's way to long": "to long" after a verb of taking
/// time (and its object) or a word of degree, ending its group: "too long" ("I used to long
/// for the coast" has the verb).
pub(super) fn to_long(context: &Context<'_, '_>) -> bool {
    let (words, index, _, previous, next) = context.parts();
    const TAKING: &[&str] = &[
        "took", "takes", "take", "taking", "taken", "waited", "lasted",
    ];
    next == Some("long")
        && words[index + 1].cased == "long"
        && (context.previous_is(&["way", "far", "been", "waiting"])
            // ("the wait was to long", but "what it was to long for home" has the verb.)
            || context.previous_is(&["is", "was"]) && word_after(words, index, 2) != Some("for")
            || context.previous_is(TAKING)
            || previous.is_some_and(|p| any(p, &["me", "us", "them", "him", "her", "you"]))
                && word_before(words, index, 2).is_some_and(|w| any(w, TAKING)))
        && word_after(words, index, 2).is_none_or(|w| any(w, AFTER_A_PREDICATE))
}
