//! The heat map: the matrix as a coloured grid with scale labels, counts, ids and a band legend.

use anstyle::{AnsiColor, Color, Style};
use comfy_table::{Cell, CellAlignment, Table, presets};

use super::{Palette, escape};
use crate::model::Settings;
use crate::rating::matrix::Matrix;

/// How many ids a cell lists before it says `+N more`.
const IDS_PER_CELL: usize = 4;

pub fn render(settings: &Settings, matrix: &Matrix, palette: &Palette, title: &str) -> String {
    let width = super::table::width();
    let mut table = grid(settings, matrix, palette, false);
    // Too wide for the terminal: scale labels under their numbers, then cells wrapped; the
    // grid itself stays whole.
    if let Some(width) = width
        && super::table::text_width(&table.to_string()) > width
    {
        table = grid(settings, matrix, palette, true);
        if super::table::text_width(&table.to_string()) > width {
            table
                .set_content_arrangement(comfy_table::ContentArrangement::Dynamic)
                .set_width(u16::try_from(width).unwrap_or(u16::MAX));
        }
    }
    let total: usize = matrix.cells.iter().map(|c| c.risks.len()).sum();
    let title = format!(
        "{} ({})",
        escape::terminal_line(title),
        super::words::count(total as i64, "risk")
    );
    let title = match width {
        Some(width) => super::table::cut(&title, width),
        None => title,
    };
    let mut out = format!("{title}\n{table}\n");
    out.push_str(&legend(settings, palette));
    if matrix.cells.iter().any(|c| c.above_appetite.is_some()) {
        out.push_str(&format!("{APPETITE_MARK} above the appetite\n"));
    }
    out
}

/// Marks a cell above the chosen category's appetite.
const APPETITE_MARK: &str = "▲";

fn mark(cell: &crate::rating::matrix::Cell) -> &'static str {
    if cell.above_appetite == Some(true) {
        APPETITE_MARK
    } else {
        ""
    }
}

/// The heat map's table; `narrow` puts each scale label under its number.
fn grid(settings: &Settings, matrix: &Matrix, palette: &Palette, narrow: bool) -> Table {
    let sep = if narrow { "\n" } else { " " };
    let mut table = Table::new();
    table.load_preset(presets::UTF8_FULL);
    let corner = if narrow {
        "likelihood ↓\nimpact →"
    } else {
        "likelihood ↓  impact →"
    };
    let mut header = vec![Cell::new(corner)];
    for (i, label) in settings.scales.impact.iter().enumerate() {
        let label = escape::terminal_line(label);
        header
            .push(Cell::new(format!("{}{sep}{label}", i + 1)).set_alignment(CellAlignment::Center));
    }
    table.set_header(header);
    for l in (1..=matrix.rows).rev() {
        let mut row = vec![Cell::new(format!(
            "{l}{sep}{}",
            escape::terminal_line(&settings.scales.likelihood[l as usize - 1])
        ))];
        for i in 1..=matrix.cols {
            let cell = matrix.cell(l, i);
            let band = escape::terminal_line(&cell.band).into_owned() + mark(cell);
            let mut lines = vec![if cell.risks.is_empty() {
                band
            } else {
                format!("{band}: {}", cell.risks.len())
            }];
            lines.extend(cell.risks.iter().take(IDS_PER_CELL).cloned());
            if cell.risks.len() > IDS_PER_CELL {
                lines.push(format!("+{} more", cell.risks.len() - IDS_PER_CELL));
            }
            let text = lines.join("\n");
            let painted = match palette.colour(&cell.band) {
                Some(colour) if !cell.risks.is_empty() => {
                    let style = Style::new()
                        .bg_color(Some(Color::Ansi(colour)))
                        .fg_color(Some(Color::Ansi(AnsiColor::Black)));
                    text.lines()
                        .map(|line| format!("{style}{line}{style:#}"))
                        .collect::<Vec<_>>()
                        .join("\n")
                }
                Some(colour) => {
                    let style = Style::new().fg_color(Some(Color::Ansi(colour))).dimmed();
                    format!("{style}{text}{style:#}")
                }
                None => text,
            };
            row.push(Cell::new(painted).set_alignment(CellAlignment::Center));
        }
        table.add_row(row);
    }
    table
}

fn legend(settings: &Settings, palette: &Palette) -> String {
    let mut parts = Vec::new();
    let mut low = 1;
    for band in &settings.bands {
        let range = if settings.grid.is_some() {
            String::new()
        } else {
            format!(" {low}-{}", band.max)
        };
        parts.push(format!(
            "{} {}{range}",
            palette.paint(&band.name, "■"),
            escape::terminal_line(&band.name)
        ));
        low = band.max + 1;
    }
    let basis = if settings.grid.is_some() {
        "bands by grid"
    } else {
        "score = likelihood × impact"
    };
    format!("{basis}:  {}\n", parts.join("   "))
}

/// The matrix as a Markdown table: likelihood rows from the top, band and ids in each cell.
pub fn markdown(settings: &Settings, matrix: &Matrix) -> String {
    let mut header = vec!["likelihood \\ impact".to_string()];
    header.extend(
        settings
            .scales
            .impact
            .iter()
            .enumerate()
            .map(|(i, l)| format!("{} {}", i + 1, escape::markdown(l))),
    );
    let rows = (1..=matrix.rows).rev().map(|l| {
        let mut row = vec![format!(
            "{l} {}",
            escape::markdown(&settings.scales.likelihood[l as usize - 1])
        )];
        for i in 1..=matrix.cols {
            let cell = matrix.cell(l, i);
            let band = escape::markdown(&cell.band) + mark(cell);
            row.push(if cell.risks.is_empty() {
                band
            } else {
                format!(
                    "**{band}: {}** {}",
                    cell.risks.len(),
                    escape::markdown(&cell.risks.join(" "))
                )
            });
        }
        row
    });
    super::markdown(&header, rows)
}
