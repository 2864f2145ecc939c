//! `risk claim decide`: how a claim ended: accepted, declined, rejected or withdrawn.

use std::process::ExitCode;

use anyhow::{Result, bail};
use chrono::NaiveDate;

use super::{Targets, run_steps};
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
    /// The claims' ids, then the outcome: accept, decline, reject or withdraw
    /// (`CLM-0001 CLM-0002 accept`; with a filter, the outcome alone: `accept --incident INC-0001`)
    #[arg(value_name = "ID... OUTCOME", required = true)]
    pub words: Vec<String>,
    #[command(flatten)]
    pub targets: Targets,
    /// A note for the record (the reason for a rejection)
    #[arg(long)]
    pub note: Option<String>,
    /// The date of the outcome [default: today]
    #[arg(long, value_parser = crate::cli::dates::parse_date)]
    pub on: Option<NaiveDate>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let Some((last, ids)) = args.words.split_last() else {
        bail!("name the outcome: accept, decline, reject or withdraw");
    };
    let outcome = <Outcome as clap::ValueEnum>::from_str(last, true).map_err(|_| {
        anyhow::anyhow!(
            "`{last}` is not an outcome; the last word is one of accept, decline, reject, withdraw (e.g. `risk claim decide CLM-0001 accept`)"
        )
    })?;
    let decision = match outcome {
        Outcome::Accept => Decision::Accept,
        Outcome::Decline => Decision::Decline,
        Outcome::Reject => Decision::Reject,
        Outcome::Withdraw => Decision::Withdraw,
    };
    if decision == Decision::Reject && args.note.as_deref().is_none_or(|n| n.trim().is_empty()) {
        bail!("a rejection needs its reason: --note \"...\"");
    }
    let on = args.on.unwrap_or(ctx.today);
    let note = args.note.as_deref();
    run_steps(
        ctx,
        ids,
        &args.targets,
        &[Kind::Claim],
        |_| true,
        false,
        |snapshot, id| ops::claim::decide(snapshot, id, decision, note, on),
    )
}
