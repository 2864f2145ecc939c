//! `risk export --format xlsx`: one workbook, a sheet per kind (risks, actions, incidents,
//! claims), the header row frozen, dates as dates and amounts as numbers in the register's
//! currency. Its columns are record keys as dotted paths, so `risk import` reads it back into
//! the same records (`import::native` holds the rules both sides share).

use std::collections::BTreeSet;

use anyhow::{Result, anyhow};
use indexmap::IndexSet;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use serde_json::Value;

use crate::import::native::{Out, flatten};
use crate::snapshot::Snapshot;

/// The workbook of every record of the snapshot, as bytes.
pub fn workbook(snapshot: &Snapshot) -> Result<Vec<u8>> {
    let json = |v: &dyn erased::Json| v.to_json();
    let risks: Vec<Value> = snapshot.risks.iter().map(|r| json(&r.value)).collect();
    let incidents: Vec<Value> = snapshot.incidents.iter().map(|r| json(&r.value)).collect();
    let claims: Vec<Value> = snapshot.claims.iter().map(|r| json(&r.value)).collect();
    let mut actions: Vec<Vec<(String, Out)>> = Vec::new();
    for record in risks.iter().chain(&incidents) {
        let id = record["id"].as_str().unwrap_or_default().to_string();
        for action in record["actions"].as_array().into_iter().flatten() {
            let mut row = vec![("record".to_string(), Out::Text(id.clone()))];
            row.extend(flatten(action, &[]));
            actions.push(row);
        }
    }
    let rows = |records: &[Value]| -> Vec<Vec<(String, Out)>> {
        records.iter().map(|r| flatten(r, &["actions"])).collect()
    };
    let sheets = [
        ("risks", rows(&risks)),
        ("actions", actions),
        ("incidents", rows(&incidents)),
        ("claims", rows(&claims)),
    ];
    let currency = snapshot.settings.currency.replace('"', "");
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let money = Format::new().set_num_format(format!("#,##0.00 \"{currency}\""));
    let mut book = Workbook::new();
    let fail = |e: rust_xlsxwriter::XlsxError| anyhow!("cannot write the workbook: {e}");
    for (name, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(name).map_err(fail)?;
        let columns = columns(&rows);
        for (c, path) in columns.iter().enumerate() {
            sheet
                .write_string_with_format(0, c as u16, path, &bold)
                .map_err(fail)?;
        }
        sheet.set_freeze_panes(1, 0).map_err(fail)?;
        for (r, row) in rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (path, cell) in row {
                let c = columns.get_index_of(path).unwrap_or(0) as u16;
                match cell {
                    Out::Text(t) => sheet.write_string(r, c, t).map(|_| ()),
                    Out::Number(n) => sheet.write_number(r, c, *n).map(|_| ()),
                    Out::Money(n) => sheet.write_number_with_format(r, c, *n, &money).map(|_| ()),
                    Out::Bool(b) => sheet.write_boolean(r, c, *b).map(|_| ()),
                    Out::Date(d) => {
                        use chrono::Datelike;
                        let when = ExcelDateTime::from_ymd(
                            d.year() as u16,
                            d.month() as u8,
                            d.day() as u8,
                        )
                        .map_err(fail)?;
                        sheet
                            .write_datetime_with_format(r, c, &when, &date)
                            .map(|_| ())
                    }
                }
                .map_err(fail)?;
            }
        }
        for c in 0..columns.len() {
            sheet.set_column_width(c as u16, 16).map_err(fail)?;
        }
    }
    book.save_to_buffer().map_err(fail)
}

/// The columns of a sheet: every path of its rows, in an order that keeps each row's key
/// order (a topological order of "comes before" within rows, ties by first appearance), so
/// records read back with their keys in the order they were written.
fn columns(rows: &[Vec<(String, Out)>]) -> IndexSet<String> {
    let mut names: IndexSet<String> = IndexSet::new();
    let mut after: Vec<BTreeSet<usize>> = Vec::new();
    let mut before_count: Vec<usize> = Vec::new();
    for row in rows {
        let mut previous: Option<usize> = None;
        for (path, _) in row {
            let (i, new) = names.insert_full(path.clone());
            if new {
                after.push(BTreeSet::new());
                before_count.push(0);
            }
            if let Some(p) = previous
                && p != i
                && after[p].insert(i)
            {
                before_count[i] += 1;
            }
            previous = Some(i);
        }
    }
    let mut ready: BTreeSet<usize> = (0..names.len()).filter(|&i| before_count[i] == 0).collect();
    let mut order: IndexSet<String> = IndexSet::new();
    while let Some(i) = ready.pop_first() {
        order.insert(names[i].clone());
        for &j in &after[i] {
            before_count[j] -= 1;
            if before_count[j] == 0 {
                ready.insert(j);
            }
        }
    }
    // Rows that disagree (a cycle): the rest in order of first appearance.
    for name in &names {
        order.insert(name.clone());
    }
    order
}

/// Records as JSON, whatever their type.
mod erased {
    pub trait Json {
        fn to_json(&self) -> serde_json::Value;
    }
    impl<T: serde::Serialize> Json for T {
        fn to_json(&self) -> serde_json::Value {
            serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_keep_the_key_order_of_every_row() {
        let row = |paths: &[&str]| -> Vec<(String, Out)> {
            paths
                .iter()
                .map(|p| (p.to_string(), Out::Number(1.0)))
                .collect()
        };
        let columns = columns(&[
            row(&["id", "title", "likelihood", "notes"]),
            row(&["id", "ref", "title", "owner", "likelihood", "target.impact"]),
            row(&["impact.financial", "impact.compliance"]),
            row(&[
                "impact.financial",
                "impact.health_safety",
                "impact.compliance",
            ]),
        ]);
        let columns: Vec<&str> = columns.iter().map(String::as_str).collect();
        assert_eq!(
            columns,
            [
                "id",
                "ref",
                "title",
                "owner",
                "likelihood",
                "notes",
                "target.impact",
                "impact.financial",
                "impact.health_safety",
                "impact.compliance"
            ]
        );
    }
}
