//! `risk history ID`: every commit that changed a record, oldest first, with who and when,
//! the edited keys and what they did to the derived values (DESIGN 13).

use std::process::ExitCode;

use anyhow::Result;
use serde::Serialize;

use super::{Ctx, parse_id};
use crate::output::{self, Format, diff::show, escape};
use crate::rating::history::{Entry, entries};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The record's id, e.g. RISK-0001 (followed back through `renumber` and renames)
    pub id: String,
    #[command(flatten)]
    pub output: crate::cli::SummaryFormat,
}

/// One change in a table row: the commit's columns only on its first change.
#[derive(Serialize)]
struct Row {
    commit: String,
    date: String,
    author: String,
    field: String,
    from: String,
    to: String,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let id = parse_id(&args.id)?;
    if matches!(
        id.kind(),
        Some(crate::model::Kind::Swot | crate::model::Kind::Pestle)
    ) {
        return Err(crate::error::Error::usage(format!(
            "`risk history` follows risks, incidents and claims; for {id}, use `git log -p -- analyses/`"
        ))
        .into());
    }
    let store = ctx.store()?;
    let source = super::at::source(ctx)?;
    source.want_changes();
    let head = ctx.global.at.as_deref().unwrap_or("HEAD");
    let commit = source.resolve(head)?;
    let states = source.record_states(&commit, &id)?;
    let history = entries(&states);
    let text = match args.output.format {
        Format::Json => output::json(&history)?,
        Format::Md => markdown(&id.to_string(), &history),
        _ => {
            let rows = rows(&history);
            let palette = ctx.palette(&store.settings()?);
            output::rows(&rows, Format::Table, &palette)?
        }
    };
    ctx.print(&text)?;
    Ok(ExitCode::SUCCESS)
}

fn rows(history: &[Entry]) -> Vec<Row> {
    let mut rows = Vec::new();
    for entry in history {
        for (i, change) in entry.changes.iter().enumerate() {
            let first = i == 0;
            rows.push(Row {
                commit: if first {
                    entry.commit[..10.min(entry.commit.len())].to_string()
                } else {
                    String::new()
                },
                date: if first {
                    entry.date.get(..10).unwrap_or(&entry.date).to_string()
                } else {
                    String::new()
                },
                author: if first {
                    entry.author.clone()
                } else {
                    String::new()
                },
                field: change.field.clone(),
                from: show(&change.from),
                to: show(&change.to),
            });
        }
    }
    rows
}

fn markdown(id: &str, history: &[Entry]) -> String {
    let mut out = format!("### History of {}\n\n", escape::markdown(id));
    if history.is_empty() {
        out.push_str("No commit changed it.\n");
        return out;
    }
    for entry in history {
        out.push_str(&format!(
            "**{}** `{}` {}: {}\n\n",
            entry.date.get(..10).unwrap_or(&entry.date),
            &entry.commit[..10.min(entry.commit.len())],
            escape::markdown(&entry.author),
            escape::markdown(&entry.subject),
        ));
        let header = ["field", "from", "to"].map(String::from);
        out.push_str(&output::markdown(
            &header,
            entry.changes.iter().map(|c| {
                vec![
                    escape::code_span(&c.field),
                    escape::markdown(&show(&c.from)),
                    escape::markdown(&show(&c.to)),
                ]
            }),
        ));
        out.push('\n');
    }
    out
}
