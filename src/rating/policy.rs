//! The written compensation policy applied to one claim (DESIGN 6.5): the first matching rule,
//! its offer, and the caps of the rule's `max` and the per-customer limit. Integer money only.

use crate::model::settings::CompensationRule;
use crate::model::{Claim, Incident, Money, Settings};

/// Why a rule does not apply to a claim, or `None` when it does.
///
/// `harms` matches when the incident has ANY of the listed harms; `min_severity` and
/// `max_severity` bound the incident's severity; `types` must hold the requested type.
/// A `percent_of_request` rule needs a requested amount.
pub fn mismatch(rule: &CompensationRule, incident: &Incident, claim: &Claim) -> Option<String> {
    let when = &rule.when;
    if !when.harms.is_empty() && !when.harms.iter().any(|h| incident.harms.contains(h)) {
        let has = if incident.harms.is_empty() {
            "no harms".to_string()
        } else {
            format!("harms {}", incident.harms.join(", "))
        };
        return Some(format!(
            "needs one of the harms {}, but {} has {has}",
            when.harms.join(", "),
            incident.id
        ));
    }
    if let Some(min) = when.min_severity
        && incident.severity < min
    {
        return Some(format!(
            "needs severity {min} or more, but {} has severity {}",
            incident.id, incident.severity
        ));
    }
    if let Some(max) = when.max_severity
        && incident.severity > max
    {
        return Some(format!(
            "needs severity {max} or less, but {} has severity {}",
            incident.id, incident.severity
        ));
    }
    let requested = claim.requested.as_ref();
    if !when.types.is_empty() {
        match requested {
            Some(r) if when.types.iter().any(|t| *t == r.kind) => {}
            Some(r) => {
                return Some(format!(
                    "applies to requests of type {}, not {}",
                    when.types.join(", "),
                    r.kind
                ));
            }
            None => {
                return Some(format!(
                    "applies to requests of type {}, and the claim requests nothing",
                    when.types.join(", ")
                ));
            }
        }
    }
    if rule.offer.amount.is_none()
        && rule.offer.percent_of_request.is_some()
        && requested.and_then(|r| r.amount).is_none()
    {
        return Some(
            "offers a percentage of the requested amount, and the claim names no amount".into(),
        );
    }
    None
}

/// The outcome of the policy for one claim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assessment {
    /// The rule that applied, if any.
    pub rule: Option<String>,
    /// Why each earlier rule did not apply, in policy order: `(rule id, reason)`.
    pub skipped: Vec<(String, String)>,
    /// The offer, when a rule applied: type and amount after every cap.
    pub offer: Option<(String, Money)>,
    /// How the amount was reached, one step per line (`100% of 420.00 = 420.00`, caps).
    pub steps: Vec<String>,
    /// What is left of the per-customer limit before this claim.
    pub limit_left: Money,
}

impl Assessment {
    pub fn eligible(&self) -> bool {
        self.rule.is_some()
    }
}

/// What the customer's other claims have committed (their counted offers), all incidents.
pub fn committed_elsewhere<'a>(
    claims: impl IntoIterator<Item = &'a Claim>,
    claim: &Claim,
) -> Money {
    let others = claims.into_iter().filter(|c| c.id != claim.id);
    super::compensation::committed_to_customer(others, &claim.customer)
}

/// What is left of the per-customer limit for `claim`, after the customer's other claims.
pub fn limit_left<'a>(
    settings: &Settings,
    claims: impl IntoIterator<Item = &'a Claim>,
    claim: &Claim,
) -> Money {
    settings
        .compensation
        .per_customer_limit
        .saturating_sub(committed_elsewhere(claims, claim))
}

/// The rule's amount before the per-customer limit: fixed, or a percentage of the request
/// rounded half away from zero to the cent, then capped by the rule's `max` (after rounding).
pub fn rule_amount(rule: &CompensationRule, claim: &Claim, steps: &mut Vec<String>) -> Money {
    let requested = claim.requested.as_ref().and_then(|r| r.amount);
    let mut amount = match (rule.offer.amount, rule.offer.percent_of_request, requested) {
        (Some(fixed), _, _) => {
            steps.push(format!("fixed amount {fixed}"));
            fixed
        }
        (None, Some(percent), Some(req)) => {
            let a = req.percent(percent);
            steps.push(format!("{percent}% of the requested {req} = {a}"));
            a
        }
        _ => {
            steps.push("the rule names no amount: 0.00".into());
            Money::ZERO
        }
    };
    if let Some(max) = rule.offer.max
        && amount > max
    {
        steps.push(format!("capped at the rule's max {max}"));
        amount = max;
    }
    amount
}

/// Applies the policy to `claim` of `incident`: the first rule that matches, its amount,
/// capped by the rule's max and by what is left of the per-customer limit across `claims`.
pub fn assess<'a>(
    settings: &Settings,
    incident: &Incident,
    claim: &Claim,
    claims: impl IntoIterator<Item = &'a Claim>,
) -> Assessment {
    assess_within(
        settings,
        incident,
        claim,
        limit_left(settings, claims, claim),
    )
}

/// [`assess`] with what is left of the customer's limit already known (`left`), for callers
/// that assess many claims and keep the customers' committed totals themselves.
pub fn assess_within(
    settings: &Settings,
    incident: &Incident,
    claim: &Claim,
    left: Money,
) -> Assessment {
    let mut skipped = Vec::new();
    for rule in &settings.compensation.rules {
        if let Some(why) = mismatch(rule, incident, claim) {
            skipped.push((rule.id.clone(), why));
            continue;
        }
        let mut steps = Vec::new();
        let mut amount = rule_amount(rule, claim, &mut steps);
        if amount > left {
            steps.push(format!(
                "capped at {left}, what is left of the per-customer limit {} for {}",
                settings.compensation.per_customer_limit, claim.customer
            ));
            amount = left;
        }
        return Assessment {
            rule: Some(rule.id.clone()),
            skipped,
            offer: Some((rule.offer.kind.clone(), amount)),
            steps,
            limit_left: left,
        };
    }
    Assessment {
        rule: None,
        skipped,
        offer: None,
        steps: Vec::new(),
        limit_left: left,
    }
}

/// Why a matching rule applies: each of its conditions and the fact that meets it.
pub fn why_it_applies(rule: &CompensationRule, incident: &Incident, claim: &Claim) -> String {
    let when = &rule.when;
    let mut parts = Vec::new();
    if !when.harms.is_empty() {
        let hit: Vec<&str> = when
            .harms
            .iter()
            .filter(|h| incident.harms.contains(h))
            .map(String::as_str)
            .collect();
        parts.push(format!(
            "{} has harm {} (the rule needs one of {})",
            incident.id,
            hit.join(", "),
            when.harms.join(", ")
        ));
    }
    if let Some(min) = when.min_severity {
        parts.push(format!("severity {} >= {min}", incident.severity));
    }
    if let Some(max) = when.max_severity {
        parts.push(format!("severity {} <= {max}", incident.severity));
    }
    if !when.types.is_empty()
        && let Some(r) = &claim.requested
    {
        parts.push(format!("the request is a {}", r.kind));
    }
    if parts.is_empty() {
        "the rule has no conditions: it applies to every claim".into()
    } else {
        parts.join("; ")
    }
}

/// One limit an offer must stay within: its name and the amount.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limit {
    pub what: String,
    pub amount: Money,
}

/// The rule that governs an offer on `claim`: the one its assessment names, or, before any
/// assessment, the rule the policy would choose for it (given its `incident`). `chosen` is
/// true for the latter.
pub fn governing_rule<'s>(
    settings: &'s Settings,
    incident: Option<&Incident>,
    claim: &Claim,
) -> Option<(&'s CompensationRule, bool)> {
    match &claim.assessment {
        Some(a) => a
            .rule
            .as_deref()
            .and_then(|id| settings.compensation.rules.iter().find(|r| r.id == id))
            .map(|r| (r, false)),
        None => {
            let incident = incident?;
            settings
                .compensation
                .rules
                .iter()
                .find(|r| mismatch(r, incident, claim).is_none())
                .map(|r| (r, true))
        }
    }
}

/// The limits an offer on `claim` must respect: the `max` of the rule that governs it (see
/// [`governing_rule`]; when that rule has one) and what is left of the per-customer limit
/// after `others`.
pub fn limits<'a>(
    settings: &Settings,
    incident: Option<&Incident>,
    claim: &Claim,
    others: impl IntoIterator<Item = &'a Claim>,
) -> Vec<Limit> {
    let mut out = Vec::new();
    if let Some((rule, chosen)) = governing_rule(settings, incident, claim)
        && let Some(max) = rule.offer.max
    {
        out.push(Limit {
            what: if chosen {
                format!(
                    "the max of rule {}, the rule the policy chooses for this claim",
                    rule.id
                )
            } else {
                format!("the max of rule {}", rule.id)
            },
            amount: max,
        });
    }
    let committed = committed_elsewhere(others, claim);
    let limit = settings.compensation.per_customer_limit;
    out.push(Limit {
        what: format!(
            "the per-customer limit {limit} less {committed} already offered to {} = {}",
            claim.customer,
            limit.saturating_sub(committed)
        ),
        amount: limit.saturating_sub(committed),
    });
    out
}

/// The first limit `amount` is above, if any.
pub fn exceeded(limits: &[Limit], amount: Money) -> Option<&Limit> {
    limits.iter().find(|l| amount > l.amount)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec as yaml;

    fn settings(rules: &str) -> Settings {
        yaml::parse(&format!(
            "compensation:\n  per_customer_limit: 600.00\n  rules:\n{rules}"
        ))
        .unwrap()
    }

    const RULES: &str = "  - id: delay-over-3h
    when: {harms: [delay], min_severity: 3}
    offer: {type: refund, percent_of_request: 100, max: 400.00}
  - id: billing-half
    when: {harms: [billing, privacy], types: [refund]}
    offer: {type: refund, percent_of_request: 50}
  - id: goodwill-minor
    when: {max_severity: 2}
    offer: {type: credit, amount: 25.00}
";

    fn incident(severity: u8, harms: &str) -> Incident {
        yaml::parse(&format!(
            "id: INC-0001\ntitle: T\nseverity: {severity}\nharms: [{harms}]\ndetected: 2026-09-26T08:00:00+00:00\n"
        ))
        .unwrap()
    }

    fn claim(id: u32, customer: &str, kind: &str, amount: &str, offer: Option<&str>) -> Claim {
        let mut text = format!(
            "id: CLM-{id}\nincident: INC-0001\ncustomer: {customer}\nreceived: 2026-10-01\nrequested: {{type: {kind}, amount: {amount}}}\n"
        );
        if let Some(o) = offer {
            text.push_str(&format!(
                "status: offered\noffer: {{on: 2026-10-02, type: refund, amount: {o}}}\n"
            ));
        }
        yaml::parse(&text).unwrap()
    }

    #[test]
    fn the_first_matching_rule_applies() {
        let s = settings(RULES);
        let c = claim(1, "CUST-1", "refund", "300.00", None);
        // Severity 4 delay: the first rule.
        let a = assess(&s, &incident(4, "delay"), &c, []);
        assert_eq!(a.rule.as_deref(), Some("delay-over-3h"));
        assert_eq!(
            a.offer,
            Some(("refund".into(), Money::parse("300.00").unwrap()))
        );
        // Severity 2 delay and billing: the first rule fails on severity, the second matches
        // (any listed harm is enough), the third is never reached.
        let a = assess(&s, &incident(2, "delay, billing"), &c, []);
        assert_eq!(a.rule.as_deref(), Some("billing-half"));
        assert_eq!(a.skipped.len(), 1);
        assert!(
            a.skipped[0].1.contains("severity 3 or more"),
            "{:?}",
            a.skipped
        );
        // A credit request of severity 2 billing: the second fails on type, the third applies.
        let credit = claim(2, "CUST-1", "credit", "80.00", None);
        let a = assess(&s, &incident(2, "billing"), &credit, []);
        assert_eq!(a.rule.as_deref(), Some("goodwill-minor"));
        assert_eq!(
            a.offer,
            Some(("credit".into(), Money::parse("25.00").unwrap()))
        );
    }

    #[test]
    fn no_rule_says_why_each_failed() {
        let s = settings(RULES);
        let c = claim(1, "CUST-1", "credit", "50.00", None);
        let a = assess(&s, &incident(3, "safety"), &c, []);
        assert!(!a.eligible());
        assert_eq!(a.offer, None);
        let reasons: Vec<&str> = a.skipped.iter().map(|(_, r)| r.as_str()).collect();
        assert_eq!(reasons.len(), 3);
        assert!(reasons[0].contains("one of the harms delay"));
        assert!(reasons[1].contains("one of the harms billing, privacy"));
        assert!(reasons[2].contains("severity 2 or less"));
    }

    #[test]
    fn percentages_round_half_away_from_zero_and_caps_apply_after_rounding() {
        let s = settings(RULES);
        // 50% of 100.01 = 50.005 -> 50.01
        let c = claim(1, "CUST-1", "refund", "100.01", None);
        let a = assess(&s, &incident(2, "billing"), &c, []);
        assert_eq!(a.offer.unwrap().1, Money::from_minor(5001));
        // 100% of 400.01 is capped at the max 400.00.
        let c = claim(1, "CUST-1", "refund", "400.01", None);
        let a = assess(&s, &incident(5, "delay"), &c, []);
        assert_eq!(a.offer.unwrap().1, Money::parse("400.00").unwrap());
        assert!(a.steps.iter().any(|s| s.contains("max 400.00")));
        // Cap after rounding: 33% of 1212.13 = 400.0029 -> 400.00, not above the max.
        let s2 = settings(
            "  - id: third\n    when: {}\n    offer: {type: refund, percent_of_request: 33, max: 400.00}\n",
        );
        let c = claim(1, "CUST-1", "refund", "1212.13", None);
        let a = assess(&s2, &incident(5, "delay"), &c, []);
        assert_eq!(a.offer.unwrap().1, Money::parse("400.00").unwrap());
        assert_eq!(
            a.steps.len(),
            1,
            "rounding lands on the max, no cap step: {:?}",
            a.steps
        );
    }

    #[test]
    fn the_customer_limit_counts_other_claims_across_incidents() {
        let s = settings(RULES);
        let mut elsewhere = claim(7, "CUST-1", "refund", "350.00", Some("350.00"));
        elsewhere.incident = crate::model::Id::parse("INC-0009").unwrap();
        let other_customer = claim(8, "CUST-2", "refund", "500.00", Some("500.00"));
        let c = claim(1, "CUST-1", "refund", "300.00", None);
        let all = [elsewhere.clone(), other_customer, c.clone()];
        let a = assess(&s, &incident(4, "delay"), &c, &all);
        assert_eq!(a.limit_left, Money::parse("250.00").unwrap());
        assert_eq!(a.offer.unwrap().1, Money::parse("250.00").unwrap());
        // The claim's own earlier offer does not count against itself.
        let mut again = c.clone();
        again.offer = elsewhere.offer.clone();
        again.status = Some(crate::model::claim::ClaimStatus::Offered);
        assert_eq!(
            limit_left(&s, [&elsewhere, &again], &again),
            Money::parse("250.00").unwrap()
        );
        // A rejected offer does not count.
        let mut rejected = elsewhere.clone();
        rejected.status = Some(crate::model::claim::ClaimStatus::Rejected);
        assert_eq!(
            limit_left(&s, [&rejected], &c),
            Money::parse("600.00").unwrap()
        );
        // Nothing left: an offer of 0.00.
        let mut big = elsewhere.clone();
        big.offer.as_mut().unwrap().amount = Money::parse("600.00").unwrap();
        let a = assess(&s, &incident(4, "delay"), &c, [&big]);
        assert_eq!(a.offer.unwrap().1, Money::ZERO);
    }

    #[test]
    fn limits_name_the_rule_max_and_the_customer_limit() {
        let s = settings(RULES);
        let mut c = claim(1, "CUST-1", "refund", "300.00", None);
        c.assessment = yaml::parse("on: 2026-10-02\neligible: true\nrule: delay-over-3h\n").ok();
        let other = claim(2, "CUST-1", "refund", "100.00", Some("250.00"));
        let l = limits(&s, None, &c, [&other]);
        assert_eq!(l.len(), 2);
        assert_eq!(l[0].amount, Money::parse("400.00").unwrap());
        assert_eq!(l[1].amount, Money::parse("350.00").unwrap());
        assert_eq!(exceeded(&l, Money::parse("350.00").unwrap()), None);
        assert_eq!(
            exceeded(&l, Money::parse("350.01").unwrap()).map(|l| l.amount),
            Some(Money::parse("350.00").unwrap())
        );
        assert_eq!(
            exceeded(&l, Money::parse("400.01").unwrap()).map(|l| l.amount),
            Some(Money::parse("400.00").unwrap()),
            "the rule's max is named first"
        );
    }

    #[test]
    fn an_unassessed_claim_is_held_to_the_rule_the_policy_would_choose() {
        let s = settings(RULES);
        let c = claim(1, "CUST-1", "refund", "500.00", None);
        let l = limits(&s, Some(&incident(4, "delay")), &c, []);
        assert_eq!(
            exceeded(&l, Money::parse("450.00").unwrap()).map(|l| l.what.as_str()),
            Some("the max of rule delay-over-3h, the rule the policy chooses for this claim")
        );
        // Without the incident, only the customer's limit is known.
        let l = limits(&s, None, &c, []);
        assert_eq!(exceeded(&l, Money::parse("450.00").unwrap()), None);
    }

    #[test]
    fn a_percentage_rule_needs_a_requested_amount() {
        let s = settings(RULES);
        let mut c = claim(1, "CUST-1", "refund", "10.00", None);
        c.requested.as_mut().unwrap().amount = None;
        let a = assess(&s, &incident(4, "delay"), &c, []);
        assert_eq!(
            a.rule, None,
            "both percentage rules skip, severity 4 fails goodwill"
        );
        assert!(a.skipped[0].1.contains("names no amount"));
    }
}
