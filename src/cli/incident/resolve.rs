//! `risk incident resolve`: the incident is over for customers.

use std::process::ExitCode;

use anyhow::{Result, bail};

use super::{now, parse_time};
use crate::cli::{Ctx, parse_id};
use crate::model::incident::{IncidentStatus, Time};
use crate::model::{Incident, Kind};
use crate::rating::deadlines::add_days;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The incident's id, e.g. INC-0001
    pub id: String,
    /// When it was resolved (RFC 3339) [default: now; noon UTC of --today when given]
    #[arg(long, value_parser = parse_time)]
    pub at: Option<Time>,
    /// The root cause in one or two sentences
    #[arg(long, value_name = "TEXT")]
    pub root_cause: Option<String>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let id = parse_id(&args.id)?;
    if id.kind() != Some(Kind::Incident) {
        bail!("`{id}` is not an incident id (expected INC-NNNN)");
    }
    let at = args.at.unwrap_or_else(|| now(ctx));
    let tx = ctx.begin(&[Kind::Incident], &[])?;
    let register = tx.snapshot();
    let (_, change) = crate::ops::modify::<Incident>(register, &id, |i| {
        if i.status() == IncidentStatus::Closed {
            bail!("{id} is closed; reopen it with `risk incident update {id} --status open` first");
        }
        i.resolved = Some(at);
        if i.contained.is_none() {
            i.contained = Some(at); // what is resolved is contained
        }
        i.status = Some(IncidentStatus::Resolved);
        if let Some(text) = &args.root_cause {
            let rc = i
                .root_cause
                .get_or_insert_with(|| crate::model::incident::RootCause {
                    method: None,
                    whys: Vec::new(),
                    fishbone: Default::default(),
                    summary: None,
                });
            rc.summary = Some(text.clone());
        }
        Ok(())
    })?;
    let settings = register.settings.clone();
    tx.finish(&change.into_iter().collect::<Vec<_>>())?;
    let due = add_days(
        at.with_timezone(&chrono::Utc).date_naive(),
        settings.incident.review_within_days,
    );
    ctx.say(&format!(
        "Resolved {id} at {}; post-incident review due by {due} (`risk incident review {id}`)",
        at.to_rfc3339()
    ))?;
    Ok(ExitCode::SUCCESS)
}
