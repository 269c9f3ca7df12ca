//! Peer standing: how credible practitioners engage with a practitioner, computed from the
//! reply graph (issue 13, part 3).
//!
//! Pure and deterministic: no I/O, no database, no threads, no hashing in the computation.
//! The caller loads practitioners and aggregated reply edges (from PostgreSQL), calls
//! [`compute`] (or [`Graph::new`] then [`Graph::standing`]) and stores the [`Standings`]
//! together with [`ALGORITHM_VERSION`] and the [`Params`] used.
//!
//! # Input
//!
//! Practitioners `0..n`, each with a text-based credibility `c ∈ [0,1]` and the evidence
//! `e ≥ 0` behind it ([`Practitioner`]); reply edges aggregated per ordered pair
//! ([`ReplyEdge`]): `endorse` and `contradict` (sums of the stance model's probabilities over
//! the pair's replies) and `replies` (their count). Edges of the same pair are summed;
//! self-edges are dropped.
//!
//! # How the standing is computed
//!
//! Trust is measured in *trust units*: a fully credible (c = 1), fully established
//! (e ≥ cap) practitioner starts with one unit.
//!
//! 1. **Pre-trust** (capped evidence). `w(i) = c(i) · (min(e(i), cap) / cap)^γ`, cap = 20,
//!    γ = 2. An established practitioner with c = 0.8 starts with 0.8; a fresh account with
//!    c = 0.5, e = 1 with 0.5 · (1/20)² ≈ 0.0013. With γ = 2, splitting one's evidence over
//!    many accounts loses weight: twenty accounts of e = 1 weigh 1/20 of one account of
//!    e = 20, so a ring of sock puppets is worth less than the account it was made from.
//! 2. **Budget split.** A practitioner's trust is shared among everyone they answer, in
//!    proportion to their replies: the endorsing share of pair i→j is
//!    `a(i,j) / R(i)` and the contradicting share `d(i,j) / R(i)`, where `a`, `d` are the
//!    pair's stance sums and `R(i)` all replies `i` wrote. Shares sum to at most 1, so a
//!    source can never hand out more trust than it holds, however much it posts; neutral
//!    replies pass nothing on.
//! 3. **Reciprocal discount.** The part of i's endorsing share for j matched by j's
//!    endorsing share for i, `m = min(a(i,j)/R(i), a(j,i)/R(j))`, keeps only ρ = 0.25 of
//!    its weight, on both sides: `s'(i,j) = a(i,j)/R(i) − (1 − ρ) · m`. Two practitioners
//!    who spend their replies praising each other keep a quarter of that praise; the
//!    unreturned part of a lopsided pair keeps all of it. Mutual contradiction (a feud) is
//!    discounted the same way, giving `q'(i,j)`.
//! 4. **Diversity (bridging).** Two practitioners are *tied* with strength
//!    `λ(i,l) = max(a(i,l)/r(i,l), a(l,i)/r(l,i))` ∈ \[0,1\], the mean endorsement
//!    probability of their replies to one another (0 if they never endorse each other). For
//!    an endorser `i` of `j`, `k(i,j) = Σ_l λ(i,l) · a(l,j)/r(l,j)` over j's other
//!    repliers `l`: how strongly i is tied to the others who endorse j. Its endorsement
//!    counts `1 / (1 + β·k)` (β = 1). A clique of m practitioners who all endorse each
//!    other and the target counts about as one voice; m endorsers who do not endorse one
//!    another count as m. (Community Notes rewards agreement across people who usually
//!    disagree; this is the simple, graph-only version of that idea.) Contradictors are
//!    discounted likewise by their ties to j's other contradictors, so a pile-on by one
//!    clique counts as one voice too.
//!
//!    Edge weights: `s(i,j) = s'(i,j) / (1 + β·k_a(i,j))` and
//!    `q(i,j) = q'(i,j) / (1 + β·k_d(i,j))`.
//! 5. **Trust fixed point** (EigenTrust / personalised PageRank, damped). From `t = w`,
//!    iterate `t(j) ← w(j) + α · Σ_i s(i,j) · t(i)` (α = 0.85) until the relative L1 change
//!    is at most the tolerance (1e-10) or `max_iterations` (500) is reached. The map is a
//!    contraction (α < 1, rows of s sum to ≤ 1), so the fixed point is unique. Endorsement by
//!    practitioners who are themselves endorsed counts more: trust is transitive.
//! 6. **Peer signal.** Endorsement received `E(j) = α · Σ_i s(i,j) · t(i)` (= t(j) − w(j));
//!    distrust received `D(j) = α · Σ_i q(i,j) · t(i)`: one step from the same trusted
//!    sources, not propagated further.
//! 7. **Standing.** With K = 0.5 trust units (`prior_weight`):
//!
//!    ```text
//!    standing(j)   = 0.5 + 0.5 · (E − D) / (E + D + K)     ∈ (0, 1)
//!    confidence(j) = (E + D) / (E + D + K)                 ∈ [0, 1)
//!    ```
//!
//!    Nobody trusted engaging gives exactly 0.5 with confidence 0. One established
//!    practitioner (c = 0.8) whose replies all endorse j gives E ≈ 0.68 and a standing of
//!    about 0.79; three give about 0.90. The practitioner's own text score never enters
//!    their own standing: the title of expert is given by others.
//!
//! Each result names the top endorsers and contradictors with the trust units each sent
//! and their share of E + D ([`Contribution`]).
//!
//! Invariances: multiplying all of one source's stance sums and reply counts by the same
//! factor changes nothing (only the source's *proportions* matter, so a chatty source is not
//! louder than a quiet one); neither does splitting a pair's replies over several edges, nor
//! the order of the edges. Raising the share of a source's replies that endorse j does raise
//! j's standing.
//!
//! # Combining with the text score (proposal for the README)
//!
//! ```text
//! overall = (1 − λ) · text + λ · standing,    λ = 0.3 · confidence
//! ```
//!
//! Why: the text score is the primary signal: available for everyone, explained span by
//! span, computed from what the practitioner wrote. The standing is sparse and second-hand:
//! most practitioners have confidence ≈ 0, and then the blend returns the text score
//! unchanged; being unanswered is not evidence against anyone. The weight grows with the
//! standing's confidence, so peers matter in proportion to how much trusted engagement there
//! is, and is capped at 0.3 so that peers can move a score but never overrule what the
//! practitioner's own texts show (a perfect standing lifts a text score of 0.4 to at most
//! 0.58; a ring or a pile-on cannot rewrite it).
//!
//! # Speed
//!
//! Compressed sparse rows, f64 vectors and stamped arrays (no hash maps); 100,000
//! practitioners over 1,000,000 edges take well under the 30 s budget (see
//! `benches/standing.rs`).

mod graph;
mod input;
mod solve;
pub mod synthetic;

#[cfg(test)]
mod scenarios;

pub use graph::{Graph, GraphSummary};
pub use input::{Params, Practitioner, ReplyEdge};
pub use solve::{Contribution, PeerStanding, RunStats, Standings};

/// Version of the algorithm, stored with every standing so results of different versions
/// are never compared unknowingly. Change it whenever the formulas or defaults change.
pub const ALGORITHM_VERSION: &str = "peer-standing-1";

/// Input or parameters the computation refuses, with the offending index and value.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum StandingError {
    #[error("practitioner {index}: credibility {value} is not a number in [0,1]")]
    Credibility { index: usize, value: f64 },
    #[error("practitioner {index}: evidence {value} is not a finite number ≥ 0")]
    Evidence { index: usize, value: f64 },
    #[error(
        "edge {index}: practitioner {practitioner} does not exist (there are {count}; \
         practitioners are indexed from 0)"
    )]
    UnknownPractitioner {
        index: usize,
        practitioner: u32,
        count: usize,
    },
    #[error(
        "edge {index}: endorse {endorse} and contradict {contradict} must be finite, ≥ 0 and \
         sum to at most the {replies} replies (each reply's stance probabilities sum to at \
         most 1)"
    )]
    Stance {
        index: usize,
        endorse: f64,
        contradict: f64,
        replies: u32,
    },
    #[error("{0} practitioners: at most {max} are supported", max = u32::MAX - 1)]
    TooManyPractitioners(usize),
    #[error("parameter {name} = {value}: must be {expected}")]
    Parameter {
        name: &'static str,
        value: f64,
        expected: &'static str,
    },
}

/// Validates the input, builds the graph and computes every practitioner's standing with
/// `params`. `stats.duration()` covers both steps.
pub fn compute(
    practitioners: &[Practitioner],
    edges: &[ReplyEdge],
    params: &Params,
) -> Result<Standings, StandingError> {
    params.validate()?;
    Graph::new(practitioners, edges)?.standing(params)
}
