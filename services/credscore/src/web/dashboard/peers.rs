//! The practitioner page's peer-standing card: their standing among peers from the reply
//! graph, how it enters their overall score, and who endorses and who contradicts them.

use crate::graph::MAX_PEER_WEIGHT;
use crate::store::graph::{Peer, PeerStanding};
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
