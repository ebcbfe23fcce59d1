//! Writes a [`Run`] into the output folder: every table, the org graph, the report
//! and `run.json`, staged in a temporary sibling and swapped in at the end.

use super::folder::Staging;
use super::write::{self, LineageRow, MatchRow, Style};
use crate::merge::persons::{Person, Row};
use crate::pipeline::Run;
use crate::project::Role;
use crate::read::headers::Column as HeaderColumn;
use crate::record::{Record, Roster};
use foldhash::HashMap;
use serde_json::json;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

/// Totals that must reconcile: read = kept + merged + rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub read: usize,
    pub kept: usize,
    pub merged: usize,
    pub rejected: usize,
    pub persons: usize,
}

/// Write everything; the previous folder is replaced only if all succeeded.
pub fn emit(run: &Run, out: &Path, style: Style) -> io::Result<Counts> {
    let staging = Staging::new(out)?;
    let dir = staging.path();
    let counts = counts(run);
    // The units table is needed by units.csv and review.xlsx only: made by
    // whichever of their jobs comes first, while the other thread writes.
    let units = OnceLock::new();
    let units = || units.get_or_init(|| unit_lines(run));
    // The files are independent: write them in parallel. Any error fails the whole
    // emit, and the staging folder is then dropped unswapped.
    let roster = |roster: Roster| {
        let kept = match roster {
            Roster::Staff => &run.kept_headers.0,
            Roster::Party => &run.kept_headers.1,
        };
        write::human_csv(
            dir,
            write::roster_file(roster),
            write::roster_table(roster, &run.persons, run.row_text(), kept, style),
        )
    };
    type Job<'a> = Box<dyn Fn() -> io::Result<()> + Send + Sync + 'a>;
    // Longest first (the report, then the rosters): a long job started last
    // would leave one core idle at the end.
    let jobs: Vec<Job> = vec![
        Box::new(|| {
            let by_ref = crate::record::RefIndex::new(&run.records);
            let subjects = super::report::Subjects::new(run, &by_ref);
            let data = super::report::report_data(run, &counts, style, &subjects);
            let shown = subjects.shown(run);
            let record = |x| super::report::shown_record(run, &shown, x);
            let conflict = |i| super::report::details(run, &subjects, &shown, i);
            let details = super::html::Details {
                records: shown.len(),
                record: &record,
                conflict: &conflict,
            };
            write::with_file(dir, "report.html", |w| {
                super::html::write_with(&data, Some(&details), w)
            })
        }),
        Box::new(|| roster(Roster::Party)),
        Box::new(|| {
            if style.xlsx {
                let (lines, kept) = units();
                review_xlsx(run, (lines, kept), style, &dir.join("review.xlsx"))?;
            }
            Ok(())
        }),
        Box::new(|| roster(Roster::Staff)),
        Box::new(|| write::matches(dir, match_rows(run))),
        Box::new(|| write::lineage(dir, lineage_rows(run))),
        Box::new(|| {
            write::human_csv(
                dir,
                "conflicts.csv",
                write::conflicts_table(&run.conflicts, style),
            )
        }),
        Box::new(|| {
            let (lines, kept) = units();
            write::human_csv(dir, "units.csv", write::units_table(lines, kept, style))
        }),
        Box::new(|| write::text(dir, "org.dot", &run.org.to_dot())),
        Box::new(|| write::text(dir, "run.json", &run_json(run, &counts))),
    ];
    // Started in list order by whichever thread is free; the first error in list
    // order wins.
    let results: Vec<Mutex<io::Result<()>>> = jobs.iter().map(|_| Mutex::new(Ok(()))).collect();
    rayon::scope_fifo(|s| {
        for (job, slot) in jobs.iter().zip(&results) {
            s.spawn_fifo(move |_| {
                let r = job();
                if let Ok(mut slot) = slot.lock() {
                    *slot = r;
                }
            });
        }
    });
    for r in results {
        r.into_inner().unwrap_or(Ok(()))?;
    }
    drop(jobs);
    // Test hook: fail after writing started, to show the previous outputs survive.
    if std::env::var_os("SAPNHAP_FAILPOINT").is_some_and(|v| v == "emit") {
        return Err(io::Error::other("failpoint SAPNHAP_FAILPOINT=emit"));
    }
    staging.commit()?;
    Ok(counts)
}

/// `review.xlsx`: Conflicts first (the sheet decisions are read from), then the rosters
/// and the units.
fn review_xlsx(
    run: &Run,
    (units, unit_kept): (&[crate::org::UnitLine], &[String]),
    style: Style,
    path: &Path,
) -> io::Result<()> {
    use super::xlsx::{Review, Sheet};
    let mut book = Review::new();
    let (head, rows) = write::conflicts_table(&run.conflicts, style);
    let action_col = crate::output::columns::CONFLICTS
        .iter()
        .position(|(en, _)| *en == "action")
        .map(|i| i as u16);
    let lang = style.lang;
    book.add(Sheet {
        name: lang.pick("Xung đột", "Conflicts"),
        head,
        rows,
        action_col,
    })
    .map_err(io::Error::other)?;
    for (roster, name) in [
        (Roster::Staff, lang.pick("Cán bộ", "Staff")),
        (Roster::Party, lang.pick("Đảng viên", "Party members")),
    ] {
        let kept = match roster {
            Roster::Staff => &run.kept_headers.0,
            Roster::Party => &run.kept_headers.1,
        };
        let (head, rows) = write::roster_table(roster, &run.persons, run.row_text(), kept, style);
        book.add(Sheet {
            name,
            head,
            rows,
            action_col: None,
        })
        .map_err(io::Error::other)?;
    }
    let (head, rows) = write::units_table(units, unit_kept, style);
    book.add(Sheet {
        name: lang.pick("Đơn vị", "Units"),
        head,
        rows,
        action_col: None,
    })
    .map_err(io::Error::other)?;
    book.save(path).map_err(io::Error::other)
}

/// The new tree with each person counted once, in the unit their consolidated row
/// shows (a transferred person with records in two departments counts where
/// survivorship placed them). With the headers of the units' kept columns.
pub fn unit_lines(run: &Run) -> (Vec<crate::org::UnitLine>, Vec<String>) {
    use crate::merge::cells::{Cell, Column};
    // A few hundred codes among a province's persons: hashed, not ordered.
    let mut staff: HashMap<&str, usize> = HashMap::default();
    let mut members: HashMap<&str, usize> = HashMap::default();
    for p in &run.persons {
        for (row, col, map) in [
            (&p.staff, Column::UnitCode, &mut staff),
            (&p.party, Column::CellCode, &mut members),
        ] {
            if let Some(Cell::Text(code)) = row.as_ref().and_then(|r| r.values.at(col)) {
                *map.entry(code).or_default() += 1;
            }
        }
    }
    let mut lines = run.org.units_table(&run.placement);
    for l in &mut lines {
        l.staff_count = staff.get(l.unit_code.as_str()).copied().unwrap_or(0);
        l.member_count = members.get(l.unit_code.as_str()).copied().unwrap_or(0);
    }
    let kept = fill_unit_kept(run, &mut lines);
    (lines, kept)
}

/// Every unmapped column reaches the output (SPEC §8): a new unit shows the
/// values of the plan rows that define it, then of its old units, the target's
/// first; the first value found for a column wins. Returns the columns'
/// headers.
fn fill_unit_kept(run: &Run, lines: &mut [crate::org::UnitLine]) -> Vec<String> {
    let (headers, slots) =
        crate::pipeline::kept_columns(&run.inputs, |r| matches!(r, Role::Units | Role::Plan));
    if headers.is_empty() {
        return headers;
    }
    let key = |s: Option<usize>| {
        s.and_then(|s| run.project.sources.get(s))
            .map_or("", |s| s.key.as_str())
    };
    let mut old: BTreeMap<(&str, &str), &crate::read::records::ColumnRow> = BTreeMap::new();
    for r in &run.inputs.units {
        old.entry((key(r.source), r.get(HeaderColumn::UnitCode)))
            .or_insert(r);
    }
    let mut plan: BTreeMap<&str, Vec<&crate::read::records::ColumnRow>> = BTreeMap::new();
    for r in &run.inputs.plan {
        plan.entry(r.get(HeaderColumn::PlanNewUnit).trim())
            .or_default()
            .push(r);
    }
    let target = run
        .project
        .sources
        .get(run.project.target)
        .map_or("", |s| s.key.as_str());
    for l in lines {
        let mut olds: Vec<(&str, &str)> = l
            .merged_from
            .split('|')
            .filter_map(|r| r.split_once(':'))
            .collect();
        olds.sort_by_key(|(s, _)| *s != target);
        let rows = plan
            .get(l.unit_code.as_str())
            .into_iter()
            .flatten()
            .copied()
            .chain(olds.iter().filter_map(|k| old.get(k).copied()));
        let mut kept = vec![String::new(); headers.len()];
        for r in rows {
            let Some(slots) = slots.get(r.file) else {
                continue;
            };
            for (v, &slot) in r.kept.iter().zip(slots) {
                if let Some(cell) = kept.get_mut(slot)
                    && cell.is_empty()
                {
                    cell.clone_from(v);
                }
            }
        }
        l.kept = kept;
    }
    headers
}

/// A record's person, the roster row it went into and whether it is the row's kept
/// record: what `lineage.csv` says of it, and what the counts add up.
fn placed<'a>(run: &'a Run, rec: &Record) -> (Option<&'a Person>, Option<&'a Row>, bool) {
    let person = run
        .person_of
        .get(rec.idx as usize)
        .and_then(|&p| run.persons.get(p as usize));
    let row = person.and_then(|p| match rec.roster {
        Roster::Staff => p.staff.as_ref(),
        Roster::Party => p.party.as_ref(),
    });
    let kept = row.is_some_and(|r| r.kept_record == rec.idx);
    (person, row, kept)
}

fn counts(run: &Run) -> Counts {
    let records = run
        .records
        .iter()
        .filter(|r| run.inputs.records.get(r.idx as usize).is_some());
    let kept = records.clone().filter(|r| placed(run, r).2).count();
    let read = records.count();
    let rejected = run.inputs.rejected.len();
    Counts {
        read: read + rejected,
        kept,
        merged: read - kept,
        rejected,
        persons: run.persons.len(),
    }
}

/// Where a lineage row comes from: a record (by position) or a rejected row.
#[derive(Clone, Copy)]
enum LineageItem {
    Record(u32),
    Rejected(u32),
}

/// One row per input data row, in file and line order, made while written: only
/// the order is kept (a province has millions of rows). Rows borrow from the run.
pub fn lineage_rows(run: &Run) -> impl Iterator<Item = LineageRow<'_>> + '_ {
    let files: Vec<Arc<str>> = run
        .inputs
        .files
        .iter()
        .map(|x| Arc::from(crate::cmd::check::shown(&run.project, &x.path)))
        .collect();
    let mut order: Vec<(usize, u64, LineageItem)> =
        Vec::with_capacity(run.records.len() + run.inputs.rejected.len());
    for (pos, rec) in run.records.iter().enumerate() {
        if let Some(raw) = run.inputs.records.get(rec.idx as usize) {
            order.push((
                raw.origin.file,
                raw.origin.line,
                LineageItem::Record(pos as u32),
            ));
        }
    }
    for (i, r) in run.inputs.rejected.iter().enumerate() {
        order.push((r.file, r.line, LineageItem::Rejected(i as u32)));
    }
    // Stable: a record and a rejected row on one line keep that order.
    order.sort_by_key(|&(file, line, _)| (file, line));
    order
        .into_iter()
        .filter_map(move |(_, _, item)| lineage_row(run, &files, item))
}

fn lineage_row<'a>(run: &'a Run, files: &[Arc<str>], item: LineageItem) -> Option<LineageRow<'a>> {
    let file_name = |f: usize| files.get(f).cloned().unwrap_or_else(|| Arc::from(""));
    let key = |s: usize| run.project.sources.get(s).map_or("", |s| s.key.as_str());
    match item {
        LineageItem::Record(pos) => {
            let rec = run.records.get(pos as usize)?;
            let raw = run.inputs.records.get(rec.idx as usize)?;
            let (person, row, kept) = placed(run, rec);
            let reason = match (kept, row) {
                (false, Some(r)) => run
                    .records
                    .get(r.kept_record as usize)
                    .map_or(Cow::Borrowed(""), |k| {
                        Cow::Owned(format!("same person as {}", k.reference))
                    }),
                _ => Cow::Borrowed(""),
            };
            Some(LineageRow {
                source: key(raw.origin.source),
                roster: raw.origin.roster.as_str(),
                file: file_name(raw.origin.file),
                line: raw.origin.line,
                record_id: &raw.record_id,
                person_id: person.map_or("", |p| p.id.as_str()),
                outcome: if kept { "kept" } else { "merged" },
                reason,
            })
        }
        LineageItem::Rejected(i) => {
            let r = run.inputs.rejected.get(i as usize)?;
            // Rows of units and plan files are rejected too: their "roster" is the role.
            let roster = match r.roster {
                Some(roster) => roster.as_str(),
                None => run.inputs.files.get(r.file).map_or("", |f| f.role.as_str()),
            };
            Some(LineageRow {
                source: r.source.map_or("", key),
                roster,
                file: file_name(r.file),
                line: r.line,
                record_id: &r.record_id,
                person_id: "",
                outcome: "rejected",
                reason: Cow::Borrowed(r.reason.en.as_str()),
            })
        }
    }
}

fn match_rows(run: &Run) -> impl Iterator<Item = MatchRow<'_>> + '_ {
    run.linkage.pairs.iter().filter_map(move |p| {
        Some(MatchRow {
            left: &run.records.get(p.a as usize)?.reference,
            right: &run.records.get(p.b as usize)?.reference,
            probability: p.probability,
            match_weight: p.weight,
            decision: p.decision.as_str(),
            evidence: &p.evidence,
        })
    })
}

fn run_json(run: &Run, counts: &Counts) -> String {
    let files: Vec<_> = run
        .inputs
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let merged = run
                .inputs
                .records
                .iter()
                .filter(|r| r.origin.file == i)
                .count();
            json!({
                "path": crate::cmd::check::shown(&run.project, &f.path),
                "role": f.role.as_str(),
                "source": f.source.and_then(|s| run.project.sources.get(s)).map(|s| s.key.clone()),
                "format": f.format.describe(),
                "sha256": f.sha256,
                "rows": f.rows,
                "records": merged,
                "rejected": f.rejected,
                "blank_rows": f.blank_rows,
            })
        })
        .collect();
    // The project file and the decisions files are inputs too (SPEC §6).
    let others = std::iter::once(("project", &run.project.file, &run.project.sha256))
        .chain(
            run.decision_files
                .iter()
                .map(|(p, sha256)| ("decisions", p, sha256)),
        )
        .map(|(role, path, sha256)| {
            json!({
                "path": crate::cmd::check::shown(&run.project, path),
                "role": role,
                "sha256": sha256,
            })
        });
    let files: Vec<_> = files.into_iter().chain(others).collect();
    let mut by_kind: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    for c in &run.conflicts {
        *by_kind
            .entry(c.kind.as_str())
            .or_default()
            .entry(c.severity.as_str())
            .or_default() += 1;
    }
    let timings: BTreeMap<&str, f64> = run
        .timings
        .iter()
        .map(|(k, v)| (*k, (v * 1000.0).round() / 1000.0))
        .collect();
    let v = json!({
        "tool": "sapnhap",
        "version": env!("CARGO_PKG_VERSION"),
        "project": run.project.name,
        "files": files,
        "counts": {
            "read": counts.read,
            "kept": counts.kept,
            "merged": counts.merged,
            "rejected": counts.rejected,
            "persons": counts.persons,
            "staff_rows": run.persons.iter().filter(|p| p.staff.is_some()).count(),
            "party_rows": run.persons.iter().filter(|p| p.party.is_some()).count(),
        },
        "matching": serde_json::to_value(&run.linkage.stats).unwrap_or_default(),
        "conflicts": by_kind,
        "conflict_total": run.conflicts.len(),
        "timings_seconds": timings,
        "peak_memory_mib": run.memory.iter().copied().collect::<BTreeMap<&str, u64>>(),
    });
    serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
}
