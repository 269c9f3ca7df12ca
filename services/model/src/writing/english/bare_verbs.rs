//! A verb left in its base form where its singular subject puts it in -s, after "who" and a
//! singular noun ("my cousin who run a bakery") or after "nobody" ("Nobody listen."), told
//! from pasts that look like bases, plural groups and imperatives.

use super::{any, opens_clause, Context, WordRef};
use crate::lexicon::en::writing::{IRREGULAR_PLURALS, PASTS_LIKE_BASES, PRETERITES};

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

/// Verbs whose past is their base ("my brother who put it up" is right).
const PASTS_AS_BASES: &[&str] = &[
    "put",
    "cut",
    "set",
    "hit",
    "let",
    "read",
    "cost",
    "hurt",
    "shut",
    "spread",
    "bet",
    "burst",
    "quit",
    "cast",
    "split",
    "upset",
    "fit",
    "rid",
    "shed",
    "slit",
    "thrust",
    "broadcast",
];

/// "My cousin who run a bakery", "a client who want refunds": a singular noun after its
/// determiner, "who", then a verb in its base form, which a singular antecedent puts in -s.
/// Not after a group British usage makes plural ("the team who run"), nor before a verb whose
/// past is its base ("my brother who put it up"), nor before another subject ("the coach who
/// people trust").
pub(super) fn base_verb_after_singular_who(context: &Context<'_, '_>) -> bool {
    let (words, index, _, previous, _) = context.parts();
    let Some(count_noun) = context.english_count_noun else {
        return false;
    };
    if previous != Some("who") || index < 3 || !words[index].joined_to_previous {
        return false;
    }
    let noun = words[index - 2];
    let singular_noun = words[index - 1].joined_to_previous
        && noun.cased.starts_with(char::is_lowercase)
        && !noun.lower.ends_with('s')
        && count_noun(noun.lower)
        && !any(noun.lower, COLLECTIVE_NOUNS)
        && !any(noun.lower, &IRREGULAR_PLURALS)
        && words[index - 2].joined_to_previous
        && any(
            words[index - 3].lower,
            &[
                "a", "an", "the", "my", "your", "his", "her", "our", "their", "this", "that",
                "every", "each",
            ],
        );
    singular_noun && base_form_verb(context, words, index)
}

/// "Nobody listen", "nobody reply for a week": "nobody" opening its clause, then a verb in its
/// base form ("somebody help me" asks and "Everybody dance now!" calls: both are left alone).
pub(super) fn base_verb_after_nobody(context: &Context<'_, '_>) -> bool {
    let (words, index, _, previous, _) = context.parts();
    index >= 1
        && words[index].joined_to_previous
        && previous == Some("nobody")
        && opens_clause(words, index - 1)
        && base_form_verb(context, words, index)
}

/// Whether `words[index]` is a verb in its base form that a singular subject puts in -s: a
/// lowercase English word whose form in -s is English too, not a past that looks like a base
/// ("put", "chose", "left"), a modal, an adverb or a word that opens another subject.
fn base_form_verb(context: &Context<'_, '_>, words: &[WordRef<'_>], index: usize) -> bool {
    let Some(english) = context.english else {
        return false;
    };
    let current = words[index].lower;
    current.len() > 2
        && words[index].cased.starts_with(char::is_lowercase)
        && !current.ends_with('s')
        && !current.ends_with("ed")
        && !current.ends_with("ing")
        && !current.ends_with("ly")
        && english(current)
        && english(&format!("{current}s"))
        && !any(current, PASTS_AS_BASES)
        // ("a client who chose me", "an analyst who left banking": a past.)
        && !any(current, &PASTS_LIKE_BASES)
        && !any(current, &PRETERITES)
        && !any(current, &IRREGULAR_PLURALS)
        && !any(
            current,
            &[
                "people", "folks", "you", "we", "they", "she", "her", "him", "them", "can", "will",
                "may", "must", "shall", "might", "would", "could", "should", "did", "had", "was",
                "were", "also", "never", "always", "still", "just", "often", "only", "really",
                "usually", "then", "now", "once", "else", "ever", "too", "already", "actually",
                "first", "last", "later", "soon", "here", "even", "yet", "again", "quite", "rather",
                "almost", "there", "that", "this", "what",
            ],
        )
}
