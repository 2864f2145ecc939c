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

/// Dynamic completion (`source <(COMPLETE=bash risk)`): when the shell asks, print the
/// candidates, with record ids, owners, stages, categories and bands read from the register,
/// and exit. Without `COMPLETE` in the environment this returns at once.
pub fn complete_env() {
    clap_complete::CompleteEnv::with_factory(dynamic_command)
        .bin("risk")
        .complete();
}

/// The clap definition with value candidates attached to every argument named for a record id,
/// an owner, a stage, a category or a band.
pub fn dynamic_command() -> clap::Command {
    attach_candidates(Cli::command())
}

fn attach_candidates(command: clap::Command) -> clap::Command {
    use crate::register::complete;
    use clap_complete::engine::{ArgValueCandidates, CompletionCandidate};
    let names: Vec<String> = command
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    let mut command = command;
    for name in names {
        let source: fn() -> Vec<String> = match name.as_str() {
            "id" | "ids" | "record" | "risk" | "incident" => complete::record_ids,
            "owner" => complete::owners,
            "stage" => complete::stages,
            "category" => complete::categories,
            "band" => complete::bands,
            _ => continue,
        };
        command = command.mut_arg(name, |arg| {
            arg.add(ArgValueCandidates::new(move || {
                source().into_iter().map(CompletionCandidate::new).collect()
            }))
        });
    }
    let subcommands: Vec<String> = command
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for name in subcommands {
        command = command.mut_subcommand(name, attach_candidates);
    }
    command
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
    ctx.print(&man_page(command)?)?;
    Ok(ExitCode::SUCCESS)
}

/// The one page `risk man` prints: the commands listed in it (no references to pages it does
/// not install), then EXIT STATUS, ENVIRONMENT, FILES and EXAMPLES.
fn man_page(command: clap::Command) -> Result<String> {
    let man = clap_mangen::Man::new(command.clone());
    let mut out = Vec::new();
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    man.render_options_section(&mut out)?;
    let mut text = String::from_utf8_lossy(&out).into_owned();
    let roff = |s: &str| s.replace('\\', "\\e").replace('-', "\\-");
    text.push_str(".SH COMMANDS\n");
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
        text.push_str(&format!(
            ".TP\n\\fBrisk {}\\fR\n{}\n",
            roff(sub.get_name()),
            roff(&about)
        ));
    }
    text.push_str("Each command's options: \\fBrisk\\fR \\fICOMMAND\\fR \\fB\\-\\-help\\fR.\n");
    text.push_str(
        ".SH EXIT STATUS\n.TP\n0\nFine.\n.TP\n1\n\\fBrisk check\\fR found errors (or warnings, with \\fB\\-\\-strict\\fR); \\fBrisk diff \\-\\-fail\\-on\\-band\\fR found a risk entering that band; \\fBrisk fmt \\-\\-check\\fR found files not in canonical form.\n\
         .TP\n2\nBad usage or bad input: the message names the file, line and key, and nothing was written. \
         Read commands that read past broken files show what they could read, name each broken file, and exit 2.\n",
    );
    text.push_str(
        ".SH ENVIRONMENT\n.TP\nRISK_REGISTER\nThe register folder, as \\fB\\-R\\fR.\n\
         .TP\nRISK_TODAY\nThe date taken as today (YYYY\\-MM\\-DD), as \\fB\\-\\-today\\fR.\n\
         .TP\nNO_COLOR\nNo colour under \\fB\\-\\-color auto\\fR.\n\
         .TP\nCOLUMNS\nThe width tables fit (else the terminal's; \\fB\\-\\-wide\\fR shows everything).\n\
         .TP\nVISUAL, EDITOR\nThe editor \\fBrisk edit\\fR \\fIID\\fR opens without \\fB\\-\\-set\\fR (VISUAL first; else vi at a terminal); it may carry arguments (code \\-\\-wait).\n",
    );
    text.push_str(
        ".SH FILES\n.TP\nregister.yaml\nThe register's settings and policy; the folder holding it is the register.\n\
         .TP\nrisks/RISK\\-NNNN.yaml, incidents/INC\\-NNNN.yaml, claims/**/CLM\\-NNNN.yaml\nOne record per file, named after its id.\n\
         .TP\ntemplates/notice.md\nThe customer notice template of \\fBrisk incident notice\\fR (optional).\n",
    );
    text.push_str(".SH EXAMPLES\n");
    for example in super::examples::of("").unwrap_or_default() {
        text.push_str(&format!(".nf\n{}\n.fi\n", roff(example)));
    }
    for path in ["add", "overdue", "check"] {
        for example in super::examples::of(path).unwrap_or_default() {
            text.push_str(&format!(".nf\n{}\n.fi\n", roff(example)));
        }
    }
    let mut out = Vec::new();
    man.render_version_section(&mut out)?;
    text.push_str(&String::from_utf8_lossy(&out));
    Ok(text)
}
