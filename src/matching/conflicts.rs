//! Conflicts that need the final clusters and look beyond scored pairs:
//! `shared_identifier` — records holding the same CCCD/CMND or party card that
//! ended up as different people — and the short description of a record that
//! every matching conflict shows.

use super::Settings;
use super::prep::Prepared;
use crate::conflict::{Conflict, ConflictKind, Severity};
use crate::normalize::IdKind;
use rayon::prelude::*;

/// `Nguyễn Văn An, 01/02/1970` — what a reviewer needs to recognise a record.
pub(crate) fn describe(p: &Prepared) -> String {
    let r = p.record;
    let name = r.name.as_ref().map_or("?", |n| n.display.as_str());
    match r.birth {
        Some(d) => format!("{name}, {}", d.vi()),
        None => name.to_string(),
    }
}

/// The REFs of `records` in the order a conflict's subject lists them (sorted),
/// and each one's [`describe`] in the same order: the two columns line up.
pub(crate) fn subjects_described<'a>(
    records: impl Iterator<Item = &'a Prepared<'a>>,
) -> (Vec<String>, Vec<String>) {
    let mut both: Vec<(String, String)> = records
        .map(|p| (p.record.reference.text(), describe(p)))
        .collect();
    both.sort();
    both.dedup_by(|x, y| x.0 == y.0);
    both.into_iter().unzip()
}

pub(crate) fn shared_identifiers(
    prep: &[Prepared],
    label: &dyn Fn(u32) -> u32,
    settings: &Settings,
    out: &mut Vec<Conflict>,
) {
    // (value hash, field, position); a hash is specific to its field already.
    let mut held: Vec<(u64, &'static str, u32)> = prep
        .par_iter()
        .enumerate()
        .flat_map_iter(|(i, p)| {
            let i = i as u32;
            let id =
                p.id.as_ref()
                    .filter(|d| !d.damaged && d.kind != IdKind::Unknown)
                    .map(|id| (id.hash, "national_id", i));
            let card = p.party_card.as_ref().map(|c| (c.1, "party_card", i));
            id.into_iter().chain(card)
        })
        .collect();
    held.par_sort_unstable();
    for group in held.chunk_by(|x, y| x.0 == y.0) {
        // A value held by a crowd is a placeholder, not an identifier.
        if group.len() < 2 || group.len() > settings.max_block.max(2) {
            continue;
        }
        let mut persons: Vec<u32> = group.iter().map(|&(_, _, i)| label(i)).collect();
        persons.sort_unstable();
        persons.dedup();
        if persons.len() < 2 {
            continue;
        }
        let field = group.first().map_or("", |g| g.1);
        let (what_vi, what_en) = if field == "party_card" {
            ("số thẻ đảng viên", "party card")
        } else {
            ("số CCCD/CMND", "CCCD/CMND number")
        };
        let (refs, values) =
            subjects_described(group.iter().filter_map(|&(_, _, i)| prep.get(i as usize)));
        let (n, k) = (group.len(), persons.len());
        out.push(
            Conflict::new(ConflictKind::SharedIdentifier, Severity::Error, refs)
                .field(field)
                .values(values)
                .detail(
                    format!(
                        "{n} hồ sơ có cùng {what_vi} nhưng được xác định là {k} người khác nhau"
                    ),
                    format!(
                        "{n} records share one {what_en} but were judged to be {k} different people"
                    ),
                )
                .suggestion(
                    format!(
                        "Kiểm tra {what_vi}; nếu là một người: same, nếu không: set giá trị đúng"
                    ),
                    format!(
                        "Check the {what_en}; if one person: same, otherwise set the right value"
                    ),
                ),
        );
    }
}
