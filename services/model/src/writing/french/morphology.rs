//! French morphology from the Hunspell dictionary's own fields.
//!
//! Debian's hunspell-fr-comprehensive (Grammalecte's dictionary) tags its stems and suffix
//! rules with morphological fields: `po:` the part of speech or verb form (`po:nom`,
//! `po:ppas`, `po:ipre po:3sg`), `is:` gender and number (`is:fem is:pl`, `is:epi`,
//! `is:inv`). spellbook checks spelling but does not expose them, so this module reads
//! `fr.dic` and `fr.aff` once at load: the stems with their flags and fields, and the suffix
//! rules. A word is analysed as Hunspell does, by undoing each suffix rule whose ending it
//! has and looking the stem up, so memory stays that of the dictionary (about 90,000 stems
//! and 6,000 rules), not of its half-million forms; analyses are memoised per thread.
//!
//! It also keeps, as hashes, the accent-stripped spelling of every accented form, so that
//! a word written without its accents ("deja", "reseaux", "preferee") is recognised.

use std::cell::RefCell;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

/// How many analyses one thread remembers before starting over.
const MEMO_CAPACITY: usize = 100_000;

/// Parts of speech and verb forms, as bits of [`Analysis::pos`].
pub(crate) mod pos {
    /// A noun.
    pub(crate) const NOUN: u32 = 1;
    /// An adjective.
    pub(crate) const ADJ: u32 = 1 << 1;
    /// A finite verb form (indicative, subjunctive, conditional, imperative).
    pub(crate) const FINITE: u32 = 1 << 2;
    /// An infinitive.
    pub(crate) const INFINITIVE: u32 = 1 << 3;
    /// A past participle.
    pub(crate) const PARTICIPLE: u32 = 1 << 4;
    /// A present participle.
    pub(crate) const PRESENT_PARTICIPLE: u32 = 1 << 5;
    /// An adverb.
    pub(crate) const ADV: u32 = 1 << 6;
    /// A determiner.
    pub(crate) const DET: u32 = 1 << 7;
    /// A pronoun.
    pub(crate) const PRON: u32 = 1 << 8;
    /// A preposition.
    pub(crate) const PREP: u32 = 1 << 9;
    /// A conjunction.
    pub(crate) const CONJ: u32 = 1 << 10;
    /// A proper name, first name or title.
    pub(crate) const PROPER: u32 = 1 << 11;
    /// An interjection.
    pub(crate) const INTERJ: u32 = 1 << 12;
    /// A number word.
    pub(crate) const NUMBER: u32 = 1 << 13;
    /// An imperative (also counted as [`FINITE`]).
    pub(crate) const IMPERATIVE: u32 = 1 << 14;
    /// Anything else the dictionary tags.
    pub(crate) const OTHER: u32 = 1 << 15;
}

/// Gender and number, as bits of [`Analysis`]'s agreement fields.
pub(crate) mod agr {
    /// Masculine.
    pub(crate) const MAS: u8 = 1;
    /// Feminine.
    pub(crate) const FEM: u8 = 1 << 1;
    /// Singular.
    pub(crate) const SG: u8 = 1 << 2;
    /// Plural.
    pub(crate) const PL: u8 = 1 << 3;
}

/// Persons of finite verb forms, as bits of [`Analysis::persons`].
pub(crate) mod person {
    /// First person singular.
    pub(crate) const S1: u8 = 1;
    /// Second person singular.
    pub(crate) const S2: u8 = 1 << 1;
    /// Third person singular.
    pub(crate) const S3: u8 = 1 << 2;
    /// First person plural.
    pub(crate) const P1: u8 = 1 << 3;
    /// Second person plural.
    pub(crate) const P2: u8 = 1 << 4;
    /// Third person plural.
    pub(crate) const P3: u8 = 1 << 5;
}

/// Every reading the dictionary allows for a word, merged by category: the union of its
/// parts of speech, and for each category the union of the genders, numbers or persons it
/// may have. Empty (all zero) for a word the dictionary does not know.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Analysis {
    /// Parts of speech ([`pos`] bits).
    pub(crate) pos: u32,
    /// Gender and number as a noun ([`agr`] bits).
    pub(crate) noun: u8,
    /// Gender and number as an adjective.
    pub(crate) adj: u8,
    /// Gender and number as a past participle.
    pub(crate) participle: u8,
    /// Gender and number as a determiner.
    pub(crate) det: u8,
    /// Persons as a finite verb ([`person`] bits).
    pub(crate) persons: u8,
    /// Whether one of its readings is a subjunctive ("prenne", "soit", "mange").
    pub(crate) subjunctive: bool,
}

impl Analysis {
    /// Whether the dictionary knows the word at all.
    pub(crate) fn is_known(self) -> bool {
        self.pos != 0
    }

    /// Whether the word may be any of `mask`.
    pub(crate) fn is(self, mask: u32) -> bool {
        self.pos & mask != 0
    }

    /// Whether the word may be any of `may` and can be none of `never` ("a participle and
    /// nothing conjugated").
    pub(crate) fn is_but_not(self, may: u32, never: u32) -> bool {
        self.is(may) && !self.is(never)
    }

    /// Whether the word is known and can only be something in `mask`.
    pub(crate) fn only(self, mask: u32) -> bool {
        self.pos != 0 && self.pos & !mask == 0
    }

    /// Gender and number as a noun, an adjective or a participle, whichever it is.
    pub(crate) fn nominal(self) -> u8 {
        self.noun | self.adj | self.participle
    }

    fn add(&mut self, tags: Tags) {
        self.pos |= tags.pos;
        let agreement = tags.agreement;
        if tags.pos & pos::NOUN != 0 {
            self.noun |= agreement;
        }
        if tags.pos & pos::ADJ != 0 {
            self.adj |= agreement;
        }
        if tags.pos & pos::PARTICIPLE != 0 {
            self.participle |= agreement;
        }
        if tags.pos & pos::DET != 0 {
            self.det |= agreement;
        }
        // An imperative has no subject to agree with ("mérite !" is no "tu mérite").
        if tags.pos & pos::FINITE != 0 && tags.pos & pos::IMPERATIVE == 0 {
            self.persons |= tags.persons;
        }
        self.subjunctive |= tags.subjunctive;
    }
}

/// The fields of a stem or a rule, parsed.
#[derive(Debug, Clone, Copy, Default)]
struct Tags {
    pos: u32,
    agreement: u8,
    persons: u8,
    subjunctive: bool,
}

impl Tags {
    fn parse<'a>(fields: impl Iterator<Item = &'a str>) -> Tags {
        let mut tags = Tags::default();
        for field in fields {
            if let Some(value) = field.strip_prefix("po:") {
                let value = value.trim_end_matches('!');
                tags.pos |= match value {
                    "nom" | "loc.nom" => pos::NOUN,
                    "adj" | "loc.adj" => pos::ADJ,
                    "adv" | "loc.adv" | "negadv" | "advint" | "proadv" => pos::ADV,
                    "det" | "detpos" | "detdem" | "detind" | "detneg" | "detex" => pos::DET,
                    "properobj" | "propersuj" | "prodem" | "proind" | "prorel" | "proint"
                    | "proneg" | "1pe" | "2pe" | "3pe" | "preverb" => pos::PRON,
                    "prep" | "prepv" | "loc.prep" | "loc.prepv" => pos::PREP,
                    "cjsub" | "cjco" | "cj" | "loc.cj" | "loc.cjsub" => pos::CONJ,
                    "npr" | "prn" | "patr" | "titr" | "loc.patr" => pos::PROPER,
                    "interj" | "loc.interj" => pos::INTERJ,
                    "nb" | "nbro" => pos::NUMBER,
                    "spre" | "simp" => {
                        tags.subjunctive = true;
                        pos::FINITE
                    }
                    "ipre" | "iimp" | "ipsi" | "ifut" | "cond" => pos::FINITE,
                    "impe" => pos::FINITE | pos::IMPERATIVE,
                    "infi" => pos::INFINITIVE,
                    "ppre" => pos::PRESENT_PARTICIPLE,
                    "ppas" => pos::PARTICIPLE,
                    "1sg" => {
                        tags.persons |= person::S1;
                        0
                    }
                    "2sg" => {
                        tags.persons |= person::S2;
                        0
                    }
                    "3sg" => {
                        tags.persons |= person::S3;
                        0
                    }
                    "1pl" => {
                        tags.persons |= person::P1;
                        0
                    }
                    "2pl" => {
                        tags.persons |= person::P2;
                        0
                    }
                    "3pl" => {
                        tags.persons |= person::P3;
                        0
                    }
                    // Verb classes of a stem (`v1_it_q__a`) and markers: the forms say more.
                    v if v.starts_with('v') || v == "mg" || v == "1isg" || v == "1jsg" => 0,
                    _ => pos::OTHER,
                };
            } else if let Some(value) = field.strip_prefix("is:") {
                tags.agreement |= match value {
                    "mas" => agr::MAS,
                    "fem" => agr::FEM,
                    "epi" => agr::MAS | agr::FEM,
                    "sg" => agr::SG,
                    "pl" => agr::PL,
                    "inv" => agr::SG | agr::PL,
                    _ => 0,
                };
            }
        }
        tags
    }

    fn merged(self, other: Tags) -> Tags {
        Tags {
            pos: self.pos | other.pos,
            agreement: self.agreement | other.agreement,
            persons: self.persons | other.persons,
            subjunctive: self.subjunctive || other.subjunctive,
        }
    }
}

/// One item of a rule's condition on the end of a stem.
#[derive(Debug, Clone)]
enum Condition {
    Any,
    Char(char),
    Set { negated: bool, chars: Box<[char]> },
}

impl Condition {
    fn parse(text: &str) -> Vec<Condition> {
        if text == "." {
            return Vec::new();
        }
        let mut out = Vec::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            match c {
                '.' => out.push(Condition::Any),
                '[' => {
                    let mut set: Vec<char> = Vec::new();
                    let mut negated = false;
                    for (i, d) in chars.by_ref().enumerate() {
                        match d {
                            '^' if i == 0 => negated = true,
                            ']' => break,
                            other => set.push(other),
                        }
                    }
                    out.push(Condition::Set {
                        negated,
                        chars: set.into_boxed_slice(),
                    });
                }
                other => out.push(Condition::Char(other)),
            }
        }
        out
    }

    fn accepts(&self, c: char) -> bool {
        match self {
            Condition::Any => true,
            Condition::Char(expected) => *expected == c,
            Condition::Set { negated, chars } => chars.contains(&c) != *negated,
        }
    }
}

/// A suffix rule: remove `add` from a word, put back `strip`, and the stem must end as the
/// condition says and carry the rule's flag.
#[derive(Debug)]
struct Rule {
    flag: u16,
    strip: Box<str>,
    condition: Vec<Condition>,
    tags: Tags,
}

impl Rule {
    fn applies_to(&self, stem: &str) -> bool {
        let mut chars = stem.chars().rev();
        self.condition
            .iter()
            .rev()
            .all(|item| chars.next().is_some_and(|c| item.accepts(c)))
    }
}

/// One line of the dictionary.
#[derive(Debug, Clone, Copy)]
struct Entry {
    /// Its flags, `flag_pool[flags.0..flags.1]`.
    flags: (u32, u32),
    tags: Tags,
    /// Whether the stem alone is a word (no NEEDAFFIX flag).
    bare: bool,
}

/// Suffix rules by what they add, grouped by what they strip: `add → [(strip, rule ids)]`.
type RulesByAdd = FxHashMap<Box<str>, Vec<(Box<str>, Vec<u32>)>>;

/// The French dictionary's morphology: stems, suffix rules and accented forms.
pub(crate) struct Morphology {
    /// Stem → its entries, `entries[range]`.
    stems: FxHashMap<Box<str>, (u32, u32)>,
    entries: Vec<Entry>,
    flag_pool: Vec<u16>,
    rules: Vec<Rule>,
    /// What a rule adds → the rules adding it, grouped by what they strip (one stem lookup
    /// per group).
    by_add: RulesByAdd,
    /// Hashes of the accent-stripped spelling of every accented form.
    accented: FxHashSet<u64>,
    /// Distinguishes instances so a thread's memo never mixes two of them.
    id: u64,
}

impl std::fmt::Debug for Morphology {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Morphology")
            .field("stems", &self.stems.len())
            .field("rules", &self.rules.len())
            .field("accented", &self.accented.len())
            .finish()
    }
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

thread_local! {
    /// Per thread: the instance the memo belongs to, and analyses by the 64-bit hash of the
    /// word (no string to compare or chase in memory; a collision is as likely as 2⁻⁶⁴ per
    /// pair of words).
    static MEMO: RefCell<(u64, FxHashMap<u64, Analysis>)> =
        RefCell::new((0, FxHashMap::default()));
}

/// The memo key of a word.
fn word_hash(word: &str) -> u64 {
    let mut hasher = FxHasher::default();
    word.hash(&mut hasher);
    hasher.finish()
}

/// The letter an accented letter is written as without its accent (`œ` is left to the caller).
fn strip_accent(c: char) -> char {
    match c {
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'à' | 'â' | 'ä' => 'a',
        'î' | 'ï' => 'i',
        'ô' | 'ö' => 'o',
        'ù' | 'û' | 'ü' => 'u',
        'ç' => 'c',
        'ÿ' => 'y',
        other => other,
    }
}

fn has_accent(text: &str) -> bool {
    text.chars()
        .any(|c| strip_accent(c) != c || c == 'œ' || c == 'æ')
}

/// The hash of a word's lowercase, accent-stripped spelling (`œ` as "oe").
fn stripped_hash<'a>(parts: impl Iterator<Item = &'a str>) -> u64 {
    let mut hasher = FxHasher::default();
    for part in parts {
        for c in part.chars().flat_map(char::to_lowercase) {
            match c {
                'œ' => {
                    'o'.hash(&mut hasher);
                    'e'.hash(&mut hasher);
                }
                'æ' => {
                    'a'.hash(&mut hasher);
                    'e'.hash(&mut hasher);
                }
                other => strip_accent(other).hash(&mut hasher),
            }
        }
    }
    hasher.finish()
}

/// Why the morphology could not be read.
#[derive(Debug, thiserror::Error)]
pub(crate) enum MorphologyError {
    /// The affix file declares a flag format other than Grammalecte's `FLAG long`.
    #[error("unsupported affix file: {0}")]
    Unsupported(String),
}

impl Morphology {
    /// Reads the morphology of a Hunspell dictionary with `FLAG long` (two-character flags),
    /// from the contents of its `.aff` and `.dic` files.
    pub(crate) fn parse<'a>(aff: &'a str, dic: &'a str) -> Result<Self, MorphologyError> {
        fn intern<'a>(ids: &mut FxHashMap<&'a str, u16>, flag: &'a str) -> u16 {
            let next = ids.len() as u16;
            *ids.entry(flag).or_insert(next)
        }
        let mut flag_ids: FxHashMap<&'a str, u16> = FxHashMap::default();
        let flag_id = intern;
        let mut need_affix = None;
        let mut forbidden = None;
        let mut long_flags = false;
        let mut rules = Vec::new();
        let mut by_add: RulesByAdd = FxHashMap::default();
        for line in aff.lines() {
            let mut fields = line.split_whitespace();
            match fields.next() {
                Some("FLAG") => long_flags = fields.next() == Some("long"),
                Some("NEEDAFFIX") => need_affix = fields.next().map(|f| flag_id(&mut flag_ids, f)),
                Some("FORBIDDENWORD") => {
                    forbidden = fields.next().map(|f| flag_id(&mut flag_ids, f))
                }
                Some("SFX") => {
                    let parts: Vec<&str> = fields.collect();
                    // The header line of a rule group: flag, cross product, count.
                    if parts.len() < 4 {
                        continue;
                    }
                    let flag = flag_id(&mut flag_ids, parts[0]);
                    let strip = if parts[1] == "0" { "" } else { parts[1] };
                    let add = parts[2].split('/').next().unwrap_or("");
                    let add = if add == "0" { "" } else { add };
                    let groups = by_add.entry(add.into()).or_default();
                    let id = rules.len() as u32;
                    match groups.iter_mut().find(|(s, _)| s.as_ref() == strip) {
                        Some((_, ids)) => ids.push(id),
                        None => groups.push((strip.into(), vec![id])),
                    }
                    rules.push(Rule {
                        flag,
                        strip: strip.into(),
                        condition: Condition::parse(parts[3]),
                        tags: Tags::parse(parts[4..].iter().copied()),
                    });
                }
                _ => {}
            }
        }
        if !long_flags {
            return Err(MorphologyError::Unsupported(
                "expected FLAG long (the French dictionary's format)".into(),
            ));
        }

        let mut lines: Vec<(&str, Entry)> = Vec::with_capacity(100_000);
        let mut flag_pool: Vec<u16> = Vec::with_capacity(300_000);
        for line in dic.lines().skip(1) {
            let mut fields = line.split_whitespace();
            let Some(head) = fields.next() else {
                continue;
            };
            let (stem, flags) = head.split_once('/').unwrap_or((head, ""));
            let start = flag_pool.len() as u32;
            let mut bare = true;
            let mut skip = false;
            let mut rest = flags;
            while let Some(second) = rest.char_indices().nth(1) {
                let end = second.0 + second.1.len_utf8();
                let id = flag_id(&mut flag_ids, &rest[..end]);
                rest = &rest[end..];
                if Some(id) == need_affix {
                    bare = false;
                } else if Some(id) == forbidden {
                    skip = true;
                }
                flag_pool.push(id);
            }
            if skip || stem.is_empty() {
                flag_pool.truncate(start as usize);
                continue;
            }
            lines.push((
                stem,
                Entry {
                    flags: (start, flag_pool.len() as u32),
                    tags: Tags::parse(fields),
                    bare,
                },
            ));
        }
        lines.sort_by(|a, b| a.0.cmp(b.0));
        let mut stems: FxHashMap<Box<str>, (u32, u32)> = FxHashMap::default();
        stems.reserve(lines.len());
        let mut entries = Vec::with_capacity(lines.len());
        let mut index = 0;
        while index < lines.len() {
            let stem = lines[index].0;
            let first = entries.len() as u32;
            while index < lines.len() && lines[index].0 == stem {
                entries.push(lines[index].1);
                index += 1;
            }
            stems.insert(stem.into(), (first, entries.len() as u32));
        }

        let mut morphology = Morphology {
            stems,
            entries,
            flag_pool,
            rules,
            by_add,
            accented: FxHashSet::default(),
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        };
        morphology.index_accented_forms();
        Ok(morphology)
    }

    /// Fills `accented` with every accented form the stems and rules make.
    fn index_accented_forms(&mut self) {
        // Per flag: its rules, and apart those whose ending has an accent (the only ones that
        // can make an accented form of a stem without accents, most stems).
        let mut all_rules: FxHashMap<u16, Vec<(u32, &str)>> = FxHashMap::default();
        let mut accented_rules: FxHashMap<u16, Vec<(u32, &str)>> = FxHashMap::default();
        for (add, groups) in &self.by_add {
            let accented_add = has_accent(add);
            for &id in groups.iter().flat_map(|(_, ids)| ids) {
                let flag = self.rules[id as usize].flag;
                all_rules.entry(flag).or_default().push((id, add));
                if accented_add {
                    accented_rules.entry(flag).or_default().push((id, add));
                }
            }
        }
        let mut accented = FxHashSet::default();
        accented.reserve(200_000);
        for (stem, &(first, past)) in &self.stems {
            // Names keep their capital: "Zoe" or "Quebec" is how a name is written, not a word
            // missing its accents.
            if stem.starts_with(char::is_uppercase) {
                continue;
            }
            // End of the last accented letter of the stem: a form keeps an accent of the stem
            // when its rule strips less than that.
            let accent_end = stem
                .char_indices()
                .filter(|&(_, c)| strip_accent(c) != c || c == 'œ' || c == 'æ')
                .map(|(i, c)| i + c.len_utf8())
                .next_back();
            let table = if accent_end.is_some() {
                &all_rules
            } else {
                &accented_rules
            };
            for entry in &self.entries[first as usize..past as usize] {
                if entry.bare && accent_end.is_some() {
                    accented.insert(stripped_hash([stem.as_ref()].into_iter()));
                }
                for &flag in &self.flag_pool[entry.flags.0 as usize..entry.flags.1 as usize] {
                    let Some(rules) = table.get(&flag) else {
                        continue;
                    };
                    for &(id, add) in rules {
                        let rule = &self.rules[id as usize];
                        if !stem.ends_with(rule.strip.as_ref()) || !rule.applies_to(stem) {
                            continue;
                        }
                        let kept = &stem[..stem.len() - rule.strip.len()];
                        if accent_end.is_some_and(|end| end <= kept.len()) || has_accent(add) {
                            accented.insert(stripped_hash([kept, add].into_iter()));
                        }
                    }
                }
            }
        }
        self.accented = accented;
    }

    /// Every reading of `word` (lowercase, as written in the text); memoised per thread.
    pub(crate) fn analyze(&self, word: &str) -> Analysis {
        let mut out = [Analysis::default()];
        self.analyze_all([word].into_iter(), &mut out);
        out[0]
    }

    /// The analyses of `words` into `out`, one memo access for them all.
    pub(crate) fn analyze_all<'w>(
        &self,
        words: impl Iterator<Item = &'w str>,
        out: &mut [Analysis],
    ) {
        MEMO.with(|memo| {
            let mut memo = memo.borrow_mut();
            if memo.0 != self.id {
                memo.0 = self.id;
                memo.1.clear();
            }
            for (word, slot) in words.zip(out.iter_mut()) {
                let key = word_hash(word);
                *slot = match memo.1.get(&key) {
                    Some(&analysis) => analysis,
                    None => {
                        let analysis = self.analyze_uncached(word);
                        if memo.1.len() >= MEMO_CAPACITY {
                            memo.1.clear();
                        }
                        memo.1.insert(key, analysis);
                        analysis
                    }
                };
            }
        })
    }

    /// [`Morphology::analyze`] without the memo, to measure it.
    #[cfg(test)]
    pub(crate) fn analyze_uncached_for_test(&self, word: &str) -> Analysis {
        self.analyze_uncached(word)
    }

    fn analyze_uncached(&self, word: &str) -> Analysis {
        let mut analysis = Analysis::default();
        if let Some(&(first, past)) = self.stems.get(word) {
            for entry in &self.entries[first as usize..past as usize] {
                if entry.bare {
                    analysis.add(entry.tags);
                }
            }
        }
        let mut stem = String::with_capacity(word.len() + 8);
        for (cut, _) in word
            .char_indices()
            .chain(std::iter::once((word.len(), ' ')))
        {
            let Some(groups) = self.by_add.get(&word[cut..]) else {
                continue;
            };
            for (strip, ids) in groups {
                stem.clear();
                stem.push_str(&word[..cut]);
                stem.push_str(strip);
                if stem.is_empty() {
                    continue;
                }
                let Some(&(first, past)) = self.stems.get(stem.as_str()) else {
                    continue;
                };
                let entries = &self.entries[first as usize..past as usize];
                for &id in ids {
                    let rule = &self.rules[id as usize];
                    for entry in entries {
                        let flags = &self.flag_pool[entry.flags.0 as usize..entry.flags.1 as usize];
                        if flags.contains(&rule.flag) && rule.applies_to(&stem) {
                            analysis.add(entry.tags.merged(rule.tags));
                        }
                    }
                }
            }
        }
        analysis
    }

    /// Whether some accented French word is spelled `word` once its accents are removed
    /// ("deja" → déjà, "preferee" → préférée, "coeur" → cœur).
    pub(crate) fn has_accented_form(&self, word: &str) -> bool {
        self.accented.contains(&stripped_hash([word].into_iter()))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::sync::LazyLock;

    use super::*;

    /// The French morphology of the Debian dictionary; tests fail without it.
    pub(crate) static MORPHOLOGY: LazyLock<Morphology> = LazyLock::new(|| {
        let dir = std::path::Path::new(crate::spell::DEFAULT_DICTIONARY_DIR);
        let read = |name: &str| {
            std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| {
                panic!("{name}: {e}: `make deps` installs hunspell-fr-comprehensive")
            })
        };
        Morphology::parse(&read("fr.aff"), &read("fr.dic")).expect("the French dictionary parses")
    });

    #[test]
    fn reads_parts_of_speech_gender_and_number() {
        let m = &*MORPHOLOGY;
        let client = m.analyze("client");
        assert!(client.is(pos::NOUN));
        assert_eq!(client.noun & (agr::SG | agr::PL), agr::SG);
        let idees = m.analyze("idées");
        assert_eq!(idees.noun, agr::FEM | agr::PL);
        let manger = m.analyze("manger");
        assert!(manger.is(pos::INFINITIVE) && !manger.is(pos::PARTICIPLE));
        let pris = m.analyze("pris");
        assert!(pris.is(pos::PARTICIPLE));
        assert_eq!(pris.participle & (agr::MAS | agr::FEM), agr::MAS);
        let suivent = m.analyze("suivent");
        assert!(suivent.is(pos::FINITE) && suivent.persons & person::P3 != 0);
        assert_eq!(m.analyze("est").persons, person::S3);
        let mes = m.analyze("mes");
        assert!(mes.is(pos::DET) && mes.det & agr::PL != 0 && mes.det & agr::SG == 0);
        assert!(m.analyze("très").only(pos::ADV));
        assert!(!m.analyze("clientz").is_known());
    }

    #[test]
    fn recognises_words_written_without_accents() {
        let m = &*MORPHOLOGY;
        for word in [
            "deja",
            "reseaux",
            "preferee",
            "etre",
            "probleme",
            "coeur",
            "interessant",
        ] {
            assert!(m.has_accented_form(word), "{word}");
        }
        for word in ["client", "bonjour", "zzz"] {
            assert!(!m.has_accented_form(word), "{word}");
        }
    }
}
