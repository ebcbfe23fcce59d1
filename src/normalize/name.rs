//! Personal names: display form, comparison key, folded key, family/middle/given.
//! (Stub: filled in by the Vietnamese-text work.)

use super::Name;

/// Parse a full name as typed. `None` when nothing name-like is left.
pub fn parse(raw: &str) -> Option<Name> {
    let display = super::text::clean_spaces(&super::text::nfc(raw));
    if display.is_empty() {
        return None;
    }
    let key = display.to_lowercase();
    let tokens: Vec<String> = key.split(' ').map(str::to_string).collect();
    Some(Name {
        folded: super::text::fold(&key),
        display,
        key,
        family_len: 1.min(tokens.len()),
        tokens,
    })
}
