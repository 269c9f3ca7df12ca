//! The reply graph in compressed sparse row form, built once from validated input.
//!
//! Pairs are merged and sorted by (from, to), which is the out-adjacency; the in-adjacency
//! (for pulling trust into each target) and the undirected endorsement ties (for the
//! diversity discount) are derived from it without hashing, so every later loop walks flat
//! arrays in a fixed order.

use std::time::{Duration, Instant};

use crate::input::{check_edge, check_practitioner};
use crate::{Practitioner, ReplyEdge, StandingError};

/// Marks a pair whose reverse pair does not exist.
const NO_REVERSE: u32 = u32::MAX;

/// A validated, merged reply graph. Build it once with [`Graph::new`], then compute standings
/// with [`Graph::standing`] (as many times and with as many parameter sets as needed).
#[derive(Clone, Debug)]
pub struct Graph {
    pub(crate) practitioners: Vec<Practitioner>,
    /// Out-adjacency: the pairs of source `i` are `out_offsets[i]..out_offsets[i + 1]`.
    pub(crate) out_offsets: Vec<usize>,
    pub(crate) pair_target: Vec<u32>,
    pub(crate) pair_endorse: Vec<f64>,
    pub(crate) pair_contradict: Vec<f64>,
    pub(crate) pair_replies: Vec<f64>,
    /// Index of the pair (to, from), or [`NO_REVERSE`].
    pub(crate) pair_reverse: Vec<u32>,
    /// Replies written by each source over all its pairs: the denominator that splits its
    /// trust among the practitioners it answers.
    pub(crate) replies_by_source: Vec<f64>,
    /// In-adjacency: the incoming pairs of target `j` are `in_offsets[j]..in_offsets[j + 1]`,
    /// sources ascending; `in_pair` points into the pair arrays.
    pub(crate) in_offsets: Vec<usize>,
    pub(crate) in_source: Vec<u32>,
    pub(crate) in_pair: Vec<u32>,
    /// Undirected endorsement ties: neighbours of `i` ascending, with the tie strength
    /// max(endorse/replies of i→l, of l→i), in (0,1].
    pub(crate) tie_offsets: Vec<usize>,
    pub(crate) tie_neighbour: Vec<u32>,
    pub(crate) tie_strength: Vec<f64>,
    pub(crate) summary: GraphSummary,
}

/// What [`Graph::new`] did with the edges it was given.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct GraphSummary {
    /// Distinct (from, to) pairs kept.
    pub pairs: usize,
    /// Edges with `from == to`, dropped.
    pub self_edges_ignored: usize,
    /// Edges summed into a pair given earlier in the input.
    pub duplicate_edges_merged: usize,
    /// Pairs dropped because they had no replies.
    pub empty_pairs_ignored: usize,
    /// Time spent building the graph.
    pub build_duration: Duration,
}

impl Graph {
    /// Validates the input and builds the adjacency. Fails on the first practitioner or edge
    /// that is out of range; the error names it.
    pub fn new(
        practitioners: &[Practitioner],
        edges: &[ReplyEdge],
    ) -> Result<Graph, StandingError> {
        let started = Instant::now();
        let n = practitioners.len();
        if n >= u32::MAX as usize {
            return Err(StandingError::TooManyPractitioners(n));
        }
        for (index, p) in practitioners.iter().enumerate() {
            check_practitioner(index, p)?;
        }

        let mut summary = GraphSummary::default();
        // Sort by (pair, input position): a total order, so merging is deterministic even
        // when the same pair appears several times.
        let mut keyed: Vec<(u64, usize)> = Vec::with_capacity(edges.len());
        for (index, edge) in edges.iter().enumerate() {
            check_edge(index, edge, n)?;
            if edge.from == edge.to {
                summary.self_edges_ignored += 1;
                continue;
            }
            keyed.push(((u64::from(edge.from) << 32) | u64::from(edge.to), index));
        }
        keyed.sort_unstable();

        let mut pair_source: Vec<u32> = Vec::with_capacity(keyed.len());
        let mut pair_target = Vec::with_capacity(keyed.len());
        let mut pair_endorse = Vec::with_capacity(keyed.len());
        let mut pair_contradict = Vec::with_capacity(keyed.len());
        let mut pair_replies = Vec::with_capacity(keyed.len());
        let mut start = 0;
        while start < keyed.len() {
            let key = keyed[start].0;
            let mut end = start;
            let (mut endorse, mut contradict, mut replies) = (0.0, 0.0, 0.0);
            while end < keyed.len() && keyed[end].0 == key {
                let edge = &edges[keyed[end].1];
                endorse += edge.endorse;
                contradict += edge.contradict;
                replies += f64::from(edge.replies);
                end += 1;
            }
            summary.duplicate_edges_merged += end - start - 1;
            start = end;
            if replies == 0.0 {
                summary.empty_pairs_ignored += 1;
                continue;
            }
            // Validation allowed a rounding slack; shares must not exceed 1.
            let endorse = endorse.min(replies);
            let contradict = contradict.min(replies - endorse);
            pair_source.push((key >> 32) as u32);
            pair_target.push(key as u32);
            pair_endorse.push(endorse);
            pair_contradict.push(contradict);
            pair_replies.push(replies);
        }
        let pairs = pair_target.len();
        summary.pairs = pairs;

        let out_offsets = offsets(n, &pair_source);
        let mut replies_by_source = vec![0.0; n];
        for (source, replies) in pair_source.iter().zip(&pair_replies) {
            replies_by_source[*source as usize] += replies;
        }

        // Counting sort by target; pairs are visited in (from, to) order, so each target's
        // sources come out ascending.
        let in_offsets = offsets(n, &pair_target);
        let mut cursor = in_offsets.clone();
        let mut in_source = vec![0u32; pairs];
        let mut in_pair = vec![0u32; pairs];
        for (pair, (source, target)) in pair_source.iter().zip(&pair_target).enumerate() {
            let slot = &mut cursor[*target as usize];
            in_source[*slot] = *source;
            in_pair[*slot] = pair as u32;
            *slot += 1;
        }

        let mut pair_reverse = vec![NO_REVERSE; pairs];
        for pair in 0..pairs {
            let (source, target) = (pair_source[pair], pair_target[pair] as usize);
            let row = out_offsets[target]..out_offsets[target + 1];
            if let Ok(found) = pair_target[row.clone()].binary_search(&source) {
                pair_reverse[pair] = (row.start + found) as u32;
            }
        }

        // Ties: merge each practitioner's sorted out-neighbours and in-neighbours.
        let rate = |pair: usize| pair_endorse[pair] / pair_replies[pair];
        let mut tie_offsets = Vec::with_capacity(n + 1);
        let mut tie_neighbour = Vec::new();
        let mut tie_strength = Vec::new();
        tie_offsets.push(0);
        for i in 0..n {
            let outs = out_offsets[i]..out_offsets[i + 1];
            let ins = in_offsets[i]..in_offsets[i + 1];
            let (mut o, mut k) = (outs.start, ins.start);
            while o < outs.end || k < ins.end {
                let out_neighbour = (o < outs.end).then(|| pair_target[o]);
                let in_neighbour = (k < ins.end).then(|| in_source[k]);
                let (neighbour, strength) = match (out_neighbour, in_neighbour) {
                    (Some(a), Some(b)) if a == b => {
                        let strength = rate(o).max(rate(in_pair[k] as usize));
                        o += 1;
                        k += 1;
                        (a, strength)
                    }
                    (Some(a), b) if b.is_none_or(|b| a < b) => {
                        o += 1;
                        (a, rate(o - 1))
                    }
                    (_, Some(b)) => {
                        k += 1;
                        (b, rate(in_pair[k - 1] as usize))
                    }
                    (_, None) => unreachable!("loop runs while one side has neighbours"),
                };
                if strength > 0.0 {
                    tie_neighbour.push(neighbour);
                    tie_strength.push(strength);
                }
            }
            tie_offsets.push(tie_neighbour.len());
        }

        summary.build_duration = started.elapsed();
        Ok(Graph {
            practitioners: practitioners.to_vec(),
            out_offsets,
            pair_target,
            pair_endorse,
            pair_contradict,
            pair_replies,
            pair_reverse,
            replies_by_source,
            in_offsets,
            in_source,
            in_pair,
            tie_offsets,
            tie_neighbour,
            tie_strength,
            summary,
        })
    }

    /// Number of practitioners (n).
    pub fn practitioner_count(&self) -> usize {
        self.practitioners.len()
    }

    /// What the build kept, dropped and merged, and how long it took.
    pub fn summary(&self) -> GraphSummary {
        self.summary
    }

    pub(crate) fn reverse_of(&self, pair: usize) -> Option<usize> {
        let reverse = self.pair_reverse[pair];
        (reverse != NO_REVERSE).then_some(reverse as usize)
    }
}

/// CSR offsets of `n` rows from the row index of each entry (entries grouped by row).
fn offsets(n: usize, rows: &[u32]) -> Vec<usize> {
    let mut offsets = vec![0usize; n + 1];
    for row in rows {
        offsets[*row as usize + 1] += 1;
    }
    for i in 0..n {
        offsets[i + 1] += offsets[i];
    }
    offsets
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edge(from: u32, to: u32, endorse: f64, replies: u32) -> ReplyEdge {
        ReplyEdge {
            from,
            to,
            endorse,
            contradict: 0.0,
            replies,
        }
    }

    fn people(n: usize) -> Vec<Practitioner> {
        vec![
            Practitioner {
                credibility: 0.5,
                evidence: 5.0,
            };
            n
        ]
    }

    #[test]
    fn pairs_are_merged_sorted_and_linked_to_their_reverse() {
        let edges = [
            edge(2, 0, 0.5, 1),
            edge(0, 2, 1.0, 2),
            edge(2, 0, 0.25, 1),
            edge(1, 1, 1.0, 1),
            edge(1, 0, 0.0, 0),
        ];
        let graph = Graph::new(&people(3), &edges).unwrap();
        let summary = graph.summary();
        assert_eq!(summary.pairs, 2);
        assert_eq!(summary.duplicate_edges_merged, 1);
        assert_eq!(summary.self_edges_ignored, 1);
        assert_eq!(summary.empty_pairs_ignored, 1);
        assert_eq!(graph.out_offsets, [0, 1, 1, 2]);
        assert_eq!(graph.pair_target, [2, 0]);
        assert_eq!(graph.pair_endorse, [1.0, 0.75]);
        assert_eq!(graph.pair_replies, [2.0, 2.0]);
        assert_eq!(graph.replies_by_source, [2.0, 0.0, 2.0]);
        assert_eq!(graph.reverse_of(0), Some(1));
        assert_eq!(graph.reverse_of(1), Some(0));
        assert_eq!(graph.in_offsets, [0, 1, 1, 2]);
        assert_eq!(graph.in_source, [2, 0]);
    }

    #[test]
    fn ties_take_the_warmer_direction_and_skip_cold_pairs() {
        // 0→1 endorses at 0.2 per reply, 1→0 at 0.8; 2→0 never endorses.
        let edges = [
            edge(0, 1, 0.4, 2),
            edge(1, 0, 0.8, 1),
            edge(2, 0, 0.0, 3),
            edge(3, 2, 0.5, 1),
        ];
        let graph = Graph::new(&people(4), &edges).unwrap();
        let ties = |i: usize| {
            let range = graph.tie_offsets[i]..graph.tie_offsets[i + 1];
            graph.tie_neighbour[range.clone()]
                .iter()
                .copied()
                .zip(graph.tie_strength[range].iter().copied())
                .collect::<Vec<_>>()
        };
        assert_eq!(ties(0), [(1, 0.8)]);
        assert_eq!(ties(1), [(0, 0.8)]);
        assert_eq!(ties(2), [(3, 0.5)]);
        assert_eq!(ties(3), [(2, 0.5)]);
    }
}
