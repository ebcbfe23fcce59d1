//! Unit kinds and the name key that lets `P. Tổng hợp`, `PHÒNG TỔNG HỢP` and
//! `Phong Tong hop` name the same unit. Clerks abbreviate unit names freely in
//! rosters, so unit matching expands the common abbreviations before comparing.

use crate::normalize::text::{fold, fold_alnum};

/// What a unit is. Phòng, Ban and Trung tâm are all departments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum UnitKind {
    /// Cơ quan.
    Agency,
    /// Phòng / Ban / Trung tâm / Văn phòng inside an agency.
    Department,
    /// Đảng bộ (or đảng bộ bộ phận).
    PartyCommittee,
    /// Chi bộ.
    PartyCell,
    /// Not given and not guessable from the name.
    #[default]
    Unknown,
}

impl UnitKind {
    /// The kind from the kind column, else guessed from the name.
    pub fn parse(kind: &str, name: &str) -> UnitKind {
        match Self::from_text(kind) {
            UnitKind::Unknown => Self::from_name(name),
            k => k,
        }
    }

    fn from_text(kind: &str) -> UnitKind {
        let k = fold_alnum(kind);
        match k.as_str() {
            "" => UnitKind::Unknown,
            "coquan" | "agency" => UnitKind::Agency,
            "phong" | "ban" | "trungtam" | "vanphong" | "department" => UnitKind::Department,
            "dangbo" | "dangbobophan" | "partycommittee" | "committee" => UnitKind::PartyCommittee,
            "chibo" | "partycell" | "cell" => UnitKind::PartyCell,
            _ => Self::from_name(kind),
        }
    }

    /// Guess from how the name starts: "Chi bộ …", "Đảng bộ …", "Phòng …".
    fn from_name(name: &str) -> UnitKind {
        let words = expanded_words(name);
        let starts = |w: &[&str]| {
            words.len() >= w.len() && words.iter().zip(w).all(|(a, b)| a.as_str() == *b)
        };
        if starts(&["chi", "bo"]) {
            UnitKind::PartyCell
        } else if starts(&["dang", "bo"]) {
            UnitKind::PartyCommittee
        } else if starts(&["phong"]) || starts(&["ban"]) || starts(&["trung", "tam"]) {
            UnitKind::Department
        } else if starts(&["co", "quan"]) {
            UnitKind::Agency
        } else {
            UnitKind::Unknown
        }
    }

    /// English name as written in machine outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::Agency => "agency",
            UnitKind::Department => "department",
            UnitKind::PartyCommittee => "party_committee",
            UnitKind::PartyCell => "party_cell",
            UnitKind::Unknown => "",
        }
    }

    /// Vietnamese name as a clerk writes it.
    pub fn label_vi(self) -> &'static str {
        match self {
            UnitKind::Agency => "Cơ quan",
            UnitKind::Department => "Phòng",
            UnitKind::PartyCommittee => "Đảng bộ",
            UnitKind::PartyCell => "Chi bộ",
            UnitKind::Unknown => "",
        }
    }

    /// Two kinds may name the same unit: equal, or one of them unknown.
    pub fn compatible(self, other: UnitKind) -> bool {
        self == other || self == UnitKind::Unknown || other == UnitKind::Unknown
    }
}

/// Abbreviations clerks use in unit names, folded, and what they stand for.
const ABBREVIATIONS: [(&str, &str); 9] = [
    ("p", "phong"),
    ("vp", "van phong"),
    ("tt", "trung tam"),
    ("cb", "chi bo"),
    ("db", "dang bo"),
    ("ubnd", "uy ban nhan dan"),
    ("hdnd", "hoi dong nhan dan"),
    ("tp", "thanh pho"),
    ("cq", "co quan"),
];

/// Folded words with abbreviations expanded: "P. Tổng hợp" → phong, tong, hop.
fn expanded_words(name: &str) -> Vec<String> {
    let folded = fold(name);
    let mut out = Vec::new();
    for word in folded.split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        match ABBREVIATIONS.iter().find(|(a, _)| *a == word) {
            Some((_, full)) => out.extend(full.split(' ').map(str::to_string)),
            None => out.push(word.to_string()),
        }
    }
    // A cell is named after its department with or without the word: "Chi bộ Phòng
    // Tổng hợp" = "Chi bộ Tổng hợp".
    if out.len() > 3 && out[..3] == ["chi", "bo", "phong"] {
        out.remove(2);
    }
    out
}

/// The key two unit names must share to name the same unit: folded, letters and
/// digits only, abbreviations expanded.
pub fn name_key(name: &str) -> String {
    expanded_words(name).concat()
}

/// Words that say what kind of body a unit is, not which one (folded,
/// abbreviations expanded); longest first where one starts another.
const BODY_WORDS: [&[&str]; 7] = [
    &["dang", "bo", "bo", "phan"],
    &["dang", "bo"],
    &["dang", "uy"],
    &["chi", "bo"],
    &["co", "quan"],
    &["uy", "ban", "nhan", "dan"],
    &["phong"],
];

/// What a unit is named after, without the leading words that say what kind of
/// body it is: `Chi bộ Phòng Nội chính` and `Phòng Nội chính` → `noichinh`;
/// `Đảng bộ xã An Trung` and `UBND xã An Trung` → `xaantrung`. This is how a
/// source's Party tree names the agency units its cells and committees sit in.
/// Empty when nothing else is left (`Chi bộ`).
pub fn subject_key(name: &str) -> String {
    let words = expanded_words(name);
    let mut rest = words.as_slice();
    while let Some(body) = BODY_WORDS
        .iter()
        .find(|b| rest.len() >= b.len() && rest.iter().zip(b.iter()).all(|(w, b)| w.as_str() == *b))
    {
        rest = rest.get(body.len()..).unwrap_or_default();
    }
    rest.concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_keys() {
        for (a, b) in [
            ("P. Tổng hợp", "Phòng Tổng hợp"),
            ("P.Tổng hợp", "PHÒNG TỔNG HỢP"),
            ("VP", "Văn phòng"),
            ("TT Thông tin", "Trung tâm Thông tin"),
            ("Chi bộ  Phòng Tổng hợp", "CB P. Tong hop"),
            ("Văn phòng UBND", "Văn phòng Ủy ban nhân dân"),
            ("Chi bộ Phòng Tổng hợp", "Chi bộ Tổng hợp"),
        ] {
            assert_eq!(name_key(a), name_key(b), "{a:?} vs {b:?}");
        }
        assert_ne!(name_key("Phòng Tổng hợp"), name_key("Phòng Nội chính"));
    }

    #[test]
    fn subject_keys_meet_across_the_two_trees() {
        for (a, b) in [
            ("Chi bộ Phòng Nội chính", "Phòng Nội chính"),
            ("CB P. Nội chính", "Phòng Nội chính"),
            ("Đảng bộ xã An Trung", "UBND xã An Trung"),
            ("Đảng ủy xã An Trung", "Ủy ban nhân dân xã An Trung"),
            ("Chi bộ Sở Y tế", "Sở Y tế"),
            (
                "Đảng bộ Văn phòng UBND tỉnh An Giang",
                "Văn phòng UBND tỉnh An Giang",
            ),
            ("Chi bộ cơ quan UBND xã Tân Trung", "UBND xã Tân Trung"),
        ] {
            assert_eq!(subject_key(a), subject_key(b), "{a:?} vs {b:?}");
        }
        assert_eq!(subject_key("Chi bộ"), "");
        assert_ne!(
            subject_key("Chi bộ thôn 1 xã An Trung"),
            subject_key("UBND xã An Trung")
        );
        assert_eq!(subject_key("Văn phòng UBND"), "vanphonguybannhandan");
    }

    #[test]
    fn kinds() {
        for (kind, name, want) in [
            ("Cơ quan", "", UnitKind::Agency),
            ("PHÒNG", "x", UnitKind::Department),
            ("Ban", "x", UnitKind::Department),
            ("Trung tâm", "x", UnitKind::Department),
            ("Đảng bộ", "x", UnitKind::PartyCommittee),
            ("chi bo", "x", UnitKind::PartyCell),
            ("", "Chi bộ Phòng Tổng hợp", UnitKind::PartyCell),
            ("", "Đảng bộ Văn phòng", UnitKind::PartyCommittee),
            ("", "P. Tổng hợp", UnitKind::Department),
            ("", "Trung tâm Tin học", UnitKind::Department),
            ("", "Văn phòng UBND", UnitKind::Unknown),
            ("", "", UnitKind::Unknown),
        ] {
            assert_eq!(UnitKind::parse(kind, name), want, "{kind:?} {name:?}");
        }
    }
}
