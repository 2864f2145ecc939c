//! `risk fmt`: rewrite records in canonical form, or list those that are not (`--check`).

use std::fmt::Write;
use std::process::ExitCode;

use anyhow::Result;

use super::Ctx;
use crate::error::Located;
use crate::model::Kind;
use crate::ops;
use crate::ops::fmt::Step;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Change nothing: list the files not in canonical form and exit 1 if there are any
    #[arg(long)]
    pub check: bool,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    // Locked from the read to the write, unless it only checks.
    let tx = ctx.store()?.begin_lenient(&Kind::ALL, !args.check)?;
    let plan = ops::fmt::plan(tx.snapshot());
    let tx_root = tx.snapshot().display_root.clone();
    let mut refused: Vec<Located> = plan.unreadable.clone();
    let mut rewritten = Vec::new();
    let mut notes: Vec<Located> = Vec::new();
    // A file that cannot be formatted stops the whole command before anything is written,
    // so a failed `fmt` leaves the register as it was.
    let blocked = !args.check && !plan.can_write();
    for file in &plan.files {
        match &file.step {
            Step::Refuse(at) => refused.push(at.clone()),
            Step::Commented(at) if args.check => {
                notes.push(at.clone());
                rewritten.push(&file.file);
            }
            Step::Commented(at) => refused.push(at.clone()),
            Step::Rewrite(_) => rewritten.push(&file.file),
        }
    }
    if !args.check && !blocked {
        tx.finish(&plan.changes())?;
    }
    // Gathered, then written through the one door to stderr.
    let mut stderr = String::new();
    for at in &refused {
        let _ = writeln!(
            stderr,
            "error: {}",
            crate::output::escape::terminal(&at.to_string())
        );
    }
    let files = |n: usize| format!("{n} file{}", if n == 1 { "" } else { "s" });
    if args.check {
        let mut out = String::new();
        for file in &rewritten {
            out.push_str(&crate::output::escape::terminal_line(file));
            out.push('\n');
        }
        ctx.print(&out)?;
        for at in &notes {
            let _ = writeln!(
                stderr,
                "note: {}:{}: holds comments, so `risk fmt` leaves it alone; format it by hand",
                at.file,
                at.line.unwrap_or(1)
            );
        }
        if !rewritten.is_empty() && !ctx.global.quiet {
            let _ = writeln!(
                stderr,
                "fmt: {} not in canonical form (run `risk fmt`)",
                files(rewritten.len())
            );
        }
    } else if blocked {
        let _ = writeln!(
            stderr,
            "fmt: nothing was written; fix the files above, then run `risk fmt` again"
        );
    } else {
        for file in &rewritten {
            ctx.say(&format!("Formatted {file}"))?;
        }
        for rel in &plan.leftovers {
            ctx.say(&format!(
                "Removed {}/{} (a temporary file left by an interrupted write)",
                tx_root,
                rel.display()
            ))?;
        }
        if rewritten.is_empty() && refused.is_empty() && plan.leftovers.is_empty() {
            ctx.say("fmt: every record is in canonical form")?;
        }
    }
    super::eprint(&stderr);
    Ok(if !refused.is_empty() {
        ExitCode::from(2)
    } else if args.check && !rewritten.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
