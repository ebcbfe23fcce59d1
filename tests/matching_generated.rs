//! The whole tool on small generated merger projects: `gen`, `merge`, then the
//! pairwise score of the lineage against the generator's truth.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use assert_cmd::Command;

fn sapnhap() -> Command {
    let mut c = Command::cargo_bin("sapnhap").unwrap();
    c.env_remove("SAPNHAP_LANG");
    c
}

/// `gen` with `args` into a temporary folder, then `merge`: the folder (kept
/// alive by the returned guard), the project and the output folder.
fn generated_and_merged(
    args: &[&str],
) -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p");
    sapnhap()
        .args(["gen", "--quiet"])
        .args(args)
        .arg(&project)
        .assert()
        .success();
    let out = dir.path().join("out");
    sapnhap()
        .args(["merge", "--quiet"])
        .arg(&project)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    (dir, project, out)
}

fn merged_score(scenario: &str, seed: u32) -> sapnhap::eval::Report {
    let seed = seed.to_string();
    let args = ["--people", "300", "--seed", &seed, "--scenario", scenario];
    let (_dir, project, out) = generated_and_merged(&args);
    sapnhap::eval::evaluate(
        &project.join("truth.csv"),
        &out.join("lineage.csv"),
        5,
        sapnhap::i18n::Lang::En,
    )
    .unwrap()
}

#[test]
fn generated_projects_reach_f1_and_precision() {
    for (scenario, seed) in [("hai-phong", 11), ("an-giang", 12)] {
        let r = merged_score(scenario, seed);
        assert_eq!(r.missing_in_lineage, 0, "{scenario} {seed}");
        assert!(
            r.f1 >= 0.99 && r.precision >= 0.995,
            "{scenario} seed {seed}: precision {:.4} recall {:.4} F1 {:.4}\n{:#?}",
            r.precision,
            r.recall,
            r.f1,
            (&r.false_merges, &r.missed_links)
        );
    }
}

#[test]
fn every_level_in_matches_csv_has_words_in_the_report() {
    let (_dir, _, out) = generated_and_merged(&["--people", "400", "--seed", "5"]);
    let words = sapnhap::output::html::levels(sapnhap::i18n::Lang::Vi);
    let matches = std::fs::read_to_string(out.join("matches.csv")).unwrap();
    let mut seen = std::collections::BTreeSet::new();
    for line in matches.lines().skip(1) {
        let evidence = line.rsplit(',').next().unwrap();
        for item in evidence.split(';') {
            // field=level:weight
            let level = item.split_once('=').and_then(|(_, r)| r.split_once(':'));
            seen.insert(level.unwrap().0.to_string());
        }
    }
    // A generated project shows most levels; enough to catch one left unnamed.
    assert!(seen.len() >= 12, "{seen:?}");
    for level in &seen {
        let word = words.iter().find(|(code, _)| code == level);
        assert!(
            word.is_some_and(|(code, w)| w != code),
            "no Vietnamese words for level `{level}`"
        );
    }
}
