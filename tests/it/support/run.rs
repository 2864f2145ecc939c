//! One run of the binary: an [`Invocation`] to adjust before it runs, and the [`Run`] to
//! assert on after it ran.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use assert_cmd::assert::{Assert, IntoOutputPredicate};
use predicates::Predicate;
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

use super::{RegisterTest, Tree};

/// `risk ARGS` on a [`RegisterTest`], not run yet.
#[must_use = "an invocation does nothing until `.run()`"]
pub struct Invocation<'t> {
    test: &'t RegisterTest,
    args: Vec<OsString>,
    env: Vec<(OsString, Option<OsString>)>,
    cwd: Option<PathBuf>,
    register_flag: bool,
    timeout: Option<Duration>,
    allow_broken: bool,
}

impl<'t> Invocation<'t> {
    pub(super) fn new<I, S>(test: &'t RegisterTest, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        Invocation {
            test,
            args: args.into_iter().map(|a| a.as_ref().to_owned()).collect(),
            env: Vec::new(),
            cwd: None,
            register_flag: test.register_flag,
            timeout: None,
            allow_broken: false,
        }
    }

    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Self {
        self.args.push(arg.as_ref().to_owned());
        self
    }

    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_owned()));
        self
    }

    pub fn env(mut self, name: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Self {
        self.env
            .push((name.as_ref().to_owned(), Some(value.as_ref().to_owned())));
        self
    }

    pub fn env_remove(mut self, name: impl AsRef<OsStr>) -> Self {
        self.env.push((name.as_ref().to_owned(), None));
        self
    }

    /// Starts the run in this folder (relative to the test's folder) instead; `-R` then names
    /// the register by its absolute path.
    pub fn current_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.cwd = Some(self.test.folder().join(dir));
        self
    }

    /// No `-R`: `risk` finds the register from the working folder or `RISK_REGISTER`.
    pub fn discover(mut self) -> Self {
        self.register_flag = false;
        self
    }

    /// Kills the run after this long (the run then has no exit code).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Skips the checks that follow a run that wrote (`risk fmt --check`, `risk check`): for
    /// the few tests whose command leaves a broken or non-canonical register on purpose.
    pub fn allow_broken_result(mut self) -> Self {
        self.allow_broken = true;
        self
    }

    /// Runs it: the register is compared before and after, and a run that changed it is
    /// followed by the post-write checks.
    pub fn run(self) -> Run {
        let test = self.test;
        let before = test.settle();
        let what = format!(
            "risk {}",
            self.args
                .iter()
                .map(|a| a.to_string_lossy())
                .collect::<Vec<_>>()
                .join(" ")
        );
        let cwd = self.cwd.as_deref().unwrap_or(test.folder());
        let mut process = test.binary(cwd);
        if self.register_flag {
            // Relative from the test's folder, so paths in the output read `register/...`.
            if cwd == test.folder() {
                process.arg("-R").arg(test.register_arg());
            } else {
                process.arg("-R").arg(test.root());
            }
        }
        process.args(&self.args);
        for (name, value) in &self.env {
            match value {
                Some(value) => process.env(name, value),
                None => process.env_remove(name),
            };
        }
        let mut command = assert_cmd::Command::from_std(process);
        if let Some(timeout) = self.timeout {
            command.timeout(timeout);
        }
        let output = command.output().unwrap_or_else(|e| panic!("{what}: {e}"));
        let after = test.tree();
        if after != before && !self.allow_broken {
            test.after_write(&before, &after, &what);
        }
        Run {
            assert: Assert::new(output).append_context("command", what),
            before,
            after,
        }
    }

    // The common endings, so a scenario can read `t.cmd(..).env(..).success()`.

    pub fn success(self) -> Run {
        self.run().success()
    }

    pub fn code(self, code: i32) -> Run {
        self.run().code(code)
    }
}

/// A finished run of the binary. Assertions panic with the command, its stdout and stderr.
pub struct Run {
    assert: Assert,
    before: Tree,
    after: Tree,
}

impl Run {
    #[track_caller]
    pub fn success(mut self) -> Self {
        self.assert = self.assert.success();
        self
    }

    #[track_caller]
    pub fn code(mut self, code: i32) -> Self {
        self.assert = self.assert.code(code);
        self
    }

    /// stdout is this text (a `&str`) or matches this predicate.
    #[track_caller]
    pub fn stdout<I, P>(mut self, expected: I) -> Self
    where
        I: IntoOutputPredicate<P>,
        P: Predicate<[u8]>,
    {
        self.assert = self.assert.stdout(expected);
        self
    }

    /// stderr is this text (a `&str`) or matches this predicate.
    #[track_caller]
    pub fn stderr<I, P>(mut self, expected: I) -> Self
    where
        I: IntoOutputPredicate<P>,
        P: Predicate<[u8]>,
    {
        self.assert = self.assert.stderr(expected);
        self
    }

    #[track_caller]
    pub fn stdout_has(self, text: &str) -> Self {
        self.stdout(contains(text))
    }

    #[track_caller]
    pub fn stdout_lacks(self, text: &str) -> Self {
        self.stdout(contains(text).not())
    }

    #[track_caller]
    pub fn stderr_has(self, text: &str) -> Self {
        self.stderr(contains(text))
    }

    #[track_caller]
    pub fn stderr_lacks(self, text: &str) -> Self {
        self.stderr(contains(text).not())
    }

    /// The run did not change one byte of the register.
    #[track_caller]
    pub fn unchanged(self) -> Self {
        assert!(
            self.before == self.after,
            "the register changed: {}",
            self.before.changes(&self.after)
        );
        self
    }

    /// The run succeeded; its stdout parsed as JSON.
    #[track_caller]
    pub fn json(self) -> serde_json::Value {
        self.success().stdout_json()
    }

    /// stdout parsed as JSON, whatever the exit code.
    #[track_caller]
    pub fn stdout_json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.output().stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}",
                String::from_utf8_lossy(&self.output().stdout)
            )
        })
    }

    pub fn stdout_text(&self) -> String {
        String::from_utf8(self.output().stdout.clone()).expect("stdout is UTF-8")
    }

    pub fn stderr_text(&self) -> String {
        String::from_utf8(self.output().stderr.clone()).expect("stderr is UTF-8")
    }

    /// The exit code; None when a signal or the timeout ended the run.
    pub fn exit_code(&self) -> Option<i32> {
        self.output().status.code()
    }

    pub fn output(&self) -> &Output {
        self.assert.get_output()
    }
}
