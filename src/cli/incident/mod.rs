//! `risk incident`: record what went wrong, from detection to the post-incident review.

mod add;
mod list;
mod notice;
mod notify;
mod resolve;
mod review;
mod show;
mod update;

use std::process::ExitCode;

use anyhow::{Result, bail};

use super::{Ctx, parse_id};
use crate::model::incident::Time;
use crate::model::{Id, Kind, Money};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Record a new incident; `--risk RISK-x` links the risk it realised and copies the
    /// risk's contingency plan into `containment`
    Add(add::Args),
    /// List incidents with their duties (closed ones with --all)
    List(list::Args),
    /// Show an incident with its duties and their deadlines
    Show(show::Args),
    /// Change an incident: status, containment, customers affected, root cause ...
    Update(update::Args),
    /// Record a communication to customers (or others) about an incident
    Notify(notify::Args),
    /// Record that an incident is resolved
    Resolve(resolve::Args),
    /// Record the post-incident review and its lessons learned
    Review(review::Args),
    /// Print a customer notice for an incident (it sends nothing)
    Notice(notice::Args),
}

pub fn run(ctx: &Ctx, command: Command) -> Result<ExitCode> {
    match command {
        Command::Add(args) => add::run(ctx, args),
        Command::List(args) => list::run(ctx, args),
        Command::Show(args) => show::run(ctx, args),
        Command::Update(args) => update::run(ctx, args),
        Command::Notify(args) => notify::run(ctx, args),
        Command::Resolve(args) => resolve::run(ctx, args),
        Command::Review(args) => review::run(ctx, args),
        Command::Notice(args) => notice::run(ctx, args),
    }
}

/// Parses an incident id given as the command's argument.
fn incident_id(text: &str) -> Result<Id> {
    let id = parse_id(text)?;
    if id.kind() != Some(Kind::Incident) {
        bail!("`{id}` is not an incident id (expected INC-NNNN)");
    }
    Ok(id)
}

/// Parses the ids given with `--risk`, in order.
fn risk_ids(texts: &[String]) -> Result<Vec<Id>> {
    texts
        .iter()
        .map(|text| {
            let id = parse_id(text)?;
            if id.kind() != Some(Kind::Risk) {
                bail!("--risk {id}: not a risk id (expected RISK-NNNN)");
            }
            Ok(id)
        })
        .collect()
}

/// The current time with the local offset, to the second; with `--today`, noon UTC of that
/// day, so that runs with a fixed date record fixed times.
pub fn now(ctx: &super::Ctx) -> Time {
    if let Some(day) = ctx.global.today {
        let noon = day.and_hms_opt(12, 0, 0).unwrap_or_default();
        return noon.and_utc().fixed_offset();
    }
    let now = chrono::Local::now().fixed_offset();
    now - chrono::Duration::nanoseconds(now.timestamp_subsec_nanos() as i64)
}

pub use crate::cli::dates::{TimeArg, parse_time};

/// Resolves a time flag in the register's `timezone` (times with an offset are kept as given).
pub fn resolve(
    settings: &crate::model::Settings,
    flag: &str,
    time: Option<TimeArg>,
) -> Result<Option<Time>> {
    let zone = crate::cli::dates::zone(&settings.timezone);
    time.map(|t| t.resolve(zone).map_err(|e| anyhow::anyhow!("{flag} {e}")))
        .transpose()
}

/// Parses an amount of money for a flag.
pub fn parse_money(text: &str) -> Result<Money, String> {
    Money::parse(text.trim())
}
