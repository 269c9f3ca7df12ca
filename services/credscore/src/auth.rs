//! Tokens on HTTP requests: `Authorization: Bearer <token>`, or HTTP Basic with any user
//! name and the token as password (what a browser prompts for), compared in constant time.

use axum::http::{header, HeaderMap};
use base64::Engine as _;

/// Compares two byte strings without leaking where they differ through timing.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The token a request presents: a bearer token, or the password of HTTP Basic.
pub fn presented(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    if let Some(token) = value.strip_prefix("Bearer ") {
        return Some(token.trim().to_string());
    }
    let encoded = value.strip_prefix("Basic ")?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let credentials = String::from_utf8(decoded).ok()?;
    credentials
        .split_once(':')
        .map(|(_, password)| password.to_string())
}

/// Whether the request presents `expected`.
pub fn presents(headers: &HeaderMap, expected: &str) -> bool {
    presented(headers).is_some_and(|given| constant_time_eq(given.as_bytes(), expected.as_bytes()))
}

/// Whether the request presents `expected` as a bearer token (not Basic): for the ingest API,
/// whose clients are programs.
pub fn bearer(headers: &HeaderMap, expected: &str) -> bool {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .is_some_and(|given| constant_time_eq(given.trim().as_bytes(), expected.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::AUTHORIZATION, value.parse().unwrap());
        headers
    }

    #[test]
    fn compares_tokens_exactly() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }

    #[test]
    fn bearer_and_basic_present_the_token() {
        assert!(presents(&with("Bearer s3cret"), "s3cret"));
        // "reader:s3cret" in base64, as a browser sends it.
        assert!(presents(&with("Basic cmVhZGVyOnMzY3JldA=="), "s3cret"));
        assert!(!presents(&with("Basic cmVhZGVyOnMzY3JldA=="), "other"));
        assert!(!presents(&with("Bearer wrong"), "s3cret"));
        assert!(!presents(&HeaderMap::new(), "s3cret"));
        assert!(bearer(&with("Bearer s3cret"), "s3cret"));
        assert!(!bearer(&with("Basic cmVhZGVyOnMzY3JldA=="), "s3cret"));
    }
}
