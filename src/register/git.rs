//! The register as it was at a git revision, read through the `git` program: one `ls-tree` and
//! one `cat-file --batch` per revision, however many files the register holds.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};
use rayon::prelude::*;

use super::{load, parse_settings};
use crate::model::{Claim, Id, Incident, Kind, Settings};
use crate::snapshot::{Loadable, Record, RecordFile, SETTINGS_FILE, Snapshot};

/// The git repository holding a register, and where the register sits inside it.
#[derive(Clone, Debug)]
pub struct Repo {
    pub top: PathBuf,
    /// The register folder relative to the top level, with a trailing `/` (empty at the top).
    pub prefix: String,
}

pub(super) fn git(dir: &Path) -> Command {
    let mut command = Command::new("git");
    command
        .current_dir(dir)
        .env("GIT_TERMINAL_PROMPT", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

pub(super) fn run(mut command: Command, what: &str) -> Result<Vec<u8>> {
    let output = command
        .output()
        .with_context(|| format!("cannot run `git` to {what}; is git installed?"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        bail!("git could not {what}: {}", stderr.trim());
    }
    Ok(output.stdout)
}

/// Finds the repository that holds the register folder `root`.
pub fn repo_of(root: &Path) -> Result<Repo> {
    let mut command = git(root);
    command.args(["rev-parse", "--show-toplevel", "--show-prefix"]);
    let output = command
        .output()
        .context("cannot run `git`; `risk diff` needs git installed")?;
    if !output.status.success() {
        bail!(
            "{}: not inside a git repository; `risk diff` compares revisions of a register kept in git",
            root.display()
        );
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let mut lines = text.lines();
    let top = PathBuf::from(lines.next().unwrap_or_default());
    let prefix = lines.next().unwrap_or_default().to_string();
    Ok(Repo { top, prefix })
}

impl Repo {
    /// The commit a revision names, or an input error naming the revision.
    pub fn resolve(&self, rev: &str) -> Result<String> {
        if rev.starts_with('-') || rev.is_empty() {
            bail!("`{rev}` is not a revision (expected e.g. main, HEAD~1 or a commit id)");
        }
        let mut command = git(&self.top);
        command.args([
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &format!("{rev}^{{commit}}"),
        ]);
        let output = command.output().context("cannot run `git`")?;
        if !output.status.success() {
            bail!(
                "`{rev}` is not a commit in {} (a branch, tag or commit id; for a remote branch, \
                 fetch it first: `git fetch origin main`)",
                self.top.display()
            );
        }
        Ok(String::from_utf8_lossy(&output.stdout).trim().to_string())
    }

    /// Loads the register as it was at `commit`; `name` is how the revision is shown
    /// (`main:register/risks/RISK-0001.yaml`). A revision without the register is an empty one.
    pub fn load(&self, name: &str, commit: &str) -> Result<Snapshot> {
        let entries = self.list(commit)?;
        let blobs = self.read_blobs(entries.iter().map(|e| e.oid.as_str()))?;
        let display_root = format!("{name}:{}", self.prefix.trim_end_matches('/'));
        let mut settings = Settings::default();
        let mut settings_text = String::new();
        let mut files = Vec::new();
        for (entry, bytes) in entries.into_iter().zip(blobs) {
            let rel = PathBuf::from(&entry.rel);
            let file = format!("{name}:{}{}", self.prefix, entry.rel);
            if entry.rel == SETTINGS_FILE {
                (settings, settings_text) = parse_settings(&file, &bytes)?;
                continue;
            }
            let Some(kind) = Kind::of_path(&entry.rel) else {
                continue;
            };
            let id = rel
                .file_stem()
                .and_then(|s| s.to_str())
                .and_then(|s| Id::parse(s).ok());
            files.push((RecordFile::new(kind, id, file, rel), bytes));
        }
        let mut snapshot = Snapshot::new(&display_root, settings, settings_text);
        snapshot.risks = parse_all::<crate::model::Risk>(&mut snapshot, &files);
        snapshot.incidents = parse_all::<Incident>(&mut snapshot, &files);
        snapshot.claims = parse_all::<Claim>(&mut snapshot, &files);
        snapshot.swots = parse_all::<crate::model::Swot>(&mut snapshot, &files);
        snapshot.pestles = parse_all::<crate::model::Pestle>(&mut snapshot, &files);
        snapshot.files = files.into_iter().map(|(f, _)| f).collect();
        load::find_duplicates(&mut snapshot);
        snapshot
            .problems
            .sort_by(|a, b| (&a.at.file, a.at.line).cmp(&(&b.at.file, b.at.line)));
        Ok(snapshot)
    }

    /// The settings as they were at `commit` (the defaults when the register was not there);
    /// `name` is how the revision is shown in errors.
    pub fn settings(&self, name: &str, commit: &str) -> Result<Settings> {
        let mut command = git(&self.top);
        command.args([
            "--literal-pathspecs",
            "ls-tree",
            "-z",
            "--full-tree",
            commit,
            "--",
            &format!("{}{SETTINGS_FILE}", self.prefix),
        ]);
        let out = run(command, &format!("list the files of {commit}"))?;
        let listing = String::from_utf8_lossy(&out);
        let Some(oid) = listing.split('\0').find_map(|item| {
            let (meta, _) = item.split_once('\t')?;
            let mut meta = meta.split(' ');
            let (mode, kind, oid) = (meta.next()?, meta.next()?, meta.next()?);
            (kind == "blob" && mode != "120000").then(|| oid.to_string())
        }) else {
            return Ok(Settings::default());
        };
        let bytes = self.read_blobs(std::iter::once(oid.as_str()))?;
        let file = format!("{name}:{}{SETTINGS_FILE}", self.prefix);
        let (settings, _) = parse_settings(&file, bytes.first().map_or(&[][..], Vec::as_slice))?;
        Ok(settings)
    }

    /// The register's files at `commit`: regular blobs only (links and submodules are skipped).
    fn list(&self, commit: &str) -> Result<Vec<Entry>> {
        let mut command = git(&self.top);
        command.args([
            "--literal-pathspecs",
            "ls-tree",
            "-r",
            "-z",
            "--full-tree",
            commit,
        ]);
        if !self.prefix.is_empty() {
            command.args(["--", &self.prefix]);
        }
        let out = run(command, &format!("list the files of {commit}"))?;
        let mut entries = Vec::new();
        for item in out.split(|b| *b == 0).filter(|i| !i.is_empty()) {
            let item = String::from_utf8_lossy(item);
            let Some((meta, path)) = item.split_once('\t') else {
                continue;
            };
            let mut meta = meta.split(' ');
            let (Some(mode), Some(kind), Some(oid)) = (meta.next(), meta.next(), meta.next())
            else {
                continue;
            };
            if kind != "blob" || mode == "120000" {
                continue;
            }
            let Some(rel) = path.strip_prefix(&self.prefix) else {
                continue;
            };
            let is_record = ["risks/", "incidents/", "claims/", "analyses/"]
                .iter()
                .any(|dir| rel.starts_with(dir))
                && (rel.ends_with(".yaml") || rel.ends_with(".yml"));
            if is_record || rel == SETTINGS_FILE {
                entries.push(Entry {
                    oid: oid.to_string(),
                    rel: rel.to_string(),
                });
            }
        }
        Ok(entries)
    }

    /// Reads many blobs through one `git cat-file --batch`.
    pub(super) fn read_blobs<'a>(
        &self,
        oids: impl Iterator<Item = &'a str>,
    ) -> Result<Vec<Vec<u8>>> {
        let request: String = oids.map(|oid| format!("{oid}\n")).collect();
        let count = request.lines().count();
        if count == 0 {
            return Ok(Vec::new());
        }
        let mut command = git(&self.top);
        command.args(["cat-file", "--batch"]).stdin(Stdio::piped());
        let mut child = command
            .spawn()
            .context("cannot run `git cat-file`; is git installed?")?;
        let mut stdin = child.stdin.take().expect("stdin is piped");
        // Write from another thread: git answers while it reads, and both pipes are bounded.
        let writer = std::thread::spawn(move || stdin.write_all(request.as_bytes()));
        let mut reader = BufReader::new(child.stdout.take().expect("stdout is piped"));
        let mut blobs = Vec::with_capacity(count);
        let mut header = String::new();
        for _ in 0..count {
            header.clear();
            reader.read_line(&mut header)?;
            let mut parts = header.split_whitespace();
            let (oid, kind, size) = (parts.next(), parts.next(), parts.next());
            let Some(size) = size.and_then(|s| s.parse::<usize>().ok()) else {
                bail!(
                    "git cat-file: unexpected answer `{}` for {}",
                    header.trim(),
                    oid.unwrap_or("?")
                );
            };
            if kind != Some("blob") {
                bail!(
                    "git cat-file: {} is a {}, not a file",
                    oid.unwrap_or("?"),
                    kind.unwrap_or("?")
                );
            }
            let mut bytes = vec![0; size + 1];
            reader.read_exact(&mut bytes)?;
            bytes.pop(); // the newline after each object
            blobs.push(bytes);
        }
        let _ = writer.join();
        let status = child.wait()?;
        if !status.success() {
            bail!("git cat-file failed ({status})");
        }
        Ok(blobs)
    }
}

struct Entry {
    oid: String,
    rel: String,
}

pub(super) fn parse_all<T: Loadable>(
    snapshot: &mut Snapshot,
    files: &[(RecordFile, Vec<u8>)],
) -> Vec<Record<T>> {
    let settings = &snapshot.settings;
    let results: Vec<load::Loaded<T>> = files
        .par_iter()
        .filter(|(f, _)| f.kind == T::KIND)
        .map(|(f, bytes)| load::parse_record::<T>(f, bytes.clone(), settings))
        .collect();
    let mut records = Vec::with_capacity(results.len());
    for read in results {
        snapshot.problems.extend(read.findings);
        records.extend(read.record);
    }
    records.sort_by(|a, b| a.value.id().cmp(b.value.id()).then(a.rel().cmp(b.rel())));
    records
}
