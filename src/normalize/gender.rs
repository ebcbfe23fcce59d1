//! Gender vocabularies. (Stub: filled in by the values work.)

use super::{Gender, Invalid};

pub fn parse(raw: &str) -> Result<Option<Gender>, Invalid> {
    let _ = raw;
    Ok(None)
}
