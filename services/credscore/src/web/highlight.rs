//! Evidence highlighted in an item's text: HTML marks over character spans, for the item
//! page (the charts beside it are in `charts`).

use std::fmt::Write;

use super::charts::{escape, push_escaped};

/// A span of text to highlight: character offsets [start, end) counted in Unicode scalar values (Rust `char`s, NOT bytes), a CSS class and a tooltip.
#[derive(Debug, Clone, Copy)]
pub struct Highlight<'a> {
    /// First character (inclusive).
    pub start: usize,
    /// Last character (exclusive).
    pub end: usize,
    /// CSS class of the mark.
    pub class: &'a str,
    /// Tooltip.
    pub title: &'a str,
}

/// The text, HTML-escaped, with each highlight wrapped in `<mark class="{class}" title="{title}">…</mark>`.
///
/// The text is cut at every span boundary; each covered segment gets one `<mark>` whose
/// class joins the covering spans' class tokens and whose title joins their titles with
/// "; " (both deduplicated, in input order; `title` omitted when empty). Marks never nest.
/// Offsets past the end are clamped; empty or inverted spans are ignored. Line breaks
/// (`\n`, `\r\n`, `\r`) become `<br>`.
pub fn highlight(text: &str, spans: &[Highlight]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();

    // (start, end, input index) of the usable spans, ordered by start.
    let mut live: Vec<(usize, usize, usize)> = spans
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let (a, b) = (s.start.min(n), s.end.min(n));
            (a < b).then_some((a, b, i))
        })
        .collect();
    live.sort_unstable_by_key(|&(a, _, i)| (a, i));

    let mut cuts: Vec<usize> = Vec::with_capacity(live.len() * 2 + 2);
    cuts.extend([0, n]);
    for &(a, b, _) in &live {
        cuts.extend([a, b]);
    }
    cuts.sort_unstable();
    cuts.dedup();

    let mut out = String::with_capacity(text.len() + live.len() * 48);
    // Covering spans as (end, input index), kept sorted by input index.
    let mut active: Vec<(usize, usize)> = Vec::new();
    let mut next = 0;
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        active.retain(|&(end, _)| end > a);
        while next < live.len() && live[next].0 <= a {
            let (_, end, idx) = live[next];
            let pos = active.partition_point(|&(_, i)| i < idx);
            active.insert(pos, (end, idx));
            next += 1;
        }
        if active.is_empty() {
            push_text(&mut out, &chars, a, b);
            continue;
        }
        let mut classes: Vec<&str> = Vec::new();
        let mut titles: Vec<&str> = Vec::new();
        for &(_, idx) in &active {
            let s = &spans[idx];
            for token in s.class.split_whitespace() {
                if !classes.contains(&token) {
                    classes.push(token);
                }
            }
            if !s.title.is_empty() && !titles.contains(&s.title) {
                titles.push(s.title);
            }
        }
        let _ = write!(out, "<mark class=\"{}\"", escape(&classes.join(" ")));
        if !titles.is_empty() {
            let _ = write!(out, " title=\"{}\"", escape(&titles.join("; ")));
        }
        out.push('>');
        push_text(&mut out, &chars, a, b);
        out.push_str("</mark>");
    }
    out
}

/// Appends `chars[a..b]` escaped, with line breaks as `<br>` (a `\r\n` pair gives one).
fn push_text(out: &mut String, chars: &[char], a: usize, b: usize) {
    for i in a..b {
        match chars[i] {
            '\r' if chars.get(i + 1) == Some(&'\n') => {}
            '\r' | '\n' => out.push_str("<br>"),
            c => push_escaped(out, c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::charts::tests::assert_well_formed;

    #[test]
    fn highlight_uses_char_offsets_on_multibyte_text() {
        let text = "Café 😀 génial";
        let spans = [
            Highlight {
                start: 0,
                end: 4,
                class: "fr",
                title: "mot",
            },
            Highlight {
                start: 5,
                end: 6,
                class: "emoji",
                title: "smiley",
            },
            Highlight {
                start: 7,
                end: 13,
                class: "fr",
                title: "mot",
            },
        ];
        assert_eq!(
            highlight(text, &spans),
            "<mark class=\"fr\" title=\"mot\">Café</mark> \
             <mark class=\"emoji\" title=\"smiley\">😀</mark> \
             <mark class=\"fr\" title=\"mot\">génial</mark>"
        );
    }

    #[test]
    fn highlight_adjacent_spans() {
        let spans = [
            Highlight {
                start: 3,
                end: 6,
                class: "b",
                title: "B",
            },
            Highlight {
                start: 0,
                end: 3,
                class: "a",
                title: "A",
            },
        ];
        assert_eq!(
            highlight("abcdef", &spans),
            "<mark class=\"a\" title=\"A\">abc</mark><mark class=\"b\" title=\"B\">def</mark>"
        );
    }

    #[test]
    fn highlight_overlapping_spans_do_not_cross() {
        let spans = [
            Highlight {
                start: 0,
                end: 5,
                class: "x",
                title: "X",
            },
            Highlight {
                start: 3,
                end: 8,
                class: "y",
                title: "Y",
            },
        ];
        let html = highlight("abcdefgh", &spans);
        assert_eq!(
            html,
            "<mark class=\"x\" title=\"X\">abc</mark>\
             <mark class=\"x y\" title=\"X; Y\">de</mark>\
             <mark class=\"y\" title=\"Y\">fgh</mark>"
        );
        assert_eq!(
            html.matches("<mark").count(),
            html.matches("</mark>").count()
        );
        assert_well_formed(&html);
    }

    #[test]
    fn highlight_nested_and_duplicate_spans() {
        let spans = [
            Highlight {
                start: 0,
                end: 8,
                class: "cue hedge",
                title: "hedging",
            },
            Highlight {
                start: 2,
                end: 4,
                class: "cue",
                title: "hedging",
            },
            Highlight {
                start: 3,
                end: 6,
                class: "claim",
                title: "",
            },
        ];
        let html = highlight("abcdefghij", &spans);
        assert_eq!(
            html,
            "<mark class=\"cue hedge\" title=\"hedging\">ab</mark>\
             <mark class=\"cue hedge\" title=\"hedging\">c</mark>\
             <mark class=\"cue hedge claim\" title=\"hedging\">d</mark>\
             <mark class=\"cue hedge claim\" title=\"hedging\">ef</mark>\
             <mark class=\"cue hedge\" title=\"hedging\">gh</mark>ij"
        );
        assert_eq!(html.matches("<mark ").count(), 5);
        assert_eq!(html.matches("</mark>").count(), 5);
        assert_well_formed(&html);
    }

    #[test]
    fn highlight_many_overlaps_stay_well_formed() {
        let text = "L'influenceur affirme que ce remède guérit tout, sans aucune preuve.";
        let spans: Vec<Highlight> = (0..30)
            .map(|i| Highlight {
                start: (i * 7) % 60,
                end: (i * 7) % 60 + 3 + i % 11,
                class: if i % 2 == 0 { "a" } else { "b" },
                title: if i % 3 == 0 { "t0" } else { "t1" },
            })
            .collect();
        let html = highlight(text, &spans);
        assert_well_formed(&html);
        assert_eq!(
            html.matches("<mark").count(),
            html.matches("</mark>").count()
        );
        let stripped: String = html
            .split('<')
            .enumerate()
            .map(|(i, part)| {
                if i == 0 {
                    part
                } else {
                    &part[part.find('>').unwrap() + 1..]
                }
            })
            .collect();
        assert_eq!(stripped, escape(text));
    }

    #[test]
    fn highlight_clamps_and_ignores_bad_spans() {
        let spans = [
            Highlight {
                start: 1,
                end: 99,
                class: "c",
                title: "t",
            },
            Highlight {
                start: 5,
                end: 9,
                class: "past",
                title: "p",
            },
            Highlight {
                start: 2,
                end: 1,
                class: "inverted",
                title: "i",
            },
            Highlight {
                start: 1,
                end: 1,
                class: "empty",
                title: "e",
            },
        ];
        assert_eq!(
            highlight("abé", &spans),
            "a<mark class=\"c\" title=\"t\">bé</mark>"
        );
        assert_eq!(highlight("", &spans), "");
        assert_eq!(highlight("plain", &[]), "plain");
    }

    #[test]
    fn highlight_escapes_text_class_and_title() {
        let spans = [Highlight {
            start: 1,
            end: 4,
            class: "\"x",
            title: "<t> & 'q'",
        }];
        assert_eq!(
            highlight("a<b>&", &spans),
            "a<mark class=\"&quot;x\" title=\"&lt;t&gt; &amp; &#39;q&#39;\">&lt;b&gt;</mark>&amp;"
        );
    }

    #[test]
    fn highlight_line_breaks() {
        assert_eq!(highlight("a\nb\r\nc\rd", &[]), "a<br>b<br>c<br>d");
        let spans = [Highlight {
            start: 0,
            end: 3,
            class: "m",
            title: "",
        }];
        let html = highlight("é\nè\nf", &spans);
        assert_eq!(html, "<mark class=\"m\">é<br>è</mark><br>f");
        assert_well_formed(&html);
    }
}
