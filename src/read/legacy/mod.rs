//! Vietnamese legacy character sets (TCVN3, VNI-Windows, Windows-1258) and the
//! repair of legacy text found inside Unicode cells.
//!
//! A cell typed in a .VnTime or VNI font and exported by Excel arrives as Latin-1
//! look-alikes (`NguyÔn V¨n Hïng`, `Nguyeãn Vaên Huøng`); UTF-8 read as Windows-1252
//! arrives as `Nguyá»…n`. [`repair_cell`] maps such a cell's chars back to the bytes
//! they came from, decodes those bytes each legacy way, and keeps a decoding only when
//! it turns the cell's words into valid Vietnamese syllables.

mod tables;

pub use tables::{
    decode_cp1258, decode_tcvn3, decode_vni, encode_cp1258, encode_tcvn3, encode_vni,
};

use crate::normalize::syllable::{WordCounts, count_words};
use crate::normalize::text;

/// Which legacy form a repaired cell was in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LegacyForm {
    /// TCVN3 (.VnTime fonts) bytes shown as Windows-1252/Latin-1.
    Tcvn3,
    /// VNI-Windows bytes shown as Windows-1252/Latin-1.
    Vni,
    /// UTF-8 bytes decoded as Windows-1252 (`Nguyá»…n`).
    Utf8AsCp1252,
}

/// Repair a cell that holds legacy text; `None` when the cell is fine as it is (ASCII,
/// valid Vietnamese, or no decoding does better).
///
/// A decoding is kept when it has fewer invalid words than the cell and every word it
/// changes is valid. With several, the fewest invalid words win, then the fewest tone
/// marks off their usual vowel (TCVN3 read of VNI: `Leâ` → `Leõ`); then UTF-8 (a
/// valid multi-byte sequence is rarely chance), TCVN3, VNI in that order.
pub fn repair_cell(cell: &str) -> Option<(String, LegacyForm)> {
    repair_cell_prefer(cell, None)
}

/// [`repair_cell`], with ties going to `prefer` first: a single word can read as both
/// TCVN3 and VNI (`thö` is VNI `thư`, TCVN3 `thử`), so a reader that has seen which
/// form a file uses passes it here.
pub fn repair_cell_prefer(cell: &str, prefer: Option<LegacyForm>) -> Option<(String, LegacyForm)> {
    if cell.is_ascii() {
        return None;
    }
    // A char no single-byte reader produces (ễ, ạ, …) means real Unicode text:
    // most real Vietnamese cells stop at their first such char, before anything
    // is allocated (every cell of every roster comes through here).
    let t = tables::tables();
    if cell
        .chars()
        .any(|c| !c.is_ascii() && t.byte_of(c).is_none())
    {
        return None;
    }
    // What is left is mostly valid text whose marks are all Latin-1 look-alikes
    // (`Lê Văn Tâm`): its syllable check is the cost, and names repeat.
    if VALID.with_borrow(|v| v.contains(cell)) {
        return None;
    }
    let before = count_words(cell);
    if before.invalid() == 0 {
        VALID.with_borrow_mut(|v| {
            if v.len() >= VALID_CAP {
                v.clear();
            }
            v.insert(cell.into());
        });
        return None;
    }
    let bytes: Vec<u8> = cell
        .chars()
        .map(|c| match u8::try_from(c) {
            Ok(b) if b.is_ascii() => Some(b),
            _ => t.byte_of(c),
        })
        .collect::<Option<_>>()?;
    // Ranked by invalid words, then misplaced tone marks, then the order tried.
    let mut best: Option<(String, LegacyForm, (usize, usize))> = None;
    let mut forms = [LegacyForm::Utf8AsCp1252, LegacyForm::Tcvn3, LegacyForm::Vni];
    if let Some(p) = forms.iter().position(|&f| Some(f) == prefer) {
        forms[..=p].rotate_right(1);
    }
    for form in forms {
        let fixed = match form {
            LegacyForm::Utf8AsCp1252 => match std::str::from_utf8(&bytes) {
                Ok(s) => text::nfc(s),
                Err(_) => continue,
            },
            LegacyForm::Tcvn3 => tcvn3_case(&decode_tcvn3(&bytes)),
            LegacyForm::Vni => decode_vni(&bytes),
        };
        let Some(after) = accepted(cell, &fixed, &before) else {
            continue;
        };
        let rank = (after.invalid(), after.valid - after.well_placed);
        if best.as_ref().is_none_or(|b| rank < b.2) {
            best = Some((fixed, form, rank));
        }
    }
    best.map(|(fixed, form, _)| (fixed, form))
}

thread_local! {
    /// Cells [`repair_cell_prefer`] found valid as they are, per thread (the
    /// answer depends on the cell alone, so a run's output does not depend on
    /// which thread saw a cell first).
    static VALID: std::cell::RefCell<foldhash::HashSet<Box<str>>> = Default::default();
}

/// Bound on [`VALID`]: emptied when full.
const VALID_CAP: usize = 1 << 16;

/// Counts of `fixed` when it is a repair of `cell`: fewer invalid words than before,
/// and none of the words it changed invalid.
fn accepted(cell: &str, fixed: &str, before: &WordCounts) -> Option<WordCounts> {
    let after = count_words(fixed);
    if after.invalid() >= before.invalid() || after.valid == 0 || fixed == cell {
        return None;
    }
    if after.invalid() == 0 {
        return Some(after);
    }
    // Some words stay invalid (abbreviations, codes): only if they are unchanged.
    let words_before: Vec<&str> = cell.split(' ').collect();
    let words_after: Vec<&str> = fixed.split(' ').collect();
    if words_before.len() != words_after.len() {
        return None;
    }
    let all_changed_valid = words_before
        .iter()
        .zip(&words_after)
        .filter(|(b, a)| b != a)
        .all(|(_, a)| count_words(a).invalid() == 0);
    all_changed_valid.then_some(after)
}

/// TCVN3 has no capitals with tone marks (they came from a separate .VnTimeH font), so
/// they decode lower case: a word whose other letters are all capitals
/// (`NGUYÔN` → `NGUYễN`) is upper-cased whole. A word's first letter already has the
/// case it was typed in unless it carries a tone mark, which cannot be known.
fn tcvn3_case(decoded: &str) -> String {
    let mut out = String::with_capacity(decoded.len());
    for (k, word) in decoded.split(' ').enumerate() {
        if k > 0 {
            out.push(' ');
        }
        let ascii = word.chars().filter(char::is_ascii_alphabetic);
        let shouting = ascii.clone().count() >= 2 && ascii.clone().all(|c| c.is_ascii_uppercase());
        if shouting {
            out.push_str(&word.to_uppercase());
        } else {
            out.push_str(word);
        }
    }
    out
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
