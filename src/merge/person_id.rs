//! `person_id`: derived only from the REFs of the cluster's records, so a decision
//! changes only the ids of the clusters it touches and re-runs keep every other id.

use sha2::{Digest, Sha256};

/// `P-` and 10 hex digits of SHA-256 over the sorted REFs.
pub fn person_id<S: AsRef<str>>(refs: &[S]) -> String {
    let mut sorted: Vec<&str> = refs.iter().map(AsRef::as_ref).collect();
    sorted.sort_unstable();
    let mut h = Sha256::new();
    for r in sorted {
        h.update(r.as_bytes());
        h.update(b"|");
    }
    let d = h.finalize();
    let hex: String = d.iter().take(5).map(|b| format!("{b:02x}")).collect();
    format!("P-{hex}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depends_on_the_set_of_refs_only() {
        let a = person_id(&["HD:staff:1", "HP:party:7"]);
        assert_eq!(a, person_id(&["HP:party:7", "HD:staff:1"]));
        assert_ne!(a, person_id(&["HD:staff:1"]));
        assert!(a.starts_with("P-") && a.len() == 12);
    }
}
