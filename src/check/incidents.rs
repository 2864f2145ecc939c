//! The rules of `risk check` about incidents and claims, references between records, and the
//! contents of records: dangling-ref, incident-duty, claim-sla, over-limit, over-budget,
//! evidence, contingency (DESIGN section 8); personal-data has its own module.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::check::{Finding, Level};
use crate::error::Located;
use crate::model::{Claim, Id, Incident, Kind, Money};
use crate::rating::compensation::{offer_counts, totals};
use crate::rating::duties::{Duty, State, claim_duties, claim_misses_a_duty, incident_duties};
use crate::snapshot::{Record, Snapshot};

/// A finding at the line of the first of `keys` found in the record (else its id line).
pub(super) fn at<T: serde::Serialize>(
    rule: &'static str,
    level: Level,
    record: &Record<T>,
    id: &Id,
    keys: &[&str],
    message: String,
) -> Finding {
    let (line, key) = record.place(keys);
    Finding {
        rule,
        level,
        record: Some(id.to_string()),
        at: Located {
            file: record.file().to_string(),
            line,
            key: Some(key.to_string()),
            message,
        },
    }
}

/// Ids of the record files present of a kind, parsed or not: a broken file is not missing.
pub(super) fn present(register: &Snapshot, kind: Kind) -> BTreeSet<&Id> {
    register
        .files
        .iter()
        .filter(|f| f.kind == kind)
        .filter_map(|f| f.id.as_ref())
        .collect()
}

/// An incident's `risks` and a claim's `incident` must name records that exist.
pub fn dangling_ref(register: &Snapshot, _today: NaiveDate) -> Vec<Finding> {
    let risks = present(register, Kind::Risk);
    let incidents = present(register, Kind::Incident);
    let mut out = Vec::new();
    for r in &register.incidents {
        for (i, risk) in r.value.risks.iter().enumerate() {
            if !risks.contains(risk) {
                out.push(at(
                    "dangling-ref",
                    Level::Error,
                    r,
                    &r.value.id,
                    &[&format!("risks[{i}]"), "risks"],
                    format!("{risk} does not exist (no file risks/{risk}.yaml)"),
                ));
            }
        }
    }
    for c in &register.claims {
        if !incidents.contains(&c.value.incident) {
            out.push(at(
                "dangling-ref",
                Level::Error,
                c,
                &c.value.id,
                &["incident"],
                format!(
                    "{} does not exist (no file incidents/{}.yaml)",
                    c.value.incident, c.value.incident
                ),
            ));
        }
    }
    out
}

fn missed(duty: &Duty) -> Option<String> {
    match duty.state {
        State::Late => Some(match duty.done {
            Some(done) => format!(
                "{} was due {} and done late, on {done}",
                duty.what,
                due_text(duty)
            ),
            None => format!(
                "{} was due {} and never sent before the incident was resolved",
                duty.what,
                due_text(duty)
            ),
        }),
        State::Overdue => Some(format!(
            "{} was due {} and is not done",
            duty.what,
            due_text(duty)
        )),
        State::Met | State::Pending => None,
    }
}

fn due_text(duty: &Duty) -> String {
    match duty.deadline {
        Some(t) => t.format("%Y-%m-%dT%H:%MZ").to_string(),
        None => duty.due.to_string(),
    }
}

/// A missed notify, update, regulator or post-incident review deadline: done late or not done.
pub fn incident_duty(register: &Snapshot, today: NaiveDate) -> Vec<Finding> {
    let mut out = Vec::new();
    for r in &register.incidents {
        for duty in incident_duties(&register.settings, &r.value, today) {
            let Some(message) = missed(&duty) else {
                continue;
            };
            let keys: &[&str] = match duty.kind {
                "notify" | "update" => &["communications", "detected"],
                "regulator" => &["regulator_notified", "personal_data_breach"],
                _ => &["review.held", "review", "resolved"],
            };
            out.push(at(
                "incident-duty",
                Level::Warning,
                r,
                &r.value.id,
                keys,
                format!("{}: {message}", duty.item),
            ));
        }
    }
    out
}

/// A missed acknowledge, decide or pay deadline of a claim.
pub fn claim_sla(register: &Snapshot, today: NaiveDate) -> Vec<Finding> {
    // Claims side by side (a large register has tens of thousands of late ones, each found on
    // its line), collected in claim order.
    register
        .claims
        .par_iter()
        // Most claims miss nothing: they are passed over without making their duties.
        .filter(|c| claim_misses_a_duty(&register.settings, &c.value, today))
        .flat_map_iter(|c| {
            claim_duties(&register.settings, &c.value, today)
                .into_iter()
                .filter_map(move |duty| {
                    let message = missed(&duty)?;
                    let keys: &[&str] = match duty.kind {
                        "acknowledge" => &["acknowledged", "received"],
                        "decide" => &["offer.on", "received"],
                        _ => &["paid", "accepted"],
                    };
                    Some(at(
                        "claim-sla",
                        Level::Warning,
                        c,
                        &c.value.id,
                        keys,
                        format!("{}: {message}", duty.item),
                    ))
                })
        })
        .collect()
}

/// The order in which offers were made: by offer date, then claim id.
fn offer_order(c: &Claim) -> (NaiveDate, &Id) {
    (
        c.offer.as_ref().map(|o| o.on).unwrap_or(NaiveDate::MAX),
        &c.id,
    )
}

/// An offer above the `max` of the rule its assessment names (of the rule the policy would
/// choose, when the claim was never assessed), or a customer whose offers
/// together pass the per-customer limit, without a recorded `override`. Over the limit, the
/// finding sits on the customer's latest offer, and an override on any of their offers covers
/// the excess (which offer carries it depends on the order the offers were made in).
pub fn over_limit(register: &Snapshot, _today: NaiveDate) -> Vec<Finding> {
    let settings = &register.settings;
    let overridden = |c: &Claim| {
        c.offer
            .as_ref()
            .and_then(|o| o.override_reason.as_deref())
            .is_some_and(|s| !s.trim().is_empty())
    };
    let mut out = Vec::new();
    // Each counted offer with its customer; grouped by customer below (a stable sort keeps
    // each customer's claims in file order, as a map of lists did, without a list each).
    let mut by_customer: Vec<(&str, &Record<Claim>)> = Vec::new();
    // Each claim's incident by id, the first record of an id as a search in order finds it.
    let mut incidents: HashMap<&Id, &Incident> = HashMap::with_capacity(register.incidents.len());
    for i in &register.incidents {
        incidents.entry(&i.value.id).or_insert(&i.value);
    }
    for r in &register.claims {
        let claim = &r.value;
        let Some(offer) = claim.offer.as_ref().filter(|_| offer_counts(claim)) else {
            continue;
        };
        by_customer.push((claim.customer.as_str(), r));
        if overridden(claim) {
            continue;
        }
        let incident = incidents.get(&claim.incident).copied();
        let governing = crate::rating::policy::governing_rule(settings, incident, claim);
        let rule = governing.map(|(r, _)| r);
        let chosen = if governing.is_some_and(|(_, chosen)| chosen) {
            ", the rule the policy chooses for this unassessed claim"
        } else {
            ""
        };
        if let Some((rule, max)) = rule.and_then(|r| r.offer.max.map(|m| (r, m)))
            && offer.amount > max
        {
            out.push(at(
                "over-limit",
                Level::Error,
                r,
                &claim.id,
                &["offer.amount", "offer"],
                format!(
                    "the offer {} is above {max} (the max of rule {}{chosen}); lower it, or record why with `risk claim offer {} --amount {} --override \"reason\"`",
                    offer.amount, rule.id, claim.id, offer.amount
                ),
            ));
        }
    }
    let limit = settings.compensation.per_customer_limit;
    by_customer.sort_by(|a, b| a.0.cmp(b.0));
    for group in by_customer.chunk_by(|a, b| a.0 == b.0) {
        let customer = group[0].0;
        let list = || group.iter().map(|(_, r)| *r);
        let total: Money = list()
            .filter_map(|r| r.value.offer.as_ref().map(|o| o.amount))
            .sum();
        if total <= limit || list().any(|r| overridden(&r.value)) {
            continue;
        }
        let Some(last) = list().max_by(|a, b| offer_order(&a.value).cmp(&offer_order(&b.value)))
        else {
            continue;
        };
        let mut ids: Vec<&Id> = list().map(|r| &r.value.id).collect();
        ids.sort();
        let ids: Vec<String> = ids.iter().map(|i| i.to_string()).collect();
        let amount = last
            .value
            .offer
            .as_ref()
            .map(|o| o.amount)
            .unwrap_or_default();
        out.push(at(
            "over-limit",
            Level::Error,
            last,
            &last.value.id,
            &["offer.amount", "offer"],
            format!(
                "{customer} has been offered {total} in all ({}), above the per-customer limit {limit}, and no offer records an override; lower an offer, or record why with `risk claim offer {} --amount {amount} --override \"reason\"`",
                ids.join(", "),
                last.value.id
            ),
        ));
    }
    out
}

/// Committed compensation (offers made, paid ones included) above the incident's budget.
pub fn over_budget(register: &Snapshot, _today: NaiveDate) -> Vec<Finding> {
    let incidents: Vec<_> = register.incidents.iter().map(|r| &r.value).collect();
    let claims: Vec<_> = register.claims.iter().map(|r| &r.value).collect();
    totals(incidents, claims)
        .into_iter()
        .filter(|t| t.over_budget())
        .filter_map(|t| {
            let r = register
                .incidents
                .iter()
                .find(|r| r.value.id.as_str() == t.incident)?;
            Some(at(
                "over-budget",
                Level::Warning,
                r,
                &r.value.id,
                &["compensation_budget"],
                format!(
                    "{} committed in offers is above the budget {} by {}",
                    t.offered,
                    t.budget.unwrap_or_default(),
                    t.offered - t.budget.unwrap_or_default()
                ),
            ))
        })
        .collect()
}

/// A risk realised by two or more incidents detected in the last 365 days, still rated
/// likelihood 1 or 2: the evidence says it happens. Incidents count by id, each once: two
/// files holding one incident (a duplicate id) are one piece of evidence, not two.
pub fn evidence(register: &Snapshot, today: NaiveDate) -> Vec<Finding> {
    let since = today
        .checked_sub_days(chrono::Days::new(365))
        .unwrap_or(NaiveDate::MIN);
    let mut out = Vec::new();
    for r in &register.risks {
        let risk = &r.value;
        if risk.likelihood > 2 {
            continue;
        }
        let mut recent: Vec<&Id> = register
            .incidents
            .iter()
            .map(|i| &i.value)
            .filter(|i| i.risks.contains(&risk.id))
            .filter(|i| {
                let d = i.detected.with_timezone(&chrono::Utc).date_naive();
                d > since && d <= today
            })
            .map(|i| &i.id)
            .collect();
        recent.sort();
        recent.dedup();
        if recent.len() >= 2 {
            let ids: Vec<String> = recent.iter().map(|i| i.to_string()).collect();
            out.push(at(
                "evidence",
                Level::Warning,
                r,
                &risk.id,
                &["likelihood"],
                format!(
                    "is rated {} ({}) but {} incidents realised it in the last 365 days ({}); raise the likelihood with `risk edit {} --set likelihood=N`",
                    risk.likelihood,
                    register
                        .settings
                        .scales
                        .likelihood
                        .get(risk.likelihood as usize - 1)
                        .map(String::as_str)
                        .unwrap_or("?"),
                    recent.len(),
                    ids.join(", "),
                    risk.id
                ),
            ));
        }
    }
    out
}

/// An impact level in the top two levels of the scale, where a risk needs a contingency plan.
pub fn needs_contingency(settings: &crate::model::Settings, impact: u8) -> bool {
    impact >= settings.impact_levels().saturating_sub(1).max(1)
}

/// An open risk whose impact is at the top two levels of the scale and that has no
/// contingency plan: the low-likelihood, high-impact risks teams forget to prepare for.
pub fn contingency(register: &Snapshot, _today: NaiveDate) -> Vec<Finding> {
    register
        .risks
        .iter()
        .filter(|r| r.value.is_open() && r.value.contingency.is_empty())
        .filter(|r| needs_contingency(&register.settings, r.value.impact.overall()))
        .map(|r| {
            let impact = r.value.impact.overall();
            at(
                "contingency",
                Level::Warning,
                r,
                &r.value.id,
                &["impact"],
                format!(
                    "impact {impact} ({}) is in the top two levels of the scale but there is no contingency plan; add the steps to take if it happens under `contingency:`",
                    register
                        .settings
                        .scales
                        .impact
                        .get(impact as usize - 1)
                        .map(String::as_str)
                        .unwrap_or("?")
                ),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::codec as yaml;
    use crate::model::{Incident, Risk, Settings};
    use crate::snapshot::RecordFile;

    fn record<T: serde::de::DeserializeOwned + serde::Serialize>(
        dir: &str,
        id: &str,
        text: &str,
    ) -> Record<T> {
        Record::new(
            yaml::parse(text).unwrap(),
            format!("register/{dir}/{id}.yaml"),
            PathBuf::from(format!("{dir}/{id}.yaml")),
            text.to_string(),
            false,
        )
    }

    fn register(settings: &str, risks: &[&str], incidents: &[&str], claims: &[&str]) -> Snapshot {
        let id_of = |text: &str| {
            text.lines()
                .next()
                .unwrap()
                .trim_start_matches("id: ")
                .to_string()
        };
        let mut files = Vec::new();
        let mut add = |kind: Kind, id: &str| {
            files.push(RecordFile::new(
                kind,
                Id::parse(id).ok(),
                String::new(),
                PathBuf::new(),
            ))
        };
        for t in risks {
            add(Kind::Risk, &id_of(t));
        }
        for t in incidents {
            add(Kind::Incident, &id_of(t));
        }
        for t in claims {
            add(Kind::Claim, &id_of(t));
        }
        Snapshot {
            display_root: "register".into(),
            settings: if settings.is_empty() {
                Settings::default()
            } else {
                yaml::parse(settings).unwrap()
            },
            settings_text: settings.into(),
            risks: risks
                .iter()
                .map(|t| record::<Risk>("risks", &id_of(t), t))
                .collect(),
            incidents: incidents
                .iter()
                .map(|t| record::<Incident>("incidents", &id_of(t), t))
                .collect(),
            claims: claims
                .iter()
                .map(|t| record::<Claim>("claims", &id_of(t), t))
                .collect(),
            files,
            ..Snapshot::default()
        }
    }

    fn today() -> NaiveDate {
        "2026-11-23".parse().unwrap()
    }

    fn claim(id: u32, customer: &str, on: &str, amount: &str, extra: &str) -> String {
        format!(
            "id: CLM-{id}\nincident: INC-1\ncustomer: {customer}\nreceived: 2026-10-01\nstatus: offered\noffer:\n  on: {on}\n  type: refund\n  amount: {amount}\n{extra}"
        )
    }

    #[test]
    fn over_limit_blames_the_latest_offer_of_a_customer_over_the_limit() {
        let s = "compensation:\n  per_customer_limit: 500.00\n";
        let claims = [
            claim(2, "CUST-1", "2026-10-05", "300.00", ""),
            claim(1, "CUST-1", "2026-10-02", "200.00", ""),
            claim(3, "CUST-1", "2026-10-05", "0.01", ""),
            claim(4, "CUST-2", "2026-10-05", "500.00", ""),
            claim(
                5,
                "CUST-3",
                "2026-10-05",
                "500.01",
                "  override: agreed by the COO\n",
            ),
            // An override on the earlier offer covers the customer's excess.
            claim(
                6,
                "CUST-4",
                "2026-10-05",
                "300.00",
                "  override: stranded overnight\n",
            ),
            claim(7, "CUST-4", "2026-10-06", "400.00", ""),
            // Without any override, the latest offer carries the finding.
            claim(9, "CUST-5", "2026-10-07", "300.00", ""),
            claim(8, "CUST-5", "2026-10-06", "400.00", ""),
        ];
        let refs: Vec<&str> = claims.iter().map(String::as_str).collect();
        let reg = register(s, &[], &[], &refs);
        let found = over_limit(&reg, today());
        let ids: Vec<&str> = found.iter().map(|f| f.record.as_deref().unwrap()).collect();
        assert_eq!(
            ids,
            ["CLM-3", "CLM-9"],
            "CUST-1: CLM-1 and CLM-2 reach exactly 500.00, CLM-3 (offered last) passes it"
        );
        assert_eq!(found[0].at.line, Some(9), "the line of offer.amount");
        assert!(
            found[0]
                .at
                .message
                .contains("CUST-1 has been offered 500.01 in all (CLM-1, CLM-2, CLM-3)"),
            "{}",
            found[0].at.message
        );
    }

    #[test]
    fn evidence_counts_incidents_of_the_last_365_days() {
        let risk = "id: RISK-1\ntitle: R\nlikelihood: 2\nimpact: 3\n";
        let inc = |n: u32, at: &str| {
            format!("id: INC-{n}\ntitle: I\nseverity: 2\nrisks: [RISK-1]\ndetected: {at}\n")
        };
        let old = inc(1, "2025-11-23T12:00:00+00:00");
        let recent = inc(2, "2025-11-24T00:00:00+00:00");
        let today_inc = inc(3, "2026-11-23T08:00:00+00:00");
        let reg = register("", &[risk], &[&old, &recent], &[]);
        assert!(
            evidence(&reg, today()).is_empty(),
            "365 days ago is outside the window"
        );
        let reg = register("", &[risk], &[&old, &recent, &today_inc], &[]);
        let found = evidence(&reg, today());
        assert_eq!(found.len(), 1);
        assert!(
            found[0].at.message.contains("2 incidents"),
            "{}",
            found[0].at.message
        );
        assert_eq!(found[0].at.line, Some(3));
        let likely = "id: RISK-1\ntitle: R\nlikelihood: 3\nimpact: 3\n";
        let reg = register("", &[likely], &[&recent, &today_inc], &[]);
        assert!(evidence(&reg, today()).is_empty());
    }

    #[test]
    fn evidence_counts_each_incident_once() {
        let risk = "id: RISK-1\ntitle: R\nlikelihood: 1\nimpact: 3\n";
        let inc = |id: &str, risks: &str| {
            format!(
                "id: {id}\ntitle: I\nseverity: 2\nrisks: {risks}\ndetected: 2026-10-01T00:00:00+00:00\n"
            )
        };
        // One incident in two files (a duplicate id, padded or not), one that names the risk
        // twice: one piece of evidence each time.
        let (a, b) = (inc("INC-1", "[RISK-1]"), inc("INC-0001", "[RISK-0001]"));
        let twice = inc("INC-2", "[RISK-1, RISK-0001]");
        for incidents in [vec![&a, &a], vec![&a, &b], vec![&twice]] {
            let incidents: Vec<&str> = incidents.into_iter().map(String::as_str).collect();
            let reg = register("", &[risk], &incidents, &[]);
            assert_eq!(evidence(&reg, today()), [], "{incidents:?}");
        }
        // Two incidents are two pieces, whatever else is listed twice.
        let reg = register("", &[risk], &[&a, &b, &twice], &[]);
        let found = evidence(&reg, today());
        assert_eq!(found.len(), 1);
        assert!(
            found[0]
                .at
                .message
                .contains("but 2 incidents realised it in the last 365 days (INC-1, INC-2)"),
            "{}",
            found[0].at.message
        );
    }

    #[test]
    fn contingency_follows_the_length_of_the_impact_scale() {
        let four = "scales:\n  impact: [low, medium, high, extreme]\n";
        let r =
            |impact: u8| format!("id: RISK-{impact}\ntitle: R\nlikelihood: 1\nimpact: {impact}\n");
        let (r2, r3, r4) = (r(2), r(3), r(4));
        let reg = register(four, &[&r2, &r3, &r4], &[], &[]);
        let ids: Vec<String> = contingency(&reg, today())
            .into_iter()
            .map(|f| f.record.unwrap())
            .collect();
        assert_eq!(ids, ["RISK-3", "RISK-4"]);
        let planned =
            "id: RISK-9\ntitle: R\nlikelihood: 1\nimpact: 4\ncontingency: [Call the insurer]\n";
        let closed = "id: RISK-8\ntitle: R\nstatus: closed\nlikelihood: 1\nimpact: 4\n";
        let reg = register(four, &[planned, closed], &[], &[]);
        assert!(contingency(&reg, today()).is_empty());
    }

    #[test]
    fn over_budget_compares_committed_offers_with_the_budget() {
        let inc = "id: INC-1\ntitle: I\nseverity: 2\ndetected: 2026-10-01T00:00:00+00:00\ncompensation_budget: 500.00\n";
        let a = claim(1, "CUST-1", "2026-10-02", "250.00", "");
        let b = claim(2, "CUST-2", "2026-10-02", "250.00", "");
        let reg = register("", &[], &[inc], &[&a, &b]);
        assert!(
            over_budget(&reg, today()).is_empty(),
            "exactly the budget is not over it"
        );
        let c = claim(3, "CUST-3", "2026-10-02", "0.01", "");
        let reg = register("", &[], &[inc], &[&a, &b, &c]);
        let found = over_budget(&reg, today());
        assert_eq!(found.len(), 1);
        assert!(
            found[0].at.message.contains("by 0.01"),
            "{}",
            found[0].at.message
        );
        assert_eq!(found[0].at.line, Some(5));
    }
}
