//! What follows every run that changed the register: `risk fmt --check` passes and
//! `risk check` still loads it, with no parse, id-mismatch, duplicate-id or format finding
//! that was not there before the run. A register that was already off before the run (a
//! fixture written by hand, a test's broken file) is compared with itself as it was then.

use std::collections::BTreeSet;
use std::path::Path;

use super::{RegisterTest, Tree};

/// The rules that say a file was written badly, not that the register's content is poor.
const WRITE_RULES: &[&str] = &["parse", "id-mismatch", "duplicate-id", "format"];

/// How a register stands by `fmt --check` and `check`.
struct Health {
    fmt_code: Option<i32>,
    /// The files `fmt --check` lists and the errors it prints.
    fmt_lines: BTreeSet<String>,
    fmt_output: String,
    check_code: Option<i32>,
    /// (rule, file) of every finding of a [`WRITE_RULES`] rule.
    findings: BTreeSet<(String, String)>,
    check_output: String,
}

impl Health {
    fn of(test: &RegisterTest, folder: &Path) -> Health {
        let run = |args: &[&str]| {
            test.binary(folder)
                .arg("-R")
                .arg(test.register_arg())
                .args(args)
                .output()
                .expect("risk runs")
        };
        let fmt = run(&["fmt", "--check"]);
        let fmt_stdout = String::from_utf8_lossy(&fmt.stdout).into_owned();
        let fmt_stderr = String::from_utf8_lossy(&fmt.stderr).into_owned();
        let fmt_lines = fmt_stdout
            .lines()
            .chain(fmt_stderr.lines().filter(|l| l.starts_with("error")))
            .map(String::from)
            .collect();
        let check = run(&["check", "--format", "json"]);
        let check_output = format!(
            "{}{}",
            String::from_utf8_lossy(&check.stdout),
            String::from_utf8_lossy(&check.stderr)
        );
        let mut findings = BTreeSet::new();
        if check.status.code() != Some(2) {
            let report: serde_json::Value =
                serde_json::from_slice(&check.stdout).unwrap_or_else(|e| {
                    panic!("`risk check --format json` is not JSON ({e}):\n{check_output}")
                });
            for finding in ["errors", "warnings"]
                .iter()
                .filter_map(|list| report[list].as_array())
                .flatten()
            {
                let rule = finding["rule"].as_str().unwrap_or_default();
                if WRITE_RULES.contains(&rule) {
                    let file = finding["file"].as_str().unwrap_or_default();
                    findings.insert((rule.to_string(), file.to_string()));
                }
            }
        }
        Health {
            fmt_code: fmt.status.code(),
            fmt_lines,
            fmt_output: format!("{fmt_stdout}{fmt_stderr}"),
            check_code: check.status.code(),
            findings,
            check_output,
        }
    }

    fn clean(&self) -> bool {
        self.fmt_code == Some(0) && self.check_code != Some(2) && self.findings.is_empty()
    }
}

/// Panics when the run `what`, which changed the register from `before`, left it worse.
pub(super) fn after_write(test: &RegisterTest, before: &Tree, what: &str) {
    let after = Health::of(test, test.folder());
    if after.clean() {
        return;
    }
    // The register as it was before the run, in a folder of its own, for comparison.
    let then = tempfile::tempdir().unwrap();
    before.restore(&then.path().join(test.register_arg()));
    let base = Health::of(test, then.path());
    let mut problems = Vec::new();
    if after.fmt_code != Some(0) {
        let new: Vec<&String> = after.fmt_lines.difference(&base.fmt_lines).collect();
        if base.fmt_code == Some(0) || !new.is_empty() {
            problems.push(format!(
                "`risk fmt --check` exits {:?} (it exited {:?} before), new: {new:?}\n{}",
                after.fmt_code, base.fmt_code, after.fmt_output
            ));
        }
    }
    if after.check_code == Some(2) && base.check_code != Some(2) {
        problems.push(format!(
            "`risk check` exits 2: the register no longer loads\n{}",
            after.check_output
        ));
    }
    let new: Vec<&(String, String)> = after.findings.difference(&base.findings).collect();
    if !new.is_empty() {
        problems.push(format!(
            "`risk check` has new findings (rule, file): {new:?}\n{}",
            after.check_output
        ));
    }
    assert!(
        problems.is_empty(),
        "after `{what}` wrote to the register ({}):\n{}\n\
         (a test whose command leaves a broken or non-canonical register on purpose runs it \
         with `.allow_broken_result()`)",
        before.changes(&test.tree()),
        problems.join("\n")
    );
}
