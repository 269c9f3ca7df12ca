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
    let mut child = Command::new(binary())
        .args(["score", "--input", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the credscore binary is built (cargo build --release)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
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
