//! Writing many new records at once (a mass event's claims): ids allocated from one scan of the
//! folder, each file created with create-new semantics (retrying on the next id when another
//! writer took one), and every file removed again if any write fails.

use std::path::PathBuf;

use anyhow::{Context, Result};
use serde::Serialize;

use super::{Register, create_new, load, yaml};
use crate::model::{Id, Kind};

impl Register {
    /// Writes one new record per item of `items`, in order, under the next free ids of `kind`.
    /// Returns the ids and files written. On any failure, what was written is removed.
    pub fn create_many<T: Serialize, I>(
        &self,
        kind: Kind,
        items: &[I],
        build: impl Fn(Id, &I) -> T,
    ) -> Result<Vec<(Id, String)>> {
        let dir = self.root.join(kind.dir());
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
        let mut number = load::max_number(&dir, kind) + 1;
        let mut written: Vec<(Id, String, PathBuf)> = Vec::with_capacity(items.len());
        for item in items {
            let result = loop {
                let id = Id::new(kind, number);
                number += 1;
                let rel = PathBuf::from(kind.dir()).join(format!("{id}.yaml"));
                let path = self.root.join(&rel);
                let text = yaml::to_string(&build(id.clone(), item));
                match create_new(&path, text.as_bytes()) {
                    Ok(true) => break Ok((id, self.display_path(&rel), path)),
                    Ok(false) => continue, // another writer took this id: try the next
                    Err(e) => {
                        break Err(anyhow::Error::new(e)
                            .context(format!("cannot write {}", self.display_path(&rel))));
                    }
                }
            };
            match result {
                Ok(done) => written.push(done),
                Err(e) => {
                    for (_, _, path) in &written {
                        let _ = std::fs::remove_file(path);
                    }
                    return Err(e.context(format!(
                        "nothing was written: the {} records already written were removed again",
                        written.len()
                    )));
                }
            }
        }
        Ok(written
            .into_iter()
            .map(|(id, file, _)| (id, file))
            .collect())
    }
}
