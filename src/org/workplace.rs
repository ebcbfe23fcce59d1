//! Where each record works, for matching. A source keeps two trees side by side:
//! its agencies and departments, and its Party committees and cells, named after
//! the units they sit in (`Chi bộ Phòng Nội chính`; `Đảng bộ xã An Trung` over
//! the village cells of `UBND xã An Trung`). A unit's workplace is the chain of
//! units above it (itself included) whose subject ([`subject_key`]) both trees
//! name; a staff record and a Party record of one person name one workplace, or
//! one within the other. It needs only the sources' own trees, never the plan
//! or the new tree, so it is known before records are matched.

use super::names::subject_key;
use super::{Org, UnitKind};
use crate::record::Workplace;
use foldhash::HashMap;
use rayon::prelude::*;

impl Org {
    /// The workplace of each record's unit, given as its source and its unit
    /// text (staff: unit, party: cell), in that order: `None` where the unit
    /// does not resolve, or no unit above it is named by both trees.
    pub fn workplaces(&self, units: &[(usize, &str)]) -> Vec<Option<Workplace>> {
        let chains = self.workplace_chains();
        // Rosters repeat a few hundred unit texts over many rows: each chunk
        // resolves each text once.
        units
            .par_chunks(1 << 16)
            .flat_map_iter(|chunk| {
                let mut memo: HashMap<(usize, &str), Option<Workplace>> = HashMap::default();
                chunk
                    .iter()
                    .map(|&(source, text)| {
                        let text = text.trim();
                        *memo.entry((source, text)).or_insert_with(|| {
                            let unit = self.resolve(source, text)?;
                            chains.get(unit.0).copied().flatten()
                        })
                    })
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    /// A record's unit as a reviewer reads it beside the workplace evidence: the
    /// text written, with the unit's name where the text is its code.
    pub fn unit_label(&self, source: usize, text: &str) -> String {
        let text = text.trim();
        match self.resolve(source, text).and_then(|u| self.old.get(u.0)) {
            Some(u) if !u.name.is_empty() && u.name != text => format!("{text} ({})", u.name),
            _ => text.to_string(),
        }
    }

    /// The workplace of every old unit, by its index. Subjects named by both
    /// trees of a source are numbered in the order the units were read; past
    /// 65,535 of them the rest are left out of chains (a unit's chain is then
    /// its numbered units only), and a chain deeper than four levels is none.
    fn workplace_chains(&self) -> Vec<Option<Workplace>> {
        let subjects: Vec<String> = self.old.iter().map(|u| subject_key(&u.name)).collect();
        let mut sides: HashMap<(usize, &str), [bool; 2]> = HashMap::default();
        for (u, s) in self.old.iter().zip(&subjects) {
            if !s.is_empty() {
                let party = matches!(u.kind, UnitKind::PartyCell | UnitKind::PartyCommittee);
                sides.entry((u.source, s.as_str())).or_default()[usize::from(party)] = true;
            }
        }
        let mut numbers: HashMap<(usize, &str), u16> = HashMap::default();
        for (u, s) in self.old.iter().zip(&subjects) {
            let key = (u.source, s.as_str());
            if sides.get(&key) == Some(&[true, true]) && !numbers.contains_key(&key) {
                let Ok(n) = u16::try_from(numbers.len() + 1) else {
                    break;
                };
                numbers.insert(key, n);
            }
        }
        (0..self.old.len())
            .map(|start| {
                let mut chain: Vec<u16> = Vec::new();
                let mut at = Some(start);
                // Cycles were broken when the trees were read; the bound only
                // makes the walk's end obvious.
                for _ in 0..self.old.len() {
                    let Some(i) = at else { break };
                    let (Some(u), Some(s)) = (self.old.get(i), subjects.get(i)) else {
                        break;
                    };
                    if let Some(&n) = numbers.get(&(u.source, s.as_str()))
                        && chain.last() != Some(&n)
                    {
                        chain.push(n);
                    }
                    at = u.parent.map(|p| p.0);
                }
                chain.reverse();
                Workplace::new(&chain)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::org::{SourceInfo, UnitRow, build};

    fn org(rows: &[(&str, &str, &str, &str)]) -> Org {
        let units: Vec<UnitRow> = rows
            .iter()
            .map(|&(code, name, parent, kind)| UnitRow {
                source: 0,
                code: code.into(),
                name: name.into(),
                parent: parent.into(),
                kind: kind.into(),
                ..UnitRow::default()
            })
            .collect();
        let sources = [SourceInfo {
            key: "HP".into(),
            name: "Hải Phòng".into(),
        }];
        build(&sources, 0, &units, None, &[], &Default::default())
    }

    fn places(org: &Org, texts: &[&str]) -> Vec<Option<Workplace>> {
        let units: Vec<(usize, &str)> = texts.iter().map(|t| (0, *t)).collect();
        org.workplaces(&units)
    }

    #[test]
    fn a_department_and_its_cell_are_one_workplace() {
        let o = org(&[
            ("VP", "Văn phòng UBND tỉnh", "", "Cơ quan"),
            ("DB", "Đảng bộ Văn phòng UBND tỉnh", "", "Đảng bộ"),
            ("P01", "Phòng Tổng hợp", "VP", "Phòng"),
            ("CB01", "Chi bộ Phòng Tổng hcp", "DB", "Chi bộ"),
            ("P02", "Phòng Nội chính", "VP", "Phòng"),
            ("CB02", "Chi bộ Nội chính", "DB", "Chi bộ"),
        ]);
        let w = places(
            &o,
            &["P02", "CB02", "Phòng Tổng hợp", "VP", "CB01", "nowhere"],
        );
        assert!(w[0].is_some());
        assert_eq!(w[0], w[1], "Phòng Nội chính and its chi bộ");
        // A cell whose name is misspelt names no department, and the
        // department no cell: both are only the agency.
        assert_eq!(w[4], w[3]);
        assert_eq!(w[2], w[3]);
        let (dept, top) = (w[0].unwrap(), w[3].unwrap());
        assert_ne!(dept, top);
        assert!(dept.nested(top), "the department is within the agency");
        assert_eq!(w[5], None);
    }

    #[test]
    fn village_cells_belong_to_their_commune() {
        let o = org(&[
            ("VP00", "UBND thành phố Hải Phòng", "", "Cơ quan"),
            ("DB00", "Đảng bộ thành phố Hải Phòng", "", "Đảng bộ"),
            ("VP100", "UBND xã An Trung", "VP00", "Cơ quan"),
            ("CB100", "Đảng bộ xã An Trung", "DB00", "Đảng bộ"),
            ("CB100.01", "Chi bộ thôn 1 xã An Trung", "CB100", "Chi bộ"),
            ("VP101", "UBND xã Tân Trung", "VP00", "Cơ quan"),
            ("CB101", "Đảng bộ xã Tân Trung", "DB00", "Đảng bộ"),
            ("CB101.01", "Chi bộ thôn 1 xã Tân Trung", "CB101", "Chi bộ"),
        ]);
        let w = places(&o, &["VP100", "CB100.01", "CB101.01"]);
        assert!(w[0].is_some());
        assert_eq!(w[0], w[1]);
        assert!(!w[1].unwrap().nested(w[2].unwrap()), "two communes");
    }
}
