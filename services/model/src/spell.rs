//! Spelling against real Hunspell dictionaries (Debian's hunspell-fr-comprehensive and
//! hunspell-en-us), read with `spellbook`.
//!
//! Checking a misspelled French word costs ~15–20 µs, far over the per-item budget, so every
//! verdict is memoised per thread in a bounded map: real text repeats its words, and the
//! memo is cleared when it reaches its bound so memory never grows with input.

use rustc_hash::{FxHashMap, FxHashSet};
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::lang::{Lang, WordLanguages};
use crate::writing::french::morphology::Morphology;

/// Where Debian installs Hunspell dictionaries.
pub const DEFAULT_DICTIONARY_DIR: &str = "/usr/share/hunspell";
/// Environment variable overriding [`DEFAULT_DICTIONARY_DIR`].
pub const DICTIONARY_DIR_ENV: &str = "CREDSCORE_DICTIONARY_DIR";
/// How many word verdicts one thread remembers before starting over.
const MEMO_CAPACITY: usize = 200_000;

/// Why the dictionaries could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum SpellError {
    /// A dictionary file is missing or unreadable.
    #[error("cannot read dictionary {path}: {source} (install hunspell-fr-comprehensive and hunspell-en-us, or set {DICTIONARY_DIR_ENV})")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A dictionary file is not valid Hunspell.
    #[error("cannot parse dictionary {path}: {message}")]
    Parse {
        /// The `.aff` file of the dictionary.
        path: PathBuf,
        /// What spellbook reported.
        message: String,
    },
}

/// The French and English dictionaries.
pub struct Dictionaries {
    french: Option<spellbook::Dictionary>,
    english: Option<spellbook::Dictionary>,
    /// British spellings (organised, favourite), when `en_GB` is installed.
    british: Option<spellbook::Dictionary>,
    /// Parts of speech, gender and number of French words, from the same French files.
    morphology: Option<Morphology>,
    /// English words that are never nouns, from the `en_US` word list (see
    /// [`english_non_nouns`]).
    english_non_nouns: FxHashSet<Box<str>>,
    /// English words that count, from the `en_US` word list (see [`english_count_nouns`]).
    english_count_nouns: FxHashSet<Box<str>>,
    /// English comparatives in -er, from the `en_US` word list (see [`english_comparatives`]).
    english_comparatives: FxHashSet<Box<str>>,
    /// Distinguishes instances so a thread's memo never mixes verdicts of two of them.
    id: u64,
}

impl std::fmt::Debug for Dictionaries {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dictionaries")
            .field("french", &self.french.is_some())
            .field("english", &self.english.is_some())
            .finish()
    }
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

thread_local! {
    /// Per thread: the instance the memo belongs to, and verdicts by the 64-bit hash of the
    /// word (no string to compare or chase in memory; a collision is as likely as 2⁻⁶⁴ per
    /// pair of words).
    static MEMO: RefCell<(u64, FxHashMap<u64, Spelling>)> =
        RefCell::new((0, FxHashMap::default()));
}

thread_local! {
    /// Per thread: [`Dictionaries::is_one_slip_from_english`] and
    /// [`Dictionaries::is_one_slip_from_known`] verdicts by word hash (apart by key).
    static SLIP_MEMO: RefCell<FxHashMap<u64, bool>> = RefCell::new(FxHashMap::default());
}

/// Every word one slip would have turned into `word`: `word` less one letter, with two
/// neighbouring letters swapped back, with a consonant doubled back, or with a vowel put back.
fn one_slip_candidates(word: &str) -> impl Iterator<Item = String> + '_ {
    let chars: Vec<char> = word.chars().collect();
    let n = chars.len();
    let without = {
        let chars = chars.clone();
        (0..n).map(move |skip| {
            let mut c = chars.clone();
            c.remove(skip);
            c.into_iter().collect::<String>()
        })
    };
    let swapped = {
        let chars = chars.clone();
        (0..n.saturating_sub(1)).map(move |at| {
            let mut c = chars.clone();
            c.swap(at, at + 1);
            c.into_iter().collect::<String>()
        })
    };
    // A consonant written once where it is doubled ("mentionait", "profesional").
    let doubled = {
        let chars = chars.clone();
        (0..n).filter_map(move |at| {
            let letter = chars[at];
            (letter.is_alphabetic() && !"aeiouy".contains(letter)).then(|| {
                let mut c = chars.clone();
                c.insert(at, letter);
                c.into_iter().collect::<String>()
            })
        })
    };
    let with_vowel = (0..=n).flat_map(move |at| {
        let chars = chars.clone();
        ['a', 'e', 'i', 'o', 'u'].into_iter().map(move |vowel| {
            let mut c = chars.clone();
            c.insert(at, vowel);
            c.into_iter().collect::<String>()
        })
    });
    without.chain(swapped).chain(doubled).chain(with_vowel)
}

/// As [`one_slip_candidates`], less the doubled consonants: for English, where a surname one
/// consonant from a word ("Sadler", "saddler") is no typo.
fn one_slip_candidates_english(word: &str) -> impl Iterator<Item = String> + '_ {
    let doubled = |candidate: &String| {
        candidate.len() == word.len() + 1 && {
            let (c, w) = (candidate.as_bytes(), word.as_bytes());
            let at = c.iter().zip(w).position(|(a, b)| a != b).unwrap_or(w.len());
            at > 0 && c[at] == c[at - 1] && c[at + 1..] == w[at..] && !b"aeiouy".contains(&c[at])
        }
    };
    one_slip_candidates(word).filter(move |candidate| !doubled(candidate))
}

/// The slip verdict memoised under `key` in this thread's [`SLIP_MEMO`], computed by
/// `verdict` the first time (the memo is cleared when full, as the spelling memo).
fn slip_memoised(key: u64, verdict: impl FnOnce() -> bool) -> bool {
    SLIP_MEMO.with(|memo| {
        if let Some(&known) = memo.borrow().get(&key) {
            return known;
        }
        let computed = verdict();
        let mut memo = memo.borrow_mut();
        if memo.len() >= MEMO_CAPACITY {
            memo.clear();
        }
        memo.insert(key, computed);
        computed
    })
}

/// `word` with one vowel written as another of `vowels` ("definately", "independant",
/// "prémière"): the slip spelling by ear makes most.
fn vowel_substitutions(word: &str, vowels: &'static str) -> impl Iterator<Item = String> {
    let chars: Vec<char> = word.chars().collect();
    let mut out = Vec::new();
    for (at, &letter) in chars.iter().enumerate() {
        if !vowels.contains(letter) {
            continue;
        }
        for vowel in vowels.chars().filter(|&v| v != letter) {
            let mut c = chars.clone();
            c[at] = vowel;
            out.push(c.into_iter().collect::<String>());
        }
    }
    out.into_iter()
}

/// The lowercase words of an `en_US` word list (`.dic` text) that take neither a plural nor a
/// possessive (no `S` nor `M` flag) but some other flag (-ly, -ness, -er, un-): adjectives
/// ("serious", "amazing", "tired"). Entries with no flag at all are left out, and forms in -s
/// but "-ous" and "-ss": the list spells many plurals, gerunds and nouns out whole that way
/// ("servings", "quitting", "data").
fn english_non_nouns(dic: &str) -> FxHashSet<Box<str>> {
    dic.lines()
        .skip(1)
        .filter_map(|line| {
            let (word, flags) = line.split_once('/').unwrap_or((line, ""));
            let word = word.trim();
            (word.len() >= 3
                && word.bytes().all(|b| b.is_ascii_lowercase())
                && !flags.is_empty()
                && !flags.contains(['S', 'M'])
                && (!word.ends_with('s') || word.ends_with("ous") || word.ends_with("ss")))
            .then(|| word.into())
        })
        .collect()
}

/// The lowercase words of an `en_US` word list (`.dic` text) that take both a plural (or
/// third-person) `S` and a possessive `M` flag: nouns that count ("car", "reputation",
/// "reader"), and some verbs that are nouns too ("use", "stand").
fn english_count_nouns(dic: &str) -> FxHashSet<Box<str>> {
    entries_with_flags(dic, ['S', 'M'])
        .map(Into::into)
        .collect()
}

/// The lowercase words (3 letters or more) of an `en_US` word list (`.dic` text) whose flags
/// hold both of `flags`.
fn entries_with_flags(dic: &str, flags: [char; 2]) -> impl Iterator<Item = &str> {
    dic.lines().skip(1).filter_map(move |line| {
        let (word, word_flags) = line.split_once('/')?;
        (word.len() >= 3
            && word.bytes().all(|b| b.is_ascii_lowercase())
            && flags.iter().all(|&flag| word_flags.contains(flag)))
        .then_some(word)
    })
}

/// The comparatives in -er of the lowercase words of an `en_US` word list (`.dic` text) that
/// take both the comparative `R` and the superlative `T` flags: adjectives that grade
/// ("quick": "quicker", "late": "later", "easy": "easier"), spelled as the `R` rule of the
/// affix file spells them.
fn english_comparatives(dic: &str) -> FxHashSet<Box<str>> {
    // The list spells the comparatives that double a consonant out whole ("bigger", "hotter"):
    // an entry in -er after a doubled consonant, whose short stem is an adjective (the `P` of
    // -ness), and which is not itself a noun or a verb (no S, M, D nor G flag: "thinner",
    // "flatter", "patter").
    let adjectives: FxHashSet<&str> = dic
        .lines()
        .skip(1)
        .filter_map(|line| line.split_once('/'))
        .filter(|(word, flags)| word.len() <= 4 && flags.contains('P'))
        .map(|(word, _)| word)
        .collect();
    let doubled: Vec<Box<str>> = dic
        .lines()
        .skip(1)
        .filter_map(|line| {
            let (word, flags) = line.split_once('/').unwrap_or((line, ""));
            let word = word.trim();
            let bytes = word.as_bytes();
            let n = bytes.len();
            (n >= 5
                && word.ends_with("er")
                && bytes[n - 3] == bytes[n - 4]
                && !b"aeiouwxy".contains(&bytes[n - 3])
                && word.bytes().all(|b| b.is_ascii_lowercase())
                && !flags.contains(['S', 'M', 'D', 'G'])
                && adjectives.contains(&word[..n - 3]))
            .then(|| Box::<str>::from(word))
        })
        .collect();
    entries_with_flags(dic, ['R', 'T'])
        .map(|word| {
            let comparative = if word.ends_with('e') {
                format!("{word}r")
            } else if let Some(stem) = word
                .strip_suffix('y')
                .filter(|stem| !stem.ends_with(['a', 'e', 'i', 'o', 'u']))
            {
                format!("{stem}ier")
            } else {
                format!("{word}er")
            };
            comparative.into()
        })
        .chain(doubled)
        .collect()
}

/// Vowels a slip may swap for one another, per language.
const ENGLISH_VOWELS: &str = "aeiouy";
const FRENCH_VOWELS: &str = "aeiouyéèêëàâîïôûù";

/// The memo key of a word read in `lang` (the verdict depends on which language is first).
fn word_hash(word: &str, lang: Lang) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = rustc_hash::FxHasher::default();
    word.hash(&mut hasher);
    (lang == Lang::En).hash(&mut hasher);
    hasher.finish()
}

/// What the dictionaries say of a word read in a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spelling {
    /// A word of the text's language (French, or English in either spelling).
    InLanguage,
    /// A word only of the other language: right in a mixed text, and a likely misspelling in
    /// an English sentence ("brillant", "informations", "existant").
    OtherLanguageOnly,
    /// No dictionary knows it.
    Unknown,
}

/// The `.aff` and `.dic` files of dictionary `name` in `dir`.
fn read_files(dir: &Path, name: &str) -> Result<(String, String), SpellError> {
    let read = |extension: &str| {
        let path = dir.join(format!("{name}.{extension}"));
        std::fs::read_to_string(&path).map_err(|source| SpellError::Read { path, source })
    };
    Ok((read("aff")?, read("dic")?))
}

fn parse_one(
    dir: &Path,
    name: &str,
    aff: &str,
    dic: &str,
) -> Result<spellbook::Dictionary, SpellError> {
    spellbook::Dictionary::new(aff, dic).map_err(|e| SpellError::Parse {
        path: dir.join(format!("{name}.aff")),
        message: e.to_string(),
    })
}

fn load_one(dir: &Path, name: &str) -> Result<spellbook::Dictionary, SpellError> {
    let (aff, dic) = read_files(dir, name)?;
    parse_one(dir, name, &aff, &dic)
}

impl Dictionaries {
    /// Loads `fr` and `en_US` from a directory.
    /// The French files also give the morphology the French writing rules read (parts of
    /// speech, gender, number), parsed once here.
    pub fn load(dir: &Path) -> Result<Self, SpellError> {
        let (aff, dic) = read_files(dir, "fr")?;
        let french = parse_one(dir, "fr", &aff, &dic)?;
        let morphology = Morphology::parse(&aff, &dic).map_err(|e| SpellError::Parse {
            path: dir.join("fr.aff"),
            message: e.to_string(),
        })?;
        let (en_aff, en_dic) = read_files(dir, "en_US")?;
        Ok(Dictionaries {
            french: Some(french),
            english: Some(parse_one(dir, "en_US", &en_aff, &en_dic)?),
            english_non_nouns: english_non_nouns(&en_dic),
            english_count_nouns: english_count_nouns(&en_dic),
            english_comparatives: english_comparatives(&en_dic),
            british: load_one(dir, "en_GB").ok(),
            morphology: Some(morphology),
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        })
    }

    /// Loads from `$CREDSCORE_DICTIONARY_DIR` or the Debian location.
    pub fn load_default() -> Result<Self, SpellError> {
        let dir = std::env::var_os(DICTIONARY_DIR_ENV)
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(DEFAULT_DICTIONARY_DIR));
        Self::load(&dir)
    }

    /// No dictionaries: spelling is not checked (only the rule-based writing cues fire).
    pub fn none() -> Self {
        Dictionaries {
            french: None,
            english: None,
            british: None,
            morphology: None,
            english_non_nouns: FxHashSet::default(),
            english_count_nouns: FxHashSet::default(),
            english_comparatives: FxHashSet::default(),
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        }
    }

    /// The French morphology, when the dictionaries are loaded.
    pub(crate) fn morphology(&self) -> Option<&Morphology> {
        self.morphology.as_ref()
    }

    /// Whether spelling is checked at all (both French and English are loaded).
    pub fn is_loaded(&self) -> bool {
        self.french.is_some() && self.english.is_some()
    }

    /// Whether `word` is spelled correctly in either language, trying `lang` first (texts mix
    /// French and English, so a word valid in the other language is not an error).
    pub fn is_correct(&self, word: &str, lang: Lang) -> bool {
        self.spelling(word, lang) != Spelling::Unknown
    }

    /// Which dictionaries know `word` read in `lang` (memoised per thread, as
    /// [`Dictionaries::is_correct`]); every word is [`Spelling::InLanguage`] without them.
    pub fn spelling(&self, word: &str, lang: Lang) -> Spelling {
        if !self.is_loaded() {
            return Spelling::InLanguage;
        }
        MEMO.with(|memo| {
            let mut memo = memo.borrow_mut();
            if memo.0 != self.id {
                memo.0 = self.id;
                memo.1.clear();
            }
            let key = word_hash(word, lang);
            if let Some(&verdict) = memo.1.get(&key) {
                return verdict;
            }
            let verdict = self.check_uncached(word, lang);
            if memo.1.len() >= MEMO_CAPACITY {
                memo.1.clear();
            }
            memo.1.insert(key, verdict);
            verdict
        })
    }

    /// Whether one slip turns an English word into `word` (lowercase): a letter added
    /// ("beautifull"), two letters swapped ("genuinley"), a vowel left out ("intrested") or
    /// written as another ("definately").
    /// A misspelled word is one slip away from a word far more often than a name or a brand
    /// is. Memoised per thread, bounded as the spelling memo.
    pub fn is_one_slip_from_english(&self, word: &str) -> bool {
        if self.english.is_none() {
            return false;
        }
        slip_memoised(word_hash(word, Lang::En), || {
            one_slip_candidates_english(word)
                .chain(vowel_substitutions(word, ENGLISH_VOWELS))
                .any(|candidate| self.is_english(&candidate))
        })
    }

    /// Whether one slip turns a word of `lang`'s dictionary into `word` (lowercase): a
    /// letter added, a vowel left out, two letters swapped, a consonant not doubled, or a
    /// vowel written as another (not a consonant left out: "goverment" is no slip to it). A
    /// word no dictionary knows is a misspelling when it is that close to a word, and more
    /// often a name, a brand or a trade's jargon when it is not ("pgbouncer", "macaronnée").
    /// Memoised per thread, bounded as the spelling memo.
    pub fn is_one_slip_from_known(&self, word: &str, lang: Lang) -> bool {
        if !self.is_loaded() {
            return false;
        }
        // Apart from the keys of `is_one_slip_from_english`, which tries fewer slips.
        slip_memoised(word_hash(word, lang) ^ 0x0f5e_ed51_1900_0001, || {
            let french = |w: &str| self.french.as_ref().is_some_and(|d| d.check(w));
            let (vowels, known): (_, &dyn Fn(&str) -> bool) = match lang {
                Lang::En => (ENGLISH_VOWELS, &|w: &str| self.is_english(w)),
                _ => (FRENCH_VOWELS, &french),
            };
            one_slip_candidates(word)
                .chain(vowel_substitutions(word, vowels))
                .any(|candidate| known(&candidate))
        })
    }

    /// Whether a lowercase word is an English word that is never a noun ("serious", "amazing",
    /// "sure"): what cannot follow a possessive and end its noun group ("if your serious about
    /// it"). False without dictionaries.
    pub fn is_english_non_noun(&self, word: &str) -> bool {
        self.english_non_nouns.contains(word)
    }

    /// Whether a lowercase word is an English noun that counts, or its plural ("car", "cars",
    /// "cities"): what a possessive may open. False without dictionaries.
    pub fn is_english_count_noun(&self, word: &str) -> bool {
        let nouns = &self.english_count_nouns;
        nouns.contains(word)
            || word
                .strip_suffix('s')
                .is_some_and(|stem| nouns.contains(stem))
            || word
                .strip_suffix("ies")
                .is_some_and(|stem| nouns.contains(format!("{stem}y").as_str()))
    }

    /// Whether a lowercase word is the comparative in -er of an English adjective that grades
    /// ("quicker", "cheaper", "easier"). False without dictionaries.
    pub fn is_english_comparative(&self, word: &str) -> bool {
        self.english_comparatives.contains(word)
    }

    /// Whether `word` is a French word and whether it is an English one (either spelling of
    /// English); both false without dictionaries. Not memoised: only texts whose language the
    /// function words leave undecided ask it.
    pub fn languages_of(&self, word: &str) -> (bool, bool) {
        let french = self.french.as_ref().is_some_and(|d| d.check(word));
        (french, self.is_english(word))
    }

    /// Whether either spelling of English knows `word`.
    pub(crate) fn is_english(&self, word: &str) -> bool {
        [&self.english, &self.british]
            .into_iter()
            .any(|dictionary| dictionary.as_ref().is_some_and(|d| d.check(word)))
    }

    fn check_uncached(&self, word: &str, lang: Lang) -> Spelling {
        let (first, second) = match lang {
            Lang::En => (&self.english, &self.french),
            _ => (&self.french, &self.english),
        };
        let check = |dictionary: &Option<spellbook::Dictionary>, w: &str| {
            dictionary.as_ref().is_some_and(|d| d.check(w))
        };
        let british = || check(&self.british, word);
        if check(first, word) || (lang == Lang::En && british()) {
            return Spelling::InLanguage;
        }
        if check(second, word) || (lang != Lang::En && british()) {
            return Spelling::OtherLanguageOnly;
        }
        // An English possessive of a word the lists know without it ("grand-mère's", "Tesco's"):
        // the word's own spelling.
        if let Some(stem) = word
            .strip_suffix("'s")
            .filter(|stem| stem.chars().count() >= 2)
        {
            if lang == Lang::En {
                // (A word the English lists hold whole takes 's there when it is a noun: "get's"
                // and "your's" are slips.)
                let whole = check(first, stem) || check(&self.british, stem);
                let spelled = self.check_uncached(stem, lang);
                if spelled == Spelling::OtherLanguageOnly
                    || spelled == Spelling::InLanguage && !whole
                {
                    return spelled;
                }
            }
        }
        // Compound forms not listed whole ("auto-proclamé", "e-mail"): every part must be valid.
        if word.contains('-')
            && word
                .split('-')
                .filter(|part| !part.is_empty())
                .all(|part| check(first, part) || check(second, part))
        {
            return Spelling::InLanguage;
        }
        // English jargon written as one word in a French text ("netlinking", "nofollow"):
        // two English words joined. (In an English text the same is a word-boundary slip:
        // "eachother".)
        // Not a French word with a slip in it, though: "beaucoups" is "beau" and "coups" but
        // one letter from "beaucoup".
        if lang != Lang::En
            && self.joins_two_english_words(word)
            && !one_slip_candidates(word).any(|candidate| check(first, &candidate))
        {
            return Spelling::OtherLanguageOnly;
        }
        // Jargon of two English content words joined ("waitlist", "lookback", "helpdesk"):
        // a word, not a slip, unless a function word is one half ("eachother", "thankyou",
        // "infact") or one slip away is a word ("writting").
        if lang == Lang::En
            && self.joins_two_content_words(word)
            && !one_slip_candidates_english(word).any(|candidate| self.is_english(&candidate))
        {
            return Spelling::InLanguage;
        }
        let known = |w: &str| check(first, w) || check(second, w) || check(&self.british, w);
        // A name, a day or a month typed in lower case ("friday", "paris", "i"): casual, not
        // misspelled.
        if word.chars().all(|c| !c.is_uppercase()) {
            let mut chars = word.chars();
            if let Some(initial) = chars.next() {
                let capitalised: String = initial.to_uppercase().chain(chars).collect();
                if known(&capitalised) {
                    return Spelling::InLanguage;
                }
            }
        }
        // "oe" typed for "œ" ("soeur", "coeur", "oeuvre"), as keyboards without it do.
        if word.contains("oe") && known(&word.replace("oe", "œ")) {
            return Spelling::InLanguage;
        }
        // A letter held for effect ("merciii", "trooop", "ahh"): the word it lengthens.
        if lengthened_forms(word).any(|w| known(&w)) {
            return Spelling::InLanguage;
        }
        Spelling::Unknown
    }

    /// Whether a lowercase ASCII word is two English words of at least 4 letters joined, neither
    /// of them a function word nor one of the adjectives people join by mistake
    /// ("highschool", "goodluck", "longterm", "bestfriend").
    fn joins_two_content_words(&self, word: &str) -> bool {
        const FUNCTION: &[&str] = &[
            "each", "every", "thank", "some", "more", "much", "many", "what", "when", "where",
            "with", "your", "their", "there", "here", "then", "than", "that", "this", "these",
            "those", "they", "them", "over", "into", "onto", "upon", "from", "about", "after",
            "before", "other", "another", "self", "time", "thing", "body", "place", "ever", "even",
            "just", "also", "well", "none", "anyway", "would", "could", "should", "will", "shall",
            "have", "been", "were", "does", "done", "make", "sure", "good", "best", "next", "last",
            "long", "high", "short", "great", "first", "whole", "real", "full", "half",
        ];
        if word.len() < 8 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
            return false;
        }
        (4..=word.len() - 4).any(|at| {
            let (head, tail) = (&word[..at], &word[at..]);
            !FUNCTION.contains(&head)
                && !FUNCTION.contains(&tail)
                && self.is_english(head)
                && self.is_english(tail)
        })
    }

    /// Whether a lowercase ASCII word of at least 7 letters is two English words joined, the
    /// first of at least 2 letters and the second of at least 3.
    fn joins_two_english_words(&self, word: &str) -> bool {
        if word.len() < 7 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
            return false;
        }
        (2..=word.len() - 3).any(|at| self.is_english(&word[..at]) && self.is_english(&word[at..]))
    }
}

/// What a word with a letter held for effect may lengthen: every run of three or more equal
/// letters cut to one, and to two ("trooop" → "trop", "coool" → "cool"); a final "hh" cut to
/// one ("ahh" → "ah"). Nothing for a word with no such run: a doubled letter inside a word
/// ("courrir") is a misspelling, not an effect.
pub(crate) fn lengthened_forms(word: &str) -> impl Iterator<Item = String> {
    let chars: Vec<char> = word.chars().collect();
    let has_run = chars
        .windows(3)
        .any(|w| w[0] == w[1] && w[1] == w[2] && w[0].is_alphabetic());
    let final_hh = chars.len() >= 3 && chars.ends_with(&['h', 'h']);
    let cut = move |keep: usize| crate::text::fold::cut_held(&chars, keep, true);
    let forms = if has_run || final_hh {
        vec![cut(1), cut(2)]
    } else {
        Vec::new()
    };
    forms.into_iter()
}

/// Language detection asks the dictionaries about texts function words leave undecided.
impl WordLanguages for Dictionaries {
    fn is_loaded(&self) -> bool {
        Dictionaries::is_loaded(self)
    }

    fn languages_of(&self, word: &str) -> (bool, bool) {
        Dictionaries::languages_of(self, word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::detect_with;
    use crate::text::Normalized;

    fn dictionaries() -> Option<Dictionaries> {
        Dictionaries::load_default().ok()
    }

    #[test]
    fn accepts_both_languages_and_rejects_misspellings() {
        let Some(d) = dictionaries() else {
            panic!("Hunspell dictionaries missing: run `make deps` (installs hunspell-fr-comprehensive, hunspell-en-us)");
        };
        for word in [
            "développement",
            "réseaux",
            "chaine",
            "chaîne",
            "community",
            "Bonjour",
            "peut-être",
        ] {
            assert!(d.is_correct(word, Lang::Fr), "{word} should be correct");
        }
        for word in ["dévelopement", "definately", "recieve", "proffessionel"] {
            assert!(!d.is_correct(word, Lang::Fr), "{word} should be wrong");
            assert!(
                !d.is_correct(word, Lang::En),
                "{word} should be wrong (memo)"
            );
        }
        // English jargon joined in one word is a loanword in French, a slip in English.
        for word in ["netlinking", "linkbaiting", "nofollow"] {
            assert_eq!(
                d.spelling(word, Lang::Fr),
                Spelling::OtherLanguageOnly,
                "{word}"
            );
        }
        for word in [
            "eachother",
            "thankyou",
            "writting",
            "everytime",
            "infact",
            "highschool",
            "goodluck",
            "longterm",
            "bestfriend",
            "nextweek",
        ] {
            assert_eq!(d.spelling(word, Lang::En), Spelling::Unknown, "{word}");
        }
        // Two English content words joined are jargon in English.
        for word in ["waitlist", "lookback", "autodiscover"] {
            assert_eq!(d.spelling(word, Lang::En), Spelling::InLanguage, "{word}");
        }
        // A French consonant written once is a slip, whatever English words its halves are.
        assert_eq!(d.spelling("mentionait", Lang::Fr), Spelling::Unknown);
        // French misspellings stay misspellings.
        for word in ["interressant", "apartement", "developpement", "aujourdhui"] {
            assert_eq!(d.spelling(word, Lang::Fr), Spelling::Unknown, "{word}");
        }
    }

    #[test]
    fn lower_case_names_held_letters_and_oe_are_casual_not_misspelled() {
        let d = Dictionaries::load_default().expect("dictionaries: run `make deps`");
        for (word, lang) in [
            ("friday", Lang::En),
            ("paris", Lang::Fr),
            ("merciii", Lang::Fr),
            ("trooop", Lang::Fr),
            ("ahh", Lang::Fr),
            ("soooo", Lang::En),
            ("coool", Lang::En),
            ("soeur", Lang::Fr),
            ("oeuvre", Lang::Fr),
        ] {
            assert!(d.is_correct(word, lang), "{word}");
        }
        // A doubled letter inside a word is a misspelling, and so is a held letter on a word
        // that is not one.
        for (word, lang) in [
            ("courrir", Lang::Fr),
            ("recieve", Lang::En),
            ("gloubiii", Lang::Fr),
        ] {
            assert_eq!(d.spelling(word, lang), Spelling::Unknown, "{word}");
        }
    }

    #[test]
    fn undecided_short_texts_ask_the_dictionaries() {
        let dictionaries = Dictionaries::load_default().expect("dictionaries: run `make deps`");
        let with = |text: &str| detect_with(&Normalized::new(text), None, Some(&dictionaries));
        // No function word in these: whatlang alone says French for the English ones.
        for english in [
            "Congrats mate 🎉",
            "Well deserved",
            "Cheers",
            "Brilliant",
            "Absolutely",
        ] {
            assert_eq!(with(english), Lang::En, "{english}");
        }
        for french in ["Bien mérité", "Superbe travail", "Exactement", "Ouin."] {
            assert_eq!(with(french), Lang::Fr, "{french}");
        }
        // The item's declared language still comes first.
        assert_eq!(
            detect_with(
                &Normalized::new("Cheers"),
                Some(Lang::Fr),
                Some(&dictionaries)
            ),
            Lang::Fr
        );
    }

    #[test]
    fn without_dictionaries_nothing_is_flagged() {
        assert!(Dictionaries::none().is_correct("definately", Lang::En));
    }
}
