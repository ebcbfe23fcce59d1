//! Finding every person: which records describe the same human being.
//!
//! Fellegi–Sunter record linkage, one module per stage:
//!
//! | module | step |
//! |---|---|
//! | `prep` | per-record features: name forms (tone-canonical, i/y, folded, sorted), value hashes |
//! | `block` | blocking keys → candidate pairs (union, deduplicated; oversized blocks windowed) |
//! | `contested` | a CCCD one file gives to two people, or contradicting its record, stops counting against other numbers |
//! | `compare` | two values → agreement level (`exact`, `tone_only`, `typo`, `year_only` …) |
//! | `model` | level → match weight `log2(m/u)`, term frequencies from the data, prior |
//! | `places` | hometown and birthplace: each level's `m` measured on the data |
//! | `workplace` | the workplace field: staff against Party records of one source, measured on the data |
//! | `cluster` | accepted pairs → persons (petgraph `UnionFind`) without chaining distinct people |
//! | `conflicts` | `shared_identifier`; the record description conflicts show |
//! | `explain` | one pair's evidence field by field; the compact `evidence` column |
//! | `stages` | blocking and one pair's scoring alone, for the micro-benchmarks |
//!
//! The prior is not one number: each category of pairs (file × file, a file being
//! one roster of one source) gets its own, estimated by a few EM steps on the
//! scored candidates with the field weights fixed (`run.json` →
//! `matching.category_priors`). Before clustering, candidates of one record in
//! the same other file *compete* (a roster lists a person once): a pair's odds
//! are shared with its rivals, so equal candidates go to review instead of to
//! whichever comes first.
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
mod contested;
mod explain;
mod model;
mod places;
mod prep;
mod stages;
mod workplace;

pub use block::KeyStats;
pub(crate) use explain::push_fixed;
pub use explain::{
    Explanation, explain, render_evidence, render_evidence_into, value as field_value,
};
pub use model::FieldId;
pub use places::PlaceM;
pub use stages::Stages;

use crate::conflict::Conflict;
use crate::record::{self, Record};
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
    /// Refuse to join two records of one kind of roster (staff, Party) of two
    /// sources into a person unless they match each other directly: a person on
    /// two sources' rosters is a transfer, which their own pair must show.
    pub direct_transfers: bool,
    /// Blocking keys to use (`national_id`, `phone`, `email`, `party_card`,
    /// `party_record`, `name`, `family_given_year`, `family_given_day_month`,
    /// `family_given_undated`, `given_date`, `date_family`,
    /// `date_gender_initial`, `date_initials`, `date_id_tail`, `name_id_serial_head`,
    /// `name_id_serial_tail`, `name_workplace`, `year_workplace`); default all.
    pub blocking: Vec<String>,
    /// A multiplier of each named field's match weight (`hometown = 0.5`
    /// halves what a hometown says, `workplace = 0` ignores workplaces);
    /// fields as in `matches.csv`'s evidence, default 1.
    pub field_weights: std::collections::BTreeMap<String, f64>,
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
            window: 4,
            weak_link: 0.99,
            one_per_roster: false,
            direct_transfers: true,
            blocking: block::KEYS.iter().map(|k| k.name.to_string()).collect(),
            field_weights: std::collections::BTreeMap::new(),
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
        for (f, &x) in &self.field_weights {
            if !model::field_names().any(|n| n == f.as_str()) {
                bad.push(format!(
                    "[match] field_weights: unknown field `{f}` (fields: {})",
                    model::field_names().collect::<Vec<_>>().join(", ")
                ));
            } else if !(0.0..=10.0).contains(&x) {
                bad.push(format!("[match] field_weights: need 0 ≤ {f} ≤ 10"));
            }
        }
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

/// What one field says about a scored pair, without the values: a run keeps one
/// per field of every scored pair, so the values are looked up when shown
/// ([`field_value`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Evidence {
    pub field: model::FieldId,
    pub level: &'static str,
    pub weight: f64,
}

impl Evidence {
    /// The field's name (`birth_date`).
    pub fn field(&self) -> &'static str {
        self.field.name()
    }
}

impl Serialize for Evidence {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Evidence", 3)?;
        st.serialize_field("field", self.field())?;
        st.serialize_field("level", self.level)?;
        st.serialize_field("weight", &self.weight)?;
        st.end()
    }
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
    /// Exactly sized: one per scored pair.
    pub evidence: Box<[Evidence]>,
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
    /// The global prior log2 odds (one other record per person), where the
    /// category estimates start from.
    pub prior: f64,
    /// `m` of a phone (an e-mail) agreeing, measured on the records one
    /// identifier joins (see the model's table).
    pub phone_m: f64,
    pub email_m: f64,
    /// `m` of two workplaces agreeing and the factor namesakes share one more
    /// often than chance, measured on the data; absent where too few
    /// identifier-joined staff and Party records tell `m` (the field is off).
    pub workplace_m: Option<f64>,
    pub workplace_namesake_lift: Option<f64>,
    /// `m` of each level of hometown and of birthplace, measured on the
    /// records one identifier joins (see `places`).
    pub hometown_m: PlaceM,
    pub birthplace_m: PlaceM,
    /// The prior of each category of pairs (file × file), estimated from the data.
    pub category_priors: Vec<CategoryPrior>,
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

/// The prior of one category of pairs: records of file `left` with records of
/// file `right` (a file is one roster of one source, `HP:staff`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryPrior {
    pub left: String,
    pub right: String,
    /// Pairs of records in the category (all of them, not only candidates).
    pub pairs: u64,
    /// Expected matches among them after the last EM step.
    pub matches: f64,
    /// log2 prior odds used for its pairs.
    pub prior: f64,
}

/// How far (in bits) a category's prior may move away from the global one. The
/// scoring keeps every pair that could reach a probability of 1 % under any
/// category, so this bounds how much work the estimate may ask for.
const PRIOR_SPAN: f64 = 12.0;
/// EM steps for the category priors; they settle within a few.
const EM_STEPS: usize = 5;
/// Candidate pairs scored per rayon task.
const SCORE_CHUNK: usize = 4096;

/// The files (source × roster) records belong to, and the category of a pair.
struct Files {
    of: Vec<u32>,
    names: Vec<String>,
    sizes: Vec<u64>,
}

impl Files {
    fn new(prep: &[Prepared]) -> Files {
        let key = |r: &Record| (r.source, r.roster);
        let all: Vec<(usize, record::Roster)> = prep.par_iter().map(|p| key(p.record)).collect();
        // A handful of files: the distinct keys fit in a short list.
        let add = |mut seen: Vec<(usize, record::Roster)>, k: &(usize, record::Roster)| {
            if !seen.contains(k) {
                seen.push(*k);
            }
            seen
        };
        let mut keys = all
            .par_iter()
            .fold(Vec::new, add)
            .reduce(Vec::new, |a, b| b.iter().fold(a, add));
        keys.sort_unstable();
        let names = keys
            .iter()
            .map(|&(s, r)| {
                let src = prep
                    .iter()
                    .find(|x| x.record.source == s)
                    .map_or("?", |x| x.record.reference.source.as_str());
                format!("{src}:{}", r.as_str())
            })
            .collect();
        let of: Vec<u32> = all
            .par_iter()
            .map(|k| keys.binary_search(k).unwrap_or(0) as u32)
            .collect();
        let mut sizes = vec![0u64; keys.len()];
        for &f in &of {
            sizes[f as usize] += 1;
        }
        Files { of, names, sizes }
    }

    fn count(&self) -> usize {
        self.sizes.len()
    }

    /// Category index of a pair of positions.
    /// The pair's prior among the per-category `priors`, else `fallback`.
    fn prior(&self, priors: &[f64], fallback: f64, a: u32, b: u32) -> f64 {
        priors.get(self.category(a, b)).copied().unwrap_or(fallback)
    }

    fn category(&self, a: u32, b: u32) -> usize {
        let (x, y) = (self.of[a as usize] as usize, self.of[b as usize] as usize);
        let (x, y) = (x.min(y), x.max(y));
        x * self.count() + y
    }

    /// All pairs of records in category `c`.
    fn pairs(&self, c: usize) -> u64 {
        let (x, y) = (c / self.count(), c % self.count());
        if x == y {
            self.sizes[x] * self.sizes[x].saturating_sub(1) / 2
        } else {
            self.sizes[x] * self.sizes[y]
        }
    }
}

fn logistic(log_odds: f64) -> f64 {
    1.0 / (1.0 + (-log_odds).exp2())
}

/// Estimates, by EM, the share of matches in each category of pairs (the mixing
/// weight of the Fellegi–Sunter model), with the field weights held fixed. A
/// party roster and the staff roster of the same agency share most of their
/// people; two rosters of different agencies share only the transferred staff; a
/// roster with itself only its double entries. Pairs outside `scored` (not
/// candidates, or hopeless) count as non-matches. Smoothed towards the global
/// prior by one pseudo-match, so a small or empty category stays near it.
/// Sums run over fixed chunks in a fixed order: the result never depends on the
/// number of threads.
fn estimate_priors(scored: &[(u32, u32, f64)], files: &Files, global: f64) -> Vec<(f64, f64)> {
    let k = files.count() * files.count();
    let cats: Vec<u32> = scored
        .par_iter()
        .map(|&(a, b, _)| files.category(a, b) as u32)
        .collect();
    let lambda0 = logistic(global);
    let mut prior = vec![global; k];
    let mut expected = vec![0.0; k];
    for _ in 0..EM_STEPS {
        let partial: Vec<Vec<f64>> = scored
            .par_chunks(1 << 14)
            .zip(cats.par_chunks(1 << 14))
            .map(|(pairs, cats)| {
                let mut e = vec![0.0; k];
                for (&(_, _, w), &c) in pairs.iter().zip(cats) {
                    e[c as usize] += logistic(w + prior[c as usize]);
                }
                e
            })
            .collect();
        expected = vec![0.0; k];
        for e in &partial {
            for (t, x) in expected.iter_mut().zip(e) {
                *t += x;
            }
        }
        for (c, p) in prior.iter_mut().enumerate() {
            let n = files.pairs(c) as f64;
            if n == 0.0 {
                continue;
            }
            let lambda = (expected[c] + lambda0) / (n + 1.0);
            let odds = (lambda / (1.0 - lambda).max(1e-12)).log2();
            *p = odds.clamp(global - PRIOR_SPAN, global + PRIOR_SPAN);
        }
    }
    prior.into_iter().zip(expected).collect()
}

/// Candidates scored, priors estimated: everything before clustering. Positions
/// are the records' positions in the input.
///
/// Records are prepared in memory order: sorting them by name first, so that
/// block partners sat together, cost more in preparing than it saved in
/// scoring (229k records: paired wall 0.96 without it).
struct Fitted<'r> {
    prep: Vec<Prepared<'r>>,
    model: model::Model,
    files: Files,
    /// log2 prior odds per category (see [`Files::category`]).
    priors: Vec<f64>,
    /// Candidate pairs (positions) that may matter, with their weight.
    scored: Vec<(u32, u32, f64)>,
    stats: Stats,
}

impl Fitted<'_> {
    fn prior(&self, a: u32, b: u32) -> f64 {
        self.files.prior(&self.priors, self.model.prior, a, b)
    }
}

/// Prepare, block, score and estimate the priors. `decided` pairs (input
/// positions) are always scored.
fn fit<'r>(records: &'r [Record], settings: &Settings, decided: &[(u32, u32)]) -> Fitted<'r> {
    let t = Instant::now();
    let table = prep::syllables(records);
    let places = prep::place_texts(records);
    let mut prep: Vec<Prepared> = records
        .par_iter()
        .with_max_len(1024)
        .map(|r| Prepared::new(r, &table, &places))
        .collect();
    contested::mark(&mut prep, settings.max_block);
    let mut model = model::Model::new(&prep, settings.prior);
    model.scale_fields(&settings.field_weights);
    prep.par_iter_mut().for_each(|p| model.fill(p));
    model.keep_place_counts(&prep);
    let files = Files::new(&prep);
    let n = prep.len();
    let mut decided: Vec<(u32, u32)> = decided
        .iter()
        .filter(|&&(a, b)| (a as usize) < n && (b as usize) < n)
        .map(|&(a, b)| (a.min(b), a.max(b)))
        .collect();
    decided.sort_unstable();
    decided.dedup();
    let mut stats = Stats {
        records: records.len() as u64,
        prior: model.prior,
        phone_m: (model.phone_m * 1000.0).round() / 1000.0,
        workplace_m: model
            .workplace
            .as_ref()
            .map(|w| (w.m * 1000.0).round() / 1000.0),
        workplace_namesake_lift: model
            .workplace
            .as_ref()
            .map(|w| (w.namesake_lift * 1000.0).round() / 1000.0),
        email_m: (model.email_m * 1000.0).round() / 1000.0,
        hometown_m: model.hometown_m.rounded(),
        birthplace_m: model.birthplace_m.rounded(),
        ..Stats::default()
    };
    stats.timings.prepare_ms = ms(t);

    let t = Instant::now();
    let (mut cands, keys) = block::candidates(&prep, settings);
    stats.candidate_pairs = cands.len() as u64;
    stats.capped_blocks = keys.iter().map(|k| k.capped_blocks).sum();
    stats.keys = keys;
    if !decided.is_empty() {
        cands.extend(decided.iter().map(|&(a, b)| block::pack(a, b)));
        cands.par_sort_unstable();
        cands.dedup();
    }
    stats.timings.block_ms = ms(t);

    let t = Instant::now();
    let global = model.prior;
    // With a prior fixed in the project there is nothing to estimate: keep what can
    // reach the review band. Otherwise keep what could reach 1 % under any prior
    // the estimate may choose.
    let floor = match settings.prior {
        Some(p) => model::weight_for(settings.review, p),
        None => model::weight_for(0.01, global + PRIOR_SPAN),
    };
    // Fixed small chunks, each one its own task: a block of a common name costs
    // far more per pair than the rest, and rayon's adaptive splitting (a few
    // halvings, then sequential) left one thread finishing alone.
    let scored: Vec<(u32, u32, f64)> = cands
        .par_chunks(SCORE_CHUNK)
        .with_max_len(1)
        .flat_map_iter(|chunk| chunk.iter())
        .filter_map(|&pair| {
            let (a, b) = block::unpack(pair);
            let (pa, pb) = (prep.get(a as usize)?, prep.get(b as usize)?);
            let w = if decided.binary_search(&(a, b)).is_ok() {
                model.weight(pa, pb)
            } else {
                model.weight_above(pa, pb, floor)?
            };
            Some((a, b, w))
        })
        .collect();
    drop(cands);
    let k = files.count() * files.count();
    let (priors, expected): (Vec<f64>, Vec<f64>) = match settings.prior {
        Some(p) => (vec![p; k], vec![0.0; k]),
        None => estimate_priors(&scored, &files, global).into_iter().unzip(),
    };
    for c in 0..k {
        let (x, y) = (c / files.count(), c % files.count());
        if x <= y && files.pairs(c) > 0 {
            stats.category_priors.push(CategoryPrior {
                left: files.names[x].clone(),
                right: files.names[y].clone(),
                pairs: files.pairs(c),
                matches: (expected[c] * 10.0).round() / 10.0,
                prior: (priors[c] * 1000.0).round() / 1000.0,
            });
        }
    }
    stats.timings.score_ms = ms(t);
    Fitted {
        prep,
        model,
        files,
        priors,
        scored,
        stats,
    }
}

/// Posterior log2 odds of every scored pair once its *competitors* are taken
/// into account.
///
/// A roster lists a person once. So when record `x` matches two records `y`
/// and `z` of the same other file, both cannot be `x`'s person — unless `y` and
/// `z` are one person entered twice, so `z` competes with its odds times the
/// probability that `y` and `z` are different people. (Within `x`'s own file nothing competes: double
/// entries are the exception, and there may be several.) The pair's probability is its odds over one plus the odds of all
/// competing alternatives on both sides: `o / (1 + o + Σ competitors)`. Each
/// competitor `(x, z)` counts with its odds divided by one plus the competition
/// for `z` from other records, so that a candidate already claimed by a much
/// stronger partner stops competing. Equal
/// candidates thus split the probability and go to a reviewer instead of being
/// decided by position. Only pairs that can reach the review band are
/// adjusted; competitors count from a probability of 1 %.
fn competing_odds(fitted: &Fitted, settings: &Settings) -> Vec<f64> {
    let raw: Vec<f64> = fitted
        .scored
        .par_iter()
        .map(|&(a, b, w)| w + fitted.prior(a, b))
        .collect();
    let floor = model::weight_for(0.01, 0.0);
    let review = model::weight_for(settings.review, 0.0);
    let n = fitted.prep.len();
    // Adjacency over pairs that may compete: (neighbour, pair index).
    let mut start = vec![0usize; n + 1];
    for (&(a, b, _), &l) in fitted.scored.iter().zip(&raw) {
        if l >= floor {
            start[a as usize + 1] += 1;
            start[b as usize + 1] += 1;
        }
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    let mut fill = start.clone();
    let mut adj = vec![(0u32, 0u32); start[n]];
    for (i, (&(a, b, _), &l)) in fitted.scored.iter().zip(&raw).enumerate() {
        if l >= floor {
            adj[fill[a as usize]] = (b, i as u32);
            fill[a as usize] += 1;
            adj[fill[b as usize]] = (a, i as u32);
            fill[b as usize] += 1;
        }
    }
    // Probability that two records of one file are one person entered twice.
    let twice = |x: u32, y: u32| {
        let key = (x.min(y), x.max(y));
        fitted
            .scored
            .binary_search_by(|p| (p.0, p.1).cmp(&key))
            .map_or(0.0, |i| logistic(raw[i]))
    };
    let file = |x: u32| fitted.files.of[x as usize];
    // Competing odds on `x`'s side of pair `i` (whose other record is `y`), each
    // competitor `(x, z)` weighed by `odds(j, z)`.
    let side = |x: u32, y: u32, i: usize, odds: &dyn Fn(usize, u32) -> f64| -> f64 {
        // Double entries within one file are the exception the rule allows:
        // any number of them may be one person, so they do not compete.
        if file(x) == file(y) {
            return 0.0;
        }
        adj[start[x as usize]..start[x as usize + 1]]
            .iter()
            .filter(|&&(z, j)| j as usize != i && file(z) == file(y))
            .map(|&(z, j)| odds(j as usize, z) * (1.0 - twice(y, z)))
            .sum()
    };
    let linear = |l: f64| l.clamp(-200.0, 200.0).exp2();
    // First pass: each side's competition with raw odds.
    let sides: Vec<(f64, f64)> = fitted
        .scored
        .par_iter()
        .enumerate()
        .map(|(i, &(a, b, _))| {
            if raw[i] < review {
                return (0.0, 0.0);
            }
            let odds = |j: usize, _| linear(raw[j]);
            (side(a, b, i, &odds), side(b, a, i, &odds))
        })
        .collect();
    // Second pass: a competitor `(x, z)` counts with its odds after the
    // competition *at `z`* (other records claiming `z`), never the competition
    // at `x`, which is the pair being judged.
    let far = |j: usize, z: u32| {
        let (a, _, _) = fitted.scored[j];
        let (sa, sb) = sides[j];
        linear(raw[j]) / (1.0 + if a == z { sa } else { sb })
    };
    fitted
        .scored
        .par_iter()
        .enumerate()
        .map(|(i, &(a, b, _))| {
            let l = raw[i];
            if l < review {
                return l;
            }
            let rival = side(a, b, i, &far) + side(b, a, i, &far);
            // log2(o / (1 + rival)): the pair against all alternatives.
            l - (1.0 + rival).log2()
        })
        .collect()
}

/// Scored pairs up to which each pair's evidence is made beside clustering (see
/// [`link`]); a province of 229,583 records has ~72,000.
const EVIDENCE_BESIDE_CLUSTERING: usize = 200_000;

/// Link the records into persons. See the module docs.
pub fn link(records: &[Record], settings: &Settings, constraints: &Constraints) -> Linkage {
    // Work on positions; `idx` may in principle differ from the position. Only
    // decisions name records by idx: without them the map is not needed (a
    // province has millions of records).
    let pos: HashMap<u32, u32> = if constraints.same.is_empty() && constraints.different.is_empty()
    {
        HashMap::new()
    } else {
        records
            .iter()
            .enumerate()
            .map(|(i, r)| (r.idx, i as u32))
            .collect()
    };
    let at = |idx: u32| pos.get(&idx).copied();
    let mut decided: Vec<(u32, u32)> = constraints
        .different
        .iter()
        .filter_map(|&(a, b)| Some((at(a)?, at(b)?)))
        .collect();
    for g in &constraints.same {
        let g: Vec<u32> = g.iter().filter_map(|&i| at(i)).collect();
        decided.extend(g.windows(2).filter_map(|w| Some((*w.first()?, *w.get(1)?))));
    }
    let fitted = fit(records, settings, &decided);
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
    let mut different: Vec<(u32, u32)> = constraints
        .different
        .iter()
        .filter_map(|&(a, b)| Some((at(a)?, at(b)?)))
        .filter(|(a, b)| a != b)
        .map(|(a, b)| (a.min(b), a.max(b)))
        .collect();
    different.sort_unstable();
    different.dedup();
    let mut decided: Vec<(u32, u32)> = different.clone();
    for g in &same {
        decided.extend(g.windows(2).filter_map(|w| Some((*w.first()?, *w.get(1)?))));
    }
    decided.sort_unstable();
    decided.dedup();

    let t = Instant::now();
    let review = model::weight_for(settings.review, 0.0);
    let odds = competing_odds(&fitted, settings);
    let edges: Vec<(cluster::Edge, f64)> = fitted
        .scored
        .par_iter()
        .zip(odds.par_iter())
        .filter_map(|(&(a, b, w), &odds)| {
            // Competition may demote a pair to the review band, never out of it:
            // a record with two equal candidates is exactly what a clerk should see.
            let alone = w + fitted.prior(a, b);
            let keep = alone >= review || odds >= review || decided.binary_search(&(a, b)).is_ok();
            keep.then(|| {
                let e = cluster::Edge {
                    a,
                    b,
                    probability: logistic(odds),
                    odds,
                    weight: w,
                    alone,
                };
                (e, w)
            })
        })
        .collect();
    // What scoring needed goes before clustering, the run's peak of memory.
    drop(odds);
    let Fitted {
        prep,
        model,
        mut stats,
        scored,
        files,
        priors,
    } = fitted;
    drop(scored);
    // Two records that clustering must know match directly, though blocking
    // never paired them: scored on demand, with the pair's prior.
    let unscored = |a: u32, b: u32| -> f64 {
        let prior = files.prior(&priors, model.prior, a, b);
        match (prep.get(a as usize), prep.get(b as usize)) {
            (Some(pa), Some(pb)) => model.weight(pa, pb) + prior,
            _ => f64::NEG_INFINITY,
        }
    };

    let plain: Vec<cluster::Edge> = edges.iter().map(|e| e.0).collect();
    let idx = |p: u32| prep.get(p as usize).map_or(p, |r| r.record.idx);
    // Each pair's evidence, its records in input order.
    let evidence = |e: &cluster::Edge| {
        let (pa, pb) = (&prep[e.a as usize], &prep[e.b as usize]);
        let (pa, pb) = if idx(e.a) <= idx(e.b) {
            (pa, pb)
        } else {
            (pb, pa)
        };
        explain::evidence(&model, pa, pb).into_boxed_slice()
    };
    // Clustering runs mostly on one thread: the evidence is made beside it when
    // it is small. In a large run it would sit on top of clustering, the run's
    // peak of memory (two million records: +280 MiB, over 4 GiB), and is made
    // after. The pairs are the same either way.
    let (out, early): (_, Vec<_>) = if edges.len() <= EVIDENCE_BESIDE_CLUSTERING {
        rayon::join(
            || cluster::cluster(&prep, &plain, &same, &different, settings, &unscored),
            || edges.par_iter().map(|(e, _)| evidence(e)).collect(),
        )
    } else {
        let out = cluster::cluster(&prep, &plain, &same, &different, settings, &unscored);
        (out, Vec::new())
    };
    drop((plain, files, priors));
    let pair = |&(e, weight): &(cluster::Edge, f64), &decision, evidence| {
        let (a, b) = (idx(e.a), idx(e.b));
        ScoredPair {
            a: a.min(b),
            b: a.max(b),
            weight,
            probability: e.probability,
            decision,
            evidence,
        }
    };
    let judged = edges.par_iter().zip(out.decisions.par_iter());
    let mut pairs: Vec<ScoredPair> = if early.is_empty() {
        judged.map(|(x, d)| pair(x, d, evidence(&x.0))).collect()
    } else {
        judged
            .zip(early.into_par_iter())
            .map(|((x, d), ev)| pair(x, d, ev))
            .collect()
    };
    drop(edges);
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

    // Each cluster's records in input order, clusters by their first record.
    let n = out.labels.len();
    let mut members: Vec<(u32, u32)> = out
        .labels
        .par_iter()
        .enumerate()
        .filter(|&(_, &l)| (l as usize) < n)
        .map(|(p, &l)| (l, idx(p as u32)))
        .collect();
    members.par_sort_unstable();
    let runs: Vec<&[(u32, u32)]> = members.chunk_by(|x, y| x.0 == y.0).collect();
    let mut clusters: Vec<Vec<u32>> = runs
        .par_iter()
        .map(|run| run.iter().map(|&(_, i)| i).collect())
        .collect();
    clusters.par_sort_unstable_by_key(|c: &Vec<u32>| c.first().copied());
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
