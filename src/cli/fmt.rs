//! `risk fmt`: rewrite records in canonical form, or list those that are not (`--check`).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use super::Ctx;
use crate::error::Located;
use crate::model::Kind;
use crate::register::{self, Loadable, Record, Register, canonical, locate, yaml};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Change nothing: list the files not in canonical form and exit 1 if there are any
    #[arg(long)]
    pub check: bool,
}

/// What fmt does with one file.
enum Plan {
    Rewrite(String),
    /// Holds comments: not rewritten, but listed by `--check` as not canonical.
    Commented(Located),
    Refuse(Located),
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let root = register::find(ctx.global.register.as_deref())?;
    let mut register = Register::open(&root)?;
    register.load(&Kind::ALL);
    let mut refused: Vec<Located> = register
        .problems
        .iter()
        .filter(|p| p.rule != "duplicate-id")
        .map(|p| {
            let mut at = p.at.clone();
            at.message = format!("{} (not formatted)", at.message);
            at
        })
        .collect();
    let mut plans = plan(&register.risks);
    plans.extend(plan(&register.incidents));
    plans.extend(plan(&register.claims));
    let mut rewritten = Vec::new();
    let mut notes: Vec<Located> = Vec::new();
    // A file that cannot be formatted stops the whole command before anything is written,
    // so a failed `fmt` leaves the register as it was.
    let blocked = !args.check
        && (!refused.is_empty() || plans.iter().any(|(_, p)| !matches!(p, Plan::Rewrite(_))));
    for (file, plan) in plans {
        match plan {
            Plan::Refuse(at) => refused.push(at),
            Plan::Commented(at) if args.check => {
                notes.push(at);
                rewritten.push(file);
            }
            Plan::Commented(at) => refused.push(at),
            Plan::Rewrite(_) if args.check || blocked => rewritten.push(file),
            Plan::Rewrite(text) => {
                let path = register.root.join(&file.1);
                register::replace(&path, text.as_bytes())
                    .map_err(|e| anyhow::anyhow!("{}: cannot write: {e}", file.0))?;
                rewritten.push(file);
            }
        }
    }
    let mut stderr = anstream::stderr().lock();
    for at in &refused {
        let _ = writeln!(stderr, "error: {at}");
    }
    let files = |n: usize| format!("{n} file{}", if n == 1 { "" } else { "s" });
    if args.check {
        let mut out = String::new();
        for (file, _) in &rewritten {
            out.push_str(file);
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
        for (file, _) in &rewritten {
            ctx.say(&format!("Formatted {file}"))?;
        }
        if rewritten.is_empty() && refused.is_empty() {
            ctx.say("fmt: every record is in canonical form")?;
        }
    }
    Ok(if !refused.is_empty() {
        ExitCode::from(2)
    } else if args.check && !rewritten.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The records of one kind that are not canonical, each with its new text or why not.
fn plan<T: Loadable + PartialEq>(records: &[Record<T>]) -> Vec<((String, PathBuf), Plan)> {
    records
        .iter()
        .filter_map(|record| {
            canonical::first_difference(record)?;
            let key = (record.file.clone(), record.rel.clone());
            if let Some(line) = locate::first_comment(&record.text) {
                return Some((
                    key,
                    Plan::Commented(Located {
                        file: record.file.clone(),
                        line: Some(line),
                        key: None,
                        message: "holds a comment, which rewriting the file would lose; \
                                  format it by hand, or move the comment into `notes`"
                            .into(),
                    }),
                ));
            }
            let text = yaml::to_string(&record.value);
            // Never change meaning: the new text must read back as the same record.
            let same = yaml::parse::<T>(&text).is_ok_and(|back| back == record.value);
            if !same {
                return Some((
                    key,
                    Plan::Refuse(Located {
                        file: record.file.clone(),
                        line: None,
                        key: None,
                        message: "its canonical form would not read back the same; left as it is \
                                  (please report this)"
                            .into(),
                    }),
                ));
            }
            Some((key, Plan::Rewrite(text)))
        })
        .collect()
}
