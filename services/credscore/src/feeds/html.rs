//! HTML as blogs publish it in feeds → the plain text that is scored: tags removed, entities
//! decoded, scripts, styles and other non-text elements dropped, block elements kept as line
//! breaks, and links kept as text (the words of the link, then its address when the words do
//! not already show it: citing a source is evidence the model reads).

use std::borrow::Cow;

/// Elements whose content is never text a reader sees.
const DROPPED: &[&str] = &[
    "script", "style", "noscript", "template", "iframe", "object", "svg", "math", "head", "title",
];

/// Elements that start a paragraph.
const PARAGRAPHS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "aside",
    "blockquote",
    "pre",
    "ul",
    "ol",
    "dl",
    "table",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
];

/// Elements that start a line.
const LINES: &[&str] = &["br", "li", "tr", "dt", "dd", "figcaption", "caption"];

/// Plain text of an HTML fragment.
pub fn to_text(html: &str) -> String {
    let mut out = Output::default();
    let mut rest = html;
    // The link being written: its address and where its words start in the output.
    let mut link: Option<(String, usize)> = None;
    let mut in_pre = 0usize;
    while !rest.is_empty() {
        let Some(open) = rest.find('<') else {
            out.text(&decode(rest), in_pre > 0);
            break;
        };
        out.text(&decode(&rest[..open]), in_pre > 0);
        rest = &rest[open..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |end| &after[end + 3..]);
            continue;
        }
        let Some(tag) = Tag::read(rest) else {
            // A lone `<` (as in "a < b" written without an entity) is text.
            out.text("<", in_pre > 0);
            rest = &rest[1..];
            continue;
        };
        rest = &rest[tag.length..];
        let name = tag.name.as_str();
        if tag.declaration {
            continue;
        }
        if DROPPED.contains(&name) && !tag.closing {
            if !tag.self_closing {
                rest = skip_element(rest, name);
            }
            continue;
        }
        if name == "a" {
            if tag.closing {
                if let Some((href, start)) = link.take() {
                    out.link_address(&href, start);
                }
            } else if let Some(href) = tag.href {
                link = Some((href, out.text.len()));
            }
            continue;
        }
        if name == "pre" {
            in_pre = if tag.closing {
                in_pre.saturating_sub(1)
            } else {
                in_pre + 1
            };
        }
        if PARAGRAPHS.contains(&name) {
            out.breaks(2);
        } else if LINES.contains(&name) && !(tag.closing && name == "br") {
            out.breaks(1);
        } else if (matches!(name, "td" | "th") && !tag.closing) || name == "img" {
            out.space();
        }
    }
    if let Some((href, start)) = link {
        out.link_address(&href, start);
    }
    out.finish()
}

/// Decodes HTML character references (every HTML5 name, and numbers).
fn decode(text: &str) -> Cow<'_, str> {
    if text.contains('&') {
        html_escape::decode_html_entities(text)
    } else {
        Cow::Borrowed(text)
    }
}

/// Skips to just after the end tag of `name` (or to the end when it is never closed).
fn skip_element<'a>(rest: &'a str, name: &str) -> &'a str {
    let mut position = 0;
    while let Some(found) = rest[position..].find("</") {
        let start = position + found;
        let candidate = &rest[start + 2..];
        if candidate.len() >= name.len()
            && candidate[..name.len()].eq_ignore_ascii_case(name)
            && candidate[name.len()..]
                .chars()
                .next()
                .is_none_or(|c| c == '>' || c.is_ascii_whitespace())
        {
            return candidate.find('>').map_or("", |end| &candidate[end + 1..]);
        }
        position = start + 2;
    }
    ""
}

/// One tag, as far as text extraction cares.
struct Tag {
    /// Lowercase element name.
    name: String,
    /// `</…>`.
    closing: bool,
    /// `<…/>`.
    self_closing: bool,
    /// `<!…>` or `<?…>`: nothing to show.
    declaration: bool,
    /// The `href` of a link.
    href: Option<String>,
    /// Bytes from `<` to `>` included.
    length: usize,
}

impl Tag {
    /// Reads the tag at the start of `input` (which starts with `<`), or None when the `<`
    /// does not open a tag.
    fn read(input: &str) -> Option<Tag> {
        let bytes = input.as_bytes();
        let mut position = 1;
        let declaration = matches!(bytes.get(1), Some(b'!' | b'?'));
        let closing = bytes.get(1) == Some(&b'/');
        if declaration || closing {
            position = 2;
        }
        let name_start = position;
        while position < bytes.len()
            && (bytes[position].is_ascii_alphanumeric() || bytes[position] == b'-')
        {
            position += 1;
        }
        if position == name_start && !declaration {
            return None;
        }
        let name = input[name_start..position].to_ascii_lowercase();
        // The end of the tag, skipping `>` inside quoted attribute values.
        let mut quote: Option<u8> = None;
        let mut end = None;
        for (offset, &byte) in bytes[position..].iter().enumerate() {
            match (quote, byte) {
                (Some(q), b) if b == q => quote = None,
                (Some(_), _) => {}
                (None, b'"' | b'\'') => quote = Some(byte),
                (None, b'>') => {
                    end = Some(position + offset);
                    break;
                }
                _ => {}
            }
        }
        let end = end.unwrap_or(bytes.len().saturating_sub(1));
        let inside = &input[position..end.max(position)];
        let href = (name == "a" && !closing)
            .then(|| attribute(inside, "href"))
            .flatten();
        Some(Tag {
            self_closing: inside.trim_end().ends_with('/'),
            name,
            closing,
            declaration,
            href,
            length: end + 1,
        })
    }
}

/// The value of attribute `name` in the inside of a tag, entities decoded.
fn attribute(inside: &str, name: &str) -> Option<String> {
    let lower = inside.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find(name) {
        let at = from + found;
        from = at + name.len();
        let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        let after = lower[from..].trim_start();
        if !before_ok || !after.starts_with('=') {
            continue;
        }
        let value_start = inside.len() - after.len() + 1;
        let value = inside[value_start..].trim_start();
        let raw = match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or(""),
            _ => value
                .split(|c: char| c.is_ascii_whitespace())
                .next()
                .unwrap_or(""),
        };
        return Some(decode(raw).trim().to_string());
    }
    None
}

/// The text being built: whitespace collapsed as a browser does, line breaks from blocks.
#[derive(Default)]
struct Output {
    text: String,
    /// Line breaks owed before the next word (1 or 2).
    pending_breaks: usize,
    /// A space owed before the next word.
    pending_space: bool,
}

impl Output {
    fn text(&mut self, text: &str, preformatted: bool) {
        for character in text.chars() {
            // What PostgreSQL cannot store, and other control characters, are no text.
            if character.is_control() && !character.is_whitespace() {
                continue;
            }
            if preformatted && character == '\n' {
                self.breaks(1);
                continue;
            }
            if character.is_whitespace() && character != '\u{a0}' {
                self.pending_space = true;
                continue;
            }
            self.flush();
            self.text.push(character);
        }
    }

    fn flush(&mut self) {
        if self.text.is_empty() {
            self.pending_breaks = 0;
            self.pending_space = false;
            return;
        }
        if self.pending_breaks > 0 {
            let trimmed = self.text.trim_end_matches([' ', '\u{a0}']).len();
            self.text.truncate(trimmed);
            for _ in 0..self.pending_breaks {
                self.text.push('\n');
            }
        } else if self.pending_space {
            self.text.push(' ');
        }
        self.pending_breaks = 0;
        self.pending_space = false;
    }

    fn breaks(&mut self, count: usize) {
        self.pending_breaks = self.pending_breaks.max(count);
    }

    fn space(&mut self) {
        self.pending_space = true;
    }

    /// After a link's words: its address, unless the words already show it (or it is only
    /// an anchor or a relative link, which says nothing out of context).
    fn link_address(&mut self, href: &str, start: usize) {
        let absolute = href.starts_with("http://") || href.starts_with("https://");
        if !absolute {
            return;
        }
        let words = self.text.get(start..).unwrap_or("");
        let bare = href
            .trim_start_matches("https://")
            .trim_start_matches("http://")
            .trim_start_matches("www.")
            .trim_end_matches('/');
        if words.contains(bare) {
            return;
        }
        if words.trim().is_empty() {
            self.pending_space = true;
            self.text(href, false);
        } else {
            self.text.push_str(" (");
            self.text.push_str(href);
            self.text.push(')');
        }
    }

    fn finish(self) -> String {
        self.text
            .lines()
            .map(|line| line.trim_matches([' ', '\u{a0}']))
            .collect::<Vec<_>>()
            .join("\n")
            .split("\n\n\n")
            .collect::<Vec<_>>()
            .join("\n\n")
            .trim()
            .to_string()
    }
}

/// What WordPress writes before a threaded reply in its comment feeds ("In reply to <a
/// href=…>Name</a>."), in the languages this product reads: the link names the comment
/// answered. Returns the link and the reply without that line.
pub fn leading_reply_link(html: &str) -> Option<(String, &str)> {
    const PHRASES: &[&str] = &["in reply to", "en réponse à", "en reponse a"];
    let mut rest = html.trim_start();
    // The phrase may sit inside the comment's first paragraph.
    if rest.len() >= 3 && rest[..3].eq_ignore_ascii_case("<p>") {
        rest = rest[3..].trim_start();
    }
    let link_start = rest.find("<a")?;
    let phrase = decode(&rest[..link_start]).to_lowercase();
    let phrase = phrase.trim();
    if !PHRASES.contains(&phrase) {
        return None;
    }
    let tag = Tag::read(&rest[link_start..])?;
    let href = tag.href?;
    let after_open = &rest[link_start + tag.length..];
    let close = after_open.to_ascii_lowercase().find("</a>")?;
    let after = after_open[close + 4..].trim_start();
    let after = after.strip_prefix('.').unwrap_or(after);
    Some((href, after))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_are_decoded_once() {
        assert_eq!(
            to_text(
                "<p>Caf&eacute; &amp; cr&#232;me &#x2014; l&rsquo;&eacute;t&eacute; &lt;b&gt;</p>"
            ),
            "Café & crème — l’été <b>"
        );
        assert_eq!(to_text("&amp;amp;"), "&amp;");
    }

    #[test]
    fn scripts_styles_and_comments_are_dropped() {
        let html = "<style>p{color:red}</style><p>Bonjour<script type=\"text/javascript\">\
                    var x = \"</p>\"; alert('pub');</script> tout le monde</p>\
                    <!-- <p>caché</p> --><noscript>Activez JavaScript</noscript>";
        assert_eq!(to_text(html), "Bonjour tout le monde");
        assert_eq!(to_text("<SCRIPT>x()</SCRIPT>Texte"), "Texte");
    }

    #[test]
    fn blocks_become_line_breaks_and_spaces_collapse() {
        let html =
            "<h2>Titre</h2>\n<p>Un   paragraphe\nsur deux lignes.</p><p>Deux<br>lignes<br/>ici</p>\
                    <ul><li>un</li><li>deux</li></ul>";
        assert_eq!(
            to_text(html),
            "Titre\n\nUn paragraphe sur deux lignes.\n\nDeux\nlignes\nici\n\nun\ndeux"
        );
    }

    #[test]
    fn links_are_kept_as_text_with_their_address() {
        assert_eq!(
            to_text("Selon <a href=\"https://doi.org/10.1000/xyz\">cette étude</a>, non."),
            "Selon cette étude (https://doi.org/10.1000/xyz), non."
        );
        // The words already show the address: not twice.
        assert_eq!(
            to_text("<a href=\"https://example.org/\">example.org</a>"),
            "example.org"
        );
        // An anchor or a relative link adds nothing.
        assert_eq!(
            to_text("<a href=\"#comment-3\">Marie</a> a raison"),
            "Marie a raison"
        );
        // An image link shows its address.
        assert_eq!(
            to_text("Voir <a href='https://ex.org/a?b=1&amp;c=2'><img src=x></a>"),
            "Voir https://ex.org/a?b=1&c=2"
        );
    }

    #[test]
    fn a_lone_angle_bracket_is_text() {
        assert_eq!(to_text("a < b et c > d"), "a < b et c > d");
    }

    #[test]
    fn control_characters_are_not_text() {
        assert_eq!(to_text("a\u{0}b\u{7}c"), "abc");
    }

    #[test]
    fn a_wordpress_reply_names_the_comment_it_answers() {
        let html = "<p>In reply to <a href=\"https://blog.example/post/#comment-12\">Marie</a>.</p>\n<p>Merci Marie!</p>";
        let (href, rest) = leading_reply_link(html).unwrap();
        assert_eq!(href, "https://blog.example/post/#comment-12");
        assert_eq!(to_text(rest), "Merci Marie!");
        let french = "En r&eacute;ponse &agrave; <a href='https://b.example/p/#comment-1'>Luc</a>. D'accord.";
        assert_eq!(
            leading_reply_link(french).unwrap().0,
            "https://b.example/p/#comment-1"
        );
        assert!(leading_reply_link("<p>Voir <a href=\"x\">ceci</a></p>").is_none());
    }
}
