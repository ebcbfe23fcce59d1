//! Vietnamese legacy character sets (TCVN3, VNI-Windows, Windows-1258) and the
//! repair of legacy text found inside Unicode cells.
//! (Stub: filled in by the Vietnamese-text work.)

/// Which legacy form a repaired cell was in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LegacyForm {
    /// TCVN3 (.VnTime fonts) bytes shown as Windows-1252/Latin-1.
    Tcvn3,
    /// VNI-Windows bytes shown as Windows-1252/Latin-1.
    Vni,
    /// UTF-8 bytes decoded as Windows-1252 (`Nguyá»…n`).
    Utf8AsCp1252,
}

pub fn decode_tcvn3(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| b as char).collect()
}

pub fn decode_vni(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| b as char).collect()
}

pub fn encode_tcvn3(text: &str) -> Vec<u8> {
    text.bytes().collect()
}

pub fn encode_vni(text: &str) -> Vec<u8> {
    text.bytes().collect()
}

pub fn encode_cp1258(text: &str) -> Vec<u8> {
    text.bytes().collect()
}

/// Repair a cell that holds legacy text; `None` when the cell is fine as it is.
pub fn repair_cell(cell: &str) -> Option<(String, LegacyForm)> {
    let _ = cell;
    None
}
