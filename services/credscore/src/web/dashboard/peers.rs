//! The reply graph on the pages: the practitioner page's peer-standing card (their standing
//! among peers, how it enters their overall score, who endorses and who contradicts them) and
//! the item page's line on what the item answers or mentions, with its stance.

use crate::graph::MAX_PEER_WEIGHT;
use crate::store::graph::{ItemEngagement, Peer, PeerStanding};
use crate::store::read::Practitioner;
use crate::web::charts::escape;
use crate::web::dashboard::practitioner_link;

/// The card, or a note that the standing job has not seen them yet.
pub fn peer_card(practitioner: &Practitioner, peers: Option<&PeerStanding>) -> String {
    let Some(peers) = peers else {
        return "<h2>Peer standing</h2><div class=\"card\" id=\"peer-standing\"><p class=\"muted\">\
                Not computed yet: peer standing is recomputed from the reply graph every few \
                minutes (<code>credscore standing</code> does it now).</p></div>"
            .to_string();
    };
    format!(
        "<h2>Peer standing</h2><div class=\"card\" id=\"peer-standing\"><div class=\"grid\">\
         <div><div class=\"muted\">Standing among peers</div><div class=\"big\" id=\"standing\">{:.2}</div>\
         <p class=\"muted\">0.5 when no credible peer engages with them; higher when established, \
         credible practitioners endorse their items in replies and mentions, lower when they \
         contradict them. Confidence {:.2}.</p></div>\
         <div><div class=\"muted\">Overall score</div><div class=\"big\" id=\"overall\">{:.2}</div>\
         <p class=\"muted\">Credibility from their own texts ({:.2}) moved toward their peer \
         standing by up to {:.0} %, in proportion to its confidence.</p></div></div>\
         <div class=\"grid\"><div><h3>Endorsed by</h3>{}</div><div><h3>Contradicted by</h3>{}</div></div>\
         <p class=\"muted\">Computed {} ({}).</p></div>",
        peers.standing,
        peers.confidence,
        practitioner.overall,
        practitioner.credibility,
        MAX_PEER_WEIGHT * 100.0,
        peer_list(&peers.endorsers, "endorsers"),
        peer_list(&peers.contradictors, "contradictors"),
        peers.computed_at.format("%Y-%m-%d %H:%M UTC"),
        escape(&peers.version),
    )
}

fn peer_list(peers: &[Peer], id: &str) -> String {
    if peers.is_empty() {
        return format!("<p class=\"muted\" id=\"{id}\">Nobody so far.</p>");
    }
    let mut list = format!("<ul id=\"{id}\">");
    for peer in peers {
        list.push_str(&format!(
            "<li>{} <span class=\"muted\">({:.3})</span></li>",
            practitioner_link(&peer.id),
            peer.contribution
        ));
    }
    list.push_str("</ul>");
    list
}

/// What an item answers and whom it mentions, with the stance of its text; empty when it
/// engages with no one.
pub fn engagement_line(engagements: &[ItemEngagement]) -> String {
    if engagements.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = engagements
        .iter()
        .map(|e| {
            let target = if e.via == "reply" {
                let author = e
                    .target_author
                    .as_deref()
                    .map(|a| format!(" by {}", practitioner_link(a)))
                    .unwrap_or_else(|| " (not stored yet)".to_string());
                format!(
                    "answers <a href=\"/items/{}\">{}</a>{author}",
                    crate::web::dashboard::url_encode(&e.target),
                    escape(&e.target)
                )
            } else {
                format!("mentions @{}", escape(&e.target))
            };
            format!(
                "{target} (endorses {:.2}, contradicts {:.2})",
                e.endorses, e.contradicts
            )
        })
        .collect();
    format!(
        "<p class=\"muted\" id=\"engagements\">{}</p>",
        parts.join(" · ")
    )
}
