//! sapnhap — consolidate the people and organisation of merged Vietnamese agencies.
//!
//! The module list is the pipeline, in the order data flows through it:
//!
//! | module | owns |
//! |---|---|
//! | [`project`] | `merge.toml`: sources, files, plan, match settings, decisions |
//! | [`read`] | bytes → text (encodings, legacy fonts) → rows → raw records, header aliases |
//! | [`normalize`] | raw strings → comparable values: names (Telex residue, given-first order), dates, IDs, phones, places |
//! | [`record`] | the record types every later stage shares (`Record`, `Ref`, `Roster`) |
//! | [`matching`] | blocking → comparison → scoring → clustering → explanation |
//! | [`org`] | the merged org graph (petgraph), plan, checks, placement, rendering |
//! | [`merge`] | survivorship, decisions, stable `person_id`s: clusters → persons |
//! | [`conflict`] | the conflict list a reviewer reads and answers |
//! | [`pipeline`] | runs the stages in order and hands the result to `output` |
//! | [`output`] | every file written into `--out`, atomically |
//! | [`progress`] | the stage-by-stage bar a merge shows on a terminal |
//! | [`synth`] | the synthetic merger generator behind `sapnhap gen` |
//! | [`eval`] | pairwise precision / recall / F1 against a truth file |
//! | [`i18n`] | Vietnamese / English wording of everything a user reads |
//! | [`error`] | user-facing errors that name file, line and column |
//! | [`cmd`] | one file per subcommand, thin glue over the modules above |

// Input data must never panic the tool: no unwrap/expect in library code.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod cmd;
pub mod conflict;
pub mod error;
pub mod eval;
pub mod i18n;
pub mod matching;
pub mod merge;
pub mod normalize;
pub mod org;
pub mod output;
pub mod pipeline;
pub mod progress;
pub mod project;
pub mod read;
pub mod record;
pub mod synth;
