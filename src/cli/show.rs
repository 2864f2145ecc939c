//! `risk show ID`: one record as written, with everything computed from it.

use std::process::ExitCode;

use anyhow::Result;
use serde::Serialize;

use super::{Ctx, parse_id};
use crate::model::Kind;
use crate::output::{self, Format, escape};
use crate::rating::deadlines::risk_overdue;
use crate::rating::rows::{RiskRow, risk_row};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The record's id, e.g. RISK-0001
    pub id: String,
    #[command(flatten)]
    pub output: crate::cli::RecordFormat,
}

#[derive(Serialize)]
struct Shown<'a, T: Serialize> {
    record: &'a T,
    derived: RiskRow,
    /// Annual loss expectancy of the current and target ratings (DESIGN 10.5)
    ale_current: Option<crate::model::Money>,
    ale_target: Option<crate::model::Money>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let id = parse_id(&args.id)?;
    let format = args.output.format;
    let kind = id.kind().ok_or_else(|| {
        anyhow::anyhow!("`{id}` is not a risk, incident, claim, SWOT or PESTLE id")
    })?;
    let register = ctx.read_record(&[kind], &id)?;
    match kind {
        Kind::Risk => {
            let record = register.risk(&id)?;
            let risk = &record.value;
            let derived = risk_row(&register.settings, risk, ctx.today);
            match format {
                Format::Json => ctx.print(&output::json(&Shown {
                    record: risk,
                    derived,
                    ale_current: crate::rating::ale::ale_current(&register.settings, risk),
                    ale_target: crate::rating::ale::ale_target(&register.settings, risk),
                })?)?,
                Format::Yaml => ctx.print(&crate::output::yaml(risk))?,
                _ => {
                    let palette = ctx.palette(&register);
                    let mut text = format!(
                        "# {}\n{}",
                        escape::terminal_line(record.file()),
                        escape::terminal(&record.text())
                    );
                    if !text.ends_with('\n') {
                        text.push('\n');
                    }
                    text.push_str(&format!(
                        "\n# computed on {}\nrating: likelihood {} × impact {} = score {}, band {}\n",
                        ctx.today,
                        derived.likelihood,
                        derived.impact,
                        derived.score,
                        palette.paint(&derived.band, &escape::terminal_line(&derived.band))
                    ));
                    if let (Some(score), Some(band)) = (derived.target_score, &derived.target_band)
                    {
                        text.push_str(&format!(
                            "target: score {score}, band {}\n",
                            palette.paint(band, &escape::terminal_line(band))
                        ));
                    }
                    text.push_str(&super::show_model::lines(
                        &register.settings,
                        risk,
                        &derived,
                        &palette,
                        ctx.today,
                    ));
                    if let (Some(rpn), Some(ap)) = (derived.rpn, derived.ap) {
                        text.push_str(&format!("fmea: RPN {rpn}, action priority {ap}\n"));
                    }
                    text.push_str(&format!(
                        "open actions: {}; next review: {}\n",
                        derived.actions_open, derived.next_review
                    ));
                    for item in risk_overdue(&register.settings, risk, ctx.today) {
                        let label = if item.item == item.kind {
                            item.kind.to_string()
                        } else {
                            format!("{} {}", item.kind, item.item)
                        };
                        text.push_str(&format!(
                            "overdue: {}: {} (due {}, {} overdue)\n",
                            escape::terminal_line(&label),
                            escape::terminal_line(&item.what),
                            item.due,
                            crate::output::words::count(item.days_overdue, "day")
                        ));
                    }
                    ctx.print(&text)?;
                }
            }
        }
        Kind::Incident => {
            let record = register.incident(&id)?;
            show_plain(ctx, format, record.file(), &record.text(), &record.value)?;
        }
        Kind::Claim => {
            let record = register.claim(&id)?;
            show_plain(ctx, format, record.file(), &record.text(), &record.value)?;
        }
        Kind::Swot => {
            let record = register.get::<crate::model::Swot>(&id)?;
            show_plain(ctx, format, record.file(), &record.text(), &record.value)?;
        }
        Kind::Pestle => {
            let record = register.get::<crate::model::Pestle>(&id)?;
            show_plain(ctx, format, record.file(), &record.text(), &record.value)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn show_plain<T: Serialize>(
    ctx: &Ctx,
    format: Format,
    file: &str,
    text: &str,
    value: &T,
) -> Result<()> {
    match format {
        Format::Json => ctx.print(&output::json(value)?),
        Format::Yaml => ctx.print(&crate::output::yaml(value)),
        _ => ctx.print(&format!(
            "# {}\n{}",
            escape::terminal_line(file),
            escape::terminal(text)
        )),
    }
}
