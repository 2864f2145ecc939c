//! `risk incident list`: incidents with their status, claims and overdue duties.

use std::collections::BTreeMap;
use std::process::ExitCode;

use anyhow::Result;
use serde::Serialize;

use crate::cli::Ctx;
use crate::model::incident::IncidentStatus;
use crate::model::{Id, Kind};
use crate::output::{self};
use crate::rating::duties::{State, incident_duties};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only incidents with this status
    #[arg(long, value_parser = ["open", "contained", "resolved", "closed"])]
    pub status: Option<String>,
    /// Only incidents that realised this risk
    #[arg(long, value_name = "RISK-ID")]
    pub risk: Option<String>,
    /// Include closed incidents
    #[arg(long)]
    pub all: bool,
    #[command(flatten)]
    pub output: crate::cli::ListingFormat,
}

/// An incident as `incident list` shows it.
#[derive(Serialize)]
pub struct IncidentRow {
    pub id: String,
    pub title: String,
    pub status: &'static str,
    pub severity: u8,
    pub harms: Vec<String>,
    pub detected: String,
    pub customers_affected: Option<u64>,
    pub risks: Vec<String>,
    pub claims: usize,
    /// Duties past their due date and not done.
    pub duties_overdue: usize,
    /// Duties done after their deadline.
    pub duties_missed: usize,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let format = args.output.format;
    let risk = args.risk.as_deref().map(crate::cli::parse_id).transpose()?;
    let register = ctx.read(&[Kind::Incident, Kind::Claim])?;
    let mut claims: BTreeMap<&Id, usize> = BTreeMap::new();
    for c in &register.claims {
        *claims.entry(&c.value.incident).or_default() += 1;
    }
    let include_closed = args.all || args.status.as_deref() == Some("closed");
    let rows: Vec<IncidentRow> = register
        .incidents
        .iter()
        .map(|r| &r.value)
        .filter(|i| include_closed || i.status() != IncidentStatus::Closed)
        .filter(|i| {
            args.status
                .as_deref()
                .is_none_or(|s| i.status().as_str() == s)
        })
        .filter(|i| risk.as_ref().is_none_or(|r| i.risks.contains(r)))
        .map(|i| {
            let duties = incident_duties(&register.settings, i, ctx.today);
            IncidentRow {
                id: i.id.to_string(),
                title: i.title.clone(),
                status: i.status().as_str(),
                severity: i.severity,
                harms: i.harms.clone(),
                detected: i.detected.to_rfc3339(),
                customers_affected: i.customers_affected,
                risks: i.risks.iter().map(Id::to_string).collect(),
                claims: claims.get(&i.id).copied().unwrap_or(0),
                duties_overdue: duties.iter().filter(|d| d.state == State::Overdue).count(),
                duties_missed: duties.iter().filter(|d| d.state == State::Late).count(),
            }
        })
        .collect();
    ctx.print(&output::rows(&rows, format, &ctx.palette(&register))?)?;
    Ok(ExitCode::SUCCESS)
}
