//! `risk claim list`: claims with their status, offer and next deadline.

use std::process::ExitCode;

use anyhow::Result;
use chrono::NaiveDate;
use serde::Serialize;

use super::incident_id;
use crate::cli::Ctx;
use crate::model::{Kind, Money};
use crate::output::{self};
use crate::rating::duties::{State, claim_duties};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only claims of this incident
    #[arg(long)]
    pub incident: Option<String>,
    /// Only claims with one of these statuses, e.g. received,assessing
    #[arg(long, value_delimiter = ',', value_parser = ["received", "assessing", "offered", "accepted", "declined", "paid", "rejected", "withdrawn"])]
    pub status: Vec<String>,
    /// Only this customer's claims
    #[arg(long)]
    pub customer: Option<String>,
    /// Only claims received on or after this date
    #[arg(long, value_name = "DATE", value_parser = crate::cli::dates::parse_date)]
    pub received_since: Option<NaiveDate>,
    /// Only claims with an overdue deadline
    #[arg(long)]
    pub overdue: bool,
    #[command(flatten)]
    pub output: crate::cli::ListingFormat,
}

/// A claim as `claim list` shows it.
#[derive(Serialize)]
pub struct ClaimRow {
    pub id: String,
    pub incident: String,
    pub customer: String,
    pub received: NaiveDate,
    pub status: &'static str,
    pub requested: Option<Money>,
    pub offered: Option<Money>,
    pub rule: Option<String>,
    /// The next deadline not yet met: `decide 2026-11-25`
    pub next_due: Option<String>,
    /// Deadlines past due and not met
    pub overdue: Vec<&'static str>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let format = args.output.format;
    let incident = args.incident.as_deref().map(incident_id).transpose()?;
    let register = ctx.read(&[Kind::Incident, Kind::Claim])?;
    if let Some(id) = &incident {
        register.incident(id)?;
    }
    let rows: Vec<ClaimRow> = register
        .claims
        .iter()
        .map(|r| &r.value)
        .filter(|c| incident.as_ref().is_none_or(|i| &c.incident == i))
        .filter(|c| args.status.is_empty() || args.status.iter().any(|s| c.status().as_str() == s))
        .filter(|c| args.customer.as_deref().is_none_or(|s| c.customer == s))
        .filter(|c| args.received_since.is_none_or(|d| c.received >= d))
        .map(|c| {
            let duties = claim_duties(&register.settings, c, ctx.today);
            let next = duties
                .iter()
                .filter(|d| matches!(d.state, State::Pending | State::Overdue))
                .min_by_key(|d| d.due);
            ClaimRow {
                id: c.id.to_string(),
                incident: c.incident.to_string(),
                customer: c.customer.to_string(),
                received: c.received,
                status: c.status().as_str(),
                requested: c.requested.as_ref().and_then(|r| r.amount),
                offered: c.offer.as_ref().map(|o| o.amount),
                rule: c.assessment.as_ref().and_then(|a| a.rule.clone()),
                next_due: next.map(|d| format!("{} {}", d.kind, d.due)),
                overdue: duties
                    .iter()
                    .filter(|d| d.state == State::Overdue)
                    .map(|d| d.kind)
                    .collect(),
            }
        })
        .filter(|row| !args.overdue || !row.overdue.is_empty())
        .collect();
    ctx.print(&output::rows(&rows, format, &ctx.palette(&register))?)?;
    Ok(ExitCode::SUCCESS)
}
