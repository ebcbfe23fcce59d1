//! Helpers of `cli_hostile`: a two-source project in a temp folder whose HP staff file
//! is the hostile one, runs of the real binary, `lineage.csv` rows, byte snapshots of
//! an output folder, and a tmpfs mount for the disk-full and read-only cases.
#![allow(dead_code)]

use assert_cmd::Command;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const FIXTURES: &str = "tests/fixtures/hostile";

pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(FIXTURES).join(name)).unwrap()
}

pub fn sapnhap() -> Command {
    let mut c = Command::cargo_bin("sapnhap").unwrap();
    c.env_remove("SAPNHAP_LANG");
    c
}

pub fn read_text(path: &Path) -> String {
    String::from_utf8(std::fs::read(path).unwrap()).unwrap()
}

/// merge.toml with HP's staff given as `staff` (a TOML value) and HD's as `b.csv`.
pub fn toml_with_staff(staff: &str) -> String {
    format!(
        "name = \"t\"\n[[sources]]\nkey = \"HP\"\nstaff = {staff}\n[[sources]]\nkey = \"HD\"\nstaff = \"b.csv\"\n"
    )
}

/// What a run printed and returned.
#[derive(Debug)]
pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<std::process::Output> for Outcome {
    fn from(o: std::process::Output) -> Self {
        Outcome {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl Outcome {
    /// The error message contains `text`; it is one line, with no panic or backtrace.
    pub fn says(&self, text: &str) {
        assert!(
            self.stderr.contains(text),
            "expected {text:?} in stderr:\n{}",
            self.stderr
        );
        assert!(
            self.stderr.starts_with("error: ") && self.stderr.trim_end().lines().count() == 1,
            "one error line: {}",
            self.stderr
        );
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
    }
    pub fn prints(&self, text: &str) {
        assert!(
            self.stdout.contains(text),
            "expected {text:?} in stdout:\n{}",
            self.stdout
        );
    }
}

/// A project in `ROOT/p` (HP's staff file under its own name, HD's `b.csv`); outputs
/// go to `ROOT/out`, so that `ROOT` shows any staging folder left behind.
pub struct Project {
    root: tempfile::TempDir,
    hp_file: String,
}

impl Project {
    pub fn new(hp_file: &str, bytes: &[u8]) -> Project {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join("p")).unwrap();
        let p = Project {
            root,
            hp_file: hp_file.to_string(),
        };
        p.write(hp_file, bytes);
        p.write("b.csv", &fixture("good.csv"));
        p.write(
            "merge.toml",
            toml_with_staff(&format!("\"{hp_file}\"")).as_bytes(),
        );
        p
    }
    pub fn root(&self) -> &Path {
        self.root.path()
    }
    pub fn dir(&self) -> PathBuf {
        self.root.path().join("p")
    }
    pub fn out(&self) -> PathBuf {
        self.root.path().join("out")
    }
    pub fn write(&self, name: &str, bytes: &[u8]) {
        std::fs::write(self.dir().join(name), bytes).unwrap();
    }
    pub fn check(&self) -> Outcome {
        sapnhap()
            .args(["--lang", "en", "check"])
            .arg(self.dir())
            .output()
            .unwrap()
            .into()
    }
    pub fn merge(&self) -> Outcome {
        self.merge_with(&[])
    }
    pub fn merge_with(&self, extra: &[&str]) -> Outcome {
        sapnhap()
            .args(["--lang", "en", "merge"])
            .arg(self.dir())
            .arg("--out")
            .arg(self.out())
            .args(extra)
            .output()
            .unwrap()
            .into()
    }
    pub fn merge_into(&self, out: &Path) -> Outcome {
        sapnhap()
            .args(["--lang", "en", "merge"])
            .arg(self.dir())
            .arg("--out")
            .arg(out)
            .output()
            .unwrap()
            .into()
    }

    /// Run a merge that must succeed and return the outputs it wrote.
    pub fn good_outputs(&self) -> BTreeMap<String, Vec<u8>> {
        let r = self.merge();
        assert_eq!(r.code, 0, "the good run: {}", r.stderr);
        let snap = snapshot(&self.out());
        assert!(snap.contains_key("lineage.csv") && snap.contains_key("run.json"));
        snap
    }

    /// The outputs are byte for byte those of `before`, and nothing was left beside.
    pub fn assert_outputs_unchanged(&self, before: &BTreeMap<String, Vec<u8>>) {
        let now = snapshot(&self.out());
        assert_eq!(
            now.keys().collect::<Vec<_>>(),
            before.keys().collect::<Vec<_>>()
        );
        for (name, bytes) in before {
            assert!(now.get(name) == Some(bytes), "{name} changed");
        }
        assert_eq!(
            names_in(self.root()),
            vec!["out".to_string(), "p".to_string()],
            "no staging folder left behind"
        );
    }

    pub fn lineage(&self) -> Vec<Lineage> {
        lineage(&self.out().join("lineage.csv"))
    }

    /// Lineage rows of one input file, with `file` blanked so that expectations
    /// need not repeat it (see [`Lineage::kept`]).
    pub fn lineage_of(&self, file: &str) -> Vec<Lineage> {
        self.lineage()
            .into_iter()
            .filter(|l| l.file == file)
            .map(|l| Lineage {
                file: String::new(),
                ..l
            })
            .collect()
    }
}

/// A good HP roster, then `name` as HP's file: the merge stops with `message`, and the
/// good run's outputs are untouched.
pub fn stops_keeping_outputs(name: &str, message: &str) {
    let good = if name.ends_with(".xlsx") {
        good_xlsx()
    } else {
        fixture("good-hp.csv")
    };
    let p = Project::new(name, &good);
    let before = p.good_outputs();
    p.write(name, &fixture(name));
    let r = p.merge();
    assert_eq!(r.code, 1, "{name}: {}", r.stderr);
    r.says(message);
    p.assert_outputs_unchanged(&before);
    // `check` says the same.
    let c = p.check();
    assert_eq!(c.code, 1, "{name}: {}", c.stderr);
    c.says(message);
}

/// One row of `lineage.csv` (person_id left out: it is a hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lineage {
    pub source: String,
    pub roster: String,
    pub file: String,
    pub line: u64,
    pub record_id: String,
    pub outcome: String,
    pub reason: String,
}

impl Lineage {
    /// An HP staff row of the file under test.
    pub fn kept(line: u64, record_id: &str) -> Lineage {
        Lineage {
            source: "HP".into(),
            roster: "staff".into(),
            file: String::new(),
            line,
            record_id: record_id.into(),
            outcome: "kept".into(),
            reason: String::new(),
        }
    }
    pub fn rejected(line: u64, record_id: &str, reason: &str) -> Lineage {
        Lineage {
            outcome: "rejected".into(),
            reason: reason.into(),
            ..Lineage::kept(line, record_id)
        }
    }
    pub fn in_file(self, file: &str) -> Lineage {
        Lineage {
            file: file.into(),
            ..self
        }
    }
}

/// Rows of a lineage file.
pub fn lineage(path: &Path) -> Vec<Lineage> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let head: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        head,
        [
            "source",
            "roster",
            "file",
            "line",
            "record_id",
            "person_id",
            "outcome",
            "reason"
        ]
    );
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            let f = |i: usize| rec.get(i).unwrap().to_string();
            let row = Lineage {
                source: f(0),
                roster: f(1),
                file: f(2),
                line: f(3).parse().unwrap(),
                record_id: f(4),
                outcome: f(6),
                reason: f(7),
            };
            // Rows that came out of the run have a person; rejected ones have none.
            assert_eq!(f(5).is_empty(), row.outcome == "rejected", "{rec:?}");
            row
        })
        .collect()
}

/// Every file under `dir`, by relative path, with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p.strip_prefix(base).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

pub fn names_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// 1,000,000 characters of Vietnamese-looking text (multi-byte, with spaces).
pub fn million_char_cell() -> String {
    let words = [
        "Nguyễn",
        "Văn",
        "Hùng",
        "phường",
        "Đồng",
        "Hòa",
        "ghi",
        "chú",
    ];
    let mut s = String::new();
    let mut i = 0usize;
    while s.chars().count() < 1_000_000 - 10 {
        s.push_str(words[i % words.len()]);
        s.push(' ');
        i += 1;
    }
    while s.chars().count() < 1_000_000 {
        s.push('x');
    }
    s
}

/// A staff roster of `n` distinct people.
pub fn many_rows(n: usize) -> String {
    let family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"];
    let given = [
        "An", "Bình", "Cường", "Dũng", "Hoa", "Lan", "Minh", "Nga", "Tâm",
    ];
    let mut s = String::from("Mã cán bộ,Họ và tên,Ngày sinh,Số điện thoại,Ghi chú\n");
    for i in 0..n {
        s.push_str(&format!(
            "NS{i:05},{} Văn {} {i},{:02}/{:02}/{},09{:08},ghi chú dài cho dòng {i} để làm đầy đĩa\n",
            family[i % family.len()],
            given[(i / family.len()) % given.len()],
            i % 28 + 1,
            i % 12 + 1,
            1960 + i % 40,
            i
        ));
    }
    s
}

/// A tmpfs mounted for one test and unmounted when dropped. Mounting needs root (or
/// CAP_SYS_ADMIN); without it the caller skips its test and says why on stderr.
pub struct Mount {
    path: PathBuf,
}

impl Mount {
    pub fn tmpfs(path: &Path, options: &str) -> Option<Mount> {
        std::fs::create_dir_all(path).unwrap();
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs"])
            .arg(path)
            .output()
            .is_ok_and(|o| o.status.success());
        if !ok {
            eprintln!(
                "SKIPPED: cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN); the full or read-only disk case is not run"
            );
            return None;
        }
        Some(Mount {
            path: path.to_path_buf(),
        })
    }
    pub fn path(&self) -> &Path {
        &self.path
    }
    pub fn remount(&self, options: &str) {
        let st = std::process::Command::new("mount")
            .args(["-o", &format!("remount,{options}")])
            .arg(&self.path)
            .status()
            .unwrap();
        assert!(st.success(), "remount {options}");
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg(&self.path)
            .status();
    }
}

/// HP's good roster as an XLSX workbook.
pub fn good_xlsx() -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let text = String::from_utf8(fixture("good-hp.csv")).unwrap();
    for (r, line) in text.lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            ws.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}
