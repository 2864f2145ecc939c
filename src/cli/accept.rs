//! `risk accept`: record a decision to accept a risk at its current rating (DESIGN 10.4).

use std::process::ExitCode;

use anyhow::Result;
use chrono::NaiveDate;

use super::Ctx;
use crate::model::Kind;
use crate::ops;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The risk's id, e.g. RISK-0001
    pub id: String,
    /// Who accepts the risk: a role or handle other than the risk's owner
    #[arg(long, value_name = "ROLE")]
    pub by: Option<String>,
    /// Until when the acceptance holds (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = crate::cli::dates::parse_date)]
    pub until: Option<NaiveDate>,
    /// Why the risk is accepted
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let id = super::parse_kind_id(&args.id, Kind::Risk)?;
    if args.by.is_none() || args.until.is_none() || args.reason.is_none() {
        // The risk must exist before anyone is asked: read alone, and let go before asking.
        ctx.begin_with(std::slice::from_ref(&id), &[])?
            .snapshot()
            .risk(&id)?;
    }
    // Flags first: a blank one stops the command before anyone is asked anything.
    for (flag, value) in [("--by", &args.by), ("--reason", &args.reason)] {
        if value.as_deref().is_some_and(|v| v.trim().is_empty()) {
            anyhow::bail!("{flag} must not be empty");
        }
    }
    let by = ctx.ask(args.by, "--by", &format!("Who accepts {id}"))?;
    let until = super::prompt::required(
        ctx,
        args.until,
        "--until",
        "Accepted until (YYYY-MM-DD)",
        crate::cli::dates::parse_date,
    )?;
    let reason = ctx.ask(args.reason, "--reason", "Why is it accepted")?;
    let new = ops::accept::NewAcceptance { by, until, reason };
    // Only the risk is read (and the settings), as for `edit`: the same cost on any register.
    let tx = ctx.begin_with(std::slice::from_ref(&id), &[])?;
    let outcome = ops::accept::accept(tx.snapshot(), &id, &new, ctx.today)?;
    tx.finish(&outcome.changes)?;
    ctx.say(&outcome.report)?;
    Ok(ExitCode::SUCCESS)
}
