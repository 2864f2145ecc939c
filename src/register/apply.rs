//! The one writer of the register: every change goes through the inside-the-register guard,
//! is staged as a synced temporary file beside its target, and is then put in place by
//! rename; a failure part way puts back what was already changed, so a command takes effect
//! whole or not at all.

use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use tempfile::TempPath;

use super::{Lock, Store, atomic};
use crate::error::Error;
use crate::ops::Change;

/// A change ready to be put in place: its target and, for new content, the staged file
/// (closed: a mass event stages more files than a process may hold open).
struct Staged {
    path: PathBuf,
    shown: String,
    temp: Option<TempPath>,
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
        let root = self.canonical_root()?;
        let mut folders: BTreeSet<PathBuf> = BTreeSet::new();
        let mut staged = Vec::with_capacity(changes.len());
        for change in changes {
            let rel = change.rel();
            let path = self.inside_of(&root, rel)?;
            let shown = self.display_path(rel);
            let (text, create) = match change {
                Change::Create { text, .. } => (Some(text), true),
                Change::Replace { text, .. } => (Some(text), false),
                Change::Remove { .. } => (None, false),
            };
            let temp = match text {
                Some(text) => {
                    if let Some(parent) = path.parent()
                        && !folders.contains(parent)
                    {
                        std::fs::create_dir_all(parent)
                            .with_context(|| format!("cannot create {}", parent.display()))?;
                        folders.insert(parent.to_path_buf());
                    }
                    let temp = atomic::stage(&path, text.as_bytes(), false)
                        .with_context(|| format!("cannot write {shown}"))?;
                    Some(temp.into_temp_path())
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
        let temps: Vec<&Path> = staged.iter().filter_map(|s| s.temp.as_deref()).collect();
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
            std::fs::hard_link(temp, &path)?;
            done.push(Done::Created(path));
        }
        (Some(temp), false) => {
            let old = std::fs::read(&path).unwrap_or_default();
            std::fs::rename(temp, &path)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> (tempfile::TempDir, Store) {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("register");
        std::fs::create_dir_all(root.join("risks")).unwrap();
        std::fs::write(root.join("register.yaml"), "").unwrap();
        std::fs::write(root.join("risks/RISK-0001.yaml"), "old one\n").unwrap();
        std::fs::write(root.join("risks/RISK-0002.yaml"), "old two\n").unwrap();
        let store = Store::at(&root);
        (tmp, store)
    }

    fn read(store: &Store, rel: &str) -> Option<String> {
        std::fs::read_to_string(store.root().join(rel)).ok()
    }

    fn files(store: &Store) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(store.root().join("risks"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn every_change_lands_together() {
        let (_tmp, store) = store();
        store
            .apply(&[
                Change::Create {
                    rel: "risks/RISK-0003.yaml".into(),
                    text: "new three\n".into(),
                },
                Change::Replace {
                    rel: "risks/RISK-0002.yaml".into(),
                    text: "new two\n".into(),
                },
                Change::Remove {
                    rel: "risks/RISK-0001.yaml".into(),
                },
            ])
            .unwrap();
        assert_eq!(files(&store), ["RISK-0002.yaml", "RISK-0003.yaml"]);
        assert_eq!(read(&store, "risks/RISK-0002.yaml").unwrap(), "new two\n");
        assert_eq!(read(&store, "risks/RISK-0003.yaml").unwrap(), "new three\n");
    }

    #[test]
    fn a_failing_step_puts_back_what_was_done_and_leaves_no_temporary_file() {
        let (_tmp, store) = store();
        let err = store
            .apply(&[
                Change::Replace {
                    rel: "risks/RISK-0001.yaml".into(),
                    text: "new one\n".into(),
                },
                Change::Create {
                    rel: "risks/RISK-0004.yaml".into(),
                    text: "new four\n".into(),
                },
                // Exists already: create-new refuses it, after the two steps above were done.
                Change::Create {
                    rel: "risks/RISK-0002.yaml".into(),
                    text: "clobbered\n".into(),
                },
            ])
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "{}/risks/RISK-0002.yaml: already exists; nothing was changed",
                store.root().display()
            )
        );
        assert_eq!(files(&store), ["RISK-0001.yaml", "RISK-0002.yaml"]);
        assert_eq!(read(&store, "risks/RISK-0001.yaml").unwrap(), "old one\n");
        assert_eq!(read(&store, "risks/RISK-0002.yaml").unwrap(), "old two\n");
    }

    #[test]
    fn a_path_out_of_the_register_is_refused_before_anything_is_written() {
        let (_tmp, store) = store();
        let err = store
            .apply(&[
                Change::Replace {
                    rel: "risks/RISK-0001.yaml".into(),
                    text: "new one\n".into(),
                },
                Change::Create {
                    rel: "../outside.yaml".into(),
                    text: "escaped\n".into(),
                },
            ])
            .unwrap_err();
        assert!(
            err.to_string().contains("not a path inside the register"),
            "{err}"
        );
        assert_eq!(read(&store, "risks/RISK-0001.yaml").unwrap(), "old one\n");
        assert!(!store.root().parent().unwrap().join("outside.yaml").exists());
        assert_eq!(files(&store), ["RISK-0001.yaml", "RISK-0002.yaml"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_folder_linked_out_of_the_register_is_not_written_through() {
        let (tmp, store) = store();
        let elsewhere = tmp.path().join("elsewhere");
        std::fs::create_dir_all(&elsewhere).unwrap();
        std::os::unix::fs::symlink(&elsewhere, store.root().join("claims")).unwrap();
        let err = store
            .apply(&[Change::Create {
                rel: "claims/CLM-0001.yaml".into(),
                text: "x\n".into(),
            }])
            .unwrap_err();
        assert!(
            err.to_string()
                .contains("is a link leading outside the register"),
            "{err}"
        );
        assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
    }
}
