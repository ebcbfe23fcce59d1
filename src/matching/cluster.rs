//! Clustering: scored pairs → persons, without chaining distinct people.
//!
//! `same` decisions are joined first. Then pairs at or above `accept` are joined
//! in descending probability (ties by record position), with a petgraph
//! `UnionFind`, but two groups are never joined when that would put into one
//! person:
//! - two different valid CCCDs/CMNDs (beyond a one-digit typo, or two in the
//!   serial) or party cards (beyond a one-digit typo);
//! - two records a `different` decision keeps apart;
//! - with `one_per_roster`, two records of one roster of one source that do not
//!   match each other directly (a person is listed once per roster, twice only
//!   when entered twice);
//! - with `direct_transfers` (the default), two records of one kind of roster of
//!   two sources that do not: a transfer shows in its own pair, not only
//!   through a third record;
//! - across more than the pair itself, two genders.
//!
//! Those pairs are left to a reviewer. A cluster of three or more records whose
//! graph of internal links has a bridge below `weak_link` is a `weak_cluster`:
//! one doubtful link holds it together.

use super::compare::{two_serial_slips, within_one_edit};
use super::prep::Prepared;
use super::{PairDecision, Settings};
use crate::conflict::{Conflict, ConflictKind, Severity};
use crate::normalize::{Gender, IdKind};
use petgraph::graph::UnGraph;
use petgraph::unionfind::UnionFind;
use petgraph::visit::EdgeRef;
use rayon::prelude::*;
use std::collections::BTreeMap;

/// A scored pair of record positions.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Edge {
    pub a: u32,
    pub b: u32,
    pub probability: f64,
    /// log2 posterior odds (weight + the pair's prior): the order pairs join in,
    /// without the rounding of probabilities near 1.
    pub odds: f64,
    /// Sum of the field weights: of two pairs with equal odds, the one with more
    /// evidence joins first.
    pub weight: f64,
    /// log2 odds on the pair's own evidence and prior, before its competitors
    /// are counted: whether two records "match each other directly".
    pub alone: f64,
}

pub(crate) struct Outcome {
    /// Cluster representative of each position.
    pub labels: Vec<u32>,
    /// One per edge, same order.
    pub decisions: Vec<PairDecision>,
    pub conflicts: Vec<Conflict>,
    /// Pairs at or above `accept` left apart by a conflicting identifier.
    pub blocked: u64,
}

/// Strong identifiers of a growing cluster.
#[derive(Default)]
struct Profile<'a> {
    ids: Vec<(IdKind, &'a str)>,
    cards: Vec<&'a str>,
    genders: u8,
    size: usize,
    cannot: Vec<u32>,
}

impl<'a> Profile<'a> {
    fn of(p: &'a Prepared) -> Profile<'a> {
        Profile {
            ids: p
                .id
                .iter()
                .filter(|i| !i.damaged && !i.contested && i.kind != IdKind::Unknown)
                .map(|i| (i.kind, i.digits))
                .collect(),
            cards: p.party_card.iter().map(|c| &*c.0).collect(),
            genders: match p.gender {
                Some(Gender::Male) => 1,
                Some(Gender::Female) => 2,
                None => 0,
            },
            size: 1,
            cannot: Vec::new(),
        }
    }

    fn absorb(&mut self, other: Profile<'a>) {
        for id in other.ids {
            if !self.ids.contains(&id) {
                self.ids.push(id);
            }
        }
        for c in other.cards {
            if !self.cards.contains(&c) {
                self.cards.push(c);
            }
        }
        self.genders |= other.genders;
        self.size += other.size;
        self.cannot.extend(other.cannot);
    }
}

/// Why two groups may not be joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Clash {
    NationalId,
    PartyCard,
    Gender,
    SameRoster,
    Transfer,
    Decided,
}

impl Clash {
    fn text(self) -> (&'static str, &'static str) {
        match self {
            Clash::NationalId => (
                "hai số CCCD/CMND khác nhau",
                "two different CCCD/CMND numbers",
            ),
            Clash::PartyCard => (
                "hai số thẻ đảng viên khác nhau",
                "two different party cards",
            ),
            Clash::Gender => ("giới tính khác nhau", "different genders"),
            Clash::SameRoster => (
                "sẽ có hai hồ sơ cùng một danh sách không khớp trực tiếp với nhau",
                "two records of one roster that do not match each other directly",
            ),
            Clash::Transfer => (
                "sẽ có hai hồ sơ cùng loại danh sách của hai nguồn (chuyển công tác) không khớp trực tiếp với nhau",
                "two records of one kind of roster from two sources (a transfer) that do not match each other directly",
            ),
            Clash::Decided => (
                "đã quyết định là khác người",
                "decided to be different people",
            ),
        }
    }
}

/// Each cluster's records as a ring: `next` leads from a record to another of
/// its cluster and round. Two rings become one by swapping one `next` of each,
/// so the members of any cluster are at hand for 4 bytes a record.
struct Members {
    next: Vec<u32>,
}

impl Members {
    fn new(n: usize) -> Members {
        Members {
            next: (0..n as u32).collect(),
        }
    }

    /// Join the rings of `a` and `b` (of two different clusters).
    fn merge(&mut self, a: u32, b: u32) {
        self.next.swap(a as usize, b as usize);
    }

    /// The records of `a`'s cluster, `a` first.
    fn of(&self, a: u32) -> impl Iterator<Item = u32> + '_ {
        let mut at = Some(a);
        std::iter::from_fn(move || {
            let x = at?;
            let next = self.next.get(x as usize).copied().unwrap_or(a);
            at = (next != a).then_some(next);
            Some(x)
        })
    }
}

/// Whether joining the clusters of `x` and `y` puts two records of one kind of
/// roster into one person that do not match each other directly: of one source
/// (with `one_per_roster`) or of two (a transfer, with `direct_transfers`).
fn roster_clash(
    x: u32,
    y: u32,
    prep: &[Prepared],
    members: &Members,
    direct: &dyn Fn(u32, u32) -> bool,
    settings: &Settings,
) -> Option<Clash> {
    if !settings.one_per_roster && !settings.direct_transfers {
        return None;
    }
    let slot = |i: u32| prep.get(i as usize).map(|p| (p.source, p.roster));
    for a in members.of(x) {
        for b in members.of(y) {
            let clash = match (slot(a), slot(b)) {
                (Some((s, r)), Some((t, q))) if r == q => match s == t {
                    true if settings.one_per_roster => Clash::SameRoster,
                    false if settings.direct_transfers => Clash::Transfer,
                    _ => continue,
                },
                _ => continue,
            };
            if !direct(a.min(b), a.max(b)) {
                return Some(clash);
            }
        }
    }
    None
}

fn clash(
    x: &Profile,
    y: &Profile,
    rx: u32,
    ry: u32,
    uf: &mut UnionFind<u32>,
    roster: &dyn Fn() -> Option<Clash>,
) -> Option<Clash> {
    let far = |s: &str, t: &str| s != t && !within_one_edit(s, t);
    // Numbers two slips apart in their serial score as no evidence; a pair
    // holding them joins on the rest of its evidence (`IdLevel::TwoTypos`).
    let far_id =
        |k: IdKind, s: &str, t: &str| far(s, t) && !two_serial_slips(k, s.as_bytes(), t.as_bytes());
    if x.ids
        .iter()
        .any(|&(k, s)| y.ids.iter().any(|&(l, t)| k == l && far_id(k, s, t)))
    {
        return Some(Clash::NationalId);
    }
    if x.cards.iter().any(|s| y.cards.iter().any(|t| far(s, t))) {
        return Some(Clash::PartyCard);
    }
    // A gender disagreement between the pair's own two records is already in its
    // score; only refuse when it would spread to records the pair did not see.
    if x.genders != 0 && y.genders != 0 && x.genders & y.genders == 0 && x.size + y.size > 2 {
        return Some(Clash::Gender);
    }
    // A person is listed once per roster; a second record of the same roster
    // joins only through a direct strong match with the first (entered twice).
    // On another source's roster of the same kind they are a transfer, which
    // must also show in the two records' own pair.
    if let Some(c) = roster() {
        return Some(c);
    }
    let decided = |p: &Profile, other: u32, uf: &mut UnionFind<u32>| {
        p.cannot.iter().any(|&c| uf.find_mut(c) == other)
    };
    if decided(x, ry, uf) || decided(y, rx, uf) {
        return Some(Clash::Decided);
    }
    None
}

/// Per record position, its cluster's profile while it is the cluster's root: only
/// records that may join anything, or that a `different` decision names, have one
/// (a province has millions that do not).
type Profiles<'a> = Vec<Option<Box<Profile<'a>>>>;

fn join<'a>(
    uf: &mut UnionFind<u32>,
    prof: &mut Profiles<'a>,
    members: &mut Members,
    a: u32,
    b: u32,
) {
    let (ra, rb) = (uf.find_mut(a), uf.find_mut(b));
    if ra == rb || !uf.union(ra, rb) {
        return;
    }
    members.merge(ra, rb);
    let root = uf.find_mut(ra);
    let gone = if root == ra { rb } else { ra };
    if let Some(moved) = prof.get_mut(gone as usize).and_then(Option::take) {
        profile_mut(prof, root).absorb(*moved);
    }
}

/// The profile at `root`, made empty if it had none.
fn profile_mut<'p, 'a>(prof: &'p mut Profiles<'a>, root: u32) -> &'p mut Profile<'a> {
    if prof.len() <= root as usize {
        prof.resize_with(root as usize + 1, || None);
    }
    prof[root as usize].get_or_insert_with(Box::default)
}

/// `edges` in `(a, b)` order; `unscored(a, b)` is the log2 odds of a pair not
/// among them on its own evidence and prior.
pub(crate) fn cluster(
    prep: &[Prepared],
    edges: &[Edge],
    same: &[Vec<u32>],
    different: &[(u32, u32)],
    settings: &Settings,
    unscored: &dyn Fn(u32, u32) -> f64,
) -> Outcome {
    let n = prep.len();
    let mut uf: UnionFind<u32> = UnionFind::new(n);
    let mut decided_same: UnionFind<u32> = UnionFind::new(n);
    // Profiles are only read for records that take part in a join: the others
    // stay empty (no allocation).
    let mut needed = vec![false; n];
    for e in edges.iter().filter(|e| e.probability >= settings.accept) {
        for x in [e.a, e.b] {
            if let Some(slot) = needed.get_mut(x as usize) {
                *slot = true;
            }
        }
    }
    for x in same.iter().flatten() {
        if let Some(slot) = needed.get_mut(*x as usize) {
            *slot = true;
        }
    }
    let mut prof: Profiles = prep
        .par_iter()
        .zip(&needed)
        .map(|(p, &need)| need.then(|| Box::new(Profile::of(p))))
        .collect();
    let mut members = Members::new(n);
    for group in same {
        for w in group.windows(2) {
            if let [a, b] = *w {
                join(&mut uf, &mut prof, &mut members, a, b);
                decided_same.union(a, b);
            }
        }
    }
    let mut diff: Vec<(u32, u32)> = different
        .iter()
        .map(|&(a, b)| (a.min(b), a.max(b)))
        .collect();
    diff.sort_unstable();
    for &(a, b) in &diff {
        let (ra, rb) = (uf.find_mut(a), uf.find_mut(b));
        profile_mut(&mut prof, ra).cannot.push(b);
        profile_mut(&mut prof, rb).cannot.push(a);
    }
    let is_diff = |a: u32, b: u32| diff.binary_search(&(a.min(b), a.max(b))).is_ok();

    // Strongest first (posterior odds, then total evidence); remaining ties broken
    // by position so the result never depends on the order pairs arrived in.
    let mut order: Vec<usize> = (0..edges.len())
        .filter(|&i| edges[i].probability >= settings.accept)
        .collect();
    order.par_sort_by(|&i, &j| {
        let (x, y) = (&edges[i], &edges[j]);
        y.odds
            .total_cmp(&x.odds)
            .then(y.weight.total_cmp(&x.weight))
            .then((x.a, x.b).cmp(&(y.a, y.b)))
    });
    // Whether a pair's own evidence reaches `accept`. Competition is left out:
    // a record matching both of one person's double entries competes with
    // itself, and the weaker of its two pairs may fall to review. A pair
    // blocking never made is scored now (edges are in (a, b) order).
    let accept = super::model::weight_for(settings.accept, 0.0);
    let direct = |a: u32, b: u32| {
        let alone = match edges.binary_search_by(|e| (e.a, e.b).cmp(&(a, b))) {
            Ok(i) => edges[i].alone,
            Err(_) => unscored(a, b),
        };
        alone >= accept
    };
    let mut blocked: BTreeMap<usize, Clash> = BTreeMap::new();
    let empty = Profile::default();
    for i in order {
        let e = edges[i];
        if is_diff(e.a, e.b) {
            continue;
        }
        let (ra, rb) = (uf.find_mut(e.a), uf.find_mut(e.b));
        if ra == rb {
            continue;
        }
        let of = |r: u32| {
            prof.get(r as usize)
                .and_then(Option::as_deref)
                .unwrap_or(&empty)
        };
        let roster = || roster_clash(ra, rb, prep, &members, &direct, settings);
        match clash(of(ra), of(rb), ra, rb, &mut uf, &roster) {
            Some(c) => {
                blocked.insert(i, c);
            }
            None => join(&mut uf, &mut prof, &mut members, e.a, e.b),
        }
    }
    let labels: Vec<u32> = (0..n as u32).map(|i| uf.find_mut(i)).collect();
    let label = |i: u32| labels.get(i as usize).copied().unwrap_or(i);

    let decisions: Vec<PairDecision> = edges
        .par_iter()
        .map(|e| {
            if is_diff(e.a, e.b) {
                PairDecision::DecidedDifferent
            } else if decided_same.equiv(e.a, e.b) {
                PairDecision::DecidedSame
            } else if e.probability >= settings.accept && label(e.a) == label(e.b) {
                PairDecision::Match
            } else {
                PairDecision::Review
            }
        })
        .collect();

    // Three independent looks at the result, side by side; their conflicts keep
    // this order.
    let ((mut conflicts, shared), weak) = rayon::join(
        || {
            rayon::join(
                || {
                    let mut out = Vec::new();
                    possible_duplicates(
                        prep, edges, &decisions, &blocked, &label, settings, &mut out,
                    );
                    out
                },
                || {
                    let mut out = Vec::new();
                    super::conflicts::shared_identifiers(prep, &label, settings, &mut out);
                    out
                },
            )
        },
        || {
            let mut out = Vec::new();
            weak_clusters(prep, edges, &decisions, &labels, settings, &mut out);
            out
        },
    );
    conflicts.extend(shared);
    conflicts.extend(weak);
    Outcome {
        blocked: blocked.len() as u64,
        labels,
        decisions,
        conflicts,
    }
}

/// One `possible_duplicate` per pair of clusters: the best review pair between them.
fn possible_duplicates(
    prep: &[Prepared],
    edges: &[Edge],
    decisions: &[PairDecision],
    blocked: &BTreeMap<usize, Clash>,
    label: &dyn Fn(u32) -> u32,
    settings: &Settings,
    out: &mut Vec<Conflict>,
) {
    let mut best: BTreeMap<(u32, u32), usize> = BTreeMap::new();
    for (i, (e, d)) in edges.iter().zip(decisions).enumerate() {
        let (la, lb) = (label(e.a), label(e.b));
        // Every review edge is worth a look: some sit below `review` only
        // because an equal candidate competes with them.
        if *d != PairDecision::Review || la == lb {
            continue;
        }
        let slot = best.entry((la.min(lb), la.max(lb))).or_insert(i);
        if edges[*slot].probability < e.probability {
            *slot = i;
        }
    }
    let mid = super::model::weight_for(settings.accept, 0.0) / 2.0
        + super::model::weight_for(settings.review, 0.0) / 2.0;
    for i in best.into_values() {
        let e = edges[i];
        let (a, b) = (&prep[e.a as usize], &prep[e.b as usize]);
        let clash = blocked.get(&i).copied();
        let (mut vi, mut en) = (
            format!("Có thể là cùng một người (xác suất {:.3})", e.probability),
            format!("May be the same person (probability {:.3})", e.probability),
        );
        if let Some(c) = clash {
            let (cv, ce) = c.text();
            vi.push_str(&format!("; không tự gộp vì {cv}"));
            en.push_str(&format!("; not merged automatically: {ce}"));
        }
        let same = clash.is_none() && super::model::weight_for(e.probability, 0.0) >= mid;
        let s = if same { "same" } else { "different" };
        let (refs, values) = super::conflicts::subjects_described([a, b].into_iter());
        out.push(
            Conflict::new(ConflictKind::PossibleDuplicate, Severity::Warning, refs)
                .values(values)
                .detail(vi, en)
                .suggestion(s, s),
        );
    }
}

/// Clusters of three or more held together by one doubtful link.
fn weak_clusters(
    prep: &[Prepared],
    edges: &[Edge],
    decisions: &[PairDecision],
    labels: &[u32],
    settings: &Settings,
    out: &mut Vec<Conflict>,
) {
    let mut size = vec![0u32; labels.len()];
    for &l in labels {
        if let Some(s) = size.get_mut(l as usize) {
            *s += 1;
        }
    }
    let mut members: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    for (i, &l) in labels.iter().enumerate() {
        if size.get(l as usize).is_some_and(|&s| s >= 3) {
            members.entry(l).or_default().push(i as u32);
        }
    }
    let mut inner: BTreeMap<u32, Vec<(u32, u32, f64)>> = BTreeMap::new();
    for (e, d) in edges.iter().zip(decisions) {
        let l = labels[e.a as usize];
        if l != labels[e.b as usize] || !members.contains_key(&l) {
            continue;
        }
        let p = if *d == PairDecision::DecidedSame {
            1.0
        } else {
            e.probability
        };
        if p >= settings.review {
            inner.entry(l).or_default().push((e.a, e.b, p));
        }
    }
    for (l, m) in members {
        let links = inner.remove(&l).unwrap_or_default();
        let mut g: UnGraph<u32, f64> = UnGraph::new_undirected();
        let nodes: BTreeMap<u32, _> = m.iter().map(|&i| (i, g.add_node(i))).collect();
        for &(a, b, p) in &links {
            if let (Some(&x), Some(&y)) = (nodes.get(&a), nodes.get(&b)) {
                g.add_edge(x, y, p);
            }
        }
        // A `same` decision may join records with no scored link between them;
        // those clusters are the reviewer's own and not flagged.
        if links.len() + 1 < m.len() {
            continue;
        }
        // The link's records by REF, equal links by their records' input
        // order: nothing here depends on the internal layout.
        let ref_of = |i: u32| prep[i as usize].record.reference.text();
        let input = |i: u32| prep[i as usize].record.idx;
        let weakest = petgraph::algo::bridges::bridges(&g)
            .map(|e| {
                let (a, b) = (g[e.source()], g[e.target()]);
                let (a, b) = if input(a) <= input(b) { (a, b) } else { (b, a) };
                (*e.weight(), a, b)
            })
            .filter(|&(p, _, _)| p < settings.weak_link)
            .min_by(|x, y| {
                x.0.total_cmp(&y.0)
                    .then((input(x.1), input(x.2)).cmp(&(input(y.1), input(y.2))))
            });
        let Some((p, a, b)) = weakest else { continue };
        let refs: Vec<String> = m.iter().map(|&i| ref_of(i)).collect();
        let (ra, rb) = match (ref_of(a), ref_of(b)) {
            (x, y) if x <= y => (x, y),
            (x, y) => (y, x),
        };
        out.push(
            Conflict::new(ConflictKind::WeakCluster, Severity::Warning, refs)
                .values(vec![ra.to_string(), rb.to_string(), format!("{p:.3}")])
                .detail(
                    format!("{} hồ sơ được gộp thành một người chỉ nhờ một liên kết yếu giữa {ra} và {rb} (xác suất {p:.3})", m.len()),
                    format!("{} records form one person only through one weak link between {ra} and {rb} (probability {p:.3})", m.len()),
                )
                .suggestion(
                    format!("Nếu đúng: same; nếu sai: different cho {ra}|{rb}"),
                    format!("If right: same; if wrong: different for {ra}|{rb}"),
                ),
        );
    }
}
