//! Every phrase list and word list the model uses. The lists themselves are text files under
//! `services/model/lexicons/` (see its README.md), embedded in the binary at build time and
//! parsed once, on first use; this module names them for the code.
//!
//! A file holds one entry per line, lowercase, with `'` as apostrophe. Lines starting with
//! `# ` are comments and blank lines are ignored. In phrase files a trailing `*` matches any
//! word ending (`garanti*` matches garantie, garantis), and phrases are matched on word
//! boundaries wherever they begin or end with a letter or digit.

use std::sync::LazyLock;

/// What a matched phrase is evidence of; one file of `lexicons/phrases/` per signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Signal {
    /// A call to get in touch or book a call ("DM me", "contactez-moi").
    ContactCall,
    /// A call to buy, order, sign up or download ("buy now", "inscrivez-vous").
    BuyCall,
    /// A call to follow, like, share or tag ("follow me", "partagez").
    FollowCall,
    /// A plug of the author's own book, course or services ("my new book").
    OwnOffer,
    /// A discount, promo code or limited offer ("% off", "code promo").
    Discount,
    /// A contest or giveaway ("giveaway", "concours").
    Contest,
    /// A pointer to the author's own posts ("check out my", "sur mon blogue").
    SelfBroadcast,
    /// An automatic pingback or trackback comment ("tweets that mention").
    Pingback,
    /// A title or distinction a person may claim ("expert", "gourou").
    Title,
    /// A title in the plural ("experts", "gourous"): about other people, not a self-claim.
    TitlePlural,
    /// A guaranteed result, promise or multiplier ("garanti*", "double your").
    Guarantee,
    /// An audience unit that makes the number before it a vanity metric ("abonnés").
    VanityUnit,
    /// A superlative or hype word ("the best", "révolutionnaire").
    Superlative,
    /// A marketing buzzword ("synergy", "écosystème").
    Buzzword,
    /// Marks a claim as reported, quoted, mocked or criticised rather than made.
    CritiqueMarker,
    /// Says the author was joking ("just kidding", "je rigole"): claims up to it are not meant.
    JokeMarker,
    /// A source the author says exists but will not show ("under NDA", "my own data").
    WithheldSource,
    /// First-person framing that turns a title into a self-applied one.
    FirstPersonClaim,
    /// The citation of a source ("according to", "selon").
    SourceMarker,
    /// A disclosure of interest ("full disclosure", "je travaille pour").
    Disclosure,
    /// An admitted mistake or conceded point ("i was wrong", "good catch").
    MistakeAdmission,
    /// Thanks ("thank you", "merci").
    Thanks,
    /// Hedging or nuance ("it depends", "à mon avis").
    Hedge,
    /// Reasoning, examples or method ("for example", "parce que").
    Method,
    /// A unit that turns the number before it into a concrete, checkable specific.
    SpecificUnit,
}

/// `lexicons/<path>` as (path, contents), embedded at build time.
macro_rules! lexicon_file {
    ($path:literal) => {
        (
            $path,
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/lexicons/", $path)),
        )
    };
}

/// Declares word lists: each is a `static` parsed on first use from its file under
/// `lexicons/`; the module's `load` parses them all, its `FILES` lists them for the tests.
macro_rules! word_lists {
    ($($(#[doc = $doc:literal])* $name:ident = $path:literal;)*) => {
        $(
            $(#[doc = $doc])*
            #[doc = concat!("\n\nRead from `lexicons/", $path, "`.")]
            pub static $name: std::sync::LazyLock<$crate::lexicon::WordList> =
                std::sync::LazyLock::new(|| {
                    $crate::lexicon::WordList::new($crate::lexicon::parse(lexicon_file!($path).1))
                });
        )*

        /// Parses every list of this module now rather than on first use.
        pub(crate) fn load() {
            $(std::sync::LazyLock::force(&$name);)*
        }

        /// Every file this module reads, as (path, contents).
        #[cfg(test)]
        pub(crate) const FILES: &[(&str, &str)] = &[$(lexicon_file!($path)),*];
    };
}

/// Lists this long or shorter are searched entry by entry: cheaper than hashing the word.
const LINEAR_SEARCH_MAX: usize = 8;

/// Bits of a list's quick-reject filter (see [`WordList`]).
const FILTER_BITS: u32 = 10;

/// Where a word falls in a quick-reject filter: its length and its first and last bytes,
/// multiplied into the top [`FILTER_BITS`] bits. Three bytes read, no loop over the word.
fn filter_slot(word: &str) -> usize {
    let bytes = word.as_bytes();
    let (first, last) = match (bytes.first(), bytes.last()) {
        (Some(&first), Some(&last)) => (first as u32, last as u32),
        _ => (0, 0),
    };
    let key = ((bytes.len() as u32) << 16) | (first << 8) | last;
    (key.wrapping_mul(0x9E37_79B1) >> (32 - FILTER_BITS)) as usize
}

/// A word list: its entries in file order, and a set of them, since the rules ask whether a
/// word is in a list for every word of every text. Nearly every word asked about is in none
/// of the lists, so a small bitmap of the entries' [`filter_slot`]s answers most of them
/// before any hashing (a tenth of scoring time went to hashing words for these lists).
#[derive(Debug)]
pub struct WordList {
    entries: Vec<&'static str>,
    set: rustc_hash::FxHashSet<&'static str>,
    filter: [u64; 1 << (FILTER_BITS - 6)],
}

impl WordList {
    /// The list of `entries`, in their order.
    pub fn new(entries: Vec<&'static str>) -> Self {
        let set = entries.iter().copied().collect();
        let mut filter = [0u64; 1 << (FILTER_BITS - 6)];
        for entry in &entries {
            let slot = filter_slot(entry);
            filter[slot / 64] |= 1 << (slot % 64);
        }
        WordList {
            entries,
            set,
            filter,
        }
    }

    /// Whether `word` is one of the entries.
    pub fn contains(&self, word: &str) -> bool {
        let slot = filter_slot(word);
        if self.filter[slot / 64] & (1 << (slot % 64)) == 0 {
            return false;
        }
        if self.entries.len() <= LINEAR_SEARCH_MAX {
            self.entries.contains(&word)
        } else {
            self.set.contains(word)
        }
    }
}

impl std::ops::Deref for WordList {
    type Target = [&'static str];

    fn deref(&self) -> &[&'static str] {
        &self.entries
    }
}

/// A set of words to look a word up in: a [`WordList`], or a few words written in the code.
pub trait Words {
    /// Whether `word` is one of them.
    fn has(&self, word: &str) -> bool;
}

impl Words for [&str] {
    fn has(&self, word: &str) -> bool {
        self.contains(&word)
    }
}

impl<const N: usize> Words for [&str; N] {
    fn has(&self, word: &str) -> bool {
        self.contains(&word)
    }
}

impl Words for WordList {
    fn has(&self, word: &str) -> bool {
        self.contains(word)
    }
}

impl Words for LazyLock<WordList> {
    fn has(&self, word: &str) -> bool {
        self.contains(word)
    }
}

/// The entries of a list file: trimmed lines, without comments and blank lines, in order.
pub(crate) fn parse(text: &'static str) -> Vec<&'static str> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !is_comment(line))
        .collect()
}

/// `#` alone or followed by a space starts a comment; `#1` is an entry.
fn is_comment(line: &str) -> bool {
    line.strip_prefix('#')
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(char::is_whitespace))
}

/// The phrase file of every signal, in matching-priority order (the automaton numbers its
/// patterns in this order).
const PHRASE_FILES: &[(Signal, (&str, &str))] = &[
    (
        Signal::ContactCall,
        lexicon_file!("phrases/contact_call.txt"),
    ),
    (Signal::BuyCall, lexicon_file!("phrases/buy_call.txt")),
    (Signal::FollowCall, lexicon_file!("phrases/follow_call.txt")),
    (Signal::OwnOffer, lexicon_file!("phrases/own_offer.txt")),
    (Signal::Discount, lexicon_file!("phrases/discount.txt")),
    (Signal::Contest, lexicon_file!("phrases/contest.txt")),
    (
        Signal::SelfBroadcast,
        lexicon_file!("phrases/self_broadcast.txt"),
    ),
    (Signal::Pingback, lexicon_file!("phrases/pingback.txt")),
    (Signal::Title, lexicon_file!("phrases/title.txt")),
    (
        Signal::TitlePlural,
        lexicon_file!("phrases/title_plural.txt"),
    ),
    (Signal::Guarantee, lexicon_file!("phrases/guarantee.txt")),
    (Signal::VanityUnit, lexicon_file!("phrases/vanity_unit.txt")),
    (
        Signal::Superlative,
        lexicon_file!("phrases/superlative.txt"),
    ),
    (Signal::Buzzword, lexicon_file!("phrases/buzzword.txt")),
    (
        Signal::CritiqueMarker,
        lexicon_file!("phrases/critique_marker.txt"),
    ),
    (Signal::JokeMarker, lexicon_file!("phrases/joke_marker.txt")),
    (
        Signal::WithheldSource,
        lexicon_file!("phrases/withheld_source.txt"),
    ),
    (
        Signal::FirstPersonClaim,
        lexicon_file!("phrases/first_person_claim.txt"),
    ),
    (
        Signal::SourceMarker,
        lexicon_file!("phrases/source_marker.txt"),
    ),
    (Signal::Disclosure, lexicon_file!("phrases/disclosure.txt")),
    (
        Signal::MistakeAdmission,
        lexicon_file!("phrases/mistake_admission.txt"),
    ),
    (Signal::Thanks, lexicon_file!("phrases/thanks.txt")),
    (Signal::Hedge, lexicon_file!("phrases/hedge.txt")),
    (Signal::Method, lexicon_file!("phrases/method.txt")),
    (
        Signal::SpecificUnit,
        lexicon_file!("phrases/specific_unit.txt"),
    ),
];

/// The cue phrases of every signal, French and English together, read from
/// `lexicons/phrases/`; the feature extractor builds its phrase automaton from them.
pub static PHRASES: LazyLock<Vec<(Signal, Vec<&'static str>)>> = LazyLock::new(|| {
    PHRASE_FILES
        .iter()
        .map(|(signal, (_, text))| (*signal, parse(text)))
        .collect()
});

/// Parses every phrase and word list now (at start-up) rather than on first use.
pub(crate) fn load_all() {
    LazyLock::force(&PHRASES);
    load();
    boasts::load();
    fr::load();
    fr::writing::load();
    en::load();
    en::writing::load();
}

word_lists! {
    /// Words never counted as misspellings: platform jargon, anglicisms common in French,
    /// Québec colloquial forms and chat abbreviations.
    SPELLING_ALLOWLIST = "spelling_allowlist.txt";
    /// First-person words of both languages, counted for the `first_person` feature.
    FIRST_PERSON = "first_person.txt";
    /// Second-person words of both languages, counted for the `second_person` feature.
    SECOND_PERSON = "second_person.txt";
    /// Greetings that may open a reply by name ("Merci Marc", "Thanks Sarah").
    GREETINGS = "greetings.txt";
    /// Top-level domains that make `word.tld` a link without a scheme.
    LINK_DOMAINS = "link_domains.txt";
    /// Hosts of public sources (statistics offices, ministries, universities, journals): a
    /// link to them cites a source rather than promotes.
    SOURCE_DOMAINS = "source_domains.txt";
    /// Words that may be written twice in a row without it being an error ("nous nous").
    DOUBLED_WORDS_ALLOWED = "doubled_words_allowed.txt";
    /// Letters of other scripts drawn like Latin letters, as `letter=latin` ("о=o"): the
    /// text is folded to the Latin letter before cues are matched (`text::fold`).
    CONFUSABLES = "fold/confusables.txt";
}

/// Word lists of the structural boasts (`src/features/boasts.rs`): distinctions the author
/// announces about themself, likenings of the author to a famous name, and the author set above
/// everyone else.
pub mod boasts {
    word_lists! {
        /// Participles of being picked ("named", "classée"), counted when passive.
        DISTINCTION_VERBS = "boasts/distinction_verbs.txt";
        /// Words of awards, rankings and lists ("finalist", "palmarès", "of_the_year").
        DISTINCTION_NOUNS = "boasts/distinction_nouns.txt";
        /// Forms of "be" / "être" that make a participle passive ("been", "été").
        PASSIVE_AUXILIARIES = "boasts/passive_auxiliaries.txt";
        /// Words of pride that open a sentence about the author ("honoured", "fière").
        PRIDE_OPENERS = "boasts/pride_openers.txt";
        /// Words that make the author the subject of a sentence ("i'm", "je", "m'").
        SELF_WORDS = "boasts/self_words.txt";
        /// Congratulations and other people a distinction may belong to ("congrats", "client").
        OTHER_PEOPLE = "boasts/other_people.txt";
        /// Third-person pronouns ("she", "elle").
        THIRD_PERSON = "boasts/third_person.txt";
        /// Articles that open a likening ("the", "le").
        LIKENESS_ARTICLES = "boasts/likeness_articles.txt";
        /// Words between a famous name and its field ("of", "du").
        LIKENESS_LINKS = "boasts/likeness_links.txt";
        /// Capitalised titles, bodies and places that are not famous names ("head", "university").
        NOT_NAMES = "boasts/not_names.txt";
        /// Everyone else, beaten in a comparison ("anyone", "n'importe_qui").
        EVERYONE_ELSE = "boasts/everyone_else.txt";
        /// Comparative words before a French "que" ("mieux", "plus").
        COMPARATIVES = "boasts/comparatives.txt";
        /// Verbs of foretelling in the past ("predicted", "prédit").
        PREDICTION_VERBS = "boasts/prediction_verbs.txt";
        /// Verbs of saying or knowing in the past ("said", "dit").
        SAYING_VERBS = "boasts/saying_verbs.txt";
        /// A time long past ("years ago", "il_y_a").
        LONG_AGO = "boasts/long_ago.txt";
        /// The author proved right ("i_was_right", "personne_ne_me_croyait").
        PROVED_RIGHT = "boasts/proved_right.txt";
        /// Words that open a turn against what came before ("actually", "en_vrai").
        TURN_OPENERS = "boasts/turn_openers.txt";
        /// Words by which authors make little of what they do ("just", "juste").
        MINIMIZERS = "boasts/minimizers.txt";
        /// Possessives of the author ("my", "notre").
        SELF_POSSESSIVES = "boasts/self_possessives.txt";
        /// The author's own way of doing things ("method", "accompagnement").
        METHOD_NOUNS = "boasts/method_nouns.txt";
        /// Verbs of a result obtained ("doubled", "guéri").
        RESULT_VERBS = "boasts/result_verbs.txt";
    }
}

/// French word lists.
pub mod fr {
    word_lists! {
        /// French function words: each one votes for French in language detection.
        FUNCTION_WORDS = "fr/function_words.txt";
        /// Unaccented spellings of common French words, flagged as missing accents.
        MISSING_ACCENTS = "fr/missing_accents.txt";
        /// Words that follow a number without a plural ending ("3 avril"), so no agreement error.
        AFTER_NUMBER = "fr/after_number.txt";
        /// What French elides before a vowel (`l`, `qu`), so the tokeniser splits `l'expert`.
        ELISIONS = "fr/elisions.txt";
    }

    /// Word lists of the French writing rules (homophones, agreement).
    pub mod writing {
        word_lists! {
            /// Words after which "sa" stands for "ça" ("sa va").
            SA_AS_CA_NEXT = "fr/writing/sa_as_ca_next.txt";
            /// Words after which "a" stands for the preposition "à" ("a partir").
            A_AS_PREPOSITION_NEXT = "fr/writing/a_as_preposition_next.txt";
            /// Words after which "a" stands for "à" only when another verb comes before it
            /// ("parlé a mon équipe", but "il a moins de temps").
            A_AS_PREPOSITION_AFTER_VERB_NEXT = "fr/writing/a_as_preposition_after_verb_next.txt";
            /// Words after which "a" stands for "à" when an auxiliary and its participle, or
            /// a word that can only be a conjugated verb, come before it ("passé a la").
            A_AS_PREPOSITION_AFTER_PARTICIPLE_NEXT =
                "fr/writing/a_as_preposition_after_participle_next.txt";
            /// Words before which "a" stands for the preposition "à" ("grâce a").
            A_AS_PREPOSITION_PREVIOUS = "fr/writing/a_as_preposition_previous.txt";
            /// Words in -er or -ir that are not infinitives (premier, hier).
            ER_NOT_INFINITIVE = "fr/writing/er_not_infinitive.txt";
            /// Words in -é that are nouns, not past participles (été, marché).
            PARTICIPLE_NOUNS = "fr/writing/participle_nouns.txt";
            /// Words after which a verb must be an infinitive ("pour aider").
            MODAL_BEFORE_INFINITIVE = "fr/writing/modal_before_infinitive.txt";
            /// Forms of "avoir" after which a verb is a participle ("j'ai mangé").
            AUXILIARIES = "fr/writing/auxiliaries.txt";
            /// Words after which "ces" or "ses" stands for "c'est" ("ces vrai").
            C_EST_NEXT = "fr/writing/c_est_next.txt";
            /// Words in -e that are not verbs, so no missing ending is flagged on them.
            TU_NOT_VERBS = "fr/writing/tu_not_verbs.txt";
            /// Plural determiners that open a plural noun group ("les médias").
            PLURAL_DETERMINERS = "fr/writing/plural_determiners.txt";
            /// Singular verb forms a plural subject cannot take ("les clients est").
            SINGULAR_VERBS = "fr/writing/singular_verbs.txt";
            /// Determiners (and "quelques") that require a plural noun after them.
            PLURAL_DETERMINERS_BEFORE_NOUN = "fr/writing/plural_determiners_before_noun.txt";
            /// Numerals above one, in words, that require a plural noun ("deux personnes").
            NUMERALS = "fr/writing/numerals.txt";
            /// Words that may follow a plural determiner or a numeral without a plural ending.
            NOT_NOUNS_AFTER_PLURAL = "fr/writing/not_nouns_after_plural.txt";
            /// English nouns used as invariable modifiers ("les community managers").
            ENGLISH_MODIFIERS = "fr/writing/english_modifiers.txt";
            /// Words after which "les" is a determiner, not the pronoun of "je les aime".
            LES_DETERMINER_CONTEXT = "fr/writing/les_determiner_context.txt";
            /// Determiners: what opens the object of a verb ("de gagné un audit").
            DETERMINERS = "fr/writing/determiners.txt";
            /// Object pronouns and negation that may stand between a subject and its verb.
            CLITICS = "fr/writing/clitics.txt";
            /// Words before an auxiliary that make an agreeing participle correct.
            OBJECTS_BEFORE_AUXILIARY = "fr/writing/objects_before_auxiliary.txt";
            /// Subject pronouns between an object and its auxiliary ("qu'on a publiées").
            SUBJECT_PRONOUNS = "fr/writing/subject_pronouns.txt";
            /// Singular nouns and adjectives that end in -s or -x ("leur temps").
            SINGULAR_WORDS_IN_S = "fr/writing/singular_words_in_s.txt";
            /// Masculine adjectives wrong after a feminine determiner ("une vrai pro").
            MASCULINE_ADJECTIVES = "fr/writing/masculine_adjectives.txt";
            /// Words that follow "ont" but not the pronoun "on" ("ils on rien perdu").
            ON_AS_ONT_NEXT = "fr/writing/on_as_ont_next.txt";
            /// Prepositions that never take the verb "sont" ("sans sont accord").
            PREPOSITIONS = "fr/writing/prepositions.txt";
            /// Third-person singular verbs, wrong after "moi qui" or "ceux qui".
            THIRD_SINGULAR_VERBS = "fr/writing/third_singular_verbs.txt";
            /// First- and second-person forms a third-person subject cannot take ("on peux").
            FIRST_SECOND_PERSON_VERBS = "fr/writing/first_second_person_verbs.txt";
            /// Endings a verb after "je" never has ("je fait", "j'attend").
            NOT_FIRST_PERSON_ENDINGS = "fr/writing/not_first_person_endings.txt";
            /// Adjectives used without agreement ("des vidéos top", "des vestes marron").
            INVARIABLE_ADJECTIVES = "fr/writing/invariable_adjectives.txt";
            /// Conditional forms wrong after a "si" of condition ("si j'aurais su").
            CONDITIONALS = "fr/writing/conditionals.txt";
            /// Every form of "avoir" that can be an auxiliary ("il a expliqué").
            AVOIR_FORMS = "fr/writing/avoir_forms.txt";
            /// Every form of "être" that can be an auxiliary or a copula ("elles sont venues").
            ETRE_FORMS = "fr/writing/etre_forms.txt";
            /// Adverbs that may stand between an auxiliary and its participle ("a mal expliqué").
            ADVERBS_IN_COMPOUND_TENSES = "fr/writing/adverbs_in_compound_tenses.txt";
            /// Adjectives placed before their noun, all forms ("mes nouveaux clients").
            PRENOMINAL_ADJECTIVES = "fr/writing/prenominal_adjectives.txt";
            /// Fixed locutions, words joined by `_` ("en_tant_que", "par_contre").
            LOCUTIONS = "fr/writing/locutions.txt";
            /// Groups of homophones joined by `=`, swapped inside a locution ("tant=temps").
            HOMOPHONE_GROUPS = "fr/writing/homophone_groups.txt";
            /// Single words often split in two ("longtemps", "parfois").
            CLOSED_COMPOUNDS = "fr/writing/closed_compounds.txt";
        }
    }
}

/// English word lists.
pub mod en {
    word_lists! {
        /// English function words: each one votes for English in language detection.
        FUNCTION_WORDS = "en/function_words.txt";
    }

    /// Word lists of the English writing rules (homophones, agreement).
    pub mod writing {
        word_lists! {
            /// Words after which "your" stands for "you're" ("your welcome").
            YOUR_AS_YOURE_NEXT = "en/writing/your_as_youre_next.txt";
            /// Words after which "you're" stands for "your" ("you're business").
            YOURE_AS_YOUR_NEXT = "en/writing/youre_as_your_next.txt";
            /// Words after which "its" stands for "it's" ("its a trap").
            ITS_AS_IT_IS_NEXT = "en/writing/its_as_it_is_next.txt";
            /// Words after which "there" or "they're" stands for "their" ("there clients").
            THEIR_PROPERTY_NEXT = "en/writing/their_property_next.txt";
            /// Comparatives after which "then" stands for "than" ("better then ever").
            COMPARATIVES = "en/writing/comparatives.txt";
            /// Words after which "loose" stands for "lose" ("loose money").
            LOSE_OBJECTS = "en/writing/lose_objects.txt";
            /// Irregular pasts spelled as a base form with an -s elsewhere ("left", "found").
            PASTS_LIKE_BASES = "en/writing/pasts_like_bases.txt";
            /// Words after which "to" stands for "too" ("to much").
            TOO_NEXT = "en/writing/too_next.txt";
            /// Contractions written without their apostrophe ("im", "dont").
            MISSING_APOSTROPHE = "en/writing/missing_apostrophe.txt";
            /// Modals after which "of" stands for "have" ("should of").
            MODALS = "en/writing/modals.txt";
            /// Words in -s that take a singular verb ("the news was").
            SINGULAR_WORDS_IN_S = "en/writing/singular_words_in_s.txt";
            /// Words after which "you're" stands for "your" ("for you're team").
            YOURE_AS_YOUR_PREVIOUS = "en/writing/youre_as_your_previous.txt";
            /// Words after which "it's" stands for "its" ("has it's uses").
            ITS_AS_POSSESSIVE_PREVIOUS = "en/writing/its_as_possessive_previous.txt";
            /// Rare words almost always written for another ("wether", "loosing").
            CONFUSED_WORDS = "en/writing/confused_words.txt";
            /// Verbs after which a noun in 's is a plural with an apostrophe ("client's are").
            APOSTROPHE_PLURAL_NEXT = "en/writing/apostrophe_plural_next.txt";
            /// Contractions in 's of pronouns and adverbs ("it's", "let's").
            PRONOUNS_IN_S = "en/writing/pronouns_in_s.txt";
            /// Singular indefinite pronouns ("someone", "nobody").
            SINGULAR_INDEFINITES = "en/writing/singular_indefinites.txt";
            /// Plural nouns without a plural -s ("people").
            IRREGULAR_PLURALS = "en/writing/irregular_plurals.txt";
            /// Verbs only a singular subject takes ("is", "has").
            SINGULAR_VERBS = "en/writing/singular_verbs.txt";
            /// Adverbs between a modal and its "have" ("would probably of").
            MODAL_ADVERBS = "en/writing/modal_adverbs.txt";
            /// Irregular past participles ("been", "made").
            IRREGULAR_PARTICIPLES = "en/writing/irregular_participles.txt";
            /// Simple pasts that are not also past participles ("went", not "gone").
            PRETERITES = "en/writing/preterites.txt";
            /// Uncountable nouns in a plural no careful writer uses ("feedbacks").
            UNCOUNTABLE_PLURALS = "en/writing/uncountable_plurals.txt";
            /// Words after "one of the" that are no noun ("best", "few").
            AFTER_ONE_OF = "en/writing/after_one_of.txt";
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::path::Path;

    use unicode_normalization::is_nfc;

    use super::*;

    /// Every embedded file: (path, contents, whether it holds phrases rather than words).
    fn all_files() -> Vec<(&'static str, &'static str, bool)> {
        let words = FILES
            .iter()
            .chain(boasts::FILES)
            .chain(fr::FILES)
            .chain(fr::writing::FILES)
            .chain(en::FILES)
            .chain(en::writing::FILES)
            .map(|(path, text)| (*path, *text, false));
        let phrases = PHRASE_FILES
            .iter()
            .map(|(_, file)| file)
            .chain(crate::stance::lexicon::FILES.iter().map(|(_, file)| file))
            .map(|(path, text)| (*path, *text, true));
        words.chain(phrases).collect()
    }

    /// Why an entry cannot match what the extractor compares it with, if it cannot.
    fn malformed(entry: &str, phrase: bool) -> Option<&'static str> {
        let body = if phrase {
            entry.strip_suffix('*').unwrap_or(entry)
        } else {
            entry
        };
        if body.is_empty() {
            Some("is empty")
        } else if entry.to_lowercase() != entry {
            Some("is not lowercase (texts are matched lowercased)")
        } else if !is_nfc(entry) {
            Some("is not in Unicode NFC (texts are matched in NFC)")
        } else if entry.contains(['\u{2019}', '\u{2018}', '\u{02BC}', '\u{00B4}', '`']) {
            Some("has a typographic apostrophe (texts are matched with ')")
        } else if entry.contains(['\u{00A0}', '\u{202F}', '\u{2009}', '\t']) || entry.contains("  ")
        {
            Some("has a special or doubled space (texts are matched with single spaces)")
        } else if !phrase && entry.contains(' ') {
            Some("has a space (entries of word lists are single words)")
        } else if body.contains('*') || (!phrase && entry.contains('*')) {
            Some("has a * that is not a phrase's last character")
        } else {
            None
        }
    }

    #[test]
    fn every_list_file_parses_into_normalized_unique_entries() {
        let mut problems = Vec::new();
        for (path, text, phrase) in all_files() {
            let entries = parse(text);
            if entries.is_empty() {
                problems.push(format!("lexicons/{path}: no entries"));
            }
            if !text.starts_with("# ") {
                problems.push(format!("lexicons/{path}: no header comment"));
            }
            let mut seen = HashSet::new();
            for entry in entries {
                if let Some(problem) = malformed(entry, phrase) {
                    problems.push(format!("lexicons/{path}: {entry:?} {problem}"));
                }
                if !seen.insert(entry) {
                    problems.push(format!("lexicons/{path}: {entry:?} is listed twice"));
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn a_phrase_belongs_to_one_signal_only() {
        // Identical phrases are one pattern to the automaton: only the first file's counts.
        let mut owner = std::collections::HashMap::new();
        let mut problems = Vec::new();
        for (_, (path, text)) in PHRASE_FILES {
            for entry in parse(text) {
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

    #[test]
    fn every_file_under_lexicons_is_read() {
        fn walk(dir: &Path, root: &Path, out: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).expect("lexicons/ is readable") {
                let path = entry.expect("directory entry").path();
                if path.is_dir() {
                    walk(&path, root, out);
                } else if path.extension().is_some_and(|e| e == "txt") {
                    let relative = path.strip_prefix(root).expect("under lexicons/");
                    out.push(relative.to_string_lossy().replace('\\', "/"));
                }
            }
        }
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("lexicons");
        let mut on_disk = Vec::new();
        walk(&root, &root, &mut on_disk);
        let read: HashSet<&str> = all_files().iter().map(|(path, _, _)| *path).collect();
        let unread: Vec<_> = on_disk
            .iter()
            .filter(|path| !read.contains(path.as_str()))
            .collect();
        assert!(
            unread.is_empty(),
            "files no code reads (declare them in lexicon.rs): {unread:?}"
        );
        assert_eq!(read.len(), all_files().len(), "a file is declared twice");
    }

    #[test]
    fn comments_and_blank_lines_are_skipped() {
        let text = "# header\n#\n\n  expert \n#1\n# note\nrock star\n";
        assert_eq!(parse(text), vec!["expert", "#1", "rock star"]);
        assert_eq!(PHRASES.len(), PHRASE_FILES.len());
    }
}
