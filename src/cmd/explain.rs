//! `sapnhap explain [PROJECT] REF_A REF_B`: the per-field evidence for one pair of
//! records as a waterfall — field, level, weight, running total, both values — and
//! the match probability, with the same model and term frequencies as `merge`;
//! then, when the project's `out/matches.csv` exists, what that run decided.

use super::{CmdError, Globals};
use crate::project::Project;
use crate::read::records::read_project;
use crate::record::Ref;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// PROJECT (mặc định ".") rồi hai mã hồ sơ / PROJECT (default ".") then two REFs,
    /// e.g. `HD:staff:NS-0045 HP:party:DV00012`.
    #[arg(num_args = 2..=3, value_names = ["PROJECT", "REF_A", "REF_B"])]
    pub args: Vec<String>,
}

pub fn run(args: Args, g: Globals) -> Result<i32, CmdError> {
    let lang = g.lang;
    let (project, a, b) = match args.args.as_slice() {
        [a, b] => (".".to_string(), a, b),
        [p, a, b] => (p.clone(), a, b),
        _ => return Err(CmdError::Usage("explain [PROJECT] REF_A REF_B".into())),
    };
    let parse = |s: &str| {
        Ref::parse(s).ok_or_else(|| {
            CmdError::Usage(format!(
                "{} \"{s}\": {}",
                lang.pick("mã hồ sơ không hợp lệ", "not a record reference"),
                lang.pick(
                    "dạng NGUỒN:staff|party:MÃ, ví dụ HD:staff:NS-0045",
                    "use SOURCE:staff|party:ID, e.g. HD:staff:NS-0045"
                )
            ))
        })
    };
    let (ra, rb) = (parse(a)?, parse(b)?);
    let project = Project::load(&PathBuf::from(project), lang)?;
    let inputs = read_project(&project, lang)?;
    let (mut records, _) = crate::pipeline::normalize_all(&project, &inputs);
    let trees = crate::pipeline::source_trees(&project, &inputs);
    crate::pipeline::set_workplaces(&trees, &inputs, &mut records);
    let find = |r: &Ref| {
        records
            .iter()
            .find(|x| &x.reference == r)
            .map(|x| x.idx)
            .ok_or_else(|| {
                CmdError::Other(format!("{} {r}", lang.pick("không có hồ sơ", "no record")))
            })
    };
    let (ia, ib) = (find(&ra)?, find(&rb)?);
    let mut explanation = crate::matching::explain(&records, ia, ib, &project.matching)
        .ok_or_else(|| {
            CmdError::Other(
                lang.pick("không giải thích được cặp này", "cannot explain this pair")
                    .into(),
            )
        })?;
    // A workplace is shown as the units written in the rosters.
    let unit = |idx: u32| {
        records
            .iter()
            .find(|x| x.idx == idx)
            .map_or(String::new(), |r| {
                trees.unit_label(r.source, crate::pipeline::unit_text(r, &inputs))
            })
    };
    for (e, _) in &mut explanation.steps {
        if e.field == "workplace" {
            e.left = unit(ia);
            e.right = unit(ib);
        }
    }
    // `merge` goes further: rival candidates share a record's odds and clustering
    // refuses joins across two CCCDs, so its verdict may differ; say so.
    say!(
        "{}",
        lang.pick(
            "Cặp này xét riêng: chưa so với các ứng viên khác của mỗi hồ sơ và chưa gom cụm; \
             quyết định của lần chạy `merge` nằm trong out/matches.csv.",
            "This pair on its own: before each record's rival candidates and before \
             clustering; the decision of a `merge` run is in out/matches.csv."
        )
    );
    super::write_stdout(format_args!("{}", explanation.render(lang)));
    let matches = project.dir.join("out").join("matches.csv");
    if let Some(run) = last_run(&matches, &ra, &rb) {
        say!("{}", run.render(lang));
    }
    Ok(0)
}

/// What the last `merge` into the project's `out/` decided for the pair.
enum LastRun {
    Scored {
        probability: String,
        decision: String,
    },
    /// `matches.csv` holds every pair from the review band up; this one is not.
    Absent,
}

impl LastRun {
    fn render(&self, lang: crate::i18n::Lang) -> String {
        match self {
            LastRun::Scored {
                probability,
                decision,
            } => format!(
                "{} (out/matches.csv): {} {probability}, {} {decision}",
                lang.pick("Lần chạy `merge` gần nhất", "Last `merge` run"),
                lang.pick("xác suất", "probability"),
                lang.pick("quyết định", "decision"),
            ),
            LastRun::Absent => lang
                .pick(
                    "Lần chạy `merge` gần nhất (out/matches.csv): cặp này không có trong tệp \
                     (dưới ngưỡng xem xét, hoặc chưa từng là cặp ứng viên)",
                    "Last `merge` run (out/matches.csv): the pair is not in it (below the \
                     review band, or never a candidate pair)",
                )
                .to_string(),
        }
    }
}

/// The pair's line of `matches.csv` (columns `left`, `right`, `probability`,
/// `decision`; either order), read as a stream: a province's file is large.
/// `None` when the file or its header cannot be read.
fn last_run(path: &std::path::Path, a: &Ref, b: &Ref) -> Option<LastRun> {
    let mut reader = csv::Reader::from_path(path).ok()?;
    let headers = reader.headers().ok()?.clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim_start_matches('\u{FEFF}') == name)
    };
    let (left, right) = (col("left")?, col("right")?);
    let (probability, decision) = (col("probability")?, col("decision")?);
    let (a, b) = (a.to_string(), b.to_string());
    // A row the reader cannot take is skipped, not the end of the search.
    for row in reader.records().flatten() {
        let (Some(l), Some(r)) = (row.get(left), row.get(right)) else {
            continue;
        };
        if (l == a && r == b) || (l == b && r == a) {
            return Some(LastRun::Scored {
                probability: row.get(probability).unwrap_or("").to_string(),
                decision: row.get(decision).unwrap_or("").to_string(),
            });
        }
    }
    Some(LastRun::Absent)
}
