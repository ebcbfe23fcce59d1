//! The whole merge, stage by stage: read → normalise → decisions → match → organise →
//! merge → conflicts. Returns a [`Run`] that `output` writes; nothing here touches the
//! output folder, so a failure leaves previous outputs alone.

use crate::conflict::{self, Conflict, ConflictKind, Severity};
use crate::error::InputError;
use crate::i18n::Lang;
use crate::matching::{self, Linkage};
use crate::merge::decisions::{self, Action, Decision};
use crate::merge::persons::{self, Person, Placed};
use crate::merge::resolve::{
    names_unit, person_sets, resolve_decisions, set_decisions, unconfirmed_pairs,
    unit_decisions_on_units, unknown_conflicts,
};
use crate::normalize::record::{BadValue, FileContext, file_context, normalize};
use crate::org::{self, Org, PlacementRecord};
use crate::progress::Progress;
use crate::project::{Project, Role};
use crate::read::headers::Column;
use crate::read::records::{Inputs, read_project};
use crate::record::{Field, Record, Ref, RefIndex, Roster};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::PathBuf;
use std::time::Instant;

/// Everything a merge produced, ready to be written.
pub struct Run {
    pub project: Project,
    pub inputs: Inputs,
    pub records: Vec<Record>,
    pub linkage: Linkage,
    pub org: Org,
    pub placement: org::Placement,
    pub persons: Vec<Person>,
    /// Record idx → index into `persons`.
    pub person_of: Vec<u32>,
    pub conflicts: Vec<Conflict>,
    /// Kept-column headers per roster (staff, party).
    pub kept_headers: (Vec<String>, Vec<String>),
    /// Per input file: positions of its kept columns in its roster's kept headers.
    pub kept_slots: Vec<Vec<usize>>,
    pub decisions: Vec<Decision>,
    /// The decisions files read (the project's, then `--decisions`), each
    /// with the SHA-256 of its bytes.
    pub decision_files: Vec<(PathBuf, String)>,
    /// (stage, seconds)
    pub timings: Vec<(&'static str, f64)>,
    /// (stage, peak resident memory in MiB so far), where the system tells it.
    pub memory: Vec<(&'static str, u64)>,
}

impl Run {
    /// What the roster writers read besides the persons.
    pub fn row_text(&self) -> persons::RowText<'_> {
        persons::RowText {
            records: &self.records,
            raw: &self.inputs.records,
            kept_slots: &self.kept_slots,
            kept_len: (self.kept_headers.0.len(), self.kept_headers.1.len()),
        }
    }
}

/// Options of one merge.
pub struct Options {
    pub decisions: Vec<PathBuf>,
    pub lang: Lang,
}

struct Clock<'p> {
    start: Instant,
    laps: Vec<(&'static str, f64)>,
    memory: Vec<(&'static str, u64)>,
    progress: &'p Progress,
}

impl Clock<'_> {
    fn lap(&mut self, stage: &'static str) {
        self.progress.done(stage);
        let now = Instant::now();
        self.laps.push((stage, (now - self.start).as_secs_f64()));
        self.start = now;
        if let Some(mib) = peak_memory_mib() {
            self.memory.push((stage, mib));
        }
    }
}

/// The process's peak resident memory so far (Linux `VmHWM`), for `run.json`:
/// which stage made the peak is what a memory diet needs to know.
pub fn peak_memory_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}

pub fn run(project: Project, opts: &Options) -> Result<Run, InputError> {
    run_with(project, opts, &Progress::hidden())
}

/// [`run`], advancing `progress` as each stage ends.
pub fn run_with(project: Project, opts: &Options, progress: &Progress) -> Result<Run, InputError> {
    let lang = opts.lang;
    let mut clock = Clock {
        start: Instant::now(),
        laps: Vec::new(),
        memory: Vec::new(),
        progress,
    };
    let (inputs, ()) = rayon::join(|| read_project(&project, lang), crate::normalize::warm);
    let inputs = inputs?;
    clock.lap("read");

    let mut paths = project.decisions.clone();
    paths.extend(opts.decisions.iter().cloned());
    let (decisions, decision_files) = decisions::read(&paths, lang)?;
    // The sources' unit trees need the unit files and the decisions on units,
    // not the records: built beside their normalising (alone, the build kept a
    // core idle). Matching then reads each record's workplace in them.
    let ((records, bad), mut org) = rayon::join(
        || normalize_all(&project, &inputs),
        || {
            let sources = source_infos(&project);
            let units = unit_rows(&project, &inputs);
            let plan = plan_rows(&project, &inputs);
            org::build(
                &sources,
                project.target,
                &units,
                project.plan.as_ref().map(|_| plan.as_slice()),
                &unit_decisions_on_units(&decisions),
                &project.org,
            )
        },
    );
    let mut conflicts = inputs.conflicts.clone();
    conflicts.extend(bad);
    clock.lap("normalize");

    let mut resolved = resolve_decisions(&decisions, &ref_index(&decisions, &records));
    conflicts.append(&mut resolved.problems);
    // The decisions on records, whose records are in the data, for placement.
    org.keep_record_units(resolved.units.iter().filter(|(s, _)| !names_unit(s)));
    clock.lap("decisions");

    // Matching and placing records into the new tree are independent and run
    // side by side (matching's serial parts leave a core free). The timings:
    // `match` covers all of it, `organise` the rest.
    let mut records = records;
    set_workplaces(&org, &inputs, &mut records);
    let by_ref = ref_index(&decisions, &records);
    let (linkage, (mut placement_input, mut placement)) = rayon::join(
        || matching::link(&records, &project.matching, &resolved.constraints),
        || {
            let input = placement_records(&records, &inputs);
            let placement = org.place_units(&input);
            (input, placement)
        },
    );
    conflicts.extend(linkage.conflicts.iter().cloned());
    clock.lap("match");

    let mut person_of = vec![0u32; records.len()];
    for (ci, c) in linkage.clusters.iter().enumerate() {
        for &r in c {
            if let Some(slot) = person_of.get_mut(r as usize) {
                *slot = ci as u32;
            }
        }
    }
    conflicts.extend(org.conflicts.iter().cloned());
    for (p, r) in placement_input.iter_mut().zip(&records) {
        p.person = person_of.get(r.idx as usize).copied().unwrap_or(0);
    }
    // Survivorship needs each record's unit, which placement already has; the
    // per-person checks of placement and survivorship then run side by side. The
    // timings: `organise` is the units placed, `merge` both.
    let placed: Vec<Option<Placed>> = (0..records.len())
        .map(|i| {
            placement
                .unit(i)
                .and_then(|id| org.new_unit(id))
                .map(|u| Placed {
                    code: &u.code,
                    name: &u.name,
                })
        })
        .collect();
    clock.lap("organise");

    let (kept_headers, kept_slots) = kept_layout(&inputs);
    let mut record_sets = std::mem::take(&mut resolved.sets);
    conflicts.extend(person_sets(
        &resolved.person_sets,
        &linkage.clusters,
        &records,
        &mut record_sets,
    ));
    let sets = set_decisions(&record_sets, &person_of);
    let ((), (persons, disagreements)) = rayon::join(
        || org.place_people(&placement_input, &mut placement),
        || {
            persons::build(
                &linkage.clusters,
                &persons::Inputs {
                    records: &records,
                    raw: &inputs.records,
                    target: project.target,
                    placed: &placed,
                    sets: &sets,
                },
            )
        },
    );
    drop(placement_input);
    conflicts.extend(placement.conflicts.iter().cloned());
    drop(placed);
    conflicts.extend(disagreements);
    clock.lap("merge");

    // A conflict someone already answered does not come back.
    let decided: BTreeSet<&str> = decisions
        .iter()
        .filter_map(|d| d.conflict_id.as_deref())
        .chain(
            decisions
                .iter()
                .filter(|d| matches!(d.action, Action::Accept | Action::Dismiss))
                .flat_map(|d| d.subject.iter().map(String::as_str)),
        )
        .collect();
    let set_fields: BTreeSet<(u32, &str)> = resolved
        .sets
        .iter()
        .filter_map(|(r, f, _)| person_of.get(*r as usize).map(|p| (*p, f.as_str())))
        .collect();
    // Ids once, in parallel (a SHA-256 each; a province has tens of thousands).
    let mut ids: Vec<String> = conflicts.par_iter().map(Conflict::id).collect();
    let unknown = if decisions.is_empty() {
        Vec::new()
    } else {
        let raised: HashSet<&str> = ids.iter().map(String::as_str).collect();
        let mut v = unknown_conflicts(&decisions, &raised);
        v.extend(unconfirmed_pairs(&decisions, &conflicts, &ids));
        v
    };
    ids.extend(unknown.iter().map(Conflict::id));
    conflicts.extend(unknown);
    let mut seen: HashSet<&str> = HashSet::with_capacity(ids.len());
    let mut keep = ids.iter().map(|id| {
        // Conflicts with the same id are one conflict (the first wins).
        seen.insert(id.as_str()) && !decided.contains(id.as_str())
    });
    conflicts.retain(|c| {
        if !keep.next().unwrap_or(false) {
            return false;
        }
        // A `set` answers every disagreement on that person's field.
        !(c.kind == ConflictKind::FieldDisagreement
            && !set_fields.is_empty()
            && c.subject.iter().any(|s| {
                by_ref
                    .get(s)
                    .and_then(|r| person_of.get(r as usize))
                    .is_some_and(|p| set_fields.contains(&(*p, c.field.as_str())))
            }))
    });
    conflict::sort(&mut conflicts);
    clock.lap("conflicts");

    Ok(Run {
        project,
        inputs,
        records,
        linkage,
        org,
        placement,
        persons,
        person_of,
        conflicts,
        kept_headers,
        kept_slots,
        decisions,
        decision_files,
        timings: clock.laps,
        memory: clock.memory,
    })
}

/// What placement needs of each record (its person is filled in after matching).
fn placement_records<'a>(records: &'a [Record], inputs: &'a Inputs) -> Vec<PlacementRecord<'a>> {
    records
        .iter()
        .map(|r| {
            let raw = inputs.records.get(r.idx as usize);
            let post = match r.roster {
                Roster::Staff => Field::Position,
                Roster::Party => Field::PartyRole,
            };
            PlacementRecord {
                person: 0,
                reference: &r.reference,
                source: r.source,
                roster: r.roster,
                unit_text: unit_text(r, inputs),
                post: raw.and_then(|x| x.get(post)).unwrap_or(""),
            }
        })
        .collect()
}

/// Records by reference, where decisions name some (a province has millions).
fn ref_index<'r>(decisions: &[Decision], records: &'r [Record]) -> RefIndex<'r> {
    if decisions.is_empty() {
        RefIndex::default()
    } else {
        RefIndex::new(records)
    }
}

/// Each record's workplace in its source's trees (see `org::workplace`), which
/// matching compares. The trees are the sources' own: neither the plan nor
/// decisions change them.
pub fn set_workplaces(org: &Org, inputs: &Inputs, records: &mut [Record]) {
    let units: Vec<(usize, &str)> = records
        .iter()
        .map(|r| (r.source, unit_text(r, inputs)))
        .collect();
    let workplaces = org.workplaces(&units);
    for (r, w) in records.iter_mut().zip(workplaces) {
        r.workplace = w;
    }
}

/// The sources' unit trees alone, for what needs only them (`explain`).
pub fn source_trees(project: &Project, inputs: &Inputs) -> Org {
    let units = unit_rows(project, inputs);
    let sources = source_infos(project);
    org::build(&sources, project.target, &units, None, &[], &project.org)
}

fn source_infos(project: &Project) -> Vec<org::SourceInfo> {
    project
        .sources
        .iter()
        .map(|s| org::SourceInfo {
            key: s.key.clone(),
            name: s.name.clone(),
        })
        .collect()
}

/// A record's unit as written: staff, the unit; party, the cell.
pub fn unit_text<'a>(r: &Record, inputs: &'a Inputs) -> &'a str {
    let field = match r.roster {
        Roster::Staff => Field::Unit,
        Roster::Party => Field::Cell,
    };
    let raw = inputs.records.get(r.idx as usize);
    raw.and_then(|x| x.get(field)).unwrap_or("")
}

/// Normalise every raw record (in parallel); invalid values become conflicts.
pub fn normalize_all(project: &Project, inputs: &Inputs) -> (Vec<Record>, Vec<Conflict>) {
    let mut by_file: BTreeMap<usize, Vec<&crate::record::RawRecord>> = BTreeMap::new();
    for r in &inputs.records {
        by_file.entry(r.origin.file).or_default().push(r);
    }
    let contexts: BTreeMap<usize, FileContext> = by_file
        .iter()
        .map(|(f, rs)| (*f, file_context(rs)))
        .collect();
    let key = |s: usize| {
        project
            .sources
            .get(s)
            .map_or(smol_str::SmolStr::default(), |s| s.key.as_str().into())
    };
    // Unzipped as they are made: a `Vec` of pairs moved into a second `Vec` would
    // hold every record twice at the peak (a gigabyte at two million records).
    let (records, bad): (Vec<Record>, Vec<Vec<BadValue>>) = inputs
        .records
        .par_iter()
        .enumerate()
        // Small pieces: no one thread left with a long last piece.
        .with_max_len(1024)
        .map(|(i, raw)| {
            let reference = Ref {
                source: key(raw.origin.source),
                roster: raw.origin.roster,
                record_id: smol_str::SmolStr::new(&raw.record_id),
            };
            let ctx = contexts.get(&raw.origin.file).copied().unwrap_or_default();
            normalize(raw, i as u32, reference, ctx)
        })
        .unzip();
    let mut conflicts = Vec::new();
    for (rec, bad) in records.iter().zip(bad) {
        for b in bad {
            conflicts.push(
                Conflict::new(
                    ConflictKind::InvalidValue,
                    Severity::Warning,
                    vec![rec.reference.to_string()],
                )
                .field(b.field.name())
                .values(vec![b.raw.clone()])
                .detail(b.invalid.message.vi.clone(), b.invalid.message.en.clone())
                .suggestion(
                    "sửa trong tệp nguồn, hoặc ghi `set` với giá trị đúng",
                    "fix it in the source file, or answer `set` with the right value",
                ),
            );
        }
    }
    (records, conflicts)
}

/// Kept-column headers of the staff and the party roster.
type KeptHeaders = (Vec<String>, Vec<String>);

/// Kept headers per roster (first appearance order) and each input file's slots.
fn kept_layout(inputs: &Inputs) -> (KeptHeaders, Vec<Vec<usize>>) {
    let (staff, staff_slots) = kept_columns(inputs, |r| r == Role::Staff);
    let (party, party_slots) = kept_columns(inputs, |r| r == Role::Party);
    // A file is of one role: its slots are in one list, the other's is empty.
    let slots = staff_slots
        .into_iter()
        .zip(party_slots)
        .map(|(s, p)| if s.is_empty() { p } else { s })
        .collect();
    ((staff, party), slots)
}

/// The unmapped columns of the files of the roles `wanted` picks, as one list
/// of headers (first appearance first, one column per header text), and each
/// input file's positions in it (empty for a file of another role).
pub fn kept_columns(
    inputs: &Inputs,
    wanted: impl Fn(Role) -> bool,
) -> (Vec<String>, Vec<Vec<usize>>) {
    let mut headers: Vec<String> = Vec::new();
    let slots = inputs
        .files
        .iter()
        .map(|f| {
            if !wanted(f.role) {
                return Vec::new();
            }
            f.kept_headers()
                .into_iter()
                .map(|h| match headers.iter().position(|x| *x == h) {
                    Some(i) => i,
                    None => {
                        headers.push(h);
                        headers.len() - 1
                    }
                })
                .collect()
        })
        .collect();
    (headers, slots)
}

fn unit_rows(project: &Project, inputs: &Inputs) -> Vec<org::UnitRow> {
    inputs
        .units
        .iter()
        .map(|r| org::UnitRow {
            source: r.source.unwrap_or(0),
            code: r.get(Column::UnitCode).to_string(),
            name: r.get(Column::UnitName).to_string(),
            parent: r.get(Column::UnitParent).to_string(),
            kind: r.get(Column::UnitKind).to_string(),
            file: inputs.files.get(r.file).map_or(String::new(), |f| {
                crate::cmd::check::shown(project, &f.path)
            }),
            line: r.line,
        })
        .collect()
}

fn plan_rows(_project: &Project, inputs: &Inputs) -> Vec<org::PlanRow> {
    inputs
        .plan
        .iter()
        .map(|r| org::PlanRow {
            source: r.get(Column::PlanSource).to_string(),
            unit: r.get(Column::PlanUnit).to_string(),
            new_unit: r.get(Column::PlanNewUnit).to_string(),
            new_name: r.get(Column::PlanNewName).to_string(),
            new_parent: r.get(Column::PlanNewParent).to_string(),
            new_kind: r.get(Column::PlanNewKind).to_string(),
            line: r.line,
        })
        .collect()
}
