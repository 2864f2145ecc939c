//! `risk claim assess`: the claim against the written compensation policy (DESIGN 6.5).

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
    /// Who assessed it (a person or team handle)
    #[arg(long)]
    pub by: Option<String>,
    /// The date of the assessment [default: today]
    #[arg(long, value_parser = crate::cli::dates::parse_date)]
    pub on: Option<NaiveDate>,
    /// A note for the record
    #[arg(long)]
    pub notes: Option<String>,
    /// The harm was caused by a third party
    #[arg(long)]
    pub third_party: bool,
    /// Print the outcome; record nothing
    #[arg(long)]
    pub dry_run: bool,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let id = claim_id(&args.id)?;
    let params = ops::claim::AssessParams {
        by: args.by,
        notes: args.notes,
        third_party: args.third_party,
        dry_run: args.dry_run,
    };
    let tx = ctx.begin(&[Kind::Incident, Kind::Claim], &[])?;
    let outcome = ops::claim::assess(tx.snapshot(), &id, &params, args.on.unwrap_or(ctx.today))?;
    tx.finish(&outcome.changes)?;
    ctx.print(&crate::output::escape::terminal(&outcome.report))?;
    Ok(ExitCode::SUCCESS)
}
