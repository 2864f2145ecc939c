//! `risk claim import`: a mass event's claims from CSV. Every row is checked first; one bad
//! row and nothing is written, with each bad row named by its line.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;

use super::{channel, incident_id, money, request_type};
use crate::check::personal::is_pseudonymous;
use crate::cli::Ctx;
use crate::error::{Error, Located};
use crate::model::claim::{Channel, ClaimStatus, Request};
use crate::model::{Claim, Kind, Money};
use crate::ops;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The CSV file: header `customer,received,type,amount` (optional `channel`, `evidence`;
    /// several pieces of evidence separated by `;`)
    pub file: PathBuf,
    /// The incident the claims arise from
    #[arg(long)]
    pub incident: String,
    /// Record every imported claim as acknowledged on this date
    #[arg(long)]
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

const COLUMNS: [&str; 6] = [
    "customer", "received", "type", "amount", "channel", "evidence",
];

struct Row {
    customer: String,
    received: NaiveDate,
    kind: String,
    amount: Option<Money>,
    channel: Option<Channel>,
    evidence: Vec<String>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let incident = incident_id(&args.incident)?;
    let tx = ctx.begin(&[Kind::Incident], &[Kind::Claim])?;
    let register = tx.snapshot();
    let detected = register.incident(&incident)?.value.detected.date_naive();
    let mut problems = Vec::new();
    // What `risk export --kind claims --format csv` adds after these is read past.
    let known: Vec<&str> = COLUMNS
        .iter()
        .chain(&crate::rating::export::CLAIM_EXPORT_EXTRA_COLUMNS)
        .copied()
        .collect();
    let table = read_csv(&args.file, &COLUMNS[..4], Some(&known), &mut problems)?;
    let mut rows = Vec::with_capacity(table.rows.len());
    for (line, record) in &table.rows {
        let mut bad = |key: &str, message: String| {
            problems.push(Located {
                file: table.file.clone(),
                line: Some(*line),
                key: Some(key.to_string()),
                message,
            })
        };
        let customer = table.cell(record, "customer").unwrap_or("");
        if let Err(m) = is_pseudonymous(customer) {
            bad("customer", m);
        }
        let received_text = table.cell(record, "received").unwrap_or("");
        let received = match received_text.parse::<NaiveDate>() {
            Ok(d) if d > ctx.today => {
                bad("received", format!("{d} is after today ({})", ctx.today));
                None
            }
            Ok(d) if d < detected => {
                bad(
                    "received",
                    format!("{d} is before {incident} was detected ({detected})"),
                );
                None
            }
            Ok(d) => Some(d),
            Err(_) => {
                bad(
                    "received",
                    format!("`{received_text}` is not a date (YYYY-MM-DD)"),
                );
                None
            }
        };
        let kind = match request_type(table.cell(record, "type").unwrap_or("")) {
            Ok(k) => Some(k),
            Err(m) => {
                bad("type", m);
                None
            }
        };
        let amount_text = table.cell(record, "amount").unwrap_or("");
        let amount = if amount_text.is_empty() {
            Some(None)
        } else {
            match money(amount_text) {
                Ok(a) => Some(Some(a)),
                Err(m) => {
                    bad("amount", m);
                    None
                }
            }
        };
        let channel_text = table.cell(record, "channel").unwrap_or("");
        let channel = if channel_text.is_empty() {
            Some(None)
        } else {
            match channel(channel_text) {
                Ok(c) => Some(Some(c)),
                Err(m) => {
                    bad("channel", m);
                    None
                }
            }
        };
        let evidence: Vec<String> = table
            .cell(record, "evidence")
            .unwrap_or("")
            .split(';')
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(String::from)
            .collect();
        for e in &evidence {
            if let Some(what) = crate::check::personal::looks_personal(e) {
                bad(
                    "evidence",
                    format!("`{e}` looks like a {what}; keep personal data out of the register"),
                );
            }
        }
        if let (Some(received), Some(kind), Some(amount), Some(channel)) =
            (received, kind, amount, channel)
        {
            rows.push(Row {
                customer: customer.to_string(),
                received,
                kind,
                amount,
                channel,
                evidence,
            });
        }
    }
    if !problems.is_empty() {
        let n = problems.len();
        let mut err = Error::input(problems);
        err.problems.insert(
            0,
            Located {
                file: table.file.clone(),
                line: None,
                key: None,
                message: format!("{n} problem(s); nothing was imported"),
            },
        );
        return Err(err.into());
    }
    if rows.is_empty() {
        bail!("{}: no claims in the file (only a header)", table.file);
    }
    let written = ops::create_many(register, Kind::Claim, &rows, |id, row| Claim {
        id,
        incident: incident.clone(),
        customer: row.customer.clone(),
        received: row.received,
        channel: row.channel,
        proactive: None,
        requested: Some(Request {
            kind: row.kind.clone(),
            amount: row.amount,
        }),
        evidence: row.evidence.clone(),
        status: Some(ClaimStatus::Received),
        acknowledged: args.acknowledged.map(|a| a.max(row.received)),
        assessment: None,
        offer: None,
        decision_note: None,
        accepted: None,
        paid: None,
        satisfaction: None,
    })?;
    let (written, changes): (Vec<_>, Vec<_>) = written
        .into_iter()
        .map(|(id, _, change)| (id, change))
        .unzip();
    tx.finish(&changes)?;
    let first = &written[0];
    let last = &written[written.len() - 1];
    ctx.say(&format!(
        "Imported {} claim(s) for {incident}: {first}..{last}",
        written.len()
    ))?;
    Ok(ExitCode::SUCCESS)
}
