//! One function per command that changes or computes something: it takes a [`Snapshot`], its
//! parameters and `today`, and returns an [`Outcome`]: the changes to make and what to report.
//! Nothing here touches the disk, the terminal or the environment.

pub mod accept;
pub mod action;
pub mod analysis;
pub mod check;
pub mod claim;
pub mod claim_batch;
pub mod claim_import;
pub mod control;
pub mod fmt;
pub mod import;
pub mod incident;
pub mod init;
pub mod lifecycle;
pub mod notice;
pub mod offer_all;
pub mod renumber;
pub mod risk;

use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::codec::{self, locate};
use crate::error::{Error, Located};
use crate::model::{Id, Kind};
use crate::snapshot::{Loadable, Record, Snapshot, located};

/// One change to the register's files, applied by `register::Store::apply`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// A new file; fails (and the whole change with it) when the file exists.
    Create { rel: PathBuf, text: String },
    /// New content for an existing file.
    Replace { rel: PathBuf, text: String },
    /// An existing file removed.
    Remove { rel: PathBuf },
}

impl Change {
    pub fn rel(&self) -> &Path {
        match self {
            Change::Create { rel, .. } | Change::Replace { rel, .. } | Change::Remove { rel } => {
                rel
            }
        }
    }
}

/// What a command does: the changes to write, and what to tell the person who ran it.
#[derive(Debug)]
pub struct Outcome<R> {
    pub changes: Vec<Change>,
    pub report: R,
}

impl<R> Outcome<R> {
    pub fn new(changes: Vec<Change>, report: R) -> Self {
        Outcome { changes, report }
    }
}

/// The change that writes `value` as the new content of `record`, after normalising and
/// validating it; None when the value equals what the file holds (not one byte changes).
/// The id cannot change here (`risk renumber` does that). The record may be one read without
/// being validated, for `risk edit` to repair it: what is saved is validated all the same, and
/// while it is still invalid the errors are located in the record's file.
pub fn save<T: Loadable>(
    snapshot: &Snapshot,
    record: &Record<T>,
    mut value: T,
) -> Result<(T, Option<Change>)> {
    value.normalise();
    if value == record.value {
        let problems = value.validate(&snapshot.settings);
        if !problems.is_empty() {
            return Err(still_invalid(record, problems).into());
        }
        return Ok((value, None));
    }
    if value.id() != record.value.id() {
        return Err(id_changed(record.file(), record.value.id()).into());
    }
    let problems = value.validate(&snapshot.settings);
    if !problems.is_empty() {
        if record.value.validate(&snapshot.settings).is_empty() {
            let text = codec::write(&value);
            return Err(Error::input(located(record.file(), &text, problems)).into());
        }
        return Err(still_invalid(record, problems).into());
    }
    let change = rewrite(record, &value)?;
    Ok((value, change))
}

/// An edit of the file that gave a record another id than `id`, the file's.
pub fn id_changed(file: &str, id: &Id) -> Error {
    Error::usage(format!(
        "{file}: the id cannot be changed by editing; use `risk renumber {id}`"
    ))
}

/// The errors of a record that was invalid on disk (read to be repaired) and still is after
/// the change, at its file's lines.
fn still_invalid<T: Loadable>(record: &Record<T>, problems: Vec<crate::model::Problem>) -> Error {
    let id = record.value.id();
    Error::input(located(record.file(), &record.text(), problems)).with_hint(format!(
        "{id} is invalid as it is on disk, and an edit is written only once the record is \
         valid: fix these keys in the same edit (or in the editor: `risk edit {id}`)"
    ))
}

/// Applies `change` to the record with this id and returns the saved value and its change.
pub fn modify<T: Loadable>(
    snapshot: &Snapshot,
    id: &Id,
    change: impl FnOnce(&mut T) -> Result<()>,
) -> Result<(T, Option<Change>)> {
    let record = snapshot.get::<T>(id)?;
    let mut value = record.value.clone();
    change(&mut value)?;
    save(snapshot, record, value)
}

/// The change that rewrites an existing record in canonical form. Refuses when the file holds
/// comments, which a rewrite would lose; None when the bytes would not change.
pub fn rewrite<T: serde::Serialize>(record: &Record<T>, value: &T) -> Result<Option<Change>> {
    if let Some(line) = locate::first_comment(&record.text()) {
        return Err(Error::from(Located {
            file: record.file().to_string(),
            line: Some(line),
            key: None,
            message:
                "holds a comment, which rewriting the file would lose; edit the file by hand, \
                      or move the comment into `notes` and run the command again"
                    .into(),
        })
        .into());
    }
    let text = codec::write(value);
    Ok((text != record.text()).then(|| Change::Replace {
        rel: record.rel().to_path_buf(),
        text,
    }))
}

/// The change that creates a new record of `kind` under its next free id, with the file it
/// will be shown as.
pub fn create<T: serde::Serialize>(
    snapshot: &Snapshot,
    kind: Kind,
    build: impl FnOnce(Id) -> T,
) -> Result<(Id, String, Change)> {
    let id = snapshot.next_id(kind)?;
    let rel = Snapshot::new_record_path(kind, &id);
    let file = snapshot.display_path(&rel);
    let text = codec::write(&build(id.clone()));
    Ok((id, file, Change::Create { rel, text }))
}

/// Changes that create one new record per item, under consecutive free ids of `kind`.
pub fn create_many<T: serde::Serialize, I>(
    snapshot: &Snapshot,
    kind: Kind,
    items: &[I],
    build: impl Fn(Id, &I) -> T,
) -> Result<Vec<(Id, String, Change)>> {
    let first = snapshot.next_id(kind)?.number();
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let id = Id::next(kind, first + i as u64).map_err(anyhow::Error::msg)?;
            let rel = Snapshot::new_record_path(kind, &id);
            let file = snapshot.display_path(&rel);
            let text = codec::write(&build(id.clone(), item));
            Ok((id, file, Change::Create { rel, text }))
        })
        .collect()
}
