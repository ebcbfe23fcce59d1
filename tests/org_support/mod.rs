//! Hand-made organisations shared by the `org_*` tests: Hải Phòng (HP, the target,
//! source 0) takes in Hải Dương (HD, source 1).
#![allow(dead_code)]

use sapnhap::conflict::{Conflict, ConflictKind};
use sapnhap::org::{self, Org, PlacementRecord, PlanRow, Settings, SourceInfo, UnitRow};
use sapnhap::record::{Ref, Roster};

pub const HP: usize = 0;
pub const HD: usize = 1;

pub fn sources() -> Vec<SourceInfo> {
    vec![
        SourceInfo {
            key: "HP".into(),
            name: "Văn phòng UBND thành phố Hải Phòng".into(),
        },
        SourceInfo {
            key: "HD".into(),
            name: "Văn phòng UBND tỉnh Hải Dương".into(),
        },
    ]
}

/// `(source, code, name, parent, kind)`.
pub fn units(rows: &[(usize, &str, &str, &str, &str)]) -> Vec<UnitRow> {
    rows.iter()
        .enumerate()
        .map(|(i, &(source, code, name, parent, kind))| UnitRow {
            source,
            code: code.into(),
            name: name.into(),
            parent: parent.into(),
            kind: kind.into(),
            file: format!("{}/don-vi.csv", if source == HP { "hp" } else { "hd" }),
            line: i as u64 + 2,
        })
        .collect()
}

/// Both offices: an agency with departments, and a party committee with cells.
pub fn base_units() -> Vec<UnitRow> {
    units(&[
        (
            HP,
            "VP",
            "Văn phòng UBND thành phố Hải Phòng",
            "",
            "Cơ quan",
        ),
        (HP, "P01", "Phòng Tổng hợp", "VP", "Phòng"),
        (HP, "P02", "Phòng Nội chính", "VP", "Phòng"),
        (HP, "DB", "Đảng bộ Văn phòng", "", "Đảng bộ"),
        (HP, "CB01", "Chi bộ Phòng Tổng hợp", "DB", "Chi bộ"),
        (HP, "CB02", "Chi bộ Phòng Nội chính", "DB", ""),
        (HD, "VP", "Văn phòng UBND tỉnh Hải Dương", "", "Cơ quan"),
        (HD, "P03", "P. Tổng hợp", "VP", ""),
        (HD, "P05", "Phòng Kinh tế", "VP", "Phòng"),
        (HD, "DB", "Đảng bộ Văn phòng", "", "Đảng bộ"),
        (HD, "CB1", "Chi bộ Tổng hợp", "Đảng bộ Văn phòng", ""),
    ])
}

/// `(source, unit, new_unit, new_name, new_parent, new_kind)`.
pub fn plan(rows: &[(&str, &str, &str, &str, &str, &str)]) -> Vec<PlanRow> {
    rows.iter()
        .enumerate()
        .map(
            |(i, &(source, unit, new_unit, new_name, new_parent, new_kind))| PlanRow {
                source: source.into(),
                unit: unit.into(),
                new_unit: new_unit.into(),
                new_name: new_name.into(),
                new_parent: new_parent.into(),
                new_kind: new_kind.into(),
                line: i as u64 + 2,
            },
        )
        .collect()
}

/// A plan that says where every unit of `base_units` goes.
pub fn base_plan() -> Vec<PlanRow> {
    plan(&[
        (
            "",
            "VP",
            "VP",
            "Văn phòng UBND thành phố Hải Phòng",
            "",
            "Cơ quan",
        ),
        ("HP", "P01", "P01", "Phòng Tổng hợp", "VP", "Phòng"),
        ("HD", "P03", "P01", "", "", ""),
        ("HP", "P02", "P02", "Phòng Nội chính", "VP", "Phòng"),
        ("HD", "P05", "P05", "Phòng Kinh tế", "VP", "Phòng"),
        ("", "DB", "DB", "Đảng bộ Văn phòng", "", "Đảng bộ"),
        (
            "HP",
            "CB01",
            "CB01",
            "Chi bộ Phòng Tổng hợp",
            "DB",
            "Chi bộ",
        ),
        ("HD", "CB1", "CB01", "", "", ""),
        (
            "HP",
            "CB02",
            "CB02",
            "Chi bộ Phòng Nội chính",
            "DB",
            "Chi bộ",
        ),
    ])
}

pub fn build(units: &[UnitRow], plan: Option<&[PlanRow]>) -> Org {
    org::build(&sources(), HP, units, plan, &[], &Settings::default())
}

/// `(person, reference, unit_text, post)`; source and roster from the reference.
pub fn records<'a>(rows: &[(u32, &str, &'a str, &'a str)]) -> Vec<PlacementRecord<'a>> {
    rows.iter()
        .map(|&(person, reference, unit_text, post)| {
            let mut parts = reference.split(':');
            let source = match parts.next() {
                Some("HD") => HD,
                _ => HP,
            };
            let roster = match parts.next() {
                Some("party") => Roster::Party,
                _ => Roster::Staff,
            };
            // Leaked: a test's handful of REFs, borrowed as the pipeline borrows them.
            let reference: &'static Ref =
                Box::leak(Box::new(Ref::parse(reference).expect("test REF")));
            PlacementRecord {
                person,
                reference,
                source,
                roster,
                unit_text,
                post,
            }
        })
        .collect()
}

/// `(kind, subject, field)` of the conflicts of one kind, sorted.
pub fn of_kind(conflicts: &[Conflict], kind: ConflictKind) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = conflicts
        .iter()
        .filter(|c| c.kind == kind)
        .map(|c| (c.subject_text(), c.field.clone()))
        .collect();
    out.sort();
    out
}

pub fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = list
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    out.sort();
    out
}
