//! `risk coverage`: where on the customer journey no risk has been assessed.

use std::process::ExitCode;

use anyhow::Result;

use super::Ctx;
use crate::model::Kind;
use crate::output::{self, Format};
use crate::rating::coverage::coverage;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Count closed risks too
    #[arg(long)]
    pub all: bool,
    #[command(flatten)]
    pub output: crate::cli::ListingFormat,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let format = args.output.format;
    let register = ctx.read(&[Kind::Risk])?;
    let grid = coverage(
        &register.settings,
        register
            .risks
            .iter()
            .map(|r| &r.value)
            .filter(|r| args.all || r.is_open()),
    );
    let text = match format {
        Format::Json => output::json(&grid)?,
        Format::Md => output::coverage::markdown(&grid),
        Format::Csv => output::rows(
            &output::coverage::csv_rows(&grid),
            format,
            &output::Palette::default(),
        )?,
        _ => output::coverage::table(&grid),
    };
    ctx.print(&text)?;
    Ok(ExitCode::SUCCESS)
}
