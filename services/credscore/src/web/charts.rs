//! Server-rendered HTML fragments and SVG charts for the dashboard (no scripts, no external assets).

use std::fmt::Write as _;

const SVG_NS: &str = "http://www.w3.org/2000/svg";
/// Default series fills, used when the stylesheet does not colour a class.
const PALETTE: [&str; 6] = [
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1",
];
const AXIS: &str = "#9ca3af";
const GRID: &str = "#e5e7eb";
const INK: &str = "#374151";
const TRACK: &str = "#e5e7eb";
/// Rough width of one character at the 10px font size, for layout estimates.
const CHAR_W: f64 = 6.5;

/// Escapes text for HTML element content and attribute values (& < > " ').
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_escaped(&mut out, c);
    }
    out
}

pub(super) fn push_escaped(out: &mut String, c: char) {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '"' => out.push_str("&quot;"),
        '\'' => out.push_str("&#39;"),
        c => out.push(c),
    }
}

/// Escapes text for SVG, dropping control characters that XML does not allow.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if !c.is_control() || matches!(c, '\t' | '\n' | '\r') {
            push_escaped(&mut out, c);
        }
    }
    out
}

/// Formats a coordinate with at most two decimals ("12", "3.5", "0.25").
fn num(x: f64) -> String {
    if !x.is_finite() {
        return "0".to_string();
    }
    let s = format!("{x:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// Clamps to [0, 1], NaN becoming 0.
fn unit(x: f64) -> f64 {
    if x.is_nan() {
        0.0
    } else {
        x.clamp(0.0, 1.0)
    }
}

/// Joins a fixed class with a user class, escaped.
fn class_attr(base: &str, extra: &str) -> String {
    let extra = extra.trim();
    if extra.is_empty() {
        base.to_string()
    } else {
        format!("{base} {}", esc(extra))
    }
}

fn items_word(n: u64) -> &'static str {
    if n == 1 {
        "item"
    } else {
        "items"
    }
}

fn text_width(s: &str) -> f64 {
    s.chars().count() as f64 * CHAR_W
}

/// Opening `<svg>` tag plus its `<title>`.
fn open_svg(class: &str, title: &str, w: f64, h: f64) -> String {
    let t = esc(title);
    let (w, h) = (num(w), num(h));
    format!(
        "<svg xmlns=\"{SVG_NS}\" class=\"{class}\" role=\"img\" aria-label=\"{t}\" \
         width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" \
         font-family=\"sans-serif\" font-size=\"10\"><title>{t}</title>"
    )
}

/// Finishes `out` with a centred "No data" message.
fn no_data(mut out: String, w: f64, h: f64) -> String {
    let _ = write!(
        out,
        "<text class=\"empty\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"{INK}\">No data</text></svg>",
        num(w / 2.0),
        num(h / 2.0 + 4.0)
    );
    out
}

fn line(out: &mut String, class: &str, (x1, y1): (f64, f64), (x2, y2): (f64, f64), stroke: &str) {
    let _ = write!(
        out,
        "<line class=\"{class}\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{stroke}\"/>",
        num(x1),
        num(y1),
        num(x2),
        num(y2)
    );
}

fn text(out: &mut String, class: &str, x: f64, y: f64, anchor: &str, content: &str) {
    let _ = write!(
        out,
        "<text class=\"{class}\" x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" fill=\"{INK}\">{}</text>",
        num(x),
        num(y),
        esc(content)
    );
}

/// Integer axis scale for counts up to `max`: (tick step, axis top), with about four steps.
fn nice_scale(max: u64) -> (u64, u64) {
    let max = max.max(1);
    let mut base: u64 = 1;
    loop {
        for m in [1, 2, 5] {
            let step = base.saturating_mul(m);
            if step.saturating_mul(4) >= max {
                return (step, max.div_ceil(step).saturating_mul(step));
            }
        }
        base = base.saturating_mul(10);
    }
}

/// One series of a histogram: a label for the legend, a CSS class, and one count per bin.
#[derive(Debug, Clone, Copy)]
pub struct HistogramSeries<'a> {
    /// Legend label.
    pub label: &'a str,
    /// CSS class of its bars.
    pub class: &'a str,
    /// Count per bin.
    pub counts: &'a [u64],
}

/// Histogram over [0, 1] split into `counts.len()` equal bins (all series have the same number of bins), series drawn side by side in each bin.
///
/// One `<rect class="bar {class}">` per non-empty (series, bin), each with a `<title>`
/// such as "fr 0.40–0.50: 12 items"; legend swatches are `<rect class="swatch {class}">`.
/// No series or all-zero counts render "No data". A series shorter than the others
/// counts as zero in the missing bins.
pub fn histogram(title: &str, series: &[HistogramSeries]) -> String {
    const W: f64 = 560.0;
    const H: f64 = 220.0;
    const LEFT: f64 = 44.0;
    const RIGHT: f64 = 548.0;
    const TOP: f64 = 28.0;
    const BOTTOM: f64 = 194.0;

    let mut out = open_svg("chart histogram", title, W, H);
    let bins = series.iter().map(|s| s.counts.len()).max().unwrap_or(0);
    let max = series
        .iter()
        .flat_map(|s| s.counts.iter().copied())
        .max()
        .unwrap_or(0);
    if bins == 0 || max == 0 {
        return no_data(out, W, H);
    }

    let (step, top) = nice_scale(max);
    let plot_w = RIGHT - LEFT;
    let plot_h = BOTTOM - TOP;
    let y_of = |c: u64| BOTTOM - c as f64 / top as f64 * plot_h;

    // Grid and y ticks.
    let mut tick = 0u64;
    loop {
        let y = y_of(tick);
        if tick > 0 {
            line(&mut out, "grid", (LEFT, y), (RIGHT, y), GRID);
        }
        text(
            &mut out,
            "tick",
            LEFT - 6.0,
            y + 3.5,
            "end",
            &tick.to_string(),
        );
        match tick.checked_add(step) {
            Some(next) if next <= top => tick = next,
            _ => break,
        }
    }

    // Bars.
    let bw = plot_w / bins as f64;
    let pad = (bw * 0.1).min(4.0);
    let sub = (bw - 2.0 * pad) / series.len() as f64;
    for b in 0..bins {
        let lo = b as f64 / bins as f64;
        let hi = (b + 1) as f64 / bins as f64;
        for (si, s) in series.iter().enumerate() {
            let count = s.counts.get(b).copied().unwrap_or(0);
            if count == 0 {
                continue;
            }
            let h = (count as f64 / top as f64 * plot_h).max(1.0);
            let x = LEFT + b as f64 * bw + pad + si as f64 * sub;
            let tip = format!("{} {lo:.2}–{hi:.2}: {count} {}", s.label, items_word(count));
            let _ = write!(
                out,
                "<rect class=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{}</title></rect>",
                class_attr("bar", s.class),
                num(x),
                num(BOTTOM - h),
                num(sub),
                num(h),
                PALETTE[si % PALETTE.len()],
                esc(tip.trim_start())
            );
        }
    }

    // Axes and x ticks.
    line(&mut out, "axis", (LEFT, BOTTOM), (RIGHT, BOTTOM), AXIS);
    line(&mut out, "axis", (LEFT, TOP), (LEFT, BOTTOM), AXIS);
    for k in 0..=4 {
        let v = f64::from(k) / 4.0;
        let x = LEFT + v * plot_w;
        line(&mut out, "axis", (x, BOTTOM), (x, BOTTOM + 4.0), AXIS);
        text(&mut out, "tick", x, BOTTOM + 14.0, "middle", &num(v));
    }

    // Legend.
    let mut lx = LEFT;
    for (si, s) in series.iter().enumerate() {
        let _ = write!(
            out,
            "<rect class=\"{}\" x=\"{}\" y=\"6\" width=\"10\" height=\"10\" fill=\"{}\"/>",
            class_attr("swatch", s.class),
            num(lx),
            PALETTE[si % PALETTE.len()]
        );
        text(&mut out, "legend", lx + 14.0, 15.0, "start", s.label);
        lx += 28.0 + text_width(s.label);
    }

    out.push_str("</svg>");
    out
}

/// One point of a score-over-time chart: x label (e.g. "2026-W14" or "2026-03-02"), value in [0, 1], and the number of items behind it.
#[derive(Debug, Clone, Copy)]
pub struct TimePoint<'a> {
    /// Label of the point (its period).
    pub label: &'a str,
    /// Its value in [0, 1].
    pub value: f64,
    /// Items behind it.
    pub items: u64,
    /// Position in time (any unit, e.g. days). When every point has one, the x axis is
    /// proportional to time; otherwise points are equally spaced.
    pub at: Option<f64>,
}

/// Line chart of values in [0, 1] over points in the given order: placed by their time when
/// every point has one, else equally spaced.
///
/// One `<polyline class="line">` (two or more points), one `<circle class="point">` per
/// point with a `<title>` like "2026-W14: 0.72 (5 items)", an optional dashed
/// `<line class="reference">`, and up to 8 non-overlapping `<text class="xlabel">`.
/// Values are clamped to [0, 1]; non-finite values are skipped (their slot stays).
pub fn timeline(title: &str, points: &[TimePoint], reference: Option<f64>) -> String {
    const W: f64 = 560.0;
    const H: f64 = 200.0;
    const LEFT: f64 = 36.0;
    const RIGHT: f64 = 550.0;
    const TOP: f64 = 12.0;
    const BOTTOM: f64 = 172.0;
    const PAD: f64 = 10.0;

    let mut out = open_svg("chart timeline", title, W, H);
    if points.iter().all(|p| !p.value.is_finite()) {
        return no_data(out, W, H);
    }

    let y_of = |v: f64| BOTTOM - unit(v) * (BOTTOM - TOP);
    let n = points.len();
    let span = RIGHT - LEFT - 2.0 * PAD;
    let times: Option<Vec<f64>> = points
        .iter()
        .map(|p| p.at.filter(|t| t.is_finite()))
        .collect();
    let xs: Vec<f64> = match times {
        Some(times) if n > 1 => {
            let (first, last) = times
                .iter()
                .fold((f64::MAX, f64::MIN), |(lo, hi), &t| (lo.min(t), hi.max(t)));
            let width = (last - first).max(f64::MIN_POSITIVE);
            times
                .iter()
                .map(|t| LEFT + PAD + (t - first) / width * span)
                .collect()
        }
        _ => (0..n)
            .map(|i| {
                if n == 1 {
                    (LEFT + RIGHT) / 2.0
                } else {
                    LEFT + PAD + i as f64 * span / (n - 1) as f64
                }
            })
            .collect(),
    };

    for v in [0.0, 0.5, 1.0] {
        let y = y_of(v);
        if v > 0.0 {
            line(&mut out, "grid", (LEFT, y), (RIGHT, y), GRID);
        }
        text(&mut out, "tick", LEFT - 6.0, y + 3.5, "end", &num(v));
    }
    line(&mut out, "axis", (LEFT, BOTTOM), (RIGHT, BOTTOM), AXIS);
    line(&mut out, "axis", (LEFT, TOP), (LEFT, BOTTOM), AXIS);

    if let Some(r) = reference.filter(|r| r.is_finite()) {
        let y = num(y_of(r));
        let _ = write!(
            out,
            "<line class=\"reference\" x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"#6b7280\" \
             stroke-dasharray=\"4 3\"><title>reference: {:.2}</title></line>",
            num(LEFT),
            num(RIGHT),
            unit(r)
        );
    }

    let drawn: Vec<(usize, f64, f64)> = points
        .iter()
        .enumerate()
        .filter(|(_, p)| p.value.is_finite())
        .map(|(i, p)| (i, xs[i], y_of(p.value)))
        .collect();

    if drawn.len() >= 2 {
        let coords: Vec<String> = drawn
            .iter()
            .map(|&(_, x, y)| format!("{},{}", num(x), num(y)))
            .collect();
        let _ = write!(
            out,
            "<polyline class=\"line\" points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"/>",
            coords.join(" "),
            PALETTE[0]
        );
    }

    for &(i, x, y) in &drawn {
        let p = &points[i];
        let r = (2.5 + 0.6 * (p.items as f64).sqrt()).clamp(2.5, 7.0);
        let tip = format!(
            "{}: {:.2} ({} {})",
            p.label,
            unit(p.value),
            p.items,
            items_word(p.items)
        );
        let _ = write!(
            out,
            "<circle class=\"point\" cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{}\" stroke=\"#ffffff\"><title>{}</title></circle>",
            num(x),
            num(y),
            num(r),
            PALETTE[0],
            esc(&tip)
        );
    }

    let labels: Vec<&str> = points.iter().map(|p| p.label).collect();
    for (i, cx) in pick_labels(&labels, &xs, W) {
        text(&mut out, "xlabel", cx, BOTTOM + 16.0, "middle", labels[i]);
    }

    out.push_str("</svg>");
    out
}

/// Chooses which x labels to show: first, last and evenly spaced ones in between (at most
/// 8), dropping any that would overlap. Returns (index, centre x) pairs kept inside `width`.
fn pick_labels(labels: &[&str], xs: &[f64], width: f64) -> Vec<(usize, f64)> {
    const GAP: f64 = 6.0;
    const MAX_LABELS: usize = 8;
    let n = labels.len();
    let centre = |i: usize| {
        let half = text_width(labels[i]) / 2.0;
        xs[i].min(width - half - 4.0).max(half + 4.0)
    };
    let extent = |i: usize| {
        let c = centre(i);
        let half = text_width(labels[i]) / 2.0;
        (c - half, c + half)
    };
    match n {
        0 => return Vec::new(),
        1 => return vec![(0, centre(0))],
        _ => {}
    }
    let last = n - 1;
    let step = last.div_ceil(MAX_LABELS - 1).max(1);
    let (last_lo, _) = extent(last);
    let mut kept = vec![0];
    let mut prev_hi = extent(0).1;
    for i in (step..last).step_by(step) {
        let (lo, hi) = extent(i);
        if lo >= prev_hi + GAP && hi + GAP <= last_lo {
            kept.push(i);
            prev_hi = hi;
        }
    }
    kept.push(last);
    kept.into_iter().map(|i| (i, centre(i))).collect()
}

/// One row of [`bars`]: a label, a CSS class and a rate in [0, 1].
#[derive(Debug, Clone, Copy)]
pub struct Bar<'a> {
    /// Label.
    pub label: &'a str,
    /// CSS class.
    pub class: &'a str,
    /// Value in [0, 1].
    pub value: f64,
}

/// Horizontal bars of rates in [0, 1], e.g. how often each cue fires for a practitioner.
/// `<svg class="chart bars" role="img" aria-label=title>` with one row per bar: the label on the left, a background track `<rect class="track">`, a filled `<rect class="bar {class}">` of width proportional to the value, and the percentage as text on the right (e.g. "37 %"). Values are clamped to [0, 1]; NaN treated as 0.
///
/// Each row is a `<g class="bar-row">` whose `<title>` holds the full label; labels longer
/// than 20 characters are shortened with "…". No bars render "No data".
pub fn bars(title: &str, bars: &[Bar]) -> String {
    const W: f64 = 360.0;
    const ROW: f64 = 26.0;
    const TRACK_X: f64 = 130.0;
    const TRACK_W: f64 = 180.0;
    const MAX_LABEL: usize = 20;

    if bars.is_empty() {
        return no_data(open_svg("chart bars", title, W, 36.0), W, 36.0);
    }
    let h = bars.len() as f64 * ROW + 10.0;
    let mut out = open_svg("chart bars", title, W, h);
    for (i, b) in bars.iter().enumerate() {
        let top = 5.0 + i as f64 * ROW;
        let v = unit(b.value);
        let pct = format!("{} %", (v * 100.0).round());
        let short: String = if b.label.chars().count() > MAX_LABEL {
            let mut s: String = b.label.chars().take(MAX_LABEL - 1).collect();
            s.push('…');
            s
        } else {
            b.label.to_string()
        };
        let _ = write!(
            out,
            "<g class=\"bar-row\"><title>{}: {pct}</title>",
            esc(b.label)
        );
        text(&mut out, "label", 4.0, top + 16.0, "start", &short);
        let _ = write!(
            out,
            "<rect class=\"track\" x=\"{x}\" y=\"{y}\" width=\"{tw}\" height=\"14\" fill=\"{TRACK}\"/>\
             <rect class=\"{}\" x=\"{x}\" y=\"{y}\" width=\"{}\" height=\"14\" fill=\"{}\"/>",
            class_attr("bar", b.class),
            num(v * TRACK_W),
            PALETTE[0],
            x = num(TRACK_X),
            y = num(top + 5.0),
            tw = num(TRACK_W),
        );
        text(&mut out, "value", W - 4.0, top + 16.0, "end", &pct);
        out.push_str("</g>");
    }
    out.push_str("</svg>");
    out
}

/// A small inline svg (about 120×14) showing a score and its interval on a 0–1 track: a `<rect class="interval">` from low to high and a `<line class="estimate">` (or small rect) at the value, with a `<title>` "0.72 (0.61–0.81)". Inputs clamped to [0, 1]; low/high swapped if reversed.
///
/// The root is `<svg class="chart score-interval">`; the track is `<rect class="track">`.
pub fn interval(value: f64, low: f64, high: f64) -> String {
    const W: f64 = 120.0;
    const H: f64 = 14.0;
    const PAD: f64 = 2.0;
    let v = unit(value);
    let (mut lo, mut hi) = (unit(low), unit(high));
    if lo > hi {
        std::mem::swap(&mut lo, &mut hi);
    }
    let x_of = |p: f64| PAD + p * (W - 2.0 * PAD);
    let title = format!("{v:.2} ({lo:.2}–{hi:.2})");
    let mut out = open_svg("chart score-interval", &title, W, H);
    let _ = write!(
        out,
        "<rect class=\"track\" x=\"{}\" y=\"6\" width=\"{}\" height=\"2\" fill=\"{TRACK}\"/>\
         <rect class=\"interval\" x=\"{}\" y=\"3\" width=\"{}\" height=\"8\" fill=\"#9ecae1\"/>",
        num(PAD),
        num(W - 2.0 * PAD),
        num(x_of(lo)),
        num((x_of(hi) - x_of(lo)).max(1.0)),
    );
    let x = x_of(v);
    let _ = write!(
        out,
        "<line class=\"estimate\" x1=\"{x}\" y1=\"1\" x2=\"{x}\" y2=\"13\" stroke=\"#08519c\" stroke-width=\"2\"/></svg>",
        x = num(x)
    );
    out
}

/// One bin of a reliability chart: the mean predicted probability, the observed rate and
/// the item count.
pub struct ReliabilityPoint {
    /// Mean predicted probability of the bin's items.
    pub predicted: f64,
    /// Share of them labeled positive.
    pub observed: f64,
    /// Items in the bin.
    pub count: usize,
}

/// The legend of [`reliability`] charts: which colour is before and which after.
pub fn reliability_legend() -> String {
    format!(
        "<p class=\"muted legend\"><span class=\"swatch\" style=\"background:{}\"></span> \
         before calibration <span class=\"swatch\" style=\"background:{}\"></span> after; a \
         point on the diagonal is a bin whose observed rate equals its mean prediction, its size \
         the bin's item count.</p>",
        PALETTE[1], PALETTE[0]
    )
}

/// A reliability chart: observed rate against mean predicted probability per bin, before
/// (`<circle class="before">`) and after (`<circle class="after">`) calibration, over the
/// diagonal of perfect calibration (`<line class="diagonal">`). Each point's `<title>` gives
/// its figures. `<svg class="chart reliability">`; no points render "No data".
pub fn reliability(title: &str, before: &[ReliabilityPoint], after: &[ReliabilityPoint]) -> String {
    const W: f64 = 240.0;
    const H: f64 = 240.0;
    const PAD: f64 = 32.0;
    let plot = W - PAD - 10.0;
    let mut out = open_svg("chart reliability", title, W, H);
    if before.is_empty() && after.is_empty() {
        return no_data(out, W, H);
    }
    let x = |p: f64| PAD + unit(p) * plot;
    let y = |p: f64| 10.0 + (1.0 - unit(p)) * plot;
    for tick in [0.0, 0.5, 1.0] {
        line(&mut out, "grid", (x(0.0), y(tick)), (x(1.0), y(tick)), GRID);
        line(&mut out, "grid", (x(tick), y(0.0)), (x(tick), y(1.0)), GRID);
        text(
            &mut out,
            "tick",
            x(0.0) - 4.0,
            y(tick) + 3.0,
            "end",
            &format!("{tick}"),
        );
        text(
            &mut out,
            "tick",
            x(tick),
            y(0.0) + 12.0,
            "middle",
            &format!("{tick}"),
        );
    }
    line(
        &mut out,
        "diagonal",
        (x(0.0), y(0.0)),
        (x(1.0), y(1.0)),
        AXIS,
    );
    text(
        &mut out,
        "axis",
        x(0.5),
        H - 2.0,
        "middle",
        "mean predicted",
    );
    for (class, colour, points) in [("before", PALETTE[1], before), ("after", PALETTE[0], after)] {
        for p in points.iter().filter(|p| p.count > 0) {
            let r = (1.5 + (p.count as f64).sqrt() / 4.0).min(7.0);
            let _ = write!(
                out,
                "<circle class=\"{class}\" cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{colour}\" fill-opacity=\"0.7\">\
                 <title>{class}: {} items, mean predicted {:.3}, observed {:.3}</title></circle>",
                num(x(p.predicted)),
                num(y(p.observed)),
                num(r),
                p.count,
                p.predicted,
                p.observed
            );
        }
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// Checks that tags nest properly (no comments or CDATA are ever produced here).
    pub(in crate::web) fn assert_well_formed(markup: &str) {
        let mut stack: Vec<String> = Vec::new();
        let mut rest = markup;
        while let Some(start) = rest.find('<') {
            let end = rest[start..].find('>').expect("unclosed tag") + start;
            let tag = &rest[start + 1..end];
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop().as_deref(), Some(name), "in {markup}");
            } else if !tag.ends_with('/') {
                let name = tag.split_whitespace().next().unwrap().to_string();
                if name != "br" {
                    stack.push(name);
                }
            }
            rest = &rest[end + 1..];
        }
        assert!(stack.is_empty(), "unclosed {stack:?} in {markup}");
    }

    /// Values of `attr` on every tag starting with `prefix`, in order.
    fn attrs(markup: &str, prefix: &str, attr: &str) -> Vec<f64> {
        markup
            .match_indices(prefix)
            .map(|(i, _)| {
                let tag = &markup[i..i + markup[i..].find('>').unwrap()];
                let key = format!(" {attr}=\"");
                let at = tag.find(&key).unwrap_or_else(|| panic!("{attr} in {tag}")) + key.len();
                tag[at..at + tag[at..].find('"').unwrap()].parse().unwrap()
            })
            .collect()
    }

    fn assert_svg_basics(svg: &str, class: &str) {
        assert!(svg.starts_with(&format!("<svg xmlns=\"{SVG_NS}\" class=\"{class}\"")));
        assert!(svg.ends_with("</svg>"));
        for needle in [
            "viewBox=\"0 0 ",
            " width=\"",
            " height=\"",
            "role=\"img\"",
            "<title>",
        ] {
            assert!(svg.contains(needle), "{needle} missing in {svg}");
        }
        assert!(!svg.contains("<script") && !svg.contains("style=") && !svg.contains("href"));
        assert_well_formed(svg);
    }

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn escapes_all_five_characters() {
        assert_eq!(escape(r#"a&b<c>d"e'f"#), "a&amp;b&lt;c&gt;d&quot;e&#39;f");
        assert_eq!(escape("déjà vu 😀"), "déjà vu 😀");
        assert_eq!(escape(""), "");
    }

    #[test]
    fn numbers_have_at_most_two_decimals() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(0.25), "0.25");
        assert_eq!(num(3.1), "3.1");
        assert_eq!(num(12.346), "12.35");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(f64::NAN), "0");
        assert_eq!(num(120.0), "120");
    }

    #[test]
    fn nice_scale_rounds_up() {
        assert_eq!(nice_scale(1), (1, 1));
        assert_eq!(nice_scale(7), (2, 8));
        assert_eq!(nice_scale(12), (5, 15));
        assert_eq!(nice_scale(100), (50, 100));
        assert_eq!(nice_scale(1001), (500, 1500));
        let (step, top) = nice_scale(u64::MAX);
        assert!(step > 0 && top == u64::MAX);
    }

    fn sample_series<'a>(fr: &'a [u64], en: &'a [u64]) -> [HistogramSeries<'a>; 2] {
        [
            HistogramSeries {
                label: "fr",
                class: "fr",
                counts: fr,
            },
            HistogramSeries {
                label: "en",
                class: "en",
                counts: en,
            },
        ]
    }

    #[test]
    fn histogram_one_bar_per_non_empty_cell() {
        let fr = [0, 3, 12, 0, 5];
        let en = [1, 0, 6, 0, 0];
        let svg = histogram("Scores", &sample_series(&fr, &en));
        assert_svg_basics(&svg, "chart histogram");
        assert!(svg.contains("aria-label=\"Scores\""));
        assert_eq!(svg.matches("<rect class=\"bar ").count(), 5);
        assert_eq!(svg.matches("<rect class=\"bar fr\"").count(), 3);
        assert!(svg.contains("<title>fr 0.40–0.60: 12 items</title>"));
        assert!(svg.contains("<title>en 0.00–0.20: 1 item</title>"));
        assert_eq!(svg.matches("<rect class=\"swatch ").count(), 2);
        assert!(svg.contains(">fr</text>") && svg.contains(">en</text>"));
        for tick in ["0", "0.25", "0.5", "0.75", "1"] {
            assert!(svg.contains(&format!(">{tick}</text>")), "x tick {tick}");
        }
        // Max 12 rounds up to 15 with steps of 5.
        assert!(svg.contains(">15</text>") && svg.contains(">5</text>"));
        assert!(!svg.contains("No data"));
    }

    #[test]
    fn histogram_heights_scale_with_counts() {
        let fr = [4, 8, 2];
        let en = [0, 1, 6];
        let svg = histogram("h", &sample_series(&fr, &en));
        let heights = attrs(&svg, "<rect class=\"bar ", "height");
        // Bars come bin by bin, series by series: fr4, fr8, en1, fr2, en6.
        assert_eq!(heights.len(), 5);
        let tallest = heights.iter().cloned().fold(0.0, f64::max);
        assert_eq!(tallest, heights[1]);
        assert!(close(heights[0] / heights[1], 0.5, 0.01));
        assert!(close(heights[3] / heights[1], 0.25, 0.01));
        assert!(close(heights[4] / heights[1], 0.75, 0.01));
        // Bars stand on the same baseline.
        let ys = attrs(&svg, "<rect class=\"bar ", "y");
        for (y, h) in ys.iter().zip(&heights) {
            assert!(close(y + h, 194.0, 0.02));
        }
        // Axis top is 8 (max 8, step 2), so the tallest bar fills the plot.
        assert!(close(tallest, 166.0, 0.01));
    }

    #[test]
    fn histogram_escapes_user_strings() {
        let counts = [1u64, 2];
        let series = [HistogramSeries {
            label: "<fr>",
            class: "a\"b",
            counts: &counts,
        }];
        let svg = histogram("T & <b>", &series);
        assert_svg_basics(&svg, "chart histogram");
        assert!(svg.contains("aria-label=\"T &amp; &lt;b&gt;\""));
        assert!(svg.contains("class=\"bar a&quot;b\""));
        assert!(svg.contains("&lt;fr&gt; 0.50–1.00: 2 items"));
        assert!(!svg.contains("<fr>") && !svg.contains("<b>"));
    }

    #[test]
    fn histogram_no_data() {
        for svg in [
            histogram("Empty", &[]),
            histogram("Zeros", &sample_series(&[0, 0], &[0, 0])),
            histogram("No bins", &sample_series(&[], &[])),
        ] {
            assert_svg_basics(&svg, "chart histogram");
            assert!(svg.contains(">No data</text>"));
            assert!(!svg.contains("class=\"bar"));
        }
    }

    fn week_points(values: &[(f64, u64)]) -> (Vec<String>, Vec<(f64, u64)>) {
        let labels = (0..values.len())
            .map(|i| format!("2026-W{:02}", i + 1))
            .collect();
        (labels, values.to_vec())
    }

    #[test]
    fn timeline_one_polyline_and_a_circle_per_point() {
        let (labels, vals) = week_points(&[(0.2, 1), (0.72, 5), (1.0, 0), (0.0, 30), (0.5, 100)]);
        let points: Vec<TimePoint> = labels
            .iter()
            .zip(&vals)
            .map(|(l, &(value, items))| TimePoint {
                label: l,
                value,
                items,
                at: None,
            })
            .collect();
        let svg = timeline("Over time", &points, Some(0.55));
        assert_svg_basics(&svg, "chart timeline");
        assert_eq!(svg.matches("<polyline").count(), 1);
        let start = svg.find("points=\"").unwrap() + 8;
        let coords = &svg[start..start + svg[start..].find('"').unwrap()];
        assert_eq!(coords.split_whitespace().count(), 5);
        assert_eq!(svg.matches("<circle class=\"point\"").count(), 5);
        assert!(svg.contains("<title>2026-W02: 0.72 (5 items)</title>"));
        assert!(svg.contains("<title>2026-W01: 0.20 (1 item)</title>"));

        let cy = attrs(&svg, "<circle", "cy");
        assert!(cy[2] < cy[1] && cy[1] < cy[0] && cy[0] < cy[3]);
        let r = attrs(&svg, "<circle", "r");
        assert_eq!(r[2], 2.5); // 0 items
        assert_eq!(r[4], 7.0); // clamped
        assert!(r[0] < r[1] && r[1] < r[3]);

        assert_eq!(svg.matches("<line class=\"reference\"").count(), 1);
        assert!(svg.contains("stroke-dasharray"));
        for tick in ["0", "0.5", "1"] {
            assert!(svg.contains(&format!(">{tick}</text>")));
        }
    }

    #[test]
    fn timeline_single_point_empty_and_no_reference() {
        let one = [TimePoint {
            label: "2026-03-02",
            value: 0.4,
            items: 3,
            at: None,
        }];
        let svg = timeline("One", &one, None);
        assert_svg_basics(&svg, "chart timeline");
        assert_eq!(svg.matches("<circle").count(), 1);
        assert!(!svg.contains("<polyline"));
        assert!(!svg.contains("reference"));
        assert!(svg.contains(">2026-03-02</text>"));

        let svg = timeline("None", &[], Some(0.5));
        assert_svg_basics(&svg, "chart timeline");
        assert!(svg.contains(">No data</text>"));
        assert!(!svg.contains("<circle"));
    }

    #[test]
    fn timeline_labels_are_few_and_do_not_overlap() {
        for n in [2usize, 5, 8, 9, 30, 53, 200] {
            let labels: Vec<String> = (0..n).map(|i| format!("2026-03-{i:03}")).collect();
            let points: Vec<TimePoint> = labels
                .iter()
                .map(|l| TimePoint {
                    label: l,
                    value: 0.5,
                    items: 2,
                    at: None,
                })
                .collect();
            let svg = timeline("t", &points, None);
            assert_svg_basics(&svg, "chart timeline");
            let xs = attrs(&svg, "<text class=\"xlabel\"", "x");
            assert!(xs.len() >= 2 && xs.len() <= 8, "n={n}: {} labels", xs.len());
            assert!(svg.contains(&format!(">{}</text>", labels[0])));
            assert!(svg.contains(&format!(">{}</text>", labels[n - 1])));
            let w = text_width(&labels[0]);
            for pair in xs.windows(2) {
                assert!(pair[1] - pair[0] >= w, "n={n}: overlap {pair:?}");
            }
            assert!(xs[0] - w / 2.0 >= 0.0 && xs[xs.len() - 1] + w / 2.0 <= 560.0);
        }
    }

    #[test]
    fn bars_widths_are_proportional_and_clamped() {
        let rows = [
            Bar {
                label: "hedging",
                class: "cue",
                value: 0.25,
            },
            Bar {
                label: "certitude",
                class: "cue",
                value: 0.5,
            },
            Bar {
                label: "all",
                class: "cue",
                value: 1.0,
            },
            Bar {
                label: "over",
                class: "cue",
                value: 1.7,
            },
            Bar {
                label: "nan",
                class: "cue",
                value: f64::NAN,
            },
            Bar {
                label: "neg",
                class: "cue",
                value: -0.3,
            },
        ];
        let svg = bars("Cues", &rows);
        assert_svg_basics(&svg, "chart bars");
        assert!(svg.contains("height=\"166\"") && svg.contains("viewBox=\"0 0 360 166\""));
        assert_eq!(svg.matches("<rect class=\"track\"").count(), 6);
        let widths = attrs(&svg, "<rect class=\"bar ", "width");
        let track = attrs(&svg, "<rect class=\"track\"", "width")[0];
        let expected = [0.25, 0.5, 1.0, 1.0, 0.0, 0.0];
        assert_eq!(widths.len(), expected.len());
        for (w, e) in widths.iter().zip(expected) {
            assert!(close(*w, e * track, 0.01), "{w} vs {e}");
        }
        for pct in ["25 %", "50 %", "100 %", "0 %"] {
            assert!(svg.contains(&format!(">{pct}</text>")), "{pct}");
        }
        assert!(svg.contains(">hedging</text>"));
    }

    #[test]
    fn bars_escape_and_shorten_labels() {
        let rows = [Bar {
            label: "une très longue étiquette <b>",
            class: "x'y",
            value: 0.374,
        }];
        let svg = bars("A & B", &rows);
        assert_svg_basics(&svg, "chart bars");
        assert!(svg.contains("class=\"bar x&#39;y\""));
        assert!(svg.contains("<title>une très longue étiquette &lt;b&gt;: 37 %</title>"));
        assert!(svg.contains(">une très longue éti…</text>"));
        let empty = bars("Nothing", &[]);
        assert_svg_basics(&empty, "chart bars");
        assert!(empty.contains(">No data</text>"));
    }

    #[test]
    fn interval_clamps_and_swaps() {
        let svg = interval(0.72, 0.61, 0.81);
        assert_svg_basics(&svg, "chart score-interval");
        assert!(svg.contains("<title>0.72 (0.61–0.81)</title>"));
        assert!(svg.contains("width=\"120\" height=\"14\""));

        let svg = interval(0.5, 0.8, 0.2);
        assert!(svg.contains("<title>0.50 (0.20–0.80)</title>"));
        let x = attrs(&svg, "<rect class=\"interval\"", "x")[0];
        let w = attrs(&svg, "<rect class=\"interval\"", "width")[0];
        assert!(close(x, 2.0 + 0.2 * 116.0, 0.01) && close(w, 0.6 * 116.0, 0.01));
        let est = attrs(&svg, "<line class=\"estimate\"", "x1")[0];
        assert!(close(est, 60.0, 0.01));

        let svg = interval(1.5, -0.2, f64::NAN);
        assert!(svg.contains("<title>1.00 (0.00–0.00)</title>"));
        let svg = interval(f64::NAN, 2.0, -1.0);
        assert!(svg.contains("<title>0.00 (0.00–1.00)</title>"));
        let est = attrs(&svg, "<line class=\"estimate\"", "x1")[0];
        assert_eq!(est, 2.0);
        let w = attrs(&svg, "<rect class=\"interval\"", "width")[0];
        assert!(close(w, 116.0, 0.01));
    }

    #[test]
    fn timeline_places_points_by_time_when_given() {
        let points: Vec<TimePoint> = [(0.0, "a"), (1.0, "b"), (10.0, "c")]
            .iter()
            .map(|&(at, label)| TimePoint {
                label,
                value: 0.5,
                items: 1,
                at: Some(at),
            })
            .collect();
        let svg = timeline("t", &points, None);
        let cx: Vec<f64> = svg
            .split("cx=\"")
            .skip(1)
            .map(|rest| rest[..rest.find('"').unwrap()].parse().unwrap())
            .collect();
        assert_eq!(cx.len(), 3);
        // b is a tenth of the way from a to c, not half-way.
        let ratio = (cx[1] - cx[0]) / (cx[2] - cx[0]);
        assert!((ratio - 0.1).abs() < 0.01, "{cx:?}");
    }

    #[test]
    fn reliability_chart_draws_both_series_over_the_diagonal() {
        let point = |predicted, observed, count| ReliabilityPoint {
            predicted,
            observed,
            count,
        };
        let svg = reliability(
            "Reliability of <credible>",
            &[point(0.25, 0.1, 40), point(0.9, 0.7, 0)],
            &[point(0.12, 0.1, 40)],
        );
        assert!(svg.contains("class=\"chart reliability\""));
        assert!(svg.contains("&lt;credible&gt;"));
        assert_eq!(svg.matches("<circle class=\"before\"").count(), 1);
        assert_eq!(svg.matches("<circle class=\"after\"").count(), 1);
        assert!(svg.contains("class=\"diagonal\""));
        assert!(reliability("r", &[], &[]).contains("No data"));
    }
}
