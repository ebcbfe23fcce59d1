//! Dates as rosters write them: birth dates, Party joining dates.
//!
//! Day-first forms (`dd/mm/yyyy`, `d/m/yyyy`, with `-` `.` or space), ISO
//! `yyyy-mm-dd` (also with Excel's ` 00:00:00` time), `yyyymmdd`/`ddmmyyyy`, Excel serial
//! numbers, month/year and year alone. Placeholders for an unknown day
//! (`00/00/1965`, `0/5/1965`) give a date known to the year or month only;
//! `01/01/YYYY` does too, but only in a roster where `uses_0101_placeholder` found
//! the habit. A date that does not exist is an error, never moved to a nearby day.
//!
//! Two-digit years are read only where the century is unambiguous for people on a
//! roster: `31`–`99` → 19xx. `00`–`30` could be a 1920s birth or a 2000s Party
//! joining date, so they are an error asking for the full year.

use super::text::{clean_spaces, nfc_cow};
use super::{Date, Invalid};
use rayon::prelude::*;

const MIN_YEAR: i16 = 1900;
const MAX_YEAR: i16 = 2100;
/// Excel serials of 1900-01-01 and 2100-12-31 (1900 date system).
const SERIAL_RANGE: std::ops::RangeInclusive<i64> = 1..=73_415;

fn invalid(code: &'static str, vi: &str, en: &str, raw: &str) -> Invalid {
    let shown = clean_spaces(raw);
    Invalid::new(code, format!("{vi}: {shown}"), format!("{en}: {shown}"))
}

fn unreadable(raw: &str) -> Invalid {
    invalid(
        "unreadable_date",
        "không đọc được ngày",
        "unreadable date",
        raw,
    )
}

/// Parse a date cell. `placeholder_0101` says the roster writes `01/01/YYYY` for
/// "year only".
pub fn parse(raw: &str, placeholder_0101: bool) -> Result<Option<Date>, Invalid> {
    let date = match plain(raw) {
        Some((y, m, d)) => build(y, m, d, raw)?,
        None => match general(raw)? {
            Some(date) => date,
            None => return Ok(None),
        },
    };
    // The placeholder habit shows in every form: a clerk's 01/01 stored by Excel
    // comes back as an ISO date or a serial.
    if placeholder_0101 && date.month == 1 && date.day == 1 {
        return Ok(Some(Date {
            year: date.year,
            month: 0,
            day: 0,
        }));
    }
    Ok(Some(date))
}

/// A date cell that [`parse`] refused as impossible, read as its three numbers
/// (day first, or ISO): `35/12/1979`, `29/54/1977`, `4/10/1566`. None unless the
/// cell is a day and a month of one or two digits and a year of four, none zero.
pub fn slip(raw: &str) -> Option<Date> {
    let parts: Vec<&str> = raw
        .trim()
        .split(['/', '-', '.', ' '])
        .filter(|p| !p.is_empty())
        .collect();
    let (d, m, y) = match *parts.as_slice() {
        [y, m, d] if y.len() == 4 => (d, m, y),
        [d, m, y] if y.len() == 4 => (d, m, y),
        _ => return None,
    };
    let num = |s: &str| -> Option<u16> {
        s.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| s.parse().ok())
            .flatten()
            .filter(|&n| n > 0)
    };
    if d.len() > 2 || m.len() > 2 {
        return None;
    }
    Some(Date {
        year: i16::try_from(num(y)?).ok()?,
        month: u8::try_from(num(m)?).ok()?,
        day: u8::try_from(num(d)?).ok()?,
    })
}

/// `dd/mm/yyyy` or `yyyy-mm-dd` exactly, as most exports write every date: read
/// without the general path's copies (a province has a million date cells). Any
/// other shape is left to [`general`], which reads these two the same way.
fn plain(raw: &str) -> Option<(u32, u32, u32)> {
    let b = raw.as_bytes();
    let num = |r: std::ops::Range<usize>| {
        b.get(r)?.iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    match b {
        [_, _, b'/', _, _, b'/', _, _, _, _] => Some((num(6..10)?, num(3..5)?, num(0..2)?)),
        [_, _, _, _, b'-', _, _, b'-', _, _] => Some((num(0..4)?, num(5..7)?, num(8..10)?)),
        _ => None,
    }
}

/// Any date cell (see [`parse`]), before the placeholder rule.
fn general(raw: &str) -> Result<Option<Date>, Invalid> {
    let text = clean_spaces(&nfc_cow(raw));
    let mut cell = text.trim_start_matches(['\'', '’']).trim();
    if cell.is_empty() {
        return Ok(None);
    }
    // Excel datetimes: "1992-05-24 00:00:00", "1992-05-24T00:00:00".
    if let Some((day, time)) = cell.split_once([' ', 'T'])
        && time
            .chars()
            .all(|c| c.is_ascii_digit() || c == ':' || c == '.')
        && time.contains(':')
    {
        cell = day;
    }
    if let Some(int) = cell
        .split_once(['.', ','])
        .filter(|(i, f)| i.len() == 5 && !f.is_empty() && f.chars().all(|c| c.is_ascii_digit()))
        .map(|(i, _)| i)
    {
        // Serial with a time fraction: "33748.0", "33748.5".
        cell = int;
    }
    let date = if cell.chars().all(|c| c.is_ascii_digit()) {
        digits_only(cell, raw)?
    } else if let Some(date) = in_words(cell, raw) {
        date?
    } else {
        separated(cell, raw)?
    };
    Ok(Some(date))
}

/// `d/m/y`, `y-m-d`, `m/y`, `y-m` with any of `/ - .` or space between.
fn separated(cell: &str, raw: &str) -> Result<Date, Invalid> {
    let parts: Vec<&str> = cell.split(['/', '-', '.', ' ']).collect();
    if parts
        .iter()
        .any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()))
    {
        return Err(unreadable(raw));
    }
    let num = |s: &str| s.parse::<u32>().map_err(|_| unreadable(raw));
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 => build(num(y)?, num(m)?, num(d)?, raw),
        [d, m, y] if d.len() <= 2 && m.len() <= 2 => build(year(y, raw)?, num(m)?, num(d)?, raw),
        [y, m] if y.len() == 4 && m.len() <= 2 => build(num(y)?, num(m)?, 0, raw),
        [m, y] if m.len() <= 2 => build(year(y, raw)?, num(m)?, 0, raw),
        _ => Err(unreadable(raw)),
    }
}

/// The way documents write dates: "ngày 5 tháng 3 năm 1980", "tháng 3 năm
/// 1980", "năm 1980" (any case, marks or none). `None` when the cell is not
/// in that form.
fn in_words(cell: &str, raw: &str) -> Option<Result<Date, Invalid>> {
    if !cell.chars().any(char::is_alphabetic) {
        return None;
    }
    let folded = super::text::fold(cell);
    let words: Vec<&str> = folded
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let num = |s: &str| s.parse::<u32>().map_err(|_| unreadable(raw));
    Some(match words.as_slice() {
        ["ngay", d, "thang", m, "nam", y] => num(y).and_then(|y| build(y, num(m)?, num(d)?, raw)),
        ["thang", m, "nam", y] => num(y).and_then(|y| build(y, num(m)?, 0, raw)),
        ["nam", y] => num(y).and_then(|y| build(y, 0, 0, raw)),
        _ => return None,
    })
}

/// A four-digit year, or a two-digit one where the century is clear.
fn year(y: &str, raw: &str) -> Result<u32, Invalid> {
    let n: u32 = y.parse().map_err(|_| unreadable(raw))?;
    match y.len() {
        4 => Ok(n),
        2 if n > 30 => Ok(1900 + n),
        2 => Err(invalid(
            "ambiguous_year",
            "năm hai chữ số không rõ thế kỷ",
            "two-digit year of unclear century",
            raw,
        )),
        _ => Err(unreadable(raw)),
    }
}

/// A cell of digits only: a year, `yyyymmdd`, or an Excel serial number.
fn digits_only(cell: &str, raw: &str) -> Result<Date, Invalid> {
    let n: i64 = cell.parse().map_err(|_| unreadable(raw))?;
    match cell.len() {
        4 => build(n as u32, 0, 0, raw),
        // yyyymmdd, else ddmmyyyy.
        8 if (i64::from(MIN_YEAR)..=i64::from(MAX_YEAR)).contains(&(n / 10_000)) => {
            let (y, md) = (n / 10_000, n % 10_000);
            build(y as u32, (md / 100) as u32, (md % 100) as u32, raw)
        }
        8 => {
            let (dm, y) = (n / 10_000, n % 10_000);
            build(y as u32, (dm % 100) as u32, (dm / 100) as u32, raw)
        }
        5 if SERIAL_RANGE.contains(&n) => serial(n).ok_or_else(|| unreadable(raw)),
        _ => Err(unreadable(raw)),
    }
}

/// Excel's 1900 date system counts 1900-02-29, which never existed: serial 60 is that
/// phantom day, and from 61 on the count is one ahead of the calendar.
fn serial(n: i64) -> Option<Date> {
    if n == 60 {
        return None;
    }
    let base = jiff::civil::Date::new(1899, 12, if n > 60 { 30 } else { 31 }).ok()?;
    let span = jiff::Span::new().try_days(n).ok()?;
    let d = base.checked_add(span).ok()?;
    Some(Date {
        year: d.year(),
        month: d.month() as u8,
        day: d.day() as u8,
    })
}

/// Check and assemble. Day 0 / month 0 mean "not known".
fn build(year: u32, month: u32, day: u32, raw: &str) -> Result<Date, Invalid> {
    let Some(year) = i16::try_from(year)
        .ok()
        .filter(|y| (MIN_YEAR..=MAX_YEAR).contains(y))
    else {
        return Err(invalid(
            "year_out_of_range",
            "năm ngoài khoảng 1900–2100",
            "year outside 1900–2100",
            raw,
        ));
    };
    let (month, day) = match (month, day) {
        (0, _) => (0, 0),
        (m, d) => (m, d),
    };
    if month > 12 {
        return Err(invalid(
            "impossible_date",
            "tháng không tồn tại",
            "no such month",
            raw,
        ));
    }
    let exists = |m: u32, d: u32| {
        let (Ok(m), Ok(d)) = (i8::try_from(m), i8::try_from(d)) else {
            return false;
        };
        jiff::civil::Date::new(year, m, d).is_ok()
    };
    if day > 0 && !exists(month, day) {
        return Err(invalid(
            "impossible_date",
            "ngày không tồn tại",
            "no such date",
            raw,
        ));
    }
    Ok(Date {
        year,
        month: month as u8,
        day: day as u8,
    })
}

/// Does this roster use `01/01/YYYY` as a year-only placeholder?
///
/// By chance about 1 full date in 365 falls on 1 January. The roster is taken to use
/// the placeholder when 01/01 makes up at least 5% of its full dates (18× chance) and
/// occurs at least 3 times, so one or two real New Year birthdays never trigger it.
pub fn uses_0101_placeholder<'a>(values: impl ParallelIterator<Item = &'a str>) -> bool {
    // Every birth date of a roster is parsed here once more: in parallel.
    let (full, jan1) = values
        .filter_map(|v| parse(v, false).ok().flatten())
        .filter(|d| d.day != 0)
        .map(|d| (1usize, usize::from(d.day == 1 && d.month == 1)))
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    jan1 >= 3 && jan1 * 20 >= full
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(year: i16, month: u8, day: u8) -> Option<Date> {
        Some(Date { year, month, day })
    }

    #[test]
    fn forms() {
        for (raw, want) in [
            ("24/05/1992", d(1992, 5, 24)),
            ("4/5/1992", d(1992, 5, 4)),
            ("24-05-1992", d(1992, 5, 24)),
            ("24.05.1992", d(1992, 5, 24)),
            ("24 05 1992", d(1992, 5, 24)),
            (" 24/05/1992 ", d(1992, 5, 24)),
            ("'24/05/1992", d(1992, 5, 24)),
            ("1992-05-24", d(1992, 5, 24)),
            ("1992/5/24", d(1992, 5, 24)),
            ("1992-05-24 00:00:00", d(1992, 5, 24)),
            ("ngày 24 tháng 5 năm 1992", d(1992, 5, 24)),
            ("Ngày 04 tháng 05 năm 1992", d(1992, 5, 4)),
            ("NGAY 4 THANG 5, NAM 1992", d(1992, 5, 4)),
            ("tháng 5 năm 1992", d(1992, 5, 0)),
            ("năm 1992", d(1992, 0, 0)),
            ("1992-05-24T00:00:00", d(1992, 5, 24)),
            ("19920524", d(1992, 5, 24)),
            ("24051992", d(1992, 5, 24)),
            ("33748", d(1992, 5, 24)),
            ("33748.0", d(1992, 5, 24)),
            ("33748.75", d(1992, 5, 24)),
            ("1965", d(1965, 0, 0)),
            ("05/1965", d(1965, 5, 0)),
            ("5/1965", d(1965, 5, 0)),
            ("1965-05", d(1965, 5, 0)),
            ("00/00/1965", d(1965, 0, 0)),
            ("0/0/1965", d(1965, 0, 0)),
            ("00/05/1965", d(1965, 5, 0)),
            ("00/1965", d(1965, 0, 0)),
            ("01/01/1965", d(1965, 1, 1)),
            ("12/05/65", d(1965, 5, 12)),
            ("29/02/1980", d(1980, 2, 29)),
            ("29/02/2000", d(2000, 2, 29)),
            ("", None),
            ("   ", None),
        ] {
            assert_eq!(parse(raw, false), Ok(want), "{raw:?}");
        }
    }

    #[test]
    fn excel_serials_around_the_phantom_leap_day() {
        // Excel: 1 = 1900-01-01, 59 = 1900-02-28, 60 = "1900-02-29", 61 = 1900-03-01.
        assert_eq!(serial(1), d(1900, 1, 1));
        assert_eq!(serial(59), d(1900, 2, 28));
        assert_eq!(serial(60), None);
        assert_eq!(serial(61), d(1900, 3, 1));
        assert_eq!(serial(73_415), d(2100, 12, 31));
        assert_eq!(parse("45658", false), Ok(d(2025, 1, 1)));
    }

    #[test]
    fn placeholder_0101_only_when_asked() {
        assert_eq!(parse("01/01/1965", true), Ok(d(1965, 0, 0)));
        assert_eq!(parse("1/1/1965", true), Ok(d(1965, 0, 0)));
        assert_eq!(parse("02/01/1965", true), Ok(d(1965, 1, 2)));
        // Excel stores the clerk's 01/01 as a date and exports it as ISO or serial.
        assert_eq!(parse("1965-01-01", true), Ok(d(1965, 0, 0)));
        assert_eq!(parse("1965-01-01 00:00:00", true), Ok(d(1965, 0, 0)));
        assert_eq!(parse("23743", true), Ok(d(1965, 0, 0)));
        assert_eq!(parse("23743", false), Ok(d(1965, 1, 1)));
    }

    #[test]
    fn an_impossible_date_is_read_as_its_numbers() {
        let slip = |raw| super::slip(raw).map(|d| (d.day, d.month, d.year));
        assert_eq!(slip("35/12/1979"), Some((35, 12, 1979)));
        assert_eq!(slip("29/54/1977"), Some((29, 54, 1977)));
        assert_eq!(slip("4/10/1566"), Some((4, 10, 1566)));
        assert_eq!(slip("1977-54-29"), Some((29, 54, 1977)));
        assert_eq!(slip(" 23.83.1964 "), Some((23, 83, 1964)));
        for raw in [
            "13/1980",
            "00/13/1980",
            "12/05/05",
            "1/2/3/4",
            "123/1/1980",
            "x/1/1980",
        ] {
            assert_eq!(slip(raw), None, "{raw}");
        }
    }

    #[test]
    fn impossible_and_unreadable() {
        for (raw, code) in [
            ("31/02/1980", "impossible_date"),
            ("29/02/1981", "impossible_date"),
            ("30/02/2000", "impossible_date"),
            ("31/04/1990", "impossible_date"),
            ("12/13/1980", "impossible_date"),
            ("32/01/1980", "impossible_date"),
            ("1980-02-30", "impossible_date"),
            ("1992-05-300", "impossible_date"),
            ("1992-05-128", "impossible_date"),
            ("13/1980", "impossible_date"),
            ("12/05/1899", "year_out_of_range"),
            ("12/05/2101", "year_out_of_range"),
            ("1850", "year_out_of_range"),
            ("12/05/05", "ambiguous_year"),
            ("12/05/25", "ambiguous_year"),
            ("99999", "unreadable_date"),
            ("123", "unreadable_date"),
            ("không rõ", "unreadable_date"),
            ("12//1980", "unreadable_date"),
            ("1/2/3/4", "unreadable_date"),
            ("12/05/196", "unreadable_date"),
        ] {
            assert_eq!(
                parse(raw, false).err().map(|e| e.code),
                Some(code),
                "{raw:?}"
            );
        }
        let msg = parse("31/02/1980", false).err().map(|e| e.message.vi);
        assert_eq!(msg.as_deref(), Some("ngày không tồn tại: 31/02/1980"));
    }

    #[test]
    fn detects_the_0101_habit() {
        let many = [
            "01/01/1960",
            "01/01/1961",
            "01/01/1970",
            "12/03/1980",
            "1975",
        ];
        assert!(uses_0101_placeholder(many.into_par_iter()));
        // Two New Year birthdays among many dates: chance, not habit.
        let mut chance: Vec<String> = (1..=28).map(|day| format!("{day:02}/03/1980")).collect();
        chance.extend(["01/01/1960".into(), "01/01/1961".into()]);
        assert!(!uses_0101_placeholder(
            chance.par_iter().map(String::as_str)
        ));
        // Three in a hundred full dates: 3%, under the 5% bar.
        let mut rare: Vec<String> = (0..97)
            .map(|i| format!("{:02}/03/19{:02}", i % 28 + 1, i % 60 + 40))
            .collect();
        rare.extend([
            "01/01/1960".into(),
            "01/01/1961".into(),
            "01/01/1962".into(),
        ]);
        assert!(!uses_0101_placeholder(rare.par_iter().map(String::as_str)));
        assert!(!uses_0101_placeholder(rayon::iter::empty()));
    }

    proptest! {
        /// The fast path reads its two shapes exactly as the general one does,
        /// impossible and out-of-range dates included.
        #[test]
        fn plain_dates_read_as_the_general_path_reads_them(
            raw in "[0-9]{2}/[0-9]{2}/[0-9]{4}|[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9/-]{10}"
        ) {
            let fast = plain(&raw).map(|(y, m, d)| build(y, m, d, &raw).map(Some));
            if let Some(fast) = fast {
                prop_assert_eq!(fast, general(&raw));
            }
        }

        #[test]
        fn never_panics(raw in "\\PC{0,24}") {
            let _ = parse(&raw, true);
            let _ = parse(&raw, false);
        }

        #[test]
        fn datelike_never_panics(raw in "[0-9]{0,6}[/. -]?[0-9]{0,5}[/. -]?[0-9]{0,5}") {
            let _ = parse(&raw, false);
        }

        #[test]
        fn idempotent(y in 1900i16..=2100, m in 0u8..=12, day in 0u8..=31) {
            let raw = format!("{day}/{m}/{y}");
            if let Ok(Some(date)) = parse(&raw, false) {
                prop_assert_eq!(parse(&date.vi(), false), Ok(Some(date)));
                prop_assert_eq!(parse(&date.iso(), false), Ok(Some(date)));
            }
        }
    }
}
