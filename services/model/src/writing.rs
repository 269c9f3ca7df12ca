//! Rules for the writing cue that a dictionary cannot see: homophone confusions, agreement
//! errors a few words of context decide reliably, and doubled words. Each rule looks at a
//! word with its neighbours (only when nothing but spaces separates them).

use crate::lang::Lang;

/// What kind of writing error a rule found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WritingError {
    Homophone,
    Agreement,
    Doubled,
}

/// A word and whether it directly follows the previous word (same sentence, only spaces
/// between them).
#[derive(Debug, Clone, Copy)]
pub struct WordRef<'a> {
    pub lower: &'a str,
    pub cased: &'a str,
    pub joined_to_previous: bool,
}

fn any(word: &str, list: &[&str]) -> bool {
    list.contains(&word)
}

const SA_AS_CA_NEXT: &[&str] = &[
    "va",
    "fait",
    "marche",
    "dépend",
    "prend",
    "veut",
    "sert",
    "donne",
    "me",
    "m'",
    "te",
    "t'",
    "ne",
    "n'",
    "y",
    "reste",
    "change",
    "coûte",
    "devient",
    "vaut",
    "suffit",
    "arrive",
    "aide",
    "fonctionne",
    "paye",
    "paie",
    "rapporte",
    "existe",
    "commence",
    "passe",
    "se",
    "s'",
    "en",
    "existait",
    "était",
    "serait",
    "sera",
    "dit",
];
const A_AS_PREPOSITION_NEXT: &[&str] = &[
    "partir",
    "cause",
    "travers",
    "propos",
    "bientôt",
    "côté",
    "moins",
    "peine",
    "priori",
    "chaque",
    "condition",
    "part",
    "nouveau",
    "quel",
    "quelle",
    "quels",
    "quelles",
    "vous",
    "mon",
    "ton",
    "notre",
    "votre",
    "leurs",
    "ceux",
    "celles",
    "jamais",
    "long",
    "court",
    "minuit",
    "midi",
];
const A_AS_PREPOSITION_PREVIOUS: &[&str] = &[
    "grâce",
    "jusqu'",
    "face",
    "quant",
    "suite",
    "pensez",
    "pense",
    "penser",
    "prêt",
    "prête",
    "prêts",
    "apte",
    "destiné",
    "destinée",
    "fidèle",
    "propice",
    "semaine",
    "mois",
    "vente",
    "merci",
    "bienvenue",
    "bravo",
    "bonne",
    "envie",
    "temps",
    "penché",
    "recours",
    "accès",
];
const ER_NOT_INFINITIVE: &[&str] = &[
    "premier",
    "dernier",
    "hier",
    "cher",
    "fier",
    "amer",
    "hiver",
    "léger",
    "entier",
    "super",
    "leader",
    "manager",
    "poster",
    "designer",
    "blogger",
    "partner",
    "laser",
    "dossier",
    "papier",
    "métier",
    "quartier",
    "chantier",
    "panier",
    "calendrier",
    "courrier",
    "clavier",
    "fichier",
    "atelier",
    "danger",
    "particulier",
    "régulier",
    "singulier",
    "étranger",
    "boulanger",
    "officier",
    "janvier",
    "février",
    "mer",
    "fer",
    "ver",
    "vers",
    "tiers",
    "banquier",
    "policier",
    "cahier",
    "escalier",
    "glacier",
    "sentier",
    "soulier",
    "verger",
    "cuisinier",
    "ouvrier",
    "pompier",
    "foyer",
    "loyer",
    "boucher",
    "rocher",
    "cancer",
    "master",
    "power",
    "user",
    "customer",
    "newsletter",
    "flyer",
    "teaser",
    "banner",
    "influencer",
    "container",
    "trailer",
    "thriller",
    "reminder",
    "player",
    "follower",
];
const PARTICIPLE_NOUNS: &[&str] = &[
    "été",
    "côté",
    "marché",
    "café",
    "clé",
    "thé",
    "degré",
    "résumé",
    "bébé",
    "comité",
    "employé",
    "délégué",
    "invité",
    "associé",
    "député",
    "fossé",
    "pré",
    "canapé",
    "musée",
    "lycée",
    "idée",
    "année",
    "journée",
    "soirée",
    "entrée",
    "durée",
    "arrivée",
    "pensée",
    "armée",
    "vallée",
    "allée",
    "portée",
    "poupée",
    "fusée",
    "marée",
    "réalité",
    "nouveauté",
];
const MODAL_BEFORE_INFINITIVE_FR: &[&str] = &[
    "pour", "sans", "faut", "peux", "peut", "pouvez", "pouvons", "peuvent", "dois", "doit",
    "devez", "devons", "doivent", "veux", "veut", "voulez", "voulons", "veulent", "vais", "va",
    "allez", "allons", "vont", "savoir", "sait", "savez",
];
const AUXILIARY_FR: &[&str] = &[
    "ai", "as", "avons", "avez", "ont", "avait", "avais", "avaient", "aurait", "aurais", "aurez",
    "aura", "été",
];
const C_EST_NEXT: &[&str] = &[
    "un",
    "une",
    "pas",
    "vrai",
    "bien",
    "tellement",
    "super",
    "normal",
    "clair",
    "dommage",
    "fou",
    "génial",
    "exactement",
    "important",
    "correct",
    "pourquoi",
    "comme",
    "juste",
    "sûr",
    "toujours",
    "jamais",
    "trop",
    "ici",
    "là",
    "fini",
    "simple",
    "facile",
    "possible",
];
const TU_NOT_VERBS: &[&str] = &[
    "même", "comme", "quelque", "une", "cette", "notre", "votre", "toute", "elle", "autre",
    "vraiment", "juste", "seule", "presque", "encore", "toujours", "jamais", "rarement", "souvent",
];
const PLURAL_DETERMINERS_FR: &[&str] = &[
    "les", "des", "ces", "mes", "tes", "ses", "nos", "vos", "leurs",
];
const SINGULAR_VERBS_FR: &[&str] = &[
    "est", "a", "va", "fait", "peut", "doit", "était", "avait", "sera",
];
/// Determiners (and "quelques") that require a plural noun after them.
const PLURAL_DETERMINERS_BEFORE_NOUN_FR: &[&str] = &[
    "les", "des", "ces", "mes", "tes", "ses", "nos", "vos", "aux", "leurs", "quelques",
];
const NUMERALS_FR: &[&str] = &[
    "deux",
    "trois",
    "quatre",
    "cinq",
    "six",
    "sept",
    "huit",
    "neuf",
    "dix",
    "onze",
    "douze",
    "quinze",
    "vingt",
    "trente",
    "quarante",
    "cinquante",
    "soixante",
    "cent",
    "mille",
];
/// Words that may follow a plural determiner or a numeral without a plural ending.
const NOT_NOUNS_AFTER_PLURAL_FR: &[&str] = &[
    "tout",
    "bien",
    "super",
    "trop",
    "très",
    "peu",
    "soi-disant",
    "ex",
    "plus",
    "moins",
    "que",
    "qui",
    "dont",
    "sur",
    "par",
    "pour",
    "avec",
    "dans",
    "chez",
    "entre",
    "contre",
    "sans",
    "mais",
    "car",
    "donc",
    "puis",
    "et",
    "ou",
    "fois",
    "ans",
    "leur",
    "même",
    "autre",
    "tiers",
    "quart",
    "demi",
    "mini",
    "top",
    "non",
    "premier",
    "dernier",
    "seul",
    "est",
    "sont",
    "font",
    "vont",
];
/// English nouns used as invariable modifiers ("les community managers").
const ENGLISH_MODIFIERS_FR: &[&str] = &[
    "community",
    "rock",
    "social",
    "content",
    "growth",
    "brand",
    "web",
    "inbound",
    "data",
    "user",
    "customer",
    "account",
    "call-to-action",
    "e-commerce",
    "start-up",
    "startup",
];
/// Words after which "les" is a determiner, not the object pronoun of "je les aime".
const LES_DETERMINER_CONTEXT_FR: &[&str] = &[
    "pour", "avec", "dans", "par", "sur", "sous", "entre", "chez", "vers", "selon", "contre",
    "après", "avant", "depuis", "pendant", "malgré", "sans", "et", "ou", "mais", "que", "car",
    "donc", "comme", "quand", "si", "tous", "toutes", "aussi", "a", "ont", "est", "sont", "avait",
    "était", "ai", "avons", "avez", "sera", "voir", "tout",
];
const DETERMINERS_FR: &[&str] = &[
    "le", "la", "les", "l'", "un", "une", "des", "du", "mon", "ma", "mes", "ton", "ta", "tes",
    "son", "sa", "ses", "notre", "nos", "votre", "vos", "leur", "leurs", "ce", "cet", "cette",
    "ces",
];
/// Object pronouns and negation that may stand between a subject and its verb.
const CLITICS_FR: &[&str] = &[
    "me", "m'", "te", "t'", "se", "s'", "le", "la", "l'", "les", "lui", "leur", "y", "en", "ne",
    "n'", "nous", "vous",
];
/// Words before an auxiliary that make an agreeing participle correct ("qu'on a publiées").
const OBJECTS_BEFORE_AUXILIARY_FR: &[&str] = &[
    "qu'", "que", "l'", "la", "les", "me", "m'", "te", "t'", "nous", "vous",
];
const SUBJECT_PRONOUNS_FR: &[&str] = &["j'", "je", "tu", "il", "elle", "on", "ils", "elles"];
/// Singular nouns and adjectives that end in -s or -x ("leur temps", "leur mieux").
const SINGULAR_WORDS_IN_S_FR: &[&str] = &[
    "fois",
    "mois",
    "pays",
    "cas",
    "corps",
    "temps",
    "prix",
    "choix",
    "avis",
    "succès",
    "accès",
    "progrès",
    "processus",
    "discours",
    "concours",
    "cours",
    "parcours",
    "secours",
    "recours",
    "poids",
    "bois",
    "repas",
    "propos",
    "taux",
    "devis",
    "tapis",
    "colis",
    "business",
    "bus",
    "campus",
    "bonus",
    "focus",
    "virus",
    "dos",
    "héros",
    "rabais",
    "relais",
    "biais",
    "sens",
    "voix",
    "paix",
    "flux",
    "plus",
    "moins",
    "tous",
    "très",
    "après",
    "pas",
    "jus",
    "mépris",
    "remords",
    "lors",
    "souris",
    "process",
    "status",
    "news",
    "gros",
    "gras",
    "bas",
    "mauvais",
    "faux",
    "doux",
    "vieux",
    "mieux",
    "français",
    "anglais",
    "précieux",
    "sérieux",
];
const MASCULINE_ADJECTIVES_FR: &[&str] = &[
    "meilleur", "seul", "vrai", "dernier", "premier", "nouveau", "petit", "bon", "grand",
];
/// Words that cannot follow the pronoun "on" but follow "ont" ("ils on rien perdu").
const ON_AS_ONT_NEXT: &[&str] = &[
    "rien", "jamais", "déjà", "toujours", "été", "eu", "pu", "vu", "su", "reçu", "perdu", "tous",
];
/// Prepositions that take a noun phrase, never the verb "sont" ("sans sont accord").
const PREPOSITIONS_FR: &[&str] = &[
    "sans", "avec", "pour", "dans", "par", "de", "d'", "à", "chez", "selon", "contre", "vers",
    "sur", "malgré",
];
/// Verbs of the third person singular that "qui" takes after "ceux" or "moi".
const THIRD_SINGULAR_VERBS_FR: &[&str] = &[
    "a", "est", "va", "fait", "peut", "doit", "veut", "sait", "était", "avait",
];
/// First- and second-person forms that a third-person subject cannot take ("on peux").
const FIRST_SECOND_PERSON_VERBS_FR: &[&str] = &[
    "sais", "peux", "veux", "fais", "vais", "vas", "dois", "vois", "dis", "crois", "suis", "es",
    "as", "ai",
];
/// Endings a verb after "je" never has ("je fait", "j'attend", "je garanti", "je travail").
const NOT_FIRST_PERSON_ENDINGS_FR: &[&str] =
    &["t", "d", "é", "ée", "és", "er", "ez", "i", "il", "ons"];

const YOUR_AS_YOURE_NEXT: &[&str] = &[
    "welcome", "right", "wrong", "going", "not", "doing", "the", "so", "very", "being", "gonna",
    "getting", "just", "really", "probably", "kidding", "joking", "missing", "making", "killing",
    "talking", "asking", "looking", "trying", "already", "still", "always", "never",
];
const YOURE_AS_YOUR_NEXT: &[&str] = &[
    "business",
    "brand",
    "audience",
    "content",
    "own",
    "team",
    "website",
    "site",
    "page",
    "followers",
    "customers",
    "clients",
    "product",
    "company",
    "account",
    "profile",
    "post",
    "posts",
    "strategy",
    "message",
    "job",
    "money",
    "time",
    "boss",
    "feed",
    "campaign",
];
const ITS_AS_ITS_NEXT: &[&str] = &[
    "a",
    "an",
    "the",
    "not",
    "been",
    "going",
    "time",
    "important",
    "about",
    "just",
    "so",
    "very",
    "really",
    "all",
    "true",
    "easy",
    "hard",
    "never",
    "always",
    "only",
    "getting",
    "like",
    "what",
    "how",
    "clear",
    "obvious",
    "okay",
    "ok",
    "fine",
    "great",
    "crucial",
    "worth",
    "no",
    "still",
    "too",
    "called",
    "funny",
    "sad",
    "amazing",
    "simple",
    "basically",
];
const THEIR_PROPERTY_NEXT: &[&str] = &[
    "own",
    "clients",
    "customers",
    "brand",
    "audience",
    "followers",
    "team",
    "business",
    "website",
    "content",
    "products",
    "company",
    "account",
    "posts",
    "strategy",
    "budget",
];
const COMPARATIVES_EN: &[&str] = &[
    "more", "less", "better", "worse", "rather", "bigger", "smaller", "faster", "slower", "higher",
    "lower", "other", "greater", "larger", "easier", "harder", "cheaper", "longer", "fewer",
    "stronger", "smarter", "earlier", "later",
];
const LOSE_OBJECTS: &[&str] = &[
    "money",
    "followers",
    "customers",
    "clients",
    "trust",
    "time",
    "your",
    "their",
    "my",
    "our",
    "the",
    "credibility",
    "business",
    "sales",
    "sleep",
    "touch",
    "focus",
    "it",
    "them",
];
const TOO_NEXT: &[&str] = &[
    "much",
    "many",
    "late",
    "early",
    "often",
    "expensive",
    "cheap",
    "busy",
];
const MODALS_EN: &[&str] = &["could", "should", "would", "must", "might"];
const NOT_DOUBLED_ERRORS: &[&str] = &[
    "nous", "vous", "had", "that", "is", "ha", "haha", "bye", "très", "so", "very", "really",
    "non", "no", "yes", "oui", "bla", "blah", "cha", "pas", "plus", "beaucoup", "much", "many",
    "far", "more", "tsé", "go",
];
const PLURAL_NOUN_SINGULAR_FORMS: &[&str] = &[
    "news",
    "analytics",
    "series",
    "this",
    "us",
    "bus",
    "status",
    "campus",
    "bonus",
    "focus",
    "is",
    "was",
    "has",
    "does",
    "its",
    "his",
    "hers",
    "ours",
    "yours",
    "always",
    "perhaps",
    "less",
    "success",
    "business",
    "process",
    "access",
    "gas",
    "plus",
    "chaos",
    "politics",
    "economics",
    "ethics",
    "mathematics",
    "media",
    "data",
    "canvas",
    "thus",
    "across",
    "alias",
    "yes",
    "lens",
    "whereas",
    "as",
    "tennis",
    "basis",
    "crisis",
    "analysis",
    "class",
];

/// Checks the word at `index` against the rules; returns the error found, if any.
pub fn check(words: &[WordRef<'_>], index: usize, lang: Lang) -> Option<WritingError> {
    let current = words[index].lower;
    let previous = (index > 0 && words[index].joined_to_previous).then(|| words[index - 1].lower);
    let next = words
        .get(index + 1)
        .filter(|w| w.joined_to_previous)
        .map(|w| w.lower);
    let previous_is = |list: &[&str]| previous.is_some_and(|p| any(p, list));
    let next_is = |list: &[&str]| next.is_some_and(|n| any(n, list));

    if let (Some(p), true) = (previous, !any(current, NOT_DOUBLED_ERRORS)) {
        if p == current && current.chars().all(char::is_alphabetic) && !current.ends_with('\'') {
            return Some(WritingError::Doubled);
        }
    }
    match lang {
        Lang::Fr => check_french(
            words,
            index,
            current,
            previous,
            next,
            &previous_is,
            &next_is,
        ),
        Lang::En => check_english(
            words,
            index,
            current,
            previous,
            next,
            &previous_is,
            &next_is,
        ),
        Lang::Other => None,
    }
}

fn check_french(
    words: &[WordRef<'_>],
    index: usize,
    current: &str,
    previous: Option<&str>,
    next: Option<&str>,
    previous_is: &dyn Fn(&[&str]) -> bool,
    next_is: &dyn Fn(&[&str]) -> bool,
) -> Option<WritingError> {
    use WritingError::*;
    let homophone = match current {
        // "sa va" for "ça va"; "ca" for "ça".
        // "sa se discute", "tout sa" for "ça se discute", "tout ça".
        "sa" => {
            next_is(SA_AS_CA_NEXT)
                || next.is_none() && index + 1 == words.len()
                || previous == Some("tout")
        }
        "ca" => words[index].cased == "ca" || words[index].cased == "Ca",
        // "il à" for "il a".
        "à" => previous_is(&["il", "elle", "on", "qui", "ça", "cela", "y"]),
        // "a" for the preposition "à".
        "a" => {
            next_is(A_AS_PREPOSITION_NEXT)
                || previous_is(A_AS_PREPOSITION_PREVIOUS)
                || next.is_some_and(is_infinitive)
                || (words
                    .get(index + 1)
                    .is_some_and(|w| w.joined_to_previous && starts_uppercase(w.cased))
                    && !previous_is(&["il", "elle", "on", "qui", "ça", "cela", "y", "personne"]))
        }
        "ou" => {
            previous_is(&["là", "d'", "par", "moment", "endroit", "époque"])
                || next_is(&["est", "sont"])
        }
        "et" => {
            previous_is(&["il", "on", "c'", "ça", "cela"])
                || (previous == Some("elle")
                    && !next_is(&[
                        "moi", "lui", "toi", "nous", "vous", "son", "sa", "ses", "leur", "les",
                        "elle", "il",
                    ]))
        }
        "ces" | "ses" => next_is(C_EST_NEXT),
        "son" => previous_is(&["ils", "elles"]),
        // "sans sont accord" for "sans son accord".
        "sont" => previous_is(PREPOSITIONS_FR),
        // "ils on rien perdu", "mes clientes on doublé" for "ont".
        "on" => {
            previous_is(&["ils", "elles"])
                || next.is_some_and(|n| {
                    (is_participle(n) && n.ends_with('é')) || any(n, ON_AS_ONT_NEXT)
                })
        }
        "ont" => {
            next_is(&[
                "peut", "va", "doit", "est", "pourrait", "devrait", "veut", "sait", "dit", "parle",
                "voit",
            ]) && !previous_is(&["ils", "elles"])
        }
        "ce" => previous_is(&["il", "elle", "on", "ils", "elles"]) && next.is_some(),
        "se" => next_is(&[
            "qui", "que", "qu'", "soir", "matin", "genre", "type", "sujet", "point", "moment",
            "projet", "livre", "post", "billet",
        ]),
        "peut" => previous == Some("un"),
        "peu" => next == Some("être") || words[index].lower == "peu-être",
        // "il reste peux de tables", "un peux" for "peu".
        "peux" => {
            (next_is(&["de", "d'"]) && !previous_is(&["je", "tu", "ne", "n'"]))
                || previous_is(&["un", "très", "trop"])
        }
        // "pas prêt de changer" for "près de".
        "prêt" | "prête" | "prêts" | "prêtes" => {
            next_is(&["de", "d'"]) && word_at(words, index, 2).is_some_and(is_infinitive)
        }
        // "réservez la votre" for "la vôtre".
        "votre" | "notre" => previous_is(&["la", "le", "les"]),
        "votres" | "notres" => true,
        // Missing grave accent or apostrophe: "la-dessus", "jai", "cest".
        "la-dessus" | "la-bas" | "la-dedans" | "celle-la" | "celui-la" | "ceux-la"
        | "celles-la" | "jai" | "javais" | "jaurais" | "cest" => true,
        "quand" => next_is(&["à", "au", "aux"]),
        _ => false,
    };
    if homophone {
        return Some(Homophone);
    }
    // "j'ai manger" for "j'ai mangé"; "pour aidé" for "pour aider".
    if previous_is(AUXILIARY_FR) && is_infinitive(current) {
        return Some(Homophone);
    }
    if previous_is(MODAL_BEFORE_INFINITIVE_FR) && is_participle(current) {
        return Some(Homophone);
    }
    // "une chance de gagné un audit", "m'a fait changé notre horaire": an infinitive is due.
    if previous_is(&["de", "d'", "à", "fais", "fait", "faire"])
        && is_participle(current)
        && next_is(DETERMINERS_FR)
    {
        return Some(Homophone);
    }
    // "vous travaillé" for "vous travaillez".
    if previous == Some("vous") && is_participle(current) && current.ends_with('é') {
        return Some(Homophone);
    }
    // "vous comptez remboursez", "vous pouvez vous concentrez": a second -ez for -er.
    let ez_verb =
        |w: &str| w.chars().count() > 3 && w.ends_with("ez") && !any(w, &["chez", "assez", "nez"]);
    if current.chars().count() > 4
        && ez_verb(current)
        && !any(current, &["avez", "êtes"])
        && !any(current, MODAL_BEFORE_INFINITIVE_FR)
    {
        let governor = if previous_is(CLITICS_FR) {
            word_at(words, index, -2)
        } else {
            previous
        };
        if governor.is_some_and(|g| ez_verb(g) || any(g, MODAL_BEFORE_INFINITIVE_FR)) {
            return Some(Homophone);
        }
    }
    // "tu existe" / "tu n'existe" for "tu existes".
    let after_tu = previous == Some("tu")
        || (index >= 2
            && words[index - 1].joined_to_previous
            && any(words[index - 1].lower, &["n'", "ne"])
            && words[index - 2].lower == "tu");
    if after_tu && current.len() > 3 && current.ends_with('e') && !any(current, TU_NOT_VERBS) {
        return Some(Agreement);
    }
    // "des places limité": a plural noun phrase followed by a singular participle.
    if index >= 2
        && words[index].joined_to_previous
        && words[index - 1].joined_to_previous
        && any(words[index - 2].lower, PLURAL_DETERMINERS_FR)
        && words[index - 1].lower.chars().count() >= 3
        && words[index - 1].lower.ends_with(['s', 'x'])
        && (current.ends_with('é') || current.ends_with("ée"))
        && current.chars().count() > 3
        && !any(current, PARTICIPLE_NOUNS)
        && !current.ends_with("té")
    {
        return Some(Agreement);
    }
    // "ils sont arrivé": a plural auxiliary of être before a singular participle.
    if previous_is(&["sont", "sommes", "êtes"]) && is_participle(current) && current.ends_with('é')
    {
        return Some(Agreement);
    }
    // "j'hésitait", "je vous le dit", "j'attend", "je garanti": a verb after "je" (and its
    // object pronouns) ends in -e, -s, -x or -ai.
    if after_je(words, index)
        && !any(current, CLITICS_FR)
        && current != "soussigné"
        && current.chars().all(|c| c.is_alphabetic() || c == '-')
        && !current.ends_with("ai")
        && (NOT_FIRST_PERSON_ENDINGS_FR
            .iter()
            .any(|ending| current.ends_with(*ending))
            || (current.ends_with("es") && current != "les"))
    {
        return Some(Agreement);
    }
    // "j'ai vérifiée la mienne", "ont baissés de": with avoir, the participle agrees only with
    // an object placed before it ("qu'on a publiées", "je l'ai vérifiée").
    let object_before = |offset: isize| {
        word_at(words, index, offset).is_some_and(|w| any(w, OBJECTS_BEFORE_AUXILIARY_FR))
    };
    let object_before_auxiliary = object_before(-2)
        || (word_at(words, index, -2).is_some_and(|w| any(w, SUBJECT_PRONOUNS_FR))
            && object_before(-3));
    if previous_is(AUXILIARY_FR)
        && previous != Some("été")
        && current.chars().count() > 4
        && (current.ends_with("ée") || current.ends_with("ées") || current.ends_with("és"))
        && !any(current, PARTICIPLE_NOUNS)
        && (next_is(DETERMINERS_FR) || next_is(&["de", "d'"]))
        && !object_before_auxiliary
    {
        return Some(Agreement);
    }
    // "c'est réglée" for "c'est réglé".
    if previous == Some("est")
        && word_at(words, index, -2) == Some("c'")
        && current.chars().count() > 4
        && (current.ends_with("ée") || current.ends_with("ées") || current.ends_with("és"))
        && !any(current, PARTICIPLE_NOUNS)
    {
        return Some(Agreement);
    }
    let before_qui = if previous == Some("qui") {
        word_at(words, index, -2)
    } else {
        None
    };
    let word_agreement = match current {
        // "tout les clients", "toute les mentions", "tous le monde".
        "tout" | "toute" => next_is(&["les", "ces", "mes", "tes", "ses", "nos", "vos", "leurs"]),
        "tous" => next == Some("le") && word_at(words, index, 2) == Some("monde"),
        // "leur revenus", "leur propres clients"; not the pronoun of "je leur dis".
        "leur" => {
            let acronym_next = words
                .get(index + 1)
                .is_some_and(|w| w.cased.chars().filter(|c| c.is_uppercase()).count() > 1);
            next.is_some_and(|n| {
                n.chars().count() > 3 && n.ends_with(['s', 'x']) && !any(n, SINGULAR_WORDS_IN_S_FR)
            }) && !previous_is(&[
                "je", "j'", "tu", "nous", "vous", "ne", "n'", "on", "il", "elle", "ils", "elles",
                "qui",
            ]) && !acronym_next
        }
        // "nul part" for "nulle part".
        "nul" => next == Some("part"),
        _ => false,
    };
    if word_agreement
        // "une vrai pro", "la meilleur journée".
        || (previous_is(&["la", "une", "cette", "ma", "ta", "sa"])
            && any(current, MASCULINE_ADJECTIVES_FR))
        // "quelqu'un sais", "personne peux", "on peux".
        || (previous_is(&["quelqu'un", "personne", "chacun", "il", "elle", "on", "ça", "cela"])
            && any(current, FIRST_SECOND_PERSON_VERBS_FR))
        // "c'est moi qui a" for "moi qui ai".
        || (matches!(before_qui, Some("moi" | "toi"))
            && any(current, THIRD_SINGULAR_VERBS_FR))
        // "ceux qui mesure" for "ceux qui mesurent".
        || (matches!(before_qui, Some("ceux" | "celles"))
            && (any(current, THIRD_SINGULAR_VERBS_FR)
                || (current.chars().count() > 3
                    && current.ends_with('e')
                    && !any(current, TU_NOT_VERBS))))
        || plural_determiner_with_singular_noun(words, index, current, previous)
    {
        return Some(Agreement);
    }
    let agreement = match previous {
        // "elles explose" for "elles explosent".
        Some("ils" | "elles") => {
            any(
                current,
                &[
                    "a", "est", "va", "fait", "peut", "doit", "veut", "sait", "était", "avait",
                    "sera",
                ],
            ) || (current.chars().count() > 3
                && current.ends_with('e')
                && !any(current, TU_NOT_VERBS))
        }
        Some("tu") => any(current, &["a", "est", "va", "peut"]),
        Some("je") => any(current, &["a", "est", "va", "as", "es"]),
        Some("on") => any(current, &["sont", "ont", "avons", "sommes", "allons"]),
        _ => false,
    } || plural_subject_with_singular_verb(words, index, current);
    agreement.then_some(Agreement)
}

fn plural_subject_with_singular_verb(words: &[WordRef<'_>], index: usize, current: &str) -> bool {
    if !any(current, SINGULAR_VERBS_FR) || !words[index].joined_to_previous {
        return false;
    }
    // "les médias sociaux est": a plural determiner, one or two plural words, a singular verb.
    let mut cursor = index;
    let mut plural_words = 0;
    while cursor > 0 && plural_words < 3 {
        let word = words[cursor - 1];
        if !words[cursor].joined_to_previous {
            return false;
        }
        if any(word.lower, PLURAL_DETERMINERS_FR) {
            // The group must open the clause to be the subject: after a noun or a preposition
            // it is a complement ("le temps passé sur les réseaux sociaux a baissé", "la part
            // des clients a augmenté").
            let opens_clause = cursor < 2
                || !words[cursor - 1].joined_to_previous
                || any(
                    words[cursor - 2].lower,
                    &[
                        "et", "mais", "ou", "que", "qu'", "quand", "si", "car", "donc", "comme",
                        "puis", "alors", "tous", "toutes",
                    ],
                );
            return plural_words > 0 && opens_clause;
        }
        if !(word.lower.ends_with('s') || word.lower.ends_with('x')) || word.lower.len() < 3 {
            return false;
        }
        plural_words += 1;
        cursor -= 1;
    }
    false
}

/// The word `offset` places from `index`, if only spaces separate all the words in between.
fn word_at<'a>(words: &[WordRef<'a>], index: usize, offset: isize) -> Option<&'a str> {
    let target = index.checked_add_signed(offset)?;
    let word = words.get(target)?;
    let (low, high) = if target < index {
        (target, index)
    } else {
        (index, target)
    };
    words[low + 1..=high]
        .iter()
        .all(|w| w.joined_to_previous)
        .then_some(word.lower)
}

/// Whether "je" (or "j'") is the subject of the word at `index`, possibly through object
/// pronouns and negation ("je vous le", "je n'y").
fn after_je(words: &[WordRef<'_>], index: usize) -> bool {
    let mut offset = -1;
    while offset >= -4 {
        match word_at(words, index, offset) {
            Some("je" | "j'") => return true,
            Some(w) if any(w, CLITICS_FR) => offset -= 1,
            _ => return false,
        }
    }
    false
}

/// "des plainte", "mes client", "deux personne": a plural determiner or a numeral before a
/// word without a plural ending.
fn plural_determiner_with_singular_noun(
    words: &[WordRef<'_>],
    index: usize,
    current: &str,
    previous: Option<&str>,
) -> bool {
    let Some(determiner) = previous else {
        return false;
    };
    let numeral = any(determiner, NUMERALS_FR);
    if !numeral && !any(determiner, PLURAL_DETERMINERS_BEFORE_NOUN_FR) {
        return false;
    }
    let cased = words[index].cased;
    if current.chars().count() < 3
        || current.ends_with(['s', 'x', 'z'])
        || !current.chars().all(|c| c.is_alphabetic() || c == '-')
        || any(current, NOT_NOUNS_AFTER_PLURAL_FR)
        || any(current, NUMERALS_FR)
        || any(current, ENGLISH_MODIFIERS_FR)
        || any(current, AUXILIARY_FR)
        || starts_uppercase(cased)
        || (cased.chars().all(|c| !c.is_lowercase()) && cased.chars().count() <= 4)
        || (numeral && current.ends_with("ent"))
        // "ces vrai" is already the homophone "c'est vrai".
        || (matches!(determiner, "ces" | "ses") && any(current, C_EST_NEXT))
    {
        return false;
    }
    if determiner == "les" {
        // "le client les trouve": "les" is a pronoun unless it starts the phrase or follows
        // a preposition, a conjunction, a verb form or an infinitive.
        return match word_at(words, index, -2) {
            None => true,
            Some(before) => {
                any(before, LES_DETERMINER_CONTEXT_FR)
                    || is_infinitive(before)
                    || is_participle(before)
            }
        };
    }
    if determiner == "leurs" && is_infinitive(current) {
        return false;
    }
    true
}

fn is_infinitive(word: &str) -> bool {
    word.chars().count() > 3
        && (word.ends_with("er") || word.ends_with("ir"))
        && !any(word, ER_NOT_INFINITIVE)
        && word.chars().all(|c| c.is_alphabetic() || c == '-')
}

fn is_participle(word: &str) -> bool {
    word.chars().count() > 3
        && (word.ends_with('é') || word.ends_with("és"))
        && !word.ends_with("té")
        && !word.ends_with("tés")
        && !any(word, PARTICIPLE_NOUNS)
}

fn starts_uppercase(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.all(|c| !c.is_uppercase())
}

fn check_english(
    words: &[WordRef<'_>],
    index: usize,
    current: &str,
    previous: Option<&str>,
    next: Option<&str>,
    previous_is: &dyn Fn(&[&str]) -> bool,
    next_is: &dyn Fn(&[&str]) -> bool,
) -> Option<WritingError> {
    use WritingError::*;
    let homophone = match current {
        "your" => next_is(YOUR_AS_YOURE_NEXT),
        "you're" | "youre" => next_is(YOURE_AS_YOUR_NEXT),
        "its" => next_is(ITS_AS_ITS_NEXT),
        "it's" => next == Some("own"),
        "then" => previous_is(COMPARATIVES_EN),
        "than" => previous_is(&["and", "since", "back", "until", "just"]),
        "their" => next_is(&[
            "is", "are", "was", "were", "going", "isn't", "aren't", "will", "gonna",
        ]),
        "there" | "they're" => next_is(THEIR_PROPERTY_NEXT),
        "loose" => next_is(LOSE_OBJECTS),
        "of" => previous_is(MODALS_EN),
        "to" => {
            next_is(TOO_NEXT)
                && !previous_is(&["listen", "due", "according", "up", "next", "close"])
        }
        "a" => next.is_some_and(starts_with_vowel_sound) && words[index + 1].cased != "I",
        "an" => next.is_some_and(|n| starts_with_consonant_sound(n, words[index + 1].cased)),
        "alot" => true,
        "im" | "ive" | "dont" | "doesnt" | "didnt" | "isnt" | "wasnt" | "werent" | "arent"
        | "thats" | "theres" | "theyre" | "whats" | "couldnt" | "shouldnt" | "wouldnt"
        | "havent" | "hasnt" | "wouldve" | "couldve" | "shouldve" | "lets"
            if words[index].cased != "Lets" || next.is_some() =>
        {
            current != "lets"
        }
        _ => false,
    };
    if homophone {
        return Some(Homophone);
    }
    let guard = index >= 2
        && words[index - 1].joined_to_previous
        && any(
            words[index - 2].lower,
            &[
                "does", "did", "will", "can", "would", "should", "could", "may", "might", "must",
                "to", "let", "make", "if",
            ],
        );
    let agreement = match previous {
        Some("they" | "we" | "you") => any(current, &["was", "is", "has", "does"]),
        Some("he" | "she" | "it") => !guard && any(current, &["don't", "are", "have"]),
        Some("i") => any(current, &["is", "has", "does", "are"]),
        Some(p) => {
            current == "was"
                && index >= 2
                && words[index - 1].joined_to_previous
                && any(
                    words[index - 2].lower,
                    &[
                        "the", "our", "my", "these", "those", "their", "his", "her", "your",
                    ],
                )
                && p.len() > 3
                && p.ends_with('s')
                && !p.ends_with("ss")
                && !p.ends_with("us")
                && !p.ends_with("is")
                && !p.ends_with("ics")
                && !any(p, PLURAL_NOUN_SINGULAR_FORMS)
        }
        None => false,
    };
    agreement.then_some(Agreement)
}

fn starts_with_vowel_sound(word: &str) -> bool {
    let first = word.chars().next().unwrap_or('x');
    matches!(first, 'a' | 'e' | 'i' | 'o')
        && !["one", "once", "eu", "o'", "ouija"]
            .iter()
            .any(|p| word.starts_with(p))
}

fn starts_with_consonant_sound(word: &str, cased: &str) -> bool {
    let first = word.chars().next().unwrap_or('a');
    let acronym = cased.chars().filter(|c| c.is_uppercase()).count() > 1;
    first.is_alphabetic()
        && !matches!(first, 'a' | 'e' | 'i' | 'o' | 'u' | 'h' | 'x')
        && !acronym
        && first.is_ascii()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str, lang: Lang) -> Vec<(String, WritingError)> {
        let words: Vec<WordRef> = text
            .split(' ')
            .map(|w| WordRef {
                lower: Box::leak(w.to_lowercase().into_boxed_str()),
                cased: w,
                joined_to_previous: true,
            })
            .collect();
        (0..words.len())
            .filter_map(|i| check(&words, i, lang).map(|e| (words[i].cased.to_string(), e)))
            .collect()
    }

    #[test]
    fn french_homophones() {
        assert_eq!(
            errors("sa va bien", Lang::Fr),
            vec![("sa".into(), WritingError::Homophone)]
        );
        assert_eq!(errors("il à raison", Lang::Fr).len(), 1);
        assert_eq!(errors("grâce a vous", Lang::Fr).len(), 1);
        assert_eq!(errors("il et là", Lang::Fr).len(), 1);
        assert_eq!(errors("j' ai manger trop", Lang::Fr).len(), 1);
        assert_eq!(errors("ils on raison", Lang::Fr).len(), 1);
        assert_eq!(errors("ces vrai", Lang::Fr).len(), 1);
        assert_eq!(errors("tu n' existe pas", Lang::Fr).len(), 1);
        assert_eq!(errors("elles sont fabriqué ici", Lang::Fr).len(), 1);
        assert_eq!(errors("je vois pas ou est le problème", Lang::Fr).len(), 1);
        assert_eq!(errors("des places réservé", Lang::Fr).len(), 1);
        assert!(errors("des places réservées", Lang::Fr).is_empty());
        assert!(errors("les clients fidélité", Lang::Fr).is_empty());
    }

    #[test]
    fn french_correct_sentences_pass() {
        for text in [
            "il a raison",
            "elle et moi",
            "ça va bien",
            "le premier client a aimé",
            "à Montréal",
            "il a Internet",
            "les clients ont aimé",
            "je pense à vous",
            "pour aider les gens",
            "le marché a changé",
            "ses clients",
            "quant à moi",
            "tu te trompes",
            "ils sont arrivés",
            "café ou thé",
            "tu es même",
        ] {
            assert!(
                errors(text, Lang::Fr).is_empty(),
                "{text}: {:?}",
                errors(text, Lang::Fr)
            );
        }
    }

    #[test]
    fn french_agreement_and_doubled_words() {
        assert_eq!(
            errors("les médias sociaux est utile", Lang::Fr),
            vec![("est".into(), WritingError::Agreement)]
        );
        assert_eq!(errors("ils a dit", Lang::Fr).len(), 1);
        assert_eq!(
            errors("le le client", Lang::Fr),
            vec![("le".into(), WritingError::Doubled)]
        );
        assert!(errors("nous nous sommes", Lang::Fr).is_empty());
        // A plural group after a noun or a preposition is a complement, not the subject.
        for correct in [
            "Le temps passé sur les réseaux sociaux a baissé.",
            "La part des clients a augmenté.",
        ] {
            assert!(errors(correct, Lang::Fr).is_empty(), "{correct}");
        }
        for wrong in [
            "Les clients a appelé hier.",
            "Et les médias sociaux est partout.",
        ] {
            assert_eq!(errors(wrong, Lang::Fr).len(), 1, "{wrong}");
        }
    }

    #[test]
    fn french_extended_rules_fire() {
        for (text, word) in [
            ("tout les clients", "tout"),
            ("toute les mentions", "toute"),
            ("tous le monde", "tous"),
            ("il reste des place", "place"),
            ("mes client sont contents", "client"),
            ("pour deux personne", "personne"),
            ("j' hésitait à faire", "hésitait"),
            ("je vous le dit", "dit"),
            ("ça fait une semaine que j' attend", "attend"),
            ("je te garanti que", "garanti"),
            ("explique tout sa en détail", "sa"),
            ("que sa se sache", "sa"),
            ("Ca reste à confirmer", "Ca"),
            ("voient leur revenus doubler", "leur"),
            ("une vrai pro", "vrai"),
            ("la meilleur journée", "meilleur"),
            ("mes clientes on doublé", "on"),
            ("ils on rien perdu", "on"),
            ("sans sont accord", "sont"),
            ("j' ai vérifiée la mienne", "vérifiée"),
            ("vous comptez remboursez quand", "remboursez"),
            ("vous pouvez vous concentrez sur", "concentrez"),
            ("une chance de gagné un audit", "gagné"),
            ("il m' a fait changé notre horaire", "changé"),
            ("est-ce que vous travaillé aussi", "travaillé"),
            ("nul part ailleurs", "nul"),
            ("réservez la votre", "votre"),
            ("pas prêt de changer", "prêt"),
            ("il reste peux de tables", "peux"),
            ("jamais la-dessus", "la-dessus"),
            ("c' est moi qui a amené", "a"),
            ("ceux qui mesure pas", "mesure"),
            ("c' est réglée", "réglée"),
            ("quelqu'un sais pourquoi", "sais"),
            ("avant qu' elles explose", "explose"),
            ("ferme a minuit", "a"),
        ] {
            let found = errors(text, Lang::Fr);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert_eq!(found[0].0, word, "{text}: {found:?}");
        }
    }

    #[test]
    fn french_extended_rules_stay_silent_on_correct_text() {
        for text in [
            "tout le monde",
            "tous les clients",
            "toute la journée",
            "ils ont tous le même",
            "il sait tout des clients",
            "des gens",
            "deux fois par semaine",
            "les deux marchent",
            "le client les trouve utiles",
            "je les aime",
            "les community managers",
            "des super résultats",
            "mes deux clients",
            "j' ai vu",
            "je partagerai le détail",
            "je vous le dis",
            "j' attends",
            "je leur dis",
            "je n' y crois pas",
            "toute sa vie",
            "sa vie",
            "leur temps",
            "leur ROAS",
            "leurs clients",
            "une vraie pro",
            "le meilleur",
            "on a doublé",
            "on fait",
            "ils sont là",
            "je l' ai vérifiée la veille",
            "qu' on a publiées la semaine",
            "vous pouvez vous concentrer",
            "vous vous concentrez",
            "une chance de gagner un audit",
            "vous travaillez",
            "vous avez travaillé",
            "nulle part",
            "la vôtre",
            "un prêt de cinq ans",
            "prêt à changer",
            "je peux de temps en temps",
            "c' est moi qui ai amené",
            "ceux qui mesurent",
            "ceux qui comme moi",
            "c' est réglé",
            "quelqu'un sait pourquoi",
            "elles explosent",
            "ils même",
        ] {
            assert!(
                errors(text, Lang::Fr).is_empty(),
                "{text}: {:?}",
                errors(text, Lang::Fr)
            );
        }
    }

    #[test]
    fn english_rules() {
        assert_eq!(errors("your welcome", Lang::En).len(), 1);
        assert_eq!(errors("its a trap", Lang::En).len(), 1);
        assert_eq!(errors("better then ever", Lang::En).len(), 1);
        assert_eq!(errors("their going home", Lang::En).len(), 1);
        assert_eq!(errors("should of known", Lang::En).len(), 1);
        assert_eq!(errors("don't loose money", Lang::En).len(), 1);
        assert_eq!(
            errors("the results was bad", Lang::En),
            vec![("was".into(), WritingError::Agreement)]
        );
        assert_eq!(errors("they was late", Lang::En).len(), 1);
        assert_eq!(errors("the the point", Lang::En).len(), 1);
        assert_eq!(errors("a expert", Lang::En).len(), 1);
        assert_eq!(errors("Im sure thats fine", Lang::En).len(), 2);
    }

    #[test]
    fn english_correct_sentences_pass() {
        for text in [
            "you're welcome",
            "it's a trap",
            "better than ever",
            "their own team",
            "its own",
            "should have known",
            "the news was good",
            "does it have",
            "an SEO audit",
            "an hour",
            "a one-time fee",
            "a user",
            "listen to much",
            "the business was",
            "your team",
            "Lets go",
        ] {
            assert!(
                errors(text, Lang::En).is_empty(),
                "{text}: {:?}",
                errors(text, Lang::En)
            );
        }
    }
}
