//! Per-record features computed once before blocking and scoring: the name in the
//! forms the comparisons need (tone-canonical, i/y-folded, without diacritics, token
//! sorted), and 64-bit hashes of every value so that most comparisons are integer
//! equality. Hashes are FNV-1a with a final mix: fixed, so results never depend on
//! a random seed.

use crate::normalize::{Date, Gender, IdKind, Name, Place, syllable};
use crate::record::{Record, Roster, Workplace};
use rayon::prelude::*;
use std::collections::HashMap;
use unicode_normalization::UnicodeNormalization;

/// FNV-1a over bytes, then a splitmix finaliser so that the low bits spread well.
struct Fnv(u64);

impl Fnv {
    /// The tag is hashed as a first byte: xor-ed into the seed, two tags differing
    /// in a few low bits made `hash(7, "minh")` equal `hash(8, "binh")` (a first
    /// byte differing in the same bits undoes the difference).
    fn new(tag: u8) -> Fnv {
        let mut h = Fnv(0xcbf2_9ce4_8422_2325);
        h.write(&[tag]);
        h
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn finish(&self) -> u64 {
        mix(self.0)
    }
}

pub(crate) fn hash_bytes(tag: u8, bytes: &[u8]) -> u64 {
    let mut h = Fnv::new(tag);
    h.write(bytes);
    h.finish()
}

pub(crate) fn hash_str(tag: u8, s: &str) -> u64 {
    hash_bytes(tag, s.as_bytes())
}

/// [`hash_str`] of `n` written with at least `width` digits (`{n:0width$}`, as
/// [`Place::ward_codes`] writes them), without making the string.
pub(crate) fn hash_code(tag: u8, n: u32, width: usize) -> u64 {
    let mut buf = [b'0'; 10];
    let mut start = buf.len();
    let mut rest = n;
    while rest > 0 {
        start -= 1;
        buf[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
    let start = start.min(buf.len().saturating_sub(width));
    hash_bytes(tag, buf.get(start..).unwrap_or_default())
}

/// Combine a hash with more data (e.g. a name hash with a birth year).
pub(crate) fn combine(a: u64, b: u64) -> u64 {
    mix(a ^ b.rotate_left(29) ^ 0x9e37_79b9_7f4a_7c15)
}

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The tone mark (1–5: huyền, sắc, hỏi, ngã, nặng) of one syllable, 0 for none.
fn tone(token: &str) -> u8 {
    for c in token.nfd() {
        let t = match c {
            '\u{0300}' => 1,
            '\u{0301}' => 2,
            '\u{0309}' => 3,
            '\u{0303}' => 4,
            '\u{0323}' => 5,
            _ => 0,
        };
        if t > 0 {
            return t;
        }
    }
    0
}

/// i and y are interchangeable spellings in Vietnamese names (Lý/Lí, Kỳ/Kì): one
/// form for comparison and blocking.
fn i_for_y(s: &str) -> String {
    s.chars().map(|c| if c == 'y' { 'i' } else { c }).collect()
}

/// One syllable's forms, hashed: tones stripped (vowel shapes kept), tone digit,
/// folded with y → i. Names repeat a few thousand syllables, so these are
/// computed once.
#[derive(Debug, Clone)]
pub(crate) struct Syllable {
    /// No mark at all: no tone, and the vowels' shapes are the plain letters.
    unmarked: bool,
    folded_iy: String,
    /// Hashes of the forms a name is compared in, so that a name's hashes are
    /// folded from its syllables' instead of read byte by byte: tones stripped
    /// with the tone digit (with and without y → i), stripped with y → i, folded.
    canon: u64,
    canon_iy: u64,
    stripped_iy_hash: u64,
    folded_hash: u64,
    /// 16 bits of the vowel shape (see [`NameForms::shapes`]).
    shape: u16,
    /// A word of two or more letters that is no syllable, even with its marks
    /// lost (`Ayh`, `Dươgn`): a misspelling, not another name.
    misspelt: bool,
}

impl Syllable {
    fn new(t: &str) -> Syllable {
        let stripped = crate::normalize::text::strip_tones(t);
        let stripped_iy = i_for_y(&stripped);
        let tone = tone(t);
        let with_tone = |s: &str| {
            let mut h = Fnv::new(0);
            h.write(s.as_bytes());
            h.write(&[b'0' + tone]);
            h.finish()
        };
        let folded = crate::normalize::text::fold(t);
        let folded_iy = i_for_y(&folded);
        // A word whose vowels carry no mark may have lost them (`nguyen`, `Đuc`);
        // one with marks is judged as written (`Vũũ`).
        let plain_vowels = tone == 0
            && stripped_iy
                .chars()
                .map(|c| if c == 'đ' { 'd' } else { c })
                .eq(folded_iy.chars());
        let misspelt = t.chars().nth(1).is_some()
            && !syllable::is_valid(t)
            && !(plain_vowels && syllable::is_valid_unmarked(&folded));
        Syllable {
            canon: with_tone(&stripped),
            canon_iy: with_tone(&stripped_iy),
            stripped_iy_hash: hash_str(0, &stripped_iy),
            folded_hash: hash_str(0, &folded_iy),
            shape: (hash_str(10, &stripped_iy) & 0xffff) as u16,
            unmarked: tone == 0 && stripped_iy == folded_iy,
            misspelt,
            folded_iy,
        }
    }
}

/// A sequence's hash from its items' hashes, in order; `tag` tells the forms apart.
fn chain(tag: u8, items: impl Iterator<Item = u64>) -> u64 {
    items.fold(mix(u64::from(tag)), combine)
}

/// FNV-1a as a `Hasher`, for tables keyed by short strings (syllables).
#[derive(Default)]
pub(crate) struct FnvHasher(u64);

impl std::hash::Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        mix(self.0)
    }
    fn write(&mut self, bytes: &[u8]) {
        if self.0 == 0 {
            self.0 = 0xcbf2_9ce4_8422_2325;
        }
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

pub(crate) type Syllables = HashMap<String, Syllable, std::hash::BuildHasherDefault<FnvHasher>>;

/// The syllable table of all names in `records`.
pub(crate) fn syllables(records: &[Record]) -> Syllables {
    type Tokens<'r> = std::collections::HashSet<&'r str, std::hash::BuildHasherDefault<FnvHasher>>;
    // The distinct tokens first (a province repeats a few thousand), then each
    // syllable made once; both in parallel.
    let tokens: Tokens = records
        .par_iter()
        .filter_map(|r| r.name.as_ref())
        .fold(Tokens::default, |mut set, n| {
            set.extend(n.key.split(' ').filter(|t| !t.is_empty()));
            set
        })
        .reduce(Tokens::default, |mut a, mut b| {
            if a.len() < b.len() {
                std::mem::swap(&mut a, &mut b);
            }
            a.extend(b);
            a
        });
    tokens
        .into_par_iter()
        .map(|t| (t.to_string(), Syllable::new(t)))
        .collect()
}

/// A name in every form the comparisons use. Hashes are of `' '`-joined tokens.
#[derive(Debug, Clone)]
pub(crate) struct NameForms {
    /// Tone marks removed, each syllable followed by its tone digit: tone placement
    /// (`hoà`/`hòa`) no longer matters.
    pub canon: u64,
    /// `canon` with y → i.
    pub canon_iy: u64,
    /// Tones removed, vowel shapes kept, y → i.
    pub stripped_iy: u64,
    /// No diacritics, y → i: the term-frequency and blocking form.
    pub folded: u64,
    /// Folded tokens sorted: equal for reordered names.
    pub sorted: u64,
    pub family: u64,
    pub middle: u64,
    pub given: u64,
    /// The first and the last token, in either order: equal when family and
    /// given name agree, also when one name puts the given name first.
    pub ends: u64,
    /// Whether the name carries any diacritic at all (an export that lost them
    /// does not).
    pub accented: bool,
    /// Which of the first eight syllables carry no mark at all (bit per syllable).
    pub plain: u8,
    /// Which of the first eight words are misspelt (no syllable: `Ayh`).
    pub misspelt: u8,
    /// 16-bit hashes of the first four syllables' vowel shapes (tones stripped,
    /// y → i): enough to tell `Nguyen Tuấn` (a syllable unmarked) from `Hùng` /
    /// `Hưng` (a shape changed) without reading text.
    pub shapes: [u16; 4],
    /// Folded, y → i, tokens joined by one space: for typo and missing-middle checks.
    pub text: Box<str>,
    /// Number of tokens, and the first letter of the given name: kept inline so
    /// that most comparisons never read `text`.
    pub len: u8,
    pub initial: Option<char>,
}

impl NameForms {
    pub fn new(name: &Name, table: &Syllables) -> Option<NameForms> {
        // One table look-up per token; a token the table lacks (never, when the
        // table was built from the same records) is computed here.
        let tokens = || name.key.split(' ').filter(|t| !t.is_empty());
        let found: Option<Vec<&Syllable>> = tokens().map(|t| table.get(t)).collect();
        let own: Vec<Syllable>;
        let syls: Vec<&Syllable> = match found {
            Some(syls) => syls,
            None => {
                own = tokens()
                    .map(|t| table.get(t).cloned().unwrap_or_else(|| Syllable::new(t)))
                    .collect();
                own.iter().collect()
            }
        };
        let n = syls.len();
        if n == 0 {
            return None;
        }
        let folded = |tag: u8, r: std::ops::Range<usize>| {
            let part = syls.get(r).unwrap_or_default();
            chain(tag, part.iter().map(|s| s.folded_hash))
        };
        let family_len = name.family_len.clamp(1, n.saturating_sub(1).max(1));
        let middle = if n > family_len + 1 {
            family_len..n - 1
        } else {
            0..0
        };
        let sorted = {
            let mut hs: Vec<u64> = syls.iter().map(|s| s.folded_hash).collect();
            hs.sort_unstable();
            chain(5, hs.into_iter())
        };
        let ends = {
            let (x, y) = (syls[0].folded_hash, syls[n - 1].folded_hash);
            chain(9, [x.min(y), x.max(y)].into_iter())
        };
        let mut text = String::with_capacity(name.key.len());
        for (i, s) in syls.iter().enumerate() {
            if i > 0 {
                text.push(' ');
            }
            text.push_str(&s.folded_iy);
        }
        let (mut plain, mut misspelt) = (0u8, 0u8);
        let mut shapes = [0u16; 4];
        for (i, s) in syls.iter().enumerate() {
            if i < 8 && s.unmarked {
                plain |= 1 << i;
            }
            if i < 8 && s.misspelt {
                misspelt |= 1 << i;
            }
            if let Some(slot) = shapes.get_mut(i) {
                *slot = s.shape;
            }
        }
        Some(NameForms {
            canon: chain(1, syls.iter().map(|s| s.canon)),
            canon_iy: chain(2, syls.iter().map(|s| s.canon_iy)),
            stripped_iy: chain(3, syls.iter().map(|s| s.stripped_iy_hash)),
            // The blocking order of a capped block reads this one: kept as the
            // hash of the text.
            folded: hash_str(4, &text),
            sorted,
            family: folded(6, 0..family_len.min(n)),
            middle: folded(7, middle),
            given: folded(8, n - 1..n),
            ends,
            accented: !name.key.is_ascii(),
            plain,
            misspelt,
            shapes,
            len: u8::try_from(n).unwrap_or(u8::MAX),
            initial: syls.last().and_then(|s| s.folded_iy.chars().next()),
            text: text.into_boxed_str(),
        })
    }

    pub fn tokens(&self) -> impl Iterator<Item = &str> {
        self.text.split(' ')
    }

    /// First letter of the given name, for a blocking key.
    pub fn given_initial(&self) -> Option<char> {
        self.initial
    }
}

/// A national identifier ready to compare.
#[derive(Debug, Clone)]
pub(crate) struct IdForm<'a> {
    pub kind: IdKind,
    pub digits: &'a str,
    /// The digits again, inline when short (all real IDs are): comparing two
    /// numbers then reads no other memory.
    short: Option<([u8; 20], u8)>,
    pub hash: u64,
    /// Looks mangled by a spreadsheet (a number shown as `1.23457E+11`): four or
    /// more trailing zeros. Only its leading digits can be trusted.
    pub damaged: bool,
    /// Given to two people by one file, or contradicting its own record
    /// ([`super::contested`]): agreement still counts, disagreement does not.
    pub contested: bool,
}

impl<'a> IdForm<'a> {
    pub fn new(kind: IdKind, digits: &'a str) -> Option<IdForm<'a>> {
        if digits.is_empty() {
            return None;
        }
        let zeros = digits.bytes().rev().take_while(|&b| b == b'0').count();
        let short = (digits.len() <= 20).then(|| {
            let mut buf = [0u8; 20];
            buf[..digits.len()].copy_from_slice(digits.as_bytes());
            (buf, digits.len() as u8)
        });
        Some(IdForm {
            kind,
            digits,
            short,
            hash: hash_str(20, digits),
            damaged: zeros >= 4,
            contested: false,
        })
    }
}

impl IdForm<'_> {
    /// The digits, from the inline copy when there is one.
    pub fn bytes(&self) -> &[u8] {
        match &self.short {
            Some((buf, len)) => &buf[..usize::from(*len)],
            None => self.digits.as_bytes(),
        }
    }
}

/// Candidate wards kept per place.
pub(crate) const MAX_WARDS: usize = 4;

/// A hometown or birthplace resolved to province and ward hashes.
#[derive(Debug, Clone)]
pub(crate) struct PlaceForm {
    pub province: Option<u64>,
    /// Sorted ward hashes, inline (no heap): the first [`MAX_WARDS`] in hash
    /// order when an old ward was split into more.
    wards: [u64; MAX_WARDS],
    ward_count: u8,
    pub text: u64,
}

/// A place text folded: whether nothing is left, and the hash of what is.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PlaceText {
    empty: bool,
    hash: u64,
}

impl PlaceText {
    fn new(text: &str) -> PlaceText {
        let folded = crate::normalize::text::fold(text);
        PlaceText {
            empty: folded.is_empty(),
            hash: hash_str(0, &folded),
        }
    }
}

/// Folded place texts, keyed by the text as written: hometowns repeat a few
/// thousand villages, so each distinct text is folded and hashed once.
pub(crate) type PlaceTexts<'a> =
    HashMap<&'a str, PlaceText, std::hash::BuildHasherDefault<FnvHasher>>;

/// The folded form of every distinct hometown and birthplace text in `records`.
pub(crate) fn place_texts(records: &[Record]) -> PlaceTexts<'_> {
    // Side by side: one thread sorting a province's place texts left the other
    // idle for ~20 ms.
    let mut texts: Vec<&str> = records
        .par_iter()
        .flat_map_iter(|r| [&r.hometown, &r.birthplace])
        .filter_map(|p| p.as_ref().map(|p| p.text.as_str()))
        .collect();
    texts.par_sort_unstable();
    texts.dedup();
    texts
        .into_par_iter()
        .map(|t| (t, PlaceText::new(t)))
        .collect()
}

impl PlaceForm {
    pub(crate) fn new(p: &Place, tag: u8, texts: &PlaceTexts) -> Option<PlaceForm> {
        let text = texts
            .get(p.text.as_str())
            .copied()
            .unwrap_or_else(|| PlaceText::new(&p.text));
        if text.empty && p.province.is_none() {
            return None;
        }
        let mut all: Vec<u64> = p.wards.iter().map(|&w| hash_code(tag + 2, w, 5)).collect();
        all.sort_unstable();
        all.dedup();
        let mut wards = [0u64; MAX_WARDS];
        for (slot, w) in wards.iter_mut().zip(&all) {
            *slot = *w;
        }
        let ward_count = all.len().min(MAX_WARDS) as u8;
        Some(PlaceForm {
            province: p.province.map(|c| hash_code(tag + 1, c.into(), 2)),
            wards,
            ward_count,
            text: combine(u64::from(tag), text.hash),
        })
    }

    /// The candidate wards, sorted.
    pub fn wards(&self) -> &[u64] {
        &self.wards[..usize::from(self.ward_count)]
    }
}

/// A short code (party card, party record number): upper-case letters and digits.
pub(crate) fn code_form(s: &str) -> Option<String> {
    // Codes are ASCII: one byte at a time into a string of the right size
    // (a province has two codes per Party member).
    let c: String = if s.is_ascii() {
        let mut c = String::with_capacity(s.len());
        c.extend(
            s.bytes()
                .filter(u8::is_ascii_alphanumeric)
                .map(|b| char::from(b.to_ascii_uppercase())),
        );
        c
    } else {
        code_chars(s)
    };
    (!c.is_empty()).then_some(c)
}

/// [`code_form`]'s letters and digits, upper-cased, char by char.
fn code_chars(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}

/// Every record prepared, for the tests of the stages that read them.
#[cfg(test)]
pub(crate) fn prepare_all(records: &[Record]) -> Vec<Prepared<'_>> {
    let (table, places) = (syllables(records), place_texts(records));
    records
        .iter()
        .map(|r| Prepared::new(r, &table, &places))
        .collect()
}

/// Whether an e-mail's local part is made from its holder's name the way agencies
/// make them, with no digit to tell namesakes apart: the given name and the other
/// words' initials, in either order (`sonhc`, `hcson` for Hà Cao Sơn). Two namesakes
/// at one agency get the same address, so it says no more than the name.
fn email_from_name(email: &str, name: &Name) -> bool {
    let local = email.trim().split('@').next().unwrap_or("").to_lowercase();
    let words: Vec<String> = name.tokens().map(crate::normalize::text::fold).collect();
    let Some((given, others)) = words.split_last() else {
        return false;
    };
    if others.is_empty() || local.is_empty() {
        return false;
    }
    let initials: String = others.iter().filter_map(|w| w.chars().next()).collect();
    let rest_is = |rest: Option<&str>| rest == Some(initials.as_str());
    rest_is(local.strip_prefix(given.as_str())) || rest_is(local.strip_suffix(given.as_str()))
}

/// A party card or record number as compared: its code form and that form's hash.
pub(crate) type Code = (Box<str>, u64);

/// Everything matching needs from one record.
#[derive(Debug, Clone)]
pub(crate) struct Prepared<'a> {
    pub record: &'a Record,
    pub name: Option<NameForms>,
    pub birth: Option<Date>,
    pub gender: Option<Gender>,
    pub id: Option<IdForm<'a>>,
    pub phone: Option<u64>,
    pub email: Option<u64>,
    /// The e-mail is made from the name (see [`email_from_name`]).
    pub email_from_name: bool,
    pub party_card: Option<Code>,
    pub party_record: Option<Code>,
    pub joined_on: Option<Date>,
    pub official_on: Option<Date>,
    pub hometown: Option<PlaceForm>,
    pub birthplace: Option<PlaceForm>,
    /// The 2025 province of a CCCD's first three digits: where its holder's birth
    /// was registered, which is usually the hometown.
    pub id_origin: Option<u8>,
    /// The record's workplace, source and roster, copied here so that scoring
    /// a pair never reads the records themselves (see `workplace`).
    pub workplace: Option<Workplace>,
    pub source: u16,
    pub roster: Roster,
    /// Filled in by [`super::model::Model::fill`].
    pub tf: super::model::Tf,
}

impl Prepared<'_> {
    /// The 2025 province of the hometown, when it resolved to one.
    pub fn home_province(&self) -> Option<u8> {
        self.record.hometown.as_ref()?.province
    }
}

fn known(d: Option<Date>) -> Option<Date> {
    d.filter(|d| d.year > 0)
}

impl<'a> Prepared<'a> {
    pub fn new(r: &'a Record, table: &Syllables, places: &PlaceTexts) -> Prepared<'a> {
        let code = |s: &Option<String>, tag: u8| {
            s.as_deref().and_then(code_form).map(|c| {
                let h = hash_str(tag, &c);
                (c.into_boxed_str(), h)
            })
        };
        Prepared {
            record: r,
            name: r.name.as_ref().and_then(|n| NameForms::new(n, table)),
            birth: known(r.birth),
            gender: r.gender,
            id: r
                .national_id
                .as_ref()
                .and_then(|id| IdForm::new(id.kind, &id.digits)),
            phone: r
                .phone
                .as_ref()
                .filter(|p| !p.number.is_empty())
                .map(|p| hash_str(21, &p.number)),
            email: r
                .email
                .as_deref()
                .map(|e| e.trim().to_lowercase())
                .filter(|e| !e.is_empty())
                .map(|e| hash_str(22, &e)),
            email_from_name: match (&r.email, &r.name) {
                (Some(e), Some(n)) => email_from_name(e, n),
                _ => false,
            },
            party_card: code(&r.party_card, 23),
            party_record: code(&r.party_record, 24),
            joined_on: known(r.joined_on),
            official_on: known(r.official_on),
            hometown: r
                .hometown
                .as_ref()
                .and_then(|p| PlaceForm::new(p, 30, places)),
            birthplace: r
                .birthplace
                .as_ref()
                .and_then(|p| PlaceForm::new(p, 40, places)),
            id_origin: r
                .national_id
                .as_ref()
                .filter(|i| i.kind == IdKind::Cccd)
                .and_then(|i| i.digits.get(..3)?.parse::<u8>().ok())
                .and_then(crate::normalize::place::province_of_old),
            workplace: r.workplace,
            // More sources than that are never merged in one run.
            source: u16::try_from(r.source).unwrap_or(u16::MAX),
            roster: r.roster,
            tf: super::model::Tf::default(),
        }
    }
}

/// A date as one sortable number: `yyyymmdd` with 0 for unknown parts.
pub(crate) fn date_key(d: Date) -> u64 {
    let y = u64::try_from(d.year).unwrap_or(0);
    y * 10_000 + u64::from(d.month) * 100 + u64::from(d.day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::name;

    #[test]
    fn a_word_is_misspelt_when_no_syllable_reads_it() {
        // Marks lost (wholly, or all but đ) leave a syllable: not misspelt.
        for w in ["nguyen", "duong", "đuc", "ngoc", "văn", "thị"] {
            assert!(!Syllable::new(w).misspelt, "{w}");
        }
        // No syllable, even unmarked; or marked and no syllable as written.
        for w in ["ayh", "stn", "dươgn", "vũũ", "hnùg"] {
            assert!(Syllable::new(w).misspelt, "{w}");
        }
        // An initial is not a misspelling.
        assert!(!Syllable::new("v").misspelt);
    }

    fn forms(s: &str) -> NameForms {
        name::parse(s)
            .and_then(|n| NameForms::new(&n, &Syllables::default()))
            .unwrap_or_else(|| panic!("{s}"))
    }

    #[test]
    fn tone_placement_does_not_change_canon() {
        assert_eq!(forms("Nguyễn Thị Hoà").canon, forms("Nguyễn Thị Hòa").canon);
        assert_ne!(forms("Nguyễn Thị Hoà").canon, forms("Nguyễn Thị Hóa").canon);
    }

    #[test]
    fn i_y_and_folded_forms() {
        assert_ne!(forms("Lý Văn Kỳ").canon, forms("Lí Văn Kì").canon);
        assert_eq!(forms("Lý Văn Kỳ").canon_iy, forms("Lí Văn Kì").canon_iy);
        assert_eq!(forms("Nguyễn Văn An").folded, forms("Nguyen Van An").folded);
        assert!(!forms("Nguyen Van An").accented);
        assert_eq!(forms("Văn An Nguyễn").sorted, forms("Nguyễn Văn An").sorted);
    }

    #[test]
    fn tags_keep_forms_apart() {
        // A middle name Minh and a given name Bình once shared a count.
        assert_ne!(hash_str(7, "minh"), hash_str(8, "binh"));
        assert_ne!(hash_str(6, "le"), hash_str(8, "be"));
        assert_ne!(forms("Trần Minh Anh").middle, forms("Lê Văn Bình").given);
        assert_ne!(forms("Lê Văn Anh").family, forms("Trần Văn Bé").given);
        // Same word, same form: equal.
        assert_eq!(forms("Trần Minh Anh").middle, forms("Lê Minh Hà").middle);
    }

    #[test]
    fn code_hash_is_the_hash_of_the_written_code() {
        for (n, width) in [
            (0, 2),
            (7, 2),
            (31, 2),
            (11312, 5),
            (42, 5),
            (0, 5),
            (u32::MAX, 5),
        ] {
            let text = format!("{n:0width$}");
            assert_eq!(hash_code(9, n, width), hash_str(9, &text), "{text}");
        }
    }

    proptest::proptest! {
        /// ASCII codes take a byte-wise path: the same form as char by char.
        #[test]
        fn code_form_of_ascii_is_the_char_form(s in "[ -~]{0,12}|[a-zđ0-9 .-]{0,8}") {
            let chars = code_chars(&s);
            proptest::prop_assert_eq!(code_form(&s), (!chars.is_empty()).then_some(chars));
        }
    }

    #[test]
    fn damaged_ids() {
        assert!(IdForm::new(IdKind::Cccd, "123457000000").is_some_and(|i| i.damaged));
        assert!(IdForm::new(IdKind::Cccd, "001085012345").is_some_and(|i| !i.damaged));
    }
}
