//! Hometowns and birthplaces (quê quán, nơi sinh) → 2025 province and wards.
//!
//! An address is read right to left — province, then district, then commune — in
//! whatever form clerks type it: full or abbreviated type words (`Tỉnh`, `T.`,
//! `TP.`, `H.`, `TX.`, `Q.`, `X.`, `P.`, `TT.`) or none, any case, with or without
//! diacritics, commas or dashes between the parts. Old names go through the
//! embedded crosswalk (`data/admin`), new ones straight to the 2025 unit, so
//! `xã Cộng Hòa, huyện Nam Sách, tỉnh Hải Dương` and `xã Nam An Phụ, TP Hải Phòng`
//! share a ward code. A commune is looked up only inside the district or province the
//! address names. What cannot be resolved keeps its text alone.

mod index;

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;

use self::index::{DistrictKind, Index, ProvinceName, WardKind, index, key};
use super::Place;
use super::text::{clean_spaces, nfc_cow};

/// What the type word in front of a part says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hint {
    Province,
    /// `Thành phố`: a province-level city or a district-level one.
    City,
    District(DistrictKind),
    Ward(WardKind),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    Province,
    District,
    Ward,
}

/// Type words as lower-case token sequences, longest first.
const TYPE_WORDS: [(&[&str], Hint); 26] = [
    (&["thành", "phố"], Hint::City),
    (&["thanh", "pho"], Hint::City),
    (&["tp"], Hint::City),
    (&["thị", "xã"], Hint::District(DistrictKind::ThiXa)),
    (&["thi", "xa"], Hint::District(DistrictKind::ThiXa)),
    (&["tx"], Hint::District(DistrictKind::ThiXa)),
    (&["thị", "trấn"], Hint::Ward(WardKind::ThiTran)),
    (&["thi", "tran"], Hint::Ward(WardKind::ThiTran)),
    (&["tt"], Hint::Ward(WardKind::ThiTran)),
    (&["đặc", "khu"], Hint::Ward(WardKind::DacKhu)),
    (&["dac", "khu"], Hint::Ward(WardKind::DacKhu)),
    (&["xã"], Hint::Ward(WardKind::Xa)),
    (&["xa"], Hint::Ward(WardKind::Xa)),
    (&["x"], Hint::Ward(WardKind::Xa)),
    (&["phường"], Hint::Ward(WardKind::Phuong)),
    (&["phuong"], Hint::Ward(WardKind::Phuong)),
    (&["p"], Hint::Ward(WardKind::Phuong)),
    (&["huyện"], Hint::District(DistrictKind::Huyen)),
    (&["huyen"], Hint::District(DistrictKind::Huyen)),
    (&["h"], Hint::District(DistrictKind::Huyen)),
    (&["quận"], Hint::District(DistrictKind::Quan)),
    (&["quan"], Hint::District(DistrictKind::Quan)),
    (&["q"], Hint::District(DistrictKind::Quan)),
    (&["tỉnh"], Hint::Province),
    (&["tinh"], Hint::Province),
    (&["t"], Hint::Province),
];

/// One part of an address, e.g. `H. Nam Sách`.
#[derive(Debug)]
struct Part {
    hint: Option<Hint>,
    /// Key of the name after the type word.
    key: String,
    /// Key of the whole part: `Tĩnh Gia` typed without marks looks like "Tỉnh Gia".
    full: String,
}

impl Part {
    fn parse(text: &str) -> Option<Part> {
        let lower: String = text
            .chars()
            .flat_map(char::to_lowercase)
            .map(|c| if c.is_alphanumeric() { c } else { ' ' })
            .collect();
        let mut tokens: Vec<&str> = Vec::new();
        for t in lower.split_whitespace() {
            // "Q1", "P12": type letter glued to a number.
            match t.split_at_checked(1) {
                Some((head @ ("q" | "p"), num))
                    if !num.is_empty() && num.chars().all(|c| c.is_ascii_digit()) =>
                {
                    tokens.extend([head, num]);
                }
                _ => tokens.push(t),
            }
        }
        // A type word needs a name after it: a lone "T" or "Xa" is a name.
        let mut hint = None;
        let mut name = tokens.as_slice();
        for (words, h) in &TYPE_WORDS {
            if let Some(rest) = tokens.strip_prefix(*words)
                && !rest.is_empty()
            {
                hint = Some(*h);
                name = rest;
                break;
            }
        }
        // Keys are per token, so fold each token once for both keys.
        let skip = tokens.len() - name.len();
        let keys: Vec<String> = tokens.iter().map(|t| key(t)).collect();
        let full = keys.concat();
        if full.is_empty() {
            return None;
        }
        Some(Part {
            hint,
            key: keys.get(skip..).map(<[String]>::concat).unwrap_or_default(),
            full,
        })
    }

    fn allows(&self, level: Level) -> bool {
        matches!(
            (self.hint, level),
            (None, _)
                | (Some(Hint::Province), Level::Province)
                | (Some(Hint::City), Level::Province | Level::District)
                | (Some(Hint::District(_)), Level::District)
                | (Some(Hint::Ward(_)), Level::Ward)
        )
    }

    /// Keys to try at a level: the name after the type word when the type fits,
    /// then the whole part.
    fn keys(&self, level: Level) -> impl Iterator<Item = &str> {
        let first = self.allows(level).then_some(self.key.as_str());
        let second = (self.full != self.key || first.is_none()).then_some(self.full.as_str());
        first.into_iter().chain(second)
    }
}

/// Split an address into parts. A dash separates parts unless the dashed text is
/// itself a known name (`Bà Rịa - Vũng Tàu`, `Phan Rang-Tháp Chàm`).
fn split_parts(ix: &Index, text: &str) -> Vec<Part> {
    let mut parts = Vec::new();
    if !text.contains([',', ';', '|', '\n', '-', '–']) {
        let pieces = split_at_type_words(text);
        parts.extend(pieces.iter().filter_map(|p| Part::parse(p)));
    } else {
        for piece in text.split([',', ';', '|', '\n']) {
            let dashed = piece.contains(['-', '–']);
            let Some(whole) = Part::parse(piece) else {
                continue;
            };
            if !dashed || ix.known.contains(&whole.key) || ix.known.contains(&whole.full) {
                parts.push(whole);
            } else {
                parts.extend(piece.split(['-', '–']).filter_map(Part::parse));
            }
        }
    }
    while parts
        .last()
        .is_some_and(|p| matches!(p.full.as_str(), "vietnam" | "vn"))
    {
        parts.pop();
    }
    parts
}

/// An address typed without separators, `xã An Lâm huyện Nam Sách tỉnh Hải Dương`:
/// cut before each type word written in full with its diacritics, or abbreviated
/// with a dot. Unmarked `tinh`, `quan` could be a name's syllable (Tịnh, Quán), so
/// they never cut.
fn split_at_type_words(text: &str) -> Vec<String> {
    const ONE: [&str; 13] = [
        "xã",
        "phường",
        "huyện",
        "quận",
        "tỉnh",
        "tp.",
        "tx.",
        "tt.",
        "h.",
        "t.",
        "x.",
        "p.",
        "q.",
    ];
    const FIRST_OF_TWO: [(&str, &str); 3] = [("thị", "trấn"), ("thị", "xã"), ("thành", "phố")];
    let words: Vec<String> = text.split(' ').map(str::to_lowercase).collect();
    let mut pieces: Vec<String> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for (i, (word, original)) in words.iter().zip(text.split(' ')).enumerate() {
        let next = words.get(i + 1).map(String::as_str);
        let two = FIRST_OF_TWO
            .iter()
            .any(|(a, b)| word == a && next == Some(b));
        // "X.Cộng": an abbreviation glued to the name.
        let glued = ONE
            .iter()
            .any(|a| a.ends_with('.') && word.len() > a.len() && word.starts_with(a));
        let starts = glued || ((ONE.contains(&word.as_str()) || two) && i + 1 < words.len());
        // "thị xã": the "xã" after "thị" does not start a new part.
        let after_thi = i > 0 && words.get(i - 1).is_some_and(|w| w == "thị");
        if starts && !after_thi && !current.is_empty() {
            pieces.push(current.join(" "));
            current.clear();
        }
        current.push(original);
    }
    if !current.is_empty() {
        pieces.push(current.join(" "));
    }
    pieces
}

/// Keep the candidates of the kind the address names, when there are any.
fn prefer<T: Copy>(items: Vec<T>, fits: impl Fn(T) -> bool) -> Vec<T> {
    if items.iter().any(|&i| fits(i)) {
        items.into_iter().filter(|&i| fits(i)).collect()
    } else {
        items
    }
}

/// Old wards under `key` in the given districts (or old provinces).
fn old_wards(ix: &Index, part: &Part, districts: &[u16], provinces: &[u8]) -> Vec<u32> {
    for k in part.keys(Level::Ward) {
        let found: Vec<u32> = if districts.is_empty() {
            provinces
                .iter()
                .filter_map(|p| ix.wards_by_province.get(p)?.get(k))
                .flatten()
                .copied()
                .collect()
        } else {
            districts
                .iter()
                .filter_map(|d| ix.wards_by_district.get(d)?.get(k))
                .flatten()
                .copied()
                .collect()
        };
        if !found.is_empty() {
            return match part.hint {
                Some(Hint::Ward(kind)) => prefer(found, |i| {
                    ix.old_wards.get(i as usize).is_some_and(|w| w.kind == kind)
                }),
                _ => found,
            };
        }
    }
    Vec::new()
}

/// The 2025 wards the old wards became. Without a district, several same-named
/// communes of one province are only accepted when they all lead to the same wards.
fn new_wards_of(ix: &Index, old: &[u32], within_district: bool) -> Vec<u32> {
    let mut sets: Vec<Vec<u32>> = old
        .iter()
        .filter_map(|&i| ix.old_wards.get(i as usize))
        .map(|w| {
            let mut v = w.new_wards.clone();
            v.sort_unstable();
            v
        })
        .collect();
    sets.sort_unstable();
    sets.dedup();
    if sets.len() > 1 && !within_district {
        return Vec::new();
    }
    let mut all: Vec<u32> = sets.concat();
    all.sort_unstable();
    all.dedup();
    all
}

/// 2025 wards of a province named as written in the address.
fn new_wards(ix: &Index, part: &Part, province: u8) -> Vec<u32> {
    let Some(by_name) = ix.new_wards.get(&province) else {
        return Vec::new();
    };
    for k in part.keys(Level::Ward) {
        if let Some(found) = by_name.get(k) {
            let found = match part.hint {
                Some(Hint::Ward(kind)) => prefer(found.clone(), |(_, k)| k == kind),
                _ => found.clone(),
            };
            return found.into_iter().map(|(code, _)| code).collect();
        }
    }
    Vec::new()
}

/// (2025 province, 2025 wards) of an address.
fn locate(ix: &Index, text: &str) -> (Option<u8>, Vec<u32>) {
    let parts = split_parts(ix, text);
    let mut rest = parts.as_slice();

    let mut province: Option<&ProvinceName> = None;
    if let Some((last, init)) = rest.split_last() {
        province = last.keys(Level::Province).find_map(|k| ix.provinces.get(k));
        if province.is_some() {
            rest = init;
        }
    }
    let mut new_code = province.map(|p| p.new_code);
    // Old provinces the address can mean: the one named, or all those merged into a
    // 2025 province named with its new name.
    let scope: Vec<u8> = match province {
        Some(p) if p.is_new || p.old_codes.is_empty() => ix
            .old_provinces_of
            .get(&p.new_code)
            .cloned()
            .unwrap_or_default(),
        Some(p) => p.old_codes.clone(),
        None => Vec::new(),
    };

    let mut districts: Vec<u16> = Vec::new();
    if let Some((last, init)) = rest.split_last() {
        let found = last.keys(Level::District).find_map(|k| {
            let all = ix.districts.get(k)?;
            let v: Vec<_> = all
                .iter()
                .filter(|(op, _, _)| province.is_none() || scope.contains(op))
                .copied()
                .collect();
            (!v.is_empty()).then_some(v)
        });
        let found = match (found, last.hint) {
            (Some(v), Some(Hint::District(kind))) => prefer(v, |(_, _, k)| k == kind),
            (Some(v), Some(Hint::City)) => prefer(v, |(_, _, k)| k == DistrictKind::ThanhPho),
            (Some(v), _) => v,
            (None, _) => Vec::new(),
        };
        let mut provinces = found
            .iter()
            .filter_map(|(op, _, _)| ix.new_province_of.get(op).copied());
        let first = provinces.next();
        // Without a province, a district name must point to one 2025 province.
        if let Some(np) = first
            && (province.is_some() || provinces.all(|p| p == np))
        {
            new_code = new_code.or(Some(np));
            districts = found.iter().map(|(_, od, _)| *od).collect();
            rest = init;
        }
    }

    let Some(np) = new_code else {
        return (None, Vec::new());
    };
    let mut wards = Vec::new();
    if let Some(last) = rest.last() {
        if !districts.is_empty() {
            wards = new_wards_of(ix, &old_wards(ix, last, &districts, &[]), true);
        } else {
            // A 2025 province name suggests a 2025 commune name, an old one an old
            // name; the other is tried only when the first finds nothing at all.
            let prefer_new = province.is_some_and(|p| p.is_new);
            if prefer_new {
                wards = new_wards(ix, last, np);
            }
            if wards.is_empty() {
                let old = old_wards(ix, last, &[], &scope);
                wards = new_wards_of(ix, &old, false);
                if old.is_empty() && !prefer_new {
                    wards = new_wards(ix, last, np);
                }
            }
        }
    } else if let [d] = districts.as_slice()
        && let Some(only @ [_]) = ix.district_new_wards.get(d).map(Vec::as_slice)
    {
        // Island districts (Bạch Long Vĩ, Cồn Cỏ…) became one special zone each.
        wards = only.to_vec();
    }
    (Some(np), wards)
}

/// Builds the crosswalk's tables now; see [`super::warm`].
pub fn warm() {
    province_of_old(0);
}

thread_local! {
    /// Hometowns repeat within a roster: remember recent answers per thread.
    static CACHE: RefCell<foldhash::HashMap<String, Place>> = RefCell::default();
}
const CACHE_CAP: usize = 1 << 16;

/// Resolve a hometown or birthplace. `None` for an empty cell; otherwise a `Place`
/// whose province and wards are filled as far as the address allows.
pub fn resolve(raw: &str) -> Option<Place> {
    // Keyed by the text as it came: a repeat skips normalising it, too.
    if let Some(hit) = CACHE.with(|c| c.borrow().get(raw).cloned()) {
        return Some(hit);
    }
    let text = clean_spaces(&nfc_cow(raw));
    if text.is_empty() {
        return None;
    }
    let (province, wards) = locate(index(), &text);
    let place = Place {
        province,
        wards: wards.into_boxed_slice(),
        text,
    };
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= CACHE_CAP {
            c.clear();
        }
        c.insert(raw.to_string(), place.clone());
    });
    Some(place)
}

/// The 2025 province an old (pre-2025) province code became: `95` (Bạc Liêu) → `96`
/// (Cà Mau). A CCCD's first three digits are such an old code.
pub fn province_of_old(old: u8) -> Option<u8> {
    static NEW: OnceLock<HashMap<u8, u8>> = OnceLock::new();
    NEW.get_or_init(|| {
        index()
            .old_provinces_of
            .iter()
            .flat_map(|(&new, olds)| olds.iter().map(move |&o| (o, new)))
            .collect()
    })
    .get(&old)
    .copied()
}

#[cfg(test)]
mod tests;
