//! `risk incident resolve`: the incident is over for customers.

use std::process::ExitCode;

use anyhow::Result;

use super::{TimeArg, incident_id, now, parse_time, resolve};
use crate::cli::Ctx;
use crate::model::Kind;
use crate::ops;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The incident's id, e.g. INC-0001
    pub id: String,
    /// When it was resolved (YYYY-MM-DD HH:MM in the register's timezone, or RFC 3339) [default: now; noon UTC of --today when given]
    #[arg(long, value_parser = parse_time)]
    pub at: Option<TimeArg>,
    /// The root cause in one or two sentences
    #[arg(long, value_name = "TEXT")]
    pub root_cause: Option<String>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let id = incident_id(&args.id)?;
    let tx = ctx.begin(&[Kind::Incident], &[])?;
    let at = resolve(&tx.snapshot().settings, "--at", args.at)?.unwrap_or_else(|| now(ctx));
    let outcome = ops::incident::resolve(tx.snapshot(), &id, at, args.root_cause.as_deref())?;
    tx.finish(&outcome.changes)?;
    ctx.say(&outcome.report)?;
    Ok(ExitCode::SUCCESS)
}
