//! `risk claim add`: a claim received from one (pseudonymous) customer.

use std::process::ExitCode;

use anyhow::{Result, bail};
use chrono::NaiveDate;

use super::{channel, incident_id, money, request_type};
use crate::check::personal::is_pseudonymous;
use crate::cli::Ctx;
use crate::error::InputError;
use crate::model::claim::{Channel, ClaimStatus, Request};
use crate::model::{Claim, Id, Kind, Money};
use crate::register::{located, yaml};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The incident the claim arises from, e.g. INC-0001 (offered as a choice at a terminal)
    #[arg(long)]
    pub incident: Option<String>,
    /// The customer's pseudonymous reference, e.g. CUST-20931 (never a name, e-mail or phone)
    #[arg(long)]
    pub customer: Option<String>,
    /// When the claim was received [default: today]
    #[arg(long)]
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
    #[arg(long)]
    pub acknowledged: Option<NaiveDate>,
}

pub fn run(ctx: &Ctx, mut args: Args) -> Result<ExitCode> {
    let register = ctx.open(&[Kind::Incident])?;
    if ctx.interactive() {
        prompt_missing(&register, &mut args)?;
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
    let incident = incident_id(incident)?;
    let customer = customer.trim().to_string();
    if let Err(message) = is_pseudonymous(&customer) {
        bail!("--customer: {message}");
    }
    let detected = register.incident(&incident)?.value.detected.date_naive();
    let received = args.received.unwrap_or(ctx.today);
    if received > ctx.today {
        bail!("--received {received} is after today ({})", ctx.today);
    }
    if received < detected {
        bail!("--received {received} is before {incident} was detected ({detected})");
    }
    let template = Claim {
        id: Id::new(Kind::Claim, 0),
        incident: incident.clone(),
        customer,
        received,
        channel: args.channel,
        proactive: None,
        requested: args.kind.clone().map(|kind| Request {
            kind,
            amount: args.amount,
        }),
        evidence: args.evidence.clone(),
        status: Some(ClaimStatus::Received),
        acknowledged: args.acknowledged,
        assessment: None,
        offer: None,
        decision_note: None,
        accepted: None,
        paid: None,
        satisfaction: None,
    };
    let problems = template.validate(&register.settings);
    if !problems.is_empty() {
        let text = yaml::to_string(&template);
        return Err(InputError {
            problems: located("claim add", &text, problems),
        }
        .into());
    }
    let (id, file) = register.create(Kind::Claim, |id| Claim {
        id,
        ..template.clone()
    })?;
    ctx.say(&format!(
        "Added {id}: {} claims{} for {incident} in {file}",
        template.customer,
        template
            .requested
            .as_ref()
            .map(|r| match r.amount {
                Some(a) => format!(" a {} of {a}", r.kind),
                None => format!(" a {}", r.kind),
            })
            .unwrap_or_default()
    ))?;
    if ctx.global.quiet {
        ctx.print(&format!("{id}\n"))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Asks for the incident (a choice among the register's incidents) and the customer reference.
fn prompt_missing(register: &crate::register::Register, args: &mut Args) -> Result<()> {
    let theme = dialoguer::theme::ColorfulTheme::default();
    if args.incident.is_none() && !register.incidents.is_empty() {
        let labels: Vec<String> = register
            .incidents
            .iter()
            .map(|r| format!("{} {}", r.value.id, r.value.title))
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
