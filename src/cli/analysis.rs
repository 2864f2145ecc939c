//! `risk swot`, `risk pestle` and `risk analysis add|list`: SWOT and PESTLE analyses linked to
//! the register (DESIGN 11.1).

use std::process::ExitCode;

use anyhow::{Result, bail};
use chrono::NaiveDate;
use serde::Serialize;

use super::{Ctx, parse_kind_id};
use crate::model::{Id, Kind};
use crate::ops::{self, analysis::Which};
use crate::output::{self, Format};
use crate::rating::analysis::{latest, pestle_view, swot_view};

#[derive(Debug, clap::Args)]
pub struct SwotArgs {
    /// The analysis, e.g. SWOT-0001 [default: the latest by `held`]
    pub id: Option<String>,
    #[command(flatten)]
    pub output: crate::cli::SummaryFormat,
}

#[derive(Debug, clap::Args)]
pub struct PestleArgs {
    /// The analysis, e.g. PESTLE-0001 [default: the latest by `held`]
    pub id: Option<String>,
    #[command(flatten)]
    pub output: crate::cli::SummaryFormat,
}

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Start a SWOT or PESTLE analysis (a file under analyses/ to fill in and link to risks)
    Add(AddArgs),
    /// List the analyses, with how many items are linked to risks
    List(ListArgs),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum AnalysisKind {
    Swot,
    Pestle,
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// Which analysis
    #[arg(value_enum)]
    pub kind: AnalysisKind,
    /// Its title, e.g. "Customer service SWOT 2026"
    #[arg(long)]
    pub title: String,
    /// When it was held [default: today]
    #[arg(long, value_name = "DATE", value_parser = crate::cli::dates::parse_date)]
    pub held: Option<NaiveDate>,
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub output: crate::cli::ListingFormat,
}

/// One analysis in `risk analysis list`.
#[derive(Serialize)]
struct ListRow {
    id: String,
    kind: &'static str,
    title: String,
    held: Option<NaiveDate>,
    items: usize,
    linked: usize,
    dismissed: usize,
}

/// The id given, of `kind`, or the latest analysis of that kind; None when there is none.
fn chosen(text: Option<&str>, kind: Kind) -> Result<Option<Id>> {
    text.map(|t| parse_kind_id(t, kind)).transpose()
}

fn none_yet(kind: &str) -> Result<ExitCode> {
    bail!(
        "no {kind} analysis in the register yet; start one with `risk analysis add {}`",
        kind.to_lowercase()
    )
}

pub fn swot(ctx: &Ctx, args: SwotArgs) -> Result<ExitCode> {
    let id = chosen(args.id.as_deref(), Kind::Swot)?;
    let register = ctx.open(&[Kind::Risk, Kind::Swot])?;
    let swot = match &id {
        Some(id) => &register.get::<crate::model::Swot>(id)?.value,
        None => match latest(register.swots.iter().map(|r| &r.value), |a| (a.held, &a.id)) {
            Some(swot) => swot,
            None => return none_yet("SWOT"),
        },
    };
    let view = swot_view(&register, swot);
    let text = match args.output.format {
        Format::Json => output::json(&view)?,
        Format::Md => output::analysis::swot_markdown(&view),
        _ => output::analysis::swot_table(&view),
    };
    ctx.print(&text)?;
    Ok(ExitCode::SUCCESS)
}

pub fn pestle(ctx: &Ctx, args: PestleArgs) -> Result<ExitCode> {
    let id = chosen(args.id.as_deref(), Kind::Pestle)?;
    let register = ctx.open(&[Kind::Risk, Kind::Pestle])?;
    let pestle = match &id {
        Some(id) => &register.get::<crate::model::Pestle>(id)?.value,
        None => match latest(register.pestles.iter().map(|r| &r.value), |a| {
            (a.held, &a.id)
        }) {
            Some(pestle) => pestle,
            None => return none_yet("PESTLE"),
        },
    };
    let view = pestle_view(&register, pestle);
    let text = match args.output.format {
        Format::Json => output::json(&view)?,
        Format::Md => output::analysis::pestle_markdown(&view),
        _ => output::analysis::pestle_table(&view),
    };
    ctx.print(&text)?;
    Ok(ExitCode::SUCCESS)
}

pub fn run(ctx: &Ctx, command: Command) -> Result<ExitCode> {
    match command {
        Command::Add(args) => add(ctx, args),
        Command::List(args) => list(ctx, args),
    }
}

fn add(ctx: &Ctx, args: AddArgs) -> Result<ExitCode> {
    let which = match args.kind {
        AnalysisKind::Swot => Which::Swot,
        AnalysisKind::Pestle => Which::Pestle,
    };
    let held = args.held.unwrap_or(ctx.today);
    let tx = ctx.begin(&[], &[which.kind()])?;
    let outcome = ops::analysis::add(tx.snapshot(), which, &args.title, held)?;
    tx.finish(&outcome.changes)?;
    let (id, file) = outcome.report;
    ctx.say(&format!(
        "Added {id}: {} in {file}; list its items there and link each to the risks behind it",
        args.title.trim()
    ))?;
    if ctx.global.quiet {
        ctx.print(&format!("{id}\n"))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn list(ctx: &Ctx, args: ListArgs) -> Result<ExitCode> {
    let register = ctx.open(&[Kind::Swot, Kind::Pestle])?;
    fn row<'a>(
        id: &Id,
        kind: &'static str,
        title: &str,
        held: Option<NaiveDate>,
        items: impl Iterator<Item = &'a crate::model::analysis::Item>,
    ) -> ListRow {
        let items: Vec<_> = items.collect();
        ListRow {
            id: id.to_string(),
            kind,
            title: title.to_string(),
            held,
            items: items.len(),
            linked: items.iter().filter(|i| !i.risks().is_empty()).count(),
            dismissed: items.iter().filter(|i| i.dismissed().is_some()).count(),
        }
    }
    let mut rows: Vec<ListRow> = register
        .swots
        .iter()
        .map(|r| {
            let a = &r.value;
            row(&a.id, "swot", &a.title, a.held, a.items().map(|i| i.2))
        })
        .collect();
    rows.extend(register.pestles.iter().map(|r| {
        let a = &r.value;
        row(&a.id, "pestle", &a.title, a.held, a.items().map(|i| i.2))
    }));
    let text = output::rows(&rows, args.output.format, &ctx.palette(&register))?;
    ctx.print(&text)?;
    Ok(ExitCode::SUCCESS)
}
