//! Settings of the risk professional's model (DESIGN 10.3, 10.5): the appetite, the highest band
//! accepted without a recorded decision, and the tables that turn levels into money.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use super::{Money, Probability, Problem, Settings};

#[derive(Clone, Debug, Default, Deserialize, Serialize, schemars::JsonSchema, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Appetite {
    /// The band accepted for every risk; absent: no appetite unless a category or stage names one
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// Category -> band, e.g. {health_safety: low}
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub categories: IndexMap<String, String>,
    /// Stage -> band; where a category and a stage both name one, the lower applies
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub stages: IndexMap<String, String>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, schemars::JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Quantification {
    /// One yearly probability per likelihood level
    pub likelihood_per_year: Vec<Probability>,
    /// One single-loss amount per impact level
    pub impact_cost: Vec<Money>,
}

impl Settings {
    /// The appetite band of a risk in this category and stage: the lower of the category's and
    /// the stage's, else whichever names one, else the default.
    pub fn appetite_for(&self, category: Option<&str>, stage: Option<&str>) -> Option<&str> {
        let appetite = self.appetite.as_ref()?;
        let by_category = category.and_then(|c| appetite.categories.get(c));
        let by_stage = stage.and_then(|s| appetite.stages.get(s));
        let lower = match (by_category, by_stage) {
            (Some(c), Some(s)) => {
                let rank = |b: &String| self.band_index(b).unwrap_or(usize::MAX);
                Some(if rank(s) < rank(c) { s } else { c })
            }
            (c, s) => c.or(s),
        };
        lower.or(appetite.default.as_ref()).map(String::as_str)
    }

    /// Checks the appetite and quantification against the bands, categories, stages and scales.
    pub(super) fn validate_model(&self, problems: &mut Vec<Problem>) {
        if let Some(appetite) = &self.appetite {
            let bands: Vec<String> = self.bands.iter().map(|b| b.name.clone()).collect();
            if let Some(band) = &appetite.default {
                super::check_one_of(problems, "appetite.default", band, &bands);
            }
            for (part, map, names) in [
                ("categories", &appetite.categories, &self.categories),
                ("stages", &appetite.stages, &self.stages),
            ] {
                for (name, band) in map {
                    let key = format!("appetite.{part}.{name}");
                    super::check_one_of(problems, &key, name, names);
                    super::check_one_of(problems, &key, band, &bands);
                }
            }
        }
        if let Some(q) = &self.quantification {
            for (key, len, levels) in [
                (
                    "quantification.likelihood_per_year",
                    q.likelihood_per_year.len(),
                    self.scales.likelihood.len(),
                ),
                (
                    "quantification.impact_cost",
                    q.impact_cost.len(),
                    self.scales.impact.len(),
                ),
            ] {
                if len != levels {
                    problems.push(Problem::new(
                        key,
                        format!("has {len} values; expected one per level ({levels})"),
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(appetite: &str) -> Settings {
        crate::codec::parse(appetite).unwrap()
    }

    #[test]
    fn the_lower_of_category_and_stage_wins() {
        let s = settings(
            "appetite:\n  default: high\n  categories:\n    health_safety: low\n    compliance: medium\n  stages:\n    billing: medium\n    support: low\n",
        );
        assert_eq!(s.validate(), vec![]);
        assert_eq!(
            s.appetite_for(Some("health_safety"), Some("billing")),
            Some("low")
        );
        assert_eq!(
            s.appetite_for(Some("compliance"), Some("support")),
            Some("low")
        );
        assert_eq!(
            s.appetite_for(Some("compliance"), Some("billing")),
            Some("medium")
        );
        assert_eq!(
            s.appetite_for(Some("financial"), Some("billing")),
            Some("medium")
        );
        assert_eq!(s.appetite_for(Some("compliance"), None), Some("medium"));
        assert_eq!(
            s.appetite_for(Some("financial"), Some("sale")),
            Some("high")
        );
        assert_eq!(s.appetite_for(None, None), Some("high"));
    }

    #[test]
    fn no_appetite_names_no_band() {
        assert_eq!(
            Settings::default().appetite_for(Some("financial"), None),
            None
        );
        let s = settings("appetite:\n  categories:\n    health_safety: low\n");
        assert_eq!(s.appetite_for(Some("financial"), None), None);
        assert_eq!(s.appetite_for(Some("health_safety"), None), Some("low"));
    }

    #[test]
    fn appetite_names_bands_categories_and_stages_that_exist() {
        let s = settings(
            "appetite:\n  default: hihg\n  categories:\n    health: low\n  stages:\n    billing: extreme\n",
        );
        let keys: Vec<String> = s.validate().into_iter().map(|p| p.key).collect();
        assert_eq!(
            keys,
            [
                "appetite.default",
                "appetite.categories.health",
                "appetite.stages.billing"
            ]
        );
    }

    #[test]
    fn quantification_has_one_value_per_level() {
        let s = settings(
            "quantification:\n  likelihood_per_year: [0.1, 0.2]\n  impact_cost: [1, 2, 3, 4, 5]\n",
        );
        let keys: Vec<String> = s.validate().into_iter().map(|p| p.key).collect();
        assert_eq!(keys, ["quantification.likelihood_per_year"]);
        let err = crate::codec::parse::<Settings>(
            "quantification:\n  likelihood_per_year: [0.1, 0.2, 1.5, 0.6, 0.9]\n  impact_cost: [1, 2, 3, 4, 5]\n",
        )
        .unwrap_err();
        assert!(err.message.contains("1.5 is outside 0..1"), "{err:?}");
    }
}
