//! `risk todo`: one owner's open actions, reviews, control tests and claim deadlines, soonest first.

use std::process::ExitCode;

use anyhow::Result;

use super::Ctx;
use crate::model::Kind;
use crate::output::{self, Format};
use crate::rating::todo::todo;

/// The owner of an item is the action's or control's own owner, else its record's; an
/// incident's is the owner of the first risk it realised, a claim's its incident's.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this owner's items (without it: everyone's, with an owner column)
    #[arg(long)]
    pub owner: Option<String>,
    /// Only items due within this many days from today (overdue ones included)
    #[arg(long, value_name = "DAYS")]
    pub within: Option<u32>,
    /// Output format (md is a list to paste into a chat message)
    #[arg(
        long,
        value_name = "FORMAT",
        default_value = "table",
        value_parser = crate::cli::formats(&[Format::Table, Format::Json, Format::Csv, Format::Md])
    )]
    pub format: Format,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let register = ctx.read(&Kind::ALL)?;
    let today = ctx.today;
    let mut items = todo(&register, args.owner.as_deref(), today);
    if let Some(days) = args.within {
        let horizon = crate::rating::deadlines::add_days(today, days);
        items.retain(|t| t.due.is_some_and(|d| d <= horizon));
    }
    let text = match args.format {
        Format::Md => output::todo::markdown(&items, args.owner.as_deref(), today),
        // One owner's list need not repeat the owner on every line.
        Format::Table if args.owner.is_some() => {
            output::rows_with_columns(&items, COLUMNS_OF_ONE, &ctx.palette(&register))?
        }
        format => output::rows(&items, format, &ctx.palette(&register))?,
    };
    ctx.print(&text)?;
    Ok(ExitCode::SUCCESS)
}

const COLUMNS_OF_ONE: &[&str] = &["due", "days_left", "kind", "record", "item", "what"];
