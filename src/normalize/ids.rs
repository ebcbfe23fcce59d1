//! National identifiers: 12-digit CCCD (căn cước công dân / số định danh cá nhân)
//! and 9-digit CMND (chứng minh nhân dân), as spreadsheets mangle them.
//!
//! `parse` undoes Excel: a leading `'`, spaces/dots/dashes, a `.0` float tail,
//! scientific notation whose mantissa still holds every digit, and the leading 0 it
//! drops (11 digits → 12, 8 → 9). Any other length of digits is kept with kind
//! `Unknown` (the number may still match another record); `check_against` is where
//! it gets flagged. `check_against` also reads the CCCD's structure — province of
//! birth registration, century/gender digit, two-digit birth year (Circular
//! 07/2016/TT-BCA, amended by 59/2021/TT-BCA) — against the record.

use super::text::{clean_spaces, nfc_cow};
use super::{Date, Gender, IdKind, Invalid, NationalId};

/// CCCD province codes: the 63 provinces before 2025, as registered at birth.
pub const CCCD_PROVINCES: [(&str, &str); 63] = [
    ("001", "Hà Nội"),
    ("002", "Hà Giang"),
    ("004", "Cao Bằng"),
    ("006", "Bắc Kạn"),
    ("008", "Tuyên Quang"),
    ("010", "Lào Cai"),
    ("011", "Điện Biên"),
    ("012", "Lai Châu"),
    ("014", "Sơn La"),
    ("015", "Yên Bái"),
    ("017", "Hòa Bình"),
    ("019", "Thái Nguyên"),
    ("020", "Lạng Sơn"),
    ("022", "Quảng Ninh"),
    ("024", "Bắc Giang"),
    ("025", "Phú Thọ"),
    ("026", "Vĩnh Phúc"),
    ("027", "Bắc Ninh"),
    ("030", "Hải Dương"),
    ("031", "Hải Phòng"),
    ("033", "Hưng Yên"),
    ("034", "Thái Bình"),
    ("035", "Hà Nam"),
    ("036", "Nam Định"),
    ("037", "Ninh Bình"),
    ("038", "Thanh Hóa"),
    ("040", "Nghệ An"),
    ("042", "Hà Tĩnh"),
    ("044", "Quảng Bình"),
    ("045", "Quảng Trị"),
    ("046", "Thừa Thiên Huế"),
    ("048", "Đà Nẵng"),
    ("049", "Quảng Nam"),
    ("051", "Quảng Ngãi"),
    ("052", "Bình Định"),
    ("054", "Phú Yên"),
    ("056", "Khánh Hòa"),
    ("058", "Ninh Thuận"),
    ("060", "Bình Thuận"),
    ("062", "Kon Tum"),
    ("064", "Gia Lai"),
    ("066", "Đắk Lắk"),
    ("067", "Đắk Nông"),
    ("068", "Lâm Đồng"),
    ("070", "Bình Phước"),
    ("072", "Tây Ninh"),
    ("074", "Bình Dương"),
    ("075", "Đồng Nai"),
    ("077", "Bà Rịa - Vũng Tàu"),
    ("079", "Hồ Chí Minh"),
    ("080", "Long An"),
    ("082", "Tiền Giang"),
    ("083", "Bến Tre"),
    ("084", "Trà Vinh"),
    ("086", "Vĩnh Long"),
    ("087", "Đồng Tháp"),
    ("089", "An Giang"),
    ("091", "Kiên Giang"),
    ("092", "Cần Thơ"),
    ("093", "Hậu Giang"),
    ("094", "Sóc Trăng"),
    ("095", "Bạc Liêu"),
    ("096", "Cà Mau"),
];

fn invalid(code: &'static str, raw: &str, vi: &str, en: &str) -> Invalid {
    let shown = clean_spaces(raw);
    Invalid::new(code, format!("{vi}: {shown}"), format!("{en}: {shown}"))
}

/// Read one ID cell. `Ok(None)` for an empty cell.
pub fn parse(raw: &str) -> Result<Option<NationalId>, Invalid> {
    let text = nfc_cow(raw);
    let cell = text.trim().trim_start_matches(['\'', '’', '`']).trim();
    if cell.is_empty() {
        return Ok(None);
    }
    let digits = if let Some(d) = scientific(cell) {
        d.ok_or_else(|| {
            invalid(
                "id_rounded",
                raw,
                "số định danh đã bị Excel làm tròn (mất chữ số)",
                "ID rounded by Excel (digits lost)",
            )
        })?
    } else {
        let cell = match cell.strip_suffix(".0") {
            Some(int) if int.chars().all(|c| c.is_ascii_digit()) => int,
            _ => cell,
        };
        let mut digits = String::with_capacity(cell.len());
        for c in cell.chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '.' | '-' | '_' | '\u{00A0}' => {}
                _ => {
                    return Err(invalid(
                        "invalid_id",
                        raw,
                        "số CCCD/CMND có ký tự lạ",
                        "ID number has stray characters",
                    ));
                }
            }
        }
        digits
    };
    if digits.is_empty() || digits.bytes().all(|b| b == b'0') {
        return Err(invalid(
            "invalid_id",
            raw,
            "số CCCD/CMND không hợp lệ",
            "not a valid ID number",
        ));
    }
    // Excel keeps numbers, not text: the leading 0 of a CCCD/CMND is gone, and
    // both of a CCCD registered in a province coded 00x (Hà Nội is 001).
    let digits = match digits.len() {
        11 | 8 => format!("0{digits}"),
        10 if stripped_00x(&digits) => format!("00{digits}"),
        _ => digits,
    };
    let kind = match digits.len() {
        12 => IdKind::Cccd,
        9 => IdKind::Cmnd,
        _ => IdKind::Unknown,
    };
    Ok(Some(NationalId { kind, digits }))
}

/// Whether ten digits read as a CCCD of a province coded `00x` that lost its two
/// leading zeros: a known province, and a century digit and year stating a
/// birth in 1900–2010 (anyone on a roster is grown up).
fn stripped_00x(digits: &str) -> bool {
    let full = format!("00{digits}");
    let known = full
        .get(..3)
        .is_some_and(|p| CCCD_PROVINCES.iter().any(|(code, _)| *code == p));
    known && cccd_year(&full).is_some_and(|(cg, year)| cg < 4 && (1900..=2010).contains(&year))
}

/// `3.1067196779E+10` → `Some(Some("31067196779"))`. `Some(None)` when the mantissa
/// is shorter than the exponent: Excel displayed a rounded number and the trailing
/// digits are gone. `None` when the cell is not in scientific notation.
fn scientific(cell: &str) -> Option<Option<String>> {
    let (mantissa, exp) = cell.split_once(['e', 'E'])?;
    let exp: usize = exp.strip_prefix('+').unwrap_or(exp).parse().ok()?;
    let (int, frac) = mantissa.split_once([',', '.']).unwrap_or((mantissa, ""));
    let all_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if int.is_empty() || !all_digits(int) || !all_digits(frac) || exp > 20 {
        return None;
    }
    if frac.len() != exp {
        // Fewer fractional digits: rounded away. More: not an integer at all.
        return Some(None);
    }
    Some(Some(format!("{int}{frac}")))
}

/// A CCCD's century-and-gender digit (the 4th) and the birth year it and the
/// 5th–6th digits state. Digit 4: 0/1 = male/female born 1900–1999, 2/3 =
/// 2000–2099, 4/5 = 2100–…
pub fn cccd_year(digits: &str) -> Option<(i16, i16)> {
    let cg: i16 = digits.get(3..4)?.parse().ok()?;
    let yy: i16 = digits.get(4..6)?.parse().ok()?;
    Some((cg, 1900 + 100 * (cg / 2) + yy))
}

/// Structure checks of a CCCD against the record's gender and birth date.
/// Each finding is a warning-level `Invalid`; a CMND has no such structure.
pub fn check_against(id: &NationalId, gender: Option<Gender>, birth: Option<Date>) -> Vec<Invalid> {
    let mut found = Vec::new();
    match id.kind {
        IdKind::Cmnd => return found,
        IdKind::Unknown => {
            let n = id.digits.len();
            found.push(Invalid::new(
                "id_length",
                format!("số CCCD/CMND có {n} chữ số (cần 12 hoặc 9): {}", id.digits),
                format!("ID number has {n} digits (expected 12 or 9): {}", id.digits),
            ));
            return found;
        }
        IdKind::Cccd => {}
    }
    let d = &id.digits;
    // Province, century-and-gender digit, two-digit year: six digits at least.
    let Some(province) = d.get(..3).filter(|_| d.get(4..6).is_some()) else {
        return found;
    };
    if !CCCD_PROVINCES.iter().any(|(code, _)| *code == province) {
        found.push(Invalid::new(
            "cccd_province",
            format!("mã tỉnh {province} trong số CCCD không tồn tại: {d}"),
            format!("CCCD province code {province} does not exist: {d}"),
        ));
    }
    let Some((cg, id_year)) = cccd_year(d) else {
        return found;
    };
    let id_gender = if cg % 2 == 0 {
        Gender::Male
    } else {
        Gender::Female
    };
    if cg >= 4 {
        found.push(Invalid::new(
            "cccd_century_digit",
            format!("chữ số thế kỷ của CCCD chỉ năm sinh {id_year}: {d}"),
            format!("CCCD century digit gives birth year {id_year}: {d}"),
        ));
    }
    if let Some(g) = gender
        && g != id_gender
    {
        found.push(Invalid::new(
            "cccd_gender_digit",
            format!(
                "số CCCD {d} ghi giới tính {}, hồ sơ ghi {}",
                id_gender.vi(),
                g.vi()
            ),
            format!(
                "CCCD {d} encodes {}, the record says {}",
                id_gender.en(),
                g.en()
            ),
        ));
    }
    if let Some(b) = birth
        && b.year != id_year
        && cg < 4
    {
        let code = if b.year / 100 != id_year / 100 {
            "cccd_century_digit"
        } else {
            "cccd_birth_year"
        };
        found.push(Invalid::new(
            code,
            format!("số CCCD {d} ghi năm sinh {id_year}, hồ sơ ghi {}", b.year),
            format!(
                "CCCD {d} encodes birth year {id_year}, the record says {}",
                b.year
            ),
        ));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn id(raw: &str) -> Option<(IdKind, String)> {
        parse(raw).ok().flatten().map(|n| (n.kind, n.digits))
    }

    #[test]
    fn forms() {
        use IdKind::{Cccd, Cmnd, Unknown};
        for (raw, kind, want) in [
            ("031067196779", Cccd, "031067196779"),
            ("31067196779", Cccd, "031067196779"),
            ("'031 067 196 779", Cccd, "031067196779"),
            ("'031067196779", Cccd, "031067196779"),
            ("031.067.196.779", Cccd, "031067196779"),
            ("031-067-196-779", Cccd, "031067196779"),
            ("31067196779.0", Cccd, "031067196779"),
            ("3.1067196779E+10", Cccd, "031067196779"),
            ("3,1067196779E+10", Cccd, "031067196779"),
            ("1.42087001234e11", Cccd, "142087001234"),
            ("142087001234", Cccd, "142087001234"),
            ("012345678", Cmnd, "012345678"),
            ("12345678", Cmnd, "012345678"),
            ("145 678 912", Cmnd, "145678912"),
            ("1234567890", Unknown, "1234567890"),
            // Hà Nội (001) and the other 00x provinces lose both zeros.
            ("1160358180", Cccd, "001160358180"),
            ("8095012345", Cccd, "008095012345"),
            ("3160358180", Unknown, "3160358180"),
            ("1560358180", Unknown, "1560358180"),
        ] {
            assert_eq!(id(raw), Some((kind, want.to_string())), "{raw:?}");
        }
    }

    #[test]
    fn empty_and_invalid() {
        assert_eq!(parse(""), Ok(None));
        assert_eq!(parse("  '"), Ok(None));
        for (raw, code) in [
            ("3.10672E+10", "id_rounded"),
            ("B1234567", "invalid_id"),
            ("000000000000", "invalid_id"),
            ("không có", "invalid_id"),
            ("--", "invalid_id"),
        ] {
            assert_eq!(parse(raw).err().map(|e| e.code), Some(code), "{raw:?}");
        }
    }

    fn codes(digits: &str, g: Option<Gender>, year: Option<i16>) -> Vec<&'static str> {
        let n = parse(digits).ok().flatten();
        let birth = year.map(|year| Date {
            year,
            month: 0,
            day: 0,
        });
        n.map(|n| check_against(&n, g, birth).iter().map(|i| i.code).collect())
            .unwrap_or_default()
    }

    #[test]
    fn cccd_structure() {
        use Gender::{Female as F, Male as M};
        let none: Vec<&str> = Vec::new();
        // 031 Hải Phòng, 0 = male 20th c., 67 = 1967.
        assert_eq!(codes("031067196779", Some(M), Some(1967)), none);
        assert_eq!(codes("031067196779", None, None), none);
        assert_eq!(
            codes("031067196779", Some(F), Some(1967)),
            ["cccd_gender_digit"]
        );
        assert_eq!(
            codes("031067196779", Some(M), Some(1968)),
            ["cccd_birth_year"]
        );
        assert_eq!(
            codes("031067196779", Some(M), Some(2067)),
            ["cccd_century_digit"]
        );
        // 1 = female 20th c.; 3 = female 21st c.; 2 = male 21st c.
        assert_eq!(codes("030185001234", Some(F), Some(1985)), none);
        assert_eq!(codes("030305001234", Some(F), Some(2005)), none);
        assert_eq!(codes("030205001234", Some(M), Some(2005)), none);
        assert_eq!(
            codes("030205001234", Some(M), Some(1905)),
            ["cccd_century_digit"]
        );
        assert_eq!(
            codes("030205001234", Some(F), Some(2006)),
            ["cccd_gender_digit", "cccd_birth_year"]
        );
        // 4/5 = 22nd century: nobody alive.
        assert_eq!(codes("030405001234", None, None), ["cccd_century_digit"]);
        // 003, 097 and 100 are not province codes.
        assert_eq!(codes("003085001234", None, None), ["cccd_province"]);
        assert_eq!(codes("097085001234", None, None), ["cccd_province"]);
        assert_eq!(codes("100085001234", None, None), ["cccd_province"]);
        // CMND: no structure to check; odd lengths are flagged.
        assert_eq!(codes("145678912", Some(F), Some(1950)), none);
        assert_eq!(codes("1234567890", None, None), ["id_length"]);
    }

    #[test]
    fn province_table_is_the_crosswalks_old_codes() {
        let csv = include_str!("../../data/admin/provinces_2025_crosswalk.csv");
        let mut old: Vec<String> = csv
            .lines()
            .skip(1)
            .filter_map(|l| l.split(',').next())
            .map(|c| format!("0{c}"))
            .collect();
        old.sort();
        let mut ours: Vec<String> = CCCD_PROVINCES.iter().map(|(c, _)| c.to_string()).collect();
        ours.sort();
        assert_eq!(ours, old);
    }

    proptest! {
        #[test]
        fn never_panics(raw in "\\PC{0,30}") {
            if let Ok(Some(n)) = parse(&raw) {
                let _ = check_against(&n, Some(Gender::Female), None);
            }
        }

        #[test]
        fn idempotent(raw in "'?[0-9]{8,12}(\\.0)?") {
            if let Ok(Some(n)) = parse(&raw) {
                prop_assert_eq!(parse(&n.digits), Ok(Some(n.clone())));
            }
        }
    }
}
