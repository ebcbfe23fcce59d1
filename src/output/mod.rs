//! Every file written into `--out`. The folder is written as a whole into a temporary
//! sibling and renamed into place only when everything succeeded, so a failed or
//! interrupted run leaves the previous outputs untouched.
//!
//! | module | files |
//! |---|---|
//! | [`emit`] | writes a whole run into the staged folder, lineage, run.json |
//! | [`csv`] | the CSV writer: UTF-8 with BOM, formula-safe cells |
//! | [`report`] | fills the HTML report's data from a run |
//! | [`folder`] | the atomic replacement of the output folder |
//! | [`html`] | report.html: the self-contained review report (summary, histogram, conflicts, org chart) |
//! | [`columns`] | headers in both languages, value formats, ID masking |
//! | [`write`] | staff.csv, party_members.csv, units.csv, conflicts.csv, lineage.csv, matches.csv, run.json |
//! | [`xlsx`] | review.xlsx for reviewers who live in Excel |

pub mod columns;
pub mod csv;
pub mod emit;
pub mod folder;
pub mod html;
pub mod report;
pub mod write;
pub mod xlsx;
