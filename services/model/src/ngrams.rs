//! The learned text channel: hashed word and character n-grams.
//!
//! The cue features only see what the lexicons and rules list; this channel lets the model
//! learn from the words themselves, so that paraphrases no lexicon lists still move a score.
//! A text becomes a sparse vector of [`NGRAM_BUCKETS`] dimensions:
//!
//! 1. Its tokens ([`crate::text::Normalized`], lowercased) are put in a canonical form:
//!    words as written (accents kept: missing accents are writing errors), every run of
//!    digits as `0` (`50 000` → `0 0`, `20%` → `0%`), links as `<url>` (`<source>` for a
//!    public source's, [`crate::text::is_public_source`]), mentions as `@`,
//!    hashtags and emoji as themselves, quotation marks as `"`, line breaks as `¶`.
//! 2. **Word n-grams**: every token (unigram) and every pair of neighbouring tokens (bigram).
//!    **Character n-grams**: every run of 3, 4 and 5 characters of the tokens joined by
//!    single spaces, with a space before and after the text.
//! 3. Each n-gram is hashed (a fixed 64-bit hash, see [`NGRAM_SCHEMA`]) to a bucket and a
//!    sign (+1 or −1, so that collisions tend to cancel instead of adding up); a bucket's
//!    value is the signed sum of its n-grams' counts.
//! 4. Per channel (words, characters), each bucket value `v` becomes `sign(v)·ln(1 + |v|)`
//!    and the channel's vector is scaled to unit L2 norm, so that long texts do not weigh
//!    more than short ones and the two channels weigh the same.
//!
//! The result lists only the active buckets ([`NgramVector`]): scoring adds up the weights
//! of those buckets, never a dense vector per item. The per-thread scratch space used to
//! count (one slot per bucket, reset by generation stamps) is allocated once per thread.

use std::cell::RefCell;
use std::sync::LazyLock;

use crate::text::{Normalized, TokenKind};

/// Bits of the bucket index: the channel has `2^NGRAM_BITS` dimensions.
pub const NGRAM_BITS: u32 = 14;
/// Number of buckets the n-grams are hashed into.
pub const NGRAM_BUCKETS: usize = 1 << NGRAM_BITS;
/// Shortest and longest character n-gram.
pub const CHAR_NGRAMS: (usize, usize) = (3, 5);

/// Everything that decides the channel's values, as text: part of the feature-schema hash, so
/// a model trained with another tokenisation, hash or transform is recognised as stale.
/// Change it (the `ngrams/N` number) whenever the code below changes what it computes.
pub const NGRAM_SCHEMA: &str = "ngrams/3 buckets=2^14 hash=fnv1a64*golden, bigrams splitmix64 \
     bucket=top bits sign=next bit \
     words=unigram,bigram chars=3..5 over tokens joined by space, padded \
     tokens=lowercase,digit-runs:0,url:<url>,public-source-url:<source>,mention:@,quote:\",newline:¶ \
     value=sign*ln(1+|sum|) per channel, channel L2 norm 1";

/// The active buckets of one text: `(bucket, value)`, words then characters. A bucket can
/// appear twice (once per channel); a dot product simply adds both.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NgramVector {
    /// Active buckets with their values.
    pub entries: Vec<(u32, f32)>,
}

impl NgramVector {
    /// Σ value · weights[bucket]: the channel's contribution to a logit.
    pub fn dot(&self, weights: &[f32]) -> f64 {
        self.entries
            .iter()
            .map(|&(b, v)| v as f64 * weights[b as usize] as f64)
            .sum()
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;
/// Seeds that keep the word unigram, word bigram and character channels apart.
const SEED_UNIGRAM: u64 = 0x5555_1111_aaaa_0001;
const SEED_BIGRAM: u64 = 0x3333_2222_cccc_0002;
const SEED_CHAR: u64 = 0x7777_4444_eeee_0003;

/// splitmix64's finaliser: spreads every input bit over the output.
fn mix(mut h: u64) -> u64 {
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

fn fnv(seed: u64, bytes: &[u8]) -> u64 {
    let mut h = FNV_OFFSET ^ seed;
    for b in bytes {
        h ^= *b as u64;
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

/// Multiplier of the bucket hash: 2^64/φ, odd, whose product carries every bit of its input
/// into the high bits.
const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

/// Bucket (the high bits) and sign (the bit just below them) of a finished hash, after one
/// multiplication by [`GOLDEN`]: the channel hashes about three n-grams per character, and a
/// full mix per n-gram was a tenth of scoring time. Both bits chosen depend on nearly every
/// bit of the input.
fn bucket_and_sign(h: u64) -> (u32, i16) {
    let h = h.wrapping_mul(GOLDEN);
    (
        (h >> (64 - NGRAM_BITS)) as u32,
        if (h >> (63 - NGRAM_BITS)) & 1 == 0 {
            1
        } else {
            -1
        },
    )
}

/// One bucket's count and the generation that last wrote it, side by side in four bytes so
/// that a count costs one memory access and the whole table stays in the nearest caches. A
/// bucket's count is a sum of ±1 over one text's n-grams, far inside an `i16`.
#[derive(Clone, Copy, Default)]
struct Slot {
    stamp: u16,
    value: i16,
}

/// Per-thread counting space: one slot per bucket.
struct Scratch {
    slots: Vec<Slot>,
    generation: u16,
    touched: Vec<u32>,
}

impl Scratch {
    fn new() -> Self {
        Scratch {
            slots: vec![Slot::default(); NGRAM_BUCKETS],
            generation: 0,
            touched: Vec::with_capacity(1024),
        }
    }

    fn begin(&mut self) {
        self.touched.clear();
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.slots.iter_mut().for_each(|s| s.stamp = 0);
            self.generation = 1;
        }
    }

    fn add(&mut self, h: u64) {
        let (bucket, sign) = bucket_and_sign(h);
        let slot = &mut self.slots[bucket as usize];
        if slot.stamp != self.generation {
            slot.stamp = self.generation;
            slot.value = 0;
            self.touched.push(bucket);
        }
        slot.value = slot.value.saturating_add(sign);
    }

    /// Appends the channel's transformed, unit-norm entries to `out`.
    fn finish(&mut self, out: &mut Vec<(u32, f32)>) {
        let start = out.len();
        let mut norm = 0.0f32;
        for &bucket in &self.touched {
            let v = self.slots[bucket as usize].value as f32;
            if v != 0.0 {
                let x = v.signum() * ln_1p_count(v.abs());
                norm += x * x;
                out.push((bucket, x));
            }
        }
        if norm > 0.0 {
            let inverse = 1.0 / norm.sqrt();
            out[start..].iter_mut().for_each(|(_, x)| *x *= inverse);
        }
    }
}

/// ln(1 + n) of a bucket's count: a bucket sums ±1 per n-gram, so its magnitude is almost
/// always a small whole number, and a table of exactly the values `ln_1p` would return spares
/// the logarithm (a few per cent of scoring time).
fn ln_1p_count(n: f32) -> f32 {
    static TABLE: LazyLock<[f32; 64]> =
        LazyLock::new(|| std::array::from_fn(|k| (k as f32).ln_1p()));
    let k = n as usize;
    if k < 64 && k as f32 == n {
        TABLE[k]
    } else {
        n.ln_1p()
    }
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::new());
}

/// Appends the canonical form of each token to `out`, separated by single spaces, and
/// returns the byte range of each token in `out`.
fn canonical_tokens(norm: &Normalized, out: &mut String) -> Vec<(usize, usize)> {
    let mut ranges = Vec::with_capacity(norm.tokens.len());
    for token in &norm.tokens {
        let text = norm.lower_of(token);
        let start = out.len();
        match token.kind {
            TokenKind::Word | TokenKind::Elision | TokenKind::Hashtag => out.push_str(text),
            TokenKind::Number => {
                let mut in_digits = false;
                for c in text.chars() {
                    if c.is_ascii_digit() {
                        if !in_digits {
                            out.push('0');
                        }
                        in_digits = true;
                    } else {
                        in_digits = false;
                        out.push(c);
                    }
                }
            }
            TokenKind::Url if crate::text::is_public_source(text) => out.push_str("<source>"),
            TokenKind::Url => out.push_str("<url>"),
            TokenKind::Mention => out.push('@'),
            TokenKind::Emoji => {
                // Joiners, variation selectors and skin tones say nothing of their own.
                if text
                    .chars()
                    .all(|c| matches!(c as u32, 0xFE0F | 0x200D | 0x1F3FB..=0x1F3FF))
                {
                    continue;
                }
                out.push_str(text);
            }
            TokenKind::Punct => match text {
                "\n" => out.push('¶'),
                "«" | "»" | "“" | "”" | "\"" => out.push('"'),
                other => out.push_str(other),
            },
        }
        ranges.push((start, out.len()));
        out.push(' ');
    }
    ranges
}

/// The n-gram vector of a normalised text.
pub fn extract(norm: &Normalized) -> NgramVector {
    let mut stream = String::with_capacity(norm.lower.len() + 16);
    stream.push(' ');
    let ranges = canonical_tokens(norm, &mut stream);
    let mut entries = Vec::with_capacity(stream.len() * 2);
    SCRATCH.with(|scratch| {
        let mut scratch = scratch.borrow_mut();
        // Words: unigrams and bigrams.
        scratch.begin();
        let mut previous: Option<u64> = None;
        for &(start, end) in &ranges {
            let h = fnv(0, &stream.as_bytes()[start..end]);
            scratch.add(h ^ SEED_UNIGRAM);
            if let Some(p) = previous {
                scratch.add(mix(p ^ SEED_BIGRAM).wrapping_add(h));
            }
            previous = Some(h);
        }
        scratch.finish(&mut entries);
        // Characters: every run of 3 to 5 characters of the padded stream.
        scratch.begin();
        let chars: Vec<u32> = stream.chars().map(|c| c as u32).collect();
        let (shortest, longest) = CHAR_NGRAMS;
        for i in 0..chars.len() {
            let mut h = FNV_OFFSET ^ SEED_CHAR;
            for (n, c) in chars[i..].iter().take(longest).enumerate() {
                h ^= *c as u64;
                h = h.wrapping_mul(FNV_PRIME);
                if n + 1 >= shortest {
                    scratch.add(h ^ (n as u64 + 1));
                }
            }
        }
        scratch.finish(&mut entries);
    });
    NgramVector { entries }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vector(text: &str) -> NgramVector {
        extract(&Normalized::new(text))
    }

    fn dense(v: &NgramVector) -> Vec<f32> {
        let mut d = vec![0.0; NGRAM_BUCKETS];
        for &(b, x) in &v.entries {
            d[b as usize] += x;
        }
        d
    }

    #[test]
    fn channels_have_unit_norm_and_buckets_are_in_range() {
        let v = vector("Je suis expert en médias sociaux, contactez-moi! https://x.ca 🚀");
        assert!(v.entries.iter().all(|(b, _)| (*b as usize) < NGRAM_BUCKETS));
        // Two channels of norm 1 each: the squared values add up to 2.
        let squares: f32 = v.entries.iter().map(|(_, x)| x * x).sum();
        assert!((squares - 2.0).abs() < 1e-4, "{squares}");
    }

    #[test]
    fn the_same_text_gives_the_same_vector_and_case_does_not_matter() {
        assert_eq!(vector("Thanks for sharing!"), vector("Thanks for sharing!"));
        assert_eq!(
            dense(&vector("THANKS for sharing")),
            dense(&vector("thanks for sharing"))
        );
    }

    #[test]
    fn numbers_links_and_mentions_are_canonical() {
        assert_eq!(
            dense(&vector("J'ai 50 000 abonnés, voir https://a.ca @julie")),
            dense(&vector(
                "J'ai 12 345 abonnés, voir https://autre.fr/x @marc"
            ))
        );
        // A public source's link is told from other links, and from another source's alike.
        assert_eq!(
            dense(&vector("voir https://www.insee.fr/fr/statistiques")),
            dense(&vector("voir https://www150.statcan.gc.ca/n1/fr"))
        );
        assert_ne!(
            dense(&vector("voir https://www.insee.fr/fr/statistiques")),
            dense(&vector("voir https://mon-agence.fr/offre"))
        );
    }

    #[test]
    fn paraphrases_share_buckets_unrelated_texts_few() {
        let cosine = |a: &str, b: &str| {
            let (a, b) = (dense(&vector(a)), dense(&vector(b)));
            a.iter().zip(&b).map(|(x, y)| x * y).sum::<f32>() / 2.0
        };
        let close = cosine(
            "Now booking clients for next quarter, DM me",
            "Booking new clients for the next quarter: DM me!",
        );
        let far = cosine(
            "Now booking clients for next quarter, DM me",
            "Selon l'étude du CEFRIO, ça dépend du secteur.",
        );
        assert!(close > 0.5 && far < 0.15, "close {close}, far {far}");
    }

    #[test]
    fn empty_text_has_no_entries() {
        assert!(vector("").entries.is_empty());
        assert_eq!(vector("   ").dot(&vec![1.0; NGRAM_BUCKETS]), 0.0);
    }
}
