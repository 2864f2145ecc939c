//! SWOT and PESTLE analyses (DESIGN 11.1): what a team saw, each item linked to the risks that
//! carry it in the register, or consciously dismissed.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Id, Kind, Problem, Settings};

/// One item of an analysis: plain text, or text with the risks behind it or the reason it was
/// set aside.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema, PartialEq)]
#[serde(untagged)]
pub enum Item {
    Text(String),
    Linked(LinkedItem),
}

#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LinkedItem {
    pub text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub risks: Vec<Id>,
    /// Why the item is consciously left out of the register.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dismissed: Option<String>,
}

impl<'de> Deserialize<'de> for Item {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        super::text_or_map(
            deserializer,
            "text, or a map of text, risks and dismissed",
            Item::Text,
            Item::Linked,
        )
    }
}

impl Item {
    pub fn text(&self) -> &str {
        match self {
            Item::Text(text) => text,
            Item::Linked(item) => &item.text,
        }
    }

    pub fn risks(&self) -> &[Id] {
        match self {
            Item::Text(_) => &[],
            Item::Linked(item) => &item.risks,
        }
    }

    pub fn dismissed(&self) -> Option<&str> {
        match self {
            Item::Text(_) => None,
            Item::Linked(item) => item.dismissed.as_deref(),
        }
    }

    /// Points a reference at a renumbered risk.
    pub fn rename_risk(&mut self, old: &Id, new: &Id) {
        if let Item::Linked(item) = self {
            for risk in &mut item.risks {
                if risk == old {
                    *risk = new.clone();
                }
            }
        }
    }

    /// A map with nothing but text is written as plain text.
    fn normalise(&mut self) {
        if let Item::Linked(item) = self
            && item.risks.is_empty()
            && item.dismissed.is_none()
        {
            *self = Item::Text(std::mem::take(&mut item.text));
        }
    }
}

#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
#[schemars(description = "A SWOT analysis: one file under analyses/, named after its id")]
pub struct Swot {
    pub id: Id,
    pub title: String,
    #[serde(
        with = "crate::model::date::option",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<NaiveDate>")]
    pub held: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub strengths: Vec<Item>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub weaknesses: Vec<Item>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub opportunities: Vec<Item>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub threats: Vec<Item>,
}

#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
#[schemars(description = "A PESTLE analysis: one file under analyses/, named after its id")]
pub struct Pestle {
    pub id: Id,
    pub title: String,
    #[serde(
        with = "crate::model::date::option",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<NaiveDate>")]
    pub held: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub political: Vec<Item>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub economic: Vec<Item>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub social: Vec<Item>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub technological: Vec<Item>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub legal: Vec<Item>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub environmental: Vec<Item>,
}

/// The six PESTLE factors, which a risk may name (`pestle: [legal]`).
#[derive(
    Clone,
    Copy,
    Debug,
    Deserialize,
    Serialize,
    schemars::JsonSchema,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
)]
#[serde(rename_all = "snake_case")]
pub enum Factor {
    Political,
    Economic,
    Social,
    Technological,
    Legal,
    Environmental,
}

impl Factor {
    pub const ALL: [Factor; 6] = [
        Factor::Political,
        Factor::Economic,
        Factor::Social,
        Factor::Technological,
        Factor::Legal,
        Factor::Environmental,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Factor::Political => "political",
            Factor::Economic => "economic",
            Factor::Social => "social",
            Factor::Technological => "technological",
            Factor::Legal => "legal",
            Factor::Environmental => "environmental",
        }
    }

    pub fn parse(text: &str) -> Result<Factor, String> {
        let text = text.trim();
        Factor::ALL
            .into_iter()
            .find(|f| f.as_str() == text)
            .ok_or_else(|| {
                let names: Vec<&str> = Factor::ALL.iter().map(|f| f.as_str()).collect();
                let mut message = format!("`{text}` is not one of {}", names.join(", "));
                if let Some(near) = super::nearest(text, names.iter().copied()) {
                    message.push_str(&format!(" (did you mean `{near}`?)"));
                }
                message
            })
    }
}

/// The four SWOT quadrants, in the grid's order.
pub const QUADRANTS: [&str; 4] = ["strengths", "weaknesses", "opportunities", "threats"];

impl Swot {
    /// The items of each quadrant, by key.
    pub fn quadrants(&self) -> [(&'static str, &[Item]); 4] {
        [
            ("strengths", &self.strengths),
            ("weaknesses", &self.weaknesses),
            ("opportunities", &self.opportunities),
            ("threats", &self.threats),
        ]
    }

    /// Every item with its quadrant and index.
    pub fn items(&self) -> impl Iterator<Item = (&'static str, usize, &Item)> {
        self.quadrants().into_iter().flat_map(|(key, items)| {
            items
                .iter()
                .enumerate()
                .map(move |(i, item)| (key, i, item))
        })
    }

    pub fn items_mut(&mut self) -> impl Iterator<Item = &mut Item> {
        self.quadrants_mut().into_iter().flatten()
    }

    fn quadrants_mut(&mut self) -> [&mut Vec<Item>; 4] {
        [
            &mut self.strengths,
            &mut self.weaknesses,
            &mut self.opportunities,
            &mut self.threats,
        ]
    }

    pub fn normalise(&mut self) {
        self.quadrants_mut()
            .into_iter()
            .flatten()
            .for_each(Item::normalise);
    }

    pub fn validate(&self, _settings: &Settings) -> Vec<Problem> {
        let mut problems = Vec::new();
        validate_head(&self.title, &mut problems);
        for (key, items) in self.quadrants() {
            validate_items(key, items, &mut problems);
        }
        problems
    }
}

impl Pestle {
    /// The items of each factor, in PESTLE order.
    pub fn factors(&self) -> [(Factor, &[Item]); 6] {
        [
            (Factor::Political, &self.political),
            (Factor::Economic, &self.economic),
            (Factor::Social, &self.social),
            (Factor::Technological, &self.technological),
            (Factor::Legal, &self.legal),
            (Factor::Environmental, &self.environmental),
        ]
    }

    /// Every item with its factor and index.
    pub fn items(&self) -> impl Iterator<Item = (&'static str, usize, &Item)> {
        self.factors().into_iter().flat_map(|(factor, items)| {
            items
                .iter()
                .enumerate()
                .map(move |(i, item)| (factor.as_str(), i, item))
        })
    }

    pub fn items_mut(&mut self) -> impl Iterator<Item = &mut Item> {
        self.factors_mut().into_iter().flatten()
    }

    fn factors_mut(&mut self) -> [&mut Vec<Item>; 6] {
        [
            &mut self.political,
            &mut self.economic,
            &mut self.social,
            &mut self.technological,
            &mut self.legal,
            &mut self.environmental,
        ]
    }

    pub fn normalise(&mut self) {
        self.factors_mut()
            .into_iter()
            .flatten()
            .for_each(Item::normalise);
    }

    pub fn validate(&self, _settings: &Settings) -> Vec<Problem> {
        let mut problems = Vec::new();
        validate_head(&self.title, &mut problems);
        for (factor, items) in self.factors() {
            validate_items(factor.as_str(), items, &mut problems);
        }
        problems
    }
}

fn validate_head(title: &str, problems: &mut Vec<Problem>) {
    if title.trim().is_empty() {
        problems.push(Problem::new("title", "must not be empty"));
    }
}

fn validate_items(key: &str, items: &[Item], problems: &mut Vec<Problem>) {
    for (i, item) in items.iter().enumerate() {
        if item.text().trim().is_empty() {
            let key = match item {
                Item::Text(_) => format!("{key}[{i}]"),
                Item::Linked(_) => format!("{key}[{i}].text"),
            };
            problems.push(Problem::new(key, "must not be empty"));
        }
        for (j, risk) in item.risks().iter().enumerate() {
            if risk.kind() != Some(Kind::Risk) {
                problems.push(Problem::new(
                    format!("{key}[{i}].risks[{j}]"),
                    format!("`{risk}` is not a risk id"),
                ));
            }
        }
        if item.dismissed().is_some_and(|d| d.trim().is_empty()) {
            problems.push(Problem::new(
                format!("{key}[{i}].dismissed"),
                "must say why the item is set aside",
            ));
        }
    }
}
