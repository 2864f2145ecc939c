//! `risk claim acknowledge`: the customer was told their claim was received.

use std::process::ExitCode;

use anyhow::Result;
use chrono::NaiveDate;

use super::{Targets, run_steps};
use crate::cli::Ctx;
use crate::model::Kind;
use crate::ops;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The claims' ids, e.g. CLM-0001 CLM-0002 (or a filter: --incident, --status)
    #[arg(value_name = "ID")]
    pub ids: Vec<String>,
    #[command(flatten)]
    pub targets: Targets,
    /// When it was acknowledged [default: today]
    #[arg(long, value_parser = crate::cli::dates::parse_date)]
    pub on: Option<NaiveDate>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let on = args.on.unwrap_or(ctx.today);
    // A filter takes the claims not yet acknowledged; an id named twice is refused.
    run_steps(
        ctx,
        &args.ids,
        &args.targets,
        &[Kind::Claim],
        |c| c.acknowledged.is_none(),
        false,
        |snapshot, id| ops::claim::acknowledge(snapshot, id, on),
    )
}
