//! The English rules: homophones ("your welcome", "should of", "a expert"), verb forms after
//! modals, "do" and perfects ("I will sent", "have went"), and agreement ("they was", "the
//! results was").

mod agreement;
mod bare_verbs;
mod comparisons;
mod contractions;
mod homophones;
mod lose;
mod possessives;
mod there;
mod verb_forms;

use super::{any, Context, WordRef, WritingError};
use crate::lexicon::en::writing::{
    IRREGULAR_PARTICIPLES, IRREGULAR_PLURALS, SINGULAR_WORDS_IN_S, UNCOUNTABLE_PLURALS,
};

/// Whether a lowercase word ends in a plural -s ("brands", "agencies"), as far as spelling
/// tells: not "-ss", "-us", "-is", "-ics", nor a word in -s that is singular ("news").
fn is_plural_in_s(word: &str) -> bool {
    word.len() > 3
        && word.ends_with('s')
        && !word.ends_with("ss")
        && !word.ends_with("us")
        && !word.ends_with("is")
        && !word.ends_with("ics")
        && !word.ends_with("'s")
        && !any(word, &SINGULAR_WORDS_IN_S)
}

/// Whether `words[index]` is a plural noun as written: in -s and not capitalised (a name),
/// or a plural without an ending ("people").
fn is_plural_noun(words: &[WordRef<'_>], index: usize) -> bool {
    let word = words[index];
    (is_plural_in_s(word.lower) && word.cased.chars().next().is_some_and(char::is_lowercase))
        || any(word.lower, &IRREGULAR_PLURALS)
}

/// The word `offset` places after `index`, when only spaces separate them.
fn word_after<'a>(words: &[WordRef<'a>], index: usize, offset: usize) -> Option<&'a str> {
    let target = words.get(index + offset)?;
    words[index + 1..=index + offset]
        .iter()
        .all(|w| w.joined_to_previous)
        .then_some(target.lower)
}

/// The word `offset` places before `index`, when only spaces separate them.
fn word_before<'a>(words: &[WordRef<'a>], index: usize, offset: usize) -> Option<&'a str> {
    let target = words.get(index.checked_sub(offset)?)?;
    words[index - offset + 1..=index]
        .iter()
        .all(|w| w.joined_to_previous)
        .then_some(target.lower)
}

/// Whether a participle follows ("should of been", "probably of made").
/// Whether one of `list` comes before `index` in its sentence.
fn earlier_in_sentence(words: &[WordRef<'_>], index: usize, list: &[&str]) -> bool {
    let start = (0..=index)
        .rev()
        .find(|&i| words[i].sentence_start)
        .unwrap_or(0);
    words[start..index].iter().any(|w| any(w.lower, list))
}

fn participle_like(word: &str) -> bool {
    word.ends_with("ed") || word.ends_with("en") || any(word, &IRREGULAR_PARTICIPLES)
}

/// Prepositions whose object a noun phrase after them is (the fifteen common ones first, which
/// [`agreement`] reads as opening a phrase): a plural there is not the subject
/// of the verb that follows ("what I see across my clients is", "with its time period").
const OBJECT_PREPOSITIONS: &[&str] = &[
    "of", "in", "on", "at", "from", "for", "with", "about", "across", "under", "over", "near",
    "around", "inside", "behind", "above", "below", "among", "between", "through", "without",
    "within", "beyond", "into", "onto", "toward", "towards", "after", "before", "during", "by",
];

/// Conjunctions after which a new clause, and its subject, begins ("and it works", "because
/// their all asleep").
const CLAUSE_OPENERS: &[&str] = &[
    "and", "but", "so", "because", "cause", "cuz", "coz", "when", "if", "since", "while",
    "although", "though", "once", "until", "unless", "as", "where",
];

/// Whether `words[at]` opens its clause: first, after punctuation, or after one of
/// [`CLAUSE_OPENERS`].
fn opens_clause(words: &[WordRef<'_>], at: usize) -> bool {
    at == 0 || !words[at].joined_to_previous || any(words[at - 1].lower, CLAUSE_OPENERS)
}

/// Words that set a second possessive against a first, whose noun it leaves out ("your dog's
/// ears are clean but my cat's are filthy").
const CONTRAST_WORDS: &[&str] = &["but", "than", "while", "whereas", "and"];

/// Determiners that make a noun group definite: the group after "one of" or "each of" ("one of
/// the", "each of our"), a subject plural after them ("the results was").
const DEFINITE_DETERMINERS: &[&str] = &[
    "the", "my", "our", "your", "his", "her", "their", "these", "those",
];

/// Numbers above one written as words ("three", "twenty", "dozen").
const NUMBER_WORDS: &[&str] = &[
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "thousand",
    "million",
    "dozen",
];

/// Words that count a plural, before "of" ("most of the brands") or before it ("many clients",
/// "both teams").
const PLURAL_QUANTIFIERS: &[&str] = &["most", "many", "all", "both", "several", "few"];

/// Adverbs that may stand between a subject and its verb ("it only happen", "our clients
/// always pays").
const SUBJECT_ADVERBS: &[&str] = &[
    "only",
    "always",
    "never",
    "just",
    "really",
    "still",
    "also",
    "actually",
    "usually",
    "even",
    "literally",
    "often",
    "sometimes",
    "rarely",
    "barely",
    "hardly",
    "already",
];

/// Checks the word in `context` against the English rules: homophones first, then verb forms
/// and agreement, both reported as agreement errors.
pub(super) fn check(context: &Context<'_, '_>) -> Option<WritingError> {
    if homophones::confused(context) {
        return Some(WritingError::Homophone);
    }
    // "datas", "informations", "feedbacks": a noun English does not count, made plural.
    let (_, _, current, _, _) = context.parts();
    (any(current, &UNCOUNTABLE_PLURALS)
        || verb_forms::wrong_form(context)
        || agreement::disagrees(context))
    .then_some(WritingError::Agreement)
}

/// Whether `word` is a verb in -s ("sells", "reaches"): its stem is an English word.
fn third_person_in_s(context: &Context<'_, '_>, word: &str) -> bool {
    let Some(english) = context.english else {
        return false;
    };
    is_plural_in_s(word)
        && (word.strip_suffix('s').is_some_and(english)
            || word.strip_suffix("es").is_some_and(english)
            || word
                .strip_suffix("ies")
                .is_some_and(|stem| english(&format!("{stem}y"))))
}

#[cfg(test)]
mod tests {
    use crate::lang::Lang;
    use crate::writing::tests::{errors, errors_in};
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
        for (text, word) in [
            ("congrats sir, your an inspiration", "your"),
            ("if your in Leeds next week, shout", "your"),
            ("your totally right", "your"),
            ("bring you're friends", "you're"),
            ("great for you're team", "you're"),
            ("it still has it's uses", "it's"),
            ("paste the dates, than sort", "than"),
            ("I'd probably of made it", "of"),
            ("I was loosing followers", "loosing"),
            ("not sure wether it works", "wether"),
            ("you cant do that", "cant"),
            ("we where there early", "where"),
            ("whose going to tell them", "whose"),
            ("worth a read if your thinking of trying it", "your"),
            ("pause it until your eating normally again", "your"),
            (
                "it takes five minutes to find out weather yours is registered",
                "weather",
            ),
            ("not sure weather to book", "weather"),
            ("who's idea was this", "who's"),
            ("Will their be a recording", "their"),
            ("Its honestly wild that we still do this", "Its"),
            ("grab you're spot before Friday", "you're"),
            ("I know exactly were the market is going", "were"),
            ("no idea were to start", "were"),
            ("every month we loose a client or two", "loose"),
            ("the price hike will loose us customers", "loose"),
            ("the knock-on affect was huge", "affect"),
            ("the delay could effect the launch", "effect"),
            ("it made more sense then investing it", "then"),
            ("we got more leads then last year", "then"),
            (
                "shooting RAW really effects how much you recover",
                "effects",
            ),
            ("looks like its finished the cycle", "its"),
            ("their still in the box", "their"),
            ("going to effect how we plan", "effect"),
            ("the handle came lose again", "lose"),
            ("we have past the deadline twice", "past"),
            ("you are suppose to wait", "suppose"),
            ("I'm use to it by now", "use"),
            ("Me and him went fishing", "Me"),
            ("we fixed two leak's this week", "leak's"),
            ("those client's never paid", "client's"),
            ("a much better result then we hoped", "then"),
            ("wired is more reliable then Wi-Fi", "then"),
            ("My granny use to drop a whole pepper in", "use"),
        ] {
            let found = errors_in(text, Lang::En);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert_eq!(found[0].0, word, "{text}: {found:?}");
            assert_eq!(found[0].1, WritingError::Homophone, "{text}");
        }
        for (text, word) in [
            ("other agencies was sleeping", "was"),
            ("people who has tried", "has"),
            ("someone who have done this", "have"),
            ("there is levels to this", "levels"),
            ("the audience's are messier", "are"),
            ("brands that is growing", "is"),
            ("each of the teams have a lead", "have"),
            ("every one of the managers were there", "were"),
            ("Each of them are different", "are"),
            ("each of our new hires were trained", "were"),
            ("Annual reviews is pointless", "is"),
            (
                "People thinks coaching is for people who struggle",
                "thinks",
            ),
            ("most people is fine with it", "is"),
            ("I seen the same thing at my store", "seen"),
            ("they seen it coming", "seen"),
            ("Today 9 out of 10 brands is scrambling", "is"),
            ("most of our clients has a site", "has"),
            ("the charges on these apps is too high", "is"),
            ("the contractors in Florida has to be licensed", "has"),
        ] {
            let found = errors_in(text, Lang::En);
            assert_eq!(
                found,
                vec![(word.to_string(), WritingError::Agreement)],
                "{text}"
            );
        }
    }

    #[test]
    fn a_simple_past_after_do_or_a_modal() {
        for (text, word) in [
            ("I didn't knew you could check that", "knew"),
            ("she did not went to the meeting", "went"),
            ("I can't took it anymore", "took"),
            ("we would never took that deal", "took"),
        ] {
            let found = errors_in(text, Lang::En);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert_eq!(found[0].0, word, "{text}: {found:?}");
        }
        for text in [
            "I didn't know you could check that",
            "what did you see there",
            "she did go to the meeting",
            "we would never take that deal",
            "it did what it said",
            "they did well, and we knew it",
            "you could saw the board in half",
            "do broke founders need a coach",
        ] {
            assert_eq!(errors_in(text, Lang::En), vec![], "{text}");
        }
    }

    #[test]
    fn english_extended_rules_stay_silent_on_correct_text() {
        for text in [
            "its registered office is in Leeds",
            "add more water then stir",
            "those people's homes",
            "both children's bikes",
            "this client's invoice",
            "it gets less important then, once you ship",
            "the tools we use to measure it",
            "my team use to-do lists",
            "the app I use to track it",
            "most of the sales calls I make are short",
            "9 out of 10 brands fail because they copy",
            "73% of B2B buyers decide before a call",
            "the number of users in Europe is growing",
            "the cost of repairs in London is high",
            "Sales in Q3 was the best quarter",
            "the best of the results on that page is this one",
            "brands that grow share one habit",
            "I told clients that works for me",
            "we met their in-laws",
            "we didn't use to check",
            "she had past experience of it",
            "it is just past the bridge",
            "give 1 year's notice",
            "to effect change you need patience",
            "Me and my big mouth",
            "you will lose weight",
            "it gets used to the light",
            "if your building has a lift",
            "when your marketing is working",
            "if your thinking is sound",
            "we had to weather the storm",
            "check the weather the night before",
            "have you seen it",
            "had I seen it earlier",
            "I've seen it",
            "I have never seen it",
            "I hope you're well",
            "your in-laws and your inbox",
            "on your about page",
            "if you're ready",
            "your A/B test",
            "it's raining, so it's fine",
            "more than ever, then we left",
            "should have been",
            "a list of known issues",
            "how many clients is that across?",
            "there is news, and there's always more",
            "there's lots of room",
            "the client's never been happier",
            "let's keep going",
            "someone who has done this",
            "people who have tried",
            "the news was good",
            "the screws were loose",
            "the rope was never loose",
            "it will affect the launch",
            "the effect was huge",
            "we tried to effect change",
            "we know where it went",
            "tell us where they went",
            "whose idea was this",
            "add more water then stir",
            "do more reps, then rest",
            "the side effects the doctor mentioned",
            "it has no effects on us",
            "who's going to tell them",
            "each of the teams has a lead",
            "every one of the managers was there",
            "one of the managers were there too, and all of them were",
            "we each have our own",
            "each of them is different, and both of them are fine",
            "Customer service is hard. Sales is easy, they say",
            "People skills matter more than tools",
            "people leaders need this",
            "the people I know were there",
            "if it were the case, we were told",
            "its honest answer to that question",
            "it comes with its own pricing",
            "Will there be a recording",
            "the ones we know were the best",
            "Google Ads is expensive",
            "Our reviews page is live",
            "people seem to like it",
            "what people think is not what they do",
            "Boosting posts is always a waste",
            "6k monthly actives is a decent number",
            "a shop owner who returns his customers' phone calls is rare",
            "When they're gone, they're gone.",
            "What annoys people is the same photo",
            "how you trained people is worth a read",
            "Guaranteed followers is the bit that worries me",
            "Eleven minutes is a fast catch. Two months is too short",
        ] {
            let found = errors_in(text, Lang::En);
            assert!(found.is_empty(), "{text}: {found:?}");
        }
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
