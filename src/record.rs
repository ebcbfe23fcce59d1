//! The record types every stage after reading shares: which roster a record came
//! from, its reference (`SOURCE:ROSTER:RECORD_ID`), its raw strings and its
//! normalised values.

use crate::normalize::{Date, Gender, Name, NationalId, Phone, Place};
use smol_str::SmolStr;
use std::fmt;

/// Which roster a record belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Roster {
    #[default]
    Staff,
    Party,
}

impl Roster {
    pub fn as_str(self) -> &'static str {
        match self {
            Roster::Staff => "staff",
            Roster::Party => "party",
        }
    }
    pub fn parse(s: &str) -> Option<Roster> {
        let s = s.trim();
        [Roster::Staff, Roster::Party]
            .into_iter()
            .find(|r| s.eq_ignore_ascii_case(r.as_str()))
    }
}

/// A record reference as users write it: `SOURCE:ROSTER:RECORD_ID`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Ref {
    /// Short (`HP`): kept inline, with no allocation per record.
    pub source: SmolStr,
    pub roster: Roster,
    /// Most are short (`NS-0045`): inline up to 23 bytes.
    pub record_id: SmolStr,
}

impl Ref {
    /// Parse `HD:staff:NS-0045`. The record id may itself contain `:`.
    pub fn parse(s: &str) -> Option<Ref> {
        let (source, roster, record_id) = Ref::parts(s)?;
        Some(Ref {
            source: SmolStr::new(source),
            roster,
            record_id: SmolStr::new(record_id),
        })
    }

    /// [`Ref::parse`] without copying: the source and the record id borrowed.
    fn parts(s: &str) -> Option<(&str, Roster, &str)> {
        let mut parts = s.trim().splitn(3, ':');
        let source = parts.next()?.trim();
        let roster = Roster::parse(parts.next()?)?;
        let record_id = parts.next()?.trim();
        if source.is_empty() || record_id.is_empty() {
            return None;
        }
        Some((source, roster, record_id))
    }
}

impl fmt::Display for Ref {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_to(f)
    }
}

impl Ref {
    /// The three parts as written, `:` between them: `HD`, `staff`, `NS-0045`.
    pub(crate) fn parts_shown(&self) -> [&str; 3] {
        [&self.source, self.roster.as_str(), &self.record_id]
    }

    fn write_to(&self, out: &mut impl fmt::Write) -> fmt::Result {
        for (i, part) in self.parts_shown().into_iter().enumerate() {
            if i > 0 {
                out.write_char(':')?;
            }
            out.write_str(part)?;
        }
        Ok(())
    }

    /// `HD:staff:NS-0045`, as [`fmt::Display`] writes it, in one allocation of the
    /// right size (every output row writes one or more).
    pub fn text(&self) -> String {
        let mut s = String::with_capacity(self.parts_shown().iter().map(|p| p.len() + 1).sum());
        self.push_to(&mut s);
        s
    }

    /// [`Ref::text`] appended to `s`.
    pub fn push_to(&self, s: &mut String) {
        // Writing to a `String` cannot fail.
        let _ = self.write_to(s);
    }
}

/// Finds a record by the text of its reference (`HD:staff:NS-0045`) without
/// building every record's reference string: a province has millions. The index is
/// each record's reference hash with its position, sorted: a look-up is a binary
/// search on integers, then a string comparison on the few records of that hash.
#[derive(Default)]
pub struct RefIndex<'a> {
    records: &'a [Record],
    sorted: Vec<(u64, u32)>,
}

/// The hash of a reference's parts (SipHash with fixed keys: the same every run).
fn ref_hash((source, roster, record_id): (&str, Roster, &str)) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::default().hash_one((source, roster, record_id))
}

impl<'a> RefIndex<'a> {
    pub fn new(records: &'a [Record]) -> RefIndex<'a> {
        use rayon::prelude::*;
        let mut sorted: Vec<(u64, u32)> = records
            .par_iter()
            .enumerate()
            .map(|(i, r)| (ref_hash(r.ref_key()), i as u32))
            .collect();
        sorted.par_sort_unstable();
        RefIndex { records, sorted }
    }

    /// The idx of the record `text` names.
    pub fn get(&self, text: &str) -> Option<u32> {
        let want = Ref::parts(text)?;
        let h = ref_hash(want);
        let end = self.sorted.partition_point(|&(k, _)| k <= h);
        let start = self.sorted.partition_point(|&(k, _)| k < h);
        // Two records with one REF (an id that collides with a renamed
        // duplicate) resolve to the later, as a map filled in order would.
        let (_, pos) = self
            .sorted
            .get(start..end)?
            .iter()
            .rev()
            .find(|&&(_, i)| self.records.get(i as usize).map(Record::ref_key) == Some(want))?;
        Some(self.records.get(*pos as usize)?.idx)
    }
}

/// A field of a roster record that the tool understands. Columns that map to no
/// field are kept verbatim (see [`RawRecord::kept`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    RecordId,
    FullName,
    /// "Họ (và đệm)" when the name is split over two columns.
    FamilyName,
    /// "Tên" when the name is split over two columns.
    GivenName,
    BirthDate,
    Gender,
    NationalId,
    Phone,
    Email,
    Hometown,
    Birthplace,
    Unit,
    Position,
    Grade,
    PartyCard,
    PartyRecord,
    Cell,
    JoinedOn,
    OfficialOn,
    PartyRole,
    /// STT / Số TT: the fallback record id.
    RowNumber,
}

impl Field {
    pub const ALL: [Field; 21] = [
        Field::RecordId,
        Field::FullName,
        Field::FamilyName,
        Field::GivenName,
        Field::BirthDate,
        Field::Gender,
        Field::NationalId,
        Field::Phone,
        Field::Email,
        Field::Hometown,
        Field::Birthplace,
        Field::Unit,
        Field::Position,
        Field::Grade,
        Field::PartyCard,
        Field::PartyRecord,
        Field::Cell,
        Field::JoinedOn,
        Field::OfficialOn,
        Field::PartyRole,
        Field::RowNumber,
    ];

    /// The English field name used in `columns = {…}`, machine files and `--lang en`.
    pub fn name(self) -> &'static str {
        match self {
            Field::RecordId => "record_id",
            Field::FullName => "full_name",
            Field::FamilyName => "family_name",
            Field::GivenName => "given_name",
            Field::BirthDate => "birth_date",
            Field::Gender => "gender",
            Field::NationalId => "national_id",
            Field::Phone => "phone",
            Field::Email => "email",
            Field::Hometown => "hometown",
            Field::Birthplace => "birthplace",
            Field::Unit => "unit",
            Field::Position => "position",
            Field::Grade => "grade",
            Field::PartyCard => "party_card",
            Field::PartyRecord => "party_record",
            Field::Cell => "cell",
            Field::JoinedOn => "joined_on",
            Field::OfficialOn => "official_on",
            Field::PartyRole => "party_role",
            Field::RowNumber => "row_number",
        }
    }

    pub fn from_name(s: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.name() == s)
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// Where a row came from: enough to name it in any message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// Index into the project's sources.
    pub source: usize,
    pub roster: Roster,
    /// Index into the run's list of input files.
    pub file: usize,
    /// 1-based physical line of the row in the file (XLSX: the sheet row).
    pub line: u64,
}

/// A roster row as read: one optional string per [`Field`] plus the kept columns.
#[derive(Debug, Clone)]
pub struct RawRecord {
    pub origin: Origin,
    pub record_id: String,
    /// The field values, packed (see [`RawRecord::get`]).
    values: Packed,
    /// Values of the columns that map to no field, in the file's kept-header order.
    pub kept: Vec<String>,
    /// Cells repaired from legacy text: (header, original, repaired).
    pub repairs: Vec<(String, String, String)>,
}

/// One optional string per [`Field`] in a single allocation: the values one after
/// the other, where each ends, and which are present. A run holds every row at
/// once, so a row costs about a tenth of an array of `Option<String>`.
#[derive(Debug, Clone, Default)]
struct Packed {
    text: Box<str>,
    ends: [u32; Field::ALL.len()],
    present: u32,
}

impl RawRecord {
    /// A row from one optional value per [`Field`] (in [`Field::ALL`] order).
    pub fn new<S: AsRef<str>>(
        origin: Origin,
        record_id: String,
        values: [Option<S>; Field::ALL.len()],
        kept: Vec<String>,
        repairs: Vec<(String, String, String)>,
    ) -> RawRecord {
        let len = values.iter().flatten().map(|v| v.as_ref().len()).sum();
        let mut text = String::with_capacity(len);
        let mut packed = Packed::default();
        for (i, v) in values.iter().enumerate() {
            if let Some(v) = v {
                text.push_str(v.as_ref());
                packed.present |= 1 << i;
            }
            if let Some(end) = packed.ends.get_mut(i) {
                *end = u32::try_from(text.len()).unwrap_or(u32::MAX);
            }
        }
        packed.text = text.into_boxed_str();
        RawRecord {
            origin,
            record_id,
            values: packed,
            kept,
            repairs,
        }
    }

    pub fn get(&self, f: Field) -> Option<&str> {
        let i = f.index();
        if self.values.present & (1 << i) == 0 {
            return None;
        }
        let start = match i.checked_sub(1) {
            Some(p) => *self.values.ends.get(p)?,
            None => 0,
        };
        let end = *self.values.ends.get(i)?;
        self.values.text.get(start as usize..end as usize)
    }

    /// How many fields have a value.
    pub fn filled(&self) -> usize {
        self.values.present.count_ones() as usize
    }
}

/// A record with its values normalised; the unit of matching.
#[derive(Debug, Clone, Default)]
pub struct Record {
    /// Position of the record in the run's record list; stable for a given input.
    pub idx: u32,
    /// `SOURCE:ROSTER:RECORD_ID`.
    pub reference: Ref,
    /// Index into the project's sources.
    pub source: usize,
    pub roster: Roster,
    pub name: Option<Name>,
    pub birth: Option<Date>,
    /// A birth date that cannot exist (`35/12/1979`, `29/54/1977`), read as its
    /// three numbers: an `invalid_value` to the clerk and missing from the
    /// outputs, but for matching most likely one slipped digit of the true date.
    pub birth_slip: Option<Date>,
    pub gender: Option<Gender>,
    pub national_id: Option<NationalId>,
    pub phone: Option<Phone>,
    pub email: Option<String>,
    pub hometown: Option<Place>,
    pub birthplace: Option<Place>,
    pub party_card: Option<String>,
    pub party_record: Option<String>,
    pub joined_on: Option<Date>,
    pub official_on: Option<Date>,
    /// Where the record works, as both of its source's trees name it; set from the
    /// units before matching (see [`crate::org::Org::workplaces`]).
    pub workplace: Option<Workplace>,
}

/// A workplace as matching compares it: the chain of units that a source's agency
/// tree and its Party tree both name (`Phòng Nội chính` and `Chi bộ Phòng Nội
/// chính`; `UBND xã An Trung` and `Đảng bộ xã An Trung`), top first, one 16-bit
/// unit number per level, up to [`Workplace::DEPTH`] levels, packed in one word.
/// A staff record and a Party record of one person name one workplace, or one
/// within the other (an agency's leader sits in some department's cell).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Workplace(std::num::NonZeroU64);

impl Workplace {
    /// Levels a workplace can hold.
    pub const DEPTH: usize = 4;

    /// The workplace of a chain of unit numbers (each ≥ 1), top first; `None`
    /// for an empty chain, a zero or a chain deeper than [`Workplace::DEPTH`].
    pub fn new(levels: &[u16]) -> Option<Workplace> {
        if levels.len() > Self::DEPTH || levels.contains(&0) {
            return None;
        }
        let packed = levels
            .iter()
            .enumerate()
            .fold(0u64, |acc, (i, &l)| acc | (u64::from(l) << (48 - 16 * i)));
        std::num::NonZeroU64::new(packed).map(Workplace)
    }

    /// The packed chain, for hashing.
    pub fn get(self) -> u64 {
        self.0.get()
    }

    /// One chain is the start of the other (or they are equal).
    pub fn nested(self, other: Workplace) -> bool {
        let (a, b) = (self.get(), other.get());
        // The levels both chains hold: the shorter chain's.
        let depth = |x: u64| Self::DEPTH - (x.trailing_zeros() as usize / 16);
        let shared = depth(a).min(depth(b));
        let mask = u64::MAX << (64 - 16 * shared);
        a & mask == b & mask
    }
}

impl Record {
    /// The reference as a sortable key, without formatting it.
    fn ref_key(&self) -> (&str, Roster, &str) {
        let x = &self.reference;
        (x.source.as_str(), x.roster, x.record_id.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ref_reads_back_as_written() {
        for text in ["HD:staff:NS-0045", "HP:party:a:b", "Hải Dương:party:ĐV 01"] {
            let r = Ref::parse(text).unwrap();
            assert_eq!(r.text(), text);
            let mut after = String::from("x ");
            r.push_to(&mut after);
            assert_eq!(after, format!("x {text}"));
            assert_eq!(r.to_string(), text);
            assert_eq!(format!("[{r}]"), format!("[{text}]"));
        }
    }

    #[test]
    fn workplaces_nest_by_their_chains() {
        let w = |l: &[u16]| Workplace::new(l).unwrap();
        let (top, dept, other) = (w(&[3]), w(&[3, 2]), w(&[3, 4]));
        assert!(top.nested(dept) && dept.nested(top));
        assert!(dept.nested(dept));
        assert!(!dept.nested(other));
        assert!(!w(&[2]).nested(w(&[3, 2])));
        assert!(w(&[1, 256, 7]).nested(w(&[1, 256])));
        assert!(!w(&[1, 256, 7]).nested(w(&[1, 256, 8])));
        assert_eq!(Workplace::new(&[]), None);
        assert_eq!(Workplace::new(&[1, 0]), None);
        assert_eq!(Workplace::new(&[1, 2, 3, 4, 5]), None);
    }

    #[test]
    fn packed_values_read_back() {
        let mut values: [Option<String>; Field::ALL.len()] = Default::default();
        values[Field::RecordId.index()] = Some("NS-1".into());
        values[Field::FullName.index()] = Some("Nguyễn Văn An".into());
        values[Field::Email.index()] = Some("".into());
        let last = Field::ALL[Field::ALL.len() - 1];
        values[last.index()] = Some("cuối".into());
        let origin = Origin {
            source: 0,
            roster: Roster::Staff,
            file: 0,
            line: 2,
        };
        let r = RawRecord::new(origin, "NS-1".into(), values.clone(), vec![], vec![]);
        for f in Field::ALL {
            assert_eq!(r.get(f), values[f.index()].as_deref(), "{f:?}");
        }
        assert_eq!(r.filled(), 4);
    }

    #[test]
    fn ref_index_finds_every_record_and_nothing_else() {
        let rec = |idx: u32, source: &str, roster, id: &str| Record {
            idx,
            reference: Ref {
                source: source.into(),
                roster,
                record_id: id.into(),
            },
            ..Record::default()
        };
        let records = vec![
            rec(0, "HP", Roster::Staff, "NS-2"),
            rec(1, "HD", Roster::Party, "NS-1"),
            rec(2, "HD", Roster::Staff, "NS-1"),
            rec(3, "HD", Roster::Staff, "A:1"),
        ];
        let index = RefIndex::new(&records);
        for r in &records {
            assert_eq!(index.get(&r.reference.to_string()), Some(r.idx));
        }
        assert_eq!(index.get(" HD:Party:NS-1 "), Some(1));
        assert_eq!(index.get("HD:staff:NS-2"), None);
        assert_eq!(index.get("HD:staff"), None);
        assert_eq!(RefIndex::default().get("HD:staff:NS-1"), None);
        // One REF twice (an id colliding with a renamed duplicate): the later wins.
        let twice = vec![
            rec(0, "HD", Roster::Staff, "X"),
            rec(1, "HD", Roster::Staff, "X"),
            rec(2, "HD", Roster::Staff, "X"),
            rec(3, "HD", Roster::Staff, "Y"),
        ];
        assert_eq!(RefIndex::new(&twice).get("HD:staff:X"), Some(2));
    }
}
