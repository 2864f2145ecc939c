//! Writing many new records at once (a mass event's claims): ids allocated from one scan of the
//! folder, each file created with create-new semantics (retrying on the next id when another
//! writer took one), made durable together at the end, and all removed again if any write fails.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Serialize;

use super::{Register, load, yaml};
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
        // The kind folder checked like any write: no link out of the register.
        let dir = self.inside(Path::new(kind.dir()))?;
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
        let mut number = load::max_number(&dir, kind) + 1;
        let mut written: Vec<(Id, String, PathBuf)> = Vec::with_capacity(items.len());
        let undo = |written: &[(Id, String, PathBuf)], e: anyhow::Error| {
            for (_, _, path) in written {
                let _ = std::fs::remove_file(path);
            }
            e.context(format!(
                "nothing was written: the {} records already written were removed again",
                written.len()
            ))
        };
        for item in items {
            let result = loop {
                let id = match Id::next(kind, number) {
                    Ok(id) => id,
                    Err(message) => break Err(anyhow::Error::msg(message)),
                };
                number += 1;
                let rel = PathBuf::from(kind.dir()).join(format!("{id}.yaml"));
                let path = self.root.join(&rel);
                let text = yaml::to_string(&build(id.clone(), item));
                match super::write::create_new_unsynced(&path, text.as_bytes(), false) {
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
                Err(e) => return Err(undo(&written, e)),
            }
        }
        // Concurrent fsyncs share journal commits, so syncing at the end costs far less than
        // syncing each file as it is written.
        let paths: Vec<&Path> = written.iter().map(|(_, _, p)| p.as_path()).collect();
        let synced = sync_all(&paths);
        if let Err(e) = synced.and_then(|()| File::open(&dir)?.sync_all()) {
            return Err(undo(
                &written,
                anyhow::Error::new(e).context("cannot sync the new records"),
            ));
        }
        Ok(written
            .into_iter()
            .map(|(id, file, _)| (id, file))
            .collect())
    }
}

/// Syncs files from many threads at once: fsync waits on the disk, not the CPU, and concurrent
/// fsyncs share journal commits.
fn sync_all(paths: &[&Path]) -> io::Result<()> {
    const THREADS: usize = 32;
    if paths.is_empty() {
        return Ok(());
    }
    let chunk = paths.len().div_ceil(THREADS);
    std::thread::scope(|scope| {
        let handles: Vec<_> = paths
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || -> io::Result<()> {
                    for path in part {
                        File::open(path)?.sync_all()?;
                    }
                    Ok(())
                })
            })
            .collect();
        handles.into_iter().try_for_each(|h| {
            h.join()
                .unwrap_or_else(|_| Err(io::Error::other("a sync thread failed")))
        })
    })
}
