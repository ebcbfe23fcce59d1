//! Finding every person: which records describe the same human being.
//!
//! Fellegi–Sunter record linkage, one module per stage:
//!
//! | module | step |
//! |---|---|
//! | `prep` | per-record features: name forms (tone-canonical, i/y, folded, sorted), value hashes |
//! | `block` | blocking keys → candidate pairs (union, deduplicated; oversized blocks windowed) |
//! | `compare` | two values → agreement level (`exact`, `tone_only`, `typo`, `year_only` …) |
//! | `model` | level → match weight `log2(m/u)`, term frequencies from the data, prior |
//! | `cluster` | accepted pairs → persons (petgraph `UnionFind`) without chaining distinct people |
//! | `conflicts` | `shared_identifier`; the record description conflicts show |
//! | `explain` | one pair's evidence field by field; the compact `evidence` column |
//!
//! Entry point: [`link`]`(records, settings, constraints) -> Linkage`. Every record
//! lands in exactly one cluster; pairs at or above `review` are returned with their
//! evidence; `possible_duplicate`, `shared_identifier` and `weak_cluster` conflicts
//! are raised for a reviewer; human decisions ([`Constraints`]) beat the model.
//! Scoring runs on rayon but every result is sorted, so output never depends on the
//! number of threads.

mod block;
mod cluster;
mod compare;
mod conflicts;
mod explain;
mod model;
mod prep;

pub use block::KeyStats;
pub use explain::{Explanation, explain, render_evidence};

use crate::conflict::Conflict;
use crate::record::Record;
use prep::Prepared;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::time::Instant;

/// `[match]` in `merge.toml`. Every field has a default that must do well alone.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// Pairs at or above this match probability are merged.
    pub accept: f64,
    /// Pairs at or above this (and below `accept`) become `possible_duplicate`.
    pub review: f64,
    /// log2 prior odds that two random records are one person. Default
    /// `log2(1 / (records − 1))`: about one other record per person.
    pub prior: Option<f64>,
    /// Blocks with more records than this are paired only within `window`.
    pub max_block: usize,
    /// Neighbours each record of an oversized block is compared with.
    pub window: usize,
    /// A cluster of ≥ 3 records held by a bridge link below this probability is a
    /// `weak_cluster`.
    pub weak_link: f64,
    /// Refuse to join two records of one roster of one source into a person unless
    /// they match each other directly (a person is listed once per roster).
    pub one_per_roster: bool,
    /// Blocking keys to use (`national_id`, `phone`, `email`, `party_card`,
    /// `party_record`, `name`, `family_given_year`, `given_date`, `date_family`,
    /// `date_gender_initial`); default all.
    pub blocking: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            // Probabilities are calibrated; pairs between 0.8 and 0.95 were right
            // far more often than 0.8 on synthetic rosters, and missing them costs
            // more recall than precision.
            accept: 0.8,
            review: 0.5,
            prior: None,
            max_block: 24,
            window: 8,
            weak_link: 0.99,
            one_per_roster: false,
            blocking: block::KEYS.iter().map(|k| k.name.to_string()).collect(),
        }
    }
}

impl Settings {
    /// Problems a project file should report: unknown blocking keys, bad numbers.
    pub fn check(&self) -> Vec<String> {
        let mut bad: Vec<String> = self
            .blocking
            .iter()
            .filter(|b| !block::KEYS.iter().any(|k| k.name == b.as_str()))
            .map(|b| format!("[match] blocking: unknown key `{b}`"))
            .collect();
        if !(0.0..=1.0).contains(&self.weak_link) {
            bad.push("[match] weak_link: need 0 ≤ weak_link ≤ 1".to_string());
        }
        bad
    }
}

/// Human decisions, as record `idx`s.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    /// Groups of records that must be one person.
    pub same: Vec<Vec<u32>>,
    /// Pairs that must be different people.
    pub different: Vec<(u32, u32)>,
}

/// What the model (or a human) made of a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum PairDecision {
    Match,
    Review,
    DecidedSame,
    DecidedDifferent,
}

impl PairDecision {
    /// As written in `matches.csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            PairDecision::Match => "match",
            PairDecision::Review => "review",
            PairDecision::DecidedSame => "decided_same",
            PairDecision::DecidedDifferent => "decided_different",
        }
    }
}

/// The evidence one field gives about a pair.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldEvidence {
    pub field: &'static str,
    pub left: String,
    pub right: String,
    /// `exact`, `tone_only`, `typo`, `year_only`, `missing`, `different` …
    pub level: &'static str,
    /// log2 match weight; 0 for no evidence.
    pub weight: f64,
}

/// A pair of records with its score. `a < b` (record idx).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoredPair {
    pub a: u32,
    pub b: u32,
    /// Sum of the field weights (without the prior).
    pub weight: f64,
    pub probability: f64,
    pub decision: PairDecision,
    pub evidence: Vec<FieldEvidence>,
}

/// Stage timings in milliseconds (the only non-deterministic part of [`Stats`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Timings {
    pub prepare_ms: u64,
    pub block_ms: u64,
    pub score_ms: u64,
    pub cluster_ms: u64,
}

/// Counts for `run.json`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Stats {
    pub records: u64,
    pub candidate_pairs: u64,
    /// Pairs at or above `review` (plus decided pairs).
    pub scored_pairs: u64,
    pub matched_pairs: u64,
    pub review_pairs: u64,
    /// Pairs at or above `accept` left apart by conflicting identifiers/decisions.
    pub blocked_merges: u64,
    pub clusters: u64,
    pub multi_record_clusters: u64,
    pub capped_blocks: u64,
    /// The prior log2 odds used.
    pub prior: f64,
    pub keys: Vec<KeyStats>,
    pub timings: Timings,
}

/// The result of [`link`].
#[derive(Debug, Clone, Default)]
pub struct Linkage {
    /// Every record idx exactly once; each cluster sorted; clusters sorted by first idx.
    pub clusters: Vec<Vec<u32>>,
    /// Scored pairs at or above `review`, and every decided pair; sorted by (a, b).
    pub pairs: Vec<ScoredPair>,
    pub conflicts: Vec<Conflict>,
    pub stats: Stats,
}

fn ms(t: Instant) -> u64 {
    t.elapsed().as_millis() as u64
}

/// Link the records into persons. See the module docs.
pub fn link(records: &[Record], settings: &Settings, constraints: &Constraints) -> Linkage {
    let t = Instant::now();
    // Work on positions; `idx` may in principle differ from the position.
    let pos: HashMap<u32, u32> = records
        .iter()
        .enumerate()
        .map(|(i, r)| (r.idx, i as u32))
        .collect();
    let at = |idx: u32| pos.get(&idx).copied();
    let table = prep::syllables(records);
    let mut prep: Vec<Prepared> = records
        .par_iter()
        .map(|r| Prepared::new(r, &table))
        .collect();
    let model = model::Model::new(&prep, settings.prior);
    prep.par_iter_mut().for_each(|p| model.fill(p));
    let mut stats = Stats {
        records: records.len() as u64,
        prior: model.prior,
        ..Stats::default()
    };
    stats.timings.prepare_ms = ms(t);

    let t = Instant::now();
    let same: Vec<Vec<u32>> = constraints
        .same
        .iter()
        .map(|g| {
            let mut g: Vec<u32> = g.iter().filter_map(|&i| at(i)).collect();
            g.sort_unstable();
            g.dedup();
            g
        })
        .filter(|g| g.len() >= 2)
        .collect();
    let different: Vec<(u32, u32)> = constraints
        .different
        .iter()
        .filter_map(|&(a, b)| Some((at(a)?, at(b)?)))
        .filter(|(a, b)| a != b)
        .map(|(a, b)| (a.min(b), a.max(b)))
        .collect();
    let mut decided: Vec<(u32, u32)> = different.clone();
    for g in &same {
        decided.extend(g.windows(2).filter_map(|w| Some((*w.first()?, *w.get(1)?))));
    }
    decided.sort_unstable();
    decided.dedup();
    let (mut cands, keys) = block::candidates(&prep, settings);
    stats.candidate_pairs = cands.len() as u64;
    stats.capped_blocks = keys.iter().map(|k| k.capped_blocks).sum();
    stats.keys = keys;
    cands.extend(decided.iter().copied());
    cands.par_sort_unstable();
    cands.dedup();
    stats.timings.block_ms = ms(t);

    let t = Instant::now();
    let floor = model::weight_for(settings.review, model.prior);
    let edges: Vec<(cluster::Edge, f64)> = cands
        .par_iter()
        .filter_map(|&(a, b)| {
            let (pa, pb) = (prep.get(a as usize)?, prep.get(b as usize)?);
            let w = model.weight(pa, pb);
            let keep = w >= floor || decided.binary_search(&(a, b)).is_ok();
            keep.then(|| {
                let probability = model.probability(w);
                (cluster::Edge { a, b, probability }, w)
            })
        })
        .collect();
    stats.timings.score_ms = ms(t);

    let t = Instant::now();
    let plain: Vec<cluster::Edge> = edges.iter().map(|e| e.0).collect();
    let out = cluster::cluster(&prep, &plain, &same, &different, settings);
    let idx = |p: u32| records.get(p as usize).map_or(p, |r| r.idx);
    let mut pairs: Vec<ScoredPair> = edges
        .par_iter()
        .zip(out.decisions.par_iter())
        .map(|(&(e, weight), &decision)| {
            let (pa, pb) = (&prep[e.a as usize], &prep[e.b as usize]);
            let (a, b) = (idx(e.a), idx(e.b));
            let (a, b, pa, pb) = if a <= b {
                (a, b, pa, pb)
            } else {
                (b, a, pb, pa)
            };
            ScoredPair {
                a,
                b,
                weight,
                probability: e.probability,
                decision,
                evidence: explain::evidence(&model, pa, pb),
            }
        })
        .collect();
    pairs.par_sort_by(|x, y| (x.a, x.b).cmp(&(y.a, y.b)));
    for p in &pairs {
        match p.decision {
            PairDecision::Match => stats.matched_pairs += 1,
            PairDecision::Review => stats.review_pairs += 1,
            _ => {}
        }
    }
    stats.scored_pairs = pairs.len() as u64;
    stats.blocked_merges = out.blocked;

    let mut by_label: HashMap<u32, Vec<u32>> = HashMap::new();
    for (p, &l) in out.labels.iter().enumerate() {
        by_label.entry(l).or_default().push(idx(p as u32));
    }
    let mut clusters: Vec<Vec<u32>> = by_label.into_values().collect();
    for c in &mut clusters {
        c.sort_unstable();
    }
    clusters.sort_unstable_by_key(|c| c.first().copied());
    stats.clusters = clusters.len() as u64;
    stats.multi_record_clusters = clusters.iter().filter(|c| c.len() > 1).count() as u64;
    let mut conflicts = out.conflicts;
    crate::conflict::sort(&mut conflicts);
    stats.timings.cluster_ms = ms(t);
    Linkage {
        clusters,
        pairs,
        conflicts,
        stats,
    }
}
