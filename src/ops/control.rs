//! Controls on risks (DESIGN 10.1): record a test of one.

use anyhow::{Result, bail};
use chrono::NaiveDate;

use super::{Outcome, modify};
use crate::model::control::{Control, Effectiveness};
use crate::model::{Id, Risk};
use crate::snapshot::Snapshot;

/// Records a test of control `control` of risk `id` on `on`: its effectiveness and test date.
pub fn test(
    snapshot: &Snapshot,
    id: &Id,
    control: &str,
    result: Effectiveness,
    on: NaiveDate,
) -> Result<Outcome<String>> {
    let (_, change) = modify::<Risk>(snapshot, id, |risk| {
        let known: Vec<&str> = risk.controls.iter().filter_map(Control::id).collect();
        let hint = match crate::model::nearest(control, known.iter().copied()) {
            Some(near) => format!(" (did you mean `{near}`?)"),
            None => String::new(),
        };
        let listed = if known.is_empty() {
            "none with an id; a plain control cannot be tested until it has an id".to_string()
        } else {
            known.join(", ")
        };
        let Some(Control::Structured(c)) =
            risk.controls.iter_mut().find(|c| c.id() == Some(control))
        else {
            bail!("{id} has no control `{control}`{hint} (its controls: {listed})");
        };
        c.effectiveness = Some(result);
        c.tested = Some(on);
        Ok(())
    })?;
    Ok(Outcome::new(
        change.into_iter().collect(),
        format!("Tested {id}/{control} on {on}: {}", result.as_str()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::Change;
    use crate::snapshot::testing::snapshot;

    const RISK: &str = "id: RISK-0001\ntitle: t\nlikelihood: 2\nimpact: 2\ncontrols:\n- Plain\n- id: C1\n  title: Failover\n  test_every_days: 90\n";

    #[test]
    fn a_test_records_the_result_and_date() {
        let s = snapshot("", &[RISK]);
        let id = Id::parse("RISK-0001").unwrap();
        let on = "2026-11-20".parse().unwrap();
        let out = test(&s, &id, "C1", Effectiveness::Partial, on).unwrap();
        let [Change::Replace { text, .. }] = out.changes.as_slice() else {
            panic!("{:?}", out.changes)
        };
        assert!(
            text.ends_with("- id: C1\n  title: Failover\n  effectiveness: partial\n  tested: 2026-11-20\n  test_every_days: 90\n"),
            "{text}"
        );
        let err = test(&s, &id, "C2", Effectiveness::Partial, on).unwrap_err();
        assert!(err.to_string().contains("no control `C2`"), "{err}");
    }
}
