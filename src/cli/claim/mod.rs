//! `risk claim`: compensation claims, from receipt through assessment against the written
//! policy to payment, one at a time or by the thousand for a mass event.

mod acknowledge;
mod add;
mod assess;
mod decide;
pub(super) mod import;
mod list;
mod offer;
mod offer_all;
mod pay;
mod show;

use std::process::ExitCode;

use anyhow::{Result, bail};

use super::{Ctx, parse_id};
use crate::model::claim::{Channel, ClaimStatus};
use crate::model::{Claim, Id, Kind, Money};
use crate::ops::Outcome;
use crate::ops::claim_batch::{Selection, select, step_all};
use crate::snapshot::Snapshot;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Record a claim received from a customer
    Add(add::Args),
    /// List claims with their status, offer and next deadline
    List(list::Args),
    /// Show a claim with its deadlines and what is left of the customer's limit
    Show(show::Args),
    /// Record that a claim was acknowledged to the customer
    Acknowledge(acknowledge::Args),
    /// Assess a claim against the compensation policy and record the offer it gives
    Assess(assess::Args),
    /// Make (or change) an offer by hand, within the policy limits unless --override
    Offer(offer::Args),
    /// Record the outcome: the customer accepted or declined the offer, or the claim was
    /// rejected or withdrawn
    Decide(decide::Args),
    /// Record that an accepted offer was paid
    Pay(pay::Args),
    /// Import claims for one incident from CSV: customer,received,type,amount[,channel,evidence,ref]
    ///
    /// Every row is checked before anything is written. Running the import again never
    /// duplicates a claim: a row whose `ref` equals a claim's `ref` is that claim; otherwise a
    /// row is a claim of the incident with the same customer, received date, type and amount
    /// (the Nth such row of the file the Nth such claim, so a row the file holds twice is two
    /// claims; a row with a `ref` is not taken for a claim with another `ref`). Those rows are
    /// reported as already there, so an import killed half way is finished by running it again.
    Import(import::Args),
    /// Offer compensation proactively to every customer in a CSV (column `customer`)
    ///
    /// Every row is checked before anything is written. A customer who already has a
    /// proactive claim for the incident is skipped and reported as already there, so running
    /// it again (on any day) finishes a batch that was cut short and never duplicates it. A
    /// customer who made a claim of their own for the incident is a bad row.
    OfferAll(offer_all::Args),
}

pub fn run(ctx: &Ctx, command: Command) -> Result<ExitCode> {
    match command {
        Command::Add(args) => add::run(ctx, args),
        Command::List(args) => list::run(ctx, args),
        Command::Show(args) => show::run(ctx, args),
        Command::Acknowledge(args) => acknowledge::run(ctx, args),
        Command::Assess(args) => assess::run(ctx, args),
        Command::Offer(args) => offer::run(ctx, args),
        Command::Decide(args) => decide::run(ctx, args),
        Command::Pay(args) => pay::run(ctx, args),
        Command::Import(args) => import::run(ctx, args),
        Command::OfferAll(args) => offer_all::run(ctx, args),
    }
}

/// A claim id from the command line.
fn claim_id(text: &str) -> Result<Id> {
    let id = parse_id(text)?;
    if id.kind() != Some(Kind::Claim) {
        bail!("`{id}` is not a claim id (expected CLM-NNNN)");
    }
    Ok(id)
}

/// An incident id from the command line.
fn incident_id(text: &str) -> Result<Id> {
    let id = parse_id(text)?;
    if id.kind() != Some(Kind::Incident) {
        bail!("`{id}` is not an incident id (expected INC-NNNN)");
    }
    Ok(id)
}

fn channel(text: &str) -> Result<Channel, String> {
    Channel::parse(text)
}

fn money(text: &str) -> Result<Money, String> {
    Money::parse(text.trim())
}

/// The request types of DESIGN section 4.
fn request_type(text: &str) -> Result<String, String> {
    crate::model::claim::parse_type(text)
}

/// The claims a lifecycle step takes when no ids are given (a filter), and whether it is only
/// a dry run. The claims are taken all or nothing.
#[derive(Debug, clap::Args)]
pub struct Targets {
    /// Instead of ids: every claim of this incident (narrowed by --status)
    #[arg(long, value_name = "INC-ID")]
    pub incident: Option<String>,
    /// Instead of ids: every claim with one of these statuses, e.g. received,assessing
    #[arg(long, value_delimiter = ',', value_parser = status)]
    pub status: Vec<ClaimStatus>,
    /// Print what would change; write nothing
    #[arg(long)]
    pub dry_run: bool,
}

impl Targets {
    fn selection(&self, ids: &[String]) -> Result<Selection> {
        if !ids.is_empty() && (self.incident.is_some() || !self.status.is_empty()) {
            bail!("give the claims' ids or a filter (--incident, --status), not both");
        }
        Ok(Selection {
            ids: ids.iter().map(|t| claim_id(t)).collect::<Result<_>>()?,
            incident: self.incident.as_deref().map(incident_id).transpose()?,
            statuses: self.status.clone(),
        })
    }
}

/// Takes every targeted claim through `step` on a working copy, then writes all of it in one
/// change, or nothing when one claim fails or on a dry run. A filter keeps only the claims
/// `wanted` keeps. `long` reports (assess) are printed as they are, the others said.
fn run_steps(
    ctx: &Ctx,
    ids: &[String],
    targets: &Targets,
    kinds: &[Kind],
    wanted: impl Fn(&Claim) -> bool,
    long: bool,
    step: impl Fn(&Snapshot, &Id) -> Result<Outcome<String>>,
) -> Result<ExitCode> {
    let selection = targets.selection(ids)?;
    let mut kinds = kinds.to_vec();
    if selection.incident.is_some() && !kinds.contains(&Kind::Incident) {
        kinds.push(Kind::Incident);
    }
    let mut tx = ctx.begin(&kinds, &[])?;
    let ids = select(tx.snapshot(), &selection, wanted)?;
    if ids.is_empty() {
        ctx.say("No claim matches the filter; nothing to do")?;
        return Ok(ExitCode::SUCCESS);
    }
    let outcome = step_all(tx.snapshot_mut(), &ids, step)?;
    let mut text = String::new();
    for report in &outcome.report {
        text.push_str(report);
        if !report.ends_with('\n') {
            text.push('\n');
        }
    }
    if targets.dry_run {
        drop(tx);
        text.push_str("(dry run: nothing recorded)\n");
        ctx.print(&crate::output::escape::terminal(&text))?;
        return Ok(ExitCode::SUCCESS);
    }
    tx.finish(&outcome.changes)?;
    if long {
        ctx.print(&crate::output::escape::terminal(&text))?;
    } else {
        ctx.say(text.trim_end())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// A claim status from the command line.
fn status(text: &str) -> Result<ClaimStatus, String> {
    ClaimStatus::ALL
        .into_iter()
        .find(|s| s.as_str() == text.trim())
        .ok_or_else(|| {
            let names: Vec<&str> = ClaimStatus::ALL.iter().map(|s| s.as_str()).collect();
            format!("unknown status `{text}`; one of {}", names.join(", "))
        })
}
