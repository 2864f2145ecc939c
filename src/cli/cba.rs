//! `risk cba`: the cost-benefit of treatments, by annual loss expectancy (DESIGN 10.5).

use std::process::ExitCode;

use anyhow::Result;

use super::Ctx;
use crate::model::Kind;
use crate::output;
use crate::rating::ale::cba_rows;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub output: crate::cli::ListingFormat,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let register = ctx.open(&[Kind::Risk])?;
    let rows = cba_rows(&register.settings, register.risks.iter().map(|r| &r.value));
    let palette = ctx.palette(&register);
    ctx.print(&output::rows(&rows, args.output.format, &palette)?)?;
    Ok(ExitCode::SUCCESS)
}
