//! The report's charts as inline SVG: the heat map, bar and column charts, paid against budget.
//! Every chart carries its numbers as text, so colour is never the only signal.

use std::fmt::Write;

use super::{band_colour, esc, money};
use crate::rating::report::{BudgetRow, Count, HeatMap};

const INK: &str = "#1a1a1a";
const MUTED: &str = "#4a4a4a";
const BAR: &str = "#2f5f8f";
const TRACK: &str = "#e6e9ee";

/// How many ids a heat-map cell lists before it says `+N more`.
const IDS_PER_CELL: usize = 3;

/// The heat map: likelihood rows from the top, impact columns, each cell with its band, its
/// count and its ids, and a `<title>` naming everything for pointer users.
pub fn heat_map(map: &HeatMap, bands: usize) -> String {
    const CELL_W: usize = 124;
    const CELL_H: usize = 80;
    const LEFT: usize = 176;
    const TOP: usize = 8;
    let cols = map.impact_labels.len();
    let rows = map.rows.len();
    let width = LEFT + cols * CELL_W + 8;
    let height = TOP + rows * CELL_H + 58;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="heatmap" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-labelledby="{id}-svg-title" font-family="inherit"><title id="{id}-svg-title">Heat map of the {id} rating: likelihood rows against impact columns; the same figures are in the table that follows.</title>"#,
        id = map.rating
    );
    let _ = write!(
        s,
        r#"<text x="14" y="{y}" transform="rotate(-90 14 {y})" text-anchor="middle" font-size="13" font-weight="600" fill="{INK}">Likelihood</text>"#,
        y = TOP + rows * CELL_H / 2
    );
    for (r, row) in map.rows.iter().enumerate() {
        let y = TOP + r * CELL_H;
        let _ = write!(
            s,
            r#"<text x="{x}" y="{ty}" text-anchor="end" font-size="12" fill="{INK}">{l} {label}</text>"#,
            x = LEFT - 8,
            ty = y + CELL_H / 2 + 4,
            l = row.likelihood,
            label = esc(&row.label)
        );
        for (c, cell) in row.cells.iter().enumerate() {
            let x = LEFT + c * CELL_W;
            let n = cell.risks.len();
            let fill = band_colour(cell.band_position, bands, n == 0);
            let mut tip = format!(
                "likelihood {} {} × impact {} {}: score {}, {}, {} risk{}",
                cell.likelihood,
                row.label,
                cell.impact,
                map.impact_labels[c],
                cell.score,
                cell.band,
                n,
                if n == 1 { "" } else { "s" }
            );
            if n > 0 {
                tip.push_str(": ");
                tip.push_str(&cell.risks.join(", "));
            }
            let _ = write!(
                s,
                r#"<g class="cell" data-likelihood="{l}" data-impact="{i}" data-band="{band}" data-count="{n}"><title>{tip}</title><rect x="{rx}" y="{ry}" width="{w}" height="{h}" rx="4" fill="{fill}" stroke="{stroke}" stroke-width="1"/>"#,
                l = cell.likelihood,
                i = cell.impact,
                band = esc(&cell.band),
                tip = esc(&tip),
                rx = x + 2,
                ry = y + 2,
                w = CELL_W - 4,
                h = CELL_H - 4,
                stroke = if n == 0 { "#ffffff" } else { "#5b5b5b" },
            );
            let _ = write!(
                s,
                r#"<text x="{tx}" y="{ty}" font-size="11" fill="{colour}" class="band-name">{band}</text>"#,
                tx = x + 9,
                ty = y + 18,
                colour = if n == 0 { MUTED } else { INK },
                band = esc(&cell.band)
            );
            if n > 0 {
                let _ = write!(
                    s,
                    r#"<text x="{tx}" y="{ty}" text-anchor="end" font-size="17" font-weight="700" fill="{INK}" class="count">{n}</text>"#,
                    tx = x + CELL_W - 10,
                    ty = y + 22
                );
                let shown = if n > IDS_PER_CELL {
                    IDS_PER_CELL - 1
                } else {
                    n
                };
                let mut lines: Vec<String> = cell.risks[..shown].iter().map(|id| esc(id)).collect();
                if n > shown {
                    lines.push(format!("+{} more", n - shown));
                }
                for (k, line) in lines.iter().enumerate() {
                    let _ = write!(
                        s,
                        r#"<text x="{tx}" y="{ty}" font-size="11" fill="{INK}" class="id">{line}</text>"#,
                        tx = x + 9,
                        ty = y + 38 + k * 14
                    );
                }
            }
            s.push_str("</g>");
        }
    }
    let base = TOP + rows * CELL_H;
    for (c, label) in map.impact_labels.iter().enumerate() {
        let _ = write!(
            s,
            r#"<text x="{x}" y="{y}" text-anchor="middle" font-size="12" fill="{INK}">{n} {label}</text>"#,
            x = LEFT + c * CELL_W + CELL_W / 2,
            y = base + 18,
            n = c + 1,
            label = esc(label)
        );
    }
    let _ = write!(
        s,
        r#"<text x="{x}" y="{y}" text-anchor="middle" font-size="13" font-weight="600" fill="{INK}">Impact</text></svg>"#,
        x = LEFT + cols * CELL_W / 2,
        y = base + 44
    );
    s
}

/// Horizontal bars, one per count, with the label on the left and the count at the bar's end.
pub fn bars(id: &str, title: &str, counts: &[Count], suffix: &str) -> String {
    const LABEL: usize = 150;
    const TRACK_W: usize = 400;
    const ROW: usize = 26;
    let max = counts.iter().map(|c| c.count).max().unwrap_or(0).max(1);
    let width = LABEL + TRACK_W + 70;
    let height = counts.len() * ROW + 8;
    let mut s = open_svg(id, title, width, height);
    for (k, c) in counts.iter().enumerate() {
        let y = 4 + k * ROW;
        let w = c.count * TRACK_W / max;
        let _ = write!(
            s,
            r#"<g class="bar" data-label="{label}" data-count="{n}"><text x="{lx}" y="{ty}" text-anchor="end" font-size="12" fill="{INK}">{label}</text><rect x="{LABEL}" y="{ry}" width="{TRACK_W}" height="16" fill="{TRACK}"/><rect x="{LABEL}" y="{ry}" width="{w}" height="16" fill="{BAR}"/><text x="{vx}" y="{ty}" font-size="12" font-weight="600" fill="{INK}">{n}{suffix}</text></g>"#,
            label = esc(&c.label),
            n = c.count,
            lx = LABEL - 8,
            ty = y + 13,
            ry = y + 1,
            vx = LABEL + w + 6,
        );
    }
    s.push_str("</svg>");
    s
}

/// Vertical columns (for months), the count above each column and the label beneath.
pub fn columns(id: &str, title: &str, counts: &[Count]) -> String {
    const COL: usize = 52;
    const CHART_H: usize = 140;
    const TOP: usize = 22;
    let max = counts.iter().map(|c| c.count).max().unwrap_or(0).max(1);
    let width = counts.len() * COL + 16;
    let height = TOP + CHART_H + 30;
    let mut s = open_svg(id, title, width, height);
    let base = TOP + CHART_H;
    let _ = write!(
        s,
        r##"<line x1="4" y1="{base}" x2="{x2}" y2="{base}" stroke="#8a8a8a" stroke-width="1"/>"##,
        x2 = width - 4
    );
    for (k, c) in counts.iter().enumerate() {
        let x = 8 + k * COL;
        let h = c.count * CHART_H / max;
        let _ = write!(
            s,
            r#"<g class="column" data-label="{label}" data-count="{n}"><rect x="{rx}" y="{ry}" width="{w}" height="{h}" fill="{BAR}"/><text x="{cx}" y="{vy}" text-anchor="middle" font-size="12" font-weight="600" fill="{INK}">{n}</text><text x="{cx}" y="{ly}" text-anchor="middle" font-size="11" fill="{INK}">{label}</text></g>"#,
            label = esc(&c.label),
            n = c.count,
            rx = x + 6,
            ry = base - h,
            w = COL - 12,
            cx = x + COL / 2,
            vy = base - h - 5,
            ly = base + 18,
        );
    }
    s.push_str("</svg>");
    s
}

/// Per incident: what was offered and paid against the budget, on the incident's own scale
/// (the larger of its budget and its offers), with the figures written beside each bar.
pub fn budgets(id: &str, title: &str, rows: &[BudgetRow], currency: &str) -> String {
    const LABEL: usize = 96;
    const TRACK_W: usize = 320;
    const ROW: usize = 34;
    let width = LABEL + TRACK_W + 330;
    let height = rows.len() * ROW + 34;
    let mut s = open_svg(id, title, width, height);
    for (k, row) in rows.iter().enumerate() {
        let y = 4 + k * ROW;
        let scale = row
            .budget
            .unwrap_or_default()
            .minor()
            .max(row.offered.minor())
            .max(row.paid.minor())
            .max(1);
        let len = |minor: i64| (minor.max(0) as u128 * TRACK_W as u128 / scale as u128) as usize;
        let paid_w = len(row.paid.minor());
        let offered_w = len(row.offered.minor());
        let figure = match (row.budget, row.paid_percent) {
            (Some(b), Some(p)) => format!(
                "paid {} of {} ({p}%){}",
                money(row.paid, ""),
                money(b, currency),
                if row.over_budget { "; over budget" } else { "" }
            ),
            _ => format!("paid {}, no budget set", money(row.paid, currency)),
        };
        let _ = write!(
            s,
            r##"<g class="budget" data-incident="{inc}"><text x="{lx}" y="{ty}" text-anchor="end" font-size="12" fill="{INK}">{inc}</text><rect x="{LABEL}" y="{ry}" width="{TRACK_W}" height="18" fill="{TRACK}"/><rect x="{LABEL}" y="{ry}" width="{offered_w}" height="18" fill="#9cc3e6"/><rect x="{LABEL}" y="{ry}" width="{paid_w}" height="18" fill="{BAR}"/>"##,
            inc = esc(&row.incident),
            lx = LABEL - 8,
            ty = y + 14,
            ry = y + 1,
        );
        if let Some(b) = row.budget {
            let bx = LABEL + len(b.minor());
            let _ = write!(
                s,
                r#"<line x1="{bx}" y1="{y1}" x2="{bx}" y2="{y2}" stroke="{INK}" stroke-width="2"/>"#,
                y1 = y - 2,
                y2 = y + 22
            );
        }
        let _ = write!(
            s,
            r#"<text x="{vx}" y="{ty}" font-size="12" fill="{INK}">{figure}</text></g>"#,
            vx = LABEL + TRACK_W + 10,
            ty = y + 14,
            figure = esc(&figure)
        );
    }
    let ly = rows.len() * ROW + 14;
    let _ = write!(
        s,
        r##"<g class="legend" font-size="11" fill="{INK}"><rect x="{LABEL}" y="{ly}" width="12" height="12" fill="{BAR}"/><text x="{t1}" y="{ty}">paid</text><rect x="{x2}" y="{ly}" width="12" height="12" fill="#9cc3e6"/><text x="{t2}" y="{ty}">offered (committed)</text><line x1="{x3}" y1="{ly}" x2="{x3}" y2="{ly2}" stroke="{INK}" stroke-width="2"/><text x="{t3}" y="{ty}">budget</text></g>"##,
        t1 = LABEL + 16,
        x2 = LABEL + 60,
        t2 = LABEL + 76,
        x3 = LABEL + 232,
        t3 = LABEL + 240,
        ty = ly + 10,
        ly2 = ly + 12,
    );
    s.push_str("</svg>");
    s
}

fn open_svg(id: &str, title: &str, width: usize, height: usize) -> String {
    format!(
        r#"<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-labelledby="{id}-svg-title" font-family="inherit"><title id="{id}-svg-title">{title}</title>"#,
        title = esc(title)
    )
}
