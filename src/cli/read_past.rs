//! Read commands read past broken files: they show what could be read, then name every broken
//! file on stderr (file, line, key) and exit 2, as ripgrep does with files it cannot read.

use std::process::ExitCode;

use anyhow::Result;

use super::{Ctx, eprint};
use crate::output::escape;

/// Ends a command: when it read past broken files, names each of them on stderr and turns a
/// success into exit 2; an error of the command itself is reported after them, as usual.
pub fn finish(ctx: &Ctx, result: Result<ExitCode>) -> Result<ExitCode> {
    let broken = ctx.broken.take();
    if broken.is_empty() {
        return result;
    }
    let style = anstyle::Style::new()
        .fg_color(Some(anstyle::AnsiColor::Red.into()))
        .bold();
    let mut text = String::new();
    let mut seen = std::collections::HashSet::new();
    for problem in &broken {
        let line = problem.to_string();
        if seen.insert(line.clone()) {
            text.push_str(&format!(
                "{style}error{style:#}: {}\n",
                escape::terminal_line(&line)
            ));
        }
    }
    let files: std::collections::BTreeSet<&str> = broken.iter().map(|p| p.file.as_str()).collect();
    let count = files.len();
    text.push_str(&format!(
        "{count} {} could not be read and {} left out above; fix {} (`risk check` lists every problem)\n",
        if count == 1 { "file" } else { "files" },
        if count == 1 { "is" } else { "are" },
        if count == 1 { "it" } else { "them" },
    ));
    match result {
        // The register could not be read whole: the output is not the full answer.
        Ok(_) => {
            eprint(&text);
            Ok(ExitCode::from(2))
        }
        Err(err) => {
            eprint(&text);
            Err(err)
        }
    }
}
