//! `risk claim pay`: an accepted offer was paid.

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
    /// When it was paid [default: today]
    #[arg(long, value_parser = crate::cli::dates::parse_date)]
    pub on: Option<NaiveDate>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let on = args.on.unwrap_or(ctx.today);
    ops::lifecycle::not_future("--on", on, ctx.today)?;
    run_steps(
        ctx,
        &args.ids,
        &args.targets,
        &[Kind::Claim],
        |_| true,
        false,
        |snapshot, id| ops::claim::pay(snapshot, id, on),
    )
}
