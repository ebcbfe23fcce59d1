//! Fills the review report's [`ReportData`] from a finished [`Run`]: the summary, the
//! conflicts with their records side by side and, for pairs the model scored, the
//! per-field evidence taken from the scored pairs (no re-scoring).

use super::emit::Counts;
use super::html::{
    ConflictView, Counts as ReportCounts, EvidenceRow, FileSummary, MergeKinds, RecordView,
    ReportData, SourceSummary,
};
use super::write::Style;
use crate::matching::ScoredPair;
use crate::pipeline::Run;
use crate::record::{Field, RefIndex, Roster};
use rayon::prelude::*;

/// Fields shown for each record of a conflict, in this order.
const SHOWN: [Field; 10] = [
    Field::FullName,
    Field::BirthDate,
    Field::Gender,
    Field::NationalId,
    Field::Phone,
    Field::Hometown,
    Field::Unit,
    Field::Position,
    Field::Cell,
    Field::PartyCard,
];

/// The report's data. Each conflict's records and evidence are left out: the page
/// takes them from [`details`] as it is written.
pub fn report_data(run: &Run, counts: &Counts, style: Style, subjects: &Subjects) -> ReportData {
    let key = |s: usize| {
        run.project
            .sources
            .get(s)
            .map_or(String::new(), |s| s.key.clone())
    };
    let views = || {
        run.conflicts
            .par_iter()
            .enumerate()
            .map(|(i, c)| {
                let mut v = ConflictView::new(c, style.lang);
                if let Some(p) = scored_pair(run, subjects.of(i)) {
                    v.prior_weight = Some(run.linkage.stats.prior);
                    v.probability = Some(p.probability);
                }
                v
            })
            .collect()
    };
    // The org chart and the merge counts are serial passes: beside the views.
    let chart = || run.org.to_svg(&run.placement, style.lang);
    let (conflicts, (merges_by_kind, org_svg)) =
        rayon::join(views, || rayon::join(|| merge_kinds(run), chart));
    ReportData {
        lang: style.lang,
        mask_ids: style.mask_ids,
        project_name: run.project.name.clone(),
        generated_by: format!("sapnhap {}", env!("CARGO_PKG_VERSION")),
        sources: run
            .project
            .sources
            .iter()
            .map(|s| SourceSummary {
                key: s.key.clone(),
                name: s.name.clone(),
            })
            .collect(),
        files: run
            .inputs
            .files
            .iter()
            .map(|f| FileSummary {
                source: f.source.map_or_else(|| "plan".to_string(), key),
                role: f.role.as_str().to_string(),
                path: crate::cmd::check::shown(&run.project, &f.path),
                format: f.format.describe(),
                rows: f.rows,
                rejected: f.rejected,
            })
            .collect(),
        counts: ReportCounts {
            read: counts.read as u64,
            kept: counts.kept as u64,
            merged: counts.merged as u64,
            rejected: counts.rejected as u64,
            persons: counts.persons as u64,
            staff_rows: run.persons.iter().filter(|p| p.staff.is_some()).count() as u64,
            party_rows: run.persons.iter().filter(|p| p.party.is_some()).count() as u64,
        },
        merges_by_kind,
        conflicts,
        probabilities: run.linkage.pairs.iter().map(|p| p.probability).collect(),
        accept: run.project.matching.accept,
        review: run.project.matching.review,
        org_svg,
    }
}

/// The records each conflict is about, by idx: its subjects resolved once, for
/// both the summary and the details (subjects that are not records, such as
/// persons and units, are left out).
pub struct Subjects(Vec<Vec<u32>>);

impl Subjects {
    pub fn new(run: &Run, by_ref: &RefIndex) -> Subjects {
        Subjects(
            run.conflicts
                .par_iter()
                .map(|c| c.subject.iter().filter_map(|s| by_ref.get(s)).collect())
                .collect(),
        )
    }

    fn of(&self, conflict: usize) -> &[u32] {
        self.0.get(conflict).map_or(&[], Vec::as_slice)
    }

    /// The records the conflicts show, sorted, each once: a record in several
    /// conflicts is written into the report once.
    pub fn shown(&self, run: &Run) -> Vec<u32> {
        let mut all: Vec<u32> = self.0.iter().flat_map(|ids| shown_of(run, ids)).collect();
        all.par_sort_unstable();
        all.dedup();
        all
    }
}

/// The pair a conflict on two records is about, if the model scored it.
fn scored_pair<'r>(run: &'r Run, records: &[u32]) -> Option<&'r ScoredPair> {
    let &[a, b] = records else {
        return None;
    };
    let key = (a.min(b), a.max(b));
    let pairs = &run.linkage.pairs;
    let i = pairs.binary_search_by(|p| (p.a, p.b).cmp(&key)).ok()?;
    pairs.get(i)
}

/// A conflict shows at most this many records side by side.
const MAX_SHOWN: usize = 12;

/// The records (up to twelve) of the `i`-th conflict side by side, as positions
/// in `shown` ([`Subjects::shown`]) and, for a scored pair, the per-field
/// evidence taken from the pair (no re-scoring).
pub fn details<'r>(
    run: &'r Run,
    subjects: &Subjects,
    shown: &[u32],
    i: usize,
) -> (Vec<u32>, Vec<EvidenceRow<'r>>) {
    let ids = subjects.of(i);
    let records = shown_of(run, ids)
        .filter_map(|id| u32::try_from(shown.binary_search(&id).ok()?).ok())
        .collect();
    let value = |i: u32, field| {
        run.records
            .get(i as usize)
            .map(|r| match field {
                // A workplace is shown as the units written in the rosters.
                "workplace" => run
                    .org
                    .unit_label(r.source, crate::pipeline::unit_text(r, &run.inputs)),
                _ => crate::matching::field_value(r, field),
            })
            .unwrap_or_default()
    };
    let evidence = scored_pair(run, ids).map_or_else(Vec::new, |p| {
        p.evidence
            .iter()
            .map(|e| EvidenceRow {
                field: e.field().into(),
                left: value(p.a, e.field()).into(),
                right: value(p.b, e.field()).into(),
                level: e.level.into(),
                weight: e.weight,
            })
            .collect()
    });
    (records, evidence)
}

/// The records a conflict about `ids` shows: the first twelve the run holds.
fn shown_of<'a>(run: &'a Run, ids: &'a [u32]) -> impl Iterator<Item = u32> + 'a {
    let held = |&i: &u32| {
        let i = i as usize;
        i < run.records.len() && i < run.inputs.records.len()
    };
    ids.iter().copied().filter(held).take(MAX_SHOWN)
}

/// The `x`-th of the records the conflicts show.
pub fn shown_record<'r>(run: &'r Run, shown: &[u32], x: usize) -> RecordView<'r> {
    shown
        .get(x)
        .and_then(|&idx| record_view(run, idx))
        .unwrap_or_default()
}

/// One record's raw values, as typed in its file.
fn record_view(run: &Run, idx: u32) -> Option<RecordView<'_>> {
    let rec = run.records.get(idx as usize)?;
    let raw = run.inputs.records.get(idx as usize)?;
    let fields = SHOWN
        .iter()
        .filter_map(|f| raw.get(*f).map(|v| (f.name().into(), v.into())))
        .collect();
    Some(RecordView {
        reference: rec.reference.text().into(),
        fields,
    })
}

/// Merges by kind: records folded within one roster of one source, persons linked
/// staff ↔ party, persons found in more than one source.
fn merge_kinds(run: &Run) -> MergeKinds {
    let mut k = MergeKinds::default();
    // A person of one record merged nothing.
    for p in run.persons.iter().filter(|p| p.records.len() > 1) {
        // A handful of records: a sorted list, not a set per person.
        let mut groups: Vec<(usize, Roster)> = p
            .records
            .iter()
            .filter_map(|&i| run.records.get(i as usize))
            .map(|r| (r.source, r.roster))
            .collect();
        let n = groups.len();
        groups.sort_unstable();
        groups.dedup();
        k.within_roster += (n - groups.len()) as u64;
        if let Some(&(source, roster)) = groups.first() {
            k.staff_party += u64::from(groups.iter().any(|g| g.1 != roster));
            k.across_sources += u64::from(groups.iter().any(|g| g.0 != source));
        }
    }
    k
}
