//! `risk init`: a new register folder with settings and, optionally, sample risks.

use std::path::PathBuf;
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
        "Created a register in {}{}. Next: `risk add`, then `risk matrix`.",
        dir.display(),
        if args.example {
            " with three sample risks"
        } else {
            ""
        }
    ))?;
    Ok(ExitCode::SUCCESS)
}
