//! A snapshot of every file, folder and link under a folder, to prove what a run changed.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// One entry of a [`Tree`].
#[derive(Clone, PartialEq, Eq)]
pub enum Entry {
    File(Vec<u8>),
    Folder,
    /// A symbolic link, by its target (never followed).
    Link(PathBuf),
    /// A FIFO, socket or device: never opened (opening a FIFO blocks).
    Special,
}

/// Every entry under a folder by its path relative to that folder; a repository's `.git` is
/// left out. A folder that does not exist is an empty tree.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Tree(BTreeMap<PathBuf, Entry>);

impl Tree {
    pub fn of(root: &Path) -> Tree {
        let mut entries = BTreeMap::new();
        let mut stack = vec![root.to_path_buf()];
        while let Some(dir) = stack.pop() {
            let Ok(read) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in read {
                let entry = entry.unwrap();
                let path = entry.path();
                let rel = path.strip_prefix(root).unwrap().to_path_buf();
                let kind = entry.file_type().unwrap();
                if kind.is_symlink() {
                    entries.insert(rel, Entry::Link(std::fs::read_link(&path).unwrap()));
                } else if kind.is_dir() {
                    if rel == Path::new(".git") {
                        continue;
                    }
                    entries.insert(rel, Entry::Folder);
                    stack.push(path);
                } else if !kind.is_file() {
                    entries.insert(rel, Entry::Special);
                } else {
                    let bytes =
                        std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                    entries.insert(rel, Entry::File(bytes));
                }
            }
        }
        Tree(entries)
    }

    /// Writes the tree out under `root` (links made again as links).
    pub fn restore(&self, root: &Path) {
        std::fs::create_dir_all(root).unwrap();
        for (rel, entry) in &self.0 {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            match entry {
                Entry::File(bytes) => std::fs::write(&path, bytes).unwrap(),
                Entry::Folder => std::fs::create_dir_all(&path).unwrap(),
                Entry::Link(target) => std::os::unix::fs::symlink(target, &path).unwrap(),
                // Made again as a FIFO, the only special file the tests make.
                Entry::Special => {
                    let made = std::process::Command::new("mkfifo").arg(&path).status();
                    assert!(made.is_ok_and(|s| s.success()), "mkfifo {}", path.display());
                }
            }
        }
    }

    /// What differs from `other`, in one line: `added [..], removed [..], changed [..]`.
    pub fn changes(&self, other: &Tree) -> String {
        let list = |paths: Vec<&PathBuf>| {
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let added: Vec<&PathBuf> = other
            .0
            .keys()
            .filter(|p| !self.0.contains_key(*p))
            .collect();
        let removed: Vec<&PathBuf> = self
            .0
            .keys()
            .filter(|p| !other.0.contains_key(*p))
            .collect();
        let changed: Vec<&PathBuf> = self
            .0
            .iter()
            .filter(|(p, e)| other.0.get(*p).is_some_and(|o| o != *e))
            .map(|(p, _)| p)
            .collect();
        format!(
            "added [{}], removed [{}], changed [{}]",
            list(added),
            list(removed),
            list(changed)
        )
    }
}

impl fmt::Debug for Tree {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (path, entry) in &self.0 {
            match entry {
                Entry::File(bytes) => {
                    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(80)]);
                    map.entry(path, &format!("{} bytes: {text:?}", bytes.len()))
                }
                Entry::Folder => map.entry(path, &"<folder>"),
                Entry::Link(target) => map.entry(path, &format!("-> {}", target.display())),
                Entry::Special => map.entry(path, &"<fifo, socket or device>"),
            };
        }
        map.finish()
    }
}

/// Copies a folder's files and folders (a fixture) to `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
