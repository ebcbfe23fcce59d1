//! Address cases for `place::resolve`; ward codes are the crosswalk's.

use super::*;
use proptest::prelude::*;

fn got(raw: &str) -> (Option<String>, Vec<String>) {
    let p = resolve(raw).unwrap_or_default();
    (p.province_code(), p.ward_codes().collect())
}

fn want(province: &str, wards: &[&str]) -> (Option<String>, Vec<String>) {
    (
        Some(province.to_string()),
        wards.iter().map(|w| w.to_string()).collect(),
    )
}

#[test]
fn provinces_old_and_new() {
    for (raw, code) in [
        ("Hải Dương", "31"),
        ("tỉnh Hải Dương", "31"),
        ("T. Hải Dương", "31"),
        ("Hai Duong", "31"),
        ("HẢI DƯƠNG", "31"),
        ("TP Hải Phòng", "31"),
        ("Thành phố Hải Phòng", "31"),
        ("Kiên Giang", "91"),
        ("An Giang", "91"),
        ("tinh kien giang", "91"),
        ("Bà Rịa - Vũng Tàu", "79"),
        ("Bà Rịa-Vũng Tàu", "79"),
        ("TP.HCM", "79"),
        ("TP. Hồ Chí Minh", "79"),
        ("Thừa Thiên Huế", "46"),
        ("Daklak", "66"),
        ("Đắk Nông", "68"),
        ("Hà Nội, Việt Nam", "01"),
        ("Hà Tây", ""), // dissolved in 2008: not in the crosswalk
    ] {
        let expected = (!code.is_empty()).then(|| code.to_string());
        assert_eq!(got(raw).0, expected, "{raw:?}");
    }
}

#[test]
fn districts_and_wards() {
    let cong_hoa = ["10645", "10705", "10756"]; // split between three new communes
    for (raw, province, wards) in [
        ("H. Nam Sách, T. Hải Dương", "31", &[][..]),
        ("huyện Nam Sách, tỉnh Hải Dương", "31", &[]),
        // An Lâm was merged into code 10645 (now Xã An Phú) before the crosswalk.
        (
            "xã An Lâm, huyện Nam Sách, tỉnh Hải Dương",
            "31",
            &["10645"],
        ),
        (
            "xa An Lam, huyen Nam Sach, tinh Hai Duong",
            "31",
            &["10645"],
        ),
        (
            "xã Cộng Hòa, huyện Nam Sách, tỉnh Hải Dương",
            "31",
            &cong_hoa,
        ),
        ("X. Cộng Hoà - H. Nam Sách - T. Hải Dương", "31", &cong_hoa),
        (
            "XÃ CỘNG HÒA, HUYỆN NAM SÁCH, TỈNH HẢI DƯƠNG",
            "31",
            &cong_hoa,
        ),
        ("Cộng Hòa, Nam Sách, Hải Dương", "31", &cong_hoa),
        (
            "Thôn Đông, xã Cộng Hòa, huyện Nam Sách, tỉnh Hải Dương",
            "31",
            &cong_hoa,
        ),
        ("TT. Nam Sách, H. Nam Sách, T. Hải Dương", "31", &["10606"]),
        ("xã Cộng Hòa, huyện Nam Sách", "31", &cong_hoa),
        ("xã Cộng Hòa huyện Nam Sách tỉnh Hải Dương", "31", &cong_hoa),
        ("X.Cộng Hòa H.Nam Sách T.Hải Dương", "31", &cong_hoa),
        ("X. Cộng Hòa H. Nam Sách T. Hải Dương", "31", &cong_hoa),
        (
            "phường Trần Phú thành phố Hải Dương tỉnh Hải Dương",
            "31",
            &["10532", "10537"],
        ),
        // New names, new province.
        ("xã Nam An Phụ, TP Hải Phòng", "31", &["10705"]),
        ("Nam An Phu, Hai Phong", "31", &["10705"]),
        ("xã Nam Sách, thành phố Hải Phòng", "31", &["10606"]),
        // Old district written with the new province.
        ("xã Cộng Hòa, huyện Nam Sách, TP Hải Phòng", "31", &cong_hoa),
        ("Phường 14, Quận 3, TP.HCM", "79", &["27142"]),
        ("P14, Q3, TP HCM", "79", &["27142"]),
        (
            "Phường 14, Quận 03, Thành phố Hồ Chí Minh",
            "79",
            &["27142"],
        ),
        ("huyện Bạch Long Vĩ, Hải Phòng", "31", &["11948"]),
        (
            "Phường Đô Vinh, TP Phan Rang - Tháp Chàm, Ninh Thuận",
            "56",
            &["22738"],
        ),
        ("Xã Chân Mây - Lăng Cô, TP Huế", "46", &["20137"]),
    ] {
        assert_eq!(got(raw), want(province, wards), "{raw:?}");
    }
}

#[test]
fn wards_only_within_the_named_area() {
    // Nam An Phụ exists only in Hải Phòng; Thanh Hóa must not find it.
    assert_eq!(got("xã Nam An Phụ, tỉnh Thanh Hóa"), want("38", &[]));
    // Trần Phú is a commune in Nam Sách and a ward twice over in the city of Hải
    // Dương: without a district it stays unresolved…
    assert_eq!(got("Trần Phú, Hải Dương"), want("31", &[]));
    // …and the district settles it.
    assert_eq!(
        got("xã Trần Phú, huyện Nam Sách, Hải Dương"),
        want("31", &["10633"])
    );
    // A commune name unique in its old province needs no district.
    assert_eq!(got("xã Hiệp Cát, tỉnh Hải Dương"), want("31", &["10633"]));
}

#[test]
fn unresolvable_keeps_text() {
    for raw in ["Xóm Chùa", "không rõ", "12 Lê Lợi", "Hà Tây"] {
        let p = resolve(raw);
        assert_eq!(p.as_ref().map(|p| p.text.as_str()), Some(raw));
        assert_eq!(p.and_then(|p| p.province_code()), None, "{raw:?}");
    }
    assert_eq!(resolve(""), None);
    assert_eq!(resolve("  "), None);
    assert_eq!(
        resolve("  xã  Cộng Hòa,Nam Sách ").map(|p| p.text),
        Some("xã Cộng Hòa,Nam Sách".to_string())
    );
}

#[test]
fn cache_gives_the_same_answer() {
    let a = resolve("xã Cộng Hòa, huyện Nam Sách, tỉnh Hải Dương");
    let b = resolve("xã Cộng Hòa, huyện Nam Sách, tỉnh Hải Dương");
    assert_eq!(a, b);
}

proptest! {
    #[test]
    fn never_panics(raw in "\\PC{0,40}") {
        let _ = resolve(&raw);
    }

    #[test]
    fn addressy_never_panics(raw in "((x|p|q|h|tt|tp|t)[. ]? ?[A-Za-zÀ-ỹ0-9]{0,8}[,-] ?){0,4}") {
        let _ = resolve(&raw);
    }
}

#[test]
fn every_cccd_province_code_has_a_2025_province() {
    for (code, name) in crate::normalize::ids::CCCD_PROVINCES {
        let old: u8 = code.parse().unwrap();
        assert!(province_of_old(old).is_some(), "{code} {name}");
    }
    // Bạc Liêu went into Cà Mau, Hải Dương into Hải Phòng; Hà Nội stayed.
    assert_eq!(province_of_old(95), Some(96));
    assert_eq!(province_of_old(30), Some(31));
    assert_eq!(province_of_old(1), Some(1));
    assert_eq!(province_of_old(99), None);
}
