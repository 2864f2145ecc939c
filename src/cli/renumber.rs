//! `risk renumber`: give a record a new id, renaming its file and rewriting every reference.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use super::Ctx;
use crate::error::{InputError, Located};
use crate::model::{Id, Kind};
use crate::register::{
    self, Loadable, Record, RecordFile, Register, create_new, locate, replace, yaml,
};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The record to renumber: its id (RISK-0042), or its file when two files share that id
    pub record: String,
    /// The new id [default: the next free id of its kind]
    #[arg(long, value_name = "ID")]
    pub to: Option<String>,
}

/// One file to write: where, what it held (to put back if a later step fails) and what it gets.
struct Write {
    path: PathBuf,
    file: String,
    old: String,
    new: String,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let root = register::find(ctx.global.register.as_deref())?;
    let mut register = Register::open(&root)?;
    register.load(&Kind::ALL);
    let target = choose(&register, &args.record)?;
    let old_id = target.id.clone().expect("chosen files have an id");
    let kind = target.kind;
    let shared = register
        .files
        .iter()
        .filter(|f| f.kind == kind && f.id.as_ref() == Some(&old_id))
        .count()
        > 1;
    // Every other problem could hide a reference or make a write unsafe: fix those first.
    let blocking: Vec<Located> = register
        .problems
        .iter()
        .filter(|p| {
            !(p.rule == "duplicate-id"
                && p.record.as_deref().and_then(|r| Id::parse(r).ok()).as_ref() == Some(&old_id))
        })
        .map(|p| p.at.clone())
        .collect();
    if !blocking.is_empty() {
        return Err(InputError { problems: blocking }.into());
    }
    let new_id = match &args.to {
        Some(text) => Id::parse_kind(text, kind).map_err(|m| anyhow::anyhow!("--to: {m}"))?,
        None => {
            let max = register
                .files
                .iter()
                .filter(|f| f.kind == kind)
                .filter_map(|f| f.id.as_ref().map(Id::number))
                .max()
                .unwrap_or(0);
            Id::new(kind, max + 1)
        }
    };
    if let Some(taken) = register
        .files
        .iter()
        .find(|f| f.kind == kind && f.id.as_ref() == Some(&new_id))
    {
        bail!(
            "--to {new_id}: that id is already used by {}; pick a free one or leave --to out",
            taken.file
        );
    }
    let (own, mut writes, referrers) = match kind {
        Kind::Risk => plan_risk(&register, target, &old_id, &new_id, shared)?,
        Kind::Incident => plan_incident(&register, target, &old_id, &new_id, shared)?,
        Kind::Claim => (
            plan_own::<crate::model::Claim>(&register, target, &new_id, |c, id| c.id = id)?,
            Vec::new(),
            Vec::new(),
        ),
    };
    for w in &writes {
        refuse_comments(&w.file, &w.old)?;
    }
    apply(&own, &mut writes, &target_path(&register, target))?;
    ctx.say(&format!("Renumbered {old_id} → {new_id}: {}", own.file))?;
    if shared {
        if !referrers.is_empty() {
            ctx.say(&format!(
                "References to {old_id} were left as they are, since two records used that id; \
                 check which one each means: {}",
                referrers.join(", ")
            ))?;
        }
    } else if !referrers.is_empty() {
        ctx.say(&format!("Updated references in {}", referrers.join(", ")))?;
    }
    let folder = register.root.join(Kind::Claim.dir()).join(old_id.as_str());
    if kind == Kind::Incident && folder.is_dir() {
        ctx.say(&format!(
            "Its claims stay in {}/{}/{old_id}/; rename that folder (`git mv`) if you keep claims \
             in folders named after their incident",
            register.display_root,
            Kind::Claim.dir()
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The file named on the command line: by path, or by id when only one file has it.
fn choose<'a>(register: &'a Register, arg: &str) -> Result<&'a RecordFile> {
    if arg.ends_with(".yaml") || arg.ends_with(".yml") {
        let wanted = Path::new(arg)
            .canonicalize()
            .with_context(|| format!("{arg}: no such file"))?;
        return register
            .files
            .iter()
            .find(|f| {
                f.id.is_some()
                    && register.root.join(&f.rel).canonicalize().ok().as_ref() == Some(&wanted)
            })
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "{arg}: not a record file of the register in {}",
                    register.display_root
                )
            });
    }
    let id = super::parse_id(arg)?;
    let Some(kind) = id.kind() else {
        bail!("`{id}` is not a risk, incident or claim id");
    };
    let found: Vec<&RecordFile> = register
        .files
        .iter()
        .filter(|f| f.kind == kind && f.id.as_ref() == Some(&id))
        .collect();
    match found.as_slice() {
        [] => Err(InputError::from(Located {
            file: format!("{}/{}/", register.display_root, kind.dir()),
            line: None,
            key: None,
            message: format!("no {} with id {id}", kind.name()),
        })
        .into()),
        [one] => Ok(one),
        many => {
            let files: Vec<&str> = many.iter().map(|f| f.file.as_str()).collect();
            bail!(
                "{id} is used by {} files ({}); name the one to renumber by its path, e.g. `risk renumber {}`",
                many.len(),
                files.join(", "),
                files[files.len() - 1]
            )
        }
    }
}

fn target_path(register: &Register, file: &RecordFile) -> PathBuf {
    register.root.join(&file.rel)
}

fn refuse_comments(file: &str, text: &str) -> Result<()> {
    if let Some(line) = locate::first_comment(text) {
        return Err(InputError::from(Located {
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
fn plan_own<T: Loadable>(
    register: &Register,
    file: &RecordFile,
    new_id: &Id,
    set_id: impl Fn(&mut T, Id),
) -> Result<Write> {
    let record: &Record<T> = T::records(register)
        .iter()
        .find(|r| r.rel == file.rel)
        .ok_or_else(|| anyhow::anyhow!("{}: could not be read", file.file))?;
    refuse_comments(&record.file, &record.text)?;
    let mut value = record.value.clone();
    set_id(&mut value, new_id.clone());
    let ext = file
        .rel
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("yaml");
    let rel = file.rel.with_file_name(format!("{new_id}.{ext}"));
    Ok(Write {
        path: register.root.join(&rel),
        file: register.display_path(&rel),
        old: String::new(),
        new: yaml::to_string(&value),
    })
}

type Plan = (Write, Vec<Write>, Vec<String>);

fn plan_risk(
    register: &Register,
    file: &RecordFile,
    old: &Id,
    new: &Id,
    shared: bool,
) -> Result<Plan> {
    let own = plan_own::<crate::model::Risk>(register, file, new, |r, id| r.id = id)?;
    let (writes, referrers) = plan_references(
        &register.incidents,
        |i| &i.id,
        |i| i.risks.contains(old),
        |i| {
            for risk in &mut i.risks {
                if risk == old {
                    *risk = new.clone();
                }
            }
        },
        register,
        shared,
    );
    Ok((own, writes, referrers))
}

fn plan_incident(
    register: &Register,
    file: &RecordFile,
    old: &Id,
    new: &Id,
    shared: bool,
) -> Result<Plan> {
    let own = plan_own::<crate::model::Incident>(register, file, new, |r, id| r.id = id)?;
    let (writes, referrers) = plan_references(
        &register.claims,
        |c| &c.id,
        |c| &c.incident == old,
        |c| c.incident = new.clone(),
        register,
        shared,
    );
    Ok((own, writes, referrers))
}

/// The records that refer to the renumbered one, and their rewrites (none when the old id is
/// shared by two files, as it is then unclear which one they mean).
fn plan_references<T: serde::Serialize + Clone>(
    records: &[crate::register::Record<T>],
    id: impl Fn(&T) -> &Id,
    refers: impl Fn(&T) -> bool,
    rewrite: impl Fn(&mut T),
    register: &Register,
    shared: bool,
) -> (Vec<Write>, Vec<String>) {
    let mut writes = Vec::new();
    let mut referrers = Vec::new();
    for record in records.iter().filter(|r| refers(&r.value)) {
        referrers.push(id(&record.value).to_string());
        if shared {
            continue;
        }
        let mut value = record.value.clone();
        rewrite(&mut value);
        writes.push(Write {
            path: register.root.join(&record.rel),
            file: record.file.clone(),
            old: record.text.clone(),
            new: yaml::to_string(&value),
        });
    }
    (writes, referrers)
}

/// Writes the new file (create-new), then the references, then removes the old file; when a
/// step fails, what was already written is put back.
fn apply(own: &Write, refs: &mut [Write], old_path: &Path) -> Result<()> {
    if !create_new(&own.path, own.new.as_bytes())
        .with_context(|| format!("{}: cannot write", own.file))?
    {
        bail!("{}: already exists; nothing was changed", own.file);
    }
    let undo = |done: &[Write]| {
        for w in done {
            let _ = replace(&w.path, w.old.as_bytes());
        }
        let _ = std::fs::remove_file(&own.path);
    };
    for i in 0..refs.len() {
        if let Err(e) = replace(&refs[i].path, refs[i].new.as_bytes()) {
            undo(&refs[..i]);
            bail!("{}: cannot write ({e}); nothing was changed", refs[i].file);
        }
    }
    if let Err(e) = std::fs::remove_file(old_path) {
        undo(refs);
        bail!(
            "{}: cannot remove ({e}); nothing was changed",
            old_path.display()
        );
    }
    Ok(())
}
