//! The [`Extractor`]: runs the phrase, token and writing passes over a text and shapes the
//! counts into an [`Extracted`] vector.

use std::sync::Arc;

use super::writing_errors::singular_after_number;
use super::{phrases, writing_errors, Collector, Extracted, Feature, FEATURE_COUNT};
use crate::lang::{self, Lang};
use crate::lexicon::{self, FIRST_PERSON, GREETINGS, SECOND_PERSON};
use crate::spell::Dictionaries;
use crate::text::{Normalized, Token, TokenKind};
use crate::writing::WordRef;

/// Turns texts into features. Cheap to clone; share one per process.
#[derive(Debug, Clone)]
pub struct Extractor {
    dictionaries: Arc<Dictionaries>,
}

impl Extractor {
    /// An extractor checking spelling with `dictionaries`; parses the lexicons now, so the
    /// first text costs no more than the others.
    pub fn new(dictionaries: Arc<Dictionaries>) -> Self {
        lexicon::load_all();
        phrases::load();
        Extractor { dictionaries }
    }

    /// The dictionaries spelling is checked with.
    pub fn dictionaries(&self) -> &Dictionaries {
        &self.dictionaries
    }

    /// Extracts the features of `text`; `hint` is the item's declared language, if any.
    pub fn extract(&self, text: &str, hint: Option<Lang>, is_comment: bool) -> Extracted {
        let norm = Normalized::new(text);
        let lang = lang::detect_with(&norm, hint, Some(&*self.dictionaries));
        let mut c = Collector {
            norm: &norm,
            counts: [0; FEATURE_COUNT],
            evidence: Vec::new(),
        };

        let has_source = phrases::collect(&norm, &mut c);

        // Token-level counts.
        let mut words = Vec::with_capacity(norm.tokens.len());
        let (mut links, mut non_link_words, mut caps_words, mut long_words) = (0, 0, 0, 0);
        let mut statistics = Vec::new();
        for (index, token) in norm.tokens.iter().enumerate() {
            match token.kind {
                TokenKind::Url => {
                    links += 1;
                    c.add(Feature::Links, token.start, token.end);
                }
                TokenKind::Hashtag => c.add(Feature::Hashtags, token.start, token.end),
                TokenKind::Mention => c.add(Feature::Mentions, token.start, token.end),
                TokenKind::Emoji => {
                    if !norm.lower_of(token).starts_with(['\u{FE0F}', '\u{200D}']) {
                        c.add(Feature::Emoji, token.start, token.end);
                    }
                }
                TokenKind::Punct => match norm.lower_of(token) {
                    "!" => c.add(Feature::Exclamations, token.start, token.end),
                    "?" => c.add(Feature::Questions, token.start, token.end),
                    _ => {}
                },
                TokenKind::Number => {
                    let value = norm.lower_of(token);
                    if lang == Lang::Fr {
                        if let Some(next) = norm.tokens.get(index + 1) {
                            if singular_after_number(&norm, token, next) {
                                c.add(Feature::Agreement, next.start, next.end);
                            }
                        }
                    }
                    let percent_word = norm.tokens.get(index + 1).is_some_and(|n| {
                        matches!(norm.lower_of(n), "percent" | "pourcent" | "pour")
                    });
                    if value.ends_with('%')
                        || percent_word
                        || norm.lower[token.end..].starts_with(" %")
                    {
                        statistics.push(*token);
                    }
                    // "3x", "10X": promised multipliers; "60k", "1,000+": big round numbers as proof.
                    if value.ends_with(['x', 'X']) {
                        c.add(Feature::Guarantee, token.start, token.end);
                    } else if value.ends_with(['k', 'K'])
                        || norm.lower[token.end..].starts_with('+')
                    {
                        c.add(Feature::VanityMetric, token.start, token.end);
                    }
                }
                TokenKind::Word | TokenKind::Elision => {
                    non_link_words += 1;
                    let cased = norm.cased_of(token);
                    let lower = norm.lower_of(token);
                    if cased.chars().count() >= 3 && cased.chars().all(|c| !c.is_lowercase()) {
                        caps_words += 1;
                    }
                    if cased.chars().count() >= 3 {
                        long_words += 1;
                    }
                    if FIRST_PERSON.contains(&lower) {
                        c.counts[Feature::FirstPerson as usize] += 1;
                    }
                    if SECOND_PERSON.contains(&lower) {
                        c.counts[Feature::SecondPerson as usize] += 1;
                    }
                    let joined = words.last().is_some_and(|previous: &(Token, WordRef)| {
                        previous.0.sentence == token.sentence
                            && norm.lower[previous.0.end..token.start]
                                .chars()
                                .all(|c| c == ' ')
                    });
                    words.push((
                        *token,
                        WordRef {
                            lower,
                            cased,
                            joined_to_previous: joined,
                        },
                    ));
                }
            }
        }
        if !has_source {
            for token in &statistics {
                c.add(Feature::UnsourcedStatistic, token.start, token.end);
            }
        }
        if links > 0 && non_link_words < 4 {
            let link = norm
                .tokens
                .iter()
                .find(|t| t.kind == TokenKind::Url)
                .expect("a link");
            c.add(Feature::BareLink, link.start, link.end);
        }
        if long_words >= 3 && caps_words * 2 >= long_words {
            c.add(Feature::Shouting, 0, norm.lower.len());
        }
        if let Some((start, end)) = reply_by_name(&norm) {
            c.add(Feature::ReplyByName, start, end);
        }

        // Writing: rules over neighbouring words, then the dictionaries.
        let checked = writing_errors::collect(&self.dictionaries, &norm, &words, lang, &mut c);

        let Collector {
            counts,
            mut evidence,
            ..
        } = c;
        let mut out = Extracted {
            lang,
            values: [0.0; FEATURE_COUNT],
            evidence: Vec::new(),
        };
        let log = |n: u32| (1.0 + n as f64).ln();
        for (value, count) in out.values.iter_mut().zip(counts) {
            *value = log(count);
        }
        let errors =
            counts[Feature::Misspellings as usize] + counts[Feature::MissingAccents as usize];
        // Errors add up whatever their kind: one total lets the model say "any error".
        let all_errors = errors
            + counts[Feature::Homophones as usize]
            + counts[Feature::Agreement as usize]
            + counts[Feature::DoubledWords as usize];
        out.values[Feature::WritingErrorTotal as usize] = log(all_errors);
        out.values[Feature::MisspellingRate as usize] = if checked > 0 {
            (errors as f64 / checked as f64).min(1.0)
        } else {
            0.0
        };
        out.values[Feature::Length as usize] = log(text.chars().count() as u32) / 7.0;
        out.values[Feature::IsComment as usize] = is_comment as u8 as f64;
        out.values[Feature::French as usize] = (lang == Lang::Fr) as u8 as f64;
        out.values[Feature::English as usize] = (lang == Lang::En) as u8 as f64;
        evidence.retain(|e| e.end > e.start);
        out.evidence = evidence;
        out
    }
}

/// A text that opens by addressing someone: "@julie …", "Julie, …", "Merci Marc …".
fn reply_by_name(norm: &Normalized) -> Option<(usize, usize)> {
    let tokens = &norm.tokens;
    let first = tokens.first()?;
    if first.kind == TokenKind::Mention {
        return Some((first.start, first.end));
    }
    let is_name = |t: &Token| {
        t.kind == TokenKind::Mention
            || (t.kind == TokenKind::Word
                && norm
                    .cased_of(t)
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase))
    };
    if first.kind == TokenKind::Word && is_name(first) && norm.cased[first.end..].starts_with(',') {
        return Some((first.start, first.end));
    }
    let greeting = tokens
        .iter()
        .take(2)
        .position(|t| GREETINGS.contains(&norm.lower_of(t)))?;
    let name = tokens
        .iter()
        .skip(greeting + 1)
        .take(3)
        .find(|t| t.kind != TokenKind::Punct)?;
    let not_a_pronoun = !matches!(
        norm.lower_of(name),
        "you" | "vous" | "à" | "pour" | "for" | "tout" | "all" | "beaucoup"
    );
    (is_name(name) && not_a_pronoun).then_some((tokens[greeting].start, name.end))
}
