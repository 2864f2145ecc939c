//! SWOT and PESTLE analyses read against the register (DESIGN 11.1): each item with the risks
//! behind it and their current bands, and risks per PESTLE factor × stage.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::analysis::{Factor, Item};
use crate::model::{Id, Pestle, Risk, Settings, Swot};
use crate::rating::current;
use crate::snapshot::Snapshot;

/// A risk an item names, as rated today (`band` null when the risk does not exist).
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct LinkedRisk {
    pub id: String,
    pub title: Option<String>,
    pub score: Option<u32>,
    pub band: Option<String>,
    pub status: Option<String>,
}

/// One item of an analysis with its risks.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct ItemView {
    pub text: String,
    pub risks: Vec<LinkedRisk>,
    pub dismissed: Option<String>,
}

impl ItemView {
    /// Neither in the register nor set aside.
    pub fn unlinked(&self) -> bool {
        self.risks.is_empty() && self.dismissed.is_none()
    }
}

/// The SWOT grid (`risk swot --format json`).
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct SwotView {
    pub id: String,
    pub title: String,
    pub held: Option<NaiveDate>,
    pub strengths: Vec<ItemView>,
    pub weaknesses: Vec<ItemView>,
    pub opportunities: Vec<ItemView>,
    pub threats: Vec<ItemView>,
}

impl SwotView {
    /// Threats with no risk behind them (dismissed ones included: nothing in the register covers them).
    pub fn uncovered_threats(&self) -> impl Iterator<Item = &ItemView> {
        self.threats.iter().filter(|t| t.risks.is_empty())
    }
}

/// The PESTLE analysis (`risk pestle --format json`): one entry per factor, in PESTLE order.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct PestleView {
    pub id: String,
    pub title: String,
    pub held: Option<NaiveDate>,
    pub factors: Vec<FactorView>,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct FactorView {
    pub factor: &'static str,
    pub items: Vec<ItemView>,
    /// Open risks that name this factor (`pestle: [...]`), whether or not an item links them.
    pub tagged_risks: Vec<String>,
}

fn linked(snapshot: &Snapshot, id: &Id) -> LinkedRisk {
    match snapshot.risks.iter().find(|r| &r.value.id == id) {
        Some(r) => {
            let rating = current(&snapshot.settings, &r.value);
            LinkedRisk {
                id: id.to_string(),
                title: Some(r.value.title.clone()),
                score: Some(rating.score),
                band: Some(rating.band),
                status: Some(r.value.status().as_str().to_string()),
            }
        }
        None => LinkedRisk {
            id: id.to_string(),
            title: None,
            score: None,
            band: None,
            status: None,
        },
    }
}

fn items(snapshot: &Snapshot, items: &[Item]) -> Vec<ItemView> {
    items
        .iter()
        .map(|item| ItemView {
            text: item.text().to_string(),
            risks: item.risks().iter().map(|id| linked(snapshot, id)).collect(),
            dismissed: item.dismissed().map(str::to_string),
        })
        .collect()
}

pub fn swot_view(snapshot: &Snapshot, swot: &Swot) -> SwotView {
    SwotView {
        id: swot.id.to_string(),
        title: swot.title.clone(),
        held: swot.held,
        strengths: items(snapshot, &swot.strengths),
        weaknesses: items(snapshot, &swot.weaknesses),
        opportunities: items(snapshot, &swot.opportunities),
        threats: items(snapshot, &swot.threats),
    }
}

pub fn pestle_view(snapshot: &Snapshot, pestle: &Pestle) -> PestleView {
    PestleView {
        id: pestle.id.to_string(),
        title: pestle.title.clone(),
        held: pestle.held,
        factors: pestle
            .factors()
            .into_iter()
            .map(|(factor, list)| FactorView {
                factor: factor.as_str(),
                items: items(snapshot, list),
                tagged_risks: snapshot
                    .risks
                    .iter()
                    .filter(|r| r.value.is_open() && r.value.pestle.contains(&factor))
                    .map(|r| r.value.id.to_string())
                    .collect(),
            })
            .collect(),
    }
}

/// The latest of a kind's analyses: by `held` (undated ones first), then by id.
pub fn latest<'a, T>(
    records: impl IntoIterator<Item = &'a T>,
    held: impl Fn(&T) -> (Option<NaiveDate>, &Id),
) -> Option<&'a T>
where
    T: 'a,
{
    records.into_iter().max_by(|a, b| held(a).cmp(&held(b)))
}

/// Risks per PESTLE factor × stage (`risk coverage --by pestle`).
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct PestleCoverage {
    pub stages: Vec<String>,
    pub factors: Vec<&'static str>,
    /// One cell per stage × factor, stage-major; ids sorted.
    pub cells: Vec<PestleCell>,
    /// Open risks without a stage or without PESTLE factors, which no cell can hold.
    pub unplaced: Vec<String>,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct PestleCell {
    pub stage: String,
    pub factor: &'static str,
    pub risks: Vec<String>,
}

impl PestleCoverage {
    pub fn cell(&self, stage: &str, factor: &str) -> Option<&PestleCell> {
        self.cells
            .iter()
            .find(|c| c.stage == stage && c.factor == factor)
    }
}

pub fn pestle_coverage<'a>(
    settings: &Settings,
    risks: impl IntoIterator<Item = &'a Risk>,
) -> PestleCoverage {
    let mut risks: Vec<&Risk> = risks.into_iter().collect();
    risks.sort_by(|a, b| a.id.cmp(&b.id));
    let cells = settings
        .stages
        .iter()
        .flat_map(|stage| {
            let risks = &risks;
            Factor::ALL.into_iter().map(move |factor| PestleCell {
                stage: stage.clone(),
                factor: factor.as_str(),
                risks: risks
                    .iter()
                    .filter(|r| r.stage.as_ref() == Some(stage) && r.pestle.contains(&factor))
                    .map(|r| r.id.to_string())
                    .collect(),
            })
        })
        .collect();
    PestleCoverage {
        stages: settings.stages.clone(),
        factors: Factor::ALL.iter().map(|f| f.as_str()).collect(),
        cells,
        unplaced: risks
            .iter()
            .filter(|r| r.stage.is_none() || r.pestle.is_empty())
            .map(|r| r.id.to_string())
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::testing::snapshot;

    const SWOT: &str = "id: SWOT-0001\ntitle: t\nheld: 2026-03-01\nweaknesses:\n- text: One provider\n  risks:\n  - RISK-0001\nthreats:\n- Fuel\n- text: Rules\n  dismissed: not ours\n";

    #[test]
    fn a_swot_item_shows_its_risks_with_their_bands() {
        let s = snapshot(
            "",
            &[
                "id: RISK-0001\ntitle: outage\nlikelihood: 5\nimpact: 5\n",
                SWOT,
            ],
        );
        let view = swot_view(&s, &s.swots[0].value);
        assert_eq!(view.weaknesses[0].risks[0].band.as_deref(), Some("high"));
        assert_eq!(view.weaknesses[0].risks[0].score, Some(25));
        let uncovered: Vec<&str> = view.uncovered_threats().map(|t| t.text.as_str()).collect();
        assert_eq!(uncovered, ["Fuel", "Rules"]);
        assert!(view.threats[0].unlinked() && !view.threats[1].unlinked());
    }

    #[test]
    fn the_latest_analysis_is_the_last_held() {
        let s = snapshot(
            "",
            &[
                "id: SWOT-0001\ntitle: a\nheld: 2026-05-01\n",
                "id: SWOT-0002\ntitle: b\nheld: 2026-03-01\n",
                "id: SWOT-0003\ntitle: c\n",
            ],
        );
        let latest = latest(s.swots.iter().map(|r| &r.value), |a| (a.held, &a.id)).unwrap();
        assert_eq!(latest.id.as_str(), "SWOT-0001");
    }

    #[test]
    fn pestle_coverage_places_risks_by_stage_and_factor() {
        let s = snapshot(
            "",
            &[
                "id: RISK-0001\ntitle: a\nstage: billing\npestle:\n- legal\n- economic\nlikelihood: 2\nimpact: 3\n",
                "id: RISK-0002\ntitle: b\nlikelihood: 2\nimpact: 3\n",
            ],
        );
        let grid = pestle_coverage(&s.settings, s.risks.iter().map(|r| &r.value));
        assert_eq!(grid.cell("billing", "legal").unwrap().risks, ["RISK-0001"]);
        assert_eq!(
            grid.cell("billing", "economic").unwrap().risks,
            ["RISK-0001"]
        );
        assert!(grid.cell("billing", "social").unwrap().risks.is_empty());
        assert_eq!(grid.unplaced, ["RISK-0002"]);
        assert_eq!(grid.cells.len(), 8 * 6);
    }
}
