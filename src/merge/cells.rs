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

#[derive(Debug, Clone, Copy, PartialEq)]
enum Slot {
    /// End of the text in [`Cells::text`]; it starts where the previous text ends.
    Text(u32),
    Date(Date),
    Gender(Gender),
}

/// Output column (English name) → value, sorted by column.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cells {
    slots: Box<[(&'static str, Slot)]>,
    text: Box<str>,
}

impl Cells {
    /// Pack `values`, which are sorted by column and have no column twice.
    pub fn pack(values: &[(&'static str, Value)]) -> Cells {
        let mut text = String::new();
        let slots = values
            .iter()
            .map(|(k, v)| {
                let slot = match v {
                    Value::Text(t) => {
                        text.push_str(t);
                        Slot::Text(u32::try_from(text.len()).unwrap_or(u32::MAX))
                    }
                    Value::Date(d) => Slot::Date(*d),
                    Value::Gender(g) => Slot::Gender(*g),
                };
                (*k, slot)
            })
            .collect();
        Cells {
            slots,
            text: text.into_boxed_str(),
        }
    }

    pub fn get(&self, key: &str) -> Option<Cell<'_>> {
        let i = self.slots.binary_search_by(|(k, _)| (*k).cmp(key)).ok()?;
        let (_, slot) = self.slots.get(i)?;
        Some(match *slot {
            Slot::Text(end) => {
                let start = self
                    .slots
                    .get(..i)?
                    .iter()
                    .rev()
                    .find_map(|(_, s)| match s {
                        Slot::Text(e) => Some(*e),
                        _ => None,
                    })
                    .unwrap_or(0);
                Cell::Text(self.text.get(start as usize..end as usize)?)
            }
            Slot::Date(d) => Cell::Date(d),
            Slot::Gender(g) => Cell::Gender(g),
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
            ("empty", Value::Text(String::new())),
            ("full_name", Value::Text("Nguyễn Thị Hoà".into())),
            ("gender", Value::Gender(Gender::Female)),
            ("unit_code", Value::Text("HP.01".into())),
        ];
        let cells = Cells::pack(&values);
        assert_eq!(cells.len(), values.len());
        for (k, v) in &values {
            let want = match v {
                Value::Text(t) => Cell::Text(t),
                Value::Date(d) => Cell::Date(*d),
                Value::Gender(g) => Cell::Gender(*g),
            };
            assert_eq!(cells.get(k), Some(want), "{k}");
        }
        assert_eq!(cells.get("phone"), None);
        assert!(Cells::default().is_empty());
    }
}
