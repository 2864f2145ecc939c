//! `risk claim offer-all`: proactive compensation for every affected customer of an incident.
//! The file is read here; the customers are checked and their offers planned in
//! `ops::offer_all`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use chrono::NaiveDate;

use super::import::read_csv;
use super::{incident_id, request_type};
use crate::cli::Ctx;
use crate::model::Kind;
use crate::ops::claim_import::CsvRows;
use crate::ops::offer_all::{CustomerRow, OfferAllParams, offer_all};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The incident whose customers are compensated
    #[arg(long)]
    pub incident: String,
    /// A CSV file with a `customer` column of pseudonymous references (other columns ignored)
    #[arg(long, value_name = "FILE.csv")]
    pub customers: PathBuf,
    /// Match the policy's rules as for requests of this type
    #[arg(long = "type", value_parser = request_type, value_name = "TYPE")]
    pub kind: Option<String>,
    /// The date of the offers [default: today]
    #[arg(long, value_parser = crate::cli::dates::parse_date)]
    pub on: Option<NaiveDate>,
    /// Who made the offers (a person or team handle)
    #[arg(long)]
    pub by: Option<String>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let params = OfferAllParams {
        incident: incident_id(&args.incident)?,
        kind: args.kind,
        on: args.on,
        by: args.by,
    };
    let tx = ctx.begin(&[Kind::Incident, Kind::Claim], &[])?;
    let mut unreadable = Vec::new();
    let table = read_csv(&args.customers, &["customer"], None, &mut unreadable)?;
    let rows = table
        .rows
        .iter()
        .map(|(line, record)| CustomerRow {
            line: *line,
            customer: table.cell(record, "customer").unwrap_or("").to_string(),
        })
        .collect();
    let file = CsvRows {
        file: table.file.clone(),
        rows,
        unreadable,
    };
    let outcome = offer_all(tx.snapshot(), &file, &params, ctx.today)?;
    tx.finish(&outcome.changes)?;
    ctx.say(&outcome.report.summary())?;
    Ok(ExitCode::SUCCESS)
}
