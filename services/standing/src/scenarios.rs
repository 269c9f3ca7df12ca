//! Behaviour of the whole computation on small threads and rings written out by hand, and its
//! properties (bounds, convergence, determinism, invariances) on random graphs.

use crate::synthetic::random_graph;
use crate::*;

/// c ≈ 0.8, e ≈ 30: an established, credible practitioner.
const ESTABLISHED: Practitioner = Practitioner {
    credibility: 0.8,
    evidence: 30.0,
};
/// c ≈ 0.5, e ≈ 1: an account with one or two items.
const FRESH: Practitioner = Practitioner {
    credibility: 0.5,
    evidence: 1.0,
};
/// An ordinary practitioner: some history, middling text score.
const ORDINARY: Practitioner = Practitioner {
    credibility: 0.6,
    evidence: 10.0,
};

fn endorse(from: u32, to: u32) -> ReplyEdge {
    ReplyEdge {
        from,
        to,
        endorse: 0.9,
        contradict: 0.0,
        replies: 1,
    }
}

fn contradict(from: u32, to: u32) -> ReplyEdge {
    ReplyEdge {
        from,
        to,
        endorse: 0.0,
        contradict: 0.9,
        replies: 1,
    }
}

fn neutral(from: u32, to: u32) -> ReplyEdge {
    ReplyEdge {
        from,
        to,
        endorse: 0.05,
        contradict: 0.05,
        replies: 1,
    }
}

fn run(practitioners: &[Practitioner], edges: &[ReplyEdge]) -> Vec<PeerStanding> {
    run_with(practitioners, edges, &Params::default())
}

fn run_with(
    practitioners: &[Practitioner],
    edges: &[ReplyEdge],
    params: &Params,
) -> Vec<PeerStanding> {
    let standings = compute(practitioners, edges, params).expect("valid input");
    assert!(standings.stats.converged, "{:?}", standings.stats);
    standings.practitioners
}

/// A ring of `size` accounts from `first` on, each endorsing every other member and
/// `target` once.
fn ring(first: u32, size: u32, target: u32, stance: fn(u32, u32) -> ReplyEdge) -> Vec<ReplyEdge> {
    let mut edges = Vec::new();
    for i in first..first + size {
        for l in first..first + size {
            if l != i {
                edges.push(endorse(i, l));
            }
        }
        edges.push(stance(i, target));
    }
    edges
}

/// Practitioner `target` endorsed by three established peers `first..first + 3`.
fn endorsed_by_three_established(first: u32, target: u32) -> Vec<ReplyEdge> {
    (first..first + 3).map(|i| endorse(i, target)).collect()
}

#[test]
fn three_established_peers_thanking_and_citing_lift_an_author() {
    // 0: the author, 1: an author nobody answers, 2–4: established peers.
    let people = [ORDINARY, ORDINARY, ESTABLISHED, ESTABLISHED, ESTABLISHED];
    let mut edges = Vec::new();
    for peer in 2..5 {
        // Two replies each, "thanks, and see also …": mostly endorsing.
        edges.push(ReplyEdge {
            from: peer,
            to: 0,
            endorse: 1.7,
            contradict: 0.0,
            replies: 2,
        });
        // They also talk among themselves in the thread, neutrally.
        edges.push(neutral(peer, 2 + (peer - 1) % 3));
        // The author answers each of them, half thanking.
        edges.push(ReplyEdge {
            from: 0,
            to: peer,
            endorse: 0.5,
            contradict: 0.0,
            replies: 1,
        });
    }
    let result = run(&people, &edges);
    let (author, unanswered) = (&result[0], &result[1]);
    println!(
        "thread: author {:.3} (confidence {:.3}, E {:.3}), unanswered {:.3}",
        author.standing, author.confidence, author.endorsement, unanswered.standing
    );
    assert!(author.standing > 0.75, "{author:?}");
    assert_eq!(unanswered.standing, 0.5);
    assert_eq!(unanswered.confidence, 0.0);
    assert_eq!(author.endorsers.len(), 3);
    assert!(author.contradictors.is_empty());
}

#[test]
fn ring_of_twenty_fresh_accounts_does_not_beat_three_established_endorsers() {
    // 0–19: the ring, 20: its target, 21: endorsed by 22–24.
    let mut people = vec![FRESH; 20];
    people.extend([ORDINARY, ORDINARY, ESTABLISHED, ESTABLISHED, ESTABLISHED]);
    let mut edges = ring(0, 20, 20, endorse);
    edges.extend(endorsed_by_three_established(22, 21));
    let result = run(&people, &edges);
    let (target, endorsed) = (&result[20], &result[21]);
    println!(
        "ring target {:.4} (confidence {:.4}) vs endorsed by three established {:.4} \
         (confidence {:.4})",
        target.standing, target.confidence, endorsed.standing, endorsed.confidence
    );
    assert!(target.standing < endorsed.standing);
    assert!(target.standing < 0.5 + 0.01, "{target:?}");
    assert!(endorsed.standing > 0.85, "{endorsed:?}");
}

#[test]
fn ring_does_not_win_even_with_the_caps_relaxed() {
    // Without the clique and reciprocal discounts and with linear evidence, the ring is
    // still far weaker than three established peers; the discounts are a margin, not the
    // only defence.
    let params = Params {
        evidence_exponent: 1.0,
        reciprocal_weight: 1.0,
        clique_discount: 0.0,
        ..Params::default()
    };
    let mut people = vec![FRESH; 20];
    people.extend([ORDINARY, ORDINARY, ESTABLISHED, ESTABLISHED, ESTABLISHED]);
    let mut edges = ring(0, 20, 20, endorse);
    edges.extend(endorsed_by_three_established(22, 21));
    let relaxed = run_with(&people, &edges, &params);
    let default = run(&people, &edges);
    println!(
        "ring target: relaxed {:.4}, default {:.4}",
        relaxed[20].standing, default[20].standing
    );
    assert!(relaxed[20].standing < relaxed[21].standing);
    // Each defence does something.
    assert!(default[20].standing < relaxed[20].standing - 0.02);
}

#[test]
fn brigade_of_fresh_accounts_without_a_clique_stays_near_neutral() {
    // Twenty fresh accounts that only praise the target (no clique for the diversity factor
    // to see): the evidence cap alone keeps them small.
    let mut people = vec![FRESH; 20];
    people.extend([ORDINARY, ORDINARY, ESTABLISHED, ESTABLISHED, ESTABLISHED]);
    let mut edges: Vec<ReplyEdge> = (0..20).map(|i| endorse(i, 20)).collect();
    edges.extend(endorsed_by_three_established(22, 21));
    let result = run(&people, &edges);
    println!(
        "brigade target {:.4} vs endorsed by three established {:.4}",
        result[20].standing, result[21].standing
    );
    assert!(result[20].standing < 0.53);
    assert!(result[20].standing < result[21].standing);
}

#[test]
fn contradictions_from_credible_peers_lower_standing_and_from_a_fresh_ring_barely() {
    // 0: contradicted by established 1–3; 4: contradicted by the fresh ring 5–24.
    let mut people = vec![ORDINARY, ESTABLISHED, ESTABLISHED, ESTABLISHED, ORDINARY];
    people.extend(vec![FRESH; 20]);
    let mut edges: Vec<ReplyEdge> = (1..4).map(|i| contradict(i, 0)).collect();
    edges.extend(ring(5, 20, 4, contradict));
    let result = run(&people, &edges);
    println!(
        "contradicted by established {:.4}, by fresh ring {:.4}",
        result[0].standing, result[4].standing
    );
    assert!(result[0].standing < 0.2, "{:?}", result[0]);
    assert!(result[0].endorsers.is_empty());
    assert_eq!(result[0].contradictors.len(), 3);
    assert!(result[4].standing < 0.5);
    assert!(result[4].standing > 0.5 - 0.01, "{:?}", result[4]);
}

#[test]
fn reciprocal_praise_is_discounted() {
    // 0 ↔ 1 praise each other; 2 → 3 one way. Same profiles, same replies.
    let people = [ESTABLISHED; 4];
    let edges = [endorse(0, 1), endorse(1, 0), endorse(2, 3)];
    let result = run(&people, &edges);
    println!(
        "mutual pair E {:.4} (standing {:.4}), one-way E {:.4} (standing {:.4})",
        result[1].endorsement, result[1].standing, result[3].endorsement, result[3].standing
    );
    assert!(result[1].standing < result[3].standing);
    assert!(result[1].endorsement < 0.35 * result[3].endorsement);
    // Without the discount the pair would win: they pump trust into each other.
    let undiscounted = run_with(
        &people,
        &edges,
        &Params {
            reciprocal_weight: 1.0,
            ..Params::default()
        },
    );
    assert!(undiscounted[1].standing > undiscounted[3].standing);
    // Only the matched part of the budget shares is discounted: 0 spends all its replies
    // praising 1; 1 spends a quarter of its replies praising 0 (three go to 2).
    let people = [ESTABLISHED; 3];
    let lopsided = [
        ReplyEdge {
            from: 0,
            to: 1,
            endorse: 3.0,
            contradict: 0.0,
            replies: 3,
        },
        endorse(1, 0),
        ReplyEdge {
            from: 1,
            to: 2,
            endorse: 0.0,
            contradict: 0.0,
            replies: 3,
        },
    ];
    let result = run(&people, &lopsided);
    // s'(0,1) = 1 − 0.75 · min(1, 0.9 / 4).
    let expected = 0.85 * result[0].trust * (1.0 - 0.75 * 0.225);
    assert!((result[1].endorsement - expected).abs() < 1e-12);
    // s'(1,0) = 0.225 − 0.75 · 0.225: the returned praise keeps a quarter.
    let expected = 0.85 * result[1].trust * 0.25 * 0.225;
    assert!((result[0].endorsement - expected).abs() < 1e-12);
}

#[test]
fn endorsers_who_form_a_clique_count_less_than_independent_ones() {
    // Target 0 endorsed by the clique 2, 3, 4 (who all endorse each other); target 1 by
    // 5, 6, 7, who do not know each other and each endorse two outsiders (8–13) instead, so
    // every endorser splits its replies three ways.
    let people = vec![ESTABLISHED; 14];
    let mut edges = Vec::new();
    for i in 2..5 {
        for l in 2..5 {
            if l != i {
                edges.push(endorse(i, l));
            }
        }
        edges.push(endorse(i, 0));
    }
    for (k, i) in (5..8).enumerate() {
        let outsider = 8 + 2 * k as u32;
        edges.extend([
            endorse(i, outsider),
            endorse(i, outsider + 1),
            endorse(i, 1),
        ]);
    }
    let result = run(&people, &edges);
    println!(
        "clique-endorsed E {:.4} (standing {:.4}), bridging-endorsed E {:.4} (standing {:.4})",
        result[0].endorsement, result[0].standing, result[1].endorsement, result[1].standing
    );
    assert!(result[1].endorsement > 2.0 * result[0].endorsement);
    assert!(result[1].standing > result[0].standing);
    // Without the diversity factor the clique would win (its members lift each other).
    let flat = run_with(
        &people,
        &edges,
        &Params {
            clique_discount: 0.0,
            ..Params::default()
        },
    );
    assert!(flat[0].endorsement > flat[1].endorsement);
}

#[test]
fn contradicting_each_other_does_not_make_endorsers_a_clique() {
    // 2 and 3 argue with each other and both endorse 0; 4 and 5 argue with outsiders 6 and 7
    // and endorse 1. Same budgets, same trust: their endorsements count exactly the same.
    let people = vec![ESTABLISHED; 8];
    let edges = [
        contradict(2, 3),
        contradict(3, 2),
        endorse(2, 0),
        endorse(3, 0),
        contradict(4, 6),
        contradict(5, 7),
        endorse(4, 1),
        endorse(5, 1),
    ];
    let result = run(&people, &edges);
    assert!((result[0].endorsement - result[1].endorsement).abs() < 1e-12);
    // Had 2 and 3 praised each other instead, they would count as a clique.
    let mut friendly = edges;
    friendly[0] = endorse(2, 3);
    friendly[1] = endorse(3, 2);
    let result = run(&people, &friendly);
    assert!(result[0].endorsement < 0.7 * result[1].endorsement);
}

#[test]
fn endorsement_is_transitive() {
    // 2 and 3 are alike, but 2 is endorsed by established 4; 2 endorses 0, 3 endorses 1.
    let people = [ORDINARY, ORDINARY, ORDINARY, ORDINARY, ESTABLISHED];
    let edges = [endorse(4, 2), endorse(2, 0), endorse(3, 1)];
    let result = run(&people, &edges);
    assert!(result[0].standing > result[1].standing);
    assert!(result[2].trust > result[3].trust);
}

#[test]
fn neutral_replies_pass_nothing() {
    let people = [ORDINARY, ESTABLISHED];
    let edges = [ReplyEdge {
        from: 1,
        to: 0,
        endorse: 0.0,
        contradict: 0.0,
        replies: 4,
    }];
    let result = run(&people, &edges);
    assert_eq!(result[0].standing, 0.5);
    assert_eq!(result[0].confidence, 0.0);
}

#[test]
fn self_edges_are_ignored() {
    let people = [ORDINARY, ESTABLISHED, ORDINARY];
    let edges = [endorse(1, 0), contradict(1, 2)];
    let mut with_self = edges.to_vec();
    with_self.extend([
        endorse(0, 0),
        ReplyEdge {
            from: 1,
            to: 1,
            endorse: 50.0,
            contradict: 0.0,
            replies: 50,
        },
        endorse(2, 2),
    ]);
    let plain = compute(&people, &edges, &Params::default()).unwrap();
    let selfish = compute(&people, &with_self, &Params::default()).unwrap();
    assert_eq!(plain.practitioners, selfish.practitioners);
    assert_eq!(selfish.stats.self_edges_ignored, 3);
    assert_eq!(selfish.stats.pairs, 2);
    // Only self-praise: stays at no signal.
    let alone = run(&[ESTABLISHED], &[endorse(0, 0)]);
    assert_eq!(alone[0].standing, 0.5);
}

#[test]
fn empty_graphs() {
    let none = compute(&[], &[], &Params::default()).unwrap();
    assert!(none.practitioners.is_empty());
    assert_eq!(none.stats.iterations, 0);
    assert!(none.stats.converged);

    let lonely = compute(&[ORDINARY, ESTABLISHED, FRESH], &[], &Params::default()).unwrap();
    assert_eq!(lonely.stats.iterations, 1);
    assert!(lonely.stats.converged);
    for standing in &lonely.practitioners {
        assert_eq!(standing.standing, 0.5);
        assert_eq!(standing.confidence, 0.0);
        assert!(standing.endorsers.is_empty() && standing.contradictors.is_empty());
    }
}

#[test]
fn converges_to_the_fixed_point() {
    let (people, edges) = random_graph(5_000, 50_000, 7);
    let params = Params::default();
    let graph = Graph::new(&people, &edges).unwrap();
    let standings = graph.standing(&params).unwrap();
    let stats = standings.stats;
    println!("random 5k/50k: {stats:?}");
    assert!(stats.converged);
    assert!(stats.residual <= params.tolerance);
    assert!(stats.iterations < params.max_iterations);
    // At the fixed point t = w + E for every practitioner.
    let pre_trust = graph.pre_trust(&params);
    for (standing, w) in standings.practitioners.iter().zip(&pre_trust) {
        let gap = (standing.trust - w - standing.endorsement).abs();
        assert!(gap <= 1e-8 * (1.0 + standing.trust), "{standing:?}, w {w}");
    }

    let stopped = graph
        .standing(&Params {
            max_iterations: 3,
            ..params
        })
        .unwrap();
    assert_eq!(stopped.stats.iterations, 3);
    assert!(!stopped.stats.converged);
}

#[test]
fn outputs_are_bounded_and_explained() {
    let (people, edges) = random_graph(3_000, 30_000, 11);
    let params = Params::default();
    let standings = compute(&people, &edges, &params).unwrap();
    let mut lifted = 0;
    for standing in &standings.practitioners {
        assert!((0.0..=1.0).contains(&standing.standing), "{standing:?}");
        assert!((0.0..1.0).contains(&standing.confidence));
        assert!((standing.standing - 0.5).abs() <= standing.confidence / 2.0 + 1e-12);
        for (list, total) in [
            (&standing.endorsers, standing.endorsement),
            (&standing.contradictors, standing.contradiction),
        ] {
            assert!(list.len() <= params.top_contributors);
            assert!(list.windows(2).all(|w| w[0].weight >= w[1].weight));
            let sum: f64 = list.iter().map(|c| c.weight).sum();
            assert!(sum <= total * (1.0 + 1e-12));
            assert!(list.iter().all(|c| c.share > 0.0 && c.share <= 1.0));
        }
        if standing.standing > 0.6 {
            lifted += 1;
        }
    }
    assert!(lifted > 0);
}

#[test]
fn deterministic_and_independent_of_edge_order() {
    let (people, mut edges) = random_graph(3_000, 30_000, 3);
    let first = compute(&people, &edges, &Params::default()).unwrap();
    let second = compute(&people, &edges, &Params::default()).unwrap();
    assert_eq!(first.practitioners, second.practitioners);
    assert_eq!(first.stats.iterations, second.stats.iterations);

    // One edge per pair (summing duplicates in another order could round differently), then
    // reversed and interleaved.
    let mut seen = std::collections::BTreeSet::new();
    edges.retain(|e| seen.insert((e.from, e.to)));
    let unique = compute(&people, &edges, &Params::default()).unwrap();
    edges.reverse();
    let half = edges.len() / 2;
    edges.rotate_left(half);
    let shuffled = compute(&people, &edges, &Params::default()).unwrap();
    assert_eq!(unique.practitioners, shuffled.practitioners);
}

fn scaled(edge: &ReplyEdge, factor: u32) -> ReplyEdge {
    ReplyEdge {
        endorse: edge.endorse * f64::from(factor),
        contradict: edge.contradict * f64::from(factor),
        replies: edge.replies * factor,
        ..*edge
    }
}

fn assert_close(a: &[PeerStanding], b: &[PeerStanding]) {
    for (x, y) in a.iter().zip(b) {
        assert!((x.standing - y.standing).abs() < 1e-9, "{x:?} vs {y:?}");
        assert!((x.confidence - y.confidence).abs() < 1e-9, "{x:?} vs {y:?}");
    }
}

#[test]
fn counts_scale_invariance_where_intended() {
    let (people, edges) = random_graph(2_000, 20_000, 5);
    let base = run(&people, &edges);

    // Every pair counted three times over (a longer window of the same behaviour).
    let tripled: Vec<ReplyEdge> = edges.iter().map(|e| scaled(e, 3)).collect();
    assert_close(&base, &run(&people, &tripled));

    // One source five times as chatty, in the same proportions: no louder.
    let busiest = edges[0].from;
    let chatty: Vec<ReplyEdge> = edges
        .iter()
        .map(|e| if e.from == busiest { scaled(e, 5) } else { *e })
        .collect();
    assert_close(&base, &run(&people, &chatty));

    // A pair's replies split over several edges: the same as aggregated.
    let people = [ORDINARY, ESTABLISHED, ORDINARY];
    let whole = [
        ReplyEdge {
            from: 1,
            to: 0,
            endorse: 3.0,
            contradict: 0.5,
            replies: 5,
        },
        neutral(1, 2),
    ];
    let split = [
        ReplyEdge {
            from: 1,
            to: 0,
            endorse: 1.2,
            contradict: 0.5,
            replies: 2,
        },
        neutral(1, 2),
        ReplyEdge {
            from: 1,
            to: 0,
            endorse: 1.8,
            contradict: 0.0,
            replies: 3,
        },
    ];
    assert_close(&run(&people, &whole), &run(&people, &split));

    // Not invariant where it should not be: a larger endorsing share lifts the standing.
    let warmer = [
        ReplyEdge {
            endorse: 4.0,
            ..whole[0]
        },
        whole[1],
    ];
    assert!(run(&people, &warmer)[0].standing > run(&people, &whole)[0].standing);
}

#[test]
fn invalid_input_is_refused_with_its_position() {
    let people = [ORDINARY, ESTABLISHED];
    let bad_credibility = [Practitioner {
        credibility: 1.5,
        evidence: 1.0,
    }];
    assert!(matches!(
        compute(&bad_credibility, &[], &Params::default()),
        Err(StandingError::Credibility { index: 0, .. })
    ));
    let bad_evidence = [
        ORDINARY,
        Practitioner {
            credibility: 0.5,
            evidence: f64::NAN,
        },
    ];
    assert!(matches!(
        compute(&bad_evidence, &[], &Params::default()),
        Err(StandingError::Evidence { index: 1, .. })
    ));
    assert!(matches!(
        compute(&people, &[endorse(0, 1), endorse(0, 2)], &Params::default()),
        Err(StandingError::UnknownPractitioner {
            index: 1,
            practitioner: 2,
            count: 2
        })
    ));
    let too_much = ReplyEdge {
        endorse: 0.8,
        contradict: 0.4,
        ..endorse(0, 1)
    };
    assert!(matches!(
        compute(&people, &[too_much], &Params::default()),
        Err(StandingError::Stance { index: 0, .. })
    ));
    let bad_params = Params {
        damping: 1.0,
        ..Params::default()
    };
    let error = compute(&people, &[], &bad_params).unwrap_err();
    assert_eq!(
        error.to_string(),
        "parameter damping = 1: must be strictly between 0 and 1"
    );
}

#[test]
fn top_contributors_are_ordered_with_ties_broken_by_index() {
    let people = vec![ESTABLISHED; 8];
    let edges: Vec<ReplyEdge> = (1..8).map(|i| endorse(i, 0)).collect();
    let result = run_with(
        &people,
        &edges,
        &Params {
            top_contributors: 3,
            ..Params::default()
        },
    );
    let named: Vec<u32> = result[0].endorsers.iter().map(|c| c.practitioner).collect();
    assert_eq!(named, [1, 2, 3]);
    assert!((result[0].endorsers[0].share - 1.0 / 7.0).abs() < 1e-12);
}
