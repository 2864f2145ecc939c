//! `risk incident review`: the post-incident review was held; what was learned.

use std::process::ExitCode;

use anyhow::Result;
use chrono::NaiveDate;

use super::incident_id;
use crate::cli::Ctx;
use crate::model::Kind;
use crate::ops;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The incident's id, e.g. INC-0001
    pub id: String,
    /// When the review was held [default: today]
    #[arg(long)]
    pub held: Option<NaiveDate>,
    /// A lesson learned (repeatable)
    #[arg(long = "lesson", value_name = "TEXT")]
    pub lessons: Vec<String>,
    /// Close the incident as well
    #[arg(long)]
    pub close: bool,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let id = incident_id(&args.id)?;
    let review = ops::incident::Review {
        held: args.held.unwrap_or(ctx.today),
        lessons: args.lessons,
        close: args.close,
    };
    let tx = ctx.begin(&[Kind::Incident], &[])?;
    let outcome = ops::incident::review(tx.snapshot(), &id, &review)?;
    tx.finish(&outcome.changes)?;
    ctx.say(&outcome.report)?;
    Ok(ExitCode::SUCCESS)
}
