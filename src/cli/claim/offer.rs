//! `risk claim offer`: an offer made by hand, held to the policy limits unless overridden.

use std::process::ExitCode;

use anyhow::Result;
use chrono::NaiveDate;

use super::{claim_id, money, request_type};
use crate::cli::Ctx;
use crate::model::{Kind, Money};
use crate::ops;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The claim's id, e.g. CLM-0001
    pub id: String,
    /// The amount offered, e.g. 150.00
    #[arg(long, value_parser = money)]
    pub amount: Money,
    /// What is offered [default: the type requested]
    #[arg(long = "type", value_parser = request_type, value_name = "TYPE")]
    pub kind: Option<String>,
    /// Why this offer, for the record
    #[arg(long)]
    pub reason: Option<String>,
    /// Make an offer above the policy limits anyway, recording why
    #[arg(long = "override", value_name = "REASON")]
    pub override_reason: Option<String>,
    /// The date of the offer [default: today]
    #[arg(long, value_parser = crate::cli::dates::parse_date)]
    pub on: Option<NaiveDate>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let id = claim_id(&args.id)?;
    let offer = ops::claim::ManualOffer {
        amount: args.amount,
        kind: args.kind,
        reason: args.reason,
        override_reason: args.override_reason,
        on: args.on.unwrap_or(ctx.today),
    };
    let tx = ctx.begin(&[Kind::Incident, Kind::Claim], &[])?;
    let outcome = ops::claim::offer(tx.snapshot(), &id, &offer)?;
    tx.finish(&outcome.changes)?;
    ctx.say(&outcome.report)?;
    Ok(ExitCode::SUCCESS)
}
