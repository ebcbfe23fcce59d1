//! `review.xlsx`: the sheets a reviewer gets (Conflicts first with an `action`
//! drop-down, IDs typed as text), and the round trip — edit `action` in a copy of the
//! workbook, pass it back with `--decisions`, and the decision is applied.

mod common;

use common::sapnhap;

use calamine::{Data, Reader, open_workbook_auto};
use std::io::Read;
use std::path::{Path, PathBuf};

fn merged_sample() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = sapnhap()
        .args(["merge", "samples/an-giang", "--xlsx", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    (tmp, out)
}

fn rows(path: &Path, sheet: &str) -> Vec<Vec<Data>> {
    let mut wb = open_workbook_auto(path).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

#[test]
fn sheets_headers_text_ids_and_action_dropdown() {
    let (_tmp, out) = merged_sample();
    let path = out.join("review.xlsx");
    let wb = open_workbook_auto(&path).unwrap();
    assert_eq!(
        wb.sheet_names(),
        vec!["Xung đột", "Cán bộ", "Đảng viên", "Đơn vị"]
    );
    let conflicts = rows(&path, "Xung đột");
    let head: Vec<String> = conflicts[0].iter().map(|c| c.to_string()).collect();
    assert_eq!(&head[..4], &["Mã xung đột", "Loại", "Mức độ", "Đối tượng"]);
    assert!(head.contains(&"Xử lý".to_string()));
    // IDs are text: leading zeros survive, no number cells in the ID column.
    let staff = rows(&path, "Cán bộ");
    let col = staff[0].iter().position(|c| *c == "Số CCCD/CMND").unwrap();
    let ids: Vec<&Data> = staff
        .iter()
        .skip(1)
        .map(|r| &r[col])
        .filter(|c| **c != Data::Empty)
        .collect();
    assert!(ids.len() > 100);
    assert!(
        ids.iter().all(|c| matches!(c, Data::String(_))),
        "IDs typed as text"
    );
    assert!(ids.iter().any(|c| c.to_string().starts_with('0')));
    // The drop-down lists the actions.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let mut sheet1 = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut sheet1)
        .unwrap();
    assert!(sheet1.contains("<dataValidation"), "validation present");
    assert!(
        sheet1.contains("same,different,set,unit,accept,dismiss"),
        "{}",
        &sheet1[..200]
    );
    assert!(sheet1.contains("<pane"), "frozen header");
    assert!(sheet1.contains("<autoFilter"), "filters");
}

#[test]
fn edited_workbook_is_read_back_as_decisions() {
    let (tmp, out) = merged_sample();
    let path = out.join("review.xlsx");
    let conflicts = rows(&path, "Xung đột");
    let head: Vec<String> = conflicts[0].iter().map(|c| c.to_string()).collect();
    let kind = head.iter().position(|h| h == "Loại").unwrap();
    let subject = head.iter().position(|h| h == "Đối tượng").unwrap();
    let action = head.iter().position(|h| h == "Xử lý").unwrap();
    // Copy the sheet with `same` on the first possible duplicate.
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    let mut pair = String::new();
    for (r, row) in conflicts.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, cell.to_string())
                .unwrap();
        }
        if pair.is_empty() && row[kind] == "possible_duplicate" {
            pair = row[subject].to_string();
            ws.write_string(r as u32, action as u16, "same").unwrap();
        }
    }
    assert!(!pair.is_empty(), "the sample has a possible duplicate");
    let edited = tmp.path().join("edited.xlsx");
    book.save(&edited).unwrap();

    let out2 = tmp.path().join("out2");
    let o = sapnhap()
        .args(["merge", "samples/an-giang", "--lang", "en", "--out"])
        .arg(&out2)
        .arg("--decisions")
        .arg(&edited)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let lineage = std::fs::read_to_string(out2.join("lineage.csv")).unwrap();
    let person = |r: &str| {
        let mut p = r.splitn(3, ':');
        let (s, ro, id) = (p.next().unwrap(), p.next().unwrap(), p.next().unwrap());
        lineage
            .lines()
            .find(|l| l.starts_with(&format!("{s},{ro},")) && l.split(',').nth(4) == Some(id))
            .and_then(|l| l.split(',').nth(5))
            .unwrap()
            .to_string()
    };
    let refs: Vec<&str> = pair.split('|').collect();
    assert_eq!(
        person(refs[0]),
        person(refs[1]),
        "the pair is one person now"
    );
}
