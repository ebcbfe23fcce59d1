//! The reviewer's decisions: read from `--decisions` files and `decisions = […]` in
//! merge.toml — CSV or XLSX, Vietnamese or English headers, either a hand-written
//! `action, subject, field, value, note` table or an edited `conflicts.csv`.

use crate::error::{InputError, Location};
use crate::i18n::Lang;
use crate::normalize::text::fold_alnum;
use crate::project::{FileSpec, Role};
use crate::read::table;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Action {
    Same,
    Different,
    Set,
    Unit,
    Accept,
    Dismiss,
}

impl Action {
    pub const ALL: [Action; 6] = [
        Action::Same,
        Action::Different,
        Action::Set,
        Action::Unit,
        Action::Accept,
        Action::Dismiss,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Same => "same",
            Action::Different => "different",
            Action::Set => "set",
            Action::Unit => "unit",
            Action::Accept => "accept",
            Action::Dismiss => "dismiss",
        }
    }

    /// English action names, and the Vietnamese words a clerk may type instead.
    pub fn parse(s: &str) -> Option<Action> {
        let f = fold_alnum(s);
        Some(match f.as_str() {
            "same" | "gop" | "cung" | "trung" | "lamot" | "cungnguoi" => Action::Same,
            "different" | "khac" | "khacnguoi" | "tach" => Action::Different,
            "set" | "sua" | "dat" | "chon" => Action::Set,
            "unit" | "donvi" | "chuyendonvi" => Action::Unit,
            "accept" | "chapnhan" | "dongy" | "xacnhan" => Action::Accept,
            "dismiss" | "boqua" | "dong" | "khongsua" => Action::Dismiss,
            _ => return None,
        })
    }
}

/// One decision as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub action: Action,
    /// REFs, a person_id, a conflict id or a unit ref, split on `|`, trimmed.
    pub subject: Vec<String>,
    pub field: String,
    pub value: String,
    pub note: String,
    /// The conflict this row answers, when the file is an edited conflicts.csv.
    pub conflict_id: Option<String>,
    /// That conflict's suggestion (`Đề xuất`), which `accept` confirms: `same` or
    /// `different` for a possible duplicate.
    pub suggestion: String,
    pub file: PathBuf,
    pub line: u64,
}

impl Decision {
    /// Where the decision was written, for messages.
    pub fn origin(&self) -> String {
        format!("{}:{}", self.file.display(), self.line)
    }
}

/// Header aliases of a decisions file (English names and the Vietnamese headers of
/// `conflicts.csv`).
const COLUMNS: &[(&str, &[&str])] = &[
    ("action", &["action", "Xử lý", "Hành động", "Quyết định"]),
    ("subject", &["subject", "Đối tượng"]),
    ("field", &["field", "Trường"]),
    ("value", &["value", "Giá trị"]),
    ("note", &["note", "Ghi chú"]),
    ("conflict_id", &["conflict_id", "Mã xung đột"]),
    ("suggestion", &["suggestion", "Đề xuất"]),
];

/// Read every decisions file; rows with an empty action are skipped (an edited
/// conflicts.csv answers only some rows).
/// A file read and the SHA-256 of its bytes.
pub type Hashed = (PathBuf, String);

/// Also each file with the SHA-256 of the bytes read, for `run.json`.
pub fn read(paths: &[PathBuf], lang: Lang) -> Result<(Vec<Decision>, Vec<Hashed>), InputError> {
    let mut out = Vec::new();
    let mut files = Vec::new();
    for path in paths {
        let (decisions, sha256) = read_one(path, lang)?;
        out.extend(decisions);
        files.push((path.clone(), sha256));
    }
    Ok((out, files))
}

fn read_one(path: &Path, lang: Lang) -> Result<(Vec<Decision>, String), InputError> {
    let spec = FileSpec {
        path: path.to_path_buf(),
        role: Role::Staff,
        encoding: None,
        delimiter: None,
        sheet: None,
        columns: BTreeMap::new(),
    };
    let t = table::read(&spec, lang)?;
    let col = |name: &str| -> Option<usize> {
        let aliases = COLUMNS.iter().find(|(n, _)| *n == name)?.1;
        t.headers
            .iter()
            .position(|h| aliases.iter().any(|a| fold_alnum(a) == fold_alnum(h)))
    };
    let (Some(action_col), Some(subject_col)) = (col("action"), col("subject")) else {
        return Err(InputError::new(
            Location::at(path, 1, None),
            lang.pick(
                "tệp quyết định cần các cột `action` (Xử lý) và `subject` (Đối tượng)",
                "a decisions file needs the columns `action` and `subject`",
            ),
        ));
    };
    let (field_col, value_col, note_col, id_col, suggestion_col) = (
        col("field"),
        col("value"),
        col("note"),
        col("conflict_id"),
        col("suggestion"),
    );
    let mut out = Vec::new();
    if let Some(bad) = t.bad.first() {
        return Err(InputError::new(
            Location::at(path, bad.line, None),
            format!(
                "{}: {}; {}",
                lang.pick("dòng không đọc được", "unreadable row"),
                bad.reason.text().get(lang),
                lang.pick(
                    "mỗi dòng cần đủ các cột như dòng tiêu đề (để trống ô không dùng)",
                    "give every row as many cells as the header (leave unused ones empty)"
                ),
            ),
        ));
    }
    for row in &t.rows {
        let cell = |i: Option<usize>| {
            i.and_then(|i| row.cell(i))
                .map_or(String::new(), |s| s.trim().to_string())
        };
        let action_text = cell(Some(action_col));
        if action_text.is_empty() {
            continue;
        }
        let Some(action) = Action::parse(&action_text) else {
            return Err(InputError::new(
                Location::at(path, row.line, Some(action_col as u64 + 1)),
                format!(
                    "{} \"{action_text}\"; {}: same, different, set, unit, accept, dismiss",
                    lang.pick("không hiểu hành động", "unknown action"),
                    lang.pick("dùng một trong", "use one of"),
                ),
            ));
        };
        let subject: Vec<String> = cell(Some(subject_col))
            .split('|')
            .map(|s| s.trim().trim_start_matches('\'').to_string())
            .filter(|s| !s.is_empty())
            .collect();
        let conflict_id = Some(cell(id_col)).filter(|s| !s.is_empty());
        if subject.is_empty() && conflict_id.is_none() {
            return Err(InputError::new(
                Location::at(path, row.line, Some(subject_col as u64 + 1)),
                lang.pick(
                    "quyết định thiếu đối tượng (subject)",
                    "the decision has no subject",
                ),
            ));
        }
        out.push(Decision {
            action,
            subject,
            field: cell(field_col),
            value: cell(value_col).trim_start_matches('\'').to_string(),
            note: cell(note_col),
            conflict_id,
            suggestion: cell(suggestion_col),
            file: path.to_path_buf(),
            line: row.line,
        });
    }
    Ok((out, t.sha256.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_in_both_languages() {
        assert_eq!(Action::parse("same"), Some(Action::Same));
        assert_eq!(Action::parse(" Khác "), Some(Action::Different));
        assert_eq!(Action::parse("Chấp nhận"), Some(Action::Accept));
        assert_eq!(Action::parse("bỏ qua"), Some(Action::Dismiss));
        assert_eq!(Action::parse("maybe"), None);
    }

    /// Regression: a short hand-written row stopped the run with
    /// `unreadable row` and no reason.
    #[test]
    fn a_short_row_says_why_it_cannot_be_read() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("q.csv");
        std::fs::write(&p, "action,subject,field,value\naccept,C-0ffa4b1285\n").unwrap();
        let e = read(&[p], Lang::En).unwrap_err();
        assert_eq!(e.location.line, Some(2));
        assert!(
            e.message.contains("ragged row: 2 cells, the header has 4"),
            "{}",
            e.message
        );
    }

    #[test]
    fn reads_vietnamese_conflicts_headers_and_skips_empty_actions() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("q.csv");
        std::fs::write(
            &p,
            "\u{FEFF}Mã xung đột,Loại,Đối tượng,Trường,Xử lý,Giá trị,Ghi chú\n\
             C-1,possible_duplicate,HD:staff:1 | HP:staff:2,,gộp,,ok\n\
             C-2,field_disagreement,HD:staff:3,birth_date,,,\n\
             C-3,field_disagreement,HD:staff:4,birth_date,set,'12/03/1965,\n",
        )
        .unwrap();
        let d = read(&[p], Lang::Vi).unwrap().0;
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].action, Action::Same);
        assert_eq!(d[0].subject, vec!["HD:staff:1", "HP:staff:2"]);
        assert_eq!(d[0].conflict_id.as_deref(), Some("C-1"));
        assert_eq!(
            (d[1].field.as_str(), d[1].value.as_str()),
            ("birth_date", "12/03/1965")
        );
        assert_eq!(d[1].line, 4);
    }

    #[test]
    fn unknown_action_names_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("q.csv");
        std::fs::write(
            &p,
            "action,subject\nsame,A:staff:1|B:staff:2\nmaybe,A:staff:1\n",
        )
        .unwrap();
        let e = read(&[p], Lang::En).unwrap_err();
        assert_eq!((e.location.line, e.location.column), (Some(3), Some(1)));
    }
}
