//! `risk claim show`: a claim as written, with its deadlines and the customer's limit.

use std::process::ExitCode;

use anyhow::Result;
use serde::Serialize;

use super::claim_id;
use crate::cli::Ctx;
use crate::model::{Claim, Kind, Money};
use crate::output::{self, Format, escape};
use crate::rating::duties::{Duty, claim_duties};
use crate::rating::policy::limit_left;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The claim's id, e.g. CLM-0001
    pub id: String,
    #[command(flatten)]
    pub output: crate::cli::RecordFormat,
}

#[derive(Serialize)]
struct Shown<'a> {
    record: &'a Claim,
    duties: Vec<Duty>,
    /// What is left of the per-customer limit after the customer's other claims.
    limit_left: Money,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let id = claim_id(&args.id)?;
    let format = args.output.format;
    let register = ctx.read_record(&[Kind::Claim], &id)?;
    let record = register.claim(&id)?;
    let claim = &record.value;
    let duties = claim_duties(&register.settings, claim, ctx.today);
    let left = limit_left(
        &register.settings,
        register.claims.iter().map(|r| &r.value),
        claim,
    );
    match format {
        Format::Json => ctx.print(&output::json(&Shown {
            record: claim,
            duties,
            limit_left: left,
        })?)?,
        Format::Yaml => ctx.print(&crate::output::yaml(claim))?,
        _ => {
            let mut text = format!(
                "# {}\n{}",
                escape::terminal_line(record.file()),
                escape::terminal(&record.text())
            );
            if !text.ends_with('\n') {
                text.push('\n');
            }
            text.push_str(&format!("\n# computed on {}\n", ctx.today));
            for d in &duties {
                let state = crate::output::duty_state(d, ctx.today);
                text.push_str(&format!(
                    "sla {}: due {}: {state}\n",
                    escape::terminal_line(&d.item),
                    d.due
                ));
            }
            text.push_str(&format!(
                "per-customer limit left for this claim after the other claims of {}: {left} of {} {}\n",
                escape::terminal_line(&claim.customer),
                register.settings.compensation.per_customer_limit,
                register.settings.currency
            ));
            ctx.print(&text)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
