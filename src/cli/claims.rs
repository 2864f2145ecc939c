//! `risk claims`: compensation per incident: claims by status, requested, offered, paid, budget.

use std::process::ExitCode;

use anyhow::Result;
use serde::Serialize;

use super::Ctx;
use crate::model::Kind;
use crate::output::{self, Format};
use crate::rating::compensation::{IncidentTotals, total, totals};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this incident
    #[arg(long, value_name = "INC-ID")]
    pub incident: Option<String>,
    #[command(flatten)]
    pub output: crate::cli::SummaryFormat,
}

/// The JSON contract: `{incidents: [...], total: {...}}`.
#[derive(Serialize)]
struct Contract<'a> {
    incidents: &'a [IncidentTotals],
    total: &'a IncidentTotals,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let format = args.output.format;
    let only = match args.incident.as_deref() {
        Some(text) => {
            let id = super::parse_id(text)?;
            if id.kind() != Some(Kind::Incident) {
                anyhow::bail!("`{id}` is not an incident id (expected INC-NNNN)");
            }
            Some(id)
        }
        None => None,
    };
    let register = ctx.read(&[Kind::Incident, Kind::Claim])?;
    if let Some(id) = &only {
        register.incident(id)?;
    }
    let incidents = register
        .incidents
        .iter()
        .map(|r| &r.value)
        .filter(|i| only.as_ref().is_none_or(|id| &i.id == id));
    let claims = register
        .claims
        .iter()
        .map(|r| &r.value)
        .filter(|c| only.as_ref().is_none_or(|id| &c.incident == id));
    let mut rows = totals(incidents, claims);
    let sum = total(&rows);
    let text = match format {
        Format::Json => output::json(&Contract {
            incidents: &rows,
            total: &sum,
        })?,
        _ => {
            rows.push(sum);
            output::rows(&rows, format, &ctx.palette(&register))?
        }
    };
    ctx.print(&text)?;
    Ok(ExitCode::SUCCESS)
}
