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
use crate::model::claim::Channel;
use crate::model::{Id, Kind, Money};

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
