//! "What changed since REV" in the board report (`report --since REV`, DESIGN 13): new and
//! closed risks, band moves with their direction of travel, new incidents, claims paid; and the
//! arrow beside each risk's id in the report's tables.

use std::fmt::Write;

use super::esc;
use crate::rating::history::ProfileRow;
use crate::rating::report::ReportData;
use crate::rating::since::{Line, Travel};

/// A risk id for a table cell, with its direction of travel when the report has `--since`.
pub fn with_arrow(data: &ReportData, id: &str) -> String {
    let Some(way) = data.since.as_ref().and_then(|s| s.travel.get(id)) else {
        return esc(id);
    };
    // Styled inline: the page's style sheet is the same with or without `--since`.
    let colour = match way {
        Travel::Up => "color:#a3271b;",
        Travel::Down => "color:#1d6b2a;",
        _ => "",
    };
    format!(
        "{} <span class=\"travel travel-{}\" style=\"font-weight:700;{colour}\" title=\"{} since {}\">{}</span>",
        esc(id),
        way.as_str(),
        label(*way),
        esc(&data.since.as_ref().map_or(String::new(), |s| s.rev.clone())),
        way.arrow()
    )
}

fn label(way: Travel) -> &'static str {
    match way {
        Travel::Up => "band up",
        Travel::Down => "band down",
        Travel::Same => "same band",
        Travel::New => "new",
    }
}

/// The section, right after the headline figures; nothing without `--since`.
pub fn section(out: &mut String, data: &ReportData) {
    let Some(since) = &data.since else { return };
    let _ = write!(
        out,
        "<section id=\"since\" aria-labelledby=\"since-h\">\n<h2 id=\"since-h\">What changed since {}</h2>\n",
        esc(&since.rev)
    );
    let _ = writeln!(
        out,
        "<p class=\"note\">{} new, {} closed, {} up, {} down; {} new incidents; {} claims paid.</p>",
        since.new_risks.len(),
        since.closed_risks.len(),
        since
            .moves
            .iter()
            .filter(|m| m.travel == Travel::Up)
            .count(),
        since
            .moves
            .iter()
            .filter(|m| m.travel == Travel::Down)
            .count(),
        since.new_incidents.len(),
        since.claims_paid.len()
    );
    if !since.moves.is_empty() {
        out.push_str(
            "<h3>Band moves</h3>\n<table class=\"since-moves\">\n<thead><tr><th scope=\"col\">Risk</th>\
             <th scope=\"col\">Title</th><th scope=\"col\">From</th><th scope=\"col\"></th>\
             <th scope=\"col\">To</th></tr></thead>\n<tbody>\n",
        );
        for m in &since.moves {
            let _ = writeln!(
                out,
                "<tr><td class=\"id\">{}</td><td>{}</td><td>{}</td><td aria-label=\"{}\">{}</td><td>{}</td></tr>",
                esc(&m.id),
                esc(&m.title),
                esc(&m.from),
                label(m.travel),
                m.travel.arrow(),
                esc(&m.to)
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    if !since.profile.is_empty() {
        out.push_str(&profile_chart(&since.profile, data));
    }
    list(out, "New risks", &since.new_risks);
    list(out, "Closed risks", &since.closed_risks);
    list(out, "New incidents", &since.new_incidents);
    list(out, "Claims paid", &since.claims_paid);
    out.push_str("</section>\n");
}

fn list(out: &mut String, title: &str, lines: &[Line]) {
    let _ = writeln!(out, "<h3>{}</h3>", esc(title));
    if lines.is_empty() {
        out.push_str("<p class=\"empty\">None.</p>\n");
        return;
    }
    out.push_str("<ul>\n");
    for line in lines {
        let _ = writeln!(
            out,
            "<li><span class=\"id\">{}</span> {} <span class=\"detail\">({})</span></li>",
            esc(&line.id),
            esc(&line.title),
            esc(&line.detail)
        );
    }
    out.push_str("</ul>\n");
}

/// Open risks per band at each month's end: stacked columns, lowest band at the bottom, each
/// segment with its count written in it, the month beneath and a legend of the bands.
fn profile_chart(rows: &[ProfileRow], data: &ReportData) -> String {
    const HEIGHT: usize = 160;
    const COLUMN: usize = 44;
    const GAP: usize = 14;
    let bands: Vec<&str> = rows
        .first()
        .map(|r| r.bands.iter().map(|(b, _)| b.as_str()).collect())
        .unwrap_or_default();
    let total = |r: &ProfileRow| r.bands.iter().map(|(_, n)| n).sum::<usize>();
    let max = rows.iter().map(total).max().unwrap_or(0).max(1);
    let width = rows.len() * (COLUMN + GAP) + GAP;
    let height = HEIGHT + 60;
    let position = |band: &str| data.bands.iter().position(|b| b.name == band).unwrap_or(0);
    let mut svg = format!(
        "<figure>\n<svg role=\"img\" aria-labelledby=\"profile-t\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\">\n\
         <title id=\"profile-t\">Open risks per band at each month's end</title>\n"
    );
    for (k, row) in rows.iter().enumerate() {
        let x = GAP + k * (COLUMN + GAP);
        let mut y = HEIGHT + 10;
        for (band, count) in &row.bands {
            if *count == 0 {
                continue;
            }
            let h = (count * HEIGHT / max).max(12);
            y -= h;
            let _ = writeln!(
                svg,
                "<rect x=\"{x}\" y=\"{y}\" width=\"{COLUMN}\" height=\"{h}\" fill=\"{}\"><title>{}: {} {}</title></rect>\
                 <text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\">{count}</text>",
                super::band_colour(position(band), data.bands.len().max(1), false),
                esc(&row.period),
                count,
                esc(band),
                x + COLUMN / 2,
                y + h / 2 + 4
            );
        }
        let _ = writeln!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\">{}</text>",
            x + COLUMN / 2,
            HEIGHT + 26,
            esc(&row.period)
        );
    }
    svg.push_str("</svg>\n");
    let legend: Vec<String> = bands
        .iter()
        .map(|b| {
            format!(
                "<span class=\"band band-{}\">{}</span>",
                position(b),
                esc(b)
            )
        })
        .collect();
    let _ = write!(
        svg,
        "<figcaption>Open risks per band at each month's end since {} (the register as committed then): {}</figcaption>\n</figure>\n",
        esc(&data.since.as_ref().map_or(String::new(), |s| s.rev.clone())),
        legend.join(" ")
    );
    svg
}
