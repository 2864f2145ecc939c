//! Spreadsheets as the teams keep them (DESIGN 12): CSV and XLSX read into plain sheets of
//! cells, the header found and its columns named, and the cells parsed into record values.
//! Nothing here touches the disk: the command line reads the file and hands over its bytes.

pub mod columns;
pub mod map;
pub mod native;
pub mod read;
pub mod value;

use chrono::NaiveDate;

/// One cell as the file holds it: CSV gives only text; XLSX also numbers, dates and booleans.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
    Bool(bool),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text, as a person reads it in the sheet (dates ISO, whole numbers bare).
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.trim().to_string(),
            Cell::Number(n) => number_text(*n),
            Cell::Date(d) => d.to_string(),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        }
    }
}

/// A number as text: `3` rather than `3.0`, else the shortest text that reads back the same.
pub fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// One row of a sheet: its number as the spreadsheet shows it (from 1), and its cells.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub number: usize,
    pub cells: Vec<Cell>,
}

impl Row {
    pub fn cell(&self, column: usize) -> &Cell {
        self.cells.get(column).unwrap_or(&Cell::Empty)
    }

    pub fn is_empty(&self) -> bool {
        self.cells.iter().all(Cell::is_empty)
    }
}

/// A merged range of cells (XLSX), by 0-based row and column, inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Merge {
    pub first_row: usize,
    pub last_row: usize,
    pub first_col: usize,
    pub last_col: usize,
}

/// One sheet: a CSV file is one sheet named after the file.
#[derive(Clone, Debug, PartialEq)]
pub struct Sheet {
    pub name: String,
    /// Every row that holds something, in order (fully empty rows are left out).
    pub rows: Vec<Row>,
    pub merges: Vec<Merge>,
}

/// A spreadsheet file read: where it came from (as shown in messages) and its sheets.
#[derive(Clone, Debug, PartialEq)]
pub struct Workbook {
    pub file: String,
    /// False for CSV, whose one sheet is named in messages by the file alone.
    pub has_sheets: bool,
    pub sheets: Vec<Sheet>,
}

impl Workbook {
    /// Where a row is, as messages name it: `risks.csv` or `register.xlsx[Risks]`.
    pub fn place(&self, sheet: &Sheet) -> String {
        if self.has_sheets {
            format!("{}[{}]", self.file, sheet.name)
        } else {
            self.file.clone()
        }
    }

    pub fn sheet(&self, name: &str) -> Option<&Sheet> {
        self.sheets.iter().find(|s| s.name == name).or_else(|| {
            self.sheets
                .iter()
                .find(|s| s.name.eq_ignore_ascii_case(name.trim()))
        })
    }
}

/// The column letters of a 0-based index: 0 → A, 25 → Z, 26 → AA.
pub fn letters(mut index: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The 0-based index of column letters (`AB` → 27), None when `text` is not letters.
pub fn column_of_letters(text: &str) -> Option<usize> {
    if text.is_empty() || text.len() > 3 || !text.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let mut n = 0usize;
    for b in text.bytes() {
        n = n * 26 + (b - b'A' + 1) as usize;
    }
    Some(n - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_go_both_ways() {
        for (i, l) in [
            (0, "A"),
            (25, "Z"),
            (26, "AA"),
            (27, "AB"),
            (701, "ZZ"),
            (702, "AAA"),
        ] {
            assert_eq!(letters(i), l);
            assert_eq!(column_of_letters(l), Some(i));
        }
        assert_eq!(column_of_letters("Ab"), None);
        assert_eq!(number_text(3.0), "3");
        assert_eq!(number_text(0.2), "0.2");
    }
}
