//! The lessons learned log (DESIGN 11.2): every lesson of every post-incident review, with
//! where it went (actions, risks) and which of its actions are still open.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{Id, Incident};

/// A lesson whose review was held more than this many days ago should have gone somewhere.
pub const UNACTIONED_AFTER_DAYS: i64 = 30;

/// One row of `risk lessons` (the `--format json` contract).
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct LessonRow {
    pub incident: String,
    pub held: Option<NaiveDate>,
    pub lesson: String,
    pub actions: Vec<String>,
    pub risks: Vec<String>,
    /// The lesson's actions not yet done or cancelled.
    pub open_actions: Vec<String>,
}

/// Which lessons to list.
#[derive(Clone, Debug, Default)]
pub struct LessonFilter {
    /// Reviews held on or after this date.
    pub since: Option<NaiveDate>,
    /// Lessons that name this risk, or of incidents that realised it.
    pub risk: Option<Id>,
    /// Lessons of incidents with this harm.
    pub harm: Option<String>,
}

/// Every lesson that passes the filter, by review date, then incident, then as written.
pub fn lessons<'a>(
    incidents: impl IntoIterator<Item = &'a Incident>,
    filter: &LessonFilter,
) -> Vec<LessonRow> {
    let mut rows = Vec::new();
    for incident in incidents {
        let held = incident.review.as_ref().and_then(|r| r.held);
        if let Some(since) = filter.since
            && held.is_none_or(|h| h < since)
        {
            continue;
        }
        if let Some(harm) = &filter.harm
            && !incident.harms.contains(harm)
        {
            continue;
        }
        for lesson in incident.lessons() {
            if let Some(risk) = &filter.risk
                && !lesson.risks().contains(risk)
                && !incident.risks.contains(risk)
            {
                continue;
            }
            let open_actions = lesson
                .actions()
                .iter()
                .filter(|a| {
                    incident
                        .actions
                        .iter()
                        .any(|action| &action.id == *a && action.is_open())
                })
                .cloned()
                .collect();
            rows.push(LessonRow {
                incident: incident.id.to_string(),
                held,
                lesson: lesson.text().to_string(),
                actions: lesson.actions().to_vec(),
                risks: lesson.risks().iter().map(Id::to_string).collect(),
                open_actions,
            });
        }
    }
    // Stable: lessons of one review keep the order they were written in.
    rows.sort_by(|a, b| (a.held, &a.incident).cmp(&(b.held, &b.incident)));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::testing::snapshot;

    const INC: &str = "id: INC-0001\ntitle: outage\nseverity: 3\nharms:\n- delay\nrisks:\n- RISK-0002\ndetected: 2026-09-01T10:00:00Z\nactions:\n- id: A1\n  title: fix\n  status: done\n- id: A2\n  title: more\nreview:\n  held: 2026-09-20\n  lessons:\n  - Plain\n  - text: Linked\n    actions:\n    - A1\n    - A2\n    risks:\n    - RISK-0001\n";

    #[test]
    fn a_lesson_says_where_it_went_and_which_actions_are_open() {
        let s = snapshot("", &[INC]);
        let rows = lessons(
            s.incidents.iter().map(|r| &r.value),
            &LessonFilter::default(),
        );
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].lesson, "Plain");
        assert!(rows[0].actions.is_empty());
        assert_eq!(rows[1].actions, ["A1", "A2"]);
        assert_eq!(rows[1].open_actions, ["A2"]);
        assert_eq!(rows[1].risks, ["RISK-0001"]);
    }

    #[test]
    fn filters_narrow_by_date_risk_and_harm() {
        let s = snapshot("", &[INC]);
        let all = || s.incidents.iter().map(|r| &r.value);
        let since = |d: &str| LessonFilter {
            since: Some(d.parse().unwrap()),
            ..LessonFilter::default()
        };
        assert_eq!(lessons(all(), &since("2026-09-20")).len(), 2);
        assert_eq!(lessons(all(), &since("2026-09-21")).len(), 0);
        let risk = |id: &str| LessonFilter {
            risk: Some(Id::parse(id).unwrap()),
            ..LessonFilter::default()
        };
        // RISK-0002 is the incident's: all its lessons; RISK-0001 only the one naming it.
        assert_eq!(lessons(all(), &risk("RISK-0002")).len(), 2);
        assert_eq!(lessons(all(), &risk("RISK-0001")).len(), 1);
        assert_eq!(lessons(all(), &risk("RISK-0003")).len(), 0);
        let harm = |h: &str| LessonFilter {
            harm: Some(h.into()),
            ..LessonFilter::default()
        };
        assert_eq!(lessons(all(), &harm("delay")).len(), 2);
        assert_eq!(lessons(all(), &harm("privacy")).len(), 0);
    }
}
