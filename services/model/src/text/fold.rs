//! Canonical folding for matching: before any cue runs, the text is read the way a reader
//! sees it, so that a cue cannot be hidden from the lexicons with characters a reader does
//! not see or cannot tell apart:
//!
//! - zero-width and other format characters (U+200B–U+200F, U+2060–U+2064, U+FEFF, the soft
//!   hyphen, bidirectional controls, tags…) are dropped, except a joiner between emoji;
//! - combining marks left over after NFC on a Latin letter are dropped (the reader sees the
//!   letter under them; every accent of French and English composes under NFC), and any beyond
//!   the second on another base;
//! - fullwidth letters, mathematical alphanumerics, letter-like symbols, circled letters and
//!   ligatures become the Latin letters they are drawn from;
//! - Cyrillic, Greek and other look-alikes (`lexicons/fold/confusables.txt`) become Latin
//!   letters inside a word that has Latin letters, or in a whole word of look-alikes when
//!   the text is written mostly in Latin letters;
//! - digits and symbols that spell letters inside a word become those letters ("3xp3rt",
//!   "c0ntact", "m@rketing"), never in numbers with a unit ("24h", "5ans", "1er"), links,
//!   e-mail addresses or mentions;
//! - a letter held for effect is cut back to the word it lengthens ("merciiii", "THANK YOUUU",
//!   "sooo", "coool"), when that is a known word: a held letter is emphasis, not another word,
//!   and hides no cue on purpose, so it leaves no mark of obfuscation.
//!
//! Each folded character keeps the index of the original character it comes from, so that
//! evidence found in the folded text points into the original text, and whether folding
//! changed it, so that a cue found only thanks to folding can count as hidden.
//!
//! Most texts need none of this: [`needs_folding`] is one cheap pass that says so.

use std::sync::LazyLock;

use rustc_hash::FxHashMap;
use unicode_normalization::char::{decompose_compatible, is_combining_mark};

use crate::lexicon::CONFUSABLES;
use crate::text::is_emoji;

/// Capitals drawn unlike their lowercase letter, which `lexicons/fold/confusables.txt` (folded
/// through lowercase) would map wrongly: Greek Η is an H, not the n its lowercase η looks like.
const CAPITALS: &[(char, char)] = &[
    ('Η', 'H'),
    ('Μ', 'M'),
    ('Ν', 'N'),
    ('Υ', 'Y'),
    ('Ζ', 'Z'),
    ('Β', 'B'),
];

/// Look-alike letter → Latin letter, from `lexicons/fold/confusables.txt`.
static LOOK_ALIKES: LazyLock<FxHashMap<char, char>> = LazyLock::new(|| {
    CONFUSABLES
        .iter()
        .filter_map(|entry| {
            let (from, to) = entry.split_once('=')?;
            let mut from = from.chars();
            let mut to = to.chars();
            match (from.next(), from.next(), to.next(), to.next()) {
                (Some(f), None, Some(t), None) => Some((f, t)),
                _ => None,
            }
        })
        .collect()
});

/// Parses the look-alike table now rather than on the first text that needs it.
pub(crate) fn load() {
    LazyLock::force(&LOOK_ALIKES);
}

/// One character of the folded text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FoldedChar {
    /// The character as matched.
    pub(crate) c: char,
    /// Index of the original character it comes from.
    pub(crate) origin: u32,
    /// Whether folding replaced the original character (a look-alike, a digit, a wide letter).
    pub(crate) substituted: bool,
    /// Whether characters were dropped just before it (format characters, stray marks).
    pub(crate) gap_before: bool,
}

/// A folded text.
#[derive(Debug, Default)]
pub(crate) struct Folded {
    /// Its characters.
    pub(crate) chars: Vec<FoldedChar>,
    /// Ranges of `chars` holding a word that folding read digits or symbols in, or that still
    /// mixes scripts: artefacts of obfuscation, which spelling does not judge.
    pub(crate) artefacts: Vec<(usize, usize)>,
}

/// Whether `c` is a format character (general category Cf) or a variation selector on text:
/// invisible, and inside a word only to break it.
fn is_format(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x061C | 0x180E | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064
        | 0x2066..=0x206F | 0xFEFF | 0xFFF9..=0xFFFB | 0x0600..=0x0605 | 0x06DD | 0x070F
        | 0x0890..=0x0891 | 0x08E2 | 0x110BD | 0x110CD | 0x13430..=0x1343F
        | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A | 0xE0001 | 0xE0020..=0xE007F)
}

/// A character with a compatibility form made of Latin letters or digits: fullwidth forms,
/// mathematical alphanumerics, letter-like symbols, circled letters, ligatures.
fn is_compatibility_letter(c: char) -> bool {
    matches!(c as u32,
        0xFF10..=0xFF19 | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A | 0x1D400..=0x1D7FF
        | 0x2100..=0x214F | 0x24B6..=0x24E9 | 0xFB00..=0xFB06 | 0x1F130..=0x1F149)
        && (c.is_alphanumeric() || (0x1F130..=0x1F149).contains(&(c as u32)))
}

/// The Latin letters or digits a compatibility character stands for, if that is all it is.
fn compatibility_letters(c: char) -> Option<([char; 3], usize)> {
    let mut out = ['\0'; 3];
    let mut len = 0;
    let mut plain = true;
    decompose_compatible(c, |d| {
        if len < 3 && d.is_ascii_alphanumeric() {
            out[len] = d;
            len += 1;
        } else {
            plain = false;
        }
    });
    (plain && len > 0 && !(len == 1 && out[0] == c)).then_some((out, len))
}

/// The Latin letter a look-alike stands for.
fn look_alike(c: char) -> Option<char> {
    if let Some(&(_, latin)) = CAPITALS.iter().find(|(capital, _)| *capital == c) {
        return Some(latin);
    }
    if c.is_uppercase() {
        let mut lower = c.to_lowercase();
        let (Some(l), None) = (lower.next(), lower.next()) else {
            return None;
        };
        return LOOK_ALIKES
            .get(&l)
            .and_then(|latin| latin.to_uppercase().next());
    }
    LOOK_ALIKES.get(&c).copied()
}

/// Whether `c` is a letter of the Latin script (as French and English write it).
fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || (matches!(c as u32, 0xC0..=0x24F | 0x1E00..=0x1EFF)
            && c.is_alphabetic()
            && c != '×'
            && c != '÷')
}

/// Whether a combining mark, a variation selector or a joiner after `base` belongs to an
/// emoji or a keycap ("❤️", "1️⃣", "👩‍💻") rather than to a word.
fn emoji_base(base: char) -> bool {
    is_emoji(base) || base.is_ascii_digit() || base == '#' || base == '*'
}

/// Whether `text` needs [`fold`]: it holds a format character, a stray combining mark, a
/// look-alike or compatibility letter, a symbol inside a word, or a word of at least two
/// letters with a digit that spells a letter ("c0ntact", but not "10k", "24h", "2nd"). One pass,
/// no allocation; false for nearly every text.
pub(crate) fn needs_folding(text: &str) -> bool {
    let mut previous = ' ';
    // The run of letters and digits being read: its letters, whether it has a digit that
    // spells a letter, and one that does not.
    let (mut letters, mut spelling_digit, mut other_digit) = (0u32, false, false);
    // The letter being repeated and how many times in a row.
    let (mut held, mut held_count) = (' ', 0u32);
    for c in text.chars() {
        if c.is_alphabetic() {
            let lower = c.to_ascii_lowercase();
            if lower == held {
                held_count += 1;
                if held_count == 3 && held != 'w' {
                    return true;
                }
            } else {
                (held, held_count) = (lower, 1);
            }
        } else {
            held_count = 0;
        }
        if c.is_alphanumeric() {
            if c.is_ascii_digit() {
                if spelled_letter(c).is_some() {
                    spelling_digit = true;
                } else {
                    other_digit = true;
                }
            } else {
                letters += 1;
                if !c.is_ascii() && !matches!(c as u32, 0xA0..=0x2FF) && special(c, previous) {
                    return true;
                }
            }
        } else {
            if spelling_digit && !other_digit && letters >= 2 {
                return true;
            }
            (letters, spelling_digit, other_digit) = (0, false, false);
            let symbol = (c == '@' || c == '$') && previous.is_alphanumeric();
            if symbol
                || (!c.is_ascii()
                    && !matches!(c as u32, 0xA0..=0x2FF if c != '\u{AD}')
                    && special(c, previous))
            {
                return true;
            }
        }
        previous = c;
    }
    spelling_digit && !other_digit && letters >= 2
}

/// Whether a non-ASCII character after `previous` calls for folding.
fn special(c: char, previous: char) -> bool {
    if is_format(c) {
        return !(c == '\u{200D}' && (is_emoji(previous) || previous == '\u{FE0F}'));
    }
    if is_emoji(c) {
        return false;
    }
    if is_combining_mark(c) {
        return !(emoji_base(previous) || previous == '\u{FE0F}');
    }
    is_compatibility_letter(c) || look_alike(c).is_some()
}

/// Folds `text` (already in NFC). `known` says whether a lowercase word is a word of the
/// dictionaries or the lexicons; it decides the readings folding is unsure of ("0ffre" is
/// "offre" but "5ans" stays "5 ans"; "1" is "i" or "l"). Without it those stay as written.
pub(crate) fn fold(text: &str, known: Option<&dyn Fn(&str) -> bool>) -> Folded {
    let original: Vec<char> = text.chars().collect();
    let (mut latin, mut other) = (0usize, 0usize);
    for &c in &original {
        if is_latin_letter(c) {
            latin += 1;
        } else if c.is_alphabetic() && !c.is_ascii() {
            other += 1;
        }
    }
    let latin_text = latin >= other;
    let held = known.map(|known| held_letters(&original, known));

    let mut chars: Vec<FoldedChar> = Vec::with_capacity(original.len());
    // Per folded character: the Latin letter it may stand for, decided word by word.
    let mut candidates: Vec<Option<char>> = Vec::with_capacity(original.len());
    let mut gap = false;
    let mut marks_on_base = 0;
    for (index, &c) in original.iter().enumerate() {
        if held
            .as_ref()
            .is_some_and(|held| held.get(index).is_some_and(|&h| h))
        {
            continue;
        }
        let origin = index as u32;
        let base = chars.last().map(|f| f.c);
        if is_format(c) {
            let between_emoji = c == '\u{200D}'
                && base.is_some_and(|b| is_emoji(b) || b == '\u{FE0F}')
                && original.get(index + 1).is_some_and(|n| is_emoji(*n));
            if !between_emoji {
                gap = true;
                continue;
            }
        } else if is_combining_mark(c) {
            let keep = match base {
                None => false,
                Some(b) if emoji_base(b) || b == '\u{FE0F}' => marks_on_base < 2,
                Some(b) if is_latin_letter(b) || candidates.last().is_some_and(Option::is_some) => {
                    false
                }
                Some(b) if b.is_alphabetic() => marks_on_base < 2,
                Some(_) => false,
            };
            if !keep {
                gap = true;
                continue;
            }
            marks_on_base += 1;
        } else {
            marks_on_base = 0;
        }
        if is_compatibility_letter(c) {
            if let Some((letters, len)) = compatibility_letters(c) {
                for &letter in &letters[..len] {
                    chars.push(FoldedChar {
                        c: letter,
                        origin,
                        substituted: true,
                        gap_before: std::mem::take(&mut gap),
                    });
                    candidates.push(None);
                }
                continue;
            }
        }
        chars.push(FoldedChar {
            c,
            origin,
            substituted: false,
            gap_before: std::mem::take(&mut gap),
        });
        candidates.push(if c.is_ascii() { None } else { look_alike(c) });
    }

    let mut artefacts = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        if !is_run_char(chars[start].c) {
            start += 1;
            continue;
        }
        let mut end = start;
        while end < chars.len() && is_run_char(chars[end].c) {
            end += 1;
        }
        if fold_run(&mut chars, &candidates, start, end, latin_text, known) {
            artefacts.push((start, end));
        }
        start = end;
    }
    Folded { chars, artefacts }
}

/// Per character of `original`: whether it is a letter held for effect, to drop. In a word
/// with a run of three or more equal letters ("merciiii", "YOUUU", "coool"), each run is cut to
/// two letters when that makes a `known` word, else to one when that does ("cool", "merci",
/// "you"); a word neither makes stays whole, and so do words of one repeated letter ("www",
/// "AAA", "zzz"), Roman numerals in capitals ("XIII") and links, addresses and mentions.
fn held_letters(original: &[char], known: &dyn Fn(&str) -> bool) -> Vec<bool> {
    let mut drop = Vec::new();
    let mut start = 0;
    while start < original.len() {
        if !original[start].is_alphabetic() {
            start += 1;
            continue;
        }
        let mut end = start;
        while end < original.len() && original[end].is_alphabetic() {
            end += 1;
        }
        let word = &original[start..end];
        let lower: Vec<char> = word
            .iter()
            .map(|c| c.to_lowercase().next().unwrap_or(*c))
            .collect();
        // The runs of three or more equal letters, as [i, j) in the word.
        let mut runs = Vec::new();
        let mut i = 0;
        while i < lower.len() {
            let mut j = i;
            while j < lower.len() && lower[j] == lower[i] {
                j += 1;
            }
            if j - i >= 3 {
                runs.push((i, j));
            }
            i = j;
        }
        let (from, to) = (start, end);
        start = end;
        if runs.is_empty()
            || lower.iter().all(|&c| c == lower[0])
            || word.iter().all(|c| "IVXLCDM".contains(*c))
            || chunk_is_link(original.len(), |i| original[i], from, to, true)
        {
            continue;
        }
        let cut = |keep: usize| cut_held(&lower, keep, false);
        let as_written: String = lower.iter().collect();
        if known(&as_written) {
            continue;
        }
        let keep = if known(&cut(2)) {
            2
        } else if known(&cut(1)) {
            1
        } else {
            continue;
        };
        if drop.is_empty() {
            drop = vec![false; original.len()];
        }
        for (i, j) in runs {
            for held in &mut drop[from + i + keep..from + j] {
                *held = true;
            }
        }
    }
    drop
}

/// `word` with every run of three or more equal letters cut to `keep` letters, and with
/// `final_hh` a final "hh" too ("ahh").
pub(crate) fn cut_held(word: &[char], keep: usize, final_hh: bool) -> String {
    let mut out = String::with_capacity(word.len());
    let mut i = 0;
    while i < word.len() {
        let mut j = i;
        while j < word.len() && word[j] == word[i] {
            j += 1;
        }
        let run = j - i;
        let held = run >= 3 || (final_hh && word[i] == 'h' && j == word.len() && run >= 2);
        out.extend(std::iter::repeat_n(word[i], if held { keep } else { run }));
        i = j;
    }
    out
}

/// Whether `c` continues a run of word characters, as folding reads words.
fn is_run_char(c: char) -> bool {
    c.is_alphanumeric() || c == '@' || c == '$'
}

/// The letter a digit or symbol spells inside a word ('1' is decided apart).
fn spelled_letter(c: char) -> Option<char> {
    Some(match c {
        '0' => 'o',
        '1' => 'i',
        '3' => 'e',
        '4' => 'a',
        '5' => 's',
        '7' => 't',
        '@' => 'a',
        '$' => 's',
        _ => return None,
    })
}

fn is_vowel(c: char) -> bool {
    matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// Folds the look-alikes and spelled letters of the run `chars[start..end]`; returns whether
/// the run is an artefact that spelling must not judge.
fn fold_run(
    chars: &mut [FoldedChar],
    candidates: &[Option<char>],
    start: usize,
    end: usize,
    latin_text: bool,
    known: Option<&dyn Fn(&str) -> bool>,
) -> bool {
    let run = start..end;
    let has_latin = run.clone().any(|i| is_latin_letter(chars[i].c));
    let look_alikes = run.clone().filter(|&i| candidates[i].is_some()).count();
    if look_alikes > 0 {
        let foreign = run
            .clone()
            .filter(|&i| {
                let c = chars[i].c;
                c.is_alphabetic() && !is_latin_letter(c) && candidates[i].is_none()
            })
            .count();
        if has_latin || (foreign == 0 && latin_text) {
            for i in run.clone() {
                if let Some(latin) = candidates[i] {
                    chars[i].c = latin;
                    chars[i].substituted = true;
                }
            }
        }
    }
    let mixed = run.clone().any(|i| is_latin_letter(chars[i].c))
        && run
            .clone()
            .any(|i| chars[i].c.is_alphabetic() && !is_latin_letter(chars[i].c));
    let spelled = run
        .clone()
        .any(|i| spelled_letter(chars[i].c).is_some() && !chars[i].c.is_alphabetic());
    if !spelled {
        return mixed;
    }
    fold_spelled(chars, start, end, known) || mixed
}

/// Reads the digits and symbols of a run that spell letters ("3xp3rt", "c0ntact"), when the
/// run is a word and not a number with a unit, a code, a link or an address; returns whether
/// it did.
fn fold_spelled(
    chars: &mut [FoldedChar],
    start: usize,
    end: usize,
    known: Option<&dyn Fn(&str) -> bool>,
) -> bool {
    let run = &chars[start..end];
    // Digits that spell no letter (2, 6, 8, 9) make it a code or a number: "b2b", "covid19".
    if run
        .iter()
        .any(|f| f.c.is_ascii_digit() && spelled_letter(f.c).is_none())
    {
        return false;
    }
    let letters: Vec<usize> = (0..run.len())
        .filter(|&i| run[i].c.is_alphabetic())
        .collect();
    let (Some(&first), Some(&last)) = (letters.first(), letters.last()) else {
        return false;
    };
    if letters.len() < 2 || in_link_or_address(chars, start, end) {
        return false;
    }
    let run = &chars[start..end];
    // '@' and '$' spell letters between letters ("m@rketing", "bu$iness"); a leading one is a
    // mention or a ticker, a trailing '$' a currency ("US$"), but a trailing '@' ends a word
    // ("ninj@").
    let symbol_outside = run
        .iter()
        .enumerate()
        .any(|(i, f)| (f.c == '@' && i < first) || (f.c == '$' && (i < first || i > last)));
    if symbol_outside {
        return false;
    }
    let upper = letters.iter().all(|&i| run[i].c.is_uppercase());
    let interior = (first + 1..last).any(|i| !run[i].c.is_alphabetic());
    let leading = first > 0;
    let trailing = last + 1 < run.len();
    let is_known = |word: &str| known.is_some_and(|k| k(word));
    let letters_only: String = run
        .iter()
        .filter(|f| f.c.is_alphabetic())
        .flat_map(|f| f.c.to_lowercase())
        .collect();

    // Candidate readings: '1' read by its neighbours, then all 'i', then all 'l'.
    let readings: Vec<String> = {
        let by_neighbours: String = (0..run.len()).map(|i| read_char(run, i, None)).collect();
        let mut readings = vec![by_neighbours];
        if run.iter().any(|f| f.c == '1') {
            for one in ['i', 'l'] {
                let reading: String = (0..run.len())
                    .map(|i| read_char(run, i, Some(one)))
                    .collect();
                if !readings.contains(&reading) {
                    readings.push(reading);
                }
            }
        }
        readings
    };
    let known_reading = readings.iter().position(|r| is_known(r));
    // Capitals around the digits make a code ("XMAS10", "MERCI3ANS", "Social@Ogilvy"): read
    // only when that spells a known word ("C0NTACT").
    let capital_after_symbol =
        (1..run.len()).any(|i| run[i].c.is_uppercase() && !run[i - 1].c.is_alphabetic());
    let code = (upper && letters.len() >= 2) || capital_after_symbol;
    if code && known_reading.is_none() {
        return false;
    }
    let chosen = if leading {
        // "0ffre" is "offre"; "5ans", "1er", "4ever" stay: only a known word, whose tail is
        // not a word by itself, is read.
        let Some(index) = known_reading else {
            return false;
        };
        let tail: String = readings[index].chars().skip(first).collect();
        if is_known(&tail) {
            return false;
        }
        index
    } else if interior {
        known_reading.unwrap_or(0)
    } else if trailing {
        // "gur00" is a word; "top10", "web3", "mp3" are not spelled words.
        let trailing_len = run.len() - last - 1;
        if is_known(&letters_only) {
            return false;
        }
        let lowercase = letters.iter().all(|&i| run[i].c.is_lowercase());
        match known_reading {
            Some(index) => index,
            None if lowercase && trailing_len >= 2 && letters.len() >= 3 => 0,
            None => return false,
        }
    } else {
        return false;
    };
    let reading: Vec<char> = readings[chosen].chars().collect();
    for (offset, folded) in chars[start..end].iter_mut().enumerate() {
        if !folded.c.is_alphabetic() {
            let letter = reading[offset];
            folded.c = if upper {
                letter.to_ascii_uppercase()
            } else {
                letter
            };
            folded.substituted = true;
        }
    }
    true
}

/// The lowercase letter `run[i]` reads as; `one` forces the reading of '1'.
fn read_char(run: &[FoldedChar], i: usize, one: Option<char>) -> char {
    let c = run[i].c;
    if c.is_alphabetic() {
        return c.to_lowercase().next().unwrap_or(c);
    }
    if c == '1' {
        if let Some(one) = one {
            return one;
        }
        let previous = i.checked_sub(1).map(|p| run[p].c);
        let next = run.get(i + 1).map(|n| n.c);
        let l = next.is_some_and(|n| matches!(n.to_ascii_lowercase(), 'i' | 'y'))
            || (previous.is_some_and(is_vowel) && next.is_some_and(is_vowel));
        return if l { 'l' } else { 'i' };
    }
    spelled_letter(c).unwrap_or(c)
}

/// Whether the run `chars[start..end]` is part of a link, a domain or an e-mail address: its
/// whitespace-delimited chunk has a slash, or a dot between word characters.
fn in_link_or_address(chars: &[FoldedChar], start: usize, end: usize) -> bool {
    chunk_is_link(chars.len(), |i| chars[i].c, start, end, false)
}

/// Whether the whitespace-delimited chunk of a text (`len` characters, read by `at`) around
/// `[start, end)` is a link or an address: it has a slash or a dot between word characters,
/// or, with `mentions`, an '@'.
fn chunk_is_link(
    len: usize,
    at: impl Fn(usize) -> char,
    start: usize,
    end: usize,
    mentions: bool,
) -> bool {
    let mut chunk_start = start;
    while chunk_start > 0 && !at(chunk_start - 1).is_whitespace() {
        chunk_start -= 1;
    }
    let mut chunk_end = end;
    while chunk_end < len && !at(chunk_end).is_whitespace() {
        chunk_end += 1;
    }
    (chunk_start..chunk_end).any(|i| {
        let c = at(i);
        c == '/'
            || (mentions && c == '@')
            || (c == '.'
                && i > chunk_start
                && at(i - 1).is_alphanumeric()
                && i + 1 < chunk_end
                && at(i + 1).is_alphanumeric())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(text: &str) -> String {
        fold(text, None).chars.iter().map(|f| f.c).collect()
    }

    fn folded_with(text: &str, words: &[&str]) -> String {
        let known = |w: &str| words.contains(&w);
        fold(text, Some(&known)).chars.iter().map(|f| f.c).collect()
    }

    #[test]
    fn drops_format_characters_and_stray_marks() {
        assert_eq!(
            folded("ex\u{200B}pert gu\u{200D}ru con\u{2060}tact"),
            "expert guru contact"
        );
        assert_eq!(folded("\u{FEFF}so\u{AD}cial\u{202E}"), "social");
        assert_eq!(
            folded("e\u{0338}\u{0322}x\u{0337}p\u{0336}e\u{0334}r\u{0338}t"),
            "expert"
        );
        // Accents compose under NFC before folding; emoji keep their selectors and joiners.
        assert_eq!(
            folded("déjà ❤\u{FE0F} 👩\u{200D}💻 1\u{FE0F}\u{20E3}"),
            "déjà ❤\u{FE0F} 👩\u{200D}💻 1\u{FE0F}\u{20E3}"
        );
        // Another script keeps two marks per letter, not more.
        assert_eq!(
            folded("ज\u{0941}\u{0902}\u{0901}\u{0900}").chars().count(),
            3
        );
    }

    #[test]
    fn folds_look_alikes_inside_latin_words_only() {
        assert_eq!(folded("cоntactez-mоi"), "contactez-moi");
        assert_eq!(folded("ΕΧΡΕRΤ"), "EXPERT");
        // A look-alike-only word in a Latin text is folded; a word with a Cyrillic letter no
        // Latin letter looks like stays, and so does a Russian text.
        assert_eq!(folded("le сосо de la plage"), "le coco de la plage");
        assert_eq!(folded("le гуру est"), "le гуру est");
        assert_eq!(folded("ехрегt"), "expeгt");
        assert_eq!(
            folded("Привет, как дела? Всё хорошо"),
            "Привет, как дела? Всё хорошо"
        );
        assert_eq!(
            folded("Ｅｘｐｅｒｔ 𝐠𝐮𝐫𝐮 𝓷𝓲𝓷𝓳𝓪 ﬁnance Ⓢⓔⓞ"),
            "Expert guru ninja finance Seo"
        );
    }

    #[test]
    fn reads_digits_and_symbols_spelling_letters_inside_words() {
        assert_eq!(
            folded("c0ntact m@rketing bu$iness sp3c1al1ste"),
            "contact marketing business specialiste"
        );
        assert_eq!(
            folded("gur00 3XP3RT XMAS10 Social@Ogilvy"),
            "guroo 3XP3RT XMAS10 Social@Ogilvy"
        );
        assert_eq!(
            folded_with(
                "3XP3RT 0ffre C0NTACT MERCI3ANS",
                &["expert", "offre", "contact"]
            ),
            "EXPERT offre CONTACT MERCI3ANS"
        );
        // Numbers with units, codes, links, addresses and mentions stay as written.
        for plain in [
            "24h",
            "5ans",
            "1er",
            "2ème",
            "3x",
            "10k",
            "15h30",
            "covid19",
            "b2b",
            "mp3",
            "web3",
            "top10",
            "x10",
            "@julie",
            "info@exemple.fr",
            "https://bit.ly/3xp3rt",
            "$AAPL",
            "20$",
        ] {
            assert_eq!(
                folded_with(plain, &["sans", "ans", "top", "web"]),
                plain,
                "{plain}"
            );
        }
    }

    #[test]
    fn keeps_the_origin_of_every_character() {
        let f = fold("ex\u{200B}p3rt", None);
        let origins: Vec<u32> = f.chars.iter().map(|c| c.origin).collect();
        assert_eq!(origins, vec![0, 1, 3, 4, 5, 6]);
        assert!(f.chars[2].gap_before && f.chars[3].substituted);
        assert_eq!(f.artefacts, vec![(0, 6)]);
    }

    #[test]
    fn cuts_letters_held_for_effect_back_to_the_word() {
        let words = [
            "merci", "thank", "you", "so", "cool", "great", "love", "site", "zzz",
        ];
        assert_eq!(
            folded_with("merciiii THANK YOUUU sooo coool Greaaat looove", &words),
            "merci THANK YOU so cool Great love"
        );
        // Unknown either way, one repeated letter, Roman numerals, links and mentions stay.
        for plain in [
            "Ahhhhrg",
            "www.siiite.fr",
            "AAA",
            "zzz",
            "Louis XIII",
            "@sooo",
            "ppp@coool.fr",
        ] {
            assert_eq!(folded_with(plain, &words), plain, "{plain}");
        }
        // Without a lexicon nothing is cut; spans still point into the original text.
        assert_eq!(folded("merciiii"), "merciiii");
        let f = fold("merciii !", Some(&|w: &str| w == "merci"));
        let origins: Vec<u32> = f.chars.iter().map(|c| c.origin).collect();
        assert_eq!(origins, vec![0, 1, 2, 3, 4, 7, 8]);
        assert!(f.chars.iter().all(|c| !c.substituted && !c.gap_before));
        assert!(needs_folding("merciii") && needs_folding("THANK YOUUU"));
        assert!(!needs_folding("www.exemple.fr"));
    }

    #[test]
    fn plain_text_needs_no_folding() {
        for plain in [
            "Merci Julie, c'est très utile 🚀❤\u{FE0F}",
            "We tested it for 6 weeks on 40 posts, 10 000 abonnés.",
            "Voir https://exemple.ca/a?b=1 @julie_m #SEO",
        ] {
            assert!(!needs_folding(plain), "{plain}");
        }
        for hidden in [
            "ex\u{200B}pert",
            "cоntact",
            "c0ntact",
            "ｅｘｐｅｒｔ",
            "e\u{0338}xpert",
        ] {
            assert!(needs_folding(hidden), "{hidden}");
        }
    }
}
