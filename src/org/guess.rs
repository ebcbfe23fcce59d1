//! Guessing where an old unit goes when neither a decision nor the plan says: a new
//! unit of the same name and kind, else the target's root for a root, else the unit
//! is carried over as `SOURCE-CODE`. Also the small tree helpers the plan step uses.

use super::{NewUnit, NewUnitId, OldUnitId, Org, UnitKind, name_key};
use crate::conflict::{Conflict, ConflictKind, Severity};
use std::collections::BTreeSet;

/// Guess where an old unit of a non-target source goes, and say so. `keys` caches the
/// name keys of the new units (names do not change while guessing; units only add).
pub(super) fn guess(org: &mut Org, old: OldUnitId, keys: &mut Vec<String>) {
    let Some(u) = org.old_unit(old).cloned() else {
        return;
    };
    let subject = org.old_ref(old);
    let mapped_parent = u.parent.and_then(|p| org.new_unit_of(p));
    let key = name_key(&u.name);
    keys.extend(org.new.iter().skip(keys.len()).map(|c| name_key(&c.name)));
    let mut same_name: Vec<NewUnitId> = (0..org.new.len())
        .map(NewUnitId)
        .filter(|&n| {
            org.new_unit(n).is_some_and(|c| {
                !key.is_empty()
                    && keys.get(n.0).is_some_and(|k| *k == key)
                    && c.kind.compatible(u.kind)
            })
        })
        .collect();
    same_name.sort_by_key(|&n| {
        (
            org.derived_or_set_parent(n) != mapped_parent,
            org.new_unit(n).map(|c| c.code.clone()),
        )
    });
    let target_key = org.source_key(org.target).to_string();
    let name = &u.name;
    let (id, vi, en) = if let Some(&n) = same_name.first() {
        let (code, new_name) = org
            .new_unit(n)
            .map_or_else(Default::default, |c| (c.code.clone(), c.name.clone()));
        (
            n,
            format!(
                "Đơn vị {subject} '{name}' được ghép vào '{new_name}' (mã mới {code}) theo tên — cần xác nhận"
            ),
            format!(
                "Unit {subject} '{name}' was joined to '{new_name}' (new code {code}) by its name — please confirm"
            ),
        )
    } else if let Some(n) = u
        .parent
        .is_none()
        .then(|| org.target_root(u.kind))
        .flatten()
    {
        let (code, new_name) = org
            .new_unit(n)
            .map_or_else(Default::default, |c| (c.code.clone(), c.name.clone()));
        (
            n,
            format!(
                "Đơn vị gốc {subject} '{name}' được ghép vào đơn vị gốc '{new_name}' (mã mới {code}) của {target_key} — cần xác nhận"
            ),
            format!(
                "Root unit {subject} '{name}' was joined to {target_key}'s root '{new_name}' (new code {code}) — please confirm"
            ),
        )
    } else {
        let code = format!("{}-{}", org.source_key(u.source), u.code);
        let n = match org.new_by_code(&code) {
            Some(n) => n,
            None => org.create_new(&code, &u.name, u.kind),
        };
        let under = mapped_parent
            .and_then(|p| org.new_unit(p))
            .map(|p| p.name.clone());
        let (under_vi, under_en) = match &under {
            Some(p) => (format!(", trực thuộc '{p}'"), format!(", under '{p}'")),
            None => (String::from(", là đơn vị gốc"), String::from(", as a root")),
        };
        (
            n,
            format!(
                "Đơn vị {subject} '{name}' không có đơn vị cùng tên ở {target_key} nên được giữ nguyên với mã mới {code}{under_vi} — cần xác nhận"
            ),
            format!(
                "Unit {subject} '{name}' has no namesake in {target_key}, so it is carried over as new code {code}{under_en} — please confirm"
            ),
        )
    };
    org.attach(old, id);
    let code = org.new_unit(id).map(|c| c.code.clone()).unwrap_or_default();
    org.conflicts.push(
        Conflict::new(ConflictKind::UnitMapping, Severity::Warning, vec![subject.clone()])
            .field("unit")
            .values(vec![code.clone()])
            .detail(vi, en)
            .suggestion(
                format!("Nếu đúng thì chọn accept; nếu sai, ghi quyết định `unit` cho {subject} với mã đơn vị mới đúng"),
                format!("Accept if right; otherwise give a `unit` decision on {subject} with the right new unit code"),
            ),
    );
}

impl Org {
    pub(super) fn create_new(&mut self, code: &str, name: &str, kind: UnitKind) -> NewUnitId {
        if let Some(id) = self.new_by_code(code) {
            return id;
        }
        let id = NewUnitId(self.new.len());
        self.new.push(NewUnit {
            code: code.trim().to_string(),
            name: name.to_string(),
            kind,
            parent: None,
            merged_from: Vec::new(),
        });
        self.new_by_code.insert(code.trim().to_string(), id);
        id
    }

    pub(super) fn attach(&mut self, old: OldUnitId, new: NewUnitId) {
        let kind = self.old_unit(old).map(|u| u.kind);
        if let Some(u) = self.old.get_mut(old.0) {
            u.new = Some(new);
        }
        if let Some(n) = self.new.get_mut(new.0) {
            n.merged_from.push(old);
            if let (UnitKind::Unknown, Some(k)) = (n.kind, kind) {
                n.kind = k;
            }
        }
    }

    /// Plan units without a name take the name of their first old unit, the
    /// target's first.
    pub(super) fn fill_missing_names(&mut self) {
        for i in 0..self.new.len() {
            if self.new.get(i).is_some_and(|n| n.name.is_empty()) {
                let name = self
                    .preferred_old(NewUnitId(i))
                    .first()
                    .and_then(|o| self.old_unit(*o))
                    .map(|o| o.name.clone());
                if let (Some(n), Some(name)) = (self.new.get_mut(i), name) {
                    n.name = name;
                }
            }
        }
    }

    /// Old units of a new unit, the target's first, then by source and code.
    pub(super) fn preferred_old(&self, id: NewUnitId) -> Vec<OldUnitId> {
        let mut olds = self
            .new_unit(id)
            .map(|n| n.merged_from.clone())
            .unwrap_or_default();
        olds.sort_by_key(|o| {
            self.old_unit(*o)
                .map(|u| (u.source != self.target, u.source, u.code.clone()))
        });
        olds
    }

    /// The new parent implied by the old trees: the new unit of the first old
    /// parent that is not the unit itself.
    pub(super) fn derived_parent(&self, id: NewUnitId) -> Option<NewUnitId> {
        self.preferred_old(id)
            .into_iter()
            .filter_map(|o| self.old_unit(o)?.parent)
            .filter_map(|p| self.new_unit_of(p))
            .find(|&p| p != id)
    }

    pub(super) fn derived_or_set_parent(&self, id: NewUnitId) -> Option<NewUnitId> {
        self.new_unit(id)
            .and_then(|n| n.parent)
            .or_else(|| self.derived_parent(id))
    }

    /// The new unit of the target's only root of a compatible kind.
    pub(super) fn target_root(&self, kind: UnitKind) -> Option<NewUnitId> {
        let roots: BTreeSet<NewUnitId> = self
            .old
            .iter()
            .filter(|u| u.source == self.target && u.parent.is_none() && u.kind.compatible(kind))
            .filter_map(|u| u.new)
            .collect();
        match roots.len() {
            1 => roots.into_iter().next(),
            _ => None,
        }
    }

    /// A source's units, parents before children, then by code.
    pub(super) fn units_in_tree_order(&self, source: usize) -> Vec<OldUnitId> {
        let depth = |id: OldUnitId| {
            let mut d = 0usize;
            let mut at = self.old_unit(id).and_then(|u| u.parent);
            while let Some(p) = at {
                d += 1;
                if d > self.old.len() {
                    break;
                }
                at = self.old_unit(p).and_then(|u| u.parent);
            }
            d
        };
        let mut ids: Vec<OldUnitId> = (0..self.old.len())
            .map(OldUnitId)
            .filter(|&i| self.old_unit(i).is_some_and(|u| u.source == source))
            .collect();
        ids.sort_by_cached_key(|&i| (depth(i), self.old_unit(i).map(|u| u.code.clone())));
        ids
    }
}
