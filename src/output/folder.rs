//! Atomic replacement of the output folder: write everything into a temporary sibling,
//! then swap it in with renames. Refuses an output folder that holds any input file.

use std::io;
use std::path::{Path, PathBuf};

/// A temporary folder next to the final output folder.
pub struct Staging {
    dir: tempfile::TempDir,
    target: PathBuf,
}

impl Staging {
    /// Prepare to write `target`. Its parent is created if needed.
    pub fn new(target: &Path) -> io::Result<Staging> {
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)?;
        let name = target
            .file_name()
            .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{name}.tmp-"))
            .tempdir_in(&parent)?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
        })
    }

    /// Where to write files now.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Swap the staged folder in place of the target. The previous folder is removed
    /// only after the new one is in place.
    pub fn commit(self) -> io::Result<()> {
        let staged = self.dir.keep();
        let old = if self.target.exists() {
            let mut backup = self.target.clone().into_os_string();
            backup.push(format!(".old-{}", std::process::id()));
            let backup = PathBuf::from(backup);
            std::fs::rename(&self.target, &backup)?;
            Some(backup)
        } else {
            None
        };
        if let Err(e) = std::fs::rename(&staged, &self.target) {
            // Put the previous outputs back before reporting.
            if let Some(b) = &old {
                let _ = std::fs::rename(b, &self.target);
            }
            let _ = std::fs::remove_dir_all(&staged);
            return Err(e);
        }
        if let Some(b) = old {
            let _ = std::fs::remove_dir_all(b);
        }
        Ok(())
    }
}

/// Is any of `inputs` inside `out` (or is `out` an input's folder itself)? Outputs
/// replace the folder as a whole, so it must never hold inputs.
pub fn holds_inputs(out: &Path, inputs: &[PathBuf]) -> Option<PathBuf> {
    let out = std::fs::canonicalize(out).ok()?;
    inputs
        .iter()
        .find(|p| std::fs::canonicalize(p).is_ok_and(|p| p.starts_with(&out)))
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_replaces_and_drop_keeps_previous() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("out");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("old.txt"), "old").unwrap();
        // An abandoned run (dropped staging) leaves the previous outputs intact.
        {
            let s = Staging::new(&target).unwrap();
            std::fs::write(s.path().join("new.txt"), "new").unwrap();
        }
        assert!(target.join("old.txt").exists());
        assert!(!target.join("new.txt").exists());
        let s = Staging::new(&target).unwrap();
        std::fs::write(s.path().join("new.txt"), "new").unwrap();
        s.commit().unwrap();
        assert!(!target.join("old.txt").exists());
        assert_eq!(
            std::fs::read_to_string(target.join("new.txt")).unwrap(),
            "new"
        );
        let leftovers = std::fs::read_dir(root.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary folders left behind");
    }

    #[test]
    fn output_folder_holding_inputs_is_found() {
        let root = tempfile::tempdir().unwrap();
        let input = root.path().join("a.csv");
        std::fs::write(&input, "x").unwrap();
        assert_eq!(
            holds_inputs(root.path(), std::slice::from_ref(&input)),
            Some(input)
        );
        assert_eq!(holds_inputs(&root.path().join("out"), &[]), None);
    }
}
