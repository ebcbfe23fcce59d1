//! Text-level helpers every normaliser shares: NFC, spacing, and the folded form
//! (no diacritics, đ → d, lower case) used for blocking and header matching.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// NFC with `Ð` (U+00D0, Icelandic eth, typed for Đ) and `ð` mapped to `Đ`/`đ`.
pub fn nfc(s: &str) -> String {
    s.nfc()
        .map(|c| match c {
            '\u{00D0}' => 'Đ',
            '\u{00F0}' => 'đ',
            '\u{0189}' => 'Đ',
            c => c,
        })
        .collect()
}

/// Trim, and collapse every run of white space (incl. NBSP) to one ASCII space.
pub fn clean_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split(|c: char| c.is_whitespace() || c == '\u{00A0}') {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Lower case, no diacritics, đ → d, spacing collapsed: `"  Nguyễn  VĂN"` → `"nguyen van"`.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        match c {
            'đ' | 'Đ' | '\u{00D0}' | '\u{00F0}' | '\u{0189}' => out.push('d'),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Remove only the five tone marks (huyền, sắc, hỏi, ngã, nặng), keeping vowel shape
/// (â ă ê ô ơ ư) and đ: `"Nguyễn"` → `"Nguyên"`. Output is NFC.
pub fn strip_tones(s: &str) -> String {
    s.nfd()
        .filter(|c| {
            !matches!(
                c,
                '\u{0300}' | '\u{0301}' | '\u{0303}' | '\u{0309}' | '\u{0323}'
            )
        })
        .nfc()
        .collect()
}

/// Fold and drop everything but letters and digits: header and unit-name matching
/// ignores case, diacritics, spacing and punctuation.
pub fn fold_alnum(s: &str) -> String {
    fold(s).chars().filter(|c| c.is_alphanumeric()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_cases() {
        for (input, want) in [
            ("  Nguyễn  VĂN An ", "nguyen van an"),
            ("ĐẶNG Thị Ðào", "dang thi dao"),
            ("Nguye\u{302}\u{303}n", "nguyen"),
            ("", ""),
        ] {
            assert_eq!(fold(input), want, "{input:?}");
        }
    }

    #[test]
    fn strip_tones_keeps_vowel_shape() {
        assert_eq!(strip_tones("Nguyễn Thị Hằng"), "Nguyên Thi Hăng");
        assert_eq!(strip_tones("Đặng"), "Đăng");
    }

    #[test]
    fn fold_alnum_ignores_punctuation() {
        assert_eq!(fold_alnum("Số CMND/CCCD"), "socmndcccd");
        assert_eq!(fold_alnum("Họ và tên (khai sinh)"), "hovatenkhaisinh");
    }

    #[test]
    fn nfc_maps_eth_to_d_stroke() {
        assert_eq!(nfc("\u{00D0}inh"), "Đinh");
        assert_eq!(nfc("Hu\u{300}ng"), "Hùng");
    }

    #[test]
    fn clean_spaces_collapses() {
        assert_eq!(clean_spaces("  a \u{00A0}\t b  "), "a b");
    }
}
