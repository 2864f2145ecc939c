//! `risk edit`, `risk review` and `risk close`: change an existing record in place.

use std::process::ExitCode;

use anyhow::{Result, bail};
use chrono::NaiveDate;

use super::{Ctx, parse_id};
use crate::model::Kind;
use crate::ops;

#[derive(Debug, clap::Args)]
pub struct EditArgs {
    /// The record's id, e.g. RISK-0001
    pub id: String,
    /// KEY=VALUE to set; dotted keys reach inside (impact.financial=4, fmea.severity=7,
    /// review.every_days=60, actions.A1.owner=ann); an empty value removes the key
    #[arg(long = "set", value_name = "KEY=VALUE", required = true)]
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
    let tx = ctx.begin_with(std::slice::from_ref(&id), &[])?;
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
