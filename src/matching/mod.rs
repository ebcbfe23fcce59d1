//! Finding every person: blocking → comparison → scoring → clustering → explanation.
//! (To be written.)

use serde::Deserialize;

/// `[match]` in `merge.toml`. Every field has a default that must do well alone.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// Pairs at or above this match probability are merged.
    pub accept: f64,
    /// Pairs at or above this (and below `accept`) become `possible_duplicate`.
    pub review: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            accept: 0.95,
            review: 0.5,
        }
    }
}
