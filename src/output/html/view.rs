//! [`ReportData`] → what the template prints: the summary, the kind × severity table
//! and the histogram geometry; the conflict list's JSON is `blob.rs`'s. Numbers are
//! formatted here so the template only places strings.

use super::labels::{self, Labels};
use super::{ConflictView, Details, ReportData};
use crate::conflict::{ConflictKind, Severity};
use crate::i18n::Lang;
use std::io;

/// The askama template: `templates/report.html`.
#[derive(askama::Template)]
#[template(path = "report.html")]
pub struct Page<'a> {
    pub l: &'static Labels,
    pub d: &'a ReportData,
    pub counts: Vec<Stat>,
    pub merges: Vec<Stat>,
    pub reconciles: bool,
    pub files: Vec<FileRow>,
    pub severities: Vec<(&'static str, &'static str)>,
    pub matrix: Vec<MatrixRow>,
    pub severity_totals: Vec<Cell>,
    pub conflicts_total: Stat,
    pub hist: Histogram,
    /// The conflict list and the script's words; `<`, `>`, `&` escaped as `\u003c`…
    pub blob: super::blob::BlobText<'a>,
}

/// A number with a stable `data-count` key for tests and scripts.
pub struct Stat {
    pub key: &'static str,
    pub label: &'static str,
    pub raw: u64,
    pub shown: String,
}

pub struct FileRow {
    pub source: String,
    pub source_name: String,
    pub role: String,
    pub path: String,
    pub format: String,
    pub rows: String,
    pub rejected: String,
    pub has_rejected: bool,
}

pub struct MatrixRow {
    pub kind: &'static str,
    pub label: &'static str,
    pub cells: Vec<Cell>,
    pub total: Cell,
}

pub struct Cell {
    /// `data-count` key, e.g. `conflicts-possible_duplicate-error`.
    pub key: String,
    /// URL hash that filters the list to this cell.
    pub hash: String,
    pub raw: usize,
    pub shown: String,
}

/// The probability histogram in SVG user units.
pub struct Histogram {
    pub width: u32,
    pub height: u32,
    pub bars: Vec<Bar>,
    pub x_ticks: Vec<Tick>,
    pub y_ticks: Vec<Tick>,
    pub accept: Tick,
    pub review: Tick,
    pub plot_left: String,
    pub plot_right: String,
    pub plot_top: String,
    pub plot_bottom: String,
    pub total: String,
}

pub struct Bar {
    pub x: String,
    pub y: String,
    pub w: String,
    pub h: String,
    /// `below`, `review` or `accept`: the zone the bin starts in, for its colour.
    pub zone: &'static str,
    pub tip: String,
}

pub struct Tick {
    pub pos: String,
    pub label: String,
}

pub(super) const SEVERITIES: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];
const BINS: usize = 20;

pub fn page<'a>(d: &'a ReportData, details: Option<&'a Details<'a>>) -> io::Result<Page<'a>> {
    let lang = d.lang;
    let l = labels::labels(lang);
    let c = &d.counts;
    let stat = |key, label, raw| Stat {
        key,
        label,
        raw,
        shown: number(raw, lang),
    };
    let counts = vec![
        stat("read", l.read, c.read),
        stat("kept", l.kept, c.kept),
        stat("merged", l.merged, c.merged),
        stat("rejected", l.rejected, c.rejected),
        stat("persons", l.persons, c.persons),
        stat("staff_rows", l.staff_rows, c.staff_rows),
        stat("party_rows", l.party_rows, c.party_rows),
    ];
    let m = &d.merges_by_kind;
    let merges = vec![
        stat("merge-within_roster", l.within_roster, m.within_roster),
        stat("merge-staff_party", l.staff_party, m.staff_party),
        stat("merge-across_sources", l.across_sources, m.across_sources),
    ];
    let files = d
        .files
        .iter()
        .map(|f| FileRow {
            source: f.source.clone(),
            source_name: d
                .sources
                .iter()
                .find(|s| s.key == f.source)
                .map_or(String::new(), |s| s.name.clone()),
            role: labels::role(&f.role, lang),
            path: f.path.clone(),
            format: f.format.clone(),
            rows: number(f.rows, lang),
            rejected: number(f.rejected, lang),
            has_rejected: f.rejected > 0,
        })
        .collect();
    let (matrix, severity_totals) = matrix(&d.conflicts, lang);
    Ok(Page {
        l,
        d,
        counts,
        merges,
        reconciles: c.read == c.kept + c.merged + c.rejected,
        files,
        severities: SEVERITIES
            .iter()
            .map(|s| (s.as_str(), labels::severity(*s, lang)))
            .collect(),
        matrix,
        severity_totals,
        conflicts_total: stat("conflicts", l.conflicts, d.conflicts.len() as u64),
        hist: histogram(&d.probabilities, d.accept, d.review, lang),
        blob: super::blob::blob(d, l, details)?,
    })
}

/// Thousands grouped as the reader expects: `10.000` in Vietnamese, `10,000` in English.
fn number(n: u64, lang: Lang) -> String {
    let sep = lang.pick(".", ",");
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(ch);
    }
    out
}

/// A threshold as the reader writes it: `0,90` in Vietnamese, `0.90` in English.
fn decimal(p: f64, lang: Lang) -> String {
    let s = format!("{p:.2}");
    match lang {
        Lang::Vi => s.replace('.', ","),
        Lang::En => s,
    }
}

fn matrix(list: &[ConflictView], lang: Lang) -> (Vec<MatrixRow>, Vec<Cell>) {
    let cell = |key: String, hash: String, raw: usize| Cell {
        key,
        hash,
        raw,
        shown: number(raw as u64, lang),
    };
    let count = |k: Option<ConflictKind>, s: Option<Severity>| {
        list.iter()
            .filter(|c| k.is_none_or(|k| c.kind == k) && s.is_none_or(|s| c.severity == s))
            .count()
    };
    let rows = ConflictKind::ALL
        .iter()
        .filter(|k| count(Some(**k), None) > 0)
        .map(|k| {
            let ks = k.as_str();
            MatrixRow {
                kind: ks,
                label: labels::kind(*k, lang),
                cells: SEVERITIES
                    .iter()
                    .map(|s| {
                        let ss = s.as_str();
                        cell(
                            format!("conflicts-{ks}-{ss}"),
                            format!("kind={ks}&severity={ss}"),
                            count(Some(*k), Some(*s)),
                        )
                    })
                    .collect(),
                total: cell(
                    format!("conflicts-{ks}"),
                    format!("kind={ks}"),
                    count(Some(*k), None),
                ),
            }
        })
        .collect();
    let totals = SEVERITIES
        .iter()
        .map(|s| {
            let ss = s.as_str();
            cell(
                format!("conflicts-{ss}"),
                format!("severity={ss}"),
                count(None, Some(*s)),
            )
        })
        .collect();
    (rows, totals)
}

fn histogram(probabilities: &[f64], accept: f64, review: f64, lang: Lang) -> Histogram {
    let (width, height) = (760u32, 260u32);
    let (left, right, top, bottom) = (56.0, 744.0, 28.0, 220.0);
    let mut bins = [0u64; BINS];
    for p in probabilities.iter().filter(|p| p.is_finite()) {
        let i = (p.clamp(0.0, 1.0) * BINS as f64).floor() as usize;
        if let Some(b) = bins.get_mut(i.min(BINS - 1)) {
            *b += 1;
        }
    }
    let max = bins.iter().copied().max().unwrap_or(0);
    // Log scale: a few hundred review pairs stay visible next to millions of non-matches.
    let scale = ((max as f64) + 1.0).log10().max(1.0);
    let y = |n: u64| bottom - ((n as f64) + 1.0).log10() / scale * (bottom - top);
    let x = |p: f64| left + p.clamp(0.0, 1.0) * (right - left);
    let bw = (right - left) / BINS as f64;
    let f1 = |v: f64| format!("{v:.1}");
    let pct = |p: f64| format!("{}%", (p * 100.0).round());
    let bars = bins
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let lo = i as f64 / BINS as f64;
            let hi = (i + 1) as f64 / BINS as f64;
            let zone = if lo >= accept {
                "accept"
            } else if lo >= review {
                "review"
            } else {
                "below"
            };
            Bar {
                x: f1(x(lo) + 1.0),
                y: f1(y(*n)),
                w: f1(bw - 2.0),
                h: f1(bottom - y(*n)),
                zone,
                tip: format!("{}–{}: {}", pct(lo), pct(hi), number(*n, lang)),
            }
        })
        .collect();
    let x_ticks = (0..=4)
        .map(|i| {
            let p = f64::from(i) / 4.0;
            Tick {
                pos: f1(x(p)),
                label: pct(p),
            }
        })
        .collect();
    let y_ticks = std::iter::successors(Some(1u64), |v| v.checked_mul(10))
        .take_while(|v| *v <= max.max(1))
        .map(|v| Tick {
            pos: f1(y(v)),
            label: number(v, lang),
        })
        .collect();
    let mark = |p: f64| Tick {
        pos: f1(x(p)),
        label: decimal(p, lang),
    };
    Histogram {
        width,
        height,
        bars,
        x_ticks,
        y_ticks,
        accept: mark(accept),
        review: mark(review),
        plot_left: f1(left),
        plot_right: f1(right),
        plot_top: f1(top),
        plot_bottom: f1(bottom),
        total: number(probabilities.len() as u64, lang),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_grouped_per_language() {
        assert_eq!(number(0, Lang::Vi), "0");
        assert_eq!(number(999, Lang::Vi), "999");
        assert_eq!(number(10000, Lang::Vi), "10.000");
        assert_eq!(number(1234567, Lang::En), "1,234,567");
    }
}
