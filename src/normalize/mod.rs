//! Raw strings → comparable values, keeping what the user typed.
//!
//! Every normaliser is a pure function with a table of cases in its tests. The value
//! types below are shared with matching and output; the parsing lives in one file per
//! kind of value.

pub mod date;
pub mod gender;
pub mod given_first;
pub mod ids;
pub mod name;
pub mod phone;
pub mod place;
pub mod record;
pub mod syllable;
pub mod telex;
pub mod text;

use crate::i18n::Text;

/// Builds the lookup tables normalising needs (the 2025 crosswalk, the name-token
/// counts) ahead of the first row. Called beside reading: built on first use instead,
/// one thread would build them while the others wait for it (~50 ms at the start of
/// normalising).
pub fn warm() {
    place::warm();
    given_first::warm();
}

/// A value that was present but is not valid: becomes an `invalid_value` conflict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// Short stable code, e.g. `impossible_date`, `cccd_gender_digit`.
    pub code: &'static str,
    pub message: Text,
}

impl Invalid {
    pub fn new(code: &'static str, vi: impl Into<String>, en: impl Into<String>) -> Self {
        Invalid {
            code,
            message: Text::new(vi, en),
        }
    }
}

/// A person's name in the forms each stage needs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Name {
    /// NFC, spacing cleaned, Vietnamese title case, the user's tone placement kept:
    /// what output shows.
    pub display: String,
    /// Lower case, one canonical tone placement, `Ð`→`đ`; i/y kept as typed;
    /// family name first even when typed given-first ([`given_first`]).
    /// Equal keys mean the same written name.
    pub key: String,
    /// `key` without any diacritics and with đ → d: the blocking key.
    pub folded: String,
    /// How many of the [`Name::tokens`] are the family name (1–2); the given name
    /// is the last token ("Minh Quân"-style two-word given names still end in
    /// one), the middle name what is between.
    pub family_len: usize,
}

impl Name {
    /// The words of `key`, in order. Split when asked rather than kept: a run
    /// holds millions of names.
    pub fn tokens(&self) -> impl DoubleEndedIterator<Item = &str> + Clone {
        self.key.split(' ')
    }
    pub fn family(&self) -> Vec<&str> {
        self.tokens().take(self.family_len).collect()
    }
    pub fn given(&self) -> Option<&str> {
        self.tokens().next_back()
    }
    pub fn middle(&self) -> Vec<&str> {
        let n = self.tokens().count();
        if n <= self.family_len + 1 {
            Vec::new()
        } else {
            self.tokens()
                .skip(self.family_len)
                .take(n - 1 - self.family_len)
                .collect()
        }
    }
}

/// How much of a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    Year,
    Month,
    Day,
}

/// A calendar date known to a precision. `month`/`day` are 0 when unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub fn precision(&self) -> Precision {
        if self.month == 0 {
            Precision::Year
        } else if self.day == 0 {
            Precision::Month
        } else {
            Precision::Day
        }
    }
    /// `dd/mm/yyyy`, or the year alone when only the year is known.
    pub fn vi(&self) -> String {
        // Written digit by digit: the rosters write a million dates, and
        // `format!` cost more than the rest of their cells.
        let mut s = String::with_capacity(10);
        match self.precision() {
            Precision::Year => {}
            Precision::Month => {
                push_padded(&mut s, self.month.into(), 2);
                s.push('/');
            }
            Precision::Day => {
                push_padded(&mut s, self.day.into(), 2);
                s.push('/');
                push_padded(&mut s, self.month.into(), 2);
                s.push('/');
            }
        }
        push_padded(&mut s, self.year.into(), 1);
        s
    }
    /// ISO `yyyy-mm-dd`, or the year alone.
    pub fn iso(&self) -> String {
        let mut s = String::with_capacity(10);
        push_padded(&mut s, self.year.into(), 1);
        if self.precision() != Precision::Year {
            s.push('-');
            push_padded(&mut s, self.month.into(), 2);
        }
        if self.precision() == Precision::Day {
            s.push('-');
            push_padded(&mut s, self.day.into(), 2);
        }
        s
    }
}

/// `n` in decimal with at least `width` digits (zeros in front), as `{n:0width$}`.
pub(crate) fn push_padded(out: &mut String, n: i32, width: usize) {
    if n < 0 {
        out.push_str(&format!("{n:0width$}"));
        return;
    }
    let mut digits = [0u8; 10];
    let mut len = 0;
    let mut rest = n.unsigned_abs();
    loop {
        digits[len] = b'0' + (rest % 10) as u8;
        len += 1;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    for _ in len..width {
        out.push('0');
    }
    for d in digits[..len].iter().rev() {
        out.push(char::from(*d));
    }
}

/// What kind of national identifier a number is. CCCD and CMND are not comparable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IdKind {
    /// 12-digit Căn cước công dân / số định danh cá nhân.
    Cccd,
    /// 9-digit Chứng minh nhân dân.
    Cmnd,
    /// Any other length of digits.
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NationalId {
    pub kind: IdKind,
    /// Digits only, leading zeros restored.
    pub digits: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PhoneKind {
    Mobile,
    Landline,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Phone {
    pub kind: PhoneKind,
    /// National form with leading 0, post-2018 mobile prefixes.
    pub number: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    pub fn vi(self) -> &'static str {
        match self {
            Gender::Male => "Nam",
            Gender::Female => "Nữ",
        }
    }
    pub fn en(self) -> &'static str {
        match self {
            Gender::Male => "male",
            Gender::Female => "female",
        }
    }
}

/// A hometown or birthplace resolved, where possible, to the 2025 units.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Place {
    /// The text as written (NFC, spacing cleaned).
    pub text: String,
    /// 2025 province code (31 for Hải Phòng), when resolved.
    pub province: Option<u8>,
    /// 2025 ward codes the place may be (several when an old ward was split).
    /// Numbers, not strings: every record has up to two places.
    pub wards: Box<[u32]>,
}

impl Place {
    /// The province code as the crosswalk writes it: `"31"`.
    pub fn province_code(&self) -> Option<String> {
        self.province.map(|p| format!("{p:02}"))
    }
    /// The ward codes as the crosswalk writes them: `"11312"`.
    pub fn ward_codes(&self) -> impl Iterator<Item = String> + '_ {
        self.wards.iter().map(|w| format!("{w:05}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Dates are written as `format!` would write them, for any stored value.
        #[test]
        fn dates_written_as_format_writes_them(year in -999i16..3000, month in 0u8..120, day in 0u8..120) {
            let d = Date { year, month, day };
            let (vi, iso) = match d.precision() {
                Precision::Year => (format!("{year}"), format!("{year}")),
                Precision::Month => (format!("{month:02}/{year}"), format!("{year}-{month:02}")),
                Precision::Day => (
                    format!("{day:02}/{month:02}/{year}"),
                    format!("{year}-{month:02}-{day:02}"),
                ),
            };
            prop_assert_eq!(d.vi(), vi);
            prop_assert_eq!(d.iso(), iso);
        }
    }
}
