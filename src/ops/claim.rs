//! The claim lifecycle (DESIGN 4, 6.5): which statuses may move where, and the offers the
//! written policy gives. Each step reads a snapshot and returns the claim's new file.

use anyhow::{Result, bail};
use chrono::NaiveDate;

use super::{Outcome, modify};
use crate::model::claim::{Assessment, ClaimStatus, Offer};
use crate::model::{Claim, Id, Money};
use crate::rating::policy::{assess as policy_assess, exceeded, limits, why_it_applies};
use crate::snapshot::Snapshot;

/// The customer was told their claim was received.
pub fn acknowledge(snapshot: &Snapshot, id: &Id, on: NaiveDate) -> Result<Outcome<String>> {
    let (_, change) = modify::<Claim>(snapshot, id, |c| {
        if let Some(before) = c.acknowledged {
            bail!("{id} was already acknowledged on {before}");
        }
        c.acknowledged = Some(on);
        Ok(())
    })?;
    Ok(Outcome::new(
        change.into_iter().collect(),
        format!("Acknowledged {id} on {on}"),
    ))
}

/// An accepted offer was paid.
pub fn pay(snapshot: &Snapshot, id: &Id, on: NaiveDate) -> Result<Outcome<String>> {
    let (saved, change) = modify::<Claim>(snapshot, id, |c| {
        match c.status() {
            ClaimStatus::Accepted => {}
            ClaimStatus::Paid => bail!(
                "{id} was already paid on {}",
                c.paid.map(|d| d.to_string()).unwrap_or_default()
            ),
            other => bail!(
                "{id} is {}, not accepted; record the customer's acceptance first with `risk claim decide {id} accept`",
                other.as_str()
            ),
        }
        if let Some(accepted) = c.accepted
            && on < accepted
        {
            bail!("--on {on} is before the offer was accepted ({accepted})");
        }
        c.paid = Some(on);
        c.status = Some(ClaimStatus::Paid);
        Ok(())
    })?;
    let amount = saved
        .offer
        .as_ref()
        .map(|o| o.amount.to_string())
        .unwrap_or_default();
    Ok(Outcome::new(
        change.into_iter().collect(),
        format!("Paid {id}: {amount} {} on {on}", snapshot.settings.currency),
    ))
}

/// How a claim ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Accept,
    Decline,
    Reject,
    Withdraw,
}

/// The customer accepted or declined the offer, or the claim was rejected or withdrawn.
pub fn decide(
    snapshot: &Snapshot,
    id: &Id,
    decision: Decision,
    note: Option<&str>,
    on: NaiveDate,
) -> Result<Outcome<String>> {
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    if decision == Decision::Reject && note.is_none() {
        bail!("a rejection needs its reason: --note \"...\"");
    }
    let (saved, change) = modify::<Claim>(snapshot, id, |c| {
        let status = c.status();
        if matches!(
            status,
            ClaimStatus::Paid | ClaimStatus::Rejected | ClaimStatus::Withdrawn
        ) {
            bail!("{id} is already {}", status.as_str());
        }
        if on < c.received {
            bail!(
                "--on {on} is before the claim was received ({})",
                c.received
            );
        }
        match decision {
            Decision::Accept | Decision::Decline => {
                let Some(offer) = &c.offer else {
                    bail!(
                        "{id} has no offer to accept or decline; assess it (`risk claim assess {id}`) or make one (`risk claim offer {id}`)"
                    );
                };
                if on < offer.on {
                    bail!("--on {on} is before the offer was made ({})", offer.on);
                }
                if status == ClaimStatus::Accepted {
                    bail!("{id} is already accepted");
                }
                if decision == Decision::Accept {
                    c.accepted = Some(on);
                    c.status = Some(ClaimStatus::Accepted);
                } else {
                    c.status = Some(ClaimStatus::Declined);
                }
            }
            Decision::Reject => {
                if status == ClaimStatus::Accepted {
                    bail!("{id} was accepted; pay it, or record that the customer withdrew it");
                }
                c.status = Some(ClaimStatus::Rejected);
            }
            Decision::Withdraw => c.status = Some(ClaimStatus::Withdrawn),
        }
        if let Some(note) = note {
            c.decision_note = Some(note.to_string());
        }
        Ok(())
    })?;
    let mut text = format!("{id} is {} ({on})", saved.status().as_str());
    if saved.status() == ClaimStatus::Accepted {
        let due =
            crate::rating::deadlines::add_days(on, snapshot.settings.compensation.pay_within_days);
        text.push_str(&format!("; payment due by {due} (`risk claim pay {id}`)"));
    }
    Ok(Outcome::new(change.into_iter().collect(), text))
}

/// An offer made by hand.
#[derive(Clone, Debug)]
pub struct ManualOffer {
    pub amount: Money,
    /// What is offered; the claim's requested type when not given.
    pub kind: Option<String>,
    pub reason: Option<String>,
    /// Why an offer above the policy limits is made all the same.
    pub override_reason: Option<String>,
    pub on: NaiveDate,
}

/// Makes (or changes) an offer by hand, held to the policy limits unless overridden.
pub fn offer(snapshot: &Snapshot, id: &Id, offer: &ManualOffer) -> Result<Outcome<String>> {
    let on = offer.on;
    let claim = &snapshot.claim(id)?.value;
    if matches!(
        claim.status(),
        ClaimStatus::Accepted | ClaimStatus::Paid | ClaimStatus::Rejected | ClaimStatus::Withdrawn
    ) {
        bail!(
            "{id} is {}; an offer can no longer be made",
            claim.status().as_str()
        );
    }
    if on < claim.received {
        bail!(
            "--on {on} is before the claim was received ({})",
            claim.received
        );
    }
    let kind = match (&offer.kind, &claim.requested) {
        (Some(k), _) => k.clone(),
        (None, Some(r)) => r.kind.clone(),
        (None, None) => bail!("{id} requests nothing; say what is offered with --type"),
    };
    let overriding = offer
        .override_reason
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    if offer.override_reason.is_some() && overriding.is_none() {
        bail!(
            "--override needs a reason, e.g. --override \"vulnerable customer, agreed by the head of service\""
        );
    }
    let others = snapshot.claims.iter().map(|r| &r.value);
    let limits = limits(&snapshot.settings, claim, others);
    let above = exceeded(&limits, offer.amount);
    if let (Some(limit), None) = (above, overriding) {
        bail!(
            "{id}: the offer {} is above {} ({}); offer less, or pass --override \"reason\" to make it anyway and record why",
            offer.amount,
            limit.amount,
            limit.what
        );
    }
    let (_, change) = modify::<Claim>(snapshot, id, |c| {
        c.offer = Some(Offer {
            on,
            kind: kind.clone(),
            amount: offer.amount,
            reason: offer.reason.clone(),
            override_reason: above.and(overriding).map(String::from),
        });
        c.status = Some(ClaimStatus::Offered);
        Ok(())
    })?;
    let mut text = format!(
        "Offered {id}: {kind} {} {}",
        offer.amount, snapshot.settings.currency
    );
    if let (Some(limit), Some(reason)) = (above, overriding) {
        text.push_str(&format!(
            " (above {}, {}; override recorded: {reason})",
            limit.amount, limit.what
        ));
    }
    Ok(Outcome::new(change.into_iter().collect(), text))
}

/// An assessment's details, as given on the command line.
#[derive(Clone, Debug, Default)]
pub struct AssessParams {
    pub by: Option<String>,
    pub notes: Option<String>,
    pub third_party: bool,
    /// Work out the outcome and report it; change nothing.
    pub dry_run: bool,
}

/// Assesses a claim against the written compensation policy and records the offer it gives.
/// The report is the explanation, one line per step, as printed.
pub fn assess(
    snapshot: &Snapshot,
    id: &Id,
    params: &AssessParams,
    on: NaiveDate,
) -> Result<Outcome<String>> {
    let claim = &snapshot.claim(id)?.value;
    match claim.status() {
        ClaimStatus::Accepted | ClaimStatus::Paid => bail!(
            "{id} is {}: its offer was accepted and stands; it cannot be assessed again",
            claim.status().as_str()
        ),
        ClaimStatus::Rejected | ClaimStatus::Withdrawn => {
            bail!("{id} is {}; it cannot be assessed", claim.status().as_str())
        }
        _ => {}
    }
    if on < claim.received {
        bail!(
            "--on {on} is before the claim was received ({})",
            claim.received
        );
    }
    let incident = &snapshot.incident(&claim.incident)?.value;
    let settings = &snapshot.settings;
    let outcome = policy_assess(
        settings,
        incident,
        claim,
        snapshot.claims.iter().map(|r| &r.value),
    );
    let mut lines = Vec::new();
    for (rule, why) in &outcome.skipped {
        lines.push(format!("rule {rule} does not apply: {why}"));
    }
    let mut notes: Vec<String> = Vec::new();
    let offer: Option<(String, Money)> = match (&outcome.rule, &outcome.offer) {
        (Some(rule_id), Some((kind, amount))) => {
            if let Some(rule) = settings
                .compensation
                .rules
                .iter()
                .find(|r| &r.id == rule_id)
            {
                lines.push(format!(
                    "rule {rule_id} applies: {}",
                    why_it_applies(rule, incident, claim)
                ));
            }
            for step in &outcome.steps {
                lines.push(format!("  {step}"));
            }
            if amount.minor() == 0 {
                lines.push(format!(
                    "no offer: {} has nothing left of the per-customer limit {}",
                    claim.customer, settings.compensation.per_customer_limit
                ));
                notes.push(format!(
                    "eligible under {rule_id}, but the per-customer limit is used up"
                ));
                None
            } else {
                lines.push(format!("offer: {kind} {amount} {}", settings.currency));
                Some((kind.clone(), *amount))
            }
        }
        _ => {
            let reason = if settings.compensation.rules.is_empty() {
                "the policy has no rules (settings compensation.rules)".to_string()
            } else {
                "no rule of the compensation policy applies".to_string()
            };
            lines.push(format!("not eligible under policy: {reason}"));
            notes.push(format!("not eligible under policy: {reason}"));
            notes.extend(outcome.skipped.iter().map(|(r, why)| format!("{r}: {why}")));
            None
        }
    };
    if let Some(n) = &params.notes {
        notes.insert(0, n.clone());
    }
    let mut text = format!("{id} ({}, {}):\n", claim.customer, claim.incident);
    for line in &lines {
        text.push_str(&format!("  {line}\n"));
    }
    if params.dry_run {
        text.push_str("(dry run: nothing recorded)\n");
        return Ok(Outcome::new(Vec::new(), text));
    }
    let rule = outcome.rule.clone();
    let steps = outcome.steps.join("; ");
    let (_, change) = modify::<Claim>(snapshot, id, |c: &mut Claim| {
        c.assessment = Some(Assessment {
            on,
            by: params.by.clone().filter(|b| !b.trim().is_empty()),
            eligible: rule.is_some(),
            rule: rule.clone(),
            third_party: params.third_party.then_some(true),
            notes: (!notes.is_empty()).then(|| notes.join("; ")),
        });
        match &offer {
            Some((kind, amount)) => {
                c.offer = Some(Offer {
                    on,
                    kind: kind.clone(),
                    amount: *amount,
                    reason: Some(format!(
                        "rule {}: {steps}",
                        rule.as_deref().unwrap_or_default()
                    )),
                    override_reason: None,
                });
                c.status = Some(ClaimStatus::Offered);
            }
            None => {
                c.offer = None;
                c.status = Some(ClaimStatus::Assessing);
            }
        }
        Ok(())
    })?;
    if offer.is_none() {
        text.push_str(&format!(
            "recorded the assessment; reject the claim with `risk claim decide {id} reject --note ...`, or make an offer by hand with `risk claim offer {id} --amount ...`\n"
        ));
    } else {
        text.push_str("recorded the assessment and the offer\n");
    }
    Ok(Outcome::new(change.into_iter().collect(), text))
}

/// A claim as received, before it has an id.
#[derive(Clone, Debug)]
pub struct NewClaim {
    pub incident: Id,
    pub customer: String,
    pub received: NaiveDate,
    pub channel: Option<crate::model::claim::Channel>,
    pub kind: Option<String>,
    pub amount: Option<Money>,
    pub evidence: Vec<String>,
    pub acknowledged: Option<NaiveDate>,
}

/// What `claim add` did: the new id and file, for the confirmation.
#[derive(Clone, Debug)]
pub struct Added {
    pub id: Id,
    pub file: String,
    pub claim: Claim,
}

/// Records a claim received from one (pseudonymous) customer, under the next free id.
pub fn add(snapshot: &Snapshot, new: &NewClaim, today: NaiveDate) -> Result<Outcome<Added>> {
    use crate::check::personal::is_pseudonymous;
    use crate::model::Kind;
    use crate::model::claim::Request;
    let customer = new.customer.trim().to_string();
    if let Err(message) = is_pseudonymous(&customer) {
        bail!("--customer: {message}");
    }
    let incident = &new.incident;
    let detected = snapshot.incident(incident)?.value.detected.date_naive();
    let received = new.received;
    if received > today {
        bail!("--received {received} is after today ({today})");
    }
    if received < detected {
        bail!("--received {received} is before {incident} was detected ({detected})");
    }
    let template = Claim {
        id: Id::new(Kind::Claim, 0),
        incident: incident.clone(),
        customer,
        received,
        channel: new.channel,
        proactive: None,
        requested: new.kind.clone().map(|kind| Request {
            kind,
            amount: new.amount,
        }),
        evidence: new.evidence.clone(),
        status: Some(ClaimStatus::Received),
        acknowledged: new.acknowledged,
        assessment: None,
        offer: None,
        decision_note: None,
        accepted: None,
        paid: None,
        satisfaction: None,
    };
    let problems = template.validate(&snapshot.settings);
    if !problems.is_empty() {
        let text = crate::codec::write(&template);
        return Err(crate::error::Error::input(crate::snapshot::located(
            "claim add",
            &text,
            problems,
        ))
        .into());
    }
    let (id, file, change) = super::create(snapshot, Kind::Claim, |id| Claim {
        id,
        ..template.clone()
    })?;
    let claim = Claim {
        id: id.clone(),
        ..template
    };
    Ok(Outcome::new(vec![change], Added { id, file, claim }))
}
