//! The two scenarios of the 2025 reform this generator knows — Hải Phòng absorbing
//! Hải Dương's office, An Giang absorbing Kiên Giang's — and, per source, how its
//! clerks export: file names, header dialect (SPEC §3 aliases), encoding, delimiter,
//! date and gender style, record-id and unit-code style.

/// Which merger to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Scenario {
    HaiPhong,
    AnGiang,
}

/// How a file is stored on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enc {
    Utf8Bom,
    Utf8,
    Utf16Le,
    Cp1258,
    Tcvn3,
    Vni,
    /// An Excel workbook with this sheet name.
    Xlsx(&'static str),
}

impl Enc {
    /// The `encoding = "…"` merge.toml needs: only for legacy code pages, which
    /// cannot be told apart reliably (TCVN3 vs VNI); Unicode is left to sniffing.
    pub fn toml_name(self) -> Option<&'static str> {
        match self {
            Enc::Cp1258 => Some("windows-1258"),
            Enc::Tcvn3 => Some("tcvn3"),
            Enc::Vni => Some("vni"),
            _ => None,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Enc::Utf8Bom => "UTF-8 có BOM",
            Enc::Utf8 => "UTF-8 không BOM",
            Enc::Utf16Le => "UTF-16LE có BOM (Excel \"Unicode text\")",
            Enc::Cp1258 => "Windows-1258",
            Enc::Tcvn3 => "TCVN3 (ABC, phông .VnTime)",
            Enc::Vni => "VNI-Windows",
            Enc::Xlsx(_) => "Excel (.xlsx)",
        }
    }
    /// Legacy font text pasted into a cell only shows up in Unicode files.
    pub fn is_unicode(self) -> bool {
        matches!(self, Enc::Utf8Bom | Enc::Utf8 | Enc::Utf16Le | Enc::Xlsx(_))
    }
}

/// How dates are typed in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateStyle {
    /// 05/03/1972
    Dmy,
    /// 5/3/1972
    DmyShort,
    /// 05-03-1972
    DmyDash,
    /// 1972-03-05
    Iso,
}

/// How gender is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GenderStyle {
    NamNu,
    LowerNamNu,
    /// 1 = Nam, 0 = Nữ
    OneZero,
}

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Col {
    RecordId,
    FullName,
    /// "Họ (và đệm)": family and middle names.
    FamilyMiddle,
    /// "Tên": the given name alone.
    Given,
    Birth,
    Gender,
    NationalId,
    Phone,
    Email,
    Hometown,
    UnitCode,
    UnitName,
    Position,
    Grade,
    CellCode,
    CellName,
    PartyCard,
    PartyRecord,
    Joined,
    Official,
    PartyRole,
    /// Unmapped columns the merge must carry through.
    Qualification,
    Note,
    Theory,
    // Units file.
    Code,
    Name,
    ParentCode,
    ParentName,
    Kind,
}

/// Record ids as a source numbers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdStyle {
    /// prefix + zero-padded number: `CB00012`.
    Prefixed(&'static str, usize),
    /// The row number in an STT column.
    Stt,
}

impl IdStyle {
    pub fn format(self, seq: usize) -> String {
        match self {
            IdStyle::Prefixed(p, w) => format!("{p}{seq:0w$}"),
            IdStyle::Stt => seq.to_string(),
        }
    }
}

/// One file a source exports.
#[derive(Debug, Clone, Copy)]
pub struct FileDef {
    /// Base name without extension.
    pub stem: &'static str,
    pub enc: Enc,
    pub delim: u8,
    pub cols: &'static [(&'static str, Col)],
    pub ids: IdStyle,
}

impl FileDef {
    pub fn file_name(&self) -> String {
        match self.enc {
            Enc::Xlsx(_) => format!("{}.xlsx", self.stem),
            _ => format!("{}.csv", self.stem),
        }
    }
}

/// Unit codes as a source writes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeStyle {
    Hp,
    Hd,
    Ag,
    Kg,
}

impl CodeStyle {
    pub fn agency(self) -> String {
        self.dept(0)
    }
    pub fn dept(self, i: usize) -> String {
        match self {
            CodeStyle::Hp => format!("VP{i:02}"),
            CodeStyle::Hd if i == 0 => "HD.VP".into(),
            CodeStyle::Hd => format!("HD.VP.{i:02}"),
            CodeStyle::Ag => format!("AG-P{i:02}"),
            CodeStyle::Kg => format!("KG01{i:02}"),
        }
    }
    pub fn party(self) -> String {
        match self {
            CodeStyle::Hp => "DB00".into(),
            CodeStyle::Ag => "AG-DB".into(),
            s => s.cell(0),
        }
    }
    pub fn cell(self, i: usize) -> String {
        match self {
            CodeStyle::Hp => format!("CB{i:03}"),
            CodeStyle::Hd if i == 0 => "HD.DB".into(),
            CodeStyle::Hd => format!("HD.DB.{i:03}"),
            CodeStyle::Ag => format!("AG-CB{i:03}"),
            CodeStyle::Kg => format!("KG90{i:03}"),
        }
    }
}

/// One agency being merged.
#[derive(Debug, Clone, Copy)]
pub struct SourceDef {
    pub key: &'static str,
    /// "Văn phòng UBND thành phố Hải Phòng".
    pub name: &'static str,
    /// "thành phố Hải Phòng" / "tỉnh Hải Dương".
    pub province: &'static str,
    /// Three-digit CCCD province code.
    pub cccd_code: &'static str,
    /// First two digits of the old 9-digit CMND.
    pub cmnd_prefix: &'static str,
    pub email_domain: &'static str,
    /// Folder inside the project.
    pub dir: &'static str,
    pub codes: CodeStyle,
    pub dates: DateStyle,
    pub gender: GenderStyle,
    /// Commune party cells are "thôn" in the north, "ấp" in the Mekong delta.
    pub hamlet: &'static str,
    pub staff: FileDef,
    pub party: FileDef,
    pub units: FileDef,
}

use Col::*;

const HP_STAFF: &[(&str, Col)] = &[
    ("Mã cán bộ", RecordId),
    ("Họ và tên", FullName),
    ("Ngày sinh", Birth),
    ("Giới tính", Gender),
    ("Số CCCD", NationalId),
    ("Điện thoại", Phone),
    ("Email", Email),
    ("Quê quán", Hometown),
    ("Mã đơn vị", UnitCode),
    ("Chức vụ", Position),
    ("Mã ngạch", Grade),
];
const HP_PARTY: &[(&str, Col)] = &[
    ("Mã đảng viên", RecordId),
    ("Họ và tên", FullName),
    ("Ngày sinh", Birth),
    ("Giới tính", Gender),
    ("Số CCCD", NationalId),
    ("Mã chi bộ", CellCode),
    ("Số thẻ đảng viên", PartyCard),
    ("Số lý lịch đảng viên", PartyRecord),
    ("Ngày vào Đảng", Joined),
    ("Ngày chính thức", Official),
    ("Chức vụ Đảng", PartyRole),
];
const HD_STAFF: &[(&str, Col)] = &[
    ("Số hiệu CBCC", RecordId),
    ("Họ (và đệm)", FamilyMiddle),
    ("Tên", Given),
    ("Ngày tháng năm sinh", Birth),
    ("Nam/Nữ", Gender),
    ("CMND/CCCD", NationalId),
    ("Di động", Phone),
    ("Thư điện tử", Email),
    ("Nguyên quán", Hometown),
    ("Phòng ban", UnitName),
    ("Chức danh", Position),
    ("Ngạch", Grade),
    ("Trình độ chuyên môn", Qualification),
];
const HD_PARTY: &[(&str, Col)] = &[
    ("STT", RecordId),
    ("Họ và tên khai sinh", FullName),
    ("Ngày sinh", Birth),
    ("Nam/Nữ", Gender),
    ("Số CMND/CCCD", NationalId),
    ("Quê quán", Hometown),
    ("Chi bộ", CellName),
    ("Số thẻ Đảng", PartyCard),
    ("Số LL", PartyRecord),
    ("Ngày kết nạp", Joined),
    ("Ngày chính thức", Official),
    ("Chức vụ Đảng", PartyRole),
    ("Ghi chú", Note),
];
const AG_STAFF: &[(&str, Col)] = &[
    ("Mã nhân sự", RecordId),
    ("Họ tên", FullName),
    ("Ngày sinh", Birth),
    ("Phái", Gender),
    ("Số định danh cá nhân", NationalId),
    ("SĐT", Phone),
    ("Email", Email),
    ("Quê quán", Hometown),
    ("Đơn vị công tác", UnitName),
    ("Chức vụ hiện tại", Position),
    ("Mã ngạch", Grade),
];
const AG_PARTY: &[(&str, Col)] = &[
    ("Mã đảng viên", RecordId),
    ("Họ tên", FullName),
    ("Ngày sinh", Birth),
    ("Giới tính", Gender),
    ("CCCD", NationalId),
    ("Mã chi bộ", CellCode),
    ("Số thẻ đảng viên", PartyCard),
    ("Số lý lịch đảng viên", PartyRecord),
    ("Ngày vào Đảng", Joined),
    ("Ngày chính thức", Official),
    ("Chức vụ Đảng", PartyRole),
];
const KG_STAFF: &[(&str, Col)] = &[
    ("Mã CBCC", RecordId),
    ("Họ và tên", FullName),
    ("Ngày sinh", Birth),
    ("Giới tính", Gender),
    ("Số CMND/CCCD", NationalId),
    ("Số điện thoại", Phone),
    ("Quê quán", Hometown),
    ("Mã đơn vị", UnitCode),
    ("Chức vụ", Position),
    ("Ngạch", Grade),
    ("Ghi chú", Note),
];
const KG_PARTY: &[(&str, Col)] = &[
    ("Mã", RecordId),
    ("Họ và tên", FullName),
    ("Ngày sinh", Birth),
    ("Giới tính", Gender),
    ("CCCD", NationalId),
    ("Chi bộ", CellName),
    ("Số thẻ Đảng", PartyCard),
    ("Số LL", PartyRecord),
    ("Ngày kết nạp", Joined),
    ("Ngày chính thức", Official),
    ("Chức vụ Đảng", PartyRole),
    ("Trình độ lý luận chính trị", Theory),
];
const UNITS_A: &[(&str, Col)] = &[
    ("Mã đơn vị", Code),
    ("Tên đơn vị", Name),
    ("Mã đơn vị cấp trên", ParentCode),
    ("Loại", Kind),
];
const UNITS_B: &[(&str, Col)] = &[
    ("Mã", Code),
    ("Tên", Name),
    ("Cấp trên", ParentCode),
    ("Loại đơn vị", Kind),
];
const UNITS_C: &[(&str, Col)] = &[
    ("Mã", Code),
    ("Tên đơn vị", Name),
    ("Đơn vị cấp trên", ParentName),
    ("Loại", Kind),
];

/// The sources of a scenario, target first. Across both scenarios every encoding,
/// both non-comma delimiters and an XLSX file occur at least once.
pub fn sources(s: Scenario) -> [SourceDef; 2] {
    match s {
        Scenario::HaiPhong => [
            SourceDef {
                key: "HP",
                name: "Văn phòng UBND thành phố Hải Phòng",
                province: "thành phố Hải Phòng",
                cccd_code: "031",
                cmnd_prefix: "03",
                email_domain: "haiphong.gov.vn",
                dir: "hp",
                codes: CodeStyle::Hp,
                dates: DateStyle::Dmy,
                gender: GenderStyle::NamNu,
                hamlet: "thôn",
                staff: file(
                    "can-bo",
                    Enc::Utf8Bom,
                    b',',
                    HP_STAFF,
                    IdStyle::Prefixed("CB", 5),
                ),
                party: file(
                    "dang-vien",
                    Enc::Utf8Bom,
                    b';',
                    HP_PARTY,
                    IdStyle::Prefixed("DV", 5),
                ),
                units: file("don-vi", Enc::Utf8, b',', UNITS_A, IdStyle::Stt),
            },
            SourceDef {
                key: "HD",
                name: "Văn phòng UBND tỉnh Hải Dương",
                province: "tỉnh Hải Dương",
                cccd_code: "030",
                cmnd_prefix: "14",
                email_domain: "haiduong.gov.vn",
                dir: "hd",
                codes: CodeStyle::Hd,
                dates: DateStyle::DmyShort,
                gender: GenderStyle::NamNu,
                hamlet: "thôn",
                staff: file(
                    "nhan-su",
                    Enc::Xlsx("DS"),
                    b',',
                    HD_STAFF,
                    IdStyle::Prefixed("NS-", 4),
                ),
                party: file("dang-vien", Enc::Tcvn3, b';', HD_PARTY, IdStyle::Stt),
                units: file("don-vi", Enc::Cp1258, b',', UNITS_B, IdStyle::Stt),
            },
        ],
        Scenario::AnGiang => [
            SourceDef {
                key: "AG",
                name: "Văn phòng UBND tỉnh An Giang",
                province: "tỉnh An Giang",
                cccd_code: "089",
                cmnd_prefix: "35",
                email_domain: "angiang.gov.vn",
                dir: "ag",
                codes: CodeStyle::Ag,
                dates: DateStyle::Dmy,
                gender: GenderStyle::LowerNamNu,
                hamlet: "ấp",
                staff: file(
                    "nhan-su",
                    Enc::Utf16Le,
                    b'\t',
                    AG_STAFF,
                    IdStyle::Prefixed("AG", 6),
                ),
                party: file(
                    "dang-vien",
                    Enc::Utf8,
                    b',',
                    AG_PARTY,
                    IdStyle::Prefixed("DV-AG-", 5),
                ),
                units: file("don-vi", Enc::Utf8Bom, b',', UNITS_A, IdStyle::Stt),
            },
            SourceDef {
                key: "KG",
                name: "Văn phòng UBND tỉnh Kiên Giang",
                province: "tỉnh Kiên Giang",
                cccd_code: "091",
                cmnd_prefix: "37",
                email_domain: "kiengiang.gov.vn",
                dir: "kg",
                codes: CodeStyle::Kg,
                dates: DateStyle::DmyDash,
                gender: GenderStyle::OneZero,
                hamlet: "ấp",
                staff: file(
                    "can-bo",
                    Enc::Vni,
                    b',',
                    KG_STAFF,
                    IdStyle::Prefixed("KG.CB.", 4),
                ),
                party: file(
                    "dang-vien",
                    Enc::Cp1258,
                    b';',
                    KG_PARTY,
                    IdStyle::Prefixed("", 6),
                ),
                units: file("don-vi", Enc::Utf8Bom, b';', UNITS_C, IdStyle::Stt),
            },
        ],
    }
}

const fn file(
    stem: &'static str,
    enc: Enc,
    delim: u8,
    cols: &'static [(&'static str, Col)],
    ids: IdStyle,
) -> FileDef {
    FileDef {
        stem,
        enc,
        delim,
        cols,
        ids,
    }
}

/// `--formats csv`: the same dialects, but every file UTF-8 with `,`.
pub fn plain(mut f: FileDef) -> FileDef {
    f.enc = Enc::Utf8;
    f.delim = b',';
    f
}
