//! Header aliases → fields, per file role. Matching ignores case, diacritics, spacing
//! and punctuation (`Số CMND/CCCD` = `so cmnd cccd`); `columns = {…}` in merge.toml
//! beats the aliases. Two columns claiming one field is an error naming both; columns
//! that map to nothing are kept and carried to the output.

use crate::error::{InputError, Location};
use crate::i18n::Lang;
use crate::normalize::text::fold_alnum;
use crate::project::Role;
use crate::record::Field;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::OnceLock;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Column {
    Roster(Field),
    UnitCode,
    UnitName,
    UnitParent,
    UnitKind,
    PlanSource,
    PlanUnit,
    PlanNewUnit,
    PlanNewName,
    PlanNewParent,
    PlanNewKind,
}

impl Column {
    pub fn name(self) -> &'static str {
        match self {
            Column::Roster(f) => f.name(),
            Column::UnitCode => "code",
            Column::UnitName => "name",
            Column::UnitParent => "parent",
            Column::UnitKind => "kind",
            Column::PlanSource => "source",
            Column::PlanUnit => "unit",
            Column::PlanNewUnit => "new_unit",
            Column::PlanNewName => "new_name",
            Column::PlanNewParent => "new_parent",
            Column::PlanNewKind => "new_kind",
        }
    }
}

const ROSTER: &[(Field, &[&str])] = &[
    (
        Field::RecordId,
        &[
            "Mã cán bộ",
            "Mã nhân sự",
            "Số hiệu CBCC",
            "Số hiệu cán bộ",
            "Mã CBCC",
            "Mã đảng viên",
            "Mã ĐV",
            "Mã",
            "ID",
            "Mã số",
            "Mã NV",
            "Mã nhân viên",
            "record_id",
        ],
    ),
    (Field::RowNumber, &["STT", "Số TT", "TT", "Số thứ tự"]),
    (
        Field::FullName,
        &[
            "Họ và tên",
            "Họ tên",
            "Họ và tên khai sinh",
            "Tên đầy đủ",
            "Họ và tên đảng viên",
            "Họ tên đảng viên",
            "Họ và tên cán bộ",
            "full_name",
        ],
    ),
    (
        Field::FamilyName,
        &[
            "Họ (và đệm)",
            "Họ và đệm",
            "Họ đệm",
            "Họ và tên đệm",
            "Họ",
            "family_name",
        ],
    ),
    (Field::GivenName, &["Tên", "Tên gọi", "given_name"]),
    (
        Field::BirthDate,
        &[
            "Ngày sinh",
            "Ngày tháng năm sinh",
            "Ngày, tháng, năm sinh",
            "Năm sinh",
            "birth_date",
        ],
    ),
    (
        Field::Gender,
        &["Giới tính", "Nam/Nữ", "Nam, Nữ", "Phái", "Giới", "gender"],
    ),
    (
        Field::NationalId,
        &[
            "Số CCCD",
            "CCCD",
            "Số định danh cá nhân",
            "Số định danh",
            "Số CMND",
            "CMND",
            "CMND/CCCD",
            "Số CMND/CCCD",
            "CCCD/CMND",
            "Số CCCD/CMND",
            "national_id",
        ],
    ),
    (
        Field::Phone,
        &[
            "Số điện thoại",
            "Điện thoại",
            "Di động",
            "Điện thoại di động",
            "SĐT",
            "ĐT",
            "phone",
        ],
    ),
    (Field::Email, &["Email", "E-mail", "Thư điện tử", "email"]),
    (Field::Hometown, &["Quê quán", "Nguyên quán", "hometown"]),
    (Field::Birthplace, &["Nơi sinh", "birthplace"]),
    (
        Field::Unit,
        &[
            "Mã đơn vị",
            "Đơn vị",
            "Đơn vị công tác",
            "Phòng ban",
            "Phòng",
            "Bộ phận",
            "Tên đơn vị",
            "unit",
            "unit_code",
            // The merged roster's own header, read back (SPEC §6).
            "Mã đơn vị mới",
        ],
    ),
    (
        Field::Position,
        &[
            "Chức vụ",
            "Chức vụ hiện tại",
            "Chức danh",
            "Chức vụ chính quyền",
            "position",
        ],
    ),
    (
        Field::Grade,
        &[
            "Mã ngạch",
            "Ngạch",
            "Ngạch công chức",
            "Ngạch viên chức",
            "grade",
        ],
    ),
    (
        Field::PartyCard,
        &[
            "Số thẻ đảng viên",
            "Số thẻ Đảng",
            "Số thẻ ĐV",
            "Số thẻ",
            "party_card",
        ],
    ),
    (
        Field::PartyRecord,
        &[
            "Số lý lịch đảng viên",
            "Số lý lịch",
            "Số LL",
            "Số LLĐV",
            "party_record",
        ],
    ),
    (
        Field::Cell,
        &[
            "Mã chi bộ",
            "Chi bộ",
            "Tên chi bộ",
            "Chi bộ sinh hoạt",
            "cell",
            "cell_code",
            "Mã chi bộ mới",
        ],
    ),
    (
        Field::JoinedOn,
        &[
            "Ngày vào Đảng",
            "Ngày kết nạp",
            "Ngày kết nạp Đảng",
            "Ngày vào đảng",
            "joined_on",
        ],
    ),
    (
        Field::OfficialOn,
        &[
            "Ngày chính thức",
            "Ngày vào Đảng chính thức",
            "Ngày công nhận chính thức",
            "official_on",
        ],
    ),
    (
        Field::PartyRole,
        &[
            "Chức vụ Đảng",
            "Chức vụ đảng",
            "Chức vụ trong Đảng",
            "party_role",
        ],
    ),
];

const UNITS: &[(Column, &[&str])] = &[
    (
        Column::UnitCode,
        &["Mã đơn vị", "Mã", "Mã ĐV", "code", "unit_code"],
    ),
    (Column::UnitName, &["Tên đơn vị", "Tên", "Đơn vị", "name"]),
    (
        Column::UnitParent,
        &[
            "Mã đơn vị cấp trên",
            "Đơn vị cấp trên",
            "Cấp trên",
            "Trực thuộc",
            "parent",
            "parent_code",
        ],
    ),
    (Column::UnitKind, &["Loại", "Loại đơn vị", "kind"]),
];

const PLAN: &[(Column, &[&str])] = &[
    (Column::PlanSource, &["Nguồn", "Đơn vị nguồn", "source"]),
    (
        Column::PlanUnit,
        &["Mã đơn vị cũ", "Đơn vị cũ", "unit", "old_unit"],
    ),
    (Column::PlanNewUnit, &["Mã đơn vị mới", "new_unit"]),
    (Column::PlanNewName, &["Tên đơn vị mới", "new_name"]),
    (
        Column::PlanNewParent,
        &[
            "Đơn vị cấp trên mới",
            "Mã đơn vị cấp trên mới",
            "Cấp trên mới",
            "new_parent",
        ],
    ),
    (
        Column::PlanNewKind,
        &["Loại", "Loại đơn vị", "Loại đơn vị mới", "new_kind"],
    ),
];

/// The alias table of a role as (column, aliases).
fn table(role: Role) -> Vec<(Column, &'static [&'static str])> {
    match role {
        Role::Staff | Role::Party => ROSTER
            .iter()
            .map(|(f, a)| (Column::Roster(*f), *a))
            .collect(),
        Role::Units => UNITS.to_vec(),
        Role::Plan => PLAN.to_vec(),
    }
}

/// Find the column a header names, by English field name or alias.
fn lookup(role: Role, header: &str) -> Option<Column> {
    let key = fold_alnum(header);
    if key.is_empty() {
        return None;
    }
    folded_table(role).get(&key).copied()
}

/// Folded field names and aliases → column, per role, folded once (a file of 10,000
/// columns used to fold every alias again for each header). The first column of the
/// table claiming a key wins, as a search in table order would find it.
fn folded_table(role: Role) -> &'static HashMap<String, Column> {
    static TABLES: OnceLock<[HashMap<String, Column>; 4]> = OnceLock::new();
    let [staff, party, units, plan] = TABLES.get_or_init(|| {
        [Role::Staff, Role::Party, Role::Units, Role::Plan].map(|r| {
            let mut m = HashMap::new();
            for (col, aliases) in table(r) {
                for a in std::iter::once(col.name()).chain(aliases.iter().copied()) {
                    m.entry(fold_alnum(a)).or_insert(col);
                }
            }
            m
        })
    });
    match role {
        Role::Staff => staff,
        Role::Party => party,
        Role::Units => units,
        Role::Plan => plan,
    }
}

/// The header row of a file, mapped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    /// Per header index: the column it maps to, or `None` (kept).
    pub columns: Vec<Option<Column>>,
    /// Indices of the kept columns, in file order.
    pub kept: Vec<usize>,
}

impl Mapping {
    pub fn index_of(&self, col: Column) -> Option<usize> {
        self.columns.iter().position(|c| *c == Some(col))
    }
}

/// Map `headers` for a file of `role`. `overrides` is `columns = {header → field}`;
/// a field of `keep` (or `-`) keeps the column unmapped.
pub fn map(
    role: Role,
    headers: &[String],
    overrides: &BTreeMap<String, String>,
    path: &Path,
    lang: Lang,
) -> Result<Mapping, InputError> {
    let mut columns = Vec::with_capacity(headers.len());
    // Overrides are matched on the folded header too, so `HOTEN_KS` = `hoten ks`.
    let folded_overrides: BTreeMap<String, &String> =
        overrides.iter().map(|(h, f)| (fold_alnum(h), f)).collect();
    for (i, h) in headers.iter().enumerate() {
        let col = match folded_overrides.get(&fold_alnum(h)) {
            Some(f) if f.as_str() == "keep" || f.as_str() == "-" => None,
            Some(f) => Some(lookup_field(role, f).ok_or_else(|| {
                InputError::new(
                    Location::at(path, 1, Some(i as u64 + 1)),
                    format!(
                        "columns: \"{h}\" = \"{f}\": {} ({})",
                        lang.pick("không có trường này", "no such field"),
                        field_names(role).join(", ")
                    ),
                )
            })?),
            None => lookup(role, h),
        };
        columns.push(col);
    }
    for (i, a) in columns.iter().enumerate() {
        let Some(a) = a else { continue };
        if let Some(j) = columns.iter().skip(i + 1).position(|b| b == &Some(*a)) {
            let j = i + 1 + j;
            let col = lang.pick("cột", "column");
            return Err(InputError::new(
                Location::at(path, 1, Some(j as u64 + 1)),
                format!(
                    "{} \"{}\" ({col} {}) {} \"{}\" ({col} {}) → {}; {}",
                    lang.pick("hai cột cùng là một trường:", "two columns map to one field:"),
                    headers.get(i).map_or("", String::as_str),
                    i + 1,
                    lang.pick("và", "and"),
                    headers.get(j).map_or("", String::as_str),
                    j + 1,
                    a.name(),
                    lang.pick(
                        "ghi `columns = { \"TÊN CỘT\" = \"keep\" }` trong merge.toml để giữ một cột nguyên văn",
                        "add `columns = { \"HEADER\" = \"keep\" }` in merge.toml to keep one column as is"
                    ),
                ),
            ));
        }
    }
    // A name split over "Họ" + "Tên" replaces the full name; "Họ" alone is a full name.
    let has = |f: Field| columns.contains(&Some(Column::Roster(f)));
    if has(Field::FamilyName) && !has(Field::GivenName) && !has(Field::FullName) {
        for c in columns.iter_mut() {
            if *c == Some(Column::Roster(Field::FamilyName)) {
                *c = Some(Column::Roster(Field::FullName));
            }
        }
    }
    let kept = columns
        .iter()
        .enumerate()
        .filter(|(i, c)| c.is_none() && headers.get(*i).is_some_and(|h| !h.is_empty()))
        .map(|(i, _)| i)
        .collect();
    Ok(Mapping { columns, kept })
}

fn lookup_field(role: Role, name: &str) -> Option<Column> {
    table(role)
        .into_iter()
        .map(|(c, _)| c)
        .find(|c| c.name() == name.trim())
}

/// The field names a `columns` override may use for a role.
pub fn field_names(role: Role) -> Vec<&'static str> {
    table(role).into_iter().map(|(c, _)| c.name()).collect()
}

/// How well `headers` fit a role: the number of distinct columns recognised, for
/// `init` to guess what a file is.
pub fn fit(role: Role, headers: &[String]) -> usize {
    let mut seen: Vec<Column> = headers.iter().filter_map(|h| lookup(role, h)).collect();
    seen.sort();
    seen.dedup();
    seen.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(role: Role, headers: &[&str]) -> Result<Mapping, InputError> {
        let h: Vec<String> = headers.iter().map(|s| s.to_string()).collect();
        map(role, &h, &BTreeMap::new(), Path::new("x.csv"), Lang::En)
    }

    #[test]
    fn aliases_ignore_case_diacritics_spacing_punctuation() {
        for (header, field) in [
            ("HỌ VÀ TÊN", Field::FullName),
            ("ho va ten", Field::FullName),
            ("Số  CMND / CCCD", Field::NationalId),
            ("Ngày tháng năm sinh", Field::BirthDate),
            ("SĐT", Field::Phone),
            ("Mã đảng viên", Field::RecordId),
            ("Số LL", Field::PartyRecord),
            ("Chức vụ Đảng", Field::PartyRole),
            ("full_name", Field::FullName),
            // The merged rosters' Vietnamese headers, read back.
            ("Mã đơn vị mới", Field::Unit),
            ("Mã chi bộ mới", Field::Cell),
        ] {
            let map = m(Role::Staff, &[header]).unwrap();
            assert_eq!(map.columns[0], Some(Column::Roster(field)), "{header}");
        }
    }

    #[test]
    fn unknown_columns_are_kept() {
        let map = m(Role::Staff, &["Họ tên", "Ghi chú", "Trình độ"]).unwrap();
        assert_eq!(map.kept, vec![1, 2]);
    }

    #[test]
    fn two_columns_one_field_is_an_error_naming_both() {
        let err = m(Role::Staff, &["Họ tên", "Số CCCD", "CMND"]).unwrap_err();
        assert!(
            err.message.contains("Số CCCD") && err.message.contains("CMND"),
            "{}",
            err.message
        );
        assert_eq!(err.location.column, Some(3));
    }

    #[test]
    fn overrides_beat_aliases_and_keep() {
        let h: Vec<String> = ["HOTEN_KS", "Họ tên"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let o = BTreeMap::from([
            ("HOTEN_KS".to_string(), "full_name".to_string()),
            ("Họ tên".to_string(), "keep".to_string()),
        ]);
        let map = map(Role::Staff, &h, &o, Path::new("x"), Lang::En).unwrap();
        assert_eq!(
            map.columns,
            vec![Some(Column::Roster(Field::FullName)), None]
        );
    }

    #[test]
    fn split_name_and_units_and_plan() {
        let map = m(Role::Party, &["Họ (và đệm)", "Tên"]).unwrap();
        assert_eq!(map.columns[1], Some(Column::Roster(Field::GivenName)));
        let map = m(Role::Units, &["Mã", "Tên", "Cấp trên", "Loại"]).unwrap();
        assert_eq!(
            map.columns,
            vec![
                Some(Column::UnitCode),
                Some(Column::UnitName),
                Some(Column::UnitParent),
                Some(Column::UnitKind)
            ]
        );
        let map = m(
            Role::Plan,
            &["Nguồn", "Mã đơn vị cũ", "Mã đơn vị mới", "Tên đơn vị mới"],
        )
        .unwrap();
        assert_eq!(map.columns[2], Some(Column::PlanNewUnit));
    }
}
