//! `sapnhap eval` on a hand-made truth and lineage with known pairwise scores.

#![allow(clippy::unwrap_used)]

use assert_cmd::Command;

fn sapnhap() -> Command {
    let mut c = Command::cargo_bin("sapnhap").unwrap();
    c.env_remove("SAPNHAP_LANG");
    c
}

const TRUTH: &str = "source,roster,record_id,person
HP,staff,CB1,P1
HP,party,DV1,P1
HD,staff,NS-1,P1
HP,staff,CB2,P2
HD,staff,NS-2,P2
HP,staff,CB3,P3
";

// Predicted: {CB1, DV1} {NS-1, CB2, NS-2} {CB3 rejected}.
// True pairs 3 + 1 = 4; predicted 1 + 3 = 4; correct CB1–DV1, CB2–NS-2 = 2.
const LINEAGE: &str = "source,roster,file,line,record_id,person_id,outcome,reason
HP,staff,hp/can-bo.csv,2,CB1,NS0001,kept,
HP,party,hp/dang-vien.csv,2,DV1,NS0001,merged,
HD,staff,hd/nhan-su.xlsx,2,NS-1,NS0002,kept,
HP,staff,hp/can-bo.csv,3,CB2,NS0002,merged,
HD,staff,hd/nhan-su.xlsx,3,NS-2,NS0002,merged,
HP,staff,hp/can-bo.csv,4,CB3,,rejected,no name
HP,units,hp/don-vi.csv,2,VP01,,kept,
";

fn setup() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("truth.csv"), TRUTH).unwrap();
    std::fs::write(d.path().join("lineage.csv"), LINEAGE).unwrap();
    d
}

#[test]
fn eval_prints_pairwise_scores_last() {
    let d = setup();
    let out = sapnhap()
        .current_dir(d.path())
        .args(["eval", "truth.csv", "lineage.csv", "--lang", "en"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let last: Vec<&str> = text.lines().rev().take(3).collect();
    assert_eq!(last, ["F1 0.5000", "recall 0.5000", "precision 0.5000"]);
    assert!(text.contains("NS0002 — 2 persons"), "{text}");
    assert!(text.contains("HD:staff:NS-1"));
    assert!(text.contains("P1 — 2 clusters"));
}

#[test]
fn eval_json() {
    let d = setup();
    let out = sapnhap()
        .current_dir(d.path())
        .args(["eval", "truth.csv", "lineage.csv", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["true_pairs"], 4);
    assert_eq!(v["correct_pairs"], 2);
    assert_eq!(v["rejected"], 1);
    assert_eq!(v["f1"], 0.5);
}

#[test]
fn eval_names_the_file_with_a_missing_column() {
    let d = setup();
    std::fs::write(
        d.path().join("bad.csv"),
        "source,roster,record_id\nHP,staff,CB1\n",
    )
    .unwrap();
    let out = sapnhap()
        .current_dir(d.path())
        .args(["eval", "bad.csv", "lineage.csv", "--lang", "en"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.csv:1") && err.contains("missing column `person`"),
        "{err}"
    );
    // Vietnamese by default, like every message.
    let out = sapnhap()
        .current_dir(d.path())
        .args(["eval", "bad.csv", "lineage.csv"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("thiếu cột `person`"), "{err}");
    sapnhap()
        .args(["eval", "nope.csv", "lineage.csv"])
        .current_dir(d.path())
        .assert()
        .code(1);
}

/// Regression: `sapnhap eval truth.csv lineage.csv | head` panicked ("failed
/// printing to stdout: Broken pipe") once `head` had what it wanted. A reader
/// that has gone is no error of the user's: the command ends quietly.
#[test]
fn output_into_a_closed_pipe_ends_quietly() {
    let d = setup();
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("sapnhap"))
        .current_dir(d.path())
        .args(["eval", "truth.csv", "lineage.csv"])
        .env_remove("SAPNHAP_LANG")
        .env("RUST_BACKTRACE", "0")
        .stdout(writer)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(out.status.code(), Some(0), "{err}");
}
