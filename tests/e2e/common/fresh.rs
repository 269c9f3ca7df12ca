//! Items whose texts are not repeated, for benchmarks: each text joins one to five sentences
//! drawn from corpus items of one language, and about one in three has one word misspelled,
//! so the scorer's spelling memo keeps meeting words it has not seen (as with real posts,
//! where names and typos never stop coming).

use credscore_model::{Item, Kind};

/// A deterministic source of fresh items built from the corpus sentences.
pub struct FreshItems {
    /// Sentences of French and of English corpus items.
    sentences: [Vec<String>; 2],
    prefix: String,
    authors: u64,
}

/// SplitMix64: a small, well-mixed generator, so item `n` is the same in every run.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn sentences_of(text: &str) -> impl Iterator<Item = &str> {
    text.split_inclusive(['.', '!', '?', '\n'])
        .map(str::trim)
        .filter(|s| s.chars().count() >= 20)
}

impl FreshItems {
    /// Fresh items named `{prefix}-{n}`, spread over `authors` practitioners (a few write
    /// much, most write little).
    pub fn new(prefix: &str, authors: u64) -> FreshItems {
        let corpus = std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../corpus"));
        let files = credscore_model::train::corpus_files(&corpus).unwrap();
        let (labeled, _, _) = credscore_model::train::load_labeled(&files).unwrap();
        let mut sentences = [Vec::new(), Vec::new()];
        for seed in &labeled {
            let english = seed
                .item
                .lang
                .as_deref()
                .is_some_and(|l| l.starts_with("en"));
            sentences[usize::from(english)]
                .extend(sentences_of(&seed.item.text).map(str::to_string));
        }
        assert!(
            sentences.iter().all(|s| s.len() > 100),
            "the corpus has French and English sentences"
        );
        FreshItems {
            sentences,
            prefix: prefix.to_string(),
            authors: authors.max(1),
        }
    }

    /// The `n`-th item: the same in every run, with a text unlike its neighbours'.
    pub fn item(&self, n: u64) -> Item {
        let mut state = mix(n ^ 0x5eed);
        let mut next = || {
            state = mix(state);
            state
        };
        let english = next() % 2 == 1;
        let pool = &self.sentences[usize::from(english)];
        let count = 1 + next() % 5;
        let mut text = String::new();
        for _ in 0..count {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(&pool[(next() % pool.len() as u64) as usize]);
        }
        if next() % 3 == 0 {
            misspell_one_word(&mut text, next());
        }
        // Skewed: author k writes about as much as 1/(k+1) of the most active one.
        let unit = (next() >> 11) as f64 / (1u64 << 53) as f64;
        let author = ((self.authors as f64).powf(unit) - 1.0) as u64;
        Item {
            id: format!("{}-{n}", self.prefix),
            author: format!("{}-author-{author}", self.prefix),
            kind: if next() % 3 == 0 {
                Kind::Comment
            } else {
                Kind::Post
            },
            parent_id: None,
            platform: Some("bench".into()),
            lang: Some(if english { "en" } else { "fr" }.into()),
            created_at: None,
            url: None,
            text,
        }
    }

    /// Items `first..first + count`.
    pub fn items(&self, first: u64, count: u64) -> Vec<Item> {
        (first..first + count).map(|n| self.item(n)).collect()
    }
}

/// Swaps two neighbouring letters inside one word of five letters or more.
fn misspell_one_word(text: &mut String, choice: u64) {
    let words: Vec<(usize, &str)> = text
        .split(' ')
        .scan(0, |at, word| {
            let start = *at;
            *at += word.len() + 1;
            Some((start, word))
        })
        .filter(|(_, w)| w.len() >= 5 && w.chars().all(|c| c.is_ascii_alphabetic()))
        .collect();
    if words.is_empty() {
        return;
    }
    let (start, word) = words[(choice % words.len() as u64) as usize];
    let i = 1 + (choice as usize / 7) % (word.len() - 3);
    let mut bytes = word.as_bytes().to_vec();
    bytes.swap(i, i + 1);
    let swapped = String::from_utf8(bytes).expect("ASCII letters");
    text.replace_range(start..start + word.len(), &swapped);
}
