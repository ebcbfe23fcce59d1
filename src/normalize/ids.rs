//! CCCD / CMND numbers. (Stub: filled in by the values work.)

use super::{Date, Gender, Invalid, NationalId};

pub fn parse(raw: &str) -> Result<Option<NationalId>, Invalid> {
    let _ = raw;
    Ok(None)
}

/// Structure checks of a CCCD against the record's gender and birth date.
pub fn check_against(id: &NationalId, gender: Option<Gender>, birth: Option<Date>) -> Vec<Invalid> {
    let _ = (id, gender, birth);
    Vec::new()
}
