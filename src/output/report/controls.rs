//! The report's control section (DESIGN 10.1): high-impact risks whose controls are all
//! ineffective or untested, what a board asks about first.

use std::fmt::Write;

use super::{band_chip, esc, section_start};
use crate::rating::report::ReportData;

pub fn render(out: &mut String, data: &ReportData) {
    let rows = &data.model.uncontrolled;
    let position = |band: &str| {
        data.bands
            .iter()
            .find(|b| b.name == band)
            .map_or(0, |b| b.position)
    };
    section_start(
        out,
        "uncontrolled",
        "High-impact risks without a working control",
        "",
    );
    out.push_str("<p class=\"note\">Open risks at the top two impact levels whose controls are all ineffective or untested (or that have none).</p>\n");
    if rows.is_empty() {
        out.push_str(
            "<p class=\"empty\">Every high-impact risk has a control that works.</p>\n</section>\n",
        );
        return;
    }
    out.push_str(
        "<table class=\"uncontrolled\">\n<caption class=\"sr-only\">High-impact risks whose controls are all ineffective or untested</caption>\n\
         <thead><tr><th scope=\"col\">Risk</th><th scope=\"col\">Title</th><th scope=\"col\" class=\"num\">Impact</th>\
         <th scope=\"col\">Band</th><th scope=\"col\">Controls</th></tr></thead>\n<tbody>\n",
    );
    for row in rows {
        let _ = writeln!(
            out,
            "<tr data-risk=\"{id}\"><td class=\"id\">{id}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>",
            esc(&row.title),
            row.impact,
            band_chip(&row.band, position(&row.band)),
            esc(&row.controls),
            id = esc(&row.id),
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}
