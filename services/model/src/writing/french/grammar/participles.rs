//! Past participles: an infinitive or a conjugated form where a compound tense needs one
//! ("dû" too), and a participle that does not agree with its object or with the subject of
//! "être".

use super::{flag, Grammar, SUBJECT_OPENERS};
use crate::writing::any;
use crate::writing::french::morphology::{agr, pos};
use crate::writing::french::INFINITIVE_GOVERNORS;

/// Modals before "être" whose subject is plural, and singular ("on doit", "vous devez" are
/// neither: "on" may be "nous", "vous" a single person).
const PLURAL_MODALS: &[&str] = &[
    "doivent",
    "peuvent",
    "vont",
    "devraient",
    "pourraient",
    "devront",
    "pourront",
    "semblent",
];
/// Object pronouns that may stand between a verb and the infinitive it governs ("faut leur
/// expliquer", "de l'enlever").
const OBJECT_CLITICS: &[&str] = &[
    "le", "la", "l'", "les", "leur", "lui", "me", "m'", "te", "t'", "se", "s'", "nous", "vous",
    "en", "y",
];
const SINGULAR_MODALS: &[&str] = &[
    "doit", "peut", "va", "devrait", "pourrait", "devra", "pourra", "semble",
];

impl Grammar<'_, '_> {
    /// "cette équipe allait gagné", "on va passé la commande", "il faut leur expliqué", "avant
    /// de signé", "pour le signé": a participle in -é where the infinitive in -er is due:
    /// after a verb that governs one (aller, pouvoir, devoir, falloir, vouloir, faire), after
    /// "pour" or "sans", or after "de" past an object pronoun ("de l'enlevé") or after "avant
    /// de" and "afin de" ("rien de prévu" is right). Adverbs and object pronouns may stand
    /// between. Not after "sembler", whose attribute a participle may be ("il semble fatigué").
    pub(super) fn participle_for_infinitive(&self, i: usize) -> bool {
        let word = self.lower(i);
        let Some(stem) = word.strip_suffix('é') else {
            return false;
        };
        if stem.chars().count() < 3 || !self.judgeable(i) {
            return false;
        }
        let a = self.analyze(i);
        if !a.is(pos::PARTICIPLE) || a.is(pos::NOUN) {
            return false;
        }
        let Some(mut j) = self.before_adverbs(i) else {
            return false;
        };
        // "le petit va bien, reposé", "ça va mieux, soigné": "aller" of health, an adverb
        // between.
        if j + 1 < i && (j + 1..i).any(|k| any(self.lower(k), &["bien", "mieux", "mal"])) {
            return false;
        }
        let mut pronouns = 0;
        while pronouns < 2 && any(self.lower(j), OBJECT_CLITICS) {
            let Some(before) = self.back(j, 1) else {
                return false;
            };
            j = before;
            pronouns += 1;
        }
        let governor = self.lower(j);
        // "il le voudrait terminé avant Noël": an object before the verb, whose attribute the
        // participle is.
        if pronouns == 0
            && self
                .back(j, 1)
                .is_some_and(|k| any(self.lower(k), &["le", "la", "les", "l'"]))
        {
            return false;
        }
        let governed = any(governor, INFINITIVE_GOVERNORS) && !governor.starts_with("sembl")
            || any(governor, &["pour", "sans", "faire"])
            || governor == "de"
                && (pronouns > 0
                    || self
                        .back(j, 1)
                        .is_some_and(|k| any(self.lower(k), &["avant", "afin"])));
        governed
            && self
                .morphology
                .analyze(&format!("{stem}er"))
                .is(pos::INFINITIVE)
    }

    /// "il a expliquer", "j'ai mal compter", "elle est aller": an infinitive in -er where the
    /// compound tense needs its participle in -é.
    pub(super) fn infinitive_for_participle(&self, i: usize) -> bool {
        let word = self.lower(i);
        if !word.ends_with("er") || word.chars().count() <= 3 || !self.judgeable(i) {
            return false;
        }
        let a = self.analyze(i);
        if !a.is(pos::INFINITIVE) || a.is(pos::ADJ) {
            return false;
        }
        // After "être" a noun may be an attribute ("il est boucher"), but not a singular one
        // after a plural "être" ("les annonces sont poster", "doivent être poster"); after
        // "avoir" a bare noun cannot follow.
        let plural_etre = |j: usize| {
            any(
                self.lower(j),
                &[
                    // Not "êtes" (the polite singular: "vous êtes boulanger ?") nor "sommes".
                    "sont", "étaient", "seront", "soient", "seraient", "furent",
                ],
            ) || self.lower(j) == "être"
                && self
                    .back(j, 1)
                    .is_some_and(|m| any(self.lower(m), PLURAL_MODALS))
        };
        let after_auxiliary = self.before_adverbs(i).is_some_and(|j| {
            self.lower(j) != "été"
                && (self.is_avoir(j) || (self.is_etre(j) && (!a.is(pos::NOUN) || plural_etre(j))))
        });
        if !after_auxiliary {
            return false;
        }
        let participle = format!("{}é", &word[..word.len() - 2]);
        self.morphology.analyze(&participle).is(pos::PARTICIPLE)
    }

    /// "j'ai écris", "il a prit", "s'est plains": a conjugated form, not a participle, after
    /// an auxiliary.
    pub(super) fn conjugated_for_participle(&self, i: usize) -> bool {
        if !self.judgeable(i) || !self.analyze(i).only(pos::FINITE | pos::IMPERATIVE) {
            return false;
        }
        // ("soit … soit existe" is a conjunction, not "être".)
        self.before_adverbs(i).is_some_and(|j| {
            self.is_avoir(j)
                || (self.is_etre(j) && !any(self.lower(j), &["soit", "sois", "soient"]))
        })
    }

    /// "personne a clique dessus", "j'ai commande lundi": a participle written without its
    /// accent after "avoir": the word in -e is a noun or a conjugated verb, and the same word in
    /// -é a participle. Not the nouns "avoir" takes in set phrases ("il a envie", "on a hâte").
    pub(super) fn accentless_participle(&self, i: usize) -> bool {
        let word = self.lower(i);
        if !self.judgeable(i)
            || !word.ends_with('e')
            || word.ends_with("ee")
            || word.chars().count() < 4
        {
            return false;
        }
        // "avoir" before it first: most words in -e have none.
        let after_avoir = self.before_adverbs(i).is_some_and(|j| {
            self.is_avoir(j)
                && self.lower(j) != "eu"
                // "il y a foule": the impersonal "avoir" takes a bare noun.
                && self.back(j, 1).is_none_or(|y| self.lower(y) != "y")
        });
        if !after_avoir
            || any(
                word,
                &[
                    "envie",
                    "hâte",
                    "tendance",
                    "confiance",
                    "honte",
                    "grave",
                    "marge",
                    "pitié",
                    "affaire",
                    "charge",
                ],
            )
        {
            return false;
        }
        let a = self.analyze(i);
        if !a.is(pos::NOUN | pos::FINITE) || a.is(pos::PARTICIPLE | pos::ADV | pos::PREP) {
            return false;
        }
        // What follows is what a verb takes (an object's determiner, a pronoun, an adverb, a
        // preposition other than "de" or "à") or nothing: a noun in a set phrase has its
        // adjective or complement there ("carte blanche", "force de loi", "foule au marché").
        let verb_follows = match self.forward(i, 1) {
            None => true,
            Some(n) => {
                !any(self.lower(n), &["de", "d'", "à", "au", "aux", "du", "des"])
                    && self
                        .analyze(n)
                        .is(pos::DET | pos::PRON | pos::ADV | pos::PREP)
            }
        };
        let participle = format!("{}é", &word[..word.len() - 1]);
        verb_follows && self.morphology.analyze(&participle).is(pos::PARTICIPLE)
    }

    /// "j'aurais du y penser": "dû", the participle of "devoir", before an infinitive.
    pub(super) fn du_for_du(&self, i: usize) -> bool {
        if self.lower(i) != "du" || !self.before_adverbs(i).is_some_and(|j| self.is_avoir(j)) {
            return false;
        }
        let mut k = i;
        for _ in 0..3 {
            let Some(next) = self.forward(k, 1) else {
                return false;
            };
            k = next;
            if !self.has(k, flag::CLITICS) {
                break;
            }
        }
        let a = self.analyze(k);
        a.is(pos::INFINITIVE) && (!a.is(pos::NOUN) || k > i + 1)
    }

    /// The gender and number a participle must have to agree with the noun group ending at
    /// `noun`; 0 where the group does not say.
    pub(super) fn agreement_of_group(&self, noun: usize) -> (u8, u8) {
        let n = self.analyze(noun);
        if !n.is(pos::NOUN) || !self.judgeable(noun) {
            return (0, 0);
        }
        let Some(d) = self.determiner_of(noun) else {
            return (0, 0);
        };
        let det = self.analyze(d).det;
        // A group at odds with itself ("mes client") is an error of its own; it says nothing
        // reliable about what agrees with it.
        if det & n.noun & (agr::SG | agr::PL) == 0 {
            return (0, 0);
        }
        // The determiner shows the gender the writer gives the noun ("la socket"), the
        // noun's own where the determiner has none ("les", "mes").
        let (det_gender, det_number) = Self::single(det);
        let (noun_gender, noun_number) = Self::single(n.noun & (det | agr::MAS | agr::FEM));
        (
            if det_gender != 0 {
                det_gender
            } else {
                noun_gender
            },
            if det_number != 0 {
                det_number
            } else {
                noun_number
            },
        )
    }

    /// Whether the participle or adjective at `i` rules out `gender` or `number` (0 = any).
    pub(super) fn mismatch(
        &self,
        i: usize,
        gender: u8,
        number: u8,
        participles_only: bool,
    ) -> bool {
        if self.has(i, flag::INVARIABLE_ADJECTIVES) {
            return false;
        }
        let a = self.analyze(i);
        let forms = if participles_only {
            a.participle
        } else {
            a.participle | a.adj
        };
        if forms == 0 || (gender == 0 && number == 0) {
            return false;
        }
        (gender != 0 && forms & (agr::MAS | agr::FEM) != 0 && forms & gender == 0)
            || (number != 0 && forms & (agr::SG | agr::PL) != 0 && forms & number == 0)
    }

    /// "les vidéos que j'ai monté": with "avoir", a participle agrees with a direct object
    /// placed before it. Only the plain case: a noun group, "que", a subject pronoun, the
    /// auxiliary, the participle, and no object or infinitive after it.
    pub(super) fn participle_after_object(&self, i: usize) -> bool {
        let a = self.analyze(i);
        if !self.judgeable(i) || !a.is(pos::PARTICIPLE) {
            return false;
        }
        let Some(aux) = self.before_adverbs(i) else {
            return false;
        };
        if !self.has(aux, flag::AVOIR_FORMS) {
            return false;
        }
        let Some(subject) = self.subject_of_auxiliary(aux) else {
            return false;
        };
        if !any(
            self.lower(subject),
            &[
                "j'", "je", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles",
            ],
        ) {
            return false;
        }
        let Some(que) = self.back(subject, 1) else {
            return false;
        };
        if !any(self.lower(que), &["que", "qu'"]) {
            return false;
        }
        // An object or an infinitive after the participle: "que" was a conjunction ("le fait
        // que j'ai oublié la date") or the participle stays invariable ("que j'ai fait faire").
        if let Some(after) = self.forward(i, 1) {
            let next = self.analyze(after);
            if next.is(pos::DET | pos::INFINITIVE | pos::NOUN | pos::PRON | pos::NUMBER) {
                return false;
            }
        }
        let Some(noun) = self.back(que, 1) else {
            return false;
        };
        let (gender, number) = self.agreement_of_group(noun);
        self.mismatch(i, gender, number, true)
    }

    /// The word before the adjective or participle at `i`, past adverbs, when `i` may be the
    /// attribute of a verb there: a word that may be judged, read as a participle or an
    /// adjective and as nothing conjugated, adverbial, pronominal, determining or
    /// prepositional, outside a locution.
    fn attribute_of(&self, i: usize) -> Option<usize> {
        let a = self.analyze(i);
        if !self.judgeable(i)
            || !a.is(pos::PARTICIPLE | pos::ADJ)
            || a.is(pos::FINITE
                | pos::PRESENT_PARTICIPLE
                | pos::ADV
                | pos::PRON
                | pos::DET
                | pos::PREP)
            || self.in_locution(i)
        {
            return None;
        }
        self.before_adverbs(i)
    }

    /// "elles sont parti", "les données sont disponible", "la facture a été payé": after
    /// "être", a participle or adjective agrees with the subject (a personal pronoun or a
    /// noun group opening the clause).
    pub(super) fn participle_after_etre(&self, i: usize) -> bool {
        let Some(mut aux) = self.attribute_of(i) else {
            return false;
        };
        let a = self.analyze(i);
        // Passive of a compound tense: "a été payée", "ont toujours été moquées".
        if self.lower(aux) == "été" {
            let Some(have) = self.before_adverbs(aux) else {
                return false;
            };
            if !self.has(have, flag::AVOIR_FORMS) {
                return false;
            }
            aux = have;
        } else if !self.has(aux, flag::ETRE_FORMS) {
            return false;
        }
        let Some(subject) = self.subject_of_auxiliary(aux) else {
            return false;
        };
        // "l'une d'entre elles est": a pronoun after a preposition is no subject.
        let stressed = self
            .back(subject, 1)
            .is_some_and(|b| self.analyze(b).is(pos::PREP) || any(self.lower(b), &["entre"]));
        let (gender, number) = match self.lower(subject) {
            _ if stressed && any(self.lower(subject), &["elle", "elles", "eux", "lui"]) => {
                return false;
            }
            "il" => (agr::MAS, agr::SG),
            "elle" => (agr::FEM, agr::SG),
            "ils" => (agr::MAS, agr::PL),
            "elles" => (agr::FEM, agr::PL),
            "je" | "j'" | "tu" => (0, agr::SG),
            _ => {
                // A noun group opening its sentence or a subordinate clause, with a plain
                // determiner ("du noyau", "aux tâches" are complements), and not coordinated
                // or compared ("le serveur et le client sont", "plus longs que cette valeur").
                let Some(d) = self.determiner_of(subject) else {
                    return false;
                };
                if any(self.lower(d), &["du", "au", "aux", "de", "d'"])
                    || self.back(d, 1).is_some_and(|before| {
                        !any(self.lower(before), SUBJECT_OPENERS) || self.lower(d) == "des"
                    })
                {
                    return false;
                }
                self.agreement_of_group(subject)
            }
        };
        // A noun attribute may differ in gender ("elle est médecin"): only its number counts.
        // Not a participle that is a noun too: "mon dossier est partie", "ma lettre est
        // parti".
        let gender = if a.is(pos::NOUN) && !a.is(pos::PARTICIPLE) {
            0
        } else {
            gender
        };
        self.mismatch(i, gender, number, false)
    }

    /// "tes astuces du matin sont vraiment utile", "pour que nos posts soit lisibles": the
    /// number of "être" says that of its attribute, whatever stands between the subject and
    /// the verb. After "sont", "étaient"… an adjective or participle with only singular forms;
    /// after "est", "soit", "était"… one with only plural forms. Not after "on" (which may be
    /// "nous": "on est contents"), "ce"/"c'" ("ce sont", "c'est" name what follows), nor in a
    /// pronominal verb, nor an adjective used without agreement.
    pub(super) fn attribute_against_etre(&self, i: usize) -> bool {
        if self.analyze(i).is(pos::INFINITIVE) {
            return false;
        }
        let Some(aux) = self.attribute_of(i) else {
            return false;
        };
        // "doivent être propre", "peut être dangereuses": the infinitive after a modal takes
        // the modal's number.
        let (number, verb) = match self.lower(aux) {
            "sont" | "étaient" | "seront" | "soient" | "seraient" | "furent" => (agr::PL, aux),
            "est" | "soit" | "était" | "sera" | "serait" | "fut" => (agr::SG, aux),
            "être" => match self.back(aux, 1) {
                Some(m) if any(self.lower(m), PLURAL_MODALS) => (agr::PL, m),
                // ("elles sont peut être fatiguées": "peut-être" without its hyphen.)
                Some(m)
                    if any(self.lower(m), SINGULAR_MODALS)
                        && !self.back(m, 1).is_some_and(|b| {
                            self.has(b, flag::ETRE_FORMS)
                                || any(self.lower(b), &["ils", "elles", "nous", "vous"])
                        }) =>
                {
                    (agr::SG, m)
                }
                _ => return false,
            },
            _ => return false,
        };
        let aux = verb;
        if self
            .back(aux, 1)
            .is_some_and(|b| any(self.lower(b), &["on", "ce", "c'", "qu'on"]))
        {
            return false;
        }
        // A pronominal verb ("on s'est entendus", "s'y sont brûlé les ailes") agrees by
        // rules of its own.
        for k in 1..=3 {
            let Some(b) = self.back(aux, k) else {
                break;
            };
            if any(
                self.lower(b),
                &["s'", "se", "me", "m'", "te", "t'", "nous", "vous"],
            ) {
                return false;
            }
        }
        self.mismatch(i, 0, number, false)
    }

    /// "les études ont tenues": with "avoir" and no direct object before it, the participle
    /// stays masculine singular.
    pub(super) fn participle_without_object(&self, i: usize) -> bool {
        let a = self.analyze(i);
        if !self.judgeable(i) || !a.only(pos::PARTICIPLE | pos::ADJ) {
            return false;
        }
        // It cannot be masculine singular.
        if a.participle == 0 || a.participle & agr::MAS != 0 && a.participle & agr::SG != 0 {
            return false;
        }
        let Some(aux) = self.before_adverbs(i) else {
            return false;
        };
        if !self.has(aux, flag::AVOIR_FORMS) || self.lower(aux) == "a" && !self.is_avoir(aux) {
            return false;
        }
        // An object before the auxiliary ("je les ai vues", "qu'on a publiées", "la
        // photo qu'il m'a envoyée") makes the agreement right.
        // The object pronoun stands right before the auxiliary (or before the subject
        // pronoun and "n'"); "que" a few words before.
        const OBJECTS: &[&str] = &[
            "l'", "la", "les", "me", "m'", "te", "t'", "nous", "vous", "se", "s'",
        ];
        for k in 1..=4 {
            let Some(before) = self.back(aux, k) else {
                break;
            };
            let word = self.lower(before);
            if any(word, &["que", "qu'"])
                || (k <= 3 && any(word, OBJECTS)) && {
                    // "les études de cas ont": a determiner, not a pronoun.
                    !self
                        .forward(before, 1)
                        .is_some_and(|n| self.analyze(n).is(pos::NOUN) && n != aux)
                }
            {
                return false;
            }
        }
        // Only within a sentence that shows where it starts.
        self.back(aux, 1).is_some()
    }

    /// The word before the auxiliary at `aux`, past a negation ("elles ne sont"): its
    /// subject, if there is a word there.
    fn subject_of_auxiliary(&self, aux: usize) -> Option<usize> {
        let before = self.back(aux, 1)?;
        if any(self.lower(before), &["n'", "ne"]) {
            self.back(before, 1)
        } else {
            Some(before)
        }
    }
}
