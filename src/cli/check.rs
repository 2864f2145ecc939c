//! `risk check`: the register against its rules, for people and for CI.

use std::process::ExitCode;

use anyhow::Result;

use super::Ctx;
use std::path::Path;

use crate::check::{self, Finding};
use crate::error::{Error, ErrorKind};
use crate::model::Kind;
use crate::ops;
use crate::output::Format;
use crate::output::check::{EmitContext, Emitter, JsonEmitter, TextEmitter};
use crate::output::github::GithubEmitter;
use crate::output::junit::JunitEmitter;
use crate::register::git;
use crate::snapshot::{SETTINGS_FILE, Snapshot};

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
    /// Take the gate (check, bands, grid, owner_required_from, compensation) from register.yaml
    /// at this git revision, and report each way the change loosens it (`policy-changed`)
    #[arg(long, value_name = "REV")]
    pub policy_from: Option<String>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let store = ctx.store()?;
    // The personal-data scan of canonical texts is made while loading, when they are at hand.
    let loaded = ctx.load_scanning(&Kind::ALL, check::personal::a_line_looks_personal);
    let (mut register, mut findings) = match loaded {
        Ok(register) => (register, Vec::new()),
        // Broken settings are findings like any other, in the format CI reads (DESIGN 14).
        Err(err) => match err.downcast::<Error>() {
            Ok(error) if error.kind == ErrorKind::Input => {
                let empty = Snapshot::new(store.display_root(), Default::default(), String::new());
                let findings = error
                    .problems
                    .into_iter()
                    .map(|at| Finding::error("parse", None, at))
                    .collect();
                (empty, findings)
            }
            Ok(error) => return Err(error.into()),
            Err(err) => return Err(err),
        },
    };
    if let Some(rev) = &args.policy_from
        && findings.is_empty()
    {
        let repo = git::repo_of(store.root())?;
        let commit = repo.resolve(rev)?;
        let base = repo.settings(rev, &commit)?;
        let file = store.display_path(Path::new(SETTINGS_FILE));
        findings.extend(ops::check::policy_changed(&base, &register, &file, rev));
        register.settings = ops::check::gate_from(&register.settings, &base);
    }
    let policy = ops::check::policy(
        &register.settings.check,
        &args.deny,
        &args.allow,
        args.strict,
    )?;
    let report = check::run(&register, ctx.today, &policy, findings);
    let emitter: &dyn Emitter = match args.format {
        Format::Json => &JsonEmitter,
        Format::Github => &GithubEmitter,
        Format::Junit => &JunitEmitter,
        _ => &TextEmitter,
    };
    let rules: Vec<&str> = check::rule_names()
        .into_iter()
        .filter(|rule| !policy.allow.contains(*rule))
        .filter(|rule| *rule != "policy-changed" || args.policy_from.is_some())
        .collect();
    // Written as it is made: the findings are not held a second time as text.
    ctx.stream_styled(args.format == Format::Github, |out, colour| {
        let context = EmitContext {
            register: &register,
            rules: &rules,
            strict: policy.strict,
            colour,
        };
        emitter.emit(out, &report, &context)
    })?;
    // The process ends here: freeing 100,000 records (and as many findings) one by one would
    // only add time.
    std::mem::forget(register);
    let fails = report.fails(policy.strict);
    std::mem::forget(report);
    Ok(if fails {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
