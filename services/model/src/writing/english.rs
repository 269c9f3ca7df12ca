//! The English rules: homophones ("your welcome", "should of", "a expert") and agreement
//! ("they was", "the results was").

use super::{any, Context, WritingError};
use crate::lexicon::en::writing::{
    COMPARATIVES, ITS_AS_IT_IS_NEXT, LOSE_OBJECTS, MISSING_APOSTROPHE, MODALS, SINGULAR_WORDS_IN_S,
    THEIR_PROPERTY_NEXT, TOO_NEXT, YOURE_AS_YOUR_NEXT, YOUR_AS_YOURE_NEXT,
};

/// Checks the word in `context` against the English rules.
pub(super) fn check(context: &Context<'_, '_>) -> Option<WritingError> {
    use WritingError::*;
    let (words, index, current, previous, next) = context.parts();
    let homophone = match current {
        "your" => context.next_is(&YOUR_AS_YOURE_NEXT),
        "you're" | "youre" => context.next_is(&YOURE_AS_YOUR_NEXT),
        "its" => context.next_is(&ITS_AS_IT_IS_NEXT),
        "it's" => next == Some("own"),
        "then" => context.previous_is(&COMPARATIVES),
        "than" => context.previous_is(&["and", "since", "back", "until", "just"]),
        "their" => context.next_is(&[
            "is", "are", "was", "were", "going", "isn't", "aren't", "will", "gonna",
        ]),
        "there" | "they're" => context.next_is(&THEIR_PROPERTY_NEXT),
        "loose" => context.next_is(&LOSE_OBJECTS),
        "of" => context.previous_is(&MODALS),
        "to" => {
            context.next_is(&TOO_NEXT)
                && !context.previous_is(&["listen", "due", "according", "up", "next", "close"])
        }
        "a" => next.is_some_and(starts_with_vowel_sound) && words[index + 1].cased != "I",
        "an" => next.is_some_and(|n| starts_with_consonant_sound(n, words[index + 1].cased)),
        "alot" => true,
        // "im", "dont", "thats": a contraction without its apostrophe.
        word if any(word, &MISSING_APOSTROPHE) => true,
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
                && !any(p, &SINGULAR_WORDS_IN_S)
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
    use crate::lang::Lang;
    use crate::writing::tests::errors;
    use crate::writing::WritingError;

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
