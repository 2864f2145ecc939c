//! Controls (DESIGN 10.1): when each is due for a test, and which risks rely on controls that
//! do not work.

use chrono::NaiveDate;

use super::deadlines::{Overdue, days_overdue};
use crate::model::Risk;
use crate::model::control::{Control, Effectiveness};

/// The structured controls of a risk that are past their test date.
pub fn overdue_tests(risk: &Risk, today: NaiveDate) -> Vec<Overdue> {
    risk.controls
        .iter()
        .filter_map(Control::structured)
        .filter_map(|c| {
            let due = c.due(risk.identified, today)?;
            Some(Overdue {
                kind: "control-test",
                record: risk.id.to_string(),
                item: c.id.clone(),
                what: format!("Test of {}", c.title),
                due,
                days_overdue: days_overdue(due, today)?,
            })
        })
        .collect()
}

/// True when no control of the risk is known to work (all ineffective or untested, or none).
pub fn uncontrolled(risk: &Risk) -> bool {
    risk.controls.iter().all(|c| {
        matches!(
            c.effectiveness(),
            Effectiveness::Ineffective | Effectiveness::Untested
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_structured_controls_with_a_cadence_fall_due() {
        let risk: Risk = crate::codec::parse(
            "id: RISK-1\ntitle: t\nidentified: 2026-01-01\nlikelihood: 1\nimpact: 1\ncontrols:\n- Plain\n- id: C1\n  title: Tested\n  effectiveness: effective\n  tested: 2026-05-01\n  test_every_days: 180\n- id: C2\n  title: Never tested\n  test_every_days: 90\n- id: C3\n  title: No cadence\n",
        )
        .unwrap();
        let today: NaiveDate = "2026-11-23".parse().unwrap();
        let items: Vec<(String, i64)> = overdue_tests(&risk, today)
            .into_iter()
            .map(|o| (o.item, o.days_overdue))
            .collect();
        assert_eq!(items, [("C1".to_string(), 26), ("C2".to_string(), 326)]);
        assert!(!uncontrolled(&risk));
    }
}
