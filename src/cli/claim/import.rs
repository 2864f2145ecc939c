//! `risk claim import`: a mass event's claims from CSV. The file is read here; the rows are
//! checked and matched to the claims already there in `ops::claim_import`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use chrono::NaiveDate;

use super::incident_id;
use crate::cli::Ctx;
use crate::error::{Error, Located};
use crate::model::Kind;
use crate::ops::claim_import::{self, COLUMNS, CsvRows, ImportParams, ImportRow};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The CSV file: header `customer,received,type,amount` (optional `channel`, `evidence`;
    /// several pieces of evidence separated by `;`; `ref`, the claim's reference in the system
    /// it came from)
    pub file: PathBuf,
    /// The incident the claims arise from
    #[arg(long)]
    pub incident: String,
    /// Record every imported claim as acknowledged on this date
    #[arg(long, value_parser = crate::cli::dates::parse_date)]
    pub acknowledged: Option<NaiveDate>,
}

/// A CSV file read as rows of named cells, each with its line number.
pub struct Table {
    pub file: String,
    pub header: Vec<String>,
    pub rows: Vec<(usize, csv::StringRecord)>,
}

impl Table {
    pub fn cell<'a>(&self, row: &'a csv::StringRecord, column: &str) -> Option<&'a str> {
        let i = self.header.iter().position(|h| h == column)?;
        row.get(i).map(str::trim)
    }
}

/// Reads a CSV file with a header row; `required` columns must be there, and only `known` ones.
/// Rows the reader cannot split are problems, like bad cells.
pub fn read_csv(
    path: &Path,
    required: &[&str],
    known: Option<&[&str]>,
    problems: &mut Vec<Located>,
) -> Result<Table> {
    let file = path.display().to_string();
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_path(path)
        .with_context(|| format!("{file}: cannot read"))?;
    let header: Vec<String> = reader
        .headers()
        .with_context(|| format!("{file}: cannot read the header row"))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_lowercase())
        .collect();
    let at = |line: usize, key: Option<&str>, message: String| Located {
        file: file.clone(),
        line: Some(line),
        key: key.map(String::from),
        message,
    };
    let missing: Vec<&str> = required
        .iter()
        .filter(|c| !header.iter().any(|h| h == *c))
        .copied()
        .collect();
    if !missing.is_empty() {
        return Err(Error::from(at(
            1,
            None,
            format!(
                "the header lacks the column(s) {}; expected {}",
                missing.join(", "),
                required.join(",")
            ),
        ))
        .into());
    }
    if let Some(known) = known {
        for h in &header {
            if !known.contains(&h.as_str()) {
                let hint = crate::model::nearest(h, known.iter().copied())
                    .map(|n| format!(" (did you mean `{n}`?)"))
                    .unwrap_or_default();
                return Err(Error::from(at(
                    1,
                    None,
                    format!("unknown column `{h}`{hint}; known: {}", known.join(", ")),
                ))
                .into());
            }
        }
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        match record {
            Ok(r) => {
                let line = r.position().map(|p| p.line() as usize).unwrap_or(0);
                rows.push((line, r));
            }
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize).unwrap_or(0);
                problems.push(at(line, None, format!("cannot be read: {e}")));
            }
        }
    }
    Ok(Table { file, header, rows })
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let params = ImportParams {
        incident: incident_id(&args.incident)?,
        acknowledged: args.acknowledged,
    };
    // The claims too: a row that is already a claim is that claim (DESIGN 7).
    let tx = ctx.begin(&[Kind::Incident, Kind::Claim], &[])?;
    let mut unreadable = Vec::new();
    // What `risk export --kind claims --format csv` adds after these is read past.
    let known: Vec<&str> = COLUMNS
        .iter()
        .chain(&crate::rating::export::CLAIM_EXPORT_EXTRA_COLUMNS)
        .copied()
        .collect();
    let table = read_csv(&args.file, &COLUMNS[..4], Some(&known), &mut unreadable)?;
    let cell = |record, column| table.cell(record, column).unwrap_or("").to_string();
    let rows = table
        .rows
        .iter()
        .map(|(line, record)| ImportRow {
            line: *line,
            customer: cell(record, "customer"),
            received: cell(record, "received"),
            kind: cell(record, "type"),
            amount: cell(record, "amount"),
            channel: cell(record, "channel"),
            evidence: cell(record, "evidence"),
            reference: cell(record, "ref"),
        })
        .collect();
    let file = CsvRows {
        file: table.file.clone(),
        rows,
        unreadable,
    };
    let outcome = claim_import::import(tx.snapshot(), &file, &params, ctx.today)?;
    tx.finish(&outcome.changes)?;
    ctx.say(&outcome.report.summary())?;
    Ok(ExitCode::SUCCESS)
}
