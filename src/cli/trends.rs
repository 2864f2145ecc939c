//! `risk trends`: incidents over time and by harm, risk or stage, with the service KPIs.

use std::process::ExitCode;

use anyhow::Result;

use super::Ctx;
use crate::model::Kind;
use crate::output::{self, Format};
use crate::rating::history::Every;
use crate::rating::trends::{By, trends};
use chrono::NaiveDate;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// How to group incidents
    #[arg(long, value_enum, default_value = "month", conflicts_with = "profile")]
    pub by: By,
    /// Instead of incidents: open risks per band at the end of each period, from the
    /// register's git history (the last commit on or before each period's end)
    #[arg(long)]
    pub profile: bool,
    /// With --profile: the length of each period
    #[arg(long, value_enum, default_value = "month", requires = "profile")]
    pub every: Every,
    /// With --profile: the first period holds this day [default: the first commit's]
    #[arg(long, value_name = "DATE", requires = "profile", value_parser = crate::cli::dates::parse_date)]
    pub since: Option<NaiveDate>,
    #[command(flatten)]
    pub output: crate::cli::ListingFormat,
}

/// The columns a table shows; JSON, CSV and Markdown carry every field.
const TABLE_COLUMNS: &[&str] = &[
    "group",
    "incidents",
    "repeats",
    "customers_affected",
    "compensation_paid",
    "mean_hours_to_contain",
    "mean_hours_to_resolve",
    "notices_on_time_pct",
    "decisions_on_time_pct",
];

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let format = args.output.format;
    if args.profile {
        return super::profile::run(ctx, args.every, args.since, format);
    }
    let register = ctx.read(&Kind::ALL)?;
    let risks: Vec<_> = register.risks.iter().map(|r| &r.value).collect();
    let incidents: Vec<_> = register.incidents.iter().map(|r| &r.value).collect();
    let claims: Vec<_> = register.claims.iter().map(|r| &r.value).collect();
    let rows = trends(
        &register.settings,
        &risks,
        &incidents,
        &claims,
        args.by,
        ctx.today,
    );
    let palette = ctx.palette(&register);
    let text = if format == Format::Table {
        output::rows_with_columns(&rows, TABLE_COLUMNS, &palette)?
    } else {
        output::rows(&rows, format, &palette)?
    };
    ctx.print(&text)?;
    Ok(ExitCode::SUCCESS)
}
