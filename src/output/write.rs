//! Writers of the tables in `--out`. Human-facing files follow the run's language;
//! `lineage.csv`, `matches.csv` and `run.json` are machine files with English headers.

use super::columns::{self, format, headers, mask_ids};
use super::csv::Writer;
use crate::conflict::Conflict;
use crate::i18n::Lang;
use crate::matching::{Evidence, push_fixed, render_evidence_into};
use crate::merge::cells::Column;
use crate::merge::persons::{Person, Row, RowText};
use crate::org::UnitLine;
use crate::record::{Ref, Roster};
use std::borrow::Cow;
use std::fs::File;
use std::io::{self, BufWriter};
use std::path::Path;
use std::sync::Arc;

/// How human-facing files are written.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub lang: Lang,
    pub mask_ids: bool,
    /// Also write `review.xlsx`.
    pub xlsx: bool,
}

fn create(dir: &Path, name: &str) -> io::Result<BufWriter<File>> {
    Ok(BufWriter::with_capacity(
        1 << 16,
        File::create(dir.join(name))?,
    ))
}

/// Header and rows of `staff.csv` or `party_members.csv`: one row per person with a
/// record in the roster. Rows are produced lazily so large runs stream.
pub fn roster_table<'a>(
    roster: Roster,
    persons: &'a [Person],
    text: RowText<'a>,
    kept_headers: &[String],
    style: Style,
) -> (Vec<String>, impl Iterator<Item = Vec<Cow<'a, str>>> + 'a) {
    let cols = match roster {
        Roster::Staff => columns::STAFF,
        Roster::Party => columns::PARTY,
    };
    let mut head: Vec<String> = headers(cols, style.lang)
        .into_iter()
        .map(String::from)
        .collect();
    head.extend(kept_headers.iter().cloned());
    head.push(
        style
            .lang
            .pick(columns::SOURCES.1, columns::SOURCES.0)
            .to_string(),
    );
    let width = head.len();
    // What each output column shows, decided once for all rows.
    let plan: Vec<Shown> = cols
        .iter()
        .map(|(en, _)| match *en {
            "person_id" => Shown::PersonId,
            en => Column::of(en).map_or(Shown::Nothing, Shown::Value),
        })
        .collect();
    let rows = persons.iter().filter_map(move |p| {
        let row: &Row = match roster {
            Roster::Staff => p.staff.as_ref(),
            Roster::Party => p.party.as_ref(),
        }?;
        let values = row.values.unpack();
        let mut cells: Vec<Cow<'a, str>> = Vec::with_capacity(width);
        cells.extend(plan.iter().map(|shown| {
            match *shown {
                Shown::PersonId => Cow::Borrowed(p.id.as_str()),
                Shown::Value(c) => values
                    .get(c as usize)
                    .copied()
                    .flatten()
                    .map_or(Cow::Borrowed(""), |v| format(v, style.lang)),
                Shown::Nothing => Cow::Borrowed(""),
            }
        }));
        cells.extend(text.kept(roster, p, row).into_iter().map(Cow::Borrowed));
        cells.push(text.sources(roster, p).into());
        Some(cells)
    });
    (head, rows)
}

/// What one roster column shows.
#[derive(Clone, Copy)]
enum Shown {
    PersonId,
    Value(Column),
    /// A column rows hold no value for.
    Nothing,
}

/// File name of a roster's output.
pub fn roster_file(roster: Roster) -> &'static str {
    match roster {
        Roster::Staff => "staff.csv",
        Roster::Party => "party_members.csv",
    }
}

/// Header and rows of `conflicts.csv`, with empty `action`/`value`/`note` for the
/// reviewer; IDs masked when asked.
pub fn conflicts_table(
    list: &[Conflict],
    style: Style,
) -> (Vec<String>, impl Iterator<Item = Vec<String>> + '_) {
    let head = headers(columns::CONFLICTS, style.lang)
        .into_iter()
        .map(String::from)
        .collect();
    let m = move |s: &str| {
        if style.mask_ids {
            mask_ids(s)
        } else {
            s.to_string()
        }
    };
    let rows = list.iter().map(move |c| {
        vec![
            c.id(),
            c.kind.as_str().to_string(),
            columns::severity(c.severity, style.lang).to_string(),
            c.subject_text(),
            c.field.clone(),
            m(&c.values.join(" ; ")),
            m(c.detail.get(style.lang)),
            m(c.suggestion.get(style.lang)),
            String::new(),
            String::new(),
            String::new(),
        ]
    });
    (head, rows)
}

/// Header and rows of `units.csv`: the new tree in depth-first order.
pub fn units_table<'a>(
    lines: &'a [UnitLine],
    kept_headers: &[String],
    style: Style,
) -> (Vec<String>, impl Iterator<Item = Vec<String>> + 'a) {
    let mut head: Vec<String> = headers(columns::UNITS, style.lang)
        .into_iter()
        .map(String::from)
        .collect();
    head.extend(kept_headers.iter().cloned());
    let rows = lines.iter().map(move |u| {
        let mut row = vec![
            u.unit_code.clone(),
            u.name.clone(),
            style
                .lang
                .pick(u.kind.label_vi(), u.kind.as_str())
                .to_string(),
            u.parent_code.clone(),
            u.merged_from.clone(),
            u.staff_count.to_string(),
            u.member_count.to_string(),
        ];
        row.extend(u.kept.iter().cloned());
        row
    });
    (head, rows)
}

/// Write a human-facing table as CSV (formula-safe).
pub fn human_csv<S: AsRef<str>>(
    dir: &Path,
    name: &str,
    (head, rows): (Vec<String>, impl Iterator<Item = Vec<S>>),
) -> io::Result<()> {
    let head: Vec<&str> = head.iter().map(String::as_str).collect();
    let mut w = Writer::new(create(dir, name)?, &head, false)?;
    for r in rows {
        w.row(r)?;
    }
    w.finish()
}

/// One row of `lineage.csv`, borrowed from the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineageRow<'a> {
    pub source: &'a str,
    pub roster: &'a str,
    /// Shared by every row of the file.
    pub file: Arc<str>,
    pub line: u64,
    pub record_id: &'a str,
    pub person_id: &'a str,
    pub outcome: &'static str,
    pub reason: Cow<'a, str>,
}

pub fn lineage<'a>(dir: &Path, rows: impl Iterator<Item = LineageRow<'a>>) -> io::Result<()> {
    let mut w = Writer::new(
        create(dir, "lineage.csv")?,
        &[
            "source",
            "roster",
            "file",
            "line",
            "record_id",
            "person_id",
            "outcome",
            "reason",
        ],
        true,
    )?;
    for r in rows {
        w.row([
            r.source,
            r.roster,
            &r.file,
            &r.line.to_string(),
            r.record_id,
            r.person_id,
            r.outcome,
            &r.reason,
        ])?;
    }
    w.finish()
}

/// One row of `matches.csv`, borrowed from the run.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchRow<'a> {
    pub left: &'a Ref,
    pub right: &'a Ref,
    pub probability: f64,
    pub match_weight: f64,
    pub decision: &'static str,
    pub evidence: &'a [Evidence],
}

pub fn matches<'a>(dir: &Path, rows: impl Iterator<Item = MatchRow<'a>>) -> io::Result<()> {
    let mut w = Writer::new(
        create(dir, "matches.csv")?,
        &[
            "left",
            "right",
            "probability",
            "match_weight",
            "decision",
            "evidence",
        ],
        true,
    )?;
    // One buffer per column, reused: a province has hundreds of thousands of pairs.
    let mut cells: [String; 5] = Default::default();
    for r in rows {
        for c in &mut cells {
            c.clear();
        }
        let [left, right, probability, weight, evidence] = &mut cells;
        r.left.push_to(left);
        r.right.push_to(right);
        push_fixed(probability, r.probability, 6, false);
        push_fixed(weight, r.match_weight, 3, false);
        render_evidence_into(r.evidence, evidence);
        w.row([
            left.as_str(),
            right,
            probability,
            weight,
            r.decision,
            evidence,
        ])?;
    }
    w.finish()
}

/// A file written through a buffer by `body`.
pub fn with_file(
    dir: &Path,
    name: &str,
    body: impl FnOnce(&mut dyn io::Write) -> io::Result<()>,
) -> io::Result<()> {
    let mut w = create(dir, name)?;
    body(&mut w)?;
    io::Write::flush(&mut w)
}

/// A plain text file (org.dot, run.json).
pub fn text(dir: &Path, name: &str, body: &str) -> io::Result<()> {
    std::fs::write(dir.join(name), body)
}
