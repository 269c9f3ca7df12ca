//! The stance cue phrases: one file per signal under `lexicons/stance/`, French and English
//! together, embedded at build time and matched with one leftmost-longest automaton, on word
//! boundaries wherever a phrase begins or ends with a letter or digit (as the credibility
//! cues' `lexicons/phrases/`; a trailing `*` matches any word ending).
//!
//! These files are hashed apart from the other lexicons (`build.rs`): a change here changes
//! the stance schema, never the credibility model's.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::text::Normalized;

/// What a stance phrase is evidence of; one file of `lexicons/stance/` per signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StanceSignal {
    /// Thanks ("merci", "thank you").
    Thanks,
    /// Agreement ("spot on", "tout à fait d'accord").
    Agreement,
    /// Agreement that adds one's own experience or a tip ("we did the same", "j'ajouterais").
    Addition,
    /// Praise of the parent or its author ("great post", "bravo").
    Praise,
    /// A reference to the parent or its author ("your post", "comme tu dis").
    Citation,
    /// A source named ("according to", "selon", "rapport").
    Source,
    /// A correction of the parent ("not quite", "c'est faux").
    Correction,
    /// Disagreement ("respectfully", "pas d'accord", "ça dépend").
    Disagreement,
    /// A contrast ("but", "mais"): after praise, polite disagreement.
    Contrast,
    /// A warning to other readers ("careful", "méfiez-vous").
    Warning,
    /// Mockery or irony ("oh sure", "quelle surprise", 🙄).
    Mocking,
    /// A question that challenges rather than asks ("according to whom", "selon qui").
    Challenge,
    /// Negation words ("not", "jamais").
    Negation,
}

macro_rules! stance_file {
    ($path:literal) => {
        (
            $path,
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/lexicons/", $path)),
        )
    };
}

/// The file of every signal, as (signal, (path under `lexicons/`, contents)).
pub(crate) const FILES: &[(StanceSignal, (&str, &str))] = &[
    (StanceSignal::Thanks, stance_file!("stance/thanks.txt")),
    (
        StanceSignal::Agreement,
        stance_file!("stance/agreement.txt"),
    ),
    (StanceSignal::Addition, stance_file!("stance/addition.txt")),
    (StanceSignal::Praise, stance_file!("stance/praise.txt")),
    (StanceSignal::Citation, stance_file!("stance/citation.txt")),
    (StanceSignal::Source, stance_file!("stance/source.txt")),
    (
        StanceSignal::Correction,
        stance_file!("stance/correction.txt"),
    ),
    (
        StanceSignal::Disagreement,
        stance_file!("stance/disagreement.txt"),
    ),
    (StanceSignal::Contrast, stance_file!("stance/contrast.txt")),
    (StanceSignal::Warning, stance_file!("stance/warning.txt")),
    (StanceSignal::Mocking, stance_file!("stance/mocking.txt")),
    (
        StanceSignal::Challenge,
        stance_file!("stance/challenge.txt"),
    ),
    (StanceSignal::Negation, stance_file!("stance/negation.txt")),
];

/// The automaton over every stance phrase, and per pattern: its signal, whether it takes
/// any word ending (`*`), whether its start and its end need a word boundary.
struct Automaton {
    matcher: AhoCorasick,
    patterns: Vec<(StanceSignal, bool, bool, bool)>,
}

static AUTOMATON: LazyLock<Automaton> = LazyLock::new(|| {
    let mut strings = Vec::new();
    let mut patterns = Vec::new();
    for (signal, (_, text)) in FILES {
        for phrase in crate::lexicon::parse(text) {
            let (body, prefix) = match phrase.strip_suffix('*') {
                Some(stem) => (stem, true),
                None => (phrase, false),
            };
            let left = body.chars().next().is_some_and(char::is_alphanumeric);
            let right = !prefix && body.chars().last().is_some_and(char::is_alphanumeric);
            strings.push(body.to_string());
            patterns.push((*signal, prefix, left, right));
        }
    }
    let matcher = AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&strings)
        .expect("stance phrases form a valid automaton");
    Automaton { matcher, patterns }
});

/// Builds the automaton now rather than on the first reply.
pub(crate) fn load() {
    LazyLock::force(&AUTOMATON);
}

/// A stance phrase found in a text: its signal and its bytes in [`Normalized::lower`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PhraseMatch {
    pub(crate) signal: StanceSignal,
    pub(crate) start: usize,
    pub(crate) end: usize,
}

/// Every stance phrase of `norm` that respects its word boundaries, in text order.
pub(crate) fn find(norm: &Normalized) -> Vec<PhraseMatch> {
    let automaton = &*AUTOMATON;
    let text = norm.lower.as_str();
    let mut found = Vec::new();
    for m in automaton.matcher.find_iter(text) {
        let (signal, prefix, left, right) = automaton.patterns[m.pattern().as_usize()];
        let (start, mut end) = (m.start(), m.end());
        if left
            && text[..start]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
        {
            continue;
        }
        if prefix {
            end += text[end..]
                .find(|c: char| !c.is_alphabetic())
                .unwrap_or(text.len() - end);
        } else if right
            && text[end..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
        {
            continue;
        }
        found.push(PhraseMatch { signal, start, end });
    }
    found
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn signals(text: &str) -> Vec<(StanceSignal, String)> {
        let norm = Normalized::new(text);
        find(&norm)
            .into_iter()
            .map(|m| (m.signal, norm.lower[m.start..m.end].to_string()))
            .collect()
    }

    #[test]
    fn phrases_match_on_word_boundaries_in_both_languages() {
        let found = signals("Tout à fait d'accord, merci ! But the figure is wrong 🙄");
        for expected in [
            (StanceSignal::Agreement, "tout à fait d'accord"),
            (StanceSignal::Thanks, "merci"),
            (StanceSignal::Contrast, "but"),
            (StanceSignal::Correction, "wrong"),
            (StanceSignal::Mocking, "🙄"),
        ] {
            assert!(
                found.contains(&(expected.0, expected.1.to_string())),
                "{expected:?} not in {found:?}"
            );
        }
        // "but" inside "butter", "top" inside "stop": no match.
        assert!(
            signals("butter stop").is_empty(),
            "{:?}",
            signals("butter stop")
        );
        // Typographic apostrophes are matched as '.
        assert!(signals("Je ne suis pas d\u{2019}accord")
            .iter()
            .any(|(s, _)| *s == StanceSignal::Disagreement));
    }

    #[test]
    fn a_phrase_belongs_to_one_stance_signal_only() {
        let mut owner = HashMap::new();
        let mut problems = Vec::new();
        for (_, (path, text)) in FILES {
            for entry in crate::lexicon::parse(text) {
                let body = entry.strip_suffix('*').unwrap_or(entry);
                if let Some(first) = owner.insert(body, *path) {
                    problems.push(format!(
                        "{body:?} is in lexicons/{first} and lexicons/{path}"
                    ));
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}
