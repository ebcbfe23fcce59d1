//! Errors a user can cause. Each names the file and, where it applies, the line and
//! column, and says what to do; `main` prints it as one line and exits 1.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in an input a problem is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    pub file: PathBuf,
    pub line: Option<u64>,
    pub column: Option<u64>,
}

impl Location {
    pub fn file(path: &Path) -> Self {
        Location {
            file: path.to_path_buf(),
            line: None,
            column: None,
        }
    }
    pub fn at(path: &Path, line: u64, column: Option<u64>) -> Self {
        Location {
            file: path.to_path_buf(),
            line: Some(line),
            column,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
            if let Some(c) = self.column {
                write!(f, ":{c}")?;
            }
        }
        Ok(())
    }
}

/// An input or project file that cannot be used (exit code 1).
#[derive(Debug, Clone, thiserror::Error)]
#[error("{location}: {message}")]
pub struct InputError {
    pub location: Location,
    /// Already in the run's language.
    pub message: String,
}

impl InputError {
    pub fn new(location: Location, message: impl Into<String>) -> Self {
        InputError {
            location,
            message: message.into(),
        }
    }
}

/// Exit codes of SPEC §1.
pub mod exit {
    pub const OK: i32 = 0;
    pub const INPUT: i32 = 1;
    pub const USAGE: i32 = 2;
    pub const STRICT: i32 = 3;
}
