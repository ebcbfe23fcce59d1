//! `sapnhap merge` on the bundled samples: the review loop (answer conflicts, run
//! again), determinism across runs and `--threads`, formula safety, ID masking,
//! `--strict`, atomic replacement of the output folder, and `init`.

mod common;

use common::{read_csv, sample, sapnhap};

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn merge(project: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    sapnhap()
        .arg("merge")
        .arg(project)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

/// A merge that must succeed (its stderr shown if it does not).
fn merge_ok(project: &Path, out: &Path, extra: &[&str]) {
    let o = merge(project, out, extra);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// `text` written as the project's decisions file, then a merge with it.
fn merge_deciding(project: &Path, out: &Path, text: &str, extra: &[&str]) {
    let decisions = project.join("quyet-dinh.csv");
    std::fs::write(&decisions, text).unwrap();
    let mut args = vec!["--decisions", decisions.to_str().unwrap()];
    args.extend_from_slice(extra);
    merge_ok(project, out, &args);
}

/// The details of the `stale_decision` conflicts of a run (`en`: English headers).
fn stale_details(out: &Path, en: bool) -> Vec<String> {
    let (kind, detail) = if en {
        ("kind", "detail")
    } else {
        ("Loại", "Chi tiết")
    };
    read_csv(&out.join("conflicts.csv"))
        .into_iter()
        .filter(|c| c[kind] == "stale_decision")
        .map(|c| c[detail].clone())
        .collect()
}

/// REF → person_id from lineage.csv.
fn persons(out: &Path) -> BTreeMap<String, String> {
    read_csv(&out.join("lineage.csv"))
        .into_iter()
        .map(|r| {
            (
                format!("{}:{}:{}", r["source"], r["roster"], r["record_id"]),
                r["person_id"].clone(),
            )
        })
        .collect()
}

fn drop_plan(project: &Path) {
    let toml = project.join("merge.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    let cut = text.find("[plan]").unwrap();
    std::fs::write(&toml, &text[..cut]).unwrap();
}

#[test]
fn review_loop_applies_every_kind_of_decision() {
    // an-giang: its seed gives a pair in the review band.
    let (_tmp, project) = sample("an-giang");
    // Without a plan, department guesses become unit_mapping conflicts to accept.
    drop_plan(&project);
    let out1 = project.join("out1");
    merge_ok(&project, &out1, &[]);
    let conflicts = read_csv(&out1.join("conflicts.csv"));
    let before = persons(&out1);
    let first = |kind: &str| {
        conflicts
            .iter()
            .find(|c| c["Loại"] == kind)
            .unwrap_or_else(|| panic!("the sample has a {kind} conflict"))
            .clone()
    };
    let dup = first("possible_duplicate");
    let disagreement = conflicts
        .iter()
        .find(|c| c["Loại"] == "field_disagreement" && c["Trường"] == "birth_date")
        .expect("a birth-date disagreement")
        .clone();
    let mapping = first("unit_mapping");
    // A pair the model merged, to be split by hand.
    let matches = read_csv(&out1.join("matches.csv"));
    let merged = matches
        .iter()
        .find(|m| {
            m["decision"] == "match"
                && before[&m["left"]] == before[&m["right"]]
                && !dup["Đối tượng"].contains(&m["left"])
                && !disagreement["Đối tượng"].contains(&m["left"])
        })
        .expect("a merged pair")
        .clone();

    // The reviewer answers in the conflicts file itself (Vietnamese headers) …
    let mut decided =
        String::from("\u{FEFF}Mã xung đột,Loại,Đối tượng,Trường,Xử lý,Giá trị,Ghi chú\n");
    for (c, action, value) in [
        (&dup, "same", ""),
        (&disagreement, "set", "01/02/1970"),
        (&mapping, "accept", ""),
    ] {
        decided.push_str(&format!(
            "{},{},{},{},{action},{value},\n",
            c["Mã xung đột"], c["Loại"], c["Đối tượng"], c["Trường"]
        ));
    }
    // … plus a hand-written line for the wrong merge.
    decided.push_str(&format!(
        ",,{} | {},,different,,tách\n",
        merged["left"], merged["right"]
    ));
    let decisions = project.join("quyet-dinh.csv");
    std::fs::write(&decisions, decided).unwrap();

    let out2 = project.join("out2");
    merge_ok(
        &project,
        &out2,
        &["--decisions", decisions.to_str().unwrap()],
    );
    let after = persons(&out2);

    // same: the pair is one person now.
    let pair: Vec<&str> = dup["Đối tượng"].split('|').collect();
    assert_eq!(after[pair[0]], after[pair[1]], "same was applied");
    assert_ne!(before[pair[0]], before[pair[1]]);
    // different: the merged pair is split.
    assert_ne!(
        after[&merged["left"]], after[&merged["right"]],
        "different was applied"
    );
    // set: the value wins in the roster for that person.
    let subject = disagreement["Đối tượng"]
        .split('|')
        .next()
        .unwrap()
        .to_string();
    let pid = &after[&subject];
    let rows: Vec<_> = read_csv(&out2.join("staff.csv"))
        .into_iter()
        .chain(read_csv(&out2.join("party_members.csv")))
        .filter(|r| &r["Mã người"] == pid)
        .collect();
    assert!(!rows.is_empty());
    assert!(
        rows.iter().all(|r| r["Ngày sinh"] == "01/02/1970"),
        "{rows:?}"
    );
    // The answered conflicts are gone.
    let ids: BTreeSet<String> = read_csv(&out2.join("conflicts.csv"))
        .into_iter()
        .map(|c| c["Mã xung đột"].clone())
        .collect();
    for c in [&dup, &disagreement, &mapping] {
        assert!(
            !ids.contains(&c["Mã xung đột"]),
            "{} came back",
            c["Mã xung đột"]
        );
    }
    // Untouched clusters keep their person_id.
    let touched: BTreeSet<&String> = [pair[0], pair[1], &merged["left"], &merged["right"]]
        .into_iter()
        .flat_map(|r| [&before[r], &after[r]])
        .collect();
    let mut unchanged = 0;
    for (r, p) in &before {
        if !touched.contains(p) && !touched.contains(&after[r]) {
            assert_eq!(p, &after[r], "person_id of {r} changed");
            unchanged += 1;
        }
    }
    assert!(unchanged > 500, "{unchanged}");
}

#[test]
fn without_a_plan_same_named_departments_join() {
    let (_tmp, project) = sample("hai-phong");
    drop_plan(&project);
    let out = project.join("out");
    let o = merge(&project, &out, &["--lang", "en"]);
    assert_eq!(o.status.code(), Some(0));
    let units = read_csv(&out.join("units.csv"));
    let tong_hop: Vec<_> = units
        .iter()
        .filter(|u| u["name"] == "Phòng Tổng hợp")
        .collect();
    assert_eq!(tong_hop.len(), 1, "one joined department");
    assert!(
        tong_hop[0]["merged_from"].contains("HD:") && tong_hop[0]["merged_from"].contains("HP:")
    );
    let guesses = read_csv(&out.join("conflicts.csv"))
        .into_iter()
        .filter(|c| c["kind"] == "unit_mapping")
        .count();
    let hd_units = std::fs::read(project.join("hd/don-vi.csv")).unwrap();
    let hd_rows = hd_units
        .split(|b| *b == b'\n')
        .filter(|l| l.len() > 1)
        .count()
        - 1;
    assert_eq!(guesses, hd_rows, "one unit_mapping per guessed HD unit");
}

/// Everything but the timings of run.json.
fn snapshot(out: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for e in std::fs::read_dir(out).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().into_owned();
        let mut bytes = std::fs::read(e.path()).unwrap();
        if name == "run.json" {
            let mut v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            v.as_object_mut().unwrap().remove("timings_seconds");
            v.as_object_mut().unwrap().remove("peak_memory_mib");
            v["matching"].as_object_mut().unwrap().remove("timings");
            bytes = serde_json::to_vec(&v).unwrap();
        }
        files.insert(name, bytes);
    }
    files
}

#[test]
fn outputs_are_identical_across_runs_and_threads() {
    let (_tmp, project) = sample("an-giang");
    let runs: Vec<_> = [["--threads", "1"], ["--threads", "2"], ["--threads", "2"]]
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let out = project.join(format!("out{i}"));
            let o = merge(&project, &out, &[t[0], t[1], "--xlsx"]);
            assert_eq!(o.status.code(), Some(0));
            snapshot(&out)
        })
        .collect();
    assert!(runs[0].len() >= 10, "{:?}", runs[0].keys());
    for (name, bytes) in &runs[0] {
        assert!(
            &runs[1][name] == bytes,
            "{name} differs between --threads 1 and 2"
        );
        assert!(&runs[2][name] == bytes, "{name} differs between two runs");
    }
}

#[test]
fn formulas_in_cells_come_out_harmless() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(
        p.join("a.csv"),
        "Họ và tên,Số điện thoại,Ghi chú\n\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",+84 912 345 678,@SUM(A1)\nLê Văn An,0912000111,-1\n",
    )
    .unwrap();
    std::fs::write(p.join("b.csv"), "Họ và tên\nTrần Bình\n").unwrap();
    std::fs::write(
        p.join("merge.toml"),
        "[[sources]]\nkey = \"A\"\nstaff = \"a.csv\"\n[[sources]]\nkey = \"B\"\nstaff = \"b.csv\"\n",
    )
    .unwrap();
    let out = p.join("out");
    merge_ok(p, &out, &["--xlsx", "--lang", "en"]);
    let staff = read_csv(&out.join("staff.csv"));
    for row in &staff {
        for (col, v) in row {
            assert!(
                !v.starts_with(['=', '+', '-', '@']),
                "{col} = {v:?} would run as a formula"
            );
        }
    }
    assert!(
        staff
            .iter()
            .any(|r| r["full_name"].to_lowercase().contains("hyperlink"))
    );
    assert!(staff.iter().any(|r| r["Ghi chú"] == "'@SUM(A1)"));
    use calamine::{Data, Reader, open_workbook_auto};
    let mut wb = open_workbook_auto(out.join("review.xlsx")).unwrap();
    for sheet in wb.sheet_names().to_vec() {
        let range = wb.worksheet_range(&sheet).unwrap();
        for cell in range.used_cells() {
            if let Data::String(s) = cell.2 {
                assert!(!s.starts_with(['=', '+', '-', '@']), "{sheet}: {s:?}");
            }
        }
        let formulas = wb.worksheet_formula(&sheet).unwrap();
        assert!(
            formulas.used_cells().all(|c| c.2.is_empty()),
            "no formula cells in {sheet}"
        );
    }
}

#[test]
fn a_failed_run_leaves_previous_outputs_intact() {
    let (_tmp, project) = sample("hai-phong");
    let out = project.join("out");
    assert_eq!(merge(&project, &out, &[]).status.code(), Some(0));
    let good = snapshot(&out);
    let o = sapnhap()
        .env("SAPNHAP_FAILPOINT", "emit")
        .arg("merge")
        .arg(&project)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("kết quả cũ được giữ nguyên"));
    assert_eq!(snapshot(&out), good);
    let leftovers: Vec<_> = std::fs::read_dir(&project)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".out"))
        .collect();
    assert!(leftovers.is_empty(), "no staging folder left behind");
}

#[test]
fn output_folder_holding_inputs_is_refused() {
    let (_tmp, project) = sample("hai-phong");
    let o = merge(&project, &project.join("hp"), &["--lang", "en"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("the output folder holds an input file"));
    assert!(project.join("hp/can-bo.csv").exists());
}

#[test]
fn strict_exits_3_while_errors_remain_and_mask_ids_hides_numbers() {
    let (_tmp, project) = sample("hai-phong");
    let out = project.join("out");
    let o = merge(&project, &out, &["--strict", "--mask-ids"]);
    let conflicts = read_csv(&out.join("conflicts.csv"));
    let errors = conflicts.iter().filter(|c| c["Mức độ"] == "lỗi").count();
    assert!(errors > 0);
    assert_eq!(o.status.code(), Some(3));
    // Without the flag the numbers are there; with it none of them is.
    let out2 = project.join("out2");
    assert_eq!(merge(&project, &out2, &[]).status.code(), Some(0));
    let ids: BTreeSet<String> = read_csv(&out2.join("staff.csv"))
        .into_iter()
        .map(|r| r["Số CCCD/CMND"].clone())
        .filter(|id| id.len() >= 9)
        .collect();
    assert!(ids.len() > 100);
    let plain = std::fs::read_to_string(out2.join("conflicts.csv")).unwrap();
    assert!(
        ids.iter().any(|id| plain.contains(id.as_str())),
        "unmasked run shows IDs"
    );
    for file in ["conflicts.csv", "report.html"] {
        let text = std::fs::read_to_string(out.join(file)).unwrap();
        let leaked: Vec<_> = ids.iter().filter(|id| text.contains(id.as_str())).collect();
        assert!(leaked.is_empty(), "{file} shows {leaked:?}");
    }
    assert!(
        std::fs::read_to_string(out.join("conflicts.csv"))
            .unwrap()
            .contains("****")
    );
}

#[test]
fn lineage_reconciles_with_run_json() {
    let (_tmp, project) = sample("an-giang");
    let out = project.join("out");
    assert_eq!(merge(&project, &out, &[]).status.code(), Some(0));
    let lineage = read_csv(&out.join("lineage.csv"));
    let truth = read_csv(&project.join("truth.csv"));
    assert_eq!(lineage.len(), truth.len(), "every data row once");
    let run: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("run.json")).unwrap()).unwrap();
    let c = &run["counts"];
    let n = |k: &str| c[k].as_u64().unwrap();
    assert_eq!(n("read"), lineage.len() as u64);
    assert_eq!(n("read"), n("kept") + n("merged") + n("rejected"));
    let people: BTreeSet<&String> = lineage.iter().map(|r| &r["person_id"]).collect();
    assert_eq!(people.len() as u64, n("persons"));
    // The project file is an input too, hashed like the rosters (SPEC §6).
    let files = run["files"].as_array().unwrap();
    let toml = files.iter().find(|f| f["role"] == "project").unwrap();
    let text = std::fs::read(project.join("merge.toml")).unwrap();
    let sha = sapnhap::read::table::sha256_hex(&text);
    assert_eq!(toml["sha256"].as_str(), Some(sha.as_str()));
}

#[test]
fn init_writes_a_project_that_check_accepts() {
    let (_tmp, project) = sample("hai-phong");
    std::fs::remove_file(project.join("merge.toml")).unwrap();
    let o = sapnhap().arg("init").arg(&project).output().unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = sapnhap()
        .args(["--lang", "en", "check"])
        .arg(&project)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    for line in [
        "[HD] staff hd/nhan-su.xlsx",
        "[HD] party hd/dang-vien.csv — CSV tcvn3",
        "[HD] units hd/don-vi.csv — CSV windows-1258",
        "[HP] staff hp/can-bo.csv",
        "[HP] party hp/dang-vien.csv",
        "[HP] units hp/don-vi.csv",
        "[plan] plan phuong-an.csv",
    ] {
        assert!(text.contains(line), "{line:?} missing in\n{text}");
    }
    // Never overwrites.
    let o = sapnhap().arg("init").arg(&project).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
}

/// The progress bar (SPEC §1) is for a terminal: a merge whose stderr is a pipe
/// or a file writes no bar and no escape code there, only the summary on stdout.
#[test]
fn a_merge_off_a_terminal_draws_no_progress() {
    let (_tmp, project) = sample("hai-phong");
    let out = project.join("out");
    let o = merge(&project, &out, &[]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        o.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("Xong:"));
}

/// Every stage of the pipeline advances the bar, so a terminal sees the run
/// move from reading to collecting conflicts (writing is the last step).
#[test]
fn every_pipeline_stage_advances_the_progress_bar() {
    use sapnhap::i18n::Lang;
    use sapnhap::pipeline::{Options, run_with};
    use sapnhap::progress::{Progress, STAGES};
    let (_tmp, project) = sample("hai-phong");
    let project = sapnhap::project::Project::load(&project, Lang::Vi).unwrap();
    let progress = Progress::hidden();
    let opts = Options {
        decisions: vec![],
        lang: Lang::Vi,
    };
    run_with(project, &opts, &progress).unwrap();
    // All but `write`, which the merge command's output step is.
    assert_eq!(progress.position(), STAGES.len() as u64 - 1);
}

/// Regression (SPEC §7: `accept` confirms the suggestion; a decision that does
/// not apply is reported): accepting a possible duplicate whose suggestion is
/// `same`, in the edited conflicts.csv, merged nothing — it only closed the
/// conflict — and an `accept` of an id no run raised was dropped in silence.
#[test]
fn accepting_a_possible_duplicate_applies_its_suggestion() {
    // The samples' possible duplicates are all suggested `different`; in this
    // generated project, with `accept` raised, likely pairs are suggested `same`.
    let tmp = tempfile::tempdir().unwrap();
    let project = tmp.path().join("gen");
    let o = sapnhap()
        .args(["gen", "--people", "300", "--seed", "3", "--quiet"])
        .arg(&project)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let toml = project.join("merge.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, format!("{text}\n[match]\naccept = 0.999\n")).unwrap();
    let out1 = project.join("out1");
    merge_ok(&project, &out1, &[]);
    let before = persons(&out1);
    let conflicts = read_csv(&out1.join("conflicts.csv"));
    let dup = conflicts
        .iter()
        .find(|c| c["Loại"] == "possible_duplicate" && c["Đề xuất"] == "same")
        .expect("a possible duplicate suggested `same`");
    let pair: Vec<&str> = dup["Đối tượng"].split('|').collect();
    assert_ne!(before[pair[0]], before[pair[1]]);
    let out2 = project.join("out2");
    merge_deciding(
        &project,
        &out2,
        &format!(
            "\u{FEFF}Mã xung đột,Loại,Đối tượng,Đề xuất,Xử lý\n{},{},{},{},Chấp nhận\n,,C-0000000000,,accept\n",
            dup["Mã xung đột"], dup["Loại"], dup["Đối tượng"], dup["Đề xuất"]
        ),
        &[],
    );
    let after = persons(&out2);
    assert_eq!(after[pair[0]], after[pair[1]], "accept merged the pair");
    let conflicts = read_csv(&out2.join("conflicts.csv"));
    assert!(
        !conflicts
            .iter()
            .any(|c| c["Mã xung đột"] == dup["Mã xung đột"])
    );
    let stale = stale_details(&out2, false);
    assert_eq!(stale.len(), 1, "{stale:?}");
    assert!(stale[0].contains("C-0000000000"), "{stale:?}");

    // Written by hand, without the subject and suggestion, the accept cannot
    // merge (the run learns the suggestion while matching): it says so.
    let out3 = project.join("out3");
    merge_deciding(
        &project,
        &out3,
        &format!("action,subject\naccept,{}\n", dup["Mã xung đột"]),
        &[],
    );
    assert_eq!(persons(&out3)[pair[0]], before[pair[0]], "nothing merged");
    let said = stale_details(&out3, false);
    assert!(
        said.iter()
            .any(|d| d.contains("chỉ đóng xung đột") && d.contains(pair[0])),
        "{said:?}"
    );
}

/// Regression (SPEC §7: a decision that no longer applies or contradicts
/// another is reported, never silently ignored): a `unit` for a record not in
/// the data, a `set` of a field no roster has, two values `set` for one field,
/// `accept` with `dismiss` of one conflict, and a `set` value that is no date or
/// gender (written out verbatim) all passed without a word.
#[test]
fn decisions_that_cannot_apply_or_contradict_are_reported() {
    let (_tmp, project) = sample("hai-phong");
    let out1 = project.join("out1");
    merge_ok(&project, &out1, &[]);
    let conflict = read_csv(&out1.join("conflicts.csv"))[0]["Mã xung đột"].clone();
    let record = read_csv(&out1.join("lineage.csv"))[0].clone();
    let r = format!(
        "{}:{}:{}",
        record["source"], record["roster"], record["record_id"]
    );
    let out2 = project.join("out2");
    merge_deciding(
        &project,
        &out2,
        &format!(
            "action,subject,field,value,note\n\
             unit,HP:staff:KHONG-CO,,VP01,\n\
             set,{r},foo_field,1,\n\
             set,{r},phone,0912000001,\n\
             set,{r},phone,0912000002,\n\
             accept,{conflict},,,\n\
             dismiss,{conflict},,,\n\
             set,{r},birth_date,31/02/1970,\n\
             set,{r},gender,banana,\n"
        ),
        &["--lang", "en"],
    );
    let stale = stale_details(&out2, true);
    let has = |text: &str| stale.iter().any(|d| d.contains(text));
    assert!(has("records not found: HP:staff:KHONG-CO"), "{stale:?}");
    assert!(has("unknown field `foo_field`"), "{stale:?}");
    assert!(has("(0912000001 / 0912000002)"), "{stale:?}");
    assert!(has("(accept / dismiss)"), "{stale:?}");
    assert!(
        has("`birth_date` a value that cannot be read: '31/02/1970'"),
        "{stale:?}"
    );
    assert!(
        has("`gender` a value that cannot be read: 'banana'"),
        "{stale:?}"
    );
    assert_eq!(stale.len(), 6, "{stale:?}");
}

/// Regression (SPEC §8: every unmapped column reaches the output): columns of
/// the units and plan files that no field takes were read and then dropped.
/// They now follow the new unit into units.csv: the plan's values for the new
/// unit first, then its old units' (the target's first).
#[test]
fn unmapped_columns_of_units_and_plan_reach_units_csv() {
    let (_tmp, project) = sample("hai-phong");
    let add_column = |file: &str, header: &str, value: &dyn Fn(usize, &str) -> String| {
        let path = project.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let mut out = String::new();
        for (i, line) in text.lines().enumerate() {
            let cell = if i == 0 {
                header.to_string()
            } else {
                value(i, line)
            };
            out.push_str(&format!("{line},{cell}\n"));
        }
        std::fs::write(&path, out).unwrap();
    };
    // hp/don-vi.csv: code first; the plan: its first column is the source.
    add_column("hp/don-vi.csv", "Địa chỉ trụ sở", &|_, line| {
        format!("Số 1 phố {}", line.split(',').next().unwrap())
    });
    add_column("phuong-an.csv", "Căn cứ quyết định", &|i, _| {
        format!("QĐ {i}/2025")
    });
    let out = project.join("out");
    merge_ok(&project, &out, &[]);
    let units = read_csv(&out.join("units.csv"));
    let vp01 = units.iter().find(|u| u["Mã đơn vị"] == "VP01").unwrap();
    assert_eq!(vp01["Địa chỉ trụ sở"], "Số 1 phố VP01", "{vp01:?}");
    assert!(vp01["Căn cứ quyết định"].starts_with("QĐ "), "{vp01:?}");
}

/// Regression (SPEC §7: `set` takes a REF or a person_id): a `set` on a
/// person_id was reported as needing a record and not applied.
#[test]
fn set_on_a_person_id_gives_the_value_to_that_person() {
    let (_tmp, project) = sample("hai-phong");
    let out1 = project.join("out1");
    merge_ok(&project, &out1, &[]);
    let staff = read_csv(&out1.join("staff.csv"));
    let (person, other) = (staff[3]["Mã người"].clone(), staff[4]["Mã người"].clone());
    let out2 = project.join("out2");
    merge_deciding(
        &project,
        &out2,
        &format!(
            "action,subject,field,value,note\n\
             set,{person},phone,0912345678,\n\
             set,P-0000000000,phone,0912000000,\n\
             set,{other},phone,+84 912 345 679,\n\
             set,{person},national_id,số CCCD,\n"
        ),
        &["--lang", "en"],
    );
    let row = read_csv(&out2.join("staff.csv"))
        .into_iter()
        .find(|r| r["person_id"] == person)
        .unwrap();
    assert_eq!(row["phone"], "0912345678");
    // A value set is shown as the field's own values are: the national form.
    let row = read_csv(&out2.join("staff.csv"))
        .into_iter()
        .find(|r| r["person_id"] == other)
        .unwrap();
    assert_eq!(row["phone"], "0912345679");
    let stale = stale_details(&out2, true);
    assert_eq!(stale.len(), 2, "{stale:?}");
    assert!(
        stale.iter().any(|d| d.contains("no person P-0000000000")),
        "{stale:?}"
    );
    assert!(
        stale
            .iter()
            .any(|d| d.contains("`national_id` a value that cannot be read")),
        "{stale:?}"
    );
}

/// A `unit` decision on a record places that record in the named new unit, and
/// one on an old unit (`SOURCE:unit:CODE`) moves the old unit with its records;
/// neither is reported as stale. (The organisation is built beside the
/// records' normalising from the decisions on units, and the decisions on
/// records join it once the records are known: both must still apply.)
#[test]
fn unit_decisions_move_a_record_and_an_old_unit() {
    let (_tmp, project) = sample("hai-phong");
    let out1 = project.join("out1");
    merge_ok(&project, &out1, &[]);
    let units = read_csv(&out1.join("units.csv"));
    let staff = read_csv(&out1.join("staff.csv"));
    // A staff row of one record, and a department it is not in.
    let row = staff
        .iter()
        .find(|r| !r["Hồ sơ gốc"].contains('|') && !r["Mã đơn vị mới"].is_empty())
        .expect("a staff row of one record")
        .clone();
    let elsewhere = staff
        .iter()
        .map(|r| r["Mã đơn vị mới"].clone())
        .find(|u| !u.is_empty() && *u != row["Mã đơn vị mới"])
        .expect("another unit with staff");
    // An old Party cell merged into a new one, moved to another new cell.
    let (cell, old) = units
        .iter()
        .find_map(|u| {
            let from = u["Hợp nhất từ"].split('|').find(|o| o.starts_with("HD:"))?;
            (u["Loại"] == "Chi bộ").then(|| (u["Mã đơn vị"].clone(), from.to_string()))
        })
        .expect("a cell merged from an HD cell");
    let other_cell = units
        .iter()
        .find(|u| u["Loại"] == "Chi bộ" && u["Mã đơn vị"] != cell)
        .expect("a second cell")["Mã đơn vị"]
        .clone();
    let old_code = old.trim_start_matches("HD:");

    let out2 = project.join("out2");
    merge_deciding(
        &project,
        &out2,
        &format!(
            "action,subject,field,value,note\n\
             unit,{},,{elsewhere},\n\
             unit,HD:unit:{old_code},,{other_cell},\n",
            row["Hồ sơ gốc"]
        ),
        &[],
    );
    let moved = read_csv(&out2.join("staff.csv"))
        .into_iter()
        .find(|r| r["Hồ sơ gốc"] == row["Hồ sơ gốc"])
        .expect("the row is still there");
    assert_eq!(moved["Mã đơn vị mới"], elsewhere);
    let from = |code: &str| {
        read_csv(&out2.join("units.csv"))
            .into_iter()
            .find(|u| u["Mã đơn vị"] == code)
            .map(|u| u["Hợp nhất từ"].clone())
            .unwrap_or_default()
    };
    assert!(
        from(&other_cell).split('|').any(|o| o == old),
        "{}",
        from(&other_cell)
    );
    assert!(!from(&cell).split('|').any(|o| o == old), "{}", from(&cell));
    assert_eq!(stale_details(&out2, false), Vec::<String>::new());
}
