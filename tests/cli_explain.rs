//! `sapnhap explain`: a weight for every compared field, a running total and the
//! probability; bad references are usage errors.

use assert_cmd::Command;

mod common;

fn explain(args: &[&str]) -> std::process::Output {
    Command::cargo_bin("sapnhap")
        .unwrap()
        .env_remove("SAPNHAP_LANG")
        .args(["--lang", "en", "explain", "samples/hai-phong"])
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn every_compared_field_gets_a_weight() {
    let o = explain(&["HP:staff:CB00001", "HP:party:DV00001"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let text = String::from_utf8_lossy(&o.stdout);
    // The pair is scored alone; the run's verdict can differ, and the output says so.
    assert!(
        text.lines()
            .next()
            .is_some_and(|l| l.starts_with("This pair on its own")),
        "{text}"
    );
    // Fields both records carry: name, birth date, gender, national ID.
    for field in ["name", "birth_date", "gender", "national_id"] {
        let line = text
            .lines()
            .find(|l| l.starts_with(field))
            .unwrap_or_else(|| panic!("no {field} line in\n{text}"));
        let cols: Vec<&str> = line.split_whitespace().collect();
        let weight: f64 = cols[2]
            .parse()
            .unwrap_or_else(|_| panic!("weight in {line:?}"));
        let running: f64 = cols[3].parse().unwrap();
        assert!(weight != 0.0, "{line}");
        assert!(running.is_finite());
    }
    let total = text.lines().find(|l| l.starts_with("weight:")).unwrap();
    assert!(total.contains("probability: 1.0000"), "{total}");
}

#[test]
fn unknown_or_malformed_refs_are_refused() {
    let o = explain(&["HP:staff:NOPE", "HP:party:DV00001"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no record HP:staff:NOPE"));
    let o = explain(&["nonsense", "HP:party:DV00001"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn the_last_merge_runs_decision_follows_when_there_is_one() {
    let (_tmp, project) = common::sample("hai-phong");
    let explain = |a: &str, b: &str| {
        let o = common::sapnhap()
            .args(["--lang", "en", "explain"])
            .arg(&project)
            .args([a, b])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0));
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let pair = ["HP:staff:CB00001", "HP:party:DV00001"];
    assert!(!explain(pair[0], pair[1]).contains("Last `merge` run"));
    let o = common::sapnhap()
        .args(["--lang", "en", "merge", "--quiet"])
        .arg(&project)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let text = explain(pair[1], pair[0]);
    let last = text.lines().last().unwrap();
    assert!(
        last.starts_with("Last `merge` run (out/matches.csv): probability 1.000")
            && last.ends_with("decision match"),
        "{last}"
    );
    // Two people the run never paired.
    let text = explain("HP:staff:CB00001", "HP:staff:CB00002");
    assert!(
        text.trim_end().ends_with("or never a candidate pair)"),
        "{text}"
    );
}

#[test]
fn an_impossible_birth_date_one_digit_from_the_other_is_a_slip() {
    let (_tmp, project) = common::sample("hai-phong");
    let party = project.join("hp/dang-vien.csv");
    let text = std::fs::read_to_string(&party).unwrap();
    // DV00001 is CB00001's Party record, born 28/08/1982: a month typed 88.
    let slipped = text.replacen(";28/08/1982;", ";28/88/1982;", 1);
    assert_ne!(slipped, text);
    std::fs::write(&party, slipped).unwrap();
    let o = common::sapnhap()
        .args(["--lang", "en", "explain"])
        .arg(&project)
        .args(["HP:staff:CB00001", "HP:party:DV00001"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8_lossy(&o.stdout);
    let line = out
        .lines()
        .find(|l| l.starts_with("birth_date"))
        .unwrap_or_else(|| panic!("no birth_date line in\n{out}"));
    let cols: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(cols[1], "slip", "{line}");
    let weight: f64 = cols[2].parse().unwrap();
    assert!(weight > 5.0, "{line}");
    assert!(line.contains("28/88/1982"), "{line}");
}

/// The workplace line of `explain` on the sample, split into its columns.
fn workplace_line(a: &str, b: &str) -> (String, f64, String) {
    let o = explain(&[a, b]);
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    let line = out
        .lines()
        .find(|l| l.starts_with("workplace"))
        .unwrap_or_else(|| panic!("no workplace line in\n{out}"))
        .to_string();
    let cols: Vec<&str> = line.split_whitespace().collect();
    let weight = if cols[2] == "0" {
        0.0
    } else {
        cols[2].parse().unwrap()
    };
    (cols[1].to_string(), weight, line)
}

#[test]
fn a_department_and_its_chi_bo_are_one_workplace() {
    // CB00005 works in Phòng Tổng hợp (VP01); DV00003 is in its chi bộ.
    let (level, weight, line) = workplace_line("HP:staff:CB00005", "HP:party:DV00003");
    assert_eq!(level, "exact", "{line}");
    assert!(weight > 1.0, "{line}");
    assert!(
        line.contains("VP01 (Phòng Tổng hợp)") && line.contains("CB001 (Chi bộ Phòng Tổng hợp)"),
        "{line}"
    );
    // The agency's head (VP00) sits in a department's chi bộ: no evidence.
    let (level, weight, line) = workplace_line("HP:staff:CB00001", "HP:party:DV00001");
    assert_eq!((level.as_str(), weight), ("within", 0.0), "{line}");
    // Ban Tiếp công dân against the chi bộ of Phòng Tổng hợp: two workplaces.
    let (level, weight, line) = workplace_line("HP:staff:CB00133", "HP:party:DV00002");
    assert_eq!(level, "different", "{line}");
    assert!(weight < -3.0, "{line}");
}
