//! A verb left in its base form where its singular subject puts it in -s, after "who" and a
//! singular noun ("my cousin who run a bakery") or after "nobody" ("Nobody listen."), told
//! from pasts that look like bases, groups British usage makes plural and commands.

use super::verb_forms::base_form_taking_s;
use super::{any, opens_clause, Context, WordRef};
use crate::lexicon::en::writing::{IRREGULAR_PLURALS, PRETERITES};

/// Nouns of a group that British usage makes plural ("the team who run the shop").
const COLLECTIVE_NOUNS: &[&str] = &[
    "team",
    "staff",
    "family",
    "couple",
    "crew",
    "police",
    "group",
    "band",
    "company",
    "committee",
    "board",
    "government",
    "club",
    "council",
    "audience",
    "public",
    "class",
    "management",
    "department",
    "squad",
    "gang",
    "community",
    "firm",
    "lot",
    "rest",
    "majority",
    "pair",
    "duo",
    "trio",
    "household",
    "cast",
    "faculty",
    "panel",
    "jury",
    "party",
    "union",
    "clan",
    "tribe",
    "generation",
    "bunch",
    "army",
    "minority",
    "number",
    "crowd",
    "population",
];

/// "My cousin who run a bakery", "a client who want refunds": a singular noun after its
/// determiner, "who", then a verb in its base form, which a singular antecedent puts in -s.
/// Not after a group British usage makes plural ("the team who run"), nor before a verb whose
/// past is its base ("my brother who put it up", "my uncle who beat cancer"), nor before
/// another subject ("the coach who people trust").
pub(super) fn base_verb_after_singular_who(context: &Context<'_, '_>) -> bool {
    let (words, index, _, previous, _) = context.parts();
    let Some(count_noun) = context.english_count_noun else {
        return false;
    };
    // (`previous` is only the word before when nothing but spaces parts them.)
    if previous != Some("who") || index < 3 {
        return false;
    }
    let noun = words[index - 2];
    let singular_noun = words[index - 1].joined_to_previous
        && noun.joined_to_previous
        && noun.cased.starts_with(char::is_lowercase)
        && !noun.lower.ends_with('s')
        && count_noun(noun.lower)
        && !any(noun.lower, COLLECTIVE_NOUNS)
        && !any(noun.lower, &IRREGULAR_PLURALS)
        && any(
            words[index - 3].lower,
            &[
                "a", "an", "the", "my", "your", "his", "her", "our", "their", "this", "that",
                "every", "each",
            ],
        );
    // ("the candidate who your team interviewed": a possessive opens the relative's subject.)
    singular_noun
        && !any(
            words[index].lower,
            &["my", "your", "our", "their", "his", "its"],
        )
        && base_form_verb(context, words, index)
}

/// "Nobody listen", "nobody reply for a week": "nobody" opening its clause, then a verb in its
/// base form; not a command ("Nobody move!"), nor "somebody" or "everybody", which a request
/// or a call takes in the base form ("somebody help me", "Everybody dance now").
pub(super) fn base_verb_after_nobody(context: &Context<'_, '_>) -> bool {
    let (words, index, _, previous, _) = context.parts();
    previous == Some("nobody")
        && opens_clause(words, index - 1)
        && base_form_verb(context, words, index)
}

/// Whether `words[index]` is a verb in its base form that a singular subject puts in -s (see
/// [`base_form_taking_s`]), written in lowercase, not a preterite ("a client who chose me"),
/// nor a word that opens another subject or group ("the coach who people trust", "the
/// candidate who your team interviewed", "nobody over 40", "nobody back home"), in a
/// sentence that does not end in "!" ("Nobody move!" commands).
fn base_form_verb(context: &Context<'_, '_>, words: &[WordRef<'_>], index: usize) -> bool {
    let Some(english) = context.english else {
        return false;
    };
    let current = words[index].lower;
    let commands = words[index..]
        .iter()
        .enumerate()
        .take_while(|(offset, w)| *offset == 0 || !w.sentence_start)
        .any(|(_, w)| w.followed_by == Some('!'));
    words[index].cased.starts_with(char::is_lowercase)
        && base_form_taking_s(english, current)
        && !any(current, &PRETERITES)
        && !any(current, &IRREGULAR_PLURALS)
        && !any(
            current,
            &[
                "people", "folks", "you", "she", "her", "him", "them", "over", "back", "right",
                "like", "here", "there", "that", "this", "what", "were", "else", "later", "quite",
                "yet", // (Nigerian Pidgin's "wan", "want to": "nobody wan ask price".)
                "wan",
            ],
        )
        && !commands
}
