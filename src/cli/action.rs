//! `risk action add` and `risk action done`: actions on risks and incidents.

use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;

use super::Ctx;
use crate::model::action::next_action_id;
use crate::model::{Action, ActionStatus, Id, Incident, Kind, Risk};
use crate::register::{Loadable, Register};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Add an action to a risk or incident
    Add(AddArgs),
    /// Mark an action done: `risk action done RISK-0001/A1`
    Done(DoneArgs),
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
    #[arg(long)]
    pub due: Option<NaiveDate>,
}

#[derive(Debug, clap::Args)]
pub struct DoneArgs {
    /// RECORD/ACTION, e.g. RISK-0001/A1
    pub action: String,
    /// When it was done [default: today]
    #[arg(long)]
    pub on: Option<NaiveDate>,
}

/// Records that hold actions.
trait WithActions: Loadable {
    fn actions(&mut self) -> &mut Vec<Action>;
}

impl WithActions for Risk {
    fn actions(&mut self) -> &mut Vec<Action> {
        &mut self.actions
    }
}

impl WithActions for Incident {
    fn actions(&mut self) -> &mut Vec<Action> {
        &mut self.actions
    }
}

pub fn run(ctx: &Ctx, command: Command) -> Result<ExitCode> {
    match command {
        Command::Add(args) => add(ctx, args),
        Command::Done(args) => done(ctx, args),
    }
}

fn record_kind(id: &Id) -> Result<Kind> {
    match id.kind() {
        Some(kind @ (Kind::Risk | Kind::Incident)) => Ok(kind),
        _ => bail!("`{id}` has no actions: actions belong to risks (RISK-) and incidents (INC-)"),
    }
}

fn add(ctx: &Ctx, args: AddArgs) -> Result<ExitCode> {
    let id = super::parse_id(&args.id)?;
    let kind = record_kind(&id)?;
    let register = ctx.open(&[kind])?;
    let title = ctx.ask(args.title.clone(), "--title", &format!("Action on {id}"))?;
    let make = |actions: &mut Vec<Action>| {
        let action_id = next_action_id(actions);
        actions.push(Action {
            id: action_id.clone(),
            title: title.clone(),
            owner: args.owner.clone().filter(|o| !o.trim().is_empty()),
            due: args.due,
            status: Some(ActionStatus::Open),
            done: None,
        });
        Ok(action_id)
    };
    let action_id = match kind {
        Kind::Risk => with_actions::<Risk, _>(&register, &id, make)?,
        _ => with_actions::<Incident, _>(&register, &id, make)?,
    };
    ctx.say(&format!("Added {id}/{action_id}: {title}"))?;
    Ok(ExitCode::SUCCESS)
}

fn done(ctx: &Ctx, args: DoneArgs) -> Result<ExitCode> {
    let (record, action) = args.action.split_once('/').with_context(|| {
        format!(
            "`{}`: expected RECORD/ACTION, e.g. RISK-0001/A1",
            args.action
        )
    })?;
    let id = super::parse_id(record)?;
    let kind = record_kind(&id)?;
    let register = ctx.open(&[kind])?;
    let on = args.on.unwrap_or(ctx.today);
    let finish = |actions: &mut Vec<Action>| -> Result<()> {
        let known: Vec<String> = actions.iter().map(|a| a.id.clone()).collect();
        let Some(a) = actions.iter_mut().find(|a| a.id == action) else {
            bail!(
                "{id} has no action `{action}` (its actions: {})",
                if known.is_empty() {
                    "none".into()
                } else {
                    known.join(", ")
                }
            );
        };
        a.status = Some(ActionStatus::Done);
        a.done = Some(on);
        Ok(())
    };
    match kind {
        Kind::Risk => with_actions::<Risk, _>(&register, &id, finish)?,
        _ => with_actions::<Incident, _>(&register, &id, finish)?,
    }
    ctx.say(&format!("Done {id}/{action} on {on}"))?;
    Ok(ExitCode::SUCCESS)
}

/// Runs `change` on the actions of a record and saves the record; nothing is written on error.
fn with_actions<T: WithActions, R>(
    register: &Register,
    id: &Id,
    change: impl FnOnce(&mut Vec<Action>) -> Result<R>,
) -> Result<R> {
    let mut out = None;
    register.modify::<T>(id, |record| {
        out = Some(change(record.actions())?);
        Ok(())
    })?;
    Ok(out.expect("the change ran"))
}
