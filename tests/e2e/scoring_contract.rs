//! `credscore score` as a user runs it: the built binary, the built-in model, the contract
//! of DESIGN.md, and bad lines reported with their line numbers.

use std::io::Write;
use std::process::{Command, Stdio};

fn binary() -> std::path::PathBuf {
    std::env::var("CREDSCORE_BIN_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| {
            std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../target/release"))
        })
        .join("credscore")
}

#[test]
fn score_follows_the_contract_and_reports_bad_lines() {
    let input = [
        r#"{"id":"a1","author":"x","text":"Je suis expert en médias sociaux certifié, résultats garantis! Contactez-moi: https://exemple.ca","lang":"fr"}"#,
        "this is not json",
        r#"{"id":"a2","author":"y","kind":"comment","text":"Thanks Sarah, good catch: the 21% figure is from the Pew Research Center (2023), not my own survey."}"#,
        r#"{"id":"a3","author":"z"}"#,
        r#"{"id":"a4","text":"Sa va etre tres dificile, les médias sociaux est compliqué."}"#,
    ]
    .join("\n");
    let output = run_score(&input);
    assert_eq!(output.status.code(), Some(2), "some lines failed");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("-:2:") && stderr.contains("invalid JSON"),
        "{stderr}"
    );
    assert!(
        stderr.contains("-:4:") && stderr.contains("text"),
        "{stderr}"
    );
    let lines: Vec<serde_json::Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ids: Vec<&str> = lines.iter().map(|l| l["id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec!["a1", "a2", "a4"], "input order");
    for line in &lines {
        let credibility = line["credibility"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&credibility));
        for cue in ["self_promotion", "unverifiable_claims", "writing_errors"] {
            let value = line["cues"][cue].as_f64().unwrap();
            assert!((0.0..=1.0).contains(&value), "{cue}");
        }
        assert!(line["model_version"].as_str().unwrap().len() == 16);
        assert!(line["lang"].is_string());
        for explanation in line["explanations"].as_array().unwrap() {
            assert!(explanation["cue"].is_string() && explanation["contribution"].is_number());
            for span in explanation["spans"].as_array().unwrap() {
                assert!(span["start"].as_u64().unwrap() < span["end"].as_u64().unwrap());
            }
        }
    }
    let (promoter, answerer, careless) = (&lines[0], &lines[1], &lines[2]);
    assert!(promoter["credibility"].as_f64() < answerer["credibility"].as_f64());
    assert!(promoter["cues"]["self_promotion"].as_f64().unwrap() > 0.5);
    assert!(promoter["cues"]["unverifiable_claims"].as_f64().unwrap() > 0.5);
    assert!(careless["cues"]["writing_errors"].as_f64().unwrap() > 0.5);
    assert_eq!(promoter["lang"], "fr");
    assert_eq!(answerer["lang"], "en");
    // Spans point at the evidence, in characters of the input text.
    let text: Vec<char> = "Je suis expert en médias sociaux certifié, résultats garantis! Contactez-moi: https://exemple.ca".chars().collect();
    let spans: Vec<String> = promoter["explanations"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["spans"].as_array().unwrap().iter())
        .map(|s| {
            text[s["start"].as_u64().unwrap() as usize..s["end"].as_u64().unwrap() as usize]
                .iter()
                .collect()
        })
        .collect();
    for expected in ["expert", "Contactez-moi", "garantis"] {
        assert!(
            spans.iter().any(|s| s == expected),
            "{expected} not in {spans:?}"
        );
    }
}

/// Runs `credscore score` on `input` (NDJSON on its standard input).
fn run_score(input: &str) -> std::process::Output {
    let mut child = Command::new(binary())
        .args(["score", "--input", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the credscore binary is built (make build)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// Runs `credscore score` on `lines`; returns its output lines.
fn score_lines(lines: &[serde_json::Value]) -> Vec<serde_json::Value> {
    let input: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let output = run_score(&input);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn score_names_the_earlier_line_an_item_copies() {
    let original = "Most community managers measure reach because it is easy, but what predicts \
        renewals in our data is how many members answer each other without us. We moved our \
        weekly report to replies between members and the conversation changed within a month.";
    // One word in ten changed.
    let copy: String = original
        .split(' ')
        .enumerate()
        .map(|(i, w)| if i % 10 == 3 { "really" } else { w })
        .collect::<Vec<_>>()
        .join(" ");
    let same_topic = "Reach is easy to measure, so most community managers report it. Our \
        renewals followed something else: members replying to each other. Since we report \
        replies between members every week, the conversation is different.";
    let item = |id: &str, author: &str, text: &str| serde_json::json!({"id": id, "author": author, "text": text});
    let out = score_lines(&[
        item("o1", "alice", original),
        item("t1", "bob", same_topic),
        item("c1", "carol", &copy),
        item("r1", "alice", original),
    ]);
    assert!(out[0].get("copied_from").is_none(), "{}", out[0]);
    assert!(
        out[1].get("copied_from").is_none(),
        "same topic, own words: {}",
        out[1]
    );
    let copied = &out[2]["copied_from"];
    assert_eq!(
        (copied["id"].as_str(), copied["author"].as_str()),
        (Some("o1"), Some("alice"))
    );
    let similarity = copied["similarity"].as_f64().unwrap();
    assert!((0.5..1.0).contains(&similarity), "{similarity}");
    // Alice posting her text again: a re-post, named the same way.
    assert_eq!(out[3]["copied_from"]["author"], "alice");
    assert_eq!(out[3]["copied_from"]["similarity"], 1.0);
}

#[test]
fn score_gives_replies_their_stance() {
    let reply = |id: &str, text: &str| serde_json::json!({"id": id, "author": "r", "kind": "comment", "parent_id": "p1", "text": text});
    let endorsing = "Thank you Nadia, your tip about answering reviews by name changed how our shop replies. We tried it for a month and regulars noticed.";
    let contradicting = "Désolé, mais c'est faux : ce chiffre ne vient d'aucune étude. Méfiez-vous de ce genre de promesse.";
    let out = score_lines(&[
        serde_json::json!({"id": "p1", "author": "nadia", "text": "Answer every review by name, even the five-star ones."}),
        reply("r1", endorsing),
        reply("r2", contradicting),
        reply("r3", "Which tool do you use for that?"),
        reply("r4", "هذا منشور رائع عن التسويق، شكرا لك"),
        reply("r5", "+1"),
    ]);
    assert!(out[0].get("stance").is_none(), "a post: {}", out[0]);
    assert!(out[4].get("stance").is_none(), "not read: {}", out[4]);
    assert_eq!(
        out[5]["stance"]["stance"], "neutral",
        "no letters: {}",
        out[5]
    );
    let stances: Vec<&str> = out[1..4]
        .iter()
        .map(|l| l["stance"]["stance"].as_str().unwrap())
        .collect();
    assert_eq!(stances, vec!["endorses", "contradicts", "neutral"]);
    for (line, text) in out[1..3].iter().zip([endorsing, contradicting]) {
        let stance = &line["stance"];
        for p in ["endorses", "contradicts"] {
            assert!(
                (0.0..=1.0).contains(&stance[p].as_f64().unwrap()),
                "{stance}"
            );
        }
        assert_eq!(stance["model_version"].as_str().unwrap().len(), 16);
        let chars: Vec<char> = text.chars().collect();
        let spans = stance["spans"].as_array().unwrap();
        assert!(!spans.is_empty(), "{stance}");
        for span in spans {
            let (start, end) = (
                span["start"].as_u64().unwrap() as usize,
                span["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(
                chars[start..end].iter().collect::<String>(),
                span["text"].as_str().unwrap()
            );
            assert!(span["signal"].is_string());
        }
    }
}
