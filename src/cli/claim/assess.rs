//! `risk claim assess`: the claim against the written compensation policy (DESIGN 6.5).

use std::process::ExitCode;

use anyhow::{Result, bail};
use chrono::NaiveDate;

use super::claim_id;
use crate::cli::Ctx;
use crate::model::claim::{Assessment, ClaimStatus, Offer};
use crate::model::{Claim, Kind, Money};
use crate::rating::policy::{assess, why_it_applies};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The claim's id, e.g. CLM-0001
    pub id: String,
    /// Who assessed it (a person or team handle)
    #[arg(long)]
    pub by: Option<String>,
    /// The date of the assessment [default: today]
    #[arg(long)]
    pub on: Option<NaiveDate>,
    /// A note for the record
    #[arg(long)]
    pub notes: Option<String>,
    /// The harm was caused by a third party
    #[arg(long)]
    pub third_party: bool,
    /// Print the outcome; record nothing
    #[arg(long)]
    pub dry_run: bool,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let id = claim_id(&args.id)?;
    let on = args.on.unwrap_or(ctx.today);
    let register = ctx.open(&[Kind::Incident, Kind::Claim])?;
    let claim = &register.claim(&id)?.value;
    match claim.status() {
        ClaimStatus::Accepted | ClaimStatus::Paid => bail!(
            "{id} is {}: its offer was accepted and stands; it cannot be assessed again",
            claim.status().as_str()
        ),
        ClaimStatus::Rejected | ClaimStatus::Withdrawn => {
            bail!("{id} is {}; it cannot be assessed", claim.status().as_str())
        }
        _ => {}
    }
    if on < claim.received {
        bail!(
            "--on {on} is before the claim was received ({})",
            claim.received
        );
    }
    let incident = &register.incident(&claim.incident)?.value;
    let settings = &register.settings;
    let outcome = assess(
        settings,
        incident,
        claim,
        register.claims.iter().map(|r| &r.value),
    );
    let mut lines = Vec::new();
    for (rule, why) in &outcome.skipped {
        lines.push(format!("rule {rule} does not apply: {why}"));
    }
    let mut notes: Vec<String> = Vec::new();
    let offer: Option<(String, Money)> = match (&outcome.rule, &outcome.offer) {
        (Some(rule_id), Some((kind, amount))) => {
            let rule = settings
                .compensation
                .rules
                .iter()
                .find(|r| &r.id == rule_id)
                .expect("the rule applied");
            lines.push(format!(
                "rule {rule_id} applies: {}",
                why_it_applies(rule, incident, claim)
            ));
            for step in &outcome.steps {
                lines.push(format!("  {step}"));
            }
            if amount.minor() == 0 {
                lines.push(format!(
                    "no offer: {} has nothing left of the per-customer limit {}",
                    claim.customer, settings.compensation.per_customer_limit
                ));
                notes.push(format!(
                    "eligible under {rule_id}, but the per-customer limit is used up"
                ));
                None
            } else {
                lines.push(format!("offer: {kind} {amount} {}", settings.currency));
                Some((kind.clone(), *amount))
            }
        }
        _ => {
            let reason = if settings.compensation.rules.is_empty() {
                "the policy has no rules (settings compensation.rules)".to_string()
            } else {
                "no rule of the compensation policy applies".to_string()
            };
            lines.push(format!("not eligible under policy: {reason}"));
            notes.push(format!("not eligible under policy: {reason}"));
            notes.extend(outcome.skipped.iter().map(|(r, why)| format!("{r}: {why}")));
            None
        }
    };
    if let Some(n) = &args.notes {
        notes.insert(0, n.clone());
    }
    let mut text = format!("{id} ({}, {}):\n", claim.customer, claim.incident);
    for line in &lines {
        text.push_str(&format!("  {line}\n"));
    }
    if args.dry_run {
        text.push_str("(dry run: nothing recorded)\n");
        ctx.print(&text)?;
        return Ok(ExitCode::SUCCESS);
    }
    let rule = outcome.rule.clone();
    let steps = outcome.steps.join("; ");
    register.modify::<Claim>(&id, |c: &mut Claim| {
        c.assessment = Some(Assessment {
            on,
            by: args.by.clone().filter(|b| !b.trim().is_empty()),
            eligible: rule.is_some(),
            rule: rule.clone(),
            third_party: args.third_party.then_some(true),
            notes: (!notes.is_empty()).then(|| notes.join("; ")),
        });
        match &offer {
            Some((kind, amount)) => {
                c.offer = Some(Offer {
                    on,
                    kind: kind.clone(),
                    amount: *amount,
                    reason: Some(format!(
                        "rule {}: {steps}",
                        rule.as_deref().unwrap_or_default()
                    )),
                    override_reason: None,
                });
                c.status = Some(ClaimStatus::Offered);
            }
            None => {
                c.offer = None;
                c.status = Some(ClaimStatus::Assessing);
            }
        }
        Ok(())
    })?;
    if offer.is_none() {
        text.push_str(&format!(
            "recorded the assessment; reject the claim with `risk claim decide {id} reject --note ...`, or make an offer by hand with `risk claim offer {id} --amount ...`\n"
        ));
    } else {
        text.push_str("recorded the assessment and the offer\n");
    }
    ctx.print(&text)?;
    Ok(ExitCode::SUCCESS)
}
