//! `risk todo` as Markdown for a chat message: one line per item under its due date, no table.

use crate::output::escape;
use crate::rating::todo::{Todo, when};

/// The items grouped by due date, soonest first; the owner shown on each line unless the list
/// is one owner's (`owner`).
pub fn markdown(items: &[Todo], owner: Option<&str>, today: chrono::NaiveDate) -> String {
    let late = items
        .iter()
        .filter(|t| t.days_left.is_some_and(|d| d < 0))
        .count();
    let count = |n: usize, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
    let whose = owner
        .map(|o| format!(" for {}", escape::markdown(o)))
        .unwrap_or_default();
    let mut out = format!(
        "**To do{whose}** on {today}: {}, {} overdue\n",
        count(items.len(), "item"),
        late
    );
    let mut last: Option<Option<chrono::NaiveDate>> = None;
    for item in items {
        if last != Some(item.due) {
            let date = item
                .due
                .map(|d| d.to_string())
                .unwrap_or_else(|| "No due date".into());
            let note = if item.due.is_some() {
                format!(" ({})", when(item))
            } else {
                String::new()
            };
            out.push_str(&format!("\n**{date}**{note}\n"));
            last = Some(item.due);
        }
        let who = match (owner, &item.owner) {
            (Some(_), _) => String::new(),
            (None, Some(o)) => format!(" · {}", escape::markdown(o)),
            (None, None) => " · no owner".into(),
        };
        let label = if item.item == item.kind || item.kind == "review" {
            String::new()
        } else {
            format!(" {}", escape::markdown(&item.item))
        };
        out.push_str(&format!(
            "- {}{label} ({}): {}{who}\n",
            escape::markdown(&item.record),
            item.kind,
            escape::markdown(&item.what),
        ));
    }
    out
}
