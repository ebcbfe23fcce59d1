//! Vietnamese syllable structure: onset, vowel cluster, coda and tone of one written
//! word; whether it is a real Vietnamese syllable; and one canonical tone placement.
//!
//! Validity is what lets the readers tell Vietnamese from mojibake: file-encoding
//! detection and per-cell legacy repair both score text by the share of its words that
//! are valid syllables ([`vietnamese_score`]). Canonical tone placement lets `Hoà` and
//! `Hòa` give the same name key.
//!
//! **Tone placement rule** (the traditional one, "kiểu cũ", the most common spelling
//! in rosters: `Hòa` outnumbers `Hoà` about five to one in the name sample):
//! 1. on the vowel with a shape mark (â ă ê ô ơ ư), the last one if two (`ươ` → ơ);
//! 2. else, with a final consonant, on the last vowel (`hoàn`, `huýt`);
//! 3. else on the middle of three vowels (`khoái`, `khuỷu`), the first of two
//!    (`hòa`, `thủy`, `khỏe`, `mùa`), the only one otherwise.
//!
//! The `u` of `qu` and the `i` of `gi` belong to the onset, so `Qúy` → `quý`.

use foldhash::HashSet;
use std::sync::OnceLock;

use super::text;

/// The six tones; `Ngang` is the unmarked level tone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tone {
    Ngang,
    Huyen,
    Sac,
    Hoi,
    Nga,
    Nang,
}

const TONES: [Tone; 6] = [
    Tone::Ngang,
    Tone::Huyen,
    Tone::Sac,
    Tone::Hoi,
    Tone::Nga,
    Tone::Nang,
];

/// Each vowel with its tones, in the order of [`TONES`].
const VOWELS: [[char; 6]; 12] = [
    ['a', 'à', 'á', 'ả', 'ã', 'ạ'],
    ['ă', 'ằ', 'ắ', 'ẳ', 'ẵ', 'ặ'],
    ['â', 'ầ', 'ấ', 'ẩ', 'ẫ', 'ậ'],
    ['e', 'è', 'é', 'ẻ', 'ẽ', 'ẹ'],
    ['ê', 'ề', 'ế', 'ể', 'ễ', 'ệ'],
    ['i', 'ì', 'í', 'ỉ', 'ĩ', 'ị'],
    ['o', 'ò', 'ó', 'ỏ', 'õ', 'ọ'],
    ['ô', 'ồ', 'ố', 'ổ', 'ỗ', 'ộ'],
    ['ơ', 'ờ', 'ớ', 'ở', 'ỡ', 'ợ'],
    ['u', 'ù', 'ú', 'ủ', 'ũ', 'ụ'],
    ['ư', 'ừ', 'ứ', 'ử', 'ữ', 'ự'],
    ['y', 'ỳ', 'ý', 'ỷ', 'ỹ', 'ỵ'],
];

/// Onsets (initial consonants) of Vietnamese spelling, `""` for none.
const ONSETS: [&str; 28] = [
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh",
    "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
];

/// Rimes: a vowel cluster and the final consonants it takes (`-` = none); then the
/// clusters that take no final consonant.
const RIMES: &str = "\
a   - c ch m n ng nh p t
ă   c m n ng p t
â   c m n ng p t
e   - c m n ng p t
ê   - ch m n nh p t
i   - ch m n nh p t
o   - c m n ng p t
ô   - c m n ng p t
ơ   - m n p t
u   - c m n ng p t
ư   - c m n ng t
iê  c m n ng p t
yê  m n ng t
uô  c m n ng t
ươ  c m n ng p t
oa  - c ch m n ng nh p t
oă  c m n ng t
oe  - n t
uâ  n ng t
uê  - ch nh n
uy  - ch n nh t
uyê n t
";
const OPEN_RIMES: &str = "y ai ao au ay âu ây eo êu iu oi ôi ơi ui ưi ưu \
    ia iêu yêu ua uôi ưa ươi ươu oai oay oao oeo uây uyu uya uơ";

/// Every valid rime written out (`"oanh"`, `"ươc"`, `"ai"` …), built once.
fn rimes() -> &'static HashSet<String> {
    static SET: OnceLock<HashSet<String>> = OnceLock::new();
    SET.get_or_init(|| {
        let mut set = HashSet::default();
        for line in RIMES.lines() {
            let mut fields = line.split_whitespace();
            let vowels = fields.next().unwrap_or_default();
            for coda in fields {
                let coda = if coda == "-" { "" } else { coda };
                set.insert(format!("{vowels}{coda}"));
            }
        }
        set.extend(OPEN_RIMES.split_whitespace().map(str::to_string));
        set
    })
}

/// `(base vowel, tone)` of a lower-case letter; `None` for anything but a vowel.
pub fn split_vowel(c: char) -> Option<(char, Tone)> {
    match c {
        'a' | 'e' | 'i' | 'o' | 'u' | 'y' => Some((c, Tone::Ngang)),
        _ if c.is_ascii() => None,
        _ => {
            let table = toned_vowels();
            let i = table.binary_search_by_key(&c, |&(v, _, _)| v).ok()?;
            table.get(i).map(|&(_, base, tone)| (base, tone))
        }
    }
}

/// `(letter, base vowel, tone)` of every vowel letter, sorted by letter.
fn toned_vowels() -> &'static [(char, char, Tone)] {
    static TABLE: OnceLock<Vec<(char, char, Tone)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut v: Vec<_> = VOWELS
            .iter()
            .flat_map(|row| row.iter().zip(TONES).map(|(&c, t)| (c, row[0], t)))
            .collect();
        v.sort_by_key(|&(c, _, _)| c);
        v
    })
}

/// A base vowel (no tone) with `tone` added; other letters unchanged.
pub fn with_tone(base: char, tone: Tone) -> char {
    let t = TONES.iter().position(|&x| x == tone).unwrap_or(0);
    VOWELS
        .iter()
        .find(|row| row[0] == base)
        .map_or(base, |row| row[t])
}

fn is_vowel(c: char) -> bool {
    matches!(
        c,
        'a' | 'ă' | 'â' | 'e' | 'ê' | 'i' | 'o' | 'ô' | 'ơ' | 'u' | 'ư' | 'y'
    )
}

fn is_consonant(c: char) -> bool {
    c.is_ascii_lowercase() || c == 'đ'
}

/// One written syllable taken apart; all parts lower case and without tone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Syllable {
    /// Initial consonant(s), `qu` and `gi` included; may be empty.
    pub onset: String,
    /// The vowel letters, glides included (`oa`, `uyê`, `ươi`); never empty.
    pub vowels: String,
    /// Final consonant(s); may be empty.
    pub coda: String,
    pub tone: Tone,
}

/// Take apart a lower-case NFC word into onset + vowels + coda + tone. `None` when the
/// word is not shaped like one syllable (non-letters, two tone marks, no vowel,
/// vowels on both sides of a consonant). Shape only: see [`is_valid`] for spelling.
pub fn split(word: &str) -> Option<Syllable> {
    let (base, tone, _) = strip(word)?;
    let (onset, vowels, coda) = parts(&base)?;
    Some(Syllable {
        onset: onset.iter().collect(),
        vowels: vowels.iter().collect(),
        coda: coda.iter().collect(),
        tone,
    })
}

/// Letters without tone, the tone, and the index of the toned letter.
fn strip(word: &str) -> Option<(Vec<char>, Tone, Option<usize>)> {
    let mut base = Vec::with_capacity(word.len());
    let mut tone = Tone::Ngang;
    let mut at = None;
    for c in word.chars() {
        match split_vowel(c) {
            Some((b, t)) => {
                if t != Tone::Ngang {
                    if at.is_some() {
                        return None;
                    }
                    tone = t;
                    at = Some(base.len());
                }
                base.push(b);
            }
            None if is_consonant(c) => base.push(c),
            None => return None,
        }
    }
    Some((base, tone, at))
}

type Parts<'a> = (&'a [char], &'a [char], &'a [char]);

/// Onset / vowels / coda of tone-less letters.
fn parts(base: &[char]) -> Option<Parts<'_>> {
    let mut i = base.iter().position(|&c| is_vowel(c))?;
    let next_is_vowel = base.get(i + 1).is_some_and(|&c| is_vowel(c));
    // `qu` and `gi` before another vowel: the u / i belongs to the onset.
    if i == 1 && next_is_vowel && matches!((base[0], base[1]), ('q', 'u') | ('g', 'i')) {
        i = 2;
    }
    let j = i + base[i..].iter().take_while(|&&c| is_vowel(c)).count();
    if base[j..].iter().any(|&c| is_vowel(c)) {
        return None;
    }
    Some((&base[..i], &base[i..j], &base[j..]))
}

/// Whether `word` (any case, NFC or NFD) is a real Vietnamese syllable: a known onset,
/// a known rime, spelling rules (c/k, g/gh, ng/ngh) and stop finals only with sắc or
/// nặng.
pub fn is_valid(word: &str) -> bool {
    judge(&text::nfc_cow(word).to_lowercase()).is_some()
}

/// Whether a word without any mark (`nguyen`, `duong`) is a syllable that lost its
/// marks: a known onset before a rime whose folded form is a known rime's. Tones and
/// the spelling rules are not checked: the marks that would decide them are gone.
/// Callers fold a marked word first (`Đuc` → `duc`).
pub fn is_valid_unmarked(word: &str) -> bool {
    let word = word.to_lowercase();
    let Some((base, _, _)) = strip(&word) else {
        return false;
    };
    let Some((onset, vowels, coda)) = parts(&base) else {
        return false;
    };
    let onset: String = onset.iter().collect();
    let rime: String = vowels.iter().chain(coda).collect();
    ONSETS.contains(&onset.as_str()) && folded_rimes().contains(&rime)
}

/// [`rimes`] without their marks (`uyên` → `uyen`), built once.
fn folded_rimes() -> &'static HashSet<String> {
    static SET: OnceLock<HashSet<String>> = OnceLock::new();
    SET.get_or_init(|| rimes().iter().map(|r| text::fold(r)).collect())
}

/// Where the traditional rule puts the tone in `vowels` (see the module docs).
fn tone_pos(vowels: &[char], open: bool) -> usize {
    let shaped = vowels
        .iter()
        .rposition(|c| matches!(c, 'ă' | 'â' | 'ê' | 'ô' | 'ơ' | 'ư'));
    match (shaped, open, vowels.len()) {
        (Some(p), _, _) => p,
        (None, false, n) => n - 1,
        (None, true, n) if n >= 3 => 1,
        _ => 0,
    }
}

/// `None` when the lower-case NFC `word` is not a valid syllable; else whether its
/// tone mark (if any) sits where either the traditional or the new rule puts it
/// (`hòa`, `hoà`; not `hoá` read as `họà` or `leõ`). Mojibake often puts it elsewhere.
fn judge(word: &str) -> Option<bool> {
    let (base, tone, at) = strip(word)?;
    let (onset, vowels, coda) = parts(&base)?;
    let placed = at.is_none_or(|at| {
        let pos = tone_pos(vowels, coda.is_empty());
        let new_style = coda.is_empty() && matches!(vowels, ['o', 'a'] | ['o', 'e'] | ['u', 'y']);
        at == onset.len() + pos || (new_style && at == onset.len() + 1)
    });
    valid_parts(onset, vowels, coda, tone).then_some(placed)
}

/// A short string on the stack: onsets and rimes are at most a few letters, and this
/// runs for every word scored.
struct Short {
    bytes: [u8; 32],
    len: usize,
}

impl Short {
    /// `None` when longer than any onset or rime.
    fn new<'a>(chars: impl IntoIterator<Item = &'a char>) -> Option<Short> {
        let mut s = Short {
            bytes: [0; 32],
            len: 0,
        };
        for c in chars {
            let n = c.len_utf8();
            let dst = s.bytes.get_mut(s.len..s.len + n)?;
            c.encode_utf8(dst);
            s.len += n;
        }
        Some(s)
    }
    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or("")
    }
}

fn valid_parts(onset: &[char], vowels: &[char], coda: &[char], tone: Tone) -> bool {
    let Some(onset) = Short::new(onset) else {
        return false;
    };
    let onset = onset.as_str();
    if !ONSETS.contains(&onset) {
        return false;
    }
    let first = vowels[0];
    let front = matches!(first, 'i' | 'e' | 'ê');
    let spelled_ok = match onset {
        "c" => !front && first != 'y',
        "k" => front || first == 'y',
        "gh" | "ngh" => front,
        "ng" => !front,
        "g" => !matches!(first, 'e' | 'ê'),
        "qu" => !matches!(first, 'u' | 'ư' | 'o'),
        "" => !(vowels.starts_with(&['i', 'ê'])),
        _ => !(vowels.len() > 1 && first == 'y'),
    };
    let stop = matches!(coda, ['c'] | ['c', 'h'] | ['p'] | ['t']);
    if !spelled_ok || (stop && !matches!(tone, Tone::Sac | Tone::Nang)) {
        return false;
    }
    let set = rimes();
    let rime = |prefix: Option<char>| {
        let chars = prefix.as_ref().into_iter().chain(vowels).chain(coda);
        Short::new(chars).is_some_and(|r| set.contains(r.as_str()))
    };
    match onset {
        // qu + y… is the rime uy…: quý, quỳnh, quyết.
        "qu" if first == 'y' => rime(Some('u')),
        // gi + iê… writes one i: giếng = gi + iêng.
        "gi" => rime(None) || rime(Some('i')),
        _ => rime(None),
    }
}

/// Lower-case `word` with its tone mark placed by one canonical rule (see the module
/// docs). Words that are not shaped like a syllable are only lower-cased (NFC).
pub fn canonical_tone(word: &str) -> String {
    canonical_tone_lower(text::nfc_cow(word).to_lowercase())
}

/// [`canonical_tone`] of a word that is already NFC and lower case.
pub fn canonical_tone_lower(lower: String) -> String {
    let Some((base, tone, Some(_))) = strip(&lower) else {
        return lower;
    };
    let Some((onset, vowels, coda)) = parts(&base) else {
        return lower;
    };
    let pos = tone_pos(vowels, coda.is_empty());
    let mut out = String::with_capacity(lower.len());
    out.extend(onset);
    for (k, &v) in vowels.iter().enumerate() {
        out.push(if k == pos { with_tone(v, tone) } else { v });
    }
    out.extend(coda);
    out
}

/// Share of the words of `text` that are valid Vietnamese syllables (0.0–1.0); 0.0
/// when it has no words. Words are split at white space and ASCII punctuation and
/// digits; a word with any other non-letter (`V¨n`) is not valid.
pub fn vietnamese_score(text: &str) -> f64 {
    let n = count_words(text);
    if n.words == 0 {
        0.0
    } else {
        n.valid as f64 / n.words as f64
    }
}

/// How many words of a text are valid syllables, and how many of those have their
/// tone mark where a writer puts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WordCounts {
    pub words: usize,
    pub valid: usize,
    pub well_placed: usize,
}

impl WordCounts {
    pub fn invalid(&self) -> usize {
        self.words - self.valid
    }
}

/// Count the words of `text` as [`vietnamese_score`] does.
pub fn count_words(text: &str) -> WordCounts {
    let owned;
    let text = if text.is_ascii() {
        text
    } else {
        owned = text::nfc_cow(text).to_lowercase();
        owned.as_str()
    };
    let mut n = WordCounts::default();
    let separator = |c: char| c.is_whitespace() || (c.is_ascii() && !c.is_ascii_alphabetic());
    for word in text.split(separator) {
        if !word.chars().any(char::is_alphabetic) {
            continue;
        }
        n.words += 1;
        let verdict = if word.is_ascii() && word.bytes().any(|b| b.is_ascii_uppercase()) {
            judge(&word.to_ascii_lowercase())
        } else {
            judge(word)
        };
        if let Some(placed) = verdict {
            n.valid += 1;
            n.well_placed += usize::from(placed);
        }
    }
    n
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn unmarked_syllables() {
        for w in "nguyen duong huong tuan ngoc phuong yen viet quang thi van dang NGUYEN"
            .split_whitespace()
        {
            assert!(
                is_valid_unmarked(w),
                "{w} should be a syllable without marks"
            );
        }
        for w in "ayh stn mmnh duogn dmc lh ymn hnug xyz".split_whitespace() {
            assert!(!is_valid_unmarked(w), "{w} is no syllable");
        }
    }

    #[test]
    fn valid_syllables() {
        let words = "nguyễn văn hùng thị quý quí quỳnh quốc giang gì gìn giếng giữ nghiêm \
            nghĩa ngọc khuyến uyên yến yêu oanh hoàng huỳnh khuỷu thuở trương đặng \
            kỳ kì lý lí mỹ y ý ánh ư phượng khoẻ khỏe chuyện hoặc tuấn khuây ngoáy \
            người rượu Bùi NGUYỄN gia quyết thuyền kiên ếch";
        let extra = ["Nguye\u{302}\u{303}n"];
        for w in words.split_whitespace().chain(extra) {
            assert!(is_valid(w), "{w} should be valid");
        }
    }

    #[test]
    fn invalid_syllables() {
        let words = "v¨n nguyôn hïng nguyá»…n smith ka ce ghu ngi nge gé ăt hat hàt hoàc \
            tyên iên quo kuy bă ơc fan z hn aie hanoi xin2 h'hen nguyeãn xoong";
        // `oo` (xoong, boong) is left out on purpose: loan words only, and `Coâng`
        // (VNI for Công) would read as TCVN3 `Coõng`.
        let extra = [""];
        for w in words.split_whitespace().chain(extra) {
            assert!(!is_valid(w), "{w} should be invalid");
        }
    }

    #[test]
    fn tone_placement_is_judged() {
        for (text, placed) in [
            ("hòa hoà khỏe khoẻ thủy thuỷ", 6),
            ("hoàn hòan", 1),
            ("leõ lẽo", 1),
            ("qúy quý gía giá", 2),
            ("văn an", 2),
        ] {
            let n = count_words(text);
            assert_eq!(n.valid, n.words, "{text}");
            assert_eq!(n.well_placed, placed, "{text}");
        }
    }

    #[test]
    fn split_parts() {
        let s = split("nguyễn").unwrap();
        assert_eq!(
            (s.onset.as_str(), s.vowels.as_str(), s.coda.as_str(), s.tone),
            ("ng", "uyê", "n", Tone::Nga)
        );
        let s = split("quỳnh").unwrap();
        assert_eq!((s.onset.as_str(), s.vowels.as_str()), ("qu", "y"));
        let s = split("gìn").unwrap();
        assert_eq!((s.onset.as_str(), s.vowels.as_str()), ("g", "i"));
        assert!(split("hoá1").is_none());
        assert!(split("hóá").is_none());
    }

    #[test]
    fn canonical_tone_cases() {
        for (a, b, want) in [
            ("Hoà", "Hòa", "hòa"),
            ("Thuỷ", "Thủy", "thủy"),
            ("Khoẻ", "Khỏe", "khỏe"),
            ("Quý", "Qúy", "quý"),
            ("Nguye\u{302}\u{303}n", "Nguyễn", "nguyễn"),
            ("HOÀN", "hòan", "hoàn"),
            ("ngoáy", "ngóay", "ngoáy"),
            ("khuỷu", "khủyu", "khuỷu"),
            ("Thuở", "thủơ", "thuở"),
            ("giá", "gía", "giá"),
            ("Trường", "trừơng", "trường"),
            ("mùa", "muà", "mùa"),
            ("Huýt", "húyt", "huýt"),
        ] {
            assert_eq!(canonical_tone(a), want, "{a}");
            assert_eq!(canonical_tone(b), want, "{b}");
        }
        // No tone, or not a syllable: lower case only.
        assert_eq!(canonical_tone("VĂN"), "văn");
        assert_eq!(canonical_tone("H'Hen"), "h'hen");
        assert_eq!(canonical_tone("Lí"), "lí");
    }

    #[test]
    fn score_counts_words() {
        assert_eq!(vietnamese_score("Nguyễn Văn Hùng"), 1.0);
        assert_eq!(vietnamese_score("NguyÔn V¨n Hïng"), 0.0);
        assert_eq!(vietnamese_score("Nguyễn Văn (2) Smith"), 2.0 / 3.0);
        assert_eq!(vietnamese_score("NGUYE\u{302}\u{303}N, AN"), 1.0);
        assert_eq!(vietnamese_score("123 --"), 0.0);
    }
}
