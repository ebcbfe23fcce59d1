//! Field comparisons: two values → an agreement level. No weights here (those are
//! in [`super::model`]); each function says only *how* two values agree, with
//! Vietnamese names compared on characters and in the forms of [`super::prep`].

use super::prep::{Code, IdForm, NameForms, PlaceForm};
use crate::normalize::{Date, IdKind, Precision};

/// How two full names agree, best level first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameLevel {
    /// Same letters and tones (tone placement `hoà`/`hòa` ignored).
    Exact,
    /// Same but for i/y (`Lý`/`Lí`).
    IY,
    /// One side has no diacritics at all and the folded names agree.
    NoDiacritics,
    /// Both accented, same letters, a tone mark differs (`Hùng`/`Húng`).
    ToneOnly,
    /// Both accented, but a syllable of one carries no mark where the other has
    /// some, the rest agreeing in shape (`Nguyen Tuấn Ngọc`): one word typed
    /// without its marks.
    PartlyUnmarked,
    /// Both accented, a vowel shape differs (`Hùng`/`Hưng`): usually another name.
    Diacritics,
    /// Same tokens in another order.
    Reordered,
    /// Same family and given name; one lacks (some of) the middle name.
    MissingMiddle,
    /// Same family and given name; a middle name written as its initial
    /// (`Nguyễn V. Hùng`).
    MiddleInitial,
    /// One character inserted, deleted, replaced or two swapped (folded).
    Typo,
    /// Two slips, one of them a misspelt family or given name (a word that is
    /// no syllable, one edit from the other side's): with a middle name missing
    /// or written as its initial (`Nguyễn Anh` / `Nguyễn Thị Ayh`), or with the
    /// given name written first (`Mmnh Đinh Văn` / `Đinh Văn Minh`). Or the
    /// given name written first with a middle name as its initial or one
    /// character off (`Linh Văn T.` / `Văn Tùng Linh`, `Thái Vũ Văn` / `Vũ Vyn
    /// Thái`).
    TwoSlips,
    /// Jaro–Winkler ≥ 0.9 on the folded names, same given initial.
    Similar,
    Different,
}

impl NameLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            NameLevel::Exact => "exact",
            NameLevel::IY => "i_y",
            NameLevel::NoDiacritics => "no_diacritics",
            NameLevel::ToneOnly => "tone_only",
            NameLevel::PartlyUnmarked => "partly_unmarked",
            NameLevel::Diacritics => "diacritics",
            NameLevel::Reordered => "reordered",
            NameLevel::MissingMiddle => "missing_middle",
            NameLevel::MiddleInitial => "middle_initial",
            NameLevel::Typo => "typo",
            NameLevel::TwoSlips => "two_slips",
            NameLevel::Similar => "similar",
            NameLevel::Different => "different",
        }
    }
}

pub fn names(a: &NameForms, b: &NameForms) -> NameLevel {
    names_by_hash(a, b).unwrap_or_else(|| names_by_text(a, b))
}

/// The levels decided by comparing hashes alone (the same tokens, in some order
/// and with some marks): `None` when the text must be read.
pub fn names_by_hash(a: &NameForms, b: &NameForms) -> Option<NameLevel> {
    if a.canon == b.canon {
        return Some(NameLevel::Exact);
    }
    if a.canon_iy == b.canon_iy {
        return Some(NameLevel::IY);
    }
    if a.folded == b.folded {
        return Some(if !a.accented || !b.accented {
            NameLevel::NoDiacritics
        } else if a.stripped_iy == b.stripped_iy {
            NameLevel::ToneOnly
        } else if partly_unmarked(a, b) {
            NameLevel::PartlyUnmarked
        } else {
            NameLevel::Diacritics
        });
    }
    (a.sorted == b.sorted).then_some(NameLevel::Reordered)
}

/// Folded-equal names whose every syllable is unmarked on one side or of one
/// vowel shape on both (names of up to four syllables).
fn partly_unmarked(a: &NameForms, b: &NameForms) -> bool {
    let n = usize::from(a.len);
    n <= a.shapes.len()
        && a.len == b.len
        && (0..n).all(|i| (a.plain | b.plain) & (1 << i) != 0 || a.shapes.get(i) == b.shapes.get(i))
}

fn names_by_text(a: &NameForms, b: &NameForms) -> NameLevel {
    if missing_middle(a, b) || given_first_missing_middle(a, b) {
        return NameLevel::MissingMiddle;
    }
    if middle_initials(a, b) {
        return NameLevel::MiddleInitial;
    }
    if within_one_edit(&a.text, &b.text) {
        return NameLevel::Typo;
    }
    if two_slips(a, b) || given_first_and_one_slip(a, b) {
        return NameLevel::TwoSlips;
    }
    if a.given_initial() == b.given_initial() && strsim::jaro_winkler(&a.text, &b.text) >= 0.9 {
        return NameLevel::Similar;
    }
    NameLevel::Different
}

/// See [`NameLevel::TwoSlips`].
fn two_slips(a: &NameForms, b: &NameForms) -> bool {
    if a.misspelt | b.misspelt == 0 {
        return false;
    }
    let (wa, wb) = (misspelt_words(a), misspelt_words(b));
    one_misspelt_end(&wa, &wb, false)
        || one_misspelt_end(&given_last(&wa), &wb, true)
        || one_misspelt_end(&wa, &given_last(&wb), true)
}

/// A word of a name and whether it is misspelt.
type Word<'n> = (&'n str, bool);

/// A name's words, each with whether it is misspelt.
fn misspelt_words(n: &NameForms) -> Vec<Word<'_>> {
    n.tokens()
        .enumerate()
        .map(|(i, t)| (t, i < 8 && n.misspelt & (1 << i) != 0))
        .collect()
}

/// The first word moved to the end: a name written given name first, put back.
fn given_last<'n>(w: &[(&'n str, bool)]) -> Vec<(&'n str, bool)> {
    w.iter().skip(1).chain(w.first()).copied().collect()
}

/// Family or given name misspelt on one side (one edit), the other end equal, and
/// the middles equal when `reordered` (that was the other slip), else one missing
/// or written as initials.
fn one_misspelt_end(x: &[(&str, bool)], y: &[(&str, bool)], reordered: bool) -> bool {
    let (Some(fx), Some(gx), Some(fy), Some(gy)) = (x.first(), x.last(), y.first(), y.last())
    else {
        return false;
    };
    if x.len() < 2 || y.len() < 2 {
        return false;
    }
    let misspelt = |p: &(&str, bool), q: &(&str, bool)| (p.1 || q.1) && within_one_edit(p.0, q.0);
    let ends_ok = (fx.0 == fy.0 && misspelt(gx, gy)) || (gx.0 == gy.0 && misspelt(fx, fy));
    if !ends_ok {
        return false;
    }
    let mx: Vec<&str> = x[1..x.len() - 1].iter().map(|w| w.0).collect();
    let my: Vec<&str> = y[1..y.len() - 1].iter().map(|w| w.0).collect();
    if reordered || mx == my {
        return mx == my;
    }
    let (short, long) = if mx.len() <= my.len() {
        (&mx, &my)
    } else {
        (&my, &mx)
    };
    if short.len() < long.len() {
        return in_order_within(short, long);
    }
    short
        .iter()
        .zip(long.iter())
        .all(|(s, l)| s == l || initial_of(s, l) || initial_of(l, s))
}

/// The words of `short` appear, in order, among those of `long` (a middle name
/// with some of its words left out).
fn in_order_within(short: &[&str], long: &[&str]) -> bool {
    let mut rest = long.iter();
    short.iter().all(|t| rest.by_ref().any(|u| u == t))
}

/// `short` is `long`'s initial (`v` for `văn`).
fn initial_of(short: &str, long: &str) -> bool {
    short.chars().count() == 1 && long.starts_with(short)
}

/// Family and given names agree and the shorter name's middle tokens appear, in
/// order, among the longer one's.
fn missing_middle(a: &NameForms, b: &NameForms) -> bool {
    // Cheap tests first: this runs for most non-matching pairs of a block. First
    // and last words, not the family name, which may be two words.
    if a.len == b.len || a.ends != b.ends || a.given != b.given {
        return false;
    }
    let ta: Vec<&str> = a.tokens().collect();
    let tb: Vec<&str> = b.tokens().collect();
    let (short, long) = if ta.len() < tb.len() {
        (ta, tb)
    } else {
        (tb, ta)
    };
    if short.len() < 2 || short.len() == long.len() {
        return false;
    }
    if short.first() != long.first() || short.last() != long.last() {
        return false;
    }
    in_order_within(&short[1..short.len() - 1], &long[1..long.len() - 1])
}

/// `missing_middle` with the given name written first, on either side
/// (`Hiếu Nguyễn` for `Nguyễn Trung Hiếu`, `Sơn Tăng Phước` for `Tăng Sơn`):
/// the shorter name's tokens are all in the longer one, among them the longer
/// one's family and given name (its first and last word, or, written given
/// name first, its first and second).
fn given_first_missing_middle(a: &NameForms, b: &NameForms) -> bool {
    if a.len == b.len {
        return false;
    }
    let (short, long) = if a.len < b.len { (a, b) } else { (b, a) };
    // Cheap tests first (this runs for most pairs of a block): the same ends,
    // or the longer one starting with the shorter one's given name.
    let turned = starts_with_given_of(long, short);
    if a.ends != b.ends && !turned {
        return false;
    }
    let ts: Vec<&str> = short.tokens().collect();
    let tl: Vec<&str> = long.tokens().collect();
    if ts.len() < 2 {
        return false;
    }
    let within = |ends: [Option<&&str>; 2]| {
        let [Some(&x), Some(&y)] = ends else {
            return false;
        };
        if !ts.contains(&x) || !ts.contains(&y) {
            return false;
        }
        let mut rest = tl.clone();
        ts.iter().all(|t| match rest.iter().position(|u| u == t) {
            Some(i) => {
                rest.swap_remove(i);
                true
            }
            None => false,
        })
    };
    (a.ends == b.ends && within([tl.first(), tl.last()]))
        || (turned && within([tl.get(1), tl.first()]))
}

/// Whether `x` starts with the initial of `y`'s given name: `x` may be `y`'s
/// name written given name first.
fn starts_with_given_of(x: &NameForms, y: &NameForms) -> bool {
    x.text.chars().next().is_some_and(|c| Some(c) == y.initial)
}

/// The given name written first and one more slip: with that name's first word
/// moved to the end, the two differ only by middle names written as initials,
/// or by one misspelt word one edit from the other side's (see
/// [`NameLevel::TwoSlips`]; a real word is another person's name).
fn given_first_and_one_slip(a: &NameForms, b: &NameForms) -> bool {
    // Cheap tests first (this runs for most pairs of a block): one name starts
    // with the other's given initial, and after the turn the family name (or,
    // when the slip is in it, the given name) meets its place on the other side.
    let turned_fits = |x: &NameForms, y: &NameForms| {
        x.len == y.len
            && starts_with_given_of(x, y)
            && (x.tokens().nth(1) == y.tokens().next() || x.tokens().next() == y.tokens().last())
    };
    let (fits_a, fits_b) = (turned_fits(a, b), turned_fits(b, a));
    if a.len < 2 || !(fits_a || fits_b) {
        return false;
    }
    let (wa, wb) = (misspelt_words(a), misspelt_words(b));
    (fits_a && one_slip(&given_last(&wa), &wb)) || (fits_b && one_slip(&given_last(&wb), &wa))
}

/// Names of equal length that differ only by middle words written as their
/// initials, or only by one misspelt word one edit from the other's.
fn one_slip(x: &[Word], y: &[Word]) -> bool {
    let differ: Vec<(&Word, &Word)> = x.iter().zip(y).filter(|(p, q)| p.0 != q.0).collect();
    let initials = x.len() >= 3
        && x.first().map(|w| w.0) == y.first().map(|w| w.0)
        && x.last().map(|w| w.0) == y.last().map(|w| w.0)
        && differ
            .iter()
            .all(|(p, q)| initial_of(p.0, q.0) || initial_of(q.0, p.0));
    let misspelt = match differ.as_slice() {
        [(p, q)] => (p.1 || q.1) && within_one_edit(p.0, q.0),
        _ => false,
    };
    x.len() == y.len() && !differ.is_empty() && (initials || misspelt)
}

/// Same family and given name, and where the middles differ one is the
/// other's initial (`Nguyễn V. Hùng` / `Nguyễn Văn Hùng`).
fn middle_initials(a: &NameForms, b: &NameForms) -> bool {
    // First and last words, not the family name: in `Nguyễn P Thịnh` the initial
    // may stand for the second word of a two-word family name (`Nguyễn Phúc`).
    if a.len != b.len || a.len < 3 || a.ends != b.ends || a.given != b.given {
        return false;
    }
    let mut differing = differing_words(a, b).peekable();
    differing.peek().is_some() && differing.all(|(short, long)| initial_of(short, long))
}

/// The words where two names of equal length differ, each pair as (shorter,
/// longer).
fn differing_words<'n>(
    a: &'n NameForms,
    b: &'n NameForms,
) -> impl Iterator<Item = (&'n str, &'n str)> {
    a.tokens()
        .zip(b.tokens())
        .filter(|(x, y)| x != y)
        .map(|(x, y)| if x.len() < y.len() { (x, y) } else { (y, x) })
}

/// The letters of the middle names one side writes as an initial (folded), for
/// a pair at level `middle_initial`.
pub fn abbreviated<'n>(a: &'n NameForms, b: &'n NameForms) -> impl Iterator<Item = char> + 'n {
    differing_words(a, b).filter_map(|(short, _)| {
        let mut chars = short.chars();
        let c = chars.next()?;
        chars.next().is_none().then_some(c)
    })
}

/// Optimal-string-alignment distance ≤ 1, on characters.
pub fn within_one_edit(a: &str, b: &str) -> bool {
    if a.len().abs_diff(b.len()) > 4 {
        return false;
    }
    if a.is_ascii() && b.is_ascii() {
        return within_one_edit_slice(a.as_bytes(), b.as_bytes());
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    within_one_edit_slice(&a, &b)
}

pub(crate) fn within_one_edit_slice<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    if prefix == long.len() {
        return true;
    }
    if short.len() == long.len() {
        let (sa, sb) = (&short[prefix + 1..], &long[prefix + 1..]);
        // One substitution, or a swap of two neighbours.
        sa == sb
            || (prefix + 1 < short.len()
                && short[prefix] == long[prefix + 1]
                && short[prefix + 1] == long[prefix]
                && short[prefix + 2..] == long[prefix + 2..])
    } else {
        short[prefix..] == long[prefix + 1..]
    }
}

/// Whether `a` becomes `b` by at most two edits (insert, delete, substitute, or
/// swap two neighbours; restricted edit distance). For short words: blocking's
/// filters run it on given and middle names of at most eight bytes, and a
/// longer word is never ruled out.
pub(crate) fn within_two_edits_slice(a: &[u8], b: &[u8]) -> bool {
    const W: usize = 9;
    if a.len() >= W || b.len() >= W {
        return true;
    }
    if a.len().abs_diff(b.len()) > 2 {
        return false;
    }
    // rows[i % 3][j]: distance of a[..i] and b[..j].
    let mut rows = [[0u8; W]; 3];
    for (j, d) in rows[0].iter_mut().enumerate() {
        *d = j as u8;
    }
    for i in 1..=a.len() {
        let (cur, prev, prev2) = (i % 3, (i + 2) % 3, (i + 1) % 3);
        rows[cur][0] = i as u8;
        for j in 1..=b.len() {
            let cost = u8::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[prev][j] + 1)
                .min(rows[cur][j - 1] + 1)
                .min(rows[prev][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[prev2][j - 2] + 1);
            }
            rows[cur][j] = d;
        }
    }
    rows[a.len() % 3][b.len()] <= 2
}

/// How two dates agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateLevel {
    /// Both full dates, equal.
    Exact,
    /// Agree as far as the less precise one goes, which knows the month.
    Month,
    /// Agree on the year; one knows only the year (or both do).
    YearOnly,
    /// Day and month swapped (`03/04` vs `04/03`).
    Swap,
    /// One digit of `ddmmyyyy` differs, two neighbouring digits are swapped, or the
    /// day is off by one.
    Typo,
    Different,
}

impl DateLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            DateLevel::Exact => "exact",
            DateLevel::Month => "month",
            DateLevel::YearOnly => "year_only",
            DateLevel::Swap => "swap",
            DateLevel::Typo => "typo",
            DateLevel::Different => "different",
        }
    }
}

pub fn dates(a: Date, b: Date) -> DateLevel {
    let p = a.precision().min(b.precision());
    match p {
        Precision::Day if a == b => DateLevel::Exact,
        Precision::Day if a.year == b.year && a.day == b.month && a.month == b.day => {
            DateLevel::Swap
        }
        Precision::Day => {
            let (x, y) = (digits(a), digits(b));
            // A day off by one (19 vs 20) is as likely a slip as one wrong digit.
            let next_day = a.year == b.year && a.month == b.month && a.day.abs_diff(b.day) == 1;
            if next_day || hamming_or_swap(&x, &y) {
                DateLevel::Typo
            } else {
                DateLevel::Different
            }
        }
        Precision::Month if a.year == b.year && a.month == b.month => DateLevel::Month,
        // A full date read month-first and shown as month/year (02/08/1964 →
        // 02/1964): the partial date's month is the full one's day.
        Precision::Month if a.year == b.year && (a.day == 0) != (b.day == 0) => {
            let (partial, full) = if a.day == 0 { (a, b) } else { (b, a) };
            if partial.month == full.day {
                DateLevel::Swap
            } else {
                DateLevel::Different
            }
        }
        Precision::Year if a.year == b.year => DateLevel::YearOnly,
        _ => DateLevel::Different,
    }
}

/// Whether a date that cannot exist (`35/12/1979`, `12/13/1980`) reads as a
/// full date with one digit slipped, two neighbours swapped, or day and month
/// written the other way round.
pub fn slipped(slip: Date, valid: Date) -> bool {
    valid.precision() == Precision::Day
        && (hamming_or_swap(&digits(slip), &digits(valid))
            || (slip.year == valid.year && slip.day == valid.month && slip.month == valid.day))
}

/// `ddmmyyyy` as eight digits, without allocating.
fn digits(d: Date) -> [u8; 8] {
    let y = d.year.max(0) as u16;
    let y = [y / 1000 % 10, y / 100 % 10, y / 10 % 10, y % 10].map(|x| x as u8);
    let (dd, mm) = (d.day, d.month);
    [dd / 10, dd % 10, mm / 10, mm % 10, y[0], y[1], y[2], y[3]]
}

/// Equal but for one position, or one swap of neighbours.
fn hamming_or_swap(a: &[u8; 8], b: &[u8; 8]) -> bool {
    let mut diff = (0..8).filter(|&i| a[i] != b[i]);
    match (diff.next(), diff.next(), diff.next()) {
        (Some(_), None, _) => true,
        (Some(i), Some(j), None) => j == i + 1 && a[i] == b[j] && a[j] == b[i],
        _ => false,
    }
}

/// How two national identifiers agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdLevel {
    Exact,
    /// One digit off, two neighbours swapped, or one digit more or less.
    Typo,
    /// Two such slips in the serial part of one kind of number, the part that
    /// names province, century, gender and birth year agreeing: no evidence
    /// either way (as likely between namesakes born the same day in one province
    /// as between one person's records), and not a clash when clustering.
    TwoTypos,
    /// One looks mangled by a spreadsheet and its leading digits agree.
    DamagedAgree,
    /// One looks mangled and nothing can be said.
    Damaged,
    /// CCCD vs CMND: different numbering systems, no evidence.
    OtherKind,
    /// Different, but one number cannot be taken as its record's own (on another
    /// person's row of its file, or contradicting its record: `contested`): no
    /// evidence.
    Contested,
    Different,
}

impl IdLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            IdLevel::Exact => "exact",
            IdLevel::Typo => "typo",
            IdLevel::TwoTypos => "two_typos",
            IdLevel::DamagedAgree => "damaged_agree",
            IdLevel::Damaged => "damaged",
            IdLevel::Contested => "contested",
            IdLevel::OtherKind => "other_kind",
            IdLevel::Different => "different",
        }
    }
}

pub fn ids(a: &IdForm, b: &IdForm) -> IdLevel {
    if a.hash == b.hash && a.bytes() == b.bytes() {
        return IdLevel::Exact;
    }
    let comparable = a.kind == b.kind || a.kind == IdKind::Unknown || b.kind == IdKind::Unknown;
    if !comparable {
        return IdLevel::OtherKind;
    }
    if a.damaged || b.damaged {
        // Keep the leading significant digits but the last, which rounding may
        // have changed.
        let sig = |s: &str| s.trim_end_matches('0').len().saturating_sub(1);
        let n = sig(a.digits).min(sig(b.digits));
        let (pa, pb) = (a.digits.get(..n), b.digits.get(..n));
        return if n >= 5 && pa == pb {
            IdLevel::DamagedAgree
        } else {
            IdLevel::Damaged
        };
    }
    if within_one_edit_slice(a.bytes(), b.bytes()) {
        return IdLevel::Typo;
    }
    if a.kind != b.kind {
        // An unknown-kind number is too unreliable to count against.
        return IdLevel::OtherKind;
    }
    if a.contested || b.contested {
        return IdLevel::Contested;
    }
    if two_serial_slips(a.kind, a.bytes(), b.bytes()) {
        return IdLevel::TwoTypos;
    }
    IdLevel::Different
}

/// Two numbers of one kind whose structured prefix agrees (a CCCD's province,
/// century and gender, birth year: 6 digits; a CMND's province: 2) and whose
/// serials are two slips apart: two digits off, a swap of neighbours and one digit
/// off, or two swaps. Not for numbers of unknown kind, whose parts mean nothing.
pub(crate) fn two_serial_slips(kind: IdKind, a: &[u8], b: &[u8]) -> bool {
    let prefix = match kind {
        IdKind::Cccd => 6,
        IdKind::Cmnd => 2,
        IdKind::Unknown => return false,
    };
    if a.len() != b.len() || a.len() <= prefix || a.get(..prefix) != b.get(..prefix) {
        return false;
    }
    let (sa, sb) = (&a[prefix..], &b[prefix..]);
    let mut slips = 0;
    let mut i = 0;
    while i < sa.len() {
        if sa[i] != sb[i] {
            let swap = sa.get(i + 1) == sb.get(i) && sb.get(i + 1) == sa.get(i);
            i += if swap { 2 } else { 1 };
            slips += 1;
            if slips > 2 {
                return false;
            }
        } else {
            i += 1;
        }
    }
    slips == 2
}

/// Exact / typo / different for short codes (party card, party record number).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeLevel {
    Exact,
    Typo,
    Different,
}

impl CodeLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            CodeLevel::Exact => "exact",
            CodeLevel::Typo => "typo",
            CodeLevel::Different => "different",
        }
    }
}

pub fn codes(a: &Code, b: &Code) -> CodeLevel {
    if a.1 == b.1 && a.0 == b.0 {
        CodeLevel::Exact
    } else if a.0.len() >= 4 && within_one_edit_slice(a.0.as_bytes(), b.0.as_bytes()) {
        CodeLevel::Typo
    } else {
        CodeLevel::Different
    }
}

/// How two places agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceLevel {
    /// Share a 2025 ward.
    Ward,
    /// Same 2025 province; the ward of one side (at least) is unknown.
    Province,
    /// Same 2025 province, both wards known, none in common.
    OtherWard,
    /// Unresolved, but the same text.
    Text,
    /// Resolved to different provinces.
    Different,
    /// Nothing comparable (one unresolved and the texts differ).
    Unknown,
}

impl PlaceLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            PlaceLevel::Ward => "ward",
            PlaceLevel::Province => "province",
            PlaceLevel::OtherWard => "other_ward",
            PlaceLevel::Text => "text",
            PlaceLevel::Different => "different",
            PlaceLevel::Unknown => "unresolved",
        }
    }
}

/// The level and the hash of the shared value (ward, province or text) it rests on.
pub fn places(a: &PlaceForm, b: &PlaceForm) -> (PlaceLevel, u64) {
    if let Some(w) = a
        .wards()
        .iter()
        .find(|w| b.wards().binary_search(w).is_ok())
    {
        return (PlaceLevel::Ward, *w);
    }
    match (a.province, b.province) {
        (Some(x), Some(y)) if x == y => {
            if a.wards().is_empty() || b.wards().is_empty() {
                (PlaceLevel::Province, x)
            } else {
                (PlaceLevel::OtherWard, x)
            }
        }
        (Some(_), Some(_)) => (PlaceLevel::Different, 0),
        _ if a.text == b.text => (PlaceLevel::Text, a.text),
        _ => (PlaceLevel::Unknown, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::name;

    fn f(s: &str) -> NameForms {
        name::parse(s)
            .and_then(|n| NameForms::new(&n, &Default::default()))
            .unwrap_or_else(|| panic!("{s}"))
    }

    proptest::proptest! {
        /// The bounded edit distance is the restricted one (`osa_distance`) up to
        /// two, on words short enough to be read.
        #[test]
        fn within_two_edits_is_the_restricted_distance(a in "[a-d]{0,8}", b in "[a-d]{0,8}") {
            let want = strsim::osa_distance(&a, &b) <= 2;
            proptest::prop_assert_eq!(within_two_edits_slice(a.as_bytes(), b.as_bytes()), want);
        }
    }

    #[test]
    fn within_two_edits_reads_words_of_up_to_eight_bytes() {
        assert!(within_two_edits_slice(b"hung", b"hnug"));
        assert!(within_two_edits_slice(b"thuong", b"thuan"));
        assert!(!within_two_edits_slice(b"hung", b"lan"));
        assert!(!within_two_edits_slice(b"", b"abc"));
        // Longer: not read, so never ruled out.
        assert!(within_two_edits_slice(b"abcdefghi", b"z"));
    }

    #[test]
    fn name_levels() {
        use NameLevel::*;
        for (a, b, want) in [
            ("Nguyễn Văn An", "NGUYỄN VĂN AN", Exact),
            ("Nguyễn Thị Thuỷ", "Nguyễn Thị Thủy", Exact),
            ("Lý Thị Kỳ", "Lí Thị Kì", IY),
            ("Nguyễn Văn An", "Nguyen Van An", NoDiacritics),
            ("Lý Văn Hải", "Li Van Hai", NoDiacritics),
            ("Trần Văn Hùng", "Trần Văn Húng", ToneOnly),
            ("Trần Văn Hùng", "Trần Văn Hưng", Diacritics),
            ("Nguyễn Tuấn Ngọc", "Nguyen Tuấn Ngọc", PartlyUnmarked),
            ("Trần Hương Xuân", "Trần Hương Xuan", PartlyUnmarked),
            ("Trần Văn Hưng", "Tran Văn Hùng", Diacritics),
            ("Nguyễn Văn An", "Văn An Nguyễn", Reordered),
            ("Nguyễn Thị Ngọc Mai", "Nguyễn Thị Mai", MissingMiddle),
            ("Nguyễn Thị Mai", "Nguyễn Mai", MissingMiddle),
            ("Nguyễn Trung Hiếu", "Hiếu Nguyễn", MissingMiddle),
            // Given name first: `normalize::given_first` turns it back.
            ("Nguyễn Trung Hiếu", "Hiếu Nguyễn Trung", Exact),
            ("Nguyễn Trung Hiếu", "Trung Hiếu Nguyễn", Reordered),
            ("Nguyễn Văn Hùng", "Nguyễn V. Hùng", MiddleInitial),
            ("Nguyễn Thị Ngọc Mai", "Nguyễn T. N. Mai", MiddleInitial),
            // `Nguyễn Phúc` is a family name of two words; its second word as an
            // initial is still an initial.
            ("Nguyễn Phúc Thịnh", "Nguyễn P Thịnh", MiddleInitial),
            ("Nguyễn Phúc Thịnh", "Nguyễn Thịnh", MissingMiddle),
            ("Nguyễn Văn Hùng", "Nguyễn Đ. Hùng", Similar),
            ("Phạm Minh Tuấn", "Phạm Minh Tuân", ToneOnly),
            ("Phạm Minh Tuấn", "Phạm Minh Tấn", Typo),
            ("Phạm Minh Tuấn", "Phạm Mnih Tuấn", Typo),
            ("Phạm Minh Tuấn", "Phạm Minh Tuấnn", Typo),
            ("Hoàng Thị Phương Thảo", "Hoàng Thị Phương Trang", Similar),
            ("Nguyễn Văn An", "Trần Thị Bích", Different),
            // Two slips, one a misspelt word: with a middle name missing, as an
            // initial, or with the given name first.
            ("Nguyễn Thị Anh", "Nguyễn Ayh", TwoSlips),
            ("Ngô Văn Sơn", "Ngô Stn", TwoSlips),
            ("Phạm Quang Đức", "Phạm Q Đmc", TwoSlips),
            ("Bùi Hướng Dương", "Bùi H Dươgn", TwoSlips),
            ("Đinh Văn Minh", "Mmnh Đinh Văn", TwoSlips),
            // The given name written first, and a middle name as its initial
            // or one character off.
            ("Văn Tùng Linh", "LINH VĂN T.", TwoSlips),
            ("Phan Giao Kiều", "Kiều Phan G.", TwoSlips),
            ("Vũ Vyn Thái", "Thái Vũ Văn", TwoSlips),
            // `Vit` is a word (vít): another person's name, as `Lan` for `Lam`.
            ("Nguyễn Trọng Việt", "Vit Nguyễn Trọng", Different),
            // The longer name given name first, the shorter without its middle.
            ("Tăng Sơn", "Sơn Tăng Phước", MissingMiddle),
            ("Bành Thị Yến", "Ymn Bành Thị", TwoSlips),
            // The same slips with a real name in place of the misspelt word:
            // another person's name, no more than similar.
            ("Nguyễn Thị Anh", "Nguyễn An", Similar),
            // A misspelt word with two other differences is not two slips.
            ("Nguyễn Thị Hồng Anh", "Nguyễn Lan Ayh", Different),
            ("Nguyễn Văn Anh", "Trần Ayh", Different),
        ] {
            assert_eq!(names(&f(a), &f(b)), want, "{a} vs {b}");
            assert_eq!(names(&f(b), &f(a)), want, "{b} vs {a}");
        }
    }

    fn d(year: i16, month: u8, day: u8) -> Date {
        Date { year, month, day }
    }

    #[test]
    fn date_levels() {
        use DateLevel::*;
        for (a, b, want) in [
            (d(1970, 3, 4), d(1970, 3, 4), Exact),
            (d(1970, 3, 4), d(1970, 0, 0), YearOnly),
            (d(1970, 0, 0), d(1970, 0, 0), YearOnly),
            (d(1970, 3, 4), d(1970, 3, 0), Month),
            (d(1964, 8, 2), d(1964, 2, 0), Swap),
            (d(1964, 8, 2), d(1964, 5, 0), Different),
            (d(1964, 2, 0), d(1964, 8, 0), Different),
            (d(1970, 3, 4), d(1970, 4, 3), Swap),
            (d(1970, 3, 4), d(1971, 3, 4), Typo),
            (d(1970, 3, 14), d(1970, 3, 9), Different),
            (d(1970, 3, 14), d(1970, 3, 24), Typo),
            (d(1970, 3, 19), d(1970, 3, 20), Typo),
            (d(1970, 3, 4), d(1971, 0, 0), Different),
            (d(1970, 3, 4), d(1982, 11, 20), Different),
        ] {
            assert_eq!(dates(a, b), want, "{a:?} vs {b:?}");
            assert_eq!(dates(b, a), want, "{b:?} vs {a:?}");
        }
    }

    #[test]
    fn impossible_dates_that_are_slips() {
        let valid = d(1979, 12, 30);
        // Day 35, year 1379, month and day written the other way round.
        assert!(slipped(d(1979, 12, 35), valid));
        assert!(slipped(d(1379, 12, 30), valid));
        assert!(slipped(d(1979, 30, 12), valid));
        assert!(slipped(d(1979, 21, 30), valid), "neighbours swapped");
        assert!(!slipped(d(1979, 12, 53), valid), "two digits");
        assert!(!slipped(d(1979, 13, 35), valid), "two digits");
        assert!(!slipped(d(1979, 12, 35), d(1979, 12, 0)), "no full date");
    }

    fn id(kind: IdKind, s: &'static str) -> IdForm<'static> {
        IdForm::new(kind, s).unwrap_or_else(|| panic!("{s}"))
    }

    #[test]
    fn id_levels() {
        use IdKind::*;
        use IdLevel::*;
        for (a, b, want) in [
            (id(Cccd, "001085012345"), id(Cccd, "001085012345"), Exact),
            (id(Cccd, "001085012345"), id(Cccd, "001085012845"), Typo),
            (id(Cccd, "001085012345"), id(Cccd, "001085013245"), Typo),
            (
                id(Cccd, "001085012345"),
                id(Cccd, "031190998877"),
                Different,
            ),
            (id(Cccd, "001085012345"), id(Cmnd, "031190998"), OtherKind),
            (
                id(Cccd, "123456789012"),
                id(Cccd, "123457000000"),
                DamagedAgree,
            ),
            (id(Cccd, "223456789012"), id(Cccd, "123457000000"), Damaged),
            (
                id(Cccd, "001085012345"),
                id(Unknown, "1085012345"),
                OtherKind,
            ),
            (id(Cmnd, "031190998"), id(Cmnd, "031190998"), Exact),
            // Two slips in the serial: two digits, a swap and a digit, two swaps.
            (id(Cccd, "033175943563"), id(Cccd, "033175933565"), TwoTypos),
            (id(Cccd, "094178161355"), id(Cccd, "094178162535"), TwoTypos),
            (id(Cmnd, "359395958"), id(Cmnd, "359359258"), TwoTypos),
            (id(Cccd, "001085123456"), id(Cccd, "001085213465"), TwoTypos),
            // Three slips, or a slip in the part that names province, gender or
            // year, is another number.
            (
                id(Cccd, "033175943563"),
                id(Cccd, "033175933665"),
                Different,
            ),
            (
                id(Cccd, "082164185406"),
                id(Cccd, "087164189406"),
                Different,
            ),
            (id(Cmnd, "359395958"), id(Cmnd, "369395950"), Different),
        ] {
            assert_eq!(ids(&a, &b), want, "{a:?} vs {b:?}");
            assert_eq!(ids(&b, &a), want, "{b:?} vs {a:?}");
        }
    }

    #[test]
    fn code_levels() {
        let c = |s: &str| (Box::<str>::from(s), super::super::prep::hash_str(23, s));
        assert_eq!(codes(&c("01234567"), &c("01234567")), CodeLevel::Exact);
        assert_eq!(codes(&c("01234567"), &c("01234667")), CodeLevel::Typo);
        assert_eq!(codes(&c("01234567"), &c("07654321")), CodeLevel::Different);
    }

    fn place(province: Option<&str>, wards: &[&str], text: &str) -> PlaceForm {
        let p = crate::normalize::Place {
            text: text.to_string(),
            province: province.and_then(|p| p.parse().ok()),
            wards: wards.iter().filter_map(|w| w.parse().ok()).collect(),
        };
        super::super::prep::PlaceForm::new(&p, 30, &Default::default())
            .unwrap_or_else(|| panic!("{text}"))
    }

    #[test]
    fn place_levels() {
        use PlaceLevel::*;
        let a = place(
            Some("31"),
            &["11311", "11312"],
            "xã An Lư, huyện Thủy Nguyên",
        );
        for (b, want) in [
            (place(Some("31"), &["11312"], "xã An Lư"), Ward),
            (place(Some("31"), &[], "Hải Phòng"), Province),
            (place(Some("31"), &["11400"], "xã Lập Lễ"), OtherWard),
            (place(Some("01"), &["00100"], "Hà Nội"), Different),
            (place(None, &[], "xã An Lư, huyện Thủy Nguyên"), Text),
            (place(None, &[], "thôn Đông"), Unknown),
        ] {
            assert_eq!(places(&a, &b).0, want, "{b:?}");
            assert_eq!(places(&b, &a).0, want, "{b:?}");
        }
    }

    #[test]
    fn one_edit() {
        assert!(within_one_edit("hung", "hung"));
        assert!(within_one_edit("hung", "hnug"));
        assert!(within_one_edit("hung", "hun"));
        assert!(within_one_edit("hung", "thung"));
        assert!(!within_one_edit("hung", "uhgn"));
        assert!(!within_one_edit("hung", "dunh"));
    }
}
