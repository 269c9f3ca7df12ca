//! Fetching a feed over HTTP, politely: a user agent naming the product, conditional GET
//! (a 304 costs the server nothing and publishes nothing), a time limit on the whole
//! exchange and a size limit on the body, so that a server that never stops sending cannot
//! hold a poller or fill its memory.

use std::time::Duration;

use reqwest::header::{self, HeaderMap, HeaderValue};
use reqwest::StatusCode;

/// The user agent every request carries.
pub const USER_AGENT: &str = concat!("credscore-feeds/", env!("CARGO_PKG_VERSION"));

/// What the server said last time, so that an unchanged feed answers 304.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    /// The `ETag` of the last body processed.
    pub etag: Option<String>,
    /// The `Last-Modified` of the last body processed.
    pub last_modified: Option<String>,
}

/// A fetched feed.
#[derive(Debug)]
pub enum Fetched {
    /// 304: nothing changed since the validators were given.
    NotModified,
    /// A body to parse.
    Body(Body),
}

/// A feed document as it came.
#[derive(Debug)]
pub struct Body {
    /// The bytes, not decoded (the parser decides the character encoding).
    pub bytes: Vec<u8>,
    /// The `Content-Type` header, which may name the character encoding.
    pub content_type: Option<String>,
    /// Validators to send next time.
    pub validators: Validators,
    /// The address after redirects (relative links in the feed resolve against it).
    pub url: String,
}

/// Why a feed could not be fetched.
#[derive(Debug, Clone, thiserror::Error)]
pub enum FetchError {
    /// The server answered with an error status.
    #[error("the server answered {status}{hint}")]
    Status {
        /// The status, e.g. `404 Not Found`.
        status: String,
        /// What to do about it.
        hint: &'static str,
        /// How long the server asked us to wait (429, 503), if it said.
        retry_after: Option<Duration>,
    },
    /// No complete answer in time.
    #[error("no complete answer within {0:?} (the server is slow or never finishes the body)")]
    Timeout(Duration),
    /// The body is over the size limit.
    #[error("the body is larger than {limit} bytes, the limit (CREDSCORE_FEEDS_MAX_BYTES): not a feed, or a server that never stops sending")]
    TooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// The server could not be reached.
    #[error("cannot reach the server: {0}")]
    Connect(String),
    /// Anything else about the exchange (a broken connection, too many redirects).
    #[error("the request failed: {0}")]
    Request(String),
}

impl FetchError {
    /// A short, stable name of the failure (a metrics label).
    pub fn kind(&self) -> &'static str {
        match self {
            FetchError::Status { .. } => "http_status",
            FetchError::Timeout(_) => "timeout",
            FetchError::TooLarge { .. } => "too_large",
            FetchError::Connect(_) => "connect",
            FetchError::Request(_) => "request",
        }
    }

    /// How long the server asked us to wait before the next try, if it did.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            FetchError::Status { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

/// An HTTP client for feeds, with its limits.
#[derive(Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    timeout: Duration,
    max_bytes: usize,
}

impl Fetcher {
    /// A client with a time limit per request and a size limit per body.
    pub fn new(timeout: Duration, max_bytes: usize) -> Result<Fetcher, FetchError> {
        let client = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(10)))
            .redirect(reqwest::redirect::Policy::limited(5))
            .build()
            .map_err(|e| FetchError::Request(e.to_string()))?;
        Ok(Fetcher {
            client,
            timeout,
            max_bytes,
        })
    }

    /// Fetches `url`, conditionally when `validators` hold anything.
    pub async fn fetch(&self, url: &str, validators: &Validators) -> Result<Fetched, FetchError> {
        // reqwest's timeout covers the body too; this one also bounds what it does not
        // (reading chunk by chunk below).
        match tokio::time::timeout(self.timeout, self.exchange(url, validators)).await {
            Ok(result) => result,
            Err(_) => Err(FetchError::Timeout(self.timeout)),
        }
    }

    async fn exchange(&self, url: &str, validators: &Validators) -> Result<Fetched, FetchError> {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT,
            HeaderValue::from_static(
                "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5",
            ),
        );
        if let Some(etag) = validators
            .etag
            .as_deref()
            .and_then(|v| HeaderValue::from_str(v).ok())
        {
            headers.insert(header::IF_NONE_MATCH, etag);
        }
        if let Some(since) = validators
            .last_modified
            .as_deref()
            .and_then(|v| HeaderValue::from_str(v).ok())
        {
            headers.insert(header::IF_MODIFIED_SINCE, since);
        }
        let mut response = self
            .client
            .get(url)
            .headers(headers)
            .send()
            .await
            .map_err(|e| self.request_error(e))?;
        let status = response.status();
        if status == StatusCode::NOT_MODIFIED {
            return Ok(Fetched::NotModified);
        }
        if !status.is_success() {
            return Err(FetchError::Status {
                status: format!(
                    "{} {}",
                    status.as_u16(),
                    status.canonical_reason().unwrap_or("")
                )
                .trim_end()
                .to_string(),
                hint: match status.as_u16() {
                    404 | 410 => {
                        ": no feed at this address (check it, or `credscore feeds remove` it)"
                    }
                    401 | 403 => ": the server refuses to serve the feed",
                    429 => ": too many requests; polling backs off",
                    500..=599 => ": the server failed; polling backs off and retries",
                    _ => "",
                },
                retry_after: retry_after(response.headers()),
            });
        }
        if let Some(length) = response.content_length() {
            if length > self.max_bytes as u64 {
                return Err(FetchError::TooLarge {
                    limit: self.max_bytes,
                });
            }
        }
        let header_text = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v: &HeaderValue| v.to_str().ok())
                .map(str::to_string)
        };
        let content_type = header_text(header::CONTENT_TYPE);
        let validators = Validators {
            etag: header_text(header::ETAG),
            last_modified: header_text(header::LAST_MODIFIED),
        };
        let final_url = response.url().to_string();
        let mut bytes = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| self.request_error(e))? {
            if bytes.len() + chunk.len() > self.max_bytes {
                return Err(FetchError::TooLarge {
                    limit: self.max_bytes,
                });
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(Fetched::Body(Body {
            bytes,
            content_type,
            validators,
            url: final_url,
        }))
    }

    fn request_error(&self, error: reqwest::Error) -> FetchError {
        if error.is_timeout() {
            FetchError::Timeout(self.timeout)
        } else if error.is_connect() {
            FetchError::Connect(crate::error_chain(&anyhow::Error::new(error)))
        } else {
            FetchError::Request(crate::error_chain(&anyhow::Error::new(error)))
        }
    }
}

/// `Retry-After` in seconds (the HTTP-date form is rare for feeds and ignored).
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    headers
        .get(header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
}
