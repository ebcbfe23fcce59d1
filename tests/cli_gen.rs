//! `sapnhap gen` run as a user runs it: a complete project in a fresh folder.

#![allow(clippy::unwrap_used)]

use assert_cmd::Command;

fn sapnhap() -> Command {
    let mut c = Command::cargo_bin("sapnhap").unwrap();
    c.env_remove("SAPNHAP_LANG");
    c
}

#[test]
fn gen_writes_a_complete_project() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("hai-phong");
    let run = sapnhap()
        .args([
            "gen",
            out.to_str().unwrap(),
            "--people",
            "120",
            "--seed",
            "3",
            "--lang",
            "en",
        ])
        .output()
        .unwrap();
    assert!(run.status.success());
    assert!(String::from_utf8_lossy(&run.stdout).contains("records"));
    for f in [
        "merge.toml",
        "truth.csv",
        "phuong-an.csv",
        "hp/can-bo.csv",
        "hp/dang-vien.csv",
        "hp/don-vi.csv",
        "hd/nhan-su.xlsx",
        "hd/dang-vien.csv",
        "hd/don-vi.csv",
    ] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    let toml = std::fs::read_to_string(out.join("merge.toml")).unwrap();
    assert!(toml.contains("target = \"HP\""));
    assert!(toml.contains("encoding = \"tcvn3\""));
    // The project file is one sapnhap itself accepts.
    sapnhap_project_loads(&out);
    let truth = std::fs::read_to_string(out.join("truth.csv")).unwrap();
    assert!(truth.starts_with("source,roster,record_id,person\n"));
    assert!(truth.lines().count() > 150);
    let plan = std::fs::read_to_string(out.join("phuong-an.csv")).unwrap();
    assert!(
        plan.contains("Nguồn,Mã đơn vị cũ,Mã đơn vị mới,Tên đơn vị mới,Đơn vị cấp trên mới,Loại")
    );
}

#[test]
fn an_giang_in_plain_csv() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ag");
    sapnhap()
        .args([
            "gen",
            out.to_str().unwrap(),
            "--people",
            "80",
            "--scenario",
            "an-giang",
            "--formats",
            "csv",
            "--quiet",
        ])
        .assert()
        .success()
        .stdout("");
    let staff = std::fs::read_to_string(out.join("ag/nhan-su.csv")).unwrap();
    assert!(staff.starts_with("Mã nhân sự,Họ tên,Ngày sinh,Phái,"));
    assert!(
        std::fs::read_to_string(out.join("kg/dang-vien.csv"))
            .unwrap()
            .contains("Chi bộ")
    );
    sapnhap_project_loads(&out);
}

#[test]
fn gen_refuses_a_folder_with_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("keep.txt"), "x").unwrap();
    sapnhap()
        .args(["gen", dir.path().to_str().unwrap()])
        .assert()
        .code(2);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

fn sapnhap_project_loads(dir: &std::path::Path) {
    let p = sapnhap::project::Project::load(dir, sapnhap::i18n::Lang::En).unwrap();
    assert_eq!(p.sources.len(), 2);
    assert!(p.plan.is_some());
}
