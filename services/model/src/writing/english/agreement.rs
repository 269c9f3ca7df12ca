//! English agreement: a verb that does not agree with its subject ("they was", "the results
//! was", "people who has", "there is levels", "each of the teams have", "one of the best
//! thread").

use super::bare_verbs::{base_verb_after_nobody, base_verb_after_singular_who};
use super::contractions::verb_in_ing;
use super::{
    any, is_plural_noun, opens_clause, participle_like, third_person_in_s, word_before, Context,
    WordRef, CONTRAST_WORDS, DEFINITE_DETERMINERS, NUMBER_WORDS, OBJECT_PREPOSITIONS,
    PLURAL_QUANTIFIERS, SUBJECT_ADVERBS,
};
use crate::lexicon::en::writing::{
    AFTER_ONE_OF, APOSTROPHE_PLURAL_NEXT, IRREGULAR_PLURALS, PRONOUNS_IN_S, SINGULAR_INDEFINITES,
    SINGULAR_VERBS,
};

/// Whether the word in `context` is a verb that disagrees with its subject.
pub(super) fn disagrees(context: &Context<'_, '_>) -> bool {
    let (words, index, current, previous, next) = context.parts();
    if singular_after_one_of(context)
        || plural_verb_after_each_of(context)
        || singular_verb_after_quantified_plural(context)
        || singular_verb_after_phrase(context)
        || singular_verb_after_plural_and_adverb(context)
        || singular_verb_after_modified_plural(context)
        || verb_in_s_opening_a_question(context)
        || base_verb_after_singular_who(context)
        || base_verb_after_nobody(context)
    {
        return true;
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
    let after_break = |at: usize| at == 0 || !words[at].joined_to_previous;
    // …and a sentence, with a capital on a word that is not a verb in -ing ("Boosting posts
    // is always a waste" is right).
    let opens_sentence = |at: usize| {
        after_break(at)
            && words[at].cased.starts_with(char::is_uppercase)
            && !words[at].lower.ends_with("ing")
            && !words[at].lower.ends_with("ed")
            && !any(words[at].lower, NUMBER_WORDS)
            && !any(words[at].lower, &["few", "several"])
    };
    match previous {
        Some("they" | "we" | "you") => any(current, &["was", "is", "has", "does"]),
        // "People thinks coaching is…", "people is": "people" is plural.
        // Only when "people" is the subject: opening the clause or after its determiner
        // ("what annoys people is…" is right).
        Some("people")
            if after_break(index - 1)
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
                || after_break(index - 1)
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
                && !one_counted_out_of(words, index - 2)
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
        // (Not "your dog's ears are clean but my cat's are filthy": the noun is left out.)
        Some(p) if p.ends_with("'s") && !any(p, &PRONOUNS_IN_S) => {
            any(current, &APOSTROPHE_PLURAL_NEXT)
                && !(2..=3).any(|offset| before(offset).is_some_and(|w| any(w, CONTRAST_WORDS)))
        }
        // "the results was", "other agencies is"; not a question ("how many clients is
        // that").
        // "the results shows a drop": a verb in -s too, before what it governs (not before
        // "that": "the sales figures that …" has no verb there).
        // The determiner and the plural noun first: the verb test may ask the dictionary.
        Some(_) => {
            (before(2).is_some_and(|d| {
                any(d, DEFINITE_DETERMINERS)
                    || any(d, PLURAL_QUANTIFIERS)
                    || d == "other"
                    // "no fees was charged": a participle after the verb (not "no edits
                    // besides", "no refunds is their policy", "no carbs is rough").
                    || d == "no"
                        && any(current, &SINGULAR_VERBS)
                        && next.is_some_and(participle_like)
            }) || before(2).is_some()
                && opens_sentence(index - 2)
                && !field_name(words[index - 1].lower)
                && any(current, &SINGULAR_VERBS))
                && is_plural_noun(words, index - 1)
                // "each of the teams has", "one of the results shows": the subject is singular.
                && !before(4).is_some_and(|w| {
                    any(w, COUNTED_SINGLY) && before(3) == Some("of")
                })
                // "what I see across my clients is", "putting the page on our receipts is":
                // the plural is a preposition's object, the subject stands before it.
                && !before(3).is_some_and(|w| any(w, OBJECT_PREPOSITIONS))
                && !index.checked_sub(2).is_some_and(|at| gerund_subject_before(words, at))
                && (any(current, &SINGULAR_VERBS)
                    && !context.next_is(&["that", "this", "it", "there", "he", "she"])
                    || context.next_is(&[
                        "a", "an", "the", "no", "how", "what", "why", "us", "me", "them", "our",
                        "my", "your", "their", "its", "some", "more", "less", "up",
                    ]) && third_person_in_s(context, current))
        }
        None => false,
    }
}

/// "the transformations really speaks for themselves", "our clients never pays late": a
/// plural noun after its determiner or a count (or opening the clause), one adverb, then a
/// verb in -s. Across the adverb no compound noun can be read, as "the sales calls" may be.
fn singular_verb_after_plural_and_adverb(context: &Context<'_, '_>) -> bool {
    let (words, index, current, previous, _) = context.parts();
    if !previous.is_some_and(|p| any(p, SUBJECT_ADVERBS)) || index < 2 {
        return false;
    }
    let noun = index - 1 - 1;
    if !words[noun + 1].joined_to_previous
        || !is_plural_noun(words, noun)
        || field_name(words[noun].lower)
        // "many thanks also goes to": the formula is read as one.
        || words[noun].lower == "thanks"
        || !(any(current, &SINGULAR_VERBS) || third_person_in_s(context, current))
    {
        return false;
    }
    let determiner = word_before(words, noun, 1).is_some_and(|d| {
        any(d, DEFINITE_DETERMINERS) || any(d, PLURAL_QUANTIFIERS) || any(d, &["other", "some"])
    });
    // The subject group opens its clause: after a verb it is an object ("anyone who ignores
    // their customers usually regrets it").
    determiner && noun >= 1 && opens_clause(words, noun - 1)
        || opens_clause(words, noun) && words[noun].cased.starts_with(char::is_lowercase)
        || words[noun].number_before.is_some_and(is_count) && opens_clause(words, noun)
}

/// "The balance transfer offers was tempting", "the new clients is": a determiner, one or
/// two modifiers (not plurals, not verb forms), a plural noun, then "is", "was", "has" or
/// "does". Not after a preposition ("the quality of our new products is"), nor after "one of".
fn singular_verb_after_modified_plural(context: &Context<'_, '_>) -> bool {
    let (words, index, current, _, _) = context.parts();
    if index < 3 || !any(current, &["is", "was", "has", "does"]) {
        return false;
    }
    let noun = index - 1;
    let modifier = |w: &WordRef<'_>| {
        w.joined_to_previous
            && w.cased.starts_with(char::is_lowercase)
            // "my two cents is worth…": a count makes an idiom or a unit of it.
            && !any(w.lower, &["two", "three", "four", "five", "few", "several", "many"])
            && !w.lower.ends_with('s')
            && !w.lower.ends_with("ing")
            && !w.lower.ends_with("ed")
            && !any(w.lower, OBJECT_PREPOSITIONS)
    };
    words[index].joined_to_previous
        && words[noun].joined_to_previous
        && is_plural_noun(words, noun)
        && !field_name(words[noun].lower)
        && !context.next_is(&["that", "this", "it", "there", "he", "she"])
        && (1..=2).any(|count| {
            let first = noun - count;
            first >= 1
                && (first..noun).all(|i| modifier(&words[i]))
                && any(words[first - 1].lower, DEFINITE_DETERMINERS)
                // The determiner opens the clause ("whoever wrote these new rules is" has an
                // object there, "the quality of our new products is" a preposition's).
                && opens_clause(words, first - 1)
        })
}

/// Plurals used as the name of a field or a product ("Enterprise sales is a long game",
/// "Public relations is hard", "Google sheets is down").
fn field_name(noun: &str) -> bool {
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
}

/// Words that take one out of a plural before "of" ("each of the teams", "one of the
/// results"): the subject they head is singular.
const COUNTED_SINGLY: &[&str] = &["each", "one", "none", "either", "neither", "any"];

/// Whether the plural noun at `noun` is counted out of a whole by a singular ("every one of my
/// clients who does", "each of the teams that has"): the relative clause then agrees with the
/// singular.
fn one_counted_out_of(words: &[WordRef<'_>], noun: usize) -> bool {
    (1..=3).any(|back| {
        word_before(words, noun, back) == Some("of")
            && word_before(words, noun, back + 1).is_some_and(|w| any(w, COUNTED_SINGLY))
    })
}

/// Words that may follow a verb in -s and cannot begin a noun ("fails because", "grows
/// faster"): after them the word in -s is read as a verb, not as the second noun of a compound
/// ("most of the sales calls I make").
/// (No preposition: "the savings accounts in the UK" has a noun before "in".)
const AFTER_VERB_IN_S: &[&str] = &[
    "a", "an", "the", "to", "because", "when", "more", "less", "better", "faster", "well", "badly",
    "their", "our", "your", "my", "its", "his", "her", "it", "them", "us", "me", "you", "instead",
    "again", "too", "so", "like",
];

/// Whether `current` is a verb only a singular subject takes: "is", "has", … or a verb in -s
/// before a word that follows verbs (see [`AFTER_VERB_IN_S`]).
fn singular_verb(context: &Context<'_, '_>, current: &str) -> bool {
    any(current, &SINGULAR_VERBS) && !context.next_is(&["that", "this", "it", "there", "he", "she"])
        || context.next_is(AFTER_VERB_IN_S) && third_person_in_s(context, current)
}

/// "9 out of 10 brands is", "73% of buyers decides", "most of our clients has": a plural
/// counted out of a whole is the subject, and a verb only a singular takes disagrees. The
/// plural noun comes right before the verb; between it and "of", at most two words (a
/// determiner, a modifier).
fn singular_verb_after_quantified_plural(context: &Context<'_, '_>) -> bool {
    let (words, index, current, _, _) = context.parts();
    if index < 2
        || !words[index].joined_to_previous
        || !is_plural_noun(words, index - 1)
        || field_name(words[index - 1].lower)
        || !singular_verb(context, current)
    {
        return false;
    }
    let noun = &words[index - 1];
    // "9 out of 10 brands": the count stands right before the noun, numbers not being words.
    if noun.number_before.is_some_and(is_count)
        && index >= 3
        && words[index - 2].lower == "of"
        && word_before(words, index - 2, 1) == Some("out")
    {
        return true;
    }
    (2..=4).any(|offset| {
        let Some(of_at) = index.checked_sub(offset) else {
            return false;
        };
        word_before(words, index, offset) == Some("of")
            && (words[of_at].number_before.is_some_and(is_percentage)
                || word_before(words, of_at, 1).is_some_and(|q| any(q, PLURAL_QUANTIFIERS)))
    })
}

/// A count above one written in digits ("10", "1,000"; not "0,5").
fn is_count(word: &str) -> bool {
    !word.starts_with('0')
        && word.bytes().all(|b| b.is_ascii_digit() || b == b',')
        && word.replace(',', "").parse::<u64>().is_ok_and(|n| n > 1)
}

/// "73%", "12.5%".
fn is_percentage(number: &str) -> bool {
    number
        .strip_suffix('%')
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
}

/// Plural units that make one quantity with the phrase after them ("ten minutes of your time
/// is").
const MEASURE_PLURALS: &[&str] = &[
    "feet",
    "inches",
    "yards",
    "miles",
    "metres",
    "meters",
    "kilometres",
    "kilometers",
    "seconds",
    "minutes",
    "hours",
    "days",
    "weeks",
    "months",
    "years",
    "dollars",
    "pounds",
    "euros",
    "litres",
    "liters",
    "gallons",
    "kilos",
    "grams",
    "bucks",
];

/// Prepositions that open a phrase between a plural subject and its verb: the common ones,
/// which [`OBJECT_PREPOSITIONS`] lists first ("of", "in", "on"… "behind").
const PHRASE_PREPOSITIONS: &[&str] = OBJECT_PREPOSITIONS.split_at(15).0;

/// "the charges on these apps is", "all contractors in Florida has": a plural subject, a
/// short phrase after it (a preposition, at most three more words), then a verb only a
/// singular takes ("is", "was", "has", "does"). The subject follows a determiner, and is not
/// inside a phrase itself ("the number of users in Europe is", "thanks to the folks at Stripe
/// it is"); a pronoun right before the verb is its subject ("of all the cafes in town this is").
fn singular_verb_after_phrase(context: &Context<'_, '_>) -> bool {
    let (words, index, current, previous, _) = context.parts();
    if !any(current, &SINGULAR_VERBS)
        || context.next_is(&["that", "this", "it", "there"])
        || previous.is_some_and(|p| {
            any(
                p,
                &[
                    "this",
                    "that",
                    "it",
                    "he",
                    "she",
                    "there",
                    "what",
                    "which",
                    "who",
                    "one",
                    "everyone",
                    "nobody",
                    "everything",
                    "nothing",
                ],
            )
        })
    {
        return false;
    }
    (3..=5).any(|span| {
        // The phrase: words[noun + 1] is the preposition, then up to three words to the verb.
        let Some(noun) = index.checked_sub(span) else {
            return false;
        };
        if !(noun + 1..=index).all(|i| words[i].joined_to_previous)
            || !any(words[noun + 1].lower, PHRASE_PREPOSITIONS)
            || (noun + 2..index).any(|i| {
                any(words[i].lower, PHRASE_PREPOSITIONS)
                    || any(
                        words[i].lower,
                        &["who", "which", "that", "and", "or", "but"],
                    )
            })
            || !is_plural_noun(words, noun)
            || field_name(words[noun].lower)
            // "a few feet of cable is", "two hours of sleep is": a measure counts as one.
            || any(words[noun].lower, MEASURE_PLURALS)
        {
            return false;
        }
        word_before(words, noun, 1).is_some_and(|d| {
            (any(d, DEFINITE_DETERMINERS) || any(d, PLURAL_QUANTIFIERS))
                && !word_before(words, noun, 2)
                    .is_some_and(|w| w == "to" || any(w, OBJECT_PREPOSITIONS))
        })
    })
}

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
        if !any(words[d].lower, DEFINITE_DETERMINERS) {
            // One modifier between the determiner and the noun ("each of the new hires").
            if d == 0 || !joined(d) {
                return false;
            }
            d -= 1;
            if !any(words[d].lower, DEFINITE_DETERMINERS) {
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
/// "Anyone knows another way to reach them?", "Anybody has the link?": a question that opens
/// with "anyone" leaves "do" out, and the verb keeps its base form ("Anyone know…?"). Not a
/// statement ("Anyone knows that feeling.").
fn verb_in_s_opening_a_question(context: &Context<'_, '_>) -> bool {
    let (words, index, current, _, _) = context.parts();
    if index == 0
        || !words[index - 1].sentence_start
        || !words[index].joined_to_previous
        || !any(words[index - 1].lower, &["anyone", "anybody"])
        || !(any(current, &["has", "does"]) || third_person_in_s(context, current))
    {
        return false;
    }
    let mut end = index;
    while end + 1 < words.len() && !words[end + 1].sentence_start {
        end += 1;
    }
    words[end].followed_by == Some('?')
}

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
        || any(current, PHRASE_PREPOSITIONS)
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
        if any(words[d].lower, DEFINITE_DETERMINERS)
            && joined(d)
            && words[d - 1].lower == "of"
            && joined(d - 1)
            && words[d - 2].lower == "one"
        {
            found = true;
            break;
        }
        // Modifiers only ("one of the first to ship" is no noun group), and no plural noun
        // ("one of the brands in this list" has its plural already).
        if is_plural_noun(words, d)
            || any(
                words[d].lower,
                &[
                    "to", "of", "in", "on", "at", "by", "for", "with", "from", "that", "who",
                    "which", "and", "or", "i", "we", "you", "ever", "is", "are", "was", "were",
                    "be", "have", "has", "a", "an",
                ],
            )
        {
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

/// Whether the sentence of `words[at]` opens, with no punctuation up to `at`, on a verb in -ing
/// that is its subject ("Standing on one leg while you brush your teeth is", "Checking the
/// invoices is"): a plural there is that verb's object, not the subject of what follows.
fn gerund_subject_before(words: &[WordRef<'_>], at: usize) -> bool {
    let mut start = at;
    while start > 0 && words[start].joined_to_previous && !words[start].sentence_start {
        start -= 1;
    }
    start < at
        && words[start].cased.starts_with(char::is_uppercase)
        && verb_in_ing(words[start].lower)
}
