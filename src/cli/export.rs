//! `risk export`: records and actions for spreadsheets and warehouses.

use std::process::ExitCode;

use anyhow::Result;
use clap::ValueEnum;

use super::Ctx;
use crate::model::Kind;
use crate::output::{self, Format};
use crate::rating::rows::{ActionRow, action_row, risk_row};
use crate::register::yaml;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum What {
    /// Risks: full records as JSON or YAML; the `list` columns as CSV or Markdown
    Risks,
    /// Every action of every risk and incident, whatever its status
    Actions,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to export
    #[arg(long)]
    pub kind: What,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let format = ctx.format(
        Format::Csv,
        &[Format::Csv, Format::Json, Format::Yaml, Format::Md],
    )?;
    let register = ctx.open(&[Kind::Risk, Kind::Incident])?;
    let palette = output::Palette::default();
    let text = match args.kind {
        What::Risks => {
            let risks: Vec<_> = register.risks.iter().map(|r| &r.value).collect();
            match format {
                Format::Json => output::json(&risks)?,
                Format::Yaml => yaml::to_string(&risks),
                _ => {
                    let rows: Vec<_> = risks
                        .iter()
                        .map(|r| risk_row(&register.settings, r, ctx.today))
                        .collect();
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
                Format::Yaml => yaml::to_string(&rows),
                _ => output::rows(&rows, format, &palette)?,
            }
        }
    };
    ctx.print(&text)?;
    Ok(ExitCode::SUCCESS)
}
