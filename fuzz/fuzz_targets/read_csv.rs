//! The CSV reader end to end: bytes → `decode` (detected, or forced by the first
//! byte) → delimiter sniffing → `parse_csv` → header mapping for every file role.
//! Checks the reader's own promises on the way: rows have the header's width and
//! rising line numbers, bad rows have a line.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sapnhap::i18n::Lang;
use sapnhap::project::{Encoding, Role};
use sapnhap::read::{decode, headers, table};
use std::collections::BTreeMap;
use std::path::Path;

const FORCED: [Option<Encoding>; 7] = [
    None,
    Some(Encoding::Utf8),
    Some(Encoding::Utf16le),
    Some(Encoding::Utf16be),
    Some(Encoding::Windows1258),
    Some(Encoding::Tcvn3),
    Some(Encoding::Vni),
];

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    // Most inputs go through detection; some force an encoding as merge.toml may.
    let forced = FORCED.get(usize::from(first % 16)).copied().flatten();
    let bytes = if first % 16 < 7 { rest } else { data };
    let Ok(decoded) = decode::decode(bytes, forced) else {
        return;
    };
    let delimiter = table::sniff_delimiter(&decoded.text);
    let path = Path::new("fuzz.csv");
    let Ok(t) = table::parse_csv(&decoded.text, delimiter, path, Lang::En) else {
        return;
    };
    let mut last = 0;
    for row in &t.rows {
        assert_eq!(row.cells.len(), t.headers.len(), "row width");
        assert!(row.line > last, "line numbers rise: {} after {last}", row.line);
        last = row.line;
    }
    for bad in &t.bad {
        assert!(bad.line >= 1);
    }
    let mut overrides = BTreeMap::new();
    if let Some(h) = t.headers.first() {
        overrides.insert(h.clone(), "full_name".to_string());
    }
    for role in [Role::Staff, Role::Party, Role::Units, Role::Plan] {
        for o in [&BTreeMap::new(), &overrides] {
            if let Ok(m) = headers::map(role, &t.headers, o, path, Lang::En) {
                assert_eq!(m.columns.len(), t.headers.len());
                assert!(m.kept.iter().all(|&i| i < t.headers.len()));
            }
        }
    }
});
