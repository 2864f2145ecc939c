//! `risk matrix`: the likelihood × impact heat map, current or target.

use std::process::ExitCode;

use anyhow::Result;

use super::Ctx;
use crate::model::Kind;
use crate::output::{self, Format};
use crate::rating::matrix::{Matrix, View};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Place risks at their target rating (risks without a target stay where they are)
    #[arg(long, conflicts_with = "inherent")]
    pub target: bool,
    /// Place risks at their inherent rating, before any control (risks without one stay where
    /// they are)
    #[arg(long)]
    pub inherent: bool,
    /// Include closed risks
    #[arg(long)]
    pub all: bool,
    /// Only risks at this stage of the customer journey
    #[arg(long)]
    pub stage: Option<String>,
    /// Only risks in this category; cells above its appetite are marked ▲
    #[arg(long)]
    pub category: Option<String>,
    #[command(flatten)]
    pub output: crate::cli::ListingFormat,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let format = args.output.format;
    let register = ctx.read(&[Kind::Risk])?;
    let settings = &register.settings;
    super::known_value("--stage", args.stage.as_ref(), &settings.stages)?;
    super::known_value("--category", args.category.as_ref(), &settings.categories)?;
    let risks = register
        .risks
        .iter()
        .map(|r| &r.value)
        .filter(|r| args.all || r.is_open())
        .filter(|r| {
            args.stage
                .as_ref()
                .is_none_or(|s| r.stage.as_ref() == Some(s))
        })
        .filter(|r| {
            args.category
                .as_ref()
                .is_none_or(|c| r.category.as_ref() == Some(c))
        });
    let view = if args.inherent {
        View::Inherent
    } else if args.target {
        View::Target
    } else {
        View::Current
    };
    let mut matrix = Matrix::build_view(settings, risks, view);
    if let Some(category) = &args.category
        && let Some(appetite) = settings.appetite_for(Some(category), None)
    {
        matrix.mark_appetite(settings, appetite);
    }
    let palette = ctx.palette(&register);
    let text = match format {
        Format::Json => output::json(&matrix)?,
        Format::Table => {
            let mut title = format!("{} — {} rating", settings.name, view.name());
            for (label, value) in [("stage", &args.stage), ("category", &args.category)] {
                if let Some(v) = value {
                    title.push_str(&format!(", {label} {v}"));
                }
            }
            output::matrix::render(settings, &matrix, &palette, &title)
        }
        Format::Md => output::matrix::markdown(settings, &matrix),
        _ => output::rows(&matrix.cells, format, &palette)?,
    };
    ctx.print(&text)?;
    Ok(ExitCode::SUCCESS)
}
