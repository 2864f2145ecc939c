//! The report's appetite section (DESIGN 10.3): open risks above the band the register accepts.

use std::fmt::Write;

use super::{band_chip, esc, opt, plural, section_start};
use crate::rating::report::ReportData;

pub fn render(out: &mut String, data: &ReportData) {
    let m = &data.model;
    if !m.has_appetite {
        return;
    }
    let position = |band: &str| {
        data.bands
            .iter()
            .find(|b| b.name == band)
            .map_or(0, |b| b.position)
    };
    section_start(out, "appetite", "Risk appetite", "");
    let _ = writeln!(
        out,
        "<p class=\"note\">{} within appetite; {} above it. The appetite is the highest band accepted without a recorded decision; where a category and a stage both set one, the lower applies.</p>",
        plural(m.within_appetite, "open risk"),
        m.above_appetite.len()
    );
    if m.above_appetite.is_empty() {
        out.push_str("<p class=\"empty\">No open risk is above its appetite.</p>\n</section>\n");
        return;
    }
    out.push_str(
        "<table class=\"appetite\">\n<caption class=\"sr-only\">Open risks above their appetite, highest band first</caption>\n\
         <thead><tr><th scope=\"col\">Risk</th><th scope=\"col\">Title</th><th scope=\"col\">Category</th>\
         <th scope=\"col\">Stage</th><th scope=\"col\">Band</th><th scope=\"col\">Appetite</th>\
         <th scope=\"col\">Decision</th></tr></thead>\n<tbody>\n",
    );
    for row in &m.above_appetite {
        let decision = match (row.accepted, row.accepted_until) {
            (true, Some(until)) => format!("accepted until {until}"),
            (true, None) => "accepted".to_string(),
            _ => "none: treat or accept".to_string(),
        };
        let _ = writeln!(
            out,
            "<tr data-risk=\"{id}\"><td class=\"id\">{id}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&row.title),
            opt(row.category.as_deref()),
            opt(row.stage.as_deref()),
            band_chip(&row.band, position(&row.band)),
            band_chip(&row.appetite, position(&row.appetite)),
            esc(&decision),
            id = esc(&row.id),
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}
