//! `risk incident review`: the post-incident review was held; what was learned.

use std::process::ExitCode;

use anyhow::{Result, bail};
use chrono::NaiveDate;

use crate::cli::{Ctx, parse_id};
use crate::model::incident::{IncidentStatus, PostIncidentReview};
use crate::model::{Incident, Kind};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The incident's id, e.g. INC-0001
    pub id: String,
    /// When the review was held [default: today]
    #[arg(long)]
    pub held: Option<NaiveDate>,
    /// A lesson learned (repeatable)
    #[arg(long = "lesson", value_name = "TEXT")]
    pub lessons: Vec<String>,
    /// Close the incident as well
    #[arg(long)]
    pub close: bool,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let id = parse_id(&args.id)?;
    if id.kind() != Some(Kind::Incident) {
        bail!("`{id}` is not an incident id (expected INC-NNNN)");
    }
    let held = args.held.unwrap_or(ctx.today);
    let tx = ctx.begin(&[Kind::Incident], &[])?;
    let register = tx.snapshot();
    let (_, change) = crate::ops::modify::<Incident>(register, &id, |i| {
        if let Some(resolved) = i.resolved
            && held < resolved.date_naive()
        {
            bail!(
                "--held {held} is before {id} was resolved ({}); a post-incident review follows resolution",
                resolved.date_naive()
            );
        }
        let review = i.review.get_or_insert_with(PostIncidentReview::default);
        review.held = Some(held);
        for lesson in &args.lessons {
            let lesson = lesson.trim().to_string();
            if !lesson.is_empty() && !review.lessons.contains(&lesson) {
                review.lessons.push(lesson);
            }
        }
        if args.close {
            if i.resolved.is_none() {
                bail!(
                    "{id} is not resolved; resolve it with `risk incident resolve {id}` before closing"
                );
            }
            i.status = Some(IncidentStatus::Closed);
        }
        Ok(())
    })?;
    tx.finish(&change.into_iter().collect::<Vec<_>>())?;
    ctx.say(&format!(
        "Recorded the post-incident review of {id} held {held}{}{}",
        if args.lessons.is_empty() {
            String::new()
        } else {
            format!(", {} lesson(s)", args.lessons.len())
        },
        if args.close { "; closed" } else { "" }
    ))?;
    Ok(ExitCode::SUCCESS)
}
