//! Renderers: one set of row structs feeds the table, JSON, CSV and Markdown alike.

pub mod analysis;
pub mod check;
pub mod coverage;
pub mod diff;
pub mod escape;
pub mod github;
pub mod junit;
pub mod matrix;
pub mod report;
pub mod schema;
pub mod stream;
pub mod table;
pub mod todo;
pub mod words;
pub mod xlsx;

use anstyle::{AnsiColor, Color, Style};
use anyhow::Result;
use clap::ValueEnum;
use comfy_table::{Cell, ContentArrangement, Table, presets};
use serde::Serialize;
use serde_json::Value;

use crate::model::Settings;

/// An output format (`--format`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A table for people (`text` is the same)
    #[value(alias = "text")]
    Table,
    Json,
    Csv,
    /// Markdown, for tickets and pull requests
    Md,
    Yaml,
    /// GitHub workflow annotations
    Github,
    /// A JUnit XML report
    Junit,
    /// An Excel workbook, a sheet per kind (export only; needs --out or a pipe)
    Xlsx,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Md => "md",
            Format::Yaml => "yaml",
            Format::Github => "github",
            Format::Junit => "junit",
            Format::Xlsx => "xlsx",
        }
    }
}

/// Colours for bands, lowest green to highest red, by position in `settings.bands`.
#[derive(Clone, Debug, Default)]
pub struct Palette {
    bands: Vec<(String, AnsiColor)>,
}

impl Palette {
    pub fn new(settings: &Settings) -> Palette {
        let n = settings.bands.len();
        let bands = settings
            .bands
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let ratio = if n <= 1 {
                    1.0
                } else {
                    i as f32 / (n - 1) as f32
                };
                let colour = if ratio < 0.34 {
                    AnsiColor::Green
                } else if ratio < 0.67 {
                    AnsiColor::Yellow
                } else if ratio < 1.0 {
                    AnsiColor::BrightRed
                } else {
                    AnsiColor::Red
                };
                (b.name.clone(), colour)
            })
            .collect();
        Palette { bands }
    }

    pub fn colour(&self, band: &str) -> Option<AnsiColor> {
        self.bands
            .iter()
            .find(|(name, _)| name == band)
            .map(|(_, c)| *c)
    }

    /// `text` painted in the colour of `band` (stripped later when colour is off).
    pub fn paint(&self, band: &str, text: &str) -> String {
        match self.colour(band) {
            Some(c) => {
                let style = Style::new().fg_color(Some(Color::Ansi(c))).bold();
                format!("{style}{text}{style:#}")
            }
            None => text.to_string(),
        }
    }
}

/// Serializes rows to JSON objects whose keys keep the struct's order.
fn objects<T: Serialize>(rows: &[T]) -> Result<Vec<serde_json::Map<String, Value>>> {
    rows.iter()
        .map(|row| match serde_json::to_value(row)? {
            Value::Object(map) => Ok(map),
            other => anyhow::bail!("a row must serialize as a map, not {other}"),
        })
        .collect()
}

/// The text of one value in a table, CSV or Markdown cell.
fn plain(value: &Value, empty: &str) -> String {
    match value {
        Value::Null => empty.to_string(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .map(|v| plain(v, ""))
            .collect::<Vec<_>>()
            .join(", "),
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| format!("{k}={}", plain(v, "")))
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

/// Where a duty stands, in words: met, missed (done late), overdue or pending.
pub fn duty_state(duty: &crate::rating::duties::Duty, today: chrono::NaiveDate) -> String {
    use crate::rating::duties::State;
    match duty.state {
        State::Met => "met".to_string(),
        State::Late => match duty.done {
            Some(done) => format!("missed (done {done})"),
            None => "missed (never done)".to_string(),
        },
        State::Overdue => format!(
            "OVERDUE by {}",
            words::count(
                crate::rating::days_overdue(duty.due, today).unwrap_or(0),
                "day"
            )
        ),
        State::Pending => "pending".to_string(),
    }
}

/// Pretty JSON with a trailing newline.
pub fn json<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    Ok(serde_json::to_string_pretty(value)? + "\n")
}

/// A new table in the house style.
pub fn new_table(header: Vec<String>) -> Table {
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(
            header.into_iter().map(|h| {
                Cell::new(escape::terminal(&h)).add_attribute(comfy_table::Attribute::Bold)
            }),
        );
    table
}

/// Renders rows in `format`. Columns named `band` or `*_band` are painted in their band colour.
pub fn rows<T: Serialize>(rows: &[T], format: Format, palette: &Palette) -> Result<String> {
    let objects = objects(rows)?;
    if format == Format::Json {
        return json(rows);
    }
    let header: Vec<String> = match objects.first() {
        Some(first) => first.keys().cloned().collect(),
        None if format == Format::Table => return Ok("(none)\n".into()),
        None => Vec::new(),
    };
    Ok(match format {
        Format::Json | Format::Yaml | Format::Github | Format::Junit | Format::Xlsx => {
            anyhow::bail!("rows cannot be rendered as {}", format.name())
        }
        Format::Table => table(&objects, &header, palette),
        Format::Csv => {
            let mut writer = csv::Writer::from_writer(Vec::new());
            writer.write_record(&header)?;
            for object in &objects {
                writer.write_record(
                    header
                        .iter()
                        .map(|key| escape::csv_cell(&plain(&object[key], "")).into_owned()),
                )?;
            }
            String::from_utf8(writer.into_inner()?)?
        }
        Format::Md => markdown(
            &header,
            objects.iter().map(|o| {
                header
                    .iter()
                    .map(|k| escape::markdown(&plain(&o[k], "-")))
                    .collect()
            }),
        ),
    })
}

/// Renders rows as a table of only `columns`, for listings too wide to show whole.
pub fn rows_with_columns<T: Serialize>(
    rows: &[T],
    columns: &[&str],
    palette: &Palette,
) -> Result<String> {
    let objects = objects(rows)?;
    if objects.is_empty() {
        return Ok("(none)\n".into());
    }
    let header: Vec<String> = columns.iter().map(|c| c.to_string()).collect();
    Ok(table(&objects, &header, palette))
}

fn table(
    objects: &[serde_json::Map<String, Value>],
    header: &[String],
    palette: &Palette,
) -> String {
    let cells: Vec<Vec<String>> = objects
        .iter()
        .map(|object| {
            header
                .iter()
                .map(|key| {
                    escape::terminal(&plain(object.get(key).unwrap_or(&Value::Null), "-"))
                        .into_owned()
                })
                .collect()
        })
        .collect();
    // Fitted to the terminal: low-value columns dropped, titles cut (`output::table`).
    let (kept, cut) = match self::table::width() {
        Some(width) => self::table::fit(header, &cells, width),
        None => ((0..header.len()).collect(), vec![None; header.len()]),
    };
    let mut table = new_table(kept.iter().map(|&i| header[i].clone()).collect());
    for row in cells {
        table.add_row(kept.iter().map(|&i| {
            let key = &header[i];
            let text = match cut[i] {
                Some(max) => self::table::cut(&row[i], max),
                None => row[i].clone(),
            };
            if key == "band" || key.ends_with("_band") {
                palette.paint(&text, &text)
            } else {
                text
            }
        }));
    }
    format!("{table}\n")
}

/// A GitHub-flavoured Markdown table of cells that are Markdown already: text from the
/// register goes in through [`escape::markdown`], our own markup (`**high: 1**`) as it is.
pub fn markdown(header: &[String], rows: impl Iterator<Item = Vec<String>>) -> String {
    let mut out = format!("| {} |\n", header.join(" | "));
    out.push_str(&format!(
        "|{}\n",
        header.iter().map(|_| "---|").collect::<String>()
    ));
    for row in rows {
        out.push_str(&format!("| {} |\n", row.join(" | ")));
    }
    out
}

/// A value as YAML, in the register's canonical form (`show --format yaml`, `export`).
pub fn yaml<T: Serialize>(value: &T) -> String {
    crate::codec::write(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Row {
        id: &'static str,
        owner: Option<&'static str>,
        harms: Vec<&'static str>,
    }

    fn sample() -> Vec<Row> {
        vec![
            Row {
                id: "RISK-1",
                owner: Some("ops"),
                harms: vec!["delay", "billing"],
            },
            Row {
                id: "RISK-2",
                owner: None,
                harms: vec![],
            },
        ]
    }

    #[test]
    fn one_row_struct_feeds_every_format() {
        let p = Palette::default();
        assert_eq!(
            rows(&sample(), Format::Csv, &p).unwrap(),
            "id,owner,harms\nRISK-1,ops,\"delay, billing\"\nRISK-2,,\n"
        );
        assert_eq!(
            rows(&sample(), Format::Md, &p).unwrap(),
            "| id | owner | harms |\n|---|---|---|\n| RISK-1 | ops | delay, billing |\n| RISK-2 | - |  |\n"
        );
        let json: Value =
            serde_json::from_str(&rows(&sample(), Format::Json, &p).unwrap()).unwrap();
        assert_eq!(json[1]["owner"], Value::Null);
        let table = rows(&sample(), Format::Table, &p).unwrap();
        assert!(
            table.contains("RISK-2") && table.contains("delay, billing"),
            "{table}"
        );
    }

    #[test]
    fn empty_lists_say_so_in_tables() {
        assert_eq!(
            rows::<Row>(&[], Format::Table, &Palette::default()).unwrap(),
            "(none)\n"
        );
        assert_eq!(
            rows::<Row>(&[], Format::Json, &Palette::default()).unwrap(),
            "[]\n"
        );
    }
}
