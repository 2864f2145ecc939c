//! Changing one record without loading the others: the files named with the wanted ids are
//! found by their names alone, and only they (and the settings) are read, so `edit`, `add` and
//! the other one-record commands cost the same on a register of any size.

use std::path::{Path, PathBuf};

use anyhow::Result;

use super::{Lock, Store, Transaction, load};
use crate::error::{Error, Located};
use crate::model::{Claim, Id, Incident, Kind, Pestle, Risk, Swot};
use crate::snapshot::{Loadable, RecordFile, Snapshot};

/// What the names of a kind's files say: the highest id number, and the files named with one
/// of the wanted ids.
#[derive(Default)]
pub(super) struct Names {
    pub max: u64,
    pub found: Vec<PathBuf>,
}

/// Lists the names under a kind's folder (at any depth; links to folders are not followed, as
/// loading does not follow them) without opening a file. Folders that cannot be listed are
/// skipped, as the next free id has always skipped them.
pub(super) fn names(store: &Store, kind: Kind, wanted: &[Id]) -> Result<Names> {
    let mut names = Names::default();
    let rel = PathBuf::from(kind.dir());
    let dir = store.root.join(&rel);
    let top = match std::fs::symlink_metadata(&dir) {
        Ok(meta) if meta.is_dir() => dir,
        // A kind folder that is a link is read when it stays inside the register.
        Ok(meta) if meta.file_type().is_symlink() => match dir.canonicalize() {
            Ok(target)
                if store
                    .root
                    .canonicalize()
                    .is_ok_and(|r| target.starts_with(r)) =>
            {
                target
            }
            _ => {
                return Err(Error::input(vec![Located {
                    file: store.display_path(&rel),
                    line: None,
                    key: None,
                    message: "is a link to a folder outside the register (or a broken link); \
                              not read"
                        .into(),
                }])
                .into());
            }
        },
        _ => return Ok(names),
    };
    scan(&top, &rel, kind, wanted, &mut names);
    Ok(names)
}

fn scan(dir: &Path, rel: &Path, kind: Kind, wanted: &[Id], names: &mut Names) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let Ok(file_type) = entry.file_type() else {
            continue;
        };
        if file_type.is_dir() {
            scan(&dir.join(&name), &rel.join(&name), kind, wanted, names);
            continue;
        }
        let Some(name) = name.to_str() else {
            continue;
        };
        let Some(stem) = name
            .strip_suffix(".yaml")
            .or_else(|| name.strip_suffix(".yml"))
        else {
            continue;
        };
        let Ok(id) = Id::parse_kind(stem, kind) else {
            continue;
        };
        names.max = names.max.max(id.number());
        if wanted.contains(&id) {
            names.found.push(rel.join(name));
        }
    }
}

impl Store {
    /// Starts a change of the records `ids` (and of new records of `new_of`): takes the lock,
    /// then reads the settings and the files named with those ids, which must be clean, and
    /// the highest id among the names of `new_of`. No other record is opened; two files named
    /// with the same id are a `duplicate-id`, as in a full load.
    pub fn begin_with(self, ids: &[Id], new_of: &[Kind]) -> Result<Transaction> {
        let lock = Lock::take(&self.root, &self.display_root)?;
        let mut snapshot = self.settings()?;
        let mut files: Vec<RecordFile> = Vec::new();
        for kind in Kind::ALL {
            let wanted: Vec<Id> = ids
                .iter()
                .filter(|id| id.kind() == Some(kind))
                .cloned()
                .collect();
            if wanted.is_empty() && !new_of.contains(&kind) {
                continue;
            }
            let names = names(&self, kind, &wanted)?;
            if new_of.contains(&kind) {
                snapshot.max_numbers.push((kind, names.max));
            }
            for rel in names.found {
                let (found, problems) = load::file_at(&self, kind, &rel);
                snapshot.problems.extend(problems);
                files.extend(found);
            }
        }
        files.sort_by(|a, b| a.id.cmp(&b.id).then_with(|| a.rel().cmp(b.rel())));
        snapshot.risks = read::<Risk>(&self, &mut snapshot, &files);
        snapshot.incidents = read::<Incident>(&self, &mut snapshot, &files);
        snapshot.claims = read::<Claim>(&self, &mut snapshot, &files);
        snapshot.swots = read::<Swot>(&self, &mut snapshot, &files);
        snapshot.pestles = read::<Pestle>(&self, &mut snapshot, &files);
        snapshot.files = files;
        load::find_duplicates(&mut snapshot);
        snapshot.require_clean()?;
        Ok(Transaction {
            store: self,
            lock: Some(lock),
            snapshot,
        })
    }
}

fn read<T: Loadable>(
    store: &Store,
    snapshot: &mut Snapshot,
    files: &[RecordFile],
) -> Vec<crate::snapshot::Record<T>> {
    let mut records = Vec::new();
    for file in files.iter().filter(|f| f.kind == T::KIND) {
        let read = load::read_one::<T>(&store.root, file, &snapshot.settings, None);
        snapshot.problems.extend(read.findings);
        records.extend(read.record);
    }
    records
}
