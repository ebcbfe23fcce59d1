//! Round trips of every table row, the repairs seen in real name lists, and the promise
//! that valid text is never touched.

#![allow(clippy::unwrap_used)]

use super::*;
use encoding_rs::{WINDOWS_1252, WINDOWS_1258};
use proptest::prelude::*;

/// `repair_cell_prefer` skips any cell with a char above U+2122 before looking it up:
/// that is sound only while no single-byte reading produces such a char.
#[test]
fn every_single_byte_char_is_at_most_u2122() {
    let t = tables::tables();
    let worst = t.to_byte.keys().map(|&c| u32::from(c)).max().unwrap();
    assert!(worst <= 0x2122, "U+{worst:04X}");
    assert!(t.to_byte.contains_key(&'\u{2122}'), "™ is the highest");
}

#[test]
fn the_dense_table_is_the_map() {
    let t = tables::tables();
    for c in ('\0'..='\u{2200}').chain(['\u{1EA1}', '\u{10FFFF}']) {
        assert_eq!(
            t.byte_of(c),
            t.to_byte.get(&c).copied(),
            "U+{:04X}",
            u32::from(c)
        );
    }
}

const TSV: &str = include_str!("../../../data/encodings/vn_legacy_charsets.tsv");

/// `(letter, tcvn3 bytes, vni bytes, cp1258 bytes)` of one row.
type Row = (char, Vec<u8>, Vec<u8>, Vec<u8>);

fn rows() -> Vec<Row> {
    let hex = |s: &str| -> Vec<u8> {
        s.split(' ')
            .map(|b| u8::from_str_radix(&b[2..], 16).unwrap())
            .collect()
    };
    TSV.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (
                f[0].chars().next().unwrap(),
                hex(f[3]),
                hex(f[4]),
                hex(f[5]),
            )
        })
        .collect()
}

#[test]
fn table_is_complete() {
    assert_eq!(rows().len(), 186);
    assert_eq!(tables::tables().rows, 186);
}

#[test]
fn every_letter_round_trips() {
    for (c, tcvn3, vni, cp1258) in rows() {
        let s = c.to_string();
        assert_eq!(encode_tcvn3(&s), tcvn3, "{c} tcvn3 bytes");
        assert_eq!(encode_vni(&s), vni, "{c} vni bytes");
        assert_eq!(encode_cp1258(&s), cp1258, "{c} cp1258 bytes");
        assert_eq!(decode_vni(&vni), s, "{c} vni");
        let (win, _) = WINDOWS_1258.decode_without_bom_handling(&cp1258);
        assert_eq!(crate::normalize::text::nfc(&win), s, "{c} cp1258");
        assert_eq!(decode_cp1258(&cp1258), s, "{c} decode_cp1258");
        // TCVN3 capitals with a tone mark share the small letter's byte.
        let back = decode_tcvn3(&tcvn3);
        let shares_byte = rows().iter().any(|(o, b, _, _)| *o != c && *b == tcvn3);
        if shares_byte && c.is_uppercase() {
            assert_eq!(back, c.to_lowercase().to_string(), "{c} tcvn3 capital");
        } else {
            assert_eq!(back, s, "{c} tcvn3");
        }
    }
}

#[test]
fn sentences_round_trip() {
    let s = "Nguyễn Thị Phượng, Đỗ Quý Hùng – 12/3 (Ưng).";
    assert_eq!(decode_vni(&encode_vni(s)), s);
    assert_eq!(decode_cp1258(&encode_cp1258(s)), s);
    assert_eq!(
        decode_tcvn3(&encode_tcvn3(s)),
        "Nguyễn Thị Phượng, Đỗ Quý Hùng – 12/3 (Ưng)."
    );
    // Chars a charset cannot write become `?`.
    assert_eq!(encode_tcvn3("a€日"), b"a\x80?");
    assert_eq!(encode_vni("日"), b"?");
}

#[test]
fn repairs() {
    use LegacyForm::*;
    for (cell, want, form) in [
        ("NguyÔn V¨n Hïng", "Nguyễn Văn Hùng", Tcvn3),
        ("NGUYÔN V¡N HïNG", "NGUYỄN VĂN HÙNG", Tcvn3),
        (
            "Phßng Tæ chøc - Hµnh chÝnh",
            "Phòng Tổ chức - Hành chính",
            Tcvn3,
        ),
        ("V¨n phßng UBND", "Văn phòng UBND", Tcvn3),
        ("Nguyeãn Vaên Huøng", "Nguyễn Văn Hùng", Vni),
        ("Buøi", "Bùi", Vni),
        ("Döông", "Dương", Vni),
        ("Ñoã", "Đỗ", Vni),
        ("NGUYEÃN THÒ", "NGUYỄN THỊ", Vni),
        ("Khaùnh", "Khánh", Vni),
        ("UÙt", "Út", Vni),
        ("YÙ", "Ý", Vni),
        ("Nghóa", "Nghĩa", Vni),
        ("Vónh", "Vĩnh", Vni),
        ("Traàn Thò Thaéng", "Trần Thị Thắng", Vni),
        ("Nguyá»…n", "Nguyễn", Utf8AsCp1252),
        ("Nguyá»…n VÄƒn HÃ¹ng", "Nguyễn Văn Hùng", Utf8AsCp1252),
        ("Tráº§n Thá»‹ Há»“ng", "Trần Thị Hồng", Utf8AsCp1252),
        // The README's `BĂši`: bytes 42 C3 9A 69 (Ă read as Windows-1258, š as
        // Windows-1252) are the UTF-8 of `BÚi`; the byte repair gives exactly that.
        ("BĂši", "BÚi", Utf8AsCp1252),
    ] {
        assert_eq!(repair_cell(cell), Some((want.to_string(), form)), "{cell}");
    }
}

#[test]
fn preference_breaks_ties_only() {
    assert_eq!(repair_cell("thö"), Some(("thử".into(), LegacyForm::Tcvn3)));
    let vni = Some(LegacyForm::Vni);
    assert_eq!(
        repair_cell_prefer("thö", vni),
        Some(("thư".into(), LegacyForm::Vni))
    );
    // Not a tie: the TCVN3 reading is the only valid one.
    let want = Some(("Nguyễn Văn Hùng".into(), LegacyForm::Tcvn3));
    assert_eq!(repair_cell_prefer("NguyÔn V¨n Hïng", vni), want);
}

/// The memo of valid cells holds only cells left alone: asked again, a valid cell
/// is still left alone and a legacy one still repaired, whatever the order, and
/// past the memo's bound too.
#[test]
fn the_memo_of_valid_cells_never_changes_an_answer() {
    let valid = "Lê Văn Tâm";
    let legacy = "Leâ Vaên Taâm";
    let want = repair_cell(legacy);
    assert_eq!(want, Some((valid.into(), LegacyForm::Vni)));
    for _ in 0..3 {
        assert_eq!(repair_cell(valid), None);
        assert_eq!(repair_cell(legacy), want);
    }
    assert!(VALID.with_borrow(|v| v.contains(valid)));
    assert!(!VALID.with_borrow(|v| v.contains(legacy)));
    // Filled to its bound with other valid cells: emptied, not grown, and
    // still right.
    for i in 0..=VALID_CAP {
        let cell = format!("Lê Văn {i}");
        assert_eq!(repair_cell(&cell), None, "{cell}");
    }
    assert!(VALID.with_borrow(|v| v.len()) <= VALID_CAP);
    assert_eq!(repair_cell(legacy), want);
}

#[test]
fn leaves_good_text_alone() {
    for cell in [
        "",
        "Nguyen Van An",
        "Nguyễn Văn An",
        "Hà",
        "HOÀNG",
        "Tâm",
        "Hòa Bình",
        "Hu\u{300}ng",
        "\u{00D0}inh",
        "José Müller",
        "Smith Hà",
        "Café – ©",
        "Phòng TCCB",
    ] {
        assert_eq!(repair_cell(cell), None, "{cell}");
    }
}

/// Syllables of real names (the most frequent tokens of the name sample).
const SYLLABLES: &str = "nguyễn văn trần lê hoàng minh thị phạm thanh ngọc anh vũ đức \
    duy huỳnh tuấn quang võ thành quốc trung huy phan bùi hữu xuân tiến đình trương hải \
    đỗ đặng dương công thái hồ phương nam tấn hồng trọng nguyên việt bảo ngô sơn khánh \
    hiếu hùng lâm phúc cao tùng đạt dũng thế long mạnh nhật đoàn cường trường đăng hà \
    kim linh phước mai trí tâm đinh vinh trịnh khoa thịnh thắng phú hoài an thiện hưng \
    đào tài toàn bình quân lương vương phong lưu nghĩa nhân chí thiên tú đại thảo lộc \
    tân phát bá châu thu phi vĩnh tín sang giang lý viết thông danh như thuận luân \
    trang khắc quý phùng mỹ hiệp ngân gia hiền hòa nhựt thi tạ kiều khang yến kiên hậu \
    khải khương thương dung thùy thúy hạnh thạch quỳnh khôi ân kha hiển tô huyền hương \
    thọ lợi chung đông kiệt đồng diệp ánh bích vân cảnh sĩ định sỹ hoàn chiến chương \
    nga quách tôn kỳ hằng nhi chu từ tăng triệu diệu tuyết thủy hào quyết triều loan \
    lã mẫn diễm lan chánh trúc phụng tường lập tiên quyền tống sinh thư tất chinh \
    khiêm hứa thân hoà trình cẩm vĩ nhã hân bằng khanh vy đắc lệ hoa duyên my liêm \
    luận thức trâm trực tuân tính đậu đàm trà trinh tự nhất viễn chính lực vượng la \
    lại y âu ninh điền thất ái ly cương lân dư vi viên tri quí huấn chi huân tuyên \
    lữ nông bạch tưởng liên thuỳ nguyệt thuý huệ đạo du oanh duyệt hảo nhung toản \
    triết tuyền uyên điệp song ất nương thăng bắc sáng thuần tuyến uy giáp luật \
    nhơn quyên thưởng tiệp tịnh hàn mộng nghi chấn mậu tiểu khả bé bách phượng thoại \
    em hiến hiệu hoan hường khuê nghị nhàn thoa thống trân tuyển ý nhan phó nghiêm \
    nhữ doãn hạ lai tố cát đan thuỷ hóa hưởng nghiệp nhẫn thơ bành cáp mã mạc lăng \
    phù thiều cấn sử nữ vạn bửu khiết sanh thụy vỹ đường dân lam thể truyền biển";

fn syllables() -> Vec<&'static str> {
    SYLLABLES.split_whitespace().collect()
}

#[test]
fn test_syllables_are_valid() {
    for s in syllables() {
        assert!(crate::normalize::syllable::is_valid(s), "{s}");
    }
}

/// A name of 1–5 real syllables, lower, title or upper case.
fn vietnamese_text() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(prop::sample::select(syllables()), 1..6),
        0..3u8,
    )
        .prop_map(|(words, case)| {
            let text = words.join(" ");
            match case {
                0 => text,
                1 => text.to_uppercase(),
                _ => words
                    .iter()
                    .map(|w| {
                        let mut cs = w.chars();
                        cs.next()
                            .map(|f| f.to_uppercase().chain(cs).collect::<String>())
                            .unwrap_or_default()
                    })
                    .collect::<Vec<_>>()
                    .join(" "),
            }
        })
}

/// Bytes as a Windows-1252 reader shows them.
fn as_cp1252(bytes: &[u8]) -> String {
    WINDOWS_1252
        .decode_without_bom_handling(bytes)
        .0
        .into_owned()
}

proptest! {
    #[test]
    fn valid_vietnamese_never_changes(text in vietnamese_text()) {
        prop_assert_eq!(repair_cell(&text), None);
    }

    /// Mojibake that happens to read as valid Vietnamese (`hoà` is VNI for `hồ`)
    /// cannot be told from text and stays; all other is repaired. A cell that reads
    /// equally well as TCVN3 and VNI (`thö`) needs the file's form as a tie-break.
    #[test]
    fn mojibake_is_repaired(text in vietnamese_text()) {
        let looks_valid = |s: &str| {
            crate::normalize::syllable::count_words(s).invalid() == 0
        };
        let vni = as_cp1252(&encode_vni(&text));
        if vni != text && !looks_valid(&vni) {
            prop_assert_eq!(
                repair_cell_prefer(&vni, Some(LegacyForm::Vni)),
                Some((text.clone(), LegacyForm::Vni)),
                "{}", vni
            );
        }
        let utf8 = as_cp1252(text.as_bytes());
        if utf8 != text && !looks_valid(&utf8) {
            prop_assert_eq!(
                repair_cell(&utf8),
                Some((text.clone(), LegacyForm::Utf8AsCp1252)),
                "{}", utf8
            );
        }
        let tcvn3 = as_cp1252(&encode_tcvn3(&text));
        if tcvn3 != text && !looks_valid(&tcvn3) {
            let got = repair_cell_prefer(&tcvn3, Some(LegacyForm::Tcvn3));
            prop_assert!(got.is_some(), "{}", tcvn3);
            let (fixed, form) = got.unwrap();
            prop_assert_eq!(form, LegacyForm::Tcvn3);
            prop_assert_eq!(fixed.to_lowercase(), text.to_lowercase());
        }
    }

    #[test]
    fn repair_never_panics(cell in any::<String>()) {
        let _ = repair_cell(&cell);
    }
}
