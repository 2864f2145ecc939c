//! SWOT grids, PESTLE factors and the PESTLE coverage grid as tables and Markdown.

use comfy_table::{Cell, CellAlignment, ContentArrangement, Table, presets};

use super::escape;
use crate::rating::analysis::{ItemView, LinkedRisk, PestleCoverage, PestleView, SwotView};

/// The marker of an empty cell.
const NONE: &str = "—";

fn risk_text(r: &LinkedRisk) -> String {
    match (&r.band, r.score) {
        (Some(band), Some(score)) if r.status.as_deref() == Some("closed") => {
            format!("{} {band} ({score}, closed)", r.id)
        }
        (Some(band), Some(score)) => format!("{} {band} ({score})", r.id),
        _ => format!("{} (missing)", r.id),
    }
}

/// An item's lines in a grid cell: the text, then where it went.
fn item_lines(item: &ItemView, must_link: bool) -> Vec<String> {
    let mut lines = vec![format!("• {}", escape::terminal_line(&item.text))];
    for r in &item.risks {
        lines.push(format!("  ↳ {}", escape::terminal_line(&risk_text(r))));
    }
    if let Some(why) = &item.dismissed {
        lines.push(format!("  ↳ dismissed: {}", escape::terminal_line(why)));
    } else if must_link && item.risks.is_empty() {
        lines.push("  ↳ no risk".into());
    }
    lines
}

fn quadrant(name: &str, items: &[ItemView], must_link: bool) -> String {
    let mut lines = vec![name.to_uppercase()];
    if items.is_empty() {
        lines.push(NONE.into());
    }
    lines.extend(items.iter().flat_map(|i| item_lines(i, must_link)));
    lines.join("\n")
}

fn heading(id: &str, title: &str, held: Option<chrono::NaiveDate>) -> String {
    let held = held.map(|h| format!(", held {h}")).unwrap_or_default();
    format!("{id}: {}{held}", escape::terminal_line(title))
}

/// The 2×2 grid: strengths and weaknesses above, opportunities and threats below; each
/// weakness and threat with its risks and their bands, then the threats no risk covers.
pub fn swot_table(view: &SwotView) -> String {
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL)
        .set_content_arrangement(ContentArrangement::Disabled);
    table.add_row([
        Cell::new(quadrant("strengths", &view.strengths, false)),
        Cell::new(quadrant("weaknesses", &view.weaknesses, true)),
    ]);
    table.add_row([
        Cell::new(quadrant("opportunities", &view.opportunities, false)),
        Cell::new(quadrant("threats", &view.threats, true)),
    ]);
    format!(
        "{}\n{table}\n{}",
        heading(&view.id, &view.title, view.held),
        uncovered_summary(view, |t| escape::terminal_line(t).into_owned())
    )
}

fn uncovered_summary(view: &SwotView, text: impl Fn(&str) -> String) -> String {
    let uncovered: Vec<String> = view
        .uncovered_threats()
        .map(|t| match &t.dismissed {
            Some(why) => format!("{} (dismissed: {})", text(&t.text), text(why)),
            None => text(&t.text),
        })
        .collect();
    if uncovered.is_empty() {
        "Every threat has a risk behind it.\n".into()
    } else {
        format!(
            "Threats with no risk behind them ({}): {}\n",
            uncovered.len(),
            uncovered.join("; ")
        )
    }
}

fn markdown_items(items: &[ItemView], must_link: bool) -> String {
    if items.is_empty() {
        return "- —\n".into();
    }
    let mut out = String::new();
    for item in items {
        out.push_str(&format!("- {}", escape::markdown(&item.text)));
        let risks: Vec<String> = item
            .risks
            .iter()
            .map(|r| escape::markdown(&risk_text(r)))
            .collect();
        if !risks.is_empty() {
            out.push_str(&format!(" — {}", risks.join(", ")));
        }
        if let Some(why) = &item.dismissed {
            out.push_str(&format!(" — *dismissed: {}*", escape::markdown(why)));
        } else if must_link && item.risks.is_empty() {
            out.push_str(" — **no risk**");
        }
        out.push('\n');
    }
    out
}

pub fn swot_markdown(view: &SwotView) -> String {
    let held = view
        .held
        .map(|h| format!(" (held {h})"))
        .unwrap_or_default();
    let mut out = format!(
        "## {}: {}{held}\n\n",
        escape::markdown(&view.id),
        escape::markdown(&view.title)
    );
    for (name, items, must_link) in [
        ("Strengths", &view.strengths, false),
        ("Weaknesses", &view.weaknesses, true),
        ("Opportunities", &view.opportunities, false),
        ("Threats", &view.threats, true),
    ] {
        out.push_str(&format!(
            "### {name}\n\n{}\n",
            markdown_items(items, must_link)
        ));
    }
    out.push_str(&uncovered_summary(view, escape::markdown));
    out
}

/// One row per item, by factor; a factor without items shows `—`.
pub fn pestle_table(view: &PestleView) -> String {
    let mut table = super::new_table(vec!["factor".into(), "item".into(), "risks".into()]);
    for factor in &view.factors {
        if factor.items.is_empty() {
            table.add_row([factor.factor, NONE, NONE]);
        }
        for item in &factor.items {
            let risks = if let Some(why) = &item.dismissed {
                format!("dismissed: {}", escape::terminal_line(why))
            } else if item.risks.is_empty() {
                "no risk".into()
            } else {
                let texts: Vec<String> = item.risks.iter().map(risk_text).collect();
                escape::terminal_line(&texts.join(", ")).into_owned()
            };
            table.add_row(vec![
                factor.factor.to_string(),
                escape::terminal_line(&item.text).into_owned(),
                risks,
            ]);
        }
    }
    format!(
        "{}\n{table}\n{}",
        heading(&view.id, &view.title, view.held),
        tagged_summary(view)
    )
}

fn tagged_summary(view: &PestleView) -> String {
    let parts: Vec<String> = view
        .factors
        .iter()
        .map(|f| {
            let risks = if f.tagged_risks.is_empty() {
                NONE.to_string()
            } else {
                f.tagged_risks.join(", ")
            };
            format!("{} {risks}", f.factor)
        })
        .collect();
    format!(
        "Open risks tagged with each factor (`pestle:`): {}\n",
        parts.join("; ")
    )
}

pub fn pestle_markdown(view: &PestleView) -> String {
    let held = view
        .held
        .map(|h| format!(" (held {h})"))
        .unwrap_or_default();
    let rows = view.factors.iter().flat_map(|f| {
        let mut rows: Vec<Vec<String>> = f
            .items
            .iter()
            .map(|item| {
                let risks = if let Some(why) = &item.dismissed {
                    format!("*dismissed: {}*", escape::markdown(why))
                } else if item.risks.is_empty() {
                    "**no risk**".into()
                } else {
                    let texts: Vec<String> = item.risks.iter().map(risk_text).collect();
                    escape::markdown(&texts.join(", "))
                };
                vec![f.factor.to_string(), escape::markdown(&item.text), risks]
            })
            .collect();
        if rows.is_empty() {
            rows.push(vec![f.factor.to_string(), NONE.into(), NONE.into()]);
        }
        rows
    });
    format!(
        "## {}: {}{held}\n\n{}\n{}",
        escape::markdown(&view.id),
        escape::markdown(&view.title),
        super::markdown(&["factor".into(), "item".into(), "risks".into()], rows),
        tagged_summary(view)
    )
}

fn count(grid: &PestleCoverage, stage: &str, factor: &str) -> String {
    match grid.cell(stage, factor) {
        Some(c) if !c.risks.is_empty() => c.risks.len().to_string(),
        _ => NONE.to_string(),
    }
}

fn pestle_header() -> Vec<String> {
    let mut header = vec!["stage ↓ factor →".to_string()];
    header.extend(
        crate::model::analysis::Factor::ALL
            .iter()
            .map(|f| f.as_str().to_string()),
    );
    header
}

fn coverage_summary(grid: &PestleCoverage) -> String {
    let empty = grid.cells.iter().filter(|c| c.risks.is_empty()).count();
    let mut out = format!(
        "{empty} of {} stage × PESTLE factor cells have no open risk ({NONE}).\n",
        grid.cells.len()
    );
    if !grid.unplaced.is_empty() {
        out.push_str(&format!(
            "Without a stage or PESTLE factors, not placed: {}\n",
            grid.unplaced.join(", ")
        ));
    }
    out
}

/// Risks per stage × PESTLE factor, counts per cell.
pub fn pestle_coverage_table(grid: &PestleCoverage) -> String {
    let mut table = super::new_table(pestle_header());
    for stage in &grid.stages {
        let mut row = vec![Cell::new(escape::terminal(stage))];
        for factor in &grid.factors {
            row.push(Cell::new(count(grid, stage, factor)).set_alignment(CellAlignment::Center));
        }
        table.add_row(row);
    }
    format!("{table}\n{}", coverage_summary(grid))
}

pub fn pestle_coverage_markdown(grid: &PestleCoverage) -> String {
    let rows = grid.stages.iter().map(|stage| {
        let mut row = vec![escape::markdown(stage)];
        row.extend(grid.factors.iter().map(|f| count(grid, stage, f)));
        row
    });
    format!(
        "{}\n{}",
        super::markdown(&pestle_header(), rows),
        coverage_summary(grid)
    )
}
