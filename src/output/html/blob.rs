//! The JSON the page's script reads, safe inside `<script>`: labels and word
//! lists first, then every record any conflict shows (each once), then the
//! conflicts, which name their records by position. Known field names and
//! comparison levels travel as positions in the word lists. A province's
//! conflicts and records are serialised a chunk at a time while the page is
//! written, so they never sit in memory as JSON at once.

use super::labels::{self, Labels};
use super::{ConflictView, Details, EvidenceRow, RecordView, ReportData};
use crate::conflict::ConflictKind;
use crate::output::columns::mask_ids;
use foldhash::HashMap;
use rayon::prelude::*;
use serde::{Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;
use std::io;

/// What the page's script reads: short keys because 10,000 conflicts go through it.
#[derive(Serialize)]
struct Head<'a> {
    labels: &'a Labels,
    lang: &'static str,
    kinds: Vec<(&'static str, &'static str)>,
    severities: Vec<(&'static str, &'static str)>,
    fields: Vec<(&'static str, &'static str)>,
    levels: Vec<(&'static str, &'static str)>,
    sources: Vec<(&'a str, &'a str)>,
    /// Always `[]` here, like `conflicts`: written after the head a chunk at a
    /// time (see [`BlobText`]).
    records: [(); 0],
    conflicts: [(); 0],
}

/// A value shown as is, or masked.
type Text<'a> = Cow<'a, str>;

/// A field name or level: its position in the head's list when it has one.
enum Word<'a> {
    At(usize),
    Text(&'a str),
}

impl Serialize for Word<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Word::At(i) => s.serialize_u64(*i as u64),
            Word::Text(t) => s.serialize_str(t),
        }
    }
}

/// A record: `[reference, [[field, value], …]]`.
type JsRecord<'a> = (&'a str, Vec<(Word<'a>, Text<'a>)>);

#[derive(Serialize)]
struct JsConflict<'a> {
    id: &'a str,
    k: &'static str,
    s: &'static str,
    subj: &'a [String],
    f: &'a str,
    v: Vec<Text<'a>>,
    d: Text<'a>,
    sg: Text<'a>,
    src: &'a [String],
    /// Positions in the blob's `records`.
    rec: Vec<u32>,
    /// (field, left, right, level, weight)
    ev: Vec<(Word<'a>, Text<'a>, Text<'a>, Word<'a>, f64)>,
    pw: Option<f64>,
    p: Option<f64>,
}

/// The blob as the template prints it: the head made up front, the records and
/// conflicts serialised while the page is written.
pub struct BlobText<'a> {
    /// The head's JSON without its closing `[],"conflicts":[]}`.
    open: String,
    d: &'a ReportData,
    details: Option<&'a Details<'a>>,
    fields: HashMap<&'static str, usize>,
    levels: HashMap<&'static str, usize>,
    /// Where each conflict's own records ([`ConflictView::records`]) start in
    /// the blob's `records`: after those of `details`, conflict by conflict.
    own: Vec<usize>,
}

/// Conflicts (or records) serialised together, in parallel, before they are written.
const CHUNK: usize = 2048;

impl BlobText<'_> {
    fn word<'w>(list: &HashMap<&'static str, usize>, w: &'w str) -> Word<'w> {
        list.get(w).map_or(Word::Text(w), |&i| Word::At(i))
    }

    fn record_json(&self, r: &RecordView) -> serde_json::Result<String> {
        let fields = r.fields.iter();
        let js: JsRecord = (
            &r.reference,
            fields
                .map(|(k, v)| (Self::word(&self.fields, k), shown(self.d, v)))
                .collect(),
        );
        script_json(&js)
    }

    /// One conflict; `rec` and `evidence` are what `details` adds to its own.
    fn conflict_json(
        &self,
        i: usize,
        c: &ConflictView,
        (rec, evidence): (Vec<u32>, &[EvidenceRow]),
    ) -> serde_json::Result<String> {
        let d = self.d;
        let m = |s| shown(d, s);
        let round = |w: f64| (w * 1000.0).round() / 1000.0;
        let own = self.own.get(i).copied().unwrap_or(0);
        let js = JsConflict {
            id: &c.id,
            k: c.kind.as_str(),
            s: c.severity.as_str(),
            subj: &c.subject,
            f: &c.field,
            v: c.values.iter().map(|v| m(v)).collect(),
            d: m(&c.detail),
            sg: m(&c.suggestion),
            src: &c.sources,
            rec: (own..own + c.records.len())
                .map(|x| x as u32)
                .chain(rec)
                .collect(),
            ev: c
                .evidence
                .iter()
                .chain(evidence)
                .map(|e| {
                    let (a, b) = (m(&e.left), m(&e.right));
                    let field = Self::word(&self.fields, &e.field);
                    let level = Self::word(&self.levels, &e.level);
                    (field, a, b, level, round(e.weight))
                })
                .collect(),
            pw: c.prior_weight.map(round),
            p: c.probability,
        };
        script_json(&js)
    }
}

/// Writes `n` items made by `json` (in parallel, a chunk at a time) as a JSON array.
fn array(
    f: &mut fmt::Formatter<'_>,
    n: usize,
    json: impl Fn(usize) -> serde_json::Result<String> + Sync,
) -> fmt::Result {
    f.write_str("[")?;
    for start in (0..n).step_by(CHUNK) {
        let chunk: Vec<String> = (start..n.min(start + CHUNK))
            .into_par_iter()
            .map(&json)
            .collect::<Result<_, _>>()
            .map_err(|_| fmt::Error)?;
        for (i, j) in chunk.iter().enumerate() {
            if start + i > 0 {
                f.write_str(",")?;
            }
            f.write_str(j)?;
        }
    }
    f.write_str("]")
}

impl fmt::Display for BlobText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.d;
        let shared = self.details.map_or(0, |x| x.records);
        // Each conflict's own records, in conflict order, after the shared ones.
        let owned: Vec<(usize, usize)> = d
            .conflicts
            .iter()
            .enumerate()
            .flat_map(|(i, c)| (0..c.records.len()).map(move |r| (i, r)))
            .collect();
        f.write_str(&self.open)?;
        array(f, shared + owned.len(), |x| {
            if let Some(details) = self.details.filter(|_| x < shared) {
                return self.record_json(&(details.record)(x));
            }
            let r = owned
                .get(x - shared)
                .and_then(|&(c, r)| d.conflicts.get(c)?.records.get(r));
            self.record_json(r.unwrap_or(&RecordView::default()))
        })?;
        f.write_str(",\"conflicts\":")?;
        array(f, d.conflicts.len(), |i| {
            let c = &d.conflicts[i];
            match self.details {
                Some(details) => {
                    let (rec, ev) = (details.conflict)(i);
                    self.conflict_json(i, c, (rec, &ev))
                }
                None => self.conflict_json(i, c, (Vec::new(), &[])),
            }
        })?;
        f.write_str("}")
    }
}

/// A value shown as is, or masked. Borrowed unless masked: a province's report
/// carries tens of thousands of conflicts, and a copy of each value would double its
/// memory.
fn shown<'a>(d: &ReportData, s: &'a str) -> Text<'a> {
    if d.mask_ids {
        Cow::Owned(mask_ids(s))
    } else {
        Cow::Borrowed(s)
    }
}

pub fn blob<'a>(
    d: &'a ReportData,
    l: &'static Labels,
    details: Option<&'a Details<'a>>,
) -> io::Result<BlobText<'a>> {
    let lang = d.lang;
    let mut sources: Vec<(&str, &str)> = d
        .sources
        .iter()
        .map(|s| (s.key.as_str(), s.name.as_str()))
        .collect();
    for key in d.conflicts.iter().flat_map(|c| &c.sources) {
        if !sources.iter().any(|(k, _)| k == key) {
            sources.push((key.as_str(), ""));
        }
    }
    let head = Head {
        labels: l,
        lang: l.html_lang,
        kinds: ConflictKind::ALL
            .iter()
            .map(|k| (k.as_str(), labels::kind(*k, lang)))
            .collect(),
        severities: super::view::SEVERITIES
            .iter()
            .map(|s| (s.as_str(), labels::severity(*s, lang)))
            .collect(),
        fields: labels::fields(lang),
        levels: labels::levels(lang),
        sources,
        records: [],
        conflicts: [],
    };
    let positions = |list: &[(&'static str, &'static str)]| {
        list.iter().enumerate().map(|(i, (w, _))| (*w, i)).collect()
    };
    let (fields, levels) = (positions(&head.fields), positions(&head.levels));
    let json = script_json(&head).map_err(io::Error::other)?;
    // `records` and `conflicts` are the last fields: their empty arrays close the object.
    let open = json
        .strip_suffix("[],\"conflicts\":[]}")
        .ok_or_else(|| io::Error::other("report data: unexpected JSON layout"))?
        .to_string();
    let mut next = details.map_or(0, |x| x.records);
    let own = d
        .conflicts
        .iter()
        .map(|c| {
            let at = next;
            next += c.records.len();
            at
        })
        .collect();
    Ok(BlobText {
        open,
        d,
        details,
        fields,
        levels,
        own,
    })
}

/// JSON that cannot end its `<script>` element or open a comment: `<`, `>` and `&`
/// only occur inside JSON strings, where `\u003c` means the same character. They
/// are escaped as the strings are written (the report's JSON is tens of megabytes
/// at a province: no second pass over it).
fn script_json<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    let mut out = Vec::with_capacity(256);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, ScriptSafe);
    value.serialize(&mut ser)?;
    // serde_json writes UTF-8 only.
    String::from_utf8(out).map_err(serde::ser::Error::custom)
}

/// serde_json's compact layout, with `<`, `>` and `&` in strings escaped.
struct ScriptSafe;

impl serde_json::ser::Formatter for ScriptSafe {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut from = 0;
        for (i, b) in fragment.bytes().enumerate() {
            let escaped: &[u8] = match b {
                b'<' => b"\\u003c",
                b'>' => b"\\u003e",
                b'&' => b"\\u0026",
                _ => continue,
            };
            writer.write_all(fragment.as_bytes().get(from..i).unwrap_or_default())?;
            writer.write_all(escaped)?;
            from = i + 1;
        }
        writer.write_all(fragment.as_bytes().get(from..).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_the_element() {
        let value = serde_json::json!({"a": "</script><!-- & >"});
        let s = script_json(&value).unwrap();
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'));
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back["a"], "</script><!-- & >");
        // Text around and between the escapes, multi-byte included, is kept;
        // everything else is serde_json's compact form.
        let words = ["Nguyễn <b>Văn</b> & Ánh \"\\\n", "đ"];
        let s = script_json(&words).unwrap();
        let back: Vec<String> = serde_json::from_str(&s).unwrap();
        assert_eq!(back, words);
        let plain = serde_json::to_string(&words).unwrap();
        let unescaped = s
            .replace("\\u003c", "<")
            .replace("\\u003e", ">")
            .replace("\\u0026", "&");
        assert_eq!(unescaped, plain);
    }
}
