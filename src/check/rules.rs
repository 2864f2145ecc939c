//! One function per rule of DESIGN section 8; loading rules (parse, id-mismatch, duplicate-id)
//! come from the loader.

use chrono::NaiveDate;

use crate::check::{Finding, Level};
use crate::codec::locate;
use crate::error::Located;
use crate::model::risk::Treatment;
use crate::rating::current;
use crate::rating::deadlines::{days_overdue, overdue_actions, review_due};
use crate::rating::matrix::at_or_above;
use crate::snapshot::{Record, Snapshot};

/// A rule: its name, its default weight and the function that finds where it is broken.
pub struct Rule {
    pub name: &'static str,
    pub level: Level,
    pub run: fn(&Snapshot, NaiveDate) -> Vec<Finding>,
}

pub const RULES: &[Rule] = &[
    Rule {
        name: "owner-required",
        level: Level::Error,
        run: owner_required,
    },
    Rule {
        name: "acceptance-required",
        level: Level::Error,
        run: acceptance_required,
    },
    Rule {
        name: "overdue-action",
        level: Level::Warning,
        run: overdue_action,
    },
    Rule {
        name: "review-overdue",
        level: Level::Warning,
        run: review_overdue,
    },
    Rule {
        name: "acceptance-expired",
        level: Level::Warning,
        run: acceptance_expired,
    },
    Rule {
        name: "format",
        level: Level::Warning,
        run: super::format::format,
    },
    Rule {
        name: "dangling-ref",
        level: Level::Error,
        run: super::incidents::dangling_ref,
    },
    Rule {
        name: "over-limit",
        level: Level::Error,
        run: super::incidents::over_limit,
    },
    Rule {
        name: "incident-duty",
        level: Level::Warning,
        run: super::incidents::incident_duty,
    },
    Rule {
        name: "claim-sla",
        level: Level::Warning,
        run: super::incidents::claim_sla,
    },
    Rule {
        name: "over-budget",
        level: Level::Warning,
        run: super::incidents::over_budget,
    },
    Rule {
        name: "evidence",
        level: Level::Warning,
        run: super::incidents::evidence,
    },
    Rule {
        name: "personal-data",
        level: Level::Warning,
        run: super::personal::personal_data,
    },
    Rule {
        name: "contingency",
        level: Level::Warning,
        run: super::incidents::contingency,
    },
    // References from analyses and lessons (DESIGN 11): the same rule as the others.
    Rule {
        name: "dangling-ref",
        level: Level::Error,
        run: super::analyses::dangling_ref,
    },
    Rule {
        name: "analysis-unlinked",
        level: Level::Warning,
        run: super::analyses::analysis_unlinked,
    },
    Rule {
        name: "lesson-unactioned",
        level: Level::Warning,
        run: super::analyses::lesson_unactioned,
    },
    Rule {
        name: "out-of-appetite",
        level: Level::Warning,
        run: super::model::out_of_appetite_rule,
    },
    Rule {
        name: "acceptance-stale",
        level: Level::Warning,
        run: super::model::acceptance_stale,
    },
    Rule {
        name: "acceptance-expiring",
        level: Level::Warning,
        run: super::model::acceptance_expiring,
    },
    Rule {
        name: "acceptance-self",
        level: Level::Warning,
        run: super::model::acceptance_self,
    },
    Rule {
        name: "control-test-overdue",
        level: Level::Warning,
        run: super::model::control_test_overdue,
    },
];

pub(super) fn finding<T: serde::Serialize>(
    rule: &'static str,
    level: Level,
    record: &Record<T>,
    id: &str,
    key: &str,
    message: String,
) -> Finding {
    let (line, _) = record.place(&[key]);
    located_finding(rule, level, record.file(), line, id, key, message)
}

/// A finding in a file, at a line found.
fn located_finding(
    rule: &'static str,
    level: Level,
    file: &str,
    line: Option<usize>,
    id: &str,
    key: &str,
    message: String,
) -> Finding {
    Finding {
        rule,
        level,
        record: Some(id.to_string()),
        at: Located {
            file: file.to_string(),
            line,
            key: Some(key.to_string()),
            message,
        },
    }
}

/// An open risk rated `owner_required_from` or above must name an owner.
fn owner_required(register: &Snapshot, _today: NaiveDate) -> Vec<Finding> {
    let s = &register.settings;
    register
        .risks
        .iter()
        .filter(|r| r.value.is_open())
        .filter(|r| r.value.owner.as_deref().is_none_or(|o| o.trim().is_empty()))
        .filter_map(|r| {
            let rating = current(s, &r.value);
            at_or_above(s, &rating.band, &s.owner_required_from).then(|| {
                finding(
                    "owner-required",
                    Level::Error,
                    r,
                    r.value.id.as_str(),
                    "owner",
                    format!(
                        "{} is rated {} (score {}) but has no owner; set one with `risk edit {} --set owner=HANDLE`",
                        r.value.id, rating.band, rating.score, r.value.id
                    ),
                )
            })
        })
        .collect()
}

/// Treatment `accept` needs a recorded acceptance: who accepted it, when, until when.
fn acceptance_required(register: &Snapshot, _today: NaiveDate) -> Vec<Finding> {
    register
        .risks
        .iter()
        .filter(|r| r.value.treatment == Some(Treatment::Accept) && r.value.acceptance.is_none())
        .map(|r| {
            finding(
                "acceptance-required",
                Level::Error,
                r,
                r.value.id.as_str(),
                "treatment",
                "is `accept` but there is no `acceptance` (by, on, until, reason)".into(),
            )
        })
        .collect()
}

fn overdue_action(register: &Snapshot, today: NaiveDate) -> Vec<Finding> {
    use crate::model::incident::IncidentStatus;
    let mut out = Vec::new();
    // The line of an action's `due`: a canonical record writes only its `actions` for it; any
    // other writes its text, once, and only when it has an overdue action.
    let mut report = |file: &str,
                      line: &dyn Fn(&str) -> Option<usize>,
                      id: &str,
                      actions: &[crate::model::Action]| {
        for item in overdue_actions(id, actions, today) {
            let index = actions.iter().position(|a| a.id == item.item).unwrap_or(0);
            let key = format!("actions[{index}].due");
            out.push(located_finding(
                "overdue-action",
                Level::Warning,
                file,
                line(&key),
                id,
                &key,
                format!(
                    "action {} \"{}\" was due {} ({} overdue)",
                    item.item,
                    item.what,
                    item.due,
                    crate::output::words::count(item.days_overdue, "day")
                ),
            ));
        }
    };
    // Closed risks and closed incidents have no overdue actions to chase.
    for r in register.risks.iter().filter(|r| r.value.is_open()) {
        let text = std::cell::OnceCell::new();
        let line = |key: &str| action_line(r, &r.value.actions, key, &text);
        report(r.file(), &line, r.value.id.as_str(), &r.value.actions);
    }
    for r in register
        .incidents
        .iter()
        .filter(|r| r.value.status() != IncidentStatus::Closed)
    {
        let text = std::cell::OnceCell::new();
        let line = |key: &str| action_line(r, &r.value.actions, key, &text);
        report(r.file(), &line, r.value.id.as_str(), &r.value.actions);
    }
    out
}

/// The line of `key` (`actions[2].due`) in a record with `actions`, else of its `id`: found in
/// the record's `actions` alone when it knows where that field starts, else in its whole text.
/// Either is written into `text` the first time a record needs it, and searched for each key.
fn action_line<T: serde::Serialize>(
    record: &Record<T>,
    actions: &[crate::model::Action],
    key: &str,
    text: &std::cell::OnceCell<(String, Option<usize>)>,
) -> Option<usize> {
    let (text, start) = text.get_or_init(|| match record.field_text("actions", actions) {
        Some((text, start)) => (text, Some(start)),
        None => (record.text().into_owned(), None),
    });
    match start {
        Some(start) => locate::line_of(text, key)
            .map(|line| line + start - 1)
            .or_else(|| record.place(&["id"]).0),
        None => locate::place(text, &[key]).0,
    }
}

fn review_overdue(register: &Snapshot, today: NaiveDate) -> Vec<Finding> {
    let s = &register.settings;
    register
        .risks
        .iter()
        .filter(|r| r.value.is_open())
        .filter_map(|r| {
            let band = current(s, &r.value).band;
            let due = review_due(s, &r.value, &band, today);
            let days = days_overdue(due, today)?;
            Some(finding(
                "review-overdue",
                Level::Warning,
                r,
                r.value.id.as_str(),
                "review",
                format!(
                    "review was due {due} ({} overdue); record one with `risk review {}`",
                    crate::output::words::count(days, "day"),
                    r.value.id
                ),
            ))
        })
        .collect()
}

fn acceptance_expired(register: &Snapshot, today: NaiveDate) -> Vec<Finding> {
    register
        .risks
        .iter()
        .filter(|r| r.value.is_open() && r.value.treatment == Some(Treatment::Accept))
        .filter_map(|r| {
            let until = r.value.acceptance.as_ref()?.until?;
            let days = days_overdue(until, today)?;
            Some(finding(
                "acceptance-expired",
                Level::Warning,
                r,
                r.value.id.as_str(),
                "acceptance.until",
                format!("the acceptance ran out on {until} ({days} days ago); review the risk and renew or change the treatment"),
            ))
        })
        .collect()
}
