//! Vietnamese syllable structure: tone marks, canonical tone placement, validity.
//! (Stub: filled in by the Vietnamese-text work.)

/// Lower-case `word` with its tone mark placed by one canonical rule.
pub fn canonical_tone(word: &str) -> String {
    word.to_lowercase()
}

/// Share of the words of `text` that are valid Vietnamese syllables (0.0–1.0).
pub fn vietnamese_score(text: &str) -> f64 {
    let _ = text;
    0.0
}
