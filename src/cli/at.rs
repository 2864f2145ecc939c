//! `--at REV`: read commands work on the register as it was at a git revision, without touching
//! the working tree; commands that change the register refuse it.

use anyhow::Result;

use super::{Command, Ctx, action, claim, incident};
use crate::error::Error;
use std::collections::HashMap;

use crate::model::{Id, Kind};
use crate::rating::since::Renames;
use crate::register::history::Source;
use crate::snapshot::Snapshot;

/// The name of a command that changes the register (or writes beside it), which `--at` cannot
/// apply to; None for the commands that only read.
fn writer(command: &Command) -> Option<&'static str> {
    Some(match command {
        Command::Init(_) => "init",
        Command::Add(_) => "add",
        Command::Edit(_) => "edit",
        Command::Review(_) => "review",
        Command::Close(_) => "close",
        Command::Action(action::Command::Add(_)) => "action add",
        Command::Action(action::Command::Done(_)) => "action done",
        Command::Fmt(_) => "fmt",
        Command::Renumber(_) => "renumber",
        Command::Diff(_) => "diff",
        Command::Incident(command) => match command {
            incident::Command::List(_)
            | incident::Command::Show(_)
            | incident::Command::Notice(_) => return None,
            incident::Command::Add(_) => "incident add",
            incident::Command::Update(_) => "incident update",
            incident::Command::Notify(_) => "incident notify",
            incident::Command::Resolve(_) => "incident resolve",
            incident::Command::Review(_) => "incident review",
        },
        Command::Claim(command) => match command {
            claim::Command::List(_) | claim::Command::Show(_) => return None,
            claim::Command::Add(_) => "claim add",
            claim::Command::Acknowledge(_) => "claim acknowledge",
            claim::Command::Assess(_) => "claim assess",
            claim::Command::Offer(_) => "claim offer",
            claim::Command::Decide(_) => "claim decide",
            claim::Command::Pay(_) => "claim pay",
            claim::Command::Import(_) => "claim import",
            claim::Command::OfferAll(_) => "claim offer-all",
        },
        _ => return None,
    })
}

/// Refuses `--at` on a command that changes the register, before anything is read or asked.
pub fn refuse_on_writers(command: &Command, at: Option<&str>) -> Result<()> {
    let (Some(rev), Some(name)) = (at, writer(command)) else {
        return Ok(());
    };
    let error = if name == "diff" {
        Error::usage(format!(
            "--at {rev} does not apply to `risk diff`, which names its revisions: \
             `risk diff BASE {rev}`"
        ))
    } else {
        Error::usage(format!(
            "--at {rev}: `risk {name}` changes the register, and a past revision cannot be \
             changed; --at is for commands that read (list, show, matrix, rank, check, report, …)"
        ))
        .with_hint("check out a branch to change the register there")
    };
    Err(error.into())
}

/// The command's one reader of git history (one `git log`, one `git cat-file --batch`),
/// shared by `--at`, `--since`, `risk history` and `trends --profile`.
pub fn source(ctx: &Ctx) -> Result<&Source> {
    if ctx.git.get().is_none() {
        let source = Source::of(&ctx.store()?)?;
        let _ = ctx.git.set(source);
    }
    Ok(ctx.git.get().expect("set above"))
}

/// The register as it was at `rev`, with its files named as in a checkout of that revision.
pub fn load(ctx: &Ctx, rev: &str, kinds: &[Kind]) -> Result<Snapshot> {
    let store = ctx.store()?;
    let source = source(ctx)?;
    let commit = source.resolve(rev)?;
    source.load(store.display_root(), &commit, kinds)
}

/// For `--since REV`: the register at `rev` (clean), and the risks of `head` (the register
/// read, at `--at` or in the working tree) renumbered since, followed commit by commit along
/// the first-parent history of `--at` or HEAD. Needs [`Source::want_changes`] asked first.
pub fn since(ctx: &Ctx, rev: &str, kinds: &[Kind], head: &Snapshot) -> Result<(Snapshot, Renames)> {
    let store = ctx.store()?;
    let source = source(ctx)?;
    let base_commit = source.resolve(rev)?;
    let base = source.load(store.display_root(), &base_commit, kinds)?;
    base.require_clean()?;
    let head_commit = source.resolve(ctx.global.at.as_deref().unwrap_or("HEAD"))?;
    let mut renames = Renames::new();
    let Some(origins) = source.risk_origins(&base_commit, &head_commit)? else {
        return Ok((base, renames));
    };
    let rel = |path: &std::path::Path| path.to_string_lossy().replace('\\', "/");
    let then: HashMap<String, &Id> = base
        .risks
        .iter()
        .map(|r| (rel(r.rel()), &r.value.id))
        .collect();
    for record in &head.risks {
        if let Some(origin) = origins.get(&rel(record.rel())) {
            let was = origin
                .as_ref()
                .and_then(|o| then.get(o))
                .map(|id| (*id).clone());
            if was.as_ref() != Some(&record.value.id) {
                renames.insert(record.value.id.clone(), was);
            }
        }
    }
    Ok((base, renames))
}
