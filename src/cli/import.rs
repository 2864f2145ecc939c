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
    #[arg(long, value_name = "DATE", value_parser = crate::cli::dates::parse_date)]
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
    if args.dry_run || !args.maps.is_empty() || args.map_file.is_some() {
        return Err(Error::usage(
            "--kind claims reads the columns of `risk claim import`; \
             --dry-run and --map are for risks and actions",
        )
        .into());
    }
    let file = args.file.display().to_string();
    let bytes = std::fs::read(&args.file).with_context(|| format!("{file}: cannot read"))?;
    if bytes.starts_with(b"PK\x03\x04") {
        return claims_from_xlsx(
            ctx,
            &file,
            &bytes,
            args.sheet.as_deref(),
            &incident,
            args.acknowledged,
        );
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

/// Claims from a workbook: the sheet named `claims` (or `--sheet`, or the first), its first
/// row holding the columns of `claim import`, checked and matched by the same code.
fn claims_from_xlsx(
    ctx: &Ctx,
    file: &str,
    bytes: &[u8],
    sheet: Option<&str>,
    incident: &str,
    acknowledged: Option<NaiveDate>,
) -> Result<ExitCode> {
    use crate::ops::claim_import::{self, COLUMNS, CsvRows, ImportParams, ImportRow};
    let book = read::workbook(file, bytes)?;
    let chosen = match sheet {
        Some(name) => book.sheet(name),
        None => book.sheet("claims").or(book.sheets.first()),
    }
    .ok_or_else(|| {
        Error::usage(format!(
            "{file}: no sheet named `{}`",
            sheet.unwrap_or("claims")
        ))
    })?;
    let place = book.place(chosen);
    let Some(header) = chosen.rows.first() else {
        return Err(Error::usage(format!("{place}: the sheet is empty")).into());
    };
    let names: Vec<String> = header
        .cells
        .iter()
        .map(|c| c.text().to_lowercase())
        .collect();
    let missing: Vec<&str> = COLUMNS[..4]
        .iter()
        .filter(|c| !names.iter().any(|n| n == *c))
        .copied()
        .collect();
    if !missing.is_empty() {
        return Err(Error::usage(format!(
            "{place}: row {}: the header lacks the column(s) {}; expected {}",
            header.number,
            missing.join(", "),
            COLUMNS[..4].join(",")
        ))
        .into());
    }
    let rows = chosen.rows[1..]
        .iter()
        .map(|row| {
            let cell = |column: &str| {
                names
                    .iter()
                    .position(|n| n == column)
                    .map(|i| match row.cell(i) {
                        crate::import::Cell::Number(n) if column == "amount" => format!("{n:.2}"),
                        c => c.text(),
                    })
                    .unwrap_or_default()
            };
            ImportRow {
                line: row.number,
                customer: cell("customer"),
                received: cell("received"),
                kind: cell("type"),
                amount: cell("amount"),
                channel: cell("channel"),
                evidence: cell("evidence").replace('\n', ";"),
                reference: cell("ref"),
            }
        })
        .collect();
    let params = ImportParams {
        incident: super::parse_kind_id(incident, Kind::Incident)?,
        acknowledged,
    };
    let tx = ctx.begin(&[Kind::Incident, Kind::Claim], &[])?;
    let rows = CsvRows {
        file: place,
        rows,
        unreadable: Vec::new(),
    };
    let outcome = claim_import::import(tx.snapshot(), &rows, &params, ctx.today)?;
    tx.finish(&outcome.changes)?;
    ctx.say(&outcome.report.summary())?;
    Ok(ExitCode::SUCCESS)
}
