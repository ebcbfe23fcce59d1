//! Text-level helpers every normaliser shares: NFC, spacing, and the folded form
//! (no diacritics, đ → d, lower case) used for blocking and header matching.

use std::borrow::Cow;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// NFC with `Ð` (U+00D0, Icelandic eth, typed for Đ) and `ð` mapped to `Đ`/`đ`.
pub fn nfc(s: &str) -> String {
    nfc_cow(s).into_owned()
}

/// [`nfc`], borrowing when `s` already is NFC: most cells are.
pub fn nfc_cow(s: &str) -> Cow<'_, str> {
    if is_nfc_already(s) {
        Cow::Borrowed(s)
    } else {
        nfc_by_line(s)
    }
}

/// [`nfc_cow`] of a text of many lines (a decoded file).
///
/// Line by line: nothing composes or reorders across a line break, so the text
/// is read once, only its few lines that are not NFC already go through the
/// normaliser, and it is copied from the first of them on.
fn nfc_by_line(s: &str) -> Cow<'_, str> {
    let mut out: Option<String> = None;
    let mut start = 0;
    for line in s.split_inclusive('\n') {
        if is_nfc_already(line) {
            if let Some(o) = out.as_mut() {
                o.push_str(line);
            }
        } else {
            let o = out.get_or_insert_with(|| {
                let mut o = String::with_capacity(s.len() + s.len() / 16);
                o.push_str(s.get(..start).unwrap_or_default());
                o
            });
            o.extend(line.nfc().map(|c| match c {
                '\u{00D0}' => 'Đ',
                '\u{00F0}' => 'đ',
                '\u{0189}' => 'Đ',
                c => c,
            }));
        }
        start += line.len();
    }
    out.map_or(Cow::Borrowed(s), Cow::Owned)
}

/// [`nfc`] of a decoded file, borrowed or owned: copied only where it must be
/// (a whole file usually is NFC already). A large one is checked in pieces.
pub fn nfc_text(s: Cow<'_, str>) -> String {
    let made = if s.len() >= PIECE_BYTES {
        nfc_in_pieces(&s)
    } else {
        nfc_by_line(&s)
    };
    match made {
        Cow::Owned(made) => made,
        Cow::Borrowed(_) => s.into_owned(),
    }
}

/// A whole file is made NFC in pieces of about this many bytes, side by side.
const PIECE_BYTES: usize = 1 << 20;

/// [`nfc`] of a large text, pieces cut after line breaks side by side (one
/// thread checking a province's roster alone left the other idle).
fn nfc_in_pieces(s: &str) -> Cow<'_, str> {
    use rayon::prelude::*;
    let parts: Vec<Cow<str>> = line_pieces(s, PIECE_BYTES, PIECE_BYTES)
        .par_iter()
        .map(|p| nfc_by_line(p))
        .collect();
    if parts.iter().all(|p| matches!(p, Cow::Borrowed(_))) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(parts.iter().map(|p| &**p).collect())
}

/// `text` cut right after line breaks: the first piece past `first` bytes, the
/// others past `size` bytes each. The pieces joined are `text`.
pub fn line_pieces(text: &str, first: usize, size: usize) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut cuts = vec![0usize];
    let mut at = first;
    while let Some(nl) = bytes
        .get(at..)
        .and_then(|b| b.iter().position(|&c| c == b'\n'))
    {
        cuts.push(at + nl + 1);
        at += nl + 1 + size;
    }
    cuts.push(text.len());
    cuts.dedup();
    cuts.windows(2)
        .filter_map(|w| text.get(*w.first()?..*w.get(1)?))
        .collect()
}

/// Whether [`nfc`] would return `s` unchanged: ASCII, or NFC by the quick check (exact
/// when it says yes) with no eth to map. Most cells are, and skip the normaliser.
fn is_nfc_already(s: &str) -> bool {
    if s.is_ascii() {
        return true;
    }
    match eth_or_plain(s) {
        None => false,
        Some(plain) => plain || is_nfc_quick(s.chars()) == IsNormalized::Yes,
    }
}

/// One pass over the bytes (a whole decoded file comes here): `None` when `s`
/// holds an eth (`Ð`, `ð`, `Ɖ`), else whether every char is ASCII or
/// [`precomposed_latin`], told from each char's first two bytes.
fn eth_or_plain(s: &str) -> Option<bool> {
    let b = s.as_bytes();
    let mut plain = true;
    let mut i = 0;
    while let Some(&lead) = b.get(i) {
        if lead < 0x80 {
            // Most bytes of Vietnamese text are ASCII: eight at a time past them.
            i += 1;
            while let Some(word) = b.get(i..i + 8) {
                let word = u64::from_le_bytes(word.try_into().unwrap_or([0x80; 8]));
                if word & 0x8080_8080_8080_8080 != 0 {
                    break;
                }
                i += 8;
            }
            continue;
        }
        let next = b.get(i + 1).copied().unwrap_or(0);
        match (lead, next) {
            (0xC3, 0x90 | 0xB0) | (0xC6, 0x89) => return None,
            // U+0080–U+023F, U+0240–U+024F, U+1E00–U+1EFF.
            (0xC2..=0xC8, _) | (0xC9, 0x80..=0x8F) | (0xE1, 0xB8..=0xBB) => {}
            _ => plain = false,
        }
        i += match lead {
            ..0xE0 => 2,
            0xE0..0xF0 => 3,
            _ => 4,
        };
    }
    Some(plain)
}

/// The letters precomposed Vietnamese is written in (Latin-1, Latin Extended-A/B,
/// Latin Extended Additional): each is NFC alone and none combines with a
/// neighbour, so a text of only these and ASCII is NFC without the quick check's
/// table lookups (a whole decoded file goes through here).
#[cfg(test)]
fn precomposed_latin(c: char) -> bool {
    c < '\u{0250}' || ('\u{1E00}'..='\u{1EFF}').contains(&c)
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

/// [`clean_spaces`], borrowing when `s` is clean already (most cells are).
pub fn clean_spaces_cow(s: &str) -> Cow<'_, str> {
    let sep = |c: char| c.is_whitespace() || c == '\u{00A0}';
    let mut prev_sep = true;
    let mut clean = true;
    for c in s.chars() {
        let is_sep = sep(c);
        if is_sep && (c != ' ' || prev_sep) {
            clean = false;
            break;
        }
        prev_sep = is_sep;
    }
    if clean && !prev_sep || s.is_empty() {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(clean_spaces(s))
    }
}

/// Lower case, no diacritics, đ → d, spacing collapsed: `"  Nguyễn  VĂN"` → `"nguyen van"`.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    let mut push = |c: char| {
        if is_combining_mark(c) {
            return;
        }
        if c.is_whitespace() {
            space = !out.is_empty();
            return;
        }
        if space {
            out.push(' ');
            space = false;
        }
        match c {
            'đ' | 'Đ' | '\u{00D0}' | '\u{00F0}' | '\u{0189}' => out.push('d'),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => out.extend(c.to_lowercase()),
        }
    };
    // Char by char is the same as over `s.nfd()`: NFD only reorders combining marks,
    // and every one of them is dropped.
    for c in s.chars() {
        if c.is_ascii() {
            push(c);
        } else {
            decompose_canonical(c, &mut push);
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
    fn a_large_text_is_made_nfc_in_pieces() {
        // Decomposed lines (NFD `Hùng`) among NFC ones, past the piece size.
        let line = "Nguyễn Văn Hùng,01/02/1980\n";
        let nfd = "Nguye\u{302}\u{303}n Va\u{306}n Hu\u{300}ng,01/02/1980\n";
        let mut text = String::new();
        while text.len() < 3 * PIECE_BYTES {
            text.push_str(line);
            text.push_str(if text.len().is_multiple_of(7) {
                nfd
            } else {
                line
            });
        }
        let pieces = line_pieces(&text, PIECE_BYTES, PIECE_BYTES);
        assert!(pieces.len() >= 3 && text.contains('\u{302}'));
        assert_eq!(pieces.concat(), text);
        let made = nfc_text(Cow::Owned(text.clone()));
        assert_eq!(made, nfc_reference(&text));
        assert!(!made.contains('\u{302}') && made.contains("Nguyễn"));
        // Already NFC: returned as it came.
        let plain = line.repeat(3 * PIECE_BYTES / line.len());
        assert_eq!(nfc_text(Cow::Borrowed(&plain)), plain);
        assert_eq!(nfc_text(Cow::Borrowed(&text)), made);
    }

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

    /// The plain definitions the fast paths must agree with.
    fn fold_reference(s: &str) -> String {
        let mut out = String::new();
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

    /// What [`nfc`] must return: the normaliser's NFC with the eths mapped to Đ/đ.
    fn nfc_reference(s: &str) -> String {
        s.nfc()
            .map(|c| match c {
                '\u{00D0}' | '\u{0189}' => 'Đ',
                '\u{00F0}' => 'đ',
                c => c,
            })
            .collect()
    }

    #[test]
    fn fast_paths_agree_with_the_definitions() {
        let cases = [
            "Nguyễn Văn An",
            "NGUYỄN  THỊ\tHẰNG ",
            "Nguye\u{302}\u{303}n",
            "Ho\u{323}\u{302}i",
            "a\u{323}\u{302}\u{301}b",
            "Ðinh ð Ɖ",
            "İstanbul Σ ǅ Å Ω",
            "한국어 \u{00A0} x",
            "plain ascii 123",
            "Nguyễn\nNguye\u{302}\u{303}n\n\u{301}a\nÐ",
            "",
        ];
        for s in cases {
            assert_eq!(fold(s), fold_reference(s), "{s:?}");
            assert_eq!(nfc(s), nfc_reference(s), "{s:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn fold_matches_reference(s in "\\PC{0,24}") {
            proptest::prop_assert_eq!(fold(&s), fold_reference(&s));
        }

        #[test]
        fn clean_spaces_cow_is_clean_spaces(s in "[a b\u{00A0}\t\n\u{3000}ễ]{0,8}") {
            let (cow, plain) = (clean_spaces_cow(&s), clean_spaces(&s));
            proptest::prop_assert_eq!(cow.as_ref(), plain.as_str());
        }

        #[test]
        fn byte_scan_matches_the_char_scan(s in "([a-zA-Z ]{0,11}[\u{0080}-\u{0260}\u{1DF0}-\u{1F10}\u{0300}-\u{0323}\u{4E00}\u{1F600}]?){0,6}") {
            let by_char = if s.chars().any(|c| matches!(c, '\u{00D0}' | '\u{00F0}' | '\u{0189}')) {
                None
            } else {
                Some(s.chars().all(|c| c.is_ascii() || precomposed_latin(c)))
            };
            proptest::prop_assert_eq!(eth_or_plain(&s), by_char);
        }

        #[test]
        fn nfc_matches_the_normaliser(s in "[a-zA-Z \n\u{00C0}-\u{024F}\u{1E00}-\u{1EFF}\u{0300}-\u{0323}]{0,24}") {
            proptest::prop_assert_eq!(nfc(&s), nfc_reference(&s));
        }
    }

    #[test]
    fn precomposed_latin_is_nfc_with_any_neighbour() {
        let letters: Vec<char> = ('\u{0080}'..'\u{0250}')
            .chain('\u{1E00}'..='\u{1EFF}')
            .filter(|&c| precomposed_latin(c))
            .collect();
        let neighbours: Vec<char> = ('\u{0}'..'\u{0080}')
            .chain(letters.iter().copied())
            .collect();
        for &c in &letters {
            for &x in &neighbours {
                let pair: String = [x, c].into_iter().collect();
                assert_eq!(is_nfc_quick(pair.chars()), IsNormalized::Yes, "{pair:?}");
                assert_eq!(pair.nfc().collect::<String>(), pair, "{pair:?}");
            }
        }
        assert!(!precomposed_latin('\u{0301}') && !precomposed_latin('\u{2000}'));
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
