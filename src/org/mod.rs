//! The merged organisation. (To be written.)

use serde::Deserialize;

/// `[org]` in `merge.toml`.
#[derive(Debug, Clone, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// Posts that only one person may hold per new unit (folded comparison).
    pub single_holder_posts: Option<Vec<String>>,
}
