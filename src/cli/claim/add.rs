//! `risk claim add`: a claim received from one (pseudonymous) customer.

use std::process::ExitCode;

use anyhow::{Result, bail};
use chrono::NaiveDate;

use super::{channel, incident_id, money, request_type};
use crate::check::personal::is_pseudonymous;
use crate::cli::{Ctx, prompt};
use crate::model::claim::Channel;
use crate::model::settings::OFFER_TYPES;
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
    // Flags first: a bad one stops the command before anyone is asked anything.
    if let Some(incident) = &args.incident {
        incident_id(incident)?;
    }
    if let Some(customer) = &args.customer
        && let Err(message) = is_pseudonymous(customer.trim())
    {
        bail!("--customer `{customer}` {message}");
    }
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

/// Asks for the incident (a choice among the register's incidents), the customer reference,
/// and what the customer asks for.
fn prompt_missing(register: &crate::snapshot::Snapshot, args: &mut Args) -> Result<()> {
    if args.incident.is_none() && !register.incidents.is_empty() {
        let labels: Vec<String> = register
            .incidents
            .iter()
            .map(|r| format!("{} {}", r.value.id, r.value.title))
            .collect();
        let i = prompt::choose("Incident", &labels, labels.len() - 1)?;
        args.incident = Some(register.incidents[i].value.id.to_string());
    }
    if args.customer.is_none() {
        args.customer = Some(prompt::text(
            "Customer reference (pseudonymous, e.g. CUST-20931)",
            is_pseudonymous,
        )?);
    }
    if args.kind.is_none() {
        let mut labels: Vec<String> = OFFER_TYPES.iter().map(|t| t.to_string()).collect();
        labels.push(NOT_SAID.to_string());
        let i = prompt::choose("What the customer asks for", &labels, 0)?;
        args.kind = OFFER_TYPES.get(i).map(|t| t.to_string());
    }
    if args.kind.is_some() && args.amount.is_none() {
        args.amount = prompt::parsed(
            "Amount asked for, e.g. 420.00 (blank for none)",
            false,
            money,
        )?;
    }
    Ok(())
}

/// The last choice of the request type: the customer did not say (no `requested:` is written).
const NOT_SAID: &str = "not said";
