//! Dates as rosters write them. (Stub: filled in by the values work.)

use super::{Date, Invalid};

/// Parse a date cell. `placeholder_0101` says the roster writes `01/01/YYYY` for
/// "year only".
pub fn parse(raw: &str, placeholder_0101: bool) -> Result<Option<Date>, Invalid> {
    let _ = (raw, placeholder_0101);
    Ok(None)
}

/// Does this roster use `01/01/YYYY` as a year-only placeholder?
pub fn uses_0101_placeholder<'a>(values: impl Iterator<Item = &'a str>) -> bool {
    let _ = values.count();
    false
}
