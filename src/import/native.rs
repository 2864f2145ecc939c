//! The workbook `risk export --format xlsx` writes, read back (DESIGN 12): one sheet per kind
//! (`risks`, `actions`, `incidents`, `claims`) whose header row names record keys as dotted
//! paths (`target.likelihood`), so importing it gives the same records. The writer and the
//! reader share the rules here: which keys hold lists, and which hold money.

use serde_json::{Map, Value};

use super::{Cell, Sheet, Workbook, number_text};

/// The sheets of an exported workbook, in the order they are written and read.
pub const SHEETS: [&str; 4] = ["risks", "actions", "incidents", "claims"];

/// Keys whose lists of plain text are written one item per line; other lists as JSON.
const LINE_LISTS: [&str; 14] = [
    "harms",
    "controls",
    "contingency",
    "risks",
    "containment",
    "evidence",
    "root_cause.whys",
    "root_cause.fishbone.people",
    "root_cause.fishbone.process",
    "root_cause.fishbone.technology",
    "root_cause.fishbone.policy",
    "root_cause.fishbone.place",
    "root_cause.fishbone.data",
    "review.lessons",
];

/// Keys that hold money: written as numbers in the register's currency.
const MONEY: [&str; 8] = [
    "amount",
    "compensation_budget",
    "cost",
    "annual_cost",
    "single",
    "budget",
    "max",
    "per_customer_limit",
];

pub fn is_line_list(path: &str) -> bool {
    LINE_LISTS.contains(&path)
}

pub fn is_money(path: &str) -> bool {
    MONEY.contains(&path.rsplit('.').next().unwrap_or(path))
}

/// One cell of the exported workbook, as the writer puts it.
#[derive(Clone, Debug, PartialEq)]
pub enum Out {
    Text(String),
    Number(f64),
    Money(f64),
    Date(chrono::NaiveDate),
    Bool(bool),
}

/// A record (as JSON) flattened into (path, cell) pairs, in key order; `skip` keys left out.
pub fn flatten(value: &Value, skip: &[&str]) -> Vec<(String, Out)> {
    let mut out = Vec::new();
    if let Value::Object(map) = value {
        for (key, v) in map {
            if !skip.contains(&key.as_str()) {
                walk(key, v, &mut out);
            }
        }
    }
    out
}

fn walk(path: &str, value: &Value, out: &mut Vec<(String, Out)>) {
    let cell = match value {
        Value::Null => return,
        Value::Object(map) => {
            for (key, v) in map {
                walk(&format!("{path}.{key}"), v, out);
            }
            return;
        }
        Value::Array(items) if items.is_empty() => return,
        Value::Array(items) => {
            let plain: Option<Vec<&str>> = items.iter().map(Value::as_str).collect();
            match plain {
                Some(lines)
                    if is_line_list(path)
                        && lines.iter().all(|l| {
                            !l.is_empty()
                                && !l.contains('\n')
                                && !l.starts_with(['[', ' '])
                                && l.trim() == *l
                        }) =>
                {
                    Out::Text(lines.join("\n"))
                }
                _ => Out::Text(value.to_string()),
            }
        }
        Value::Bool(b) => Out::Bool(*b),
        Value::Number(n) => Out::Number(n.as_f64().unwrap_or(0.0)),
        Value::String(s) => {
            if is_money(path)
                && let Ok(m) = crate::model::Money::parse(s)
            {
                Out::Money(m.minor() as f64 / 100.0)
            } else if s.len() == 10
                && let Ok(d) = s.parse::<chrono::NaiveDate>()
                && d.to_string() == *s
                && chrono::Datelike::year(&d) >= 1900
            {
                Out::Date(d)
            } else {
                Out::Text(s.clone())
            }
        }
    };
    out.push((path.to_string(), cell));
}

/// Whether the workbook is one `risk export --format xlsx` wrote: a sheet named after a kind
/// whose first row names `id` and nothing but keys.
pub fn is_native(book: &Workbook) -> bool {
    book.has_sheets
        && ["risks", "incidents", "claims"].iter().any(|name| {
            book.sheets
                .iter()
                .find(|s| s.name == *name)
                .and_then(|s| s.rows.first().filter(|r| r.number == 1))
                .is_some_and(|header| {
                    let names: Vec<String> = header.cells.iter().map(Cell::text).collect();
                    names.iter().any(|n| n == "id")
                        && names.iter().all(|n| {
                            n.bytes().all(|b| {
                                b.is_ascii_lowercase()
                                    || b.is_ascii_digit()
                                    || b == b'_'
                                    || b == b'.'
                            })
                        })
                })
        })
}

/// The rows of an exported sheet as JSON objects, with their row numbers.
pub fn records(sheet: &Sheet) -> Vec<(usize, Map<String, Value>)> {
    let Some(header) = sheet.rows.first() else {
        return Vec::new();
    };
    let paths: Vec<String> = header.cells.iter().map(Cell::text).collect();
    sheet.rows[1..]
        .iter()
        .map(|row| {
            let mut object = Map::new();
            for (i, path) in paths.iter().enumerate() {
                let cell = row.cell(i);
                if path.is_empty() || cell.is_empty() {
                    continue;
                }
                insert(&mut object, path, value(path, cell));
            }
            (row.number, object)
        })
        .collect()
}

fn value(path: &str, cell: &Cell) -> Value {
    match cell {
        Cell::Empty => Value::Null,
        Cell::Bool(b) => Value::Bool(*b),
        Cell::Date(d) => Value::String(d.to_string()),
        Cell::Number(n) if is_money(path) => Value::String(format!("{:.2}", n)),
        Cell::Number(n) if n.fract() == 0.0 && n.abs() < 9e15 => Value::from(*n as i64),
        Cell::Number(n) => serde_json::Number::from_f64(*n)
            .map(Value::Number)
            .unwrap_or_else(|| Value::String(number_text(*n))),
        Cell::Text(t) => {
            if t.starts_with(['[', '{'])
                && let Ok(v @ (Value::Array(_) | Value::Object(_))) = serde_json::from_str(t)
            {
                return v;
            }
            if is_line_list(path) {
                return Value::Array(t.lines().map(|l| Value::String(l.to_string())).collect());
            }
            Value::String(t.clone())
        }
    }
}

fn insert(object: &mut Map<String, Value>, path: &str, value: Value) {
    match path.split_once('.') {
        None => {
            object.insert(path.to_string(), value);
        }
        Some((head, rest)) => {
            let inner = object
                .entry(head.to_string())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(map) = inner {
                insert(map, rest, value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_record_flattens_to_paths_and_reads_back() {
        let record = json!({
            "id": "RISK-0001", "title": "[urgent] outage", "identified": "2026-03-02",
            "likelihood": 3, "impact": {"financial": 4}, "target": {"likelihood": 2, "impact": 3},
            "controls": ["Daily export", "Second provider"], "harms": ["delay"],
            "contingency": ["line one\nline two"], "customers_informed": false,
            "notes": "2026-03-02"
        });
        let flat = flatten(&record, &["actions"]);
        let paths: Vec<&str> = flat.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            [
                "id",
                "title",
                "identified",
                "likelihood",
                "impact.financial",
                "target.likelihood",
                "target.impact",
                "controls",
                "harms",
                "contingency",
                "customers_informed",
                "notes"
            ]
        );
        assert_eq!(flat[7].1, Out::Text("Daily export\nSecond provider".into()));
        assert_eq!(flat[9].1, Out::Text("[\"line one\\nline two\"]".into()));
        // Read back as the reader sees the cells.
        let cell = |o: &Out| match o {
            Out::Text(t) => Cell::Text(t.clone()),
            Out::Number(n) | Out::Money(n) => Cell::Number(*n),
            Out::Date(d) => Cell::Date(*d),
            Out::Bool(b) => Cell::Bool(*b),
        };
        let mut object = Map::new();
        for (path, out) in &flat {
            insert(&mut object, path, value(path, &cell(out)));
        }
        assert_eq!(Value::Object(object), record);
        let money = flatten(&json!({"requested": {"amount": "420.50"}}), &[]);
        assert_eq!(money[0].1, Out::Money(420.5));
        assert_eq!(
            value("requested.amount", &Cell::Number(420.5)),
            json!("420.50")
        );
    }
}
