//! A risk: what could go wrong at a stage of the customer journey, rated and treated.

use chrono::NaiveDate;
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use super::action::{Action, validate_actions};
use super::control::{Control, validate_controls};
use super::{Id, Problem, Settings, check_one_of};
use super::{Money, Probability};

#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
#[schemars(description = "A risk: one file under risks/, named after its id")]
pub struct Risk {
    pub id: Id,
    /// The record's reference in the spreadsheet or system it was imported from (DESIGN 12).
    #[serde(rename = "ref", default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(
        default,
        deserialize_with = "super::exact",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub harms: Vec<String>,
    /// The PESTLE factors behind the risk (DESIGN 11.1).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pestle: Vec<super::analysis::Factor>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<RiskStatus>,
    /// When and why the risk was closed (`risk close --reason`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed: Option<super::closed::Closed>,
    #[serde(
        with = "crate::model::date::option",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<NaiveDate>")]
    pub identified: Option<NaiveDate>,
    #[schemars(range(min = 1, max = 10))]
    pub likelihood: u8,
    pub impact: Impact,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inherent: Option<Target>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Target>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loss: Option<Loss>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fmea: Option<Fmea>,
    #[serde(
        default,
        deserialize_with = "super::exact",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub controls: Vec<Control>,
    #[serde(
        default,
        deserialize_with = "super::exact",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub contingency: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub treatment: Option<Treatment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acceptance: Option<Acceptance>,
    #[serde(
        default,
        deserialize_with = "super::exact",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub actions: Vec<Action>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customers_informed: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff_briefed: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Review>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

#[derive(
    Clone, Copy, Debug, Deserialize, Serialize, schemars::JsonSchema, PartialEq, Eq, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum RiskStatus {
    #[default]
    Open,
    Closed,
}

impl RiskStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RiskStatus::Open => "open",
            RiskStatus::Closed => "closed",
        }
    }
}

/// Impact as one level, or a level per impact dimension (the overall impact is the highest).
#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema, PartialEq)]
#[serde(untagged)]
pub enum Impact {
    Level(u8),
    Dimensions(IndexMap<String, u8>),
}

impl Impact {
    /// The highest level over the dimensions (DESIGN 5).
    pub fn overall(&self) -> u8 {
        match self {
            Impact::Level(level) => *level,
            Impact::Dimensions(map) => map.values().copied().max().unwrap_or(0),
        }
    }
}

#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Target {
    #[schemars(range(min = 1, max = 10))]
    pub likelihood: u8,
    #[schemars(range(min = 1, max = 10))]
    pub impact: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loss: Option<Loss>,
}

/// A risk's own loss estimate (DESIGN 10.5): one loss of `single`, `per_year` times a year.
#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Loss {
    pub single: Money,
    pub per_year: Probability,
}

/// The rating an acceptance was given for (DESIGN 10.4).
#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AcceptedRating {
    #[schemars(range(min = 1, max = 10))]
    pub likelihood: u8,
    #[schemars(range(min = 1, max = 10))]
    pub impact: u8,
}

#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Fmea {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effect: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
    #[schemars(range(min = 1, max = 10))]
    pub severity: u8,
    #[schemars(range(min = 1, max = 10))]
    pub occurrence: u8,
    #[schemars(range(min = 1, max = 10))]
    pub detection: u8,
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, schemars::JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Treatment {
    Avoid,
    Reduce,
    Transfer,
    Accept,
}

#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Acceptance {
    pub by: String,
    #[serde(with = "crate::model::date")]
    #[schemars(with = "NaiveDate")]
    pub on: NaiveDate,
    #[serde(
        with = "crate::model::date::option",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<NaiveDate>")]
    pub until: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<AcceptedRating>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, schemars::JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Review {
    #[serde(
        with = "crate::model::date::option",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<NaiveDate>")]
    pub last: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub every_days: Option<u32>,
}

impl Risk {
    pub fn status(&self) -> RiskStatus {
        self.status.unwrap_or_default()
    }

    pub fn is_open(&self) -> bool {
        self.status() == RiskStatus::Open
    }

    /// Every problem with this risk against the settings, each naming its key.
    /// Structural problems (types, unknown keys) were already caught by the parser.
    pub fn validate(&self, settings: &Settings) -> Vec<Problem> {
        let mut problems = Vec::new();
        if self.title.trim().is_empty() {
            problems.push(Problem::new("title", "must not be empty"));
        }
        if let Some(stage) = &self.stage {
            check_one_of(&mut problems, "stage", stage, &settings.stages);
        }
        if let Some(category) = &self.category {
            check_one_of(&mut problems, "category", category, &settings.categories);
        }
        for (i, harm) in self.harms.iter().enumerate() {
            check_one_of(&mut problems, &format!("harms[{i}]"), harm, &settings.harms);
        }
        let l_scale = &settings.scales.likelihood;
        let i_scale = &settings.scales.impact;
        level(&mut problems, "likelihood", self.likelihood, l_scale);
        match &self.impact {
            Impact::Level(l) => level(&mut problems, "impact", *l, i_scale),
            Impact::Dimensions(map) => {
                if map.is_empty() {
                    problems.push(Problem::new("impact", "needs at least one dimension"));
                }
                for (dim, l) in map {
                    check_one_of(
                        &mut problems,
                        &format!("impact.{dim}"),
                        dim,
                        &settings.impact_dimensions,
                    );
                    level(&mut problems, &format!("impact.{dim}"), *l, i_scale);
                }
            }
        }
        for (key, rating) in [("inherent", &self.inherent), ("target", &self.target)] {
            if let Some(rating) = rating {
                level(
                    &mut problems,
                    &format!("{key}.likelihood"),
                    rating.likelihood,
                    l_scale,
                );
                level(
                    &mut problems,
                    &format!("{key}.impact"),
                    rating.impact,
                    i_scale,
                );
            }
        }
        if let Some(rating) = self.acceptance.as_ref().and_then(|a| a.rating.as_ref()) {
            level(
                &mut problems,
                "acceptance.rating.likelihood",
                rating.likelihood,
                l_scale,
            );
            level(
                &mut problems,
                "acceptance.rating.impact",
                rating.impact,
                i_scale,
            );
        }
        validate_controls(&self.controls, &mut problems);
        if let Some(fmea) = &self.fmea {
            for (key, v) in [
                ("fmea.severity", fmea.severity),
                ("fmea.occurrence", fmea.occurrence),
                ("fmea.detection", fmea.detection),
            ] {
                if !(1..=10).contains(&v) {
                    problems.push(Problem::new(key, format!("{v} is outside 1..10")));
                }
            }
        }
        if let Some(Acceptance {
            on,
            until: Some(until),
            ..
        }) = &self.acceptance
            && until < on
        {
            problems.push(Problem::new(
                "acceptance.until",
                format!("{until} is before acceptance.on {on}"),
            ));
        }
        if let Some(Review {
            every_days: Some(0),
            ..
        }) = &self.review
        {
            problems.push(Problem::new("review.every_days", "must be at least 1 day"));
        }
        validate_actions(&self.actions, &mut problems);
        problems
    }
}

/// Checks a rating level against its scale, naming the scale's labels.
fn level(problems: &mut Vec<Problem>, key: &str, value: u8, scale: &[String]) {
    if value < 1 || value as usize > scale.len() {
        problems.push(Problem::new(
            key,
            format!(
                "{value} is outside 1..{} (scale: {}..{})",
                scale.len(),
                scale.first().map(String::as_str).unwrap_or(""),
                scale.last().map(String::as_str).unwrap_or("")
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overall_impact_is_the_highest_dimension() {
        let impact = Impact::Dimensions(
            [
                ("financial".to_string(), 4),
                ("reputational".to_string(), 5),
                ("health_safety".to_string(), 2),
            ]
            .into_iter()
            .collect(),
        );
        assert_eq!(impact.overall(), 5);
        assert_eq!(Impact::Level(3).overall(), 3);
    }
}
