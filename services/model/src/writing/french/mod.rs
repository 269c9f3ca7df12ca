//! The French rules: homophones first, then agreement by word lists, then the grammar the
//! dictionary's morphology drives; the first that fires names the error.

mod agreement;
pub(crate) mod grammar;
mod homophones;
pub(crate) mod morphology;
#[cfg(test)]
mod prose;

use super::{any, Context, WordRef, WritingError};
use crate::lexicon::fr::writing::{ER_NOT_INFINITIVE, PARTICIPLE_NOUNS};

/// Checks the word in `context` against the French rules.
pub(super) fn check(context: &Context<'_, '_>) -> Option<WritingError> {
    if homophones::check(context) {
        Some(WritingError::Homophone)
    } else if agreement::check(context) {
        Some(WritingError::Agreement)
    } else {
        grammar::check(context)
    }
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

/// Verbs that take a bare infinitive after them ("peut se faire", "va se régler"); not the
/// prepositions of `MODAL_BEFORE_INFINITIVE` ("pour ce faire" is right).
pub(super) const INFINITIVE_GOVERNORS: &[&str] = &[
    "peut",
    "peuvent",
    "pourrait",
    "pourraient",
    "doit",
    "doivent",
    "devrait",
    "devraient",
    "va",
    "vont",
    "allait",
    "faut",
    "fallait",
    "faudrait",
    "veut",
    "veulent",
    "voudrait",
    "sait",
    "savent",
    "semble",
    "semblent",
];

/// Whether `word` looks like an infinitive (-er, -ir) and is not a listed exception.
fn is_infinitive(word: &str) -> bool {
    word.chars().count() > 3
        && (word.ends_with("er") || word.ends_with("ir"))
        && !any(word, &ER_NOT_INFINITIVE)
        && word.chars().all(|c| c.is_alphabetic() || c == '-')
}

/// Whether `word` looks like a past participle (-é, -és) and is not a listed noun.
fn is_participle(word: &str) -> bool {
    word.chars().count() > 3
        && (word.ends_with('é') || word.ends_with("és"))
        && !word.ends_with("té")
        && !word.ends_with("tés")
        && !any(word, &PARTICIPLE_NOUNS)
}

/// Whether a word of at least one letter has no lowercase letter ("A", "DES").
fn is_all_capitals(word: &str) -> bool {
    word.chars().any(char::is_alphabetic) && !word.chars().any(char::is_lowercase)
}

/// Whether `word` is capitalised like a name (one capital, first).
fn starts_uppercase(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.all(|c| !c.is_uppercase())
}

#[cfg(test)]
mod tests {
    use crate::lang::Lang;
    use crate::writing::tests::errors;
    use crate::writing::WritingError;

    #[test]
    fn french_homophones() {
        assert_eq!(
            errors("sa va bien", Lang::Fr),
            vec![("sa".into(), WritingError::Homophone)]
        );
        assert_eq!(errors("il à raison", Lang::Fr).len(), 1);
        assert_eq!(errors("grâce a vous", Lang::Fr).len(), 1);
        assert_eq!(errors("il et là", Lang::Fr).len(), 1);
        assert_eq!(
            errors("j' ai manger trop", Lang::Fr).len(),
            1,
            "{:?}",
            errors("j' ai manger trop", Lang::Fr)
        );
        assert_eq!(
            errors("ils on raison", Lang::Fr).len(),
            1,
            "{:?}",
            errors("ils on raison", Lang::Fr)
        );
        assert_eq!(
            errors("ces vrai", Lang::Fr).len(),
            1,
            "{:?}",
            errors("ces vrai", Lang::Fr)
        );
        assert_eq!(
            errors("tu n' existe pas", Lang::Fr).len(),
            1,
            "{:?}",
            errors("tu n' existe pas", Lang::Fr)
        );
        assert_eq!(
            errors("elles sont fabriqué ici", Lang::Fr).len(),
            1,
            "{:?}",
            errors("elles sont fabriqué ici", Lang::Fr)
        );
        assert_eq!(
            errors("je vois pas ou est le problème", Lang::Fr).len(),
            1,
            "{:?}",
            errors("je vois pas ou est le problème", Lang::Fr)
        );
        assert_eq!(
            errors("des places réservé", Lang::Fr).len(),
            1,
            "{:?}",
            errors("des places réservé", Lang::Fr)
        );
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
            ("les commentaires son souvent meilleurs", "son"),
            ("j'ai appris pleins de choses", "pleins"),
            ("il y a pleins de trucs à voir", "pleins"),
            ("elles ont pleines d' idées", "pleines"),
            ("je voudrai savoir le prix", "voudrai"),
            ("on y pense qu' en on a le temps", "qu'"),
            ("je suis près à tester lundi", "près"),
            ("je suis tous à fait d' accord", "tous"),
            ("on peut dors et déjà réserver", "dors"),
            ("j' aimerai que vous répondiez", "aimerai"),
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
            ("mes parents on fini par", "on"),
            ("ils disent qu' on eu de la chance", "on"),
            ("je suis passé a la semaine de quatre jours", "a"),
            ("les entretiens servent a rien", "a"),
            ("Contacter nous directement en message", "Contacter"),
            ("il faut posté deux fois par semaine", "posté"),
            ("les annonces doivent être poster dans l' album", "poster"),
            ("les fiches sont poster le lundi", "poster"),
            ("Nous somme une petite équipe", "somme"),
            ("je commence dés demain", "dés"),
            ("10 ventes grace à mon tunnel", "grace"),
            ("il vaut mieux le prévoir dés le devis", "dés"),
            ("les appels on nettement baissé cet été", "on"),
            ("on a supprimé les coupures pour ses postes-là", "ses"),
            ("Quelqu'un sait ou on peut les recycler ?", "ou"),
            (
                "Mon programme a déjà transformer la vie de mes clientes",
                "transformer",
            ),
            ("Ton tableau et vraiment clair", "et"),
            ("je vais checker sa avec le proprio", "sa"),
            ("on s' occupe de sa de A à Z", "sa"),
            ("Je les ai planté en mai", "planté"),
            ("on les a écrit hier", "écrit"),
            ("je me suis faite avoir", "faite"),
            ("c' est surtout de l' eau que tu perd la", "perd"),
            ("renseigner vous avant d' envoyer", "renseigner"),
        ] {
            let found = errors(text, Lang::Fr);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert_eq!(found[0].0, word, "{text}: {found:?}");
        }
    }

    #[test]
    fn slips_of_real_comments_fire() {
        for (text, word) in [
            ("est-ce que ça peut ce régler à l'amiable", "ce"),
            ("le plombier ma facturé deux heures", "ma"),
            ("je sais pas ou acheter des graines bio", "ou"),
            ("quand la batterie est vide tout ce bloque", "ce"),
            ("non, se sont surtout des pucerons", "se"),
            ("la réunion va ce tenir jeudi", "ce"),
            ("Le dossier et complet", "et"),
            ("Le formulaire et incomplet", "et"),
            ("ça m' ait déjà arrivé avec la banque", "ait"),
            ("j' ait vu passer ton message", "ait"),
            ("Faite une copie de chaque facture avant l'envoi", "Faite"),
            ("Ma lettre est parti hier", "parti"),
            ("Mon dossier est partie au service juridique", "partie"),
            ("Les chaises doivent être propre avant la fête", "propre"),
            ("Ce modèle peut être dangereuses", "dangereuses"),
            ("J'ai le même problèmes avec mon imprimante", "problèmes"),
            ("J'ai les mêmes souci depuis lundi", "souci"),
        ] {
            // (An adjective between may be flagged too: "le même problèmes".)
            let found = errors(text, Lang::Fr);
            assert!(found.iter().any(|(w, _)| w == word), "{text}: {found:?}");
        }
    }

    #[test]
    fn correct_neighbours_of_those_slips_stay_silent() {
        for text in [
            "pour ce faire, il faut du temps",
            "ma chargée de mission arrive demain",
            "je sais pas ou alors il faut attendre",
            "ce sera prêt lundi",
            "ce doit être la pompe",
            "ils se sont bien amusés",
            "ce que je veux dire",
            "ce soir on ferme plus tôt",
            "il a ce devoir de mémoire",
            "ça peut se régler",
            "Le dossier et les pièces jointes",
            "Le rouge et noir",
            "Le client et moi",
            "Le pain et beurre",
            "je ne pense pas qu'il ait raison",
            "le seul qui ait répondu",
            "bien qu'elle ait fini",
            "Faites une copie",
            "une pizza faite maison",
            "elle est partie hier",
            "elle est médecin",
            "il est cadre",
            "Les chaises doivent être propres",
            "Elles sont peut-être fatiguées",
            "on doit être prêts",
            "vous devez être prêt",
            "le même problème",
            "les mêmes soucis",
            "même les clients râlent",
            "les critiques même injustes",
        ] {
            let found = errors(text, Lang::Fr);
            assert!(found.is_empty(), "{text}: {found:?}");
        }
    }

    #[test]
    fn son_before_a_bare_participle_is_sont() {
        // The participle is flagged too, as not agreeing with the determiner it follows.
        let found = errors("les clients son allés voir ailleurs", Lang::Fr);
        assert!(
            found.contains(&("son".into(), WritingError::Homophone)),
            "{found:?}"
        );
    }

    #[test]
    fn french_extended_rules_stay_silent_on_correct_text() {
        for text in [
            "sa très grande maison",
            "créer une SA ou une SAS",
            "il faut laisser les faits parler",
            "il s' était tu longtemps",
            "sa plus belle réussite",
            "Je les ai plantés en mai",
            "je les ai vu partir",
            "il les a fait venir",
            "je les ai pris hier",
            "je me suis fait avoir",
            "une tarte faite maison",
            "tu perds la",
            "il s' est tu longtemps",
            "pour vous renseigner vous pouvez appeler",
            "les a rejoints",
            "on nettement moins de monde qu'avant",
            "Le pain et très peu de beurre",
            "Ton tableau et le mien",
            "Le café et pas le thé",
            "coupez les tomates en dés la veille",
            "il lance les dés le premier",
            "ses amis, ses collègues",
            "je ne sais pas ou plutôt je ne sais plus",
            "mon programme a été conçu pour ça",
            "mon programme a transformé la vie de mes clientes",
            "son très bon article",
            "son incroyablement long fil",
            "son dernier billet",
            "des verres pleins d'eau",
            "ils sont pleins de bonne volonté",
            "des carnets pleins de notes",
            "quand je voudrai partir",
            "plus qu' en 2019",
            "qu' en pensez-vous",
            "tout près à droite",
            "près de partir",
            "en tous cas",
            "tous à la fois",
            "ils sont tous à l' heure",
            "ils sont tous de même taille",
            "ils dorment et déjà",
            "je voudrais savoir le prix",
            "j'aimerai toujours ce film",
            "je pourrai venir demain",
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
            "on finit par comprendre",
            "on a fini",
            "on en a eu",
            "le passé a montré que",
            "ce que j' ai vu a changé ma façon de faire",
            "il a la grippe",
            "ça n' a rien à voir",
            "le chef a la main",
            "Contacter nous a pris une semaine",
            "Aller nous chercher du pain",
            "je suis passé à la caisse",
            "pour la qualité du service",
            "il faut de la clarté",
            "il est boucher",
            "il veut être boucher",
            "la somme des deux",
            "il nous somme de partir",
            "on jette les dés demain",
            "Grace a raison",
            "dès demain",
            "coupez en dés les courgettes",
            "on joue aux dés demain",
            "Être accompagné a tout changé",
            "ce que la plupart de nos clients ont demandé a la priorité",
            "la plateforme sur laquelle toute l' équipe travaille a la meilleure note",
            "vous êtes boulanger",
            "j' ai parlé avec Grace au téléphone",
        ] {
            assert!(
                errors(text, Lang::Fr).is_empty(),
                "{text}: {:?}",
                errors(text, Lang::Fr)
            );
        }
    }
}
