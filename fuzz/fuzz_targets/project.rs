//! `merge.toml` parsing: any text is either a project or an error naming the file —
//! never a panic (TOML spans past the text, odd delimiters, non-ASCII keys …).
#![no_main]

use libfuzzer_sys::fuzz_target;
use sapnhap::i18n::Lang;
use sapnhap::project::Project;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A project folder holding `a.csv`, `b.csv` and a sub-folder `d`, so that the
/// fuzzer can reach past the file checks (paths are resolved against it).
fn dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let d = std::env::temp_dir().join(format!("sapnhap-fuzz-project-{}", std::process::id()));
        let _ = std::fs::create_dir_all(d.join("d"));
        for f in ["a.csv", "b.csv", "q.csv"] {
            let _ = std::fs::write(d.join(f), "Họ và tên\nA\n");
        }
        d
    })
}

fuzz_target!(|text: &str| {
    let dir = dir();
    let file = dir.join("merge.toml");
    for lang in [Lang::En, Lang::Vi] {
        match Project::parse(text, &file, dir, lang) {
            Ok(p) => {
                assert!(p.sources.len() >= 2);
                assert!(p.target < p.sources.len());
                let _ = p.files();
            }
            Err(e) => {
                assert_eq!(e.location.file, file);
                let _ = e.to_string();
            }
        }
    }
});
