//! `risk accept` (DESIGN 10.4): treatment accept, with who accepted the risk, until when, why,
//! and the rating that was accepted.

use anyhow::Result;
use chrono::NaiveDate;

use super::{Outcome, modify};
use crate::model::risk::{Acceptance, AcceptedRating, Treatment};
use crate::model::{Id, Risk};
use crate::rating::current;
use crate::snapshot::Snapshot;

/// An acceptance as given on the command line.
#[derive(Clone, Debug)]
pub struct NewAcceptance {
    pub by: String,
    pub until: NaiveDate,
    pub reason: String,
}

/// Accepts risk `id` at its current rating on `today`.
pub fn accept(
    snapshot: &Snapshot,
    id: &Id,
    new: &NewAcceptance,
    today: NaiveDate,
) -> Result<Outcome<String>> {
    let mut rated = None;
    let (_, change) = modify::<Risk>(snapshot, id, |risk| {
        let rating = current(&snapshot.settings, risk);
        risk.treatment = Some(Treatment::Accept);
        risk.acceptance = Some(Acceptance {
            by: new.by.clone(),
            on: today,
            until: Some(new.until),
            reason: Some(new.reason.clone()),
            rating: Some(AcceptedRating {
                likelihood: rating.likelihood,
                impact: rating.impact,
            }),
        });
        rated = Some(rating);
        Ok(())
    })?;
    let rating = rated.ok_or_else(|| crate::error::Error::internal("accept did not run"))?;
    Ok(Outcome::new(
        change.into_iter().collect(),
        format!(
            "Accepted {id} at {} (score {}) by {} until {}",
            rating.band, rating.score, new.by, new.until
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::Change;
    use crate::snapshot::testing::snapshot;

    #[test]
    fn accept_records_the_current_rating() {
        let s = snapshot(
            "",
            &[
                "id: RISK-0001\ntitle: t\nlikelihood: 3\nimpact:\n  financial: 2\n  reputational: 4\n",
            ],
        );
        let new = NewAcceptance {
            by: "coo".into(),
            until: "2027-06-30".parse().unwrap(),
            reason: "Cheaper to bear".into(),
        };
        let today = "2026-11-23".parse().unwrap();
        let out = accept(&s, &Id::parse("RISK-0001").unwrap(), &new, today).unwrap();
        let [Change::Replace { text, .. }] = out.changes.as_slice() else {
            panic!("{:?}", out.changes)
        };
        assert!(
            text.ends_with("treatment: accept\nacceptance:\n  by: coo\n  on: 2026-11-23\n  until: 2027-06-30\n  reason: Cheaper to bear\n  rating:\n    likelihood: 3\n    impact: 4\n"),
            "{text}"
        );
        assert_eq!(
            out.report,
            "Accepted RISK-0001 at high (score 12) by coo until 2027-06-30"
        );
    }
}
