//! The one place input tables are read: CSV text (delimiter sniffed or forced) and
//! XLSX sheets (calamine) both become a [`Table`] — a header row and data rows with
//! their line numbers. Rows that cannot be read are kept as [`BadRow`]s, never dropped.
//! The CSV parse is in `table/csv_text.rs`, the sheet reader in `table/xlsx.rs`.

use crate::error::{InputError, Location};
use crate::i18n::{Lang, Text};
use crate::project::{Encoding, FileSpec};
use crate::read::decode::{self, NotText};
use std::path::Path;

mod csv_text;
mod xlsx;

pub use csv_text::{parse_csv, sniff_delimiter};
use xlsx::read_xlsx;

/// One data row: its 1-based physical line (XLSX: sheet row) and its cells, kept
/// in one string (a province reads millions of cells: one allocation a row, not
/// one a cell).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub line: u64,
    text: String,
    /// Where each cell ends in `text`; it starts where the previous one ends.
    ends: Vec<u32>,
}

impl Row {
    pub fn new<'c, I>(line: u64, cells: I) -> Row
    where
        I: IntoIterator<Item = &'c str>,
        I::IntoIter: Clone,
    {
        // Measured first: grown cell by cell, a row's text was reallocated ~5 times.
        let cells = cells.into_iter();
        let (mut len, mut n) = (0, 0);
        for c in cells.clone() {
            len += c.len();
            n += 1;
        }
        let mut text = String::with_capacity(len);
        let mut ends = Vec::with_capacity(n);
        for c in cells {
            text.push_str(c);
            ends.push(u32::try_from(text.len()).unwrap_or(u32::MAX));
        }
        Row { line, text, ends }
    }

    /// The `i`-th cell, if the row has it.
    pub fn cell(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)? as usize;
        let start = match i.checked_sub(1) {
            Some(p) => *self.ends.get(p)? as usize,
            None => 0,
        };
        self.text.get(start..end)
    }

    /// Every cell, in order.
    pub fn cells(&self) -> impl Iterator<Item = &str> {
        (0..self.ends.len()).filter_map(|i| self.cell(i))
    }
}

/// A row that could not be read as a row of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRow {
    pub line: u64,
    /// Raw text of the row as far as it could be read.
    pub text: String,
    pub reason: BadReason,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadReason {
    /// More or fewer cells than the header.
    Ragged { found: usize, expected: usize },
    /// A quote opened and never closed.
    BrokenQuote,
}

impl BadReason {
    /// Why the row could not be used, in both languages.
    pub fn text(&self) -> Text {
        match self {
            BadReason::Ragged { found, expected } => Text::new(
                format!("dòng lệch cột: {found} ô, tiêu đề có {expected} cột"),
                format!("ragged row: {found} cells, the header has {expected}"),
            ),
            BadReason::BrokenQuote => Text::new(
                "dấu ngoặc kép mở mà không đóng",
                "a quote is opened and never closed",
            ),
        }
    }
}

/// How a table was stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Format {
    Csv {
        encoding: Encoding,
        bom: bool,
        detected: bool,
        delimiter: u8,
    },
    Xlsx {
        sheet: String,
    },
}

impl Format {
    pub fn describe(&self) -> String {
        match self {
            Format::Csv {
                encoding,
                bom,
                delimiter,
                ..
            } => {
                let d = match delimiter {
                    b'\t' => "tab".to_string(),
                    d => format!("'{}'", *d as char),
                };
                format!(
                    "CSV {}{} {d}",
                    encoding.as_str(),
                    if *bom { " (BOM)" } else { "" }
                )
            }
            Format::Xlsx { sheet } => format!("XLSX \"{sheet}\""),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub format: Format,
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
    pub bad: Vec<BadRow>,
    /// Rows whose every cell is empty (not data; counted, not carried).
    pub blank_rows: u64,
    /// SHA-256 of the file's bytes (hex), for `run.json`; empty for parsed text.
    pub sha256: String,
}

impl Table {
    /// No header, no rows (the format is set by whoever read the table).
    fn empty() -> Table {
        Table {
            format: Format::Xlsx {
                sheet: String::new(),
            },
            headers: Vec::new(),
            rows: Vec::new(),
            bad: Vec::new(),
            blank_rows: 0,
            sha256: String::new(),
        }
    }
}

/// Read the file a [`FileSpec`] names.
pub fn read(spec: &FileSpec, lang: Lang) -> Result<Table, InputError> {
    let path = &spec.path;
    if path.is_dir() {
        return Err(InputError::new(
            Location::file(path),
            lang.pick("là một thư mục, cần một tệp", "is a folder, not a file"),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        InputError::new(
            Location::file(path),
            format!(
                "{}: {e}",
                lang.pick("không đọc được tệp", "cannot read file")
            ),
        )
    })?;
    // The hash beside the parse: it is a serial pass over the whole file.
    let (sha256, table) = rayon::join(|| sha256_hex(&bytes), || table_of(spec, &bytes, lang));
    let mut table = table?;
    table.sha256 = sha256;
    Ok(table)
}

/// The table in a file's bytes: an XLSX sheet, or CSV text.
fn table_of(spec: &FileSpec, bytes: &[u8], lang: Lang) -> Result<Table, InputError> {
    let path = &spec.path;
    if is_xlsx_name(path) || bytes.starts_with(b"PK\x03\x04") {
        return read_xlsx(path, spec.sheet.as_deref(), lang);
    }
    let decoded = decode::decode(bytes, spec.encoding).map_err(|e| not_text(path, e, lang))?;
    let delimiter = spec
        .delimiter
        .unwrap_or_else(|| sniff_delimiter(&decoded.text));
    let mut table = parse_csv(&decoded.text, delimiter, path, lang)?;
    table.format = Format::Csv {
        encoding: decoded.encoding,
        bom: decoded.bom,
        detected: decoded.detected,
        delimiter,
    };
    Ok(table)
}

/// The bytes already read for parsing are hashed here, so a file is read once.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn is_xlsx_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx") || e.eq_ignore_ascii_case("xlsm"))
}

fn not_text(path: &Path, e: NotText, lang: Lang) -> InputError {
    match e {
        NotText::Pdf => InputError::new(
            Location::file(path),
            lang.pick(
                "đây là tệp PDF, không phải CSV; hãy xuất lại từ Excel dạng CSV hoặc XLSX",
                "this is a PDF, not a CSV; export it again from Excel as CSV or XLSX",
            ),
        ),
        NotText::Zip => InputError::new(
            Location::file(path),
            lang.pick(
                "tệp nén (zip) không đọc được như XLSX; kiểm tra lại tệp",
                "a zip file that is not a readable XLSX; check the file",
            ),
        ),
        NotText::Binary => InputError::new(
            Location::file(path),
            lang.pick(
                "tệp nhị phân (chứa byte NUL), không phải bảng CSV",
                "binary file (contains NUL bytes), not a CSV table",
            ),
        ),
        NotText::Invalid { line, column } => InputError::new(
            Location::at(path, line, Some(column)),
            lang.pick(
                "byte không hợp lệ trong tệp UTF-8/UTF-16; lưu lại tệp với mã hoá đúng hoặc ghi `encoding` trong merge.toml",
                "invalid bytes in a UTF-8/UTF-16 file; save it again in one encoding or set `encoding` in merge.toml",
            ),
        ),
    }
}
