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
///
/// The findings stay in the lists the rules made them in; the report orders them by their
/// places. (At a million records there are about half a million findings: a second copy of
/// them, sorted, was 136 bytes a finding at the peak; a place is 8.)
#[derive(Clone, Debug, Default)]
pub struct Report {
    lists: Vec<Vec<Finding>>,
    errors: Vec<Place>,
    warnings: Vec<Place>,
}

/// Where a finding is in [`Report::lists`]: the list, then the finding in it.
type Place = (u32, u32);

impl Report {
    /// True when the check fails: errors, or warnings under `--strict`.
    pub fn fails(&self, strict: bool) -> bool {
        !self.errors.is_empty() || (strict && !self.warnings.is_empty())
    }

    /// The errors, in file and line order.
    pub fn errors(&self) -> impl ExactSizeIterator<Item = &Finding> + Clone {
        self.errors.iter().map(|&place| self.at(place))
    }

    /// The warnings, in file and line order.
    pub fn warnings(&self) -> impl ExactSizeIterator<Item = &Finding> + Clone {
        self.warnings.iter().map(|&place| self.at(place))
    }

    fn at(&self, place: Place) -> &Finding {
        found_at(&self.lists, place)
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
    let mut lists = Vec::with_capacity(by_rule.len() + 2);
    lists.push(register.problems.clone());
    lists.push(extra);
    lists.extend(by_rule);
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
    let (mut errors, mut warnings) = (Vec::new(), Vec::new());
    for (list, findings) in lists.iter_mut().enumerate() {
        for (index, finding) in findings.iter_mut().enumerate() {
            let Some(level) = level(finding) else {
                continue;
            };
            finding.level = level;
            let (Ok(list), Ok(index)) = (u32::try_from(list), u32::try_from(index)) else {
                unreachable!("four billion findings");
            };
            match level {
                Level::Error => errors.push((list, index)),
                Level::Warning => warnings.push((list, index)),
            }
        }
    }
    for places in [&mut errors, &mut warnings] {
        places.par_sort_by(|&a, &b| {
            let (a, b) = (found_at(&lists, a), found_at(&lists, b));
            (&a.at.file, a.at.line, a.rule, &a.at.message).cmp(&(
                &b.at.file,
                b.at.line,
                b.rule,
                &b.at.message,
            ))
        });
    }
    Report {
        lists,
        errors,
        warnings,
    }
}

/// The finding at a place in the lists of a [`Report`].
fn found_at(lists: &[Vec<Finding>], (list, index): Place) -> &Finding {
    &lists[list as usize][index as usize]
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
