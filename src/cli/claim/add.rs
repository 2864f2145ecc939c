//! `risk claim add`: a claim received from one (pseudonymous) customer.

use std::process::ExitCode;

use anyhow::{Result, bail};
use chrono::NaiveDate;

use super::{channel, incident_id, money, request_type};
use crate::check::personal::is_pseudonymous;
use crate::cli::Ctx;
use crate::model::claim::Channel;
use crate::model::{Kind, Money};
use crate::ops;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The incident the claim arises from, e.g. INC-0001 (offered as a choice at a terminal)
    #[arg(long)]
    pub incident: Option<String>,
    /// The customer's pseudonymous reference, e.g. CUST-20931 (never a name, e-mail or phone)
    #[arg(long)]
    pub customer: Option<String>,
    /// When the claim was received [default: today]
    #[arg(long, value_parser = crate::cli::dates::parse_date)]
    pub received: Option<NaiveDate>,
    /// How it came in: web, email, phone, letter, social
    #[arg(long, value_parser = channel)]
    pub channel: Option<Channel>,
    /// What the customer asks for: refund, credit, replacement, discount, goodwill, reimbursement
    #[arg(long = "type", value_parser = request_type, value_name = "TYPE")]
    pub kind: Option<String>,
    /// The amount asked for, e.g. 420.00
    #[arg(long, value_parser = money, requires = "kind")]
    pub amount: Option<Money>,
    /// Evidence seen (repeatable), e.g. "booking reference seen"
    #[arg(long = "evidence", value_name = "TEXT")]
    pub evidence: Vec<String>,
    /// When the claim was acknowledged to the customer
    #[arg(long, value_parser = crate::cli::dates::parse_date)]
    pub acknowledged: Option<NaiveDate>,
}

pub fn run(ctx: &Ctx, mut args: Args) -> Result<ExitCode> {
    if ctx.interactive() {
        // Asked before the register is locked: a person may take their time.
        prompt_missing(&ctx.open(&[Kind::Incident])?, &mut args)?;
    }
    let (Some(incident), Some(customer)) = (&args.incident, &args.customer) else {
        let missing: Vec<&str> = [
            ("--incident", args.incident.is_none()),
            ("--customer", args.customer.is_none()),
        ]
        .into_iter()
        .filter_map(|(flag, missing)| missing.then_some(flag))
        .collect();
        bail!(
            "missing {} (stdin is not a terminal, or --no-input was given, so nothing was asked)",
            missing.join(", ")
        );
    };
    let new = ops::claim::NewClaim {
        incident: incident_id(incident)?,
        customer: customer.clone(),
        received: args.received.unwrap_or(ctx.today),
        channel: args.channel,
        kind: args.kind.clone(),
        amount: args.amount,
        evidence: args.evidence.clone(),
        acknowledged: args.acknowledged,
    };
    let tx = ctx.begin_with(std::slice::from_ref(&new.incident), &[Kind::Claim])?;
    let outcome = ops::claim::add(tx.snapshot(), &new, ctx.today)?;
    tx.finish(&outcome.changes)?;
    let ops::claim::Added { id, file, claim } = outcome.report;
    ctx.say(&format!(
        "Added {id}: {} claims{} for {} in {file}",
        claim.customer,
        claim
            .requested
            .as_ref()
            .map(|r| match r.amount {
                Some(a) => format!(" a {} of {a}", r.kind),
                None => format!(" a {}", r.kind),
            })
            .unwrap_or_default(),
        claim.incident
    ))?;
    if ctx.global.quiet {
        ctx.print(&format!("{id}\n"))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Asks for the incident (a choice among the register's incidents) and the customer reference.
fn prompt_missing(register: &crate::snapshot::Snapshot, args: &mut Args) -> Result<()> {
    let theme = dialoguer::theme::ColorfulTheme::default();
    if args.incident.is_none() && !register.incidents.is_empty() {
        let labels: Vec<String> = register
            .incidents
            .iter()
            .map(|r| {
                let title = crate::output::escape::terminal_line(&r.value.title);
                format!("{} {title}", r.value.id)
            })
            .collect();
        let i = dialoguer::Select::with_theme(&theme)
            .with_prompt("Incident")
            .items(&labels)
            .default(labels.len() - 1)
            .interact()?;
        args.incident = Some(register.incidents[i].value.id.to_string());
    }
    if args.customer.is_none() {
        let customer: String = dialoguer::Input::with_theme(&theme)
            .with_prompt("Customer reference (pseudonymous, e.g. CUST-20931)")
            .validate_with(|text: &String| is_pseudonymous(text.trim()).map_err(|m| m.to_string()))
            .interact_text()?;
        args.customer = Some(customer);
    }
    Ok(())
}
