//! Language identification for short posts: a vote of French and English function words
//! over the tokens already produced; on a tie the declared language, then the words only one
//! language's dictionary knows, then whatlang (restricted to French and English). Measured
//! cheaper and more accurate on short, mixed texts than running a
//! general detector on the raw string.

use std::sync::LazyLock;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::lexicon::{en, fr};
use crate::text::{Normalized, TokenKind};

/// The languages credscore scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// French.
    Fr,
    /// English.
    En,
    /// Neither, as far as detection can tell (no words, or whatlang names another language).
    Other,
}

impl Lang {
    /// The code stored and shown for the language (`fr`, `en`, `other`).
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
            Lang::Other => "other",
        }
    }

    /// Reads a language hint such as `fr`, `fr-CA`, `en_US`, `French`.
    pub fn from_hint(hint: &str) -> Option<Lang> {
        let hint = hint.trim().to_ascii_lowercase();
        if hint.starts_with("fr") {
            Some(Lang::Fr)
        } else if hint.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }
}

/// Function word → (French vote, English vote), from `lexicons/{fr,en}/function_words.txt`.
/// A hash lookup per word instead of a scan of both lists: the scan was about a quarter of
/// the scoring time.
static VOTES: LazyLock<FxHashMap<&'static str, (u32, u32)>> = LazyLock::new(|| {
    let mut votes: FxHashMap<&'static str, (u32, u32)> = FxHashMap::default();
    for word in fr::FUNCTION_WORDS.iter() {
        votes.entry(word).or_default().0 = 1;
    }
    for word in en::FUNCTION_WORDS.iter() {
        votes.entry(word).or_default().1 = 1;
    }
    votes
});

/// What language detection asks of spelling dictionaries when function words and the hint
/// leave a text undecided. Declared here and implemented by [`crate::spell::Dictionaries`],
/// so that spelling depends on languages and not the other way round.
pub trait WordLanguages {
    /// Whether there are dictionaries to ask at all.
    fn is_loaded(&self) -> bool;
    /// Whether `word` is a French word and whether it is an English one.
    fn languages_of(&self, word: &str) -> (bool, bool);
}

fn vote(word: &str) -> (u32, u32) {
    VOTES.get(word).copied().unwrap_or_default()
}

/// Detects the language of a tokenised text; `hint` (the item's `lang` field) breaks ties.
pub fn detect(text: &Normalized, hint: Option<Lang>) -> Lang {
    detect_with(text, hint, None)
}

/// As [`detect`]; when neither function words nor a hint decide, the words found in only one
/// language's dictionary vote next ("Congrats mate", "Bien mérité"), before whatlang, which
/// is unreliable on a few words.
pub fn detect_with(
    text: &Normalized,
    hint: Option<Lang>,
    dictionaries: Option<&dyn WordLanguages>,
) -> Lang {
    let (mut french, mut english) = (0u32, 0u32);
    let mut words = 0u32;
    for token in &text.tokens {
        if matches!(token.kind, TokenKind::Word | TokenKind::Elision) {
            words += 1;
            let (f, e) = vote(text.lower_of(token));
            french += f;
            english += e;
        }
    }
    if french > english {
        return Lang::Fr;
    }
    if english > french {
        return Lang::En;
    }
    if words == 0 {
        // A link alone has no language; its cues do not depend on one, so it is read as
        // English when the item declares none.
        let link = text.tokens.iter().any(|t| t.kind == TokenKind::Url);
        return hint.unwrap_or(if link { Lang::En } else { Lang::Other });
    }
    if let Some(hint) = hint {
        return hint;
    }
    if let Some(dictionaries) = dictionaries.filter(|d| d.is_loaded()) {
        let (mut french, mut english) = (0u32, 0u32);
        for token in &text.tokens {
            if token.kind == TokenKind::Word {
                match dictionaries.languages_of(text.cased_of(token)) {
                    (true, false) => french += 1,
                    (false, true) => english += 1,
                    _ => {}
                }
            }
        }
        if french != english {
            return if french > english { Lang::Fr } else { Lang::En };
        }
    }
    // A tie: ask whatlang, restricted to the two languages, on the first 160 bytes.
    let mut end = text.cased.len().min(160);
    while !text.cased.is_char_boundary(end) {
        end -= 1;
    }
    let detector =
        whatlang::Detector::with_allowlist(vec![whatlang::Lang::Fra, whatlang::Lang::Eng]);
    match detector.detect_lang(&text.cased[..end]) {
        Some(whatlang::Lang::Fra) => Lang::Fr,
        Some(whatlang::Lang::Eng) => Lang::En,
        _ => Lang::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(text: &str) -> Lang {
        detect(&Normalized::new(text), None)
    }

    #[test]
    fn detects_short_french_and_english() {
        assert_eq!(lang("Merci pour le partage, c'est très utile"), Lang::Fr);
        assert_eq!(lang("Thanks for sharing, this is really useful"), Lang::En);
        assert_eq!(lang("Ça dépend du client"), Lang::Fr);
        assert_eq!(lang("Great post!"), Lang::En);
    }

    #[test]
    fn mixed_text_goes_to_the_dominant_language() {
        assert_eq!(
            lang("Le growth hacking, c'est juste du marketing avec un hoodie"),
            Lang::Fr
        );
        assert_eq!(lang("Our social media manager said « c'est la vie » and then moved on to the next client"), Lang::En);
    }

    #[test]
    fn no_words_falls_back_to_the_hint() {
        assert_eq!(
            detect(&Normalized::new("https://exemple.ca"), Some(Lang::Fr)),
            Lang::Fr
        );
        assert_eq!(lang("🚀🚀🚀"), Lang::Other);
        // A link alone, with no declared language, is read (as English).
        assert_eq!(
            lang("https://www.example-coaching.com/free-audit"),
            Lang::En
        );
    }
}
