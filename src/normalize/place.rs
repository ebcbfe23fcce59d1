//! Hometowns and birthplaces → 2025 units. (Stub: filled in by the values work.)

use super::Place;

pub fn resolve(raw: &str) -> Option<Place> {
    let text = super::text::clean_spaces(&super::text::nfc(raw));
    if text.is_empty() {
        return None;
    }
    Some(Place {
        text,
        ..Place::default()
    })
}
