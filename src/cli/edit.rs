//! `risk edit`, `risk review` and `risk close`: change an existing record in place.

use std::process::ExitCode;

use anyhow::{Result, bail};
use chrono::NaiveDate;

use super::{Ctx, parse_id};
use crate::error::{InputError, Located};
use crate::model::risk::{Review, RiskStatus};
use crate::model::{Claim, Id, Incident, Kind, Risk};
use crate::rating;
use crate::register::{Loadable, Register, yaml};

#[derive(Debug, clap::Args)]
pub struct EditArgs {
    /// The record's id, e.g. RISK-0001
    pub id: String,
    /// KEY=VALUE to set; dotted keys reach inside (impact.financial=4, fmea.severity=7,
    /// review.every_days=60, actions.A1.owner=ann); an empty value removes the key
    #[arg(long = "set", value_name = "KEY=VALUE", required = true)]
    pub sets: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct ReviewArgs {
    /// The risk's id
    pub id: String,
    /// The date of the review [default: today]
    #[arg(long)]
    pub on: Option<NaiveDate>,
    /// From now on, review every N days
    #[arg(long, value_name = "DAYS")]
    pub every_days: Option<u32>,
}

#[derive(Debug, clap::Args)]
pub struct CloseArgs {
    /// The risk's id
    pub id: String,
}

pub fn run_edit(ctx: &Ctx, args: EditArgs) -> Result<ExitCode> {
    let id = parse_id(&args.id)?;
    let mut sets = Vec::new();
    for set in &args.sets {
        let Some((key, value)) = set.split_once('=') else {
            bail!("--set `{set}`: expected KEY=VALUE, e.g. --set owner=ops-lead");
        };
        if key.trim() == "id" {
            bail!(
                "--set id: ids are changed with `risk renumber {id}`, which also rewrites references"
            );
        }
        sets.push((key.trim().to_string(), value.trim().to_string()));
    }
    let kind = id
        .kind()
        .ok_or_else(|| anyhow::anyhow!("`{id}` is not a risk, incident or claim id"))?;
    let register = ctx.open(&[kind])?;
    let message = match kind {
        Kind::Risk => {
            let before = rating::current(&register.settings, &register.get::<Risk>(&id)?.value);
            let (risk, changed) = edit_with::<Risk>(&register, &id, &sets)?;
            let after = rating::current(&register.settings, &risk);
            let mut message = updated(&id, changed);
            if before != after {
                message.push_str(&format!(
                    ": score {} → {}, band {} → {}",
                    before.score, after.score, before.band, after.band
                ));
            }
            message
        }
        Kind::Incident => updated(&id, edit_with::<Incident>(&register, &id, &sets)?.1),
        Kind::Claim => updated(&id, edit_with::<Claim>(&register, &id, &sets)?.1),
    };
    ctx.say(&message)?;
    Ok(ExitCode::SUCCESS)
}

fn updated(id: &Id, changed: bool) -> String {
    if changed {
        format!("Updated {id}")
    } else {
        format!("No change to {id}: it already holds these values")
    }
}

/// Applies the edits; returns the record and whether anything changed.
fn edit_with<T: Loadable>(
    register: &Register,
    id: &Id,
    sets: &[(String, String)],
) -> Result<(T, bool)> {
    let record = register.get::<T>(id)?;
    let value: T = yaml::edit(&record.text, sets).map_err(|e| {
        InputError::from(Located {
            file: record.file.clone(),
            line: None,
            key: e.key,
            message: e.message,
        })
    })?;
    let saved = register.save_checked(record, value)?;
    let changed = saved != record.value;
    Ok((saved, changed))
}

pub fn run_review(ctx: &Ctx, args: ReviewArgs) -> Result<ExitCode> {
    let id = crate::model::Id::parse_kind(&args.id, Kind::Risk).map_err(anyhow::Error::msg)?;
    let register = ctx.open(&[Kind::Risk])?;
    let on = args.on.unwrap_or(ctx.today);
    let risk = register.modify::<Risk>(&id, |risk| {
        let review = risk.review.get_or_insert_with(Review::default);
        review.last = Some(on);
        if args.every_days.is_some() {
            review.every_days = args.every_days;
        }
        Ok(())
    })?;
    let band = rating::current(&register.settings, &risk).band;
    let next = rating::review_due(&register.settings, &risk, &band, ctx.today);
    ctx.say(&format!("Reviewed {id} on {on}; next review due {next}"))?;
    Ok(ExitCode::SUCCESS)
}

pub fn run_close(ctx: &Ctx, args: CloseArgs) -> Result<ExitCode> {
    let id = crate::model::Id::parse_kind(&args.id, Kind::Risk).map_err(anyhow::Error::msg)?;
    let register = ctx.open(&[Kind::Risk])?;
    let risk = register.modify::<Risk>(&id, |risk| {
        risk.status = Some(RiskStatus::Closed);
        Ok(())
    })?;
    let open = risk.actions.iter().filter(|a| a.is_open()).count();
    let mut message = format!("Closed {id}");
    if open > 0 {
        message.push_str(&format!(
            " ({open} action{} still open)",
            if open == 1 { "" } else { "s" }
        ));
    }
    ctx.say(&message)?;
    Ok(ExitCode::SUCCESS)
}
