//! Raw record → [`Record`]: runs every value normaliser on a roster row and collects
//! the values that were present but invalid, so they become `invalid_value` conflicts
//! instead of silently turning into "missing".

use super::{Invalid, date, gender, ids, name, phone, place};
use crate::record::{Field, RawRecord, Record, Ref};
use rayon::prelude::*;

/// Per-file facts a normaliser needs beyond the cell itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct FileContext {
    /// The roster writes `01/01/YYYY` when only the year is known.
    pub placeholder_0101: bool,
}

/// A value present in the input that could not be understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadValue {
    pub field: Field,
    pub raw: String,
    pub invalid: Invalid,
}

/// Decide the file context from all raw records of one file.
pub fn file_context(records: &[&RawRecord]) -> FileContext {
    let dates = records.par_iter().filter_map(|r| r.get(Field::BirthDate));
    FileContext {
        placeholder_0101: date::uses_0101_placeholder(dates),
    }
}

/// Normalise one raw record.
pub fn normalize(
    raw: &RawRecord,
    idx: u32,
    reference: Ref,
    ctx: FileContext,
) -> (Record, Vec<BadValue>) {
    let mut bad = Vec::new();
    let get = |f: Field| raw.get(f).unwrap_or("");
    let birth = take(&mut bad, raw, Field::BirthDate, |s| {
        date::parse(s, ctx.placeholder_0101)
    });
    // Only a date refused as impossible (`35/12/1979`, `04/03/1360`): an
    // unreadable cell or a two-digit year says nothing of a digit.
    let birth_slip = bad
        .iter()
        .any(|b| {
            b.field == Field::BirthDate
                && matches!(b.invalid.code, "impossible_date" | "year_out_of_range")
        })
        .then(|| date::slip(get(Field::BirthDate)))
        .flatten();
    let gender = take(&mut bad, raw, Field::Gender, gender::parse);
    let national_id = take(&mut bad, raw, Field::NationalId, ids::parse);
    let phone = take(&mut bad, raw, Field::Phone, phone::parse);
    let joined_on = take(&mut bad, raw, Field::JoinedOn, |s| date::parse(s, false));
    let official_on = take(&mut bad, raw, Field::OfficialOn, |s| date::parse(s, false));
    if let Some(id) = &national_id {
        for invalid in ids::check_against(id, gender, birth) {
            bad.push(BadValue {
                field: Field::NationalId,
                raw: get(Field::NationalId).to_string(),
                invalid,
            });
        }
    }
    let opaque = |f: Field| {
        let v: String = get(f)
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '\'')
            .collect();
        (!v.is_empty()).then_some(v)
    };
    let email = {
        let e = get(Field::Email).trim().to_lowercase();
        (!e.is_empty()).then_some(e)
    };
    let record = Record {
        idx,
        reference,
        source: raw.origin.source,
        roster: raw.origin.roster,
        name: name::parse(get(Field::FullName)),
        birth,
        birth_slip,
        gender,
        national_id,
        phone,
        email,
        hometown: place::resolve(get(Field::Hometown)),
        birthplace: place::resolve(get(Field::Birthplace)),
        party_card: opaque(Field::PartyCard),
        party_record: opaque(Field::PartyRecord),
        joined_on,
        official_on,
        workplace: None,
    };
    (record, bad)
}

/// Run one normaliser on a field; an invalid value is noted and counts as missing.
fn take<T>(
    bad: &mut Vec<BadValue>,
    raw: &RawRecord,
    field: Field,
    parse: impl Fn(&str) -> Result<Option<T>, Invalid>,
) -> Option<T> {
    let text = raw.get(field)?;
    match parse(text) {
        Ok(v) => v,
        Err(invalid) => {
            bad.push(BadValue {
                field,
                raw: text.to_string(),
                invalid,
            });
            None
        }
    }
}
