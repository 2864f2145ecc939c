//! Renderers of `risk diff`: text for the terminal, Markdown for a pull-request comment, and
//! the JSON contract `{base, head, added, removed, changed: [{id, changes: [{field, from, to}]}]}`.

use anyhow::Result;
use serde::Serialize;
use serde_json::Value;

use super::{Palette, escape, markdown};
use crate::rating::diff::{Change, Diff, Summary};

#[derive(Serialize)]
struct DiffJson<'a> {
    base: &'a str,
    head: Option<&'a str>,
    added: Vec<&'a str>,
    removed: Vec<&'a str>,
    changed: Vec<ChangedJson<'a>>,
}

#[derive(Serialize)]
struct ChangedJson<'a> {
    id: &'a str,
    changes: &'a [Change],
}

pub fn json(diff: &Diff) -> Result<String> {
    super::json(&DiffJson {
        base: &diff.base,
        head: diff.head.as_deref(),
        added: diff.added.iter().map(|s| s.id.as_str()).collect(),
        removed: diff.removed.iter().map(|s| s.id.as_str()).collect(),
        changed: diff
            .changed
            .iter()
            .map(|c| ChangedJson {
                id: &c.record.id,
                changes: &c.changes,
            })
            .collect(),
    })
}

fn head_name(diff: &Diff) -> &str {
    diff.head.as_deref().unwrap_or("working tree")
}

/// `1 added, 2 changed` (or `no changes to the register`).
fn counts(diff: &Diff) -> String {
    let parts: Vec<String> = [
        (diff.added.len(), "added"),
        (diff.removed.len(), "removed"),
        (diff.changed.len(), "changed"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, word)| format!("{n} {word}"))
    .collect();
    if parts.is_empty() {
        "no changes to the register".into()
    } else {
        parts.join(", ")
    }
}

/// A value as a person reads it: text bare, lists joined, maps in flow style, absent as `-`.
pub fn show(value: &Value) -> String {
    show_with(value, &|text| text.to_string())
}

/// [`show`], with each piece of text from the register (a string, a key) put through `text`
/// and the brackets and separators left as they are.
fn show_with(value: &Value, text: &dyn Fn(&str) -> String) -> String {
    match value {
        Value::Null => "-".into(),
        Value::String(s) => text(s),
        Value::Array(items) => format!(
            "[{}]",
            items
                .iter()
                .map(|v| show_with(v, text))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Object(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(k, v)| format!("{}: {}", text(k), show_with(v, text)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => other.to_string(),
    }
}

/// [`show`] for a Markdown cell.
fn show_md(value: &Value) -> String {
    show_with(value, &escape::markdown)
}

fn paint_change(change: &Change, palette: &Palette) -> (String, String) {
    let line = |v: &Value| escape::terminal_line(&show(v)).into_owned();
    let (from, to) = (line(&change.from), line(&change.to));
    if matches!(
        change.field.as_str(),
        "band" | "target_band" | "inherent_band"
    ) {
        (palette.paint(&from, &from), palette.paint(&to, &to))
    } else {
        (from, to)
    }
}

pub fn text(diff: &Diff, palette: &Palette) -> String {
    let mut out = format!(
        "{} → {}: {}\n",
        escape::terminal_line(&diff.base),
        escape::terminal_line(head_name(diff)),
        counts(diff)
    );
    let line = |word: &str, s: &Summary| {
        format!(
            "{word:<8} {}  {}  ({})\n",
            escape::terminal_line(&s.id),
            escape::terminal_line(&s.title),
            escape::terminal_line(&s.detail)
        )
    };
    for s in &diff.added {
        out.push_str(&line("added", s));
    }
    for s in &diff.removed {
        out.push_str(&line("removed", s));
    }
    for c in &diff.changed {
        out.push_str(&line("changed", &c.record));
        for change in &c.changes {
            let (from, to) = paint_change(change, palette);
            out.push_str(&format!(
                "           {}: {from} → {to}\n",
                escape::terminal_line(&change.field)
            ));
        }
    }
    out
}

/// Rows shown per Markdown table: a pull-request comment holds at most 65,536 characters.
const MD_ROWS: usize = 200;

/// `rows` cut to [`MD_ROWS`], with a last row saying how many were left out.
fn capped(rows: Vec<Vec<String>>, width: usize) -> Vec<Vec<String>> {
    if rows.len() <= MD_ROWS {
        return rows;
    }
    let left = rows.len() - MD_ROWS;
    let mut rows: Vec<Vec<String>> = rows.into_iter().take(MD_ROWS).collect();
    let mut last = vec![String::new(); width];
    last[0] = format!("… and {left} more rows (`risk diff` shows them all)");
    rows.push(last);
    rows
}

/// Markdown for a pull-request comment: a summary line, the band moves, then tables.
pub fn md(diff: &Diff) -> String {
    let counts = match counts(diff) {
        c if c.starts_with("no changes") => "no changes".to_string(),
        c => c,
    };
    let mut out = format!(
        "**Risk register: {counts}** ({} → {})\n",
        escape::code_span(&diff.base),
        escape::code_span(head_name(diff))
    );
    let moves: Vec<String> = diff
        .changed
        .iter()
        .flat_map(|c| {
            c.changes
                .iter()
                .filter(|ch| {
                    ch.field == "band"
                        || ch.field == "within_appetite" && ch.to == Value::Bool(false)
                })
                .map(move |ch| {
                    if ch.field == "band" {
                        format!(
                            "- {} {}: band **{}** → **{}**",
                            escape::markdown(&c.record.id),
                            escape::markdown(&c.record.title),
                            show_md(&ch.from),
                            show_md(&ch.to)
                        )
                    } else {
                        format!(
                            "- {} {}: **leaves its appetite**",
                            escape::markdown(&c.record.id),
                            escape::markdown(&c.record.title),
                        )
                    }
                })
        })
        .collect();
    if !moves.is_empty() {
        out.push('\n');
        out.push_str(&moves.join("\n"));
        out.push('\n');
    }
    let header = |cols: &[&str]| cols.iter().map(|c| c.to_string()).collect::<Vec<_>>();
    for (title, list) in [("Added", &diff.added), ("Removed", &diff.removed)] {
        if list.is_empty() {
            continue;
        }
        out.push_str(&format!("\n### {title}\n\n"));
        let rows = list
            .iter()
            .map(|s| {
                [&s.id, &s.title, &s.detail]
                    .map(|text| escape::markdown(text))
                    .to_vec()
            })
            .collect();
        out.push_str(&markdown(
            &header(&["id", "title", "rating"]),
            capped(rows, 3).into_iter(),
        ));
    }
    if !diff.changed.is_empty() {
        out.push_str("\n### Changed\n\n");
        let rows: Vec<Vec<String>> = diff
            .changed
            .iter()
            .flat_map(|c| {
                c.changes.iter().enumerate().map(move |(i, ch)| {
                    let record = if i == 0 {
                        escape::markdown(&format!("{} {}", c.record.id, c.record.title))
                    } else {
                        String::new()
                    };
                    vec![
                        record,
                        escape::code_span(&ch.field),
                        show_md(&ch.from),
                        show_md(&ch.to),
                    ]
                })
            })
            .collect();
        out.push_str(&markdown(
            &header(&["record", "field", "from", "to"]),
            capped(rows, 4).into_iter(),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;

    fn summary(n: usize) -> Summary {
        Summary {
            id: format!("CLM-{n:04}"),
            kind: Some(Kind::Claim),
            title: format!("CUST-{n} on INC-0001"),
            detail: "received".into(),
        }
    }

    #[test]
    fn long_markdown_tables_are_cut_for_a_comment() {
        let diff = Diff {
            base: "main".into(),
            head: None,
            added: (1..=5000).map(summary).collect(),
            removed: Vec::new(),
            changed: Vec::new(),
        };
        let md = md(&diff);
        assert!(md.starts_with("**Risk register: 5000 added** (`main` → `working tree`)\n"));
        assert!(md.contains("| CLM-0200 |"));
        assert!(!md.contains("| CLM-0201 |"));
        assert!(md.contains("| … and 4800 more rows (`risk diff` shows them all) |  |  |\n"));
        assert!(md.len() < 65_536);
    }

    #[test]
    fn values_read_plainly() {
        let v = serde_json::json!({"id": "A3", "due": null, "tags": ["a", "b"]});
        assert_eq!(show(&v), "{id: A3, due: -, tags: [a, b]}");
    }
}
