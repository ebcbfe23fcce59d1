//! Contested identifiers: a CCCD/CMND that cannot be taken as its record's own.
//!
//! - Two rows of one roster with the same number, different given names and
//!   birth dates that disagree are two people, and the number belongs to at most
//!   one of them: it was filled down or pasted from the neighbouring row. Which
//!   row owns it cannot be told, so both rows' numbers are contested.
//! - A CCCD whose digits contradict its own record (the birth year, century or
//!   gender they encode, a province code that does not exist) is not a valid
//!   number for that record: a typo, or someone else's.
//!
//! A contested number stops counting *against* other numbers (comparison level
//! `contested`, no evidence) and stops blocking its clusters; agreement still
//! counts. The reviewer sees the rows in `shared_identifier` or `invalid_value`.

use super::compare::{self, DateLevel};
use super::prep::Prepared;
use crate::normalize::{IdKind, ids};
use crate::record::Roster;
use rayon::prelude::*;

/// Mark every record whose national identifier is contested. Groups of one
/// number larger than `max_block` are placeholders (`000000000`), not numbers
/// anyone pasted, and are left alone.
pub(crate) fn mark(prep: &mut [Prepared], max_block: usize) {
    prep.par_iter_mut().for_each(|p| {
        let r = p.record;
        // The record's own cell may be the slip rather than the number; the
        // pair's gender and date levels still weigh that. Leaving the gender
        // digit out lost a true pair on the re-corrupted data and gained none.
        let wrong = r.national_id.as_ref().is_some_and(|id| {
            id.kind == IdKind::Cccd && !ids::check_against(id, r.gender, r.birth).is_empty()
        });
        if let Some(id) = p.id.as_mut().filter(|_| wrong) {
            id.contested = true;
        }
    });
    // (number, file, position) of every usable number.
    let mut held: Vec<(u64, (usize, Roster), u32)> = prep
        .par_iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let id = p.id.as_ref().filter(|d| !d.damaged)?;
            let file = (p.record.source, p.record.roster);
            Some((id.hash, file, u32::try_from(i).ok()?))
        })
        .collect();
    held.par_sort_unstable();
    let mut contested: Vec<u32> = Vec::new();
    for group in held.chunk_by(|x, y| x.0 == y.0 && x.1 == y.1) {
        if group.len() < 2 || group.len() > max_block.max(2) {
            continue;
        }
        for (k, &(_, _, a)) in group.iter().enumerate() {
            for &(_, _, b) in group.iter().skip(k + 1) {
                if let (Some(x), Some(y)) = (prep.get(a as usize), prep.get(b as usize))
                    && two_people(x, y)
                {
                    contested.extend([a, b]);
                }
            }
        }
    }
    for i in contested {
        if let Some(id) = prep.get_mut(i as usize).and_then(|p| p.id.as_mut()) {
            id.contested = true;
        }
    }
}

/// Given names apart even without diacritics, and birth dates both known and
/// further apart than a slip: a person listed twice in one roster agrees on one.
fn two_people(a: &Prepared, b: &Prepared) -> bool {
    let given = match (&a.name, &b.name) {
        (Some(x), Some(y)) => x.given != y.given,
        _ => false,
    };
    let dates = match (a.birth, b.birth) {
        (Some(x), Some(y)) => compare::dates(x, y) == DateLevel::Different,
        _ => false,
    };
    given && dates
}
