//! The report's treatments ranked by return (DESIGN 10.5): the reduction in annual loss
//! expectancy against what the open actions cost.

use std::fmt::Write;

use super::{esc, money, section_start};
use crate::rating::report::ReportData;

pub fn render(out: &mut String, data: &ReportData) {
    let rows = &data.model.treatments;
    section_start(out, "treatments", "Treatments ranked by return", "");
    out.push_str("<p class=\"note\">Annual loss expectancy (ALE) = single loss × yearly probability. Net benefit = reduction in ALE − cost − annual cost (first year); return = net benefit ÷ (cost + annual cost).</p>\n");
    if rows.is_empty() {
        out.push_str("<p class=\"empty\">No open risk has a target, a loss estimate and a costed open action.</p>\n</section>\n");
        return;
    }
    out.push_str(
        "<table class=\"treatments\">\n<caption class=\"sr-only\">Treatments ranked by return on investment</caption>\n\
         <thead><tr><th scope=\"col\">Risk</th><th scope=\"col\">Title</th><th scope=\"col\" class=\"num\">ALE now</th>\
         <th scope=\"col\" class=\"num\">ALE at target</th><th scope=\"col\" class=\"num\">Cost</th>\
         <th scope=\"col\" class=\"num\">Annual cost</th><th scope=\"col\" class=\"num\">Net benefit</th>\
         <th scope=\"col\" class=\"num\">Return</th></tr></thead>\n<tbody>\n",
    );
    let c = &data.currency;
    for row in rows {
        let _ = writeln!(
            out,
            "<tr data-risk=\"{id}\"><td class=\"id\">{id}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            esc(&row.title),
            esc(&money(row.ale_current, c)),
            esc(&money(row.ale_target, c)),
            esc(&money(row.cost, c)),
            esc(&money(row.annual_cost, c)),
            esc(&money(row.net_benefit, c)),
            row.rosi.as_deref().map_or_else(|| "—".to_string(), esc),
            id = esc(&row.id),
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}
