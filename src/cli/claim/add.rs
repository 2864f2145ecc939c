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
    /// The incident the claim arises from, e.g. INC-0001
    #[arg(long)]
    pub incident: String,
    /// The customer's pseudonymous reference, e.g. CUST-20931 (never a name, e-mail or phone)
    #[arg(long)]
    pub customer: String,
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

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let incident = incident_id(&args.incident)?;
    if let Err(message) = is_pseudonymous(args.customer.trim()) {
        bail!("--customer: {message}");
    }
    let register = ctx.open(&[Kind::Incident])?;
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
        customer: args.customer.trim().to_string(),
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
