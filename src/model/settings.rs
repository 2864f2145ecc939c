//! `register.yaml`: the register's settings and policy, every key with a default.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use super::appetite::{Appetite, Quantification};
use super::{Money, Problem};

#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema, PartialEq)]
#[serde(default, deny_unknown_fields)]
#[schemars(description = "The settings of a register: register.yaml")]
pub struct Settings {
    pub name: String,
    pub currency: String,
    /// The IANA timezone (e.g. Europe/Paris) of times typed without an offset (default UTC)
    pub timezone: String,
    /// acceptance-expiring fires this many days before an acceptance's `until`
    pub acceptance_warn_days: u32,
    pub scales: Scales,
    pub impact_dimensions: Vec<String>,
    pub bands: Vec<Band>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grid: Option<Vec<Vec<String>>>,
    pub owner_required_from: String,
    pub review_every_days: IndexMap<String, u32>,
    /// The highest band accepted without a recorded decision (DESIGN 10.3)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub appetite: Option<Appetite>,
    pub stages: Vec<String>,
    pub categories: Vec<String>,
    pub harms: Vec<String>,
    pub incident: IncidentPolicy,
    pub compensation: CompensationPolicy,
    /// Yearly probabilities and single-loss amounts per level, for annual loss expectancy (DESIGN 10.5)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quantification: Option<Quantification>,
    pub check: CheckSettings,
}

#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Scales {
    pub likelihood: Vec<String>,
    pub impact: Vec<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub name: String,
    pub max: u32,
}

#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct IncidentPolicy {
    pub notify_customers_within_hours: u32,
    pub update_every_hours: u32,
    pub regulator_within_hours: u32,
    pub review_within_days: u32,
}

#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct CompensationPolicy {
    pub per_customer_limit: Money,
    pub acknowledge_within_days: u32,
    pub decide_within_days: u32,
    pub pay_within_days: u32,
    pub rules: Vec<CompensationRule>,
}

/// A written compensation rule: when it applies and what it offers (DESIGN 6.5).
#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CompensationRule {
    pub id: String,
    #[serde(default)]
    pub when: RuleCondition,
    pub offer: RuleOffer,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, schemars::JsonSchema, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct RuleCondition {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub harms: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_severity: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_severity: Option<u8>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RuleOffer {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<Money>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub percent_of_request: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<Money>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, schemars::JsonSchema, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct CheckSettings {
    pub deny: Vec<String>,
    pub allow: Vec<String>,
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            name: "Customer service risk register".into(),
            currency: "EUR".into(),
            timezone: "UTC".into(),
            acceptance_warn_days: 30,
            scales: Scales::default(),
            impact_dimensions: strings(&[
                "financial",
                "reputational",
                "health_safety",
                "compliance",
            ]),
            bands: vec![
                Band {
                    name: "low".into(),
                    max: 4,
                },
                Band {
                    name: "medium".into(),
                    max: 9,
                },
                Band {
                    name: "high".into(),
                    max: 25,
                },
            ],
            grid: None,
            owner_required_from: "high".into(),
            review_every_days: [("low", 365), ("medium", 180), ("high", 90)]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
            appetite: None,
            stages: strings(&[
                "enquiry",
                "sale",
                "onboarding",
                "delivery",
                "billing",
                "support",
                "complaints",
                "renewal",
            ]),
            categories: strings(&[
                "financial",
                "reputational",
                "health_safety",
                "service_quality",
                "operational",
                "compliance",
            ]),
            harms: strings(&[
                "billing",
                "misinformation",
                "delay",
                "privacy",
                "system_failure",
                "safety",
            ]),
            incident: IncidentPolicy::default(),
            compensation: CompensationPolicy::default(),
            quantification: None,
            check: CheckSettings::default(),
        }
    }
}

impl Default for Scales {
    fn default() -> Self {
        Scales {
            likelihood: strings(&["rare", "unlikely", "possible", "likely", "almost-certain"]),
            impact: strings(&["negligible", "minor", "moderate", "major", "severe"]),
        }
    }
}

impl Default for IncidentPolicy {
    fn default() -> Self {
        IncidentPolicy {
            notify_customers_within_hours: 24,
            update_every_hours: 48,
            regulator_within_hours: 72, // GDPR art. 33
            review_within_days: 14,
        }
    }
}

impl Default for CompensationPolicy {
    fn default() -> Self {
        CompensationPolicy {
            per_customer_limit: Money::from_minor(50_000),
            acknowledge_within_days: 5,
            decide_within_days: 56,
            pay_within_days: 14,
            rules: Vec::new(),
        }
    }
}

pub const OFFER_TYPES: [&str; 6] = [
    "refund",
    "credit",
    "replacement",
    "discount",
    "goodwill",
    "reimbursement",
];

impl Settings {
    pub fn likelihood_levels(&self) -> u8 {
        self.scales.likelihood.len() as u8
    }

    pub fn impact_levels(&self) -> u8 {
        self.scales.impact.len() as u8
    }

    /// The position of a band in `bands`, lowest first.
    pub fn band_index(&self, name: &str) -> Option<usize> {
        self.bands.iter().position(|b| b.name == name)
    }

    /// The band of a rating: the grid cell when a grid is set, else the first band whose max >= score.
    pub fn band_of(&self, likelihood: u8, impact: u8) -> &str {
        if let Some(grid) = &self.grid
            && let Some(cell) = grid
                .get(likelihood as usize - 1)
                .and_then(|row| row.get(impact as usize - 1))
        {
            return cell;
        }
        let score = likelihood as u32 * impact as u32;
        self.bands
            .iter()
            .find(|b| b.max >= score)
            .or(self.bands.last())
            .map(|b| b.name.as_str())
            .unwrap_or("")
    }

    /// Every problem with these settings, each naming its key.
    pub fn validate(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        for (key, scale) in [
            ("scales.likelihood", &self.scales.likelihood),
            ("scales.impact", &self.scales.impact),
        ] {
            if !(3..=10).contains(&scale.len()) {
                problems.push(Problem::new(
                    key,
                    format!("has {} levels; a scale needs 3 to 10", scale.len()),
                ));
            }
            distinct(&mut problems, key, scale);
        }
        for (key, list) in [
            ("impact_dimensions", &self.impact_dimensions),
            ("stages", &self.stages),
            ("categories", &self.categories),
            ("harms", &self.harms),
        ] {
            if list.is_empty() {
                problems.push(Problem::new(key, "must list at least one value"));
            }
            distinct(&mut problems, key, list);
        }
        if self.currency.len() != 3 || !self.currency.bytes().all(|b| b.is_ascii_uppercase()) {
            problems.push(Problem::new(
                "currency",
                format!("`{}` is not an ISO 4217 code such as EUR", self.currency),
            ));
        }
        if self.timezone.parse::<chrono_tz::Tz>().is_err() {
            problems.push(Problem::new(
                "timezone",
                format!(
                    "`{}` is not an IANA timezone such as Europe/Paris or UTC",
                    self.timezone
                ),
            ));
        }
        self.validate_bands(&mut problems);
        if self.band_index(&self.owner_required_from).is_none() {
            problems.push(Problem::new(
                "owner_required_from",
                format!(
                    "`{}` is not one of the bands ({})",
                    self.owner_required_from,
                    self.band_names()
                ),
            ));
        }
        for band in &self.bands {
            if !self.review_every_days.contains_key(&band.name) {
                problems.push(Problem::new(
                    "review_every_days",
                    format!("no review interval for band `{}`", band.name),
                ));
            }
        }
        for (name, days) in &self.review_every_days {
            if self.band_index(name).is_none() {
                problems.push(Problem::new(
                    format!("review_every_days.{name}"),
                    format!("`{name}` is not one of the bands ({})", self.band_names()),
                ));
            } else if *days == 0 {
                problems.push(Problem::new(
                    format!("review_every_days.{name}"),
                    "must be at least 1 day",
                ));
            }
        }
        self.validate_rules(&mut problems);
        self.validate_model(&mut problems);
        problems
    }

    fn band_names(&self) -> String {
        self.bands
            .iter()
            .map(|b| b.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn validate_bands(&self, problems: &mut Vec<Problem>) {
        if self.bands.is_empty() {
            problems.push(Problem::new("bands", "must list at least one band"));
            return;
        }
        let names: Vec<String> = self.bands.iter().map(|b| b.name.clone()).collect();
        distinct(problems, "bands", &names);
        for (i, pair) in self.bands.windows(2).enumerate() {
            if pair[1].max <= pair[0].max {
                problems.push(Problem::new(
                    format!("bands[{}].max", i + 1),
                    format!(
                        "{} is not above {} (band `{}`); bands must be in ascending order",
                        pair[1].max, pair[0].max, pair[0].name
                    ),
                ));
            }
        }
        if self.bands[0].max == 0 {
            problems.push(Problem::new("bands[0].max", "must be at least 1"));
        }
        let top = self.likelihood_levels() as u32 * self.impact_levels() as u32;
        let last = self.bands.len() - 1;
        if self.bands[last].max < top {
            problems.push(Problem::new(
                format!("bands[{last}].max"),
                format!(
                    "{} leaves scores up to {top} without a band; the last band must reach {top}",
                    self.bands[last].max
                ),
            ));
        }
        if let Some(grid) = &self.grid {
            if grid.len() != self.scales.likelihood.len() {
                problems.push(Problem::new(
                    "grid",
                    format!(
                        "has {} rows; expected one per likelihood level ({})",
                        grid.len(),
                        self.scales.likelihood.len()
                    ),
                ));
            }
            for (r, row) in grid.iter().enumerate() {
                if row.len() != self.scales.impact.len() {
                    problems.push(Problem::new(
                        format!("grid[{r}]"),
                        format!(
                            "has {} cells; expected one per impact level ({})",
                            row.len(),
                            self.scales.impact.len()
                        ),
                    ));
                }
                for (c, cell) in row.iter().enumerate() {
                    if self.band_index(cell).is_none() {
                        problems.push(Problem::new(
                            format!("grid[{r}][{c}]"),
                            format!("`{cell}` is not one of the bands ({})", self.band_names()),
                        ));
                    }
                }
            }
        }
    }

    fn validate_rules(&self, problems: &mut Vec<Problem>) {
        let mut seen = Vec::new();
        for (i, rule) in self.compensation.rules.iter().enumerate() {
            let key = format!("compensation.rules[{i}]");
            if seen.contains(&rule.id) {
                problems.push(Problem::new(
                    format!("{key}.id"),
                    format!("`{}` is used twice", rule.id),
                ));
            }
            seen.push(rule.id.clone());
            for (j, harm) in rule.when.harms.iter().enumerate() {
                super::check_one_of(
                    problems,
                    &format!("{key}.when.harms[{j}]"),
                    harm,
                    &self.harms,
                );
            }
            let offer_types: Vec<String> = OFFER_TYPES.iter().map(|s| s.to_string()).collect();
            for (j, t) in rule.when.types.iter().enumerate() {
                super::check_one_of(problems, &format!("{key}.when.types[{j}]"), t, &offer_types);
            }
            super::check_one_of(
                problems,
                &format!("{key}.offer.type"),
                &rule.offer.kind,
                &offer_types,
            );
            for (k, sev) in [
                ("min_severity", rule.when.min_severity),
                ("max_severity", rule.when.max_severity),
            ] {
                if let Some(s) = sev
                    && !(1..=5).contains(&s)
                {
                    problems.push(Problem::new(
                        format!("{key}.when.{k}"),
                        format!("{s} is outside 1..5"),
                    ));
                }
            }
            match (rule.offer.amount, rule.offer.percent_of_request) {
                (Some(_), Some(_)) => problems.push(Problem::new(
                    format!("{key}.offer"),
                    "give either `amount` or `percent_of_request`, not both",
                )),
                (None, None) => problems.push(Problem::new(
                    format!("{key}.offer"),
                    "needs `amount` or `percent_of_request`",
                )),
                _ => {}
            }
            if let Some(p) = rule.offer.percent_of_request.filter(|p| *p > 1000) {
                problems.push(Problem::new(
                    format!("{key}.offer.percent_of_request"),
                    format!("{p} is outside 0..1000"),
                ));
            }
        }
    }
}

fn distinct(problems: &mut Vec<Problem>, key: &str, values: &[String]) {
    for (i, v) in values.iter().enumerate() {
        if values[..i].contains(v) {
            problems.push(Problem::new(key, format!("`{v}` is listed twice")));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid() {
        assert_eq!(Settings::default().validate(), vec![]);
    }

    #[test]
    fn default_bands_split_scores_at_4_and_9() {
        let s = Settings::default();
        assert_eq!(s.band_of(1, 1), "low");
        assert_eq!(s.band_of(2, 2), "low");
        assert_eq!(s.band_of(1, 5), "medium");
        assert_eq!(s.band_of(3, 3), "medium");
        assert_eq!(s.band_of(2, 5), "high");
        assert_eq!(s.band_of(5, 5), "high");
    }

    #[test]
    fn a_grid_overrides_the_score_bands() {
        let mut s = Settings::default();
        let mut grid = vec![vec!["low".to_string(); 5]; 5];
        grid[0][4] = "high".into(); // rare but severe
        s.grid = Some(grid);
        assert_eq!(s.validate(), vec![]);
        assert_eq!(s.band_of(1, 5), "high");
        assert_eq!(s.band_of(5, 5), "low");
    }

    #[test]
    fn bands_must_ascend_and_cover_every_score() {
        let mut s = Settings::default();
        s.bands[1].max = 3;
        s.bands[2].max = 20;
        let keys: Vec<String> = s.validate().into_iter().map(|p| p.key).collect();
        assert_eq!(keys, vec!["bands[1].max", "bands[2].max"]);
    }

    #[test]
    fn scales_need_three_to_ten_levels() {
        let mut s = Settings::default();
        s.scales.impact = vec!["a".into(), "b".into()];
        assert!(s.validate().iter().any(|p| p.key == "scales.impact"));
        s.scales.impact = (0..6).map(|i| format!("i{i}")).collect();
        s.bands[2].max = 30;
        assert_eq!(s.validate(), vec![]);
    }
}
