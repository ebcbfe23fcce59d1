//! `sapnhap explain`: a weight for every compared field, a running total and the
//! probability; bad references are usage errors.

use assert_cmd::Command;

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
    let last = text.lines().last().unwrap();
    assert!(last.contains("probability: 1.0000"), "{last}");
}

#[test]
fn unknown_or_malformed_refs_are_refused() {
    let o = explain(&["HP:staff:NOPE", "HP:party:DV00001"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no record HP:staff:NOPE"));
    let o = explain(&["nonsense", "HP:party:DV00001"]);
    assert_eq!(o.status.code(), Some(2));
}
