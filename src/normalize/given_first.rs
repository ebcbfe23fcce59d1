//! Names written given name first (`Linh Nguyễn Quang`, `Dũng Phạm`): the `Tên`
//! and `Họ` columns joined the wrong way round, or a form filled in the Western
//! order.
//!
//! Told by name-token frequencies (`data/names/vi_name_tokens.csv`, counts over
//! ~8,700 real names): the first word is a given name at least five times as
//! often as a family name (Trang, Sơn; not Mai, Lâm, Hoàng), and the second is
//! a family name of at least 20 of those names, and at least a quarter as often
//! as a middle name (Nguyễn, Lê, Hoàng; not Văn, Thị, Minh). A name that starts with a common family name is
//! never turned.

use foldhash::HashMap;
use std::sync::OnceLock;

const TOKENS: &str = include_str!("../../data/names/vi_name_tokens.csv");

/// How often a folded token was a family, middle and given name.
#[derive(Default, Clone, Copy)]
struct Counts {
    family: u32,
    middle: u32,
    given: u32,
}

/// Counts by name key (lower case, canonical tone) and by folded token: a word
/// typed without diacritics is looked up folded, others as written (`Hằng` is
/// never a family name, the folded `hang` is: Hàng).
fn table(folded: bool) -> &'static HashMap<String, Counts> {
    static KEYED: OnceLock<HashMap<String, Counts>> = OnceLock::new();
    static FOLDED: OnceLock<HashMap<String, Counts>> = OnceLock::new();
    let (cell, form): (_, fn(&str) -> String) = if folded {
        (&FOLDED, super::text::fold)
    } else {
        (&KEYED, super::syllable::canonical_tone)
    };
    cell.get_or_init(|| {
        let mut t: HashMap<String, Counts> = HashMap::default();
        for line in TOKENS.lines().skip(1) {
            let mut f = line.split(',');
            let (Some(part), Some(token), _, Some(count)) =
                (f.next(), f.next(), f.next(), f.next())
            else {
                continue;
            };
            let n: u32 = count.trim().parse().unwrap_or(0);
            let c = t.entry(form(token).to_lowercase()).or_default();
            match part {
                "family" => c.family += n,
                "middle" => c.middle += n,
                "given" => c.given += n,
                _ => {}
            }
        }
        t
    })
}

/// Builds both tables now; see [`super::warm`].
pub fn warm() {
    table(false);
    table(true);
}

/// Whether a name (`Name::key`) is written given name first. A word is looked
/// up as written; one without diacritics that is not found there, folded (it
/// may have lost them: `Dũng Pham`). `Ly` is found as written: the folded `ly`
/// would count the family name Lý.
pub fn is_given_first(key: &str) -> bool {
    let mut words = key.split(' ');
    let (Some(first), Some(second)) = (words.next(), words.next()) else {
        return false;
    };
    let counts = |w: &str| {
        table(false)
            .get(w)
            .or_else(|| w.is_ascii().then(|| table(true).get(w)).flatten())
    };
    let (Some(a), Some(b)) = (counts(first), counts(second)) else {
        return false;
    };
    5 * a.family < a.given && b.family >= 20 && 4 * b.family >= b.middle
}

#[cfg(test)]
mod tests {
    /// Whether `parse` turns the name: its key then starts with another word.
    fn given_first(name: &str) -> bool {
        let key = crate::normalize::name::parse(name).map(|n| n.key);
        let first = name.split(' ').next().unwrap_or("");
        let first = crate::normalize::syllable::canonical_tone(first);
        !key.unwrap_or_default().starts_with(&first)
    }

    #[test]
    fn given_name_first_is_told() {
        for name in [
            "Linh Nguyễn Quang",
            "Hằng Lê Diệu",
            "Dũng Phạm",
            "Hieu Nguyen",
            "Nam Hoàng Hải",
            "Trang Nguyễn Thị",
            "Anh Pham Tung",
            "Dũng Pham",
            "Ly Lê Thị",
        ] {
            assert!(given_first(name), "{name}");
        }
    }

    #[test]
    fn family_name_first_stays() {
        for name in [
            "Nguyễn Văn An",
            "Khúc Văn Hùng",  // rare family name, middle name Văn
            "Mai Hữu Thắng",  // Mai is also a given name
            "Hoàng Lê Minh",  // first word a family name
            "Lâm Nguyễn Hải", // Lâm is both
            "Xyz Nguyễn An",  // unknown first word
            "An",
        ] {
            assert!(!given_first(name), "{name}");
        }
    }
}
