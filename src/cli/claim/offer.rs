//! `risk claim offer`: an offer made by hand, held to the policy limits unless overridden.

use std::process::ExitCode;

use anyhow::{Result, bail};
use chrono::NaiveDate;

use super::{claim_id, money, request_type};
use crate::cli::Ctx;
use crate::model::claim::{ClaimStatus, Offer};
use crate::model::{Claim, Kind, Money};
use crate::rating::policy::{exceeded, limits};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The claim's id, e.g. CLM-0001
    pub id: String,
    /// The amount offered, e.g. 150.00
    #[arg(long, value_parser = money)]
    pub amount: Money,
    /// What is offered [default: the type requested]
    #[arg(long = "type", value_parser = request_type, value_name = "TYPE")]
    pub kind: Option<String>,
    /// Why this offer, for the record
    #[arg(long)]
    pub reason: Option<String>,
    /// Make an offer above the policy limits anyway, recording why
    #[arg(long = "override", value_name = "REASON")]
    pub override_reason: Option<String>,
    /// The date of the offer [default: today]
    #[arg(long)]
    pub on: Option<NaiveDate>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let id = claim_id(&args.id)?;
    let on = args.on.unwrap_or(ctx.today);
    let register = ctx.open(&[Kind::Incident, Kind::Claim])?;
    let claim = &register.claim(&id)?.value;
    if matches!(
        claim.status(),
        ClaimStatus::Accepted | ClaimStatus::Paid | ClaimStatus::Rejected | ClaimStatus::Withdrawn
    ) {
        bail!(
            "{id} is {}; an offer can no longer be made",
            claim.status().as_str()
        );
    }
    if on < claim.received {
        bail!(
            "--on {on} is before the claim was received ({})",
            claim.received
        );
    }
    let kind = match (&args.kind, &claim.requested) {
        (Some(k), _) => k.clone(),
        (None, Some(r)) => r.kind.clone(),
        (None, None) => bail!("{id} requests nothing; say what is offered with --type"),
    };
    let overriding = args
        .override_reason
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    if args.override_reason.is_some() && overriding.is_none() {
        bail!(
            "--override needs a reason, e.g. --override \"vulnerable customer, agreed by the head of service\""
        );
    }
    let others = register.claims.iter().map(|r| &r.value);
    let limits = limits(&register.settings, claim, others);
    let above = exceeded(&limits, args.amount);
    if let (Some(limit), None) = (above, overriding) {
        bail!(
            "{id}: the offer {} is above {} ({}); offer less, or pass --override \"reason\" to make it anyway and record why",
            args.amount,
            limit.amount,
            limit.what
        );
    }
    register.modify::<Claim>(&id, |c| {
        c.offer = Some(Offer {
            on,
            kind: kind.clone(),
            amount: args.amount,
            reason: args.reason.clone(),
            override_reason: above.and(overriding).map(String::from),
        });
        c.status = Some(ClaimStatus::Offered);
        Ok(())
    })?;
    let mut text = format!(
        "Offered {id}: {kind} {} {}",
        args.amount, register.settings.currency
    );
    if let (Some(limit), Some(reason)) = (above, overriding) {
        text.push_str(&format!(
            " (above {}, {}; override recorded: {reason})",
            limit.amount, limit.what
        ));
    }
    ctx.say(&text)?;
    Ok(ExitCode::SUCCESS)
}
