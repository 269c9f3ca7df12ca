//! Rules for the writing cue that a dictionary cannot see: homophone confusions, agreement
//! errors a few words of context decide reliably, and doubled words. Each rule looks at a
//! word with its neighbours (only when nothing but spaces separates them).
//!
//! [`check`] finds doubled words itself and hands the rest to the rules of the text's
//! language: `french` (homophones, then agreement) and `english`. The word lists the rules
//! consult are files under `lexicons/fr/writing/` and `lexicons/en/writing/`.

use crate::lang::Lang;
use crate::lexicon::DOUBLED_WORDS_ALLOWED;

mod english;
mod french;
#[cfg(test)]
mod measure;

/// What kind of writing error a rule found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WritingError {
    /// A word confused with one that sounds the same ("sa va", "your welcome").
    Homophone,
    /// A word that does not agree with its subject or noun ("les clients a", "they was").
    Agreement,
    /// The same word twice in a row ("le le client").
    Doubled,
}

/// A word and whether it directly follows the previous word (same sentence, only spaces
/// between them).
#[derive(Debug, Clone, Copy)]
pub struct WordRef<'a> {
    /// The word lowercased, as the rules and word lists compare it.
    pub lower: &'a str,
    /// The word as written, for the rules that look at capitals.
    pub cased: &'a str,
    /// Whether only spaces separate it from the previous word of the same sentence.
    pub joined_to_previous: bool,
}

/// Whether `word` is one of `list`.
fn any(word: &str, list: &[&str]) -> bool {
    list.contains(&word)
}

/// The word under check and its neighbours, as every rule sees them.
#[derive(Clone, Copy)]
struct Context<'w, 'a> {
    /// All the words of the text.
    words: &'w [WordRef<'a>],
    /// Position of the word under check in `words`.
    index: usize,
    /// The word under check, lowercased.
    current: &'a str,
    /// The previous word, when only spaces separate it from the current one.
    previous: Option<&'a str>,
    /// The next word, when only spaces separate it from the current one.
    next: Option<&'a str>,
}

impl Context<'_, '_> {
    /// Whether the joined previous word is one of `list`.
    fn previous_is(&self, list: &[&str]) -> bool {
        self.previous.is_some_and(|p| any(p, list))
    }

    /// Whether the joined next word is one of `list`.
    fn next_is(&self, list: &[&str]) -> bool {
        self.next.is_some_and(|n| any(n, list))
    }
}

/// Checks the word at `index` against the rules; returns the error found, if any.
pub fn check(words: &[WordRef<'_>], index: usize, lang: Lang) -> Option<WritingError> {
    let current = words[index].lower;
    let previous = (index > 0 && words[index].joined_to_previous).then(|| words[index - 1].lower);
    let next = words
        .get(index + 1)
        .filter(|w| w.joined_to_previous)
        .map(|w| w.lower);

    if let (Some(p), true) = (previous, !any(current, &DOUBLED_WORDS_ALLOWED)) {
        if p == current && current.chars().all(char::is_alphabetic) && !current.ends_with('\'') {
            return Some(WritingError::Doubled);
        }
    }
    let context = Context {
        words,
        index,
        current,
        previous,
        next,
    };
    match lang {
        Lang::Fr => french::check(&context),
        Lang::En => english::check(&context),
        Lang::Other => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The errors `check` finds in `text`, its words split at spaces and all joined.
    pub(super) fn errors(text: &str, lang: Lang) -> Vec<(String, WritingError)> {
        let words: Vec<WordRef> = text
            .split(' ')
            .map(|w| WordRef {
                lower: Box::leak(w.to_lowercase().into_boxed_str()),
                cased: w,
                joined_to_previous: true,
            })
            .collect();
        (0..words.len())
            .filter_map(|i| check(&words, i, lang).map(|e| (words[i].cased.to_string(), e)))
            .collect()
    }
}
