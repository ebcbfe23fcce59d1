//! The workplace field: a staff record against a Party record of the same
//! source, by where each works ([`crate::record::Workplace`]: the unit both of
//! the source's trees name). One person's two records name one workplace, or
//! one within the other; two people of one name seldom do, unless the unit is
//! large. Everything is measured on the data being merged:
//! - `m`, on the pairs one CCCD/CMND joins: how often one person's staff and
//!   Party records name one workplace (rather than two apart);
//! - `u`, the share of the source's records at that workplace, raised by how
//!   much more often than that namesakes told apart by their CCCDs share one
//!   (families and names cluster in villages).
//!
//! Records of two sources, or of one roster, are not compared: their units are
//! named by different trees, or a person is listed once per roster.

use super::model::namesake_pairs;
use super::prep::Prepared;
use crate::normalize::IdKind;
use crate::record::Workplace;
use foldhash::HashMap;
use rayon::prelude::*;

/// Pairs one identifier joins, both with a workplace, needed to measure `m`.
const MIN_PAIRS: u64 = 20;

/// `m` drawn toward this by [`PRIOR_PAIRS`]: a guess that tells nothing.
const M_PRIOR: f64 = 0.5;
const PRIOR_PAIRS: f64 = 10.0;

/// Pairs of namesakes told apart by CCCD needed to measure how much more
/// often than chance they share a workplace; records of one name looked at.
const NAMESAKE_MIN_PAIRS: u64 = 100;
const NAMESAKE_GROUP: usize = 16;

/// The measured field; `None` where too few pairs tell `m`.
#[derive(Debug, Clone)]
pub(crate) struct WorkplaceModel {
    /// How often one person's staff and Party records name one workplace,
    /// of those naming two (one within the other tells nothing).
    pub m: f64,
    /// How many times the chance share namesakes share a workplace (≥ 1).
    pub namesake_lift: f64,
    /// Share of its source's records (with a workplace) at each workplace.
    shares: HashMap<u64, f64>,
}

/// Two records whose workplaces can be compared: one source, two rosters.
fn comparable(a: &Prepared, b: &Prepared) -> Option<(Workplace, Workplace)> {
    if a.source != b.source || a.roster == b.roster {
        return None;
    }
    Some((a.workplace?, b.workplace?))
}

impl WorkplaceModel {
    pub fn new(prepared: &[Prepared]) -> Option<WorkplaceModel> {
        // Side by side: each has a serial pass, and the model is the longest
        // of `Model::new`'s measurements.
        let (m, shares) = rayon::join(|| measured_m(prepared), || shares(prepared));
        let m = m?;
        let namesake_lift = namesake_lift(prepared, &shares);
        Some(WorkplaceModel {
            m,
            namesake_lift,
            shares,
        })
    }

    fn u(&self, w: Workplace) -> f64 {
        let share = self.shares.get(&w.get()).copied().unwrap_or(1.0);
        (share * self.namesake_lift).clamp(1e-6, 0.9)
    }

    /// Level and weight, or `None` when the two cannot be compared.
    pub fn weight(&self, a: &Prepared, b: &Prepared) -> Option<(&'static str, f64)> {
        let (x, y) = comparable(a, b)?;
        Some(if x == y {
            ("exact", super::model::w(self.m, self.u(x)))
        } else if x.nested(y) {
            ("within", 0.0)
        } else {
            let u = self.u(x).max(self.u(y));
            ("different", super::model::w(1.0 - self.m, 1.0 - u))
        })
    }
}

/// See [`WorkplaceModel::m`]: pairs of records sharing an undamaged,
/// uncontested identifier (held by at most four records), staff against
/// Party of one source.
fn measured_m(prepared: &[Prepared]) -> Option<f64> {
    let mut held: Vec<(u64, usize)> = prepared
        .par_iter()
        .enumerate()
        .filter(|(_, p)| p.workplace.is_some())
        .filter_map(|(i, p)| {
            let id = p.id.as_ref().filter(|i| !i.damaged && !i.contested)?;
            Some((id.hash, i))
        })
        .collect();
    held.par_sort_unstable();
    let (mut agree, mut apart) = (0u64, 0u64);
    for person in held.chunk_by(|a, b| a.0 == b.0).filter(|g| g.len() <= 4) {
        for (k, &(_, i)) in person.iter().enumerate() {
            for &(_, j) in person.iter().skip(k + 1) {
                let (Some(a), Some(b)) = (prepared.get(i), prepared.get(j)) else {
                    continue;
                };
                match comparable(a, b) {
                    Some((x, y)) if x == y => agree += 1,
                    Some((x, y)) if !x.nested(y) => apart += 1,
                    _ => {}
                }
            }
        }
    }
    let pairs = agree + apart;
    if pairs < MIN_PAIRS {
        return None;
    }
    let m = (agree as f64 + M_PRIOR * PRIOR_PAIRS) / (pairs as f64 + PRIOR_PAIRS);
    Some(m.clamp(0.05, 0.995))
}

/// See [`WorkplaceModel::shares`].
fn shares(prepared: &[Prepared]) -> HashMap<u64, f64> {
    type Counts = HashMap<(u16, u64), u64>;
    let counts: Counts = prepared
        .par_iter()
        .with_min_len(4096)
        .fold(Counts::default, |mut m, p| {
            if let Some(w) = p.workplace {
                *m.entry((p.source, w.get())).or_default() += 1;
            }
            m
        })
        .reduce(Counts::default, |mut a, b| {
            for (k, c) in b {
                *a.entry(k).or_default() += c;
            }
            a
        });
    let mut totals: HashMap<u16, u64> = HashMap::default();
    for (&(source, _), &c) in &counts {
        *totals.entry(source).or_default() += c;
    }
    counts
        .into_iter()
        .map(|((source, w), c)| {
            let total = totals.get(&source).copied().unwrap_or(1).max(1);
            (w, c as f64 / total as f64)
        })
        .collect()
}

/// See [`WorkplaceModel::namesake_lift`]: records of one name (any order,
/// marks aside) in one source whose CCCDs differ by more than two slips are two
/// people; among their pairs, how many share a workplace, against the sum of
/// their workplaces' shares. 1 when fewer than [`NAMESAKE_MIN_PAIRS`] tell or
/// namesakes share no more than chance.
fn namesake_lift(prepared: &[Prepared], shares: &HashMap<u64, f64>) -> f64 {
    /// Source, name, number hash, position.
    type Held = (u16, u64, u64, usize);
    // Within a name, records in the order of their numbers' hashes: rosters
    // list records unit by unit, so the first few by position would share
    // workplaces more than the name's records do.
    let mut held: Vec<Held> = prepared
        .par_iter()
        .enumerate()
        .filter(|(_, p)| p.workplace.is_some())
        .filter_map(|(i, p)| {
            let id = p.id.as_ref()?;
            let usable = id.kind == IdKind::Cccd && !id.damaged && !id.contested;
            usable.then_some((p.source, p.name.as_ref()?.sorted, id.hash, i))
        })
        .collect();
    held.par_sort_unstable();
    let (mut pairs, mut shared, mut chance) = (0u64, 0u64, 0.0f64);
    let (name, at) = (|h: &Held| (h.0, h.1), |h: &Held| h.3);
    let found = namesake_pairs(prepared, &held, name, at, NAMESAKE_GROUP, |a, b| {
        let (x, y) = (a.workplace?, b.workplace?);
        Some((x == y, shares.get(&x.get()).copied().unwrap_or(0.0)))
    });
    // Added up in the pairs' order: the same sum whatever the threads.
    for (same, share) in found.into_iter().flatten() {
        pairs += 1;
        shared += u64::from(same);
        chance += share;
    }
    if pairs < NAMESAKE_MIN_PAIRS || chance <= 0.0 {
        return 1.0;
    }
    (shared as f64 / chance).max(1.0)
}
