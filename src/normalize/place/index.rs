//! Lookup tables over the embedded 2025 crosswalk, built once per process.
//!
//! Every name is stored under its `key` (see [`key`]): folded, letters and digits
//! only, `y` read as `i`, leading zeros of numbers dropped — so `Đắk Lắk`, `Dak Lak`
//! and `Daklak`, or `Phường 01` and `Phường 1`, meet. Wards are indexed per district
//! and per old province, never nationally: the same ward name recurs across the
//! country, and a match outside the address's own province would be a false hit.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use crate::normalize::text::fold;

const COMMUNES: &str = include_str!("../../../data/admin/communes_2025_crosswalk.csv");

/// Kind of a commune-level unit, used to tell `Xã Vĩnh Thuận` from `Thị trấn Vĩnh
/// Thuận` when the address says which.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WardKind {
    Xa,
    Phuong,
    ThiTran,
    DacKhu,
}

/// Kind of a district-level unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DistrictKind {
    Huyen,
    Quan,
    ThiXa,
    ThanhPho,
}

/// Names of wards that the crosswalk no longer shows because they were merged or
/// renamed before 2025 while their statistics-office code lived on: (old district
/// code, former name, code the crosswalk lists). Checked against older code lists
/// (e.g. 10645 was Xã An Lâm, Nam Sách; the crosswalk lists 10645 as Xã An Phú).
const FORMER_NAMES: [(u16, &str, u32); 3] = [
    (291, "Xã An Lâm", 10645),
    (291, "Xã Nam Trung", 10633),
    (291, "Xã Thanh Quang", 10621),
];

/// Common ways of writing a province that are not its official name: (alias, code
/// of the old province it names).
const PROVINCE_ALIASES: [(&str, u8); 12] = [
    ("hcm", 79),
    ("tphcm", 79),
    ("sai gon", 79),
    ("saigon", 79),
    ("thanh pho ho chi minh", 79),
    ("thua thien hue", 46),
    ("tt hue", 46),
    ("brvt", 77),
    ("vung tau", 77),
    ("dac lac", 66),
    ("dac nong", 67),
    ("ha noi", 1),
];

/// An old (pre-2025) commune-level unit and the 2025 wards it became.
#[derive(Debug)]
pub struct OldWard {
    pub kind: WardKind,
    pub new_wards: Vec<u32>,
}

/// What a province name can stand for.
#[derive(Debug, Default, Clone)]
pub struct ProvinceName {
    /// The 2025 province.
    pub new_code: u8,
    /// Old provinces whose name this is (empty for a name only the new unit has).
    pub old_codes: Vec<u8>,
    /// The name of a 2025 province: addresses may then use 2025 ward names.
    pub is_new: bool,
}

#[derive(Debug, Default)]
pub struct Index {
    pub provinces: HashMap<String, ProvinceName>,
    /// Old province → the 2025 province it joined.
    pub new_province_of: HashMap<u8, u8>,
    /// 2025 province → the old provinces it absorbed.
    pub old_provinces_of: HashMap<u8, Vec<u8>>,
    /// District key → (old province, district code, kind) over the whole country; a
    /// name is shared by at most a handful of districts.
    pub districts: HashMap<String, Vec<(u8, u16, DistrictKind)>>,
    /// Old wards, referred to by index from the maps below.
    pub old_wards: Vec<OldWard>,
    pub wards_by_district: HashMap<u16, HashMap<String, Vec<u32>>>,
    pub wards_by_province: HashMap<u8, HashMap<String, Vec<u32>>>,
    /// 2025 province → ward key → (ward code, kind).
    pub new_wards: HashMap<u8, HashMap<String, Vec<(u32, WardKind)>>>,
    /// District → every 2025 ward its communes went to (island districts have one).
    pub district_new_wards: HashMap<u16, Vec<u32>>,
    /// Every key above: tells a hyphenated name (`Bà Rịa - Vũng Tàu`) from two parts.
    pub known: HashSet<String>,
}

/// The lookup form of a name without its type word.
pub fn key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut number = false;
    let folded;
    let plain = if name.is_ascii() {
        name
    } else {
        folded = fold(name);
        &folded
    };
    for c in plain.chars().map(|c| c.to_ascii_lowercase()) {
        if c.is_ascii_digit() {
            if c == '0' && !number {
                continue; // leading zero of a number
            }
            number = true;
            out.push(c);
        } else {
            number = false;
            if c == 'y' {
                out.push('i');
            } else if c.is_alphanumeric() {
                out.push(c);
            }
        }
    }
    out
}

/// Split `"Thị trấn Nam Sách"` into its kind and name; `None` for an unknown type.
fn ward_kind(full: &str) -> (Option<WardKind>, &str) {
    for (prefix, kind) in [
        ("Thị trấn ", WardKind::ThiTran),
        ("Thị Trấn ", WardKind::ThiTran),
        ("Đặc khu ", WardKind::DacKhu),
        ("Phường ", WardKind::Phuong),
        ("Xã ", WardKind::Xa),
    ] {
        if let Some(rest) = full.strip_prefix(prefix) {
            return (Some(kind), rest);
        }
    }
    (None, full)
}

fn district_kind(full: &str) -> (DistrictKind, &str) {
    for (prefix, kind) in [
        ("Huyện ", DistrictKind::Huyen),
        ("Quận ", DistrictKind::Quan),
        ("Thị xã ", DistrictKind::ThiXa),
        ("Thành phố ", DistrictKind::ThanhPho),
    ] {
        if let Some(rest) = full.strip_prefix(prefix) {
            return (kind, rest);
        }
    }
    (DistrictKind::Huyen, full)
}

fn province_name(full: &str) -> &str {
    full.strip_prefix("Tỉnh ")
        .or_else(|| full.strip_prefix("Thành phố "))
        .unwrap_or(full)
}

fn push_unique<T: PartialEq>(v: &mut Vec<T>, x: T) {
    if !v.contains(&x) {
        v.push(x);
    }
}

/// The tables, built on first use.
pub fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| build(COMMUNES))
}

fn build(csv: &str) -> Index {
    let mut ix = Index::default();
    // Old ward code (within its district) → index into `old_wards`.
    let mut seen: HashMap<(u16, u32), u32> = HashMap::new();
    for line in csv.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let [
            op,
            op_name,
            od,
            od_name,
            ow,
            ow_name,
            _split,
            np,
            np_name,
            nw,
            nw_name,
        ] = f[..]
        else {
            continue;
        };
        let (Ok(op), Ok(od), Ok(ow), Ok(np), Ok(nw)) = (
            op.parse::<u8>(),
            od.parse::<u16>(),
            ow.parse::<u32>(),
            np.parse::<u8>(),
            nw.parse::<u32>(),
        ) else {
            continue;
        };
        ix.new_province_of.insert(op, np);
        push_unique(ix.old_provinces_of.entry(np).or_default(), op);
        for (name, old) in [(op_name, Some(op)), (np_name, None)] {
            let k = key(province_name(name));
            let entry = ix.provinces.entry(k).or_default();
            entry.new_code = np;
            match old {
                Some(op) => push_unique(&mut entry.old_codes, op),
                None => entry.is_new = true,
            }
        }
        let (dkind, dname) = district_kind(od_name);
        let dkey = key(dname);
        push_unique(
            ix.districts.entry(dkey.clone()).or_default(),
            (op, od, dkind),
        );
        ix.known.insert(dkey);
        push_unique(ix.district_new_wards.entry(od).or_default(), nw);

        let (nkind, nname) = ward_kind(nw_name);
        let nkey = key(nname);
        push_unique(
            ix.new_wards
                .entry(np)
                .or_default()
                .entry(nkey.clone())
                .or_default(),
            (nw, nkind.unwrap_or(WardKind::Xa)),
        );
        ix.known.insert(nkey);

        if ow_name.is_empty() {
            continue; // island districts with no commune level
        }
        let slot = *seen.entry((od, ow)).or_insert_with(|| {
            let (kind, name) = ward_kind(ow_name);
            let i = ix.old_wards.len() as u32;
            ix.old_wards.push(OldWard {
                kind: kind.unwrap_or(WardKind::Xa),
                new_wards: Vec::new(),
            });
            add_old_ward_name(&mut ix, op, od, key(name), i);
            i
        });
        if let Some(w) = ix.old_wards.get_mut(slot as usize) {
            push_unique(&mut w.new_wards, nw);
        }
        if let Some((_, former, _)) = FORMER_NAMES.iter().find(|(d, _, c)| *d == od && *c == ow) {
            let (_, name) = ward_kind(former);
            add_old_ward_name(&mut ix, op, od, key(name), slot);
        }
    }
    let province_keys: Vec<(String, u8)> = PROVINCE_ALIASES
        .iter()
        .filter_map(|(alias, old)| Some((key(alias), *ix.new_province_of.get(old)?)))
        .collect();
    for (k, new_code) in province_keys {
        ix.provinces.entry(k).or_insert(ProvinceName {
            new_code,
            old_codes: Vec::new(),
            is_new: false,
        });
    }
    let pkeys: Vec<String> = ix.provinces.keys().cloned().collect();
    ix.known.extend(pkeys);
    ix
}

fn add_old_ward_name(ix: &mut Index, op: u8, od: u16, k: String, i: u32) {
    push_unique(
        ix.wards_by_district
            .entry(od)
            .or_default()
            .entry(k.clone())
            .or_default(),
        i,
    );
    push_unique(
        ix.wards_by_province
            .entry(op)
            .or_default()
            .entry(k.clone())
            .or_default(),
        i,
    );
    ix.known.insert(k);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_meet_across_spellings() {
        assert_eq!(key("Đắk Lắk"), key("Dak Lak"));
        assert_eq!(key("Đắk Lắk"), key("daklak"));
        assert_eq!(key("Phường 01"), key("Phường 1"));
        assert_eq!(key("Phường 10"), "phuong10");
        assert_eq!(key("Kỳ Anh"), key("Kì Anh"));
        assert_eq!(key("Bà Rịa - Vũng Tàu"), key("Ba Ria-Vung Tau"));
    }

    #[test]
    fn tables_cover_the_crosswalk() {
        let ix = index();
        assert_eq!(ix.new_province_of.len(), 63);
        assert_eq!(ix.old_provinces_of.len(), 34);
        // 10,040 old wards, plus the former names above pointing at existing ones.
        assert_eq!(ix.old_wards.len(), 10_035);
        let new_wards: usize = ix
            .new_wards
            .values()
            .flat_map(|m| m.values())
            .map(Vec::len)
            .sum();
        assert_eq!(new_wards, 3_321);
    }
}
