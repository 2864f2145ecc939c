//! `risk incident update`: change the facts of an incident as they become known.

use std::process::ExitCode;

use anyhow::Result;

use super::{TimeArg, incident_id, parse_money, parse_time, resolve, risk_ids};
use crate::cli::{Ctx, split_list};
use crate::model::incident::{IncidentStatus, RootCauseMethod};
use crate::model::{Kind, Money};
use crate::ops;
use crate::ops::incident::IncidentUpdate;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The incident's id, e.g. INC-0001
    pub id: String,
    /// New status
    #[arg(long, value_parser = ["open", "contained", "resolved", "closed"])]
    pub status: Option<String>,
    /// New severity 1..5
    #[arg(long)]
    pub severity: Option<u8>,
    /// New title
    #[arg(long)]
    pub title: Option<String>,
    /// New summary
    #[arg(long)]
    pub summary: Option<String>,
    /// Harms, comma-separated (replaces the list)
    #[arg(long, value_name = "HARM,...")]
    pub harms: Option<String>,
    /// Link another risk this incident realised (repeatable)
    #[arg(long = "risk", value_name = "RISK-ID")]
    pub risks: Vec<String>,
    /// When it started (YYYY-MM-DD HH:MM in the register's timezone, or RFC 3339)
    #[arg(long, value_parser = parse_time)]
    pub occurred: Option<TimeArg>,
    /// When it was contained (YYYY-MM-DD HH:MM in the register's timezone, or RFC 3339); an open incident becomes `contained`
    #[arg(long, value_parser = parse_time)]
    pub contained: Option<TimeArg>,
    /// How many customers are affected
    #[arg(long, value_name = "N")]
    pub customers_affected: Option<u64>,
    /// Whether personal data was breached
    #[arg(long, value_name = "BOOL")]
    pub personal_data_breach: Option<bool>,
    /// When the regulator was notified (YYYY-MM-DD HH:MM in the register's timezone, or RFC 3339)
    #[arg(long, value_parser = parse_time)]
    pub regulator_notified: Option<TimeArg>,
    /// Whether legal counsel was consulted
    #[arg(long, value_name = "BOOL")]
    pub legal_consulted: Option<bool>,
    /// Add a containment step (repeatable)
    #[arg(long = "containment", value_name = "TEXT")]
    pub containment: Vec<String>,
    /// Money set aside to compensate customers
    #[arg(long, value_parser = parse_money, value_name = "AMOUNT")]
    pub budget: Option<Money>,
    /// Root-cause method
    #[arg(long, value_parser = ["five_whys", "fishbone"])]
    pub root_cause_method: Option<String>,
    /// Add one answer to the five-whys chain (repeatable, in order)
    #[arg(long = "why", value_name = "TEXT")]
    pub whys: Vec<String>,
    /// The root cause in one or two sentences
    #[arg(long, value_name = "TEXT")]
    pub root_cause: Option<String>,
}

fn status(text: &str) -> IncidentStatus {
    match text {
        "contained" => IncidentStatus::Contained,
        "resolved" => IncidentStatus::Resolved,
        "closed" => IncidentStatus::Closed,
        _ => IncidentStatus::Open,
    }
}

fn root_cause_method(text: &str) -> Option<RootCauseMethod> {
    match text {
        "five_whys" => Some(RootCauseMethod::FiveWhys),
        "fishbone" => Some(RootCauseMethod::Fishbone),
        _ => None,
    }
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let id = incident_id(&args.id)?;
    let tx = ctx.begin(&[Kind::Risk, Kind::Incident], &[])?;
    let settings = &tx.snapshot().settings;
    let update = IncidentUpdate {
        status: args.status.as_deref().map(status),
        severity: args.severity,
        title: args.title,
        summary: args.summary,
        harms: args.harms.as_deref().map(split_list),
        risks: risk_ids(&args.risks)?,
        occurred: resolve(settings, "--occurred", args.occurred)?,
        contained: resolve(settings, "--contained", args.contained)?,
        customers_affected: args.customers_affected,
        personal_data_breach: args.personal_data_breach,
        regulator_notified: resolve(settings, "--regulator-notified", args.regulator_notified)?,
        legal_consulted: args.legal_consulted,
        containment: args.containment,
        budget: args.budget,
        root_cause_method: args
            .root_cause_method
            .as_deref()
            .and_then(root_cause_method),
        whys: args.whys,
        root_cause: args.root_cause,
    };
    let outcome = ops::incident::update(tx.snapshot(), &id, &update)?;
    tx.finish(&outcome.changes)?;
    ctx.say(&outcome.report)?;
    Ok(ExitCode::SUCCESS)
}
