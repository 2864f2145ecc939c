//! `risk claim pay`: an accepted offer was paid.

use std::process::ExitCode;

use anyhow::{Result, bail};
use chrono::NaiveDate;

use super::claim_id;
use crate::cli::Ctx;
use crate::model::claim::ClaimStatus;
use crate::model::{Claim, Kind};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The claim's id, e.g. CLM-0001
    pub id: String,
    /// When it was paid [default: today]
    #[arg(long)]
    pub on: Option<NaiveDate>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let id = claim_id(&args.id)?;
    let on = args.on.unwrap_or(ctx.today);
    let register = ctx.open(&[Kind::Claim])?;
    let saved = register.modify::<Claim>(&id, |c| {
        match c.status() {
            ClaimStatus::Accepted => {}
            ClaimStatus::Paid => bail!("{id} was already paid on {}", c.paid.map(|d| d.to_string()).unwrap_or_default()),
            other => bail!(
                "{id} is {}, not accepted; record the customer's acceptance first with `risk claim decide {id} accept`",
                other.as_str()
            ),
        }
        if let Some(accepted) = c.accepted
            && on < accepted {
                bail!("--on {on} is before the offer was accepted ({accepted})");
            }
        c.paid = Some(on);
        c.status = Some(ClaimStatus::Paid);
        Ok(())
    })?;
    let amount = saved
        .offer
        .as_ref()
        .map(|o| o.amount.to_string())
        .unwrap_or_default();
    ctx.say(&format!(
        "Paid {id}: {amount} {} on {on}",
        register.settings.currency
    ))?;
    Ok(ExitCode::SUCCESS)
}
