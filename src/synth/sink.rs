//! Writing rows to disk the way each source's software would: CSV in a chosen
//! encoding and delimiter (UTF-8 with or without BOM, UTF-16LE with BOM, Windows-1258,
//! TCVN3, VNI), or an XLSX sheet with identifiers as text and real date cells. Rows
//! stream out one at a time so a million-row roster never sits in memory as text.

use super::SynthError;
use super::corrupt::push_date;
use super::people::Ymd;
use super::scenario::{DateStyle, Enc};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// One cell value.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// A real date: a date cell in XLSX, the file's date style in CSV.
    Date(Ymd),
    Num(i64),
    Empty,
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s)
        }
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::from(s.to_string())
    }
}

/// Where rows go.
pub enum Sink {
    Csv(CsvSink),
    Xlsx(Box<XlsxSink>),
}

pub struct CsvSink {
    path: PathBuf,
    out: BufWriter<File>,
    enc: Enc,
    delim: char,
    dates: DateStyle,
    line: String,
}

pub struct XlsxSink {
    path: PathBuf,
    sheet: rust_xlsxwriter::Worksheet,
    date_format: rust_xlsxwriter::Format,
    row: u32,
}

fn io_err(path: &Path) -> impl Fn(std::io::Error) -> SynthError + '_ {
    move |e| SynthError::Io(path.to_path_buf(), e)
}

fn xlsx_err(path: &Path) -> impl Fn(rust_xlsxwriter::XlsxError) -> SynthError + '_ {
    move |e| SynthError::Xlsx(path.to_path_buf(), e.to_string())
}

impl Sink {
    pub fn create(path: &Path, enc: Enc, delim: u8, dates: DateStyle) -> Result<Sink, SynthError> {
        if let Enc::Xlsx(name) = enc {
            let mut sheet = rust_xlsxwriter::Worksheet::new();
            sheet.set_name(name).map_err(xlsx_err(path))?;
            return Ok(Sink::Xlsx(Box::new(XlsxSink {
                path: path.to_path_buf(),
                sheet,
                date_format: rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy"),
                row: 0,
            })));
        }
        let file = File::create(path).map_err(io_err(path))?;
        let mut out = BufWriter::with_capacity(1 << 16, file);
        let bom: &[u8] = match enc {
            Enc::Utf8Bom => b"\xEF\xBB\xBF",
            Enc::Utf16Le => b"\xFF\xFE",
            _ => b"",
        };
        out.write_all(bom).map_err(io_err(path))?;
        Ok(Sink::Csv(CsvSink {
            path: path.to_path_buf(),
            out,
            enc,
            delim: char::from(delim),
            dates,
            line: String::with_capacity(512),
        }))
    }

    pub fn row(&mut self, cells: &[Cell]) -> Result<(), SynthError> {
        match self {
            Sink::Csv(s) => s.row(cells),
            Sink::Xlsx(s) => s.row(cells),
        }
    }

    pub fn finish(self) -> Result<(), SynthError> {
        match self {
            Sink::Csv(mut s) => s.out.flush().map_err(io_err(&s.path)),
            Sink::Xlsx(s) => {
                let s = *s;
                let mut book = rust_xlsxwriter::Workbook::new();
                // A fixed creation time: the same seed must give the same bytes.
                let created = rust_xlsxwriter::ExcelDateTime::from_ymd(2025, 7, 1)
                    .map_err(xlsx_err(&s.path))?;
                let props = rust_xlsxwriter::DocProperties::new()
                    .set_author("Phòng Hành chính - Tổ chức")
                    .set_creation_datetime(&created);
                book.set_properties(&props);
                book.push_worksheet(s.sheet);
                book.save(&s.path).map_err(xlsx_err(&s.path))
            }
        }
    }
}

impl CsvSink {
    fn row(&mut self, cells: &[Cell]) -> Result<(), SynthError> {
        let line = &mut self.line;
        line.clear();
        for (i, c) in cells.iter().enumerate() {
            if i > 0 {
                line.push(self.delim);
            }
            match c {
                Cell::Text(t) => push_field(line, t, self.delim),
                Cell::Date(t) => push_date(line, *t, self.dates),
                Cell::Num(n) => {
                    let _ = std::fmt::Write::write_fmt(line, format_args!("{n}"));
                }
                Cell::Empty => {}
            }
        }
        line.push_str("\r\n");
        let bytes: Vec<u8>;
        let out: &[u8] = match self.enc {
            Enc::Utf8 | Enc::Utf8Bom | Enc::Xlsx(_) => line.as_bytes(),
            Enc::Utf16Le => {
                bytes = line.encode_utf16().flat_map(u16::to_le_bytes).collect();
                &bytes
            }
            Enc::Cp1258 => {
                bytes = crate::read::legacy::encode_cp1258(line);
                &bytes
            }
            Enc::Tcvn3 => {
                bytes = crate::read::legacy::encode_tcvn3(line);
                &bytes
            }
            Enc::Vni => {
                bytes = crate::read::legacy::encode_vni(line);
                &bytes
            }
        };
        self.out.write_all(out).map_err(io_err(&self.path))
    }
}

/// RFC 4180 quoting, only where needed.
fn push_field(line: &mut String, t: &str, delim: char) {
    if t.contains([delim, '"', '\n', '\r']) {
        line.push('"');
        line.push_str(&t.replace('"', "\"\""));
        line.push('"');
    } else {
        line.push_str(t);
    }
}

impl XlsxSink {
    fn row(&mut self, cells: &[Cell]) -> Result<(), SynthError> {
        if self.row >= 1_048_576 {
            return Err(SynthError::Xlsx(
                self.path.clone(),
                "more rows than an Excel sheet holds; use --formats csv".into(),
            ));
        }
        let err = xlsx_err(&self.path);
        for (col, c) in cells.iter().enumerate() {
            let col = col as u16;
            match c {
                // Identifiers stay text so Excel keeps their leading zeros.
                Cell::Text(t) => {
                    self.sheet.write_string(self.row, col, t).map_err(&err)?;
                }
                Cell::Date(t) => {
                    let d =
                        rust_xlsxwriter::ExcelDateTime::from_ymd(t.y, t.m, t.d).map_err(&err)?;
                    self.sheet
                        .write_datetime_with_format(self.row, col, &d, &self.date_format)
                        .map_err(&err)?;
                }
                Cell::Num(n) => {
                    self.sheet
                        .write_number(self.row, col, *n as f64)
                        .map_err(&err)?;
                }
                Cell::Empty => {}
            }
        }
        self.row += 1;
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xlsx, open_workbook};

    /// IDs stay text with their leading zeros; dates are real date cells.
    #[test]
    fn xlsx_keeps_ids_as_text_and_dates_as_dates() {
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("x.xlsx");
        let mut sink = Sink::create(&path, Enc::Xlsx("DS"), b',', DateStyle::Dmy).unwrap();
        sink.row(&[Cell::from("Số"), Cell::from("Ngày sinh")])
            .unwrap();
        sink.row(&[
            Cell::from("031072012345"),
            Cell::Date(Ymd {
                y: 1972,
                m: 3,
                d: 5,
            }),
        ])
        .unwrap();
        sink.finish().unwrap();
        let mut book: Xlsx<_> = open_workbook(&path).unwrap();
        let range = book.worksheet_range("DS").unwrap();
        assert_eq!(
            range.get((1, 0)),
            Some(&Data::String("031072012345".into()))
        );
        assert!(matches!(range.get((1, 1)), Some(Data::DateTime(_))));
    }

    #[test]
    fn csv_quotes_and_utf16() {
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("x.csv");
        let mut sink = Sink::create(&path, Enc::Utf16Le, b'\t', DateStyle::DmyShort).unwrap();
        sink.row(&[
            Cell::from("a\tb"),
            Cell::Date(Ymd {
                y: 2001,
                m: 2,
                d: 3,
            }),
            Cell::Num(5),
        ])
        .unwrap();
        sink.finish().unwrap();
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(&bytes[..2], b"\xFF\xFE");
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        assert_eq!(
            String::from_utf16(&units).unwrap(),
            "\"a\tb\"\t3/2/2001\t5\r\n"
        );
    }
}
