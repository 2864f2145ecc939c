//! `risk incident show`: an incident as written, with its duties and claims computed.

use std::process::ExitCode;

use anyhow::{Result, bail};
use serde::Serialize;

use crate::cli::{Ctx, parse_id};
use crate::model::{Incident, Kind};
use crate::output::{self, Format, escape};
use crate::rating::compensation::{IncidentTotals, totals};
use crate::rating::duties::{Duty, incident_duties};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The incident's id, e.g. INC-0001
    pub id: String,
    #[command(flatten)]
    pub output: crate::cli::RecordFormat,
}

#[derive(Serialize)]
struct Shown<'a> {
    record: &'a Incident,
    duties: Vec<Duty>,
    claims: IncidentTotals,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let id = parse_id(&args.id)?;
    if id.kind() != Some(Kind::Incident) {
        bail!("`{id}` is not an incident id (expected INC-NNNN)");
    }
    let format = args.output.format;
    let register = ctx.read_record(&[Kind::Incident, Kind::Claim], &id)?;
    let record = register.incident(&id)?;
    let incident = &record.value;
    let duties = incident_duties(&register.settings, incident, ctx.today);
    let claims: Vec<_> = register
        .claims
        .iter()
        .map(|c| &c.value)
        .filter(|c| c.incident == id)
        .collect();
    let claims = totals([incident], claims).remove(0);
    match format {
        Format::Json => ctx.print(&output::json(&Shown {
            record: incident,
            duties,
            claims,
        })?)?,
        Format::Yaml => ctx.print(&crate::output::yaml(incident))?,
        _ => {
            let mut text = format!(
                "# {}\n{}",
                escape::terminal_line(record.file()),
                escape::terminal(&record.text())
            );
            if !text.ends_with('\n') {
                text.push('\n');
            }
            text.push_str(&format!("\n# computed on {}\n", ctx.today));
            for d in &duties {
                let when = match d.deadline {
                    Some(t) => t.format("%Y-%m-%dT%H:%MZ").to_string(),
                    None => d.due.to_string(),
                };
                let state = crate::output::duty_state(d, ctx.today);
                text.push_str(&format!(
                    "duty {}: due {when}: {state}\n",
                    escape::terminal_line(&d.item)
                ));
            }
            text.push_str(&format!(
                "claims: {} (requested {}, offered {}, paid {}, budget {})\n",
                claims.claims,
                claims.requested,
                claims.offered,
                claims.paid,
                claims
                    .budget
                    .map(|b| b.to_string())
                    .unwrap_or_else(|| "not set".into())
            ));
            ctx.print(&text)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
