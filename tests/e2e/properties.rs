//! Properties of the text pipeline and the event decoder over any input: any Unicode text
//! (NUL, lone combining marks, right-to-left text, ZWJ emoji sequences, zero-width and format
//! characters, 1 MB texts) is scored without a panic, every evidence span lies inside the
//! text on character boundaries, and any bytes on the items topic decode to a record or to a
//! refusal, never to a panic. `make test` runs a few thousand cases; `make fuzz` runs many
//! more (PROPTEST_CASES).

use std::sync::{Arc, OnceLock};

use credscore_model::{Dictionaries, Extractor, Item, Kind, Model, Scorer};
use proptest::prelude::*;
use prost::Message;

fn scorer() -> &'static Scorer {
    static SCORER: OnceLock<Scorer> = OnceLock::new();
    SCORER.get_or_init(|| {
        Scorer::new(
            Extractor::new(Arc::new(
                Dictionaries::load_default().expect("dictionaries (make deps installs them)"),
            )),
            Arc::new(Model::builtin().unwrap()),
        )
    })
}

/// Pieces that break naive text code, mixed with arbitrary characters.
fn tricky_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<char>().prop_map(String::from),
        Just("\u{0}".to_string()),
        // Lone and stacked combining marks.
        "[\u{0300}-\u{036f}]{1,12}",
        // Right-to-left text and overrides.
        "[\u{0600}-\u{06ff}\u{05d0}-\u{05ea} ]{1,20}",
        Just("\u{202e}evil\u{202c}".to_string()),
        // ZWJ emoji sequences, skin tones, flags, variation selectors.
        Just("👩\u{200d}💻".to_string()),
        Just("👨\u{200d}👩\u{200d}👧\u{200d}👦".to_string()),
        Just("👍🏽".to_string()),
        Just("🇫🇷🇨🇦".to_string()),
        Just("❤\u{fe0f}".to_string()),
        // Zero-width and format characters inside words.
        Just("ex\u{200b}pert".to_string()),
        Just("gu\u{200d}ru".to_string()),
        Just("con\u{2060}tactez-moi".to_string()),
        Just("\u{feff}\u{00ad}".to_string()),
        // Words the cues look for, and French with accents, decomposed or not.
        "(expert|guru|DM me|contactez-moi|garanti|https://x\\.example/a|@someone|#tag|100 000 abonnés)",
        Just("e\u{301}te\u{301} tre\u{300}s".to_string()),
        "[a-zA-Zàâçéèêëîïôûùüÿœ' .,!?]{1,40}",
        "[ \t\n\r]{1,4}",
    ]
}

fn tricky_text() -> impl Strategy<Value = String> {
    prop::collection::vec(tricky_piece(), 0..40).prop_map(|pieces| pieces.concat())
}

fn item(text: String, comment: bool, lang: Option<&str>) -> Item {
    Item {
        id: "p".into(),
        author: "a".into(),
        kind: if comment { Kind::Comment } else { Kind::Post },
        parent_id: None,
        platform: None,
        lang: lang.map(str::to_string),
        created_at: None,
        url: None,
        text,
    }
}

/// Every span is inside the text the spans refer to (NFC, as stored) and quotes it.
fn assert_spans_inside(text: &str, item: &Item) {
    let score = scorer().score(item);
    let chars: Vec<char> = credscore_model::text::to_nfc(text).chars().collect();
    assert!((0.0..=1.0).contains(&score.credibility), "{score:?}");
    for explanation in &score.explanations {
        for span in &explanation.spans {
            assert!(
                span.start <= span.end && span.end <= chars.len(),
                "span {span:?} outside a text of {} characters",
                chars.len()
            );
            let quoted: String = chars[span.start..span.end].iter().collect();
            assert_eq!(
                quoted, span.text,
                "a span quotes other characters than it points at"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(2_000),
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_text_is_scored_with_spans_inside_it(
        text in tricky_text(),
        comment in any::<bool>(),
        lang in prop::option::of(prop_oneof![Just("fr"), Just("en")]),
    ) {
        assert_spans_inside(&text, &item(text.clone(), comment, lang));
    }

    #[test]
    fn any_bytes_decode_to_a_record_or_a_refusal(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        if let Ok(event) = credscore::proto::ItemEvent::decode(bytes.as_slice()) {
            // Refused or accepted, never a panic; an accepted record stores.
            if let Ok((record, _)) = credscore::records::event_to_record(event) {
                prop_assert!(credscore::records::storable(&record.item).is_ok());
                let _ = credscore::records::stored_item(&record, chrono::Utc::now());
            }
        }
    }

    #[test]
    fn any_event_text_is_accepted_only_if_storable(text in tricky_text()) {
        let event = credscore::records::item_to_event(&item(text.clone(), false, None), 1);
        let decoded = credscore::proto::ItemEvent::decode(event.encode_to_vec().as_slice()).unwrap();
        match credscore::records::event_to_record(decoded) {
            Ok((record, at)) => {
                prop_assert_eq!(at, 1);
                prop_assert!(!record.item.text.contains(char::from(0)));
                prop_assert_eq!(record.item.text, text);
            }
            Err(refusal) => prop_assert!(
                text.contains('\u{0}') || text.trim().is_empty(),
                "refused {:?}: {}", text, refusal
            ),
        }
    }
}

#[test]
fn a_megabyte_of_text_is_scored_without_a_panic() {
    let unit =
        "Expert certifié 🇫🇷 e\u{301}te\u{301} ex\u{200b}pert مرحبا 👩\u{200d}💻 \u{0} DM me! ";
    let text = unit.repeat(1_048_576 / unit.len() + 1);
    assert!(text.len() >= 1_048_576);
    assert_spans_inside(&text, &item(text.clone(), false, None));
    // Through the pipeline's edge, it is refused with a reason, not a panic.
    let event = credscore::records::item_to_event(&item(text, false, None), 0);
    assert!(credscore::records::event_to_record(event).is_err());
}
