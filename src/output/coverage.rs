//! The coverage grid as a table or Markdown: counts per stage × category, `—` where no risk is.

use comfy_table::{Cell, CellAlignment};
use serde::Serialize;

use super::escape;
use crate::rating::coverage::{Coverage, ESSENTIAL};

/// The marker of a cell without a risk.
pub const MISSING: &str = "—";

/// A cell as one CSV row.
#[derive(Serialize)]
pub struct CoverageRow<'a> {
    pub stage: &'a str,
    pub category: &'a str,
    pub count: usize,
    pub risks: String,
    pub missing: bool,
}

pub fn csv_rows(coverage: &Coverage) -> Vec<CoverageRow<'_>> {
    coverage
        .cells
        .iter()
        .map(|c| CoverageRow {
            stage: &c.stage,
            category: &c.category,
            count: c.risks.len(),
            risks: c.risks.join(" "),
            missing: c.risks.is_empty(),
        })
        .collect()
}

fn header(coverage: &Coverage, text: impl Fn(&str) -> String) -> Vec<String> {
    let mut header = vec!["stage ↓ category →".to_string()];
    header.extend(coverage.categories.iter().map(|c| text(c)));
    header.push("essentials missing".into());
    header
}

fn count(coverage: &Coverage, stage: &str, category: &str) -> String {
    match coverage.cell(stage, category) {
        Some(c) if !c.risks.is_empty() => c.risks.len().to_string(),
        _ => MISSING.to_string(),
    }
}

fn essentials(coverage: &Coverage, stage: &str) -> String {
    let missing = coverage.essentials_missing_at(stage);
    if missing.is_empty() {
        "none".into()
    } else {
        missing.join(", ")
    }
}

fn summary(coverage: &Coverage) -> String {
    let total = coverage.cells.len();
    let assessed: usize = coverage.cells.iter().map(|c| c.risks.len()).sum();
    let mut out = format!(
        "{} of {total} stage × category cells have no open risk ({MISSING}); {assessed} risk{} placed.\n",
        coverage.missing.len(),
        if assessed == 1 { "" } else { "s" }
    );
    if coverage.essentials_missing.is_empty() {
        out.push_str(&format!(
            "Every stage has its {} risks assessed.\n",
            ESSENTIAL.join(", ")
        ));
    } else {
        out.push_str(&format!(
            "{} of {} stages lack at least one of the essential categories ({}): see `essentials missing`.\n",
            coverage.essentials_missing.len(),
            coverage.stages.len(),
            ESSENTIAL.join(", ")
        ));
    }
    if !coverage.unplaced.is_empty() {
        out.push_str(&format!(
            "Without a stage or category, not placed: {}\n",
            coverage.unplaced.join(", ")
        ));
    }
    out
}

/// The grid for people: counts per cell, `—` for empty cells, the essentials missing per stage.
pub fn table(coverage: &Coverage) -> String {
    let mut table = super::new_table(header(coverage, |c| c.to_string()));
    for stage in &coverage.stages {
        let mut row = vec![Cell::new(escape::terminal(stage))];
        for category in &coverage.categories {
            row.push(
                Cell::new(count(coverage, stage, category)).set_alignment(CellAlignment::Center),
            );
        }
        row.push(Cell::new(escape::terminal(&essentials(coverage, stage))));
        table.add_row(row);
    }
    format!("{table}\n{}", summary(coverage))
}

/// The grid as a Markdown table, then the same summary.
pub fn markdown(coverage: &Coverage) -> String {
    let rows = coverage.stages.iter().map(|stage| {
        let mut row = vec![escape::markdown(stage)];
        row.extend(
            coverage
                .categories
                .iter()
                .map(|category| count(coverage, stage, category)),
        );
        row.push(escape::markdown(&essentials(coverage, stage)));
        row
    });
    format!(
        "{}\n{}",
        super::markdown(&header(coverage, escape::markdown), rows),
        summary(coverage)
    )
}
