//! `review.xlsx` (with `--xlsx`): the Conflicts sheet first — `action` as a drop-down
//! of the allowed actions, frozen header, filters, readable widths — then Staff, Party
//! members and Units. Every cell is written as text (IDs keep their leading zeros) and
//! passes the same formula-safety rule as CSV. Read back with `--decisions review.xlsx`.

use super::csv::safe;
use crate::merge::decisions::Action;
use rust_xlsxwriter::{DataValidation, Format, Workbook, XlsxError};
use std::path::Path;

/// One sheet: name, header, rows.
pub struct Sheet<S: AsRef<str>, I: Iterator<Item = Vec<S>>> {
    pub name: &'static str,
    pub head: Vec<String>,
    pub rows: I,
    /// Index of the `action` column, which gets the drop-down.
    pub action_col: Option<u16>,
}

/// The workbook being written.
pub struct Review {
    wb: Workbook,
}

impl Default for Review {
    fn default() -> Self {
        Self::new()
    }
}

impl Review {
    pub fn new() -> Review {
        let mut wb = Workbook::new();
        // A fixed creation time: the same inputs must give the same bytes.
        if let Ok(created) = rust_xlsxwriter::ExcelDateTime::from_ymd(2025, 7, 1) {
            let props = rust_xlsxwriter::DocProperties::new()
                .set_author("sapnhap")
                .set_creation_datetime(&created);
            wb.set_properties(&props);
        }
        Review { wb }
    }

    pub fn add<S: AsRef<str>, I: Iterator<Item = Vec<S>>>(
        &mut self,
        sheet: Sheet<S, I>,
    ) -> Result<(), XlsxError> {
        let bold = Format::new().set_bold();
        let ws = self.wb.add_worksheet();
        ws.set_name(sheet.name)?;
        let mut widths: Vec<usize> = sheet.head.iter().map(|h| h.chars().count()).collect();
        for (c, h) in sheet.head.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &bold)?;
        }
        let mut last_row = 0u32;
        for (r, row) in sheet.rows.enumerate() {
            let r = r as u32 + 1;
            last_row = r;
            for (c, cell) in row.iter().enumerate() {
                let cell = cell.as_ref();
                if cell.is_empty() {
                    continue;
                }
                ws.write_string(r, c as u16, safe(cell))?;
                if let Some(w) = widths.get_mut(c) {
                    *w = (*w).max(cell.chars().count());
                }
            }
        }
        let last_col = sheet.head.len().saturating_sub(1) as u16;
        ws.set_freeze_panes(1, 0)?;
        ws.autofilter(0, 0, last_row.max(1), last_col)?;
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_width(c as u16, (*w).clamp(8, 60) as f64 + 2.0)?;
        }
        if let Some(col) = sheet.action_col {
            let actions: Vec<&str> = Action::ALL.iter().map(|a| a.as_str()).collect();
            let dv = DataValidation::new().allow_list_strings(&actions)?;
            ws.add_data_validation(1, col, last_row.max(1000), col, &dv)?;
        }
        Ok(())
    }

    pub fn save(mut self, path: &Path) -> Result<(), XlsxError> {
        self.wb.save(path)
    }
}
