//! The board report's incident register: each incident with its status, severity, customers
//! affected, duties met or missed, claims and compensation, and lessons.

use chrono::NaiveDate;
use serde::Serialize;

use super::compensation::totals;
use super::duties::{State, claim_duties, incident_duties};
use crate::model::{Claim, Incident, Money, Settings};

/// One incident as the board reads it.
#[derive(Clone, Debug, Serialize)]
pub struct IncidentSummary {
    pub id: String,
    pub title: String,
    pub status: &'static str,
    pub severity: u8,
    pub customers_affected: Option<u64>,
    /// The incident's own duties (notify, update, regulator, pir) and its claims' deadlines.
    pub duties_met: usize,
    pub duties_missed: usize,
    pub duties_overdue: usize,
    pub duties_pending: usize,
    /// The duties missed or overdue, as `notify`, `acknowledge CLM-0004`.
    pub missed: Vec<String>,
    pub claims: usize,
    pub requested: Money,
    pub offered: Money,
    pub paid: Money,
    pub budget: Option<Money>,
    pub lessons: Vec<String>,
}

/// Every incident, sorted by id.
pub fn summaries(
    settings: &Settings,
    incidents: &[&Incident],
    claims: &[&Claim],
    today: NaiveDate,
) -> Vec<IncidentSummary> {
    let totals = totals(incidents.iter().copied(), claims.iter().copied());
    let mut rows: Vec<IncidentSummary> = incidents
        .iter()
        .map(|incident| {
            let own = claims.iter().filter(|c| c.incident == incident.id);
            let duties: Vec<_> = incident_duties(settings, incident, today)
                .into_iter()
                .chain(own.flat_map(|c| claim_duties(settings, c, today)))
                .collect();
            let count = |state: State| duties.iter().filter(|d| d.state == state).count();
            let missed = duties
                .iter()
                .filter(|d| matches!(d.state, State::Late | State::Overdue))
                .map(|d| match d.record == incident.id.as_str() {
                    true => d.item.clone(),
                    false => format!("{} {}", d.kind, d.record),
                })
                .collect();
            let total = totals.iter().find(|t| t.incident == incident.id.as_str());
            IncidentSummary {
                id: incident.id.to_string(),
                title: incident.title.clone(),
                status: incident.status().as_str(),
                severity: incident.severity,
                customers_affected: incident.customers_affected,
                duties_met: count(State::Met),
                duties_missed: count(State::Late),
                duties_overdue: count(State::Overdue),
                duties_pending: count(State::Pending),
                missed,
                claims: total.map_or(0, |t| t.claims),
                requested: total.map_or(Money::ZERO, |t| t.requested),
                offered: total.map_or(Money::ZERO, |t| t.offered),
                paid: total.map_or(Money::ZERO, |t| t.paid),
                budget: incident.compensation_budget,
                lessons: incident
                    .lessons()
                    .iter()
                    .map(|l| l.text().to_string())
                    .collect(),
            }
        })
        .collect();
    rows.sort_by(|a, b| a.id.cmp(&b.id));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::testing::snapshot;

    #[test]
    fn an_incident_sums_its_duties_claims_and_lessons() {
        let s = snapshot(
            "",
            &[
                "id: INC-0001\ntitle: Outage\nstatus: resolved\nseverity: 4\ndetected: 2026-09-01T08:00:00Z\nresolved: 2026-09-02T08:00:00Z\ncustomers_affected: 120\ncommunications:\n- at: 2026-09-01T10:00:00Z\n  channel: sms\n  audience: affected\n  summary: Sorry\nreview:\n  held: 2026-09-10\n  lessons:\n  - Keep contact data offline\n",
                "id: CLM-0001\nincident: INC-0001\ncustomer: CUST-1\nreceived: 2026-09-03\nrequested:\n  type: refund\n  amount: 100.00\nstatus: paid\nacknowledged: 2026-09-20\noffer:\n  on: 2026-09-20\n  type: refund\n  amount: 80.00\naccepted: 2026-09-21\npaid: 2026-09-22\n",
            ],
        );
        let incidents: Vec<_> = s.incidents.iter().map(|r| &r.value).collect();
        let claims: Vec<_> = s.claims.iter().map(|r| &r.value).collect();
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let rows = summaries(&s.settings, &incidents, &claims, today);
        let row = &rows[0];
        assert_eq!(
            (row.status, row.severity, row.customers_affected),
            ("resolved", 4, Some(120))
        );
        assert_eq!(
            row.missed,
            vec!["acknowledge CLM-0001"],
            "acknowledged 17 days after receipt"
        );
        assert_eq!(row.duties_missed, 1);
        assert!(row.duties_met >= 3, "notify, pir, decide, pay: {row:?}");
        assert_eq!((row.claims, row.paid.to_string()), (1, "80.00".to_string()));
        assert_eq!(row.lessons, vec!["Keep contact data offline"]);
    }
}
