//! "lose" spelled "loose": told from the adjective by what stands around it.

use super::{any, is_plural_noun, word_before, Context, DEFINITE_DETERMINERS};
use crate::lexicon::en::writing::LOSE_OBJECTS;

/// "loose" where the verb "lose" is meant: before what is lost, or as a verb after its subject
/// or a modal ("we loose leads", "you will loose").
pub(super) fn lose_spelled_loose(context: &Context<'_, '_>) -> bool {
    let (words, index, _, previous, _) = context.parts();
    context.next_is(&LOSE_OBJECTS)
        // "want to loose 10kg": the infinitive before an amount.
        || previous == Some("to")
            && words
                .get(index + 1)
                .is_some_and(|w| !w.sentence_start && w.number_before.is_some())
        // "my clients loose an average of 6kg": the verb after a plural subject and
        // before its object ("the nuts had come loose a fraction" is the adjective).
        || context.next_is(&["a", "an"])
            && index >= 2
            && words[index].joined_to_previous
            && is_plural_noun(words, index - 1)
            && word_before(words, index, 2)
                .is_some_and(|d| any(d, DEFINITE_DETERMINERS))
        // "clients loose 5kg in the first month": after a plural subject, right before
        // an amount (not "found two bolts loose, 3 more", "leave the bolts loose 2
        // turns").
        || index >= 1
            && words[index].joined_to_previous
            && words[index].followed_by == Some(' ')
            && is_plural_noun(words, index - 1)
            && words
                .get(index + 1)
                .is_some_and(|w| !w.sentence_start && w.number_before.is_some())
            && !(2..=3).any(|back| {
                word_before(words, index, back).is_some_and(|w| {
                    any(
                        w,
                        &[
                            "leave", "left", "keep", "kept", "wear", "let", "found", "came",
                            "come", "worked", "work",
                        ],
                    )
                })
            })
        || context.previous_is(&[
            "i", "we", "you", "they", "will", "would", "can", "could", "might", "may",
            "must", "should", "don't", "dont", "won't", "can't", "you'll", "we'll",
            "they'll", "i'll", "wouldn't",
            "couldn't", "shouldn't", "didn't", "doesn't",
        ])
}
