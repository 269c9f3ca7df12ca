//! Feature extraction: from a text to a fixed-width vector of named, explainable features,
//! each tied to a cue and to the character spans of its evidence.

use std::sync::{Arc, LazyLock};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::{Deserialize, Serialize};

use crate::lang::{self, Lang};
use crate::lexicon::{Signal, MISSING_ACCENTS, PHRASES, SPELLING_ALLOWLIST};
use crate::spell::Dictionaries;
use crate::text::{Normalized, Token, TokenKind};
use crate::writing::{self, WordRef, WritingError};

/// Bumped whenever the meaning or order of features changes; a model trained on another
/// schema is refused at load time.
pub const FEATURE_SCHEMA_VERSION: u32 = 2;

/// The cue a feature is evidence for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cue {
    SelfPromotion,
    UnverifiableClaims,
    WritingErrors,
    /// What credible practitioners do: answer, cite, disclose, admit mistakes.
    PositiveEvidence,
    /// Length, language, kind: not evidence, but context the model needs.
    Context,
}

impl Cue {
    pub fn as_str(self) -> &'static str {
        match self {
            Cue::SelfPromotion => "self_promotion",
            Cue::UnverifiableClaims => "unverifiable_claims",
            Cue::WritingErrors => "writing_errors",
            Cue::PositiveEvidence => "positive_evidence",
            Cue::Context => "context",
        }
    }
}

macro_rules! features {
    ($($variant:ident => ($name:literal, $cue:ident)),* $(,)?) => {
        /// Every feature, in vector order.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[repr(usize)]
        pub enum Feature { $($variant),* }

        /// Name and cue of every feature, in vector order.
        pub const FEATURES: &[(&str, Cue)] = &[$(($name, Cue::$cue)),*];
    };
}

features! {
    ContactCall => ("contact_call", SelfPromotion),
    BuyCall => ("buy_call", SelfPromotion),
    FollowCall => ("follow_call", SelfPromotion),
    OwnOffer => ("own_offer", SelfPromotion),
    Discount => ("discount", SelfPromotion),
    Contest => ("contest", SelfPromotion),
    SelfBroadcast => ("self_broadcast", SelfPromotion),
    Pingback => ("pingback", SelfPromotion),
    Links => ("links", SelfPromotion),
    Hashtags => ("hashtags", SelfPromotion),
    Emoji => ("emoji", SelfPromotion),
    BareLink => ("bare_link", SelfPromotion),
    Exclamations => ("exclamations", SelfPromotion),
    Shouting => ("shouting", SelfPromotion),
    SelfTitle => ("self_applied_title", UnverifiableClaims),
    FirstPersonClaim => ("first_person_claim", UnverifiableClaims),
    Guarantee => ("guarantee", UnverifiableClaims),
    VanityMetric => ("vanity_metric", UnverifiableClaims),
    Superlative => ("superlative", UnverifiableClaims),
    Buzzword => ("buzzword", UnverifiableClaims),
    UnsourcedStatistic => ("unsourced_statistic", UnverifiableClaims),
    ReportedClaim => ("reported_claim", UnverifiableClaims),
    Critique => ("critique", UnverifiableClaims),
    Misspellings => ("misspelling", WritingErrors),
    MisspellingRate => ("misspelling_rate", WritingErrors),
    Homophones => ("homophone", WritingErrors),
    Agreement => ("agreement", WritingErrors),
    DoubledWords => ("doubled_word", WritingErrors),
    MissingAccents => ("missing_accent", WritingErrors),
    WritingErrorTotal => ("writing_error_total", WritingErrors),
    ReplyByName => ("reply_by_name", PositiveEvidence),
    Questions => ("question", PositiveEvidence),
    SourceCitation => ("source_citation", PositiveEvidence),
    Disclosure => ("disclosure", PositiveEvidence),
    MistakeAdmission => ("mistake_admission", PositiveEvidence),
    Thanks => ("thanks", PositiveEvidence),
    Hedging => ("hedging", PositiveEvidence),
    Method => ("method", PositiveEvidence),
    ConcreteSpecifics => ("concrete_specifics", PositiveEvidence),
    Mentions => ("mentions", PositiveEvidence),
    Length => ("length", Context),
    IsComment => ("is_comment", Context),
    French => ("french", Context),
    English => ("english", Context),
    FirstPerson => ("first_person", Context),
    SecondPerson => ("second_person", Context),
}

pub const FEATURE_COUNT: usize = FEATURES.len();

/// One piece of evidence: a feature and the characters `[start, end)` that triggered it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Evidence {
    pub feature: Feature,
    pub start: usize,
    pub end: usize,
}

/// The features of one text.
#[derive(Debug, Clone)]
pub struct Extracted {
    pub lang: Lang,
    pub values: [f64; FEATURE_COUNT],
    pub evidence: Vec<Evidence>,
}

struct Lexicon {
    automaton: AhoCorasick,
    /// Per pattern: its signal, whether it may be followed by more letters (`*`), and
    /// whether its ends need word boundaries.
    patterns: Vec<(Signal, bool, bool, bool)>,
}

static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut strings = Vec::new();
    let mut patterns = Vec::new();
    for (signal, phrases) in PHRASES {
        for phrase in *phrases {
            let (text, prefix) = match phrase.strip_suffix('*') {
                Some(stem) => (stem, true),
                None => (*phrase, false),
            };
            let left = text.chars().next().is_some_and(char::is_alphanumeric);
            let right = !prefix && text.chars().last().is_some_and(char::is_alphanumeric);
            strings.push(text.to_string());
            patterns.push((*signal, prefix, left, right));
        }
    }
    let automaton = AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&strings)
        .expect("lexicon phrases form a valid automaton");
    Lexicon {
        automaton,
        patterns,
    }
});

static ALLOWLIST: LazyLock<rustc_hash::FxHashSet<&'static str>> =
    LazyLock::new(|| SPELLING_ALLOWLIST.iter().copied().collect());
static ACCENTLESS: LazyLock<rustc_hash::FxHashSet<&'static str>> =
    LazyLock::new(|| MISSING_ACCENTS.iter().copied().collect());

const FIRST_PERSON: &[&str] = &[
    "i", "me", "my", "je", "j'", "moi", "mon", "ma", "mes", "we", "our", "nous", "notre", "nos",
    "i'm", "i've",
];
const SECOND_PERSON: &[&str] = &[
    "you", "your", "vous", "votre", "vos", "tu", "ton", "ta", "tes", "t'", "you're", "toi",
];
const GREETINGS: &[&str] = &[
    "merci", "thanks", "thank", "bonjour", "salut", "allo", "allô", "hi", "hello", "hey", "bravo",
    "dear", "cher", "chère", "coucou",
];

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Turns texts into features. Cheap to clone; share one per process.
#[derive(Debug, Clone)]
pub struct Extractor {
    dictionaries: Arc<Dictionaries>,
}

struct Collector<'a> {
    norm: &'a Normalized,
    counts: [u32; FEATURE_COUNT],
    evidence: Vec<Evidence>,
}

impl Collector<'_> {
    /// Counts one occurrence of `feature` with its evidence at bytes `start..end`.
    fn add(&mut self, feature: Feature, start: usize, end: usize) {
        self.counts[feature as usize] += 1;
        self.evidence.push(Evidence {
            feature,
            start: self.norm.char_offset(start),
            end: self.norm.char_offset(end),
        });
    }
}

struct Match {
    signal: Signal,
    start: usize,
    end: usize,
    sentence: u32,
    quoted: bool,
}

impl Extractor {
    pub fn new(dictionaries: Arc<Dictionaries>) -> Self {
        LazyLock::force(&LEXICON);
        Extractor { dictionaries }
    }

    pub fn dictionaries(&self) -> &Dictionaries {
        &self.dictionaries
    }

    /// Extracts the features of `text`; `hint` is the item's declared language, if any.
    pub fn extract(&self, text: &str, hint: Option<Lang>, is_comment: bool) -> Extracted {
        let norm = Normalized::new(text);
        let lang = lang::detect_with(&norm, hint, Some(&self.dictionaries));
        let mut c = Collector {
            norm: &norm,
            counts: [0; FEATURE_COUNT],
            evidence: Vec::new(),
        };

        let matches = find_phrases(&norm);
        let sentences = norm.sentence_count as usize;
        let mut critical_sentence = vec![false; sentences];
        let mut first_person_sentence = vec![false; sentences];
        let mut has_source = false;
        for m in &matches {
            match m.signal {
                Signal::CritiqueMarker => critical_sentence[m.sentence as usize] = true,
                Signal::FirstPersonClaim => first_person_sentence[m.sentence as usize] = true,
                Signal::SourceMarker => has_source = true,
                _ => {}
            }
        }
        // A year in parentheses, "(2023)", cites a dated source.
        has_source |= norm.lower.match_indices('(').any(|(at, _)| {
            let rest = &norm.lower.as_bytes()[at + 1..];
            rest.len() >= 5
                && rest[..4].iter().all(u8::is_ascii_digit)
                && (rest[0] == b'1' || rest[0] == b'2')
        });

        for m in &matches {
            let reported = m.quoted || critical_sentence[m.sentence as usize];
            let feature = match m.signal {
                Signal::ContactCall => Some(Feature::ContactCall),
                Signal::BuyCall => Some(Feature::BuyCall),
                Signal::FollowCall => Some(Feature::FollowCall),
                Signal::OwnOffer => Some(if reported {
                    Feature::ReportedClaim
                } else {
                    Feature::OwnOffer
                }),
                Signal::Discount => Some(Feature::Discount),
                Signal::Contest => Some(Feature::Contest),
                Signal::SelfBroadcast => Some(Feature::SelfBroadcast),
                Signal::Pingback => Some(Feature::Pingback),
                Signal::Title => Some(if reported {
                    Feature::ReportedClaim
                } else {
                    if first_person_sentence[m.sentence as usize] {
                        c.add(Feature::FirstPersonClaim, m.start, m.end);
                    }
                    Feature::SelfTitle
                }),
                Signal::TitlePlural => Some(Feature::ReportedClaim),
                Signal::Guarantee => Some(if reported {
                    Feature::ReportedClaim
                } else {
                    Feature::Guarantee
                }),
                Signal::Superlative => Some(if reported {
                    Feature::ReportedClaim
                } else {
                    Feature::Superlative
                }),
                Signal::Buzzword => Some(if reported {
                    Feature::ReportedClaim
                } else {
                    Feature::Buzzword
                }),
                Signal::CritiqueMarker => Some(Feature::Critique),
                Signal::SourceMarker => Some(Feature::SourceCitation),
                Signal::Disclosure => Some(Feature::Disclosure),
                Signal::MistakeAdmission => Some(Feature::MistakeAdmission),
                Signal::Thanks => Some(Feature::Thanks),
                Signal::Hedge => Some(Feature::Hedging),
                Signal::Method => Some(Feature::Method),
                Signal::VanityUnit | Signal::SpecificUnit => {
                    if follows_number(&norm, m.start) {
                        Some(if m.signal == Signal::VanityUnit {
                            Feature::VanityMetric
                        } else {
                            Feature::ConcreteSpecifics
                        })
                    } else {
                        None
                    }
                }
                Signal::FirstPersonClaim => None,
            };
            if let Some(feature) = feature {
                c.add(feature, m.start, m.end);
            }
        }

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
        let refs: Vec<WordRef> = words.iter().map(|(_, w)| *w).collect();
        let mut checked = 0u32;
        for (index, (token, word)) in words.iter().enumerate() {
            if let Some(error) = writing::check(&refs, index, lang) {
                let feature = match error {
                    WritingError::Homophone => Feature::Homophones,
                    WritingError::Agreement => Feature::Agreement,
                    WritingError::Doubled => Feature::DoubledWords,
                };
                c.add(feature, token.start, token.end);
                continue;
            }
            if token.kind != TokenKind::Word {
                continue;
            }
            if lang == Lang::Fr && ACCENTLESS.contains(word.lower) {
                checked += 1;
                c.add(Feature::MissingAccents, token.start, token.end);
                continue;
            }
            // The first word of a sentence is capitalised by rule, not because it is a name,
            // unless it addresses someone ("Julie, …").
            let sentence_start = index == 0 || words[index - 1].0.sentence != token.sentence;
            let opens_sentence = sentence_start
                && is_capitalised(word.cased)
                && word.cased.chars().count() >= 4
                && !norm.cased[token.end..].starts_with(',');
            if !(opens_sentence
                && lang == Lang::Fr
                && word.lower.contains(['é', 'è', 'ê', 'à', 'ç'])
                || should_spell_check(word.cased))
            {
                continue;
            }
            checked += 1;
            if lang == Lang::Fr && ACCENTLESS.contains(word.lower) {
                c.add(Feature::MissingAccents, token.start, token.end);
            } else if !ALLOWLIST.contains(word.lower)
                && !self.dictionaries.is_correct(word.cased, lang)
            {
                c.add(Feature::Misspellings, token.start, token.end);
            }
        }

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

fn is_capitalised(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase)
        && chars.all(|c| c.is_lowercase() || c == '\'' || c == '-')
}

/// French words that follow a number without taking a plural ending.
const AFTER_NUMBER_FR: &[&str] = &[
    "pour",
    "avec",
    "dans",
    "chez",
    "entre",
    "vers",
    "mille",
    "cent",
    "cents",
    "janvier",
    "février",
    "mars",
    "avril",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
    "heure",
    "points",
    "contre",
    "selon",
    "depuis",
    "après",
    "avant",
    "pendant",
    "sinon",
    "voire",
    "puis",
    "donc",
    "alors",
    "mais",
    "était",
    "sont",
    "sera",
    "fait",
    "font",
    "restent",
    "reste",
];

/// "3 semaine", "30 jour": a number above one before a French noun with no plural ending.
fn singular_after_number(norm: &Normalized, number: &Token, next: &Token) -> bool {
    let digits = norm.lower_of(number);
    if !digits.chars().all(|c| c.is_ascii_digit()) || next.kind != TokenKind::Word {
        return false;
    }
    let Ok(value) = digits.parse::<u32>() else {
        return false;
    };
    let year = (1900..=2100).contains(&value);
    let word = norm.cased_of(next);
    value >= 2
        && !year
        && norm.lower[number.end..next.start] == *" "
        && word.chars().count() >= 4
        && word.chars().all(|c| c.is_lowercase())
        && !word.ends_with(['s', 'x', 'z'])
        && !AFTER_NUMBER_FR.contains(&word)
}

/// Whether a word is a candidate for the dictionaries: not a name, acronym or code.
fn should_spell_check(cased: &str) -> bool {
    let mut chars = cased.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let letters = cased.chars().count();
    if letters < 2
        || !cased
            .chars()
            .all(|c| c.is_alphabetic() || c == '\'' || c == '-')
    {
        return false;
    }
    let all_caps = cased.chars().all(|c| !c.is_lowercase());
    if all_caps {
        // Acronyms (SEO, ROI, PME) are not words; shouted long words are.
        return letters > 5;
    }
    // Capitalised words are names and brands more often than misspellings; internal
    // capitals (LinkedIn, iPhone) are brands.
    !first.is_uppercase() && chars.all(|c| !c.is_uppercase())
}

fn find_phrases(norm: &Normalized) -> Vec<Match> {
    let lexicon = &*LEXICON;
    let text = norm.lower.as_str();
    let mut matches = Vec::new();
    for found in lexicon.automaton.find_iter(text) {
        let (signal, prefix, left, right) = lexicon.patterns[found.pattern().as_usize()];
        let (start, mut end) = (found.start(), found.end());
        if left && text[..start].chars().next_back().is_some_and(is_word_char) {
            continue;
        }
        if prefix {
            end += text[end..]
                .find(|c: char| !c.is_alphabetic())
                .unwrap_or(text.len() - end);
        } else if right && text[end..].chars().next().is_some_and(is_word_char) {
            continue;
        }
        let token = token_at(norm, start);
        matches.push(Match {
            signal,
            start,
            end,
            sentence: token.map_or(0, |t| t.sentence),
            quoted: token.is_some_and(|t| t.quoted),
        });
    }
    matches
}

/// The token starting at or covering byte `at`, or the next one.
fn token_at(norm: &Normalized, at: usize) -> Option<&Token> {
    let index = norm.tokens.partition_point(|t| t.end <= at);
    norm.tokens.get(index).or_else(|| norm.tokens.last())
}

/// Whether a number stands just before byte `at` ("12 000 abonnés", "3 months").
fn follows_number(norm: &Normalized, at: usize) -> bool {
    let index = norm.tokens.partition_point(|t| t.end <= at);
    let before = &norm.tokens[..index];
    before
        .iter()
        .rev()
        .take(3)
        .any(|t| t.kind == TokenKind::Number && at - t.end <= 16)
        || norm.lower[..at]
            .trim_end()
            .ends_with(|c: char| c.is_ascii_digit())
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

#[cfg(test)]
mod tests {
    use super::*;

    fn extractor() -> Extractor {
        let dictionaries =
            Dictionaries::load_default().expect("Hunspell dictionaries missing: run `make deps`");
        Extractor::new(Arc::new(dictionaries))
    }

    fn fired(text: &str) -> Vec<(&'static str, String)> {
        let extracted = extractor().extract(text, None, false);
        let chars: Vec<char> = text.chars().collect();
        extracted
            .evidence
            .iter()
            .map(|e| {
                (
                    FEATURES[e.feature as usize].0,
                    chars[e.start..e.end].iter().collect(),
                )
            })
            .collect()
    }

    fn has(text: &str, feature: &str) -> bool {
        fired(text).iter().any(|(f, _)| *f == feature)
    }

    #[test]
    fn self_promotion_in_both_languages() {
        let fr = fired("Mon nouveau livre est sorti! Contactez-moi pour un rabais de 20 % 🚀 https://exemple.ca");
        let names: Vec<_> = fr.iter().map(|(f, _)| *f).collect();
        for expected in ["own_offer", "contact_call", "discount", "emoji", "links"] {
            assert!(names.contains(&expected), "{expected} missing from {fr:?}");
        }
        assert!(fr.contains(&("contact_call", "Contactez-moi".to_string())));
        assert!(has("DM me for my course, link in bio", "contact_call"));
        assert!(has("Grab your copy of my new book today!", "own_offer"));
        assert!(has(
            "Tweets that mention this post -- Topsy.com",
            "pingback"
        ));
        assert!(has("https://bit.ly/x", "bare_link"));
    }

    #[test]
    fn claims_fire_when_self_applied_not_when_criticised() {
        assert!(has(
            "Je suis expert en médias sociaux, résultats garantis.",
            "self_applied_title"
        ));
        assert!(has(
            "Je suis expert en médias sociaux, résultats garantis.",
            "guarantee"
        ));
        assert!(has(
            "As a certified growth ninja I will triple your sales",
            "self_applied_title"
        ));
        let critique = "Méfiez-vous de quiconque se proclame « gourou » des médias sociaux.";
        assert!(
            !has(critique, "self_applied_title"),
            "{:?}",
            fired(critique)
        );
        assert!(has(critique, "reported_claim"));
        let irony = "Oh sure, another self-proclaimed social media guru with guaranteed results.";
        assert!(
            !has(irony, "self_applied_title") && !has(irony, "guarantee"),
            "{:?}",
            fired(irony)
        );
    }

    #[test]
    fn statistics_need_a_source() {
        assert!(has(
            "87% of marketers say video works best.",
            "unsourced_statistic"
        ));
        assert!(!has(
            "According to the Pew Research Center (2023), 21% of adults use it.",
            "unsourced_statistic"
        ));
        assert!(has(
            "J'ai 50 000 abonnés, je sais de quoi je parle.",
            "vanity_metric"
        ));
    }

    #[test]
    fn writing_errors_in_both_languages() {
        let fr = fired("Sa va etre tres dificile pour les gestionaires de communauté.");
        let names: Vec<_> = fr.iter().map(|(f, _)| *f).collect();
        assert!(names.contains(&"homophone"), "{fr:?}");
        assert!(names.contains(&"missing_accent"), "{fr:?}");
        assert!(
            fr.contains(&("misspelling", "dificile".to_string())),
            "{fr:?}"
        );
        let en = fired("Your going to definately recieve leads more then before.");
        let names: Vec<_> = en.iter().map(|(f, _)| *f).collect();
        assert!(
            names.iter().filter(|n| **n == "misspelling").count() >= 2,
            "{en:?}"
        );
        assert!(
            names.iter().filter(|n| **n == "homophone").count() >= 2,
            "{en:?}"
        );
    }

    #[test]
    fn names_hashtags_urls_and_anglicisms_are_not_errors() {
        let clean = "Merci @julie_m! Le #growthhacking de Marie-Ève chez Shopify, c'est du marketing de contenu. Voir https://exemple.ca/blogue";
        let errors: Vec<_> = fired(clean)
            .into_iter()
            .filter(|(f, _)| {
                ["misspelling", "homophone", "agreement", "missing_accent"].contains(f)
            })
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
        let clean_en = "Thanks Sarah, your point about LinkedIn analytics is fair. I'd test it on 3 posts first.";
        let errors: Vec<_> = fired(clean_en)
            .into_iter()
            .filter(|(f, _)| ["misspelling", "homophone", "agreement"].contains(f))
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
    }

    #[test]
    fn positive_evidence() {
        assert!(has(
            "Julie, bonne question. Selon l'étude du CEFRIO, ça dépend du secteur.",
            "reply_by_name"
        ));
        assert!(has(
            "Julie, bonne question. Selon l'étude du CEFRIO, ça dépend du secteur.",
            "source_citation"
        ));
        assert!(has("Full disclosure: I work for the vendor.", "disclosure"));
        assert!(has(
            "Vous avez raison, je me suis trompé sur les chiffres.",
            "mistake_admission"
        ));
        assert!(has(
            "We tested it for 6 weeks on 40 posts.",
            "concrete_specifics"
        ));
    }

    #[test]
    fn spans_are_character_offsets() {
        let text = "Équipe géniale. Je suis gourou du web.";
        let extracted = extractor().extract(text, None, false);
        let title = extracted
            .evidence
            .iter()
            .find(|e| e.feature == Feature::SelfTitle)
            .unwrap();
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(
            chars[title.start..title.end].iter().collect::<String>(),
            "gourou"
        );
    }
}
