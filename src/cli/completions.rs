//! `risk completions` and `risk man`: shell completions and the manual page, generated from
//! the same clap definition as `--help`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::CommandFactory;

use super::{Cli, Ctx};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Write a page per command (risk.1, risk-check.1, ...) into this folder instead of
    /// printing risk(1)
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "risk", &mut out);
    ctx.print(&String::from_utf8_lossy(&out))?;
    Ok(ExitCode::SUCCESS)
}

pub fn run_man(ctx: &Ctx, args: ManArgs) -> Result<ExitCode> {
    let command = super::examples::attach(Cli::command());
    if let Some(dir) = args.out {
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
        clap_mangen::generate_to(command, &dir)
            .with_context(|| format!("cannot write the manual pages into {}", dir.display()))?;
        ctx.say(&format!("Wrote the manual pages into {}", dir.display()))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = Vec::new();
    clap_mangen::Man::new(command).render(&mut out)?;
    ctx.print(&String::from_utf8_lossy(&out))?;
    Ok(ExitCode::SUCCESS)
}
