//! Changes to existing records in place: `edit` (any kind, by dotted key), and a risk's
//! `review` and `close`.

use anyhow::Result;
use chrono::NaiveDate;

use super::{Outcome, modify, save};
use crate::codec;
use crate::error::{Error, Located};
use crate::model::risk::{Review, RiskStatus};
use crate::model::{Claim, Id, Incident, Kind, Pestle, Risk, Swot};
use crate::rating;
use crate::snapshot::{Loadable, Snapshot};

/// Sets `key=value` pairs (dotted keys reach inside; an empty value removes the key) on the
/// record with this id. The report says what changed, and for a risk how its rating moved.
pub fn edit(snapshot: &Snapshot, id: &Id, sets: &[(String, String)]) -> Result<Outcome<String>> {
    let kind = id.kind().ok_or_else(|| {
        Error::usage(format!(
            "`{id}` is not a risk, incident, claim, SWOT or PESTLE id"
        ))
    })?;
    let (change, report) = match kind {
        Kind::Risk => {
            let before = rating::current(&snapshot.settings, &snapshot.get::<Risk>(id)?.value);
            let (risk, change) = edit_with::<Risk>(snapshot, id, sets)?;
            let after = rating::current(&snapshot.settings, &risk);
            let mut message = updated(id, change.is_some());
            if before != after {
                message.push_str(&format!(
                    ": score {} → {}, band {} → {}",
                    before.score, after.score, before.band, after.band
                ));
            }
            (change, message)
        }
        Kind::Incident => {
            let change = edit_with::<Incident>(snapshot, id, sets)?.1;
            let message = updated(id, change.is_some());
            (change, message)
        }
        Kind::Claim => {
            let change = edit_with::<Claim>(snapshot, id, sets)?.1;
            let message = updated(id, change.is_some());
            (change, message)
        }
        Kind::Swot => {
            let change = edit_with::<Swot>(snapshot, id, sets)?.1;
            let message = updated(id, change.is_some());
            (change, message)
        }
        Kind::Pestle => {
            let change = edit_with::<Pestle>(snapshot, id, sets)?.1;
            let message = updated(id, change.is_some());
            (change, message)
        }
    };
    Ok(Outcome::new(change.into_iter().collect(), report))
}

fn updated(id: &Id, changed: bool) -> String {
    if changed {
        format!("Updated {id}")
    } else {
        format!("No change to {id}: it already holds these values")
    }
}

/// Applies the edits to one record's text; returns the record and its change, if any.
fn edit_with<T: Loadable>(
    snapshot: &Snapshot,
    id: &Id,
    sets: &[(String, String)],
) -> Result<(T, Option<super::Change>)> {
    let record = snapshot.get::<T>(id)?;
    let value: T = codec::edit(&record.text(), sets).map_err(|e| {
        Error::from(Located {
            file: record.file.clone(),
            line: None,
            key: e.key,
            message: e.message,
        })
    })?;
    save(snapshot, record, value)
}

/// Records that a risk was reviewed on `on`, optionally with a new cadence.
pub fn review(
    snapshot: &Snapshot,
    id: &Id,
    on: NaiveDate,
    every_days: Option<u32>,
    today: NaiveDate,
) -> Result<Outcome<String>> {
    super::lifecycle::not_future("--on", on, today)?;
    let (risk, change) = modify::<Risk>(snapshot, id, |risk| {
        let review = risk.review.get_or_insert_with(Review::default);
        review.last = Some(on);
        if every_days.is_some() {
            review.every_days = every_days;
        }
        Ok(())
    })?;
    let band = rating::current(&snapshot.settings, &risk).band;
    let next = rating::review_due(&snapshot.settings, &risk, &band, today);
    Ok(Outcome::new(
        change.into_iter().collect(),
        format!("Reviewed {id} on {on}; next review due {next}"),
    ))
}

/// Closes a risk, saying how many of its actions are still open.
pub fn close(snapshot: &Snapshot, id: &Id) -> Result<Outcome<String>> {
    let (risk, change) = modify::<Risk>(snapshot, id, |risk| {
        risk.status = Some(RiskStatus::Closed);
        Ok(())
    })?;
    let open = risk.actions.iter().filter(|a| a.is_open()).count();
    let mut message = format!("Closed {id}");
    if open > 0 {
        message.push_str(&format!(
            " ({open} action{} still open)",
            if open == 1 { "" } else { "s" }
        ));
    }
    Ok(Outcome::new(change.into_iter().collect(), message))
}

/// Adds a risk, already validated, under the next free id; the report is its id and file.
pub fn add(snapshot: &Snapshot, risk: &Risk) -> Result<Outcome<(Id, String)>> {
    let (id, file, change) = super::create(snapshot, Kind::Risk, |id| Risk { id, ..risk.clone() })?;
    Ok(Outcome::new(vec![change], (id, file)))
}
