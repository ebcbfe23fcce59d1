//! XLSX sheet → [`Table`] (calamine): cells as the user sees them, read sparsely.

use super::{Format, Row, Table};
use crate::error::{InputError, Location};
use crate::i18n::Lang;
use std::path::Path;

/// Read one sheet of an XLSX workbook, cells as the user sees them.
pub(super) fn read_xlsx(path: &Path, sheet: Option<&str>, lang: Lang) -> Result<Table, InputError> {
    use calamine::{Reader, open_workbook_auto};
    let bad_file = |e: String| {
        InputError::new(
            Location::file(path),
            format!(
                "{}: {e}",
                lang.pick(
                    "không mở được tệp Excel (XLSX hỏng hoặc không phải Excel)",
                    "cannot open the Excel file (damaged or not an XLSX)"
                )
            ),
        )
    };
    let mut wb = open_workbook_auto(path).map_err(|e| bad_file(e.to_string()))?;
    let names = wb.sheet_names().to_vec();
    let name = match sheet {
        Some(s) => names
            .iter()
            .find(|n| n.as_str() == s)
            .cloned()
            .ok_or_else(|| {
                InputError::new(
                    Location::file(path),
                    format!(
                        "{} \"{s}\"; {}: {}",
                        lang.pick("không có trang tính", "no sheet named"),
                        lang.pick("các trang", "sheets"),
                        names.join(", ")
                    ),
                )
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| bad_file("no sheet".to_string()))?,
    };
    // Only the cells that hold something: a stray value in cell XFD1048576 must not
    // make a dense grid of 17 billion cells (calamine's `worksheet_range` does).
    let mut cells: Vec<(u32, u32, String)> = Vec::new();
    match &mut wb {
        calamine::Sheets::Xlsx(x) => {
            let mut reader = x
                .worksheet_cells_reader(&name)
                .map_err(|e| bad_file(e.to_string()))?;
            while let Some(c) = reader.next_cell().map_err(|e| bad_file(e.to_string()))? {
                let text = cell_text(&calamine::Data::from(c.get_value().clone()));
                if !text.is_empty() {
                    let (row, col) = c.get_position();
                    cells.push((row, col, text));
                }
            }
        }
        other => {
            let range = other
                .worksheet_range(&name)
                .map_err(|e| bad_file(e.to_string()))?;
            let (r0, c0) = range.start().unwrap_or((0, 0));
            for (r, c, d) in range.used_cells() {
                let text = cell_text(d);
                if !text.is_empty() {
                    cells.push((r0 + r as u32, c0 + c as u32, text));
                }
            }
        }
    }
    Ok(sparse_table(cells, name))
}

/// A table from the non-empty cells `(row, column, text)` of a sheet: the first row
/// with a value is the header, as wide as its last value; rows without a value are
/// counted as blank. Columns start at the leftmost value of the sheet.
fn sparse_table(mut cells: Vec<(u32, u32, String)>, sheet: String) -> Table {
    cells.sort_by_key(|&(r, c, _)| (r, c));
    let mut table = Table {
        format: Format::Xlsx { sheet },
        headers: Vec::new(),
        rows: Vec::new(),
        bad: Vec::new(),
        blank_rows: 0,
        sha256: String::new(),
    };
    let first_col = cells.iter().map(|&(_, c, _)| c).min().unwrap_or(0);
    let mut header_row = None;
    let mut last_row = 0u32;
    let mut cells = cells.into_iter().peekable();
    while let Some((row, col, text)) = cells.next() {
        let mut line = vec![(col - first_col, text)];
        while let Some((_, col, text)) = cells.next_if(|&(r, _, _)| r == row) {
            line.push((col - first_col, text));
        }
        let width = match header_row {
            None => line.last().map_or(0, |&(c, _)| c as usize + 1),
            Some(_) => table.headers.len(),
        };
        let mut values = vec![String::new(); width];
        for (c, text) in line {
            if let Some(slot) = values.get_mut(c as usize) {
                *slot = text;
            }
        }
        if header_row.is_none() {
            table.headers = values;
            header_row = Some(row);
        } else {
            table.blank_rows += u64::from(row - last_row - 1);
            table.rows.push(Row::new(
                u64::from(row) + 1,
                values.iter().map(String::as_str),
            ));
        }
        last_row = row;
    }
    table
}

/// A cell as Excel shows it: integers without `.0`, long digit strings intact,
/// dates as `dd/mm/yyyy`.
fn cell_text(c: &calamine::Data) -> String {
    use calamine::Data;
    match c {
        Data::Empty => String::new(),
        Data::String(s) => crate::normalize::text::nfc(s.trim()),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(d) => serial_date_text(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

fn float_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// Excel serial (1900 system) → `dd/mm/yyyy`.
fn serial_date_text(serial: f64) -> String {
    let days = serial.floor() as i64;
    let base = jiff::civil::date(1899, 12, 30);
    match jiff::Span::new()
        .try_days(days)
        .ok()
        .and_then(|s| base.checked_add(s).ok())
    {
        Some(d) => format!("{:02}/{:02}/{}", d.day(), d.month(), d.year()),
        None => float_text(serial),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_numbers_as_seen() {
        assert_eq!(float_text(31067196779.0), "31067196779");
        assert_eq!(float_text(1.5), "1.5");
        assert_eq!(serial_date_text(33748.0), "24/05/1992");
    }
}

#[cfg(test)]
mod xlsx_regression {
    use super::*;

    /// Regression: a value in cell XFD1048576 made calamine's dense range allocate
    /// 550 GB and abort. Cells are now read sparsely.
    #[test]
    fn far_corner_cell_does_not_make_a_dense_grid() {
        let cells = vec![
            (0, 0, "Họ và tên".to_string()),
            (1, 0, "Nguyễn Văn An".to_string()),
            (1_048_575, 16_383, "x".to_string()),
        ];
        let t = sparse_table(cells, "DS".into());
        assert_eq!(t.headers, ["Họ và tên"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!((t.rows[1].line, t.rows[1].cells().count()), (1_048_576, 1));
        assert_eq!(t.blank_rows, 1_048_573);
    }

    #[test]
    fn sparse_cells_land_in_their_columns() {
        let cells = vec![
            (2, 1, "b".to_string()),
            (2, 3, "d".to_string()),
            (1, 4, "note above the table".to_string()),
            (3, 2, "y".to_string()),
            (5, 1, "z".to_string()),
        ];
        let t = sparse_table(cells, "DS".into());
        // The first row with a value is the header, from the leftmost column used.
        assert_eq!(t.headers, ["", "", "", "note above the table"]);
        let rows: Vec<(u64, Vec<&str>)> = t
            .rows
            .iter()
            .map(|r| (r.line, r.cells().collect()))
            .collect();
        assert_eq!(
            rows,
            vec![
                (3, vec!["b", "", "d", ""]),
                (4, vec!["", "y", "", ""]),
                (6, vec!["z", "", "", ""])
            ]
        );
        assert_eq!(t.blank_rows, 1);
    }
}
