//! Lifecycles: closing and reopening risks, starting, finishing and cancelling actions, each
//! refusing a step that is already taken and a date that has not come yet.

use anyhow::{Result, bail};
use chrono::NaiveDate;

use super::{Outcome, modify};
use crate::model::closed::Closed;
use crate::model::risk::RiskStatus;
use crate::model::{Action, ActionStatus, Id, Incident, Kind, Risk};
use crate::snapshot::Snapshot;

/// Refuses a date after today for something that has happened (`done`, `paid`, `--on`).
pub fn not_future(flag: &str, date: NaiveDate, today: NaiveDate) -> Result<()> {
    if date > today {
        bail!("{flag} {date} is in the future (today is {today}); record it once it has happened");
    }
    Ok(())
}

/// Closes risk `id` on `on`, recording `closed: {on, reason}`.
pub fn close(
    snapshot: &Snapshot,
    id: &Id,
    reason: Option<&str>,
    on: NaiveDate,
    today: NaiveDate,
) -> Result<Outcome<String>> {
    not_future("--on", on, today)?;
    let (risk, change) = modify::<Risk>(snapshot, id, |risk| {
        if !risk.is_open() {
            let since = risk.closed.as_ref().map(|c| format!(" on {}", c.on));
            bail!("{id} is already closed{}", since.unwrap_or_default());
        }
        risk.status = Some(RiskStatus::Closed);
        risk.closed = Some(Closed {
            on,
            reason: reason.map(str::to_string),
        });
        Ok(())
    })?;
    let open = risk.actions.iter().filter(|a| a.is_open()).count();
    let mut message = format!("Closed {id} on {on}");
    if open > 0 {
        message.push_str(&format!(
            " ({} still open)",
            crate::output::words::count(open as i64, "action")
        ));
    }
    Ok(Outcome::new(change.into_iter().collect(), message))
}

/// Reopens a closed risk: status open, `closed` removed.
pub fn reopen(snapshot: &Snapshot, id: &Id) -> Result<Outcome<String>> {
    let (_, change) = modify::<Risk>(snapshot, id, |risk| {
        if risk.is_open() {
            bail!("{id} is open already; nothing to reopen");
        }
        risk.status = None;
        risk.closed = None;
        Ok(())
    })?;
    Ok(Outcome::new(
        change.into_iter().collect(),
        format!("Reopened {id}"),
    ))
}

/// A step in an action's life: start (in_progress), done on a date, or cancel.
#[derive(Clone, Copy, Debug)]
pub enum Step {
    Start,
    Done(NaiveDate),
    Cancel,
}

/// Moves action `action` of record `id` one step on; a step already taken, or one that a
/// finished action cannot take, is refused with what the action's status is.
pub fn action_step(
    snapshot: &Snapshot,
    id: &Id,
    action: &str,
    step: Step,
    today: NaiveDate,
) -> Result<Outcome<String>> {
    if let Step::Done(on) = step {
        not_future("--on", on, today)?;
    }
    let apply = |actions: &mut Vec<Action>| -> Result<()> {
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
        let status = a.status.unwrap_or_default();
        match (step, status) {
            (Step::Done(_), ActionStatus::Done) => bail!(
                "{id}/{action} is already done{}; nothing changed",
                a.done.map(|d| format!(" (on {d})")).unwrap_or_default()
            ),
            (Step::Start, ActionStatus::InProgress) => {
                bail!("{id}/{action} is already in progress; nothing changed")
            }
            (Step::Cancel, ActionStatus::Cancelled) => {
                bail!("{id}/{action} is already cancelled; nothing changed")
            }
            (_, ActionStatus::Done | ActionStatus::Cancelled) => bail!(
                "{id}/{action} is {}; edit it with `risk edit {id} --set actions.{action}.status=open` to take it up again",
                status.as_str()
            ),
            _ => {}
        }
        match step {
            Step::Start => a.status = Some(ActionStatus::InProgress),
            Step::Cancel => a.status = Some(ActionStatus::Cancelled),
            Step::Done(on) => {
                a.status = Some(ActionStatus::Done);
                a.done = Some(on);
            }
        }
        Ok(())
    };
    let change = match super::action::record_kind(id)? {
        Kind::Risk => modify::<Risk>(snapshot, id, |r| apply(&mut r.actions))?.1,
        _ => modify::<Incident>(snapshot, id, |i| apply(&mut i.actions))?.1,
    };
    let report = match step {
        Step::Start => format!("Started {id}/{action}"),
        Step::Cancel => format!("Cancelled {id}/{action}"),
        Step::Done(on) => format!("Done {id}/{action} on {on}"),
    };
    Ok(Outcome::new(change.into_iter().collect(), report))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::testing::snapshot;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    const RISK: &str = "id: RISK-0001\ntitle: T\nlikelihood: 2\nimpact: 2\nactions:\n- id: A1\n  title: Do it\n  status: done\n  done: 2026-11-01\n- id: A2\n  title: Other\n";

    #[test]
    fn close_records_when_and_why_and_reopen_undoes_it() {
        let s = snapshot("", &[RISK]);
        let id = Id::parse("RISK-0001").unwrap();
        let out = close(&s, &id, Some("Supplier replaced"), day(20), day(23)).unwrap();
        assert_eq!(
            out.report,
            "Closed RISK-0001 on 2026-11-20 (1 action still open)"
        );
        assert!(
            close(&s, &id, None, day(24), day(23))
                .unwrap_err()
                .to_string()
                .contains("in the future")
        );
        assert!(
            reopen(&s, &id)
                .unwrap_err()
                .to_string()
                .contains("open already")
        );
    }

    #[test]
    fn done_twice_says_it_is_already_done() {
        let s = snapshot("", &[RISK]);
        let id = Id::parse("RISK-0001").unwrap();
        let err = action_step(&s, &id, "A1", Step::Done(day(20)), day(23)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "RISK-0001/A1 is already done (on 2026-11-01); nothing changed"
        );
        let err = action_step(&s, &id, "A1", Step::Start, day(23)).unwrap_err();
        assert!(err.to_string().contains("is done"), "{err}");
        assert!(action_step(&s, &id, "A2", Step::Done(day(24)), day(23)).is_err());
        let out = action_step(&s, &id, "A2", Step::Start, day(23)).unwrap();
        assert_eq!(out.report, "Started RISK-0001/A2");
    }
}
