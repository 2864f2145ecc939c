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
    #[serde(
        default,
        deserialize_with = "super::exact",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub harms: Vec<String>,
    #[serde(
        default,
        deserialize_with = "super::exact",
        skip_serializing_if = "Vec::is_empty"
    )]
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
    #[serde(
        default,
        deserialize_with = "super::exact",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub containment: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root_cause: Option<RootCause>,
    #[serde(
        default,
        deserialize_with = "super::exact",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub actions: Vec<Action>,
    #[serde(
        default,
        deserialize_with = "super::exact",
        skip_serializing_if = "Vec::is_empty"
    )]
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
    #[serde(
        with = "crate::model::date::option",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<NaiveDate>")]
    pub held: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lessons: Vec<Lesson>,
}

/// A lesson learned (DESIGN 11.2): plain text, or text with where it went: the incident's own
/// actions that carry it and the risks it changed.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema, PartialEq)]
#[serde(untagged)]
pub enum Lesson {
    Text(String),
    Linked(LinkedLesson),
}

#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LinkedLesson {
    pub text: String,
    /// Ids of this incident's own actions (`A2`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub risks: Vec<Id>,
}

impl<'de> Deserialize<'de> for Lesson {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        super::text_or_map(
            deserializer,
            "text, or a map of text, actions and risks",
            Lesson::Text,
            Lesson::Linked,
        )
    }
}

impl Lesson {
    pub fn text(&self) -> &str {
        match self {
            Lesson::Text(text) => text,
            Lesson::Linked(l) => &l.text,
        }
    }

    pub fn actions(&self) -> &[String] {
        match self {
            Lesson::Text(_) => &[],
            Lesson::Linked(l) => &l.actions,
        }
    }

    pub fn risks(&self) -> &[Id] {
        match self {
            Lesson::Text(_) => &[],
            Lesson::Linked(l) => &l.risks,
        }
    }

    /// A lesson with nothing but text is written as plain text.
    pub fn normalise(&mut self) {
        if let Lesson::Linked(l) = self
            && l.actions.is_empty()
            && l.risks.is_empty()
        {
            *self = Lesson::Text(std::mem::take(&mut l.text));
        }
    }
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
        for (i, lesson) in self.lessons().iter().enumerate() {
            let key = format!("review.lessons[{i}]");
            if matches!(lesson, Lesson::Linked(_)) && lesson.text().trim().is_empty() {
                problems.push(Problem::new(format!("{key}.text"), "must not be empty"));
            }
            for (j, action) in lesson.actions().iter().enumerate() {
                if !self.actions.iter().any(|a| a.id == *action) {
                    let ids: Vec<&str> = self.actions.iter().map(|a| a.id.as_str()).collect();
                    problems.push(Problem::new(
                        format!("{key}.actions[{j}]"),
                        if ids.is_empty() {
                            format!("`{action}` is not an action of this incident (it has none; add one with `risk action add {}`)", self.id)
                        } else {
                            format!("`{action}` is not an action of this incident (it has {})", ids.join(", "))
                        },
                    ));
                }
            }
            for (j, risk) in lesson.risks().iter().enumerate() {
                if risk.kind() != Some(super::Kind::Risk) {
                    problems.push(Problem::new(
                        format!("{key}.risks[{j}]"),
                        format!("`{risk}` is not a risk id"),
                    ));
                }
            }
        }
        problems
    }

    /// The lessons of the post-incident review (none when there was none).
    pub fn lessons(&self) -> &[Lesson] {
        self.review.as_ref().map_or(&[], |r| &r.lessons)
    }

    /// The risks the lessons name.
    pub fn lesson_risks(&self) -> impl Iterator<Item = &Id> {
        self.lessons().iter().flat_map(Lesson::risks)
    }

    /// Points every reference to a renumbered risk at its new id.
    pub fn rename_risk(&mut self, old: &Id, new: &Id) {
        let lessons = self.review.iter_mut().flat_map(|r| r.lessons.iter_mut());
        let lesson_risks = lessons.flat_map(|l| match l {
            Lesson::Text(_) => [].iter_mut(),
            Lesson::Linked(l) => l.risks.iter_mut(),
        });
        for risk in self.risks.iter_mut().chain(lesson_risks) {
            if risk == old {
                *risk = new.clone();
            }
        }
    }
}
