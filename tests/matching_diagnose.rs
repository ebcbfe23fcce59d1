//! A tuning aid, not a check: `SAPNHAP_DIAG=dir1:dir2 cargo test --test
//! matching_diagnose -- --ignored --nocapture` merges each generated project (a folder
//! with `merge.toml` and `truth.csv`) and explains every pair the linkage got wrong,
//! field by field, with the same model `merge` uses.
#![allow(clippy::expect_used, clippy::unwrap_used)] // tests may panic

use sapnhap::i18n::Lang;
use sapnhap::matching::explain;
use sapnhap::pipeline::{self, Options};
use sapnhap::project::Project;
use std::collections::HashMap;
use std::path::Path;

fn truth(dir: &Path) -> HashMap<String, String> {
    let mut rdr = csv::Reader::from_path(dir.join("truth.csv")).expect("truth.csv");
    rdr.records()
        .map(|r| {
            let r = r.expect("row");
            (format!("{}:{}:{}", &r[0], &r[1], &r[2]), r[3].to_string())
        })
        .collect()
}

#[test]
#[ignore]
fn diagnose() {
    let Ok(dirs) = std::env::var("SAPNHAP_DIAG") else {
        return;
    };
    for dir in dirs.split(':').filter(|d| !d.is_empty()) {
        let dir = Path::new(dir);
        let project = Project::load(dir, Lang::En).expect("project");
        let settings = project.matching.clone();
        let run = pipeline::run(
            project,
            &Options {
                decisions: Vec::new(),
                lang: Lang::En,
            },
        )
        .expect("merge");
        let truth = truth(dir);
        let person = |i: u32| truth.get(&run.records[i as usize].reference.to_string());
        let mut cluster_of = HashMap::new();
        for (c, members) in run.linkage.clusters.iter().enumerate() {
            for &m in members {
                cluster_of.insert(m, c);
            }
        }
        let mut by_person: HashMap<&String, Vec<u32>> = HashMap::new();
        for r in &run.records {
            if let Some(p) = person(r.idx) {
                by_person.entry(p).or_default().push(r.idx);
            }
        }
        let (mut tp, mut fp, mut fneg) = (0u64, 0u64, 0u64);
        let mut wrong: Vec<(u32, u32, &str)> = Vec::new();
        for members in &run.linkage.clusters {
            for (i, &a) in members.iter().enumerate() {
                for &b in &members[i + 1..] {
                    if person(a) == person(b) {
                        tp += 1;
                    } else {
                        fp += 1;
                        wrong.push((a, b, "FALSE MERGE"));
                    }
                }
            }
        }
        let mut persons: Vec<_> = by_person.into_iter().collect();
        persons.sort();
        for (_, members) in persons {
            for (i, &a) in members.iter().enumerate() {
                for &b in &members[i + 1..] {
                    if cluster_of.get(&a) != cluster_of.get(&b) {
                        fneg += 1;
                        wrong.push((a, b, "MISSED"));
                    }
                }
            }
        }
        let p = tp as f64 / (tp + fp).max(1) as f64;
        let r = tp as f64 / (tp + fneg).max(1) as f64;
        println!(
            "##### {}: precision {p:.4} recall {r:.4} F1 {:.4} ({} records)",
            dir.display(),
            2.0 * p * r / (p + r).max(1e-12),
            run.records.len()
        );
        for (a, b, what) in wrong.iter().take(40) {
            let e = explain(&run.records, *a, *b, &settings).expect("pair");
            println!("--- {what}\n{}", e.render(Lang::En));
        }
    }
}
