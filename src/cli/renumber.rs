//! `risk renumber`: give a record a new id, renaming its file and rewriting every reference.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};

use super::Ctx;
use crate::model::Kind;
use crate::ops;
use crate::ops::renumber::{Renumbered, Target};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The record to renumber: its id (RISK-0042), or its file when two files share that id
    pub record: String,
    /// The new id [default: the next free id of its kind]
    #[arg(long, value_name = "ID")]
    pub to: Option<String>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let store = ctx.store()?;
    let target = if args.record.ends_with(".yaml") || args.record.ends_with(".yml") {
        // A path as the shell gave it: find it in the register, following no link out of it.
        let arg = &args.record;
        let wanted = Path::new(arg)
            .canonicalize()
            .with_context(|| format!("{arg}: no such file"))?;
        let root = store
            .root()
            .canonicalize()
            .with_context(|| format!("{}: cannot be read", store.root().display()))?;
        let rel = wanted.strip_prefix(&root).map_err(|_| {
            anyhow::anyhow!(
                "{arg}: not a record file of the register in {}",
                store.root().display()
            )
        })?;
        Target::File(rel.to_path_buf())
    } else {
        Target::Id(super::parse_id(&args.record)?)
    };
    let tx = store.begin_lenient(&Kind::ALL, true)?;
    let outcome = ops::renumber::plan(tx.snapshot(), &target, args.to.as_deref())?;
    let claims_folder = tx
        .store()
        .root()
        .join(Kind::Claim.dir())
        .join(outcome.report.old_id.as_str());
    let display_root = tx.snapshot().display_root.clone();
    tx.finish(&outcome.changes)?;
    let Renumbered {
        kind,
        old_id,
        new_id,
        file,
        referrers,
        shared,
    } = outcome.report;
    ctx.say(&format!("Renumbered {old_id} → {new_id}: {file}"))?;
    if shared {
        if !referrers.is_empty() {
            ctx.say(&format!(
                "References to {old_id} were left as they are, since two records used that id; \
                 check which one each means: {}",
                referrers.join(", ")
            ))?;
        }
    } else if !referrers.is_empty() {
        ctx.say(&format!("Updated references in {}", referrers.join(", ")))?;
    }
    if kind == Kind::Incident && claims_folder.is_dir() {
        ctx.say(&format!(
            "Its claims stay in {display_root}/{}/{old_id}/; rename that folder (`git mv`) if you keep claims \
             in folders named after their incident",
            Kind::Claim.dir()
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}
