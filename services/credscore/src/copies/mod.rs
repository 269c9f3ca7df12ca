//! Copied and re-posted texts: MinHash signatures over word pairs, found again through
//! locality-sensitive hashing (bands of the signature as bucket keys), so that a text is
//! compared only with the few earlier texts that share a band, not with all of them.
//!
//! An item whose word pairs mostly (estimated Jaccard similarity ≥ [`THRESHOLD`]) repeat an
//! earlier item is a copy of it: of another author's item (someone else's content presented
//! as one's own), or of the author's own (re-broadcasting). The earliest item wins; a copy
//! that names the original's author or credits a source is a quote, not a copy; texts of
//! fewer than [`MIN_WORDS`] words ("Thanks for sharing!") are never copies.

use chrono::{DateTime, Utc};
use serde::Serialize;

mod table;

pub use table::BandTable;

/// Bands of a signature: the bucket keys a text is filed under.
pub const BANDS: usize = HASHES / ROWS;

/// Hash functions per signature: with bands of four, a copy at similarity 0.65 (one word in
/// ten changed) becomes a candidate 99 times in 100, at 0.5 one time in two. Minima are kept
/// on 32 bits (384 bytes a signature).
const HASHES: usize = 96;
/// Rows per band: two texts become candidates when all rows of one band agree.
const ROWS: usize = 4;
/// Estimated similarity from which a candidate is a copy. With word pairs, changing one word
/// in ten of a text leaves a similarity of about 0.65; two texts on one topic share far less.
pub const THRESHOLD: f64 = 0.5;
/// Texts kept per band bucket (the earliest ones).
const BUCKET_LIMIT: usize = 32;
/// Texts shorter than this (in words) are not compared.
pub const MIN_WORDS: usize = 8;

/// Where an item was copied from, as the score JSON reports it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CopiedFrom {
    /// The earlier item's id.
    pub id: String,
    /// Its author (the item's own author when it re-posts their text).
    pub author: String,
    /// Estimated share of word pairs the two texts have in common (Jaccard), in [0, 1].
    pub similarity: f64,
}

/// A text's MinHash signature.
#[derive(Debug, Clone, PartialEq)]
pub struct Signature([u32; HASHES]);

/// SplitMix64's finaliser: a well-mixed 64-bit hash of `z`.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The hashes of the lowercase words of `text` (runs of letters and digits): FNV-1a over
/// the lowercase characters, then mixed; stable across runs and platforms, unlike the
/// standard hasher.
fn word_hashes(text: &str) -> Vec<u64> {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    let mut hashes = Vec::with_capacity(text.len() / 5);
    let mut h = OFFSET;
    let mut in_word = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            for lower in c.to_lowercase() {
                h = (h ^ u64::from(lower)).wrapping_mul(0x0000_0100_0000_01b3);
            }
            in_word = true;
        } else if in_word {
            hashes.push(mix(h));
            (h, in_word) = (OFFSET, false);
        }
    }
    if in_word {
        hashes.push(mix(h));
    }
    hashes
}

/// The multipliers and offsets of the hash functions: odd multipliers, one multiply-add
/// each (multiply-shift hashing), cheap enough to run 96 of them per word pair.
fn permutations() -> &'static [(u64, u64); HASHES] {
    static PERMUTATIONS: std::sync::OnceLock<[(u64, u64); HASHES]> = std::sync::OnceLock::new();
    PERMUTATIONS.get_or_init(|| {
        std::array::from_fn(|i| {
            let seed = (i as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
            (mix(seed) | 1, mix(seed ^ 0x5851_f42d_4c95_7f2d))
        })
    })
}

impl Signature {
    /// The signature of `text`, or None when it is too short to be called a copy.
    pub fn of(text: &str) -> Option<Signature> {
        let words = word_hashes(text);
        if words.len() < MIN_WORDS {
            return None;
        }
        let permutations = permutations();
        let mut minima = [u32::MAX; HASHES];
        for pair in words.windows(2) {
            let shingle = mix(pair[0].rotate_left(17) ^ pair[1]);
            for (minimum, (a, b)) in minima.iter_mut().zip(permutations) {
                let value = (shingle.wrapping_mul(*a).wrapping_add(*b) >> 32) as u32;
                *minimum = (*minimum).min(value);
            }
        }
        Some(Signature(minima))
    }

    /// Estimated Jaccard similarity of the two texts' word pairs.
    pub fn similarity(&self, other: &Signature) -> f64 {
        // Summed as 0/1 integers, which compiles to vector compares.
        let same: u32 = self
            .0
            .iter()
            .zip(&other.0)
            .map(|(a, b)| u32::from(a == b))
            .sum();
        f64::from(same) / HASHES as f64
    }

    /// The signature as stored: its minima, little-endian.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.iter().flat_map(|m| m.to_le_bytes()).collect()
    }

    /// A stored signature, or None when `bytes` is not one (another length).
    pub fn from_bytes(bytes: &[u8]) -> Option<Signature> {
        if bytes.len() != HASHES * 4 {
            return None;
        }
        Some(Signature(std::array::from_fn(|i| {
            u32::from_le_bytes(bytes[i * 4..i * 4 + 4].try_into().expect("four bytes"))
        })))
    }

    /// The bucket keys of its [`BANDS`] bands.
    pub fn band_keys(&self) -> impl Iterator<Item = u64> + '_ {
        self.0.chunks(ROWS).enumerate().map(|(band, rows)| {
            rows.iter()
                .fold(mix(band as u64 + 1), |key, &row| mix(key ^ u64::from(row)))
        })
    }
}

struct Entry {
    id: String,
    author: String,
    signature: Signature,
}

/// The items seen so far, in order, and their signatures' bands: each band key's bucket is a
/// chain through `links` (latest first), so that filing a key allocates nothing of its own.
#[derive(Default)]
pub struct CopyIndex {
    entries: Vec<Entry>,
    /// Per band key: the chain's first link and its length.
    heads: rustc_hash::FxHashMap<u64, (u32, u32)>,
    /// (entry, next link or `u32::MAX`).
    links: Vec<(u32, u32)>,
    /// Per entry, the last lookup that judged it (so that each lookup judges it once).
    stamps: Vec<u32>,
    /// The current lookup's number.
    query: u32,
}

/// The end of a bucket's chain.
const END: u32 = u32::MAX;

impl CopyIndex {
    /// An empty index.
    pub fn new() -> CopyIndex {
        CopyIndex::default()
    }

    /// An empty index with room for `texts` texts before it grows.
    pub fn with_capacity(texts: usize) -> CopyIndex {
        CopyIndex {
            entries: Vec::with_capacity(texts),
            heads: rustc_hash::FxHashMap::with_capacity_and_hasher(
                texts * BANDS,
                Default::default(),
            ),
            links: Vec::with_capacity(texts * BANDS),
            stamps: Vec::with_capacity(texts),
            query: 0,
        }
    }

    /// Items indexed.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The earliest indexed item that `text` (whose signature is `signature`, from
    /// [`Signature::of`], computed beforehand so that callers can do it in parallel) copies,
    /// if any; then indexes `text` unless it is a copy (the original stays the one later
    /// copies are reported against).
    pub fn check_and_add(
        &mut self,
        id: &str,
        author: &str,
        text: &str,
        signature: Option<Signature>,
    ) -> Option<CopiedFrom> {
        let signature = signature?;
        let found = self.find(&signature, text);
        if found.is_none() {
            self.add(id, author, signature);
        }
        found
    }

    fn find(&mut self, signature: &Signature, text: &str) -> Option<CopiedFrom> {
        // Each candidate is judged once (an entry seen under several keys is stamped with
        // this query's number), and the earliest one above the threshold wins.
        self.query = self.query.wrapping_add(1);
        if self.query == 0 {
            self.stamps.fill(0);
            self.query = 1;
        }
        self.stamps.resize(self.entries.len(), 0);
        let mut best: Option<(u32, f64)> = None;
        for key in signature.band_keys() {
            let Some(&(mut link, _)) = self.heads.get(&key) else {
                continue;
            };
            while link != END {
                let (index, next) = self.links[link as usize];
                link = next;
                if self.stamps[index as usize] == self.query || best.is_some_and(|(b, _)| b < index)
                {
                    continue;
                }
                self.stamps[index as usize] = self.query;
                let entry = &self.entries[index as usize];
                let similarity = signature.similarity(&entry.signature);
                if similarity >= THRESHOLD && !credits(text, &entry.author) {
                    best = Some((index, similarity));
                }
            }
        }
        best.map(|(index, similarity)| {
            let entry = &self.entries[index as usize];
            CopiedFrom {
                id: entry.id.clone(),
                author: entry.author.clone(),
                similarity: (similarity * 100.0).round() / 100.0,
            }
        })
    }

    fn add(&mut self, id: &str, author: &str, signature: Signature) {
        let index = u32::try_from(self.entries.len()).expect("fewer than 4 billion items");
        for key in signature.band_keys() {
            let link = u32::try_from(self.links.len()).expect("fewer than 4 billion bands");
            let (head, length) = self.heads.entry(key).or_insert((END, 0));
            // A band shared by this many earlier texts is a common phrase, not a sign of a
            // copy: the earliest texts stay, and lookups stay cheap.
            if (*length as usize) < BUCKET_LIMIT {
                self.links.push((index, *head));
                *head = link;
                *length += 1;
            }
        }
        self.entries.push(Entry {
            id: id.to_string(),
            author: author.to_string(),
            signature,
        });
    }
}

/// An item to judge against the stored ones: new, edited or sent again.
#[derive(Debug, Clone)]
pub struct Entrant<'a> {
    /// Its id.
    pub id: &'a str,
    /// Its author.
    pub author: &'a str,
    /// Its text (a copy that credits the original is a quote).
    pub text: &'a str,
    /// When it was published (or ingested, when it does not say): the earliest item wins.
    pub at: DateTime<Utc>,
    /// Its signature; None when the text is too short to be called a copy.
    pub signature: Option<Signature>,
}

/// A stored original (an item that copies nothing earlier) sharing a band with some entrant.
#[derive(Debug, Clone)]
pub struct Original {
    /// Its id.
    pub id: String,
    /// Its author.
    pub author: String,
    /// Its text; needed only when it is published after some entrant (it may copy it, unless
    /// it credits it), and may be left empty otherwise.
    pub text: String,
    /// When it was published.
    pub at: DateTime<Utc>,
    /// Its signature.
    pub signature: Signature,
}

/// What judging a batch of entrants against the stored originals decided.
#[derive(Debug, Default, PartialEq)]
pub struct Verdicts {
    /// Per entrant, in order: the earlier item it copies, if any.
    pub copied_from: Vec<Option<CopiedFrom>>,
    /// Entrants that copy nothing and have a signature: indices of the new originals.
    pub originals: Vec<usize>,
    /// Stored originals that turn out to copy an entrant published before them (it arrived
    /// late): their ids and what they copy.
    pub demoted: Vec<(String, CopiedFrom)>,
}

/// Judges `entrants` against `stored` (the stored originals sharing a band with one of them)
/// and against each other, in order of publication: each item is a copy of the earliest
/// earlier item it repeats. A stored row of an entrant's own id is its previous version and is
/// ignored, so that judging an item again decides the same.
pub fn judge(entrants: &[Entrant<'_>], stored: Vec<Original>) -> Verdicts {
    enum Who {
        Entrant(usize),
        Stored(usize),
    }
    let ids: std::collections::HashSet<&str> = entrants.iter().map(|e| e.id).collect();
    let stored: Vec<Original> = stored
        .into_iter()
        .filter(|o| !ids.contains(o.id.as_str()))
        .collect();
    let mut queue: Vec<(DateTime<Utc>, &str, Who)> = stored
        .iter()
        .enumerate()
        .map(|(j, o)| (o.at, o.id.as_str(), Who::Stored(j)))
        .collect();
    queue.extend(
        entrants
            .iter()
            .enumerate()
            .filter(|(_, e)| e.signature.is_some())
            .map(|(i, e)| (e.at, e.id, Who::Entrant(i))),
    );
    queue.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    let mut verdicts = Verdicts {
        copied_from: vec![None; entrants.len()],
        ..Verdicts::default()
    };
    let mut index = CopyIndex::with_capacity(queue.len());
    for (_, _, who) in queue {
        match who {
            Who::Entrant(i) => {
                let e = &entrants[i];
                let signature = e.signature.clone();
                match index.check_and_add(e.id, e.author, e.text, signature) {
                    Some(found) => verdicts.copied_from[i] = Some(found),
                    None => verdicts.originals.push(i),
                }
            }
            Who::Stored(j) => {
                let o = &stored[j];
                let signature = Some(o.signature.clone());
                if let Some(found) = index.check_and_add(&o.id, &o.author, &o.text, signature) {
                    verdicts.demoted.push((o.id.clone(), found));
                }
            }
        }
    }
    verdicts
}

/// Words that credit a source, French and English.
const CREDIT_MARKERS: &[&str] = &[
    "via",
    "source",
    "sources",
    "credit",
    "credits",
    "crédit",
    "crédits",
    "according",
    "selon",
    "quoting",
    "quoted",
    "citant",
    "cité",
    "citée",
    "repost",
    "reposting",
    "retweet",
];

/// Whether `text` names `author` or credits a source: then it quotes rather than copies.
pub fn credits(text: &str, author: &str) -> bool {
    let lowered = text.to_lowercase();
    let author = author.trim_start_matches('@').to_lowercase();
    if author.chars().count() >= 3 && lowered.contains(&author) {
        return true;
    }
    lowered.contains("d'après")
        || lowered.contains("d’après")
        || lowered.contains("h/t")
        || lowered
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| CREDIT_MARKERS.contains(&w))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGINAL: &str = "Most community managers measure reach because it is easy, but \
        what predicts renewals in our data is how many members answer each other without us. \
        We moved our weekly report to replies between members and the conversation changed.";

    fn check(index: &mut CopyIndex, id: &str, author: &str, text: &str) -> Option<CopiedFrom> {
        index.check_and_add(id, author, text, Signature::of(text))
    }

    /// `text` with one word in ten replaced.
    fn one_word_in_ten_changed(text: &str) -> String {
        text.split(' ')
            .enumerate()
            .map(|(i, w)| if i % 10 == 4 { "something" } else { w })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn a_copy_with_one_word_in_ten_changed_names_the_original() {
        let mut index = CopyIndex::new();
        assert_eq!(check(&mut index, "a-1", "alice", ORIGINAL), None);
        let copy = one_word_in_ten_changed(ORIGINAL);
        assert_ne!(copy, ORIGINAL);
        let found = check(&mut index, "b-1", "bob", &copy).expect("a copy");
        assert_eq!((found.id.as_str(), found.author.as_str()), ("a-1", "alice"));
        assert!(
            found.similarity >= THRESHOLD && found.similarity < 1.0,
            "{found:?}"
        );
        // A later copy is reported against the original, not against the first copy.
        let again = check(&mut index, "c-1", "carol", ORIGINAL).unwrap();
        assert_eq!((again.id.as_str(), again.similarity), ("a-1", 1.0));
        assert_eq!(index.len(), 1);
    }

    #[test]
    fn an_author_reposting_their_own_text_is_found_too() {
        let mut index = CopyIndex::new();
        check(&mut index, "a-1", "alice", ORIGINAL);
        let repost = check(&mut index, "a-2", "alice", ORIGINAL).unwrap();
        assert_eq!(repost.author, "alice");
    }

    #[test]
    fn two_texts_on_one_topic_are_not_copies() {
        let mut index = CopyIndex::new();
        check(&mut index, "a-1", "alice", ORIGINAL);
        let other = "Reach is easy to measure, so most community managers report it. Our \
            renewals followed something else: members replying to each other. Since we \
            report replies between members every week, the conversation is different.";
        assert_eq!(check(&mut index, "b-1", "bob", other), None);
    }

    #[test]
    fn a_credited_quote_and_a_short_comment_are_not_copies() {
        let mut index = CopyIndex::new();
        check(&mut index, "a-1", "alice_martin", ORIGINAL);
        let quoted = format!("{ORIGINAL} (via Alice_Martin)");
        assert_eq!(check(&mut index, "b-1", "bob", &quoted), None);
        let sourced = format!("Source: her newsletter. {ORIGINAL}");
        assert_eq!(check(&mut index, "c-1", "carol", &sourced), None);
        check(&mut index, "d-1", "dan", "Thanks for sharing!");
        assert_eq!(check(&mut index, "e-1", "eve", "Thanks for sharing!"), None);
    }

    fn at(minute: u32) -> DateTime<Utc> {
        chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 11, 2, 9, minute, 0).unwrap()
    }

    fn entrant<'a>(id: &'a str, author: &'a str, text: &'a str, minute: u32) -> Entrant<'a> {
        Entrant {
            id,
            author,
            text,
            at: at(minute),
            signature: Signature::of(text),
        }
    }

    fn stored(id: &str, author: &str, text: &str, minute: u32) -> Original {
        Original {
            id: id.into(),
            author: author.into(),
            text: text.into(),
            at: at(minute),
            signature: Signature::of(text).unwrap(),
        }
    }

    #[test]
    fn entrants_are_judged_against_the_stored_originals_and_each_other() {
        let copy = one_word_in_ten_changed(ORIGINAL);
        let entrants = [
            entrant("b-1", "bob", &copy, 10),
            entrant("c-1", "carol", ORIGINAL, 11),
            entrant("d-1", "dan", "Thanks for sharing!", 12),
        ];
        let verdicts = judge(&entrants, vec![stored("a-1", "alice", ORIGINAL, 1)]);
        let names = |v: &Option<CopiedFrom>| v.as_ref().map(|c| c.id.clone());
        let found: Vec<_> = verdicts.copied_from.iter().map(names).collect();
        assert_eq!(found, [Some("a-1".into()), Some("a-1".into()), None]);
        assert!(verdicts.originals.is_empty() && verdicts.demoted.is_empty());
    }

    #[test]
    fn an_original_arriving_late_demotes_the_stored_copy() {
        let copy = one_word_in_ten_changed(ORIGINAL);
        let verdicts = judge(
            &[entrant("a-1", "alice", ORIGINAL, 1)],
            vec![stored("b-1", "bob", &copy, 10)],
        );
        assert_eq!(verdicts.copied_from, [None]);
        assert_eq!(verdicts.originals, [0]);
        let (id, found) = &verdicts.demoted[0];
        assert_eq!((id.as_str(), found.id.as_str()), ("b-1", "a-1"));
    }

    #[test]
    fn judging_an_item_again_ignores_its_own_stored_row() {
        let verdicts = judge(
            &[entrant("a-1", "alice", ORIGINAL, 1)],
            vec![stored("a-1", "alice", ORIGINAL, 1)],
        );
        assert_eq!(
            (verdicts.copied_from, verdicts.originals),
            (vec![None], vec![0])
        );
    }

    #[test]
    fn stored_signatures_read_back() {
        let signature = Signature::of(ORIGINAL).unwrap();
        let bytes = signature.to_bytes();
        assert_eq!(Signature::from_bytes(&bytes), Some(signature.clone()));
        assert_eq!(Signature::from_bytes(&bytes[1..]), None);
        assert_eq!(signature.band_keys().count(), BANDS);
    }

    #[test]
    fn signatures_are_stable_across_runs() {
        // Persisted signatures (and other replicas') must agree with this build's.
        let signature = Signature::of(ORIGINAL).unwrap();
        assert_eq!(signature.0[0], Signature::of(ORIGINAL).unwrap().0[0]);
        assert_eq!(word_hashes("Expert, expert"), word_hashes("expert EXPERT"));
        assert_ne!(word_hashes("expert"), word_hashes("experts"));
    }
}
