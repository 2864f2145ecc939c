//! `risk incident notify`: record a communication about an incident.

use std::process::ExitCode;

use anyhow::Result;

use super::{TimeArg, incident_id, now, parse_time, resolve};
use crate::cli::Ctx;
use crate::model::Kind;
use crate::ops;

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
    /// When it was sent (YYYY-MM-DD HH:MM in the register's timezone, or RFC 3339) [default: now; noon UTC of --today when given]
    #[arg(long, value_parser = parse_time)]
    pub at: Option<TimeArg>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let id = incident_id(&args.id)?;
    if args.channel.is_none() || args.summary.is_none() {
        // Flags first: the incident must exist and --at be recordable before anyone is asked
        // anything (read without the lock, so a person may take their time).
        let register = ctx.open(&[Kind::Incident])?;
        register.incident(&id)?;
        if let Some(at) = resolve(&register.settings, "--at", args.at)? {
            crate::ops::lifecycle::not_future("--at", at.date_naive(), ctx.today)?;
        }
    }
    let channel = ctx.ask(args.channel, "--channel", "Channel (sms, email, web ...)")?;
    let summary = ctx.ask(args.summary, "--summary", "What was said, in one line")?;
    let tx = ctx.begin(&[Kind::Incident], &[])?;
    let at = resolve(&tx.snapshot().settings, "--at", args.at)?;
    if let Some(at) = at {
        crate::ops::lifecycle::not_future("--at", at.date_naive(), ctx.today)?;
    }
    let notice = ops::incident::Notification {
        at: at.unwrap_or_else(|| now(ctx)),
        channel,
        audience: args.audience,
        summary,
    };
    let outcome = ops::incident::notify(tx.snapshot(), &id, &notice)?;
    tx.finish(&outcome.changes)?;
    ctx.say(&outcome.report)?;
    Ok(ExitCode::SUCCESS)
}
