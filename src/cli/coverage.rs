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
    /// The columns: categories, or PESTLE factors (risks' `pestle:`)
    #[arg(long, value_enum, default_value = "category")]
    pub by: By,
    #[command(flatten)]
    pub output: crate::cli::ListingFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum By {
    Category,
    Pestle,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let format = args.output.format;
    let register = ctx.read(&[Kind::Risk])?;
    if args.by == By::Pestle {
        let grid = crate::rating::analysis::pestle_coverage(
            &register.settings,
            register
                .risks
                .iter()
                .map(|r| &r.value)
                .filter(|r| args.all || r.is_open()),
        );
        let text = match format {
            Format::Json => output::json(&grid)?,
            Format::Md => output::analysis::pestle_coverage_markdown(&grid),
            Format::Csv => output::rows(&grid.cells, format, &output::Palette::default())?,
            _ => output::analysis::pestle_coverage_table(&grid),
        };
        ctx.print(&text)?;
        return Ok(ExitCode::SUCCESS);
    }
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
