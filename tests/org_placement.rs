//! Placing records in the new tree and the conflicts only people reveal.
#![allow(clippy::expect_used)] // a test that cannot go on should stop

mod org_support;

use org_support::*;
use sapnhap::conflict::{ConflictKind, Severity};
use sapnhap::org::{self, Settings};

fn placed(rows: &[(u32, &str, &str, &str)]) -> (sapnhap::org::Org, sapnhap::org::Placement) {
    let org = build(&base_units(), Some(&base_plan()));
    let placement = org.place(&records(rows));
    (org, placement)
}

#[test]
fn staff_and_members_go_to_the_new_units() {
    let (org, p) = placed(&[
        (1, "HD:staff:NS-1", "P. Tổng hợp", ""),
        (2, "HP:staff:7", "P02", ""),
        (3, "HD:party:DV1", "Chi bộ Tổng hợp", ""),
        (4, "HD:staff:NS-2", "VP", ""),
    ]);
    let codes: Vec<Option<String>> = (0..4)
        .map(|i| {
            p.unit(i)
                .and_then(|u| org.new_unit(u))
                .map(|u| u.code.clone())
        })
        .collect();
    let want = ["P01", "P02", "CB01", "VP"].map(|c| Some(c.to_string()));
    assert_eq!(codes, want);
}

#[test]
fn leadership_overlap_cases() {
    // (records, expected (subject, field) pairs)
    type Rec = (u32, &'static str, &'static str, &'static str);
    type Case = (&'static str, Vec<Rec>, Vec<(&'static str, &'static str)>);
    let cases: Vec<Case> = vec![
        (
            "two heads of office in one new office",
            vec![
                (1, "HP:staff:1", "VP", "Chánh Văn phòng"),
                (2, "HD:staff:7", "VP", "CHÁNH VĂN PHÒNG"),
                (3, "HD:staff:8", "VP", "Phó Chánh Văn phòng"),
            ],
            vec![("HD:staff:7|HP:staff:1", "position")],
        ),
        (
            "deputies never overlap",
            vec![
                (1, "HP:staff:1", "P01", "Phó Trưởng phòng"),
                (2, "HD:staff:2", "P03", "Phó Trưởng phòng"),
            ],
            vec![],
        ),
        (
            "head of a department with the department's name",
            vec![
                (1, "HP:staff:1", "P01", "Trưởng phòng Tổng hợp"),
                (2, "HD:staff:2", "P03", "Trưởng phòng"),
            ],
            vec![("HD:staff:2|HP:staff:1", "position")],
        ),
        (
            "one person with two records is one holder",
            vec![
                (1, "HP:staff:1", "P01", "Trưởng phòng"),
                (1, "HD:staff:2", "P03", "Trưởng phòng"),
            ],
            vec![],
        ),
        (
            "heads of different new units",
            vec![
                (1, "HP:staff:1", "P01", "Trưởng phòng"),
                (2, "HD:staff:2", "P05", "Trưởng phòng"),
            ],
            vec![],
        ),
        (
            "two cell secretaries in one merged cell",
            vec![
                (1, "HP:party:1", "CB01", "Bí thư chi bộ"),
                (2, "HD:party:2", "CB1", "Bí thư"),
            ],
            vec![("HD:party:2|HP:party:1", "party_role")],
        ),
        (
            "a post listed among others",
            vec![
                (1, "HP:staff:1", "VP", "Giám đốc; Chánh Văn phòng"),
                (2, "HD:staff:2", "VP", "Chánh Văn phòng"),
            ],
            vec![("HD:staff:2|HP:staff:1", "position")],
        ),
    ];
    for (name, rows, want) in cases {
        let (_, p) = placed(&rows);
        assert_eq!(
            of_kind(&p.conflicts, ConflictKind::LeadershipOverlap),
            pairs(&want),
            "{name}"
        );
    }
}

#[test]
fn single_holder_posts_are_configurable() {
    let settings = Settings {
        single_holder_posts: Some(vec!["Chuyên viên chính".into()]),
    };
    let org = org::build(
        &sources(),
        HP,
        &base_units(),
        Some(&base_plan()),
        &[],
        &settings,
    );
    let p = org.place(&records(&[
        (1, "HP:staff:1", "VP", "Chánh Văn phòng"),
        (2, "HD:staff:7", "VP", "Chánh Văn phòng"),
        (3, "HP:staff:3", "P01", "Chuyên viên chính"),
        (4, "HD:staff:4", "P03", "chuyen vien chinh"),
    ]));
    assert_eq!(
        of_kind(&p.conflicts, ConflictKind::LeadershipOverlap),
        pairs(&[("HD:staff:4|HP:staff:3", "position")])
    );
}

#[test]
fn unresolved_unit_keeps_the_record() {
    let (_, p) = placed(&[
        (1, "HD:staff:9", "Phòng Không Có", ""),
        (2, "HD:party:3", "", ""),
    ]);
    assert_eq!(p.units, vec![None, None]);
    let got: Vec<(String, String, Severity)> = p
        .conflicts
        .iter()
        .filter(|c| c.kind == ConflictKind::UnresolvedUnit)
        .map(|c| (c.subject_text(), c.field.clone(), c.severity))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "HD:staff:9".to_string(),
                "unit".to_string(),
                Severity::Warning
            ),
            ("HD:party:3".to_string(), "cell".to_string(), Severity::Info),
        ]
    );
}

#[test]
fn record_decision_places_the_record() {
    let decisions = vec![("HD:staff:9".to_string(), "P02".to_string())];
    let org = org::build(
        &sources(),
        HP,
        &base_units(),
        Some(&base_plan()),
        &decisions,
        &Settings::default(),
    );
    let p = org.place(&records(&[(1, "HD:staff:9", "Phòng Không Có", "")]));
    assert_eq!(
        p.unit(0)
            .and_then(|u| org.new_unit(u))
            .map(|u| u.code.as_str()),
        Some("P02")
    );
    assert_eq!(of_kind(&p.conflicts, ConflictKind::UnresolvedUnit), vec![]);
}

#[test]
fn one_member_in_two_cells() {
    let (_, p) = placed(&[
        (5, "HP:party:DV1", "CB02", ""),
        (5, "HD:party:DV9", "CB1", ""),
        // Two records of one person in cells that merge into one: no conflict.
        (6, "HP:party:DV2", "CB01", ""),
        (6, "HD:party:DV8", "Chi bộ Tổng hợp", ""),
    ]);
    let got: Vec<_> = p
        .conflicts
        .iter()
        .filter(|c| c.kind == ConflictKind::MultipleCells)
        .map(|c| (c.subject_text(), c.values.clone()))
        .collect();
    assert_eq!(
        got,
        vec![(
            "HD:party:DV9|HP:party:DV1".to_string(),
            vec!["CB01".to_string(), "CB02".to_string()]
        )]
    );
}

#[test]
fn cell_of_another_department() {
    let (_, p) = placed(&[
        (6, "HP:staff:6", "P02", ""),
        (6, "HP:party:6", "CB01", ""), // Chi bộ Phòng Tổng hợp, works in Phòng Nội chính
        (7, "HD:staff:7", "P03", ""),
        (7, "HD:party:7", "CB1", ""), // both merge into Tổng hợp: fine
        (8, "HP:staff:8", "VP", ""),
        (8, "HP:party:8", "CB01", ""), // works in the office itself: not clear, no warning
    ]);
    assert_eq!(
        of_kind(&p.conflicts, ConflictKind::FieldDisagreement),
        pairs(&[("HP:party:6|HP:staff:6", "cell")])
    );
}

#[test]
fn empty_new_units_after_placement() {
    let (org, p) = placed(&[(1, "HP:staff:1", "P01", ""), (2, "HP:party:2", "CB01", "")]);
    let want = pairs(&[
        ("new:CB02", "unit"),
        ("new:P02", "unit"),
        ("new:P05", "unit"),
    ]);
    assert_eq!(of_kind(&p.conflicts, ConflictKind::OrgStructure), want);
    assert_eq!(
        of_kind(&org.empty_units(&p), ConflictKind::OrgStructure),
        want
    );
}

#[test]
fn units_table_counts_each_person_once() {
    let (org, p) = placed(&[
        (1, "HP:staff:1", "P01", ""),
        (1, "HD:staff:1", "P03", ""), // same person, same new unit
        (2, "HD:staff:2", "P. Tổng hợp", ""),
        (1, "HP:party:1", "CB01", ""),
        (1, "HD:party:1", "CB1", ""),
        (3, "HP:staff:3", "P02", ""),
    ]);
    let counts: Vec<(String, usize, usize)> = org
        .units_table(&p)
        .into_iter()
        .map(|l| (l.unit_code, l.staff_count, l.member_count))
        .collect();
    let want: Vec<(String, usize, usize)> = [
        ("DB", 0, 0),
        ("CB01", 0, 1),
        ("CB02", 0, 0),
        ("VP", 0, 0),
        ("P01", 2, 0),
        ("P02", 1, 0),
        ("P05", 0, 0),
    ]
    .iter()
    .map(|&(c, s, m)| (c.to_string(), s, m))
    .collect();
    assert_eq!(counts, want);
}
