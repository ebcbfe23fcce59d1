//! The CSV writer every output uses: UTF-8 with a BOM so Excel shows Vietnamese, and
//! cells that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR at the
//! start) prefixed with `'` so they stay text.

use std::io::{self, Write};

/// Make a cell safe to open in a spreadsheet.
pub fn safe(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// [`safe`] for a machine file: a number (`-7.6`, a match weight) is kept as
/// it is for the programs that read it; text that a spreadsheet would run
/// (`=1+1` as a record id) is defused like everywhere else (SPEC §8). A reader
/// takes the `'` off with [`unsafe_back`].
pub fn safe_machine(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') if cell.parse::<f64>().is_err() => {
            format!("'{cell}").into()
        }
        _ => cell.into(),
    }
}

/// The value [`safe`] or [`safe_machine`] wrote `cell` for.
pub fn unsafe_back(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest)
            if matches!(
                rest.chars().next(),
                Some('=' | '+' | '-' | '@' | '\t' | '\r')
            ) =>
        {
            rest
        }
        _ => cell,
    }
}

/// Bytes that make a field need quotes: the delimiter, the quote, and line breaks
/// (a lone CR too: readers take it for the end of a record).
const SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    t[b',' as usize] = true;
    t[b'"' as usize] = true;
    t[b'\n' as usize] = true;
    t[b'\r' as usize] = true;
    t
};

/// A CSV table being written: header first, then rows; every cell passed through
/// [`safe`], or in a machine file (`machine = true`) [`safe_machine`], which
/// keeps numbers as they are.
///
/// The CSV the `csv` crate writes with its defaults (comma, quotes only where
/// needed, `""` inside quotes, LF), written straight into `out`: a province
/// writes tens of millions of cells, and the crate's writer copies each through
/// a buffer of its own, byte by byte.
pub struct Writer<W: Write> {
    out: W,
    machine: bool,
}

impl<W: Write> Writer<W> {
    /// Start a file: BOM, then the header row.
    pub fn new(mut out: W, header: &[&str], machine: bool) -> io::Result<Self> {
        out.write_all(b"\xEF\xBB\xBF")?;
        let mut w = Writer { out, machine: true };
        w.row(header)?;
        w.machine = machine;
        Ok(w)
    }

    /// One row, its cells written straight from where they are.
    pub fn row<I, S>(&mut self, cells: I) -> io::Result<()>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let (mut fields, mut bytes) = (0usize, 0usize);
        for c in cells {
            let c = c.as_ref();
            let c = if self.machine {
                safe_machine(c)
            } else {
                safe(c)
            };
            if fields > 0 {
                self.out.write_all(b",")?;
            }
            self.field(c.as_bytes())?;
            fields += 1;
            bytes += c.len();
        }
        // A row that would be an empty line is written `""`: a reader skips
        // empty lines.
        if fields <= 1 && bytes == 0 {
            self.out.write_all(b"\"\"")?;
        }
        self.out.write_all(b"\n")
    }

    fn field(&mut self, cell: &[u8]) -> io::Result<()> {
        if !cell.iter().any(|&b| SPECIAL[usize::from(b)]) {
            return self.out.write_all(cell);
        }
        self.out.write_all(b"\"")?;
        for (i, part) in cell.split(|&b| b == b'"').enumerate() {
            if i > 0 {
                self.out.write_all(b"\"\"")?;
            }
            self.out.write_all(part)?;
        }
        self.out.write_all(b"\"")
    }

    pub fn finish(mut self) -> io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn machine_files_keep_numbers_and_defuse_text() {
        for (cell, want) in [
            ("-7.6", "-7.6"),
            ("+3", "+3"),
            ("=1+1", "'=1+1"),
            ("-55x", "'-55x"),
            ("@x", "'@x"),
            ("NS-0045", "NS-0045"),
        ] {
            assert_eq!(safe_machine(cell), want, "{cell}");
            assert_eq!(unsafe_back(&safe_machine(cell)), cell, "{cell}");
        }
        // A value that begins with `'` of its own is read back unchanged.
        assert_eq!(unsafe_back("'abc"), "'abc");
    }

    #[test]
    fn formulas_are_defused() {
        for (cell, want) in [
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "'=HYPERLINK(\"http://x\",\"y\")",
            ),
            ("+84 912 345 678", "'+84 912 345 678"),
            ("-1", "'-1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("Nguyễn Văn An", "Nguyễn Văn An"),
            ("", ""),
        ] {
            assert_eq!(safe(cell), want);
        }
    }

    #[test]
    fn writes_bom_and_header() {
        let mut buf = Vec::new();
        let mut w = Writer::new(&mut buf, &["a", "b"], false).unwrap();
        w.row(["=1", "x"]).unwrap();
        w.row(["", "a,b"]).unwrap();
        w.finish().unwrap();
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "\u{FEFF}a,b\n'=1,x\n,\"a,b\"\n"
        );
    }

    fn ours(rows: &[Vec<String>]) -> Vec<u8> {
        let mut buf = Vec::new();
        let mut w = Writer::new(&mut buf, &["h"], true).unwrap();
        for r in rows {
            w.row(r).unwrap();
        }
        w.finish().unwrap();
        buf
    }

    proptest::proptest! {
        /// Byte for byte what the `csv` crate writes with its defaults (the
        /// writer this one replaced) of the defused cells, and read back to them.
        #[test]
        fn same_bytes_as_the_csv_crate(
            rows in proptest::collection::vec(
                proptest::collection::vec("[a-zA-Zà-ỹ0-9 ,\"\r\n=+'-]{0,6}", 1..4),
                0..6,
            )
        ) {
            let mut want = b"\xEF\xBB\xBF".to_vec();
            {
                let mut w = ::csv::WriterBuilder::new().flexible(true).from_writer(&mut want);
                w.write_record(["h"]).unwrap();
                for r in &rows {
                    w.write_record(r.iter().map(|c| safe_machine(c).into_owned())).unwrap();
                }
                w.flush().unwrap();
            }
            let got = ours(&rows);
            proptest::prop_assert_eq!(&got, &want);
            let mut rdr = ::csv::ReaderBuilder::new()
                .flexible(true)
                .from_reader(got.get(3..).unwrap_or_default());
            let back: Vec<Vec<String>> = rdr
                .records()
                .map(|r| r.unwrap().iter().map(String::from).collect())
                .collect();
            let written: Vec<Vec<String>> = rows
                .iter()
                .map(|r| r.iter().map(|c| safe_machine(c).into_owned()).collect())
                .collect();
            proptest::prop_assert_eq!(back, written);
        }
    }

    #[test]
    fn a_row_of_one_empty_cell_is_not_an_empty_line() {
        let got = ours(&[vec![String::new()], vec!["x".into()]]);
        assert_eq!(got.get(3..).unwrap(), b"h\n\"\"\nx\n");
    }
}
