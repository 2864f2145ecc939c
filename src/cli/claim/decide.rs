//! `risk claim decide`: how a claim ended: accepted, declined, rejected or withdrawn.

use std::process::ExitCode;

use anyhow::{Result, bail};
use chrono::NaiveDate;

use super::claim_id;
use crate::cli::Ctx;
use crate::model::claim::ClaimStatus;
use crate::model::{Claim, Kind};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Outcome {
    /// The customer accepted the offer (payment falls due)
    Accept,
    /// The customer declined the offer
    Decline,
    /// The claim is rejected (give the reason with --note)
    Reject,
    /// The customer withdrew the claim
    Withdraw,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The claim's id, e.g. CLM-0001
    pub id: String,
    /// The outcome
    pub outcome: Outcome,
    /// A note for the record (the reason for a rejection)
    #[arg(long)]
    pub note: Option<String>,
    /// The date of the outcome [default: today]
    #[arg(long)]
    pub on: Option<NaiveDate>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let id = claim_id(&args.id)?;
    let on = args.on.unwrap_or(ctx.today);
    if args.outcome == Outcome::Reject && args.note.as_deref().is_none_or(|n| n.trim().is_empty()) {
        bail!("a rejection needs its reason: --note \"...\"");
    }
    let register = ctx.open(&[Kind::Claim])?;
    let saved = register.modify::<Claim>(&id, |c| {
        let status = c.status();
        if matches!(status, ClaimStatus::Paid | ClaimStatus::Rejected | ClaimStatus::Withdrawn) {
            bail!("{id} is already {}", status.as_str());
        }
        if on < c.received {
            bail!("--on {on} is before the claim was received ({})", c.received);
        }
        match args.outcome {
            Outcome::Accept | Outcome::Decline => {
                let Some(offer) = &c.offer else {
                    bail!("{id} has no offer to accept or decline; assess it (`risk claim assess {id}`) or make one (`risk claim offer {id}`)");
                };
                if on < offer.on {
                    bail!("--on {on} is before the offer was made ({})", offer.on);
                }
                if status == ClaimStatus::Accepted {
                    bail!("{id} is already accepted");
                }
                if args.outcome == Outcome::Accept {
                    c.accepted = Some(on);
                    c.status = Some(ClaimStatus::Accepted);
                } else {
                    c.status = Some(ClaimStatus::Declined);
                }
            }
            Outcome::Reject => {
                if status == ClaimStatus::Accepted {
                    bail!("{id} was accepted; pay it, or record that the customer withdrew it");
                }
                c.status = Some(ClaimStatus::Rejected);
            }
            Outcome::Withdraw => c.status = Some(ClaimStatus::Withdrawn),
        }
        if let Some(note) = args.note.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            c.decision_note = Some(note.to_string());
        }
        Ok(())
    })?;
    let mut text = format!("{id} is {} ({on})", saved.status().as_str());
    if saved.status() == ClaimStatus::Accepted {
        let due =
            crate::rating::deadlines::add_days(on, register.settings.compensation.pay_within_days);
        text.push_str(&format!("; payment due by {due} (`risk claim pay {id}`)"));
    }
    ctx.say(&text)?;
    Ok(ExitCode::SUCCESS)
}
