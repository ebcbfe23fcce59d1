//! Pictures of the organisation: `org.dot` (the new tree, and each source's old tree
//! as a cluster with dotted old → new edges) for Graphviz users, and a self-contained
//! SVG of the new tree for the HTML report. The SVG is drawn here as an indented
//! tree, so no Graphviz binary is needed and the output is byte-stable.

use super::{NewUnitId, OldUnitId, Org, Placement};
use crate::i18n::Lang;
use std::collections::BTreeSet;
use std::fmt::Write;

/// Text inside a DOT quoted string. Backslashes become `/` because strict DOT
/// readers take `\"` at the end of a label for an escaped quote.
fn dot_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push('/'),
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn dot_quote(s: &str) -> String {
    format!("\"{}\"", dot_escape(s))
}

/// A two-line DOT label: code, then name.
fn dot_label(code: &str, name: &str) -> String {
    format!("\"{}\\n{}\"", dot_escape(code), dot_escape(name))
}

/// Text for SVG/XML content and attribute values.
fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// At most `n` characters, with `…` when cut.
fn shorten(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_string();
    }
    let mut out: String = s.chars().take(n.saturating_sub(1)).collect();
    out.push('…');
    out
}

const ROW: usize = 46;
const BOX_H: usize = 38;
const BOX_W: usize = 380;
const INDENT: usize = 28;
const MARGIN: usize = 10;

impl Org {
    /// The organisation in Graphviz DOT: the new tree, then one cluster per source.
    pub fn to_dot(&self) -> String {
        let mut s = String::new();
        s.push_str("digraph org {\n  graph [rankdir=LR, fontname=\"Arial\"];\n");
        s.push_str("  node [shape=box, fontname=\"Arial\"];\n");
        s.push_str("  subgraph cluster_new {\n    label=\"new\";\n");
        let order = self.new_order();
        for &id in &order {
            let Some(u) = self.new_unit(id) else { continue };
            let _ = writeln!(
                s,
                "    {} [label={}];",
                dot_quote(&self.new_ref(id)),
                dot_label(&u.code, &u.name)
            );
        }
        s.push_str("  }\n");
        for &id in &order {
            if let Some(p) = self.new_unit(id).and_then(|u| u.parent) {
                let _ = writeln!(
                    s,
                    "  {} -> {};",
                    dot_quote(&self.new_ref(p)),
                    dot_quote(&self.new_ref(id))
                );
            }
        }
        for (source, info) in self.sources.iter().enumerate() {
            // By code, so the output does not depend on the order of the units file.
            let mut units: Vec<OldUnitId> = (0..self.old.len())
                .map(OldUnitId)
                .filter(|&o| self.old_unit(o).is_some_and(|u| u.source == source))
                .collect();
            units.sort_by_key(|&o| self.old_unit(o).map(|u| u.code.clone()));
            if units.is_empty() {
                continue;
            }
            let _ = writeln!(s, "  subgraph cluster_{source} {{");
            let _ = writeln!(
                s,
                "    label={};\n    style=dashed;",
                dot_quote(&format!("{} {}", info.key, info.name))
            );
            for &o in &units {
                let Some(u) = self.old_unit(o) else { continue };
                let _ = writeln!(
                    s,
                    "    {} [label={}, style=dashed];",
                    dot_quote(&self.old_ref(o)),
                    dot_label(&u.code, &u.name)
                );
            }
            for &o in &units {
                if let Some(p) = self.old_unit(o).and_then(|u| u.parent) {
                    let _ = writeln!(
                        s,
                        "    {} -> {};",
                        dot_quote(&self.old_ref(p)),
                        dot_quote(&self.old_ref(o))
                    );
                }
            }
            s.push_str("  }\n");
            for &o in &units {
                if let Some(n) = self.new_unit_of(o) {
                    let _ = writeln!(
                        s,
                        "  {} -> {} [style=dotted, color=gray, constraint=false];",
                        dot_quote(&self.old_ref(o)),
                        dot_quote(&self.new_ref(n))
                    );
                }
            }
        }
        s.push_str("}\n");
        s
    }

    /// New units that some conflict is about.
    fn units_with_conflicts(&self, placement: &Placement) -> BTreeSet<NewUnitId> {
        let mut out: BTreeSet<NewUnitId> = placement.flagged().clone();
        for c in self.conflicts.iter().chain(&placement.conflicts) {
            for subject in &c.subject {
                if let Some(code) = subject.strip_prefix("new:") {
                    out.extend(self.new_by_code(code));
                } else if let [source, "unit", code] =
                    subject.splitn(3, ':').collect::<Vec<_>>().as_slice()
                {
                    let old = (0..self.sources.len())
                        .find(|&s| self.source_key(s) == *source)
                        .and_then(|s| self.old_by_code.get(s)?.get(*code).copied());
                    out.extend(old.and_then(|o| self.new_unit_of(o)));
                }
            }
        }
        out
    }

    /// The new tree as an SVG picture with staff and member counts; units some
    /// conflict is about are drawn in red.
    pub fn to_svg(&self, placement: &Placement, lang: Lang) -> String {
        let order = self.new_order();
        let flagged = self.units_with_conflicts(placement);
        let depth: Vec<usize> = order
            .iter()
            .map(|&id| self.new_ancestors(id).len())
            .collect();
        let max_depth = depth.iter().copied().max().unwrap_or(0);
        let width = 2 * MARGIN + max_depth * INDENT + BOX_W;
        let height = 2 * MARGIN + order.len().max(1) * ROW;
        let mut s = String::new();
        let _ = writeln!(
            s,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"Arial, sans-serif\" font-size=\"12\">"
        );
        let row_of = |id: NewUnitId| order.iter().position(|&o| o == id);
        for (row, (&id, &d)) in order.iter().zip(&depth).enumerate() {
            let Some(u) = self.new_unit(id) else { continue };
            let x = MARGIN + d * INDENT;
            let y = MARGIN + row * ROW;
            if let Some(prow) = u.parent.and_then(row_of) {
                // An elbow from the parent's left side down and across to this box.
                let px = x - INDENT + INDENT / 2;
                let py = MARGIN + prow * ROW + BOX_H;
                let cy = y + BOX_H / 2;
                let _ = writeln!(
                    s,
                    "<path d=\"M{px} {py} V{cy} H{x}\" fill=\"none\" stroke=\"#888\"/>"
                );
            }
            let bad = flagged.contains(&id);
            let (stroke, fill, sw) = if bad {
                ("#c0392b", "#fdecea", 2)
            } else {
                ("#34495e", "#f4f6f7", 1)
            };
            let counts = lang.pick("Cán bộ", "Staff");
            let members = lang.pick("Đảng viên", "Members");
            let _ = writeln!(
                s,
                "<g><title>{}</title><rect x=\"{x}\" y=\"{y}\" width=\"{BOX_W}\" height=\"{BOX_H}\" rx=\"4\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{sw}\"/>",
                xml_escape(&format!("{} {}", u.code, u.name))
            );
            let _ = writeln!(
                s,
                "<text x=\"{}\" y=\"{}\" font-weight=\"bold\">{}{}</text>",
                x + 6,
                y + 15,
                if bad { "⚠ " } else { "" },
                xml_escape(&shorten(&format!("{} — {}", u.code, u.name), 52))
            );
            let _ = writeln!(
                s,
                "<text x=\"{}\" y=\"{}\" fill=\"#555\">{}{counts}: {} · {members}: {}</text></g>",
                x + 6,
                y + 31,
                match u.kind.label_vi() {
                    "" => String::new(),
                    k => format!("{} · ", xml_escape(lang.pick(k, u.kind.as_str()))),
                },
                placement.staff_count(id),
                placement.member_count(id)
            );
        }
        s.push_str("</svg>\n");
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(dot_quote("a\"b\\c\nd"), "\"a\\\"b/c d\"");
        assert_eq!(
            xml_escape("P&T <x> \"q\""),
            "P&amp;T &lt;x&gt; &quot;q&quot;"
        );
        assert_eq!(shorten("abcdef", 4), "abc…");
        assert_eq!(shorten("abc", 4), "abc");
    }
}
