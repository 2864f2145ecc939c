//! An incident: something that went wrong for customers, from detection to post-incident review.

use chrono::{DateTime, FixedOffset, NaiveDate};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use super::action::{Action, validate_actions};
use super::{Id, Money, Problem, Settings, check_one_of};

pub type Time = DateTime<FixedOffset>;

#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
#[schemars(description = "An incident: one file under incidents/, named after its id")]
pub struct Incident {
    pub id: Id,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<IncidentStatus>,
    #[schemars(range(min = 1, max = 5))]
    pub severity: u8,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub harms: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub risks: Vec<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occurred: Option<Time>,
    pub detected: Time,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contained: Option<Time>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved: Option<Time>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customers_affected: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal_data_breach: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regulator_notified: Option<Time>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_consulted: Option<bool>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub containment: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root_cause: Option<RootCause>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<Action>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub communications: Vec<Communication>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compensation_budget: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<PostIncidentReview>,
}

#[derive(
    Clone,
    Copy,
    Debug,
    Deserialize,
    Serialize,
    schemars::JsonSchema,
    PartialEq,
    Eq,
    Default,
    PartialOrd,
    Ord,
)]
#[serde(rename_all = "snake_case")]
pub enum IncidentStatus {
    #[default]
    Open,
    Contained,
    Resolved,
    Closed,
}

impl IncidentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            IncidentStatus::Open => "open",
            IncidentStatus::Contained => "contained",
            IncidentStatus::Resolved => "resolved",
            IncidentStatus::Closed => "closed",
        }
    }
}

#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RootCause {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<RootCauseMethod>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub whys: Vec<String>,
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub fishbone: IndexMap<FishboneBone, Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, schemars::JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum RootCauseMethod {
    FiveWhys,
    Fishbone,
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, schemars::JsonSchema, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum FishboneBone {
    People,
    Process,
    Technology,
    Policy,
    Place,
    Data,
}

#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Communication {
    pub at: Time,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, schemars::JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PostIncidentReview {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub held: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lessons: Vec<String>,
}

impl Incident {
    pub fn status(&self) -> IncidentStatus {
        self.status.unwrap_or_default()
    }

    /// Every problem with this incident against the settings, each naming its key.
    pub fn validate(&self, settings: &Settings) -> Vec<Problem> {
        let mut problems = Vec::new();
        if self.title.trim().is_empty() {
            problems.push(Problem::new("title", "must not be empty"));
        }
        if !(1..=5).contains(&self.severity) {
            problems.push(Problem::new(
                "severity",
                format!("{} is outside 1..5", self.severity),
            ));
        }
        for (i, harm) in self.harms.iter().enumerate() {
            check_one_of(&mut problems, &format!("harms[{i}]"), harm, &settings.harms);
        }
        for (i, risk) in self.risks.iter().enumerate() {
            if risk.kind() != Some(super::Kind::Risk) {
                problems.push(Problem::new(
                    format!("risks[{i}]"),
                    format!("`{risk}` is not a risk id"),
                ));
            }
        }
        let order = [
            ("occurred", self.occurred),
            ("detected", Some(self.detected)),
            ("contained", self.contained),
            ("resolved", self.resolved),
        ];
        for (i, (later_key, later)) in order.iter().enumerate() {
            for (earlier_key, earlier) in &order[..i] {
                if let (Some(e), Some(l)) = (earlier, later)
                    && l < e
                {
                    problems.push(Problem::new(
                        *later_key,
                        format!("{l} is before {earlier_key} {e}"),
                    ));
                }
            }
        }
        for (i, c) in self.communications.iter().enumerate() {
            if c.at < self.detected && self.occurred.is_none_or(|o| c.at < o) {
                problems.push(Problem::new(
                    format!("communications[{i}].at"),
                    format!(
                        "{} is before the incident was detected ({})",
                        c.at, self.detected
                    ),
                ));
            }
        }
        validate_actions(&self.actions, &mut problems);
        problems
    }
}
