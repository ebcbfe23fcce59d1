//! Every value normaliser on one arbitrary cell: names, dates (with and without the
//! 01/01 placeholder rule), national IDs (and their check against gender and birth),
//! phones, gender, places, and the per-cell legacy-font repair.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sapnhap::normalize::{date, gender, ids, name, phone, place};
use sapnhap::read::legacy;

fuzz_target!(|cell: &str| {
    if let Some(n) = name::parse(cell) {
        let _ = (n.family(), n.given(), n.middle());
        let _ = name::iy_key(&n.key);
    }
    let birth = date::parse(cell, false).ok().flatten();
    let _ = date::parse(cell, true);
    let _ = date::uses_0101_placeholder(std::iter::once(cell));
    let g = gender::parse(cell).ok().flatten();
    if let Ok(Some(id)) = ids::parse(cell) {
        let _ = ids::check_against(&id, g, birth);
    }
    let _ = phone::parse(cell);
    let _ = place::resolve(cell);
    if let Some((fixed, _)) = legacy::repair_cell(cell) {
        // A repair is itself valid text: repairing it again must not panic either.
        let _ = legacy::repair_cell(&fixed);
    }
});
