//! Several claims taken through one lifecycle step at once (`claim acknowledge|assess|decide|pay`
//! with several ids or a filter): every claim is stepped before anything is written, and one
//! claim that cannot be stepped stops them all.

use anyhow::{Result, bail};

use super::{Change, Outcome};
use crate::model::claim::ClaimStatus;
use crate::model::{Claim, Id};
use crate::snapshot::Snapshot;

/// Which claims a step takes: the ids given, or every claim matching the filter.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    pub ids: Vec<Id>,
    pub incident: Option<Id>,
    pub statuses: Vec<ClaimStatus>,
}

impl Selection {
    pub fn is_filter(&self) -> bool {
        self.ids.is_empty()
    }
}

/// The ids a selection names, in order, each once. Ids given must exist; a filter takes the
/// claims (in id order) of the incident and statuses that `wanted` also keeps.
pub fn select(
    snapshot: &Snapshot,
    selection: &Selection,
    wanted: impl Fn(&Claim) -> bool,
) -> Result<Vec<Id>> {
    if !selection.ids.is_empty() {
        let mut out: Vec<Id> = Vec::new();
        for id in &selection.ids {
            snapshot.claim(id)?;
            if !out.contains(id) {
                out.push(id.clone());
            }
        }
        return Ok(out);
    }
    if selection.incident.is_none() && selection.statuses.is_empty() {
        bail!("name the claims: one or more ids, or a filter (--incident INC-x, --status s)");
    }
    if let Some(incident) = &selection.incident {
        snapshot.incident(incident)?;
    }
    let mut ids: Vec<Id> = snapshot
        .claims
        .iter()
        .map(|r| &r.value)
        .filter(|c| selection.incident.as_ref().is_none_or(|i| &c.incident == i))
        .filter(|c| selection.statuses.is_empty() || selection.statuses.contains(&c.status()))
        .filter(|c| wanted(c))
        .map(|c| c.id.clone())
        .collect();
    ids.sort();
    Ok(ids)
}

/// Steps each claim of `ids` on a working copy of the register, so that a later claim sees
/// what the earlier ones became (the per-customer limit counts their new offers). Any
/// failure fails the whole batch, naming every claim that could not be stepped.
pub fn step_all(
    snapshot: &mut Snapshot,
    ids: &[Id],
    step: impl Fn(&Snapshot, &Id) -> Result<Outcome<String>>,
) -> Result<Outcome<Vec<String>>> {
    let mut changes: Vec<Change> = Vec::new();
    let mut reports = Vec::new();
    let mut failures = Vec::new();
    for id in ids {
        let outcome = match step(snapshot, id) {
            Ok(outcome) => outcome,
            Err(e) if ids.len() == 1 => return Err(e),
            Err(e) => {
                let message = format!("{e:#}");
                failures.push(if message.starts_with(id.as_str()) {
                    message
                } else {
                    format!("{id}: {message}")
                });
                continue;
            }
        };
        for change in &outcome.changes {
            if let Change::Replace { rel, text } = change
                && let Some(record) = snapshot.claims.iter_mut().find(|r| r.rel() == rel)
            {
                let value = crate::codec::parse(text)
                    .map_err(|e| anyhow::anyhow!("{}: {e:?}", record.file()))?;
                record.rewritten(value);
            }
        }
        changes.extend(outcome.changes);
        reports.push(outcome.report);
    }
    if !failures.is_empty() {
        bail!(
            "{} of {} claims cannot be taken through this step, so none was changed:\n  {}",
            failures.len(),
            ids.len(),
            failures.join("\n  ")
        );
    }
    Ok(Outcome::new(changes, reports))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::testing::snapshot;

    const INCIDENT: &str = "id: INC-0001\ntitle: Flights delayed\nseverity: 4\nharms:\n- delay\n\
        detected: 2026-11-01T09:00:00Z\n";

    fn claim(n: u32, status: &str) -> String {
        format!(
            "id: CLM-{n:04}\nincident: INC-0001\ncustomer: CUST-{n}\nreceived: 2026-11-02\n\
             status: {status}\n"
        )
    }

    #[test]
    fn a_filter_takes_the_matching_claims_and_one_failure_fails_them_all() {
        let (c1, c2, c3) = (claim(1, "received"), claim(2, "paid"), claim(3, "received"));
        let mut s = snapshot("", &[INCIDENT, &c1, &c2, &c3]);
        let selection = Selection {
            incident: Some(Id::parse("INC-0001").unwrap()),
            statuses: vec![ClaimStatus::Received],
            ..Selection::default()
        };
        let ids = select(&s, &selection, |_| true).unwrap();
        let names: Vec<&str> = ids.iter().map(|i| i.as_str()).collect();
        assert_eq!(names, ["CLM-0001", "CLM-0003"]);
        let on = "2026-11-03".parse().unwrap();
        let done = step_all(&mut s, &ids, |s, id| {
            super::super::claim::acknowledge(s, id, on)
        });
        assert_eq!(done.unwrap().changes.len(), 2);
        // Now both are acknowledged in the working copy: a second pass fails for both.
        let err = step_all(&mut s, &ids, |s, id| {
            super::super::claim::acknowledge(s, id, on)
        })
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("2 of 2 claims cannot"), "{err}");
        assert!(err.contains("CLM-0003 was already acknowledged"), "{err}");
    }
}
