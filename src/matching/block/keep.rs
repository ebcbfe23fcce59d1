//! Which pairs of a block a key proposes (`Key::keep`): a date, roster or
//! source test on a slim list, a given or middle name at most a slip or two
//! away, or an identifier one slip away. A block of a birth date and a family
//! name, or of a name and a birth year, is mostly other people; these filters
//! drop them before they are sorted and scored.

use super::super::compare::{self, DateLevel};
use super::super::prep::Prepared;
use super::Key;
use crate::normalize::Date;
use crate::record::Roster;
use rayon::prelude::*;

/// A key's filter on a block's pairs. Most read only a record's [`Slim`] part.
#[derive(Clone, Copy)]
pub(super) enum Keep {
    Slim(fn(Slim, Slim) -> bool),
    /// A [`Slim`] filter, and [`words_close`] on the given names.
    GivenClose(fn(Slim, Slim) -> bool),
    /// A [`Slim`] filter, and [`words_close`] on the middle names.
    MiddleClose(fn(Slim, Slim) -> bool),
    Full(fn(&Prepared, &Prepared) -> bool),
}

/// What most filters read, in a list of its own: a block pairs records far
/// apart in the list, and a prepared record (~500 bytes) read at random is a
/// cache miss, where the whole list of these (8 bytes each) stays in cache.
#[derive(Clone, Copy)]
pub(super) struct Slim {
    pub birth: Option<Date>,
    pub source: u16,
    pub roster: Roster,
}

impl Slim {
    fn of(p: &Prepared) -> Slim {
        Slim {
            birth: p.birth,
            source: p.source,
            roster: p.roster,
        }
    }
}

/// One folded word of a name, up to eight bytes, zero-padded; `UNKNOWN` when
/// longer or not there. Lists of their own for the same reason as [`Slim`].
#[derive(Clone, Copy)]
struct Word([u8; 8]);

impl Word {
    const UNKNOWN: Word = Word([0xFF; 8]);

    fn new(w: Option<&str>) -> Word {
        let mut word = [0u8; 8];
        match w {
            Some(w) if w.len() <= word.len() => {
                word[..w.len()].copy_from_slice(w.as_bytes());
                Word(word)
            }
            _ => Word::UNKNOWN,
        }
    }

    /// The given name.
    fn given(p: &Prepared) -> Word {
        Word::new(p.name.as_ref().and_then(|n| n.text.rsplit(' ').next()))
    }

    /// The middle name of a name of three words; `UNKNOWN` for any other
    /// (none, or several to line up).
    fn middle(p: &Prepared) -> Word {
        let mut words = p.name.as_ref().map(|n| n.text.split(' '));
        let middle = words.as_mut().and_then(|w| w.nth(1));
        let three = words.is_some_and(|mut w| w.next().is_some() && w.next().is_none());
        Word::new(middle.filter(|_| three))
    }

    /// The word's bytes, if known.
    fn bytes(&self) -> Option<&[u8]> {
        if self.0 == Word::UNKNOWN.0 {
            return None;
        }
        let len = self.0.iter().position(|&b| b == 0).unwrap_or(self.0.len());
        self.0.get(..len)
    }
}

/// Whether two words of names could be one word slipped or cut to its initial:
/// at most two edits apart, or one the other's first letter (or unknown). A
/// birth date or a workplace and a family name are shared by many people with
/// other given names (a family, given name and birth year by people with other
/// middle names), and nothing but the name could join those.
fn words_close(a: &Word, b: &Word) -> bool {
    if a.0 == b.0 {
        return true;
    }
    match (a.bytes(), b.bytes()) {
        (Some(x), Some(y)) => {
            let initial = |i: &[u8], w: &[u8]| i.len() == 1 && w.first() == i.first();
            initial(x, y) || initial(y, x) || compare::within_two_edits_slice(x, y)
        }
        _ => true,
    }
}

/// The lists the filters read, by position.
pub(super) struct Lists<'p, 'r> {
    slim: Vec<Slim>,
    /// Empty unless a key filters on given names.
    given: Vec<Word>,
    /// Empty unless a key filters on middle names.
    middle: Vec<Word>,
    prep: &'p [Prepared<'r>],
}

impl<'p, 'r> Lists<'p, 'r> {
    pub(super) fn new(prep: &'p [Prepared<'r>], keys: &[&Key]) -> Lists<'p, 'r> {
        let words = |needed: bool, of: fn(&Prepared) -> Word| {
            if needed {
                prep.par_iter().map(of).collect()
            } else {
                Vec::new()
            }
        };
        let uses = |f: fn(&Keep) -> bool| keys.iter().any(|k| k.keep.as_ref().is_some_and(f));
        Lists {
            slim: prep.par_iter().map(Slim::of).collect(),
            given: words(uses(|k| matches!(k, Keep::GivenClose(_))), Word::given),
            middle: words(uses(|k| matches!(k, Keep::MiddleClose(_))), Word::middle),
            prep,
        }
    }
}

impl Keep {
    /// Whether the pair of positions `a`, `b` is proposed.
    pub(super) fn keeps(self, lists: &Lists, a: u32, b: u32) -> bool {
        let (a, b) = (a as usize, b as usize);
        let slim = |keep: fn(Slim, Slim) -> bool| match (lists.slim.get(a), lists.slim.get(b)) {
            (Some(&x), Some(&y)) => keep(x, y),
            _ => false,
        };
        let close = |words: &[Word]| match (words.get(a), words.get(b)) {
            (Some(x), Some(y)) => words_close(x, y),
            _ => true,
        };
        match self {
            Keep::Slim(keep) => slim(keep),
            Keep::GivenClose(keep) => slim(keep) && close(&lists.given),
            Keep::MiddleClose(keep) => slim(keep) && close(&lists.middle),
            Keep::Full(keep) => match (lists.prep.get(a), lists.prep.get(b)) {
                (Some(x), Some(y)) => keep(x, y),
                _ => false,
            },
        }
    }
}

/// Whether the birth dates leave the pair open: one is missing, or they agree at
/// some level (typo, swap, month, year). Namesakes born years apart are most of a
/// name's block and nothing but an identifier could join them, which has its own
/// key.
pub(super) fn dates_open(a: Slim, b: Slim) -> bool {
    match (a.birth, b.birth) {
        (Some(x), Some(y)) => compare::dates(x, y) != DateLevel::Different,
        _ => true,
    }
}

/// Whether two identifiers differ by one slip, as scoring reads them: equal
/// ones have their own key, and namesakes share three digits by chance one time
/// in a thousand.
pub(super) fn one_slip_apart(a: &Prepared, b: &Prepared) -> bool {
    match (&a.id, &b.id) {
        (Some(x), Some(y)) => compare::ids(x, y) == compare::IdLevel::Typo,
        _ => false,
    }
}
