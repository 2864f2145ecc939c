//! A scratch copy of one record for `$EDITOR` (`risk edit ID`), in the system's temporary
//! folder and removed when dropped: the register itself is written only by `apply`.

use std::path::Path;

use anyhow::{Context, Result};

pub struct Scratch {
    file: tempfile::NamedTempFile,
}

impl Scratch {
    /// A new scratch file whose name ends in `name` (e.g. `RISK-0003.yaml`, so editors
    /// know it is YAML).
    pub fn new(name: &str) -> Result<Scratch> {
        let file = tempfile::Builder::new()
            .prefix("risk-edit-")
            .suffix(&format!("-{name}"))
            .tempfile()
            .context("cannot create a temporary file for the editor")?;
        Ok(Scratch { file })
    }

    pub fn path(&self) -> &Path {
        self.file.path()
    }

    /// Replaces what the file holds.
    pub fn put(&self, text: &str) -> Result<()> {
        std::fs::write(self.path(), text)
            .with_context(|| format!("cannot write {}", self.path().display()))
    }

    /// Keeps the file past the command (so an edit that could not be written is not lost) and
    /// gives its path.
    pub fn keep(self) -> Result<std::path::PathBuf> {
        let (_, path) = self
            .file
            .keep()
            .context("cannot keep the temporary file of the edit")?;
        Ok(path)
    }

    /// What the file holds now (an editor may have replaced it by another file of that name).
    pub fn get(&self) -> Result<String> {
        std::fs::read_to_string(self.path())
            .with_context(|| format!("cannot read {}", self.path().display()))
    }
}
