//! Clusters → [`Person`]s with one consolidated row per roster. Person-level fields
//! (name, birth date, gender, ID, phone, email, hometown) come from all the person's
//! records; roster-level fields (unit, position, grade; party card, cell, dates, role)
//! from that roster's records only. Each roster row names the record that gave its
//! values (`kept` in the lineage); the others are `merged`.

use super::cells::{COLUMN_COUNT, Cells, Column};
use super::person_id;
use super::survivorship::{Candidate, choose, choose_date, disagreement};
use crate::conflict::Conflict;
use crate::normalize::text::{clean_spaces_cow, fold};
use crate::normalize::{Date, Gender, IdKind, date};
use crate::record::{Field, RawRecord, Record, Ref, Roster};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// A value of an output cell, formatted per language at write time; texts borrow
/// from the records until the row is packed.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Text(Cow<'a, str>),
    Date(Date),
    Gender(Gender),
}

/// What must be equal for two records' values of a text field to agree.
#[derive(Debug, Clone, Copy)]
enum Agree {
    /// The value as shown (codes, digits).
    AsShown,
    /// The value without case, diacritics or extra spaces.
    Folded,
    /// The record's folded name (names agree as parsed, not as typed).
    Name,
}

/// The new unit (or cell) a record was placed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placed<'a> {
    pub code: &'a str,
    pub name: &'a str,
}

/// One consolidated roster row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The record that gave the row its values.
    pub kept_record: u32,
    /// Output column (English name) → value.
    pub values: Cells,
}

/// Column → value while a row is built. Kept rows hold it packed ([`Cells`]).
type Values<'a> = [Option<Value<'a>>; COLUMN_COUNT];

#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub id: String,
    pub records: Vec<u32>,
    pub staff: Option<Row>,
    pub party: Option<Row>,
}

/// Everything survivorship reads.
pub struct Inputs<'a> {
    pub records: &'a [Record],
    pub raw: &'a [RawRecord],
    pub target: usize,
    /// Per record: the new unit (staff) or cell (party) it was placed in.
    pub placed: &'a [Option<Placed<'a>>],
    /// `set` decisions: (cluster index, field) → value.
    pub sets: &'a BTreeMap<(usize, String), String>,
}

/// Build every person; return them with their `field_disagreement` conflicts.
pub fn build(clusters: &[Vec<u32>], inp: &Inputs) -> (Vec<Person>, Vec<Conflict>) {
    // Each person is independent: build them in parallel, then keep the cluster order
    // for persons and conflicts alike.
    // Small pieces: rayon's adaptive split left one thread building the last
    // eighth of a province's persons alone (~75 ms at 229k records).
    let (persons, conflicts): (Vec<Person>, Vec<Vec<Conflict>>) = clusters
        .par_iter()
        .enumerate()
        .with_max_len(PIECE)
        .map(|(ci, members)| {
            let mut conflicts = Vec::new();
            let p = person(ci, members, inp, &mut conflicts);
            (p, conflicts)
        })
        .unzip();
    let conflicts = conflicts.into_iter().flatten().collect();
    (persons, conflicts)
}

/// Persons built by one task at most.
const PIECE: usize = 512;

fn weight(inp: &Inputs, r: &Record) -> f64 {
    let mut w = 1.0;
    if r.source == inp.target {
        w += 0.5;
    }
    if r.national_id
        .as_ref()
        .is_some_and(|i| i.kind != IdKind::Unknown)
    {
        w += 0.25;
    }
    w
}

fn person(ci: usize, members: &[u32], inp: &Inputs, conflicts: &mut Vec<Conflict>) -> Person {
    let recs: Vec<&Record> = members
        .iter()
        .filter_map(|&i| inp.records.get(i as usize))
        .collect();
    let refs: Vec<&Ref> = recs.iter().map(|r| &r.reference).collect();
    let id = person_id::of_refs(&refs);
    let common = common_values(ci, &recs, inp, conflicts);
    let row = |roster: Roster, conflicts: &mut Vec<Conflict>| {
        let rs: Vec<&Record> = recs
            .iter()
            .copied()
            .filter(|r| r.roster == roster)
            .collect();
        (!rs.is_empty()).then(|| roster_row(ci, roster, &rs, &common, inp, conflicts))
    };
    let staff = row(Roster::Staff, conflicts);
    let party = row(Roster::Party, conflicts);
    Person {
        id,
        records: members.to_vec(),
        staff,
        party,
    }
}

fn raw_of<'a>(inp: &Inputs<'a>, r: &Record) -> Option<&'a RawRecord> {
    inp.raw.get(r.idx as usize)
}

/// The fields a reviewer's `set` can give a value (English output names).
pub const SETTABLE: &[&str] = &[
    "full_name",
    "birth_date",
    "gender",
    "national_id",
    "phone",
    "email",
    "hometown",
    "unit",
    "cell",
    "position",
    "grade",
    "party_card",
    "joined_on",
    "official_on",
    "party_role",
];

/// A reviewer's `set` for the person's field, if any.
fn set_for<'s>(inp: &'s Inputs, ci: usize, field: &str) -> Option<&'s String> {
    debug_assert!(SETTABLE.contains(&field), "{field} missing from SETTABLE");
    if inp.sets.is_empty() {
        return None;
    }
    inp.sets.get(&(ci, field.to_string()))
}

/// A text field by majority of the records' values as `agree` compares them.
#[allow(clippy::too_many_arguments)]
fn text_field<'a>(
    ci: usize,
    field: &'static str,
    recs: &[&'a Record],
    inp: &Inputs<'a>,
    shown: impl Fn(&'a Record) -> Option<Cow<'a, str>>,
    agree: Agree,
    report: bool,
    conflicts: &mut Vec<Conflict>,
) -> Option<Value<'a>> {
    if let Some(v) = set_for(inp, ci, field) {
        return Some(set_value(field, v));
    }
    // Most persons have one record: its value, with nothing to weigh.
    if let [only] = recs {
        return shown(only).map(Value::Text);
    }
    let mut shown: Vec<(&'a Record, Cow<'a, str>)> = recs
        .iter()
        .filter_map(|&r| shown(r).map(|d| (r, d)))
        .collect();
    // One value (most persons have one record): nothing to weigh or disagree on.
    if shown.len() <= 1 {
        return shown.pop().map(|(_, d)| Value::Text(d));
    }
    let cands: Vec<Candidate> = shown
        .into_iter()
        .map(|(r, display)| Candidate {
            key: match agree {
                Agree::AsShown => display.clone(),
                Agree::Folded => fold(&display).into(),
                Agree::Name => r
                    .name
                    .as_ref()
                    .map_or(Cow::Borrowed(""), |n| Cow::Borrowed(n.folded.as_str())),
            },
            display,
            weight: weight(inp, r),
            reference: &r.reference,
        })
        .collect();
    // More complete first: diacritics, then more words (a middle name kept).
    let chosen = choose(&cands, |s| {
        u32::from(!s.is_ascii()) * 100 + s.split(' ').count() as u32
    })?;
    if report && chosen.disagreement {
        conflicts.push(disagreement(field, &cands, &chosen.display));
    }
    Some(Value::Text(chosen.display.into()))
}

/// Whether a reviewer's value for `field` can be read as that field's kind: a
/// date for the date fields, a gender, a phone number, a national ID; anything
/// for text. An empty value clears the field and is always allowed.
pub fn settable_value(field: &str, v: &str) -> bool {
    use crate::normalize::{gender, ids, phone};
    let v = v.trim();
    v.is_empty()
        || match field {
            "birth_date" | "joined_on" | "official_on" => {
                matches!(date::parse(v, false), Ok(Some(_)))
            }
            "gender" => matches!(gender::parse(v), Ok(Some(_))),
            "phone" => matches!(phone::parse(v), Ok(Some(_))),
            "national_id" => matches!(ids::parse(v), Ok(Some(_))),
            _ => true,
        }
}

fn set_value<'a>(field: &str, v: &str) -> Value<'a> {
    // Shown as the field's own values are: a phone in its national form, an
    // ID's digits with leading zeros.
    if field == "phone"
        && let Ok(Some(p)) = crate::normalize::phone::parse(v)
    {
        return Value::Text(p.number.into());
    }
    if field == "national_id"
        && let Ok(Some(id)) = crate::normalize::ids::parse(v)
    {
        return Value::Text(id.digits.into());
    }
    if matches!(field, "birth_date" | "joined_on" | "official_on")
        && let Ok(Some(d)) = date::parse(v, false)
    {
        return Value::Date(d);
    }
    if field == "gender"
        && let Ok(Some(g)) = crate::normalize::gender::parse(v)
    {
        return Value::Gender(g);
    }
    Value::Text(v.to_string().into())
}

fn date_field<'a>(
    ci: usize,
    field: &'static str,
    recs: &[&'a Record],
    inp: &Inputs<'a>,
    value: impl Fn(&Record) -> Option<Date>,
    conflicts: &mut Vec<Conflict>,
) -> Option<Value<'a>> {
    if let Some(v) = set_for(inp, ci, field) {
        return Some(set_value(field, v));
    }
    let cands: Vec<(Date, f64, &Record)> = recs
        .iter()
        .filter_map(|&r| value(r).map(|d| (d, weight(inp, r), r)))
        .collect();
    let pairs: Vec<(Date, f64)> = cands.iter().map(|(d, w, _)| (*d, *w)).collect();
    let (best, dis) = choose_date(&pairs)?;
    if dis {
        let c: Vec<Candidate> = cands
            .iter()
            .map(|(d, w, r)| Candidate {
                key: d.iso().into(),
                display: d.vi().into(),
                weight: *w,
                reference: &r.reference,
            })
            .collect();
        conflicts.push(disagreement(field, &c, &best.vi()));
    }
    Some(Value::Date(best))
}

fn common_values<'a>(
    ci: usize,
    recs: &[&'a Record],
    inp: &Inputs<'a>,
    conflicts: &mut Vec<Conflict>,
) -> Values<'a> {
    let mut out: Values = Default::default();
    let mut put = |k: Column, v: Option<Value<'a>>| {
        if v.is_some() {
            out[k as usize] = v;
        }
    };
    put(
        Column::FullName,
        text_field(
            ci,
            "full_name",
            recs,
            inp,
            |r| r.name.as_ref().map(|n| n.display.as_str().into()),
            Agree::Name,
            true,
            conflicts,
        ),
    );
    put(
        Column::BirthDate,
        date_field(ci, "birth_date", recs, inp, |r| r.birth, conflicts),
    );
    let gender = if let Some(v) = set_for(inp, ci, "gender") {
        Some(set_value("gender", v))
    } else {
        text_field(
            ci,
            "gender",
            recs,
            inp,
            |r| r.gender.map(|g| g.en().into()),
            Agree::AsShown,
            true,
            conflicts,
        )
        .map(|v| match v {
            Value::Text(t) if t == "female" => Value::Gender(Gender::Female),
            _ => Value::Gender(Gender::Male),
        })
    };
    put(Column::Gender, gender);
    // A CCCD beats a CMND: one person may hold both, only same-kind values disagree.
    let has_cccd = recs.iter().any(|r| {
        r.national_id
            .as_ref()
            .is_some_and(|i| i.kind == IdKind::Cccd)
    });
    put(
        Column::NationalId,
        text_field(
            ci,
            "national_id",
            recs,
            inp,
            |r| {
                r.national_id
                    .as_ref()
                    .filter(|i| !has_cccd || i.kind == IdKind::Cccd)
                    .map(|i| i.digits.as_str().into())
            },
            Agree::AsShown,
            true,
            conflicts,
        ),
    );
    put(
        Column::Phone,
        text_field(
            ci,
            "phone",
            recs,
            inp,
            |r| r.phone.as_ref().map(|p| p.number.as_str().into()),
            Agree::AsShown,
            false,
            conflicts,
        ),
    );
    put(
        Column::Email,
        text_field(
            ci,
            "email",
            recs,
            inp,
            |r| r.email.as_deref().map(Cow::Borrowed),
            Agree::AsShown,
            false,
            conflicts,
        ),
    );
    put(
        Column::Hometown,
        text_field(
            ci,
            "hometown",
            recs,
            inp,
            |r| r.hometown.as_ref().map(|p| p.text.as_str().into()),
            Agree::Folded,
            false,
            conflicts,
        ),
    );
    out
}

/// A raw column's text with its spaces tidied; none if blank.
fn raw_text<'a>(inp: &Inputs<'a>, r: &Record, f: Field) -> Option<Cow<'a, str>> {
    let v = clean_spaces_cow(raw_of(inp, r)?.get(f)?);
    (!v.is_empty()).then_some(v)
}

fn roster_row<'a>(
    ci: usize,
    roster: Roster,
    rs: &[&'a Record],
    common: &Values<'a>,
    inp: &Inputs<'a>,
    conflicts: &mut Vec<Conflict>,
) -> Row {
    let mut values = common.clone();
    let mut put = |k: Column, v: Option<Value<'a>>| {
        if v.is_some() {
            values[k as usize] = v;
        }
    };
    let placed = |r: &Record| inp.placed.get(r.idx as usize).copied().flatten();
    let (code_col, name_col, unit_field) = match roster {
        Roster::Staff => (Column::UnitCode, Column::UnitName, "unit"),
        Roster::Party => (Column::CellCode, Column::CellName, "cell"),
    };
    let unit = text_field(
        ci,
        unit_field,
        rs,
        inp,
        |r| placed(r).map(|p| p.code.into()),
        Agree::AsShown,
        true,
        conflicts,
    );
    if let Some(Value::Text(code)) = &unit {
        let name = rs
            .iter()
            .filter_map(|r| placed(r))
            .find(|p| p.code == code)
            .map(|p| p.name.into());
        put(code_col, Some(Value::Text(code.clone())));
        put(name_col, name.map(Value::Text));
    }
    match roster {
        Roster::Staff => {
            put(
                Column::Position,
                text_field(
                    ci,
                    "position",
                    rs,
                    inp,
                    |r| raw_text(inp, r, Field::Position),
                    Agree::Folded,
                    false,
                    conflicts,
                ),
            );
            put(
                Column::Grade,
                text_field(
                    ci,
                    "grade",
                    rs,
                    inp,
                    |r| raw_text(inp, r, Field::Grade),
                    Agree::Folded,
                    false,
                    conflicts,
                ),
            );
        }
        Roster::Party => {
            put(
                Column::PartyCard,
                text_field(
                    ci,
                    "party_card",
                    rs,
                    inp,
                    |r| r.party_card.as_deref().map(Cow::Borrowed),
                    Agree::AsShown,
                    true,
                    conflicts,
                ),
            );
            put(
                Column::JoinedOn,
                date_field(ci, "joined_on", rs, inp, |r| r.joined_on, conflicts),
            );
            put(
                Column::OfficialOn,
                date_field(ci, "official_on", rs, inp, |r| r.official_on, conflicts),
            );
            put(
                Column::PartyRole,
                text_field(
                    ci,
                    "party_role",
                    rs,
                    inp,
                    |r| raw_text(inp, r, Field::PartyRole),
                    Agree::Folded,
                    false,
                    conflicts,
                ),
            );
        }
    }
    // The record that gave the values: most weight, then most filled fields, then REF.
    let kept_record = rs
        .iter()
        .max_by(|a, b| {
            weight(inp, a)
                .total_cmp(&weight(inp, b))
                .then_with(|| filled(inp, a).cmp(&filled(inp, b)))
                .then_with(|| b.reference.cmp(&a.reference))
        })
        .map_or(0, |r| r.idx);
    Row {
        kept_record,
        values: Cells::pack(&values),
    }
}

/// What a roster row shows besides its values: the kept (unmapped) columns and the
/// REFs of its records. Read from the records when the row is written, not stored
/// in every row: a province has millions of rows.
pub struct RowText<'a> {
    pub records: &'a [Record],
    pub raw: &'a [RawRecord],
    /// Per input file: positions of its kept columns in its roster's kept headers.
    pub kept_slots: &'a [Vec<usize>],
    /// Kept-header count per roster (staff, party).
    pub kept_len: (usize, usize),
}

impl<'a> RowText<'a> {
    /// The person's records in `roster`.
    fn members<'p>(
        &'p self,
        roster: Roster,
        p: &'p Person,
    ) -> impl Iterator<Item = &'a Record> + 'p {
        p.records
            .iter()
            .filter_map(|&i| self.records.get(i as usize))
            .filter(move |r| r.roster == roster)
    }

    /// Kept columns: the kept record's value first, then any other record's.
    pub fn kept(&self, roster: Roster, p: &Person, row: &Row) -> Vec<&'a str> {
        let len = match roster {
            Roster::Staff => self.kept_len.0,
            Roster::Party => self.kept_len.1,
        };
        if len == 0 {
            // No file of the roster has a column left over: nothing to look up.
            return Vec::new();
        }
        let mut kept = vec![""; len];
        let mut order: Vec<&Record> = self.members(roster, p).collect();
        order.sort_by_key(|r| (r.idx != row.kept_record, r.idx));
        for r in order {
            let Some(raw) = self.raw.get(r.idx as usize) else {
                continue;
            };
            let Some(slots) = self.kept_slots.get(raw.origin.file) else {
                continue;
            };
            for (v, &slot) in raw.kept.iter().zip(slots) {
                if let Some(cell) = kept.get_mut(slot)
                    && cell.is_empty()
                {
                    *cell = v.as_str();
                }
            }
        }
        kept
    }

    /// REFs of the roster's records merged into the row, sorted, `|`-separated.
    pub fn sources(&self, roster: Roster, p: &Person) -> String {
        let mut members = self.members(roster, p);
        // Most rows hold one record.
        if let (Some(only), None) = (members.next(), members.next()) {
            return only.reference.text();
        }
        let mut refs: Vec<String> = self
            .members(roster, p)
            .map(|r| r.reference.text())
            .collect();
        refs.sort();
        refs.join("|")
    }
}

fn filled(inp: &Inputs, r: &Record) -> usize {
    raw_of(inp, r).map_or(0, RawRecord::filled)
}
