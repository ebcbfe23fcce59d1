//! Pairwise precision / recall / F1 of a clustering against a truth file.
