//! A hand-built `ReportData` shared by the report tests: two sources, a few conflicts of
//! different kinds, one with a hostile name, and a national ID to mask.
#![allow(dead_code)]

use sapnhap::conflict::{Conflict, ConflictKind, Severity};
use sapnhap::i18n::Lang;
use sapnhap::output::html::{
    ConflictView, Counts, EvidenceRow, FileSummary, MergeKinds, RecordView, ReportData,
    SourceSummary,
};

pub const XSS: &str = "<script>alert(1)</script>";
pub const CCCD: &str = "031067196779";
pub const CCCD_MASKED: &str = "********6779";

pub fn counts() -> Counts {
    Counts {
        read: 1250,
        kept: 1100,
        merged: 130,
        rejected: 20,
        persons: 1100,
        staff_rows: 900,
        party_rows: 650,
    }
}

fn rec(reference: &str, fields: &[(&str, &str)]) -> RecordView<'static> {
    RecordView {
        reference: reference.to_string().into(),
        fields: fields
            .iter()
            .map(|(k, v)| (k.to_string().into(), v.to_string().into()))
            .collect(),
    }
}

fn ev(field: &str, left: &str, right: &str, level: &str, weight: f64) -> EvidenceRow<'static> {
    EvidenceRow {
        field: field.to_string().into(),
        left: left.to_string().into(),
        right: right.to_string().into(),
        level: level.to_string().into(),
        weight,
    }
}

fn view(c: Conflict) -> ConflictView {
    ConflictView::new(&c, Lang::Vi)
}

/// The conflicts, most important first; 3 of them are `possible_duplicate`.
pub fn conflicts() -> Vec<ConflictView> {
    let mut shared = view(
        Conflict::new(
            ConflictKind::SharedIdentifier,
            Severity::Error,
            vec!["HP:staff:CB-0007".into(), "HD:party:DV00031".into()],
        )
        .field("national_id")
        .values(vec![CCCD.into()])
        .detail(
            format!("Số CCCD {CCCD} xuất hiện ở hai người khác nhau"),
            format!("National ID {CCCD} is held by two different people"),
        )
        .suggestion("Kiểm tra lại số CCCD", "Check the national ID"),
    );
    shared.records = vec![
        rec(
            "HP:staff:CB-0007",
            &[
                ("full_name", "Trần Thị Thu Hà"),
                ("birth_date", "12/03/1967"),
                ("national_id", CCCD),
            ],
        ),
        rec(
            "HD:party:DV00031",
            &[
                ("full_name", "Phạm Văn Đức"),
                ("birth_date", "04/11/1972"),
                ("national_id", CCCD),
            ],
        ),
    ];

    let leaders = view(
        Conflict::new(
            ConflictKind::LeadershipOverlap,
            Severity::Error,
            vec!["HP:staff:CB-0001".into(), "HD:staff:NS-0001".into()],
        )
        .field("position")
        .values(vec!["Chánh Văn phòng".into()])
        .detail(
            "Hai người giữ chức Chánh Văn phòng sau hợp nhất",
            "Two holders of Chief of Office after the merge",
        ),
    );

    let mut dup = view(
        Conflict::new(
            ConflictKind::PossibleDuplicate,
            Severity::Warning,
            vec!["HD:staff:NS-0045".into(), "HP:staff:CB-0112".into()],
        )
        .detail("Có thể là cùng một người", "Possibly the same person")
        .suggestion("Ghi “same” nếu là một người", "Write “same” if one person"),
    );
    dup.records = vec![
        rec(
            "HD:staff:NS-0045",
            &[
                ("full_name", "Nguyễn Văn Hùng"),
                ("birth_date", "1965"),
                ("gender", "Nam"),
                ("national_id", CCCD),
                ("unit_name", "Phòng Tổng hợp"),
            ],
        ),
        rec(
            "HP:staff:CB-0112",
            &[
                ("full_name", "NGUYỄN VĂN HÙNG"),
                ("birth_date", "02/09/1965"),
                ("gender", "Nam"),
                ("national_id", ""),
                ("unit_name", "Phòng Hành chính - Tổ chức"),
            ],
        ),
    ];
    dup.evidence = vec![
        ev(
            "full_name",
            "Nguyễn Văn Hùng",
            "NGUYỄN VĂN HÙNG",
            "exact",
            9.2,
        ),
        ev("birth_date", "1965", "02/09/1965", "year", 3.1),
        ev("gender", "Nam", "Nam", "exact", 0.9),
        ev("national_id", CCCD, "", "missing", 0.0),
        ev(
            "unit_name",
            "Phòng Tổng hợp",
            "Phòng Hành chính - Tổ chức",
            "different",
            -2.4,
        ),
    ];
    dup.prior_weight = Some(-8.3);
    dup.probability = Some(0.87);

    let mut hostile = view(
        Conflict::new(
            ConflictKind::PossibleDuplicate,
            Severity::Warning,
            vec!["HD:party:DV00077".into(), "HP:party:DV00012".into()],
        )
        .detail(
            format!("Tên lạ: {XSS} & Co"),
            format!("Odd name: {XSS} & Co"),
        ),
    );
    hostile.records = vec![
        rec("HD:party:DV00077", &[("full_name", &format!("{XSS} & Co"))]),
        rec("HP:party:DV00012", &[("full_name", "Lê Thị Hoà")]),
    ];
    hostile.evidence = vec![ev("full_name", XSS, "Lê Thị Hoà", "different", -5.0)];
    hostile.probability = Some(0.41);

    let mut third = view(
        Conflict::new(
            ConflictKind::PossibleDuplicate,
            Severity::Info,
            vec!["HD:staff:NS-0101".into(), "HD:staff:NS-0102".into()],
        )
        .detail(
            "Nhập trùng trong một danh sách",
            "Entered twice in one roster",
        ),
    );
    third.probability = Some(0.66);

    let mut invalid = view(
        Conflict::new(
            ConflictKind::InvalidValue,
            Severity::Warning,
            vec!["HD:staff:NS-0200".into()],
        )
        .field("birth_date")
        .values(vec!["31/02/1970".into()])
        .detail("Ngày không tồn tại", "Impossible date"),
    );
    invalid.records = vec![rec(
        "HD:staff:NS-0200",
        &[("full_name", "Vũ Minh Đạt"), ("birth_date", "31/02/1970")],
    )];

    let legacy = view(
        Conflict::new(
            ConflictKind::LegacyTextRepaired,
            Severity::Info,
            vec!["HD:party:DV00003".into()],
        )
        .field("full_name")
        .values(vec!["NguyÔn V¨n Hïng".into(), "Nguyễn Văn Hùng".into()])
        .detail("Đã sửa chữ TCVN3", "Repaired TCVN3 text"),
    );

    let mut unit = view(
        Conflict::new(
            ConflictKind::UnitMapping,
            Severity::Warning,
            vec!["HD:unit:P03".into()],
        )
        .values(vec!["Phòng Tổng hợp".into(), "HP:unit:P01".into()])
        .detail(
            "Ghép theo tên: Phòng Tổng hợp → Phòng Tổng hợp",
            "Joined by name",
        ),
    );
    unit.sources = vec!["HD".into()];

    vec![shared, leaders, dup, hostile, invalid, unit, third, legacy]
}

pub const POSSIBLE_DUPLICATES: usize = 3;

/// Scored pairs: many clear non-matches, a review band, a cluster of matches.
pub fn probabilities() -> Vec<f64> {
    let mut out = Vec::new();
    let mut x: u64 = 12345;
    for i in 0..6000 {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let u = (x >> 11) as f64 / (1u64 << 53) as f64;
        out.push(match i % 10 {
            0..=6 => u * 0.15,
            7 => 0.3 + u * 0.5,
            _ => 0.9 + u * 0.1,
        });
    }
    out
}

pub const ORG_SVG: &str = r##"<svg viewBox="0 0 420 140" width="420" height="140" role="img"><rect x="110" y="10" width="200" height="40" rx="4" fill="#e8eef8" stroke="#1f4e8c"/><text x="210" y="35" text-anchor="middle" font-size="12">Văn phòng UBND TP Hải Phòng (412)</text><rect x="10" y="90" width="180" height="40" rx="4" fill="#fff" stroke="#98a2b3"/><text x="100" y="115" text-anchor="middle" font-size="12">Phòng Tổng hợp (57)</text><rect x="230" y="90" width="180" height="40" rx="4" fill="#fff" stroke="#98a2b3"/><text x="320" y="115" text-anchor="middle" font-size="12">Phòng Hành chính - Tổ chức (33)</text><line x1="210" y1="50" x2="100" y2="90" stroke="#98a2b3"/><line x1="210" y1="50" x2="320" y2="90" stroke="#98a2b3"/></svg>"##;

pub fn data() -> ReportData {
    ReportData {
        lang: Lang::Vi,
        mask_ids: false,
        project_name: format!("Hợp nhất Văn phòng UBND TP Hải Phòng và tỉnh Hải Dương {XSS}"),
        generated_by: "sapnhap 0.1.0".into(),
        sources: vec![
            SourceSummary {
                key: "HP".into(),
                name: "Văn phòng UBND thành phố Hải Phòng".into(),
            },
            SourceSummary {
                key: "HD".into(),
                name: "Văn phòng UBND tỉnh Hải Dương".into(),
            },
        ],
        files: vec![
            file("HP", "staff", "hp/can-bo.csv", "CSV utf-8 ','", 420, 2),
            file("HP", "party", "hp/dang-vien.csv", "CSV utf-8 ','", 310, 0),
            file("HP", "units", "hp/don-vi.csv", "CSV utf-8 ','", 14, 0),
            file("HD", "staff", "hd/nhan-su.xlsx", "XLSX DS", 300, 18),
            file("HD", "party", "hd/dang-vien.csv", "CSV tcvn3 ';'", 220, 0),
        ],
        counts: counts(),
        merges_by_kind: MergeKinds {
            within_roster: 12,
            staff_party: 95,
            across_sources: 23,
        },
        conflicts: conflicts(),
        probabilities: probabilities(),
        accept: 0.9,
        review: 0.3,
        org_svg: ORG_SVG.into(),
    }
}

fn file(
    source: &str,
    role: &str,
    path: &str,
    format: &str,
    rows: u64,
    rejected: u64,
) -> FileSummary {
    FileSummary {
        source: source.into(),
        role: role.into(),
        path: path.into(),
        format: format.into(),
        rows,
        rejected,
    }
}

/// `n` conflicts cycling through the sample ones, each with its own subject.
pub fn many(n: usize) -> Vec<ConflictView> {
    let base = conflicts();
    (0..n)
        .map(|i| {
            let mut c = base[i % base.len()].clone();
            c.id = format!("C-{i:010x}");
            c.subject = vec![format!("HD:staff:NS-{i:05}"), format!("HP:staff:CB-{i:05}")];
            c
        })
        .collect()
}
