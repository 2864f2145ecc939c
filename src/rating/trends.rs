//! Incident trends: the service KPIs a team reports, grouped by month, harm, risk or stage.
//! Integer arithmetic only: means are kept in minutes and shown in hours with one decimal.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use indexmap::IndexMap;
use serde::Serialize;

use super::duties::{State, claim_duties, incident_duties};
use crate::model::claim::ClaimStatus;
use crate::model::{Claim, Id, Incident, Money, Risk, Settings};

/// How incidents are grouped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum By {
    /// The UTC month of detection (YYYY-MM)
    Month,
    /// Each harm of the incident
    Harm,
    /// Each risk the incident realised
    Risk,
    /// The stage of each risk the incident realised
    Stage,
}

/// One group's figures (the `trends` JSON output).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TrendRow {
    pub group: String,
    pub incidents: usize,
    /// Risks realised by two or more incidents (in the whole register) that this group holds.
    pub repeats: Vec<String>,
    pub customers_affected: u64,
    pub compensation_paid: Money,
    /// Mean hours from detection to containment, one decimal, over incidents contained.
    pub mean_hours_to_contain: Option<String>,
    /// Mean hours from detection to resolution, one decimal, over incidents resolved.
    pub mean_hours_to_resolve: Option<String>,
    /// Notices to affected customers (the first and each update) whose deadline has come,
    /// sent or not, and those sent in time.
    pub notices_due: usize,
    pub notices_on_time: usize,
    pub notices_on_time_pct: Option<u32>,
    /// Claim decisions whose deadline has come (made or not), and those made in time.
    pub decisions_due: usize,
    pub decisions_on_time: usize,
    pub decisions_on_time_pct: Option<u32>,
}

const NONE: &str = "(none)";

/// The groups an incident falls in under `by`; `(none)` when it has no harm, risk or stage.
fn groups(by: By, incident: &Incident, risks: &BTreeMap<&Id, &Risk>) -> Vec<String> {
    let mut out: Vec<String> = match by {
        By::Month => vec![
            incident
                .detected
                .with_timezone(&Utc)
                .format("%Y-%m")
                .to_string(),
        ],
        By::Harm => incident.harms.clone(),
        By::Risk => incident.risks.iter().map(Id::to_string).collect(),
        By::Stage => incident
            .risks
            .iter()
            .filter_map(|id| risks.get(id).and_then(|r| r.stage.clone()))
            .collect(),
    };
    out.sort();
    out.dedup();
    if out.is_empty() {
        out.push(NONE.to_string());
    }
    out
}

fn minutes(from: &DateTime<chrono::FixedOffset>, to: &DateTime<chrono::FixedOffset>) -> i64 {
    (*to - *from).num_minutes()
}

/// Mean of minutes, in hours with one decimal, rounded half away from zero.
fn mean_hours(total_minutes: i64, n: i64) -> Option<String> {
    if n == 0 {
        return None;
    }
    // tenths of an hour = minutes / 6; mean = total / (6 n), rounded.
    let den = 6 * n;
    let tenths = if total_minutes >= 0 {
        (total_minutes * 2 + den) / (2 * den)
    } else {
        -((-total_minutes * 2 + den) / (2 * den))
    };
    let sign = if tenths < 0 { "-" } else { "" };
    Some(format!("{sign}{}.{}", tenths.abs() / 10, tenths.abs() % 10))
}

/// A whole percentage, rounded half up (the report's rounding).
fn percent(part: usize, whole: usize) -> Option<u32> {
    super::report::percent(part as u64, whole as u64).map(|p| p as u32)
}

#[derive(Default)]
struct Acc {
    incidents: Vec<Id>,
    customers: u64,
    paid: Money,
    contain: (i64, i64),
    resolve: (i64, i64),
    notices: (usize, usize),
    decisions: (usize, usize),
}

/// Trend rows over every incident (closed ones included), sorted by group.
pub fn trends(
    settings: &Settings,
    risks: &[&Risk],
    incidents: &[&Incident],
    claims: &[&Claim],
    by: By,
    today: chrono::NaiveDate,
) -> Vec<TrendRow> {
    let risk_map: BTreeMap<&Id, &Risk> = risks.iter().map(|r| (&r.id, *r)).collect();
    let mut claims_of: IndexMap<&Id, Vec<&Claim>> = IndexMap::new();
    for c in claims {
        claims_of.entry(&c.incident).or_default().push(c);
    }
    let mut per_risk: BTreeMap<&Id, usize> = BTreeMap::new();
    for i in incidents {
        for r in &i.risks {
            *per_risk.entry(r).or_default() += 1;
        }
    }
    let mut acc: BTreeMap<String, Acc> = BTreeMap::new();
    for incident in incidents {
        let its_claims = claims_of
            .get(&incident.id)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let paid: Money = its_claims
            .iter()
            .filter(|c| c.status() == ClaimStatus::Paid)
            .filter_map(|c| c.offer.as_ref().map(|o| o.amount))
            .sum();
        // Every notice owed to affected customers: the first one and the updates.
        let notices: Vec<State> = incident_duties(settings, incident, today)
            .into_iter()
            .filter(|d| d.kind == "notify" || d.kind == "update")
            .map(|d| d.state)
            .collect();
        let decisions: Vec<State> = its_claims
            .iter()
            .flat_map(|c| claim_duties(settings, c, today))
            .filter(|d| d.kind == "decide")
            .map(|d| d.state)
            .collect();
        for group in groups(by, incident, &risk_map) {
            let a = acc.entry(group).or_default();
            a.incidents.push(incident.id.clone());
            a.customers = a
                .customers
                .saturating_add(incident.customers_affected.unwrap_or(0));
            a.paid += paid;
            if let Some(c) = &incident.contained {
                a.contain.0 += minutes(&incident.detected, c);
                a.contain.1 += 1;
            }
            if let Some(r) = &incident.resolved {
                a.resolve.0 += minutes(&incident.detected, r);
                a.resolve.1 += 1;
            }
            for s in &notices {
                if *s != State::Pending {
                    a.notices.0 += 1;
                    a.notices.1 += usize::from(*s == State::Met);
                }
            }
            for s in &decisions {
                if *s != State::Pending {
                    a.decisions.0 += 1;
                    a.decisions.1 += usize::from(*s == State::Met);
                }
            }
        }
    }
    acc.into_iter()
        .map(|(group, a)| {
            let mut repeats: Vec<&Id> = Vec::new();
            for id in &a.incidents {
                let incident = incidents.iter().find(|i| &i.id == id);
                for r in incident.map(|i| i.risks.as_slice()).unwrap_or(&[]) {
                    if per_risk.get(r).copied().unwrap_or(0) >= 2 && !repeats.contains(&r) {
                        repeats.push(r);
                    }
                }
            }
            repeats.sort();
            if by == By::Risk {
                repeats.retain(|r| r.as_str() == group);
            }
            TrendRow {
                incidents: a.incidents.len(),
                repeats: repeats.iter().map(|r| r.to_string()).collect(),
                customers_affected: a.customers,
                compensation_paid: a.paid,
                mean_hours_to_contain: mean_hours(a.contain.0, a.contain.1),
                mean_hours_to_resolve: mean_hours(a.resolve.0, a.resolve.1),
                notices_due: a.notices.0,
                notices_on_time: a.notices.1,
                notices_on_time_pct: percent(a.notices.1, a.notices.0),
                decisions_due: a.decisions.0,
                decisions_on_time: a.decisions.1,
                decisions_on_time_pct: percent(a.decisions.1, a.decisions.0),
                group,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec as yaml;

    fn incident(id: u32, detected: &str, extra: &str) -> Incident {
        yaml::parse(&format!(
            "id: INC-{id}\ntitle: T{id}\nseverity: 3\ndetected: {detected}\n{extra}"
        ))
        .unwrap()
    }

    #[test]
    fn means_are_exact_tenths_of_an_hour() {
        assert_eq!(mean_hours(90, 1).as_deref(), Some("1.5"));
        assert_eq!(
            mean_hours(93, 1).as_deref(),
            Some("1.6"),
            "1.55 rounds away from zero"
        );
        assert_eq!(mean_hours(92, 1).as_deref(), Some("1.5"));
        assert_eq!(mean_hours(60 + 120, 2).as_deref(), Some("1.5"));
        assert_eq!(mean_hours(0, 0), None);
        assert_eq!(percent(2, 3), Some(67));
        assert_eq!(percent(1, 2), Some(50));
        assert_eq!(percent(0, 0), None);
    }

    #[test]
    fn groups_by_month_and_marks_repeated_risks() {
        let s = Settings::default();
        let a = incident(
            1,
            "2026-09-30T23:30:00-02:00",
            "risks: [RISK-1]\nharms: [delay]\ncustomers_affected: 100\ncontained: 2026-10-01T03:30:00-02:00\ncommunications:\n- {at: 2026-10-01T00:00:00-02:00, audience: affected}\n",
        );
        let b = incident(
            2,
            "2026-10-05T08:00:00+00:00",
            "risks: [RISK-1, RISK-2]\nharms: [delay, billing]\ncustomers_affected: 5\nresolved: 2026-10-06T08:00:00+00:00\n",
        );
        let c = incident(3, "2026-10-20T08:00:00+00:00", "");
        let claim: Claim = yaml::parse(
            "id: CLM-1\nincident: INC-2\ncustomer: CUST-1\nreceived: 2026-10-06\nstatus: paid\noffer: {on: 2026-10-07, type: refund, amount: 12.50}\naccepted: 2026-10-07\npaid: 2026-10-08\n",
        )
        .unwrap();
        let today = "2026-11-23".parse().unwrap();
        let rows = trends(&s, &[], &[&a, &b, &c], &[&claim], By::Month, today);
        assert_eq!(rows.len(), 1, "{rows:#?}");
        let oct = &rows[0];
        assert_eq!(oct.group, "2026-10", "detected 2026-10-01T01:30Z");
        assert_eq!(oct.incidents, 3);
        assert_eq!(oct.customers_affected, 105);
        assert_eq!(oct.compensation_paid.to_string(), "12.50");
        assert_eq!(oct.mean_hours_to_contain.as_deref(), Some("4.0"));
        assert_eq!(oct.mean_hours_to_resolve.as_deref(), Some("24.0"));
        // INC-1: notice on time, then update-2 overdue; INC-2 and INC-3: no notice at all.
        assert_eq!((oct.notices_due, oct.notices_on_time), (4, 1));
        assert_eq!(oct.notices_on_time_pct, Some(25));
        assert_eq!((oct.decisions_due, oct.decisions_on_time), (1, 1));
        assert_eq!(oct.repeats, vec!["RISK-1"]);

        let rows = trends(&s, &[], &[&a, &b, &c], &[&claim], By::Risk, today);
        let groups: Vec<(&str, usize, usize)> = rows
            .iter()
            .map(|r| (r.group.as_str(), r.incidents, r.repeats.len()))
            .collect();
        assert_eq!(
            groups,
            vec![("(none)", 1, 0), ("RISK-1", 2, 1), ("RISK-2", 1, 0)]
        );

        let rows = trends(&s, &[], &[&a, &b, &c], &[&claim], By::Harm, today);
        let groups: Vec<(&str, usize)> = rows
            .iter()
            .map(|r| (r.group.as_str(), r.incidents))
            .collect();
        assert_eq!(groups, vec![("(none)", 1), ("billing", 1), ("delay", 2)]);
    }
}
