//! Seeded random reply graphs for the bench and the tests: power-law-ish activity and
//! popularity, some reciprocated pairs, stance sums consistent with reply counts.

use crate::{Practitioner, ReplyEdge};

/// SplitMix64: a small, well-mixed generator, spelled out so graphs are the same on every
/// build and platform.
#[derive(Clone, Debug)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator starting from `seed`.
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0,1).
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in 0..bound (bound > 0).
    pub fn below(&mut self, bound: usize) -> usize {
        (self.next_f64() * bound as f64) as usize
    }
}

/// A random graph of `practitioners` practitioners and `edges` reply edges (self-edges
/// excluded, duplicate pairs possible), the same for the same seed.
///
/// Who replies and who is answered follow P(rank < x) = (x / n)^(1/3), a heavy head (the
/// busiest practitioner takes about 2 % of all edges) and a long tail; the two rankings are
/// independent shuffles. One edge in five is answered back. Credibility is uniform in
/// [0.2, 0.95); evidence is heavy-tailed from 0.5 up to 200.
pub fn random_graph(
    practitioners: usize,
    edges: usize,
    seed: u64,
) -> (Vec<Practitioner>, Vec<ReplyEdge>) {
    let mut rng = SplitMix64::new(seed);
    let n = practitioners;
    let people: Vec<Practitioner> = (0..n)
        .map(|_| Practitioner {
            credibility: 0.2 + 0.75 * rng.next_f64(),
            evidence: (0.5 * (1.0 - rng.next_f64()).powf(-1.2)).min(200.0),
        })
        .collect();
    if n < 2 {
        return (people, Vec::new());
    }
    let shuffled = |rng: &mut SplitMix64| {
        let mut order: Vec<u32> = (0..n as u32).collect();
        for i in (1..n).rev() {
            order.swap(i, rng.below(i + 1));
        }
        order
    };
    let by_activity = shuffled(&mut rng);
    let by_popularity = shuffled(&mut rng);
    let skewed = |rng: &mut SplitMix64| ((rng.next_f64().powi(3) * n as f64) as usize).min(n - 1);

    let mut list = Vec::with_capacity(edges);
    while list.len() < edges {
        let from = by_activity[skewed(&mut rng)];
        let to = by_popularity[skewed(&mut rng)];
        if from == to {
            continue;
        }
        list.push(random_edge(&mut rng, from, to));
        if list.len() < edges && rng.next_f64() < 0.2 {
            list.push(random_edge(&mut rng, to, from));
        }
    }
    (people, list)
}

fn random_edge(rng: &mut SplitMix64, from: u32, to: u32) -> ReplyEdge {
    let replies = 1 + (rng.next_f64().powi(2) * 5.0) as u32;
    let endorse = f64::from(replies) * rng.next_f64();
    let contradict = (f64::from(replies) - endorse) * 0.5 * rng.next_f64();
    ReplyEdge {
        from,
        to,
        endorse,
        contradict,
        replies,
    }
}
