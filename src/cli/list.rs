//! `risk list`: risks with their ratings, filtered.

use std::process::ExitCode;

use anyhow::Result;

use super::Ctx;
use crate::model::Kind;
use crate::output::{self, Format};
use crate::rating::rows::{RiskRow, risk_row};
use crate::rating::since::{Then, Travel, travel};

/// A row with its direction of travel since `--since REV`.
#[derive(serde::Serialize)]
struct Trended {
    #[serde(flatten)]
    row: RiskRow,
    trend: &'static str,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only risks in this band
    #[arg(long)]
    pub band: Option<String>,
    /// Only risks of this owner (`none` for risks without one)
    #[arg(long)]
    pub owner: Option<String>,
    /// Only risks at this stage
    #[arg(long)]
    pub stage: Option<String>,
    /// Only risks in this category
    #[arg(long)]
    pub category: Option<String>,
    /// Only risks with this status
    #[arg(long, value_parser = ["open", "closed"])]
    pub status: Option<String>,
    /// Include closed risks
    #[arg(long)]
    pub all: bool,
    /// Only risks rated above their appetite (settings `appetite`), accepted or not
    #[arg(long)]
    pub out_of_appetite: bool,
    /// Add a `trend` column: each risk's band since this git revision (up, down, same, new)
    #[arg(long, value_name = "REV")]
    pub since: Option<String>,
    #[command(flatten)]
    pub output: crate::cli::ListingFormat,
}

/// The columns a table shows; JSON, CSV and Markdown carry every field.
const TABLE_COLUMNS: &[&str] = &[
    "id",
    "title",
    "stage",
    "owner",
    "score",
    "band",
    "target_band",
    "rpn",
    "ap",
    "actions_open",
    "next_review",
];

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let format = args.output.format;
    if args.since.is_some() {
        // The log is read once, with the changes that follow renumbered risks.
        super::at::source(ctx)?.want_changes();
    }
    let register = ctx.read(&[Kind::Risk])?;
    let settings = &register.settings;
    let bands: Vec<String> = settings.bands.iter().map(|b| b.name.clone()).collect();
    super::known_value("--band", args.band.as_ref(), &bands)?;
    super::known_value("--stage", args.stage.as_ref(), &settings.stages)?;
    super::known_value("--category", args.category.as_ref(), &settings.categories)?;
    let include_closed = args.all || args.status.as_deref() == Some("closed");
    let rows: Vec<_> = register
        .risks
        .iter()
        .map(|r| &r.value)
        .filter(|r| include_closed || r.is_open())
        .map(|r| risk_row(settings, r, ctx.today))
        .filter(|row| args.band.as_ref().is_none_or(|b| &row.band == b))
        .filter(|row| match args.owner.as_deref() {
            None => true,
            Some("none") => row.owner.is_none(),
            Some(owner) => row.owner.as_deref() == Some(owner),
        })
        .filter(|row| {
            args.stage
                .as_ref()
                .is_none_or(|s| row.stage.as_ref() == Some(s))
        })
        .filter(|row| {
            args.category
                .as_ref()
                .is_none_or(|c| row.category.as_ref() == Some(c))
        })
        .filter(|row| args.status.as_ref().is_none_or(|s| row.status == s))
        .filter(|row| !args.out_of_appetite || row.within_appetite == Some(false))
        .collect();
    let palette = ctx.palette(&register);
    let text = match &args.since {
        Some(rev) => {
            let (base, renames) = super::at::since(ctx, rev, &[Kind::Risk], &register)?;
            let then = Then::new(&base, renames);
            let by_id: std::collections::HashMap<&str, &crate::model::Risk> = register
                .risks
                .iter()
                .map(|r| (r.value.id.as_str(), &r.value))
                .collect();
            let rows: Vec<Trended> = rows
                .into_iter()
                .map(|row| {
                    let risk = by_id.get(row.id.as_str());
                    let trend = risk.map_or(Travel::New, |r| travel(&then, settings, r));
                    Trended {
                        row,
                        trend: trend.as_str(),
                    }
                })
                .collect();
            if format == Format::Table {
                output::rows_with_columns(&rows, &table_columns(include_closed, true), &palette)?
            } else {
                output::rows(&rows, format, &palette)?
            }
        }
        None if format == Format::Table => {
            output::rows_with_columns(&rows, &table_columns(include_closed, false), &palette)?
        }
        None => output::rows(&rows, format, &palette)?,
    };
    ctx.print(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// The table's columns: with closed risks listed, the status tells them apart; with `--since`,
/// the trend sits beside the band.
fn table_columns(include_closed: bool, trend: bool) -> Vec<&'static str> {
    let mut columns = TABLE_COLUMNS.to_vec();
    if trend {
        columns.insert(6, "trend");
    }
    if include_closed {
        columns.insert(2, "status");
    }
    columns
}
