//! `person_id`: derived only from the REFs of the cluster's records, so a decision
//! changes only the ids of the clusters it touches and re-runs keep every other id.

use crate::record::Ref;
use sha2::{Digest, Sha256};

/// `P-` and 10 hex digits of SHA-256 over the sorted REFs, each followed by `|`.
pub fn person_id<S: AsRef<str>>(refs: &[S]) -> String {
    let mut sorted: Vec<&str> = refs.iter().map(AsRef::as_ref).collect();
    sorted.sort_unstable();
    let mut h = Sha256::new();
    for r in sorted {
        h.update(r.as_bytes());
        h.update(b"|");
    }
    id_of(h)
}

/// [`person_id`] of records' REFs. Most persons have one record: its REF is
/// hashed in pieces, not formatted.
pub fn of_refs(refs: &[&Ref]) -> String {
    match refs {
        [only] => {
            let mut h = Sha256::new();
            for (i, part) in only.parts_shown().into_iter().enumerate() {
                if i > 0 {
                    h.update(b":");
                }
                h.update(part.as_bytes());
            }
            h.update(b"|");
            id_of(h)
        }
        _ => person_id(&refs.iter().map(|r| r.text()).collect::<Vec<_>>()),
    }
}

fn id_of(h: Sha256) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let d = h.finalize();
    let mut id = String::with_capacity(12);
    id.push_str("P-");
    for b in d.iter().take(5) {
        id.push(char::from(HEX[usize::from(b >> 4)]));
        id.push(char::from(HEX[usize::from(b & 15)]));
    }
    id
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
        // Known value: the ids of earlier runs must not change.
        assert_eq!(person_id(&["HD:staff:1"]), "P-91a2cb960c");
    }

    #[test]
    fn one_ref_hashed_in_pieces_is_the_same_id() {
        for text in ["HD:staff:NS-0045", "HP:party:a:b", "X:staff:1"] {
            let r = Ref::parse(text).unwrap();
            assert_eq!(of_refs(&[&r]), person_id(&[text]), "{text}");
        }
        let (a, b) = (
            Ref::parse("HP:party:7").unwrap(),
            Ref::parse("HD:staff:1").unwrap(),
        );
        assert_eq!(of_refs(&[&a, &b]), person_id(&["HD:staff:1", "HP:party:7"]));
    }
}
