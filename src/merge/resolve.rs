//! Decisions → what the stages take: `same` / `different` as clustering
//! constraints, `set` values by record (or by person_id once clusters are
//! known), `unit` placements for the organisation, and every decision that
//! cannot apply or contradicts another as a `stale_decision` conflict
//! (SPEC §7: never silently ignored).

use super::decisions::{Action, Decision};
use super::persons;
use crate::conflict::{Conflict, ConflictKind, Severity};
use crate::matching::Constraints;
use crate::record::{Record, Ref, RefIndex};
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// Decisions turned into what the stages take.
#[derive(Default)]
pub(crate) struct Resolved {
    pub(crate) constraints: Constraints,
    /// (record idx, field, value)
    pub(crate) sets: Vec<(u32, String, String)>,
    /// (subject, new unit code) for the organisation.
    pub(crate) units: Vec<(String, String)>,
    /// `set` decisions on a person_id, known only once clusters are.
    pub(crate) person_sets: Vec<Decision>,
    pub(crate) problems: Vec<Conflict>,
}

fn stale(d: &Decision, vi: String, en: String) -> Conflict {
    let mut subject = d.subject.clone();
    subject.push(format!("decision:{}", d.origin()));
    Conflict::new(ConflictKind::StaleDecision, Severity::Warning, subject)
        .field(d.field.clone())
        .values(vec![d.action.as_str().to_string(), d.value.clone()])
        .detail(vi, en)
        .suggestion("sửa hoặc xoá quyết định này", "fix or remove this decision")
}

/// What an `accept` of a possible duplicate confirms, read from the
/// suggestion column of the conflicts.csv it was written in.
fn confirmed_pair_action(d: &Decision) -> Option<Action> {
    match d.suggestion.trim().to_lowercase().as_str() {
        "same" => Some(Action::Same),
        "different" => Some(Action::Different),
        _ => None,
    }
}

/// `accept` / `dismiss` decisions naming a conflict this run does not raise
/// (before decided ones are dropped): a typo in the id, or a conflict whose
/// records are gone. An `accept` that confirmed a pair is not one of them: its
/// conflict goes away because it was applied.
pub(crate) fn unknown_conflicts(decisions: &[Decision], raised: &HashSet<&str>) -> Vec<Conflict> {
    decisions
        .iter()
        .filter(|d| matches!(d.action, Action::Accept | Action::Dismiss))
        .filter(|d| !(d.action == Action::Accept && confirmed_pair_action(d).is_some()))
        .filter_map(|d| {
            let id = d
                .conflict_id
                .as_deref()
                .or_else(|| d.subject.first().map(String::as_str))?;
            (!raised.contains(id)).then(|| {
                stale(
                    d,
                    format!("không có xung đột {id} trong lần chạy này"),
                    format!("this run raises no conflict {id}"),
                )
            })
        })
        .collect()
}

/// An `accept` written by hand (`accept, C-…`, without the conflict's
/// subject and suggestion columns) of a possible duplicate suggested `same`:
/// the run cannot merge what it only learns while matching, so the accept
/// closes the conflict without merging, and says so.
pub(crate) fn unconfirmed_pairs(
    decisions: &[Decision],
    conflicts: &[Conflict],
    ids: &[String],
) -> Vec<Conflict> {
    let accepted: BTreeMap<&str, &Decision> = decisions
        .iter()
        .filter(|d| d.action == Action::Accept && confirmed_pair_action(d).is_none())
        .filter_map(|d| {
            let id = d
                .conflict_id
                .as_deref()
                .or_else(|| d.subject.first().map(String::as_str))?;
            Some((id, d))
        })
        .collect();
    if accepted.is_empty() {
        return Vec::new();
    }
    conflicts
        .iter()
        .zip(ids)
        .filter(|(c, _)| c.kind == ConflictKind::PossibleDuplicate && c.suggestion.en == "same")
        .filter_map(|(c, id)| {
            let d = accepted.get(id.as_str())?;
            let refs = c.subject.join("|");
            Some(stale(
                d,
                format!("`accept` chỉ đóng xung đột {id}, không gộp hồ sơ; để gộp, ghi `same` với đối tượng {refs} (hoặc gửi lại nguyên dòng của conflicts.csv)"),
                format!("`accept` only closes {id} and merges nothing; to merge, write `same` with subject {refs} (or send back the whole conflicts.csv row)"),
            ))
        })
        .collect()
}

/// Whether a `unit` decision's subject is an old unit (`SOURCE:unit:CODE`)
/// rather than a record.
pub(crate) fn names_unit(subject: &str) -> bool {
    subject.split(':').nth(1).map(str::trim) == Some("unit")
}

/// The `unit` decisions on old units, as [`resolve_decisions`] passes them on
/// in [`Resolved::units`] (in order): they need no record, so the organisation
/// is built from them before the records are known.
pub(crate) fn unit_decisions_on_units(decisions: &[Decision]) -> Vec<(String, String)> {
    decisions
        .iter()
        .filter(|d| d.action == Action::Unit)
        .flat_map(|d| {
            d.subject
                .iter()
                .filter(|s| names_unit(s))
                .map(|s| (s.clone(), d.value.clone()))
        })
        .collect()
}

pub(crate) fn resolve_decisions(decisions: &[Decision], by_ref: &RefIndex) -> Resolved {
    let mut out = Resolved::default();
    let mut different: BTreeSet<(u32, u32)> = BTreeSet::new();
    let mut same: Vec<(Vec<u32>, &Decision)> = Vec::new();
    for d in decisions {
        let mut found: Vec<u32> = Vec::new();
        let mut missing: Vec<&String> = Vec::new();
        for s in &d.subject {
            match by_ref.get(s) {
                Some(i) => found.push(i),
                None => missing.push(s),
            }
        }
        // `accept` confirms the conflict's suggestion: for a possible duplicate
        // that is `same` or `different` on its records.
        let action = match (d.action, confirmed_pair_action(d)) {
            (Action::Accept, Some(a)) => a,
            (a, _) => a,
        };
        match action {
            Action::Same | Action::Different => {
                if !missing.is_empty() || found.len() < 2 {
                    let m: Vec<&str> = missing.iter().map(|s| s.as_str()).collect();
                    out.problems.push(stale(
                        d,
                        format!(
                            "quyết định `{}` không còn áp dụng: không tìm thấy hồ sơ {}",
                            d.action.as_str(),
                            m.join(", ")
                        ),
                        format!(
                            "decision `{}` no longer applies: records not found: {}",
                            d.action.as_str(),
                            m.join(", ")
                        ),
                    ));
                    continue;
                }
                if action == Action::Same {
                    same.push((found, d));
                } else {
                    for (i, a) in found.iter().enumerate() {
                        for b in found.iter().skip(i + 1) {
                            different.insert(((*a).min(*b), (*a).max(*b)));
                        }
                    }
                }
            }
            Action::Set => {
                if !d.field.is_empty() && !persons::SETTABLE.contains(&d.field.as_str()) {
                    out.problems.push(stale(
                        d,
                        format!(
                            "quyết định `set` cho trường không có: `{}`; các trường: {}",
                            d.field,
                            persons::SETTABLE.join(", ")
                        ),
                        format!(
                            "a `set` decision for an unknown field `{}`; the fields: {}",
                            d.field,
                            persons::SETTABLE.join(", ")
                        ),
                    ));
                    continue;
                }
                if !persons::settable_value(&d.field, &d.value) {
                    out.problems.push(stale(
                        d,
                        format!(
                            "quyết định `set` ghi giá trị không đọc được cho `{}`: '{}'; chưa áp dụng",
                            d.field, d.value
                        ),
                        format!(
                            "a `set` decision gives `{}` a value that cannot be read: '{}'; not applied",
                            d.field, d.value
                        ),
                    ));
                    continue;
                }
                if let [pid] = d.subject.as_slice()
                    && found.is_empty()
                    && !d.field.is_empty()
                    && pid.starts_with("P-")
                {
                    out.person_sets.push(d.clone());
                    continue;
                }
                if d.field.is_empty() || found.is_empty() {
                    out.problems.push(stale(
                        d,
                        "quyết định `set` cần trường (field) và một hồ sơ có trong dữ liệu".into(),
                        "a `set` decision needs a field and a record present in the data".into(),
                    ));
                    continue;
                }
                if let Some(r) = found.first() {
                    out.sets.push((*r, d.field.clone(), d.value.clone()));
                }
            }
            Action::Unit => {
                // An old unit (`SOURCE:unit:CODE`) is checked by the org; a
                // record must be in the data.
                let gone: Vec<&str> = missing
                    .iter()
                    .map(|s| s.as_str())
                    .filter(|s| !names_unit(s))
                    .collect();
                if !gone.is_empty() {
                    out.problems.push(stale(
                        d,
                        format!(
                            "quyết định `unit` không còn áp dụng: không tìm thấy hồ sơ {}",
                            gone.join(", ")
                        ),
                        format!(
                            "decision `unit` no longer applies: records not found: {}",
                            gone.join(", ")
                        ),
                    ));
                }
                for s in &d.subject {
                    if !gone.contains(&s.as_str()) {
                        out.units.push((s.clone(), d.value.clone()));
                    }
                }
            }
            Action::Accept | Action::Dismiss => {}
        }
    }
    // `different` wins over a `same` it contradicts: merging wrongly is the worse error.
    for (group, d) in same {
        let clash = group.iter().enumerate().any(|(i, a)| {
            group
                .iter()
                .skip(i + 1)
                .any(|b| different.contains(&((*a).min(*b), (*a).max(*b))))
        });
        if clash {
            out.problems.push(stale(
                d,
                "quyết định `same` mâu thuẫn với một quyết định `different`; đã giữ `different`"
                    .into(),
                "this `same` decision contradicts a `different` decision; `different` was kept"
                    .into(),
            ));
        } else {
            out.constraints.same.push(group);
        }
    }
    out.constraints.different = different.into_iter().collect();
    out.problems.extend(contradictions(decisions));
    out
}

/// Two answers to one question — two values `set` for one record's field, two
/// new units for one record or old unit, `accept` and `dismiss` of one
/// conflict: each later one is reported.
fn contradictions(decisions: &[Decision]) -> Vec<Conflict> {
    let mut first: BTreeMap<(String, &str), (&Decision, &str)> = BTreeMap::new();
    let mut out = Vec::new();
    for d in decisions {
        let (question, answer) = match d.action {
            Action::Set => (format!("set {}", d.field), d.value.trim()),
            Action::Unit => ("unit".to_string(), d.value.trim()),
            Action::Accept | Action::Dismiss => ("conflict".to_string(), d.action.as_str()),
            Action::Same | Action::Different => continue,
        };
        let subjects: Vec<&str> = match (d.action, &d.conflict_id) {
            (Action::Accept | Action::Dismiss, Some(id)) => vec![id.as_str()],
            _ => d.subject.iter().map(String::as_str).collect(),
        };
        for s in subjects {
            match first.get(&(question.clone(), s)) {
                Some(&(earlier, a)) if a != answer => out.push(stale(
                    d,
                    format!(
                        "mâu thuẫn với quyết định ở {} ({a} / {answer}); hãy giữ một trong hai",
                        earlier.origin()
                    ),
                    format!(
                        "contradicts the decision at {} ({a} / {answer}); keep one of them",
                        earlier.origin()
                    ),
                )),
                Some(_) => {}
                None => {
                    first.insert((question.clone(), s), (d, answer));
                }
            }
        }
    }
    out
}

/// `set` decisions on a person_id (SPEC §7) turned into sets on one of that
/// person's records; one naming a person this run does not have is reported.
pub(crate) fn person_sets(
    decisions: &[Decision],
    clusters: &[Vec<u32>],
    records: &[Record],
    sets: &mut Vec<(u32, String, String)>,
) -> Vec<Conflict> {
    if decisions.is_empty() {
        return Vec::new();
    }
    let wanted: BTreeSet<&str> = decisions
        .iter()
        .filter_map(|d| d.subject.first().map(String::as_str))
        .collect();
    let mut first_record: BTreeMap<String, u32> = BTreeMap::new();
    for c in clusters {
        let refs: Vec<&Ref> = c
            .iter()
            .filter_map(|&r| records.get(r as usize).map(|r| &r.reference))
            .collect();
        let id = crate::merge::person_id::of_refs(&refs);
        if wanted.contains(id.as_str())
            && let Some(&r) = c.first()
        {
            first_record.insert(id, r);
        }
    }
    let mut problems = Vec::new();
    for d in decisions {
        let pid = d.subject.first().map_or("", String::as_str);
        match first_record.get(pid) {
            Some(&r) => sets.push((r, d.field.clone(), d.value.clone())),
            None => problems.push(stale(
                d,
                format!(
                    "quyết định `set` không còn áp dụng: không có người {pid} trong lần chạy này"
                ),
                format!("decision `set` no longer applies: this run has no person {pid}"),
            )),
        }
    }
    problems
}

/// `set` decisions keyed by cluster index.
pub(crate) fn set_decisions(
    sets: &[(u32, String, String)],
    person_of: &[u32],
) -> BTreeMap<(usize, String), String> {
    sets.iter()
        .filter_map(|(r, f, v)| {
            person_of
                .get(*r as usize)
                .map(|p| ((*p as usize, f.clone()), v.clone()))
        })
        .collect()
}
