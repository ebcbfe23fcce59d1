//! Phone numbers (số điện thoại) → the national 10/11-digit form.
//!
//! Accepts `+84`/`0084`/`84`/`0` prefixes, any spacing, dots, dashes and brackets,
//! and numbers whose leading 0 Excel dropped. Pre-2018 11-digit mobile numbers are
//! renumbered to today's 10 digits (the table below is the one in SPEC §3) so an old
//! and a new export of the same person compare equal. Landlines keep the 2017 form
//! `02x…` (11 digits); Hà Nội's pre-2017 `04` numbers become `024`. A cell holding
//! several numbers is read by its first one.

use super::text::nfc_cow;
use super::{Invalid, Phone, PhoneKind};

/// Pre-2018 11-digit mobile prefix → the 10-digit prefix it became (SPEC §3).
pub const OLD_MOBILE_PREFIXES: [(&str, &str); 21] = [
    ("0162", "032"),
    ("0163", "033"),
    ("0164", "034"),
    ("0165", "035"),
    ("0166", "036"),
    ("0167", "037"),
    ("0168", "038"),
    ("0169", "039"),
    ("0120", "070"),
    ("0121", "079"),
    ("0122", "077"),
    ("0126", "076"),
    ("0128", "078"),
    ("0123", "083"),
    ("0124", "084"),
    ("0125", "085"),
    ("0127", "081"),
    ("0129", "082"),
    ("0186", "056"),
    ("0188", "058"),
    ("0199", "059"),
];

fn new_prefix(old: &str) -> Option<&'static str> {
    OLD_MOBILE_PREFIXES
        .iter()
        .find(|(o, _)| *o == old)
        .map(|(_, n)| *n)
}

fn invalid(raw: &str) -> Invalid {
    let shown = super::text::clean_spaces(raw);
    Invalid::new(
        "invalid_phone",
        format!("số điện thoại không hợp lệ: {shown}"),
        format!("not a valid phone number: {shown}"),
    )
}

/// Read one phone cell. `Ok(None)` for a cell with no letters or digits.
pub fn parse(raw: &str) -> Result<Option<Phone>, Invalid> {
    let text = nfc_cow(raw);
    let first = text
        .split([';', ',', '/', '\n', '|'])
        .find(|part| part.chars().any(|c| c.is_alphanumeric()));
    let Some(first) = first else {
        return Ok(None);
    };
    let mut cell = first.trim().trim_start_matches(['\'', '’']).trim();
    // Excel numeric cell written back as a float: "912345678.0".
    if let Some(int) = cell.strip_suffix(".0")
        && int.chars().all(|c| c.is_ascii_digit())
    {
        cell = int;
    }
    let plus = cell.contains('+');
    let mut digits = String::with_capacity(cell.len());
    for c in cell.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '.' | '-' | '(' | ')' | '+' | '\u{00A0}' | '\u{2013}' => {}
            _ => return Err(invalid(raw)),
        }
    }
    national(&digits, plus)
        .ok_or_else(|| invalid(raw))
        .map(Some)
}

/// Digits (country code possibly present) → the national form.
fn national(digits: &str, plus: bool) -> Option<Phone> {
    let rest = if let Some(r) = digits.strip_prefix("0084") {
        r
    } else if let Some(r) = digits.strip_prefix("84").filter(|r| {
        // "84…" is the country code only with 9–10 digits after it (or after "+");
        // a 9-digit "84xxxxxxx" is an 084 mobile that lost its 0 in Excel.
        plus || matches!(r.len(), 9 | 10)
    }) {
        r
    } else {
        digits
    };
    // "+84 (0) 912…": the trunk 0 written after the country code.
    let rest = rest.strip_prefix('0').unwrap_or(rest);
    let number = format!("0{rest}");
    let second = number.as_bytes().get(1).copied()?;
    match (number.len(), second) {
        (10, b'3' | b'5' | b'7' | b'8' | b'9') => Some(Phone {
            kind: PhoneKind::Mobile,
            number,
        }),
        (11, b'1') => {
            let old = number.get(..4)?;
            let tail = number.get(4..)?;
            let new = new_prefix(old)?;
            Some(Phone {
                kind: PhoneKind::Mobile,
                number: format!("{new}{tail}"),
            })
        }
        (11, b'2') => Some(Phone {
            kind: PhoneKind::Landline,
            number,
        }),
        // Hà Nội before 2017: 04 xxxx xxxx → 024 xxxx xxxx.
        (10, b'4') => Some(Phone {
            kind: PhoneKind::Landline,
            number: format!("024{}", number.get(2..)?),
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ok(raw: &str) -> Option<(PhoneKind, String)> {
        parse(raw).ok().flatten().map(|p| (p.kind, p.number))
    }

    #[test]
    fn forms() {
        use PhoneKind::{Landline as L, Mobile as M};
        for (raw, kind, want) in [
            ("0912345678", M, "0912345678"),
            ("0912 345 678", M, "0912345678"),
            ("0912.345.678", M, "0912345678"),
            ("0912-345-678", M, "0912345678"),
            ("+84 912 345 678", M, "0912345678"),
            ("+84912345678", M, "0912345678"),
            ("84912345678", M, "0912345678"),
            ("0084 912 345 678", M, "0912345678"),
            ("+84 (0) 912 345 678", M, "0912345678"),
            ("(+84) 912345678", M, "0912345678"),
            ("912345678", M, "0912345678"),
            ("912345678.0", M, "0912345678"),
            ("'0912345678", M, "0912345678"),
            ("845123456", M, "0845123456"),
            ("01668 123 456", M, "0368123456"),
            ("1668123456", M, "0368123456"),
            ("+84 1668 123 456", M, "0368123456"),
            ("0225 3842 123", L, "02253842123"),
            ("(0225) 3.842.123", L, "02253842123"),
            ("+84 24 3825 1234", L, "02438251234"),
            ("2438251234", L, "02438251234"),
            ("04 3825 1234", L, "02438251234"),
            ("0912345678; 0987654321", M, "0912345678"),
            ("0912345678 / 0225 3842 123", M, "0912345678"),
        ] {
            assert_eq!(ok(raw), Some((kind, want.to_string())), "{raw:?}");
        }
    }

    #[test]
    fn every_old_mobile_prefix() {
        for (old, new) in [
            ("0162", "032"),
            ("0163", "033"),
            ("0164", "034"),
            ("0165", "035"),
            ("0166", "036"),
            ("0167", "037"),
            ("0168", "038"),
            ("0169", "039"),
            ("0120", "070"),
            ("0121", "079"),
            ("0122", "077"),
            ("0126", "076"),
            ("0128", "078"),
            ("0123", "083"),
            ("0124", "084"),
            ("0125", "085"),
            ("0127", "081"),
            ("0129", "082"),
            ("0186", "056"),
            ("0188", "058"),
            ("0199", "059"),
        ] {
            let raw = format!("{old}1234567");
            let want = format!("{new}1234567");
            assert_eq!(ok(&raw), Some((PhoneKind::Mobile, want)), "{raw}");
        }
    }

    #[test]
    fn empty_and_nonsense() {
        for raw in ["", "  ", "-", "--", "()"] {
            assert_eq!(parse(raw), Ok(None), "{raw:?}");
        }
        for raw in [
            "12345",
            "không có",
            "0912345",
            "091234567890",
            "01301234567", // 0130 was never a mobile prefix
            "0612345678",  // 06x is not a mobile range
            "abc0912345678",
        ] {
            assert_eq!(
                parse(raw).err().map(|e| e.code),
                Some("invalid_phone"),
                "{raw:?}"
            );
        }
    }

    proptest! {
        #[test]
        fn never_panics(raw in "\\PC{0,30}") {
            let _ = parse(&raw);
        }

        #[test]
        fn digits_never_panic(raw in "[0-9+ .()-]{0,20}") {
            let _ = parse(&raw);
        }

        #[test]
        fn idempotent(raw in "(\\+84|0|84)?[1-9][0-9]{8,9}") {
            if let Ok(Some(p)) = parse(&raw) {
                prop_assert_eq!(parse(&p.number), Ok(Some(p.clone())));
            }
        }
    }
}
