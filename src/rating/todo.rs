//! Who does what: the owner of every dated item (actions, reviews, control tests, incident and
//! claim deadlines), and `risk todo`, one owner's open items soonest first.
//!
//! The owner of an action is the action's `owner`, else its record's; of a review, the risk's;
//! of a control test, the control's, else the risk's. Incidents and claims name no owner, so an
//! incident's duties and actions fall to the owner of the first risk it realised (`risks:`) that
//! names one, and a claim's deadlines to its incident's.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::deadlines::{Overdue, record_order, review_due};
use super::duties::{State, claim_duties};
use crate::model::control::Control;
use crate::model::incident::IncidentStatus;
use crate::snapshot::Snapshot;

/// The owners of the records and items of a register, looked up by record and item.
#[derive(Debug, Default)]
pub struct Owners {
    records: HashMap<String, String>,
    /// (record, kind, item) → owner, for actions and controls that name their own.
    items: HashMap<(String, &'static str, String), String>,
}

impl Owners {
    pub fn new(snapshot: &Snapshot) -> Owners {
        let mut owners = Owners::default();
        for risk in &snapshot.risks {
            let id = risk.value.id.to_string();
            if let Some(owner) = &risk.value.owner {
                owners.records.insert(id.clone(), owner.clone());
            }
            owners.add_actions(&id, &risk.value.actions);
            for control in risk.value.controls.iter().filter_map(Control::structured) {
                if let Some(owner) = &control.owner {
                    owners.items.insert(
                        (id.clone(), "control-test", control.id.clone()),
                        owner.clone(),
                    );
                }
            }
        }
        for incident in &snapshot.incidents {
            let id = incident.value.id.to_string();
            let owner = incident
                .value
                .risks
                .iter()
                .find_map(|r| owners.records.get(&r.to_string()).cloned());
            if let Some(owner) = owner {
                owners.records.insert(id.clone(), owner);
            }
            owners.add_actions(&id, &incident.value.actions);
        }
        for claim in &snapshot.claims {
            if let Some(owner) = owners
                .records
                .get(&claim.value.incident.to_string())
                .cloned()
            {
                owners.records.insert(claim.value.id.to_string(), owner);
            }
        }
        owners
    }

    fn add_actions(&mut self, record: &str, actions: &[crate::model::Action]) {
        for action in actions {
            if let Some(owner) = &action.owner {
                self.items.insert(
                    (record.to_string(), "action", action.id.clone()),
                    owner.clone(),
                );
            }
        }
    }

    /// The owner of an item of a record: its own, else its record's.
    pub fn of(&self, record: &str, kind: &str, item: &str) -> Option<&str> {
        let kind: &'static str = match kind {
            "action" => "action",
            "control-test" => "control-test",
            _ => "",
        };
        self.items
            .get(&(record.to_string(), kind, item.to_string()))
            .or_else(|| self.records.get(record))
            .map(String::as_str)
    }

    /// The owner of a record.
    pub fn record(&self, record: &str) -> Option<&str> {
        self.records.get(record).map(String::as_str)
    }
}

/// An `overdue` row with its owner (the `overdue` output contract).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OwnedOverdue {
    pub kind: &'static str,
    pub record: String,
    pub item: String,
    pub what: String,
    pub owner: Option<String>,
    pub due: NaiveDate,
    pub days_overdue: i64,
}

impl OwnedOverdue {
    pub fn new(item: Overdue, owners: &Owners) -> OwnedOverdue {
        OwnedOverdue {
            owner: owners
                .of(&item.record, item.kind, &item.item)
                .map(str::to_string),
            kind: item.kind,
            record: item.record,
            item: item.item,
            what: item.what,
            due: item.due,
            days_overdue: item.days_overdue,
        }
    }
}

/// One open item of `risk todo`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Todo {
    /// null for an action without a due date (listed last)
    pub due: Option<NaiveDate>,
    /// Days until due: negative when overdue
    pub days_left: Option<i64>,
    pub owner: Option<String>,
    /// action | review | control-test | acknowledge | decide | pay
    pub kind: &'static str,
    pub record: String,
    pub item: String,
    pub what: String,
}

/// Every open item of the register (of `owner` only, when given), soonest first, then by
/// record and item; undated actions last.
pub fn todo(snapshot: &Snapshot, owner: Option<&str>, today: NaiveDate) -> Vec<Todo> {
    let owners = Owners::new(snapshot);
    let settings = &snapshot.settings;
    let mut items = Vec::new();
    let mut push = |kind: &'static str, record: &str, item: &str, what: String, due| {
        items.push(Todo {
            due,
            days_left: due.map(|d: NaiveDate| (d - today).num_days()),
            owner: owners.of(record, kind, item).map(str::to_string),
            kind,
            record: record.to_string(),
            item: item.to_string(),
            what,
        })
    };
    for risk in snapshot.risks.iter().map(|r| &r.value) {
        if !risk.is_open() {
            continue;
        }
        let id = risk.id.to_string();
        for action in risk.actions.iter().filter(|a| a.is_open()) {
            push("action", &id, &action.id, action.title.clone(), action.due);
        }
        let band = super::current(settings, risk).band;
        let due = review_due(settings, risk, &band, today);
        push(
            "review",
            &id,
            "review",
            format!("Review of {}", risk.title),
            Some(due),
        );
        for control in risk.controls.iter().filter_map(Control::structured) {
            if let Some(due) = control.due(risk.identified, today) {
                push(
                    "control-test",
                    &id,
                    &control.id,
                    format!("Test of {}", control.title),
                    Some(due),
                );
            }
        }
    }
    for incident in snapshot.incidents.iter().map(|r| &r.value) {
        if incident.status() == IncidentStatus::Closed {
            continue;
        }
        let id = incident.id.to_string();
        for action in incident.actions.iter().filter(|a| a.is_open()) {
            push("action", &id, &action.id, action.title.clone(), action.due);
        }
    }
    for claim in snapshot.claims.iter().map(|r| &r.value) {
        for duty in claim_duties(settings, claim, today) {
            if matches!(duty.state, State::Overdue | State::Pending) {
                push(
                    duty.kind,
                    &duty.record,
                    &duty.item,
                    duty.what,
                    Some(duty.due),
                );
            }
        }
    }
    items.retain(|t| owner.is_none_or(|o| t.owner.as_deref() == Some(o)));
    items.sort_by(|a, b| {
        (a.due.is_none(), a.due)
            .cmp(&(b.due.is_none(), b.due))
            .then_with(|| record_order(&a.record, &b.record))
            .then_with(|| a.item.cmp(&b.item))
    });
    items
}

/// How late or near an item is, in words: "3 days overdue", "due today", "in 1 day".
pub fn when(todo: &Todo) -> String {
    let Some(days) = todo.days_left else {
        return "no due date".into();
    };
    let plural = |n: i64| if n == 1 { "day" } else { "days" };
    match days {
        0 => "due today".into(),
        d if d < 0 => format!("{} {} overdue", -d, plural(-d)),
        d => format!("in {d} {}", plural(d)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::testing::snapshot;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    const RISK: &str = "id: RISK-0001\ntitle: Outage\nowner: ops-lead\nlikelihood: 2\nimpact: 2\n\
identified: 2026-01-01\nreview: {last: 2026-06-01, every_days: 200}\n\
controls:\n  - {id: C1, title: Failover drill, owner: it-lead, tested: 2026-06-01, test_every_days: 90}\n\
actions:\n  - {id: A1, title: Contract a failover provider, owner: vendor-mgr, due: 2026-12-10}\n\
\x20 - {id: A2, title: Write the runbook, due: 2026-11-01}\n";

    #[test]
    fn owners_fall_back_from_item_to_record_to_linked_risk() {
        let s = snapshot(
            "",
            &[
                RISK,
                "id: INC-0001\ntitle: Down\nseverity: 3\ndetected: 2026-11-01T08:00:00Z\nrisks: [RISK-0001]\n",
            ],
        );
        let owners = Owners::new(&s);
        assert_eq!(owners.of("RISK-0001", "action", "A1"), Some("vendor-mgr"));
        assert_eq!(owners.of("RISK-0001", "action", "A2"), Some("ops-lead"));
        assert_eq!(
            owners.of("RISK-0001", "control-test", "C1"),
            Some("it-lead")
        );
        assert_eq!(owners.of("RISK-0001", "review", "review"), Some("ops-lead"));
        assert_eq!(owners.of("INC-0001", "notify", "notify"), Some("ops-lead"));
        assert_eq!(owners.of("RISK-9", "review", "review"), None);
    }

    #[test]
    fn todo_lists_one_owner_soonest_first() {
        let s = snapshot("", &[RISK]);
        let today = date("2026-11-23");
        let all = todo(&s, None, today);
        let order: Vec<(&str, &str)> = all.iter().map(|t| (t.kind, t.item.as_str())).collect();
        assert_eq!(
            order,
            vec![
                ("control-test", "C1"), // 2026-08-30
                ("action", "A2"),       // 2026-11-01
                ("action", "A1"),       // 2026-12-10
                ("review", "review"),   // 2026-12-18
            ]
        );
        assert_eq!(all[0].days_left, Some(-85));
        assert_eq!(when(&all[0]), "85 days overdue");
        let mine = todo(&s, Some("ops-lead"), today);
        let items: Vec<&str> = mine.iter().map(|t| t.item.as_str()).collect();
        assert_eq!(items, vec!["A2", "review"]);
    }
}
