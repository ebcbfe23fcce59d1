//! Structural checks on the new tree that need the whole tree: a chi bộ must sit
//! under a đảng bộ, and a new unit with nobody in it (after placement) is probably a
//! plan mistake. Cycles, missing parents and plan problems are reported where they
//! are found (`graph.rs`, `plan.rs`).

use super::{NewUnitId, Org, Placement, UnitKind};
use crate::conflict::{Conflict, ConflictKind, Severity};

/// Party cells of the new tree whose parent is not a party committee.
pub(super) fn check_new_tree(org: &mut Org) {
    let mut found = Vec::new();
    for id in org.new_order() {
        let Some(unit) = org.new_unit(id) else {
            continue;
        };
        if unit.kind != UnitKind::PartyCell {
            continue;
        }
        let parent = unit.parent.and_then(|p| org.new_unit(p));
        if parent.is_some_and(|p| p.kind == UnitKind::PartyCommittee) {
            continue;
        }
        let subject = org.new_ref(id);
        let name = &unit.name;
        let (vi, en) = match parent {
            Some(p) => (
                format!(
                    "Chi bộ {subject} '{name}' nằm dưới '{}' ({}), không phải một đảng bộ",
                    p.name, p.code
                ),
                format!(
                    "Party cell {subject} '{name}' sits under '{}' ({}), which is not a party committee",
                    p.name, p.code
                ),
            ),
            None => (
                format!("Chi bộ {subject} '{name}' không trực thuộc đảng bộ nào"),
                format!("Party cell {subject} '{name}' is under no party committee"),
            ),
        };
        found.push(
            Conflict::new(ConflictKind::OrgStructure, Severity::Warning, vec![subject])
                .field("parent")
                .values(parent.map(|p| p.code.clone()).into_iter().collect())
                .detail(vi, en)
                .suggestion(
                    "Ghi đảng bộ cấp trên của chi bộ này trong phương án",
                    "Give this cell's party committee as its new parent in the plan",
                ),
        );
    }
    org.conflicts.extend(found);
}

impl Org {
    /// New units with nobody placed in them or anywhere below them. Already part of
    /// [`Placement::conflicts`]; exposed for callers that place records themselves.
    pub fn empty_units(&self, placement: &Placement) -> Vec<Conflict> {
        let mut occupied = vec![false; self.new.len()];
        for id in placement.occupied_units() {
            if let Some(o) = occupied.get_mut(id.0) {
                *o = true;
            }
            for a in self.new_ancestors(id) {
                if let Some(o) = occupied.get_mut(a.0) {
                    *o = true;
                }
            }
        }
        let mut out = Vec::new();
        for (i, unit) in self.new.iter().enumerate() {
            if occupied.get(i).copied().unwrap_or(true) {
                continue;
            }
            let subject = self.new_ref(NewUnitId(i));
            let name = &unit.name;
            out.push(
                Conflict::new(ConflictKind::OrgStructure, Severity::Warning, vec![subject.clone()])
                    .field("unit")
                    .detail(
                        format!("Đơn vị mới {subject} '{name}' không có cán bộ hay đảng viên nào"),
                        format!("New unit {subject} '{name}' has no staff and no Party members"),
                    )
                    .suggestion(
                        "Kiểm tra phương án: đơn vị này có cần không, hay người của nó được ghi vào đơn vị khác",
                        "Check the plan: is this unit needed, or were its people recorded under another unit",
                    ),
            );
        }
        out
    }
}
