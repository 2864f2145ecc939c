//! `risk export`: records and actions for spreadsheets and warehouses.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::ValueEnum;

use super::Ctx;
use crate::error::Error;
use crate::model::Kind;
use crate::output::{self, Format, stream};
use crate::rating::compensation::totals;
use crate::rating::export::{claim_row, incident_row};
use crate::rating::rows::{ActionRow, action_row, risk_row};
use crate::register::atomic;

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
    /// SWOT and PESTLE analyses: full records as JSON or YAML; one row per item as CSV or Markdown
    Analyses,
}

/// The analyses as JSON or YAML: `{swots: [...], pestles: [...]}`.
#[derive(serde::Serialize)]
struct Analyses<'a> {
    swots: Vec<&'a crate::model::Swot>,
    pestles: Vec<&'a crate::model::Pestle>,
}

/// One item of an analysis, as a CSV or Markdown row.
#[derive(serde::Serialize)]
struct ItemRow<'a> {
    analysis: String,
    title: &'a str,
    held: Option<chrono::NaiveDate>,
    section: &'static str,
    item: &'a str,
    risks: Vec<String>,
    dismissed: Option<&'a str>,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to export (every kind, a sheet each, with --format xlsx)
    #[arg(long)]
    pub kind: Option<What>,
    /// Output format; xlsx writes one workbook with a sheet per kind, which `risk import`
    /// reads back into the same records
    #[arg(
        long,
        value_name = "FORMAT",
        default_value = "csv",
        value_parser = crate::cli::formats(&[Format::Csv, Format::Json, Format::Yaml, Format::Md, Format::Xlsx])
    )]
    pub format: Format,
    /// Write to this file instead of stdout (required for xlsx at a terminal)
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let format = args.format;
    if format == Format::Xlsx {
        return xlsx(ctx, &args);
    }
    let Some(kind) = args.kind else {
        return Err(Error::usage(
            "--kind is needed unless --format xlsx (which exports every kind)",
        )
        .into());
    };
    let kinds: &[Kind] = match kind {
        What::Risks => &[Kind::Risk],
        What::Incidents => &[Kind::Incident, Kind::Claim],
        What::Claims => &[Kind::Claim],
        What::Actions => &[Kind::Risk, Kind::Incident],
        What::Analyses => &[Kind::Swot, Kind::Pestle],
    };
    let register = ctx.read(kinds)?;
    let palette = output::Palette::default();
    // Rows are made as they are written (DESIGN 9): the export is never whole in memory.
    let write = |out: &mut dyn Write| match kind {
        What::Risks => {
            let risks: Vec<_> = register.risks.iter().map(|r| &r.value).collect();
            match format {
                Format::Json => stream::json(out, &risks),
                Format::Yaml => Ok(out.write_all(output::yaml(&risks).as_bytes())?),
                _ => {
                    let rows = risks
                        .iter()
                        .map(|r| risk_row(&register.settings, r, ctx.today));
                    stream::rows(out, rows, format, &palette)
                }
            }
        }
        What::Incidents => {
            let incidents: Vec<_> = register.incidents.iter().map(|r| &r.value).collect();
            match format {
                Format::Json => stream::json(out, &incidents),
                Format::Yaml => Ok(out.write_all(output::yaml(&incidents).as_bytes())?),
                _ => {
                    let sums = totals(
                        incidents.iter().copied(),
                        register.claims.iter().map(|c| &c.value),
                    );
                    let rows = incidents.iter().map(|i| {
                        incident_row(i, sums.iter().find(|t| t.incident == i.id.as_str()))
                    });
                    stream::rows(out, rows, format, &palette)
                }
            }
        }
        What::Claims => {
            let claims: Vec<_> = register.claims.iter().map(|r| &r.value).collect();
            match format {
                Format::Json => stream::json(out, &claims),
                Format::Yaml => Ok(out.write_all(output::yaml(&claims).as_bytes())?),
                _ => stream::rows(out, claims.iter().map(|c| claim_row(c)), format, &palette),
            }
        }
        What::Actions => {
            let rows = register
                .risks
                .iter()
                .map(|r| (r.value.id.as_str(), &r.value.actions))
                .chain(
                    register
                        .incidents
                        .iter()
                        .map(|r| (r.value.id.as_str(), &r.value.actions)),
                )
                .flat_map(|(id, actions)| {
                    actions.iter().map(move |a| action_row(id, a, ctx.today))
                });
            match format {
                Format::Yaml => {
                    let rows: Vec<ActionRow> = rows.collect();
                    Ok(out.write_all(output::yaml(&rows).as_bytes())?)
                }
                _ => stream::rows(out, rows, format, &palette),
            }
        }
        What::Analyses => {
            let all = Analyses {
                swots: register.swots.iter().map(|r| &r.value).collect(),
                pestles: register.pestles.iter().map(|r| &r.value).collect(),
            };
            match format {
                Format::Json => stream::json(out, &all),
                Format::Yaml => Ok(out.write_all(output::yaml(&all).as_bytes())?),
                _ => {
                    let swot_items = all.swots.iter().flat_map(|a| {
                        a.items()
                            .map(move |item| (a.id.to_string(), &a.title, a.held, item))
                    });
                    let pestle_items = all.pestles.iter().flat_map(|a| {
                        a.items()
                            .map(move |item| (a.id.to_string(), &a.title, a.held, item))
                    });
                    let rows = swot_items.chain(pestle_items).map(
                        |(analysis, title, held, (section, _, item))| ItemRow {
                            analysis,
                            title,
                            held,
                            section,
                            item: item.text(),
                            risks: item.risks().iter().map(|r| r.to_string()).collect(),
                            dismissed: item.dismissed(),
                        },
                    );
                    stream::rows(out, rows, format, &palette)
                }
            }
        }
    };
    match &args.out {
        Some(path) => {
            // A file is written whole or not at all, escaped as stdout would be.
            let mut text = output::stream::Escaped::new(Vec::new());
            write(&mut text)?;
            atomic::write_file(path, &text.into_inner()?)?;
            ctx.say(&format!("Wrote {}", path.display()))?;
        }
        None => ctx.stream(false, write)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// `--format xlsx`: every kind, a sheet each, to `--out` or to a pipe (never to a terminal).
fn xlsx(ctx: &Ctx, args: &Args) -> Result<ExitCode> {
    if args.out.is_none() && std::io::stdout().is_terminal() {
        return Err(Error::usage(
            "an XLSX workbook is binary and stdout is a terminal; give --out FILE (or pipe it)",
        )
        .into());
    }
    let register = ctx.open(&[Kind::Risk, Kind::Incident, Kind::Claim])?;
    let bytes = output::xlsx::workbook(&register)?;
    match &args.out {
        Some(out) => {
            atomic::write_file(out, &bytes)?;
            ctx.say(&format!(
                "Wrote {} ({} risks, {} incidents, {} claims)",
                out.display(),
                register.risks.len(),
                register.incidents.len(),
                register.claims.len()
            ))?;
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(&bytes)?;
            stdout.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
