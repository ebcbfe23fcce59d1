//! Building the merged organisation: structure checks, the plan, reviewer `unit`
//! decisions, and the guesses made without a plan.
#![allow(clippy::expect_used)] // a test that cannot go on should stop

mod org_support;

use org_support::*;
use sapnhap::conflict::{ConflictKind, Severity};
use sapnhap::org::{self, Settings, UnitKind};

/// Each case: extra unit rows (added to the base), plan rows (None = base plan
/// replaced by no plan) and the exact `org_structure` conflicts expected.
#[test]
fn structure_checks() {
    type Case = (
        &'static str,
        Vec<(
            usize,
            &'static str,
            &'static str,
            &'static str,
            &'static str,
        )>,
        Option<
            Vec<(
                &'static str,
                &'static str,
                &'static str,
                &'static str,
                &'static str,
                &'static str,
            )>,
        >,
        Vec<(&'static str, &'static str)>,
    );
    let cases: Vec<Case> = vec![
        ("clean", vec![], Some(vec![]), vec![]),
        (
            "cycle in a source tree",
            vec![(HD, "A", "Phòng A", "B", ""), (HD, "B", "Phòng B", "A", "")],
            Some(vec![]),
            vec![("HD:unit:A|HD:unit:B", "parent")],
        ),
        (
            "unit its own parent",
            vec![(HD, "S", "Phòng S", "S", "")],
            Some(vec![]),
            vec![("HD:unit:S", "parent")],
        ),
        (
            "missing parent",
            vec![(HD, "P09", "Phòng Xây dựng", "X99", "")],
            Some(vec![]),
            vec![("HD:unit:P09", "parent")],
        ),
        (
            "duplicate code in a units file",
            vec![(HD, "P05", "Phòng Khác", "VP", "")],
            Some(vec![]),
            vec![("HD:unit:P05", "unit_code")],
        ),
        (
            "old unit mapped twice",
            vec![],
            Some(vec![("HD", "P03", "P02", "", "", "")]),
            vec![("HD:unit:P03", "new_unit")],
        ),
        (
            "new unit defined inconsistently",
            vec![],
            Some(vec![("HD", "P05", "P01", "Phòng Hành chính", "", "")]),
            vec![("HD:unit:P05", "new_unit"), ("new:P01", "name")],
        ),
        (
            "plan row names an unknown old unit",
            vec![],
            Some(vec![("HD", "P77", "P01", "", "", "")]),
            vec![("HD:unit:P77", "unit")],
        ),
        (
            "plan row names an unknown source",
            vec![],
            Some(vec![("QN", "P03", "P01", "", "", "")]),
            vec![("QN:unit:P03", "unit")],
        ),
        (
            "plan row without a new code",
            vec![],
            Some(vec![("", "P77", "", "", "", "")]),
            vec![("*:unit:P77", "unit")],
        ),
        (
            "party cell outside a committee",
            vec![(HD, "CB9", "Chi bộ Kinh tế", "DB", "Chi bộ")],
            Some(vec![("HD", "CB9", "CB9", "", "P05", "")]),
            vec![("new:CB9", "parent")],
        ),
        (
            "plan parent that is no new unit",
            vec![(HD, "P06", "Phòng Văn xã", "VP", "Phòng")],
            Some(vec![("HD", "P06", "P06", "", "ZZZ", "")]),
            vec![("new:P06", "parent")],
        ),
        (
            "cycle in the new tree",
            vec![(HD, "X", "Ban X", "VP", ""), (HD, "Y", "Ban Y", "VP", "")],
            Some(vec![
                ("HD", "X", "NX", "", "NY", ""),
                ("HD", "Y", "NY", "", "NX", ""),
            ]),
            vec![("new:NX|new:NY", "parent")],
        ),
    ];
    for (name, extra, plan_extra, want) in cases {
        let mut unit_rows = base_units();
        let n = unit_rows.len();
        unit_rows.extend(units(&extra).into_iter().map(|mut u| {
            u.line += n as u64;
            u
        }));
        let mut plan_rows = base_plan();
        let m = plan_rows.len();
        plan_rows.extend(
            plan(&plan_extra.unwrap_or_default())
                .into_iter()
                .map(|mut r| {
                    r.line += m as u64;
                    r
                }),
        );
        let org = build(&unit_rows, Some(&plan_rows));
        assert_eq!(
            of_kind(&org.conflicts, ConflictKind::OrgStructure),
            pairs(&want),
            "{name}"
        );
        for c in &org.conflicts {
            assert!(
                !c.detail.vi.is_empty() && !c.detail.en.is_empty(),
                "{name}: {c:?}"
            );
        }
    }
}

#[test]
fn structure_errors_keep_a_usable_tree() {
    let mut rows = base_units();
    rows.extend(units(&[
        (HD, "A", "Phòng A", "B", ""),
        (HD, "B", "Phòng B", "A", ""),
    ]));
    let org = build(&rows, None);
    // The units of the cycle become roots and are still carried over.
    for code in ["HD-A", "HD-B"] {
        let id = org.new_by_code(code).expect("carried over");
        assert_eq!(org.new_unit(id).and_then(|u| u.parent), None, "{code}");
    }
    let double = build(
        &base_units(),
        Some(&plan(&[
            ("HD", "P03", "P01", "", "", ""),
            ("HD", "P03", "P02", "", "", ""),
        ])),
    );
    let p03 = double.resolve(HD, "P03").expect("P03");
    let new = double
        .new_unit_of(p03)
        .and_then(|n| double.new_unit(n))
        .expect("mapped");
    assert_eq!(new.code, "P01", "the first plan row wins");
}

#[test]
fn plan_is_applied() {
    let org = build(&base_units(), Some(&base_plan()));
    assert!(org.conflicts.is_empty(), "{:#?}", org.conflicts);
    let table = org.units_table(&org.place(&[]));
    let got: Vec<(&str, &str, UnitKind, &str, &str)> = table
        .iter()
        .map(|l| {
            (
                l.unit_code.as_str(),
                l.name.as_str(),
                l.kind,
                l.parent_code.as_str(),
                l.merged_from.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "DB",
                "Đảng bộ Văn phòng",
                UnitKind::PartyCommittee,
                "",
                "HD:DB|HP:DB"
            ),
            (
                "CB01",
                "Chi bộ Phòng Tổng hợp",
                UnitKind::PartyCell,
                "DB",
                "HD:CB1|HP:CB01"
            ),
            (
                "CB02",
                "Chi bộ Phòng Nội chính",
                UnitKind::PartyCell,
                "DB",
                "HP:CB02"
            ),
            (
                "VP",
                "Văn phòng UBND thành phố Hải Phòng",
                UnitKind::Agency,
                "",
                "HD:VP|HP:VP"
            ),
            (
                "P01",
                "Phòng Tổng hợp",
                UnitKind::Department,
                "VP",
                "HD:P03|HP:P01"
            ),
            (
                "P02",
                "Phòng Nội chính",
                UnitKind::Department,
                "VP",
                "HP:P02"
            ),
            ("P05", "Phòng Kinh tế", UnitKind::Department, "VP", "HD:P05"),
        ]
    );
}

#[test]
fn without_a_plan_every_guess_is_one_unit_mapping() {
    let org = build(&base_units(), None);
    let mut got: Vec<(String, Vec<String>, Severity)> = org
        .conflicts
        .iter()
        .filter(|c| c.kind == ConflictKind::UnitMapping)
        .map(|c| (c.subject_text(), c.values.clone(), c.severity))
        .collect();
    got.sort();
    let want: Vec<(String, Vec<String>, Severity)> = [
        ("HD:unit:CB1", "CB01"),   // "Chi bộ Tổng hợp" = "Chi bộ Phòng Tổng hợp"
        ("HD:unit:DB", "DB"),      // same name and kind
        ("HD:unit:P03", "P01"),    // "P. Tổng hợp" = "Phòng Tổng hợp"
        ("HD:unit:P05", "HD-P05"), // carried over
        ("HD:unit:VP", "VP"),      // root joins the target's root agency
    ]
    .iter()
    .map(|(s, v)| (s.to_string(), vec![v.to_string()], Severity::Warning))
    .collect();
    assert_eq!(got, want);
    assert_eq!(of_kind(&org.conflicts, ConflictKind::OrgStructure), vec![]);
    let p03 = org
        .conflicts
        .iter()
        .find(|c| c.subject_text() == "HD:unit:P03")
        .expect("P03");
    assert!(
        p03.detail
            .vi
            .contains("'P. Tổng hợp' được ghép vào 'Phòng Tổng hợp'"),
        "{}",
        p03.detail.vi
    );
    assert!(p03.suggestion.vi.contains("`unit`"));
    let parent_code = |code: &str| {
        let id = org.new_by_code(code).expect(code);
        org.new_unit(id)
            .and_then(|u| u.parent)
            .and_then(|p| org.new_unit(p))
            .map(|p| p.code.clone())
    };
    assert_eq!(parent_code("HD-P05").as_deref(), Some("VP"));
    assert_eq!(parent_code("CB01").as_deref(), Some("DB"));
    assert_eq!(parent_code("P01").as_deref(), Some("VP"));
}

#[test]
fn plan_leaves_unmentioned_units_to_guessing() {
    let org = build(
        &base_units(),
        Some(&plan(&[("HD", "P05", "P02", "", "", "")])),
    );
    let mapped: Vec<(String, String)> = of_kind(&org.conflicts, ConflictKind::UnitMapping);
    assert_eq!(
        mapped,
        pairs(&[
            ("HD:unit:CB1", "unit"),
            ("HD:unit:DB", "unit"),
            ("HD:unit:P03", "unit"),
            ("HD:unit:VP", "unit")
        ])
    );
}

#[test]
fn unit_decisions_beat_plan_and_guess() {
    let decisions = vec![
        ("HD:unit:P05".to_string(), "P02".to_string()),
        ("HD:unit:P03".to_string(), "P09".to_string()), // a unit the reviewer creates
        ("HD:unit:NOPE".to_string(), "P01".to_string()),
    ];
    let org = org::build(
        &sources(),
        HP,
        &base_units(),
        Some(&base_plan()),
        &decisions,
        &Settings::default(),
    );
    let code_of = |text: &str| {
        let old = org.resolve(HD, text).expect(text);
        org.new_unit_of(old)
            .and_then(|n| org.new_unit(n))
            .map(|u| u.code.clone())
    };
    assert_eq!(code_of("P05").as_deref(), Some("P02"));
    assert_eq!(code_of("P03").as_deref(), Some("P09"));
    assert_eq!(
        of_kind(&org.conflicts, ConflictKind::StaleDecision),
        pairs(&[("HD:unit:NOPE", "unit")])
    );
    assert_eq!(of_kind(&org.conflicts, ConflictKind::UnitMapping), vec![]);
}

#[test]
fn resolve_by_code_then_name() {
    let mut rows = base_units();
    rows.extend(units(&[
        (HD, "TT1", "Trung tâm Tin học", "VP", ""),
        (HD, "VPB", "Văn phòng Ban", "VP", ""),
    ]));
    let org = build(&rows, None);
    let code = |source: usize, text: &str| {
        org.resolve(source, text)
            .and_then(|o| org.old_unit(o))
            .map(|u| u.code.clone())
    };
    for (source, text, want) in [
        (HD, "P03", Some("P03")),
        (HD, "p03", Some("P03")),
        (HD, "Phòng Tổng hợp", Some("P03")),
        (HD, "PHONG TONG HOP", Some("P03")),
        (HP, "P. Tổng hợp", Some("P01")),
        (HD, "TT Tin học", Some("TT1")),
        (HD, "VP Ban", Some("VPB")),
        (HD, "Phòng Nội chính", None),
        (HD, "", None),
    ] {
        assert_eq!(code(source, text).as_deref(), want, "{source} {text:?}");
    }
}

#[test]
fn output_does_not_depend_on_row_order() {
    let a = build(&base_units(), None);
    let mut reversed = base_units();
    reversed.reverse();
    let b = build(&reversed, None);
    let ids = |o: &sapnhap::org::Org| {
        o.conflicts
            .iter()
            .map(|c| (c.id(), c.values.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&a), ids(&b));
    assert_eq!(a.units_table(&a.place(&[])), b.units_table(&b.place(&[])));
    assert_eq!(a.to_dot(), b.to_dot());
}

mod invariants {
    use super::*;
    use proptest::prelude::*;

    const CODES: [&str; 6] = ["A", "B", "C", "D", "E", "F"];
    const NAMES: [&str; 6] = [
        "Phòng Tổng hợp",
        "P. Tổng hợp",
        "Chi bộ 1",
        "Đảng bộ Văn phòng",
        "Trung tâm Tin học",
        "Văn phòng",
    ];

    fn unit_row() -> impl Strategy<Value = (usize, usize, usize, usize)> {
        (0..2usize, 0..6usize, 0..6usize, 0..7usize)
    }

    fn plan_row() -> impl Strategy<Value = (usize, usize, usize, usize)> {
        (0..3usize, 0..6usize, 0..6usize, 0..7usize)
    }

    proptest! {
        /// Whatever the units and plan, every old unit lands in exactly one new unit,
        /// the table lists each new unit once, and the DOT output parses.
        #[test]
        fn every_old_unit_lands_once(
            rows in proptest::collection::vec(unit_row(), 0..12),
            plan_rows in proptest::collection::vec(plan_row(), 0..6),
        ) {
            let rows: Vec<(usize, &str, &str, &str, &str)> = rows
                .iter()
                .map(|&(s, c, n, p)| (s, CODES[c], NAMES[n], CODES.get(p).copied().unwrap_or(""), ""))
                .collect();
            let plan_rows: Vec<(&str, &str, &str, &str, &str, &str)> = plan_rows
                .iter()
                .map(|&(s, u, n, p)| {
                    (["", "HP", "HD"][s], CODES[u], CODES[n], "", CODES.get(p).copied().unwrap_or(""), "")
                })
                .collect();
            let plan_rows = plan(&plan_rows);
            let org = build(&units(&rows), Some(&plan_rows));
            for (i, _) in org.old_units().iter().enumerate() {
                let id = sapnhap::org::OldUnitId(i);
                let new = org.new_unit_of(id).expect("mapped");
                let count = org.new_units().iter().filter(|n| n.merged_from.contains(&id)).count();
                prop_assert_eq!(count, 1);
                prop_assert!(org.new_unit(new).is_some());
            }
            let table = org.units_table(&org.place(&[]));
            let mut codes: Vec<&str> = table.iter().map(|l| l.unit_code.as_str()).collect();
            prop_assert_eq!(codes.len(), org.new_units().len());
            codes.sort_unstable();
            codes.dedup();
            prop_assert_eq!(codes.len(), org.new_units().len());
            let dot = org.to_dot();
            prop_assert!(dot_parser::ast::Graph::try_from(dot.as_str()).is_ok());
        }
    }
}
