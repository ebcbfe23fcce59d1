//! Structure of `report.html` without a browser: escaping, no network references, both
//! languages, ID masking, the summary's data attributes, and a 10,000-conflict run.

mod report_fixture;

use report_fixture::{CCCD, CCCD_MASKED, POSSIBLE_DUPLICATES, XSS, data};
use sapnhap::i18n::Lang;
use sapnhap::output::html::{ReportData, render};

fn html(d: &ReportData) -> String {
    render(d).expect("report renders")
}

/// The JSON the page's script reads.
fn blob(page: &str) -> serde_json::Value {
    let open = r#"<script type="application/json" id="report-data">"#;
    let start = page.find(open).expect("data blob") + open.len();
    let end = start + page[start..].find("</script>").expect("blob end");
    serde_json::from_str(&page[start..end]).expect("blob is JSON")
}

/// `data-value` of the element with `data-count="key"`.
fn count(page: &str, key: &str) -> Option<u64> {
    let at = page.find(&format!(r#"data-count="{key}""#))?;
    let tag_end = at + page[at..].find('>')?;
    let tag = &page[at..tag_end];
    let v = tag.split(r#"data-value=""#).nth(1)?;
    v[..v.find('"')?].parse().ok()
}

#[test]
fn hostile_text_appears_only_escaped() {
    let page = html(&data());
    assert!(
        !page.contains("<script>alert"),
        "raw script tag in the page"
    );
    assert!(!page.contains("alert(1)</script>"));
    // askama escaped the project name in the title and header…
    assert!(
        page.contains("&#60;script&#62;alert(1)&#60;/script&#62;")
            || page.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
    );
    // …and the blob carries it with `<` as \u003c, which JSON reads back exactly.
    assert!(page.contains(r"\u003cscript\u003ealert(1)\u003c/script\u003e \u0026 Co"));
    let b = blob(&page);
    let records = b["records"].as_array().unwrap();
    let names: Vec<&str> = b["conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["rec"].as_array().unwrap())
        .map(|i| &records[i.as_u64().unwrap() as usize])
        .flat_map(|r| r[1].as_array().unwrap())
        .filter_map(|f| f[1].as_str())
        .collect();
    assert!(names.contains(&format!("{XSS} & Co").as_str()));
    // Only our own three script elements, and nothing opens a comment inside them.
    assert_eq!(page.matches("<script").count(), 3);
    assert_eq!(page.matches("</script").count(), 3);
    assert!(!page.contains("<!--"));
}

#[test]
fn no_network_references() {
    let page = html(&data());
    assert!(!page.contains("http://"), "http:// in the page");
    assert!(!page.contains("https://"), "https:// in the page");
    for attr in ["src=\"//", "href=\"//", "url(//", "url(\"//", "@import"] {
        assert!(!page.contains(attr), "{attr} in the page");
    }
    assert!(!page.contains("<link"), "external stylesheet");
    assert!(!page.contains(" src="), "external resource");
}

#[test]
fn vietnamese_by_default_english_on_request() {
    let vi = html(&data());
    assert!(vi.contains(r#"<html lang="vi">"#));
    for word in [
        "Tổng quan",
        "Bản ghi đã đọc",
        "Số người sau hợp nhất",
        "Có thể trùng người",
        "Ngưỡng chấp nhận",
        "Cán bộ, công chức",
    ] {
        assert!(vi.contains(word), "missing {word}");
    }
    assert!(!vi.contains("Records read"));
    // Vietnamese thousands separator.
    assert!(vi.contains(">1.250<"));

    let mut d = data();
    d.lang = Lang::En;
    let en = html(&d);
    assert!(en.contains(r#"<html lang="en">"#));
    for word in [
        "Summary",
        "Records read",
        "Persons after merge",
        "Possible duplicate",
        "Accept threshold",
    ] {
        assert!(en.contains(word), "missing {word}");
    }
    assert!(!en.contains("Bản ghi đã đọc"));
    assert!(!en.contains("Có thể trùng người"));
    assert!(en.contains(">1,250<"));
}

#[test]
fn mask_ids_never_writes_the_full_number() {
    let plain = html(&data());
    assert!(plain.contains(CCCD), "fixture must contain the ID unmasked");

    let mut d = data();
    d.mask_ids = true;
    let masked = html(&d);
    assert!(
        !masked.contains(CCCD),
        "full national ID in a masked report"
    );
    assert!(masked.contains(CCCD_MASKED));
    // References stay whole: decisions refer to them.
    assert!(masked.contains("HD:staff:NS-0045"));
}

#[test]
fn summary_counts_carry_data_attributes() {
    let page = html(&data());
    let c = report_fixture::counts();
    for (key, want) in [
        ("read", c.read),
        ("kept", c.kept),
        ("merged", c.merged),
        ("rejected", c.rejected),
        ("persons", c.persons),
        ("staff_rows", c.staff_rows),
        ("party_rows", c.party_rows),
        ("merge-within_roster", 12),
        ("merge-staff_party", 95),
        ("merge-across_sources", 23),
        ("conflicts", 8),
        ("conflicts-possible_duplicate", POSSIBLE_DUPLICATES as u64),
        ("conflicts-possible_duplicate-warning", 2),
        ("conflicts-possible_duplicate-info", 1),
        ("conflicts-possible_duplicate-error", 0),
        ("conflicts-error", 2),
        ("conflicts-shared_identifier-error", 1),
    ] {
        assert_eq!(count(&page, key), Some(want), "data-count={key}");
    }
    assert!(page.contains(r#"data-reconciles="true""#));
    // A kind with no conflicts gets no row.
    assert_eq!(count(&page, "conflicts-weak_cluster"), None);
    // The kind × severity cells link to the filtered list.
    assert!(
        page.contains(r##"href="#kind=possible_duplicate&#38;severity=warning""##)
            || page.contains(r##"href="#kind=possible_duplicate&amp;severity=warning""##)
    );
}

#[test]
fn histogram_has_bins_and_thresholds() {
    let page = html(&data());
    assert_eq!(page.matches(r#"<rect class="bar "#).count(), 20);
    assert!(page.contains(r#"class="thr accept""#));
    assert!(page.contains(r#"class="thr review""#));
    assert!(page.contains(r#"<b data-threshold="accept">0,90</b>"#));
    assert!(page.contains(r#"<b data-threshold="review">0,30</b>"#));
    // Bins below, in and above the review band are coloured apart.
    for zone in ["bar below", "bar review", "bar accept"] {
        assert!(page.contains(zone), "{zone}");
    }
}

#[test]
fn org_chart_is_inlined_as_given() {
    let page = html(&data());
    assert!(page.contains(report_fixture::ORG_SVG));
    let mut d = data();
    d.org_svg.clear();
    assert!(html(&d).contains("Chưa có sơ đồ tổ chức."));
}

#[test]
fn an_empty_run_renders() {
    let page = html(&ReportData::default());
    assert!(page.contains("Không có xung đột nào."));
    assert_eq!(count(&page, "conflicts"), Some(0));
    assert_eq!(blob(&page)["conflicts"].as_array().unwrap().len(), 0);
}

#[test]
fn ten_thousand_conflicts_stay_one_blob() {
    let mut d = data();
    d.conflicts = report_fixture::many(10_000);
    let page = html(&d);
    // Rows are built by the script per page, so the HTML does not grow with markup.
    assert!(!page.contains("<article"));
    assert_eq!(blob(&page)["conflicts"].as_array().unwrap().len(), 10_000);
    assert!(
        page.len() < 12 * 1024 * 1024,
        "report is {} bytes",
        page.len()
    );
    assert_eq!(count(&page, "conflicts"), Some(10_000));
}

/// A merge writes each record its conflicts show once, and each conflict names
/// its records by position in that list.
#[test]
fn a_record_in_several_conflicts_is_written_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_sapnhap"))
        .args(["merge", "samples/hai-phong", "--quiet", "--out"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let page = std::fs::read_to_string(out.join("report.html")).unwrap();
    let b = blob(&page);
    let records = b["records"].as_array().unwrap();
    let refs: std::collections::BTreeSet<&str> =
        records.iter().map(|r| r[0].as_str().unwrap()).collect();
    assert_eq!(refs.len(), records.len(), "a record written twice");
    let mut shown = 0;
    for c in b["conflicts"].as_array().unwrap() {
        for (i, at) in c["rec"].as_array().unwrap().iter().enumerate() {
            let r = &records[at.as_u64().unwrap() as usize];
            // The conflict's subjects list its records, in order.
            assert_eq!(r[0], c["subj"][i], "{c}");
            shown += 1;
        }
    }
    assert!(
        shown > records.len(),
        "{shown} shown, {} written",
        records.len()
    );
    // Known field names are positions in `fields`.
    let fields = b["fields"].as_array().unwrap();
    let first = &records[0][1][0][0];
    assert_eq!(fields[first.as_u64().unwrap() as usize][0], "full_name");
}
