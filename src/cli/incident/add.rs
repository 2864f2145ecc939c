//! `risk incident add`: a new incident, linked to the risks it realised.

use std::process::ExitCode;

use anyhow::{Result, bail};

use super::{TimeArg, now, parse_money, parse_time, resolve, risk_ids};
use crate::cli::{Ctx, prompt, split_list};
use crate::model::{Id, Kind, Money};
use crate::ops;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// What went wrong, in one line
    #[arg(long)]
    pub title: Option<String>,
    /// Severity 1..5
    #[arg(long)]
    pub severity: Option<u8>,
    /// More detail: what happened, to whom
    #[arg(long)]
    pub summary: Option<String>,
    /// Harms to customers, comma-separated (settings `harms`)
    #[arg(long, value_name = "HARM,...")]
    pub harms: Option<String>,
    /// A risk this incident realised (repeatable); its contingency plan becomes the containment
    #[arg(long = "risk", value_name = "RISK-ID")]
    pub risks: Vec<String>,
    /// When it started (YYYY-MM-DD HH:MM in the register's timezone, or RFC 3339, e.g. 2026-09-26T08:10:00+10:00)
    #[arg(long, value_parser = parse_time)]
    pub occurred: Option<TimeArg>,
    /// When it was detected (YYYY-MM-DD HH:MM in the register's timezone, or RFC 3339) [default: now; noon UTC of --today when given]
    #[arg(long, value_parser = parse_time)]
    pub detected: Option<TimeArg>,
    /// How many customers are affected
    #[arg(long, value_name = "N")]
    pub customers_affected: Option<u64>,
    /// Personal data was breached: starts the regulator clock (GDPR art. 33)
    #[arg(long)]
    pub personal_data_breach: bool,
    /// Money set aside to compensate customers, e.g. 20000.00
    #[arg(long, value_parser = parse_money, value_name = "AMOUNT")]
    pub budget: Option<Money>,
    /// A containment step (repeatable), after those copied from the risks' contingency plans
    #[arg(long = "containment", value_name = "TEXT")]
    pub containment: Vec<String>,
}

pub fn run(ctx: &Ctx, mut args: Args) -> Result<ExitCode> {
    // Flags first: a bad one stops the command before anyone is asked anything.
    if let Some(severity) = args.severity {
        severity_level(&severity.to_string()).map_err(|e| anyhow::anyhow!("--severity: {e}"))?;
    }
    if ctx.interactive() {
        if args.title.is_none() {
            args.title = Some(prompt::text("Title", |_| Ok(()))?);
        }
        if args.severity.is_none() {
            args.severity = prompt::parsed("Severity (1..5)", true, severity_level)?;
        }
    }
    let (Some(title), Some(severity)) = (&args.title, args.severity) else {
        let missing: Vec<&str> = [
            ("--title", args.title.is_none()),
            ("--severity", args.severity.is_none()),
        ]
        .into_iter()
        .filter_map(|(flag, missing)| missing.then_some(flag))
        .collect();
        bail!(
            "missing {} (stdin is not a terminal, or --no-input was given, so nothing was asked)",
            missing.join(", ")
        );
    };
    let mut new = ops::incident::NewIncident {
        title: title.clone(),
        severity,
        summary: args.summary.clone(),
        harms: args.harms.as_deref().map(split_list).unwrap_or_default(),
        risks: risk_ids(&args.risks)?,
        occurred: None,
        detected: None,
        customers_affected: args.customers_affected,
        personal_data_breach: args.personal_data_breach,
        budget: args.budget,
        containment: args.containment.clone(),
    };
    let now = now(ctx);
    let tx = ctx.begin_with(&new.risks, &[Kind::Incident])?;
    let settings = &tx.snapshot().settings;
    new.occurred = resolve(settings, "--occurred", args.occurred)?;
    new.detected = resolve(settings, "--detected", args.detected)?;
    let outcome = ops::incident::add(tx.snapshot(), &new, now)?;
    tx.finish(&outcome.changes)?;
    let ops::incident::Added {
        id,
        file,
        incident,
        copied,
    } = outcome.report;
    ctx.say(&format!(
        "Added {id}: {} (severity {}) in {file}",
        incident.title, incident.severity
    ))?;
    if copied > 0 && !ctx.global.quiet {
        ctx.say(&format!(
            "containment: {copied} step(s) copied from the contingency plan of {}",
            incident
                .risks
                .iter()
                .map(Id::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ))?;
    }
    if ctx.global.quiet {
        ctx.print(&format!("{id}\n"))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// A severity level as the incident record allows it (1..5).
fn severity_level(text: &str) -> Result<u8, String> {
    match text.trim().parse::<u8>() {
        Ok(level) if (1..=5).contains(&level) => Ok(level),
        Ok(level) => Err(format!("{level} is outside 1..5")),
        Err(_) => Err(format!(
            "`{}` is not a whole number from 1 to 5",
            text.trim()
        )),
    }
}
