//! The board report's index of open risks: every risk the heat maps and rankings name by id
//! (a crowded heat-map cell says `+N more`), with its title, band and owner.

use std::fmt::Write;

use super::{band_chip, esc, opt, section_start};
use crate::rating::report::ReportData;

/// The "Every open risk" section.
pub fn index(out: &mut String, data: &ReportData) {
    section_start(out, "risk-index", "Every open risk", "");
    if data.open_risks.is_empty() {
        out.push_str("<p class=\"empty\">No open risks.</p>\n</section>\n");
        return;
    }
    out.push_str(
        "<table class=\"risk-index\">\n<caption class=\"sr-only\">Every open risk by id, with its title, band and owner</caption>\n\
         <thead><tr><th scope=\"col\">Risk</th><th scope=\"col\">Title</th><th scope=\"col\">Stage</th>\
         <th scope=\"col\">Owner</th><th scope=\"col\" class=\"num\">Score</th><th scope=\"col\">Band</th></tr></thead>\n<tbody>\n",
    );
    for row in &data.open_risks {
        let position = data
            .bands
            .iter()
            .find(|b| b.name == row.band)
            .map_or(0, |b| b.position);
        let _ = writeln!(
            out,
            "<tr id=\"{id}\"><td class=\"id\">{id}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            esc(&row.title),
            opt(row.stage.as_deref()),
            opt(row.owner.as_deref()),
            row.score,
            band_chip(&row.band, position),
            id = esc(&row.id),
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}
