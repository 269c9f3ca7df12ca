//! The phrase pass: the lexicon's phrases (`lexicons/phrases/`) found in the text, each
//! turned into the feature its signal means there (a title in a critical sentence is a
//! reported claim, a unit counts only after a number).

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::{Collector, Feature};
use crate::lexicon::{Signal, PHRASES};
use crate::text::{Normalized, Token, TokenKind};

/// The phrase automaton and what each of its patterns means.
struct Automaton {
    matcher: AhoCorasick,
    /// Per pattern: its signal, whether it may be followed by more letters (`*`), and
    /// whether its ends need word boundaries.
    patterns: Vec<(Signal, bool, bool, bool)>,
}

/// Every phrase of every signal, in one leftmost-longest automaton.
static AUTOMATON: LazyLock<Automaton> = LazyLock::new(|| {
    let mut strings = Vec::new();
    let mut patterns = Vec::new();
    for (signal, phrases) in PHRASES.iter() {
        for phrase in phrases {
            let (text, prefix) = match phrase.strip_suffix('*') {
                Some(stem) => (stem, true),
                None => (*phrase, false),
            };
            let left = text.chars().next().is_some_and(char::is_alphanumeric);
            let right = !prefix && text.chars().last().is_some_and(char::is_alphanumeric);
            for variant in std::iter::once(text.to_string()).chain(imperative_slips(text)) {
                strings.push(variant);
                patterns.push((*signal, prefix, left, right));
            }
        }
    }
    let matcher = AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&strings)
        .expect("lexicon phrases form a valid automaton");
    Automaton { matcher, patterns }
});

/// A French imperative of the lexicon as people also write it: "contactez-moi" as
/// "contactez moi", "contacter moi", "contacter-moi", "contacté moi"; "n'hésitez pas" as
/// "n'hésiter pas" (the writing rules count the slip; the call is still a call).
fn imperative_slips(phrase: &str) -> Vec<String> {
    let Some(at) = phrase.find("ez") else {
        return Vec::new();
    };
    let (verb, rest) = (&phrase[..at], &phrase[at + 2..]);
    let pronoun = ["-moi", "-nous"].iter().find(|p| rest.starts_with(*p));
    let mut out = Vec::new();
    if let Some(pronoun) = pronoun {
        let tail = &rest[pronoun.len()..];
        let bare = &pronoun[1..];
        out.push(format!("{verb}ez {bare}{tail}"));
        for ending in ["er", "é"] {
            out.push(format!("{verb}{ending} {bare}{tail}"));
            out.push(format!("{verb}{ending}-{bare}{tail}"));
        }
    } else if rest.starts_with(" pas") && verb.starts_with("n'") {
        out.push(format!("{verb}er{rest}"));
    }
    out
}

/// Builds the phrase automaton now rather than on the first text.
pub(super) fn load() {
    LazyLock::force(&AUTOMATON);
}

/// Whether a character continues a word, for phrase boundaries.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// A phrase found in the text.
struct Match {
    signal: Signal,
    start: usize,
    end: usize,
    sentence: u32,
    quoted: bool,
}

/// What the phrase pass learnt about the text beyond its counts.
pub(super) struct PhraseContext {
    /// Whether the text cites a source (which decides whether its statistics are unsourced).
    pub has_source: bool,
    /// Per sentence, whether it criticises or reports a claim (a critique marker is in it).
    pub critical_sentence: Vec<bool>,
    /// Per sentence, whether the author admits being wrong in it or in the next one ("I was
    /// completely wrong", "je me suis planté"): a prediction there was admitted wrong, not
    /// boasted of.
    pub admitted: Vec<bool>,
}

/// Counts the phrase features of `norm`.
pub(super) fn collect(norm: &Normalized, c: &mut Collector<'_>) -> PhraseContext {
    let mut matches = find_phrases(norm);
    matches.retain(|m| m.signal != Signal::JokeMarker || is_joke_marker(norm, m));
    matches.retain(|m| m.signal != Signal::ContactCall || !is_naming(norm, m));
    let sentences = norm.sentence_count as usize;
    let mut critical_sentence = vec![false; sentences];
    let mut first_person_sentence = vec![false; sentences];
    let mut has_source = false;
    let mut admitted = vec![false; sentences];
    for m in &matches {
        match m.signal {
            Signal::CritiqueMarker => critical_sentence[m.sentence as usize] = true,
            // A joke marker takes back its sentence and every one before it.
            Signal::JokeMarker => critical_sentence[..=m.sentence as usize].fill(true),
            Signal::FirstPersonClaim => first_person_sentence[m.sentence as usize] = true,
            Signal::SourceMarker => has_source = true,
            Signal::MistakeAdmission if admits_being_wrong(norm, m) => {
                let s = m.sentence as usize;
                admitted[s.saturating_sub(1)..=s].fill(true);
            }
            _ => {}
        }
    }
    // A self-deflation takes back the sentences before it.
    if let Some((sentence, start, end)) = super::boasts::self_deflation(norm) {
        critical_sentence[..sentence as usize].fill(true);
        c.add(Feature::JokeTurn, start, end);
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
            Signal::JokeMarker => Some(Feature::JokeTurn),
            Signal::WithheldSource => Some(if reported {
                Feature::ReportedClaim
            } else {
                Feature::WithheldSource
            }),
            Signal::SourceMarker => Some(Feature::SourceCitation),
            Signal::Disclosure => Some(Feature::Disclosure),
            Signal::MistakeAdmission => Some(Feature::MistakeAdmission),
            Signal::Thanks => Some(Feature::Thanks),
            Signal::Hedge => Some(Feature::Hedging),
            Signal::Method => Some(Feature::Method),
            Signal::VanityUnit | Signal::SpecificUnit => {
                if follows_number(norm, m.start) {
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
    PhraseContext {
        has_source,
        critical_sentence,
        admitted,
    }
}

/// Whether a joke marker found says the author was joking: not quoted, not asking ("c'est une
/// blague ?"), not denied ("je rigole pas", "not kidding"), and not initials ("JK Rowling").
fn is_joke_marker(norm: &Normalized, m: &Match) -> bool {
    let after = norm.lower[m.end..].trim_start();
    let next_word = after
        .split(|c: char| !c.is_alphabetic() && c != '\'')
        .next()
        .unwrap_or("");
    let denied = matches!(next_word, "pas" | "jamais" | "not" | "toujours" | "plus");
    let before_not = norm.lower[..m.start].trim_end().ends_with("not");
    let initials = &norm.lower[m.start..m.end] == "jk"
        && norm.cased[m.start..m.end] == *"JK"
        && norm.cased[m.end..]
            .trim_start()
            .starts_with(|c: char| c.is_uppercase());
    // The bare word says it only on its own, opening a sentence or an aside or after a laugh,
    // and ending it or going on to what the author really is ("(Kidding, I just fix
    // printers.)", "Kidding 😂", "haha kidding"); not "are you kidding me", "kidding aside",
    // nor the noun in a list ("(joking, puns, the odd meme)").
    let found = &norm.lower[m.start..m.end];
    let bare = matches!(found, "kidding" | "joking") && {
        let before = norm.lower[..m.start].trim_end();
        let opens = before
            .chars()
            .next_back()
            .is_none_or(|c| matches!(c, '(' | '.' | '!' | '?' | '—' | '–' | '[' | '*'))
            || matches!(
                before.rsplit(|c: char| !c.is_alphabetic()).next(),
                Some("haha" | "hahaha" | "lol" | "lmao" | "ok" | "okay" | "nah")
            );
        let goes_on = match after.strip_prefix(',') {
            Some(rest) => {
                let word = rest
                    .trim_start()
                    .split(|c: char| !c.is_alphabetic() && c != '\'')
                    .next()
                    .unwrap_or("");
                matches!(
                    word,
                    "i" | "i'm"
                        | "im"
                        | "we"
                        | "it"
                        | "it's"
                        | "this"
                        | "that"
                        | "just"
                        | "but"
                        | "obviously"
                        | "mostly"
                        | "sort"
                        | "kind"
                        | "lol"
                        | "haha"
                        | "of"
                )
            }
            None => after
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric() && c != '\'' && c != '-'),
        };
        !(opens && goes_on)
    };
    !m.quoted && !after.starts_with('?') && !denied && !before_not && !initials && !bare
}

/// Whether an admission found is the author's own of having been wrong ("I was completely
/// wrong", "je me suis planté", "j'avais tort"), not a courtesy ("sorry for", "you're right"),
/// not quoted, and not what others said of them ("everyone said I was wrong").
fn admits_being_wrong(norm: &Normalized, m: &Match) -> bool {
    let found = &norm.lower[m.start..m.end];
    let own = [
        "i was",
        "i got",
        "we were",
        "je me suis",
        "j'avais",
        "on s'est",
        "nous nous sommes",
    ]
    .iter()
    .any(|opening| found.starts_with(opening));
    let mut from = m.start.saturating_sub(40);
    while !norm.lower.is_char_boundary(from) {
        from -= 1;
    }
    let by_others = norm.lower[from..m.start]
        .split(|c: char| !c.is_alphabetic())
        .any(|word| {
            matches!(word, "said" | "told" | "thought" | "called" | "dit")
                || ["disai", "pensai", "croyai"]
                    .iter()
                    .any(|stem| word.starts_with(stem))
        });
    own && !m.quoted && !by_others
}

/// Whether a "call me" found names the author rather than asks for a call: an article or a
/// name follows ("they call me the Gordon Ramsay of code review", "call me Sam"), or others
/// do the calling ("people call me picky"); not a time or a way ("call me Monday", "call me at
/// 5", "call me back").
fn is_naming(norm: &Normalized, m: &Match) -> bool {
    if !norm.lower[m.start..m.end].ends_with("call me") {
        return false;
    }
    let next_word = |text: &str| {
        text.trim_start()
            .split(|c: char| !c.is_alphanumeric() && c != '\'')
            .next()
            .unwrap_or("")
            .to_string()
    };
    let (lower, cased) = (
        next_word(&norm.lower[m.end..]),
        next_word(&norm.cased[m.end..]),
    );
    let when = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thurs",
        "fri",
        "sat",
        "sun",
        "i",
        "asap",
        "at",
        "on",
        "back",
        "tomorrow",
        "now",
        "today",
        "tonight",
        "anytime",
        "if",
        "for",
        "to",
        "directly",
        "",
    ];
    // "Call Me For A Free Quote": in title case a capital names nothing.
    let title_case = norm.cased[m.start..m.end].ends_with("Me");
    let named = matches!(lower.as_str(), "the" | "a" | "an")
        || cased.starts_with(char::is_uppercase) && !title_case && !when.contains(&lower.as_str());
    let word_before = norm.lower[..m.start]
        .split(|c: char| !c.is_alphanumeric())
        .rfind(|w| !w.is_empty())
        .unwrap_or("");
    let by_others = [
        "they",
        "people",
        "friends",
        "colleagues",
        "everyone",
        "work",
    ]
    .contains(&word_before);
    named || by_others && !when.contains(&lower.as_str())
}

/// Every phrase occurrence that respects its word boundaries, in text order.
fn find_phrases(norm: &Normalized) -> Vec<Match> {
    let automaton = &*AUTOMATON;
    let text = norm.lower.as_str();
    let mut matches = Vec::new();
    for found in automaton.matcher.find_iter(text) {
        let (signal, prefix, left, right) = automaton.patterns[found.pattern().as_usize()];
        let (start, mut end) = (found.start(), found.end());
        if left && text[..start].chars().next_back().is_some_and(is_word_char) {
            continue;
        }
        if prefix {
            end += text[end..]
                .find(|c: char| !c.is_alphabetic())
                .unwrap_or(text.len() - end);
        } else if right && text[end..].chars().next().is_some_and(is_word_char)
            // "l'appeler moi-même": the pronoun is emphatic, no object of a call.
            || text[end..].starts_with("-même")
        {
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
