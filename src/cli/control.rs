//! `risk control test`: record a test of a structured control (DESIGN 10.1).

use std::process::ExitCode;

use anyhow::{Context, Result};
use chrono::NaiveDate;

use super::Ctx;
use crate::model::Kind;
use crate::model::control::Effectiveness;
use crate::ops;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Record a test of a control: `risk control test RISK-0001/C1 --result effective`
    Test(TestArgs),
}

#[derive(Debug, clap::Args)]
pub struct TestArgs {
    /// RISK/CONTROL, e.g. RISK-0001/C1
    pub control: String,
    /// How well the control worked when tested
    #[arg(long, value_parser = ["effective", "partial", "ineffective"])]
    pub result: String,
    /// When it was tested [default: today]
    #[arg(long, value_name = "DATE", value_parser = crate::cli::dates::parse_date)]
    pub on: Option<NaiveDate>,
}

pub fn run(ctx: &Ctx, command: Command) -> Result<ExitCode> {
    match command {
        Command::Test(args) => test(ctx, args),
    }
}

fn test(ctx: &Ctx, args: TestArgs) -> Result<ExitCode> {
    let (record, control) = args.control.split_once('/').with_context(|| {
        format!(
            "`{}`: expected RISK/CONTROL, e.g. RISK-0001/C1",
            args.control
        )
    })?;
    let id = super::parse_kind_id(record, Kind::Risk)?;
    let result = Effectiveness::parse_result(&args.result).map_err(anyhow::Error::msg)?;
    let on = args.on.unwrap_or(ctx.today);
    ops::lifecycle::not_future("--on", on, ctx.today)?;
    // Only the risk is read (and the settings), as for `edit`: the same cost on any register.
    let tx = ctx.begin_with(std::slice::from_ref(&id), &[])?;
    let outcome = ops::control::test(tx.snapshot(), &id, control, result, on)?;
    tx.finish(&outcome.changes)?;
    ctx.say(&outcome.report)?;
    Ok(ExitCode::SUCCESS)
}
