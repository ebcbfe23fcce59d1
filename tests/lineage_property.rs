//! Property: whatever rows a roster holds — good, duplicated, nameless, ragged, with a
//! broken quote — every data row appears exactly once in the lineage, and
//! read = kept + merged + rejected.

use proptest::prelude::*;
use sapnhap::i18n::Lang;
use sapnhap::output::emit::lineage_rows;
use sapnhap::pipeline::{Options, run};
use sapnhap::project::Project;
use std::collections::BTreeMap;

/// One generated row: what kind, and which of a few people it is about.
#[derive(Debug, Clone)]
enum RowKind {
    Good(usize),
    NoName,
    Ragged,
    Blank,
}

fn row_kind() -> impl Strategy<Value = RowKind> {
    prop_oneof![
        6 => (0usize..6).prop_map(RowKind::Good),
        1 => Just(RowKind::NoName),
        1 => Just(RowKind::Ragged),
        1 => Just(RowKind::Blank),
    ]
}

const PEOPLE: [(&str, &str, &str); 6] = [
    ("Nguyễn Văn An", "12/03/1975", "031075001234"),
    ("Nguyen Van An", "12/03/1975", "031075001234"),
    ("Trần Thị Thuỷ", "1982", ""),
    ("Lê Đức Anh", "05/11/1990", "001090004321"),
    ("Phạm Thị Hoà", "", "036185000111"),
    ("Nguyễn Văn An", "01/01/1960", ""),
];

/// Write a roster; return the lines that hold data (not header, not blank).
fn roster(rows: &[RowKind]) -> (String, Vec<u64>) {
    let mut text = String::from("Mã cán bộ,Họ và tên,Ngày sinh,Số CCCD\n");
    let mut data_lines = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let line = i as u64 + 2;
        match r {
            RowKind::Good(p) => {
                let (n, d, id) = PEOPLE[*p];
                text.push_str(&format!("X{i},{n},{d},{id}\n"));
                data_lines.push(line);
            }
            RowKind::NoName => {
                text.push_str(&format!("X{i},,1980,\n"));
                data_lines.push(line);
            }
            RowKind::Ragged => {
                text.push_str(&format!("X{i},Võ Minh\n"));
                data_lines.push(line);
            }
            RowKind::Blank => text.push_str(",,,\n"),
        }
    }
    (text, data_lines)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn every_row_once_and_counts_reconcile(
        a in prop::collection::vec(row_kind(), 0..25),
        b in prop::collection::vec(row_kind(), 1..25),
        broken_quote_at_end in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let (mut ta, mut la) = roster(&a);
        let (tb, lb) = roster(&b);
        if broken_quote_at_end {
            la.push(a.len() as u64 + 2);
            ta.push_str("Y1,\"Đặng Văn Nam,1970,\n");
        }
        std::fs::write(dir.path().join("a.csv"), ta).unwrap();
        std::fs::write(dir.path().join("b.csv"), tb).unwrap();
        std::fs::write(
            dir.path().join("merge.toml"),
            "[[sources]]\nkey = \"A\"\nstaff = \"a.csv\"\n[[sources]]\nkey = \"B\"\nstaff = \"b.csv\"\n",
        ).unwrap();
        let project = Project::load(dir.path(), Lang::En).unwrap();
        let result = run(project, &Options { decisions: vec![], lang: Lang::En }).unwrap();
        let lineage: Vec<_> = lineage_rows(&result).collect();
        let mut seen: BTreeMap<(String, u64), usize> = BTreeMap::new();
        for r in &lineage {
            *seen.entry((r.file.to_string(), r.line)).or_default() += 1;
        }
        let want: BTreeMap<(String, u64), usize> = la
            .iter()
            .map(|l| (("a.csv".to_string(), *l), 1))
            .chain(lb.iter().map(|l| (("b.csv".to_string(), *l), 1)))
            .collect();
        prop_assert_eq!(&seen, &want);
        let n = |o: &str| lineage.iter().filter(|r| r.outcome == o).count();
        prop_assert_eq!(lineage.len(), n("kept") + n("merged") + n("rejected"));
        // Every kept or merged row names a person; rejected rows give a reason.
        for r in &lineage {
            match r.outcome {
                "rejected" => prop_assert!(!r.reason.is_empty()),
                _ => prop_assert!(r.person_id.starts_with("P-")),
            }
        }
    }
}
