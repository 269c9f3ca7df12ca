//! The stance cue features of a reply: the lexicon's stance phrases counted per signal, and
//! a few shapes of the reply (thanks with or without a reason, praise turned into
//! disagreement by a "but", questions, scare quotes, length), each with the character spans
//! of its evidence.

use crate::text::{Normalized, TokenKind};

use super::lexicon::{self, StanceSignal};

/// Bumped whenever the meaning or order of the stance features changes.
pub const STANCE_SCHEMA_VERSION: u32 = 1;

/// Replies with at least this many words that thank give a reason with the thanks.
const REASON_WORDS: usize = 10;

macro_rules! stance_features {
    ($($(#[doc = $doc:literal])* $variant:ident => $name:literal),* $(,)?) => {
        /// Every stance feature, in vector order.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[repr(usize)]
        pub enum StanceFeature { $($(#[doc = $doc])* $variant),* }

        /// The name of every stance feature, in vector order.
        pub const STANCE_FEATURES: &[&str] = &[$($name),*];
    };
}

stance_features! {
    /// Thanks, however short.
    Thanks => "thanks",
    /// Thanks in a reply long enough to say what it thanks for.
    ThanksWithReason => "thanks_with_reason",
    /// Thanks and little else ("Merci !", "Thanks for sharing.").
    BareThanks => "bare_thanks",
    /// Agreement phrases.
    Agreement => "agreement",
    /// Agreement that adds one's own experience or a tip.
    Addition => "addition",
    /// Praise of the parent or its author.
    Praise => "praise",
    /// References to the parent or its author.
    Citation => "citation",
    /// A source named.
    Source => "source",
    /// Corrections of a fact, figure or rule.
    Correction => "correction",
    /// Disagreement, however polite.
    Disagreement => "disagreement",
    /// Contrast markers ("but", "mais").
    Contrast => "contrast",
    /// Praise, thanks or agreement followed by a contrast, correction or disagreement.
    PraiseThenContrast => "praise_then_contrast",
    /// Warnings to other readers.
    Warning => "warning",
    /// Mockery and irony.
    Mocking => "mocking",
    /// Questions that challenge the parent ("according to whom?").
    Challenge => "challenge",
    /// Negation words.
    Negation => "negation",
    /// Question marks.
    Question => "question",
    /// Exclamation marks.
    Exclamation => "exclamation",
    /// @mentions.
    Mention => "mention",
    /// Words between quotation marks ("the 'expert'").
    ScareQuote => "scare_quote",
    /// Words in the reply: ln(1 + words) / 4.
    Length => "length",
    /// A reply of three words or fewer.
    Short => "short",
    /// A reply without a word (emoji, "+1").
    NoWords => "no_words",
}

/// How many stance features a vector has.
pub const STANCE_FEATURE_COUNT: usize = STANCE_FEATURES.len();

/// The stance features of one reply.
#[derive(Debug, Clone)]
pub struct StanceFeatures {
    /// Values in [`STANCE_FEATURES`] order: ln(1 + count) for counts, 0/1 for flags, the
    /// scaled length as it is.
    pub values: [f64; STANCE_FEATURE_COUNT],
    /// Evidence: the feature and the characters `[start, end)` of the (NFC) text it read.
    pub evidence: Vec<(StanceFeature, usize, usize)>,
}

fn feature_of(signal: StanceSignal) -> StanceFeature {
    match signal {
        StanceSignal::Thanks => StanceFeature::Thanks,
        StanceSignal::Agreement => StanceFeature::Agreement,
        StanceSignal::Addition => StanceFeature::Addition,
        StanceSignal::Praise => StanceFeature::Praise,
        StanceSignal::Citation => StanceFeature::Citation,
        StanceSignal::Source => StanceFeature::Source,
        StanceSignal::Correction => StanceFeature::Correction,
        StanceSignal::Disagreement => StanceFeature::Disagreement,
        StanceSignal::Contrast => StanceFeature::Contrast,
        StanceSignal::Warning => StanceFeature::Warning,
        StanceSignal::Mocking => StanceFeature::Mocking,
        StanceSignal::Challenge => StanceFeature::Challenge,
        StanceSignal::Negation => StanceFeature::Negation,
    }
}

/// Extracts the stance features of a normalised reply.
pub fn extract(norm: &Normalized) -> StanceFeatures {
    let mut counts = [0u32; STANCE_FEATURE_COUNT];
    let mut evidence = Vec::new();
    let mut add = |feature: StanceFeature, start: usize, end: usize| {
        counts[feature as usize] += 1;
        evidence.push((feature, norm.char_offset(start), norm.char_offset(end)));
    };
    let matches = lexicon::find(norm);
    let mut first_positive: Option<usize> = None;
    let mut turned = None;
    for m in &matches {
        add(feature_of(m.signal), m.start, m.end);
        match m.signal {
            StanceSignal::Praise | StanceSignal::Thanks | StanceSignal::Agreement => {
                first_positive.get_or_insert(m.start);
            }
            StanceSignal::Contrast | StanceSignal::Correction | StanceSignal::Disagreement
                if turned.is_none() && first_positive.is_some_and(|p| p < m.start) =>
            {
                turned = Some((m.start, m.end));
            }
            _ => {}
        }
    }
    if let Some((start, end)) = turned {
        add(StanceFeature::PraiseThenContrast, start, end);
    }
    let mut words = 0usize;
    for token in &norm.tokens {
        match token.kind {
            TokenKind::Word | TokenKind::Elision => {
                words += 1;
                if token.quoted {
                    add(StanceFeature::ScareQuote, token.start, token.end);
                }
            }
            TokenKind::Mention => add(StanceFeature::Mention, token.start, token.end),
            TokenKind::Punct => match norm.lower_of(token) {
                "?" => add(StanceFeature::Question, token.start, token.end),
                "!" => add(StanceFeature::Exclamation, token.start, token.end),
                _ => {}
            },
            _ => {}
        }
    }
    let thanks = counts[StanceFeature::Thanks as usize] > 0;
    let mut values = counts.map(|c| (c as f64).ln_1p());
    let flag = |on: bool| if on { 1.0 } else { 0.0 };
    values[StanceFeature::ThanksWithReason as usize] = flag(thanks && words >= REASON_WORDS);
    values[StanceFeature::BareThanks as usize] = flag(thanks && words < REASON_WORDS);
    values[StanceFeature::PraiseThenContrast as usize] = flag(turned.is_some());
    values[StanceFeature::Length as usize] = (words as f64).ln_1p() / 4.0;
    values[StanceFeature::Short as usize] = flag(words <= 3);
    values[StanceFeature::NoWords as usize] = flag(words == 0);
    StanceFeatures { values, evidence }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn features(text: &str) -> StanceFeatures {
        extract(&Normalized::new(text))
    }

    fn value(text: &str, feature: StanceFeature) -> f64 {
        features(text).values[feature as usize]
    }

    #[test]
    fn thanks_with_a_reason_is_told_from_bare_thanks() {
        let bare = "Merci pour le partage !";
        assert_eq!(value(bare, StanceFeature::BareThanks), 1.0);
        assert_eq!(value(bare, StanceFeature::ThanksWithReason), 0.0);
        let reason = "Thanks Dana, the before/after by quarter is exactly what I needed to convince my director.";
        assert_eq!(value(reason, StanceFeature::ThanksWithReason), 1.0);
        assert_eq!(value(reason, StanceFeature::BareThanks), 0.0);
        assert_eq!(value("Great question.", StanceFeature::BareThanks), 0.0);
    }

    #[test]
    fn praise_followed_by_but_is_polite_disagreement() {
        let polite = "Great post, but the figure is wrong: it was 15%, not 50%.";
        assert_eq!(value(polite, StanceFeature::PraiseThenContrast), 1.0);
        assert!(value(polite, StanceFeature::Correction) > 0.0);
        // Contrast before the praise does not count.
        assert_eq!(
            value(
                "But honestly, great post.",
                StanceFeature::PraiseThenContrast
            ),
            0.0
        );
    }

    #[test]
    fn spans_are_character_offsets_of_the_evidence() {
        let text = "Évidemment, méfiez-vous: « expert » selon qui ?";
        let f = features(text);
        let chars: Vec<char> = text.chars().collect();
        let shown: Vec<(StanceFeature, String)> = f
            .evidence
            .iter()
            .map(|(feature, s, e)| (*feature, chars[*s..*e].iter().collect()))
            .collect();
        for expected in [
            (StanceFeature::Warning, "méfiez-vous"),
            (StanceFeature::ScareQuote, "expert"),
            (StanceFeature::Challenge, "selon qui"),
            (StanceFeature::Question, "?"),
        ] {
            assert!(
                shown.contains(&(expected.0, expected.1.to_string())),
                "{expected:?} not in {shown:?}"
            );
        }
    }

    #[test]
    fn length_and_wordless_replies() {
        assert_eq!(value("👍👍", StanceFeature::NoWords), 1.0);
        assert_eq!(value("+1", StanceFeature::Short), 1.0);
        assert_eq!(value("ok", StanceFeature::NoWords), 0.0);
        assert!(value("one two three four five", StanceFeature::Length) > 0.0);
    }
}
