//! Text normalisation and tokenisation.
//!
//! The text is put in Unicode NFC form, then folded to a canonical form for matching
//! ([`fold`]: invisible characters, stray combining marks, look-alike letters and digits
//! spelling letters), typographic apostrophes are unified to `'`, and a lowercase copy with
//! the *same byte layout* is kept beside the cased copy, so that a byte range found in one is
//! valid in the other and maps back to character offsets of the (NFC) input, whatever folding
//! removed or replaced. Evidence spans reported to users are character offsets,
//! `[start, end)`, of the input.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use crate::lexicon::{fr, LINK_DOMAINS, SOURCE_DOMAINS};

pub(crate) mod fold;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A word: letters, with inner apostrophes and hyphens (`aujourd'hui`, `e-mail`).
    Word,
    /// A French elided article or pronoun (`l'`, `d'`, `qu'` …), kept apart from its word.
    Elision,
    /// A link, with or without a scheme (`https://…`, `www.…`, `exemple.fr/pack`).
    Url,
    /// An `@name`.
    Mention,
    /// A `#tag`.
    Hashtag,
    /// Digits with their separators and suffixes (`10 000`, `3,5`, `20%`, `60k`, `3x`).
    Number,
    /// One emoji character (or modifier).
    Emoji,
    /// Sentence-ending or quoting punctuation (`. ! ? … " « »`) and line breaks.
    Punct,
}

/// One token: byte offsets into [`Normalized::lower`] (and [`Normalized::cased`]).
#[derive(Debug, Clone, Copy)]
pub struct Token {
    /// What the token is.
    pub kind: TokenKind,
    /// Byte offset of its first character.
    pub start: usize,
    /// Byte offset just after it.
    pub end: usize,
    /// Index of the sentence the token belongs to.
    pub sentence: u32,
    /// Whether the token sits between quotation marks.
    pub quoted: bool,
}

/// A normalised text with its tokens.
#[derive(Debug)]
pub struct Normalized {
    /// The text with apostrophes unified, original case.
    pub cased: String,
    /// The same text lowercased where lowercasing keeps the byte length.
    pub lower: String,
    /// For every byte offset of `lower` that starts a character (and its end), the
    /// character offset in the input text.
    char_at_byte: Vec<u32>,
    /// The tokens, in text order.
    pub tokens: Vec<Token>,
    /// How many sentences the tokens are numbered in.
    pub sentence_count: u32,
    /// Where folding changed the text, by byte offset of `lower`: a replaced character
    /// (`false`), or characters dropped just before this one (`true`). Empty for plain text.
    fold_marks: Vec<(u32, bool)>,
    /// Byte ranges of `lower` holding words folding read digits or symbols in, or that still
    /// mix scripts: obfuscation artefacts, not spelling.
    artefacts: Vec<(usize, usize)>,
}

fn unify_apostrophe(c: char) -> char {
    match c {
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{00B4}' | '`' => '\'',
        '\u{00A0}' | '\u{202F}' | '\u{2009}' => ' ',
        other => other,
    }
}

fn lower_same_width(c: char) -> char {
    let mut lowered = c.to_lowercase();
    match (lowered.next(), lowered.next()) {
        (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
        _ => c,
    }
}

/// Whether a character is drawn as an emoji (or is an emoji modifier/joiner).
pub fn is_emoji(c: char) -> bool {
    matches!(c as u32,
        0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF | 0x2190..=0x21FF
        | 0xFE0F | 0x200D | 0x2300..=0x23FF)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// `text` in Unicode NFC, the form evidence spans count characters in; borrowed when it
/// already is (almost always).
pub fn to_nfc(text: &str) -> std::borrow::Cow<'_, str> {
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(text.nfc().collect())
    }
}

impl Normalized {
    /// Normalises, folds and tokenises `input`; the readings folding is unsure of (is "1" an
    /// "i" or an "l", is "0ffre" a word) stay as written. See [`Normalized::with_lexicon`].
    pub fn new(input: &str) -> Self {
        Self::build(input, None)
    }

    /// As [`Normalized::new`], with `known` telling whether a lowercase word is a word of the
    /// dictionaries or the lexicons, to decide the readings folding is unsure of.
    pub fn with_lexicon(input: &str, known: &dyn Fn(&str) -> bool) -> Self {
        Self::build(input, Some(known))
    }

    fn build(input: &str, known: Option<&dyn Fn(&str) -> bool>) -> Self {
        let nfc;
        let text: &str = if is_nfc_quick(input.chars()) == IsNormalized::Yes {
            input
        } else {
            nfc = input.nfc().collect::<String>();
            &nfc
        };
        let mut cased = String::with_capacity(text.len());
        let mut lower = String::with_capacity(text.len());
        let mut char_at_byte = Vec::with_capacity(text.len() + 1);
        let mut fold_marks = Vec::new();
        let mut artefacts = Vec::new();
        let count;
        if fold::needs_folding(text) {
            let folded = fold::fold(text, known);
            let mut byte_of_char = Vec::with_capacity(folded.chars.len() + 1);
            for f in &folded.chars {
                let byte = cased.len();
                byte_of_char.push(byte);
                if f.gap_before {
                    fold_marks.push((byte as u32, true));
                }
                if f.substituted {
                    fold_marks.push((byte as u32, false));
                }
                let c = unify_apostrophe(f.c);
                cased.push(c);
                lower.push(lower_same_width(c));
                for _ in 0..c.len_utf8() {
                    char_at_byte.push(f.origin);
                }
            }
            byte_of_char.push(cased.len());
            artefacts = folded
                .artefacts
                .iter()
                .map(|&(start, end)| (byte_of_char[start], byte_of_char[end]))
                .collect();
            count = text.chars().count();
        } else {
            let mut index = 0;
            for c in text.chars() {
                // Most characters are ASCII: lowercase them without the Unicode tables.
                if c.is_ascii() && c != '`' {
                    cased.push(c);
                    lower.push(c.to_ascii_lowercase());
                    char_at_byte.push(index as u32);
                    index += 1;
                    continue;
                }
                let c = unify_apostrophe(c);
                cased.push(c);
                lower.push(lower_same_width(c));
                for _ in 0..c.len_utf8() {
                    char_at_byte.push(index as u32);
                }
                index += 1;
            }
            count = index;
        }
        char_at_byte.push(count as u32);
        let mut normalized = Normalized {
            cased,
            lower,
            char_at_byte,
            tokens: Vec::new(),
            sentence_count: 0,
            fold_marks,
            artefacts,
        };
        normalized.tokenize();
        normalized
    }

    /// Whether folding changed anything inside the input characters `[start, end)`: a
    /// replaced character, or characters dropped between two of them. A cue found there was
    /// hidden from plain matching.
    pub fn is_obfuscated(&self, start: usize, end: usize) -> bool {
        if self.fold_marks.is_empty() {
            return false;
        }
        let first = self.char_at_byte.partition_point(|&c| (c as usize) < start);
        let past = self.char_at_byte.partition_point(|&c| (c as usize) < end);
        let from = self
            .fold_marks
            .partition_point(|&(b, _)| (b as usize) < first);
        self.fold_marks[from..]
            .iter()
            .take_while(|&&(b, _)| (b as usize) < past)
            .any(|&(b, dropped_before)| !dropped_before || b as usize > first)
    }

    /// Whether folding changed the text at all.
    pub fn is_folded(&self) -> bool {
        !self.fold_marks.is_empty()
    }

    /// Whether a token is an artefact of obfuscation (digits read as letters, scripts still
    /// mixed), which spelling must not count as a misspelling.
    pub fn is_artefact(&self, token: &Token) -> bool {
        self.artefacts
            .iter()
            .any(|&(start, end)| start < token.end && token.start < end)
    }

    /// Character offset (in the input) of a byte offset of `lower`.
    pub fn char_offset(&self, byte: usize) -> usize {
        self.char_at_byte[byte.min(self.char_at_byte.len() - 1)] as usize
    }

    /// The lowercased text of a token, as the lexicons are matched.
    pub fn lower_of(&self, token: &Token) -> &str {
        &self.lower[token.start..token.end]
    }

    /// The text of a token as written, for the checks that look at capitals.
    pub fn cased_of(&self, token: &Token) -> &str {
        &self.cased[token.start..token.end]
    }

    /// Number of word tokens (words and elisions).
    pub fn word_count(&self) -> usize {
        self.tokens
            .iter()
            .filter(|t| matches!(t.kind, TokenKind::Word | TokenKind::Elision))
            .count()
    }

    fn tokenize(&mut self) {
        let text = self.cased.as_str();
        let lower = self.lower.as_str();
        let bytes = text.as_bytes();
        let mut tokens = Vec::new();
        let mut sentence = 0u32;
        let mut quoted = false;
        // Whether the open quotation was opened by a single quote ('…' or ‘…’, both `'`
        // here): it closes at its own mark or at the end of the line, never at a `"`.
        let mut single_quoted = false;
        let mut position = 0;
        let next_char = |at: usize| text[at..].chars().next();
        while let Some(c) = next_char(position) {
            let start = position;
            let width = c.len_utf8();
            let rest = &lower[start..];
            if rest.starts_with("http://")
                || rest.starts_with("https://")
                || rest.starts_with("www.")
            {
                let mut end = start;
                for (offset, ch) in text[start..].char_indices() {
                    if ch.is_whitespace() || ch == '"' || ch == '<' || ch == '>' || ch == '»' {
                        break;
                    }
                    end = start + offset + ch.len_utf8();
                }
                while end > start
                    && matches!(
                        bytes[end - 1],
                        b'.' | b',' | b';' | b':' | b'!' | b'?' | b')' | b'\''
                    )
                {
                    end -= 1;
                }
                tokens.push(Token {
                    kind: TokenKind::Url,
                    start,
                    end,
                    sentence,
                    quoted,
                });
                position = end.max(start + 1);
                continue;
            }
            if (c == '@' || c == '#') && next_char(start + 1).is_some_and(is_word_char) {
                let mut end = start + 1;
                for (offset, ch) in text[start + 1..].char_indices() {
                    if !(is_word_char(ch) || (c == '@' && ch == '.')) {
                        break;
                    }
                    end = start + 1 + offset + ch.len_utf8();
                }
                while bytes[end - 1] == b'.' {
                    end -= 1;
                }
                let kind = if c == '@' {
                    TokenKind::Mention
                } else {
                    TokenKind::Hashtag
                };
                tokens.push(Token {
                    kind,
                    start,
                    end,
                    sentence,
                    quoted,
                });
                position = end;
                continue;
            }
            if c.is_ascii_digit() {
                let mut end = start;
                for (offset, ch) in text[start..].char_indices() {
                    let continues = ch.is_ascii_digit()
                        || (matches!(ch, '.' | ',' | ' ' | '\u{202F}')
                            && text[start + offset + 1..]
                                .starts_with(|d: char| d.is_ascii_digit())
                            && !(ch == ' '
                                && text[start + offset + 1..].len() > 3
                                && text[start + offset + 1..]
                                    .chars()
                                    .take(4)
                                    .all(|d| d.is_ascii_digit())))
                        || matches!(ch, '%' | 'k' | 'K' | 'x' | 'X' | '$' | '€');
                    if !continues {
                        break;
                    }
                    end = start + offset + ch.len_utf8();
                }
                tokens.push(Token {
                    kind: TokenKind::Number,
                    start,
                    end,
                    sentence,
                    quoted,
                });
                position = end;
                continue;
            }
            if c.is_alphanumeric() {
                if let Some(end) = bare_domain(&lower[start..]) {
                    tokens.push(Token {
                        kind: TokenKind::Url,
                        start,
                        end: start + end,
                        sentence,
                        quoted,
                    });
                    position = start + end;
                    continue;
                }
            }
            if c.is_alphabetic() {
                let mut end = start;
                let mut chars = text[start..].char_indices().peekable();
                while let Some((offset, ch)) = chars.next() {
                    let joins = (ch == '\'' || ch == '-')
                        && chars.peek().is_some_and(|(_, n)| n.is_alphabetic());
                    if !(ch.is_alphabetic() || joins) {
                        break;
                    }
                    end = start + offset + ch.len_utf8();
                }
                let word = &lower[start..end];
                if let Some(apostrophe) = word.find('\'') {
                    if fr::ELISIONS.contains(&word[..apostrophe]) {
                        let split = start + apostrophe + 1;
                        tokens.push(Token {
                            kind: TokenKind::Elision,
                            start,
                            end: split,
                            sentence,
                            quoted,
                        });
                        tokens.push(Token {
                            kind: TokenKind::Word,
                            start: split,
                            end,
                            sentence,
                            quoted,
                        });
                        position = end;
                        continue;
                    }
                }
                tokens.push(Token {
                    kind: TokenKind::Word,
                    start,
                    end,
                    sentence,
                    quoted,
                });
                position = end;
                continue;
            }
            if is_emoji(c) {
                tokens.push(Token {
                    kind: TokenKind::Emoji,
                    start,
                    end: start + width,
                    sentence,
                    quoted,
                });
                position += width;
                continue;
            }
            match c {
                '"' | '«' | '»' | '“' | '”' => {
                    quoted = match c {
                        '«' | '“' => true,
                        '»' | '”' => false,
                        _ => !quoted,
                    };
                    tokens.push(Token {
                        kind: TokenKind::Punct,
                        start,
                        end: start + width,
                        sentence,
                        quoted,
                    });
                }
                '\'' => {
                    // An apostrophe inside a word never gets here (the word took it); a
                    // single quote opens before a word after a space, a colon or a
                    // parenthesis ('guru', 'I guarantee…') and closes after a word or its
                    // punctuation, before a space, punctuation or the end.
                    let before = text[..start].chars().next_back();
                    let after = next_char(start + width);
                    let opens = !quoted
                        && before.is_none_or(|b| b.is_whitespace() || matches!(b, '(' | ':'))
                        && after.is_some_and(char::is_alphanumeric);
                    let closes = single_quoted
                        && before.is_some_and(|b| {
                            b.is_alphanumeric() || matches!(b, '.' | '!' | '?' | ',' | '…')
                        })
                        && after.is_none_or(|a| {
                            a.is_whitespace()
                                || matches!(a, '.' | ',' | ';' | ':' | '!' | '?' | ')')
                        });
                    if opens || closes {
                        quoted = opens;
                        single_quoted = opens;
                        tokens.push(Token {
                            kind: TokenKind::Punct,
                            start,
                            end: start + width,
                            sentence,
                            quoted,
                        });
                    }
                }
                '.' | '!' | '?' | '…' | '\n' => {
                    if c == '\n' && single_quoted {
                        quoted = false;
                        single_quoted = false;
                    }
                    tokens.push(Token {
                        kind: TokenKind::Punct,
                        start,
                        end: start + width,
                        sentence,
                        quoted,
                    });
                    let next_is_boundary = next_char(start + width)
                        .is_some_and(|n| matches!(n, '.' | '!' | '?' | '…'));
                    if !next_is_boundary {
                        sentence += 1;
                    }
                }
                _ => {}
            }
            position += width;
        }
        self.sentence_count = sentence + 1;
        self.tokens = tokens;
    }
}

/// Length of a scheme-less link at the start of `text` ("exemple.fr/pack", "site.co.uk").
fn bare_domain(text: &str) -> Option<usize> {
    let run = text
        .find(|c: char| c.is_whitespace() || matches!(c, '"' | '<' | '>' | '»' | ')' | '('))
        .unwrap_or(text.len());
    let candidate = text[..run].trim_end_matches(['.', ',', ';', ':', '!', '?', '\'']);
    let host = candidate.split('/').next().unwrap_or("");
    if host.contains('@') || !host.contains('.') {
        return None;
    }
    let labels: Vec<&str> = host.split('.').collect();
    let valid = labels
        .iter()
        .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
    let tld = labels.last()?;
    (valid && LINK_DOMAINS.contains(tld)).then_some(candidate.len())
}

/// Whether a link goes to a public source ([`SOURCE_DOMAINS`]: "https://www.insee.fr/…",
/// "GOV.UK", "irs.gov/forms"): its host is a listed one or under one.
pub fn is_public_source(link: &str) -> bool {
    let rest = link
        .split_once("://")
        .map_or(link, |(_, rest)| rest)
        .trim_start_matches("www.");
    let host = rest
        .split(['/', '?', '#', ':'])
        .next()
        .unwrap_or("")
        .trim_end_matches('.');
    let mut suffix = host;
    loop {
        if SOURCE_DOMAINS.contains(suffix) {
            return true;
        }
        match suffix.split_once('.') {
            Some((_, shorter)) => suffix = shorter,
            None => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(TokenKind, String)> {
        let n = Normalized::new(text);
        n.tokens
            .iter()
            .map(|t| (t.kind, n.cased_of(t).to_string()))
            .collect()
    }

    #[test]
    fn splits_french_elisions_and_unifies_apostrophes() {
        let tokens = kinds("L\u{2019}expert qu’il connaît");
        assert_eq!(tokens[0], (TokenKind::Elision, "L'".into()));
        assert_eq!(tokens[1], (TokenKind::Word, "expert".into()));
        assert_eq!(tokens[2], (TokenKind::Elision, "qu'".into()));
        assert_eq!(tokens[3], (TokenKind::Word, "il".into()));
    }

    #[test]
    fn keeps_urls_mentions_hashtags_numbers_and_emoji_whole() {
        let tokens = kinds("Voir https://exemple.ca/a?b=1. @julie_m #SEO 10 000 abonnés 🚀");
        let find = |k| {
            tokens
                .iter()
                .filter(|(kind, _)| *kind == k)
                .map(|(_, s)| s.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(find(TokenKind::Url), vec!["https://exemple.ca/a?b=1"]);
        assert_eq!(find(TokenKind::Mention), vec!["@julie_m"]);
        assert_eq!(find(TokenKind::Hashtag), vec!["#SEO"]);
        assert_eq!(find(TokenKind::Number), vec!["10 000"]);
        assert_eq!(find(TokenKind::Emoji), vec!["🚀"]);
    }

    #[test]
    fn maps_bytes_back_to_character_offsets() {
        let n = Normalized::new("Très bien, gourou");
        let word = n.tokens.iter().find(|t| n.lower_of(t) == "gourou").unwrap();
        assert_eq!(
            (n.char_offset(word.start), n.char_offset(word.end)),
            (11, 17)
        );
    }

    #[test]
    fn bare_domains_are_links() {
        let tokens = kinds("Devis 👉 pixelnova-agence.fr/pack et kettle.co.uk. Fin.");
        let urls: Vec<_> = tokens
            .iter()
            .filter(|(k, _)| *k == TokenKind::Url)
            .map(|(_, s)| s.clone())
            .collect();
        assert_eq!(urls, vec!["pixelnova-agence.fr/pack", "kettle.co.uk"]);
        assert!(kinds("e.g. this").iter().all(|(k, _)| *k != TokenKind::Url));
    }

    #[test]
    fn english_contractions_stay_one_word() {
        let tokens = kinds("you're right, it's fine");
        assert_eq!(tokens[0].1, "you're");
        assert_eq!(tokens[2].1, "it's");
    }

    #[test]
    fn single_quotes_quote_but_apostrophes_do_not() {
        let quoted = |text: &str| -> Vec<String> {
            let n = Normalized::new(text);
            n.tokens
                .iter()
                .filter(|t| t.kind == TokenKind::Word && t.quoted)
                .map(|t| n.lower_of(t).to_string())
                .collect()
        };
        assert_eq!(
            quoted("My bio: 'guru of gurus'. Not really, I don't."),
            ["guru", "of", "gurus"]
        );
        assert_eq!(
            quoted("Got this: \u{2018}I guarantee results.\u{2019} Careful."),
            ["i", "guarantee", "results"]
        );
        assert!(quoted("The users' data, l'avis d'un client, it's fine").is_empty());
        // An unclosed one ends with its line.
        assert_eq!(quoted("'expert\nnext line"), ["expert"]);
    }

    #[test]
    fn tracks_quotes_and_sentences() {
        let n = Normalized::new("Il se dit « expert ». Moi non.");
        let expert = n.tokens.iter().find(|t| n.lower_of(t) == "expert").unwrap();
        assert!(expert.quoted);
        let moi = n.tokens.iter().find(|t| n.lower_of(t) == "moi").unwrap();
        assert!(!moi.quoted);
        assert_eq!(moi.sentence, 1);
    }
}
