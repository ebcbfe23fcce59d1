//! Pairwise precision / recall / F1 of a merge's clustering (its `lineage.csv`)
//! against a truth file (`truth.csv` from `sapnhap gen`). Two records form a pair when
//! they belong to one cluster; precision is the share of predicted pairs that are true,
//! recall the share of true pairs found. Pairs are never enumerated: everything comes
//! from contingency counts — Σ C(n,2) over predicted clusters, over true persons, and
//! over (cluster, person) cells — so millions of records take a sort, not n² time.
//! Rejected rows and truth records absent from the lineage are singletons.

use crate::error::{InputError, Location};
use crate::i18n::Lang;
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;

/// One scored mistake: a predicted cluster holding several true persons (false
/// merge), or a true person spread over several clusters (missed link).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mistake {
    /// The cluster's person_id, or the true person's id.
    pub id: String,
    /// Distinct true persons in the cluster, or clusters the person is split over.
    pub spread: usize,
    pub records: usize,
    /// `REF = other id`: each record with the person (false merge) or cluster (missed link).
    pub refs: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub truth_records: usize,
    pub lineage_rows: usize,
    /// Truth records found in the lineage.
    pub joined: usize,
    /// Truth records with no lineage row (scored as singletons).
    pub missing_in_lineage: usize,
    /// Lineage rows no truth record names (ignored: e.g. unit rows).
    pub not_in_truth: usize,
    pub rejected: usize,
    pub true_persons: usize,
    pub predicted_clusters: usize,
    pub true_pairs: u64,
    pub predicted_pairs: u64,
    pub correct_pairs: u64,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub false_merges: Vec<Mistake>,
    pub missed_links: Vec<Mistake>,
}

/// A CSV read with named columns; errors name the file and line.
fn read_table(path: &Path, want: &[&str], lang: Lang) -> Result<Vec<Vec<String>>, InputError> {
    let err = |line: u64, msg: String| InputError::new(Location::at(path, line, None), msg);
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .map_err(|e| InputError::new(Location::file(path), e.to_string()))?;
    let headers = rdr.headers().map_err(|e| err(1, e.to_string()))?.clone();
    let norm = |h: &str| h.trim_start_matches('\u{feff}').trim().to_lowercase();
    let mut idx = Vec::new();
    for w in want {
        match headers.iter().position(|h| norm(h) == *w) {
            Some(i) => idx.push(i),
            None => {
                return Err(err(
                    1,
                    format!(
                        "{} `{w}` ({}: {})",
                        lang.pick("thiếu cột", "missing column"),
                        lang.pick("các cột có", "have"),
                        headers.iter().collect::<Vec<_>>().join(", ")
                    ),
                ));
            }
        }
    }
    let mut rows = Vec::new();
    for (n, rec) in rdr.records().enumerate() {
        let line = n as u64 + 2;
        let rec = rec.map_err(|e| err(rec_line(&e).unwrap_or(line), e.to_string()))?;
        let mut row = Vec::with_capacity(idx.len());
        for (&i, w) in idx.iter().zip(want) {
            match rec.get(i) {
                Some(v) => row.push(crate::output::csv::unsafe_back(v.trim()).to_string()),
                None => {
                    return Err(err(
                        line,
                        format!(
                            "{} `{w}`",
                            lang.pick("dòng thiếu giá trị", "row has no value for")
                        ),
                    ));
                }
            }
        }
        rows.push(row);
    }
    Ok(rows)
}

fn rec_line(e: &csv::Error) -> Option<u64> {
    e.position().map(|p| p.line())
}

fn c2(n: u64) -> u64 {
    n * n.saturating_sub(1) / 2
}

/// Score `lineage` against `truth`, listing the `top` worst mistakes of each kind.
pub fn evaluate(
    truth: &Path,
    lineage: &Path,
    top: usize,
    lang: Lang,
) -> Result<Report, InputError> {
    let lin = read_table(
        lineage,
        &["source", "roster", "record_id", "person_id", "outcome"],
        lang,
    )?;
    let tru = read_table(truth, &["source", "roster", "record_id", "person"], lang)?;
    Ok(score(&tru, &lin, top))
}

/// The scoring itself, on rows already read: truth rows are `[source, roster,
/// record_id, person]`, lineage rows `[source, roster, record_id, person_id, outcome]`.
pub fn score(truth: &[Vec<String>], lineage: &[Vec<String>], top: usize) -> Report {
    let key = |r: &[String]| format!("{}:{}:{}", r[0], r[1], r[2]);
    // Predicted cluster names; rejected rows get one each.
    let mut clusters: Vec<String> = Vec::new();
    let mut cluster_of: HashMap<String, u32> = HashMap::new();
    let mut pred: HashMap<String, u32> = HashMap::with_capacity(lineage.len());
    let mut rejected = 0;
    for r in lineage {
        let k = key(r);
        if pred.contains_key(&k) {
            continue;
        }
        let c = if r[4] == "rejected" || r[3].is_empty() {
            rejected += usize::from(r[4] == "rejected");
            clusters.push(format!("({} {k})", r[4]));
            clusters.len() as u32 - 1
        } else {
            *cluster_of.entry(r[3].clone()).or_insert_with(|| {
                clusters.push(r[3].clone());
                clusters.len() as u32 - 1
            })
        };
        pred.insert(k, c);
    }
    let mut persons: Vec<String> = Vec::new();
    let mut person_of: HashMap<String, u32> = HashMap::new();
    let mut refs: Vec<String> = Vec::with_capacity(truth.len());
    // (true person, predicted cluster) per record.
    let mut pairs: Vec<(u32, u32)> = Vec::with_capacity(truth.len());
    let mut seen = std::collections::HashSet::with_capacity(truth.len());
    let mut missing = 0;
    for r in truth {
        let k = key(r);
        if !seen.insert(k.clone()) {
            continue;
        }
        let t = *person_of.entry(r[3].clone()).or_insert_with(|| {
            persons.push(r[3].clone());
            persons.len() as u32 - 1
        });
        let p = match pred.get(&k) {
            Some(&p) => p,
            None => {
                missing += 1;
                clusters.push(format!("(missing {k})"));
                clusters.len() as u32 - 1
            }
        };
        pairs.push((t, p));
        refs.push(k);
    }
    let joined = pairs.len() - missing;
    let mut n_true = vec![0u64; persons.len()];
    let mut n_pred = vec![0u64; clusters.len()];
    for &(t, p) in &pairs {
        n_true[t as usize] += 1;
        n_pred[p as usize] += 1;
    }
    let mut cells = pairs.clone();
    cells.sort_unstable();
    let (mut correct, mut persons_in, mut clusters_of) =
        (0, vec![0usize; clusters.len()], vec![0usize; persons.len()]);
    let mut i = 0;
    while i < cells.len() {
        let j = cells[i..].iter().take_while(|&&c| c == cells[i]).count() + i;
        correct += c2((j - i) as u64);
        persons_in[cells[i].1 as usize] += 1;
        clusters_of[cells[i].0 as usize] += 1;
        i = j;
    }
    let true_pairs: u64 = n_true.iter().map(|&n| c2(n)).sum();
    let predicted_pairs: u64 = n_pred.iter().map(|&n| c2(n)).sum();
    let precision = if predicted_pairs == 0 {
        1.0
    } else {
        correct as f64 / predicted_pairs as f64
    };
    let recall = if true_pairs == 0 {
        1.0
    } else {
        correct as f64 / true_pairs as f64
    };
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    let worst = |spread: &[usize], sizes: &[u64], names: &[String]| {
        let mut ix: Vec<usize> = (0..spread.len()).filter(|&i| spread[i] > 1).collect();
        ix.sort_by(|&a, &b| {
            spread[b]
                .cmp(&spread[a])
                .then(sizes[b].cmp(&sizes[a]))
                .then(names[a].cmp(&names[b]))
        });
        ix.truncate(top);
        ix
    };
    let fm = worst(&persons_in, &n_pred, &clusters);
    let ml = worst(&clusters_of, &n_true, &persons);
    let mut false_merges: Vec<Mistake> = fm
        .iter()
        .map(|&c| mistake(&clusters[c], persons_in[c], n_pred[c]))
        .collect();
    let mut missed_links: Vec<Mistake> = ml
        .iter()
        .map(|&t| mistake(&persons[t], clusters_of[t], n_true[t]))
        .collect();
    let fm_pos: HashMap<u32, usize> = fm.iter().enumerate().map(|(i, &c)| (c as u32, i)).collect();
    let ml_pos: HashMap<u32, usize> = ml.iter().enumerate().map(|(i, &t)| (t as u32, i)).collect();
    for (r, &(t, p)) in refs.iter().zip(&pairs) {
        if let Some(&i) = fm_pos.get(&p) {
            false_merges[i]
                .refs
                .push((r.clone(), persons[t as usize].clone()));
        }
        if let Some(&i) = ml_pos.get(&t) {
            missed_links[i]
                .refs
                .push((r.clone(), clusters[p as usize].clone()));
        }
    }
    for m in false_merges.iter_mut().chain(missed_links.iter_mut()) {
        m.refs.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    }
    Report {
        truth_records: truth.len(),
        lineage_rows: lineage.len(),
        joined,
        missing_in_lineage: missing,
        not_in_truth: pred.len().saturating_sub(joined),
        rejected,
        true_persons: persons.len(),
        predicted_clusters: persons_in.iter().filter(|&&n| n > 0).count(),
        true_pairs,
        predicted_pairs,
        correct_pairs: correct,
        precision,
        recall,
        f1,
        false_merges,
        missed_links,
    }
}

fn mistake(id: &str, spread: usize, records: u64) -> Mistake {
    Mistake {
        id: id.to_string(),
        spread,
        records: records as usize,
        refs: Vec::new(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn rows(s: &[&str]) -> Vec<Vec<String>> {
        s.iter()
            .map(|l| l.split(',').map(str::to_string).collect())
            .collect()
    }

    /// Truth: p1 = {a,b,c}, p2 = {d,e}, p3 = {f}: 3 + 1 = 4 true pairs.
    /// Prediction: X = {a,b}, Y = {c,d,e}, f rejected: 1 + 3 = 4 predicted pairs,
    /// correct: ab, de = 2 → P = 0.5, R = 0.5.
    #[test]
    fn counts_pairs_from_contingency() {
        let truth = rows(&[
            "S,staff,a,p1",
            "S,staff,b,p1",
            "S,party,c,p1",
            "S,staff,d,p2",
            "T,staff,e,p2",
            "T,staff,f,p3",
        ]);
        let lin = rows(&[
            "S,staff,a,X,kept",
            "S,staff,b,X,merged",
            "S,party,c,Y,merged",
            "S,staff,d,Y,kept",
            "T,staff,e,Y,merged",
            "T,staff,f,,rejected",
            "T,units,u1,,kept",
        ]);
        let r = score(&truth, &lin, 5);
        assert_eq!(
            (r.true_pairs, r.predicted_pairs, r.correct_pairs),
            (4, 4, 2)
        );
        assert_eq!((r.precision, r.recall, r.f1), (0.5, 0.5, 0.5));
        assert_eq!(
            (r.rejected, r.not_in_truth, r.missing_in_lineage),
            (1, 1, 0)
        );
        assert_eq!(r.false_merges.len(), 1);
        assert_eq!(r.false_merges[0].id, "Y");
        assert_eq!(r.false_merges[0].spread, 2);
        assert_eq!(r.missed_links[0].id, "p1");
        assert_eq!(
            r.missed_links[0].refs[0],
            ("S:staff:a".to_string(), "X".to_string())
        );
    }

    #[test]
    fn perfect_and_missing_records() {
        let truth = rows(&["S,staff,a,p1", "S,party,b,p1", "S,staff,c,p2"]);
        let lin = rows(&["S,staff,a,X,kept", "S,party,b,X,merged", "S,staff,c,Z,kept"]);
        let r = score(&truth, &lin, 5);
        assert_eq!((r.precision, r.recall, r.f1), (1.0, 1.0, 1.0));
        assert!(r.false_merges.is_empty() && r.missed_links.is_empty());
        // b absent from the lineage: a singleton, the pair a–b is missed.
        let r = score(&truth, &lin[..1], 5);
        assert_eq!(
            (r.missing_in_lineage, r.correct_pairs, r.true_pairs),
            (2, 0, 1)
        );
        assert_eq!((r.precision, r.recall), (1.0, 0.0));
        assert_eq!(r.f1, 0.0);
    }
}
