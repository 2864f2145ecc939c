//! Actions on risks and incidents: add one, mark one done.

use anyhow::{Result, bail};
use chrono::NaiveDate;

use super::{Change, Outcome, modify};
use crate::model::action::next_action_id;
use crate::model::{Action, ActionStatus, Id, Incident, Kind, Risk};
use crate::snapshot::{Loadable, Snapshot};

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

/// The kind of a record that can hold actions.
pub fn record_kind(id: &Id) -> Result<Kind> {
    match id.kind() {
        Some(kind @ (Kind::Risk | Kind::Incident)) => Ok(kind),
        _ => bail!("`{id}` has no actions: actions belong to risks (RISK-) and incidents (INC-)"),
    }
}

/// A new action, as given.
#[derive(Clone, Debug)]
pub struct NewAction {
    pub title: String,
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
    pub cost: Option<crate::model::Money>,
    pub annual_cost: Option<crate::model::Money>,
}

/// Adds an action to a risk or incident under its next action id (A1, A2, …).
pub fn add(snapshot: &Snapshot, id: &Id, new: &NewAction) -> Result<Outcome<String>> {
    let make = |actions: &mut Vec<Action>| {
        let action_id = next_action_id(actions);
        actions.push(Action {
            id: action_id.clone(),
            title: new.title.clone(),
            owner: new.owner.clone().filter(|o| !o.trim().is_empty()),
            due: new.due,
            status: Some(ActionStatus::Open),
            done: None,
            cost: new.cost,
            annual_cost: new.annual_cost,
        });
        Ok(action_id)
    };
    let (action_id, change) = match record_kind(id)? {
        Kind::Risk => with_actions::<Risk, _>(snapshot, id, make)?,
        _ => with_actions::<Incident, _>(snapshot, id, make)?,
    };
    Ok(Outcome::new(
        change.into_iter().collect(),
        format!("Added {id}/{action_id}: {}", new.title),
    ))
}

/// Marks action `action` of record `id` done on `on`.
pub fn done(snapshot: &Snapshot, id: &Id, action: &str, on: NaiveDate) -> Result<Outcome<String>> {
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
    let ((), change) = match record_kind(id)? {
        Kind::Risk => with_actions::<Risk, _>(snapshot, id, finish)?,
        _ => with_actions::<Incident, _>(snapshot, id, finish)?,
    };
    Ok(Outcome::new(
        change.into_iter().collect(),
        format!("Done {id}/{action} on {on}"),
    ))
}

/// Runs `change` on the actions of a record; returns its result and the record's change.
fn with_actions<T: WithActions, R>(
    snapshot: &Snapshot,
    id: &Id,
    change: impl FnOnce(&mut Vec<Action>) -> Result<R>,
) -> Result<(R, Option<Change>)> {
    let mut out = None;
    let (_, saved) = modify::<T>(snapshot, id, |record| {
        out = Some(change(record.actions())?);
        Ok(())
    })?;
    let out = out.ok_or_else(|| crate::error::Error::internal("the action change did not run"))?;
    Ok((out, saved))
}
