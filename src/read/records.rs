//! Rows → raw records. Reads every file of a project through [`table`] and
//! [`headers`], repairs legacy text per cell, gives each roster row its record id,
//! and keeps every row it cannot use as a [`Rejected`] row with a reason.

use crate::conflict::{Conflict, ConflictKind, Severity};
use crate::error::{InputError, Location};
use crate::i18n::{Lang, Text};
use crate::project::FileSpec;
use crate::project::{Project, Role};
use crate::read::headers::{self, Column, Mapping};
use crate::read::legacy;
use crate::read::table::{self, BadRow, Format, Row, Table};
use crate::record::{Field, Origin, RawRecord, Ref, Roster};
use rayon::prelude::*;
use smol_str::SmolStr;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;

/// One input file as read.
#[derive(Debug, Clone)]
pub struct InputFile {
    pub path: PathBuf,
    pub role: Role,
    /// Index into the project's sources; `None` for the plan.
    pub source: Option<usize>,
    pub format: Format,
    pub headers: Vec<String>,
    pub mapping: Mapping,
    /// Data rows read, rejected ones included.
    pub rows: u64,
    pub rejected: u64,
    pub blank_rows: u64,
    pub sha256: String,
}

impl InputFile {
    /// Headers of the kept (unmapped) columns, in file order.
    pub fn kept_headers(&self) -> Vec<String> {
        self.mapping
            .kept
            .iter()
            .filter_map(|&i| self.headers.get(i).cloned())
            .collect()
    }
}

/// A row that could not be used. It still appears in `lineage.csv`.
#[derive(Debug, Clone)]
pub struct Rejected {
    pub file: usize,
    pub source: Option<usize>,
    pub roster: Option<Roster>,
    pub line: u64,
    pub record_id: String,
    pub reason: Text,
}

/// A row of a units or plan file, by column.
#[derive(Debug, Clone)]
pub struct ColumnRow {
    pub file: usize,
    pub source: Option<usize>,
    pub line: u64,
    pub values: BTreeMap<Column, String>,
    /// The unmapped cells, in the order of the file's kept headers.
    pub kept: Vec<String>,
}

impl ColumnRow {
    pub fn get(&self, c: Column) -> &str {
        self.values.get(&c).map_or("", String::as_str)
    }
}

/// Everything read from a project's files.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    pub files: Vec<InputFile>,
    pub records: Vec<RawRecord>,
    pub rejected: Vec<Rejected>,
    pub units: Vec<ColumnRow>,
    pub plan: Vec<ColumnRow>,
    /// Problems found while reading (repairs, duplicate ids, rejected rows).
    pub conflicts: Vec<Conflict>,
}

/// Read every file of the project. Files are read and parsed in parallel, then put
/// together in project order: the result is the same as reading them one by one, and
/// the first file (in that order) that cannot be read is the error returned.
pub fn read_project(project: &Project, lang: Lang) -> Result<Inputs, InputError> {
    let files = project.files();
    // Largest first, each file taken by whichever thread is free: the largest
    // file started last would keep one core busy alone at the end.
    let mut order: Vec<usize> = (0..files.len()).collect();
    let size = |i: usize| {
        files
            .get(i)
            .and_then(|(_, spec)| std::fs::metadata(&spec.path).ok())
            .map_or(0, |m| m.len())
    };
    // Each size read once, not at every comparison.
    order.sort_by_cached_key(|&i| (std::cmp::Reverse(size(i)), i));
    let slots: Vec<Mutex<Option<Result<Inputs, InputError>>>> =
        files.iter().map(|_| Mutex::new(None)).collect();
    rayon::scope_fifo(|s| {
        for &file in &order {
            let (Some((source, spec)), Some(slot)) = (files.get(file), slots.get(file)) else {
                continue;
            };
            s.spawn_fifo(move |_| {
                let part = read_file(project, file, *source, spec, lang);
                if let Ok(mut slot) = slot.lock() {
                    *slot = Some(part);
                }
            });
        }
    });
    // In project order: the first file that cannot be read is the error returned.
    let parts: Vec<Result<Inputs, InputError>> = slots
        .into_iter()
        .filter_map(|s| s.into_inner().unwrap_or_else(|e| e.into_inner()))
        .collect();
    let mut inputs = Inputs::default();
    // Sized up front: growing by doubling would copy every row and, at the moment
    // of each copy, hold it twice.
    let rows = parts
        .iter()
        .map(|p| p.as_ref().map_or(0, |p| p.records.len()))
        .sum();
    inputs.records.reserve_exact(rows);
    for part in parts {
        let part = part?;
        inputs.files.extend(part.files);
        // Moved by both threads: a province's rows are tens of megabytes.
        inputs.records.par_extend(part.records);
        inputs.rejected.extend(part.rejected);
        inputs.units.extend(part.units);
        inputs.plan.extend(part.plan);
        inputs.conflicts.extend(part.conflicts);
    }
    Ok(inputs)
}

/// One file of the project, as the `file`-th: its own [`Inputs`] with one entry in
/// `files`.
fn read_file(
    project: &Project,
    file: usize,
    source: Option<usize>,
    spec: &FileSpec,
    lang: Lang,
) -> Result<Inputs, InputError> {
    let mut inputs = Inputs::default();
    let table = table::read(spec, lang)?;
    if table.headers.is_empty() {
        return Err(InputError::new(
            Location::file(&spec.path),
            lang.pick(
                "tệp trống: không có dòng tiêu đề",
                "empty file: no header row",
            ),
        ));
    }
    let mapping = headers::map(spec.role, &table.headers, &spec.columns, &spec.path, lang)?;
    require_columns(spec.role, &table.headers, &mapping, &spec.path, lang)?;
    let source_key = source
        .and_then(|s| project.sources.get(s))
        .map_or("", |s| s.key.as_str());
    let Table {
        format,
        headers,
        rows,
        bad,
        blank_rows,
        sha256,
    } = table;
    match spec.role {
        Role::Staff | Role::Party => {
            let roster = if spec.role == Role::Staff {
                Roster::Staff
            } else {
                Roster::Party
            };
            roster_rows(
                &mut inputs,
                (&headers, rows, &bad),
                &mapping,
                file,
                source.unwrap_or(0),
                source_key,
                roster,
            );
        }
        Role::Units | Role::Plan => {
            column_rows(
                &mut inputs,
                (&headers, rows, &bad),
                &mapping,
                (file, source, source_key),
                spec.role,
            );
        }
    }
    let rejected = inputs.rejected.len() as u64;
    inputs.files.push(InputFile {
        path: spec.path.clone(),
        role: spec.role,
        source,
        rows: rejected
            + match spec.role {
                Role::Staff | Role::Party => inputs.records.len() as u64,
                Role::Units => inputs.units.len() as u64,
                Role::Plan => inputs.plan.len() as u64,
            },
        rejected,
        blank_rows,
        format,
        headers,
        mapping,
        sha256,
    });
    Ok(inputs)
}

/// A table taken apart: headers, data rows (consumed) and the rows set aside.
type Parts<'a> = (&'a [String], Vec<Row>, &'a [BadRow]);

/// A roster needs a name; a units file a code or a name; a plan the old and new unit.
fn require_columns(
    role: Role,
    headers: &[String],
    mapping: &Mapping,
    path: &std::path::Path,
    lang: Lang,
) -> Result<(), InputError> {
    let has = |c: Column| mapping.index_of(c).is_some();
    let missing = match role {
        Role::Staff | Role::Party => {
            let name = has(Column::Roster(Field::FullName))
                || (has(Column::Roster(Field::FamilyName))
                    && has(Column::Roster(Field::GivenName)));
            (!name).then(|| {
                lang.pick(
                    "cột họ tên (Họ và tên, hoặc Họ + Tên)",
                    "name column (Họ và tên, or Họ + Tên)",
                )
            })
        }
        Role::Units => (!has(Column::UnitCode) && !has(Column::UnitName))
            .then(|| lang.pick("cột mã hoặc tên đơn vị", "unit code or name column")),
        Role::Plan => (!has(Column::PlanUnit) || !has(Column::PlanNewUnit)).then(|| {
            lang.pick(
                "cột Mã đơn vị cũ và Mã đơn vị mới",
                "old and new unit code columns (Mã đơn vị cũ, Mã đơn vị mới)",
            )
        }),
    };
    match missing {
        None => Ok(()),
        Some(what) => Err(InputError::new(
            Location::at(path, 1, None),
            format!(
                "{} {what}; {}: {}. {}",
                lang.pick("không tìm thấy", "found no"),
                lang.pick("các cột có", "the columns are"),
                headers.join(", "),
                lang.pick(
                    "Đổi tên cột hoặc khai báo `columns = { \"TÊN CỘT\" = \"full_name\" }` trong merge.toml",
                    "Rename the column or declare `columns = { \"HEADER\" = \"full_name\" }` in merge.toml"
                )
            ),
        )),
    }
}

/// Repair a cell typed in a legacy font; note the repair.
fn repaired<'c>(
    cell: &'c str,
    header: &str,
    repairs: &mut Vec<(String, String, String)>,
) -> Cow<'c, str> {
    match legacy::repair_cell(cell) {
        Some((fixed, _form)) => {
            repairs.push((header.to_string(), cell.to_string(), fixed.clone()));
            Cow::Owned(fixed)
        }
        None => Cow::Borrowed(cell),
    }
}

fn roster_rows(
    inputs: &mut Inputs,
    (headers, rows, bad_rows): Parts,
    mapping: &Mapping,
    file: usize,
    source: usize,
    source_key: &str,
    roster: Roster,
) {
    let id_col = mapping.index_of(Column::Roster(Field::RecordId));
    let stt_col = mapping.index_of(Column::Roster(Field::RowNumber));
    let mut seen: foldhash::HashMap<String, u64> = foldhash::HashMap::default();
    // Kept columns as a lookup table: `kept.contains` per cell was quadratic on
    // wide files (10,000 columns).
    let mut is_kept = vec![false; mapping.columns.len()];
    for &i in &mapping.kept {
        if let Some(k) = is_kept.get_mut(i) {
            *k = true;
        }
    }
    // Rows become records independently: in parallel, in file order.
    let layout = RowLayout {
        headers,
        mapping,
        is_kept: &is_kept,
        id_col,
        stt_col,
        origin: (file, source, roster),
    };
    let mut out: Vec<(u64, Outcome)> = rows
        .into_par_iter()
        .with_max_len(1024)
        .map(|row| row_record(row, &layout))
        .collect();
    // File order, so duplicate ids are decided by position. The rows came in
    // file order: only rows set aside need sorting in (a province's rows are
    // tens of megabytes, and each move of them is paid in page faults too).
    if !bad_rows.is_empty() {
        out.extend(
            bad_rows
                .iter()
                .map(|bad| (bad.line, Err((format!("L{}", bad.line), bad.reason.text())))),
        );
        out.sort_by_key(|(line, _)| *line);
    }
    inputs.records.reserve_exact(out.len());
    for (line, item) in out {
        match item {
            Ok(mut rec) => {
                if let Some(first) = seen.get(&rec.record_id) {
                    let original = rec.record_id.clone();
                    rec.record_id = format!("{original}~L{line}");
                    let r = Ref {
                        source: SmolStr::new(source_key),
                        roster,
                        record_id: SmolStr::new(&rec.record_id),
                    };
                    inputs.conflicts.push(
                        Conflict::new(ConflictKind::InvalidValue, Severity::Warning, vec![r.to_string()])
                            .field("record_id")
                            .values(vec![original.clone()])
                            .detail(
                                format!("mã hồ sơ \"{original}\" trùng với dòng {first}; dòng {line} được đặt mã {}", rec.record_id),
                                format!("record id \"{original}\" repeats line {first}; line {line} was given id {}", rec.record_id),
                            )
                            .suggestion("sửa mã trong tệp nguồn", "fix the id in the source file"),
                    );
                } else {
                    seen.insert(rec.record_id.clone(), line);
                }
                for (header, from, to) in &rec.repairs {
                    let r = Ref {
                        source: SmolStr::new(source_key),
                        roster,
                        record_id: SmolStr::new(&rec.record_id),
                    };
                    inputs.conflicts.push(
                        Conflict::new(
                            ConflictKind::LegacyTextRepaired,
                            Severity::Info,
                            vec![r.to_string()],
                        )
                        .field(header.clone())
                        .values(vec![from.clone(), to.clone()])
                        .detail(
                            format!("ô gõ bằng phông cũ đã được chuyển: \"{from}\" → \"{to}\""),
                            format!("legacy-font text repaired: \"{from}\" → \"{to}\""),
                        )
                        .suggestion(
                            "kiểm tra lại; dùng `set` nếu sai",
                            "check it; use `set` if wrong",
                        ),
                    );
                }
                inputs.records.push(rec);
            }
            Err((record_id, reason)) => {
                let r = Ref {
                    source: SmolStr::new(source_key),
                    roster,
                    record_id: SmolStr::new(&record_id),
                };
                inputs.conflicts.push(
                    Conflict::new(
                        ConflictKind::RejectedRow,
                        Severity::Error,
                        vec![r.to_string()],
                    )
                    .values(vec![format!("{line}")])
                    .detail(
                        format!("dòng {line} bị loại: {}", reason.vi),
                        format!("line {line} rejected: {}", reason.en),
                    )
                    .suggestion(
                        "sửa dòng trong tệp nguồn rồi chạy lại",
                        "fix the row in the source file and run again",
                    ),
                );
                inputs.rejected.push(Rejected {
                    file,
                    source: Some(source),
                    roster: Some(roster),
                    line,
                    record_id,
                    reason,
                });
            }
        }
    }
}

/// A roster row's line and the record made of it, or its id and why it was rejected.
type Outcome = Result<RawRecord, (String, Text)>;

/// What turning one row of a roster file into a record needs.
struct RowLayout<'a> {
    headers: &'a [String],
    mapping: &'a Mapping,
    /// Per column: kept verbatim (maps to no field but is carried to the outputs).
    is_kept: &'a [bool],
    id_col: Option<usize>,
    stt_col: Option<usize>,
    /// (file, source, roster)
    origin: (usize, usize, Roster),
}

fn row_record(row: Row, layout: &RowLayout) -> (u64, Outcome) {
    let RowLayout {
        headers,
        mapping,
        is_kept,
        id_col,
        stt_col,
        origin: (file, source, roster),
    } = *layout;
    let cell = |i: Option<usize>| i.and_then(|i| row.cell(i)).map_or("", str::trim);
    let record_id = match (cell(id_col), cell(stt_col)) {
        (id, _) if !id.is_empty() => id.to_string(),
        (_, stt) if !stt.is_empty() => stt.to_string(),
        _ if id_col.is_none() && stt_col.is_none() => row.line.to_string(),
        _ => format!("L{}", row.line),
    };
    let mut values: [Option<Cow<str>>; Field::ALL.len()] = Default::default();
    let mut kept = Vec::with_capacity(mapping.kept.len());
    let mut repairs = Vec::new();
    let line = row.line;
    let mut cells = row.cells();
    for (i, col) in mapping.columns.iter().enumerate() {
        let raw = cells.next().unwrap_or_default();
        let header = headers.get(i).map_or("", String::as_str);
        match col {
            Some(Column::Roster(f)) if !raw.is_empty() => {
                values[f.index()] = Some(repaired(raw, header, &mut repairs));
            }
            Some(_) => {}
            None if is_kept.get(i).copied().unwrap_or(false) => {
                kept.push(repaired(raw, header, &mut repairs).into_owned())
            }
            None => {}
        }
    }
    // "Họ (và đệm)" + "Tên" become the full name.
    if values[Field::FullName.index()].is_none() {
        let fam = values[Field::FamilyName.index()].as_deref().unwrap_or("");
        let giv = values[Field::GivenName.index()].as_deref().unwrap_or("");
        let full = format!("{fam} {giv}").trim().to_string();
        if !full.is_empty() {
            values[Field::FullName.index()] = Some(Cow::Owned(full));
        }
    }
    let has_name = values[Field::FullName.index()]
        .as_deref()
        .is_some_and(|n| n.chars().any(char::is_alphabetic));
    if !has_name {
        return (
            line,
            Err((record_id, Text::new("không có họ tên", "no name"))),
        );
    }
    (
        line,
        Ok(RawRecord::new(
            Origin {
                source,
                roster,
                file,
                line,
            },
            record_id,
            values,
            kept,
            repairs,
        )),
    )
}

fn column_rows(
    inputs: &mut Inputs,
    (headers, rows, bad_rows): Parts,
    mapping: &Mapping,
    (file, source, source_key): (usize, Option<usize>, &str),
    role: Role,
) {
    for bad in bad_rows {
        // Rejected, not dropped: a reviewer sees it among the conflicts too.
        let reason = bad.reason.text();
        let subject = match role {
            Role::Plan => format!("plan:L{}", bad.line),
            _ => format!("{source_key}:unit:L{}", bad.line),
        };
        let (file_vi, file_en) = match role {
            Role::Plan => ("phương án", "the plan"),
            _ => ("danh sách đơn vị", "the units file"),
        };
        inputs.conflicts.push(
            Conflict::new(ConflictKind::RejectedRow, Severity::Error, vec![subject])
                .values(vec![format!("{}", bad.line)])
                .detail(
                    format!("dòng {} của {file_vi} bị loại: {}", bad.line, reason.vi),
                    format!("line {} of {file_en} rejected: {}", bad.line, reason.en),
                )
                .suggestion(
                    "sửa dòng trong tệp nguồn rồi chạy lại",
                    "fix the row in the source file and run again",
                ),
        );
        inputs.rejected.push(Rejected {
            file,
            source,
            roster: None,
            line: bad.line,
            record_id: format!("L{}", bad.line),
            reason: bad.reason.text(),
        });
    }
    for row in rows {
        let mut values = BTreeMap::new();
        let mut repairs = Vec::new();
        for ((i, col), v) in mapping.columns.iter().enumerate().zip(row.cells()) {
            if let Some(c) = col
                && !v.is_empty()
            {
                let header = headers.get(i).map_or("", String::as_str);
                values.insert(*c, repaired(v, header, &mut repairs).into_owned());
            }
        }
        let kept = mapping
            .kept
            .iter()
            .map(|&i| {
                let header = headers.get(i).map_or("", String::as_str);
                let v = row.cell(i).unwrap_or("").trim();
                repaired(v, header, &mut repairs).into_owned()
            })
            .collect();
        let row = ColumnRow {
            file,
            source,
            line: row.line,
            values,
            kept,
        };
        match role {
            Role::Units => inputs.units.push(row),
            _ => inputs.plan.push(row),
        }
    }
}
