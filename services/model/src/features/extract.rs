//! The [`Extractor`]: runs the phrase, token and writing passes over a text and shapes the
//! counts into an [`Extracted`] vector.

use std::sync::{Arc, LazyLock};

use rustc_hash::FxHashSet;

use super::writing_errors::singular_after_number;
use super::{boasts, phrases, writing_errors, Collector, Extracted, Feature, FEATURE_COUNT};
use crate::lang::{self, Lang};
use crate::lexicon::{self, FIRST_PERSON, GREETINGS, PHRASES, SECOND_PERSON};
use crate::spell::Dictionaries;
use crate::text::{fold, is_public_source, Normalized, Token, TokenKind};
use crate::writing::WordRef;

/// Every word of the cue phrases (`lexicons/phrases/`), for folding to tell whether digits
/// spell one of them ("c0ntact", "3xp3rt").
static PHRASE_WORDS: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| {
    PHRASES
        .iter()
        .flat_map(|(_, phrases)| phrases.iter())
        .flat_map(|phrase| phrase.trim_end_matches('*').split([' ', '-', '\'']))
        .filter(|word| word.chars().count() >= 2)
        .collect()
});

/// The problem-cue features a phrase can hide behind folding ("ex\u{200B}pert", "3xp3rt",
/// "cоntactez-moi" with a Cyrillic о): hidden, they count twice, since hiding a cue is itself
/// evidence of it. Reported claims and critiques mitigate, and positive evidence is not
/// hidden from anyone, so neither counts twice.
const HIDEABLE: &[Feature] = &[
    Feature::ContactCall,
    Feature::BuyCall,
    Feature::FollowCall,
    Feature::OwnOffer,
    Feature::Discount,
    Feature::Contest,
    Feature::SelfBroadcast,
    Feature::Pingback,
    Feature::SelfTitle,
    Feature::FirstPersonClaim,
    Feature::Guarantee,
    Feature::VanityMetric,
    Feature::Superlative,
    Feature::Buzzword,
];

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
        boasts::load();
        fold::load();
        crate::writing::load();
        LazyLock::force(&PHRASE_WORDS);
        Extractor { dictionaries }
    }

    /// The dictionaries spelling is checked with.
    pub fn dictionaries(&self) -> &Dictionaries {
        &self.dictionaries
    }

    /// Extracts the features of `text`; `hint` is the item's declared language, if any.
    pub fn extract(&self, text: &str, hint: Option<Lang>, is_comment: bool) -> Extracted {
        self.extract_normalized(&self.normalize(text), hint, is_comment)
    }

    /// `text` normalised, folded and tokenised as the cues read it: folding's unsure readings
    /// ("0ffre", "1nfo") are decided by the dictionaries and the cue phrases. Scoring builds
    /// it once and hands it to both [`Extractor::extract_normalized`] and the n-gram channel.
    pub fn normalize(&self, text: &str) -> Normalized {
        let known = |word: &str| {
            PHRASE_WORDS.contains(word) || {
                let (french, english) = self.dictionaries.languages_of(word);
                french || english
            }
        };
        Normalized::with_lexicon(text, &known)
    }

    /// Extracts the features of a text [`Extractor::normalize`] has read.
    pub fn extract_normalized(
        &self,
        norm: &Normalized,
        hint: Option<Lang>,
        is_comment: bool,
    ) -> Extracted {
        let lang = lang::detect_with(norm, hint, Some(&*self.dictionaries));
        let mut c = Collector {
            norm,
            counts: [0; FEATURE_COUNT],
            evidence: Vec::new(),
        };

        let phrases = phrases::collect(norm, &mut c);
        let has_source = phrases.has_source;
        if norm.is_folded() {
            // A cue that matched only once the text was folded was hidden on purpose: it
            // counts once more, with the same evidence.
            for e in &c.evidence {
                if HIDEABLE.contains(&e.feature) && norm.is_obfuscated(e.start, e.end) {
                    c.counts[e.feature as usize] += 1;
                }
            }
        }

        // Token-level counts.
        let mut words = Vec::with_capacity(norm.tokens.len());
        let (mut links, mut non_link_words, mut caps_words, mut long_words) = (0, 0, 0, 0);
        let mut public_sources = 0;
        let mut statistics = Vec::new();
        for (index, token) in norm.tokens.iter().enumerate() {
            match token.kind {
                TokenKind::Url => {
                    if is_public_source(norm.lower_of(token)) {
                        public_sources += 1;
                        c.add(Feature::SourceCitation, token.start, token.end);
                    } else {
                        links += 1;
                        c.add(Feature::Links, token.start, token.end);
                    }
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
                            if singular_after_number(norm, token, next, &self.dictionaries) {
                                c.add(Feature::Agreement, next.start, next.end);
                            }
                        }
                    }
                    let percent_word = norm.tokens.get(index + 1).is_some_and(|n| {
                        matches!(norm.lower_of(n), "percent" | "pourcent" | "pour")
                    });
                    let percent = value.ends_with('%')
                        || percent_word
                        || norm.lower[token.end..].starts_with(" %");
                    if percent && !intensifying_hundred(norm, index) {
                        statistics.push(*token);
                    }
                    // "3x", "10X": promised multipliers (reported in a critical sentence);
                    // "60k", "1,000+": big round numbers as proof.
                    if value.ends_with(['x', 'X']) {
                        let critical = phrases.critical_sentence.get(token.sentence as usize);
                        let feature = if critical == Some(&true) {
                            Feature::ReportedClaim
                        } else {
                            Feature::Guarantee
                        };
                        c.add(feature, token.start, token.end);
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
                    // At least three characters: a third one exists.
                    if cased.chars().nth(2).is_some() {
                        long_words += 1;
                        if cased.chars().all(|c| !c.is_lowercase()) {
                            caps_words += 1;
                        }
                    }
                    if FIRST_PERSON.contains(lower) {
                        c.counts[Feature::FirstPerson as usize] += 1;
                    }
                    if SECOND_PERSON.contains(lower) {
                        c.counts[Feature::SecondPerson as usize] += 1;
                    }
                    push_word(norm, index, &mut words);
                }
            }
        }
        // "9 out of 10", "7 in 10", "neuf clients sur dix": proportions are statistics too.
        for index in 0..norm.tokens.len() {
            if let Some(last) = proportion_at(norm, index) {
                if !norm.tokens[index].quoted {
                    statistics.push(Token {
                        end: norm.tokens[last].end,
                        ..norm.tokens[index]
                    });
                }
            }
        }
        if !has_source && public_sources == 0 {
            for token in &statistics {
                c.add(Feature::UnsourcedStatistic, token.start, token.end);
            }
        }
        if links > 0 && non_link_words < 4 {
            let link = norm
                .tokens
                .iter()
                .find(|t| t.kind == TokenKind::Url && !is_public_source(norm.lower_of(t)))
                .expect("a link");
            c.add(Feature::BareLink, link.start, link.end);
        }
        if long_words >= 3 && caps_words * 2 >= long_words {
            c.add(Feature::Shouting, 0, norm.lower.len());
        }
        boasts::collect(norm, &phrases.critical_sentence, &phrases.admitted, &mut c);
        if let Some((start, end)) = reply_by_name(norm) {
            c.add(Feature::ReplyByName, start, end);
        }

        // Writing: rules over neighbouring words, then the dictionaries.
        let checked = writing_errors::collect(&self.dictionaries, norm, &words, lang, true, &mut c);

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
        // The folded length: invisible characters and stacked marks are not text.
        out.values[Feature::Length as usize] = log(norm.cased.chars().count() as u32) / 7.0;
        out.values[Feature::IsComment as usize] = is_comment as u8 as f64;
        out.values[Feature::French as usize] = (lang == Lang::Fr) as u8 as f64;
        out.values[Feature::English as usize] = (lang == Lang::En) as u8 as f64;
        evidence.retain(|e| e.end > e.start);
        out.evidence = evidence;
        out
    }
}

impl Extractor {
    /// The writing evidence of `text` read as `lang`: the rules and missing accents, and the
    /// dictionaries' misspellings when `spelling`. For the tests on prose written elsewhere.
    #[cfg(test)]
    pub(crate) fn writing_evidence(
        &self,
        text: &str,
        lang: Lang,
        spelling: bool,
    ) -> Vec<super::Evidence> {
        let norm = Normalized::new(text);
        let words = writing_words(&norm);
        let mut c = Collector {
            norm: &norm,
            counts: [0; FEATURE_COUNT],
            evidence: Vec::new(),
        };
        writing_errors::collect(&self.dictionaries, &norm, &words, lang, spelling, &mut c);
        c.evidence
    }
}

/// The words of `norm` as the writing rules read them, each with its token.
#[cfg(test)]
pub(crate) fn writing_words(norm: &Normalized) -> Vec<(Token, WordRef<'_>)> {
    let mut words = Vec::new();
    for (index, token) in norm.tokens.iter().enumerate() {
        if matches!(token.kind, TokenKind::Word | TokenKind::Elision) {
            push_word(norm, index, &mut words);
        }
    }
    words
}

/// Appends the word token at `index` to the words the writing rules read, with whether only
/// spaces separate it from the previous one in its sentence, and the number just before it.
fn push_word<'n>(norm: &'n Normalized, index: usize, words: &mut Vec<(Token, WordRef<'n>)>) {
    let token = &norm.tokens[index];
    let number_before = index
        .checked_sub(1)
        .map(|i| &norm.tokens[i])
        .filter(|n| {
            n.kind == TokenKind::Number
                && n.sentence == token.sentence
                && norm.lower[n.end..token.start].chars().all(|c| c == ' ')
        })
        .map(|n| norm.lower_of(n));
    let sentence_start = words
        .last()
        .is_none_or(|previous| previous.0.sentence != token.sentence);
    let joined = words.last().is_some_and(|previous| {
        previous.0.sentence == token.sentence
            && norm.lower[previous.0.end..token.start]
                .chars()
                .all(|c| c == ' ')
    });
    words.push((
        *token,
        WordRef {
            lower: norm.lower_of(token),
            cased: norm.cased_of(token),
            joined_to_previous: joined,
            quoted: token.quoted,
            followed_by: norm.cased[token.end..].chars().next(),
            sentence_start,
            number_before,
        },
    ));
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
        .position(|t| GREETINGS.contains(norm.lower_of(t)))?;
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

/// A small count spelled or in digits ("9", "nine", "neuf"), as a number.
fn small_count(norm: &Normalized, token: &Token) -> Option<u32> {
    let w = norm.lower_of(token);
    if token.kind == TokenKind::Number {
        return w.parse().ok();
    }
    let n = match w {
        "one" | "un" | "une" => 1,
        "two" | "deux" => 2,
        "three" | "trois" => 3,
        "four" | "quatre" => 4,
        "five" | "cinq" => 5,
        "six" => 6,
        "seven" | "sept" => 7,
        "eight" | "huit" => 8,
        "nine" | "neuf" => 9,
        "ten" | "dix" => 10,
        "hundred" | "cent" => 100,
        _ => return None,
    };
    (token.kind == TokenKind::Word).then_some(n)
}

/// The last token of a proportion starting at `index`: a count and a base of 2, 3, 4, 5, 10,
/// 100 or 1000 ("9 out of 10", "seven in ten", "1 of every 5", "neuf clients sur dix", "9 fois
/// sur 10"), in one sentence; not a rating ("5 out of 5", "4 out of 5 stars") nor days of a
/// week ("4 jours sur 5").
fn proportion_at(norm: &Normalized, index: usize) -> Option<usize> {
    let tokens = &norm.tokens;
    let count = small_count(norm, &tokens[index])?;
    let word = |k: usize| {
        tokens
            .get(k)
            .filter(|t| t.sentence == tokens[index].sentence)
            .map(|t| norm.lower_of(t))
    };
    let base_at = match word(index + 1)? {
        "out" if word(index + 2) == Some("of") => index + 3,
        "of" if word(index + 2) == Some("every") => index + 3,
        "in" | "sur" => index + 2,
        // "neuf clients sur dix", "9 times out of 10".
        noun if noun.chars().all(char::is_alphabetic) => match word(index + 2)? {
            "sur" => index + 3,
            "out" if word(index + 3) == Some("of") => index + 4,
            _ => return None,
        },
        _ => return None,
    };
    let time = |w: &str| {
        matches!(
            w,
            "jour"
                | "jours"
                | "day"
                | "days"
                | "semaine"
                | "semaines"
                | "week"
                | "weeks"
                | "mois"
                | "month"
                | "months"
                | "heure"
                | "heures"
                | "hour"
                | "hours"
                | "h"
                | "minute"
                | "minutes"
                | "min"
                | "seconde"
                | "secondes"
                | "second"
                | "seconds"
                | "an"
                | "ans"
                | "année"
                | "années"
                | "year"
                | "years"
        )
    };
    if time(word(index + 1)?) || word(base_at + 1).is_some_and(time) {
        return None;
    }
    // A mark given ("I'd rate it 8 out of 10", "je lui mets 9 sur 10").
    let graded = (1..=2)
        .filter_map(|back| index.checked_sub(back).and_then(&word))
        .any(|w| {
            matches!(
                w,
                "rate"
                    | "rated"
                    | "give"
                    | "gave"
                    | "score"
                    | "scored"
                    | "mets"
                    | "mettrais"
                    | "donne"
                    | "donnerais"
                    | "note"
                    | "noté"
                    | "notée"
            )
        });
    // "un article sur deux outils": "sur" of a topic, a plural noun after the base.
    let topic = count == 1
        && word(base_at - 1) == Some("sur")
        && word(base_at + 1).is_some_and(|w| {
            w.chars().count() > 3 && w.ends_with(['s', 'x']) && w.chars().all(char::is_alphabetic)
        });
    if graded || topic {
        return None;
    }
    let base = tokens
        .get(base_at)
        .filter(|t| t.sentence == tokens[index].sentence)
        .and_then(|t| small_count(norm, t))?;
    let rating = count == base
        || word(base_at + 1).is_some_and(|w| matches!(w, "stars" | "étoiles" | "étoile"));
    (matches!(base, 2 | 3 | 4 | 5 | 10 | 100 | 1000) && count < base && !rating).then_some(base_at)
}

/// Whether the number token at `index` is "100%" said for "fully" ("agree 100%", "100%
/// d'accord", "je te suis à 100 %"): no share of anything, unless "of"/"de" says of what
/// ("100% of our clients", "100 % de réussite").
fn intensifying_hundred(norm: &Normalized, index: usize) -> bool {
    let token = &norm.tokens[index];
    let digits = norm.lower_of(token).trim_end_matches(['%', ' ']);
    if digits != "100" {
        return false;
    }
    let mut next = index + 1;
    // The "%" or "percent"/"pour cent" after the digits.
    while norm.tokens.get(next).is_some_and(|t| {
        t.kind == TokenKind::Word
            && matches!(norm.lower_of(t), "percent" | "pourcent" | "pour" | "cent")
    }) {
        next += 1;
    }
    // "d'accord" is no "de".
    let agreed = norm
        .tokens
        .get(next + 1)
        .is_some_and(|t| norm.lower_of(t) == "accord");
    agreed
        || !norm.tokens.get(next).is_some_and(|t| {
            t.sentence == token.sentence
                && matches!(norm.lower_of(t), "of" | "de" | "des" | "du" | "d'")
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::tests::EXTRACTOR;
    use crate::features::{Cue, Evidence, FEATURES};
    use crate::model::Model;

    /// Corpus-like items (written for this test), each with the words its variants hide.
    const ITEMS: &[(&str, &[&str])] = &[
        (
            "Je suis expert en médias sociaux et gourou du contenu. Contactez-moi pour un rabais de 20 % sur mon accompagnement, résultats garantis.",
            &["expert", "gourou", "Contactez-moi", "rabais", "garantis"],
        ),
        (
            "Certified growth ninja here. I guarantee you will triple your leads, DM me for my new course!",
            &["ninja", "guarantee", "DM", "course"],
        ),
        (
            "Spécialiste des médias sociaux, je double vos abonnés en 30 jours. Écrivez-moi en privé, places limitées!",
            &["Spécialiste", "abonnés", "Écrivez-moi", "limitées"],
        ),
    ];

    /// Ways to hide a word from plain matching.
    fn hide(word: &str, how: usize) -> String {
        let chars: Vec<char> = word.chars().collect();
        match how {
            // A zero-width space, joiner or word joiner inside the word.
            0 => {
                let middle = chars.len() / 2;
                let joiner = ['\u{200B}', '\u{200D}', '\u{2060}', '\u{AD}'][chars.len() % 4];
                chars[..middle]
                    .iter()
                    .chain([joiner].iter())
                    .chain(chars[middle..].iter())
                    .collect()
            }
            // Combining marks stacked on every letter.
            1 => chars
                .iter()
                .flat_map(|&c| [c, '\u{0338}', '\u{0322}', '\u{0359}'])
                .collect(),
            // Cyrillic and Greek look-alikes.
            2 => chars
                .iter()
                .map(|&c| match c {
                    'o' => 'о',
                    'e' => 'е',
                    'a' => 'а',
                    'p' => 'р',
                    'c' => 'с',
                    'i' => 'ι',
                    'x' => 'х',
                    other => other,
                })
                .collect(),
            // Digits and symbols for letters.
            3 => chars
                .iter()
                .enumerate()
                .map(|(i, &c)| match c {
                    'e' if i > 0 => '3',
                    'o' if i > 0 => '0',
                    'a' if i > 0 => '@',
                    other => other,
                })
                .collect(),
            // Fullwidth letters.
            _ => chars
                .iter()
                .map(|&c| {
                    if c.is_ascii_alphabetic() {
                        char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap_or(c)
                    } else {
                        c
                    }
                })
                .collect(),
        }
    }

    fn cue_of(e: &Evidence) -> Cue {
        FEATURES[e.feature as usize].1
    }

    fn folded_span(text: &str, e: &Evidence) -> String {
        let chars: Vec<char> = text.chars().collect();
        assert!(
            e.start <= e.end && e.end <= chars.len(),
            "span {e:?} outside {text:?}"
        );
        let span: String = chars[e.start..e.end].iter().collect();
        Normalized::with_lexicon(&span, &|w| PHRASE_WORDS.contains(w))
            .lower
            .clone()
    }

    #[test]
    fn hidden_cues_count_at_least_as_much_as_plain_ones() {
        for (plain, words) in ITEMS {
            let expected = EXTRACTOR.extract(plain, None, false);
            for how in 0..5 {
                let mut variant = plain.to_string();
                for word in *words {
                    variant = variant.replacen(word, &hide(word, how), 1);
                }
                assert_ne!(&variant, plain);
                let found = EXTRACTOR.extract(&variant, None, false);
                assert_eq!(found.lang, expected.lang, "{variant}");
                for (i, (name, cue)) in FEATURES.iter().enumerate() {
                    match cue {
                        Cue::SelfPromotion | Cue::UnverifiableClaims => assert!(
                            found.values[i] >= expected.values[i],
                            "{name}: {} < {} in {variant:?}",
                            found.values[i],
                            expected.values[i]
                        ),
                        // Folding leaves no artefact for spelling to count.
                        Cue::WritingErrors => {
                            assert_eq!(found.values[i], expected.values[i], "{name} in {variant:?}")
                        }
                        _ => {}
                    }
                }
                // Spans point into the variant, at the hidden words, on character boundaries.
                let spans = |extracted: &Extracted, text: &str| -> Vec<(String, String)> {
                    let mut spans: Vec<_> = extracted
                        .evidence
                        .iter()
                        .filter(|e| {
                            matches!(cue_of(e), Cue::SelfPromotion | Cue::UnverifiableClaims)
                        })
                        .map(|e| {
                            (
                                FEATURES[e.feature as usize].0.to_string(),
                                folded_span(text, e),
                            )
                        })
                        .collect();
                    spans.sort();
                    spans
                };
                assert_eq!(
                    spans(&found, &variant),
                    spans(&expected, plain),
                    "{variant}"
                );
            }
        }
    }

    #[test]
    fn a_hundred_percent_said_for_fully_is_no_statistic() {
        let statistic = |text: &str| {
            EXTRACTOR
                .extract(text, None, true)
                .evidence
                .iter()
                .any(|e| e.feature == Feature::UnsourcedStatistic)
        };
        for text in [
            "Agree 100%.",
            "100% d'accord avec toi",
            "je te suis à 100 % là-dessus",
        ] {
            assert!(!statistic(text), "{text}");
        }
        for text in [
            "100% of our clients renew",
            "100 % de réussite chez nos élèves",
            "87% of buyers decide in 10 seconds",
        ] {
            assert!(statistic(text), "{text}");
        }
    }

    #[test]
    fn proportions_are_statistics_unless_sourced_or_ratings() {
        let statistic = |text: &str| {
            EXTRACTOR
                .extract(text, None, true)
                .evidence
                .iter()
                .filter(|e| e.feature == Feature::UnsourcedStatistic)
                .count()
        };
        for text in [
            "Eight out of ten shoppers never scroll past the first photo.",
            "1 in 3 tenants pays late in January, every year.",
            "Neuf acheteurs sur dix regardent les avis avant le prix.",
            "Un client sur deux ne relit jamais le devis.",
            "9 fois sur 10, le problème vient du câble.",
        ] {
            assert_eq!(statistic(text), 1, "{text}");
        }
        for text in [
            "Rated 5 out of 5 by the jury.",
            "I'd give it 4 out of 5 stars.",
            "Je travaille 4 jours sur 5 depuis janvier.",
            "We shipped 3 in 10 minutes.",
            "Selon l'Insee, un ménage sur trois vit seul.",
            "I'd rate it 8 out of 10.",
            "J'ai publié un article sur deux outils de paie.",
            "On livre un jour sur deux.",
            "One of the ten best talks this year.",
        ] {
            assert_eq!(statistic(text), 0, "{text}");
        }
    }

    #[test]
    fn a_french_call_with_a_slipped_ending_is_still_a_call() {
        let calls = |text: &str| {
            EXTRACTOR
                .extract(text, Some(Lang::Fr), false)
                .evidence
                .iter()
                .filter(|e| e.feature == Feature::ContactCall)
                .count()
        };
        for text in [
            "Un doute ? Écrivez moi.",
            "Un doute ? Écriver moi ce soir.",
            "Pour un devis, contacté-nous.",
            "N'hésiter pas, je réponds vite.",
        ] {
            assert_eq!(calls(text), 1, "{text}");
        }
        assert_eq!(calls("Je vais l'appeler moi-même demain."), 0);
    }

    #[test]
    fn the_issue_s_zero_width_example_is_promotion() {
        let text = "ex\u{200B}pert gu\u{200D}ru, con\u{2060}tactez-moi";
        let found = EXTRACTOR.extract(text, Some(Lang::Fr), false);
        let names: Vec<_> = found
            .evidence
            .iter()
            .map(|e| FEATURES[e.feature as usize].0)
            .collect();
        assert!(names.contains(&"contact_call"), "{names:?}");
        assert!(names.contains(&"self_applied_title"), "{names:?}");
        // Hidden, each counts twice: ln(1 + 2).
        assert!((found.values[Feature::ContactCall as usize] - 3f64.ln()).abs() < 1e-9);
        let chars: Vec<char> = text.chars().collect();
        let contact = found
            .evidence
            .iter()
            .find(|e| e.feature == Feature::ContactCall)
            .unwrap();
        assert_eq!(
            chars[contact.start..contact.end].iter().collect::<String>(),
            "con\u{2060}tactez-moi"
        );
    }

    #[test]
    fn a_word_buried_in_combining_marks_is_not_credible_evidence() {
        let Ok(model) = Model::builtin() else {
            return;
        };
        for plain in [
            "Guru",
            "gourou du marketing",
            "Expert certifié, résultats garantis",
        ] {
            let buried: String = plain
                .chars()
                .flat_map(|c| {
                    let mut v = vec![c];
                    if c.is_alphabetic() {
                        v.extend([
                            '\u{0336}', '\u{0317}', '\u{0329}', '\u{034E}', '\u{0353}', '\u{0338}',
                        ]);
                    }
                    v
                })
                .collect();
            let plain_features = EXTRACTOR.extract(plain, None, false);
            let buried_features = EXTRACTOR.extract(&buried, None, false);
            for (i, (name, cue)) in FEATURES.iter().enumerate() {
                if *cue == Cue::PositiveEvidence || *name == "length" {
                    assert_eq!(
                        buried_features.values[i], plain_features.values[i],
                        "{name} for {buried:?}"
                    );
                }
            }
            // The cue channel alone: the n-grams see the same folded words either way.
            let credible = |e: &Extracted| {
                model
                    .predict(e, &crate::ngrams::NgramVector::default())
                    .probabilities[3]
            };
            assert!(
                credible(&buried_features) <= credible(&plain_features) + 1e-3,
                "{buried:?}: {} > {}",
                credible(&buried_features),
                credible(&plain_features)
            );
        }
    }

    #[test]
    fn folded_artefacts_are_not_misspellings() {
        let found = EXTRACTOR.extract(
            "Mon c0ach gur00 et sa m3th0de, c'est du s3ri3ux.",
            Some(Lang::Fr),
            false,
        );
        let errors: Vec<_> = found
            .evidence
            .iter()
            .filter(|e| cue_of(e) == Cue::WritingErrors)
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
    }
}
