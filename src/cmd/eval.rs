//! `sapnhap eval TRUTH LINEAGE`: pairwise precision / recall / F1 of a merge against a
//! truth file, and the worst mistakes. The last three lines are always `precision`,
//! `recall`, `F1` (scripts read `tail -n 3`).

use super::{CmdError, Globals};
use crate::eval::{Mistake, evaluate};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// truth.csv (source, roster, record_id, person).
    pub truth: PathBuf,
    /// lineage.csv written by `sapnhap merge`.
    pub lineage: PathBuf,
    /// In JSON / machine-readable JSON.
    #[arg(long)]
    pub json: bool,
    /// Số lỗi tệ nhất in ra mỗi loại / how many worst mistakes of each kind to list.
    #[arg(long, default_value_t = 10)]
    pub top: usize,
}

const MAX_REFS: usize = 12;

pub fn run(args: Args, g: Globals) -> Result<i32, CmdError> {
    let r = evaluate(&args.truth, &args.lineage, args.top, g.lang)?;
    if args.json {
        let text = serde_json::to_string_pretty(&r).map_err(|e| CmdError::Other(e.to_string()))?;
        say!("{text}");
        return Ok(0);
    }
    let l = |vi, en| g.lang.pick(vi, en);
    if !g.quiet {
        for (label, n) in [
            (
                l("hồ sơ trong truth", "truth records"),
                r.truth_records as u64,
            ),
            (l("dòng lineage", "lineage rows"), r.lineage_rows as u64),
            (l("khớp được", "joined"), r.joined as u64),
            (
                l("thiếu trong lineage", "missing from lineage"),
                r.missing_in_lineage as u64,
            ),
            (
                l("lineage ngoài truth", "lineage rows not in truth"),
                r.not_in_truth as u64,
            ),
            (l("bị loại (rejected)", "rejected"), r.rejected as u64),
            (l("người thật", "true persons"), r.true_persons as u64),
            (
                l("cụm dự đoán", "predicted clusters"),
                r.predicted_clusters as u64,
            ),
            (l("cặp đúng (truth)", "true pairs"), r.true_pairs),
            (l("cặp dự đoán", "predicted pairs"), r.predicted_pairs),
            (l("cặp dự đoán đúng", "correct pairs"), r.correct_pairs),
        ] {
            say!("{label:<28} {n:>10}");
        }
        print_mistakes(
            &r.false_merges,
            l(
                "Ghép nhầm (một cụm gồm nhiều người):",
                "False merges (one cluster, several persons):",
            ),
            l("người", "persons"),
            l("hồ sơ", "records"),
        );
        print_mistakes(
            &r.missed_links,
            l(
                "Bỏ sót (một người bị tách nhiều cụm):",
                "Missed links (one person, several clusters):",
            ),
            l("cụm", "clusters"),
            l("hồ sơ", "records"),
        );
    }
    say!("precision {:.4}", r.precision);
    say!("recall {:.4}", r.recall);
    say!("F1 {:.4}", r.f1);
    Ok(0)
}

fn print_mistakes(list: &[Mistake], title: &str, unit: &str, records: &str) {
    if list.is_empty() {
        return;
    }
    say!("\n{title}");
    for m in list {
        say!("  {} — {} {unit}, {} {records}", m.id, m.spread, m.records);
        for (r, other) in m.refs.iter().take(MAX_REFS) {
            say!("    {r}  → {other}");
        }
        if m.refs.len() > MAX_REFS {
            say!("    … +{}", m.refs.len() - MAX_REFS);
        }
    }
}
