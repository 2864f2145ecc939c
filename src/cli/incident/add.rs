//! `risk incident add`: a new incident, linked to the risks it realised.

use std::process::ExitCode;

use anyhow::{Result, bail};
use dialoguer::{Input, theme::ColorfulTheme};

use super::{now, parse_money, parse_time};
use crate::cli::{Ctx, parse_id, split_list};
use crate::error::Error;
use crate::model::incident::{IncidentStatus, Time};
use crate::model::{Id, Incident, Kind, Money};
use crate::snapshot::located;

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
    /// When it started (RFC 3339, e.g. 2026-09-26T08:10:00+10:00)
    #[arg(long, value_parser = parse_time)]
    pub occurred: Option<Time>,
    /// When it was detected (RFC 3339) [default: now; noon UTC of --today when given]
    #[arg(long, value_parser = parse_time)]
    pub detected: Option<Time>,
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
    if ctx.interactive() {
        let theme = ColorfulTheme::default();
        if args.title.is_none() {
            args.title = Some(
                Input::with_theme(&theme)
                    .with_prompt("Title")
                    .interact_text()?,
            );
        }
        if args.severity.is_none() {
            args.severity = Some(
                Input::with_theme(&theme)
                    .with_prompt("Severity (1..5)")
                    .interact_text()?,
            );
        }
    }
    let missing: Vec<&str> = [
        ("--title", args.title.is_none()),
        ("--severity", args.severity.is_none()),
    ]
    .into_iter()
    .filter_map(|(flag, missing)| missing.then_some(flag))
    .collect();
    if !missing.is_empty() {
        bail!(
            "missing {} (stdin is not a terminal, or --no-input was given, so nothing was asked)",
            missing.join(", ")
        );
    }
    let tx = ctx.begin(&[Kind::Risk], &[Kind::Incident])?;
    let register = tx.snapshot();
    let settings = &register.settings;
    let mut risks: Vec<Id> = Vec::new();
    let mut containment: Vec<String> = Vec::new();
    for text in &args.risks {
        let id = parse_id(text)?;
        if id.kind() != Some(Kind::Risk) {
            bail!("--risk {id}: not a risk id (expected RISK-NNNN)");
        }
        let risk = register.risk(&id)?;
        for step in &risk.value.contingency {
            if !containment.contains(step) {
                containment.push(step.clone());
            }
        }
        if !risks.contains(&id) {
            risks.push(id);
        }
    }
    containment.extend(args.containment.iter().cloned());
    let template = Incident {
        id: Id::new(Kind::Incident, 0),
        title: args.title.clone().unwrap_or_default().trim().to_string(),
        summary: args.summary.clone(),
        status: Some(IncidentStatus::Open),
        severity: args.severity.unwrap_or_default(),
        harms: args.harms.as_deref().map(split_list).unwrap_or_default(),
        risks,
        occurred: args.occurred,
        detected: args.detected.unwrap_or_else(|| now(ctx)),
        contained: None,
        resolved: None,
        customers_affected: args.customers_affected,
        personal_data_breach: args.personal_data_breach.then_some(true),
        regulator_notified: None,
        legal_consulted: None,
        containment,
        root_cause: None,
        actions: Vec::new(),
        communications: Vec::new(),
        compensation_budget: args.budget,
        review: None,
    };
    let problems = template.validate(settings);
    if !problems.is_empty() {
        let text = crate::output::yaml(&template);
        return Err(Error::input(located("incident add", &text, problems)).into());
    }
    let (id, file, change) = crate::ops::create(register, Kind::Incident, |id| Incident {
        id,
        ..template.clone()
    })?;
    tx.finish(&[change])?;
    ctx.say(&format!(
        "Added {id}: {} (severity {}) in {file}",
        template.title, template.severity
    ))?;
    if !template.containment.is_empty() && !ctx.global.quiet {
        let copied = template.containment.len() - args.containment.len();
        if copied > 0 {
            ctx.say(&format!(
                "containment: {copied} step(s) copied from the contingency plan of {}",
                template
                    .risks
                    .iter()
                    .map(Id::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ))?;
        }
    }
    if ctx.global.quiet {
        ctx.print(&format!("{id}\n"))?;
    }
    Ok(ExitCode::SUCCESS)
}
