//! `risk init`: a new register folder with settings and, optionally, sample risks.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use super::Ctx;
use crate::ops;
use crate::register::Store;
use crate::snapshot::SETTINGS_FILE;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to create the register
    #[arg(default_value = "register")]
    pub dir: PathBuf,
    /// Add three sample risks to start from
    #[arg(long)]
    pub example: bool,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let dir = args.dir;
    if dir.join(SETTINGS_FILE).exists() {
        bail!(
            "{}: already a register ({SETTINGS_FILE} exists); nothing was changed",
            dir.display()
        );
    }
    for sub in ["risks", "incidents", "claims"] {
        std::fs::create_dir_all(dir.join(sub))
            .with_context(|| format!("cannot create {}/{sub}", dir.display()))?;
    }
    let store = Store::at(&dir);
    let outcome = ops::init::plan(args.example);
    store.apply(&outcome.changes).map_err(|e| {
        if e.to_string().contains("already exists") {
            anyhow::anyhow!("{}: already a register; nothing was changed", dir.display())
        } else {
            e
        }
    })?;
    ctx.say(&format!(
        "Created a register in {}{}.\nNext: {}",
        dir.display(),
        if args.example {
            " with three sample risks"
        } else {
            ""
        },
        next_command(&dir, args.example)
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// The command to type next: `risk` finds a register in the current folder or above, or in a
/// `register/` folder beside them, so only a register elsewhere needs a `cd` first.
fn next_command(dir: &Path, example: bool) -> String {
    let then = if example { "risk matrix" } else { "risk add" };
    let found_from_here = dir.is_relative()
        && (dir.as_os_str().is_empty()
            || dir == Path::new(".")
            || dir == Path::new("register")
            || dir == Path::new("./register"));
    if found_from_here {
        then.to_string()
    } else {
        format!("cd {} && {then}", shell_quote(&dir.display().to_string()))
    }
}

/// A folder name as a POSIX shell reads it: as is when plain, else in single quotes.
fn shell_quote(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./+,:@%".contains(c));
    if plain {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_command_says_cd_only_when_needed() {
        assert_eq!(next_command(Path::new("register"), false), "risk add");
        assert_eq!(next_command(Path::new("."), true), "risk matrix");
        assert_eq!(
            next_command(Path::new("myreg"), false),
            "cd myreg && risk add"
        );
        assert_eq!(
            next_command(Path::new("my reg's"), false),
            r"cd 'my reg'\''s' && risk add"
        );
    }
}
