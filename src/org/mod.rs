//! The merged organisation: each source's unit tree (đơn vị, phòng, đảng bộ, chi bộ),
//! the plan's old → new mapping (phương án sắp xếp), and the new tree that staff and
//! Party members are placed into. Everything a reviewer must confirm about the
//! organisation — guesses, broken trees, a post held twice — comes out as conflicts.
//!
//! | file | step |
//! |---|---|
//! | `names.rs` | unit kinds and the name key (`P. Tổng hợp` = `Phòng Tổng hợp`) |
//! | `graph.rs` | old units, their parents, the petgraph graph and its cycles |
//! | `plan.rs` | the plan and the reviewer's `unit` decisions; the target's units kept |
//! | `guess.rs` | where the other sources' units go when neither says (`unit_mapping`) |
//! | `checks.rs` | structural checks on the new tree (parents, cells, empty units) |
//! | `placement.rs` | records → new units, `leadership_overlap`, `multiple_cells`, `units.csv` rows |
//! | `workplace.rs` | each record's workplace in its source's trees, for matching |
//! | `render.rs` | `org.dot` and the SVG picture of the new tree |
//!
//! Entry points: [`build`] → [`Org`]; [`Org::place`] → [`Placement`];
//! [`Org::units_table`], [`Org::to_dot`], [`Org::to_svg`]. Build-time conflicts are in
//! [`Org::conflicts`]; placement conflicts (including empty new units) in
//! [`Placement::conflicts`].
//!
//! Conflict subjects name units as `SOURCE:unit:CODE` (an old unit) or `new:CODE` (a
//! unit of the new tree), and records by their REF.

mod checks;
mod graph;
mod guess;
mod names;
mod placement;
mod plan;
mod render;
mod workplace;

pub use names::{UnitKind, name_key};
pub use placement::{Placement, UnitLine};

use crate::conflict::Conflict;
use serde::Deserialize;
use std::collections::BTreeMap;

/// `[org]` in `merge.toml`.
#[derive(Debug, Clone, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// Posts that only one person may hold per new unit (folded comparison).
    pub single_holder_posts: Option<Vec<String>>,
}

/// Posts held by one person per unit when `single_holder_posts` is not set. A post
/// matches when the folded text starts with one of these, so "Phó …" never does.
pub const DEFAULT_SINGLE_HOLDER_POSTS: [&str; 5] = [
    "Chánh Văn phòng",
    "Giám đốc",
    "Trưởng phòng",
    "Trưởng ban",
    "Bí thư",
];

/// One row of a source's units file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnitRow {
    pub source: usize,
    pub code: String,
    pub name: String,
    /// Code or name of the parent unit in the same source; may be empty.
    pub parent: String,
    /// Raw kind text ("Phòng", "Chi bộ" …); may be empty.
    pub kind: String,
    /// Path for messages.
    pub file: String,
    pub line: u64,
}

/// One row of the plan file: old unit → new unit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanRow {
    /// Source key; empty = every source that has the unit.
    pub source: String,
    /// Old unit code or name; empty = the row only defines a new unit.
    pub unit: String,
    pub new_unit: String,
    pub new_name: String,
    /// Code or name of the new parent.
    pub new_parent: String,
    pub new_kind: String,
    pub line: u64,
}

/// A source as the organisation needs it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceInfo {
    pub key: String,
    pub name: String,
}

/// A roster record to place in the new tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacementRecord<'a> {
    pub person: u32,
    /// `SOURCE:ROSTER:ID`.
    pub reference: &'a crate::record::Ref,
    pub source: usize,
    pub roster: crate::record::Roster,
    /// Staff: unit code or name; party: cell code or name.
    pub unit_text: &'a str,
    /// Staff: position; party: party role.
    pub post: &'a str,
}

/// Index of a unit of a source tree in [`Org`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OldUnitId(pub usize);

/// Index of a unit of the new tree in [`Org`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NewUnitId(pub usize);

/// A unit of one source's tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OldUnit {
    pub source: usize,
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
    pub parent: Option<OldUnitId>,
    /// Where the unit goes in the new tree.
    pub new: Option<NewUnitId>,
    pub file: String,
    pub line: u64,
}

/// A unit of the new tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUnit {
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
    pub parent: Option<NewUnitId>,
    /// Old units merged into this one, sorted.
    pub merged_from: Vec<OldUnitId>,
}

/// The organisation: old trees, the mapping and the new tree.
#[derive(Debug, Clone)]
pub struct Org {
    sources: Vec<SourceInfo>,
    target: usize,
    old: Vec<OldUnit>,
    new: Vec<NewUnit>,
    /// Per source: code → old unit.
    old_by_code: Vec<BTreeMap<String, OldUnitId>>,
    /// Per source: upper-cased code → the old unit of the smallest such code.
    old_by_upper: Vec<BTreeMap<String, OldUnitId>>,
    /// Per source: name key → old units with that key.
    old_by_name: Vec<BTreeMap<String, Vec<OldUnitId>>>,
    new_by_code: BTreeMap<String, NewUnitId>,
    /// Reviewer `unit` decisions on records: REF → new unit code.
    record_units: BTreeMap<String, String>,
    /// Folded single-holder posts, longest first.
    posts: Vec<String>,
    graph: graph::UnitGraph,
    /// Conflicts found while building (structure, mapping guesses, stale decisions).
    pub conflicts: Vec<Conflict>,
}

/// Build the organisation from the sources' unit rows, the plan (if any) and the
/// reviewer's `unit` decisions, given as (subject, new unit code). A subject
/// `SOURCE:unit:CODE` moves an old unit; a record REF moves that record at placement
/// (those can also come later, through [`Org::keep_record_units`]).
pub fn build(
    sources: &[SourceInfo],
    target: usize,
    units: &[UnitRow],
    plan: Option<&[PlanRow]>,
    unit_decisions: &[(String, String)],
    settings: &Settings,
) -> Org {
    let mut org = Org::empty(sources, target, settings);
    org.add_old_units(units);
    plan::apply(&mut org, plan.unwrap_or(&[]), unit_decisions);
    org.build_graph();
    checks::check_new_tree(&mut org);
    crate::conflict::sort(&mut org.conflicts);
    org
}

impl Org {
    /// Reviewer `unit` decisions on records (REF, new unit code), for placement.
    pub fn keep_record_units<'a>(
        &mut self,
        decisions: impl IntoIterator<Item = &'a (String, String)>,
    ) {
        for (subject, code) in decisions {
            self.keep_record_unit(subject, code);
        }
    }

    fn keep_record_unit(&mut self, subject: &str, code: &str) {
        self.record_units
            .insert(subject.trim().to_string(), code.trim().to_string());
    }

    fn empty(sources: &[SourceInfo], target: usize, settings: &Settings) -> Org {
        let mut posts: Vec<String> = match &settings.single_holder_posts {
            Some(list) => list
                .iter()
                .map(|p| crate::normalize::text::fold(p))
                .collect(),
            None => DEFAULT_SINGLE_HOLDER_POSTS
                .iter()
                .map(|p| crate::normalize::text::fold(p))
                .collect(),
        };
        posts.retain(|p| !p.is_empty());
        // Longest first so "bi thu chi bo" wins over "bi thu" when both are listed.
        posts.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        posts.dedup();
        Org {
            sources: sources.to_vec(),
            target,
            old: Vec::new(),
            new: Vec::new(),
            old_by_code: vec![BTreeMap::new(); sources.len()],
            old_by_upper: vec![BTreeMap::new(); sources.len()],
            old_by_name: vec![BTreeMap::new(); sources.len()],
            new_by_code: BTreeMap::new(),
            record_units: BTreeMap::new(),
            posts,
            graph: graph::UnitGraph::default(),
            conflicts: Vec::new(),
        }
    }

    /// The old unit a unit/cell/parent text names in `source`: by code first, then by
    /// name key (abbreviation-tolerant). An ambiguous name resolves to nothing.
    pub fn resolve(&self, source: usize, text: &str) -> Option<OldUnitId> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        let codes = self.old_by_code.get(source)?;
        if let Some(id) = codes.get(text) {
            return Some(*id);
        }
        // Codes typed in another case ("p03" for "P03").
        if let Some(id) = self
            .old_by_upper
            .get(source)
            .and_then(|m| m.get(&text.to_uppercase()))
        {
            return Some(*id);
        }
        match self
            .old_by_name
            .get(source)?
            .get(&name_key(text))?
            .as_slice()
        {
            [one] => Some(*one),
            _ => None,
        }
    }

    /// The new unit a text names directly (new code, then unique name key).
    pub fn resolve_new(&self, text: &str) -> Option<NewUnitId> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        if let Some(id) = self.new_by_code.get(text) {
            return Some(*id);
        }
        let key = name_key(text);
        let mut found = self
            .new
            .iter()
            .enumerate()
            .filter(|(_, u)| name_key(&u.name) == key);
        match (found.next(), found.next()) {
            (Some((i, _)), None) => Some(NewUnitId(i)),
            _ => None,
        }
    }

    pub fn sources(&self) -> &[SourceInfo] {
        &self.sources
    }
    pub fn target(&self) -> usize {
        self.target
    }
    pub fn old_units(&self) -> &[OldUnit] {
        &self.old
    }
    pub fn new_units(&self) -> &[NewUnit] {
        &self.new
    }
    pub fn old_unit(&self, id: OldUnitId) -> Option<&OldUnit> {
        self.old.get(id.0)
    }
    pub fn new_unit(&self, id: NewUnitId) -> Option<&NewUnit> {
        self.new.get(id.0)
    }
    /// The new unit with this code.
    pub fn new_by_code(&self, code: &str) -> Option<NewUnitId> {
        self.new_by_code.get(code.trim()).copied()
    }
    /// Where an old unit goes.
    pub fn new_unit_of(&self, id: OldUnitId) -> Option<NewUnitId> {
        self.old.get(id.0).and_then(|u| u.new)
    }

    /// `SOURCE:unit:CODE`, the subject form of an old unit.
    pub fn old_ref(&self, id: OldUnitId) -> String {
        match self.old.get(id.0) {
            Some(u) => format!("{}:unit:{}", self.source_key(u.source), u.code),
            None => String::new(),
        }
    }

    /// `SOURCE:CODE`, the form used in `merged_from`.
    pub fn old_short_ref(&self, id: OldUnitId) -> String {
        match self.old.get(id.0) {
            Some(u) => format!("{}:{}", self.source_key(u.source), u.code),
            None => String::new(),
        }
    }

    /// `new:CODE`, the subject form of a new unit.
    pub fn new_ref(&self, id: NewUnitId) -> String {
        match self.new.get(id.0) {
            Some(u) => format!("new:{}", u.code),
            None => String::new(),
        }
    }

    fn source_key(&self, source: usize) -> &str {
        self.sources.get(source).map_or("?", |s| s.key.as_str())
    }

    /// The ancestors of a new unit, nearest first, stopping at a cycle.
    pub fn new_ancestors(&self, id: NewUnitId) -> Vec<NewUnitId> {
        let mut out = Vec::new();
        let mut at = self.new_unit(id).and_then(|u| u.parent);
        while let Some(p) = at {
            if p == id || out.contains(&p) {
                break;
            }
            out.push(p);
            at = self.new_unit(p).and_then(|u| u.parent);
        }
        out
    }

    /// Children of each new unit sorted by code, and the roots sorted by code.
    fn new_children(&self) -> (Vec<NewUnitId>, BTreeMap<NewUnitId, Vec<NewUnitId>>) {
        let mut roots = Vec::new();
        let mut children: BTreeMap<NewUnitId, Vec<NewUnitId>> = BTreeMap::new();
        for (i, u) in self.new.iter().enumerate() {
            match u.parent {
                Some(p) if self.new.get(p.0).is_some() => {
                    children.entry(p).or_default().push(NewUnitId(i))
                }
                _ => roots.push(NewUnitId(i)),
            }
        }
        let code = |id: &NewUnitId| self.new.get(id.0).map(|u| u.code.clone());
        roots.sort_by_key(code);
        for list in children.values_mut() {
            list.sort_by_key(code);
        }
        (roots, children)
    }

    /// The new tree depth-first, children by code; units caught in a cycle (reachable
    /// from no root) come last, by code.
    pub fn new_order(&self) -> Vec<NewUnitId> {
        let (roots, children) = self.new_children();
        let mut seen = vec![false; self.new.len()];
        let mut out = Vec::with_capacity(self.new.len());
        let mut starts = roots;
        let mut rest: Vec<NewUnitId> = (0..self.new.len()).map(NewUnitId).collect();
        rest.sort_by_key(|id| self.new.get(id.0).map(|u| u.code.clone()));
        starts.extend(rest);
        for start in starts {
            let mut stack = vec![start];
            while let Some(id) = stack.pop() {
                match seen.get_mut(id.0) {
                    Some(s) if !*s => *s = true,
                    _ => continue,
                }
                out.push(id);
                if let Some(kids) = children.get(&id) {
                    stack.extend(kids.iter().rev());
                }
            }
        }
        out
    }
}
