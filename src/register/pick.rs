//! Changing one record without loading the others: the files named with the wanted ids are
//! found by their names alone, and only they (and the settings) are read, so `edit`, `add` and
//! the other one-record commands cost the same on a register of any size.

use std::path::{Path, PathBuf};

use anyhow::Result;

use super::{Lock, Store, Transaction, load};
use crate::check::Finding;
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
        Ok(self.begin_reading(ids, new_of, None)?.0)
    }

    /// Starts a change of the record `id` that may repair it (`risk edit`): as
    /// [`Store::begin_with`], except that the record is read even when its values are invalid,
    /// and what is wrong with it is handed back beside the transaction (nothing when it is
    /// valid). A file that is text but does not parse as a record is handed back as its text
    /// (and is not among the snapshot's records), for the editor. Whatever the change saves is
    /// validated (`ops::save`), so an invalid record is written only once it is valid.
    pub fn begin_repair(self, id: &Id) -> Result<(Transaction, Repair)> {
        self.begin_reading(std::slice::from_ref(id), &[], Some(id))
    }

    fn begin_reading(
        self,
        ids: &[Id],
        new_of: &[Kind],
        repair: Option<&Id>,
    ) -> Result<(Transaction, Repair)> {
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
        let mut found = Found::default();
        let at = (&self, repair);
        snapshot.risks = read::<Risk>(at, &mut snapshot, &files, &mut found);
        snapshot.incidents = read::<Incident>(at, &mut snapshot, &files, &mut found);
        snapshot.claims = read::<Claim>(at, &mut snapshot, &files, &mut found);
        snapshot.swots = read::<Swot>(at, &mut snapshot, &files, &mut found);
        snapshot.pestles = read::<Pestle>(at, &mut snapshot, &files, &mut found);
        snapshot.files = files;
        load::find_duplicates(&mut snapshot);
        if !snapshot.problems.is_empty() {
            // Refused as any change would be (a duplicate, an id that is not the file's),
            // naming everything wrong with the record.
            snapshot.problems.append(&mut found.invalid);
        }
        snapshot.require_clean()?;
        let repair = Repair {
            invalid: found.invalid.into_iter().map(|f| f.at).collect(),
            unparsed: found.unparsed,
        };
        Ok((
            Transaction {
                store: self,
                lock: Some(lock),
                snapshot,
            },
            repair,
        ))
    }
}

/// What is wrong with a record read to be repaired ([`Store::begin_repair`]).
#[derive(Debug, Default)]
pub struct Repair {
    /// Its errors, located in its file; empty when it is valid.
    pub invalid: Vec<Located>,
    /// The text of its file when it does not parse as a record (its error in `invalid`); the
    /// snapshot then lists the file but holds no record of it.
    pub unparsed: Option<String>,
}

/// What was set aside while reading the record being repaired.
#[derive(Default)]
struct Found {
    invalid: Vec<Finding>,
    unparsed: Option<String>,
}

/// The records of kind `T` among `files`. The one being repaired, if any, is kept even when
/// its values are invalid, and its text when it does not parse; what is wrong with it is set
/// aside in `found`.
fn read<T: Loadable>(
    (store, repair): (&Store, Option<&Id>),
    snapshot: &mut Snapshot,
    files: &[RecordFile],
    found: &mut Found,
) -> Vec<crate::snapshot::Record<T>> {
    let mut records = Vec::new();
    for file in files.iter().filter(|f| f.kind == T::KIND) {
        let mut read = if repair.is_some() && file.id.as_ref() == repair {
            let mut read = load::read_unvalidated::<T>(&store.root, file, None);
            if let Some(record) = &read.record {
                found
                    .invalid
                    .extend(load::invalid(record, &snapshot.settings));
            } else if read.unparsed.is_some() && found.unparsed.is_none() {
                found.unparsed = read.unparsed.take();
                found.invalid.append(&mut read.findings);
            }
            read
        } else {
            load::read_one::<T>(&store.root, file, &snapshot.settings, None)
        };
        snapshot.problems.append(&mut read.findings);
        records.extend(read.record);
    }
    records
}

#[cfg(test)]
mod tests {
    use super::*;

    const RISK: &str = "id: RISK-0001\ntitle: Lift fails\nowner: ana\nlikelihood: 7\nimpact: 3\n";

    fn register(files: &[(&str, &str)]) -> (tempfile::TempDir, Store) {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("register");
        std::fs::create_dir_all(root.join("risks")).unwrap();
        std::fs::write(root.join("register.yaml"), "").unwrap();
        for (rel, text) in files {
            std::fs::write(root.join(rel), text).unwrap();
        }
        (tmp, Store::at(&root))
    }

    fn id() -> Id {
        Id::parse("RISK-0001").unwrap()
    }

    #[test]
    fn a_repair_reads_an_invalid_record_and_hands_back_its_problems() {
        let (_tmp, store) = register(&[("risks/RISK-0001.yaml", RISK)]);
        let err = store
            .clone()
            .begin_with(&[id()], &[])
            .err()
            .unwrap()
            .to_string();
        assert!(
            err.contains("RISK-0001.yaml:4: likelihood: 7 is outside"),
            "{err}"
        );
        let (tx, repair) = store.begin_repair(&id()).unwrap();
        assert_eq!(tx.snapshot().risks.len(), 1);
        assert_eq!(tx.snapshot().risks[0].value.likelihood, 7);
        let invalid = repair.invalid;
        assert_eq!(invalid.len(), 1, "{invalid:?}");
        assert_eq!(invalid[0].line, Some(4));
        assert_eq!(invalid[0].key.as_deref(), Some("likelihood"));
        assert_eq!(repair.unparsed, None);
    }

    #[test]
    fn a_repair_hands_back_the_text_of_a_record_that_does_not_parse() {
        let unknown = RISK.replace("owner:", "ownr:");
        let (_tmp, store) = register(&[("risks/RISK-0001.yaml", &unknown)]);
        let (tx, repair) = store.begin_repair(&id()).unwrap();
        assert!(tx.snapshot().risks.is_empty());
        assert_eq!(tx.snapshot().files.len(), 1);
        assert_eq!(repair.unparsed.as_deref(), Some(unknown.as_str()));
        let err = repair.invalid[0].to_string();
        assert!(err.contains("RISK-0001.yaml:3: ownr: unknown key"), "{err}");
    }

    #[test]
    fn a_repair_still_refuses_a_record_that_is_not_its_files() {
        let other = RISK.replace("RISK-0001", "RISK-0002");
        let (_tmp, store) = register(&[("risks/RISK-0001.yaml", &other)]);
        let err = store.begin_repair(&id()).err().unwrap().to_string();
        // Named with everything wrong with it, as before.
        assert!(
            err.contains("is `RISK-0002` but the file is named"),
            "{err}"
        );
        assert!(err.contains("likelihood: 7 is outside"), "{err}");
    }
}
