//! Telex keystrokes left in a word: `Nguyeenx` for `Nguyễn`, typed with the
//! Vietnamese input method switched off.
//!
//! Telex writes the shape marks by doubling or adding a letter (`aa` â, `aw` ă,
//! `ee` ê, `oo` ô, `ow` ơ, `uw` ư, `w` ư, `dd` đ) and the tone by a key after the
//! vowels (`s` sắc, `f` huyền, `r` hỏi, `x` ngã, `j` nặng). None of these can stand
//! in a Vietnamese syllable (`s`, `r`, `x` only begin one; `f`, `j`, `w` are not
//! Vietnamese letters), so a word is decoded only when it is not a valid syllable
//! as typed and the decoded word is one.

use super::syllable::{self, Tone};

/// The syllable a Telex-typed ASCII word stands for, lower case with the tone
/// placed canonically; `None` when `word` is already a valid syllable, carries no
/// Telex key, or does not decode to a valid syllable.
pub fn decode(word: &str) -> Option<String> {
    // Cheap tests first: this runs for every unmarked name word.
    if !word.is_ascii() || word.len() < 2 || !has_key(word) || syllable::is_valid(word) {
        return None;
    }
    let lower = word.to_ascii_lowercase();
    let mut letters: Vec<char> = lower.chars().collect();
    // The tone key: the last of s f r x j that follows a vowel.
    let first_vowel = letters.iter().position(|c| "aeiouyw".contains(*c))?;
    let tone_at = letters
        .iter()
        .rposition(|c| "sfrxj".contains(*c))
        .filter(|&i| i > first_vowel);
    let tone = match tone_at.map(|i| letters.remove(i)) {
        Some('s') => Tone::Sac,
        Some('f') => Tone::Huyen,
        Some('r') => Tone::Hoi,
        Some('x') => Tone::Nga,
        Some('j') => Tone::Nang,
        _ => Tone::Ngang,
    };
    let shaped = shapes(&letters);
    if tone_at.is_none() && shaped == letters {
        return None; // no key at all
    }
    // The tone on the first vowel, then moved where the spelling rule puts it.
    let mut out = String::with_capacity(shaped.len() * 3);
    let mut toned = false;
    for c in shaped {
        if !toned && syllable::split_vowel(c).is_some() {
            out.push(syllable::with_tone(c, tone));
            toned = true;
        } else {
            out.push(c);
        }
    }
    if out == lower {
        return None;
    }
    let out = syllable::canonical_tone_lower(out);
    syllable::is_valid(&out).then_some(out)
}

/// Whether an ASCII word holds a letter or pair Telex uses as a key: w, f, j,
/// a doubled a/e/o/d, or s/r/x after the first letter.
fn has_key(word: &str) -> bool {
    let b = word.as_bytes();
    b.iter().enumerate().any(|(i, c)| {
        let c = c.to_ascii_lowercase();
        matches!(c, b'w' | b'f' | b'j')
            || (i > 0 && matches!(c, b's' | b'r' | b'x'))
            || (i > 0
                && matches!(c, b'a' | b'e' | b'o' | b'd')
                && b[i - 1].to_ascii_lowercase() == c)
    })
}

/// Shape keys applied: `aa` → â, `uow` → ươ, `w` alone → ư …
fn shapes(letters: &[char]) -> Vec<char> {
    let mut out: Vec<char> = Vec::with_capacity(letters.len());
    for &c in letters {
        let last = out.last().copied();
        let merged = match (last, c) {
            (Some('a'), 'a') => Some('â'),
            (Some('e'), 'e') => Some('ê'),
            (Some('o'), 'o') => Some('ô'),
            (Some('d'), 'd') => Some('đ'),
            (Some('a'), 'w') => Some('ă'),
            (Some('o'), 'w') => Some('ơ'),
            (Some('u'), 'w') => Some('ư'),
            _ => None,
        };
        match (merged, c) {
            (Some(m), _) => {
                out.pop();
                out.push(m);
                // `uow`: the w marks both vowels (ươ).
                if m == 'ơ' && out.len() >= 2 && out[out.len() - 2] == 'u' {
                    let k = out.len() - 2;
                    out[k] = 'ư';
                }
            }
            (None, 'w') => out.push('ư'),
            (None, c) => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn telex_words_decode() {
        for (typed, want) in [
            ("Nguyeenx", "nguyễn"),
            ("Traanf", "trần"),
            ("Huwux", "hữu"),
            ("Vieetj", "việt"),
            ("Tuyeenf", "tuyền"),
            ("Phamj", "phạm"),
            ("Buif", "bùi"),
            ("Luwowng", "lương"),
            ("Luowng", "lương"),
            ("Hieeus", "hiếu"),
            ("Sown", "sơn"),
            ("Taam", "tâm"),
            ("QUAAN", "quân"),
            ("Ddawngj", "đặng"),
            ("Twf", "từ"),
            ("Hoaf", "hòa"),
        ] {
            assert_eq!(decode(typed).as_deref(), Some(want), "{typed}");
        }
    }

    #[test]
    fn real_words_and_non_telex_stay() {
        // Valid syllables, unmarked or not; minority names; words with no key.
        for word in [
            "Nguyen", "Lan", "Toan", "Xuan", "Sang", "Ksor", "Nguyễn", "H'Hen", "Rmah", "Mlo", "Y",
            "Ayun",
        ] {
            assert_eq!(decode(word), None, "{word}");
        }
    }
}
