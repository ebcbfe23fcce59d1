//! Reading inputs: bytes → text → rows → raw records.
//!
//! | module | step |
//! |---|---|
//! | [`decode`] | detect or force the encoding of a CSV file and decode it to NFC text |
//! | [`legacy`] | TCVN3 / VNI / Windows-1258 tables; per-cell repair of legacy text |
//! | [`table`] | the one place CSV and XLSX readers are built: text → header + rows |
//! | [`headers`] | header aliases → fields, per file role |
//! | [`records`] | rows → raw roster records, unit rows and plan rows; rejected rows |

pub mod decode;
pub mod headers;
pub mod legacy;
pub mod records;
pub mod table;
