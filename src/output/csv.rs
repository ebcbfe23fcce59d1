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

/// A CSV table being written: header first, then rows; every cell passed through
/// [`safe`] unless it is a machine file (`machine = true` keeps values exact).
pub struct Writer<W: Write> {
    inner: ::csv::Writer<W>,
    machine: bool,
}

impl<W: Write> Writer<W> {
    /// Start a file: BOM, then the header row.
    pub fn new(mut out: W, header: &[&str], machine: bool) -> io::Result<Self> {
        out.write_all(b"\xEF\xBB\xBF")?;
        let mut inner = ::csv::WriterBuilder::new().from_writer(out);
        inner.write_record(header).map_err(io::Error::other)?;
        Ok(Writer { inner, machine })
    }

    /// One row, its cells written straight from where they are (a province writes
    /// millions of cells: no copy of each).
    pub fn row<I, S>(&mut self, cells: I) -> io::Result<()>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        for c in cells {
            let c = c.as_ref();
            let c = if self.machine { c.into() } else { safe(c) };
            self.inner
                .write_field(c.as_bytes())
                .map_err(io::Error::other)?;
        }
        self.inner
            .write_record(None::<&[u8]>)
            .map_err(io::Error::other)
    }

    pub fn finish(mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
