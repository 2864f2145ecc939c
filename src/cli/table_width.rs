//! The width tables must fit: none with `--wide`, else `COLUMNS`, else the terminal's when
//! stdout is one; piped output is not cut.

use std::io::IsTerminal;

/// The width for `output::table`, read from the environment and the terminal.
pub fn of(wide: bool) -> Option<usize> {
    if wide {
        return None;
    }
    if let Some(columns) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c > 0)
    {
        return Some(columns.max(40));
    }
    if std::io::stdout().is_terminal() {
        return terminal_size::terminal_size().map(|(w, _)| usize::from(w.0).max(40));
    }
    None
}
