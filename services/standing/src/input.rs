//! What the computation is fed: practitioners, aggregated reply edges and parameters, and the
//! checks that turn them into trusted values once, at the edge.

use serde::{Deserialize, Serialize};

use crate::StandingError;

/// One practitioner as the text model sees them. Practitioners are identified by their
/// position in the slice given to [`crate::Graph::new`] (0..n); the caller keeps the mapping
/// from its own ids.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Practitioner {
    /// Text-based credibility in \[0,1\] (the practitioner score of the text model).
    pub credibility: f64,
    /// Evidence behind `credibility`, ≥ 0: the sum of the evidence weights of the
    /// practitioner's scored items. A fresh account with one or two items has about 0.5–2,
    /// an established one 10–100.
    pub evidence: f64,
}

/// Replies from one practitioner to another, aggregated over all the replies of that ordered
/// pair (every comment of `from` answering or mentioning an item of `to`).
///
/// Several edges with the same pair are summed. An edge with `from == to` is ignored
/// (nobody gains standing from answering themselves); an edge with no replies carries nothing.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReplyEdge {
    /// Index of the practitioner who wrote the replies.
    pub from: u32,
    /// Index of the practitioner who was answered.
    pub to: u32,
    /// Sum over the pair's replies of the stance model's probability that the reply endorses
    /// (thanks with a reason, agrees and adds, cites). In [0, `replies`].
    pub endorse: f64,
    /// Sum over the pair's replies of the probability that the reply contradicts (corrects,
    /// mocks, warns). In [0, `replies`], and `endorse + contradict ≤ replies`.
    pub contradict: f64,
    /// Number of replies of the pair, neutral ones included.
    pub replies: u32,
}

/// Tuning of the computation. [`Params::default`] holds the values the tests and the bench
/// use; every field is explained in the crate documentation.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Params {
    /// α in (0,1): share of the trust a practitioner holds that flows on along its
    /// endorsements at each step. 0.85, as in PageRank.
    pub damping: f64,
    /// Evidence at which a practitioner counts as fully established, > 0. Evidence above it
    /// adds nothing to their weight as a source. 20.
    pub evidence_cap: f64,
    /// γ ≥ 1: the weight of a source grows as (evidence / cap)^γ. With γ = 2, twenty accounts
    /// with a twentieth of the evidence weigh one twentieth of one established account, so
    /// splitting one's evidence over many fresh accounts loses weight. 2.
    pub evidence_exponent: f64,
    /// ρ in \[0,1\]: weight kept by the reciprocated part of a pair's endorsing shares
    /// (A endorses B and B endorses A), and likewise of mutual contradictions. 0.25.
    pub reciprocal_weight: f64,
    /// β ≥ 0: strength of the diversity (bridging) discount; an endorser whose fellow
    /// endorsers of the same target are k "tie units" close to them counts 1 / (1 + β k). 1.
    pub clique_discount: f64,
    /// K > 0: peer signal, in trust units, at which the standing has moved half-way from 0.5
    /// towards 0 or 1. One trust unit is the weight of a fully credible, fully established
    /// practitioner. 0.5.
    pub prior_weight: f64,
    /// Relative L1 change of the trust vector under which the iteration stops. 1e-10.
    pub tolerance: f64,
    /// Upper bound on iterations, ≥ 1. 500.
    pub max_iterations: u32,
    /// How many endorsers and contradictors each result names. 5.
    pub top_contributors: usize,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            damping: 0.85,
            evidence_cap: 20.0,
            evidence_exponent: 2.0,
            reciprocal_weight: 0.25,
            clique_discount: 1.0,
            prior_weight: 0.5,
            tolerance: 1e-10,
            max_iterations: 500,
            top_contributors: 5,
        }
    }
}

impl Params {
    /// Checks every field's range; [`crate::Graph::standing`] calls it.
    pub fn validate(&self) -> Result<(), StandingError> {
        fn check(
            name: &'static str,
            value: f64,
            ok: bool,
            expected: &'static str,
        ) -> Result<(), StandingError> {
            if value.is_finite() && ok {
                Ok(())
            } else {
                Err(StandingError::Parameter {
                    name,
                    value,
                    expected,
                })
            }
        }
        let p = self;
        check(
            "damping",
            p.damping,
            p.damping > 0.0 && p.damping < 1.0,
            "strictly between 0 and 1",
        )?;
        check(
            "evidence_cap",
            p.evidence_cap,
            p.evidence_cap > 0.0,
            "greater than 0",
        )?;
        check(
            "evidence_exponent",
            p.evidence_exponent,
            p.evidence_exponent >= 1.0,
            "at least 1",
        )?;
        check(
            "reciprocal_weight",
            p.reciprocal_weight,
            (0.0..=1.0).contains(&p.reciprocal_weight),
            "between 0 and 1",
        )?;
        check(
            "clique_discount",
            p.clique_discount,
            p.clique_discount >= 0.0,
            "at least 0",
        )?;
        check(
            "prior_weight",
            p.prior_weight,
            p.prior_weight > 0.0,
            "greater than 0",
        )?;
        check(
            "tolerance",
            p.tolerance,
            p.tolerance > 0.0,
            "greater than 0",
        )?;
        check(
            "max_iterations",
            f64::from(p.max_iterations),
            p.max_iterations >= 1,
            "at least 1",
        )?;
        Ok(())
    }
}

pub(crate) fn check_practitioner(index: usize, p: &Practitioner) -> Result<(), StandingError> {
    if !(p.credibility.is_finite() && (0.0..=1.0).contains(&p.credibility)) {
        return Err(StandingError::Credibility {
            index,
            value: p.credibility,
        });
    }
    if !(p.evidence.is_finite() && p.evidence >= 0.0) {
        return Err(StandingError::Evidence {
            index,
            value: p.evidence,
        });
    }
    Ok(())
}

pub(crate) fn check_edge(index: usize, e: &ReplyEdge, count: usize) -> Result<(), StandingError> {
    for practitioner in [e.from, e.to] {
        if practitioner as usize >= count {
            return Err(StandingError::UnknownPractitioner {
                index,
                practitioner,
                count,
            });
        }
    }
    let replies = f64::from(e.replies);
    // Sums of probabilities are computed in floating point upstream; allow for rounding.
    let slack = 1e-9 * replies.max(1.0);
    let valid = e.endorse.is_finite()
        && e.contradict.is_finite()
        && e.endorse >= 0.0
        && e.contradict >= 0.0
        && e.endorse + e.contradict <= replies + slack;
    if !valid {
        return Err(StandingError::Stance {
            index,
            endorse: e.endorse,
            contradict: e.contradict,
            replies: e.replies,
        });
    }
    Ok(())
}
