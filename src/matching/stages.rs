//! The matching stages one at a time, for the micro-benchmarks
//! (`benches/hot_paths.rs`): records prepared and the model built once, then
//! blocking alone and one pair's scoring alone. [`super::link`] is the real entry
//! point; nothing here is used by a run.

use super::{Settings, block, fit};
use crate::record::Record;

/// Records prepared (name forms, value hashes) with their model and scored pairs.
pub struct Stages<'r> {
    fitted: super::Fitted<'r>,
}

impl<'r> Stages<'r> {
    /// Prepare, block, score: everything before clustering, once.
    pub fn new(records: &'r [Record], settings: &Settings) -> Stages<'r> {
        Stages {
            fitted: fit(records, settings, &[]),
        }
    }

    /// Blocking keys of every record and the candidate pairs they make; the
    /// number of candidates.
    pub fn candidates(&self, settings: &Settings) -> usize {
        block::candidates(&self.fitted.prep, settings).0.len()
    }

    /// The pairs scoring kept (positions in `records`), to pick pairs to score.
    pub fn scored(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.fitted.scored.iter().map(|&(a, b, _)| (a, b))
    }

    /// One pair's match weight: every field compared and weighed.
    pub fn weight(&self, a: u32, b: u32) -> Option<f64> {
        let prep = &self.fitted.prep;
        let (pa, pb) = (prep.get(a as usize)?, prep.get(b as usize)?);
        Some(self.fitted.model.weight(pa, pb))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::{Date, name};

    fn record(idx: u32, full: &str, (day, month, year): (u8, u8, i16)) -> Record {
        Record {
            idx,
            name: name::parse(full),
            birth: Some(Date { year, month, day }),
            ..Record::default()
        }
    }

    #[test]
    fn stages_block_and_score_like_a_run() {
        let records = vec![
            record(0, "Nguyễn Văn An", (1, 2, 1970)),
            record(1, "Nguyen Van An", (1, 2, 1970)),
            record(2, "Trần Thị Bình", (3, 4, 1980)),
        ];
        let settings = Settings::default();
        let stages = Stages::new(&records, &settings);
        assert!(stages.candidates(&settings) >= 1);
        let pairs: Vec<(u32, u32)> = stages.scored().collect();
        assert_eq!(pairs.len(), 1, "{pairs:?}");
        let (a, b) = pairs[0];
        assert!(stages.weight(a, b).is_some_and(|w| w > 0.0));
        assert_eq!(stages.weight(a, 99), None);
    }
}
