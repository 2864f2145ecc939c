//! `risk renumber`'s plan: a record's new id and file, and the references to rewrite, as one
//! change that the writer applies whole (new file, references, old file removed) or not at all.

use std::path::PathBuf;

use anyhow::{Result, bail};

use super::{Change, Outcome};
use crate::codec::{self, locate};
use crate::error::{Error, Located};
use crate::model::{Claim, Id, Incident, Kind, Pestle, Risk, Swot};
use crate::snapshot::{Loadable, Record, RecordFile, Snapshot};

/// Which record to renumber.
#[derive(Clone, Debug)]
pub enum Target {
    /// By id, when only one file has it.
    Id(Id),
    /// By its file, relative to the register (when two files share an id).
    File(PathBuf),
}

/// What was renumbered, for the confirmation.
#[derive(Clone, Debug)]
pub struct Renumbered {
    pub kind: Kind,
    pub old_id: Id,
    pub new_id: Id,
    /// The new file, as shown.
    pub file: String,
    /// Ids of the records that refer to the old id.
    pub referrers: Vec<String>,
    /// Two files used the old id, so references were left alone.
    pub shared: bool,
}

/// Plans the renumbering of `target` to `to` (default: the next free id of its kind), over a
/// snapshot of every kind loaded with its problems kept.
pub fn plan(snapshot: &Snapshot, target: &Target, to: Option<&str>) -> Result<Outcome<Renumbered>> {
    let target = choose(snapshot, target)?;
    let Some(old_id) = target.id.clone() else {
        bail!("{}: its name is not a record id", target.file());
    };
    let kind = target.kind;
    let shared = snapshot
        .files
        .iter()
        .filter(|f| f.kind == kind && f.id.as_ref() == Some(&old_id))
        .count()
        > 1;
    // Every other problem could hide a reference or make a write unsafe: fix those first.
    let blocking: Vec<Located> = snapshot
        .problems
        .iter()
        .filter(|p| {
            !(p.rule == "duplicate-id"
                && p.record.as_deref().and_then(|r| Id::parse(r).ok()).as_ref() == Some(&old_id))
        })
        .map(|p| p.at.clone())
        .collect();
    if !blocking.is_empty() {
        return Err(Error::input(blocking).into());
    }
    let new_id = match to {
        Some(text) => Id::parse_kind(text, kind).map_err(|m| anyhow::anyhow!("--to: {m}"))?,
        None => snapshot.next_id(kind)?,
    };
    if let Some(taken) = snapshot
        .files
        .iter()
        .find(|f| f.kind == kind && f.id.as_ref() == Some(&new_id))
    {
        bail!(
            "--to {new_id}: that id is already used by {}; pick a free one or leave --to out",
            taken.file()
        );
    }
    let (own, references, referrers) = match kind {
        Kind::Risk => {
            let own = own_file::<Risk>(snapshot, target, &new_id, |r, id| r.id = id)?;
            let (mut changes, mut referrers) = references(
                &snapshot.incidents,
                |i| &i.id,
                |i| i.risks.contains(&old_id) || i.lesson_risks().any(|r| *r == old_id),
                |i| i.rename_risk(&old_id, &new_id),
                shared,
            )?;
            for (more, by) in [
                references(
                    &snapshot.swots,
                    |a| &a.id,
                    |a| a.items().any(|(_, _, item)| item.risks().contains(&old_id)),
                    |a| {
                        a.items_mut()
                            .for_each(|item| item.rename_risk(&old_id, &new_id))
                    },
                    shared,
                )?,
                references(
                    &snapshot.pestles,
                    |a| &a.id,
                    |a| a.items().any(|(_, _, item)| item.risks().contains(&old_id)),
                    |a| {
                        a.items_mut()
                            .for_each(|item| item.rename_risk(&old_id, &new_id))
                    },
                    shared,
                )?,
            ] {
                changes.extend(more);
                referrers.extend(by);
            }
            (own, changes, referrers)
        }
        Kind::Incident => {
            let own = own_file::<Incident>(snapshot, target, &new_id, |r, id| r.id = id)?;
            let (changes, referrers) = references(
                &snapshot.claims,
                |c| &c.id,
                |c| c.incident == old_id,
                |c| c.incident = new_id.clone(),
                shared,
            )?;
            (own, changes, referrers)
        }
        Kind::Claim => (
            own_file::<Claim>(snapshot, target, &new_id, |c, id| c.id = id)?,
            Vec::new(),
            Vec::new(),
        ),
        Kind::Swot => (
            own_file::<Swot>(snapshot, target, &new_id, |a, id| a.id = id)?,
            Vec::new(),
            Vec::new(),
        ),
        Kind::Pestle => (
            own_file::<Pestle>(snapshot, target, &new_id, |a, id| a.id = id)?,
            Vec::new(),
            Vec::new(),
        ),
    };
    let file = snapshot.display_path(own.rel());
    let mut changes = vec![own];
    changes.extend(references);
    changes.push(Change::Remove {
        rel: target.rel().to_path_buf(),
    });
    Ok(Outcome::new(
        changes,
        Renumbered {
            kind,
            old_id,
            new_id,
            file,
            referrers,
            shared,
        },
    ))
}

/// The file named: by path, or by id when only one file has it.
fn choose<'a>(snapshot: &'a Snapshot, target: &Target) -> Result<&'a RecordFile> {
    let id = match target {
        Target::File(rel) => {
            return snapshot
                .files
                .iter()
                .find(|f| f.id.is_some() && f.rel() == rel)
                .ok_or_else(|| {
                    anyhow::anyhow!(
                        "{}: not a record file of the register in {}",
                        rel.display(),
                        snapshot.display_root
                    )
                });
        }
        Target::Id(id) => id,
    };
    let Some(kind) = id.kind() else {
        bail!("`{id}` is not a risk, incident, claim, SWOT or PESTLE id");
    };
    let found: Vec<&RecordFile> = snapshot
        .files
        .iter()
        .filter(|f| f.kind == kind && f.id.as_ref() == Some(id))
        .collect();
    match found.as_slice() {
        [] => Err(Error::from(Located {
            file: format!("{}/{}/", snapshot.display_root, kind.dir()),
            line: None,
            key: None,
            message: format!("no {} with id {id}", kind.name()),
        })
        .into()),
        [one] => Ok(one),
        many => {
            let files: Vec<&str> = many.iter().map(|f| f.file()).collect();
            bail!(
                "{id} is used by {} files ({}); name the one to renumber by its path, e.g. `risk renumber {}`",
                many.len(),
                files.join(", "),
                files[files.len() - 1]
            )
        }
    }
}

fn refuse_comments(file: &str, text: &str) -> Result<()> {
    if let Some(line) = locate::first_comment(text) {
        return Err(Error::from(Located {
            file: file.to_string(),
            line: Some(line),
            key: None,
            message: "holds a comment, which rewriting the file would lose; move the comment into \
                      `notes` (or edit the ids by hand) and run the command again; nothing was changed"
                .into(),
        })
        .into());
    }
    Ok(())
}

/// The renumbered record's new file, beside the old one.
fn own_file<T: Loadable>(
    snapshot: &Snapshot,
    file: &RecordFile,
    new_id: &Id,
    set_id: impl Fn(&mut T, Id),
) -> Result<Change> {
    let record: &Record<T> = T::records(snapshot)
        .iter()
        .find(|r| r.rel() == file.rel())
        .ok_or_else(|| anyhow::anyhow!("{}: could not be read", file.file()))?;
    refuse_comments(record.file(), &record.text())?;
    let mut value = record.value.clone();
    set_id(&mut value, new_id.clone());
    let ext = file
        .rel()
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("yaml");
    Ok(Change::Create {
        rel: file.rel().with_file_name(format!("{new_id}.{ext}")),
        text: codec::write(&value),
    })
}

/// The records that refer to the renumbered one, and their rewrites (none when the old id is
/// shared by two files, as it is then unclear which one they mean).
fn references<T: serde::Serialize + Clone>(
    records: &[Record<T>],
    id: impl Fn(&T) -> &Id,
    refers: impl Fn(&T) -> bool,
    rewrite: impl Fn(&mut T),
    shared: bool,
) -> Result<(Vec<Change>, Vec<String>)> {
    let mut changes = Vec::new();
    let mut referrers = Vec::new();
    for record in records.iter().filter(|r| refers(&r.value)) {
        referrers.push(id(&record.value).to_string());
        if shared {
            continue;
        }
        refuse_comments(record.file(), &record.text())?;
        let mut value = record.value.clone();
        rewrite(&mut value);
        changes.push(Change::Replace {
            rel: record.rel().to_path_buf(),
            text: codec::write(&value),
        });
    }
    Ok((changes, referrers))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot() -> Snapshot {
        crate::snapshot::testing::snapshot(
            "",
            &[
                "id: RISK-0001\ntitle: a\nlikelihood: 2\nimpact: 3\n",
                "id: RISK-0004\ntitle: b\nlikelihood: 2\nimpact: 3\n",
                "id: INC-0001\ntitle: outage\ndetected: 2026-11-01T09:00:00Z\nseverity: 4\nrisks:\n- RISK-0001\n- RISK-0004\n",
            ],
        )
    }

    #[test]
    fn a_risk_moves_to_the_next_free_id_and_its_references_follow() {
        let outcome = plan(&snapshot(), &Target::Id(Id::parse("RISK-1").unwrap()), None).unwrap();
        let report = &outcome.report;
        assert_eq!(report.new_id.to_string(), "RISK-0005");
        assert_eq!(report.file, "register/risks/RISK-0005.yaml");
        assert_eq!(report.referrers, ["INC-0001"]);
        assert_eq!(outcome.changes.len(), 3);
        assert_eq!(
            outcome.changes[0],
            Change::Create {
                rel: "risks/RISK-0005.yaml".into(),
                text: "id: RISK-0005\ntitle: a\nlikelihood: 2\nimpact: 3\n".into()
            }
        );
        match &outcome.changes[1] {
            Change::Replace { rel, text } => {
                assert_eq!(rel, &PathBuf::from("incidents/INC-0001.yaml"));
                assert!(text.contains("- RISK-0005\n- RISK-0004\n"), "{text}");
            }
            other => panic!("expected the incident rewritten, got {other:?}"),
        }
        assert_eq!(
            outcome.changes[2],
            Change::Remove {
                rel: "risks/RISK-0001.yaml".into()
            }
        );
    }

    #[test]
    fn a_taken_id_is_refused_and_nothing_is_planned() {
        let err = plan(
            &snapshot(),
            &Target::Id(Id::parse("RISK-0001").unwrap()),
            Some("RISK-4"),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("already used by register/risks/RISK-0004.yaml"),
            "{err}"
        );
    }

    #[test]
    fn an_unknown_id_names_the_folder() {
        let err = plan(&snapshot(), &Target::Id(Id::parse("RISK-9").unwrap()), None)
            .unwrap_err()
            .to_string();
        assert_eq!(err, "register/risks/: no risk with id RISK-9");
    }
}
