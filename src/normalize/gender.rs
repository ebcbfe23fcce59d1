//! Gender cells (giới tính) as HR and Party exports write them.
//!
//! Vocabulary: Nam/Nữ in any case, with or without diacritics (`Nu`), English
//! `M`/`F`/`Male`/`Female`, and the digit codes `1` = Nam, `0` = Nữ. The digit
//! convention is the one Vietnamese HR software (and most ministry templates)
//! export; a file that uses `1`/`2` instead is read with `2` = Nữ too, since no
//! export uses `2` for men. A tick (`x`) in a separate "Nữ" column is the reader's
//! concern, not this module's. A cell with no letter or digit (`-`, `?`) is empty.

use super::text::{fold, nfc_cow};
use super::{Gender, Invalid};

/// Read one gender cell. `Ok(None)` for an empty cell; unknown words are `Invalid`.
pub fn parse(raw: &str) -> Result<Option<Gender>, Invalid> {
    // Nearly every cell is one of these, as written: no folding needed.
    match raw {
        "Nam" => return Ok(Some(Gender::Male)),
        "Nữ" => return Ok(Some(Gender::Female)),
        _ => {}
    }
    let folded = fold(&nfc_cow(raw));
    let key: String = folded
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ')
        .collect();
    let key = key.trim();
    let gender = match key {
        "" => return Ok(None),
        "nam" | "m" | "male" | "man" | "1" | "trai" | "gioi tinh nam" => Gender::Male,
        "nu" | "f" | "female" | "woman" | "0" | "2" | "gai" | "gioi tinh nu" => Gender::Female,
        _ => {
            let shown = super::text::clean_spaces(raw);
            return Err(Invalid::new(
                "unknown_gender",
                format!("giới tính không rõ: {shown}"),
                format!("unknown gender: {shown}"),
            ));
        }
    };
    Ok(Some(gender))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn never_panics(raw in "\\PC{0,20}") {
            let _ = parse(&raw);
        }
    }

    #[test]
    fn vocabulary() {
        use Gender::{Female as F, Male as M};
        for (raw, want) in [
            ("Nam", Some(M)),
            ("nam", Some(M)),
            ("NAM", Some(M)),
            (" Nam ", Some(M)),
            ("Nữ", Some(F)),
            ("nữ", Some(F)),
            ("NỮ", Some(F)),
            ("Nu", Some(F)),
            ("nu", Some(F)),
            ("Nu\u{303}", Some(F)), // NFD "Nũ" typo folds to nu
            ("M", Some(M)),
            ("F", Some(F)),
            ("Male", Some(M)),
            ("female", Some(F)),
            ("1", Some(M)),
            ("0", Some(F)),
            ("2", Some(F)),
            ("", None),
            ("   ", None),
            ("-", None), // no letter or digit: an empty cell
        ] {
            assert_eq!(parse(raw), Ok(want), "{raw:?}");
        }
    }

    #[test]
    fn unknown_is_invalid() {
        for raw in ["x", "Khác", "3", "không rõ", "Nam Nữ"] {
            let err = parse(raw).err();
            assert_eq!(err.map(|e| e.code), Some("unknown_gender"), "{raw:?}");
        }
    }
}
