//! Tables that fit the terminal: the width comes from `cli` (`COLUMNS`, the terminal, or none
//! with `--wide` or when piped), low-value columns drop first and the title column is cut with `…`.

use std::sync::OnceLock;

use unicode_width::UnicodeWidthStr;

static WIDTH: OnceLock<Option<usize>> = OnceLock::new();

/// Sets the width tables must fit, once per run (as `anstream::ColorChoice::write_global`).
pub fn set_width(width: Option<usize>) {
    let _ = WIDTH.set(width);
}

/// The width tables must fit; None to show everything.
pub fn width() -> Option<usize> {
    WIDTH.get().copied().flatten()
}

/// Columns dropped first when a table is too wide, lowest value first.
const DROP_ORDER: &[&str] = &[
    "target_band",
    "target_score",
    "actions_open",
    "next_review",
    "stage",
    "category",
    "harms",
    "detected",
    "duties_missed",
    "customers_affected",
    "risks",
    "claims",
    "detection",
    "occurrence",
    "severity",
    "item",
    "kind",
    "status",
    "rank",
    "action",
    "rpn",
    "score",
    "ap",
    "days_left",
    "days_overdue",
    "owner",
    "due",
];

/// The columns of free text, cut with `…` to fit.
const FLEXIBLE: &[&str] = &["title", "what", "summary", "lesson"];

/// How narrow a text column gets before another column is dropped.
const FLEX_MIN: usize = 20;

/// The display width of a cell's text (its widest line).
pub fn text_width(text: &str) -> usize {
    text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

/// The width of a table in the house style (`│ a ┆ b │`) whose columns are this wide.
fn table_width(widths: &[usize]) -> usize {
    1 + widths.iter().map(|w| w + 3).sum::<usize>()
}

/// Which columns to keep (indices into `header`), and the width to cut each text column to,
/// for a table of `rows` that must fit `width`.
pub fn fit(
    header: &[String],
    rows: &[Vec<String>],
    width: usize,
) -> (Vec<usize>, Vec<Option<usize>>) {
    let natural: Vec<usize> = (0..header.len())
        .map(|i| {
            rows.iter()
                .map(|r| text_width(&r[i]))
                .chain([text_width(&header[i])])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let flexible: Vec<bool> = header
        .iter()
        .map(|h| FLEXIBLE.contains(&h.as_str()))
        .collect();
    let mut kept: Vec<usize> = (0..header.len()).collect();
    let mut droppable: Vec<usize> = DROP_ORDER
        .iter()
        .filter_map(|name| header.iter().position(|h| h == name))
        .collect();
    droppable.reverse(); // popped from the end: lowest value first
    let total = |kept: &[usize], flex_at: usize| {
        let widths: Vec<usize> = kept
            .iter()
            .map(|&i| match flexible[i] {
                true => natural[i].min(flex_at.max(text_width(&header[i]))),
                false => natural[i],
            })
            .collect();
        table_width(&widths)
    };
    // Drop columns while the text would otherwise be cut below FLEX_MIN, then cut it.
    for floor in [FLEX_MIN, 8] {
        while total(&kept, floor) > width {
            match droppable.pop() {
                Some(col) => kept.retain(|&i| i != col),
                None => break,
            }
        }
    }
    let fixed: usize = kept
        .iter()
        .filter(|&&i| !flexible[i])
        .map(|&i| natural[i] + 3)
        .sum::<usize>()
        + 1;
    let flex_cols: Vec<usize> = kept.iter().copied().filter(|&i| flexible[i]).collect();
    let mut cut = vec![None; header.len()];
    if !flex_cols.is_empty() && total(&kept, usize::MAX) > width {
        let room = width.saturating_sub(fixed + 3 * flex_cols.len()) / flex_cols.len();
        for &i in &flex_cols {
            cut[i] = Some(room.max(text_width(&header[i])).max(8));
        }
    }
    (kept, cut)
}

/// `text` cut to `max` columns of display, ending in `…` when cut.
pub fn cut(text: &str, max: usize) -> String {
    if UnicodeWidthStr::width(text) <= max {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        out.push(c);
        used += w;
    }
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_table_that_fits_is_left_alone() {
        let h = header(&["id", "title"]);
        let rows = vec![vec!["RISK-1".to_string(), "Short".to_string()]];
        assert_eq!(fit(&h, &rows, 80), (vec![0, 1], vec![None, None]));
    }

    #[test]
    fn low_value_columns_drop_before_the_title_is_cut_short() {
        let h = header(&["id", "title", "stage", "next_review", "band"]);
        let rows = vec![vec![
            "RISK-0001".to_string(),
            "A title of exactly forty characters ....".to_string(),
            "onboarding".to_string(),
            "2026-12-01".to_string(),
            "medium".to_string(),
        ]];
        let (kept, cut) = fit(&h, &rows, 50);
        assert_eq!(kept, vec![0, 1, 4], "next_review, then stage, go first");
        let widths = [9, cut[1].unwrap(), 6];
        assert!(table_width(&widths) <= 50, "{widths:?}");
    }

    #[test]
    fn cutting_ends_in_an_ellipsis_within_the_width() {
        assert_eq!(cut("Reservation system outage", 12), "Reservation…");
        assert_eq!(cut("short", 12), "short");
        assert!(UnicodeWidthStr::width(cut("Überbuchung der Flüge", 10).as_str()) <= 10);
    }
}
