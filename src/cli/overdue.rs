//! `risk actions` and `risk overdue`: what is to be done, and what is late.

use std::process::ExitCode;

use anyhow::Result;

use super::Ctx;
use crate::model::Kind;
use crate::output::{self};
use crate::rating::deadlines::{
    add_days, overdue_actions, record_order, risk_overdue, sort_overdue,
};
use crate::rating::duties::{claim_duties, incident_duties};
use crate::rating::rows::{ActionRow, action_row};
use crate::rating::todo::{OwnedOverdue, Owners};

#[derive(Debug, clap::Args)]
pub struct ActionsArgs {
    /// Only actions past their due date
    #[arg(long)]
    pub overdue: bool,
    /// Only this owner's actions
    #[arg(long)]
    pub owner: Option<String>,
    /// Only actions due within this many days from today (overdue ones included)
    #[arg(long, value_name = "DAYS")]
    pub due_within: Option<u32>,
    /// Include done and cancelled actions, and actions of closed records
    #[arg(long)]
    pub all: bool,
    #[command(flatten)]
    pub output: crate::cli::ListingFormat,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Include closed risks and closed incidents
    #[arg(long)]
    pub all: bool,
    /// Only this owner's items (an item's own owner, else its record's; see `risk todo --help`)
    #[arg(long)]
    pub owner: Option<String>,
    #[command(flatten)]
    pub output: crate::cli::ListingFormat,
}

pub fn run_actions(ctx: &Ctx, args: ActionsArgs) -> Result<ExitCode> {
    let format = args.output.format;
    let register = ctx.read(&[Kind::Risk, Kind::Incident])?;
    let owners = Owners::new(&register);
    let today = ctx.today;
    let horizon = args.due_within.map(|days| add_days(today, days));
    let risk_actions = register
        .risks
        .iter()
        .filter(|r| args.all || r.value.is_open())
        .flat_map(|r| {
            r.value
                .actions
                .iter()
                .map(move |a| (r.value.id.as_str(), a))
        });
    let incident_actions = register
        .incidents
        .iter()
        .filter(|r| args.all || r.value.status() != crate::model::incident::IncidentStatus::Closed)
        .flat_map(|r| {
            r.value
                .actions
                .iter()
                .map(move |a| (r.value.id.as_str(), a))
        });
    let mut rows: Vec<ActionRow> = risk_actions
        .chain(incident_actions)
        .filter(|(_, a)| args.all || a.is_open())
        .filter(|(_, a)| horizon.is_none_or(|h| a.due.is_some_and(|due| due <= h)))
        .map(|(id, a)| {
            // An action without an owner is its record's owner's to do.
            let mut row = action_row(id, a, today);
            row.owner = owners.of(id, "action", &a.id).map(str::to_string);
            row
        })
        .filter(|row| {
            args.owner
                .as_deref()
                .is_none_or(|o| row.owner.as_deref() == Some(o))
        })
        .filter(|row| !args.overdue || row.days_overdue.is_some())
        .collect();
    rows.sort_by(|a, b| record_order(&a.record, &b.record).then_with(|| a.action.cmp(&b.action)));
    let palette = ctx.palette(&register);
    // The table leaves out the costs (DESIGN 10.5), which `risk cba` weighs; the other formats
    // carry every field.
    let text = if format == crate::output::Format::Table {
        output::rows_with_columns(&rows, ACTION_TABLE_COLUMNS, &palette)?
    } else {
        output::rows(&rows, format, &palette)?
    };
    ctx.print(&text)?;
    Ok(ExitCode::SUCCESS)
}

const ACTION_TABLE_COLUMNS: &[&str] = &[
    "record",
    "action",
    "title",
    "owner",
    "due",
    "status",
    "days_overdue",
];

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let format = args.output.format;
    let register = ctx.read(&Kind::ALL)?;
    let settings = &register.settings;
    let mut items: Vec<_> = register
        .risks
        .iter()
        .filter(|r| args.all || r.value.is_open())
        .flat_map(|r| risk_overdue(settings, &r.value, ctx.today))
        .collect();
    for incident in &register.incidents {
        if args.all || incident.value.status() != crate::model::incident::IncidentStatus::Closed {
            items.extend(overdue_actions(
                incident.value.id.as_str(),
                &incident.value.actions,
                ctx.today,
            ));
            let duties = incident_duties(settings, &incident.value, ctx.today);
            items.extend(duties.iter().filter_map(|d| d.overdue(ctx.today)));
        }
    }
    for claim in &register.claims {
        let duties = claim_duties(settings, &claim.value, ctx.today);
        items.extend(duties.iter().filter_map(|d| d.overdue(ctx.today)));
    }
    sort_overdue(&mut items);
    let owners = Owners::new(&register);
    let rows: Vec<OwnedOverdue> = items
        .into_iter()
        .map(|item| OwnedOverdue::new(item, &owners))
        .filter(|row| {
            args.owner
                .as_deref()
                .is_none_or(|o| row.owner.as_deref() == Some(o))
        })
        .collect();
    ctx.print(&output::rows(&rows, format, &ctx.palette(&register))?)?;
    Ok(ExitCode::SUCCESS)
}
