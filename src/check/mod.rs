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
    let mut findings = register.problems.clone();
    findings.extend(extra);
    // The rules are independent reads of the register: run them side by side.
    let by_rule: Vec<Vec<Finding>> = RULES
        .par_iter()
        .map(|rule| (rule.run)(register, today))
        .collect();
    findings.extend(by_rule.into_iter().flatten());
    let mut report = Report::default();
    for mut finding in findings {
        if policy.allow.contains(finding.rule) {
            continue;
        }
        if policy.deny.contains(finding.rule) {
            finding.level = Level::Error;
        }
        match finding.level {
            Level::Error => report.errors.push(finding),
            Level::Warning => report.warnings.push(finding),
        }
    }
    for list in [&mut report.errors, &mut report.warnings] {
        list.sort_by(|a, b| {
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
