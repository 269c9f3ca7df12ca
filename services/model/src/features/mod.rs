//! Feature extraction: from a text to a fixed-width vector of named, explainable features,
//! each tied to a cue and to the character spans of its evidence.
//!
//! This module is the schema (cues, features, their order); the extraction is split by
//! what it reads: `phrases` (the lexicon's phrase automaton), `boasts` (distinctions and
//! likenings found by sentence structure), `extract` (tokens, and the [`Extractor`] that runs
//! everything), `writing_errors` (rules and dictionaries).

use serde::{Deserialize, Serialize};

use crate::lang::Lang;
use crate::text::Normalized;

mod boasts;
mod extract;
mod phrases;
mod writing_errors;

#[cfg(test)]
pub(crate) use extract::writing_words;
pub use extract::Extractor;

/// Bumped whenever the meaning or order of features changes; a model trained on another
/// schema is refused at load time.
pub const FEATURE_SCHEMA_VERSION: u32 = 4;

/// The cue a feature is evidence for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cue {
    /// Selling: calls to action, own offers, link, hashtag and emoji stuffing.
    SelfPromotion,
    /// Titles, guarantees, vanity metrics and statistics no one can check.
    UnverifiableClaims,
    /// Misspellings, homophones, agreement errors, missing accents.
    WritingErrors,
    /// What credible practitioners do: answer, cite, disclose, admit mistakes.
    PositiveEvidence,
    /// Length, language, kind: not evidence, but context the model needs.
    Context,
}

impl Cue {
    /// The cue's name in score explanations.
    pub fn as_str(self) -> &'static str {
        match self {
            Cue::SelfPromotion => "self_promotion",
            Cue::UnverifiableClaims => "unverifiable_claims",
            Cue::WritingErrors => "writing_errors",
            Cue::PositiveEvidence => "positive_evidence",
            Cue::Context => "context",
        }
    }
}

macro_rules! features {
    ($($(#[doc = $doc:literal])* $variant:ident => ($name:literal, $cue:ident)),* $(,)?) => {
        /// Every feature, in vector order.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[repr(usize)]
        pub enum Feature { $($(#[doc = $doc])* $variant),* }

        /// Name and cue of every feature, in vector order.
        pub const FEATURES: &[(&str, Cue)] = &[$(($name, Cue::$cue)),*];
    };
}

features! {
    /// Calls to get in touch or book a call.
    ContactCall => ("contact_call", SelfPromotion),
    /// Calls to buy, order or sign up.
    BuyCall => ("buy_call", SelfPromotion),
    /// Calls to follow, like or share.
    FollowCall => ("follow_call", SelfPromotion),
    /// Plugs of the author's own products or services.
    OwnOffer => ("own_offer", SelfPromotion),
    /// Discounts, promo codes and limited offers.
    Discount => ("discount", SelfPromotion),
    /// Contests and giveaways.
    Contest => ("contest", SelfPromotion),
    /// Pointers to the author's own posts.
    SelfBroadcast => ("self_broadcast", SelfPromotion),
    /// Automatic pingback or trackback text.
    Pingback => ("pingback", SelfPromotion),
    /// Links.
    Links => ("links", SelfPromotion),
    /// Hashtags.
    Hashtags => ("hashtags", SelfPromotion),
    /// Emoji (not counting modifiers and joiners).
    Emoji => ("emoji", SelfPromotion),
    /// A link with almost no words around it.
    BareLink => ("bare_link", SelfPromotion),
    /// Exclamation marks.
    Exclamations => ("exclamations", SelfPromotion),
    /// A text mostly in capitals.
    Shouting => ("shouting", SelfPromotion),
    /// An award, ranking or selection the author announces about themself ("honoured to be
    /// ranked among…", "fière d'avoir été retenue parmi…"), found by sentence structure.
    SelfDistinction => ("self_distinction", SelfPromotion),
    /// A title or distinction the author applies to themself.
    SelfTitle => ("self_applied_title", UnverifiableClaims),
    /// A title in a sentence with first-person framing ("je suis expert").
    FirstPersonClaim => ("first_person_claim", UnverifiableClaims),
    /// Guaranteed results, promises and multipliers ("10x").
    Guarantee => ("guarantee", UnverifiableClaims),
    /// Audience counts offered as proof ("50 000 abonnés", "60k").
    VanityMetric => ("vanity_metric", UnverifiableClaims),
    /// Superlatives and hype.
    Superlative => ("superlative", UnverifiableClaims),
    /// Marketing buzzwords.
    Buzzword => ("buzzword", UnverifiableClaims),
    /// Percentages in a text that cites no source.
    UnsourcedStatistic => ("unsourced_statistic", UnverifiableClaims),
    /// The author likened to a famous name ("I'm the <Name> of <field>", "on m'appelle le
    /// <Nom> du <domaine>"), found by sentence structure.
    CelebrityLikeness => ("celebrity_likeness", UnverifiableClaims),
    /// The author set above everyone else ("more houses than anyone in my office", "mieux que
    /// n'importe qui", "I am THE reference for…"), found by sentence structure.
    SelfComparison => ("self_comparison", UnverifiableClaims),
    /// A prediction the author boasts of after the fact ("I predicted it back in 2019",
    /// "je l'avais dit, personne ne me croyait"), found by sentence structure.
    BoastedPrediction => ("boasted_prediction", UnverifiableClaims),
    /// Results the author's own method obtained, offered as proof ("my method got both kids
    /// reading by three", "depuis qu'elles suivent ma routine, trois clientes ont arrêté…"),
    /// found by sentence structure.
    OwnResults => ("own_results", UnverifiableClaims),
    /// A source the author says exists but will not show ("under NDA", "my own data", "c'est
    /// confidentiel"): a figure or result to be taken on trust.
    WithheldSource => ("withheld_source", UnverifiableClaims),
    /// Claims quoted, criticised or about others: not made by the author.
    ReportedClaim => ("reported_claim", UnverifiableClaims),
    /// Words that criticise or mock a claim ("self-proclaimed", "soi-disant").
    Critique => ("critique", UnverifiableClaims),
    /// The author turns what came before into a joke: a joke marker ("just kidding", "je
    /// rigole") or a self-deflation ("(Actually I just fix printers.)"); claims before it
    /// count as reported.
    JokeTurn => ("joke_turn", UnverifiableClaims),
    /// Words no dictionary knows that one slip away is a word ("definately", "begining").
    Misspellings => ("misspelling", WritingErrors),
    /// Words no dictionary knows and no slip explains: a name, a brand or a trade's jargon
    /// ("pgbouncer", "macaronnée") more often than a misspelling, so weighed apart.
    UnknownWords => ("unknown_word", WritingErrors),
    /// Misspellings and missing accents per checked word.
    MisspellingRate => ("misspelling_rate", WritingErrors),
    /// Homophone confusions ("sa va", "your welcome").
    Homophones => ("homophone", WritingErrors),
    /// Agreement errors ("les clients a", "they was", "3 semaine").
    Agreement => ("agreement", WritingErrors),
    /// The same word twice in a row.
    DoubledWords => ("doubled_word", WritingErrors),
    /// French words written without their accents ("tres", "deja").
    MissingAccents => ("missing_accent", WritingErrors),
    /// Words an English text likely misspelled though a dictionary may know them: a
    /// capitalised word opening a sentence that no dictionary knows ("Intrested"), a word
    /// only French knows among English words ("brillant").
    DoubtfulSpelling => ("doubtful_spelling", WritingErrors),
    /// All writing errors together, whatever their kind.
    WritingErrorTotal => ("writing_error_total", WritingErrors),
    /// A text that opens by addressing someone ("@julie", "Merci Marc").
    ReplyByName => ("reply_by_name", PositiveEvidence),
    /// Question marks.
    Questions => ("question", PositiveEvidence),
    /// Citations of a source.
    SourceCitation => ("source_citation", PositiveEvidence),
    /// Disclosures of interest.
    Disclosure => ("disclosure", PositiveEvidence),
    /// Admitted mistakes and conceded points.
    MistakeAdmission => ("mistake_admission", PositiveEvidence),
    /// Thanks.
    Thanks => ("thanks", PositiveEvidence),
    /// Hedging and nuance.
    Hedging => ("hedging", PositiveEvidence),
    /// Reasoning, examples and method.
    Method => ("method", PositiveEvidence),
    /// Numbers with a concrete unit ("6 weeks", "40 posts").
    ConcreteSpecifics => ("concrete_specifics", PositiveEvidence),
    /// @mentions.
    Mentions => ("mentions", PositiveEvidence),
    /// Text length: ln(1 + characters) / 7.
    Length => ("length", Context),
    /// 1 for a comment, 0 for a post.
    IsComment => ("is_comment", Context),
    /// 1 when the text was read as French.
    French => ("french", Context),
    /// 1 when the text was read as English.
    English => ("english", Context),
    /// First-person words ("je", "my").
    FirstPerson => ("first_person", Context),
    /// Second-person words ("vous", "your").
    SecondPerson => ("second_person", Context),
}

/// How many features a vector has.
pub const FEATURE_COUNT: usize = FEATURES.len();

/// One piece of evidence: a feature and the characters `[start, end)` that triggered it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Evidence {
    /// The feature this occurrence counts for.
    pub feature: Feature,
    /// First character of the evidence, counted in the NFC text.
    pub start: usize,
    /// Character just after the evidence.
    pub end: usize,
}

/// The features of one text.
#[derive(Debug, Clone)]
pub struct Extracted {
    /// The language the text was read in.
    pub lang: Lang,
    /// Feature values in [`FEATURES`] order: ln(1 + count) for counts; the misspelling
    /// rate, the flags and the scaled length as they are.
    pub values: [f64; FEATURE_COUNT],
    /// Where each counted occurrence is in the text.
    pub evidence: Vec<Evidence>,
}

/// Counts and evidence gathered while one text is read.
struct Collector<'a> {
    norm: &'a Normalized,
    counts: [u32; FEATURE_COUNT],
    evidence: Vec<Evidence>,
}

impl Collector<'_> {
    /// Counts one occurrence of `feature` with its evidence at bytes `start..end`.
    fn add(&mut self, feature: Feature, start: usize, end: usize) {
        self.counts[feature as usize] += 1;
        self.evidence.push(Evidence {
            feature,
            start: self.norm.char_offset(start),
            end: self.norm.char_offset(end),
        });
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::sync::{Arc, LazyLock};

    use super::*;
    use crate::spell::Dictionaries;

    /// One extractor with the default dictionaries, shared by the feature tests.
    pub(crate) static EXTRACTOR: LazyLock<Extractor> = LazyLock::new(extractor);

    fn extractor() -> Extractor {
        let dictionaries =
            Dictionaries::load_default().expect("Hunspell dictionaries missing: run `make deps`");
        Extractor::new(Arc::new(dictionaries))
    }

    fn fired(text: &str) -> Vec<(&'static str, String)> {
        let extracted = extractor().extract(text, None, false);
        let chars: Vec<char> = text.chars().collect();
        extracted
            .evidence
            .iter()
            .map(|e| {
                (
                    FEATURES[e.feature as usize].0,
                    chars[e.start..e.end].iter().collect(),
                )
            })
            .collect()
    }

    fn has(text: &str, feature: &str) -> bool {
        fired(text).iter().any(|(f, _)| *f == feature)
    }

    #[test]
    fn self_promotion_in_both_languages() {
        let fr = fired("Mon nouveau livre est sorti! Contactez-moi pour un rabais de 20 % 🚀 https://exemple.ca");
        let names: Vec<_> = fr.iter().map(|(f, _)| *f).collect();
        for expected in ["own_offer", "contact_call", "discount", "emoji", "links"] {
            assert!(names.contains(&expected), "{expected} missing from {fr:?}");
        }
        assert!(fr.contains(&("contact_call", "Contactez-moi".to_string())));
        assert!(has("DM me for my course, link in bio", "contact_call"));
        assert!(has("Grab your copy of my new book today!", "own_offer"));
        assert!(has(
            "Tweets that mention this post -- Topsy.com",
            "pingback"
        ));
        assert!(has("https://bit.ly/x", "bare_link"));
    }

    #[test]
    fn call_me_with_a_name_is_no_contact_call() {
        for text in [
            "People at work call me the Gordon Ramsay of code review",
            "My kids call me Coach Dad",
            "Friends call me picky about fonts",
        ] {
            assert!(!has(text, "contact_call"), "{text}: {:?}", fired(text));
        }
        for text in [
            "Call me Monday if you want a quote",
            "Call me at 5 and we'll sort it",
            "Questions? Call me.",
            "call me tomorrow",
            "Call me Mon–Fri 9–5 for a quote",
            "Call Me For A Free Quote",
            "Issues with your home network call me for a quote",
        ] {
            assert!(has(text, "contact_call"), "{text}: {:?}", fired(text));
        }
    }

    #[test]
    fn links_to_public_sources_cite_them() {
        for text in [
            "https://www.insee.fr/fr/statistiques/1281",
            "You can see it on GOV.UK under your tax account.",
            "Form 941 is here: https://www.irs.gov/forms-pubs/about-form-941",
            "Données : https://www150.statcan.gc.ca/n1/fr/type/donnees",
        ] {
            assert!(
                !has(text, "links") && !has(text, "bare_link"),
                "{text}: {:?}",
                fired(text)
            );
            assert!(has(text, "source_citation"), "{text}: {:?}", fired(text));
        }
        // A statistic with a public source's link is sourced.
        assert!(!has(
            "41 % des indépendants ont plus d'un client : https://www.insee.fr/fr/statistiques",
            "unsourced_statistic"
        ));
        // Look-alike hosts are not the source.
        for text in [
            "https://gouv.fr.example-promo.com/offre",
            "https://mygov-coaching.com",
        ] {
            assert!(has(text, "links"), "{text}: {:?}", fired(text));
        }
    }

    #[test]
    fn claims_fire_when_self_applied_not_when_criticised() {
        assert!(has(
            "Je suis expert en médias sociaux, résultats garantis.",
            "self_applied_title"
        ));
        assert!(has(
            "Je suis expert en médias sociaux, résultats garantis.",
            "guarantee"
        ));
        assert!(has(
            "As a certified growth ninja I will triple your sales",
            "self_applied_title"
        ));
        let critique = "Méfiez-vous de quiconque se proclame « gourou » des médias sociaux.";
        assert!(
            !has(critique, "self_applied_title"),
            "{:?}",
            fired(critique)
        );
        assert!(has(critique, "reported_claim"));
        let irony = "Oh sure, another self-proclaimed social media guru with guaranteed results.";
        assert!(
            !has(irony, "self_applied_title") && !has(irony, "guarantee"),
            "{:?}",
            fired(irony)
        );
    }

    #[test]
    fn statistics_need_a_source() {
        assert!(has(
            "87% of marketers say video works best.",
            "unsourced_statistic"
        ));
        assert!(!has(
            "According to the Pew Research Center (2023), 21% of adults use it.",
            "unsourced_statistic"
        ));
        assert!(has(
            "J'ai 50 000 abonnés, je sais de quoi je parle.",
            "vanity_metric"
        ));
    }

    #[test]
    fn writing_errors_in_both_languages() {
        let fr = fired("Sa va etre tres dificile pour les gestionaires de communauté.");
        let names: Vec<_> = fr.iter().map(|(f, _)| *f).collect();
        assert!(names.contains(&"homophone"), "{fr:?}");
        assert!(names.contains(&"missing_accent"), "{fr:?}");
        assert!(
            fr.contains(&("misspelling", "dificile".to_string())),
            "{fr:?}"
        );
        let en = fired("Your going to definately recieve leads more then before.");
        let names: Vec<_> = en.iter().map(|(f, _)| *f).collect();
        assert!(
            names.iter().filter(|n| **n == "misspelling").count() >= 2,
            "{en:?}"
        );
        assert!(
            names.iter().filter(|n| **n == "homophone").count() >= 2,
            "{en:?}"
        );
    }

    #[test]
    fn names_hashtags_urls_and_anglicisms_are_not_errors() {
        let clean = "Merci @julie_m! Le #growthhacking de Marie-Ève chez Shopify, c'est du marketing de contenu. Voir https://exemple.ca/blogue";
        let errors: Vec<_> = fired(clean)
            .into_iter()
            .filter(|(f, _)| {
                ["misspelling", "homophone", "agreement", "missing_accent"].contains(f)
            })
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
        let clean_en = "Thanks Sarah, your point about LinkedIn analytics is fair. I'd test it on 3 posts first.";
        let errors: Vec<_> = fired(clean_en)
            .into_iter()
            .filter(|(f, _)| ["misspelling", "homophone", "agreement"].contains(f))
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
    }

    #[test]
    fn positive_evidence() {
        assert!(has(
            "Julie, bonne question. Selon l'étude du CEFRIO, ça dépend du secteur.",
            "reply_by_name"
        ));
        assert!(has(
            "Julie, bonne question. Selon l'étude du CEFRIO, ça dépend du secteur.",
            "source_citation"
        ));
        assert!(has("Full disclosure: I work for the vendor.", "disclosure"));
        assert!(has(
            "Vous avez raison, je me suis trompé sur les chiffres.",
            "mistake_admission"
        ));
        assert!(has(
            "We tested it for 6 weeks on 40 posts.",
            "concrete_specifics"
        ));
    }

    #[test]
    fn spans_are_character_offsets() {
        let text = "Équipe géniale. Je suis gourou du web.";
        let extracted = extractor().extract(text, None, false);
        let title = extracted
            .evidence
            .iter()
            .find(|e| e.feature == Feature::SelfTitle)
            .unwrap();
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(
            chars[title.start..title.end].iter().collect::<String>(),
            "gourou"
        );
    }
}
