//! The plain rows that commands print: one struct per listing, feeding every format.

use chrono::NaiveDate;
use serde::Serialize;

use super::deadlines::{days_overdue, review_due};
use super::fmea::{Ranked, action_priority, rank_order, rpn};
use super::{current, target};
use crate::model::{Action, Risk, Settings};

/// A risk as `list` shows it (the JSON contract of DESIGN section 7).
#[derive(Clone, Debug, Serialize)]
pub struct RiskRow {
    pub id: String,
    pub title: String,
    pub stage: Option<String>,
    pub category: Option<String>,
    pub owner: Option<String>,
    pub status: &'static str,
    pub likelihood: u8,
    pub impact: u8,
    pub score: u32,
    pub band: String,
    pub target_score: Option<u32>,
    pub target_band: Option<String>,
    pub rpn: Option<u32>,
    pub ap: Option<&'static str>,
    pub actions_open: usize,
    pub next_review: NaiveDate,
    pub inherent_score: Option<u32>,
    pub inherent_band: Option<String>,
    /// The appetite band (DESIGN 10.3); null without an appetite
    pub appetite: Option<String>,
    pub within_appetite: Option<bool>,
}

pub fn risk_row(settings: &Settings, risk: &Risk, today: NaiveDate) -> RiskRow {
    let rating = current(settings, risk);
    let target = target(settings, risk);
    let inherent = super::matrix::inherent(settings, risk);
    let fmea = risk.fmea.as_ref();
    RiskRow {
        id: risk.id.to_string(),
        title: risk.title.clone(),
        stage: risk.stage.clone(),
        category: risk.category.clone(),
        owner: risk.owner.clone(),
        status: risk.status().as_str(),
        likelihood: rating.likelihood,
        impact: rating.impact,
        score: rating.score,
        next_review: review_due(settings, risk, &rating.band, today),
        band: rating.band,
        target_score: target.as_ref().map(|t| t.score),
        target_band: target.map(|t| t.band),
        rpn: fmea.map(|f| rpn(f.severity, f.occurrence, f.detection)),
        ap: fmea.map(|f| action_priority(f.severity, f.occurrence, f.detection).as_str()),
        actions_open: risk.actions.iter().filter(|a| a.is_open()).count(),
        inherent_score: inherent.as_ref().map(|r| r.score),
        inherent_band: inherent.map(|r| r.band),
        appetite: super::appetite::appetite(settings, risk).map(String::from),
        within_appetite: super::appetite::within_appetite(settings, risk),
    }
}

/// A risk as `rank` shows it.
#[derive(Clone, Debug, Serialize)]
pub struct RankRow {
    pub rank: usize,
    pub id: String,
    pub title: String,
    pub severity: u8,
    pub occurrence: u8,
    pub detection: u8,
    pub rpn: u32,
    pub ap: &'static str,
}

/// Ranks the risks that have an FMEA view; the others are not ranked.
pub fn rank_rows<'a>(risks: impl IntoIterator<Item = &'a Risk>, by_rpn: bool) -> Vec<RankRow> {
    let mut ranked: Vec<(Ranked, &Risk)> = risks
        .into_iter()
        .filter_map(|risk| {
            let f = risk.fmea.as_ref()?;
            Some((
                Ranked {
                    id: &risk.id,
                    severity: f.severity,
                    occurrence: f.occurrence,
                    detection: f.detection,
                    rpn: rpn(f.severity, f.occurrence, f.detection),
                    ap: action_priority(f.severity, f.occurrence, f.detection),
                },
                risk,
            ))
        })
        .collect();
    ranked.sort_by(|a, b| rank_order(&a.0, &b.0, by_rpn));
    ranked
        .into_iter()
        .enumerate()
        .map(|(i, (r, risk))| RankRow {
            rank: i + 1,
            id: risk.id.to_string(),
            title: risk.title.clone(),
            severity: r.severity,
            occurrence: r.occurrence,
            detection: r.detection,
            rpn: r.rpn,
            ap: r.ap.as_str(),
        })
        .collect()
}

/// An action as `actions` shows it.
#[derive(Clone, Debug, Serialize)]
pub struct ActionRow {
    pub record: String,
    pub action: String,
    pub title: String,
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
    pub status: &'static str,
    pub days_overdue: Option<i64>,
    /// One-off and yearly cost (DESIGN 10.5)
    pub cost: Option<crate::model::Money>,
    pub annual_cost: Option<crate::model::Money>,
}

pub fn action_row(record: &str, action: &Action, today: NaiveDate) -> ActionRow {
    ActionRow {
        record: record.to_string(),
        action: action.id.clone(),
        title: action.title.clone(),
        owner: action.owner.clone(),
        due: action.due,
        status: action.status().as_str(),
        days_overdue: action
            .due
            .filter(|_| action.is_open())
            .and_then(|due| days_overdue(due, today)),
        cost: action.cost,
        annual_cost: action.annual_cost,
    }
}
