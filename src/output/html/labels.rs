//! Every word of the report in Vietnamese and English. The page's script gets the same
//! words through the JSON blob, so nothing a clerk reads is hard-coded in English.

use crate::conflict::{ConflictKind, Severity};
use crate::i18n::Lang;
use crate::output::columns;
use serde::Serialize;

/// The fixed texts of the page, one language.
#[derive(Debug, Serialize)]
pub struct Labels {
    pub html_lang: &'static str,
    pub title: &'static str,
    pub generated_by: &'static str,
    pub nav_summary: &'static str,
    pub nav_chart: &'static str,
    pub nav_conflicts: &'static str,
    pub nav_org: &'static str,
    pub summary: &'static str,
    pub sources_files: &'static str,
    pub source: &'static str,
    pub role: &'static str,
    pub file: &'static str,
    pub format: &'static str,
    pub rows: &'static str,
    pub rejected: &'static str,
    pub read: &'static str,
    pub kept: &'static str,
    pub merged: &'static str,
    pub persons: &'static str,
    pub staff_rows: &'static str,
    pub party_rows: &'static str,
    pub reconciles: &'static str,
    pub not_reconciled: &'static str,
    pub merges_by_kind: &'static str,
    pub within_roster: &'static str,
    pub staff_party: &'static str,
    pub across_sources: &'static str,
    pub conflicts_table: &'static str,
    pub kind: &'static str,
    pub severity: &'static str,
    pub total: &'static str,
    pub no_conflicts: &'static str,
    pub chart: &'static str,
    pub chart_note: &'static str,
    pub pairs_scored: &'static str,
    pub accept: &'static str,
    pub zone_below: &'static str,
    pub zone_review: &'static str,
    pub zone_accept: &'static str,
    pub review: &'static str,
    pub pairs_log: &'static str,
    pub probability: &'static str,
    pub conflicts: &'static str,
    pub all: &'static str,
    pub search: &'static str,
    pub clear: &'static str,
    pub showing: &'static str,
    pub of: &'static str,
    pub prev: &'static str,
    pub next: &'static str,
    pub page: &'static str,
    pub none_match: &'static str,
    pub subject: &'static str,
    pub field: &'static str,
    pub values: &'static str,
    pub detail: &'static str,
    pub suggestion: &'static str,
    pub record: &'static str,
    pub evidence: &'static str,
    pub left: &'static str,
    pub right: &'static str,
    pub level: &'static str,
    pub weight: &'static str,
    pub running: &'static str,
    pub prior: &'static str,
    pub differs: &'static str,
    pub org: &'static str,
    pub org_empty: &'static str,
    pub masked: &'static str,
    pub how_to: &'static str,
    pub no_script: &'static str,
}

const VI: Labels = Labels {
    html_lang: "vi",
    title: "Báo cáo hợp nhất nhân sự",
    generated_by: "Tạo bởi",
    nav_summary: "Tổng quan",
    nav_chart: "Xác suất khớp",
    nav_conflicts: "Xung đột cần xem xét",
    nav_org: "Sơ đồ tổ chức",
    summary: "Tổng quan",
    sources_files: "Nguồn dữ liệu và tệp",
    source: "Nguồn",
    role: "Danh sách",
    file: "Tệp",
    format: "Định dạng",
    rows: "Số dòng",
    rejected: "Bị loại",
    read: "Bản ghi đã đọc",
    kept: "Giữ làm gốc",
    merged: "Đã gộp",
    persons: "Số người sau hợp nhất",
    staff_rows: "Dòng cán bộ",
    party_rows: "Dòng đảng viên",
    reconciles: "Khớp: đã đọc = giữ + gộp + loại",
    not_reconciled: "Không khớp: đã đọc ≠ giữ + gộp + loại",
    merges_by_kind: "Bản ghi đã gộp theo loại",
    within_roster: "Trong cùng danh sách",
    staff_party: "Cán bộ ↔ đảng viên",
    across_sources: "Giữa các đơn vị",
    conflicts_table: "Xung đột theo loại và mức độ",
    kind: "Loại",
    severity: "Mức độ",
    total: "Tổng",
    no_conflicts: "Không có xung đột nào.",
    chart: "Phân bố xác suất khớp",
    chart_note: "Mỗi cột là số cặp hồ sơ đã chấm điểm trong một khoảng xác suất (thang log). Cặp từ ngưỡng chấp nhận trở lên được gộp; cặp giữa hai ngưỡng cần người xem xét.",
    pairs_scored: "cặp đã chấm điểm",
    accept: "Ngưỡng chấp nhận",
    zone_below: "Khác người (không gộp)",
    zone_review: "Cần xem xét",
    zone_accept: "Tự động gộp",
    review: "Ngưỡng xem xét",
    pairs_log: "số cặp (log)",
    probability: "Xác suất khớp",
    conflicts: "Xung đột cần xem xét",
    all: "Tất cả",
    search: "Tìm theo họ tên hoặc mã…",
    clear: "Xóa bộ lọc",
    showing: "Hiển thị",
    of: "trên",
    prev: "‹ Trang trước",
    next: "Trang sau ›",
    page: "Trang",
    none_match: "Không có xung đột nào khớp bộ lọc.",
    subject: "Đối tượng",
    field: "Trường",
    values: "Các giá trị",
    detail: "Chi tiết",
    suggestion: "Đề xuất",
    record: "Hồ sơ",
    evidence: "Bằng chứng theo từng trường",
    left: "Bên trái",
    right: "Bên phải",
    level: "Mức khớp",
    weight: "Trọng số",
    running: "Cộng dồn",
    prior: "Xuất phát (tiên nghiệm)",
    differs: "khác nhau",
    org: "Sơ đồ tổ chức sau hợp nhất",
    org_empty: "Chưa có sơ đồ tổ chức.",
    masked: "Số CCCD/CMND đã được che, chỉ hiện 4 số cuối (--mask-ids).",
    how_to: "Cách xử lý: ghi quyết định vào cột “Xử lý” (và “Giá trị”, “Ghi chú”) của conflicts.csv theo Mã xung đột, rồi chạy lại với --decisions.",
    no_script: "Danh sách xung đột cần JavaScript. Hãy mở tệp bằng trình duyệt web.",
};

const EN: Labels = Labels {
    html_lang: "en",
    title: "Merge review report",
    generated_by: "Generated by",
    nav_summary: "Summary",
    nav_chart: "Match probabilities",
    nav_conflicts: "Conflicts to review",
    nav_org: "Org chart",
    summary: "Summary",
    sources_files: "Sources and files",
    source: "Source",
    role: "Roster",
    file: "File",
    format: "Format",
    rows: "Rows",
    rejected: "Rejected",
    read: "Records read",
    kept: "Kept",
    merged: "Merged",
    persons: "Persons after merge",
    staff_rows: "Staff rows",
    party_rows: "Party member rows",
    reconciles: "Reconciles: read = kept + merged + rejected",
    not_reconciled: "Does not reconcile: read ≠ kept + merged + rejected",
    merges_by_kind: "Merged records by kind",
    within_roster: "Within a roster",
    staff_party: "Staff ↔ party",
    across_sources: "Across sources",
    conflicts_table: "Conflicts by kind and severity",
    kind: "Kind",
    severity: "Severity",
    total: "Total",
    no_conflicts: "No conflicts.",
    chart: "Match probabilities",
    chart_note: "Each bar counts the scored record pairs in a probability range (log scale). Pairs at or above the accept threshold are merged; pairs between the thresholds need a reviewer.",
    pairs_scored: "pairs scored",
    accept: "Accept threshold",
    zone_below: "Different people (kept apart)",
    zone_review: "Needs review",
    zone_accept: "Merged automatically",
    review: "Review threshold",
    pairs_log: "pairs (log)",
    probability: "Match probability",
    conflicts: "Conflicts to review",
    all: "All",
    search: "Search by name or ID…",
    clear: "Clear filters",
    showing: "Showing",
    of: "of",
    prev: "‹ Previous",
    next: "Next ›",
    page: "Page",
    none_match: "No conflict matches the filters.",
    subject: "Subject",
    field: "Field",
    values: "Values",
    detail: "Detail",
    suggestion: "Suggestion",
    record: "Record",
    evidence: "Per-field evidence",
    left: "Left",
    right: "Right",
    level: "Level",
    weight: "Weight",
    running: "Running total",
    prior: "Start (prior)",
    differs: "differs",
    org: "Merged org chart",
    org_empty: "No org chart.",
    masked: "National IDs are masked; only the last 4 digits are shown (--mask-ids).",
    how_to: "To resolve: fill the action column (and value, note) of conflicts.csv by conflict ID, then re-run with --decisions.",
    no_script: "The conflict list needs JavaScript. Open the file in a web browser.",
};

pub fn labels(lang: Lang) -> &'static Labels {
    match lang {
        Lang::Vi => &VI,
        Lang::En => &EN,
    }
}

/// A conflict kind in words.
pub fn kind(k: ConflictKind, lang: Lang) -> &'static str {
    use ConflictKind::*;
    let (vi, en) = match k {
        PossibleDuplicate => ("Có thể trùng người", "Possible duplicate"),
        SharedIdentifier => ("Trùng số định danh", "Shared identifier"),
        WeakCluster => ("Cụm liên kết yếu", "Weak cluster"),
        FieldDisagreement => ("Thông tin không khớp", "Field disagreement"),
        InvalidValue => ("Giá trị không hợp lệ", "Invalid value"),
        RejectedRow => ("Dòng bị loại", "Rejected row"),
        UnresolvedUnit => ("Không xác định được đơn vị", "Unresolved unit"),
        UnitMapping => ("Ghép đơn vị cần xác nhận", "Unit mapping"),
        OrgStructure => ("Lỗi cơ cấu tổ chức", "Org structure"),
        MultipleCells => ("Thuộc nhiều chi bộ", "Multiple party cells"),
        LeadershipOverlap => ("Trùng chức danh lãnh đạo", "Leadership overlap"),
        LegacyTextRepaired => ("Đã sửa phông chữ cũ", "Legacy text repaired"),
        StaleDecision => ("Quyết định không còn áp dụng", "Stale decision"),
    };
    lang.pick(vi, en)
}

/// A severity in words (the same words as `conflicts.csv`).
pub fn severity(s: Severity, lang: Lang) -> &'static str {
    columns::severity(s, lang)
}

/// A file's role (`staff`, `party`, `units`) in words; anything else as given.
pub fn role(r: &str, lang: Lang) -> String {
    match r {
        "staff" => lang.pick("Cán bộ, công chức", "Staff"),
        "party" => lang.pick("Đảng viên", "Party members"),
        "units" => lang.pick("Đơn vị", "Units"),
        "plan" => lang.pick("Phương án sắp xếp", "Plan"),
        other => other,
    }
    .to_string()
}

/// Field names the records and evidence use, with their words; unknown names (kept
/// columns) are shown as they are.
pub fn fields(lang: Lang) -> Vec<(&'static str, &'static str)> {
    const EXTRA: &[(&str, &str)] = &[
        ("record_id", "Mã hồ sơ"),
        ("birthplace", "Nơi sinh"),
        ("id_origin", "Mã tỉnh CCCD / quê quán"),
        ("workplace", "Nơi công tác (đơn vị / chi bộ)"),
        ("unit", "Đơn vị"),
        ("cell", "Chi bộ"),
        ("party_record", "Số lý lịch đảng viên"),
        ("position", "Chức vụ"),
        ("grade", "Ngạch"),
        ("name", "Tên"),
        ("parent", "Đơn vị cấp trên"),
    ];
    let mut out: Vec<(&str, &str)> = Vec::new();
    for (en, vi) in columns::STAFF
        .iter()
        .chain(columns::PARTY)
        .chain(EXTRA)
        .copied()
    {
        if !out.iter().any(|(k, _)| *k == en) {
            out.push((en, lang.pick(vi, en)));
        }
    }
    if lang == Lang::En {
        // English words read better than snake_case field names.
        for (k, v) in out.iter_mut() {
            *v = english_field(k).unwrap_or(v);
        }
    }
    out
}

fn english_field(k: &str) -> Option<&'static str> {
    Some(match k {
        "person_id" => "Person ID",
        "full_name" => "Full name",
        "birth_date" => "Date of birth",
        "gender" => "Gender",
        "national_id" => "National ID",
        "phone" => "Phone",
        "email" => "Email",
        "hometown" => "Hometown",
        "birthplace" => "Birthplace",
        "id_origin" => "CCCD province / hometown",
        "workplace" => "Workplace (unit / Party cell)",
        "unit_code" => "Unit code",
        "unit_name" => "Unit",
        "unit" => "Unit",
        "position" => "Position",
        "grade" => "Grade",
        "party_card" => "Party card",
        "party_record" => "Party record no.",
        "cell_code" => "Cell code",
        "cell_name" => "Party cell",
        "cell" => "Party cell",
        "joined_on" => "Joined the Party",
        "official_on" => "Full member since",
        "party_role" => "Party role",
        "record_id" => "Record ID",
        _ => return None,
    })
}

/// Comparison levels the matcher reports, in words; unknown levels are shown as given.
pub fn levels(lang: Lang) -> Vec<(&'static str, &'static str)> {
    const LEVELS: &[(&str, &str, &str)] = &[
        ("exact", "trùng khớp", "exact"),
        (
            "exact_same_name",
            "trùng khớp (cùng họ tên: trong dữ liệu, người trùng tên cũng trùng giá trị này)",
            "exact (same name: in the data, namesakes share such values)",
        ),
        (
            "exact_from_name",
            "trùng khớp (địa chỉ ghép từ họ tên, người trùng tên cũng có)",
            "exact (an address made from the name, which namesakes share)",
        ),
        ("fuzzy", "gần giống", "fuzzy"),
        ("similar", "gần giống", "similar"),
        ("partial", "khớp một phần", "partial"),
        ("year", "cùng năm", "same year"),
        ("missing", "thiếu", "missing"),
        ("different", "khác", "different"),
        ("none", "khác", "different"),
        // Names.
        ("i_y", "khác i/y", "i/y spelling"),
        (
            "no_diacritics",
            "một bên không dấu",
            "one side without marks",
        ),
        (
            "partly_unmarked",
            "một chữ mất dấu",
            "one word without marks",
        ),
        ("tone_only", "khác dấu thanh", "tone mark differs"),
        ("diacritics", "khác dấu chữ", "a vowel mark differs"),
        ("reordered", "đảo thứ tự", "words reordered"),
        ("missing_middle", "thiếu tên đệm", "middle name missing"),
        (
            "middle_initial",
            "tên đệm viết tắt",
            "middle name abbreviated",
        ),
        ("typo", "sai một ký tự", "one typo"),
        (
            "two_slips",
            "sai chính tả và thiếu tên đệm hoặc đảo tên",
            "misspelt, and a middle name missing or the order changed",
        ),
        // Dates.
        ("month", "cùng tháng, năm", "same month and year"),
        (
            "year_only",
            "cùng năm (một bên chỉ ghi năm)",
            "same year (one gives the year only)",
        ),
        ("swap", "đảo ngày và tháng", "day and month swapped"),
        (
            "slip",
            "ngày không tồn tại, lệch một chữ số",
            "impossible date, one digit off",
        ),
        ("impossible", "ngày không tồn tại", "impossible date"),
        // Workplaces.
        (
            "within",
            "đơn vị này nằm trong đơn vị kia",
            "one unit within the other",
        ),
        // Identifiers.
        (
            "other_kind",
            "CCCD với CMND (không so được)",
            "CCCD against CMND (not comparable)",
        ),
        (
            "contested",
            "số đáng ngờ (không khớp hồ sơ)",
            "number in doubt",
        ),
        ("damaged", "số bị Excel làm hỏng", "number damaged by Excel"),
        (
            "damaged_agree",
            "số bị hỏng, phần đầu khớp",
            "damaged number, leading digits agree",
        ),
        ("two_typos", "lệch hai chữ số", "two slips in the serial"),
        // Places.
        ("ward", "cùng xã/phường", "same ward"),
        ("province", "cùng tỉnh", "same province"),
        (
            "other_ward",
            "khác xã, cùng tỉnh",
            "another ward of the province",
        ),
        ("text", "trùng chữ", "same text"),
        (
            "unresolved",
            "không xác định được địa danh",
            "place not resolved",
        ),
    ];
    LEVELS
        .iter()
        .map(|(k, vi, en)| (*k, lang.pick(vi, en)))
        .collect()
}
