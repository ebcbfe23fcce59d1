//! The merged organisation of both samples: `units.csv` holds the new tree the plan
//! describes, every staff member and Party member is counted exactly once, and
//! `org.dot` parses as DOT.

mod common;

use common::{read_csv, sapnhap};

use dot_parser::{ast, canonical};
use std::collections::BTreeSet;
use std::path::Path;

fn check_sample(name: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let project = Path::new("samples").join(name);
    let o = sapnhap()
        .args(["--lang", "en", "merge"])
        .arg(&project)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let units = read_csv(&out.join("units.csv"));
    // The new tree is the plan's: every new code of the plan, nothing else.
    let plan = read_csv(&project.join("phuong-an.csv"));
    let planned: BTreeSet<&String> = plan.iter().map(|r| &r["Mã đơn vị mới"]).collect();
    let built: BTreeSet<&String> = units.iter().map(|u| &u["unit_code"]).collect();
    assert_eq!(built, planned, "{name}: units.csv is the plan's tree");
    for u in &units {
        let p = &u["parent_code"];
        assert!(
            p.is_empty() || built.contains(p),
            "{name}: parent {p} exists"
        );
    }
    // Counts: each placed person once per roster.
    let sum = |col: &str| {
        units
            .iter()
            .map(|u| u[col].parse::<usize>().unwrap())
            .sum::<usize>()
    };
    let staff = read_csv(&out.join("staff.csv"));
    let party = read_csv(&out.join("party_members.csv"));
    assert!(
        staff.iter().all(|r| !r["unit_code"].is_empty()),
        "{name}: every staff member placed"
    );
    assert!(
        party.iter().all(|r| !r["cell_code"].is_empty()),
        "{name}: every member placed"
    );
    assert_eq!(
        sum("staff_count"),
        staff.len(),
        "{name}: staff counted once"
    );
    assert_eq!(
        sum("member_count"),
        party.len(),
        "{name}: members counted once"
    );
    // org.dot parses and names every new unit.
    let dot = std::fs::read_to_string(out.join("org.dot")).unwrap();
    let graph = canonical::Graph::from(ast::Graph::try_from(dot.as_str()).expect("DOT parses"));
    let ids: BTreeSet<String> = graph
        .nodes
        .set
        .keys()
        .map(|k| k.trim_matches('"').to_string())
        .collect();
    for code in &built {
        assert!(
            ids.contains(&format!("new:{code}")),
            "{name}: {code} in org.dot"
        );
    }
}

#[test]
fn hai_phong_org_follows_the_plan() {
    check_sample("hai-phong");
}

#[test]
fn an_giang_org_follows_the_plan() {
    check_sample("an-giang");
}
