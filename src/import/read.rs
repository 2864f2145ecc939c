//! Reading a spreadsheet's bytes: CSV (delimiter `,` `;` or tab, sniffed; UTF-8 with or without
//! a byte-order mark) or XLSX (calamine), into sheets of cells.

use std::io::Cursor;

use anyhow::{Result, anyhow};
use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;

use super::{Cell, Merge, Row, Sheet, Workbook};
use crate::error::Error;

/// Reads `bytes` as XLSX when they are a zip archive, else as CSV. `file` names it in messages.
pub fn workbook(file: &str, bytes: &[u8]) -> Result<Workbook> {
    if bytes.starts_with(b"PK\x03\x04") {
        xlsx(file, bytes)
    } else if file.to_ascii_lowercase().ends_with(".xls") || bytes.starts_with(&[0xD0, 0xCF]) {
        Err(Error::usage(format!(
            "{file}: the old binary Excel format (.xls) is not read; save it as .xlsx or CSV"
        ))
        .into())
    } else {
        csv(file, bytes)
    }
}

/// The delimiter a CSV text uses: the one of `,` `;` tab seen most often outside quotes in its
/// first lines.
pub fn sniff_delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    let mut lines = 0;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            '\n' if !quoted => {
                lines += 1;
                if lines >= 30 {
                    break;
                }
            }
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    [b',', b';', b'\t'][best]
}

fn csv(file: &str, bytes: &[u8]) -> Result<Workbook> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        Error::usage(format!(
            "{file}: not UTF-8 text (byte {}); save it as \"CSV UTF-8\" or as .xlsx",
            e.valid_up_to()
        ))
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniff_delimiter(text))
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    // Rows are numbered as a spreadsheet shows the file, not by line: a cell may hold newlines.
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| p.line()).unwrap_or(0);
            Error::usage(format!("{file}:{line}: cannot be read as CSV: {e}"))
        })?;
        let number = index + 1;
        let cells: Vec<Cell> = record
            .iter()
            .map(|c| {
                if c.trim().is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(c.to_string())
                }
            })
            .collect();
        let row = Row { number, cells };
        if !row.is_empty() {
            rows.push(row);
        }
    }
    let name = std::path::Path::new(file)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.to_string());
    Ok(Workbook {
        file: file.to_string(),
        has_sheets: false,
        sheets: vec![Sheet {
            name,
            rows,
            merges: Vec::new(),
        }],
    })
}

fn xlsx(file: &str, bytes: &[u8]) -> Result<Workbook> {
    let bad = |e: &dyn std::fmt::Display| -> anyhow::Error {
        Error::usage(format!("{file}: cannot be read as XLSX: {e}")).into()
    };
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| bad(&e))?;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(|e| bad(&e))?;
        let merges = book
            .merge_cells_by_sheet_name(&name)
            .unwrap_or_default()
            .into_iter()
            .map(|d| Merge {
                first_row: d.start.0 as usize,
                last_row: d.end.0 as usize,
                first_col: d.start.1 as usize,
                last_col: d.end.1 as usize,
            })
            .collect();
        let (row0, col0) = range
            .start()
            .map(|(r, c)| (r as usize, c as usize))
            .unwrap_or((0, 0));
        let mut rows = Vec::new();
        for (i, cells) in range.rows().enumerate() {
            let mut row = vec![Cell::Empty; col0];
            row.extend(cells.iter().map(cell));
            let row = Row {
                number: row0 + i + 1,
                cells: row,
            };
            if !row.is_empty() {
                rows.push(row);
            }
        }
        sheets.push(Sheet { name, rows, merges });
    }
    if sheets.is_empty() {
        return Err(anyhow!("{file}: the workbook has no sheets"));
    }
    Ok(Workbook {
        file: file.to_string(),
        has_sheets: true,
        sheets,
    })
}

fn cell(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            NaiveDate::from_ymd_opt(y.into(), m.into(), d.into())
                .map(Cell::Date)
                .unwrap_or(Cell::Number(dt.as_f64()))
        }
        Data::DateTime(dt) => Cell::Number(dt.as_f64()),
        Data::DateTimeIso(s) => s
            .get(..10)
            .and_then(|d| d.parse().ok())
            .map(Cell::Date)
            .unwrap_or_else(|| Cell::Text(s.clone())),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Text(format!("#{e:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delimiter_is_sniffed_and_a_bom_dropped() {
        assert_eq!(sniff_delimiter("a;b;c\n1;2,5;3\n"), b';');
        assert_eq!(sniff_delimiter("a\tb\tc\n"), b'\t');
        assert_eq!(sniff_delimiter("\"x;y;z\",b\n"), b',');
        let book = workbook(
            "r.csv",
            "\u{feff}ID;Title\nR1;\"two\nlines\"\n;\n".as_bytes(),
        )
        .unwrap();
        let rows = &book.sheets[0].rows;
        assert_eq!(rows.len(), 2, "the empty row is left out");
        assert_eq!(rows[0].cells[0], Cell::Text("ID".into()));
        assert_eq!(rows[1].number, 2);
        let multi = workbook("r.csv", b"a,b\n\"x\ny\",1\n2,3\n").unwrap();
        assert_eq!(multi.sheets[0].rows[2].number, 3, "rows, not lines");
        assert_eq!(rows[1].cells[1], Cell::Text("two\nlines".into()));
        assert_eq!(book.place(&book.sheets[0]), "r.csv");
    }

    #[test]
    fn text_that_is_not_utf8_is_refused() {
        let err = workbook("r.csv", b"ID,Title\nR1,caf\xe9\n").unwrap_err();
        assert!(err.to_string().contains("not UTF-8"), "{err}");
    }
}
