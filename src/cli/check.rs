//! `risk check`: the register against its rules, for people and for CI.

use std::process::ExitCode;

use anyhow::Result;

use super::Ctx;
use crate::check;
use crate::model::Kind;
use crate::ops;
use crate::output::Format;
use crate::output::check::{EmitContext, Emitter, JsonEmitter, TextEmitter};
use crate::output::github::GithubEmitter;
use crate::output::junit::JunitEmitter;

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
    /// Output format
    #[arg(
        long,
        value_name = "FORMAT",
        default_value = "table",
        value_parser = crate::cli::formats(&[Format::Table, Format::Json, Format::Github, Format::Junit])
    )]
    pub format: Format,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let register = ctx.store()?.load(&Kind::ALL)?;
    let policy = ops::check::policy(
        &register.settings.check,
        &args.deny,
        &args.allow,
        args.strict,
    )?;
    let report = check::run(&register, ctx.today, &policy);
    let emitter: &dyn Emitter = match args.format {
        Format::Json => &JsonEmitter,
        Format::Github => &GithubEmitter,
        Format::Junit => &JunitEmitter,
        _ => &TextEmitter,
    };
    let rules: Vec<&str> = check::rule_names()
        .into_iter()
        .filter(|rule| !policy.allow.contains(*rule))
        .collect();
    let context = EmitContext {
        register: &register,
        rules: &rules,
        strict: policy.strict,
    };
    // Rendered whole, then printed in one write, as every command prints.
    let mut out = Vec::new();
    emitter.emit(&mut out, &report, &context)?;
    ctx.write(&out)?;
    // The process ends here: freeing 100,000 records one by one would only add time.
    std::mem::forget(register);
    Ok(if report.fails(policy.strict) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
