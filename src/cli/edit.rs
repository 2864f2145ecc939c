//! `risk edit`, `risk review` and `risk close`: change an existing record in place.

use std::process::ExitCode;

use anyhow::{Result, bail};
use chrono::NaiveDate;

use super::{Ctx, parse_id};
use crate::error::Error;
use crate::model::{Id, Kind};
use crate::ops;
use crate::register::scratch::Scratch;

#[derive(Debug, clap::Args)]
pub struct EditArgs {
    /// The record's id, e.g. RISK-0001
    pub id: String,
    /// KEY=VALUE to set; dotted keys reach inside (impact.financial=4, fmea.severity=7,
    /// review.every_days=60, actions.A1.owner=ann); an empty value removes the key;
    /// KEY+=TEXT adds TEXT to a list (contingency+="Call the backup courier").
    /// Without --set, the record opens in $VISUAL or $EDITOR
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub sets: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct ReviewArgs {
    /// The risk's id
    pub id: String,
    /// The date of the review [default: today]
    #[arg(long, value_parser = crate::cli::dates::parse_date)]
    pub on: Option<NaiveDate>,
    /// From now on, review every N days
    #[arg(long, value_name = "DAYS")]
    pub every_days: Option<u32>,
}

#[derive(Debug, clap::Args)]
pub struct CloseArgs {
    /// The risk's id
    pub id: String,
    /// Why it is closed, for the record (`closed.reason`)
    #[arg(long)]
    pub reason: Option<String>,
    /// When it was closed [default: today]
    #[arg(long, value_parser = crate::cli::dates::parse_date)]
    pub on: Option<NaiveDate>,
}

#[derive(Debug, clap::Args)]
pub struct ReopenArgs {
    /// The risk's id
    pub id: String,
}

pub fn run_reopen(ctx: &Ctx, args: ReopenArgs) -> Result<ExitCode> {
    let id = super::parse_kind_id(&args.id, Kind::Risk)?;
    let tx = ctx.begin(&[Kind::Risk], &[])?;
    let outcome = ops::lifecycle::reopen(tx.snapshot(), &id)?;
    tx.finish(&outcome.changes)?;
    ctx.say(&outcome.report)?;
    Ok(ExitCode::SUCCESS)
}

pub fn run_edit(ctx: &Ctx, args: EditArgs) -> Result<ExitCode> {
    let id = parse_id(&args.id)?;
    if args.sets.is_empty() {
        return in_editor(ctx, &id);
    }
    let mut sets = Vec::new();
    for set in &args.sets {
        let Some((key, value)) = set.split_once('=') else {
            bail!("--set `{set}`: expected KEY=VALUE, e.g. --set owner=ops-lead");
        };
        if key.trim() == "id" {
            bail!(
                "--set id: ids are changed with `risk renumber {id}`, which also rewrites references"
            );
        }
        sets.push((key.trim().to_string(), value.trim().to_string()));
    }
    id.kind()
        .ok_or_else(|| anyhow::anyhow!("`{id}` is not a risk, incident or claim id"))?;
    // A record invalid on disk is read all the same: the edit may repair it (only a valid
    // result is written).
    let (tx, repair) = ctx.store()?.begin_repair(&id)?;
    if repair.unparsed.is_some() {
        // Not a record to set keys in: refused as it is (the editor can open it).
        return Err(Error::input(repair.invalid).into());
    }
    let outcome = ops::risk::edit(tx.snapshot(), &id, &sets)?;
    tx.finish(&outcome.changes)?;
    ctx.say(&outcome.report)?;
    Ok(ExitCode::SUCCESS)
}

pub fn run_review(ctx: &Ctx, args: ReviewArgs) -> Result<ExitCode> {
    let id = super::parse_kind_id(&args.id, Kind::Risk)?;
    let on = args.on.unwrap_or(ctx.today);
    let tx = ctx.begin_with(std::slice::from_ref(&id), &[])?;
    let outcome = ops::risk::review(tx.snapshot(), &id, on, args.every_days, ctx.today)?;
    tx.finish(&outcome.changes)?;
    ctx.say(&outcome.report)?;
    Ok(ExitCode::SUCCESS)
}

pub fn run_close(ctx: &Ctx, args: CloseArgs) -> Result<ExitCode> {
    let id = super::parse_kind_id(&args.id, Kind::Risk)?;
    let tx = ctx.begin_with(std::slice::from_ref(&id), &[])?;
    let on = args.on.unwrap_or(ctx.today);
    let outcome = ops::lifecycle::close(tx.snapshot(), &id, args.reason.as_deref(), on, ctx.today)?;
    tx.finish(&outcome.changes)?;
    ctx.say(&outcome.report)?;
    Ok(ExitCode::SUCCESS)
}

/// `risk edit ID` without `--set`: the record opens in `$VISUAL` or `$EDITOR` (a copy in the
/// temporary folder). What is saved is read and validated as loading reads a file; while it is
/// invalid the editor opens again with the errors as `#` lines on top (as `git commit` and
/// `kubectl edit` do). Saving it unchanged or empty abandons the edit: nothing is written, exit
/// 0; saving an invalid edit again unchanged gives up with its error, exit 2. A record that is
/// invalid on disk opens with its errors on top, so that it can be repaired here; saved
/// unchanged, it gives up with those errors. So does a file that does not parse as a record
/// (but is text): it opens as it is, with its error on top.
fn in_editor(ctx: &Ctx, id: &Id) -> Result<ExitCode> {
    let Some(editor) = editor(ctx) else {
        bail!(
            "missing --set KEY=VALUE (without it `risk edit` opens the record in $VISUAL or $EDITOR: \
             neither is set and stdin is not a terminal, or --no-input was given)"
        );
    };
    // Read under the lock, which is let go while the person edits.
    let (file, original, invalid) = {
        let (tx, repair) = ctx.store()?.begin_repair(id)?;
        let (file, original) = editable(tx.snapshot(), id, repair.unparsed)?;
        (file, original, repair.invalid)
    };
    let scratch = Scratch::new(&format!("{id}.yaml"))?;
    let mut shown = original.clone();
    let mut header = if invalid.is_empty() {
        String::new()
    } else {
        let intro = format!("# {file} is invalid: fix the errors below and save,");
        errors_on_top(&intro, &Error::input(invalid.clone()).into())
    };
    let edited = loop {
        scratch.put(&format!("{header}{shown}"))?;
        let status = std::process::Command::new("sh")
            .arg("-c")
            // As git runs it: the editor may carry arguments (`code --wait`).
            .arg(format!("{editor} \"$@\""))
            .arg(&editor)
            .arg(scratch.path())
            .status()
            .map_err(|e| Error::environment(format!("cannot run the editor `{editor}`: {e}")))?;
        if !status.success() {
            return Err(Error::environment(format!(
                "the editor `{editor}` failed ({status}); nothing written to {file}"
            ))
            .into());
        }
        let body = without_header(&scratch.get()?);
        if body == original && !invalid.is_empty() {
            return Err(Error::input(invalid).into());
        }
        if body.trim().is_empty() || body == original {
            let why = if body.trim().is_empty() {
                "the file was emptied"
            } else {
                "it was saved unchanged"
            };
            ctx.say(&format!(
                "edit abandoned ({why}): nothing written to {file}"
            ))?;
            return Ok(ExitCode::SUCCESS);
        }
        // Checked against what was read; written below under the lock, checked again there.
        let (tx, _) = ctx.store()?.begin_repair(id)?;
        let checked = ops::risk::replace(tx.snapshot(), id, &body);
        drop(tx);
        match checked {
            Ok(_) => break body,
            Err(err) if !header.is_empty() && body == shown => return Err(err),
            Err(err) => {
                let intro = format!("# {file} was not saved: fix the errors below and save again,");
                header = errors_on_top(&intro, &err);
                shown = body;
            }
        }
    };
    let (tx, repair) = ctx.store()?.begin_repair(id)?;
    if editable(tx.snapshot(), id, repair.unparsed)?.1 != original {
        drop(tx);
        // The person's edit is kept for them to bring over, as `kubectl edit` does.
        scratch.put(&edited)?;
        let kept = scratch.keep()?;
        bail!(
            "{file} changed while it was being edited; nothing written. Your edit is kept in {} \
             (run `risk edit {id}` again and bring your changes over)",
            kept.display()
        );
    }
    let outcome = ops::risk::replace(tx.snapshot(), id, &edited)?;
    tx.finish(&outcome.changes)?;
    ctx.say(&outcome.report)?;
    Ok(ExitCode::SUCCESS)
}

/// The file and text to open in the editor: the record's, or the text of its file when it does
/// not parse.
fn editable(
    snapshot: &crate::snapshot::Snapshot,
    id: &Id,
    unparsed: Option<String>,
) -> Result<(String, String)> {
    match unparsed {
        Some(text) => ops::risk::editable_unparsed(snapshot, id, text),
        None => ops::risk::editable(snapshot, id),
    }
}

/// `$VISUAL`, else `$EDITOR`, else `vi` at a terminal (as git chooses); none under `--no-input`.
fn editor(ctx: &Ctx) -> Option<String> {
    if ctx.global.no_input {
        return None;
    }
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.trim().is_empty())
        .or_else(|| ctx.interactive().then(|| "vi".to_string()))
}

/// The text below the `#` lines at the top, which are the errors put there (and any a person
/// added there), as `kubectl edit` drops them.
fn without_header(text: &str) -> String {
    let mut rest = text;
    while rest.starts_with('#') {
        rest = rest.split_once('\n').map_or("", |(_, after)| after);
    }
    rest.to_string()
}

/// The errors of an invalid edit as `#` lines to put on top of it, after the `intro` line,
/// with the lines of the file as the editor shows it (below these).
fn errors_on_top(intro: &str, err: &anyhow::Error) -> String {
    let problems: Vec<(Option<usize>, String)> = match err.downcast_ref::<Error>() {
        Some(e) if !e.problems.is_empty() => e
            .problems
            .iter()
            .map(|p| {
                let key = p.key.as_ref().map(|k| format!("{k}: ")).unwrap_or_default();
                (p.line, format!("{key}{}", p.message))
            })
            .collect(),
        _ => err
            .to_string()
            .lines()
            .map(|l| (None, l.to_string()))
            .collect(),
    };
    let intro = [
        intro.to_string(),
        "# or empty the file to abandon the edit. Lines starting with # are dropped.".to_string(),
        "#".to_string(),
    ];
    let below = intro.len() + problems.len() + 1;
    let mut out: String = intro.iter().map(|l| format!("{l}\n")).collect();
    for (line, text) in problems {
        let text = text.replace('\n', " ");
        match line {
            Some(n) => out.push_str(&format!("# error: line {}: {text}\n", n + below)),
            None => out.push_str(&format!("# error: {text}\n")),
        }
    }
    out.push_str("#\n");
    out
}
