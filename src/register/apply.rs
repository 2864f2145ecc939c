//! The one writer of the register: every change goes through the inside-the-register guard,
//! is staged as a synced temporary file beside its target, and is then put in place by
//! rename; a failure part way puts back what was already changed, so a command takes effect
//! whole or not at all.

use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use tempfile::NamedTempFile;

use super::{Lock, Store, atomic};
use crate::error::Error;
use crate::ops::Change;

/// A change ready to be put in place: its target and, for new content, the staged file.
struct Staged {
    path: PathBuf,
    shown: String,
    temp: Option<NamedTempFile>,
    create: bool,
}

/// What was done to a file, and how to undo it.
enum Done {
    Created(PathBuf),
    Replaced(PathBuf, Vec<u8>),
    Removed(PathBuf, Vec<u8>),
}

impl Store {
    /// Writes `changes`, all of them or none, under the register's lock.
    pub fn apply(&self, changes: &[Change]) -> Result<()> {
        if changes.is_empty() {
            return Ok(());
        }
        let _lock = Lock::take(&self.root, &self.display_root)?;
        self.apply_locked(changes)
    }

    /// [`Store::apply`] for a caller that holds the lock (a [`super::Transaction`]).
    pub(super) fn apply_locked(&self, changes: &[Change]) -> Result<()> {
        let staged = self.stage(changes)?;
        let mut done: Vec<Done> = Vec::with_capacity(staged.len());
        for item in staged {
            if let Err(e) = put(&item, &mut done) {
                let undone = undo(done);
                let what = match e.kind() {
                    io::ErrorKind::AlreadyExists => "already exists".to_string(),
                    _ => format!("cannot write ({e})"),
                };
                let outcome = if undone {
                    "nothing was changed"
                } else {
                    "putting back what was already changed failed too; see `git status`"
                };
                return Err(
                    Error::environment(format!("{}: {what}; {outcome}", item.shown)).into(),
                );
            }
        }
        let folders: BTreeSet<&Path> = done
            .iter()
            .filter_map(|d| match d {
                Done::Created(p) | Done::Replaced(p, _) | Done::Removed(p, _) => p.parent(),
            })
            .collect();
        for folder in folders {
            atomic::sync_folder(folder);
        }
        Ok(())
    }

    /// Checks every path and writes every new content to a synced temporary file beside its
    /// target; nothing in the register has changed yet, and on failure the temporary files go.
    fn stage(&self, changes: &[Change]) -> Result<Vec<Staged>> {
        let mut staged = Vec::with_capacity(changes.len());
        for change in changes {
            let rel = change.rel();
            let path = self.inside(rel)?;
            let shown = self.display_path(rel);
            let (text, create) = match change {
                Change::Create { text, .. } => (Some(text), true),
                Change::Replace { text, .. } => (Some(text), false),
                Change::Remove { .. } => (None, false),
            };
            let temp = match text {
                Some(text) => {
                    if let Some(parent) = path.parent() {
                        std::fs::create_dir_all(parent)
                            .with_context(|| format!("cannot create {}", parent.display()))?;
                    }
                    Some(
                        atomic::stage(&path, text.as_bytes(), false)
                            .with_context(|| format!("cannot write {shown}"))?,
                    )
                }
                None => None,
            };
            staged.push(Staged {
                path,
                shown,
                temp,
                create,
            });
        }
        // Concurrent fsyncs share journal commits: syncing them together costs far less than
        // one by one (a mass event's claims).
        let temps: Vec<&Path> = staged
            .iter()
            .filter_map(|s| s.temp.as_ref().map(|t| t.path()))
            .collect();
        atomic::sync_all(&temps).context("cannot sync the new files")?;
        Ok(staged)
    }
}

/// Puts one staged change in place, recording how to undo it.
fn put(item: &Staged, done: &mut Vec<Done>) -> io::Result<()> {
    let path = item.path.clone();
    match (&item.temp, item.create) {
        (Some(temp), true) => {
            // Create-new semantics: a file that appeared since the snapshot is not overwritten.
            std::fs::hard_link(temp.path(), &path)?;
            done.push(Done::Created(path));
        }
        (Some(temp), false) => {
            let old = std::fs::read(&path).unwrap_or_default();
            std::fs::rename(temp.path(), &path)?;
            done.push(Done::Replaced(path, old));
        }
        (None, _) => {
            let old = std::fs::read(&path)?;
            std::fs::remove_file(&path)?;
            done.push(Done::Removed(path, old));
        }
    }
    Ok(())
}

/// Puts back what was changed, newest first; false when some of it could not be.
fn undo(done: Vec<Done>) -> bool {
    let mut all = true;
    for item in done.into_iter().rev() {
        let result = match item {
            Done::Created(path) => std::fs::remove_file(path),
            Done::Replaced(path, old) | Done::Removed(path, old) => atomic::replace(&path, &old),
        };
        all &= result.is_ok();
    }
    all
}
