//! `risk diff`: what a change between two git revisions means for the register.

use std::process::ExitCode;

use anyhow::{Result, bail};

use super::Ctx;
use crate::output::{self, Format, escape};
use crate::rating::diff::{compare, entered, moves_meaning};
use crate::register::delta::{self, Rev};
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
    let head_commit = args.head.as_deref().map(|h| repo.resolve(h)).transpose()?;
    let base_rev = Rev {
        name: &base_name,
        commit: &base_commit,
    };
    let head_rev = args.head.as_deref().zip(head_commit.as_deref());
    let head_rev = head_rev.map(|(name, commit)| Rev { name, commit });
    // Only what changed is read, and every record of a kind the settings change moves.
    let (base, head) = delta::load_pair(&store, &repo, base_rev, head_rev, &moves_meaning)?;
    base.require_clean()?;
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
