//! Issue #9: every broken and hostile input a user may feed `sapnhap`, each with its
//! exact outcome — exit code, the message naming file and line, the rejected rows in
//! `lineage.csv` when the run goes on, and the previous outputs untouched (byte for
//! byte) when it stops. Inputs live in `tests/fixtures/hostile/`; the big ones
//! (1,000,000-character cell, 10,000 columns) are generated here.

mod hostile_support;

use hostile_support::*;
use std::path::Path;

// ---------------------------------------------------------------------------------
// Files that cannot be used: exit 1, the file named, previous outputs untouched.
// ---------------------------------------------------------------------------------

#[test]
fn empty_file_stops_naming_it() {
    stops_keeping_outputs("empty.csv", "empty.csv: empty file: no header row");
}

#[test]
fn bom_only_file_is_empty() {
    stops_keeping_outputs("bom-only.csv", "bom-only.csv: empty file: no header row");
}

#[test]
fn nul_bytes_are_a_binary_file() {
    stops_keeping_outputs(
        "nul-bytes.csv",
        "nul-bytes.csv: binary file (contains NUL bytes), not a CSV table",
    );
}

#[test]
fn binary_junk_is_a_binary_file() {
    stops_keeping_outputs(
        "binary-junk.csv",
        "binary-junk.csv: binary file (contains NUL bytes), not a CSV table",
    );
}

#[test]
fn pdf_renamed_to_csv_is_recognised() {
    stops_keeping_outputs(
        "pdf-renamed.csv",
        "pdf-renamed.csv: this is a PDF, not a CSV; export it again from Excel as CSV or XLSX",
    );
}

#[test]
fn invalid_utf8_names_line_and_column() {
    // `Trần ` then two bytes that are no UTF-8: line 3, column 6.
    stops_keeping_outputs(
        "invalid-utf8.csv",
        "invalid-utf8.csv:3:6: invalid bytes in a UTF-8/UTF-16 file",
    );
}

#[test]
fn two_columns_for_one_field_name_both() {
    stops_keeping_outputs(
        "two-name-columns.csv",
        "two-name-columns.csv:1:4: two columns map to one field: \"Họ và tên\" (column 2) and \"Họ tên\" (column 4) → full_name",
    );
}

#[test]
fn no_name_column_lists_the_columns() {
    stops_keeping_outputs(
        "no-name-column.csv",
        "no-name-column.csv:1: found no name column (Họ và tên, or Họ + Tên); the columns are: Mã cán bộ, Ngày sinh, Ghi chú.",
    );
}

#[test]
fn xlsx_that_is_a_zip_of_junk_is_refused() {
    stops_keeping_outputs(
        "zip-of-junk.xlsx",
        "zip-of-junk.xlsx: cannot open the Excel file (damaged or not an XLSX)",
    );
}

#[test]
fn truncated_xlsx_is_refused() {
    stops_keeping_outputs(
        "truncated.xlsx",
        "truncated.xlsx: cannot open the Excel file (damaged or not an XLSX)",
    );
}

#[test]
fn merge_toml_with_wrong_types_names_line_and_column() {
    let p = Project::new("good-hp.csv", &fixture("good-hp.csv"));
    let before = p.good_outputs();
    p.write("merge.toml", &fixture("wrong-types.toml"));
    let r = p.merge();
    assert_eq!(r.code, 1, "{}", r.stderr);
    r.says("merge.toml:9:10: invalid merge.toml: invalid type: string \"cao\", expected f64");
    p.assert_outputs_unchanged(&before);
}

/// Regression: a mistake inside a file table was reported as "data did not match any
/// variant of untagged enum FileSpecToml", naming neither the key nor the fix.
#[test]
fn file_table_with_wrong_type_says_what_is_wrong() {
    let p = Project::new("a.csv", &fixture("good-hp.csv"));
    for (table, says) in [
        (
            "{ path = \"a.csv\", delimiter = 5 }",
            "merge.toml:4:39: invalid merge.toml: invalid type: integer `5`, expected a string",
        ),
        (
            "{ path = \"a.csv\", encoding = \"latin1\" }",
            "merge.toml:4:38: invalid merge.toml: unknown variant `latin1`, expected one of `UTF-8`, `utf-8`, `utf8`,",
        ),
        (
            "{ path = \"a.csv\", tab = true }",
            "invalid merge.toml: unknown field `tab`, expected one of `path`",
        ),
        (
            "[\"a.csv\"]",
            "merge.toml:4:9: invalid merge.toml: invalid type: sequence, expected a file path, or a table",
        ),
    ] {
        p.write("merge.toml", toml_with_staff(table).as_bytes());
        let r = p.check();
        assert_eq!(r.code, 1, "{table}: {}", r.stderr);
        r.says(says);
        assert!(!r.stderr.contains("untagged"), "{}", r.stderr);
    }
}

/// Regression: `encoding = "utf-8"`, the spelling `check` itself prints, was refused
/// as an unknown variant (only `utf8` was known).
#[test]
fn encoding_utf_8_with_a_dash_is_known() {
    let p = Project::new("a.csv", &fixture("good-hp.csv"));
    p.write(
        "merge.toml",
        toml_with_staff("{ path = \"a.csv\", encoding = \"utf-8\" }").as_bytes(),
    );
    let r = p.check();
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.prints("[HP] staff a.csv — CSV utf-8 ',' — 2 rows, 0 rejected");
}

/// Regression: `delimiter = "\""` (or a line break) was accepted and every row of the
/// file was then misread.
#[test]
fn quote_or_line_break_as_delimiter_is_refused() {
    let p = Project::new("a.csv", &fixture("good-hp.csv"));
    for d in ["\\\"", "\\n", "\\r"] {
        p.write(
            "merge.toml",
            toml_with_staff(&format!("{{ path = \"a.csv\", delimiter = \"{d}\" }}")).as_bytes(),
        );
        let r = p.check();
        assert_eq!(r.code, 1, "{d}: {}", r.stderr);
        r.says("must be one character: \",\", \";\" or \"\\t\"");
    }
}

#[test]
fn input_path_that_is_a_folder_is_named() {
    let p = Project::new("a.csv", &fixture("good-hp.csv"));
    let before = p.good_outputs();
    std::fs::remove_file(p.dir().join("a.csv")).unwrap();
    std::fs::create_dir(p.dir().join("a.csv")).unwrap();
    let r = p.merge();
    assert_eq!(r.code, 1, "{}", r.stderr);
    r.says("merge.toml: staff = ");
    r.says("a.csv\": is a folder, a file is needed");
    p.assert_outputs_unchanged(&before);
}

// ---------------------------------------------------------------------------------
// Rows that cannot be read: the run goes on, each such row `rejected` with a reason.
// ---------------------------------------------------------------------------------

#[test]
fn header_only_file_has_no_rows_and_no_rejections() {
    let p = Project::new("header-only.csv", &fixture("header-only.csv"));
    let r = p.merge();
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(p.lineage_of("header-only.csv"), Vec::<Lineage>::new());
    assert_eq!(p.lineage().len(), 2, "HD's two rows");
}

#[test]
fn mixed_line_endings_keep_every_row_on_its_line() {
    let p = Project::new("mixed-eol.csv", &fixture("mixed-eol.csv"));
    let r = p.merge();
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        p.lineage_of("mixed-eol.csv"),
        vec![
            Lineage::kept(2, "2"),
            Lineage::kept(3, "3"),
            Lineage::kept(4, "4"),
            Lineage::kept(5, "5"),
        ]
    );
    let staff = read_text(&p.out().join("staff.csv"));
    for name in [
        "Nguyễn Văn An",
        "Trần Văn Bình",
        "Lê Văn Cường",
        "Đỗ Thị Dung",
    ] {
        assert!(staff.contains(name), "{name} in {staff}");
    }
}

#[test]
fn broken_quote_at_the_end_rejects_its_line() {
    let p = Project::new("broken-quote-end.csv", &fixture("broken-quote-end.csv"));
    let r = p.merge();
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        p.lineage_of("broken-quote-end.csv"),
        vec![
            Lineage::kept(2, "2"),
            Lineage::kept(3, "3"),
            Lineage::rejected(4, "L4", "a quote is opened and never closed"),
        ]
    );
    let conflicts = read_text(&p.out().join("conflicts.csv"));
    assert!(
        conflicts.contains("rejected_row,error,HP:staff:L4")
            && conflicts.contains("line 4 rejected: a quote is opened and never closed"),
        "{conflicts}"
    );
    // Error-severity conflicts remain: --strict says so with exit code 3.
    assert_eq!(p.merge_with(&["--strict"]).code, 3);
}

#[test]
fn ragged_rows_are_rejected_with_their_cell_counts() {
    let p = Project::new("ragged.csv", &fixture("ragged.csv"));
    let r = p.merge();
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        p.lineage_of("ragged.csv"),
        vec![
            Lineage::kept(2, "2"),
            Lineage::rejected(3, "L3", "ragged row: 2 cells, the header has 3"),
            Lineage::rejected(4, "L4", "ragged row: 4 cells, the header has 3"),
            // Empty cells past the header are Excel padding, not a ragged row.
            Lineage::kept(5, "5"),
        ]
    );
    r.prints("6 rows → 4 persons (0 records merged, 2 rows rejected)");
}

#[test]
fn rows_without_a_name_are_rejected() {
    let p = Project::new("no-name-rows.csv", &fixture("no-name-rows.csv"));
    let r = p.merge();
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        p.lineage_of("no-name-rows.csv"),
        vec![
            Lineage::kept(2, "NS1"),
            Lineage::rejected(3, "NS2", "no name"),
            Lineage::rejected(4, "NS3", "no name"),
        ]
    );
}

#[test]
fn duplicate_record_ids_are_kept_apart_and_reported() {
    let p = Project::new("duplicate-ids.csv", &fixture("duplicate-ids.csv"));
    let r = p.merge();
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        p.lineage_of("duplicate-ids.csv"),
        vec![
            Lineage::kept(2, "NS1"),
            Lineage::kept(3, "NS1~L3"),
            Lineage::kept(4, "NS2"),
        ]
    );
    let conflicts = read_text(&p.out().join("conflicts.csv"));
    assert!(
        conflicts.contains(
            "invalid_value,warning,HP:staff:NS1~L3,record_id,NS1,\"record id \"\"NS1\"\" repeats line 2; line 3 was given id NS1~L3\""
        ),
        "{conflicts}"
    );
}

/// Regression: a valid multi-line cell (Alt+Enter in Excel) in the last row was taken
/// for an unclosed quote; the row was rejected, its second line rejected again.
#[test]
fn multiline_cell_in_the_last_row_is_kept() {
    let p = Project::new(
        "a.csv",
        "Họ và tên,Ghi chú,Ngày sinh\nNguyễn Văn An,\"dòng 1\ndòng 2\",1980\n".as_bytes(),
    );
    let r = p.merge();
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(p.lineage_of("a.csv"), vec![Lineage::kept(2, "2")]);
    assert!(read_text(&p.out().join("staff.csv")).contains("\"dòng 1\ndòng 2\""));
}

/// Regression: a stray quote closed on the next line glued two rows into one record,
/// and the second row disappeared from the lineage.
#[test]
fn stray_quote_does_not_swallow_the_next_row() {
    let p = Project::new(
        "a.csv",
        "Họ và tên,Ngày sinh\nNguyễn Văn An,1980\n\"Trần Văn Bình,1981\n\"Lê\" Văn Cường,1982\nĐỗ Thị Dung,1983\n"
            .as_bytes(),
    );
    let r = p.merge();
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        p.lineage_of("a.csv"),
        vec![
            Lineage::kept(2, "2"),
            Lineage::rejected(3, "L3", "a quote is opened and never closed"),
            Lineage::kept(4, "4"),
            Lineage::kept(5, "5"),
        ]
    );
}

// ---------------------------------------------------------------------------------
// Units and plan files.
// ---------------------------------------------------------------------------------

fn org_project(units_hp: &[u8], plan: Option<&[u8]>) -> Project {
    let p = Project::new(
        "a.csv",
        "Mã cán bộ,Họ và tên,Đơn vị\nA1,Nguyễn Văn An,P1\nA2,Trần Thị Bé,P2\n".as_bytes(),
    );
    p.write("ua.csv", units_hp);
    p.write(
        "ub.csv",
        "Mã đơn vị,Tên đơn vị,Mã đơn vị cấp trên,Loại\nVPB,Văn phòng B,,Cơ quan\nQ1,Phòng Q,VPB,Phòng\n"
            .as_bytes(),
    );
    let mut toml = String::from(
        "target = \"HP\"\n[[sources]]\nkey = \"HP\"\nstaff = \"a.csv\"\nunits = \"ua.csv\"\n\
         [[sources]]\nkey = \"HD\"\nstaff = \"b.csv\"\nunits = \"ub.csv\"\n",
    );
    if let Some(plan) = plan {
        p.write("plan.csv", plan);
        toml.push_str("[plan]\nunits = \"plan.csv\"\n");
    }
    p.write("merge.toml", toml.as_bytes());
    p
}

#[test]
fn unit_file_with_a_cycle_is_reported_and_broken() {
    let p = org_project(&fixture("units-cycle.csv"), None);
    let r = p.merge();
    assert_eq!(r.code, 0, "{}", r.stderr);
    let conflicts = read_text(&p.out().join("conflicts.csv"));
    assert!(
        conflicts.contains(
            "org_structure,error,HP:unit:P1|HP:unit:P2|HP:unit:VP,parent,,Units HP:unit:VP → HP:unit:P1 → HP:unit:P2 are each other's parents in a cycle; each is treated as a root for now"
        ),
        "{conflicts}"
    );
    // Nobody is lost to the cycle.
    assert_eq!(p.lineage_of("a.csv").len(), 2);
    assert!(read_text(&p.out().join("units.csv")).contains("P1,Phòng Tổng hợp"));
}

#[test]
fn plan_pointing_to_unknown_units_is_reported() {
    let p = org_project(
        &fixture("units-cycle.csv"),
        Some(&fixture("plan-unknown-units.csv")),
    );
    let r = p.merge();
    assert_eq!(r.code, 0, "{}", r.stderr);
    let conflicts = read_text(&p.out().join("conflicts.csv"));
    for want in [
        "org_structure,error,HD:unit:KHONGCO,unit,KHONGCO,Plan line 2 (unit 'KHONGCO') names an old unit that is in no units file; the row is ignored",
        "org_structure,error,XX:unit:P1,unit,P1,\"Plan line 3 (unit 'P1') names source 'XX', which merge.toml does not list; the row is ignored\"",
    ] {
        assert!(conflicts.contains(want), "{want}\nin\n{conflicts}");
    }
}

/// Regression: a ragged or broken row of a units or plan file was left out of
/// `lineage.csv` and of the conflicts — dropped without a word in `merge`.
#[test]
fn rejected_rows_of_units_and_plan_files_reach_lineage_and_conflicts() {
    let p = org_project(
        "Mã đơn vị,Tên đơn vị,Mã đơn vị cấp trên,Loại\nVP,Văn phòng,,Cơ quan\nP1,Phòng Một,VP,Phòng,thừa\n\"P2,Phòng Hai\n"
            .as_bytes(),
        Some("Mã đơn vị cũ,Mã đơn vị mới\nP1\n".as_bytes()),
    );
    let r = p.merge();
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows: Vec<Lineage> = p
        .lineage()
        .into_iter()
        .filter(|l| l.roster == "units" || l.roster == "plan")
        .collect();
    assert_eq!(
        rows,
        vec![
            Lineage {
                roster: "units".into(),
                ..Lineage::rejected(3, "L3", "ragged row: 5 cells, the header has 4")
            }
            .in_file("ua.csv"),
            Lineage {
                roster: "units".into(),
                ..Lineage::rejected(4, "L4", "a quote is opened and never closed")
            }
            .in_file("ua.csv"),
            Lineage {
                roster: "plan".into(),
                source: String::new(),
                ..Lineage::rejected(2, "L2", "ragged row: 1 cells, the header has 2")
            }
            .in_file("plan.csv"),
        ]
    );
    let conflicts = read_text(&p.out().join("conflicts.csv"));
    for want in [
        "rejected_row,error,HP:unit:L3,,3,\"line 3 of the units file rejected: ragged row: 5 cells, the header has 4\"",
        "rejected_row,error,HP:unit:L4,,4,line 4 of the units file rejected: a quote is opened and never closed",
        "rejected_row,error,plan:L2,,2,\"line 2 of the plan rejected: ragged row: 1 cells, the header has 2\"",
    ] {
        assert!(conflicts.contains(want), "{want}\nin\n{conflicts}");
    }
    r.prints("3 rows rejected");
}

// ---------------------------------------------------------------------------------
// Big inputs: bounded by input size (timings are measured by hand, not asserted).
// ---------------------------------------------------------------------------------

#[test]
fn a_million_character_cell_is_carried_whole() {
    let note = million_char_cell();
    let name = format!("Nguyễn {}", "Văn ".repeat(1000));
    let mut csv = String::from("Họ và tên,Ngày sinh,Ghi chú\nNguyễn Văn An,1980,ngắn\n");
    csv.push_str(&format!("Trần Thị Bình,1981,\"{note}\"\n"));
    csv.push_str(&format!("\"{name}\",1982,x\n"));
    let p = Project::new("a.csv", csv.as_bytes());
    let r = p.merge();
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        p.lineage_of("a.csv"),
        vec![
            Lineage::kept(2, "2"),
            Lineage::kept(3, "3"),
            Lineage::kept(4, "4")
        ]
    );
    let staff = read_text(&p.out().join("staff.csv"));
    assert!(
        staff.contains(&note),
        "the 1,000,000 characters reach the output"
    );
}

#[test]
fn ten_thousand_columns_are_all_kept() {
    let cols = 10_000;
    let mut csv = String::from("Họ và tên");
    for c in 1..cols {
        csv.push_str(&format!(",Cột {c}"));
    }
    csv.push('\n');
    for r in 0..20 {
        csv.push_str(&format!("Người Thứ {r}"));
        for c in 1..cols {
            csv.push_str(&format!(",{}", c * r));
        }
        csv.push('\n');
    }
    let p = Project::new("a.csv", csv.as_bytes());
    let r = p.merge();
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(p.lineage_of("a.csv").len(), 20);
    let staff = read_text(&p.out().join("staff.csv"));
    let header = staff.lines().next().unwrap();
    assert!(
        header.contains(",Cột 1,Cột 2,") && header.contains(",Cột 9999,"),
        "every kept column reaches staff.csv"
    );
    assert!(staff.contains(&format!(",{},", 9_999 * 19)));
}

// ---------------------------------------------------------------------------------
// The output folder.
// ---------------------------------------------------------------------------------

#[test]
fn output_folder_that_is_an_input_folder_is_refused() {
    let p = Project::new("a.csv", &fixture("good-hp.csv"));
    std::fs::create_dir(p.dir().join("hd")).unwrap();
    std::fs::rename(p.dir().join("b.csv"), p.dir().join("hd/b.csv")).unwrap();
    p.write(
        "merge.toml",
        toml_with_staff("\"a.csv\"")
            .replace("\"b.csv\"", "\"hd/b.csv\"")
            .as_bytes(),
    );
    let inputs = snapshot(&p.dir());
    let r = p.merge_into(&p.dir().join("hd"));
    assert_eq!(r.code, 1, "{}", r.stderr);
    r.says("the output folder holds an input file");
    r.says("choose another folder with --out: outputs replace the whole folder");
    assert_eq!(snapshot(&p.dir()), inputs, "inputs untouched");
    // The project folder itself holds every input.
    let r = p.merge_into(&p.dir());
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(snapshot(&p.dir()), inputs, "inputs untouched");
}

/// Regression: merge.toml was not counted as an input, so `--out` on a folder holding
/// only the project file (its data elsewhere) replaced it — and deleted merge.toml.
#[test]
fn output_folder_holding_the_project_file_is_refused() {
    let p = Project::new("a.csv", &fixture("good-hp.csv"));
    std::fs::create_dir(p.dir().join("proj")).unwrap();
    p.write(
        "proj/merge.toml",
        toml_with_staff("\"../a.csv\"")
            .replace("\"b.csv\"", "\"../b.csv\"")
            .as_bytes(),
    );
    let toml = std::fs::read(p.dir().join("proj/merge.toml")).unwrap();
    let r = sapnhap()
        .args(["--lang", "en", "merge"])
        .arg(p.dir().join("proj"))
        .arg("--out")
        .arg(p.dir().join("proj"))
        .output()
        .unwrap();
    let r = Outcome::from(r);
    assert_eq!(r.code, 1, "{}", r.stderr);
    r.says("the output folder holds an input file");
    r.says("merge.toml");
    assert_eq!(
        std::fs::read(p.dir().join("proj/merge.toml")).unwrap(),
        toml
    );
}

/// Regression: `--out` naming an existing file replaced the file with a folder.
#[test]
fn output_path_that_is_a_file_is_refused() {
    let p = Project::new("a.csv", &fixture("good-hp.csv"));
    p.write("notes.txt", b"my notes");
    let r = p.merge_into(&p.dir().join("notes.txt"));
    assert_eq!(r.code, 1, "{}", r.stderr);
    r.says("notes.txt: a file of this name exists; --out must be a folder");
    assert_eq!(
        std::fs::read(p.dir().join("notes.txt")).unwrap(),
        b"my notes"
    );
}

#[test]
fn output_folder_that_cannot_be_created_keeps_nothing_half_written() {
    let p = Project::new("a.csv", &fixture("good-hp.csv"));
    p.write("file", b"x");
    // A folder inside a regular file cannot be made, root or not.
    let r = p.merge_into(&p.dir().join("file/out"));
    assert_eq!(r.code, 1, "{}", r.stderr);
    r.says("file/out: cannot write the outputs");
    r.says("previous outputs are untouched");
    assert_eq!(std::fs::read(p.dir().join("file")).unwrap(), b"x");
}

#[test]
fn read_only_output_folder_keeps_previous_outputs() {
    // chmod does not stop root: a read-only mount does. Without either, say so.
    let p = Project::new("a.csv", &fixture("good-hp.csv"));
    let Some(mnt) = Mount::tmpfs(&p.root().join("mnt"), "size=4m") else {
        return;
    };
    let out = mnt.path().join("out");
    let r = p.merge_into(&out);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let before = snapshot(&out);
    mnt.remount("ro,size=4m");
    p.write("a.csv", &fixture("ragged.csv"));
    let r = p.merge_into(&out);
    assert_eq!(r.code, 1, "{}", r.stderr);
    r.says("out: cannot write the outputs");
    r.says("Read-only file system");
    r.says("previous outputs are untouched");
    assert_eq!(snapshot(&out), before);
}

#[test]
fn disk_full_keeps_previous_outputs() {
    let p = Project::new("a.csv", &fixture("good-hp.csv"));
    // Room for the small run's outputs, not for a second, bigger set beside them.
    let Some(mnt) = Mount::tmpfs(&p.root().join("mnt"), "size=512k") else {
        return;
    };
    let out = mnt.path().join("out");
    let r = p.merge_into(&out);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let before = snapshot(&out);
    p.write("a.csv", many_rows(3_000).as_bytes());
    let r = p.merge_into(&out);
    assert_eq!(r.code, 1, "{}", r.stderr);
    r.says("out: cannot write the outputs");
    r.says("No space left on device");
    r.says("previous outputs are untouched");
    assert_eq!(snapshot(&out), before);
    assert_eq!(
        names_in(mnt.path()),
        vec!["out".to_string()],
        "no staging folder left behind"
    );
}

#[test]
fn check_reads_every_fixture_without_a_panic() {
    // Every fixture, as HP's staff file: an exit code of 0 or 1, never a crash.
    for entry in std::fs::read_dir(Path::new(FIXTURES)).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".toml") || name.ends_with(".md") {
            continue;
        }
        let p = Project::new(&name, &std::fs::read(&path).unwrap());
        let r = p.check();
        assert!(
            r.code == 0 || r.code == 1,
            "{name}: exit {}: {}",
            r.code,
            r.stderr
        );
        assert!(
            !r.stderr.contains("panicked") && !r.stderr.contains("RUST_BACKTRACE"),
            "{name}: {}",
            r.stderr
        );
        if r.code == 1 {
            assert!(r.stderr.contains(&name), "{name} named: {}", r.stderr);
        }
    }
}

#[test]
fn hostile_decisions_files_stop_naming_them() {
    let p = Project::new("a.csv", &fixture("good-hp.csv"));
    let before = p.good_outputs();
    std::fs::create_dir(p.dir().join("folder")).unwrap();
    p.write("empty.csv", b"");
    p.write("pdf.csv", &fixture("pdf-renamed.csv"));
    p.write("junk.xlsx", &fixture("zip-of-junk.xlsx"));
    for (file, says) in [
        ("folder", "folder: is a folder, not a file"),
        (
            "empty.csv",
            "empty.csv:1: a decisions file needs the columns `action` and `subject`",
        ),
        ("pdf.csv", "pdf.csv: this is a PDF, not a CSV"),
        (
            "junk.xlsx",
            "junk.xlsx: cannot open the Excel file (damaged or not an XLSX)",
        ),
        ("missing.csv", "missing.csv: cannot read file"),
    ] {
        let decisions = p.dir().join(file);
        let r = p.merge_with(&["--decisions", decisions.to_str().unwrap()]);
        assert_eq!(r.code, 1, "{file}: {}", r.stderr);
        r.says(says);
        p.assert_outputs_unchanged(&before);
    }
}

/// Regression: an XLSX of 1.5 KB with one value in cell XFD1048576 (the last cell of
/// a sheet) aborted the run: calamine allocated a dense 17-billion-cell grid (550 GB).
#[test]
fn xlsx_with_a_value_in_the_last_cell_is_read() {
    let p = Project::new("far-corner-cell.xlsx", &fixture("far-corner-cell.xlsx"));
    let r = p.merge();
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        p.lineage_of("far-corner-cell.xlsx"),
        vec![
            Lineage::kept(2, "2"),
            Lineage::rejected(1_048_576, "1048576", "no name"),
        ]
    );
}

#[test]
fn init_on_a_folder_of_hostile_files_skips_them_by_name() {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(FIXTURES).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    std::fs::remove_file(dir.path().join("wrong-types.toml")).unwrap();
    std::fs::create_dir(dir.path().join("folder.csv")).unwrap();
    let r: Outcome = sapnhap()
        .args(["--lang", "en", "init"])
        .arg(dir.path())
        .output()
        .unwrap()
        .into();
    assert_eq!(r.code, 0, "{}", r.stderr);
    for f in [
        "binary-junk.csv",
        "invalid-utf8.csv",
        "nul-bytes.csv",
        "pdf-renamed.csv",
        "truncated.xlsx",
        "zip-of-junk.xlsx",
    ] {
        assert!(
            r.stderr
                .lines()
                .any(|l| l.starts_with("skipped (unreadable): ") && l.ends_with(f)),
            "{f}: {}",
            r.stderr
        );
    }
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert!(dir.path().join("merge.toml").is_file());
}
