//! A register builder for integration tests: write files, run the real binary, compare trees.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

pub const TODAY: &str = "2026-11-23";

/// A register in a temporary folder: `<tmp>/register/`.
pub struct Register {
    dir: TempDir,
}

impl Register {
    /// An empty register with default settings.
    pub fn new() -> Self {
        Self::with_settings("")
    }

    pub fn with_settings(settings: &str) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let register = Register { dir };
        register.write("register.yaml", settings);
        register
    }

    /// The register folder.
    pub fn root(&self) -> PathBuf {
        self.dir.path().join("register")
    }

    /// The folder that holds `register/`.
    pub fn parent(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file relative to the register folder.
    pub fn write(&self, rel: &str, text: &str) -> &Self {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    /// Writes a risk: `id: <id>` followed by `body`.
    pub fn risk(&self, id: &str, body: &str) -> &Self {
        self.write(&format!("risks/{id}.yaml"), &format!("id: {id}\n{body}"))
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root().join(rel)).unwrap()
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.root().join(rel).exists()
    }

    /// `risk -R <register> --today 2026-11-23 ...` with colour off.
    pub fn cmd<I, S>(&self, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let mut cmd = risk();
        cmd.arg("-R")
            .arg(self.root())
            .arg("--today")
            .arg(TODAY)
            .args(args);
        cmd
    }

    /// Every file under the register with its bytes, to prove nothing was written.
    pub fn snapshot(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        walkdir::WalkDir::new(self.root())
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
            .collect()
    }
}

/// The binary, with a clean environment for the variables it reads.
pub fn risk() -> Command {
    let mut cmd = Command::cargo_bin("risk").expect("binary");
    cmd.env_remove("RISK_REGISTER")
        .env_remove("RISK_TODAY")
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE");
    cmd
}

/// stdout of a successful command, parsed as JSON.
pub fn json(cmd: &mut Command) -> serde_json::Value {
    let out = cmd.assert().success().get_output().stdout.clone();
    serde_json::from_slice(&out).expect("valid JSON")
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
