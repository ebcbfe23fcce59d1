//! `sapnhap check` on real files: every encoding, delimiter, XLSX, and the broken
//! inputs of issue #2 — each with its exact outcome (exit code, file and line named).

use assert_cmd::Command;
use std::path::Path;

fn sapnhap() -> Command {
    let mut c = Command::cargo_bin("sapnhap").unwrap();
    c.env_remove("SAPNHAP_LANG");
    c
}

/// A two-source project: `HP` with `staff_a` (file a.csv), `HD` with a good file.
fn project(dir: &Path, staff_a: &[u8]) {
    std::fs::write(dir.join("a.csv"), staff_a).unwrap();
    std::fs::write(dir.join("b.csv"), "Họ và tên,Ngày sinh\nLê Văn Bình,1980\n").unwrap();
    std::fs::write(
        dir.join("merge.toml"),
        "name = \"t\"\n[[sources]]\nkey = \"HP\"\nstaff = \"a.csv\"\n[[sources]]\nkey = \"HD\"\nstaff = \"b.csv\"\n",
    )
    .unwrap();
}

fn check(dir: &Path) -> (i32, String, String) {
    let out = sapnhap()
        .args(["--lang", "en", "check"])
        .arg(dir)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn every_encoding_and_delimiter_is_detected() {
    let (code, out, err) = check(Path::new("tests/fixtures/encodings"));
    assert_eq!(code, 0, "{err}");
    for (key, file, format) in [
        ("U8", "utf8-bom.csv", "CSV utf-8 (BOM) ','"),
        ("SC", "utf8-semicolon.csv", "CSV utf-8 ';'"),
        ("LE", "utf16le-tab.csv", "CSV utf-16le (BOM) tab"),
        ("BE", "utf16be.csv", "CSV utf-16be (BOM) ','"),
        ("W8", "windows1258.csv", "CSV windows-1258 ','"),
        ("TC", "tcvn3.csv", "CSV tcvn3 ','"),
        ("VN", "vni.csv", "CSV vni ','"),
    ] {
        let line = format!("[{key}] staff {file} — {format} — 3 rows, 0 rejected");
        assert!(out.contains(&line), "missing {line:?} in\n{out}");
    }
    // Every file maps the same headers, whatever its encoding.
    assert_eq!(out.matches("Họ và tên → full_name").count(), 7, "{out}");
    assert_eq!(out.matches("Số CCCD → national_id").count(), 7, "{out}");
}

#[test]
fn legacy_encodings_decode_to_vietnamese() {
    let out = sapnhap()
        .args([
            "--lang",
            "en",
            "check",
            "tests/fixtures/encodings",
            "--show-values",
            "1",
        ])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.matches("\"Nguyễn Văn Hùng\"").count(), 7, "{out}");
}

#[test]
fn xlsx_cells_read_as_the_user_sees_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("DS").unwrap();
    ws.write_string(0, 0, "Họ và tên").unwrap();
    ws.write_string(0, 1, "Số CCCD").unwrap();
    ws.write_string(0, 2, "Ngày sinh").unwrap();
    ws.write_string(1, 0, "Nguyễn Văn An").unwrap();
    ws.write_number(1, 1, 31067196779.0).unwrap();
    let fmt = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(1992, 5, 24).unwrap();
    ws.write_datetime_with_format(1, 2, &date, &fmt).unwrap();
    wb.save(dir.path().join("a.xlsx")).unwrap();
    std::fs::write(dir.path().join("b.csv"), "Họ và tên\nLê Bình\n").unwrap();
    std::fs::write(
        dir.path().join("merge.toml"),
        "[[sources]]\nkey = \"HP\"\nstaff = { path = \"a.xlsx\", sheet = \"DS\" }\n[[sources]]\nkey = \"HD\"\nstaff = \"b.csv\"\n",
    )
    .unwrap();
    let out = sapnhap()
        .args(["--lang", "en", "check"])
        .arg(dir.path())
        .arg("--show-values")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("[HP] staff a.xlsx — XLSX \"DS\" — 1 rows, 0 rejected"),
        "{text}"
    );
    assert!(
        text.contains("\"31067196779\""),
        "long number kept whole: {text}"
    );
    assert!(text.contains("\"24/05/1992\""), "date as shown: {text}");
}

#[test]
fn broken_quote_rejects_only_its_line() {
    let dir = tempfile::tempdir().unwrap();
    project(
        dir.path(),
        b"H\xe1\xbb\x8d t\xc3\xaan,Ng\xc3\xa0y sinh\nA B,1980\n\"C D,1981\nE F,1982\n",
    );
    let (code, out, err) = check(dir.path());
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("[HP] staff a.csv — CSV utf-8 ',' — 3 rows, 1 rejected"),
        "{out}"
    );
    assert!(
        out.contains("line 3: a quote is opened and never closed"),
        "{out}"
    );
}

#[test]
fn ragged_row_is_rejected_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    project(
        dir.path(),
        "Họ tên,Ngày sinh,Giới tính\nA B,1980,Nam\nC D,1981\n".as_bytes(),
    );
    let (code, out, _) = check(dir.path());
    assert_eq!(code, 0);
    assert!(
        out.contains("line 3: ragged row: 2 cells, the header has 3"),
        "{out}"
    );
}

#[test]
fn empty_file_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path(), b"");
    let (code, _, err) = check(dir.path());
    assert_eq!(code, 1);
    assert!(err.contains("a.csv: empty file: no header row"), "{err}");
}

#[test]
fn header_only_file_has_no_rows() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path(), "Họ và tên,Ngày sinh\n".as_bytes());
    let (code, out, _) = check(dir.path());
    assert_eq!(code, 0);
    assert!(
        out.contains("a.csv — CSV utf-8 ',' — 0 rows, 0 rejected"),
        "{out}"
    );
}

#[test]
fn unknown_headers_name_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path(), b"foo,bar\n1,2\n");
    let (code, _, err) = check(dir.path());
    assert_eq!(code, 1);
    assert!(err.contains("a.csv:1: found no name column"), "{err}");
    assert!(err.contains("foo, bar"), "lists the columns: {err}");
}

#[test]
fn missing_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path(), b"x");
    std::fs::remove_file(dir.path().join("a.csv")).unwrap();
    let (code, _, err) = check(dir.path());
    assert_eq!(code, 1);
    assert!(
        err.contains("merge.toml: staff = ") && err.contains("a.csv\": file not found"),
        "{err}"
    );
}

#[test]
fn bad_merge_toml_names_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path(), "Họ tên\nA\n".as_bytes());
    std::fs::write(
        dir.path().join("merge.toml"),
        "name = \"t\"\n[[sources]]\nkey = \"HP\"\nstaf = \"a.csv\"\n",
    )
    .unwrap();
    let (code, _, err) = check(dir.path());
    assert_eq!(code, 1);
    assert!(err.contains("merge.toml:4:1: invalid merge.toml"), "{err}");
    assert!(err.contains("staf"), "names the unknown key: {err}");
}

#[test]
fn one_source_or_duplicate_keys_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path(), "Họ tên\nA\n".as_bytes());
    let toml = dir.path().join("merge.toml");
    std::fs::write(&toml, "[[sources]]\nkey = \"HP\"\nstaff = \"a.csv\"\n").unwrap();
    let (code, _, err) = check(dir.path());
    assert_eq!(
        (code, err.contains("at least two [[sources]]")),
        (1, true),
        "{err}"
    );
    std::fs::write(
        &toml,
        "[[sources]]\nkey = \"HP\"\nstaff = \"a.csv\"\n[[sources]]\nkey = \"HP\"\nstaff = \"b.csv\"\n",
    )
    .unwrap();
    let (code, _, err) = check(dir.path());
    assert_eq!(
        (code, err.contains("duplicate source key \"HP\"")),
        (1, true),
        "{err}"
    );
}

#[test]
fn usage_errors_exit_2() {
    let out = sapnhap().args(["check", "--nope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}
