//! `risk check`: the register against its rules, for people and for CI.

use std::collections::BTreeSet;
use std::process::ExitCode;

use anyhow::{Result, bail};

use super::Ctx;
use crate::check::{self, Policy};
use crate::model::Kind;
use crate::output::{Format, check as render};
use crate::register::{self, Register};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Treat this warning rule as an error (repeatable; adds to settings `check.deny`)
    #[arg(long, value_name = "RULE")]
    pub deny: Vec<String>,
    /// Switch this rule off (repeatable; adds to settings `check.allow`)
    #[arg(long, value_name = "RULE")]
    pub allow: Vec<String>,
    /// Fail on warnings too (and, in JUnit reports, count them as failures)
    #[arg(long)]
    pub strict: bool,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let format = ctx.format(
        Format::Table,
        &[Format::Table, Format::Json, Format::Github, Format::Junit],
    )?;
    let root = register::find(ctx.global.register.as_deref())?;
    let mut register = Register::open(&root)?;
    let known = check::rule_names();
    let settings_check = &register.settings.check;
    let mut policy = Policy {
        deny: BTreeSet::new(),
        allow: BTreeSet::new(),
        strict: args.strict,
    };
    for (flag, names, into) in [
        ("check.deny", &settings_check.deny, &mut policy.deny),
        ("check.allow", &settings_check.allow, &mut policy.allow),
        ("--deny", &args.deny, &mut BTreeSet::new()),
        ("--allow", &args.allow, &mut BTreeSet::new()),
    ] {
        for name in names {
            if !known.contains(&name.as_str()) {
                let hint = crate::model::nearest(name, known.iter().copied())
                    .map(|n| format!(" (did you mean `{n}`?)"))
                    .unwrap_or_default();
                bail!(
                    "{flag}: `{name}` is not a rule{hint}; rules: {}",
                    known.join(", ")
                );
            }
            into.insert(name.clone());
        }
    }
    policy.deny.extend(args.deny.iter().cloned());
    policy.allow.extend(args.allow.iter().cloned());
    for name in &policy.deny {
        policy.allow.remove(name);
    }
    register.load(&Kind::ALL);
    let report = check::run(&register, ctx.today, &policy);
    let text = match format {
        Format::Json => render::json(&report)?,
        Format::Github => crate::output::github::annotations(&report),
        Format::Junit => {
            let ran: Vec<&str> = known
                .iter()
                .copied()
                .filter(|rule| !policy.allow.contains(*rule))
                .collect();
            crate::output::junit::report(&report, &ran, policy.strict)?
        }
        _ => render::text(&report, &register),
    };
    ctx.print(&text)?;
    // The process ends here: freeing 100,000 records one by one would only add time.
    std::mem::forget(register);
    Ok(if report.fails(policy.strict) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
