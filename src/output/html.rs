//! `report.html`: the one self-contained page a reviewer opens (from a USB stick, with no
//! network) to see what the run did and what still needs a human — the summary counts,
//! the match-probability histogram, the conflict list with each conflict's records side by
//! side and its per-field evidence, and the merged org chart.
//!
//! The report takes [`ReportData`], plain data the merge command fills from the run, so
//! this module depends on no pipeline stage. Rendering is askama (auto-escaping), and the
//! conflict list travels as one JSON blob that the page's script pages through, so a run
//! with 10,000 conflicts still opens in a browser in well under two seconds. The only
//! unescaped content is [`ReportData::org_svg`], which our own org renderer produces.
//!
//! The URL hash presets the list's filters, so a link can be shared and a browser test
//! can drive the page: `report.html#kind=possible_duplicate&severity=error&source=HD&q=hùng&page=2`.
//!
//! With [`ReportData::mask_ids`] every 9- or 12-digit number in the values, details,
//! suggestions and record fields is masked here in Rust, so the file never holds the full
//! national ID (the same columns `conflicts.csv` masks).

mod blob;
mod labels;
mod view;

pub use labels::levels;

use crate::conflict::{Conflict, ConflictKind, Severity};
use crate::i18n::Lang;
use std::borrow::Cow;
use std::io;

/// Everything the report shows. Counts are the run's own; the report adds nothing up
/// except the conflict table by kind and severity and the histogram bins.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportData {
    /// Language of every label (Vietnamese by default).
    pub lang: Lang,
    /// `--mask-ids`: show only the last 4 digits of 9- and 12-digit numbers.
    pub mask_ids: bool,
    /// `name` from `merge.toml`, the page title.
    pub project_name: String,
    /// Tool and version, e.g. `sapnhap 0.1.0`. No timestamp: outputs are deterministic.
    pub generated_by: String,
    /// The sources (`[[sources]]`), in project order.
    pub sources: Vec<SourceSummary>,
    /// Every input file read, in project order.
    pub files: Vec<FileSummary>,
    /// Records and persons, as in `run.json`.
    pub counts: Counts,
    /// How many records were merged into another one, by where the pair came from.
    pub merges_by_kind: MergeKinds,
    /// The conflict list, most important first (the caller sorts it, see
    /// [`crate::conflict::sort`]).
    pub conflicts: Vec<ConflictView>,
    /// The match probability of every scored candidate pair, for the histogram.
    pub probabilities: Vec<f64>,
    /// Pairs at or above this probability are merged.
    pub accept: f64,
    /// Pairs at or above this probability (and below `accept`) are `possible_duplicate`.
    pub review: f64,
    /// The merged org chart as an inline `<svg>` element, with counts per unit. Trusted:
    /// produced by our own renderer, which escapes its text. Empty: no chart section.
    pub org_svg: String,
}

/// One source (`[[sources]]` in `merge.toml`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceSummary {
    /// Short code used in references, e.g. `HD`.
    pub key: String,
    /// Full name, e.g. `Văn phòng UBND tỉnh Hải Dương`.
    pub name: String,
}

/// One input file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileSummary {
    /// The source key it belongs to.
    pub source: String,
    /// `staff`, `party` or `units` (shown translated).
    pub role: String,
    /// Path as written in `merge.toml` (relative, so no machine path leaks).
    pub path: String,
    /// How it was read, e.g. `CSV tcvn3 ';'` or `XLSX sheet DS`.
    pub format: String,
    /// Data rows read.
    pub rows: u64,
    /// Rows rejected (unreadable, no name…).
    pub rejected: u64,
}

/// Record and person counts; `read = kept + merged + rejected` should hold.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub read: u64,
    pub kept: u64,
    pub merged: u64,
    pub rejected: u64,
    /// Persons after the merge.
    pub persons: u64,
    /// Rows of `staff.csv`.
    pub staff_rows: u64,
    /// Rows of `party_members.csv`.
    pub party_rows: u64,
}

/// Merged records by where the pair came from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MergeKinds {
    /// Both records in the same roster of the same source (entered twice).
    pub within_roster: u64,
    /// A staff record with a party record of the same source.
    pub staff_party: u64,
    /// Records of different sources (transferred or seconded staff).
    pub across_sources: u64,
}

/// One conflict as the reviewer sees it. Build it with [`ConflictView::new`] and add
/// the records and evidence the run knows.
#[derive(Debug, Clone, PartialEq)]
pub struct ConflictView {
    /// `conflict_id`, as in `conflicts.csv` ([`Conflict::id`]).
    pub id: String,
    pub kind: ConflictKind,
    pub severity: Severity,
    /// REFs, a person_id or unit refs (never masked: decisions refer to them).
    pub subject: Vec<String>,
    /// English field name (`national_id`) or empty; shown translated.
    pub field: String,
    /// The competing or offending values.
    pub values: Vec<String>,
    /// Explanation in the run's language.
    pub detail: String,
    /// What the tool suggests, in the run's language.
    pub suggestion: String,
    /// Source keys involved (`HD`, `HP`), for the source filter.
    pub sources: Vec<String>,
    /// The records involved, shown side by side. A merge leaves this empty and
    /// gives them through [`write_with`]'s `details` instead.
    pub records: Vec<RecordView<'static>>,
    /// For a pair: per-field evidence, in the order the model added it up (also
    /// given through `details` by a merge).
    pub evidence: Vec<EvidenceRow<'static>>,
    /// For a pair: the match weight the evidence starts from (log2 prior odds).
    pub prior_weight: Option<f64>,
    /// For a pair: the match probability.
    pub probability: Option<f64>,
}

/// One record of a conflict. Borrowed from the run where it can be (a province's
/// report shows hundreds of thousands of values).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordView<'a> {
    /// `SOURCE:ROSTER:RECORD_ID`.
    pub reference: Cow<'a, str>,
    /// (English field name or kept column header, value as written in the outputs).
    /// Known field names are shown translated; rows are aligned across records by name.
    pub fields: Vec<(Cow<'a, str>, Cow<'a, str>)>,
}

/// One field's contribution to a pair's match weight.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EvidenceRow<'a> {
    /// English field name.
    pub field: Cow<'a, str>,
    pub left: Cow<'a, str>,
    pub right: Cow<'a, str>,
    /// Comparison level, e.g. `exact`, `fuzzy`, `missing`.
    pub level: Cow<'a, str>,
    /// Match weight added (log2 of m/u); negative is evidence against.
    pub weight: f64,
}

impl ConflictView {
    /// The conflict's own columns in `lang`, its sources read from the subject REFs
    /// (`HD:staff:NS-1` → `HD`), and no records or evidence yet.
    pub fn new(c: &Conflict, lang: Lang) -> ConflictView {
        let mut sources: Vec<String> = c
            .subject
            .iter()
            .filter(|s| s.matches(':').count() >= 2)
            .filter_map(|s| s.split(':').next())
            .map(str::to_string)
            .collect();
        sources.sort();
        sources.dedup();
        ConflictView {
            id: c.id(),
            kind: c.kind,
            severity: c.severity,
            subject: c.subject.clone(),
            field: c.field.clone(),
            values: c.values.clone(),
            detail: c.detail.get(lang).to_string(),
            suggestion: c.suggestion.get(lang).to_string(),
            sources,
            records: Vec::new(),
            evidence: Vec::new(),
            prior_weight: None,
            probability: None,
        }
    }
}

/// What a merge adds to the conflicts while the page is written (see
/// [`write_with`]): the records the conflicts show, each once however many
/// conflicts show it, and each conflict's records (positions among those) and
/// evidence.
pub struct Details<'a> {
    /// How many records the conflicts show.
    pub records: usize,
    /// The `i`-th of them.
    pub record: &'a (dyn Fn(usize) -> RecordView<'a> + Sync + 'a),
    /// The `i`-th conflict's records (positions in `record`) and evidence.
    pub conflict: &'a (dyn Fn(usize) -> (Vec<u32>, Vec<EvidenceRow<'a>>) + Sync + 'a),
}

/// The whole page. Fails only if writing into the string fails, which it does not; the
/// error type lets the caller use `?` with the other writers.
pub fn render(data: &ReportData) -> io::Result<String> {
    use askama::Template;
    view::page(data, None)?.render().map_err(io::Error::other)
}

/// [`render`] straight into a writer (a province's page is tens of megabytes, so it
/// is not built as one string first), with each conflict's records and evidence
/// from `details` (added to those in its [`ConflictView`]) as its turn comes: a
/// province has hundreds of thousands of conflicts, and their records side by side
/// are most of the page.
pub fn write_with<'a>(
    data: &'a ReportData,
    details: Option<&'a Details<'a>>,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    use askama::Template;
    view::page(data, details)?.write_into(out)
}
