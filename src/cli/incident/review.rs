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
    #[arg(long, value_parser = crate::cli::dates::parse_date)]
    pub held: Option<NaiveDate>,
    /// A lesson learned (repeatable)
    #[arg(long = "lesson", value_name = "TEXT")]
    pub lessons: Vec<String>,
    /// An action of this incident that carries the lesson(s) given, e.g. A2 (repeatable)
    #[arg(long = "action", value_name = "ACTION")]
    pub actions: Vec<String>,
    /// A risk the lesson(s) given changed, e.g. RISK-0001 (repeatable)
    #[arg(long = "risk", value_name = "RISK")]
    pub risks: Vec<String>,
    /// Close the incident as well
    #[arg(long)]
    pub close: bool,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let id = incident_id(&args.id)?;
    let risks = super::risk_ids(&args.risks)?;
    let kinds: &[Kind] = if risks.is_empty() {
        &[Kind::Incident]
    } else {
        &[Kind::Incident, Kind::Risk]
    };
    let review = ops::incident::Review {
        held: args.held,
        today: ctx.today,
        lessons: args.lessons,
        actions: args.actions,
        risks,
        close: args.close,
    };
    let tx = ctx.begin(kinds, &[])?;
    let outcome = ops::incident::review(tx.snapshot(), &id, &review)?;
    tx.finish(&outcome.changes)?;
    ctx.say(&outcome.report)?;
    Ok(ExitCode::SUCCESS)
}
