//! `risk report`: the board report as one self-contained HTML file.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use super::Ctx;
use crate::model::Kind;
use crate::output;
use crate::output::words::count;
use crate::rating::history::{Every, periods, profile};
use crate::rating::report;
use crate::rating::since::{Since, Then};
use crate::snapshot::Snapshot;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to write the HTML file (`-` prints it to stdout)
    #[arg(long, short = 'o', value_name = "FILE", default_value = "report.html")]
    pub out: PathBuf,
    /// Add "What changed since REV" (new and closed risks, band moves, new incidents, claims
    /// paid) and each risk's direction of travel (↑ ↓ → ★), against this git revision
    #[arg(long, value_name = "REV")]
    pub since: Option<String>,
    /// Refused with a pointer to `risk export`: the report is HTML only
    #[arg(long, hide = true, value_name = "FORMAT")]
    pub format: Option<String>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    if let Some(format) = &args.format {
        bail!(
            "--format {format} does not apply: `risk report` writes HTML (use `risk export` for data)"
        );
    }
    if args.since.is_some() {
        // The log is read once, with the changes that follow renumbered risks.
        super::at::source(ctx)?.want_changes();
    }
    let register = ctx.read(&Kind::ALL)?;
    let risks: Vec<_> = register.risks.iter().map(|r| &r.value).collect();
    let incidents: Vec<_> = register.incidents.iter().map(|r| &r.value).collect();
    let claims: Vec<_> = register.claims.iter().map(|r| &r.value).collect();
    let mut data = report::build(&register.settings, &risks, &incidents, &claims, ctx.today);
    data.swot = crate::rating::analysis::latest(register.swots.iter().map(|r| &r.value), |a| {
        (a.held, &a.id)
    })
    .map(|swot| crate::rating::analysis::swot_view(&register, swot));
    if let Some(rev) = &args.since {
        data.since = Some(since(ctx, rev, &register)?);
    }
    // As on stdout, no line of the file can be taken for a CI workflow command (DESIGN 14).
    let html = output::report::render(&data);
    let html = output::escape::workflow_commands(&html);
    if args.out.as_os_str() == "-" {
        ctx.print(&html)?;
        return Ok(ExitCode::SUCCESS);
    }
    // A bare file name has an empty parent; the temporary file then goes in the current folder.
    let out = if args.out.parent().is_some_and(|p| p.as_os_str().is_empty()) {
        PathBuf::from(".").join(&args.out)
    } else {
        args.out.clone()
    };
    if out.is_dir() {
        bail!(
            "{}: is a folder; give a file name, e.g. --out {}/report.html",
            args.out.display(),
            args.out.display()
        );
    }
    crate::register::atomic::replace(&out, html.as_bytes())
        .with_context(|| format!("{}: cannot write the report", args.out.display()))?;
    ctx.say(&format!(
        "wrote {} ({}, {}, {}, as of {})",
        args.out.display(),
        count(data.headline.open_risks as i64, "open risk"),
        count(data.headline.incidents as i64, "incident"),
        count(data.headline.claims as i64, "claim"),
        ctx.today
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// "What changed since REV", with the profile at each month's end since then: one `git log`
/// and one batch read for both.
fn since(ctx: &Ctx, rev: &str, register: &Snapshot) -> Result<Since> {
    let (base, renames) = super::at::since(ctx, rev, &Kind::ALL, register)?;
    let then = Then::new(&base, renames);
    let mut since = crate::rating::since::since(&then, register, rev);
    let source = super::at::source(ctx)?;
    let base_commit = source.resolve(rev)?;
    let head = source.resolve(ctx.global.at.as_deref().unwrap_or("HEAD"))?;
    let commits = source.log_from(&base_commit, &head)?;
    // From the month of REV's commit, when it is on the first-parent line of HEAD.
    if let Some(day) = commits
        .iter()
        .find(|c| c.id == base_commit)
        .and_then(|c| c.day())
        .filter(|day| *day <= ctx.today)
    {
        let periods = periods(Every::Month, day, ctx.today);
        let ends: Vec<_> = periods.iter().map(|(_, end)| *end).collect();
        let states = source.states_at(&commits, &ends)?;
        since.profile = profile(&register.settings, &periods, &states);
    }
    Ok(since)
}
