//! `risk claim acknowledge`: the customer was told their claim was received.

use std::process::ExitCode;

use anyhow::{Result, bail};
use chrono::NaiveDate;

use super::claim_id;
use crate::cli::Ctx;
use crate::model::{Claim, Kind};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The claim's id, e.g. CLM-0001
    pub id: String,
    /// When it was acknowledged [default: today]
    #[arg(long)]
    pub on: Option<NaiveDate>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let id = claim_id(&args.id)?;
    let on = args.on.unwrap_or(ctx.today);
    let register = ctx.open(&[Kind::Claim])?;
    register.modify::<Claim>(&id, |c| {
        if let Some(before) = c.acknowledged {
            bail!("{id} was already acknowledged on {before}");
        }
        c.acknowledged = Some(on);
        Ok(())
    })?;
    ctx.say(&format!("Acknowledged {id} on {on}"))?;
    Ok(ExitCode::SUCCESS)
}
