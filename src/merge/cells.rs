//! A consolidated roster row's values as they are kept until the rosters are
//! written: one string for all texts and a small slot per column. A province has
//! millions of rows; a `String` per cell cost them about three times as much.

use super::persons::Value;
use crate::normalize::{Date, Gender};

/// One output cell, borrowed from [`Cells`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    Text(&'a str),
    Date(Date),
    Gender(Gender),
}

/// Declares [`Column`], its list and its names from one table, so the three
/// cannot drift apart.
macro_rules! columns {
    ($($variant:ident => $name:literal,)*) => {
        /// The columns a roster row can hold values for (every roster column but
        /// `person_id` and the sources), in the order of their names: a slot
        /// names its column by position here.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
        pub enum Column {
            $($variant,)*
        }

        impl Column {
            pub const ALL: &[Column] = &[$(Column::$variant,)*];
        }

        const COLUMNS: &[&str] = &[$($name,)*];
    };
}

columns! {
    BirthDate => "birth_date",
    CellCode => "cell_code",
    CellName => "cell_name",
    Email => "email",
    FullName => "full_name",
    Gender => "gender",
    Grade => "grade",
    Hometown => "hometown",
    JoinedOn => "joined_on",
    NationalId => "national_id",
    OfficialOn => "official_on",
    PartyCard => "party_card",
    PartyRole => "party_role",
    Phone => "phone",
    Position => "position",
    UnitCode => "unit_code",
    UnitName => "unit_name",
}

/// How many columns a row can hold.
pub const COLUMN_COUNT: usize = COLUMNS.len();

impl Column {
    /// The English column name, as output headers and `set` decisions spell it.
    pub fn name(self) -> &'static str {
        COLUMNS.get(self as usize).copied().unwrap_or("")
    }

    /// The column of that English name; none for a column no roster row holds.
    pub fn of(name: &str) -> Option<Column> {
        let i = COLUMNS.binary_search(&name).ok()?;
        Column::ALL.get(i).copied()
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// `data` is the end of the text in [`Cells::text`]; it starts where the
    /// previous text ends.
    Text,
    /// `data` is year, month, day ([`pack_date`]).
    Date,
    /// `data` is 0 for male, 1 for female.
    Gender,
}

/// One value in eight bytes.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Slot {
    column: u8,
    kind: Kind,
    data: u32,
}

fn pack_date(d: Date) -> u32 {
    (u32::from(d.year as u16) << 16) | (u32::from(d.month) << 8) | u32::from(d.day)
}

fn unpack_date(x: u32) -> Date {
    Date {
        year: (x >> 16) as u16 as i16,
        month: (x >> 8) as u8,
        day: x as u8,
    }
}

/// Output column (English name) → value, sorted by column.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cells {
    slots: Box<[Slot]>,
    text: Box<str>,
}

impl Cells {
    /// Pack `values` (by [`Column`]).
    pub fn pack(values: &[Option<Value>; COLUMN_COUNT]) -> Cells {
        let len = values
            .iter()
            .map(|v| match v {
                Some(Value::Text(t)) => t.len(),
                _ => 0,
            })
            .sum();
        let mut text = String::with_capacity(len);
        // Reserved at its size: collected from a filter, the list grew and was
        // then shrunk into its box (a copy each way, per person).
        let mut slots = Vec::with_capacity(values.iter().flatten().count());
        for (column, v) in values.iter().enumerate() {
            let Some(v) = v else { continue };
            let (kind, data) = match v {
                Value::Text(t) => {
                    text.push_str(t);
                    (Kind::Text, u32::try_from(text.len()).unwrap_or(u32::MAX))
                }
                Value::Date(d) => (Kind::Date, pack_date(*d)),
                Value::Gender(g) => (Kind::Gender, u32::from(*g == Gender::Female)),
            };
            slots.push(Slot {
                column: column as u8,
                kind,
                data,
            });
        }
        Cells {
            slots: slots.into_boxed_slice(),
            text: text.into_boxed_str(),
        }
    }

    /// Every column's value at once, by [`Column`]: what a writer of many rows
    /// reads, without a search per cell.
    pub fn unpack(&self) -> [Option<Cell<'_>>; COLUMN_COUNT] {
        let mut out = [None; COLUMN_COUNT];
        let mut start = 0usize;
        for s in &self.slots {
            let cell = match s.kind {
                Kind::Text => {
                    let end = s.data as usize;
                    let t = self.text.get(start..end).unwrap_or("");
                    start = end;
                    Cell::Text(t)
                }
                Kind::Date => Cell::Date(unpack_date(s.data)),
                Kind::Gender if s.data == 1 => Cell::Gender(Gender::Female),
                Kind::Gender => Cell::Gender(Gender::Male),
            };
            if let Some(slot) = out.get_mut(s.column as usize) {
                *slot = Some(cell);
            }
        }
        out
    }

    pub fn get(&self, key: &str) -> Option<Cell<'_>> {
        self.at(Column::of(key)?)
    }

    /// The value of one column.
    pub fn at(&self, column: Column) -> Option<Cell<'_>> {
        let column = column as u8;
        let i = self
            .slots
            .binary_search_by_key(&column, |s| s.column)
            .ok()?;
        let slot = self.slots.get(i)?;
        Some(match slot.kind {
            Kind::Text => {
                let start = self
                    .slots
                    .get(..i)?
                    .iter()
                    .rev()
                    .find(|s| s.kind == Kind::Text)
                    .map_or(0, |s| s.data);
                Cell::Text(self.text.get(start as usize..slot.data as usize)?)
            }
            Kind::Date => Cell::Date(unpack_date(slot.data)),
            Kind::Gender if slot.data == 1 => Cell::Gender(Gender::Female),
            Kind::Gender => Cell::Gender(Gender::Male),
        })
    }

    /// How many columns have a value.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_packed_value_reads_back() {
        let d = Date {
            year: 1980,
            month: 2,
            day: 0,
        };
        let values = vec![
            ("birth_date", Value::Date(d)),
            ("email", Value::Text("".into())),
            ("full_name", Value::Text("Nguyễn Thị Hoà".into())),
            ("gender", Value::Gender(Gender::Female)),
            (
                "joined_on",
                Value::Date(Date {
                    year: -1,
                    month: 12,
                    day: 31,
                }),
            ),
            ("party_role", Value::Gender(Gender::Male)),
            ("unit_code", Value::Text("HP.01".into())),
        ];
        let mut by_column: [Option<Value>; COLUMN_COUNT] = Default::default();
        for (k, v) in &values {
            by_column[Column::of(k).unwrap() as usize] = Some(v.clone());
        }
        let cells = Cells::pack(&by_column);
        assert_eq!(cells.len(), values.len());
        for (k, v) in &values {
            let want = match v {
                Value::Text(t) => Cell::Text(t),
                Value::Date(d) => Cell::Date(*d),
                Value::Gender(g) => Cell::Gender(*g),
            };
            assert_eq!(cells.get(k), Some(want), "{k}");
            let at = Column::of(k).unwrap() as usize;
            assert_eq!(cells.unpack()[at], Some(want), "{k}");
        }
        let unpacked = cells.unpack();
        assert_eq!(unpacked.iter().flatten().count(), values.len());
        assert_eq!(cells.get("phone"), None);
        assert_eq!(cells.get("no_such_column"), None);
        assert!(Cells::default().is_empty());
    }

    #[test]
    fn every_roster_column_has_a_slot() {
        assert!(COLUMNS.is_sorted());
        for (i, c) in Column::ALL.iter().enumerate() {
            assert_eq!(*c as usize, i);
            assert_eq!(Column::of(c.name()), Some(*c));
        }
        let roster = crate::output::columns::STAFF
            .iter()
            .chain(crate::output::columns::PARTY)
            .map(|(en, _)| *en)
            .filter(|en| *en != "person_id");
        for column in roster {
            assert!(COLUMNS.contains(&column), "{column}");
        }
    }
}
