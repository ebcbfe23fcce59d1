//! Survivorship: for each person and field, the value that wins. A reviewer's `set`
//! decision wins outright; otherwise the value held by the most records, each record
//! weighted towards the target source (+0.5) and towards records with a national ID
//! (+0.25); ties go to the more complete value (a full date over a year, a name with
//! diacritics over one without), then to the smaller text, so the result is
//! deterministic. Disagreements that matter become `field_disagreement` conflicts.

use crate::conflict::{Conflict, ConflictKind, Severity};
use crate::normalize::{Date, Precision};
use crate::record::Ref;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// One record's value for a field, as a candidate. Borrowed where it can be: a
/// province builds millions of them and most are never compared.
#[derive(Debug, Clone)]
pub struct Candidate<'a> {
    /// What must be equal for two values to agree (folded name, digits, code …).
    pub key: Cow<'a, str>,
    /// What output shows.
    pub display: Cow<'a, str>,
    pub weight: f64,
    /// REF of the record holding it.
    pub reference: &'a Ref,
}

/// The winning value and whether the records disagree.
#[derive(Debug, Clone, PartialEq)]
pub struct Chosen {
    pub display: String,
    pub disagreement: bool,
}

/// Majority by key, then the best display within the winning key. `prefer` ranks
/// displays by completeness (diacritics, a middle name …); it breaks ties between keys
/// too, so a tie between "Phạm Vinh" and "Phạm Tường Vinh" keeps the fuller name.
pub fn choose(cands: &[Candidate], prefer: impl Fn(&str) -> u32) -> Option<Chosen> {
    let mut by_key: BTreeMap<&str, (f64, u32)> = BTreeMap::new();
    for c in cands {
        let e = by_key.entry(&c.key).or_default();
        e.0 += c.weight;
        e.1 = e.1.max(prefer(&c.display));
    }
    let key = by_key
        .iter()
        .max_by(|a, b| {
            (a.1.0)
                .total_cmp(&b.1.0)
                .then_with(|| a.1.1.cmp(&b.1.1))
                .then_with(|| b.0.cmp(a.0))
        })?
        .0;
    let mut by_display: BTreeMap<&str, f64> = BTreeMap::new();
    for c in cands.iter().filter(|c| c.key == *key) {
        *by_display.entry(&c.display).or_default() += c.weight;
    }
    let display = by_display
        .iter()
        .max_by(|a, b| {
            prefer(a.0)
                .cmp(&prefer(b.0))
                .then_with(|| a.1.total_cmp(b.1))
                .then_with(|| b.0.cmp(a.0))
        })?
        .0;
    Some(Chosen {
        display: display.to_string(),
        disagreement: by_key.len() > 1,
    })
}

/// Two dates agree when every part known in both is equal.
pub fn compatible(a: &Date, b: &Date) -> bool {
    a.year == b.year
        && (a.month == 0 || b.month == 0 || a.month == b.month)
        && (a.day == 0 || b.day == 0 || a.day == b.day)
}

/// The best-supported date: support counts every compatible record, so `1965` backs
/// `12/03/1965`; among equally supported, the most precise.
pub fn choose_date(cands: &[(Date, f64)]) -> Option<(Date, bool)> {
    let best = cands
        .iter()
        .map(|(d, _)| {
            let support: f64 = cands
                .iter()
                .filter(|(o, _)| compatible(d, o))
                .map(|(_, w)| w)
                .sum();
            (d, support)
        })
        .max_by(|a, b| {
            a.1.total_cmp(&b.1)
                .then_with(|| a.0.precision().cmp(&b.0.precision()))
                .then_with(|| b.0.cmp(a.0))
        })?
        .0;
    let disagreement = cands
        .iter()
        .any(|(a, _)| cands.iter().any(|(b, _)| !compatible(a, b)));
    Some((*best, disagreement))
}

/// Rank of a date's precision, for callers that prefer complete values.
pub fn precision_rank(d: &Date) -> u8 {
    match d.precision() {
        Precision::Year => 0,
        Precision::Month => 1,
        Precision::Day => 2,
    }
}

/// The `field_disagreement` conflict for one person and field.
pub fn disagreement(field: &str, cands: &[Candidate], chosen: &str) -> Conflict {
    let mut by_display: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for c in cands {
        by_display
            .entry(&c.display)
            .or_default()
            .push(c.reference.text());
    }
    let values: Vec<String> = by_display
        .iter()
        .map(|(v, refs)| format!("{v} ({})", refs.join(", ")))
        .collect();
    let subject = cands.iter().map(|c| c.reference.text()).collect();
    Conflict::new(ConflictKind::FieldDisagreement, Severity::Warning, subject)
        .field(field)
        .detail(
            format!(
                "các hồ sơ của cùng một người ghi {field} khác nhau: {}",
                values.join("; ")
            ),
            format!(
                "records of one person disagree on {field}: {}",
                values.join("; ")
            ),
        )
        .suggestion(
            format!("đã chọn \"{chosen}\"; ghi `set` với giá trị đúng nếu cần"),
            format!("\"{chosen}\" was chosen; answer `set` with the right value if needed"),
        )
        .values(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c<'a>(key: &'a str, display: &'a str, weight: f64, r: &'a Ref) -> Candidate<'a> {
        Candidate {
            key: key.into(),
            display: display.into(),
            weight,
            reference: r,
        }
    }

    fn r(s: &str) -> Ref {
        Ref::parse(&format!("{s}:staff:1")).unwrap()
    }

    fn diacritics(s: &str) -> u32 {
        u32::from(!s.is_ascii())
    }

    #[test]
    fn majority_then_best_display() {
        let (a, b, cc) = (r("A"), r("B"), r("C"));
        let cands = [
            c("nguyen van an", "Nguyen Van An", 1.0, &a),
            c("nguyen van an", "Nguyễn Văn An", 1.0, &b),
            c("nguyen van anh", "Nguyễn Văn Anh", 1.0, &cc),
        ];
        let got = choose(&cands, diacritics).unwrap();
        assert_eq!(got.display, "Nguyễn Văn An");
        assert!(got.disagreement);
    }

    #[test]
    fn tie_keeps_the_fuller_name() {
        let (a, b) = (r("A"), r("B"));
        let cands = [
            c("pham vinh", "Phạm Vinh", 1.0, &a),
            c("pham tuong vinh", "Phạm Tường Vinh", 1.0, &b),
        ];
        let got = choose(&cands, |s| s.split(' ').count() as u32).unwrap();
        assert_eq!(got.display, "Phạm Tường Vinh");
    }

    #[test]
    fn target_weight_breaks_ties() {
        let (hp, hd) = (r("HP"), r("HD"));
        let cands = [c("1", "Nam", 1.5, &hp), c("2", "Nữ", 1.0, &hd)];
        assert_eq!(choose(&cands, |_| 0).unwrap().display, "Nam");
    }

    #[test]
    fn year_only_backs_full_date() {
        let y = Date {
            year: 1965,
            month: 0,
            day: 0,
        };
        let d = Date {
            year: 1965,
            month: 3,
            day: 12,
        };
        let (best, dis) = choose_date(&[(y, 1.0), (d, 1.0)]).unwrap();
        assert_eq!((best, dis), (d, false));
        let other = Date {
            year: 1966,
            month: 3,
            day: 12,
        };
        let (_, dis) = choose_date(&[(d, 1.0), (other, 1.0)]).unwrap();
        assert!(dis);
    }
}
