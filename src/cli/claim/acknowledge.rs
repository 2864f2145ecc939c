//! `risk claim acknowledge`: the customer was told their claim was received.

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
    /// When it was acknowledged [default: today]
    #[arg(long, value_parser = crate::cli::dates::parse_date)]
    pub on: Option<NaiveDate>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let id = claim_id(&args.id)?;
    let tx = ctx.begin(&[Kind::Claim], &[])?;
    let outcome = ops::claim::acknowledge(tx.snapshot(), &id, args.on.unwrap_or(ctx.today))?;
    tx.finish(&outcome.changes)?;
    ctx.say(&outcome.report)?;
    Ok(ExitCode::SUCCESS)
}
