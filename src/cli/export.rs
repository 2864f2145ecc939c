//! `risk export`: records and actions for spreadsheets and warehouses.

use std::process::ExitCode;

use anyhow::Result;
use clap::ValueEnum;

use super::Ctx;
use crate::model::Kind;
use crate::output::{self, Format};
use crate::rating::compensation::totals;
use crate::rating::export::{claim_row, incident_row};
use crate::rating::rows::{ActionRow, action_row, risk_row};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum What {
    /// Risks: full records as JSON or YAML; the `list` columns as CSV or Markdown
    Risks,
    /// Incidents: full records as JSON or YAML; one flat row each, with claim totals, as CSV or Markdown
    Incidents,
    /// Claims: full records as JSON or YAML; flat rows whose first columns `claim import` reads
    Claims,
    /// Every action of every risk and incident, whatever its status
    Actions,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to export
    #[arg(long)]
    pub kind: What,
    /// Output format
    #[arg(
        long,
        value_name = "FORMAT",
        default_value = "csv",
        value_parser = crate::cli::formats(&[Format::Csv, Format::Json, Format::Yaml, Format::Md])
    )]
    pub format: Format,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let format = args.format;
    let kinds: &[Kind] = match args.kind {
        What::Risks => &[Kind::Risk],
        What::Incidents => &[Kind::Incident, Kind::Claim],
        What::Claims => &[Kind::Claim],
        What::Actions => &[Kind::Risk, Kind::Incident],
    };
    let register = ctx.read(kinds)?;
    let palette = output::Palette::default();
    let text = match args.kind {
        What::Risks => {
            let risks: Vec<_> = register.risks.iter().map(|r| &r.value).collect();
            match format {
                Format::Json => output::json(&risks)?,
                Format::Yaml => output::yaml(&risks),
                _ => {
                    let rows: Vec<_> = risks
                        .iter()
                        .map(|r| risk_row(&register.settings, r, ctx.today))
                        .collect();
                    output::rows(&rows, format, &palette)?
                }
            }
        }
        What::Incidents => {
            let incidents: Vec<_> = register.incidents.iter().map(|r| &r.value).collect();
            match format {
                Format::Json => output::json(&incidents)?,
                Format::Yaml => output::yaml(&incidents),
                _ => {
                    let sums = totals(
                        incidents.iter().copied(),
                        register.claims.iter().map(|c| &c.value),
                    );
                    let rows: Vec<_> = incidents
                        .iter()
                        .map(|i| incident_row(i, sums.iter().find(|t| t.incident == i.id.as_str())))
                        .collect();
                    output::rows(&rows, format, &palette)?
                }
            }
        }
        What::Claims => {
            let claims: Vec<_> = register.claims.iter().map(|r| &r.value).collect();
            match format {
                Format::Json => output::json(&claims)?,
                Format::Yaml => output::yaml(&claims),
                _ => {
                    let rows: Vec<_> = claims.iter().map(|c| claim_row(c)).collect();
                    output::rows(&rows, format, &palette)?
                }
            }
        }
        What::Actions => {
            let rows: Vec<ActionRow> = register
                .risks
                .iter()
                .map(|r| (r.value.id.as_str(), &r.value.actions))
                .chain(
                    register
                        .incidents
                        .iter()
                        .map(|r| (r.value.id.as_str(), &r.value.actions)),
                )
                .flat_map(|(id, actions)| actions.iter().map(move |a| action_row(id, a, ctx.today)))
                .collect();
            match format {
                Format::Yaml => output::yaml(&rows),
                _ => output::rows(&rows, format, &palette)?,
            }
        }
    };
    ctx.print(&text)?;
    Ok(ExitCode::SUCCESS)
}
