//! Rules for the writing cue that a dictionary cannot see: homophone confusions, agreement
//! errors a few words of context decide reliably, and doubled words. Each rule looks at a
//! word with its neighbours (only when nothing but spaces separates them).
//!
//! [`check`] finds doubled words itself and hands the rest to the rules of the text's
//! language: `french` (homophones, then agreement) and `english`. The word lists the rules
//! consult are files under `lexicons/fr/writing/` and `lexicons/en/writing/`.

use crate::lang::Lang;
use crate::lexicon::{Words, DOUBLED_WORDS_ALLOWED};
use french::grammar::TextAnalysis;
use french::morphology::Morphology;

mod english;
pub(crate) mod french;
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
    /// A word split in two or two words merged into one ("long temps", "quelquechose"),
    /// counted with misspellings.
    WordBoundary,
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
    /// Whether it stands between quotation marks (a quoted title or anglicism need not agree).
    pub quoted: bool,
    /// The character just after it in the text, if any (`·` or `(` of "client·e·s",
    /// "client(s)").
    pub followed_by: Option<char>,
    /// Whether it is the first word of its sentence (a capital there need not mark a name).
    pub sentence_start: bool,
    /// The number written just before it in its sentence, only spaces between ("10" of
    /// "10 brands", "73%" of "73% of"): numbers are not words, so the rules that read a count
    /// find it here.
    pub number_before: Option<&'a str>,
}

/// Parses the rules' tables now rather than on the first text.
pub(crate) fn load() {
    french::grammar::load();
}

/// Whether `word` is one of `list`.
pub(crate) fn any<L: Words + ?Sized>(word: &str, list: &L) -> bool {
    list.has(word)
}

/// What the French rules read besides the words, when the dictionaries are loaded.
#[derive(Clone, Copy, Default)]
pub(crate) struct Helpers<'h> {
    /// The French morphology.
    pub(crate) morphology: Option<&'h Morphology>,
    /// The analyses of the words of the text (French only), computed once per text.
    pub(crate) text: Option<&'h TextAnalysis>,
    /// Whether a lowercase word is an English word too.
    pub(crate) english: Option<&'h dyn Fn(&str) -> bool>,
    /// Whether a lowercase word is an English word that is never a noun ("serious").
    pub(crate) english_non_noun: Option<&'h dyn Fn(&str) -> bool>,
    /// Whether a lowercase word is an English noun that counts, or its plural ("car", "cars").
    pub(crate) english_count_noun: Option<&'h dyn Fn(&str) -> bool>,
    /// Whether a lowercase word is the comparative in -er of an English adjective ("quicker").
    pub(crate) english_comparative: Option<&'h dyn Fn(&str) -> bool>,
}

/// The word under check and its neighbours, as every rule sees them.
#[derive(Clone, Copy)]
struct Context<'w, 'a> {
    /// The French morphology, when the dictionaries are loaded.
    morphology: Option<&'w Morphology>,
    /// Whether a lowercase word is an English word too, when the dictionaries are loaded.
    english: Option<&'w dyn Fn(&str) -> bool>,
    /// Whether a lowercase word is an English word that is never a noun, when the dictionaries
    /// are loaded.
    english_non_noun: Option<&'w dyn Fn(&str) -> bool>,
    /// Whether a lowercase word is an English noun that counts, when the dictionaries are
    /// loaded.
    english_count_noun: Option<&'w dyn Fn(&str) -> bool>,
    /// Whether a lowercase word is the comparative in -er of an English adjective, when the
    /// dictionaries are loaded.
    english_comparative: Option<&'w dyn Fn(&str) -> bool>,
    /// The analyses of the words of a French text, when the morphology is loaded.
    text: Option<&'w TextAnalysis>,
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

impl<'w, 'a> Context<'w, 'a> {
    /// The words, the index of the word under check, that word and its joined neighbours:
    /// what every rule starts from.
    #[allow(clippy::type_complexity)]
    fn parts(
        &self,
    ) -> (
        &'w [WordRef<'a>],
        usize,
        &'a str,
        Option<&'a str>,
        Option<&'a str>,
    ) {
        (
            self.words,
            self.index,
            self.current,
            self.previous,
            self.next,
        )
    }

    /// Whether the joined previous word is one of `list`.
    fn previous_is<L: Words + ?Sized>(&self, list: &L) -> bool {
        self.previous.is_some_and(|p| any(p, list))
    }

    /// Whether the joined next word is one of `list`.
    fn next_is<L: Words + ?Sized>(&self, list: &L) -> bool {
        self.next.is_some_and(|n| any(n, list))
    }
}

/// Checks the word at `index` against the rules; returns the error found, if any. The French
/// rules on agreement, participles and locutions need `morphology`; without it only the
/// others run.
pub(crate) fn check(
    words: &[WordRef<'_>],
    index: usize,
    lang: Lang,
    helpers: Helpers<'_>,
) -> Option<WritingError> {
    let current = words[index].lower;
    let previous = (index > 0 && words[index].joined_to_previous).then(|| words[index - 1].lower);
    let next = words
        .get(index + 1)
        .filter(|w| w.joined_to_previous)
        .map(|w| w.lower);

    if let (Some(p), true) = (previous, !any(current, &DOUBLED_WORDS_ALLOWED)) {
        // Three times or more is emphasis ("merci merci merci", "GUIDE GUIDE GUIDE").
        let run_of_three = next == Some(current)
            || (index >= 2
                && words[index - 1].joined_to_previous
                && words[index - 2].lower == current);
        // ("l'équipe A a battu": a capital letter naming something mid-sentence, then the
        // verb; "A a lot of people" opening a sentence is doubled.)
        let letter_name = !words[index - 1].sentence_start && {
            let mut letters = words[index - 1].cased.chars();
            letters.next().is_some_and(char::is_uppercase)
                && letters.next().is_none()
                && words[index].cased.starts_with(char::is_lowercase)
        };
        if p == current
            && !run_of_three
            && !letter_name
            && current.chars().all(char::is_alphabetic)
            && !current.ends_with('\'')
        {
            return Some(WritingError::Doubled);
        }
    }
    let context = Context {
        morphology: helpers.morphology,
        english: helpers.english,
        english_non_noun: helpers.english_non_noun,
        english_count_noun: helpers.english_count_noun,
        english_comparative: helpers.english_comparative,
        text: helpers.text,
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

    /// The errors `check` finds in `text`, its words split at spaces and all joined (write
    /// "j' ai" for the two tokens of "j'ai"), with the French morphology.
    pub(super) fn errors(text: &str, lang: Lang) -> Vec<(String, WritingError)> {
        let words: Vec<WordRef> = text
            .split(' ')
            .map(|w| WordRef {
                lower: Box::leak(w.to_lowercase().into_boxed_str()),
                cased: w,
                joined_to_previous: true,
                quoted: false,
                followed_by: Some(' '),
                sentence_start: false,
                number_before: None,
            })
            .collect();
        found(&words, lang)
    }

    /// The errors `check` finds in `text`, tokenised as the extractor does, with the French
    /// morphology of the Debian dictionary.
    pub(crate) fn errors_in(text: &str, lang: Lang) -> Vec<(String, WritingError)> {
        let norm = crate::text::Normalized::new(text);
        let words: Vec<WordRef> = crate::features::writing_words(&norm)
            .into_iter()
            .map(|(_, word)| word)
            .collect();
        found(&words, lang)
    }

    fn found(words: &[WordRef<'_>], lang: Lang) -> Vec<(String, WritingError)> {
        let morphology = &*french::morphology::tests::MORPHOLOGY;
        let text = TextAnalysis::new(words, morphology);
        let helpers = Helpers {
            morphology: Some(morphology),
            text: Some(&text),
            english: None,
            english_non_noun: None,
            english_count_noun: None,
            english_comparative: None,
        };
        (0..words.len())
            .filter_map(|i| check(words, i, lang, helpers).map(|e| (words[i].cased.to_string(), e)))
            .collect()
    }
}
