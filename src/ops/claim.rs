//! The claim lifecycle (DESIGN 4, 6.5): which statuses may move where, and the offers the
//! written policy gives. Each step reads a snapshot and returns the claim's new file.

use anyhow::{Result, bail};
use chrono::NaiveDate;

use super::{Outcome, modify};
use crate::model::claim::{Assessment, ClaimStatus, Offer};
use crate::model::{Claim, Id, Money};
use crate::rating::policy::{
    assess as policy_assess, exceeded, limit_left, limits, why_it_applies,
};
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
        (None, Some(r)) => r.kind.to_string(),
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
    let incident = snapshot
        .incidents
        .iter()
        .find(|r| r.value.id == claim.incident)
        .map(|r| &r.value);
    let limits = limits(&snapshot.settings, incident, claim, others);
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
            kind: kind.as_str().into(),
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
                let left = limit_left(settings, snapshot.claims.iter().map(|r| &r.value), claim);
                if left.minor() == 0 {
                    lines.push(format!(
                        "no offer: {} has nothing left of the per-customer limit {}",
                        claim.customer, settings.compensation.per_customer_limit
                    ));
                    notes.push(format!(
                        "eligible under {rule_id}, but the per-customer limit is used up"
                    ));
                } else {
                    // The rule itself gives nothing (0 % of the request, or nothing requested).
                    lines.push(format!(
                        "no offer: rule {rule_id} gives 0.00 for this claim"
                    ));
                    notes.push(format!("eligible under {rule_id}, which gives 0.00 here"));
                }
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
            by: params
                .by
                .as_deref()
                .filter(|b| !b.trim().is_empty())
                .map(Into::into),
            eligible: rule.is_some(),
            rule: rule.clone(),
            third_party: params.third_party.then_some(true),
            notes: (!notes.is_empty()).then(|| notes.join("; ")),
        });
        match &offer {
            Some((kind, amount)) => {
                c.offer = Some(Offer {
                    on,
                    kind: kind.as_str().into(),
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
        reference: None,
        incident: incident.clone(),
        customer: customer.into(),
        received,
        channel: new.channel,
        proactive: None,
        requested: new.kind.clone().map(|kind| Request {
            kind: kind.into(),
            amount: new.amount,
        }),
        evidence: new.evidence.iter().map(Into::into).collect(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec;
    use crate::ops::Change;
    use crate::snapshot::testing::snapshot;

    const SETTINGS: &str = "compensation:\n  per_customer_limit: 500.00\n  rules:\n\
        \x20 - id: delay\n    when: {harms: [delay]}\n\
        \x20   offer: {type: refund, percent_of_request: 100, max: 400.00}\n";
    const INCIDENT: &str = "id: INC-0001\ntitle: Flights delayed\nseverity: 4\nharms:\n- delay\n\
        detected: 2026-11-01T09:00:00Z\n";

    fn claim(n: u32, customer: &str, amount: &str, rest: &str) -> String {
        format!(
            "id: CLM-{n:04}\nincident: INC-0001\ncustomer: {customer}\nreceived: 2026-11-02\n\
             requested:\n  type: refund\n  amount: {amount}\n{rest}"
        )
    }

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn id(text: &str) -> Id {
        Id::parse(text).unwrap()
    }

    /// The claim a change writes.
    fn written(changes: &[Change]) -> Claim {
        match changes {
            [Change::Replace { text, .. }] => codec::parse(text).unwrap(),
            other => panic!("expected one rewrite, got {other:?}"),
        }
    }

    #[test]
    fn assessment_offers_what_the_rule_gives_and_explains_each_step() {
        let c1 = claim(1, "CUST-1", "250.00", "status: received\n");
        let s = snapshot(SETTINGS, &[INCIDENT, &c1]);
        let params = AssessParams::default();
        let outcome = assess(&s, &id("CLM-0001"), &params, day("2026-11-10")).unwrap();
        let after = written(&outcome.changes);
        assert_eq!(after.status(), ClaimStatus::Offered);
        let offer = after.offer.unwrap();
        assert_eq!(
            (offer.kind.as_str(), offer.amount.to_string()),
            ("refund", "250.00".into())
        );
        assert!(
            outcome.report.contains("rule delay applies"),
            "{}",
            outcome.report
        );
        assert!(
            outcome.report.contains("offer: refund 250.00 EUR"),
            "{}",
            outcome.report
        );
        assert!(
            outcome
                .report
                .ends_with("recorded the assessment and the offer\n")
        );
    }

    #[test]
    fn the_customer_limit_caps_an_offer_and_a_used_up_limit_says_so() {
        let c1 = claim(
            1,
            "CUST-1",
            "400.00",
            "status: offered\noffer:\n  on: 2026-11-05\n  type: refund\n  amount: 400.00\n",
        );
        let c2 = claim(2, "CUST-1", "300.00", "status: received\n");
        let s = snapshot(SETTINGS, &[INCIDENT, &c1, &c2]);
        let outcome = assess(
            &s,
            &id("CLM-0002"),
            &AssessParams::default(),
            day("2026-11-10"),
        )
        .unwrap();
        assert_eq!(
            written(&outcome.changes).offer.unwrap().amount.to_string(),
            "100.00"
        );

        let c2 = claim(
            2,
            "CUST-1",
            "300.00",
            "status: offered\noffer:\n  on: 2026-11-05\n  type: refund\n  amount: 100.00\n",
        );
        let c3 = claim(3, "CUST-1", "50.00", "status: received\n");
        let s = snapshot(SETTINGS, &[INCIDENT, &c1, &c2, &c3]);
        let outcome = assess(
            &s,
            &id("CLM-0003"),
            &AssessParams::default(),
            day("2026-11-10"),
        )
        .unwrap();
        assert!(written(&outcome.changes).offer.is_none());
        assert!(
            outcome
                .report
                .contains("no offer: CUST-1 has nothing left of the per-customer limit 500.00"),
            "{}",
            outcome.report
        );
    }

    #[test]
    fn a_rule_that_gives_nothing_is_not_blamed_on_the_limit() {
        let c1 = claim(1, "CUST-1", "0.00", "status: received\n");
        let s = snapshot(SETTINGS, &[INCIDENT, &c1]);
        let outcome = assess(
            &s,
            &id("CLM-0001"),
            &AssessParams::default(),
            day("2026-11-10"),
        )
        .unwrap();
        assert!(
            outcome.report.contains("no offer: rule delay gives 0.00"),
            "{}",
            outcome.report
        );
        assert!(
            !outcome.report.contains("per-customer limit"),
            "{}",
            outcome.report
        );
    }

    #[test]
    fn a_dry_run_changes_nothing() {
        let c1 = claim(1, "CUST-1", "250.00", "status: received\n");
        let s = snapshot(SETTINGS, &[INCIDENT, &c1]);
        let params = AssessParams {
            dry_run: true,
            ..AssessParams::default()
        };
        let outcome = assess(&s, &id("CLM-0001"), &params, day("2026-11-10")).unwrap();
        assert!(outcome.changes.is_empty());
        assert!(outcome.report.ends_with("(dry run: nothing recorded)\n"));
    }

    #[test]
    fn the_lifecycle_moves_only_forward() {
        let offered = claim(
            1,
            "CUST-1",
            "250.00",
            "status: offered\noffer:\n  on: 2026-11-05\n  type: refund\n  amount: 250.00\n",
        );
        let s = snapshot(SETTINGS, &[INCIDENT, &offered]);
        let clm = id("CLM-0001");
        // Paying before acceptance is refused; a rejection needs its reason.
        let err = pay(&s, &clm, day("2026-11-10")).unwrap_err().to_string();
        assert!(err.contains("is offered, not accepted"), "{err}");
        let err = decide(&s, &clm, Decision::Reject, Some("  "), day("2026-11-10")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "a rejection needs its reason: --note \"...\""
        );
        // Accepting records the date and says when payment is due.
        let outcome = decide(&s, &clm, Decision::Accept, None, day("2026-11-10")).unwrap();
        let accepted = written(&outcome.changes);
        assert_eq!(accepted.status(), ClaimStatus::Accepted);
        assert_eq!(
            outcome.report,
            "CLM-0001 is accepted (2026-11-10); payment due by 2026-11-24 (`risk claim pay CLM-0001`)"
        );
        // Once accepted, it can be paid, but no longer assessed or offered.
        let text = codec::write(&accepted);
        let s = snapshot(SETTINGS, &[INCIDENT, &text]);
        let outcome = pay(&s, &clm, day("2026-11-12")).unwrap();
        assert_eq!(written(&outcome.changes).status(), ClaimStatus::Paid);
        assert_eq!(outcome.report, "Paid CLM-0001: 250.00 EUR on 2026-11-12");
        let err = assess(&s, &clm, &AssessParams::default(), day("2026-11-12")).unwrap_err();
        assert!(
            err.to_string().contains("cannot be assessed again"),
            "{err}"
        );
    }

    #[test]
    fn an_offer_above_the_limits_needs_an_override_with_a_reason() {
        let c1 = claim(1, "CUST-1", "250.00", "status: received\n");
        let s = snapshot(SETTINGS, &[INCIDENT, &c1]);
        let mut offer_by_hand = ManualOffer {
            amount: Money::parse("600.00").unwrap(),
            kind: None,
            reason: None,
            override_reason: None,
            on: day("2026-11-10"),
        };
        let err = offer(&s, &id("CLM-0001"), &offer_by_hand)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains(
                "is above 400.00 (the max of rule delay, the rule the policy chooses for this claim)"
            ),
            "{err}"
        );
        offer_by_hand.override_reason = Some(" ".into());
        let err = offer(&s, &id("CLM-0001"), &offer_by_hand)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("--override needs a reason"), "{err}");
        offer_by_hand.override_reason = Some("vulnerable customer".into());
        let outcome = offer(&s, &id("CLM-0001"), &offer_by_hand).unwrap();
        let made = written(&outcome.changes).offer.unwrap();
        assert_eq!(made.override_reason.as_deref(), Some("vulnerable customer"));
    }

    #[test]
    fn acknowledging_twice_is_refused_and_a_new_claim_takes_the_next_id() {
        let c1 = claim(
            1,
            "CUST-1",
            "250.00",
            "status: received\nacknowledged: 2026-11-03\n",
        );
        let s = snapshot(SETTINGS, &[INCIDENT, &c1]);
        let err = acknowledge(&s, &id("CLM-0001"), day("2026-11-04")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "CLM-0001 was already acknowledged on 2026-11-03"
        );
        let new = NewClaim {
            incident: id("INC-0001"),
            customer: "CUST-2".into(),
            received: day("2026-11-04"),
            channel: None,
            kind: Some("refund".into()),
            amount: Some(Money::parse("80.00").unwrap()),
            evidence: Vec::new(),
            acknowledged: None,
        };
        let outcome = add(&s, &new, day("2026-11-05")).unwrap();
        assert_eq!(outcome.report.id.to_string(), "CLM-0002");
        assert!(
            matches!(&outcome.changes[..], [Change::Create { rel, .. }] if rel.ends_with("CLM-0002.yaml"))
        );
        let err = add(
            &s,
            &NewClaim {
                customer: "jane@example.com".into(),
                ..new
            },
            day("2026-11-05"),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with("--customer: `jane@example.com` looks like a e-mail address"),
            "{err}"
        );
    }
}
