//! English homophones and look-alikes: "your welcome", "its a trap", "better then ever",
//! "should of", "a expert", "whose going".

use super::comparisons::then_for_than;
use super::contractions::{
    all_before_predicate, ill_for_i_will, non_noun_ends_group, noun_then_verb, to_before_adjective,
    to_long, too_ending_clause, were_after_subordinator, were_opening_statement, AFTER_A_PREDICATE,
};
use super::lose::lose_spelled_loose;
use super::possessives::{
    apostrophe_plural, its_before_non_noun, its_before_participle, their_ending_clause,
    youre_as_object,
};
use super::there::{
    possessive_there, possessive_there_after_preposition, possessive_there_before_noun,
    there_for_they_are,
};
use super::{
    any, earlier_in_sentence, opens_clause, participle_like, word_after, word_before, Context,
    OBJECT_PREPOSITIONS, SUBJECT_ADVERBS,
};
use crate::lexicon::en::writing::{
    CONFUSED_WORDS, ITS_AS_IT_IS_NEXT, ITS_AS_POSSESSIVE_PREVIOUS, MISSING_APOSTROPHE, MODALS,
    MODAL_ADVERBS, THEIR_PROPERTY_NEXT, TOO_NEXT, YOURE_AS_YOUR_NEXT, YOURE_AS_YOUR_PREVIOUS,
    YOUR_AS_YOURE_NEXT,
};

/// Whether the word in `context` is a homophone or look-alike of the word its place calls for.
pub(super) fn confused(context: &Context<'_, '_>) -> bool {
    let (words, index, current, previous, next) = context.parts();
    match current {
        // "your welcome"; "your an inspiration" (not "your A/B test").
        // "if your thinking of trying it", "until your eating normally": after a conjunction,
        // a verb in -ing with its object or a preposition it governs (not "if your building
        // has a lift", "when your marketing is").
        "your" => {
            // (Not "your either/or thinking", "your so-called friends": a compound.)
            context.next_is(&YOUR_AS_YOURE_NEXT)
                && !matches!(words[index + 1].followed_by, Some('/' | '-'))
                // "Your all the best customers", "your all set": as "their all asleep".
                || all_before_predicate(context)
                // "if your done laughing" (not "your Done column").
                || next == Some("done")
                    && words[index + 1].cased == "done"
                    && word_after(words, index, 2).is_none_or(|w| {
                        any(w, AFTER_A_PREDICATE) || w.ends_with("ing") && w.len() > 4
                    })
                // "if your serious about it", "your amazing, you deserve it": a word that is
                // never a noun, ending the noun group a possessive would open.
                || non_noun_ends_group(context)
                // "if your ever out near Tyler": an adverb cannot follow a possessive that opens
                // a clause ("your ever so kind message" has an adjective after it).
                || (context.next_is(SUBJECT_ADVERBS) && next != Some("only") || next == Some("ever"))
                    && context.previous_is(&["if", "when", "because", "cause", "since", "unless", "until", "once"])
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
            context.next_is(&YOURE_AS_YOUR_NEXT)
                // ("Check you're logged in": a participle ending its group follows.)
                || context.previous_is(&YOURE_AS_YOUR_PREVIOUS)
                    && !(next.is_some_and(|n| n.len() > 4 && n.ends_with("ed"))
                        && word_after(words, index, 2).is_none_or(|w| any(w, AFTER_A_PREDICATE)))
                // "you're child is behind": "you are" cannot take a noun that a verb follows.
                || noun_then_verb(context)
                || youre_as_object(context)
        }
        "youre" => true,
        // Not after a preposition: "with its time period" is the possessive.
        "its" => {
            context.next_is(&ITS_AS_IT_IS_NEXT) && !context.previous_is(OBJECT_PREPOSITIONS)
                || its_before_participle(context)
                || its_before_non_noun(context) && !context.previous_is(OBJECT_PREPOSITIONS)
                || non_noun_ends_group(context)
        }
        // "does anyone no a supplier", "I don't no if": "no" where a verb is due, after "do"
        // and its subject or after a negated "do", before what "know" governs (not "do you
        // no longer", "don't no matter").
        "no" => {
            let after_do = word_before(words, index, 2)
                .is_some_and(|w| any(w, &["do", "does", "did"]))
                && context.previous_is(&[
                    "you", "u", "i", "we", "they", "anyone", "anybody", "someone", "somebody",
                    "he", "she", "ya", "y'all",
                ])
                || context.previous_is(&["don't", "dont", "doesn't", "doesnt", "didn't", "didnt"]);
            after_do
                && words[index].joined_to_previous
                && context.next_is(&[
                    "a", "an", "the", "if", "how", "what", "where", "why", "when", "who",
                    "whether", "which", "any", "anyone", "anybody", "someone", "somebody", "of",
                    "about", "that", "this", "it", "him", "her", "them", "much", "enough",
                ])
        }
        // "it's own"; "has it's uses", "for it's size".
        // "it's price is going up": "it is" cannot take a noun that a verb follows.
        "it's" => {
            next == Some("own")
                || context.previous_is(&ITS_AS_POSSESSIVE_PREVIOUS)
                || noun_then_verb(context)
        }
        // "better then ever", "stock quicker then the bottle says" (see `comparisons`).
        "then" => then_for_than(context),
        // "and than", or "than" opening a clause (", than sort"): "then".
        "than" => {
            context.previous_is(&["and", "since", "back", "until", "just"])
                || (next.is_some() && !words[index].joined_to_previous)
        }
        // ("their BE team": an acronym.)
        // "Their in grow bags", "their not ready": an adverb or a preposition cannot follow
        // a possessive (not "their in-laws", "their so-called").
        "their" => {
            context.next_is(&[
                "is",
                "are",
                "was",
                "were",
                "going",
                "isn't",
                "aren't",
                "will",
                "gonna",
                "be",
                "in",
                "on",
                "at",
                "not",
                "still",
                "so",
                "also",
                "always",
                "never",
                "probably",
                "definitely",
                "already",
                // "Their the only three channels": an article cannot follow a possessive
                // (Latin and French phrases aside: "their a cappella group").
                "the",
                "a",
                "an",
            ]) && !matches!(words[index + 1].followed_by, Some('-' | '/'))
                && !word_after(words, index, 2)
                    .is_some_and(|w| any(w, &["cappella", "capella", "priori", "posteriori", "la"]))
                && words
                    .get(index + 1)
                    .is_some_and(|w| w.cased.starts_with(char::is_lowercase))
                || all_before_predicate(context)
                // "it's all in their!!", "we were their too": a possessive cannot end its
                // clause.
                || their_ending_clause(context)
        }
        "there" => {
            context.next_is(&THEIR_PROPERTY_NEXT)
                // "by the time I got there customers were queuing": a place after going;
                // "here and there customers complained": places.
                && !context.previous_is(&["got", "get", "arrived", "reached", "went"])
                && word_before(words, index, 2) != Some("here")
                || there_for_they_are(context)
                || possessive_there_before_noun(context)
                || possessive_there(context)
                || possessive_there_after_preposition(context)
        }
        "they're" => context.next_is(&THEIR_PROPERTY_NEXT),
        // "lose" spelled "loose": before what is lost, or as a verb after its subject or a
        // modal ("we loose leads", "you will loose").
        "loose" => lose_spelled_loose(context),
        // "the affect on retention": the noun is "effect".
        // ("had zero affect on my weight".)
        "affect" => context.previous_is(&[
            "zero",
            "much",
            "great",
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
        // "it will effect sales": the verb is "affect" ("to effect change" is right, but not
        // "going to effect your efficiency": a possessive or a clause after it).
        "effect" => {
            previous == Some("to")
                && context.next_is(&["your", "my", "our", "their", "his", "how", "whether"])
                || context.previous_is(&[
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
                ])
        }
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
                && !to_many_as_preposition(context)
                || too_ending_clause(context)
                || to_before_adjective(context)
                || to_long(context)
        }
        // "my hole team", "the hole thing": "whole" before what it spans ("a hole saw", "the
        // hole in the wall" are holes).
        "hole" => {
            context.previous_is(&[
                "the", "my", "our", "your", "their", "his", "her", "this", "that", "a",
            ]) && context.next_is(&[
                "team", "company", "thing", "time", "day", "week", "month", "year", "world",
                "family", "process", "point", "life", "country", "city", "town", "house",
                "project", "story", "lot", "place", "office", "industry", "school", "night",
                "weekend", "summer", "season", "book", "series", "article", "post", "video",
            ])
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
            were_opening_statement(context)
                || were_after_subordinator(context)
                || context.previous_is(&[
                    "exactly",
                    "wonder",
                    "wondering",
                    "idea",
                    "anywhere",
                    "that's",
                    "thats",
                ]) && !(index >= 2
                    && words[index - 1].joined_to_previous
                    && any(
                        words[index - 2].lower,
                        &["what", "who", "how", "why", "which", "when", "where"],
                    ))
                    && context.next_is(&[
                        "the", "to", "you", "i", "we", "they", "he", "she", "it", "this", "that",
                        "my", "your", "our", "their", "his", "her",
                    ])
        }
        // "the vendor went quite.", "please keep it quite until Friday", "peace and quite":
        // "quite" ending its sentence after a verb that takes an adjective there, or where only
        // "quiet" stands; "not quite." and "Quite." answer, "quite, honestly, overwhelming"
        // and "quite... a year" go on.
        "quite" => {
            let ends_sentence = match words.get(index + 1) {
                None => true,
                Some(after) => {
                    matches!(words[index].followed_by, Some('.' | '!' | '?'))
                        && after.sentence_start
                        && after.cased.starts_with(char::is_uppercase)
                }
            };
            context.previous_is(&[
                "went", "go", "goes", "going", "gone", "keep", "keeps", "kept", "keeping", "stay",
                "stays", "stayed", "staying", "remain", "remains", "remained", "fell", "fall",
                "falls", "be", "been",
            ]) && ends_sentence
                || context.previous_is(&["and"])
                    && word_before(words, index, 2).is_some_and(|w| any(w, &["peace", "nice"]))
                || context.previous_is(&["it", "them", "things", "that"])
                    && word_before(words, index, 2)
                        .is_some_and(|w| any(w, &["keep", "keeps", "kept", "keeping"]))
                    && (ends_sentence || context.next_is(&["until", "till", "about", "for"]))
        }
        // "it was knew to me", "something knew": the adjective is "new".
        "knew" => context.previous_is(&[
            "is",
            "was",
            "are",
            "were",
            "be",
            "been",
            "brand",
            "something",
            "anything",
            "nothing",
            "totally",
            "completely",
            "whole",
        ]),
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
        // "the seals are lose", "it came lose": the adjective is "loose".
        "lose" => context.previous_is(&[
            "are", "is", "was", "were", "be", "been", "too", "very", "came", "come", "comes",
            "let", "break", "broke",
        ]),
        // "have past using it": the participle is "passed" ("had past experience" is right).
        "past" => {
            context.previous_is(&[
                "have", "has", "had", "i've", "we've", "you've", "they've", "haven't", "hasn't",
            ]) && next.is_some_and(|n| {
                n.len() > 4 && n.ends_with("ing")
                    || any(
                        n,
                        &[
                            "the", "it", "my", "your", "their", "our", "his", "a", "an", "this",
                            "that", "all", "me", "them", "us", "away", "out",
                        ],
                    )
            })
        }
        // "You're suppose to slow down", "I'm use to it": the participle is "supposed",
        // "used" ("didn't use to" is right).
        "suppose" | "use" => {
            next == Some("to")
                && (context.previous_is(&[
                    "are", "is", "was", "were", "be", "been", "am", "you're", "we're", "they're",
                    "i'm", "he's", "she's", "it's",
                ])
                    // "My granny use to drop": a singular subject with its possessive takes
                    // "uses" or "used", and "use to" with no object is the habit, "used to".
                    || current == "use"
                        && word_before(words, index, 2).is_some_and(|d| {
                            any(d, &["my", "his", "her", "our", "their", "your"])
                        })
                        && previous.is_some_and(|p| !p.ends_with('s'))
                        && words[index - 1].cased.starts_with(char::is_lowercase)
                        // "What does your team use to track bugs?": the question's "use".
                        && !earlier_in_sentence(
                            words,
                            index,
                            &[
                                "do", "does", "did", "will", "would", "can", "could", "what",
                                "which", "how",
                            ],
                        ))
        }
        // "Me and my husband went": "me" in a subject that a verb follows.
        "me" => {
            words[index].sentence_start
                && next == Some("and")
                && (2..=4).any(|k| {
                    word_after(words, index, k).is_some_and(|w| {
                        any(
                            w,
                            &[
                                "went", "were", "are", "have", "had", "did", "got", "tried",
                                "decided", "used", "both", "will", "would", "can", "could",
                                "started", "spent", "found", "made", "took", "love", "loved",
                                "live", "lived", "met", "don't", "didn't",
                            ],
                        )
                    })
                })
        }
        word if apostrophe_plural(context, word) => true,
        word if any(word, &CONFUSED_WORDS) => true,
        // "im", "dont", "thats": a contraction without its apostrophe.
        word if any(word, &MISSING_APOSTROPHE) => true,
        "ill" => ill_for_i_will(context),
        // "thanks for the advise", "gave me advise": the noun is "advice".
        "advise" => {
            context.previous_is(&[
                "the",
                "any",
                "your",
                "my",
                "our",
                "his",
                "their",
                "good",
                "great",
                "this",
                "no",
                "much",
                "of",
                "for",
                "sound",
                "free",
                "bad",
                "best",
                "helpful",
                "useful",
                "professional",
                "legal",
                "financial",
                "medical",
                "expert",
                "solid",
                "practical",
            ]) || context.previous_is(&["me", "us", "them", "him"])
                && word_before(words, index, 2)
                    .is_some_and(|w| any(w, &["gave", "give", "giving", "given", "gives"]))
        }
        // "pause the adds", "my Facebook adds": the noun is "ads" ("it adds up" is the verb,
        // and so is "Google adds AI answers": after a platform's name, only where no object
        // follows).
        "adds" => {
            context.previous_is(&[
                "the",
                "your",
                "my",
                "our",
                "their",
                "these",
                "those",
                "paid",
                "boosted",
                "sponsored",
            ]) || context.previous_is(&[
                "facebook",
                "instagram",
                "google",
                "tiktok",
                "youtube",
                "linkedin",
            ]) && next.is_none_or(|n| {
                any(
                    n,
                    &[
                        "are", "were", "on", "in", "for", "to", "and", "but", "that", "with",
                        "cost", "still", "don't", "aren't", "never", "just",
                    ],
                )
            })
        }
        // "in too years": a length of time counts, "too" does not (after a preposition or a
        // word of time: "I saw that too years ago" has the adverb).
        "too" => {
            context.next_is(&[
                "years", "weeks", "days", "months", "hours", "minutes", "decades", "seasons",
            ]) && context.previous_is(&[
                "in", "for", "within", "after", "over", "about", "last", "past", "next", "only",
                "just", "every", "the",
            ])
        }
        // "Their's no way": "theirs" has no apostrophe, "there's" is meant.
        "their's" => true,
        // "Theirs usually a max gap", "theirs no way": "there's" before a noun group that only
        // a clause takes ("theirs is bigger", "theirs usually arrives" keep the pronoun).
        // (Not "ours is red and theirs a pale blue": a verb left out after "and".)
        "theirs" => {
            opens_clause(words, index)
                && !context.previous_is(&["and", "but", "or", "while", "whereas"])
                && (context.next_is(&[
                    "a",
                    "an",
                    "no",
                    "nothing",
                    "plenty",
                    "lots",
                    "loads",
                    "something",
                    "someone",
                    "nobody",
                ]) || context.next_is(&["usually", "always", "often", "normally", "probably"])
                    && word_after(words, index, 2).is_some_and(|w| any(w, &["a", "an", "no"])))
        }
        // "pecking each others feathers": "each other's" (or "each other").
        "others" => previous == Some("each") && words[index].joined_to_previous,
        _ => false,
    }
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
    // "an S3 bucket", "an F1 car": a capital before a digit is read as its letter's name.
    // A lone capital is a letter too: "an S grade", "an F".
    let acronym = cased.chars().filter(|c| c.is_uppercase()).count() > 1
        || cased.chars().nth(1).is_none_or(|c| c.is_ascii_digit());
    first.is_alphabetic()
        && !matches!(first, 'a' | 'e' | 'i' | 'o' | 'u' | 'h' | 'x')
        && !acronym
        && first.is_ascii()
}

/// "to many a", "been to many concerts", "seemed to many a compromise", "feels to many like
/// a tax": "to" is the preposition, "many" its object or its object's quantifier.
fn to_many_as_preposition(context: &Context<'_, '_>) -> bool {
    let (words, index, _, _, next) = context.parts();
    next == Some("many")
        && (word_after(words, index, 2) == Some("a")
            || context.previous_is(&[
                "been",
                "gone",
                "went",
                "go",
                "goes",
                "travelled",
                "traveled",
                "seemed",
                "seems",
                "seem",
                "sounds",
                "sounded",
                "sound",
                "felt",
                "feels",
                "feel",
                "looks",
                "looked",
                "appeared",
                "appears",
                "known",
                "familiar",
                "unknown",
                "obvious",
                "available",
                "open",
                "sent",
                "given",
                "shown",
                "spoken",
                "talked",
                "belonged",
                "belongs",
                "owed",
                "owes",
            ]))
}
