//! Edge weights (budget split, reciprocal discount, diversity discount), the fixed-point
//! iteration of trust, and the mapping of peer signal to standing with its explanation.

use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::{Graph, Params, StandingError};

/// Standing of one practitioner, with what it rests on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PeerStanding {
    /// Peer standing in \[0,1\]: 0.5 when no trusted practitioner engages, higher when trusted
    /// practitioners endorse, lower when they contradict.
    pub standing: f64,
    /// How much peer signal the standing rests on, in [0,1): (E + D) / (E + D + K).
    /// `|standing − 0.5| ≤ confidence / 2`.
    pub confidence: f64,
    /// E: trust received through endorsements, in trust units.
    pub endorsement: f64,
    /// D: distrust received through contradictions, in trust units.
    pub contradiction: f64,
    /// t: the practitioner's trust at the fixed point, i.e. their weight as a source
    /// (their own pre-trust plus the endorsement received).
    pub trust: f64,
    /// Largest endorsement contributions, largest first (ties: lower index first).
    pub endorsers: Vec<Contribution>,
    /// Largest contradiction contributions, largest first (ties: lower index first).
    pub contradictors: Vec<Contribution>,
}

/// One peer's part in a practitioner's standing.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Contribution {
    /// Index of the endorsing or contradicting practitioner.
    pub practitioner: u32,
    /// Trust units this peer sent: α · t(peer) · weight of the pair.
    pub weight: f64,
    /// `weight / (E + D)`: this peer's share of all the peer signal about the practitioner.
    pub share: f64,
}

/// How a run went.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunStats {
    /// Iterations of the trust update performed (≥ 1 when there are practitioners).
    pub iterations: u32,
    /// Relative L1 change of the trust vector in the last iteration.
    pub residual: f64,
    /// Whether `residual ≤ tolerance` was reached before `max_iterations`.
    pub converged: bool,
    /// Practitioners (n).
    pub practitioners: usize,
    /// Distinct (from, to) pairs used.
    pub pairs: usize,
    /// Edges from a practitioner to themselves, dropped.
    pub self_edges_ignored: usize,
    /// Time to validate and build the graph.
    pub build_duration: Duration,
    /// Time to weigh edges, iterate and explain.
    pub solve_duration: Duration,
}

impl RunStats {
    /// Build plus solve time: the figure to export as the run-time metric.
    pub fn duration(&self) -> Duration {
        self.build_duration + self.solve_duration
    }
}

/// Result of a run: one [`PeerStanding`] per practitioner, in input order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Standings {
    /// `practitioners[i]` is the standing of practitioner `i`.
    pub practitioners: Vec<PeerStanding>,
    /// Iterations, residual, sizes and durations.
    pub stats: RunStats,
}

/// Per incoming pair (in in-adjacency order): the share of the source's trust it carries.
struct Weights {
    endorse: Vec<f64>,
    contradict: Vec<f64>,
}

impl Graph {
    /// Computes every practitioner's peer standing. Deterministic: the same graph and
    /// parameters give bit-identical results.
    pub fn standing(&self, params: &Params) -> Result<Standings, StandingError> {
        params.validate()?;
        let started = Instant::now();
        let pre_trust = self.pre_trust(params);
        let weights = self.weights(params);
        let (trust, iterations, residual) = self.iterate(&pre_trust, &weights.endorse, params);
        let practitioners = self.explain(&trust, &weights, params);
        Ok(Standings {
            practitioners,
            stats: RunStats {
                iterations,
                residual,
                converged: residual <= params.tolerance,
                practitioners: self.practitioner_count(),
                pairs: self.summary.pairs,
                self_edges_ignored: self.summary.self_edges_ignored,
                build_duration: self.summary.build_duration,
                solve_duration: started.elapsed(),
            },
        })
    }

    /// w(i) = c(i) · (min(e(i), cap) / cap)^γ.
    pub(crate) fn pre_trust(&self, params: &Params) -> Vec<f64> {
        self.practitioners
            .iter()
            .map(|p| {
                let established = p.evidence.min(params.evidence_cap) / params.evidence_cap;
                p.credibility * established.powf(params.evidence_exponent)
            })
            .collect()
    }

    fn weights(&self, params: &Params) -> Weights {
        let n = self.practitioner_count();
        let pairs = self.pair_target.len();
        let rho = params.reciprocal_weight;

        // Reciprocal discount, on budget shares: the part of i's share for j matched by j's
        // share for i keeps only ρ of its weight (same for mutual contradiction). Shares, not
        // raw sums, so that a source's overall chattiness does not change the discount.
        let share =
            |sums: &[f64], pair: usize, source: usize| sums[pair] / self.replies_by_source[source];
        let mut endorse_share = vec![0.0; pairs];
        let mut contradict_share = vec![0.0; pairs];
        for i in 0..n {
            for pair in self.out_offsets[i]..self.out_offsets[i + 1] {
                endorse_share[pair] = share(&self.pair_endorse, pair, i);
                contradict_share[pair] = share(&self.pair_contradict, pair, i);
                if let Some(reverse) = self.reverse_of(pair) {
                    let j = self.pair_target[pair] as usize;
                    let mutual = endorse_share[pair].min(share(&self.pair_endorse, reverse, j));
                    endorse_share[pair] -= (1.0 - rho) * mutual;
                    let mutual =
                        contradict_share[pair].min(share(&self.pair_contradict, reverse, j));
                    contradict_share[pair] -= (1.0 - rho) * mutual;
                }
            }
        }

        let mut endorse = vec![0.0; pairs];
        let mut contradict = vec![0.0; pairs];
        // Per target j: which practitioners answer j, and the share of their replies to j that
        // endorse / contradict. Plain arrays indexed by practitioner, stamped with j, so
        // nothing is cleared or hashed between targets.
        let mut stamp = vec![u32::MAX; n];
        let mut endorse_rate = vec![0.0; n];
        let mut contradict_rate = vec![0.0; n];
        for j in 0..n {
            let incoming = self.in_offsets[j]..self.in_offsets[j + 1];
            for slot in incoming.clone() {
                let (l, pair) = (self.in_source[slot] as usize, self.in_pair[slot] as usize);
                stamp[l] = j as u32;
                endorse_rate[l] = self.pair_endorse[pair] / self.pair_replies[pair];
                contradict_rate[l] = self.pair_contradict[pair] / self.pair_replies[pair];
            }
            for slot in incoming.clone() {
                let (i, pair) = (self.in_source[slot] as usize, self.in_pair[slot] as usize);
                // k: how closely i is tied to j's other endorsers (contradictors), each tie
                // weighted by how much that other peer endorses (contradicts) j.
                let (mut close_endorsers, mut close_contradictors) = (0.0, 0.0);
                let ties = self.tie_offsets[i]..self.tie_offsets[i + 1];
                if incoming.len() > 1 {
                    // Walk the shorter list: i's ties checked against the stamp, or j's
                    // repliers looked up in i's sorted ties.
                    if ties.len() <= incoming.len() {
                        for tie in ties {
                            let l = self.tie_neighbour[tie] as usize;
                            if stamp[l] == j as u32 {
                                close_endorsers += self.tie_strength[tie] * endorse_rate[l];
                                close_contradictors += self.tie_strength[tie] * contradict_rate[l];
                            }
                        }
                    } else {
                        let neighbours = &self.tie_neighbour[ties.clone()];
                        for other in incoming.clone() {
                            let l = self.in_source[other];
                            if l as usize == i {
                                continue;
                            }
                            if let Ok(found) = neighbours.binary_search(&l) {
                                let strength = self.tie_strength[ties.start + found];
                                close_endorsers += strength * endorse_rate[l as usize];
                                close_contradictors += strength * contradict_rate[l as usize];
                            }
                        }
                    }
                }
                endorse[slot] =
                    endorse_share[pair] / (1.0 + params.clique_discount * close_endorsers);
                contradict[slot] =
                    contradict_share[pair] / (1.0 + params.clique_discount * close_contradictors);
            }
        }
        Weights {
            endorse,
            contradict,
        }
    }

    /// Jacobi iteration of t ← w + α · Sᵀ t from t = w, pulling along in-adjacency.
    fn iterate(&self, pre_trust: &[f64], endorse: &[f64], params: &Params) -> (Vec<f64>, u32, f64) {
        let n = pre_trust.len();
        let mut trust = pre_trust.to_vec();
        let mut next = vec![0.0; n];
        let (mut iterations, mut residual) = (0, 0.0);
        while n > 0 && iterations < params.max_iterations {
            let (mut change, mut total) = (0.0, 0.0);
            for j in 0..n {
                let incoming = self.in_offsets[j]..self.in_offsets[j + 1];
                let mut received = 0.0;
                for (source, weight) in self.in_source[incoming.clone()]
                    .iter()
                    .zip(&endorse[incoming])
                {
                    received += weight * trust[*source as usize];
                }
                let value = pre_trust[j] + params.damping * received;
                change += (value - trust[j]).abs();
                total += value;
                next[j] = value;
            }
            std::mem::swap(&mut trust, &mut next);
            iterations += 1;
            residual = if total > 0.0 { change / total } else { 0.0 };
            if residual <= params.tolerance {
                break;
            }
        }
        (trust, iterations, residual)
    }

    fn explain(&self, trust: &[f64], weights: &Weights, params: &Params) -> Vec<PeerStanding> {
        let n = trust.len();
        let alpha = params.damping;
        let mut result = Vec::with_capacity(n);
        for j in 0..n {
            let incoming = self.in_offsets[j]..self.in_offsets[j + 1];
            let (mut endorsement, mut contradiction) = (0.0, 0.0);
            let mut endorsers = Vec::new();
            let mut contradictors = Vec::new();
            for slot in incoming {
                let source = self.in_source[slot];
                let sent = alpha * trust[source as usize];
                let endorsed = sent * weights.endorse[slot];
                let contradicted = sent * weights.contradict[slot];
                endorsement += endorsed;
                contradiction += contradicted;
                keep_top(&mut endorsers, source, endorsed, params.top_contributors);
                keep_top(
                    &mut contradictors,
                    source,
                    contradicted,
                    params.top_contributors,
                );
            }
            let signal = endorsement + contradiction;
            let denominator = signal + params.prior_weight;
            for contribution in endorsers.iter_mut().chain(contradictors.iter_mut()) {
                contribution.share = contribution.weight / signal;
            }
            result.push(PeerStanding {
                standing: 0.5 + 0.5 * (endorsement - contradiction) / denominator,
                confidence: signal / denominator,
                endorsement,
                contradiction,
                trust: trust[j],
                endorsers,
                contradictors,
            });
        }
        result
    }
}

/// Inserts (practitioner, weight) into `top`, kept sorted by weight descending then index
/// ascending and at most `limit` long. Sources arrive in ascending order, so an equal weight
/// never displaces an earlier one.
fn keep_top(top: &mut Vec<Contribution>, practitioner: u32, weight: f64, limit: usize) {
    if weight <= 0.0 || limit == 0 {
        return;
    }
    if top.len() == limit && top[limit - 1].weight >= weight {
        return;
    }
    let at = top.partition_point(|c| c.weight >= weight);
    if top.len() == limit {
        top.pop();
    }
    top.insert(
        at,
        Contribution {
            practitioner,
            weight,
            share: 0.0,
        },
    );
}
