//! CSV text → [`Table`]: the delimiter sniffed, records read by the `csv` crate,
//! line numbers kept, rows that cannot be read set aside as [`BadRow`]s, and a
//! large text parsed in pieces side by side.

use super::{BadReason, BadRow, Row, Table};
use crate::error::{InputError, Location};
use crate::i18n::Lang;
use std::path::Path;

/// Pick among `,` `;` tab the delimiter that splits the first lines most consistently.
pub fn sniff_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .collect();
    let mut best = (b',', 0usize);
    for d in [b',', b';', b'\t'] {
        let counts: Vec<usize> = lines.iter().map(|l| count_outside_quotes(l, d)).collect();
        let Some(&first) = counts.first() else {
            continue;
        };
        // Lines agreeing with the header count, weighted by how many cells they make.
        let agree = counts.iter().filter(|&&c| c == first).count();
        let score = if first == 0 { 0 } else { agree * 1000 + first };
        if score > best.1 {
            best = (d, score);
        }
    }
    best.0
}

fn count_outside_quotes(line: &str, d: u8) -> usize {
    let mut inside = false;
    let mut n = 0;
    for b in line.bytes() {
        if b == b'"' {
            inside = !inside;
        } else if b == d && !inside {
            n += 1;
        }
    }
    n
}

/// Parse CSV text. A broken quote swallows the rest of the file into one field; when
/// that happens the opening line is set aside as a bad row and parsing resumes on the
/// next line, so every other row is still read.
///
/// A large text is parsed in pieces side by side (a province's roster is one file of
/// tens of megabytes, and parsing it alone kept one core busy while the other
/// waited): cut after line breaks, the first piece (with the header) first, then
/// the rest. The result is the serial parse's whenever every piece but the last ends
/// outside a quoted cell; otherwise the text is parsed again in one go.
pub fn parse_csv(text: &str, delimiter: u8, path: &Path, lang: Lang) -> Result<Table, InputError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    // One line ending for all: the csv reader counts lines on `\n` only, so CRLF and
    // lone CR (old Mac, mixed files) would shift or merge line numbers.
    let unified;
    let text = if text.contains('\r') {
        // One pass: CRLF and a lone CR both become LF.
        let mut out = String::with_capacity(text.len());
        let mut pieces = text.split('\r');
        out.push_str(pieces.next().unwrap_or_default());
        for piece in pieces {
            out.push('\n');
            out.push_str(piece.strip_prefix('\n').unwrap_or(piece));
        }
        unified = out;
        unified.as_str()
    } else {
        text
    };
    let p = Parse {
        delimiter,
        path,
        lang,
    };
    if let Some(table) = parse_pieces(text, &p, (FIRST_PIECE_BYTES, PIECE_BYTES)) {
        return Ok(table);
    }
    let mut table = Table::empty();
    p.parse_from(text, 0, &mut table)?;
    Ok(table)
}

/// Pieces are cut after the first line break past this many bytes (the first
/// piece, parsed before the others start, is cut sooner).
const PIECE_BYTES: usize = 1 << 20;
const FIRST_PIECE_BYTES: usize = 1 << 16;

/// [`parse_csv`] piece by piece; `None` where the serial parse must decide (a
/// piece ends inside a quoted cell, a quote breaks, the text is small).
/// `sizes`: the first piece's and the others' (tests cut tiny pieces).
fn parse_pieces(text: &str, p: &Parse, (first_size, size): (usize, usize)) -> Option<Table> {
    use rayon::prelude::*;
    let pieces = crate::normalize::text::line_pieces(text, first_size, size);
    if pieces.len() < 3 {
        return None;
    }
    let (first, rest) = pieces.split_first()?;
    let mut table = Table::empty();
    let clean = p.parse_from(first, 0, &mut table).ok()?;
    let broke = |t: &Table| t.bad.iter().any(|b| b.reason == BadReason::BrokenQuote);
    if !clean || table.headers.is_empty() || broke(&table) {
        return None;
    }
    // Lines before each piece after the first.
    let breaks: Vec<u64> = pieces
        .par_iter()
        .map(|s| s.bytes().filter(|&b| b == b'\n').count() as u64)
        .collect();
    let line_bases: Vec<u64> = breaks
        .iter()
        .scan(0, |before, n| {
            *before += n;
            Some(*before)
        })
        .collect();
    let last = rest.len() - 1;
    let parts: Vec<Table> = rest
        .par_iter()
        .zip(&line_bases)
        .enumerate()
        .map(|(i, (piece, &line_base))| {
            let mut part = Table::empty();
            part.headers.clone_from(&table.headers);
            let clean = p.parse_from(piece, line_base, &mut part).ok()?;
            (!broke(&part) && (clean || i == last)).then_some(part)
        })
        .collect::<Option<_>>()?;
    table.rows.reserve(parts.iter().map(|t| t.rows.len()).sum());
    for part in parts {
        table.rows.extend(part.rows);
        table.bad.extend(part.bad);
        table.blank_rows += part.blank_rows;
    }
    Some(table)
}

/// What every piece of one text is parsed with.
struct Parse<'a> {
    delimiter: u8,
    path: &'a Path,
    lang: Lang,
}

impl Parse<'_> {
    /// Parse `text` (whose first line is line `line_base + 1`) into `table`, whose
    /// header is read from the text unless `table` has one. True when the text's last
    /// record ends outside a quoted cell: a text cut there parses as a whole would.
    fn parse_from(
        &self,
        text: &str,
        line_base: u64,
        table: &mut Table,
    ) -> Result<bool, InputError> {
        let Parse {
            delimiter,
            path,
            lang,
        } = *self;
        let mut offset = 0usize; // byte offset of the current chunk in `text`
        let mut line_base = line_base; // lines before the current chunk
        let mut have_header = !table.headers.is_empty();
        let mut clean = true;
        'chunks: while offset < text.len() {
            let chunk = text.get(offset..).unwrap_or("");
            let mut rdr = csv::ReaderBuilder::new()
                .delimiter(delimiter)
                .has_headers(false)
                .flexible(true)
                .from_reader(chunk.as_bytes());
            let mut rec = csv::ByteRecord::new();
            loop {
                let before = rdr.position().line();
                match rdr.read_byte_record(&mut rec) {
                    Ok(false) => break 'chunks,
                    Ok(true) => {}
                    Err(e) => {
                        return Err(InputError::new(
                            Location::at(path, line_base + before, None),
                            format!("{}: {e}", lang.pick("lỗi đọc CSV", "CSV error")),
                        ));
                    }
                }
                // The record's own start: the reader's position before it may still sit on
                // the `\n` of a CRLF.
                let Some(start) = rec.position().cloned() else {
                    continue;
                };
                // csv places a record that follows empty lines at the first of them.
                let skipped = chunk
                    .as_bytes()
                    .get(start.byte() as usize..)
                    .map_or(0, |b| b.iter().take_while(|&&c| c == b'\n').count());
                let start_byte = start.byte() as usize + skipped;
                let line = line_base + start.line() + skipped as u64;
                let Some(fields) = fields(&rec) else {
                    return Err(InputError::new(
                        Location::at(path, line, None),
                        lang.pick(
                            "dòng không đọc được thành chữ",
                            "row is not readable as text",
                        ),
                    ));
                };
                let raw = chunk
                    .get(start_byte..rdr.position().byte() as usize)
                    .unwrap_or("");
                let spans_lines = fields.iter().any(|c| c.contains('\n'));
                // Only a record that ends the text can end inside a quote (it swallowed
                // the text's end): the one check a piece's cut needs.
                if rdr.position().byte() as usize >= chunk.len() {
                    clean = !malformed_quotes(raw, delimiter);
                }
                let cells: Vec<&str> = fields.iter().map(|c| c.trim()).collect();
                if !have_header {
                    if cells.iter().all(|c| c.is_empty()) {
                        continue;
                    }
                    table.headers = cells.iter().map(|c| c.to_string()).collect();
                    have_header = true;
                    continue;
                }
                let expected = table.headers.len();
                if spans_lines
                    && (malformed_quotes(raw, delimiter)
                        || (cells.len() != expected && broken_quote(&fields)))
                {
                    // Set aside the opening line and start again after it.
                    let rest = chunk.get(start_byte..).unwrap_or("");
                    let first_line_len = rest.find('\n').map_or(rest.len(), |i| i + 1);
                    table.bad.push(BadRow {
                        line,
                        text: rest
                            .get(..first_line_len)
                            .unwrap_or("")
                            .trim_end()
                            .to_string(),
                        reason: BadReason::BrokenQuote,
                    });
                    offset += start_byte + first_line_len;
                    line_base = line;
                    continue 'chunks;
                }
                if cells.iter().all(|c| c.is_empty()) {
                    table.blank_rows += 1;
                    continue;
                }
                if cells.len() != expected {
                    // Trailing empty cells beyond the header are harmless (Excel pads rows).
                    let extra_empty =
                        cells.len() > expected && cells.iter().skip(expected).all(|c| c.is_empty());
                    if !extra_empty {
                        table.bad.push(BadRow {
                            line,
                            text: cells.join(&(delimiter as char).to_string()),
                            reason: BadReason::Ragged {
                                found: cells.len(),
                                expected,
                            },
                        });
                        continue;
                    }
                }
                table
                    .rows
                    .push(Row::new(line, cells.into_iter().take(expected)));
            }
        }
        Ok(clean)
    }
}

/// The fields of a record as text: the record's bytes validated once (SIMD: a
/// province's rosters are mostly multi-byte text), each field a slice of them.
/// The text was UTF-8 and fields end at ASCII delimiters and quotes, so `None`
/// would be a bug, not bad input.
fn fields(rec: &csv::ByteRecord) -> Option<Vec<&str>> {
    let all = simdutf8::basic::from_utf8(rec.as_slice()).ok()?;
    (0..rec.len()).map(|i| all.get(rec.range(i)?)).collect()
}

/// Whether the raw text of one record breaks CSV quoting: a quoted field that never
/// closes (it swallowed the rest of the file), or text right after a closing quote
/// (`"Trần,1981⏎"Lê" Văn`: a stray quote that swallowed a line break and glued two
/// rows). Well-formed CSV, multi-line cells included, has neither.
fn malformed_quotes(raw: &str, delimiter: u8) -> bool {
    let mut bytes = raw.bytes().peekable();
    let mut field_start = true;
    while let Some(b) = bytes.next() {
        if !(field_start && b == b'"') {
            field_start = b == delimiter || b == b'\n';
            continue;
        }
        // A quoted field: up to its closing quote (`""` is a quote inside it).
        loop {
            match bytes.next() {
                None => return true,
                Some(b'"') if bytes.peek() == Some(&b'"') => {
                    bytes.next();
                }
                Some(b'"') => break,
                Some(_) => {}
            }
        }
        while bytes.peek() == Some(&b' ') {
            bytes.next();
        }
        match bytes.next() {
            None | Some(b'\n') => field_start = true,
            Some(b) if b == delimiter => field_start = true,
            Some(_) => return true,
        }
    }
    false
}

/// A record holding a field that swallowed line breaks *and* delimiters of the
/// following lines: an unterminated quote rather than a legitimate multi-line cell.
fn broken_quote(rec: &[&str]) -> bool {
    rec.iter().any(|c| {
        c.contains('\n')
            && c.lines().count() > 1
            && c.lines().skip(1).any(|l| l.contains([',', ';', '\t']))
    }) || rec.iter().any(|c| c.matches('\n').count() > 20)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn parse(text: &str, d: u8) -> Table {
        parse_csv(text, d, &PathBuf::from("t.csv"), Lang::En).unwrap()
    }

    /// Regression: a row after empty lines was given the first empty line's number
    /// (lineage.csv sent the reader to the wrong line).
    #[test]
    fn a_row_after_empty_lines_has_its_own_line() {
        let t = parse("a,b\n\n\n1,2\n\n3,4\n", b',');
        let lines: Vec<u64> = t.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [4, 6]);
    }

    #[test]
    fn sniffs_delimiters() {
        assert_eq!(sniff_delimiter("a;b;c\n1;2,5;3\n"), b';');
        assert_eq!(sniff_delimiter("a\tb\n1\t2\n"), b'\t');
        assert_eq!(sniff_delimiter("a,b\n\"x;y\",2\n"), b',');
        assert_eq!(sniff_delimiter(""), b',');
    }

    #[test]
    fn ragged_rows_are_set_aside_with_line() {
        let t = parse("a,b,c\n1,2,3\n4,5\n6,7,8,\n", b',');
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1].line, 4);
        assert_eq!(t.bad.len(), 1);
        assert_eq!(t.bad[0].line, 3);
        assert_eq!(
            t.bad[0].reason,
            BadReason::Ragged {
                found: 2,
                expected: 3
            }
        );
    }

    #[test]
    fn broken_quote_loses_only_its_line() {
        let t = parse("a,b\n1,\"x\n2,y\n3,z\n", b',');
        assert_eq!(t.bad.len(), 1, "{:?}", t.bad);
        assert_eq!(t.bad[0].line, 2);
        assert_eq!(t.bad[0].reason, BadReason::BrokenQuote);
        let lines: Vec<u64> = t.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![3, 4]);
    }

    #[test]
    fn multiline_cell_is_kept() {
        let t = parse("a,b\n1,\"dòng 1\ndòng 2\"\n2,y\n", b',');
        assert!(t.bad.is_empty());
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1].line, 4);
    }

    #[test]
    fn blank_rows_counted_not_carried() {
        let t = parse("a,b\n,\n1,2\n", b',');
        assert_eq!((t.rows.len(), t.blank_rows), (1, 1));
    }
}

#[cfg(test)]
mod crlf_regression {
    /// Regression: with CRLF line ends every row was reported one line too early.
    #[test]
    fn crlf_rows_have_their_own_line() {
        let t = super::parse_csv(
            "a,b\r\n1,2\r\n3,4\r\n",
            b',',
            std::path::Path::new("x"),
            crate::i18n::Lang::En,
        )
        .unwrap();
        let lines: Vec<u64> = t.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![2, 3]);
    }

    /// Mixed endings (CRLF, lone CR, CR before CRLF, CRLF inside a quoted cell)
    /// read as if every one were LF.
    #[test]
    fn mixed_line_ends_read_as_lf() {
        let parse = |text: &str| {
            super::parse_csv(text, b',', std::path::Path::new("x"), crate::i18n::Lang::En).unwrap()
        };
        let mixed = parse("a,b\r\n1,2\r3,4\r\r\n5,\"x\r\ny\"\r\n");
        let plain = parse("a,b\n1,2\n3,4\n\n5,\"x\ny\"\n");
        let rows = |t: &super::Table| -> Vec<(u64, Vec<String>)> {
            t.rows
                .iter()
                .map(|r| (r.line, r.cells().map(String::from).collect()))
                .collect()
        };
        assert_eq!(rows(&mixed), rows(&plain));
        assert_eq!(mixed.rows.len(), 3);
        assert_eq!(mixed.blank_rows, plain.blank_rows);
    }
}
#[cfg(test)]
mod quote_regression {
    use super::*;

    fn parse(text: &str) -> Table {
        parse_csv(text, b',', Path::new("x"), Lang::En).unwrap()
    }

    /// Regression: a legitimate multi-line cell in the last row was taken for a quote
    /// left open to the end of the file, and the row was rejected twice over.
    #[test]
    fn multiline_cell_in_last_row_is_kept() {
        let t = parse("a,b,c\n1,\"dòng 1\ndòng 2\",x\n");
        assert!(t.bad.is_empty(), "{:?}", t.bad);
        assert_eq!(t.rows.len(), 1);
        assert_eq!(
            t.rows[0].cells().collect::<Vec<_>>(),
            ["1", "dòng 1\ndòng 2", "x"]
        );
    }

    /// Regression: a stray quote closed by a quote on the next line glued the two rows
    /// into one record; the second row vanished from the lineage.
    #[test]
    fn stray_quote_does_not_glue_rows() {
        let t = parse("a,b\n1,x\n\"2,y\n\"3\" z,w\n4,v\n");
        let bad: Vec<(u64, &BadReason)> = t.bad.iter().map(|b| (b.line, &b.reason)).collect();
        assert_eq!(bad, vec![(3, &BadReason::BrokenQuote)]);
        let rows: Vec<(u64, &str)> = t
            .rows
            .iter()
            .map(|r| (r.line, r.cell(0).unwrap_or_default()))
            .collect();
        assert_eq!(rows, vec![(2, "1"), (4, "3 z"), (5, "4")]);
    }

    #[test]
    fn quotes_inside_quoted_multiline_cells_are_fine() {
        let t = parse("a,b\n1,\"nói \"\"có\"\"\nrồi\"\n2,\"x\"  \n");
        assert!(t.bad.is_empty(), "{:?}", t.bad);
        assert_eq!(t.rows[0].cell(1), Some("nói \"có\"\nrồi"));
        assert_eq!(t.rows.len(), 2);
    }
}
/// Parsing in pieces side by side gives the serial parse's table.
#[cfg(test)]
mod pieces {
    use super::*;

    fn parse(text: &str) -> Table {
        parse_csv(text, b',', Path::new("t.csv"), Lang::En).unwrap()
    }

    fn serial(text: &str) -> Table {
        let p = Parse {
            delimiter: b',',
            path: Path::new("t.csv"),
            lang: Lang::En,
        };
        let mut table = Table::empty();
        p.parse_from(text, 0, &mut table).unwrap();
        table
    }

    fn in_pieces(text: &str, sizes: (usize, usize)) -> Option<Table> {
        let p = Parse {
            delimiter: b',',
            path: Path::new("t.csv"),
            lang: Lang::En,
        };
        parse_pieces(text, &p, sizes)
    }

    #[test]
    fn pieces_give_the_serial_table_with_its_line_numbers() {
        let mut text = String::from("\n , \nho_ten,ngay_sinh,ghi_chu\n");
        for i in 0..200 {
            match i % 28 {
                0 => text.push_str(&format!("\"Lê, Văn {i}\",01/02/1980,\"hai\ndòng\"\n")),
                1 => text.push_str(",,\n"),
                2 => text.push_str(&format!("Trần {i},1981\n")),
                _ => text.push_str(&format!("Nguyễn {i},03/04/1990,\n")),
            }
        }
        let whole = serial(&text);
        assert!(whole.rows.len() > 100 && !whole.bad.is_empty() && whole.blank_rows > 0);
        // A cut inside a two-line cell leaves the text to the serial parse; the
        // other cuts must give its table.
        let mut answered = 0;
        for first in [10, 40, 100] {
            for size in (1..60).chain((100..3000).step_by(97)) {
                if let Some(t) = in_pieces(&text, (first, size)) {
                    assert_eq!(t, whole, "pieces of {first}, {size}");
                    answered += 1;
                }
            }
        }
        assert!(answered > 20, "{answered} cuts answered");
    }

    #[test]
    fn a_large_text_is_read_in_pieces() {
        let mut text = String::from("ho_ten,ngay_sinh\n");
        for i in 0..60_000 {
            text.push_str(&format!("\"Nguyễn, Văn {i}\",03/04/1990\n"));
            if i % 1000 == 0 {
                text.push_str("\n,\nTrần\n");
            }
        }
        let p = Parse {
            delimiter: b',',
            path: Path::new("t.csv"),
            lang: Lang::En,
        };
        let pieces = parse_pieces(&text, &p, (FIRST_PIECE_BYTES, PIECE_BYTES));
        assert!(pieces.is_some(), "{} bytes not cut", text.len());
        assert_eq!(parse(&text), serial(&text));
        assert_eq!(pieces, Some(serial(&text)));
        assert_eq!(serial(&text).rows.len(), 60_000);
    }

    #[test]
    fn a_piece_ending_inside_a_quote_leaves_the_text_to_the_serial_parse() {
        // A cell spanning many lines: most cuts fall inside it.
        let mut text = String::from("a,b\n1,\"");
        text.push_str(&"dòng\n".repeat(30));
        text.push_str("\"\n2,x\n");
        assert_eq!(in_pieces(&text, (3, 5)), None);
        assert_eq!(parse(&text), serial(&text));
        assert_eq!(serial(&text).rows.len(), 2);
    }

    #[test]
    fn a_broken_quote_leaves_the_text_to_the_serial_parse() {
        let mut text = String::from("a,b\n");
        for i in 0..40 {
            text.push_str(&format!("{i},x\n"));
        }
        text.push_str("41,\"open\n");
        for i in 42..80 {
            text.push_str(&format!("{i},y\n"));
        }
        assert_eq!(in_pieces(&text, (8, 20)), None);
        let whole = serial(&text);
        assert_eq!(whole.bad.len(), 1);
        assert_eq!(whole.rows.len(), 78);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
        /// Whatever the quotes, line breaks and delimiters, a piecewise parse that
        /// answers gives the serial parse's table.
        #[test]
        fn pieces_never_differ_from_the_serial_parse(
            text in "[ab\",\n ]{0,300}",
            first in 1usize..40,
            size in 1usize..40,
        ) {
            let text = format!("h1,h2\n{text}");
            if let Some(t) = in_pieces(&text, (first, size)) {
                proptest::prop_assert_eq!(t, serial(&text));
            }
        }
    }
}
