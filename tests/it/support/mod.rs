//! The one scenario builder of the integration tests: a register in a temporary folder (empty,
//! a copy of a fixture, or a git repository), the real binary run on it with today pinned and
//! colour off, and every run that writes followed by `risk fmt --check` and `risk check`.
//!
//! ```ignore
//! RegisterTest::fixture("incidents")
//!     .run(["claim", "assess", "CLM-0004"])
//!     .success()
//!     .stdout_has("offer: refund 200.00 EUR");
//! ```

mod checks;
mod run;
mod tree;

use std::cell::RefCell;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use tempfile::TempDir;

pub use run::{Invocation, Run};
pub use tree::Tree;

/// The day every run takes as today (`RISK_TODAY`; a test may still pass `--today`).
pub const TODAY: &str = "2026-11-23";

/// What every run of the binary and of git gets: no colour, nothing from the caller's shell
/// that would change what `risk` reads, and git that behaves the same on any machine.
const ENV: &[(&str, &str)] = &[
    ("RISK_TODAY", TODAY),
    ("NO_COLOR", "1"),
    ("GIT_AUTHOR_NAME", "Risk Tester"),
    ("GIT_AUTHOR_EMAIL", "tester@example.invalid"),
    ("GIT_COMMITTER_NAME", "Risk Tester"),
    ("GIT_COMMITTER_EMAIL", "tester@example.invalid"),
    ("GIT_AUTHOR_DATE", "2026-11-23T10:00:00+00:00"),
    ("GIT_COMMITTER_DATE", "2026-11-23T10:00:00+00:00"),
    ("GIT_CONFIG_NOSYSTEM", "1"),
    ("GIT_CONFIG_GLOBAL", "/dev/null"),
];
const ENV_REMOVED: &[&str] = &["RISK_REGISTER", "CLICOLOR_FORCE"];

/// The repository's own folder, where the committed fixtures live.
pub fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The `risk` binary under test.
pub fn risk_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_risk"))
}

/// The folder of a committed fixture register: `tests/fixtures/<case>/register`.
pub fn fixture_path(case: &str) -> PathBuf {
    manifest_dir()
        .join("tests/fixtures")
        .join(case)
        .join("register")
}

enum Place {
    /// A temporary folder holding `register/`, and whatever a test puts beside it.
    Temp(TempDir),
    /// A committed fixture, run in place: `register` is relative to the repository.
    Committed(String),
}

/// A register and the folder that holds it, with the binary run on it.
pub struct RegisterTest {
    place: Place,
    /// Whether runs say `-R <register>`; without it `risk` finds the register itself from the
    /// working folder, the way a user inside a repository runs it.
    register_flag: bool,
    /// The register as it was when an escape hatch (`command`, `process`) was handed out:
    /// whatever those wrote is checked at the next run, or when the test ends.
    unchecked: RefCell<Option<Tree>>,
}

impl Default for RegisterTest {
    fn default() -> Self {
        Self::new()
    }
}

impl RegisterTest {
    /// An empty register with default settings (an empty `register.yaml`).
    pub fn new() -> Self {
        Self::with_settings("")
    }

    /// An empty register with these settings.
    pub fn with_settings(settings: &str) -> Self {
        let test = Self::in_temp(true);
        test.write("register.yaml", settings);
        test
    }

    /// A copy of `tests/fixtures/<case>/register`, so the test may write to it.
    pub fn fixture(case: &str) -> Self {
        let test = Self::in_temp(true);
        tree::copy_dir(&fixture_path(case), &test.root());
        test
    }

    /// The committed fixture itself, for read-only commands: a run that writes fails the test.
    /// Paths in the output read `tests/fixtures/<case>/register/...`.
    pub fn read_only(case: &str) -> Self {
        RegisterTest {
            place: Place::Committed(format!("tests/fixtures/{case}/register")),
            register_flag: true,
            unchecked: RefCell::new(None),
        }
    }

    /// A git repository whose first commit ("base register") holds a copy of the fixture in
    /// `register/`, with fixed authors and dates. Runs start at the top of the repository and
    /// find the register themselves (no `-R`).
    pub fn git_repo(case: &str) -> Self {
        let mut test = Self::fixture(case);
        test.register_flag = false;
        test.git(["init", "-q", "-b", "main"]);
        test.commit("base register");
        test
    }

    /// An empty folder and no register yet (for `init`, and for commands that need none).
    /// Runs find the register themselves, as they would in a shell.
    pub fn without_register() -> Self {
        Self::in_temp(false)
    }

    fn in_temp(register_flag: bool) -> Self {
        RegisterTest {
            place: Place::Temp(tempfile::tempdir().expect("a temporary folder")),
            register_flag,
            unchecked: RefCell::new(None),
        }
    }

    // ---- where things are ----

    /// The folder that holds `register/`; runs start here.
    pub fn folder(&self) -> &Path {
        match &self.place {
            Place::Temp(dir) => dir.path(),
            Place::Committed(_) => manifest_dir(),
        }
    }

    /// The register as runs name it with `-R`, relative to [`Self::folder`].
    fn register_arg(&self) -> &str {
        match &self.place {
            Place::Temp(_) => "register",
            Place::Committed(rel) => rel,
        }
    }

    fn read_only_fixture(&self) -> bool {
        matches!(self.place, Place::Committed(_))
    }

    /// The register folder.
    pub fn root(&self) -> PathBuf {
        self.folder().join(self.register_arg())
    }

    /// A path inside the register.
    pub fn path(&self, rel: impl AsRef<Path>) -> PathBuf {
        self.root().join(rel)
    }

    // ---- setting the scene ----

    /// Writes a file inside the register, creating its folders.
    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) -> &Self {
        assert!(
            !self.read_only_fixture(),
            "a read-only fixture is not written"
        );
        write_file(&self.path(rel), text.as_ref());
        self
    }

    /// Writes `risks/<id>.yaml`: `id: <id>` followed by `body`.
    pub fn risk(&self, id: &str, body: &str) -> &Self {
        self.write(&format!("risks/{id}.yaml"), format!("id: {id}\n{body}"))
    }

    /// Replaces one exact piece of text in a register file (it must be there).
    pub fn edit(&self, rel: &str, from: &str, to: &str) -> &Self {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, text.replacen(from, to, 1))
    }

    /// Deletes a file of the register.
    pub fn remove(&self, rel: &str) -> &Self {
        assert!(
            !self.read_only_fixture(),
            "a read-only fixture is not written"
        );
        std::fs::remove_file(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
        self
    }

    /// Writes a file beside the register, in [`Self::folder`] (a CSV to import, a template,
    /// a repository's README), and returns its path.
    pub fn beside(&self, rel: &str, text: impl AsRef<[u8]>) -> PathBuf {
        assert!(
            !self.read_only_fixture(),
            "a read-only fixture is not written"
        );
        let path = self.folder().join(rel);
        write_file(&path, text.as_ref());
        path
    }

    /// Runs git in [`Self::folder`] with the fixed authors and dates; returns its stdout.
    pub fn git<I, S>(&self, args: I) -> String
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let args: Vec<_> = args.into_iter().map(|a| a.as_ref().to_owned()).collect();
        let mut git = std::process::Command::new("git");
        git.args(["-c", "commit.gpgsign=false", "-c", "core.autocrlf=false"])
            .args(&args)
            .current_dir(self.folder());
        set_env(&mut git);
        let output = git.output().expect("git runs");
        assert!(
            output.status.success(),
            "git {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    /// Commits everything in the folder (`git add -A`, then a commit, empty or not).
    pub fn commit(&self, message: &str) -> &Self {
        self.git(["add", "-A"]);
        self.git(["commit", "-q", "--allow-empty", "-m", message]);
        self
    }

    // ---- looking at the result ----

    /// A register file's text.
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Whether a file or folder exists inside the register.
    pub fn exists(&self, rel: &str) -> bool {
        self.path(rel).exists()
    }

    /// Every file, folder and link under the register, to show that nothing changed.
    pub fn tree(&self) -> Tree {
        Tree::of(&self.root())
    }

    /// Every file, folder and link in [`Self::folder`], the register and what sits beside it
    /// (a repository's `.git` left out).
    pub fn folder_tree(&self) -> Tree {
        Tree::of(self.folder())
    }

    // ---- running the binary ----

    /// A run of `risk ARGS` to adjust (environment, working folder, stdin...) before `.run()`.
    pub fn cmd<I, S>(&self, args: I) -> Invocation<'_>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        Invocation::new(self, args)
    }

    /// Runs `risk ARGS` now; assert on the returned [`Run`].
    pub fn run<I, S>(&self, args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.cmd(args).run()
    }

    /// Runs `risk ARGS --format json`, which must succeed, and parses its stdout.
    pub fn json<I, S>(&self, args: I) -> serde_json::Value
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.cmd(args).args(["--format", "json"]).run().json()
    }

    /// Escape hatch: `risk ARGS` as an assert_cmd Command, set up like every run. What it
    /// writes is checked at the next run or when the test ends, not right after it.
    pub fn command<I, S>(&self, args: I) -> assert_cmd::Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        assert_cmd::Command::from_std(self.process(args))
    }

    /// Escape hatch: `risk ARGS` as a std Command (to spawn, kill, or drive at a terminal),
    /// set up like every run. What it writes is checked at the next run or
    /// when the test ends.
    pub fn process<I, S>(&self, args: I) -> std::process::Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.watch_escape();
        let mut process = self.binary(self.folder());
        if self.register_flag {
            process.arg("-R").arg(self.register_arg());
        }
        process.args(args);
        process
    }

    /// The binary with the common environment, started in `cwd`.
    fn binary(&self, cwd: &Path) -> std::process::Command {
        let mut process = std::process::Command::new(risk_bin());
        process.current_dir(cwd);
        set_env(&mut process);
        process
    }

    /// Remembers the register as it is before an escape hatch may change it.
    fn watch_escape(&self) {
        let mut unchecked = self.unchecked.borrow_mut();
        if unchecked.is_none() {
            *unchecked = Some(self.tree());
        }
    }

    /// Checks what escape-hatch runs wrote since they were handed out; returns the register
    /// as it is now.
    fn settle(&self) -> Tree {
        let now = self.tree();
        if let Some(before) = self.unchecked.borrow_mut().take()
            && before != now
        {
            self.after_write(
                &before,
                &now,
                "a command run through .command() or .process()",
            );
        }
        now
    }

    /// A read-only fixture must not change; anything else gets the post-write checks.
    fn after_write(&self, before: &Tree, after: &Tree, what: &str) {
        assert!(
            !self.read_only_fixture(),
            "`{what}` wrote to the committed fixture {}: {}",
            self.register_arg(),
            before.changes(after)
        );
        checks::after_write(self, before, what);
    }
}

impl Drop for RegisterTest {
    fn drop(&mut self) {
        if !std::thread::panicking() && self.unchecked.borrow().is_some() {
            self.settle();
        }
    }
}

fn set_env(command: &mut std::process::Command) {
    command.envs(ENV.iter().copied());
    for name in ENV_REMOVED {
        command.env_remove(name);
    }
}

fn write_file(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// The keys of a JSON object, in order.
pub fn keys(value: &serde_json::Value) -> Vec<&str> {
    value
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect()
}
