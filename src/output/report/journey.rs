//! The report's rating journey (DESIGN 10.2): inherent → current → target for the top risks.

use std::fmt::Write;

use super::{band_chip, esc, section_start};
use crate::rating::report::ReportData;

pub fn render(out: &mut String, data: &ReportData) {
    let rows = &data.model.journey;
    if rows.is_empty() {
        return;
    }
    let position = |band: &str| {
        data.bands
            .iter()
            .find(|b| b.name == band)
            .map_or(0, |b| b.position)
    };
    let rating = |r: &Option<(u32, String)>| match r {
        Some((score, band)) => format!("{} {score}", band_chip(band, position(band))),
        None => "—".to_string(),
    };
    section_start(out, "journey", "Inherent → current → target", "");
    out.push_str("<p class=\"note\">The open risks with the highest current scores: rated before any control (inherent), today (current), and once their planned actions are done (target).</p>\n");
    out.push_str(
        "<table class=\"journey\">\n<caption class=\"sr-only\">Inherent, current and target rating of the top risks</caption>\n\
         <thead><tr><th scope=\"col\">Risk</th><th scope=\"col\">Title</th><th scope=\"col\">Inherent</th>\
         <th scope=\"col\">Current</th><th scope=\"col\">Target</th></tr></thead>\n<tbody>\n",
    );
    for row in rows {
        let _ = writeln!(
            out,
            "<tr data-risk=\"{id}\"><td class=\"id\">{id}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&row.title),
            rating(&row.inherent),
            rating(&Some(row.current.clone())),
            rating(&row.target),
            id = esc(&row.id),
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}
