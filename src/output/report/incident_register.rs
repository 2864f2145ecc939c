//! The board report's incident register: one row per incident with its status, severity,
//! customers affected, duties met or missed, claims and compensation, and lessons.

use std::fmt::Write;

use super::{esc, money, plural, section_start};
use crate::rating::report::ReportData;

/// The "Incident register" section.
pub fn register(out: &mut String, data: &ReportData) {
    section_start(out, "incident-register", "Incident register", "page");
    if data.incident_register.is_empty() {
        out.push_str("<p class=\"empty\">No incidents recorded.</p>\n</section>\n");
        return;
    }
    out.push_str(
        "<p class=\"note\">Every incident, whatever its status. Duties are the incident's own \
         (notify, update, regulator, post-incident review) and its claims' deadlines \
         (acknowledge, decide, pay); missed means done late or not done by its deadline.</p>\n\
         <table class=\"incident-register\">\n<caption class=\"sr-only\">Incidents with their duties, claims and lessons</caption>\n\
         <thead><tr><th scope=\"col\">Incident</th><th scope=\"col\">Title</th><th scope=\"col\">Status</th>\
         <th scope=\"col\" class=\"num\">Severity</th><th scope=\"col\" class=\"num\">Customers affected</th>\
         <th scope=\"col\">Duties</th><th scope=\"col\" class=\"num\">Claims</th>\
         <th scope=\"col\">Compensation</th></tr></thead>\n<tbody>\n",
    );
    for row in &data.incident_register {
        let mut duties = format!("{} met", row.duties_met);
        let missed = row.duties_missed + row.duties_overdue;
        if missed > 0 {
            let _ = write!(
                duties,
                ", <strong>{missed} missed</strong> ({})",
                row.missed
                    .iter()
                    .map(|m| format!("<span class=\"nowrap\">{}</span>", esc(m)))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        if row.duties_pending > 0 {
            let _ = write!(duties, ", {} pending", row.duties_pending);
        }
        let compensation = if row.claims == 0 && row.budget.is_none() {
            "—".to_string()
        } else {
            let mut text = format!(
                "<span class=\"nowrap\">{} offered</span>, <span class=\"nowrap\">{} paid</span>",
                money(row.offered, &data.currency),
                money(row.paid, &data.currency)
            );
            if let Some(budget) = row.budget {
                let _ = write!(
                    text,
                    " of <span class=\"nowrap\">{} budget</span>",
                    money(budget, &data.currency)
                );
            }
            text
        };
        let _ = writeln!(
            out,
            "<tr><td class=\"id\">{}</td><td>{}</td><td class=\"nowrap\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td>{duties}</td><td class=\"num\">{}</td><td>{compensation}</td></tr>",
            esc(&row.id),
            esc(&row.title),
            esc(row.status),
            row.severity,
            row.customers_affected
                .map_or_else(|| "—".to_string(), |n| n.to_string()),
            row.claims,
        );
        // Lessons under their incident, across the row: long sentences need the width.
        let lessons = match row.lessons.is_empty() {
            true => "none recorded yet".to_string(),
            false => format!(
                "<ul>{}</ul>",
                row.lessons
                    .iter()
                    .map(|l| format!("<li>{}</li>", esc(l)))
                    .collect::<String>()
            ),
        };
        let _ = writeln!(
            out,
            "<tr class=\"lessons-row\"><td></td><td colspan=\"7\"><strong>Lessons:</strong> {lessons}</td></tr>"
        );
    }
    let _ = writeln!(
        out,
        "</tbody>\n</table>\n<p class=\"note\">{}.</p>\n</section>",
        plural(data.incident_register.len(), "incident")
    );
}
