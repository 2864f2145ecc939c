//! Compensation totals per incident: requested, offered, paid and budget (DESIGN 6.5).

use indexmap::IndexMap;
use serde::Serialize;

use crate::model::claim::ClaimStatus;
use crate::model::{Claim, Incident, Money};

/// One incident's claims in figures (the `claims` output contract; amounts as strings).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct IncidentTotals {
    pub incident: String,
    pub claims: usize,
    pub by_status: IndexMap<&'static str, usize>,
    pub requested: Money,
    pub offered: Money,
    pub paid: Money,
    pub budget: Option<Money>,
    /// The budget less committed compensation (`offered`); negative when over budget.
    pub budget_left: Option<Money>,
}

impl IncidentTotals {
    /// Committed compensation (`offered`) above the budget.
    pub fn over_budget(&self) -> bool {
        self.budget.is_some_and(|b| self.offered > b)
    }
}

/// True when a claim's offer counts as committed: it has an offer and was not rejected,
/// declined or withdrawn (paid claims included).
pub fn offer_counts(claim: &Claim) -> bool {
    claim.offer.is_some()
        && !matches!(
            claim.status(),
            ClaimStatus::Rejected | ClaimStatus::Declined | ClaimStatus::Withdrawn
        )
}

/// What counts against a customer's per-customer limit: the committed offers of their claims.
pub fn committed_to_customer<'a>(
    claims: impl IntoIterator<Item = &'a Claim>,
    customer: &str,
) -> Money {
    claims
        .into_iter()
        .filter(|c| c.customer == customer && offer_counts(c))
        .filter_map(|c| c.offer.as_ref().map(|o| o.amount))
        .sum()
}

/// Totals for every incident (and any incident id claims name), sorted by incident id.
pub fn totals<'a>(
    incidents: impl IntoIterator<Item = &'a Incident>,
    claims: impl IntoIterator<Item = &'a Claim>,
) -> Vec<IncidentTotals> {
    let mut by_incident: IndexMap<crate::model::Id, (Option<Money>, Vec<&Claim>)> = IndexMap::new();
    for incident in incidents {
        by_incident.insert(
            incident.id.clone(),
            (incident.compensation_budget, Vec::new()),
        );
    }
    for claim in claims {
        by_incident
            .entry(claim.incident.clone())
            .or_insert((None, Vec::new()))
            .1
            .push(claim);
    }
    by_incident.sort_keys();
    by_incident
        .into_iter()
        .map(|(id, (budget, claims))| {
            let mut by_status = IndexMap::new();
            for status in ClaimStatus::ALL {
                let n = claims.iter().filter(|c| c.status() == status).count();
                if n > 0 {
                    by_status.insert(status.as_str(), n);
                }
            }
            let amount = |c: &&Claim| c.offer.as_ref().map(|o| o.amount);
            IncidentTotals {
                incident: id.to_string(),
                claims: claims.len(),
                by_status,
                requested: claims
                    .iter()
                    .filter(|c| c.status() != ClaimStatus::Withdrawn)
                    .filter_map(|c| c.requested.as_ref().and_then(|r| r.amount))
                    .sum(),
                offered: claims
                    .iter()
                    .filter(|c| offer_counts(c))
                    .filter_map(amount)
                    .sum(),
                paid: claims
                    .iter()
                    .filter(|c| c.status() == ClaimStatus::Paid)
                    .filter_map(amount)
                    .sum(),
                budget,
                budget_left: None,
            }
        })
        .map(|mut t| {
            t.budget_left = t.budget.map(|b| b - t.offered);
            t
        })
        .collect()
}

/// The sum of every row (`incident: total`): budgets and what is left of them are summed over
/// the incidents that have a budget.
pub fn total(rows: &[IncidentTotals]) -> IncidentTotals {
    let mut by_status: IndexMap<&'static str, usize> = IndexMap::new();
    for status in ClaimStatus::ALL {
        let n: usize = rows
            .iter()
            .filter_map(|r| r.by_status.get(status.as_str()))
            .sum();
        if n > 0 {
            by_status.insert(status.as_str(), n);
        }
    }
    let budgets: Vec<&IncidentTotals> = rows.iter().filter(|r| r.budget.is_some()).collect();
    IncidentTotals {
        incident: "total".into(),
        claims: rows.iter().map(|r| r.claims).sum(),
        by_status,
        requested: rows.iter().map(|r| r.requested).sum(),
        offered: rows.iter().map(|r| r.offered).sum(),
        paid: rows.iter().map(|r| r.paid).sum(),
        budget: (!budgets.is_empty()).then(|| budgets.iter().filter_map(|r| r.budget).sum()),
        budget_left: (!budgets.is_empty())
            .then(|| budgets.iter().filter_map(|r| r.budget_left).sum()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec as yaml;

    fn claim(id: u32, customer: &str, status: &str, requested: &str, offer: Option<&str>) -> Claim {
        let mut text = format!(
            "id: CLM-{id}\nincident: INC-1\ncustomer: {customer}\nreceived: 2026-10-01\nstatus: {status}\nrequested:\n  type: refund\n  amount: {requested}\n"
        );
        if let Some(amount) = offer {
            text.push_str(&format!(
                "offer:\n  on: 2026-10-02\n  type: refund\n  amount: {amount}\n"
            ));
        }
        yaml::parse(&text).unwrap()
    }

    #[test]
    fn totals_follow_the_contract() {
        let incident: Incident = yaml::parse(
            "id: INC-1\ntitle: Outage\nseverity: 4\ndetected: 2026-09-26T08:25:00+10:00\ncompensation_budget: 500.00\n",
        )
        .unwrap();
        let claims = vec![
            claim(1, "CUST-1", "paid", "420.00", Some("400.00")),
            claim(2, "CUST-2", "offered", "100.10", Some("100.10")),
            claim(3, "CUST-3", "declined", "50.00", Some("20.00")),
            claim(4, "CUST-4", "withdrawn", "999.99", None),
            claim(5, "CUST-5", "received", "0.05", None),
        ];
        let t = &totals([&incident], &claims)[0];
        assert_eq!(t.claims, 5);
        assert_eq!(t.requested.to_string(), "570.15");
        assert_eq!(t.offered.to_string(), "500.10");
        assert_eq!(t.paid.to_string(), "400.00");
        assert!(t.over_budget());
        assert_eq!(t.budget_left.unwrap().to_string(), "-0.10");
        let sum = total(&[t.clone(), t.clone()]);
        assert_eq!(
            (
                sum.claims,
                sum.offered.to_string(),
                sum.budget_left.unwrap().to_string()
            ),
            (10, "1000.20".into(), "-0.20".into())
        );
        assert_eq!(sum.by_status.get("paid"), Some(&2));
        assert_eq!(t.by_status.get("paid"), Some(&1));
        assert_eq!(
            t.by_status.keys().copied().collect::<Vec<_>>(),
            vec!["received", "offered", "declined", "paid", "withdrawn"]
        );
    }

    #[test]
    fn the_customer_limit_counts_committed_offers_only() {
        let claims = vec![
            claim(1, "CUST-1", "paid", "420.00", Some("400.00")),
            claim(2, "CUST-1", "rejected", "100.00", Some("100.00")),
            claim(3, "CUST-1", "accepted", "50.00", Some("50.00")),
            claim(4, "CUST-2", "paid", "50.00", Some("50.00")),
        ];
        assert_eq!(
            committed_to_customer(&claims, "CUST-1").to_string(),
            "450.00"
        );
    }
}
