//! `risk diff`: what a change between two git revisions means for the register.

use std::process::ExitCode;

use anyhow::{Result, bail};

use super::Ctx;
use crate::model::Kind;
use crate::output::{self, Format, escape};
use crate::rating::diff::{compare, entered};
use crate::register::git;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The revision to compare from (a branch, tag or commit) [default: HEAD]
    pub base: Option<String>,
    /// The revision to compare to [default: the working tree]
    pub head: Option<String>,
    /// Exit 1 when a risk enters this band or a higher one (added, or moved up into it)
    #[arg(long, value_name = "BAND")]
    pub fail_on_band: Option<String>,
    #[command(flatten)]
    pub output: crate::cli::SummaryFormat,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let format = args.output.format;
    let store = ctx.store()?;
    let repo = git::repo_of(store.root())?;
    let base_name = args.base.unwrap_or_else(|| "HEAD".to_string());
    let base_commit = repo.resolve(&base_name)?;
    let base = repo.load(&base_name, &base_commit)?;
    base.require_clean()?;
    let head = match &args.head {
        Some(name) => {
            let commit = repo.resolve(name)?;
            repo.load(name, &commit)?
        }
        None => store.load(&Kind::ALL)?,
    };
    head.require_clean()?;
    if let Some(band) = &args.fail_on_band
        && head.settings.band_index(band).is_none()
    {
        let names: Vec<&str> = head
            .settings
            .bands
            .iter()
            .map(|b| b.name.as_str())
            .collect();
        bail!(
            "--fail-on-band: `{band}` is not a band of this register (bands: {})",
            names.join(", ")
        );
    }
    let diff = compare(&base, &head, &base_name, args.head.as_deref());
    let text = match format {
        Format::Json => output::diff::json(&diff)?,
        Format::Md => output::diff::md(&diff),
        _ => output::diff::text(&diff, &ctx.palette(&head)),
    };
    ctx.print(&text)?;
    if let Some(band) = &args.fail_on_band {
        let risen = entered(&base, &head, band);
        if !risen.is_empty() {
            let list: Vec<String> = risen
                .iter()
                .map(|(id, band)| format!("{id} ({band})"))
                .collect();
            super::eprint(&format!(
                "risk diff: {} entered band {} or above: {}\n",
                if risen.len() == 1 { "a risk" } else { "risks" },
                escape::terminal_line(band),
                escape::terminal_line(&list.join(", "))
            ));
            return Ok(ExitCode::from(1));
        }
    }
    Ok(ExitCode::SUCCESS)
}
