//! What an entry becomes: an item of the contract (id stable across polls, author, post or
//! comment, the item it answers, plain text, date), and the hash of what is published, by
//! which an edit is told from an entry seen again.

use std::collections::HashMap;

use credscore_model::item::{MAX_ID_CHARS, MAX_TEXT_CHARS};
use credscore_model::{Item, Kind, Lang};
use sha2::{Digest, Sha256};

use crate::feeds::html;
use crate::feeds::parse::{Entry, ParsedFeed};

/// The feed a document came from, as its items need it.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// The feed's address (it qualifies ids that are not addresses themselves).
    pub url: &'a str,
    /// The items' platform, as the feed was added with.
    pub platform: Option<&'a str>,
    /// The items' language, as the feed was added with.
    pub lang: Option<&'a str>,
    /// For a comment feed found through a post: that post's item id.
    pub post_id: Option<&'a str>,
}

/// What a comment answers, before the addresses in the thread are turned into ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParentRef {
    /// An item id.
    Id(String),
    /// The address of the entry answered.
    Link(String),
    /// Nothing known: a post.
    None,
}

/// An entry made into an item whose parent is not resolved yet.
#[derive(Debug, Clone)]
pub struct Draft {
    /// The item (its `parent_id` unset).
    pub item: Item,
    /// What it answers.
    pub parent: ParentRef,
    /// The entry's comment feed and comment count.
    pub comment_feed: Option<(String, Option<u64>)>,
}

/// An entry that cannot become an item, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// A short reason code (a metrics label).
    pub reason: &'static str,
    /// What is wrong, naming the entry.
    pub message: String,
}

/// The id of an entry: its guid or id as written when that is an address or URN (already
/// unique across the web), else qualified by the feed's address; with no id at all, a hash
/// of its link. Stable across polls; None when the entry has neither.
pub fn item_id(guid: Option<&str>, link: Option<&str>, feed_url: &str) -> Option<String> {
    let id = match (guid.map(str::trim).filter(|g| !g.is_empty()), link) {
        (Some(guid), _) if is_absolute(guid) => guid.to_string(),
        (Some(guid), _) => format!("{feed_url}#{guid}"),
        (None, Some(link)) if !link.trim().is_empty() => {
            format!("link:{}", &sha256_hex(link.trim())[..32])
        }
        _ => return None,
    };
    Some(if id.chars().count() > MAX_ID_CHARS {
        format!("sha256:{}", sha256_hex(&id))
    } else {
        id
    })
}

/// Whether an id is an absolute URI (`https://…`, `tag:…`, `urn:…`).
fn is_absolute(id: &str) -> bool {
    let Some((scheme, rest)) = id.split_once(':') else {
        return false;
    };
    !rest.is_empty()
        && scheme.len() >= 2
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The hash of what is published of an item: an entry whose hash changed is an edit.
pub fn content_hash(item: &Item) -> String {
    let mut hasher = Sha256::new();
    for part in [
        item.author.as_str(),
        item.kind.as_str(),
        item.parent_id.as_deref().unwrap_or(""),
        item.created_at.as_deref().unwrap_or(""),
        item.text.as_str(),
    ] {
        hasher.update(part.as_bytes());
        hasher.update([0u8]);
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Makes each entry of a document into a draft item; entries that cannot be are listed with
/// the reason.
pub fn drafts(feed: &ParsedFeed, source: Source<'_>) -> (Vec<Draft>, Vec<Skipped>) {
    let mut drafts = Vec::with_capacity(feed.entries.len());
    let mut skipped = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (index, entry) in feed.entries.iter().enumerate() {
        let name = entry_name(entry, index);
        let Some(id) = item_id(entry.guid.as_deref(), entry.link.as_deref(), source.url) else {
            skipped.push(Skipped {
                reason: "no_id",
                message: format!(
                    "{name} has neither an id (guid) nor a link, so it cannot be recognised from one poll to the next"
                ),
            });
            continue;
        };
        if !seen.insert(id.clone()) {
            skipped.push(Skipped {
                reason: "duplicate",
                message: format!("{name} repeats the id {id:?} of an earlier entry"),
            });
            continue;
        }
        let (text, reply_link) = entry_text(entry);
        let mut parent = parent_of(entry, reply_link, source);
        if parent == ParentRef::None {
            if let Some(post) = source.post_id {
                parent = ParentRef::Id(post.to_string());
            }
        }
        let kind = if parent == ParentRef::None {
            Kind::Post
        } else {
            Kind::Comment
        };
        let text = match (kind, entry.title.as_deref()) {
            // A post's title is its author's words; a comment's ("By: Jean") is the feed's.
            (Kind::Post, Some(title)) if !text.starts_with(title) => {
                if text.is_empty() {
                    title.to_string()
                } else {
                    format!("{title}\n\n{text}")
                }
            }
            _ => text,
        };
        let lang = [
            source.lang,
            entry.language.as_deref(),
            feed.language.as_deref(),
        ]
        .into_iter()
        .flatten()
        .find(|hint| Lang::from_hint(hint).is_some())
        .map(str::to_string);
        let author = entry
            .author
            .clone()
            .or_else(|| feed.authors.first().cloned())
            .or_else(|| feed.title.clone().filter(|t| !t.is_empty()))
            .or_else(|| host(source.url))
            .unwrap_or_default();
        drafts.push(Draft {
            item: Item {
                id,
                author: truncate(&author, MAX_ID_CHARS),
                kind,
                parent_id: None,
                platform: source.platform.map(str::to_string),
                lang,
                created_at: entry
                    .published
                    .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
                url: entry.link.clone(),
                text: truncate(&text, MAX_TEXT_CHARS),
            },
            parent,
            comment_feed: entry
                .comment_feed
                .clone()
                .map(|url| (url, entry.comment_count)),
        });
    }
    (drafts, skipped)
}

/// Resolves what each draft answers: an address becomes the id of the entry at that
/// address (in this document, or published before: `known`), or else of the post the
/// address belongs to (the address without its `#comment-…` anchor).
pub fn resolve_parents(
    drafts: Vec<Draft>,
    known: &HashMap<String, String>,
    source: Source<'_>,
) -> Vec<Draft> {
    let in_document: HashMap<String, String> = drafts
        .iter()
        .filter_map(|d| Some((d.item.url.clone()?, d.item.id.clone())))
        .collect();
    let lookup = |address: &str| {
        in_document
            .get(address)
            .or_else(|| known.get(address))
            .cloned()
    };
    drafts
        .into_iter()
        .map(|mut draft| {
            draft.item.parent_id = match &draft.parent {
                ParentRef::Id(id) => Some(id.clone()),
                ParentRef::Link(address) => lookup(address)
                    .or_else(|| lookup(without_fragment(address)))
                    .or_else(|| source.post_id.map(str::to_string)),
                ParentRef::None => None,
            }
            // An entry never answers itself (a comment feed's link to its own post page).
            .filter(|parent| *parent != draft.item.id);
            draft
        })
        .collect()
}

/// The addresses drafts answer, to look up among items published before.
pub fn parent_links(drafts: &[Draft]) -> Vec<String> {
    let mut links: Vec<String> = drafts
        .iter()
        .filter_map(|d| match &d.parent {
            ParentRef::Link(address) => Some(address.clone()),
            _ => None,
        })
        .flat_map(|address| {
            let bare = without_fragment(&address).to_string();
            [address, bare]
        })
        .collect();
    links.sort();
    links.dedup();
    links
}

fn without_fragment(address: &str) -> &str {
    address.split('#').next().unwrap_or(address)
}

/// What an entry answers, as far as the entry says.
fn parent_of(entry: &Entry, reply_link: Option<String>, source: Source<'_>) -> ParentRef {
    if let Some(reply) = &entry.in_reply_to {
        if is_absolute(&reply.id) {
            return ParentRef::Id(item_id(Some(&reply.id), None, source.url).unwrap_or_default());
        }
        if let Some(href) = &reply.href {
            return ParentRef::Link(href.clone());
        }
        return ParentRef::Id(item_id(Some(&reply.id), None, source.url).unwrap_or_default());
    }
    if let Some(link) = reply_link {
        return ParentRef::Link(link);
    }
    // A comment of a site-wide comment feed: its address is its post's, with an anchor.
    if source.post_id.is_none() {
        if let Some(link) = &entry.link {
            if let Some((post, anchor)) = link.split_once('#') {
                if anchor.starts_with("comment") && !post.is_empty() {
                    return ParentRef::Link(post.to_string());
                }
            }
        }
    }
    ParentRef::None
}

/// The plain text of an entry, and the comment it answers when WordPress wrote "In reply
/// to …" before it.
fn entry_text(entry: &Entry) -> (String, Option<String>) {
    let Some(body) = &entry.body else {
        return (String::new(), None);
    };
    if !body.html {
        return (body.content.trim().to_string(), None);
    }
    match html::leading_reply_link(&body.content) {
        Some((link, rest)) => (html::to_text(rest), Some(link)),
        None => (html::to_text(&body.content), None),
    }
}

fn entry_name(entry: &Entry, index: usize) -> String {
    match (&entry.title, &entry.link) {
        (Some(title), _) => format!("entry {} ({title:?})", index + 1),
        (None, Some(link)) => format!("entry {} ({link})", index + 1),
        (None, None) => format!("entry {}", index + 1),
    }
}

fn host(url: &str) -> Option<String> {
    url::Url::parse(url)
        .ok()?
        .host_str()
        .map(|h| h.trim_start_matches("www.").to_string())
}

/// At most `limit` characters, cut at a space when one is near the end.
fn truncate(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_string();
    }
    let cut: String = text.chars().take(limit).collect();
    match cut.rfind(char::is_whitespace) {
        Some(space) if cut.len() - space < 200 => cut[..space].trim_end().to_string(),
        _ => cut,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feeds::parse::{parse, Body, InReplyTo};

    const FEED: &str = "https://blog.example/feed/";

    fn source(post_id: Option<&str>) -> Source<'_> {
        Source {
            url: FEED,
            platform: Some("blog"),
            lang: None,
            post_id,
        }
    }

    #[test]
    fn ids_are_stable_and_unique() {
        assert_eq!(
            item_id(Some(" https://blog.example/?p=42 "), None, FEED).unwrap(),
            "https://blog.example/?p=42"
        );
        assert_eq!(
            item_id(Some("tag:blog.example,2025:1"), Some("https://x/"), FEED).unwrap(),
            "tag:blog.example,2025:1"
        );
        // A bare number (JSON Feed) is qualified by its feed.
        assert_eq!(
            item_id(Some("42"), None, FEED).unwrap(),
            "https://blog.example/feed/#42"
        );
        // No id: a hash of the link, the same every time.
        let by_link = item_id(None, Some("https://blog.example/a/"), FEED).unwrap();
        assert!(
            by_link.starts_with("link:") && by_link.len() == 37,
            "{by_link}"
        );
        assert_eq!(
            item_id(None, Some("https://blog.example/a/"), FEED).unwrap(),
            by_link
        );
        assert_ne!(
            item_id(None, Some("https://blog.example/b/"), FEED).unwrap(),
            by_link
        );
        assert_eq!(item_id(None, None, FEED), None);
        // Too long for the contract: hashed.
        let long = format!("https://blog.example/{}", "x".repeat(300));
        assert!(item_id(Some(&long), None, FEED)
            .unwrap()
            .starts_with("sha256:"));
    }

    #[test]
    fn the_same_document_gives_the_same_items() {
        let rss = "<rss version=\"2.0\"><channel><title>B</title>\
            <item><title>Un</title><link>https://blog.example/un/</link><description>&lt;p&gt;Premier&lt;/p&gt;</description></item>\
            <item><guid>https://blog.example/?p=2</guid><title>Deux</title><description>Second</description></item>\
            </channel></rss>";
        let first = parse(rss.as_bytes(), None, FEED).unwrap();
        let second = parse(rss.as_bytes(), None, FEED).unwrap();
        let ids = |feed: &ParsedFeed| -> Vec<String> {
            drafts(feed, source(None))
                .0
                .into_iter()
                .map(|d| d.item.id)
                .collect()
        };
        assert_eq!(ids(&first), ids(&second));
        let (made, skipped) = drafts(&first, source(None));
        assert!(skipped.is_empty());
        assert_eq!(made[0].item.text, "Un\n\nPremier");
        assert_eq!(made[0].item.author, "B", "the feed's title when no author");
        assert_eq!(made[1].item.id, "https://blog.example/?p=2");
        assert_eq!(content_hash(&made[0].item), content_hash(&made[0].item));
        let mut edited = made[0].item.clone();
        edited.text.push('!');
        assert_ne!(content_hash(&made[0].item), content_hash(&edited));
    }

    fn comment(id: &str, link: &str, html: &str) -> Entry {
        Entry {
            guid: Some(id.into()),
            link: Some(link.into()),
            title: Some("By: Someone".into()),
            author: Some("Someone".into()),
            body: Some(Body {
                content: html.into(),
                html: true,
            }),
            ..Entry::default()
        }
    }

    #[test]
    fn threads_resolve_to_ids() {
        let post = "https://blog.example/?p=42";
        let feed = ParsedFeed {
            format: crate::feeds::parse::Format::Rss,
            title: Some("Comments on: Billet".into()),
            authors: vec![],
            language: Some("fr-FR".into()),
            entries: vec![
                comment(
                    "https://blog.example/?p=42#comment-1",
                    "https://blog.example/billet/#comment-1",
                    "<p>Bravo</p>",
                ),
                comment(
                    "https://blog.example/?p=42#comment-2",
                    "https://blog.example/billet/#comment-2",
                    "<p>In reply to <a href=\"https://blog.example/billet/#comment-1\">Marie</a>.</p><p>Merci</p>",
                ),
                Entry {
                    in_reply_to: Some(InReplyTo {
                        id: "https://blog.example/?p=42#comment-2".into(),
                        href: None,
                    }),
                    ..comment(
                        "https://blog.example/?p=42#comment-3",
                        "https://blog.example/billet/#comment-3",
                        "Oui",
                    )
                },
            ],
        };
        let (made, _) = drafts(&feed, source(Some(post)));
        let made = resolve_parents(made, &HashMap::new(), source(Some(post)));
        let parents: Vec<Option<&str>> = made.iter().map(|d| d.item.parent_id.as_deref()).collect();
        assert_eq!(
            parents,
            vec![
                Some(post),
                Some("https://blog.example/?p=42#comment-1"),
                Some("https://blog.example/?p=42#comment-2"),
            ]
        );
        assert!(made.iter().all(|d| d.item.kind == Kind::Comment));
        assert_eq!(made[1].item.text, "Merci", "the reply line is WordPress's");
        assert_eq!(
            made[0].item.text, "Bravo",
            "a comment's title is not its text"
        );
        assert_eq!(made[0].item.lang.as_deref(), Some("fr-FR"));

        // A site-wide comment feed: the post is found by the comment's address.
        let (made, _) = drafts(&feed, source(None));
        let known: HashMap<String, String> =
            [("https://blog.example/billet/".to_string(), post.to_string())].into();
        assert_eq!(
            parent_links(&made),
            vec![
                "https://blog.example/billet/".to_string(),
                "https://blog.example/billet/#comment-1".to_string()
            ]
        );
        let made = resolve_parents(made, &known, source(None));
        assert_eq!(made[0].item.parent_id.as_deref(), Some(post));
    }

    #[test]
    fn long_texts_are_cut_at_a_space() {
        let text = "mot ".repeat(6000);
        let cut = truncate(&text, MAX_TEXT_CHARS);
        assert!(cut.chars().count() <= MAX_TEXT_CHARS);
        assert!(cut.ends_with("mot"));
    }
}
