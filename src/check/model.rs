//! Rules of the risk professional's model (DESIGN 10): control tests, appetite and acceptances.

use chrono::NaiveDate;

use super::Finding;
use super::Level::Warning;
use super::rules::finding;
use crate::model::control::Control;
use crate::model::risk::Treatment;
use crate::rating::appetite::{appetite, out_of_appetite};
use crate::rating::current;
use crate::rating::deadlines::add_days;
use crate::snapshot::Snapshot;

/// A structured control past its test date (10.1).
pub fn control_test_overdue(register: &Snapshot, today: NaiveDate) -> Vec<Finding> {
    let mut out = Vec::new();
    for r in register.risks.iter().filter(|r| r.value.is_open()) {
        for item in crate::rating::controls::overdue_tests(&r.value, today) {
            let index = r
                .value
                .controls
                .iter()
                .position(|c| c.id() == Some(item.item.as_str()))
                .unwrap_or(0);
            let tested =
                matches!(&r.value.controls[index], Control::Structured(c) if c.tested.is_some());
            let key = if tested {
                format!("controls[{index}].tested")
            } else {
                format!("controls[{index}]")
            };
            out.push(finding(
                "control-test-overdue",
                Warning,
                r,
                r.value.id.as_str(),
                &key,
                format!(
                    "control {} \"{}\" was due for a test on {} ({} days overdue); record one with `risk control test {}/{} --result effective|partial|ineffective`",
                    item.item, item.what.trim_start_matches("Test of "), item.due, item.days_overdue, r.value.id, item.item
                ),
            ));
        }
    }
    out
}

/// An open risk above its appetite without an acceptance that still holds (10.3).
pub fn out_of_appetite_rule(register: &Snapshot, today: NaiveDate) -> Vec<Finding> {
    let s = &register.settings;
    register
        .risks
        .iter()
        .filter(|r| out_of_appetite(s, &r.value, today))
        .map(|r| {
            let rating = current(s, &r.value);
            finding(
                "out-of-appetite",
                Warning,
                r,
                r.value.id.as_str(),
                "likelihood",
                format!(
                    "{} is rated {} (score {}), above its appetite `{}`; treat it, or record a decision with `risk accept {} --by ROLE --until DATE --reason TEXT`",
                    r.value.id,
                    rating.band,
                    rating.score,
                    appetite(s, &r.value).unwrap_or(""),
                    r.value.id
                ),
            )
        })
        .collect()
}

/// The risk got worse after it was accepted: its current score is above the accepted one (10.4).
pub fn acceptance_stale(register: &Snapshot, _today: NaiveDate) -> Vec<Finding> {
    let s = &register.settings;
    register
        .risks
        .iter()
        .filter(|r| r.value.is_open() && r.value.treatment == Some(Treatment::Accept))
        .filter_map(|r| {
            let accepted = r.value.acceptance.as_ref()?.rating.as_ref()?;
            let was = accepted.likelihood as u32 * accepted.impact as u32;
            let now = current(s, &r.value);
            (now.score > was).then(|| {
                finding(
                    "acceptance-stale",
                    Warning,
                    r,
                    r.value.id.as_str(),
                    "acceptance.rating",
                    format!(
                        "was accepted at score {was} (likelihood {}, impact {}) but is now {} (likelihood {}, impact {}); accept it again with `risk accept {}` or treat it",
                        accepted.likelihood, accepted.impact, now.score, now.likelihood, now.impact, r.value.id
                    ),
                )
            })
        })
        .collect()
}

/// An acceptance that runs out within `acceptance_warn_days` (10.4).
pub fn acceptance_expiring(register: &Snapshot, today: NaiveDate) -> Vec<Finding> {
    let warn = register.settings.acceptance_warn_days;
    register
        .risks
        .iter()
        .filter(|r| r.value.is_open() && r.value.treatment == Some(Treatment::Accept))
        .filter_map(|r| {
            let until = r.value.acceptance.as_ref()?.until?;
            let days = (until - today).num_days();
            (until >= today && until <= add_days(today, warn)).then(|| {
                finding(
                    "acceptance-expiring",
                    Warning,
                    r,
                    r.value.id.as_str(),
                    "acceptance.until",
                    format!(
                        "the acceptance runs out on {until} (in {days} days); review the risk and renew or change the treatment"
                    ),
                )
            })
        })
        .collect()
}

/// The owner accepted their own risk: no one approves their own (10.4).
pub fn acceptance_self(register: &Snapshot, _today: NaiveDate) -> Vec<Finding> {
    register
        .risks
        .iter()
        .filter(|r| r.value.is_open())
        .filter_map(|r| {
            let by = &r.value.acceptance.as_ref()?.by;
            let owner = r.value.owner.as_ref()?;
            (by.trim() == owner.trim()).then(|| {
                finding(
                    "acceptance-self",
                    Warning,
                    r,
                    r.value.id.as_str(),
                    "acceptance.by",
                    format!(
                        "`{by}` owns this risk and accepted it; an acceptance needs someone other than the owner"
                    ),
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::testing::snapshot;

    fn today() -> NaiveDate {
        "2026-11-23".parse().unwrap()
    }

    fn rules(settings: &str, risk: &str) -> Vec<(&'static str, Option<usize>)> {
        let s = snapshot(settings, &[risk]);
        [
            control_test_overdue,
            out_of_appetite_rule,
            acceptance_stale,
            acceptance_expiring,
            acceptance_self,
        ]
        .iter()
        .flat_map(|rule| rule(&s, today()))
        .map(|f| (f.rule, f.at.line))
        .collect()
    }

    #[test]
    fn a_stale_self_accepted_expiring_risk_is_named_three_times() {
        let risk = "id: RISK-0001\ntitle: t\nowner: coo\nlikelihood: 4\nimpact: 4\ntreatment: accept\nacceptance:\n  by: coo\n  on: 2026-06-01\n  until: 2026-12-01\n  rating:\n    likelihood: 2\n    impact: 4\n";
        assert_eq!(
            rules("", risk),
            [
                ("acceptance-stale", Some(11)),
                ("acceptance-expiring", Some(10)),
                ("acceptance-self", Some(8))
            ]
        );
    }

    #[test]
    fn an_acceptance_without_rating_is_never_stale_and_far_expiry_is_quiet() {
        let risk = "id: RISK-0001\ntitle: t\nowner: ops\nlikelihood: 5\nimpact: 5\ntreatment: accept\nacceptance:\n  by: coo\n  on: 2026-06-01\n  until: 2027-06-01\n";
        assert_eq!(rules("", risk), []);
        // The warning window is a setting.
        assert_eq!(
            rules("acceptance_warn_days: 365\n", risk),
            [("acceptance-expiring", Some(10))]
        );
    }

    #[test]
    fn out_of_appetite_fires_only_above_the_appetite() {
        let settings = "appetite:\n  default: high\n  categories:\n    health_safety: low\n";
        let hs = "id: RISK-0001\ntitle: t\ncategory: health_safety\nlikelihood: 2\nimpact: 3\n";
        assert_eq!(rules(settings, hs), [("out-of-appetite", Some(4))]);
        let fin = "id: RISK-0001\ntitle: t\ncategory: financial\nlikelihood: 5\nimpact: 5\n";
        assert_eq!(rules(settings, fin), []);
        assert_eq!(rules("", hs), []);
    }

    #[test]
    fn a_control_past_its_test_date_is_named_at_its_line() {
        let risk = "id: RISK-0001\ntitle: t\nidentified: 2026-01-01\nlikelihood: 1\nimpact: 1\ncontrols:\n- Plain\n- id: C1\n  title: Failover\n  tested: 2026-01-02\n  test_every_days: 30\n";
        assert_eq!(rules("", risk), [("control-test-overdue", Some(10))]);
    }
}
