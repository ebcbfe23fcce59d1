//! Hometown and birthplace: how often one person's two records name one ward,
//! two wards of one province, or two provinces, measured on the pairs one
//! CCCD/CMND joins. Some sources copy a hometown from one system to another and
//! it never moves; others retype it, or record the commune before the 2025
//! merger, and it moves often. A fixed `m` would either let a namesake in
//! another ward of the same province through or punish a moved hometown far
//! too hard; measured, the field weighs what the data show.
//!
//! Each level's `m` is the share among the pairs where it could occur (both
//! wards known for `ward` and `other_ward`, both provinces for `different`, a
//! ward missing for `province`, a province missing for `text`), drawn toward
//! the default by [`PRIOR_PAIRS`] pairs' worth, within [.01, .95].

use super::compare::{self, PlaceLevel};
use super::prep::{PlaceForm, Prepared};
use rayon::prelude::*;

/// A default `m` counts as this many pairs: an office has a few dozen pairs
/// that tell, a province tens of thousands.
const PRIOR_PAIRS: f64 = 10.0;

/// `m` of each level of one place field (in `run.json` too).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct PlaceM {
    pub ward: f64,
    pub province: f64,
    pub other_ward: f64,
    pub text: f64,
    pub different: f64,
}

impl Default for PlaceM {
    /// What a hometown does when the data cannot tell: mostly one ward, a
    /// province where a ward is missing, now and then moved.
    fn default() -> PlaceM {
        PlaceM {
            ward: 0.6,
            province: 0.3,
            other_ward: 0.1,
            text: 0.6,
            different: 0.1,
        }
    }
}

impl PlaceM {
    /// To three decimals, as `run.json` shows it.
    pub fn rounded(self) -> PlaceM {
        let r = |x: f64| (x * 1000.0).round() / 1000.0;
        PlaceM {
            ward: r(self.ward),
            province: r(self.province),
            other_ward: r(self.other_ward),
            text: r(self.text),
            different: r(self.different),
        }
    }

    pub fn of(&self, l: PlaceLevel) -> f64 {
        match l {
            PlaceLevel::Ward => self.ward,
            PlaceLevel::Province => self.province,
            PlaceLevel::OtherWard => self.other_ward,
            PlaceLevel::Text => self.text,
            PlaceLevel::Different => self.different,
            PlaceLevel::Unknown => 1.0,
        }
    }

    /// Measured on the records sharing an undamaged, uncontested identifier
    /// held by at most four records (more are shared by mistake).
    pub(crate) fn measure(
        prepared: &[Prepared],
        place: for<'a> fn(&'a Prepared) -> Option<&'a PlaceForm>,
    ) -> PlaceM {
        let mut held: Vec<(u64, usize)> = prepared
            .par_iter()
            .enumerate()
            .filter(|(_, p)| place(p).is_some())
            .filter_map(|(i, p)| {
                let id = p.id.as_ref().filter(|i| !i.damaged && !i.contested)?;
                Some((id.hash, i))
            })
            .collect();
        held.par_sort_unstable();
        let mut t = Tally::default();
        for person in held.chunk_by(|a, b| a.0 == b.0).filter(|g| g.len() <= 4) {
            for (k, &(_, i)) in person.iter().enumerate() {
                for &(_, j) in &person[k + 1..] {
                    if let (Some(a), Some(b)) = (place(&prepared[i]), place(&prepared[j])) {
                        t.add(a, b);
                    }
                }
            }
        }
        t.m()
    }
}

/// Pairs per situation and level.
#[derive(Default)]
struct Tally {
    wards_known: u64,
    ward: u64,
    other_ward: u64,
    ward_missing: u64,
    province: u64,
    provinces_known: u64,
    different: u64,
    province_missing: u64,
    text: u64,
}

impl Tally {
    fn add(&mut self, a: &PlaceForm, b: &PlaceForm) {
        let (level, _) = compare::places(a, b);
        let wards = !a.wards().is_empty() && !b.wards().is_empty();
        let provinces = a.province.is_some() && b.province.is_some();
        if provinces {
            self.provinces_known += 1;
            if wards {
                self.wards_known += 1;
            } else {
                self.ward_missing += 1;
            }
        } else {
            self.province_missing += 1;
        }
        match level {
            PlaceLevel::Ward => self.ward += 1,
            PlaceLevel::OtherWard => self.other_ward += 1,
            PlaceLevel::Province => self.province += 1,
            PlaceLevel::Different => self.different += 1,
            PlaceLevel::Text => self.text += 1,
            PlaceLevel::Unknown => {}
        }
    }

    fn m(&self) -> PlaceM {
        let d = PlaceM::default();
        let share = |hits: u64, of: u64, default: f64| {
            let m = (hits as f64 + default * PRIOR_PAIRS) / (of as f64 + PRIOR_PAIRS);
            m.clamp(0.01, 0.95)
        };
        PlaceM {
            ward: share(self.ward, self.wards_known, d.ward),
            other_ward: share(self.other_ward, self.wards_known, d.other_ward),
            province: share(self.province, self.ward_missing, d.province),
            different: share(self.different, self.provinces_known, d.different),
            text: share(self.text, self.province_missing, d.text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_pairs_leave_the_defaults() {
        assert_eq!(Tally::default().m(), PlaceM::default());
    }

    #[test]
    fn a_hometown_that_never_moves_makes_another_ward_count_against() {
        let t = Tally {
            wards_known: 90,
            ward: 90,
            provinces_known: 90,
            ..Tally::default()
        };
        let m = t.m();
        assert!(m.other_ward < 0.02, "{m:?}");
        assert!(m.ward > 0.9, "{m:?}");
        assert!(m.different < 0.02, "{m:?}");
    }

    #[test]
    fn a_hometown_that_often_moves_keeps_other_ward_likely() {
        let t = Tally {
            wards_known: 100,
            ward: 50,
            other_ward: 40,
            provinces_known: 100,
            different: 10,
            ..Tally::default()
        };
        let m = t.m();
        assert!(m.other_ward > 0.3, "{m:?}");
    }
}
