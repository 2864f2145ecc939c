//! Coverage: which stage × category pairs of the customer journey have an assessed (open) risk.

use serde::Serialize;

use crate::model::{Risk, Settings};

/// The categories every stage needs assessed, when the settings list them.
pub const ESSENTIAL: [&str; 3] = ["financial", "reputational", "health_safety"];

/// The coverage grid (the `coverage --format json` contract).
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Coverage {
    pub stages: Vec<String>,
    pub categories: Vec<String>,
    /// One cell per stage × category, stage-major in settings order; ids sorted.
    pub cells: Vec<CoverageCell>,
    /// The cells without a risk, in the same order.
    pub missing: Vec<StageCategory>,
    /// Per stage, which of the essential categories (financial, reputational, health_safety)
    /// have no risk; stages missing none are left out.
    pub essentials_missing: Vec<EssentialsMissing>,
    /// Open risks without a stage or a category, which no cell can hold.
    pub unplaced: Vec<String>,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct CoverageCell {
    pub stage: String,
    pub category: String,
    pub risks: Vec<String>,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct StageCategory {
    pub stage: String,
    pub category: String,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct EssentialsMissing {
    pub stage: String,
    pub categories: Vec<String>,
}

impl Coverage {
    pub fn cell(&self, stage: &str, category: &str) -> Option<&CoverageCell> {
        self.cells
            .iter()
            .find(|c| c.stage == stage && c.category == category)
    }

    /// The essential categories missing at `stage` (empty when none are).
    pub fn essentials_missing_at(&self, stage: &str) -> &[String] {
        self.essentials_missing
            .iter()
            .find(|e| e.stage == stage)
            .map(|e| e.categories.as_slice())
            .unwrap_or(&[])
    }
}

/// Places every open risk (or every risk, with `all`) in its stage × category cell.
pub fn coverage<'a>(settings: &Settings, risks: impl IntoIterator<Item = &'a Risk>) -> Coverage {
    let mut placed: Vec<&Risk> = Vec::new();
    let mut unplaced = Vec::new();
    for risk in risks {
        match (&risk.stage, &risk.category) {
            (Some(_), Some(_)) => placed.push(risk),
            _ => unplaced.push(risk.id.clone()),
        }
    }
    placed.sort_by(|a, b| a.id.cmp(&b.id));
    unplaced.sort();
    let cells: Vec<CoverageCell> = settings
        .stages
        .iter()
        .flat_map(|stage| {
            settings.categories.iter().map(|category| CoverageCell {
                stage: stage.clone(),
                category: category.clone(),
                risks: placed
                    .iter()
                    .filter(|r| {
                        r.stage.as_ref() == Some(stage) && r.category.as_ref() == Some(category)
                    })
                    .map(|r| r.id.to_string())
                    .collect(),
            })
        })
        .collect();
    let missing = cells
        .iter()
        .filter(|c| c.risks.is_empty())
        .map(|c| StageCategory {
            stage: c.stage.clone(),
            category: c.category.clone(),
        })
        .collect();
    let essentials: Vec<&str> = ESSENTIAL
        .into_iter()
        .filter(|e| settings.categories.iter().any(|c| c == e))
        .collect();
    let essentials_missing = settings
        .stages
        .iter()
        .filter_map(|stage| {
            let categories: Vec<String> = essentials
                .iter()
                .filter(|e| {
                    cells
                        .iter()
                        .any(|c| &c.stage == stage && c.category == **e && c.risks.is_empty())
                })
                .map(|e| e.to_string())
                .collect();
            (!categories.is_empty()).then(|| EssentialsMissing {
                stage: stage.clone(),
                categories,
            })
        })
        .collect();
    Coverage {
        stages: settings.stages.clone(),
        categories: settings.categories.clone(),
        cells,
        missing,
        essentials_missing,
        unplaced: unplaced.into_iter().map(|id| id.to_string()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec as yaml;

    fn risk(id: u32, stage: Option<&str>, category: Option<&str>) -> Risk {
        let mut text = format!("id: RISK-{id}\ntitle: t\nlikelihood: 2\nimpact: 2\n");
        if let Some(s) = stage {
            text.push_str(&format!("stage: {s}\n"));
        }
        if let Some(c) = category {
            text.push_str(&format!("category: {c}\n"));
        }
        yaml::parse(&text).unwrap()
    }

    #[test]
    fn every_pair_has_a_cell_and_empty_ones_are_missing() {
        let s = Settings {
            stages: vec!["sale".into(), "billing".into()],
            categories: vec![
                "financial".into(),
                "reputational".into(),
                "operational".into(),
            ],
            ..Settings::default()
        };
        let risks = [
            risk(10, Some("sale"), Some("financial")),
            risk(2, Some("sale"), Some("financial")),
            risk(3, Some("billing"), Some("operational")),
            risk(4, None, Some("financial")),
        ];
        let c = coverage(&s, &risks);
        assert_eq!(c.cells.len(), 6);
        assert_eq!(
            c.cell("sale", "financial").unwrap().risks,
            vec!["RISK-2", "RISK-10"]
        );
        assert_eq!(c.missing.len(), 4);
        assert_eq!(c.missing[0].stage, "sale");
        assert_eq!(c.missing[0].category, "reputational");
        assert_eq!(c.unplaced, vec!["RISK-4"]);
        // health_safety is not a category here, so it cannot be missing.
        assert_eq!(c.essentials_missing_at("sale"), ["reputational"]);
        assert_eq!(
            c.essentials_missing_at("billing"),
            ["financial", "reputational"]
        );
    }

    #[test]
    fn a_fully_covered_stage_lists_no_essentials() {
        let s = Settings {
            stages: vec!["sale".into()],
            categories: ESSENTIAL.iter().map(|e| e.to_string()).collect(),
            ..Settings::default()
        };
        let risks = [
            risk(1, Some("sale"), Some("financial")),
            risk(2, Some("sale"), Some("reputational")),
            risk(3, Some("sale"), Some("health_safety")),
        ];
        let c = coverage(&s, &risks);
        assert!(c.missing.is_empty());
        assert!(c.essentials_missing.is_empty());
    }
}
