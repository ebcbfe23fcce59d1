//! The corruption model: how one true value becomes what a clerk typed in one record.
//! Every corruption has a rate in [`RATES`] and is drawn independently for each record
//! copy, so two records of one person usually differ in a few small ways. See the
//! module doc of [`crate::synth`] for the table.

use super::people::{Person, Ymd};
use super::scenario::DateStyle;
use unicode_normalization::UnicodeNormalization;

/// Probability of each corruption, per record copy (or per cell where it applies).
#[derive(Debug, Clone, Copy)]
pub struct Rates {
    pub no_diacritics: f32,
    pub upper: f32,
    pub nfd: f32,
    /// Old vs new tone placement (Hoà / Hòa), where the name allows it.
    pub tone_place: f32,
    /// Lý / Lí, Kỳ / Kì, where the name allows it.
    pub i_y: f32,
    /// Ð (U+00D0) typed for Đ.
    pub eth: f32,
    pub extra_spaces: f32,
    pub name_typo: f32,
    pub no_middle: f32,
    /// A name cell typed in a TCVN3 / VNI font (Unicode files, messy format only).
    pub legacy_cell: f32,
    pub date_serial: f32,
    pub date_year_only: f32,
    pub date_swap: f32,
    pub date_typo: f32,
    pub date_missing: f32,
    pub id_missing: f32,
    /// For a person with an old CMND: this record shows the CMND, not the CCCD.
    pub id_cmnd: f32,
    pub id_typo: f32,
    pub id_zero_stripped: f32,
    pub id_spaces: f32,
    pub id_quote: f32,
    pub phone_missing: f32,
    pub phone_plus84: f32,
    pub phone_spaced: f32,
    pub phone_old: f32,
    pub hometown_new: f32,
    pub hometown_missing: f32,
    /// The same person entered twice in one roster.
    pub duplicate: f32,
}

pub const RATES: Rates = Rates {
    no_diacritics: 0.04,
    upper: 0.04,
    nfd: 0.02,
    tone_place: 0.15,
    i_y: 0.10,
    eth: 0.03,
    extra_spaces: 0.03,
    name_typo: 0.02,
    no_middle: 0.015,
    legacy_cell: 0.006,
    date_serial: 0.02,
    date_year_only: 0.02,
    date_swap: 0.01,
    date_typo: 0.01,
    date_missing: 0.01,
    id_missing: 0.03,
    id_cmnd: 0.5,
    id_typo: 0.01,
    id_zero_stripped: 0.06,
    id_spaces: 0.02,
    id_quote: 0.02,
    phone_missing: 0.08,
    phone_plus84: 0.05,
    phone_spaced: 0.05,
    phone_old: 0.05,
    hometown_new: 0.25,
    hometown_missing: 0.10,
    duplicate: 0.01,
};

/// Remove every Vietnamese mark: "Nguyễn Đức" → "Nguyen Duc".
pub fn strip_marks(s: &str) -> String {
    s.nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| match c {
            'Đ' | 'Ð' => 'D',
            'đ' => 'd',
            c => c,
        })
        .collect()
}

const TONE_PAIRS: &[(&str, &str)] = &[
    ("oà", "òa"),
    ("oá", "óa"),
    ("oả", "ỏa"),
    ("oã", "õa"),
    ("oạ", "ọa"),
    ("oè", "òe"),
    ("oé", "óe"),
    ("oẻ", "ỏe"),
    ("oẽ", "õe"),
    ("oẹ", "ọe"),
    ("uỳ", "ùy"),
    ("uý", "úy"),
    ("uỷ", "ủy"),
    ("uỹ", "ũy"),
    ("uỵ", "ụy"),
];
const Y_I: &[(char, char)] = &[('ý', 'í'), ('ỳ', 'ì'), ('ỷ', 'ỉ'), ('ỹ', 'ĩ'), ('ỵ', 'ị')];

/// Hòa ↔ Hoà, Thủy ↔ Thuỷ: only open syllables, never after "qu".
fn swap_tone_place(word: &str) -> Option<String> {
    if word.starts_with("Qu") || word.starts_with("qu") {
        return None;
    }
    for (old, new) in TONE_PAIRS {
        if let Some(stem) = word.strip_suffix(old) {
            return Some(format!("{stem}{new}"));
        }
        if let Some(stem) = word.strip_suffix(new) {
            return Some(format!("{stem}{old}"));
        }
    }
    None
}

/// Lý ↔ Lí, Kỳ ↔ Kì: a consonant and a toned y/i. Untoned Vy / Vi are different names.
fn swap_i_y(word: &str) -> Option<String> {
    let mut cs = word.chars();
    let (c0, c1) = (cs.next()?, cs.next()?);
    if cs.next().is_some() || !"LlKkMmSsTt".contains(c0) {
        return None;
    }
    Y_I.iter().find_map(|&(y, i)| {
        (c1 == y)
            .then(|| format!("{c0}{i}"))
            .or_else(|| (c1 == i).then(|| format!("{c0}{y}")))
    })
}

/// One wrong, missing, doubled or swapped letter, never the first.
fn typo(rng: &mut fastrand::Rng, word: &str) -> String {
    let mut cs: Vec<char> = word.chars().collect();
    if cs.len() < 2 {
        return word.to_string();
    }
    let i = rng.usize(1..cs.len());
    match rng.u8(0..4) {
        0 if cs.len() > 3 => {
            cs.remove(i);
        }
        1 if i + 1 < cs.len() => cs.swap(i, i + 1),
        2 => cs.insert(i, cs[i]),
        _ => {
            const POOL: &[char] = &['a', 'n', 'h', 'g', 'u', 'o', 'i', 't', 'm', 'c', 'e', 'y'];
            let c = POOL[rng.usize(0..POOL.len())];
            cs[i] = if c == cs[i] { 'n' } else { c };
        }
    }
    cs.into_iter().collect()
}

/// The name as typed in one record: (family and middle, given).
pub fn name(rng: &mut fastrand::Rng, p: &Person, r: &Rates) -> (String, String) {
    let mut middle = if rng.f32() < r.no_middle {
        String::new()
    } else {
        p.middle.to_string()
    };
    let mut given = p.given.to_string();
    if rng.f32() < r.name_typo {
        if middle.is_empty() || rng.f32() < 0.7 {
            given = typo(rng, &given);
        } else {
            middle = middle
                .split(' ')
                .map(|w| typo(rng, w))
                .collect::<Vec<_>>()
                .join(" ");
        }
    }
    let mut words: Vec<String> = [p.family, middle.as_str(), given.as_str()]
        .iter()
        .flat_map(|s| s.split(' '))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    let tone = rng.f32() < r.tone_place;
    let iy = rng.f32() < r.i_y;
    let eth = rng.f32() < r.eth;
    for w in words.iter_mut() {
        if tone && let Some(v) = swap_tone_place(w) {
            *w = v;
        }
        if iy && let Some(v) = swap_i_y(w) {
            *w = v;
        }
        if eth {
            *w = w.replace('Đ', "\u{D0}");
        }
    }
    let x = rng.f32();
    let render = |s: String| -> String {
        if x < r.no_diacritics {
            strip_marks(&s)
        } else if x < r.no_diacritics + r.upper {
            s.to_uppercase()
        } else if x < r.no_diacritics + r.upper + r.nfd {
            s.nfd().collect()
        } else {
            s
        }
    };
    let given = words.pop().unwrap_or_default();
    let sep = if rng.f32() < r.extra_spaces {
        "  "
    } else {
        " "
    };
    (render(words.join(sep)), render(given))
}

/// Text of a date in a file's style (also used for clean dates in CSV files).
pub fn format_date(t: Ymd, style: DateStyle) -> String {
    let mut s = String::with_capacity(10);
    push_date(&mut s, t, style);
    s
}

/// [`format_date`] into a buffer: the writers' hot path allocates nothing.
pub fn push_date(out: &mut String, t: Ymd, style: DateStyle) {
    use std::fmt::Write;
    let Ymd { y, m, d } = t;
    let _ = match style {
        DateStyle::Dmy => write!(out, "{d:02}/{m:02}/{y}"),
        DateStyle::DmyShort => write!(out, "{d}/{m}/{y}"),
        DateStyle::DmyDash => write!(out, "{d:02}-{m:02}-{y}"),
        DateStyle::Iso => write!(out, "{y}-{m:02}-{d:02}"),
    };
}

/// A date as typed in one record.
#[derive(Debug, Clone, PartialEq)]
pub enum DateOut {
    /// Typed correctly: a date cell in XLSX, the file's style in CSV.
    Clean(Ymd),
    Text(String),
    /// The date cell lost its format: Excel's day number.
    Serial(i64),
    Missing,
}

pub fn date(rng: &mut fastrand::Rng, t: Ymd, style: DateStyle, r: &Rates) -> DateOut {
    let x = rng.f32();
    let mut at = 0.0;
    let mut hit = |rate: f32| {
        at += rate;
        x < at
    };
    if hit(r.date_missing) {
        DateOut::Missing
    } else if hit(r.date_serial) {
        DateOut::Serial(t.excel_serial())
    } else if hit(r.date_year_only) {
        if rng.bool() || style == DateStyle::Iso {
            DateOut::Text(t.y.to_string())
        } else {
            DateOut::Text(format!("00/00/{}", t.y))
        }
    } else if hit(r.date_swap) && t.d <= 12 && t.d != t.m {
        DateOut::Text(format_date(
            Ymd {
                y: t.y,
                m: t.d,
                d: t.m,
            },
            style,
        ))
    } else if hit(r.date_typo) {
        DateOut::Text(digit_typo(rng, &format_date(t, style), 0))
    } else {
        DateOut::Clean(t)
    }
}

/// Change one digit at or after `from` to a different digit.
fn digit_typo(rng: &mut fastrand::Rng, s: &str, from: usize) -> String {
    let mut cs: Vec<char> = s.chars().collect();
    let digits: Vec<usize> = (from..cs.len())
        .filter(|&i| cs[i].is_ascii_digit())
        .collect();
    if digits.is_empty() {
        return s.to_string();
    }
    let i = digits[rng.usize(0..digits.len())];
    let old = cs[i] as u8 - b'0';
    cs[i] = char::from(b'0' + (old + rng.u8(1..10)) % 10);
    cs.into_iter().collect()
}

/// The national ID cell of one record: CCCD (or the old CMND), with the usual damage.
pub fn national_id(rng: &mut fastrand::Rng, p: &Person, r: &Rates) -> String {
    if rng.f32() < r.id_missing {
        return String::new();
    }
    let mut id = match p.cmnd {
        Some(c) if rng.f32() < r.id_cmnd => format!("{c:09}"),
        _ => format!("{:012}", p.cccd),
    };
    if rng.f32() < r.id_typo {
        id = digit_typo(rng, &id, 3);
    }
    let x = rng.f32();
    if x < r.id_zero_stripped {
        id.trim_start_matches('0').to_string()
    } else if x < r.id_zero_stripped + r.id_spaces {
        let (a, b) = id.split_at(id.len().min(3));
        let (b, c) = b.split_at(b.len().min(3));
        format!("{a} {b} {c}")
    } else if x < r.id_zero_stripped + r.id_spaces + r.id_quote {
        format!("'{id}")
    } else {
        id
    }
}

/// New 10-digit prefix → the 11-digit one it replaced in 2018.
const OLD_PREFIX: &[(&str, &str)] = &[
    ("032", "0162"),
    ("033", "0163"),
    ("034", "0164"),
    ("035", "0165"),
    ("036", "0166"),
    ("037", "0167"),
    ("038", "0168"),
    ("039", "0169"),
    ("070", "0120"),
    ("079", "0121"),
    ("077", "0122"),
    ("076", "0126"),
    ("078", "0128"),
    ("083", "0123"),
    ("084", "0124"),
    ("085", "0125"),
    ("081", "0127"),
    ("082", "0129"),
    ("056", "0186"),
    ("058", "0188"),
    ("059", "0199"),
];

pub fn phone(rng: &mut fastrand::Rng, phone: u64, r: &Rates) -> String {
    let s = format!("{phone:010}");
    let x = rng.f32();
    let mut at = 0.0;
    let mut hit = |rate: f32| {
        at += rate;
        x < at
    };
    if hit(r.phone_missing) {
        String::new()
    } else if hit(r.phone_plus84) {
        format!("+84{}", &s[1..])
    } else if hit(r.phone_spaced) {
        format!("{} {} {}", &s[..4], &s[4..7], &s[7..])
    } else if hit(r.phone_old) {
        match OLD_PREFIX.iter().find(|(new, _)| s.starts_with(new)) {
            Some((new, old)) => format!("{old}{}", &s[new.len()..]),
            None => s,
        }
    } else {
        s
    }
}

/// Text typed in a legacy font, as a Unicode file shows it: the legacy bytes read as
/// Latin-1 (`NguyÔn V¨n Hïng`, `Nguyeãn Vaên Huøng`).
pub fn legacy(text: &str, vni: bool) -> String {
    let bytes = if vni {
        crate::read::legacy::encode_vni(text)
    } else {
        crate::read::legacy::encode_tcvn3(text)
    };
    bytes.iter().map(|&b| char::from(b)).collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::synth::people::Person;

    fn person() -> Person {
        Person {
            family: "Nguyễn",
            middle: "Văn",
            given: "Hòa",
            male: true,
            birth: Ymd {
                y: 1972,
                m: 3,
                d: 5,
            },
            cccd: 31_072_012_345,
            cmnd: Some(31_234_567),
            phone: 912_345_678,
            email: None,
            place: 0,
            source: 0,
            slot: 0,
            transfer: None,
            staff: true,
            party: true,
            position: "Chuyên viên",
            grade: "01.003",
            qualification: "Đại học",
            card: 1_234_567,
            party_record: 42,
            joined: Ymd {
                y: 1995,
                m: 1,
                d: 2,
            },
            official: None,
            role: "Đảng viên",
        }
    }

    /// Observed share within ±40% of the rate (n = 20,000 draws).
    fn near(count: usize, n: usize, rate: f32) -> bool {
        let share = count as f32 / n as f32;
        (share - rate).abs() <= rate * 0.4
    }

    #[test]
    fn corruption_rates_roughly_hold() {
        let (p, r, n) = (person(), RATES, 20_000);
        let mut rng = fastrand::Rng::with_seed(11);
        let names: Vec<String> = (0..n)
            .map(|_| {
                let (h, g) = name(&mut rng, &p, &r);
                format!("{h} {g}")
            })
            .collect();
        let ascii = names.iter().filter(|s| s.is_ascii()).count();
        assert!(near(ascii, n, r.no_diacritics), "no diacritics {ascii}");
        let upper = names.iter().filter(|s| s.starts_with("NGUY")).count();
        assert!(near(upper, n, r.upper), "upper {upper}");
        let old_tone = names.iter().filter(|s| s.ends_with("Hoà")).count();
        assert!(
            near(
                old_tone,
                n,
                r.tone_place * (1.0 - r.no_diacritics - r.upper - r.nfd)
            ),
            "tone {old_tone}"
        );
        let dates: Vec<DateOut> = (0..n)
            .map(|_| date(&mut rng, p.birth, DateStyle::Dmy, &r))
            .collect();
        let serial = dates
            .iter()
            .filter(|d| matches!(d, DateOut::Serial(_)))
            .count();
        assert!(near(serial, n, r.date_serial), "serial {serial}");
        let year = dates.iter().filter(|d| matches!(d, DateOut::Text(t) if t.ends_with("/1972") && t.starts_with("00") || t == "1972")).count();
        assert!(near(year, n, r.date_year_only), "year only {year}");
        let ids: Vec<String> = (0..n).map(|_| national_id(&mut rng, &p, &r)).collect();
        let missing = ids.iter().filter(|s| s.is_empty()).count();
        assert!(near(missing, n, r.id_missing), "missing id {missing}");
        let cmnd = ids
            .iter()
            .filter(|s| s.trim_start_matches('\'').len() == 9)
            .count();
        assert!(
            near(cmnd, n, r.id_cmnd * (1.0 - r.id_missing)),
            "cmnd {cmnd}"
        );
        let phones: Vec<String> = (0..n).map(|_| phone(&mut rng, p.phone, &r)).collect();
        let plus = phones.iter().filter(|s| s.starts_with("+84")).count();
        assert!(near(plus, n, r.phone_plus84), "+84 {plus}");
    }

    #[test]
    fn spelling_variants() {
        assert_eq!(swap_tone_place("Hòa").as_deref(), Some("Hoà"));
        assert_eq!(swap_tone_place("Thuỷ").as_deref(), Some("Thủy"));
        assert_eq!(swap_tone_place("Quý"), None);
        assert_eq!(swap_tone_place("Hoàng"), None);
        assert_eq!(swap_i_y("Lý").as_deref(), Some("Lí"));
        assert_eq!(swap_i_y("Kì").as_deref(), Some("Kỳ"));
        assert_eq!(swap_i_y("Vy"), None);
        assert_eq!(strip_marks("Nguyễn Đức Thủy"), "Nguyen Duc Thuy");
        let mut rng = fastrand::Rng::with_seed(1);
        let r = Rates {
            phone_missing: 0.0,
            phone_plus84: 0.0,
            phone_spaced: 0.0,
            phone_old: 1.0,
            ..RATES
        };
        assert_eq!(phone(&mut rng, 345_678_901, &r), "01645678901");
        assert_eq!(
            format_date(
                Ymd {
                    y: 1972,
                    m: 3,
                    d: 5
                },
                DateStyle::DmyShort
            ),
            "5/3/1972"
        );
    }
}
