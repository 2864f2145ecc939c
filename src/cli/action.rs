//! `risk action add` and `risk action done`: actions on risks and incidents.

use std::process::ExitCode;

use anyhow::{Context, Result};
use chrono::NaiveDate;

use super::{Ctx, prompt};
use crate::model::{Kind, Money};
use crate::ops;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Add an action to a risk or incident
    Add(AddArgs),
    /// Mark an action done: `risk action done RISK-0001/A1`
    Done(DoneArgs),
    /// Mark an action in progress: `risk action start RISK-0001/A1`
    Start(StepArgs),
    /// Cancel an action: `risk action cancel RISK-0001/A1`
    Cancel(StepArgs),
}

#[derive(Debug, clap::Args)]
pub struct StepArgs {
    /// RECORD/ACTION, e.g. RISK-0001/A1
    pub action: String,
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The risk or incident, e.g. RISK-0001
    pub id: String,
    /// What will be done (asked for at a terminal when left out)
    #[arg(long)]
    pub title: Option<String>,
    /// Who does it
    #[arg(long)]
    pub owner: Option<String>,
    /// By when (YYYY-MM-DD)
    #[arg(long, value_parser = crate::cli::dates::parse_date)]
    pub due: Option<NaiveDate>,
    /// One-off cost of the action, e.g. 12000.00 (weighed by `risk cba`)
    #[arg(long, value_name = "AMOUNT", value_parser = parse_money)]
    pub cost: Option<Money>,
    /// Yearly running cost of the action, e.g. 2000.00
    #[arg(long, value_name = "AMOUNT", value_parser = parse_money)]
    pub annual_cost: Option<Money>,
}

fn parse_money(text: &str) -> Result<Money, String> {
    Money::parse(text)
}

#[derive(Debug, clap::Args)]
pub struct DoneArgs {
    /// RECORD/ACTION, e.g. RISK-0001/A1
    pub action: String,
    /// When it was done [default: today]
    #[arg(long, value_parser = crate::cli::dates::parse_date)]
    pub on: Option<NaiveDate>,
}

pub fn run(ctx: &Ctx, command: Command) -> Result<ExitCode> {
    match command {
        Command::Add(args) => add(ctx, args),
        Command::Done(args) => {
            let on = args.on.unwrap_or(ctx.today);
            step(ctx, &args.action, ops::lifecycle::Step::Done(on))
        }
        Command::Start(args) => step(ctx, &args.action, ops::lifecycle::Step::Start),
        Command::Cancel(args) => step(ctx, &args.action, ops::lifecycle::Step::Cancel),
    }
}

fn add(ctx: &Ctx, args: AddArgs) -> Result<ExitCode> {
    let id = super::parse_id(&args.id)?;
    let kind = ops::action::record_kind(&id)?;
    let asks = ctx.interactive() && (args.owner.is_none() || args.due.is_none());
    if args.title.is_none() || asks {
        // The record must exist before anyone is asked anything (read without the lock,
        // so a person may take their time).
        match kind {
            Kind::Risk => ctx.open(&[kind])?.risk(&id).map(|_| ())?,
            _ => ctx.open(&[kind])?.incident(&id).map(|_| ())?,
        }
    }
    let title = ctx.ask(args.title.clone(), "--title", &format!("Action on {id}"))?;
    let (mut owner, mut due) = (args.owner, args.due);
    if ctx.interactive() {
        if owner.is_none() {
            owner = prompt::optional("Owner: who does it (blank for none)", |_| Ok(()))?;
        }
        if due.is_none() {
            due = prompt::date("Due date, YYYY-MM-DD (blank for none)", false)?;
        }
    }
    let new = ops::action::NewAction {
        title,
        owner,
        due,
        cost: args.cost,
        annual_cost: args.annual_cost,
    };
    let tx = ctx.begin_with(std::slice::from_ref(&id), &[])?;
    let outcome = ops::action::add(tx.snapshot(), &id, &new)?;
    tx.finish(&outcome.changes)?;
    ctx.say(&outcome.report)?;
    Ok(ExitCode::SUCCESS)
}

fn step(ctx: &Ctx, target: &str, step: ops::lifecycle::Step) -> Result<ExitCode> {
    let (record, action) = target
        .split_once('/')
        .with_context(|| format!("`{target}`: expected RECORD/ACTION, e.g. RISK-0001/A1"))?;
    let id = super::parse_id(record)?;
    ops::action::record_kind(&id)?;
    let tx = ctx.begin_with(std::slice::from_ref(&id), &[])?;
    let outcome = ops::lifecycle::action_step(tx.snapshot(), &id, action, step, ctx.today)?;
    tx.finish(&outcome.changes)?;
    ctx.say(&outcome.report)?;
    Ok(ExitCode::SUCCESS)
}
