//! Where each old unit goes. In order of authority: the reviewer's `unit` decisions,
//! the plan file, then the target's own units (kept with their codes), then a guess
//! for the other sources' units — same name and kind as a new unit, or root to the
//! target's root, or carried over as `SOURCE-CODE`. Every guess is a `unit_mapping`
//! conflict so a person confirms it; decided units are never guessed.

use super::guess::guess;
use super::{NewUnitId, OldUnitId, Org, PlanRow, UnitKind, name_key};
use crate::conflict::{Conflict, ConflictKind, Severity};
use std::collections::{BTreeMap, BTreeSet};

/// What the plan rows say about one new unit code.
#[derive(Default)]
struct Definition<'a> {
    rows: Vec<&'a PlanRow>,
}

pub(super) fn apply(org: &mut Org, rows: &[PlanRow], decisions: &[(String, String)]) {
    let mut defs: BTreeMap<String, Definition> = BTreeMap::new();
    let mut from_plan: BTreeMap<OldUnitId, (String, u64)> = BTreeMap::new();
    for row in rows {
        let code = row.new_unit.trim();
        let olds = plan_row_units(org, row);
        if code.is_empty() {
            if !row.unit.trim().is_empty() {
                plan_row_conflict(
                    org,
                    row,
                    &olds,
                    "không có mã đơn vị mới",
                    "has no new unit code",
                );
            }
            continue;
        }
        defs.entry(code.to_string()).or_default().rows.push(row);
        for old in olds {
            match from_plan.get(&old) {
                Some((first, first_line)) if first != code => {
                    let subject = org.old_ref(old);
                    let values = vec![first.clone(), code.to_string()];
                    org.conflicts.push(
                        Conflict::new(ConflictKind::OrgStructure, Severity::Error, vec![subject.clone()])
                            .field("new_unit")
                            .values(values)
                            .detail(
                                format!("Phương án ghép đơn vị {subject} vào hai đơn vị mới: {first} (dòng {first_line}) và {code} (dòng {}); tạm dùng {first}", row.line),
                                format!("The plan maps unit {subject} to two new units: {first} (line {first_line}) and {code} (line {}); {first} is used for now", row.line),
                            )
                            .suggestion(
                                "Giữ một dòng cho đơn vị này trong phương án, hoặc ghi quyết định `unit`",
                                "Keep one plan row for this unit, or give a `unit` decision",
                            ),
                    );
                }
                Some(_) => {}
                None => {
                    from_plan.insert(old, (code.to_string(), row.line));
                }
            }
        }
    }

    // New units the plan defines, with the name and kind of their first row that gives one.
    let mut explicit_parent: BTreeMap<NewUnitId, Vec<(u64, String)>> = BTreeMap::new();
    for (code, def) in &defs {
        let first = |f: fn(&PlanRow) -> &str| {
            def.rows
                .iter()
                .map(|r| f(r).trim())
                .find(|v| !v.is_empty())
                .unwrap_or("")
                .to_string()
        };
        let name = first(|r| &r.new_name);
        let id = org.create_new(code, &name, UnitKind::parse(&first(|r| &r.new_kind), &name));
        let parents: Vec<(u64, String)> = def
            .rows
            .iter()
            .filter(|r| !r.new_parent.trim().is_empty())
            .map(|r| (r.line, r.new_parent.trim().to_string()))
            .collect();
        if !parents.is_empty() {
            explicit_parent.insert(id, parents);
        }
    }

    let decided = apply_decisions(org, decisions);
    for (old, (code, _)) in &from_plan {
        if !decided.contains(old)
            && let Some(id) = org.new_by_code(code)
        {
            org.attach(*old, id);
        }
    }

    // The target's own units stay, under their own codes.
    let target_units: Vec<OldUnitId> = org.units_in_tree_order(org.target);
    for old in target_units {
        if org.new_unit_of(old).is_none() {
            let Some(u) = org.old_unit(old) else { continue };
            let (code, name, kind) = (u.code.clone(), u.name.clone(), u.kind);
            let id = org.create_new(&code, &name, kind);
            org.attach(old, id);
        }
    }
    org.fill_missing_names();

    let explicit = resolve_plan_parents(org, &explicit_parent);
    check_definitions(org, &defs);

    let mut keys = Vec::new();
    for source in 0..org.sources.len() {
        if source == org.target {
            continue;
        }
        for old in org.units_in_tree_order(source) {
            if org.new_unit_of(old).is_none() {
                guess(org, old, &mut keys);
            }
        }
    }

    for i in 0..org.new.len() {
        let id = NewUnitId(i);
        if !explicit.contains(&id) {
            let parent = org.derived_parent(id);
            if let Some(u) = org.new.get_mut(i) {
                u.parent = parent;
            }
        }
    }
    for u in &mut org.new {
        u.merged_from.sort();
    }
    org.break_new_cycles();
}

/// The old units a plan row names; reports a row that names none.
fn plan_row_units(org: &mut Org, row: &PlanRow) -> Vec<OldUnitId> {
    let text = row.unit.trim();
    if text.is_empty() {
        return Vec::new();
    }
    let wanted = row.source.trim();
    let found: Vec<OldUnitId> = (0..org.sources.len())
        .filter(|&s| wanted.is_empty() || org.source_key(s).eq_ignore_ascii_case(wanted))
        .filter_map(|s| org.resolve(s, text))
        .collect();
    // A row without a new code is reported once, for that.
    let known_source = wanted.is_empty()
        || org
            .sources
            .iter()
            .any(|s| s.key.eq_ignore_ascii_case(wanted));
    if found.is_empty() && !row.new_unit.trim().is_empty() {
        let (vi, en) = if known_source {
            (
                "ghi đơn vị cũ không có trong danh sách đơn vị".to_string(),
                "names an old unit that is in no units file".to_string(),
            )
        } else {
            (
                format!("ghi nguồn '{wanted}' không có trong merge.toml"),
                format!("names source '{wanted}', which merge.toml does not list"),
            )
        };
        plan_row_conflict(org, row, &[], &vi, &en);
    }
    found
}

fn plan_row_conflict(org: &mut Org, row: &PlanRow, olds: &[OldUnitId], vi: &str, en: &str) {
    let subject: Vec<String> = if olds.is_empty() {
        let source = if row.source.trim().is_empty() {
            "*"
        } else {
            row.source.trim()
        };
        vec![format!("{source}:unit:{}", row.unit.trim())]
    } else {
        olds.iter().map(|o| org.old_ref(*o)).collect()
    };
    let unit = row.unit.trim();
    org.conflicts.push(
        Conflict::new(ConflictKind::OrgStructure, Severity::Error, subject)
            .field("unit")
            .values(vec![unit.to_string()])
            .detail(
                format!(
                    "Dòng {} của phương án (đơn vị '{unit}') {vi}; dòng này bị bỏ qua",
                    row.line
                ),
                format!(
                    "Plan line {} (unit '{unit}') {en}; the row is ignored",
                    row.line
                ),
            )
            .suggestion(
                "Sửa dòng này trong tệp phương án",
                "Fix this row of the plan file",
            ),
    );
}

/// Apply `unit` decisions on old units; keep those on records for placement.
/// Returns the old units a decision placed.
fn apply_decisions(org: &mut Org, decisions: &[(String, String)]) -> BTreeSet<OldUnitId> {
    let mut decided = BTreeSet::new();
    for (subject, value) in decisions {
        let (subject, value) = (subject.trim(), value.trim());
        let parts: Vec<&str> = subject.splitn(3, ':').map(str::trim).collect();
        let [source, "unit", code] = parts.as_slice() else {
            org.keep_record_unit(subject, value);
            continue;
        };
        let old = (0..org.sources.len())
            .find(|&s| org.source_key(s).eq_ignore_ascii_case(source))
            .and_then(|s| org.resolve(s, code));
        let Some(old) = old.filter(|_| !value.is_empty()) else {
            org.conflicts.push(
                Conflict::new(ConflictKind::StaleDecision, Severity::Warning, vec![subject.to_string()])
                    .field("unit")
                    .values(vec![value.to_string()])
                    .detail(
                        format!("Quyết định `unit` cho {subject} không áp dụng được: không có đơn vị này hoặc thiếu mã đơn vị mới"),
                        format!("The `unit` decision on {subject} does not apply: no such unit, or no new unit code"),
                    )
                    .suggestion("Sửa hoặc xoá quyết định này", "Fix or remove this decision"),
            );
            continue;
        };
        if decided.insert(old) {
            // A reviewer may name a unit that exists nowhere yet: it is created.
            let id = match org.new_by_code(value) {
                Some(id) => id,
                None => {
                    let (name, kind) = org
                        .old_unit(old)
                        .map_or((String::new(), UnitKind::Unknown), |u| {
                            (u.name.clone(), u.kind)
                        });
                    org.create_new(value, &name, kind)
                }
            };
            org.attach(old, id);
        }
    }
    decided
}

/// Resolve each plan `new_parent` (first row that gives one wins); report those that
/// name no new unit. Returns the new units whose parent the plan fixed.
fn resolve_plan_parents(
    org: &mut Org,
    parents: &BTreeMap<NewUnitId, Vec<(u64, String)>>,
) -> BTreeSet<NewUnitId> {
    let mut explicit = BTreeSet::new();
    for (id, texts) in parents {
        let Some((line, text)) = texts.first() else {
            continue;
        };
        explicit.insert(*id);
        let parent = org.resolve_new(text);
        if parent.is_none() {
            let subject = org.new_ref(*id);
            org.conflicts.push(
                Conflict::new(ConflictKind::OrgStructure, Severity::Error, vec![subject.clone()])
                    .field("parent")
                    .values(vec![text.clone()])
                    .detail(
                        format!("Phương án (dòng {line}) đặt đơn vị mới {subject} dưới '{text}' nhưng không có đơn vị mới nào như vậy; tạm coi là đơn vị gốc"),
                        format!("The plan (line {line}) puts new unit {subject} under '{text}', which is no new unit; treated as a root for now"),
                    )
                    .suggestion("Sửa cột 'Đơn vị cấp trên mới' trong phương án", "Fix the new parent column of the plan"),
            );
        }
        if let Some(u) = org.new.get_mut(id.0) {
            u.parent = parent;
        }
    }
    explicit
}

/// Two rows of the plan that give one new code different names, kinds or parents.
fn check_definitions(org: &mut Org, defs: &BTreeMap<String, Definition>) {
    let mut found = Vec::new();
    for (code, def) in defs {
        let subject = format!("new:{code}");
        for (field, field_vi) in [
            ("name", "tên"),
            ("kind", "loại"),
            ("parent", "đơn vị cấp trên"),
        ] {
            // Compared by key (name key, parsed kind, resolved parent), shown as typed.
            let mut seen: BTreeMap<String, String> = BTreeMap::new();
            for row in &def.rows {
                let (key, shown) = definition_value(org, field, row);
                if !key.is_empty() {
                    seen.entry(key).or_insert(shown);
                }
            }
            if seen.len() < 2 {
                continue;
            }
            let values: Vec<String> = seen.into_values().collect();
            let list = values.join(" / ");
            found.push(
                Conflict::new(ConflictKind::OrgStructure, Severity::Error, vec![subject.clone()])
                    .field(field)
                    .values(values)
                    .detail(
                        format!("Phương án ghi {field_vi} khác nhau cho đơn vị mới {code}: {list}; tạm dùng giá trị ở dòng đầu"),
                        format!("The plan gives new unit {code} different {field}s: {list}; the first row's is used for now"),
                    )
                    .suggestion("Thống nhất các dòng của đơn vị này trong phương án", "Make the plan rows of this unit agree"),
            );
        }
    }
    org.conflicts.extend(found);
}

fn definition_value(org: &Org, field: &str, r: &PlanRow) -> (String, String) {
    match field {
        "name" => (name_key(&r.new_name), r.new_name.trim().to_string()),
        "kind" => (
            UnitKind::parse(&r.new_kind, "").as_str().to_string(),
            r.new_kind.trim().to_string(),
        ),
        _ => {
            let text = r.new_parent.trim();
            let key = org
                .resolve_new(text)
                .and_then(|p| org.new_unit(p))
                .map_or_else(|| text.to_string(), |u| u.code.clone());
            (key, text.to_string())
        }
    }
}
