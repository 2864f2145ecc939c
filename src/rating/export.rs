//! The flat rows of `risk export` for incidents and claims (CSV and Markdown; JSON and YAML
//! export the full records). Columns are documented in docs/report-and-export.md.

use chrono::NaiveDate;
use serde::Serialize;

use super::compensation::IncidentTotals;
use crate::model::claim::Channel;
use crate::model::incident::Time;
use crate::model::{Claim, Incident, Money};

/// Joins list items in one CSV cell; `claim import` splits the `evidence` column on `;`.
pub const LIST_SEPARATOR: &str = "; ";

/// An incident as one flat row.
#[derive(Clone, Debug, Serialize)]
pub struct IncidentRow {
    pub id: String,
    pub title: String,
    pub status: &'static str,
    pub severity: u8,
    pub harms: String,
    pub risks: String,
    pub occurred: Option<Time>,
    pub detected: Time,
    pub contained: Option<Time>,
    pub resolved: Option<Time>,
    pub customers_affected: Option<u64>,
    pub personal_data_breach: bool,
    pub regulator_notified: Option<Time>,
    pub communications: usize,
    pub actions_open: usize,
    pub claims: usize,
    pub requested: Money,
    pub offered: Money,
    pub paid: Money,
    pub budget: Option<Money>,
    pub review_held: Option<NaiveDate>,
    pub lessons: String,
}

/// `totals` is this incident's entry of `compensation::totals`, when it has one.
pub fn incident_row(incident: &Incident, totals: Option<&IncidentTotals>) -> IncidentRow {
    let review = incident.review.as_ref();
    IncidentRow {
        id: incident.id.to_string(),
        title: incident.title.clone(),
        status: incident.status().as_str(),
        severity: incident.severity,
        harms: incident.harms.join(LIST_SEPARATOR),
        risks: incident
            .risks
            .iter()
            .map(|r| r.as_str())
            .collect::<Vec<_>>()
            .join(LIST_SEPARATOR),
        occurred: incident.occurred,
        detected: incident.detected,
        contained: incident.contained,
        resolved: incident.resolved,
        customers_affected: incident.customers_affected,
        personal_data_breach: incident.personal_data_breach.unwrap_or(false),
        regulator_notified: incident.regulator_notified,
        communications: incident.communications.len(),
        actions_open: incident.actions.iter().filter(|a| a.is_open()).count(),
        claims: totals.map_or(0, |t| t.claims),
        requested: totals.map_or(Money::ZERO, |t| t.requested),
        offered: totals.map_or(Money::ZERO, |t| t.offered),
        paid: totals.map_or(Money::ZERO, |t| t.paid),
        budget: incident.compensation_budget,
        review_held: review.and_then(|r| r.held),
        lessons: review
            .map(|r| {
                let texts: Vec<&str> = r.lessons.iter().map(|l| l.text()).collect();
                texts.join(LIST_SEPARATOR)
            })
            .unwrap_or_default(),
    }
}

/// The columns of the claims CSV after the seven that `claim import` reads: an exported file can
/// be imported again, and these are then ignored (the import makes new, received claims).
pub const CLAIM_EXPORT_EXTRA_COLUMNS: [&str; 14] = [
    "id",
    "incident",
    "status",
    "proactive",
    "acknowledged",
    "assessed",
    "eligible",
    "rule",
    "offer_type",
    "offered",
    "offered_on",
    "accepted",
    "paid",
    "satisfaction",
];

/// A claim as one flat row. The first seven columns are those `risk claim import` reads, so an
/// export can be imported again (and into the same register, it finds its claims there).
#[derive(Clone, Debug, Serialize)]
pub struct ClaimRow {
    pub customer: String,
    pub received: NaiveDate,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub amount: Option<Money>,
    pub channel: Option<Channel>,
    pub evidence: String,
    #[serde(rename = "ref")]
    pub reference: Option<String>,
    pub id: String,
    pub incident: String,
    pub status: &'static str,
    pub proactive: bool,
    pub acknowledged: Option<NaiveDate>,
    pub assessed: Option<NaiveDate>,
    pub eligible: Option<bool>,
    pub rule: Option<String>,
    pub offer_type: Option<String>,
    pub offered: Option<Money>,
    pub offered_on: Option<NaiveDate>,
    pub accepted: Option<NaiveDate>,
    pub paid: Option<NaiveDate>,
    pub satisfaction: Option<u8>,
}

pub fn claim_row(claim: &Claim) -> ClaimRow {
    let requested = claim.requested.as_ref();
    let offer = claim.offer.as_ref();
    let assessment = claim.assessment.as_ref();
    ClaimRow {
        customer: claim.customer.to_string(),
        received: claim.received,
        kind: requested.map(|r| r.kind.to_string()),
        amount: requested.and_then(|r| r.amount),
        channel: claim.channel,
        evidence: claim.evidence.join(LIST_SEPARATOR),
        reference: claim.reference.clone(),
        id: claim.id.to_string(),
        incident: claim.incident.to_string(),
        status: claim.status().as_str(),
        proactive: claim.proactive.unwrap_or(false),
        acknowledged: claim.acknowledged,
        assessed: assessment.map(|a| a.on),
        eligible: assessment.map(|a| a.eligible),
        rule: assessment.and_then(|a| a.rule.clone()),
        offer_type: offer.map(|o| o.kind.to_string()),
        offered: offer.map(|o| o.amount),
        offered_on: offer.map(|o| o.on),
        accepted: claim.accepted,
        paid: claim.paid,
        satisfaction: claim.satisfaction,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec as yaml;

    #[test]
    fn a_claim_row_starts_with_the_import_columns() {
        let claim: Claim = yaml::parse(
            "id: CLM-7\nincident: INC-1\ncustomer: CUST-1\nreceived: 2026-10-01\nchannel: web\n\
             requested: {type: refund, amount: 42.5}\nevidence: [receipt, photo, a; b]\n",
        )
        .unwrap();
        let row = serde_json::to_value(claim_row(&claim)).unwrap();
        let keys: Vec<&String> = row.as_object().unwrap().keys().take(7).collect();
        assert_eq!(
            keys,
            [
                "customer", "received", "type", "amount", "channel", "evidence", "ref"
            ]
        );
        assert_eq!(row["amount"], "42.50");
        assert_eq!(row["evidence"], "receipt; photo; a; b");
        assert_eq!(row["status"], "received");
    }
}
