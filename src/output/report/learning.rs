//! The report's analyses and learning sections (DESIGN 11): the latest SWOT grid with the
//! threats no risk covers, and the lessons learned with where each went and what is still open.

use std::fmt::Write;

use super::{esc, section_start};
use crate::rating::analysis::ItemView;
use crate::rating::report::ReportData;

fn items(out: &mut String, name: &str, items: &[ItemView], must_link: bool) {
    let _ = write!(out, "<div class=\"quadrant\">\n<h3>{name}</h3>\n<ul>\n");
    if items.is_empty() {
        out.push_str("<li class=\"empty\">—</li>\n");
    }
    for item in items {
        let _ = write!(out, "<li>{}", esc(&item.text));
        let risks: Vec<String> = item
            .risks
            .iter()
            .map(|r| match &r.band {
                Some(band) => format!("{} ({})", esc(&r.id), esc(band)),
                None => format!("{} (missing)", esc(&r.id)),
            })
            .collect();
        if !risks.is_empty() {
            let _ = write!(out, " <span class=\"note\">→ {}</span>", risks.join(", "));
        }
        if let Some(why) = &item.dismissed {
            let _ = write!(out, " <span class=\"note\">dismissed: {}</span>", esc(why));
        } else if must_link && item.risks.is_empty() {
            out.push_str(" <strong>no risk</strong>");
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n</div>\n");
}

/// The latest SWOT as a 2×2 grid, then the threats with no risk behind them.
pub fn swot(out: &mut String, data: &ReportData) {
    section_start(out, "swot", "SWOT analysis", "swot");
    let Some(view) = &data.swot else {
        out.push_str(
            "<p class=\"empty\">No SWOT analysis yet (<code>risk analysis add swot</code>).</p>\n</section>\n",
        );
        return;
    };
    let held = view.held.map(|h| format!(", held {h}")).unwrap_or_default();
    let _ = write!(
        out,
        "<p class=\"note\">{} — {}{held}.</p>\n<div class=\"swot-grid\">\n",
        esc(&view.id),
        esc(&view.title)
    );
    items(out, "Strengths", &view.strengths, false);
    items(out, "Weaknesses", &view.weaknesses, true);
    items(out, "Opportunities", &view.opportunities, false);
    items(out, "Threats", &view.threats, true);
    out.push_str("</div>\n");
    let uncovered: Vec<&ItemView> = view.uncovered_threats().collect();
    if uncovered.is_empty() {
        out.push_str("<p>Every threat has a risk behind it.</p>\n");
    } else {
        out.push_str("<p>Threats with no risk behind them:</p>\n<ul class=\"uncovered\">\n");
        for t in uncovered {
            let why = t
                .dismissed
                .as_ref()
                .map(|d| format!(" <span class=\"note\">(dismissed: {})</span>", esc(d)))
                .unwrap_or_default();
            let _ = writeln!(out, "<li>{}{why}</li>", esc(&t.text));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

/// Every lesson, by incident, with where it went and which of its actions are still open.
pub fn lessons(out: &mut String, data: &ReportData) {
    section_start(out, "lessons", "Lessons learned", "lessons");
    if data.lessons.is_empty() {
        out.push_str(
            "<p class=\"empty\">No post-incident review has recorded lessons yet.</p>\n</section>\n",
        );
        return;
    }
    for l in &data.lessons {
        let held = l.held.map_or_else(
            || "review not yet held".to_string(),
            |d| format!("review held {d}"),
        );
        let _ = write!(
            out,
            "<article data-incident=\"{inc}\">\n<h3>{inc} — {}</h3>\n<p class=\"note\">Post-incident {held}.</p>\n<ul>\n",
            esc(&l.title),
            inc = esc(&l.incident)
        );
        for lesson in &l.lessons {
            let mut went = Vec::new();
            if !lesson.actions.is_empty() {
                went.push(format!("actions {}", esc(&lesson.actions.join(", "))));
            }
            if !lesson.risks.is_empty() {
                went.push(format!("risks {}", esc(&lesson.risks.join(", "))));
            }
            let went = if went.is_empty() {
                " <strong>not yet actioned</strong>".to_string()
            } else {
                format!(" <span class=\"note\">→ {}</span>", went.join("; "))
            };
            let open = if lesson.open_actions.is_empty() {
                String::new()
            } else {
                format!(
                    " <span class=\"open\">open: {}</span>",
                    esc(&lesson.open_actions.join(", "))
                )
            };
            let _ = writeln!(out, "<li>{}{went}{open}</li>", esc(&lesson.lesson));
        }
        out.push_str("</ul>\n</article>\n");
    }
    out.push_str("</section>\n");
}
