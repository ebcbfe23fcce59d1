//! Column headers of the human-facing files in both languages, and how a value is
//! written in each (dates `dd/mm/yyyy` or ISO, a year alone when only it is known).

use crate::i18n::Lang;
use crate::merge::cells::Cell;
use std::borrow::Cow;

/// (English field name, Vietnamese header).
pub const STAFF: &[(&str, &str)] = &[
    ("person_id", "Mã người"),
    ("full_name", "Họ và tên"),
    ("birth_date", "Ngày sinh"),
    ("gender", "Giới tính"),
    ("national_id", "Số CCCD/CMND"),
    ("phone", "Số điện thoại"),
    ("email", "Email"),
    ("hometown", "Quê quán"),
    ("unit_code", "Mã đơn vị mới"),
    ("unit_name", "Tên đơn vị mới"),
    ("position", "Chức vụ"),
    ("grade", "Mã ngạch"),
];

pub const PARTY: &[(&str, &str)] = &[
    ("person_id", "Mã người"),
    ("party_card", "Số thẻ đảng viên"),
    ("full_name", "Họ và tên"),
    ("birth_date", "Ngày sinh"),
    ("gender", "Giới tính"),
    ("national_id", "Số CCCD/CMND"),
    ("cell_code", "Mã chi bộ mới"),
    ("cell_name", "Tên chi bộ mới"),
    ("joined_on", "Ngày vào Đảng"),
    ("official_on", "Ngày chính thức"),
    ("party_role", "Chức vụ Đảng"),
];

pub const SOURCES: (&str, &str) = ("sources", "Hồ sơ gốc");

pub const UNITS: &[(&str, &str)] = &[
    ("unit_code", "Mã đơn vị"),
    ("name", "Tên đơn vị"),
    ("kind", "Loại"),
    ("parent_code", "Mã đơn vị cấp trên"),
    ("merged_from", "Hợp nhất từ"),
    ("staff_count", "Số cán bộ"),
    ("member_count", "Số đảng viên"),
];

pub const CONFLICTS: &[(&str, &str)] = &[
    ("conflict_id", "Mã xung đột"),
    ("kind", "Loại"),
    ("severity", "Mức độ"),
    ("subject", "Đối tượng"),
    ("field", "Trường"),
    ("values", "Các giá trị"),
    ("detail", "Chi tiết"),
    ("suggestion", "Đề xuất"),
    ("action", "Xử lý"),
    ("value", "Giá trị"),
    ("note", "Ghi chú"),
];

/// Headers of a table in the run's language.
pub fn headers(cols: &[(&'static str, &'static str)], lang: Lang) -> Vec<&'static str> {
    cols.iter().map(|(en, vi)| lang.pick(vi, en)).collect()
}

/// A value as written in the run's language.
pub fn format(v: Cell<'_>, lang: Lang) -> Cow<'_, str> {
    match v {
        Cell::Text(t) => t.into(),
        Cell::Date(d) => match lang {
            Lang::Vi => d.vi().into(),
            Lang::En => d.iso().into(),
        },
        Cell::Gender(g) => lang.pick(g.vi(), g.en()).into(),
    }
}

/// Vietnamese severity words for human files.
pub fn severity(s: crate::conflict::Severity, lang: Lang) -> &'static str {
    use crate::conflict::Severity::*;
    match (s, lang) {
        (_, Lang::En) => s.as_str(),
        (Error, Lang::Vi) => "lỗi",
        (Warning, Lang::Vi) => "cảnh báo",
        (Info, Lang::Vi) => "thông tin",
    }
}

/// Show only the last four digits of every run of 9 or 12 digits (CMND, CCCD).
pub fn mask_ids(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let run = chars
            .iter()
            .skip(i)
            .take_while(|c| c.is_ascii_digit())
            .count();
        if run == 0 {
            if let Some(c) = chars.get(i) {
                out.push(*c);
            }
            i += 1;
            continue;
        }
        let digits: String = chars.iter().skip(i).take(run).collect();
        if run == 9 || run == 12 {
            out.extend(std::iter::repeat_n('*', run - 4));
            out.push_str(digits.get(run - 4..).unwrap_or(""));
        } else {
            out.push_str(&digits);
        }
        i += run;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_cccd_and_cmnd_not_phones() {
        assert_eq!(
            mask_ids("CCCD 031067196779, ĐT 0912345678"),
            "CCCD ********6779, ĐT 0912345678"
        );
        assert_eq!(mask_ids("123456789"), "*****6789");
        assert_eq!(mask_ids("Nguyễn"), "Nguyễn");
    }
}
