//! `risk lessons`: the lessons learned log, every lesson with where it went (DESIGN 11.2).

use std::process::ExitCode;

use anyhow::Result;
use chrono::NaiveDate;

use super::{Ctx, known_value, parse_kind_id};
use crate::model::Kind;
use crate::output;
use crate::rating::lessons::{LessonFilter, lessons};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only reviews held on or after this date
    #[arg(long, value_name = "DATE", value_parser = crate::cli::dates::parse_date)]
    pub since: Option<NaiveDate>,
    /// Only lessons that name this risk, or of incidents that realised it
    #[arg(long, value_name = "RISK-ID")]
    pub risk: Option<String>,
    /// Only lessons of incidents with this harm (settings `harms`)
    #[arg(long)]
    pub harm: Option<String>,
    #[command(flatten)]
    pub output: crate::cli::ListingFormat,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let risk = args
        .risk
        .as_deref()
        .map(|r| parse_kind_id(r, Kind::Risk))
        .transpose()?;
    let kinds: &[Kind] = if risk.is_some() {
        &[Kind::Incident, Kind::Risk]
    } else {
        &[Kind::Incident]
    };
    let register = ctx.open(kinds)?;
    known_value("--harm", args.harm.as_ref(), &register.settings.harms)?;
    if let Some(risk) = &risk {
        register.risk(risk)?;
    }
    let filter = LessonFilter {
        since: args.since,
        risk,
        harm: args.harm,
    };
    let rows = lessons(register.incidents.iter().map(|r| &r.value), &filter);
    let text = output::rows(&rows, args.output.format, &ctx.palette(&register))?;
    ctx.print(&text)?;
    Ok(ExitCode::SUCCESS)
}
