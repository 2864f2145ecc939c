//! The register through time, read from git: the first-parent log (one `git log` per command,
//! with the raw changes of each commit when the command needs them), and the trees and blobs
//! the command reads (one `git cat-file --batch`), never a process per commit or per file.

use std::cell::{Cell, OnceCell, RefCell};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;

use super::git::{Repo, parse_all, repo_of};
use super::{Store, load, parse_settings};
use crate::error::Error;
use crate::model::{Claim, Id, Incident, Kind, Pestle, Risk, Settings, Swot};
use crate::rating::diff::Version;
use crate::rating::history::{Made, Period, State};
use crate::snapshot::{Loadable, RecordFile, SETTINGS_FILE, Snapshot};
use std::rc::Rc;

/// One commit of the register's first-parent history, with what it changed in the register.
#[derive(Clone, Debug)]
pub struct Commit {
    pub id: String,
    /// The committer date, strict ISO 8601 with the committer's offset.
    pub date: String,
    pub author: String,
    pub email: String,
    pub subject: String,
    pub changes: Vec<Raw>,
}

impl Commit {
    /// The day the commit was made, in the committer's own time zone.
    pub fn day(&self) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(self.date.get(..10)?, "%Y-%m-%d").ok()
    }

    pub fn short(&self) -> &str {
        &self.id[..self.id.len().min(10)]
    }
}

/// One file changed by a commit, paths relative to the register folder.
#[derive(Clone, Debug)]
pub struct Raw {
    /// `A`dded, `M`odified, `D`eleted, `R`enamed, `C`opied, `T`ype changed.
    pub status: char,
    pub old: Option<String>,
    pub new: Option<String>,
    pub from: String,
    pub to: String,
}

/// The register's folder inside its repository, and git: one `git log` and one
/// `git cat-file --batch`, each started when first needed, serve every read of the command.
pub struct Source {
    pub repo: Repo,
    batch: RefCell<Option<Batch>>,
    /// Whether the log carries each commit's changes.
    changes: Cell<bool>,
    /// The logs read (with changes or not), oldest first; one per command in practice.
    logs: RefCell<Vec<LogRead>>,
    /// The commits revisions named.
    resolved: RefCell<HashMap<String, String>>,
    shallow: OnceCell<Vec<String>>,
    /// The trees read, by id.
    trees: RefCell<HashMap<Oid, Rc<Vec<TreeEntry>>>>,
}

/// Whether a path relative to the register folder is a file the register reads.
pub fn is_register_file(rel: &str) -> bool {
    rel == SETTINGS_FILE
        || (rel
            .split_once('/')
            .is_some_and(|(dir, _)| Kind::ALL.iter().any(|k| k.dir() == dir))
            && (rel.ends_with(".yaml") || rel.ends_with(".yml")))
}

fn git(dir: &Path) -> Command {
    let mut command = Command::new("git");
    command
        .current_dir(dir)
        .env("GIT_TERMINAL_PROMPT", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

fn run(mut command: Command, what: &str) -> Result<Vec<u8>> {
    let output = command
        .output()
        .with_context(|| format!("cannot run `git` to {what}; is git installed?"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(Error::environment(format!("git could not {what}: {}", stderr.trim())).into());
    }
    Ok(output.stdout)
}

impl Source {
    /// The repository holding the register `store` reads.
    pub fn of(store: &Store) -> Result<Source> {
        let repo = repo_of(store.root()).map_err(|_| {
            Error::usage(format!(
                "{}: not inside a git repository; --at, --since, `risk history` and \
                 `trends --profile` read the register's git history",
                store.display_root()
            ))
            .with_hint("put the register in git: `git init && git add -A && git commit`")
        })?;
        Ok(Source {
            repo,
            batch: Default::default(),
            changes: Default::default(),
            logs: Default::default(),
            resolved: Default::default(),
            shallow: Default::default(),
            trees: Default::default(),
        })
    }

    /// Asks that the log, when it is read, carry each commit's changes (`risk history`,
    /// `--since`): a command says so before anything reads the log, so it is read once.
    pub fn want_changes(&self) {
        self.changes.set(true);
    }

    /// The commit a revision names. Besides what git reads, `@{2026-06-30}` and
    /// `main@{2026-06-30}` name the last first-parent commit made on or before that day (in
    /// the committer's time zone), from the history rather than from the reflog, so they work
    /// in a fresh clone too.
    pub fn resolve(&self, rev: &str) -> Result<String> {
        if let Some(commit) = self.resolved.borrow().get(rev) {
            return Ok(commit.clone());
        }
        let commit = self.resolve_uncached(rev)?;
        self.resolved
            .borrow_mut()
            .insert(rev.to_string(), commit.clone());
        Ok(commit)
    }

    fn resolve_uncached(&self, rev: &str) -> Result<String> {
        if let Some((base, day)) = dated(rev) {
            let base = if base.is_empty() { "HEAD" } else { base };
            let head = self.resolve(base)?;
            let commits = self.log(&head)?;
            if let Some(commit) = commits
                .iter()
                .rev()
                .find(|c| c.day().is_some_and(|d| d <= day))
            {
                return Ok(commit.id.clone());
            }
            let first = commits
                .first()
                .map(|c| (c.short().to_string(), c.date.clone()));
            let mut message = format!("`{rev}`: no commit of {base} was made on or before {day}");
            if let Some((id, date)) = first {
                message.push_str(&format!(" (the first is {id}, {})", &date[..10]));
            }
            let mut error = Error::usage(message);
            if let Some(hint) = self.shallow_hint()? {
                error = error.with_hint(hint);
            }
            return Err(error.into());
        }
        self.repo.resolve(rev).map_err(|e| {
            let error = Error::usage(format!("{e:#}"));
            match self.shallow_hint() {
                Ok(Some(hint)) => error.with_hint(hint),
                _ => error,
            }
            .into()
        })
    }

    /// The commits at the shallow boundary (whose parents this clone does not have).
    pub fn shallow(&self) -> Result<&[String]> {
        if let Some(known) = self.shallow.get() {
            return Ok(known);
        }
        let mut command = git(&self.repo.top);
        command.args(["rev-parse", "--git-path", "shallow"]);
        let out = run(command, "find the repository's files")?;
        let path = PathBuf::from(String::from_utf8_lossy(&out).trim());
        let path = if path.is_absolute() {
            path
        } else {
            self.repo.top.join(path)
        };
        let commits = std::fs::read_to_string(path)
            .unwrap_or_default()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect();
        Ok(self.shallow.get_or_init(|| commits))
    }

    fn shallow_hint(&self) -> Result<Option<String>> {
        Ok((!self.shallow()?.is_empty()).then(|| {
            "the clone is shallow, so older commits are missing; run `git fetch --unshallow`"
                .to_string()
        }))
    }

    /// The error for an answer that needs history a shallow clone does not have.
    pub fn shallow_error(&self, commit: &Commit, what: &str) -> anyhow::Error {
        Error::environment(format!(
            "history starts at {} ({}): the clone is shallow, so {what} is not known; \
             run `git fetch --unshallow`",
            commit.short(),
            commit.date.get(..10).unwrap_or(&commit.date)
        ))
        .into()
    }

    /// The first-parent history of `head` (a commit id), oldest first, with the register files
    /// each commit changed when [`Source::want_changes`] asked for them. One `git log` per
    /// command: the log of a commit on the first-parent line of a log already read is a part
    /// of it.
    pub fn log(&self, head: &str) -> Result<Log> {
        let changes = self.changes.get();
        for (whole, with_changes, all) in self.logs.borrow().iter() {
            if *whole
                && (*with_changes || !changes)
                && let Some(at) = all.iter().rposition(|c| c.id == head)
            {
                return Ok(Log {
                    all: all.clone(),
                    start: 0,
                    len: at + 1,
                });
            }
        }
        let all = self.read_log(head, None)?;
        self.logs.borrow_mut().push((true, changes, all.clone()));
        let len = all.len();
        Ok(Log { all, start: 0, len })
    }

    /// The part of the first-parent history of `head` from `base` on (both commit ids), oldest
    /// first, `base` included when it is on that line (`--since REV`): a log already read
    /// that holds both, or the log of just those commits (`head ^base^@`), cheaper than the
    /// whole history when `base` is recent.
    pub fn log_from(&self, base: &str, head: &str) -> Result<Log> {
        let changes = self.changes.get();
        for (_, with_changes, all) in self.logs.borrow().iter() {
            if changes && !*with_changes {
                continue;
            }
            if let Some(at) = all.iter().rposition(|c| c.id == head)
                && let Some(from) = all[..=at].iter().rposition(|c| c.id == base)
            {
                return Ok(Log {
                    all: all.clone(),
                    start: from,
                    len: at + 1,
                });
            }
        }
        let all = self.read_log(head, Some(base))?;
        self.logs.borrow_mut().push((false, changes, all.clone()));
        let len = all.len();
        Ok(Log { all, start: 0, len })
    }

    /// Runs the one `git log` of the command: the first-parent history of `head`, without
    /// what `base`'s parents reach when given.
    fn read_log(&self, head: &str, base: Option<&str>) -> Result<Rc<Vec<Commit>>> {
        let changes = self.changes.get();
        let mut command = git(&self.repo.top);
        command.args([
            "-c",
            "core.quotepath=off",
            "log",
            "--first-parent",
            "--diff-merges=first-parent",
            "--no-abbrev",
            "--no-renames",
            "-z",
            "--format=%x01%H%x1f%cI%x1f%an%x1f%ae%x1f%s",
        ]);
        // No pathspec: git then diffs each commit once, where a pathspec makes it diff twice.
        if changes {
            command.arg("--raw");
            if !self.repo.prefix.is_empty() {
                command.arg(format!("--relative={}", self.repo.prefix));
            }
        }
        command.args(["--end-of-options", head]);
        if let Some(base) = base {
            command.arg(format!("^{base}^@"));
        }
        command.arg("--");
        let out = run(command, &format!("read the history of {head}"))?;
        let mut commits = parse_log(&out);
        commits.reverse();
        Ok(Rc::new(commits))
    }

    /// The first of `commits` (a first-parent history, oldest first) that holds the register
    /// (its settings file): a binary search, each step one object asked of the batch reader.
    pub fn first_with_register(&self, commits: &[Commit]) -> Result<Option<usize>> {
        let has = |commit: &Commit| -> Result<bool> {
            let name = format!("{}:{}{SETTINGS_FILE}", commit.id, self.repo.prefix);
            Ok(self.batch()?.object(&name)?.is_some())
        };
        let (mut low, mut high) = (0, commits.len());
        while low < high {
            let mid = (low + high) / 2;
            if has(&commits[mid])? {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        Ok((low < commits.len()).then_some(low))
    }

    /// The batch reader of objects: one `git cat-file --batch` for the whole command.
    pub fn batch(&self) -> Result<std::cell::RefMut<'_, Batch>> {
        let mut slot = self.batch.borrow_mut();
        if slot.is_none() {
            *slot = Some(Batch::start(&self.repo.top)?);
        }
        Ok(std::cell::RefMut::map(slot, |b| {
            b.as_mut().expect("started above")
        }))
    }

    /// The register's files at `commit` that `wanted` keeps (paths relative to the register
    /// folder, with their blob ids), from the register's trees, read through the batch reader
    /// (no process per revision). Only the record folders are walked; links and submodules
    /// are skipped. No file when the register folder is not there.
    pub fn files_at(
        &self,
        commit: &str,
        wanted: impl Fn(&str) -> bool,
    ) -> Result<Vec<(String, Oid)>> {
        let root = match self.repo.prefix.trim_end_matches('/') {
            "" => format!("{commit}^{{tree}}"),
            prefix => format!("{commit}:{prefix}"),
        };
        let Some(root) = self.tree(&root)? else {
            return Ok(Vec::new());
        };
        let mut files = Vec::new();
        let mut level: Vec<(String, Rc<Vec<TreeEntry>>)> = vec![(String::new(), root)];
        while !level.is_empty() {
            let mut folders: Vec<(String, Oid)> = Vec::new();
            let mut rel = String::new();
            for (dir, entries) in &level {
                for entry in entries.iter() {
                    rel.clear();
                    rel.push_str(dir);
                    rel.push_str(&entry.name);
                    match entry.mode {
                        0o040000 => {
                            let under_kind =
                                !dir.is_empty() || Kind::ALL.iter().any(|k| k.dir() == entry.name);
                            if under_kind {
                                folders.push((format!("{rel}/"), entry.oid));
                            }
                        }
                        0o100644 | 0o100755 | 0o100664 if wanted(&rel) => {
                            files.push((rel.clone(), entry.oid));
                        }
                        _ => {}
                    }
                }
            }
            let trees = self.trees(folders.iter().map(|(_, oid)| *oid))?;
            level = folders.into_iter().map(|(dir, _)| dir).zip(trees).collect();
        }
        Ok(files)
    }

    /// One tree by name (`HEAD:register`), None when there is no such tree.
    fn tree(&self, name: &str) -> Result<Option<Rc<Vec<TreeEntry>>>> {
        let object = self.batch()?.object(name)?;
        Ok(match object {
            Some(object) if object.kind == "tree" => {
                let entries = Rc::new(parse_tree(&object.bytes, object.oid.len() / 2));
                if let Some(oid) = Oid::of_hex(&object.oid) {
                    self.trees.borrow_mut().insert(oid, entries.clone());
                }
                Some(entries)
            }
            _ => None,
        })
    }

    /// Trees by id, each read once per command.
    fn trees(&self, oids: impl Iterator<Item = Oid>) -> Result<Vec<Rc<Vec<TreeEntry>>>> {
        let oids: Vec<Oid> = oids.collect();
        let unknown: Vec<Oid> = {
            let known = self.trees.borrow();
            let mut seen = std::collections::HashSet::new();
            oids.iter()
                .copied()
                .filter(|oid| !known.contains_key(oid) && seen.insert(*oid))
                .collect()
        };
        let names: Vec<String> = unknown.iter().map(Oid::hex).collect();
        let objects = self.batch()?.objects(names.iter().map(String::as_str))?;
        {
            let mut known = self.trees.borrow_mut();
            for (oid, object) in unknown.iter().zip(objects) {
                let entries = match object {
                    Some(object) if object.kind == "tree" => {
                        parse_tree(&object.bytes, object.oid.len() / 2)
                    }
                    _ => Vec::new(),
                };
                known.insert(*oid, Rc::new(entries));
            }
        }
        let known = self.trees.borrow();
        Ok(oids.iter().map(|oid| known[oid].clone()).collect())
    }

    /// The register as it was at `commit`, its files named as in a checkout of it (under
    /// `display_root`), so every command prints what it would print there.
    pub fn load(&self, display_root: &str, commit: &str, kinds: &[Kind]) -> Result<Snapshot> {
        let entries = self.files_at(commit, |rel| {
            rel == SETTINGS_FILE || kind_of(rel).is_some_and(|k| kinds.contains(&k))
        })?;
        let names: Vec<String> = entries.iter().map(|(_, oid)| oid.hex()).collect();
        let blobs = self.batch()?.read_many(names.iter().map(String::as_str))?;
        let files = entries.into_iter().map(|(rel, _)| rel).zip(blobs).collect();
        snapshot_of(display_root, files, kinds)
    }

    /// The change of `commit` that `added` continues: a file of the same kind the same commit
    /// removed, with the same content or the same title (a `renumber`, or a move). None when
    /// `added` is a new record.
    fn renamed_from<'c>(&self, commit: &'c Commit, added: &Raw) -> Result<Option<&'c Raw>> {
        let kind = kind_of(&added.to);
        let removed: Vec<&Raw> = commit
            .changes
            .iter()
            .filter(|c| c.status == 'D' && c.old.is_some() && kind_of(&c.from) == kind)
            .collect();
        if removed.is_empty() || kind.is_none() {
            return Ok(None);
        }
        if let Some(same) = removed.iter().find(|c| c.old == added.new) {
            return Ok(Some(same));
        }
        let Some(new) = &added.new else {
            return Ok(None);
        };
        let mut batch = self.batch()?;
        let Some(mine) = title(&batch.read(new)?) else {
            return Ok(None);
        };
        let theirs = batch.read_many(removed.iter().filter_map(|c| c.old.as_deref()))?;
        Ok(removed
            .into_iter()
            .zip(theirs)
            .find(|(_, bytes)| title(bytes).as_deref() == Some(mine.as_str()))
            .map(|(c, _)| c))
    }

    /// For the risk files of `head` that are not where they were at `base` (both commits, `base`
    /// on the first-parent line of `head`): the file each had at `base`, following renames and
    /// `renumber` commit by commit as `risk history` does, or None for a risk added since
    /// (even under a file name another risk had). A file not in the map was not moved. None
    /// when `base` is not on the first-parent line of `head`.
    pub fn risk_origins(
        &self,
        base: &str,
        head: &str,
    ) -> Result<Option<HashMap<String, Option<String>>>> {
        let commits = self.log_from(base, head)?;
        let Some(at) = commits.iter().rposition(|c| c.id == base) else {
            return Ok(None);
        };
        let mut origin: HashMap<String, Option<String>> = HashMap::new();
        for commit in &commits[at + 1..] {
            let risk = |rel: &str| kind_of(rel) == Some(Kind::Risk);
            let mut moves: Vec<(String, Option<String>)> = Vec::new();
            let mut used: Vec<String> = Vec::new();
            for change in commit
                .changes
                .iter()
                .filter(|c| c.status == 'A' && risk(&c.to))
            {
                let from = self
                    .renamed_from(commit, change)?
                    .filter(|c| !used.contains(&c.from))
                    .map(|c| c.from.clone());
                if let Some(from) = &from {
                    used.push(from.clone());
                }
                moves.push((change.to.clone(), from));
            }
            let gone: Vec<String> = commit
                .changes
                .iter()
                .filter(|c| c.status == 'D' && risk(&c.from))
                .map(|c| c.from.clone())
                .collect();
            let mut was: HashMap<String, Option<String>> = HashMap::new();
            for from in &gone {
                let before = origin.remove(from).unwrap_or_else(|| Some(from.clone()));
                was.insert(from.clone(), before);
            }
            for (to, from) in moves {
                let before = from.and_then(|f| was.get(&f).cloned().flatten());
                origin.insert(to, before);
            }
        }
        Ok(Some(origin))
    }
}

/// A log read: (the whole history of its newest commit, or only from a base on; whether it
/// carries the changes; the commits, oldest first).
type LogRead = (bool, bool, Rc<Vec<Commit>>);

/// A first-parent history, oldest first: a whole log read, or the part of it up to a commit.
#[derive(Clone)]
pub struct Log {
    all: Rc<Vec<Commit>>,
    start: usize,
    len: usize,
}

impl std::ops::Deref for Log {
    type Target = [Commit];
    fn deref(&self) -> &[Commit] {
        &self.all[self.start..self.len]
    }
}

/// An object id (SHA-1 or SHA-256), compact: trees of 10,000 files are compared by it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Oid {
    bytes: [u8; 32],
    len: u8,
}

impl Oid {
    fn of_bytes(raw: &[u8]) -> Oid {
        let mut bytes = [0; 32];
        let len = raw.len().min(32);
        bytes[..len].copy_from_slice(&raw[..len]);
        Oid {
            bytes,
            len: len as u8,
        }
    }

    fn of_hex(hex: &str) -> Option<Oid> {
        let raw: Option<Vec<u8>> = (0..hex.len() / 2)
            .map(|i| u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok())
            .collect();
        Some(Oid::of_bytes(&raw?))
    }

    /// The id in hex, as git names it.
    pub fn hex(&self) -> String {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut out = String::with_capacity(2 * self.len as usize);
        for b in &self.bytes[..self.len as usize] {
            out.push(DIGITS[(b >> 4) as usize] as char);
            out.push(DIGITS[(b & 15) as usize] as char);
        }
        out
    }
}

/// One entry of a tree object.
#[derive(Clone, Debug)]
struct TreeEntry {
    mode: u32,
    name: String,
    oid: Oid,
}

/// The entries of a tree object: `<octal mode> <name>\0<binary id>` each.
fn parse_tree(bytes: &[u8], id_len: usize) -> Vec<TreeEntry> {
    let mut entries = Vec::new();
    let mut rest = bytes;
    while let Some(space) = rest.iter().position(|b| *b == b' ') {
        let Some(nul) = rest[space..]
            .iter()
            .position(|b| *b == 0)
            .map(|n| n + space)
        else {
            break;
        };
        if rest.len() < nul + 1 + id_len || id_len == 0 {
            break;
        }
        let mode = std::str::from_utf8(&rest[..space])
            .ok()
            .and_then(|m| u32::from_str_radix(m, 8).ok())
            .unwrap_or(0);
        let name = String::from_utf8_lossy(&rest[space + 1..nul]).into_owned();
        let oid = Oid::of_bytes(&rest[nul + 1..nul + 1 + id_len]);
        entries.push(TreeEntry { mode, name, oid });
        rest = &rest[nul + 1 + id_len..];
    }
    entries
}

impl Source {
    /// Every state of record `id` along the first-parent history of `head`, oldest first,
    /// from the one `git log` of the command (with changes) and its blobs through the batch
    /// reader. The record is followed back through renames (`renumber`): a commit that adds
    /// its file and removes one of the same kind with the same content or title. Commits that
    /// changed the settings while it lived are states too.
    pub fn record_states(&self, head: &str, id: &Id) -> Result<Vec<State>> {
        let kind = id.kind().context("not a record id")?;
        let commits = self.log(head)?;
        let named = |rel: &str| {
            kind_of(rel) == Some(kind)
                && Path::new(rel).file_stem().and_then(|s| s.to_str()) == Some(id.as_str())
        };
        // Newest first while walking: (commit, file after it or None when removed, blob).
        let mut steps: Vec<(usize, Option<String>, Option<String>)> = Vec::new();
        let mut path: Option<String> = None;
        let mut born: Option<usize> = None;
        let mut until: Option<usize> = None;
        for index in (0..commits.len()).rev() {
            let commit = &commits[index];
            let change = match &path {
                None => commit.changes.iter().find(|c| named(&c.to)),
                Some(p) => commit.changes.iter().find(|c| &c.to == p),
            };
            let Some(change) = change else { continue };
            if path.is_none() && change.status == 'D' {
                until = Some(index);
            }
            match change.status {
                'D' => {
                    steps.push((index, None, None));
                    path = Some(change.from.clone());
                }
                'A' => {
                    steps.push((index, Some(change.to.clone()), change.new.clone()));
                    match self.renamed_from(commit, change)? {
                        Some(before) => path = Some(before.from.clone()),
                        None => {
                            born = Some(index);
                            break;
                        }
                    }
                }
                _ => {
                    steps.push((index, Some(change.to.clone()), change.new.clone()));
                    path = Some(change.to.clone());
                }
            }
        }
        if steps.is_empty() {
            return Err(Error::usage(format!(
                "{id}: no commit of {head} ever had this record in {}",
                if self.repo.prefix.is_empty() {
                    "the register".to_string()
                } else {
                    self.repo.prefix.trim_end_matches('/').to_string()
                }
            ))
            .into());
        }
        let shallow = self.shallow()?;
        match born {
            Some(index) if !shallow.contains(&commits[index].id) => {}
            None if shallow.is_empty() => {}
            _ => {
                let first = commits.first().context("no commits")?;
                return Err(self.shallow_error(first, &format!("the history of {id} before it")));
            }
        }
        steps.reverse();
        let born = born.unwrap_or(0);
        let end = until.unwrap_or(commits.len() - 1);
        // The settings blob after each commit, and the commits in the record's life that
        // changed it.
        let mut settings_blob: Option<String> = None;
        let mut settings_at: Vec<Option<String>> = Vec::with_capacity(commits.len());
        let mut settings_changed = Vec::new();
        for (index, commit) in commits.iter().enumerate() {
            for change in &commit.changes {
                if change.to == SETTINGS_FILE {
                    settings_blob = change.new.clone();
                    if index > born && index <= end {
                        settings_changed.push(index);
                    }
                }
            }
            settings_at.push(settings_blob.clone());
        }
        let mut all: Vec<(usize, Option<String>, Option<String>)> = Vec::new();
        let mut next = steps.into_iter().peekable();
        let mut current: (Option<String>, Option<String>) = (None, None);
        for index in born..=end {
            if let Some((_, file, blob)) = next.next_if(|(i, _, _)| *i == index) {
                current = (file.clone(), blob.clone());
                all.push((index, file, blob));
            } else if settings_changed.contains(&index) {
                all.push((index, current.0.clone(), current.1.clone()));
            }
        }
        // One batch read of every blob the states name.
        let mut wanted: Vec<&str> = Vec::new();
        for (index, _, blob) in &all {
            wanted.extend(blob.as_deref());
            wanted.extend(settings_at[*index].as_deref());
        }
        wanted.sort_unstable();
        wanted.dedup();
        let blobs = self.batch()?.read_many(wanted.iter().copied())?;
        let blob = |oid: &str| wanted.binary_search(&oid).ok().map(|i| &blobs[i]);
        let mut settings_cache: Vec<(Option<String>, Rc<Settings>)> = Vec::new();
        let mut states = Vec::with_capacity(all.len());
        for (index, file, record_blob) in &all {
            let settings_oid = settings_at[*index].clone();
            let settings = match settings_cache.iter().find(|(o, _)| *o == settings_oid) {
                Some((_, s)) => s.clone(),
                None => {
                    let parsed = settings_oid
                        .as_deref()
                        .and_then(blob)
                        .and_then(|bytes| parse_settings(SETTINGS_FILE, bytes).ok())
                        .map(|(s, _)| s)
                        .unwrap_or_default();
                    let parsed = Rc::new(parsed);
                    settings_cache.push((settings_oid, parsed.clone()));
                    parsed
                }
            };
            let record = match (file, record_blob.as_deref().and_then(blob)) {
                (Some(rel), Some(bytes)) => match kind {
                    Kind::Risk => parse_one::<Risk>(rel, bytes, &settings).map(Version::Risk),
                    Kind::Incident => {
                        parse_one::<Incident>(rel, bytes, &settings).map(Version::Incident)
                    }
                    Kind::Claim => parse_one::<Claim>(rel, bytes, &settings).map(Version::Claim),
                    // Refused before the log is read (`cli::history`).
                    Kind::Swot | Kind::Pestle => None,
                },
                _ => None,
            };
            let commit = &commits[*index];
            states.push(State {
                made: Made {
                    commit: commit.id.clone(),
                    date: commit.date.clone(),
                    author: commit.author.clone(),
                    email: commit.email.clone(),
                    subject: commit.subject.clone(),
                },
                file: file.clone(),
                record,
                settings,
            });
        }
        Ok(states)
    }
}

impl Source {
    /// The register's risks and settings as committed on the last of `commits` (the
    /// first-parent history from [`Source::log`], oldest first) made on or before each of
    /// `ends` (ascending); None before the first commit. Each of those commits' trees is read
    /// through the batch reader (a folder unchanged since the period before is not read
    /// again), each risk blob is read and parsed once, however many periods hold it, and only
    /// checked again against the settings of each period.
    pub fn states_at(&self, commits: &[Commit], ends: &[NaiveDate]) -> Result<Vec<Option<Period>>> {
        let shallow = self.shallow()?;
        if let (Some(first), Some(end)) = (commits.first(), ends.first())
            && shallow.contains(&first.id)
            && first.day().is_some_and(|day| day > *end)
        {
            return Err(self.shallow_error(first, &format!("the register on {end}")));
        }
        let days: Vec<Option<NaiveDate>> = commits.iter().map(Commit::day).collect();
        // Per end: the commit, and its settings and risk files with their blobs.
        let mut picked: Vec<Option<usize>> = Vec::with_capacity(ends.len());
        let mut at_commit: HashMap<usize, Vec<(String, Oid)>> = HashMap::new();
        for end in ends {
            let at = days.iter().rposition(|day| day.is_some_and(|d| d <= *end));
            if let Some(at) = at
                && !at_commit.contains_key(&at)
            {
                let files = self.files_at(&commits[at].id, |rel| {
                    rel == SETTINGS_FILE || kind_of(rel) == Some(Kind::Risk)
                })?;
                at_commit.insert(at, files);
            }
            picked.push(at);
        }
        // Every blob once, in one batch read.
        let mut wanted: Vec<Oid> = at_commit
            .values()
            .flat_map(|files| files.iter().map(|(_, oid)| *oid))
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        let index: HashMap<Oid, usize> = wanted.iter().enumerate().map(|(i, o)| (*o, i)).collect();
        let names: Vec<String> = wanted.iter().map(Oid::hex).collect();
        let blobs = self.batch()?.read_many(names.iter().map(String::as_str))?;
        // Each risk parsed once (the settings only decide whether it is valid), in parallel.
        let settings_blobs: std::collections::HashSet<usize> = at_commit
            .values()
            .flat_map(|files| files.iter())
            .filter(|(rel, _)| rel == SETTINGS_FILE)
            .map(|(_, oid)| index[oid])
            .collect();
        let parsed: Vec<Option<Rc<Risk>>> = {
            use rayon::prelude::*;
            let risks: Vec<Option<Risk>> = blobs
                .par_iter()
                .enumerate()
                .map(|(i, bytes)| {
                    (!settings_blobs.contains(&i))
                        .then(|| parse_risk(bytes))
                        .flatten()
                })
                .collect();
            risks.into_iter().map(|r| r.map(Rc::new)).collect()
        };
        // Per settings file: its settings, and whether each blob is valid under them
        // (0 not asked yet, 1 valid, 2 not).
        let mut settings_cache: HashMap<Option<usize>, (Rc<Settings>, Vec<u8>)> = HashMap::new();
        let mut out = Vec::with_capacity(picked.len());
        for at in picked {
            let Some(at) = at else {
                out.push(None);
                continue;
            };
            let files = &at_commit[&at];
            let settings_oid = files
                .iter()
                .find(|(rel, _)| rel == SETTINGS_FILE)
                .map(|(_, oid)| index[oid]);
            let (settings, valid) = settings_cache.entry(settings_oid).or_insert_with(|| {
                let settings = settings_oid
                    .and_then(|i| parse_settings(SETTINGS_FILE, &blobs[i]).ok())
                    .map(|(s, _)| s)
                    .unwrap_or_default();
                (Rc::new(settings), vec![0; wanted.len()])
            });
            let mut loaded = Vec::with_capacity(files.len());
            let mut broken = 0;
            for (_, oid) in files.iter().filter(|(rel, _)| rel != SETTINGS_FILE) {
                let i = index[oid];
                let Some(risk) = &parsed[i] else {
                    broken += 1;
                    continue;
                };
                if valid[i] == 0 {
                    valid[i] = if risk.validate(settings).is_empty() {
                        1
                    } else {
                        2
                    };
                }
                match valid[i] {
                    1 => loaded.push(risk.clone()),
                    _ => broken += 1,
                }
            }
            let commit = &commits[at];
            out.push(Some(Period {
                commit: commit.id.clone(),
                date: commit.date.clone(),
                settings: settings.clone(),
                risks: loaded,
                broken,
            }));
        }
        Ok(out)
    }
}

/// A risk as loading reads it, before the settings check it; None when it does not parse.
fn parse_risk(bytes: &[u8]) -> Option<Risk> {
    if bytes.len() as u64 > load::MAX_RECORD_BYTES {
        return None;
    }
    let text = load::decode_owned(bytes.to_vec()).ok()?;
    if load::is_blank(&text) {
        return None;
    }
    crate::codec::read::<Risk>(&text).ok().map(|(risk, _)| risk)
}

/// The `title:` of a record's text, to tell a renumbered record from another one.
fn title(bytes: &[u8]) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Titled {
        title: Option<String>,
    }
    let text = std::str::from_utf8(bytes).ok()?;
    crate::codec::parse::<Titled>(text).ok()?.title
}

/// `REV@{YYYY-MM-DD}` split into the revision (maybe empty) and the day.
fn dated(rev: &str) -> Option<(&str, NaiveDate)> {
    let inner = rev.strip_suffix('}')?;
    let (base, day) = inner.rsplit_once("@{")?;
    let day = NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d").ok()?;
    Some((base, day))
}

/// Builds a snapshot from the register's files (path relative to the register, bytes), as
/// loading a folder does; files are shown as `display_root/rel`.
pub fn snapshot_of(
    display_root: &str,
    mut files: Vec<(String, Vec<u8>)>,
    kinds: &[Kind],
) -> Result<Snapshot> {
    let mut settings = Settings::default();
    let mut settings_text = String::new();
    if let Some(at) = files.iter().position(|(rel, _)| rel == SETTINGS_FILE) {
        let (_, bytes) = files.swap_remove(at);
        (settings, settings_text) =
            parse_settings(&format!("{display_root}/{SETTINGS_FILE}"), &bytes)?;
    }
    let mut records = Vec::new();
    for (rel, bytes) in files {
        let Some(kind) = kind_of(&rel) else { continue };
        if !kinds.contains(&kind) {
            continue;
        }
        let rel = PathBuf::from(rel);
        let id = rel
            .file_stem()
            .and_then(|s| s.to_str())
            .and_then(|s| Id::parse(s).ok());
        let file = format!("{display_root}/{}", rel.display());
        records.push((RecordFile::new(kind, id, file, rel), bytes));
    }
    let order = |k: Kind| Kind::ALL.iter().position(|x| *x == k);
    records.sort_by(|(a, _), (b, _)| (order(a.kind), &a.rel()).cmp(&(order(b.kind), &b.rel())));
    let mut snapshot = Snapshot::new(display_root, settings, settings_text);
    for kind in kinds {
        let max = records
            .iter()
            .filter_map(|(f, _)| f.id.as_ref().filter(|_| f.kind == *kind))
            .filter(|id| id.kind() == Some(*kind))
            .map(Id::number)
            .max()
            .unwrap_or(0);
        snapshot.max_numbers.push((*kind, max));
    }
    snapshot.risks = parse_all::<Risk>(&mut snapshot, &records);
    snapshot.incidents = parse_all::<Incident>(&mut snapshot, &records);
    snapshot.claims = parse_all::<Claim>(&mut snapshot, &records);
    snapshot.swots = parse_all::<Swot>(&mut snapshot, &records);
    snapshot.pestles = parse_all::<Pestle>(&mut snapshot, &records);
    snapshot.files = records.into_iter().map(|(f, _)| f).collect();
    load::find_duplicates(&mut snapshot);
    snapshot
        .problems
        .sort_by(|a, b| (&a.at.file, a.at.line).cmp(&(&b.at.file, b.at.line)));
    Ok(snapshot)
}

/// The kind of record a register path holds, if it is a record.
pub fn kind_of(rel: &str) -> Option<Kind> {
    if !is_register_file(rel) || rel == SETTINGS_FILE {
        return None;
    }
    Kind::of_path(rel)
}

/// Parses one record of kind `T` from a blob, as loading does; None when it does not load
/// (broken, or invalid under `settings`).
pub fn parse_one<T: Loadable>(rel: &str, bytes: &[u8], settings: &Settings) -> Option<T> {
    let rel = PathBuf::from(rel);
    let file = RecordFile::new(
        T::KIND,
        rel.file_stem()
            .and_then(|s| s.to_str())
            .and_then(|s| Id::parse(s).ok()),
        rel.display().to_string(),
        rel,
    );
    load::parse_record::<T>(&file, bytes.to_vec(), settings)
        .record
        .map(|r| r.value)
}

/// Parses `git log --raw -z` output in the format [`Source::log`] asks for.
fn parse_log(out: &[u8]) -> Vec<Commit> {
    // A subject holding the separator byte would split a commit: such pieces are joined back.
    let mut chunks: Vec<Vec<u8>> = Vec::new();
    for piece in out.split(|b| *b == 1) {
        let hex = piece.iter().take_while(|b| b.is_ascii_hexdigit()).count();
        let starts_commit = (hex == 40 || hex == 64) && piece.get(hex) == Some(&0x1f);
        match chunks.last_mut() {
            Some(last) if !starts_commit => {
                last.push(1);
                last.extend_from_slice(piece);
            }
            _ if piece.is_empty() => {}
            _ => chunks.push(piece.to_vec()),
        }
    }
    let mut commits = Vec::with_capacity(chunks.len());
    for chunk in chunks {
        let (header, rest) = match chunk.iter().position(|b| *b == 0) {
            Some(at) => (&chunk[..at], &chunk[at + 1..]),
            None => (&chunk[..], &[][..]),
        };
        let header = String::from_utf8_lossy(header);
        let mut fields = header.splitn(5, '\x1f');
        let mut next = || {
            fields
                .next()
                .unwrap_or_default()
                .trim_end_matches('\n')
                .to_string()
        };
        let mut commit = Commit {
            id: next(),
            date: next(),
            author: next(),
            email: next(),
            subject: next(),
            changes: Vec::new(),
        };
        let mut tokens = rest
            .split(|b| *b == 0)
            .map(|t| String::from_utf8_lossy(t).into_owned());
        while let Some(token) = tokens.next() {
            let token = token.trim_start_matches('\n');
            let Some(meta) = token.strip_prefix(':') else {
                continue;
            };
            let parts: Vec<&str> = meta.split(' ').collect();
            if parts.len() < 5 {
                continue;
            }
            let status = parts[4].chars().next().unwrap_or('M');
            let oid = |s: &str| (!s.bytes().all(|b| b == b'0')).then(|| s.to_string());
            let (mode_old, mode_new) = (parts[0], parts[1]);
            let mut old = oid(parts[2]).filter(|_| mode_old.starts_with("100"));
            let mut new = oid(parts[3]).filter(|_| mode_new.starts_with("100"));
            let from = tokens.next().unwrap_or_default();
            let to = if matches!(status, 'R' | 'C') {
                tokens.next().unwrap_or_default()
            } else {
                from.clone()
            };
            if status == 'A' {
                old = None;
            }
            if status == 'D' {
                new = None;
            }
            let (keep_from, keep_to) = (is_register_file(&from), is_register_file(&to));
            if !keep_from && !keep_to {
                continue;
            }
            // A rename across the edge of what the register reads is a delete or an add.
            let raw = match (keep_from, keep_to) {
                (true, false) => Raw {
                    status: 'D',
                    old,
                    new: None,
                    to: from.clone(),
                    from,
                },
                (false, true) => Raw {
                    status: 'A',
                    old: None,
                    new,
                    from: to.clone(),
                    to,
                },
                _ => Raw {
                    status,
                    old,
                    new,
                    from,
                    to,
                },
            };
            commit.changes.push(raw);
        }
        commits.push(commit);
    }
    commits
}

/// One `git cat-file --batch`, asked for objects as the command needs them.
pub struct Batch {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
}

/// An object the batch reader gave: its id, kind (`blob`, `tree`, …) and bytes.
pub struct Object {
    pub oid: String,
    pub kind: String,
    pub bytes: Vec<u8>,
}

impl Batch {
    fn start(top: &Path) -> Result<Batch> {
        let mut command = git(top);
        command.args(["cat-file", "--batch"]).stdin(Stdio::piped());
        let mut child = command
            .spawn()
            .context("cannot run `git cat-file`; is git installed?")?;
        let stdin = child.stdin.take();
        let stdout = BufReader::new(child.stdout.take().context("git cat-file: no output")?);
        Ok(Batch {
            child,
            stdin,
            stdout,
        })
    }

    /// One blob (git flushes each answer, so a request can wait for its answer).
    pub fn read(&mut self, oid: &str) -> Result<Vec<u8>> {
        blob(self.object(oid)?, oid)
    }

    /// Many blobs, in the order asked.
    pub fn read_many<'a>(&mut self, oids: impl Iterator<Item = &'a str>) -> Result<Vec<Vec<u8>>> {
        let oids: Vec<&str> = oids.collect();
        let objects = self.objects(oids.iter().copied())?;
        oids.into_iter()
            .zip(objects)
            .map(|(oid, object)| blob(object, oid))
            .collect()
    }

    /// One object by name (an id, `HEAD:register`), None when there is none.
    pub fn object(&mut self, name: &str) -> Result<Option<Object>> {
        Ok(self.objects(std::iter::once(name))?.pop().flatten())
    }

    /// Many objects by name, in the order asked, None for each that does not exist; the
    /// requests are written from another thread, since git answers while it reads and both
    /// pipes are bounded.
    pub fn objects<'a>(
        &mut self,
        names: impl Iterator<Item = &'a str>,
    ) -> Result<Vec<Option<Object>>> {
        let names: Vec<&str> = names.collect();
        if names.is_empty() {
            return Ok(Vec::new());
        }
        if let Some(name) = names.iter().find(|n| n.contains('\n')) {
            bail!(
                "git cat-file: `{}` cannot be asked for",
                name.escape_debug()
            );
        }
        let request: String = names.iter().map(|name| format!("{name}\n")).collect();
        let stdin = self.stdin.as_mut().context("git cat-file: closed")?;
        let stdout = &mut self.stdout;
        std::thread::scope(|scope| {
            let writer = scope.spawn(move || {
                stdin.write_all(request.as_bytes())?;
                stdin.flush()
            });
            let mut objects = Vec::with_capacity(names.len());
            for name in &names {
                objects.push(answer(stdout, name)?);
            }
            writer
                .join()
                .map_err(|_| anyhow::anyhow!("git cat-file: the writer failed"))??;
            Ok(objects)
        })
    }
}

/// The bytes of a blob the batch reader gave.
fn blob(object: Option<Object>, oid: &str) -> Result<Vec<u8>> {
    match object {
        Some(object) if object.kind == "blob" => Ok(object.bytes),
        Some(object) => bail!("git cat-file: {oid} is a {}, not a file", object.kind),
        None => bail!("git cat-file: {oid} is missing from the repository"),
    }
}

fn answer(reader: &mut BufReader<ChildStdout>, name: &str) -> Result<Option<Object>> {
    let mut header = String::new();
    reader.read_line(&mut header)?;
    let header = header.trim_end_matches('\n');
    if header.ends_with(" missing") {
        return Ok(None);
    }
    let mut parts = header.split(' ');
    let (oid, kind, size) = (parts.next(), parts.next(), parts.next());
    let (Some(oid), Some(kind), Some(size)) = (oid, kind, size.and_then(|s| s.parse().ok())) else {
        bail!("git cat-file: unexpected answer `{header}` for {name}");
    };
    let size: usize = size;
    let mut bytes = vec![0; size + 1];
    reader.read_exact(&mut bytes)?;
    bytes.pop(); // the newline after each object
    Ok(Some(Object {
        oid: oid.to_string(),
        kind: kind.to_string(),
        bytes,
    }))
}

impl Drop for Batch {
    fn drop(&mut self) {
        drop(self.stdin.take());
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dated_revisions_split_into_revision_and_day() {
        let day = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
        assert_eq!(dated("@{2026-06-30}"), Some(("", day)));
        assert_eq!(dated("main@{2026-06-30}"), Some(("main", day)));
        assert_eq!(dated("main@{yesterday}"), None);
        assert_eq!(dated("HEAD~2"), None);
    }

    #[test]
    fn the_log_is_parsed_with_renames_and_subjects_holding_separators() {
        let a = "a".repeat(40);
        let b = "b".repeat(40);
        let out = format!(
            "\x01{a}\x1f2026-07-01T10:00:00+02:00\x1fAnn\x1fann@x\x1fraise \x01 it\0\n\
             :100644 100644 {a} {b} R090\0risks/RISK-0001.yaml\0risks/RISK-0002.yaml\0\
             :100644 100644 {a} {b} M\0notes.txt\0\
             \x01{b}\x1f2026-06-01T10:00:00+00:00\x1fBob\x1fbob@x\x1ffirst\0\n\
             :000000 100644 {z} {a} A\0register.yaml\0",
            z = "0".repeat(40)
        );
        let commits = parse_log(out.as_bytes());
        assert_eq!(commits.len(), 2);
        assert_eq!(commits[0].subject, "raise \x01 it");
        assert_eq!(commits[0].changes.len(), 1);
        let raw = &commits[0].changes[0];
        assert_eq!(
            (raw.status, raw.from.as_str()),
            ('R', "risks/RISK-0001.yaml")
        );
        assert_eq!(raw.to, "risks/RISK-0002.yaml");
        assert_eq!(commits[1].changes[0].old, None);
        assert_eq!(commits[1].day(), NaiveDate::from_ymd_opt(2026, 6, 1));
    }
}
