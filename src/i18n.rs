//! Vietnamese / English wording. Vietnamese is the default; `--lang en` or
//! `SAPNHAP_LANG=en` switches terminal messages and human-facing files.

/// The language of everything a person reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    /// Pick the Vietnamese or the English text.
    pub fn pick<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }
}

/// A text a person reads, kept in both languages until the output picks one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Text {
    pub vi: String,
    pub en: String,
}

impl Text {
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Self {
        Text {
            vi: vi.into(),
            en: en.into(),
        }
    }
    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.vi, &self.en)
    }
}

/// Vietnamese name of an output field, for sentences a clerk reads.
pub fn field_vi(field: &str) -> &str {
    match field {
        "full_name" => "họ tên",
        "birth_date" => "ngày sinh",
        "gender" => "giới tính",
        "national_id" => "số CCCD/CMND",
        "phone" => "số điện thoại",
        "email" => "email",
        "hometown" => "quê quán",
        "unit" => "đơn vị",
        "position" => "chức vụ",
        "grade" => "ngạch",
        "party_card" => "số thẻ đảng viên",
        "party_record" => "số lý lịch đảng viên",
        "cell" => "chi bộ",
        "joined_on" => "ngày vào Đảng",
        "official_on" => "ngày chính thức",
        "party_role" => "chức vụ Đảng",
        other => other,
    }
}
