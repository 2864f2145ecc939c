//! `risk import`: a register kept in a spreadsheet (CSV or XLSX) brought in as it is
//! (DESIGN 12). The file is read here; its rows are checked and planned in `ops::import`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use clap::ValueEnum;

use super::Ctx;
use crate::error::Error;
use crate::import::columns::Target;
use crate::import::{map, native, read};
use crate::model::Kind;
use crate::ops::import::{self, ImportParams};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum What {
    /// One risk per row
    Risks,
    /// One action per row, attached to the risk whose ref or id the row names
    Actions,
    /// Compensation claims for one incident (`--incident`), as `claim import` reads them
    Claims,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The spreadsheet: CSV (delimiter `,` `;` or tab; UTF-8) or XLSX
    pub file: PathBuf,
    /// What each row is
    #[arg(long, default_value = "risks")]
    pub kind: What,
    /// The sheet to read (XLSX) [default: the first; for actions, the first named like a
    /// treatment or action plan]
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Name a column's field, by header or by letter: `--map "Chance=likelihood"`,
    /// `--map AB=inherent.likelihood`, `--map H=ignore` (repeatable)
    #[arg(long = "map", value_name = "COLUMN=FIELD")]
    pub maps: Vec<String>,
    /// The same pairs kept in a YAML file (`COLUMN: FIELD` lines, optionally under `map:`)
    #[arg(long, value_name = "FILE.yaml")]
    pub map_file: Option<PathBuf>,
    /// Print the plan (created, updated, unchanged per row, with the mapping used); write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Read dates such as 01/02/2023 month first (default: day first)
    #[arg(long)]
    pub month_first: bool,
    /// Claims: the incident they arise from
    #[arg(long, value_name = "INC-x")]
    pub incident: Option<String>,
    /// Claims: record every imported claim as acknowledged on this date
    #[arg(long, value_name = "DATE")]
    pub acknowledged: Option<NaiveDate>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let target = match args.kind {
        What::Risks => Target::Risks,
        What::Actions => Target::Actions,
        What::Claims => return claims(ctx, args),
    };
    let mut maps = Vec::new();
    if let Some(path) = &args.map_file {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("{}: cannot read", path.display()))?;
        maps = map::file(&path.display().to_string(), &text, target).map_err(Error::usage)?;
    }
    for pair in &args.maps {
        maps.push(map::pair(pair, target).map_err(Error::usage)?);
    }
    let file = args.file.display().to_string();
    let bytes = std::fs::read(&args.file).with_context(|| format!("{file}: cannot read"))?;
    let book = read::workbook(&file, &bytes)?;
    let params = ImportParams {
        target,
        sheet: args.sheet.clone(),
        maps,
        month_first: args.month_first,
    };
    // A workbook `risk export --format xlsx` wrote comes back whole: every sheet, every kind.
    let whole = native::is_native(&book) && args.sheet.is_none() && args.kind == What::Risks;
    let tx = if whole {
        ctx.begin(&Kind::ALL, &Kind::ALL)?
    } else {
        ctx.begin(&[Kind::Risk], &[Kind::Risk])?
    };
    let outcome = if whole {
        import::native(tx.snapshot(), &book)?
    } else {
        import::import(tx.snapshot(), &book, &params, ctx.today)?
    };
    if args.dry_run {
        drop(tx);
        ctx.print(&outcome.report.render(true))?;
        return Ok(ExitCode::SUCCESS);
    }
    tx.finish(&outcome.changes)?;
    ctx.say(outcome.report.render(false).trim_end())?;
    Ok(ExitCode::SUCCESS)
}

/// `--kind claims`: the code path of `risk claim import`.
fn claims(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let Some(incident) = args.incident else {
        return Err(Error::usage(
            "--kind claims needs --incident INC-x: the incident the claims arise from",
        )
        .into());
    };
    if args.dry_run || args.sheet.is_some() || !args.maps.is_empty() || args.map_file.is_some() {
        return Err(Error::usage(
            "--kind claims reads a CSV with the columns of `risk claim import`; \
             --dry-run, --sheet and --map are for risks and actions",
        )
        .into());
    }
    super::claim::import::run(
        ctx,
        super::claim::import::Args {
            file: args.file,
            incident,
            acknowledged: args.acknowledged,
        },
    )
}
