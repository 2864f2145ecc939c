//! `risk rank`: risks with an FMEA view, by action priority and RPN.

use std::process::ExitCode;

use anyhow::Result;
use clap::ValueEnum;

use super::Ctx;
use crate::model::Kind;
use crate::output::{self};
use crate::rating::rows::rank_rows;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum By {
    /// Action priority (H, M, L), then RPN
    Ap,
    /// RPN first, then action priority
    Rpn,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to rank by first
    #[arg(long, default_value = "ap")]
    pub by: By,
    /// Show only the first N
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// Include closed risks
    #[arg(long)]
    pub all: bool,
    #[command(flatten)]
    pub output: crate::cli::ListingFormat,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let format = args.output.format;
    let register = ctx.read(&[Kind::Risk])?;
    let risks = register
        .risks
        .iter()
        .map(|r| &r.value)
        .filter(|r| args.all || r.is_open());
    let mut rows = rank_rows(risks, args.by == By::Rpn);
    if let Some(top) = args.top {
        rows.truncate(top);
    }
    ctx.print(&output::rows(&rows, format, &ctx.palette(&register))?)?;
    Ok(ExitCode::SUCCESS)
}
