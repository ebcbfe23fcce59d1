//! Clusters → persons: the reviewer's decisions, survivorship (which value wins per
//! field), field disagreements, and stable `person_id`s.
//!
//! | module | owns |
//! |---|---|
//! | [`cells`] | a roster row's values packed until the rosters are written |
//! | [`decisions`] | reading decision files (CSV/XLSX, vi/en headers) |
//! | [`person_id`] | `person_id` from the cluster's records only |
//! | [`persons`] | clusters → persons with one consolidated row per roster |
//! | [`resolve`] | decisions → constraints, values and placements; stale decisions reported |
//! | [`survivorship`] | which value wins per field; `field_disagreement` conflicts |

pub mod cells;
pub mod decisions;
pub mod person_id;
pub mod persons;
pub mod resolve;
pub mod survivorship;
