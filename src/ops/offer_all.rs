//! `claim offer-all` planned over a snapshot: proactive compensation for every affected
//! customer of an incident, each a claim (`proactive: true`) carrying the offer the policy
//! gives. Every row is checked before anything is planned, and a customer who already has a
//! proactive claim for the incident is skipped (DESIGN 7: a re-run finishes the batch, on any
//! day, and never duplicates it).

use std::collections::{BTreeMap, HashMap};

use anyhow::{Result, bail};
use chrono::NaiveDate;

use super::claim_import::CsvRows;
use super::{Outcome, create_many};
use crate::check::personal::is_pseudonymous;
use crate::error::{Error, Located};
use crate::model::claim::{Assessment, Channel, ClaimStatus, Offer, Request};
use crate::model::{Claim, Id, Kind, Money};
use crate::rating::compensation::offer_counts;
use crate::rating::policy::assess_within;
use crate::snapshot::Snapshot;

/// One row of the customers CSV: its line and its `customer` cell, trimmed.
#[derive(Clone, Debug)]
pub struct CustomerRow {
    pub line: usize,
    pub customer: String,
}

/// What `claim offer-all` is asked to do besides the file.
#[derive(Clone, Debug)]
pub struct OfferAllParams {
    pub incident: Id,
    /// Match the policy's rules as for requests of this type.
    pub kind: Option<String>,
    /// The date of the offers; today when not given.
    pub on: Option<NaiveDate>,
    /// Who made the offers.
    pub by: Option<String>,
}

/// What `claim offer-all` did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Offered {
    pub incident: Id,
    /// The rule that gave the offers; None when every customer was already there.
    pub rule: Option<String>,
    /// The sum of the new offers.
    pub total: Money,
    pub currency: String,
    /// The new claims, in the order of their rows.
    pub created: Vec<Id>,
    /// The customers who already had a proactive claim for the incident: (line, claim).
    pub already: Vec<(usize, Id)>,
}

impl Offered {
    /// The confirmation printed.
    pub fn summary(&self) -> String {
        let incident = &self.incident;
        match (self.created.first(), self.created.last()) {
            (Some(first), Some(last)) => {
                let mut text = format!(
                    "Offered {} customer(s) of {incident} compensation under rule {}: {} {} in all, claims {first}..{last}",
                    self.created.len(),
                    self.rule.as_deref().unwrap_or_default(),
                    self.total,
                    self.currency,
                );
                if !self.already.is_empty() {
                    text.push_str(&format!(" ({} already there)", self.already.len()));
                }
                text
            }
            _ => format!(
                "Nothing offered for {incident}: all {} customer(s) of the file already have a proactive claim for it",
                self.already.len()
            ),
        }
    }
}

/// A new proactive claim, planned.
struct Planned {
    customer: String,
    kind: String,
    amount: Money,
    reason: String,
}

/// Checks every customer of `file` and plans one proactive claim, with the policy's offer,
/// for each customer who has none for the incident yet.
pub fn offer_all(
    snapshot: &Snapshot,
    file: &CsvRows<CustomerRow>,
    params: &OfferAllParams,
    today: NaiveDate,
) -> Result<Outcome<Offered>> {
    let incident_id = &params.incident;
    let on = params.on.unwrap_or(today);
    let incident = &snapshot.incident(incident_id)?.value;
    let settings = &snapshot.settings;
    let mut problems = file.unreadable.clone();
    // The customers' claims for the incident, by id: the proactive ones (made by an earlier
    // run) and the others (which the customer made, and which are assessed on their own).
    let mut proactive: HashMap<&str, &Id> = HashMap::new();
    let mut claimed: HashMap<&str, &Id> = HashMap::new();
    for claim in snapshot
        .claims
        .iter()
        .map(|r| &r.value)
        .filter(|c| &c.incident == incident_id)
    {
        let map = match claim.proactive {
            Some(true) => &mut proactive,
            _ => &mut claimed,
        };
        map.entry(claim.customer.as_str())
            .and_modify(|id| *id = (*id).min(&claim.id))
            .or_insert(&claim.id);
    }
    // Each customer's committed offers, summed once: the per-customer limit for every row.
    let mut committed: BTreeMap<&str, Money> = BTreeMap::new();
    for c in snapshot
        .claims
        .iter()
        .map(|r| &r.value)
        .filter(|c| offer_counts(c))
    {
        if let Some(o) = &c.offer {
            *committed.entry(c.customer.as_str()).or_default() += o.amount;
        }
    }
    let limit = settings.compensation.per_customer_limit;
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut planned: Vec<Planned> = Vec::new();
    let mut already: Vec<(usize, Id)> = Vec::new();
    let mut rule_used: Option<String> = None;
    for row in &file.rows {
        let line = row.line;
        let mut bad = |message: String| {
            problems.push(Located {
                file: file.file.clone(),
                line: Some(line),
                key: Some("customer".into()),
                message,
            })
        };
        let customer = row.customer.trim();
        if let Err(m) = is_pseudonymous(customer) {
            bad(m);
            continue;
        }
        if let Some(first) = seen.insert(customer, line) {
            bad(format!("{customer} is also on line {first}"));
            seen.insert(customer, first);
            continue;
        }
        if let Some(id) = proactive.get(customer) {
            already.push((line, (*id).clone()));
            continue;
        }
        if let Some(id) = claimed.get(customer) {
            bad(format!(
                "{customer} already has a claim for {incident_id}: {id}"
            ));
            continue;
        }
        let probe = Claim {
            id: Id::new(Kind::Claim, 0),
            reference: None,
            incident: incident_id.clone(),
            customer: customer.into(),
            received: on,
            channel: Some(Channel::Proactive),
            proactive: Some(true),
            requested: params.kind.clone().map(|kind| Request {
                kind: kind.into(),
                amount: None,
            }),
            evidence: Vec::new(),
            status: None,
            acknowledged: None,
            assessment: None,
            offer: None,
            decision_note: None,
            accepted: None,
            paid: None,
            satisfaction: None,
        };
        let left = limit.saturating_sub(committed.get(customer).copied().unwrap_or_default());
        let outcome = assess_within(settings, incident, &probe, left);
        let (Some(rule), Some((kind, amount))) = (outcome.rule, outcome.offer) else {
            let reasons: Vec<String> = outcome
                .skipped
                .iter()
                .map(|(r, why)| format!("rule {r}: {why}"))
                .collect();
            bail!(
                "no rule of the compensation policy gives {incident_id} a proactive offer{}{}",
                if reasons.is_empty() {
                    " (the policy has no rules)"
                } else {
                    ":\n  "
                },
                reasons.join("\n  ")
            );
        };
        if amount.minor() == 0 {
            bad(format!(
                "{customer} has nothing left of the per-customer limit {}",
                settings.compensation.per_customer_limit
            ));
            continue;
        }
        planned.push(Planned {
            customer: customer.to_string(),
            kind,
            amount,
            reason: format!("rule {rule}: {}", outcome.steps.join("; ")),
        });
        rule_used = Some(rule);
    }
    if !problems.is_empty() {
        let n = problems.len();
        problems.insert(
            0,
            Located {
                file: file.file.clone(),
                line: None,
                key: None,
                message: format!("{n} problem(s); no offer was made"),
            },
        );
        return Err(Error::input(problems).into());
    }
    if planned.is_empty() && already.is_empty() {
        bail!("{}: no customers in the file (only a header)", file.file);
    }
    let rule = rule_used.clone().unwrap_or_default();
    let written = create_many(snapshot, Kind::Claim, &planned, |id, p| Claim {
        id,
        reference: None,
        incident: incident_id.clone(),
        customer: p.customer.as_str().into(),
        received: on,
        channel: Some(Channel::Proactive),
        proactive: Some(true),
        requested: None,
        evidence: Vec::new(),
        status: Some(ClaimStatus::Offered),
        acknowledged: Some(on),
        assessment: Some(Assessment {
            on,
            by: params.by.as_deref().map(Into::into),
            eligible: true,
            rule: Some(rule.clone()),
            third_party: None,
            notes: Some("proactive offer to an affected customer".into()),
        }),
        offer: Some(Offer {
            on,
            kind: p.kind.as_str().into(),
            amount: p.amount,
            reason: Some(p.reason.clone()),
            override_reason: None,
        }),
        decision_note: None,
        accepted: None,
        paid: None,
        satisfaction: None,
    })?;
    let (created, changes) = written
        .into_iter()
        .map(|(id, _, change)| (id, change))
        .unzip();
    Ok(Outcome::new(
        changes,
        Offered {
            incident: incident_id.clone(),
            rule: rule_used,
            total: planned.iter().map(|p| p.amount).sum(),
            currency: settings.currency.clone(),
            created,
            already,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::Change;
    use crate::snapshot::testing::snapshot;

    const SETTINGS: &str = "compensation:\n  per_customer_limit: 600.00\n  rules:\n\
        \x20 - id: goodwill-minor\n    when: {max_severity: 2}\n\
        \x20   offer: {type: credit, amount: 25.00}\n";
    const INCIDENT: &str = "id: INC-0004\ntitle: Delay texts not sent\nseverity: 2\n\
        detected: 2026-11-21T18:40:00Z\n";

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn params(on: &str) -> OfferAllParams {
        OfferAllParams {
            incident: Id::parse("INC-0004").unwrap(),
            kind: None,
            on: Some(day(on)),
            by: Some("service-lead".into()),
        }
    }

    fn customers(list: &[&str]) -> CsvRows<CustomerRow> {
        CsvRows {
            file: "customers.csv".into(),
            rows: list
                .iter()
                .enumerate()
                .map(|(i, c)| CustomerRow {
                    line: i + 2,
                    customer: c.to_string(),
                })
                .collect(),
            unreadable: Vec::new(),
        }
    }

    fn register(records: &[String]) -> Snapshot {
        let mut texts: Vec<&str> = vec![INCIDENT];
        texts.extend(records.iter().map(String::as_str));
        snapshot(SETTINGS, &texts)
    }

    fn created(changes: &[Change]) -> Vec<String> {
        changes
            .iter()
            .map(|c| match c {
                Change::Create { text, .. } => text.clone(),
                other => panic!("expected a new file, got {other:?}"),
            })
            .collect()
    }

    #[test]
    fn a_rerun_on_another_day_finishes_the_batch_and_never_duplicates_it() {
        let today = day("2026-11-23");
        let list = ["CUST-1", "CUST-2", "CUST-3"];
        let first = offer_all(
            &register(&[]),
            &customers(&list),
            &params("2026-11-22"),
            today,
        )
        .unwrap();
        assert_eq!(
            first.report.summary(),
            "Offered 3 customer(s) of INC-0004 compensation under rule goodwill-minor: 75.00 EUR in all, claims CLM-0001..CLM-0003"
        );
        let written = created(&first.changes);
        // A crash after the first claim; the re-run a day later offers the two others.
        let rest = offer_all(
            &register(&written[..1]),
            &customers(&list),
            &params("2026-11-23"),
            today,
        )
        .unwrap();
        assert_eq!(rest.changes.len(), 2);
        assert_eq!(
            rest.report.summary(),
            "Offered 2 customer(s) of INC-0004 compensation under rule goodwill-minor: 50.00 EUR in all, claims CLM-0002..CLM-0003 (1 already there)"
        );
        let again = offer_all(
            &register(&written),
            &customers(&list),
            &params("2026-11-23"),
            today,
        )
        .unwrap();
        assert!(again.changes.is_empty());
        assert_eq!(
            again.report.summary(),
            "Nothing offered for INC-0004: all 3 customer(s) of the file already have a proactive claim for it"
        );
    }

    #[test]
    fn a_claim_the_customer_made_is_still_a_bad_row() {
        let today = day("2026-11-23");
        let own = "id: CLM-0001\nincident: INC-0004\ncustomer: CUST-2\nreceived: 2026-11-22\n\
            requested:\n  type: refund\n  amount: 10.00\n"
            .to_string();
        let err = offer_all(
            &register(&[own]),
            &customers(&["CUST-1", "CUST-2", "CUST-1"]),
            &params("2026-11-23"),
            today,
        )
        .unwrap_err();
        let err = err.downcast::<Error>().unwrap();
        let shown: Vec<String> = err.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            shown,
            [
                "customers.csv: 2 problem(s); no offer was made",
                "customers.csv:3: customer: CUST-2 already has a claim for INC-0004: CLM-0001",
                "customers.csv:4: customer: CUST-1 is also on line 2",
            ]
        );
    }
}
