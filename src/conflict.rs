//! The conflict list: everything a reviewer must see, with a `conflict_id` that
//! depends only on the kind and the records involved so it survives re-runs and a
//! decision taken on it can find it again.

use crate::i18n::Text;
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ConflictKind {
    PossibleDuplicate,
    SharedIdentifier,
    WeakCluster,
    FieldDisagreement,
    InvalidValue,
    RejectedRow,
    UnresolvedUnit,
    UnitMapping,
    OrgStructure,
    MultipleCells,
    LeadershipOverlap,
    LegacyTextRepaired,
    StaleDecision,
}

impl ConflictKind {
    pub const ALL: [ConflictKind; 13] = [
        ConflictKind::PossibleDuplicate,
        ConflictKind::SharedIdentifier,
        ConflictKind::WeakCluster,
        ConflictKind::FieldDisagreement,
        ConflictKind::InvalidValue,
        ConflictKind::RejectedRow,
        ConflictKind::UnresolvedUnit,
        ConflictKind::UnitMapping,
        ConflictKind::OrgStructure,
        ConflictKind::MultipleCells,
        ConflictKind::LeadershipOverlap,
        ConflictKind::LegacyTextRepaired,
        ConflictKind::StaleDecision,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ConflictKind::PossibleDuplicate => "possible_duplicate",
            ConflictKind::SharedIdentifier => "shared_identifier",
            ConflictKind::WeakCluster => "weak_cluster",
            ConflictKind::FieldDisagreement => "field_disagreement",
            ConflictKind::InvalidValue => "invalid_value",
            ConflictKind::RejectedRow => "rejected_row",
            ConflictKind::UnresolvedUnit => "unresolved_unit",
            ConflictKind::UnitMapping => "unit_mapping",
            ConflictKind::OrgStructure => "org_structure",
            ConflictKind::MultipleCells => "multiple_cells",
            ConflictKind::LeadershipOverlap => "leadership_overlap",
            ConflictKind::LegacyTextRepaired => "legacy_text_repaired",
            ConflictKind::StaleDecision => "stale_decision",
        }
    }

    pub fn parse(s: &str) -> Option<ConflictKind> {
        ConflictKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s.trim())
    }
}

/// One thing a reviewer must look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub kind: ConflictKind,
    pub severity: Severity,
    /// What it is about: REFs (`HD:staff:NS-1`), a person_id, unit refs
    /// (`HD:unit:P01`) — sorted, joined with `|` on output.
    pub subject: Vec<String>,
    /// The field concerned, English field name, or empty.
    pub field: String,
    /// The competing or offending values, each as shown to the user.
    pub values: Vec<String>,
    pub detail: Text,
    pub suggestion: Text,
}

impl Conflict {
    pub fn new(kind: ConflictKind, severity: Severity, mut subject: Vec<String>) -> Self {
        subject.sort();
        subject.dedup();
        Conflict {
            kind,
            severity,
            subject,
            field: String::new(),
            values: Vec::new(),
            detail: Text::default(),
            suggestion: Text::default(),
        }
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = field.into();
        self
    }
    pub fn values(mut self, values: Vec<String>) -> Self {
        self.values = values;
        self
    }
    pub fn detail(mut self, vi: impl Into<String>, en: impl Into<String>) -> Self {
        self.detail = Text::new(vi, en);
        self
    }
    pub fn suggestion(mut self, vi: impl Into<String>, en: impl Into<String>) -> Self {
        self.suggestion = Text::new(vi, en);
        self
    }

    /// `subject` as written in files: sorted REFs joined by `|`.
    pub fn subject_text(&self) -> String {
        self.subject.join("|")
    }

    /// Stable id: kind + field + subject, never the values.
    pub fn id(&self) -> String {
        let mut h = Sha256::new();
        h.update(self.kind.as_str().as_bytes());
        h.update([0]);
        h.update(self.field.as_bytes());
        for s in &self.subject {
            h.update([0]);
            h.update(s.as_bytes());
        }
        let digest = h.finalize();
        let mut id = String::with_capacity(12);
        id.push_str("C-");
        for b in digest.iter().take(5) {
            for nibble in [b >> 4, b & 15] {
                id.push(char::from_digit(u32::from(nibble), 16).unwrap_or('0'));
            }
        }
        id
    }
}

/// Most important first: severity, then kind, then subject.
pub fn sort(conflicts: &mut [Conflict]) {
    use rayon::prelude::*;
    conflicts.par_sort_by(|a, b| {
        (a.severity, a.kind, &a.subject, &a.field).cmp(&(b.severity, b.kind, &b.subject, &b.field))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_ignores_values_and_subject_order() {
        let a = Conflict::new(
            ConflictKind::PossibleDuplicate,
            Severity::Warning,
            vec!["HP:staff:2".into(), "HD:staff:1".into()],
        )
        .values(vec!["x".into()]);
        let b = Conflict::new(
            ConflictKind::PossibleDuplicate,
            Severity::Warning,
            vec!["HD:staff:1".into(), "HP:staff:2".into()],
        )
        .values(vec!["y".into()]);
        assert_eq!(a.id(), b.id());
        // Ids are kept in decision files: the form must never change.
        assert_eq!(a.id(), "C-cfc5ac6f58");
        let c = Conflict::new(
            ConflictKind::WeakCluster,
            Severity::Warning,
            a.subject.clone(),
        );
        assert_ne!(a.id(), c.id());
    }
}
