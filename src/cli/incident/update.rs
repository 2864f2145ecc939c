//! `risk incident update`: change the facts of an incident as they become known.

use std::process::ExitCode;

use anyhow::{Result, bail};

use super::{parse_money, parse_time};
use crate::cli::{Ctx, parse_id, split_list};
use crate::model::incident::{IncidentStatus, RootCause, RootCauseMethod, Time};
use crate::model::{Incident, Kind, Money};

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
    /// When it started (RFC 3339)
    #[arg(long, value_parser = parse_time)]
    pub occurred: Option<Time>,
    /// When it was contained (RFC 3339); an open incident becomes `contained`
    #[arg(long, value_parser = parse_time)]
    pub contained: Option<Time>,
    /// How many customers are affected
    #[arg(long, value_name = "N")]
    pub customers_affected: Option<u64>,
    /// Whether personal data was breached
    #[arg(long, value_name = "BOOL")]
    pub personal_data_breach: Option<bool>,
    /// When the regulator was notified (RFC 3339)
    #[arg(long, value_parser = parse_time)]
    pub regulator_notified: Option<Time>,
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

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let id = parse_id(&args.id)?;
    if id.kind() != Some(Kind::Incident) {
        bail!("`{id}` is not an incident id (expected INC-NNNN)");
    }
    let mut links = Vec::new();
    for text in &args.risks {
        let risk = parse_id(text)?;
        if risk.kind() != Some(Kind::Risk) {
            bail!("--risk {risk}: not a risk id (expected RISK-NNNN)");
        }
        links.push(risk);
    }
    let tx = ctx.begin(&[Kind::Risk, Kind::Incident], &[])?;
    let register = tx.snapshot();
    for risk in &links {
        register.risk(risk)?;
    }
    let mut changes: Vec<String> = Vec::new();
    let (_, change) = crate::ops::modify::<Incident>(register, &id, |i| {
        let mut note = |what: &str| changes.push(what.to_string());
        if let Some(s) = &args.status {
            i.status = Some(status(s));
            note("status");
        }
        if let Some(v) = args.severity {
            i.severity = v;
            note("severity");
        }
        if let Some(v) = &args.title {
            i.title = v.trim().to_string();
            note("title");
        }
        if let Some(v) = &args.summary {
            i.summary = Some(v.clone()).filter(|s| !s.trim().is_empty());
            note("summary");
        }
        if let Some(v) = &args.harms {
            i.harms = split_list(v);
            note("harms");
        }
        for risk in &links {
            if !i.risks.contains(risk) {
                i.risks.push(risk.clone());
            }
            note("risks");
        }
        if let Some(v) = args.occurred {
            i.occurred = Some(v);
            note("occurred");
        }
        if let Some(v) = args.contained {
            i.contained = Some(v);
            if i.status() == IncidentStatus::Open && args.status.is_none() {
                i.status = Some(IncidentStatus::Contained);
            }
            note("contained");
        }
        if let Some(v) = args.customers_affected {
            i.customers_affected = Some(v);
            note("customers_affected");
        }
        if let Some(v) = args.personal_data_breach {
            i.personal_data_breach = Some(v);
            note("personal_data_breach");
        }
        if let Some(v) = args.regulator_notified {
            i.regulator_notified = Some(v);
            note("regulator_notified");
        }
        if let Some(v) = args.legal_consulted {
            i.legal_consulted = Some(v);
            note("legal_consulted");
        }
        if !args.containment.is_empty() {
            i.containment.extend(args.containment.iter().cloned());
            note("containment");
        }
        if let Some(v) = args.budget {
            i.compensation_budget = Some(v);
            note("compensation_budget");
        }
        if args.root_cause_method.is_some() || !args.whys.is_empty() || args.root_cause.is_some() {
            let rc = i.root_cause.get_or_insert_with(|| RootCause {
                method: None,
                whys: Vec::new(),
                fishbone: Default::default(),
                summary: None,
            });
            match args.root_cause_method.as_deref() {
                Some("five_whys") => rc.method = Some(RootCauseMethod::FiveWhys),
                Some("fishbone") => rc.method = Some(RootCauseMethod::Fishbone),
                _ => {}
            }
            if !args.whys.is_empty() && rc.method.is_none() {
                rc.method = Some(RootCauseMethod::FiveWhys);
            }
            rc.whys.extend(args.whys.iter().cloned());
            if let Some(s) = &args.root_cause {
                rc.summary = Some(s.clone());
            }
            note("root_cause");
        }
        if changes.is_empty() {
            bail!("nothing to update: give at least one flag (see `risk incident update --help`)");
        }
        Ok(())
    })?;
    tx.finish(&change.into_iter().collect::<Vec<_>>())?;
    changes.dedup();
    ctx.say(&format!("Updated {id}: {}", changes.join(", ")))?;
    Ok(ExitCode::SUCCESS)
}
