//! `risk trends --profile`: the count of open risks per band at the end of each month or
//! quarter, from the register's git history (DESIGN 13).

use std::process::ExitCode;

use anyhow::Result;
use chrono::NaiveDate;

use super::Ctx;
use crate::error::Error;
use crate::output::{self, Format, escape};
use crate::rating::history::{Every, ProfileRow, periods, profile};

pub fn run(ctx: &Ctx, every: Every, since: Option<NaiveDate>, format: Format) -> Result<ExitCode> {
    let source = super::at::source(ctx)?;
    let head = source.resolve(ctx.global.at.as_deref().unwrap_or("HEAD"))?;
    let current = ctx.open_settings()?;
    let commits = source.log(&head)?;
    if since.is_none()
        && let Some(first) = commits.first()
        && source.shallow()?.contains(&first.id)
    {
        super::eprint(&format!(
            "warning: history starts at {} ({}): the clone is shallow, so the profile starts \
             there; run `git fetch --unshallow` for the periods before\n",
            first.short(),
            first.date.get(..10).unwrap_or(&first.date)
        ));
    }
    let since = match since {
        Some(day) => day,
        None => source
            .first_with_register(&commits)?
            .and_then(|at| commits[at].day())
            .ok_or_else(|| Error::usage("the register has no commit yet; commit it first"))?,
    };
    if since > ctx.today {
        return Err(Error::usage(format!("--since {since} is after today ({})", ctx.today)).into());
    }
    let periods = periods(every, since, ctx.today);
    let ends: Vec<NaiveDate> = periods.iter().map(|(_, end)| *end).collect();
    let states = source.states_at(&commits, &ends)?;
    let rows = profile(&current.settings, &periods, &states);
    let text = match format {
        Format::Json => output::json(&rows)?,
        _ => flat(&rows, format, &ctx.palette(&current))?,
    };
    ctx.print(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// Table, CSV and Markdown: one column per band.
fn flat(rows: &[ProfileRow], format: Format, palette: &output::Palette) -> Result<String> {
    let objects: Vec<serde_json::Map<String, serde_json::Value>> = rows
        .iter()
        .map(|row| {
            let mut object = serde_json::Map::new();
            object.insert("period".into(), row.period.clone().into());
            for (band, count) in &row.bands {
                object.insert(escape::terminal_line(band).into_owned(), (*count).into());
            }
            object.insert("out_of_appetite".into(), row.out_of_appetite.into());
            object.insert(
                "commit".into(),
                row.commit
                    .as_ref()
                    .map(|c| c[..10.min(c.len())].to_string())
                    .into(),
            );
            object
        })
        .collect();
    output::rows(&objects, format, palette)
}
