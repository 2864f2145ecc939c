//! `risk claim offer-all`: proactive compensation for every affected customer of an incident,
//! each a claim (`proactive: true`) carrying the offer the policy gives. All rows are checked
//! before anything is written.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, bail};
use chrono::NaiveDate;

use super::import::read_csv;
use super::{incident_id, request_type};
use crate::check::personal::is_pseudonymous;
use crate::cli::Ctx;
use crate::error::{Error, Located};
use crate::model::claim::{Assessment, Channel, ClaimStatus, Offer, Request};
use crate::model::{Claim, Id, Kind, Money};
use crate::ops;
use crate::rating::compensation::offer_counts;
use crate::rating::policy::assess_within;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The incident whose customers are compensated
    #[arg(long)]
    pub incident: String,
    /// A CSV file with a `customer` column of pseudonymous references (other columns ignored)
    #[arg(long, value_name = "FILE.csv")]
    pub customers: PathBuf,
    /// Match the policy's rules as for requests of this type
    #[arg(long = "type", value_parser = request_type, value_name = "TYPE")]
    pub kind: Option<String>,
    /// The date of the offers [default: today]
    #[arg(long)]
    pub on: Option<NaiveDate>,
    /// Who made the offers (a person or team handle)
    #[arg(long)]
    pub by: Option<String>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let incident_id = incident_id(&args.incident)?;
    let on = args.on.unwrap_or(ctx.today);
    let tx = ctx.begin(&[Kind::Incident, Kind::Claim], &[])?;
    let register = tx.snapshot();
    let incident = &register.incident(&incident_id)?.value;
    let settings = &register.settings;
    let mut problems = Vec::new();
    let table = read_csv(&args.customers, &["customer"], None, &mut problems)?;
    let existing: BTreeMap<&str, &Id> = register
        .claims
        .iter()
        .map(|r| &r.value)
        .filter(|c| c.incident == incident_id)
        .map(|c| (c.customer.as_str(), &c.id))
        .collect();
    // Each customer's committed offers, summed once: the per-customer limit for every row.
    let mut committed: BTreeMap<&str, Money> = BTreeMap::new();
    for c in register
        .claims
        .iter()
        .map(|r| &r.value)
        .filter(|c| offer_counts(c))
    {
        if let Some(o) = &c.offer {
            *committed.entry(c.customer.as_str()).or_default() += o.amount;
        }
    }
    let limit = settings.compensation.per_customer_limit;
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut planned: Vec<(String, String, Money, String)> = Vec::new();
    let mut rule_used: Option<String> = None;
    for (line, record) in &table.rows {
        let mut bad = |message: String| {
            problems.push(Located {
                file: table.file.clone(),
                line: Some(*line),
                key: Some("customer".into()),
                message,
            })
        };
        let customer = table.cell(record, "customer").unwrap_or("").to_string();
        if let Err(m) = is_pseudonymous(&customer) {
            bad(m);
            continue;
        }
        if let Some(first) = seen.insert(customer.clone(), *line) {
            bad(format!("{customer} is also on line {first}"));
            continue;
        }
        if let Some(id) = existing.get(customer.as_str()) {
            bad(format!(
                "{customer} already has a claim for {incident_id}: {id}"
            ));
            continue;
        }
        let probe = Claim {
            id: Id::new(Kind::Claim, 0),
            incident: incident_id.clone(),
            customer: customer.clone(),
            received: on,
            channel: Some(Channel::Proactive),
            proactive: Some(true),
            requested: args.kind.clone().map(|kind| Request { kind, amount: None }),
            evidence: Vec::new(),
            status: None,
            acknowledged: None,
            assessment: None,
            offer: None,
            decision_note: None,
            accepted: None,
            paid: None,
            satisfaction: None,
        };
        let left = limit.saturating_sub(
            committed
                .get(customer.as_str())
                .copied()
                .unwrap_or_default(),
        );
        let outcome = assess_within(settings, incident, &probe, left);
        let (Some(rule), Some((kind, amount))) = (outcome.rule, outcome.offer) else {
            let reasons: Vec<String> = outcome
                .skipped
                .iter()
                .map(|(r, why)| format!("rule {r}: {why}"))
                .collect();
            bail!(
                "no rule of the compensation policy gives {incident_id} a proactive offer{}{}",
                if reasons.is_empty() {
                    " (the policy has no rules)"
                } else {
                    ":\n  "
                },
                reasons.join("\n  ")
            );
        };
        if amount.minor() == 0 {
            bad(format!(
                "{customer} has nothing left of the per-customer limit {}",
                settings.compensation.per_customer_limit
            ));
            continue;
        }
        rule_used = Some(rule.clone());
        planned.push((
            customer,
            kind,
            amount,
            format!("rule {rule}: {}", outcome.steps.join("; ")),
        ));
    }
    if !problems.is_empty() {
        let n = problems.len();
        problems.insert(
            0,
            Located {
                file: table.file.clone(),
                line: None,
                key: None,
                message: format!("{n} problem(s); no offer was made"),
            },
        );
        return Err(Error::input(problems).into());
    }
    if planned.is_empty() {
        bail!("{}: no customers in the file (only a header)", table.file);
    }
    let rule = rule_used.unwrap_or_default();
    let written = ops::create_many(
        register,
        Kind::Claim,
        &planned,
        |id, (customer, kind, amount, reason)| Claim {
            id,
            incident: incident_id.clone(),
            customer: customer.clone(),
            received: on,
            channel: Some(Channel::Proactive),
            proactive: Some(true),
            requested: None,
            evidence: Vec::new(),
            status: Some(ClaimStatus::Offered),
            acknowledged: Some(on),
            assessment: Some(Assessment {
                on,
                by: args.by.clone(),
                eligible: true,
                rule: Some(rule.clone()),
                third_party: None,
                notes: Some("proactive offer to an affected customer".into()),
            }),
            offer: Some(Offer {
                on,
                kind: kind.clone(),
                amount: *amount,
                reason: Some(reason.clone()),
                override_reason: None,
            }),
            decision_note: None,
            accepted: None,
            paid: None,
            satisfaction: None,
        },
    )?;
    let total: Money = planned.iter().map(|p| p.2).sum();
    let currency = settings.currency.clone();
    let (written, changes): (Vec<_>, Vec<_>) = written
        .into_iter()
        .map(|(id, _, change)| (id, change))
        .unzip();
    tx.finish(&changes)?;
    ctx.say(&format!(
        "Offered {} customer(s) of {incident_id} compensation under rule {rule}: {total} {} in all, claims {}..{}",
        written.len(),
        currency,
        written[0],
        written[written.len() - 1]
    ))?;
    Ok(ExitCode::SUCCESS)
}
