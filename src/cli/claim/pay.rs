//! `risk claim pay`: an accepted offer was paid.

use std::process::ExitCode;

use anyhow::Result;
use chrono::NaiveDate;

use super::claim_id;
use crate::cli::Ctx;
use crate::model::Kind;
use crate::ops;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The claim's id, e.g. CLM-0001
    pub id: String,
    /// When it was paid [default: today]
    #[arg(long, value_parser = crate::cli::dates::parse_date)]
    pub on: Option<NaiveDate>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let id = claim_id(&args.id)?;
    let on = args.on.unwrap_or(ctx.today);
    ops::lifecycle::not_future("--on", on, ctx.today)?;
    let tx = ctx.begin(&[Kind::Claim], &[])?;
    let outcome = ops::claim::pay(tx.snapshot(), &id, on)?;
    tx.finish(&outcome.changes)?;
    ctx.say(&outcome.report)?;
    Ok(ExitCode::SUCCESS)
}
