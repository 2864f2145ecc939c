//! `--at REV`: read commands work on the register as it was at a git revision, without touching
//! the working tree; commands that change the register refuse it.

use anyhow::Result;

use super::{Command, Ctx, action, claim, incident};
use crate::error::Error;
use crate::model::Kind;
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

/// The register as it was at `rev`, with its files named as in a checkout of that revision.
pub fn load(ctx: &Ctx, rev: &str, kinds: &[Kind]) -> Result<Snapshot> {
    let store = ctx.store()?;
    let source = Source::of(&store)?;
    let commit = source.resolve(rev)?;
    source.load(store.display_root(), &commit, kinds)
}
