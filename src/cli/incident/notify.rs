//! `risk incident notify`: record a communication about an incident.

use std::process::ExitCode;

use anyhow::{Result, bail};

use super::{now, parse_time};
use crate::cli::{Ctx, parse_id};
use crate::model::incident::{Communication, Time};
use crate::model::{Incident, Kind};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The incident's id, e.g. INC-0001
    pub id: String,
    /// How it was sent: sms, email, web, letter, phone, social ... (asked for at a terminal)
    #[arg(long)]
    pub channel: Option<String>,
    /// Who it went to; notices to `affected` customers meet the notify and update duties
    #[arg(long, default_value = "affected")]
    pub audience: String,
    /// What was said, in one line (asked for at a terminal)
    #[arg(long)]
    pub summary: Option<String>,
    /// When it was sent (RFC 3339) [default: now; noon UTC of --today when given]
    #[arg(long, value_parser = parse_time)]
    pub at: Option<Time>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let id = parse_id(&args.id)?;
    if id.kind() != Some(Kind::Incident) {
        bail!("`{id}` is not an incident id (expected INC-NNNN)");
    }
    let channel = ctx.ask(
        args.channel.clone(),
        "--channel",
        "Channel (sms, email, web ...)",
    )?;
    let summary = ctx.ask(
        args.summary.clone(),
        "--summary",
        "What was said, in one line",
    )?;
    if summary.trim().is_empty() {
        bail!("--summary must not be empty: say what was communicated");
    }
    let at = args.at.unwrap_or_else(|| now(ctx));
    let tx = ctx.begin(&[Kind::Incident], &[])?;
    let register = tx.snapshot();
    let (saved, change) = crate::ops::modify::<Incident>(register, &id, |i| {
        i.communications.push(Communication {
            at,
            channel: Some(channel.trim().to_string()),
            audience: Some(args.audience.trim().to_string()),
            summary: Some(summary.trim().to_string()),
        });
        i.communications.sort_by_key(|c| c.at);
        Ok(())
    })?;
    let settings = register.settings.clone();
    tx.finish(&change.into_iter().collect::<Vec<_>>())?;
    ctx.say(&format!(
        "Recorded on {id}: {} notice to {} at {}",
        channel,
        args.audience,
        at.to_rfc3339()
    ))?;
    if args.audience == "affected"
        && let Some(due) = crate::rating::duties::next_update_due(&settings, &saved)
    {
        ctx.say(&format!(
            "next update to affected customers due by {} (every {} hours while unresolved)",
            due.to_rfc3339(),
            settings.incident.update_every_hours
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}
