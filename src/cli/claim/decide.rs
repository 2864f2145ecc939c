//! `risk claim decide`: how a claim ended: accepted, declined, rejected or withdrawn.

use std::process::ExitCode;

use anyhow::{Result, bail};
use chrono::NaiveDate;

use super::claim_id;
use crate::cli::Ctx;
use crate::model::Kind;
use crate::ops;
use crate::ops::claim::Decision;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Outcome {
    /// The customer accepted the offer (payment falls due)
    Accept,
    /// The customer declined the offer
    Decline,
    /// The claim is rejected (give the reason with --note)
    Reject,
    /// The customer withdrew the claim
    Withdraw,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The claim's id, e.g. CLM-0001
    pub id: String,
    /// The outcome
    pub outcome: Outcome,
    /// A note for the record (the reason for a rejection)
    #[arg(long)]
    pub note: Option<String>,
    /// The date of the outcome [default: today]
    #[arg(long, value_parser = crate::cli::dates::parse_date)]
    pub on: Option<NaiveDate>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let id = claim_id(&args.id)?;
    let decision = match args.outcome {
        Outcome::Accept => Decision::Accept,
        Outcome::Decline => Decision::Decline,
        Outcome::Reject => Decision::Reject,
        Outcome::Withdraw => Decision::Withdraw,
    };
    if decision == Decision::Reject && args.note.as_deref().is_none_or(|n| n.trim().is_empty()) {
        bail!("a rejection needs its reason: --note \"...\"");
    }
    let tx = ctx.begin(&[Kind::Claim], &[])?;
    let on = args.on.unwrap_or(ctx.today);
    let outcome = ops::claim::decide(tx.snapshot(), &id, decision, args.note.as_deref(), on)?;
    tx.finish(&outcome.changes)?;
    ctx.say(&outcome.report)?;
    Ok(ExitCode::SUCCESS)
}
