//! `risk claim assess`: the claim against the written compensation policy (DESIGN 6.5).

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
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let params = ops::claim::AssessParams {
        by: args.by,
        notes: args.notes,
        third_party: args.third_party,
        dry_run: false,
    };
    let on = args.on.unwrap_or(ctx.today);
    let dry_run = args.targets.dry_run;
    run_steps(
        ctx,
        &args.ids,
        &args.targets,
        &[Kind::Incident, Kind::Claim],
        |_| true,
        true,
        |snapshot, id| {
            let mut outcome = ops::claim::assess(snapshot, id, &params, on)?;
            if dry_run {
                // The last line says what was recorded; a dry run records nothing.
                let body = outcome.report.trim_end_matches('\n');
                let keep = body.rfind('\n').map_or(0, |i| i + 1);
                outcome.report.truncate(keep);
            }
            Ok(outcome)
        },
    )
}
