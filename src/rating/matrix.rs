//! The likelihood × impact matrix: score, band and the cells of the heat map.

use serde::Serialize;

use crate::model::{Risk, Settings};

/// A rating on the matrix: where a risk sits and what that means.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Rating {
    pub likelihood: u8,
    pub impact: u8,
    pub score: u32,
    pub band: String,
}

/// Rates a likelihood and impact: score = likelihood × impact; band from the grid or the bands.
pub fn rate(settings: &Settings, likelihood: u8, impact: u8) -> Rating {
    Rating {
        likelihood,
        impact,
        score: likelihood as u32 * impact as u32,
        band: settings.band_of(likelihood, impact).to_string(),
    }
}

/// The current rating of a risk; its impact is the highest over its dimensions.
pub fn current(settings: &Settings, risk: &Risk) -> Rating {
    rate(settings, risk.likelihood, risk.impact.overall())
}

/// The rating after planned actions, where the risk sets a target.
pub fn target(settings: &Settings, risk: &Risk) -> Option<Rating> {
    risk.target
        .as_ref()
        .map(|t| rate(settings, t.likelihood, t.impact))
}

/// True when `band` is `from` or a band above it.
pub fn at_or_above(settings: &Settings, band: &str, from: &str) -> bool {
    match (settings.band_index(band), settings.band_index(from)) {
        (Some(b), Some(f)) => b >= f,
        _ => false,
    }
}

/// One cell of the matrix, with the ids of the risks rated there.
#[derive(Clone, Debug, Serialize)]
pub struct Cell {
    pub likelihood: u8,
    pub impact: u8,
    pub score: u32,
    pub band: String,
    pub risks: Vec<String>,
    /// With `--category`: the cell's band is above that category's appetite (DESIGN 10.3)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub above_appetite: Option<bool>,
}

/// Which rating places a risk on the matrix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    Current,
    Target,
    /// Before any control (DESIGN 10.2)
    Inherent,
}

impl View {
    pub fn name(self) -> &'static str {
        match self {
            View::Current => "current",
            View::Target => "target",
            View::Inherent => "inherent",
        }
    }
}

/// The rating before any control, where the risk states one.
pub fn inherent(settings: &Settings, risk: &Risk) -> Option<Rating> {
    risk.inherent
        .as_ref()
        .map(|t| rate(settings, t.likelihood, t.impact))
}

/// The whole matrix: one cell for every likelihood × impact pair, likelihood-major.
#[derive(Clone, Debug, Serialize)]
pub struct Matrix {
    pub rows: u8,
    pub cols: u8,
    pub cells: Vec<Cell>,
}

impl Matrix {
    /// Places each risk at its rating (`use_target`: at its target, or its current rating without one).
    pub fn build<'a>(
        settings: &Settings,
        risks: impl IntoIterator<Item = &'a Risk>,
        use_target: bool,
    ) -> Matrix {
        let view = if use_target {
            View::Target
        } else {
            View::Current
        };
        Matrix::build_view(settings, risks, view)
    }

    /// Marks the cells whose band is above `appetite` (a band name).
    pub fn mark_appetite(&mut self, settings: &Settings, appetite: &str) {
        for cell in &mut self.cells {
            cell.above_appetite = Some(super::appetite::above(settings, &cell.band, appetite));
        }
    }

    /// Places each risk at the rating of `view` (a risk without one sits at its current rating).
    pub fn build_view<'a>(
        settings: &Settings,
        risks: impl IntoIterator<Item = &'a Risk>,
        view: View,
    ) -> Matrix {
        let (rows, cols) = (settings.likelihood_levels(), settings.impact_levels());
        let mut cells: Vec<Cell> = (1..=rows)
            .flat_map(|l| (1..=cols).map(move |i| (l, i)))
            .map(|(l, i)| {
                let r = rate(settings, l, i);
                Cell {
                    likelihood: l,
                    impact: i,
                    score: r.score,
                    band: r.band,
                    risks: Vec::new(),
                    above_appetite: None,
                }
            })
            .collect();
        let mut placed: Vec<(&crate::model::Id, usize)> = Vec::new();
        for risk in risks {
            let rating = match view {
                View::Current => None,
                View::Target => target(settings, risk),
                View::Inherent => inherent(settings, risk),
            }
            .unwrap_or_else(|| current(settings, risk));
            let index =
                (rating.likelihood as usize - 1) * cols as usize + rating.impact as usize - 1;
            placed.push((&risk.id, index));
        }
        placed.sort();
        for (id, index) in placed {
            cells[index].risks.push(id.to_string());
        }
        Matrix { rows, cols, cells }
    }

    pub fn cell(&self, likelihood: u8, impact: u8) -> &Cell {
        &self.cells[(likelihood as usize - 1) * self.cols as usize + impact as usize - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Id;
    use crate::model::risk::{Impact, Target};

    fn risk(id: &str, likelihood: u8, impact: u8, target: Option<(u8, u8)>) -> Risk {
        Risk {
            id: Id::parse(id).unwrap(),
            reference: None,
            title: "t".into(),
            description: None,
            stage: None,
            category: None,
            harms: vec![],
            pestle: vec![],
            owner: None,
            status: None,
            closed: None,
            identified: None,
            likelihood,
            impact: Impact::Level(impact),
            inherent: None,
            target: target.map(|(likelihood, impact)| Target {
                likelihood,
                impact,
                loss: None,
            }),
            loss: None,
            fmea: None,
            controls: vec![],
            contingency: vec![],
            treatment: None,
            acceptance: None,
            actions: vec![],
            customers_informed: None,
            staff_briefed: None,
            review: None,
            notes: None,
        }
    }

    #[test]
    fn score_is_likelihood_times_impact() {
        let s = Settings::default();
        for l in 1..=5 {
            for i in 1..=5 {
                assert_eq!(rate(&s, l, i).score, l as u32 * i as u32);
            }
        }
    }

    #[test]
    fn band_is_the_first_whose_max_covers_the_score() {
        let s = Settings::default();
        let bands: Vec<(u32, String)> = (1..=5)
            .flat_map(|l| (1..=5).map(move |i| (l, i)))
            .map(|(l, i)| {
                let r = rate(&s, l, i);
                (r.score, r.band)
            })
            .collect();
        for (score, band) in bands {
            let expected = if score <= 4 {
                "low"
            } else if score <= 9 {
                "medium"
            } else {
                "high"
            };
            assert_eq!(band, expected, "score {score}");
        }
    }

    #[test]
    fn matrix_has_every_cell_and_sorted_ids() {
        let s = Settings::default();
        let risks = [
            risk("RISK-10", 3, 4, Some((2, 2))),
            risk("RISK-2", 3, 4, None),
            risk("RISK-3", 1, 1, None),
        ];
        let m = Matrix::build(&s, &risks, false);
        assert_eq!(m.cells.len(), 25);
        assert_eq!(m.cell(3, 4).risks, vec!["RISK-2", "RISK-10"]);
        assert_eq!(m.cell(3, 4).band, "high");
        let t = Matrix::build(&s, &risks, true);
        assert_eq!(t.cell(2, 2).risks, vec!["RISK-10"]);
        assert_eq!(t.cell(3, 4).risks, vec!["RISK-2"]);
    }

    #[test]
    fn bands_compare_by_position() {
        let s = Settings::default();
        assert!(at_or_above(&s, "high", "high"));
        assert!(at_or_above(&s, "high", "medium"));
        assert!(!at_or_above(&s, "low", "medium"));
    }
}
