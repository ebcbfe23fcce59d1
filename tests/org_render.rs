//! `org.dot` parses as DOT and names every new unit; the SVG is well-formed and
//! escapes what unit names may contain.
#![allow(clippy::expect_used)] // a test that cannot go on should stop

mod org_support;

use dot_parser::{ast, canonical};
use org_support::*;

fn tricky_org() -> sapnhap::org::Org {
    let mut rows = base_units();
    rows.extend(units(&[
        (HD, "P06", "Phòng Kế hoạch & Đầu tư <KH&ĐT>", "VP", ""),
        (HD, "P07", "Ban \"Đặc biệt\" \\ cũ", "VP", ""),
    ]));
    build(&rows, None)
}

#[test]
fn dot_parses_and_names_every_new_unit() {
    let org = tricky_org();
    let dot = org.to_dot();
    assert!(
        dot.contains(r#""new:P01" [label="P01\nPhòng Tổng hợp"];"#),
        "{dot}"
    );
    let graph = canonical::Graph::from(ast::Graph::try_from(dot.as_str()).expect("DOT parses"));
    let ids: Vec<String> = graph
        .nodes
        .set
        .keys()
        .map(|k| k.trim_matches('"').to_string())
        .collect();
    for unit in org.new_units() {
        let id = format!("new:{}", unit.code);
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
    for old in org.old_units() {
        let id = format!("{}:unit:{}", org.sources()[old.source].key, old.code);
        assert!(ids.contains(&id), "{id} missing");
    }
    // Parent → child in the new tree, and old → new.
    let edges: Vec<(String, String)> = graph
        .edges
        .set
        .iter()
        .map(|e| {
            (
                e.from.trim_matches('"').to_string(),
                e.to.trim_matches('"').to_string(),
            )
        })
        .collect();
    assert!(
        edges.contains(&("new:VP".into(), "new:P01".into())),
        "{edges:?}"
    );
    assert!(
        edges.contains(&("HD:unit:P03".into(), "new:P01".into())),
        "{edges:?}"
    );
}

#[test]
fn svg_is_well_formed_and_escaped() {
    let org = tricky_org();
    let placement = org.place(&records(&[
        (1, "HP:staff:1", "VP", "Chánh Văn phòng"),
        (2, "HD:staff:2", "VP", "Chánh Văn phòng"),
    ]));
    let svg = org.to_svg(&placement, sapnhap::i18n::Lang::Vi);
    assert!(svg.starts_with("<svg"), "{svg}");
    assert!(svg.trim_end().ends_with("</svg>"));
    assert!(
        svg.contains("Kế hoạch &amp; Đầu tư &lt;KH&amp;ĐT&gt;"),
        "{svg}"
    );
    assert!(svg.contains("&quot;Đặc biệt&quot;"));
    assert!(!svg.contains("<KH"));
    // Every `&` starts an entity.
    for (i, _) in svg.match_indices('&') {
        let rest = &svg[i..];
        let ok = ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"]
            .iter()
            .any(|e| rest.starts_with(e));
        assert!(ok, "bare & at {i}: {}", &rest[..rest.len().min(20)]);
    }
    // Tags balance.
    assert_eq!(svg.matches("<g>").count(), svg.matches("</g>").count());
    assert_eq!(svg.matches("<text").count(), svg.matches("</text>").count());
    // Every new unit is drawn, with its counts; the office with two heads is marked.
    for unit in org.new_units() {
        assert!(
            svg.contains(&format!("<title>{} ", unit.code)),
            "{}",
            unit.code
        );
    }
    assert!(svg.contains("⚠ VP — "), "{svg}");
    assert!(svg.contains("Cán bộ: 2"), "{svg}");
}
