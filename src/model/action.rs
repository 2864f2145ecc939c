//! Actions: owned, dated steps that treat a risk or correct an incident.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Money, Problem};

#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Action {
    pub id: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(
        with = "crate::model::date::option",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<NaiveDate>")]
    pub due: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<ActionStatus>,
    #[serde(
        with = "crate::model::date::option",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<NaiveDate>")]
    pub done: Option<NaiveDate>,
    /// One-off cost of the action (DESIGN 10.5)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<Money>,
    /// Yearly running cost of the action
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annual_cost: Option<Money>,
}

#[derive(
    Clone, Copy, Debug, Deserialize, Serialize, schemars::JsonSchema, PartialEq, Eq, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    #[default]
    Open,
    InProgress,
    Done,
    Cancelled,
}

impl ActionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ActionStatus::Open => "open",
            ActionStatus::InProgress => "in_progress",
            ActionStatus::Done => "done",
            ActionStatus::Cancelled => "cancelled",
        }
    }
}

impl Action {
    pub fn status(&self) -> ActionStatus {
        self.status.unwrap_or_default()
    }

    /// Open or in progress: still to be done.
    pub fn is_open(&self) -> bool {
        matches!(self.status(), ActionStatus::Open | ActionStatus::InProgress)
    }
}

/// Action ids must be unique within their record, and a done action carries its date.
pub fn validate_actions(actions: &[Action], problems: &mut Vec<Problem>) {
    for (i, action) in actions.iter().enumerate() {
        let key = format!("actions[{i}]");
        if action.id.trim().is_empty() {
            problems.push(Problem::new(format!("{key}.id"), "must not be empty"));
        } else if !action
            .id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            problems.push(Problem::new(
                format!("{key}.id"),
                format!("`{}` may hold only letters, digits, `-` and `_`", action.id),
            ));
        }
        if actions[..i].iter().any(|a| a.id == action.id) {
            problems.push(Problem::new(
                format!("{key}.id"),
                format!("`{}` is used by another action of this record", action.id),
            ));
        }
        if action.title.trim().is_empty() {
            problems.push(Problem::new(format!("{key}.title"), "must not be empty"));
        }
        if action.done.is_some() && action.status() != ActionStatus::Done {
            problems.push(Problem::new(
                format!("{key}.done"),
                format!(
                    "is set but status is `{}`; set status: done",
                    action.status().as_str()
                ),
            ));
        }
    }
}

/// The next free action id of the form `A<n>`.
pub fn next_action_id(actions: &[Action]) -> String {
    let max = actions
        .iter()
        .filter_map(|a| a.id.strip_prefix('A').and_then(|n| n.parse::<u32>().ok()))
        .max()
        .unwrap_or(0);
    format!("A{}", max + 1)
}
