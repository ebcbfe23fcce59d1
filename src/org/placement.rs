//! Records → new units. Staff go to the new unit of their old unit, Party members to
//! the new cell of their old cell; a reviewer's `unit` decision on a REF overrides.
//! Then the checks that need people: a post held twice in one new unit (two Chánh
//! Văn phòng after the merger), a member in two cells, a member whose chi bộ belongs
//! to another department than the one they work in, and new units left empty.

use super::{NewUnit, NewUnitId, Org, PlacementRecord, UnitKind, name_key};
use crate::conflict::{Conflict, ConflictKind, Severity};
use crate::normalize::text::fold;
use crate::record::{Ref, Roster};
use foldhash::HashMap;
use std::collections::{BTreeMap, BTreeSet};

/// Where each record went, who is in each new unit, and the conflicts found.
#[derive(Debug, Clone, Default)]
pub struct Placement {
    /// The new unit of each record, in the order the records were given.
    pub units: Vec<Option<NewUnitId>>,
    /// `unresolved_unit`, `multiple_cells`, `leadership_overlap`,
    /// `field_disagreement` (cell vs department), `org_structure` (empty units).
    pub conflicts: Vec<Conflict>,
    staff: BTreeMap<NewUnitId, BTreeSet<u32>>,
    members: BTreeMap<NewUnitId, BTreeSet<u32>>,
    flagged: BTreeSet<NewUnitId>,
}

impl Placement {
    /// The new unit of the `i`-th record given to [`Org::place`].
    pub fn unit(&self, i: usize) -> Option<NewUnitId> {
        self.units.get(i).copied().flatten()
    }
    /// Persons with a staff record placed directly in the unit.
    pub fn staff_count(&self, id: NewUnitId) -> usize {
        self.staff.get(&id).map_or(0, BTreeSet::len)
    }
    /// Persons with a party record placed directly in the unit.
    pub fn member_count(&self, id: NewUnitId) -> usize {
        self.members.get(&id).map_or(0, BTreeSet::len)
    }
    /// New units a placement conflict is about (for marking them in pictures).
    pub fn flagged(&self) -> &BTreeSet<NewUnitId> {
        &self.flagged
    }
    pub(super) fn occupied_units(&self) -> impl Iterator<Item = NewUnitId> + '_ {
        self.staff.keys().chain(self.members.keys()).copied()
    }
}

/// One row of `units.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitLine {
    pub unit_code: String,
    pub name: String,
    pub kind: UnitKind,
    pub parent_code: String,
    /// Old units as `SOURCE:CODE`, sorted, joined by `|`.
    pub merged_from: String,
    /// Persons (not records) placed directly in the unit.
    pub staff_count: usize,
    pub member_count: usize,
    /// Unmapped columns of the units and plan files (filled when written).
    pub kept: Vec<String>,
}

impl Org {
    /// Place every record; see the module docs for the conflicts.
    pub fn place(&self, records: &[PlacementRecord]) -> Placement {
        let mut p = self.place_units(records);
        self.place_people(records, &mut p);
        p
    }

    /// The half of [`Org::place`] that needs no person: each record's new unit
    /// and the `unresolved_unit` conflicts. It can run while records are matched.
    pub fn place_units(&self, records: &[PlacementRecord]) -> Placement {
        let mut p = Placement::default();
        let keys = NewKeys::new(&self.new);
        // Rosters repeat a few hundred unit texts over many rows: resolve each once.
        let mut memo: HashMap<(usize, &str), Option<NewUnitId>> = HashMap::default();
        for r in records {
            let unit = self.place_one(r, &keys, &mut memo, &mut p.conflicts);
            p.units.push(unit);
        }
        p
    }

    /// The other half, once each record carries its person: who is in each unit,
    /// and the checks that need people.
    pub fn place_people(&self, records: &[PlacementRecord], p: &mut Placement) {
        for (r, unit) in records.iter().zip(&p.units) {
            if let Some(id) = *unit {
                let set = match r.roster {
                    Roster::Staff => p.staff.entry(id).or_default(),
                    Roster::Party => p.members.entry(id).or_default(),
                };
                set.insert(r.person);
            }
        }
        let keys = NewKeys::new(&self.new);
        self.check_cells(records, p);
        self.check_posts(records, p);
        self.check_cell_departments(records, &keys, p);
        let empty = self.empty_units(p);
        p.conflicts.extend(empty);
        crate::conflict::sort(&mut p.conflicts);
    }

    fn place_one<'a>(
        &self,
        r: &'a PlacementRecord,
        keys: &NewKeys,
        memo: &mut HashMap<(usize, &'a str), Option<NewUnitId>>,
        conflicts: &mut Vec<Conflict>,
    ) -> Option<NewUnitId> {
        let field = field_of(r.roster, "unit", "cell");
        // Formatting every record's REF costs time at a province's scale: only
        // when there are `unit` decisions to look up.
        let decided = (!self.record_units.is_empty())
            .then(|| self.record_units.get(r.reference.text().as_str()))
            .flatten();
        if let Some(code) = decided {
            match self.new_by_code(code) {
                Some(id) => return Some(id),
                None => conflicts.push(
                    Conflict::new(ConflictKind::StaleDecision, Severity::Warning, vec![r.reference.to_string()])
                        .field(field)
                        .values(vec![code.clone()])
                        .detail(
                            format!("Quyết định `unit` cho {} ghi mã đơn vị mới '{code}' không có trong cơ cấu mới", r.reference),
                            format!("The `unit` decision on {} names new unit '{code}', which is not in the new structure", r.reference),
                        )
                        .suggestion("Sửa mã đơn vị trong quyết định", "Fix the unit code in the decision"),
                ),
            }
        }
        let text = r.unit_text.trim();
        let found = *memo.entry((r.source, text)).or_insert_with(|| {
            self.resolve(r.source, text)
                .and_then(|o| self.new_unit_of(o))
                .or_else(|| self.resolve_new_by_key(text, keys))
        });
        if found.is_none() {
            let (severity, vi, en) = if text.is_empty() {
                (
                    Severity::Info,
                    "không ghi đơn vị".to_string(),
                    "has no unit".to_string(),
                )
            } else {
                (
                    Severity::Warning,
                    format!(
                        "ghi đơn vị '{text}' nhưng không tìm thấy đơn vị này trong danh sách đơn vị"
                    ),
                    format!("names unit '{text}', which is in no units file"),
                )
            };
            conflicts.push(
                Conflict::new(
                    ConflictKind::UnresolvedUnit,
                    severity,
                    vec![r.reference.to_string()],
                )
                .field(field)
                .values(vec![text.to_string()])
                .detail(
                    format!(
                        "Hồ sơ {} {vi}; hồ sơ vẫn được giữ, đơn vị để trống",
                        r.reference
                    ),
                    format!(
                        "Record {} {en}; the record is kept with no unit",
                        r.reference
                    ),
                )
                .suggestion(
                    format!(
                        "Ghi quyết định `unit` cho {} với mã đơn vị mới",
                        r.reference
                    ),
                    format!(
                        "Give a `unit` decision on {} with the new unit code",
                        r.reference
                    ),
                ),
            );
        }
        found
    }

    /// A person's party records placed in more than one new cell.
    fn check_cells(&self, records: &[PlacementRecord], p: &mut Placement) {
        let mut found = Vec::new();
        for group in by_person(records, &p.units).chunk_by(same_person) {
            let party = || group.iter().filter(|(r, _)| r.roster == Roster::Party);
            let mut units = party().map(|(_, u)| *u);
            let Some(first) = units.next() else {
                continue;
            };
            if units.all(|u| u == first) {
                continue;
            }
            let mut by_cell: BTreeMap<NewUnitId, Vec<&Ref>> = BTreeMap::new();
            for (r, u) in party() {
                by_cell.entry(*u).or_default().push(r.reference);
            }
            found.push(by_cell);
        }
        for by_cell in &found {
            let refs: Vec<String> = by_cell.values().flatten().map(|s| s.to_string()).collect();
            let codes: Vec<String> = by_cell
                .keys()
                .filter_map(|u| self.new_unit(*u))
                .map(|u| u.code.clone())
                .collect();
            p.flagged.extend(by_cell.keys());
            let (list, who) = (codes.join(", "), refs.join(", "));
            p.conflicts.push(
                Conflict::new(ConflictKind::MultipleCells, Severity::Error, refs)
                    .field("cell")
                    .values(codes)
                    .detail(
                        format!("Đảng viên ({who}) thuộc nhiều chi bộ sau sáp nhập: {list}; mỗi đảng viên chỉ sinh hoạt ở một chi bộ"),
                        format!("Party member ({who}) is in several cells after the merger: {list}; a member belongs to one cell"),
                    )
                    .suggestion(
                        "Ghi quyết định `unit` cho hồ sơ đảng viên với chi bộ đúng",
                        "Give a `unit` decision on the party record with the right cell",
                    ),
            );
        }
    }

    /// The configured post a post text holds, if any: "Trưởng phòng Tổng hợp" →
    /// "truong phong"; "Phó Trưởng phòng" → none. Several posts may be listed.
    fn single_posts(&self, post: &str) -> Vec<&str> {
        let mut out = Vec::new();
        for part in post.split([',', ';', '/', '\n']) {
            let part = fold(part);
            let part = part.trim();
            if let Some(p) = self.posts.iter().find(|p| {
                part.strip_prefix(p.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
            }) {
                out.push(p.as_str());
            }
        }
        out
    }

    /// More than one person holding a one-holder post in one new unit.
    fn check_posts(&self, records: &[PlacementRecord], p: &mut Placement) {
        type Holders<'a> = BTreeMap<u32, Vec<&'a PlacementRecord<'a>>>;
        let mut posts: BTreeMap<(NewUnitId, Roster, &str), Holders> = BTreeMap::new();
        // Rosters repeat a few hundred post texts: fold each once.
        let mut memo: HashMap<&str, Vec<&str>> = HashMap::default();
        for (r, unit) in records.iter().zip(&p.units) {
            let Some(unit) = unit else { continue };
            let held = memo
                .entry(r.post)
                .or_insert_with(|| self.single_posts(r.post));
            for &post in held.iter() {
                posts
                    .entry((*unit, r.roster, post))
                    .or_default()
                    .entry(r.person)
                    .or_default()
                    .push(r);
            }
        }
        for ((unit, roster, _), holders) in posts.iter().filter(|(_, h)| h.len() > 1) {
            let refs: Vec<String> = holders
                .values()
                .flatten()
                .map(|r| r.reference.to_string())
                .collect();
            let mut shown: Vec<String> = holders
                .values()
                .flatten()
                .map(|r| r.post.trim().to_string())
                .collect();
            shown.sort();
            shown.dedup();
            let subject = self.new_ref(*unit);
            let name = self.new_unit(*unit).map_or("", |u| u.name.as_str());
            let (n, who, post) = (holders.len(), refs.join(", "), shown.join(" / "));
            p.flagged.insert(*unit);
            p.conflicts.push(
                Conflict::new(ConflictKind::LeadershipOverlap, Severity::Warning, refs)
                    .field(field_of(*roster, "position", "party_role"))
                    .values(shown)
                    .detail(
                        format!("Sau sáp nhập, đơn vị {subject} '{name}' có {n} người giữ chức '{post}' ({who}); chức này chỉ một người giữ"),
                        format!("After the merger, unit {subject} '{name}' has {n} holders of '{post}' ({who}); the post has one holder"),
                    )
                    .suggestion(
                        "Xác định người giữ chức; với những người còn lại ghi quyết định `set` chức vụ mới (ví dụ Phó …)",
                        "Decide who holds the post; give the others a `set` decision with their new post (e.g. deputy)",
                    ),
            );
        }
    }

    /// The department a cell belongs to, when that is clear: its new parent is a
    /// department, or its name is "Chi bộ" + the name of exactly one department.
    fn cell_department(&self, cell: NewUnitId, keys: &NewKeys) -> Option<NewUnitId> {
        let unit = self.new_unit(cell)?;
        if unit.kind != UnitKind::PartyCell {
            return None;
        }
        if let Some(parent) = unit.parent.filter(|p| {
            self.new_unit(*p)
                .is_some_and(|u| u.kind == UnitKind::Department)
        }) {
            return Some(parent);
        }
        let key = name_key(&unit.name);
        let rest = key.strip_prefix("chibo").filter(|r| !r.is_empty())?;
        // Departments whose key is `rest` or `phong` + `rest` (never both at once).
        let departments = |key: &str| {
            keys.get(key)
                .iter()
                .copied()
                .filter(|id| {
                    self.new_unit(*id)
                        .is_some_and(|u| u.kind == UnitKind::Department)
                })
                .collect::<Vec<_>>()
        };
        let mut found = departments(rest);
        found.extend(departments(&format!("phong{rest}")));
        match found.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }

    /// A person working in one department but in the chi bộ of another.
    fn check_cell_departments(
        &self,
        records: &[PlacementRecord],
        keys: &NewKeys,
        p: &mut Placement,
    ) {
        let mut departments: BTreeMap<NewUnitId, Option<NewUnitId>> = BTreeMap::new();
        for group in by_person(records, &p.units).chunk_by(same_person) {
            // The person's one new unit in `roster` and the records there, if one.
            let single = |roster: Roster| {
                let of: Vec<_> = group.iter().filter(|(r, _)| r.roster == roster).collect();
                let (_, unit) = **of.first()?;
                of.iter().all(|(_, u)| *u == unit).then(|| {
                    let refs: Vec<&Ref> = of.iter().map(|(r, _)| r.reference).collect();
                    (unit, refs)
                })
            };
            let (Some((work, staff_refs)), Some((cell, party_refs))) =
                (single(Roster::Staff), single(Roster::Party))
            else {
                continue;
            };
            let dept = *departments
                .entry(cell)
                .or_insert_with(|| self.cell_department(cell, keys));
            let Some(dept) = dept else {
                continue;
            };
            // Only a department is clear: the agency's own leaders sit in some cell.
            if self
                .new_unit(work)
                .is_none_or(|w| w.kind != UnitKind::Department)
            {
                continue;
            }
            if work == dept || self.new_ancestors(work).contains(&dept) {
                continue;
            }
            let (Some(w), Some(c), Some(d)) = (
                self.new_unit(work),
                self.new_unit(cell),
                self.new_unit(dept),
            ) else {
                continue;
            };
            let refs: Vec<String> = staff_refs
                .iter()
                .chain(&party_refs)
                .map(|s| s.to_string())
                .collect();
            let who = refs.join(", ");
            p.conflicts.push(
                Conflict::new(ConflictKind::FieldDisagreement, Severity::Warning, refs)
                    .field("cell")
                    .values(vec![w.code.clone(), c.code.clone()])
                    .detail(
                        format!("Người ({who}) công tác ở '{}' ({}) nhưng sinh hoạt ở '{}' ({}) của '{}'", w.name, w.code, c.name, c.code, d.name),
                        format!("Person ({who}) works in '{}' ({}) but is in cell '{}' ({}) of '{}'", w.name, w.code, c.name, c.code, d.name),
                    )
                    .suggestion(
                        "Kiểm tra đơn vị công tác và chi bộ; ghi quyết định `unit` cho hồ sơ sai",
                        "Check the unit and the cell; give a `unit` decision on the wrong record",
                    ),
            );
        }
    }

    /// One row per new unit, depth-first, children by code.
    pub fn units_table(&self, placement: &Placement) -> Vec<UnitLine> {
        self.new_order()
            .into_iter()
            .filter_map(|id| {
                let u = self.new_unit(id)?;
                let mut from: Vec<String> = u
                    .merged_from
                    .iter()
                    .map(|o| self.old_short_ref(*o))
                    .collect();
                from.sort();
                Some(UnitLine {
                    unit_code: u.code.clone(),
                    name: u.name.clone(),
                    kind: u.kind,
                    parent_code: u
                        .parent
                        .and_then(|p| self.new_unit(p))
                        .map(|p| p.code.clone())
                        .unwrap_or_default(),
                    merged_from: from.join("|"),
                    staff_count: placement.staff_count(id),
                    member_count: placement.member_count(id),
                    kept: Vec::new(),
                })
            })
            .collect()
    }
}

/// The name key of every new unit, computed once: `name_key` folds and expands
/// abbreviations, far too costly to redo for every unit on every lookup.
struct NewKeys(HashMap<String, Vec<NewUnitId>>);

impl NewKeys {
    fn new(units: &[NewUnit]) -> NewKeys {
        let mut map: HashMap<String, Vec<NewUnitId>> = HashMap::default();
        for (i, u) in units.iter().enumerate() {
            map.entry(name_key(&u.name)).or_default().push(NewUnitId(i));
        }
        NewKeys(map)
    }

    /// New units with this name key, in index order.
    fn get(&self, key: &str) -> &[NewUnitId] {
        self.0.get(key).map_or(&[], Vec::as_slice)
    }
}

impl Org {
    /// [`Org::resolve_new`] with the name keys computed beforehand.
    fn resolve_new_by_key(&self, text: &str, keys: &NewKeys) -> Option<NewUnitId> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        if let Some(id) = self.new_by_code.get(text) {
            return Some(*id);
        }
        match keys.get(&name_key(text)) {
            [one] => Some(*one),
            _ => None,
        }
    }
}

fn field_of(roster: Roster, staff: &'static str, party: &'static str) -> &'static str {
    match roster {
        Roster::Staff => staff,
        Roster::Party => party,
    }
}

/// The placed records sorted by person, each person's in record order: group them
/// with `chunk_by(same_person)`. One sorted list instead of a map per person: a
/// province has millions.
fn by_person<'r, 'a>(
    records: &'r [PlacementRecord<'a>],
    units: &[Option<NewUnitId>],
) -> Vec<(&'r PlacementRecord<'a>, NewUnitId)> {
    use rayon::prelude::*;
    // (person, record position): each person's records stay in record order, as
    // a stable sort by person would keep them, with a parallel unstable sort.
    let mut placed: Vec<((u32, usize), &PlacementRecord, NewUnitId)> = records
        .iter()
        .zip(units)
        .enumerate()
        .filter_map(|(i, (r, u))| Some(((r.person, i), r, (*u)?)))
        .collect();
    placed.par_sort_unstable_by_key(|p| p.0);
    placed.into_iter().map(|(_, r, u)| (r, u)).collect()
}

fn same_person(a: &(&PlacementRecord, NewUnitId), b: &(&PlacementRecord, NewUnitId)) -> bool {
    a.0.person == b.0.person
}
