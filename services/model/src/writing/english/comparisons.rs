//! "then" where a comparison calls for "than": after a comparative ("better then ever", "stock
//! quicker then the bottle says"), told from the "then" of time and of conditions.

use super::{any, earlier_in_sentence, word_before, Context, WordRef};
use crate::lexicon::en::writing::COMPARATIVES;

/// Words that open a condition, whose "then" is no comparison ("if it runs hotter then swap
/// the fan"); after "more"/"less" and an adjective only the first five are read.
const CONDITIONS: &[&str] = &["if", "once", "when", "whenever", "unless", "until", "till"];

/// "better then ever"; "more sense then investing", "more leads then last year": a
/// comparative a word or two before, with no comma, and what a comparison takes after.
pub(super) fn then_for_than(context: &Context<'_, '_>) -> bool {
    let (words, index, _, previous, next) = context.parts();
    // A comparative right before (the list's, or any comparative in -er the word list
    // grades: "stock quicker then the bottle says"), when what follows is compared.
    // Not the "then" of time that ends a clause ("I was younger then and thought",
    // "see you later then!", "gas was cheaper then, so"), nor that of a condition
    // ("if it runs hotter then swap the fan", "if the quote is lower then we sign"):
    // after the list's words only when a clause's subject follows.
    let compared = words[index].followed_by == Some(' ')
        && index + 1 < words.len()
        && !context.next_is(&[
            "and", "or", "but", "so", "because", "after", "when", "while", "though", "too",
            "anyway", "already", "again", "yet", "as", "than", "which",
        ]);
    let condition = || earlier_in_clause(words, index, CONDITIONS);
    // "see each other then", "I'll take the other then": "other" naming one of two.
    let one_other = previous == Some("other")
        && word_before(words, index, 2)
            .is_some_and(|w| any(w, &["each", "one", "the", "every", "any"]));
    compared
        && (context.previous_is(&COMPARATIVES)
            && !one_other
            && !(condition()
                && context.next_is(&[
                    "i", "we", "you", "they", "he", "she", "it", "i'll", "we'll",
                    "you'll", "they'll", "it'll", "i'd", "we'd", "let's",
                ]))
            || previous.is_some_and(|p| context.english_comparative.is_some_and(|c| c(p)))
                && !condition())
        // "more reliable then Wi-Fi": "more" or "less" before an adjective, which its
        // ending shows ("more water then stir" has a noun there).
        || word_before(words, index, 2).is_some_and(|w| any(w, &["more", "less"]))
            && previous.is_some_and(adjective_ending)
            && words.get(index + 1).is_some_and(|w| w.joined_to_previous)
            // "If it's more expensive then I'm out": the "then" of a condition.
            && !earlier_in_sentence(
                words,
                index,
                &CONDITIONS[..5],
            )
        // "something different then the pet shop did", "different then usual": what is
        // compared follows (not "if it looks different then restart it", "things were
        // different then for sure").
        || compared
            && context.previous_is(&["different", "differently"])
            && context.next_is(&[
                "the", "a", "an", "what", "that", "usual", "before", "i", "we", "you", "they",
                "he", "she", "it", "my", "your", "our", "their", "his", "her", "anyone",
                "anything",
            ])
            && !condition()
        // "did more for my resting heart rate then the classes": "more" or "less" a few words
        // back, no comma between, and a noun group that a determiner opens after. Not "more"
        // of an amount ("one more episode then my bed", "a bit more flour then the eggs"), nor
        // "then" after a conjunction ("I wanted more but then the shop closed").
        || compared
            && (2..=6).any(|back| {
                word_before(words, index, back).is_some_and(|w| any(w, &["more", "less", "fewer"]))
                    // ("Add more water then the flour": an instruction, then the next step.)
                    && !(index > back && words[index - back - 1].sentence_start)
                    && !word_before(words, index, back + 1).is_some_and(|w| {
                        any(
                            w,
                            &[
                                "one", "once", "few", "bit", "little", "some", "any", "no", "a",
                                "couple", "two", "three",
                            ],
                        )
                    })
                    && words[index - back].number_before.is_none()
            })
            && !context.previous_is(&["and", "but", "so", "or", "just"])
            && context.next_is(&[
                "the", "my", "your", "our", "their", "his", "her", "any", "most", "all",
            ])
            && !condition()
        || (2..=3).any(|back| {
            word_before(words, index, back).is_some_and(|w| any(w, &COMPARATIVES))
        }) && next.is_some_and(|n| {
            n.ends_with("ing") && n.len() > 5
                || any(
                    n,
                    &[
                        "ever", "before", "usual", "expected", "last", "anyone",
                        "anything", "i", "i've", "we", "we've", "you", "you've", "they",
                        "they've",
                    ],
                )
        })
}

/// Whether `word` ends the way English adjectives do ("reliable", "expensive", "useful",
/// "important"): enough to tell "more reliable then" from "more water then".
fn adjective_ending(word: &str) -> bool {
    word.len() > 5
        && [
            "able", "ible", "ful", "ive", "ous", "ant", "ent", "ical", "less", "ish",
        ]
        .iter()
        .any(|ending| word.ends_with(ending))
}

/// Whether one of `list` comes before `index` in its clause: its sentence, after the last
/// comma, semicolon or colon ("If it is cycled, you can stock quicker then" has closed the
/// condition).
fn earlier_in_clause(words: &[WordRef<'_>], index: usize, list: &[&str]) -> bool {
    let mut i = index;
    while i > 0 && !words[i].sentence_start {
        i -= 1;
        if matches!(words[i].followed_by, Some(',' | ';' | ':')) {
            return false;
        }
        if any(words[i].lower, list) {
            return true;
        }
    }
    false
}
