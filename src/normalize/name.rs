//! Personal names as typed → [`Name`]: the display form (title case, the typed tone
//! placement kept), the comparison key (lower case, canonical tone placement), the
//! folded blocking key, and the family / middle / given split.
//!
//! Near-equal spellings that are still different keys (`Lý` / `Lí`) are matching's
//! call; [`iy_key`] gives it a form where those coincide.

use super::Name;
use super::given_first;
use super::syllable;
use super::telex;
use super::text;
use foldhash::HashMap;
use std::cell::RefCell;

/// Family names written in two words, compared on folded tokens: the royal Nguyễn
/// Phúc / Nguyễn Phước clan, its branch Tôn Thất (women: Tôn Nữ), Công Tằng (as in
/// Công Tằng Tôn Nữ: only its first two words count as family here), and the
/// Chinese-origin Âu Dương. Rare two-word names that also read as family + middle
/// (Hoàng Phủ, Tư Mã) and double names from two parents (Đoàn Nguyễn …) are left out:
/// the first word is the family name there.
const COMPOUND_FAMILY: [&str; 6] = [
    "ton that",
    "ton nu",
    "nguyen phuc",
    "nguyen phuoc",
    "cong tang",
    "au duong",
];

/// What a code page writes for a combining mark it cannot hold (`Nguye?n`: the
/// letter kept, its mark lost). A whole letter lost (`Nguy?n`) stays lost.
const LOST_MARK: [char; 2] = ['?', '\u{FFFD}'];

/// Characters that separate name tokens besides white space.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, ',' | ';' | '.' | '_' | '|')
}

/// "Đ/c" (đồng chí, comrade) and its spellings, as Party rosters put before a
/// name. No Vietnamese syllable is written like this, so it is never a name.
fn is_honorific(token: &str) -> bool {
    matches!(
        token.to_lowercase().as_str(),
        "đ/c" | "d/c" | "đc" | "đ/chí"
    )
}

/// Parse a full name as typed. `None` when no letters are left; a leading
/// "Đ/c" is not part of the name.
pub fn parse(raw: &str) -> Option<Name> {
    let text = text::nfc_cow(raw);
    let mut display = String::with_capacity(text.len());
    let mut key = String::with_capacity(text.len());
    let mut tokens = 0usize;
    for piece in text.split(is_separator) {
        // Stray punctuation and digits at a token's ends go; inner ones (H'Hen) stay.
        let token = piece.trim_matches(|c: char| !c.is_alphabetic());
        if token.is_empty() || (tokens == 0 && is_honorific(token)) {
            continue;
        }
        if !display.is_empty() {
            display.push(' ');
            key.push(' ');
        }
        with_token_forms(token, |shown, token_key| {
            display.push_str(shown);
            key.push_str(token_key);
        });
        tokens += 1;
    }
    if tokens == 0 {
        return None;
    }
    let mut folded = fold_key(&key);
    if given_first::is_given_first(&key) {
        key = given_last(&key);
        folded = given_last(&folded);
    }
    let family_len = if tokens >= 3 && is_compound_family(&folded) {
        2
    } else {
        1
    };
    Some(Name {
        display,
        key,
        folded,
        family_len,
    })
}

thread_local! {
    /// A province's names are made of a few thousand words: each word's forms,
    /// per thread, keyed by the word as typed.
    static TOKENS: RefCell<HashMap<String, TokenForms>> = RefCell::default();
}
/// A word's display form and comparison key.
type TokenForms = (Box<str>, Box<str>);
const TOKENS_CAP: usize = 1 << 16;

/// Call `f` with one word's display form and comparison key (see [`token_forms`]).
fn with_token_forms(token: &str, f: impl FnOnce(&str, &str)) {
    TOKENS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some((shown, key)) = cache.get(token) {
            return f(shown, key);
        }
        let (shown, key) = token_forms(token);
        f(&shown, &key);
        if cache.len() >= TOKENS_CAP {
            cache.clear();
        }
        cache.insert(token.to_string(), (shown.into(), key.into()));
    });
}

/// One word's display form (title case) and comparison key.
fn token_forms(token: &str) -> (String, String) {
    let mut shown = String::with_capacity(token.len());
    title_case_into(token, &mut shown);
    // A mark lost to a code page (`Nguye?n`, `Nguye�n`) is gone from the
    // comparison key too; the display keeps what was typed.
    let unmarked;
    let token = if token.contains(LOST_MARK) {
        unmarked = token.replace(LOST_MARK, "");
        unmarked.as_str()
    } else {
        token
    };
    let key = if token.is_ascii() {
        telex::decode(token).unwrap_or_else(|| token.to_ascii_lowercase())
    } else {
        syllable::canonical_tone_lower(token.to_lowercase())
    };
    (shown, key)
}

/// The first word moved to the end.
fn given_last(s: &str) -> String {
    match s.split_once(' ') {
        Some((first, rest)) => format!("{rest} {first}"),
        None => s.to_string(),
    }
}

/// `text::fold(key)`, without its NFD pass for the letters of Vietnamese: this runs
/// for every name read.
fn fold_key(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for c in key.chars() {
        let plain = match c {
            'đ' => 'd',
            c if c.is_ascii() => c,
            c => match syllable::split_vowel(c) {
                Some(('ă' | 'â', _)) => 'a',
                Some(('ê', _)) => 'e',
                Some(('ô' | 'ơ', _)) => 'o',
                Some(('ư', _)) => 'u',
                Some((base, _)) => base,
                None => return text::fold(key),
            },
        };
        out.push(plain);
    }
    out
}

/// Whether the first two words of a folded name are a two-word family name.
fn is_compound_family(folded: &str) -> bool {
    COMPOUND_FAMILY.iter().any(|f| {
        folded
            .strip_prefix(f)
            .is_some_and(|rest| rest.starts_with(' '))
    })
}

/// Upper-case the first letter and any letter after `'` or `-` (H'Hen, Nay-Kdam);
/// lower-case the rest.
fn title_case_into(token: &str, out: &mut String) {
    let mut upper_next = true;
    for c in token.chars() {
        if upper_next && c.is_alphabetic() {
            out.extend(c.to_uppercase());
            upper_next = false;
        } else {
            out.extend(c.to_lowercase());
            upper_next |= matches!(c, '\'' | '-' | '’');
        }
    }
}

/// `key` with each syllable's lone `y` after a consonant written `i`, tone kept:
/// `lý`/`lí`, `kỳ`/`kì`, `mỹ`/`mĩ`, `quý`/`quí` coincide. `y` in `uy` (thủy), `yê`
/// (yến) and a syllable of `y` alone (ý) are not spelling variants and stay.
pub fn iy_key(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for (k, token) in key.split(' ').enumerate() {
        if k > 0 {
            out.push(' ');
        }
        let lone_y = syllable::split(token)
            .is_some_and(|s| !s.onset.is_empty() && s.vowels == "y" && s.coda.is_empty());
        match token.chars().last() {
            Some(last) if lone_y => {
                out.push_str(&token[..token.len() - last.len_utf8()]);
                let tone = syllable::split_vowel(last).map(|(_, t)| t);
                out.push(syllable::with_tone(
                    'i',
                    tone.unwrap_or(syllable::Tone::Ngang),
                ));
            }
            _ => out.push_str(token),
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn p(raw: &str) -> Name {
        parse(raw).unwrap()
    }

    #[test]
    fn display_key_folded() {
        for (raw, display, key, folded) in [
            (
                "NGUYỄN VĂN AN",
                "Nguyễn Văn An",
                "nguyễn văn an",
                "nguyen van an",
            ),
            (
                "nguyen van an",
                "Nguyen Van An",
                "nguyen van an",
                "nguyen van an",
            ),
            (
                "Nguye\u{302}\u{303}n Thi\u{323} Hoa\u{300}",
                "Nguyễn Thị Hoà",
                "nguyễn thị hòa",
                "nguyen thi hoa",
            ),
            (
                "\u{00D0}inh Thị Hoà",
                "Đinh Thị Hoà",
                "đinh thị hòa",
                "dinh thi hoa",
            ),
            (
                "  Trần\u{00A0}\tThị   Thuỷ ",
                "Trần Thị Thuỷ",
                "trần thị thủy",
                "tran thi thuy",
            ),
            (
                "1. Lê Văn Tám (2)",
                "Lê Văn Tám",
                "lê văn tám",
                "le van tam",
            ),
            ("lê-văn, tám", "Lê-Văn Tám", "lê-văn tám", "le-van tam"),
            ("H'HEN NIÊ", "H'Hen Niê", "h'hen niê", "h'hen nie"),
            ("Phạm Qúy", "Phạm Qúy", "phạm quý", "pham quy"),
            (
                "Đ/c Hồ Văn Phương",
                "Hồ Văn Phương",
                "hồ văn phương",
                "ho van phuong",
            ),
            ("đ/c: TRẦN AN", "Trần An", "trần an", "tran an"),
        ] {
            let n = p(raw);
            assert_eq!(n.display, display, "{raw:?}");
            assert_eq!(n.key, key, "{raw:?}");
            assert_eq!(n.folded, folded, "{raw:?}");
        }
    }

    #[test]
    fn same_key_for_tone_placement_not_for_i_y() {
        assert_eq!(p("Lê Thị Hoà").key, p("LÊ THỊ HÒA").key);
        assert_eq!(p("Nguyễn Thị Thuỷ").key, p("nguyễn thị thủy").key);
        assert_ne!(p("Lý Văn Tư").key, p("Lí Văn Tư").key);
    }

    #[test]
    fn telex_and_lost_marks_leave_the_display_and_fix_the_key() {
        let n = p("Nguyeenx Văn Sown");
        assert_eq!(n.display, "Nguyeenx Văn Sown");
        assert_eq!(n.key, p("Nguyễn Văn Sơn").key);
        let n = p("Nguye??n Tra?m Anh");
        assert_eq!(n.display, "Nguye??n Tra?m Anh");
        assert_eq!(n.key, "nguyen tram anh");
        assert_eq!(p("Nguye\u{FFFD}n An").key, "nguyen an");
    }

    #[test]
    fn given_name_first_is_compared_family_first() {
        let n = p("Linh Nguyễn Quang");
        assert_eq!(n.display, "Linh Nguyễn Quang");
        assert_eq!(n.key, p("Nguyễn Quang Linh").key);
        assert_eq!((n.family(), n.given()), (vec!["nguyễn"], Some("linh")));
        assert_eq!(p("Khúc Văn Hùng").key, "khúc văn hùng");
    }

    #[test]
    fn nothing_name_like() {
        for raw in ["", "   ", "123", "--- (1) ."] {
            assert_eq!(parse(raw), None, "{raw:?}");
        }
    }

    #[test]
    fn family_middle_given() {
        for (raw, family, middle, given) in [
            ("Nguyễn Văn An", &["nguyễn"][..], &["văn"][..], "an"),
            ("Tôn Thất Thuyết", &["tôn", "thất"], &[], "thuyết"),
            ("TON NU THI NINH", &["ton", "nu"], &["thi"], "ninh"),
            (
                "Nguyễn Phước Vĩnh Lộc",
                &["nguyễn", "phước"],
                &["vĩnh"],
                "lộc",
            ),
            ("Âu Dương Lân", &["âu", "dương"], &[], "lân"),
            ("Trần Thị Minh Khai", &["trần"], &["thị", "minh"], "khai"),
            ("Tôn Thất", &["tôn"], &[], "thất"),
            ("Tôn Đức Thắng", &["tôn"], &["đức"], "thắng"),
            ("An", &["an"], &[], "an"),
        ] {
            let n = p(raw);
            assert_eq!(n.family(), family, "{raw}");
            assert_eq!(n.middle(), middle, "{raw}");
            assert_eq!(n.given().unwrap(), given, "{raw}");
        }
    }

    #[test]
    fn iy_key_cases() {
        for (a, b) in [
            ("lý văn tư", "lí văn tư"),
            ("nguyễn kỳ", "nguyễn kì"),
            ("mỹ", "mĩ"),
            ("quý", "quí"),
            ("sỹ", "sĩ"),
        ] {
            assert_eq!(iy_key(a), iy_key(b), "{a} / {b}");
        }
        for key in ["thủy", "ý", "yến", "huy", "nguyễn thị thủy"] {
            assert_eq!(iy_key(key), key);
        }
        assert_ne!(iy_key("lý"), iy_key("lì"));
    }

    /// Letters, marks and punctuation real name cells are made of.
    const ALPHABET: &str = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY\
        àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ\
        ÀÁẢÃẠẦẤỀẾÌÍÒÓỒỐÙÚỲÝ\u{300}\u{301}\u{303}\u{309}\u{323}\u{D0} \u{A0}\t.,;'-()0123456789";

    fn name_like() -> impl Strategy<Value = String> {
        let chars: Vec<char> = ALPHABET.chars().collect();
        prop::collection::vec(prop::sample::select(chars), 0..40)
            .prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        #[test]
        fn parse_is_idempotent(raw in name_like()) {
            if let Some(n) = parse(&raw) {
                let again = parse(&n.display).unwrap();
                prop_assert_eq!(&again.display, &n.display);
                prop_assert_eq!(&again.key, &n.key);
                prop_assert_eq!(&again.folded, &n.folded);
                prop_assert_eq!(again.family_len, n.family_len);
                prop_assert_eq!(&parse(&n.key).unwrap().key, &n.key);
                prop_assert_eq!(&n.folded, &text::fold(&n.key));
            }
        }

        #[test]
        fn never_panics(raw in any::<String>()) {
            let _ = text::fold(&raw);
            if let Some(n) = parse(&raw) {
                prop_assert!(n.tokens().all(|t| !t.is_empty()));
                prop_assert!(n.family_len <= n.tokens().count());
                prop_assert_eq!(&n.folded, &text::fold(&n.key));
                let _ = iy_key(&n.key);
            }
        }
    }
}
