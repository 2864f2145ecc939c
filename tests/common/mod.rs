//! Helpers for integration tests: a copy of a fixture register in a temporary folder, and the
//! real binary run on it with today fixed and colour off.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

/// A fixture register copied to a temporary folder, so a test may write to it.
pub struct Reg {
    pub dir: TempDir,
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

impl Reg {
    pub fn fixture(case: &str) -> Reg {
        let dir = TempDir::new().unwrap();
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(case)
            .join("register");
        copy_dir(&from, &dir.path().join("register"));
        Reg { dir }
    }

    pub fn root(&self) -> PathBuf {
        self.dir.path().join("register")
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// A file beside the register (for CSV inputs).
    pub fn outside(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    /// Every file under the register with its contents, to show nothing changed.
    pub fn snapshot(&self) -> Vec<(PathBuf, String)> {
        let mut out = Vec::new();
        fn walk(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
            let mut entries: Vec<_> = std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap())
                .collect();
            entries.sort_by_key(|e| e.path());
            for e in entries {
                if e.file_type().unwrap().is_dir() {
                    walk(&e.path(), out);
                } else {
                    out.push((e.path(), std::fs::read_to_string(e.path()).unwrap()));
                }
            }
        }
        walk(&self.root(), &mut out);
        out
    }

    pub fn risk(&self) -> Command {
        let mut cmd = Command::cargo_bin("risk").unwrap();
        cmd.current_dir(self.dir.path())
            .env_remove("RISK_REGISTER")
            .env("RISK_TODAY", "2026-11-23")
            .env("NO_COLOR", "1")
            .arg("--no-input")
            .arg("-R")
            .arg(self.root());
        cmd
    }
}

/// The binary on the committed fixture itself, for read-only commands.
pub fn risk_on(case: &str) -> Command {
    let mut cmd = Command::cargo_bin("risk").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("RISK_REGISTER")
        .env("RISK_TODAY", "2026-11-23")
        .env("NO_COLOR", "1")
        .arg("--no-input")
        .arg("-R")
        .arg(format!("tests/fixtures/{case}/register"));
    cmd
}

pub fn stdout(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

pub fn json(cmd: &mut Command) -> serde_json::Value {
    serde_json::from_str(&stdout(cmd.args(["--format", "json"]))).unwrap()
}
