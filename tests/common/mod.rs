//! Helpers shared by the integration tests that run the real binary.
#![allow(dead_code)]

use assert_cmd::Command;
use std::collections::BTreeMap;
use std::path::Path;

/// The binary with a clean environment (no language or failpoint from outside).
pub fn sapnhap() -> Command {
    let mut c = Command::cargo_bin("sapnhap").unwrap();
    c.env_remove("SAPNHAP_LANG").env_remove("SAPNHAP_FAILPOINT");
    c
}

/// A CSV output as header → value maps (BOM stripped).
pub fn read_csv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut r = csv::Reader::from_reader(text.trim_start_matches('\u{FEFF}').as_bytes());
    let head: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records()
        .map(|rec| {
            head.iter()
                .cloned()
                .zip(rec.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}
