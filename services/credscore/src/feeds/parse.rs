//! A fetched document → its entries: the character encoding decided and checked
//! (`encoding_rs`), RSS 2.0 / Atom / JSON Feed read by `feed-rs`, and what feed-rs does not
//! keep read beside it: WordPress comment feeds (`wfw:commentRss`, `slash:comments`, Atom
//! `link rel="replies"` with `thr:count`) and replies (`thr:in-reply-to`).

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use encoding_rs::Encoding;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

const WFW: &str = "http://wellformedweb.org/CommentAPI/";
const SLASH: &str = "http://purl.org/rss/1.0/modules/slash/";
const THREAD: &str = "http://purl.org/syndication/thread/1.0";
const ATOM: &str = "http://www.w3.org/2005/Atom";

/// Why a document is not a usable feed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// The bytes are not text in the encoding the feed declares.
    #[error("{0}")]
    Encoding(String),
    /// Not a feed at all (an HTML page, an empty body, something else).
    #[error("{0}")]
    NotAFeed(String),
    /// A feed the parser cannot read (malformed XML or JSON).
    #[error("{0}")]
    Malformed(String),
}

impl ParseError {
    /// A short, stable name of the failure (a metrics label).
    pub fn kind(&self) -> &'static str {
        match self {
            ParseError::Encoding(_) => "encoding",
            ParseError::NotAFeed(_) => "not_a_feed",
            ParseError::Malformed(_) => "malformed",
        }
    }
}

/// The format of a feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// RSS 2.0 (and 0.9x, 1.0).
    Rss,
    /// Atom 1.0.
    Atom,
    /// JSON Feed 1.x.
    JsonFeed,
}

/// A feed as read.
#[derive(Debug, Clone)]
pub struct ParsedFeed {
    /// Its format.
    pub format: Format,
    /// Its title.
    pub title: Option<String>,
    /// Its authors (entries without one are theirs).
    pub authors: Vec<String>,
    /// Its declared language.
    pub language: Option<String>,
    /// Its entries, in document order.
    pub entries: Vec<Entry>,
}

/// One entry: a post, or a comment in a comment feed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Entry {
    /// The guid (RSS), id (Atom, JSON Feed) as written, if any.
    pub guid: Option<String>,
    /// The address of the entry (its alternate link).
    pub link: Option<String>,
    /// Its title.
    pub title: Option<String>,
    /// Its first author's name (`dc:creator`, `author`).
    pub author: Option<String>,
    /// When it was published (or else last updated).
    pub published: Option<DateTime<Utc>>,
    /// Its content as the feed gives it (HTML or plain text).
    pub body: Option<Body>,
    /// Its declared language.
    pub language: Option<String>,
    /// The entry it answers (`thr:in-reply-to`): its id and address.
    pub in_reply_to: Option<InReplyTo>,
    /// The feed of its comments (`wfw:commentRss`, Atom `link rel="replies"`).
    pub comment_feed: Option<String>,
    /// How many comments it has (`slash:comments`, `thr:count`).
    pub comment_count: Option<u64>,
}

/// The content of an entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// The content.
    pub content: String,
    /// Whether it is HTML (else plain text).
    pub html: bool,
}

/// `thr:in-reply-to`: what a comment answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InReplyTo {
    /// The id of the entry answered (`ref`).
    pub id: String,
    /// Its address (`href`), if given.
    pub href: Option<String>,
}

/// Reads a fetched document: `content_type` is the HTTP header (it may name the encoding),
/// `url` where it came from (relative links resolve against it).
pub fn parse(
    bytes: &[u8],
    content_type: Option<&str>,
    url: &str,
) -> Result<ParsedFeed, ParseError> {
    let text = decode(bytes, content_type)?;
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    match trimmed.chars().next() {
        None => Err(ParseError::NotAFeed(
            "the body is empty: the server sent no feed".into(),
        )),
        Some('<') => parse_xml(trimmed, url),
        Some('{') => parse_json(trimmed, url),
        Some(_) => Err(ParseError::NotAFeed(format!(
            "the body is neither XML nor JSON (it starts with {:?}): is the address a feed?",
            trimmed.chars().take(40).collect::<String>()
        ))),
    }
}

/// Decides the character encoding (a byte-order mark, else the HTTP charset, else the XML
/// declaration, else UTF-8) and decodes, refusing bytes that are not text in it. When the
/// HTTP charset and the declaration disagree, the one the bytes agree with wins.
pub fn decode<'a>(bytes: &'a [u8], content_type: Option<&str>) -> Result<Cow<'a, str>, ParseError> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        return strict(encoding, &bytes[bom..]).ok_or_else(|| {
            ParseError::Encoding(format!(
                "the body starts with a {} byte-order mark but is not valid {}",
                encoding.name(),
                encoding.name()
            ))
        });
    }
    let mut candidates: Vec<(&'static Encoding, String)> = Vec::new();
    let add = |candidates: &mut Vec<(&'static Encoding, String)>,
               label: &str,
               source: &str|
     -> Result<(), ParseError> {
        let encoding = Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
            ParseError::Encoding(format!(
                "unknown character encoding {label:?} (named by {source})"
            ))
        })?;
        if !candidates.iter().any(|(e, _)| *e == encoding) {
            candidates.push((encoding, format!("{label} ({source})")));
        }
        Ok(())
    };
    if let Some(charset) = content_type.and_then(charset_parameter) {
        add(&mut candidates, &charset, "the HTTP Content-Type")?;
    }
    if let Some(declared) = declared_encoding(bytes) {
        add(&mut candidates, &declared, "the XML declaration")?;
    }
    if candidates.is_empty() {
        add(&mut candidates, "UTF-8", "the default")?;
    }
    for (encoding, _) in &candidates {
        if let Some(text) = strict(encoding, bytes) {
            return Ok(text);
        }
    }
    let (encoding, named) = &candidates[0];
    let detail = if *encoding == encoding_rs::UTF_8 {
        let error = std::str::from_utf8(bytes).expect_err("not UTF-8");
        let at = error.valid_up_to();
        format!(
            ": byte {at} (0x{:02X}) is not UTF-8; the file is probably ISO-8859-1 or Windows-1252 and should say so in its XML declaration",
            bytes[at]
        )
    } else {
        String::new()
    };
    Err(ParseError::Encoding(format!(
        "the feed is not valid {named}{detail}"
    )))
}

fn strict<'a>(encoding: &'static Encoding, bytes: &'a [u8]) -> Option<Cow<'a, str>> {
    encoding.decode_without_bom_handling_and_without_replacement(bytes)
}

/// `charset=…` of a Content-Type header.
fn charset_parameter(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|parameter| {
        let (name, value) = parameter.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(['"', '\'']).to_string())
            .filter(|v| !v.is_empty())
    })
}

/// `encoding="…"` of an XML declaration (which is ASCII in every encoding it can name here).
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(512)];
    let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
    if !head[start..].starts_with(b"<?xml") {
        return None;
    }
    let end = head[start..].windows(2).position(|w| w == b"?>")? + start;
    let declaration = std::str::from_utf8(&head[start..end]).ok()?;
    let after = &declaration[declaration.find("encoding")? + "encoding".len()..];
    let after = after.trim_start().strip_prefix('=')?.trim_start();
    let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    Some(after[1..].split(quote).next()?.to_string())
}

/// The XML text with its declaration saying UTF-8: it is decoded already, and feed-rs would
/// otherwise decode it a second time in the encoding the declaration names.
fn as_utf8_document(text: &str) -> Cow<'_, str> {
    if let Some(rest) = text.strip_prefix("<?xml") {
        if let Some(end) = rest.find("?>") {
            return Cow::Owned(format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>{}",
                &rest[end + 2..]
            ));
        }
    }
    Cow::Borrowed(text)
}

fn feed_parser(url: &str) -> feed_rs::parser::Parser {
    feed_rs::parser::Builder::new()
        .base_uri(Some(url))
        // An empty id marks an entry that has none; the id is then made from its link.
        .id_generator(|_, _, _| String::new())
        .sanitize_content(false)
        .build()
}

fn parse_xml(text: &str, url: &str) -> Result<ParsedFeed, ParseError> {
    if is_html_page(text) {
        return Err(ParseError::NotAFeed(
            "the address serves an HTML page, not a feed: give the feed's address (often /feed/, /rss or /atom.xml)".into(),
        ));
    }
    let document = as_utf8_document(text);
    // The extension elements are read first: a document they cannot read is malformed, and
    // the reader names the line.
    let extensions = scan_extensions(&document, url)?;
    let feed = feed_parser(url)
        .parse(document.as_bytes())
        .map_err(|e| match e {
            feed_rs::parser::ParseFeedError::ParseError(
                feed_rs::parser::ParseErrorKind::NoFeedRoot,
            ) => ParseError::NotAFeed(
                "the XML is not RSS or Atom (no <rss>, <feed> or <rdf:RDF> root element)".into(),
            ),
            other => ParseError::Malformed(format!("malformed feed: {other}")),
        })?;
    let format = match feed.feed_type {
        feed_rs::model::FeedType::Atom => Format::Atom,
        feed_rs::model::FeedType::JSON => Format::JsonFeed,
        _ => Format::Rss,
    };
    let mut parsed = convert(feed, format);
    if extensions.len() == parsed.entries.len() {
        for (entry, found) in parsed.entries.iter_mut().zip(extensions) {
            // The scan and feed-rs walk the same entries in the same order; the id check
            // only guards against a document read differently by the two.
            let same = match (&entry.guid, &found.guid) {
                (Some(a), Some(b)) => a == b.trim(),
                _ => true,
            };
            if same {
                entry.in_reply_to = found.in_reply_to;
                entry.comment_feed = found.comment_feed;
                entry.comment_count = found.comment_count;
            }
        }
    }
    Ok(parsed)
}

/// Whether a document is an HTML page: its first markup, after an XML declaration and
/// comments, is an HTML doctype or an `<html>` element.
fn is_html_page(text: &str) -> bool {
    let mut rest = text.trim_start();
    loop {
        if let Some(after) = rest.strip_prefix("<?") {
            rest = after
                .find("?>")
                .map_or("", |end| after[end + 2..].trim_start());
        } else if let Some(after) = rest.strip_prefix("<!--") {
            rest = after
                .find("-->")
                .map_or("", |end| after[end + 3..].trim_start());
        } else {
            break;
        }
    }
    let head = rest[..rest.len().min(20)].to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html")
}

fn parse_json(text: &str, url: &str) -> Result<ParsedFeed, ParseError> {
    let value: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| ParseError::Malformed(format!("malformed JSON Feed: {e}")))?;
    if !value
        .get("version")
        .and_then(|v| v.as_str())
        .is_some_and(|v| v.starts_with("https://jsonfeed.org/version/"))
    {
        return Err(ParseError::NotAFeed(
            "the JSON is not a JSON Feed (no \"version\": \"https://jsonfeed.org/version/1.1\")"
                .into(),
        ));
    }
    let feed = feed_parser(url)
        .parse(text.as_bytes())
        .map_err(|e| ParseError::Malformed(format!("malformed JSON Feed: {e}")))?;
    let mut parsed = convert(feed, Format::JsonFeed);
    // feed-rs keeps no language of its own for JSON Feed items.
    if parsed.language.is_none() {
        parsed.language = value
            .get("language")
            .and_then(|v| v.as_str())
            .map(str::to_string);
    }
    Ok(parsed)
}

fn convert(feed: feed_rs::model::Feed, format: Format) -> ParsedFeed {
    let name = |person: &feed_rs::model::Person| {
        let name = person
            .name
            .as_deref()?
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        (!name.is_empty()).then_some(name)
    };
    let entries = feed
        .entries
        .into_iter()
        .map(|entry| {
            let body = entry
                .content
                .as_ref()
                .and_then(|c| {
                    let content = c.body.clone()?;
                    let html = c.content_type.subty().as_str() != "plain";
                    Some(Body { content, html })
                })
                .or_else(|| {
                    entry.summary.as_ref().map(|s| Body {
                        content: s.content.clone(),
                        html: s.content_type.subty().as_str() != "plain",
                    })
                })
                .filter(|b| !b.content.trim().is_empty());
            let link = entry
                .links
                .iter()
                .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
                .map(|l| l.href.clone());
            Entry {
                guid: Some(entry.id.trim().to_string()).filter(|id| !id.is_empty()),
                link,
                // Titles may be HTML (Atom `type="html"`): their text only.
                title: entry
                    .title
                    .map(|t| {
                        if t.content.contains(['<', '&']) {
                            crate::feeds::html::to_text(&t.content)
                        } else {
                            t.content.trim().to_string()
                        }
                    })
                    .filter(|t| !t.is_empty()),
                author: entry.authors.iter().find_map(name),
                published: entry.published.or(entry.updated),
                body,
                language: entry.language,
                ..Entry::default()
            }
        })
        .collect();
    ParsedFeed {
        format,
        title: feed.title.map(|t| t.content.trim().to_string()),
        authors: feed.authors.iter().filter_map(name).collect(),
        language: feed.language,
        entries,
    }
}

/// What the scan finds in one entry.
#[derive(Debug, Default)]
struct Extensions {
    guid: Option<String>,
    in_reply_to: Option<InReplyTo>,
    comment_feed: Option<String>,
    comment_count: Option<u64>,
}

/// Reads, for each `<item>` or `<entry>` in order, the elements feed-rs does not keep.
fn scan_extensions(document: &str, url: &str) -> Result<Vec<Extensions>, ParseError> {
    let base = url::Url::parse(url).ok();
    let resolve = |href: &str| match &base {
        Some(base) => base
            .join(href.trim())
            .map(|u| u.to_string())
            .unwrap_or_else(|_| href.trim().to_string()),
        None => href.trim().to_string(),
    };
    let mut reader = NsReader::from_str(document);
    let mut found = Vec::new();
    let mut current: Option<Extensions> = None;
    let mut depth_in_entry = 0usize;
    // The element whose text is being read, and that text.
    let mut reading: Option<(&'static str, String)> = None;
    loop {
        let event = reader.read_event().map_err(|e| {
            let position = reader.error_position() as usize;
            let line = document[..position.min(document.len())]
                .matches('\n')
                .count()
                + 1;
            ParseError::Malformed(format!("malformed XML at line {line}: {e}"))
        })?;
        match event {
            Event::Start(start) => {
                let (namespace, local) = element_name(&reader, &start);
                if current.is_none() {
                    if is_entry(&namespace, &local) {
                        current = Some(Extensions::default());
                        depth_in_entry = 1;
                    }
                    continue;
                }
                depth_in_entry += 1;
                let Some(entry) = current.as_mut() else {
                    continue;
                };
                if depth_in_entry == 2 {
                    reading = match (namespace.as_str(), local.as_str()) {
                        (WFW, "commentRss" | "commentrss") => Some(("comments", String::new())),
                        (SLASH, "comments") => Some(("count", String::new())),
                        ("" | ATOM, "guid" | "id") => Some(("guid", String::new())),
                        _ => None,
                    };
                    element_attributes(&reader, &start, entry, &namespace, &local, &resolve);
                }
            }
            Event::Empty(start) => {
                if let Some(entry) = current.as_mut() {
                    if depth_in_entry == 1 {
                        let (namespace, local) = element_name(&reader, &start);
                        element_attributes(&reader, &start, entry, &namespace, &local, &resolve);
                    }
                }
            }
            Event::Text(text) => {
                if let Some((_, value)) = reading.as_mut() {
                    value.push_str(&text.xml_content(quick_xml::XmlVersion::Implicit1_0));
                }
            }
            Event::CData(text) => {
                if let Some((_, value)) = reading.as_mut() {
                    value.push_str(&text.xml_content(quick_xml::XmlVersion::Implicit1_0));
                }
            }
            Event::GeneralRef(reference) => {
                if let Some((_, value)) = reading.as_mut() {
                    if let Ok(Some(character)) = reference.resolve_char_ref() {
                        value.push(character);
                    } else if let Some(resolved) =
                        quick_xml::escape::resolve_predefined_entity(&reference)
                    {
                        value.push_str(resolved);
                    }
                }
            }
            Event::End(_) => {
                if current.is_none() {
                    continue;
                }
                depth_in_entry -= 1;
                if depth_in_entry == 1 {
                    if let (Some((what, value)), Some(entry)) = (reading.take(), current.as_mut()) {
                        let value = value.trim();
                        match what {
                            "comments" if !value.is_empty() => {
                                entry.comment_feed = Some(resolve(value))
                            }
                            "count" => entry.comment_count = value.parse().ok(),
                            "guid" if !value.is_empty() => entry.guid = Some(value.to_string()),
                            _ => {}
                        }
                    }
                }
                if depth_in_entry == 0 {
                    found.extend(current.take());
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(found)
}

fn element_name(reader: &NsReader<&[u8]>, start: &BytesStart) -> (String, String) {
    let (resolved, local) = reader.resolver().resolve_element(start.name());
    let namespace = match resolved {
        ResolveResult::Bound(namespace) => namespace.0.to_string(),
        _ => String::new(),
    };
    (namespace, local.as_ref().to_string())
}

fn is_entry(namespace: &str, local: &str) -> bool {
    matches!((namespace, local), (ATOM, "entry"))
        || (local == "item" && namespace != ATOM && namespace != THREAD)
}

/// Attributes of an entry's child that matter: `thr:in-reply-to ref= href=` and Atom's
/// `link rel="replies" href= thr:count=`.
fn element_attributes(
    reader: &NsReader<&[u8]>,
    start: &BytesStart,
    entry: &mut Extensions,
    namespace: &str,
    local: &str,
    resolve: &dyn Fn(&str) -> String,
) {
    let mut attributes: Vec<(String, String, String)> = Vec::new();
    for attribute in start.attributes().flatten() {
        let (resolved, name) = reader.resolver().resolve_attribute(attribute.key);
        let attribute_namespace = match resolved {
            ResolveResult::Bound(namespace) => namespace.0.to_string(),
            _ => String::new(),
        };
        let Ok(value) = attribute.normalized_value(quick_xml::XmlVersion::Implicit1_0) else {
            continue;
        };
        attributes.push((
            attribute_namespace,
            name.as_ref().to_string(),
            value.into_owned(),
        ));
    }
    let get = |ns: &str, name: &str| {
        attributes
            .iter()
            .find(|(n, l, _)| n == ns && l == name)
            .map(|(_, _, v)| v.clone())
    };
    match (namespace, local) {
        (THREAD, "in-reply-to") => {
            if let Some(id) = get("", "ref").filter(|r| !r.trim().is_empty()) {
                entry.in_reply_to = Some(InReplyTo {
                    id: id.trim().to_string(),
                    href: get("", "href").map(|h| resolve(&h)),
                });
            }
        }
        (ATOM, "link") if get("", "rel").as_deref() == Some("replies") => {
            let feed_type = get("", "type").unwrap_or_default();
            if feed_type.contains("atom") || feed_type.contains("rss") {
                if let Some(href) = get("", "href") {
                    entry.comment_feed = Some(resolve(&href));
                }
                if let Some(count) = get(THREAD, "count").and_then(|c| c.trim().parse().ok()) {
                    entry.comment_count = Some(count);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:wfw="http://wellformedweb.org/CommentAPI/"
     xmlns:slash="http://purl.org/rss/1.0/modules/slash/">
<channel><title>Blogue</title><link>https://blog.example/</link><language>fr-CA</language>
<item><title>Billet</title><link>https://blog.example/billet/</link>
<dc:creator><![CDATA[Marie Tremblay]]></dc:creator>
<pubDate>Tue, 04 Mar 2025 14:30:00 +0000</pubDate>
<guid isPermaLink="false">https://blog.example/?p=42</guid>
<description><![CDATA[Résumé]]></description>
<content:encoded><![CDATA[<p>Le texte &amp; la suite</p>]]></content:encoded>
<wfw:commentRss>https://blog.example/billet/feed/</wfw:commentRss>
<slash:comments>3</slash:comments></item>
<item><title>Sans guid</title><link>https://blog.example/sans-guid/?a=1&amp;b=2</link>
<description>Texte simple</description><slash:comments>0</slash:comments></item>
</channel></rss>"#;

    #[test]
    fn rss_with_wordpress_extensions() {
        let feed = parse(
            RSS.as_bytes(),
            Some("application/rss+xml; charset=UTF-8"),
            "https://blog.example/feed/",
        )
        .unwrap();
        assert_eq!(feed.format, Format::Rss);
        assert_eq!(feed.language.as_deref(), Some("fr-ca"));
        let post = &feed.entries[0];
        assert_eq!(post.guid.as_deref(), Some("https://blog.example/?p=42"));
        assert_eq!(post.author.as_deref(), Some("Marie Tremblay"));
        assert_eq!(post.link.as_deref(), Some("https://blog.example/billet/"));
        assert_eq!(
            post.published.unwrap().to_rfc3339(),
            "2025-03-04T14:30:00+00:00"
        );
        assert_eq!(
            post.body.as_ref().unwrap().content,
            "<p>Le texte &amp; la suite</p>"
        );
        assert_eq!(
            post.comment_feed.as_deref(),
            Some("https://blog.example/billet/feed/")
        );
        assert_eq!(post.comment_count, Some(3));
        let second = &feed.entries[1];
        assert_eq!(second.guid, None);
        assert_eq!(
            second.link.as_deref(),
            Some("https://blog.example/sans-guid/?a=1&b=2")
        );
        assert_eq!(second.comment_count, Some(0));
    }

    #[test]
    fn atom_replies_and_in_reply_to() {
        let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:thr="http://purl.org/syndication/thread/1.0">
<title>Comments</title><id>tag:blog.example,2025:comments</id><updated>2025-03-05T10:00:00Z</updated>
<entry><id>tag:blog.example,2025:c-2</id><title>Re</title><updated>2025-03-05T10:00:00Z</updated>
<author><name>Luc</name></author>
<link rel="alternate" type="text/html" href="https://blog.example/p#c-2"/>
<link rel="replies" type="application/atom+xml" href="/p/replies.xml" thr:count="2"/>
<thr:in-reply-to ref="tag:blog.example,2025:c-1" href="https://blog.example/p#c-1"/>
<content type="html">&lt;p&gt;D&amp;#8217;accord&lt;/p&gt;</content></entry>
</feed>"#;
        let feed = parse(atom.as_bytes(), None, "https://blog.example/comments.xml").unwrap();
        assert_eq!(feed.format, Format::Atom);
        let entry = &feed.entries[0];
        assert_eq!(entry.author.as_deref(), Some("Luc"));
        assert_eq!(
            entry.in_reply_to,
            Some(InReplyTo {
                id: "tag:blog.example,2025:c-1".into(),
                href: Some("https://blog.example/p#c-1".into())
            })
        );
        assert_eq!(
            entry.comment_feed.as_deref(),
            Some("https://blog.example/p/replies.xml")
        );
        assert_eq!(entry.comment_count, Some(2));
        assert_eq!(entry.link.as_deref(), Some("https://blog.example/p#c-2"));
        assert!(entry.body.as_ref().unwrap().html);
    }

    #[test]
    fn iso_8859_1_is_decoded_and_wrong_bytes_are_refused() {
        let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(
            "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel><title>Été</title>\
             <item><guid>x1</guid><description>Un café à Québec, déjà noté.</description></item></channel></rss>",
        );
        let feed = parse(&latin1, Some("application/rss+xml"), "http://h/f").unwrap();
        assert_eq!(feed.title.as_deref(), Some("Été"));
        assert_eq!(
            feed.entries[0].body.as_ref().unwrap().content,
            "Un café à Québec, déjà noté."
        );
        // The HTTP charset is wrong, the declaration right: the bytes decide.
        assert!(parse(&latin1, Some("text/xml; charset=utf-8"), "http://h/f").is_ok());
        // Declared UTF-8 (by default) but Latin-1 bytes.
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(
            "<rss version=\"2.0\"><channel><item><guid>x</guid><description>déjà</description></item></channel></rss>",
        );
        let error = parse(&bytes, None, "http://h/f").unwrap_err();
        assert_eq!(error.kind(), "encoding");
        assert!(error.to_string().contains("is not UTF-8"), "{error}");
    }

    #[test]
    fn json_feed() {
        let json = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "Notes",
            "language": "en", "authors": [{"name": "Sam Lee"}],
            "items": [{"id": "7", "url": "https://notes.example/7", "content_html": "<p>Hello</p>",
                       "date_published": "2025-02-01T08:00:00-05:00"}]}"#;
        let feed = parse(
            json.as_bytes(),
            Some("application/feed+json"),
            "https://notes.example/feed.json",
        )
        .unwrap();
        assert_eq!(feed.format, Format::JsonFeed);
        assert_eq!(feed.language.as_deref(), Some("en"));
        let entry = &feed.entries[0];
        assert_eq!(entry.guid.as_deref(), Some("7"));
        assert_eq!(entry.author.as_deref(), Some("Sam Lee"));
        assert_eq!(
            entry.published.unwrap().to_rfc3339(),
            "2025-02-01T13:00:00+00:00"
        );
    }

    #[test]
    fn bad_documents_say_what_they_are() {
        let html = parse(
            b"<!DOCTYPE html><html><body>Hi</body></html>",
            None,
            "http://h/",
        )
        .unwrap_err();
        assert_eq!(html.kind(), "not_a_feed");
        let xhtml = parse(
            b"<?xml version=\"1.0\"?>\n<!-- x --><html><p>x</p></html>",
            None,
            "http://h/",
        );
        assert_eq!(xhtml.unwrap_err().kind(), "not_a_feed");
        let broken = parse(
            b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel>\n<item><title>x</item></channel></rss>",
            None,
            "http://h/",
        )
        .unwrap_err();
        assert_eq!(broken.kind(), "malformed");
        assert!(broken.to_string().contains("line 3"), "{broken}");
        assert_eq!(
            parse(b"", None, "http://h/").unwrap_err().kind(),
            "not_a_feed"
        );
        assert_eq!(
            parse(b"hello", None, "http://h/").unwrap_err().kind(),
            "not_a_feed"
        );
        assert_eq!(
            parse(b"{\"a\": 1}", None, "http://h/").unwrap_err().kind(),
            "not_a_feed"
        );
    }
}
