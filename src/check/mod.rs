//! The rules of `risk check`, one function per rule, each producing findings.

mod analyses;
mod finding;
mod format;
mod incidents;
mod model;
pub mod personal;
mod rules;

use std::collections::BTreeSet;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::snapshot::Snapshot;

pub use finding::{Finding, Level};
pub use incidents::needs_contingency;
pub use rules::RULES;

/// How `check` weighs rules: promoted to errors (`deny`), switched off (`allow`), or `strict`.
#[derive(Clone, Debug, Default)]
pub struct Policy {
    pub deny: BTreeSet<String>,
    pub allow: BTreeSet<String>,
    pub strict: bool,
}

/// The findings of a check, errors first, each list in file and line order.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub errors: Vec<Finding>,
    pub warnings: Vec<Finding>,
}

impl Report {
    /// True when the check fails: errors, or warnings under `--strict`.
    pub fn fails(&self, strict: bool) -> bool {
        !self.errors.is_empty() || (strict && !self.warnings.is_empty())
    }
}

/// Runs every rule over a loaded register (loading problems included) and applies the policy.
/// `extra` are findings made outside the rules (broken settings, a loosened gate).
pub fn run(register: &Snapshot, today: NaiveDate, policy: &Policy, extra: Vec<Finding>) -> Report {
    // The rules are independent reads of the register: run them side by side.
    let by_rule: Vec<Vec<Finding>> = RULES
        .par_iter()
        .map(|rule| (rule.run)(register, today))
        .collect();
    // The level a finding has under the policy; None when its rule is switched off.
    let level = |finding: &Finding| {
        if policy.allow.contains(finding.rule) {
            None
        } else if policy.deny.contains(finding.rule) {
            Some(Level::Error)
        } else {
            Some(finding.level)
        }
    };
    // Counted first, so each list is made at its size (no copies of a growing list).
    let all = || {
        register
            .problems
            .iter()
            .chain(&extra)
            .chain(by_rule.iter().flatten())
    };
    let errors = all().filter(|f| level(f) == Some(Level::Error)).count();
    let warnings = all().filter(|f| level(f) == Some(Level::Warning)).count();
    let mut report = Report {
        errors: Vec::with_capacity(errors),
        warnings: Vec::with_capacity(warnings),
    };
    let findings = register.problems.iter().cloned().chain(extra);
    for mut finding in findings.chain(by_rule.into_iter().flatten()) {
        let Some(level) = level(&finding) else {
            continue;
        };
        finding.level = level;
        match level {
            Level::Error => report.errors.push(finding),
            Level::Warning => report.warnings.push(finding),
        }
    }
    for list in [&mut report.errors, &mut report.warnings] {
        list.par_sort_by(|a, b| {
            (&a.at.file, a.at.line, a.rule, &a.at.message).cmp(&(
                &b.at.file,
                b.at.line,
                b.rule,
                &b.at.message,
            ))
        });
    }
    report
}

/// Every rule name, loading rules included, for validating `--deny` and `--allow`.
pub fn rule_names() -> Vec<&'static str> {
    let mut names = vec!["parse", "id-mismatch", "duplicate-id"];
    for rule in RULES {
        if !names.contains(&rule.name) {
            names.push(rule.name); // a rule may run in more than one function
        }
    }
    names.push("policy-changed");
    names
}
