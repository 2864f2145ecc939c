//! The report's figures for the risk professional's model (DESIGN 10): appetite, risks whose
//! controls do not work, the inherent → current → target journey, and treatments by return.

use chrono::NaiveDate;
use serde::Serialize;

use super::ale::{CbaRow, cba_rows};
use super::appetite::{acceptance_holds, appetite, within_appetite};
use super::controls::uncontrolled;
use super::matrix::inherent;
use super::{current, target};
use crate::model::{Risk, Settings};

/// How many risks the journey table follows.
pub const JOURNEY_TOP: usize = 10;

#[derive(Clone, Debug, Default, Serialize)]
pub struct ModelData {
    /// Whether the settings set an appetite at all.
    pub has_appetite: bool,
    /// Open risks within their appetite.
    pub within_appetite: usize,
    /// Open risks above their appetite, worst band first.
    pub above_appetite: Vec<AppetiteRow>,
    /// Open risks of the top two impact levels whose controls are all ineffective or untested.
    pub uncontrolled: Vec<UncontrolledRow>,
    /// The open risks with the highest current scores: inherent, current and target bands.
    pub journey: Vec<JourneyRow>,
    /// Treatments ranked by return on security investment (`risk cba`).
    pub treatments: Vec<CbaRow>,
}

#[derive(Clone, Debug, Serialize)]
pub struct AppetiteRow {
    pub id: String,
    pub title: String,
    pub category: Option<String>,
    pub stage: Option<String>,
    pub band: String,
    pub appetite: String,
    /// Until when an acceptance that still holds covers it.
    pub accepted_until: Option<NaiveDate>,
    pub accepted: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct UncontrolledRow {
    pub id: String,
    pub title: String,
    pub impact: u8,
    pub band: String,
    /// `no controls`, or how many controls and their effectiveness.
    pub controls: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct JourneyRow {
    pub id: String,
    pub title: String,
    pub inherent: Option<(u32, String)>,
    pub current: (u32, String),
    pub target: Option<(u32, String)>,
}

pub fn build(settings: &Settings, open: &[&Risk], today: NaiveDate) -> ModelData {
    let position = |band: &str| settings.band_index(band).unwrap_or(0);
    let mut above_appetite: Vec<AppetiteRow> = open
        .iter()
        .filter(|r| within_appetite(settings, r) == Some(false))
        .map(|r| {
            let accepted = acceptance_holds(r, today);
            AppetiteRow {
                id: r.id.to_string(),
                title: r.title.clone(),
                category: r.category.clone(),
                stage: r.stage.clone(),
                band: current(settings, r).band,
                appetite: appetite(settings, r).unwrap_or_default().to_string(),
                accepted_until: r
                    .acceptance
                    .as_ref()
                    .and_then(|a| a.until)
                    .filter(|_| accepted),
                accepted,
            }
        })
        .collect();
    above_appetite.sort_by(|a, b| {
        position(&b.band)
            .cmp(&position(&a.band))
            .then_with(|| super::deadlines::record_order(&a.id, &b.id))
    });
    let top_impact = settings.impact_levels().saturating_sub(1);
    let uncontrolled = open
        .iter()
        .filter(|r| r.impact.overall() >= top_impact && uncontrolled(r))
        .map(|r| UncontrolledRow {
            id: r.id.to_string(),
            title: r.title.clone(),
            impact: r.impact.overall(),
            band: current(settings, r).band,
            controls: if r.controls.is_empty() {
                "no controls".into()
            } else {
                r.controls
                    .iter()
                    .map(|c| c.effectiveness().as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            },
        })
        .collect();
    let mut by_score: Vec<&Risk> = open.to_vec();
    by_score.sort_by(|a, b| {
        current(settings, b)
            .score
            .cmp(&current(settings, a).score)
            .then_with(|| a.id.cmp(&b.id))
    });
    let journey = by_score
        .iter()
        .take(JOURNEY_TOP)
        .map(|r| {
            let now = current(settings, r);
            JourneyRow {
                id: r.id.to_string(),
                title: r.title.clone(),
                inherent: inherent(settings, r).map(|i| (i.score, i.band)),
                current: (now.score, now.band),
                target: target(settings, r).map(|t| (t.score, t.band)),
            }
        })
        .collect();
    ModelData {
        has_appetite: settings.appetite.is_some(),
        within_appetite: open
            .iter()
            .filter(|r| within_appetite(settings, r) == Some(true))
            .count(),
        above_appetite,
        uncontrolled,
        journey,
        treatments: cba_rows(settings, open.iter().copied()),
    }
}
